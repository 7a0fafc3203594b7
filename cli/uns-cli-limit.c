/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll limit: daily budgets for a service, a category or all social
 * media, and how today's use compares with them. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "uns-cli.h"
#include "uns-duration.h"
#include "uns-error.h"

/* Limit.minutes holds this for a day no option has set yet. */
#define MINUTES_UNSET G_MAXUINT32

/* A limit as ListLimits describes it. The strings point into the
 * dictionary it was read from. */
typedef struct
{
  guint32 id;
  const char *scope;
  const char *target;
  const char *name;
  guint32 minutes[7];
  gboolean enabled;
  gboolean strict;
  gboolean mindful_pause;
  guint32 today_minutes;
  gint64 used_seconds;
  gint64 remaining_seconds;
  guint32 snoozes;
  gint64 snoozed_until;
} LimitInfo;

/* Reads @dict leniently: a key the daemon left out keeps its default, so
 * an older or newer daemon still gets a readable line. */
static void
limit_info_read (LimitInfo *info,
                 GVariant  *dict)
{
  g_autoptr(GVariant) minutes = NULL;
  guint i;

  memset (info, 0, sizeof *info);
  info->scope = "";
  info->target = "";
  info->name = "";
  info->enabled = TRUE;

  g_variant_lookup (dict, "id", "u", &info->id);
  g_variant_lookup (dict, "scope", "&s", &info->scope);
  g_variant_lookup (dict, "target", "&s", &info->target);
  g_variant_lookup (dict, "target-name", "&s", &info->name);
  g_variant_lookup (dict, "enabled", "b", &info->enabled);
  g_variant_lookup (dict, "strict", "b", &info->strict);
  g_variant_lookup (dict, "mindful-pause", "b", &info->mindful_pause);
  g_variant_lookup (dict, "today-minutes", "u", &info->today_minutes);
  g_variant_lookup (dict, "used-seconds", "x", &info->used_seconds);
  g_variant_lookup (dict, "remaining-seconds", "x", &info->remaining_seconds);
  g_variant_lookup (dict, "snoozes", "u", &info->snoozes);
  g_variant_lookup (dict, "snoozed-until", "x", &info->snoozed_until);

  minutes = g_variant_lookup_value (dict, "minutes", G_VARIANT_TYPE ("au"));
  if (minutes != NULL)
    {
      gsize n = 0;
      const guint32 *values = g_variant_get_fixed_array (minutes, &n, sizeof (guint32));

      if (n == 1 || n == 7)
        for (i = 0; i < 7; i++)
          info->minutes[i] = values[n == 7 ? i : 0];
    }

  if (*info->name == '\0')
    info->name = *info->target != '\0' ? info->target : info->scope;
}

/* How the command line names a limit's target: "instagram",
 * "category:video" or "total". */
static char *
limit_info_target_spec (const LimitInfo *info)
{
  if (strcmp (info->scope, "category") == 0)
    return g_strdup_printf ("category:%s", info->target);
  if (strcmp (info->scope, "total") == 0)
    return g_strdup ("total");
  return g_strdup (info->target);
}

/* Splits TARGET into a scope and a target for Limits.AddLimit. */
static gboolean
parse_target (const char  *text,
              const char **out_scope,
              char       **out_target,
              GError     **error)
{
  const char *colon = strchr (text, ':');

  if (strcmp (text, "total") == 0)
    {
      *out_scope = "total";
      *out_target = g_strdup ("");
      return TRUE;
    }

  if (colon == NULL && *text != '\0')
    {
      *out_scope = "service";
      *out_target = g_strdup (text);
      return TRUE;
    }

  if (colon != NULL && colon[1] != '\0' && strchr (colon + 1, ':') == NULL)
    {
      if (g_str_has_prefix (text, "category:"))
        {
          *out_scope = "category";
          *out_target = g_strdup (colon + 1);
          return TRUE;
        }
      /* "service:total" reaches a service whose id is "total". */
      if (g_str_has_prefix (text, "service:"))
        {
          *out_scope = "service";
          *out_target = g_strdup (colon + 1);
          return TRUE;
        }
    }

  g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
               _("“%s” is not something to limit; give a service id such as instagram, "
                 "category:ID such as category:video, or total."),
               text);
  return FALSE;
}

/* A limit's budget for one day, which is always whole minutes: "30m",
 * "1h", "1h 30m". */
static char *
format_minutes (guint minutes)
{
  if (minutes < 60)
    /* TRANSLATORS: a duration in minutes, e.g. "27m" */
    return g_strdup_printf (_("%dm"), (int) minutes);
  if (minutes % 60 == 0)
    /* TRANSLATORS: a duration in whole hours, e.g. "2h" */
    return g_strdup_printf (_("%dh"), (int) (minutes / 60));
  /* TRANSLATORS: hours and minutes, e.g. "1h 05m" */
  return g_strdup_printf (_("%dh %02dm"), (int) (minutes / 60), (int) (minutes % 60));
}

