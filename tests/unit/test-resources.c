/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Tests the mental-health resources: the shipped file's shape, countries
 * from locales, what a country gets, malformed files, and the D-Bus
 * service on a private bus. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "uns-error.h"
#include "uns-resources-service.h"
#include "uns-resources.h"

#define RESOURCES_IFACE "io.github.Unscroll.Resources"

/* A folder for the whole run, holding the empty XDG folders that keep the
 * desktop's real URL handlers out of reach. */
static char *run_dir;

static const char *
shipped_path (void)
{
  const char *path = g_getenv ("UNSCROLL_RESOURCES");

  /* meson sets it; the fallback lets the binary run by hand too. */
  return path != NULL ? path : UNS_TEST_SRCDIR "/../../data/resources/resources.json";
}

typedef struct
{
  UnsResources *resources; /* (owned) the shipped file */
  char         *tmpdir;    /* (owned) */
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->resources = uns_resources_new_from_file (shipped_path (), &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->resources);

  fixture->tmpdir = g_dir_make_tmp ("unscroll-test-resources-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_assert_cmpint (g_remove (child), ==, 0);
    }
  g_assert_cmpint (g_rmdir (path), ==, 0);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->resources);
  if (fixture->tmpdir != NULL)
    remove_tree (fixture->tmpdir);
  g_clear_pointer (&fixture->tmpdir, g_free);
}

static gboolean
is_iso_date (const char *text)
{
  g_autoptr(GDateTime) parsed = NULL;
  g_autofree char *midnight = NULL;

  if (text == NULL || strlen (text) != 10)
    return FALSE;
  midnight = g_strdup_printf ("%sT00:00:00Z", text);
  parsed = g_date_time_new_from_iso8601 (midnight, NULL);
  return parsed != NULL;
}

/* ---- The shipped file, read without the loader ---- */

static void
assert_shown_entry (JsonObject *entry,
                    const char *where)
{
  JsonArray *sources;
  const char *url = NULL;
  gboolean has_contact = FALSE;

  g_test_message ("checking %s", where);
  g_assert_true (json_object_has_member (entry, "name"));
  g_assert_cmpstr (json_object_get_string_member (entry, "name"), !=, "");

  if (json_object_has_member (entry, "url"))
    url = json_object_get_string_member (entry, "url");
  if (url != NULL)
    g_assert_true (g_str_has_prefix (url, "https://"));
  has_contact = (json_object_has_member (entry, "phone") &&
                 json_object_get_string_member (entry, "phone") != NULL) ||
                (json_object_has_member (entry, "sms") &&
                 json_object_get_string_member (entry, "sms") != NULL) ||
                url != NULL;
  g_assert_true (has_contact);

  sources = json_object_get_array_member (entry, "sources");
  g_assert_nonnull (sources);
  g_assert_cmpuint (json_array_get_length (sources), >=, 2);
  for (guint i = 0; i < json_array_get_length (sources); i++)
    g_assert_cmpstr (json_array_get_string_element (sources, i), !=, "");

  g_assert_true (is_iso_date (json_object_get_string_member (entry, "last_checked")));
}

static void
assert_no_http (JsonObject *entry)
{
  if (json_object_has_member (entry, "url"))
    g_assert_false (g_str_has_prefix (json_object_get_string_member (entry, "url"), "http://"));
}

static void
test_shipped_shape (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) codes = NULL;
  JsonObject *root, *countries;
  JsonArray *international, *tips;
  guint n_shown = 0, n_fallbacks = 0;

  json_parser_load_from_file (parser, shipped_path (), &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));

  g_assert_cmpint (json_object_get_int_member (root, "version"), ==, 1);
  g_assert_true (is_iso_date (json_object_get_string_member (root, "last_checked")));
  g_assert_nonnull (strstr (json_object_get_string_member (root, "disclaimer"), "emergency"));

  countries = json_object_get_object_member (root, "countries");
  codes = json_object_get_members (countries);
  g_assert_cmpuint (g_list_length (codes), >=, 20);
  for (GList *l = codes; l != NULL; l = l->next)
    {
      JsonArray *entries = json_object_get_array_member (countries, l->data);

      g_assert_cmpuint (strlen (l->data), ==, 2);
      g_assert_true (g_ascii_isupper (((char *) l->data)[0]) && g_ascii_isupper (((char *) l->data)[1]));
      for (guint i = 0; i < json_array_get_length (entries); i++)
        {
          JsonObject *entry = json_array_get_object_element (entries, i);
          g_autofree char *where = g_strdup_printf ("countries.%s[%u]", (char *) l->data, i);

          assert_no_http (entry);
          g_assert_true (is_iso_date (json_object_get_string_member (entry, "last_checked")));
          if (json_object_get_boolean_member (entry, "verified"))
            {
              assert_shown_entry (entry, where);
              n_shown++;
            }
        }
    }
  g_assert_cmpuint (n_shown, >=, 50);

  international = json_object_get_array_member (root, "international");
  for (guint i = 0; i < json_array_get_length (international); i++)
    {
      JsonObject *entry = json_array_get_object_element (international, i);
      g_autofree char *where = g_strdup_printf ("international[%u]", i);

      assert_no_http (entry);
      if (json_object_get_boolean_member (entry, "fallback"))
        {
          g_assert_true (json_object_get_boolean_member (entry, "verified"));
          assert_shown_entry (entry, where);
          n_fallbacks++;
        }
    }
  g_assert_cmpuint (n_fallbacks, ==, 2);

  /* Tips are kept with their sources for later front ends. */
  tips = json_object_get_array_member (root, "tips");
  g_assert_cmpuint (json_array_get_length (tips), >, 0);
  for (guint i = 0; i < json_array_get_length (tips); i++)
    {
      JsonObject *tip = json_array_get_object_element (tips, i);

      g_assert_true (g_str_has_prefix (json_object_get_string_member (tip, "url"), "https://"));
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (tip, "sources")), >=, 1);
    }
}

/* The same rules, through the loader: everything it offers by default. */
static void
test_shipped_offered (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto(GStrv) countries = uns_resources_list_countries (fixture->resources);

  for (guint c = 0; countries[c] != NULL; c++)
    {
      g_autofree char *used = NULL;
      g_autoptr(GPtrArray) entries = uns_resources_lookup (fixture->resources, countries[c],
                                                           FALSE, &used);

      g_assert_cmpstr (used, ==, countries[c]);
      g_assert_cmpuint (entries->len, >, 0);
      for (guint i = 0; i < entries->len; i++)
        {
          const UnsResource *r = g_ptr_array_index (entries, i);

          g_assert_true (r->verified);
          g_assert_cmpstr (r->name, !=, "");
          g_assert_true (r->phone != NULL || r->sms != NULL || r->url != NULL);
          if (r->url != NULL)
            g_assert_true (g_str_has_prefix (r->url, "https://"));
          g_assert_cmpuint (g_strv_length (r->sources), >=, 2);
          g_assert_true (is_iso_date (r->last_checked));
          /* Crisis lines first, then support, then information. */
          if (i > 0)
            g_assert_cmpint (((const UnsResource *) g_ptr_array_index (entries, i - 1))->kind, <=, r->kind);
        }
    }
}

