/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tracker turns focus, tab, idle, lock, sleep and pause reports into one
 * current activity and records its time in the store.
 *
 * Time is measured on the monotonic clock and written in wall time: a span
 * keeps the wall time it started at and adds monotonic time to it, so a
 * change of the system clock neither adds nor removes any. When the wall
 * clock is seen to have jumped, the span is written up to now and a new one
 * starts at the new wall time.
 *
 * Nothing here runs on a tick. Three one-shot timers exist: the checkpoint
 * (while something is tracked, a few minutes apart, so a crash loses little),
 * the day boundary (so "today" rolls over on time) and the end of a pause.
 *
 * Group commit: a closed span is not written at once. It joins the queue of
 * unsaved pieces, and one low-priority idle callback writes the whole queue
 * in one transaction once the main loop has nothing else to do, so a burst
 * of focus changes costs one fsync instead of one each. Pieces leave the
 * queue only after that commit succeeded; until then summaries add them from
 * memory. Anything that reads spans from the store directly, or that must
 * not lose them (sleep, pause, stopping), flushes first. A caller that must
 * answer only once the time is on disk (a D-Bus report) waits with
 * uns_tracker_when_saved(), so that promise holds as before. */
#include "config.h"

#include <string.h>

#include "uns-day.h"
#include "uns-tracker.h"

/* A wall clock that moved this much more or less than the monotonic clock
 * was changed, not merely drifting. */
#define UNS_WALL_JUMP_USEC (2 * G_USEC_PER_SEC)

/* A steady flood of reports could keep the low-priority flush from ever
 * running: past this many waiting pieces, write them at once. */
#define UNS_MAX_QUEUED_PIECES 256

typedef struct
{
  UnsKind  kind;
  char    *subject;
  char    *service;  /* "" when outside the catalog */
  char    *category;
} UnsOwnedRecord;

typedef struct
{
  char    *browser;
  char    *hostname;
  gboolean focused;
  gboolean audible;
  gboolean incognito;
  guint64  seq;      /* larger = reported more recently */
} UnsTab;

typedef struct
{
  UnsSavedFunc func;
  gpointer     user_data;
} UnsWaiter;

typedef struct
{
  UnsOwnedRecord record;
  gint64         start;    /* wall µs */
  gint64         end;
  gint64         span_id;  /* the row this piece extends (a checkpointed span), or 0 */
  GDate          day;      /* the local day of start: summaries, asked for on every
                            * change, need it for each piece waiting */
} UnsPiece;

struct _UnsTracker
{
  GObject         parent_instance;

  UnsClock       *clock;          /* (owned) */
  UnsStore       *store;          /* (owned) */
  UnsCatalog     *catalog;        /* (owned) */
  GTimeZone      *tz;             /* (owned) */
  guint           boundary;
  guint           checkpoint_interval;  /* seconds */
  UnsSitePolicy   site_policy;

  /* What the sources say. */
  gboolean        have_focus_source;
  char           *focus_app_id;   /* (nullable) */
  char           *focus_wm_class; /* (nullable) */
  GHashTable     *tabs;           /* (owned) browser → UnsTab (owned) */
  guint64         tab_seq;
  gboolean        idle;
  gboolean        locked;
  gboolean        asleep;
  gboolean        paused;
  gint64          paused_until;   /* wall µs; 0 = until resumed */
  guint           pause_timer;

  /* What the tracker decided. */
  UnsState        state;
  gboolean        open;           /* a span is running */
  UnsOwnedRecord  current;
  UnsRecord       current_view;   /* what uns_tracker_get_record() hands out */
  gint64          start_mono;     /* the open span's start */
  gint64          start_wall;
  gint64          flushed_mono;   /* saved up to here */
  gint64          span_id;        /* the row the next save extends */
  gint64          since_mono;     /* when the current state began */
  GQueue          unsaved;        /* (owned) UnsPiece: closed time not yet committed */
  guint           flush_idle;     /* writes the queue in one transaction */
  GArray         *waiters;        /* (owned) UnsWaiter: told after the next save */
  guint           checkpoint_timer;
  guint           day_timer;
};

G_DEFINE_TYPE (UnsTracker, uns_tracker, G_TYPE_OBJECT)

