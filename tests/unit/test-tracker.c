/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the tracking policy on a test clock with a real store and the
 * shipped catalog: exact totals for focus, idle, lock, sleep, pause, tabs,
 * day boundaries and clock jumps. */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "uns-day.h"
#include "uns-error.h"
#include "uns-test-rm-rf.h"
#include "uns-tracker.h"

#define MIN_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

typedef struct
{
  char       *dir;
  GTimeZone  *tz;
  UnsClock   *clock;
  UnsStore   *store;
  UnsCatalog *catalog;
  UnsTracker *tracker;
} Fixture;

/* 2026-11-23 10:00 in Berlin (UTC+1). */
static gint64
berlin (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
fixture_setup_at (Fixture *f, gint64 start)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  f->dir = g_dir_make_tmp ("unscroll-tracker-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "unscroll", "unscroll.db", NULL);
  f->store = uns_store_new (db, &error);
  g_assert_no_error (error);
  f->catalog = uns_catalog_new_from_file (g_getenv ("UNSCROLL_CATALOG"), &error);
  g_assert_no_error (error);
  f->tz = g_time_zone_new_identifier ("Europe/Berlin");
  f->clock = uns_clock_new_for_test (start);
  f->tracker = uns_tracker_new (f->clock, f->store, f->catalog);
  uns_tracker_set_day_rules (f->tracker, f->tz, UNS_DAY_BOUNDARY_DEFAULT);
  uns_tracker_set_checkpoint_interval (f->tracker, 60);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  fixture_setup_at (f, berlin (2026, 11, 23, 10, 0));
}

static void
fixture_setup_late (Fixture *f, gconstpointer data)
{
  fixture_setup_at (f, berlin (2026, 11, 23, 3, 50));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->tracker);
  g_clear_object (&f->store);
  g_clear_object (&f->catalog);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->tz, g_time_zone_unref);
  uns_test_rm_rf (f->dir);
  g_free (f->dir);
}

static void
advance_min (Fixture *f, double minutes)
{
  uns_clock_advance (f->clock, (gint64) (minutes * MIN_US));
}

/* Seconds recorded under @key, grouped by @group_by, on @day (NULL: today),
 * after saving everything. */
static gint64
seconds_on (Fixture *f, UnsGroupBy group_by, const char *key, const GDate *day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GDate today;

  g_assert_true (uns_tracker_flush (f->tracker, &error));
  g_assert_no_error (error);
  if (day == NULL)
    {
      uns_day_of_instant (f->tz, UNS_DAY_BOUNDARY_DEFAULT, uns_clock_get_wall_usec (f->clock), &today);
      day = &today;
    }
  rows = uns_store_summary (f->store, day, day, group_by, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      UnsSummaryRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->key, key) == 0)
        return row->usec / G_USEC_PER_SEC;
    }
  return 0;
}

static void
test_focus_switches (Fixture *f, gconstpointer data)
{
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  g_assert_cmpint (uns_tracker_get_state (f->tracker), ==, UNS_STATE_TRACKING);
  advance_min (f, 10);
  uns_tracker_report_focus (f->tracker, "", "TelegramDesktop", "test");
  advance_min (f, 5);
  uns_tracker_report_focus (f->tracker, "org.gnome.Nautilus", "", "test");
  advance_min (f, 3);
  uns_tracker_report_focus (f->tracker, "", "", "test");
  g_assert_cmpint (uns_tracker_get_state (f->tracker), ==, UNS_STATE_NONE);
  advance_min (f, 7);

  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "discord", NULL), ==, 600);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "telegram", NULL), ==, 300);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_APP, "org.gnome.Nautilus", NULL), ==, 180);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_CATEGORY, "other", NULL), ==, 180);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_CATEGORY, "messaging", NULL), ==, 900);
}

/* Idle detected after checkpoints already saved the idle minutes: they are
 * taken back out, so the time ends where input stopped. */
