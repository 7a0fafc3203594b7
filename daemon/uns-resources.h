/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The curated mental-health resources shipped in resources.json, and which
 * country's to offer. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* In the order entries are offered: crisis lines first. */
typedef enum
{
  UNS_RESOURCE_KIND_CRISIS,
  UNS_RESOURCE_KIND_SUPPORT,
  UNS_RESOURCE_KIND_INFO,
} UnsResourceKind;

typedef struct
{
  char            *name;
  UnsResourceKind  kind;
  char            *phone;         /* (nullable) */
  char            *sms;           /* (nullable) */
  char            *url;           /* (nullable) always https:// */
  char            *chat;          /* (nullable) */
  char            *hours;         /* (nullable) */
  char            *audience;      /* (nullable) */
  GStrv            languages;     /* (nullable) */
  char            *notes;         /* (nullable) */
  GStrv            sources;       /* at least one; two when verified */
  char            *last_checked;  /* YYYY-MM-DD */
  gboolean         verified;      /* two or more sources agree */
} UnsResource;

#define UNS_TYPE_RESOURCES (uns_resources_get_type ())
G_DECLARE_FINAL_TYPE (UnsResources, uns_resources, UNS, RESOURCES, GObject)

UnsResources      *uns_resources_new_from_file        (const char    *path,
                                                       GError       **error);

const char        *uns_resources_get_disclaimer       (UnsResources  *self);
GStrv              uns_resources_list_countries       (UnsResources  *self);
GPtrArray         *uns_resources_lookup               (UnsResources  *self,
                                                       const char    *country,
                                                       gboolean       include_unverified,
                                                       char         **out_country_used);
const UnsResource *uns_resources_get_main             (UnsResources  *self,
                                                       const char    *country);

const char        *uns_resource_kind_to_string        (UnsResourceKind kind);
GVariant          *uns_resource_to_variant            (const UnsResource *resource);

char              *uns_resources_normalize_country    (const char    *country,
                                                       GError       **error);
char              *uns_resources_country_from_locale  (const char    *locale);
char              *uns_resources_effective_country    (const char    *setting);

G_END_DECLS
