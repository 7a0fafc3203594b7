/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The limits engine: self-set budgets, downtime, and the exact instant of
 * the next nudge. */
#pragma once

#include <glib-object.h>

#include "uns-catalog.h"
#include "uns-clock.h"
#include "uns-store.h"
#include "uns-tracker.h"

G_BEGIN_DECLS

typedef enum
{
  UNS_NUDGE_NONE,
  UNS_NUDGE_HEADS_UP,
  UNS_NUDGE_REACHED,
  UNS_NUDGE_CONTINUOUS_USE,
  UNS_NUDGE_DOWNTIME,
} UnsNudgeLevel;

/* What a nudge is about: the same facts feed the notification, the signal
 * the browser overlay follows, and the panel. */
typedef struct
{
  UnsNudgeLevel level;
  char         *service;       /* service id */
  char         *service_name;  /* what the budget is for: the service, the
                                * category, or "social media" for the total */
  gboolean      total;         /* a limit on all social time */
  guint         limit_id;      /* 0 for continuous use and downtime */
  gint64        used_usec;     /* today's use under the limit, or the unbroken stretch */
  gint64        limit_usec;    /* today's budget */
  gboolean      can_snooze;
  gboolean      strict;
  gboolean      first;         /* FALSE for a reminder after the limit */
  guint         downtime_end;  /* minutes after midnight, for downtime */
} UnsNudge;

void      uns_nudge_free           (UnsNudge *nudge);
UnsNudge *uns_nudge_copy           (const UnsNudge *nudge);
const char *uns_nudge_level_to_string (UnsNudgeLevel level);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnsNudge, uns_nudge_free)

#define UNS_TYPE_LIMITS (uns_limits_get_type ())
G_DECLARE_FINAL_TYPE (UnsLimits, uns_limits, UNS, LIMITS, GObject)

UnsLimits  *uns_limits_new                (UnsClock          *clock,
                                           UnsStore          *store,
                                           UnsCatalog        *catalog,
                                           UnsTracker        *tracker,
                                           GError           **error);

void        uns_limits_set_heads_up       (UnsLimits         *self,
                                           guint              minutes);
void        uns_limits_set_continuous_use (UnsLimits         *self,
                                           guint              minutes);
void        uns_limits_set_snoozes_per_day (UnsLimits        *self,
                                           guint              snoozes);

GPtrArray  *uns_limits_list               (UnsLimits         *self);
const UnsLimit *uns_limits_get            (UnsLimits         *self,
                                           guint              id);
gint64      uns_limits_get_used_usec      (UnsLimits         *self,
                                           const UnsLimit    *limit);
guint       uns_limits_get_today_minutes  (UnsLimits         *self,
                                           const UnsLimit    *limit);
guint       uns_limits_get_snoozes        (UnsLimits         *self,
                                           const char        *service);
gint64      uns_limits_get_snoozed_until  (UnsLimits         *self,
                                           const char        *service);
const char *uns_limits_get_target_name    (UnsLimits         *self,
                                           const UnsLimit    *limit);

gboolean    uns_limits_add                (UnsLimits         *self,
                                           UnsLimit          *limit,
                                           GError           **error);
gboolean    uns_limits_change             (UnsLimits         *self,
                                           const UnsLimit    *limit,
                                           GError           **error);
gboolean    uns_limits_remove             (UnsLimits         *self,
                                           guint              id,
                                           GError           **error);

gboolean    uns_limits_snooze             (UnsLimits         *self,
                                           const char        *service,
                                           gint64            *out_until_usec,
                                           GError           **error);
gint64      uns_limits_take_break         (UnsLimits         *self,
                                           gint64             seconds);
void        uns_limits_log_response       (UnsLimits         *self,
                                           const char        *service,
                                           guint              limit_id,
                                           const char        *response);

gboolean    uns_limits_record_pause_choice (UnsLimits        *self,
                                           const char        *service,
                                           const char        *choice,
                                           GError           **error);

GArray     *uns_limits_get_downtime       (UnsLimits         *self);
gboolean    uns_limits_set_downtime       (UnsLimits         *self,
                                           const UnsDowntime *windows,
                                           guint              n_windows,
                                           GError           **error);
gboolean    uns_limits_in_downtime        (UnsLimits         *self);

GPtrArray  *uns_limits_get_nudges         (UnsLimits         *self);

G_END_DECLS
