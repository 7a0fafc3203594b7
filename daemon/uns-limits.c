/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The limits engine. For the activity going on it works out the exact
 * instant the next threshold will be crossed — a heads-up before a limit,
 * the limit itself, a reminder after it at a growing interval, a pause
 * suggestion after a long unbroken stretch, the end of a break, the next
 * edge of a downtime window — and arms one timer for the earliest. Every
 * change of activity re-arms it. Nothing ticks.
 *
 * Thresholds of a limit are in used time, not wall time: while a limited
 * service has focus, used time grows one for one with the clock, so "10
 * minutes left" is exactly 10 minutes from now; when focus moves away, the
 * timer is simply not armed for it. */
#include "config.h"

#include <glib/gi18n.h>

#include "uns-day.h"
#include "uns-error.h"
#include "uns-limits.h"

#define MINUTE_US (G_GINT64_CONSTANT (60) * G_USEC_PER_SEC)
/* A real break from social time: idle or away at least this long. */
#define UNS_REAL_BREAK_US (5 * MINUTE_US)
#define UNS_SNOOZE_US (5 * MINUTE_US)
#define UNS_BREAK_DEFAULT_US (10 * MINUTE_US)
/* Reminders after a limit come 5, 10, 20, 40 … minutes apart, at most an
 * hour: persistent enough to be noticed, rare enough not to nag. */
#define UNS_REMINDER_FIRST_US (5 * MINUTE_US)
#define UNS_REMINDER_MAX_US (60 * MINUTE_US)
#define UNS_MAX_DOWNTIME_WINDOWS 16

typedef struct
{
  guint  stage;      /* 0 nothing shown, 1 heads-up shown, 2 reached shown */
  gint64 next_due;   /* used µs at which the next nudge falls due */
  gint64 interval;   /* the next reminder's distance after the limit */
} UnsLimitState;

struct _UnsLimits
{
  GObject      parent_instance;

  UnsClock    *clock;          /* (owned) */
  UnsStore    *store;          /* (owned) */
  UnsCatalog  *catalog;        /* (owned) */
  UnsTracker  *tracker;        /* (owned) */
  gulong       changed_id;

  GPtrArray   *limits;         /* (owned) UnsLimit */
  GArray      *downtime;       /* (owned) UnsDowntime */
  guint        heads_up;       /* minutes; 0 = off */
  guint        continuous;     /* minutes; 0 = off */
  guint        snoozes_per_day;

  GDate        day;            /* the day the state below belongs to */
  GHashTable  *states;         /* (owned) limit id → UnsLimitState */
  GHashTable  *snoozes;        /* (owned) service → count today */
  GHashTable  *snoozed_until;  /* (owned) service → gint64* wall µs */
  gint64       break_until;    /* wall µs; 0 = no break */

  /* Continuous use, on the monotonic clock. */
  gint64       stretch_start;  /* -1 = no stretch */
  gint64       social_left;    /* when social time last stopped; -1 while on it */
  gboolean     stretch_nudged;

  gboolean     in_downtime;
  UnsState     last_state;     /* the tracker's, at its last change */
  GHashTable  *downtime_reminded; /* (owned) set of services this window */

  GHashTable  *nudges;         /* (owned) service → UnsNudge */
  guint        timer;
  guint        edge_timer;
};

G_DEFINE_TYPE (UnsLimits, uns_limits, G_TYPE_OBJECT)

