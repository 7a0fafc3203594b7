/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll status: today's social time per service and what is going on now. */
#include "config.h"

#include <glib/gi18n.h>

#include "uns-cli.h"
#include "uns-duration.h"

/* The line about the current activity, or NULL when there is nothing to
 * say. The figures above it are the daemon's, which lag the running
 * activity by up to one checkpoint; "for 12m" is measured here, from the
 * activity's start to this computer's clock. */
static char *
describe_activity (UnsDbusUsage *usage)
{
  GVariant *activity = uns_dbus_usage_get_current_activity (usage);
  gint64 paused_until = uns_dbus_usage_get_paused_until (usage);
  const char *state = NULL;
  const char *kind = NULL;
  const char *subject = NULL;
  const char *service_name = NULL;
  const char *name;
  gint64 since = 0;

  if (paused_until == -1)
    return g_strdup (_("Paused until you resume"));
  if (paused_until > 0)
    {
      g_autofree char *until = uns_cli_format_resume_time (usage, paused_until);

      /* TRANSLATORS: %s is "14:30", "tomorrow at 04:00" or a date and time */
      return g_strdup_printf (_("Paused until %s"), until);
    }

  if (activity == NULL ||
      !g_variant_is_of_type (activity, G_VARIANT_TYPE_VARDICT) ||
      !g_variant_lookup (activity, "state", "&s", &state))
    return NULL;

  if (g_strcmp0 (state, "tracking") == 0)
    {
      g_autofree char *elapsed = NULL;

      g_variant_lookup (activity, "kind", "&s", &kind);
      g_variant_lookup (activity, "subject", "&s", &subject);
      g_variant_lookup (activity, "service-name", "&s", &service_name);
      g_variant_lookup (activity, "since", "x", &since);

      if (service_name != NULL && *service_name != '\0')
        name = service_name;
      else if (subject != NULL && *subject != '\0')
        name = subject;
      else
        name = _("a site outside the catalog");

      if (since <= 0)
        return g_strdup_printf (_("Now: %s"), name);

      elapsed = uns_duration_format (MAX (0, g_get_real_time () / G_USEC_PER_SEC - since));
      if (g_strcmp0 (kind, "app") == 0)
        /* TRANSLATORS: "Now: Discord (app) for 12m" */
        return g_strdup_printf (_("Now: %s (app) for %s"), name, elapsed);
      if (g_strcmp0 (kind, "site") == 0)
        /* TRANSLATORS: "Now: Instagram (site) for 12m" */
        return g_strdup_printf (_("Now: %s (site) for %s"), name, elapsed);
      return g_strdup_printf (_("Now: %s for %s"), name, elapsed);
    }
  if (g_strcmp0 (state, "idle") == 0)
    return g_strdup (_("Idle"));
  if (g_strcmp0 (state, "locked") == 0)
    return g_strdup (_("Screen locked"));
  if (g_strcmp0 (state, "asleep") == 0)
    return g_strdup (_("Asleep"));
  if (g_strcmp0 (state, "paused") == 0)
    return g_strdup (_("Paused"));
  if (g_strcmp0 (state, "private") == 0)
    return g_strdup (_("In a private window, which isn't recorded"));
  if (g_strcmp0 (state, "none") == 0)
    return g_strdup (_("Nothing in focus"));
  return NULL;
}

static void
print_text (UnsDbusUsage *usage)
{
  GVariant *services = uns_dbus_usage_get_today_services (usage);
  gint64 total = uns_dbus_usage_get_today_seconds (usage);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (UnsCliRow));
  g_autofree char *activity = describe_activity (usage);
  const char *problem;

  if (total > 0)
    {
      g_autofree char *duration = uns_duration_format (total);

      /* TRANSLATORS: %s is a duration such as "1h 05m" */
      g_print (_("You've spent %s on social media today."), duration);
      g_print ("\n");
    }
  else
    {
      g_print ("%s\n", _("No time on social media yet today."));
    }

  if (services != NULL && g_variant_is_of_type (services, G_VARIANT_TYPE ("a(sssx)")))
    {
      GVariantIter iter;
      const char *name;
      gint64 seconds;

      g_variant_iter_init (&iter, services);
      while (g_variant_iter_next (&iter, "(&s&s&sx)", NULL, &name, NULL, &seconds))
        {
          UnsCliRow row = { name, seconds };

          if (seconds > 0)
            g_array_append_val (rows, row);
        }
    }

  if (rows->len > 0)
    {
      g_print ("\n");
      uns_cli_print_rows ((const UnsCliRow *) (gpointer) rows->data, rows->len, NULL, 0);
    }

  if (activity != NULL)
    g_print ("\n%s\n", activity);

  /* The daemon's own sentence: it says what is going on and that no time
   * is lost. NULL from a daemon that predates the property. */
  problem = uns_dbus_usage_get_storage_problem (usage);
  if (problem != NULL && problem[0] != '\0')
    g_print ("\n%s\n", problem);
}

static void
print_json (UnsDbusUsage *usage)
{
  GVariant *services = uns_dbus_usage_get_today_services (usage);
  GVariant *activity = uns_dbus_usage_get_current_activity (usage);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "day");
  json_builder_add_string_value (builder, uns_dbus_usage_get_day (usage));
  json_builder_set_member_name (builder, "day_boundary");
  json_builder_add_int_value (builder, uns_dbus_usage_get_day_boundary (usage));
  json_builder_set_member_name (builder, "today_seconds");
  json_builder_add_int_value (builder, uns_dbus_usage_get_today_seconds (usage));

  json_builder_set_member_name (builder, "services");
  json_builder_begin_array (builder);
  if (services != NULL && g_variant_is_of_type (services, G_VARIANT_TYPE ("a(sssx)")))
    {
      GVariantIter iter;
      const char *id, *name, *category;
      gint64 seconds;

      g_variant_iter_init (&iter, services);
      while (g_variant_iter_next (&iter, "(&s&s&sx)", &id, &name, &category, &seconds))
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, id);
          json_builder_set_member_name (builder, "name");
          json_builder_add_string_value (builder, name);
          json_builder_set_member_name (builder, "category");
          json_builder_add_string_value (builder, category);
          json_builder_set_member_name (builder, "seconds");
          json_builder_add_int_value (builder, seconds);
          json_builder_end_object (builder);
        }
    }
  json_builder_end_array (builder);

  /* The dictionary as the daemon sends it, so new keys appear without a
   * new CLI. */
  json_builder_set_member_name (builder, "activity");
  if (activity != NULL && g_variant_is_of_type (activity, G_VARIANT_TYPE_VARDICT))
    json_builder_add_value (builder, json_gvariant_serialize (activity));
  else
    {
      json_builder_begin_object (builder);
      json_builder_end_object (builder);
    }

  json_builder_set_member_name (builder, "paused_until");
  json_builder_add_int_value (builder, uns_dbus_usage_get_paused_until (usage));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  uns_cli_print_json (root);
}

int
uns_cli_status (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  GDate today;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for programs"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new ("status", NULL,
                                        _("Shows today's time on social media, per service, and what is going on now."),
                                        entries, NULL);
  if (!uns_cli_parse_options (context, "status", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error ("status", _("Unexpected argument “%s”"), argv[1]);

  usage = uns_cli_get_usage (&error);
  if (usage == NULL || !uns_cli_get_today (usage, &today, &error))
    return uns_cli_report_error (error);

  if (json)
    print_json (usage);
  else
    print_text (usage);
  return UNS_CLI_EXIT_OK;
}
