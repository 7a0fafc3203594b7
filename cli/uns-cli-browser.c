/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll browser: writes, removes and lists the per-user native-messaging
 * manifests that let the browsers in the home folder start
 * unscroll-native-host. */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "uns-cli.h"

/* The name the extension passes to runtime.connectNative(); a manifest's
 * file name must be this plus ".json". */
#define HOST_NAME "io.github.unscroll"
#define MANIFEST_FILE HOST_NAME ".json"
#define HOST_PROGRAM "unscroll-native-host"
#define GECKO_ID "unscroll@unscroll.github.io"

/* A manifest far larger than ours is not ours: don't read it whole. */
#define MANIFEST_MAX_BYTES (64 * 1024)

typedef enum
{
  FAMILY_CHROMIUM,
  FAMILY_FIREFOX,
} Family;

typedef struct
{
  const char *id;
  const char *name;
  Family family;
  /* The browser's own folder: under the XDG config folder for the Chromium
   * family, under the home folder for Firefox. */
  const char *folder;
  /* Where per-user manifests go, inside that folder. */
  const char *hosts;
  /* Program names on PATH that mean the browser is installed. */
  const char *programs[3];
} Browser;

/* Where each browser looks for per-user manifests on Linux.
 *
 * Chromium family: the NativeMessagingHosts/ folder of the user data
 * folder, which is $XDG_CONFIG_HOME (else ~/.config) plus a per-browser name:
 * - Chromium, Google Chrome: developer.chrome.com, "Native messaging", host
 *   location (GoogleChrome/developer.chrome.com
 *   site/en/docs/extensions/mv3/nativeMessaging/index.md), and
 *   chromium/chromium docs/user_data_dir.md and
 *   chrome/common/chrome_paths_linux.cc (GetDefaultUserDataDirectory:
 *   $CHROME_CONFIG_HOME, else $XDG_CONFIG_HOME, else ~/.config; plus
 *   "chromium" or "google-chrome").
 * - Brave: brave/brave-core chromium_src/chrome/common/chrome_paths_linux.cc
 *   ($XDG_CONFIG_HOME, else ~/.config, plus "BraveSoftware/Brave-Browser";
 *   Brave ignores $CHROME_CONFIG_HOME).
 * - Microsoft Edge: MicrosoftDocs/edge-developer
 *   microsoft-edge/extensions-chromium/developer-guide/native-messaging.md
 *   (~/.config/microsoft-edge/NativeMessagingHosts).
 * - Vivaldi: keepassxreboot/keepassxc src/browser/NativeMessageInstaller.cpp
 *   (the XDG config folder plus "vivaldi/NativeMessagingHosts"; it uses the
 *   same rule for the other Chromium browsers above, and ~ for Firefox).
 * Firefox: MDN, "Native manifests", manifest location on Linux, per user
 *   (mdn/content files/en-us/mozilla/add-ons/webextensions/native_manifests/
 *   index.md): ~/.mozilla/native-messaging-hosts/<name>.json.
 *
 * $CHROME_CONFIG_HOME is not followed: Brave ignores it, and so the Chromium
 * family shares one rule. Browsers installed as Flatpaks or snaps keep their
 * folders elsewhere and cannot start a host outside their sandbox anyway.
 *
 * The program names are those the browsers' Linux packages put in
 * /usr/bin (Debian's chromium and firefox-esr; the vendors' google-chrome-
 * stable, brave-browser, microsoft-edge-stable and vivaldi-stable). */
static const Browser browsers[] = {
  { "chromium", "Chromium", FAMILY_CHROMIUM,
    "chromium", "NativeMessagingHosts",
    { "chromium", "chromium-browser", NULL } },
  { "chrome", "Google Chrome", FAMILY_CHROMIUM,
    "google-chrome", "NativeMessagingHosts",
    { "google-chrome", "google-chrome-stable", NULL } },
  { "brave", "Brave", FAMILY_CHROMIUM,
    "BraveSoftware/Brave-Browser", "NativeMessagingHosts",
    { "brave-browser", "brave", NULL } },
  { "edge", "Microsoft Edge", FAMILY_CHROMIUM,
    "microsoft-edge", "NativeMessagingHosts",
    { "microsoft-edge", "microsoft-edge-stable", NULL } },
  { "vivaldi", "Vivaldi", FAMILY_CHROMIUM,
    "vivaldi", "NativeMessagingHosts",
    { "vivaldi", "vivaldi-stable", NULL } },
  { "firefox", "Firefox", FAMILY_FIREFOX,
    ".mozilla", "native-messaging-hosts",
    { "firefox", "firefox-esr", NULL } },
};

