/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the SQLite store on real database files: migrations, file modes,
 * recording and splitting time, summaries, forgetting, exports, the
 * user's own services, limits, downtime and the nudge log. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uns-day.h"
#include "uns-error.h"
#include "uns-export.h"
#include "uns-store.h"
#include "uns-test-v1-schema.h"

#define MINUTE (G_USEC_PER_SEC * G_GINT64_CONSTANT (60))
#define HOUR (60 * MINUTE)

typedef struct
{
  char      *tmpdir;  /* (owned) */
  char      *dir;     /* (owned): the database's folder, inside tmpdir */
  char      *path;    /* (owned) */
  UnsStore  *store;   /* (owned) (nullable) */
  GTimeZone *tz;      /* (owned): Europe/Berlin */
} Fixture;

static void
fixture_setup_empty (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  f->tmpdir = g_dir_make_tmp ("unscroll-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->dir = g_build_filename (f->tmpdir, "data", "unscroll", NULL);
  f->path = g_build_filename (f->dir, "unscroll.db", NULL);
  f->tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_assert_nonnull (f->tz);
}

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  f->store = uns_store_new (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  uns_store_set_day_rules (f->store, f->tz, UNS_DAY_BOUNDARY_DEFAULT);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  user_data)
{
  fixture_setup_empty (f, user_data);
  fixture_open (f);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      /* Tests leave folders with odd modes behind. */
      g_chmod (path, 0700);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_assert_cmpint (g_rmdir (path), ==, 0);
    }
  else
    {
      g_assert_cmpint (g_unlink (path), ==, 0);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  user_data)
{
  g_clear_object (&f->store);
  remove_tree (f->tmpdir);
  g_free (f->tmpdir);
  g_free (f->dir);
  g_free (f->path);
  g_time_zone_unref (f->tz);
}

/* Helpers */

static gint64
local_usec (Fixture *f,
            int      year,
            int      month,
            int      day,
            int      hour,
            int      minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new (f->tz, year, month, day, hour, minute, 0);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static gint64
utc_usec (int year,
          int month,
          int day,
          int hour,
          int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static GDate
day_of (const char *text)
{
  g_autoptr(GError) error = NULL;
  GDate day;

  g_assert_true (uns_day_parse_iso (text, &day, &error));
  g_assert_no_error (error);
  return day;
}

static gint64
add_full (Fixture    *f,
          UnsKind     kind,
          const char *subject,
          const char *service,
          const char *category,
          gint64      start,
          gint64      end,
          gint64      span_id)
{
  g_autoptr(GError) error = NULL;
  UnsRecord record = { kind, subject, service, category };

  g_assert_true (uns_store_add_time (f->store, &record, start, end, &span_id, &error));
  g_assert_no_error (error);
  return span_id;
}

static gint64
add_app (Fixture    *f,
         const char *app,
         gint64      start,
         gint64      end,
         gint64      span_id)
{
  return add_full (f, UNS_KIND_APP, app, NULL, UNS_CATEGORY_OTHER, start, end, span_id);
}

/* A second connection, as a person with the sqlite3 shell would look. */
static sqlite3 *
open_db (Fixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static void
db_exec (Fixture    *f,
         const char *sql)
{
  sqlite3 *db = open_db (f);
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static gint64
db_int (Fixture    *f,
        const char *sql)
{
  sqlite3 *db = open_db (f);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
db_text (Fixture    *f,
         const char *sql)
{
  sqlite3 *db = open_db (f);
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static GPtrArray *
summary (Fixture    *f,
         const char *from,
         const char *to,
         UnsGroupBy  group_by)
{
  g_autoptr(GError) error = NULL;
  GDate from_day = day_of (from);
  GDate to_day = day_of (to);
  GPtrArray *rows;

  rows = uns_store_summary (f->store, &from_day, &to_day, group_by, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

/* Compares rows with "key=seconds" items, in order. */
static void
assert_rows (GPtrArray          *rows,
             const char * const *expected)
{
  g_autoptr(GString) got = g_string_new ("");
  g_autofree char *want = g_strjoinv (" ", (char **) expected);

  for (guint i = 0; i < rows->len; i++)
    {
      UnsSummaryRow *row = g_ptr_array_index (rows, i);

      /* Whole seconds print exactly; anything else shows its microseconds. */
      if (row->usec % G_USEC_PER_SEC == 0)
        g_string_append_printf (got, "%s%s=%" G_GINT64_FORMAT, i > 0 ? " " : "",
                                row->key, row->usec / G_USEC_PER_SEC);
      else
        g_string_append_printf (got, "%s%s=%" G_GINT64_FORMAT "us", i > 0 ? " " : "",
                                row->key, row->usec);
    }
  g_assert_cmpstr (got->str, ==, want);
}

static void
assert_summary (Fixture            *f,
                const char         *from,
                const char         *to,
                UnsGroupBy          group_by,
                const char * const *expected)
{
  g_autoptr(GPtrArray) rows = summary (f, from, to, group_by);

  assert_rows (rows, expected);
}

#define ROWS(...) ((const char * const[]) { __VA_ARGS__, NULL })
#define NO_ROWS ((const char * const[]) { NULL })

static void
assert_mode (const char *path,
             mode_t      mode)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpuint (st.st_mode & 07777, ==, mode);
}

/* /store/default-path */

static void
test_default_path (void)
{
  g_autofree char *path = uns_store_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "unscroll", "unscroll.db", NULL);

  g_assert_cmpstr (path, ==, expected);
}

/* /store/migrate/… */

static void
test_migrate_fresh (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *journal = db_text (f, "PRAGMA journal_mode");

  g_assert_cmpstr (uns_store_get_path (f->store), ==, f->path);
  g_assert_cmpint (db_int (f, "PRAGMA user_version"), ==, 2);
  g_assert_cmpstr (journal, ==, "wal");
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                              "('spans', 'day_totals', 'user_services', 'user_service_matches',"
                              " 'limits', 'downtime', 'events')"), ==, 7);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM sqlite_master WHERE type = 'index'"
                              " AND name = 'events_day_kind' AND tbl_name = 'events'"), ==, 1);
}

static void
test_migrate_modes (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  mode_t old_umask;
  int fd;

  /* Left behind by some other program with modes open to everyone. */
  old_umask = umask (0);
  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0777), ==, 0);
  fd = g_open (f->path, O_CREAT | O_WRONLY, 0666);
  g_assert_cmpint (fd, >=, 0);
  g_close (fd, NULL);
  fd = g_open (wal, O_CREAT | O_WRONLY, 0666);
  g_assert_cmpint (fd, >=, 0);
  g_close (fd, NULL);
  fd = g_open (shm, O_CREAT | O_WRONLY, 0666);
  g_assert_cmpint (fd, >=, 0);
  g_close (fd, NULL);
  umask (old_umask);

  fixture_open (f);
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 3, 2, 10, 0),
           local_usec (f, 2026, 3, 2, 10, 5), 0);

  assert_mode (f->dir, 0700);
  assert_mode (f->path, 0600);
  assert_mode (wal, 0600);
  assert_mode (shm, 0600);
}

static void
test_migrate_umask (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  mode_t old_umask;

  /* A umask that would leave the folder unwritable and the file read-only,
   * and one that would leave both open: the modes come out the same. */
  g_assert_cmpint (g_mkdir_with_parents (f->tmpdir, 0700), ==, 0);
  {
    g_autofree char *parent = g_path_get_dirname (f->dir);

    g_assert_cmpint (g_mkdir (parent, 0700), ==, 0);
  }
  old_umask = umask (0277);
  fixture_open (f);
  umask (old_umask);
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 3, 2, 10, 0),
           local_usec (f, 2026, 3, 2, 10, 5), 0);
  assert_mode (f->dir, 0700);
  assert_mode (f->path, 0600);
  assert_mode (wal, 0600);
  assert_mode (shm, 0600);

  g_clear_object (&f->store);
  remove_tree (f->dir);

  old_umask = umask (0);
  fixture_open (f);
  umask (old_umask);
  assert_mode (f->dir, 0700);
  assert_mode (f->path, 0600);
  assert_mode (wal, 0600);
  assert_mode (shm, 0600);
}

static void
test_migrate_reopen (Fixture       *f,
                     gconstpointer  user_data)
{
  gint64 id;

  id = add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social",
                 local_usec (f, 2026, 3, 2, 10, 0), local_usec (f, 2026, 3, 2, 10, 30), 0);
  fixture_open (f);

  g_assert_cmpint (db_int (f, "PRAGMA user_version"), ==, 2);
  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_SERVICE, ROWS ("instagram=1800"));

  /* The open span survives a restart and can still be extended. */
  g_assert_cmpint (add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social",
                             local_usec (f, 2026, 3, 2, 10, 30), local_usec (f, 2026, 3, 2, 10, 40), id),
                   ==, id);
  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_SERVICE, ROWS ("instagram=2400"));
}

static void
test_migrate_newer (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;

  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 3, 2, 10, 0),
           local_usec (f, 2026, 3, 2, 10, 5), 0);
  g_clear_object (&f->store);
  db_exec (f, "PRAGMA user_version = 3");

  store = uns_store_new (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "newer version of Unscroll"));

  /* Refused, not touched. */
  g_assert_cmpint (db_int (f, "PRAGMA user_version"), ==, 3);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 1);
}

