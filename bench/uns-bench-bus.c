/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The benchmark's D-Bus tool: a trivial echo peer that gives the bus's own
 * ceilings (and stands in for Mutter's idle monitor), and the client that
 * measures the peer and the real daemon the same way. Prints one JSON object
 * per measurement. */

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gio/gio.h>

#define BENCH_PATH "/io/github/Unscroll/Bench"
#define BENCH_IFACE "io.github.Unscroll.Bench"
#define MUTTER_NAME "org.gnome.Mutter.IdleMonitor"
#define MUTTER_PATH "/org/gnome/Mutter/IdleMonitor/Core"
#define DAEMON_NAME "io.github.Unscroll"
#define DAEMON_PATH "/io/github/Unscroll"
#define CALL_TIMEOUT_MS 120000

static const char bench_xml[] =
  "<node>"
  " <interface name='" BENCH_IFACE "'>"
  "  <method name='Report'><arg type='s' direction='in'/><arg type='a{sv}' direction='in'/></method>"
  "  <method name='Ping'/>"
  "  <method name='Count'><arg type='t' direction='out'/></method>"
  " </interface>"
  "</node>";

static const char mutter_xml[] =
  "<node>"
  " <interface name='org.gnome.Mutter.IdleMonitor'>"
  "  <method name='AddIdleWatch'><arg type='t' direction='in'/><arg type='u' direction='out'/></method>"
  "  <method name='AddUserActiveWatch'><arg type='u' direction='out'/></method>"
  "  <method name='RemoveWatch'><arg type='u' direction='in'/></method>"
  "  <method name='GetIdletime'><arg type='t' direction='out'/></method>"
  "  <signal name='WatchFired'><arg type='u'/></signal>"
  " </interface>"
  "</node>";

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- The peer ------------------------------------------------------------ */

typedef struct
{
  guint64 received;
  guint   next_watch;
  guint   names_wanted;
  guint   names_owned;
} Peer;

static void
peer_method (GDBusConnection       *connection,
             const char            *sender,
             const char            *object_path,
             const char            *interface_name,
             const char            *method_name,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation,
             gpointer               user_data)
{
  Peer *peer = user_data;

  if (g_str_equal (method_name, "Report"))
    {
      peer->received++;
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else if (g_str_equal (method_name, "Ping") || g_str_equal (method_name, "RemoveWatch"))
    g_dbus_method_invocation_return_value (invocation, NULL);
  else if (g_str_equal (method_name, "Count"))
    {
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(t)", peer->received));
      peer->received = 0;
    }
  else if (g_str_equal (method_name, "AddIdleWatch") ||
           g_str_equal (method_name, "AddUserActiveWatch"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", ++peer->next_watch));
  else if (g_str_equal (method_name, "GetIdletime"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(t)", (guint64) 0));
  else
    g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD,
                                           "No method %s", method_name);
}

static const GDBusInterfaceVTable peer_vtable = { peer_method, NULL, NULL, { 0 } };

static void
peer_name_acquired (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  Peer *peer = user_data;

  if (++peer->names_owned == peer->names_wanted)
    {
      /* The driver waits for this line instead of guessing. */
      printf ("ready\n");
      fflush (stdout);
    }
}

static void
peer_name_lost (GDBusConnection *connection,
                const char      *name,
                gpointer         user_data)
{
  g_printerr ("uns-bench-bus: lost or could not own %s\n", name);
  exit (1);
}

static gboolean
register_xml (GDBusConnection *connection,
              const char      *xml,
              const char      *path,
              Peer            *peer,
              GError         **error)
{
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (xml, error);

  if (info == NULL)
    return FALSE;
  return g_dbus_connection_register_object (connection, path, info->interfaces[0],
                                            &peer_vtable, peer, NULL, error) != 0;
}

static int
run_peer (const char *name,
          gboolean    mutter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Peer peer = { 0, 0, 0, 0 };

  if (connection == NULL)
    {
      g_printerr ("uns-bench-bus: %s\n", error->message);
      return 1;
    }
  g_dbus_connection_set_exit_on_close (connection, TRUE);
  if ((name != NULL && !register_xml (connection, bench_xml, BENCH_PATH, &peer, &error)) ||
      (mutter && !register_xml (connection, mutter_xml, MUTTER_PATH, &peer, &error)))
    {
      g_printerr ("uns-bench-bus: %s\n", error->message);
      return 1;
    }
  peer.names_wanted = (name != NULL) + (mutter ? 1 : 0);
  if (name != NULL)
    g_bus_own_name_on_connection (connection, name, G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                  peer_name_acquired, peer_name_lost, &peer, NULL);
  if (mutter)
    g_bus_own_name_on_connection (connection, MUTTER_NAME, G_BUS_NAME_OWNER_FLAGS_DO_NOT_QUEUE,
                                  peer_name_acquired, peer_name_lost, &peer, NULL);
  g_main_loop_run (loop);
  return 0;
}

/* ---- The client ----------------------------------------------------------- */

/* Calls on their way at once by default: well under the 50,000 replies a
 * session bus lets one connection await, and enough to keep the pipe full.
 * --window 1 sends one event at a time, as a person's day does. */
static int pipeline_window = 1024;

typedef struct
{
  GMainLoop       *loop;
  GDBusConnection *connection;
  const char      *dest;
  gboolean         ingest;
  guint            count;
  guint            sent;
  guint            pending;
  guint            errors;
  char            *first_error;
} Pipeline;

static void pipeline_send (Pipeline *p);

static void
pipeline_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pipeline *p = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source),
                                                             result, &error);

  if (reply == NULL)
    {
      p->errors++;
      if (p->first_error == NULL)
        p->first_error = g_strdup (error->message);
    }
  p->pending--;
  if (p->sent < p->count)
    pipeline_send (p);
  else if (p->pending == 0)
    g_main_loop_quit (p->loop);
}

static const char * const ingest_apps[] = {
  "com.discordapp.Discord", "com.slack.Slack", "org.telegram.desktop",
  "org.gnome.TextEditor", "org.mozilla.firefox", "org.gnome.Nautilus",
};
static const char * const ingest_hosts[] = {
  "www.youtube.com", "old.reddit.com", "www.instagram.com", "en.wikipedia.org",
  "news.ycombinator.com", "docs.gtk.org",
};

/* The i-th event of a focus/tab stream: every event changes the activity. */
static void
ingest_event (guint        i,
              const char **out_method,
              GVariant   **out_params)
{
  if (i % 2 == 0)
    {
      GVariantBuilder details;

      g_variant_builder_init (&details, G_VARIANT_TYPE_VARDICT);
      g_variant_builder_add (&details, "{sv}", "source", g_variant_new_string ("bench"));
      *out_method = "ReportFocus";
      *out_params = g_variant_new ("(sa{sv})", ingest_apps[(i / 2) % G_N_ELEMENTS (ingest_apps)],
                                   &details);
    }
  else
    {
      *out_method = "ReportTab";
      *out_params = g_variant_new ("(ssbbb)", "firefox",
                                   ingest_hosts[(i / 2) % G_N_ELEMENTS (ingest_hosts)],
                                   TRUE, FALSE, FALSE);
    }
}

static GVariant *
report_params (guint i)
{
  GVariantBuilder details;

  g_variant_builder_init (&details, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&details, "{sv}", "source", g_variant_new_string ("bench"));
  return g_variant_new ("(sa{sv})", ingest_apps[i % G_N_ELEMENTS (ingest_apps)], &details);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static gint64
percentile (GArray *sorted,
            double  p)
{
  guint index = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, gint64, MIN (index, sorted->len - 1));
}

static void
print_result (const char *test,
              guint       count,
              gint64      elapsed_ns,
              GArray     *latencies,
              guint       errors,
              const char *first_error)
{
  printf ("{\"test\": \"%s\", \"count\": %u, \"seconds\": %.6f, \"rate\": %.1f, \"errors\": %u",
          test, count, elapsed_ns / 1e9, count / (elapsed_ns / 1e9), errors);
  if (latencies != NULL && latencies->len > 0)
    {
      g_array_sort (latencies, compare_gint64);
      printf (", \"p50_us\": %.2f, \"p99_us\": %.2f, \"max_us\": %.2f",
              percentile (latencies, 0.5) / 1e3, percentile (latencies, 0.99) / 1e3,
              g_array_index (latencies, gint64, latencies->len - 1) / 1e3);
    }
  if (first_error != NULL)
    {
      g_autofree char *escaped = g_strescape (first_error, NULL);

      printf (", \"first_error\": \"%s\"", escaped);
    }
  printf ("}\n");
  fflush (stdout);
}

static void
pipeline_send (Pipeline *p)
{
  const char *method = "Report";
  GVariant *params;
  guint i = p->sent++;

  if (p->ingest)
    ingest_event (i, &method, &params);
  else
    params = report_params (i);
  p->pending++;
  g_dbus_connection_call (p->connection, p->dest,
                          p->ingest ? DAEMON_PATH : BENCH_PATH,
                          p->ingest ? DAEMON_NAME ".Tracker" : BENCH_IFACE,
                          method, params, NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START,
                          CALL_TIMEOUT_MS, NULL, pipeline_done, p);
}

/* Keeps pipeline_window calls on their way without waiting for any one
 * reply before sending the next, until @count were answered. */
static int
run_pipelined (GDBusConnection *connection,
               const char      *test,
               const char      *dest,
               guint            count)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Pipeline p = { loop, connection, dest, g_str_equal (test, "ingest"), count, 0, 0, 0, NULL };
  gint64 start = now_ns ();

  while (p.sent < MIN (count, (guint) pipeline_window))
    pipeline_send (&p);
  g_main_loop_run (loop);
  print_result (test, count, now_ns () - start, NULL, p.errors, p.first_error);
  g_free (p.first_error);
  return p.errors == 0 ? 0 : 1;
}

/* Sends @count messages that expect no reply, then one call: its reply
 * comes after the peer has handled every message before it. */
static int
run_oneway (GDBusConnection *connection,
            const char      *dest,
            guint            count)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;
  gint64 start;
  guint64 received;
  guint i;

  /* Count() answers and resets the peer's count: start from zero. */
  reply = g_dbus_connection_call_sync (connection, dest, BENCH_PATH, BENCH_IFACE, "Count",
                                       NULL, G_VARIANT_TYPE ("(t)"),
                                       G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS,
                                       NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("uns-bench-bus: %s\n", error->message);
      return 1;
    }
  g_clear_pointer (&reply, g_variant_unref);
  start = now_ns ();
  for (i = 0; i < count; i++)
    {
      g_autoptr(GDBusMessage) message =
        g_dbus_message_new_method_call (dest, BENCH_PATH, BENCH_IFACE, "Report");

      g_dbus_message_set_body (message, report_params (i));
      g_dbus_message_set_flags (message, G_DBUS_MESSAGE_FLAGS_NO_REPLY_EXPECTED |
                                         G_DBUS_MESSAGE_FLAGS_NO_AUTO_START);
      if (!g_dbus_connection_send_message (connection, message, G_DBUS_SEND_MESSAGE_FLAGS_NONE,
                                           NULL, &error))
        break;
    }
  if (error == NULL)
    reply = g_dbus_connection_call_sync (connection, dest, BENCH_PATH, BENCH_IFACE, "Count",
                                         NULL, G_VARIANT_TYPE ("(t)"),
                                         G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS,
                                         NULL, &error);
  if (reply == NULL)
    {
      g_printerr ("uns-bench-bus: %s\n", error->message);
      return 1;
    }
  g_variant_get (reply, "(t)", &received);
  print_result ("oneway", count, now_ns () - start, NULL, received == count ? 0 : 1,
                received == count ? NULL : "the peer did not see every message");
  return received == count ? 0 : 1;
}

