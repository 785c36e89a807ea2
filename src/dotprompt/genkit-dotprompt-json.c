/* genkit-dotprompt-json.c — JavaScript's value semantics and JSON.stringify over json-glib
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genkit-dotprompt-json.h"
#include "genkit-dotprompt-json-private.h"

/* Kinds --------------------------------------------------------------------------------- */

GenkitJsKind
_genkit_js_kind (JsonNode *node)
{
  GType type;

  if (node == NULL)
    return GENKIT_JS_UNDEFINED;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return GENKIT_JS_OBJECT;
    case JSON_NODE_ARRAY:
      return GENKIT_JS_ARRAY;
    case JSON_NODE_NULL:
      return GENKIT_JS_NULL;
    case JSON_NODE_VALUE:
    default:
      type = json_node_get_value_type (node);
      if (type == G_TYPE_STRING)
        return GENKIT_JS_STRING;
      if (type == G_TYPE_BOOLEAN)
        return GENKIT_JS_BOOLEAN;
      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        return GENKIT_JS_NUMBER;
      return GENKIT_JS_NULL;
    }
}

double
_genkit_js_number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

/* JavaScript's ToBoolean. */
gboolean
_genkit_js_truthy (JsonNode *node)
{
  switch (_genkit_js_kind (node))
    {
    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
      return FALSE;
    case GENKIT_JS_BOOLEAN:
      return json_node_get_boolean (node);
    case GENKIT_JS_NUMBER:
      {
        double v = _genkit_js_number (node);
        return v != 0 && !isnan (v);
      }
    case GENKIT_JS_STRING:
      return json_node_get_string (node)[0] != '\0';
    case GENKIT_JS_ARRAY:
    case GENKIT_JS_OBJECT:
    default:
      return TRUE;
    }
}

/* `===`: objects and arrays are equal only to themselves. */
gboolean
_genkit_js_strict_equals (JsonNode *a,
                          JsonNode *b)
{
  GenkitJsKind ka = _genkit_js_kind (a);
  GenkitJsKind kb = _genkit_js_kind (b);

  if (ka != kb)
    return FALSE;

  switch (ka)
    {
    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
      return TRUE;
    case GENKIT_JS_BOOLEAN:
      return json_node_get_boolean (a) == json_node_get_boolean (b);
    case GENKIT_JS_NUMBER:
      return _genkit_js_number (a) == _genkit_js_number (b);
    case GENKIT_JS_STRING:
      return g_str_equal (json_node_get_string (a), json_node_get_string (b));
    case GENKIT_JS_ARRAY:
      return json_node_get_array (a) == json_node_get_array (b);
    case GENKIT_JS_OBJECT:
    default:
      return json_node_get_object (a) == json_node_get_object (b);
    }
}

static double
js_string_to_number (const char *str)
{
  const char *p = str;
  const char *end;
  char *parsed_end = NULL;
  g_autofree char *trimmed = NULL;
  double v;

  while (*p != '\0')
    {
      gsize n = _genkit_js_space_at (p, p + strlen (p));
      if (n == 0)
        break;
      p += n;
    }
  end = p + strlen (p);
  while (end > p)
    {
      const char *prev = g_utf8_find_prev_char (p, end);
      if (prev == NULL || _genkit_js_space_at (prev, end) == 0)
        break;
      end = prev;
    }
  if (end == p)
    return 0;

  trimmed = g_strndup (p, end - p);
  if (g_str_equal (trimmed, "Infinity") || g_str_equal (trimmed, "+Infinity"))
    return INFINITY;
  if (g_str_equal (trimmed, "-Infinity"))
    return -INFINITY;
  if (g_ascii_strncasecmp (trimmed, "0x", 2) == 0)
    {
      guint64 u;
      if (!g_ascii_string_to_unsigned (trimmed + 2, 16, 0, G_MAXUINT64, &u, NULL))
        return NAN;
      return (double) u;
    }
  for (const char *c = trimmed; *c != '\0'; c++)
    if (!g_ascii_isdigit (*c) && *c != '.' && *c != 'e' && *c != 'E' && *c != '+' && *c != '-')
      return NAN;
  v = g_ascii_strtod (trimmed, &parsed_end);
  if (parsed_end == NULL || *parsed_end != '\0')
    return NAN;
  return v;
}

