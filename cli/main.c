/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll: picks the command and hands it the rest of the command line. */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "uns-cli.h"

typedef struct
{
  const char *name;
  int (*run) (int argc, char **argv);
  const char *summary;
} UnsCliCommand;

static const UnsCliCommand commands[] = {
  { "status", uns_cli_status, N_("Today's time and what is going on now") },
  { "report", uns_cli_report, N_("Time over a day, a week, a month or any range") },
  { "export", uns_cli_export, N_("Write recorded time as CSV or JSON") },
  { "pause", uns_cli_pause, N_("Stop recording for a while") },
  { "resume", uns_cli_resume, N_("Start recording again") },
  { "forget", uns_cli_forget, N_("Delete recorded time for good") },
  { "limit", uns_cli_limit, N_("Set, change or remove daily limits") },
  { "downtime", uns_cli_downtime, N_("Hours set aside from limited services") },
  { "snooze", uns_cli_snooze, N_("5 more minutes for a service past its limit") },
  { "break", uns_cli_break, N_("Take a break: nudges stay quiet for a while") },
  { "services", uns_cli_services, N_("List, add or remove services") },
  { "resources", uns_cli_resources, N_("Crisis lines and support near you") },
  { "browser", uns_cli_browser, N_("Let your web browsers talk to Unscroll") },
};

static void
print_usage (gboolean to_stderr)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gsize i;

  g_string_append_printf (text, "%s\n  unscroll %s\n\n",
                          _("Usage:"), _("COMMAND [OPTION…]"));
  g_string_append_printf (text, "%s\n\n",
                          _("See and manage the time Unscroll records on social media."));
  g_string_append_printf (text, "%s\n", _("Commands:"));
  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "  %-10s %s\n",
                            commands[i].name, _(commands[i].summary));
  g_string_append_printf (text, "\n%s\n", _("Options:"));
  g_string_append_printf (text, "  %-15s %s\n", "-h, --help", _("Show this help"));
  g_string_append_printf (text, "  %-15s %s\n", "-V, --version", _("Show the version"));
  g_string_append_printf (text, "\n%s\n",
                          _("Without a command, unscroll shows the status. Run “unscroll COMMAND --help” for a command's options."));
  if (to_stderr)
    g_printerr ("%s", text->str);
  else
    g_print ("%s", text->str);
}

static const UnsCliCommand *
find_command (const char *name)
{
  gsize i;

  for (i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (commands[i].name, name) == 0)
      return &commands[i];
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  const UnsCliCommand *command;
  g_autofree char *help_argv1 = NULL;
  char *help_argv[3];

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("unscroll");

  if (argc < 2)
    return uns_cli_status (1, argv);

  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "-?") == 0)
    {
      print_usage (FALSE);
      return UNS_CLI_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0 || strcmp (argv[1], "-V") == 0)
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return UNS_CLI_EXIT_OK;
    }

  /* "unscroll help report" is "unscroll report --help". */
  if (strcmp (argv[1], "help") == 0)
    {
      if (argc < 3)
        {
          print_usage (FALSE);
          return UNS_CLI_EXIT_OK;
        }
      command = find_command (argv[2]);
      if (command == NULL)
        return uns_cli_usage_error (NULL, _("“%s” is not an unscroll command."), argv[2]);
      help_argv1 = g_strdup ("--help");
      help_argv[0] = argv[2];
      help_argv[1] = help_argv1;
      help_argv[2] = NULL;
      return command->run (2, help_argv);
    }

  if (argv[1][0] == '-')
    return uns_cli_usage_error (NULL, _("Unknown option %s"), argv[1]);

  command = find_command (argv[1]);
  if (command == NULL)
    {
      g_printerr ("unscroll: ");
      g_printerr (_("“%s” is not an unscroll command."), argv[1]);
      g_printerr ("\n\n");
      print_usage (TRUE);
      return UNS_CLI_EXIT_USAGE;
    }

  /* The command sees its own name as argv[0], as GOption expects. */
  return command->run (argc - 1, argv + 1);
}
