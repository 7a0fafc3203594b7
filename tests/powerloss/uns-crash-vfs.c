/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A crash-simulating SQLite VFS, the way SQLite's own crash tests work
 * (src/test6.c): writes to the database, its write-ahead log and its
 * journal stay in memory until the file is synced, as they would in a
 * disk's cache. Reads see them. At a chosen operation the power is cut: a
 * random part of the unsynced writes reaches the file, some of them torn at
 * 512-byte sectors (each sector old, new or garbage), and the process
 * _exit()s. The same counter can instead make operations fail, like a full
 * or failing disk. Everything else is the unix VFS's.
 *
 * One thread only: the state is global, as the tests drive one connection
 * at a time. */
#include "config.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <string.h>
#include <unistd.h>

#include "uns-crash-vfs.h"

#define SECTOR 512

typedef struct
{
  sqlite3_int64 offset;
  int           len;
  guint8        data[];
} UnsPendingWrite;

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;       /* the unix VFS's file, right after this struct */
  char         *path;       /* (owned) (nullable): NULL for files not simulated */
} UnsCrashFile;

static struct
{
  sqlite3_vfs  *real;
  UnsCrashMode  mode;
  guint64       ops;
  guint64       at_op;
  guint64       faults;
  int           fault_rc;
  gboolean      lying;      /* syncs keep nothing: the negative control */
  GRand        *rand;
  GHashTable   *pending;    /* path → GPtrArray of UnsPendingWrite, in order */
} crash;

static GPtrArray *
pending_for (const char *path)
{
  GPtrArray *writes = g_hash_table_lookup (crash.pending, path);

  if (writes == NULL)
    {
      writes = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (crash.pending, g_strdup (path), writes);
    }
  return writes;
}

static void
write_all (int           fd,
           const guint8 *data,
           gsize         len,
           sqlite3_int64 offset)
{
  while (len > 0)
    {
      ssize_t n = pwrite (fd, data, len, offset);

      if (n <= 0)
        _exit (3);
      data += n;
      len -= (gsize) n;
      offset += n;
    }
}

/* Writes @w the way a power cut leaves it: whole, not at all, or sector by
 * sector some old, some new, some garbage. */
static void
apply_torn (int                    fd,
            const UnsPendingWrite *w,
            gboolean               everything)
{
  sqlite3_int64 pos = w->offset;
  sqlite3_int64 end = w->offset + w->len;
  guint32 how = everything ? 1 : g_rand_int_range (crash.rand, 0, 3);

  if (how == 0)
    return;
  if (how == 1)
    {
      write_all (fd, w->data, (gsize) w->len, w->offset);
      return;
    }

  while (pos < end)
    {
      sqlite3_int64 next = MIN (end, (pos / SECTOR + 1) * SECTOR);
      gsize len = (gsize) (next - pos);
      guint32 sector = g_rand_int_range (crash.rand, 0, 8);

      if (sector < 4)
        write_all (fd, w->data + (pos - w->offset), len, pos);
      else if (sector == 4)
        {
          guint8 garbage[SECTOR];

          for (gsize i = 0; i < len; i++)
            garbage[i] = (guint8) g_rand_int (crash.rand);
          write_all (fd, garbage, len, pos);
        }
      pos = next;
    }
}

static void G_GNUC_NORETURN
write_pending_and_exit (gboolean everything,
                        int      status)
{
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, crash.pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *writes = value;
      int fd;

      if (writes->len == 0)
        continue;
      fd = open (key, O_WRONLY | O_CLOEXEC);
      if (fd < 0)
        continue;  /* deleted since: nothing to leave behind */
      for (guint i = 0; i < writes->len; i++)
        apply_torn (fd, g_ptr_array_index (writes, i), everything);
      close (fd);
    }
  _exit (status);
}

/* Counts one operation that changes a file; returns the error to fail it
 * with, or SQLITE_OK. */
static int
count_op (int fail_rc)
{
  crash.ops++;
  if (crash.at_op == 0 || crash.ops < crash.at_op)
    return SQLITE_OK;
  switch (crash.mode)
    {
    case UNS_CRASH_POWER:
    case UNS_CRASH_PROCESS:
      write_pending_and_exit (crash.mode == UNS_CRASH_PROCESS, UNS_CRASH_EXIT_CODE);
    case UNS_CRASH_FAULT:
      /* A full disk refuses writes; syncs and truncations still work. */
      if (crash.fault_rc == SQLITE_FULL && fail_rc != SQLITE_IOERR_WRITE)
        return SQLITE_OK;
      crash.faults++;
      return crash.fault_rc == SQLITE_FULL ? SQLITE_FULL : fail_rc;
    case UNS_CRASH_NONE:
    default:
      return SQLITE_OK;
    }
}

