/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Formats recorded spans as CSV, JSON or NDJSON, one record at a time.
 *
 * Every export carries the same fields in the same order: start, end, day,
 * seconds, kind, subject, service, category.
 *
 * - start and end are ISO 8601 in UTC with a "Z", to the second (rounded
 *   down), e.g. 2026-03-01T09:30:00Z.
 * - seconds is the span's exact length to the millisecond (rounded to the
 *   nearest), always with three decimals, e.g. 1800.000, so that the
 *   seconds of an export add up to the recorded totals.
 * - CSV follows RFC 4180 with a header line, but ends lines with LF rather
 *   than CRLF: every spreadsheet and CSV library reads both, and LF is what
 *   the shell tools people pipe exports into expect. Fields holding a
 *   comma, a double quote, CR or LF are quoted, with quotes doubled. A
 *   missing service is an empty field.
 * - JSON is one array of objects; NDJSON is one object per line. A missing
 *   service is null.
 *
 * The functions append to a GString and allocate nothing else, because an
 * export may hold millions of records. */
#include "config.h"

#include <string.h>

#include "uns-export.h"

#define UTF8_REPLACEMENT "\xef\xbf\xbd"

static const char csv_header[] = "start,end,day,seconds,kind,subject,service,category\n";

gboolean
uns_export_format_from_string (const char      *text,
                               UnsExportFormat *out)
{
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (g_str_equal (text, "csv"))
    *out = UNS_EXPORT_CSV;
  else if (g_str_equal (text, "json"))
    *out = UNS_EXPORT_JSON;
  else if (g_str_equal (text, "ndjson"))
    *out = UNS_EXPORT_NDJSON;
  else
    return FALSE;
  return TRUE;
}

const char *
uns_export_format_to_string (UnsExportFormat format)
{
  switch (format)
    {
    case UNS_EXPORT_CSV:
      return "csv";
    case UNS_EXPORT_JSON:
      return "json";
    case UNS_EXPORT_NDJSON:
      return "ndjson";
    default:
      g_return_val_if_reached ("csv");
    }
}

/* Never trusts the kind it is given: a fuzzer or a damaged row may hold
 * anything. */
static const char *
kind_name (UnsKind kind)
{
  return kind == UNS_KIND_SITE ? "site" : "app";
}

static void
append_uint (GString *out,
             guint64  value,
             guint    min_digits)
{
  char digits[24];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  while (n < min_digits && n < sizeof digits)
    digits[n++] = '0';
  while (n > 0)
    g_string_append_c (out, digits[--n]);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;
  return q;
}

/**
 * uns_export_append_time:
 * @out: where to append
 * @unix_usec: an instant
 *
 * Appends @unix_usec as ISO 8601 in UTC to the second, such as
 * 2026-03-01T09:30:00Z. The calendar arithmetic is done by hand (Howard
 * Hinnant's days-to-civil) because a GDateTime per field would allocate
 * twice per record.
 */
void
uns_export_append_time (GString *out,
                        gint64   unix_usec)
{
  gint64 seconds, days, era, year;
  guint64 second_of_day, day_of_era, year_of_era, day_of_year, mp, month, day;

  seconds = floor_div (unix_usec, G_USEC_PER_SEC);
  days = floor_div (seconds, 86400);
  second_of_day = (guint64) (seconds - days * 86400);

  days += 719468;
  era = floor_div (days, 146097);
  day_of_era = (guint64) (days - era * 146097);
  year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  year = (gint64) year_of_era + era * 400;
  day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  mp = (5 * day_of_year + 2) / 153;
  day = day_of_year - (153 * mp + 2) / 5 + 1;
  month = mp < 10 ? mp + 3 : mp - 9;
  if (month <= 2)
    year++;

  if (year < 0)
    {
      g_string_append_c (out, '-');
      append_uint (out, (guint64) -year, 4);
    }
  else
    {
      append_uint (out, (guint64) year, 4);
    }
  g_string_append_c (out, '-');
  append_uint (out, month, 2);
  g_string_append_c (out, '-');
  append_uint (out, day, 2);
  g_string_append_c (out, 'T');
  append_uint (out, second_of_day / 3600, 2);
  g_string_append_c (out, ':');
  append_uint (out, second_of_day / 60 % 60, 2);
  g_string_append_c (out, ':');
  append_uint (out, second_of_day % 60, 2);
  g_string_append_c (out, 'Z');
}