/**
 * describe_minutes:
 * @minutes: seven values, Monday first
 *
 * Says a weekly pattern the way a person would: "30m a day", or the
 * commonest value and the days that differ, "30m a day (1h on weekends)".
 *
 * Returns: (transfer full): the text
 */
static char *
describe_minutes (const guint32 minutes[7])
{
  g_autofree char *base_text = NULL;
  g_autofree char *base_sentence = NULL;
  g_autoptr(GPtrArray) exceptions = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *joined = NULL;
  guint32 base = minutes[0];
  guint best = 0;
  guint done = 0;
  guint i, j;

  /* The commonest value is the rule; ties go to the earlier day. */
  for (i = 0; i < 7; i++)
    {
      guint count = 0;

      for (j = 0; j < 7; j++)
        if (minutes[j] == minutes[i])
          count++;
      if (count > best)
        {
          best = count;
          base = minutes[i];
        }
    }

  base_text = format_minutes (base);
  /* TRANSLATORS: a daily limit, e.g. "30m a day" */
  base_sentence = g_strdup_printf (_("%s a day"), base_text);
  if (best == 7)
    return g_steal_pointer (&base_sentence);

  /* One exception per other value, its days in week order. */
  for (i = 0; i < 7; i++)
    {
      g_autofree char *value_text = NULL;
      g_autofree char *days_text = NULL;
      guint mask = 0;

      if (minutes[i] == base || (done & (1u << i)) != 0)
        continue;
      for (j = i; j < 7; j++)
        if (minutes[j] == minutes[i])
          mask |= 1u << j;
      done |= mask;

      value_text = format_minutes (minutes[i]);
      days_text = uns_cli_describe_days (mask);
      /* TRANSLATORS: part of a weekly limit, e.g. "1h on weekends" or
       * "0m on Mon, Wed"; the second %s comes from "on %s", "on weekdays"… */
      g_ptr_array_add (exceptions, g_strdup_printf (C_("limit pattern", "%s %s"), value_text, days_text));
    }
  g_ptr_array_add (exceptions, NULL);

  /* TRANSLATORS: separates the exceptions of a weekly limit */
  joined = g_strjoinv (C_("limit pattern", "; "), (char **) exceptions->pdata);
  /* TRANSLATORS: a weekly limit, e.g. "30m a day (1h on weekends)" */
  return g_strdup_printf (C_("limit pattern", "%s (%s)"), base_sentence, joined);
}

static gboolean
minutes_vary (const guint32 minutes[7])
{
  guint i;

  for (i = 1; i < 7; i++)
    if (minutes[i] != minutes[0])
      return TRUE;
  return FALSE;
}

/* A limit's DURATION: whole minutes, at most a day. */
static gboolean
parse_minutes (const char *text,
               guint32    *out_minutes,
               GError    **error)
{
  gint64 seconds = 0;

  if (!uns_duration_parse (text, &seconds, error))
    return FALSE;
  if (seconds > 86400)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("A day has only 24 hours; “%s” is longer than that."), text);
      return FALSE;
    }
  if (seconds % 60 != 0)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("Limits count in whole minutes; “%s” isn't. Try something like 30m or 1h30m."),
                   text);
      return FALSE;
    }
  *out_minutes = (guint32) (seconds / 60);
  return TRUE;
}

static void
set_days (guint32 minutes[7],
          guint   mask,
          guint32 value)
{
  guint i;

  for (i = 0; i < 7; i++)
    if ((mask & (1u << i)) != 0)
      minutes[i] = value;
}

/**
 * apply_minutes:
 * @minutes: (inout): seven values, Monday first
 * @all: (nullable): DURATION for every day
 * @weekdays: (nullable): --weekdays
 * @weekends: (nullable): --weekends
 * @days: (nullable): --day values, each like "mon=30m,sat=1h"
 * @out_changed: (out): whether any of them was given
 *
 * Applies the options in the documented order, each over the one before:
 * DURATION, --weekdays, --weekends, then --day from left to right.
 */
