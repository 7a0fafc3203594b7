/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll services: the catalog of services, and the user's own. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "uns-cli.h"

static void
append_cell (GString    *line,
             const char *text,
             gsize       width)
{
  gsize used = uns_cli_display_width (text);

  g_string_append (line, text);
  for (; used < width + 2; used++)
    g_string_append_c (line, ' ');
}

static void
print_table (GVariant *services)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *headers[] = { _("ID"), _("NAME"), _("CATEGORY"), _("ORIGIN") };
  const char *builtin = _("built-in");
  const char *yours = _("yours");
  gsize widths[3];
  GVariantIter iter;
  const char *id, *name, *category;
  gboolean user_defined;
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (widths); i++)
    widths[i] = uns_cli_display_width (headers[i]);

  g_variant_iter_init (&iter, services);
  while (g_variant_iter_next (&iter, "(&s&s&s^a&s^a&sb)", &id, &name, &category, NULL, NULL, NULL))
    {
      widths[0] = MAX (widths[0], uns_cli_display_width (id));
      widths[1] = MAX (widths[1], uns_cli_display_width (name));
      widths[2] = MAX (widths[2], uns_cli_display_width (category));
    }

  for (i = 0; i < G_N_ELEMENTS (widths); i++)
    append_cell (out, headers[i], widths[i]);
  g_string_append (out, headers[3]);
  g_string_append_c (out, '\n');

  g_variant_iter_init (&iter, services);
  while (g_variant_iter_next (&iter, "(&s&s&s^a&s^a&sb)", &id, &name, &category, NULL, NULL, &user_defined))
    {
      append_cell (out, id, widths[0]);
      append_cell (out, name, widths[1]);
      append_cell (out, category, widths[2]);
      g_string_append (out, user_defined ? yours : builtin);
      g_string_append_c (out, '\n');
    }

  g_print ("%s", out->str);
}

static void
add_string_array (JsonBuilder        *builder,
                  const char * const *strings)
{
  json_builder_begin_array (builder);
  for (; strings != NULL && *strings != NULL; strings++)
    json_builder_add_string_value (builder, *strings);
  json_builder_end_array (builder);
}

static void
print_json (GVariant *services)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GVariantIter iter;
  const char *id, *name, *category;
  g_autofree const char **app_ids = NULL;
  g_autofree const char **domains = NULL;
  gboolean user_defined;

  json_builder_begin_array (builder);
  g_variant_iter_init (&iter, services);
  while (g_variant_iter_next (&iter, "(&s&s&s^a&s^a&sb)", &id, &name, &category,
                              &app_ids, &domains, &user_defined))
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, name);
      json_builder_set_member_name (builder, "category");
      json_builder_add_string_value (builder, category);
      json_builder_set_member_name (builder, "app_ids");
      add_string_array (builder, app_ids);
      json_builder_set_member_name (builder, "domains");
      add_string_array (builder, domains);
      json_builder_set_member_name (builder, "user_defined");
      json_builder_add_boolean_value (builder, user_defined);
      json_builder_end_object (builder);
      g_clear_pointer (&app_ids, g_free);
      g_clear_pointer (&domains, g_free);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  uns_cli_print_json (root);
}

