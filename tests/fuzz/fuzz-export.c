/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzzes the CSV, JSON and NDJSON formatters with whatever a damaged
 * database row could hold, and checks that every export stays readable. */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "fuzz-common.h"
#include "uns-export.h"

#define N_RECORDS 2

/* Each exported string is the record's when that was valid UTF-8. */
static void
check_member (JsonObject *object,
              const char *member,
              const char *expected)
{
  const char *value;

  if (expected == NULL || !g_utf8_validate (expected, -1, NULL))
    return;
  if (g_str_equal (member, "service") && *expected == '\0')
    {
      g_assert_true (json_object_get_null_member (object, member));
      return;
    }
  value = json_object_get_string_member (object, member);
  g_assert_cmpstr (value, ==, expected);
}

static void
check_object (JsonNode              *node,
              const UnsExportRecord *record)
{
  JsonObject *object;

  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  object = json_node_get_object (node);
  g_assert_cmpuint (json_object_get_size (object), ==, 8);
  check_member (object, "day", record->day);
  check_member (object, "subject", record->subject);
  check_member (object, "service", record->service);
  check_member (object, "category", record->category);
  g_assert_cmpstr (json_object_get_string_member (object, "kind"), ==,
                   record->kind == UNS_KIND_SITE ? "site" : "app");
}

static void
check_json (const char            *text,
            const UnsExportRecord *record)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  if (!json_parser_load_from_data (parser, text, -1, &error))
    g_error ("The JSON export does not parse: %s\n%s", error->message, text);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)));
  array = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (array), ==, N_RECORDS);
  for (guint i = 0; i < N_RECORDS; i++)
    check_object (json_array_get_element (array, i), record);
}

static void
check_ndjson (const char            *text,
              const UnsExportRecord *record)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  /* One object a line, then the empty string after the last newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, N_RECORDS + 1);
  g_assert_cmpstr (lines[N_RECORDS], ==, "");
  for (guint i = 0; i < N_RECORDS; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;

      if (!json_parser_load_from_data (parser, lines[i], -1, &error))
        g_error ("An NDJSON line does not parse: %s\n%s", error->message, lines[i]);
      check_object (json_parser_get_root (parser), record);
    }
}

static void
check_csv (const char *text)
{
  guint fields = 1, records = 0;
  gboolean quoted = FALSE;

  /* Counts fields and records as RFC 4180 reads them. */
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        quoted = !quoted;
      else if (*p == ',' && !quoted)
        fields++;
      else if (*p == '\n' && !quoted)
        {
          g_assert_cmpuint (fields, ==, 8);
          fields = 1;
          records++;
        }
    }
  g_assert_false (quoted);
  g_assert_cmpuint (fields, ==, 1);
  g_assert_cmpuint (records, ==, 1 + N_RECORDS);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  UnsExportRecord record = { 0, };
  g_auto(GStrv) fields = NULL;
  guint8 flags;

  if (size < 2 * sizeof (gint64) + 1)
    return 0;
  memcpy (&record.start_usec, data, sizeof (gint64));
  memcpy (&record.end_usec, data + sizeof (gint64), sizeof (gint64));
  flags = data[2 * sizeof (gint64)];
  data += 2 * sizeof (gint64) + 1;
  size -= 2 * sizeof (gint64) + 1;

  /* A kind outside the enumeration is what a damaged row gives. */
  record.kind = (UnsKind) (flags & 0x03);
  fields = fuzz_fields (data, size, '\0', 4);
  record.day = fields[0];
  record.subject = fields[1];
  record.service = (flags & 0x04) ? NULL : fields[2];
  record.category = fields[3];

  for (UnsExportFormat format = UNS_EXPORT_CSV; format <= UNS_EXPORT_NDJSON; format++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      uns_export_write_header (format, out);
      for (guint i = 0; i < N_RECORDS; i++)
        uns_export_write_record (format, &record, i, out);
      uns_export_write_footer (format, N_RECORDS, out);

      g_assert_true (g_utf8_validate (out->str, (gssize) out->len, NULL));
      g_assert_cmpuint (strlen (out->str), ==, out->len);
      switch (format)
        {
        case UNS_EXPORT_CSV:
          check_csv (out->str);
          break;
        case UNS_EXPORT_JSON:
          check_json (out->str, &record);
          break;
        case UNS_EXPORT_NDJSON:
          check_ndjson (out->str, &record);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return 0;
}
