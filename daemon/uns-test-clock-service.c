/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.TestClock: exported only by a test build started with
 * --test-clock, so that tests move time instead of sleeping. */
#include "config.h"

#include <glib/gi18n.h>

#include "uns-test-clock-service.h"

/* A test that moves time by more than a year at once is broken. */
#define UNS_TEST_CLOCK_MAX_STEP (G_GINT64_CONSTANT (366) * 86400 * G_USEC_PER_SEC)

struct _UnsTestClockService
{
  UnsDbusTestClockSkeleton parent_instance;

  UnsClock   *clock;    /* (owned) */
  UnsTracker *tracker;  /* (owned) */
};

static void uns_test_clock_service_iface_init (UnsDbusTestClockIface *iface);

G_DEFINE_TYPE_WITH_CODE (UnsTestClockService, uns_test_clock_service,
                         UNS_DBUS_TYPE_TEST_CLOCK_SKELETON,
                         G_IMPLEMENT_INTERFACE (UNS_DBUS_TYPE_TEST_CLOCK,
                                                uns_test_clock_service_iface_init))

static gboolean
handle_advance (UnsDbusTestClock      *object,
                GDBusMethodInvocation *invocation,
                guint64                usec)
{
  UnsTestClockService *self = UNS_TEST_CLOCK_SERVICE (object);

  if (usec > (guint64) UNS_TEST_CLOCK_MAX_STEP)
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR,
                                                     G_DBUS_ERROR_INVALID_ARGS,
                                                     "Advance by at most 366 days at a time.");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  uns_clock_advance (self->clock, (gint64) usec);
  uns_dbus_test_clock_set_now (object, uns_clock_get_wall_usec (self->clock));
  uns_dbus_test_clock_complete_advance (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_jump_wall_clock (UnsDbusTestClock      *object,
                        GDBusMethodInvocation *invocation,
                        gint64                 usec)
{
  UnsTestClockService *self = UNS_TEST_CLOCK_SERVICE (object);

  if (usec <= 0)
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR,
                                                     G_DBUS_ERROR_INVALID_ARGS,
                                                     "The wall clock must be after 1970.");
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  uns_clock_jump_wall (self->clock, usec);
  /* The kernel tells a real daemon of a clock change at once; so do we. */
  uns_tracker_wall_clock_changed (self->tracker);
  uns_dbus_test_clock_set_now (object, uns_clock_get_wall_usec (self->clock));
  uns_dbus_test_clock_complete_jump_wall_clock (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
uns_test_clock_service_iface_init (UnsDbusTestClockIface *iface)
{
  iface->handle_advance = handle_advance;
  iface->handle_jump_wall_clock = handle_jump_wall_clock;
}

static void
uns_test_clock_service_dispose (GObject *object)
{
  UnsTestClockService *self = UNS_TEST_CLOCK_SERVICE (object);

  g_clear_object (&self->clock);
  g_clear_object (&self->tracker);

  G_OBJECT_CLASS (uns_test_clock_service_parent_class)->dispose (object);
}

static void
uns_test_clock_service_class_init (UnsTestClockServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uns_test_clock_service_dispose;
}

static void
uns_test_clock_service_init (UnsTestClockService *self)
{
}

UnsTestClockService *
uns_test_clock_service_new (UnsClock   *clock,
                            UnsTracker *tracker)
{
  UnsTestClockService *self;

  g_return_val_if_fail (uns_clock_is_test (clock), NULL);

  self = g_object_new (UNS_TYPE_TEST_CLOCK_SERVICE, NULL);
  self->clock = g_object_ref (clock);
  self->tracker = g_object_ref (tracker);
  uns_dbus_test_clock_set_now (UNS_DBUS_TEST_CLOCK (self), uns_clock_get_wall_usec (clock));
  return self;
}