/* `==` as far as JSON values go: null equals undefined, numbers compare with strings and
 * booleans by value, objects by identity or through their string form against primitives. */
gboolean
_genkit_js_loose_equals (JsonNode *a,
                         JsonNode *b)
{
  GenkitJsKind ka = _genkit_js_kind (a);
  GenkitJsKind kb = _genkit_js_kind (b);
  gboolean a_nullish = ka == GENKIT_JS_UNDEFINED || ka == GENKIT_JS_NULL;
  gboolean b_nullish = kb == GENKIT_JS_UNDEFINED || kb == GENKIT_JS_NULL;

  if (a_nullish || b_nullish)
    return a_nullish && b_nullish;
  if (ka == kb)
    return _genkit_js_strict_equals (a, b);

  if (ka == GENKIT_JS_ARRAY || ka == GENKIT_JS_OBJECT ||
      kb == GENKIT_JS_ARRAY || kb == GENKIT_JS_OBJECT)
    {
      g_autofree char *sa = NULL;
      g_autofree char *sb = NULL;
      g_autoptr(JsonNode) wrapped = NULL;

      if ((ka == GENKIT_JS_ARRAY || ka == GENKIT_JS_OBJECT) &&
          (kb == GENKIT_JS_ARRAY || kb == GENKIT_JS_OBJECT))
        return FALSE;
      /* ToPrimitive of an object or array is its string form. */
      if (ka == GENKIT_JS_ARRAY || ka == GENKIT_JS_OBJECT)
        {
          sa = _genkit_js_to_string (a);
          wrapped = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (wrapped, sa);
          return _genkit_js_loose_equals (wrapped, b);
        }
      sb = _genkit_js_to_string (b);
      wrapped = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (wrapped, sb);
      return _genkit_js_loose_equals (a, wrapped);
    }

  {
    double na;
    double nb;

    na = ka == GENKIT_JS_NUMBER ? _genkit_js_number (a)
       : ka == GENKIT_JS_BOOLEAN ? (json_node_get_boolean (a) ? 1 : 0)
       : js_string_to_number (json_node_get_string (a));
    nb = kb == GENKIT_JS_NUMBER ? _genkit_js_number (b)
       : kb == GENKIT_JS_BOOLEAN ? (json_node_get_boolean (b) ? 1 : 0)
       : js_string_to_number (json_node_get_string (b));
    return na == nb;
  }
}

/* Numbers ------------------------------------------------------------------------------- */

/* The digits and the decimal exponent of @buffer, printf's "%.*e" output; returns how
 * many digits. */
static int
split_exponential (const char *buffer,
                   char       *digits,
                   int        *exponent)
{
  const char *e = strchr (buffer, 'e');
  int n = 0;

  g_assert (e != NULL);
  *exponent = atoi (e + 1);
  for (const char *p = buffer; p < e; p++)
    if (g_ascii_isdigit (*p))
      digits[n++] = *p;
  digits[n] = '\0';
  return n;
}

/* The number @digits × 10^(@exponent − n + 1) reads as. */
static double
digits_value (const char *digits,
              int         exponent)
{
  char buffer[64];

  g_snprintf (buffer, sizeof buffer, "%c.%se%d", digits[0], digits + 1, exponent);
  return g_ascii_strtod (buffer, NULL);
}

/* @digits one unit up in the last place (9.99e5 becomes 1.00e6). */
static void
digits_next_up (char *digits,
                int   n,
                int  *exponent)
{
  int i = n - 1;

  while (i >= 0 && digits[i] == '9')
    digits[i--] = '0';
  if (i >= 0)
    {
      digits[i]++;
      return;
    }
  digits[0] = '1';
  (*exponent)++;
}

/* Whether @value (> 0, not an integer) is m / 10^k for an integer m of at most 15 digits
 * and k ≤ 22, both exact in a double: the division is then correctly rounded, so the
 * decimal m × 10^−k reads back as @value. The smallest such k gives the fewest digits, and
 * with at most 15 digits no other decimal of as many digits reads back (see below). Sets
 * the digits of m and the exponent of its first one; FALSE when there is no such m. */
