/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loads the shipped mental-health resources and answers which entries to
 * offer for a country, and which country the user is in. */

#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "uns-error.h"
#include "uns-json.h"
#include "uns-resources.h"

/* Limits on the file: it is ours, but it may be fuzzed, json-glib 1.6
 * overflows the stack on deeply nested input, and everything in it may end
 * up in one D-Bus reply. The shipped file is about 70 KiB, 5 levels deep. */
#define RESOURCES_MAX_BYTES    (1024 * 1024)
#define RESOURCES_MAX_DEPTH    8
#define RESOURCES_MAX_ENTRIES  64    /* per country, and international */
#define RESOURCES_MAX_STRINGS  64    /* sources or languages of one entry */
#define RESOURCES_TEXT_MAX     4096  /* bytes in one string */

struct _UnsResources
{
  GObject     parent_instance;

  char       *disclaimer;     /* (owned) */
  GHashTable *countries;      /* code → GPtrArray of UnsResource (owned), in offer order */
  GPtrArray  *fallbacks;      /* (element-type UnsResource) (owned) in offer order */
};

G_DEFINE_TYPE (UnsResources, uns_resources, G_TYPE_OBJECT)

static void
uns_resource_free (UnsResource *resource)
{
  if (resource == NULL)
    return;
  g_free (resource->name);
  g_free (resource->phone);
  g_free (resource->sms);
  g_free (resource->url);
  g_free (resource->chat);
  g_free (resource->hours);
  g_free (resource->audience);
  g_strfreev (resource->languages);
  g_free (resource->notes);
  g_strfreev (resource->sources);
  g_free (resource->last_checked);
  g_free (resource);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnsResource, uns_resource_free)

static void
uns_resources_finalize (GObject *object)
{
  UnsResources *self = UNS_RESOURCES (object);

  g_clear_pointer (&self->disclaimer, g_free);
  g_clear_pointer (&self->countries, g_hash_table_unref);
  g_clear_pointer (&self->fallbacks, g_ptr_array_unref);

  G_OBJECT_CLASS (uns_resources_parent_class)->finalize (object);
}

static void
uns_resources_class_init (UnsResourcesClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = uns_resources_finalize;
}

static void
uns_resources_init (UnsResources *self)
{
  self->countries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  self->fallbacks = g_ptr_array_new_with_free_func ((GDestroyNotify) uns_resource_free);
}

static const char * const kind_names[] = {
  [UNS_RESOURCE_KIND_CRISIS] = "crisis",
  [UNS_RESOURCE_KIND_SUPPORT] = "support",
  [UNS_RESOURCE_KIND_INFO] = "info",
};

/**
 * uns_resource_kind_to_string:
 *
 * Returns: "crisis", "support" or "info", as the file and D-Bus spell it
 */
const char *
uns_resource_kind_to_string (UnsResourceKind kind)
{
  g_return_val_if_fail ((gsize) kind < G_N_ELEMENTS (kind_names), "info");

  return kind_names[kind];
}

/* ---- Loading the file ----
 *
 * Messages about the file are for whoever ships or edits it, not for the
 * person using Unscroll, so they are not translated. */

static void resources_error (GError    **error,
                             const char *path,
                             const char *format,
                             ...) G_GNUC_PRINTF (3, 4);

static void
resources_error (GError    **error,
                 const char *path,
                 const char *format,
                 ...)
{
  g_autofree char *detail = NULL;
  g_autofree char *safe = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  /* Details may quote the file (or json-glib's view of it), which can be
   * any bytes: a message must stay valid UTF-8 all the same. */
  safe = g_utf8_make_valid (detail, -1);
  g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
               "The resources file %s is not valid: %s", path, safe);
}

static gboolean
is_country_code (const char *code)
{
  return code != NULL && g_ascii_isupper (code[0]) && g_ascii_isupper (code[1]) && code[2] == '\0';
}

/* Text people will read: UTF-8, bounded, not blank, and free of control
 * characters, which could garble a terminal or a notification. */
static const char *
text_problem (const char *text)
{
  gsize len = strlen (text);
  gboolean blank = TRUE;

  if (len > RESOURCES_TEXT_MAX)
    return "is too long";
  if (!g_utf8_validate (text, len, NULL))
    return "is not UTF-8";
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iscntrl (c))
        return "holds a control character";
      if (!g_unichar_isspace (c))
        blank = FALSE;
    }
  if (blank)
    return "is empty";
  return NULL;
}

