/* genkit-provider-util.c — JSON and generate helpers the providers share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-provider-private.h"

/* JSON ------------------------------------------------------------------------------------ */

JsonNode *
_genkit_provider_json_parse_bytes (GBytes  *bytes,
                          GError **error)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return genkit_json_parse (data, (gssize) len, error);
}

const char *
_genkit_provider_json_get_string (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
_genkit_provider_json_get_object (JsonObject *object,
                         const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return (node != NULL && JSON_NODE_HOLDS_OBJECT (node)) ? json_node_get_object (node) : NULL;
}

JsonArray *
_genkit_provider_json_get_array (JsonObject *object,
                        const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return (node != NULL && JSON_NODE_HOLDS_ARRAY (node)) ? json_node_get_array (node) : NULL;
}

gboolean
_genkit_provider_json_get_number (JsonObject *object,
                         const char *member,
                         double     *value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

gboolean
_genkit_provider_json_get_bool (JsonObject *object,
                       const char *member,
                       gboolean    fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

/* Copies `from[from_member]` to `to[to_member]` when present and not null. */
gboolean
_genkit_provider_json_copy_member (JsonObject *to,
                          const char *to_member,
                          JsonObject *from,
                          const char *from_member)
{
  JsonNode *node = from ? json_object_get_member (from, from_member) : NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  json_object_set_member (to, to_member, json_node_copy (node));
  return TRUE;
}

JsonNode *
_genkit_provider_json_take_object (JsonObject *object)
{
  JsonNode *node = json_node_init_object (json_node_alloc (), object);

  json_object_unref (object);
  return node;
}

/* For the providers' own constant tables. */
JsonObject *
_genkit_provider_json_object_parse (const char *text)
{
  g_autoptr(JsonNode) node = genkit_json_parse (text, -1, NULL);

  g_assert (node != NULL && JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

char *
_genkit_provider_json_to_string (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("null");
  return json_to_string (node, FALSE);
}

static JsonNode *
clean_schema (JsonNode           *node,
              const char * const *drop)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *in = json_node_get_object (node);
      JsonObject *out = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (in);

      for (GList *l = members; l != NULL; l = l->next)
        {
          if (g_strv_contains (drop, l->data))
            continue;
          json_object_set_member (out, l->data, clean_schema (json_object_get_member (in, l->data), drop));
        }
      return _genkit_provider_json_take_object (out);
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *in = json_node_get_array (node);
      JsonArray *out = json_array_new ();
      JsonNode *result;

      for (guint i = 0; i < json_array_get_length (in); i++)
        json_array_add_element (out, clean_schema (json_array_get_element (in, i), drop));
      result = json_node_init_array (json_node_alloc (), out);
      json_array_unref (out);
      return result;
    }
  return json_node_copy (node);
}

/* A copy of @schema without the keywords in @drop, at any depth (property names are kept: a
 * key inside `properties` is only dropped when it is itself one of the keywords). */
JsonNode *
_genkit_provider_json_clean_schema (JsonNode           *schema,
                           const char * const *drop)
{
  if (schema == NULL)
    return NULL;
  return clean_schema (schema, drop);
}

/* Generate helpers ------------------------------------------------------------------------ */

/* `data:<mime>[;param…];base64,<data>` → the MIME type and the base64 text. */
gboolean
_genkit_provider_parse_data_url (const char  *url,
                        char       **mime_type,
                        char       **base64)
{
  const char *comma;
  const char *header;
  g_auto(GStrv) params = NULL;
  gboolean is_base64 = FALSE;

  if (url == NULL || !g_str_has_prefix (url, "data:"))
    return FALSE;
  comma = strchr (url, ',');
  if (comma == NULL)
    return FALSE;
  header = url + strlen ("data:");
  {
    g_autofree char *head = g_strndup (header, (gsize) (comma - header));

    params = g_strsplit (head, ";", -1);
  }
  for (guint i = 1; params[i] != NULL; i++)
    if (g_ascii_strcasecmp (params[i], "base64") == 0)
      is_base64 = TRUE;
  if (!is_base64)
    return FALSE;
  if (mime_type != NULL)
    *mime_type = g_strdup (params[0][0] != '\0' ? params[0] : "application/octet-stream");
  if (base64 != NULL)
    *base64 = g_strdup (comma + 1);
  return TRUE;
}

JsonObject *
_genkit_provider_request_get_config (GenkitGenerateRequest *request)
{
  JsonNode *config = genkit_generate_request_get_config (request);

  return (config != NULL && JSON_NODE_HOLDS_OBJECT (config)) ? json_node_get_object (config) : NULL;
}

/* Tool arguments arrive as a JSON string; an empty one means no arguments, and one that is not
 * JSON is kept as a string so the tool can say what is wrong with it. */
JsonNode *
_genkit_provider_parse_tool_arguments (const char *arguments)
{
  JsonNode *node;

  if (arguments == NULL || *arguments == '\0')
    return _genkit_provider_json_take_object (json_object_new ());
  node = genkit_json_parse (arguments, -1, NULL);
  if (node == NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, arguments);
    }
  return node;
}

/* A tool response's output as text: strings as they are, anything else as JSON. */
char *
_genkit_provider_tool_output_to_string (GenkitPart *part)
{
  JsonNode *output = genkit_part_get_tool_output (part);

  if (output != NULL && JSON_NODE_HOLDS_VALUE (output) && json_node_get_value_type (output) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (output));
  return _genkit_provider_json_to_string (output);
}

char *
_genkit_provider_text_of_parts (GenkitMessage *message)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < genkit_message_get_n_parts (message); i++)
    {
      g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);

      if (genkit_part_get_kind (part) == GENKIT_PART_KIND_TEXT)
        g_string_append (text, genkit_part_get_text (part));
    }
  return g_string_free (text, FALSE);
}