static gboolean
short_decimal_digits (double  value,
                      char   *digits,
                      int    *n,
                      int    *exponent)
{
  static const double powers[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
  };

  if (value < 1e-7 || value >= 1e15)
    return FALSE;
  for (guint k = 1; k < G_N_ELEMENTS (powers); k++)
    {
      double scaled = value * powers[k];
      double m;

      if (scaled >= 1e15)
        return FALSE;
      m = nearbyint (scaled);
      if (m / powers[k] == value)
        {
          *n = g_snprintf (digits, 32, "%" G_GUINT64_FORMAT, (guint64) m);
          *exponent = *n - 1 - (int) k;
          return TRUE;
        }
    }
  return FALSE;
}

/* The shortest decimal digits that read back as @value (> 0), as ECMAScript's
 * Number::toString asks for: the fewest digits, and of those the closest to @value.
 *
 * For each number of digits, the decimal closest to @value is the candidate. Trying every
 * precision in turn from one digit gives the answer, but three tries are enough for most
 * numbers: at most one decimal of 15 significant digits reads back as a given normal double
 * (two of them are further apart than a double's unit in the last place), so when the
 * rounding to 15 digits reads back, it is the shortest one padded with zeros; otherwise 16,
 * then 17 digits are needed. Subnormal numbers have fewer bits, so for them every precision
 * is tried. So it is for powers of two, whose neighbour below is closer than the one above:
 * a decimal just above can read back when the closest one, below, does not. Integers below
 * 2^53 are their own digits, and short decimals (3.99) are found without printf by
 * short_decimal_digits(). */
static int
js_shortest_digits (double  value,
                    char   *digits,
                    int    *exponent)
{
  char buffer[64];
  int n = 0;
  int power_of_two_exponent;
  gboolean power_of_two = frexp (value, &power_of_two_exponent) == 0.5;

  if (value < 9007199254740992.0 && value == floor (value))
    {
      n = g_snprintf (digits, 32, "%" G_GUINT64_FORMAT, (guint64) value);
      *exponent = n - 1;
    }
  else if (!short_decimal_digits (value, digits, &n, exponent))
    {
      for (int precision = value >= DBL_MIN && !power_of_two ? 14 : 0; ; precision++)
        {
          snprintf (buffer, sizeof buffer, "%.*e", precision, value);
          n = split_exponential (buffer, digits, exponent);
          if (precision >= 16 || g_ascii_strtod (buffer, NULL) == value)
            break;
          if (power_of_two && digits_value (digits, *exponent) < value)
            {
              char up[32];
              int up_exponent = *exponent;

              memcpy (up, digits, (gsize) n + 1);
              digits_next_up (up, n, &up_exponent);
              if (digits_value (up, up_exponent) == value)
                {
                  memcpy (digits, up, (gsize) n + 1);
                  *exponent = up_exponent;
                  break;
                }
            }
        }
    }

  while (n > 1 && digits[n - 1] == '0')
    n--;
  digits[n] = '\0';
  return n;
}

/* ECMAScript's Number::toString (radix 10). */
void
_genkit_js_append_number (GString *out,
                          double   value)
{
  char digits[32];
  int k;
  int n;
  int exp10;

  if (isnan (value))
    {
      g_string_append (out, "NaN");
      return;
    }
  if (isinf (value))
    {
      g_string_append (out, value < 0 ? "-Infinity" : "Infinity");
      return;
    }
  if (value == 0)
    {
      g_string_append_c (out, '0');
      return;
    }
  if (value < 0)
    {
      g_string_append_c (out, '-');
      value = -value;
    }

  k = js_shortest_digits (value, digits, &exp10);
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

/* A number node the way JavaScript holds numbers: whole numbers that a double represents
 * exactly become integers, so they print without a fraction. */
JsonNode *
_genkit_js_number_node (double value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (isfinite (value) && value == floor (value) && fabs (value) <= 9007199254740992.0)
    json_node_set_int (node, (gint64) value);
  else
    json_node_set_double (node, value);
  return node;
}

/* Strings ------------------------------------------------------------------------------- */

JsonNode *
_genkit_js_string_node (const char *value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  return node;
}

JsonNode *
_genkit_js_string_node_take (char *value)
{
  JsonNode *node = _genkit_js_string_node (value);

  g_free (value);
  return node;
}

/* JavaScript's String(value); `undefined` for a NULL node. */
void
_genkit_js_append_string (GString  *out,
                          JsonNode *node)
{
  switch (_genkit_js_kind (node))
    {
    case GENKIT_JS_UNDEFINED:
      g_string_append (out, "undefined");
      break;
    case GENKIT_JS_NULL:
      g_string_append (out, "null");
      break;
    case GENKIT_JS_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case GENKIT_JS_NUMBER:
      _genkit_js_append_number (out, _genkit_js_number (node));
      break;
    case GENKIT_JS_STRING:
      g_string_append (out, json_node_get_string (node));
      break;
    case GENKIT_JS_ARRAY:
      {
        /* Array.prototype.join(","): null and undefined elements are empty. */
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        for (guint i = 0; i < n; i++)
          {
            JsonNode *element = json_array_get_element (array, i);

            if (i > 0)
              g_string_append_c (out, ',');
            if (_genkit_js_kind (element) != GENKIT_JS_NULL)
              _genkit_js_append_string (out, element);
          }
      }
      break;
    case GENKIT_JS_OBJECT:
    default:
      g_string_append (out, "[object Object]");
      break;
    }
}

char *
_genkit_js_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  _genkit_js_append_string (out, node);
  return g_string_free (out, FALSE);
}