enum
{
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void uns_tracker_update     (UnsTracker *self,
                                    gint64      cut_back_usec);
static void uns_tracker_arm_day    (UnsTracker *self);
static void uns_tracker_save_queue (UnsTracker *self);
static void uns_tracker_release_waiters (UnsTracker *self);

static void
uns_owned_record_clear (UnsOwnedRecord *record)
{
  g_clear_pointer (&record->subject, g_free);
  g_clear_pointer (&record->service, g_free);
  g_clear_pointer (&record->category, g_free);
}

static void
uns_owned_record_copy (UnsOwnedRecord       *dest,
                       const UnsOwnedRecord *src)
{
  dest->kind = src->kind;
  dest->subject = g_strdup (src->subject);
  dest->service = g_strdup (src->service);
  dest->category = g_strdup (src->category);
}

static gboolean
uns_owned_record_equal (const UnsOwnedRecord *a,
                        const UnsOwnedRecord *b)
{
  return a->kind == b->kind &&
         g_strcmp0 (a->subject, b->subject) == 0 &&
         g_strcmp0 (a->service, b->service) == 0;
}

static UnsRecord
uns_owned_record_view (const UnsOwnedRecord *record)
{
  UnsRecord view = {
    .kind = record->kind,
    .subject = record->subject,
    .service = (record->service != NULL && *record->service != '\0') ? record->service : NULL,
    .category = record->category,
  };

  return view;
}

static void
uns_tab_free (gpointer data)
{
  UnsTab *tab = data;

  g_free (tab->browser);
  g_free (tab->hostname);
  g_free (tab);
}

static void
uns_piece_free (gpointer data)
{
  UnsPiece *piece = data;

  uns_owned_record_clear (&piece->record);
  g_free (piece);
}

const char *
uns_state_to_string (UnsState state)
{
  switch (state)
    {
    case UNS_STATE_NONE: return "none";
    case UNS_STATE_TRACKING: return "tracking";
    case UNS_STATE_IDLE: return "idle";
    case UNS_STATE_LOCKED: return "locked";
    case UNS_STATE_ASLEEP: return "asleep";
    case UNS_STATE_PAUSED: return "paused";
    case UNS_STATE_PRIVATE: return "private";
    default: g_return_val_if_reached ("none");
    }
}

static void
uns_tracker_dispose (GObject *object)
{
  UnsTracker *self = UNS_TRACKER (object);

  /* Closed time waiting for its commit is written rather than dropped. */
  if (self->store != NULL)
    uns_tracker_save_queue (self);
  g_clear_handle_id (&self->flush_idle, g_source_remove);
  uns_tracker_release_waiters (self);
  if (self->clock != NULL)
    {
      uns_clock_clear_timeout (self->clock, &self->checkpoint_timer);
      uns_clock_clear_timeout (self->clock, &self->day_timer);
      uns_clock_clear_timeout (self->clock, &self->pause_timer);
    }
  g_clear_object (&self->clock);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (uns_tracker_parent_class)->dispose (object);
}

static void
uns_tracker_finalize (GObject *object)
{
  UnsTracker *self = UNS_TRACKER (object);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_pointer (&self->focus_app_id, g_free);
  g_clear_pointer (&self->focus_wm_class, g_free);
  g_clear_pointer (&self->tabs, g_hash_table_unref);
  uns_owned_record_clear (&self->current);
  g_queue_clear_full (&self->unsaved, uns_piece_free);
  g_clear_pointer (&self->waiters, g_array_unref);

  G_OBJECT_CLASS (uns_tracker_parent_class)->finalize (object);
}

static void
uns_tracker_class_init (UnsTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uns_tracker_dispose;
  object_class->finalize = uns_tracker_finalize;

  /**
   * UnsTracker::changed:
   *
   * The current activity changed, or recorded time was saved: front ends
   * should read the state and today's totals again.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed",
                                          G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 0);
}

static void
uns_tracker_init (UnsTracker *self)
{
  self->tabs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, uns_tab_free);
  self->tz = g_time_zone_new_local ();
  self->boundary = 240;
  self->checkpoint_interval = 300;
  self->state = UNS_STATE_NONE;
  g_queue_init (&self->unsaved);
  self->waiters = g_array_new (FALSE, FALSE, sizeof (UnsWaiter));
}

/**
 * uns_tracker_new:
 * @clock: the daemon's clock
 * @store: where time is recorded
 * @catalog: how activities are classified
 *
 * Returns: (transfer full): a tracker with nothing to track yet
 */
UnsTracker *
uns_tracker_new (UnsClock   *clock,
                 UnsStore   *store,
                 UnsCatalog *catalog)
{
  UnsTracker *self;

  g_return_val_if_fail (UNS_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (UNS_IS_STORE (store), NULL);
  g_return_val_if_fail (UNS_IS_CATALOG (catalog), NULL);

  self = g_object_new (UNS_TYPE_TRACKER, NULL);
  self->clock = g_object_ref (clock);
  self->store = g_object_ref (store);
  self->catalog = g_object_ref (catalog);
  self->since_mono = uns_clock_get_mono_usec (clock);
  uns_tracker_arm_day (self);
  return self;
}

static gint64
uns_tracker_wall_at (UnsTracker *self,
                     gint64      mono)
{
  return self->start_wall + (mono - self->start_mono);
}

/* Adds the queued pieces, oldest first, and the open span up to @until_mono
 * (when @save_open) to the store's open batch. Touches nothing of the
 * tracker's own: the batch may still fail to commit. */
static gboolean
uns_tracker_add_to_batch (UnsTracker *self,
                          gboolean    save_open,
                          gint64      until_mono,
                          gint64     *inout_span_id,
                          GError    **error)
{
  for (GList *l = self->unsaved.head; l != NULL; l = l->next)
    {
      UnsPiece *piece = l->data;
      UnsRecord view = uns_owned_record_view (&piece->record);
      gint64 span_id = piece->span_id;

      if (!uns_store_add_time (self->store, &view, piece->start, piece->end, &span_id, error))
        return FALSE;
    }

  if (save_open)
    {
      UnsRecord view = uns_owned_record_view (&self->current);

      if (!uns_store_add_time (self->store, &view,
                               uns_tracker_wall_at (self, self->flushed_mono),
                               uns_tracker_wall_at (self, until_mono),
                               inout_span_id, error))
        return FALSE;
    }
  return TRUE;
}

/* Tells everyone waiting for the queue to be written that it was tried:
 * after a failure the time stays in memory, which is all a caller could
 * have waited for before group commit too. */
static void
uns_tracker_release_waiters (UnsTracker *self)
{
  g_autoptr(GArray) waiters = NULL;

  if (self->waiters == NULL || self->waiters->len == 0)
    return;
  /* A waiter may queue more: those wait for the next save. */
  waiters = g_steal_pointer (&self->waiters);
  self->waiters = g_array_new (FALSE, FALSE, sizeof (UnsWaiter));
  for (guint i = 0; i < waiters->len; i++)
    {
      UnsWaiter *waiter = &g_array_index (waiters, UnsWaiter, i);

      waiter->func (waiter->user_data);
    }
}

static gboolean
uns_tracker_save_steps (UnsTracker *self,
                        gboolean    with_open,
                        gint64      until_mono,
                        GError    **error)
{
  gboolean save_open = with_open && self->open && until_mono > self->flushed_mono;
  gint64 span_id = self->span_id;

  g_clear_handle_id (&self->flush_idle, g_source_remove);

  if (g_queue_is_empty (&self->unsaved) && !save_open)
    return TRUE;

  if (!uns_store_begin_batch (self->store, error))
    return FALSE;
  if (!uns_tracker_add_to_batch (self, save_open, until_mono, &span_id, error))
    {
      uns_store_abort_batch (self->store);
      return FALSE;
    }
  if (!uns_store_end_batch (self->store, error))
    return FALSE;

  g_queue_clear_full (&self->unsaved, uns_piece_free);
  if (save_open)
    {
      self->span_id = span_id;
      self->flushed_mono = until_mono;
    }
  return TRUE;
}

/* Saves the queued pieces and, when @with_open, the open span up to
 * @until_mono in one transaction. On failure everything stays in
 * memory (the queue is kept and the open span is not advanced) and the
 * next save tries again, so nothing unsaved is ever treated as saved. */
static gboolean
uns_tracker_save (UnsTracker *self,
                  gboolean    with_open,
                  gint64      until_mono,
                  GError    **error)
{
  gboolean ok = uns_tracker_save_steps (self, with_open, until_mono, error);

  uns_tracker_release_waiters (self);
  return ok;
}

/* Saves the open span up to @until_mono, and whatever waits in the queue. */
static gboolean
uns_tracker_save_open (UnsTracker *self,
                       gint64      until_mono,
                       GError    **error)
{
  return uns_tracker_save (self, TRUE, until_mono, error);
}

/* Writes the queue now, for when it must be on disk before going on. */
static void
uns_tracker_save_queue (UnsTracker *self)
{
  g_autoptr(GError) error = NULL;

  if (!uns_tracker_save (self, FALSE, 0, &error))
    g_warning ("Could not save recorded time; keeping it to save later: %s", error->message);
}

static gboolean
uns_tracker_flush_idle_cb (gpointer user_data)
{
  UnsTracker *self = UNS_TRACKER (user_data);

  self->flush_idle = 0;
  uns_tracker_save_queue (self);
  return G_SOURCE_REMOVE;
}

/* Queues [flushed, @end_mono) of the open span for the next group commit. */
static void
uns_tracker_queue_open (UnsTracker *self,
                        gint64      end_mono)
{
  UnsPiece *piece;

  if (end_mono <= self->flushed_mono)
    return;

  piece = g_new0 (UnsPiece, 1);
  uns_owned_record_copy (&piece->record, &self->current);
  piece->start = uns_tracker_wall_at (self, self->flushed_mono);
  piece->end = uns_tracker_wall_at (self, end_mono);
  piece->span_id = self->span_id;
  uns_tracker_day_of (self, piece->start, &piece->day);
  g_queue_push_tail (&self->unsaved, piece);

  if (self->unsaved.length >= UNS_MAX_QUEUED_PIECES)
    uns_tracker_save_queue (self);
  else if (self->flush_idle == 0)
    self->flush_idle = g_idle_add_full (G_PRIORITY_LOW, uns_tracker_flush_idle_cb, self, NULL);
}

static void
uns_tracker_checkpoint_cb (gpointer user_data);

static void
uns_tracker_arm_checkpoint (UnsTracker *self)
{
  gint64 interval, deadline, now_mono;

  uns_clock_clear_timeout (self->clock, &self->checkpoint_timer);
  if (!self->open)
    return;

  interval = (gint64) self->checkpoint_interval * G_USEC_PER_SEC;
  deadline = self->flushed_mono + interval;
  now_mono = uns_clock_get_mono_usec (self->clock);
  /* After a failed save (a full disk) the span was not advanced: try again
   * one interval from now rather than at once, again and again. */
  if (deadline <= now_mono)
    deadline = now_mono + interval;

  self->checkpoint_timer =
    uns_clock_add_timeout (self->clock, deadline, uns_tracker_checkpoint_cb, self);
}

/* If the wall clock was changed since the span started, save the span up to
 * now in its own wall time and continue in the new one. */
static void
uns_tracker_check_wall_jump (UnsTracker *self)
{
  gint64 now_mono = uns_clock_get_mono_usec (self->clock);
  gint64 now_wall = uns_clock_get_wall_usec (self->clock);
  gint64 drift;

  if (!self->open)
    return;

  drift = (now_wall - now_mono) - (self->start_wall - self->start_mono);
  if (ABS (drift) < UNS_WALL_JUMP_USEC)
    return;

  g_debug ("Wall clock jumped by %" G_GINT64_FORMAT " s; starting a new span",
           drift / G_USEC_PER_SEC);

  /* The time so far goes out in its own wall time with the next commit. */
  uns_tracker_queue_open (self, now_mono);

  self->start_mono = now_mono;
  self->start_wall = now_wall;
  self->flushed_mono = now_mono;
  self->span_id = 0;
  uns_tracker_arm_day (self);
}

static void
uns_tracker_checkpoint_cb (gpointer user_data)
{
  UnsTracker *self = UNS_TRACKER (user_data);
  g_autoptr(GError) error = NULL;

  self->checkpoint_timer = 0;
  uns_tracker_check_wall_jump (self);
  if (!uns_tracker_save_open (self, uns_clock_get_mono_usec (self->clock), &error))
    g_warning ("Could not save recorded time; will try again: %s", error->message);

  uns_tracker_arm_checkpoint (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
uns_tracker_day_cb (gpointer user_data)
{
  UnsTracker *self = UNS_TRACKER (user_data);
  g_autoptr(GError) error = NULL;

  self->day_timer = 0;
  uns_tracker_check_wall_jump (self);
  if (!uns_tracker_save_open (self, uns_clock_get_mono_usec (self->clock), &error))
    g_warning ("Could not save recorded time; will try again: %s", error->message);

  uns_tracker_arm_day (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
uns_tracker_arm_day (UnsTracker *self)
{
  gint64 now_wall = uns_clock_get_wall_usec (self->clock);
  gint64 now_mono = uns_clock_get_mono_usec (self->clock);
  gint64 next = uns_day_next_boundary_usec (self->tz, self->boundary, now_wall);

  uns_clock_clear_timeout (self->clock, &self->day_timer);
  self->day_timer = uns_clock_add_timeout (self->clock, now_mono + (next - now_wall),
                                           uns_tracker_day_cb, self);
}

/* Ends the open span at @end_mono, which may lie before the time already
 * saved when idleness is detected after a checkpoint: that time is then
 * taken back out of the store. */
static void
uns_tracker_close_span (UnsTracker *self,
                        gint64      end_mono)
{
  g_autoptr(GError) error = NULL;

  if (!self->open)
    return;

  end_mono = MAX (end_mono, self->start_mono);

  if (end_mono < self->flushed_mono)
    {
      UnsRecord view = uns_owned_record_view (&self->current);

      if (!uns_store_truncate (self->store, &view,
                               uns_tracker_wall_at (self, self->start_mono),
                               uns_tracker_wall_at (self, end_mono),
                               &error))
        g_warning ("Could not take idle time back out: %s", error->message);
    }
  else
    {
      uns_tracker_queue_open (self, end_mono);
    }

  self->open = FALSE;
  self->span_id = 0;
  uns_clock_clear_timeout (self->clock, &self->checkpoint_timer);
}

static void
uns_tracker_open_span (UnsTracker           *self,
                       const UnsOwnedRecord *record)
{
  gint64 now_mono = uns_clock_get_mono_usec (self->clock);

  g_assert (!self->open);

  uns_owned_record_clear (&self->current);
  uns_owned_record_copy (&self->current, record);
  self->open = TRUE;
  self->start_mono = now_mono;
  self->start_wall = uns_clock_get_wall_usec (self->clock);
  self->flushed_mono = now_mono;
  self->span_id = 0;
  uns_tracker_arm_checkpoint (self);
}

static const UnsTab *
uns_tracker_focused_tab (UnsTracker *self)
{
  GHashTableIter iter;
  gpointer value;
  const UnsTab *best = NULL;

  g_hash_table_iter_init (&iter, self->tabs);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const UnsTab *tab = value;

      if (tab->focused && (best == NULL || tab->seq > best->seq))
        best = tab;
    }
  return best;
}

static void
uns_tracker_classify_app (UnsTracker     *self,
                          const char     *app_id,
                          const char     *wm_class,
                          UnsOwnedRecord *out)
{
  const UnsService *service = NULL;
  const char *subject = (app_id != NULL && *app_id != '\0') ? app_id : wm_class;

  if (app_id != NULL && *app_id != '\0')
    service = uns_catalog_lookup_app (self->catalog, app_id);
  if (service == NULL && wm_class != NULL && *wm_class != '\0')
    service = uns_catalog_lookup_app (self->catalog, wm_class);

  /* Sources send ids without a ".desktop" suffix; one that looks like
   * it (org.telegram.desktop) is a real id and stays whole. */
  out->kind = UNS_KIND_APP;
  out->subject = g_strdup (subject);
  out->service = g_strdup (service != NULL ? service->id : "");
  out->category = g_strdup (service != NULL ? service->category : UNS_CATEGORY_OTHER);
}

static void
uns_tracker_classify_site (UnsTracker     *self,
                           const char     *hostname,
                           UnsOwnedRecord *out)
{
  g_autofree char *domain = uns_catalog_registrable_domain (self->catalog, hostname, NULL);
  const UnsService *service = NULL;

  if (domain != NULL)
    service = uns_catalog_lookup_domain (self->catalog, domain);

  out->kind = UNS_KIND_SITE;
  if (service != NULL)
    {
      out->subject = g_steal_pointer (&domain);
      out->service = g_strdup (service->id);
      out->category = g_strdup (service->category);
    }
  else
    {
      /* Sites outside the catalog are one anonymous bucket unless the user
       * asked for them by domain; even then, never more than the
       * registrable domain. */
      out->subject = g_strdup (self->site_policy == UNS_SITE_POLICY_PER_DOMAIN && domain != NULL
                               ? domain : "");
      out->service = g_strdup ("");
      out->category = g_strdup (UNS_CATEGORY_OTHER);
    }
}

static gboolean
uns_tracker_focus_is_browser (UnsTracker *self)
{
  return (self->focus_app_id != NULL && uns_catalog_is_browser (self->catalog, self->focus_app_id)) ||
         (self->focus_wm_class != NULL && uns_catalog_is_browser (self->catalog, self->focus_wm_class));
}

/* The whole policy in one place: what should be tracked now. */
static UnsState
uns_tracker_decide (UnsTracker     *self,
                    UnsOwnedRecord *out)
{
  const UnsTab *tab = NULL;
  gboolean focus_empty = (self->focus_app_id == NULL || *self->focus_app_id == '\0') &&
                         (self->focus_wm_class == NULL || *self->focus_wm_class == '\0');

  if (self->paused)
    return UNS_STATE_PAUSED;
  if (self->asleep)
    return UNS_STATE_ASLEEP;
  if (self->locked)
    return UNS_STATE_LOCKED;

  if (self->have_focus_source)
    {
      if (focus_empty)
        return self->idle ? UNS_STATE_IDLE : UNS_STATE_NONE;
      if (uns_tracker_focus_is_browser (self))
        tab = uns_tracker_focused_tab (self);
    }
  else
    {
      /* Without a window source (no Shell extension, no X11) the browser's
       * own idea of focus is all there is. */
      tab = uns_tracker_focused_tab (self);
      if (tab == NULL || tab->hostname[0] == '\0')
        return self->idle ? UNS_STATE_IDLE : UNS_STATE_NONE;
    }

  if (tab != NULL && tab->incognito)
    return UNS_STATE_PRIVATE;

  /* A tab playing sound keeps counting while the user only listens. */
  if (self->idle && !(tab != NULL && tab->hostname[0] != '\0' && tab->audible))
    return UNS_STATE_IDLE;

  if (tab != NULL && tab->hostname[0] != '\0')
    uns_tracker_classify_site (self, tab->hostname, out);
  else
    uns_tracker_classify_app (self, self->focus_app_id, self->focus_wm_class, out);

  return UNS_STATE_TRACKING;
}

/* Re-decides the activity. @cut_back_usec is how long ago the change really
 * happened (idleness is detected only after the idle timeout). */
static void
uns_tracker_update (UnsTracker *self,
                    gint64      cut_back_usec)
{
  UnsOwnedRecord next = { 0, };
  UnsState state;
  gint64 now_mono = uns_clock_get_mono_usec (self->clock);

  uns_tracker_check_wall_jump (self);

  state = uns_tracker_decide (self, &next);

  if (state == self->state &&
      (state != UNS_STATE_TRACKING || uns_owned_record_equal (&next, &self->current)))
    {
      uns_owned_record_clear (&next);
      return;
    }

  uns_tracker_close_span (self, now_mono - MAX (cut_back_usec, 0));
  if (state == UNS_STATE_TRACKING)
    uns_tracker_open_span (self, &next);
  else
    uns_owned_record_clear (&self->current);

  if (state != self->state || state == UNS_STATE_TRACKING)
    self->since_mono = now_mono - ((self->state == UNS_STATE_TRACKING && state == UNS_STATE_IDLE)
                                   ? MAX (cut_back_usec, 0) : 0);
  self->state = state;
  uns_owned_record_clear (&next);

  g_debug ("Now %s%s%s", uns_state_to_string (state),
           state == UNS_STATE_TRACKING ? ": " : "",
           state == UNS_STATE_TRACKING ? self->current.subject : "");
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
uns_tracker_set_day_rules (UnsTracker *self,
                           GTimeZone  *tz,
                           guint       boundary_minutes)
{
  g_return_if_fail (UNS_IS_TRACKER (self));
  g_return_if_fail (tz != NULL);

  g_clear_pointer (&self->tz, g_time_zone_unref);
  self->tz = g_time_zone_ref (tz);
  self->boundary = MIN (boundary_minutes, 1439);
  uns_store_set_day_rules (self->store, tz, self->boundary);
  for (GList *l = self->unsaved.head; l != NULL; l = l->next)
    {
      UnsPiece *piece = l->data;

      uns_tracker_day_of (self, piece->start, &piece->day);
    }
  uns_tracker_arm_day (self);
}

/**
 * uns_tracker_reclassify:
 * @self: a tracker
 *
 * Classifies the activity going on again, after the catalog changed: time
 * from now on counts toward what it now belongs to.
 */
void
uns_tracker_reclassify (UnsTracker *self)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  uns_tracker_update (self, 0);
}

void
uns_tracker_set_checkpoint_interval (UnsTracker *self,
                                     guint       seconds)
{
  g_return_if_fail (UNS_IS_TRACKER (self));
  g_return_if_fail (seconds > 0);

  self->checkpoint_interval = seconds;
  uns_tracker_arm_checkpoint (self);
}

void
uns_tracker_set_site_policy (UnsTracker    *self,
                             UnsSitePolicy  policy)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  self->site_policy = policy;
  uns_tracker_update (self, 0);
}

/**
 * uns_tracker_report_focus:
 * @self: a tracker
 * @app_id: (nullable): the focused window's app id, or "" / %NULL
 * @wm_class: (nullable): its WM class
 * @source: (nullable): the reporting source, for the log
 *
 * Both empty means nothing has focus. Arguments are validated by the caller.
 */
void
uns_tracker_report_focus (UnsTracker *self,
                          const char *app_id,
                          const char *wm_class,
                          const char *source)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  self->have_focus_source = TRUE;
  g_free (self->focus_app_id);
  self->focus_app_id = g_strdup (app_id);
  g_free (self->focus_wm_class);
  self->focus_wm_class = g_strdup (wm_class);

  g_debug ("Focus from %s: app “%s”, class “%s”", source != NULL && *source != '\0' ? source : "a source",
           app_id != NULL ? app_id : "", wm_class != NULL ? wm_class : "");
  uns_tracker_update (self, 0);
}

void
uns_tracker_report_tab (UnsTracker *self,
                        const char *browser,
                        const char *hostname,
                        gboolean    focused,
                        gboolean    audible,
                        gboolean    incognito)
{
  UnsTab *tab;

  g_return_if_fail (UNS_IS_TRACKER (self));
  g_return_if_fail (browser != NULL && hostname != NULL);

  tab = g_hash_table_lookup (self->tabs, browser);
  if (tab == NULL)
    {
      tab = g_new0 (UnsTab, 1);
      tab->browser = g_strdup (browser);
      g_hash_table_insert (self->tabs, tab->browser, tab);
    }
  g_free (tab->hostname);
  tab->hostname = g_ascii_strdown (hostname, -1);
  tab->focused = focused;
  tab->audible = audible;
  tab->incognito = incognito;
  tab->seq = ++self->tab_seq;

  uns_tracker_update (self, 0);
}

void
uns_tracker_forget_browser (UnsTracker *self,
                            const char *browser)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  if (g_hash_table_remove (self->tabs, browser))
    uns_tracker_update (self, 0);
}

/**
 * uns_tracker_set_idle:
 * @self: a tracker
 * @idle: whether the user is idle
 * @idle_for_usec: when becoming idle, how long ago input stopped; the time
 *   since then is not counted
 */
void
uns_tracker_set_idle (UnsTracker *self,
                      gboolean    idle,
                      gint64      idle_for_usec)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  if (self->idle == !!idle)
    return;
  self->idle = !!idle;
  uns_tracker_update (self, idle ? idle_for_usec : 0);
}

void
uns_tracker_set_locked (UnsTracker *self,
                        gboolean    locked)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  if (self->locked == !!locked)
    return;
  self->locked = !!locked;
  uns_tracker_update (self, 0);
}

void
uns_tracker_set_asleep (UnsTracker *self,
                        gboolean    asleep)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  if (self->asleep == !!asleep)
    return;
  self->asleep = !!asleep;
  uns_tracker_update (self, 0);
  /* What came before sleeping is on disk before the machine sleeps. */
  if (asleep)
    uns_tracker_save_queue (self);
  /* The monotonic clock stood still while asleep: timers for wall-clock
   * instants must be armed again. */
  if (!asleep)
    uns_tracker_arm_day (self);
}

