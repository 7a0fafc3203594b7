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

/* What the report says about limits and nudges; both are NULL when the
 * daemon has no Limits interface. */
typedef struct
{
  GVariant *limits;  /* (owned) (nullable): ListLimits */
  GVariant *counts;  /* (owned) (nullable): GetNudgeSummary */
  gboolean includes_today;
} LimitsPart;

static void
limits_part_clear (LimitsPart *part)
{
  g_clear_pointer (&part->limits, g_variant_unref);
  g_clear_pointer (&part->counts, g_variant_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LimitsPart, limits_part_clear)

/* The keys of GetNudgeSummary, always present in JSON. */
static const char *const nudge_keys[] = {
  "nudges", "snoozed", "break", "dismissed", "support", "adjust", "didnt-open", NULL
};

static gboolean
fetch_limits_part (const char *from,
                   const char *to,
                   LimitsPart *part,
                   GError    **error)
{
  g_autoptr(UnsDbusLimits) proxy = NULL;
  g_autoptr(GError) local_error = NULL;

  proxy = uns_cli_get_limits (error);
  if (proxy == NULL)
    return FALSE;

  if (uns_dbus_limits_call_list_limits_sync (proxy, G_DBUS_CALL_FLAGS_NONE, -1,
                                             &part->limits, NULL, &local_error) &&
      uns_dbus_limits_call_get_nudge_summary_sync (proxy, from, to, G_DBUS_CALL_FLAGS_NONE, -1,
                                                   &part->counts, NULL, &local_error))
    return TRUE;

  limits_part_clear (part);

  /* A daemon from before limits: the report is whole without them. */
  if (g_error_matches (local_error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_METHOD) ||
      g_error_matches (local_error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_INTERFACE) ||
      g_error_matches (local_error, G_DBUS_ERROR, G_DBUS_ERROR_UNKNOWN_OBJECT))
    return TRUE;

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static guint64
count_of (const LimitsPart *part,
          const char       *key)
{
  guint64 count = 0;

  if (part->counts != NULL)
    g_variant_lookup (part->counts, key, "t", &count);
  return count;
}

static guint
n_enabled_limits (const LimitsPart *part)
{
  GVariantIter iter;
  GVariant *limit;
  guint n = 0;

  if (part->limits == NULL)
    return 0;

  g_variant_iter_init (&iter, part->limits);
  while (g_variant_iter_loop (&iter, "@a{sv}", &limit))
    {
      gboolean enabled = TRUE;

      g_variant_lookup (limit, "enabled", "b", &enabled);
      if (enabled)
        n++;
    }
  return n;
}

/* Whether the report says anything about limits: only for people who
 * have limits or took a break, a snooze or a mindful pause's way out. A
 * pause suggestion nobody answered isn't worth lines of its own. */
static gboolean
limits_part_shown (const LimitsPart *part)
{
  if (part->limits != NULL && g_variant_n_children (part->limits) > 0)
    return TRUE;

  return count_of (part, "break") > 0 || count_of (part, "snoozed") > 0 ||
         count_of (part, "didnt-open") > 0;
}

static void
print_limits_text (const LimitsPart *part)
{
  g_autofree char *breaks = NULL;
  g_autofree char *snoozes = NULL;
  g_autofree char *nudges = NULL;
  guint64 didnt_open;

  if (!limits_part_shown (part))
    return;

  if (part->includes_today && n_enabled_limits (part) > 0)
    {
      g_print ("\n%s\n\n", _("Limits today"));
      uns_cli_print_limits (part->limits, NULL, TRUE);
    }

  /* TRANSLATORS: counts over the report's days, joined as
   * "Breaks taken: 2 · Snoozes: 1 · Nudges: 5" */
  breaks = g_strdup_printf (_("Breaks taken: %lu"), (gulong) count_of (part, "break"));
  snoozes = g_strdup_printf (_("Snoozes: %lu"), (gulong) count_of (part, "snoozed"));
  nudges = g_strdup_printf (_("Nudges: %lu"), (gulong) count_of (part, "nudges"));
  g_print ("\n%s%s%s%s%s\n", breaks, uns_cli_separator (), snoozes, uns_cli_separator (), nudges);

  didnt_open = count_of (part, "didnt-open");
  if (didnt_open > 0)
    {
      /* TRANSLATORS: how often a limited site was left unopened after a mindful pause */
      g_print (_("Didn't open a limited site: %lu"), (gulong) didnt_open);
      g_print ("\n");
    }
}

static void
add_limits_json (JsonBuilder      *builder,
                 const LimitsPart *part)
{
  GVariantIter iter;
  GVariant *limit;
  const char *key;
  guint64 count;
  gsize i;

  if (!limits_part_shown (part))
    return;

  json_builder_set_member_name (builder, "limits");
  json_builder_begin_array (builder);
  if (part->includes_today)
    {
      g_variant_iter_init (&iter, part->limits);
      while (g_variant_iter_loop (&iter, "@a{sv}", &limit))
        {
          gboolean enabled = TRUE;

          g_variant_lookup (limit, "enabled", "b", &enabled);
          if (enabled)
            uns_cli_add_limit_json (builder, limit);
        }
    }
  json_builder_end_array (builder);

  /* Every known key, zero included, then any the daemon added since;
   * '-' becomes '_' as in the other keys. */
  json_builder_set_member_name (builder, "nudges");
  json_builder_begin_object (builder);
  for (i = 0; nudge_keys[i] != NULL; i++)
    {
      g_autofree char *name = g_strdelimit (g_strdup (nudge_keys[i]), "-", '_');

      json_builder_set_member_name (builder, name);
      json_builder_add_int_value (builder, (gint64) count_of (part, nudge_keys[i]));
    }
  if (part->counts != NULL)
    {
      g_variant_iter_init (&iter, part->counts);
      while (g_variant_iter_next (&iter, "{&st}", &key, &count))
        {
          g_autofree char *name = NULL;

          if (g_strv_contains (nudge_keys, key))
            continue;
          name = g_strdelimit (g_strdup (key), "-", '_');
          json_builder_set_member_name (builder, name);
          json_builder_add_int_value (builder, (gint64) count);
        }
    }
  json_builder_end_object (builder);
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
print_json (const char       *by,
            const char       *from,
            const char       *to,
            GVariant         *rows,
            const LimitsPart *part)
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
  add_limits_json (builder, part);
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
  g_auto(LimitsPart) limits_part = { NULL, };
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

  /* Asked before anything is printed, so a failure prints nothing. */
  limits_part.includes_today = g_date_compare (&from, &today) <= 0 &&
                               g_date_compare (&today, &to) <= 0;
  if (!fetch_limits_part (from_text, to_text, &limits_part, &error))
    return uns_cli_report_error (error);

  if (options.json)
    print_json (by, from_text, to_text, rows, &limits_part);
  else
    {
      print_text (by, from_text, to_text, rows);
      print_limits_text (&limits_part);
    }
  return UNS_CLI_EXIT_OK;
}
