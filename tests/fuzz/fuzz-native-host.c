/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzzes what the native host does with the browser's bytes: the framer
 * cutting a stream into frames, fed in pieces of varying size as read()
 * returns them, and the checks of each frame's message; then writes the
 * answer the host would give. The first byte chooses the piece sizes; the
 * rest is the stream. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "uns-native-framing.h"
#include "uns-native-message.h"

static const char * const codes[] = {
  "bad-frame", "bad-json", "invalid-message", "unknown-type", "invalid-hostname", NULL
};

static void
check_frame (GBytes *frame)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsNativeRequest) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GBytes) encoded = NULL;
  gsize len = 0;
  const char *data = g_bytes_get_data (frame, &len);
  gint64 id = -2;

  g_assert_cmpuint (len, >, 0);
  g_assert_cmpuint (len, <=, UNS_NATIVE_MAX_INBOUND);

  request = uns_native_request_parse (data, len, &id, &error);
  g_assert_cmpint (id, >=, -1);
  g_assert_cmpint (id, <=, G_MAXINT32);
  if (request == NULL)
    {
      g_assert_nonnull (error);
      g_assert_true (g_strv_contains (codes, uns_native_error_to_code (error)));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      answer = uns_native_message_error (id, uns_native_error_to_code (error), error->message);
    }
  else
    {
      g_assert_no_error (error);
      g_assert_cmpint (request->id, ==, id);
      switch (request->type)
        {
        case UNS_NATIVE_REQUEST_HELLO:
          g_assert_nonnull (request->browser);
          break;
        case UNS_NATIVE_REQUEST_TAB:
          /* Whatever got through is a bare hostname: never a URL, and no
           * NUL cut it short. */
          g_assert_true (uns_native_hostname_is_valid (request->hostname));
          g_assert_null (strchr (request->hostname, '/'));
          g_assert_null (strchr (request->hostname, ':'));
          break;
        case UNS_NATIVE_REQUEST_PAUSE_CHOICE:
          g_assert_true (g_str_equal (request->choice, "opened") ||
                         g_str_equal (request->choice, "didnt-open"));
          G_GNUC_FALLTHROUGH;
        case UNS_NATIVE_REQUEST_SNOOZE:
          g_assert_true (uns_native_service_is_valid (request->service));
          break;
        case UNS_NATIVE_REQUEST_BREAK:
          g_assert_cmpuint (request->minutes, >=, 1);
          g_assert_cmpuint (request->minutes, <=, 120);
          break;
        case UNS_NATIVE_REQUEST_RESOURCES:
        case UNS_NATIVE_REQUEST_GET_STATE:
        default:
          break;
        }
      answer = uns_native_message_error (id, "unknown-type", "An answer.");
    }

  g_clear_error (&error);
  encoded = uns_native_message_encode (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (encoded), <=, 4 + UNS_NATIVE_MAX_OUTBOUND);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(UnsNativeFramer) framer = uns_native_framer_new ();
  g_autoptr(GError) error = NULL;
  gsize piece;
  gsize offset = 1;

  if (size == 0)
    return 0;
  piece = (gsize) data[0] + 1;

  while (offset < size)
    {
      /* As the host reads: never more than the current frame wants. */
      gsize want = MIN (MIN (piece, uns_native_framer_wanted (framer)), size - offset);
      g_autoptr(GBytes) frame = NULL;
      gsize used;

      g_assert_cmpuint (want, >, 0);
      used = uns_native_framer_feed (framer, data + offset, want, &frame, &error);
      if (used == 0)
        {
          g_assert_error (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_FRAME);
          /* The stream stays broken. */
          g_clear_error (&error);
          g_assert_cmpuint (uns_native_framer_feed (framer, data + offset, want, &frame, &error), ==, 0);
          g_assert_error (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_FRAME);
          g_assert_null (frame);
          return 0;
        }
      g_assert_no_error (error);
      g_assert_cmpuint (used, ==, want);
      offset += used;
      if (frame != NULL)
        check_frame (frame);
    }

  /* The end of the input, inside a frame or between two. */
  if (!uns_native_framer_finish (framer, &error))
    g_assert_error (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_FRAME);
  return 0;
}