static sqlite3_int64
pending_end (GPtrArray *writes)
{
  sqlite3_int64 end = 0;

  for (guint i = 0; writes != NULL && i < writes->len; i++)
    {
      UnsPendingWrite *w = g_ptr_array_index (writes, i);

      end = MAX (end, w->offset + w->len);
    }
  return end;
}

static int
crash_close (sqlite3_file *file)
{
  UnsCrashFile *self = (UnsCrashFile *) file;
  int rc = self->real->pMethods != NULL ? self->real->pMethods->xClose (self->real) : SQLITE_OK;

  /* The pending writes stay: closing a file does not sync it. */
  g_clear_pointer (&self->path, g_free);
  return rc;
}

static int
crash_read (sqlite3_file *file,
            void         *buf,
            int           amt,
            sqlite3_int64 offset)
{
  UnsCrashFile *self = (UnsCrashFile *) file;
  GPtrArray *writes;
  sqlite3_int64 size = 0;
  int rc;

  rc = self->real->pMethods->xRead (self->real, buf, amt, offset);
  if (self->path == NULL || (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ))
    return rc;
  writes = g_hash_table_lookup (crash.pending, self->path);
  if (writes == NULL || writes->len == 0)
    return rc;

  for (guint i = 0; i < writes->len; i++)
    {
      UnsPendingWrite *w = g_ptr_array_index (writes, i);
      sqlite3_int64 from = MAX (offset, w->offset);
      sqlite3_int64 to = MIN (offset + amt, w->offset + w->len);

      if (from < to)
        memcpy ((guint8 *) buf + (from - offset), w->data + (from - w->offset),
                (gsize) (to - from));
    }

  if (self->real->pMethods->xFileSize (self->real, &size) != SQLITE_OK)
    return SQLITE_IOERR_READ;
  size = MAX (size, pending_end (writes));
  return offset + amt <= size ? SQLITE_OK : SQLITE_IOERR_SHORT_READ;
}

static int
crash_write (sqlite3_file *file,
             const void   *buf,
             int           amt,
             sqlite3_int64 offset)
{
  UnsCrashFile *self = (UnsCrashFile *) file;
  UnsPendingWrite *w;
  int rc;

  if (self->path == NULL)
    return self->real->pMethods->xWrite (self->real, buf, amt, offset);
  rc = count_op (SQLITE_IOERR_WRITE);
  if (rc != SQLITE_OK)
    return rc;
  /* Only a power cut needs the disk's cache. */
  if ((crash.mode == UNS_CRASH_NONE || crash.mode == UNS_CRASH_FAULT) && !crash.lying)
    return self->real->pMethods->xWrite (self->real, buf, amt, offset);

  w = g_malloc (sizeof (UnsPendingWrite) + (gsize) amt);
  w->offset = offset;
  w->len = amt;
  memcpy (w->data, buf, (gsize) amt);
  g_ptr_array_add (pending_for (self->path), w);
  return SQLITE_OK;
}

static int
crash_truncate (sqlite3_file *file,
                sqlite3_int64 size)
{
  UnsCrashFile *self = (UnsCrashFile *) file;
  GPtrArray *writes;
  int rc;

  if (self->path == NULL)
    return self->real->pMethods->xTruncate (self->real, size);
  rc = count_op (SQLITE_IOERR_TRUNCATE);
  if (rc != SQLITE_OK)
    return rc;

  /* Shortening a file is taken as done at once; what was to be written
   * past the new end is gone with it. */
  writes = g_hash_table_lookup (crash.pending, self->path);
  for (guint i = 0; writes != NULL && i < writes->len;)
    {
      UnsPendingWrite *w = g_ptr_array_index (writes, i);

      if (w->offset >= size)
        g_ptr_array_remove_index (writes, i);
      else
        {
          if (w->offset + w->len > size)
            w->len = (int) (size - w->offset);
          i++;
        }
    }
  return self->real->pMethods->xTruncate (self->real, size);
}