static void
uns_tracker_pause_done_cb (gpointer user_data)
{
  UnsTracker *self = UNS_TRACKER (user_data);

  self->pause_timer = 0;
  uns_tracker_resume (self);
}

/**
 * uns_tracker_pause:
 * @self: a tracker
 * @seconds: for how long; 0 until uns_tracker_resume()
 */
void
uns_tracker_pause (UnsTracker *self,
                   gint64      seconds)
{
  g_return_if_fail (UNS_IS_TRACKER (self));
  g_return_if_fail (seconds >= 0);

  uns_clock_clear_timeout (self->clock, &self->pause_timer);
  self->paused = TRUE;
  if (seconds > 0)
    {
      self->paused_until = uns_clock_get_wall_usec (self->clock) + seconds * G_USEC_PER_SEC;
      self->pause_timer = uns_clock_add_timeout (self->clock,
                                                 uns_clock_get_mono_usec (self->clock) + seconds * G_USEC_PER_SEC,
                                                 uns_tracker_pause_done_cb, self);
    }
  else
    self->paused_until = 0;

  uns_tracker_update (self, 0);
  /* The time before the pause is saved as it begins, not some time later. */
  uns_tracker_save_queue (self);
  /* A new pause while already paused changes only its end. */
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
uns_tracker_resume (UnsTracker *self)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  if (!self->paused)
    return;
  uns_clock_clear_timeout (self->clock, &self->pause_timer);
  self->paused = FALSE;
  self->paused_until = 0;
  uns_tracker_update (self, 0);
}

