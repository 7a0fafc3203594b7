/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Everything the extension sends is checked here before the host acts on
 * it: the bytes must be UTF-8, the text one JSON object no deeper than
 * UNS_NATIVE_MAX_DEPTH with no NUL escapes (json-glib is unsafe on such
 * input by itself, see common/uns-json.c), and every member the right type
 * and range. What comes out is a plain struct the host can trust. */
#include "config.h"

#include <string.h>

#include "uns-json.h"
#include "uns-native-framing.h"
#include "uns-native-message.h"

G_DEFINE_QUARK (uns-native-error-quark, uns_native_error)

static const char * const error_codes[] = {
  [UNS_NATIVE_ERROR_BAD_FRAME] = "bad-frame",
  [UNS_NATIVE_ERROR_BAD_JSON] = "bad-json",
  [UNS_NATIVE_ERROR_INVALID_MESSAGE] = "invalid-message",
  [UNS_NATIVE_ERROR_UNKNOWN_TYPE] = "unknown-type",
  [UNS_NATIVE_ERROR_INVALID_HOSTNAME] = "invalid-hostname",
  [UNS_NATIVE_ERROR_DAEMON] = "daemon",
  [UNS_NATIVE_ERROR_TOO_LARGE] = "too-large",
};

/**
 * uns_native_error_to_code:
 *
 * Returns: the protocol's "code" for @error; "daemon" for errors of any
 *   other domain, which come from talking to the daemon
 */
const char *
uns_native_error_to_code (const GError *error)
{
  if (error->domain == UNS_NATIVE_ERROR && error->code >= 0 &&
      (gsize) error->code < G_N_ELEMENTS (error_codes))
    return error_codes[error->code];
  return "daemon";
}

static const struct
{
  const char          *name;
  UnsNativeRequestType type;
} request_types[] = {
  { "hello", UNS_NATIVE_REQUEST_HELLO },
  { "tab", UNS_NATIVE_REQUEST_TAB },
  { "snooze", UNS_NATIVE_REQUEST_SNOOZE },
  { "break", UNS_NATIVE_REQUEST_BREAK },
  { "resources", UNS_NATIVE_REQUEST_RESOURCES },
  { "pause-choice", UNS_NATIVE_REQUEST_PAUSE_CHOICE },
  { "get-state", UNS_NATIVE_REQUEST_GET_STATE },
};

static const char * const browsers[] = {
  "chromium", "chrome", "brave", "edge", "vivaldi", "firefox", "other", NULL
};

void
uns_native_request_free (UnsNativeRequest *request)
{
  if (request == NULL)
    return;
  g_free (request->browser);
  g_free (request->hostname);
  g_free (request->service);
  g_free (request->choice);
  g_free (request);
}

/**
 * uns_native_hostname_is_valid:
 *
 * A hostname as the daemon takes it: letters, digits, "-" and "." only, at
 * most 253 bytes; "" means no web site. Anything with a scheme, port, path
 * or a character outside these is refused, so no URL gets through.
 */
gboolean
uns_native_hostname_is_valid (const char *hostname)
{
  gsize len = strlen (hostname);

  if (len > UNS_NATIVE_MAX_HOSTNAME)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (hostname[i]) && hostname[i] != '-' && hostname[i] != '.')
      return FALSE;
  return TRUE;
}

/**
 * uns_native_service_is_valid:
 *
 * A service id of the catalog: 1 to 64 characters from [a-z0-9_-].
 */
gboolean
uns_native_service_is_valid (const char *service)
{
  gsize len = strlen (service);

  if (len == 0 || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_islower (service[i]) && !g_ascii_isdigit (service[i]) &&
        service[i] != '_' && service[i] != '-')
      return FALSE;
  return TRUE;
}

static gboolean
invalid (GError    **error,
         const char *member,
         const char *what)
{
  g_set_error (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_INVALID_MESSAGE,
               "“%s” must be %s.", member, what);
  return FALSE;
}

/* Reads string member @name into @out; a missing member is an error only
 * if @required. */
static gboolean
get_string (JsonObject *object,
            const char *name,
            gboolean    required,
            char      **out,
            GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && !required)
    return TRUE;
  if (!uns_json_node_is_type (node, G_TYPE_STRING))
    return invalid (error, name, "a string");
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_boolean (JsonObject *object,
             const char *name,
             gboolean    required,
             gboolean   *out,
             GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && !required)
    return TRUE;
  if (!uns_json_node_is_type (node, G_TYPE_BOOLEAN))
    return invalid (error, name, "true or false");
  *out = json_node_get_boolean (node);
  return TRUE;
}

/* Reads whole-number member @name, from @min to @max, into @out. */
static gboolean
get_integer (JsonObject *object,
             const char *name,
             gboolean    required,
             gint64      min,
             gint64      max,
             gint64     *out,
             GError    **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *what = NULL;

  if (node == NULL && !required)
    return TRUE;
  if (uns_json_node_is_type (node, G_TYPE_INT64) &&
      json_node_get_int (node) >= min && json_node_get_int (node) <= max)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }
  what = g_strdup_printf ("a whole number from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT, min, max);
  return invalid (error, name, what);
}

