/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers every command of the unscroll CLI shares: talking to the daemon,
 * reporting errors, and printing tables, bars and JSON. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "uns-cli.h"
#include "uns-day.h"
#include "uns-duration.h"
#include "uns-error.h"

/* Labels longer than this many cells are shortened with an ellipsis so one
 * long app id does not push every bar off the screen. */
#define UNS_CLI_LABEL_MAX 40

/**
 * uns_cli_option_context_new:
 * @command: the command, such as "report" or "services add"
 * @parameter_string: (nullable): what follows the options in "Usage:"
 * @summary: (nullable): a sentence on what the command does
 * @entries: (nullable): the options
 * @user_data: (nullable): passed to option callbacks
 *
 * Returns: (transfer full): a context for the command's options
 */
GOptionContext *
uns_cli_option_context_new (const char         *command,
                            const char         *parameter_string,
                            const char         *summary,
                            const GOptionEntry *entries,
                            gpointer            user_data)
{
  g_autofree char *prgname = NULL;
  GOptionContext *context;
  GOptionGroup *group;

  /* GOption prints g_get_prgname() in "Usage:", so --help reads
   * "unscroll report [OPTION…]". */
  prgname = g_strdup_printf ("unscroll %s", command);
  g_set_prgname (prgname);

  context = g_option_context_new (parameter_string);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (summary != NULL)
    g_option_context_set_summary (context, summary);

  group = g_option_group_new (NULL, NULL, NULL, user_data, NULL);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_group_add_entries (group, entries);
  g_option_context_set_main_group (context, group);
  return context;
}

gboolean
uns_cli_parse_options (GOptionContext *context,
                       const char     *command,
                       int            *argc,
                       char         ***argv)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      uns_cli_usage_error (command, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

int
uns_cli_usage_error (const char *command,
                     const char *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("unscroll: %s\n", message);
  if (command != NULL)
    /* TRANSLATORS: %s is a command such as "report" */
    g_printerr (_("Try “unscroll %s --help” for more."), command);
  else
    g_printerr ("%s", _("Try “unscroll --help” for more."));
  g_printerr ("\n");
  return UNS_CLI_EXIT_USAGE;
}

int
uns_cli_error (const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("unscroll: %s\n", message);
  return UNS_CLI_EXIT_FAILURE;
}

static gboolean
error_means_not_running (const GError *error)
{
  return g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NAME_HAS_NO_OWNER) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_EXEC_FAILED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_CHILD_EXITED) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND) ||
         g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_SPAWN_FAILED);
}

/**
 * uns_cli_report_error:
 * @error: what went wrong
 *
 * Prints @error for people, without GDBus's remote error prefix.
 *
 * Returns: the exit code: %UNS_CLI_EXIT_USAGE when the daemon refused an
 *   argument, %UNS_CLI_EXIT_FAILURE otherwise
 */
int
uns_cli_report_error (GError *error)
{
  g_return_val_if_fail (error != NULL, UNS_CLI_EXIT_FAILURE);

  g_dbus_error_strip_remote_error (error);

  if (error_means_not_running (error))
    return uns_cli_error ("%s", _("Unscroll's background service isn't running. Start it with: systemctl --user start unscrolld"));

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_NO_REPLY) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMEOUT) ||
      g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_TIMED_OUT) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return uns_cli_error ("%s", _("Unscroll's background service didn't answer. Try again in a moment."));

  g_printerr ("unscroll: %s\n", error->message);

  if (g_error_matches (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS) ||
      g_error_matches (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT))
    return UNS_CLI_EXIT_USAGE;
  return UNS_CLI_EXIT_FAILURE;
}

static GDBusConnection *
get_session_bus (GError **error)
{
  GDBusConnection *connection;

  /* Remote io.github.Unscroll.Error.* names map back to UNS_ERROR codes only
   * once the domain is registered. */
  (void) UNS_ERROR;

  connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (connection == NULL)
    g_prefix_error (error, "%s", _("Unscroll can't reach the session's message bus: "));
  return connection;
}

