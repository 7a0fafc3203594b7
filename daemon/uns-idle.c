/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Idle, lock and sleep from the desktop's own signals.
 *
 * Idle: Mutter's IdleMonitor, which fires a watch once input has stopped for
 * the timeout and another as soon as input returns; the time is cut off at
 * the moment input stopped. Where Mutter is absent, logind's IdleHint and
 * IdleSinceHint on the user's session (set by the desktop) stand in.
 * Lock: org.gnome.ScreenSaver, org.freedesktop.ScreenSaver or logind's
 * LockedHint, whichever says so. Sleep: logind's PrepareForSleep.
 *
 * Every service is optional and may come and go; nothing here polls. */
#include "config.h"

#include <unistd.h>

#include "uns-idle.h"

#define MUTTER_IDLE_NAME  "org.gnome.Mutter.IdleMonitor"
#define MUTTER_IDLE_PATH  "/org/gnome/Mutter/IdleMonitor/Core"
#define MUTTER_IDLE_IFACE "org.gnome.Mutter.IdleMonitor"
#define GNOME_SS_NAME     "org.gnome.ScreenSaver"
#define GNOME_SS_PATH     "/org/gnome/ScreenSaver"
#define FDO_SS_NAME       "org.freedesktop.ScreenSaver"
#define FDO_SS_PATH       "/org/freedesktop/ScreenSaver"
#define LOGIN1_NAME       "org.freedesktop.login1"
#define LOGIN1_PATH       "/org/freedesktop/login1"
#define LOGIN1_MANAGER    "org.freedesktop.login1.Manager"
#define LOGIN1_SESSION    "org.freedesktop.login1.Session"
#define LOGIN1_USER       "org.freedesktop.login1.User"

struct _UnsIdle
{
  GObject          parent_instance;

  UnsClock        *clock;              /* (owned) */
  GDBusConnection *session_bus;        /* (owned) */
  GDBusConnection *system_bus;         /* (owned) (nullable) */
  GCancellable    *cancellable;        /* (owned) */
  guint            timeout;            /* seconds */

  /* Mutter */
  guint            mutter_watch;       /* name watch */
  gboolean         mutter_present;
  guint            mutter_signal;
  guint            idle_watch_id;      /* Mutter's id, 0 = none */
  guint            active_watch_id;
  guint            watch_generation;   /* drops replies to stale requests */

  /* Screen savers */
  guint            gnome_ss_watch;
  guint            gnome_ss_signal;
  gboolean         gnome_ss_active;
  guint            fdo_ss_watch;
  guint            fdo_ss_signal;
  gboolean         fdo_ss_active;

  /* logind */
  guint            sleep_signal;
  guint            session_signal;
  char            *session_path;       /* (owned) (nullable) */
  gboolean         logind_idle;
  gboolean         logind_locked;

  gboolean         mutter_idle;
  gboolean         idle;
  gboolean         locked;
  gboolean         asleep;
};

G_DEFINE_TYPE (UnsIdle, uns_idle, G_TYPE_OBJECT)

