/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Power cuts, failing disks and a kill during a schema migration, against
 * the daemon's real write path: a tracker on a test clock records time in
 * a real store whose SQLite files go through the crash VFS.
 *
 * A power cut runs in a forked child. After every step the child tells the
 * parent, over a pipe, how much time the store has said is saved; it writes
 * that only after the store returned. The parent then opens what the cut
 * left with the plain unix VFS and checks that it is intact, that all of
 * that time is there and that no time was invented. */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "uns-crash-vfs.h"
#include "uns-error.h"
#include "uns-test-rm-rf.h"
#include "uns-test-v1-schema.h"
#include "uns-tracker.h"

/* 2026-11-23 09:00 UTC */
#define T0 (G_GINT64_CONSTANT (1795424400) * G_USEC_PER_SEC)
#define STEPS 40
#define CHECKPOINT_SECONDS 60

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3, sqlite3_close)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

static UnsCatalog *catalog;
static char *tmpdir;
/* The negative control: from the restart in the workload on, syncs lie. */
static gboolean lie_after_restart;

static const char * const apps[] = {
  "org.gnome.Nautilus", "com.discordapp.Discord", "org.mozilla.firefox", "com.slack.Slack",
};

typedef struct
{
  gint64 durable;   /* time the store said is saved, microseconds */
  gint64 happened;  /* time the step going on will have happened by */
} UnsReport;

static char *
fresh_dir (const char *name)
{
  char *dir = g_build_filename (tmpdir, name, NULL);

  uns_test_rm_rf (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static void
add_unsaved_cb (const UnsRecord *record,
                const GDate     *day,
                gint64           start_usec,
                gint64           end_usec,
                gpointer         user_data)
{
  *(gint64 *) user_data += end_usec - start_usec;
}

static gint64
unsaved_usec (UnsTracker *tracker)
{
  gint64 sum = 0;

  uns_tracker_foreach_unsaved (tracker, add_unsaved_cb, &sum);
  return sum;
}

static UnsTracker *
new_tracker (UnsClock *clock,
             UnsStore *store)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  UnsTracker *tracker = uns_tracker_new (clock, store, catalog);

  uns_tracker_set_day_rules (tracker, utc, 0);
  uns_tracker_set_checkpoint_interval (tracker, CHECKPOINT_SECONDS);
  return tracker;
}

static void
report (int              fd,
        const UnsReport *r)
{
  if (fd >= 0 && write (fd, r, sizeof *r) != (ssize_t) sizeof *r)
    _exit (4);
}

/* The workload: focus changes a few seconds to minutes apart, so both
 * focus changes and checkpoints save time, and halfway a stop and a start
 * as the daemon does them (closing checkpoints the log into the database
 * and removes it). Returns the time that happened. */
static gint64
run_workload (const char *db,
              int         fd)
{
  g_autoptr(GError) error = NULL;
  /* 23:35 UTC: the workload's 50 minutes cross midnight, so a save
   * splits a span in two days. */
  g_autoptr(UnsClock) clock = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(UnsStore) store = NULL;
  g_autoptr(UnsTracker) tracker = NULL;
  UnsReport r = { 0, 0 };
  gint64 saved_before = 0, started = 0, happened = 0;

  clock = uns_clock_new_for_test (T0 + G_GINT64_CONSTANT (52500) * G_USEC_PER_SEC);
  store = uns_store_new (db, &error);
  g_assert_no_error (error);
  tracker = new_tracker (clock, store);

  for (guint step = 0; step < STEPS; step++)
    {
      gint64 advance = g_rand_int_range (rand, 1, 150) * G_USEC_PER_SEC;

      if (step == STEPS / 2)
        {
          g_assert_true (uns_tracker_flush (tracker, &error));
          g_assert_no_error (error);
          saved_before = happened;
          g_clear_object (&tracker);
          g_clear_object (&store);
          store = uns_store_new (db, &error);
          g_assert_no_error (error);
          tracker = new_tracker (clock, store);
          started = 0;
          if (lie_after_restart)
            uns_crash_vfs_set_lying (TRUE);
        }

      r.happened = happened + advance;
      report (fd, &r);

      uns_tracker_report_focus (tracker, apps[g_rand_int_range (rand, 0, G_N_ELEMENTS (apps))],
                                NULL, "test");
      if (started == 0)
        started = uns_clock_get_mono_usec (clock);
      uns_clock_advance (clock, advance);
      happened += advance;

      r.durable = saved_before + (uns_clock_get_mono_usec (clock) - started) -
                  unsaved_usec (tracker);
      report (fd, &r);
    }

  g_assert_true (uns_tracker_flush (tracker, &error));
  g_assert_no_error (error);
  r.durable = happened;
  report (fd, &r);
  return happened;
}

/* -- checking what a cut left -- */

static sqlite3 *
open_plain (const char *db)
{
  sqlite3 *handle = NULL;

  /* The unix VFS, not the crash one: this is the disk after the cut. */
  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE, "unix"), ==, SQLITE_OK);
  /* Checking needs no durability, and the checkpoint when it closes would
   * otherwise wait for the real disk. A file that is no database fails
   * here already; the checks say so. */
  sqlite3_exec (handle, "PRAGMA synchronous = OFF", NULL, NULL, NULL);
  return handle;
}