/* Reads a text member into @out. A missing or null optional member gives
 * NULL and TRUE. */
static gboolean
get_text (JsonObject  *object,
          const char  *member,
          gboolean     required,
          char       **out,
          const char  *path,
          const char  *where,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *problem;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      resources_error (error, path, "%s has no “%s”", where, member);
      return FALSE;
    }
  if (!uns_json_node_is_type (node, G_TYPE_STRING))
    {
      resources_error (error, path, "“%s” of %s is not a string", member, where);
      return FALSE;
    }
  problem = text_problem (json_node_get_string (node));
  if (problem != NULL)
    {
      resources_error (error, path, "“%s” of %s %s", member, where, problem);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

/* Reads an array of texts. A missing or null optional member gives NULL. */
static gboolean
get_texts (JsonObject  *object,
           const char  *member,
           gboolean     required,
           GStrv       *out,
           const char  *path,
           const char  *where,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;
  guint n;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      resources_error (error, path, "%s has no “%s”", where, member);
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      resources_error (error, path, "“%s” of %s is not a list", member, where);
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0 || n > RESOURCES_MAX_STRINGS)
    {
      resources_error (error, path, "“%s” of %s has %u items, not 1 to %d",
                       member, where, n, RESOURCES_MAX_STRINGS);
      return FALSE;
    }

  builder = g_strv_builder_new ();
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      const char *problem;

      if (!uns_json_node_is_type (item, G_TYPE_STRING))
        {
          resources_error (error, path, "“%s” of %s holds something that is not a string",
                           member, where);
          return FALSE;
        }
      problem = text_problem (json_node_get_string (item));
      if (problem != NULL)
        {
          resources_error (error, path, "an item of “%s” of %s %s", member, where, problem);
          return FALSE;
        }
      g_strv_builder_add (builder, json_node_get_string (item));
    }
  *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
is_https_url (const char *text)
{
  g_autoptr(GUri) uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || g_strcmp0 (g_uri_get_scheme (uri), "https") != 0)
    return FALSE;
  host = g_uri_get_host (uri);
  return host != NULL && *host != '\0' && g_uri_get_userinfo (uri) == NULL;
}

static gboolean
is_iso_date (const char *text)
{
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  year = (guint) g_ascii_strtoull (text, NULL, 10);
  month = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  day = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  return g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static UnsResource *
parse_entry (JsonNode    *node,
             const char  *path,
             const char  *where,
             gboolean    *out_fallback,
             GError     **error)
{
  g_autoptr(UnsResource) resource = g_new0 (UnsResource, 1);
  g_autofree char *kind = NULL;
  JsonObject *object;
  JsonNode *member;
  gsize i;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      resources_error (error, path, "%s is not an object", where);
      return NULL;
    }
  object = json_node_get_object (node);

  if (!get_text (object, "name", TRUE, &resource->name, path, where, error) ||
      !get_text (object, "kind", TRUE, &kind, path, where, error) ||
      !get_text (object, "phone", FALSE, &resource->phone, path, where, error) ||
      !get_text (object, "sms", FALSE, &resource->sms, path, where, error) ||
      !get_text (object, "url", FALSE, &resource->url, path, where, error) ||
      !get_text (object, "chat", FALSE, &resource->chat, path, where, error) ||
      !get_text (object, "hours", FALSE, &resource->hours, path, where, error) ||
      !get_text (object, "audience", FALSE, &resource->audience, path, where, error) ||
      !get_texts (object, "languages", FALSE, &resource->languages, path, where, error) ||
      !get_text (object, "notes", FALSE, &resource->notes, path, where, error) ||
      !get_texts (object, "sources", TRUE, &resource->sources, path, where, error) ||
      !get_text (object, "last_checked", TRUE, &resource->last_checked, path, where, error))
    return NULL;

  for (i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (kind, kind_names[i]) == 0)
      break;
  if (i == G_N_ELEMENTS (kind_names))
    {
      resources_error (error, path, "%s has the unknown kind “%s”", where, kind);
      return NULL;
    }
  resource->kind = (UnsResourceKind) i;

  if (resource->url != NULL && !is_https_url (resource->url))
    {
      resources_error (error, path, "the url of %s is not an https:// address", where);
      return NULL;
    }
  if (!is_iso_date (resource->last_checked))
    {
      resources_error (error, path, "“last_checked” of %s is not a YYYY-MM-DD date", where);
      return NULL;
    }

  member = json_object_get_member (object, "verified");
  if (!uns_json_node_is_type (member, G_TYPE_BOOLEAN))
    {
      resources_error (error, path, "%s has no true or false “verified”", where);
      return NULL;
    }
  resource->verified = json_node_get_boolean (member);

  /* What people are shown must be checkable and usable: the same rules the
   * build script enforces, checked again in case the file was edited. */
  if (resource->verified && g_strv_length (resource->sources) < 2)
    {
      resources_error (error, path, "%s is verified but has fewer than two sources", where);
      return NULL;
    }
  if (resource->verified && resource->phone == NULL && resource->sms == NULL &&
      resource->url == NULL)
    {
      resources_error (error, path, "%s is verified but has no phone, text number or address", where);
      return NULL;
    }

  *out_fallback = FALSE;
  member = json_object_get_member (object, "fallback");
  if (member != NULL)
    {
      if (!uns_json_node_is_type (member, G_TYPE_BOOLEAN))
        {
          resources_error (error, path, "“fallback” of %s is not true or false", where);
          return NULL;
        }
      *out_fallback = json_node_get_boolean (member);
    }

  return g_steal_pointer (&resource);
}