enum
{
  SIGNAL_NUDGE,
  SIGNAL_NUDGE_CLEARED,
  SIGNAL_LIMIT_APPROACHING,
  SIGNAL_LIMIT_REACHED,
  SIGNAL_SNOOZED,
  SIGNAL_DOWNTIME_CHANGED,
  SIGNAL_LIMITS_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void uns_limits_evaluate (UnsLimits *self);

void
uns_nudge_free (UnsNudge *nudge)
{
  if (nudge == NULL)
    return;
  g_free (nudge->service);
  g_free (nudge->service_name);
  g_free (nudge);
}

UnsNudge *
uns_nudge_copy (const UnsNudge *nudge)
{
  UnsNudge *copy = g_memdup2 (nudge, sizeof *nudge);

  copy->service = g_strdup (nudge->service);
  copy->service_name = g_strdup (nudge->service_name);
  return copy;
}

const char *
uns_nudge_level_to_string (UnsNudgeLevel level)
{
  switch (level)
    {
    case UNS_NUDGE_HEADS_UP: return "heads-up";
    case UNS_NUDGE_REACHED: return "reached";
    case UNS_NUDGE_CONTINUOUS_USE: return "continuous-use";
    case UNS_NUDGE_DOWNTIME: return "downtime";
    case UNS_NUDGE_NONE:
    default:
      return "none";
    }
}

static void
uns_limits_dispose (GObject *object)
{
  UnsLimits *self = UNS_LIMITS (object);

  if (self->clock != NULL)
    {
      uns_clock_clear_timeout (self->clock, &self->timer);
      uns_clock_clear_timeout (self->clock, &self->edge_timer);
    }
  if (self->tracker != NULL)
    g_clear_signal_handler (&self->changed_id, self->tracker);
  g_clear_object (&self->tracker);
  g_clear_object (&self->catalog);
  g_clear_object (&self->store);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (uns_limits_parent_class)->dispose (object);
}

static void
uns_limits_finalize (GObject *object)
{
  UnsLimits *self = UNS_LIMITS (object);

  g_clear_pointer (&self->limits, g_ptr_array_unref);
  g_clear_pointer (&self->downtime, g_array_unref);
  g_clear_pointer (&self->states, g_hash_table_unref);
  g_clear_pointer (&self->snoozes, g_hash_table_unref);
  g_clear_pointer (&self->snoozed_until, g_hash_table_unref);
  g_clear_pointer (&self->downtime_reminded, g_hash_table_unref);
  g_clear_pointer (&self->nudges, g_hash_table_unref);

  G_OBJECT_CLASS (uns_limits_parent_class)->finalize (object);
}

static void
uns_limits_class_init (UnsLimitsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uns_limits_dispose;
  object_class->finalize = uns_limits_finalize;

  /* UnsLimits::nudge: (const UnsNudge *) a nudge falls due. */
  signals[SIGNAL_NUDGE] = g_signal_new ("nudge", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
  /* UnsLimits::nudge-cleared: (const char *service) its nudge ended. */
  signals[SIGNAL_NUDGE_CLEARED] = g_signal_new ("nudge-cleared", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_LIMIT_APPROACHING] = g_signal_new ("limit-approaching", G_TYPE_FROM_CLASS (klass),
                                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                    G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT64);
  signals[SIGNAL_LIMIT_REACHED] = g_signal_new ("limit-reached", G_TYPE_FROM_CLASS (klass),
                                                G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_INT64);
  signals[SIGNAL_SNOOZED] = g_signal_new ("snoozed", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT64);
  signals[SIGNAL_DOWNTIME_CHANGED] = g_signal_new ("downtime-changed", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                   G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  /* UnsLimits::limits-changed: limits, downtime or today's use changed. */
  signals[SIGNAL_LIMITS_CHANGED] = g_signal_new ("limits-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 0);
}

static void
uns_limits_init (UnsLimits *self)
{
  self->heads_up = 10;
  self->continuous = 25;
  self->snoozes_per_day = 3;
  self->states = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->snoozes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->snoozed_until = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->downtime_reminded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->nudges = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) uns_nudge_free);
  self->stretch_start = -1;
  self->social_left = -1;
  g_date_clear (&self->day, 1);
}

/* ---- Time helpers --------------------------------------------------------- */

static gint64
now_wall (UnsLimits *self)
{
  return uns_clock_get_wall_usec (self->clock);
}

static gint64
now_mono (UnsLimits *self)
{
  return uns_clock_get_mono_usec (self->clock);
}

/* Local calendar time (not the day-boundary day): downtime is about the
 * clock on the wall. */
static GDateTime *
local_now (UnsLimits *self)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (now_wall (self) / G_USEC_PER_SEC);

  return g_date_time_to_timezone (utc, uns_tracker_get_timezone (self->tracker));
}

static guint
weekday_index (const GDate *day)
{
  return (guint) g_date_get_weekday (day) - 1;  /* Monday = 0 */
}

guint
uns_limits_get_today_minutes (UnsLimits      *self,
                              const UnsLimit *limit)
{
  GDate today;

  uns_tracker_get_today (self->tracker, &today);
  return limit->minutes[weekday_index (&today)];
}

/* ---- Limits and their use -------------------------------------------------- */

static gboolean
limit_applies (const UnsLimit  *limit,
               const UnsRecord *record)
{
  if (!limit->enabled || record == NULL || record->service == NULL)
    return FALSE;
  if (g_strcmp0 (limit->scope, "total") == 0)
    return TRUE;
  if (g_strcmp0 (limit->scope, "service") == 0)
    return g_strcmp0 (limit->target, record->service) == 0;
  if (g_strcmp0 (limit->scope, "category") == 0)
    return g_strcmp0 (limit->target, record->category) == 0;
  return FALSE;
}

gint64
uns_limits_get_used_usec (UnsLimits      *self,
                          const UnsLimit *limit)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gboolean by_category = g_strcmp0 (limit->scope, "category") == 0;
  gboolean total = g_strcmp0 (limit->scope, "total") == 0;
  gint64 used = 0;
  GDate today;

