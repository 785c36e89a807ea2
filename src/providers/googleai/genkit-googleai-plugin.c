/* genkit-googleai-plugin.c — the Gemini API (Google GenAI): generateContent and embeddings
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-googleai-plugin.h"
#include "genkit-provider-private.h"

/**
 * GenkitGoogleaiPlugin:
 *
 * Gemini through the Gemini API: `models/{model}:generateContent`,
 * `:streamGenerateContent?alt=sse`, `:batchEmbedContents` and `GET models`, under
 * `{baseUrl}/{apiVersion}` (`https://generativelanguage.googleapis.com`, `GOOGLE_GEMINI_BASE_URL`,
 * and `v1beta` by default; both can also be set per request with `config.baseUrl` and
 * `config.apiVersion`). The key (`GEMINI_API_KEY`, `GOOGLE_API_KEY` or `GOOGLE_GENAI_API_KEY`)
 * goes in `x-goog-api-key`, never in the URL.
 *
 * System messages become `systemInstruction`; media become `inlineData` (data: URLs) or
 * `fileData`; tools become `functionDeclarations` with their JSON Schema as
 * `parametersJsonSchema` (a `/` in a tool's name sent as `__`), with
 * `toolConfig.functionCallingConfig.mode`; function calls and responses carry their `id` (the
 * parts' `ref`) both ways; JSON output sets `responseMimeType`, and constrained output the
 * schema as `responseJsonSchema`; `safetySettings` and `thinkingConfig` pass through. Thought parts come back
 * as `reasoning`, `thoughtSignature`s are kept in part metadata and sent back, a blocked prompt
 * answers with finish reason `blocked`, and the error body's own status name (`INVALID_ARGUMENT`,
 * `RESOURCE_EXHAUSTED`…, with its `RetryInfo`) becomes the Genkit status.
 */
struct _GenkitGoogleaiPlugin
{
  GenkitProviderPlugin parent_instance;

  char                *api_version;
};

G_DEFINE_FINAL_TYPE (GenkitGoogleaiPlugin, genkit_googleai_plugin, GENKIT_TYPE_PROVIDER_PLUGIN)

