/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The daemon: owns the bus name and wires the store, catalog, tracker, idle
 * monitor and D-Bus services together. */
#pragma once

#include <gio/gio.h>

#include "uns-clock.h"

G_BEGIN_DECLS

#define UNS_TYPE_DAEMON (uns_daemon_get_type ())
G_DECLARE_FINAL_TYPE (UnsDaemon, uns_daemon, UNS, DAEMON, GObject)

UnsDaemon *uns_daemon_new   (UnsClock   *clock,
                             gboolean    replace);
gboolean   uns_daemon_start (UnsDaemon  *self,
                             GError    **error);
void       uns_daemon_stop  (UnsDaemon  *self);

G_END_DECLS