/* One call at a time: @count round trips, each timed. */
static int
run_sync (GDBusConnection *connection,
          const char      *test,
          const char      *dest,
          guint            count,
          char           **args)
{
  g_autoptr(GArray) latencies = g_array_sized_new (FALSE, FALSE, sizeof (gint64), count);
  gboolean summary = g_str_equal (test, "summary");
  gint64 start = now_ns ();
  guint i;

  if (summary && (args == NULL || g_strv_length (args) != 3))
    {
      g_printerr ("uns-bench-bus: summary needs FROM TO GROUP\n");
      return 2;
    }
  for (i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) reply = NULL;
      gint64 t0 = now_ns ();

      if (summary)
        reply = g_dbus_connection_call_sync (connection, dest, DAEMON_PATH,
                                             DAEMON_NAME ".Usage", "GetSummary",
                                             g_variant_new ("(sssa{sv})", args[0], args[1],
                                                            args[2], NULL),
                                             G_VARIANT_TYPE ("(a(ssx))"),
                                             G_DBUS_CALL_FLAGS_NO_AUTO_START, CALL_TIMEOUT_MS,
                                             NULL, &error);
      else
        reply = g_dbus_connection_call_sync (connection, dest, BENCH_PATH, BENCH_IFACE, "Ping",
                                             NULL, NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                             CALL_TIMEOUT_MS, NULL, &error);
      if (reply == NULL)
        {
          g_printerr ("uns-bench-bus: %s\n", error->message);
          return 1;
        }
      g_array_append_val (latencies, (gint64) { now_ns () - t0 });
    }
  print_result (test, count, now_ns () - start, latencies, 0, NULL);
  return 0;
}

