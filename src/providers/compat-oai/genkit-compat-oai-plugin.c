/* genkit-compat-oai-plugin.c — OpenAI and every OpenAI-compatible chat completions API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-compat-oai-plugin.h"
#include "genkit-provider-private.h"

/**
 * GenkitCompatOaiPlugin:
 *
 * The chat completions API of OpenAI (`POST /chat/completions`, `POST /embeddings`,
 * `GET /models`), which many providers speak too. Presets name the ones Genkit users reach
 * for — `openai`, `deepseek`, `xai`, `groq`, `mistral`, `openrouter`, `together` — each with
 * its base URL, the environment variables of its key and base URL, and what it accepts;
 * [ctor@Genkit.CompatOaiPlugin.new] takes any other base URL (a gateway, vLLM, LM Studio…).
 *
 * Streaming is SSE (`data: {chunk}` … `data: [DONE]`), with usage asked for in the last chunk
 * where the provider supports `stream_options`. Tools map to `tools`/`tool_choice`, tool calls
 * stream as argument fragments and come back as `toolRequest` parts; JSON output uses
 * `response_format` (`json_schema` with a schema where supported, `json_object` otherwise);
 * images, audio (base64 data: URLs) and PDFs go as `image_url` (with `config.visualDetailLevel`
 * as its `detail`), `input_audio` and `file` parts. A `reasoning_content` (DeepSeek, xAI)
 * or `reasoning` (OpenRouter) field becomes `reasoning` parts, and reasoning parts in the
 * history are never sent back (DeepSeek rejects them). DeepSeek's reasoner ignores
 * `temperature` and `topP`: they are dropped with a warning.
 */

typedef struct
{
  const char *name;
  const char *label;
  const char *base_url;
  const char *base_url_env;
  const char *key_env[3];
  gboolean    json_schema;          /* response_format json_schema (else json_object) */
  gboolean    include_usage;        /* stream_options.include_usage */
  gboolean    max_completion_tokens;
  gboolean    media;
  const char *models[12];
  const char *embedders[4];
} Preset;

static const Preset presets[] = {
  { "openai", "OpenAI", "https://api.openai.com/v1", "OPENAI_BASE_URL", { "OPENAI_API_KEY" },
    TRUE, TRUE, TRUE, TRUE,
    { "gpt-5", "gpt-5-mini", "gpt-5-nano", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano", "gpt-4o",
      "gpt-4o-mini", "o3", "o4-mini" },
    { "text-embedding-3-small", "text-embedding-3-large", "text-embedding-ada-002" } },
  { "deepseek", "DeepSeek", "https://api.deepseek.com", "DEEPSEEK_BASE_URL", { "DEEPSEEK_API_KEY" },
    FALSE, TRUE, FALSE, FALSE,
    { "deepseek-chat", "deepseek-reasoner" }, { NULL } },
  { "xai", "xAI", "https://api.x.ai/v1", "XAI_BASE_URL", { "XAI_API_KEY" },
    TRUE, TRUE, FALSE, TRUE,
    { "grok-4", "grok-3", "grok-3-mini" }, { NULL } },
  { "groq", "Groq", "https://api.groq.com/openai/v1", "GROQ_BASE_URL", { "GROQ_API_KEY" },
    TRUE, TRUE, FALSE, FALSE,
    { "llama-3.3-70b-versatile", "llama-3.1-8b-instant", "openai/gpt-oss-120b" }, { NULL } },
  { "mistral", "Mistral AI", "https://api.mistral.ai/v1", "MISTRAL_BASE_URL", { "MISTRAL_API_KEY" },
    TRUE, FALSE, FALSE, TRUE,
    { "mistral-large-latest", "mistral-medium-latest", "mistral-small-latest", "codestral-latest" },
    { "mistral-embed" } },
  { "openrouter", "OpenRouter", "https://openrouter.ai/api/v1", "OPENROUTER_BASE_URL",
    { "OPENROUTER_API_KEY" }, TRUE, TRUE, FALSE, TRUE,
    { "openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5", "google/gemini-2.5-flash" }, { NULL } },
  { "together", "Together AI", "https://api.together.xyz/v1", "TOGETHER_BASE_URL",
    { "TOGETHER_API_KEY" }, TRUE, TRUE, FALSE, TRUE,
    { "meta-llama/Llama-3.3-70B-Instruct-Turbo", "deepseek-ai/DeepSeek-V3" },
    { "BAAI/bge-large-en-v1.5" } },
};

static const char * const preset_names[] = {
  "openai", "deepseek", "xai", "groq", "mistral", "openrouter", "together", NULL,
};

/* What a compatible server that is no preset gets: the common subset. */
static const Preset generic_preset = {
  NULL, NULL, NULL, NULL, { NULL }, TRUE, FALSE, FALSE, TRUE, { NULL }, { NULL },
};

struct _GenkitCompatOaiPlugin
{
  GenkitProviderPlugin  parent_instance;

  char                 *preset_name;
  const Preset         *preset;
  char                 *key_env_var;    /* for a plugin made with _new() */
};

G_DEFINE_FINAL_TYPE (GenkitCompatOaiPlugin, genkit_compat_oai_plugin, GENKIT_TYPE_PROVIDER_PLUGIN)

