/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the service catalog: the shipped data, app and domain matching,
 * the user's own services, and malformed catalog files. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "uns-catalog.h"
#include "uns-error.h"

typedef struct
{
  UnsCatalog *catalog; /* (owned) the shipped catalog */
  char       *tmpdir;  /* (owned) (nullable) */
} Fixture;

static const char *
shipped_catalog_path (void)
{
  const char *path = g_getenv ("UNSCROLL_CATALOG");

  /* meson sets it; the fallback lets the binary run by hand too. */
  return path != NULL ? path : UNS_TEST_SRCDIR "/../../data/catalog/catalog.json";
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->catalog = uns_catalog_new_from_file (shipped_catalog_path (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->catalog);

  fixture->tmpdir = g_dir_make_tmp ("unscroll-test-catalog-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->catalog);
  if (fixture->tmpdir != NULL)
    {
      g_autoptr(GDir) dir = g_dir_open (fixture->tmpdir, 0, NULL);
      const char *name;

      while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (fixture->tmpdir, name, NULL);
          g_assert_cmpint (g_remove (file), ==, 0);
        }
      g_assert_cmpint (g_rmdir (fixture->tmpdir), ==, 0);
      g_clear_pointer (&fixture->tmpdir, g_free);
    }
}

static void
assert_app (UnsCatalog *catalog,
            const char *app_id,
            const char *expected_service)
{
  const UnsService *service = uns_catalog_lookup_app (catalog, app_id);

  if (expected_service == NULL)
    {
      g_assert_null (service);
      return;
    }
  g_assert_nonnull (service);
  g_assert_cmpstr (service->id, ==, expected_service);
}

/* Reduces @hostname and looks the result up, as the tracker does. */
static const UnsService *
service_for_host (UnsCatalog *catalog,
                  const char *hostname)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = uns_catalog_registrable_domain (catalog, hostname, &error);

  g_assert_no_error (error);
  g_assert_nonnull (domain);
  return uns_catalog_lookup_domain (catalog, domain);
}

