/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The daemon object. Start-up order matters: first the instance name, so
 * that only one daemon at a time ever opens the database (an instance that
 * would lose the race must not touch it, let alone move it aside as
 * damaged); then the database and the objects; and the bus name clients
 * use only once everything is exported, so a client that D-Bus-activated
 * us never finds an empty object. Losing the name (another instance ran
 * with --replace) saves the activity going on and stops the daemon
 * cleanly. */
#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <libnotify/notify.h>

#include "uns-catalog-service.h"
#include "uns-daemon.h"
#include "uns-day.h"
#include "uns-error.h"
#include "uns-idle.h"
#include "uns-limits-service.h"
#include "uns-limits.h"
#include "uns-nudger.h"
#include "uns-resources-service.h"
#include "uns-resources.h"
#include "uns-store.h"
#include "uns-test-clock-service.h"
#include "uns-tracker-service.h"
#include "uns-tracker.h"
#include "uns-usage-service.h"
#if HAVE_X11
#include "uns-x11-source.h"
#endif

/* Held for the daemon's whole life by the one instance allowed to open the
 * database. Clients never call it: it only decides who goes on. */
#define UNS_INSTANCE_NAME UNS_BUS_NAME ".Instance"

struct _UnsDaemon
{
  GObject              parent_instance;

  gboolean             replace;
  UnsClock            *clock;            /* (owned) */
  GSettings           *settings;         /* (owned) */
  GDBusConnection     *connection;       /* (owned) */
  GCancellable        *cancellable;      /* (owned) */
  UnsStore            *store;            /* (owned) */
  UnsCatalog          *catalog;          /* (owned) */
  UnsTracker          *tracker;          /* (owned) */
  UnsIdle             *idle;             /* (owned) */
  UnsLimits           *limits;           /* (owned) */
  UnsNudger           *nudger;           /* (owned) */
  UnsLimitsService    *limits_service;   /* (owned) */
  UnsResources        *resources;        /* (owned) (nullable) */
  UnsResourcesService *resources_service; /* (owned) (nullable) */
  UnsTrackerService   *tracker_service;  /* (owned) */
  UnsUsageService     *usage_service;    /* (owned) */
  UnsCatalogService   *catalog_service;  /* (owned) */
  UnsTestClockService *test_clock_service; /* (owned) (nullable) */
#if HAVE_X11
  UnsX11Source        *x11_source;       /* (owned) (nullable) */
#endif
  guint                name_id;
  gboolean             name_acquired;
  gboolean             stopped;
  gboolean             storage_told;     /* the user knows saving fails */
};

G_DEFINE_TYPE (UnsDaemon, uns_daemon, G_TYPE_OBJECT)

