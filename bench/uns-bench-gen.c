/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Writes a realistic multi-year history into a database through the daemon's
 * own write path, uns_store_add_time(): ~150 apps and sites, a day/night
 * rhythm, busier evenings and weekends. */
#include "config.h"

#include <math.h>
#include <stdlib.h>

#include "uns-store.h"

typedef struct
{
  UnsKind     kind;
  const char *subject;
  const char *service;
  const char *category;
} BenchSubject;

/* Catalog apps and sites first (they carry a service), then everything else. */
static const BenchSubject catalog_subjects[] = {
  { UNS_KIND_APP, "com.discordapp.Discord", "discord", "messaging" },
  { UNS_KIND_APP, "com.slack.Slack", "slack", "work" },
  { UNS_KIND_APP, "org.telegram.desktop", "telegram", "messaging" },
  { UNS_KIND_APP, "org.signal.Signal", "signal", "messaging" },
  { UNS_KIND_APP, "com.sindresorhus.Caprine", "messenger", "messaging" },
  { UNS_KIND_APP, "io.freetubeapp.FreeTube", "youtube", "video" },
  { UNS_KIND_APP, "dev.geopjr.Tuba", "mastodon", "social" },
  { UNS_KIND_APP, "com.rtosta.zapzap", "whatsapp", "messaging" },
  { UNS_KIND_SITE, "youtube.com", "youtube", "video" },
  { UNS_KIND_SITE, "reddit.com", "reddit", "forum" },
  { UNS_KIND_SITE, "instagram.com", "instagram", "social" },
  { UNS_KIND_SITE, "facebook.com", "facebook", "social" },
  { UNS_KIND_SITE, "x.com", "x", "social" },
  { UNS_KIND_SITE, "tiktok.com", "tiktok", "video" },
  { UNS_KIND_SITE, "twitch.tv", "twitch", "video" },
  { UNS_KIND_SITE, "linkedin.com", "linkedin", "professional" },
  { UNS_KIND_SITE, "pinterest.com", "pinterest", "social" },
  { UNS_KIND_SITE, "bsky.app", "bluesky", "social" },
  { UNS_KIND_SITE, "threads.com", "threads", "social" },
  { UNS_KIND_SITE, "tumblr.com", "tumblr", "social" },
  { UNS_KIND_SITE, "quora.com", "quora", "forum" },
  { UNS_KIND_SITE, "9gag.com", "9gag", "social" },
  { UNS_KIND_SITE, "discord.com", "discord", "messaging" },
  { UNS_KIND_SITE, "slack.com", "slack", "work" },
  { UNS_KIND_SITE, "whatsapp.com", "whatsapp", "messaging" },
  { UNS_KIND_SITE, "messenger.com", "messenger", "messaging" },
  { UNS_KIND_SITE, "lemmy.world", "lemmy", "forum" },
  { UNS_KIND_SITE, "mastodon.social", "mastodon", "social" },
  { UNS_KIND_SITE, "snapchat.com", "snapchat", "social" },
  { UNS_KIND_SITE, "vk.com", "vk", "social" },
};

#define HOUR_USEC (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)
#define DAY_USEC (24 * HOUR_USEC)
#define N_OTHER_APPS 50
#define N_OTHER_SITES 70

typedef struct
{
  GPtrArray *owned;     /* strings the subjects below point into */
  GArray    *subjects;  /* BenchSubject */
  double    *cumulative;
  double     total_weight;
} BenchWorld;

static void
bench_world_init (BenchWorld *world)
{
  guint i;

  world->owned = g_ptr_array_new_with_free_func (g_free);
  world->subjects = g_array_new (FALSE, FALSE, sizeof (BenchSubject));
  for (i = 0; i < G_N_ELEMENTS (catalog_subjects); i++)
    g_array_append_val (world->subjects, catalog_subjects[i]);
  for (i = 0; i < N_OTHER_APPS; i++)
    {
      char *id = g_strdup_printf ("org.example.App%02u", i);
      BenchSubject s = { UNS_KIND_APP, id, NULL, UNS_CATEGORY_OTHER };

      g_ptr_array_add (world->owned, id);
      g_array_append_val (world->subjects, s);
    }
  for (i = 0; i < N_OTHER_SITES; i++)
    {
      char *domain = g_strdup_printf ("site%02u.example.org", i);
      BenchSubject s = { UNS_KIND_SITE, domain, NULL, UNS_CATEGORY_OTHER };

      g_ptr_array_add (world->owned, domain);
      g_array_append_val (world->subjects, s);
    }

  /* Zipf-like popularity: a few things take most of the time. */
  world->cumulative = g_new (double, world->subjects->len);
  world->total_weight = 0;
  for (i = 0; i < world->subjects->len; i++)
    {
      world->total_weight += 1.0 / (1.0 + i * 0.35);
      world->cumulative[i] = world->total_weight;
    }
}

static void
bench_world_clear (BenchWorld *world)
{
  g_clear_pointer (&world->owned, g_ptr_array_unref);
  g_clear_pointer (&world->subjects, g_array_unref);
  g_clear_pointer (&world->cumulative, g_free);
}