enum
{
  PROP_0,
  PROP_PRESET,
  PROP_KEY_ENV_VAR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char config_schema_json[] =
  "{\"type\": \"object\", \"properties\": {"
  "\"version\": {\"type\": \"string\", \"description\": \"A model id to call instead of this model's\"},"
  "\"temperature\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 2},"
  "\"maxOutputTokens\": {\"type\": \"integer\", \"minimum\": 1},"
  "\"topP\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1},"
  "\"stopSequences\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, \"maxItems\": 4},"
  "\"frequencyPenalty\": {\"type\": \"number\", \"minimum\": -2, \"maximum\": 2},"
  "\"presencePenalty\": {\"type\": \"number\", \"minimum\": -2, \"maximum\": 2},"
  "\"seed\": {\"type\": \"integer\"},"
  "\"user\": {\"type\": \"string\"},"
  "\"reasoningEffort\": {\"type\": \"string\", \"enum\": [\"minimal\", \"low\", \"medium\", \"high\"]},"
  "\"visualDetailLevel\": {\"type\": \"string\", \"enum\": [\"auto\", \"low\", \"high\"],"
  "  \"description\": \"How closely images are looked at (their detail)\"}"
  "}, \"additionalProperties\": true}";

static const char embed_schema_json[] =
  "{\"type\": \"object\", \"properties\": {"
  "\"dimensions\": {\"type\": \"integer\", \"minimum\": 1},"
  "\"user\": {\"type\": \"string\"}"
  "}, \"additionalProperties\": true}";

/* Config keys in Genkit's names, and where they go in the request body. */
static const struct { const char *genkit; const char *body; } config_map[] = {
  { "temperature", "temperature" },
  { "topP", "top_p" },
  { "topK", "top_k" },
  { "stopSequences", "stop" },
  { "frequencyPenalty", "frequency_penalty" },
  { "presencePenalty", "presence_penalty" },
  { "seed", "seed" },
  { "user", "user" },
  { "reasoningEffort", "reasoning_effort" },
};

static gboolean
is_reasoner (GenkitCompatOaiPlugin *self,
             const char            *id)
{
  return g_strcmp0 (self->preset_name, "deepseek") == 0 &&
         (strstr (id, "reasoner") != NULL || strstr (id, "-r1") != NULL);
}

/* Description ------------------------------------------------------------------------------ */

static JsonObject *
compat_model_info (GenkitProviderPlugin *plugin,
                   const char           *id)
{
  GenkitCompatOaiPlugin *self = GENKIT_COMPAT_OAI_PLUGIN (plugin);
  g_autoptr(JsonObject) schema = _genkit_provider_json_object_parse (config_schema_json);
  g_autoptr(JsonNode) schema_node = _genkit_provider_json_take_object (g_steal_pointer (&schema));
  g_autofree char *label = g_strdup_printf ("%s - %s", genkit_provider_plugin_get_label (plugin), id);

  return _genkit_provider_model_info_new (label, TRUE, self->preset->media, TRUE, TRUE,
                                 self->preset->json_schema ? "all" : "none", schema_node);
}

static gboolean
looks_like_embedder (const char *id)
{
  g_autofree char *lower = g_ascii_strdown (id, -1);

  return strstr (lower, "embed") != NULL || g_str_has_prefix (lower, "baai/bge") ||
         strstr (lower, "/bge-") != NULL;
}

static JsonObject *
compat_embedder_info (GenkitProviderPlugin *plugin,
                      const char           *id)
{
  JsonObject *described = json_object_new ();
  JsonObject *info = json_object_new ();
  JsonObject *supports = json_object_new ();
  JsonArray *input = json_array_new ();
  g_autofree char *label = g_strdup_printf ("%s - %s", genkit_provider_plugin_get_label (plugin), id);
  static const struct { const char *id; int dimensions; } known[] = {
    { "text-embedding-3-small", 1536 }, { "text-embedding-3-large", 3072 },
    { "text-embedding-ada-002", 1536 }, { "mistral-embed", 1024 }, { "BAAI/bge-large-en-v1.5", 1024 },
  };

  json_object_set_string_member (info, "label", label);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (id, known[i].id))
      json_object_set_int_member (info, "dimensions", known[i].dimensions);
  json_array_add_string_element (input, "text");
  json_object_set_array_member (supports, "input", input);
  json_object_set_object_member (info, "supports", supports);
  json_object_set_object_member (described, "info", info);
  json_object_set_object_member (described, "configSchema", _genkit_provider_json_object_parse (embed_schema_json));
  return described;
}

static void
compat_list_known (GenkitProviderPlugin *plugin,
                   GPtrArray            *models,
                   GPtrArray            *embedders)
{
  GenkitCompatOaiPlugin *self = GENKIT_COMPAT_OAI_PLUGIN (plugin);

  for (guint i = 0; i < G_N_ELEMENTS (self->preset->models) && self->preset->models[i]; i++)
    g_ptr_array_add (models, g_strdup (self->preset->models[i]));
  for (guint i = 0; i < G_N_ELEMENTS (self->preset->embedders) && self->preset->embedders[i]; i++)
    g_ptr_array_add (embedders, g_strdup (self->preset->embedders[i]));
}

/* The request ------------------------------------------------------------------------------ */

/* `input_audio`'s `format` for an audio content type: OpenAI takes `wav` and `mp3`; gateways
 * that take more (OpenRouter: `flac`, `ogg`, `aac`…) get the subtype. */
static char *
audio_format_of (const char *content_type)
{
  const char *subtype = content_type + strlen ("audio/");
  g_autofree char *bare = g_strndup (subtype, strcspn (subtype, ";"));
  static const char * const wav[] = { "wav", "wave", "x-wav", "vnd.wave", "x-pn-wav", NULL };
  static const char * const mp3[] = { "mpeg", "mp3", "x-mp3", "mpeg3", "x-mpeg-3", NULL };

  g_strstrip (bare);
  if (g_strv_contains (wav, bare))
    return g_strdup ("wav");
  if (g_strv_contains (mp3, bare))
    return g_strdup ("mp3");
  return g_strdup (g_str_has_prefix (bare, "x-") ? bare + 2 : bare);
}

/* Audio is sent inline: `{"type": "input_audio", "input_audio": {"data": base64, "format"}}`. */
static JsonObject *
content_part_of_audio (const char  *url,
                       const char  *content_type,
                       GError     **error)
{
  g_autofree char *base64 = NULL;
  g_autofree char *format = NULL;
  JsonObject *object;
  JsonObject *inner;

  if (url == NULL || !_genkit_provider_parse_data_url (url, NULL, &base64))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Audio goes to an OpenAI-compatible API as a base64 data: URL, not %s", url);
      return NULL;
    }
  format = audio_format_of (content_type);
  object = json_object_new ();
  inner = json_object_new ();
  json_object_set_string_member (object, "type", "input_audio");
  json_object_set_string_member (inner, "data", base64);
  json_object_set_string_member (inner, "format", format);
  json_object_set_object_member (object, "input_audio", inner);
  return object;
}