  uns_tracker_get_today (self->tracker, &today);
  rows = uns_tracker_summary (self->tracker, &today, &today,
                              by_category ? UNS_GROUP_CATEGORY : UNS_GROUP_SERVICE, &error);
  if (rows == NULL)
    {
      g_warning ("Could not read today's use: %s", error->message);
      return 0;
    }
  for (guint i = 0; i < rows->len; i++)
    {
      UnsSummaryRow *row = g_ptr_array_index (rows, i);

      if (total || g_strcmp0 (row->key, limit->target) == 0)
        used += row->usec;
    }
  return used;
}

const char *
uns_limits_get_target_name (UnsLimits      *self,
                            const UnsLimit *limit)
{
  if (g_strcmp0 (limit->scope, "service") == 0)
    {
      const UnsService *service = uns_catalog_get_service (self->catalog, limit->target);

      return service != NULL ? service->name : limit->target;
    }
  if (g_strcmp0 (limit->scope, "category") == 0)
    {
      const char *name = uns_catalog_get_category_name (self->catalog, limit->target);

      return name != NULL ? name : limit->target;
    }
  return _("All social media");
}

static UnsLimitState *
limit_state (UnsLimits      *self,
             const UnsLimit *limit)
{
  UnsLimitState *state = g_hash_table_lookup (self->states, GUINT_TO_POINTER (limit->id));
  gint64 budget = (gint64) uns_limits_get_today_minutes (self, limit) * MINUTE_US;
  gint64 heads_up = (gint64) self->heads_up * MINUTE_US;

  if (state == NULL)
    {
      state = g_new0 (UnsLimitState, 1);
      state->next_due = (heads_up > 0 && budget > heads_up) ? budget - heads_up : budget;
      state->interval = UNS_REMINDER_FIRST_US;
      g_hash_table_insert (self->states, GUINT_TO_POINTER (limit->id), state);
    }
  return state;
}

/* ---- Day change ------------------------------------------------------------ */

static void
clear_nudge (UnsLimits  *self,
             const char *service)
{
  if (g_hash_table_remove (self->nudges, service))
    g_signal_emit (self, signals[SIGNAL_NUDGE_CLEARED], 0, service);
}

static void
clear_all_nudges (UnsLimits *self)
{
  g_autoptr(GPtrArray) services = g_ptr_array_new_with_free_func (g_free);
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->nudges);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (services, g_strdup (key));
  for (guint i = 0; i < services->len; i++)
    clear_nudge (self, g_ptr_array_index (services, i));
}

/* Snoozes taken today, counted once from the store so that they survive a
 * restart, whatever kind of limit they were for. */
static guint
snooze_count (UnsLimits  *self,
              const char *service)
{
  gpointer count;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;

  if (g_hash_table_lookup_extended (self->snoozes, service, NULL, &count))
    return GPOINTER_TO_UINT (count);

  counts = uns_store_count_events (self->store, &self->day, &self->day, service, &error);
  if (counts == NULL)
    {
      g_warning ("Could not count today's snoozes: %s", error->message);
      return 0;
    }
  count = g_hash_table_lookup (counts, "snoozed");
  g_hash_table_insert (self->snoozes, g_strdup (service), count);
  return GPOINTER_TO_UINT (count);
}

/* Limits reset when a new day starts. */
static void
check_day (UnsLimits *self)
{
  GDate today;

  uns_tracker_get_today (self->tracker, &today);
  if (g_date_valid (&self->day) && g_date_compare (&today, &self->day) == 0)
    return;

  self->day = today;
  g_hash_table_remove_all (self->states);
  g_hash_table_remove_all (self->snoozes);
  g_hash_table_remove_all (self->snoozed_until);
  clear_all_nudges (self);
}

/* ---- Downtime -------------------------------------------------------------- */

static gboolean
window_active (const UnsDowntime *window,
               guint              weekday,    /* Monday = 0 */
               guint              minute)
{
  guint yesterday = (weekday + 6) % 7;

  if (window->start < window->end)
    return (window->days & (1u << weekday)) && minute >= window->start && minute < window->end;
  /* Crosses midnight: belongs to the day it starts on. */
  return ((window->days & (1u << weekday)) && minute >= window->start) ||
         ((window->days & (1u << yesterday)) && minute < window->end);
}

static const UnsDowntime *
active_window (UnsLimits *self)
{
  g_autoptr(GDateTime) now = local_now (self);
  guint weekday = (guint) g_date_time_get_day_of_week (now) - 1;
  guint minute = (guint) (g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now));

  for (guint i = 0; i < self->downtime->len; i++)
    {
      const UnsDowntime *window = &g_array_index (self->downtime, UnsDowntime, i);

      if (window_active (window, weekday, minute))
        return window;
    }
  return NULL;
}

static void uns_limits_edge_cb (gpointer user_data);

/* Arms a timer for the next start or end of any window: a few wake-ups a
 * day at most, and only when downtime is set. */