/**
 * uns_export_append_seconds:
 * @out: where to append
 * @usec: a duration in microseconds
 *
 * Appends @usec as seconds with exactly three decimals, rounded to the
 * nearest millisecond (halves away from zero), e.g. 1800.000.
 */
void
uns_export_append_seconds (GString *out,
                           gint64   usec)
{
  guint64 magnitude, millis;

  if (usec < 0)
    {
      g_string_append_c (out, '-');
      magnitude = (guint64) -(usec + 1) + 1;
    }
  else
    {
      magnitude = (guint64) usec;
    }

  millis = magnitude / 1000 + (magnitude % 1000 >= 500 ? 1 : 0);
  append_uint (out, millis / 1000, 1);
  g_string_append_c (out, '.');
  append_uint (out, millis % 1000, 3);
}

/* Returns the length of the valid UTF-8 character at @p, or 0 when the
 * bytes there are not one. */
static gsize
utf8_char_length (const char *p,
                  const char *end)
{
  gunichar c = g_utf8_get_char_validated (p, end - p);

  if (c == (gunichar) -1 || c == (gunichar) -2)
    return 0;
  return (gsize) (g_utf8_next_char (p) - p);
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  const char *p, *end;
  gboolean quote;

  if (text == NULL)
    return;

  end = text + strlen (text);
  quote = strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');

  for (p = text; p < end;)
    {
      guchar c = (guchar) *p;

      if (c < 0x80)
        {
          if (c == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, (char) c);
          p++;
        }
      else
        {
          gsize len = utf8_char_length (p, end);

          if (len == 0)
            {
              g_string_append_len (out, UTF8_REPLACEMENT, 3);
              p++;
            }
          else
            {
              g_string_append_len (out, p, (gssize) len);
              p += len;
            }
        }
    }

  if (quote)
    g_string_append_c (out, '"');
}

static void
append_json_string (GString    *out,
                    const char *text)
{
  static const char hex[] = "0123456789abcdef";
  const char *p, *end;

  end = text + strlen (text);
  g_string_append_c (out, '"');

  for (p = text; p < end;)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        {
          g_string_append_c (out, (char) c);
          p++;
        }
      else if (c < 0x80)
        {
          g_string_append_c (out, '\\');
          switch (c)
            {
            case '"':
              g_string_append_c (out, '"');
              break;
            case '\\':
              g_string_append_c (out, '\\');
              break;
            case '\n':
              g_string_append_c (out, 'n');
              break;
            case '\r':
              g_string_append_c (out, 'r');
              break;
            case '\t':
              g_string_append_c (out, 't');
              break;
            default:
              g_string_append_len (out, "u00", 3);
              g_string_append_c (out, hex[c >> 4]);
              g_string_append_c (out, hex[c & 0xf]);
              break;
            }
          p++;
        }
      else
        {
          gsize len = utf8_char_length (p, end);

          if (len == 0)
            {
              g_string_append_len (out, UTF8_REPLACEMENT, 3);
              p++;
            }
          /* Valid JSON either way, but JavaScript before ES2019 ends a
           * string literal at these two line separators. */
          else if (len == 3 && memcmp (p, "\xe2\x80\xa8", 3) == 0)
            {
              g_string_append_len (out, "\\u2028", 6);
              p += len;
            }
          else if (len == 3 && memcmp (p, "\xe2\x80\xa9", 3) == 0)
            {
              g_string_append_len (out, "\\u2029", 6);
              p += len;
            }
          else
            {
              g_string_append_len (out, p, (gssize) len);
              p += len;
            }
        }
    }

  g_string_append_c (out, '"');
}

/* A damaged row may hold any two times: their difference saturates rather
 * than overflow. */
static gint64
span_usec (const UnsExportRecord *record)
{
  gint64 span;

  if (__builtin_sub_overflow (record->end_usec, record->start_usec, &span))
    return record->end_usec < 0 ? G_MININT64 : G_MAXINT64;
  return span;
}