static void
assert_registrable (UnsCatalog *catalog,
                    const char *hostname,
                    const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = uns_catalog_registrable_domain (catalog, hostname, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (domain, ==, expected);
}

static void
assert_no_registrable (UnsCatalog *catalog,
                       const char *hostname)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = uns_catalog_registrable_domain (catalog, hostname, &error);

  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
  g_assert_null (domain);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

/* ---- Apps ---- */

static void
test_lookup_app_id (Fixture       *fixture,
                    gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;

  /* Discord: Flatpak id, desktop file, X11 class, snap desktop name. */
  assert_app (catalog, "com.discordapp.Discord", "discord");
  assert_app (catalog, "com.discordapp.Discord.desktop", "discord");
  assert_app (catalog, "discord.desktop", "discord");
  assert_app (catalog, "discord", "discord");
  assert_app (catalog, "Discord", "discord");
  assert_app (catalog, "DISCORD.DESKTOP", "discord");
  assert_app (catalog, "discord_discord.desktop", "discord");

  /* Telegram's Flatpak id ends in ".desktop" itself. */
  assert_app (catalog, "TelegramDesktop", "telegram");
  assert_app (catalog, "org.telegram.desktop", "telegram");
  assert_app (catalog, "org.telegram.desktop.desktop", "telegram");
  assert_app (catalog, "telegram-desktop", "telegram");

  assert_app (catalog, "org.signal.Signal", "signal");
  assert_app (catalog, "Signal", "signal");
  assert_app (catalog, "com.slack.Slack", "slack");
  assert_app (catalog, "slack_slack.desktop", "slack");
  assert_app (catalog, "io.freetubeapp.FreeTube", "youtube");
}

static void
test_lookup_app_snap (Fixture       *fixture,
                      gconstpointer  user_data)
{
  /* snapd names desktop files "<snap>_<app>": a listed snap matches
   * whatever its app is called. */
  assert_app (fixture->catalog, "telegram-desktop_telegram-desktop", "telegram");
  assert_app (fixture->catalog, "telegram-desktop_other-app.desktop", "telegram");
  assert_app (fixture->catalog, "slack_anything", "slack");
  /* Only snap names count, not every id before an underscore. */
  assert_app (fixture->catalog, "com.slack.Slack_x", NULL);
  assert_app (fixture->catalog, "_slack", NULL);
}

static void
test_lookup_app_unknown (Fixture       *fixture,
                         gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;
  g_autofree char *long_id = g_strnfill (4096, 'a');

  assert_app (catalog, "org.gnome.Calculator", NULL);
  assert_app (catalog, "org.gnome.Calculator.desktop", NULL);
  assert_app (catalog, "", NULL);
  assert_app (catalog, NULL, NULL);
  assert_app (catalog, ".desktop", NULL);
  assert_app (catalog, "discord.desktop.desktop", NULL);
  assert_app (catalog, "disc", NULL);
  assert_app (catalog, "\xff\xfe", NULL);
  assert_app (catalog, long_id, NULL);
  /* Browsers are not services: their time goes to the site. */
  assert_app (catalog, "firefox-esr", NULL);
}

static void
test_browsers (Fixture       *fixture,
               gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;

  g_assert_true (uns_catalog_is_browser (catalog, "firefox-esr"));
  g_assert_true (uns_catalog_is_browser (catalog, "firefox-esr.desktop"));
  g_assert_true (uns_catalog_is_browser (catalog, "Firefox-ESR"));
  g_assert_true (uns_catalog_is_browser (catalog, "firefox"));
  g_assert_true (uns_catalog_is_browser (catalog, "chromium"));
  g_assert_true (uns_catalog_is_browser (catalog, "chromium.desktop"));
  g_assert_true (uns_catalog_is_browser (catalog, "org.gnome.Epiphany"));
  /* Flathub builds and vendor packages. */
  g_assert_true (uns_catalog_is_browser (catalog, "org.mozilla.firefox"));
  g_assert_true (uns_catalog_is_browser (catalog, "org.chromium.Chromium"));
  g_assert_true (uns_catalog_is_browser (catalog, "com.google.Chrome"));
  g_assert_true (uns_catalog_is_browser (catalog, "com.brave.Browser"));
  g_assert_true (uns_catalog_is_browser (catalog, "brave-browser"));
  g_assert_true (uns_catalog_is_browser (catalog, "com.microsoft.Edge.desktop"));
  g_assert_true (uns_catalog_is_browser (catalog, "microsoft-edge"));
  g_assert_true (uns_catalog_is_browser (catalog, "com.vivaldi.Vivaldi"));
  g_assert_true (uns_catalog_is_browser (catalog, "vivaldi-stable"));

  g_assert_false (uns_catalog_is_browser (catalog, "discord"));
  g_assert_false (uns_catalog_is_browser (catalog, "org.gnome.Calculator"));
  g_assert_false (uns_catalog_is_browser (catalog, ""));
  g_assert_false (uns_catalog_is_browser (catalog, NULL));
}

/* ---- Domains ---- */

static void
test_registrable_domain (Fixture       *fixture,
                         gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;

  assert_registrable (catalog, "m.facebook.com", "facebook.com");
  assert_registrable (catalog, "facebook.com", "facebook.com");
  assert_registrable (catalog, "www.instagram.com", "instagram.com");
  assert_registrable (catalog, "www.bbc.co.uk", "bbc.co.uk");
  assert_registrable (catalog, "a.b.example.co.uk", "example.co.uk");
  assert_registrable (catalog, "WWW.Facebook.COM", "facebook.com");
  assert_registrable (catalog, "www.facebook.com.", "facebook.com");
  assert_registrable (catalog, "scontent.xx.fbcdn.net", "fbcdn.net");
  assert_registrable (catalog, "forum.example.org", "example.org");
  /* Unicode names become the ASCII form browsers report. */
  assert_registrable (catalog, "www.bücher.de", "xn--bcher-kva.de");
}

static void
test_registrable_domain_refused (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;
  g_autofree char *long_label = g_strnfill (64, 'a');
  g_autofree char *long_host = g_strconcat (long_label, ".com", NULL);

  assert_no_registrable (catalog, "");
  assert_no_registrable (catalog, NULL);
  assert_no_registrable (catalog, "co.uk");
  assert_no_registrable (catalog, "com");
  assert_no_registrable (catalog, "uk.");
  assert_no_registrable (catalog, "192.168.1.1");
  assert_no_registrable (catalog, "192.168.1.1.");
  assert_no_registrable (catalog, "::1");
  assert_no_registrable (catalog, "[::1]");
  assert_no_registrable (catalog, "localhost");
  assert_no_registrable (catalog, ".");
  assert_no_registrable (catalog, "a..example.com");
  assert_no_registrable (catalog, ".example.com");
  assert_no_registrable (catalog, "exa mple.com");
  assert_no_registrable (catalog, "https://example.com/");
  assert_no_registrable (catalog, "example.com\n");
  assert_no_registrable (catalog, "\xff.example.com");
  assert_no_registrable (catalog, long_host);
}

static void
test_registrable_domain_messages (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *domain = NULL;

  domain = uns_catalog_registrable_domain (fixture->catalog, "co.uk", &error);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "co.uk"));
  g_assert_nonnull (strstr (error->message, "no registrable domain"));
  g_clear_error (&error);

  domain = uns_catalog_registrable_domain (fixture->catalog, "10.0.0.1", &error);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "no registrable domain"));
}

static void
test_lookup_domain (Fixture       *fixture,
                    gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;
  const UnsService *service;

  service = service_for_host (catalog, "m.facebook.com");
  g_assert_nonnull (service);
  g_assert_cmpstr (service->id, ==, "facebook");
  g_assert_cmpstr (service->category, ==, "social");

  g_assert_cmpstr (service_for_host (catalog, "www.instagram.com")->id, ==, "instagram");
  g_assert_cmpstr (service_for_host (catalog, "twitter.com")->id, ==, "x");
  g_assert_cmpstr (service_for_host (catalog, "old.reddit.com")->id, ==, "reddit");
  g_assert_cmpstr (service_for_host (catalog, "www.pinterest.co.uk")->id, ==, "pinterest");
  g_assert_cmpstr (service_for_host (catalog, "discord.com")->id, ==, "discord");

  g_assert_null (uns_catalog_lookup_domain (catalog, "example.org"));
  g_assert_null (uns_catalog_lookup_domain (catalog, ""));
  g_assert_null (uns_catalog_lookup_domain (catalog, NULL));
  /* Exact: a subdomain must be reduced first. */
  g_assert_null (uns_catalog_lookup_domain (catalog, "www.facebook.com"));
}

static void
test_lookup_domain_unattributed (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;

  /* CDNs also load for embeds on other sites. */
  g_assert_null (service_for_host (catalog, "scontent.xx.fbcdn.net"));
  g_assert_null (service_for_host (catalog, "pbs.twimg.com"));
  g_assert_null (service_for_host (catalog, "i.ytimg.com"));
  /* Short links are redirects, not time spent. */
  g_assert_null (service_for_host (catalog, "t.co"));
  g_assert_null (service_for_host (catalog, "youtu.be"));
  g_assert_null (service_for_host (catalog, "redd.it"));
  /* The Meta SDK loads on third-party sites. */
  g_assert_null (service_for_host (catalog, "connect.facebook.net"));
  /* Shared CDNs carry everyone's traffic. */
  g_assert_null (service_for_host (catalog, "scontent.fbcdn.net.akamaihd.net"));
  g_assert_null (service_for_host (catalog, "twitter.map.fastly.net"));
  g_assert_null (service_for_host (catalog, "d1.cloudfront.net"));
}

