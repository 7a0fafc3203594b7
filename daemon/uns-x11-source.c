/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Follows _NET_ACTIVE_WINDOW on an X11 display and reports the focused
 * window's app id to the daemon, for desktops where no Shell extension
 * does. Window titles are never read. Built as a module, see
 * uns-x11-source.h. */
#include "config.h"

#include <string.h>

#include <gio/gdesktopappinfo.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include <gmodule.h>
#include <xcb/xcb.h>
#include <xcb/xcb_ewmh.h>

#include "uns-error.h"
#include "uns-validate.h"
#include "uns-x11-source.h"

/* App ids and classes are short; this bounds what another client can make
 * us copy (in 32-bit units, as X counts). */
#define PROPERTY_MAX_WORDS 64
/* Windows come and go; an old entry costs little, but a long session
 * should not grow without bound. */
#define WINDOW_CACHE_MAX 512

struct _UnsX11Source
{
  GObject                parent_instance;

  UnsX11FocusFunc        focus_func;
  gpointer               focus_data;     /* (owned) by focus_destroy */
  GDestroyNotify         focus_destroy;  /* (nullable) */
  xcb_connection_t      *connection;     /* (owned) (nullable): NULL once stopped */
  xcb_ewmh_connection_t  ewmh;
  gboolean               have_ewmh;
  int                    screen;
  xcb_window_t           root;
  xcb_atom_t             gtk_application_id;
  guint                  fd_id;
  xcb_window_t           active;          /* XCB_NONE when nothing was reported */
  gboolean               reported;
  GHashTable            *windows;         /* (owned) window → UnsX11Window (owned) */
  GHashTable            *wm_classes;      /* (owned) (nullable) lower-case StartupWMClass → id */
  GHashTable            *desktop_ids;     /* (owned) (nullable) lower-case id → id */
  GAppInfoMonitor       *app_monitor;     /* (owned) */
};

typedef struct
{
  char *app_id;
  char *wm_class;
} UnsX11Window;

G_DEFINE_TYPE (UnsX11Source, uns_x11_source, G_TYPE_OBJECT)

static void
uns_x11_window_free (gpointer data)
{
  UnsX11Window *window = data;

  g_free (window->app_id);
  g_free (window->wm_class);
  g_free (window);
}

static void
uns_x11_source_disconnect (UnsX11Source *self)
{
  g_clear_handle_id (&self->fd_id, g_source_remove);
  if (self->have_ewmh)
    {
      xcb_ewmh_connection_wipe (&self->ewmh);
      self->have_ewmh = FALSE;
    }
  g_clear_pointer (&self->connection, xcb_disconnect);
  g_hash_table_remove_all (self->windows);
}

static void
uns_x11_source_forget_apps (UnsX11Source *self)
{
  g_clear_pointer (&self->wm_classes, g_hash_table_unref);
  g_clear_pointer (&self->desktop_ids, g_hash_table_unref);
}

static void
uns_x11_source_dispose (GObject *object)
{
  UnsX11Source *self = UNS_X11_SOURCE (object);

  uns_x11_source_disconnect (self);
  uns_x11_source_forget_apps (self);
  if (self->app_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->app_monitor, self);
  g_clear_object (&self->app_monitor);
  if (self->focus_destroy != NULL)
    g_clear_pointer (&self->focus_data, self->focus_destroy);

  G_OBJECT_CLASS (uns_x11_source_parent_class)->dispose (object);
}

static void
uns_x11_source_finalize (GObject *object)
{
  UnsX11Source *self = UNS_X11_SOURCE (object);

  g_hash_table_unref (self->windows);

  G_OBJECT_CLASS (uns_x11_source_parent_class)->finalize (object);
}

static void
uns_x11_source_class_init (UnsX11SourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uns_x11_source_dispose;
  object_class->finalize = uns_x11_source_finalize;
}

static void
uns_x11_source_init (UnsX11Source *self)
{
  self->windows = g_hash_table_new_full (NULL, NULL, NULL, uns_x11_window_free);
}

/* A property's bytes, NUL-terminated, or NULL when the window has none of
 * @type (or is gone). Its length without the added NUL goes to @out_len. */