static void
test_migrate_garbage (Fixture       *f,
                      gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autoptr(GString) garbage = g_string_new ("");
  g_autofree char *contents = NULL;
  gsize length = 0;

  while (garbage->len < 8192)
    g_string_append (garbage, "This is not a database, just words. ");
  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  g_file_set_contents (f->path, garbage->str, (gssize) garbage->len, &error);
  g_assert_no_error (error);

  store = uns_store_new (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  /* SQLite's own words are kept. */
  g_assert_nonnull (strstr (error->message, "file is not a database"));
  g_assert_nonnull (strstr (error->message, f->path));

  g_file_get_contents (f->path, &contents, &length, NULL);
  g_assert_cmpmem (contents, length, garbage->str, garbage->len);
}

static void
test_migrate_unwritable_folder (Fixture       *f,
                                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autofree char *blocker = g_build_filename (f->tmpdir, "data", NULL);

  /* A file where the folder should be. */
  g_file_set_contents (blocker, "", 0, &error);
  g_assert_no_error (error);

  store = uns_store_new (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
}

/* /store/migrate/v1-… : databases left by version 1 of the schema */


static void
exec_or_die (sqlite3    *db,
             const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* A version 1 database as the store of that version made it: WAL, its
 * four tables in one transaction, user_version 1. */
static void
make_v1_database (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
                   ==, SQLITE_OK);
  exec_or_die (db, "PRAGMA journal_mode = WAL");
  exec_or_die (db, "BEGIN IMMEDIATE");
  exec_or_die (db, v1_schema);
  exec_or_die (db, "PRAGMA user_version = 1");
  exec_or_die (db, "COMMIT");
  sqlite3_close (db);
}

/* What a version 1 daemon would have recorded: half an hour of Instagram
 * on 2026-03-02 (span 7, still open), ten minutes of Files on 2026-03-03,
 * and a service the user added. */
static void
add_v1_data (Fixture *f)
{
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("INSERT INTO spans (id, start_us, end_us, day, kind, subject, service, category)"
                         " VALUES (7, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '2026-03-02', 1,"
                         " 'instagram.com', 'instagram', 'social'),"
                         " (8, %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", '2026-03-03', 0,"
                         " 'org.gnome.Nautilus', '', 'other');"
                         "INSERT INTO day_totals (day, kind, subject, service, category, usec)"
                         " VALUES ('2026-03-02', 1, 'instagram.com', 'instagram', 'social', 1800000000),"
                         " ('2026-03-03', 0, 'org.gnome.Nautilus', '', 'other', 600000000);"
                         "INSERT INTO user_services (id, name, category)"
                         " VALUES ('mastodon', 'My Mastodon', 'social');"
                         "INSERT INTO user_service_matches (service_id, kind, value)"
                         " VALUES ('mastodon', 'app', 'org.joinmastodon.App'),"
                         " ('mastodon', 'domain', 'example.social');",
                         local_usec (f, 2026, 3, 2, 10, 0), local_usec (f, 2026, 3, 2, 10, 30),
                         local_usec (f, 2026, 3, 3, 9, 0), local_usec (f, 2026, 3, 3, 9, 10));
  db_exec (f, sql);
}

static char *load_services (Fixture *f);

/* Checks, through the store, that add_v1_data()'s records are all there. */
static void
assert_v1_data (Fixture *f)
{
  g_autofree char *services = load_services (f);

  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM day_totals"), ==, 2);
  assert_summary (f, "2026-03-01", "2026-03-07", UNS_GROUP_SERVICE, ROWS ("instagram=1800"));
  assert_summary (f, "2026-03-01", "2026-03-07", UNS_GROUP_APP, ROWS ("org.gnome.Nautilus=600"));
  assert_summary (f, "2026-03-02", "2026-03-03", UNS_GROUP_DAY,
                  ROWS ("2026-03-02=1800", "2026-03-03=0"));
  g_assert_cmpstr (services, ==, "mastodon|My Mastodon|social|org.joinmastodon.App|example.social;");
}

/* The definitions of the objects version 1 had, as SQLite keeps them. */
static char *
v1_objects (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT group_concat (type || ' ' || name || ': ' || sql, '\n')"
                                       " FROM (SELECT * FROM sqlite_master"
                                       "       WHERE sql IS NOT NULL"
                                       "       AND tbl_name NOT IN ('limits', 'downtime', 'events', 'sqlite_sequence')"
                                       "       ORDER BY name)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
test_migrate_v1_schema (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autofree char *v1_path = g_build_filename (f->tmpdir, "v1", "unscroll.db", NULL);
  g_autofree char *fresh = NULL;
  g_autofree char *old = NULL;

  make_v1_database (v1_path);
  fresh = v1_objects (f->path);
  old = v1_objects (v1_path);

  /* Six objects: four tables and two indexes, defined the same way. */
  g_assert_nonnull (strstr (old, "table spans: CREATE TABLE spans ("));
  {
    g_auto(GStrv) lines = g_strsplit (old, "\n", -1);

    g_assert_cmpuint (g_strv_length (lines), ==, 6);
  }
  g_assert_cmpstr (fresh, ==, old);
}

static void
test_migrate_v1_to_v2 (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GPtrArray) limits = NULL;
  g_autoptr(GError) error = NULL;

  make_v1_database (f->path);
  add_v1_data (f);

  fixture_open (f);
  g_assert_cmpint (db_int (f, "PRAGMA user_version"), ==, 2);
  assert_v1_data (f);

  /* The span a version 1 daemon held open can still be extended. */
  g_assert_cmpint (add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social",
                             local_usec (f, 2026, 3, 2, 10, 30), local_usec (f, 2026, 3, 2, 10, 40), 7),
                   ==, 7);
  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_SERVICE, ROWS ("instagram=2400"));

  /* The new tables start empty and work. */
  limits = uns_store_list_limits (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limits->len, ==, 0);
  g_assert_true (uns_store_log_event (f->store, local_usec (f, 2026, 3, 2, 11, 0), "nudge",
                                      "instagram", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM events WHERE day = '2026-03-02'"), ==, 1);

  /* And a second start finds nothing left to do. */
  fixture_open (f);
  g_assert_cmpint (db_int (f, "PRAGMA user_version"), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM events"), ==, 1);
}

static void
test_migrate_v2_rollback (Fixture       *f,
                          gconstpointer  user_data)
{
  const char *blocker = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autofree char *create = NULL;
  g_autofree char *count = NULL;
  g_autofree char *note = NULL;
  g_autofree char *drop = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  /* A table of the name migrate_to_v2() needs, made by hand: "limits"
   * fails its first statement, "events" its last but one, after other
   * tables were made. */
  make_v1_database (f->path);
  add_v1_data (f);
  create = g_strdup_printf ("CREATE TABLE %s (note TEXT); INSERT INTO %s VALUES ('mine');",
                            blocker, blocker);
  db_exec (f, create);
  before = db_text (f, "SELECT group_concat (name, ' ') FROM"
                       " (SELECT name FROM sqlite_master ORDER BY name)");

  store = uns_store_new (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "already exists"));

  /* Still version 1, nothing added, nothing lost. */
  after = db_text (f, "SELECT group_concat (name, ' ') FROM"
                      " (SELECT name FROM sqlite_master ORDER BY name)");
  g_assert_cmpstr (after, ==, before);
  g_assert_null (strstr (after, "downtime"));
  g_assert_null (strstr (after, "sqlite_sequence"));
  g_assert_cmpint (db_int (f, "PRAGMA user_version"), ==, 1);
  count = g_strdup_printf ("SELECT count(*) FROM %s", blocker);
  g_assert_cmpint (db_int (f, count), ==, 1);
  note = g_strdup_printf ("SELECT note FROM %s", blocker);
  {
    g_autofree char *mine = db_text (f, note);

    g_assert_cmpstr (mine, ==, "mine");
  }
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM day_totals"), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM user_service_matches"), ==, 2);

  /* With the table out of the way, the next start finishes the job. */
  drop = g_strdup_printf ("DROP TABLE %s", blocker);
  db_exec (f, drop);
  fixture_open (f);
  g_assert_cmpint (db_int (f, "PRAGMA user_version"), ==, 2);
  assert_v1_data (f);
}

/* /store/add-time/… */

static void
test_add_time_extend (Fixture       *f,
                      gconstpointer  user_data)
{
  gint64 t0 = local_usec (f, 2026, 3, 2, 10, 0);
  gint64 id1, id2, id3, id4;

  id1 = add_app (f, "org.gnome.Nautilus", t0, t0 + 5 * MINUTE, 0);
  g_assert_cmpint (id1, >, 0);

  /* Checkpoints of the same activity grow one row. */
  id2 = add_app (f, "org.gnome.Nautilus", t0 + 5 * MINUTE, t0 + 10 * MINUTE, id1);
  g_assert_cmpint (id2, ==, id1);
  id2 = add_app (f, "org.gnome.Nautilus", t0 + 10 * MINUTE, t0 + 12 * MINUTE + 345, id2);
  g_assert_cmpint (id2, ==, id1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT end_us - start_us FROM spans"), ==, 12 * MINUTE + 345);

  /* A gap starts a new row. */
  id3 = add_app (f, "org.gnome.Nautilus", t0 + 13 * MINUTE, t0 + 14 * MINUTE, id2);
  g_assert_cmpint (id3, !=, id2);

  /* So does another activity right after, even when handed the old id. */
  id4 = add_app (f, "org.gnome.TextEditor", t0 + 14 * MINUTE, t0 + 15 * MINUTE, id3);
  g_assert_cmpint (id4, !=, id3);
  id4 = add_full (f, UNS_KIND_APP, "org.gnome.TextEditor", "editor", "productivity",
                  t0 + 15 * MINUTE, t0 + 16 * MINUTE, id4);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 4);

  /* The totals agree with the spans. */
  g_assert_cmpint (db_int (f, "SELECT sum(usec) FROM day_totals"), ==,
                   db_int (f, "SELECT sum(end_us - start_us) FROM spans"));
  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_APP,
                  ROWS ("org.gnome.Nautilus=780000345us", "org.gnome.TextEditor=120"));
}

static void
test_add_time_extend_stale (Fixture       *f,
                            gconstpointer  user_data)
{
  gint64 t0 = local_usec (f, 2026, 3, 2, 10, 0);
  GDate day = day_of ("2026-03-02");
  g_autoptr(GError) error = NULL;
  gint64 id, id2;
  guint64 removed = 0;

  id = add_app (f, "org.gnome.Nautilus", t0, t0 + MINUTE, 0);
  g_assert_true (uns_store_forget (f->store, &day, &day, NULL, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);

  /* The span the daemon held on to is gone: a new one takes its place. */
  id2 = add_app (f, "org.gnome.Nautilus", t0 + MINUTE, t0 + 2 * MINUTE, id);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT start_us FROM spans"), ==, t0 + MINUTE);
  g_assert_cmpint (id2, >, 0);

  /* An id that never existed. */
  add_app (f, "org.gnome.Nautilus", t0 + 3 * MINUTE, t0 + 4 * MINUTE, 12345);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans WHERE id = 12345"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 2);
}

static void
test_add_time_empty (Fixture       *f,
                     gconstpointer  user_data)
{
  gint64 t0 = local_usec (f, 2026, 3, 2, 10, 0);

  g_assert_cmpint (add_app (f, "org.gnome.Nautilus", t0, t0, 77), ==, 77);
  g_assert_cmpint (add_app (f, "org.gnome.Nautilus", t0, t0 - MINUTE, 0), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM day_totals"), ==, 0);
}

static void
test_add_time_split_boundary (Fixture       *f,
                              gconstpointer  user_data)
{
  gint64 id, id2;

  /* 03:30 to 04:30 on an ordinary night: half before the 04:00 boundary
   * belongs to the day before. */
  id = add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social",
                 local_usec (f, 2026, 5, 13, 3, 30), local_usec (f, 2026, 5, 13, 4, 30), 0);

  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans WHERE day = '2026-05-12' AND end_us - start_us = 1800000000"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans WHERE day = '2026-05-13' AND end_us - start_us = 1800000000"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT id FROM spans WHERE day = '2026-05-13'"), ==, id);
  g_assert_cmpint (db_int (f, "SELECT start_us FROM spans WHERE day = '2026-05-13'"), ==,
                   local_usec (f, 2026, 5, 13, 4, 0));
  assert_summary (f, "2026-05-12", "2026-05-13", UNS_GROUP_DAY,
                  ROWS ("2026-05-12=1800", "2026-05-13=1800"));

  /* The id handed back is the piece still open, on the new day. */
  id2 = add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social",
                  local_usec (f, 2026, 5, 13, 4, 30), local_usec (f, 2026, 5, 13, 5, 0), id);
  g_assert_cmpint (id2, ==, id);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 2);
  assert_summary (f, "2026-05-12", "2026-05-13", UNS_GROUP_DAY,
                  ROWS ("2026-05-12=1800", "2026-05-13=3600"));

  /* A checkpoint exactly at the boundary never extends across it. */
  id = add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 5, 14, 3, 50),
                local_usec (f, 2026, 5, 14, 4, 0), 0);
  id2 = add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 5, 14, 4, 0),
                 local_usec (f, 2026, 5, 14, 4, 10), id);
  g_assert_cmpint (id2, !=, id);
  assert_summary (f, "2026-05-13", "2026-05-14", UNS_GROUP_APP, ROWS ("org.gnome.Nautilus=1200"));
  assert_summary (f, "2026-05-14", "2026-05-14", UNS_GROUP_APP, ROWS ("org.gnome.Nautilus=600"));
}

static void
test_add_time_split_dst (Fixture       *f,
                         gconstpointer  user_data)
{
  gint64 start, end;

  /* Spring forward: 2026-03-29 02:00 CET becomes 03:00 CEST. With days
   * starting at 04:00, the day called 2026-03-28 is 23 hours long. */
  start = local_usec (f, 2026, 3, 28, 3, 0);
  end = local_usec (f, 2026, 3, 30, 5, 0);
  add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social", start, end, 0);
  assert_summary (f, "2026-03-27", "2026-03-31", UNS_GROUP_DAY,
                  ROWS ("2026-03-27=3600", "2026-03-28=82800", "2026-03-29=86400",
                        "2026-03-30=3600", "2026-03-31=0"));
  g_assert_cmpint (db_int (f, "SELECT sum(usec) FROM day_totals"), ==, end - start);
  g_assert_cmpint (end - start, ==, 49 * HOUR);

  /* Fall back: 2026-10-25 03:00 CEST becomes 02:00 CET. The day called
   * 2026-10-24 runs to 04:00 CET and is 25 hours long; 03:30 CET on the
   * 25th still belongs to it. */
  start = local_usec (f, 2026, 10, 25, 3, 30);
  g_assert_cmpint (start, ==, utc_usec (2026, 10, 25, 2, 30));
  end = local_usec (f, 2026, 10, 26, 5, 0);
  add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social", start, end, 0);
  assert_summary (f, "2026-10-24", "2026-10-26", UNS_GROUP_DAY,
                  ROWS ("2026-10-24=1800", "2026-10-25=86400", "2026-10-26=3600"));
  g_assert_cmpint (end - start, ==, 25 * HOUR + 30 * MINUTE);

  /* The whole 25-hour day. */
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 10, 24, 4, 0),
           local_usec (f, 2026, 10, 25, 4, 0), 0);
  assert_summary (f, "2026-10-24", "2026-10-24", UNS_GROUP_APP, ROWS ("org.gnome.Nautilus=90000"));
  assert_summary (f, "2026-10-25", "2026-10-25", UNS_GROUP_APP, NO_ROWS);

  /* Nothing lost, nothing counted twice. */
  g_assert_cmpint (db_int (f, "SELECT sum(usec) FROM day_totals"), ==,
                   db_int (f, "SELECT sum(end_us - start_us) FROM spans"));
  g_assert_cmpint (db_int (f, "SELECT sum(usec) FROM day_totals"), ==,
                   49 * HOUR + 25 * HOUR + 30 * MINUTE + 25 * HOUR);
}