enum
{
  PROP_0,
  PROP_API_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const known_models[] = {
  "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite", "gemini-2.0-flash", NULL,
};
static const char * const known_embedders[] = { "gemini-embedding-001", "text-embedding-004", NULL };

static const char config_schema_json[] =
  "{\"type\": \"object\", \"properties\": {"
  "\"version\": {\"type\": \"string\", \"description\": \"A model id to call instead of this model's\"},"
  "\"apiVersion\": {\"type\": \"string\", \"description\": \"The API version, e.g. v1beta or v1\"},"
  "\"baseUrl\": {\"type\": \"string\", \"description\": \"Where the Gemini API is, for this request\"},"
  "\"temperature\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 2},"
  "\"maxOutputTokens\": {\"type\": \"integer\", \"minimum\": 1},"
  "\"topK\": {\"type\": \"integer\", \"minimum\": 1},"
  "\"topP\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1},"
  "\"stopSequences\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"maxItems\": 5},"
  "\"safetySettings\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {"
  "  \"category\": {\"type\": \"string\", \"enum\": [\"HARM_CATEGORY_HATE_SPEECH\", \"HARM_CATEGORY_DANGEROUS_CONTENT\","
  "    \"HARM_CATEGORY_HARASSMENT\", \"HARM_CATEGORY_SEXUALLY_EXPLICIT\", \"HARM_CATEGORY_CIVIC_INTEGRITY\"]},"
  "  \"threshold\": {\"type\": \"string\", \"enum\": [\"BLOCK_LOW_AND_ABOVE\", \"BLOCK_MEDIUM_AND_ABOVE\","
  "    \"BLOCK_ONLY_HIGH\", \"BLOCK_NONE\", \"OFF\"]}},"
  "  \"required\": [\"category\", \"threshold\"]}},"
  "\"thinkingConfig\": {\"type\": \"object\", \"properties\": {"
  "  \"thinkingBudget\": {\"type\": \"integer\", \"minimum\": -1},"
  "  \"includeThoughts\": {\"type\": \"boolean\"}}}"
  "}, \"additionalProperties\": true}";

static const char embed_schema_json[] =
  "{\"type\": \"object\", \"properties\": {"
  "\"taskType\": {\"type\": \"string\", \"enum\": [\"RETRIEVAL_QUERY\", \"RETRIEVAL_DOCUMENT\", \"SEMANTIC_SIMILARITY\","
  "  \"CLASSIFICATION\", \"CLUSTERING\", \"QUESTION_ANSWERING\", \"FACT_VERIFICATION\", \"CODE_RETRIEVAL_QUERY\"]},"
  "\"title\": {\"type\": \"string\"},"
  "\"outputDimensionality\": {\"type\": \"integer\", \"minimum\": 1}"
  "}}";

/* What JSON Schema's `parametersJsonSchema` and `responseJsonSchema` take as given, less the
 * meta-schema annotation, which constrains nothing. */
static const char * const json_schema_drop[] = { "$schema", NULL };

/* Gemini refuses `/` in function names (it allows letters, digits, `_`, `.`, `:` and `-`), so
 * a namespaced tool (`mcp/search`) is declared as `mcp__search`, as the google-genai plugin
 * does. */
static char *
function_name_of_tool (const char *tool_name)
{
  g_auto(GStrv) pieces = g_strsplit (tool_name ? tool_name : "", "/", -1);

  return g_strjoinv ("__", pieces);
}

/* The request's tool a function call names: the one whose declared name it is, else the name
 * as it came. */
static char *
tool_of_function_name (GenkitGenerateRequest *request,
                       const char            *function_name)
{
  for (guint i = 0; request != NULL && i < genkit_generate_request_get_n_tools (request); i++)
    {
      const char *tool = _genkit_provider_json_get_string (genkit_generate_request_get_tool (request, i), "name");
      g_autofree char *declared = function_name_of_tool (tool);

      if (tool != NULL && g_str_equal (declared, function_name))
        return g_strdup (tool);
    }
  return g_strdup (function_name);
}

/* Description ------------------------------------------------------------------------------ */

static JsonObject *
googleai_model_info (GenkitProviderPlugin *plugin,
                     const char           *id)
{
  g_autoptr(JsonNode) schema = _genkit_provider_json_take_object (_genkit_provider_json_object_parse (config_schema_json));
  g_autofree char *label = g_strdup_printf ("Google AI - %s", id);

  return _genkit_provider_model_info_new (label, TRUE, TRUE, TRUE, TRUE, "no-tools", schema);
}

static JsonObject *
googleai_embedder_info (GenkitProviderPlugin *plugin,
                        const char           *id)
{
  JsonObject *described = json_object_new ();
  JsonObject *info = json_object_new ();
  g_autofree char *label = g_strdup_printf ("Google AI - %s", id);

  json_object_set_string_member (info, "label", label);
  if (g_str_equal (id, "gemini-embedding-001"))
    json_object_set_int_member (info, "dimensions", 3072);
  else if (g_str_equal (id, "text-embedding-004"))
    json_object_set_int_member (info, "dimensions", 768);
  json_object_set_object_member (info, "supports",
                                 _genkit_provider_json_object_parse ("{\"input\": [\"text\"], \"multilingual\": true}"));
  json_object_set_object_member (described, "info", info);
  json_object_set_object_member (described, "configSchema", _genkit_provider_json_object_parse (embed_schema_json));
  return described;
}

static void
googleai_list_known (GenkitProviderPlugin *plugin,
                     GPtrArray            *models,
                     GPtrArray            *embedders)
{
  for (guint i = 0; known_models[i] != NULL; i++)
    g_ptr_array_add (models, g_strdup (known_models[i]));
  for (guint i = 0; known_embedders[i] != NULL; i++)
    g_ptr_array_add (embedders, g_strdup (known_embedders[i]));
}

/* `{base}/{version}/models/{id}{suffix}`; an id with a `/` (`tunedModels/x`) is a full name. */
static char *
model_url (GenkitGoogleaiPlugin *self,
           JsonObject           *config,
           const char           *id,
           const char           *suffix)
{
  const char *base = _genkit_provider_json_get_string (config, "baseUrl");
  const char *version = _genkit_provider_json_get_string (config, "apiVersion");
  g_autofree char *trimmed = NULL;

  if (base == NULL)
    base = genkit_provider_plugin_get_base_url (GENKIT_PROVIDER_PLUGIN (self));
  trimmed = g_strdup (base ? base : "");
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  return g_strdup_printf ("%s/%s/%s%s%s", trimmed, version ? version : self->api_version,
                          strchr (id, '/') ? "" : "models/", id, suffix);
}

/* The request ------------------------------------------------------------------------------ */

static JsonObject *
part_to_gemini (GenkitPart  *part,
                GError     **error)
{
  JsonObject *out = json_object_new ();
  JsonObject *metadata = genkit_part_get_metadata (part);
  const char *signature = _genkit_provider_json_get_string (metadata, "thoughtSignature");
  GenkitPartKind kind = genkit_part_get_kind (part);
  g_autofree char *name = kind == GENKIT_PART_KIND_TOOL_REQUEST || kind == GENKIT_PART_KIND_TOOL_RESPONSE
                          ? function_name_of_tool (genkit_part_get_tool_name (part)) : NULL;

  switch (kind)
    {
    case GENKIT_PART_KIND_TEXT:
      json_object_set_string_member (out, "text", genkit_part_get_text (part));
      break;

    case GENKIT_PART_KIND_REASONING:
      json_object_set_boolean_member (out, "thought", TRUE);
      json_object_set_string_member (out, "text", genkit_part_get_reasoning (part));
      break;

    case GENKIT_PART_KIND_MEDIA:
      {
        const char *url = genkit_part_get_media_url (part);
        const char *content_type = genkit_part_get_media_content_type (part);
        g_autofree char *data_type = NULL;
        g_autofree char *base64 = NULL;
        JsonObject *inner = json_object_new ();

        if (_genkit_provider_parse_data_url (url, &data_type, &base64))
          {
            json_object_set_string_member (inner, "mimeType", content_type ? content_type : data_type);
            json_object_set_string_member (inner, "data", base64);
            json_object_set_object_member (out, "inlineData", inner);
          }
        else
          {
            if (content_type == NULL)
              {
                json_object_unref (inner);
                json_object_unref (out);
                g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                             "Gemini needs the contentType of media given by URL (%s)", url);
                return NULL;
              }
            json_object_set_string_member (inner, "mimeType", content_type);
            json_object_set_string_member (inner, "fileUri", url);
            json_object_set_object_member (out, "fileData", inner);
          }
      }
      break;

    case GENKIT_PART_KIND_TOOL_REQUEST:
      {
        JsonObject *call = json_object_new ();
        JsonNode *input = genkit_part_get_tool_input (part);

        json_object_set_string_member (call, "name", name);
        /* The call's id pairs it with its response when the model calls several at once. */
        if (genkit_part_get_tool_ref (part) != NULL)
          json_object_set_string_member (call, "id", genkit_part_get_tool_ref (part));
        if (input != NULL && JSON_NODE_HOLDS_OBJECT (input))
          json_object_set_member (call, "args", json_node_copy (input));
        else
          json_object_set_object_member (call, "args", json_object_new ());
        json_object_set_object_member (out, "functionCall", call);
      }
      break;

    case GENKIT_PART_KIND_TOOL_RESPONSE:
      {
        JsonObject *response = json_object_new ();
        JsonObject *wrapped = json_object_new ();
        JsonNode *output = genkit_part_get_tool_output (part);

        json_object_set_string_member (response, "name", name);
        if (genkit_part_get_tool_ref (part) != NULL)
          json_object_set_string_member (response, "id", genkit_part_get_tool_ref (part));
        json_object_set_string_member (wrapped, "name", name);
        json_object_set_member (wrapped, "content", output ? json_node_copy (output) : json_node_new (JSON_NODE_NULL));
        json_object_set_object_member (response, "response", wrapped);
        json_object_set_object_member (out, "functionResponse", response);
      }
      break;

    default:
      json_object_unref (out);
      return NULL;
    }
  if (signature != NULL)
    json_object_set_string_member (out, "thoughtSignature", signature);
  return out;
}

