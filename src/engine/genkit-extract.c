/* genkit-extract.c — lenient JSON extraction from model text, complete or still streaming
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "genkit-error.h"
#include "genkit-extract.h"

/* Models write JSON the way people do: inside prose and code fences, with single quotes,
 * trailing commas and comments, and while streaming, cut off in the middle. Genkit reads it
 * with JSON5 and, for unfinished text, with the `partial-json` package
 * (`js/ai/src/extract.ts`); this is one recursive-descent parser with both behaviours. */

#define MAX_DEPTH 512

typedef enum
{
  PARSE_OK,
  PARSE_INCOMPLETE,     /* the text ended inside the value; *out may hold what was read */
  PARSE_FAIL,
} ParseResult;

typedef struct
{
  const char  *start;
  const char  *p;
  const char  *end;
  gboolean     partial;
  guint        depth;
  GError     **error;
} Parser;

static ParseResult parse_value (Parser *self, JsonNode **out);

static ParseResult
parser_fail (Parser     *self,
             const char *what)
{
  if (self->error != NULL && *self->error == NULL)
    g_set_error (self->error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                 "Invalid JSON at offset %" G_GSIZE_FORMAT ": %s",
                 (gsize) (self->p - self->start), what);
  return PARSE_FAIL;
}

static gboolean
at_end (Parser *self)
{
  return self->p >= self->end;
}

/* White space and comments. Returns FALSE when a comment is left open at the end. */
static gboolean
skip_space (Parser *self)
{
  while (!at_end (self))
    {
      const guchar *u = (const guchar *) self->p;
      gsize left = self->end - self->p;

      if (g_ascii_isspace (*u))
        self->p++;
      else if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0)                 /* U+00A0 */
        self->p += 2;
      else if (left >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) /* U+FEFF */
        self->p += 3;
      else if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
        self->p += 3;                                                      /* U+2028/9 */
      else if (left >= 2 && u[0] == '/' && u[1] == '/')
        {
          while (!at_end (self) && *self->p != '\n')
            self->p++;
        }
      else if (left >= 2 && u[0] == '/' && u[1] == '*')
        {
          const char *close = g_strstr_len (self->p + 2, self->end - self->p - 2, "*/");

          if (close == NULL)
            {
              self->p = self->end;
              return FALSE;
            }
          self->p = close + 2;
        }
      else
        break;
    }
  return TRUE;
}

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Reads @n hex digits; -2 when the text ends first, -1 when one is not a hex digit. */
static gint32
read_hex (Parser *self,
          guint   n)
{
  gint32 value = 0;

  for (guint i = 0; i < n; i++)
    {
      int digit;

      if (at_end (self))
        return -2;
      if ((digit = hex_value (*self->p)) < 0)
        return -1;
      value = value * 16 + digit;
      self->p++;
    }
  return value;
}

static ParseResult
parse_string (Parser  *self,
              char   **out)
{
  char quote = *self->p++;
  GString *string = g_string_new (NULL);

  while (TRUE)
    {
      char c;

      if (at_end (self))
        {
          *out = g_string_free (string, FALSE);
          return PARSE_INCOMPLETE;
        }

      c = *self->p;
      if (c == quote)
        {
          self->p++;
          *out = g_string_free (string, FALSE);
          return PARSE_OK;
        }
      if (c == '\n' || c == '\r')
        {
          g_string_free (string, TRUE);
          return parser_fail (self, "line break inside a string");
        }
      if (c != '\\')
        {
          g_string_append_c (string, c);
          self->p++;
          continue;
        }

      self->p++;
      if (at_end (self))
        {
          *out = g_string_free (string, FALSE);
          return PARSE_INCOMPLETE;
        }
      c = *self->p++;
      switch (c)
        {
        case 'b': g_string_append_c (string, '\b'); break;
        case 'f': g_string_append_c (string, '\f'); break;
        case 'n': g_string_append_c (string, '\n'); break;
        case 'r': g_string_append_c (string, '\r'); break;
        case 't': g_string_append_c (string, '\t'); break;
        case 'v': g_string_append_c (string, '\v'); break;
        case '0': g_string_append_c (string, '\0'); break;
        case '\n': break;                       /* line continuation */
        case '\r':
          if (!at_end (self) && *self->p == '\n')
            self->p++;
          break;
        case 'x':
        case 'u':
          {
            gint32 unit = read_hex (self, c == 'x' ? 2 : 4);

            if (unit == -2)
              {
                *out = g_string_free (string, FALSE);
                return PARSE_INCOMPLETE;
              }
            if (unit < 0)
              {
                g_string_free (string, TRUE);
                return parser_fail (self, "bad escape sequence");
              }
            /* A high surrogate pairs with the \uXXXX that follows it. */
            if (unit >= 0xD800 && unit <= 0xDBFF && self->end - self->p >= 6 &&
                self->p[0] == '\\' && self->p[1] == 'u')
              {
                const char *save = self->p;
                gint32 low;

                self->p += 2;
                low = read_hex (self, 4);
                if (low >= 0xDC00 && low <= 0xDFFF)
                  unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                else
                  self->p = save;
              }
            if (unit >= 0xD800 && unit <= 0xDFFF)
              unit = 0xFFFD;
            g_string_append_unichar (string, (gunichar) unit);
          }
          break;
        default:
          /* \" \' \\ \/ and JSON5's "any other character stands for itself" */
          g_string_append_c (string, c);
        }
    }
}