static void
test_add_time_split_midnight (Fixture       *f,
                              gconstpointer  user_data)
{
  /* With days starting at midnight, the DST days are the 29th and the
   * 25th themselves. */
  uns_store_set_day_rules (f->store, f->tz, 0);

  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 3, 28, 23, 0),
           local_usec (f, 2026, 3, 30, 1, 0), 0);
  assert_summary (f, "2026-03-28", "2026-03-30", UNS_GROUP_APP, ROWS ("org.gnome.Nautilus=90000"));
  g_assert_cmpint (db_int (f, "SELECT usec FROM day_totals WHERE day = '2026-03-28'"), ==, HOUR);
  g_assert_cmpint (db_int (f, "SELECT usec FROM day_totals WHERE day = '2026-03-29'"), ==, 23 * HOUR);
  g_assert_cmpint (db_int (f, "SELECT usec FROM day_totals WHERE day = '2026-03-30'"), ==, HOUR);

  add_app (f, "org.gnome.TextEditor", local_usec (f, 2026, 10, 25, 0, 0),
           local_usec (f, 2026, 10, 26, 0, 0), 0);
  assert_summary (f, "2026-10-25", "2026-10-25", UNS_GROUP_APP, ROWS ("org.gnome.TextEditor=90000"));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans WHERE subject = 'org.gnome.TextEditor'"), ==, 1);
}

static void
test_add_time_rollback (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  UnsRecord boom = { UNS_KIND_APP, "boom", NULL, UNS_CATEGORY_OTHER };
  gint64 id = 42;

  /* The second piece's total fails after the first piece was written: the
   * whole call must leave no trace. */
  db_exec (f, "CREATE TRIGGER refuse_boom BEFORE INSERT ON day_totals"
              " WHEN NEW.subject = 'boom' AND NEW.day = '2026-05-13'"
              " BEGIN SELECT RAISE (ABORT, 'boom refused'); END");

  g_assert_false (uns_store_add_time (f->store, &boom, local_usec (f, 2026, 5, 13, 3, 30),
                                      local_usec (f, 2026, 5, 13, 4, 30), &id, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "boom refused"));
  g_assert_cmpint (id, ==, 42);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM day_totals"), ==, 0);

  /* No transaction was left open. */
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 5, 13, 10, 0),
           local_usec (f, 2026, 5, 13, 11, 0), 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 1);
}

/* /store/batch/… : group commit */

static void
test_batch_one_commit (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  UnsRecord files = { UNS_KIND_APP, "org.gnome.Nautilus", NULL, UNS_CATEGORY_OTHER };
  UnsRecord term = { UNS_KIND_APP, "org.gnome.Console", NULL, UNS_CATEGORY_OTHER };
  guint64 commits = uns_store_get_commit_count (f->store);
  gint64 first = 0, again, other = 0;

  g_assert_true (uns_store_begin_batch (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (uns_store_add_time (f->store, &files, local_usec (f, 2026, 5, 13, 10, 0),
                                     local_usec (f, 2026, 5, 13, 10, 5), &first, &error));
  again = first;
  g_assert_true (uns_store_add_time (f->store, &files, local_usec (f, 2026, 5, 13, 10, 5),
                                     local_usec (f, 2026, 5, 13, 10, 10), &again, &error));
  g_assert_true (uns_store_add_time (f->store, &term, local_usec (f, 2026, 5, 13, 10, 10),
                                     local_usec (f, 2026, 5, 13, 10, 20), &other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (again, ==, first);
  /* Nothing is saved, nor visible to another reader, before the commit. */
  g_assert_cmpuint (uns_store_get_commit_count (f->store), ==, commits);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 0);

  g_assert_true (uns_store_end_batch (f->store, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (uns_store_get_commit_count (f->store), ==, commits + 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 2);
  g_assert_null (uns_store_get_problem (f->store));
  assert_summary (f, "2026-05-13", "2026-05-13", UNS_GROUP_APP,
                  ROWS ("org.gnome.Console=600", "org.gnome.Nautilus=600"));

  /* Outside a batch each call is a commit of its own, as before. */
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 5, 13, 11, 0),
           local_usec (f, 2026, 5, 13, 11, 5), 0);
  g_assert_cmpuint (uns_store_get_commit_count (f->store), ==, commits + 2);
}

/* Writes leave pages of the trees they went through in SQLite's cache; the
 * store gives them back after a commit with none just before it in the same
 * turn of the main loop, rather than holding them all day. */
static void
test_cache_given_back (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  gsize filled;

  g_assert_true (uns_store_begin_batch (f->store, &error));
  g_assert_no_error (error);
  for (int i = 0; i < 400; i++)
    {
      g_autofree char *app_id = g_strdup_printf ("org.example.App%d", i);
      UnsRecord record = { UNS_KIND_APP, app_id, NULL, UNS_CATEGORY_OTHER };
      gint64 span_id = 0;

      g_assert_true (uns_store_add_time (f->store, &record, local_usec (f, 2026, 5, 13, 10, 0) + i,
                                         local_usec (f, 2026, 5, 13, 10, 1) + i, &span_id, &error));
      g_assert_no_error (error);
    }
  g_assert_true (uns_store_end_batch (f->store, &error));
  g_assert_no_error (error);
  filled = uns_store_get_cache_bytes (f->store);
  g_assert_cmpuint (filled, >, 0);

  /* It is an idle callback: dispatching what is ready, without blocking,
   * runs it. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (uns_store_get_cache_bytes (f->store), <, filled);
  /* What was written is all there. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 400);
}

static void
test_batch_failure_undoes_all (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  UnsRecord files = { UNS_KIND_APP, "org.gnome.Nautilus", NULL, UNS_CATEGORY_OTHER };
  UnsRecord boom = { UNS_KIND_APP, "boom", NULL, UNS_CATEGORY_OTHER };
  guint64 commits;
  gint64 id = 0;

  db_exec (f, "CREATE TRIGGER refuse_boom BEFORE INSERT ON day_totals"
              " WHEN NEW.subject = 'boom'"
              " BEGIN SELECT RAISE (ABORT, 'boom refused'); END");
  commits = uns_store_get_commit_count (f->store);

  g_assert_true (uns_store_begin_batch (f->store, &error));
  g_assert_true (uns_store_add_time (f->store, &files, local_usec (f, 2026, 5, 13, 10, 0),
                                     local_usec (f, 2026, 5, 13, 10, 5), &id, &error));
  g_assert_no_error (error);
  g_assert_false (uns_store_add_time (f->store, &boom, local_usec (f, 2026, 5, 13, 10, 5),
                                      local_usec (f, 2026, 5, 13, 10, 10), NULL, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_clear_error (&error);
  /* The failure undid the whole batch, the part that went in too. */
  uns_store_abort_batch (f->store);
  g_assert_nonnull (uns_store_get_problem (f->store));
  g_assert_cmpuint (uns_store_get_commit_count (f->store), ==, commits);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM day_totals"), ==, 0);

  /* An aborted batch leaves nothing open either. */
  g_assert_true (uns_store_begin_batch (f->store, &error));
  g_assert_true (uns_store_add_time (f->store, &files, local_usec (f, 2026, 5, 13, 10, 0),
                                     local_usec (f, 2026, 5, 13, 10, 5), NULL, &error));
  uns_store_abort_batch (f->store);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 0);

  /* The next save works, and says so. */
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 5, 13, 11, 0),
           local_usec (f, 2026, 5, 13, 11, 5), 0);
  g_assert_null (uns_store_get_problem (f->store));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 1);
}

/* /store/open/… : the full page check runs only after an unclean stop */

static void
scribble_page (Fixture *f,
               gint64   page_size,
               gboolean keep_times)
{
  struct timespec times[2];
  struct stat st;
  g_autofree guint8 *junk = g_malloc (page_size);
  int fd;

  g_assert_cmpint (stat (f->path, &st), ==, 0);
  memset (junk, 0xff, page_size);
  fd = g_open (f->path, O_WRONLY | O_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (pwrite (fd, junk, page_size, page_size), ==, page_size);
  g_assert_true (g_close (fd, NULL));
  if (keep_times)
    {
      times[0] = st.st_atim;
      times[1] = st.st_mtim;
      g_assert_cmpint (utimensat (AT_FDCWD, f->path, times, 0), ==, 0);
    }
}

static void
test_open_clean_close (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autofree char *mark = g_strconcat (f->path, "-clean", NULL);
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  gint64 page_size;

  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 3, 2, 10, 0),
           local_usec (f, 2026, 3, 2, 10, 5), 0);
  page_size = db_int (f, "PRAGMA page_size");
  /* A clean close checkpoints and removes the log, and says so. */
  g_clear_object (&f->store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));
  /* While open the mark is gone: a crash now leaves none. */
  fixture_open (f);
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_clear_object (&f->store);
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));

  /* Damage that keeps the file's size and times is what the skipped check
   * would have found: proof that it was skipped. */
  scribble_page (f, page_size, TRUE);
  store = uns_store_new (f->path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  /* A log with content (a crash, a power cut) means the full check. */
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_set_contents (wal, "a log that a crash left behind", -1, &error));
  store = uns_store_new (f->path, &error);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_null (store);
  g_clear_error (&error);
  g_unlink (wal);

  /* No mark (it was used up): the full check again. */
  g_assert_false (g_file_test (mark, G_FILE_TEST_EXISTS));
  store = uns_store_new (f->path, &error);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_assert_null (store);
}

static void
test_open_written_after_close (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autofree char *mark = g_strconcat (f->path, "-clean", NULL);
  gint64 page_size;

  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 3, 2, 10, 0),
           local_usec (f, 2026, 3, 2, 10, 5), 0);
  page_size = db_int (f, "PRAGMA page_size");
  g_clear_object (&f->store);
  g_assert_true (g_file_test (mark, G_FILE_TEST_EXISTS));

  /* Written to at once after a clean close, by someone else: the file's
   * time moved, so the mark no longer vouches for it. */
  scribble_page (f, page_size, FALSE);
  store = uns_store_new (f->path, &error);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_assert_nonnull (strstr (error->message, "damaged"));
  g_assert_null (store);
}

/* /store/truncate/… */

static void
truncate_ok (Fixture    *f,
             const char *app,
             gint64      span_start,
             gint64      cut)
{
  g_autoptr(GError) error = NULL;
  UnsRecord record = { UNS_KIND_APP, app, NULL, UNS_CATEGORY_OTHER };

  g_assert_true (uns_store_truncate (f->store, &record, span_start, cut, &error));
  g_assert_no_error (error);
}

static void
test_truncate_within_day (Fixture       *f,
                          gconstpointer  user_data)
{
  gint64 t0 = local_usec (f, 2026, 3, 2, 10, 0);
  gint64 id;

  /* An earlier stretch of the same app, and another app, stay as they are. */
  add_app (f, "org.gnome.Nautilus", t0 - HOUR, t0 - 30 * MINUTE, 0);
  add_app (f, "org.gnome.TextEditor", t0 + 12 * MINUTE, t0 + 30 * MINUTE, 0);

  /* Two checkpoints of one activity, then idleness noticed that began at
   * 10:15. */
  id = add_app (f, "org.gnome.Nautilus", t0, t0 + 10 * MINUTE, 0);
  add_app (f, "org.gnome.Nautilus", t0 + 10 * MINUTE, t0 + 20 * MINUTE, id);
  truncate_ok (f, "org.gnome.Nautilus", t0, t0 + 15 * MINUTE);

  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_APP,
                  ROWS ("org.gnome.Nautilus=2700", "org.gnome.TextEditor=1080"));
  {
    g_autofree char *sql = g_strdup_printf ("SELECT end_us FROM spans WHERE id = %" G_GINT64_FORMAT, id);

    g_assert_cmpint (db_int (f, sql), ==, t0 + 15 * MINUTE);
  }
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 3);

  /* Nothing saved past the cut: nothing changes. */
  truncate_ok (f, "org.gnome.Nautilus", t0, t0 + 15 * MINUTE);
  truncate_ok (f, "org.gnome.Nautilus", t0, t0 + 40 * MINUTE);
  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_APP,
                  ROWS ("org.gnome.Nautilus=2700", "org.gnome.TextEditor=1080"));

  /* Cut at the very start: the activity is gone, its day total row too. */
  truncate_ok (f, "org.gnome.TextEditor", t0 + 12 * MINUTE, t0 + 12 * MINUTE);
  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_APP, ROWS ("org.gnome.Nautilus=2700"));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM day_totals WHERE subject = 'org.gnome.TextEditor'"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT sum(usec) FROM day_totals"), ==,
                   db_int (f, "SELECT sum(end_us - start_us) FROM spans"));
}

static void
test_truncate_across_days (Fixture       *f,
                           gconstpointer  user_data)
{
  gint64 start = local_usec (f, 2026, 5, 13, 3, 30);

  /* Saved across the 04:00 boundary, then idle from 03:45. */
  add_app (f, "org.gnome.Nautilus", start, local_usec (f, 2026, 5, 13, 4, 30), 0);
  truncate_ok (f, "org.gnome.Nautilus", start, local_usec (f, 2026, 5, 13, 3, 45));

  assert_summary (f, "2026-05-12", "2026-05-12", UNS_GROUP_APP, ROWS ("org.gnome.Nautilus=900"));
  assert_summary (f, "2026-05-13", "2026-05-13", UNS_GROUP_APP, NO_ROWS);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM day_totals"), ==, 1);
}

/* /store/summary/… */

