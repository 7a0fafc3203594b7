/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of durations as people type them and as the front ends print them. */
#include "config.h"

#include <glib.h>

#include "uns-duration.h"
#include "uns-error.h"

/* Ten years, the longest duration Unscroll takes. */
#define MAX_SECONDS (G_GINT64_CONSTANT (3660) * 86400)

typedef struct
{
  const char *text;
  gint64 seconds;
} GoodCase;

static void
test_parse_good (void)
{
  static const GoodCase cases[] = {
    { "30m", 30 * 60 },
    { "1h30m", 90 * 60 },
    { "2h", 2 * 3600 },
    { "45s", 45 },
    { "1d", 86400 },
    { "90", 90 * 60 },                /* a bare number means minutes */
    { "0", 0 },
    { "0m", 0 },
    { "1d2h3m4s", 86400 + 2 * 3600 + 3 * 60 + 4 },
    { "1d4s", 86400 + 4 },            /* units may be left out */
    { "90m", 90 * 60 },               /* and need not be normalised */
    { "007m", 7 * 60 },
    { "3660d", MAX_SECONDS },         /* the largest */
    { "87840h", MAX_SECONDS },
    { "5270400", MAX_SECONDS },
    { "3659d23h59m59s", MAX_SECONDS - 1 },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 seconds = -1;

      g_test_message ("parsing '%s'", cases[i].text);
      g_assert_true (uns_duration_parse (cases[i].text, &seconds, &error));
      g_assert_no_error (error);
      g_assert_cmpint (seconds, ==, cases[i].seconds);
    }
}

static void
assert_refused (const char *text)
{
  g_autoptr(GError) error = NULL;
  gint64 seconds = -12345;

  g_test_message ("parsing '%s'", text);
  g_assert_false (uns_duration_parse (text, &seconds, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  /* A refused duration leaves the output alone. */
  g_assert_cmpint (seconds, ==, -12345);
}

static void
test_parse_bad (void)
{
  static const char *const cases[] = {
    "",
    "m",
    "h30m",
    "1x",
    "30m1h",      /* wrong order */
    "1s1m",
    "1h1h",       /* a unit twice */
    "30m30m",
    "1h30",       /* a bare number only on its own */
    "30mm",
    "1hm",
    " 30m",
    "30m ",
    "1h 30m",
    "-5m",
    "+5m",
    "-0",
    "1.5h",
    "1,5h",
    "1H",
    "30M",
    "1w",
    "1y",
    "0x10",
    "３０m",      /* fullwidth digits */
    "30m\n",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (cases[i]);
}

static void
test_parse_overflow (void)
{
  static const char *const cases[] = {
    "3661d",
    "3660d1s",
    "87841h",
    "5270401",                          /* minutes */
    "316224001s",
    "99999999999999999999",
    "9223372036854775807s",             /* G_MAXINT64 */
    "9223372036854775808s",             /* one more */
    "18446744073709551616d",
    "3660d23h59m59s",
    "99999999999999999999999999999999999999999999999999d",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_refused (cases[i]);
}

typedef struct
{
  gint64 seconds;
  const char *text;
} FormatCase;

static void
test_format (void)
{
  static const FormatCase cases[] = {
    { 0, "0s" },
    { 1, "1s" },
    { 45, "45s" },
    { 59, "59s" },
    { 60, "1m" },
    { 119, "1m" },        /* minutes round down, like a running clock */
    { 27 * 60 + 59, "27m" },
    { 3599, "59m" },
    { 3600, "1h 00m" },
    { 3900, "1h 05m" },
    { 3600 + 59 * 60 + 59, "1h 59m" },
    { 10 * 3600 + 30 * 60, "10h 30m" },
    { 86399, "23h 59m" },
    { 86400, "1d 0h" },
    { 2 * 86400 + 3 * 3600 + 59 * 60, "2d 3h" },
    { MAX_SECONDS, "3660d 0h" },
    { -1, "0s" },         /* never a negative duration */
    { G_MININT64, "0s" },
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = uns_duration_format (cases[i].seconds);

      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

/* What the CLI prints for a duration someone typed comes back to the same
 * value, to the precision printed. */
static void
test_format_parse_agree (void)
{
  static const char *const cases[] = { "45s", "27m", "1h05m", "23h59m", "2d3h" };
  static const char *const printed[] = { "45s", "27m", "1h 05m", "23h 59m", "2d 3h" };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gint64 seconds = 0;

      g_assert_true (uns_duration_parse (cases[i], &seconds, &error));
      g_assert_no_error (error);
      text = uns_duration_format (seconds);
      g_assert_cmpstr (text, ==, printed[i]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/duration/parse/good", test_parse_good);
  g_test_add_func ("/duration/parse/bad", test_parse_bad);
  g_test_add_func ("/duration/parse/overflow", test_parse_overflow);
  g_test_add_func ("/duration/format", test_format);
  g_test_add_func ("/duration/format-parse-agree", test_format_parse_agree);

  return g_test_run ();
}