static gboolean
is_identifier_char (char c,
                    gboolean first)
{
  if (g_ascii_isalpha (c) || c == '_' || c == '$' || (guchar) c >= 0x80)
    return TRUE;
  return !first && g_ascii_isdigit (c);
}

static JsonNode *
number_node (double value)
{
  /* JSON has no NaN or Infinity; JavaScript's JSON.stringify writes them as null. */
  if (isnan (value) || isinf (value))
    return json_node_new (JSON_NODE_NULL);
  if (value == floor (value) && fabs (value) < 9007199254740992.0)
    return json_node_init_int (json_node_alloc (), (gint64) value);
  return json_node_init_double (json_node_alloc (), value);
}

static gboolean
is_prefix_of (const char *text,
              gsize       length,
              const char *word)
{
  return length > 0 && length <= strlen (word) && strncmp (text, word, length) == 0;
}

static ParseResult
parse_word (Parser    *self,
            JsonNode **out)
{
  static const struct { const char *word; gboolean number; int value; } words[] = {
    { "true", FALSE, 1 }, { "false", FALSE, 0 }, { "null", FALSE, -1 },
    { "Infinity", TRUE, 0 }, { "NaN", TRUE, 0 },
  };
  const char *start = self->p;
  const char *word;
  gboolean is_signed = FALSE;
  gsize length;

  if (*self->p == '+' || *self->p == '-')
    {
      is_signed = TRUE;
      self->p++;
    }
  word = self->p;
  while (!at_end (self) && is_identifier_char (*self->p, FALSE))
    self->p++;
  length = self->p - word;

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gboolean whole = length == strlen (words[i].word) && strncmp (word, words[i].word, length) == 0;
      gboolean cut = self->partial && at_end (self) && is_prefix_of (word, length, words[i].word);

      if (!whole && !cut)
        continue;
      if (is_signed && !words[i].number)
        break;
      if (words[i].number || words[i].value < 0)
        *out = json_node_new (JSON_NODE_NULL);   /* ±Infinity and NaN, as JSON.stringify writes them */
      else
        *out = json_node_init_boolean (json_node_alloc (), words[i].value == 1);
      return whole ? PARSE_OK : PARSE_INCOMPLETE;
    }
  self->p = start;
  return parser_fail (self, "unexpected character");
}