/* A proxy to a name nobody owns is still created; D-Bus activation has
 * already been tried by then, so no owner means the daemon cannot start. */
static gboolean
check_owner (GDBusProxy *proxy,
             GError    **error)
{
  g_autofree char *owner = g_dbus_proxy_get_name_owner (proxy);

  if (owner == NULL)
    {
      g_set_error_literal (error, G_DBUS_ERROR, G_DBUS_ERROR_SERVICE_UNKNOWN,
                           _("Unscroll's background service isn't running."));
      return FALSE;
    }
  return TRUE;
}

/* Every interface lives on the same object of the same name: one way to
 * reach them all. The generated proxy types set their own interface info. */
static gpointer
get_proxy (GType       proxy_type,
           const char *interface_name,
           GError    **error)
{
  g_autoptr(GDBusConnection) connection = NULL;
  g_autoptr(GDBusProxy) proxy = NULL;

  connection = get_session_bus (error);
  if (connection == NULL)
    return NULL;

  proxy = g_initable_new (proxy_type, NULL, error,
                          "g-flags", G_DBUS_PROXY_FLAGS_NONE,
                          "g-connection", connection,
                          "g-name", UNS_BUS_NAME,
                          "g-object-path", UNS_BUS_PATH,
                          "g-interface-name", interface_name,
                          NULL);
  if (proxy == NULL || !check_owner (proxy, error))
    return NULL;
  return g_steal_pointer (&proxy);
}

UnsDbusUsage *
uns_cli_get_usage (GError **error)
{
  return get_proxy (UNS_DBUS_TYPE_USAGE_PROXY, UNS_BUS_NAME ".Usage", error);
}

UnsDbusCatalog *
uns_cli_get_catalog (GError **error)
{
  return get_proxy (UNS_DBUS_TYPE_CATALOG_PROXY, UNS_BUS_NAME ".Catalog", error);
}

UnsDbusLimits *
uns_cli_get_limits (GError **error)
{
  return get_proxy (UNS_DBUS_TYPE_LIMITS_PROXY, UNS_BUS_NAME ".Limits", error);
}

UnsDbusResources *
uns_cli_get_resources (GError **error)
{
  return get_proxy (UNS_DBUS_TYPE_RESOURCES_PROXY, UNS_BUS_NAME ".Resources", error);
}

/**
 * uns_cli_get_today:
 * @usage: the daemon
 * @out: (out): today's local day as the daemon counts it
 * @error: return location for a #GError
 *
 * Today always comes from the daemon, so the CLI and the daemon agree on the
 * day boundary and the time zone's quirks.
 */
gboolean
uns_cli_get_today (UnsDbusUsage *usage,
                   GDate        *out,
                   GError      **error)
{
  const char *day = uns_dbus_usage_get_day (usage);

  if (day == NULL || !uns_day_parse_iso (day, out, NULL))
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_FAILED,
                           _("Unscroll's background service didn't say what day it is."));
      return FALSE;
    }
  return TRUE;
}

/**
 * uns_cli_format_resume_time:
 * @usage: the daemon
 * @unix_seconds: when a pause ends
 *
 * Formats the end of a pause so it reads well after "Paused until": "14:30"
 * when it ends today (in the daemon's sense of the day), "tomorrow at 04:00",
 * otherwise "2026-11-30 14:30". Local time, 24-hour clock.
 *
 * Returns: (transfer full): the text
 */
char *
uns_cli_format_resume_time (UnsDbusUsage *usage,
                            gint64        unix_seconds)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *clock = NULL;
  guint boundary = uns_dbus_usage_get_day_boundary (usage);
  GDate today;
  GDate day;

  utc = g_date_time_new_from_unix_utc (unix_seconds);
  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_timezone (utc, tz);
  clock = g_date_time_format (local, "%H:%M");

  if (boundary > UNS_DAY_BOUNDARY_MAX)
    boundary = UNS_DAY_BOUNDARY_DEFAULT;

  if (uns_cli_get_today (usage, &today, NULL))
    {
      uns_day_of_instant (tz, boundary, unix_seconds * G_USEC_PER_SEC, &day);
      if (g_date_compare (&day, &today) == 0)
        return g_steal_pointer (&clock);
      g_date_add_days (&today, 1);
      if (g_date_compare (&day, &today) == 0)
        /* TRANSLATORS: completes "Paused until …"; %s is a time like 04:00 */
        return g_strdup_printf (_("tomorrow at %s"), clock);
    }

  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