static void
arm_downtime_edge (UnsLimits *self)
{
  g_autoptr(GDateTime) now = local_now (self);
  GTimeZone *tz = uns_tracker_get_timezone (self->tracker);
  gint64 now_us = now_wall (self);
  gint64 next = G_MAXINT64;

  uns_clock_clear_timeout (self->clock, &self->edge_timer);
  if (self->downtime->len == 0)
    return;

  for (int days = 0; days <= 1; days++)
    for (guint i = 0; i < self->downtime->len; i++)
      {
        const UnsDowntime *window = &g_array_index (self->downtime, UnsDowntime, i);
        guint edges[2] = { window->start, window->end };

        for (guint e = 0; e < 2; e++)
          {
            g_autoptr(GDateTime) base = g_date_time_add_days (now, days);
            g_autoptr(GDateTime) edge = g_date_time_new (tz, g_date_time_get_year (base),
                                                         g_date_time_get_month (base),
                                                         g_date_time_get_day_of_month (base),
                                                         (int) (edges[e] / 60), (int) (edges[e] % 60), 0);
            gint64 at = edge != NULL ? g_date_time_to_unix (edge) * G_USEC_PER_SEC : G_MAXINT64;

            if (at > now_us && at < next)
              next = at;
          }
      }

  if (next != G_MAXINT64)
    self->edge_timer = uns_clock_add_timeout (self->clock, now_mono (self) + (next - now_us),
                                              uns_limits_edge_cb, self);
}

static void
update_downtime (UnsLimits *self)
{
  gboolean active = active_window (self) != NULL;

  if (active == self->in_downtime)
    return;
  self->in_downtime = active;
  if (!active)
    {
      g_hash_table_remove_all (self->downtime_reminded);
      /* A downtime reminder ends with the downtime. */
      {
        GHashTableIter iter;
        gpointer key, value;
        g_autoptr(GPtrArray) ended = g_ptr_array_new_with_free_func (g_free);

        g_hash_table_iter_init (&iter, self->nudges);
        while (g_hash_table_iter_next (&iter, &key, &value))
          if (((UnsNudge *) value)->level == UNS_NUDGE_DOWNTIME)
            g_ptr_array_add (ended, g_strdup (key));
        for (guint i = 0; i < ended->len; i++)
          clear_nudge (self, g_ptr_array_index (ended, i));
      }
    }
  g_debug ("Downtime %s", active ? "began" : "ended");
  g_signal_emit (self, signals[SIGNAL_DOWNTIME_CHANGED], 0, active);
}

static void
uns_limits_edge_cb (gpointer user_data)
{
  UnsLimits *self = UNS_LIMITS (user_data);

  self->edge_timer = 0;
  update_downtime (self);
  arm_downtime_edge (self);
  uns_limits_evaluate (self);
}

gboolean
uns_limits_in_downtime (UnsLimits *self)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), FALSE);
  return self->in_downtime;
}

/* ---- Nudges ---------------------------------------------------------------- */

static gboolean
can_snooze (UnsLimits  *self,
            const char *service)
{
  return snooze_count (self, service) < self->snoozes_per_day;
}

static void
fire (UnsLimits     *self,
      UnsNudgeLevel  level,
      const UnsRecord *record,
      const UnsLimit *limit,
      gint64         used,
      gint64         budget,
      gboolean       first)
{
  const UnsService *service = uns_catalog_get_service (self->catalog, record->service);
  g_autoptr(GError) error = NULL;
  gboolean total = limit != NULL && g_strcmp0 (limit->scope, "total") == 0;
  const char *name = limit != NULL ? uns_limits_get_target_name (self, limit)
                                   : (service != NULL ? service->name : record->service);
  UnsNudge nudge = {
    .level = level,
    /* Borrowed for the signal; the stored copy owns its strings. */
    .service = (char *) record->service,
    .service_name = (char *) name,
    .total = total,
    .limit_id = limit != NULL ? limit->id : 0,
    .used_usec = used,
    .limit_usec = budget,
    .can_snooze = level == UNS_NUDGE_REACHED && can_snooze (self, record->service),
    .strict = limit != NULL && limit->strict && level == UNS_NUDGE_REACHED,
    .first = first,
  };

  if (level == UNS_NUDGE_DOWNTIME)
    nudge.downtime_end = active_window (self)->end;

  g_debug ("Nudge for %s: %s", record->service, uns_nudge_level_to_string (level));

  /* A limit shared by several services (a category, the total) speaks
   * through the service in use: the others' older nudges about the same
   * limit no longer hold. */
  if (limit != NULL)
    {
      g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, self->nudges);
      while (g_hash_table_iter_next (&iter, &key, &value))
        if (((UnsNudge *) value)->limit_id == limit->id && g_strcmp0 (key, record->service) != 0)
          g_ptr_array_add (stale, g_strdup (key));
      for (guint i = 0; i < stale->len; i++)
        clear_nudge (self, g_ptr_array_index (stale, i));
    }
  g_hash_table_replace (self->nudges, g_strdup (record->service), uns_nudge_copy (&nudge));

  if (!uns_store_log_event (self->store, now_wall (self), "nudge", record->service,
                            nudge.limit_id, &error))
    g_debug ("Could not log the nudge: %s", error->message);

  if (level == UNS_NUDGE_HEADS_UP)
    g_signal_emit (self, signals[SIGNAL_LIMIT_APPROACHING], 0, limit->id,
                   (budget - used) / G_USEC_PER_SEC);
  else if (level == UNS_NUDGE_REACHED)
    g_signal_emit (self, signals[SIGNAL_LIMIT_REACHED], 0, limit->id, used / G_USEC_PER_SEC);

  g_signal_emit (self, signals[SIGNAL_NUDGE], 0, &nudge);
}

