/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The daemon's one source of time, and its one-shot timers, so tests can
 * replace real time with a clock they move. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define UNS_TYPE_CLOCK (uns_clock_get_type ())
G_DECLARE_FINAL_TYPE (UnsClock, uns_clock, UNS, CLOCK, GObject)

typedef void (*UnsClockFunc) (gpointer user_data);

UnsClock *uns_clock_new            (void);
UnsClock *uns_clock_new_for_test   (gint64        wall_usec);
gboolean  uns_clock_is_test        (UnsClock     *self);

gint64    uns_clock_get_wall_usec  (UnsClock     *self);
gint64    uns_clock_get_mono_usec  (UnsClock     *self);

guint     uns_clock_add_timeout    (UnsClock     *self,
                                    gint64        mono_deadline_usec,
                                    UnsClockFunc  func,
                                    gpointer      user_data);
void      uns_clock_remove_timeout (UnsClock     *self,
                                    guint         id);
void      uns_clock_clear_timeout  (UnsClock     *self,
                                    guint        *id);

void      uns_clock_advance        (UnsClock     *self,
                                    gint64        usec);
void      uns_clock_jump_wall      (UnsClock     *self,
                                    gint64        wall_usec);

G_END_DECLS