enum
{
  SIGNAL_IDLE_CHANGED,
  SIGNAL_LOCKED_CHANGED,
  SIGNAL_ASLEEP_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
uns_idle_set_idle (UnsIdle *self,
                   gboolean idle,
                   gint64   idle_for_usec)
{
  if (self->idle == idle)
    return;
  self->idle = idle;
  g_debug ("User is %s", idle ? "idle" : "active");
  g_signal_emit (self, signals[SIGNAL_IDLE_CHANGED], 0, idle, idle_for_usec);
}

static void
uns_idle_update_locked (UnsIdle *self)
{
  gboolean locked = self->gnome_ss_active || self->fdo_ss_active || self->logind_locked;

  if (self->locked == locked)
    return;
  self->locked = locked;
  g_debug ("Screen is %s", locked ? "locked" : "unlocked");
  g_signal_emit (self, signals[SIGNAL_LOCKED_CHANGED], 0, locked);
}

/* ---- Mutter IdleMonitor ------------------------------------------------ */

static void
uns_idle_mutter_add_idle_watch (UnsIdle *self);

typedef struct
{
  UnsIdle *self;        /* (unowned): dispose cancels every call first */
  guint    generation;
  gboolean is_idle_watch;
} UnsWatchRequest;

static void
add_watch_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autofree UnsWatchRequest *request = user_data;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  UnsIdle *self = request->self;
  guint id;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Mutter refused an idle watch: %s", error->message);
      return;
    }
  g_variant_get (reply, "(u)", &id);

  if (request->generation != self->watch_generation)
    {
      /* The timeout changed or Mutter restarted meanwhile. */
      g_dbus_connection_call (self->session_bus, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                              MUTTER_IDLE_IFACE, "RemoveWatch", g_variant_new ("(u)", id),
                              NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
      return;
    }

  if (request->is_idle_watch)
    self->idle_watch_id = id;
  else
    self->active_watch_id = id;
}

static void
uns_idle_mutter_call_add (UnsIdle    *self,
                          const char *method,
                          GVariant   *params,
                          gboolean    is_idle_watch)
{
  UnsWatchRequest *request = g_new0 (UnsWatchRequest, 1);

  request->self = self;
  request->generation = self->watch_generation;
  request->is_idle_watch = is_idle_watch;
  g_dbus_connection_call (self->session_bus, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                          MUTTER_IDLE_IFACE, method, params, G_VARIANT_TYPE ("(u)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->cancellable,
                          add_watch_cb, request);
}

static void
uns_idle_mutter_add_idle_watch (UnsIdle *self)
{
  uns_idle_mutter_call_add (self, "AddIdleWatch",
                            g_variant_new ("(t)", (guint64) self->timeout * 1000), TRUE);
}

static void
uns_idle_mutter_remove_watches (UnsIdle *self)
{
  guint ids[] = { self->idle_watch_id, self->active_watch_id };

  for (gsize i = 0; i < G_N_ELEMENTS (ids); i++)
    if (ids[i] != 0 && self->mutter_present)
      g_dbus_connection_call (self->session_bus, MUTTER_IDLE_NAME, MUTTER_IDLE_PATH,
                              MUTTER_IDLE_IFACE, "RemoveWatch", g_variant_new ("(u)", ids[i]),
                              NULL, G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, NULL, NULL, NULL);
  self->idle_watch_id = 0;
  self->active_watch_id = 0;
  self->watch_generation++;
}

static void
mutter_watch_fired_cb (GDBusConnection *connection,
                       const char      *sender_name,
                       const char      *object_path,
                       const char      *interface_name,
                       const char      *signal_name,
                       GVariant        *parameters,
                       gpointer         user_data)
{
  UnsIdle *self = UNS_IDLE (user_data);
  guint id;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(u)")))
    return;
  g_variant_get (parameters, "(u)", &id);

  if (id != 0 && id == self->idle_watch_id)
    {
      self->mutter_idle = TRUE;
      /* Mutter removes a user-active watch once it fires, so one is added
       * for each idle period. */
      uns_idle_mutter_call_add (self, "AddUserActiveWatch", g_variant_new ("()"), FALSE);
      uns_idle_set_idle (self, TRUE, (gint64) self->timeout * G_USEC_PER_SEC);
    }
  else if (id != 0 && id == self->active_watch_id)
    {
      self->active_watch_id = 0;
      self->mutter_idle = FALSE;
      uns_idle_set_idle (self, FALSE, 0);
    }
}

static void
mutter_appeared_cb (GDBusConnection *connection,
                    const char      *name,
                    const char      *name_owner,
                    gpointer         user_data)
{
  UnsIdle *self = UNS_IDLE (user_data);

  g_debug ("Idle monitor appeared (%s)", name_owner);
  self->mutter_present = TRUE;
  self->idle_watch_id = 0;
  self->active_watch_id = 0;
  self->watch_generation++;
  uns_idle_mutter_add_idle_watch (self);
}

static void
mutter_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  UnsIdle *self = UNS_IDLE (user_data);

  if (!self->mutter_present)
    return;
  g_debug ("Idle monitor went away");
  self->mutter_present = FALSE;
  self->idle_watch_id = 0;
  self->active_watch_id = 0;
  self->watch_generation++;
  /* Without a monitor nobody will say when input returns: assume it did
   * rather than stop counting for good. logind may still say otherwise. */
  self->mutter_idle = FALSE;
  uns_idle_set_idle (self, self->logind_idle, 0);
}

