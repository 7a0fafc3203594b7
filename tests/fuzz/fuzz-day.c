/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzzes the parsing of days: strict YYYY-MM-DD for D-Bus, and "today",
 * "yesterday" or a date for people. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "uns-day.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  GDate day, today;
  guint32 julian = 0;
  gboolean ok;

  /* The first bytes choose today, from the second representable day (the
   * daemon's today always has a yesterday) to far in the future. */
  if (size >= 3)
    {
      julian = 2 + ((guint32) data[0] | (guint32) data[1] << 8 | (guint32) (data[2] & 0x0f) << 16);
      data += 3;
      size -= 3;
    }
  else
    {
      julian = 739000;
    }
  g_date_clear (&today, 1);
  g_date_set_julian (&today, julian);
  text = fuzz_string (data, size);

  g_date_clear (&day, 1);
  ok = uns_day_parse_iso (text, &day, &error);
  g_assert_true (ok == (error == NULL));
  if (ok)
    {
      g_autofree char *printed = uns_day_to_string (&day);

      /* Strict means the day prints back exactly as it was given. */
      g_assert_true (g_date_valid (&day));
      g_assert_cmpstr (printed, ==, text);
    }
  g_clear_error (&error);

  g_date_clear (&day, 1);
  ok = uns_day_parse (text, &today, &day, &error);
  g_assert_true (ok == (error == NULL));
  if (ok)
    g_assert_true (g_date_valid (&day));
  return 0;
}
