/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Times the store's report queries (uns_store_summary(), the work behind
 * Usage.GetSummary) in-process on a database, beside the same SQL run bare
 * through SQLite: the server-side cost without D-Bus. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <time.h>

#include "uns-store.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

#define WARM_UP 5

static gint64
clock_ns (clockid_t id)
{
  struct timespec ts;

  clock_gettime (id, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static gint64
now_ns (void)
{
  return clock_ns (CLOCK_MONOTONIC);
}

/* This thread's CPU time: the query's own cost, without the time it spent
 * preempted by other processes on a busy machine. */
static gint64
cpu_ns (void)
{
  return clock_ns (CLOCK_THREAD_CPUTIME_ID);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static double
percentile_us (GArray *sorted,
               double  p)
{
  guint index = (guint) (p * (sorted->len - 1) + 0.5);

  return g_array_index (sorted, gint64, MIN (index, sorted->len - 1)) / 1e3;
}

static void
print_latencies (const char *what,
                 const char *range,
                 const char *group,
                 guint       rows,
                 GArray     *latencies)
{
  g_array_sort (latencies, compare_gint64);
  printf ("{\"what\": \"%s\", \"range\": \"%s\", \"group\": \"%s\", \"rows\": %u, "
          "\"p50_us\": %.2f, \"p99_us\": %.2f, \"max_us\": %.2f}\n",
          what, range, group, rows, percentile_us (latencies, 0.5),
          percentile_us (latencies, 0.99), percentile_us (latencies, 1.0));
}

/* The SQL of uns-store.c's summary statements, run without the store. */
static const char sql_service[] =
  "SELECT service, SUM(usec) AS total FROM day_totals"
  " WHERE day BETWEEN ?1 AND ?2 AND service != ''"
  " GROUP BY service ORDER BY total DESC, service";
static const char sql_day[] =
  "SELECT day, SUM(usec) FROM day_totals"
  " WHERE day BETWEEN ?1 AND ?2 AND service != ''"
  " GROUP BY day ORDER BY day";

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autofree char *db_path = NULL;
  g_autofree char *today_text = NULL;
  sqlite3 *bare = NULL;
  int iterations = 200;
  GDate today;
  static const struct { const char *name; int days; } ranges[] = {
    { "today", 1 }, { "7 days", 7 }, { "90 days", 90 },
  };
  static const struct { const char *name; UnsGroupBy group; const char *sql; } groups[] = {
    { "service", UNS_GROUP_SERVICE, sql_service }, { "day", UNS_GROUP_DAY, sql_day },
  };
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database to read", "PATH" },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today_text, "The last day (YYYY-MM-DD)", "DAY" },
    { "iterations", 0, 0, G_OPTION_ARG_INT, &iterations, "Queries per figure", "N" },
    { NULL }
  };
  guint r, g;

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db_path == NULL ||
      today_text == NULL || iterations < 1)
    {
      g_printerr ("uns-bench-query: %s\n", error ? error->message : "--db and --today are required");
      return 2;
    }
  g_date_clear (&today, 1);
  g_date_set_parse (&today, today_text);
  if (!g_date_valid (&today))
    {
      g_printerr ("uns-bench-query: bad --today\n");
      return 2;
    }

  store = uns_store_new (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("uns-bench-query: %s\n", error->message);
      return 1;
    }
  uns_store_set_day_rules (store, utc, 0);
  if (sqlite3_open_v2 (db_path, &bare, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      g_printerr ("uns-bench-query: %s\n", sqlite3_errmsg (bare));
      sqlite3_close (bare);
      return 1;
    }

  for (r = 0; r < G_N_ELEMENTS (ranges); r++)
    for (g = 0; g < G_N_ELEMENTS (groups); g++)
      {
        g_autoptr(GArray) store_times = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(GArray) bare_times = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(GArray) cpu_times = g_array_new (FALSE, FALSE, sizeof (gint64));
        g_autoptr(sqlite3_stmt) stmt = NULL;
        char from_text[16], to_text[16];
        GDate from = today;
        guint rows = 0;
        int i;

        g_date_subtract_days (&from, ranges[r].days - 1);
        g_date_strftime (from_text, sizeof from_text, "%Y-%m-%d", &from);
        g_date_strftime (to_text, sizeof to_text, "%Y-%m-%d", &today);
        if (sqlite3_prepare_v2 (bare, groups[g].sql, -1, &stmt, NULL) != SQLITE_OK)
          {
            g_printerr ("uns-bench-query: %s\n", sqlite3_errmsg (bare));
            return 1;
          }

        /* A few untimed queries first: the daemon answers reports with a
         * warm page cache, not the first read of a freshly opened file. */
        for (i = -WARM_UP; i < iterations; i++)
          {
            g_autoptr(GPtrArray) result = NULL;
            gint64 c0 = cpu_ns ();
            gint64 t0 = now_ns ();

            result = uns_store_summary (store, &from, &today, groups[g].group, &error);
            g_array_append_val (store_times, (gint64) { now_ns () - t0 });
            g_array_append_val (cpu_times, (gint64) { cpu_ns () - c0 });
            if (result == NULL)
              {
                g_printerr ("uns-bench-query: %s\n", error->message);
                return 1;
              }
            rows = result->len;
            if (i < 0)
              {
                g_array_set_size (store_times, 0);
                g_array_set_size (cpu_times, 0);
              }

            /* The bare floor: the same statement, already prepared. */
            t0 = now_ns ();
            sqlite3_bind_text (stmt, 1, from_text, -1, SQLITE_STATIC);
            sqlite3_bind_text (stmt, 2, to_text, -1, SQLITE_STATIC);
            while (sqlite3_step (stmt) == SQLITE_ROW)
              ;
            sqlite3_reset (stmt);
            g_array_append_val (bare_times, (gint64) { now_ns () - t0 });
            if (i < 0)
              g_array_set_size (bare_times, 0);
          }
        print_latencies ("store", ranges[r].name, groups[g].name, rows, store_times);
        print_latencies ("store-cpu", ranges[r].name, groups[g].name, rows, cpu_times);
        print_latencies ("bare", ranges[r].name, groups[g].name, rows, bare_times);
      }

  sqlite3_close (bare);
  return 0;
}