/* ---- Screen savers ------------------------------------------------------ */

static void
screensaver_active_changed_cb (GDBusConnection *connection,
                               const char      *sender_name,
                               const char      *object_path,
                               const char      *interface_name,
                               const char      *signal_name,
                               GVariant        *parameters,
                               gpointer         user_data)
{
  UnsIdle *self = UNS_IDLE (user_data);
  gboolean active;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &active);

  if (g_strcmp0 (interface_name, GNOME_SS_NAME) == 0)
    self->gnome_ss_active = active;
  else
    self->fdo_ss_active = active;
  uns_idle_update_locked (self);
}

/* Finishes a GetActive() call. Returns FALSE without touching @user_data
 * when the call was cancelled: the monitor may be gone by then. */
static gboolean
uns_idle_get_active_finish (GObject      *source,
                            GAsyncResult *result,
                            gboolean     *active_out)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not ask the screen saver: %s", error->message);
      return FALSE;
    }
  g_variant_get (reply, "(b)", active_out);
  return TRUE;
}

static void
gnome_get_active_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  gboolean active;

  if (uns_idle_get_active_finish (source, result, &active))
    {
      UnsIdle *self = UNS_IDLE (user_data);

      self->gnome_ss_active = active;
      uns_idle_update_locked (self);
    }
}

static void
fdo_get_active_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean active;

  if (uns_idle_get_active_finish (source, result, &active))
    {
      UnsIdle *self = UNS_IDLE (user_data);

      self->fdo_ss_active = active;
      uns_idle_update_locked (self);
    }
}