static void
append_json_object (GString               *out,
                    const UnsExportRecord *record)
{
  g_string_append_len (out, "{\"start\":\"", 10);
  uns_export_append_time (out, record->start_usec);
  g_string_append_len (out, "\",\"end\":\"", 9);
  uns_export_append_time (out, record->end_usec);
  g_string_append_len (out, "\",\"day\":", 8);
  append_json_string (out, record->day != NULL ? record->day : "");
  g_string_append_len (out, ",\"seconds\":", 11);
  uns_export_append_seconds (out, span_usec (record));
  g_string_append_len (out, ",\"kind\":\"", 9);
  g_string_append (out, kind_name (record->kind));
  g_string_append_len (out, "\",\"subject\":", 12);
  append_json_string (out, record->subject != NULL ? record->subject : "");
  g_string_append_len (out, ",\"service\":", 11);
  if (record->service != NULL && record->service[0] != '\0')
    append_json_string (out, record->service);
  else
    g_string_append_len (out, "null", 4);
  g_string_append_len (out, ",\"category\":", 12);
  append_json_string (out, record->category != NULL ? record->category : "");
  g_string_append_c (out, '}');
}

static void
append_csv_line (GString               *out,
                 const UnsExportRecord *record)
{
  uns_export_append_time (out, record->start_usec);
  g_string_append_c (out, ',');
  uns_export_append_time (out, record->end_usec);
  g_string_append_c (out, ',');
  append_csv_field (out, record->day);
  g_string_append_c (out, ',');
  uns_export_append_seconds (out, span_usec (record));
  g_string_append_c (out, ',');
  g_string_append (out, kind_name (record->kind));
  g_string_append_c (out, ',');
  append_csv_field (out, record->subject);
  g_string_append_c (out, ',');
  append_csv_field (out, record->service);
  g_string_append_c (out, ',');
  append_csv_field (out, record->category);
  g_string_append_c (out, '\n');
}

/**
 * uns_export_write_header:
 * @format: the export format
 * @out: where to append
 *
 * Appends what comes before the first record: CSV's header line, JSON's
 * opening bracket, nothing for NDJSON.
 */
void
uns_export_write_header (UnsExportFormat  format,
                         GString         *out)
{
  g_return_if_fail (out != NULL);

  switch (format)
    {
    case UNS_EXPORT_CSV:
      g_string_append_len (out, csv_header, sizeof csv_header - 1);
      break;
    case UNS_EXPORT_JSON:
      g_string_append_c (out, '[');
      break;
    case UNS_EXPORT_NDJSON:
      break;
    default:
      g_return_if_reached ();
    }
}

/**
 * uns_export_write_record:
 * @format: the export format
 * @record: the span
 * @index: how many records were written before this one
 * @out: where to append
 *
 * Appends one record, with the separator JSON needs before all but the
 * first.
 */
void
uns_export_write_record (UnsExportFormat        format,
                         const UnsExportRecord *record,
                         guint64                index,
                         GString               *out)
{
  g_return_if_fail (record != NULL);
  g_return_if_fail (out != NULL);

  switch (format)
    {
    case UNS_EXPORT_CSV:
      append_csv_line (out, record);
      break;
    case UNS_EXPORT_JSON:
      g_string_append_len (out, index == 0 ? "\n" : ",\n", index == 0 ? 1 : 2);
      append_json_object (out, record);
      break;
    case UNS_EXPORT_NDJSON:
      append_json_object (out, record);
      g_string_append_c (out, '\n');
      break;
    default:
      g_return_if_reached ();
    }
}

/**
 * uns_export_write_footer:
 * @format: the export format
 * @n_records: how many records were written
 * @out: where to append
 *
 * Appends what comes after the last record: JSON's closing bracket.
 */
void
uns_export_write_footer (UnsExportFormat  format,
                         guint64          n_records,
                         GString         *out)
{
  g_return_if_fail (out != NULL);

  switch (format)
    {
    case UNS_EXPORT_CSV:
    case UNS_EXPORT_NDJSON:
      break;
    case UNS_EXPORT_JSON:
      g_string_append (out, n_records == 0 ? "]\n" : "\n]\n");
      break;
    default:
      g_return_if_reached ();
    }
}