static void
test_idle_cut_back (Fixture *f, gconstpointer data)
{
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 12);
  uns_tracker_set_idle (f->tracker, TRUE, 5 * MIN_US);
  g_assert_cmpint (uns_tracker_get_state (f->tracker), ==, UNS_STATE_IDLE);
  advance_min (f, 30);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "discord", NULL), ==, 7 * 60);

  uns_tracker_set_idle (f->tracker, FALSE, 0);
  advance_min (f, 2);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "discord", NULL), ==, 9 * 60);
}

static void
test_lock_sleep_pause (Fixture *f, gconstpointer data)
{
  uns_tracker_report_focus (f->tracker, "org.telegram.desktop", "", "test");
  advance_min (f, 4);
  uns_tracker_set_locked (f->tracker, TRUE);
  g_assert_cmpint (uns_tracker_get_state (f->tracker), ==, UNS_STATE_LOCKED);
  advance_min (f, 20);
  uns_tracker_set_locked (f->tracker, FALSE);
  advance_min (f, 1);
  uns_tracker_set_asleep (f->tracker, TRUE);
  advance_min (f, 60);
  uns_tracker_set_asleep (f->tracker, FALSE);
  advance_min (f, 2);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "telegram", NULL), ==, 7 * 60);

  uns_tracker_pause (f->tracker, 15 * 60);
  g_assert_cmpint (uns_tracker_get_state (f->tracker), ==, UNS_STATE_PAUSED);
  g_assert_cmpint (uns_tracker_get_paused_until_usec (f->tracker), ==,
                   uns_clock_get_wall_usec (f->clock) + 15 * MIN_US);
  advance_min (f, 20);
  /* The pause ended by itself after 15 minutes: 5 more counted. */
  g_assert_cmpint (uns_tracker_get_state (f->tracker), ==, UNS_STATE_TRACKING);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "telegram", NULL), ==, 12 * 60);

  uns_tracker_pause (f->tracker, 0);
  g_assert_cmpint (uns_tracker_get_paused_until_usec (f->tracker), ==, -1);
  advance_min (f, 600);
  uns_tracker_resume (f->tracker);
  advance_min (f, 1);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "telegram", NULL), ==, 13 * 60);
}

static void
test_browser_and_sites (Fixture *f, gconstpointer data)
{
  /* A tab report while a non-browser has focus changes nothing. */
  uns_tracker_report_focus (f->tracker, "org.gnome.TextEditor", "", "test");
  uns_tracker_report_tab (f->tracker, "ff", "www.instagram.com", TRUE, FALSE, FALSE);
  advance_min (f, 2);
  /* The browser gets focus and its tab is Instagram: the site, not the
   * browser, gets the time. */
  uns_tracker_report_focus (f->tracker, "firefox-esr", "", "test");
  advance_min (f, 5);
  uns_tracker_report_tab (f->tracker, "ff", "m.instagram.com", TRUE, FALSE, FALSE);
  advance_min (f, 1);
  uns_tracker_report_tab (f->tracker, "ff", "docs.python.org", TRUE, FALSE, FALSE);
  advance_min (f, 3);
  uns_tracker_report_tab (f->tracker, "ff", "", TRUE, FALSE, FALSE);
  advance_min (f, 4);
  uns_tracker_report_tab (f->tracker, "ff", "www.reddit.com", TRUE, FALSE, TRUE);
  g_assert_cmpint (uns_tracker_get_state (f->tracker), ==, UNS_STATE_PRIVATE);
  advance_min (f, 9);
  uns_tracker_forget_browser (f->tracker, "ff");
  advance_min (f, 1);

  g_assert_cmpint (seconds_on (f, UNS_GROUP_APP, "org.gnome.TextEditor", NULL), ==, 120);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "instagram", NULL), ==, 6 * 60);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SITE, "instagram.com", NULL), ==, 6 * 60);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SITE, "", NULL), ==, 3 * 60);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SITE, "python.org", NULL), ==, 0);
  /* 4 minutes on a page without a site, 1 after the browser went away. */
  g_assert_cmpint (seconds_on (f, UNS_GROUP_APP, "firefox-esr", NULL), ==, 5 * 60);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "reddit", NULL), ==, 0);
}

