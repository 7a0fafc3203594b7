/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzzes the weekday lists of `unscroll limit` and `unscroll downtime`
 * ("mon-fri", "weekends", "tue,thu"). */
#include "config.h"

#include "fuzz-common.h"
#include "uns-cli.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = fuzz_string (data, size);
  g_autoptr(GError) error = NULL;
  guint mask = 0;
  gboolean ok;

  ok = uns_cli_parse_days (text, &mask, &error);
  g_assert_true (ok == (error == NULL));
  if (ok)
    {
      g_autofree char *described = uns_cli_describe_days (mask);

      g_assert_cmpuint (mask, !=, 0);
      g_assert_cmpuint (mask & ~UNS_CLI_DAYS_ALL, ==, 0);
      g_assert_true (described != NULL && g_utf8_validate (described, -1, NULL));
    }
  else
    {
      g_assert_true (g_utf8_validate (error->message, -1, NULL) ||
                     !g_utf8_validate (text, -1, NULL));
    }
  return 0;
}
