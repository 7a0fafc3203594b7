/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzzes the durations people type ("1h30m") and their printing. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "uns-duration.h"

/* uns-duration.c refuses anything longer than ten years. */
#define MAX_SECONDS (G_GINT64_CONSTANT (3660) * 86400)

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_string (data, size);
  g_autoptr(GError) error = NULL;
  gint64 seconds = -1;
  gboolean ok;

  ok = uns_duration_parse (text, &seconds, &error);
  g_assert_true (ok == (error == NULL));
  if (ok)
    {
      g_autofree char *printed = uns_duration_format (seconds);

      g_assert_cmpint (seconds, >=, 0);
      g_assert_cmpint (seconds, <=, MAX_SECONDS);
      g_assert_true (printed != NULL && *printed != '\0');
    }

  /* Printing takes any number a caller may hold, negative ones too. */
  if (size >= sizeof (gint64))
    {
      gint64 value;
      g_autofree char *printed = NULL;

      memcpy (&value, data, sizeof value);
      printed = uns_duration_format (value);
      g_assert_true (printed != NULL && g_utf8_validate (printed, -1, NULL));
    }
  return 0;
}