static int
crash_sync (sqlite3_file *file,
            int           flags)
{
  UnsCrashFile *self = (UnsCrashFile *) file;
  GPtrArray *writes;
  int rc;

  if (self->path == NULL)
    return self->real->pMethods->xSync (self->real, flags);
  rc = count_op (SQLITE_IOERR_FSYNC);
  if (rc != SQLITE_OK || crash.lying)
    return rc;

  /* Synced writes are on the disk for good. The real fsync is left out:
   * nothing here outlives a real power cut, and it only costs time. */
  writes = g_hash_table_lookup (crash.pending, self->path);
  for (guint i = 0; writes != NULL && i < writes->len; i++)
    {
      UnsPendingWrite *w = g_ptr_array_index (writes, i);

      rc = self->real->pMethods->xWrite (self->real, w->data, w->len, w->offset);
      if (rc != SQLITE_OK)
        return rc;
    }
  if (writes != NULL)
    g_ptr_array_set_size (writes, 0);
  return SQLITE_OK;
}

static int
crash_file_size (sqlite3_file  *file,
                 sqlite3_int64 *out_size)
{
  UnsCrashFile *self = (UnsCrashFile *) file;
  int rc = self->real->pMethods->xFileSize (self->real, out_size);

  if (rc == SQLITE_OK && self->path != NULL)
    *out_size = MAX (*out_size, pending_end (g_hash_table_lookup (crash.pending, self->path)));
  return rc;
}

static int
crash_lock (sqlite3_file *file, int level)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  return self->real->pMethods->xLock (self->real, level);
}

static int
crash_unlock (sqlite3_file *file, int level)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  return self->real->pMethods->xUnlock (self->real, level);
}

static int
crash_check_reserved_lock (sqlite3_file *file, int *out)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  return self->real->pMethods->xCheckReservedLock (self->real, out);
}

static int
crash_file_control (sqlite3_file *file, int op, void *arg)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  return self->real->pMethods->xFileControl (self->real, op, arg);
}

static int
crash_sector_size (sqlite3_file *file)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  return self->real->pMethods->xSectorSize (self->real);
}

static int
crash_device_characteristics (sqlite3_file *file)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  return self->real->pMethods->xDeviceCharacteristics (self->real);
}

/* The wal-index lives in shared memory that a power cut wipes; SQLite
 * rebuilds it from the log, so it needs no simulating. */
static int
crash_shm_map (sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  return self->real->pMethods->xShmMap (self->real, page, size, extend, out);
}

static int
crash_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  return self->real->pMethods->xShmLock (self->real, offset, n, flags);
}

static void
crash_shm_barrier (sqlite3_file *file)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  self->real->pMethods->xShmBarrier (self->real);
}

static int
crash_shm_unmap (sqlite3_file *file, int delete_flag)
{
  UnsCrashFile *self = (UnsCrashFile *) file;

  return self->real->pMethods->xShmUnmap (self->real, delete_flag);
}

/* Version 2: no xFetch, so SQLite never reads the file through a memory
 * map that would not show the pending writes. */
static const sqlite3_io_methods crash_io_methods = {
  2,
  crash_close,
  crash_read,
  crash_write,
  crash_truncate,
  crash_sync,
  crash_file_size,
  crash_lock,
  crash_unlock,
  crash_check_reserved_lock,
  crash_file_control,
  crash_sector_size,
  crash_device_characteristics,
  crash_shm_map,
  crash_shm_lock,
  crash_shm_barrier,
  crash_shm_unmap,
  NULL,
  NULL,
};

