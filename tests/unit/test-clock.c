/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests of the clock abstraction: the test clock fires timers in order, each
 * at its own instant, and wall jumps leave the monotonic clock alone. */
#include "config.h"

#include "uns-clock.h"

typedef struct
{
  UnsClock *clock;
  GArray   *fired_at;  /* mono µs at which each callback ran */
  GArray   *fired_tag;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->clock = uns_clock_new_for_test (G_GINT64_CONSTANT (1795000000) * G_USEC_PER_SEC);
  f->fired_at = g_array_new (FALSE, FALSE, sizeof (gint64));
  f->fired_tag = g_array_new (FALSE, FALSE, sizeof (int));
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->clock);
  g_array_unref (f->fired_at);
  g_array_unref (f->fired_tag);
}

typedef struct
{
  Fixture *f;
  int      tag;
  gint64   rearm_after;  /* > 0: arm another timer this far ahead */
} Tag;

static void
record_cb (gpointer user_data)
{
  Tag *tag = user_data;
  gint64 now = uns_clock_get_mono_usec (tag->f->clock);

  g_array_append_val (tag->f->fired_at, now);
  g_array_append_val (tag->f->fired_tag, tag->tag);
  if (tag->rearm_after > 0)
    {
      tag->rearm_after = 0;
      tag->tag += 100;
      uns_clock_add_timeout (tag->f->clock, now + G_USEC_PER_SEC, record_cb, tag);
    }
}

static void
test_clock_order (Fixture *f, gconstpointer data)
{
  gint64 start = uns_clock_get_mono_usec (f->clock);
  gint64 wall = uns_clock_get_wall_usec (f->clock);
  Tag a = { f, 1, 0 }, b = { f, 2, 0 }, c = { f, 3, 0 };

  uns_clock_add_timeout (f->clock, start + 3 * G_USEC_PER_SEC, record_cb, &c);
  uns_clock_add_timeout (f->clock, start + 1 * G_USEC_PER_SEC, record_cb, &a);
  uns_clock_add_timeout (f->clock, start + 2 * G_USEC_PER_SEC, record_cb, &b);

  uns_clock_advance (f->clock, 2500000);
  g_assert_cmpuint (f->fired_tag->len, ==, 2);
  g_assert_cmpint (g_array_index (f->fired_tag, int, 0), ==, 1);
  g_assert_cmpint (g_array_index (f->fired_at, gint64, 0), ==, start + G_USEC_PER_SEC);
  g_assert_cmpint (g_array_index (f->fired_tag, int, 1), ==, 2);
  g_assert_cmpint (g_array_index (f->fired_at, gint64, 1), ==, start + 2 * G_USEC_PER_SEC);
  g_assert_cmpint (uns_clock_get_mono_usec (f->clock), ==, start + 2500000);
  g_assert_cmpint (uns_clock_get_wall_usec (f->clock), ==, wall + 2500000);

  uns_clock_advance (f->clock, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->fired_tag->len, ==, 3);
  g_assert_cmpint (g_array_index (f->fired_at, gint64, 2), ==, start + 3 * G_USEC_PER_SEC);
}

static void
test_clock_rearm_and_remove (Fixture *f, gconstpointer data)
{
  gint64 start = uns_clock_get_mono_usec (f->clock);
  Tag a = { f, 1, 1 }, b = { f, 2, 0 };
  guint id_b;

  uns_clock_add_timeout (f->clock, start + G_USEC_PER_SEC, record_cb, &a);
  id_b = uns_clock_add_timeout (f->clock, start + 5 * G_USEC_PER_SEC, record_cb, &b);
  uns_clock_clear_timeout (f->clock, &id_b);
  g_assert_cmpuint (id_b, ==, 0);

  /* The timer armed by a callback falls inside the same advance. */
  uns_clock_advance (f->clock, 10 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->fired_tag->len, ==, 2);
  g_assert_cmpint (g_array_index (f->fired_tag, int, 1), ==, 101);
  g_assert_cmpint (g_array_index (f->fired_at, gint64, 1), ==, start + 2 * G_USEC_PER_SEC);
}

static void
test_clock_jump (Fixture *f, gconstpointer data)
{
  gint64 mono = uns_clock_get_mono_usec (f->clock);

  uns_clock_jump_wall (f->clock, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
  g_assert_cmpint (uns_clock_get_wall_usec (f->clock), ==, G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC);
  g_assert_cmpint (uns_clock_get_mono_usec (f->clock), ==, mono);
  g_assert_true (uns_clock_is_test (f->clock));
}

static void
real_cb (gpointer user_data)
{
  Fixture *f = user_data;
  gint64 now = g_get_monotonic_time ();

  g_array_append_val (f->fired_at, now);
}

/* The real clock never runs a callback before its deadline. */
static void
test_clock_real (void)
{
  g_autoptr(UnsClock) clock = uns_clock_new ();
  Fixture f = { clock, g_array_new (FALSE, FALSE, sizeof (gint64)), NULL };
  gint64 deadline = g_get_monotonic_time () + 20000;

  g_assert_false (uns_clock_is_test (clock));
  uns_clock_add_timeout (clock, deadline, real_cb, &f);
  while (f.fired_at->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (g_array_index (f.fired_at, gint64, 0), >=, deadline);
  g_array_unref (f.fired_at);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/clock/test/order", Fixture, NULL, fixture_setup, test_clock_order, fixture_teardown);
  g_test_add ("/clock/test/rearm-and-remove", Fixture, NULL, fixture_setup,
              test_clock_rearm_and_remove, fixture_teardown);
  g_test_add ("/clock/test/jump-wall", Fixture, NULL, fixture_setup, test_clock_jump, fixture_teardown);
  g_test_add_func ("/clock/real/not-early", test_clock_real);

  return g_test_run ();
}
