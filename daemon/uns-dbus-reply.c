/* SPDX-License-Identifier: GPL-3.0-or-later */
/* One place that decides which D-Bus error a caller gets. */
#include "config.h"

#include "uns-dbus-reply.h"
#include "uns-error.h"

/**
 * uns_dbus_reply_error:
 * @invocation: (transfer full): the call to answer
 * @error: what went wrong
 *
 * Bad input from the caller is the standard InvalidArgs, as clients expect;
 * every other error keeps its registered io.github.Unscroll.Error name.
 * The message is kept as it is: it is written for people.
 */
void
uns_dbus_reply_error (GDBusMethodInvocation *invocation,
                      const GError          *error)
{
  if (g_error_matches (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT))
    g_dbus_method_invocation_return_error_literal (invocation, G_DBUS_ERROR,
                                                   G_DBUS_ERROR_INVALID_ARGS, error->message);
  else
    g_dbus_method_invocation_return_gerror (invocation, error);
}