static void
screensaver_appeared_cb (GDBusConnection *connection,
                         const char      *name,
                         const char      *name_owner,
                         gpointer         user_data)
{
  UnsIdle *self = UNS_IDLE (user_data);
  gboolean gnome = g_strcmp0 (name, GNOME_SS_NAME) == 0;

  g_dbus_connection_call (connection, name, gnome ? GNOME_SS_PATH : FDO_SS_PATH, name,
                          "GetActive", NULL, G_VARIANT_TYPE ("(b)"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->cancellable,
                          gnome ? gnome_get_active_cb : fdo_get_active_cb, self);
}

static void
screensaver_vanished_cb (GDBusConnection *connection,
                         const char      *name,
                         gpointer         user_data)
{
  UnsIdle *self = UNS_IDLE (user_data);

  if (g_strcmp0 (name, GNOME_SS_NAME) == 0)
    self->gnome_ss_active = FALSE;
  else
    self->fdo_ss_active = FALSE;
  uns_idle_update_locked (self);
}

/* ---- logind ------------------------------------------------------------- */

static void
prepare_for_sleep_cb (GDBusConnection *connection,
                      const char      *sender_name,
                      const char      *object_path,
                      const char      *interface_name,
                      const char      *signal_name,
                      GVariant        *parameters,
                      gpointer         user_data)
{
  UnsIdle *self = UNS_IDLE (user_data);
  gboolean asleep;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    return;
  g_variant_get (parameters, "(b)", &asleep);
  if (self->asleep == asleep)
    return;
  self->asleep = asleep;
  g_debug ("System is %s", asleep ? "going to sleep" : "awake");
  g_signal_emit (self, signals[SIGNAL_ASLEEP_CHANGED], 0, asleep);
}

/* Takes IdleHint, IdleSinceHint and LockedHint from a property dictionary. */
static void
uns_idle_apply_session_props (UnsIdle  *self,
                              GVariant *props)
{
  gboolean idle_hint, locked_hint;
  guint64 idle_since = 0;
  gboolean have_idle = g_variant_lookup (props, "IdleHint", "b", &idle_hint);

  g_variant_lookup (props, "IdleSinceHint", "t", &idle_since);
  if (g_variant_lookup (props, "LockedHint", "b", &locked_hint))
    {
      self->logind_locked = locked_hint;
      uns_idle_update_locked (self);
    }

  if (have_idle)
    {
      self->logind_idle = idle_hint;
      /* Mutter's watches are exact; logind is the fall-back. */
      if (!self->mutter_present)
        {
          gint64 idle_for = 0;

          if (idle_hint && idle_since > 0)
            idle_for = MAX (0, uns_clock_get_wall_usec (self->clock) - (gint64) idle_since);
          uns_idle_set_idle (self, idle_hint, idle_for);
        }
    }
}

static void
session_props_changed_cb (GDBusConnection *connection,
                          const char      *sender_name,
                          const char      *object_path,
                          const char      *interface_name,
                          const char      *signal_name,
                          GVariant        *parameters,
                          gpointer         user_data)
{
  UnsIdle *self = UNS_IDLE (user_data);
  const char *iface;
  g_autoptr(GVariant) changed = NULL;

  if (!g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(sa{sv}as)")))
    return;
  g_variant_get (parameters, "(&s@a{sv}@as)", &iface, &changed, NULL);
  if (g_strcmp0 (iface, LOGIN1_SESSION) != 0)
    return;
  uns_idle_apply_session_props (self, changed);
}

static void
get_session_props_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) props = NULL;
  g_autoptr(GError) error = NULL;
  UnsIdle *self;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not read the login session: %s", error->message);
      return;
    }
  self = UNS_IDLE (user_data);
  g_variant_get (reply, "(@a{sv})", &props);
  uns_idle_apply_session_props (self, props);
}

static void
uns_idle_watch_session (UnsIdle    *self,
                        const char *path)
{
  g_debug ("Following login session %s", path);
  self->session_path = g_strdup (path);
  self->session_signal =
    g_dbus_connection_signal_subscribe (self->system_bus, LOGIN1_NAME,
                                        "org.freedesktop.DBus.Properties", "PropertiesChanged",
                                        path, NULL, G_DBUS_SIGNAL_FLAGS_NONE,
                                        session_props_changed_cb, self, NULL);
  g_dbus_connection_call (self->system_bus, LOGIN1_NAME, path,
                          "org.freedesktop.DBus.Properties", "GetAll",
                          g_variant_new ("(s)", LOGIN1_SESSION), G_VARIANT_TYPE ("(a{sv})"),
                          G_DBUS_CALL_FLAGS_NO_AUTO_START, -1, self->cancellable,
                          get_session_props_cb, self);
}

