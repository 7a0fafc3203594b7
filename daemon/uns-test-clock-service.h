/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.TestClock: lets tests move the daemon's clock. */
#pragma once

#include "uns-clock.h"
#include "uns-dbus-generated.h"
#include "uns-tracker.h"

G_BEGIN_DECLS

#define UNS_TYPE_TEST_CLOCK_SERVICE (uns_test_clock_service_get_type ())
G_DECLARE_FINAL_TYPE (UnsTestClockService, uns_test_clock_service, UNS, TEST_CLOCK_SERVICE,
                      UnsDbusTestClockSkeleton)

UnsTestClockService *uns_test_clock_service_new (UnsClock   *clock,
                                                 UnsTracker *tracker);

G_END_DECLS
