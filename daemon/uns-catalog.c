/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Loads the shipped service catalog and answers which service an app id or a
 * registrable domain belongs to, with the user's own services on top. */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libpsl.h>

#include "uns-catalog.h"
#include "uns-error.h"
#include "uns-json.h"

/* Limits on the catalog file: it is ours, but it may be fuzzed, and
 * json-glib 1.6 overflows the stack on deeply nested input. */
#define CATALOG_MAX_BYTES (8 * 1024 * 1024)
#define CATALOG_MAX_DEPTH 16

#define SERVICE_ID_MAX    64
#define SERVICE_NAME_MAX  100
#define APP_ID_MAX        255
#define HOSTNAME_MAX      253
#define DESKTOP_SUFFIX    ".desktop"
#define OTHER_CATEGORY    "other"

struct _UnsCatalog
{
  GObject     parent_instance;

  psl_ctx_t  *psl;            /* (owned) unless psl_is_builtin */
  gboolean    psl_is_builtin;

  GPtrArray  *categories;     /* (element-type UnsCategory) (owned) */
  GHashTable *category_index; /* id → UnsCategory, borrowed from categories */

  GHashTable *services;       /* id → UnsService (owned): shown and user ones */
  GHashTable *builtin_ids;    /* set of every built-in id, shown or not */
  GHashTable *apps;           /* lower-case app id → UnsService (borrowed) */
  GHashTable *snaps;          /* lower-case snap name → UnsService (borrowed) */
  GHashTable *domains;        /* registrable domain → UnsService (borrowed) */

  GHashTable *browser_apps;   /* lower-case app id → browser id */
  GHashTable *browser_snaps;  /* lower-case snap name → browser id */
};

G_DEFINE_TYPE (UnsCatalog, uns_catalog, G_TYPE_OBJECT)

static void
uns_service_free (UnsService *service)
{
  if (service == NULL)
    return;
  g_free (service->id);
  g_free (service->name);
  g_free (service->category);
  g_strfreev (service->app_ids);
  g_strfreev (service->domains);
  g_free (service);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (UnsService, uns_service_free)

static void
uns_category_free (UnsCategory *category)
{
  if (category == NULL)
    return;
  g_free (category->id);
  g_free (category->name);
  g_free (category);
}

static void
uns_catalog_finalize (GObject *object)
{
  UnsCatalog *self = UNS_CATALOG (object);

  if (self->psl != NULL && !self->psl_is_builtin)
    psl_free (self->psl);
  self->psl = NULL;

  /* The indexes borrow from the tables they point into: drop them first. */
  g_clear_pointer (&self->apps, g_hash_table_unref);
  g_clear_pointer (&self->snaps, g_hash_table_unref);
  g_clear_pointer (&self->domains, g_hash_table_unref);
  g_clear_pointer (&self->category_index, g_hash_table_unref);
  g_clear_pointer (&self->browser_apps, g_hash_table_unref);
  g_clear_pointer (&self->browser_snaps, g_hash_table_unref);
  g_clear_pointer (&self->services, g_hash_table_unref);
  g_clear_pointer (&self->builtin_ids, g_hash_table_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);

  G_OBJECT_CLASS (uns_catalog_parent_class)->finalize (object);
}

static void
uns_catalog_class_init (UnsCatalogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = uns_catalog_finalize;
}

static void
uns_catalog_init (UnsCatalog *self)
{
  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) uns_category_free);
  self->category_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->services = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                          (GDestroyNotify) uns_service_free);
  self->builtin_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->snaps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->domains = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->browser_apps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->browser_snaps = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* ---- Text checks shared by the file loader and user services ---- */

static gboolean
is_valid_service_id (const char *id)
{
  gsize len;

  if (id == NULL)
    return FALSE;
  len = strlen (id);
  if (len == 0 || len > SERVICE_ID_MAX)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_')
        return FALSE;
    }
  return TRUE;
}

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (g_unichar_iscntrl (g_utf8_get_char (p)))
        return TRUE;
    }
  return FALSE;
}

/* Whether @text may be quoted back in an error message: D-Bus and logs
 * need valid UTF-8, and control characters would garble the sentence. */
static gboolean
is_quotable (const char *text)
{
  return text != NULL && strlen (text) <= 1024 &&
         g_utf8_validate (text, -1, NULL) && !has_control_chars (text);
}

static gboolean
is_valid_service_name (const char *name)
{
  gsize len;
  gboolean blank = TRUE;

  if (name == NULL)
    return FALSE;
  len = strlen (name);
  if (len == 0 || len > SERVICE_NAME_MAX || !g_utf8_validate (name, len, NULL) ||
      has_control_chars (name))
    return FALSE;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        blank = FALSE;
    }
  return !blank;
}

