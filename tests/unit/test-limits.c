/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the limits engine on a test clock with a real store: the exact
 * instants of heads-ups, limits, reminders, continuous-use and downtime
 * nudges, and what snoozes, breaks and new days do to them. */
#include "config.h"

#include <glib/gstdio.h>

#include "uns-day.h"
#include "uns-error.h"
#include "uns-limits.h"

#define MIN_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)

typedef struct
{
  UnsNudgeLevel level;
  char         *service;
  gint64        at;       /* minutes since the fixture started */
  gboolean      first;
  gboolean      can_snooze;
} Seen;

typedef struct
{
  char       *dir;
  GTimeZone  *tz;
  UnsClock   *clock;
  UnsStore   *store;
  UnsCatalog *catalog;
  UnsTracker *tracker;
  UnsLimits  *limits;
  gint64      start_mono;
  GArray     *seen;
  guint       downtime_changes;
} Fixture;

static gint64
berlin (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) dt = g_date_time_new (tz, year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt) * G_USEC_PER_SEC;
}

static void
nudge_cb (UnsLimits *limits, gpointer nudge_pointer, gpointer user_data)
{
  Fixture *f = user_data;
  const UnsNudge *nudge = nudge_pointer;
  Seen seen = {
    nudge->level, g_strdup (nudge->service),
    (uns_clock_get_mono_usec (f->clock) - f->start_mono) / MIN_US,
    nudge->first, nudge->can_snooze,
  };

  /* Nudges fire exactly on the minute in these tests. */
  g_assert_cmpint ((uns_clock_get_mono_usec (f->clock) - f->start_mono) % MIN_US, ==, 0);
  g_array_append_val (f->seen, seen);
}

static void
downtime_cb (UnsLimits *limits, gboolean active, gpointer user_data)
{
  ((Fixture *) user_data)->downtime_changes++;
}

static void
seen_clear (gpointer data)
{
  g_free (((Seen *) data)->service);
}

/* Monday 2026-11-23 10:00 in Berlin, unless a test says otherwise. */
static void
fixture_setup_at (Fixture *f, gint64 start)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  f->dir = g_dir_make_tmp ("unscroll-limits-XXXXXX", &error);
  g_assert_no_error (error);
  db = g_build_filename (f->dir, "unscroll.db", NULL);
  f->store = uns_store_new (db, &error);
  g_assert_no_error (error);
  f->catalog = uns_catalog_new_from_file (g_getenv ("UNSCROLL_CATALOG"), &error);
  g_assert_no_error (error);
  f->tz = g_time_zone_new_identifier ("Europe/Berlin");
  f->clock = uns_clock_new_for_test (start);
  f->start_mono = uns_clock_get_mono_usec (f->clock);
  f->tracker = uns_tracker_new (f->clock, f->store, f->catalog);
  uns_tracker_set_day_rules (f->tracker, f->tz, UNS_DAY_BOUNDARY_DEFAULT);
  f->limits = uns_limits_new (f->clock, f->store, f->catalog, f->tracker, &error);
  g_assert_no_error (error);
  f->seen = g_array_new (FALSE, TRUE, sizeof (Seen));
  g_array_set_clear_func (f->seen, seen_clear);
  g_signal_connect (f->limits, "nudge", G_CALLBACK (nudge_cb), f);
  g_signal_connect (f->limits, "downtime-changed", G_CALLBACK (downtime_cb), f);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  fixture_setup_at (f, berlin (2026, 11, 23, 10, 0));
}

static void
fixture_setup_saturday (Fixture *f, gconstpointer data)
{
  fixture_setup_at (f, berlin (2026, 11, 28, 10, 0));
}

static void
fixture_setup_evening (Fixture *f, gconstpointer data)
{
  fixture_setup_at (f, berlin (2026, 11, 23, 22, 30));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->dir, "unscroll.db", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  g_clear_object (&f->limits);
  g_clear_object (&f->tracker);
  g_clear_object (&f->store);
  g_clear_object (&f->catalog);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->tz, g_time_zone_unref);
  g_clear_pointer (&f->seen, g_array_unref);
  g_unlink (db);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