static char *
uns_x11_source_get_property (UnsX11Source *self,
                             xcb_window_t  window,
                             xcb_atom_t    property,
                             xcb_atom_t    type,
                             gsize        *out_len)
{
  xcb_get_property_cookie_t cookie;
  g_autofree xcb_get_property_reply_t *reply = NULL;
  g_autofree xcb_generic_error_t *error = NULL;
  char *value;
  int len;

  if (property == XCB_ATOM_NONE)
    return NULL;
  cookie = xcb_get_property (self->connection, 0, window, property, type, 0, PROPERTY_MAX_WORDS);
  reply = xcb_get_property_reply (self->connection, cookie, &error);
  if (reply == NULL || reply->type != type || reply->format != 8)
    return NULL;
  len = xcb_get_property_value_length (reply);
  if (len <= 0)
    return NULL;
  value = g_malloc (len + 1);
  memcpy (value, xcb_get_property_value (reply), len);
  value[len] = '\0';
  if (out_len != NULL)
    *out_len = len;
  return value;
}

/* What another client wrote is only used when it looks like an app id. */
static char *
take_app_id (char *value)
{
  g_autofree char *owned = value;

  if (owned == NULL || *owned == '\0' || !uns_validate_app_id (owned, "app id", NULL))
    return NULL;
  return g_steal_pointer (&owned);
}

static char *
strip_desktop_suffix (const char *id)
{
  if (g_str_has_suffix (id, ".desktop"))
    return g_strndup (id, strlen (id) - strlen (".desktop"));
  return g_strdup (id);
}

static void
app_infos_changed_cb (GAppInfoMonitor *monitor,
                      gpointer         user_data)
{
  UnsX11Source *self = UNS_X11_SOURCE (user_data);

  /* Built again when next needed; windows seen so far may now match. */
  uns_x11_source_forget_apps (self);
  g_hash_table_remove_all (self->windows);
}

static void
uns_x11_source_load_apps (UnsX11Source *self)
{
  g_autolist(GAppInfo) apps = NULL;

  if (self->wm_classes != NULL)
    return;

  self->wm_classes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->desktop_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  apps = g_app_info_get_all ();
  for (GList *l = apps; l != NULL; l = l->next)
    {
      const char *id = g_app_info_get_id (l->data);
      const char *wm_class = NULL;
      g_autofree char *app_id = NULL;

      if (id == NULL || !G_IS_DESKTOP_APP_INFO (l->data))
        continue;
      app_id = strip_desktop_suffix (id);
      if (!uns_validate_app_id (app_id, "app id", NULL))
        continue;
      wm_class = g_desktop_app_info_get_startup_wm_class (G_DESKTOP_APP_INFO (l->data));
      /* The first file on the search path wins, as it does for launching. */
      if (wm_class != NULL && *wm_class != '\0' &&
          !g_hash_table_contains (self->wm_classes, wm_class))
        g_hash_table_insert (self->wm_classes, g_utf8_casefold (wm_class, -1), g_strdup (app_id));
      g_hash_table_insert (self->desktop_ids, g_utf8_casefold (app_id, -1), g_strdup (app_id));
    }
}

static char *
uns_x11_source_app_id_for_class (UnsX11Source *self,
                                 const char   *wm_class)
{
  g_autofree char *key = g_utf8_casefold (wm_class, -1);
  const char *app_id;

  uns_x11_source_load_apps (self);
  app_id = g_hash_table_lookup (self->wm_classes, key);
  if (app_id == NULL)
    app_id = g_hash_table_lookup (self->desktop_ids, key);
  return g_strdup (app_id);
}

/* Flatpak writes the app id into each sandbox, and names the app's scope
 * after it, e.g. app-flatpak-com.discordapp.Discord-12345.scope. */
static char *
flatpak_app_id_for_pid (guint32 pid)
{
  g_autofree char *info_path = g_strdup_printf ("/proc/%u/root/.flatpak-info", pid);
  g_autofree char *cgroup_path = g_strdup_printf ("/proc/%u/cgroup", pid);
  g_autoptr(GKeyFile) info = g_key_file_new ();
  g_autofree char *cgroup = NULL;
  const char *start;
  const char *end;

  if (g_key_file_load_from_file (info, info_path, G_KEY_FILE_NONE, NULL))
    return take_app_id (g_key_file_get_string (info, "Application", "name", NULL));

  if (!g_file_get_contents (cgroup_path, &cgroup, NULL, NULL))
    return NULL;
  start = strstr (cgroup, "/app-flatpak-");
  if (start == NULL)
    return NULL;
  start += strlen ("/app-flatpak-");
  end = strstr (start, ".scope");
  if (end == NULL)
    return NULL;
  /* The last dash comes before the instance number. */
  while (end > start && end[-1] != '-')
    end--;
  if (end - start < 2)
    return NULL;
  return take_app_id (g_strndup (start, end - start - 1));
}

