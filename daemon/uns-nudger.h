/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Notifications for nudges, with a way forward in each. */
#pragma once

#include <glib-object.h>

#include "uns-limits.h"

G_BEGIN_DECLS

void uns_nudge_format (const UnsNudge *nudge,
                       gboolean        with_actions,
                       char          **out_title,
                       char          **out_body);

#define UNS_TYPE_NUDGER (uns_nudger_get_type ())
G_DECLARE_FINAL_TYPE (UnsNudger, uns_nudger, UNS, NUDGER, GObject)

UnsNudger *uns_nudger_new (UnsLimits *limits);

G_END_DECLS
