/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of local days with a boundary: parsing, and where days begin and
 * end, across daylight-saving changes too. */
#include "config.h"

#include <glib.h>

#include "uns-day.h"
#include "uns-error.h"

#define HOUR_USEC (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define MINUTE_USEC (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

static GTimeZone *
new_tz (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  /* tzdata is a build dependency of the tests; without it they can't
   * mean anything, so fail rather than skip. */
  g_assert_nonnull (tz);
  return tz;
}

static GDate
make_date (int year,
           int month,
           int day)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return date;
}

/* A Unix instant in microseconds from a UTC date and time. */
static gint64
utc_usec (int year,
          int month,
          int day,
          int hour,
          int minute,
          int second)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, second);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

/* A Unix instant in microseconds from a local date and time that exists
 * exactly once in @tz. */
static gint64
local_usec (GTimeZone *tz,
            int        year,
            int        month,
            int        day,
            int        hour,
            int        minute,
            int        second)
{
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, second);

  g_assert_nonnull (dt);
  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
assert_day_is (const GDate *day,
               const char  *expected)
{
  g_autofree char *text = uns_day_to_string (day);

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_day_of (GTimeZone  *tz,
               guint       boundary,
               gint64      usec,
               const char *expected)
{
  GDate day;

  uns_day_of_instant (tz, boundary, usec, &day);
  g_assert_true (g_date_valid (&day));
  assert_day_is (&day, expected);
}

/* ---- parsing ---------------------------------------------------------- */

static void
test_parse_iso_good (void)
{
  static const char *const cases[] = {
    "2026-11-23",
    "2026-01-05",
    "2028-02-29",   /* a leap year */
    "2000-02-29",   /* divisible by 400 */
    "1970-01-01",   /* the first day */
    "9998-12-31",   /* the last */
    "2026-12-31",
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate day;

      g_test_message ("parsing '%s'", cases[i]);
      g_assert_true (uns_day_parse_iso (cases[i], &day, &error));
      g_assert_no_error (error);
      g_assert_true (g_date_valid (&day));
      assert_day_is (&day, cases[i]);
    }
}

static void
test_parse_iso_values (void)
{
  GDate day;

  g_assert_true (uns_day_parse_iso ("2028-02-29", &day, NULL));
  g_assert_cmpuint (g_date_get_year (&day), ==, 2028);
  g_assert_cmpuint (g_date_get_month (&day), ==, G_DATE_FEBRUARY);
  g_assert_cmpuint (g_date_get_day (&day), ==, 29);
}

static void
test_parse_iso_bad (void)
{
  static const char *const cases[] = {
    "2026-02-29",   /* not a leap year */
    "2100-02-29",   /* divisible by 100 but not 400 */
    "2026-1-5",     /* digits left out */
    "2026-01-5",
    "2026-1-05",
    "26-01-05",
    "02026-01-05",
    "2026/01/05",
    "2026.01.05",
    "20260105",
    "2026-13-01",
    "2026-00-10",
    "2026-01-00",
    "2026-01-32",
    "2026-04-31",
    "",
    "today",
    "yesterday",
    " 2026-01-05",
    "2026-01-05 ",
    "2026-01-05T00:00",
    "2026-01-05\n",
    "+026-01-05",
    "-026-01-05",
    "2026-+1-05",
    "1969-12-31",   /* before the first day */
    "9999-01-01",   /* after the last */
    "0000-01-01",
    "２０２６-01-05", /* fullwidth digits */
  };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate day;

      g_test_message ("parsing '%s'", cases[i]);
      g_assert_false (uns_day_parse_iso (cases[i], &day, &error));
      g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_parse_relative (void)
{
  GDate today = make_date (2026, 11, 23);
  GDate new_year = make_date (2026, 1, 1);
  GDate leap_march = make_date (2028, 3, 1);
  GDate day;

  g_assert_true (uns_day_parse ("today", &today, &day, NULL));
  assert_day_is (&day, "2026-11-23");
  g_assert_true (uns_day_parse ("yesterday", &today, &day, NULL));
  assert_day_is (&day, "2026-11-22");
  g_assert_true (uns_day_parse ("TODAY", &today, &day, NULL));
  assert_day_is (&day, "2026-11-23");
  g_assert_true (uns_day_parse ("Yesterday", &today, &day, NULL));
  assert_day_is (&day, "2026-11-22");

  /* Across a year and a leap day. */
  g_assert_true (uns_day_parse ("yesterday", &new_year, &day, NULL));
  assert_day_is (&day, "2025-12-31");
  g_assert_true (uns_day_parse ("yesterday", &leap_march, &day, NULL));
  assert_day_is (&day, "2028-02-29");

  /* Dates pass through whatever today is. */
  g_assert_true (uns_day_parse ("2028-02-29", &today, &day, NULL));
  assert_day_is (&day, "2028-02-29");
  g_assert_true (uns_day_parse ("2027-01-01", &today, &day, NULL));
  assert_day_is (&day, "2027-01-01");
}

static void
test_parse_relative_bad (void)
{
  static const char *const cases[] = {
    "", "tomorrow", "now", "today ", "todayy", "yester day", "2026-02-29", "2026-1-5",
  };
  GDate today = make_date (2026, 11, 23);
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate day;

      g_test_message ("parsing '%s'", cases[i]);
      g_assert_false (uns_day_parse (cases[i], &today, &day, &error));
      g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_to_string (void)
{
  GDate day = make_date (2026, 1, 5);

  assert_day_is (&day, "2026-01-05");
  day = make_date (9998, 12, 31);
  assert_day_is (&day, "9998-12-31");
}

/* ---- the boundary ----------------------------------------------------- */

static void
test_of_instant_boundary (void)
{
  g_autoptr(GTimeZone) berlin = new_tz ("Europe/Berlin");
  gint64 four = local_usec (berlin, 2026, 11, 23, 4, 0, 0);
  GDate day = make_date (2026, 11, 23);

  /* 04:00 starts the day; a microsecond before belongs to the day before. */
  assert_day_of (berlin, 240, four, "2026-11-23");
  assert_day_of (berlin, 240, four - 1, "2026-11-22");
  assert_day_of (berlin, 240, four - HOUR_USEC, "2026-11-22");
  assert_day_of (berlin, 240, local_usec (berlin, 2026, 11, 23, 0, 0, 0), "2026-11-22");
  assert_day_of (berlin, 240, local_usec (berlin, 2026, 11, 23, 23, 59, 59), "2026-11-23");
  assert_day_of (berlin, 240, local_usec (berlin, 2026, 11, 24, 3, 59, 59), "2026-11-23");
  assert_day_of (berlin, 240, local_usec (berlin, 2026, 11, 24, 4, 0, 0), "2026-11-24");

  /* The start of a day is what uns_day_start_usec says. */
  g_assert_cmpint (uns_day_start_usec (berlin, 240, &day), ==, four);
  g_assert_cmpint (four, ==, utc_usec (2026, 11, 23, 3, 0, 0));

  /* A late night still counts toward New Year's Eve. */
  assert_day_of (berlin, 240, local_usec (berlin, 2027, 1, 1, 2, 30, 0), "2026-12-31");
}

static void
test_of_instant_midnight_and_late (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GDate day = make_date (2026, 11, 23);

  /* Boundary 0: plain calendar days. */
  assert_day_of (utc, 0, utc_usec (2026, 11, 23, 0, 0, 0), "2026-11-23");
  assert_day_of (utc, 0, utc_usec (2026, 11, 23, 0, 0, 0) - 1, "2026-11-22");
  g_assert_cmpint (uns_day_start_usec (utc, 0, &day), ==, utc_usec (2026, 11, 23, 0, 0, 0));

  /* Boundary 23:59: nearly all of a calendar day belongs to the day before. */
  assert_day_of (utc, 1439, utc_usec (2026, 11, 23, 23, 58, 59), "2026-11-22");
  assert_day_of (utc, 1439, utc_usec (2026, 11, 23, 23, 59, 0), "2026-11-23");
  g_assert_cmpint (uns_day_start_usec (utc, 1439, &day), ==, utc_usec (2026, 11, 23, 23, 59, 0));

  /* Before 1970 the division rounds down, not toward zero. */
  assert_day_of (utc, 0, -1, "1969-12-31");
  assert_day_of (utc, 0, 0, "1970-01-01");
}

static void
test_next_boundary (void)
{
  g_autoptr(GTimeZone) berlin = new_tz ("Europe/Berlin");
  GDate day = make_date (2026, 11, 23);
  GDate next = make_date (2026, 11, 24);
  gint64 start = uns_day_start_usec (berlin, 240, &day);
  gint64 end = uns_day_start_usec (berlin, 240, &next);

  g_assert_cmpint (end - start, ==, 24 * HOUR_USEC);
  g_assert_cmpint (uns_day_next_boundary_usec (berlin, 240, start), ==, end);
  g_assert_cmpint (uns_day_next_boundary_usec (berlin, 240, start + 1), ==, end);
  g_assert_cmpint (uns_day_next_boundary_usec (berlin, 240, end - 1), ==, end);
  g_assert_cmpint (uns_day_next_boundary_usec (berlin, 240, start - 1), ==, start);
}

/* ---- daylight saving -------------------------------------------------- */

static gint64
day_length (GTimeZone *tz,
            guint      boundary,
            int        year,
            int        month,
            int        day_of_month)
{
  GDate day = make_date (year, month, day_of_month);
  GDate next = day;

  g_date_add_days (&next, 1);
  return uns_day_start_usec (tz, boundary, &next) - uns_day_start_usec (tz, boundary, &day);
}

static void
test_dst_lengths_midnight (void)
{
  g_autoptr(GTimeZone) berlin = new_tz ("Europe/Berlin");

  /* With days starting at midnight, the change days themselves are short
   * and long: clocks go 02:00 → 03:00 on 2026-03-29 and 03:00 → 02:00 on
   * 2026-10-25. */
  g_assert_cmpint (day_length (berlin, 0, 2026, 3, 28), ==, 24 * HOUR_USEC);
  g_assert_cmpint (day_length (berlin, 0, 2026, 3, 29), ==, 23 * HOUR_USEC);
  g_assert_cmpint (day_length (berlin, 0, 2026, 3, 30), ==, 24 * HOUR_USEC);
  g_assert_cmpint (day_length (berlin, 0, 2026, 10, 24), ==, 24 * HOUR_USEC);
  g_assert_cmpint (day_length (berlin, 0, 2026, 10, 25), ==, 25 * HOUR_USEC);
  g_assert_cmpint (day_length (berlin, 0, 2026, 10, 26), ==, 24 * HOUR_USEC);
}

static void
test_dst_lengths_default_boundary (void)
{
  g_autoptr(GTimeZone) berlin = new_tz ("Europe/Berlin");
  GDate spring = make_date (2026, 3, 29);
  GDate autumn = make_date (2026, 10, 25);

  /* With 04:00, the night of the change belongs to the day before it, so
   * the short and the long day are the 28th and the 24th. */
  g_assert_cmpint (day_length (berlin, 240, 2026, 3, 28), ==, 23 * HOUR_USEC);
  g_assert_cmpint (day_length (berlin, 240, 2026, 3, 29), ==, 24 * HOUR_USEC);
  g_assert_cmpint (day_length (berlin, 240, 2026, 10, 24), ==, 25 * HOUR_USEC);
  g_assert_cmpint (day_length (berlin, 240, 2026, 10, 25), ==, 24 * HOUR_USEC);

  /* 04:00 summer time is 02:00 UTC; 04:00 winter time is 03:00 UTC. */
  g_assert_cmpint (uns_day_start_usec (berlin, 240, &spring), ==, utc_usec (2026, 3, 29, 2, 0, 0));
  g_assert_cmpint (uns_day_start_usec (berlin, 240, &autumn), ==, utc_usec (2026, 10, 25, 3, 0, 0));

  /* In the hour that happens twice, both 02:30s belong to the 24th. */
  assert_day_of (berlin, 240, utc_usec (2026, 10, 25, 0, 30, 0), "2026-10-24");
  assert_day_of (berlin, 240, utc_usec (2026, 10, 25, 1, 30, 0), "2026-10-24");
  assert_day_of (berlin, 240, utc_usec (2026, 10, 25, 2, 59, 59), "2026-10-24");
  assert_day_of (berlin, 240, utc_usec (2026, 10, 25, 3, 0, 0), "2026-10-25");

  g_assert_cmpint (uns_day_next_boundary_usec (berlin, 240, utc_usec (2026, 3, 28, 12, 0, 0)),
                   ==, utc_usec (2026, 3, 29, 2, 0, 0));
  g_assert_cmpint (uns_day_next_boundary_usec (berlin, 240, utc_usec (2026, 10, 24, 12, 0, 0)),
                   ==, utc_usec (2026, 10, 25, 3, 0, 0));
}

/* Days are contiguous: each starts after the one before, its start belongs
 * to it, the instant before its start to the day before, and every instant
 * of a sweep belongs to exactly the day whose start is the latest one not
 * after it. */
static void
assert_contiguous (GTimeZone *tz,
                   guint      boundary,
                   GDate      first,
                   guint      n_days,
                   gint64     step_usec)
{
  g_autofree gint64 *starts = g_new0 (gint64, n_days + 1);
  GDate day = first;
  gint64 t;
  guint i;
  guint current = 0;

  for (i = 0; i <= n_days; i++)
    {
      GDate of;
      GDate before;

      starts[i] = uns_day_start_usec (tz, boundary, &day);
      if (i > 0)
        {
          g_assert_cmpint (starts[i], >, starts[i - 1]);
          /* No day is shorter than 22 or longer than 26 hours. */
          g_assert_cmpint (starts[i] - starts[i - 1], >=, 22 * HOUR_USEC);
          g_assert_cmpint (starts[i] - starts[i - 1], <=, 26 * HOUR_USEC);
          g_assert_cmpint (uns_day_next_boundary_usec (tz, boundary, starts[i - 1]), ==, starts[i]);
          g_assert_cmpint (uns_day_next_boundary_usec (tz, boundary, starts[i] - 1), ==, starts[i]);
        }

      uns_day_of_instant (tz, boundary, starts[i], &of);
      g_assert_cmpint (g_date_compare (&of, &day), ==, 0);

      before = day;
      g_date_subtract_days (&before, 1);
      uns_day_of_instant (tz, boundary, starts[i] - 1, &of);
      g_assert_cmpint (g_date_compare (&of, &before), ==, 0);

      g_date_add_days (&day, 1);
    }

  for (t = starts[0]; t < starts[n_days]; t += step_usec)
    {
      GDate expected = first;
      GDate of;

      while (t >= starts[current + 1])
        current++;
      g_date_add_days (&expected, current);
      uns_day_of_instant (tz, boundary, t, &of);
      g_assert_cmpint (g_date_compare (&of, &expected), ==, 0);
    }
}

static void
test_dst_contiguous (void)
{
  g_autoptr(GTimeZone) berlin = new_tz ("Europe/Berlin");
  g_autoptr(GTimeZone) new_york = new_tz ("America/New_York");
  static const guint boundaries[] = { 0, 60, 120, 150, 180, 240, 1439 };
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (boundaries); i++)
    {
      g_test_message ("boundary %u", boundaries[i]);
      assert_contiguous (berlin, boundaries[i], make_date (2026, 3, 26), 7, 7 * MINUTE_USEC);
      assert_contiguous (berlin, boundaries[i], make_date (2026, 10, 22), 7, 7 * MINUTE_USEC);
      assert_contiguous (new_york, boundaries[i], make_date (2026, 3, 6), 5, 7 * MINUTE_USEC);
      assert_contiguous (new_york, boundaries[i], make_date (2026, 10, 30), 5, 7 * MINUTE_USEC);
    }
}

static void
test_boundary_in_dst_gap (void)
{
  g_autoptr(GTimeZone) berlin = new_tz ("Europe/Berlin");
  GDate day = make_date (2026, 3, 29);
  GDate before = make_date (2026, 3, 28);
  GDate after = make_date (2026, 3, 30);
  gint64 start = uns_day_start_usec (berlin, 150, &day);

  /* 02:30 doesn't exist on 2026-03-29 in Berlin (02:00 → 03:00, that is
   * 01:00 UTC). The day starts at the first real instant at or after the
   * gap, and no later than where 02:30 would be with the hour added. */
  g_assert_cmpint (start, >=, utc_usec (2026, 3, 29, 1, 0, 0));
  g_assert_cmpint (start, <=, utc_usec (2026, 3, 29, 1, 30, 0));

  g_assert_cmpint (uns_day_start_usec (berlin, 150, &before), <, start);
  g_assert_cmpint (uns_day_start_usec (berlin, 150, &after), >, start);

  assert_day_of (berlin, 150, start, "2026-03-29");
  assert_day_of (berlin, 150, start - 1, "2026-03-28");
  /* Just before the gap (01:59:59 winter time) is still the 28th. */
  assert_day_of (berlin, 150, utc_usec (2026, 3, 29, 0, 59, 59), "2026-03-28");
  /* 03:30 summer time is surely the 29th. */
  assert_day_of (berlin, 150, utc_usec (2026, 3, 29, 1, 30, 0), "2026-03-29");

  /* The whole week around it, at a fine step. */
  assert_contiguous (berlin, 150, make_date (2026, 3, 27), 4, MINUTE_USEC);
}

static void
test_boundary_in_dst_overlap (void)
{
  g_autoptr(GTimeZone) berlin = new_tz ("Europe/Berlin");
  GDate day = make_date (2026, 10, 25);
  gint64 start = uns_day_start_usec (berlin, 150, &day);

  /* 02:30 happens twice on 2026-10-25 (00:30 and 01:30 UTC); the day
   * starts at one of them, and the days still fit together. */
  g_assert_true (start == utc_usec (2026, 10, 25, 0, 30, 0) ||
                 start == utc_usec (2026, 10, 25, 1, 30, 0));
  assert_day_of (berlin, 150, start, "2026-10-25");
  assert_day_of (berlin, 150, start - 1, "2026-10-24");
  assert_contiguous (berlin, 150, make_date (2026, 10, 23), 4, MINUTE_USEC);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/day/parse-iso/good", test_parse_iso_good);
  g_test_add_func ("/day/parse-iso/values", test_parse_iso_values);
  g_test_add_func ("/day/parse-iso/bad", test_parse_iso_bad);
  g_test_add_func ("/day/parse/relative", test_parse_relative);
  g_test_add_func ("/day/parse/relative-bad", test_parse_relative_bad);
  g_test_add_func ("/day/to-string", test_to_string);
  g_test_add_func ("/day/of-instant/boundary", test_of_instant_boundary);
  g_test_add_func ("/day/of-instant/midnight-and-late", test_of_instant_midnight_and_late);
  g_test_add_func ("/day/next-boundary", test_next_boundary);
  g_test_add_func ("/day/dst/lengths-midnight", test_dst_lengths_midnight);
  g_test_add_func ("/day/dst/lengths-default-boundary", test_dst_lengths_default_boundary);
  g_test_add_func ("/day/dst/contiguous", test_dst_contiguous);
  g_test_add_func ("/day/dst/boundary-in-gap", test_boundary_in_dst_gap);
  g_test_add_func ("/day/dst/boundary-in-overlap", test_boundary_in_dst_overlap);

  return g_test_run ();
}
