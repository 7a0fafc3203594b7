/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Resources: offers the curated resources for the
 * user's country, follows the "country" setting, and opens the main support
 * page with the desktop's default handler. */
#include "config.h"

#include <glib/gi18n.h>

#include "uns-dbus-reply.h"
#include "uns-error.h"
#include "uns-resources-service.h"

#define UNS_RESOURCES_VERSION 1

struct _UnsResourcesService
{
  UnsDbusResourcesSkeleton parent_instance;

  UnsResources *resources;   /* (owned) */
  GSettings    *settings;    /* (owned) (nullable) */
  GCancellable *cancellable; /* (owned) cancelled on dispose */
};

static void uns_resources_service_iface_init (UnsDbusResourcesIface *iface);

G_DEFINE_TYPE_WITH_CODE (UnsResourcesService, uns_resources_service,
                         UNS_DBUS_TYPE_RESOURCES_SKELETON,
                         G_IMPLEMENT_INTERFACE (UNS_DBUS_TYPE_RESOURCES,
                                                uns_resources_service_iface_init))

static void
update_country (UnsResourcesService *self)
{
  g_autofree char *setting = NULL;
  g_autofree char *country = NULL;

  if (self->settings != NULL)
    setting = g_settings_get_string (self->settings, "country");
  country = uns_resources_effective_country (setting);
  uns_dbus_resources_set_country (UNS_DBUS_RESOURCES (self), country != NULL ? country : "");
}

static void
country_changed_cb (GSettings  *settings,
                    const char *key,
                    gpointer    user_data)
{
  update_country (UNS_RESOURCES_SERVICE (user_data));
}

/* The country a method means: @requested when given, else the default
 * country, which may be none (NULL). */
static gboolean
resolve_country (UnsResourcesService  *self,
                 const char           *requested,
                 char                **out_country,
                 GError              **error)
{
  const char *current;

  if (*requested != '\0')
    {
      *out_country = uns_resources_normalize_country (requested, error);
      return *out_country != NULL;
    }
  current = uns_dbus_resources_get_country (UNS_DBUS_RESOURCES (self));
  *out_country = current != NULL && *current != '\0' ? g_strdup (current) : NULL;
  return TRUE;
}