static gboolean
is_valid_app_id (const char *app_id)
{
  gsize len;

  if (app_id == NULL)
    return FALSE;
  len = strlen (app_id);
  return len > 0 && len <= APP_ID_MAX && g_utf8_validate (app_id, len, NULL) &&
         strchr (app_id, '/') == NULL && !has_control_chars (app_id);
}

static gboolean
has_desktop_suffix (const char *text, gsize len)
{
  gsize suffix_len = strlen (DESKTOP_SUFFIX);

  return len >= suffix_len &&
         g_ascii_strcasecmp (text + len - suffix_len, DESKTOP_SUFFIX) == 0;
}

/* Checks the syntax of a host name that is already ASCII and lower case:
 * dot-separated labels of letters, digits, "-" and "_", no empty label. */
static gboolean
is_hostname_syntax (const char *host)
{
  gsize len = strlen (host);
  gsize label_len = 0;

  if (len == 0 || len > HOSTNAME_MAX)
    return FALSE;
  for (const char *p = host; ; p++)
    {
      if (*p == '.' || *p == '\0')
        {
          if (label_len == 0 || label_len > 63)
            return FALSE;
          if (*p == '\0')
            break;
          label_len = 0;
          continue;
        }
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-' && *p != '_')
        return FALSE;
      label_len++;
    }
  return TRUE;
}

/* The key an app id is indexed under. Built-in ids are stored as written
 * (org.telegram.desktop is a Flatpak id, not a file name); a user's id
 * loses one ".desktop" so that both spellings of it match. */
static char *
app_key (const char *app_id,
         gboolean    strip_desktop)
{
  gsize len = strlen (app_id);

  if (strip_desktop && has_desktop_suffix (app_id, len))
    len -= strlen (DESKTOP_SUFFIX);
  return g_ascii_strdown (app_id, len);
}

/* Matching rules shared by services and browsers: case-insensitive, then
 * without one trailing ".desktop", then a snap's "<snap>_<app>" by the
 * snap's name. */
static gpointer
find_app (GHashTable *apps,
          GHashTable *snaps,
          const char *app_id)
{
  g_autofree char *key = NULL;
  gsize len;
  gpointer hit;
  char *underscore;

  if (app_id == NULL)
    return NULL;
  len = strlen (app_id);
  /* Nothing longer can match; this bounds the work a peer can cause. */
  if (len == 0 || len > APP_ID_MAX + strlen (DESKTOP_SUFFIX))
    return NULL;

  key = g_ascii_strdown (app_id, len);
  hit = g_hash_table_lookup (apps, key);
  if (hit != NULL)
    return hit;

  if (has_desktop_suffix (key, len))
    {
      len -= strlen (DESKTOP_SUFFIX);
      key[len] = '\0';
      if (len == 0)
        return NULL;
      hit = g_hash_table_lookup (apps, key);
      if (hit != NULL)
        return hit;
    }

  underscore = strchr (key, '_');
  if (underscore != NULL && underscore != key)
    {
      *underscore = '\0';
      return g_hash_table_lookup (snaps, key);
    }
  return NULL;
}

/* ---- Loading the catalog file ----
 *
 * Messages about the file are for whoever ships or edits it, not for the
 * person using Unscroll, so they are not translated. */

static void catalog_error (GError    **error,
                           const char *path,
                           const char *format,
                           ...) G_GNUC_PRINTF (3, 4);

static void
catalog_error (GError    **error,
               const char *path,
               const char *format,
               ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
               "The service catalog %s is not valid: %s", path, detail);
}