static JsonObject *
build_body (GenkitGenerateRequest  *request,
            GError                **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *config = _genkit_provider_request_get_config (request);
  JsonObject *output = genkit_generate_request_get_output (request);
  JsonArray *contents = json_array_new ();
  JsonArray *system = json_array_new ();
  JsonObject *generation = json_object_new ();
  const char *tool_choice = genkit_generate_request_get_tool_choice (request);
  static const char * const roles[] = { NULL, "user", "model", "function" };
  static const char * const handled[] = {
    "version", "apiVersion", "baseUrl", "temperature", "maxOutputTokens", "topK", "topP",
    "stopSequences", "safetySettings", "apiKey", NULL,
  };

  json_object_set_array_member (body, "contents", contents);
  for (guint m = 0; m < genkit_generate_request_get_n_messages (request); m++)
    {
      g_autoptr(GenkitMessage) message = genkit_generate_request_get_message (request, m);
      GenkitRole role = genkit_message_get_role (message);
      JsonArray *parts = role == GENKIT_ROLE_SYSTEM ? system : json_array_new ();

      for (guint i = 0; i < genkit_message_get_n_parts (message); i++)
        {
          g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);
          GError *part_error = NULL;
          JsonObject *p = part_to_gemini (part, &part_error);

          if (part_error != NULL)
            {
              g_propagate_error (error, part_error);
              if (parts != system)
                json_array_unref (parts);
              json_array_unref (system);
              json_object_unref (generation);
              return NULL;
            }
          if (p != NULL)
            json_array_add_object_element (parts, p);
        }
      if (role != GENKIT_ROLE_SYSTEM)
        {
          JsonObject *content = json_object_new ();

          json_object_set_string_member (content, "role", roles[role]);
          json_object_set_array_member (content, "parts", parts);
          json_array_add_object_element (contents, content);
        }
    }
  if (json_array_get_length (system) > 0)
    {
      JsonObject *instruction = json_object_new ();

      json_object_set_array_member (instruction, "parts", system);
      json_object_set_object_member (body, "systemInstruction", instruction);
    }
  else
    json_array_unref (system);

  if (genkit_generate_request_get_n_tools (request) > 0)
    {
      JsonArray *tools = json_array_new ();
      JsonObject *holder = json_object_new ();
      JsonArray *declarations = json_array_new ();

      for (guint i = 0; i < genkit_generate_request_get_n_tools (request); i++)
        {
          JsonObject *tool = genkit_generate_request_get_tool (request, i);
          JsonObject *d = json_object_new ();
          JsonNode *schema = json_object_get_member (tool, "inputSchema");
          g_autofree char *name = function_name_of_tool (_genkit_provider_json_get_string (tool, "name"));

          json_object_set_string_member (d, "name", name);
          json_object_set_string_member (d, "description", _genkit_provider_json_get_string (tool, "description") ?: "");
          /* JSON Schema as it is (anyOf, $ref, additionalProperties…), not the OpenAPI subset
           * of `parameters`. */
          if (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema))
            json_object_set_member (d, "parametersJsonSchema", _genkit_provider_json_clean_schema (schema, json_schema_drop));
          json_array_add_object_element (declarations, d);
        }
      json_object_set_array_member (holder, "functionDeclarations", declarations);
      json_array_add_object_element (tools, holder);
      json_object_set_array_member (body, "tools", tools);
      if (tool_choice != NULL)
        {
          JsonObject *tool_config = json_object_new ();
          JsonObject *calling = json_object_new ();

          json_object_set_string_member (calling, "mode", g_str_equal (tool_choice, "required") ? "ANY"
                                                          : g_str_equal (tool_choice, "none") ? "NONE" : "AUTO");
          json_object_set_object_member (tool_config, "functionCallingConfig", calling);
          json_object_set_object_member (body, "toolConfig", tool_config);
        }
    }

  _genkit_provider_json_copy_member (generation, "temperature", config, "temperature");
  _genkit_provider_json_copy_member (generation, "topP", config, "topP");
  _genkit_provider_json_copy_member (generation, "topK", config, "topK");
  _genkit_provider_json_copy_member (generation, "maxOutputTokens", config, "maxOutputTokens");
  _genkit_provider_json_copy_member (generation, "stopSequences", config, "stopSequences");
  if (config != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (config);

      /* Other generationConfig fields (seed, presencePenalty, responseModalities…) as given. */
      for (GList *l = members; l != NULL; l = l->next)
        if (!g_strv_contains (handled, l->data))
          _genkit_provider_json_copy_member (generation, l->data, config, l->data);
    }
  if (output != NULL && g_strcmp0 (_genkit_provider_json_get_string (output, "format"), "json") == 0)
    {
      JsonNode *schema = json_object_get_member (output, "schema");

      json_object_set_string_member (generation, "responseMimeType", "application/json");
      /* Constrained decoding to the JSON Schema as given, as the google-genai plugin asks for it
       * (`responseJsonSchema`; the older `responseSchema` takes only an OpenAPI subset). */
      if (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema) &&
          _genkit_provider_json_get_bool (output, "constrained", FALSE))
        json_object_set_member (generation, "responseJsonSchema", _genkit_provider_json_clean_schema (schema, json_schema_drop));
    }
  if (json_object_get_size (generation) > 0)
    json_object_set_object_member (body, "generationConfig", generation);
  else
    json_object_unref (generation);
  _genkit_provider_json_copy_member (body, "safetySettings", config, "safetySettings");
  return g_steal_pointer (&body);
}