static ParseResult
parse_number (Parser    *self,
              JsonNode **out)
{
  const char *start = self->p;
  const char *digits;
  g_autofree char *text = NULL;
  double value;
  char *parse_end;

  if (*self->p == '+' || *self->p == '-')
    self->p++;
  if (!at_end (self) && (g_ascii_isalpha (*self->p) && *self->p != 'e' && *self->p != 'E'))
    {
      self->p = start;
      return parse_word (self, out);
    }
  if (at_end (self))
    return self->partial ? PARSE_INCOMPLETE : parser_fail (self, "number expected");

  digits = self->p;
  if (self->end - self->p >= 2 && self->p[0] == '0' && (self->p[1] == 'x' || self->p[1] == 'X'))
    {
      guint64 hex = 0;
      gboolean any = FALSE;

      self->p += 2;
      while (!at_end (self) && hex_value (*self->p) >= 0)
        {
          hex = hex * 16 + hex_value (*self->p++);
          any = TRUE;
        }
      if (!any)
        return (self->partial && at_end (self)) ? PARSE_INCOMPLETE
                                                : parser_fail (self, "bad hexadecimal number");
      value = (double) hex;
      if (*start == '-')
        value = -value;
      *out = number_node (value);
      return PARSE_OK;
    }

  while (!at_end (self) && (g_ascii_isdigit (*self->p) || *self->p == '.' || *self->p == 'e' ||
                            *self->p == 'E' || ((*self->p == '+' || *self->p == '-') &&
                                                (self->p[-1] == 'e' || self->p[-1] == 'E'))))
    self->p++;

  text = g_strndup (start, self->p - start);
  if (at_end (self) && self->partial)
    {
      /* An unfinished number reads as much of it as makes sense: `1.` is 1, `2e` is 2. */
      gsize n = strlen (text);

      while (n > 0 && strchr ("eE+-.", text[n - 1]) != NULL)
        text[--n] = '\0';
      if (n == 0 || (n == 1 && (text[0] == '+' || text[0] == '-')))
        return PARSE_INCOMPLETE;
      value = g_ascii_strtod (text, &parse_end);
      if (*parse_end != '\0')
        return PARSE_INCOMPLETE;
      *out = number_node (value);
      return PARSE_INCOMPLETE;
    }

  if (self->p == digits)
    return parser_fail (self, "number expected");
  value = g_ascii_strtod (text, &parse_end);
  if (*parse_end != '\0')
    return parser_fail (self, "bad number");
  *out = number_node (value);
  return PARSE_OK;
}

static ParseResult
parse_key (Parser  *self,
           char   **key)
{
  const char *start;

  if (*self->p == '"' || *self->p == '\'')
    return parse_string (self, key);

  start = self->p;
  if (!is_identifier_char (*self->p, TRUE))
    return parser_fail (self, "object key expected");
  while (!at_end (self) && is_identifier_char (*self->p, FALSE))
    self->p++;
  if (at_end (self) && self->partial)
    return PARSE_INCOMPLETE;
  *key = g_strndup (start, self->p - start);
  return PARSE_OK;
}

static ParseResult
parse_object (Parser    *self,
              JsonNode **out)
{
  g_autoptr(JsonObject) object = json_object_new ();
  ParseResult result = PARSE_OK;

  self->p++;   /* { */
  while (TRUE)
    {
      g_autofree char *key = NULL;
      JsonNode *value = NULL;
      ParseResult r;

      if (!skip_space (self) || at_end (self))
        {
          result = PARSE_INCOMPLETE;
          break;
        }
      if (*self->p == '}')
        {
          self->p++;
          break;
        }

      r = parse_key (self, &key);
      if (r == PARSE_FAIL)
        return PARSE_FAIL;
      if (r == PARSE_INCOMPLETE)
        {
          result = PARSE_INCOMPLETE;
          break;
        }

      if (!skip_space (self) || at_end (self))
        {
          result = PARSE_INCOMPLETE;
          break;
        }
      if (*self->p != ':')
        return parser_fail (self, "“:” expected");
      self->p++;
      if (!skip_space (self) || at_end (self))
        {
          result = PARSE_INCOMPLETE;
          break;
        }

      r = parse_value (self, &value);
      if (r == PARSE_FAIL)
        return PARSE_FAIL;
      if (value != NULL)
        json_object_set_member (object, key, value);
      if (r == PARSE_INCOMPLETE)
        {
          result = PARSE_INCOMPLETE;
          break;
        }

      if (!skip_space (self) || at_end (self))
        {
          result = PARSE_INCOMPLETE;
          break;
        }
      if (*self->p == ',')
        self->p++;
      else if (*self->p == '}')
        {
          self->p++;
          break;
        }
      else
        return parser_fail (self, "“,” or “}” expected");
    }

  if (result == PARSE_INCOMPLETE && !self->partial)
    return parser_fail (self, "unterminated object");
  *out = json_node_init_object (json_node_alloc (), object);
  return result;
}

