/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite database: recorded spans in UTC, per-local-day totals that
 * answer reports, the services the user added, and the user's limits,
 * downtime and the log of nudges and the answers to them.
 *
 * Durability is a policy here: every commit the daemon reports as saved must
 * survive a power cut, so the database runs in WAL mode with
 * synchronous=FULL (one fsync per commit). The tracker groups the time of
 * many activity changes into one commit (uns_store_begin_batch()), so a
 * burst of focus changes costs one fsync, not one each.
 *
 * Schema (user_version 2; version 1 had the first four tables):
 *
 *   spans        one row per stretch of attention, never crossing a local
 *                day start; day is the local day (YYYY-MM-DD) the span
 *                belongs to, service is '' outside the catalog.
 *   day_totals   the sum of spans per (day, kind, subject, service,
 *                category). Reports read only this table, so a 90-day report
 *                over years of data stays at about a millisecond. Category is
 *                part of the key because recorded time keeps the
 *                classification it had when it was recorded.
 *   user_services, user_service_matches
 *                the services the user added and the app ids ('app') and
 *                registrable domains ('domain') that belong to them.
 *   limits       the user's daily budgets, one per (scope, target), with
 *                the minutes of each weekday in a column of its own so
 *                the database itself refuses a value out of range.
 *   downtime     the downtime windows, in the order the user gave them.
 *   events       one row per nudge shown and per answer to one, with the
 *                local day it happened on, for the weekly report.
 *
 * Exports read through a connection of their own in a worker thread: WAL
 * lets it read a consistent snapshot while the main connection goes on
 * writing, so a slow reader on the other end of the pipe never blocks the
 * daemon's main loop. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <gio/gunixoutputstream.h>
#include <sqlite3.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/stat.h>

#include "uns-day.h"
#include "uns-error.h"
#include "uns-export.h"
#include "uns-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define UNS_STORE_SCHEMA_VERSION 2
#define UNS_STORE_BUSY_TIMEOUT_MS 5000
#define UNS_STORE_SHRINK_DELAY_S  10
#define UNS_STORE_EXPORT_BUFFER (64 * 1024)
#define UNS_DAY_TEXT_LEN 11 /* "YYYY-MM-DD" and its NUL */
#define UNS_STORE_CLEAN_SUFFIX "-clean"

typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_SPAN_EXTEND,
  STMT_SPAN_INSERT,
  STMT_TOTAL_ADD,
  STMT_TRUNCATE_FIND,
  STMT_SPAN_DELETE,
  STMT_SPAN_SET_END,
  STMT_TOTAL_SUBTRACT,
  STMT_TOTAL_PRUNE,
  STMT_SUMMARY_SERVICE,
  STMT_SUMMARY_CATEGORY,
  STMT_SUMMARY_APP,
  STMT_SUMMARY_SITE,
  STMT_SUMMARY_DAY,
  STMT_FORGET_SPANS,
  STMT_FORGET_SPANS_SERVICE,
  STMT_FORGET_TOTALS,
  STMT_FORGET_TOTALS_SERVICE,
  STMT_USER_SERVICE_DELETE,
  STMT_USER_SERVICE_INSERT,
  STMT_USER_MATCH_INSERT,
  STMT_USER_SERVICE_LIST,
  STMT_USER_MATCH_LIST,
  STMT_LIMIT_LIST,
  STMT_LIMIT_INSERT,
  STMT_LIMIT_UPDATE,
  STMT_LIMIT_DELETE,
  STMT_DOWNTIME_LIST,
  STMT_DOWNTIME_CLEAR,
  STMT_DOWNTIME_INSERT,
  STMT_EVENT_INSERT,
  STMT_EVENT_COUNT,
  STMT_EVENT_COUNT_SERVICE,
  N_STMTS
} UnsStmt;

static const char * const stmt_sql[N_STMTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  /* Extends the open span only if it is still exactly where the caller
   * left it; otherwise nothing changes and a new row is inserted. */
  [STMT_SPAN_EXTEND] =
    "UPDATE spans SET end_us = ?1"
    " WHERE id = ?2 AND end_us = ?3 AND day = ?4 AND kind = ?5"
    " AND subject = ?6 AND service = ?7 AND category = ?8",
  [STMT_SPAN_INSERT] =
    "INSERT INTO spans (start_us, end_us, day, kind, subject, service, category)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
  [STMT_TOTAL_ADD] =
    "INSERT INTO day_totals (day, kind, subject, service, category, usec)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
    " ON CONFLICT (day, kind, subject, service, category)"
    " DO UPDATE SET usec = usec + excluded.usec",
  /* The open activity's pieces: its spans from its first piece on (the
   * day bound lets the (day, start_us) index skip older days). */
  [STMT_TRUNCATE_FIND] =
    "SELECT id, start_us, end_us, day FROM spans"
    " WHERE day >= ?1 AND start_us >= ?2 AND end_us > ?3"
    " AND kind = ?4 AND subject = ?5 AND service = ?6 AND category = ?7",
  [STMT_SPAN_DELETE] =
    "DELETE FROM spans WHERE id = ?1",
  [STMT_SPAN_SET_END] =
    "UPDATE spans SET end_us = ?2 WHERE id = ?1",
  [STMT_TOTAL_SUBTRACT] =
    "UPDATE day_totals SET usec = usec - ?6"
    " WHERE day = ?1 AND kind = ?2 AND subject = ?3 AND service = ?4 AND category = ?5",
  [STMT_TOTAL_PRUNE] =
    "DELETE FROM day_totals"
    " WHERE day = ?1 AND kind = ?2 AND subject = ?3 AND service = ?4 AND category = ?5"
    " AND usec <= 0",
  [STMT_SUMMARY_SERVICE] =
    "SELECT service, SUM(usec) AS total FROM day_totals"
    " WHERE day BETWEEN ?1 AND ?2 AND service != ''"
    " GROUP BY service ORDER BY total DESC, service",
  [STMT_SUMMARY_CATEGORY] =
    "SELECT category, SUM(usec) AS total FROM day_totals"
    " WHERE day BETWEEN ?1 AND ?2"
    " GROUP BY category ORDER BY total DESC, category",
  [STMT_SUMMARY_APP] =
    "SELECT subject, SUM(usec) AS total FROM day_totals"
    " WHERE day BETWEEN ?1 AND ?2 AND kind = 0"
    " GROUP BY subject ORDER BY total DESC, subject",
  [STMT_SUMMARY_SITE] =
    "SELECT subject, SUM(usec) AS total FROM day_totals"
    " WHERE day BETWEEN ?1 AND ?2 AND kind = 1"
    " GROUP BY subject ORDER BY total DESC, subject",
  [STMT_SUMMARY_DAY] =
    "SELECT day, SUM(usec) FROM day_totals"
    " WHERE day BETWEEN ?1 AND ?2 AND service != ''"
    " GROUP BY day ORDER BY day",
  [STMT_FORGET_SPANS] =
    "DELETE FROM spans WHERE day BETWEEN ?1 AND ?2",
  [STMT_FORGET_SPANS_SERVICE] =
    "DELETE FROM spans WHERE day BETWEEN ?1 AND ?2 AND service = ?3",
  [STMT_FORGET_TOTALS] =
    "DELETE FROM day_totals WHERE day BETWEEN ?1 AND ?2",
  [STMT_FORGET_TOTALS_SERVICE] =
    "DELETE FROM day_totals WHERE day BETWEEN ?1 AND ?2 AND service = ?3",
  [STMT_USER_SERVICE_DELETE] =
    "DELETE FROM user_services WHERE id = ?1",
  [STMT_USER_SERVICE_INSERT] =
    "INSERT INTO user_services (id, name, category) VALUES (?1, ?2, ?3)",
  [STMT_USER_MATCH_INSERT] =
    "INSERT INTO user_service_matches (service_id, kind, value) VALUES (?1, ?2, ?3)",
  [STMT_USER_SERVICE_LIST] =
    "SELECT id, name, category FROM user_services ORDER BY id",
  [STMT_USER_MATCH_LIST] =
    "SELECT kind, value FROM user_service_matches"
    " WHERE service_id = ?1 ORDER BY rowid",
  [STMT_LIMIT_LIST] =
    "SELECT id, scope, target, minutes_mon, minutes_tue, minutes_wed, minutes_thu,"
    " minutes_fri, minutes_sat, minutes_sun, enabled, strict, mindful_pause"
    " FROM limits ORDER BY id",
  /* The values are ?1 … ?12 in both, in the order bind_limit() binds them. */
  [STMT_LIMIT_INSERT] =
    "INSERT INTO limits (scope, target, minutes_mon, minutes_tue, minutes_wed,"
    " minutes_thu, minutes_fri, minutes_sat, minutes_sun, enabled, strict, mindful_pause)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
  [STMT_LIMIT_UPDATE] =
    "UPDATE limits SET scope = ?1, target = ?2, minutes_mon = ?3, minutes_tue = ?4,"
    " minutes_wed = ?5, minutes_thu = ?6, minutes_fri = ?7, minutes_sat = ?8,"
    " minutes_sun = ?9, enabled = ?10, strict = ?11, mindful_pause = ?12"
    " WHERE id = ?13",
  [STMT_LIMIT_DELETE] =
    "DELETE FROM limits WHERE id = ?1",
  [STMT_DOWNTIME_LIST] =
    "SELECT start_min, end_min, days FROM downtime ORDER BY id",
  [STMT_DOWNTIME_CLEAR] =
    "DELETE FROM downtime",
  [STMT_DOWNTIME_INSERT] =
    "INSERT INTO downtime (start_min, end_min, days) VALUES (?1, ?2, ?3)",
  [STMT_EVENT_INSERT] =
    "INSERT INTO events (at_us, day, kind, service, limit_id) VALUES (?1, ?2, ?3, ?4, ?5)",
  /* Both find the range of days through the (day, kind) index; without a
   * service the index alone answers. */
  [STMT_EVENT_COUNT] =
    "SELECT kind, count(*) FROM events"
    " WHERE day BETWEEN ?1 AND ?2"
    " GROUP BY kind",
  [STMT_EVENT_COUNT_SERVICE] =
    "SELECT kind, count(*) FROM events"
    " WHERE day BETWEEN ?1 AND ?2 AND service = ?3"
    " GROUP BY kind",
};

/* Exports read spans in day order and, within a day, by start; the
 * (day, start_us) index hands them over in that order without sorting. */
static const char export_sql[] =
  "SELECT start_us, end_us, day, kind, subject, service, category FROM spans"
  " WHERE day BETWEEN ?1 AND ?2 ORDER BY day, start_us, id";

/* A prepared statement borrowed from the store for one use: reset and
 * unbound when it goes out of scope, so no statement keeps a read
 * transaction open (which would stop WAL checkpoints) or a dangling
 * binding. */
typedef sqlite3_stmt UnsStmtLease;

static void
uns_stmt_lease_release (UnsStmtLease *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnsStmtLease, uns_stmt_lease_release)

struct _UnsStore
{
  GObject       parent_instance;