static gboolean
query_int (sqlite3    *handle,
           const char *sql,
           gint64     *out)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gboolean ok;

  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return FALSE;
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  if (ok)
    *out = sqlite3_column_int64 (stmt, 0);
  return ok;
}

static char *
query_text (sqlite3    *handle,
            const char *sql)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL) != SQLITE_OK)
    return g_strdup (sqlite3_errmsg (handle));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return g_strdup (sqlite3_errmsg (handle));
  return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
}

/* What is wrong with the database a cut left, or NULL. @out_total is the
 * time it holds. */
static char *
check_after_cut (const char *db,
                 gint64      durable,
                 gint64      happened,
                 gint64     *out_total)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  gint64 total = 0, spans = 0, has_tables = 0;

  *out_total = 0;
  {
    g_autoptr(sqlite3) handle = open_plain (db);
    g_autofree char *integrity = query_text (handle, "PRAGMA integrity_check");

    if (g_strcmp0 (integrity, "ok") != 0)
      return g_strdup_printf ("integrity_check: %s", integrity);
    if (!query_int (handle, "SELECT count(*) FROM sqlite_master WHERE name = 'day_totals'",
                    &has_tables))
      return g_strdup_printf ("unreadable: %s", sqlite3_errmsg (handle));
    if (has_tables)
      {
        if (!query_int (handle, "SELECT coalesce(sum(usec), 0) FROM day_totals", &total) ||
            !query_int (handle, "SELECT coalesce(sum(end_us - start_us), 0) FROM spans", &spans))
          return g_strdup_printf ("unreadable: %s", sqlite3_errmsg (handle));
        if (total != spans)
          return g_strdup_printf ("spans hold %" G_GINT64_FORMAT " us, day totals %"
                                  G_GINT64_FORMAT " us", spans, total);
      }
  }
  *out_total = total;
  if (total < durable)
    return g_strdup_printf ("lost saved time: %" G_GINT64_FORMAT " us on disk, %"
                            G_GINT64_FORMAT " us were saved", total, durable);
  if (total > happened)
    return g_strdup_printf ("invented time: %" G_GINT64_FORMAT " us on disk, only %"
                            G_GINT64_FORMAT " us happened", total, happened);

  /* And the daemon starts on it. */
  store = uns_store_new (db, &error);
  if (store == NULL)
    return g_strdup_printf ("the store does not open it: %s", error->message);
  return NULL;
}

typedef struct
{
  guint cuts;
  guint finished;  /* the cut came after the workload ended */
  guint failed;
  guint lost_unsaved;
  guint lost_saved;
  char *first_failure;
} UnsCutStats;

/* Forks a child that runs the workload with the power cut at @at_op, and
 * checks what it left. */