/**
 * uns_cli_display_width:
 * @text: UTF-8 text
 *
 * Returns: how many terminal cells @text takes, counting wide (CJK)
 *   characters twice and combining marks not at all
 */
gsize
uns_cli_display_width (const char *text)
{
  gsize width = 0;
  const char *p;

  if (!g_utf8_validate (text, -1, NULL))
    return strlen (text);

  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* Shortens @text to at most @max cells, ending in an ellipsis. */
static char *
truncate_to_width (const char *text,
                   gsize       max)
{
  GString *out;
  gsize width = 0;
  const char *p;

  if (uns_cli_display_width (text) <= max || !g_utf8_validate (text, -1, NULL))
    return g_strdup (text);

  out = g_string_new (NULL);
  for (p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize w = g_unichar_iszerowidth (c) ? 0 : (g_unichar_iswide (c) ? 2 : 1);

      if (width + w > max - 1)
        break;
      g_string_append_unichar (out, c);
      width += w;
    }
  g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static gboolean
console_is_utf8 (void)
{
  const char *charset = NULL;

  return g_get_console_charset (&charset);
}

/**
 * uns_cli_bar:
 * @value: the row's value, not negative
 * @max: the largest value, which gets the full width
 * @width: the full width in cells
 *
 * Draws a horizontal bar in eighths of a cell (▏▎▍▌▋▊▉█) so that small
 * differences still show. Any non-zero value gets at least an eighth.
 * Where the console cannot show Unicode, whole cells of "#" are used.
 *
 * Returns: (transfer full): the bar, empty for zero
 */
char *
uns_cli_bar (gint64 value,
             gint64 max,
             guint  width)
{
  static const char *const eighths[] = { "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
  gboolean unicode = console_is_utf8 ();
  guint units = unicode ? 8 : 1;
  GString *bar = g_string_new (NULL);
  gint64 n;
  gint64 i;

  if (value <= 0 || max <= 0)
    return g_string_free (bar, FALSE);
  if (value > max)
    value = max;

  /* Round to the nearest unit; values stay far below G_MAXINT64 / 160
   * because durations are capped at ten years. */
  n = (value * width * units + max / 2) / max;
  if (n == 0)
    n = 1;

  for (i = 0; i < n / units; i++)
    g_string_append (bar, unicode ? "█" : "#");
  if (n % units != 0)
    g_string_append (bar, eighths[n % units - 1]);

  return g_string_free (bar, FALSE);
}

static void
append_padding (GString *line,
                gsize    n)
{
  for (; n > 0; n--)
    g_string_append_c (line, ' ');
}

/**
 * uns_cli_print_rows:
 * @rows: the rows: a label and seconds each
 * @n_rows: how many
 * @total_label: (nullable): the label of a total line after a blank line,
 *   or %NULL for none
 * @total: the total
 *
 * Prints a table of labels, right-aligned durations and bars scaled to the
 * largest row, two spaces in from the margin, with no trailing spaces:
 *
 *   Instagram  1h 05m  ████████████████████
 *   Discord       27m  ████████▎
 *
 *   Total      1h 32m
 */
void
uns_cli_print_rows (const UnsCliRow *rows,
                    gsize            n_rows,
                    const char      *total_label,
                    gint64           total)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) durations = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *total_duration = NULL;
  gsize label_width = 0;
  gsize duration_width = 0;
  gint64 max = 0;
  gsize i;

  for (i = 0; i < n_rows; i++)
    {
      char *label = truncate_to_width (rows[i].label, UNS_CLI_LABEL_MAX);
      char *duration = uns_duration_format (rows[i].seconds);

      label_width = MAX (label_width, uns_cli_display_width (label));
      duration_width = MAX (duration_width, uns_cli_display_width (duration));
      max = MAX (max, rows[i].seconds);
      g_ptr_array_add (labels, label);
      g_ptr_array_add (durations, duration);
    }

  if (total_label != NULL)
    {
      total_duration = uns_duration_format (total);
      label_width = MAX (label_width, uns_cli_display_width (total_label));
      duration_width = MAX (duration_width, uns_cli_display_width (total_duration));
    }

  for (i = 0; i < n_rows; i++)
    {
      const char *label = g_ptr_array_index (labels, i);
      const char *duration = g_ptr_array_index (durations, i);
      g_autofree char *bar = uns_cli_bar (rows[i].seconds, max, UNS_CLI_BAR_WIDTH);

      g_string_append (out, "  ");
      g_string_append (out, label);
      append_padding (out, label_width - uns_cli_display_width (label) + 2);
      append_padding (out, duration_width - uns_cli_display_width (duration));
      g_string_append (out, duration);
      if (*bar != '\0')
        {
          g_string_append (out, "  ");
          g_string_append (out, bar);
        }
      g_string_append_c (out, '\n');
    }

  if (total_label != NULL)
    {
      g_string_append (out, "\n  ");
      g_string_append (out, total_label);
      append_padding (out, label_width - uns_cli_display_width (total_label) + 2);
      append_padding (out, duration_width - uns_cli_display_width (total_duration));
      g_string_append (out, total_duration);
      g_string_append_c (out, '\n');
    }

  g_print ("%s", out->str);
}

/**
 * uns_cli_print_json:
 * @root: the document
 *
 * Prints @root to standard output as indented UTF-8 JSON and a newline,
 * whatever the locale's character set: it is for programs, not people.
 */
void
uns_cli_print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *data = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, NULL);

  fputs (data, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

/**
 * uns_cli_truncate_label:
 * @label: UTF-8 text
 *
 * Returns: (transfer full): @label, shortened with an ellipsis to the width
 *   uns_cli_print_rows() allows a label
 */
char *
uns_cli_truncate_label (const char *label)
{
  return truncate_to_width (label, UNS_CLI_LABEL_MAX);
}

/* The words the command line takes for weekdays, Monday first; the short
 * form is also what JSON output uses. */
static const char *const weekday_tokens[7][2] = {
  { "mon", "monday" },
  { "tue", "tuesday" },
  { "wed", "wednesday" },
  { "thu", "thursday" },
  { "fri", "friday" },
  { "sat", "saturday" },
  { "sun", "sunday" },
};

/**
 * uns_cli_separator:
 *
 * Returns: (transfer none): " · " to separate notes on a line, or " - "
 *   where the console cannot show it
 */
const char *
uns_cli_separator (void)
{
  return console_is_utf8 () ? " · " : " - ";
}

/**
 * uns_cli_weekday_token:
 * @index: 0 for Monday … 6 for Sunday
 *
 * Returns: (transfer none): "mon" … "sun", untranslated
 */
const char *
uns_cli_weekday_token (guint index)
{
  g_return_val_if_fail (index < 7, "");
  return weekday_tokens[index][0];
}

static gboolean
parse_weekday (const char *text,
               guint      *out_index)
{
  guint i;

  for (i = 0; i < 7; i++)
    if (g_ascii_strcasecmp (text, weekday_tokens[i][0]) == 0 ||
        g_ascii_strcasecmp (text, weekday_tokens[i][1]) == 0)
      {
        *out_index = i;
        return TRUE;
      }
  return FALSE;
}

/* One item of a list of days: a day, a range of days, or a group. */
static gboolean
parse_day_item (const char *item,
                guint      *out_mask)
{
  const char *dash = strchr (item, '-');
  g_autofree char *first = NULL;
  guint from, to, i;

  if (g_ascii_strcasecmp (item, "daily") == 0 || g_ascii_strcasecmp (item, "everyday") == 0)
    *out_mask = UNS_CLI_DAYS_ALL;
  else if (g_ascii_strcasecmp (item, "weekdays") == 0)
    *out_mask = UNS_CLI_DAYS_WEEKDAYS;
  else if (g_ascii_strcasecmp (item, "weekends") == 0)
    *out_mask = UNS_CLI_DAYS_WEEKENDS;
  else if (dash != NULL)
    {
      /* "fri-mon" wraps around the weekend. */
      first = g_strndup (item, dash - item);
      if (!parse_weekday (first, &from) || !parse_weekday (dash + 1, &to))
        return FALSE;
      *out_mask = 0;
      for (i = from;; i = (i + 1) % 7)
        {
          *out_mask |= 1u << i;
          if (i == to)
            break;
        }
    }
  else
    {
      if (!parse_weekday (item, &from))
        return FALSE;
      *out_mask = 1u << from;
    }
  return TRUE;
}

/**
 * uns_cli_parse_days:
 * @text: days separated by commas, each "mon" … "sun" (or the full name),
 *   a range such as "mon-thu", "weekdays", "weekends" or "daily"
 * @out_mask: (out): the days, bit 0 = Monday … bit 6 = Sunday
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %UNS_ERROR_INVALID_ARGUMENT and a
 *   sentence a person understands otherwise
 */
gboolean
uns_cli_parse_days (const char *text,
                    guint      *out_mask,
                    GError    **error)
{
  g_auto(GStrv) items = g_strsplit (text, ",", -1);
  guint mask = 0;
  char **item;

  for (item = items; *item != NULL; item++)
    {
      guint item_mask = 0;

      g_strstrip (*item);
      if (**item == '\0' && items[1] != NULL)
        {
          g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                       _("“%s” has an empty day in it; separate days with single commas, such as mon,wed,fri."),
                       text);
          return FALSE;
        }
      if (!parse_day_item (*item, &item_mask))
        {
          g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                       _("“%s” is not a day Unscroll understands; use mon, tue, wed, thu, fri, sat, sun, "
                         "a range such as mon-fri, weekdays, weekends or daily."),
                       *item);
          return FALSE;
        }
      mask |= item_mask;
    }

  if (mask == 0)
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("Name at least one day, such as mon, weekdays or daily."));
      return FALSE;
    }

  *out_mask = mask;
  return TRUE;
}