/* Reads a string member; a missing optional member gives NULL and TRUE. */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            gboolean     required,
            const char **out,
            const char  *path,
            const char  *where,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL && !required)
    return TRUE;
  if (node == NULL)
    {
      catalog_error (error, path, "%s has no “%s”", where, member);
      return FALSE;
    }
  if (!uns_json_node_is_type (node, G_TYPE_STRING))
    {
      catalog_error (error, path, "“%s” of %s is not a string", member, where);
      return FALSE;
    }
  *out = json_node_get_string (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member,
           const char *path,
           const char *where,
           GError    **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      catalog_error (error, path, "%s has no “%s”", where, member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      catalog_error (error, path, "“%s” of %s is not an array", member, where);
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
get_element_object (JsonArray  *array,
                    guint       index,
                    const char *path,
                    const char *where,
                    GError    **error)
{
  JsonNode *node = json_array_get_element (array, index);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      catalog_error (error, path, "%s[%u] is not an object", where, index);
      return NULL;
    }
  return json_node_get_object (node);
}

/* Reads an array of strings into a new GStrv; @check, when given, must
 * accept each element. */
static gboolean
get_string_array (JsonObject  *object,
                  const char  *member,
                  gboolean     required,
                  gboolean   (*check) (const char *),
                  const char  *what,
                  GStrv       *out,
                  const char  *path,
                  const char  *where,
                  GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;
  guint n;

  if (out != NULL)
    *out = NULL;
  if (!required && json_object_get_member (object, member) == NULL)
    {
      if (out != NULL)
        *out = g_strv_builder_end (builder);
      return TRUE;
    }
  array = get_array (object, member, path, where, error);
  if (array == NULL)
    return FALSE;
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *value;

      if (!uns_json_node_is_type (node, G_TYPE_STRING))
        {
          catalog_error (error, path, "“%s”[%u] of %s is not a string", member, i, where);
          return FALSE;
        }
      value = json_node_get_string (node);
      if (check != NULL && !check (value))
        {
          if (is_quotable (value))
            catalog_error (error, path, "“%s” in “%s” of %s is not %s", value, member, where, what);
          else
            catalog_error (error, path, "“%s”[%u] of %s is not %s", member, i, where, what);
          return FALSE;
        }
      g_strv_builder_add (builder, value);
    }
  if (out != NULL)
    *out = g_strv_builder_end (builder);
  return TRUE;
}

static gboolean
is_catalog_domain (const char *domain)
{
  return is_hostname_syntax (domain) && strchr (domain, '.') != NULL &&
         !g_hostname_is_ip_address (domain);
}

static gboolean
is_nonempty_text (const char *text)
{
  return text != NULL && *text != '\0' && g_utf8_validate (text, -1, NULL);
}

static gboolean
load_categories (UnsCatalog *self,
                 JsonObject *root,
                 const char *path,
                 GError    **error)
{
  JsonArray *array = get_array (root, "categories", path, "the file", error);
  UnsCategory *other;
  guint n;

  if (array == NULL)
    return FALSE;
  n = json_array_get_length (array);
  if (n == 0)
    {
      catalog_error (error, path, "it lists no categories");
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("categories[%u]", i);
      JsonObject *object = get_element_object (array, i, path, "categories", error);
      const char *id, *name;
      UnsCategory *category;

      if (object == NULL ||
          !get_string (object, "id", TRUE, &id, path, where, error) ||
          !get_string (object, "name", TRUE, &name, path, where, error))
        return FALSE;
      if (!is_valid_service_id (id) || g_str_equal (id, OTHER_CATEGORY))
        {
          catalog_error (error, path, "%s has an invalid or reserved id", where);
          return FALSE;
        }
      if (g_hash_table_contains (self->category_index, id))
        {
          catalog_error (error, path, "category “%s” is listed twice", id);
          return FALSE;
        }
      if (!is_valid_service_name (name))
        {
          catalog_error (error, path, "category “%s” has an invalid name", id);
          return FALSE;
        }
      category = g_new0 (UnsCategory, 1);
      category->id = g_strdup (id);
      category->name = g_strdup (name);
      g_ptr_array_add (self->categories, category);
      g_hash_table_insert (self->category_index, category->id, category);
    }

  /* Everything the catalog does not know lands here; it is not a choice a
   * service can make. */
  other = g_new0 (UnsCategory, 1);
  other->id = g_strdup (OTHER_CATEGORY);
  other->name = g_strdup (_("Other"));
  g_ptr_array_add (self->categories, other);
  g_hash_table_insert (self->category_index, other->id, other);
  return TRUE;
}

/* Reads "app_ids": [{"id": …, "kinds": […], …}] into @out_ids and the
 * lower-case snap names among them into @out_snaps. */
static gboolean
load_app_ids (JsonObject *object,
              GStrv      *out_ids,
              GStrv      *out_snaps,
              const char *path,
              const char *where,
              GError    **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) snaps = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *array = get_array (object, "app_ids", path, where, error);
  guint n;

  if (array == NULL)
    return FALSE;
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *app_where = g_strdup_printf ("%s.app_ids[%u]", where, i);
      g_auto(GStrv) kinds = NULL;
      JsonObject *app = get_element_object (array, i, path, app_where, error);
      const char *id;
      char *key;

      if (app == NULL ||
          !get_string (app, "id", TRUE, &id, path, app_where, error) ||
          !get_string_array (app, "kinds", FALSE, is_nonempty_text, "a kind",
                             &kinds, path, app_where, error) ||
          !get_string_array (app, "source", FALSE, is_nonempty_text, "a source",
                             NULL, path, app_where, error))
        return FALSE;
      if (!is_valid_app_id (id))
        {
          catalog_error (error, path, "%s has an invalid id", app_where);
          return FALSE;
        }
      key = app_key (id, FALSE);
      if (!g_hash_table_add (seen, key))
        {
          catalog_error (error, path, "%s repeats “%s”", where, id);
          return FALSE;
        }
      g_strv_builder_add (ids, id);
      if (g_strv_contains ((const char * const *) kinds, "snap"))
        g_strv_builder_add (snaps, key);
    }
  *out_ids = g_strv_builder_end (ids);
  *out_snaps = g_strv_builder_end (snaps);
  return TRUE;
}

