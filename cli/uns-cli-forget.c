/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll forget: deletes recorded time for good, after asking. */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "uns-cli.h"
#include "uns-day.h"

/* --all spans every day Unscroll can name, so time recorded under a clock
 * that was wrong, even in the future, goes too. */
#define FORGET_FIRST_DAY "1970-01-01"
#define FORGET_LAST_DAY "9998-12-31"

static char *
question_for (gboolean    all,
              const char *service,
              const char *from,
              const char *to)
{
  if (all && service == NULL)
    return g_strdup (_("Forget all recorded time?"));
  if (all)
    return g_strdup_printf (_("Forget all the time recorded for “%s”?"), service);
  if (service == NULL && strcmp (from, to) == 0)
    return g_strdup_printf (_("Forget all time recorded on %s?"), from);
  if (service == NULL)
    return g_strdup_printf (_("Forget all time recorded from %s to %s?"), from, to);
  if (strcmp (from, to) == 0)
    return g_strdup_printf (_("Forget the time recorded for “%s” on %s?"), service, from);
  return g_strdup_printf (_("Forget the time recorded for “%s” from %s to %s?"),
                          service, from, to);
}

/* Asks on the terminal; only an explicit yes counts. */
static gboolean
confirm (const char *question)
{
  char answer[64] = "";

  g_printerr ("%s %s ", question, _("This can't be undone. [y/N]"));
  if (fgets (answer, sizeof answer, stdin) == NULL)
    {
      g_printerr ("\n");
      return FALSE;
    }
  g_strstrip (answer);

  return g_ascii_strcasecmp (answer, "y") == 0 ||
         g_ascii_strcasecmp (answer, "yes") == 0 ||
         /* TRANSLATORS: the short answer that agrees to [y/N] */
         g_strcmp0 (answer, _("y")) == 0 ||
         /* TRANSLATORS: the long answer that agrees to [y/N] */
         g_strcmp0 (answer, _("yes")) == 0;
}

int
uns_cli_forget (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *from_option = NULL;
  g_autofree char *to_option = NULL;
  g_autofree char *service = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *question = NULL;
  gboolean all = FALSE;
  gboolean yes = FALSE;
  guint64 removed = 0;
  GDate today, from, to;
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_option,
      N_("First day"), N_("DAY") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_option,
      N_("Last day (default: today)"), N_("DAY") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all,
      N_("Every day recorded"), NULL },
    { "service", 's', 0, G_OPTION_ARG_STRING, &service,
      N_("Only the time on this service"), N_("ID") },
    { "yes", 'y', 0, G_OPTION_ARG_NONE, &yes,
      N_("Don't ask for confirmation"), NULL },
    { NULL }
  };

  context = uns_cli_option_context_new ("forget", NULL,
                                        _("Deletes recorded time for good."),
                                        entries, NULL);
  g_option_context_set_description (context,
                                    _("Without --from, --to or --all, only today's time is forgotten; "
                                      "--to alone forgets everything up to that day. "
                                      "DAY is a date such as 2026-11-23, “today” or “yesterday”."));
  if (!uns_cli_parse_options (context, "forget", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error ("forget", _("Unexpected argument “%s”"), argv[1]);
  if (all && (from_option != NULL || to_option != NULL))
    return uns_cli_usage_error ("forget", "%s", _("--all can't go with --from or --to."));
  if (service != NULL && *service == '\0')
    return uns_cli_usage_error ("forget", "%s", _("--service needs a service id; see “unscroll services”."));

  /* Refuse before touching the daemon, so a script learns at once. */
  if (!yes && !isatty (STDIN_FILENO))
    return uns_cli_error ("%s", _("Not forgetting anything without confirmation. Add --yes to confirm when not at a terminal."));

  usage = uns_cli_get_usage (&error);
  if (usage == NULL || !uns_cli_get_today (usage, &today, &error))
    return uns_cli_report_error (error);

  if (all)
    {
      from_text = g_strdup (FORGET_FIRST_DAY);
      to_text = g_strdup (FORGET_LAST_DAY);
    }
  else
    {
      to = today;
      if (to_option != NULL && !uns_day_parse (to_option, &today, &to, &error))
        return uns_cli_usage_error ("forget", "%s", error->message);

      /* --to alone means everything up to that day; nothing at all means
       * just today. */
      if (from_option != NULL)
        {
          if (!uns_day_parse (from_option, &today, &from, &error))
            return uns_cli_usage_error ("forget", "%s", error->message);
        }
      else if (to_option != NULL)
        uns_day_parse_iso (FORGET_FIRST_DAY, &from, NULL);
      else
        from = today;

      from_text = uns_day_to_string (&from);
      to_text = uns_day_to_string (&to);
      if (g_date_compare (&from, &to) > 0)
        return uns_cli_usage_error ("forget", _("The range starts (%s) after it ends (%s)."),
                                    from_text, to_text);
    }

  question = question_for (all, service, from_text, to_text);
  if (!yes && !confirm (question))
    return uns_cli_error ("%s", _("Nothing was forgotten."));

  if (!uns_dbus_usage_call_forget_sync (usage, from_text, to_text,
                                        service != NULL ? service : "",
                                        G_DBUS_CALL_FLAGS_NONE, -1,
                                        &removed, NULL, &error))
    return uns_cli_report_error (error);

  g_print (ngettext ("Forgot %lu recorded span.",
                     "Forgot %lu recorded spans.",
                     (gulong) removed),
           (gulong) removed);
  g_print ("\n");
  return UNS_CLI_EXIT_OK;
}