  char         *path;            /* (owned) */
  sqlite3      *db;              /* (owned) (nullable) */
  sqlite3_stmt *stmts[N_STMTS];  /* (owned) (nullable) */
  GTimeZone    *tz;              /* (owned) */
  guint         boundary_minutes;
  char         *problem;         /* (owned) (nullable): why time is not being saved */
  gboolean      not_ours;        /* store_open() failed on a file that is not our database */
  gboolean      opened;          /* store_open() succeeded: a clean close may be marked */
  gboolean      in_batch;        /* inside uns_store_begin_batch() … end_batch() */
  guint64       commits;         /* transactions committed, see uns_store_get_commit_count() */
  guint         shrink_id;       /* store_shrink_cb() pending after writes */
  gint64        shrunk_at;       /* monotonic time it last ran, or 0 */
  char         *test_max_pages;  /* (owned) (nullable): UNSCROLL_TEST_MAX_PAGES_FILE */
};

enum
{
  PROP_0,
  PROP_PROBLEM,
  N_PROPS
};

static GParamSpec *props[N_PROPS];

G_DEFINE_TYPE (UnsStore, uns_store, G_TYPE_OBJECT)

void
uns_summary_row_free (UnsSummaryRow *row)
{
  if (row == NULL)
    return;
  g_free (row->key);
  g_free (row);
}

static UnsSummaryRow *
uns_summary_row_new (const char *key,
                     gint64      usec)
{
  UnsSummaryRow *row = g_new0 (UnsSummaryRow, 1);

  row->key = g_strdup (key != NULL ? key : "");
  row->usec = usec;
  return row;
}

/* Turns a failed SQLite call into a GError that keeps SQLite's own words,
 * which are what a bug report needs. */
static gboolean
set_sqlite_error (GError    **error,
                  sqlite3    *db,
                  int         rc,
                  const char *what)
{
  const char *message;

  /* The connection's message belongs to the latest call; fall back to the
   * generic text for the code when it no longer describes this failure. */
  message = db != NULL && sqlite3_errcode (db) == rc ? sqlite3_errmsg (db) : sqlite3_errstr (rc);

  if ((rc & 0xff) == SQLITE_FULL)
    g_set_error (error, UNS_ERROR, UNS_ERROR_DISK_FULL,
                 _("%s: the disk is full (%s)."), what, message);
  else
    g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                 "%s: %s", what, message);
  return FALSE;
}

static void
format_day (const GDate *day,
            char         text[UNS_DAY_TEXT_LEN])
{
  g_snprintf (text, UNS_DAY_TEXT_LEN, "%04u-%02u-%02u",
              (guint) g_date_get_year (day),
              (guint) g_date_get_month (day),
              (guint) g_date_get_day (day));
}

/* Statements the daemon runs all day stay prepared from open to close. The
 * others, for editing limits, services and downtime and for forgetting
 * time, are prepared when used and finalized again once writes are over
 * (uns_store_shrink()): about half the memory prepared statements take
 * (make bench, "Memory"). All of them are prepared once at open, which is
 * how a file whose schema is not ours is recognised. */
#define STMT_FIRST_COLD STMT_FORGET_SPANS
#define STMT_LAST_COLD  STMT_DOWNTIME_INSERT

static gboolean
stmt_is_cold (UnsStmt which)
{
  return which >= STMT_FIRST_COLD && which <= STMT_LAST_COLD;
}

/* A statement that stays prepared, reset and ready to bind. */
static UnsStmtLease *
store_stmt (UnsStore *self,
            UnsStmt   which)
{
  sqlite3_stmt *stmt = self->stmts[which];

  g_assert (stmt != NULL);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return stmt;
}

/* A statement prepared on demand (stmt_is_cold()), or %NULL with @error
 * set when SQLite cannot prepare it. */
static UnsStmtLease *
store_stmt_cold (UnsStore   *self,
                 UnsStmt     which,
                 const char *what,
                 GError    **error)
{
  g_assert (stmt_is_cold (which));

  if (self->stmts[which] == NULL)
    {
      int rc = sqlite3_prepare_v2 (self->db, stmt_sql[which], -1, &self->stmts[which], NULL);

      if (rc != SQLITE_OK)
        {
          g_clear_pointer (&self->stmts[which], sqlite3_finalize);
          set_sqlite_error (error, self->db, rc, what);
          return NULL;
        }
    }
  return store_stmt (self, which);
}

static void
store_finalize_cold (UnsStore *self)
{
  for (guint i = STMT_FIRST_COLD; i <= STMT_LAST_COLD; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
}

/* For statements that return no rows. */
static gboolean
store_step_done (UnsStore     *self,
                 sqlite3_stmt *stmt,
                 const char   *what,
                 GError      **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, what);
  return TRUE;
}

static gboolean
store_run (UnsStore   *self,
           UnsStmt     which,
           const char *what,
           GError    **error)
{
  g_autoptr(UnsStmtLease) stmt = NULL;

  stmt = stmt_is_cold (which) ? store_stmt_cold (self, which, what, error) : store_stmt (self, which);
  if (stmt == NULL)
    return FALSE;
  return store_step_done (self, stmt, what, error);
}

/* For one-off statements (setup and migrations). */
static gboolean
store_exec (sqlite3    *db,
            const char *sql,
            const char *what,
            GError    **error)
{
  char *message = NULL;
  int rc;

  rc = sqlite3_exec (db, sql, NULL, NULL, &message);
  if (rc != SQLITE_OK)
    {
      if ((rc & 0xff) == SQLITE_FULL)
        g_set_error (error, UNS_ERROR, UNS_ERROR_DISK_FULL,
                     _("%s: the disk is full (%s)."), what,
                     message != NULL ? message : sqlite3_errstr (rc));
      else
        g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE, "%s: %s", what,
                     message != NULL ? message : sqlite3_errstr (rc));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
store_begin (UnsStore *self,
             GError  **error)
{
  return store_run (self, STMT_BEGIN, _("Could not start saving"), error);
}

/* Undoes the open transaction, if SQLite has not already done so (it rolls
 * back by itself after some errors, such as a full disk). */
static void
store_rollback (UnsStore *self)
{
  g_autoptr(GError) error = NULL;

  if (sqlite3_get_autocommit (self->db))
    return;
  if (!store_run (self, STMT_ROLLBACK, "ROLLBACK", &error))
    g_warning ("Could not undo an unfinished change to the database: %s", error->message);
}

static gboolean
store_commit (UnsStore *self,
              GError  **error)
{
  if (!store_run (self, STMT_COMMIT, _("Could not save"), error))
    {
      /* A failed COMMIT may leave the transaction open (SQLITE_BUSY); it
       * must not linger and be committed by some later call. */
      store_rollback (self);
      return FALSE;
    }
  return TRUE;
}

/* The clean-close mark: the database file's identity, size and change time
 * as this store left it, so the next start can tell that nothing (no crash,
 * no power cut, no other program) touched it since. */
static char *
store_file_stamp (const char *path)
{
  struct stat st;

  if (stat (path, &st) != 0)
    return NULL;
  return g_strdup_printf ("%" G_GUINT64_FORMAT " %" G_GINT64_FORMAT " %" G_GINT64_FORMAT ".%09ld\n",
                          (guint64) st.st_ino, (gint64) st.st_size,
                          (gint64) st.st_mtim.tv_sec, (long) st.st_mtim.tv_nsec);
}

/* Marks a clean close: SQLite, as the last connection, has checkpointed the
 * write-ahead log into the file and deleted it. */
static void
store_mark_clean (UnsStore *self)
{
  g_autofree char *wal = g_strconcat (self->path, "-wal", NULL);
  g_autofree char *mark = g_strconcat (self->path, UNS_STORE_CLEAN_SUFFIX, NULL);
  g_autofree char *stamp = NULL;
  g_autoptr(GError) error = NULL;
  struct timespec times[2] = { { 0, UTIME_OMIT }, { 0, 0 } };
  struct stat st;

  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    return; /* another connection is still open: not ours to vouch for */
  /* File times advance in kernel ticks, so a write a moment from now could
   * leave the same time behind. Set it a second back: any later write then
   * moves it forward, and the mark no longer matches. */
  if (stat (self->path, &st) != 0)
    return;
  times[1] = st.st_mtim;
  times[1].tv_sec -= 1;
  if (utimensat (AT_FDCWD, self->path, times, 0) != 0)
    return;
  stamp = store_file_stamp (self->path);
  if (stamp == NULL)
    return;
  /* No fsync: a mark lost to a power cut only costs one full check. */
  if (!g_file_set_contents_full (mark, stamp, -1, G_FILE_SET_CONTENTS_NONE, 0600, &error))
    g_debug ("Could not mark the clean close: %s", error->message);
}

/* Whether the file is exactly as a clean close of ours left it. The mark is
 * used up here: should this run end in a crash, the next start finds none. */
static gboolean
store_take_clean_mark (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *mark = g_strconcat (path, UNS_STORE_CLEAN_SUFFIX, NULL);
  g_autofree char *recorded = NULL;
  g_autofree char *stamp = NULL;
  struct stat st;

  if (!g_file_get_contents (mark, &recorded, NULL, NULL))
    return FALSE;
  if (g_unlink (mark) != 0)
    return FALSE;
  /* A log with content is what a crash or power cut leaves behind. */
  if (stat (wal, &st) == 0 && st.st_size > 0)
    return FALSE;
  stamp = store_file_stamp (path);
  return stamp != NULL && g_strcmp0 (stamp, recorded) == 0;
}

static void
uns_store_dispose (GObject *object)
{
  UnsStore *self = UNS_STORE (object);

  g_clear_handle_id (&self->shrink_id, g_source_remove);
  for (guint i = 0; i < N_STMTS; i++)
    g_clear_pointer (&self->stmts[i], sqlite3_finalize);
  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      if (rc != SQLITE_OK)
        g_warning ("Could not close the database cleanly: %s", sqlite3_errstr (rc));
      else if (self->opened)
        store_mark_clean (self);
      self->db = NULL;
    }

  G_OBJECT_CLASS (uns_store_parent_class)->dispose (object);
}

static void
uns_store_finalize (GObject *object)
{
  UnsStore *self = UNS_STORE (object);

  g_free (self->path);
  g_free (self->problem);
  g_free (self->test_max_pages);
  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (uns_store_parent_class)->finalize (object);
}

static void
uns_store_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  UnsStore *self = UNS_STORE (object);

  switch (prop_id)
    {
    case PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
uns_store_class_init (UnsStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uns_store_dispose;
  object_class->finalize = uns_store_finalize;
  object_class->get_property = uns_store_get_property;

  /**
   * UnsStore:problem: (nullable)
   *
   * Why recorded time cannot be saved right now, in words for the user, or
   * %NULL while saving works. Set by a failed uns_store_add_time() or
   * batch and cleared by the next save that succeeds; in a batch, its COMMIT
   * decides.
   */
  props[PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);
}

static void
uns_store_init (UnsStore *self)
{
  self->tz = g_time_zone_new_local ();
  self->boundary_minutes = UNS_DAY_BOUNDARY_DEFAULT;
}

/**
 * uns_store_default_path:
 *
 * Returns: (transfer full): $XDG_DATA_HOME/unscroll/unscroll.db
 */
char *
uns_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "unscroll", "unscroll.db", NULL);
}

/* Gives @path exactly @mode if it exists and has another, whatever the
 * umask was when it was made. Time spent on apps is private. */
static gboolean
ensure_mode (const char *path,
             mode_t      mode,
             GError    **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int errsv = errno;

      if (errsv == ENOENT)
        return TRUE;
      g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                   _("Could not check the permissions of %s: %s"),
                   path, g_strerror (errsv));
      return FALSE;
    }

  if ((st.st_mode & 07777) != mode && g_chmod (path, mode) != 0)
    {
      int errsv = errno;

      g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                   _("Could not make %s private: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static gboolean
ensure_private_files (const char *path,
                      GError    **error)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *companion = g_strconcat (path, suffixes[i], NULL);

      if (!ensure_mode (companion, 0600, error))
        return FALSE;
    }
  return TRUE;
}