static gboolean
handle_get_resources (UnsDbusResources      *object,
                      GDBusMethodInvocation *invocation,
                      const char            *country,
                      GVariant              *options)
{
  UnsResourcesService *self = UNS_RESOURCES_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) include_value = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree char *wanted = NULL;
  g_autofree char *country_used = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("aa{sv}"));
  gboolean include_unverified = FALSE;

  /* Unknown options are ignored, so newer clients can talk to this
   * daemon; known ones must have their documented type. */
  include_value = g_variant_lookup_value (options, "include-unverified", NULL);
  if (include_value != NULL)
    {
      if (!g_variant_is_of_type (include_value, G_VARIANT_TYPE_BOOLEAN))
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                                 G_DBUS_ERROR_INVALID_ARGS,
                                                 _("The option “%s” must have type “%s”."),
                                                 "include-unverified", "b");
          return G_DBUS_METHOD_INVOCATION_HANDLED;
        }
      include_unverified = g_variant_get_boolean (include_value);
    }

  if (!resolve_country (self, country, &wanted, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  entries = uns_resources_lookup (self->resources, wanted, include_unverified, &country_used);
  for (guint i = 0; i < entries->len; i++)
    g_variant_builder_add_value (&builder, uns_resource_to_variant (g_ptr_array_index (entries, i)));

  uns_dbus_resources_complete_get_resources (object, invocation, country_used,
                                             g_variant_builder_end (&builder));
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static gboolean
handle_list_countries (UnsDbusResources      *object,
                       GDBusMethodInvocation *invocation)
{
  UnsResourcesService *self = UNS_RESOURCES_SERVICE (object);
  g_auto(GStrv) countries = uns_resources_list_countries (self->resources);

  uns_dbus_resources_complete_list_countries (object, invocation,
                                              (const char * const *) countries);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

typedef struct
{
  GDBusMethodInvocation *invocation; /* (owned) until replied to */
  char                  *url;        /* (owned) */
} OpenData;

static void
open_data_free (OpenData *data)
{
  g_clear_object (&data->invocation);
  g_free (data->url);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpenData, open_data_free)

static void
open_support_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(OpenData) data = user_data;
  g_autoptr(GError) error = NULL;
  GDBusMethodInvocation *invocation = g_steal_pointer (&data->invocation);

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    {
      /* The address is in the message, so the person can still get there
       * when no browser could be started for them. */
      g_debug ("Could not open %s: %s", data->url, error->message);
      g_dbus_method_invocation_return_error (invocation, UNS_ERROR, UNS_ERROR_FAILED,
                                             _("No app could open %s (%s). You can open it in a web browser yourself."),
                                             data->url, error->message);
      return;
    }
  /* What uns_dbus_resources_complete_open_support() does, without reaching
   * for the service, which may be gone by now. */
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static gboolean
handle_open_support (UnsDbusResources      *object,
                     GDBusMethodInvocation *invocation,
                     const char            *country)
{
  UnsResourcesService *self = UNS_RESOURCES_SERVICE (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *wanted = NULL;
  const UnsResource *resource;
  OpenData *data;

  if (!resolve_country (self, country, &wanted, &error))
    {
      uns_dbus_reply_error (invocation, error);
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  resource = uns_resources_get_main (self->resources, wanted);
  if (resource == NULL || resource->url == NULL)
    {
      g_dbus_method_invocation_return_error_literal (invocation, UNS_ERROR, UNS_ERROR_NOT_FOUND,
                                                     _("There is no support page to open."));
      return G_DBUS_METHOD_INVOCATION_HANDLED;
    }

  data = g_new0 (OpenData, 1);
  /* The handler owns @invocation until it replies: the callback does. */
  data->invocation = invocation;
  data->url = g_strdup (resource->url);
  g_app_info_launch_default_for_uri_async (data->url, NULL, self->cancellable,
                                           open_support_cb, data);
  return G_DBUS_METHOD_INVOCATION_HANDLED;
}

static void
uns_resources_service_iface_init (UnsDbusResourcesIface *iface)
{
  iface->handle_get_resources = handle_get_resources;
  iface->handle_list_countries = handle_list_countries;
  iface->handle_open_support = handle_open_support;
}

static void
uns_resources_service_dispose (GObject *object)
{
  UnsResourcesService *self = UNS_RESOURCES_SERVICE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_clear_object (&self->settings);
  g_clear_object (&self->resources);

  G_OBJECT_CLASS (uns_resources_service_parent_class)->dispose (object);
}

static void
uns_resources_service_class_init (UnsResourcesServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = uns_resources_service_dispose;
}

static void
uns_resources_service_init (UnsResourcesService *self)
{
  self->cancellable = g_cancellable_new ();
}

/**
 * uns_resources_service_new:
 * @resources: the loaded resources
 * @settings: (nullable): the io.github.Unscroll settings, for "country";
 *   without them only the locale chooses the country
 *
 * Returns: (transfer full): the service, not yet exported
 */
UnsResourcesService *
uns_resources_service_new (UnsResources *resources,
                           GSettings    *settings)
{
  UnsResourcesService *self;

  g_return_val_if_fail (UNS_IS_RESOURCES (resources), NULL);
  g_return_val_if_fail (settings == NULL || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (UNS_TYPE_RESOURCES_SERVICE, NULL);
  self->resources = g_object_ref (resources);
  uns_dbus_resources_set_version (UNS_DBUS_RESOURCES (self), UNS_RESOURCES_VERSION);
  uns_dbus_resources_set_disclaimer (UNS_DBUS_RESOURCES (self),
                                     uns_resources_get_disclaimer (resources));
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      g_signal_connect (settings, "changed::country", G_CALLBACK (country_changed_cb), self);
    }
  update_country (self);
  return self;
}
