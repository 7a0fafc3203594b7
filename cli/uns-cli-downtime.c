/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll downtime: the hours of the week set aside from limited services. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "uns-cli.h"
#include "uns-error.h"

/* Limits.SetDowntime takes at most this many windows. */
#define DOWNTIME_MAX_WINDOWS 16

typedef struct
{
  guint32 start;  /* minutes after local midnight */
  guint32 end;
  guint32 days;   /* bit 0 = Monday … bit 6 = Sunday */
} Window;

/* Reads exactly "HH:MM", 00:00 to 23:59. */
static gboolean
parse_clock (const char *text,
             gsize       length,
             guint32    *out_minutes)
{
  guint hours, minutes;

  if (length != 5 || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      text[2] != ':' || !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[4]))
    return FALSE;

  hours = (guint) (text[0] - '0') * 10 + (guint) (text[1] - '0');
  minutes = (guint) (text[3] - '0') * 10 + (guint) (text[4] - '0');
  if (hours > 23 || minutes > 59)
    return FALSE;

  *out_minutes = hours * 60 + minutes;
  return TRUE;
}

/* Reads "HH:MM-HH:MM"; the end may come before the start, for a window
 * that crosses midnight. */
static gboolean
parse_window (const char *text,
              Window     *out,
              GError    **error)
{
  const char *dash = strchr (text, '-');

  if (dash == NULL || strchr (dash + 1, '-') != NULL ||
      !parse_clock (text, dash - text, &out->start) ||
      !parse_clock (dash + 1, strlen (dash + 1), &out->end))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a downtime window Unscroll understands; write it as HH:MM-HH:MM "
                     "with times from 00:00 to 23:59, such as 22:00-07:00."),
                   text);
      return FALSE;
    }
  if (out->start == out->end)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("A downtime window needs to end at another time than it starts; “%s” doesn't."),
                   text);
      return FALSE;
    }
  return TRUE;
}

static char *
format_clock (guint32 minutes)
{
  return g_strdup_printf ("%02u:%02u", (minutes / 60) % 24, minutes % 60);
}

/* "22:00-07:00 every day", "13:00-14:00 on weekdays". */
static char *
describe_window (const Window *window)
{
  g_autofree char *start = format_clock (window->start);
  g_autofree char *end = format_clock (window->end);
  g_autofree char *days = uns_cli_describe_days (window->days);

  /* TRANSLATORS: a downtime window: start, end, and days such as "every day" */
  return g_strdup_printf (_("%s-%s %s"), start, end, days);
}

static GArray *
read_windows (GVariant *variant)
{
  GArray *windows = g_array_new (FALSE, FALSE, sizeof (Window));
  GVariantIter iter;
  Window window;

  g_variant_iter_init (&iter, variant);
  while (g_variant_iter_next (&iter, "(uuu)", &window.start, &window.end, &window.days))
    g_array_append_val (windows, window);
  return windows;
}

static GVariant *
windows_to_variant (GArray *windows)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(uuu)"));
  guint i;

  for (i = 0; i < windows->len; i++)
    {
      const Window *window = &g_array_index (windows, Window, i);

      g_variant_builder_add (&builder, "(uuu)", window->start, window->end, window->days);
    }
  return g_variant_builder_end (&builder);
}

/* The daemon's own InDowntime, read afresh: the proxy's cached copy is
 * updated by a signal that may come after the reply to SetDowntime. */
static gboolean
fetch_in_downtime (UnsDbusLimits *proxy)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_sync (g_dbus_proxy_get_connection (G_DBUS_PROXY (proxy)),
                                       g_dbus_proxy_get_name (G_DBUS_PROXY (proxy)),
                                       g_dbus_proxy_get_object_path (G_DBUS_PROXY (proxy)),
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", g_dbus_proxy_get_interface_name (G_DBUS_PROXY (proxy)),
                                                      "InDowntime"),
                                       G_VARIANT_TYPE ("(v)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply == NULL)
    return FALSE;

  g_variant_get (reply, "(v)", &value);
  return g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN) && g_variant_get_boolean (value);
}

