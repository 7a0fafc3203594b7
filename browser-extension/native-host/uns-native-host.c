/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The host's session with one browser: reads frames from the browser on
 * the main loop, relays tab reports and the user's choices to the daemon
 * over D-Bus, and passes the daemon's nudges and limit changes back. Every
 * D-Bus call is asynchronous and counted; while too many are under way the
 * host stops reading, so a browser that floods it waits instead of making
 * the host grow. */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <unistd.h>

#include "uns-dbus-generated.h"
#include "uns-native-framing.h"
#include "uns-native-host.h"
#include "uns-native-message.h"

#define PROPERTIES_IFACE "org.freedesktop.DBus.Properties"
#define LIMITS_IFACE UNS_BUS_NAME ".Limits"
/* The most D-Bus calls and proxy set-ups under way before reading stops. */
#define MAX_IN_FLIGHT 32
/* A closing ForgetBrowser() must not hold up the browser for long. */
#define FORGET_TIMEOUT_MS 2000
#define DEFAULT_PAUSE_SECONDS 5

typedef enum
{
  FETCH_HELLO,      /* answer the extension's hello */
  FETCH_GET_STATE,  /* answer get-state */
  FETCH_REFRESH,    /* limits changed or the daemon came back */
} FetchReason;

struct _UnsNativeHost
{
  GObject           parent_instance;

  int               in_fd;
  int               out_fd;
  GDBusConnection  *bus;            /* (owned) */
  GCancellable     *cancellable;    /* (owned) */
  GMainLoop        *loop;           /* (owned) */
  int               exit_status;
  gboolean          ended;

  UnsNativeFramer  *framer;         /* (owned) */
  GSource          *in_source;      /* (owned) (nullable) while reading */
  guint             in_flight;      /* async operations under way */

  UnsDbusTracker   *tracker;        /* (owned) (nullable) */
  UnsDbusLimits    *limits;         /* (owned) (nullable) */
  UnsDbusCatalog   *catalog;        /* (owned) (nullable) */
  UnsDbusResources *resources;      /* (owned) (nullable) */
  guint             watch_id;
  GSettings        *settings;       /* (owned) (nullable) without the schema */

  gboolean          daemon_up;      /* the bus name has an owner */
  gboolean          hello_done;     /* the extension said hello */
  gboolean          hello_pending;  /* its answer is being put together */
  gboolean          announced_up;   /* the last hello sent said daemon: true */
  char             *browser_id;     /* (owned) */
  gboolean          tab_reported;
  UnsNativeRequest *last_tab;       /* (owned) (nullable) */
  GHashTable       *domains;        /* (owned) service id → GStrv, from the catalog */
};

G_DEFINE_TYPE (UnsNativeHost, uns_native_host, G_TYPE_OBJECT)

static void start_reading (UnsNativeHost *self);

/* ---- Output ---------------------------------------------------------------- */

static void
end (UnsNativeHost *self,
     int            status)
{
  if (self->ended)
    return;
  self->ended = TRUE;
  self->exit_status = status;
  if (self->in_source != NULL)
    {
      g_source_destroy (self->in_source);
      g_clear_pointer (&self->in_source, g_source_unref);
    }
  g_main_loop_quit (self->loop);
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Writes one message; one too large for the protocol is replaced by a
 * short error, so the extension still hears back. Writes block: the
 * browser always reads its port, and a blocked host reads nothing more,
 * so nothing piles up. */
static void
send_message (UnsNativeHost *self,
              JsonNode      *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) frame = NULL;

  if (self->ended)
    return;

  frame = uns_native_message_encode (message, &error);
  if (frame == NULL)
    {
      g_autoptr(JsonNode) replacement = NULL;
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (message) ? json_node_get_object (message) : NULL;
      gint64 id = object != NULL ? json_object_get_int_member_with_default (object, "id", -1) : -1;

      g_message ("Not sending a message: %s", error->message);
      replacement = uns_native_message_error (id, "too-large", "The answer was too large to send.");
      frame = uns_native_message_encode (replacement, NULL);
    }
  if (!write_all (self->out_fd, g_bytes_get_data (frame, NULL), g_bytes_get_size (frame)))
    {
      g_message ("The browser stopped reading: %s", g_strerror (errno));
      end (self, 1);
    }
}