/* Creates the folder (0700) and the database file (0600) before SQLite
 * opens it, so the file is never readable by others, not even for a
 * moment. */
static gboolean
prepare_files (const char *path,
               GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                   _("Could not create the folder %s: %s"), dir, g_strerror (errsv));
      return FALSE;
    }
  if (!ensure_mode (dir, 0700, error))
    return FALSE;
  /* SQLite's own words for a read-only folder ("unable to open database
   * file", "attempt to write a readonly database") say nothing of where
   * the problem is or what to do about it. */
  if (g_access (dir, W_OK) != 0)
    {
      int errsv = errno;

      g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                   _("Unscroll cannot write to its data folder %s (%s), so it cannot save "
                     "your time. Make the folder writable and start Unscroll again; "
                     "nothing in it was changed."),
                   dir, g_strerror (errsv));
      return FALSE;
    }

  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int errsv = errno;

      g_set_error (error, UNS_ERROR,
                   errsv == ENOSPC ? UNS_ERROR_DISK_FULL : UNS_ERROR_STORAGE,
                   _("Could not create the database %s: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  g_close (fd, NULL);

  return ensure_mode (path, 0600, error) && ensure_private_files (path, error);
}

static gboolean
store_pragma_int (sqlite3    *db,
                  const char *sql,
                  gint64     *out_value,
                  GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc, _("Could not read the database"));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, db, rc == SQLITE_DONE ? SQLITE_ERROR : rc,
                             _("Could not read the database"));
  *out_value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static gboolean
migrate_to_v1 (sqlite3 *db,
               GError **error)
{
  static const char schema[] =
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

  return store_exec (db, schema, _("Could not create the database tables"), error);
}

/* Limits get AUTOINCREMENT ids: an id is handed to front ends and kept in
 * the events of the limit, so one that was removed must never come back
 * as the id of another limit. Events point at no other table: they stay
 * in the report after their limit or service is gone. */
static gboolean
migrate_to_v2 (sqlite3 *db,
               GError **error)
{
  static const char schema[] =
    "CREATE TABLE limits ("
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  scope TEXT NOT NULL CHECK (scope IN ('service', 'category', 'total')),"
    "  target TEXT NOT NULL,"
    "  minutes_mon INTEGER NOT NULL CHECK (minutes_mon BETWEEN 0 AND 1440),"
    "  minutes_tue INTEGER NOT NULL CHECK (minutes_tue BETWEEN 0 AND 1440),"
    "  minutes_wed INTEGER NOT NULL CHECK (minutes_wed BETWEEN 0 AND 1440),"
    "  minutes_thu INTEGER NOT NULL CHECK (minutes_thu BETWEEN 0 AND 1440),"
    "  minutes_fri INTEGER NOT NULL CHECK (minutes_fri BETWEEN 0 AND 1440),"
    "  minutes_sat INTEGER NOT NULL CHECK (minutes_sat BETWEEN 0 AND 1440),"
    "  minutes_sun INTEGER NOT NULL CHECK (minutes_sun BETWEEN 0 AND 1440),"
    "  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),"
    "  strict INTEGER NOT NULL CHECK (strict IN (0, 1)),"
    "  mindful_pause INTEGER NOT NULL CHECK (mindful_pause IN (0, 1)),"
    "  UNIQUE (scope, target),"
    /* So UNIQUE allows exactly one total limit. */
    "  CHECK ((scope = 'total') = (target = ''))"
    ");"
    "CREATE TABLE downtime ("
    "  id INTEGER PRIMARY KEY,"
    "  start_min INTEGER NOT NULL CHECK (start_min BETWEEN 0 AND 1439),"
    "  end_min INTEGER NOT NULL CHECK (end_min BETWEEN 0 AND 1439),"
    "  days INTEGER NOT NULL CHECK (days BETWEEN 0 AND 127)"
    ");"
    "CREATE TABLE events ("
    "  id INTEGER PRIMARY KEY,"
    "  at_us INTEGER NOT NULL,"
    "  day TEXT NOT NULL CHECK (length (day) = 10),"
    "  kind TEXT NOT NULL,"
    "  service TEXT NOT NULL DEFAULT '',"
    "  limit_id INTEGER NOT NULL DEFAULT 0"
    ");"
    "CREATE INDEX events_day_kind ON events (day, kind);";

  return store_exec (db, schema, _("Could not add the tables for limits"), error);
}

typedef gboolean (*UnsMigrateFunc) (sqlite3 *db,
                                    GError **error);

/* migrations[N] takes a database from version N to N + 1. */
static const UnsMigrateFunc migrations[UNS_STORE_SCHEMA_VERSION] = {
  migrate_to_v1,
  migrate_to_v2,
};

static gboolean
store_migrate (sqlite3    *db,
               const char *path,
               gboolean   *out_not_ours,
               GError    **error)
{
  for (;;)
    {
      g_autofree char *set_version = NULL;
      gint64 version = 0;

      if (!store_exec (db, "BEGIN IMMEDIATE", _("Could not open the database"), error))
        return FALSE;

      if (!store_pragma_int (db, "PRAGMA user_version", &version, error))
        goto fail;

      if (version > UNS_STORE_SCHEMA_VERSION)
        {
          g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                       _("The database %s was written by a newer version of Unscroll "
                         "(format %lld; this version reads up to %d). "
                         "Update Unscroll to keep using it; nothing in it was changed."),
                       path, (long long) version, UNS_STORE_SCHEMA_VERSION);
          goto fail;
        }
      if (version < 0)
        {
          g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                       _("The database %s has an unknown format (%lld)."),
                       path, (long long) version);
          goto fail;
        }
      if (version == UNS_STORE_SCHEMA_VERSION)
        return store_exec (db, "COMMIT", _("Could not open the database"), error);
      if (version == 0)
        {
          gint64 n_tables = 0;

          /* Format 0 with tables in it is another program's database:
           * building ours into it would mix the two. */
          if (!store_pragma_int (db, "SELECT count(*) FROM sqlite_master", &n_tables, error))
            goto fail;
          if (n_tables > 0)
            {
              *out_not_ours = TRUE;
              g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                           _("The file %s is a database of some other program."), path);
              goto fail;
            }
        }

      if (!migrations[version] (db, error))
        goto fail;

      set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT, version + 1);
      if (!store_exec (db, set_version, _("Could not update the database"), error))
        goto fail;
      if (!store_exec (db, "COMMIT", _("Could not update the database"), error))
        goto fail;
      continue;

fail:
      if (!sqlite3_get_autocommit (db))
        sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
}

static gboolean store_check_integrity (UnsStore   *self,
                                       const char *what,
                                       gboolean    closed_cleanly,
                                       GError    **error);

/* Writes fill SQLite's page cache (up to 2 MB) with pages of the trees they
 * went through, which the next write, minutes later, finds in the kernel's
 * own cache anyway; and malloc keeps what SQLite frees. A daemon that runs
 * all day gives both back after it writes: right after a lone commit (a
 * checkpoint), in the same wake-up; during a burst at most every
 * UNS_STORE_SHRINK_DELAY_S, and once more after its last commit. Nothing
 * runs while nothing is written. */
static gboolean
store_shrink_cb (gpointer user_data)
{
  UnsStore *self = user_data;

  self->shrink_id = 0;
  uns_store_shrink (self);
  return G_SOURCE_REMOVE;
}

static void
store_schedule_shrink (UnsStore *self)
{
  gint64 wait;

  if (self->shrink_id != 0)
    return;
  wait = self->shrunk_at + UNS_STORE_SHRINK_DELAY_S * G_USEC_PER_SEC - g_get_monotonic_time ();
  if (self->shrunk_at == 0 || wait <= 0)
    self->shrink_id = g_idle_add_full (G_PRIORITY_LOW, store_shrink_cb, self, NULL);
  else
    self->shrink_id = g_timeout_add_full (G_PRIORITY_LOW, (guint) (wait / 1000) + 1,
                                          store_shrink_cb, self, NULL);
}

/* Counts the transactions that go to the disk, whoever started them, and
 * has the memory they took given back afterwards. */
static int
store_commit_hook_cb (void *user_data)
{
  UnsStore *self = user_data;

  self->commits++;
  store_schedule_shrink (self);
  return 0; /* let it commit */
}

static gboolean
store_open (UnsStore *self,
            GError  **error)
{
  g_autofree char *what = g_strdup_printf (_("Could not open the database %s"), self->path);
  g_autoptr(sqlite3_stmt) wal = NULL;
  const char *journal_mode;
  gboolean closed_cleanly;
  int rc;

  if (!prepare_files (self->path, error))
    return FALSE;
  closed_cleanly = store_take_clean_mark (self->path);

#if UNS_ENABLE_TEST_CLOCK
  self->test_max_pages = g_strdup (g_getenv ("UNSCROLL_TEST_MAX_PAGES_FILE"));
#endif

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, rc, what);
      /* SQLite hands out a handle even when opening fails. */
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_commit_hook (self->db, store_commit_hook_cb, self);

  rc = sqlite3_busy_timeout (self->db, UNS_STORE_BUSY_TIMEOUT_MS);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, self->db, rc, what);

  /* The first statement to read the file: a file that is not a database
   * fails here, with SQLite's "file is not a database". */
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA journal_mode = WAL", -1, &wal, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (wal);
  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, self->db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, what);
  journal_mode = (const char *) sqlite3_column_text (wal, 0);
  if (journal_mode == NULL || g_ascii_strcasecmp (journal_mode, "wal") != 0)
    {
      /* Some file systems (network ones) cannot share WAL memory. Keep
       * working with a rollback journal: exports then wait for writes
       * instead of reading alongside them. */
      g_warning ("The database %s cannot use write-ahead logging (journal mode is %s)",
                 self->path, journal_mode != NULL ? journal_mode : "unknown");
    }
  g_clear_pointer (&wal, sqlite3_finalize);

  if (!store_exec (self->db,
                   "PRAGMA synchronous = FULL;"
                   "PRAGMA foreign_keys = ON;",
                   what, error))
    return FALSE;

  if (!store_check_integrity (self, what, closed_cleanly, error))
    return FALSE;
  /* quick_check read every page through the page cache, filling it (2 MB)
   * with pages reports never read again: give that memory back. */
  sqlite3_db_release_memory (self->db);

  if (!store_migrate (self->db, self->path, &self->not_ours, error))
    return FALSE;

  /* SQLite gives -wal and -shm the database's mode, but make sure. */
  if (!ensure_private_files (self->path, error))
    return FALSE;

  for (guint i = 0; i < N_STMTS; i++)
    {
      rc = sqlite3_prepare_v3 (self->db, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT,
                               &self->stmts[i], NULL);
      if (rc != SQLITE_OK)
        {
          /* A table or column of ours is missing: the schema is not ours. */
          if (rc == SQLITE_ERROR)
            self->not_ours = TRUE;
          return set_sqlite_error (error, self->db, rc, what);
        }
    }
  store_finalize_cold (self);

  self->opened = TRUE;
  return TRUE;
}

