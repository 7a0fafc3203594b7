/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Real time and one-shot timers, or a test clock that only moves when a test
 * says so and fires the timers it passes, each at its own instant. */
#include "config.h"

#include "uns-clock.h"

typedef struct
{
  guint        id;
  gint64       deadline;    /* monotonic µs */
  UnsClockFunc func;
  gpointer     user_data;
  guint        source_id;   /* real clock only */
  UnsClock    *clock;       /* (unowned) */
} UnsClockTimer;

struct _UnsClock
{
  GObject     parent_instance;

  gboolean    test;
  gint64      test_mono;    /* test clock: monotonic µs */
  gint64      test_wall;    /* test clock: wall µs */
  GHashTable *timers;       /* (owned) id → UnsClockTimer (owned) */
  guint       next_id;
};

G_DEFINE_TYPE (UnsClock, uns_clock, G_TYPE_OBJECT)

static void
uns_clock_timer_free (gpointer data)
{
  UnsClockTimer *timer = data;

  if (timer->source_id != 0)
    g_source_remove (timer->source_id);
  g_free (timer);
}

static void
uns_clock_finalize (GObject *object)
{
  UnsClock *self = UNS_CLOCK (object);

  g_clear_pointer (&self->timers, g_hash_table_unref);

  G_OBJECT_CLASS (uns_clock_parent_class)->finalize (object);
}

static void
uns_clock_class_init (UnsClockClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = uns_clock_finalize;
}

static void
uns_clock_init (UnsClock *self)
{
  self->timers = g_hash_table_new_full (NULL, NULL, NULL, uns_clock_timer_free);
  self->next_id = 1;
}

/**
 * uns_clock_new:
 *
 * Returns: (transfer full): a clock reading real time
 */
UnsClock *
uns_clock_new (void)
{
  return g_object_new (UNS_TYPE_CLOCK, NULL);
}

/**
 * uns_clock_new_for_test:
 * @wall_usec: the wall time to start at
 *
 * Returns: (transfer full): a clock that stands still until
 *   uns_clock_advance() or uns_clock_jump_wall() moves it
 */
UnsClock *
uns_clock_new_for_test (gint64 wall_usec)
{
  UnsClock *self = g_object_new (UNS_TYPE_CLOCK, NULL);

  self->test = TRUE;
  self->test_wall = wall_usec;
  /* Any positive start will do; 1 s keeps "0" free to mean "never". */
  self->test_mono = G_USEC_PER_SEC;
  return self;
}

gboolean
uns_clock_is_test (UnsClock *self)
{
  g_return_val_if_fail (UNS_IS_CLOCK (self), FALSE);

  return self->test;
}

gint64
uns_clock_get_wall_usec (UnsClock *self)
{
  g_return_val_if_fail (UNS_IS_CLOCK (self), 0);

  return self->test ? self->test_wall : g_get_real_time ();
}

gint64
uns_clock_get_mono_usec (UnsClock *self)
{
  g_return_val_if_fail (UNS_IS_CLOCK (self), 0);

  return self->test ? self->test_mono : g_get_monotonic_time ();
}

static gboolean
uns_clock_real_timer_cb (gpointer data)
{
  UnsClockTimer *timer = data;
  UnsClock *self = timer->clock;
  UnsClockFunc func = timer->func;
  gpointer user_data = timer->user_data;

  /* GLib may wake a little early on a coarse timer; never run a deadline
   * before its time, or the caller would see time that has not passed. */
  if (g_get_monotonic_time () < timer->deadline)
    {
      gint64 left_ms = (timer->deadline - g_get_monotonic_time () + 999) / 1000;

      timer->source_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MAX (left_ms, 1),
                                             uns_clock_real_timer_cb, timer, NULL);
      return G_SOURCE_REMOVE;
    }

  timer->source_id = 0;
  g_hash_table_remove (self->timers, GUINT_TO_POINTER (timer->id));
  func (user_data);
  return G_SOURCE_REMOVE;
}

/**
 * uns_clock_add_timeout:
 * @self: a clock
 * @mono_deadline_usec: when to call @func, on the monotonic clock
 * @func: called once, at or after the deadline
 * @user_data: data for @func
 *
 * Arms a one-shot timer. A deadline in the past fires on the next main-loop
 * iteration (real clock) or at the next uns_clock_advance() (test clock).
 *
 * Returns: an id for uns_clock_remove_timeout(), never 0
 */
