/* genkit-telemetry-json.c — JSON text the way Genkit's JavaScript tools write it
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <genkit.h>

#include "genkit-telemetry-json-private.h"

/* Strings are escaped as `JSON.stringify` does: `"` and `\`, the short escapes for
 * \b \f \n \r \t, `\u00xx` (lowercase) for other control characters, everything else
 * (including U+2028/U+2029 and DEL) as UTF-8. */
void
_genkit_json_write_string (GString    *out,
                           const char *str,
                           gssize      len)
{
  static const char hex[] = "0123456789abcdef";
  const char *p = str;
  const char *end;
  const char *run;

  if (len < 0)
    len = strlen (str);
  end = str + len;

  g_string_append_c (out, '"');
  run = p;
  for (; p < end; p++)
    {
      guchar c = (guchar) *p;
      const char *esc = NULL;
      char ubuf[7];

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      switch (c)
        {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
          ubuf[0] = '\\';
          ubuf[1] = 'u';
          ubuf[2] = '0';
          ubuf[3] = '0';
          ubuf[4] = hex[c >> 4];
          ubuf[5] = hex[c & 0xf];
          ubuf[6] = '\0';
          esc = ubuf;
          break;
        }
      if (p > run)
        g_string_append_len (out, run, p - run);
      g_string_append (out, esc);
      run = p + 1;
    }
  if (p > run)
    g_string_append_len (out, run, p - run);
  g_string_append_c (out, '"');
}

/* Length in UTF-16 code units, JavaScript's `String.prototype.length`. */
gsize
_genkit_utf16_length (const char *str)
{
  gsize n = 0;

  for (const guchar *p = (const guchar *) str; *p; p++)
    {
      if ((*p & 0xc0) == 0x80)
        continue;
      n += (*p >= 0xf0) ? 2 : 1;
    }
  return n;
}

/* Writes `str.substring(0, max_units) + suffix` as `JSON.stringify` would: when the cut
 * falls inside a character outside the BMP, JavaScript keeps its high surrogate, which
 * `JSON.stringify` writes as a `\udXXX` escape. Text meant to be parsed again by json-glib
 * (which refuses lone surrogates) asks for it to be left out instead. */
void
_genkit_json_write_string_utf16_truncated (GString    *out,
                                           const char *str,
                                           gsize       max_units,
                                           const char *suffix,
                                           gboolean    keep_lone_surrogate)
{
  g_autoptr(GString) tmp = g_string_new (NULL);
  const char *p = str;
  gsize units = 0;
  gunichar lone_high = 0;

  while (*p && units < max_units)
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c >= 0x10000)
        {
          if (units + 2 > max_units)
            {
              lone_high = 0xd800 + ((c - 0x10000) >> 10);
              units++;
              break;
            }
          units += 2;
        }
      else
        units++;
      g_string_append_len (tmp, p, next - p);
      p = next;
    }

  if (lone_high == 0 || !keep_lone_surrogate)
    {
      g_string_append (tmp, suffix);
      _genkit_json_write_string (out, tmp->str, tmp->len);
      return;
    }

  /* The escaped lone surrogate goes between the prefix and the suffix. */
  _genkit_json_write_string (out, tmp->str, tmp->len);
  g_string_truncate (out, out->len - 1);
  g_string_append_printf (out, "\\u%04x", (guint) lone_high);
  {
    g_autoptr(GString) rest = g_string_new (NULL);

    _genkit_json_write_string (rest, suffix, -1);
    g_string_append_len (out, rest->str + 1, rest->len - 1);
  }
}

/* The shortest decimal digits that read back as @value: binary search over the precision,
 * since "round-trips with p digits" is monotonic in p. */
static int
shortest_digits (double  value,
                 char   *digits,
                 int    *exponent)
{
  char buf[40];
  int lo = 0;
  int hi = 16;
  char *e;
  int n = 0;

  while (lo < hi)
    {
      int mid = (lo + hi) / 2;

      snprintf (buf, sizeof buf, "%.*e", mid, value);
      if (strtod (buf, NULL) == value)
        hi = mid;
      else
        lo = mid + 1;
    }
  snprintf (buf, sizeof buf, "%.*e", lo, value);

  /* buf is "d.dddde±XX" (value > 0 here) */
  e = strchr (buf, 'e');
  g_assert (e != NULL);
  *exponent = atoi (e + 1);
  for (const char *p = buf; p < e; p++)
    if (g_ascii_isdigit (*p))
      digits[n++] = *p;
  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  return n;
}

/* ECMAScript's Number::toString (radix 10), which JSON.stringify uses; non-finite numbers
 * become `null` as in JSON.stringify. */