/* @detail: (nullable): `config.visualDetailLevel`, an image's `detail` (auto, low, high) */
static JsonObject *
content_part_of_media (GenkitPart  *part,
                       const char  *detail,
                       GError     **error)
{
  const char *url = genkit_part_get_media_url (part);
  const char *content_type = genkit_part_get_media_content_type (part);
  g_autofree char *data_type = NULL;
  JsonObject *object;
  JsonObject *inner;

  if (url != NULL && g_str_has_prefix (url, "data:"))
    _genkit_provider_parse_data_url (url, &data_type, NULL);
  if (content_type == NULL)
    content_type = data_type;
  if (content_type != NULL && g_str_has_prefix (content_type, "audio/"))
    return content_part_of_audio (url, content_type, error);

  object = json_object_new ();
  inner = json_object_new ();

  if (content_type != NULL && g_str_equal (content_type, "application/pdf"))
    {
      if (data_type == NULL)
        {
          json_object_unref (object);
          json_object_unref (inner);
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "A PDF goes to an OpenAI-compatible API as a data: URL, not %s", url);
          return NULL;
        }
      json_object_set_string_member (object, "type", "file");
      json_object_set_string_member (inner, "filename", "document.pdf");
      json_object_set_string_member (inner, "file_data", url);
      json_object_set_object_member (object, "file", inner);
      return object;
    }
  if (content_type != NULL && !g_str_has_prefix (content_type, "image/"))
    {
      json_object_unref (object);
      json_object_unref (inner);
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "OpenAI-compatible chat takes images, audio and PDFs, not %s", content_type);
      return NULL;
    }
  json_object_set_string_member (object, "type", "image_url");
  json_object_set_string_member (inner, "url", url);
  if (detail != NULL)
    json_object_set_string_member (inner, "detail", detail);
  json_object_set_object_member (object, "image_url", inner);
  return object;
}

static gboolean
append_messages (JsonArray              *out,
                 GenkitGenerateRequest  *request,
                 GError                **error)
{
  const char *detail = _genkit_provider_json_get_string (_genkit_provider_request_get_config (request),
                                                         "visualDetailLevel");

  for (guint m = 0; m < genkit_generate_request_get_n_messages (request); m++)
    {
      g_autoptr(GenkitMessage) message = genkit_generate_request_get_message (request, m);
      GenkitRole role = genkit_message_get_role (message);
      guint n_parts = genkit_message_get_n_parts (message);

      if (role == GENKIT_ROLE_SYSTEM)
        {
          JsonObject *o = json_object_new ();
          g_autofree char *text = _genkit_provider_text_of_parts (message);

          json_object_set_string_member (o, "role", "system");
          json_object_set_string_member (o, "content", text);
          json_array_add_object_element (out, o);
        }
      else if (role == GENKIT_ROLE_USER)
        {
          JsonObject *o = json_object_new ();
          gboolean only_text = TRUE;

          for (guint i = 0; i < n_parts; i++)
            {
              g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);

              if (genkit_part_get_kind (part) != GENKIT_PART_KIND_TEXT)
                only_text = FALSE;
            }
          json_object_set_string_member (o, "role", "user");
          if (only_text)
            {
              g_autofree char *text = _genkit_provider_text_of_parts (message);

              json_object_set_string_member (o, "content", text);
            }
          else
            {
              JsonArray *content = json_array_new ();

              json_object_set_array_member (o, "content", content);
              for (guint i = 0; i < n_parts; i++)
                {
                  g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);

                  if (genkit_part_get_kind (part) == GENKIT_PART_KIND_TEXT)
                    {
                      JsonObject *p = json_object_new ();

                      json_object_set_string_member (p, "type", "text");
                      json_object_set_string_member (p, "text", genkit_part_get_text (part));
                      json_array_add_object_element (content, p);
                    }
                  else if (genkit_part_get_kind (part) == GENKIT_PART_KIND_MEDIA)
                    {
                      JsonObject *p = content_part_of_media (part, detail, error);

                      if (p == NULL)
                        {
                          json_object_unref (o);
                          return FALSE;
                        }
                      json_array_add_object_element (content, p);
                    }
                }
            }
          json_array_add_object_element (out, o);
        }
      else if (role == GENKIT_ROLE_MODEL)
        {
          JsonObject *o = json_object_new ();
          JsonArray *calls = json_array_new ();
          g_autofree char *text = _genkit_provider_text_of_parts (message);

          json_object_set_string_member (o, "role", "assistant");
          /* Reasoning parts stay out: DeepSeek answers 400 to a reasoning_content in input. */
          for (guint i = 0; i < n_parts; i++)
            {
              g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);
              JsonObject *call;
              JsonObject *function;
              const char *ref;

              if (genkit_part_get_kind (part) != GENKIT_PART_KIND_TOOL_REQUEST)
                continue;
              ref = genkit_part_get_tool_ref (part);
              call = json_object_new ();
              function = json_object_new ();
              json_object_set_string_member (call, "id", ref ? ref : genkit_part_get_tool_name (part));
              json_object_set_string_member (call, "type", "function");
              json_object_set_string_member (function, "name", genkit_part_get_tool_name (part));
              {
                g_autofree char *args = _genkit_provider_json_to_string (genkit_part_get_tool_input (part));

                json_object_set_string_member (function, "arguments",
                                               genkit_part_get_tool_input (part) ? args : "{}");
              }
              json_object_set_object_member (call, "function", function);
              json_array_add_object_element (calls, call);
            }
          if (*text != '\0' || json_array_get_length (calls) == 0)
            json_object_set_string_member (o, "content", text);
          else
            json_object_set_null_member (o, "content");
          if (json_array_get_length (calls) > 0)
            json_object_set_array_member (o, "tool_calls", calls);
          else
            json_array_unref (calls);
          json_array_add_object_element (out, o);
        }
      else if (role == GENKIT_ROLE_TOOL)
        {
          for (guint i = 0; i < n_parts; i++)
            {
              g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);
              JsonObject *o;
              const char *ref;
              g_autofree char *output = NULL;

              if (genkit_part_get_kind (part) != GENKIT_PART_KIND_TOOL_RESPONSE)
                continue;
              ref = genkit_part_get_tool_ref (part);
              output = _genkit_provider_tool_output_to_string (part);
              o = json_object_new ();
              json_object_set_string_member (o, "role", "tool");
              json_object_set_string_member (o, "tool_call_id", ref ? ref : genkit_part_get_tool_name (part));
              json_object_set_string_member (o, "content", output);
              json_array_add_object_element (out, o);
            }
        }
    }
  return TRUE;
}