/* Validates one service entry and, when it is shown, indexes it. */
static gboolean
load_service (UnsCatalog *self,
              JsonObject *object,
              const char *path,
              const char *where,
              GError    **error)
{
  g_autoptr(UnsService) service = NULL;
  g_auto(GStrv) app_ids = NULL;
  g_auto(GStrv) snaps = NULL;
  g_auto(GStrv) domains = NULL;
  const char *id, *name, *category, *verification, *notes;
  JsonNode *shown_node;
  gboolean two_sources;
  JsonNode *unattributed;
  UnsService *indexed;

  if (!get_string (object, "id", TRUE, &id, path, where, error))
    return FALSE;
  if (!is_valid_service_id (id))
    {
      catalog_error (error, path, "%s has an invalid id", where);
      return FALSE;
    }
  if (g_hash_table_contains (self->builtin_ids, id))
    {
      catalog_error (error, path, "service “%s” is listed twice", id);
      return FALSE;
    }

  if (!get_string (object, "name", TRUE, &name, path, where, error) ||
      !get_string (object, "category", TRUE, &category, path, where, error) ||
      !get_string (object, "verification", TRUE, &verification, path, where, error) ||
      !get_string (object, "notes", FALSE, &notes, path, where, error))
    return FALSE;
  if (!is_valid_service_name (name))
    {
      catalog_error (error, path, "service “%s” has an invalid name", id);
      return FALSE;
    }
  if (!g_hash_table_contains (self->category_index, category) ||
      g_str_equal (category, OTHER_CATEGORY))
    {
      catalog_error (error, path, "service “%s” has an unknown category", id);
      return FALSE;
    }
  if (g_str_equal (verification, "two_or_more_sources"))
    two_sources = TRUE;
  else if (g_str_equal (verification, "single_source"))
    two_sources = FALSE;
  else
    {
      catalog_error (error, path, "service “%s” has an unknown verification", id);
      return FALSE;
    }

  shown_node = json_object_get_member (object, "shown");
  if (!uns_json_node_is_type (shown_node, G_TYPE_BOOLEAN))
    {
      catalog_error (error, path, "“shown” of service “%s” is missing or not true/false", id);
      return FALSE;
    }

  {
    g_auto(GStrv) sources = NULL;

    if (!get_string_array (object, "source", TRUE, is_nonempty_text, "a source",
                           &sources, path, where, error))
      return FALSE;
    if (sources[0] == NULL)
      {
        catalog_error (error, path, "service “%s” names no source", id);
        return FALSE;
      }
  }

  if (!get_string_array (object, "domains", TRUE, is_catalog_domain,
                         "a lower-case domain name", &domains, path, where, error) ||
      !load_app_ids (object, &app_ids, &snaps, path, where, error))
    return FALSE;

  /* Documentation only: these never count, but the shape is still checked. */
  unattributed = json_object_get_member (object, "unattributed_domains");
  if (unattributed != NULL && !JSON_NODE_HOLDS_ARRAY (unattributed))
    {
      catalog_error (error, path, "“unattributed_domains” of service “%s” is not an array", id);
      return FALSE;
    }

  g_hash_table_add (self->builtin_ids, g_strdup (id));

  /* Entries confirmed by a single source, and those that cannot be told
   * apart (YouTube Shorts), stay in the file but are never matched. */
  if (!json_node_get_boolean (shown_node) || !two_sources)
    return TRUE;

  service = g_new0 (UnsService, 1);
  service->id = g_strdup (id);
  service->name = g_strdup (name);
  service->category = g_strdup (category);
  service->app_ids = g_steal_pointer (&app_ids);
  service->domains = g_steal_pointer (&domains);
  service->user_defined = FALSE;

  for (guint i = 0; service->app_ids[i] != NULL; i++)
    {
      g_autofree char *key = app_key (service->app_ids[i], FALSE);
      UnsService *owner = g_hash_table_lookup (self->apps, key);

      if (owner != NULL)
        {
          catalog_error (error, path, "app id “%s” belongs to both “%s” and “%s”",
                         service->app_ids[i], owner->id, id);
          return FALSE;
        }
      g_hash_table_insert (self->apps, g_steal_pointer (&key), service);
    }
  for (guint i = 0; snaps[i] != NULL; i++)
    g_hash_table_insert (self->snaps, g_strdup (snaps[i]), service);
  for (guint i = 0; service->domains[i] != NULL; i++)
    {
      UnsService *owner = g_hash_table_lookup (self->domains, service->domains[i]);

      if (owner != NULL)
        {
          catalog_error (error, path, "domain “%s” belongs to both “%s” and “%s”",
                         service->domains[i], owner->id, id);
          return FALSE;
        }
      g_hash_table_insert (self->domains, g_strdup (service->domains[i]), service);
    }

  indexed = g_steal_pointer (&service);
  g_hash_table_insert (self->services, indexed->id, indexed);
  return TRUE;
}

