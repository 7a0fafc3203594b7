/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Tracker: where focus sources report. */
#pragma once

#include "uns-dbus-generated.h"
#include "uns-tracker.h"

G_BEGIN_DECLS

#define UNS_TYPE_TRACKER_SERVICE (uns_tracker_service_get_type ())
G_DECLARE_FINAL_TYPE (UnsTrackerService, uns_tracker_service, UNS, TRACKER_SERVICE,
                      UnsDbusTrackerSkeleton)

UnsTrackerService *uns_tracker_service_new (UnsTracker *tracker);

G_END_DECLS