static void
send_error (UnsNativeHost *self,
            gint64         id,
            const GError  *error)
{
  g_autoptr(JsonNode) message = NULL;
  g_autofree char *text = NULL;

  if (error->domain == UNS_NATIVE_ERROR)
    text = g_strdup (error->message);
  else
    {
      /* From the daemon: its message is written for people. */
      g_autoptr(GError) copy = g_error_copy (error);

      if (g_dbus_error_is_remote_error (copy))
        g_dbus_error_strip_remote_error (copy);
      text = g_strdup (copy->message);
    }
  message = uns_native_message_error (id, uns_native_error_to_code (error), text);
  send_message (self, message);
}

static JsonNode *
finish_object (JsonBuilder *builder)
{
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static JsonBuilder *
begin_message (const char *type,
               gint64      id)
{
  JsonBuilder *builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  if (id >= 0)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
    }
  return builder;
}

static void
send_hello (UnsNativeHost *self,
            gint64         id,
            gboolean       daemon)
{
  g_autoptr(JsonBuilder) builder = begin_message ("hello", id);
  g_autoptr(JsonNode) message = NULL;

  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, UNS_NATIVE_PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "daemon");
  json_builder_add_boolean_value (builder, daemon);
  message = finish_object (builder);
  send_message (self, message);
  self->announced_up = daemon;
}

/* ---- Async bookkeeping ----------------------------------------------------- */

typedef struct
{
  UnsNativeHost *self;  /* (owned) */
  gint64         id;
} Call;

static Call *
call_new (UnsNativeHost *self,
          gint64         id)
{
  Call *call = g_new0 (Call, 1);

  call->self = g_object_ref (self);
  call->id = id;
  self->in_flight++;
  return call;
}