/* The characters of ECMAScript's WhiteSpace and LineTerminator productions: what `\s` matches
 * and what String.prototype.trim() removes. */
gboolean
_genkit_js_is_space (gunichar c)
{
  switch (c)
    {
    case 0x09: case 0x0a: case 0x0b: case 0x0c: case 0x0d: case 0x20:
    case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f: case 0x205f:
    case 0x3000: case 0xfeff:
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200a;
    }
}

/* The length in bytes of the JavaScript white space character at @p, or 0. */
gsize
_genkit_js_space_at (const char *p,
                     const char *end)
{
  guchar c;
  gunichar u;

  if (p >= end)
    return 0;
  c = (guchar) *p;
  if (c < 0x80)
    return (c == ' ' || (c >= 0x09 && c <= 0x0d)) ? 1 : 0;
  if (c != 0xc2 && c != 0xe1 && c != 0xe2 && c != 0xe3 && c != 0xef)
    return 0;
  u = g_utf8_get_char_validated (p, end - p);
  if (u == (gunichar) -1 || u == (gunichar) -2 || !_genkit_js_is_space (u))
    return 0;
  return g_utf8_next_char (p) - p;
}

gboolean
_genkit_js_is_blank (const char *str,
                     gssize      len)
{
  const char *end = str + (len < 0 ? (gssize) strlen (str) : len);

  for (const char *p = str; p < end;)
    {
      gsize n = _genkit_js_space_at (p, end);

      if (n == 0)
        return FALSE;
      p += n;
    }
  return TRUE;
}

/* The length of a UTF-8 string in UTF-16 code units, JavaScript's String.length. */
gsize
_genkit_js_utf16_length (const char *str,
                         gssize      len)
{
  const char *end = str + (len < 0 ? (gssize) strlen (str) : len);
  gsize units = 0;

  for (const char *p = str; p < end; p = g_utf8_next_char (p))
    units += g_utf8_get_char (p) > 0xffff ? 2 : 1;
  return units;
}

/* Objects ------------------------------------------------------------------------------- */

/* An ECMAScript array index: a canonical decimal integer from 0 to 2^32 - 2. */
gboolean
_genkit_js_is_array_index (const char *key,
                           guint      *index)
{
  guint64 value = 0;
  gsize len = strlen (key);

  if (len == 0 || len > 10 || (key[0] == '0' && len > 1))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (key[i]))
        return FALSE;
      value = value * 10 + (guint) (key[i] - '0');
    }
  if (value > G_MAXUINT32 - 1)
    return FALSE;
  if (index != NULL)
    *index = (guint) value;
  return TRUE;
}

static int
js_index_compare (gconstpointer a,
                  gconstpointer b)
{
  guint ia = 0;
  guint ib = 0;

  _genkit_js_is_array_index (*(const char * const *) a, &ia);
  _genkit_js_is_array_index (*(const char * const *) b, &ib);
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/* Object.keys() order: array indices ascending, then the other keys as they were added.
 * The strings belong to @object. */
GPtrArray *
_genkit_js_object_keys (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GPtrArray) indices = g_ptr_array_new ();
  GPtrArray *keys = g_ptr_array_new ();

  for (GList *l = members; l != NULL; l = l->next)
    if (_genkit_js_is_array_index (l->data, NULL))
      g_ptr_array_add (indices, l->data);

  if (indices->len > 0)
    {
      g_ptr_array_sort (indices, js_index_compare);
      for (guint i = 0; i < indices->len; i++)
        g_ptr_array_add (keys, indices->pdata[i]);
    }
  for (GList *l = members; l != NULL; l = l->next)
    if (!_genkit_js_is_array_index (l->data, NULL))
      g_ptr_array_add (keys, l->data);

  return keys;
}