enum
{
  SIGNAL_QUIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
uns_daemon_dispose (GObject *object)
{
  UnsDaemon *self = UNS_DAEMON (object);

  uns_daemon_stop (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->name_id, g_bus_unown_name);
#if HAVE_X11
  g_clear_object (&self->x11_source);
#endif
  g_clear_object (&self->test_clock_service);
  g_clear_object (&self->catalog_service);
  g_clear_object (&self->usage_service);
  g_clear_object (&self->tracker_service);
  g_clear_object (&self->resources_service);
  g_clear_object (&self->resources);
  g_clear_object (&self->limits_service);
  g_clear_object (&self->nudger);
  g_clear_object (&self->limits);
  g_clear_object (&self->idle);
  g_clear_object (&self->tracker);
  g_clear_object (&self->catalog);
  g_clear_object (&self->store);
  g_clear_object (&self->connection);
  g_clear_object (&self->settings);
  g_clear_object (&self->clock);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (uns_daemon_parent_class)->dispose (object);
}

static void
uns_daemon_class_init (UnsDaemonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uns_daemon_dispose;

  /**
   * UnsDaemon::quit:
   * @exit_code: 0 after a clean hand-over, 1 when the name was never ours
   *
   * The daemon wants to stop: the bus name was lost or never acquired.
   */
  signals[SIGNAL_QUIT] = g_signal_new ("quit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
uns_daemon_init (UnsDaemon *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * uns_daemon_new:
 * @clock: the clock to run on
 * @replace: whether to take the bus name from a running instance
 *
 * Returns: (transfer full): a daemon, not yet started
 */
UnsDaemon *
uns_daemon_new (UnsClock *clock,
                gboolean  replace)
{
  UnsDaemon *self = g_object_new (UNS_TYPE_DAEMON, NULL);

  self->clock = g_object_ref (clock);
  self->replace = replace;
  return self;
}

static void
settings_changed_cb (GSettings  *settings,
                     const char *key,
                     gpointer    user_data)
{
  UnsDaemon *self = UNS_DAEMON (user_data);

  if (g_strcmp0 (key, "idle-timeout") == 0)
    uns_idle_set_timeout (self->idle, g_settings_get_uint (settings, key));
  else if (g_strcmp0 (key, "day-boundary") == 0)
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

      uns_tracker_set_day_rules (self->tracker, tz, g_settings_get_uint (settings, key));
      uns_usage_service_refresh (self->usage_service);
    }
  else if (g_strcmp0 (key, "checkpoint-interval") == 0)
    uns_tracker_set_checkpoint_interval (self->tracker, g_settings_get_uint (settings, key));
  else if (g_strcmp0 (key, "site-policy") == 0)
    uns_tracker_set_site_policy (self->tracker, g_settings_get_enum (settings, key));
  else if (g_strcmp0 (key, "heads-up-minutes") == 0)
    uns_limits_set_heads_up (self->limits, g_settings_get_uint (settings, key));
  else if (g_strcmp0 (key, "continuous-use-minutes") == 0)
    uns_limits_set_continuous_use (self->limits, g_settings_get_uint (settings, key));
  else if (g_strcmp0 (key, "snoozes-per-day") == 0)
    uns_limits_set_snoozes_per_day (self->limits, g_settings_get_uint (settings, key));
}

static void
idle_changed_cb (UnsIdle  *idle,
                 gboolean  is_idle,
                 gint64    idle_for_usec,
                 gpointer  user_data)
{
  uns_tracker_set_idle (UNS_DAEMON (user_data)->tracker, is_idle, idle_for_usec);
}

static void
locked_changed_cb (UnsIdle  *idle,
                   gboolean  locked,
                   gpointer  user_data)
{
  uns_tracker_set_locked (UNS_DAEMON (user_data)->tracker, locked);
}

static void
asleep_changed_cb (UnsIdle  *idle,
                   gboolean  asleep,
                   gpointer  user_data)
{
  uns_tracker_set_asleep (UNS_DAEMON (user_data)->tracker, asleep);
}

static void
open_support_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_message ("Could not open the support page: %s", error->message);
}

/* "Get support": the country's main crisis or support page. */
/* Tells the user about the database, once per problem: a full disk is
 * something they can fix, and they should not find lost time later. */
static void
uns_daemon_tell_storage (const char *summary,
                         const char *body)
{
  NotifyNotification *note;
  g_autoptr(GError) error = NULL;

  if (!notify_is_initted ())
    notify_init ("Unscroll");
  note = notify_notification_new (summary, body, "io.github.Unscroll");
  notify_notification_set_app_name (note, _("Unscroll"));
  notify_notification_set_hint_string (note, "desktop-entry", UNS_APP_ID);
  if (!notify_notification_show (note, &error))
    g_debug ("Could not show a notification: %s", error->message);
  g_object_unref (note);
}

static void
store_problem_cb (UnsStore   *store,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  UnsDaemon *self = UNS_DAEMON (user_data);
  const char *problem = uns_store_get_problem (store);

  if (problem != NULL && !self->storage_told)
    {
      self->storage_told = TRUE;
      g_warning ("Saving recorded time fails; keeping it in memory: %s", problem);
      uns_daemon_tell_storage (_("Unscroll cannot save right now"), problem);
    }
  else if (problem == NULL && self->storage_told)
    {
      self->storage_told = FALSE;
      g_message ("Saving recorded time works again; everything kept in memory is saved");
    }
}

static void
support_requested_cb (UnsNudger *nudger,
                      gpointer   user_data)
{
  UnsDaemon *self = UNS_DAEMON (user_data);
  g_autofree char *country = NULL;
  g_autofree char *setting = NULL;
  const UnsResource *main_resource;

  if (self->resources == NULL)
    return;
  setting = g_settings_get_string (self->settings, "country");
  country = uns_resources_effective_country (setting);
  main_resource = uns_resources_get_main (self->resources, country);
  if (main_resource == NULL || main_resource->url == NULL)
    return;
  g_app_info_launch_default_for_uri_async (main_resource->url, NULL, self->cancellable,
                                           open_support_cb, NULL);
}

static void
services_changed_cb (UnsCatalogService *service,
                     gpointer           user_data)
{
  uns_tracker_reclassify (UNS_DAEMON (user_data)->tracker);
}

#if HAVE_X11
static void
focus_reported_cb (UnsTrackerService *service,
                   const char        *source,
                   gpointer           user_data)
{
  UnsDaemon *self = UNS_DAEMON (user_data);

  /* The Shell extension knows Wayland and X11 windows alike, and better. */
  if (self->x11_source != NULL && g_strcmp0 (source, "x11") != 0)
    {
      g_message ("Another focus source reports now; the X11 source stands down.");
      g_clear_object (&self->x11_source);
    }
}

static void
x11_focus_cb (const char *app_id,
              const char *wm_class,
              gpointer    user_data)
{
  uns_tracker_report_focus (UNS_TRACKER (user_data), app_id, wm_class, "x11");
}

/* The X11 source runs on X11 sessions, and where a display is set but the
 * session type is not (a bare X server started by startx, or a test). A
 * Wayland session's DISPLAY is Xwayland, which sees only some windows. */
static gboolean
x11_session (void)
{
  const char *display = g_getenv ("DISPLAY");
  const char *session_type = g_getenv ("XDG_SESSION_TYPE");

  if (display == NULL || *display == '\0')
    return FALSE;
  return session_type == NULL || *session_type == '\0' || g_strcmp0 (session_type, "x11") == 0;
}

/* Only here, on an X11 session, does the daemon map xcb and its libraries
 * (see uns-x11-source.h). UNSCROLL_X11_MODULE names the module in a build
 * tree, for tests and `make desktop`. */
static void
uns_daemon_start_x11 (UnsDaemon *self)
{
  g_autoptr(GError) error = NULL;
  const char *path = g_getenv ("UNSCROLL_X11_MODULE");
  UnsX11SourceNewFunc source_new = NULL;
  GModule *module;

  if (!x11_session ())
    return;

  if (path == NULL || *path == '\0')
    path = UNS_X11_MODULE_PATH;
  module = g_module_open (path, G_MODULE_BIND_LAZY | G_MODULE_BIND_LOCAL);
  if (module == NULL)
    {
      g_message ("Not following focus on X11: %s", g_module_error ());
      return;
    }
  if (!g_module_symbol (module, "uns_x11_source_new", (gpointer *) &source_new))
    {
      g_message ("Not following focus on X11: %s", g_module_error ());
      g_module_close (module);
      return;
    }
  /* It registers a GType, which cannot be unregistered. */
  g_module_make_resident (module);

  self->x11_source = source_new (x11_focus_cb, g_object_ref (self->tracker), g_object_unref, &error);
  if (self->x11_source == NULL)
    {
      g_message ("Not following focus on X11: %s", error->message);
      return;
    }
  g_signal_connect_object (self->tracker_service, "focus-reported",
                           G_CALLBACK (focus_reported_cb), self, 0);
}
#endif

static void
system_bus_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) system_bus = g_bus_get_finish (result, &error);