static gboolean
parse_members (UnsNativeRequest *request,
               JsonObject       *object,
               GError          **error)
{
  gint64 number = 0;

  switch (request->type)
    {
    case UNS_NATIVE_REQUEST_HELLO:
      if (!get_integer (object, "version", TRUE, 1, G_MAXINT32, &number, error) ||
          !get_string (object, "browser", TRUE, &request->browser, error))
        return FALSE;
      if (!g_strv_contains (browsers, request->browser))
        return invalid (error, "browser", "one of chromium, chrome, brave, edge, vivaldi, firefox or other");
      return TRUE;

    case UNS_NATIVE_REQUEST_TAB:
      if (!get_string (object, "hostname", TRUE, &request->hostname, error) ||
          !get_boolean (object, "focused", TRUE, &request->focused, error) ||
          !get_boolean (object, "audible", FALSE, &request->audible, error) ||
          !get_boolean (object, "incognito", FALSE, &request->incognito, error))
        return FALSE;
      if (!uns_native_hostname_is_valid (request->hostname))
        {
          g_set_error_literal (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_INVALID_HOSTNAME,
                               "A hostname has only letters, digits, “-” and “.”, at most 253 of them; "
                               "never a whole address.");
          return FALSE;
        }
      return TRUE;

    case UNS_NATIVE_REQUEST_PAUSE_CHOICE:
      if (!get_string (object, "choice", TRUE, &request->choice, error))
        return FALSE;
      if (g_strcmp0 (request->choice, "opened") != 0 && g_strcmp0 (request->choice, "didnt-open") != 0)
        return invalid (error, "choice", "“opened” or “didnt-open”");
      G_GNUC_FALLTHROUGH;
    case UNS_NATIVE_REQUEST_SNOOZE:
      if (!get_string (object, "service", TRUE, &request->service, error))
        return FALSE;
      if (!uns_native_service_is_valid (request->service))
        return invalid (error, "service", "a service id");
      return TRUE;

    case UNS_NATIVE_REQUEST_BREAK:
      number = 5;
      if (!get_integer (object, "minutes", FALSE, 1, 120, &number, error))
        return FALSE;
      request->minutes = (guint) number;
      return TRUE;

    case UNS_NATIVE_REQUEST_RESOURCES:
    case UNS_NATIVE_REQUEST_GET_STATE:
    default:
      return TRUE;
    }
}

/**
 * uns_native_request_parse:
 * @data: a frame's body
 * @len: its length
 * @out_id: (out): the request's id, or -1 if it has none or it could not
 *   be read; an error answer carries it
 * @error: one of the #UnsNativeError codes
 *
 * Returns: (transfer full): the request, or %NULL with @error set
 */
UnsNativeRequest *
uns_native_request_parse (const char *data,
                          gsize       len,
                          gint64     *out_id,
                          GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(UnsNativeRequest) request = g_new0 (UnsNativeRequest, 1);
  g_autoptr(GError) local_error = NULL;
  const char *problem = NULL;
  const char *type = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *node;

  *out_id = -1;
  request->id = -1;

  /* g_utf8_validate_len() also refuses NUL bytes. */
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error_literal (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_JSON,
                           "The message is not valid UTF-8.");
      return NULL;
    }
  if (!uns_json_prescan (data, len, UNS_NATIVE_MAX_DEPTH, &problem))
    {
      g_set_error (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_JSON,
                   "The message cannot be read: %s.", problem);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      /* json-glib may quote part of a broken escape, cut inside a
       * character: what goes back to the browser must be UTF-8. */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_JSON,
                   "The message is not JSON: %s", reason);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_JSON,
                           "The message is empty.");
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_INVALID_MESSAGE,
                           "A message must be a JSON object.");
      return NULL;
    }
  object = json_node_get_object (root);

  if (json_object_has_member (object, "id"))
    {
      if (!get_integer (object, "id", TRUE, 0, G_MAXINT32, &request->id, error))
        return NULL;
      *out_id = request->id;
    }

  node = json_object_get_member (object, "type");
  if (!uns_json_node_is_type (node, G_TYPE_STRING))
    {
      invalid (error, "type", "a string");
      return NULL;
    }
  type = json_node_get_string (node);
  for (gsize i = 0; i < G_N_ELEMENTS (request_types); i++)
    if (g_strcmp0 (type, request_types[i].name) == 0)
      {
        request->type = request_types[i].type;
        if (!parse_members (request, object, error))
          return NULL;
        return g_steal_pointer (&request);
      }

  g_set_error_literal (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_UNKNOWN_TYPE,
                       "The host does not know this type of message.");
  return NULL;
}

/**
 * uns_native_message_encode:
 * @message: a message for the extension
 * @error: %UNS_NATIVE_ERROR_TOO_LARGE if it is over the outbound limit
 *
 * Returns: (transfer full): the frame to write
 */
GBytes *
uns_native_message_encode (JsonNode *message,
                           GError  **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;
  gsize len = 0;

  json_generator_set_root (generator, message);
  text = json_generator_to_data (generator, &len);
  /* json-glib writes UTF-8, so len counts the bytes the browser reads. */
  return uns_native_frame_encode (text, len, error);
}

/**
 * uns_native_message_error:
 * @id: the request's id, or -1
 * @code: the protocol's error code
 * @message: a sentence for people
 *
 * Returns: (transfer full): an "error" message
 */
JsonNode *
uns_native_message_error (gint64      id,
                          const char *code,
                          const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  /* Every string the browser gets must be UTF-8, whatever went wrong. */
  g_autofree char *text = g_utf8_make_valid (message, -1);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "error");
  if (id >= 0)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
    }
  json_builder_set_member_name (builder, "code");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, text);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
