/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The project's one error domain, shared by the daemon and its clients. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define UNS_ERROR (uns_error_quark ())

/* Registered as D-Bus error names io.github.Unscroll.Error.<Name>, so a
 * client sees the same code the daemon raised. */
typedef enum
{
  UNS_ERROR_FAILED,           /* .Failed */
  UNS_ERROR_INVALID_ARGUMENT, /* .InvalidArgument: bad user or peer input */
  UNS_ERROR_STORAGE,          /* .Storage: the database failed */
  UNS_ERROR_DISK_FULL,        /* .DiskFull */
  UNS_ERROR_NOT_FOUND,        /* .NotFound */
  UNS_ERROR_EXISTS,           /* .Exists */
  UNS_ERROR_NOT_ALLOWED,      /* .NotAllowed: e.g. no snoozes left today */
} UnsError;

#define UNS_ERROR_LAST UNS_ERROR_NOT_ALLOWED

GQuark uns_error_quark (void);

G_END_DECLS