  if (system_bus == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No system bus, so no sleep or logind idle: %s", error->message);
      return;
    }
  uns_idle_start_system (UNS_DAEMON (user_data)->idle, system_bus);
}

static void
load_user_service_cb (const char         *id,
                      const char         *name,
                      const char         *category,
                      const char * const *app_ids,
                      const char * const *domains,
                      gpointer            user_data)
{
  UnsDaemon *self = UNS_DAEMON (user_data);
  g_autoptr(GError) error = NULL;

  /* A service saved by an older catalog may now clash with a built-in
   * one; it is skipped, not fatal. */
  if (!uns_catalog_add_user_service (self->catalog, id, name, category, app_ids, domains, &error))
    g_message ("Your service “%s” was not loaded: %s", id, error->message);
}

static void
name_acquired_cb (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  UnsDaemon *self = UNS_DAEMON (user_data);

  g_debug ("Acquired the name %s", name);
  self->name_acquired = TRUE;

  /* Start-up is done: malloc keeps what start-up freed (the catalog's and
   * the resources' JSON trees among it) for reuse, which a daemon running
   * all day would never give back, and the reads of the limits and the
   * services left their statements and pages behind. Trimming here took the
   * resident heap from ~1.9 to ~1.1 MiB (make bench, "Memory"). */
  uns_store_shrink (self->store);
}

