/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll resources: crisis lines and support organisations for a country. */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "uns-cli.h"

/* Names for the countries resources.json has entries for, as they read
 * after "Support in". A code missing here is shown as the code. */
static const struct
{
  const char *code;
  const char *name;
} country_names[] = {
  /* TRANSLATORS: country names as they follow "Support in" */
  { "AR", N_("Argentina") },
  { "AT", N_("Austria") },
  { "AU", N_("Australia") },
  { "BE", N_("Belgium") },
  { "BR", N_("Brazil") },
  { "CA", N_("Canada") },
  { "CH", N_("Switzerland") },
  { "DE", N_("Germany") },
  { "DK", N_("Denmark") },
  { "ES", N_("Spain") },
  { "FI", N_("Finland") },
  { "FR", N_("France") },
  { "GB", N_("the United Kingdom") },
  { "HK", N_("Hong Kong") },
  { "IE", N_("Ireland") },
  { "IL", N_("Israel") },
  { "IN", N_("India") },
  { "IT", N_("Italy") },
  { "JP", N_("Japan") },
  { "KR", N_("South Korea") },
  { "MX", N_("Mexico") },
  { "NL", N_("the Netherlands") },
  { "NO", N_("Norway") },
  { "NZ", N_("New Zealand") },
  { "PH", N_("the Philippines") },
  { "PL", N_("Poland") },
  { "PT", N_("Portugal") },
  { "SE", N_("Sweden") },
  { "SG", N_("Singapore") },
  { "US", N_("the United States") },
  { "ZA", N_("South Africa") },
};

static const char *
country_name (const char *code)
{
  for (gsize i = 0; i < G_N_ELEMENTS (country_names); i++)
    if (g_ascii_strcasecmp (country_names[i].code, code) == 0)
      return _(country_names[i].name);
  return code;
}

static gboolean
is_country_code (const char *text)
{
  return g_ascii_isalpha (text[0]) && g_ascii_isalpha (text[1]) && text[2] == '\0';
}

/* Whoever asks for support and hits an error may need it now: besides the
 * error, name the international directory the resources file offers
 * every country (a fact with sources there, repeated here because the
 * daemon that would say it cannot be asked). */
static int
report_error_with_directory (GError *error)
{
  int exit_code = uns_cli_report_error (error);

  if (exit_code == UNS_CLI_EXIT_FAILURE)
    {
      /* TRANSLATORS: %s is the web address https://findahelpline.com */
      g_printerr (_("If you need someone to talk to now, %s lists free helplines in many countries."),
                  "https://findahelpline.com");
      g_printerr ("\n");
    }
  return exit_code;
}

/* The labels of an entry's lines, so that their values line up. */
typedef enum
{
  LABEL_PHONE,
  LABEL_TEXT,
  LABEL_WEB,
  LABEL_CHAT,
  LABEL_HOURS,
  LABEL_AUDIENCE,
  LABEL_LANGUAGES,
  N_LABELS
} Label;

static const char *
label_text (Label label)
{
  switch (label)
    {
    case LABEL_PHONE:
      /* TRANSLATORS: a label before a phone number */
      return _("Phone");
    case LABEL_TEXT:
      /* TRANSLATORS: a label before a text-message (SMS) number */
      return _("Text");
    case LABEL_WEB:
      /* TRANSLATORS: a label before a web address */
      return _("Web");
    case LABEL_CHAT:
      /* TRANSLATORS: a label before how to chat online */
      return _("Chat");
    case LABEL_HOURS:
      /* TRANSLATORS: a label before opening hours such as "24/7" */
      return _("Hours");
    case LABEL_AUDIENCE:
      /* TRANSLATORS: a label before who a service is for, such as "young people" */
      return _("For");
    case LABEL_LANGUAGES:
      /* TRANSLATORS: a label before the languages a service speaks */
      return _("Languages");
    case N_LABELS:
    default:
      g_assert_not_reached ();
    }
}

static gsize
label_width (void)
{
  gsize width = 0;

  for (Label label = 0; label < N_LABELS; label++)
    width = MAX (width, uns_cli_display_width (label_text (label)));
  return width;
}

