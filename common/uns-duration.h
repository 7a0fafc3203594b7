/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Parsing and printing of human durations such as "1h30m". */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean uns_duration_parse  (const char *text,
                              gint64     *out_seconds,
                              GError    **error);
char    *uns_duration_format (gint64      seconds);

G_END_DECLS