/* A damaged file is found here rather than by some later write that would
 * then fail again and again. quick_check reads every page once: about 0.3 s
 * for three years of data (100 MB), so it runs only when the file may have
 * been damaged, that is unless our own clean close left it and nothing
 * touched it since (see store_take_clean_mark()). Damage comes from a
 * crash, a power cut or another program writing to the file, and each of
 * those leaves a write-ahead log with content, no mark, or a file whose
 * size or change time differ from the mark. A file that is not a database
 * at all is found before this, by the first statement that reads it, and
 * one of another program by store_migrate(). */
static gboolean
store_check_integrity (UnsStore   *self,
                       const char *what,
                       gboolean    closed_cleanly,
                       GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  const char *result;
  int rc;

  if (closed_cleanly)
    {
      g_debug ("The database %s was closed cleanly: not checking every page", self->path);
      return TRUE;
    }

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check (1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return set_sqlite_error (error, self->db, rc == SQLITE_DONE ? SQLITE_ERROR : rc, what);

  result = (const char *) sqlite3_column_text (stmt, 0);
  if (g_strcmp0 (result, "ok") != 0)
    {
      self->not_ours = TRUE;
      g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                   _("The database %s is damaged (%s)."), self->path,
                   result != NULL ? result : "?");
      return FALSE;
    }
  return TRUE;
}

/**
 * uns_store_new:
 * @path: the database file; its folder is created if needed
 * @error: return location for a #GError
 *
 * Opens the database, creating it (0600, in a 0700 folder) or bringing its
 * format up to date as needed.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 *   (%UNS_ERROR_STORAGE: not a database, written by a newer Unscroll, or
 *   unreadable; %UNS_ERROR_DISK_FULL)
 */
UnsStore *
uns_store_new (const char *path,
               GError    **error)
{
  g_autoptr(UnsStore) self = NULL;

  g_return_val_if_fail (path != NULL && path[0] != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (UNS_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!store_open (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Moves @path and its companions to PATH.corrupt-YYYYMMDD-HHMMSS (with a
 * number after it should that be taken already). Nothing is deleted: the
 * user or a bug report may still want what is in there. */
static char *
set_aside (const char *path,
           GError    **error)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *target = g_strdup_printf ("%s.corrupt-%s", path, stamp);

  for (guint n = 2; g_file_test (target, G_FILE_TEST_EXISTS); n++)
    {
      g_free (target);
      target = g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, n);
    }

  if (g_rename (path, target) != 0)
    {
      int errsv = errno;

      g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                   _("Could not move the damaged database %s aside: %s"),
                   path, g_strerror (errsv));
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (target, suffixes[i], NULL);

      if (g_rename (from, to) != 0 && errno != ENOENT)
        {
          int errsv = errno;

          /* Left behind, it would be read as part of the fresh database. */
          g_set_error (error, UNS_ERROR, UNS_ERROR_STORAGE,
                       _("Could not move %s aside: %s"), from, g_strerror (errsv));
          return NULL;
        }
    }

  return g_steal_pointer (&target);
}

/**
 * uns_store_new_or_set_aside:
 * @path: the database file; its folder is created if needed
 * @out_moved_to: (out) (optional) (transfer full): where a file that was
 *   not a usable database of ours was moved to, or %NULL if none was
 * @error: return location for a #GError
 *
 * Like uns_store_new(), but a file that is not a database, is damaged or
 * belongs to another program is moved aside (never deleted) and a fresh
 * database made in its place, so that a broken file never stops tracking.
 * A database from a newer Unscroll is left alone: that is an error.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
UnsStore *
uns_store_new_or_set_aside (const char *path,
                            char      **out_moved_to,
                            GError    **error)
{
  g_autoptr(UnsStore) self = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *moved_to = NULL;
  gboolean not_ours;

  g_return_val_if_fail (path != NULL && path[0] != '\0', NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (out_moved_to != NULL)
    *out_moved_to = NULL;

  self = g_object_new (UNS_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  if (store_open (self, &local_error))
    return g_steal_pointer (&self);

  not_ours = self->not_ours;
  if (!not_ours && self->db != NULL)
    {
      int code = sqlite3_errcode (self->db) & 0xff;

      not_ours = code == SQLITE_NOTADB || code == SQLITE_CORRUPT;
    }
  if (!not_ours)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  /* Why, for the log: the caller tells the user where the file went. */
  g_message ("%s", local_error->message);
  /* Closes the file before it is moved. */
  g_clear_object (&self);

  moved_to = set_aside (path, error);
  if (moved_to == NULL)
    return NULL;

  self = uns_store_new (path, error);
  if (self == NULL)
    return NULL;

  if (out_moved_to != NULL)
    *out_moved_to = g_steal_pointer (&moved_to);
  return g_steal_pointer (&self);
}

/**
 * uns_store_get_problem:
 * @self: the store
 *
 * Returns: (nullable): why recorded time cannot be saved right now, in words
 *   for the user; %NULL while saving works. See #UnsStore:problem.
 */
const char *
uns_store_get_problem (UnsStore *self)
{
  g_return_val_if_fail (UNS_IS_STORE (self), NULL);

  return self->problem;
}

static void
store_set_problem (UnsStore   *self,
                   const char *problem)
{
  if (g_strcmp0 (self->problem, problem) == 0)
    return;
  g_free (self->problem);
  self->problem = g_strdup (problem);
  g_object_notify_by_pspec (G_OBJECT (self), props[PROP_PROBLEM]);
}

#if UNS_ENABLE_TEST_CLOCK
/* Tests fill the disk with PRAGMA max_page_count: the file named by
 * UNSCROLL_TEST_MAX_PAGES_FILE holds the page count allowed, and is read
 * before every save so a test can make room again while the daemon runs.
 * A missing or empty file means no cap. Test builds only. */
static void
store_apply_test_max_pages (UnsStore *self)
{
  g_autofree char *contents = NULL;
  g_autofree char *sql = NULL;
  guint64 pages = 1073741823; /* SQLite's default */

  if (self->test_max_pages == NULL)
    return;
  if (g_file_get_contents (self->test_max_pages, &contents, NULL, NULL))
    {
      g_strstrip (contents);
      if (contents[0] != '\0' &&
          !g_ascii_string_to_unsigned (contents, 10, 1, pages, &pages, NULL))
        g_warning ("UNSCROLL_TEST_MAX_PAGES_FILE holds no page count: %s", contents);
    }

  sql = g_strdup_printf ("PRAGMA max_page_count = %" G_GUINT64_FORMAT, pages);
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}
#endif

const char *
uns_store_get_path (UnsStore *self)
{
  g_return_val_if_fail (UNS_IS_STORE (self), NULL);

  return self->path;
}

/**
 * uns_store_set_day_rules:
 * @self: the store
 * @tz: (nullable): the time zone local days are counted in; %NULL for the
 *   system's
 * @boundary_minutes: minutes after local midnight at which days start
 *
 * Sets how uns_store_add_time() splits time into local days. Time already
 * recorded keeps the days it was recorded with.
 */
void
uns_store_set_day_rules (UnsStore  *self,
                         GTimeZone *tz,
                         guint      boundary_minutes)
{
  g_return_if_fail (UNS_IS_STORE (self));
  g_return_if_fail (boundary_minutes <= UNS_DAY_BOUNDARY_MAX);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_local ();
  self->boundary_minutes = boundary_minutes;
}

static gboolean
bind_record (sqlite3_stmt    *stmt,
             int              first,
             const char      *day,
             const UnsRecord *record,
             const char      *service)
{
  return sqlite3_bind_text (stmt, first, day, -1, SQLITE_STATIC) == SQLITE_OK &&
         sqlite3_bind_int (stmt, first + 1, (int) record->kind) == SQLITE_OK &&
         sqlite3_bind_text (stmt, first + 2, record->subject, -1, SQLITE_STATIC) == SQLITE_OK &&
         sqlite3_bind_text (stmt, first + 3, service, -1, SQLITE_STATIC) == SQLITE_OK &&
         sqlite3_bind_text (stmt, first + 4, record->category, -1, SQLITE_STATIC) == SQLITE_OK;
}

/* Records one piece of time that lies within one local day. */
static gboolean
store_add_piece (UnsStore        *self,
                 const UnsRecord *record,
                 const char      *service,
                 const char      *day,
                 gint64           start_usec,
                 gint64           end_usec,
                 gint64           extend_id,
                 gint64          *out_id,
                 GError         **error)
{
  const char *what = _("Could not record time");
  gboolean extended = FALSE;

  if (extend_id != 0)
    {
      g_autoptr(UnsStmtLease) stmt = store_stmt (self, STMT_SPAN_EXTEND);

      if (sqlite3_bind_int64 (stmt, 1, end_usec) != SQLITE_OK ||
          sqlite3_bind_int64 (stmt, 2, extend_id) != SQLITE_OK ||
          sqlite3_bind_int64 (stmt, 3, start_usec) != SQLITE_OK ||
          !bind_record (stmt, 4, day, record, service))
        return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
      if (!store_step_done (self, stmt, what, error))
        return FALSE;
      extended = sqlite3_changes (self->db) > 0;
    }

  if (extended)
    {
      *out_id = extend_id;
    }
  else
    {
      g_autoptr(UnsStmtLease) stmt = store_stmt (self, STMT_SPAN_INSERT);

      if (sqlite3_bind_int64 (stmt, 1, start_usec) != SQLITE_OK ||
          sqlite3_bind_int64 (stmt, 2, end_usec) != SQLITE_OK ||
          !bind_record (stmt, 3, day, record, service))
        return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
      if (!store_step_done (self, stmt, what, error))
        return FALSE;
      *out_id = sqlite3_last_insert_rowid (self->db);
    }

  {
    g_autoptr(UnsStmtLease) stmt = store_stmt (self, STMT_TOTAL_ADD);

    if (!bind_record (stmt, 1, day, record, service) ||
        sqlite3_bind_int64 (stmt, 6, end_usec - start_usec) != SQLITE_OK)
      return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
    if (!store_step_done (self, stmt, what, error))
      return FALSE;
  }

  return TRUE;
}

static gboolean store_add_time_in_transaction (UnsStore        *self,
                                               const UnsRecord *record,
                                               const char      *service,
                                               gint64           start_usec,
                                               gint64           end_usec,
                                               gint64           extend_id,
                                               gint64          *out_last_id,
                                               GError         **error);
static gboolean store_add_time_steps          (UnsStore        *self,
                                               const UnsRecord *record,
                                               const char      *service,
                                               gint64           start_usec,
                                               gint64           end_usec,
                                               gint64           extend_id,
                                               gint64          *out_last_id,
                                               GError         **error);

/**
 * uns_store_add_time:
 * @self: the store
 * @record: what the time was spent on
 * @start_usec: start of the time, Unix microseconds
 * @end_usec: end of the time (exclusive); nothing happens unless it is
 *   after @start_usec
 * @inout_span_id: (inout) (optional): the span to extend, or 0; set to the
 *   span that holds the end of the time, for the next call to extend
 * @error: return location for a #GError
 *
 * Records [@start_usec, @end_usec) in one transaction, split at the start of
 * each local day. The first piece extends span *@inout_span_id when that
 * span is the same activity on the same day and ends exactly at
 * @start_usec, so a checkpointed activity stays one row.
 *
 * Inside a batch (uns_store_begin_batch()) the time joins the batch's
 * transaction instead and is saved only once uns_store_end_batch()
 * succeeds; a failure here undoes the whole batch and ends it.
 *
 * Returns: %TRUE once the time is durably saved (in a batch: added to it);
 *   %FALSE with @error set (%UNS_ERROR_STORAGE or %UNS_ERROR_DISK_FULL) when
 *   nothing was saved
 */
