/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll snooze and unscroll break: the two ways forward a nudge offers,
 * from the command line. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "uns-cli.h"
#include "uns-duration.h"

/* The range Limits.TakeBreak accepts. */
#define BREAK_MIN_SECONDS 60
#define BREAK_MAX_SECONDS (4 * 3600)

/* The name people know @service by, or the id when the catalog can't say. */
static char *
service_name (const char *service)
{
  g_autoptr(UnsDbusCatalog) catalog = NULL;
  g_autoptr(GVariant) services = NULL;
  GVariantIter iter;
  const char *id, *name;

  catalog = uns_cli_get_catalog (NULL);
  if (catalog == NULL ||
      !uns_dbus_catalog_call_list_services_sync (catalog, G_DBUS_CALL_FLAGS_NONE, -1,
                                                 &services, NULL, NULL))
    return g_strdup (service);

  g_variant_iter_init (&iter, services);
  while (g_variant_iter_next (&iter, "(&s&s&s^a&s^a&sb)", &id, &name, NULL, NULL, NULL, NULL))
    if (strcmp (id, service) == 0)
      return g_strdup (name);
  return g_strdup (service);
}

int
uns_cli_snooze (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusLimits) limits = NULL;
  g_autoptr(UnsDbusUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *until_text = NULL;
  gint64 until = 0;

  context = uns_cli_option_context_new ("snooze", _("SERVICE"),
                                        _("Gives a service that reached its limit 5 more minutes."),
                                        NULL, NULL);
  g_option_context_set_description (context,
                                    _("SERVICE is a service id such as instagram (see “unscroll services”). "
                                      "The next nudge for it comes 5 minutes later. A few snoozes a day are "
                                      "possible for each service (3 unless changed)."));
  if (!uns_cli_parse_options (context, "snooze", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc < 2 || *argv[1] == '\0')
    return uns_cli_usage_error ("snooze", "%s", _("Which service? Give its id, such as instagram."));
  if (argc > 2)
    return uns_cli_usage_error ("snooze", _("Unexpected argument “%s”"), argv[2]);

  limits = uns_cli_get_limits (&error);
  if (limits == NULL)
    return uns_cli_report_error (error);
  usage = uns_cli_get_usage (&error);
  if (usage == NULL)
    return uns_cli_report_error (error);

  if (!uns_dbus_limits_call_snooze_sync (limits, argv[1], G_DBUS_CALL_FLAGS_NONE, -1,
                                         &until, NULL, &error))
    return uns_cli_report_error (error);

  name = service_name (argv[1]);
  until_text = uns_cli_format_resume_time (usage, until);
  /* TRANSLATORS: "5 more minutes for Instagram, until 14:35." */
  g_print (_("5 more minutes for %s, until %s."), name, until_text);
  g_print ("\n");
  return UNS_CLI_EXIT_OK;
}

int
uns_cli_break (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusLimits) limits = NULL;
  g_autoptr(UnsDbusUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *until_text = NULL;
  gint64 seconds = 0;
  gint64 until = 0;

  context = uns_cli_option_context_new ("break", _("[DURATION]"),
                                        _("Takes a break: nudges stay quiet until it ends."),
                                        NULL, NULL);
  g_option_context_set_description (context,
                                    _("DURATION is like 10m, 30m or 1h15m, from 1 minute to 4 hours; "
                                      "a bare number means minutes. Without it, the break lasts 10 minutes. "
                                      "A break also starts the count of unbroken time again. "
                                      "Recording goes on; “unscroll pause” stops it."));
  if (!uns_cli_parse_options (context, "break", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 2)
    return uns_cli_usage_error ("break", _("Unexpected argument “%s”"), argv[2]);

  if (argc == 2)
    {
      if (!uns_duration_parse (argv[1], &seconds, &error))
        return uns_cli_usage_error ("break", "%s", error->message);
      if (seconds < BREAK_MIN_SECONDS || seconds > BREAK_MAX_SECONDS)
        return uns_cli_usage_error ("break", "%s", _("A break lasts from 1 minute to 4 hours."));
    }

  limits = uns_cli_get_limits (&error);
  if (limits == NULL)
    return uns_cli_report_error (error);
  usage = uns_cli_get_usage (&error);
  if (usage == NULL)
    return uns_cli_report_error (error);

  if (!uns_dbus_limits_call_take_break_sync (limits, seconds, G_DBUS_CALL_FLAGS_NONE, -1,
                                             &until, NULL, &error))
    return uns_cli_report_error (error);

  until_text = uns_cli_format_resume_time (usage, until);
  /* TRANSLATORS: %s is "14:45", "tomorrow at 00:05" or a date and time */
  g_print (_("Enjoy your break. Nudges are quiet until %s."), until_text);
  g_print ("\n");
  return UNS_CLI_EXIT_OK;
}