static int
crash_open (sqlite3_vfs  *vfs,
            const char   *name,
            sqlite3_file *file,
            int           flags,
            int          *out_flags)
{
  UnsCrashFile *self = (UnsCrashFile *) file;
  int rc;

  memset (self, 0, sizeof (UnsCrashFile));
  self->real = (sqlite3_file *) (self + 1);
  rc = crash.real->xOpen (crash.real, name, self->real, flags, out_flags);
  if (rc != SQLITE_OK)
    return rc;
  if (name != NULL &&
      (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0)
    self->path = g_strdup (name);
  self->base.pMethods = &crash_io_methods;
  return SQLITE_OK;
}

static int
crash_delete (sqlite3_vfs *vfs,
              const char  *name,
              int          sync_dir)
{
  g_hash_table_remove (crash.pending, name);
  return crash.real->xDelete (crash.real, name, sync_dir);
}

static int
crash_access (sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
  return crash.real->xAccess (crash.real, name, flags, out);
}

static int
crash_full_pathname (sqlite3_vfs *vfs, const char *name, int n, char *out)
{
  return crash.real->xFullPathname (crash.real, name, n, out);
}

static int
crash_randomness (sqlite3_vfs *vfs, int n, char *out)
{
  return crash.real->xRandomness (crash.real, n, out);
}

static int
crash_sleep (sqlite3_vfs *vfs, int usec)
{
  return crash.real->xSleep (crash.real, usec);
}

static int
crash_current_time (sqlite3_vfs *vfs, double *out)
{
  return crash.real->xCurrentTime (crash.real, out);
}

static int
crash_get_last_error (sqlite3_vfs *vfs, int n, char *out)
{
  return crash.real->xGetLastError (crash.real, n, out);
}

static int
crash_current_time_int64 (sqlite3_vfs *vfs, sqlite3_int64 *out)
{
  return crash.real->xCurrentTimeInt64 (crash.real, out);
}

static sqlite3_vfs crash_vfs = {
  2,
  0,
  0,
  NULL,
  "unscroll-crash",
  NULL,
  crash_open,
  crash_delete,
  crash_access,
  crash_full_pathname,
  NULL,
  NULL,
  NULL,
  NULL,
  crash_randomness,
  crash_sleep,
  crash_current_time,
  crash_get_last_error,
  crash_current_time_int64,
  NULL,
  NULL,
  NULL,
};

/**
 * uns_crash_vfs_register:
 *
 * Makes the crash VFS SQLite's default, over the unix VFS, armed with
 * nothing: writes go through and are only counted.
 */
void
uns_crash_vfs_register (void)
{
  if (crash.real != NULL)
    return;
  crash.real = sqlite3_vfs_find ("unix");
  g_assert (crash.real != NULL);
  crash_vfs.szOsFile = (int) sizeof (UnsCrashFile) + crash.real->szOsFile;
  crash_vfs.mxPathname = crash.real->mxPathname;
  crash.pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  crash.rand = g_rand_new_with_seed (1);
  g_assert_cmpint (sqlite3_vfs_register (&crash_vfs, 1), ==, SQLITE_OK);
}

/**
 * uns_crash_vfs_arm:
 * @mode: what happens at @at_op
 * @at_op: the operation (write, sync or truncation, counted from 1 since
 *   this call) it happens at; 0 for never
 * @seed: for the choice of what reaches the disk
 *
 * From now on, writes stay in memory until synced unless @mode is
 * %UNS_CRASH_NONE.
 */
void
uns_crash_vfs_arm (UnsCrashMode mode,
                   guint64      at_op,
                   guint32      seed)
{
  g_return_if_fail (crash.real != NULL);

  crash.mode = mode;
  crash.at_op = at_op;
  crash.ops = 0;
  crash.faults = 0;
  g_hash_table_remove_all (crash.pending);
  if (crash.fault_rc == 0)
    crash.fault_rc = SQLITE_IOERR;
  g_rand_set_seed (crash.rand, seed);
}

/* With %UNS_CRASH_FAULT: %SQLITE_FULL fails writes only, as a full disk
 * does; %SQLITE_IOERR fails writes, syncs and truncations alike. */
void
uns_crash_vfs_set_fault (int write_rc)
{
  crash.fault_rc = write_rc;
}

/* The fault is over: operations work again. */
void
uns_crash_vfs_clear (void)
{
  crash.at_op = 0;
}

/* Syncs that return success and keep nothing: the disk lies. */
void
uns_crash_vfs_set_lying (gboolean lying)
{
  crash.lying = lying;
}

guint64
uns_crash_vfs_get_ops (void)
{
  return crash.ops;
}

guint64
uns_crash_vfs_get_faults (void)
{
  return crash.faults;
}

/**
 * uns_crash_vfs_exit:
 * @status: the exit status
 *
 * Ends a child that was not cut: the kernel would still write out what is
 * unsynced, so all of it reaches the files.
 */
void
uns_crash_vfs_exit (int status)
{
  write_pending_and_exit (TRUE, status);
}