/**
 * uns_tracker_restart_span:
 * @self: a tracker
 *
 * Saves the open span and starts a fresh one at this instant, as if the
 * activity had just begun: used after recorded time was forgotten.
 */
void
uns_tracker_restart_span (UnsTracker *self)
{
  g_autoptr(GError) error = NULL;
  gint64 now_mono;

  g_return_if_fail (UNS_IS_TRACKER (self));

  if (!self->open)
    return;

  now_mono = uns_clock_get_mono_usec (self->clock);
  if (!uns_tracker_save_open (self, now_mono, &error))
    g_warning ("Could not save recorded time: %s", error->message);
  self->start_wall = uns_tracker_wall_at (self, now_mono);
  self->start_mono = now_mono;
  self->flushed_mono = now_mono;
  self->span_id = 0;
  uns_tracker_arm_checkpoint (self);
}

/**
 * uns_tracker_flush:
 * @self: a tracker
 * @error: return location for a #GError
 *
 * Saves everything recorded so far, including the activity going on.
 */
gboolean
uns_tracker_flush (UnsTracker *self,
                   GError    **error)
{
  g_return_val_if_fail (UNS_IS_TRACKER (self), FALSE);

  uns_tracker_check_wall_jump (self);
  if (!uns_tracker_save_open (self, uns_clock_get_mono_usec (self->clock), error))
    return FALSE;
  uns_tracker_arm_checkpoint (self);
  return TRUE;
}