static void
get_session_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  UnsIdle *self;
  const char *path = NULL;

  reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  if (reply == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("No login session to follow: %s", error->message);
      return;
    }
  self = UNS_IDLE (user_data);
  if (self->session_path != NULL)
    return;

  if (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(o)")))
    g_variant_get (reply, "(&o)", &path);
  else if (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(v)")))
    {
      /* User.Display is (so): the user's graphical session. */
      g_autoptr(GVariant) display = NULL;

      g_variant_get (reply, "(v)", &display);
      if (g_variant_is_of_type (display, G_VARIANT_TYPE ("(so)")))
        {
          g_variant_get (display, "(&s&o)", NULL, &path);
          uns_idle_watch_session (self, path);
        }
      return;
    }

  if (path != NULL)
    uns_idle_watch_session (self, path);
}

/**
 * uns_idle_start_system:
 * @self: an idle monitor
 * @system_bus: the system bus, for logind
 *
 * Starts following logind for sleep, and for idle and lock where the
 * session services say nothing.
 */
void
uns_idle_start_system (UnsIdle         *self,
                       GDBusConnection *system_bus)
{
  const char *session_id = g_getenv ("XDG_SESSION_ID");

  g_return_if_fail (UNS_IS_IDLE (self));
  g_return_if_fail (G_IS_DBUS_CONNECTION (system_bus));
  g_return_if_fail (self->system_bus == NULL);

  self->system_bus = g_object_ref (system_bus);

  self->sleep_signal =
    g_dbus_connection_signal_subscribe (system_bus, LOGIN1_NAME, LOGIN1_MANAGER,
                                        "PrepareForSleep", LOGIN1_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, prepare_for_sleep_cb,
                                        self, NULL);

  /* A user service is not itself in a session: find the user's session
   * from the environment systemd passes on, else the user's display. */
  if (session_id != NULL && *session_id != '\0')
    g_dbus_connection_call (system_bus, LOGIN1_NAME, LOGIN1_PATH, LOGIN1_MANAGER,
                            "GetSession", g_variant_new ("(s)", session_id),
                            G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                            self->cancellable, get_session_cb, self);
  else
    {
      g_autofree char *user_path = g_strdup_printf (LOGIN1_PATH "/user/_%u", (guint) getuid ());

      g_dbus_connection_call (system_bus, LOGIN1_NAME, user_path,
                              "org.freedesktop.DBus.Properties", "Get",
                              g_variant_new ("(ss)", LOGIN1_USER, "Display"),
                              G_VARIANT_TYPE ("(v)"), G_DBUS_CALL_FLAGS_NO_AUTO_START, -1,
                              self->cancellable, get_session_cb, self);
    }
}

/* ---- Object ------------------------------------------------------------- */

static void
uns_idle_dispose (GObject *object)
{
  UnsIdle *self = UNS_IDLE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->session_bus != NULL)
    {
      uns_idle_mutter_remove_watches (self);
      if (self->mutter_signal != 0)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->mutter_signal);
      if (self->gnome_ss_signal != 0)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->gnome_ss_signal);
      if (self->fdo_ss_signal != 0)
        g_dbus_connection_signal_unsubscribe (self->session_bus, self->fdo_ss_signal);
      self->mutter_signal = self->gnome_ss_signal = self->fdo_ss_signal = 0;
    }
  if (self->system_bus != NULL)
    {
      if (self->sleep_signal != 0)
        g_dbus_connection_signal_unsubscribe (self->system_bus, self->sleep_signal);
      if (self->session_signal != 0)
        g_dbus_connection_signal_unsubscribe (self->system_bus, self->session_signal);
      self->sleep_signal = self->session_signal = 0;
    }
  g_clear_handle_id (&self->mutter_watch, g_bus_unwatch_name);
  g_clear_handle_id (&self->gnome_ss_watch, g_bus_unwatch_name);
  g_clear_handle_id (&self->fdo_ss_watch, g_bus_unwatch_name);
  g_clear_object (&self->session_bus);
  g_clear_object (&self->system_bus);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (uns_idle_parent_class)->dispose (object);
}

static void
uns_idle_finalize (GObject *object)
{
  UnsIdle *self = UNS_IDLE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->session_path, g_free);

  G_OBJECT_CLASS (uns_idle_parent_class)->finalize (object);
}

