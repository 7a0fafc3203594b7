/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Cuts the browser's byte stream into native-messaging frames. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most a frame from the browser may hold, and the most a message to it
 * may hold (both in bytes of UTF-8, without the 4-byte length). */
#define UNS_NATIVE_MAX_INBOUND  (64 * 1024)
#define UNS_NATIVE_MAX_OUTBOUND (1024 * 1024)

typedef struct _UnsNativeFramer UnsNativeFramer;

UnsNativeFramer *uns_native_framer_new    (void);
void             uns_native_framer_free   (UnsNativeFramer *self);
gsize            uns_native_framer_wanted (UnsNativeFramer *self);
gsize            uns_native_framer_feed   (UnsNativeFramer *self,
                                           const guint8    *data,
                                           gsize            len,
                                           GBytes         **out_frame,
                                           GError         **error);
gboolean         uns_native_framer_finish (UnsNativeFramer *self,
                                           GError         **error);
GBytes          *uns_native_frame_encode  (const char      *text,
                                           gsize            len,
                                           GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnsNativeFramer, uns_native_framer_free)

G_END_DECLS