gboolean
uns_store_add_time (UnsStore        *self,
                    const UnsRecord *record,
                    gint64           start_usec,
                    gint64           end_usec,
                    gint64          *inout_span_id,
                    GError         **error)
{
  const char *service;
  gint64 extend_id, last_id = 0;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (record->kind == UNS_KIND_APP || record->kind == UNS_KIND_SITE, FALSE);
  g_return_val_if_fail (record->subject != NULL, FALSE);
  g_return_val_if_fail (record->category != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (end_usec <= start_usec)
    return TRUE;

  service = record->service != NULL ? record->service : "";
  extend_id = inout_span_id != NULL ? *inout_span_id : 0;

#if UNS_ENABLE_TEST_CLOCK
  if (!self->in_batch)
    store_apply_test_max_pages (self);
#endif

  if (!store_add_time_in_transaction (self, record, service, start_usec, end_usec,
                                      extend_id, &last_id, error))
    return FALSE;

  if (inout_span_id != NULL)
    *inout_span_id = last_id;
  return TRUE;
}

/* Keeps UnsStore:problem up to date after an attempt to save time: the
 * failures a user can do something about (a full disk) get words of their
 * own. @error is the attempt's error, %NULL when it was saved. */
static void
store_note_save (UnsStore     *self,
                 const GError *error)
{
  if (error == NULL)
    store_set_problem (self, NULL);
  else if (g_error_matches (error, UNS_ERROR, UNS_ERROR_DISK_FULL))
    store_set_problem (self, _("Your disk is full, so Unscroll is keeping today's time in "
                               "memory until there is room again."));
  else
    store_set_problem (self, _("Unscroll cannot save to its database right now, so it is "
                               "keeping today's time in memory and will try again."));
}

static gboolean
store_add_time_in_transaction (UnsStore        *self,
                               const UnsRecord *record,
                               const char      *service,
                               gint64           start_usec,
                               gint64           end_usec,
                               gint64           extend_id,
                               gint64          *out_last_id,
                               GError         **error)
{
  g_autoptr(GError) local_error = NULL;

  if (store_add_time_steps (self, record, service, start_usec, end_usec, extend_id,
                            out_last_id, &local_error))
    {
      /* In a batch nothing is saved until its COMMIT, which decides. */
      if (!self->in_batch)
        store_note_save (self, NULL);
      return TRUE;
    }

  store_note_save (self, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
store_add_time_steps (UnsStore        *self,
                      const UnsRecord *record,
                      const char      *service,
                      gint64           start_usec,
                      gint64           end_usec,
                      gint64           extend_id,
                      gint64          *out_last_id,
                      GError         **error)
{
  gint64 piece_start, piece_end;

  if (!self->in_batch && !store_begin (self, error))
    return FALSE;

  for (piece_start = start_usec; piece_start < end_usec; piece_start = piece_end)
    {
      char day_text[UNS_DAY_TEXT_LEN];
      GDate day;
      gint64 next_day;

      uns_day_of_instant (self->tz, self->boundary_minutes, piece_start, &day);
      next_day = uns_day_next_boundary_usec (self->tz, self->boundary_minutes, piece_start);
      /* Days always move forward; should a time zone ever claim otherwise,
       * keep the rest in this day rather than loop. */
      piece_end = next_day > piece_start ? MIN (next_day, end_usec) : end_usec;
      format_day (&day, day_text);

      if (!store_add_piece (self, record, service, day_text, piece_start, piece_end,
                            piece_start == start_usec ? extend_id : 0, out_last_id, error))
        {
          /* In a batch, all of it: a batch is saved whole or not at all. */
          store_rollback (self);
          self->in_batch = FALSE;
          return FALSE;
        }
    }

  if (self->in_batch)
    return TRUE;
  return store_commit (self, error);
}

/**
 * uns_store_begin_batch:
 * @self: the store
 * @error: return location for a #GError
 *
 * Starts one transaction that the following uns_store_add_time() calls join,
 * so that many pieces of time cost one commit (one fsync). Batches are
 * begun and ended within one call on the main thread: nothing else writes
 * to the store in between.
 *
 * Returns: %TRUE if the batch began; %FALSE with @error set otherwise
 */
gboolean
uns_store_begin_batch (UnsStore *self,
                       GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

#if UNS_ENABLE_TEST_CLOCK
  store_apply_test_max_pages (self);
#endif

  if (!store_begin (self, &local_error))
    {
      store_note_save (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  self->in_batch = TRUE;
  return TRUE;
}

/**
 * uns_store_end_batch:
 * @self: the store
 * @error: return location for a #GError
 *
 * Commits the batch. Only when this returns %TRUE is the time added in it
 * saved; on failure all of it is undone and #UnsStore:problem says why.
 * A batch that a failed uns_store_add_time() already undid cannot be
 * ended: use uns_store_abort_batch().
 *
 * Returns: %TRUE once everything in the batch is durably saved
 */
gboolean
uns_store_end_batch (UnsStore *self,
                     GError  **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->in_batch, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  self->in_batch = FALSE;
  ok = store_commit (self, &local_error);
  store_note_save (self, local_error);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));
  return ok;
}

/**
 * uns_store_abort_batch:
 * @self: the store
 *
 * Undoes the batch, if a failed uns_store_add_time() has not already.
 */
void
uns_store_abort_batch (UnsStore *self)
{
  g_return_if_fail (UNS_IS_STORE (self));

  if (!self->in_batch)
    return;
  self->in_batch = FALSE;
  store_rollback (self);
}

/**
 * uns_store_get_commit_count:
 * @self: the store
 *
 * Returns: how many transactions this store has sent to the disk since it
 *   was opened (each one fsync), for tests of group commit
 */
guint64
uns_store_get_commit_count (UnsStore *self)
{
  g_return_val_if_fail (UNS_IS_STORE (self), 0);

  return self->commits;
}

/**
 * uns_store_shrink:
 * @self: the store
 *
 * Gives back what the store holds only for speed: the statements for rare
 * edits, SQLite's page cache, and what malloc keeps of freed memory (the
 * whole process's). The store does this by itself after writes; the
 * daemon calls it once start-up is done.
 */
void
uns_store_shrink (UnsStore *self)
{
  g_return_if_fail (UNS_IS_STORE (self));

  g_clear_handle_id (&self->shrink_id, g_source_remove);
  self->shrunk_at = g_get_monotonic_time ();
  store_finalize_cold (self);
  if (self->db != NULL)
    sqlite3_db_release_memory (self->db);
#ifdef __GLIBC__
  malloc_trim (0);
#endif
}

/**
 * uns_store_get_cache_bytes:
 * @self: the store
 *
 * Returns: the heap memory SQLite's page cache holds for this store now,
 *   for tests that it is given back after writes
 */
gsize
uns_store_get_cache_bytes (UnsStore *self)
{
  int current = 0, highwater = 0;

  g_return_val_if_fail (UNS_IS_STORE (self), 0);

  if (self->db == NULL ||
      sqlite3_db_status (self->db, SQLITE_DBSTATUS_CACHE_USED, &current, &highwater, 0) != SQLITE_OK)
    return 0;
  return (gsize) MAX (current, 0);
}

typedef struct
{
  gint64 id;
  gint64 start_usec;
  gint64 end_usec;
  char   day[UNS_DAY_TEXT_LEN];
} UnsSpanCut;

static gboolean
store_find_pieces (UnsStore        *self,
                   const UnsRecord *record,
                   const char      *service,
                   gint64           span_start_usec,
                   gint64           cut_usec,
                   GArray          *pieces,
                   GError         **error)
{
  const char *what = _("Could not take time back out");
  g_autoptr(UnsStmtLease) stmt = store_stmt (self, STMT_TRUNCATE_FIND);
  char first_day[UNS_DAY_TEXT_LEN];
  GDate day;
  int rc;

  uns_day_of_instant (self->tz, self->boundary_minutes, span_start_usec, &day);
  format_day (&day, first_day);

  if (sqlite3_bind_text (stmt, 1, first_day, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 2, span_start_usec) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 3, cut_usec) != SQLITE_OK ||
      sqlite3_bind_int (stmt, 4, (int) record->kind) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 5, record->subject, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 6, service, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 7, record->category, -1, SQLITE_STATIC) != SQLITE_OK)
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);

  /* Gathered first: changing rows under a running SELECT of the same table
   * is not defined. */
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UnsSpanCut piece = { 0, };
      const char *text = (const char *) sqlite3_column_text (stmt, 3);

      piece.id = sqlite3_column_int64 (stmt, 0);
      piece.start_usec = sqlite3_column_int64 (stmt, 1);
      piece.end_usec = sqlite3_column_int64 (stmt, 2);
      g_strlcpy (piece.day, text != NULL ? text : "", sizeof piece.day);
      g_array_append_val (pieces, piece);
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, what);
  return TRUE;
}

static gboolean
store_cut_piece (UnsStore         *self,
                 const UnsRecord  *record,
                 const char       *service,
                 const UnsSpanCut *piece,
                 gint64            cut_usec,
                 GError          **error)
{
  const char *what = _("Could not take time back out");
  gint64 removed;

  if (piece->start_usec >= cut_usec)
    {
      g_autoptr(UnsStmtLease) stmt = store_stmt (self, STMT_SPAN_DELETE);

      removed = piece->end_usec - piece->start_usec;
      if (sqlite3_bind_int64 (stmt, 1, piece->id) != SQLITE_OK)
        return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
      if (!store_step_done (self, stmt, what, error))
        return FALSE;
    }
  else
    {
      g_autoptr(UnsStmtLease) stmt = store_stmt (self, STMT_SPAN_SET_END);

      removed = piece->end_usec - cut_usec;
      if (sqlite3_bind_int64 (stmt, 1, piece->id) != SQLITE_OK ||
          sqlite3_bind_int64 (stmt, 2, cut_usec) != SQLITE_OK)
        return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
      if (!store_step_done (self, stmt, what, error))
        return FALSE;
    }

  {
    g_autoptr(UnsStmtLease) stmt = store_stmt (self, STMT_TOTAL_SUBTRACT);

    if (!bind_record (stmt, 1, piece->day, record, service) ||
        sqlite3_bind_int64 (stmt, 6, removed) != SQLITE_OK)
      return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
    if (!store_step_done (self, stmt, what, error))
      return FALSE;
  }
  {
    /* A day left with no time of this activity keeps no empty row. */
    g_autoptr(UnsStmtLease) stmt = store_stmt (self, STMT_TOTAL_PRUNE);

    if (!bind_record (stmt, 1, piece->day, record, service))
      return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
    if (!store_step_done (self, stmt, what, error))
      return FALSE;
  }

  return TRUE;
}

/**
 * uns_store_truncate:
 * @self: the store
 * @record: the activity whose time is taken back
 * @span_start_usec: when the activity started: the start of the first piece
 *   uns_store_add_time() saved for it
 * @cut_usec: the instant from which its saved time did not really happen
 *   (idleness noticed after a checkpoint)
 * @error: return location for a #GError
 *
 * Takes back the time of @record saved from @cut_usec on, in the spans that
 * start at or after @span_start_usec: spans wholly after the cut are
 * deleted, the one across it ends there, and the day totals lose the same
 * time. One transaction; nothing happens when nothing was saved past the
 * cut. Afterwards the activity's span is no longer open: start a new one
 * (span id 0).
 *
 * Returns: %TRUE once the change is durably saved
 */