static void
add_sample_week (Fixture *f)
{
  /* 2026-03-02 */
  add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social",
            local_usec (f, 2026, 3, 2, 10, 0), local_usec (f, 2026, 3, 2, 10, 30), 0);
  add_full (f, UNS_KIND_APP, "com.discordapp.Discord", "discord", "chat",
            local_usec (f, 2026, 3, 2, 11, 0), local_usec (f, 2026, 3, 2, 11, 20), 0);
  add_full (f, UNS_KIND_APP, "org.gnome.Nautilus", NULL, UNS_CATEGORY_OTHER,
            local_usec (f, 2026, 3, 2, 12, 0), local_usec (f, 2026, 3, 2, 13, 0), 0);
  add_full (f, UNS_KIND_SITE, "", "", UNS_CATEGORY_OTHER,
            local_usec (f, 2026, 3, 2, 13, 0), local_usec (f, 2026, 3, 2, 13, 10), 0);
  /* 2026-03-03: nothing. 2026-03-04: */
  add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social",
            local_usec (f, 2026, 3, 4, 20, 0), local_usec (f, 2026, 3, 4, 20, 10), 0);
  add_full (f, UNS_KIND_SITE, "example.org", NULL, UNS_CATEGORY_OTHER,
            local_usec (f, 2026, 3, 4, 21, 0), local_usec (f, 2026, 3, 4, 21, 10), 0);
  /* 2026-03-06, outside most ranges below. */
  add_full (f, UNS_KIND_APP, "com.discordapp.Discord", "discord", "chat",
            local_usec (f, 2026, 3, 6, 9, 0), local_usec (f, 2026, 3, 6, 10, 0), 0);
}

static void
test_summary_service (Fixture       *f,
                      gconstpointer  user_data)
{
  add_sample_week (f);
  assert_summary (f, "2026-03-01", "2026-03-05", UNS_GROUP_SERVICE,
                  ROWS ("instagram=2400", "discord=1200"));
  assert_summary (f, "2026-03-01", "2026-03-06", UNS_GROUP_SERVICE,
                  ROWS ("discord=4800", "instagram=2400"));
  assert_summary (f, "2026-03-04", "2026-03-04", UNS_GROUP_SERVICE, ROWS ("instagram=600"));
  assert_summary (f, "2026-03-03", "2026-03-03", UNS_GROUP_SERVICE, NO_ROWS);
}

static void
test_summary_category (Fixture       *f,
                       gconstpointer  user_data)
{
  add_sample_week (f);
  assert_summary (f, "2026-03-01", "2026-03-05", UNS_GROUP_CATEGORY,
                  ROWS ("other=4800", "social=2400", "chat=1200"));
}

static void
test_summary_app (Fixture       *f,
                  gconstpointer  user_data)
{
  add_sample_week (f);
  assert_summary (f, "2026-03-01", "2026-03-05", UNS_GROUP_APP,
                  ROWS ("org.gnome.Nautilus=3600", "com.discordapp.Discord=1200"));
}

static void
test_summary_site (Fixture       *f,
                   gconstpointer  user_data)
{
  add_sample_week (f);
  /* Ties go by key; the anonymous bucket has the empty key. */
  assert_summary (f, "2026-03-01", "2026-03-05", UNS_GROUP_SITE,
                  ROWS ("instagram.com=2400", "=600", "example.org=600"));
}

static void
test_summary_by_day (Fixture       *f,
                     gconstpointer  user_data)
{
  add_sample_week (f);
  assert_summary (f, "2026-02-27", "2026-03-07", UNS_GROUP_DAY,
                  ROWS ("2026-02-27=0", "2026-02-28=0", "2026-03-01=0", "2026-03-02=3000",
                        "2026-03-03=0", "2026-03-04=600", "2026-03-05=0", "2026-03-06=3600",
                        "2026-03-07=0"));
  assert_summary (f, "2026-03-03", "2026-03-03", UNS_GROUP_DAY, ROWS ("2026-03-03=0"));
  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_DAY, ROWS ("2026-03-02=3000"));
  assert_summary (f, "2026-03-06", "2026-03-06", UNS_GROUP_DAY, ROWS ("2026-03-06=3600"));

  /* A leap year and a year boundary. */
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2028, 2, 29, 12, 0),
           local_usec (f, 2028, 2, 29, 12, 5), 0);
  {
    g_autoptr(GPtrArray) rows = summary (f, "2027-12-30", "2028-03-01", UNS_GROUP_DAY);

    g_assert_cmpuint (rows->len, ==, 63);
    g_assert_cmpstr (((UnsSummaryRow *) rows->pdata[0])->key, ==, "2027-12-30");
    g_assert_cmpstr (((UnsSummaryRow *) rows->pdata[2])->key, ==, "2028-01-01");
    g_assert_cmpstr (((UnsSummaryRow *) rows->pdata[61])->key, ==, "2028-02-29");
    /* Nautilus is not social time. */
    g_assert_cmpint (((UnsSummaryRow *) rows->pdata[61])->usec, ==, 0);
  }
}

static void
test_summary_bad_range (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GDate from = day_of ("2026-03-05");
  GDate to = day_of ("2026-03-04");

  rows = uns_store_summary (f->store, &from, &to, UNS_GROUP_DAY, &error);
  g_assert_null (rows);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
}

/* /store/forget/… */

static void
test_forget_all (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GDate from = day_of ("2026-03-02");
  GDate to = day_of ("2026-03-03");
  guint64 removed = 0;

  add_sample_week (f);
  g_assert_true (uns_store_forget (f->store, &from, &to, NULL, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 4);

  assert_summary (f, "2026-03-01", "2026-03-07", UNS_GROUP_CATEGORY,
                  ROWS ("chat=3600", "other=600", "social=600"));
  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_APP, NO_ROWS);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans WHERE day = '2026-03-02'"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM day_totals WHERE day = '2026-03-02'"), ==, 0);

  /* The empty string means everything too. */
  from = day_of ("2026-01-01");
  to = day_of ("2026-12-31");
  g_assert_true (uns_store_forget (f->store, &from, &to, "", &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 3);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 0);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM day_totals"), ==, 0);

  g_assert_true (uns_store_forget (f->store, &from, &to, NULL, &removed, &error));
  g_assert_cmpuint (removed, ==, 0);
}

static void
test_forget_service (Fixture       *f,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  GDate from = day_of ("2026-03-01");
  GDate to = day_of ("2026-03-07");
  guint64 removed = 0;

  add_sample_week (f);
  g_assert_true (uns_store_forget (f->store, &from, &to, "instagram", &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 2);

  assert_summary (f, "2026-03-01", "2026-03-07", UNS_GROUP_SERVICE, ROWS ("discord=4800"));
  assert_summary (f, "2026-03-01", "2026-03-07", UNS_GROUP_SITE,
                  ROWS ("=600", "example.org=600"));
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 5);
  g_assert_cmpint (db_int (f, "SELECT sum(usec) FROM day_totals"), ==,
                   db_int (f, "SELECT sum(end_us - start_us) FROM spans"));
}

/* /store/export/… */

typedef struct
{
  GAsyncResult *result;
} ExportWait;

static void
export_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ExportWait *wait = user_data;

  wait->result = g_object_ref (result);
}

/* Runs an export into a pipe and reads it all, as the CLI would. */
static gboolean
run_export (Fixture          *f,
            UnsExportFormat   format,
            const char       *from,
            const char       *to,
            gboolean          close_reader,
            char            **out_text,
            guint64          *out_rows,
            GError          **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GString) text = g_string_new ("");
  GDate from_day = day_of (from);
  GDate to_day = day_of (to);
  ExportWait wait = { NULL };
  gboolean ok;
  int fds[2];

  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &local));
  g_assert_no_error (local);
  if (close_reader)
    g_close (fds[0], NULL);

  uns_store_export_async (f->store, fds[1], format, &from_day, &to_day, NULL, export_done, &wait);

  if (!close_reader)
    {
      char buffer[8192];
      gssize n;

      /* The worker thread writes while this one reads; end of file comes
       * when it closes its end. */
      do
        {
          n = read (fds[0], buffer, sizeof buffer);
          if (n > 0)
            g_string_append_len (text, buffer, n);
        }
      while (n > 0 || (n < 0 && errno == EINTR));
      g_assert_cmpint (n, ==, 0);
      g_close (fds[0], NULL);
    }

  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);

  ok = uns_store_export_finish (f->store, wait.result, out_rows, error);
  g_object_unref (wait.result);
  if (out_text != NULL)
    *out_text = g_string_free (g_steal_pointer (&text), FALSE);
  return ok;
}

static char *
export_ok (Fixture         *f,
           UnsExportFormat  format,
           const char      *from,
           const char      *to,
           guint64          expected_rows)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  guint64 rows = G_MAXUINT64;

  g_assert_true (run_export (f, format, from, to, FALSE, &text, &rows, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, expected_rows);
  return text;
}

#define AWKWARD_SUBJECT "odd, \"quoted\"\napp ✓ 名前"

static void
add_export_sample (Fixture *f)
{
  /* 2026-03-02, Berlin is UTC+1. */
  add_full (f, UNS_KIND_APP, "org.gnome.Nautilus", NULL, UNS_CATEGORY_OTHER,
            local_usec (f, 2026, 3, 2, 10, 0), local_usec (f, 2026, 3, 2, 10, 30), 0);
  add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social",
            local_usec (f, 2026, 3, 2, 10, 30) + 250000, local_usec (f, 2026, 3, 2, 10, 45) + 750000, 0);
  /* 2026-03-03 */
  add_full (f, UNS_KIND_APP, AWKWARD_SUBJECT, "", UNS_CATEGORY_OTHER,
            local_usec (f, 2026, 3, 3, 9, 0), local_usec (f, 2026, 3, 3, 9, 1) + 1, 0);
  add_full (f, UNS_KIND_SITE, "", NULL, UNS_CATEGORY_OTHER,
            local_usec (f, 2026, 3, 3, 9, 1) + 1, local_usec (f, 2026, 3, 3, 9, 2), 0);
  /* 2026-03-05, outside the range exported. */
  add_full (f, UNS_KIND_SITE, "instagram.com", "instagram", "social",
            local_usec (f, 2026, 3, 5, 10, 0), local_usec (f, 2026, 3, 5, 10, 30), 0);
}

/* The records add_export_sample() writes for 2026-03-02 … 2026-03-04, as
 * the eight fields of each, service "" when there is none. */
static const char * const export_expected[][8] = {
  { "2026-03-02T09:00:00Z", "2026-03-02T09:30:00Z", "2026-03-02", "1800.000", "app",
    "org.gnome.Nautilus", "", "other" },
  { "2026-03-02T09:30:00Z", "2026-03-02T09:45:00Z", "2026-03-02", "900.500", "site",
    "instagram.com", "instagram", "social" },
  { "2026-03-03T08:00:00Z", "2026-03-03T08:01:00Z", "2026-03-03", "60.000", "app",
    AWKWARD_SUBJECT, "", "other" },
  { "2026-03-03T08:01:00Z", "2026-03-03T08:02:00Z", "2026-03-03", "60.000", "site",
    "", "", "other" },
};

static const char * const export_fields[8] = {
  "start", "end", "day", "seconds", "kind", "subject", "service", "category",
};

/* A small RFC 4180 reader: quoted fields may hold commas, doubled quotes
 * and line breaks. */
static GPtrArray *
parse_csv (const char *text)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = NULL;
  g_autoptr(GString) field = g_string_new ("");
  const char *p = text;

  while (*p != '\0')
    {
      if (record == NULL)
        {
          record = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (records, record);
        }

      if (*p == '"')
        {
          for (p++; !(*p == '"' && p[1] != '"'); p++)
            {
              g_assert_cmpint (*p, !=, '\0');
              if (*p == '"')
                p++;
              g_string_append_c (field, *p);
            }
          p++;
          g_assert_true (*p == ',' || *p == '\n');
        }
      else
        {
          for (; *p != ',' && *p != '\n' && *p != '\0'; p++)
            {
              g_assert_cmpint (*p, !=, '"');
              g_assert_cmpint (*p, !=, '\r');
              g_string_append_c (field, *p);
            }
        }

      g_ptr_array_add (record, g_strdup (field->str));
      g_string_truncate (field, 0);
      if (*p == '\n')
        record = NULL;
      if (*p != '\0')
        p++;
    }
  /* Every line ends with LF. */
  g_assert_null (record);
  return records;
}

static void
test_export_csv (Fixture       *f,
                 gconstpointer  user_data)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) records = NULL;

  add_export_sample (f);
  text = export_ok (f, UNS_EXPORT_CSV, "2026-03-02", "2026-03-04", 4);

  g_assert_true (g_str_has_prefix (text, "start,end,day,seconds,kind,subject,service,category\n"));
  g_assert_nonnull (strstr (text, "\n2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,2026-03-02,1800.000,app,"
                                  "org.gnome.Nautilus,,other\n"));
  g_assert_nonnull (strstr (text, ",\"odd, \"\"quoted\"\"\napp ✓ 名前\","));

  records = parse_csv (text);
  g_assert_cmpuint (records->len, ==, 1 + G_N_ELEMENTS (export_expected));
  for (guint i = 0; i < records->len; i++)
    {
      GPtrArray *record = g_ptr_array_index (records, i);

      g_assert_cmpuint (record->len, ==, 8);
      for (guint j = 0; j < 8; j++)
        g_assert_cmpstr (g_ptr_array_index (record, j), ==,
                         i == 0 ? export_fields[j] : export_expected[i - 1][j]);
    }
}

