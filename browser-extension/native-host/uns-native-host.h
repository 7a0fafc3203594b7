/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One browser connection: the extension's messages in, the daemon's
 * answers and signals out. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define UNS_TYPE_NATIVE_HOST (uns_native_host_get_type ())
G_DECLARE_FINAL_TYPE (UnsNativeHost, uns_native_host, UNS, NATIVE_HOST, GObject)

UnsNativeHost *uns_native_host_new (int              in_fd,
                                    int              out_fd,
                                    GDBusConnection *bus);
int            uns_native_host_run (UnsNativeHost   *self);

G_END_DECLS