static gboolean
apply_minutes (guint32             minutes[7],
               const char         *all,
               const char         *weekdays,
               const char         *weekends,
               const char * const *days,
               gboolean           *out_changed,
               GError            **error)
{
  guint32 value = 0;

  *out_changed = FALSE;

  if (all != NULL)
    {
      if (!parse_minutes (all, &value, error))
        return FALSE;
      set_days (minutes, UNS_CLI_DAYS_ALL, value);
      *out_changed = TRUE;
    }
  if (weekdays != NULL)
    {
      if (!parse_minutes (weekdays, &value, error))
        return FALSE;
      set_days (minutes, UNS_CLI_DAYS_WEEKDAYS, value);
      *out_changed = TRUE;
    }
  if (weekends != NULL)
    {
      if (!parse_minutes (weekends, &value, error))
        return FALSE;
      set_days (minutes, UNS_CLI_DAYS_WEEKENDS, value);
      *out_changed = TRUE;
    }

  for (; days != NULL && *days != NULL; days++)
    {
      g_auto(GStrv) entries = g_strsplit (*days, ",", -1);
      char **entry;
      guint pending = 0;

      if (entries[0] == NULL)
        {
          g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                               _("--day needs a day and a duration, such as sat=1h."));
          return FALSE;
        }

      /* Days without a duration take the next one: "sat,sun=1h". */
      for (entry = entries; *entry != NULL; entry++)
        {
          g_autofree char *key = NULL;
          const char *equals = strchr (*entry, '=');
          guint mask = 0;

          if (equals == NULL && **entry != '\0' && entry[1] != NULL)
            {
              if (!uns_cli_parse_days (*entry, &mask, error))
                return FALSE;
              pending |= mask;
              continue;
            }
          if (equals == NULL || equals == *entry || equals[1] == '\0')
            {
              g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("“%s” needs a day and a duration, such as sat=1h."), *days);
              return FALSE;
            }
          key = g_strndup (*entry, equals - *entry);
          if (!uns_cli_parse_days (key, &mask, error) ||
              !parse_minutes (equals + 1, &value, error))
            return FALSE;
          set_days (minutes, mask | pending, value);
          pending = 0;
          *out_changed = TRUE;
        }
    }

  return TRUE;
}

static GVariant *
minutes_to_variant (const guint32 minutes[7])
{
  return g_variant_new_fixed_array (G_VARIANT_TYPE_UINT32, minutes, 7, sizeof (guint32));
}

/* The lines after "Limit set: …" that say how the limit behaves. */
static void
print_flags (const LimitInfo *info)
{
  g_autofree char *spec = limit_info_target_spec (info);

  if (info->strict)
    g_print ("%s\n", _("It's strict: once it's reached, the browser covers the site until tomorrow or a snooze."));
  if (info->mindful_pause)
    g_print ("%s\n", _("With a mindful pause: a short breath before the site opens in the browser."));
  if (!info->enabled)
    {
      /* TRANSLATORS: %s is a limit's target, such as instagram or category:video */
      g_print (_("It's off for now; turn it on with: unscroll limit edit %s --enable"), spec);
      g_print ("\n");
    }
}

/* Finds the limit for @scope and @target in a ListLimits reply. */
static GVariant *
find_limit (GVariant   *limits,
            const char *scope,
            const char *target)
{
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, limits);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *dict_scope = NULL;
      const char *dict_target = NULL;

      if (g_variant_lookup (dict, "scope", "&s", &dict_scope) &&
          g_variant_lookup (dict, "target", "&s", &dict_target) &&
          g_strcmp0 (dict_scope, scope) == 0 &&
          g_strcmp0 (dict_target, target) == 0)
        return dict;
      g_variant_unref (dict);
    }
  return NULL;
}

static GVariant *
find_limit_by_id (GVariant *limits,
                  guint32   id)
{
  GVariantIter iter;
  GVariant *dict;

  g_variant_iter_init (&iter, limits);
  while ((dict = g_variant_iter_next_value (&iter)) != NULL)
    {
      guint32 dict_id = 0;

      if (g_variant_lookup (dict, "id", "u", &dict_id) && dict_id == id)
        return dict;
      g_variant_unref (dict);
    }
  return NULL;
}

static int
no_such_limit (const char *spec)
{
  /* TRANSLATORS: %s is what the user typed, such as instagram or total */
  return uns_cli_error (_("There is no limit for “%s”. “unscroll limit list” shows your limits."), spec);
}

static void
append_padding (GString *line,
                gsize    n)
{
  for (; n > 0; n--)
    g_string_append_c (line, ' ');
}

