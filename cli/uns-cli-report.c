/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll report: recorded time over a range of days, grouped one way. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "uns-cli.h"
#include "uns-day.h"

typedef struct
{
  gboolean day_set;
  char *day;          /* (owned) (nullable): --day's value */
  gboolean week;
  gboolean month;
  char *from;         /* (owned) (nullable) */
  char *to;           /* (owned) (nullable) */
  char *by;           /* (owned) (nullable) */
  gboolean json;
} ReportOptions;

static void
report_options_clear (ReportOptions *options)
{
  g_clear_pointer (&options->day, g_free);
  g_clear_pointer (&options->from, g_free);
  g_clear_pointer (&options->to, g_free);
  g_clear_pointer (&options->by, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ReportOptions, report_options_clear)

static gboolean
parse_day_option (const char *option_name,
                  const char *value,
                  gpointer    user_data,
                  GError    **error)
{
  ReportOptions *options = user_data;

  options->day_set = TRUE;
  g_free (options->day);
  options->day = g_strdup (value);
  return TRUE;
}

static const char *const groupings[] = { "service", "category", "app", "site", "day", NULL };

static const char *
title_for (const char *by)
{
  if (strcmp (by, "category") == 0)
    return _("All recorded time by category");
  if (strcmp (by, "app") == 0)
    return _("Time by app");
  if (strcmp (by, "site") == 0)
    return _("Time by site");
  if (strcmp (by, "day") == 0)
    return _("Social media by day");
  return _("Social media by service");
}

/* What people read for a row: the daemon's label, except for the anonymous
 * bucket of sites and for days, which get their weekday. */
static char *
label_for (const char *by,
           const char *key,
           const char *label)
{
  if (strcmp (by, "site") == 0 && *key == '\0')
    return g_strdup (_("Other sites"));

  if (strcmp (by, "day") == 0)
    {
      GDate day;
      char weekday[64];

      if (uns_day_parse_iso (key, &day, NULL) &&
          g_date_strftime (weekday, sizeof weekday, "%a", &day) > 0)
        return g_strdup_printf ("%s %s", key, weekday);
    }

  return g_strdup (*label != '\0' ? label : key);
}

static void
print_text (const char *by,
            const char *from,
            const char *to,
            GVariant   *rows)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) table = g_array_new (FALSE, FALSE, sizeof (UnsCliRow));
  GVariantIter iter;
  const char *key, *label;
  gint64 seconds;
  gint64 total = 0;
  gsize i;

  if (strcmp (from, to) == 0)
    /* TRANSLATORS: a report's heading, e.g. "Social media by service, 2026-11-23" */
    g_print (_("%s, %s"), title_for (by), from);
  else
    /* TRANSLATORS: a report's heading, e.g. "Social media by service, 2026-11-17 to 2026-11-23" */
    g_print (_("%s, %s to %s"), title_for (by), from, to);
  g_print ("\n\n");

  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(&s&sx)", &key, &label, &seconds))
    {
      g_ptr_array_add (labels, label_for (by, key, label));
      total += MAX (seconds, 0);
    }

  if (labels->len == 0)
    {
      g_print ("  %s\n", _("Nothing recorded."));
      return;
    }

  /* The labels live in @labels; the table only points into it. */
  g_variant_iter_init (&iter, rows);
  for (i = 0; g_variant_iter_next (&iter, "(&s&sx)", NULL, NULL, &seconds); i++)
    {
      UnsCliRow row = { g_ptr_array_index (labels, i), MAX (seconds, 0) };

      g_array_append_val (table, row);
    }

  uns_cli_print_rows ((const UnsCliRow *) (gpointer) table->data, table->len,
                      _("Total"), total);
}

static void
print_json (const char *by,
            const char *from,
            const char *to,
            GVariant   *rows)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GVariantIter iter;
  const char *key, *label;
  gint64 seconds;
  gint64 total = 0;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to);
  json_builder_set_member_name (builder, "by");
  json_builder_add_string_value (builder, by);

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  g_variant_iter_init (&iter, rows);
  while (g_variant_iter_next (&iter, "(&s&sx)", &key, &label, &seconds))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, key);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, label);
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_int_value (builder, seconds);
      json_builder_end_object (builder);
      total += MAX (seconds, 0);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "total_seconds");
  json_builder_add_int_value (builder, total);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  uns_cli_print_json (root);
}