static void
test_lookup_domain_youtube (Fixture       *fixture,
                            gconstpointer  user_data)
{
  const UnsService *service = service_for_host (fixture->catalog, "www.youtube.com");

  /* Shorts differ from YouTube only by URL path, which is never seen. */
  g_assert_nonnull (service);
  g_assert_cmpstr (service->id, ==, "youtube");
  g_assert_cmpstr (service_for_host (fixture->catalog, "m.youtube.com")->id, ==, "youtube");
  g_assert_null (uns_catalog_get_service (fixture->catalog, "youtube_shorts"));
}

static void
test_single_source_hidden (Fixture       *fixture,
                           gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;
  g_autoptr(GPtrArray) services = uns_catalog_list_services (catalog);

  g_assert_null (service_for_host (catalog, "bereal.com"));
  g_assert_null (service_for_host (catalog, "www.bereal.com"));
  g_assert_null (service_for_host (catalog, "truthsocial.com"));
  g_assert_null (service_for_host (catalog, "line.me"));
  g_assert_null (uns_catalog_get_service (catalog, "bereal"));

  for (guint i = 0; i < services->len; i++)
    {
      const UnsService *service = g_ptr_array_index (services, i);

      g_assert_cmpstr (service->id, !=, "bereal");
      g_assert_cmpstr (service->id, !=, "truthsocial");
      g_assert_cmpstr (service->id, !=, "youtube_shorts");
    }
}

/* ---- Services and categories ---- */

static void
test_services_list (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GPtrArray) services = uns_catalog_list_services (fixture->catalog);
  gboolean found_discord = FALSE;

  g_assert_cmpuint (services->len, >=, 20);
  for (guint i = 0; i < services->len; i++)
    {
      const UnsService *service = g_ptr_array_index (services, i);

      g_assert_false (service->user_defined);
      g_assert_nonnull (uns_catalog_get_category_name (fixture->catalog, service->category));
      g_assert_true (uns_catalog_get_service (fixture->catalog, service->id) == service);
      if (i > 0)
        {
          const UnsService *previous = g_ptr_array_index (services, i - 1);
          g_assert_cmpint (g_utf8_collate (previous->name, service->name), <=, 0);
        }
      if (g_str_equal (service->id, "discord"))
        {
          found_discord = TRUE;
          g_assert_true (g_strv_contains ((const char * const *) service->domains, "discord.com"));
          g_assert_true (g_strv_contains ((const char * const *) service->app_ids, "com.discordapp.Discord"));
        }
    }
  g_assert_true (found_discord);
  g_assert_null (uns_catalog_get_service (fixture->catalog, "nope"));
  g_assert_null (uns_catalog_get_service (fixture->catalog, NULL));
}

static void
test_categories (Fixture       *fixture,
                 gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;
  g_autoptr(GPtrArray) categories = uns_catalog_list_categories (catalog);
  const char *expected[] = { "social", "video", "messaging", "forum", "professional", "work", "other" };
  const UnsCategory *last;

  g_assert_cmpuint (categories->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < categories->len; i++)
    {
      const UnsCategory *category = g_ptr_array_index (categories, i);

      g_assert_cmpstr (category->id, ==, expected[i]);
      g_assert_cmpstr (uns_catalog_get_category_name (catalog, category->id), ==, category->name);
    }
  last = g_ptr_array_index (categories, categories->len - 1);
  g_assert_cmpstr (last->name, ==, "Other");

  g_assert_cmpstr (uns_catalog_get_category_name (catalog, "social"), ==, "Social networks");
  g_assert_cmpstr (uns_catalog_get_category_name (catalog, "work"), ==, "Work chat");
  g_assert_cmpstr (uns_catalog_get_category_name (catalog, "other"), ==, "Other");
  g_assert_null (uns_catalog_get_category_name (catalog, "nope"));
  g_assert_null (uns_catalog_get_category_name (catalog, NULL));
}

/* ---- The shipped file ---- */