static gboolean
load_services (UnsCatalog *self,
               JsonObject *root,
               const char *path,
               GError    **error)
{
  JsonArray *array = get_array (root, "services", path, "the file", error);
  guint n;

  if (array == NULL)
    return FALSE;
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("services[%u]", i);
      JsonObject *object = get_element_object (array, i, path, "services", error);

      if (object == NULL || !load_service (self, object, path, where, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_browsers (UnsCatalog *self,
               JsonObject *root,
               const char *path,
               GError    **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *array = get_array (root, "browsers", path, "the file", error);
  guint n;

  if (array == NULL)
    return FALSE;
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *where = g_strdup_printf ("browsers[%u]", i);
      g_auto(GStrv) app_ids = NULL;
      g_auto(GStrv) snaps = NULL;
      JsonObject *object = get_element_object (array, i, path, "browsers", error);
      const char *id, *name;

      if (object == NULL ||
          !get_string (object, "id", TRUE, &id, path, where, error) ||
          !get_string (object, "name", TRUE, &name, path, where, error))
        return FALSE;
      if (!is_valid_service_id (id) || !is_valid_service_name (name))
        {
          catalog_error (error, path, "%s has an invalid id or name", where);
          return FALSE;
        }
      if (!g_hash_table_add (ids, (gpointer) id))
        {
          catalog_error (error, path, "browser “%s” is listed twice", id);
          return FALSE;
        }
      if (!load_app_ids (object, &app_ids, &snaps, path, where, error))
        return FALSE;

      for (guint j = 0; app_ids[j] != NULL; j++)
        {
          g_autofree char *key = app_key (app_ids[j], FALSE);
          const char *owner = g_hash_table_lookup (self->browser_apps, key);
          const UnsService *service = g_hash_table_lookup (self->apps, key);

          if (owner != NULL || service != NULL)
            {
              catalog_error (error, path, "app id “%s” of browser “%s” is also listed for “%s”",
                             app_ids[j], id, owner != NULL ? owner : service->id);
              return FALSE;
            }
          g_hash_table_insert (self->browser_apps, g_steal_pointer (&key), g_strdup (id));
        }
      for (guint j = 0; snaps[j] != NULL; j++)
        g_hash_table_insert (self->browser_snaps, g_strdup (snaps[j]), g_strdup (id));
    }
  return TRUE;
}

static gboolean
load_file (UnsCatalog *self,
           const char *path,
           GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  gsize len = 0;
  const char *problem = NULL;
  JsonNode *root_node, *version;
  JsonObject *root;

  if (!g_file_get_contents (path, &data, &len, &local_error))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_FAILED,
                   "Could not read the service catalog: %s", local_error->message);
      return FALSE;
    }
  if (len > CATALOG_MAX_BYTES)
    {
      catalog_error (error, path, "it is larger than %d bytes", CATALOG_MAX_BYTES);
      return FALSE;
    }
  /* json-glib rejects NUL bytes, but the strstrip() below would hide one. */
  if (memchr (data, '\0', len) != NULL)
    {
      catalog_error (error, path, "it contains a NUL byte");
      return FALSE;
    }
  g_strstrip (data);
  if (*data == '\0')
    {
      catalog_error (error, path, "it is empty");
      return FALSE;
    }
  len = strlen (data);
  if (!uns_json_prescan (data, len, CATALOG_MAX_DEPTH, &problem))
    {
      catalog_error (error, path, "%s", problem);
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      catalog_error (error, path, "it is not JSON (%s)", local_error->message);
      return FALSE;
    }

  root_node = json_parser_get_root (parser);
  if (root_node == NULL || !JSON_NODE_HOLDS_OBJECT (root_node))
    {
      catalog_error (error, path, "its top level is not an object");
      return FALSE;
    }
  root = json_node_get_object (root_node);

  version = json_object_get_member (root, "version");
  if (!uns_json_node_is_type (version, G_TYPE_INT64))
    {
      catalog_error (error, path, "it has no integer “version”");
      return FALSE;
    }
  if (json_node_get_int (version) != 1)
    {
      catalog_error (error, path, "version %" G_GINT64_FORMAT " is not supported (this is version 1)",
                     json_node_get_int (version));
      return FALSE;
    }

  return load_categories (self, root, path, error) &&
         load_services (self, root, path, error) &&
         load_browsers (self, root, path, error);
}