guint
uns_clock_add_timeout (UnsClock     *self,
                       gint64        mono_deadline_usec,
                       UnsClockFunc  func,
                       gpointer      user_data)
{
  UnsClockTimer *timer;

  g_return_val_if_fail (UNS_IS_CLOCK (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  timer = g_new0 (UnsClockTimer, 1);
  timer->id = self->next_id++;
  if (self->next_id == 0)
    self->next_id = 1;
  timer->deadline = mono_deadline_usec;
  timer->func = func;
  timer->user_data = user_data;
  timer->clock = self;

  if (!self->test)
    {
      gint64 left_us = mono_deadline_usec - g_get_monotonic_time ();
      gint64 left_ms = left_us <= 0 ? 0 : MIN ((left_us + 999) / 1000, (gint64) G_MAXUINT);

      /* Whole seconds let the kernel batch our wake-ups with others'. */
      if (left_ms >= 2000 && left_ms % 1000 == 0)
        timer->source_id = g_timeout_add_seconds_full (G_PRIORITY_DEFAULT, (guint) (left_ms / 1000),
                                                       uns_clock_real_timer_cb, timer, NULL);
      else
        timer->source_id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) left_ms,
                                               uns_clock_real_timer_cb, timer, NULL);
    }

  g_hash_table_insert (self->timers, GUINT_TO_POINTER (timer->id), timer);
  return timer->id;
}

void
uns_clock_remove_timeout (UnsClock *self,
                          guint     id)
{
  g_return_if_fail (UNS_IS_CLOCK (self));

  g_hash_table_remove (self->timers, GUINT_TO_POINTER (id));
}

/**
 * uns_clock_clear_timeout:
 * @self: a clock
 * @id: (inout): a timer id, or 0
 *
 * Removes the timer if *@id is not 0, and sets *@id to 0.
 */
void
uns_clock_clear_timeout (UnsClock *self,
                         guint    *id)
{
  g_return_if_fail (id != NULL);

  if (*id != 0)
    uns_clock_remove_timeout (self, *id);
  *id = 0;
}

static UnsClockTimer *
uns_clock_earliest_due (UnsClock *self,
                        gint64    until)
{
  GHashTableIter iter;
  gpointer value;
  UnsClockTimer *earliest = NULL;

  g_hash_table_iter_init (&iter, self->timers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      UnsClockTimer *timer = value;

      if (timer->deadline > until)
        continue;
      /* Ties go to the timer armed first, as a real main loop would do. */
      if (earliest == NULL || timer->deadline < earliest->deadline ||
          (timer->deadline == earliest->deadline && timer->id < earliest->id))
        earliest = timer;
    }
  return earliest;
}

/**
 * uns_clock_advance:
 * @self: a test clock
 * @usec: how far to move both clocks
 *
 * Moves time forward, stopping at each timer that falls due on the way so
 * that its callback sees the clock at its own deadline. Timers armed by those
 * callbacks fire too if they fall due before the end.
 */
void
uns_clock_advance (UnsClock *self,
                   gint64    usec)
{
  gint64 target;

  g_return_if_fail (UNS_IS_CLOCK (self));
  g_return_if_fail (self->test);
  g_return_if_fail (usec >= 0);

  target = self->test_mono + usec;

  for (;;)
    {
      UnsClockTimer *timer = uns_clock_earliest_due (self, target);
      UnsClockFunc func;
      gpointer user_data;

      if (timer == NULL)
        break;

      if (timer->deadline > self->test_mono)
        {
          self->test_wall += timer->deadline - self->test_mono;
          self->test_mono = timer->deadline;
        }

      func = timer->func;
      user_data = timer->user_data;
      g_hash_table_remove (self->timers, GUINT_TO_POINTER (timer->id));
      func (user_data);
    }

  self->test_wall += target - self->test_mono;
  self->test_mono = target;
}

/**
 * uns_clock_jump_wall:
 * @self: a test clock
 * @wall_usec: the new wall time
 *
 * Sets the wall clock without moving the monotonic one, as a change of the
 * system time does.
 */
void
uns_clock_jump_wall (UnsClock *self,
                     gint64    wall_usec)
{
  g_return_if_fail (UNS_IS_CLOCK (self));
  g_return_if_fail (self->test);

  self->test_wall = wall_usec;
}
