/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What every fuzz target shares: libFuzzer's entry point and helpers that
 * turn fuzz bytes into the C strings the parsers take. */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

int   LLVMFuzzerInitialize   (int           *argc,
                              char        ***argv);
int   LLVMFuzzerTestOneInput (const uint8_t *data,
                              size_t         size);

/* The bytes as a C string; an embedded NUL ends it, as it would for a
 * string that arrived over D-Bus or on a command line. */
char *fuzz_string            (const uint8_t *data,
                              size_t         size);

/* The bytes cut at each @separator into at most @max_fields strings (the
 * last holds the rest); missing fields are "". Free with g_strfreev(). */
GStrv fuzz_fields            (const uint8_t *data,
                              size_t         size,
                              char           separator,
                              guint          max_fields);

/* The bytes written to an anonymous file, as a path the loaders can open:
 * no file is left behind, whatever happens. */
char *fuzz_file              (const uint8_t *data,
                              size_t         size);

G_END_DECLS
