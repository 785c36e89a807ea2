/* genkit-formats.c — Genkit's output formats: json, array, enum, jsonl, text
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-extract.h"

/* The five formats Genkit registers by default (the files of `js/ai/src/formats/`): the output
 * configuration each applies to a request, the instructions it injects for a schema, and how
 * it reads a finished message and a streamed chunk. */

typedef enum
{
  FORMAT_JSON,
  FORMAT_ARRAY,
  FORMAT_ENUM,
  FORMAT_JSONL,
  FORMAT_TEXT,
} FormatKind;

struct _GkFormat
{
  const char *name;
  FormatKind  kind;
  const char *config;    /* the format's `config`, as JSON */
};

static const GkFormat formats[] = {
  { "json", FORMAT_JSON,
    "{\"format\":\"json\",\"contentType\":\"application/json\",\"constrained\":true,"
    "\"defaultInstructions\":false}" },
  { "array", FORMAT_ARRAY, "{\"contentType\":\"application/json\",\"constrained\":true}" },
  { "text", FORMAT_TEXT, "{\"contentType\":\"text/plain\"}" },
  { "enum", FORMAT_ENUM, "{\"contentType\":\"text/enum\",\"constrained\":true}" },
  { "jsonl", FORMAT_JSONL, "{\"contentType\":\"application/jsonl\"}" },
};

const GkFormat *
_genkit_format_lookup (const char *name)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (name, formats[i].name))
      return &formats[i];
  return NULL;
}

const char *
_genkit_format_get_name (const GkFormat *format)
{
  return format->name;
}

JsonObject *
_genkit_format_get_config (const GkFormat *format)
{
  g_autoptr(JsonNode) node = _gk_parse_literal (format->config);

  return json_object_ref (json_node_get_object (node));
}

static const char *
schema_type (JsonNode *schema)
{
  if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema))
    return NULL;
  return _gk_object_get_string (json_node_get_object (schema), "type");
}

/* The handler of each format throws for a schema it cannot work with. */
gboolean
_genkit_format_check_schema (const GkFormat  *format,
                             JsonNode        *schema,
                             GError         **error)
{
  const char *type = schema_type (schema);

  if (schema == NULL || JSON_NODE_HOLDS_NULL (schema))
    return TRUE;

  switch (format->kind)
    {
    case FORMAT_ARRAY:
      if (g_strcmp0 (type, "array") != 0)
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Must supply an 'array' schema type when using the 'items' "
                               "parser format.");
          return FALSE;
        }
      break;
    case FORMAT_JSONL:
      {
        JsonObject *items = JSON_NODE_HOLDS_OBJECT (schema)
                            ? _gk_object_get_object (json_node_get_object (schema), "items") : NULL;

        if (g_strcmp0 (type, "array") != 0 || g_strcmp0 (_gk_object_get_string (items, "type"), "object") != 0)
          {
            g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                 "Must supply an 'array' schema type containing 'object' items "
                                 "when using the 'jsonl' parser format.");
            return FALSE;
          }
      }
      break;
    case FORMAT_ENUM:
      if (g_strcmp0 (type, "string") != 0 && g_strcmp0 (type, "enum") != 0)
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Must supply a 'string' or 'enum' schema type when using the enum "
                               "parser format.");
          return FALSE;
        }
      break;
    case FORMAT_JSON:
    case FORMAT_TEXT:
    default:
      break;
    }
  return TRUE;
}

static char *
compact_json (JsonNode *node)
{
  return _gk_json_stringify (node);
}

/* The instructions the format injects for @schema, or %NULL (Genkit's `handler(schema)
 * .instructions`). */
