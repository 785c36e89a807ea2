/* genkit-yaml.c — YAML frontmatter to JSON (libyaml, YAML 1.2 core schema) and back
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * Dotprompt parses frontmatter with the JavaScript `yaml` package (2.x), whose default is
 * the YAML 1.2 core schema: plain scalars resolve to null, booleans, integers (decimal, 0o,
 * 0x) and floats (with .inf and .nan) by the core schema's patterns, everything else is a
 * string; map keys must be unique; one document only. libyaml gives the events; the
 * resolution, the checks and the JavaScript object semantics (keys become strings, array-
 * index keys come first) are done here. Every key and value's position is recorded under
 * its JSON Pointer so later errors (a bad Picoschema type) can point into the file.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <yaml.h>

#include "genkit-dotprompt.h"
#include "genkit-dotprompt-json-private.h"
#include "genkit-yaml-private.h"

/* Deepest nesting accepted: json-glib frees nodes recursively. */
#define YAML_MAX_DEPTH 256

/* Most nodes that aliases may copy in: protection against "billion laughs" documents. */
#define YAML_MAX_ALIAS_NODES 100000

typedef struct
{
  JsonNode *node;
  guint64   n_nodes;
} YamlAnchor;

typedef struct
{
  yaml_parser_t    parser;
  yaml_event_t     event;
  gboolean         has_event;
  GHashTable      *anchors;       /* name → YamlAnchor */
  GHashTable      *locations;     /* nullable: pointer → GenkitYamlLocation */
  guint64          alias_nodes;
  guint            depth;
  guint            first_line;
  GenkitYamlMark  *error_mark;
  GError         **error;
} YamlReader;

static void
yaml_anchor_free (YamlAnchor *anchor)
{
  json_node_unref (anchor->node);
  g_free (anchor);
}

static GenkitYamlMark
mark_of (yaml_mark_t mark)
{
  GenkitYamlMark m = { (guint) mark.line + 1, (guint) mark.column + 1 };

  return m;
}

static void
reader_fail (YamlReader  *r,
             yaml_mark_t  mark,
             const char  *format,
             ...) G_GNUC_PRINTF (3, 4);