static void
test_shipped_partly_verified (Fixture       *fixture,
                              gconstpointer  user_data)
{
  /* The Trevor Project's phone is confirmed twice, its text number once:
   * the entry is offered, without the text number. */
  g_autoptr(GPtrArray) entries = uns_resources_lookup (fixture->resources, "US", TRUE, NULL);
  gboolean found = FALSE;

  for (guint i = 0; i < entries->len; i++)
    {
      const UnsResource *r = g_ptr_array_index (entries, i);

      if (g_str_has_prefix (r->name, "The Trevor Project"))
        {
          found = TRUE;
          g_assert_true (r->verified);
          g_assert_cmpstr (r->phone, ==, "1-866-488-7386");
          g_assert_null (r->sms);
        }
    }
  g_assert_true (found);
}

/* ---- Countries ---- */

static void
test_country_from_locale (void)
{
  const struct
  {
    const char *locale;
    const char *country;
  } cases[] = {
    { "en_GB.UTF-8", "GB" },
    { "de_DE@euro", "DE" },
    { "pt_BR", "BR" },
    { "sr_RS@latin", "RS" },
    { "en_us.utf8", "US" },
    { "ast_ES.UTF-8", "ES" },
    { "C", NULL },
    { "POSIX", NULL },
    { "C.UTF-8", NULL },
    { "", NULL },
    { NULL, NULL },
    { "en", NULL },
    { "es_419.UTF-8", NULL },
    { "_GB", NULL },
    { "en_G", NULL },
    { "en_GBR", NULL },
    { "en_G1", NULL },
    { "e1_GB", NULL },
    { "en_\xc3\xa9\xc3\xa9", NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *country = uns_resources_country_from_locale (cases[i].locale);

      g_test_message ("locale %s", cases[i].locale != NULL ? cases[i].locale : "(null)");
      g_assert_cmpstr (country, ==, cases[i].country);
    }
}

static void
test_normalize_country (void)
{
  g_autofree char *long_text = g_strnfill (100000, 'G');
  const char *valid[][2] = {
    { "GB", "GB" }, { "gb", "GB" }, { "Gb", "GB" }, { "uk", "GB" }, { "UK", "GB" },
    { "ZZ", "ZZ" }, { "lu", "LU" },
  };
  const char *invalid[] = {
    "", "G", "GBR", "G1", "12", " GB", "GB ", "G\n", "\xc3\xa9\xc3\xa9", "\xff\xfe", "g\xc3",
    long_text,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *country = uns_resources_normalize_country (valid[i][0], &error);

      g_assert_no_error (error);
      g_assert_cmpstr (country, ==, valid[i][1]);
    }

  for (gsize i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *country = uns_resources_normalize_country (invalid[i], &error);

      g_assert_null (country);
      g_assert_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT);
      /* Messages go over D-Bus and to terminals: short, UTF-8, and never
       * the 100 kB the peer sent. */
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpuint (strlen (error->message), <, 200);
      g_assert_nonnull (strstr (error->message, "two letters"));
    }
}

static void
test_effective_country (void)
{
  g_autofree char *from_setting = uns_resources_effective_country ("de");
  g_autofree char *uk = uns_resources_effective_country ("UK");
  g_autofree char *from_locale = uns_resources_effective_country ("");
  g_autofree char *from_null = uns_resources_effective_country (NULL);
  g_autofree char *bad_setting = uns_resources_effective_country ("Germany");

  g_assert_cmpstr (from_setting, ==, "DE");
  g_assert_cmpstr (uk, ==, "GB");
  /* main() set LC_ALL=C.UTF-8 and LANG=pt_BR.UTF-8: a C locale names no
   * country, so LANG does. A setting that is not a code is ignored. */
  g_assert_cmpstr (from_locale, ==, "BR");
  g_assert_cmpstr (from_null, ==, "BR");
  g_assert_cmpstr (bad_setting, ==, "BR");
}

static void
test_list_countries (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_auto(GStrv) countries = uns_resources_list_countries (fixture->resources);
  guint n = g_strv_length (countries);

  g_assert_cmpuint (n, >=, 20);
  g_assert_true (g_strv_contains ((const char * const *) countries, "GB"));
  g_assert_true (g_strv_contains ((const char * const *) countries, "US"));
  g_assert_true (g_strv_contains ((const char * const *) countries, "JP"));
  g_assert_false (g_strv_contains ((const char * const *) countries, "LU"));
  g_assert_false (g_strv_contains ((const char * const *) countries, "ZZ"));
  for (guint i = 1; i < n; i++)
    g_assert_cmpint (strcmp (countries[i - 1], countries[i]), <, 0);
}

/* ---- What a country gets ---- */

static void
test_gb (Fixture       *fixture,
         gconstpointer  user_data)
{
  g_autofree char *used = NULL;
  g_autoptr(GPtrArray) entries = uns_resources_lookup (fixture->resources, "GB", FALSE, &used);
  const UnsResource *first = g_ptr_array_index (entries, 0);
  guint n_crisis = 0;

  g_assert_cmpstr (used, ==, "GB");
  g_assert_cmpstr (first->name, ==, "Samaritans");
  g_assert_cmpstr (first->phone, ==, "116 123");
  g_assert_cmpint (first->kind, ==, UNS_RESOURCE_KIND_CRISIS);
  g_assert_cmpstr (first->url, ==, "https://www.samaritans.org");

  for (guint i = 0; i < entries->len; i++)
    {
      const UnsResource *r = g_ptr_array_index (entries, i);

      if (r->kind == UNS_RESOURCE_KIND_CRISIS)
        {
          /* No support line comes before a crisis line. */
          g_assert_cmpuint (i, ==, n_crisis);
          n_crisis++;
        }
    }
  g_assert_cmpuint (n_crisis, >=, 3);
}

static void
assert_fallbacks (UnsResources *resources,
                  const char   *country)
{
  g_autofree char *used = NULL;
  g_autoptr(GPtrArray) entries = uns_resources_lookup (resources, country, FALSE, &used);
  g_autoptr(GPtrArray) all = uns_resources_lookup (resources, country, TRUE, NULL);
  const UnsResource *first, *second;

  g_test_message ("country %s", country != NULL ? country : "(none)");
  g_assert_cmpstr (used, ==, "");
  g_assert_cmpuint (entries->len, ==, 2);
  first = g_ptr_array_index (entries, 0);
  second = g_ptr_array_index (entries, 1);
  g_assert_true (g_str_has_prefix (first->name, "Find A Helpline"));
  g_assert_cmpstr (first->url, ==, "https://findahelpline.com");
  g_assert_cmpstr (second->name, ==, "Befrienders Worldwide");
  g_assert_cmpstr (second->url, ==, "https://www.befrienders.org");
  /* Both are verified: asking for more changes nothing. */
  g_assert_cmpuint (all->len, ==, 2);
}

