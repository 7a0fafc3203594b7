/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Names of record kinds as they appear in the database, exports and D-Bus. */
#include "config.h"

#include "uns-record.h"

const char *
uns_kind_to_string (UnsKind kind)
{
  switch (kind)
    {
    case UNS_KIND_APP:
      return "app";
    case UNS_KIND_SITE:
      return "site";
    default:
      g_return_val_if_reached ("app");
    }
}