static JsonObject *
read_shipped_json (JsonParser *parser)
{
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, shipped_catalog_path (), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_shipped_invariants (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const char *shared_cdns[] = {
    "akamaihd.net", "edgekey.net", "edgesuite.net", "fastly.net",
    "cloudfront.net", "amazonaws.com", "a2z.com",
  };
  UnsCatalog *catalog = fixture->catalog;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root = read_shipped_json (parser);
  JsonArray *services = json_object_get_array_member (root, "services");
  JsonArray *browsers = json_object_get_array_member (root, "browsers");
  guint n_shown = 0;

  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_nonnull (json_object_get_string_member (root, "last_checked"));

  for (guint i = 0; i < json_array_get_length (services); i++)
    {
      JsonObject *object = json_array_get_object_element (services, i);
      const char *id = json_object_get_string_member (object, "id");
      gboolean shown = json_object_get_boolean_member (object, "shown");
      JsonArray *sources = json_object_get_array_member (object, "source");
      JsonArray *domains = json_object_get_array_member (object, "domains");
      JsonArray *app_ids = json_object_get_array_member (object, "app_ids");
      const UnsService *service = uns_catalog_get_service (catalog, id);

      g_test_message ("service %s", id);
      g_assert_cmpuint (json_array_get_length (sources), >=, 1);

      if (shown)
        {
          n_shown++;
          g_assert_cmpstr (json_object_get_string_member (object, "verification"), ==,
                           "two_or_more_sources");
          g_assert_nonnull (service);
        }
      else
        g_assert_null (service);

      if (g_str_equal (id, "youtube_shorts"))
        {
          g_assert_false (shown);
          g_assert_cmpuint (json_array_get_length (domains), ==, 0);
          g_assert_true (json_object_has_member (object, "notes"));
        }

      for (guint j = 0; j < json_array_get_length (domains); j++)
        {
          const char *domain = json_array_get_string_element (domains, j);

          /* Each listed domain is its own registrable domain. */
          assert_registrable (catalog, domain, domain);
          for (guint k = 0; k < G_N_ELEMENTS (shared_cdns); k++)
            g_assert_cmpstr (domain, !=, shared_cdns[k]);
          if (shown)
            g_assert_true (uns_catalog_lookup_domain (catalog, domain) == service);
        }

      for (guint j = 0; j < json_array_get_length (app_ids); j++)
        {
          JsonObject *app = json_array_get_object_element (app_ids, j);
          const char *app_id = json_object_get_string_member (app, "id");

          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (app, "source")), >=, 1);
          if (shown)
            g_assert_true (uns_catalog_lookup_app (catalog, app_id) == service);
        }

      if (json_object_has_member (object, "unattributed_domains"))
        {
          JsonArray *unattributed = json_object_get_array_member (object, "unattributed_domains");

          for (guint j = 0; j < json_array_get_length (unattributed); j++)
            {
              JsonObject *entry = json_array_get_object_element (unattributed, j);
              const char *domain = json_object_get_string_member (entry, "domain");
              const char *kind = json_object_get_string_member (entry, "kind");

              /* youtube.com is recorded under Shorts as shared, and counts
               * as YouTube. */
              if (g_str_equal (kind, "shared_with_another_service"))
                continue;
              g_assert_null (uns_catalog_lookup_domain (catalog, domain));
            }
        }
    }
  g_assert_cmpuint (n_shown, >=, 20);

  g_assert_cmpuint (json_array_get_length (browsers), >=, 3);
  for (guint i = 0; i < json_array_get_length (browsers); i++)
    {
      JsonObject *object = json_array_get_object_element (browsers, i);
      JsonArray *app_ids = json_object_get_array_member (object, "app_ids");

      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "source")), >=, 1);
      for (guint j = 0; j < json_array_get_length (app_ids); j++)
        {
          JsonObject *app = json_array_get_object_element (app_ids, j);

          g_assert_cmpuint (json_array_get_length (json_object_get_array_member (app, "source")), >=, 1);
          g_assert_true (uns_catalog_is_browser (catalog, json_object_get_string_member (app, "id")));
        }
    }
}

/* ---- The user's own services ---- */