char *
_genkit_format_instructions (const GkFormat *format,
                             JsonNode       *schema)
{
  g_autofree char *json = NULL;

  if (schema == NULL || JSON_NODE_HOLDS_NULL (schema))
    return NULL;

  switch (format->kind)
    {
    case FORMAT_JSON:
      json = compact_json (schema);
      return g_strdup_printf ("Output should be in JSON format and conform to the following "
                              "schema:\n\n```\n%s\n```\n", json);
    case FORMAT_ARRAY:
      json = compact_json (schema);
      return g_strdup_printf ("Output should be a JSON array conforming to the following "
                              "schema:\n    \n```\n%s\n```\n    ", json);
    case FORMAT_JSONL:
      {
        JsonNode *items = JSON_NODE_HOLDS_OBJECT (schema)
                          ? json_object_get_member (json_node_get_object (schema), "items") : NULL;

        if (items == NULL)
          return NULL;
        json = compact_json (items);
        return g_strdup_printf ("Output should be JSONL format, a sequence of JSON objects (one "
                                "per line) separated by a newline `\\n` character. Each line "
                                "should be a JSON object conforming to the following "
                                "schema:\n\n```\n%s\n```\n    ", json);
      }
    case FORMAT_ENUM:
      {
        JsonArray *values = JSON_NODE_HOLDS_OBJECT (schema)
                            ? _gk_object_get_array (json_node_get_object (schema), "enum") : NULL;
        GString *text;

        if (values == NULL)
          return NULL;
        text = g_string_new ("Output should be ONLY one of the following enum values. Do not "
                             "output any additional information or add quotes.\n");
        for (guint i = 0; i < json_array_get_length (values); i++)
          {
            JsonNode *value = json_array_get_element (values, i);

            g_string_append_c (text, '\n');
            if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
              g_string_append (text, json_node_get_string (value));
            else
              {
                g_autofree char *other = compact_json (value);

                g_string_append (text, other);
              }
          }
        return g_string_free (text, FALSE);
      }
    case FORMAT_TEXT:
    default:
      return NULL;
    }
}

static JsonNode *
first_data (JsonArray *content)
{
  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);
      JsonNode *data = part ? json_object_get_member (part, "data") : NULL;

      /* `content.find((part) => part.data)`: the first truthy one. */
      if (_gk_node_is_truthy (data))
        return _gk_node_copy (data);
    }
  return NULL;
}

static JsonNode *
extract_or_null (const char *text)
{
  return genkit_extract_json (text, NULL);
}

static JsonNode *
jsonl_message (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(JsonArray) items = json_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      JsonNode *item;

      if (line[0] != '{')
        continue;
      item = extract_or_null (line);
      if (item != NULL && _gk_node_is_truthy (item))
        json_array_add_element (items, item);
      else if (item != NULL)
        json_node_unref (item);
    }
  return json_node_init_array (json_node_alloc (), items);
}

static JsonNode *
format_parse_message (const GkFormat *format,
                      JsonArray      *content)
{
  g_autofree char *text = _gk_parts_text (content, "text");

  switch (format->kind)
    {
    case FORMAT_JSON:
      return extract_or_null (text);
    case FORMAT_ARRAY:
      {
        JsonArray *items = genkit_extract_items (text, 0, NULL);
        JsonNode *node = json_node_init_array (json_node_alloc (), items);

        json_array_unref (items);
        return node;
      }
    case FORMAT_JSONL:
      return jsonl_message (text);
    case FORMAT_ENUM:
      {
        GString *cleaned = g_string_new (NULL);

        for (const char *c = text; *c; c++)
          if (*c != '"' && *c != '\'')
            g_string_append_c (cleaned, *c);
        g_strstrip (cleaned->str);
        {
          JsonNode *node = _gk_node_new_string (cleaned->str);

          g_string_free (cleaned, TRUE);
          return node;
        }
      }
    case FORMAT_TEXT:
    default:
      return _gk_node_new_string (text);
    }
}

JsonNode *
_genkit_message_output (JsonArray  *content,
                        const char *format_name)
{
  const GkFormat *format = _genkit_format_lookup (format_name);
  g_autofree char *text = NULL;
  JsonNode *output;

  /* `parser?.(message) || message.data || extractJson(message.text)` */
  if (format != NULL)
    {
      output = format_parse_message (format, content);
      if (_gk_node_is_truthy (output))
        return output;
      g_clear_pointer (&output, json_node_unref);
    }
  if ((output = first_data (content)) != NULL)
    return output;
  text = _gk_parts_text (content, "text");
  return extract_or_null (text);
}

JsonNode *
_genkit_format_parse_message (const char *format_name,
                              JsonArray  *content)
{
  const GkFormat *format = _genkit_format_lookup (format_name);

  if (format == NULL)
    return NULL;
  return format_parse_message (format, content);
}

static JsonNode *
jsonl_chunk (const char *previous_text,
             gboolean    has_previous,
             const char *accumulated)
{
  g_autoptr(JsonArray) results = json_array_new ();
  gsize start = 0;
  g_auto(GStrv) lines = NULL;

  if (has_previous)
    {
      const char *last_newline = strrchr (previous_text, '\n');

      if (last_newline != NULL)
        start = last_newline - previous_text + 1;
    }

  lines = g_strsplit (accumulated + start, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      JsonNode *item;

      if (line[0] != '{')
        continue;
      item = genkit_parse_json5 (line, NULL);
      if (item == NULL)
        break;
      if (_gk_node_is_truthy (item))
        json_array_add_element (results, item);
      else
        json_node_unref (item);
    }
  return json_node_init_array (json_node_alloc (), results);
}