static void
test_fallback (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_auto(GStrv) countries = uns_resources_list_countries (fixture->resources);

  g_assert_false (g_strv_contains ((const char * const *) countries, "LU"));
  assert_fallbacks (fixture->resources, "ZZ");
  assert_fallbacks (fixture->resources, "LU");
  assert_fallbacks (fixture->resources, NULL);
  /* Lookups take normalized codes; anything else finds nothing. */
  assert_fallbacks (fixture->resources, "gb");
  assert_fallbacks (fixture->resources, "");
}

static gboolean
has_name (GPtrArray  *entries,
          const char *name)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_has_prefix (((const UnsResource *) g_ptr_array_index (entries, i))->name, name))
      return TRUE;
  return FALSE;
}

static void
test_unverified (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autofree char *used = NULL;
  g_autoptr(GPtrArray) shown = uns_resources_lookup (fixture->resources, "GB", FALSE, NULL);
  g_autoptr(GPtrArray) all = uns_resources_lookup (fixture->resources, "GB", TRUE, &used);
  guint n_unverified = 0;

  g_assert_cmpstr (used, ==, "GB");
  g_assert_false (has_name (shown, "PAPYRUS"));
  g_assert_false (has_name (shown, "CALM"));
  g_assert_true (has_name (all, "PAPYRUS"));
  g_assert_true (has_name (all, "CALM"));
  g_assert_true (has_name (all, "Samaritans"));

  for (guint i = 0; i < all->len; i++)
    if (!((const UnsResource *) g_ptr_array_index (all, i))->verified)
      n_unverified++;
  g_assert_cmpuint (n_unverified, ==, 2);
  g_assert_cmpuint (all->len, ==, shown->len + n_unverified);
  /* Still crisis first (PAPYRUS is a crisis line, CALM is support), and
   * within a kind the confirmed entries first. */
  for (guint i = 1; i < all->len; i++)
    {
      const UnsResource *before = g_ptr_array_index (all, i - 1);
      const UnsResource *after = g_ptr_array_index (all, i);

      g_assert_cmpint (before->kind, <=, after->kind);
      if (before->kind == after->kind)
        g_assert_true (before->verified || !after->verified);
    }
  g_assert_cmpstr (((const UnsResource *) g_ptr_array_index (all, all->len - 1))->name, ==,
                   "CALM (Campaign Against Living Miserably)");
}

static void
test_main_page (Fixture       *fixture,
                gconstpointer  user_data)
{
  const UnsResource *gb = uns_resources_get_main (fixture->resources, "GB");
  const UnsResource *us = uns_resources_get_main (fixture->resources, "US");
  /* Spain's crisis line 024 has no web address: the directory instead. */
  const UnsResource *es = uns_resources_get_main (fixture->resources, "ES");
  const UnsResource *zz = uns_resources_get_main (fixture->resources, "ZZ");
  const UnsResource *none = uns_resources_get_main (fixture->resources, NULL);

  g_assert_cmpstr (gb->url, ==, "https://www.samaritans.org");
  g_assert_cmpstr (us->url, ==, "https://988lifeline.org");
  g_assert_cmpstr (es->url, ==, "https://findahelpline.com");
  g_assert_cmpstr (zz->url, ==, "https://findahelpline.com");
  g_assert_cmpstr (none->url, ==, "https://findahelpline.com");
}

static void
test_variant (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GPtrArray) entries = uns_resources_lookup (fixture->resources, "GB", FALSE, NULL);
  g_autoptr(GVariant) samaritans = g_variant_ref_sink (uns_resource_to_variant (g_ptr_array_index (entries, 0)));
  g_autoptr(GPtrArray) us = uns_resources_lookup (fixture->resources, "US", FALSE, NULL);
  g_autoptr(GVariant) lifeline = g_variant_ref_sink (uns_resource_to_variant (g_ptr_array_index (us, 0)));
  g_autofree const char **sources = NULL;
  g_autofree const char **languages = NULL;
  const char *text;
  gboolean verified = FALSE;

  g_assert_true (g_variant_is_of_type (samaritans, G_VARIANT_TYPE_VARDICT));
  g_assert_true (g_variant_lookup (samaritans, "name", "&s", &text));
  g_assert_cmpstr (text, ==, "Samaritans");
  g_assert_true (g_variant_lookup (samaritans, "kind", "&s", &text));
  g_assert_cmpstr (text, ==, "crisis");
  g_assert_true (g_variant_lookup (samaritans, "phone", "&s", &text));
  g_assert_cmpstr (text, ==, "116 123");
  g_assert_true (g_variant_lookup (samaritans, "url", "&s", &text));
  g_assert_true (g_variant_lookup (samaritans, "last-checked", "&s", &text));
  g_assert_true (is_iso_date (text));
  g_assert_true (g_variant_lookup (samaritans, "verified", "b", &verified));
  g_assert_true (verified);
  g_assert_true (g_variant_lookup (samaritans, "sources", "^a&s", &sources));
  g_assert_cmpuint (g_strv_length ((char **) sources), >=, 2);
  /* Keys without a value are left out, not sent empty. */
  g_assert_null (g_variant_lookup_value (samaritans, "sms", NULL));
  g_assert_null (g_variant_lookup_value (samaritans, "languages", NULL));

  g_assert_true (g_variant_lookup (lifeline, "languages", "^a&s", &languages));
  g_assert_cmpstr (languages[0], ==, "English");
  g_assert_true (g_variant_lookup (lifeline, "sms", "&s", &text));
  g_assert_cmpstr (text, ==, "988");
}

/* The completion offers the countries the file has. */
static void
test_completion_countries (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (UNS_TEST_SRCDIR, "..", "..", "data", "completion",
                                            "unscroll.bash", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) listed = NULL;
  g_auto(GStrv) countries = uns_resources_list_countries (fixture->resources);
  const char *start, *end;
  g_autofree char *words = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  start = strstr (text, "local countries=\"");
  g_assert_nonnull (start);
  start += strlen ("local countries=\"");
  end = strchr (start, '"');
  g_assert_nonnull (end);
  words = g_strndup (start, end - start);
  listed = g_strsplit (words, " ", -1);
  g_assert_true (g_strv_equal ((const char * const *) listed, (const char * const *) countries));
}

/* ---- Files that are not right ---- */

#define ENTRY(name, kind, extra, sources, verified) \
  "{\"name\":" name ",\"kind\":" kind extra ",\"sources\":" sources \
  ",\"last_checked\":\"2026-11-23\",\"verified\":" verified "}"