/* Ends a call; returns FALSE if the host no longer wants its answer. */
static gboolean
call_done (Call         *call,
           const GError *error)
{
  UnsNativeHost *self = call->self;

  self->in_flight--;
  if (!self->ended && self->in_source == NULL && self->in_flight < MAX_IN_FLIGHT && self->limits != NULL)
    start_reading (self);
  return !self->ended && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
call_free (Call *call)
{
  g_object_unref (call->self);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Call, call_free)

/* ---- Daemon → JSON ----------------------------------------------------------- */

/* A basic D-Bus value as JSON; other types come out as null. */
static void
add_variant (JsonBuilder *builder,
             GVariant    *value)
{
  if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    json_builder_add_string_value (builder, g_variant_get_string (value, NULL));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
    json_builder_add_boolean_value (builder, g_variant_get_boolean (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_UINT32))
    json_builder_add_int_value (builder, g_variant_get_uint32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT32))
    json_builder_add_int_value (builder, g_variant_get_int32 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    json_builder_add_int_value (builder, g_variant_get_int64 (value));
  else
    json_builder_add_null_value (builder);
}

/* A nudge's a{sv} as a JSON object, "-" in keys written as "_"; an empty
 * dictionary (the nudge ended) as null. */
static void
add_nudge (JsonBuilder *builder,
           GVariant    *details)
{
  GVariantIter iter;
  const char *key;
  GVariant *value;

  if (details == NULL || g_variant_n_children (details) == 0)
    {
      json_builder_add_null_value (builder);
      return;
    }
  json_builder_begin_object (builder);
  g_variant_iter_init (&iter, details);
  while (g_variant_iter_loop (&iter, "{&sv}", &key, &value))
    {
      g_autofree char *name = g_strdelimit (g_strdup (key), "-", '_');

      json_builder_set_member_name (builder, name);
      add_variant (builder, value);
    }
  json_builder_end_object (builder);
}

static void
add_domains (JsonBuilder        *builder,
             const char * const *domains)
{
  json_builder_begin_array (builder);
  for (gsize i = 0; domains != NULL && domains[i] != NULL; i++)
    json_builder_add_string_value (builder, domains[i]);
  json_builder_end_array (builder);
}

static guint
pause_seconds (UnsNativeHost *self)
{
  return self->settings != NULL ? g_settings_get_uint (self->settings, "mindful-pause-seconds")
                                : DEFAULT_PAUSE_SECONDS;
}

typedef struct
{
  gboolean strict;
  gboolean mindful_pause;
} SiteFlags;

static void
cover (GHashTable *covered,
       const char *service,
       gboolean    strict,
       gboolean    mindful_pause)
{
  SiteFlags *flags = g_hash_table_lookup (covered, service);

  if (flags == NULL)
    {
      flags = g_new0 (SiteFlags, 1);
      g_hash_table_insert (covered, g_strdup (service), flags);
    }
  flags->strict |= strict;
  flags->mindful_pause |= mindful_pause;
}

/* state: the nudges now, and the sites an enabled limit covers, with the
 * flags of every limit that covers them. */
static JsonNode *
build_state (UnsNativeHost *self,
             gint64         id,
             GVariant      *limits,
             GVariant      *services,
             GVariant      *nudges)
{
  g_autoptr(JsonBuilder) builder = begin_message ("state", id);
  g_autoptr(GHashTable) covered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GVariantIter iter;

  json_builder_set_member_name (builder, "nudges");
  json_builder_begin_object (builder);
  if (nudges != NULL && g_variant_is_of_type (nudges, G_VARIANT_TYPE ("a{sa{sv}}")))
    {
      const char *service;
      GVariant *details;

      g_variant_iter_init (&iter, nudges);
      while (g_variant_iter_loop (&iter, "{&s@a{sv}}", &service, &details))
        {
          json_builder_set_member_name (builder, service);
          add_nudge (builder, details);
        }
    }
  json_builder_end_object (builder);

  if (limits != NULL && services != NULL)
    {
      GVariant *limit;

      g_variant_iter_init (&iter, limits);
      /* g_variant_iter_loop() drops each limit as it moves on. */
      while (g_variant_iter_loop (&iter, "@a{sv}", &limit))
        {
          const char *scope = NULL, *target = NULL;
          gboolean enabled = FALSE, strict = FALSE, mindful_pause = FALSE;
          GVariantIter service_iter;
          const char *service_id, *category;

          g_variant_lookup (limit, "scope", "&s", &scope);
          g_variant_lookup (limit, "target", "&s", &target);
          g_variant_lookup (limit, "enabled", "b", &enabled);
          g_variant_lookup (limit, "strict", "b", &strict);
          g_variant_lookup (limit, "mindful-pause", "b", &mindful_pause);
          if (!enabled || scope == NULL || target == NULL)
            continue;

          g_variant_iter_init (&service_iter, services);
          while (g_variant_iter_next (&service_iter, "(&s&s&s^a&s^a&sb)", &service_id, NULL,
                                      &category, NULL, NULL, NULL))
            if (g_strcmp0 (scope, "total") == 0 ||
                (g_strcmp0 (scope, "service") == 0 && g_strcmp0 (target, service_id) == 0) ||
                (g_strcmp0 (scope, "category") == 0 && g_strcmp0 (target, category) == 0))
              cover (covered, service_id, strict, mindful_pause);
        }
    }

  json_builder_set_member_name (builder, "sites");
  json_builder_begin_object (builder);
  if (services != NULL)
    {
      const char *service_id, *name;
      g_autofree const char **domains = NULL;

      g_variant_iter_init (&iter, services);
      while (g_variant_iter_next (&iter, "(&s&s&s^a&s^a&sb)", &service_id, &name, NULL, NULL,
                                  &domains, NULL))
        {
          SiteFlags *flags = g_hash_table_lookup (covered, service_id);

          if (flags != NULL && domains[0] != NULL)
            {
              json_builder_set_member_name (builder, service_id);
              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "name");
              json_builder_add_string_value (builder, name);
              json_builder_set_member_name (builder, "domains");
              add_domains (builder, domains);
              json_builder_set_member_name (builder, "strict");
              json_builder_add_boolean_value (builder, flags->strict);
              json_builder_set_member_name (builder, "mindful_pause");
              json_builder_add_boolean_value (builder, flags->mindful_pause);
              json_builder_set_member_name (builder, "pause_seconds");
              json_builder_add_int_value (builder, pause_seconds (self));
              json_builder_end_object (builder);
            }
          g_clear_pointer (&domains, g_free);
        }
    }
  json_builder_end_object (builder);
  return finish_object (builder);
}

static void
remember_domains (UnsNativeHost *self,
                  GVariant      *services)
{
  GVariantIter iter;
  const char *service_id;
  char **domains;

  g_hash_table_remove_all (self->domains);
  g_variant_iter_init (&iter, services);
  while (g_variant_iter_next (&iter, "(&s&s&s^a&s^asb)", &service_id, NULL, NULL, NULL,
                              &domains, NULL))
    g_hash_table_insert (self->domains, g_strdup (service_id), domains);
}

