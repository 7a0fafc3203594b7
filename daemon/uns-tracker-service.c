/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Tracker: checks what sources report and hands it to
 * the tracker. A browser's tab state is kept per caller, and dropped when
 * that caller leaves the bus, so a crashed native host leaves nothing
 * behind. */
#include "config.h"

#include <glib/gi18n.h>

#include "uns-tracker-service.h"
#include "uns-validate.h"

#define UNS_TRACKER_VERSION 1

struct _UnsTrackerService
{
  UnsDbusTrackerSkeleton parent_instance;

  UnsTracker *tracker;   /* (owned) */
  GHashTable *callers;   /* (owned) unique name → UnsCaller (owned) */
};

typedef struct
{
  UnsTrackerService *service;  /* (unowned) */
  char              *name;
  guint              watch_id;
  GHashTable        *browsers; /* (owned) set of tracker keys */
} UnsCaller;

enum
{
  SIGNAL_FOCUS_REPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void uns_tracker_service_iface_init (UnsDbusTrackerIface *iface);

G_DEFINE_TYPE_WITH_CODE (UnsTrackerService, uns_tracker_service, UNS_DBUS_TYPE_TRACKER_SKELETON,
                         G_IMPLEMENT_INTERFACE (UNS_DBUS_TYPE_TRACKER,
                                                uns_tracker_service_iface_init))

static void
uns_caller_free (gpointer data)
{
  UnsCaller *caller = data;

  g_clear_handle_id (&caller->watch_id, g_bus_unwatch_name);
  g_hash_table_unref (caller->browsers);
  g_free (caller->name);
  g_free (caller);
}

/* Two browsers (or two profiles of one) may use the same id: the tracker
 * knows each by caller and id together. */
static char *
uns_tracker_key (const char *sender,
                 const char *browser)
{
  return g_strconcat (sender != NULL ? sender : "", "/", browser, NULL);
}

static void
caller_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  UnsCaller *caller = user_data;
  UnsTrackerService *self = caller->service;
  GHashTableIter iter;
  gpointer key;

  g_debug ("Source %s left the bus; dropping its tabs", name);
  g_hash_table_iter_init (&iter, caller->browsers);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    uns_tracker_forget_browser (self->tracker, key);

  g_hash_table_remove (self->callers, name);
}

static void
uns_tracker_service_remember (UnsTrackerService     *self,
                              GDBusMethodInvocation *invocation,
                              const char            *key)
{
  const char *sender = g_dbus_method_invocation_get_sender (invocation);
  UnsCaller *caller;

  /* A peer-to-peer connection has no sender and cannot vanish by name. */
  if (sender == NULL)
    return;

  caller = g_hash_table_lookup (self->callers, sender);
  if (caller == NULL)
    {
      caller = g_new0 (UnsCaller, 1);
      caller->service = self;
      caller->name = g_strdup (sender);
      caller->browsers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (self->callers, caller->name, caller);
      caller->watch_id =
        g_bus_watch_name_on_connection (g_dbus_method_invocation_get_connection (invocation),
                                        sender, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                        NULL, caller_vanished_cb, caller, NULL);
    }
  g_hash_table_add (caller->browsers, g_strdup (key));
}

/* Answers a report once the time it closed is on disk: a caller may rely
 * on that, and reports that arrive together still share one commit. */
static void
report_saved_cb (gpointer user_data)
{
  GDBusMethodInvocation *invocation = user_data;

  /* Both reports answer with no values; this takes the invocation over. */
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
handle_report_focus (UnsDbusTracker        *object,
                     GDBusMethodInvocation *invocation,
                     const char            *app_id,
                     GVariant              *details)
{
  UnsTrackerService *self = UNS_TRACKER_SERVICE (object);
  g_autoptr(GError) error = NULL;
  const char *wm_class, *source;

  if (!uns_validate_app_id (app_id, "app_id", &error) ||
      !uns_validate_focus_details (details, &wm_class, &source, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  uns_tracker_report_focus (self->tracker, app_id, wm_class, source);
  g_signal_emit (self, signals[SIGNAL_FOCUS_REPORTED], 0, source);
  uns_tracker_when_saved (self->tracker, report_saved_cb, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_report_tab (UnsDbusTracker        *object,
                   GDBusMethodInvocation *invocation,
                   const char            *browser,
                   const char            *hostname,
                   gboolean               focused,
                   gboolean               audible,
                   gboolean               incognito)
{
  UnsTrackerService *self = UNS_TRACKER_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (!uns_validate_browser_id (browser, &error) ||
      !uns_validate_hostname (hostname, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  key = uns_tracker_key (g_dbus_method_invocation_get_sender (invocation), browser);
  uns_tracker_service_remember (self, invocation, key);
  /* A private window's hostname is not even kept in memory. */
  uns_tracker_report_tab (self->tracker, key, incognito ? "" : hostname,
                          focused, audible, incognito);
  uns_tracker_when_saved (self->tracker, report_saved_cb, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_forget_browser (UnsDbusTracker        *object,
                       GDBusMethodInvocation *invocation,
                       const char            *browser)
{
  UnsTrackerService *self = UNS_TRACKER_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  if (!uns_validate_browser_id (browser, &error))
    {
      g_dbus_method_invocation_return_gerror (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  key = uns_tracker_key (g_dbus_method_invocation_get_sender (invocation), browser);
  uns_tracker_forget_browser (self->tracker, key);
  uns_dbus_tracker_complete_forget_browser (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
uns_tracker_service_iface_init (UnsDbusTrackerIface *iface)
{
  iface->handle_report_focus = handle_report_focus;
  iface->handle_report_tab = handle_report_tab;
  iface->handle_forget_browser = handle_forget_browser;
}

static void
uns_tracker_service_dispose (GObject *object)
{
  UnsTrackerService *self = UNS_TRACKER_SERVICE (object);

  g_clear_pointer (&self->callers, g_hash_table_unref);
  g_clear_object (&self->tracker);

  G_OBJECT_CLASS (uns_tracker_service_parent_class)->dispose (object);
}

static void
uns_tracker_service_class_init (UnsTrackerServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uns_tracker_service_dispose;

  /**
   * UnsTrackerService::focus-reported:
   * @source: the source name the caller gave, or ""
   *
   * A focus source on the bus reported, after the tracker took it. The
   * in-process X11 source stands down once a better-informed one (the
   * Shell extension) is there.
   */
  signals[SIGNAL_FOCUS_REPORTED] = g_signal_new ("focus-reported", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
uns_tracker_service_init (UnsTrackerService *self)
{
  self->callers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, uns_caller_free);
}

UnsTrackerService *
uns_tracker_service_new (UnsTracker *tracker)
{
  UnsTrackerService *self;

  g_return_val_if_fail (UNS_IS_TRACKER (tracker), NULL);

  self = g_object_new (UNS_TYPE_TRACKER_SERVICE, NULL);
  self->tracker = g_object_ref (tracker);
  uns_dbus_tracker_set_version (UNS_DBUS_TRACKER (self), UNS_TRACKER_VERSION);
  return self;
}