static void
assert_json_record (JsonNode *node,
                    guint     i)
{
  JsonObject *object;
  double seconds;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (object), ==, 8);

  for (guint j = 0; j < 8; j++)
    {
      JsonNode *member = json_object_get_member (object, export_fields[j]);

      g_assert_nonnull (member);
      if (g_str_equal (export_fields[j], "seconds"))
        {
          g_assert_cmpint (json_node_get_value_type (member), ==, G_TYPE_DOUBLE);
          seconds = json_node_get_double (member);
          g_assert_cmpfloat (seconds, ==, g_ascii_strtod (export_expected[i][j], NULL));
        }
      else if (g_str_equal (export_fields[j], "service") && export_expected[i][j][0] == '\0')
        {
          g_assert_true (JSON_NODE_HOLDS_NULL (member));
        }
      else
        {
          g_assert_cmpstr (json_node_get_string (member), ==, export_expected[i][j]);
        }
    }
}

static void
test_export_json (Fixture       *f,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  JsonArray *array;

  add_export_sample (f);
  text = export_ok (f, UNS_EXPORT_JSON, "2026-03-02", "2026-03-04", 4);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  /* Exact seconds, to the millisecond. */
  g_assert_nonnull (strstr (text, "\"seconds\":1800.000,"));
  g_assert_nonnull (strstr (text, "\"seconds\":900.500,"));

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, G_N_ELEMENTS (export_expected));
  for (guint i = 0; i < json_array_get_length (array); i++)
    assert_json_record (json_array_get_element (array, i), i);
}

static void
test_export_ndjson (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  add_export_sample (f);
  text = export_ok (f, UNS_EXPORT_NDJSON, "2026-03-02", "2026-03-04", 4);
  g_assert_true (g_str_has_suffix (text, "}\n"));

  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (export_expected) + 1);
  g_assert_cmpstr (lines[G_N_ELEMENTS (export_expected)], ==, "");
  for (guint i = 0; i < G_N_ELEMENTS (export_expected); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonParser) parser = json_parser_new ();

      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, &error));
      g_assert_no_error (error);
      assert_json_record (json_parser_get_root (parser), i);
    }
}

static void
test_export_empty (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autofree char *csv = NULL;
  g_autofree char *json = NULL;
  g_autofree char *ndjson = NULL;

  add_export_sample (f);
  csv = export_ok (f, UNS_EXPORT_CSV, "2026-04-01", "2026-04-30", 0);
  json = export_ok (f, UNS_EXPORT_JSON, "2026-04-01", "2026-04-30", 0);
  ndjson = export_ok (f, UNS_EXPORT_NDJSON, "2026-04-01", "2026-04-30", 0);

  g_assert_cmpstr (csv, ==, "start,end,day,seconds,kind,subject,service,category\n");
  g_assert_cmpstr (json, ==, "[]\n");
  g_assert_cmpstr (ndjson, ==, "");
}

/* Many more bytes than a pipe or the export buffer holds, written by a
 * second connection in one go: span i of @n starts at 12:00 UTC + 2i s and
 * lasts 1000 + i µs. */
