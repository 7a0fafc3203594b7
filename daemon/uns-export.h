/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Formatters that turn recorded spans into CSV, JSON or NDJSON text: pure
 * functions over a GString, so they can be tested and fuzzed alone. */
#pragma once

#include <glib.h>

#include "uns-record.h"
#include "uns-store.h"

G_BEGIN_DECLS

/* One span as exported. Strings are UTF-8; bytes that are not are written
 * as U+FFFD so every export is valid whatever the database holds. */
typedef struct
{
  gint64      start_usec; /* Unix time, microseconds */
  gint64      end_usec;
  const char *day;        /* local day, YYYY-MM-DD */
  UnsKind     kind;
  const char *subject;    /* "" for the anonymous other-sites bucket */
  const char *service;    /* (nullable) "" or NULL when outside the catalog */
  const char *category;
} UnsExportRecord;

gboolean    uns_export_format_from_string (const char            *text,
                                           UnsExportFormat       *out);
const char *uns_export_format_to_string   (UnsExportFormat        format);

void        uns_export_write_header       (UnsExportFormat        format,
                                           GString               *out);
void        uns_export_write_record       (UnsExportFormat        format,
                                           const UnsExportRecord *record,
                                           guint64                index,
                                           GString               *out);
void        uns_export_write_footer       (UnsExportFormat        format,
                                           guint64                n_records,
                                           GString               *out);

void        uns_export_append_time        (GString               *out,
                                           gint64                 unix_usec);
void        uns_export_append_seconds     (GString               *out,
                                           gint64                 usec);

G_END_DECLS