/* A copy of @object whose members are in JavaScript's order. */
JsonObject *
_genkit_js_object_ordered (JsonObject *object)
{
  g_autoptr(GPtrArray) keys = _genkit_js_object_keys (object);
  JsonObject *copy = json_object_new ();

  for (guint i = 0; i < keys->len; i++)
    json_object_set_member (copy, keys->pdata[i],
                            json_node_ref (json_object_get_member (object, keys->pdata[i])));
  return copy;
}

/* A deep copy of @node (json_node_copy() shares objects and arrays). */
JsonNode *
_genkit_js_node_copy (JsonNode *node)
{
  JsonNode *copy;

  if (node == NULL)
    return NULL;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, _genkit_js_object_copy (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      {
        JsonArray *from = json_node_get_array (node);
        JsonArray *array = json_array_sized_new (json_array_get_length (from));

        for (guint i = 0; i < json_array_get_length (from); i++)
          json_array_add_element (array, _genkit_js_node_copy (json_array_get_element (from, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array);
        return copy;
      }

    case JSON_NODE_NULL:
    case JSON_NODE_VALUE:
    default:
      return json_node_copy (node);
    }
}

/* A deep copy of @object, members in the same order. */
JsonObject *
_genkit_js_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, _genkit_js_node_copy (json_object_get_member (object, l->data)));
  return copy;
}

/* `object[key] = value` (taking @value): an existing key keeps its place, a new array index
 * goes before the keys that are not array indices, as in a JavaScript object. */
void
_genkit_js_object_set (JsonObject *object,
                       const char *key,
                       JsonNode   *value)
{
  g_autoptr(GList) members = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) nodes = NULL;
  gboolean reorder = FALSE;

  /* json_object_set_member() keeps neither reference when the member is already @value. */
  if (json_object_get_member (object, key) == value)
    {
      json_node_unref (value);
      return;
    }

  if (json_object_has_member (object, key) || !_genkit_js_is_array_index (key, NULL))
    {
      json_object_set_member (object, key, value);
      return;
    }

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!_genkit_js_is_array_index (l->data, NULL))
      reorder = TRUE;

  json_object_set_member (object, key, value);
  if (!reorder)
    return;

  /* Re-add every member in JavaScript's order. */
  g_clear_pointer (&members, g_list_free);
  keys = g_ptr_array_new_with_free_func (g_free);
  nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  {
    g_autoptr(GPtrArray) ordered = _genkit_js_object_keys (object);

    for (guint i = 0; i < ordered->len; i++)
      {
        g_ptr_array_add (keys, g_strdup (ordered->pdata[i]));
        g_ptr_array_add (nodes, json_node_ref (json_object_get_member (object,
                                                                        ordered->pdata[i])));
      }
  }
  for (guint i = 0; i < keys->len; i++)
    json_object_remove_member (object, keys->pdata[i]);
  for (guint i = 0; i < keys->len; i++)
    json_object_set_member (object, keys->pdata[i], json_node_ref (nodes->pdata[i]));
}

static JsonNode *
member_of (JsonNode *node,
           gboolean  share)
{
  return share ? json_node_ref (node) : _genkit_js_node_copy (node);
}

/* `{...target, ...value}` into @target: an object's members, a string's characters and an
 * array's elements under their indices; nothing for other values. The members and elements
 * are deep copies, or with @share the nodes themselves. */