static void
append_line (GString    *out,
             Label       label,
             const char *value,
             gsize       width)
{
  const char *text = label_text (label);

  if (value == NULL || *value == '\0')
    return;
  g_string_append (out, "    ");
  g_string_append (out, text);
  for (gsize used = uns_cli_display_width (text); used < width + 2; used++)
    g_string_append_c (out, ' ');
  g_string_append (out, value);
  g_string_append_c (out, '\n');
}

static const char *
lookup_string (GVariant   *entry,
               const char *key)
{
  const char *value = NULL;

  if (!g_variant_lookup (entry, key, "&s", &value))
    return NULL;
  return value;
}

static void
append_entry (GString  *out,
              GVariant *entry,
              gsize     width)
{
  const char *sms = lookup_string (entry, "sms");
  g_autofree const char **languages = NULL;
  g_autofree char *languages_text = NULL;
  gboolean verified = TRUE;

  g_variant_lookup (entry, "verified", "b", &verified);
  g_string_append (out, "  ");
  g_string_append (out, lookup_string (entry, "name"));
  if (!verified)
    {
      g_string_append_c (out, ' ');
      g_string_append (out, _("(not yet confirmed by two sources)"));
    }
  g_string_append_c (out, '\n');

  /* The data often says "Text HOME to 741741": after the label "Text" the
   * rest reads on. */
  if (sms != NULL && g_ascii_strncasecmp (sms, "Text ", 5) == 0 &&
      strcmp (label_text (LABEL_TEXT), "Text") == 0)
    sms += 5;

  if (g_variant_lookup (entry, "languages", "^a&s", &languages))
    languages_text = g_strjoinv (", ", (char **) languages);

  append_line (out, LABEL_PHONE, lookup_string (entry, "phone"), width);
  append_line (out, LABEL_TEXT, sms, width);
  append_line (out, LABEL_WEB, lookup_string (entry, "url"), width);
  append_line (out, LABEL_CHAT, lookup_string (entry, "chat"), width);
  append_line (out, LABEL_HOURS, lookup_string (entry, "hours"), width);
  append_line (out, LABEL_AUDIENCE, lookup_string (entry, "audience"), width);
  append_line (out, LABEL_LANGUAGES, languages_text, width);
}

static const char *
section_heading (const char *kind)
{
  if (g_strcmp0 (kind, "crisis") == 0)
    return _("Crisis lines: someone to talk to now");
  if (g_strcmp0 (kind, "support") == 0)
    return _("More support");
  return _("Directories of helplines");
}

static void
print_text (const char *requested,
            const char *country_used,
            const char *disclaimer,
            GVariant   *resources)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *oldest = NULL;
  const char *last_kind = NULL;
  gsize width = label_width ();
  GVariantIter iter;
  GVariant *entry;

  if (*country_used != '\0')
    {
      /* TRANSLATORS: %s is a country name such as "the United Kingdom" */
      g_string_append_printf (out, _("Support in %s"), country_name (country_used));
      g_string_append (out, "\n\n");
    }
  else
    {
      g_string_append_printf (out, "%s\n\n", _("Support around the world"));
      if (requested != NULL && *requested != '\0')
        {
          /* TRANSLATORS: %s is a country name such as "Luxembourg" or a code such as "LU" */
          g_string_append_printf (out, _("Unscroll doesn't list lines for %s yet. These directories can point you to one nearby."),
                                  country_name (requested));
          g_string_append (out, "\n\n");
        }
      else
        {
          g_string_append_printf (out, "%s\n\n",
                                  _("These directories can point you to a helpline nearby. To see lines for your country, run “unscroll resources --country XX” with its two-letter code, such as GB."));
        }
    }

  if (disclaimer != NULL && *disclaimer != '\0')
    g_string_append_printf (out, "%s\n", disclaimer);

  g_variant_iter_init (&iter, resources);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      const char *kind = lookup_string (entry, "kind");
      const char *checked = lookup_string (entry, "last-checked");

      if (lookup_string (entry, "name") == NULL)
        {
          g_variant_unref (entry);
          continue;
        }
      if (last_kind == NULL || g_strcmp0 (kind, last_kind) != 0)
        {
          g_string_append_printf (out, "\n%s\n", section_heading (kind));
          last_kind = kind;
        }
      g_string_append_c (out, '\n');
      append_entry (out, entry, width);
      if (checked != NULL && (oldest == NULL || strcmp (checked, oldest) < 0))
        {
          g_free (oldest);
          oldest = g_strdup (checked);
        }
      g_variant_unref (entry);
    }

  if (oldest != NULL)
    {
      g_string_append_c (out, '\n');
      /* TRANSLATORS: %s is a date such as 2026-11-23 */
      g_string_append_printf (out, _("Details last checked on %s. For the sources, run “unscroll resources --json”."),
                              oldest);
      g_string_append_c (out, '\n');
    }

  g_print ("%s", out->str);
}