/**
 * uns_tracker_when_saved:
 * @self: a tracker
 * @func: called once the time recorded so far was written (or, should the
 *   store refuse it, once it is safely kept in memory to write later)
 * @user_data: data for @func
 *
 * Lets a report be answered only once what it closed is on disk, as
 * before group commit, while many reports still share one commit. @func
 * runs at once when nothing waits to be written.
 */
void
uns_tracker_when_saved (UnsTracker   *self,
                        UnsSavedFunc  func,
                        gpointer      user_data)
{
  UnsWaiter waiter = { func, user_data };

  g_return_if_fail (UNS_IS_TRACKER (self));
  g_return_if_fail (func != NULL);

  if (self->flush_idle == 0)
    {
      func (user_data);
      return;
    }
  g_array_append_val (self->waiters, waiter);
}

UnsState
uns_tracker_get_state (UnsTracker *self)
{
  g_return_val_if_fail (UNS_IS_TRACKER (self), UNS_STATE_NONE);

  return self->state;
}

/**
 * uns_tracker_get_record:
 * @self: a tracker
 *
 * Returns: (nullable) (transfer none): what is being tracked, or %NULL when
 *   nothing is; valid until the next change
 */
const UnsRecord *
uns_tracker_get_record (UnsTracker *self)
{
  g_return_val_if_fail (UNS_IS_TRACKER (self), NULL);

  if (self->state != UNS_STATE_TRACKING)
    return NULL;
  self->current_view = uns_owned_record_view (&self->current);
  return &self->current_view;
}