#define ENTRY_OK ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":\"123\"", "[\"a\",\"b\"]", "true")
#define FALLBACK_OK "{\"name\":\"Directory\",\"kind\":\"info\",\"url\":\"https://directory.example\"," \
  "\"sources\":[\"a\",\"b\"],\"last_checked\":\"2026-11-23\",\"verified\":true,\"fallback\":true}"
#define DOC(countries, international) \
  "{\"version\":1,\"disclaimer\":\"Call 112 in an emergency.\",\"countries\":" countries \
  ",\"international\":" international "}"
#define DOC_ENTRY(entry) DOC ("{\"XX\":[" entry "]}", "[" FALLBACK_OK "]")

typedef struct
{
  const char *test_path;
  const char *content;
  const char *message; /* a part the error message must contain */
} MalformedCase;

static const MalformedCase malformed_cases[] = {
  { "/resources/malformed/empty", "", "empty" },
  { "/resources/malformed/blank", " \n\t ", "empty" },
  { "/resources/malformed/not-json", "Samaritans: 116 123", "not JSON" },
  { "/resources/malformed/truncated", "{\"version\":1,\"countries\":{\"GB\":[", "not JSON" },
  { "/resources/malformed/top-level-array", "[]", "top level" },
  { "/resources/malformed/top-level-number", "7", "top level" },
  { "/resources/malformed/no-version", "{}", "version" },
  { "/resources/malformed/version-string", "{\"version\":\"1\"}", "version" },
  { "/resources/malformed/version-float", "{\"version\":1.0}", "version" },
  { "/resources/malformed/version-2", "{\"version\":2}", "version 2" },
  { "/resources/malformed/no-disclaimer",
    "{\"version\":1,\"countries\":{},\"international\":[" FALLBACK_OK "]}", "disclaimer" },
  { "/resources/malformed/disclaimer-number",
    "{\"version\":1,\"disclaimer\":112,\"countries\":{},\"international\":[" FALLBACK_OK "]}",
    "disclaimer" },
  { "/resources/malformed/disclaimer-blank",
    "{\"version\":1,\"disclaimer\":\"  \",\"countries\":{},\"international\":[" FALLBACK_OK "]}",
    "empty" },
  { "/resources/malformed/no-countries",
    "{\"version\":1,\"disclaimer\":\"x\",\"international\":[" FALLBACK_OK "]}", "countries" },
  { "/resources/malformed/countries-array", DOC ("[]", "[" FALLBACK_OK "]"), "countries" },
  { "/resources/malformed/country-lower-case", DOC ("{\"gb\":[" ENTRY_OK "]}", "[" FALLBACK_OK "]"),
    "“gb”" },
  { "/resources/malformed/country-three-letters", DOC ("{\"GBR\":[" ENTRY_OK "]}", "[" FALLBACK_OK "]"),
    "“GBR”" },
  { "/resources/malformed/country-empty-key", DOC ("{\"\":[" ENTRY_OK "]}", "[" FALLBACK_OK "]"),
    "country code" },
  { "/resources/malformed/country-object", DOC ("{\"XX\":{}}", "[" FALLBACK_OK "]"),
    "countries.XX is not a list" },
  { "/resources/malformed/entry-null", DOC_ENTRY ("null"), "countries.XX[0] is not an object" },
  { "/resources/malformed/entry-string", DOC_ENTRY ("\"Samaritans\""), "not an object" },
  { "/resources/malformed/entry-empty", DOC_ENTRY ("{}"), "“name”" },
  { "/resources/malformed/name-number",
    DOC_ENTRY (ENTRY ("7", "\"crisis\"", ",\"phone\":\"1\"", "[\"a\",\"b\"]", "true")), "“name”" },
  { "/resources/malformed/name-empty",
    DOC_ENTRY (ENTRY ("\"\"", "\"crisis\"", ",\"phone\":\"1\"", "[\"a\",\"b\"]", "true")), "empty" },
  { "/resources/malformed/name-control",
    DOC_ENTRY (ENTRY ("\"Line\\u001b[31m\"", "\"crisis\"", ",\"phone\":\"1\"", "[\"a\",\"b\"]", "true")),
    "control character" },
  { "/resources/malformed/name-nul-escape",
    DOC_ENTRY (ENTRY ("\"Line\\u0000Evil\"", "\"crisis\"", ",\"phone\":\"1\"", "[\"a\",\"b\"]", "true")),
    "\\u0000" },
  { "/resources/malformed/kind-unknown",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"hotline\"", ",\"phone\":\"1\"", "[\"a\",\"b\"]", "true")),
    "hotline" },
  { "/resources/malformed/kind-missing",
    DOC_ENTRY ("{\"name\":\"Line\",\"phone\":\"1\",\"sources\":[\"a\",\"b\"],"
               "\"last_checked\":\"2026-11-23\",\"verified\":true}"), "“kind”" },
  { "/resources/malformed/phone-number",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":116123", "[\"a\",\"b\"]", "true")),
    "“phone”" },
  { "/resources/malformed/sms-array",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"sms\":[\"1\"]", "[\"a\",\"b\"]", "true")),
    "“sms”" },
  { "/resources/malformed/url-http",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"url\":\"http://line.example\"", "[\"a\",\"b\"]", "true")),
    "https://" },
  { "/resources/malformed/url-not-url",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"url\":\"https://\"", "[\"a\",\"b\"]", "true")),
    "https://" },
  { "/resources/malformed/url-javascript",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"url\":\"javascript:alert(1)\"", "[\"a\",\"b\"]", "true")),
    "https://" },
  { "/resources/malformed/languages-string",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":\"1\",\"languages\":\"English\"",
                      "[\"a\",\"b\"]", "true")), "“languages”" },
  { "/resources/malformed/languages-number",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":\"1\",\"languages\":[1]",
                      "[\"a\",\"b\"]", "true")), "“languages”" },
  { "/resources/malformed/languages-empty",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":\"1\",\"languages\":[]",
                      "[\"a\",\"b\"]", "true")), "“languages”" },
  { "/resources/malformed/sources-missing",
    DOC_ENTRY ("{\"name\":\"Line\",\"kind\":\"crisis\",\"phone\":\"1\","
               "\"last_checked\":\"2026-11-23\",\"verified\":true}"), "“sources”" },
  { "/resources/malformed/sources-empty",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":\"1\"", "[]", "false")), "“sources”" },
  { "/resources/malformed/sources-object",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":\"1\"", "{}", "false")), "“sources”" },
  { "/resources/malformed/source-null",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":\"1\"", "[\"a\",null]", "true")),
    "not a string" },
  { "/resources/malformed/verified-one-source",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":\"1\"", "[\"a\"]", "true")),
    "fewer than two sources" },
  { "/resources/malformed/verified-no-contact",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"hours\":\"24/7\"", "[\"a\",\"b\"]", "true")),
    "no phone" },
  { "/resources/malformed/verified-string",
    DOC_ENTRY (ENTRY ("\"Line\"", "\"crisis\"", ",\"phone\":\"1\"", "[\"a\",\"b\"]", "\"yes\"")),
    "“verified”" },
  { "/resources/malformed/verified-missing",
    DOC_ENTRY ("{\"name\":\"Line\",\"kind\":\"crisis\",\"phone\":\"1\",\"sources\":[\"a\",\"b\"],"
               "\"last_checked\":\"2026-11-23\"}"), "“verified”" },
  { "/resources/malformed/last-checked-missing",
    DOC_ENTRY ("{\"name\":\"Line\",\"kind\":\"crisis\",\"phone\":\"1\",\"sources\":[\"a\",\"b\"],"
               "\"verified\":true}"), "“last_checked”" },
  { "/resources/malformed/last-checked-not-a-date",
    DOC_ENTRY ("{\"name\":\"Line\",\"kind\":\"crisis\",\"phone\":\"1\",\"sources\":[\"a\",\"b\"],"
               "\"last_checked\":\"2026-02-30\",\"verified\":true}"), "YYYY-MM-DD" },
  { "/resources/malformed/last-checked-format",
    DOC_ENTRY ("{\"name\":\"Line\",\"kind\":\"crisis\",\"phone\":\"1\",\"sources\":[\"a\",\"b\"],"
               "\"last_checked\":\"23/11/2026\",\"verified\":true}"), "YYYY-MM-DD" },
  { "/resources/malformed/no-international", "{\"version\":1,\"disclaimer\":\"x\",\"countries\":{}}",
    "international is not a list" },
  { "/resources/malformed/international-no-fallback",
    DOC ("{}", "[" ENTRY ("\"Dir\"", "\"info\"", ",\"url\":\"https://d.example\"", "[\"a\",\"b\"]", "true") "]"),
    "fall-back" },
  { "/resources/malformed/fallback-unverified",
    DOC ("{}", "[{\"name\":\"Dir\",\"kind\":\"info\",\"url\":\"https://d.example\",\"sources\":[\"a\"],"
               "\"last_checked\":\"2026-11-23\",\"verified\":false,\"fallback\":true}]"),
    "fall-back" },
  { "/resources/malformed/fallback-string",
    DOC ("{}", "[{\"name\":\"Dir\",\"kind\":\"info\",\"url\":\"https://d.example\",\"sources\":[\"a\",\"b\"],"
               "\"last_checked\":\"2026-11-23\",\"verified\":true,\"fallback\":\"yes\"}]"),
    "“fallback”" },
  { "/resources/malformed/too-deep",
    DOC ("{\"XX\":[{\"name\":\"L\",\"kind\":\"crisis\",\"phone\":\"1\",\"sources\":[\"a\",\"b\"],"
         "\"last_checked\":\"2026-11-23\",\"verified\":true,\"extra\":[[[[[[1]]]]]]}]}", "[" FALLBACK_OK "]"),
    "nested" },
};

