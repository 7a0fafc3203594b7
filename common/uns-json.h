/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks JSON from outside needs before json-glib sees it. */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

gboolean uns_json_prescan      (const char  *data,
                                gsize        len,
                                guint        max_depth,
                                const char **out_problem);
gboolean uns_json_node_is_type (JsonNode    *node,
                                GType        type);

G_END_DECLS