advance_min (Fixture *f, gint64 minutes)
{
  uns_clock_advance (f->clock, minutes * MIN_US);
}

static guint
add_limit (Fixture *f, const char *scope, const char *target, guint weekday, guint weekend)
{
  g_autoptr(GError) error = NULL;
  UnsLimit limit = { 0, (char *) scope, (char *) target,
                     { weekday, weekday, weekday, weekday, weekday, weekend, weekend },
                     TRUE, FALSE, FALSE };

  g_assert_true (uns_limits_add (f->limits, &limit, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (limit.id, >, 0);
  return limit.id;
}

static const Seen *
seen (Fixture *f, guint i)
{
  g_assert_cmpuint (i, <, f->seen->len);
  return &g_array_index (f->seen, Seen, i);
}

static void
test_heads_up_and_limit (Fixture *f, gconstpointer data)
{
  uns_limits_set_continuous_use (f->limits, 0);
  add_limit (f, "service", "instagram", 30, 60);
  uns_tracker_report_focus (f->tracker, "firefox-esr", "", "test");
  uns_tracker_report_tab (f->tracker, "ff", "www.instagram.com", TRUE, FALSE, FALSE);

  advance_min (f, 19);
  g_assert_cmpuint (f->seen->len, ==, 0);
  advance_min (f, 1);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_cmpint (seen (f, 0)->level, ==, UNS_NUDGE_HEADS_UP);
  g_assert_cmpint (seen (f, 0)->at, ==, 20);
  g_assert_cmpstr (seen (f, 0)->service, ==, "instagram");

  /* Time away from the service does not count toward it. */
  uns_tracker_report_focus (f->tracker, "org.gnome.TextEditor", "", "test");
  advance_min (f, 45);
  uns_tracker_report_focus (f->tracker, "firefox-esr", "", "test");
  advance_min (f, 10);
  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_cmpint (seen (f, 1)->level, ==, UNS_NUDGE_REACHED);
  g_assert_true (seen (f, 1)->first);
  g_assert_true (seen (f, 1)->can_snooze);
  g_assert_cmpint (seen (f, 1)->at, ==, 75);

  /* Reminders 5, 10, 20 minutes apart while it keeps focus. */
  advance_min (f, 36);
  g_assert_cmpuint (f->seen->len, ==, 5);
  g_assert_cmpint (seen (f, 2)->at, ==, 80);
  g_assert_cmpint (seen (f, 3)->at, ==, 90);
  g_assert_cmpint (seen (f, 4)->at, ==, 110);
  g_assert_false (seen (f, 4)->first);
}

static void
test_snooze (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  gint64 until = 0;

  uns_limits_set_continuous_use (f->limits, 0);
  uns_limits_set_heads_up (f->limits, 0);
  uns_limits_set_snoozes_per_day (f->limits, 2);
  add_limit (f, "service", "discord", 10, 10);
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");

  g_assert_false (uns_limits_snooze (f->limits, "discord", NULL, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  g_assert_false (uns_limits_snooze (f->limits, "telegram", NULL, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  advance_min (f, 10);
  g_assert_cmpuint (f->seen->len, ==, 1);
  advance_min (f, 2);
  g_assert_true (uns_limits_snooze (f->limits, "discord", &until, &error));
  g_assert_no_error (error);
  g_assert_cmpint (until, ==, uns_clock_get_wall_usec (f->clock) + 5 * MIN_US);
  g_assert_cmpuint (uns_limits_get_snoozes (f->limits, "discord"), ==, 1);

  /* The next nudge comes five minutes after the snooze, not at the
   * reminder's own time (minute 15). */
  advance_min (f, 4);
  g_assert_cmpuint (f->seen->len, ==, 1);
  advance_min (f, 1);
  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_cmpint (seen (f, 1)->at, ==, 17);
  g_assert_true (seen (f, 1)->can_snooze);

  g_assert_true (uns_limits_snooze (f->limits, "discord", NULL, &error));
  advance_min (f, 5);
  g_assert_cmpuint (f->seen->len, ==, 3);
  /* The cap is reached: no longer offered, and refused. */
  g_assert_false (seen (f, 2)->can_snooze);
  g_assert_false (uns_limits_snooze (f->limits, "discord", NULL, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_ALLOWED);
}

static void
test_break (Fixture *f, gconstpointer data)
{
  uns_limits_set_heads_up (f->limits, 0);
  add_limit (f, "service", "discord", 10, 10);
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 5);
  uns_limits_take_break (f->limits, 20 * 60);
  /* The limit (minute 10) and the reminders stay quiet during the break;
   * the engine wakes at its end and nudges then. */
  advance_min (f, 19);
  g_assert_cmpuint (f->seen->len, ==, 0);
  advance_min (f, 1);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_cmpint (seen (f, 0)->at, ==, 25);
  g_assert_cmpint (seen (f, 0)->level, ==, UNS_NUDGE_REACHED);
}

static void
test_weekend (Fixture *f, gconstpointer data)
{
  uns_limits_set_continuous_use (f->limits, 0);
  uns_limits_set_heads_up (f->limits, 0);
  add_limit (f, "service", "youtube", 30, 60);
  uns_tracker_report_focus (f->tracker, "io.freetubeapp.FreeTube", "", "test");
  advance_min (f, 59);
  g_assert_cmpuint (f->seen->len, ==, 0);
  advance_min (f, 1);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_cmpint (seen (f, 0)->at, ==, 60);
}

static void
test_category_and_total (Fixture *f, gconstpointer data)
{
  uns_limits_set_continuous_use (f->limits, 0);
  uns_limits_set_heads_up (f->limits, 0);
  add_limit (f, "category", "messaging", 20, 20);
  add_limit (f, "total", "", 30, 30);

  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 12);
  uns_tracker_report_focus (f->tracker, "org.telegram.desktop", "", "test");
  advance_min (f, 8);
  /* Discord and Telegram together reach the messaging limit. */
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_cmpstr (seen (f, 0)->service, ==, "telegram");
  g_assert_cmpint (seen (f, 0)->at, ==, 20);

  /* Reddit is not messaging, but counts toward the total. */
  uns_tracker_report_focus (f->tracker, "firefox-esr", "", "test");
  uns_tracker_report_tab (f->tracker, "ff", "old.reddit.com", TRUE, FALSE, FALSE);
  advance_min (f, 10);
  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_cmpstr (seen (f, 1)->service, ==, "reddit");
  g_assert_cmpint (seen (f, 1)->at, ==, 30);
}

static void
test_continuous_use (Fixture *f, gconstpointer data)
{
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 10);
  /* A short switch away is no break. */
  uns_tracker_report_focus (f->tracker, "org.gnome.TextEditor", "", "test");
  advance_min (f, 3);
  uns_tracker_report_focus (f->tracker, "org.telegram.desktop", "", "test");
  advance_min (f, 12);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_cmpint (seen (f, 0)->level, ==, UNS_NUDGE_CONTINUOUS_USE);
  g_assert_cmpint (seen (f, 0)->at, ==, 25);

  /* Five minutes idle is a real break: the count starts again. */
  uns_tracker_set_idle (f->tracker, TRUE, 0);
  advance_min (f, 5);
  uns_tracker_set_idle (f->tracker, FALSE, 0);
  advance_min (f, 24);
  g_assert_cmpuint (f->seen->len, ==, 1);
  advance_min (f, 1);
  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_cmpint (seen (f, 1)->at, ==, 55);
}

/* Monday 22:30: downtime 23:00–07:00 every day. */
static void
test_downtime (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  UnsDowntime window = { 23 * 60, 7 * 60, 0x7f };

  uns_limits_set_continuous_use (f->limits, 0);
  add_limit (f, "service", "reddit", 120, 120);
  g_assert_true (uns_limits_set_downtime (f->limits, &window, 1, &error));
  g_assert_no_error (error);
  g_assert_false (uns_limits_in_downtime (f->limits));

  advance_min (f, 30);
  g_assert_true (uns_limits_in_downtime (f->limits));
  g_assert_cmpuint (f->downtime_changes, ==, 1);

  /* An unlimited service gets no reminder; a limited one gets one. */
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 5);
  g_assert_cmpuint (f->seen->len, ==, 0);
  uns_tracker_report_focus (f->tracker, "firefox-esr", "", "test");
  uns_tracker_report_tab (f->tracker, "ff", "www.reddit.com", TRUE, FALSE, FALSE);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_cmpint (seen (f, 0)->level, ==, UNS_NUDGE_DOWNTIME);
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  uns_tracker_report_focus (f->tracker, "firefox-esr", "", "test");
  g_assert_cmpuint (f->seen->len, ==, 1);
  uns_tracker_report_focus (f->tracker, "", "", "test");

  /* Across midnight until 07:00, then over. */
  advance_min (f, 7 * 60 + 54);  /* 23:05 → 06:59 */
  g_assert_true (uns_limits_in_downtime (f->limits));
  advance_min (f, 1);
  g_assert_false (uns_limits_in_downtime (f->limits));
  g_assert_cmpuint (f->downtime_changes, ==, 2);
}

/* Limits reset at the 04:00 day boundary. */
static void
test_new_day (Fixture *f, gconstpointer data)
{
  uns_limits_set_continuous_use (f->limits, 0);
  uns_limits_set_heads_up (f->limits, 0);
  add_limit (f, "service", "discord", 60, 60);
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 60);
  g_assert_cmpuint (f->seen->len, ==, 1);
  g_assert_cmpint (seen (f, 0)->at, ==, 60);

  /* Away until after 04:00 the next morning: a fresh budget. */
  uns_tracker_report_focus (f->tracker, "", "", "test");
  advance_min (f, 17 * 60);
  uns_tracker_report_focus (f->tracker, "com.discordapp.Discord", "", "test");
  advance_min (f, 59);
  g_assert_cmpuint (f->seen->len, ==, 1);
  advance_min (f, 1);
  g_assert_cmpuint (f->seen->len, ==, 2);
  g_assert_true (seen (f, 1)->first);
}

static void
test_validation (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  UnsLimit bad_service = { 0, "service", "myspace", { 30, 30, 30, 30, 30, 30, 30 }, TRUE, FALSE, FALSE };
  UnsLimit bad_minutes = { 0, "service", "discord", { 30, 30, 30, 30, 30, 30, 1441 }, TRUE, FALSE, FALSE };
  UnsLimit other = { 0, "category", "other", { 30, 30, 30, 30, 30, 30, 30 }, TRUE, FALSE, FALSE };
  UnsDowntime same = { 60, 60, 1 };

  g_assert_false (uns_limits_add (f->limits, &bad_service, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (uns_limits_add (f->limits, &bad_minutes, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (uns_limits_add (f->limits, &other, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (uns_limits_set_downtime (f->limits, &same, 1, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (uns_limits_list (f->limits)->len, ==, 0);

  add_limit (f, "service", "discord", 30, 30);
  g_assert_false (uns_limits_remove (f->limits, 999, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, setup, func) \
  g_test_add ("/limits/" path, Fixture, NULL, setup, func, fixture_teardown)
  ADD ("heads-up-limit-reminders", fixture_setup, test_heads_up_and_limit);
  ADD ("snooze", fixture_setup, test_snooze);
  ADD ("break", fixture_setup, test_break);
  ADD ("weekend", fixture_setup_saturday, test_weekend);
  ADD ("category-and-total", fixture_setup, test_category_and_total);
  ADD ("continuous-use", fixture_setup, test_continuous_use);
  ADD ("downtime-across-midnight", fixture_setup_evening, test_downtime);
  ADD ("new-day", fixture_setup, test_new_day);
  ADD ("validation", fixture_setup, test_validation);
#undef ADD

  return g_test_run ();
}