static void
cut_once (UnsCrashMode  mode,
          guint64       at_op,
          guint32       seed,
          UnsCutStats  *stats)
{
  g_autofree char *dir = fresh_dir ("cut");
  g_autofree char *db = g_build_filename (dir, "unscroll.db", NULL);
  g_autofree char *problem = NULL;
  UnsReport r, last = { 0, 0 };
  gint64 total = 0;
  int fds[2], status = 0;
  pid_t pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      uns_crash_vfs_arm (mode, at_op, seed);
      run_workload (db, fds[1]);
      uns_crash_vfs_exit (0);
    }

  close (fds[1]);
  for (;;)
    {
      ssize_t n = read (fds[0], &r, sizeof r);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_assert_cmpint (n, ==, sizeof r);
      last.durable = MAX (last.durable, r.durable);
      last.happened = MAX (last.happened, r.happened);
    }
  close (fds[0]);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  if (WEXITSTATUS (status) == 0)
    stats->finished++;
  else
    g_assert_cmpint (WEXITSTATUS (status), ==, UNS_CRASH_EXIT_CODE);

  stats->cuts++;
  problem = check_after_cut (db, last.durable, last.happened, &total);
  if (problem != NULL)
    {
      stats->failed++;
      if (g_str_has_prefix (problem, "lost saved time"))
        stats->lost_saved++;
      if (stats->first_failure == NULL)
        stats->first_failure = g_strdup_printf ("cut at operation %" G_GUINT64_FORMAT
                                                " (seed %u): %s", at_op, seed, problem);
    }
  else if (total < last.happened)
    stats->lost_unsaved++;
  uns_test_rm_rf (dir);
}

/* Operations the whole workload makes, counted in a child like the cuts. */
static guint64
count_workload_ops (void)
{
  g_autofree char *dir = fresh_dir ("count");
  g_autofree char *db = g_build_filename (dir, "unscroll.db", NULL);
  guint64 ops;

  uns_crash_vfs_arm (UNS_CRASH_NONE, 0, 0);
  /* Past midnight. */
  g_assert_cmpint (run_workload (db, -1), >, 25 * 60 * G_USEC_PER_SEC);
  ops = uns_crash_vfs_get_ops ();
  uns_test_rm_rf (dir);
  return ops;
}

static guint
n_cuts (void)
{
  const char *env = g_getenv ("UNSCROLL_POWERLOSS_CUTS");
  guint64 n = 240;

  if (env != NULL && !g_ascii_string_to_unsigned (env, 10, 1, G_MAXUINT, &n, NULL))
    g_error ("UNSCROLL_POWERLOSS_CUTS is not a number: %s", env);
  return (guint) n;
}

/* WAL with synchronous=FULL: whatever the store said was saved survives
 * every cut, and the database is always intact. All a cut may take is
 * time not saved yet. */
static void
test_power_cuts (void)
{
  guint64 ops = count_workload_ops ();
  guint cuts = n_cuts ();
  UnsCutStats stats = { 0 };

  g_assert_cmpuint (ops, >, 100);
  for (guint i = 0; i < cuts; i++)
    {
      /* Spread over the whole workload, with a random part so repeated
       * runs try more operations. */
      guint64 at = 1 + (i * ops) / cuts +
                   (guint64) g_test_rand_int_range (0, (int) MAX (1, ops / cuts));

      cut_once (UNS_CRASH_POWER, MIN (at, ops), (guint32) g_test_rand_int (), &stats);
    }

  g_test_message ("%u power cuts over %" G_GUINT64_FORMAT " operations: %u failed, "
                  "%u lost time not yet saved, %u came after the end",
                  stats.cuts, ops, stats.failed, stats.lost_unsaved, stats.finished);
  g_assert_cmpstr (stats.first_failure, ==, NULL);
  g_assert_cmpuint (stats.cuts, >=, 200);
  g_assert_cmpuint (stats.finished, <, stats.cuts / 10);
  /* The cuts did land in the middle of things. */
  g_assert_cmpuint (stats.lost_unsaved, >, 0);
}

/* The negative control: the same cuts on a disk whose syncs keep nothing
 * must be caught, or the checks above could not fail. Lying from the start,
 * the database is damaged or gone; lying from the restart halfway on, the
 * time saved since is lost. */