/**
 * uns_cli_describe_days:
 * @mask: days, bit 0 = Monday … bit 6 = Sunday
 *
 * Returns: (transfer full): "every day", "on weekdays", "on weekends" or
 *   "on Mon, Wed, Fri" with the locale's short weekday names
 */
char *
uns_cli_describe_days (guint mask)
{
  g_autoptr(GString) names = g_string_new (NULL);
  GDate day;
  guint i;

  mask &= UNS_CLI_DAYS_ALL;
  if (mask == UNS_CLI_DAYS_ALL)
    return g_strdup (_("every day"));
  if (mask == UNS_CLI_DAYS_WEEKDAYS)
    return g_strdup (_("on weekdays"));
  if (mask == UNS_CLI_DAYS_WEEKENDS)
    return g_strdup (_("on weekends"));

  /* 2024-01-01 was a Monday. */
  g_date_clear (&day, 1);
  g_date_set_dmy (&day, 1, G_DATE_JANUARY, 2024);
  for (i = 0; i < 7; i++, g_date_add_days (&day, 1))
    {
      char name[64];

      if ((mask & (1u << i)) == 0)
        continue;
      if (g_date_strftime (name, sizeof name, "%a", &day) == 0)
        g_strlcpy (name, weekday_tokens[i][0], sizeof name);
      if (names->len > 0)
        /* TRANSLATORS: separates weekdays, as in "Mon, Wed" */
        g_string_append (names, _(", "));
      g_string_append (names, name);
    }

  /* TRANSLATORS: days of the week, e.g. "on Mon, Wed" */
  return g_strdup_printf (_("on %s"), names->str);
}
