/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Whether the user is idle, the screen locked or the machine going to sleep,
 * learnt from desktop services' signals, never by sampling. */
#pragma once

#include <gio/gio.h>

#include "uns-clock.h"

G_BEGIN_DECLS

#define UNS_TYPE_IDLE (uns_idle_get_type ())
G_DECLARE_FINAL_TYPE (UnsIdle, uns_idle, UNS, IDLE, GObject)

UnsIdle *uns_idle_new             (UnsClock        *clock,
                                   GDBusConnection *session_bus,
                                   guint            timeout_seconds);
void     uns_idle_start_system    (UnsIdle         *self,
                                   GDBusConnection *system_bus);
void     uns_idle_set_timeout     (UnsIdle         *self,
                                   guint            timeout_seconds);

gboolean uns_idle_get_idle        (UnsIdle         *self);
gboolean uns_idle_get_locked      (UnsIdle         *self);
gboolean uns_idle_get_asleep      (UnsIdle         *self);

G_END_DECLS
