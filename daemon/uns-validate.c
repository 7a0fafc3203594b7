/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Validation of peer input. Every function here takes arbitrary bytes (as
 * far as D-Bus allows: valid UTF-8 strings) and either accepts them or
 * explains, in a sentence, what was wrong. They are fuzzed. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n.h>
#include <string.h>

#include "uns-day.h"
#include "uns-error.h"
#include "uns-validate.h"

#define UNS_MAX_APP_ID 255
#define UNS_MAX_HOSTNAME 253
#define UNS_MAX_LABEL 63
#define UNS_MAX_BROWSER_ID 64

static gboolean
has_control_chars (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

/**
 * uns_validate_app_id:
 * @app_id: an application id or WM class; may be empty
 * @what: how the caller calls it, for the message ("app_id", "wm-class")
 * @error: return location for a #GError
 */
gboolean
uns_validate_app_id (const char *app_id,
                     const char *what,
                     GError    **error)
{
  if (!g_utf8_validate (app_id, -1, NULL))
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The %s is not valid UTF-8."), what);
      return FALSE;
    }
  if (strlen (app_id) > UNS_MAX_APP_ID)
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The %s is longer than %d bytes."), what, UNS_MAX_APP_ID);
      return FALSE;
    }
  if (strchr (app_id, '/') != NULL || has_control_chars (app_id))
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The %s must be an application id such as org.telegram.desktop, not a path or a title."),
                   what);
      return FALSE;
    }
  return TRUE;
}

/**
 * uns_validate_hostname:
 * @hostname: a hostname such as www.example.org, or "" for no site
 * @error: return location for a #GError
 *
 * Only hostnames are accepted: a URL, a path, a port or anything else that
 * could carry more than the site is refused, so it can never be stored.
 */
gboolean
uns_validate_hostname (const char *hostname,
                       GError    **error)
{
  gsize len = strlen (hostname);
  gsize label = 0;

  if (len == 0)
    return TRUE;

  if (strpbrk (hostname, "/:?#@ \\") != NULL)
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("Only a hostname such as www.example.org is accepted, not a URL, a path or a port."));
      return FALSE;
    }
  if (len > UNS_MAX_HOSTNAME)
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The hostname is longer than %d bytes."), UNS_MAX_HOSTNAME);
      return FALSE;
    }

  for (const char *p = hostname; *p != '\0'; p++)
    {
      if (*p == '.')
        {
          if (label == 0)
            goto bad;
          label = 0;
          continue;
        }
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
        goto bad;
      if (++label > UNS_MAX_LABEL)
        goto bad;
    }
  return TRUE;

bad:
  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
               _("The hostname must be letters, digits, hyphens and dots, such as www.example.org (international names in their xn-- form)."));
  return FALSE;
}

gboolean
uns_validate_browser_id (const char *browser,
                         GError    **error)
{
  gsize len = strlen (browser);

  if (len == 0 || len > UNS_MAX_BROWSER_ID)
    goto bad;
  for (const char *p = browser; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_' && *p != '-')
      goto bad;
  return TRUE;

bad:
  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
               _("The browser id must be 1 to %d letters, digits, dots, hyphens or underscores."),
               UNS_MAX_BROWSER_ID);
  return FALSE;
}

/**
 * uns_validate_day_range:
 * @from: first day, YYYY-MM-DD
 * @to: last day, YYYY-MM-DD, inclusive
 * @max_days: the longest range allowed, or 0 for no limit
 * @out_from: (out): parsed @from
 * @out_to: (out): parsed @to
 * @error: return location for a #GError
 */
gboolean
uns_validate_day_range (const char *from,
                        const char *to,
                        guint       max_days,
                        GDate      *out_from,
                        GDate      *out_to,
                        GError    **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!uns_day_parse_iso (from, out_from, &local_error) ||
      !uns_day_parse_iso (to, out_to, &local_error))
    {
      g_set_error_literal (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS, local_error->message);
      return FALSE;
    }
  if (g_date_compare (out_from, out_to) > 0)
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The range starts (%s) after it ends (%s)."), from, to);
      return FALSE;
    }
  if (max_days > 0 && g_date_days_between (out_from, out_to) >= (int) max_days)
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The range is longer than %u days."), max_days);
      return FALSE;
    }
  return TRUE;
}

gboolean
uns_validate_group_by (const char *text,
                       UnsGroupBy *out,
                       GError    **error)
{
  static const struct { const char *name; UnsGroupBy value; } names[] = {
    { "service", UNS_GROUP_SERVICE },
    { "category", UNS_GROUP_CATEGORY },
    { "app", UNS_GROUP_APP },
    { "site", UNS_GROUP_SITE },
    { "day", UNS_GROUP_DAY },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i].name) == 0)
      {
        *out = names[i].value;
        return TRUE;
      }

  g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
               _("Time can be grouped by service, category, app, site or day."));
  return FALSE;
}

gboolean
uns_validate_format (const char      *text,
                     UnsExportFormat *out,
                     GError         **error)
{
  if (g_strcmp0 (text, "csv") == 0)
    *out = UNS_EXPORT_CSV;
  else if (g_strcmp0 (text, "json") == 0)
    *out = UNS_EXPORT_JSON;
  else if (g_strcmp0 (text, "ndjson") == 0)
    *out = UNS_EXPORT_NDJSON;
  else
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The export format must be csv, json or ndjson."));
      return FALSE;
    }
  return TRUE;
}

/**
 * uns_validate_focus_details:
 * @details: the a{sv} of ReportFocus()
 * @out_wm_class: (out) (transfer none): the WM class, or ""
 * @out_source: (out) (transfer none): the source name, or ""
 * @error: return location for a #GError
 *
 * Unknown keys are ignored, so newer sources can talk to older daemons;
 * known keys must have their documented type.
 */
gboolean
uns_validate_focus_details (GVariant    *details,
                            const char **out_wm_class,
                            const char **out_source,
                            GError     **error)
{
  static const struct { const char *key; const char *type; } known[] = {
    { "wm-class", "s" },
    { "pid", "u" },
    { "source", "s" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    {
      g_autoptr(GVariant) value = g_variant_lookup_value (details, known[i].key, NULL);

      if (value != NULL && !g_variant_is_of_type (value, G_VARIANT_TYPE (known[i].type)))
        {
          g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                       _("The detail “%s” must have type “%s”."), known[i].key, known[i].type);
          return FALSE;
        }
    }

  *out_wm_class = "";
  *out_source = "";
  g_variant_lookup (details, "wm-class", "&s", out_wm_class);
  g_variant_lookup (details, "source", "&s", out_source);

  if (!uns_validate_app_id (*out_wm_class, "wm-class", error))
    return FALSE;
  if (strlen (*out_source) > 64 || has_control_chars (*out_source))
    {
      g_set_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS,
                   _("The source name must be at most 64 printable bytes."));
      return FALSE;
    }
  return TRUE;
}