static char *
write_file (Fixture    *fixture,
            const char *content,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->tmpdir, "resources.json", NULL);

  g_file_set_contents (path, content, length, &error);
  g_assert_no_error (error);
  return path;
}

static void
assert_path_fails (const char *path,
                   const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UnsResources) resources = uns_resources_new_from_file (path, &error);

  g_assert_null (resources);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_FAILED);
  g_test_message ("message: %s", error->message);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  /* The message names the file, so whoever reads the log can find it. */
  g_assert_nonnull (strstr (error->message, path));
  if (message != NULL)
    g_assert_nonnull (strstr (error->message, message));
}

static void
assert_load_fails (Fixture    *fixture,
                   const char *content,
                   gssize      length,
                   const char *message)
{
  g_autofree char *path = write_file (fixture, content, length);

  assert_path_fails (path, message);
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
  /* The base the malformed cases break must load; optional members may be
   * null or absent, unknown members are ignored, and entries come crisis
   * lines first, each kind in the file's order, confirmed ones first. */
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (fixture,
    DOC ("{\"XX\":["
         ENTRY ("\"Support 1\"", "\"support\"", ",\"phone\":\"1\",\"sms\":null,\"future\":{\"a\":[1]}",
                "[\"a\",\"b\"]", "true") ","
         ENTRY ("\"Crisis 1\"", "\"crisis\"", ",\"phone\":\"2\",\"languages\":[\"English\",\"Māori\"]",
                "[\"a\",\"b\"]", "true") ","
         ENTRY ("\"Info 1\"", "\"info\"", ",\"url\":\"https://info.example/page?x=1\"",
                "[\"a\",\"b\"]", "true") ","
         ENTRY ("\"Unsure\"", "\"crisis\"", "", "[\"a\"]", "false") ","
         ENTRY ("\"Crisis 2\"", "\"crisis\"", ",\"sms\":\"Text HELLO to 1\"", "[\"a\",\"b\"]", "true")
         "],\"YY\":[" ENTRY ("\"Only unsure\"", "\"crisis\"", ",\"phone\":\"3\"", "[\"a\"]", "false") "]}",
         "[" FALLBACK_OK "," ENTRY ("\"Not a fall-back\"", "\"support\"", ",\"phone\":\"4\"",
                                    "[\"a\",\"b\"]", "true") "]"), -1);
  g_autoptr(UnsResources) resources = uns_resources_new_from_file (path, &error);
  g_autoptr(GPtrArray) xx = NULL;
  g_autoptr(GPtrArray) xx_all = NULL;
  g_autoptr(GPtrArray) yy = NULL;
  g_autoptr(GPtrArray) yy_all = NULL;
  g_autofree char *used = NULL;
  g_auto(GStrv) countries = NULL;
  const char *expected[] = { "Crisis 1", "Crisis 2", "Support 1", "Info 1" };

  g_assert_no_error (error);
  g_assert_nonnull (resources);
  g_assert_cmpstr (uns_resources_get_disclaimer (resources), ==, "Call 112 in an emergency.");

  xx = uns_resources_lookup (resources, "XX", FALSE, NULL);
  g_assert_cmpuint (xx->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < xx->len; i++)
    g_assert_cmpstr (((const UnsResource *) g_ptr_array_index (xx, i))->name, ==, expected[i]);
  xx_all = uns_resources_lookup (resources, "XX", TRUE, NULL);
  g_assert_cmpuint (xx_all->len, ==, 5);
  g_assert_cmpstr (((const UnsResource *) g_ptr_array_index (xx_all, 2))->name, ==, "Unsure");

  /* A country with nothing verified gets the directories, unless the
   * unverified entries are asked for. */
  yy = uns_resources_lookup (resources, "YY", FALSE, &used);
  g_assert_cmpstr (used, ==, "");
  g_assert_cmpuint (yy->len, ==, 1);
  g_assert_cmpstr (((const UnsResource *) g_ptr_array_index (yy, 0))->name, ==, "Directory");
  g_clear_pointer (&used, g_free);
  yy_all = uns_resources_lookup (resources, "YY", TRUE, &used);
  g_assert_cmpstr (used, ==, "YY");
  g_assert_cmpuint (yy_all->len, ==, 1);

  countries = uns_resources_list_countries (resources);
  g_assert_cmpuint (g_strv_length (countries), ==, 1);
  g_assert_cmpstr (countries[0], ==, "XX");

  g_assert_cmpstr (uns_resources_get_main (resources, "XX")->url, ==, "https://directory.example");
}