static ParseResult
parse_array (Parser    *self,
             JsonNode **out)
{
  g_autoptr(JsonArray) array = json_array_new ();
  ParseResult result = PARSE_OK;

  self->p++;   /* [ */
  while (TRUE)
    {
      JsonNode *value = NULL;
      ParseResult r;

      if (!skip_space (self) || at_end (self))
        {
          result = PARSE_INCOMPLETE;
          break;
        }
      if (*self->p == ']')
        {
          self->p++;
          break;
        }

      r = parse_value (self, &value);
      if (r == PARSE_FAIL)
        return PARSE_FAIL;
      if (value != NULL)
        json_array_add_element (array, value);
      if (r == PARSE_INCOMPLETE)
        {
          result = PARSE_INCOMPLETE;
          break;
        }

      if (!skip_space (self) || at_end (self))
        {
          result = PARSE_INCOMPLETE;
          break;
        }
      if (*self->p == ',')
        self->p++;
      else if (*self->p == ']')
        {
          self->p++;
          break;
        }
      else
        return parser_fail (self, "“,” or “]” expected");
    }

  if (result == PARSE_INCOMPLETE && !self->partial)
    return parser_fail (self, "unterminated array");
  *out = json_node_init_array (json_node_alloc (), array);
  return result;
}

static ParseResult
parse_value (Parser    *self,
             JsonNode **out)
{
  ParseResult result;
  char c;

  *out = NULL;
  if (!skip_space (self) || at_end (self))
    return self->partial ? PARSE_INCOMPLETE : parser_fail (self, "value expected");

  if (++self->depth > MAX_DEPTH)
    return parser_fail (self, "nested too deeply");

  c = *self->p;
  if (c == '{')
    result = parse_object (self, out);
  else if (c == '[')
    result = parse_array (self, out);
  else if (c == '"' || c == '\'')
    {
      char *string = NULL;

      result = parse_string (self, &string);
      if (result == PARSE_INCOMPLETE && !self->partial)
        {
          g_free (string);
          result = parser_fail (self, "unterminated string");
        }
      else if (string != NULL)
        {
          *out = json_node_init_string (json_node_alloc (), string);
          g_free (string);
        }
    }
  else if (g_ascii_isdigit (c) || c == '-' || c == '+' || c == '.')
    result = parse_number (self, out);
  else if (is_identifier_char (c, TRUE))
    result = parse_word (self, out);
  else
    result = parser_fail (self, "unexpected character");

  if (result == PARSE_FAIL)
    g_clear_pointer (out, json_node_unref);
  self->depth--;
  return result;
}

static JsonNode *
parse_document (const char  *text,
                gsize        length,
                gboolean     partial,
                GError     **error)
{
  Parser parser = { text, text, text + length, partial, 0, error };
  JsonNode *node = NULL;
  ParseResult result;

  result = parse_value (&parser, &node);
  if (result == PARSE_FAIL)
    return NULL;
  if (node == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Invalid JSON: no value");
      return NULL;
    }
  if (result == PARSE_OK && (!skip_space (&parser) || !at_end (&parser)) && !partial)
    {
      json_node_unref (node);
      parser_fail (&parser, "unexpected text after the value");
      return NULL;
    }
  return node;
}

/**
 * genkit_parse_json5:
 * @text: JSON5 text: JSON plus comments, single quotes, unquoted keys, trailing commas,
 *   hexadecimal numbers
 * @error: return location for an error: `INVALID_ARGUMENT` with the offset of the problem
 *
 * Parses one complete JSON5 value, as the `json5` package Genkit uses for model output does.
 * `NaN` and `Infinity` become `null`, as JavaScript's `JSON.stringify` writes them.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 */
JsonNode *
genkit_parse_json5 (const char  *text,
                    GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  return parse_document (text, strlen (text), FALSE, error);
}

/**
 * genkit_parse_partial_json:
 * @text: the beginning of a JSON value, e.g. `{"items": [1, 2, {"name": "Ad`
 * @error: return location for an error: `INVALID_ARGUMENT` when the text cannot start a value
 *
 * Parses JSON that may be cut off, Genkit's `parsePartialJson`: open strings, arrays and
 * objects are closed, a key without its value is dropped, an unfinished number or literal
 * reads as far as it goes. The example reads as `{"items": [1, 2, {"name": "Ad"}]}`.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 */