gboolean
uns_store_truncate (UnsStore        *self,
                    const UnsRecord *record,
                    gint64           span_start_usec,
                    gint64           cut_usec,
                    GError         **error)
{
  g_autoptr(GArray) pieces = NULL;
  const char *service;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (record->kind == UNS_KIND_APP || record->kind == UNS_KIND_SITE, FALSE);
  g_return_val_if_fail (record->subject != NULL, FALSE);
  g_return_val_if_fail (record->category != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  service = record->service != NULL ? record->service : "";
  pieces = g_array_new (FALSE, FALSE, sizeof (UnsSpanCut));

  if (!store_begin (self, error))
    return FALSE;

  if (!store_find_pieces (self, record, service, span_start_usec, cut_usec, pieces, error))
    {
      store_rollback (self);
      return FALSE;
    }
  for (guint i = 0; i < pieces->len; i++)
    {
      if (!store_cut_piece (self, record, service, &g_array_index (pieces, UnsSpanCut, i),
                            cut_usec, error))
        {
          store_rollback (self);
          return FALSE;
        }
    }

  return store_commit (self, error);
}

static gboolean
check_range (const GDate *from,
             const GDate *to,
             char         from_text[UNS_DAY_TEXT_LEN],
             char         to_text[UNS_DAY_TEXT_LEN],
             GError     **error)
{
  if (g_date_compare (from, to) > 0)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("The range of days ends before it starts."));
      return FALSE;
    }
  format_day (from, from_text);
  format_day (to, to_text);
  return TRUE;
}

/**
 * uns_store_summary:
 * @self: the store
 * @from: first local day
 * @to: last local day (inclusive)
 * @group_by: how to group the time
 * @error: return location for a #GError
 *
 * Sums recorded time over a range of days from the per-day totals:
 * %UNS_GROUP_SERVICE per service (social time only), %UNS_GROUP_CATEGORY
 * per category (all time), %UNS_GROUP_APP per app id, %UNS_GROUP_SITE per
 * domain ("" for the anonymous bucket), all sorted by time, most first,
 * then by key; %UNS_GROUP_DAY social time for every day in the range, zero
 * days included, oldest first.
 *
 * Returns: (transfer container) (element-type UnsSummaryRow): the rows, or
 *   %NULL with @error set
 */
GPtrArray *
uns_store_summary (UnsStore    *self,
                   const GDate *from,
                   const GDate *to,
                   UnsGroupBy   group_by,
                   GError     **error)
{
  static const UnsStmt group_stmts[] = {
    [UNS_GROUP_SERVICE] = STMT_SUMMARY_SERVICE,
    [UNS_GROUP_CATEGORY] = STMT_SUMMARY_CATEGORY,
    [UNS_GROUP_APP] = STMT_SUMMARY_APP,
    [UNS_GROUP_SITE] = STMT_SUMMARY_SITE,
    [UNS_GROUP_DAY] = STMT_SUMMARY_DAY,
  };
  const char *what = _("Could not read recorded time");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(UnsStmtLease) stmt = NULL;
  char from_text[UNS_DAY_TEXT_LEN], to_text[UNS_DAY_TEXT_LEN];
  GDate cursor;
  int rc;

  g_return_val_if_fail (UNS_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);
  g_return_val_if_fail ((guint) group_by < G_N_ELEMENTS (group_stmts), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_range (from, to, from_text, to_text, error))
    return NULL;

  stmt = store_stmt (self, group_stmts[group_by]);
  if (sqlite3_bind_text (stmt, 1, from_text, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 2, to_text, -1, SQLITE_STATIC) != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
      return NULL;
    }

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) uns_summary_row_free);
  cursor = *from;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      gint64 usec = sqlite3_column_int64 (stmt, 1);

      if (group_by == UNS_GROUP_DAY)
        {
          /* Fill the days without social time that come before this one. */
          for (;;)
            {
              char cursor_text[UNS_DAY_TEXT_LEN];
              int cmp;

              format_day (&cursor, cursor_text);
              cmp = g_strcmp0 (cursor_text, key);
              if (cmp > 0)
                break;
              g_ptr_array_add (rows, uns_summary_row_new (cursor_text, cmp == 0 ? usec : 0));
              g_date_add_days (&cursor, 1);
              if (cmp == 0)
                break;
            }
        }
      else
        {
          g_ptr_array_add (rows, uns_summary_row_new (key, usec));
        }
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, what);
      return NULL;
    }

  if (group_by == UNS_GROUP_DAY)
    {
      for (; g_date_compare (&cursor, to) <= 0; g_date_add_days (&cursor, 1))
        {
          char cursor_text[UNS_DAY_TEXT_LEN];

          format_day (&cursor, cursor_text);
          g_ptr_array_add (rows, uns_summary_row_new (cursor_text, 0));
        }
    }

  return g_steal_pointer (&rows);
}

static gboolean
store_forget_run (UnsStore   *self,
                  UnsStmt     which,
                  const char *from_text,
                  const char *to_text,
                  const char *service,
                  guint64    *out_changes,
                  GError    **error)
{
  const char *what = _("Could not forget recorded time");
  g_autoptr(UnsStmtLease) stmt = store_stmt_cold (self, which, what, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_text (stmt, 1, from_text, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 2, to_text, -1, SQLITE_STATIC) != SQLITE_OK ||
      (service != NULL && sqlite3_bind_text (stmt, 3, service, -1, SQLITE_STATIC) != SQLITE_OK))
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
  if (!store_step_done (self, stmt, what, error))
    return FALSE;
  if (out_changes != NULL)
    *out_changes = (guint64) sqlite3_changes64 (self->db);
  return TRUE;
}

/**
 * uns_store_forget:
 * @self: the store
 * @from: first local day
 * @to: last local day (inclusive)
 * @service: (nullable): forget only this service's time; %NULL or "" for
 *   everything
 * @out_removed: (out) (optional): how many spans were removed
 * @error: return location for a #GError
 *
 * Deletes recorded time for good, spans and totals together in one
 * transaction.
 */
gboolean
uns_store_forget (UnsStore    *self,
                  const GDate *from,
                  const GDate *to,
                  const char  *service,
                  guint64     *out_removed,
                  GError     **error)
{
  char from_text[UNS_DAY_TEXT_LEN], to_text[UNS_DAY_TEXT_LEN];
  gboolean one_service;
  guint64 removed = 0;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (from != NULL && g_date_valid (from), FALSE);
  g_return_val_if_fail (to != NULL && g_date_valid (to), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_range (from, to, from_text, to_text, error))
    return FALSE;

  one_service = service != NULL && service[0] != '\0';

  if (!store_begin (self, error))
    return FALSE;

  if (!store_forget_run (self, one_service ? STMT_FORGET_SPANS_SERVICE : STMT_FORGET_SPANS,
                         from_text, to_text, one_service ? service : NULL, &removed, error) ||
      !store_forget_run (self, one_service ? STMT_FORGET_TOTALS_SERVICE : STMT_FORGET_TOTALS,
                         from_text, to_text, one_service ? service : NULL, NULL, error))
    {
      store_rollback (self);
      return FALSE;
    }

  if (!store_commit (self, error))
    return FALSE;

  if (out_removed != NULL)
    *out_removed = removed;
  return TRUE;
}

/* Export: everything the worker thread needs, so it never touches the
 * store object or its connection. */
typedef struct
{
  char            *path;                       /* (owned) */
  GOutputStream   *stream;                     /* (owned): owns the fd */
  UnsExportFormat  format;
  char             from_text[UNS_DAY_TEXT_LEN];
  char             to_text[UNS_DAY_TEXT_LEN];
  guint64          rows;
} UnsExportData;

static void
uns_export_data_free (UnsExportData *data)
{
  g_free (data->path);
  g_clear_object (&data->stream);
  g_free (data);
}

static void
set_write_error (GError **error,
                 GError  *local)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, local);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_DISK_FULL,
                   _("The export stopped because the disk is full (%s)."), local->message);
      g_error_free (local);
    }
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   _("The export stopped because nothing is reading it any more (%s)."),
                   local->message);
      g_error_free (local);
    }
  else
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   _("The export could not be written (%s)."), local->message);
      g_error_free (local);
    }
}

static gboolean
export_write (GOutputStream *out,
              GString       *text,
              GCancellable  *cancellable,
              GError       **error)
{
  GError *local = NULL;

  if (text->len == 0)
    return TRUE;
  if (!g_output_stream_write_all (out, text->str, text->len, NULL, cancellable, &local))
    {
      set_write_error (error, local);
      return FALSE;
    }
  g_string_truncate (text, 0);
  return TRUE;
}