/* Keeps the continuous-use stretch up to date with the tracker. */
static void
update_stretch (UnsLimits       *self,
                const UnsRecord *record)
{
  gint64 now = now_mono (self);
  gboolean social = record != NULL && record->service != NULL;

  if (social)
    {
      if (self->stretch_start < 0 ||
          (self->social_left >= 0 && now - self->social_left >= UNS_REAL_BREAK_US))
        {
          self->stretch_start = now;
          self->stretch_nudged = FALSE;
        }
      self->social_left = -1;
    }
  else if (self->social_left < 0 && self->stretch_start >= 0)
    {
      /* Idleness is reported after the idle timeout; the break began when
       * input stopped, which is when the tracker's new state began. */
      gint64 since = uns_tracker_get_since_usec (self->tracker);

      self->social_left = now - MAX (0, now_wall (self) - since);
    }
}

static void
uns_limits_timer_cb (gpointer user_data)
{
  UnsLimits *self = UNS_LIMITS (user_data);

  self->timer = 0;
  uns_limits_evaluate (self);
}

/* Decides what falls due now and when the next thing will. */
static void
uns_limits_evaluate (UnsLimits *self)
{
  const UnsRecord *record = uns_tracker_get_record (self->tracker);
  gint64 mono = now_mono (self);
  gint64 wall = now_wall (self);
  gint64 next = G_MAXINT64;  /* mono deadline */
  gboolean on_break;
  gboolean limited = FALSE;

  check_day (self);
  update_stretch (self, record);
  uns_clock_clear_timeout (self->clock, &self->timer);

  on_break = self->break_until > wall;
  if (on_break)
    next = MIN (next, mono + (self->break_until - wall));

  if (record != NULL && record->service != NULL)
    {
      for (guint i = 0; i < self->limits->len; i++)
        {
          const UnsLimit *limit = g_ptr_array_index (self->limits, i);
          UnsLimitState *state;
          gint64 budget, used;

          if (!limit_applies (limit, record))
            continue;
          limited = TRUE;
          if (on_break)
            continue;

          state = limit_state (self, limit);
          budget = (gint64) uns_limits_get_today_minutes (self, limit) * MINUTE_US;
          used = uns_limits_get_used_usec (self, limit);

          if (used >= state->next_due)
            {
              if (state->stage == 0 && used < budget)
                {
                  state->stage = 1;
                  state->next_due = budget;
                  fire (self, UNS_NUDGE_HEADS_UP, record, limit, used, budget, TRUE);
                }
              else
                {
                  gboolean first = state->stage < 2;

                  state->stage = 2;
                  if (!first)
                    state->interval = MIN (state->interval * 2, UNS_REMINDER_MAX_US);
                  state->next_due = used + state->interval;
                  fire (self, UNS_NUDGE_REACHED, record, limit, used, budget, first);
                }
            }
          next = MIN (next, mono + (state->next_due - used));
        }

      if (self->continuous > 0 && !on_break && !self->stretch_nudged && self->stretch_start >= 0)
        {
          gint64 due = self->stretch_start + (gint64) self->continuous * MINUTE_US;

          if (mono >= due)
            {
              self->stretch_nudged = TRUE;
              fire (self, UNS_NUDGE_CONTINUOUS_USE, record, NULL, mono - self->stretch_start, 0, TRUE);
            }
          else
            next = MIN (next, due);
        }

      if (self->in_downtime && limited && !on_break &&
          !g_hash_table_contains (self->downtime_reminded, record->service))
        {
          g_hash_table_add (self->downtime_reminded, g_strdup (record->service));
          fire (self, UNS_NUDGE_DOWNTIME, record, NULL, 0, 0, TRUE);
        }
    }

  if (next != G_MAXINT64)
    self->timer = uns_clock_add_timeout (self->clock, MAX (next, mono), uns_limits_timer_cb, self);
}