static void
test_malformed_missing_file (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autofree char *path = g_build_filename (fixture->tmpdir, "nope.json", NULL);

  assert_path_fails (path, NULL);
  assert_path_fails (fixture->tmpdir, NULL);
}

static void
test_malformed_nul_byte (Fixture       *fixture,
                         gconstpointer  user_data)
{
  const char content[] = DOC ("{}", "[" FALLBACK_OK "]");
  g_autofree char *with_nul = g_memdup2 (content, sizeof content);

  with_nul[20] = '\0';
  assert_load_fails (fixture, with_nul, sizeof content - 1, "NUL");
}

static void
test_malformed_bad_utf8 (Fixture       *fixture,
                         gconstpointer  user_data)
{
  assert_load_fails (fixture, DOC_ENTRY (ENTRY ("\"Li\xff\xfene\"", "\"crisis\"", ",\"phone\":\"1\"",
                                                "[\"a\",\"b\"]", "true")), -1, NULL);
  assert_load_fails (fixture, DOC_ENTRY (ENTRY ("\"Li\xc0\xafne\"", "\"crisis\"", ",\"phone\":\"1\"",
                                                "[\"a\",\"b\"]", "true")), -1, NULL);
}

static void
test_malformed_deep_nesting (Fixture       *fixture,
                             gconstpointer  user_data)
{
  /* 100,000 levels (200 kB, under the size cap) overflow json-glib 1.6's
   * stack. */
  gsize depth = 100000;
  g_autofree char *deep = g_malloc (2 * depth + 1);

  memset (deep, '[', depth);
  memset (deep + depth, ']', depth);
  deep[2 * depth] = '\0';
  assert_load_fails (fixture, deep, -1, "nested");

  memset (deep, '{', depth);
  deep[depth] = '\0';
  assert_load_fails (fixture, deep, -1, "nested");
}

static void
test_malformed_huge (Fixture       *fixture,
                     gconstpointer  user_data)
{
  gsize size = 20 * 1024 * 1024;
  g_autofree char *huge = g_malloc (size);

  /* A valid start, so only the size can be what is refused. */
  memset (huge, ' ', size);
  memcpy (huge, "{\"version\":1,", strlen ("{\"version\":1,"));
  assert_load_fails (fixture, huge, (gssize) size, "larger than");
}

static void
test_malformed_too_many (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(GString) doc = g_string_new ("{\"version\":1,\"disclaimer\":\"x\",\"countries\":{\"XX\":[");
  g_autofree char *long_name = g_strnfill (5000, 'n');
  g_autofree char *long_doc = NULL;

  for (guint i = 0; i < 65; i++)
    g_string_append_printf (doc, "%s" ENTRY_OK, i > 0 ? "," : "");
  g_string_append (doc, "]},\"international\":[" FALLBACK_OK "]}");
  assert_load_fails (fixture, doc->str, -1, "more than 64 entries");

  long_doc = g_strdup_printf ("{\"version\":1,\"disclaimer\":\"x\",\"countries\":{\"XX\":["
                              "{\"name\":\"%s\",\"kind\":\"crisis\",\"phone\":\"1\","
                              "\"sources\":[\"a\",\"b\"],\"last_checked\":\"2026-11-23\","
                              "\"verified\":true}]},\"international\":[" FALLBACK_OK "]}",
                              long_name);
  assert_load_fails (fixture, long_doc, -1, "too long");
}

/* Truncations and byte flips of the real file: each either loads or fails
 * with a message, and never crashes. The seed is fixed, so a failure
 * repeats. */
static void
test_malformed_mutations (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autofree char *original = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  gsize len = 0;
  guint n_failed = 0;

  g_file_get_contents (shipped_path (), &original, &len, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *copy = g_memdup2 (original, len);
      g_autofree char *path = NULL;
      g_autoptr(UnsResources) resources = NULL;
      g_autoptr(GError) load_error = NULL;
      gsize copy_len = len;

      if (i % 3 == 0)
        copy_len = g_rand_int_range (rand, 0, (gint32) len);
      else
        for (guint j = 0; j < 1 + i % 4; j++)
          copy[g_rand_int_range (rand, 0, (gint32) len)] = (char) g_rand_int_range (rand, 0, 256);

      path = write_file (fixture, copy, (gssize) copy_len);
      resources = uns_resources_new_from_file (path, &load_error);
      if (resources == NULL)
        {
          g_assert_error (load_error, UNS_ERROR, UNS_ERROR_FAILED);
          g_assert_true (g_utf8_validate (load_error->message, -1, NULL));
          n_failed++;
        }
    }
  /* Nearly every cut or flip breaks something; that is what is exercised. */
  g_assert_cmpuint (n_failed, >, 150);
}

/* ---- The D-Bus service, on a private bus ---- */

typedef struct
{
  GTestDBus           *bus;        /* (owned) */
  GDBusConnection     *connection; /* (owned) */
  UnsResources        *resources;  /* (owned) */
  GSettings           *settings;   /* (owned) */
  UnsResourcesService *service;    /* (owned) */
} ServiceFixture;

static void
service_set_up (ServiceFixture *fixture,
                gconstpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (fixture->bus);
  fixture->connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_assert_no_error (error);

  fixture->resources = uns_resources_new_from_file (shipped_path (), &error);
  g_assert_no_error (error);
  fixture->settings = g_settings_new (UNS_APP_ID);
  g_settings_reset (fixture->settings, "country");

  fixture->service = uns_resources_service_new (fixture->resources, fixture->settings);
  g_dbus_interface_skeleton_export (G_DBUS_INTERFACE_SKELETON (fixture->service),
                                    fixture->connection, UNS_BUS_PATH, &error);
  g_assert_no_error (error);
}

static void
service_tear_down (ServiceFixture *fixture,
                   gconstpointer   user_data)
{
  g_dbus_interface_skeleton_unexport (G_DBUS_INTERFACE_SKELETON (fixture->service));
  g_clear_object (&fixture->service);
  g_settings_reset (fixture->settings, "country");
  g_clear_object (&fixture->settings);
  g_clear_object (&fixture->resources);
  g_clear_object (&fixture->connection);
  g_test_dbus_down (fixture->bus);
  g_clear_object (&fixture->bus);
}

