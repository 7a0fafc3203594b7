/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The floor the daemon is measured against: a bare process with GLib, GIO,
 * SQLite and libnotify that joins the session bus, opens a database and arms
 * one timer (60 s by default; --interval 1 makes it a 1 Hz poller, the way
 * ActivityWatch's window watcher works). */
#include <gio/gio.h>
#include <libnotify/notify.h>
#include <sqlite3.h>
#include <stdio.h>

static gboolean
tick (gpointer user_data)
{
  guint64 *ticks = user_data;

  (*ticks)++;
  return G_SOURCE_CONTINUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *db_path = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int interval = 60;
  guint64 ticks = 0;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database to open", "PATH" },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval, "Seconds between wake-ups", "N" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db_path == NULL || interval < 1)
    {
      g_printerr ("uns-bench-floor: %s\n", error ? error->message : "--db PATH is required");
      return 2;
    }

  notify_init ("uns-bench-floor");
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (connection == NULL)
    {
      g_printerr ("uns-bench-floor: %s\n", error->message);
      return 1;
    }
  if (sqlite3_open_v2 (db_path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2 (db, "SELECT count(*) FROM sqlite_master", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("uns-bench-floor: %s\n", sqlite3_errmsg (db));
      sqlite3_close (db);
      return 1;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    ;
  sqlite3_finalize (stmt);

  if (interval == 1)
    g_timeout_add (1000, tick, &ticks);
  else
    g_timeout_add_seconds ((guint) interval, tick, &ticks);
  printf ("ready\n");
  fflush (stdout);
  g_main_loop_run (loop);

  sqlite3_close (db);
  notify_uninit ();
  return 0;
}