static const BenchSubject *
bench_world_pick (BenchWorld *world,
                  GRand      *rand)
{
  double x = g_rand_double (rand) * world->total_weight;
  guint lo = 0, hi = world->subjects->len - 1;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (world->cumulative[mid] < x)
        lo = mid + 1;
      else
        hi = mid;
    }
  return &g_array_index (world->subjects, BenchSubject, lo);
}

static double
exponential (GRand *rand,
             double mean)
{
  return -mean * log1p (-g_rand_double (rand));
}

/* How busy an hour of the day is, 0 … 1: asleep at night, a dip during
 * work hours, the evening peak. */
static double
hour_activity (int  hour,
               gboolean weekend)
{
  static const double weekday[24] = {
    0.05, 0.02, 0.0, 0.0, 0.0, 0.0, 0.02, 0.3, 0.6, 0.5, 0.4, 0.4,
    0.6, 0.5, 0.35, 0.35, 0.4, 0.55, 0.7, 0.85, 1.0, 1.0, 0.8, 0.35,
  };
  static const double weekend_day[24] = {
    0.25, 0.1, 0.02, 0.0, 0.0, 0.0, 0.0, 0.05, 0.2, 0.5, 0.7, 0.8,
    0.8, 0.7, 0.7, 0.75, 0.8, 0.8, 0.85, 0.9, 1.0, 1.0, 0.9, 0.6,
  };

  return weekend ? weekend_day[hour] : weekday[hour];
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsStore) store = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GRand) rand = NULL;
  g_autofree char *db_path = NULL;
  int days = 1096;
  int spans_per_day = 912;
  int seed = 1;
  gint64 end_usec = 0;
  gint64 first_day, t, limit, spans = 0, usec_total = 0;
  gint64 started;
  double mean_gap;
  BenchWorld world;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path, "Database to write", "PATH" },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, "Days of history (default 1096)", "N" },
    { "spans-per-day", 0, 0, G_OPTION_ARG_INT, &spans_per_day,
      "Average spans a day (default 912)", "N" },
    { "end", 0, 0, G_OPTION_ARG_INT64, &end_usec,
      "Unix µs the history ends at (default: now)", "USEC" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed", "N" },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || db_path == NULL ||
      days < 1 || spans_per_day < 1)
    {
      g_printerr ("uns-bench-gen: %s\n", error ? error->message : "--db PATH is required");
      return 2;
    }

  store = uns_store_new (db_path, &error);
  if (store == NULL)
    {
      g_printerr ("uns-bench-gen: %s\n", error->message);
      return 1;
    }
  uns_store_set_day_rules (store, utc, 0);
  rand = g_rand_new_with_seed ((guint32) seed);
  bench_world_init (&world);

  if (end_usec <= 0)
    end_usec = g_get_real_time ();
  /* Whole UTC days, the last one being today up to now. */
  first_day = (end_usec / DAY_USEC - (days - 1)) * DAY_USEC;
  /* The sum of hour_activity() is ~11 for a weekday: spread the spans of a
   * day over those active hours, half a span's length each and half gap. */
  mean_gap = 11.0 * 3600.0 / spans_per_day / 2.0;

  started = g_get_monotonic_time ();
  t = first_day;
  limit = end_usec;
  while (t < limit)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
      int hour = g_date_time_get_hour (dt);
      gboolean weekend = g_date_time_get_day_of_week (dt) >= 6;
      double activity = hour_activity (hour, weekend);
      gint64 length, gap;
      const BenchSubject *s;
      UnsRecord record;

      if (activity <= 0.0)
        {
          /* Asleep: on to the next hour. */
          t = (t / HOUR_USEC + 1) * HOUR_USEC;
          continue;
        }

      s = bench_world_pick (&world, rand);
      record.kind = s->kind;
      record.subject = s->subject;
      record.service = s->service;
      record.category = s->category;
      length = (gint64) ((1.0 + exponential (rand, mean_gap)) * G_USEC_PER_SEC);
      length = MIN (length, end_usec - t);
      if (length > 0)
        {
          if (!uns_store_add_time (store, &record, t, t + length, NULL, &error))
            {
              g_printerr ("uns-bench-gen: %s\n", error->message);
              return 1;
            }
          spans++;
          usec_total += length;
        }
      /* Quieter hours have longer gaps between spans. */
      gap = (gint64) ((1.0 + exponential (rand, mean_gap / activity)) * G_USEC_PER_SEC);
      t += length + gap;
    }

  g_print ("{\"spans\": %" G_GINT64_FORMAT ", \"days\": %d, \"subjects\": %u, "
           "\"hours_per_day\": %.2f, \"seconds\": %.2f}\n",
           spans, days, world.subjects->len,
           (double) usec_total / G_USEC_PER_SEC / 3600.0 / days,
           (g_get_monotonic_time () - started) / 1e6);
  bench_world_clear (&world);
  return 0;
}
