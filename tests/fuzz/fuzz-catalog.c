/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzzes the loader of the service catalog (catalog.json), then asks every
 * question the daemon asks of a catalog that loaded. */
#include "config.h"

#include "fuzz-common.h"
#include "uns-catalog.h"
#include "uns-error.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = fuzz_file (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsCatalog) catalog = uns_catalog_new_from_file (path, &error);
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) categories = NULL;

  if (catalog == NULL)
    {
      g_assert_error (error, UNS_ERROR, UNS_ERROR_FAILED);
      return 0;
    }
  g_assert_no_error (error);

  categories = uns_catalog_list_categories (catalog);
  for (guint i = 0; i < categories->len; i++)
    {
      const UnsCategory *category = g_ptr_array_index (categories, i);

      g_assert_nonnull (category->id);
      g_assert_nonnull (uns_catalog_get_category_name (catalog, category->id));
    }

  services = uns_catalog_list_services (catalog);
  for (guint i = 0; i < services->len; i++)
    {
      const UnsService *service = g_ptr_array_index (services, i);

      g_assert_true (uns_catalog_get_service (catalog, service->id) == service);
      g_assert_nonnull (uns_catalog_get_category_name (catalog, service->category));
      /* Another service may claim the same app id first; any answer will
       * do, as long as it is one. */
      for (guint j = 0; service->app_ids != NULL && service->app_ids[j] != NULL; j++)
        g_assert_nonnull (uns_catalog_lookup_app (catalog, service->app_ids[j]));
      for (guint j = 0; service->domains != NULL && service->domains[j] != NULL; j++)
        g_assert_nonnull (uns_catalog_lookup_domain (catalog, service->domains[j]));
    }

  uns_catalog_is_browser (catalog, "firefox");
  return 0;
}