JsonNode *
genkit_parse_partial_json (const char  *text,
                           GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  return parse_document (text, strlen (text), TRUE, error);
}

/**
 * genkit_extract_json:
 * @text: model output that contains JSON somewhere, maybe unfinished
 * @error: return location for an error: `INVALID_ARGUMENT` when a complete JSON value was
 *   found but is not valid JSON5
 *
 * Finds the first JSON object or array in @text and parses it, Genkit's `extractJson`: prose
 * and code fences around it are ignored, JSON5 is accepted, and a value the text ends inside
 * is read as partial JSON.
 *
 * Returns: (transfer full) (nullable): the value; %NULL without an error when the text holds
 *   no JSON value (or only an unreadable unfinished one)
 */
JsonNode *
genkit_extract_json (const char  *text,
                     GError     **error)
{
  char opening = 0, closing = 0;
  gssize start = -1;
  guint nesting = 0;
  gboolean in_string = FALSE, escape_next = FALSE;
  gsize length;

  g_return_val_if_fail (text != NULL, NULL);

  length = strlen (text);
  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (escape_next)
        {
          escape_next = FALSE;
          continue;
        }
      if (c == '\\')
        {
          escape_next = TRUE;
          continue;
        }
      if (c == '"')
        {
          in_string = !in_string;
          continue;
        }
      if (in_string)
        continue;

      if (opening == 0 && (c == '{' || c == '['))
        {
          opening = c;
          closing = c == '{' ? '}' : ']';
          start = i;
          nesting++;
        }
      else if (opening != 0 && c == opening)
        nesting++;
      else if (opening != 0 && c == closing)
        {
          if (--nesting == 0)
            return parse_document (text + start, i + 1 - start, FALSE, error);
        }
    }

  if (start >= 0 && nesting > 0)
    return parse_document (text + start, length - start, TRUE, NULL);
  return NULL;
}

/**
 * genkit_extract_items:
 * @text: model output holding a JSON array, maybe unfinished
 * @cursor: where to continue from: 0 the first time, then the @new_cursor of the previous
 *   call on a shorter prefix of the same text
 * @new_cursor: (out) (optional): where the next call should start (a byte offset into @text)
 *
 * Reads the complete objects of the first JSON array in @text from @cursor on, Genkit's
 * `extractItems`, which the `array` output format uses to hand out whole items as they
 * stream in. Objects that do not parse as JSON5 are skipped.
 *
 * Returns: (transfer full): the complete items found, maybe none
 */
JsonArray *
genkit_extract_items (const char *text,
                      gsize       cursor,
                      gsize      *new_cursor)
{
  JsonArray *items = json_array_new ();
  gsize length, current = cursor;
  gssize object_start = -1;
  guint braces = 0;
  gboolean in_string = FALSE, escape_next = FALSE;

  g_return_val_if_fail (text != NULL, items);

  length = strlen (text);
  if (cursor == 0)
    {
      const char *bracket = strchr (text, '[');

      if (bracket == NULL)
        {
          if (new_cursor != NULL)
            *new_cursor = length;
          return items;
        }
      current = bracket - text + 1;
    }

  for (gsize i = current; i < length; i++)
    {
      char c = text[i];

      if (escape_next)
        {
          escape_next = FALSE;
          continue;
        }
      if (c == '\\')
        {
          escape_next = TRUE;
          continue;
        }
      if (c == '"')
        {
          in_string = !in_string;
          continue;
        }
      if (in_string)
        continue;

      if (c == '{')
        {
          if (braces == 0)
            object_start = i;
          braces++;
        }
      else if (c == '}')
        {
          if (braces > 0)
            braces--;
          if (braces == 0 && object_start >= 0)
            {
              JsonNode *item = parse_document (text + object_start, i + 1 - object_start,
                                               FALSE, NULL);

              if (item != NULL)
                {
                  json_array_add_element (items, item);
                  current = i + 1;
                  object_start = -1;
                }
            }
        }
      else if (c == ']' && braces == 0)
        break;
    }

  if (new_cursor != NULL)
    *new_cursor = current;
  return items;
}
