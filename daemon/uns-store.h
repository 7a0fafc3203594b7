/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The SQLite database: spans in UTC, per-local-day totals, the user's
 * services, limits and downtime, and the log of nudges. Only the daemon
 * opens it for writing. */
#pragma once

#include <gio/gio.h>

#include "uns-record.h"

G_BEGIN_DECLS

typedef enum
{
  UNS_GROUP_SERVICE,
  UNS_GROUP_CATEGORY,
  UNS_GROUP_APP,
  UNS_GROUP_SITE,
  UNS_GROUP_DAY,
} UnsGroupBy;

typedef enum
{
  UNS_EXPORT_CSV,
  UNS_EXPORT_JSON,
  UNS_EXPORT_NDJSON,
} UnsExportFormat;

typedef struct
{
  char  *key;  /* service id, category id, app id, domain ("" for the
                * anonymous bucket) or YYYY-MM-DD */
  gint64 usec;
} UnsSummaryRow;

void uns_summary_row_free (UnsSummaryRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnsSummaryRow, uns_summary_row_free)

/* Called once per user-defined service by uns_store_load_user_services(). */
typedef void (*UnsUserServiceFunc) (const char         *id,
                                    const char         *name,
                                    const char         *category,
                                    const char * const *app_ids,
                                    const char * const *domains,
                                    gpointer            user_data);

#define UNS_TYPE_STORE (uns_store_get_type ())
G_DECLARE_FINAL_TYPE (UnsStore, uns_store, UNS, STORE, GObject)

char      *uns_store_default_path        (void);
UnsStore  *uns_store_new                 (const char          *path,
                                          GError             **error);
UnsStore  *uns_store_new_or_set_aside    (const char          *path,
                                          char               **out_moved_to,
                                          GError             **error);
const char *uns_store_get_path           (UnsStore            *self);
const char *uns_store_get_problem        (UnsStore            *self);
void       uns_store_set_day_rules       (UnsStore            *self,
                                          GTimeZone           *tz,
                                          guint                boundary_minutes);

gboolean   uns_store_add_time            (UnsStore            *self,
                                          const UnsRecord     *record,
                                          gint64               start_usec,
                                          gint64               end_usec,
                                          gint64              *inout_span_id,
                                          GError             **error);

gboolean   uns_store_begin_batch         (UnsStore            *self,
                                          GError             **error);
gboolean   uns_store_end_batch           (UnsStore            *self,
                                          GError             **error);
void       uns_store_abort_batch         (UnsStore            *self);
guint64    uns_store_get_commit_count    (UnsStore            *self);
gsize      uns_store_get_cache_bytes     (UnsStore            *self);
void       uns_store_shrink              (UnsStore            *self);

gboolean   uns_store_truncate            (UnsStore            *self,
                                          const UnsRecord     *record,
                                          gint64               span_start_usec,
                                          gint64               cut_usec,
                                          GError             **error);

GPtrArray *uns_store_summary             (UnsStore            *self,
                                          const GDate         *from,
                                          const GDate         *to,
                                          UnsGroupBy           group_by,
                                          GError             **error);
gboolean   uns_store_forget              (UnsStore            *self,
                                          const GDate         *from,
                                          const GDate         *to,
                                          const char          *service,
                                          guint64             *out_removed,
                                          GError             **error);

void       uns_store_export_async        (UnsStore            *self,
                                          int                  fd,
                                          UnsExportFormat      format,
                                          const GDate         *from,
                                          const GDate         *to,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean   uns_store_export_finish       (UnsStore            *self,
                                          GAsyncResult        *result,
                                          guint64             *out_rows,
                                          GError             **error);

gboolean   uns_store_save_user_service   (UnsStore            *self,
                                          const char          *id,
                                          const char          *name,
                                          const char          *category,
                                          const char * const  *app_ids,
                                          const char * const  *domains,
                                          GError             **error);
gboolean   uns_store_delete_user_service (UnsStore            *self,
                                          const char          *id,
                                          GError             **error);
gboolean   uns_store_load_user_services  (UnsStore            *self,
                                          UnsUserServiceFunc   func,
                                          gpointer             user_data,
                                          GError             **error);

/* A self-set daily budget (schema v2). */
typedef struct
{
  guint    id;          /* 0 until added */
  char    *scope;       /* "service", "category" or "total" */
  char    *target;      /* service or category id; "" for total */
  guint    minutes[7];  /* Monday first; 0 … 1440 */
  gboolean enabled;
  gboolean strict;
  gboolean mindful_pause;
} UnsLimit;

void      uns_limit_free (UnsLimit *limit);
UnsLimit *uns_limit_copy (const UnsLimit *limit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnsLimit, uns_limit_free)

/* A downtime window: minutes after local midnight; end < start crosses
 * midnight. days: bit 0 = Monday … bit 6 = Sunday. */
typedef struct
{
  guint start;
  guint end;
  guint days;
} UnsDowntime;

GPtrArray *uns_store_list_limits         (UnsStore            *self,
                                          GError             **error);
gboolean   uns_store_add_limit           (UnsStore            *self,
                                          UnsLimit            *limit,
                                          GError             **error);
gboolean   uns_store_update_limit        (UnsStore            *self,
                                          const UnsLimit      *limit,
                                          GError             **error);
gboolean   uns_store_remove_limit        (UnsStore            *self,
                                          guint                id,
                                          GError             **error);

GArray    *uns_store_list_downtime       (UnsStore            *self,
                                          GError             **error);
gboolean   uns_store_set_downtime        (UnsStore            *self,
                                          const UnsDowntime   *windows,
                                          guint                n_windows,
                                          GError             **error);

gboolean   uns_store_log_event           (UnsStore            *self,
                                          gint64               at_usec,
                                          const char          *kind,
                                          const char          *service,
                                          guint                limit_id,
                                          GError             **error);
GHashTable *uns_store_count_events       (UnsStore            *self,
                                          const GDate         *from,
                                          const GDate         *to,
                                          const char          *service,
                                          GError             **error);

G_END_DECLS