/* The answer -------------------------------------------------------------------------------- */

static GenkitFinishReason
finish_reason_of (const char *reason)
{
  static const char * const blocked[] = {
    "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY", NULL,
  };

  if (reason == NULL)
    return GENKIT_FINISH_REASON_UNKNOWN;
  if (g_str_equal (reason, "STOP"))
    return GENKIT_FINISH_REASON_STOP;
  if (g_str_equal (reason, "MAX_TOKENS"))
    return GENKIT_FINISH_REASON_LENGTH;
  if (g_strv_contains (blocked, reason))
    return GENKIT_FINISH_REASON_BLOCKED;
  if (g_str_equal (reason, "FINISH_REASON_UNSPECIFIED"))
    return GENKIT_FINISH_REASON_UNKNOWN;
  return GENKIT_FINISH_REASON_OTHER;
}

static GenkitGenerationUsage *
usage_of (JsonObject *meta)
{
  GenkitGenerationUsage *usage = genkit_generation_usage_new ();

  _genkit_provider_usage_set (usage, "inputTokens", meta, "promptTokenCount");
  _genkit_provider_usage_set (usage, "outputTokens", meta, "candidatesTokenCount");
  _genkit_provider_usage_set (usage, "totalTokens", meta, "totalTokenCount");
  _genkit_provider_usage_set (usage, "thoughtsTokens", meta, "thoughtsTokenCount");
  _genkit_provider_usage_set (usage, "cachedContentTokens", meta, "cachedContentTokenCount");
  return usage;
}