static void
test_lying_disk_is_caught (void)
{
  guint64 ops = count_workload_ops ();
  UnsCutStats from_start = { 0 }, from_restart = { 0 };

  uns_crash_vfs_set_lying (TRUE);
  for (guint i = 0; i < 20; i++)
    cut_once (UNS_CRASH_POWER, ops / 4 + (i * ops * 3 / 4) / 20, (guint32) g_test_rand_int (),
              &from_start);
  uns_crash_vfs_set_lying (FALSE);

  lie_after_restart = TRUE;
  for (guint i = 0; i < 20; i++)
    cut_once (UNS_CRASH_POWER, ops * 3 / 5 + (i * ops * 2 / 5) / 20, (guint32) g_test_rand_int (),
              &from_restart);
  lie_after_restart = FALSE;

  g_test_message ("%u cuts with syncs lying from the start: %u caught (first: %s)",
                  from_start.cuts, from_start.failed, from_start.first_failure);
  g_test_message ("%u cuts with syncs lying from the restart: %u caught, %u lost saved time "
                  "(first: %s)", from_restart.cuts, from_restart.failed, from_restart.lost_saved,
                  from_restart.first_failure);
  g_assert_cmpuint (from_start.failed, >=, from_start.cuts / 4);
  g_assert_cmpuint (from_restart.lost_saved, >=, from_restart.cuts / 4);
  g_free (from_start.first_failure);
  g_free (from_restart.first_failure);
}

/* -- a failing or full disk -- */

static void
problem_cb (UnsStore   *store,
            GParamSpec *pspec,
            gpointer    user_data)
{
  if (uns_store_get_problem (store) != NULL)
    (*(guint *) user_data)++;
}

static gint64
db_total (const char *db)
{
  g_autoptr(sqlite3) handle = open_plain (db);
  g_autofree char *integrity = query_text (handle, "PRAGMA integrity_check");
  gint64 total = -1, spans = -2;

  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_true (query_int (handle, "SELECT coalesce(sum(usec), 0) FROM day_totals", &total));
  g_assert_true (query_int (handle, "SELECT coalesce(sum(end_us - start_us), 0) FROM spans",
                            &spans));
  g_assert_cmpint (total, ==, spans);
  return total;
}

/* The disk fails from operation @at_op (0: never) until half the steps are
 * done. The tracker keeps running, the store says what is wrong, and once
 * the disk works again everything is saved exactly once: the failed commits
 * were not counted as saved, and neither they nor a reopening add any
 * twice. @out_faults: the operations that failed, or with @at_op 0 the
 * operations of the first half. */
static void
fault_once (int      rc,
            guint64  at_op,
            guint   *out_problems,
            guint64 *out_faults)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = fresh_dir ("fault");
  g_autofree char *db = g_build_filename (dir, "unscroll.db", NULL);
  g_autoptr(UnsClock) clock = uns_clock_new_for_test (T0);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(UnsStore) store = NULL;
  g_autoptr(UnsTracker) tracker = NULL;
  gint64 happened = 0;
  guint problems = 0;

  uns_crash_vfs_arm (UNS_CRASH_NONE, 0, 0);
  store = uns_store_new (db, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "notify::problem", G_CALLBACK (problem_cb), &problems);
  tracker = new_tracker (clock, store);

  uns_crash_vfs_set_fault (rc);
  uns_crash_vfs_arm (UNS_CRASH_FAULT, at_op, 0);
  for (guint step = 0; step < STEPS; step++)
    {
      gint64 advance = g_rand_int_range (rand, 1, 150) * G_USEC_PER_SEC;

      if (step == STEPS / 2)
        {
          *out_faults = at_op == 0 ? uns_crash_vfs_get_ops () : uns_crash_vfs_get_faults ();
          uns_crash_vfs_clear ();
        }
      uns_tracker_report_focus (tracker, apps[g_rand_int_range (rand, 0, G_N_ELEMENTS (apps))],
                                NULL, "test");
      uns_clock_advance (clock, advance);
      happened += advance;
      /* Never more saved than happened, whatever failed. */
      g_assert_cmpint (unsaved_usec (tracker), <=, happened);
    }

  g_assert_true (uns_tracker_flush (tracker, &error));
  g_assert_no_error (error);
  g_assert_null (uns_store_get_problem (store));
  g_assert_cmpint (unsaved_usec (tracker), ==, 0);
  g_assert_cmpint (db_total (db), ==, happened);

  /* Reopening finds no failed commit in the log to bring back. */
  g_clear_object (&tracker);
  g_clear_object (&store);
  store = uns_store_new (db, &error);
  g_assert_no_error (error);
  g_assert_cmpint (db_total (db), ==, happened);

  *out_problems = problems;
  uns_test_rm_rf (dir);
}