static UnsX11Window *
uns_x11_source_lookup_window (UnsX11Source *self,
                              xcb_window_t  window)
{
  UnsX11Window *entry = g_hash_table_lookup (self->windows, GUINT_TO_POINTER (window));
  g_autofree char *wm_class_prop = NULL;
  gsize wm_class_len = 0;
  const char *wm_class = NULL;
  char *app_id;
  xcb_get_property_cookie_t pid_cookie;
  guint32 pid = 0;
  const uint32_t structure_mask[] = { XCB_EVENT_MASK_STRUCTURE_NOTIFY };

  if (entry != NULL)
    return entry;

  /* WM_CLASS is "instance\0class\0"; the class names the app. */
  wm_class_prop = uns_x11_source_get_property (self, window, XCB_ATOM_WM_CLASS, XCB_ATOM_STRING,
                                               &wm_class_len);
  if (wm_class_prop != NULL)
    {
      gsize instance_len = strlen (wm_class_prop);

      if (instance_len + 1 < wm_class_len)
        wm_class = wm_class_prop + instance_len + 1;
      if (wm_class != NULL && (*wm_class == '\0' || !uns_validate_app_id (wm_class, "class", NULL)))
        wm_class = NULL;
    }

  app_id = take_app_id (uns_x11_source_get_property (self, window, self->gtk_application_id,
                                                     self->ewmh.UTF8_STRING, NULL));
  if (app_id == NULL && wm_class != NULL)
    app_id = uns_x11_source_app_id_for_class (self, wm_class);
  if (app_id == NULL)
    {
      pid_cookie = xcb_ewmh_get_wm_pid (&self->ewmh, window);
      if (xcb_ewmh_get_wm_pid_reply (&self->ewmh, pid_cookie, &pid, NULL) && pid > 0)
        app_id = flatpak_app_id_for_pid (pid);
    }

  if (g_hash_table_size (self->windows) >= WINDOW_CACHE_MAX)
    g_hash_table_remove_all (self->windows);
  entry = g_new0 (UnsX11Window, 1);
  entry->app_id = app_id != NULL ? app_id : g_strdup ("");
  entry->wm_class = g_strdup (wm_class != NULL ? wm_class : "");
  g_hash_table_insert (self->windows, GUINT_TO_POINTER (window), entry);

  /* Its DestroyNotify drops the entry, so a reused window id is looked up afresh. */
  xcb_change_window_attributes (self->connection, window, XCB_CW_EVENT_MASK, structure_mask);
  return entry;
}

static void
uns_x11_source_update_active (UnsX11Source *self)
{
  xcb_get_property_cookie_t cookie = xcb_ewmh_get_active_window (&self->ewmh, self->screen);
  xcb_window_t window = XCB_NONE;
  UnsX11Window *entry;

  if (!xcb_ewmh_get_active_window_reply (&self->ewmh, cookie, &window, NULL))
    window = XCB_NONE;
  /* Window managers set the property again on many occasions. */
  if (window == self->active && (self->reported || window == XCB_NONE))
    return;
  self->active = window;

  if (window == XCB_NONE)
    {
      self->focus_func ("", "", self->focus_data);
      self->reported = TRUE;
      return;
    }

  entry = uns_x11_source_lookup_window (self, window);
  self->focus_func (entry->app_id, entry->wm_class, self->focus_data);
  self->reported = TRUE;
}

static void
uns_x11_source_handle_event (UnsX11Source        *self,
                             xcb_generic_event_t *event)
{
  switch (event->response_type & ~0x80)
    {
    case XCB_PROPERTY_NOTIFY:
      {
        xcb_property_notify_event_t *notify = (xcb_property_notify_event_t *) event;

        if (notify->window == self->root && notify->atom == self->ewmh._NET_ACTIVE_WINDOW)
          uns_x11_source_update_active (self);
      }
      break;

    case XCB_DESTROY_NOTIFY:
      {
        xcb_destroy_notify_event_t *destroy = (xcb_destroy_notify_event_t *) event;

        g_hash_table_remove (self->windows, GUINT_TO_POINTER (destroy->window));
      }
      break;

    default:
      /* Errors about windows that went away, and events we did not ask for. */
      break;
    }
}

/* Replies fetched while handling one event may bring others along into
 * xcb's queue, where the fd no longer announces them: drain it all. */
static void
uns_x11_source_dispatch (UnsX11Source *self)
{
  xcb_generic_event_t *event;

  while (self->connection != NULL && (event = xcb_poll_for_event (self->connection)) != NULL)
    {
      uns_x11_source_handle_event (self, event);
      free (event);
    }
}

static void
uns_x11_source_lost (UnsX11Source *self)
{
  g_message ("The X server went away; following focus on it ends here.");
  /* Whatever had focus there is gone with it. */
  if (self->reported)
    self->focus_func ("", "", self->focus_data);
  self->reported = FALSE;
  self->active = XCB_NONE;
  uns_x11_source_disconnect (self);
}

