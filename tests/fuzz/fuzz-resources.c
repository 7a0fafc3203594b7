/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzzes the loader of the support resources (resources.json), then looks
 * up every country the way the daemon answers Resources calls. */
#include "config.h"

#include "fuzz-common.h"
#include "uns-error.h"
#include "uns-resources.h"

static void
check_entries (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      const UnsResource *resource = g_ptr_array_index (entries, i);
      g_autoptr(GVariant) variant = g_variant_ref_sink (uns_resource_to_variant (resource));

      g_assert_nonnull (resource->name);
      g_assert_nonnull (uns_resource_kind_to_string (resource->kind));
      g_assert_true (g_variant_is_normal_form (variant));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *path = fuzz_file (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsResources) resources = uns_resources_new_from_file (path, &error);
  g_auto(GStrv) countries = NULL;

  if (resources == NULL)
    {
      g_assert_error (error, UNS_ERROR, UNS_ERROR_FAILED);
      return 0;
    }
  g_assert_no_error (error);
  g_assert_nonnull (uns_resources_get_disclaimer (resources));

  countries = uns_resources_list_countries (resources);
  for (guint i = 0; countries[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) all = uns_resources_lookup (resources, countries[i], TRUE, NULL);
      g_autoptr(GPtrArray) verified = NULL;
      g_autofree char *used = NULL;

      check_entries (all);
      verified = uns_resources_lookup (resources, countries[i], FALSE, &used);
      check_entries (verified);
      uns_resources_get_main (resources, countries[i]);
    }

  /* A country nobody lists gets the fallbacks. */
  {
    g_autoptr(GPtrArray) fallbacks = uns_resources_lookup (resources, NULL, TRUE, NULL);

    check_entries (fallbacks);
  }
  return 0;
}