static void
set_signature (GenkitPart *part,
               JsonObject *from)
{
  const char *signature = _genkit_provider_json_get_string (from, "thoughtSignature");
  g_autoptr(JsonObject) metadata = NULL;

  if (signature == NULL)
    return;
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "thoughtSignature", signature);
  genkit_part_set_metadata (part, metadata);
}

typedef struct
{
  GenkitModelCall *call;
  char            *label;
  GPtrArray       *parts;        /* GenkitPart, text and thoughts merged as they stream */
  char            *finish_reason;
  char            *block_reason;
  JsonObject      *usage;
  gboolean         stream;
} Generation;

static void
generation_free (Generation *gen)
{
  g_clear_object (&gen->call);
  g_free (gen->label);
  g_ptr_array_unref (gen->parts);
  g_free (gen->finish_reason);
  g_free (gen->block_reason);
  g_clear_pointer (&gen->usage, json_object_unref);
  g_free (gen);
}

/* Appends text to the last part when it is of the same kind, as a stream's pieces join. */
static void
add_text (Generation *gen,
          const char *text,
          gboolean    thought,
          JsonObject *from)
{
  GenkitPart *last = gen->parts->len ? g_ptr_array_index (gen->parts, gen->parts->len - 1) : NULL;
  GenkitPartKind kind = thought ? GENKIT_PART_KIND_REASONING : GENKIT_PART_KIND_TEXT;
  g_autoptr(GenkitPart) piece = thought ? genkit_part_new_reasoning (text) : genkit_part_new_text (text);

  set_signature (piece, from);
  if (gen->stream && *text != '\0')
    _genkit_provider_send_chunk (gen->call, piece);

  if (last != NULL && genkit_part_get_kind (last) == kind && genkit_part_get_metadata (last) == NULL)
    {
      g_autofree char *joined = g_strconcat (thought ? genkit_part_get_reasoning (last) : genkit_part_get_text (last),
                                             text, NULL);
      GenkitPart *merged = thought ? genkit_part_new_reasoning (joined) : genkit_part_new_text (joined);

      set_signature (merged, from);
      g_ptr_array_index (gen->parts, gen->parts->len - 1) = merged;
      genkit_part_unref (last);
      return;
    }
  g_ptr_array_add (gen->parts, g_steal_pointer (&piece));
}