/* Parses a list of entries into @out in offer order: crisis lines first,
 * then support, then information, each in the file's order. */
static gboolean
parse_entries (JsonNode    *node,
               gboolean     international,
               GPtrArray   *out,
               const char  *path,
               const char  *where,
               GError     **error)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) uns_resource_free);
  g_autoptr(GArray) fallback_flags = g_array_new (FALSE, FALSE, sizeof (gboolean));
  JsonArray *array;
  guint n;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      resources_error (error, path, "%s is not a list", where);
      return FALSE;
    }
  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n > RESOURCES_MAX_ENTRIES)
    {
      resources_error (error, path, "%s has more than %d entries", where, RESOURCES_MAX_ENTRIES);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *entry_where = g_strdup_printf ("%s[%u]", where, i);
      gboolean fallback = FALSE;
      UnsResource *resource = parse_entry (json_array_get_element (array, i), path,
                                           entry_where, &fallback, error);

      if (resource == NULL)
        return FALSE;
      g_ptr_array_add (parsed, resource);
      g_array_append_val (fallback_flags, fallback);
    }

  for (guint kind = 0; kind < G_N_ELEMENTS (kind_names); kind++)
    for (guint i = 0; i < parsed->len; i++)
      {
        UnsResource *resource = g_ptr_array_index (parsed, i);

        if (resource == NULL || resource->kind != kind)
          continue;
        /* Only the international directories marked as fall-backs are kept:
         * nothing else of the international list is ever offered. */
        if (international && !g_array_index (fallback_flags, gboolean, i))
          continue;
        /* Moved, not copied: the slot left empty is not freed twice. */
        g_ptr_array_add (out, resource);
        parsed->pdata[i] = NULL;
      }
  return TRUE;
}