static void
reader_fail (YamlReader  *r,
             yaml_mark_t  mark,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (r->error == NULL || *r->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (r->error_mark != NULL)
    *r->error_mark = mark_of (mark);
  g_set_error_literal (r->error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_FRONTMATTER,
                       message);
}

static gboolean
reader_next (YamlReader *r)
{
  if (r->has_event)
    {
      yaml_event_delete (&r->event);
      r->has_event = FALSE;
    }

  if (!yaml_parser_parse (&r->parser, &r->event))
    {
      const char *problem = r->parser.problem != NULL ? r->parser.problem : "invalid YAML";

      if (r->parser.context != NULL)
        reader_fail (r, r->parser.problem_mark, "%s %s (started at line %lu, column %lu)",
                     problem, r->parser.context,
                     (unsigned long) r->parser.context_mark.line + r->first_line,
                     (unsigned long) r->parser.context_mark.column + 1);
      else
        reader_fail (r, r->parser.problem_mark, "%s", problem);
      return FALSE;
    }

  r->has_event = TRUE;
  return TRUE;
}

static void
record (YamlReader  *r,
        const char  *pointer,
        yaml_mark_t *key_mark,
        yaml_mark_t  value_mark)
{
  GenkitYamlLocation *location;

  if (r->locations == NULL)
    return;
  location = g_new0 (GenkitYamlLocation, 1);
  if (key_mark != NULL)
    {
      location->key = mark_of (*key_mark);
      location->has_key = TRUE;
    }
  location->value = mark_of (value_mark);
  g_hash_table_replace (r->locations, g_strdup (pointer), location);
}

/* Core schema patterns ------------------------------------------------------------------ */

static gboolean
all_of (const char *s,
        const char *set)
{
  if (*s == '\0')
    return FALSE;
  for (; *s != '\0'; s++)
    if (strchr (set, *s) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
is_core_null (const char *s)
{
  return *s == '\0' || g_str_equal (s, "~") || g_str_equal (s, "null") ||
         g_str_equal (s, "Null") || g_str_equal (s, "NULL");
}

static int
core_bool (const char *s)
{
  if (g_str_equal (s, "true") || g_str_equal (s, "True") || g_str_equal (s, "TRUE"))
    return 1;
  if (g_str_equal (s, "false") || g_str_equal (s, "False") || g_str_equal (s, "FALSE"))
    return 0;
  return -1;
}

/* [-+]?[0-9]+ */
static gboolean
is_core_decimal (const char *s)
{
  if (*s == '-' || *s == '+')
    s++;
  return all_of (s, "0123456789");
}

/* [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? with a dot or an exponent */
static gboolean
is_core_float (const char *s)
{
  const char *p = s;
  gboolean digits = FALSE;
  gboolean dot = FALSE;
  gboolean exponent = FALSE;

  if (*p == '-' || *p == '+')
    p++;
  if (*p == '.')
    {
      p++;
      dot = TRUE;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      digits = TRUE;
    }
  else
    {
      while (g_ascii_isdigit (*p))
        {
          p++;
          digits = TRUE;
        }
      if (!digits)
        return FALSE;
      if (*p == '.')
        {
          dot = TRUE;
          p++;
          while (g_ascii_isdigit (*p))
            p++;
        }
    }
  if (*p == 'e' || *p == 'E')
    {
      p++;
      if (*p == '-' || *p == '+')
        p++;
      if (!g_ascii_isdigit (*p))
        return FALSE;
      while (g_ascii_isdigit (*p))
        p++;
      exponent = TRUE;
    }
  return *p == '\0' && (dot || exponent);
}

/* The value of a plain scalar under the core schema. */
static JsonNode *
resolve_plain (const char *s)
{
  int b;

  if (is_core_null (s))
    return json_node_new (JSON_NODE_NULL);

  if ((b = core_bool (s)) >= 0)
    {
      JsonNode *node = json_node_new (JSON_NODE_VALUE);

      json_node_set_boolean (node, b);
      return node;
    }

  if (g_str_has_prefix (s, "0o") && all_of (s + 2, "01234567"))
    return _genkit_js_number_node ((double) g_ascii_strtoull (s + 2, NULL, 8));
  if (g_str_has_prefix (s, "0x") && all_of (s + 2, "0123456789abcdefABCDEF"))
    return _genkit_js_number_node ((double) g_ascii_strtoull (s + 2, NULL, 16));
  if (is_core_decimal (s) || is_core_float (s))
    {
      double value = g_ascii_strtod (s, NULL);

      if (!isfinite (value))
        return json_node_new (JSON_NODE_NULL);
      return _genkit_js_number_node (value);
    }

  /* .inf and .nan are numbers JSON cannot hold: JSON.stringify() writes them as null. */
  {
    const char *t = (*s == '-' || *s == '+') ? s + 1 : s;

    if (g_str_equal (t, ".inf") || g_str_equal (t, ".Inf") || g_str_equal (t, ".INF") ||
        g_str_equal (s, ".nan") || g_str_equal (s, ".NaN") || g_str_equal (s, ".NAN"))
      return json_node_new (JSON_NODE_NULL);
  }

  return _genkit_js_string_node (s);
}

static JsonNode *
resolve_scalar (yaml_event_t *event)
{
  const char *value = (const char *) event->data.scalar.value;
  const char *tag = (const char *) event->data.scalar.tag;

  if (tag != NULL)
    {
      if (g_str_equal (tag, YAML_STR_TAG))
        return _genkit_js_string_node (value);
      if (g_str_equal (tag, YAML_NULL_TAG) || g_str_equal (tag, YAML_BOOL_TAG) ||
          g_str_equal (tag, YAML_INT_TAG) || g_str_equal (tag, YAML_FLOAT_TAG))
        return resolve_plain (value);
    }

  if (event->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
    return _genkit_js_string_node (value);
  return resolve_plain (value);
}

/* Reading ------------------------------------------------------------------------------- */

static guint64
count_nodes (JsonNode *node)
{
  guint64 n = 1;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        n += count_nodes (json_object_get_member (json_node_get_object (node), l->data));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        n += count_nodes (json_array_get_element (array, i));
    }
  return n;
}

static void
remember_anchor (YamlReader    *r,
                 const guchar  *anchor,
                 JsonNode      *node)
{
  YamlAnchor *entry;

  if (anchor == NULL)
    return;
  entry = g_new0 (YamlAnchor, 1);
  entry->node = json_node_ref (node);
  entry->n_nodes = count_nodes (node);
  g_hash_table_replace (r->anchors, g_strdup ((const char *) anchor), entry);
}

/* A map key as the JavaScript object holds it: String(value); null is "". Returns also an
 * identity for the uniqueness check (type and value, as `yaml` compares scalar keys). */
static char *
key_string (JsonNode  *key,
            char     **identity)
{
  GenkitJsKind kind = _genkit_js_kind (key);
  char *text;

  if (kind == GENKIT_JS_NULL)
    text = g_strdup ("");
  else
    text = _genkit_js_to_string (key);
  *identity = g_strdup_printf ("%d:%s", (int) kind, text);
  return text;
}

static JsonNode *read_node (YamlReader *r,
                            const char *pointer,
                            yaml_mark_t *key_mark);

static JsonNode *
read_sequence (YamlReader *r,
               const char *pointer)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;
  guint index = 0;

  for (;;)
    {
      g_autofree char *child_pointer = NULL;
      char key[16];
      JsonNode *element;

      if (!reader_next (r))
        return NULL;
      if (r->event.type == YAML_SEQUENCE_END_EVENT)
        break;

      g_snprintf (key, sizeof key, "%u", index++);
      child_pointer = _genkit_json_pointer_append (pointer, key);
      if ((element = read_node (r, child_pointer, NULL)) == NULL)
        return NULL;
      json_array_add_element (array, element);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, array);
  return node;
}

static JsonNode *
read_mapping (YamlReader *r,
              const char *pointer)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *node;

  for (;;)
    {
      g_autoptr(JsonNode) key = NULL;
      g_autofree char *key_text = NULL;
      g_autofree char *identity = NULL;
      g_autofree char *child_pointer = NULL;
      yaml_mark_t key_mark;
      JsonNode *value;

      if (!reader_next (r))
        return NULL;
      if (r->event.type == YAML_MAPPING_END_EVENT)
        break;

      key_mark = r->event.start_mark;
      if (r->event.type == YAML_SCALAR_EVENT)
        {
          key = resolve_scalar (&r->event);
          remember_anchor (r, r->event.data.scalar.anchor, key);
        }
      else if (r->event.type == YAML_ALIAS_EVENT)
        {
          YamlAnchor *anchor = g_hash_table_lookup (r->anchors, r->event.data.alias.anchor);

          if (anchor == NULL || JSON_NODE_HOLDS_OBJECT (anchor->node) ||
              JSON_NODE_HOLDS_ARRAY (anchor->node))
            {
              reader_fail (r, key_mark, anchor == NULL ? "unknown alias *%s"
                                                       : "a map key cannot be a collection (*%s)",
                           (const char *) r->event.data.alias.anchor);
              return NULL;
            }
          key = _genkit_js_node_copy (anchor->node);
        }
      else
        {
          reader_fail (r, key_mark, "a map key must be a scalar, not a collection");
          return NULL;
        }

      key_text = key_string (key, &identity);
      if (g_hash_table_contains (seen, identity))
        {
          reader_fail (r, key_mark, "Map keys must be unique: '%s' appears twice", key_text);
          return NULL;
        }
      g_hash_table_add (seen, g_steal_pointer (&identity));

      if (!reader_next (r))
        return NULL;
      child_pointer = _genkit_json_pointer_append (pointer, key_text);
      if ((value = read_node (r, child_pointer, &key_mark)) == NULL)
        return NULL;
      _genkit_js_object_set (object, key_text, value);
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, object);
  return node;
}

/* Reads the node whose first event is the current one. */
static JsonNode *
read_node (YamlReader  *r,
           const char  *pointer,
           yaml_mark_t *key_mark)
{
  yaml_mark_t start = r->event.start_mark;
  JsonNode *node = NULL;
  const guchar *anchor = NULL;

  switch (r->event.type)
    {
    case YAML_SCALAR_EVENT:
      node = resolve_scalar (&r->event);
      anchor = r->event.data.scalar.anchor;
      record (r, pointer, key_mark, start);
      remember_anchor (r, anchor, node);
      return node;

    case YAML_ALIAS_EVENT:
      {
        YamlAnchor *entry = g_hash_table_lookup (r->anchors, r->event.data.alias.anchor);

        if (entry == NULL)
          {
            reader_fail (r, start, "unknown alias *%s", (const char *) r->event.data.alias.anchor);
            return NULL;
          }
        r->alias_nodes += entry->n_nodes;
        if (r->alias_nodes > YAML_MAX_ALIAS_NODES)
          {
            reader_fail (r, start, "aliases expand to more than %d values", YAML_MAX_ALIAS_NODES);
            return NULL;
          }
        record (r, pointer, key_mark, start);
        return _genkit_js_node_copy (entry->node);
      }

    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
      {
        gboolean mapping = r->event.type == YAML_MAPPING_START_EVENT;
        g_autofree char *anchor_name = NULL;

        anchor_name = g_strdup ((const char *) (mapping ? r->event.data.mapping_start.anchor
                                                        : r->event.data.sequence_start.anchor));
        if (++r->depth > YAML_MAX_DEPTH)
          {
            reader_fail (r, start, "the YAML nests more than %d levels deep", YAML_MAX_DEPTH);
            return NULL;
          }
        record (r, pointer, key_mark, start);
        node = mapping ? read_mapping (r, pointer) : read_sequence (r, pointer);
        r->depth--;
        if (node != NULL)
          remember_anchor (r, (const guchar *) anchor_name, node);
        return node;
      }

    case YAML_NO_EVENT:
    case YAML_STREAM_START_EVENT:
    case YAML_STREAM_END_EVENT:
    case YAML_DOCUMENT_START_EVENT:
    case YAML_DOCUMENT_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
    default:
      reader_fail (r, start, "unexpected YAML event");
      return NULL;
    }
}

/**
 * _genkit_yaml_parse:
 * @text: YAML text
 * @length: its length in bytes
 * @first_line: the line of @text's first line in its file (for positions in messages)
 * @locations: (nullable): where to record the position of every key and value, by JSON
 *   Pointer (see _genkit_yaml_locations_new())
 * @error_mark: (out) (optional): where an error is, from 1
 * @error: return location for a %GENKIT_DOTPROMPT_ERROR_FRONTMATTER error (the message has
 *   no position; @error_mark has it)
 *
 * Parses one YAML document into JSON as the `yaml` package's parse() does. An empty
 * document is `null`.
 *
 * Returns: (transfer full) (nullable): the value, or %NULL with @error set
 */
JsonNode *
_genkit_yaml_parse (const char      *text,
                    gsize            length,
                    guint            first_line,
                    GHashTable      *locations,
                    GenkitYamlMark  *error_mark,
                    GError         **error)
{
  YamlReader r = { 0 };
  JsonNode *root = NULL;
  g_autofree char *copy = NULL;

  r.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                     (GDestroyNotify) yaml_anchor_free);
  r.locations = locations;
  r.first_line = MAX (first_line, 1);
  r.error = error;
  r.error_mark = error_mark;

  /* libyaml refuses a tab at the start of a line even where nothing follows but a comment;
   * the JavaScript parser accepts such lines. Blank them (tabs become spaces, so positions
   * stay the same). */
  copy = g_strndup (text, length);
  for (gsize line = 0; line < length;)
    {
      gsize end = line;
      gsize content = line;

      while (end < length && copy[end] != '\n')
        end++;
      while (content < end && (copy[content] == ' ' || copy[content] == '\t'))
        content++;
      if (content == end || copy[content] == '#' || (copy[content] == '\r' && content + 1 == end))
        for (gsize i = line; i < content; i++)
          copy[i] = ' ';
      line = end + 1;
    }

  yaml_parser_initialize (&r.parser);
  yaml_parser_set_input_string (&r.parser, (const guchar *) copy, length);
  yaml_parser_set_encoding (&r.parser, YAML_UTF8_ENCODING);

  if (!reader_next (&r))                           /* STREAM-START */
    goto out;
  if (!reader_next (&r))
    goto out;

  if (r.event.type == YAML_STREAM_END_EVENT)
    {
      root = json_node_new (JSON_NODE_NULL);
      goto out;
    }

  /* DOCUMENT-START, the root node, DOCUMENT-END */
  if (!reader_next (&r))
    goto out;
  if ((root = read_node (&r, "", NULL)) == NULL)
    goto out;
  if (!reader_next (&r))
    goto fail;
  if (!reader_next (&r))
    goto fail;
  if (r.event.type != YAML_STREAM_END_EVENT)
    {
      reader_fail (&r, r.event.start_mark,
                   "Source contains multiple documents; the frontmatter must be one YAML "
                   "document");
      goto fail;
    }
  goto out;

fail:
  g_clear_pointer (&root, json_node_unref);
out:
  if (r.has_event)
    yaml_event_delete (&r.event);
  yaml_parser_delete (&r.parser);
  g_hash_table_unref (r.anchors);
  if (error != NULL && *error != NULL)
    g_clear_pointer (&root, json_node_unref);
  return root;
}

