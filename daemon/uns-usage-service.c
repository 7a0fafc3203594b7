/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Usage: today's figures as properties, summaries,
 * export, pause and forget. Summaries read the per-day totals in the store
 * and add the time not yet saved, so they include the activity going on
 * without writing to disk on every query. */
#include "config.h"

#include <gio/gunixfdlist.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "uns-day.h"
#include "uns-dbus-reply.h"
#include "uns-error.h"
#include "uns-usage-service.h"
#include "uns-validate.h"

#define UNS_USAGE_VERSION 1
#define UNS_PAUSE_MAX_SECONDS (31 * 86400)

struct _UnsUsageService
{
  UnsDbusUsageSkeleton parent_instance;

  UnsTracker *tracker;   /* (owned) */
  UnsStore   *store;     /* (owned) */
  UnsCatalog *catalog;   /* (owned) */
  gulong      changed_id;
  gulong      problem_id;
};

static void uns_usage_service_iface_init (UnsDbusUsageIface *iface);

G_DEFINE_TYPE_WITH_CODE (UnsUsageService, uns_usage_service, UNS_DBUS_TYPE_USAGE_SKELETON,
                         G_IMPLEMENT_INTERFACE (UNS_DBUS_TYPE_USAGE, uns_usage_service_iface_init))

static const char *
uns_usage_service_label (UnsUsageService *self,
                         UnsGroupBy       group_by,
                         const char      *key)
{
  switch (group_by)
    {
    case UNS_GROUP_SERVICE:
      {
        const UnsService *service = uns_catalog_get_service (self->catalog, key);

        return service != NULL ? service->name : key;
      }
    case UNS_GROUP_CATEGORY:
      {
        const char *name = uns_catalog_get_category_name (self->catalog, key);

        return name != NULL ? name : key;
      }
    case UNS_GROUP_SITE:
      return *key == '\0' ? _("Other sites") : key;
    case UNS_GROUP_APP:
    case UNS_GROUP_DAY:
    default:
      return key;
    }
}

static GVariant *
uns_usage_service_current_activity (UnsUsageService *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);
  UnsState state = uns_tracker_get_state (self->tracker);
  const UnsRecord *record = uns_tracker_get_record (self->tracker);

  g_variant_builder_add (&builder, "{sv}", "state",
                         g_variant_new_string (uns_state_to_string (state)));
  g_variant_builder_add (&builder, "{sv}", "since",
                         g_variant_new_int64 (uns_tracker_get_since_usec (self->tracker) / G_USEC_PER_SEC));

  if (record != NULL)
    {
      const UnsService *service = record->service != NULL
                                  ? uns_catalog_get_service (self->catalog, record->service) : NULL;

      g_variant_builder_add (&builder, "{sv}", "kind",
                             g_variant_new_string (uns_kind_to_string (record->kind)));
      g_variant_builder_add (&builder, "{sv}", "subject", g_variant_new_string (record->subject));
      g_variant_builder_add (&builder, "{sv}", "service",
                             g_variant_new_string (record->service != NULL ? record->service : ""));
      g_variant_builder_add (&builder, "{sv}", "service-name",
                             g_variant_new_string (service != NULL ? service->name : ""));
      g_variant_builder_add (&builder, "{sv}", "category", g_variant_new_string (record->category));
    }

  return g_variant_builder_end (&builder);
}

/**
 * uns_usage_service_refresh:
 * @self: the service
 *
 * Sets every property from the tracker and the store. The skeleton only
 * announces the ones whose value really changed.
 */