/* What is at a browser's manifest path. */
typedef enum
{
  MANIFEST_ABSENT,
  MANIFEST_OURS,
  MANIFEST_FOREIGN,
} ManifestState;

static char *
browser_folder (const Browser *browser)
{
  const char *base = browser->family == FAMILY_FIREFOX ? g_get_home_dir ()
                                                       : g_get_user_config_dir ();

  return g_build_filename (base, browser->folder, NULL);
}

static char *
manifest_path (const Browser *browser)
{
  g_autofree char *folder = browser_folder (browser);

  return g_build_filename (folder, browser->hosts, MANIFEST_FILE, NULL);
}

/* A browser is found when its folder exists (it has run for this user) or
 * one of its programs is on PATH (installed, maybe never started: the
 * folder a manifest goes into is made then, and the browser reads it on
 * its first start). */
static gboolean
browser_found (const Browser *browser)
{
  g_autofree char *folder = browser_folder (browser);
  const char *const *program;

  if (g_file_test (folder, G_FILE_TEST_IS_DIR))
    return TRUE;
  for (program = browser->programs; *program != NULL; program++)
    {
      g_autofree char *found = g_find_program_in_path (*program);

      if (found != NULL)
        return TRUE;
    }
  return FALSE;
}

/* The installed host, or $UNSCROLL_NATIVE_HOST for tests and for running
 * from a build tree. Browsers need an absolute path. */
static const char *
host_path (void)
{
  const char *path = g_getenv ("UNSCROLL_NATIVE_HOST");

  if (path != NULL && *path != '\0')
    return path;
  return UNS_NATIVE_HOST_PATH;
}

/* The extension's fixed id, from browser-extension/extension-id.txt at
 * configure time: 32 letters a-p, as Chromium derives ids from keys. */
static gboolean
chromium_id_is_valid (void)
{
  const char *id = UNS_CHROMIUM_EXTENSION_ID;
  gsize i;

  for (i = 0; id[i] != '\0'; i++)
    if (id[i] < 'a' || id[i] > 'p')
      return FALSE;
  return i == 32;
}

static char *
manifest_new (const Browser *browser,
              const char    *host)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *data = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, HOST_NAME);
  json_builder_set_member_name (builder, "description");
  /* Not translated: the browser may show it, in its own language. */
  json_builder_add_string_value (builder, "Unscroll: links the browser extension to the Unscroll service");
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, host);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "stdio");
  if (browser->family == FAMILY_FIREFOX)
    {
      json_builder_set_member_name (builder, "allowed_extensions");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, GECKO_ID);
      json_builder_end_array (builder);
    }
  else
    {
      g_autofree char *origin = g_strdup_printf ("chrome-extension://%s/", UNS_CHROMIUM_EXTENSION_ID);

      json_builder_set_member_name (builder, "allowed_origins");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, origin);
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  data = json_generator_to_data (generator, NULL);
  return g_strconcat (data, "\n", NULL);
}

/* The string member @name of @object, or %NULL when it is missing or
 * anything but a string. */
static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Ours means: our host name, and a path to a program called
 * unscroll-native-host (this install's or an earlier one's) or to the host
 * this command would write now. Anything else at that name is left alone.
 * @out_host gets the manifest's path member when it is ours. */
static gboolean
manifest_state (const char     *path,
                ManifestState  *out_state,
                char          **out_host,
                GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *basename = NULL;
  gsize length = 0;
  JsonNode *root;
  JsonObject *object;
  const char *name;
  const char *host;
  GStatBuf buf;

  *out_state = MANIFEST_FOREIGN;
  if (g_lstat (path, &buf) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        {
          *out_state = MANIFEST_ABSENT;
          return TRUE;
        }
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Unscroll can't look at %s: %s"), path, g_strerror (saved_errno));
      return FALSE;
    }
  /* A symbolic link is followed only to read it; a folder or a huge file
   * at that name can't be ours. */
  if (g_stat (path, &buf) != 0 || !S_ISREG (buf.st_mode) || buf.st_size > MANIFEST_MAX_BYTES)
    return TRUE;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (length > MANIFEST_MAX_BYTES ||
      !json_parser_load_from_data (parser, contents, length, NULL))
    return TRUE;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return TRUE;
  object = json_node_get_object (root);
  name = get_string_member (object, "name");
  host = get_string_member (object, "path");
  if (name == NULL || host == NULL || strcmp (name, HOST_NAME) != 0)
    return TRUE;

  basename = g_path_get_basename (host);
  if (strcmp (basename, HOST_PROGRAM) != 0 && strcmp (host, host_path ()) != 0)
    return TRUE;

  *out_state = MANIFEST_OURS;
  if (out_host != NULL)
    *out_host = g_strdup (host);
  return TRUE;
}