static void
print_json (GArray   *windows,
            gboolean  in_downtime)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  guint i, day;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "in_downtime");
  json_builder_add_boolean_value (builder, in_downtime);
  json_builder_set_member_name (builder, "windows");
  json_builder_begin_array (builder);
  for (i = 0; i < windows->len; i++)
    {
      const Window *window = &g_array_index (windows, Window, i);
      g_autofree char *start = format_clock (window->start);
      g_autofree char *end = format_clock (window->end);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "start");
      json_builder_add_string_value (builder, start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_string_value (builder, end);
      json_builder_set_member_name (builder, "days");
      json_builder_begin_array (builder);
      for (day = 0; day < 7; day++)
        if ((window->days & (1u << day)) != 0)
          json_builder_add_string_value (builder, uns_cli_weekday_token (day));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  uns_cli_print_json (root);
}

static int
downtime_list (int        argc,
               char     **argv,
               gboolean   explicit)
{
  const char *command = explicit ? "downtime list" : "downtime";
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusLimits) proxy = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GArray) windows = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gboolean in_downtime;
  guint i;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for programs"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new (command, explicit ? NULL : _("[list|set|clear]"),
                                        _("Lists your downtime: hours set aside from limited services."),
                                        entries, NULL);
  if (!explicit)
    g_option_context_set_description (context,
                                      _("Commands:\n"
                                        "  list                 List the downtime windows (the default)\n"
                                        "  set HH:MM-HH:MM [--days DAYS] [--add]\n"
                                        "                       Set downtime, replacing what was set unless --add\n"
                                        "  clear                Remove all downtime\n"
                                        "\n"
                                        "Run “unscroll downtime set --help” for the syntax."));
  if (!uns_cli_parse_options (context, command, &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error (command, _("Unexpected argument “%s”"), argv[1]);

  proxy = uns_cli_get_limits (&error);
  if (proxy == NULL ||
      !uns_dbus_limits_call_list_downtime_sync (proxy, G_DBUS_CALL_FLAGS_NONE, -1,
                                                &reply, NULL, &error))
    return uns_cli_report_error (error);

  windows = read_windows (reply);
  in_downtime = fetch_in_downtime (proxy);

  if (json)
    {
      print_json (windows, in_downtime);
      return UNS_CLI_EXIT_OK;
    }

  if (windows->len == 0)
    {
      g_print ("%s\n", _("No downtime set. Set some with: unscroll downtime set 22:00-07:00"));
      return UNS_CLI_EXIT_OK;
    }

  for (i = 0; i < windows->len; i++)
    {
      g_autofree char *text = describe_window (&g_array_index (windows, Window, i));

      g_print ("  %s\n", text);
    }
  if (in_downtime)
    g_print ("\n%s\n", _("Downtime is on now."));
  return UNS_CLI_EXIT_OK;
}

static int
downtime_set (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusLimits) proxy = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GArray) windows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *days = NULL;
  g_autofree char *text = NULL;
  gboolean add = FALSE;
  Window window = { 0, 0, UNS_CLI_DAYS_ALL };
  guint i;
  const GOptionEntry entries[] = {
    { "days", 'd', 0, G_OPTION_ARG_STRING, &days,
      N_("The days it starts on (default: daily)"), N_("DAYS") },
    { "add", 'a', 0, G_OPTION_ARG_NONE, &add,
      N_("Keep the windows already set and add this one"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new ("downtime set", _("HH:MM-HH:MM"),
                                        _("Sets downtime: hours when opening a limited service gets a gentle reminder."),
                                        entries, NULL);
  g_option_context_set_description (context,
                                    _("Times are 24-hour local times from 00:00 to 23:59. A window may cross "
                                      "midnight, such as 23:00-07:00; it belongs to the day it starts on.\n"
                                      "\n"
                                      "DAYS is daily, weekdays, weekends, or days separated by commas, each mon, "
                                      "tue, wed, thu, fri, sat or sun, or a range such as mon-thu.\n"
                                      "\n"
                                      "Without --add, this window replaces all the ones set before."));
  if (!uns_cli_parse_options (context, "downtime set", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc < 2)
    return uns_cli_usage_error ("downtime set", "%s",
                                _("When should downtime be? Give a window such as 22:00-07:00."));
  if (argc > 2)
    return uns_cli_usage_error ("downtime set", _("Unexpected argument “%s”"), argv[2]);
  if (!parse_window (argv[1], &window, &error) ||
      (days != NULL && !uns_cli_parse_days (days, &window.days, &error)))
    return uns_cli_usage_error ("downtime set", "%s", error->message);

  proxy = uns_cli_get_limits (&error);
  if (proxy == NULL)
    return uns_cli_report_error (error);

  if (add)
    {
      if (!uns_dbus_limits_call_list_downtime_sync (proxy, G_DBUS_CALL_FLAGS_NONE, -1,
                                                    &reply, NULL, &error))
        return uns_cli_report_error (error);
      windows = read_windows (reply);

      for (i = 0; i < windows->len; i++)
        {
          const Window *old = &g_array_index (windows, Window, i);

          if (old->start == window.start && old->end == window.end && old->days == window.days)
            {
              g_print ("%s\n", _("That downtime is already set, so nothing changed."));
              return UNS_CLI_EXIT_OK;
            }
        }
      if (windows->len >= DOWNTIME_MAX_WINDOWS)
        return uns_cli_error (_("There are already %d downtime windows, the most Unscroll keeps. "
                                "Replace them with “unscroll downtime set” without --add."),
                              DOWNTIME_MAX_WINDOWS);
    }
  else
    windows = g_array_new (FALSE, FALSE, sizeof (Window));

  g_array_append_val (windows, window);
  if (!uns_dbus_limits_call_set_downtime_sync (proxy, windows_to_variant (windows),
                                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    return uns_cli_report_error (error);

  text = describe_window (&window);
  if (add)
    /* TRANSLATORS: %s is a window such as "22:00-07:00 every day" */
    g_print (_("Downtime added: %s."), text);
  else
    /* TRANSLATORS: %s is a window such as "22:00-07:00 every day" */
    g_print (_("Downtime set: %s."), text);
  g_print ("\n");
  if (fetch_in_downtime (proxy))
    g_print ("%s\n", _("Downtime is on now."));
  return UNS_CLI_EXIT_OK;
}

static int
downtime_clear (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusLimits) proxy = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  context = uns_cli_option_context_new ("downtime clear", NULL,
                                        _("Removes all downtime."),
                                        NULL, NULL);
  if (!uns_cli_parse_options (context, "downtime clear", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error ("downtime clear", _("Unexpected argument “%s”"), argv[1]);

  proxy = uns_cli_get_limits (&error);
  if (proxy == NULL ||
      !uns_dbus_limits_call_list_downtime_sync (proxy, G_DBUS_CALL_FLAGS_NONE, -1,
                                                &reply, NULL, &error))
    return uns_cli_report_error (error);

  if (g_variant_n_children (reply) == 0)
    {
      g_print ("%s\n", _("There was no downtime to clear."));
      return UNS_CLI_EXIT_OK;
    }

  if (!uns_dbus_limits_call_set_downtime_sync (proxy,
                                               g_variant_new_array (G_VARIANT_TYPE ("(uuu)"), NULL, 0),
                                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    return uns_cli_report_error (error);

  g_print ("%s\n", _("Downtime cleared."));
  return UNS_CLI_EXIT_OK;
}

int
uns_cli_downtime (int    argc,
                  char **argv)
{
  /* A first argument that isn't an option picks the subcommand, which then
   * sees itself as argv[0]. */
  if (argc >= 2 && argv[1][0] != '-')
    {
      if (strcmp (argv[1], "list") == 0)
        return downtime_list (argc - 1, argv + 1, TRUE);
      if (strcmp (argv[1], "set") == 0)
        return downtime_set (argc - 1, argv + 1);
      if (strcmp (argv[1], "clear") == 0)
        return downtime_clear (argc - 1, argv + 1);
      return uns_cli_usage_error ("downtime", _("“%s” is not something unscroll downtime can do; use list, set or clear."),
                                  argv[1]);
    }

  return downtime_list (argc, argv, FALSE);
}