/* ---- State ------------------------------------------------------------------ */

typedef struct
{
  UnsNativeHost *self;      /* (owned) */
  FetchReason    reason;
  gint64         id;
  guint          pending;
  GVariant      *limits;    /* (owned) (nullable) */
  GVariant      *services;  /* (owned) (nullable) */
  GVariant      *nudges;    /* (owned) (nullable) */
  GError        *error;     /* (owned) (nullable) the first failure */
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_pointer (&fetch->limits, g_variant_unref);
  g_clear_pointer (&fetch->services, g_variant_unref);
  g_clear_pointer (&fetch->nudges, g_variant_unref);
  g_clear_error (&fetch->error);
  g_object_unref (fetch->self);
  g_free (fetch);
}

static void
fetch_finish (Fetch *fetch)
{
  UnsNativeHost *self = fetch->self;
  g_autoptr(JsonNode) state = NULL;
  gboolean ok = fetch->error == NULL;

  if (fetch->reason == FETCH_HELLO)
    self->hello_pending = FALSE;
  if (self->ended || g_error_matches (fetch->error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ok)
    remember_domains (self, fetch->services);
  else
    g_message ("Could not read the daemon's state: %s", fetch->error->message);

  switch (fetch->reason)
    {
    case FETCH_HELLO:
      send_hello (self, fetch->id, ok);
      /* Without the daemon there are no nudges and no sites to know of. */
      state = build_state (self, -1, fetch->limits, fetch->services, fetch->nudges);
      send_message (self, state);
      break;

    case FETCH_GET_STATE:
    case FETCH_REFRESH:
      if (!ok)
        {
          if (fetch->reason == FETCH_GET_STATE)
            send_error (self, fetch->id, fetch->error);
          break;
        }
      if (!self->announced_up)
        send_hello (self, -1, TRUE);
      state = build_state (self, fetch->id, fetch->limits, fetch->services, fetch->nudges);
      send_message (self, state);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
fetch_part_done (Fetch   *fetch,
                 GVariant *value,
                 GVariant **slot,
                 GError   *error)
{
  fetch->self->in_flight--;
  if (error != NULL && fetch->error == NULL)
    fetch->error = g_steal_pointer (&error);
  g_clear_error (&error);
  if (value != NULL)
    *slot = value;
  if (--fetch->pending > 0)
    return;
  fetch_finish (fetch);
  if (!fetch->self->ended && fetch->self->in_source == NULL && fetch->self->in_flight < MAX_IN_FLIGHT)
    start_reading (fetch->self);
  fetch_free (fetch);
}

static void
list_limits_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;
  GVariant *limits = NULL;

  uns_dbus_limits_call_list_limits_finish (UNS_DBUS_LIMITS (source), &limits, result, &error);
  fetch_part_done (fetch, limits, &fetch->limits, error);
}

static void
list_services_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;
  GVariant *services = NULL;

  uns_dbus_catalog_call_list_services_finish (UNS_DBUS_CATALOG (source), &services, result, &error);
  fetch_part_done (fetch, services, &fetch->services, error);
}

static void
get_nudges_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;
  GError *error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &error);
  GVariant *nudges = NULL;

  if (reply != NULL)
    g_variant_get (reply, "(v)", &nudges);
  fetch_part_done (fetch, nudges, &fetch->nudges, error);
}

/* Asks the daemon for everything `state` holds; three calls at once. The
 * first of them D-Bus-activates the daemon if it is not running. */
static void
fetch_state (UnsNativeHost *self,
             FetchReason    reason,
             gint64         id)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->self = g_object_ref (self);
  fetch->reason = reason;
  fetch->id = id;
  fetch->pending = 3;
  self->in_flight += 3;
  if (reason == FETCH_HELLO)
    self->hello_pending = TRUE;

  uns_dbus_limits_call_list_limits (self->limits, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, list_limits_cb, fetch);
  uns_dbus_catalog_call_list_services (self->catalog, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, list_services_cb, fetch);
  g_dbus_connection_call (self->bus, UNS_BUS_NAME, UNS_BUS_PATH, PROPERTIES_IFACE, "Get",
                          g_variant_new ("(ss)", LIMITS_IFACE, "Nudges"), G_VARIANT_TYPE ("(v)"),
                          G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, get_nudges_cb, fetch);
}