typedef struct
{
  GVariant *reply;
  GError   *error;
  gboolean  done;
} CallResult;

static void
call_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  CallResult *call = user_data;

  call->reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (source), result, &call->error);
  call->done = TRUE;
}

/* Calls the service through the bus. It lives in this process, so the
 * call is asynchronous and the main context runs until the reply is in. */
static GVariant *
call (ServiceFixture *fixture,
      const char     *interface,
      const char     *method,
      GVariant       *parameters,
      GError        **error)
{
  CallResult result = { NULL, NULL, FALSE };

  g_dbus_connection_call (fixture->connection,
                          g_dbus_connection_get_unique_name (fixture->connection),
                          UNS_BUS_PATH, interface, method, parameters, NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, call_cb, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  if (result.error != NULL)
    g_propagate_error (error, result.error);
  return result.reply;
}

static GVariant *
get_property (ServiceFixture *fixture,
              const char     *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call (fixture, "org.freedesktop.DBus.Properties", "Get",
                                    g_variant_new ("(ss)", RESOURCES_IFACE, name), &error);
  GVariant *value = NULL;

  g_assert_no_error (error);
  g_variant_get (reply, "(v)", &value);
  return value;
}

static char *
get_country (ServiceFixture *fixture)
{
  g_autoptr(GVariant) value = get_property (fixture, "Country");

  return g_variant_dup_string (value, NULL);
}

static void
test_service_properties (ServiceFixture *fixture,
                         gconstpointer   user_data)
{
  g_autoptr(GVariant) version = get_property (fixture, "Version");
  g_autoptr(GVariant) disclaimer = get_property (fixture, "Disclaimer");
  g_autofree char *initial = get_country (fixture);
  g_autofree char *set = NULL;
  g_autofree char *uk = NULL;
  g_autofree char *back = NULL;

  g_assert_cmpuint (g_variant_get_uint32 (version), ==, 1);
  g_assert_cmpstr (g_variant_get_string (disclaimer, NULL), ==,
                   uns_resources_get_disclaimer (fixture->resources));
  /* No setting: the locale's country (LANG=pt_BR.UTF-8, see main()). */
  g_assert_cmpstr (initial, ==, "BR");

  g_settings_set_string (fixture->settings, "country", "gb");
  set = get_country (fixture);
  g_assert_cmpstr (set, ==, "GB");
  g_settings_set_string (fixture->settings, "country", "UK");
  uk = get_country (fixture);
  g_assert_cmpstr (uk, ==, "GB");
  g_settings_set_string (fixture->settings, "country", "");
  back = get_country (fixture);
  g_assert_cmpstr (back, ==, "BR");
}

static GVariant *
get_resources (ServiceFixture *fixture,
               const char     *country,
               GVariant       *options,
               char          **out_country_used,
               GError        **error)
{
  g_autoptr(GVariant) reply = NULL;
  GVariant *resources = NULL;

  if (options == NULL)
    options = g_variant_new ("a{sv}", NULL);
  reply = call (fixture, RESOURCES_IFACE, "GetResources",
                g_variant_new ("(s@a{sv})", country, options), error);
  if (reply == NULL)
    return NULL;
  g_assert_true (g_variant_is_of_type (reply, G_VARIANT_TYPE ("(saa{sv})")));
  g_variant_get (reply, "(s@aa{sv})", out_country_used, &resources);
  return resources;
}

static char *
entry_name (GVariant *resources,
            gsize     i)
{
  g_autoptr(GVariant) entry = g_variant_get_child_value (resources, i);
  char *name = NULL;

  g_assert_true (g_variant_lookup (entry, "name", "s", &name));
  return name;
}

static void
test_service_get_resources (ServiceFixture *fixture,
                            gconstpointer   user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) gb = NULL;
  g_autoptr(GVariant) gb_all = NULL;
  g_autoptr(GVariant) lu = NULL;
  g_autoptr(GVariant) by_setting = NULL;
  g_autoptr(GVariant) by_locale = NULL;
  g_autofree char *used = NULL;
  g_autofree char *first = NULL;
  g_autofree char *fallback = NULL;
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);

  gb = get_resources (fixture, "gb", NULL, &used, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (used, ==, "GB");
  first = entry_name (gb, 0);
  g_assert_cmpstr (first, ==, "Samaritans");
  g_clear_pointer (&used, g_free);

  g_variant_dict_insert (options, "include-unverified", "b", TRUE);
  /* Unknown options are ignored. */
  g_variant_dict_insert (options, "from-the-future", "s", "x");
  gb_all = get_resources (fixture, "GB", g_variant_dict_end (options), &used, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_variant_n_children (gb_all), ==, g_variant_n_children (gb) + 2);
  g_clear_pointer (&used, g_free);

  lu = get_resources (fixture, "LU", NULL, &used, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (used, ==, "");
  g_assert_cmpuint (g_variant_n_children (lu), ==, 2);
  fallback = entry_name (lu, 0);
  g_assert_true (g_str_has_prefix (fallback, "Find A Helpline"));
  g_clear_pointer (&used, g_free);

  /* "" is the default country: the setting, else the locale. */
  by_locale = get_resources (fixture, "", NULL, &used, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (used, ==, "BR");
  g_clear_pointer (&used, g_free);
  g_settings_set_string (fixture->settings, "country", "jp");
  by_setting = get_resources (fixture, "", NULL, &used, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (used, ==, "JP");
}

static void
test_service_invalid (ServiceFixture *fixture,
                      gconstpointer   user_data)
{
  const char *countries[] = { "GBR", "G", "1A", "GB ", "é" };
  g_autoptr(GVariantDict) options = g_variant_dict_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) reply = NULL;
      g_autofree char *used = NULL;
      g_autoptr(GVariant) resources = get_resources (fixture, countries[i], NULL, &used, &error);

      g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
      g_assert_null (resources);
      g_clear_error (&error);

      reply = call (fixture, RESOURCES_IFACE, "OpenSupport", g_variant_new ("(s)", countries[i]), &error);
      g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
      g_assert_null (reply);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *used = NULL;
    g_autoptr(GVariant) resources = NULL;

    g_variant_dict_insert (options, "include-unverified", "s", "yes");
    resources = get_resources (fixture, "GB", g_variant_dict_end (options), &used, &error);
    g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
    g_assert_nonnull (strstr (error->message, "include-unverified"));
  }
}

static void
test_service_list_countries (ServiceFixture *fixture,
                             gconstpointer   user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call (fixture, RESOURCES_IFACE, "ListCountries", NULL, &error);
  g_auto(GStrv) expected = uns_resources_list_countries (fixture->resources);
  g_autofree const char **countries = NULL;

  g_assert_no_error (error);
  g_variant_get (reply, "(^a&s)", &countries);
  g_assert_true (g_strv_equal (countries, (const char * const *) expected));
}

static void
test_service_open_support_no_handler (ServiceFixture *fixture,
                                      gconstpointer   user_data)
{
  /* main() left no URL handler to find: the error says so, with the
   * address, so a person can still get there. */
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = call (fixture, RESOURCES_IFACE, "OpenSupport",
                                    g_variant_new ("(s)", "GB"), &error);

  g_assert_null (reply);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "https://www.samaritans.org"));
  g_clear_error (&error);

  reply = call (fixture, RESOURCES_IFACE, "OpenSupport", g_variant_new ("(s)", "ZZ"), &error);
  g_assert_error (error, UNS_ERROR, UNS_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "https://findahelpline.com"));
}

