/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll-native-host: started by the browser for the Unscroll extension.
 * Checks who started it, keeps stdout for the protocol alone, and hands
 * over to the session. */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "uns-native-host.h"

#define CHROMIUM_ORIGIN "chrome-extension://" UNS_EXTENSION_CHROMIUM_ID "/"
#define GECKO_ID "unscroll@unscroll.github.io"

/* Chromium passes the caller's origin as argv[1] (and, on Windows only, a
 * window handle after it); Firefox passes the manifest's path and the
 * add-on id. Only our own extension may talk to the daemon through us. */
static gboolean
caller_is_ours (int    argc,
                char **argv)
{
  if (argc >= 2 && g_str_has_prefix (argv[1], "chrome-extension://"))
    return strcmp (argv[1], CHROMIUM_ORIGIN) == 0;
  return argc == 3 && strcmp (argv[2], GECKO_ID) == 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(UnsNativeHost) host = NULL;
  int protocol_fd;

  if (!caller_is_ours (argc, argv))
    {
      fprintf (stderr, "unscroll-native-host: this program is started by a web browser for the "
                       "Unscroll extension only (it was called as “%s”).\n",
               argc >= 2 ? argv[1] : "");
      return 1;
    }

  /* Only the protocol writer may use the browser's pipe: a stray print
   * from any library would break a frame. fd 1 then goes to the log. */
  protocol_fd = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  if (protocol_fd < 0 || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
    {
      perror ("unscroll-native-host: cannot set up its output");
      return 1;
    }
  /* A browser that went away shows as a failed write, not a signal. */
  signal (SIGPIPE, SIG_IGN);

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  if (bus == NULL)
    {
      g_printerr ("unscroll-native-host: cannot reach the session bus: %s\n", error->message);
      return 1;
    }

  host = uns_native_host_new (STDIN_FILENO, protocol_fd, bus);
  return uns_native_host_run (host);
}