static gboolean
uns_x11_source_fd_cb (int          fd,
                      GIOCondition condition,
                      gpointer     user_data)
{
  UnsX11Source *self = UNS_X11_SOURCE (user_data);

  uns_x11_source_dispatch (self);
  if (self->connection != NULL &&
      (xcb_connection_has_error (self->connection) || (condition & (G_IO_HUP | G_IO_ERR)) != 0))
    {
      /* uns_x11_source_lost() removes this source: keep it until we return. */
      self->fd_id = 0;
      uns_x11_source_lost (self);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static gboolean
uns_x11_source_connect (UnsX11Source *self,
                        GError      **error)
{
  xcb_intern_atom_cookie_t *ewmh_cookies;
  xcb_intern_atom_cookie_t gtk_cookie;
  g_autofree xcb_intern_atom_reply_t *gtk_reply = NULL;
  xcb_void_cookie_t attr_cookie;
  g_autofree xcb_generic_error_t *attr_error = NULL;
  const xcb_setup_t *setup;
  xcb_screen_iterator_t screens;
  const uint32_t root_mask[] = { XCB_EVENT_MASK_PROPERTY_CHANGE };
  static const char gtk_application_id[] = "_GTK_APPLICATION_ID";

  self->connection = xcb_connect (NULL, &self->screen);
  if (xcb_connection_has_error (self->connection))
    {
      g_clear_pointer (&self->connection, xcb_disconnect);
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   _("Could not connect to the X display “%s”."), g_getenv ("DISPLAY"));
      return FALSE;
    }

  setup = xcb_get_setup (self->connection);
  screens = xcb_setup_roots_iterator (setup);
  for (int i = 0; i < self->screen && screens.rem > 0; i++)
    xcb_screen_next (&screens);
  if (screens.rem == 0)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   _("The X display has no screen %d."), self->screen);
      return FALSE;
    }
  self->root = screens.data->root;

  ewmh_cookies = xcb_ewmh_init_atoms (self->connection, &self->ewmh);
  gtk_cookie = xcb_intern_atom (self->connection, 0, strlen (gtk_application_id),
                                gtk_application_id);
  if (!xcb_ewmh_init_atoms_replies (&self->ewmh, ewmh_cookies, NULL))
    {
      gtk_reply = xcb_intern_atom_reply (self->connection, gtk_cookie, NULL);
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   _("The X display did not answer the window manager hints query."));
      return FALSE;
    }
  self->have_ewmh = TRUE;
  gtk_reply = xcb_intern_atom_reply (self->connection, gtk_cookie, NULL);
  self->gtk_application_id = gtk_reply != NULL ? gtk_reply->atom : XCB_ATOM_NONE;

  attr_cookie = xcb_change_window_attributes_checked (self->connection, self->root,
                                                     XCB_CW_EVENT_MASK, root_mask);
  attr_error = xcb_request_check (self->connection, attr_cookie);
  if (attr_error != NULL)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   _("Could not follow the active window on the X display."));
      return FALSE;
    }

  self->fd_id = g_unix_fd_add (xcb_get_file_descriptor (self->connection),
                               G_IO_IN | G_IO_HUP | G_IO_ERR, uns_x11_source_fd_cb, self);
  return TRUE;
}

/**
 * uns_x11_source_new:
 * @func: called with the focused window, now and after every change
 * @user_data: for @func
 * @destroy: (nullable): frees @user_data with the source (also when this fails)
 * @error: return location for a #GError
 *
 * Connects to the display in DISPLAY and reports the window that has focus
 * now and after every change. Dropping the last reference lets go of the
 * display.
 *
 * Returns: (transfer full) (nullable): a running source, or %NULL when the
 *   display cannot be followed
 */
G_MODULE_EXPORT UnsX11Source *
uns_x11_source_new (UnsX11FocusFunc func,
                    gpointer        user_data,
                    GDestroyNotify  destroy,
                    GError        **error)
{
  g_autoptr(UnsX11Source) self = NULL;

  g_return_val_if_fail (func != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (UNS_TYPE_X11_SOURCE, NULL);
  self->focus_func = func;
  self->focus_data = user_data;
  self->focus_destroy = destroy;
  self->app_monitor = g_app_info_monitor_get ();
  g_signal_connect (self->app_monitor, "changed", G_CALLBACK (app_infos_changed_cb), self);

  if (!uns_x11_source_connect (self, error))
    {
      uns_x11_source_disconnect (self);
      return NULL;
    }

  uns_x11_source_update_active (self);
  uns_x11_source_dispatch (self);
  return g_steal_pointer (&self);
}