static void
print_json (const char *country_used,
            const char *disclaimer,
            GVariant   *resources)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GVariantIter iter;
  GVariant *entry;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "country");
  json_builder_add_string_value (builder, country_used);
  json_builder_set_member_name (builder, "disclaimer");
  json_builder_add_string_value (builder, disclaimer != NULL ? disclaimer : "");
  json_builder_set_member_name (builder, "resources");
  json_builder_begin_array (builder);

  /* Every key the daemon sends, spelt like the rest of the CLI's JSON
   * ("last-checked" becomes "last_checked"), so new keys appear without a
   * new CLI. */
  g_variant_iter_init (&iter, resources);
  while ((entry = g_variant_iter_next_value (&iter)) != NULL)
    {
      GVariantIter fields;
      const char *key;
      GVariant *value;

      json_builder_begin_object (builder);
      g_variant_iter_init (&fields, entry);
      while (g_variant_iter_next (&fields, "{&sv}", &key, &value))
        {
          g_autofree char *name = g_strdelimit (g_strdup (key), "-", '_');

          json_builder_set_member_name (builder, name);
          json_builder_add_value (builder, json_gvariant_serialize (value));
          g_variant_unref (value);
        }
      json_builder_end_object (builder);
      g_variant_unref (entry);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  uns_cli_print_json (root);
}

int
uns_cli_resources (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusResources) proxy = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) resources = NULL;
  g_autofree char *country = NULL;
  g_autofree char *country_used = NULL;
  g_auto(GVariantDict) options = G_VARIANT_DICT_INIT (NULL);
  g_autofree char *requested = NULL;
  gboolean all = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "country", 'c', 0, G_OPTION_ARG_STRING, &country,
      N_("The country, as a two-letter code such as GB (default: from settings or the language)"),
      N_("XX") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      N_("Also show entries not yet confirmed by two sources"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for programs"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new ("resources", NULL,
                                        _("Shows crisis lines and support organisations for your country."),
                                        entries, NULL);
  g_option_context_set_description (context,
                                    _("The country comes from the “country” setting, else from your language settings. "
                                      "Every entry is confirmed by two or more sources unless --all is given."));
  if (!uns_cli_parse_options (context, "resources", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error ("resources", _("Unexpected argument “%s”"), argv[1]);
  if (country != NULL && !is_country_code (country))
    return uns_cli_usage_error ("resources", _("“%s” is not a country code. Use two letters, such as GB or DE."),
                                country);

  proxy = uns_cli_get_resources (&error);
  if (proxy == NULL)
    return report_error_with_directory (error);

  g_variant_dict_insert (&options, "include-unverified", "b", all);
  if (!uns_dbus_resources_call_get_resources_sync (proxy, country != NULL ? country : "",
                                                   g_variant_dict_end (&options),
                                                   G_DBUS_CALL_FLAGS_NONE, -1,
                                                   &country_used, &resources, NULL, &error))
    return report_error_with_directory (error);

  if (country != NULL)
    requested = g_ascii_strup (country, -1);
  else
    requested = g_strdup (uns_dbus_resources_get_country (proxy));
  if (json)
    print_json (country_used, uns_dbus_resources_get_disclaimer (proxy), resources);
  else
    print_text (requested, country_used, uns_dbus_resources_get_disclaimer (proxy), resources);
  return UNS_CLI_EXIT_OK;
}
