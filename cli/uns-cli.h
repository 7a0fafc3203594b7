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
int uns_cli_resources (int argc, char **argv);
int uns_cli_limit    (int argc, char **argv);
int uns_cli_downtime (int argc, char **argv);
int uns_cli_snooze   (int argc, char **argv);
int uns_cli_break    (int argc, char **argv);
int uns_cli_browser  (int argc, char **argv);

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
UnsDbusLimits  *uns_cli_get_limits         (GError            **error);
UnsDbusResources *uns_cli_get_resources    (GError            **error);
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
char           *uns_cli_truncate_label     (const char         *label);
const char     *uns_cli_separator          (void);

/* Weekdays, as Limits.xml counts them: bit 0 = Monday … bit 6 = Sunday. */
#define UNS_CLI_DAYS_ALL      0x7fu
#define UNS_CLI_DAYS_WEEKDAYS 0x1fu
#define UNS_CLI_DAYS_WEEKENDS 0x60u

const char     *uns_cli_weekday_token      (guint               index);
gboolean        uns_cli_parse_days         (const char         *text,
                                            guint              *out_mask,
                                            GError            **error);
char           *uns_cli_describe_days      (guint               mask);

/* Limits, shared with unscroll report */
void            uns_cli_print_limits       (GVariant           *limits,
                                            UnsDbusUsage       *usage,
                                            gboolean            brief);
void            uns_cli_add_limit_json     (JsonBuilder        *builder,
                                            GVariant           *limit);

G_END_DECLS