/* ---- Requests ------------------------------------------------------------- */

static void
send_result (UnsNativeHost *self,
             gint64         id,
             gboolean       has_until,
             gint64         until)
{
  g_autoptr(JsonBuilder) builder = begin_message ("result", id);
  g_autoptr(JsonNode) message = NULL;

  json_builder_set_member_name (builder, "ok");
  json_builder_add_boolean_value (builder, TRUE);
  if (has_until)
    {
      json_builder_set_member_name (builder, "until");
      json_builder_add_int_value (builder, until);
    }
  message = finish_object (builder);
  send_message (self, message);
}

static void
report_tab_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;

  uns_dbus_tracker_call_report_tab_finish (UNS_DBUS_TRACKER (source), result, &error);
  if (!call_done (call, error) || error == NULL)
    return;
  g_message ("The daemon did not take the tab: %s", error->message);
  if (call->id >= 0)
    send_error (call->self, call->id, error);
}

static void
report_tab (UnsNativeHost          *self,
            const UnsNativeRequest *tab,
            gint64                  id)
{
  /* A private tab's hostname is never passed on, whatever the extension
   * sent. */
  uns_dbus_tracker_call_report_tab (self->tracker, self->browser_id,
                                    tab->incognito ? "" : tab->hostname,
                                    tab->focused, tab->audible, tab->incognito,
                                    G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, report_tab_cb, call_new (self, id));
  self->tab_reported = TRUE;
}

static void
answer_until (Call     *call,
              GError   *error,
              gint64    until)
{
  if (!call_done (call, error))
    return;
  if (error != NULL)
    send_error (call->self, call->id, error);
  else
    send_result (call->self, call->id, TRUE, until);
}

static void
snooze_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  gint64 until = 0;

  uns_dbus_limits_call_snooze_finish (UNS_DBUS_LIMITS (source), &until, result, &error);
  answer_until (call, error, until);
}

static void
take_break_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  gint64 until = 0;

  uns_dbus_limits_call_take_break_finish (UNS_DBUS_LIMITS (source), &until, result, &error);
  answer_until (call, error, until);
}

static void
pause_choice_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;

  uns_dbus_limits_call_record_pause_choice_finish (UNS_DBUS_LIMITS (source), result, &error);
  if (!call_done (call, error))
    return;
  if (error != NULL)
    send_error (call->self, call->id, error);
  else
    send_result (call->self, call->id, FALSE, 0);
}

static void
add_resource_member (JsonBuilder *builder,
                     GVariant    *entry,
                     const char  *key,
                     const char  *member)
{
  const char *value = NULL;

  if (g_variant_lookup (entry, key, "&s", &value))
    {
      json_builder_set_member_name (builder, member);
      json_builder_add_string_value (builder, value);
    }
}

static void
resources_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Call) call = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *country = NULL;
  g_autoptr(GVariant) entries = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) message = NULL;
  GVariantIter iter;
  GVariant *entry;

  uns_dbus_resources_call_get_resources_finish (UNS_DBUS_RESOURCES (source), &country, &entries,
                                                result, &error);
  if (!call_done (call, error))
    return;
  if (error != NULL)
    {
      send_error (call->self, call->id, error);
      return;
    }

  builder = begin_message ("resources", call->id);
  json_builder_set_member_name (builder, "country");
  json_builder_add_string_value (builder, country);
  json_builder_set_member_name (builder, "entries");
  json_builder_begin_array (builder);
  g_variant_iter_init (&iter, entries);
  while (g_variant_iter_loop (&iter, "@a{sv}", &entry))
    {
      json_builder_begin_object (builder);
      add_resource_member (builder, entry, "name", "name");
      add_resource_member (builder, entry, "notes", "description");
      add_resource_member (builder, entry, "phone", "phone");
      add_resource_member (builder, entry, "sms", "text");
      add_resource_member (builder, entry, "url", "url");
      add_resource_member (builder, entry, "hours", "hours");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  message = finish_object (builder);
  send_message (call->self, message);
}

static void
forget_browser (UnsNativeHost *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->tab_reported || !self->daemon_up)
    return;
  /* Never start the daemon only to tell it to forget. */
  if (!uns_dbus_tracker_call_forget_browser_sync (self->tracker, self->browser_id,
                                                  G_DBUS_CALL_FLAGS_NO_AUTO_START, FORGET_TIMEOUT_MS,
                                                  NULL, &error))
    g_message ("Could not tell the daemon the browser left: %s", error->message);
  self->tab_reported = FALSE;
}

