/* genkit-json.c — strict JSON parsing for untrusted input
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-error.h"
#include "genkit-json.h"

/* Returns the offset just past the first JSON value of @data (after leading white space), or
 * -1 when the brackets do not balance. It only tracks strings and nesting: the parser checks
 * everything else. */
static gssize
end_of_first_value (const char *data,
                    gsize       length)
{
  gsize depth = 0;
  gsize i = 0;

  while (i < length && g_ascii_isspace (data[i]))
    i++;

  for (; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        {
          for (i++; i < length && data[i] != '"'; i++)
            if (data[i] == '\\')
              i++;
          if (i >= length)
            return -1;
          if (depth == 0)
            return i + 1;
        }
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return -1;
          if (--depth == 0)
            return i + 1;
        }
      else if (depth == 0 && (g_ascii_isspace (c) || c == ',' || c == ':'))
        return i;
    }
  return depth == 0 ? (gssize) length : -1;
}

/**
 * genkit_json_parse:
 * @data: (array length=length) (element-type guint8): the JSON text
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @error: return location for an error
 *
 * Parses one JSON document from an untrusted source (a request body, a file, another
 * runtime's answer): it must be valid UTF-8 holding exactly one JSON value, with nothing but
 * white space after it. json-glib 1.6 accepts trailing values after the first and leaks the
 * nodes it built for them; this refuses such input before parsing.
 *
 * Returns: (transfer full): the parsed value, or %NULL with `INVALID_ARGUMENT` and a message
 *   giving the line and column of the problem
 */
JsonNode *
genkit_json_parse (const char  *data,
                   gssize       length,
                   GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  gssize end;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "The JSON text is not valid UTF-8");
      return NULL;
    }

  end = end_of_first_value (data, size);
  if (end >= 0)
    {
      for (gsize i = end; i < size; i++)
        if (!g_ascii_isspace (data[i]))
          {
            g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                         "Unexpected content after the JSON value at byte %" G_GSSIZE_FORMAT, (gssize) i);
            return NULL;
          }
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "%s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "The JSON text is empty");
      return NULL;
    }
  return json_node_ref (root);
}