static gboolean
read_answer (Generation  *gen,
             JsonNode    *node,
             GError     **error)
{
  JsonObject *answer;
  JsonArray *candidates;
  JsonObject *candidate;
  JsonArray *parts;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered with something else than an object",
                   gen->label);
      return FALSE;
    }
  answer = json_node_get_object (node);
  if (json_object_has_member (answer, "error"))
    {
      g_propagate_error (error, _genkit_provider_error_from_body (gen->label, node, GENKIT_ERROR_INTERNAL, NULL));
      return FALSE;
    }
  if (_genkit_provider_json_get_object (answer, "usageMetadata") != NULL)
    {
      g_clear_pointer (&gen->usage, json_object_unref);
      gen->usage = json_object_ref (_genkit_provider_json_get_object (answer, "usageMetadata"));
    }
  if (_genkit_provider_json_get_string (_genkit_provider_json_get_object (answer, "promptFeedback"), "blockReason") != NULL)
    {
      g_free (gen->block_reason);
      gen->block_reason = g_strdup (_genkit_provider_json_get_string (_genkit_provider_json_get_object (answer, "promptFeedback"),
                                                                      "blockReason"));
    }

  candidates = _genkit_provider_json_get_array (answer, "candidates");
  if (candidates == NULL || json_array_get_length (candidates) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (candidates, 0)))
    return TRUE;
  candidate = json_array_get_object_element (candidates, 0);
  if (_genkit_provider_json_get_string (candidate, "finishReason") != NULL)
    {
      g_free (gen->finish_reason);
      gen->finish_reason = g_strdup (_genkit_provider_json_get_string (candidate, "finishReason"));
    }

  parts = _genkit_provider_json_get_array (_genkit_provider_json_get_object (candidate, "content"), "parts");
  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonNode *item = json_array_get_element (parts, i);
      JsonObject *p;
      JsonObject *call;
      JsonObject *inline_data;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      p = json_node_get_object (item);
      if (_genkit_provider_json_get_string (p, "text") != NULL)
        add_text (gen, _genkit_provider_json_get_string (p, "text"), _genkit_provider_json_get_bool (p, "thought", FALSE), p);
      else if ((call = _genkit_provider_json_get_object (p, "functionCall")) != NULL &&
               _genkit_provider_json_get_string (call, "name") != NULL)
        {
          JsonNode *args = json_object_get_member (call, "args");
          g_autoptr(JsonNode) empty = _genkit_provider_json_take_object (json_object_new ());
          g_autofree char *tool = tool_of_function_name (genkit_model_call_get_request (gen->call),
                                                         _genkit_provider_json_get_string (call, "name"));
          GenkitPart *part = genkit_part_new_tool_request (tool, _genkit_provider_json_get_string (call, "id"),
                                                           args ? args : empty);

          set_signature (part, p);
          if (gen->stream)
            _genkit_provider_send_chunk (gen->call, part);
          g_ptr_array_add (gen->parts, part);
        }
      else if ((inline_data = _genkit_provider_json_get_object (p, "inlineData")) != NULL &&
               _genkit_provider_json_get_string (inline_data, "data") != NULL)
        {
          const char *mime = _genkit_provider_json_get_string (inline_data, "mimeType");
          g_autofree char *url = g_strdup_printf ("data:%s;base64,%s", mime ? mime : "application/octet-stream",
                                                  _genkit_provider_json_get_string (inline_data, "data"));
          GenkitPart *part = genkit_part_new_media (url, mime);

          if (gen->stream)
            _genkit_provider_send_chunk (gen->call, part);
          g_ptr_array_add (gen->parts, part);
        }
    }
  return TRUE;
}

static void
generation_return (Generation *gen)
{
  g_autoptr(GenkitMessage) message = NULL;
  g_autoptr(GenkitGenerationUsage) usage = usage_of (gen->usage);
  g_autoptr(GenkitGenerateResponse) response = NULL;

  if (gen->block_reason != NULL && gen->finish_reason == NULL)
    {
      g_autofree char *why = g_strdup_printf ("The prompt was blocked (%s)", gen->block_reason);

      response = _genkit_provider_response_new (NULL, GENKIT_FINISH_REASON_BLOCKED, why, usage);
      genkit_model_call_return_response (gen->call, response);
      return;
    }
  message = genkit_message_new (GENKIT_ROLE_MODEL);
  for (guint i = 0; i < gen->parts->len; i++)
    genkit_message_add_part (message, g_ptr_array_index (gen->parts, i));
  response = _genkit_provider_response_new (message, finish_reason_of (gen->finish_reason), NULL, usage);
  genkit_model_call_return_response (gen->call, response);
}

static gboolean
stream_event_cb (const char  *event,
                 JsonNode    *data,
                 gpointer     user_data,
                 GError     **error)
{
  if (data == NULL)
    return TRUE;
  return read_answer (user_data, data, error);
}

static void
generate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Generation *gen = user_data;
  g_autoptr(GenkitProviderReply) reply = NULL;
  GError *error = NULL;

  reply = _genkit_provider_client_request_finish (GENKIT_PROVIDER_CLIENT (object), result, &error);
  if (reply != NULL && !gen->stream)
    {
      if (reply->json == NULL)
        error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered without JSON", gen->label);
      else
        read_answer (gen, reply->json, &error);
    }
  if (error == NULL && gen->finish_reason == NULL && gen->block_reason == NULL)
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s ended the answer without a finish reason",
                         gen->label);
  if (error != NULL)
    genkit_model_call_return_error (gen->call, error);
  else
    generation_return (gen);
  generation_free (gen);
}