static void
uns_idle_class_init (UnsIdleClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uns_idle_dispose;
  object_class->finalize = uns_idle_finalize;

  /**
   * UnsIdle::idle-changed:
   * @idle: whether the user is now idle
   * @idle_for_usec: when becoming idle, how long ago input stopped
   */
  signals[SIGNAL_IDLE_CHANGED] = g_signal_new ("idle-changed", G_TYPE_FROM_CLASS (klass),
                                               G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                               G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_INT64);
  signals[SIGNAL_LOCKED_CHANGED] = g_signal_new ("locked-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  signals[SIGNAL_ASLEEP_CHANGED] = g_signal_new ("asleep-changed", G_TYPE_FROM_CLASS (klass),
                                                 G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                 G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
uns_idle_init (UnsIdle *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * uns_idle_new:
 * @clock: the daemon's clock
 * @session_bus: the session bus
 * @timeout_seconds: idle time before the user counts as idle
 *
 * Returns: (transfer full): a monitor following the session's services
 */
UnsIdle *
uns_idle_new (UnsClock        *clock,
              GDBusConnection *session_bus,
              guint            timeout_seconds)
{
  UnsIdle *self;

  g_return_val_if_fail (UNS_IS_CLOCK (clock), NULL);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (session_bus), NULL);
  g_return_val_if_fail (timeout_seconds > 0, NULL);

  self = g_object_new (UNS_TYPE_IDLE, NULL);
  self->clock = g_object_ref (clock);
  self->session_bus = g_object_ref (session_bus);
  self->timeout = timeout_seconds;

  self->mutter_signal =
    g_dbus_connection_signal_subscribe (session_bus, MUTTER_IDLE_NAME, MUTTER_IDLE_IFACE,
                                        "WatchFired", MUTTER_IDLE_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, mutter_watch_fired_cb,
                                        self, NULL);
  self->mutter_watch = g_bus_watch_name_on_connection (session_bus, MUTTER_IDLE_NAME,
                                                       G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                       mutter_appeared_cb, mutter_vanished_cb,
                                                       self, NULL);

  self->gnome_ss_signal =
    g_dbus_connection_signal_subscribe (session_bus, GNOME_SS_NAME, GNOME_SS_NAME,
                                        "ActiveChanged", GNOME_SS_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, screensaver_active_changed_cb,
                                        self, NULL);
  self->gnome_ss_watch = g_bus_watch_name_on_connection (session_bus, GNOME_SS_NAME,
                                                         G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                         screensaver_appeared_cb,
                                                         screensaver_vanished_cb, self, NULL);
  self->fdo_ss_signal =
    g_dbus_connection_signal_subscribe (session_bus, FDO_SS_NAME, FDO_SS_NAME,
                                        "ActiveChanged", FDO_SS_PATH, NULL,
                                        G_DBUS_SIGNAL_FLAGS_NONE, screensaver_active_changed_cb,
                                        self, NULL);
  self->fdo_ss_watch = g_bus_watch_name_on_connection (session_bus, FDO_SS_NAME,
                                                       G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                       screensaver_appeared_cb,
                                                       screensaver_vanished_cb, self, NULL);
  return self;
}

/**
 * uns_idle_set_timeout:
 * @self: an idle monitor
 * @timeout_seconds: the new idle timeout
 */
void
uns_idle_set_timeout (UnsIdle *self,
                      guint    timeout_seconds)
{
  g_return_if_fail (UNS_IS_IDLE (self));
  g_return_if_fail (timeout_seconds > 0);

  if (self->timeout == timeout_seconds)
    return;
  self->timeout = timeout_seconds;

  if (self->mutter_present)
    {
      gboolean was_idle = self->mutter_idle;

      uns_idle_mutter_remove_watches (self);
      uns_idle_mutter_add_idle_watch (self);
      /* An active-watch was pending while idle; ask for it again. */
      if (was_idle)
        uns_idle_mutter_call_add (self, "AddUserActiveWatch", g_variant_new ("()"), FALSE);
    }
}

gboolean
uns_idle_get_idle (UnsIdle *self)
{
  g_return_val_if_fail (UNS_IS_IDLE (self), FALSE);
  return self->idle;
}

gboolean
uns_idle_get_locked (UnsIdle *self)
{
  g_return_val_if_fail (UNS_IS_IDLE (self), FALSE);
  return self->locked;
}

gboolean
uns_idle_get_asleep (UnsIdle *self)
{
  g_return_val_if_fail (UNS_IS_IDLE (self), FALSE);
  return self->asleep;
}
