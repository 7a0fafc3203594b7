/* SPDX-License-Identifier: GPL-3.0-or-later */
/* io.github.Unscroll.Resources: crisis lines and support organisations. */
#pragma once

#include <gio/gio.h>

#include "uns-dbus-generated.h"
#include "uns-resources.h"

G_BEGIN_DECLS

#define UNS_TYPE_RESOURCES_SERVICE (uns_resources_service_get_type ())
G_DECLARE_FINAL_TYPE (UnsResourcesService, uns_resources_service, UNS, RESOURCES_SERVICE,
                      UnsDbusResourcesSkeleton)

UnsResourcesService *uns_resources_service_new (UnsResources *resources,
                                                GSettings    *settings);

G_END_DECLS
