/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Native messaging frames a message as a 4-byte length in the machine's
 * byte order and that many bytes of UTF-8. The framer takes the stream in
 * whatever pieces read() returns, never asks for more than the current
 * frame still needs, and never holds more than one capped frame, whatever
 * length the peer claims. A bad length cannot be skipped over (there is no
 * way to find the next frame), so it is an error that ends the stream. */
#include "config.h"

#include <string.h>

#include "uns-native-framing.h"
#include "uns-native-message.h"

struct _UnsNativeFramer
{
  guint8   header[4];
  gsize    header_have;
  guint8  *body;        /* (owned) (nullable) the frame being read */
  guint32  body_len;
  gsize    body_have;
  gboolean failed;      /* the stream cannot go on */
};

UnsNativeFramer *
uns_native_framer_new (void)
{
  return g_new0 (UnsNativeFramer, 1);
}

void
uns_native_framer_free (UnsNativeFramer *self)
{
  if (self == NULL)
    return;
  g_free (self->body);
  g_free (self);
}

/**
 * uns_native_framer_wanted:
 *
 * Returns: how many bytes the current frame still needs: a read of at most
 *   this many never takes bytes of the next frame.
 */
gsize
uns_native_framer_wanted (UnsNativeFramer *self)
{
  if (self->body == NULL)
    return sizeof self->header - self->header_have;
  return self->body_len - self->body_have;
}

/**
 * uns_native_framer_feed:
 * @data: bytes read from the browser
 * @len: how many
 * @out_frame: (out) (transfer full) (nullable): a whole frame's body, once
 *   one is complete
 * @error: %UNS_NATIVE_ERROR_BAD_FRAME for a zero or too large length
 *
 * Takes bytes up to the end of the current frame.
 *
 * Returns: how many bytes of @data were used; 0 with @error set when the
 *   stream cannot go on. Call again with the rest if a frame came out and
 *   bytes are left.
 */
gsize
uns_native_framer_feed (UnsNativeFramer *self,
                        const guint8    *data,
                        gsize            len,
                        GBytes         **out_frame,
                        GError         **error)
{
  gsize used = 0;

  g_return_val_if_fail (out_frame != NULL && *out_frame == NULL, 0);

  if (self->failed)
    {
      g_set_error_literal (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_FRAME,
                           "The stream already ended with a bad frame.");
      return 0;
    }

  if (self->body == NULL)
    {
      gsize take = MIN (len, sizeof self->header - self->header_have);
      guint32 length;

      memcpy (self->header + self->header_have, data, take);
      self->header_have += take;
      used = take;
      if (self->header_have < sizeof self->header)
        return used;

      memcpy (&length, self->header, sizeof length);
      if (length == 0 || length > UNS_NATIVE_MAX_INBOUND)
        {
          self->failed = TRUE;
          if (length == 0)
            g_set_error_literal (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_FRAME,
                                 "A message of length 0 is not allowed.");
          else
            g_set_error (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_FRAME,
                         "A message of %u bytes is longer than the %u allowed.",
                         length, (guint) UNS_NATIVE_MAX_INBOUND);
          return 0;
        }
      self->body_len = length;
      self->body_have = 0;
      /* At most UNS_NATIVE_MAX_INBOUND: the claim was checked above. */
      self->body = g_malloc (length);
      data += take;
      len -= take;
    }

  {
    gsize take = MIN (len, (gsize) self->body_len - self->body_have);

    memcpy (self->body + self->body_have, data, take);
    self->body_have += take;
    used += take;
  }

  if (self->body_have == self->body_len)
    {
      *out_frame = g_bytes_new_take (g_steal_pointer (&self->body), self->body_len);
      self->header_have = 0;
      self->body_len = 0;
      self->body_have = 0;
    }
  return used;
}

/**
 * uns_native_framer_finish:
 * @error: %UNS_NATIVE_ERROR_BAD_FRAME if the stream ended inside a frame
 *
 * Tells the framer that the stream ended.
 *
 * Returns: %TRUE if it ended between frames
 */
gboolean
uns_native_framer_finish (UnsNativeFramer *self,
                          GError         **error)
{
  if (self->failed || (self->header_have == 0 && self->body == NULL))
    return TRUE;
  g_set_error_literal (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_BAD_FRAME,
                       "The input ended in the middle of a message.");
  return FALSE;
}

/**
 * uns_native_frame_encode:
 * @text: a message, as UTF-8
 * @len: its length in bytes (not characters)
 * @error: %UNS_NATIVE_ERROR_TOO_LARGE if @len is over the outbound limit
 *
 * Returns: (transfer full): the length and the text, ready to write
 */
GBytes *
uns_native_frame_encode (const char *text,
                         gsize       len,
                         GError    **error)
{
  guint8 *frame;
  guint32 length;

  if (len == 0 || len > UNS_NATIVE_MAX_OUTBOUND)
    {
      g_set_error (error, UNS_NATIVE_ERROR, UNS_NATIVE_ERROR_TOO_LARGE,
                   "A message of %" G_GSIZE_FORMAT " bytes cannot be sent.", len);
      return NULL;
    }
  length = (guint32) len;
  frame = g_malloc (sizeof length + len);
  memcpy (frame, &length, sizeof length);
  memcpy (frame + sizeof length, text, len);
  return g_bytes_new_take (frame, sizeof length + len);
}
