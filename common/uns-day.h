/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Local days that start at a configurable boundary, computed the same way by
 * the daemon and every front end. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Minutes after local midnight at which a day starts, 0 … 1439. */
#define UNS_DAY_BOUNDARY_DEFAULT 240
#define UNS_DAY_BOUNDARY_MAX 1439

gboolean uns_day_parse_iso          (const char  *text,
                                     GDate       *out,
                                     GError     **error);
gboolean uns_day_parse              (const char  *text,
                                     const GDate *today,
                                     GDate       *out,
                                     GError     **error);
char    *uns_day_to_string          (const GDate *day);

gint64   uns_day_start_usec         (GTimeZone   *tz,
                                     guint        boundary_minutes,
                                     const GDate *day);
void     uns_day_of_instant         (GTimeZone   *tz,
                                     guint        boundary_minutes,
                                     gint64       unix_usec,
                                     GDate       *out);
gint64   uns_day_next_boundary_usec (GTimeZone   *tz,
                                     guint        boundary_minutes,
                                     gint64       unix_usec);

G_END_DECLS