/**
 * uns_catalog_new_from_file:
 * @path: the catalog.json to load
 * @error: return location for a #GError
 *
 * Loads and checks the catalog. Services marked as not shown (confirmed by
 * a single source, or not distinguishable by domain) are skipped.
 *
 * Returns: (transfer full): a new catalog, or %NULL with
 *   %UNS_ERROR_FAILED naming the file and what is wrong with it
 */
UnsCatalog *
uns_catalog_new_from_file (const char *path,
                           GError    **error)
{
  g_autoptr(UnsCatalog) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (UNS_TYPE_CATALOG, NULL);

  /* The list built into libpsl costs us no memory; the system's copy
   * (publicsuffix) is loaded, about 54 KB of heap, only when it was updated
   * since libpsl was built, and psl_latest() then picks the newest. */
  if (psl_builtin () != NULL && !psl_builtin_outdated ())
    {
      self->psl = (psl_ctx_t *) psl_builtin ();
      self->psl_is_builtin = TRUE;
    }
  else
    {
      self->psl = psl_latest (NULL);
      if (self->psl == NULL)
        {
          self->psl = (psl_ctx_t *) psl_builtin ();
          self->psl_is_builtin = TRUE;
        }
    }
  if (self->psl == NULL)
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_FAILED,
                           "No Public Suffix List is available (install the publicsuffix package)");
      return NULL;
    }

  if (!load_file (self, path, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* ---- Lookups ---- */

/**
 * uns_catalog_lookup_app:
 * @app_id: a desktop-file id, Flatpak id, snap desktop name, X11 class or
 *   Wayland app id
 *
 * Returns: (transfer none) (nullable): the service @app_id belongs to
 */
const UnsService *
uns_catalog_lookup_app (UnsCatalog *self,
                        const char *app_id)
{
  g_return_val_if_fail (UNS_IS_CATALOG (self), NULL);

  return find_app (self->apps, self->snaps, app_id);
}

/**
 * uns_catalog_lookup_domain:
 * @registrable_domain: a registrable domain, as from
 *   uns_catalog_registrable_domain()
 *
 * Short links, CDNs and shared infrastructure belong to no service.
 *
 * Returns: (transfer none) (nullable): the service that claims the domain
 */
const UnsService *
uns_catalog_lookup_domain (UnsCatalog *self,
                           const char *registrable_domain)
{
  g_return_val_if_fail (UNS_IS_CATALOG (self), NULL);

  if (registrable_domain == NULL || *registrable_domain == '\0')
    return NULL;
  return g_hash_table_lookup (self->domains, registrable_domain);
}

/**
 * uns_catalog_registrable_domain:
 * @hostname: a host name, such as m.facebook.com; Unicode names are
 *   converted to their ASCII (punycode) form
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the registrable domain (eTLD+1) of @hostname,
 *   lower-case, or %NULL with %UNS_ERROR_INVALID_ARGUMENT for an empty
 *   name, an IP address, a public suffix or an invalid host name
 */
char *
uns_catalog_registrable_domain (UnsCatalog *self,
                                const char *hostname,
                                GError    **error)
{
  g_autofree char *ascii = NULL;
  g_autofree char *host = NULL;
  const char *registrable;
  gsize len;

  g_return_val_if_fail (UNS_IS_CATALOG (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (hostname == NULL || *hostname == '\0')
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("An empty host name has no registrable domain."));
      return NULL;
    }
  if (!is_quotable (hostname))
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("This host name is not valid."));
      return NULL;
    }
  if (g_hostname_is_ip_address (hostname))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is an IP address, which has no registrable domain."), hostname);
      return NULL;
    }

  ascii = g_hostname_to_ascii (hostname);
  if (ascii == NULL)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid host name."), hostname);
      return NULL;
    }
  host = g_ascii_strdown (ascii, -1);
  len = strlen (host);
  if (len > 0 && host[len - 1] == '.')
    host[--len] = '\0';

  if (len > 0 && g_hostname_is_ip_address (host))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is an IP address, which has no registrable domain."), hostname);
      return NULL;
    }
  if (!is_hostname_syntax (host))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a valid host name."), hostname);
      return NULL;
    }

  /* Without the "*" rule, so that an unlisted name such as "localhost"
   * gets the plainer message below. */
  if (psl_is_public_suffix2 (self->psl, host, PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is a public suffix shared by many sites, so it has no registrable domain."),
                   hostname);
      return NULL;
    }
  registrable = psl_registrable_domain (self->psl, host);
  if (registrable == NULL)
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” has no registrable domain."), hostname);
      return NULL;
    }
  return g_strdup (registrable);
}

