/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The schema version 1 of the store created, word for word, so that tests
 * can make the database an older Unscroll left behind. /store/migrate/
 * v1-schema (test-store.c) checks that this copy still matches what the
 * store creates. */
#pragma once

static const char v1_schema[] =
  "CREATE TABLE spans ("
  "  id INTEGER PRIMARY KEY,"
  "  start_us INTEGER NOT NULL,"
  "  end_us INTEGER NOT NULL CHECK (end_us > start_us),"
  "  day TEXT NOT NULL CHECK (length (day) = 10),"
  "  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),"
  "  subject TEXT NOT NULL,"
  "  service TEXT NOT NULL DEFAULT '',"
  "  category TEXT NOT NULL"
  ");"
  "CREATE INDEX spans_day_start ON spans (day, start_us);"
  "CREATE TABLE day_totals ("
  "  day TEXT NOT NULL,"
  "  kind INTEGER NOT NULL CHECK (kind IN (0, 1)),"
  "  subject TEXT NOT NULL,"
  "  service TEXT NOT NULL DEFAULT '',"
  "  category TEXT NOT NULL,"
  "  usec INTEGER NOT NULL,"
  "  PRIMARY KEY (day, kind, subject, service, category)"
  ") WITHOUT ROWID;"
  "CREATE TABLE user_services ("
  "  id TEXT PRIMARY KEY NOT NULL,"
  "  name TEXT NOT NULL,"
  "  category TEXT NOT NULL"
  ");"
  "CREATE TABLE user_service_matches ("
  "  service_id TEXT NOT NULL REFERENCES user_services (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL CHECK (kind IN ('app', 'domain')),"
  "  value TEXT NOT NULL"
  ");"
  "CREATE INDEX user_service_matches_service ON user_service_matches (service_id);";