/* What a limit's line says after its bar. */
static char *
describe_state (const LimitInfo *info,
                UnsDbusUsage    *usage)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (!info->enabled)
    /* TRANSLATORS: a limit that is turned off */
    g_ptr_array_add (parts, g_strdup (_("off")));
  else if (info->remaining_seconds > 0)
    {
      /* A whole day left reads "24h", as the budget does, not "1d 0h". */
      g_autofree char *left = info->remaining_seconds >= 86400 ?
                              format_minutes (1440) :
                              uns_duration_format (info->remaining_seconds);

      /* TRANSLATORS: time left under a limit today, e.g. "3m left" */
      g_ptr_array_add (parts, g_strdup_printf (_("%s left"), left));
    }
  else if (info->today_minutes == 0)
    g_ptr_array_add (parts, g_strdup (_("no time today")));
  else
    g_ptr_array_add (parts, g_strdup (_("reached")));

  if (minutes_vary (info->minutes))
    g_ptr_array_add (parts, describe_minutes (info->minutes));
  if (info->strict)
    g_ptr_array_add (parts, g_strdup (_("strict")));
  if (info->mindful_pause)
    g_ptr_array_add (parts, g_strdup (_("mindful pause")));
  if (info->snoozes > 0)
    g_ptr_array_add (parts, g_strdup_printf (ngettext ("%u snooze today", "%u snoozes today",
                                                       info->snoozes),
                                             info->snoozes));
  if (info->snoozed_until > 0 && usage != NULL)
    {
      g_autofree char *until = uns_cli_format_resume_time (usage, info->snoozed_until);

      /* TRANSLATORS: %s is a time such as 14:35 */
      g_ptr_array_add (parts, g_strdup_printf (_("snoozed until %s"), until));
    }

  g_ptr_array_add (parts, NULL);
  return g_strjoinv (uns_cli_separator (), (char **) parts->pdata);
}

/**
 * uns_cli_print_limits:
 * @limits: a ListLimits reply (aa{sv})
 * @usage: (nullable): the daemon, to show when a snooze ends
 * @brief: only the limits that are on, as "NAME  USED / BUDGET", for
 *   reports; otherwise every limit with a bar and notes
 *
 * Prints one aligned line per limit, two spaces in from the margin:
 *
 *   Instagram         27m / 30m  ██████████████████    3m left
 *   All social media  1h 10m / 2h  …
 */
void
uns_cli_print_limits (GVariant     *limits,
                      UnsDbusUsage *usage,
                      gboolean      brief)
{
  g_autoptr(GArray) infos = g_array_new (FALSE, FALSE, sizeof (LimitInfo));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) budgets = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  gsize label_width = 0, used_width = 0, budget_width = 0;
  GVariantIter iter;
  GVariant *dict;
  guint i;

  g_variant_iter_init (&iter, limits);
  while (g_variant_iter_loop (&iter, "@a{sv}", &dict))
    {
      LimitInfo info;

      limit_info_read (&info, dict);
      if (brief && !info.enabled)
        continue;
      g_array_append_val (infos, info);
      g_ptr_array_add (labels, uns_cli_truncate_label (info.name));
      g_ptr_array_add (used, uns_duration_format (info.used_seconds));
      g_ptr_array_add (budgets, format_minutes (info.today_minutes));
    }

  for (i = 0; i < infos->len; i++)
    {
      label_width = MAX (label_width, uns_cli_display_width (g_ptr_array_index (labels, i)));
      used_width = MAX (used_width, uns_cli_display_width (g_ptr_array_index (used, i)));
      budget_width = MAX (budget_width, uns_cli_display_width (g_ptr_array_index (budgets, i)));
    }

  for (i = 0; i < infos->len; i++)
    {
      const LimitInfo *info = &g_array_index (infos, LimitInfo, i);
      const char *label = g_ptr_array_index (labels, i);
      const char *used_text = g_ptr_array_index (used, i);
      const char *budget_text = g_ptr_array_index (budgets, i);
      g_autofree char *bar = NULL;
      g_autofree char *state = NULL;
      gint64 budget_seconds = (gint64) info->today_minutes * 60;

      g_string_append (out, "  ");
      g_string_append (out, label);
      append_padding (out, label_width - uns_cli_display_width (label) + 2);
      append_padding (out, used_width - uns_cli_display_width (used_text));
      g_string_append (out, used_text);
      g_string_append (out, " / ");
      g_string_append (out, budget_text);

      if (!brief)
        {
          /* A day without time is full as soon as anything is used. */
          if (budget_seconds > 0)
            bar = uns_cli_bar (info->used_seconds, budget_seconds, UNS_CLI_BAR_WIDTH);
          else
            bar = uns_cli_bar (info->used_seconds > 0 ? 1 : 0, 1, UNS_CLI_BAR_WIDTH);
          state = describe_state (info, usage);

          append_padding (out, budget_width - uns_cli_display_width (budget_text) + 2);
          g_string_append (out, bar);
          append_padding (out, UNS_CLI_BAR_WIDTH - MIN (uns_cli_display_width (bar), UNS_CLI_BAR_WIDTH) + 2);
          g_string_append (out, state);
        }
      g_string_append_c (out, '\n');
    }

  g_print ("%s", out->str);
}

/**
 * uns_cli_add_limit_json:
 * @builder: a builder that expects a value
 * @limit: one limit from ListLimits
 *
 * Adds @limit as an object with the keys of ListLimits, '-' spelled '_'.
 */