static gboolean
load_data (UnsResources *self,
           const char   *data,
           gsize         len,
           const char   *path,
           GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *problem = NULL;
  JsonNode *root_node, *member;
  JsonObject *root, *countries;
  g_autoptr(GList) codes = NULL;
  gboolean has_fallback = FALSE;

  if (memchr (data, '\0', len) != NULL)
    {
      resources_error (error, path, "it contains a NUL byte");
      return FALSE;
    }
  if (!uns_json_prescan (data, len, RESOURCES_MAX_DEPTH, &problem))
    {
      resources_error (error, path, "%s", problem);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, (gssize) len, &local_error))
    {
      resources_error (error, path, "it is not JSON (%s)", local_error->message);
      return FALSE;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL)
    {
      resources_error (error, path, "it is empty");
      return FALSE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root_node))
    {
      resources_error (error, path, "its top level is not an object");
      return FALSE;
    }
  root = json_node_get_object (root_node);

  member = json_object_get_member (root, "version");
  if (!uns_json_node_is_type (member, G_TYPE_INT64))
    {
      resources_error (error, path, "it has no integer “version”");
      return FALSE;
    }
  if (json_node_get_int (member) != 1)
    {
      resources_error (error, path, "version %" G_GINT64_FORMAT " is not supported (this is version 1)",
                       json_node_get_int (member));
      return FALSE;
    }

  if (!get_text (root, "disclaimer", TRUE, &self->disclaimer, path, "the file", error))
    return FALSE;

  member = json_object_get_member (root, "countries");
  if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
    {
      resources_error (error, path, "“countries” is missing or not an object");
      return FALSE;
    }
  countries = json_node_get_object (member);
  codes = json_object_get_members (countries);
  for (GList *l = codes; l != NULL; l = l->next)
    {
      const char *code = l->data;
      g_autofree char *where = NULL;
      g_autoptr(GPtrArray) entries = NULL;

      if (!is_country_code (code))
        {
          if (text_problem (code) == NULL && strlen (code) <= 16)
            resources_error (error, path, "“%s” is not a two-letter upper-case country code", code);
          else
            resources_error (error, path, "“countries” holds a key that is not a country code");
          return FALSE;
        }
      where = g_strdup_printf ("countries.%s", code);
      entries = g_ptr_array_new_with_free_func ((GDestroyNotify) uns_resource_free);
      if (!parse_entries (json_object_get_member (countries, code), FALSE, entries, path, where, error))
        return FALSE;
      g_hash_table_replace (self->countries, g_strdup (code), g_steal_pointer (&entries));
    }

  if (!parse_entries (json_object_get_member (root, "international"), TRUE, self->fallbacks,
                      path, "international", error))
    return FALSE;
  for (guint i = 0; i < self->fallbacks->len; i++)
    {
      const UnsResource *resource = g_ptr_array_index (self->fallbacks, i);

      if (resource->verified && resource->url != NULL)
        has_fallback = TRUE;
    }
  /* A country without entries, and OpenSupport() for it, need one. */
  if (!has_fallback)
    {
      resources_error (error, path, "no international entry is a verified fall-back with an address");
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_file (UnsResources *self,
           const char   *path,
           GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;

  /* Read at most one byte past the cap, so a huge file (or /dev/zero) is
   * refused without being read whole. */
  stream = g_file_read (file, NULL, &local_error);
  if (stream == NULL)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   "Could not read the resources file %s: %s", path, local_error->message);
      return FALSE;
    }
  data = g_malloc (RESOURCES_MAX_BYTES + 1);
  if (!g_input_stream_read_all (G_INPUT_STREAM (stream), data, RESOURCES_MAX_BYTES + 1, &len,
                                NULL, &local_error))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   "Could not read the resources file %s: %s", path, local_error->message);
      return FALSE;
    }
  if (len > RESOURCES_MAX_BYTES)
    {
      resources_error (error, path, "it is larger than %d bytes", RESOURCES_MAX_BYTES);
      return FALSE;
    }

  return load_data (self, data, len, path, error);
}

/**
 * uns_resources_new_from_file:
 * @path: the resources.json to load
 * @error: return location for a #GError
 *
 * Loads and checks the resources. Every value is checked for its type,
 * every text for length, UTF-8 and control characters; a verified entry
 * must have two sources and a way to reach it. Of the international
 * entries, only those marked as fall-backs are kept.
 *
 * Returns: (transfer full): the resources, or %NULL with %UNS_ERROR_FAILED
 *   naming the file and what is wrong with it
 */