static void
test_audible_while_idle (Fixture *f, gconstpointer data)
{
  uns_tracker_report_focus (f->tracker, "chromium", "", "test");
  uns_tracker_report_tab (f->tracker, "cr", "www.youtube.com", TRUE, TRUE, FALSE);
  advance_min (f, 10);
  uns_tracker_set_idle (f->tracker, TRUE, 5 * MIN_US);
  g_assert_cmpint (uns_tracker_get_state (f->tracker), ==, UNS_STATE_TRACKING);
  advance_min (f, 20);
  /* The video ends: time stops now, not when input stopped. */
  uns_tracker_report_tab (f->tracker, "cr", "www.youtube.com", TRUE, FALSE, FALSE);
  g_assert_cmpint (uns_tracker_get_state (f->tracker), ==, UNS_STATE_IDLE);
  advance_min (f, 20);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "youtube", NULL), ==, 30 * 60);
}

static void
test_day_boundary (Fixture *f, gconstpointer data)
{
  GDate before, after;

  uns_tracker_get_today (f->tracker, &before);
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 20);
  uns_tracker_get_today (f->tracker, &after);
  g_assert_cmpint (g_date_days_between (&before, &after), ==, 1);

  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "discord", &before), ==, 10 * 60);
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "discord", &after), ==, 10 * 60);
}

static void
test_wall_clock_jumps (Fixture *f, gconstpointer data)
{
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 10);
  uns_clock_jump_wall (f->clock, uns_clock_get_wall_usec (f->clock) - 60 * MIN_US);
  uns_tracker_wall_clock_changed (f->tracker);
  advance_min (f, 10);
  uns_clock_jump_wall (f->clock, uns_clock_get_wall_usec (f->clock) + 60 * MIN_US);
  advance_min (f, 10);
  /* Noticed only at the next event this time. */
  uns_tracker_report_focus (f->tracker, "", "", "test");
  g_assert_cmpint (seconds_on (f, UNS_GROUP_SERVICE, "discord", NULL), ==, 30 * 60);
}

typedef struct
{
  gint64 usec;
} Unsaved;

static void
count_unsaved_cb (const UnsRecord *record, const GDate *day, gint64 start, gint64 end,
                  gpointer user_data)
{
  ((Unsaved *) user_data)->usec += end - start;
}

/* Between checkpoints the time going on is in memory only, and is offered
 * to summaries; a checkpoint saves it. */
static void
test_unsaved_and_checkpoint (Fixture *f, gconstpointer data)
{
  Unsaved unsaved = { 0 };
  g_autoptr(GPtrArray) rows = NULL;
  GDate today;

  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 0.5);
  uns_tracker_foreach_unsaved (f->tracker, count_unsaved_cb, &unsaved);
  g_assert_cmpint (unsaved.usec, ==, 30 * G_USEC_PER_SEC);

  uns_tracker_get_today (f->tracker, &today);
  rows = uns_store_summary (f->store, &today, &today, UNS_GROUP_SERVICE, NULL);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* The 60 s checkpoint saves without anyone asking. */
  advance_min (f, 0.75);
  unsaved.usec = 0;
  uns_tracker_foreach_unsaved (f->tracker, count_unsaved_cb, &unsaved);
  g_assert_cmpint (unsaved.usec, ==, 15 * G_USEC_PER_SEC);
  rows = uns_store_summary (f->store, &today, &today, UNS_GROUP_SERVICE, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (((UnsSummaryRow *) g_ptr_array_index (rows, 0))->usec, ==, 60 * G_USEC_PER_SEC);
}

/* Seconds of @key (service grouping) in the store itself, without saving
 * anything first: what a reader of the file would see. */
static gint64
stored_seconds (Fixture *f, const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GDate today;

  uns_tracker_get_today (f->tracker, &today);
  rows = uns_store_summary (f->store, &today, &today, UNS_GROUP_SERVICE, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      UnsSummaryRow *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->key, key) == 0)
        return row->usec / G_USEC_PER_SEC;
    }
  return 0;
}

