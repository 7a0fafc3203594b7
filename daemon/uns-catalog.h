/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Which service an app id or a web site belongs to, and which category each
 * service is in. */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  char     *id;
  char     *name;
  char     *category;
  GStrv     app_ids;      /* matched case-insensitively, ".desktop" ignored */
  GStrv     domains;      /* registrable domains */
  gboolean  user_defined;
} UnsService;

/* An element of uns_catalog_list_categories(). */
typedef struct
{
  char *id;
  char *name;
} UnsCategory;

#define UNS_TYPE_CATALOG (uns_catalog_get_type ())
G_DECLARE_FINAL_TYPE (UnsCatalog, uns_catalog, UNS, CATALOG, GObject)

UnsCatalog       *uns_catalog_new_from_file          (const char         *path,
                                                      GError            **error);

const UnsService *uns_catalog_lookup_app             (UnsCatalog         *self,
                                                      const char         *app_id);
const UnsService *uns_catalog_lookup_domain          (UnsCatalog         *self,
                                                      const char         *registrable_domain);
char             *uns_catalog_registrable_domain     (UnsCatalog         *self,
                                                      const char         *hostname,
                                                      GError            **error);
gboolean          uns_catalog_is_browser             (UnsCatalog         *self,
                                                      const char         *app_id);

const UnsService *uns_catalog_get_service            (UnsCatalog         *self,
                                                      const char         *id);
/* Shown built-in services and the user's, sorted by name: (element-type
 * UnsService) owned by the catalog; free the array with g_ptr_array_unref(). */
GPtrArray        *uns_catalog_list_services          (UnsCatalog         *self);
const char       *uns_catalog_get_category_name      (UnsCatalog         *self,
                                                      const char         *category);
/* The catalog's categories in its order, then "other": (element-type
 * UnsCategory) owned by the catalog; free the array with g_ptr_array_unref(). */
GPtrArray        *uns_catalog_list_categories        (UnsCatalog         *self);

gboolean          uns_catalog_add_user_service       (UnsCatalog         *self,
                                                      const char         *id,
                                                      const char         *name,
                                                      const char         *category,
                                                      const char * const *app_ids,
                                                      const char * const *domains,
                                                      GError            **error);
gboolean          uns_catalog_remove_user_service    (UnsCatalog         *self,
                                                      const char         *id,
                                                      GError            **error);

G_END_DECLS