/* ---- Start-up -------------------------------------------------------------- */

typedef struct
{
  GMainLoop *loop;
  gboolean   owned;
  gint64     owned_at;
} Startup;

static void
name_owner_changed (GDBusConnection *connection,
                    const char      *sender,
                    const char      *path,
                    const char      *interface,
                    const char      *signal_name,
                    GVariant        *params,
                    gpointer         user_data)
{
  Startup *s = user_data;
  const char *name, *old_owner, *new_owner;

  g_variant_get (params, "(&s&s&s)", &name, &old_owner, &new_owner);
  if (g_str_equal (name, DAEMON_NAME) && *new_owner != '\0' && !s->owned)
    {
      s->owned = TRUE;
      s->owned_at = now_ns ();
      g_main_loop_quit (s->loop);
    }
}

static void
daemon_exited (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Startup *s = user_data;

  g_main_loop_quit (s->loop);
}

/* Spawns the daemon @count times and times each until it owns its name. */
static int
run_startup (GDBusConnection *connection,
             guint            count,
             char           **argv)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GArray) latencies = g_array_sized_new (FALSE, FALSE, sizeof (gint64), count);
  guint subscription;
  gint64 start = now_ns ();
  guint i;

  if (argv == NULL || argv[0] == NULL)
    {
      g_printerr ("uns-bench-bus: startup needs the daemon's command line\n");
      return 2;
    }
  for (i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) daemon = NULL;
      Startup s = { loop, FALSE, 0 };
      gint64 t0;

      subscription = g_dbus_connection_signal_subscribe (connection, "org.freedesktop.DBus",
                                                         "org.freedesktop.DBus",
                                                         "NameOwnerChanged",
                                                         "/org/freedesktop/DBus", DAEMON_NAME,
                                                         G_DBUS_SIGNAL_FLAGS_NONE,
                                                         name_owner_changed, &s, NULL);
      /* A round trip makes sure the bus has the match rule before the
       * daemon can possibly own the name. */
      g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                   "org.freedesktop.DBus.Peer", "Ping", NULL, NULL,
                                   G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      t0 = now_ns ();
      daemon = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
      if (daemon == NULL)
        {
          g_printerr ("uns-bench-bus: %s\n", error->message);
          return 1;
        }
      g_subprocess_wait_async (daemon, NULL, daemon_exited, &s);
      g_main_loop_run (loop);
      g_dbus_connection_signal_unsubscribe (connection, subscription);
      if (!s.owned)
        {
          g_printerr ("uns-bench-bus: the daemon exited before owning its name\n");
          return 1;
        }
      g_array_append_val (latencies, (gint64) { s.owned_at - t0 });
      g_subprocess_send_signal (daemon, SIGTERM);
      /* Wait for the exit (daemon_exited quits the loop). */
      g_main_loop_run (loop);
    }
  print_result ("startup", count, now_ns () - start, latencies, 0, NULL);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) connection = NULL;
  g_autofree char *test = NULL;
  g_autofree char *name = NULL;
  g_autofree char *dest = NULL;
  g_auto(GStrv) rest = NULL;
  gboolean serve = FALSE;
  gboolean mutter = FALSE;
  int count = 1000;
  GOptionEntry entries[] = {
    { "serve", 0, 0, G_OPTION_ARG_NONE, &serve, "Be the echo peer", NULL },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, "The peer's bus name", "NAME" },
    { "mutter", 0, 0, G_OPTION_ARG_NONE, &mutter,
      "Also stand in for Mutter's idle monitor", NULL },
    { "test", 0, 0, G_OPTION_ARG_STRING, &test,
      "oneway, pipelined, roundtrip, ingest, summary FROM TO GROUP, or startup -- DAEMON ARGS",
      "TEST" },
    { "dest", 0, 0, G_OPTION_ARG_STRING, &dest, "Whom to call", "NAME" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "How many calls", "N" },
    { "window", 0, 0, G_OPTION_ARG_INT, &pipeline_window,
      "Pipelined calls on their way at once (default 1024)", "N" },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || count < 1 ||
      pipeline_window < 1)
    {
      g_printerr ("uns-bench-bus: %s\n", error ? error->message : "bad --count or --window");
      return 2;
    }

  if (serve)
    return run_peer (name, mutter);

  if (test == NULL)
    {
      g_printerr ("uns-bench-bus: --serve or --test is required\n");
      return 2;
    }
  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (connection == NULL)
    {
      g_printerr ("uns-bench-bus: %s\n", error->message);
      return 1;
    }
  if (dest == NULL)
    dest = g_strdup (DAEMON_NAME);

  if (g_str_equal (test, "oneway"))
    return run_oneway (connection, dest, (guint) count);
  if (g_str_equal (test, "pipelined") || g_str_equal (test, "ingest"))
    return run_pipelined (connection, test, dest, (guint) count);
  if (g_str_equal (test, "roundtrip") || g_str_equal (test, "summary"))
    return run_sync (connection, test, dest, (guint) count, rest);
  if (g_str_equal (test, "startup"))
    return run_startup (connection, (guint) count, rest);
  g_printerr ("uns-bench-bus: unknown test %s\n", test);
  return 2;
}