GHashTable *
_genkit_yaml_locations_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/* RFC 6901: `~` → `~0`, `/` → `~1` */
char *
_genkit_json_pointer_append (const char *pointer,
                             const char *key)
{
  GString *out = g_string_new (pointer);

  g_string_append_c (out, '/');
  for (const char *p = key; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (out, "~0");
      else if (*p == '/')
        g_string_append (out, "~1");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Writing ------------------------------------------------------------------------------- */

/* Whether a plain scalar @text reads back as the string @text, for the YAML 1.2 core schema
 * and, to be safe with other tools, for YAML 1.1's resolvers too (yes/no/on/off, 0b…,
 * sexagesimal numbers, underscores in numbers, timestamps, `=` and `<<`). */
gboolean
_genkit_yaml_plain_is_string (const char *text)
{
  static const char * const yaml11_words[] = {
    "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
    "on", "On", "ON", "off", "Off", "OFF", "=", "<<",
  };
  g_autofree char *stripped = NULL;
  const char *t;

  if (is_core_null (text) || core_bool (text) >= 0 || is_core_decimal (text) ||
      is_core_float (text))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (yaml11_words); i++)
    if (g_str_equal (text, yaml11_words[i]))
      return FALSE;

  t = (*text == '-' || *text == '+') ? text + 1 : text;
  if (g_str_equal (t, ".inf") || g_str_equal (t, ".Inf") || g_str_equal (t, ".INF") ||
      g_str_equal (t, ".nan") || g_str_equal (t, ".NaN") || g_str_equal (t, ".NAN"))
    return FALSE;
  if ((g_str_has_prefix (t, "0o") || g_str_has_prefix (t, "0x") || g_str_has_prefix (t, "0b")) &&
      t[2] != '\0' && all_of (t + 2, "0123456789abcdefABCDEF_"))
    return FALSE;

  /* 1_000, 1:20:30, 2001-12-14 and the like: anything made of digits and number punctuation
   * is quoted. */
  if (g_ascii_isdigit (*t) || (*t == '.' && g_ascii_isdigit (t[1])))
    if (all_of (t, "0123456789_:.-+eE TtZz"))
      return FALSE;

  return TRUE;
}

typedef struct
{
  yaml_emitter_t emitter;
  GString       *out;
} YamlWriter;

static int
writer_output (void          *data,
               unsigned char *buffer,
               size_t         size)
{
  YamlWriter *w = data;

  g_string_append_len (w->out, (const char *) buffer, size);
  return 1;
}

static gboolean
emit_event (YamlWriter   *w,
            yaml_event_t *event,
            GError      **error)
{
  if (yaml_emitter_emit (&w->emitter, event))
    return TRUE;
  g_set_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE,
               "cannot write YAML: %s",
               w->emitter.problem != NULL ? w->emitter.problem : "emitter error");
  return FALSE;
}