static void
add_many_spans (Fixture *f,
                guint    n)
{
  sqlite3 *db = open_db (f);
  sqlite3_stmt *stmt = NULL;
  gint64 t0 = utc_usec (2026, 1, 1, 12, 0);

  g_assert_cmpint (sqlite3_exec (db, "BEGIN", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "INSERT INTO spans (start_us, end_us, day, kind, subject, service, category)"
                                           " VALUES (?1, ?2, '2026-01-01', 0, ?3, '', 'other')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *subject = g_strdup_printf ("org.example.App%u", i % 97);

      sqlite3_bind_int64 (stmt, 1, t0 + (gint64) i * 2 * G_USEC_PER_SEC);
      sqlite3_bind_int64 (stmt, 2, t0 + (gint64) i * 2 * G_USEC_PER_SEC + 1000 + i);
      sqlite3_bind_text (stmt, 3, subject, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_export_large (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GPtrArray) records = NULL;
  g_autofree char *text = NULL;
  gint64 total_ms = 0;
  const guint n = 20000;

  add_many_spans (f, n);

  text = export_ok (f, UNS_EXPORT_CSV, "2026-01-01", "2026-01-01", n);
  g_assert_cmpuint (strlen (text), >, 1024 * 1024);
  records = parse_csv (text);
  g_assert_cmpuint (records->len, ==, n + 1);

  /* In order of start, and every record whole. */
  for (guint i = 1; i < records->len; i++)
    {
      GPtrArray *record = g_ptr_array_index (records, i);
      const char *seconds = g_ptr_array_index (record, 3);
      g_autofree char *subject = g_strdup_printf ("org.example.App%u", (i - 1) % 97);

      g_assert_cmpstr (g_ptr_array_index (record, 5), ==, subject);
      g_assert_true (g_str_has_prefix (seconds, "0."));
      total_ms += (gint64) g_ascii_strtoull (seconds + 2, NULL, 10);
    }
  /* Each span is 1000 + i µs, rounded to the millisecond. */
  {
    gint64 expected_ms = 0;

    for (guint i = 0; i < n; i++)
      expected_ms += (1000 + i + 500) / 1000;
    g_assert_cmpint (total_ms, ==, expected_ms);
  }
}

static void
test_export_closed_pipe (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  guint64 rows = 0;

  add_export_sample (f);
  g_assert_false (run_export (f, UNS_EXPORT_CSV, "2026-03-01", "2026-03-31", TRUE,
                              NULL, &rows, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "nothing is reading"));

  /* The store carries on. */
  g_clear_error (&error);
  {
    g_autofree char *text = export_ok (f, UNS_EXPORT_NDJSON, "2026-03-02", "2026-03-02", 2);

    g_assert_nonnull (text);
  }
}

static void
test_export_bad_range (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_false (run_export (f, UNS_EXPORT_CSV, "2026-03-05", "2026-03-01", FALSE,
                              &text, NULL, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
  /* The fd was closed all the same: reading it ended. */
  g_assert_cmpstr (text, ==, "");
}

static void
test_export_while_writing (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autofree char *text = NULL;
  sqlite3 *db = open_db (f);

  add_export_sample (f);

  /* Another connection holds the write lock: in WAL mode the export reads
   * the last committed state without waiting. */
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE; DELETE FROM spans;", NULL, NULL, NULL), ==, SQLITE_OK);
  text = export_ok (f, UNS_EXPORT_NDJSON, "2026-03-02", "2026-03-04", 4);
  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static void
test_export_slow_reader (Fixture       *f,
                         gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new ("");
  GDate day = day_of ("2026-01-01");
  ExportWait wait = { NULL };
  GPollFD poll_fd;
  guint64 rows = 0;
  char buffer[8192];
  gssize n;
  int fds[2];

  add_many_spans (f, 20000);
  g_assert_true (g_unix_open_pipe (fds, FD_CLOEXEC, &error));
  g_assert_no_error (error);

  uns_store_export_async (f->store, fds[1], UNS_EXPORT_NDJSON, &day, &day, NULL, export_done, &wait);

  /* Once bytes arrive the worker is reading its snapshot, and with nobody
   * reading the pipe it soon blocks on a full pipe. Recording time must go
   * on meanwhile, without waiting for the reader. */
  poll_fd.fd = fds[0];
  poll_fd.events = G_IO_IN;
  g_assert_cmpint (g_poll (&poll_fd, 1, -1), ==, 1);
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 1, 2, 12, 0),
           local_usec (f, 2026, 1, 2, 12, 30), 0);
  assert_summary (f, "2026-01-02", "2026-01-02", UNS_GROUP_APP, ROWS ("org.gnome.Nautilus=1800"));

  do
    {
      n = read (fds[0], buffer, sizeof buffer);
      if (n > 0)
        g_string_append_len (text, buffer, n);
    }
  while (n > 0 || (n < 0 && errno == EINTR));
  g_close (fds[0], NULL);

  while (wait.result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (uns_store_export_finish (f->store, wait.result, &rows, &error));
  g_assert_no_error (error);
  g_object_unref (wait.result);
  g_assert_cmpuint (rows, ==, 20000);
  g_assert_true (g_str_has_suffix (text->str, "\"category\":\"other\"}\n"));
}

/* /export/format/… : the formatters alone */

static void
test_format_time (void)
{
  static const struct
  {
    gint64      usec;
    const char *text;
  } cases[] = {
    { 0, "1970-01-01T00:00:00Z" },
    { -1, "1969-12-31T23:59:59Z" },
    { 1999999, "1970-01-01T00:00:01Z" },
    { G_GINT64_CONSTANT (951782400) * G_USEC_PER_SEC, "2000-02-29T00:00:00Z" },
    { G_GINT64_CONSTANT (1709251199) * G_USEC_PER_SEC, "2024-02-29T23:59:59Z" },
    { G_GINT64_CONSTANT (1774746000) * G_USEC_PER_SEC, "2026-03-29T01:00:00Z" },
    { G_GINT64_CONSTANT (4102444800) * G_USEC_PER_SEC, "2100-01-01T00:00:00Z" },
    { G_GINT64_CONSTANT (253402300799) * G_USEC_PER_SEC, "9999-12-31T23:59:59Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new ("");

      uns_export_append_time (out, cases[i].usec);
      g_assert_cmpstr (out->str, ==, cases[i].text);
    }

  /* Agrees with GDateTime across many days. */
  for (gint64 s = -86400 * 400; s < G_GINT64_CONSTANT (86400) * 365 * 200; s += 86400 * 7 + 3601)
    {
      g_autoptr(GString) out = g_string_new ("");
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (s);
      g_autofree char *expected = g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");

      uns_export_append_time (out, s * G_USEC_PER_SEC);
      g_assert_cmpstr (out->str, ==, expected);
    }
}

static void
test_format_seconds (void)
{
  static const struct
  {
    gint64      usec;
    const char *text;
  } cases[] = {
    { 0, "0.000" },
    { 499, "0.000" },
    { 500, "0.001" },
    { 1800 * G_USEC_PER_SEC, "1800.000" },
    { 900500000, "900.500" },
    { 999999, "1.000" },
    { 86400 * G_GINT64_CONSTANT (365) * G_USEC_PER_SEC + 1234, "31536000.001" },
    { -1500, "-0.002" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GString) out = g_string_new ("");

      uns_export_append_seconds (out, cases[i].usec);
      g_assert_cmpstr (out->str, ==, cases[i].text);
    }
}

static void
test_format_exact (void)
{
  UnsExportRecord record = {
    .start_usec = G_GINT64_CONSTANT (1772442000) * G_USEC_PER_SEC,
    .end_usec = G_GINT64_CONSTANT (1772443800) * G_USEC_PER_SEC,
    .day = "2026-03-02",
    .kind = UNS_KIND_SITE,
    .subject = "instagram.com",
    .service = "instagram",
    .category = "social",
  };
  g_autoptr(GString) out = g_string_new ("");

  uns_export_write_header (UNS_EXPORT_CSV, out);
  uns_export_write_record (UNS_EXPORT_CSV, &record, 0, out);
  record.service = NULL;
  uns_export_write_record (UNS_EXPORT_CSV, &record, 1, out);
  uns_export_write_footer (UNS_EXPORT_CSV, 2, out);
  g_assert_cmpstr (out->str, ==,
                   "start,end,day,seconds,kind,subject,service,category\n"
                   "2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,2026-03-02,1800.000,site,instagram.com,instagram,social\n"
                   "2026-03-02T09:00:00Z,2026-03-02T09:30:00Z,2026-03-02,1800.000,site,instagram.com,,social\n");

  g_string_truncate (out, 0);
  record.service = "instagram";
  uns_export_write_header (UNS_EXPORT_JSON, out);
  uns_export_write_record (UNS_EXPORT_JSON, &record, 0, out);
  record.service = "";
  record.kind = UNS_KIND_APP;
  uns_export_write_record (UNS_EXPORT_JSON, &record, 1, out);
  uns_export_write_footer (UNS_EXPORT_JSON, 2, out);
  g_assert_cmpstr (out->str, ==,
                   "[\n"
                   "{\"start\":\"2026-03-02T09:00:00Z\",\"end\":\"2026-03-02T09:30:00Z\",\"day\":\"2026-03-02\","
                   "\"seconds\":1800.000,\"kind\":\"site\",\"subject\":\"instagram.com\",\"service\":\"instagram\","
                   "\"category\":\"social\"},\n"
                   "{\"start\":\"2026-03-02T09:00:00Z\",\"end\":\"2026-03-02T09:30:00Z\",\"day\":\"2026-03-02\","
                   "\"seconds\":1800.000,\"kind\":\"app\",\"subject\":\"instagram.com\",\"service\":null,"
                   "\"category\":\"social\"}\n"
                   "]\n");
}

static void
test_format_hostile_text (void)
{
  /* Control characters, quotes, backslashes, line separators, invalid
   * and truncated UTF-8, an overlong encoding and a UTF-8 surrogate. */
  static const char subject[] =
    "a\"b\\c\x01\t\n\r\x7f \xe2\x80\xa8 \xff\xc3( \xc0\xaf \xed\xa0\x80 ✓\xe2\x9c";
  static const char expected[] =
    "a\"b\\c\x01\t\n\r\x7f \xe2\x80\xa8 \xef\xbf\xbd\xef\xbf\xbd( \xef\xbf\xbd\xef\xbf\xbd "
    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd ✓\xef\xbf\xbd\xef\xbf\xbd";
  UnsExportRecord record = {
    .start_usec = 0,
    .end_usec = G_USEC_PER_SEC,
    .day = "1970-01-01",
    .kind = UNS_KIND_APP,
    .subject = subject,
    .service = subject,
    .category = subject,
  };

  for (guint format = UNS_EXPORT_JSON; format <= UNS_EXPORT_NDJSON; format++)
    {
      g_autoptr(GString) out = g_string_new ("");
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonNode *root;
      JsonObject *object;

      uns_export_write_header (format, out);
      uns_export_write_record (format, &record, 0, out);
      uns_export_write_footer (format, 1, out);

      g_assert_true (g_utf8_validate (out->str, (gssize) out->len, NULL));
      g_assert_true (json_parser_load_from_data (parser, out->str, (gssize) out->len, &error));
      g_assert_no_error (error);
      root = json_parser_get_root (parser);
      if (format == UNS_EXPORT_JSON)
        root = json_array_get_element (json_node_get_array (root), 0);
      object = json_node_get_object (root);
      g_assert_cmpstr (json_object_get_string_member (object, "subject"), ==, expected);
      g_assert_cmpstr (json_object_get_string_member (object, "service"), ==, expected);
      g_assert_cmpstr (json_object_get_string_member (object, "category"), ==, expected);
      /* Raw control characters never appear inside a JSON string. */
      g_assert_null (strchr (out->str, '\x01'));
      g_assert_nonnull (strstr (out->str, "\\u2028"));
    }

  {
    g_autoptr(GString) out = g_string_new ("");
    g_autoptr(GPtrArray) records = NULL;
    GPtrArray *fields;

    uns_export_write_record (UNS_EXPORT_CSV, &record, 0, out);
    g_assert_true (g_utf8_validate (out->str, (gssize) out->len, NULL));
    records = parse_csv (out->str);
    g_assert_cmpuint (records->len, ==, 1);
    fields = g_ptr_array_index (records, 0);
    g_assert_cmpuint (fields->len, ==, 8);
    g_assert_cmpstr (g_ptr_array_index (fields, 5), ==, expected);
    g_assert_cmpstr (g_ptr_array_index (fields, 6), ==, expected);
    g_assert_cmpstr (g_ptr_array_index (fields, 7), ==, expected);
  }
}

static void
test_format_names (void)
{
  UnsExportFormat format;

  for (format = UNS_EXPORT_CSV; format <= UNS_EXPORT_NDJSON; format++)
    {
      UnsExportFormat parsed = (UnsExportFormat) -1;

      g_assert_true (uns_export_format_from_string (uns_export_format_to_string (format), &parsed));
      g_assert_cmpint (parsed, ==, format);
    }
  g_assert_false (uns_export_format_from_string ("CSV", &format));
  g_assert_false (uns_export_format_from_string ("xml", &format));
  g_assert_false (uns_export_format_from_string ("", &format));
}

/* /store/user-services/… */

static void
collect_service (const char         *id,
                 const char         *name,
                 const char         *category,
                 const char * const *app_ids,
                 const char * const *domains,
                 gpointer            user_data)
{
  GString *seen = user_data;
  g_autofree char *apps = g_strjoinv (",", (char **) app_ids);
  g_autofree char *sites = g_strjoinv (",", (char **) domains);

  g_string_append_printf (seen, "%s|%s|%s|%s|%s;", id, name, category, apps, sites);
}

static char *
load_services (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) seen = g_string_new ("");

  g_assert_true (uns_store_load_user_services (f->store, collect_service, seen, &error));
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&seen), FALSE);
}

static void
test_user_services_round_trip (Fixture       *f,
                               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char * const apps[] = { "org.joinmastodon.App", "io.example.Toot", NULL };
  const char * const domains[] = { "example.social", NULL };
  const char * const work_domains[] = { "chat.example", NULL };
  g_autofree char *empty = load_services (f);
  g_autofree char *loaded = NULL;
  g_autofree char *reloaded = NULL;

  g_assert_cmpstr (empty, ==, "");

  g_assert_true (uns_store_save_user_service (f->store, "work-chat", "Work “chat”", "chat",
                                              NULL, work_domains, &error));
  g_assert_no_error (error);
  g_assert_true (uns_store_save_user_service (f->store, "mastodon", "My Mastodon", "social",
                                              apps, domains, &error));
  g_assert_no_error (error);

  loaded = load_services (f);
  g_assert_cmpstr (loaded, ==,
                   "mastodon|My Mastodon|social|org.joinmastodon.App,io.example.Toot|example.social;"
                   "work-chat|Work “chat”|chat||chat.example;");

  /* It is all still there after a restart. */
  fixture_open (f);
  reloaded = load_services (f);
  g_assert_cmpstr (reloaded, ==, loaded);
}

static void
test_user_services_replace (Fixture       *f,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char * const apps[] = { "org.joinmastodon.App", NULL };
  const char * const domains[] = { "example.social", "toot.example", NULL };
  const char * const new_domains[] = { "other.example", NULL };
  g_autofree char *loaded = NULL;

  g_assert_true (uns_store_save_user_service (f->store, "mastodon", "My Mastodon", "social",
                                              apps, domains, &error));
  g_assert_no_error (error);
  g_assert_true (uns_store_save_user_service (f->store, "mastodon", "Mastodon", "news",
                                              NULL, new_domains, &error));
  g_assert_no_error (error);

  loaded = load_services (f);
  g_assert_cmpstr (loaded, ==, "mastodon|Mastodon|news||other.example;");
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM user_service_matches"), ==, 1);
}

static void
test_user_services_delete (Fixture       *f,
                           gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const char * const domains[] = { "example.social", "toot.example", NULL };
  const char * const other_domains[] = { "other.example", NULL };
  g_autofree char *loaded = NULL;

  g_assert_true (uns_store_save_user_service (f->store, "mastodon", "My Mastodon", "social",
                                              NULL, domains, &error));
  g_assert_true (uns_store_save_user_service (f->store, "other", "Other", "social",
                                              NULL, other_domains, &error));
  g_assert_no_error (error);

  g_assert_true (uns_store_delete_user_service (f->store, "mastodon", &error));
  g_assert_no_error (error);
  loaded = load_services (f);
  g_assert_cmpstr (loaded, ==, "other|Other|social||other.example;");
  /* Its matches went with it. */
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM user_service_matches"), ==, 1);

  g_assert_false (uns_store_delete_user_service (f->store, "mastodon", &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
}

/* /store/limits/… */

/* One limit as "id scope:target m,t,w,t,f,s,s flags". */
static void
append_limit (GString        *out,
              const UnsLimit *limit)
{
  g_string_append_printf (out, "%u %s:%s ", limit->id, limit->scope, limit->target);
  for (guint i = 0; i < G_N_ELEMENTS (limit->minutes); i++)
    g_string_append_printf (out, "%s%u", i > 0 ? "," : "", limit->minutes[i]);
  g_string_append (out, limit->enabled ? " on" : " off");
  if (limit->strict)
    g_string_append (out, " strict");
  if (limit->mindful_pause)
    g_string_append (out, " mindful");
}

/* Every limit the store lists, "; " between them. */
static char *
list_limits (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) limits = NULL;
  g_autoptr(GString) out = g_string_new ("");

  limits = uns_store_list_limits (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (limits);
  for (guint i = 0; i < limits->len; i++)
    {
      if (i > 0)
        g_string_append (out, "; ");
      append_limit (out, g_ptr_array_index (limits, i));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

#define LIMIT(scope, target, ...) \
  { 0, (char *) (scope), (char *) (target), { __VA_ARGS__ }, TRUE, FALSE, FALSE }

static guint
add_limit_ok (Fixture  *f,
              UnsLimit *limit)
{
  g_autoptr(GError) error = NULL;

  limit->id = 0;
  g_assert_true (uns_store_add_limit (f->store, limit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (limit->id, >, 0);
  return limit->id;
}

static void
test_limits_round_trip (Fixture       *f,
                        gconstpointer  user_data)
{
  UnsLimit instagram = LIMIT ("service", "instagram", 30, 30, 30, 30, 45, 90, 1440);
  UnsLimit social = LIMIT ("category", "social", 60, 60, 60, 60, 60, 60, 60);
  UnsLimit total = LIMIT ("total", "", 0, 120, 120, 120, 120, 120, 0);
  g_autofree char *empty = list_limits (f);
  g_autofree char *listed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *reopened = NULL;

  g_assert_cmpstr (empty, ==, "");

  social.strict = TRUE;
  total.enabled = FALSE;
  total.mindful_pause = TRUE;
  add_limit_ok (f, &instagram);
  add_limit_ok (f, &social);
  add_limit_ok (f, &total);
  g_assert_cmpuint (instagram.id, <, social.id);
  g_assert_cmpuint (social.id, <, total.id);

  /* In the order they were added, with every value as given. */
  listed = list_limits (f);
  expected = g_strdup_printf ("%u service:instagram 30,30,30,30,45,90,1440 on; "
                              "%u category:social 60,60,60,60,60,60,60 on strict; "
                              "%u total: 0,120,120,120,120,120,0 off mindful",
                              instagram.id, social.id, total.id);
  g_assert_cmpstr (listed, ==, expected);

  /* And after a restart. */
  fixture_open (f);
  reopened = list_limits (f);
  g_assert_cmpstr (reopened, ==, expected);
}

/* The statements for editing limits are prepared when used and let go of
 * after writes: each use after a shrink prepares them again, and a schema
 * another program changed under the daemon gives an error, not a crash. */
static void
test_limits_prepared_on_demand (Fixture       *f,
                                gconstpointer  user_data)
{
  UnsLimit instagram = LIMIT ("service", "instagram", 30, 30, 30, 30, 45, 90, 1440);
  UnsLimit social = LIMIT ("category", "social", 60, 60, 60, 60, 60, 60, 60);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) limits = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *expected = NULL;

  add_limit_ok (f, &instagram);
  /* The shrink after that commit is an idle callback. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  add_limit_ok (f, &social);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  listed = list_limits (f);
  expected = g_strdup_printf ("%u service:instagram 30,30,30,30,45,90,1440 on; "
                              "%u category:social 60,60,60,60,60,60,60 on",
                              instagram.id, social.id);
  g_assert_cmpstr (listed, ==, expected);

  while (g_main_context_iteration (NULL, FALSE))
    ;
  db_exec (f, "DROP TABLE limits");
  limits = uns_store_list_limits (f->store, &error);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_assert_null (limits);
  g_clear_error (&error);
  g_assert_false (uns_store_remove_limit (f->store, instagram.id, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
}

static void
test_limits_duplicate (Fixture       *f,
                       gconstpointer  user_data)
{
  UnsLimit instagram = LIMIT ("service", "instagram", 30, 30, 30, 30, 30, 30, 30);
  UnsLimit again = LIMIT ("service", "instagram", 5, 5, 5, 5, 5, 5, 5);
  UnsLimit category = LIMIT ("category", "instagram", 10, 10, 10, 10, 10, 10, 10);
  UnsLimit social = LIMIT ("category", "social", 60, 60, 60, 60, 60, 60, 60);
  UnsLimit social_again = LIMIT ("category", "social", 1, 1, 1, 1, 1, 1, 1);
  UnsLimit total = LIMIT ("total", "", 120, 120, 120, 120, 120, 120, 120);
  UnsLimit total_again = LIMIT ("total", "", 1, 1, 1, 1, 1, 1, 1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  add_limit_ok (f, &instagram);
  /* The same target in another scope is another limit. */
  add_limit_ok (f, &category);
  add_limit_ok (f, &social);
  add_limit_ok (f, &total);
  before = list_limits (f);

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (uns_store_add_limit (f->store, &again, &error));
    g_assert_error (error, UNS_ERROR, UNS_ERROR_EXISTS);
    g_assert_cmpstr (error->message, ==, "There is already a limit for instagram.");
    g_assert_cmpuint (again.id, ==, 0);
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (uns_store_add_limit (f->store, &social_again, &error));
    g_assert_error (error, UNS_ERROR, UNS_ERROR_EXISTS);
    g_assert_cmpstr (error->message, ==, "There is already a limit for the category social.");
  }
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (uns_store_add_limit (f->store, &total_again, &error));
    g_assert_error (error, UNS_ERROR, UNS_ERROR_EXISTS);
    g_assert_cmpstr (error->message, ==, "There is already a limit for your total social time.");
  }

  after = list_limits (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_limits_refused (Fixture       *f,
                     gconstpointer  user_data)
{
  /* The caller checks values; should one slip through, the database
   * refuses it rather than keep it. */
  UnsLimit bad[] = {
    LIMIT ("service", "instagram", 30, 30, 30, 30, 30, 30, 1441),
    LIMIT ("weekly", "instagram", 30, 30, 30, 30, 30, 30, 30),
    LIMIT ("total", "instagram", 30, 30, 30, 30, 30, 30, 30),
    LIMIT ("service", "", 30, 30, 30, 30, 30, 30, 30),
  };
  g_autofree char *listed = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (uns_store_add_limit (f->store, &bad[i], &error));
      g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
      g_assert_nonnull (strstr (error->message, "CHECK constraint failed"));
      g_assert_cmpuint (bad[i].id, ==, 0);
    }
  listed = list_limits (f);
  g_assert_cmpstr (listed, ==, "");
}

static void
test_limits_update (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  UnsLimit instagram = LIMIT ("service", "instagram", 30, 30, 30, 30, 30, 30, 30);
  UnsLimit tiktok = LIMIT ("service", "tiktok", 20, 20, 20, 20, 20, 20, 20);
  g_autofree char *expected = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *reopened = NULL;
  g_autofree char *unchanged = NULL;

  add_limit_ok (f, &instagram);
  add_limit_ok (f, &tiktok);

  instagram.minutes[0] = 0;
  instagram.minutes[6] = 1440;
  instagram.enabled = FALSE;
  instagram.strict = TRUE;
  instagram.mindful_pause = TRUE;
  g_assert_true (uns_store_update_limit (f->store, &instagram, &error));
  g_assert_no_error (error);
  /* Saving the same values again is no error. */
  g_assert_true (uns_store_update_limit (f->store, &instagram, &error));
  g_assert_no_error (error);

  expected = g_strdup_printf ("%u service:instagram 0,30,30,30,30,30,1440 off strict mindful; "
                              "%u service:tiktok 20,20,20,20,20,20,20 on",
                              instagram.id, tiktok.id);
  listed = list_limits (f);
  g_assert_cmpstr (listed, ==, expected);
  fixture_open (f);
  reopened = list_limits (f);
  g_assert_cmpstr (reopened, ==, expected);

  /* An id that is not there. */
  {
    UnsLimit ghost = instagram;

    ghost.id = tiktok.id + 100;
    g_assert_false (uns_store_update_limit (f->store, &ghost, &error));
    g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
    g_clear_error (&error);

    ghost.id = 0;
    g_assert_false (uns_store_update_limit (f->store, &ghost, &error));
    g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* Moving a limit onto another's target is refused like adding one. */
  tiktok.target = (char *) "instagram";
  g_assert_false (uns_store_update_limit (f->store, &tiktok, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_EXISTS);
  g_assert_cmpstr (error->message, ==, "There is already a limit for instagram.");
  unchanged = list_limits (f);
  g_assert_cmpstr (unchanged, ==, expected);
}

static void
test_limits_remove (Fixture       *f,
                    gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  UnsLimit instagram = LIMIT ("service", "instagram", 30, 30, 30, 30, 30, 30, 30);
  UnsLimit tiktok = LIMIT ("service", "tiktok", 20, 20, 20, 20, 20, 20, 20);
  UnsLimit again = LIMIT ("service", "tiktok", 25, 25, 25, 25, 25, 25, 25);
  g_autofree char *expected = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *event_sql = NULL;

  add_limit_ok (f, &instagram);
  add_limit_ok (f, &tiktok);
  g_assert_true (uns_store_log_event (f->store, local_usec (f, 2026, 3, 2, 10, 0), "nudge",
                                      "tiktok", tiktok.id, &error));
  g_assert_no_error (error);

  g_assert_true (uns_store_remove_limit (f->store, tiktok.id, &error));
  g_assert_no_error (error);
  expected = g_strdup_printf ("%u service:instagram 30,30,30,30,30,30,30 on", instagram.id);
  listed = list_limits (f);
  g_assert_cmpstr (listed, ==, expected);

  /* Once is enough. */
  g_assert_false (uns_store_remove_limit (f->store, tiktok.id, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no limit"));
  g_clear_error (&error);
  g_assert_false (uns_store_remove_limit (f->store, 0, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Its events stay in the report, still pointing at it, and its id is
   * never given to another limit. */
  event_sql = g_strdup_printf ("SELECT count(*) FROM events WHERE limit_id = %u", tiktok.id);
  g_assert_cmpint (db_int (f, event_sql), ==, 1);
  add_limit_ok (f, &again);
  g_assert_cmpuint (again.id, >, tiktok.id);
  fixture_open (f);
  {
    UnsLimit later = LIMIT ("service", "reddit", 5, 5, 5, 5, 5, 5, 5);

    g_assert_true (uns_store_remove_limit (f->store, again.id, &error));
    g_assert_no_error (error);
    add_limit_ok (f, &later);
    g_assert_cmpuint (later.id, >, again.id);
  }
}

static void
test_limits_copy (void)
{
  UnsLimit limit = LIMIT ("service", "instagram", 1, 2, 3, 4, 5, 6, 7);
  g_autoptr(UnsLimit) copy = NULL;
  g_autoptr(GString) original = g_string_new ("");
  g_autoptr(GString) copied = g_string_new ("");

  limit.id = 12;
  limit.strict = TRUE;
  copy = uns_limit_copy (&limit);
  g_assert_true (copy->scope != limit.scope);
  g_assert_true (copy->target != limit.target);
  append_limit (original, &limit);
  append_limit (copied, copy);
  g_assert_cmpstr (copied->str, ==, original->str);
  g_assert_cmpstr (copied->str, ==, "12 service:instagram 1,2,3,4,5,6,7 on strict");

  uns_limit_free (NULL);
}

/* /store/downtime/… */

static char *
list_downtime (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) windows = NULL;
  g_autoptr(GString) out = g_string_new ("");

  windows = uns_store_list_downtime (f->store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (windows);
  for (guint i = 0; i < windows->len; i++)
    {
      UnsDowntime *window = &g_array_index (windows, UnsDowntime, i);

      g_string_append_printf (out, "%s%u-%u/%u", i > 0 ? " " : "",
                              window->start, window->end, window->days);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
set_downtime_ok (Fixture           *f,
                 const UnsDowntime *windows,
                 guint              n_windows)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (uns_store_set_downtime (f->store, windows, n_windows, &error));
  g_assert_no_error (error);
}

static void
test_downtime_replace (Fixture       *f,
                       gconstpointer  user_data)
{
  /* Nights on weekdays, crossing midnight, then a weekend morning: kept
   * in the order given, not sorted. */
  const UnsDowntime nights[] = { { 1380, 420, 0x1f }, { 0, 600, 0x60 } };
  const UnsDowntime evening[] = { { 1200, 1439, 0x7f } };
  g_autofree char *empty = list_downtime (f);
  g_autofree char *two = NULL;
  g_autofree char *one = NULL;
  g_autofree char *reopened = NULL;
  g_autofree char *cleared = NULL;

  g_assert_cmpstr (empty, ==, "");

  set_downtime_ok (f, nights, G_N_ELEMENTS (nights));
  two = list_downtime (f);
  g_assert_cmpstr (two, ==, "1380-420/31 0-600/96");

  set_downtime_ok (f, evening, G_N_ELEMENTS (evening));
  one = list_downtime (f);
  g_assert_cmpstr (one, ==, "1200-1439/127");

  fixture_open (f);
  reopened = list_downtime (f);
  g_assert_cmpstr (reopened, ==, "1200-1439/127");

  set_downtime_ok (f, NULL, 0);
  cleared = list_downtime (f);
  g_assert_cmpstr (cleared, ==, "");
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM downtime"), ==, 0);
}

static void
test_downtime_rollback (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  const UnsDowntime nights[] = { { 1380, 420, 0x1f }, { 0, 600, 0x60 } };
  /* The second window starts after the end of the day: the database
   * refuses it after the old rows were deleted and the first new one
   * written. */
  const UnsDowntime bad[] = { { 60, 120, 0x01 }, { 2000, 120, 0x01 } };
  g_autofree char *kept = NULL;
  g_autofree char *replaced = NULL;

  set_downtime_ok (f, nights, G_N_ELEMENTS (nights));
  g_assert_false (uns_store_set_downtime (f->store, bad, G_N_ELEMENTS (bad), &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  kept = list_downtime (f);
  g_assert_cmpstr (kept, ==, "1380-420/31 0-600/96");

  /* No transaction was left open. */
  set_downtime_ok (f, bad, 1);
  replaced = list_downtime (f);
  g_assert_cmpstr (replaced, ==, "60-120/1");
}

/* /store/events/… */

static void
log_ok (Fixture    *f,
        gint64      at,
        const char *kind,
        const char *service,
        guint       limit_id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (uns_store_log_event (f->store, at, kind, service, limit_id, &error));
  g_assert_no_error (error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Compares the counts with "kind=count …", in order of kind. */
static void
assert_counts (Fixture    *f,
               const char *from,
               const char *to,
               const char *service,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GPtrArray) kinds = NULL;
  g_autoptr(GString) got = g_string_new ("");
  GDate from_day = day_of (from);
  GDate to_day = day_of (to);
  GHashTableIter iter;
  gpointer key;

  counts = uns_store_count_events (f->store, &from_day, &to_day, service, &error);
  g_assert_no_error (error);
  g_assert_nonnull (counts);

  kinds = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (kinds, key);
  g_ptr_array_sort (kinds, compare_strings);
  for (guint i = 0; i < kinds->len; i++)
    {
      const char *kind = g_ptr_array_index (kinds, i);

      g_string_append_printf (got, "%s%s=%u", i > 0 ? " " : "", kind,
                              GPOINTER_TO_UINT (g_hash_table_lookup (counts, kind)));
    }
  g_assert_cmpstr (got->str, ==, expected);
}

static void
test_events_count (Fixture       *f,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) counts = NULL;
  GDate from = day_of ("2026-03-05");
  GDate to = day_of ("2026-03-04");

  /* 2026-03-02 */
  log_ok (f, local_usec (f, 2026, 3, 2, 10, 0), "nudge", "instagram", 1);
  log_ok (f, local_usec (f, 2026, 3, 2, 10, 1), "snoozed", "instagram", 1);
  log_ok (f, local_usec (f, 2026, 3, 2, 22, 0), "nudge", "tiktok", 2);
  /* 03:59 on the 3rd still belongs to the 2nd, 04:00 does not. */
  log_ok (f, local_usec (f, 2026, 3, 3, 3, 59), "nudge", "instagram", 1);
  log_ok (f, local_usec (f, 2026, 3, 3, 4, 0), "nudge", "instagram", 1);
  /* 2026-03-03: an event about no service. */
  log_ok (f, local_usec (f, 2026, 3, 3, 12, 0), "break", NULL, 0);
  log_ok (f, local_usec (f, 2026, 3, 3, 12, 30), "didnt-open", "instagram", 0);
  /* 2026-03-06 */
  log_ok (f, local_usec (f, 2026, 3, 6, 9, 0), "support", "", 0);

  assert_counts (f, "2026-03-02", "2026-03-02", NULL, "nudge=3 snoozed=1");
  assert_counts (f, "2026-03-02", "2026-03-02", "instagram", "nudge=2 snoozed=1");
  assert_counts (f, "2026-03-02", "2026-03-02", "tiktok", "nudge=1");
  assert_counts (f, "2026-03-03", "2026-03-03", NULL, "break=1 didnt-open=1 nudge=1");
  assert_counts (f, "2026-03-01", "2026-03-31", NULL,
                 "break=1 didnt-open=1 nudge=4 snoozed=1 support=1");
  assert_counts (f, "2026-03-01", "2026-03-31", "",
                 "break=1 didnt-open=1 nudge=4 snoozed=1 support=1");
  assert_counts (f, "2026-03-01", "2026-03-31", "instagram", "didnt-open=1 nudge=3 snoozed=1");
  assert_counts (f, "2026-03-04", "2026-03-05", NULL, "");
  assert_counts (f, "2026-03-02", "2026-03-02", "reddit", "");

  g_assert_cmpint (db_int (f, "SELECT count(*) FROM events WHERE kind = 'break' AND service = ''"
                              " AND limit_id = 0"), ==, 1);

  /* Kept across a restart. */
  fixture_open (f);
  assert_counts (f, "2026-03-01", "2026-03-31", NULL,
                 "break=1 didnt-open=1 nudge=4 snoozed=1 support=1");

  counts = uns_store_count_events (f->store, &from, &to, NULL, &error);
  g_assert_null (counts);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
}

static void
test_events_day_rules (Fixture       *f,
                       gconstpointer  user_data)
{
  g_autoptr(GTimeZone) tokyo = g_time_zone_new_identifier ("Asia/Tokyo");

  /* With days starting at midnight, 00:30 is the new day already. */
  uns_store_set_day_rules (f->store, f->tz, 0);
  log_ok (f, local_usec (f, 2026, 3, 10, 0, 30), "nudge", "instagram", 1);
  assert_counts (f, "2026-03-10", "2026-03-10", NULL, "nudge=1");
  assert_counts (f, "2026-03-09", "2026-03-09", NULL, "");

  /* The fall-back night: 03:30 CET on 2026-10-25 comes after 03:30 CEST
   * and is still the 24th with days starting at 04:00. */
  uns_store_set_day_rules (f->store, f->tz, UNS_DAY_BOUNDARY_DEFAULT);
  log_ok (f, utc_usec (2026, 10, 25, 2, 30), "break", NULL, 0);
  log_ok (f, utc_usec (2026, 10, 25, 3, 0), "dismissed", "instagram", 1);
  assert_counts (f, "2026-10-24", "2026-10-24", NULL, "break=1");
  assert_counts (f, "2026-10-25", "2026-10-25", NULL, "dismissed=1");

  /* Another time zone: 20:00 UTC is 05:00 the next day in Tokyo. */
  g_assert_nonnull (tokyo);
  uns_store_set_day_rules (f->store, tokyo, UNS_DAY_BOUNDARY_DEFAULT);
  log_ok (f, utc_usec (2026, 6, 1, 20, 0), "adjust", "instagram", 1);
  assert_counts (f, "2026-06-02", "2026-06-02", NULL, "adjust=1");
}

/* Registration */

#define STORE_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_setup, (func), fixture_teardown)
#define EMPTY_TEST(path, func) \
  g_test_add ((path), Fixture, NULL, fixture_setup_empty, (func), fixture_teardown)

/* /store/set-aside/… : a file that is not a usable database of ours */

static char *
find_set_aside (Fixture *f)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;
  char *found = NULL;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (strstr (name, ".corrupt-") != NULL && !g_str_has_suffix (name, "-wal") &&
        !g_str_has_suffix (name, "-shm"))
      {
        g_assert_null (found);
        found = g_build_filename (f->dir, name, NULL);
      }
  return found;
}

static void
test_set_aside_garbage (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *found = NULL;
  g_autofree char *contents = NULL;
  const char garbage[] = "This is not a database, just words that go on for a while.";

  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  g_file_set_contents (f->path, garbage, -1, &error);
  g_assert_no_error (error);

  store = uns_store_new_or_set_aside (f->path, &moved_to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_nonnull (moved_to);
  g_assert_true (g_str_has_prefix (moved_to, f->path));
  g_assert_nonnull (strstr (moved_to, ".db.corrupt-"));

  /* Kept word for word, never deleted. */
  found = find_set_aside (f);
  g_assert_cmpstr (found, ==, moved_to);
  g_file_get_contents (moved_to, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (contents, ==, garbage);

  /* The fresh database works. */
  g_set_object (&f->store, store);
  uns_store_set_day_rules (f->store, f->tz, UNS_DAY_BOUNDARY_DEFAULT);
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 3, 2, 10, 0),
           local_usec (f, 2026, 3, 2, 10, 5), 0);
  assert_summary (f, "2026-03-02", "2026-03-02", UNS_GROUP_APP, ROWS ("org.gnome.Nautilus=300"));
}

static void
test_set_aside_foreign (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autofree char *moved_to = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  exec_or_die (db, "CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('bread');");
  sqlite3_close (db);

  store = uns_store_new_or_set_aside (f->path, &moved_to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_nonnull (moved_to);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM sqlite_master WHERE name = 'recipes'"), ==, 0);
  g_assert_cmpint (db_int (f, "PRAGMA user_version"), ==, 2);
}

static void
test_set_aside_not_ours_to_move (Fixture       *f,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autofree char *moved_to = NULL;
  g_autofree char *found = NULL;

  /* A healthy database is opened as it is. */
  add_app (f, "org.gnome.Nautilus", local_usec (f, 2026, 3, 2, 10, 0),
           local_usec (f, 2026, 3, 2, 10, 5), 0);
  g_clear_object (&f->store);
  store = uns_store_new_or_set_aside (f->path, &moved_to, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_null (moved_to);
  g_clear_object (&store);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 1);

  /* One from a newer Unscroll is refused and left where it is. */
  db_exec (f, "PRAGMA user_version = 3");
  store = uns_store_new_or_set_aside (f->path, &moved_to, &error);
  g_assert_null (store);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_STORAGE);
  g_assert_null (moved_to);
  found = find_set_aside (f);
  g_assert_null (found);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, 1);
}

#if UNS_ENABLE_TEST_CLOCK
static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  (*(guint *) user_data)++;
}

/* /store/problem/disk-full: a full disk is a problem with words for the
 * user, said once, and gone with the first save that works. */
static void
test_problem_disk_full (Fixture       *f,
                        gconstpointer  user_data)
{
  g_autofree char *cap = g_build_filename (f->tmpdir, "max-pages", NULL);
  g_autofree char *pages = NULL;
  g_autofree char *integrity = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = local_usec (f, 2026, 3, 2, 10, 0);
  guint notified = 0;
  guint i;

  g_setenv ("UNSCROLL_TEST_MAX_PAGES_FILE", cap, TRUE);
  fixture_open (f);
  g_unsetenv ("UNSCROLL_TEST_MAX_PAGES_FILE");
  g_signal_connect (f->store, "notify::problem", G_CALLBACK (count_notify_cb), &notified);

  add_app (f, "org.gnome.Nautilus", start, start + MINUTE, 0);
  g_assert_null (uns_store_get_problem (f->store));
  pages = g_strdup_printf ("%" G_GINT64_FORMAT, db_int (f, "PRAGMA page_count"));
  g_file_set_contents (cap, pages, -1, &error);
  g_assert_no_error (error);

  for (i = 1; i < 10000; i++)
    {
      g_autofree char *app = g_strdup_printf ("org.example.App%u", i);
      UnsRecord record = { UNS_KIND_APP, app, NULL, UNS_CATEGORY_OTHER };
      gint64 span_id = 0;

      if (!uns_store_add_time (f->store, &record, start + i * MINUTE,
                               start + (i + 1) * MINUTE, &span_id, &error))
        break;
    }
  g_assert_error (error, UNS_ERROR, UNS_ERROR_DISK_FULL);
  g_clear_error (&error);
  g_assert_nonnull (strstr (uns_store_get_problem (f->store), "disk is full"));
  g_assert_cmpuint (notified, ==, 1);

  /* Failing again changes nothing: the user was told already. */
  {
    UnsRecord record = { UNS_KIND_APP, "org.example.Later", NULL, UNS_CATEGORY_OTHER };
    gint64 span_id = 0;

    g_assert_false (uns_store_add_time (f->store, &record, start + 20000 * MINUTE,
                                        start + 20001 * MINUTE, &span_id, &error));
    g_assert_error (error, UNS_ERROR, UNS_ERROR_DISK_FULL);
    g_clear_error (&error);
  }
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, i);
  integrity = db_text (f, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  /* Room again. */
  g_assert_cmpint (g_unlink (cap), ==, 0);
  add_app (f, "org.example.Later", start + 20000 * MINUTE, start + 20001 * MINUTE, 0);
  g_assert_null (uns_store_get_problem (f->store));
  g_assert_cmpuint (notified, ==, 2);
  g_assert_cmpint (db_int (f, "SELECT count(*) FROM spans"), ==, i + 1);
}
#endif

int
main (int    argc,
      char **argv)
{
  /* The daemon ignores SIGPIPE so a reader going away is an error, not
   * death; so must the tests that check that error. */
  signal (SIGPIPE, SIG_IGN);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/default-path", test_default_path);

  STORE_TEST ("/store/migrate/fresh", test_migrate_fresh);
  EMPTY_TEST ("/store/set-aside/garbage", test_set_aside_garbage);
  EMPTY_TEST ("/store/set-aside/foreign", test_set_aside_foreign);
  STORE_TEST ("/store/set-aside/not-ours-to-move", test_set_aside_not_ours_to_move);
#if UNS_ENABLE_TEST_CLOCK
  EMPTY_TEST ("/store/problem/disk-full", test_problem_disk_full);
#endif
  EMPTY_TEST ("/store/migrate/modes", test_migrate_modes);
  EMPTY_TEST ("/store/migrate/umask", test_migrate_umask);
  STORE_TEST ("/store/migrate/reopen", test_migrate_reopen);
  STORE_TEST ("/store/migrate/newer", test_migrate_newer);
  EMPTY_TEST ("/store/migrate/garbage", test_migrate_garbage);
  EMPTY_TEST ("/store/migrate/unwritable-folder", test_migrate_unwritable_folder);
  STORE_TEST ("/store/migrate/v1-schema", test_migrate_v1_schema);
  EMPTY_TEST ("/store/migrate/v1-to-v2", test_migrate_v1_to_v2);
  g_test_add ("/store/migrate/v2-rollback/limits", Fixture, "limits",
              fixture_setup_empty, test_migrate_v2_rollback, fixture_teardown);
  g_test_add ("/store/migrate/v2-rollback/events", Fixture, "events",
              fixture_setup_empty, test_migrate_v2_rollback, fixture_teardown);

  STORE_TEST ("/store/add-time/extend", test_add_time_extend);
  STORE_TEST ("/store/add-time/extend-stale", test_add_time_extend_stale);
  STORE_TEST ("/store/add-time/empty", test_add_time_empty);
  STORE_TEST ("/store/add-time/split-boundary", test_add_time_split_boundary);
  STORE_TEST ("/store/add-time/split-dst", test_add_time_split_dst);
  STORE_TEST ("/store/add-time/split-midnight", test_add_time_split_midnight);
  STORE_TEST ("/store/add-time/rollback", test_add_time_rollback);
  STORE_TEST ("/store/batch/one-commit", test_batch_one_commit);
  STORE_TEST ("/store/batch/failure-undoes-all", test_batch_failure_undoes_all);
  STORE_TEST ("/store/cache-given-back", test_cache_given_back);
  STORE_TEST ("/store/open/clean-close-skips-check", test_open_clean_close);
  STORE_TEST ("/store/open/written-after-close", test_open_written_after_close);

  STORE_TEST ("/store/truncate/within-day", test_truncate_within_day);
  STORE_TEST ("/store/truncate/across-days", test_truncate_across_days);

  STORE_TEST ("/store/summary/service", test_summary_service);
  STORE_TEST ("/store/summary/category", test_summary_category);
  STORE_TEST ("/store/summary/app", test_summary_app);
  STORE_TEST ("/store/summary/site", test_summary_site);
  STORE_TEST ("/store/summary/by-day", test_summary_by_day);
  STORE_TEST ("/store/summary/bad-range", test_summary_bad_range);

  STORE_TEST ("/store/forget/all", test_forget_all);
  STORE_TEST ("/store/forget/service", test_forget_service);

  STORE_TEST ("/store/export/csv", test_export_csv);
  STORE_TEST ("/store/export/json", test_export_json);
  STORE_TEST ("/store/export/ndjson", test_export_ndjson);
  STORE_TEST ("/store/export/empty", test_export_empty);
  STORE_TEST ("/store/export/large", test_export_large);
  STORE_TEST ("/store/export/closed-pipe", test_export_closed_pipe);
  STORE_TEST ("/store/export/bad-range", test_export_bad_range);
  STORE_TEST ("/store/export/while-writing", test_export_while_writing);
  STORE_TEST ("/store/export/slow-reader", test_export_slow_reader);

  g_test_add_func ("/export/format/time", test_format_time);
  g_test_add_func ("/export/format/seconds", test_format_seconds);
  g_test_add_func ("/export/format/exact", test_format_exact);
  g_test_add_func ("/export/format/hostile-text", test_format_hostile_text);
  g_test_add_func ("/export/format/names", test_format_names);

  STORE_TEST ("/store/user-services/round-trip", test_user_services_round_trip);
  STORE_TEST ("/store/user-services/replace", test_user_services_replace);
  STORE_TEST ("/store/user-services/delete", test_user_services_delete);

  STORE_TEST ("/store/limits/round-trip", test_limits_round_trip);
  STORE_TEST ("/store/limits/prepared-on-demand", test_limits_prepared_on_demand);
  STORE_TEST ("/store/limits/duplicate", test_limits_duplicate);
  STORE_TEST ("/store/limits/refused", test_limits_refused);
  STORE_TEST ("/store/limits/update", test_limits_update);
  STORE_TEST ("/store/limits/remove", test_limits_remove);
  g_test_add_func ("/store/limits/copy", test_limits_copy);

  STORE_TEST ("/store/downtime/replace", test_downtime_replace);
  STORE_TEST ("/store/downtime/rollback", test_downtime_rollback);

  STORE_TEST ("/store/events/count", test_events_count);
  STORE_TEST ("/store/events/day-rules", test_events_day_rules);

  return g_test_run ();
}
