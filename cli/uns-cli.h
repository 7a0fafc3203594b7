/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Helpers every command of the unscroll CLI shares: talking to the daemon,
 * reporting errors, and printing tables, bars and JSON. */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "uns-dbus-generated.h"

G_BEGIN_DECLS

/* Exit codes, documented in unscroll(1). */
typedef enum
{
  UNS_CLI_EXIT_OK = 0,
  UNS_CLI_EXIT_FAILURE = 1,
  UNS_CLI_EXIT_USAGE = 2,
} UnsCliExit;

/* Width of the longest bar, in terminal cells. */
#define UNS_CLI_BAR_WIDTH 20

/* Commands, one file each. */
int uns_cli_status   (int argc, char **argv);
int uns_cli_report   (int argc, char **argv);
int uns_cli_export   (int argc, char **argv);
int uns_cli_pause    (int argc, char **argv);
int uns_cli_resume   (int argc, char **argv);
int uns_cli_forget   (int argc, char **argv);
int uns_cli_services (int argc, char **argv);

/* Options and errors */
GOptionContext *uns_cli_option_context_new (const char         *command,
                                            const char         *parameter_string,
                                            const char         *summary,
                                            const GOptionEntry *entries,
                                            gpointer            user_data);
gboolean        uns_cli_parse_options      (GOptionContext     *context,
                                            const char         *command,
                                            int                *argc,
                                            char             ***argv);
int             uns_cli_usage_error        (const char         *command,
                                            const char         *format,
                                            ...) G_GNUC_PRINTF (2, 3);
int             uns_cli_error              (const char         *format,
                                            ...) G_GNUC_PRINTF (1, 2);
int             uns_cli_report_error       (GError             *error);

/* The daemon */
UnsDbusUsage   *uns_cli_get_usage          (GError            **error);
UnsDbusCatalog *uns_cli_get_catalog        (GError            **error);
gboolean        uns_cli_get_today          (UnsDbusUsage       *usage,
                                            GDate              *out,
                                            GError            **error);
char           *uns_cli_format_resume_time (UnsDbusUsage       *usage,
                                            gint64              unix_seconds);

/* Output */
gsize           uns_cli_display_width      (const char         *text);
char           *uns_cli_bar                (gint64              value,
                                            gint64              max,
                                            guint               width);

typedef struct
{
  const char *label;
  gint64 seconds;
} UnsCliRow;

void            uns_cli_print_rows         (const UnsCliRow    *rows,
                                            gsize               n_rows,
                                            const char         *total_label,
                                            gint64              total);
void            uns_cli_print_json         (JsonNode           *root);

G_END_DECLS