static void
object_spread (JsonObject *target,
               JsonNode   *value,
               gboolean    share)
{
  switch (_genkit_js_kind (value))
    {
    case GENKIT_JS_OBJECT:
      {
        JsonObject *from = json_node_get_object (value);
        g_autoptr(GPtrArray) keys = _genkit_js_object_keys (from);

        for (guint i = 0; i < keys->len; i++)
          _genkit_js_object_set (target, keys->pdata[i],
                                 member_of (json_object_get_member (from, keys->pdata[i]), share));
      }
      break;
    case GENKIT_JS_ARRAY:
      {
        JsonArray *from = json_node_get_array (value);

        for (guint i = 0; i < json_array_get_length (from); i++)
          {
            char key[16];

            g_snprintf (key, sizeof key, "%u", i);
            _genkit_js_object_set (target, key, member_of (json_array_get_element (from, i), share));
          }
      }
      break;
    case GENKIT_JS_STRING:
      {
        guint i = 0;

        for (const char *p = json_node_get_string (value); *p != '\0';
             p = g_utf8_next_char (p), i++)
          {
            char key[16];

            g_snprintf (key, sizeof key, "%u", i);
            _genkit_js_object_set (target, key,
                                   _genkit_js_string_node_take (g_strndup (p, g_utf8_next_char (p) - p)));
          }
      }
      break;
    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
    case GENKIT_JS_BOOLEAN:
    case GENKIT_JS_NUMBER:
    default:
      break;
    }
}

/* `{...target, ...value}` into @target, with deep copies of @value's members: what the
 * result holds is the caller's alone. */
void
_genkit_js_object_spread (JsonObject *target,
                          JsonNode   *value)
{
  object_spread (target, value, FALSE);
}

/* `{...target, ...value}` into @target sharing @value's member nodes, as JavaScript's
 * spread shares them: for values only read afterwards, such as a render's context. */
void
_genkit_js_object_spread_shared (JsonObject *target,
                                 JsonNode   *value)
{
  object_spread (target, value, TRUE);
}

/* The value at an RFC 6901 JSON Pointer, or NULL. */
JsonNode *
_genkit_js_pointer_get (JsonNode   *root,
                        const char *pointer)
{
  g_auto(GStrv) tokens = NULL;
  JsonNode *node = root;

  if (pointer[0] == '\0')
    return root;
  if (pointer[0] != '/')
    return NULL;
  tokens = g_strsplit (pointer + 1, "/", -1);
  for (guint i = 0; tokens[i] != NULL && node != NULL; i++)
    {
      g_autoptr(GString) token = g_string_new (NULL);

      for (const char *p = tokens[i]; *p != '\0'; p++)
        {
          if (p[0] == '~' && p[1] == '1')
            {
              g_string_append_c (token, '/');
              p++;
            }
          else if (p[0] == '~' && p[1] == '0')
            {
              g_string_append_c (token, '~');
              p++;
            }
          else
            g_string_append_c (token, *p);
        }

      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), token->str);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          guint index;

          if (!_genkit_js_is_array_index (token->str, &index) ||
              index >= json_array_get_length (json_node_get_array (node)))
            return NULL;
          node = json_array_get_element (json_node_get_array (node), index);
        }
      else
        return NULL;
    }
  return node;
}

/* The UTF-16 code unit at @index of @str as a one-character string (a lone surrogate
 * becomes U+FFFD), or NULL past the end. */
static char *
js_string_unit_at (const char *str,
                   guint       index)
{
  guint units = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint width = c > 0xffff ? 2 : 1;

      if (index < units + width)
        {
          if (width == 2)
            return g_strdup ("\xef\xbf\xbd");
          return g_strndup (p, g_utf8_next_char (p) - p);
        }
      units += width;
    }
  return NULL;
}

/* Handlebars' lookupProperty(): an own property of @value, or NULL (`undefined`). Arrays
 * and strings have their `length` and their indices; new nodes go to @arena. */
JsonNode *
_genkit_js_get_property (JsonNode   *value,
                         const char *key,
                         GPtrArray  *arena)
{
  guint index;

  switch (_genkit_js_kind (value))
    {
    case GENKIT_JS_OBJECT:
      return json_object_get_member (json_node_get_object (value), key);

    case GENKIT_JS_ARRAY:
      {
        JsonArray *array = json_node_get_array (value);

        if (g_str_equal (key, "length"))
          {
            JsonNode *length = _genkit_js_number_node (json_array_get_length (array));
            g_ptr_array_add (arena, length);
            return length;
          }
        if (_genkit_js_is_array_index (key, &index) && index < json_array_get_length (array))
          return json_array_get_element (array, index);
        return NULL;
      }

    case GENKIT_JS_STRING:
      {
        const char *str = json_node_get_string (value);
        JsonNode *node;
        char *unit;

        if (g_str_equal (key, "length"))
          {
            node = _genkit_js_number_node (_genkit_js_utf16_length (str, -1));
            g_ptr_array_add (arena, node);
            return node;
          }
        if (!_genkit_js_is_array_index (key, &index) || !(unit = js_string_unit_at (str, index)))
          return NULL;
        node = _genkit_js_string_node_take (unit);
        g_ptr_array_add (arena, node);
        return node;
      }

    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
    case GENKIT_JS_BOOLEAN:
    case GENKIT_JS_NUMBER:
    default:
      return NULL;
    }
}