void
uns_cli_add_limit_json (JsonBuilder *builder,
                        GVariant    *limit)
{
  LimitInfo info;
  guint i;

  limit_info_read (&info, limit);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, info.id);
  json_builder_set_member_name (builder, "scope");
  json_builder_add_string_value (builder, info.scope);
  json_builder_set_member_name (builder, "target");
  json_builder_add_string_value (builder, info.target);
  json_builder_set_member_name (builder, "target_name");
  json_builder_add_string_value (builder, info.name);
  json_builder_set_member_name (builder, "minutes");
  json_builder_begin_array (builder);
  for (i = 0; i < 7; i++)
    json_builder_add_int_value (builder, info.minutes[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "enabled");
  json_builder_add_boolean_value (builder, info.enabled);
  json_builder_set_member_name (builder, "strict");
  json_builder_add_boolean_value (builder, info.strict);
  json_builder_set_member_name (builder, "mindful_pause");
  json_builder_add_boolean_value (builder, info.mindful_pause);
  json_builder_set_member_name (builder, "today_minutes");
  json_builder_add_int_value (builder, info.today_minutes);
  json_builder_set_member_name (builder, "used_seconds");
  json_builder_add_int_value (builder, info.used_seconds);
  json_builder_set_member_name (builder, "remaining_seconds");
  json_builder_add_int_value (builder, info.remaining_seconds);
  json_builder_set_member_name (builder, "snoozes");
  json_builder_add_int_value (builder, info.snoozes);
  json_builder_set_member_name (builder, "snoozed_until");
  json_builder_add_int_value (builder, info.snoozed_until);
  json_builder_end_object (builder);
}

static void
print_json (GVariant *limits)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GVariantIter iter;
  GVariant *dict;

  json_builder_begin_array (builder);
  g_variant_iter_init (&iter, limits);
  while (g_variant_iter_loop (&iter, "@a{sv}", &dict))
    uns_cli_add_limit_json (builder, dict);
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  uns_cli_print_json (root);
}

static const char limit_syntax[] =
  N_("TARGET is a service id such as instagram (see “unscroll services”), category:ID such as "
     "category:video, or total for all social media together.\n"
     "\n"
     "DURATION is the time for every day, like 30m or 1h30m: whole minutes, at most 24h; "
     "0 allows no time. --weekdays sets Monday to Friday, --weekends Saturday and Sunday, "
     "and --day the days it names; each applies over the ones before it. "
     "A DAY is mon, tue, wed, thu, fri, sat or sun, a range such as mon-thu, weekdays or weekends; "
     "days before a duration share it: --day mon=30m,sat,sun=1h.");