static gboolean
export_rows (sqlite3       *db,
             UnsExportData *data,
             GOutputStream *out,
             GCancellable  *cancellable,
             GError       **error)
{
  const char *what = _("Could not read recorded time for the export");
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GString) text = g_string_sized_new (1024);
  int rc;

  rc = sqlite3_prepare_v2 (db, export_sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return set_sqlite_error (error, db, rc, what);
  if (sqlite3_bind_text (stmt, 1, data->from_text, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 2, data->to_text, -1, SQLITE_STATIC) != SQLITE_OK)
    return set_sqlite_error (error, db, sqlite3_errcode (db), what);

  uns_export_write_header (data->format, text);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UnsExportRecord record;

      record.start_usec = sqlite3_column_int64 (stmt, 0);
      record.end_usec = sqlite3_column_int64 (stmt, 1);
      record.day = (const char *) sqlite3_column_text (stmt, 2);
      record.kind = (UnsKind) sqlite3_column_int (stmt, 3);
      record.subject = (const char *) sqlite3_column_text (stmt, 4);
      record.service = (const char *) sqlite3_column_text (stmt, 5);
      record.category = (const char *) sqlite3_column_text (stmt, 6);

      uns_export_write_record (data->format, &record, data->rows, text);
      data->rows++;

      /* The buffered stream below gathers the bytes; handing it a few
       * kilobytes at a time keeps the per-call overhead out of the loop. */
      if (text->len >= 4096 && !export_write (out, text, cancellable, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, db, rc, what);

  uns_export_write_footer (data->format, data->rows, text);
  return export_write (out, text, cancellable, error);
}

static gboolean
export_run (UnsExportData *data,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GOutputStream) out = NULL;
  g_autoptr(GError) close_error = NULL;
  sqlite3 *db = NULL;
  gboolean ok;
  int rc;

  out = g_buffered_output_stream_new_sized (data->stream, UNS_STORE_EXPORT_BUFFER);

  rc = sqlite3_open_v2 (data->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_busy_timeout (db, UNS_STORE_BUSY_TIMEOUT_MS);
  if (rc != SQLITE_OK)
    ok = set_sqlite_error (error, db, rc, _("Could not open the database for the export"));
  else
    ok = export_rows (db, data, out, cancellable, error);

  sqlite3_close (db);

  /* Close in every case, so the reader sees the end of the data at once;
   * after a failed write, closing fails too and says nothing new. */
  if (!g_output_stream_close (out, ok ? cancellable : NULL, &close_error) && ok)
    {
      set_write_error (error, g_steal_pointer (&close_error));
      return FALSE;
    }
  return ok;
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;

  if (export_run (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * uns_store_export_async:
 * @self: the store
 * @fd: a file descriptor open for writing; the store takes it and closes it
 * @format: the format to write
 * @from: first local day
 * @to: last local day (inclusive)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when everything is written
 * @user_data: for @callback
 *
 * Writes the spans in the range to @fd from a worker thread, through a
 * read-only connection of its own, so a slow reader never holds up the
 * daemon.
 */
void
uns_store_export_async (UnsStore            *self,
                        int                  fd,
                        UnsExportFormat      format,
                        const GDate         *from,
                        const GDate         *to,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GOutputStream) stream = NULL;
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  UnsExportData *data;

  g_return_if_fail (fd >= 0);

  /* Take the fd first, so it is closed whatever happens next. */
  stream = g_unix_output_stream_new (fd, TRUE);

  g_return_if_fail (UNS_IS_STORE (self));
  g_return_if_fail (from != NULL && g_date_valid (from));
  g_return_if_fail (to != NULL && g_date_valid (to));
  g_return_if_fail (format == UNS_EXPORT_CSV || format == UNS_EXPORT_JSON ||
                    format == UNS_EXPORT_NDJSON);

  data = g_new0 (UnsExportData, 1);
  data->stream = g_steal_pointer (&stream);
  data->path = g_strdup (self->path);
  data->format = format;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, uns_store_export_async);
  g_task_set_task_data (task, data, (GDestroyNotify) uns_export_data_free);

  if (!check_range (from, to, data->from_text, data->to_text, &error))
    {
      /* The reader should not wait for the callback to see the end. */
      g_output_stream_close (data->stream, NULL, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_run_in_thread (task, export_thread);
}

/**
 * uns_store_export_finish:
 * @self: the store
 * @result: the result given to the callback
 * @out_rows: (out) (optional): how many records were written
 * @error: return location for a #GError
 *
 * Returns: %TRUE if the whole export was written
 */
gboolean
uns_store_export_finish (UnsStore      *self,
                         GAsyncResult  *result,
                         guint64       *out_rows,
                         GError       **error)
{
  UnsExportData *data;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == uns_store_export_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  data = g_task_get_task_data (G_TASK (result));
  if (out_rows != NULL)
    *out_rows = data->rows;
  return TRUE;
}

static gboolean
store_insert_matches (UnsStore           *self,
                      const char         *id,
                      const char         *kind,
                      const char * const *values,
                      GError            **error)
{
  const char *what = _("Could not save the service");

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    {
      g_autoptr(UnsStmtLease) stmt = store_stmt_cold (self, STMT_USER_MATCH_INSERT, what, error);

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC) != SQLITE_OK ||
          sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC) != SQLITE_OK ||
          sqlite3_bind_text (stmt, 3, values[i], -1, SQLITE_STATIC) != SQLITE_OK)
        return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
      if (!store_step_done (self, stmt, what, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
store_save_user_service_in_transaction (UnsStore           *self,
                                        const char         *id,
                                        const char         *name,
                                        const char         *category,
                                        const char * const *app_ids,
                                        const char * const *domains,
                                        GError            **error)
{
  const char *what = _("Could not save the service");

  {
    g_autoptr(UnsStmtLease) stmt = store_stmt_cold (self, STMT_USER_SERVICE_DELETE, what, error);

    if (stmt == NULL)
      return FALSE;
    /* The matches of the old version go with it (ON DELETE CASCADE). */
    if (sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC) != SQLITE_OK)
      return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
    if (!store_step_done (self, stmt, what, error))
      return FALSE;
  }
  {
    g_autoptr(UnsStmtLease) stmt = store_stmt_cold (self, STMT_USER_SERVICE_INSERT, what, error);

    if (stmt == NULL)
      return FALSE;

    if (sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC) != SQLITE_OK ||
        sqlite3_bind_text (stmt, 3, category, -1, SQLITE_STATIC) != SQLITE_OK)
      return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
    if (!store_step_done (self, stmt, what, error))
      return FALSE;
  }

  return store_insert_matches (self, id, "app", app_ids, error) &&
         store_insert_matches (self, id, "domain", domains, error);
}

/**
 * uns_store_save_user_service:
 * @self: the store
 * @id: the service id
 * @name: its name for people
 * @category: its category id
 * @app_ids: (nullable) (array zero-terminated=1): app ids that belong to it
 * @domains: (nullable) (array zero-terminated=1): registrable domains that
 *   belong to it
 * @error: return location for a #GError
 *
 * Saves a service the user added, replacing one with the same id.
 */
gboolean
uns_store_save_user_service (UnsStore           *self,
                             const char         *id,
                             const char         *name,
                             const char         *category,
                             const char * const *app_ids,
                             const char * const *domains,
                             GError            **error)
{
  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (category != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_begin (self, error))
    return FALSE;
  if (!store_save_user_service_in_transaction (self, id, name, category, app_ids, domains, error))
    {
      store_rollback (self);
      return FALSE;
    }
  return store_commit (self, error);
}

/**
 * uns_store_delete_user_service:
 * @self: the store
 * @id: the service id
 * @error: return location for a #GError
 *
 * Deletes a service the user added. Recorded time is kept.
 *
 * Returns: %TRUE if it was deleted; %FALSE with %UNS_ERROR_NOT_FOUND if
 *   there was none with this id
 */
gboolean
uns_store_delete_user_service (UnsStore   *self,
                               const char *id,
                               GError    **error)
{
  const char *what = _("Could not remove the service");
  g_autoptr(UnsStmtLease) stmt = NULL;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = store_stmt_cold (self, STMT_USER_SERVICE_DELETE, what, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC) != SQLITE_OK)
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
  if (!store_step_done (self, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND,
                   _("There is no service “%s” among the ones you added."), id);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  char      *id;        /* (owned) */
  char      *name;      /* (owned) */
  char      *category;  /* (owned) */
  GPtrArray *app_ids;   /* (owned) (element-type utf8), NULL-terminated */
  GPtrArray *domains;   /* (owned) (element-type utf8), NULL-terminated */
} UnsUserService;

static void
uns_user_service_free (UnsUserService *service)
{
  g_free (service->id);
  g_free (service->name);
  g_free (service->category);
  g_ptr_array_unref (service->app_ids);
  g_ptr_array_unref (service->domains);
  g_free (service);
}

static gboolean
store_load_matches (UnsStore       *self,
                    UnsUserService *service,
                    GError        **error)
{
  const char *what = _("Could not read the services you added");
  g_autoptr(UnsStmtLease) stmt = store_stmt_cold (self, STMT_USER_MATCH_LIST, what, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_text (stmt, 1, service->id, -1, SQLITE_STATIC) != SQLITE_OK)
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (value == NULL)
        continue;
      if (g_strcmp0 (kind, "app") == 0)
        g_ptr_array_insert (service->app_ids, (gint) service->app_ids->len - 1, g_strdup (value));
      else if (g_strcmp0 (kind, "domain") == 0)
        g_ptr_array_insert (service->domains, (gint) service->domains->len - 1, g_strdup (value));
    }
  if (rc != SQLITE_DONE)
    return set_sqlite_error (error, self->db, rc, what);
  return TRUE;
}

/**
 * uns_store_load_user_services:
 * @self: the store
 * @func: called once per service the user added, in order of id
 * @user_data: for @func
 * @error: return location for a #GError
 *
 * Reads every service first and calls @func afterwards, so @func may use
 * the store.
 */
gboolean
uns_store_load_user_services (UnsStore           *self,
                              UnsUserServiceFunc  func,
                              gpointer            user_data,
                              GError            **error)
{
  const char *what = _("Could not read the services you added");
  g_autoptr(GPtrArray) services = NULL;
  int rc;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  services = g_ptr_array_new_with_free_func ((GDestroyNotify) uns_user_service_free);

  {
    g_autoptr(UnsStmtLease) stmt = store_stmt_cold (self, STMT_USER_SERVICE_LIST, what, error);

    if (stmt == NULL)
      return FALSE;
    while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
      {
        UnsUserService *service = g_new0 (UnsUserService, 1);

        service->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
        service->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        service->category = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
        service->app_ids = g_ptr_array_new_with_free_func (g_free);
        g_ptr_array_add (service->app_ids, NULL);
        service->domains = g_ptr_array_new_with_free_func (g_free);
        g_ptr_array_add (service->domains, NULL);
        g_ptr_array_add (services, service);
      }
    if (rc != SQLITE_DONE)
      return set_sqlite_error (error, self->db, rc, what);
  }

  for (guint i = 0; i < services->len; i++)
    if (!store_load_matches (self, g_ptr_array_index (services, i), error))
      return FALSE;

  for (guint i = 0; i < services->len; i++)
    {
      UnsUserService *service = g_ptr_array_index (services, i);

      func (service->id, service->name, service->category,
            (const char * const *) service->app_ids->pdata,
            (const char * const *) service->domains->pdata,
            user_data);
    }

  return TRUE;
}

/* Limits */

void
uns_limit_free (UnsLimit *limit)
{
  if (limit == NULL)
    return;
  g_free (limit->scope);
  g_free (limit->target);
  g_free (limit);
}

/**
 * uns_limit_copy:
 * @limit: a limit
 *
 * Returns: (transfer full): a copy of @limit with strings of its own
 */
UnsLimit *
uns_limit_copy (const UnsLimit *limit)
{
  UnsLimit *copy;

  g_return_val_if_fail (limit != NULL, NULL);

  copy = g_memdup2 (limit, sizeof *limit);
  copy->scope = g_strdup (limit->scope);
  copy->target = g_strdup (limit->target);
  return copy;
}

/* Binds ?1 … ?12 of STMT_LIMIT_INSERT and STMT_LIMIT_UPDATE. */
static gboolean
bind_limit (sqlite3_stmt   *stmt,
            const UnsLimit *limit)
{
  if (sqlite3_bind_text (stmt, 1, limit->scope, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 2, limit->target, -1, SQLITE_STATIC) != SQLITE_OK)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (limit->minutes); i++)
    if (sqlite3_bind_int64 (stmt, 3 + (int) i, limit->minutes[i]) != SQLITE_OK)
      return FALSE;
  return sqlite3_bind_int (stmt, 10, limit->enabled ? 1 : 0) == SQLITE_OK &&
         sqlite3_bind_int (stmt, 11, limit->strict ? 1 : 0) == SQLITE_OK &&
         sqlite3_bind_int (stmt, 12, limit->mindful_pause ? 1 : 0) == SQLITE_OK;
}

/* Steps an insert or update of a limit; a second limit for the same scope
 * and target is the user's doing, so it gets a sentence of its own. */
static gboolean
store_step_limit (UnsStore       *self,
                  sqlite3_stmt   *stmt,
                  const UnsLimit *limit,
                  const char     *what,
                  GError        **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    return TRUE;
  if (rc != SQLITE_CONSTRAINT_UNIQUE)
    return set_sqlite_error (error, self->db, rc, what);

  if (g_strcmp0 (limit->scope, "total") == 0)
    g_set_error (error, UNS_ERROR, UNS_ERROR_EXISTS,
                 _("There is already a limit for your total social time."));
  else if (g_strcmp0 (limit->scope, "category") == 0)
    g_set_error (error, UNS_ERROR, UNS_ERROR_EXISTS,
                 _("There is already a limit for the category %s."), limit->target);
  else
    g_set_error (error, UNS_ERROR, UNS_ERROR_EXISTS,
                 _("There is already a limit for %s."), limit->target);
  return FALSE;
}

static void
set_no_limit_error (GError **error,
                    guint    id)
{
  g_set_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND,
               _("There is no limit %u; it may have been removed already."), id);
}