static void
name_lost_cb (GDBusConnection *connection,
              const char      *name,
              gpointer         user_data)
{
  UnsDaemon *self = UNS_DAEMON (user_data);

  if (self->name_acquired)
    {
      g_message ("Another instance took over %s; stopping", name);
      uns_daemon_stop (self);
      g_signal_emit (self, signals[SIGNAL_QUIT], 0, 0);
    }
  else
    {
      g_printerr (_("unscrolld: another Unscroll daemon is already running (use --replace to take over).\n"));
      g_signal_emit (self, signals[SIGNAL_QUIT], 0, 1);
    }
}

/* Takes the instance name, or fails when another daemon holds it and
 * --replace was not given. Synchronous on purpose: nothing else may happen
 * before it. With --replace the running daemon gives the instance name up
 * at once but goes on until the new one takes the bus name from it; it
 * waits in the name's queue, so should the new one fail to start, the
 * instance name goes back to it. */
static gboolean
uns_daemon_claim_instance (UnsDaemon *self,
                           GError   **error)
{
  g_autoptr(GVariant) reply = NULL;
  guint32 flags = G_BUS_NAME_OWNER_FLAGS_ALLOW_REPLACEMENT;
  guint32 result = 0;

  if (self->replace)
    flags |= G_BUS_NAME_OWNER_FLAGS_REPLACE;
  reply = g_dbus_connection_call_sync (self->connection, "org.freedesktop.DBus",
                                       "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                       "RequestName",
                                       g_variant_new ("(su)", UNS_INSTANCE_NAME, flags),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1,
                                       self->cancellable, error);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(u)", &result);
  /* 1: DBUS_REQUEST_NAME_REPLY_PRIMARY_OWNER, 4: …_ALREADY_OWNER; 2: in
   * the queue behind a running daemon, which leaving drops. */
  if (result != 1 && result != 4)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   _("another Unscroll daemon is already running (use --replace to take over)."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
uns_daemon_export (UnsDaemon *self,
                   GDBusInterfaceSkeleton *skeleton,
                   GError   **error)
{
  return g_dbus_interface_skeleton_export (skeleton, self->connection, UNS_BUS_PATH, error);
}

/**
 * uns_daemon_start:
 * @self: a daemon
 * @error: return location for a #GError
 *
 * Takes the instance name, opens the database and the catalog, exports the
 * objects on the session bus and requests the name.
 */
gboolean
uns_daemon_start (UnsDaemon *self,
                  GError   **error)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *moved_to = NULL;
  const char *catalog_path;
  const char *resources_path;
  g_autoptr(GError) resources_error = NULL;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  GBusNameOwnerFlags flags = G_BUS_NAME_OWNER_FLAGS_ALLOW_REPLACEMENT;

  g_return_val_if_fail (UNS_IS_DAEMON (self), FALSE);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, UNS_APP_ID, TRUE);
  if (schema == NULL)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   _("The settings schema %s is not installed; reinstall Unscroll or set GSETTINGS_SCHEMA_DIR."),
                   UNS_APP_ID);
      return FALSE;
    }
  self->settings = g_settings_new_full (schema, NULL, NULL);

  catalog_path = g_getenv ("UNSCROLL_CATALOG");
  if (catalog_path == NULL || *catalog_path == '\0')
    catalog_path = PKGDATADIR "/catalog.json";
  self->catalog = uns_catalog_new_from_file (catalog_path, error);
  if (self->catalog == NULL)
    return FALSE;

  self->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, error);
  if (self->connection == NULL)
    return FALSE;
  /* Losing the bus means the session ended: stop like on SIGTERM. */
  g_dbus_connection_set_exit_on_close (self->connection, FALSE);

  if (!uns_daemon_claim_instance (self, error))
    return FALSE;

  db_path = uns_store_default_path ();
  self->store = uns_store_new_or_set_aside (db_path, &moved_to, error);
  if (self->store == NULL)
    return FALSE;
  if (moved_to != NULL)
    {
      g_autofree char *name = g_path_get_basename (moved_to);
      g_autofree char *body =
        g_strdup_printf (_("Unscroll could not read its database, so it kept it as %s "
                           "next to a fresh one and goes on from here."), name);

      g_warning ("The database could not be used; it was moved to %s and a new one was made",
                 moved_to);
      uns_daemon_tell_storage (_("Unscroll started a fresh database"), body);
    }
  g_signal_connect_object (self->store, "notify::problem", G_CALLBACK (store_problem_cb), self, 0);
  if (!uns_store_load_user_services (self->store, load_user_service_cb, self, error))
    return FALSE;

  tz = g_time_zone_new_local ();
  self->tracker = uns_tracker_new (self->clock, self->store, self->catalog);
  uns_tracker_set_day_rules (self->tracker, tz, g_settings_get_uint (self->settings, "day-boundary"));
  uns_tracker_set_checkpoint_interval (self->tracker,
                                       g_settings_get_uint (self->settings, "checkpoint-interval"));
  uns_tracker_set_site_policy (self->tracker, g_settings_get_enum (self->settings, "site-policy"));

  self->limits = uns_limits_new (self->clock, self->store, self->catalog, self->tracker, error);
  if (self->limits == NULL)
    return FALSE;
  uns_limits_set_heads_up (self->limits, g_settings_get_uint (self->settings, "heads-up-minutes"));
  uns_limits_set_continuous_use (self->limits,
                                 g_settings_get_uint (self->settings, "continuous-use-minutes"));
  uns_limits_set_snoozes_per_day (self->limits, g_settings_get_uint (self->settings, "snoozes-per-day"));
  self->nudger = uns_nudger_new (self->limits);
  g_signal_connect_object (self->nudger, "support-requested", G_CALLBACK (support_requested_cb),
                           self, 0);

  /* Support resources matter, but tracking must not depend on them. */
  resources_path = g_getenv ("UNSCROLL_RESOURCES");
  if (resources_path == NULL || *resources_path == '\0')
    resources_path = PKGDATADIR "/resources.json";
  self->resources = uns_resources_new_from_file (resources_path, &resources_error);
  if (self->resources == NULL)
    g_warning ("Support resources are unavailable: %s", resources_error->message);

  self->idle = uns_idle_new (self->clock, self->connection,
                             g_settings_get_uint (self->settings, "idle-timeout"));
  g_signal_connect_object (self->idle, "idle-changed", G_CALLBACK (idle_changed_cb), self, 0);
  g_signal_connect_object (self->idle, "locked-changed", G_CALLBACK (locked_changed_cb), self, 0);
  g_signal_connect_object (self->idle, "asleep-changed", G_CALLBACK (asleep_changed_cb), self, 0);
  g_bus_get (G_BUS_TYPE_SYSTEM, self->cancellable, system_bus_cb, self);

  g_signal_connect_object (self->settings, "changed", G_CALLBACK (settings_changed_cb), self, 0);

  self->tracker_service = uns_tracker_service_new (self->tracker);
  self->usage_service = uns_usage_service_new (self->tracker, self->store, self->catalog);
  self->catalog_service = uns_catalog_service_new (self->catalog, self->store);
  g_signal_connect_object (self->catalog_service, "services-changed",
                           G_CALLBACK (services_changed_cb), self, 0);
  self->limits_service = uns_limits_service_new (self->limits, self->store);
  if (!uns_daemon_export (self, G_DBUS_INTERFACE_SKELETON (self->tracker_service), error) ||
      !uns_daemon_export (self, G_DBUS_INTERFACE_SKELETON (self->usage_service), error) ||
      !uns_daemon_export (self, G_DBUS_INTERFACE_SKELETON (self->catalog_service), error) ||
      !uns_daemon_export (self, G_DBUS_INTERFACE_SKELETON (self->limits_service), error))
    return FALSE;
  if (self->resources != NULL)
    {
      self->resources_service = uns_resources_service_new (self->resources, self->settings);
      if (!uns_daemon_export (self, G_DBUS_INTERFACE_SKELETON (self->resources_service), error))
        return FALSE;
    }

  if (uns_clock_is_test (self->clock))
    {
      g_message ("Running on a test clock: time moves only when a test says so. Never use this outside tests.");
      self->test_clock_service = uns_test_clock_service_new (self->clock, self->tracker);
      if (!uns_daemon_export (self, G_DBUS_INTERFACE_SKELETON (self->test_clock_service), error))
        return FALSE;
    }

