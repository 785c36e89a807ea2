/* genkit-json.c — strict JSON parsing for untrusted input
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-error.h"
#include "genkit-json.h"

#define CUT_SHORT  (-1)
#define BAD_ESCAPE (-2)

/* Returns the offset just past the first JSON value of @data (after leading white space),
 * CUT_SHORT when the brackets do not balance or a string is not closed, or BAD_ESCAPE with
 * *where set at a bad string escape. It only tracks strings and nesting: the parser checks
 * everything else. */
static gssize
end_of_first_value (const char *data,
                    gsize       length,
                    gsize      *where)
{
  gsize depth = 0;
  gsize i = 0;

  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i >= length)
    return length;

  /* A number, true, false or null ends where its characters do. */
  if (data[i] != '"' && data[i] != '{' && data[i] != '[')
    {
      while (i < length && (g_ascii_isalnum (data[i]) || strchr ("+-.", data[i]) != NULL) &&
             data[i] != '\0')
        i++;
      return i;
    }

  for (; i < length; i++)
    {
      char c = data[i];

      if (c == '"')
        {
          for (i++; i < length && data[i] != '"'; i++)
            if (data[i] == '\\')
              {
                /* json-glib 1.6 leaks on a bad escape too: only JSON's escapes pass. */
                *where = i;
                if (++i >= length)
                  return CUT_SHORT;
                if (data[i] == '\0' || strchr ("\"\\/bfnrtu", data[i]) == NULL)
                  return BAD_ESCAPE;
                if (data[i] == 'u')
                  for (guint k = 0; k < 4; k++)
                    if (++i >= length || !g_ascii_isxdigit (data[i]))
                      return BAD_ESCAPE;
              }
          if (i >= length)
            return CUT_SHORT;
          if (depth == 0)
            return i + 1;
        }
      else if (c == '{' || c == '[')
        depth++;
      else if (c == '}' || c == ']')
        {
          if (depth == 0)
            return CUT_SHORT;
          if (--depth == 0)
            return i + 1;
        }
    }
  return CUT_SHORT;
}

/* "LINE:COLUMN", both from 1, of a byte offset: the form json-glib's messages use. */
static char *
position_of (const char *data,
             gsize       offset)
{
  guint line = 1;
  guint column = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (data[i] == '\n')
        {
          line++;
          column = 1;
        }
      else
        column++;
    }
  return g_strdup_printf ("%u:%u", line, column);
}

/**
 * genkit_json_parse:
 * @data: (array length=length) (element-type guint8): the JSON text
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @error: return location for an error
 *
 * Parses one JSON document from an untrusted source (a request body, a file, another
 * runtime's answer): it must be valid UTF-8 holding exactly one JSON value, with nothing but
 * white space after it. json-glib 1.6 accepts trailing values after the first, and leaks the
 * nodes it built for them and for strings with a bad escape; this refuses such input before
 * parsing.
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
  gsize where = 0;
  gssize end;
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  size = length < 0 ? strlen (data) : (gsize) length;
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "The JSON text is not valid UTF-8");
      return NULL;
    }

  end = end_of_first_value (data, size, &where);
  if (end == BAD_ESCAPE)
    {
      g_autofree char *position = position_of (data, where);

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "<data>:%s: Parse error: invalid escape in a string", position);
      return NULL;
    }
  /* A value cut short is reported by the parser, with its position; it does not leak. */
  for (gsize i = end < 0 ? size : (gsize) end; i < size; i++)
    if (!g_ascii_isspace (data[i]))
      {
        g_autofree char *position = position_of (data, i);

        g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                     "<data>:%s: Parse error: unexpected content after the JSON value", position);
        return NULL;
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