static void
googleai_generate (GenkitProviderPlugin  *plugin,
                   GenkitModelCall       *call,
                   GenkitGenerateRequest *request,
                   const char            *id,
                   const char            *api_key)
{
  GenkitGoogleaiPlugin *self = GENKIT_GOOGLEAI_PLUGIN (plugin);
  GenkitProviderClient *client = _genkit_provider_plugin_get_client (plugin);
  JsonObject *config = _genkit_provider_request_get_config (request);
  const char *version = _genkit_provider_json_get_string (config, "version");
  gboolean stream = genkit_model_call_is_streaming (call);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *url = model_url (self, config, version ? version : id,
                                    stream ? ":streamGenerateContent?alt=sse" : ":generateContent");
  const char *headers[] = { "x-goog-api-key", api_key, NULL };
  GError *error = NULL;
  Generation *gen;

  if ((body = build_body (request, &error)) == NULL)
    {
      genkit_model_call_return_error (call, error);
      return;
    }
  body_node = _genkit_provider_json_take_object (g_steal_pointer (&body));

  gen = g_new0 (Generation, 1);
  gen->call = g_object_ref (call);
  gen->label = g_strdup (genkit_provider_plugin_get_label (plugin));
  gen->parts = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_part_unref);
  gen->stream = stream;

  _genkit_provider_client_request_async (client, "POST", url, headers, body_node,
                                         stream ? GENKIT_PROVIDER_STREAM_SSE : GENKIT_PROVIDER_STREAM_NONE,
                                         stream ? stream_event_cb : NULL, gen,
                                         genkit_model_call_get_cancellable (call), generate_cb, gen);
}

/* Embeddings -------------------------------------------------------------------------------- */

/* batchEmbedContents answers `{"embeddings":[{"values":[...]}]}`. */
static GArray *
vector_of_item (JsonNode *item)
{
  if (!JSON_NODE_HOLDS_OBJECT (item))
    return NULL;
  return _genkit_provider_vector_of_array (_genkit_provider_json_get_array (json_node_get_object (item), "values"));
}

static void
googleai_embed (GenkitProviderPlugin *plugin,
                GenkitActionRun      *run,
                GPtrArray            *documents,
                JsonNode             *options,
                const char           *id,
                const char           *api_key)
{
  GenkitGoogleaiPlugin *self = GENKIT_GOOGLEAI_PLUGIN (plugin);
  JsonObject *opts = options && JSON_NODE_HOLDS_OBJECT (options) ? json_node_get_object (options) : NULL;
  g_autofree char *url = model_url (self, NULL, id, ":batchEmbedContents");
  g_autofree char *name = g_strdup_printf ("%s%s", strchr (id, '/') ? "" : "models/", id);
  const char *headers[] = { "x-goog-api-key", api_key, NULL };
  JsonObject *body = json_object_new ();
  JsonArray *requests = json_array_new ();
  g_autoptr(JsonNode) body_node = NULL;

  for (guint i = 0; i < documents->len; i++)
    {
      g_autofree char *text = genkit_document_get_text (g_ptr_array_index (documents, i));
      JsonObject *r = json_object_new ();
      JsonObject *content = json_object_new ();
      JsonArray *parts = json_array_new ();
      JsonObject *part = json_object_new ();

      json_object_set_string_member (part, "text", text);
      json_array_add_object_element (parts, part);
      json_object_set_array_member (content, "parts", parts);
      json_object_set_string_member (r, "model", name);
      json_object_set_object_member (r, "content", content);
      _genkit_provider_json_copy_member (r, "taskType", opts, "taskType");
      _genkit_provider_json_copy_member (r, "title", opts, "title");
      _genkit_provider_json_copy_member (r, "outputDimensionality", opts, "outputDimensionality");
      json_array_add_object_element (requests, r);
    }
  json_object_set_array_member (body, "requests", requests);
  body_node = _genkit_provider_json_take_object (body);

  _genkit_provider_embed_async (plugin, run, documents->len, url, headers, body_node,
                                _genkit_provider_embeddings_member, vector_of_item);
}

/* Discovery --------------------------------------------------------------------------------- */

static gboolean
array_has_string (JsonArray  *array,
                  const char *value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
          g_str_equal (json_node_get_string (node), value))
        return TRUE;
    }
  return FALSE;
}

/* models.list: what supports generateContent is a model, what supports embedContent an
 * embedder; ids lose their `models/`. */