static JsonObject *
build_body (GenkitCompatOaiPlugin  *self,
            GenkitGenerateRequest  *request,
            const char             *id,
            gboolean                stream,
            GError                **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *config = _genkit_provider_request_get_config (request);
  JsonObject *output = genkit_generate_request_get_output (request);
  JsonArray *messages = json_array_new ();
  const char *tool_choice = genkit_generate_request_get_tool_choice (request);
  const char *version = _genkit_provider_json_get_string (config, "version");
  gboolean reasoner = is_reasoner (self, version ? version : id);

  json_object_set_string_member (body, "model", version ? version : id);
  json_object_set_array_member (body, "messages", messages);
  if (!append_messages (messages, request, error))
    return NULL;

  if (genkit_generate_request_get_n_tools (request) > 0)
    {
      json_object_set_array_member (body, "tools", _genkit_provider_function_tools (request));
      if (tool_choice != NULL)
        json_object_set_string_member (body, "tool_choice", tool_choice);
    }

  if (output != NULL && g_strcmp0 (_genkit_provider_json_get_string (output, "format"), "json") == 0)
    {
      JsonObject *format = json_object_new ();
      JsonNode *schema = json_object_get_member (output, "schema");

      if (self->preset->json_schema && schema != NULL && JSON_NODE_HOLDS_OBJECT (schema))
        {
          JsonObject *json_schema = json_object_new ();

          json_object_set_string_member (format, "type", "json_schema");
          json_object_set_string_member (json_schema, "name", "output");
          json_object_set_member (json_schema, "schema", json_node_copy (schema));
          json_object_set_object_member (format, "json_schema", json_schema);
        }
      else
        json_object_set_string_member (format, "type", "json_object");
      json_object_set_object_member (body, "response_format", format);
    }

  if (config != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (config);

      if (reasoner && (json_object_has_member (config, "temperature") || json_object_has_member (config, "topP")))
        g_warning ("%s/%s ignores temperature and topP: DeepSeek's reasoning models do not sample "
                   "with them, so they are not sent", genkit_provider_plugin_get_name (GENKIT_PROVIDER_PLUGIN (self)),
                   version ? version : id);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          const char *to = NULL;
          gboolean known = FALSE;

          if (g_str_equal (key, "version") || g_str_equal (key, "apiKey") || g_str_equal (key, "visualDetailLevel"))
            continue;
          if (g_str_equal (key, "maxOutputTokens"))
            {
              _genkit_provider_json_copy_member (body, self->preset->max_completion_tokens ? "max_completion_tokens"
                                                                                 : "max_tokens",
                                        config, key);
              continue;
            }
          for (guint i = 0; i < G_N_ELEMENTS (config_map); i++)
            if (g_str_equal (key, config_map[i].genkit))
              {
                known = TRUE;
                to = config_map[i].body;
              }
          if (reasoner && (g_str_equal (key, "temperature") || g_str_equal (key, "topP")))
            continue;
          if (known && g_str_equal (key, "topK") && self->preset == &presets[0])
            continue;   /* OpenAI rejects top_k */
          /* Anything else is the provider's own parameter, passed as given. */
          _genkit_provider_json_copy_member (body, known ? to : key, config, key);
        }
    }

  if (stream)
    {
      json_object_set_boolean_member (body, "stream", TRUE);
      if (self->preset->include_usage)
        json_object_set_object_member (body, "stream_options",
                                       _genkit_provider_json_object_parse ("{\"include_usage\": true}"));
    }
  return g_steal_pointer (&body);
}

/* The answer -------------------------------------------------------------------------------- */

static GenkitFinishReason
finish_reason_of (const char *reason)
{
  if (reason == NULL)
    return GENKIT_FINISH_REASON_UNKNOWN;
  if (g_str_equal (reason, "stop") || g_str_equal (reason, "tool_calls") ||
      g_str_equal (reason, "function_call"))
    return GENKIT_FINISH_REASON_STOP;
  if (g_str_equal (reason, "length"))
    return GENKIT_FINISH_REASON_LENGTH;
  if (g_str_equal (reason, "content_filter"))
    return GENKIT_FINISH_REASON_BLOCKED;
  return GENKIT_FINISH_REASON_OTHER;
}

static GenkitGenerationUsage *
usage_of (JsonObject *usage)
{
  GenkitGenerationUsage *out = genkit_generation_usage_new ();

  if (usage == NULL)
    return out;
  _genkit_provider_usage_set (out, "inputTokens", usage, "prompt_tokens");
  _genkit_provider_usage_set (out, "outputTokens", usage, "completion_tokens");
  _genkit_provider_usage_set (out, "totalTokens", usage, "total_tokens");
  _genkit_provider_usage_set (out, "thoughtsTokens", _genkit_provider_json_get_object (usage, "completion_tokens_details"),
                     "reasoning_tokens");
  _genkit_provider_usage_set (out, "cachedContentTokens", _genkit_provider_json_get_object (usage, "prompt_tokens_details"),
                     "cached_tokens");
  return out;
}

static const char *
reasoning_of (JsonObject *object)
{
  const char *reasoning = _genkit_provider_json_get_string (object, "reasoning_content");

  return reasoning ? reasoning : _genkit_provider_json_get_string (object, "reasoning");
}

