/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Checks of everything a D-Bus peer sends, each failing with a sentence that
 * says what was wrong. */
#pragma once

#include <glib.h>

#include "uns-store.h"

G_BEGIN_DECLS

/* Summaries list every day of a range; a longer one is surely a mistake. */
#define UNS_SUMMARY_MAX_DAYS 3660

gboolean uns_validate_app_id     (const char      *app_id,
                                  const char      *what,
                                  GError         **error);
gboolean uns_validate_hostname   (const char      *hostname,
                                  GError         **error);
gboolean uns_validate_browser_id (const char      *browser,
                                  GError         **error);
gboolean uns_validate_day_range  (const char      *from,
                                  const char      *to,
                                  guint            max_days,
                                  GDate           *out_from,
                                  GDate           *out_to,
                                  GError         **error);
gboolean uns_validate_group_by   (const char      *text,
                                  UnsGroupBy      *out,
                                  GError         **error);
gboolean uns_validate_format     (const char      *text,
                                  UnsExportFormat *out,
                                  GError         **error);
gboolean uns_validate_focus_details (GVariant     *details,
                                  const char     **out_wm_class,
                                  const char     **out_source,
                                  GError         **error);

G_END_DECLS