int
uns_cli_report (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusUsage) usage = NULL;
  g_autoptr(GVariant) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(ReportOptions) options = { 0, };
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  const char *by;
  guint ranges;
  GDate today, from, to;
  const GOptionEntry entries[] = {
    { "day", 'd', G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK, parse_day_option,
      N_("One day (default: today)"), N_("DAY") },
    { "week", 'w', 0, G_OPTION_ARG_NONE, &options.week,
      N_("The last 7 days, today included"), NULL },
    { "month", 'm', 0, G_OPTION_ARG_NONE, &options.month,
      N_("The last 30 days, today included"), NULL },
    { "from", 0, 0, G_OPTION_ARG_STRING, &options.from,
      N_("First day of a range"), N_("DAY") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &options.to,
      N_("Last day of a range (default: today)"), N_("DAY") },
    { "by", 'b', 0, G_OPTION_ARG_STRING, &options.by,
      N_("Group by service (default), category, app, site or day"), N_("GROUPING") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &options.json,
      N_("Print JSON for programs"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new ("report", _("[DAY]"),
                                        _("Shows recorded time over a range of days."),
                                        entries, &options);
  g_option_context_set_description (context,
                                    _("DAY is a date such as 2026-11-23, “today” or “yesterday”. "
                                      "Days start at Unscroll's day boundary (04:00 unless changed)."));
  if (!uns_cli_parse_options (context, "report", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;

  ranges = (options.day_set ? 1 : 0) + (options.week ? 1 : 0) + (options.month ? 1 : 0) +
           ((options.from != NULL || options.to != NULL) ? 1 : 0);

  /* "--day yesterday" reaches us as a bare argument: GOption takes an
   * optional value only as "--day=yesterday". */
  if (argc == 2 && (ranges == 0 || (options.day_set && options.day == NULL)))
    {
      options.day_set = TRUE;
      ranges = 1;
      options.day = g_strdup (argv[1]);
    }
  else if (argc > 1)
    return uns_cli_usage_error ("report", _("Unexpected argument “%s”"), argv[1]);

  if (ranges > 1)
    return uns_cli_usage_error ("report", "%s", _("Choose one of --day, --week, --month or --from/--to."));
  if (options.to != NULL && options.from == NULL)
    return uns_cli_usage_error ("report", "%s", _("--to needs --from."));

  by = options.by != NULL ? options.by : "service";
  if (!g_strv_contains (groupings, by))
    return uns_cli_usage_error ("report",
                                _("“%s” is not a way to group time; use service, category, app, site or day."),
                                by);

  usage = uns_cli_get_usage (&error);
  if (usage == NULL || !uns_cli_get_today (usage, &today, &error))
    return uns_cli_report_error (error);

  from = today;
  to = today;
  if (options.day != NULL)
    {
      if (!uns_day_parse (options.day, &today, &from, &error))
        return uns_cli_usage_error ("report", "%s", error->message);
      to = from;
    }
  else if (options.week)
    g_date_subtract_days (&from, 6);
  else if (options.month)
    g_date_subtract_days (&from, 29);
  else if (options.from != NULL)
    {
      if (!uns_day_parse (options.from, &today, &from, &error) ||
          (options.to != NULL && !uns_day_parse (options.to, &today, &to, &error)))
        return uns_cli_usage_error ("report", "%s", error->message);
    }

  from_text = uns_day_to_string (&from);
  to_text = uns_day_to_string (&to);
  if (g_date_compare (&from, &to) > 0)
    return uns_cli_usage_error ("report", _("The range starts (%s) after it ends (%s)."),
                                from_text, to_text);

  if (!uns_dbus_usage_call_get_summary_sync (usage, from_text, to_text, by,
                                             g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                                             G_DBUS_CALL_FLAGS_NONE, -1,
                                             &rows, NULL, &error))
    return uns_cli_report_error (error);

  if (options.json)
    print_json (by, from_text, to_text, rows);
  else
    print_text (by, from_text, to_text, rows);
  return UNS_CLI_EXIT_OK;
}