static int
limit_list (int        argc,
            char     **argv,
            gboolean   explicit)
{
  const char *command = explicit ? "limit list" : "limit";
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusLimits) proxy = NULL;
  g_autoptr(UnsDbusUsage) usage = NULL;
  g_autoptr(GVariant) limits = NULL;
  g_autoptr(GError) error = NULL;
  gboolean json = FALSE;
  gboolean targets = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for programs"), NULL },
    { "targets", 0, 0, G_OPTION_ARG_NONE, &targets,
      N_("Print only the targets, one a line"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new (command, explicit ? NULL : _("[list|add|edit|remove]"),
                                        _("Lists your daily limits and today's time against each."),
                                        entries, NULL);
  if (!explicit)
    g_option_context_set_description (context,
                                      _("Commands:\n"
                                        "  list                 List your limits (the default)\n"
                                        "  add TARGET DURATION [--weekdays DURATION] [--weekends DURATION]\n"
                                        "      [--day DAY=DURATION,…] [--strict] [--mindful-pause] [--disabled]\n"
                                        "                       Set a daily limit\n"
                                        "  edit TARGET [DURATION] [OPTION…]\n"
                                        "                       Change a limit\n"
                                        "  remove TARGET        Remove a limit\n"
                                        "\n"
                                        "Run “unscroll limit add --help” for the syntax."));
  if (!uns_cli_parse_options (context, command, &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error (command, _("Unexpected argument “%s”"), argv[1]);
  if (json && targets)
    return uns_cli_usage_error (command, "%s", _("Choose one of --json or --targets."));

  proxy = uns_cli_get_limits (&error);
  if (proxy == NULL ||
      !uns_dbus_limits_call_list_limits_sync (proxy, G_DBUS_CALL_FLAGS_NONE, -1,
                                              &limits, NULL, &error))
    return uns_cli_report_error (error);

  if (json)
    {
      print_json (limits);
      return UNS_CLI_EXIT_OK;
    }

  if (targets)
    {
      GVariantIter iter;
      GVariant *dict;

      /* For scripts and completion: plain UTF-8, whatever the locale. */
      g_variant_iter_init (&iter, limits);
      while (g_variant_iter_loop (&iter, "@a{sv}", &dict))
        {
          g_autofree char *spec = NULL;
          LimitInfo info;

          limit_info_read (&info, dict);
          spec = limit_info_target_spec (&info);
          printf ("%s\n", spec);
        }
      return UNS_CLI_EXIT_OK;
    }

  if (g_variant_n_children (limits) == 0)
    {
      g_print ("%s\n", _("No limits yet. Add one with: unscroll limit add instagram 30m"));
      return UNS_CLI_EXIT_OK;
    }

  /* Only to say when a snooze ends; the list is worth showing without. */
  usage = uns_cli_get_usage (NULL);
  uns_cli_print_limits (limits, usage, FALSE);
  return UNS_CLI_EXIT_OK;
}

static int
limit_add (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusLimits) proxy = NULL;
  g_autoptr(GVariant) limits = NULL;
  g_autoptr(GVariant) added = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *weekdays = NULL;
  g_autofree char *weekends = NULL;
  g_autofree char *target = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) days = NULL;
  g_auto(GVariantBuilder) options = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gboolean strict = FALSE;
  gboolean mindful_pause = FALSE;
  gboolean disabled = FALSE;
  gboolean changed = FALSE;
  const char *scope = NULL;
  guint32 minutes[7];
  guint32 id = 0;
  LimitInfo info;
  guint i;
  const GOptionEntry entries[] = {
    { "weekdays", 0, 0, G_OPTION_ARG_STRING, &weekdays,
      N_("Time on Monday to Friday"), N_("DURATION") },
    { "weekends", 0, 0, G_OPTION_ARG_STRING, &weekends,
      N_("Time on Saturday and Sunday"), N_("DURATION") },
    { "day", 0, 0, G_OPTION_ARG_STRING_ARRAY, &days,
      N_("Time on the days named, such as mon=30m,sat,sun=1h (repeatable)"), N_("DAY=DURATION,…") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Once reached, the browser covers the site until tomorrow or a snooze"), NULL },
    { "mindful-pause", 0, 0, G_OPTION_ARG_NONE, &mindful_pause,
      N_("A short breathing pause before the site opens in the browser"), NULL },
    { "disabled", 0, 0, G_OPTION_ARG_NONE, &disabled,
      N_("Add the limit turned off"), NULL },
    { "disable", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &disabled, NULL, NULL },
    { NULL }
  };

  context = uns_cli_option_context_new ("limit add", _("TARGET DURATION"),
                                        _("Sets a daily limit for a service, a category or all social media."),
                                        entries, NULL);
  description = g_strdup_printf ("%s\n\n%s", _(limit_syntax),
                                 _("For example: unscroll limit add instagram 30m --weekends 1h"));
  g_option_context_set_description (context, description);
  if (!uns_cli_parse_options (context, "limit add", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc < 2)
    return uns_cli_usage_error ("limit add", "%s",
                                _("What should the limit be for? Give a service id, category:ID or total."));
  if (argc > 3)
    return uns_cli_usage_error ("limit add", _("Unexpected argument “%s”"), argv[3]);
  if (!parse_target (argv[1], &scope, &target, &error))
    return uns_cli_usage_error ("limit add", "%s", error->message);

  for (i = 0; i < 7; i++)
    minutes[i] = MINUTES_UNSET;
  if (!apply_minutes (minutes, argc > 2 ? argv[2] : NULL, weekdays, weekends,
                      (const char * const *) days, &changed, &error))
    return uns_cli_usage_error ("limit add", "%s", error->message);
  for (i = 0; i < 7; i++)
    if (minutes[i] == MINUTES_UNSET)
      return uns_cli_usage_error ("limit add", "%s",
                                  _("How much time a day? Give a duration such as 30m, or one for every day with --weekdays and --weekends."));

  if (strict)
    g_variant_builder_add (&options, "{sv}", "strict", g_variant_new_boolean (TRUE));
  if (mindful_pause)
    g_variant_builder_add (&options, "{sv}", "mindful-pause", g_variant_new_boolean (TRUE));
  if (disabled)
    g_variant_builder_add (&options, "{sv}", "enabled", g_variant_new_boolean (FALSE));

  proxy = uns_cli_get_limits (&error);
  if (proxy == NULL)
    return uns_cli_report_error (error);

  if (!uns_dbus_limits_call_add_limit_sync (proxy, scope, target, minutes_to_variant (minutes),
                                            g_variant_builder_end (&options),
                                            G_DBUS_CALL_FLAGS_NONE, -1, &id, NULL, &error))
    {
      if (g_error_matches (error, UNS_ERROR, UNS_ERROR_EXISTS))
        {
          g_dbus_error_strip_remote_error (error);
          g_printerr ("unscroll: %s\n", error->message);
          /* TRANSLATORS: %s is a limit's target, such as instagram */
          g_printerr (_("Change it with: unscroll limit edit %s DURATION"), argv[1]);
          g_printerr ("\n");
          return UNS_CLI_EXIT_FAILURE;
        }
      return uns_cli_report_error (error);
    }

  /* The daemon knows the name people read; the limit is set either way. */
  if (uns_dbus_limits_call_list_limits_sync (proxy, G_DBUS_CALL_FLAGS_NONE, -1,
                                             &limits, NULL, NULL))
    added = find_limit_by_id (limits, id);

  if (added != NULL)
    limit_info_read (&info, added);
  else
    {
      memset (&info, 0, sizeof info);
      info.scope = scope;
      info.target = target;
      info.name = argv[1];
      memcpy (info.minutes, minutes, sizeof minutes);
      info.enabled = !disabled;
      info.strict = strict;
      info.mindful_pause = mindful_pause;
    }

  pattern = describe_minutes (info.minutes);
  /* TRANSLATORS: "Limit set: Instagram, 30m a day (1h on weekends)." */
  g_print (_("Limit set: %s, %s."), info.name, pattern);
  g_print ("\n");
  print_flags (&info);
  return UNS_CLI_EXIT_OK;
}

static int
limit_edit (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusLimits) proxy = NULL;
  g_autoptr(GVariant) limits = NULL;
  g_autoptr(GVariant) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *weekdays = NULL;
  g_autofree char *weekends = NULL;
  g_autofree char *target = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) days = NULL;
  g_auto(GVariantBuilder) changes = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  gboolean strict = FALSE, no_strict = FALSE;
  gboolean mindful_pause = FALSE, no_mindful_pause = FALSE;
  gboolean enable = FALSE, disable = FALSE;
  gboolean minutes_changed = FALSE;
  const char *scope = NULL;
  guint32 probe[7] = { 0, };
  LimitInfo info;
  const GOptionEntry entries[] = {
    { "weekdays", 0, 0, G_OPTION_ARG_STRING, &weekdays,
      N_("Time on Monday to Friday"), N_("DURATION") },
    { "weekends", 0, 0, G_OPTION_ARG_STRING, &weekends,
      N_("Time on Saturday and Sunday"), N_("DURATION") },
    { "day", 0, 0, G_OPTION_ARG_STRING_ARRAY, &days,
      N_("Time on the days named, such as mon=30m,sat,sun=1h (repeatable)"), N_("DAY=DURATION,…") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Once reached, the browser covers the site until tomorrow or a snooze"), NULL },
    { "no-strict", 0, 0, G_OPTION_ARG_NONE, &no_strict,
      N_("Only nudge, never cover"), NULL },
    { "mindful-pause", 0, 0, G_OPTION_ARG_NONE, &mindful_pause,
      N_("A short breathing pause before the site opens in the browser"), NULL },
    { "no-mindful-pause", 0, 0, G_OPTION_ARG_NONE, &no_mindful_pause,
      N_("No breathing pause"), NULL },
    { "enable", 0, 0, G_OPTION_ARG_NONE, &enable,
      N_("Turn the limit on"), NULL },
    { "disable", 0, 0, G_OPTION_ARG_NONE, &disable,
      N_("Turn the limit off, keeping its settings"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new ("limit edit", _("TARGET [DURATION]"),
                                        _("Changes a limit; what you don't give stays as it was."),
                                        entries, NULL);
  description = g_strdup_printf ("%s\n\n%s", _(limit_syntax),
                                 _("For example: unscroll limit edit instagram --weekends 45m --strict"));
  g_option_context_set_description (context, description);
  if (!uns_cli_parse_options (context, "limit edit", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc < 2)
    return uns_cli_usage_error ("limit edit", "%s",
                                _("Which limit? Give its service id, category:ID or total."));
  if (argc > 3)
    return uns_cli_usage_error ("limit edit", _("Unexpected argument “%s”"), argv[3]);
  if (!parse_target (argv[1], &scope, &target, &error))
    return uns_cli_usage_error ("limit edit", "%s", error->message);
  if (strict && no_strict)
    return uns_cli_usage_error ("limit edit", "%s", _("Choose one of --strict or --no-strict."));
  if (mindful_pause && no_mindful_pause)
    return uns_cli_usage_error ("limit edit", "%s",
                                _("Choose one of --mindful-pause or --no-mindful-pause."));
  if (enable && disable)
    return uns_cli_usage_error ("limit edit", "%s", _("Choose one of --enable or --disable."));

  /* Check every duration before asking the daemon anything. */
  if (!apply_minutes (probe, argc > 2 ? argv[2] : NULL, weekdays, weekends,
                      (const char * const *) days, &minutes_changed, &error))
    return uns_cli_usage_error ("limit edit", "%s", error->message);
  if (!minutes_changed && !strict && !no_strict && !mindful_pause && !no_mindful_pause &&
      !enable && !disable)
    return uns_cli_usage_error ("limit edit", "%s",
                                _("Nothing to change: give a duration, --weekdays, --weekends, --day, "
                                  "or a flag such as --strict or --disable."));

  proxy = uns_cli_get_limits (&error);
  if (proxy == NULL ||
      !uns_dbus_limits_call_list_limits_sync (proxy, G_DBUS_CALL_FLAGS_NONE, -1,
                                              &limits, NULL, &error))
    return uns_cli_report_error (error);

  current = find_limit (limits, scope, target);
  if (current == NULL)
    return no_such_limit (argv[1]);
  limit_info_read (&info, current);

  if (minutes_changed)
    {
      /* Over the limit's own week, so "--weekends 1h" keeps weekdays. */
      if (!apply_minutes (info.minutes, argc > 2 ? argv[2] : NULL, weekdays, weekends,
                          (const char * const *) days, &minutes_changed, &error))
        return uns_cli_usage_error ("limit edit", "%s", error->message);
      g_variant_builder_add (&changes, "{sv}", "minutes", minutes_to_variant (info.minutes));
    }
  if (strict || no_strict)
    {
      info.strict = strict;
      g_variant_builder_add (&changes, "{sv}", "strict", g_variant_new_boolean (strict));
    }
  if (mindful_pause || no_mindful_pause)
    {
      info.mindful_pause = mindful_pause;
      g_variant_builder_add (&changes, "{sv}", "mindful-pause", g_variant_new_boolean (mindful_pause));
    }
  if (enable || disable)
    {
      info.enabled = enable;
      g_variant_builder_add (&changes, "{sv}", "enabled", g_variant_new_boolean (enable));
    }

  if (!uns_dbus_limits_call_change_limit_sync (proxy, info.id, g_variant_builder_end (&changes),
                                               G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error))
    return uns_cli_report_error (error);

  pattern = describe_minutes (info.minutes);
  /* TRANSLATORS: "Limit changed: Instagram, 45m a day (1h on weekends)." */
  g_print (_("Limit changed: %s, %s."), info.name, pattern);
  g_print ("\n");
  print_flags (&info);
  return UNS_CLI_EXIT_OK;
}

static int
limit_remove (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusLimits) proxy = NULL;
  g_autoptr(GVariant) limits = NULL;
  g_autoptr(GVariant) current = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = NULL;
  const char *scope = NULL;
  LimitInfo info;

  context = uns_cli_option_context_new ("limit remove", _("TARGET"),
                                        _("Removes a limit. Its nudges stay in your reports."),
                                        NULL, NULL);
  g_option_context_set_description (context,
                                    _("TARGET is a service id such as instagram, category:ID such as "
                                      "category:video, or total."));
  if (!uns_cli_parse_options (context, "limit remove", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc < 2)
    return uns_cli_usage_error ("limit remove", "%s",
                                _("Which limit should go? Give its service id, category:ID or total."));
  if (argc > 2)
    return uns_cli_usage_error ("limit remove", _("Unexpected argument “%s”"), argv[2]);
  if (!parse_target (argv[1], &scope, &target, &error))
    return uns_cli_usage_error ("limit remove", "%s", error->message);

  proxy = uns_cli_get_limits (&error);
  if (proxy == NULL ||
      !uns_dbus_limits_call_list_limits_sync (proxy, G_DBUS_CALL_FLAGS_NONE, -1,
                                              &limits, NULL, &error))
    return uns_cli_report_error (error);

  current = find_limit (limits, scope, target);
  if (current == NULL)
    return no_such_limit (argv[1]);
  limit_info_read (&info, current);

  if (!uns_dbus_limits_call_remove_limit_sync (proxy, info.id, G_DBUS_CALL_FLAGS_NONE, -1,
                                               NULL, &error))
    return uns_cli_report_error (error);

  /* TRANSLATORS: %s is a limit's name, such as Instagram */
  g_print (_("Limit removed: %s."), info.name);
  g_print ("\n");
  return UNS_CLI_EXIT_OK;
}

int
uns_cli_limit (int    argc,
               char **argv)
{
  /* A first argument that isn't an option picks the subcommand, which then
   * sees itself as argv[0]. */
  if (argc >= 2 && argv[1][0] != '-')
    {
      if (strcmp (argv[1], "list") == 0)
        return limit_list (argc - 1, argv + 1, TRUE);
      if (strcmp (argv[1], "add") == 0)
        return limit_add (argc - 1, argv + 1);
      if (strcmp (argv[1], "edit") == 0)
        return limit_edit (argc - 1, argv + 1);
      if (strcmp (argv[1], "remove") == 0)
        return limit_remove (argc - 1, argv + 1);
      return uns_cli_usage_error ("limit", _("“%s” is not something unscroll limit can do; use list, add, edit or remove."),
                                  argv[1]);
    }

  return limit_list (argc, argv, FALSE);
}
