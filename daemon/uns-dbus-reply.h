/* SPDX-License-Identifier: GPL-3.0-or-later */
/* How the daemon's D-Bus services answer a call with an error. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void uns_dbus_reply_error (GDBusMethodInvocation *invocation,
                           const GError          *error);

G_END_DECLS
