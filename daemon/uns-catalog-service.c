/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Catalog: lists services and categories, and keeps the
 * user's own services in the catalog and the database in step. */
#include "config.h"

#include <glib/gi18n.h>

#include "uns-catalog-service.h"
#include "uns-dbus-reply.h"
#include "uns-error.h"

#define UNS_CATALOG_VERSION 1

struct _UnsCatalogService
{
  UnsDbusCatalogSkeleton parent_instance;

  UnsCatalog *catalog;  /* (owned) */
  UnsStore   *store;    /* (owned) */
};

static void uns_catalog_service_iface_init (UnsDbusCatalogIface *iface);

enum
{
  SIGNAL_SERVICES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_TYPE_WITH_CODE (UnsCatalogService, uns_catalog_service, UNS_DBUS_TYPE_CATALOG_SKELETON,
                         G_IMPLEMENT_INTERFACE (UNS_DBUS_TYPE_CATALOG,
                                                uns_catalog_service_iface_init))

static gboolean
handle_list_services (UnsDbusCatalog        *object,
                      GDBusMethodInvocation *invocation)
{
  UnsCatalogService *self = UNS_CATALOG_SERVICE (object);
  g_autoptr(GPtrArray) services = uns_catalog_list_services (self->catalog);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(sssasasb)"));

  for (guint i = 0; i < services->len; i++)
    {
      const UnsService *service = g_ptr_array_index (services, i);
      const char * const empty[] = { NULL };

      g_variant_builder_add (&builder, "(sss^as^asb)", service->id, service->name,
                             service->category,
                             service->app_ids != NULL ? (const char * const *) service->app_ids : empty,
                             service->domains != NULL ? (const char * const *) service->domains : empty,
                             service->user_defined);
    }

  uns_dbus_catalog_complete_list_services (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_categories (UnsDbusCatalog        *object,
                        GDBusMethodInvocation *invocation)
{
  UnsCatalogService *self = UNS_CATALOG_SERVICE (object);
  g_autoptr(GPtrArray) categories = uns_catalog_list_categories (self->catalog);
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a(ss)"));

  for (guint i = 0; i < categories->len; i++)
    {
      const UnsCategory *category = g_ptr_array_index (categories, i);

      g_variant_builder_add (&builder, "(ss)", category->id, category->name);
    }

  uns_dbus_catalog_complete_list_categories (object, invocation, g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_add_service (UnsDbusCatalog        *object,
                    GDBusMethodInvocation *invocation,
                    const char            *id,
                    const char            *name,
                    const char            *category,
                    const char * const    *app_ids,
                    const char * const    *domains)
{
  UnsCatalogService *self = UNS_CATALOG_SERVICE (object);
  g_autoptr(GError) error = NULL;
  const UnsService *added;

  /* The catalog validates and normalises (domains to registrable domains);
   * what it accepted is what the database keeps. */
  if (!uns_catalog_add_user_service (self->catalog, id, name, category, app_ids, domains, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  added = uns_catalog_get_service (self->catalog, id);
  if (!uns_store_save_user_service (self->store, added->id, added->name, added->category,
                                    (const char * const *) added->app_ids,
                                    (const char * const *) added->domains, &error))
    {
      g_autoptr(GError) remove_error = NULL;

      if (!uns_catalog_remove_user_service (self->catalog, id, &remove_error))
        g_debug ("Could not undo adding %s: %s", id, remove_error->message);
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  g_signal_emit (self, signals[SIGNAL_SERVICES_CHANGED], 0);
  uns_dbus_catalog_complete_add_service (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_remove_service (UnsDbusCatalog        *object,
                       GDBusMethodInvocation *invocation,
                       const char            *id)
{
  UnsCatalogService *self = UNS_CATALOG_SERVICE (object);
  g_autoptr(GError) error = NULL;
  const UnsService *service = uns_catalog_get_service (self->catalog, id);

  if (service == NULL || !service->user_defined)
    {
      g_dbus_method_invocation_return_error (invocation, UNS_ERROR, UNS_ERROR_NOT_FOUND,
                                             _("“%s” is not a service you added, so it cannot be removed."),
                                             id);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  if (!uns_store_delete_user_service (self->store, id, &error) ||
      !uns_catalog_remove_user_service (self->catalog, id, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  g_signal_emit (self, signals[SIGNAL_SERVICES_CHANGED], 0);
  uns_dbus_catalog_complete_remove_service (object, invocation);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
uns_catalog_service_iface_init (UnsDbusCatalogIface *iface)
{
  iface->handle_list_services = handle_list_services;
  iface->handle_list_categories = handle_list_categories;
  iface->handle_add_service = handle_add_service;
  iface->handle_remove_service = handle_remove_service;
}

static void
uns_catalog_service_dispose (GObject *object)
{
  UnsCatalogService *self = UNS_CATALOG_SERVICE (object);

  g_clear_object (&self->catalog);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (uns_catalog_service_parent_class)->dispose (object);
}

static void
uns_catalog_service_class_init (UnsCatalogServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uns_catalog_service_dispose;

  /* UnsCatalogService::services-changed: the user added or removed a
   * service, so what is going on may now be classified differently. */
  signals[SIGNAL_SERVICES_CHANGED] = g_signal_new ("services-changed", G_TYPE_FROM_CLASS (klass),
                                                   G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                                   G_TYPE_NONE, 0);
}

static void
uns_catalog_service_init (UnsCatalogService *self)
{
}

UnsCatalogService *
uns_catalog_service_new (UnsCatalog *catalog,
                         UnsStore   *store)
{
  UnsCatalogService *self;

  g_return_val_if_fail (UNS_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (UNS_IS_STORE (store), NULL);

  self = g_object_new (UNS_TYPE_CATALOG_SERVICE, NULL);
  self->catalog = g_object_ref (catalog);
  self->store = g_object_ref (store);
  uns_dbus_catalog_set_version (UNS_DBUS_CATALOG (self), UNS_CATALOG_VERSION);
  return self;
}