static void
tracker_changed_cb (UnsTracker *tracker,
                    gpointer    user_data)
{
  UnsLimits *self = UNS_LIMITS (user_data);
  UnsState state = uns_tracker_get_state (tracker);

  /* The edge timer runs on the monotonic clock, which stands still during
   * sleep and ignores changes of the system time: look at the wall clock
   * again whenever the tracker may have seen either. */
  if (state != UNS_STATE_ASLEEP)
    {
      gboolean was = self->in_downtime;

      update_downtime (self);
      if (was != self->in_downtime || self->last_state == UNS_STATE_ASLEEP)
        arm_downtime_edge (self);
    }
  self->last_state = state;

  uns_limits_evaluate (self);
  g_signal_emit (self, signals[SIGNAL_LIMITS_CHANGED], 0);
}

/* ---- Construction and settings ------------------------------------------- */

/**
 * uns_limits_new:
 *
 * Returns: (transfer full): the engine, with limits and downtime loaded
 */
UnsLimits *
uns_limits_new (UnsClock   *clock,
                UnsStore   *store,
                UnsCatalog *catalog,
                UnsTracker *tracker,
                GError    **error)
{
  g_autoptr(UnsLimits) self = g_object_new (UNS_TYPE_LIMITS, NULL);

  self->clock = g_object_ref (clock);
  self->store = g_object_ref (store);
  self->catalog = g_object_ref (catalog);
  self->tracker = g_object_ref (tracker);

  self->limits = uns_store_list_limits (store, error);
  if (self->limits == NULL)
    return NULL;
  self->downtime = uns_store_list_downtime (store, error);
  if (self->downtime == NULL)
    return NULL;

  self->changed_id = g_signal_connect (tracker, "changed", G_CALLBACK (tracker_changed_cb), self);
  self->in_downtime = active_window (self) != NULL;
  arm_downtime_edge (self);
  uns_limits_evaluate (self);
  return g_steal_pointer (&self);
}

void
uns_limits_set_heads_up (UnsLimits *self,
                         guint      minutes)
{
  g_return_if_fail (UNS_IS_LIMITS (self));

  self->heads_up = minutes;
  /* Only limits whose heads-up is still ahead move it. */
  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, self->states);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (((UnsLimitState *) value)->stage == 0)
        g_hash_table_iter_remove (&iter);
  }
  uns_limits_evaluate (self);
}

void
uns_limits_set_continuous_use (UnsLimits *self,
                               guint      minutes)
{
  g_return_if_fail (UNS_IS_LIMITS (self));

  self->continuous = minutes;
  uns_limits_evaluate (self);
}

void
uns_limits_set_snoozes_per_day (UnsLimits *self,
                                guint      snoozes)
{
  g_return_if_fail (UNS_IS_LIMITS (self));

  self->snoozes_per_day = snoozes;
}

/* ---- Limits CRUD ------------------------------------------------------------ */

/**
 * uns_limits_list:
 *
 * Returns: (transfer none) (element-type UnsLimit): the limits
 */
GPtrArray *
uns_limits_list (UnsLimits *self)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), NULL);
  return self->limits;
}

const UnsLimit *
uns_limits_get (UnsLimits *self,
                guint      id)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), NULL);

  for (guint i = 0; i < self->limits->len; i++)
    {
      const UnsLimit *limit = g_ptr_array_index (self->limits, i);

      if (limit->id == id)
        return limit;
    }
  return NULL;
}

static gboolean
validate_limit (UnsLimits      *self,
                const UnsLimit *limit,
                GError        **error)
{
  if (g_strcmp0 (limit->scope, "service") == 0)
    {
      if (uns_catalog_get_service (self->catalog, limit->target) == NULL)
        {
          g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                       _("There is no service “%s”; `unscroll services` lists them."), limit->target);
          return FALSE;
        }
    }
  else if (g_strcmp0 (limit->scope, "category") == 0)
    {
      if (g_strcmp0 (limit->target, UNS_CATEGORY_OTHER) == 0 ||
          uns_catalog_get_category_name (self->catalog, limit->target) == NULL)
        {
          g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                       _("There is no category “%s” to limit."), limit->target);
          return FALSE;
        }
    }
  else if (g_strcmp0 (limit->scope, "total") == 0)
    {
      if (limit->target[0] != '\0')
        {
          g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                               _("A total limit has no target."));
          return FALSE;
        }
    }
  else
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("A limit is for a service, a category or the total."));
      return FALSE;
    }

  for (guint i = 0; i < 7; i++)
    if (limit->minutes[i] > 1440)
      {
        g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                             _("A day has at most 1440 minutes."));
        return FALSE;
      }
  return TRUE;
}

/* Starts over the thresholds of limit @id (0: of none); the others keep
 * their snoozes and reminder spacing. */
static void
limits_changed (UnsLimits *self,
                guint      id)
{
  g_hash_table_remove (self->states, GUINT_TO_POINTER (id));
  uns_limits_evaluate (self);
  g_signal_emit (self, signals[SIGNAL_LIMITS_CHANGED], 0);
}

/**
 * uns_limits_add:
 * @limit: (inout): the limit; its id is set
 */