void
uns_usage_service_refresh (UnsUsageService *self)
{
  UnsDbusUsage *usage = UNS_DBUS_USAGE (self);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today_text = NULL;
  g_auto(GVariantBuilder) services = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(sssx)"));
  gint64 total = 0;
  gint64 paused_until;
  GDate today;

  uns_tracker_get_today (self->tracker, &today);
  today_text = uns_day_to_string (&today);

  rows = uns_tracker_summary (self->tracker, &today, &today, UNS_GROUP_SERVICE, &error);
  if (rows == NULL)
    g_warning ("Could not read today's time: %s", error->message);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      UnsSummaryRow *row = g_ptr_array_index (rows, i);
      const UnsService *service = uns_catalog_get_service (self->catalog, row->key);
      gint64 seconds = row->usec / G_USEC_PER_SEC;

      g_variant_builder_add (&services, "(sssx)", row->key,
                             service != NULL ? service->name : row->key,
                             service != NULL ? service->category : UNS_CATEGORY_OTHER,
                             seconds);
      total += seconds;
    }

  paused_until = uns_tracker_get_paused_until_usec (self->tracker);

  g_object_freeze_notify (G_OBJECT (self));
  uns_dbus_usage_set_day (usage, today_text);
  uns_dbus_usage_set_day_boundary (usage, uns_tracker_get_day_boundary (self->tracker));
  uns_dbus_usage_set_today_seconds (usage, total);
  uns_dbus_usage_set_today_services (usage, g_variant_builder_end (&services));
  uns_dbus_usage_set_current_activity (usage, uns_usage_service_current_activity (self));
  uns_dbus_usage_set_paused_until (usage, paused_until > 0 ? paused_until / G_USEC_PER_SEC
                                                           : paused_until);
  uns_dbus_usage_set_storage_problem (usage, uns_store_get_problem (self->store) != NULL
                                             ? uns_store_get_problem (self->store) : "");
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
handle_get_summary (UnsDbusUsage          *object,
                    GDBusMethodInvocation *invocation,
                    const char            *from,
                    const char            *to,
                    const char            *group_by_text,
                    GVariant              *options)
{
  UnsUsageService *self = UNS_USAGE_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ssx)"));
  UnsGroupBy group_by;
  GDate from_day, to_day;

  if (!uns_validate_day_range (from, to, UNS_SUMMARY_MAX_DAYS, &from_day, &to_day, &error) ||
      !uns_validate_group_by (group_by_text, &group_by, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  rows = uns_tracker_summary (self->tracker, &from_day, &to_day, group_by, &error);
  if (rows == NULL)
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      UnsSummaryRow *row = g_ptr_array_index (rows, i);

      g_variant_builder_add (&builder, "(ssx)", row->key,
                             uns_usage_service_label (self, group_by, row->key),
                             row->usec / G_USEC_PER_SEC);
    }

  uns_dbus_usage_complete_get_summary (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GDBusMethodInvocation) invocation = user_data;
  g_autoptr(GError) error = NULL;
  guint64 rows = 0;

  if (!uns_store_export_finish (UNS_STORE (source), result, &rows, &error))
    {
      uns_dbus_reply_error (g_steal_pointer (&invocation), error);
      return;
    }
  g_dbus_method_invocation_return_value (g_steal_pointer (&invocation), g_variant_new ("(t)", rows));
}