typedef struct
{
  char    *id;
  char    *name;
  GString *arguments;
} ToolCall;

static void
tool_call_free (ToolCall *call)
{
  g_free (call->id);
  g_free (call->name);
  g_string_free (call->arguments, TRUE);
  g_free (call);
}

typedef struct
{
  GenkitCompatOaiPlugin *self;
  GenkitModelCall       *call;
  char                  *model;
  GString               *text;
  GString               *reasoning;
  GPtrArray             *tool_calls;    /* ToolCall, by index */
  char                  *finish_reason;
  JsonObject            *usage;
  JsonObject            *raw_last;
  gboolean               done;
} Generation;

static void
generation_free (Generation *gen)
{
  g_clear_object (&gen->self);
  g_clear_object (&gen->call);
  g_free (gen->model);
  g_string_free (gen->text, TRUE);
  g_string_free (gen->reasoning, TRUE);
  g_ptr_array_unref (gen->tool_calls);
  g_free (gen->finish_reason);
  g_clear_pointer (&gen->usage, json_object_unref);
  g_clear_pointer (&gen->raw_last, json_object_unref);
  g_free (gen);
}

static GenkitGenerateResponse *
response_of_completion (JsonObject  *completion,
                        const char  *label,
                        GError     **error)
{
  JsonArray *choices = _genkit_provider_json_get_array (completion, "choices");
  JsonObject *choice;
  JsonObject *message;
  JsonArray *calls;
  g_autoptr(GenkitMessage) out = genkit_message_new (GENKIT_ROLE_MODEL);
  g_autoptr(GenkitGenerationUsage) usage = usage_of (_genkit_provider_json_get_object (completion, "usage"));
  const char *text;
  const char *refusal;

  if (choices == NULL || json_array_get_length (choices) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (choices, 0)))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered without a choice", label);
      return NULL;
    }
  choice = json_array_get_object_element (choices, 0);
  message = _genkit_provider_json_get_object (choice, "message");

  if (reasoning_of (message) != NULL && *reasoning_of (message) != '\0')
    {
      g_autoptr(GenkitPart) part = genkit_part_new_reasoning (reasoning_of (message));

      genkit_message_add_part (out, part);
    }
  text = _genkit_provider_json_get_string (message, "content");
  refusal = _genkit_provider_json_get_string (message, "refusal");
  if (text != NULL && *text != '\0')
    {
      g_autoptr(GenkitPart) part = genkit_part_new_text (text);

      genkit_message_add_part (out, part);
    }
  calls = _genkit_provider_json_get_array (message, "tool_calls");
  for (guint i = 0; calls != NULL && i < json_array_get_length (calls); i++)
    {
      JsonNode *item = json_array_get_element (calls, i);
      JsonObject *function;
      g_autoptr(JsonNode) input = NULL;
      g_autoptr(GenkitPart) part = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      function = _genkit_provider_json_get_object (json_node_get_object (item), "function");
      if (_genkit_provider_json_get_string (function, "name") == NULL)
        continue;
      input = _genkit_provider_parse_tool_arguments (_genkit_provider_json_get_string (function, "arguments"));
      part = genkit_part_new_tool_request (_genkit_provider_json_get_string (function, "name"),
                                           _genkit_provider_json_get_string (json_node_get_object (item), "id"),
                                           input);
      genkit_message_add_part (out, part);
    }
  if (refusal != NULL && genkit_message_get_n_parts (out) == 0)
    return _genkit_provider_response_new (out, GENKIT_FINISH_REASON_BLOCKED, refusal, usage);

  return _genkit_provider_response_new (out, finish_reason_of (_genkit_provider_json_get_string (choice, "finish_reason")),
                       NULL, usage);
}

static void
generate_plain_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Generation *gen = user_data;
  GenkitProviderClient *client = GENKIT_PROVIDER_CLIENT (object);
  g_autoptr(GenkitProviderReply) reply = NULL;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  GError *error = NULL;

  reply = _genkit_provider_client_request_finish (client, result, &error);
  if (reply != NULL && (reply->json == NULL || !JSON_NODE_HOLDS_OBJECT (reply->json)))
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered without a JSON object",
                         _genkit_provider_client_get_label (client));
  if (error == NULL)
    response = response_of_completion (json_node_get_object (reply->json),
                                       _genkit_provider_client_get_label (client), &error);
  if (response != NULL)
    genkit_model_call_return_response (gen->call, response);
  else
    genkit_model_call_return_error (gen->call, error);
  generation_free (gen);
}