static int
services_list (int        argc,
               char     **argv,
               gboolean   explicit)
{
  const char *command = explicit ? "services list" : "services";
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusCatalog) catalog = NULL;
  g_autoptr(GVariant) services = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ids = FALSE;
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "ids", 0, 0, G_OPTION_ARG_NONE, &ids, N_("Print only the ids, one a line"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for programs"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new (command, explicit ? NULL : _("[list|add|remove]"),
                                        _("Lists the services Unscroll recognises: the built-in ones and your own."),
                                        entries, NULL);
  if (!explicit)
    g_option_context_set_description (context,
                                      _("Commands:\n"
                                        "  list                 List every service (the default)\n"
                                        "  add ID --name NAME --category CATEGORY [--app APP-ID]… [--domain HOST]…\n"
                                        "                       Add a service of your own\n"
                                        "  remove ID            Remove a service you added\n"
                                        "\n"
                                        "Run “unscroll services add --help” for the options of add."));
  if (!uns_cli_parse_options (context, command, &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error (command, _("Unexpected argument “%s”"), argv[1]);
  if (ids && json)
    return uns_cli_usage_error (command, "%s", _("Choose one of --ids or --json."));

  catalog = uns_cli_get_catalog (&error);
  if (catalog == NULL ||
      !uns_dbus_catalog_call_list_services_sync (catalog, G_DBUS_CALL_FLAGS_NONE, -1,
                                                 &services, NULL, &error))
    return uns_cli_report_error (error);

  if (ids)
    {
      GVariantIter iter;
      const char *id;

      /* For scripts and completion: plain UTF-8, whatever the locale. */
      g_variant_iter_init (&iter, services);
      while (g_variant_iter_next (&iter, "(&s&s&s^a&s^a&sb)", &id, NULL, NULL, NULL, NULL, NULL))
        printf ("%s\n", id);
    }
  else if (json)
    print_json (services);
  else
    print_table (services);
  return UNS_CLI_EXIT_OK;
}

static int
services_add (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *category = NULL;
  g_auto(GStrv) app_ids = NULL;
  g_auto(GStrv) domains = NULL;
  const char *const empty[] = { NULL };
  const GOptionEntry entries[] = {
    { "name", 'n', 0, G_OPTION_ARG_STRING, &name,
      N_("The name to show"), N_("NAME") },
    { "category", 'c', 0, G_OPTION_ARG_STRING, &category,
      N_("Its category (see “unscroll services list”)"), N_("CATEGORY") },
    { "app", 0, 0, G_OPTION_ARG_STRING_ARRAY, &app_ids,
      N_("An application id that belongs to it (repeatable)"), N_("APP-ID") },
    { "domain", 0, 0, G_OPTION_ARG_STRING_ARRAY, &domains,
      N_("A web site that belongs to it, such as example.org (repeatable)"), N_("HOST") },
    { NULL }
  };

  context = uns_cli_option_context_new ("services add", _("ID"),
                                        _("Adds a service of your own, so time on it counts as social media."),
                                        entries, NULL);
  g_option_context_set_description (context,
                                    _("ID is 1 to 64 characters from a-z, 0-9, “_” and “-”. "
                                      "Adding an id you added before replaces that service. "
                                      "Time already recorded keeps the service it had."));
  if (!uns_cli_parse_options (context, "services add", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc < 2)
    return uns_cli_usage_error ("services add", "%s", _("Which id should the new service have?"));
  if (argc > 2)
    return uns_cli_usage_error ("services add", _("Unexpected argument “%s”"), argv[2]);
  if (name == NULL || *name == '\0')
    return uns_cli_usage_error ("services add", "%s", _("--name is needed."));
  if (category == NULL || *category == '\0')
    return uns_cli_usage_error ("services add", "%s", _("--category is needed."));
  if ((app_ids == NULL || app_ids[0] == NULL) && (domains == NULL || domains[0] == NULL))
    return uns_cli_usage_error ("services add", "%s", _("Give at least one --app or --domain."));

  catalog = uns_cli_get_catalog (&error);
  if (catalog == NULL ||
      !uns_dbus_catalog_call_add_service_sync (catalog, argv[1], name, category,
                                               app_ids != NULL ? (const char *const *) app_ids : empty,
                                               domains != NULL ? (const char *const *) domains : empty,
                                               G_DBUS_CALL_FLAGS_NONE, -1,
                                               NULL, &error))
    return uns_cli_report_error (error);

  /* TRANSLATORS: the first %s is a name, the second an id */
  g_print (_("Added “%s” (%s). Time from now on counts toward it."), name, argv[1]);
  g_print ("\n");
  return UNS_CLI_EXIT_OK;
}

static int
services_remove (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;

  context = uns_cli_option_context_new ("services remove", _("ID"),
                                        _("Removes a service you added. Time already recorded is kept."),
                                        NULL, NULL);
  if (!uns_cli_parse_options (context, "services remove", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc < 2)
    return uns_cli_usage_error ("services remove", "%s", _("Which service should go? Give its id."));
  if (argc > 2)
    return uns_cli_usage_error ("services remove", _("Unexpected argument “%s”"), argv[2]);

  catalog = uns_cli_get_catalog (&error);
  if (catalog == NULL ||
      !uns_dbus_catalog_call_remove_service_sync (catalog, argv[1],
                                                  G_DBUS_CALL_FLAGS_NONE, -1,
                                                  NULL, &error))
    return uns_cli_report_error (error);

  g_print (_("Removed “%s”. Time already recorded is kept."), argv[1]);
  g_print ("\n");
  return UNS_CLI_EXIT_OK;
}

int
uns_cli_services (int    argc,
                  char **argv)
{
  /* A first argument that isn't an option picks the subcommand, which then
   * sees itself as argv[0]. */
  if (argc >= 2 && argv[1][0] != '-')
    {
      if (strcmp (argv[1], "list") == 0)
        return services_list (argc - 1, argv + 1, TRUE);
      if (strcmp (argv[1], "add") == 0)
        return services_add (argc - 1, argv + 1);
      if (strcmp (argv[1], "remove") == 0)
        return services_remove (argc - 1, argv + 1);
      return uns_cli_usage_error ("services", _("“%s” is not something unscroll services can do; use list, add or remove."),
                                  argv[1]);
    }

  return services_list (argc, argv, FALSE);
}
