/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A main() for builds without libFuzzer: runs every input of the corpus
 * once, so what a fuzzer once found stays fixed in every test build. */
#include "config.h"

#include <stdio.h>

#include "fuzz-common.h"

static gboolean
replay_file (const char *path,
             guint      *n_inputs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  if (!g_file_get_contents (path, &data, &len, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  (*n_inputs)++;
  return TRUE;
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
replay_dir (const char *path,
            guint      *n_inputs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_build_filename (path, name, NULL));
  /* A failure then names the same input on every machine. */
  g_ptr_array_sort (names, compare_paths);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file = g_ptr_array_index (names, i);

      if (!replay_file (file, n_inputs))
        return FALSE;
    }
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  guint n_inputs = 0;

  LLVMFuzzerInitialize (&argc, &argv);
  if (argc < 2)
    {
      g_printerr ("Usage: %s CORPUS_DIR_OR_FILE…\n", argv[0]);
      return 2;
    }

  for (int i = 1; i < argc; i++)
    {
      gboolean ok = g_file_test (argv[i], G_FILE_TEST_IS_DIR)
                    ? replay_dir (argv[i], &n_inputs)
                    : replay_file (argv[i], &n_inputs);

      if (!ok)
        return 1;
    }

  if (n_inputs == 0)
    {
      g_printerr ("No inputs found: a corpus that is missing tests nothing.\n");
      return 1;
    }
  printf ("Replayed %u inputs without a crash.\n", n_inputs);
  return 0;
}