static void
test_disk_faults (gconstpointer data)
{
  int rc = GPOINTER_TO_INT (data);
  guint64 ops = 0, tried = 0, hit = 0;
  guint problems = 0;

  /* A disk that never fails: the operations of the first half. */
  fault_once (rc, 0, &problems, &ops);
  g_assert_cmpuint (problems, ==, 0);
  g_assert_cmpuint (ops, >, 10);

  for (guint64 at = 1; at <= ops; at++)
    {
      guint64 faults = 0;

      problems = 0;
      fault_once (rc, at, &problems, &faults);
      tried++;
      if (faults > 0)
        {
          hit++;
          /* The failure was told, not swallowed. */
          g_assert_cmpuint (problems, >, 0);
        }
    }
  g_test_message ("%" G_GUINT64_FORMAT " runs, the disk failed in %" G_GUINT64_FORMAT,
                  tried, hit);
  g_assert_cmpuint (hit, >=, tried / 2);
}

/* The store itself: a save that fails returns the error and sets the
 * problem; saved is only what returned TRUE, and saving the same time again
 * once the disk works adds it once. */
static void
test_store_errors (gconstpointer data)
{
  int rc = GPOINTER_TO_INT (data);
  g_autofree char *dir = fresh_dir ("store-errors");
  g_autofree char *db = g_build_filename (dir, "unscroll.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  UnsRecord record = { UNS_KIND_APP, "com.discordapp.Discord", "discord", "messaging" };
  gint64 saved = 0, start = T0;
  guint failures = 0;

  uns_crash_vfs_arm (UNS_CRASH_NONE, 0, 0);
  store = uns_store_new (db, &error);
  g_assert_no_error (error);
  uns_crash_vfs_set_fault (rc);

  for (guint64 at = 1; at <= 8; at++)
    {
      gint64 span_id = 0;
      gint64 length = (gint64) at * G_USEC_PER_SEC;

      uns_crash_vfs_arm (UNS_CRASH_FAULT, at, 0);
      /* Operations before the fault succeed: a save of a few pieces
       * across a day boundary fails somewhere in the middle. */
      for (guint tries = 0; tries < 3 && uns_crash_vfs_get_faults () == 0; tries++)
        {
          if (uns_store_add_time (store, &record, start, start + length, &span_id, &error))
            {
              saved += length;
              start += length;
              continue;
            }
          failures++;
          g_assert_true (g_error_matches (error, UNS_ERROR, rc == SQLITE_FULL ? UNS_ERROR_DISK_FULL
                                                                              : UNS_ERROR_STORAGE));
          g_assert_nonnull (uns_store_get_problem (store));
          g_clear_error (&error);
          g_assert_cmpint (db_total (db), ==, saved);

          /* The disk works again: the same time, saved once. */
          uns_crash_vfs_clear ();
          span_id = 0;
          g_assert_true (uns_store_add_time (store, &record, start, start + length, &span_id,
                                             &error));
          g_assert_no_error (error);
          g_assert_null (uns_store_get_problem (store));
          saved += length;
          start += length;
        }
      uns_crash_vfs_clear ();
      g_assert_cmpint (db_total (db), ==, saved);
    }

  g_clear_object (&store);
  g_assert_cmpint (db_total (db), ==, saved);
  g_assert_cmpuint (failures, >=, 4);
  uns_test_rm_rf (dir);
}

/* -- a cut or a kill while the schema is migrated -- */

/* A little of everything, for a database of schema v1
 * (uns-test-v1-schema.h). */
static const char v1_rows[] =
  "INSERT INTO spans VALUES (7, 1772445600000000, 1772447400000000, '2026-03-02', 1,"
  "  'instagram.com', 'instagram', 'social'),"
  "  (8, 1772528400000000, 1772529000000000, '2026-03-03', 0, 'org.gnome.Nautilus', '', 'other');"
  "INSERT INTO day_totals VALUES"
  "  ('2026-03-02', 1, 'instagram.com', 'instagram', 'social', 1800000000),"
  "  ('2026-03-03', 0, 'org.gnome.Nautilus', '', 'other', 600000000);"
  "INSERT INTO user_services VALUES ('mastodon', 'My Mastodon', 'social');"
  "INSERT INTO user_service_matches VALUES ('mastodon', 'app', 'org.joinmastodon.App');"
  "PRAGMA user_version = 1;";

/* A version 1 database as that store left it: WAL, closed cleanly. */
static void
make_v1_database (const char *db)
{
  g_autoptr(sqlite3) handle = NULL;

  g_assert_cmpint (sqlite3_open_v2 (db, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                    "unix"), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "PRAGMA journal_mode = WAL; BEGIN IMMEDIATE;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, v1_schema, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, v1_rows, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (handle, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  g_chmod (db, 0600);
}

/* What is wrong with a database that was being migrated, or NULL. */
static char *
check_v1_data (const char *db,
               gint64     *out_version)
{
  g_autoptr(sqlite3) handle = open_plain (db);
  g_autofree char *integrity = query_text (handle, "PRAGMA integrity_check");
  gint64 version = -1, v2_tables = -1, spans = -1, total = -1, services = -1;

  if (g_strcmp0 (integrity, "ok") != 0)
    return g_strdup_printf ("integrity_check: %s", integrity);
  if (!query_int (handle, "PRAGMA user_version", &version) ||
      !query_int (handle, "SELECT count(*) FROM sqlite_master"
                          " WHERE name IN ('limits', 'downtime', 'events')", &v2_tables) ||
      !query_int (handle, "SELECT count(*) FROM spans", &spans) ||
      !query_int (handle, "SELECT sum(usec) FROM day_totals", &total) ||
      !query_int (handle, "SELECT count(*) FROM user_service_matches", &services))
    return g_strdup_printf ("unreadable: %s", sqlite3_errmsg (handle));
  *out_version = version;
  if (version == 1 && v2_tables != 0)
    return g_strdup ("version 1 with tables of version 2");
  if (version == 2 && v2_tables != 3)
    return g_strdup_printf ("version 2 with %" G_GINT64_FORMAT " of its 3 new tables", v2_tables);
  if (version != 1 && version != 2)
    return g_strdup_printf ("version %" G_GINT64_FORMAT, version);
  if (spans != 2 || total != 2400000000 || services != 1)
    return g_strdup_printf ("data changed: %" G_GINT64_FORMAT " spans, %" G_GINT64_FORMAT
                            " us, %" G_GINT64_FORMAT " matches", spans, total, services);
  return NULL;
}

static void
test_migration_cut (gconstpointer data)
{
  UnsCrashMode mode = GPOINTER_TO_INT (data);
  g_autofree char *dir = fresh_dir ("migrate");
  g_autofree char *db = g_build_filename (dir, "unscroll.db", NULL);
  g_autofree char *v1 = g_build_filename (tmpdir, "v1.db", NULL);
  g_autofree char *v1_bytes = NULL;
  gsize v1_len = 0;
  guint64 ops;
  guint runs = 0, old_kept = 0, migrated = 0;

  g_unlink (v1);
  make_v1_database (v1);
  g_assert_true (g_file_get_contents (v1, &v1_bytes, &v1_len, NULL));

  /* How many operations the migration makes. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(UnsStore) store = NULL;

    g_assert_true (g_file_set_contents_full (db, v1_bytes, (gssize) v1_len,
                                             G_FILE_SET_CONTENTS_NONE, 0600, NULL));
    uns_crash_vfs_arm (UNS_CRASH_NONE, 0, 0);
    store = uns_store_new (db, &error);
    g_assert_no_error (error);
    ops = uns_crash_vfs_get_ops ();
    g_assert_cmpuint (ops, >, 2);
  }

  for (guint64 at = 1; at <= ops + 1; at++)
    for (guint seed = 0; seed < (mode == UNS_CRASH_POWER ? 4u : 1u); seed++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(UnsStore) store = NULL;
        g_autofree char *problem = NULL;
        gint64 version = 0;
        int status = 0;
        pid_t pid;

        uns_test_rm_rf (dir);
        g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
        g_assert_true (g_file_set_contents_full (db, v1_bytes, (gssize) v1_len,
                                                 G_FILE_SET_CONTENTS_NONE, 0600, NULL));
        pid = fork ();
        g_assert_cmpint (pid, >=, 0);
        if (pid == 0)
          {
            gboolean opened;

            uns_crash_vfs_arm (mode, at, seed * 7919 + (guint) at);
            store = uns_store_new (db, NULL);
            opened = store != NULL;
            g_clear_object (&store);
            uns_crash_vfs_exit (opened ? 0 : 1);
          }
        g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
        g_assert_true (WIFEXITED (status));
        g_assert_true (WEXITSTATUS (status) == 0 || WEXITSTATUS (status) == UNS_CRASH_EXIT_CODE);
        runs++;

        problem = check_v1_data (db, &version);
        if (problem != NULL)
          g_error ("cut at operation %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT ": %s",
                   at, ops, problem);
        if (version == 1)
          old_kept++;
        else
          migrated++;

        /* The next start migrates it, data and all. */
        uns_crash_vfs_arm (UNS_CRASH_NONE, 0, 0);
        store = uns_store_new (db, &error);
        g_assert_no_error (error);
        g_clear_object (&store);
        g_assert_null (check_v1_data (db, &version));
        g_assert_cmpint (version, ==, 2);
      }

  g_test_message ("%u cuts during a migration of %" G_GUINT64_FORMAT " operations: "
                  "%u left version 1, %u version 2", runs, ops, old_kept, migrated);
  g_assert_cmpuint (old_kept, >, 0);
  g_assert_cmpuint (migrated, >, 0);
  uns_test_rm_rf (dir);
  g_unlink (v1);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int rc;

  g_test_init (&argc, &argv, NULL);
  /* The store and the tracker warn when saving fails, which is what some
   * of these tests make happen. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);

  uns_crash_vfs_register ();
  catalog = uns_catalog_new_from_file (g_getenv ("UNSCROLL_CATALOG"), &error);
  g_assert_no_error (error);
  tmpdir = g_dir_make_tmp ("unscroll-powerloss-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/powerloss/cuts", test_power_cuts);
  g_test_add_func ("/powerloss/lying-disk-is-caught", test_lying_disk_is_caught);
  g_test_add_data_func ("/powerloss/fault/ioerr", GINT_TO_POINTER (SQLITE_IOERR), test_disk_faults);
  g_test_add_data_func ("/powerloss/fault/full", GINT_TO_POINTER (SQLITE_FULL), test_disk_faults);
  g_test_add_data_func ("/powerloss/store-errors/ioerr", GINT_TO_POINTER (SQLITE_IOERR),
                        test_store_errors);
  g_test_add_data_func ("/powerloss/store-errors/full", GINT_TO_POINTER (SQLITE_FULL),
                        test_store_errors);
  g_test_add_data_func ("/powerloss/migration/power-cut", GINT_TO_POINTER (UNS_CRASH_POWER),
                        test_migration_cut);
  g_test_add_data_func ("/powerloss/migration/kill", GINT_TO_POINTER (UNS_CRASH_PROCESS),
                        test_migration_cut);

  rc = g_test_run ();
  uns_test_rm_rf (tmpdir);
  g_free (tmpdir);
  g_clear_object (&catalog);
  return rc;
}