static void
handle_hello (UnsNativeHost          *self,
              const UnsNativeRequest *request)
{
  g_autofree char *browser_id = g_strdup_printf ("%s-%d", request->browser, (int) getpid ());

  if (g_strcmp0 (browser_id, self->browser_id) != 0)
    {
      forget_browser (self);
      g_free (self->browser_id);
      self->browser_id = g_steal_pointer (&browser_id);
    }
  self->hello_done = TRUE;
  fetch_state (self, FETCH_HELLO, request->id);
}

static void
handle_frame (UnsNativeHost *self,
              GBytes        *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsNativeRequest) request = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (frame, &len);
  gint64 id = -1;

  request = uns_native_request_parse (data, len, &id, &error);
  if (request == NULL)
    {
      g_message ("Refused a message: %s", error->message);
      send_error (self, id, error);
      return;
    }

  switch (request->type)
    {
    case UNS_NATIVE_REQUEST_HELLO:
      handle_hello (self, request);
      break;
    case UNS_NATIVE_REQUEST_TAB:
      report_tab (self, request, id);
      /* Kept to tell a daemon that comes back. */
      g_clear_pointer (&self->last_tab, uns_native_request_free);
      self->last_tab = g_steal_pointer (&request);
      break;
    case UNS_NATIVE_REQUEST_SNOOZE:
      uns_dbus_limits_call_snooze (self->limits, request->service, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                                   snooze_cb, call_new (self, id));
      break;
    case UNS_NATIVE_REQUEST_BREAK:
      uns_dbus_limits_call_take_break (self->limits, (gint64) request->minutes * 60, G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable,
                                       take_break_cb, call_new (self, id));
      break;
    case UNS_NATIVE_REQUEST_RESOURCES:
      uns_dbus_resources_call_get_resources (self->resources, "",
                                             g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                                             G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, resources_cb, call_new (self, id));
      break;
    case UNS_NATIVE_REQUEST_PAUSE_CHOICE:
      uns_dbus_limits_call_record_pause_choice (self->limits, request->service, request->choice,
                                                G_DBUS_CALL_FLAGS_NONE, -1, self->cancellable, pause_choice_cb, call_new (self, id));
      break;
    case UNS_NATIVE_REQUEST_GET_STATE:
      fetch_state (self, FETCH_GET_STATE, id);
      break;
    default:
      g_assert_not_reached ();
    }
}

/* ---- Input ---------------------------------------------------------------- */