static gboolean
read_model (GenkitProviderPlugin  *plugin,
            JsonObject            *item,
            const char           **id,
            const char           **kind)
{
  const char *name = _genkit_provider_json_get_string (item, "name");
  JsonArray *methods = _genkit_provider_json_get_array (item, "supportedGenerationMethods");

  if (name == NULL)
    return FALSE;
  if (array_has_string (methods, "generateContent"))
    *kind = "model";
  else if (array_has_string (methods, "embedContent"))
    *kind = "embedder";
  else
    return FALSE;
  *id = g_str_has_prefix (name, "models/") ? name + strlen ("models/") : name;
  return TRUE;
}

static void
googleai_discover (GenkitProviderPlugin *plugin,
                   const char           *api_key,
                   GCancellable         *cancellable,
                   GAsyncReadyCallback   callback,
                   gpointer              user_data)
{
  GenkitGoogleaiPlugin *self = GENKIT_GOOGLEAI_PLUGIN (plugin);
  g_autofree char *url = g_strdup_printf ("%s/%s/models?pageSize=1000",
                                          genkit_provider_plugin_get_base_url (plugin), self->api_version);
  const char *headers[] = { "x-goog-api-key", api_key, NULL };

  _genkit_provider_discover_async (plugin, url, headers, 0, "models", read_model, cancellable, callback, user_data);
}

/* The object -------------------------------------------------------------------------------- */

static void
genkit_googleai_plugin_constructed (GObject *object)
{
  GenkitProviderPlugin *plugin = GENKIT_PROVIDER_PLUGIN (object);
  GenkitGoogleaiPlugin *self = GENKIT_GOOGLEAI_PLUGIN (object);
  static const char * const env[] = { "GEMINI_API_KEY", "GOOGLE_API_KEY", "GOOGLE_GENAI_API_KEY", NULL };

  G_OBJECT_CLASS (genkit_googleai_plugin_parent_class)->constructed (object);

  _genkit_provider_plugin_set_key_env_vars (plugin, env);
  if (self->api_version == NULL)
    self->api_version = g_strdup ("v1beta");
  _genkit_provider_plugin_set_default_base_url (plugin, "GOOGLE_GEMINI_BASE_URL",
                                                "https://generativelanguage.googleapis.com");
}

static void
genkit_googleai_plugin_finalize (GObject *object)
{
  g_free (GENKIT_GOOGLEAI_PLUGIN (object)->api_version);
  G_OBJECT_CLASS (genkit_googleai_plugin_parent_class)->finalize (object);
}

static void
genkit_googleai_plugin_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  if (prop_id == PROP_API_VERSION)
    g_value_set_string (value, GENKIT_GOOGLEAI_PLUGIN (object)->api_version);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
genkit_googleai_plugin_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  GenkitGoogleaiPlugin *self = GENKIT_GOOGLEAI_PLUGIN (object);

  if (prop_id == PROP_API_VERSION)
    {
      g_free (self->api_version);
      self->api_version = g_value_dup_string (value);
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
genkit_googleai_plugin_class_init (GenkitGoogleaiPluginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GenkitProviderPluginClass *provider_class = GENKIT_PROVIDER_PLUGIN_CLASS (klass);

  object_class->constructed = genkit_googleai_plugin_constructed;
  object_class->finalize = genkit_googleai_plugin_finalize;
  object_class->get_property = genkit_googleai_plugin_get_property;
  object_class->set_property = genkit_googleai_plugin_set_property;
  provider_class->model_info = googleai_model_info;
  provider_class->embedder_info = googleai_embedder_info;
  provider_class->list_known = googleai_list_known;
  provider_class->generate = googleai_generate;
  provider_class->embed = googleai_embed;
  provider_class->discover = googleai_discover;
  provider_class->discover_finish = _genkit_provider_discover_finish;

  /**
   * GenkitGoogleaiPlugin:api-version:
   *
   * The Gemini API version in request paths, `v1beta` by default.
   */
  properties[PROP_API_VERSION] =
    g_param_spec_string ("api-version", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_googleai_plugin_init (GenkitGoogleaiPlugin *self)
{
}

/**
 * genkit_googleai_plugin_new:
 *
 * Makes the `googleai` plugin.
 *
 * Returns: (transfer full): the plugin
 */
GenkitProviderPlugin *
genkit_googleai_plugin_new (void)
{
  return g_object_new (GENKIT_TYPE_GOOGLEAI_PLUGIN, "name", "googleai", "label", "Google AI", NULL);
}
