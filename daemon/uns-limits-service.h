/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Limits: budgets, downtime and nudges on the bus. */
#pragma once

#include "uns-dbus-generated.h"
#include "uns-limits.h"
#include "uns-store.h"

G_BEGIN_DECLS

#define UNS_TYPE_LIMITS_SERVICE (uns_limits_service_get_type ())
G_DECLARE_FINAL_TYPE (UnsLimitsService, uns_limits_service, UNS, LIMITS_SERVICE,
                      UnsDbusLimitsSkeleton)

UnsLimitsService *uns_limits_service_new (UnsLimits *limits,
                                          UnsStore  *store);

G_END_DECLS
