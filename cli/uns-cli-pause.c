/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll pause and unscroll resume: stop and restart recording. */
#include "config.h"

#include <glib/gi18n.h>

#include "uns-cli.h"
#include "uns-day.h"
#include "uns-duration.h"

/* The longest pause Usage.Pause accepts: 31 days. */
#define PAUSE_MAX_SECONDS (G_GINT64_CONSTANT (31) * 86400)

/* Seconds from now until the next day starts, as the daemon counts days. */
static gboolean
seconds_until_tomorrow (UnsDbusUsage *usage,
                        gint64        now_usec,
                        gint64       *out_seconds,
                        gint64       *out_resume_at,
                        GError      **error)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  guint boundary = uns_dbus_usage_get_day_boundary (usage);
  gint64 next_usec;
  GDate day;

  if (!uns_cli_get_today (usage, &day, error))
    return FALSE;
  if (boundary > UNS_DAY_BOUNDARY_MAX)
    boundary = UNS_DAY_BOUNDARY_DEFAULT;

  g_date_add_days (&day, 1);
  next_usec = uns_day_start_usec (tz, boundary, &day);

  /* The daemon's Day may have been read a moment before the boundary
   * passed; then "tomorrow" is the day after the one that just began. */
  if (next_usec <= now_usec)
    next_usec = uns_day_next_boundary_usec (tz, boundary, now_usec);

  *out_resume_at = next_usec / G_USEC_PER_SEC;
  *out_seconds = MIN ((next_usec - now_usec + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC,
                      PAUSE_MAX_SECONDS);
  return TRUE;
}

/* The daemon's own PausedUntil, read afresh: the proxy's cached copy is
 * updated by a signal that may come after the reply to Pause. */
static gint64
fetch_paused_until (UnsDbusUsage *usage,
                    gint64        fallback)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) value = NULL;

  reply = g_dbus_connection_call_sync (g_dbus_proxy_get_connection (G_DBUS_PROXY (usage)),
                                       g_dbus_proxy_get_name (G_DBUS_PROXY (usage)),
                                       g_dbus_proxy_get_object_path (G_DBUS_PROXY (usage)),
                                       "org.freedesktop.DBus.Properties", "Get",
                                       g_variant_new ("(ss)", g_dbus_proxy_get_interface_name (G_DBUS_PROXY (usage)),
                                                      "PausedUntil"),
                                       G_VARIANT_TYPE ("(v)"),
                                       G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
  if (reply == NULL)
    return fallback;

  g_variant_get (reply, "(v)", &value);
  if (!g_variant_is_of_type (value, G_VARIANT_TYPE_INT64) || g_variant_get_int64 (value) <= 0)
    return fallback;
  return g_variant_get_int64 (value);
}

int
uns_cli_pause (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *until = NULL;
  gint64 now_usec;
  gint64 seconds = 0;
  gint64 resume_at = 0;
  gboolean tomorrow = FALSE;

  context = uns_cli_option_context_new ("pause", _("[DURATION|tomorrow]"),
                                        _("Stops recording for a while, or until you resume."),
                                        NULL, NULL);
  g_option_context_set_description (context,
                                    _("DURATION is like 30m, 1h30m, 2h, 45s or 1d; a bare number means minutes. "
                                      "“tomorrow” pauses until the next day starts. "
                                      "Without a duration, recording stays paused until “unscroll resume”."));
  if (!uns_cli_parse_options (context, "pause", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 2)
    return uns_cli_usage_error ("pause", _("Unexpected argument “%s”"), argv[2]);

  if (argc == 2)
    {
      tomorrow = g_ascii_strcasecmp (argv[1], "tomorrow") == 0 ||
                 g_ascii_strcasecmp (argv[1], "until-tomorrow") == 0;
      if (!tomorrow)
        {
          if (!uns_duration_parse (argv[1], &seconds, &error))
            return uns_cli_usage_error ("pause", "%s", error->message);
          if (seconds == 0)
            return uns_cli_usage_error ("pause", "%s",
                                        _("A pause needs to last at least a second; leave out the duration to pause until you resume."));
          if (seconds > PAUSE_MAX_SECONDS)
            return uns_cli_usage_error ("pause", "%s",
                                        _("Unscroll can pause for at most 31 days; leave out the duration to pause until you resume."));
        }
    }

  usage = uns_cli_get_usage (&error);
  if (usage == NULL)
    return uns_cli_report_error (error);

  now_usec = g_get_real_time ();
  if (tomorrow)
    {
      if (!seconds_until_tomorrow (usage, now_usec, &seconds, &resume_at, &error))
        return uns_cli_report_error (error);
    }
  else if (seconds > 0)
    {
      resume_at = now_usec / G_USEC_PER_SEC + seconds;
    }

  if (!uns_dbus_usage_call_pause_sync (usage, seconds, G_DBUS_CALL_FLAGS_NONE, -1,
                                       NULL, &error))
    return uns_cli_report_error (error);

  if (seconds == 0)
    {
      g_print ("%s\n", _("Paused until you resume. Run “unscroll resume” to start recording again."));
      return UNS_CLI_EXIT_OK;
    }

  until = uns_cli_format_resume_time (usage, fetch_paused_until (usage, resume_at));
  /* TRANSLATORS: %s is "14:30", "tomorrow at 04:00" or a date and time */
  g_print (_("Paused until %s."), until);
  g_print ("\n");
  return UNS_CLI_EXIT_OK;
}

int
uns_cli_resume (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  gboolean was_paused;

  context = uns_cli_option_context_new ("resume", NULL,
                                        _("Ends a pause, so recording starts again."),
                                        NULL, NULL);
  if (!uns_cli_parse_options (context, "resume", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error ("resume", _("Unexpected argument “%s”"), argv[1]);

  usage = uns_cli_get_usage (&error);
  if (usage == NULL)
    return uns_cli_report_error (error);

  was_paused = uns_dbus_usage_get_paused_until (usage) != 0;
  if (!uns_dbus_usage_call_resume_sync (usage, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    return uns_cli_report_error (error);

  if (was_paused)
    g_print ("%s\n", _("Recording again."));
  else
    g_print ("%s\n", _("Unscroll wasn't paused, so nothing changed."));
  return UNS_CLI_EXIT_OK;
}
