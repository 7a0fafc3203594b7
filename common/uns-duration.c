/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Durations as people type them ("30m", "1h30m", "2h", "45s", "1d") and as
 * the front ends print them ("1h 05m"). */
#include "config.h"

#include <glib/gi18n.h>

#include "uns-duration.h"
#include "uns-error.h"

/* Ten years: anything longer is a typo, and staying far below G_MAXINT64
 * keeps the arithmetic here and in callers free of overflow. */
#define UNS_DURATION_MAX_SECONDS (G_GINT64_CONSTANT (3660) * 86400)

/**
 * uns_duration_parse:
 * @text: a duration: one or more of a number followed by a unit (d, h, m, s),
 *   largest unit first, such as "1h30m"; a bare number means minutes
 * @out_seconds: (out): the duration in seconds
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %UNS_ERROR_INVALID_ARGUMENT and a
 *   sentence a person understands otherwise
 */
gboolean
uns_duration_parse (const char *text,
                    gint64     *out_seconds,
                    GError    **error)
{
  const char *p = text;
  gint64 total = 0;
  int last_rank = -1;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_seconds != NULL, FALSE);

  if (*text == '\0')
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("The duration is empty; try something like 30m or 1h30m."));
      return FALSE;
    }

  while (*p != '\0')
    {
      gint64 value = 0;
      gint64 unit;
      int rank;
      const char *digits = p;

      while (g_ascii_isdigit (*p))
        {
          value = value * 10 + (*p - '0');
          if (value > UNS_DURATION_MAX_SECONDS)
            goto too_long;
          p++;
        }
      if (p == digits)
        goto bad;

      switch (*p)
        {
        case 'd': unit = 86400; rank = 0; p++; break;
        case 'h': unit = 3600; rank = 1; p++; break;
        case 'm': unit = 60; rank = 2; p++; break;
        case 's': unit = 1; rank = 3; p++; break;
        case '\0':
          /* A bare number means minutes, but only on its own: "1h30"
           * is ambiguous enough to refuse. */
          if (digits != text)
            goto bad;
          unit = 60;
          rank = 4;
          break;
        default:
          goto bad;
        }

      if (rank <= last_rank)
        goto bad;
      last_rank = rank;

      if (value > UNS_DURATION_MAX_SECONDS / unit)
        goto too_long;
      total += value * unit;
      if (total > UNS_DURATION_MAX_SECONDS)
        goto too_long;
    }

  *out_seconds = total;
  return TRUE;

bad:
  g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
               _("“%s” is not a duration Unscroll understands; try something like 30m, 1h30m or 2h."),
               text);
  return FALSE;

too_long:
  g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
               _("“%s” is longer than Unscroll can handle (at most 3660 days)."),
               text);
  return FALSE;
}

/**
 * uns_duration_format:
 * @seconds: a non-negative number of seconds
 *
 * Formats a duration compactly for people: "45s", "27m", "1h 05m", "2d 3h".
 * Below an hour minutes are rounded down, as a running clock would show.
 *
 * Returns: (transfer full): the text
 */
char *
uns_duration_format (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;

  if (seconds < 60)
    /* TRANSLATORS: a duration in seconds, e.g. "45s" */
    return g_strdup_printf (_("%ds"), (int) seconds);
  if (seconds < 3600)
    /* TRANSLATORS: a duration in minutes, e.g. "27m" */
    return g_strdup_printf (_("%dm"), (int) (seconds / 60));
  if (seconds < 86400)
    /* TRANSLATORS: hours and minutes, e.g. "1h 05m" */
    return g_strdup_printf (_("%dh %02dm"),
                            (int) (seconds / 3600), (int) ((seconds % 3600) / 60));
  /* TRANSLATORS: days and hours, e.g. "2d 3h" */
  return g_strdup_printf (_("%dd %dh"),
                          (int) (seconds / 86400), (int) ((seconds % 86400) / 3600));
}