/**
 * uns_tracker_get_since_usec:
 * @self: a tracker
 *
 * Returns: the wall time at which the current state began
 */
gint64
uns_tracker_get_since_usec (UnsTracker *self)
{
  g_return_val_if_fail (UNS_IS_TRACKER (self), 0);

  return uns_clock_get_wall_usec (self->clock) -
         (uns_clock_get_mono_usec (self->clock) - self->since_mono);
}

/**
 * uns_tracker_get_paused_until_usec:
 * @self: a tracker
 *
 * Returns: 0 when not paused, -1 when paused until resumed, else the wall
 *   time at which the pause ends
 */
gint64
uns_tracker_get_paused_until_usec (UnsTracker *self)
{
  g_return_val_if_fail (UNS_IS_TRACKER (self), 0);

  if (!self->paused)
    return 0;
  return self->paused_until == 0 ? -1 : self->paused_until;
}

gint64
uns_tracker_get_now_usec (UnsTracker *self)
{
  g_return_val_if_fail (UNS_IS_TRACKER (self), 0);

  return uns_clock_get_wall_usec (self->clock);
}

guint
uns_tracker_get_day_boundary (UnsTracker *self)
{
  g_return_val_if_fail (UNS_IS_TRACKER (self), 0);

  return self->boundary;
}

