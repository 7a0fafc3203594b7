/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzzes the checks of everything a D-Bus peer sends (uns-validate.h) and
 * the country and locale parsing the resources use. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "uns-resources.h"
#include "uns-validate.h"

enum
{
  TARGET_APP_ID,
  TARGET_HOSTNAME,
  TARGET_BROWSER_ID,
  TARGET_DAY_RANGE,
  TARGET_GROUP_BY,
  TARGET_FORMAT,
  TARGET_FOCUS_DETAILS,
  TARGET_COUNTRY,
  TARGET_LOCALE,
  N_TARGETS
};

/* GDBus hands the validators valid UTF-8 only; anything else would be
 * testing a promise the daemon never relies on. */
static char *
peer_string (const char *text)
{
  if (g_utf8_validate (text, -1, NULL))
    return g_strdup (text);
  return g_utf8_make_valid (text, -1);
}

static void
check_result (gboolean      ok,
              const GError *error)
{
  /* Every refusal explains itself; every acceptance leaves no error. */
  g_assert_true (ok == (error == NULL));
  if (error != NULL)
    g_assert_true (error->message != NULL && g_utf8_validate (error->message, -1, NULL));
}

static void
fuzz_app_id (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = uns_validate_app_id (text, "app id", &error);

  check_result (ok, error);
  if (ok)
    g_assert_true (strlen (text) <= 255 && strchr (text, '/') == NULL);
}

static void
fuzz_hostname (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = uns_validate_hostname (text, &error);

  check_result (ok, error);
  if (ok)
    {
      g_assert_cmpuint (strlen (text), <=, 253);
      g_assert_cmpuint (strspn (text, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                      "0123456789.-_"), ==, strlen (text));
    }
}

static void
fuzz_browser_id (const char *text)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = uns_validate_browser_id (text, &error);

  check_result (ok, error);
  if (ok)
    g_assert_true (strlen (text) >= 1 && strlen (text) <= 64);
}

static void
fuzz_day_range (const uint8_t *data,
                size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) fields = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  GDate out_from, out_to;
  guint max_days;
  gboolean ok;

  if (size < 1)
    return;
  /* 0 (no limit) and the daemon's own limit are the interesting ones. */
  max_days = data[0] < 16 ? data[0] : data[0] < 128 ? UNS_SUMMARY_MAX_DAYS : (guint) data[0] * 29u;
  fields = fuzz_fields (data + 1, size - 1, '\n', 2);
  from = peer_string (fields[0]);
  to = peer_string (fields[1]);

  g_date_clear (&out_from, 1);
  g_date_clear (&out_to, 1);
  ok = uns_validate_day_range (from, to, max_days, &out_from, &out_to, &error);
  check_result (ok, error);
  if (ok)
    {
      g_assert_true (g_date_valid (&out_from) && g_date_valid (&out_to));
      g_assert_cmpint (g_date_compare (&out_from, &out_to), <=, 0);
      if (max_days > 0)
        g_assert_cmpint (g_date_days_between (&out_from, &out_to), <, (int) max_days);
    }
}

static void
fuzz_group_by (const char *text)
{
  g_autoptr(GError) error = NULL;
  UnsGroupBy group_by;
  gboolean ok = uns_validate_group_by (text, &group_by, &error);

  check_result (ok, error);
}

static void
fuzz_format (const char *text)
{
  g_autoptr(GError) error = NULL;
  UnsExportFormat format;
  gboolean ok = uns_validate_format (text, &format, &error);

  check_result (ok, error);
}

static void
check_focus_details (GVariant *details)
{
  g_autoptr(GError) error = NULL;
  const char *wm_class = NULL;
  const char *source = NULL;
  gboolean ok = uns_validate_focus_details (details, &wm_class, &source, &error);

  check_result (ok, error);
  if (ok)
    {
      g_assert_nonnull (wm_class);
      g_assert_nonnull (source);
      g_assert_true (uns_validate_app_id (wm_class, "wm-class", NULL));
      g_assert_cmpuint (strlen (source), <=, 64);
    }
}

static void
fuzz_focus_details (const uint8_t *data,
                    size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  /* What ReportFocus() receives: GDBus checked the type, not the content. */
  g_autoptr(GVariant) details = g_variant_ref_sink (
    g_variant_new_from_bytes (G_VARIANT_TYPE_VARDICT, bytes, FALSE));

  /* GDBus delivers normal-form values; a value that is not in normal form
   * is read as its normal form, which is checked then. */
  if (g_variant_is_normal_form (details))
    {
      check_focus_details (details);
    }
  else
    {
      g_autoptr(GVariant) normal = g_variant_get_normal_form (details);

      check_focus_details (normal);
    }
}

static void
fuzz_country (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *country = uns_resources_normalize_country (text, &error);

  g_assert_true ((country == NULL) == (error != NULL));
  if (country != NULL)
    g_assert_true (strlen (country) == 2 && g_ascii_isupper (country[0]) &&
                   g_ascii_isupper (country[1]));
}

static void
fuzz_locale (const char *text)
{
  g_autofree char *country = uns_resources_country_from_locale (text);

  if (country != NULL)
    g_assert_true (strlen (country) == 2 && g_ascii_isalpha (country[0]) &&
                   g_ascii_isalpha (country[1]));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *raw = NULL;
  g_autofree char *text = NULL;
  guint target;

  if (size < 1)
    return 0;
  target = data[0] % N_TARGETS;
  data++;
  size--;

  if (target == TARGET_DAY_RANGE)
    {
      fuzz_day_range (data, size);
      return 0;
    }
  if (target == TARGET_FOCUS_DETAILS)
    {
      fuzz_focus_details (data, size);
      return 0;
    }

  raw = fuzz_string (data, size);
  text = peer_string (raw);
  switch (target)
    {
    case TARGET_APP_ID:
      fuzz_app_id (text);
      break;
    case TARGET_HOSTNAME:
      fuzz_hostname (text);
      break;
    case TARGET_BROWSER_ID:
      fuzz_browser_id (text);
      break;
    case TARGET_GROUP_BY:
      fuzz_group_by (text);
      break;
    case TARGET_FORMAT:
      fuzz_format (text);
      break;
    case TARGET_COUNTRY:
      fuzz_country (text);
      break;
    case TARGET_LOCALE:
      /* A locale comes from the environment: any bytes at all. */
      fuzz_locale (raw);
      break;
    default:
      g_assert_not_reached ();
    }
  return 0;
}
