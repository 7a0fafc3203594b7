/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Removes a test's temporary folder and everything in it. */
#pragma once

#include <glib.h>
#include <glib/gstdio.h>

static inline void
uns_test_rm_rf (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        uns_test_rm_rf (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}