/* JSON.stringify ------------------------------------------------------------------------ */

/* A JSON string literal as JSON.stringify() writes it: only `"`, `\` and control characters
 * are escaped; everything else stays as is. */
void
_genkit_js_json_append_quoted (GString    *out,
                               const char *str,
                               gssize      len)
{
  const char *end = str + (len < 0 ? (gssize) strlen (str) : len);

  g_string_append_c (out, '"');
  for (const char *p = str; p < end; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

static void
js_json_newline (GString    *out,
                 const char *indent,
                 guint       level)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, indent);
}

static void
js_json_write (GString    *out,
               JsonNode   *node,
               const char *indent,
               guint       level)
{
  gboolean pretty = indent != NULL && indent[0] != '\0';

  switch (_genkit_js_kind (node))
    {
    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
      g_string_append (out, "null");
      break;
    case GENKIT_JS_BOOLEAN:
      g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
      break;
    case GENKIT_JS_NUMBER:
      {
        double v = _genkit_js_number (node);

        if (isfinite (v))
          _genkit_js_append_number (out, v);
        else
          g_string_append (out, "null");
      }
      break;
    case GENKIT_JS_STRING:
      _genkit_js_json_append_quoted (out, json_node_get_string (node), -1);
      break;
    case GENKIT_JS_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (pretty)
              js_json_newline (out, indent, level + 1);
            js_json_write (out, json_array_get_element (array, i), indent, level + 1);
          }
        if (pretty && n > 0)
          js_json_newline (out, indent, level);
        g_string_append_c (out, ']');
      }
      break;
    case GENKIT_JS_OBJECT:
    default:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GPtrArray) keys = _genkit_js_object_keys (object);

        g_string_append_c (out, '{');
        for (guint i = 0; i < keys->len; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            if (pretty)
              js_json_newline (out, indent, level + 1);
            _genkit_js_json_append_quoted (out, keys->pdata[i], -1);
            g_string_append_c (out, ':');
            if (pretty)
              g_string_append_c (out, ' ');
            js_json_write (out, json_object_get_member (object, keys->pdata[i]), indent,
                           level + 1);
          }
        if (pretty && keys->len > 0)
          js_json_newline (out, indent, level);
        g_string_append_c (out, '}');
      }
      break;
    }
}

/* JSON.stringify(node, null, indent): FALSE (and nothing written) for `undefined`. */
gboolean
_genkit_js_json_stringify (GString    *out,
                           JsonNode   *node,
                           const char *indent)
{
  if (node == NULL)
    return FALSE;
  js_json_write (out, node, indent, 0);
  return TRUE;
}

/**
 * genkit_dotprompt_json_stringify:
 * @node: (nullable): a JSON value; %NULL stands for JavaScript's `undefined`
 * @indent: how many spaces to indent each level by, 0 for compact output (at most 10, as
 *   in JavaScript)
 *
 * Writes @node as JavaScript's `JSON.stringify(value, null, indent)` does, so output can be
 * compared byte for byte with Dotprompt's and Genkit's: object keys in JavaScript's order
 * (array indices first, ascending, then the others as they were added), numbers in
 * JavaScript's shortest form (`0.4`, `1e+21`, whole numbers without a fraction), only `"`,
 * `\` and control characters escaped in strings. The `json` template helper writes values
 * with it, and `genkit-studio-cli prompt render` prints its results with it.
 *
 * Returns: (transfer full) (nullable): the JSON text, or %NULL when @node is %NULL (where
 *   `JSON.stringify()` returns `undefined`)
 */
char *
genkit_dotprompt_json_stringify (JsonNode *node,
                                 guint     indent)
{
  char spaces[11];
  GString *out;

  if (node == NULL)
    return NULL;

  indent = MIN (indent, 10);
  memset (spaces, ' ', indent);
  spaces[indent] = '\0';

  out = g_string_new (NULL);
  js_json_write (out, node, spaces, 0);
  return g_string_free (out, FALSE);
}
