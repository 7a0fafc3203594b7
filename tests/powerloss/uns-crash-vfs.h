/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A test-only SQLite VFS over the unix one that simulates what a disk does
 * on power loss or when it fails: it keeps unsynced writes in memory and can
 * cut the power at a chosen operation, or fail operations. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The exit status of a process whose power was cut. */
#define UNS_CRASH_EXIT_CODE 77

typedef enum
{
  UNS_CRASH_NONE,     /* writes go straight through, only counted */
  UNS_CRASH_POWER,    /* at the operation: a random part of the unsynced
                       * writes (some torn) reach the file, then _exit() */
  UNS_CRASH_PROCESS,  /* at the operation: every write reaches the file (the
                       * kernel still has them), then _exit() */
  UNS_CRASH_FAULT,    /* from the operation on, operations fail */
} UnsCrashMode;

void    uns_crash_vfs_register   (void);
void    uns_crash_vfs_arm        (UnsCrashMode mode,
                                  guint64      at_op,
                                  guint32      seed);
void    uns_crash_vfs_set_fault  (int          write_rc);
void    uns_crash_vfs_clear      (void);
void    uns_crash_vfs_set_lying  (gboolean     lying);
guint64 uns_crash_vfs_get_ops    (void);
guint64 uns_crash_vfs_get_faults (void);
void    uns_crash_vfs_exit       (int          status) G_GNUC_NORETURN;

G_END_DECLS