void
_genkit_json_write_number (GString *out,
                           double   value)
{
  char digits[24];
  int k;
  int n;
  int exp10;

  if (!isfinite (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (value == 0)
    {
      g_string_append_c (out, '0');
      return;
    }
  /* Exact integers print as is; beyond 2^53 JavaScript prints the shortest digits padded with
   * zeros, which the general path below does. */
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    {
      g_string_append_printf (out, "%.0f", value);
      return;
    }
  if (value < 0)
    {
      g_string_append_c (out, '-');
      value = -value;
    }

  k = shortest_digits (value, digits, &exp10);
  n = exp10 + 1;

  if (k <= n && n <= 21)
    {
      g_string_append (out, digits);
      for (int i = 0; i < n - k; i++)
        g_string_append_c (out, '0');
    }
  else if (0 < n && n <= 21)
    {
      g_string_append_len (out, digits, n);
      g_string_append_c (out, '.');
      g_string_append (out, digits + n);
    }
  else if (-6 < n && n <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -n; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else
    {
      int e = n - 1;

      g_string_append_c (out, digits[0]);
      if (k > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%d", e >= 0 ? '+' : '-', ABS (e));
    }
}

gboolean
_genkit_json_node_is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

double
_genkit_json_node_get_number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

/* Writes any JSON value compactly, object members in their original order. */
void
_genkit_json_write_node (GString  *out,
                         JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);
        gboolean first = TRUE;

        g_string_append_c (out, '{');
        for (GList *l = members; l != NULL; l = l->next)
          {
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            _genkit_json_write_string (out, l->data, -1);
            g_string_append_c (out, ':');
            _genkit_json_write_node (out, json_object_get_member (object, l->data));
          }
        g_string_append_c (out, '}');
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            _genkit_json_write_node (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          _genkit_json_write_string (out, json_node_get_string (node), -1);
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else if (type == G_TYPE_INT64)
          g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        else if (type == G_TYPE_DOUBLE)
          _genkit_json_write_number (out, json_node_get_double (node));
        else
          g_string_append (out, "null");
      }
      break;
    }
}

char *
_genkit_json_node_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  _genkit_json_write_node (out, node);
  return g_string_free (out, FALSE);
}

/* Checks the shape of a JSON text before json-glib sees it: one object or array (what
 * body-parser's strict mode accepts, and what every caller here expects), nested no deeper
 * than @limit, nothing but whitespace after it (json-glib 1.6 ignores trailing values). */
static gboolean
json_text_shape_ok (const char  *data,
                    gsize        length,
                    guint        limit,
                    GError     **error)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gsize i = 0;

  while (i < length && g_ascii_isspace (data[i]))
    i++;
  if (i == length || (data[i] != '{' && data[i] != '['))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Malformed JSON: expected an object or an array");
      return FALSE;
    }

  for (; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > limit)
            {
              g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Malformed JSON: nested deeper than %u levels", limit);
              return FALSE;
            }
        }
      else if (c == ']' || c == '}')
        {
          if (depth == 0 || --depth == 0)
            break;
        }
    }

  for (i++; i < length; i++)
    if (!g_ascii_isspace (data[i]))
      {
        g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                             "Malformed JSON: unexpected text after the value");
        return FALSE;
      }
  return TRUE;
}

/* Parses untrusted JSON text: valid UTF-8, one object or array nested no deeper than
 * GENKIT_TELEMETRY_JSON_MAX_DEPTH, nothing after it. Errors are
 * GENKIT_ERROR_INVALID_ARGUMENT. */
JsonNode *
_genkit_json_parse (const char  *data,
                    gsize        length,
                    GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length == 0)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Malformed JSON: the body is empty");
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Malformed JSON: the body is not valid UTF-8");
      return NULL;
    }
  if (!json_text_shape_ok (data, length, GENKIT_TELEMETRY_JSON_MAX_DEPTH, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Malformed JSON: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Malformed JSON: no value");
      return NULL;
    }
  return json_node_ref (root);
}

/* JavaScript's `${value}` for a JSON value. */
char *
_genkit_js_string_coerce (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return g_strdup ("[object Object]");

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        GString *out = g_string_new (NULL);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (i > 0)
              g_string_append_c (out, ',');
            if (JSON_NODE_TYPE (element) != JSON_NODE_NULL)
              {
                g_autofree char *part = _genkit_js_string_coerce (element);

                g_string_append (out, part);
              }
          }
        return g_string_free (out, FALSE);
      }

    case JSON_NODE_NULL:
      return g_strdup ("null");

    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return g_strdup (json_node_get_string (node));
        if (type == G_TYPE_BOOLEAN)
          return g_strdup (json_node_get_boolean (node) ? "true" : "false");
        if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
          {
            GString *out = g_string_new (NULL);

            _genkit_json_write_number (out, _genkit_json_node_get_number (node));
            return g_string_free (out, FALSE);
          }
        return g_strdup ("");
      }
    }
}