static gboolean
stream_event_cb (const char  *event,
                 JsonNode    *data,
                 gpointer     user_data,
                 GError     **error)
{
  Generation *gen = user_data;
  JsonObject *chunk;
  JsonArray *choices;
  const char *label = genkit_provider_plugin_get_label (GENKIT_PROVIDER_PLUGIN (gen->self));

  if (data == NULL)
    {
      gen->done = TRUE;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (data))
    return TRUE;
  chunk = json_node_get_object (data);
  if (json_object_has_member (chunk, "error"))
    {
      g_propagate_error (error, _genkit_provider_error_from_body (label, data, GENKIT_ERROR_UNAVAILABLE, NULL));
      return FALSE;
    }
  if (_genkit_provider_json_get_object (chunk, "usage") != NULL)
    {
      g_clear_pointer (&gen->usage, json_object_unref);
      gen->usage = json_object_ref (_genkit_provider_json_get_object (chunk, "usage"));
    }

  choices = _genkit_provider_json_get_array (chunk, "choices");
  for (guint c = 0; choices != NULL && c < json_array_get_length (choices); c++)
    {
      JsonNode *item = json_array_get_element (choices, c);
      JsonObject *choice;
      JsonObject *delta;
      JsonArray *calls;
      const char *text;
      const char *reasoning;
      double index = 0;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      choice = json_node_get_object (item);
      if (_genkit_provider_json_get_number (choice, "index", &index) && index != 0)
        continue;   /* Genkit asks for one candidate */
      if (_genkit_provider_json_get_string (choice, "finish_reason") != NULL)
        {
          g_free (gen->finish_reason);
          gen->finish_reason = g_strdup (_genkit_provider_json_get_string (choice, "finish_reason"));
        }
      delta = _genkit_provider_json_get_object (choice, "delta");
      if (delta == NULL)
        continue;

      reasoning = reasoning_of (delta);
      if (reasoning != NULL && *reasoning != '\0')
        {
          g_autoptr(GenkitPart) part = genkit_part_new_reasoning (reasoning);

          g_string_append (gen->reasoning, reasoning);
          _genkit_provider_send_chunk (gen->call, part);
        }
      text = _genkit_provider_json_get_string (delta, "content");
      if (text != NULL && *text != '\0')
        {
          g_autoptr(GenkitPart) part = genkit_part_new_text (text);

          g_string_append (gen->text, text);
          _genkit_provider_send_chunk (gen->call, part);
        }

      calls = _genkit_provider_json_get_array (delta, "tool_calls");
      for (guint i = 0; calls != NULL && i < json_array_get_length (calls); i++)
        {
          JsonNode *call_node = json_array_get_element (calls, i);
          JsonObject *call_object;
          JsonObject *function;
          double position = i;
          ToolCall *call;

          if (!JSON_NODE_HOLDS_OBJECT (call_node))
            continue;
          call_object = json_node_get_object (call_node);
          _genkit_provider_json_get_number (call_object, "index", &position);
          if (position < 0 || position > 1024)
            {
              g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                           "%s streamed a tool call with index %g", label, position);
              return FALSE;
            }
          while (gen->tool_calls->len <= (guint) position)
            {
              ToolCall *empty = g_new0 (ToolCall, 1);

              empty->arguments = g_string_new (NULL);
              g_ptr_array_add (gen->tool_calls, empty);
            }
          call = g_ptr_array_index (gen->tool_calls, (guint) position);
          if (_genkit_provider_json_get_string (call_object, "id") != NULL)
            {
              g_free (call->id);
              call->id = g_strdup (_genkit_provider_json_get_string (call_object, "id"));
            }
          function = _genkit_provider_json_get_object (call_object, "function");
          if (_genkit_provider_json_get_string (function, "name") != NULL)
            {
              g_free (call->name);
              call->name = g_strdup (_genkit_provider_json_get_string (function, "name"));
            }
          if (_genkit_provider_json_get_string (function, "arguments") != NULL)
            g_string_append (call->arguments, _genkit_provider_json_get_string (function, "arguments"));
        }
    }
  return TRUE;
}

static void
generate_stream_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Generation *gen = user_data;
  GenkitProviderClient *client = GENKIT_PROVIDER_CLIENT (object);
  g_autoptr(GenkitProviderReply) reply = NULL;
  g_autoptr(GenkitMessage) message = NULL;
  g_autoptr(GenkitGenerationUsage) usage = NULL;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  GError *error = NULL;

  reply = _genkit_provider_client_request_finish (client, result, &error);
  if (reply == NULL)
    {
      genkit_model_call_return_error (gen->call, error);
      generation_free (gen);
      return;
    }
  if (!gen->done && gen->finish_reason == NULL)
    {
      genkit_model_call_return_new_error (gen->call, GENKIT_ERROR_DATA_LOSS,
                                          "%s ended the stream before the answer was complete",
                                          _genkit_provider_client_get_label (client));
      generation_free (gen);
      return;
    }

  message = genkit_message_new (GENKIT_ROLE_MODEL);
  if (gen->reasoning->len > 0)
    {
      g_autoptr(GenkitPart) part = genkit_part_new_reasoning (gen->reasoning->str);

      genkit_message_add_part (message, part);
    }
  if (gen->text->len > 0)
    {
      g_autoptr(GenkitPart) part = genkit_part_new_text (gen->text->str);

      genkit_message_add_part (message, part);
    }
  for (guint i = 0; i < gen->tool_calls->len; i++)
    {
      ToolCall *call = g_ptr_array_index (gen->tool_calls, i);
      g_autoptr(JsonNode) input = NULL;
      g_autoptr(GenkitPart) part = NULL;

      if (call->name == NULL)
        continue;
      input = _genkit_provider_parse_tool_arguments (call->arguments->str);
      part = genkit_part_new_tool_request (call->name, call->id, input);
      _genkit_provider_send_chunk (gen->call, part);
      genkit_message_add_part (message, part);
    }

  usage = usage_of (gen->usage);
  response = _genkit_provider_response_new (message, finish_reason_of (gen->finish_reason), NULL, usage);
  genkit_model_call_return_response (gen->call, response);
  generation_free (gen);
}

static void
compat_generate (GenkitProviderPlugin  *plugin,
                 GenkitModelCall       *call,
                 GenkitGenerateRequest *request,
                 const char            *id,
                 const char            *api_key)
{
  GenkitCompatOaiPlugin *self = GENKIT_COMPAT_OAI_PLUGIN (plugin);
  GenkitProviderClient *client = _genkit_provider_plugin_get_client (plugin);
  gboolean stream = genkit_model_call_is_streaming (call);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *url = _genkit_provider_plugin_build_url (plugin, "/chat/completions");
  g_autofree char *bearer = api_key ? g_strconcat ("Bearer ", api_key, NULL) : NULL;
  const char *headers[] = { "Authorization", bearer, "X-Title", "Genkit Studio", NULL };
  GError *error = NULL;
  Generation *gen;

  if (bearer == NULL)
    headers[0] = NULL;
  else if (g_strcmp0 (self->preset_name, "openrouter") != 0)
    headers[2] = NULL;

  if ((body = build_body (self, request, id, stream, &error)) == NULL)
    {
      genkit_model_call_return_error (call, error);
      return;
    }
  body_node = _genkit_provider_json_take_object (g_steal_pointer (&body));

  gen = g_new0 (Generation, 1);
  gen->self = g_object_ref (self);
  gen->call = g_object_ref (call);
  gen->model = g_strdup (id);
  gen->text = g_string_new (NULL);
  gen->reasoning = g_string_new (NULL);
  gen->tool_calls = g_ptr_array_new_with_free_func ((GDestroyNotify) tool_call_free);

  _genkit_provider_client_request_async (client, "POST", url, headers, body_node,
                                         stream ? GENKIT_PROVIDER_STREAM_SSE : GENKIT_PROVIDER_STREAM_NONE,
                                         stream ? stream_event_cb : NULL, gen,
                                         genkit_model_call_get_cancellable (call),
                                         stream ? generate_stream_cb : generate_plain_cb, gen);
}

