/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Catalog: the services time is recorded for. */
#pragma once

#include "uns-catalog.h"
#include "uns-dbus-generated.h"
#include "uns-store.h"

G_BEGIN_DECLS

#define UNS_TYPE_CATALOG_SERVICE (uns_catalog_service_get_type ())
G_DECLARE_FINAL_TYPE (UnsCatalogService, uns_catalog_service, UNS, CATALOG_SERVICE,
                      UnsDbusCatalogSkeleton)

UnsCatalogService *uns_catalog_service_new (UnsCatalog *catalog,
                                            UnsStore   *store);

G_END_DECLS