static gboolean
handle_export (UnsDbusUsage          *object,
               GDBusMethodInvocation *invocation,
               GUnixFDList           *fd_list,
               GVariant              *fd_handle,
               const char            *format_text,
               const char            *from,
               const char            *to,
               GVariant              *options)
{
  UnsUsageService *self = UNS_USAGE_SERVICE (object);
  g_autoptr(GError) error = NULL;
  UnsExportFormat format;
  GDate from_day, to_day;
  gint32 handle = g_variant_get_handle (fd_handle);
  int fd;

  if (!uns_validate_format (format_text, &format, &error) ||
      !uns_validate_day_range (from, to, 0, &from_day, &to_day, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  if (fd_list == NULL || handle < 0 || handle >= g_unix_fd_list_get_length (fd_list))
    {
      g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR,
                                                     G_DBUS_ERROR_INVALID_ARGS,
                                                     _("Export needs a file descriptor to write to."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  /* Take the descriptors out of the message, so the one written to is the
   * daemon's only copy and the reader sees the end as soon as the export
   * closes it, and the others are closed now. */
  {
    int n_fds = 0;
    g_autofree int *fds = g_unix_fd_list_steal_fds (fd_list, &n_fds);

    fd = fds[handle];
    for (int i = 0; i < n_fds; i++)
      if (i != handle)
        close (fds[i]);
  }

  /* The export reads the store, so what is going on now goes there first. */
  if (!uns_tracker_flush (self->tracker, &error))
    g_debug ("Exporting without the last minutes: %s", error->message);

  uns_store_export_async (self->store, fd, format, &from_day, &to_day, NULL,
                          export_done_cb, invocation);  /* the callback replies, consuming it */
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_pause (UnsDbusUsage          *object,
              GDBusMethodInvocation *invocation,
              gint64                 seconds)
{
  UnsUsageService *self = UNS_USAGE_SERVICE (object);

  if (seconds < 0 || seconds > UNS_PAUSE_MAX_SECONDS)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             _("A pause lasts from 1 second to 31 days (or 0 for until resumed); %lld seconds is outside that."),
                                             (long long) seconds);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  uns_tracker_pause (self->tracker, seconds);
  uns_dbus_usage_complete_pause (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_resume (UnsDbusUsage          *object,
               GDBusMethodInvocation *invocation)
{
  UnsUsageService *self = UNS_USAGE_SERVICE (object);

  uns_tracker_resume (self->tracker);
  uns_dbus_usage_complete_resume (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_forget (UnsDbusUsage          *object,
               GDBusMethodInvocation *invocation,
               const char            *from,
               const char            *to,
               const char            *service)
{
  UnsUsageService *self = UNS_USAGE_SERVICE (object);
  g_autoptr(GError) error = NULL;
  GDate from_day, to_day;
  guint64 removed = 0;

  if (!uns_validate_day_range (from, to, 0, &from_day, &to_day, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  if (*service != '\0' && uns_catalog_get_service (self->catalog, service) == NULL)
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                                             _("There is no service “%s”; `unscroll services` lists them."),
                                             service);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  /* Save the activity going on first, so that it is forgotten too, then
   * start it afresh from this instant. */
  if (!uns_tracker_flush (self->tracker, &error) ||
      !uns_store_forget (self->store, &from_day, &to_day, *service != '\0' ? service : NULL,
                         &removed, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }
  uns_tracker_restart_span (self->tracker);
  uns_usage_service_refresh (self);

  uns_dbus_usage_complete_forget (object, invocation, removed);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
uns_usage_service_iface_init (UnsDbusUsageIface *iface)
{
  iface->handle_get_summary = handle_get_summary;
  iface->handle_export = handle_export;
  iface->handle_pause = handle_pause;
  iface->handle_resume = handle_resume;
  iface->handle_forget = handle_forget;
}

static void
tracker_changed_cb (UnsTracker *tracker,
                    gpointer    user_data)
{
  uns_usage_service_refresh (UNS_USAGE_SERVICE (user_data));
}

static void
store_problem_cb (UnsStore   *store,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  uns_usage_service_refresh (UNS_USAGE_SERVICE (user_data));
}

static void
uns_usage_service_dispose (GObject *object)
{
  UnsUsageService *self = UNS_USAGE_SERVICE (object);

  g_clear_signal_handler (&self->changed_id, self->tracker);
  g_clear_signal_handler (&self->problem_id, self->store);
  g_clear_object (&self->tracker);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);

  G_OBJECT_CLASS (uns_usage_service_parent_class)->dispose (object);
}

static void
uns_usage_service_class_init (UnsUsageServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uns_usage_service_dispose;
}

static void
uns_usage_service_init (UnsUsageService *self)
{
}

UnsUsageService *
uns_usage_service_new (UnsTracker *tracker,
                       UnsStore   *store,
                       UnsCatalog *catalog)
{
  UnsUsageService *self;

  g_return_val_if_fail (UNS_IS_TRACKER (tracker), NULL);
  g_return_val_if_fail (UNS_IS_STORE (store), NULL);
  g_return_val_if_fail (UNS_IS_CATALOG (catalog), NULL);

  self = g_object_new (UNS_TYPE_USAGE_SERVICE, NULL);
  self->tracker = g_object_ref (tracker);
  self->store = g_object_ref (store);
  self->catalog = g_object_ref (catalog);
  self->changed_id = g_signal_connect (tracker, "changed", G_CALLBACK (tracker_changed_cb), self);
  self->problem_id = g_signal_connect (store, "notify::problem", G_CALLBACK (store_problem_cb), self);

  uns_dbus_usage_set_version (UNS_DBUS_USAGE (self), UNS_USAGE_VERSION);
  uns_usage_service_refresh (self);
  return self;
}