static gboolean
write_manifest (const Browser *browser,
                const char    *host,
                GError       **error)
{
  g_autofree char *path = manifest_path (browser);
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *contents = manifest_new (browser, host);

  if (g_mkdir_with_parents (folder, 0755) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Unscroll can't make the folder %s: %s"), folder, g_strerror (saved_errno));
      return FALSE;
    }

  /* Written beside and renamed over: a browser starting now reads the old
   * manifest or the new one, never half of one. */
  return g_file_set_contents_full (path, contents, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT,
                                   0644, error);
}

/* --user and --system, and nothing else, for install and uninstall. */
static int
check_scope (const char *command,
             gboolean    user,
             gboolean    system,
             int         argc,
             char      **argv)
{
  if (argc > 1)
    return uns_cli_usage_error (command, _("Unexpected argument “%s”"), argv[1]);
  if (system)
    return uns_cli_usage_error (command, "%s",
                                _("Browsers are set up here for you only: use --user. "
                                  "For everyone, the manifests come with Unscroll itself when it "
                                  "is installed (meson install, or your distribution's package)."));
  if (!user)
    return uns_cli_usage_error (command, "%s",
                                _("Add --user to set up the browsers in your home folder. "
                                  "System-wide, the browser manifests come with Unscroll itself "
                                  "when it is installed."));
  return UNS_CLI_EXIT_OK;
}