/* Embeddings -------------------------------------------------------------------------------- */

typedef struct
{
  GenkitActionRun *run;
  guint            n_documents;
} Embedding;

static void
embed_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Embedding *emb = user_data;
  GenkitProviderClient *client = GENKIT_PROVIDER_CLIENT (object);
  g_autoptr(GenkitProviderReply) reply = NULL;
  g_autoptr(GPtrArray) vectors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  JsonArray *data = NULL;
  GError *error = NULL;

  reply = _genkit_provider_client_request_finish (client, result, &error);
  if (reply != NULL && reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json))
    data = _genkit_provider_json_get_array (json_node_get_object (reply->json), "data");
  if (reply != NULL && (data == NULL || json_array_get_length (data) != emb->n_documents))
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                         "%s answered without one embedding per document",
                         _genkit_provider_client_get_label (client));
  for (guint i = 0; error == NULL && i < emb->n_documents; i++)
    g_ptr_array_add (vectors, NULL);
  for (guint i = 0; error == NULL && i < json_array_get_length (data); i++)
    {
      JsonNode *item = json_array_get_element (data, i);
      JsonArray *values;
      double index = i;
      GArray *vector;

      if (!JSON_NODE_HOLDS_OBJECT (item) ||
          (values = _genkit_provider_json_get_array (json_node_get_object (item), "embedding")) == NULL)
        {
          error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered with a malformed embedding",
                               _genkit_provider_client_get_label (client));
          break;
        }
      _genkit_provider_json_get_number (json_node_get_object (item), "index", &index);
      if (index < 0 || index >= emb->n_documents || g_ptr_array_index (vectors, (guint) index) != NULL)
        {
          error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered with embedding index %g",
                               _genkit_provider_client_get_label (client), index);
          break;
        }
      if ((vector = _genkit_provider_vector_of_array (values)) == NULL)
        {
          error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered with a malformed embedding",
                               _genkit_provider_client_get_label (client));
          break;
        }
      g_ptr_array_index (vectors, (guint) index) = vector;
    }

  if (error != NULL)
    genkit_action_run_return_error (emb->run, error);
  else
    genkit_embedder_return_vectors (emb->run, vectors);
  g_object_unref (emb->run);
  g_free (emb);
}

static void
compat_embed (GenkitProviderPlugin *plugin,
              GenkitActionRun      *run,
              GPtrArray            *documents,
              JsonNode             *options,
              const char           *id,
              const char           *api_key)
{
  GenkitProviderClient *client = _genkit_provider_plugin_get_client (plugin);
  g_autofree char *url = _genkit_provider_plugin_build_url (plugin, "/embeddings");
  g_autofree char *bearer = api_key ? g_strconcat ("Bearer ", api_key, NULL) : NULL;
  const char *headers[] = { "Authorization", bearer, NULL };
  JsonObject *body = json_object_new ();
  JsonArray *input = json_array_new ();
  g_autoptr(JsonNode) body_node = NULL;
  Embedding *emb;

  if (bearer == NULL)
    headers[0] = NULL;
  json_object_set_string_member (body, "model", id);
  for (guint i = 0; i < documents->len; i++)
    {
      g_autofree char *text = genkit_document_get_text (g_ptr_array_index (documents, i));

      json_array_add_string_element (input, text);
    }
  json_object_set_array_member (body, "input", input);
  json_object_set_string_member (body, "encoding_format", "float");
  if (options != NULL && JSON_NODE_HOLDS_OBJECT (options))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (options));

      for (GList *l = members; l != NULL; l = l->next)
        _genkit_provider_json_copy_member (body, l->data, json_node_get_object (options), l->data);
    }
  body_node = _genkit_provider_json_take_object (body);

  emb = g_new0 (Embedding, 1);
  emb->run = g_object_ref (run);
  emb->n_documents = documents->len;
  _genkit_provider_client_request_async (client, "POST", url, headers, body_node,
                                         GENKIT_PROVIDER_STREAM_NONE, NULL, NULL,
                                         genkit_action_run_get_cancellable (run), embed_cb, emb);
}

/* Discovery --------------------------------------------------------------------------------- */

static gboolean
is_chat_model (GenkitCompatOaiPlugin *self,
               const char            *id)
{
  static const char * const not_chat[] = {
    "whisper", "tts", "dall-e", "moderation", "davinci", "babbage", "transcribe", "realtime",
    "audio", "image", "search", "sora", NULL,
  };

  if (self->preset != &presets[0])
    return TRUE;
  for (guint i = 0; not_chat[i] != NULL; i++)
    if (strstr (id, not_chat[i]) != NULL)
      return FALSE;
  return TRUE;
}

/* /models: embedding models by their names, chat models by the plugin's rules; the rest (TTS,
 * image, moderation models) is left out. */
static gboolean
read_model (GenkitProviderPlugin  *plugin,
            JsonObject            *item,
            const char           **id,
            const char           **kind)
{
  if ((*id = _genkit_provider_json_get_string (item, "id")) == NULL)
    return FALSE;
  if (looks_like_embedder (*id))
    *kind = "embedder";
  else if (is_chat_model (GENKIT_COMPAT_OAI_PLUGIN (plugin), *id))
    *kind = "model";
  else
    return FALSE;
  return TRUE;
}