static gboolean
emit_scalar (YamlWriter          *w,
             const char          *text,
             yaml_scalar_style_t  style,
             GError             **error)
{
  yaml_event_t event;

  yaml_scalar_event_initialize (&event, NULL, NULL, (yaml_char_t *) text, (int) strlen (text),
                                1, 1, style);
  return emit_event (w, &event, error);
}

static gboolean
emit_string (YamlWriter  *w,
             const char  *text,
             GError     **error)
{
  yaml_scalar_style_t style = YAML_PLAIN_SCALAR_STYLE;

  if (strchr (text, '\n') != NULL)
    style = YAML_LITERAL_SCALAR_STYLE;
  else if (!_genkit_yaml_plain_is_string (text))
    style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
  return emit_scalar (w, text, style, error);
}

static gboolean
is_short_scalar_array (JsonArray *array)
{
  gsize total = 0;

  if (json_array_get_length (array) == 0)
    return TRUE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) && !JSON_NODE_HOLDS_NULL (element))
        return FALSE;
      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        {
          const char *s = json_node_get_string (element);

          if (strchr (s, '\n') != NULL)
            return FALSE;
          total += strlen (s) + 2;
        }
      else
        total += 8;
    }
  return total <= 60;
}

static gboolean
emit_node (YamlWriter  *w,
           JsonNode    *node,
           GError     **error)
{
  yaml_event_t event;

  switch (_genkit_js_kind (node))
    {
    case GENKIT_JS_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) members = json_object_get_members (object);

        yaml_mapping_start_event_initialize (&event, NULL, NULL, 1,
                                             members == NULL ? YAML_FLOW_MAPPING_STYLE
                                                             : YAML_BLOCK_MAPPING_STYLE);
        if (!emit_event (w, &event, error))
          return FALSE;
        for (GList *l = members; l != NULL; l = l->next)
          if (!emit_string (w, l->data, error) ||
              !emit_node (w, json_object_get_member (object, l->data), error))
            return FALSE;
        yaml_mapping_end_event_initialize (&event);
        return emit_event (w, &event, error);
      }

    case GENKIT_JS_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        yaml_sequence_start_event_initialize (&event, NULL, NULL, 1,
                                              is_short_scalar_array (array)
                                                ? YAML_FLOW_SEQUENCE_STYLE
                                                : YAML_BLOCK_SEQUENCE_STYLE);
        if (!emit_event (w, &event, error))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!emit_node (w, json_array_get_element (array, i), error))
            return FALSE;
        yaml_sequence_end_event_initialize (&event);
        return emit_event (w, &event, error);
      }

    case GENKIT_JS_STRING:
      return emit_string (w, json_node_get_string (node), error);

    case GENKIT_JS_NUMBER:
      {
        double value = _genkit_js_number (node);
        g_autoptr(GString) text = g_string_new (NULL);

        if (!isfinite (value))
          return emit_scalar (w, "null", YAML_PLAIN_SCALAR_STYLE, error);
        _genkit_js_append_number (text, value);
        return emit_scalar (w, text->str, YAML_PLAIN_SCALAR_STYLE, error);
      }

    case GENKIT_JS_BOOLEAN:
      return emit_scalar (w, json_node_get_boolean (node) ? "true" : "false",
                          YAML_PLAIN_SCALAR_STYLE, error);

    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
    default:
      return emit_scalar (w, "null", YAML_PLAIN_SCALAR_STYLE, error);
    }
}