/**
 * uns_tracker_get_timezone:
 * @self: a tracker
 *
 * Returns: (transfer none): the local time zone days are counted in
 */
GTimeZone *
uns_tracker_get_timezone (UnsTracker *self)
{
  g_return_val_if_fail (UNS_IS_TRACKER (self), NULL);

  return self->tz;
}

void
uns_tracker_day_of (UnsTracker *self,
                    gint64      unix_usec,
                    GDate      *out)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  uns_day_of_instant (self->tz, self->boundary, unix_usec, out);
}

/**
 * uns_tracker_wall_clock_changed:
 * @self: a tracker
 *
 * Tells the tracker that the system time was set, so that the open span
 * continues in the new wall time and the day boundary is found again.
 */
void
uns_tracker_wall_clock_changed (UnsTracker *self)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  uns_tracker_check_wall_jump (self);
  uns_tracker_arm_day (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

void
uns_tracker_get_today (UnsTracker *self,
                       GDate      *out)
{
  g_return_if_fail (UNS_IS_TRACKER (self));

  uns_day_of_instant (self->tz, self->boundary, uns_clock_get_wall_usec (self->clock), out);
}

/**
 * uns_tracker_foreach_unsaved:
 * @self: a tracker
 * @func: called for each stretch of time not yet in the store
 * @user_data: data for @func
 *
 * Lets summaries include the activity going on (and anything the store
 * refused) without writing to disk on every query.
 */
void
uns_tracker_foreach_unsaved (UnsTracker     *self,
                             UnsUnsavedFunc  func,
                             gpointer        user_data)
{
  gint64 now_mono;

  g_return_if_fail (UNS_IS_TRACKER (self));

  for (GList *l = self->unsaved.head; l != NULL; l = l->next)
    {
      UnsPiece *piece = l->data;
      UnsRecord view = uns_owned_record_view (&piece->record);

      func (&view, &piece->day, piece->start, piece->end, user_data);
    }

  now_mono = uns_clock_get_mono_usec (self->clock);
  if (self->open && now_mono > self->flushed_mono)
    {
      UnsRecord view = uns_owned_record_view (&self->current);
      gint64 start = uns_tracker_wall_at (self, self->flushed_mono);
      GDate day;

      uns_tracker_day_of (self, start, &day);
      func (&view, &day, start, uns_tracker_wall_at (self, now_mono), user_data);
    }
}

typedef struct
{
  UnsTracker      *self;
  const GDate     *from;
  const GDate     *to;
  UnsGroupBy       group_by;
  GPtrArray       *rows;
} UnsMergeData;

static void
merge_unsaved_cb (const UnsRecord *record,
                  const GDate     *day,
                  gint64           start_usec,
                  gint64           end_usec,
                  gpointer         user_data)
{
  UnsMergeData *data = user_data;
  g_autofree char *day_key = NULL;
  const char *key = NULL;

  if (g_date_compare (day, data->from) < 0 || g_date_compare (day, data->to) > 0)
    return;

  switch (data->group_by)
    {
    case UNS_GROUP_SERVICE:
      key = record->service;
      break;
    case UNS_GROUP_CATEGORY:
      key = record->category;
      break;
    case UNS_GROUP_APP:
      key = record->kind == UNS_KIND_APP ? record->subject : NULL;
      break;
    case UNS_GROUP_SITE:
      key = record->kind == UNS_KIND_SITE ? record->subject : NULL;
      break;
    case UNS_GROUP_DAY:
      if (record->service != NULL)
        key = day_key = uns_day_to_string (day);
      break;
    default:
      g_assert_not_reached ();
    }
  if (key == NULL)
    return;

  for (guint i = 0; i < data->rows->len; i++)
    {
      UnsSummaryRow *row = g_ptr_array_index (data->rows, i);

      if (g_strcmp0 (row->key, key) == 0)
        {
          row->usec += end_usec - start_usec;
          return;
        }
    }

  {
    UnsSummaryRow *row = g_new0 (UnsSummaryRow, 1);

    row->key = g_strdup (key);
    row->usec = end_usec - start_usec;
    g_ptr_array_add (data->rows, row);
  }
}

static int
compare_rows_by_time (gconstpointer a,
                      gconstpointer b)
{
  const UnsSummaryRow *ra = *(const UnsSummaryRow * const *) a;
  const UnsSummaryRow *rb = *(const UnsSummaryRow * const *) b;

  if (ra->usec != rb->usec)
    return ra->usec > rb->usec ? -1 : 1;
  return g_strcmp0 (ra->key, rb->key);
}

/**
 * uns_tracker_summary:
 * @self: a tracker
 * @from: first day
 * @to: last day, inclusive
 * @group_by: how to group
 * @error: return location for a #GError
 *
 * The store's totals for the range with the time not yet saved added, so
 * that figures include the activity going on without a write per query.
 *
 * Returns: (transfer container) (element-type UnsSummaryRow): rows
 */
GPtrArray *
uns_tracker_summary (UnsTracker  *self,
                     const GDate *from,
                     const GDate *to,
                     UnsGroupBy   group_by,
                     GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  UnsMergeData data;

  rows = uns_store_summary (self->store, from, to, group_by, error);
  if (rows == NULL)
    return NULL;

  data = (UnsMergeData) { self, from, to, group_by, rows };
  uns_tracker_foreach_unsaved (self, merge_unsaved_cb, &data);

  if (group_by != UNS_GROUP_DAY)
    g_ptr_array_sort (rows, compare_rows_by_time);
  return g_steal_pointer (&rows);
}
