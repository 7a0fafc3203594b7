/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The project's error domain and its D-Bus error names. */
#include "config.h"

#include <gio/gio.h>

#include "uns-error.h"

static const GDBusErrorEntry uns_error_entries[] = {
  { UNS_ERROR_FAILED, "io.github.Unscroll.Error.Failed" },
  { UNS_ERROR_INVALID_ARGUMENT, "io.github.Unscroll.Error.InvalidArgument" },
  { UNS_ERROR_STORAGE, "io.github.Unscroll.Error.Storage" },
  { UNS_ERROR_DISK_FULL, "io.github.Unscroll.Error.DiskFull" },
  { UNS_ERROR_NOT_FOUND, "io.github.Unscroll.Error.NotFound" },
  { UNS_ERROR_EXISTS, "io.github.Unscroll.Error.Exists" },
  { UNS_ERROR_NOT_ALLOWED, "io.github.Unscroll.Error.NotAllowed" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (uns_error_entries) == UNS_ERROR_LAST + 1);

GQuark
uns_error_quark (void)
{
  static gsize quark = 0;

  g_dbus_error_register_error_domain ("uns-error-quark", &quark,
                                      uns_error_entries,
                                      G_N_ELEMENTS (uns_error_entries));
  return (GQuark) quark;
}