/* Streams one part as a `model` chunk when the caller streams. */
void
_genkit_provider_send_chunk (GenkitModelCall *call,
                    GenkitPart      *part)
{
  g_autoptr(GenkitGenerateResponseChunk) chunk = NULL;

  if (!genkit_model_call_is_streaming (call))
    return;
  chunk = genkit_generate_response_chunk_new ();
  genkit_generate_response_chunk_add_part (chunk, part);
  genkit_model_call_send_chunk (call, chunk);
}

void
_genkit_provider_usage_set (GenkitGenerationUsage *usage,
                   const char            *name,
                   JsonObject            *from,
                   const char            *member)
{
  double value;

  if (_genkit_provider_json_get_number (from, member, &value))
    genkit_generation_usage_set_value (usage, name, value);
}

GenkitGenerateResponse *
_genkit_provider_response_new (GenkitMessage         *message,
                      GenkitFinishReason     reason,
                      const char            *finish_message,
                      GenkitGenerationUsage *usage)
{
  GenkitGenerateResponse *response = genkit_generate_response_new ();

  if (message != NULL)
    genkit_generate_response_set_message (response, message);
  genkit_generate_response_set_finish_reason (response, reason);
  if (finish_message != NULL)
    genkit_generate_response_set_finish_message (response, finish_message);
  if (usage != NULL)
    genkit_generate_response_set_usage (response, usage);
  return response;
}

/* A JSON array of numbers as a vector, or NULL when anything in it is no number. */
/* The request's tools as OpenAI's function tools, which Ollama takes too:
 * `{"type": "function", "function": {"name", "description", "parameters"}}`, parameters an
 * empty object schema when the tool has no input schema. */
JsonArray *
_genkit_provider_function_tools (GenkitGenerateRequest *request)
{
  JsonArray *tools = json_array_new ();

  for (guint i = 0; i < genkit_generate_request_get_n_tools (request); i++)
    {
      JsonObject *tool = genkit_generate_request_get_tool (request, i);
      JsonObject *t = json_object_new ();
      JsonObject *function = json_object_new ();
      const char *description = _genkit_provider_json_get_string (tool, "description");

      json_object_set_string_member (t, "type", "function");
      json_object_set_string_member (function, "name", _genkit_provider_json_get_string (tool, "name"));
      if (description != NULL)
        json_object_set_string_member (function, "description", description);
      if (!_genkit_provider_json_copy_member (function, "parameters", tool, "inputSchema"))
        json_object_set_object_member (function, "parameters",
                                       _genkit_provider_json_object_parse ("{\"type\": \"object\", \"properties\": {}}"));
      json_object_set_object_member (t, "function", function);
      json_array_add_object_element (tools, t);
    }
  return tools;
}

GArray *
_genkit_provider_vector_of_array (JsonArray *values)
{
  GArray *vector;

  if (values == NULL)
    return NULL;
  vector = g_array_sized_new (FALSE, FALSE, sizeof (double), json_array_get_length (values));
  for (guint j = 0; j < json_array_get_length (values); j++)
    {
      JsonNode *node = json_array_get_element (values, j);
      GType type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
      double v;

      if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
        {
          g_array_unref (vector);
          return NULL;
        }
      v = json_node_get_double (node);
      g_array_append_val (vector, v);
    }
  return vector;
}

JsonObject *
_genkit_provider_model_info_new (const char *label,
                        gboolean    multiturn,
                        gboolean    media,
                        gboolean    tools,
                        gboolean    system_role,
                        const char *constrained,
                        JsonNode   *config_schema)
{
  JsonObject *info = json_object_new ();
  JsonObject *supports = json_object_new ();
  JsonArray *output = json_array_new ();

  json_object_set_string_member (info, "label", label);
  json_object_set_boolean_member (supports, "multiturn", multiturn);
  json_object_set_boolean_member (supports, "media", media);
  json_object_set_boolean_member (supports, "tools", tools);
  json_object_set_boolean_member (supports, "toolChoice", tools);
  json_object_set_boolean_member (supports, "systemRole", system_role);
  json_array_add_string_element (output, "text");
  json_array_add_string_element (output, "json");
  json_object_set_array_member (supports, "output", output);
  if (constrained != NULL)
    json_object_set_string_member (supports, "constrained", constrained);
  json_object_set_object_member (info, "supports", supports);
  if (config_schema != NULL)
    json_object_set_member (info, "configSchema", json_node_copy (config_schema));
  return info;
}