static gboolean
input_cb (int          fd,
          GIOCondition condition,
          gpointer     user_data)
{
  UnsNativeHost *self = UNS_NATIVE_HOST (user_data);
  g_autoptr(GError) error = NULL;
  guint8 buffer[16384];
  gsize wanted = MIN (sizeof buffer, uns_native_framer_wanted (self->framer));
  gsize offset = 0;
  ssize_t n;

  /* Never more than the current frame needs, so a bad frame after a good
   * one is still unread when the good one is answered. */
  n = read (fd, buffer, wanted);
  if (n < 0)
    {
      if (errno == EINTR || errno == EAGAIN)
        return G_SOURCE_CONTINUE;
      g_message ("Could not read from the browser: %s", g_strerror (errno));
      end (self, 1);
      return G_SOURCE_REMOVE;
    }
  if (n == 0)
    {
      if (!uns_native_framer_finish (self->framer, &error))
        {
          g_message ("%s", error->message);
          send_error (self, -1, error);
          end (self, 1);
        }
      else
        end (self, 0);
      return G_SOURCE_REMOVE;
    }

  while (offset < (gsize) n && !self->ended)
    {
      g_autoptr(GBytes) frame = NULL;
      gsize used = uns_native_framer_feed (self->framer, buffer + offset, (gsize) n - offset,
                                           &frame, &error);

      if (used == 0 && error != NULL)
        {
          /* The stream cannot be resynchronised: say why, then leave. */
          g_message ("%s", error->message);
          send_error (self, -1, error);
          end (self, 1);
          return G_SOURCE_REMOVE;
        }
      offset += used;
      if (frame != NULL)
        handle_frame (self, frame);
    }

  if (self->ended)
    return G_SOURCE_REMOVE;
  if (self->in_flight >= MAX_IN_FLIGHT)
    {
      /* Read again once the daemon caught up. */
      g_clear_pointer (&self->in_source, g_source_unref);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
start_reading (UnsNativeHost *self)
{
  if (self->in_source != NULL || self->ended)
    return;
  self->in_source = g_unix_fd_source_new (self->in_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (self->in_source, G_SOURCE_FUNC (input_cb), self, NULL);
  g_source_attach (self->in_source, NULL);
}

/* ---- The daemon ------------------------------------------------------------ */

static void
nudge_changed_cb (UnsDbusLimits *limits,
                  const char    *service,
                  GVariant      *details,
                  gpointer       user_data)
{
  UnsNativeHost *self = UNS_NATIVE_HOST (user_data);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) message = NULL;

  if (!self->hello_done)
    return;
  builder = begin_message ("nudge", -1);
  json_builder_set_member_name (builder, "service");
  json_builder_add_string_value (builder, service);
  json_builder_set_member_name (builder, "domains");
  add_domains (builder, g_hash_table_lookup (self->domains, service));
  json_builder_set_member_name (builder, "nudge");
  add_nudge (builder, details);
  message = finish_object (builder);
  send_message (self, message);
}

static void
limits_changed_cb (UnsDbusLimits *limits,
                   gpointer       user_data)
{
  UnsNativeHost *self = UNS_NATIVE_HOST (user_data);

  if (self->hello_done)
    fetch_state (self, FETCH_REFRESH, -1);
}

static void
pause_seconds_changed_cb (GSettings  *settings,
                          const char *key,
                          gpointer    user_data)
{
  UnsNativeHost *self = UNS_NATIVE_HOST (user_data);

  if (self->hello_done && self->daemon_up)
    fetch_state (self, FETCH_REFRESH, -1);
}

static void
daemon_appeared_cb (GDBusConnection *connection,
                    const char      *name,
                    const char      *owner,
                    gpointer         user_data)
{
  UnsNativeHost *self = UNS_NATIVE_HOST (user_data);

  g_message ("The daemon is on the bus as %s", owner);
  self->daemon_up = TRUE;
  if (self->ended)
    return;
  /* A new daemon knows nothing of this browser's tab yet. */
  if (self->last_tab != NULL)
    report_tab (self, self->last_tab, -1);
  if (self->hello_done && !self->announced_up && !self->hello_pending)
    fetch_state (self, FETCH_REFRESH, -1);
}

static void
daemon_vanished_cb (GDBusConnection *connection,
                    const char      *name,
                    gpointer         user_data)
{
  UnsNativeHost *self = UNS_NATIVE_HOST (user_data);

  self->daemon_up = FALSE;
  if (self->announced_up)
    {
      g_message ("The daemon left the bus");
      send_hello (self, -1, FALSE);
    }
}

static void
proxy_ready (UnsNativeHost *self)
{
  if (--self->in_flight > 0)
    return;
  if (self->tracker == NULL || self->limits == NULL || self->catalog == NULL || self->resources == NULL)
    {
      end (self, 1);
      return;
    }
  g_signal_connect_object (self->limits, "nudge-changed", G_CALLBACK (nudge_changed_cb), self, 0);
  g_signal_connect_object (self->limits, "limits-changed", G_CALLBACK (limits_changed_cb), self, 0);
  self->watch_id = g_bus_watch_name_on_connection (self->bus, UNS_BUS_NAME, G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                   daemon_appeared_cb, daemon_vanished_cb,
                                                   self, NULL);
  start_reading (self);
}

#define PROXY_CB(name, type, field)                                               \
  static void                                                                     \
  name (GObject *source, GAsyncResult *result, gpointer user_data)                \
  {                                                                               \
    g_autoptr(UnsNativeHost) self = user_data;                                    \
    g_autoptr(GError) error = NULL;                                               \
                                                                                  \
    self->field = type (result, &error);                                          \
    if (self->field == NULL)                                                      \
      g_message ("Could not reach the daemon's interfaces: %s", error->message);  \
    proxy_ready (self);                                                           \
  }

PROXY_CB (tracker_ready_cb, uns_dbus_tracker_proxy_new_finish, tracker)
PROXY_CB (limits_ready_cb, uns_dbus_limits_proxy_new_finish, limits)
PROXY_CB (catalog_ready_cb, uns_dbus_catalog_proxy_new_finish, catalog)
PROXY_CB (resources_ready_cb, uns_dbus_resources_proxy_new_finish, resources)

/* ---- Life ----------------------------------------------------------------- */

/**
 * uns_native_host_run:
 *
 * Serves the browser until it closes the connection.
 *
 * Returns: the exit status: 0 when the browser closed the connection
 *   cleanly, 1 after a broken stream
 */
int
uns_native_host_run (UnsNativeHost *self)
{
  /* Proxies without DO_NOT_AUTO_START: the first call starts the daemon.
   * Properties are read when needed, so the proxies never hold stale
   * ones. */
  GDBusProxyFlags flags = G_DBUS_PROXY_FLAGS_DO_NOT_LOAD_PROPERTIES;

  self->in_flight += 4;
  uns_dbus_tracker_proxy_new (self->bus, flags, UNS_BUS_NAME, UNS_BUS_PATH, self->cancellable,
                              tracker_ready_cb, g_object_ref (self));
  uns_dbus_limits_proxy_new (self->bus, flags, UNS_BUS_NAME, UNS_BUS_PATH, self->cancellable,
                             limits_ready_cb, g_object_ref (self));
  uns_dbus_catalog_proxy_new (self->bus, flags, UNS_BUS_NAME, UNS_BUS_PATH, self->cancellable,
                              catalog_ready_cb, g_object_ref (self));
  uns_dbus_resources_proxy_new (self->bus, flags, UNS_BUS_NAME, UNS_BUS_PATH, self->cancellable,
                                resources_ready_cb, g_object_ref (self));

  g_main_loop_run (self->loop);

  forget_browser (self);
  /* Let what is under way come back cancelled, so nothing is left
   * holding the host. */
  g_cancellable_cancel (self->cancellable);
  while (self->in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  return self->exit_status;
}

static void
uns_native_host_dispose (GObject *object)
{
  UnsNativeHost *self = UNS_NATIVE_HOST (object);

  if (self->in_source != NULL)
    {
      g_source_destroy (self->in_source);
      g_clear_pointer (&self->in_source, g_source_unref);
    }
  g_clear_handle_id (&self->watch_id, g_bus_unwatch_name);
  g_clear_object (&self->tracker);
  g_clear_object (&self->limits);
  g_clear_object (&self->catalog);
  g_clear_object (&self->resources);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (uns_native_host_parent_class)->dispose (object);
}

static void
uns_native_host_finalize (GObject *object)
{
  UnsNativeHost *self = UNS_NATIVE_HOST (object);

  g_clear_pointer (&self->framer, uns_native_framer_free);
  g_clear_pointer (&self->loop, g_main_loop_unref);
  g_clear_pointer (&self->last_tab, uns_native_request_free);
  g_clear_pointer (&self->domains, g_hash_table_unref);
  g_free (self->browser_id);

  G_OBJECT_CLASS (uns_native_host_parent_class)->finalize (object);
}

static void
uns_native_host_class_init (UnsNativeHostClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = uns_native_host_dispose;
  object_class->finalize = uns_native_host_finalize;
}

static void
uns_native_host_init (UnsNativeHost *self)
{
  self->cancellable = g_cancellable_new ();
  self->loop = g_main_loop_new (NULL, FALSE);
  self->framer = uns_native_framer_new ();
  self->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  self->browser_id = g_strdup_printf ("other-%d", (int) getpid ());
}

/**
 * uns_native_host_new:
 * @in_fd: where the browser's frames come from
 * @out_fd: where the answers go; nothing else may write to it
 * @bus: the session bus
 */
UnsNativeHost *
uns_native_host_new (int              in_fd,
                     int              out_fd,
                     GDBusConnection *bus)
{
  UnsNativeHost *self = g_object_new (UNS_TYPE_NATIVE_HOST, NULL);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  self->in_fd = in_fd;
  self->out_fd = out_fd;
  self->bus = g_object_ref (bus);

  /* The pause's length is the user's setting where the schema is
   * installed; without it, the default. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, UNS_APP_ID, TRUE);
  if (schema != NULL && g_settings_schema_has_key (schema, "mindful-pause-seconds"))
    {
      self->settings = g_settings_new_full (schema, NULL, NULL);
      g_signal_connect_object (self->settings, "changed::mindful-pause-seconds",
                               G_CALLBACK (pause_seconds_changed_cb), self, 0);
    }
  return self;
}