/**
 * uns_store_list_limits:
 * @self: the store
 * @error: return location for a #GError
 *
 * Returns: (transfer container) (element-type UnsLimit): every limit, in
 *   order of id, which is the order they were added in; %NULL with @error
 *   set
 */
GPtrArray *
uns_store_list_limits (UnsStore *self,
                       GError  **error)
{
  const char *what = _("Could not read your limits");
  g_autoptr(GPtrArray) limits = NULL;
  g_autoptr(UnsStmtLease) stmt = NULL;
  int rc;

  g_return_val_if_fail (UNS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  limits = g_ptr_array_new_with_free_func ((GDestroyNotify) uns_limit_free);
  stmt = store_stmt_cold (self, STMT_LIMIT_LIST, what, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UnsLimit *limit = g_new0 (UnsLimit, 1);

      limit->id = (guint) sqlite3_column_int64 (stmt, 0);
      limit->scope = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      limit->target = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      for (guint i = 0; i < G_N_ELEMENTS (limit->minutes); i++)
        limit->minutes[i] = (guint) sqlite3_column_int64 (stmt, 3 + (int) i);
      limit->enabled = sqlite3_column_int (stmt, 10) != 0;
      limit->strict = sqlite3_column_int (stmt, 11) != 0;
      limit->mindful_pause = sqlite3_column_int (stmt, 12) != 0;
      g_ptr_array_add (limits, limit);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, what);
      return NULL;
    }

  return g_steal_pointer (&limits);
}

/**
 * uns_store_add_limit:
 * @self: the store
 * @limit: (inout): the limit to add; its id is ignored and set to the new
 *   limit's id
 * @error: return location for a #GError
 *
 * Adds a limit. The values must have been checked by the caller; the
 * database refuses values out of range with %UNS_ERROR_STORAGE.
 *
 * Returns: %TRUE once the limit is saved; %FALSE with %UNS_ERROR_EXISTS if
 *   there is a limit for the same scope and target already
 */
gboolean
uns_store_add_limit (UnsStore *self,
                     UnsLimit *limit,
                     GError  **error)
{
  const char *what = _("Could not save the limit");
  g_autoptr(UnsStmtLease) stmt = NULL;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (limit != NULL, FALSE);
  g_return_val_if_fail (limit->scope != NULL, FALSE);
  g_return_val_if_fail (limit->target != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = store_stmt_cold (self, STMT_LIMIT_INSERT, what, error);
  if (stmt == NULL)
    return FALSE;
  if (!bind_limit (stmt, limit))
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
  if (!store_step_limit (self, stmt, limit, what, error))
    return FALSE;

  limit->id = (guint) sqlite3_last_insert_rowid (self->db);
  return TRUE;
}

/**
 * uns_store_update_limit:
 * @self: the store
 * @limit: the new values of the limit with @limit->id
 * @error: return location for a #GError
 *
 * Replaces every value of a limit, its scope and target included.
 *
 * Returns: %TRUE once the change is saved; %FALSE with
 *   %UNS_ERROR_NOT_FOUND if there is no limit with this id, or
 *   %UNS_ERROR_EXISTS if another limit has the new scope and target
 */
gboolean
uns_store_update_limit (UnsStore       *self,
                        const UnsLimit *limit,
                        GError        **error)
{
  const char *what = _("Could not change the limit");
  g_autoptr(UnsStmtLease) stmt = NULL;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (limit != NULL, FALSE);
  g_return_val_if_fail (limit->scope != NULL, FALSE);
  g_return_val_if_fail (limit->target != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = store_stmt_cold (self, STMT_LIMIT_UPDATE, what, error);
  if (stmt == NULL)
    return FALSE;
  if (!bind_limit (stmt, limit) ||
      sqlite3_bind_int64 (stmt, 13, limit->id) != SQLITE_OK)
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
  if (!store_step_limit (self, stmt, limit, what, error))
    return FALSE;

  /* Counts the matched row even when no value changed. */
  if (sqlite3_changes (self->db) == 0)
    {
      set_no_limit_error (error, limit->id);
      return FALSE;
    }
  return TRUE;
}

/**
 * uns_store_remove_limit:
 * @self: the store
 * @id: the limit to remove
 * @error: return location for a #GError
 *
 * Removes a limit. Its events stay, with its id, for the report.
 *
 * Returns: %TRUE once it is removed; %FALSE with %UNS_ERROR_NOT_FOUND if
 *   there is no limit with this id
 */
gboolean
uns_store_remove_limit (UnsStore *self,
                        guint     id,
                        GError  **error)
{
  const char *what = _("Could not remove the limit");
  g_autoptr(UnsStmtLease) stmt = NULL;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = store_stmt_cold (self, STMT_LIMIT_DELETE, what, error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_int64 (stmt, 1, id) != SQLITE_OK)
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
  if (!store_step_done (self, stmt, what, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      set_no_limit_error (error, id);
      return FALSE;
    }
  return TRUE;
}

/* Downtime */

/**
 * uns_store_list_downtime:
 * @self: the store
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type UnsDowntime): the downtime
 *   windows in the order they were set; %NULL with @error set
 */
GArray *
uns_store_list_downtime (UnsStore *self,
                         GError  **error)
{
  const char *what = _("Could not read your downtime");
  g_autoptr(GArray) windows = NULL;
  g_autoptr(UnsStmtLease) stmt = NULL;
  int rc;

  g_return_val_if_fail (UNS_IS_STORE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  windows = g_array_new (FALSE, FALSE, sizeof (UnsDowntime));
  stmt = store_stmt_cold (self, STMT_DOWNTIME_LIST, what, error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      UnsDowntime window;

      window.start = (guint) sqlite3_column_int64 (stmt, 0);
      window.end = (guint) sqlite3_column_int64 (stmt, 1);
      window.days = (guint) sqlite3_column_int64 (stmt, 2);
      g_array_append_val (windows, window);
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, what);
      return NULL;
    }

  return g_steal_pointer (&windows);
}

static gboolean
store_set_downtime_in_transaction (UnsStore          *self,
                                   const UnsDowntime *windows,
                                   guint              n_windows,
                                   GError           **error)
{
  const char *what = _("Could not save your downtime");

  if (!store_run (self, STMT_DOWNTIME_CLEAR, what, error))
    return FALSE;

  for (guint i = 0; i < n_windows; i++)
    {
      g_autoptr(UnsStmtLease) stmt = store_stmt_cold (self, STMT_DOWNTIME_INSERT, what, error);

      if (stmt == NULL)
        return FALSE;
      if (sqlite3_bind_int64 (stmt, 1, windows[i].start) != SQLITE_OK ||
          sqlite3_bind_int64 (stmt, 2, windows[i].end) != SQLITE_OK ||
          sqlite3_bind_int64 (stmt, 3, windows[i].days) != SQLITE_OK)
        return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
      if (!store_step_done (self, stmt, what, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * uns_store_set_downtime:
 * @self: the store
 * @windows: (array length=n_windows) (nullable): the new windows
 * @n_windows: how many; 0 clears downtime
 * @error: return location for a #GError
 *
 * Replaces every downtime window in one transaction: on failure the old
 * windows stay. The values must have been checked by the caller; the
 * database refuses values out of range with %UNS_ERROR_STORAGE.
 */
gboolean
uns_store_set_downtime (UnsStore          *self,
                        const UnsDowntime *windows,
                        guint              n_windows,
                        GError           **error)
{
  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (windows != NULL || n_windows == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!store_begin (self, error))
    return FALSE;
  if (!store_set_downtime_in_transaction (self, windows, n_windows, error))
    {
      store_rollback (self);
      return FALSE;
    }
  return store_commit (self, error);
}

/* Events */

/**
 * uns_store_log_event:
 * @self: the store
 * @at_usec: when it happened, Unix microseconds
 * @kind: what happened: "nudge", "snoozed", "break", "dismissed",
 *   "support", "adjust", "didnt-open", "opened" …
 * @service: (nullable): the service it was about; %NULL for none
 * @limit_id: the limit it was about, or 0
 * @error: return location for a #GError
 *
 * Records a nudge or an answer to one, on the local day of @at_usec under
 * the rules of uns_store_set_day_rules().
 */
gboolean
uns_store_log_event (UnsStore   *self,
                     gint64      at_usec,
                     const char *kind,
                     const char *service,
                     guint       limit_id,
                     GError    **error)
{
  const char *what = _("Could not save a nudge for the report");
  g_autoptr(UnsStmtLease) stmt = NULL;
  char day_text[UNS_DAY_TEXT_LEN];
  GDate day;

  g_return_val_if_fail (UNS_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  uns_day_of_instant (self->tz, self->boundary_minutes, at_usec, &day);
  format_day (&day, day_text);

  stmt = store_stmt (self, STMT_EVENT_INSERT);
  if (sqlite3_bind_int64 (stmt, 1, at_usec) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 2, day_text, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 4, service != NULL ? service : "", -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_int64 (stmt, 5, limit_id) != SQLITE_OK)
    return set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
  return store_step_done (self, stmt, what, error);
}

/**
 * uns_store_count_events:
 * @self: the store
 * @from: first local day
 * @to: last local day (inclusive)
 * @service: (nullable): count only events about this service; %NULL or ""
 *   for every event
 * @error: return location for a #GError
 *
 * Counts the events of each kind in a range of days.
 *
 * Returns: (transfer full) (element-type utf8 guint): kind →
 *   GUINT_TO_POINTER (count), only for kinds that happened; %NULL with
 *   @error set (%UNS_ERROR_INVALID_ARGUMENT if @to is before @from)
 */
GHashTable *
uns_store_count_events (UnsStore    *self,
                        const GDate *from,
                        const GDate *to,
                        const char  *service,
                        GError     **error)
{
  const char *what = _("Could not read the nudges for the report");
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(UnsStmtLease) stmt = NULL;
  char from_text[UNS_DAY_TEXT_LEN], to_text[UNS_DAY_TEXT_LEN];
  gboolean one_service;
  int rc;

  g_return_val_if_fail (UNS_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && g_date_valid (from), NULL);
  g_return_val_if_fail (to != NULL && g_date_valid (to), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_range (from, to, from_text, to_text, error))
    return NULL;

  one_service = service != NULL && service[0] != '\0';
  stmt = store_stmt (self, one_service ? STMT_EVENT_COUNT_SERVICE : STMT_EVENT_COUNT);
  if (sqlite3_bind_text (stmt, 1, from_text, -1, SQLITE_STATIC) != SQLITE_OK ||
      sqlite3_bind_text (stmt, 2, to_text, -1, SQLITE_STATIC) != SQLITE_OK ||
      (one_service && sqlite3_bind_text (stmt, 3, service, -1, SQLITE_STATIC) != SQLITE_OK))
    {
      set_sqlite_error (error, self->db, sqlite3_errcode (self->db), what);
      return NULL;
    }

  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *kind = (const char *) sqlite3_column_text (stmt, 0);
      gint64 count = sqlite3_column_int64 (stmt, 1);

      g_hash_table_insert (counts, g_strdup (kind != NULL ? kind : ""),
                           GUINT_TO_POINTER ((guint) MIN (count, (gint64) G_MAXUINT)));
    }
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, rc, what);
      return NULL;
    }

  return g_steal_pointer (&counts);
}