static void
test_user_add (Fixture       *fixture,
               gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;
  const char *app_ids[] = { "org.example.Forum", "ExampleForum.desktop", NULL };
  const char *domains[] = { "forum.example.org", "www.example.org", "https-less.example.net", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) services = NULL;
  const UnsService *service;
  gboolean listed = FALSE;

  g_assert_true (uns_catalog_add_user_service (catalog, "my-forum_1", "My forum", "forum",
                                               app_ids, domains, &error));
  g_assert_no_error (error);

  service = uns_catalog_get_service (catalog, "my-forum_1");
  g_assert_nonnull (service);
  g_assert_true (service->user_defined);
  g_assert_cmpstr (service->name, ==, "My forum");
  g_assert_cmpstr (service->category, ==, "forum");
  /* Reduced to registrable domains, duplicates folded. */
  g_assert_cmpuint (g_strv_length (service->domains), ==, 2);
  g_assert_cmpstr (service->domains[0], ==, "example.org");
  g_assert_cmpstr (service->domains[1], ==, "example.net");
  g_assert_cmpuint (g_strv_length (service->app_ids), ==, 2);

  g_assert_true (uns_catalog_lookup_domain (catalog, "example.org") == service);
  g_assert_true (service_for_host (catalog, "a.example.net") == service);
  g_assert_true (uns_catalog_lookup_app (catalog, "org.example.forum") == service);
  g_assert_true (uns_catalog_lookup_app (catalog, "exampleforum") == service);
  g_assert_true (uns_catalog_lookup_app (catalog, "ExampleForum.desktop") == service);

  services = uns_catalog_list_services (catalog);
  for (guint i = 0; i < services->len; i++)
    {
      if (g_ptr_array_index (services, i) == service)
        listed = TRUE;
    }
  g_assert_true (listed);

  /* Only app ids, or only domains, are enough. */
  g_assert_true (uns_catalog_add_user_service (catalog, "apps-only", "Apps only", "video",
                                               app_ids + 1, NULL, &error) == FALSE);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_EXISTS);
  g_clear_error (&error);
  {
    const char *only_app[] = { "org.example.Other", NULL };
    const char *only_domain[] = { "example.com", NULL };

    g_assert_true (uns_catalog_add_user_service (catalog, "apps-only", "Apps only", "video",
                                                 only_app, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (uns_catalog_add_user_service (catalog, "sites-only", "Sites only", "social",
                                                 NULL, only_domain, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (uns_catalog_lookup_app (catalog, "org.example.Other")->id, ==, "apps-only");
    g_assert_cmpstr (uns_catalog_lookup_domain (catalog, "example.com")->id, ==, "sites-only");
  }
}

static void
test_user_replace (Fixture       *fixture,
                   gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;
  const char *first_apps[] = { "org.example.Old", NULL };
  const char *first_domains[] = { "old.example", "kept.example", NULL };
  const char *second_apps[] = { "org.example.New", NULL };
  const char *second_domains[] = { "new.example", "kept.example", NULL };
  g_autoptr(GError) error = NULL;
  const UnsService *service;

  g_assert_true (uns_catalog_add_user_service (catalog, "mine", "Mine", "social",
                                               first_apps, first_domains, &error));
  g_assert_no_error (error);

  /* The same id again replaces it; its own app ids and domains are not a
   * conflict. */
  g_assert_true (uns_catalog_add_user_service (catalog, "mine", "Mine again", "video",
                                               second_apps, second_domains, &error));
  g_assert_no_error (error);

  service = uns_catalog_get_service (catalog, "mine");
  g_assert_nonnull (service);
  g_assert_cmpstr (service->name, ==, "Mine again");
  g_assert_cmpstr (service->category, ==, "video");
  g_assert_null (uns_catalog_lookup_app (catalog, "org.example.Old"));
  g_assert_null (uns_catalog_lookup_domain (catalog, "old.example"));
  g_assert_true (uns_catalog_lookup_app (catalog, "org.example.New") == service);
  g_assert_true (uns_catalog_lookup_domain (catalog, "new.example") == service);
  g_assert_true (uns_catalog_lookup_domain (catalog, "kept.example") == service);

  /* Another user service may not take what this one claims. */
  g_assert_false (uns_catalog_add_user_service (catalog, "theirs", "Theirs", "social",
                                                second_apps, NULL, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_EXISTS);
  g_assert_nonnull (strstr (error->message, "Mine again"));
}

static void
test_user_remove (Fixture       *fixture,
                  gconstpointer  user_data)
{
  UnsCatalog *catalog = fixture->catalog;
  const char *apps[] = { "org.example.Gone", NULL };
  const char *domains[] = { "gone.example", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (uns_catalog_add_user_service (catalog, "gone", "Gone", "social",
                                               apps, domains, &error));
  g_assert_no_error (error);
  g_assert_true (uns_catalog_remove_user_service (catalog, "gone", &error));
  g_assert_no_error (error);

  g_assert_null (uns_catalog_get_service (catalog, "gone"));
  g_assert_null (uns_catalog_lookup_app (catalog, "org.example.Gone"));
  g_assert_null (uns_catalog_lookup_domain (catalog, "gone.example"));

  g_assert_false (uns_catalog_remove_user_service (catalog, "gone", &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Built-in services stay. */
  g_assert_false (uns_catalog_remove_user_service (catalog, "discord", &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_nonnull (uns_catalog_get_service (catalog, "discord"));

  g_assert_false (uns_catalog_remove_user_service (catalog, "\xff", &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_clear_error (&error);
  g_assert_false (uns_catalog_remove_user_service (catalog, NULL, &error));
  g_assert_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The freed app id and domain can be claimed again. */
  g_assert_true (uns_catalog_add_user_service (catalog, "back", "Back", "social",
                                               apps, domains, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *id;
  const char *name;
  const char *category;
  const char *app_id;  /* (nullable) the one app id, if any */
  const char *domain;  /* (nullable) the one domain, if any */
  UnsError    code;
  const char *message; /* a part the message must contain */
} UserCase;

static void
assert_user_refused (UnsCatalog     *catalog,
                     const UserCase *user_case)
{
  const char *app_ids[] = { user_case->app_id, NULL };
  const char *domains[] = { user_case->domain, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = uns_catalog_list_services (catalog);
  g_autoptr(GPtrArray) after = NULL;

  /* The cases hold invalid UTF-8 on purpose: only the expectation is
   * printed, as TAP output must be text. */
  g_test_message ("case expecting “%s”", user_case->message);
  g_assert_false (uns_catalog_add_user_service (catalog, user_case->id, user_case->name,
                                                user_case->category, app_ids, domains, &error));
  g_assert_error (error, UNS_ERROR, (gint) user_case->code);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_nonnull (strstr (error->message, user_case->message));

  /* A refused service leaves nothing behind. */
  after = uns_catalog_list_services (catalog);
  g_assert_cmpuint (before->len, ==, after->len);
}

static void
test_user_invalid (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autofree char *id_65 = g_strnfill (65, 'a');
  g_autofree char *id_64 = g_strnfill (64, 'a');
  g_autofree char *name_101 = g_strnfill (101, 'n');
  g_autofree char *name_100 = g_strnfill (100, 'n');
  g_autofree char *app_256 = g_strnfill (256, 'p');
  g_autofree char *app_255 = g_strnfill (255, 'p');
  const UserCase cases[] = {
    /* ids */
    { "", "N", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service id" },
    { NULL, "N", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service id" },
    { "Has Caps", "N", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service id" },
    { "dot.ted", "N", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service id" },
    { "é", "N", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service id" },
    { id_65, "N", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service id" },
    { "discord", "N", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "built-in" },
    /* Hidden built-in ids are still built-in ids. */
    { "bereal", "N", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "built-in" },
    /* names */
    { "ok", "", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service name" },
    { "ok", NULL, "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service name" },
    { "ok", "   ", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service name" },
    { "ok", name_101, "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service name" },
    { "ok", "tab\there", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service name" },
    { "ok", "bad \xff utf8", "social", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "service name" },
    /* categories */
    { "ok", "N", "nope", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "not a category" },
    { "ok", "N", NULL, "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "category" },
    { "ok", "N", "\xff", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "category" },
    { "ok", "N", "other", "org.x.A", NULL, UNS_ERROR_INVALID_ARGUMENT, "other" },
    /* nothing to match */
    { "ok", "N", "social", NULL, NULL, UNS_ERROR_INVALID_ARGUMENT, "at least one" },
    /* app ids */
    { "ok", "N", "social", "", NULL, UNS_ERROR_INVALID_ARGUMENT, "app id" },
    { "ok", "N", "social", "a/b", NULL, UNS_ERROR_INVALID_ARGUMENT, "app id" },
    { "ok", "N", "social", "a\nb", NULL, UNS_ERROR_INVALID_ARGUMENT, "app id" },
    { "ok", "N", "social", "\xff", NULL, UNS_ERROR_INVALID_ARGUMENT, "app id" },
    { "ok", "N", "social", app_256, NULL, UNS_ERROR_INVALID_ARGUMENT, "app id" },
    { "ok", "N", "social", ".desktop", NULL, UNS_ERROR_INVALID_ARGUMENT, ".desktop" },
    /* domains */
    { "ok", "N", "social", NULL, "co.uk", UNS_ERROR_INVALID_ARGUMENT, "public suffix" },
    { "ok", "N", "social", NULL, "", UNS_ERROR_INVALID_ARGUMENT, "registrable" },
    { "ok", "N", "social", NULL, "1.2.3.4", UNS_ERROR_INVALID_ARGUMENT, "IP address" },
    { "ok", "N", "social", NULL, "not a host", UNS_ERROR_INVALID_ARGUMENT, "not a valid" },
    /* claimed by a built-in service, named in the message */
    { "ok", "N", "social", "DISCORD.desktop", NULL, UNS_ERROR_EXISTS, "Discord" },
    { "ok", "N", "social", "org.telegram.desktop", NULL, UNS_ERROR_EXISTS, "Telegram" },
    { "ok", "N", "social", NULL, "www.youtube.com", UNS_ERROR_EXISTS, "YouTube" },
    { "ok", "N", "social", NULL, "m.facebook.com", UNS_ERROR_EXISTS, "Facebook" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_user_refused (fixture->catalog, &cases[i]);

  /* The limits themselves are accepted. */
  {
    const char *apps[] = { app_255, NULL };
    g_autoptr(GError) error = NULL;

    g_assert_true (uns_catalog_add_user_service (fixture->catalog, id_64, name_100, "work",
                                                 apps, NULL, &error));
    g_assert_no_error (error);
  }
}

static void
test_user_unattributed_allowed (Fixture       *fixture,
                                gconstpointer  user_data)
{
  /* CDNs and hidden services' domains belong to no service, so a person may
   * claim them for a service of their own. */
  const char *domains[] = { "bereal.com", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (uns_catalog_add_user_service (fixture->catalog, "my-bereal", "BeReal", "social",
                                               NULL, domains, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (service_for_host (fixture->catalog, "bereal.com")->id, ==, "my-bereal");
}

/* ---- Malformed catalog files ---- */

#define CATS_OK "[{\"id\":\"social\",\"name\":\"Social\"}]"
#define SERVICE(id, name, category, domains, app_ids, verification, shown, source) \
  "{\"id\":" id ",\"name\":" name ",\"category\":" category ",\"domains\":" domains \
  ",\"app_ids\":" app_ids ",\"verification\":" verification ",\"shown\":" shown \
  ",\"source\":" source "}"
#define SERVICE_OK SERVICE ("\"a\"", "\"A\"", "\"social\"", "[\"a.example\"]", \
                            "[{\"id\":\"org.a.A\",\"kinds\":[\"flatpak\"]}]", \
                            "\"two_or_more_sources\"", "true", "[\"x\"]")
#define BROWSERS_OK "[{\"id\":\"b\",\"name\":\"B\",\"app_ids\":[{\"id\":\"b-browser\"}],\"source\":[\"y\"]}]"
#define CATALOG(categories, services, browsers) \
  "{\"version\":1,\"categories\":" categories ",\"services\":" services ",\"browsers\":" browsers "}"

typedef struct
{
  const char *test_path;
  const char *content;
  const char *message; /* a part the error message must contain */
} MalformedCase;

static const MalformedCase malformed_cases[] = {
  { "/catalog/malformed/empty", "", "empty" },
  { "/catalog/malformed/blank", " \n\t\n", "empty" },
  { "/catalog/malformed/not-json", "this is not JSON", "not JSON" },
  { "/catalog/malformed/truncated", "{\"version\":1,\"categories\":[", "not JSON" },
  { "/catalog/malformed/top-level-array", "[]", "top level" },
  { "/catalog/malformed/top-level-string", "\"catalog\"", "top level" },
  { "/catalog/malformed/no-version", "{}", "version" },
  { "/catalog/malformed/version-string", "{\"version\":\"1\"}", "version" },
  { "/catalog/malformed/version-float", "{\"version\":1.5}", "version" },
  { "/catalog/malformed/version-2",
    "{\"version\":2,\"categories\":" CATS_OK ",\"services\":[],\"browsers\":[]}", "version 2" },
  { "/catalog/malformed/no-categories", "{\"version\":1}", "categories" },
  { "/catalog/malformed/categories-object", CATALOG ("{}", "[]", "[]"), "categories" },
  { "/catalog/malformed/categories-empty", CATALOG ("[]", "[]", "[]"), "no categories" },
  { "/catalog/malformed/category-number", CATALOG ("[1]", "[]", "[]"), "categories[0]" },
  { "/catalog/malformed/category-id-number",
    CATALOG ("[{\"id\":1,\"name\":\"x\"}]", "[]", "[]"), "“id”" },
  { "/catalog/malformed/category-no-name", CATALOG ("[{\"id\":\"x\"}]", "[]", "[]"), "“name”" },
  { "/catalog/malformed/category-other",
    CATALOG ("[{\"id\":\"other\",\"name\":\"x\"}]", "[]", "[]"), "reserved" },
  { "/catalog/malformed/category-twice",
    CATALOG ("[{\"id\":\"x\",\"name\":\"x\"},{\"id\":\"x\",\"name\":\"y\"}]", "[]", "[]"), "twice" },
  { "/catalog/malformed/no-services",
    "{\"version\":1,\"categories\":" CATS_OK ",\"browsers\":[]}", "services" },
  { "/catalog/malformed/services-string", CATALOG (CATS_OK, "\"s\"", "[]"), "services" },
  { "/catalog/malformed/service-null", CATALOG (CATS_OK, "[null]", "[]"), "services[0]" },
  { "/catalog/malformed/service-empty", CATALOG (CATS_OK, "[{}]", "[]"), "“id”" },
  { "/catalog/malformed/service-bad-id",
    CATALOG (CATS_OK, "[" SERVICE ("\"A B\"", "\"A\"", "\"social\"", "[]", "[]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "invalid id" },
  { "/catalog/malformed/service-name-number",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "7", "\"social\"", "[]", "[]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "“name”" },
  { "/catalog/malformed/service-unknown-category",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"nope\"", "[]", "[]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "category" },
  { "/catalog/malformed/service-category-other",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"other\"", "[]", "[]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "category" },
  { "/catalog/malformed/service-shown-string",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[]", "[]",
                                   "\"two_or_more_sources\"", "\"yes\"", "[\"x\"]") "]", "[]"),
    "shown" },
  { "/catalog/malformed/service-verification-unknown",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[]", "[]",
                                   "\"trust me\"", "true", "[\"x\"]") "]", "[]"),
    "verification" },
  { "/catalog/malformed/service-no-source",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[]", "[]",
                                   "\"two_or_more_sources\"", "true", "[]") "]", "[]"),
    "no source" },
  { "/catalog/malformed/service-source-number",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[]", "[]",
                                   "\"two_or_more_sources\"", "true", "[3]") "]", "[]"),
    "“source”" },
  { "/catalog/malformed/domains-object",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "{}", "[]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "“domains”" },
  { "/catalog/malformed/domain-number",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[1]", "[]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "“domains”" },
  { "/catalog/malformed/domain-upper-case",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[\"Example.COM\"]", "[]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "Example.COM" },
  { "/catalog/malformed/domain-url",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[\"https://a.example/\"]", "[]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "domain name" },
  { "/catalog/malformed/domain-ip",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[\"192.168.0.1\"]", "[]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "domain name" },
  { "/catalog/malformed/app-ids-strings",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[]", "[\"discord\"]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "app_ids[0]" },
  { "/catalog/malformed/app-id-slash",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[]", "[{\"id\":\"a/b\"}]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "invalid id" },
  { "/catalog/malformed/app-id-kinds-string",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[]",
                                   "[{\"id\":\"a\",\"kinds\":\"snap\"}]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "“kinds”" },
  { "/catalog/malformed/app-id-twice",
    CATALOG (CATS_OK, "[" SERVICE ("\"a\"", "\"A\"", "\"social\"", "[]",
                                   "[{\"id\":\"a\"},{\"id\":\"A\"}]",
                                   "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "repeats" },
  { "/catalog/malformed/unattributed-string",
    CATALOG (CATS_OK, "[{\"id\":\"a\",\"name\":\"A\",\"category\":\"social\",\"domains\":[],"
                      "\"app_ids\":[],\"verification\":\"single_source\",\"shown\":false,"
                      "\"source\":[\"x\"],\"unattributed_domains\":\"cdn.example\"}]", "[]"),
    "unattributed_domains" },
  { "/catalog/malformed/service-twice",
    CATALOG (CATS_OK, "[" SERVICE_OK "," SERVICE_OK "]", "[]"), "twice" },
  { "/catalog/malformed/domain-two-services",
    CATALOG (CATS_OK, "[" SERVICE_OK ","
             SERVICE ("\"b\"", "\"B\"", "\"social\"", "[\"a.example\"]", "[]",
                      "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "a.example" },
  { "/catalog/malformed/app-two-services",
    CATALOG (CATS_OK, "[" SERVICE_OK ","
             SERVICE ("\"b\"", "\"B\"", "\"social\"", "[]", "[{\"id\":\"ORG.A.A\"}]",
                      "\"two_or_more_sources\"", "true", "[\"x\"]") "]", "[]"),
    "ORG.A.A" },
  { "/catalog/malformed/no-browsers",
    "{\"version\":1,\"categories\":" CATS_OK ",\"services\":[]}", "browsers" },
  { "/catalog/malformed/browser-no-app-ids",
    CATALOG (CATS_OK, "[]", "[{\"id\":\"b\",\"name\":\"B\"}]"), "app_ids" },
  { "/catalog/malformed/browser-app-id-number",
    CATALOG (CATS_OK, "[]", "[{\"id\":\"b\",\"name\":\"B\",\"app_ids\":[{\"id\":5}]}]"), "“id”" },
  { "/catalog/malformed/browser-is-service",
    CATALOG (CATS_OK, "[" SERVICE_OK "]",
             "[{\"id\":\"b\",\"name\":\"B\",\"app_ids\":[{\"id\":\"org.a.A\"}]}]"), "also listed" },
};

static char *
write_catalog (Fixture    *fixture,
               const char *content,
               gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->tmpdir, "catalog.json", NULL);

  g_file_set_contents (path, content, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_load_fails (Fixture    *fixture,
                   const char *content,
                   gssize      length,
                   const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_catalog (fixture, content, length);
  g_autoptr(UnsCatalog) catalog = uns_catalog_new_from_file (path, &error);

  g_assert_null (catalog);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_FAILED);
  g_test_message ("message: %s", error->message);
  /* The message names the file, so whoever reads the log can find it. */
  g_assert_nonnull (strstr (error->message, path));
  if (message != NULL)
    g_assert_nonnull (strstr (error->message, message));
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  user_data)
{
  const MalformedCase *malformed = user_data;

  assert_load_fails (fixture, malformed->content, -1, malformed->message);
}

static void
test_load_minimal (Fixture       *fixture,
                   gconstpointer  user_data)
{
  /* The base the malformed cases break: it must load as it is. */
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_catalog (fixture, CATALOG (CATS_OK, "[" SERVICE_OK "]", BROWSERS_OK), -1);
  g_autoptr(UnsCatalog) catalog = uns_catalog_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  assert_app (catalog, "org.a.a", "a");
  g_assert_cmpstr (uns_catalog_lookup_domain (catalog, "a.example")->id, ==, "a");
  g_assert_true (uns_catalog_is_browser (catalog, "b-browser"));
}

static void
test_load_missing_file (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->tmpdir, "absent.json", NULL);
  g_autoptr(UnsCatalog) catalog = uns_catalog_new_from_file (path, &error);

  g_assert_null (catalog);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "absent.json"));
}

static void
test_malformed_nul_byte (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const char content[] = CATALOG (CATS_OK, "[]", "[]") "\0garbage";

  assert_load_fails (fixture, content, sizeof content - 1, "NUL");
}

static void
test_malformed_deep_nesting (Fixture       *fixture,
                             gconstpointer  user_data)
{
  /* json-glib 1.6 overflows the stack around 100,000 levels. */
  g_autoptr(GString) content = g_string_new ("{\"version\":1,\"categories\":");

  for (guint i = 0; i < 200000; i++)
    g_string_append_c (content, '[');
  assert_load_fails (fixture, content->str, (gssize) content->len, "nested");

  /* Brackets inside strings do not count. */
  g_string_assign (content, "{\"version\":1,\"categories\":[{\"id\":\"s\",\"name\":\"");
  for (guint i = 0; i < 1000; i++)
    g_string_append (content, "[{");
  g_string_append (content, "\"}],\"services\":[],\"browsers\":[]}");
  assert_load_fails (fixture, content->str, (gssize) content->len, "invalid name");
}

/* Truncations and byte flips of the real file: every result is a catalog
 * or an error, never a crash. */
static void
test_malformed_mutations (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *original = NULL;
  gsize len = 0;
  GRand *rand = g_rand_new_with_seed (20261123);
  guint n_errors = 0;

  g_file_get_contents (shipped_catalog_path (), &original, &len, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 400; i++)
    {
      g_autofree char *mutated = g_memdup2 (original, len);
      g_autofree char *path = NULL;
      g_autoptr(UnsCatalog) catalog = NULL;
      gsize mutated_len = len;

      if (i % 2 == 0)
        mutated_len = g_rand_int_range (rand, 0, (gint32) len);
      else
        {
          const char bytes[] = "{}[]\",:0a\\\xff \x01";
          for (guint j = 0; j < 3; j++)
            mutated[g_rand_int_range (rand, 0, (gint32) len)] =
              bytes[g_rand_int_range (rand, 0, sizeof bytes - 1)];
        }

      path = write_catalog (fixture, mutated, (gssize) mutated_len);
      catalog = uns_catalog_new_from_file (path, &error);
      g_assert_true ((catalog == NULL) == (error != NULL));
      if (error != NULL)
        {
          g_assert_error (error, UNS_ERROR, UNS_ERROR_FAILED);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          n_errors++;
        }
      g_clear_error (&error);
    }
  g_rand_free (rand);
  /* Every truncation is caught, so at least half fail. */
  g_assert_cmpuint (n_errors, >=, 200);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/catalog/lookup/app-id", test_lookup_app_id);
  ADD ("/catalog/lookup/app-id-snap", test_lookup_app_snap);
  ADD ("/catalog/lookup/app-id-unknown", test_lookup_app_unknown);
  ADD ("/catalog/lookup/browser", test_browsers);
  ADD ("/catalog/registrable/reduce", test_registrable_domain);
  ADD ("/catalog/registrable/refused", test_registrable_domain_refused);
  ADD ("/catalog/registrable/messages", test_registrable_domain_messages);
  ADD ("/catalog/lookup/domain", test_lookup_domain);
  ADD ("/catalog/lookup/domain-unattributed", test_lookup_domain_unattributed);
  ADD ("/catalog/lookup/domain-youtube-not-shorts", test_lookup_domain_youtube);
  ADD ("/catalog/lookup/single-source-hidden", test_single_source_hidden);
  ADD ("/catalog/services/list", test_services_list);
  ADD ("/catalog/categories", test_categories);
  ADD ("/catalog/shipped/invariants", test_shipped_invariants);
  ADD ("/catalog/user/add", test_user_add);
  ADD ("/catalog/user/replace", test_user_replace);
  ADD ("/catalog/user/remove", test_user_remove);
  ADD ("/catalog/user/invalid", test_user_invalid);
  ADD ("/catalog/user/unattributed-allowed", test_user_unattributed_allowed);
  ADD ("/catalog/load/minimal", test_load_minimal);
  ADD ("/catalog/load/missing-file", test_load_missing_file);
  ADD ("/catalog/malformed/nul-byte", test_malformed_nul_byte);
  ADD ("/catalog/malformed/deep-nesting", test_malformed_deep_nesting);
  ADD ("/catalog/malformed/mutations", test_malformed_mutations);

#undef ADD

  for (guint i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    g_test_add (malformed_cases[i].test_path, Fixture, &malformed_cases[i],
                fixture_set_up, test_malformed, fixture_tear_down);

  return g_test_run ();
}