gboolean
uns_limits_add (UnsLimits *self,
                UnsLimit  *limit,
                GError   **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (UNS_IS_LIMITS (self), FALSE);

  if (!validate_limit (self, limit, error))
    return FALSE;
  if (!uns_store_add_limit (self->store, limit, &local_error))
    {
      /* Say it with the name people know, not the id. */
      if (g_error_matches (local_error, UNS_ERROR, UNS_ERROR_EXISTS))
        g_set_error (error, UNS_ERROR, UNS_ERROR_EXISTS, _("There is already a limit for %s."),
                     g_strcmp0 (limit->scope, "total") == 0 ? _("your total social time")
                                                          : uns_limits_get_target_name (self, limit));
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_ptr_array_add (self->limits, uns_limit_copy (limit));
  limits_changed (self, limit->id);
  return TRUE;
}

gboolean
uns_limits_change (UnsLimits      *self,
                   const UnsLimit *limit,
                   GError        **error)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), FALSE);

  for (guint i = 0; i < self->limits->len; i++)
    {
      UnsLimit *old = g_ptr_array_index (self->limits, i);

      if (old->id != limit->id)
        continue;
      if (!validate_limit (self, limit, error) || !uns_store_update_limit (self->store, limit, error))
        return FALSE;
      g_ptr_array_index (self->limits, i) = uns_limit_copy (limit);
      uns_limit_free (old);
      limits_changed (self, limit->id);
      return TRUE;
    }

  g_set_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND, _("There is no limit %u."), limit->id);
  return FALSE;
}

gboolean
uns_limits_remove (UnsLimits *self,
                   guint      id,
                   GError   **error)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), FALSE);

  for (guint i = 0; i < self->limits->len; i++)
    if (((UnsLimit *) g_ptr_array_index (self->limits, i))->id == id)
      {
        if (!uns_store_remove_limit (self->store, id, error))
          return FALSE;
        g_ptr_array_remove_index (self->limits, i);
        limits_changed (self, id);
        return TRUE;
      }

  g_set_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND, _("There is no limit %u."), id);
  return FALSE;
}

/* ---- Responses ------------------------------------------------------------- */

guint
uns_limits_get_snoozes (UnsLimits  *self,
                        const char *service)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), 0);
  check_day (self);
  return snooze_count (self, service);
}

gint64
uns_limits_get_snoozed_until (UnsLimits  *self,
                              const char *service)
{
  gint64 *until;

  g_return_val_if_fail (UNS_IS_LIMITS (self), 0);
  check_day (self);
  until = g_hash_table_lookup (self->snoozed_until, service);
  return until != NULL && *until > now_wall (self) ? *until : 0;
}

void
uns_limits_log_response (UnsLimits  *self,
                         const char *service,
                         guint       limit_id,
                         const char *response)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (UNS_IS_LIMITS (self));

  if (!uns_store_log_event (self->store, now_wall (self), response, service, limit_id, &error))
    g_warning ("Could not note the response to a nudge: %s", error->message);
}

/**
 * uns_limits_record_pause_choice:
 * @service: the service the mindful pause was shown for
 * @choice: "opened" or "didnt-open"
 *
 * Notes what the user chose after a mindful pause, on today's local day, so
 * the report can count the sites left unopened.
 */
gboolean
uns_limits_record_pause_choice (UnsLimits  *self,
                                const char *service,
                                const char *choice,
                                GError    **error)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), FALSE);
  g_return_val_if_fail (service != NULL && choice != NULL, FALSE);

  if (uns_catalog_get_service (self->catalog, service) == NULL)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("There is no service “%s”; `unscroll services` lists them."), service);
      return FALSE;
    }
  if (g_strcmp0 (choice, "opened") != 0 && g_strcmp0 (choice, "didnt-open") != 0)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("After a pause the choice is “opened” or “didnt-open”, not “%s”."), choice);
      return FALSE;
    }
  return uns_store_log_event (self->store, now_wall (self), choice, service, 0, error);
}

/**
 * uns_limits_snooze:
 * @service: the service to give five more minutes
 * @out_until_usec: (out): until when, in wall time, if used without a break
 *
 * "5 more minutes": the next limit nudge for @service comes after five more
 * minutes of use.
 */