UnsResources *
uns_resources_new_from_file (const char *path,
                             GError    **error)
{
  g_autoptr(UnsResources) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (UNS_TYPE_RESOURCES, NULL);
  if (!load_file (self, path, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* ---- Queries ---- */

/**
 * uns_resources_get_disclaimer:
 *
 * Returns: (transfer none): the sentence for people in immediate danger
 */
const char *
uns_resources_get_disclaimer (UnsResources *self)
{
  g_return_val_if_fail (UNS_IS_RESOURCES (self), NULL);

  return self->disclaimer;
}

/* g_ptr_array_sort() hands over pointers to the elements. */
static int
compare_codes (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
has_verified (GPtrArray *entries)
{
  for (guint i = 0; i < entries->len; i++)
    if (((const UnsResource *) g_ptr_array_index (entries, i))->verified)
      return TRUE;
  return FALSE;
}

/**
 * uns_resources_list_countries:
 *
 * Returns: (transfer full): the codes of the countries with verified
 *   entries of their own, sorted
 */
GStrv
uns_resources_list_countries (UnsResources *self)
{
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (UNS_IS_RESOURCES (self), NULL);

  g_hash_table_iter_init (&iter, self->countries);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (has_verified (value))
      g_ptr_array_add (codes, g_strdup (key));
  g_ptr_array_sort (codes, compare_codes);
  g_ptr_array_add (codes, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&codes), FALSE);
}

/* The entries to offer, in their order by kind; within a kind, entries
 * two sources confirm come before those only one does. */
static GPtrArray *
filter (GPtrArray *entries,
        gboolean   include_unverified)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint kind = 0; kind < G_N_ELEMENTS (kind_names); kind++)
    for (guint pass = 0; pass < (include_unverified ? 2 : 1); pass++)
      for (guint i = 0; i < entries->len; i++)
        {
          UnsResource *resource = g_ptr_array_index (entries, i);

          if (resource->kind == kind && resource->verified == (pass == 0))
            g_ptr_array_add (out, resource);
        }
  return out;
}

/**
 * uns_resources_lookup:
 * @country: (nullable): a normalized country code (see
 *   uns_resources_normalize_country()), or %NULL for none
 * @include_unverified: whether to include entries confirmed by one source
 * @out_country_used: (out) (optional) (transfer full): @country when it has
 *   entries to offer, else "" for the international fall-backs
 *
 * Returns: (transfer container) (element-type UnsResource): the entries,
 *   crisis lines first, owned by @self; never empty
 */
GPtrArray *
uns_resources_lookup (UnsResources *self,
                      const char   *country,
                      gboolean      include_unverified,
                      char        **out_country_used)
{
  GPtrArray *entries = NULL;

  g_return_val_if_fail (UNS_IS_RESOURCES (self), NULL);

  if (country != NULL)
    entries = g_hash_table_lookup (self->countries, country);
  if (entries != NULL)
    {
      g_autoptr(GPtrArray) found = filter (entries, include_unverified);

      if (found->len > 0)
        {
          if (out_country_used != NULL)
            *out_country_used = g_strdup (country);
          return g_steal_pointer (&found);
        }
    }

  if (out_country_used != NULL)
    *out_country_used = g_strdup ("");
  return filter (self->fallbacks, include_unverified);
}

/**
 * uns_resources_get_main:
 * @country: (nullable): a normalized country code, or %NULL
 *
 * The page to open for "Get support": the country's first verified crisis
 * line with a web address, else the first international directory.
 *
 * Returns: (transfer none): an entry with a url
 */
const UnsResource *
uns_resources_get_main (UnsResources *self,
                        const char   *country)
{
  GPtrArray *entries = NULL;

  g_return_val_if_fail (UNS_IS_RESOURCES (self), NULL);

  if (country != NULL)
    entries = g_hash_table_lookup (self->countries, country);
  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const UnsResource *resource = g_ptr_array_index (entries, i);

      if (resource->verified && resource->kind == UNS_RESOURCE_KIND_CRISIS &&
          resource->url != NULL)
        return resource;
    }

  /* The loader made sure there is one. */
  for (guint i = 0; i < self->fallbacks->len; i++)
    {
      const UnsResource *resource = g_ptr_array_index (self->fallbacks, i);

      if (resource->verified && resource->url != NULL)
        return resource;
    }
  g_return_val_if_reached (NULL);
}

static void
add_text (GVariantBuilder *builder,
          const char      *key,
          const char      *value)
{
  if (value != NULL)
    g_variant_builder_add (builder, "{sv}", key, g_variant_new_string (value));
}

/**
 * uns_resource_to_variant:
 *
 * Returns: (transfer floating): the entry as the a{sv} of the D-Bus
 *   interface, with only the keys that have a value
 */
