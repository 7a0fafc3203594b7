/* SPDX-License-Identifier: GPL-3.0-or-later */
/* unscroll export: the daemon writes recorded spans straight into our
 * standard output or a file, through a file descriptor we pass it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gio/gunixfdlist.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "uns-cli.h"
#include "uns-day.h"

/* Export covers the last 30 days unless told otherwise, like report --month. */
#define EXPORT_DEFAULT_DAYS 30

static const char *const formats[] = { "csv", "json", "ndjson", NULL };

static gboolean
export_to_fd (UnsDbusUsage *usage,
              int           fd,
              const char   *format,
              const char   *from,
              const char   *to,
              guint64      *out_rows,
              GError      **error)
{
  g_autoptr(GUnixFDList) fd_list = g_unix_fd_list_new ();
  int handle;

  /* The list holds its own duplicate; the caller keeps @fd. */
  handle = g_unix_fd_list_append (fd_list, fd, error);
  if (handle < 0)
    return FALSE;

  /* No timeout: a large export takes a while, and the daemon answers only
   * once everything is written. */
  return uns_dbus_usage_call_export_sync (usage,
                                          g_variant_new_handle (handle),
                                          format, from, to,
                                          g_variant_new_array (G_VARIANT_TYPE ("{sv}"), NULL, 0),
                                          G_DBUS_CALL_FLAGS_NONE,
                                          G_MAXINT,
                                          fd_list,
                                          out_rows,
                                          NULL,
                                          NULL,
                                          error);
}

int
uns_cli_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(UnsDbusUsage) usage = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *from_option = NULL;
  g_autofree char *to_option = NULL;
  g_autofree char *output = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gboolean to_file;
  guint64 n_rows = 0;
  GDate today, from, to;
  int fd = STDOUT_FILENO;
  struct stat st;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("csv (default), json or ndjson"), N_("FORMAT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_option,
      N_("First day (default: 29 days before the last)"), N_("DAY") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_option,
      N_("Last day (default: today)"), N_("DAY") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Write to FILE instead of standard output"), N_("FILE") },
    { NULL }
  };

  context = uns_cli_option_context_new ("export", NULL,
                                        _("Writes every recorded span, one record each, for other programs."),
                                        entries, NULL);
  g_option_context_set_description (context,
                                    _("Without --from and --to, the last 30 days are exported. "
                                      "DAY is a date such as 2026-11-23, “today” or “yesterday”."));
  if (!uns_cli_parse_options (context, "export", &argc, &argv))
    return UNS_CLI_EXIT_USAGE;
  if (argc > 1)
    return uns_cli_usage_error ("export", _("Unexpected argument “%s”"), argv[1]);

  if (format == NULL)
    format = g_strdup ("csv");
  if (!g_strv_contains (formats, format))
    return uns_cli_usage_error ("export", _("“%s” is not a format Unscroll can export; use csv, json or ndjson."),
                                format);

  usage = uns_cli_get_usage (&error);
  if (usage == NULL || !uns_cli_get_today (usage, &today, &error))
    return uns_cli_report_error (error);

  to = today;
  if (to_option != NULL && !uns_day_parse (to_option, &today, &to, &error))
    return uns_cli_usage_error ("export", "%s", error->message);
  from = to;
  g_date_subtract_days (&from, EXPORT_DEFAULT_DAYS - 1);
  if (from_option != NULL && !uns_day_parse (from_option, &today, &from, &error))
    return uns_cli_usage_error ("export", "%s", error->message);

  from_text = uns_day_to_string (&from);
  to_text = uns_day_to_string (&to);
  if (g_date_compare (&from, &to) > 0)
    return uns_cli_usage_error ("export", _("The range starts (%s) after it ends (%s)."),
                                from_text, to_text);

  to_file = output != NULL && strcmp (output, "-") != 0;
  if (to_file)
    {
      fd = g_open (output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
      if (fd < 0)
        {
          int saved_errno = errno;
          g_autofree char *display = g_filename_display_name (output);

          return uns_cli_error (_("Can't write to %s: %s."), display, g_strerror (saved_errno));
        }
    }

  if (!export_to_fd (usage, fd, format, from_text, to_text, &n_rows, &error))
    {
      /* Half an export looks like a whole one; don't leave it behind. Only
       * regular files, never a device or a pipe named on the command line. */
      if (to_file && fstat (fd, &st) == 0 && S_ISREG (st.st_mode))
        g_unlink (output);
      if (to_file)
        g_close (fd, NULL);
      return uns_cli_report_error (error);
    }

  if (to_file)
    {
      g_autofree char *display = g_filename_display_name (output);

      if (!g_close (fd, &error))
        return uns_cli_error (_("Can't write to %s: %s."), display, error->message);

      /* TRANSLATORS: on standard error after "unscroll export -o FILE" */
      g_printerr (ngettext ("Exported %lu record to %s.",
                            "Exported %lu records to %s.",
                            (gulong) n_rows),
                  (gulong) n_rows, display);
      g_printerr ("\n");
    }

  return UNS_CLI_EXIT_OK;
}
