/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Local days with a boundary (default 04:00), so a late night counts toward
 * the day it began. Instants are Unix microseconds (UTC).
 *
 * One definition rules everything: day D starts at the instant
 * uns_day_start_usec (D), which is local time "boundary" on date D as the
 * time zone resolves it (GLib moves a time that a DST gap skips forward, and
 * picks one of two in an overlap). An instant belongs to the day whose start
 * is the latest one not after it. Days are therefore 23, 24 or 25 hours long
 * and never overlap or leave holes, so splitting time at day starts neither
 * loses nor doubles any. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "uns-day.h"
#include "uns-error.h"

/* Ten thousand years of GDate are plenty; GDateTime only covers 1 … 9999. */
#define UNS_DAY_YEAR_MIN 1970
#define UNS_DAY_YEAR_MAX 9998

/**
 * uns_day_parse_iso:
 * @text: a day as YYYY-MM-DD
 * @out: (out): the day
 * @error: return location for a #GError
 *
 * Strict parsing for the D-Bus API: exactly ten characters, a real date.
 */
gboolean
uns_day_parse_iso (const char *text,
                   GDate      *out,
                   GError    **error)
{
  guint year, month, day;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (strlen (text) != 10 ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) ||
      !g_ascii_isdigit (text[2]) || !g_ascii_isdigit (text[3]) ||
      text[4] != '-' ||
      !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[6]) ||
      text[7] != '-' ||
      !g_ascii_isdigit (text[8]) || !g_ascii_isdigit (text[9]))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a date; use the form 2026-11-23."), text);
      return FALSE;
    }

  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);

  if (year < UNS_DAY_YEAR_MIN || year > UNS_DAY_YEAR_MAX ||
      !g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a real date between 1970 and 9998."), text);
      return FALSE;
    }

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/**
 * uns_day_parse:
 * @text: "today", "yesterday", or a day as YYYY-MM-DD
 * @today: the current local day (the daemon's Day property)
 * @out: (out): the day
 * @error: return location for a #GError
 *
 * Parsing for people at the command line.
 */
gboolean
uns_day_parse (const char  *text,
               const GDate *today,
               GDate       *out,
               GError     **error)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_ascii_strcasecmp (text, "today") == 0)
    {
      *out = *today;
      return TRUE;
    }
  if (g_ascii_strcasecmp (text, "yesterday") == 0)
    {
      *out = *today;
      g_date_subtract_days (out, 1);
      return TRUE;
    }

  if (!uns_day_parse_iso (text, out, NULL))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a date Unscroll understands; use today, yesterday or a date such as 2026-11-23."),
                   text);
      return FALSE;
    }
  return TRUE;
}

/**
 * uns_day_to_string:
 * @day: a valid day
 *
 * Returns: (transfer full): the day as YYYY-MM-DD
 */
char *
uns_day_to_string (const GDate *day)
{
  g_return_val_if_fail (day != NULL && g_date_valid (day), NULL);

  return g_strdup_printf ("%04u-%02u-%02u",
                          (guint) g_date_get_year (day),
                          (guint) g_date_get_month (day),
                          (guint) g_date_get_day (day));
}

/**
 * uns_day_start_usec:
 * @tz: the local time zone
 * @boundary_minutes: minutes after midnight at which days start
 * @day: a valid day
 *
 * Returns: the Unix time, in microseconds, at which @day starts
 */
gint64
uns_day_start_usec (GTimeZone   *tz,
                    guint        boundary_minutes,
                    const GDate *day)
{
  g_autoptr(GDateTime) start = NULL;

  g_return_val_if_fail (tz != NULL, 0);
  g_return_val_if_fail (boundary_minutes <= UNS_DAY_BOUNDARY_MAX, 0);
  g_return_val_if_fail (day != NULL && g_date_valid (day), 0);

  start = g_date_time_new (tz,
                           (int) g_date_get_year (day),
                           (int) g_date_get_month (day),
                           (int) g_date_get_day (day),
                           (int) (boundary_minutes / 60),
                           (int) (boundary_minutes % 60),
                           0);
  g_return_val_if_fail (start != NULL, 0);

  return g_date_time_to_unix (start) * G_USEC_PER_SEC;
}

/**
 * uns_day_of_instant:
 * @tz: the local time zone
 * @boundary_minutes: minutes after midnight at which days start
 * @unix_usec: an instant
 * @out: (out): the local day the instant belongs to
 */
void
uns_day_of_instant (GTimeZone *tz,
                    guint      boundary_minutes,
                    gint64     unix_usec,
                    GDate     *out)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;
  gint64 seconds;

  g_return_if_fail (tz != NULL);
  g_return_if_fail (out != NULL);

  /* Floor division: an instant 1 µs before a whole second belongs to the
   * second before it. */
  seconds = unix_usec / G_USEC_PER_SEC;
  if (unix_usec % G_USEC_PER_SEC < 0)
    seconds--;

  utc = g_date_time_new_from_unix_utc (seconds);
  local = g_date_time_to_timezone (utc, tz);

  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  (GDateDay) g_date_time_get_day_of_month (local),
                  (GDateMonth) g_date_time_get_month (local),
                  (GDateYear) g_date_time_get_year (local));

  if (unix_usec < uns_day_start_usec (tz, boundary_minutes, out))
    g_date_subtract_days (out, 1);
}

/**
 * uns_day_next_boundary_usec:
 * @tz: the local time zone
 * @boundary_minutes: minutes after midnight at which days start
 * @unix_usec: an instant
 *
 * Returns: the start of the day after the one @unix_usec belongs to
 */
gint64
uns_day_next_boundary_usec (GTimeZone *tz,
                            guint      boundary_minutes,
                            gint64     unix_usec)
{
  GDate day;

  uns_day_of_instant (tz, boundary_minutes, unix_usec, &day);
  g_date_add_days (&day, 1);
  return uns_day_start_usec (tz, boundary_minutes, &day);
}