/* A second connection to the tracker's database, as sqlite3 would open it. */
static gint64
db_int (Fixture *f, const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;
  int rc;

  g_assert_cmpint (sqlite3_open_v2 (uns_store_get_path (f->store), &db, SQLITE_OPEN_READWRITE, NULL),
                   ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  else
    g_assert_cmpint (rc, ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
run_main_loop_until_idle (void)
{
  /* Everything pending, low-priority idles included: bounded, since the
   * tracker adds no source that repeats. */
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static const char * const switching_apps[] = {
  "com.discordapp.Discord", "org.telegram.desktop", "com.slack.Slack",
};

/* Group commit: focus changes within one turn of the main loop are written
 * in one transaction, once the loop is idle; not one commit each. */
static void
test_group_commit (Fixture *f, gconstpointer data)
{
  guint64 commits;
  Unsaved unsaved = { 0 };

  /* A checkpointed activity: its last piece must extend the row the
   * checkpoint wrote, however late that piece is committed. */
  uns_tracker_report_focus (f->tracker, switching_apps[0], "", "test");
  advance_min (f, 1.5);
  g_assert_cmpint (stored_seconds (f, "discord"), ==, 60);

  commits = uns_store_get_commit_count (f->store);
  for (guint i = 1; i <= 30; i++)
    {
      uns_tracker_report_focus (f->tracker, switching_apps[i % 3], "", "test");
      advance_min (f, 0.5);  /* under the 60 s checkpoint: only focus changes save */
    }
  /* Nothing was written yet, and nothing is lost: it is all in memory. */
  g_assert_cmpuint (uns_store_get_commit_count (f->store), ==, commits);
  g_assert_cmpint (stored_seconds (f, "discord"), ==, 60);
  uns_tracker_foreach_unsaved (f->tracker, count_unsaved_cb, &unsaved);
  g_assert_cmpint (unsaved.usec, ==, (30 + 30 * 30) * G_USEC_PER_SEC);

  run_main_loop_until_idle ();
  g_assert_cmpuint (uns_store_get_commit_count (f->store), ==, commits + 1);
  /* 30 closed pieces, the open one (Discord, 30 s) still in memory. */
  g_assert_cmpint (stored_seconds (f, "discord"), ==, 90 + 9 * 30);
  g_assert_cmpint (stored_seconds (f, "telegram"), ==, 10 * 30);
  g_assert_cmpint (stored_seconds (f, "slack"), ==, 10 * 30);
  /* One row per stretch: the checkpointed first one was extended. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 30);
  g_assert_cmpint (db_int (f, "SELECT min(end_us - start_us) / 1000000 FROM spans"), ==, 30);
  g_assert_cmpint (db_int (f, "SELECT max(end_us - start_us) / 1000000 FROM spans"), ==, 90);

  /* An idle loop commits nothing more. */
  run_main_loop_until_idle ();
  g_assert_cmpuint (uns_store_get_commit_count (f->store), ==, commits + 1);
}

/* A batch the store refuses keeps every piece in memory, and the next save
 * writes each of them exactly once. */
static void
test_failed_batch_keeps_pieces (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  Unsaved unsaved = { 0 };
  guint64 commits;

  g_assert_cmpint (db_int (f, "CREATE TABLE refuse (x)"), ==, -1);
  g_assert_cmpint (db_int (f, "CREATE TRIGGER refuse_totals BEFORE INSERT ON day_totals"
                              " WHEN EXISTS (SELECT 1 FROM refuse)"
                              " BEGIN SELECT RAISE (ABORT, 'refused'); END"), ==, -1);
  g_assert_cmpint (db_int (f, "INSERT INTO refuse VALUES (1)"), ==, -1);

  for (guint i = 0; i < 6; i++)
    {
      uns_tracker_report_focus (f->tracker, switching_apps[i % 3], "", "test");
      advance_min (f, 0.1 * (i + 1));  /* 6 … 36 s: no checkpoint */
    }
  commits = uns_store_get_commit_count (f->store);

  g_assert_false (uns_tracker_flush (f->tracker, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_clear_error (&error);
  g_assert_nonnull (uns_store_get_problem (f->store));
  g_assert_cmpuint (uns_store_get_commit_count (f->store), ==, commits);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 0);
  /* All of it still counted, from memory: 6+12+…+36 s. */
  uns_tracker_foreach_unsaved (f->tracker, count_unsaved_cb, &unsaved);
  g_assert_cmpint (unsaved.usec, ==, 126 * G_USEC_PER_SEC);
  run_main_loop_until_idle ();
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 0);

  g_assert_cmpint (db_int (f, "DELETE FROM refuse"), ==, -1);
  g_assert_true (uns_tracker_flush (f->tracker, &error));
  g_assert_no_error (error);
  g_assert_null (uns_store_get_problem (f->store));
  run_main_loop_until_idle ();
  g_assert_true (uns_tracker_flush (f->tracker, &error));

  /* Discord 6+24, Telegram 12+30, Slack 18+36: each piece once. */
  g_assert_cmpint (stored_seconds (f, "discord"), ==, 30);
  g_assert_cmpint (stored_seconds (f, "telegram"), ==, 42);
  g_assert_cmpint (stored_seconds (f, "slack"), ==, 54);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 6);
}

static void
count_saved_cb (gpointer user_data)
{
  (*(guint *) user_data)++;
}

/* A report's answer waits for the commit of what it closed, as before group
 * commit; with nothing waiting to be written it comes at once. */
static void
test_when_saved (Fixture *f, gconstpointer data)
{
  guint told = 0;

  uns_tracker_when_saved (f->tracker, count_saved_cb, &told);
  g_assert_cmpuint (told, ==, 1);

  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 0.5);
  uns_tracker_report_focus (f->tracker, "org.telegram.desktop", "", "test");
  uns_tracker_when_saved (f->tracker, count_saved_cb, &told);
  uns_tracker_when_saved (f->tracker, count_saved_cb, &told);
  g_assert_cmpuint (told, ==, 1);
  g_assert_cmpint (stored_seconds (f, "discord"), ==, 0);

  run_main_loop_until_idle ();
  g_assert_cmpuint (told, ==, 3);
  g_assert_cmpint (stored_seconds (f, "discord"), ==, 30);
}

/* Sleep and pause write what came before at once, not on the next idle. */
static void
test_sleep_and_pause_save_at_once (Fixture *f, gconstpointer data)
{
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 0.5);
  uns_tracker_report_focus (f->tracker, "org.telegram.desktop", "", "test");
  advance_min (f, 0.25);
  uns_tracker_set_asleep (f->tracker, TRUE);
  g_assert_cmpint (stored_seconds (f, "discord"), ==, 30);
  g_assert_cmpint (stored_seconds (f, "telegram"), ==, 15);

  uns_tracker_set_asleep (f->tracker, FALSE);
  advance_min (f, 0.5);
  uns_tracker_pause (f->tracker, 0);
  g_assert_cmpint (stored_seconds (f, "telegram"), ==, 45);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/tracker/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("focus-switches", test_focus_switches);
  ADD ("idle/cut-back-after-checkpoint", test_idle_cut_back);
  ADD ("idle/audible-tab-keeps-counting", test_audible_while_idle);
  ADD ("lock-sleep-pause", test_lock_sleep_pause);
  ADD ("browser-and-sites", test_browser_and_sites);
  ADD ("wall-clock-jumps", test_wall_clock_jumps);
  ADD ("unsaved-and-checkpoint", test_unsaved_and_checkpoint);
  ADD ("group-commit/one-commit", test_group_commit);
  ADD ("group-commit/failed-batch-keeps-pieces", test_failed_batch_keeps_pieces);
  ADD ("group-commit/sleep-and-pause-save-at-once", test_sleep_and_pause_save_at_once);
  ADD ("group-commit/when-saved", test_when_saved);
#undef ADD
  g_test_add ("/tracker/day-boundary", Fixture, NULL, fixture_setup_late, test_day_boundary,
              fixture_teardown);

  return g_test_run ();
}