/* Installs a handler for https:// that writes the address it is given into
 * a FIFO, as the only one there is. */
static char *
install_opener (const char *base)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_build_filename (base, "opener-data", NULL);
  g_autofree char *config_home = g_build_filename (base, "opener-config", NULL);
  g_autofree char *applications = g_build_filename (data_home, "applications", NULL);
  g_autofree char *script = g_build_filename (base, "opener.sh", NULL);
  g_autofree char *desktop = g_build_filename (applications, "unscroll-test-opener.desktop", NULL);
  g_autofree char *mimeapps = g_build_filename (config_home, "mimeapps.list", NULL);
  g_autofree char *script_text = NULL;
  g_autofree char *desktop_text = NULL;
  char *fifo = g_build_filename (base, "opened", NULL);

  g_assert_cmpint (g_mkdir_with_parents (applications, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (config_home, 0700), ==, 0);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);

  script_text = g_strdup_printf ("#!/bin/sh\nprintf '%%s' \"$1\" > '%s'\n", fifo);
  g_file_set_contents (script, script_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (script, 0700), ==, 0);

  desktop_text = g_strdup_printf ("[Desktop Entry]\nType=Application\nName=Opener\n"
                                  "Exec=%s %%u\nMimeType=x-scheme-handler/https;\nNoDisplay=true\n",
                                  script);
  g_file_set_contents (desktop, desktop_text, -1, &error);
  g_assert_no_error (error);
  g_file_set_contents (mimeapps, "[Default Applications]\n"
                                 "x-scheme-handler/https=unscroll-test-opener.desktop\n", -1, &error);
  g_assert_no_error (error);

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  return fifo;
}

static void
test_service_open_support_opens (void)
{
  /* The handler must be in place before GIO first looks for handlers, and
   * the other tests must see none: so this runs in a process of its own. */
  if (g_test_subprocess ())
    {
      ServiceFixture fixture = { NULL, };
      g_autoptr(GError) error = NULL;
      g_autoptr(GVariant) reply = NULL;
      g_autofree char *fifo = install_opener (run_dir);
      g_autofree char *opened = NULL;

      service_set_up (&fixture, NULL);
      reply = call (&fixture, RESOURCES_IFACE, "OpenSupport", g_variant_new ("(s)", "GB"), &error);
      g_assert_no_error (error);
      g_assert_nonnull (reply);

      /* Reading blocks until the handler has written: no sleeping. */
      g_file_get_contents (fifo, &opened, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (opened, ==, "https://www.samaritans.org");

      service_tear_down (&fixture, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *empty = NULL;
  int result;

  /* Before anything reads them: a known locale environment, and XDG
   * folders with no URL handlers, so no test opens a real browser. */
  g_unsetenv ("LC_MESSAGES");
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("LANG", "pt_BR.UTF-8", TRUE);
  g_unsetenv ("LANGUAGE");
  g_unsetenv ("GIO_USE_PORTALS");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);

  run_dir = g_dir_make_tmp ("unscroll-test-resources-run-XXXXXX", &error);
  g_assert_no_error (error);
  empty = g_build_filename (run_dir, "empty", NULL);
  g_assert_cmpint (g_mkdir (empty, 0700), ==, 0);
  g_setenv ("XDG_DATA_HOME", empty, TRUE);
  g_setenv ("XDG_DATA_DIRS", empty, TRUE);
  g_setenv ("XDG_CONFIG_HOME", empty, TRUE);
  g_setenv ("XDG_CONFIG_DIRS", empty, TRUE);

  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    {
      g_autofree char *schemas = g_test_build_filename (G_TEST_BUILT, "..", "..", "data", NULL);

      g_setenv ("GSETTINGS_SCHEMA_DIR", schemas, TRUE);
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
#define ADD_SERVICE(path, func) \
  g_test_add (path, ServiceFixture, NULL, service_set_up, func, service_tear_down)

  ADD ("/resources/shipped/shape", test_shipped_shape);
  ADD ("/resources/shipped/offered", test_shipped_offered);
  ADD ("/resources/shipped/partly-verified", test_shipped_partly_verified);
  ADD ("/resources/shipped/completion-countries", test_completion_countries);
  g_test_add_func ("/resources/country/from-locale", test_country_from_locale);
  g_test_add_func ("/resources/country/normalize", test_normalize_country);
  g_test_add_func ("/resources/country/effective", test_effective_country);
  ADD ("/resources/country/list", test_list_countries);
  ADD ("/resources/lookup/gb", test_gb);
  ADD ("/resources/lookup/fallback", test_fallback);
  ADD ("/resources/lookup/unverified", test_unverified);
  ADD ("/resources/lookup/main-page", test_main_page);
  ADD ("/resources/lookup/variant", test_variant);
  ADD ("/resources/load/minimal", test_load_minimal);
  ADD ("/resources/malformed/missing-file", test_malformed_missing_file);
  ADD ("/resources/malformed/nul-byte", test_malformed_nul_byte);
  ADD ("/resources/malformed/bad-utf8", test_malformed_bad_utf8);
  ADD ("/resources/malformed/deep-nesting", test_malformed_deep_nesting);
  ADD ("/resources/malformed/huge", test_malformed_huge);
  ADD ("/resources/malformed/too-many", test_malformed_too_many);
  ADD ("/resources/malformed/mutations", test_malformed_mutations);
  for (gsize i = 0; i < G_N_ELEMENTS (malformed_cases); i++)
    g_test_add (malformed_cases[i].test_path, Fixture, &malformed_cases[i],
                fixture_set_up, test_malformed, fixture_tear_down);
  ADD_SERVICE ("/resources/service/properties", test_service_properties);
  ADD_SERVICE ("/resources/service/get-resources", test_service_get_resources);
  ADD_SERVICE ("/resources/service/invalid", test_service_invalid);
  ADD_SERVICE ("/resources/service/list-countries", test_service_list_countries);
  ADD_SERVICE ("/resources/service/open-support-no-handler", test_service_open_support_no_handler);
  g_test_add_func ("/resources/service/open-support-opens", test_service_open_support_opens);

  result = g_test_run ();

  g_clear_error (&error);
  {
    g_autofree char *dir = g_steal_pointer (&run_dir);

    remove_tree (dir);
  }
  return result;
}
