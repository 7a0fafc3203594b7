/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json-glib 1.6 is not safe on untrusted text by itself: nesting a hundred
 * thousand levels deep recurses it off the stack, a "\u0000" escape
 * silently cuts a string short once it is a C string, and "{}{}" or
 * "7 {}" parse as valid JSON, keeping the last value and leaking the
 * others. Every loader of outside JSON looks at the raw text here first. */
#include "config.h"

#include <string.h>

#include "uns-json.h"

/**
 * uns_json_prescan:
 * @data: the raw text
 * @len: its length in bytes
 * @max_depth: the deepest nesting allowed
 * @out_problem: (out): what is wrong, for a message (not translated: it is
 *   about a file or a peer, for whoever ships or writes it)
 *
 * Returns: %TRUE if json-glib may parse @data
 */
gboolean
uns_json_prescan (const char  *data,
                  gsize        len,
                  guint        max_depth,
                  const char **out_problem)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gboolean seen_value = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            {
              if (i + 5 < len && data[i + 1] == 'u' && strncmp (data + i + 2, "0000", 4) == 0)
                {
                  *out_problem = "a string holds a \\u0000 escape";
                  return FALSE;
                }
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      /* Other text after the first value is an error json-glib reports. */
      if (depth == 0 && !g_ascii_isspace (c))
        {
          if (seen_value && (c == '[' || c == '{'))
            {
              *out_problem = "it holds more than one JSON value";
              return FALSE;
            }
          seen_value = TRUE;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            {
              *out_problem = "it is nested too deeply";
              return FALSE;
            }
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/**
 * uns_json_node_is_type:
 * @node: (nullable): a node
 * @type: a fundamental type such as %G_TYPE_STRING
 *
 * Returns: whether @node is a value of @type
 */
gboolean
uns_json_node_is_type (JsonNode *node,
                       GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == type;
}
