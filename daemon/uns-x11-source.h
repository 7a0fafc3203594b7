/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A focus source for X11 desktops without the Shell extension. */
#pragma once

#include <glib-object.h>

#include "uns-tracker.h"

G_BEGIN_DECLS

#define UNS_TYPE_X11_SOURCE (uns_x11_source_get_type ())
G_DECLARE_FINAL_TYPE (UnsX11Source, uns_x11_source, UNS, X11_SOURCE, GObject)

gboolean      uns_x11_source_wanted     (void);
UnsX11Source *uns_x11_source_new        (UnsTracker   *tracker,
                                         GError      **error);
void          uns_x11_source_stand_down (UnsX11Source *self);
gboolean      uns_x11_source_is_running (UnsX11Source *self);

G_END_DECLS