/**
 * _genkit_yaml_emit:
 * @out: where the YAML goes
 * @node: a JSON value
 * @error: return location for an error
 *
 * Writes @node as one YAML document (without `---` or `...` markers) that
 * _genkit_yaml_parse() reads back to the same value: mappings in block style in member
 * order, short lists of scalars in flow style, multi-line strings as literal blocks, and
 * strings that would read as something else (`"true"`, `"12"`, `""`) quoted.
 *
 * Returns: %TRUE on success
 */
gboolean
_genkit_yaml_emit (GString   *out,
                   JsonNode  *node,
                   GError   **error)
{
  YamlWriter w;
  yaml_event_t event;
  gboolean ok;

  w.out = out;
  yaml_emitter_initialize (&w.emitter);
  yaml_emitter_set_output (&w.emitter, writer_output, &w);
  yaml_emitter_set_unicode (&w.emitter, 1);
  yaml_emitter_set_width (&w.emitter, -1);
  yaml_emitter_set_indent (&w.emitter, 2);

  yaml_stream_start_event_initialize (&event, YAML_UTF8_ENCODING);
  ok = emit_event (&w, &event, error);
  if (ok)
    {
      yaml_document_start_event_initialize (&event, NULL, NULL, NULL, 1);
      ok = emit_event (&w, &event, error) && emit_node (&w, node, error);
    }
  if (ok)
    {
      yaml_document_end_event_initialize (&event, 1);
      ok = emit_event (&w, &event, error);
    }
  if (ok)
    {
      yaml_stream_end_event_initialize (&event);
      ok = emit_event (&w, &event, error);
    }
  yaml_emitter_flush (&w.emitter);
  yaml_emitter_delete (&w.emitter);
  return ok;
}
