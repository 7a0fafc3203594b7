/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The one current activity, and the time it adds to the store. */
#pragma once

#include <glib-object.h>

#include "uns-catalog.h"
#include "uns-clock.h"
#include "uns-record.h"
#include "uns-store.h"

G_BEGIN_DECLS

typedef enum
{
  UNS_STATE_NONE,     /* nothing focused, or no source has reported yet */
  UNS_STATE_TRACKING,
  UNS_STATE_IDLE,
  UNS_STATE_LOCKED,
  UNS_STATE_ASLEEP,
  UNS_STATE_PAUSED,
  UNS_STATE_PRIVATE,  /* a private browser window: nothing is recorded */
} UnsState;

typedef enum
{
  UNS_SITE_POLICY_CATALOG,
  UNS_SITE_POLICY_PER_DOMAIN,
} UnsSitePolicy;

/* Called by uns_tracker_foreach_unsaved() for time not yet in the store;
 * @day is the local day @start_usec falls on. */
typedef void (*UnsUnsavedFunc) (const UnsRecord *record,
                                const GDate     *day,
                                gint64           start_usec,
                                gint64           end_usec,
                                gpointer         user_data);

/* Called by uns_tracker_when_saved(). */
typedef void (*UnsSavedFunc) (gpointer user_data);

#define UNS_TYPE_TRACKER (uns_tracker_get_type ())
G_DECLARE_FINAL_TYPE (UnsTracker, uns_tracker, UNS, TRACKER, GObject)

UnsTracker      *uns_tracker_new                    (UnsClock       *clock,
                                                     UnsStore       *store,
                                                     UnsCatalog     *catalog);

void             uns_tracker_set_day_rules          (UnsTracker     *self,
                                                     GTimeZone      *tz,
                                                     guint           boundary_minutes);
void             uns_tracker_set_checkpoint_interval (UnsTracker    *self,
                                                     guint           seconds);
void             uns_tracker_set_site_policy        (UnsTracker     *self,
                                                     UnsSitePolicy   policy);

void             uns_tracker_report_focus           (UnsTracker     *self,
                                                     const char     *app_id,
                                                     const char     *wm_class,
                                                     const char     *source);
void             uns_tracker_report_tab             (UnsTracker     *self,
                                                     const char     *browser,
                                                     const char     *hostname,
                                                     gboolean        focused,
                                                     gboolean        audible,
                                                     gboolean        incognito);
void             uns_tracker_forget_browser         (UnsTracker     *self,
                                                     const char     *browser);
void             uns_tracker_set_idle               (UnsTracker     *self,
                                                     gboolean        idle,
                                                     gint64          idle_for_usec);
void             uns_tracker_set_locked             (UnsTracker     *self,
                                                     gboolean        locked);
void             uns_tracker_set_asleep             (UnsTracker     *self,
                                                     gboolean        asleep);
void             uns_tracker_pause                  (UnsTracker     *self,
                                                     gint64          seconds);
void             uns_tracker_resume                 (UnsTracker     *self);
void             uns_tracker_reclassify             (UnsTracker     *self);
void             uns_tracker_restart_span           (UnsTracker     *self);
gboolean         uns_tracker_flush                  (UnsTracker     *self,
                                                     GError        **error);
void             uns_tracker_when_saved             (UnsTracker     *self,
                                                     UnsSavedFunc    func,
                                                     gpointer        user_data);

UnsState         uns_tracker_get_state              (UnsTracker     *self);
const UnsRecord *uns_tracker_get_record             (UnsTracker     *self);
gint64           uns_tracker_get_since_usec         (UnsTracker     *self);
gint64           uns_tracker_get_paused_until_usec  (UnsTracker     *self);
void             uns_tracker_get_today              (UnsTracker     *self,
                                                     GDate          *out);
gint64           uns_tracker_get_now_usec           (UnsTracker     *self);
guint            uns_tracker_get_day_boundary       (UnsTracker     *self);
GTimeZone       *uns_tracker_get_timezone           (UnsTracker     *self);
void             uns_tracker_day_of                 (UnsTracker     *self,
                                                     gint64          unix_usec,
                                                     GDate          *out);
void             uns_tracker_wall_clock_changed     (UnsTracker     *self);
void             uns_tracker_foreach_unsaved        (UnsTracker     *self,
                                                     UnsUnsavedFunc  func,
                                                     gpointer        user_data);

GPtrArray       *uns_tracker_summary                (UnsTracker     *self,
                                                     const GDate    *from,
                                                     const GDate    *to,
                                                     UnsGroupBy      group_by,
                                                     GError        **error);

const char      *uns_state_to_string                (UnsState        state);

G_END_DECLS