/**
 * uns_catalog_is_browser:
 * @app_id: an app id, matched like uns_catalog_lookup_app() does
 *
 * Returns: whether @app_id is a web browser, whose time belongs to the
 *   site its extension reports
 */
gboolean
uns_catalog_is_browser (UnsCatalog *self,
                        const char *app_id)
{
  g_return_val_if_fail (UNS_IS_CATALOG (self), FALSE);

  return find_app (self->browser_apps, self->browser_snaps, app_id) != NULL;
}

/**
 * uns_catalog_get_service:
 * @id: a service id
 *
 * Returns: (transfer none) (nullable): the shown built-in or user service
 *   with this id
 */
const UnsService *
uns_catalog_get_service (UnsCatalog *self,
                         const char *id)
{
  g_return_val_if_fail (UNS_IS_CATALOG (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->services, id);
}

static gint
compare_services (gconstpointer a,
                  gconstpointer b)
{
  const UnsService *sa = *(const UnsService * const *) a;
  const UnsService *sb = *(const UnsService * const *) b;
  gint order = g_utf8_collate (sa->name, sb->name);

  return order != 0 ? order : strcmp (sa->id, sb->id);
}

GPtrArray *
uns_catalog_list_services (UnsCatalog *self)
{
  GPtrArray *services;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (UNS_IS_CATALOG (self), NULL);

  services = g_ptr_array_sized_new (g_hash_table_size (self->services));
  g_hash_table_iter_init (&iter, self->services);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (services, value);
  g_ptr_array_sort (services, compare_services);
  return services;
}

/**
 * uns_catalog_get_category_name:
 * @category: a category id, including "other"
 *
 * Returns: (transfer none) (nullable): the name shown to people
 */
const char *
uns_catalog_get_category_name (UnsCatalog *self,
                               const char *category)
{
  const UnsCategory *found;

  g_return_val_if_fail (UNS_IS_CATALOG (self), NULL);

  if (category == NULL)
    return NULL;
  found = g_hash_table_lookup (self->category_index, category);
  return found != NULL ? found->name : NULL;
}

GPtrArray *
uns_catalog_list_categories (UnsCatalog *self)
{
  GPtrArray *categories;

  g_return_val_if_fail (UNS_IS_CATALOG (self), NULL);

  categories = g_ptr_array_sized_new (self->categories->len);
  for (guint i = 0; i < self->categories->len; i++)
    g_ptr_array_add (categories, g_ptr_array_index (self->categories, i));
  return categories;
}

/* ---- The user's own services ---- */

static void
unindex_user_service (UnsCatalog *self,
                      UnsService *service)
{
  for (guint i = 0; service->app_ids[i] != NULL; i++)
    {
      g_autofree char *key = app_key (service->app_ids[i], TRUE);

      if (g_hash_table_lookup (self->apps, key) == service)
        g_hash_table_remove (self->apps, key);
    }
  for (guint i = 0; service->domains[i] != NULL; i++)
    {
      if (g_hash_table_lookup (self->domains, service->domains[i]) == service)
        g_hash_table_remove (self->domains, service->domains[i]);
    }
}

/**
 * uns_catalog_add_user_service:
 * @id: a new id, [a-z0-9_-]{1,64}, not a built-in one; adding an id the
 *   user already added replaces that service
 * @name: the name shown to people, 1 to 100 bytes of UTF-8
 * @category: a category id other than "other"
 * @app_ids: (nullable): app ids of the service
 * @domains: (nullable): host names whose registrable domains belong to it
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %UNS_ERROR_INVALID_ARGUMENT for
 *   bad input or %UNS_ERROR_EXISTS when another service already claims an
 *   app id or domain
 */
gboolean
uns_catalog_add_user_service (UnsCatalog         *self,
                              const char         *id,
                              const char         *name,
                              const char         *category,
                              const char * const *app_ids,
                              const char * const *domains,
                              GError            **error)
{
  g_autoptr(GStrvBuilder) app_builder = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) domain_builder = g_strv_builder_new ();
  g_autoptr(GHashTable) app_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) domain_set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(UnsService) service = NULL;
  UnsService *old;
  UnsService *added;
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (UNS_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!is_valid_service_id (id))
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("A service id needs 1 to 64 characters from a–z, 0–9, “-” and “_”."));
      return FALSE;
    }
  if (g_hash_table_contains (self->builtin_ids, id))
    {
      g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                   _("“%s” is the id of a built-in service; please choose another id."), id);
      return FALSE;
    }
  if (!is_valid_service_name (name))
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("A service name needs 1 to 100 bytes of text, without control characters."));
      return FALSE;
    }
  if (category != NULL && g_str_equal (category, OTHER_CATEGORY))
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("Please choose a category other than “other” for a service of your own."));
      return FALSE;
    }
  if (category == NULL || !g_hash_table_contains (self->category_index, category))
    {
      if (is_quotable (category))
        g_set_error (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                     _("“%s” is not a category; please choose one from the list of categories."),
                     category);
      else
        g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                             _("Please choose a category from the list of categories."));
      return FALSE;
    }

  old = g_hash_table_lookup (self->services, id);

  for (guint i = 0; app_ids != NULL && app_ids[i] != NULL; i++)
    {
      g_autofree char *app_key_str = NULL;
      const UnsService *owner;

      if (!is_valid_app_id (app_ids[i]))
        {
          g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                               _("An app id needs 1 to 255 bytes of text, without “/” or control characters."));
          return FALSE;
        }
      app_key_str = app_key (app_ids[i], TRUE);
      if (*app_key_str == '\0')
        {
          g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                               _("An app id needs a name before “.desktop”."));
          return FALSE;
        }
      /* Anything lookup_app() would already send elsewhere is taken. */
      owner = uns_catalog_lookup_app (self, app_ids[i]);
      if (owner != NULL && owner != old)
        {
          g_set_error (error, UNS_ERROR, UNS_ERROR_EXISTS,
                       _("The app id “%s” already belongs to %s."), app_ids[i], owner->name);
          return FALSE;
        }
      if (g_hash_table_add (app_keys, g_steal_pointer (&app_key_str)))
        g_strv_builder_add (app_builder, app_ids[i]);
    }

  for (guint i = 0; domains != NULL && domains[i] != NULL; i++)
    {
      g_autofree char *domain = uns_catalog_registrable_domain (self, domains[i], error);
      const UnsService *owner;

      if (domain == NULL)
        return FALSE;
      owner = uns_catalog_lookup_domain (self, domain);
      if (owner != NULL && owner != old)
        {
          g_set_error (error, UNS_ERROR, UNS_ERROR_EXISTS,
                       _("The site %s already belongs to %s."), domain, owner->name);
          return FALSE;
        }
      if (!g_hash_table_contains (domain_set, domain))
        {
          g_strv_builder_add (domain_builder, domain);
          g_hash_table_add (domain_set, g_steal_pointer (&domain));
        }
    }

  if (g_hash_table_size (app_keys) == 0 && g_hash_table_size (domain_set) == 0)
    {
      g_set_error_literal (error, UNS_ERROR, UNS_ERROR_INVALID_ARGUMENT,
                           _("A service needs at least one app id or web site."));
      return FALSE;
    }

  service = g_new0 (UnsService, 1);
  service->id = g_strdup (id);
  service->name = g_strdup (name);
  service->category = g_strdup (category);
  service->app_ids = g_strv_builder_end (app_builder);
  service->domains = g_strv_builder_end (domain_builder);
  service->user_defined = TRUE;

  if (old != NULL)
    {
      unindex_user_service (self, old);
      g_hash_table_remove (self->services, id);
    }

  added = g_steal_pointer (&service);
  g_hash_table_insert (self->services, added->id, added);

  g_hash_table_iter_init (&iter, app_keys);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_hash_table_iter_steal (&iter);
      g_hash_table_insert (self->apps, key, added);
    }
  for (guint i = 0; added->domains[i] != NULL; i++)
    g_hash_table_insert (self->domains, g_strdup (added->domains[i]), added);

  return TRUE;
}

/**
 * uns_catalog_remove_user_service:
 * @id: the id of a service the user added
 * @error: return location for a #GError
 *
 * Returns: %TRUE on success; %FALSE with %UNS_ERROR_NOT_FOUND for a
 *   built-in or unknown id
 */
gboolean
uns_catalog_remove_user_service (UnsCatalog *self,
                                 const char *id,
                                 GError    **error)
{
  UnsService *service;

  g_return_val_if_fail (UNS_IS_CATALOG (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  service = id != NULL ? g_hash_table_lookup (self->services, id) : NULL;
  if (service == NULL || !service->user_defined)
    {
      if (is_quotable (id))
        g_set_error (error, UNS_ERROR, UNS_ERROR_NOT_FOUND,
                     _("There is no service of your own with the id “%s”."), id);
      else
        g_set_error_literal (error, UNS_ERROR, UNS_ERROR_NOT_FOUND,
                             _("There is no service of your own with this id."));
      return FALSE;
    }

  unindex_user_service (self, service);
  g_hash_table_remove (self->services, id);
  return TRUE;
}
