/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers shared by the fuzz targets: strings and files made of fuzz bytes. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz-common.h"

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical or a warning is a broken promise inside the code under
   * test: the fuzzer should stop there as it does on a crash. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

char *
fuzz_string (const uint8_t *data,
             size_t         size)
{
  return g_strndup ((const char *) data, size);
}

GStrv
fuzz_fields (const uint8_t *data,
             size_t         size,
             char           separator,
             guint          max_fields)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_null_terminated (max_fields, g_free, TRUE);
  const char *p = (const char *) data;
  const char *end = p + size;

  while (fields->len + 1 < max_fields)
    {
      const char *next = memchr (p, separator, (size_t) (end - p));

      if (next == NULL)
        break;
      g_ptr_array_add (fields, g_strndup (p, (gsize) (next - p)));
      p = next + 1;
    }
  g_ptr_array_add (fields, g_strndup (p, (gsize) (end - p)));
  while (fields->len < max_fields)
    g_ptr_array_add (fields, g_strdup (""));

  return (GStrv) g_ptr_array_steal (fields, NULL);
}

char *
fuzz_file (const uint8_t *data,
           size_t         size)
{
  /* One memfd for the whole run, rewritten for each input: a new file per
   * input would cost more than the parsing under test. */
  static int fd = -1;
  size_t written = 0;

  if (fd < 0)
    {
      fd = memfd_create ("unscroll-fuzz", MFD_CLOEXEC);
      if (fd < 0)
        g_error ("memfd_create failed: %s", g_strerror (errno));
    }
  if (ftruncate (fd, 0) != 0)
    g_error ("ftruncate failed: %s", g_strerror (errno));
  while (written < size)
    {
      ssize_t n = pwrite (fd, data + written, size - written, (off_t) written);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("pwrite failed: %s", g_strerror (errno));
      written += (size_t) n;
    }

  return g_strdup_printf ("/proc/self/fd/%d", fd);
}