#if HAVE_X11
  uns_daemon_start_x11 (self);
#endif

  if (self->replace)
    flags |= G_BUS_NAME_OWNER_FLAGS_REPLACE;
  self->name_id = g_bus_own_name_on_connection (self->connection, UNS_BUS_NAME, flags,
                                                name_acquired_cb, name_lost_cb, self, NULL);
  return TRUE;
}

/**
 * uns_daemon_stop:
 * @self: a daemon
 *
 * Saves the activity going on and unexports the objects. Safe to call more
 * than once.
 */
void
uns_daemon_stop (UnsDaemon *self)
{
  g_autoptr(GError) error = NULL;
  GDBusInterfaceSkeleton *skeletons[6];

  g_return_if_fail (UNS_IS_DAEMON (self));

  if (self->stopped)
    return;
  self->stopped = TRUE;

  if (self->tracker != NULL && !uns_tracker_flush (self->tracker, &error))
    g_warning ("Could not save the last minutes before stopping: %s", error->message);

  skeletons[0] = G_DBUS_INTERFACE_SKELETON (self->tracker_service);
  skeletons[1] = G_DBUS_INTERFACE_SKELETON (self->usage_service);
  skeletons[2] = G_DBUS_INTERFACE_SKELETON (self->catalog_service);
  skeletons[3] = G_DBUS_INTERFACE_SKELETON (self->test_clock_service);
  skeletons[4] = G_DBUS_INTERFACE_SKELETON (self->limits_service);
  skeletons[5] = G_DBUS_INTERFACE_SKELETON (self->resources_service);
  for (gsize i = 0; i < G_N_ELEMENTS (skeletons); i++)
    if (skeletons[i] != NULL && self->connection != NULL &&
        g_dbus_interface_skeleton_has_connection (skeletons[i], self->connection))
      g_dbus_interface_skeleton_unexport (skeletons[i]);
}
