/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A focus source for X11 desktops without the Shell extension.
 *
 * It is a module of its own (UNS_X11_MODULE_PATH, libunscroll-x11.so) that the
 * daemon loads only on an X11 session: on Wayland, and wherever the Shell
 * extension reports, xcb and the libraries it brings are never mapped (about
 * 0.3 MiB of a daemon's memory, see bench/REPORT.md). Its one entry point,
 * uns_x11_source_new(), is looked up by name. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define UNS_TYPE_X11_SOURCE (uns_x11_source_get_type ())
G_DECLARE_FINAL_TYPE (UnsX11Source, uns_x11_source, UNS, X11_SOURCE, GObject)

/**
 * UnsX11FocusFunc:
 * @app_id: the focused window's app id, or "" for none or one we cannot name
 * @wm_class: its WM_CLASS, or ""
 * @user_data: what was given to uns_x11_source_new()
 *
 * Called with the window that has focus, at start and after every change.
 */
typedef void (*UnsX11FocusFunc) (const char *app_id,
                                 const char *wm_class,
                                 gpointer    user_data);

UnsX11Source *uns_x11_source_new (UnsX11FocusFunc func,
                                  gpointer        user_data,
                                  GDestroyNotify  destroy,
                                  GError        **error);

typedef UnsX11Source *(*UnsX11SourceNewFunc) (UnsX11FocusFunc func,
                                              gpointer        user_data,
                                              GDestroyNotify  destroy,
                                              GError        **error);

G_END_DECLS