gboolean
uns_limits_snooze (UnsLimits  *self,
                   const char *service,
                   gint64     *out_until_usec,
                   GError    **error)
{
  UnsRecord probe = { UNS_KIND_APP, "", service, NULL };
  const UnsService *info = uns_catalog_get_service (self->catalog, service);
  gboolean has_limit = FALSE, reached = FALSE;
  guint count;

  g_return_val_if_fail (UNS_IS_LIMITS (self), FALSE);

  check_day (self);
  if (info == NULL)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("There is no service “%s”; `unscroll services` lists them."), service);
      return FALSE;
    }
  probe.category = info->category;

  for (guint i = 0; i < self->limits->len; i++)
    {
      const UnsLimit *limit = g_ptr_array_index (self->limits, i);

      if (!limit_applies (limit, &probe))
        continue;
      has_limit = TRUE;
      if (limit_state (self, limit)->stage >= 2)
        reached = TRUE;
    }

  if (!has_limit)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND,
                   _("%s has no limit, so there is nothing to snooze."), info->name);
      return FALSE;
    }
  if (!reached)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_NOT_ALLOWED,
                   _("%s hasn't reached its limit today, so there is nothing to snooze yet."), info->name);
      return FALSE;
    }
  count = snooze_count (self, service);
  if (count >= self->snoozes_per_day)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_NOT_ALLOWED,
                   ngettext ("You've had your %u snooze for %s today. Maybe this is a good moment to stop?",
                             "You've had your %u snoozes for %s today. Maybe this is a good moment to stop?",
                             self->snoozes_per_day),
                   self->snoozes_per_day, info->name);
      return FALSE;
    }

  for (guint i = 0; i < self->limits->len; i++)
    {
      const UnsLimit *limit = g_ptr_array_index (self->limits, i);

      if (limit_applies (limit, &probe))
        {
          UnsLimitState *state = limit_state (self, limit);

          if (state->stage >= 2)
            state->next_due = uns_limits_get_used_usec (self, limit) + UNS_SNOOZE_US;
        }
    }

  g_hash_table_replace (self->snoozes, g_strdup (service), GUINT_TO_POINTER (count + 1));
  {
    gint64 *until = g_new (gint64, 1);

    *until = now_wall (self) + UNS_SNOOZE_US;
    g_hash_table_replace (self->snoozed_until, g_strdup (service), until);
    if (out_until_usec != NULL)
      *out_until_usec = *until;
  }

  uns_limits_log_response (self, service, 0, "snoozed");
  clear_nudge (self, service);
  g_signal_emit (self, signals[SIGNAL_SNOOZED], 0, service, now_wall (self) + UNS_SNOOZE_US);
  uns_limits_evaluate (self);
  g_signal_emit (self, signals[SIGNAL_LIMITS_CHANGED], 0);
  return TRUE;
}

/**
 * uns_limits_take_break:
 * @seconds: how long; 0 for the default ten minutes
 *
 * Counts a break taken and keeps nudges quiet until it ends. A break also
 * ends the unbroken stretch of social time.
 *
 * Returns: the wall time the break ends
 */
gint64
uns_limits_take_break (UnsLimits *self,
                       gint64     seconds)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), 0);

  self->break_until = now_wall (self) + (seconds > 0 ? seconds * G_USEC_PER_SEC : UNS_BREAK_DEFAULT_US);
  self->stretch_start = -1;
  self->social_left = -1;
  uns_limits_log_response (self, NULL, 0, "break");
  clear_all_nudges (self);
  uns_limits_evaluate (self);
  return self->break_until;
}

/* ---- Downtime CRUD --------------------------------------------------------- */

/**
 * uns_limits_get_downtime:
 *
 * Returns: (transfer none) (element-type UnsDowntime): the windows
 */
GArray *
uns_limits_get_downtime (UnsLimits *self)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), NULL);
  return self->downtime;
}

gboolean
uns_limits_set_downtime (UnsLimits         *self,
                         const UnsDowntime *windows,
                         guint              n_windows,
                         GError           **error)
{
  g_return_val_if_fail (UNS_IS_LIMITS (self), FALSE);

  if (n_windows > UNS_MAX_DOWNTIME_WINDOWS)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("At most %d downtime windows can be set."), UNS_MAX_DOWNTIME_WINDOWS);
      return FALSE;
    }
  for (guint i = 0; i < n_windows; i++)
    if (windows[i].start > 1439 || windows[i].end > 1439 || windows[i].start == windows[i].end ||
        windows[i].days == 0 || windows[i].days > 0x7f)
      {
        g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                             _("A downtime window needs a start and an end between 00:00 and 23:59 that differ, and at least one day."));
        return FALSE;
      }

  if (!uns_store_set_downtime (self->store, windows, n_windows, error))
    return FALSE;

  g_array_set_size (self->downtime, 0);
  g_array_append_vals (self->downtime, windows, n_windows);
  update_downtime (self);
  arm_downtime_edge (self);
  uns_limits_evaluate (self);
  g_signal_emit (self, signals[SIGNAL_LIMITS_CHANGED], 0);
  return TRUE;
}

/**
 * uns_limits_get_nudges:
 *
 * Returns: (transfer container) (element-type UnsNudge): the nudges in force
 */
GPtrArray *
uns_limits_get_nudges (UnsLimits *self)
{
  GPtrArray *nudges;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (UNS_IS_LIMITS (self), NULL);

  check_day (self);
  nudges = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->nudges);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (nudges, value);
  return nudges;
}