static int
browser_install (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  gboolean user = FALSE;
  gboolean system = FALSE;
  const char *host = host_path ();
  int exit_code = UNS_CLI_EXIT_OK;
  gsize i;
  const GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_NONE, &user, N_("Set up the browsers in your home folder"), NULL },
    { "system", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &system, NULL, NULL },
    { NULL }
  };

  context = uns_cli_option_context_new ("browser install", NULL,
                                        _("Lets the browsers you use start Unscroll's browser host, "
                                          "so the Unscroll extension can count time on web sites."),
                                        entries, NULL);
  g_option_context_set_description (context,
                                    _("Writes a native-messaging manifest for each of Chromium, "
                                      "Google Chrome, Brave, Microsoft Edge, Vivaldi and Firefox that is "
                                      "installed or has a folder in your home folder. Run it again after "
                                      "moving Unscroll."));
  if (!uns_cli_parse_options (context, "browser install", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  exit_code = check_scope ("browser install", user, system, argc, argv);
  if (exit_code != UNS_CLI_EXIT_OK)
    return exit_code;

  if (!g_path_is_absolute (host) || !g_file_test (host, G_FILE_TEST_IS_EXECUTABLE) ||
      g_file_test (host, G_FILE_TEST_IS_DIR))
    return uns_cli_error (_("Unscroll's browser host isn't installed at %s yet. "
                            "Install Unscroll first, then run this again."), host);

  for (i = 0; i < G_N_ELEMENTS (browsers); i++)
    {
      const Browser *browser = &browsers[i];
      g_autofree char *path = manifest_path (browser);
      g_autoptr(GError) error = NULL;
      ManifestState state;

      if (!browser_found (browser))
        {
          /* TRANSLATORS: %s is a browser, such as Firefox */
          g_print (_("Nothing to do for %s: it isn't installed."), browser->name);
          g_print ("\n");
          continue;
        }

      if (!manifest_state (path, &state, NULL, &error))
        {
          exit_code = uns_cli_error ("%s", error->message);
          continue;
        }
      if (state == MANIFEST_FOREIGN)
        {
          /* TRANSLATORS: the first %s is a browser, the second a file */
          exit_code = uns_cli_error (_("Left %s alone: %s belongs to another program."),
                                     browser->name, path);
          continue;
        }
      if (browser->family == FAMILY_CHROMIUM && !chromium_id_is_valid ())
        {
          exit_code = uns_cli_error (_("Left %s out: this build of Unscroll doesn't know its "
                                       "extension's id."), browser->name);
          continue;
        }

      if (!write_manifest (browser, host, &error))
        {
          /* TRANSLATORS: %s is a browser, then why it failed */
          exit_code = uns_cli_error (_("Couldn't set up %s: %s"), browser->name, error->message);
          continue;
        }
      /* TRANSLATORS: %s is a browser, such as Firefox */
      g_print (_("Set up %s."), browser->name);
      g_print ("\n");
    }

  return exit_code;
}

static int
browser_uninstall (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  gboolean user = FALSE;
  gboolean system = FALSE;
  int exit_code;
  gsize i;
  const GOptionEntry entries[] = {
    { "user", 0, 0, G_OPTION_ARG_NONE, &user, N_("Undo “unscroll browser install --user”"), NULL },
    { "system", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &system, NULL, NULL },
    { NULL }
  };

  context = uns_cli_option_context_new ("browser uninstall", NULL,
                                        _("Removes the manifests “unscroll browser install --user” wrote."),
                                        entries, NULL);
  g_option_context_set_description (context,
                                    _("Only files Unscroll wrote are removed; a file of another "
                                      "program by the same name stays."));
  if (!uns_cli_parse_options (context, "browser uninstall", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  exit_code = check_scope ("browser uninstall", user, system, argc, argv);
  if (exit_code != UNS_CLI_EXIT_OK)
    return exit_code;

  /* Every browser, found or not: one may have been removed since. */
  for (i = 0; i < G_N_ELEMENTS (browsers); i++)
    {
      const Browser *browser = &browsers[i];
      g_autofree char *path = manifest_path (browser);
      g_autoptr(GError) error = NULL;
      ManifestState state;

      if (!manifest_state (path, &state, NULL, &error))
        {
          exit_code = uns_cli_error ("%s", error->message);
          continue;
        }
      switch (state)
        {
        case MANIFEST_ABSENT:
          /* TRANSLATORS: %s is a browser, such as Firefox */
          g_print (_("Nothing to do for %s: Unscroll wasn't set up there."), browser->name);
          g_print ("\n");
          break;

        case MANIFEST_FOREIGN:
          /* TRANSLATORS: the first %s is a browser, the second a file */
          g_print (_("Left %s alone: %s belongs to another program."), browser->name, path);
          g_print ("\n");
          break;

        case MANIFEST_OURS:
        default:
          if (g_unlink (path) != 0 && errno != ENOENT)
            {
              int saved_errno = errno;

              /* TRANSLATORS: %s is a browser, then why it failed */
              exit_code = uns_cli_error (_("Couldn't remove Unscroll from %s: %s"),
                                         browser->name, g_strerror (saved_errno));
              break;
            }
          /* TRANSLATORS: %s is a browser, such as Firefox */
          g_print (_("Removed Unscroll from %s."), browser->name);
          g_print ("\n");
          break;
        }
    }

  return exit_code;
}

typedef struct
{
  const Browser *browser;
  char *path;                   /* (owned) */
  gboolean found;
  ManifestState state;
  char *host;                   /* (owned) (nullable): where our manifest points */
  char *error;                  /* (owned) (nullable) */
} BrowserStatus;

static void
browser_status_clear (BrowserStatus *status)
{
  g_clear_pointer (&status->path, g_free);
  g_clear_pointer (&status->host, g_free);
  g_clear_pointer (&status->error, g_free);
}

static void
browser_status_read (BrowserStatus *status,
                     const Browser *browser)
{
  g_autoptr(GError) error = NULL;

  memset (status, 0, sizeof *status);
  status->browser = browser;
  status->path = manifest_path (browser);
  status->found = browser_found (browser);
  if (!manifest_state (status->path, &status->state, &status->host, &error))
    {
      status->state = MANIFEST_FOREIGN;
      status->error = g_strdup (error->message);
    }
}

/* A word for the state, the same in every language for --json. */
static const char *
browser_status_key (const BrowserStatus *status)
{
  if (status->error != NULL)
    return "unreadable";
  switch (status->state)
    {
    case MANIFEST_OURS:
      return g_strcmp0 (status->host, host_path ()) == 0 ? "set-up" : "outdated";
    case MANIFEST_FOREIGN:
      return "other-program";
    case MANIFEST_ABSENT:
    default:
      return status->found ? "not-set-up" : "not-installed";
    }
}

static const char *
browser_status_label (const BrowserStatus *status)
{
  const char *key = browser_status_key (status);

  if (strcmp (key, "set-up") == 0)
    return _("set up");
  if (strcmp (key, "outdated") == 0)
    /* TRANSLATORS: the manifest names a host at another place than now */
    return _("set up for an older install");
  if (strcmp (key, "other-program") == 0)
    return _("another program's file");
  if (strcmp (key, "unreadable") == 0)
    return _("can't be read");
  if (strcmp (key, "not-set-up") == 0)
    return _("not set up");
  return _("not installed");
}

static void
print_status_json (BrowserStatus *statuses,
                   gsize          n_statuses)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gsize i;

  json_builder_begin_array (builder);
  for (i = 0; i < n_statuses; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "browser");
      json_builder_add_string_value (builder, statuses[i].browser->id);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, statuses[i].browser->name);
      json_builder_set_member_name (builder, "found");
      json_builder_add_boolean_value (builder, statuses[i].found);
      json_builder_set_member_name (builder, "state");
      json_builder_add_string_value (builder, browser_status_key (&statuses[i]));
      json_builder_set_member_name (builder, "manifest");
      json_builder_add_string_value (builder, statuses[i].path);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  root = json_builder_get_root (builder);
  uns_cli_print_json (root);
}

static void
print_status_table (BrowserStatus *statuses,
                    gsize          n_statuses)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gsize name_width = 0;
  gsize state_width = 0;
  gboolean can_install = FALSE;
  gsize i;

  for (i = 0; i < n_statuses; i++)
    {
      name_width = MAX (name_width, uns_cli_display_width (statuses[i].browser->name));
      state_width = MAX (state_width, uns_cli_display_width (browser_status_label (&statuses[i])));
    }

  for (i = 0; i < n_statuses; i++)
    {
      const char *label = browser_status_label (&statuses[i]);
      const char *key = browser_status_key (&statuses[i]);
      gsize pad;

      g_string_append (out, "  ");
      g_string_append (out, statuses[i].browser->name);
      for (pad = uns_cli_display_width (statuses[i].browser->name); pad < name_width + 2; pad++)
        g_string_append_c (out, ' ');
      g_string_append (out, label);
      /* The file's place only where there is a file. */
      if (statuses[i].state != MANIFEST_ABSENT)
        {
          for (pad = uns_cli_display_width (label); pad < state_width + 2; pad++)
            g_string_append_c (out, ' ');
          g_string_append (out, statuses[i].path);
        }
      g_string_append_c (out, '\n');

      if (strcmp (key, "not-set-up") == 0 || strcmp (key, "outdated") == 0)
        can_install = TRUE;
    }

  g_print ("%s", out->str);
  if (can_install)
    {
      g_print ("\n");
      g_print ("%s", _("Set them up with: unscroll browser install --user"));
      g_print ("\n");
    }
}

