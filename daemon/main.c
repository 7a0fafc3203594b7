/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscrolld: parses options and runs the main loop. */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>

#include "uns-daemon.h"

typedef struct
{
  GMainLoop *loop;
  int        exit_code;
} UnsMain;

static gboolean
on_signal (gpointer user_data)
{
  UnsMain *m = user_data;

  g_debug ("Stopping on a signal");
  g_main_loop_quit (m->loop);
  return G_SOURCE_CONTINUE;
}

static void
on_quit (UnsDaemon *daemon,
         int        exit_code,
         gpointer   user_data)
{
  UnsMain *m = user_data;

  m->exit_code = exit_code;
  g_main_loop_quit (m->loop);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsClock) clock = NULL;
  g_autoptr(UnsDaemon) daemon = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  gboolean replace = FALSE;
  gboolean verbose = FALSE;
  gboolean version = FALSE;
  gboolean test_clock = FALSE;
  gint64 test_clock_start = 0;
  UnsMain m = { NULL, 0 };
  GOptionEntry entries[] = {
    { "replace", 'r', 0, G_OPTION_ARG_NONE, &replace,
      N_("Replace a running instance"), NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      N_("Print what the daemon does"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version,
      N_("Print the version and exit"), NULL },
#if UNS_ENABLE_TEST_CLOCK
    { "test-clock", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &test_clock,
      "Run on a clock that only tests move (test builds only)", NULL },
    { "test-clock-start", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT64, &test_clock_start,
      "Unix time the test clock starts at", "SECONDS" },
#endif
    { NULL }
  };

  /* Before SQLite's first use. Without this every connection allocates
   * room for some pages of cache up front in one block that it keeps until
   * it closes; page by page, sqlite3_db_release_memory() can give the
   * cache back once writes are over (see uns-store.c). */
  sqlite3_config (SQLITE_CONFIG_PAGECACHE, NULL, 0, 0);

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Unscroll's background service: records time on social media and keeps you to your own limits."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("unscrolld: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("unscrolld %s\n", PACKAGE_VERSION);
      return 0;
    }

  if (verbose)
    g_log_set_debug_enabled (TRUE);

  /* A reader that goes away mid-export must be an error, not a death. */
  signal (SIGPIPE, SIG_IGN);

  if (test_clock)
    clock = uns_clock_new_for_test (test_clock_start > 0 ? test_clock_start * G_USEC_PER_SEC
                                                         : g_get_real_time ());
  else
    clock = uns_clock_new ();

  loop = g_main_loop_new (NULL, FALSE);
  m.loop = loop;

  /* Before anything else, so a stop request during start-up is a clean
   * stop as soon as the loop runs. */
  g_unix_signal_add (SIGTERM, on_signal, &m);
  g_unix_signal_add (SIGINT, on_signal, &m);
  g_unix_signal_add (SIGHUP, on_signal, &m);

  daemon = uns_daemon_new (clock, replace);
  g_signal_connect (daemon, "quit", G_CALLBACK (on_quit), &m);
  if (!uns_daemon_start (daemon, &error))
    {
      g_printerr ("unscrolld: %s\n", error->message);
      return 1;
    }

  g_main_loop_run (loop);

  uns_daemon_stop (daemon);
  return m.exit_code;
}