JsonNode *
_genkit_format_parse_chunk (const char *format_name,
                            const char *previous_text,
                            gboolean    has_previous,
                            JsonArray  *content)
{
  const GkFormat *format = _genkit_format_lookup (format_name);
  g_autofree char *text = _gk_parts_text (content, "text");
  g_autofree char *accumulated = g_strconcat (previous_text ? previous_text : "", text, NULL);
  JsonNode *data;

  if (previous_text == NULL)
    previous_text = "";

  if (format != NULL)
    switch (format->kind)
      {
      case FORMAT_JSON:
        return extract_or_null (accumulated);
      case FORMAT_ARRAY:
        {
          gsize cursor = 0;
          JsonArray *items;
          JsonNode *node;

          if (has_previous)
            {
              JsonArray *before = genkit_extract_items (previous_text, 0, &cursor);

              json_array_unref (before);
            }
          items = genkit_extract_items (accumulated, cursor, NULL);
          node = json_node_init_array (json_node_alloc (), items);
          json_array_unref (items);
          return node;
        }
      case FORMAT_JSONL:
        return jsonl_chunk (previous_text, has_previous, accumulated);
      case FORMAT_TEXT:
        return _gk_node_new_string (text);
      case FORMAT_ENUM:
      default:
        break;   /* no chunk parser: Genkit falls back to data, then JSON */
      }

  if ((data = first_data (content)) != NULL)
    return data;
  return extract_or_null (accumulated);
}

/* Genkit's `injectInstructions`: a text part with `metadata.purpose = "output"` goes into the
 * system message, else the last user message, replacing a pending output placeholder; nothing
 * happens when a non-pending output part is already there. Returns a new array, or %NULL when
 * nothing changes. */
JsonArray *
_genkit_inject_instructions (JsonArray  *messages,
                             const char *instructions)
{
  JsonArray *out;
  JsonObject *target;
  JsonArray *content;
  JsonObject *part, *metadata;
  gint target_index = -1;
  gint part_index = -1;
  guint n = json_array_get_length (messages);

  if (instructions == NULL || *instructions == '\0')
    return NULL;

  for (guint i = 0; i < n; i++)
    {
      JsonArray *parts = _gk_object_get_array (json_array_get_object_element (messages, i), "content");

      for (guint j = 0; parts != NULL && j < json_array_get_length (parts); j++)
        {
          JsonObject *meta = _gk_object_get_object (json_array_get_object_element (parts, j), "metadata");

          if (g_strcmp0 (_gk_object_get_string (meta, "purpose"), "output") == 0 &&
              !_gk_node_is_truthy (meta ? json_object_get_member (meta, "pending") : NULL))
            return NULL;
        }
    }

  for (guint i = 0; i < n && target_index < 0; i++)
    if (g_strcmp0 (_gk_object_get_string (json_array_get_object_element (messages, i), "role"), "system") == 0)
      target_index = i;
  for (gint i = (gint) n - 1; i >= 0 && target_index < 0; i--)
    if (g_strcmp0 (_gk_object_get_string (json_array_get_object_element (messages, i), "role"), "user") == 0)
      target_index = i;
  if (target_index < 0)
    return NULL;

  out = _gk_array_copy (messages);
  target = json_array_get_object_element (out, target_index);
  content = _gk_object_get_array (target, "content");
  if (content == NULL)
    {
      content = json_array_new ();
      json_object_set_array_member (target, "content", content);
    }

  for (guint j = 0; j < json_array_get_length (content) && part_index < 0; j++)
    {
      JsonObject *meta = _gk_object_get_object (json_array_get_object_element (content, j), "metadata");

      if (g_strcmp0 (_gk_object_get_string (meta, "purpose"), "output") == 0 &&
          _gk_node_is_truthy (json_object_get_member (meta, "pending")))
        part_index = j;
    }

  part = json_object_new ();
  json_object_set_string_member (part, "text", instructions);
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "purpose", "output");
  json_object_set_object_member (part, "metadata", metadata);

  /* Genkit replaces the placeholder only when it is not the first part (`partIndex > 0`). */
  if (part_index > 0)
    {
      JsonArray *replaced = json_array_new ();

      for (guint j = 0; j < json_array_get_length (content); j++)
        if ((gint) j == part_index)
          json_array_add_object_element (replaced, json_object_ref (part));
        else
          json_array_add_element (replaced, _gk_node_copy (json_array_get_element (content, j)));
      json_object_set_array_member (target, "content", replaced);
      json_object_unref (part);
    }
  else
    json_array_add_object_element (content, part);
  return out;
}
