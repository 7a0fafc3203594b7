/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Usage: what front ends read. */
#pragma once

#include "uns-catalog.h"
#include "uns-dbus-generated.h"
#include "uns-store.h"
#include "uns-tracker.h"

G_BEGIN_DECLS

#define UNS_TYPE_USAGE_SERVICE (uns_usage_service_get_type ())
G_DECLARE_FINAL_TYPE (UnsUsageService, uns_usage_service, UNS, USAGE_SERVICE,
                      UnsDbusUsageSkeleton)

UnsUsageService *uns_usage_service_new     (UnsTracker  *tracker,
                                            UnsStore    *store,
                                            UnsCatalog  *catalog);
void             uns_usage_service_refresh (UnsUsageService *self);

G_END_DECLS