static void
compat_discover (GenkitProviderPlugin *plugin,
                 const char           *api_key,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data)
{
  g_autofree char *url = _genkit_provider_plugin_build_url (plugin, "/models");
  g_autofree char *bearer = api_key ? g_strconcat ("Bearer ", api_key, NULL) : NULL;
  const char *headers[] = { "Authorization", bearer, NULL };

  if (bearer == NULL)
    headers[0] = NULL;
  _genkit_provider_discover_async (plugin, url, headers, 0, "data", read_model, cancellable, callback, user_data);
}

/* The object -------------------------------------------------------------------------------- */

static void
genkit_compat_oai_plugin_constructed (GObject *object)
{
  GenkitCompatOaiPlugin *self = GENKIT_COMPAT_OAI_PLUGIN (object);
  GenkitProviderPlugin *plugin = GENKIT_PROVIDER_PLUGIN (object);

  self->preset = &generic_preset;
  for (guint i = 0; self->preset_name != NULL && i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].name, self->preset_name))
      self->preset = &presets[i];

  G_OBJECT_CLASS (genkit_compat_oai_plugin_parent_class)->constructed (object);

  if (self->preset != &generic_preset)
    {
      _genkit_provider_plugin_set_key_env_vars (plugin, self->preset->key_env);
      _genkit_provider_plugin_set_default_base_url (plugin, self->preset->base_url_env, self->preset->base_url);
    }
  else
    {
      const char *vars[] = { self->key_env_var, NULL };

      _genkit_provider_plugin_set_key_env_vars (plugin, vars);
      /* A local server (vLLM, LM Studio, llama.cpp) takes no key. */
      _genkit_provider_plugin_set_key_required (plugin, self->key_env_var != NULL);
    }
}

static void
genkit_compat_oai_plugin_finalize (GObject *object)
{
  GenkitCompatOaiPlugin *self = GENKIT_COMPAT_OAI_PLUGIN (object);

  g_free (self->preset_name);
  g_free (self->key_env_var);

  G_OBJECT_CLASS (genkit_compat_oai_plugin_parent_class)->finalize (object);
}

static void
genkit_compat_oai_plugin_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  GenkitCompatOaiPlugin *self = GENKIT_COMPAT_OAI_PLUGIN (object);

  switch (prop_id)
    {
    case PROP_PRESET:
      g_value_set_string (value, self->preset_name);
      break;
    case PROP_KEY_ENV_VAR:
      g_value_set_string (value, self->key_env_var);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_compat_oai_plugin_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  GenkitCompatOaiPlugin *self = GENKIT_COMPAT_OAI_PLUGIN (object);

  switch (prop_id)
    {
    case PROP_PRESET:
      self->preset_name = g_value_dup_string (value);
      break;
    case PROP_KEY_ENV_VAR:
      self->key_env_var = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_compat_oai_plugin_class_init (GenkitCompatOaiPluginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GenkitProviderPluginClass *provider_class = GENKIT_PROVIDER_PLUGIN_CLASS (klass);

  object_class->constructed = genkit_compat_oai_plugin_constructed;
  object_class->finalize = genkit_compat_oai_plugin_finalize;
  object_class->get_property = genkit_compat_oai_plugin_get_property;
  object_class->set_property = genkit_compat_oai_plugin_set_property;

  provider_class->model_info = compat_model_info;
  provider_class->embedder_info = compat_embedder_info;
  provider_class->list_known = compat_list_known;
  provider_class->generate = compat_generate;
  provider_class->embed = compat_embed;
  provider_class->discover = compat_discover;
  provider_class->discover_finish = _genkit_provider_discover_finish;

  /**
   * GenkitCompatOaiPlugin:preset:
   *
   * The preset (`openai`, `deepseek`, `xai`, `groq`, `mistral`, `openrouter`, `together`), or
   * %NULL for any other compatible server.
   */
  properties[PROP_PRESET] =
    g_param_spec_string ("preset", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GenkitCompatOaiPlugin:key-env-var:
   *
   * For a plugin without a preset: the environment variable holding its key, or %NULL for a
   * server that takes none.
   */
  properties[PROP_KEY_ENV_VAR] =
    g_param_spec_string ("key-env-var", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_compat_oai_plugin_init (GenkitCompatOaiPlugin *self)
{
}

/**
 * genkit_compat_oai_plugin_list_presets:
 *
 * Returns: (transfer none): the preset names, which are also the plugins' names
 */
const char * const *
genkit_compat_oai_plugin_list_presets (void)
{
  return preset_names;
}

/**
 * genkit_compat_oai_plugin_new_preset:
 * @preset: `openai`, `deepseek`, `xai`, `groq`, `mistral`, `openrouter` or `together`
 *
 * Makes the plugin of a known OpenAI-compatible provider, named after it.
 *
 * Returns: (transfer full) (nullable): the plugin, or %NULL for an unknown preset
 */
GenkitProviderPlugin *
genkit_compat_oai_plugin_new_preset (const char *preset)
{
  g_return_val_if_fail (preset != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].name, preset))
      return g_object_new (GENKIT_TYPE_COMPAT_OAI_PLUGIN,
                           "name", presets[i].name,
                           "label", presets[i].label,
                           "preset", presets[i].name,
                           NULL);
  return NULL;
}

/**
 * genkit_compat_oai_plugin_new:
 * @name: the plugin's name (its namespace), e.g. `vllm`
 * @label: (nullable): its name for people
 * @base_url: the API's base URL, up to and including `/v1` when the server has it
 * @api_key_env_var: (nullable): the environment variable of its key; %NULL for a server that
 *   takes no key
 *
 * Makes a plugin for any OpenAI-compatible server.
 *
 * Returns: (transfer full): the plugin
 */
GenkitProviderPlugin *
genkit_compat_oai_plugin_new (const char *name,
                              const char *label,
                              const char *base_url,
                              const char *api_key_env_var)
{
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  return g_object_new (GENKIT_TYPE_COMPAT_OAI_PLUGIN,
                       "name", name,
                       "label", label ? label : name,
                       "base-url", base_url,
                       "key-env-var", api_key_env_var,
                       NULL);
}