static int
browser_status (int        argc,
                char     **argv,
                gboolean   explicit)
{
  const char *command = explicit ? "browser status" : "browser";
  g_autoptr(GOptionContext) context = NULL;
  BrowserStatus statuses[G_N_ELEMENTS (browsers)];
  gboolean json = FALSE;
  int exit_code = UNS_CLI_EXIT_OK;
  gsize i;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for programs"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new (command, explicit ? NULL : _("[status|install|uninstall]"),
                                        _("Shows which browsers can start Unscroll's browser host, "
                                          "and where their manifests are."),
                                        entries, NULL);
  if (!explicit)
    g_option_context_set_description (context,
                                      _("Commands:\n"
                                        "  status               Where Unscroll is set up (the default)\n"
                                        "  install --user       Set up the browsers in your home folder\n"
                                        "  uninstall --user     Remove what install --user wrote\n"
                                        "\n"
                                        "The browser extension itself is added in each browser."));
  if (!uns_cli_parse_options (context, command, &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error (command, _("Unexpected argument “%s”"), argv[1]);

  for (i = 0; i < G_N_ELEMENTS (browsers); i++)
    browser_status_read (&statuses[i], &browsers[i]);

  if (json)
    print_status_json (statuses, G_N_ELEMENTS (statuses));
  else
    print_status_table (statuses, G_N_ELEMENTS (statuses));

  for (i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (statuses[i].error != NULL)
        exit_code = uns_cli_error ("%s", statuses[i].error);
      browser_status_clear (&statuses[i]);
    }
  return exit_code;
}

int
uns_cli_browser (int    argc,
                 char **argv)
{
  /* A first argument that isn't an option picks the subcommand, which then
   * sees itself as argv[0]. */
  if (argc >= 2 && argv[1][0] != '-')
    {
      if (strcmp (argv[1], "status") == 0)
        return browser_status (argc - 1, argv + 1, TRUE);
      if (strcmp (argv[1], "install") == 0)
        return browser_install (argc - 1, argv + 1);
      if (strcmp (argv[1], "uninstall") == 0)
        return browser_uninstall (argc - 1, argv + 1);
      return uns_cli_usage_error ("browser", _("“%s” is not something unscroll browser can do; use status, install or uninstall."),
                                  argv[1]);
    }

  return browser_status (argc, argv, FALSE);
}