GVariant *
uns_resource_to_variant (const UnsResource *resource)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE_VARDICT);

  g_return_val_if_fail (resource != NULL, NULL);

  add_text (&builder, "name", resource->name);
  add_text (&builder, "kind", uns_resource_kind_to_string (resource->kind));
  add_text (&builder, "phone", resource->phone);
  add_text (&builder, "sms", resource->sms);
  add_text (&builder, "url", resource->url);
  add_text (&builder, "chat", resource->chat);
  add_text (&builder, "hours", resource->hours);
  add_text (&builder, "audience", resource->audience);
  if (resource->languages != NULL)
    g_variant_builder_add (&builder, "{sv}", "languages",
                           g_variant_new_strv ((const char * const *) resource->languages, -1));
  add_text (&builder, "notes", resource->notes);
  g_variant_builder_add (&builder, "{sv}", "sources",
                         g_variant_new_strv ((const char * const *) resource->sources, -1));
  add_text (&builder, "last-checked", resource->last_checked);
  g_variant_builder_add (&builder, "{sv}", "verified", g_variant_new_boolean (resource->verified));
  return g_variant_builder_end (&builder);
}

/* ---- Countries ---- */

/**
 * uns_resources_normalize_country:
 * @country: what a person or a peer gave as a country
 * @error: return location for a #GError
 *
 * Accepts exactly two ASCII letters in either case. "UK", which ISO 3166
 * reserves for the United Kingdom and people often type, means GB.
 *
 * Returns: (transfer full): the upper-case code, or %NULL with
 *   %UNS_ERROR_INVALID_ARGUMENT
 */
char *
uns_resources_normalize_country (const char *country,
                                 GError    **error)
{
  if (country == NULL || !g_ascii_isalpha (country[0]) || !g_ascii_isalpha (country[1]) ||
      country[2] != '\0')
    {
      /* Quote only what is short and printable back to the sender. */
      if (country != NULL && *country != '\0' && strlen (country) <= 16 &&
          g_utf8_validate (country, -1, NULL) && text_problem (country) == NULL)
        g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a country code. Use two letters, such as GB or DE."), country);
      else
        g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                             _("A country is given as two letters, such as GB or DE."));
      return NULL;
    }

  if (g_ascii_strcasecmp (country, "UK") == 0)
    return g_strdup ("GB");
  return g_ascii_strup (country, 2);
}

/**
 * uns_resources_country_from_locale:
 * @locale: (nullable): a POSIX locale name such as "en_GB.UTF-8" or
 *   "de_DE@euro"
 *
 * Returns: (transfer full) (nullable): the locale's territory as an
 *   upper-case two-letter code, or %NULL when it names none ("C", "POSIX",
 *   "en", "es_419")
 */
char *
uns_resources_country_from_locale (const char *locale)
{
  const char *territory;
  gsize len;

  if (locale == NULL)
    return NULL;
  territory = strchr (locale, '_');
  /* "_GB" names no language, so it is not a locale. */
  if (territory == NULL || territory == locale)
    return NULL;
  for (const char *p = locale; p < territory; p++)
    if (!g_ascii_isalpha (*p))
      return NULL;

  territory++;
  len = strcspn (territory, ".@");
  if (len != 2 || !g_ascii_isalpha (territory[0]) || !g_ascii_isalpha (territory[1]))
    return NULL;
  return g_ascii_strup (territory, 2);
}

/**
 * uns_resources_effective_country:
 * @setting: (nullable): the GSettings key "country"
 *
 * The country to offer resources for: the setting when it holds a country
 * code, else the territory of the first locale that names one, looking at
 * the messages locale in effect, then at LC_ALL, LC_MESSAGES and LANG (a
 * locale that is not installed leaves the process in "C", yet still says
 * where the person is).
 *
 * Returns: (transfer full) (nullable): an upper-case code, or %NULL when
 *   nothing names a country
 */
char *
uns_resources_effective_country (const char *setting)
{
  const char *candidates[4];

  if (setting != NULL && *setting != '\0')
    {
      g_autoptr(GError) error = NULL;
      char *country = uns_resources_normalize_country (setting, &error);

      if (country != NULL)
        return country;
      g_debug ("Ignoring the country setting: %s", error->message);
    }

  candidates[0] = setlocale (LC_MESSAGES, NULL);
  candidates[1] = g_getenv ("LC_ALL");
  candidates[2] = g_getenv ("LC_MESSAGES");
  candidates[3] = g_getenv ("LANG");
  for (gsize i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      char *country = uns_resources_country_from_locale (candidates[i]);

      if (country != NULL)
        return country;
    }
  return NULL;
}
