/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The messages of the native-messaging protocol (PROTOCOL.md): checking
 * what the extension sends, and writing what the host answers. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Errors the extension is told about; each has the protocol's "code". */
typedef enum
{
  UNS_NATIVE_ERROR_BAD_FRAME,
  UNS_NATIVE_ERROR_BAD_JSON,
  UNS_NATIVE_ERROR_INVALID_MESSAGE,
  UNS_NATIVE_ERROR_UNKNOWN_TYPE,
  UNS_NATIVE_ERROR_INVALID_HOSTNAME,
  UNS_NATIVE_ERROR_DAEMON,
  UNS_NATIVE_ERROR_TOO_LARGE,
} UnsNativeError;

#define UNS_NATIVE_ERROR (uns_native_error_quark ())
GQuark      uns_native_error_quark   (void);
const char *uns_native_error_to_code (const GError *error);

#define UNS_NATIVE_PROTOCOL_VERSION 1
#define UNS_NATIVE_MAX_DEPTH 16
#define UNS_NATIVE_MAX_HOSTNAME 253

typedef enum
{
  UNS_NATIVE_REQUEST_HELLO,
  UNS_NATIVE_REQUEST_TAB,
  UNS_NATIVE_REQUEST_SNOOZE,
  UNS_NATIVE_REQUEST_BREAK,
  UNS_NATIVE_REQUEST_RESOURCES,
  UNS_NATIVE_REQUEST_PAUSE_CHOICE,
  UNS_NATIVE_REQUEST_GET_STATE,
} UnsNativeRequestType;

typedef struct
{
  UnsNativeRequestType type;
  gint64    id;         /* -1: the request has none */
  char     *browser;    /* (owned) (nullable) hello */
  char     *hostname;   /* (owned) (nullable) tab; "" for no web site */
  gboolean  focused;    /* tab */
  gboolean  audible;    /* tab */
  gboolean  incognito;  /* tab */
  char     *service;    /* (owned) (nullable) snooze, pause-choice */
  char     *choice;     /* (owned) (nullable) pause-choice */
  guint     minutes;    /* break */
} UnsNativeRequest;

void              uns_native_request_free    (UnsNativeRequest *request);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnsNativeRequest, uns_native_request_free)

UnsNativeRequest *uns_native_request_parse   (const char       *data,
                                              gsize             len,
                                              gint64           *out_id,
                                              GError          **error);
gboolean          uns_native_hostname_is_valid (const char     *hostname);
gboolean          uns_native_service_is_valid  (const char     *service);

GBytes           *uns_native_message_encode  (JsonNode         *message,
                                              GError          **error);
JsonNode         *uns_native_message_error   (gint64            id,
                                              const char       *code,
                                              const char       *message);

G_END_DECLS
