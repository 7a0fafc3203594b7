/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What one stretch of attention is recorded as: the shape the tracker hands
 * the store. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  UNS_KIND_APP = 0,
  UNS_KIND_SITE = 1,
} UnsKind;

/* The category of everything outside the catalog. */
#define UNS_CATEGORY_OTHER "other"

typedef struct
{
  UnsKind     kind;
  const char *subject;  /* app id, registrable domain, or "" for the
                         * anonymous other-sites bucket */
  const char *service;  /* (nullable) catalog service id */
  const char *category; /* category id; UNS_CATEGORY_OTHER without service */
} UnsRecord;

const char *uns_kind_to_string (UnsKind kind);

G_END_DECLS
