/* genkit-cloudflare-plugin.c — Cloudflare Workers AI: text generation, embeddings, images
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-cloudflare-plugin.h"
#include "genkit-provider-private.h"

/**
 * GenkitCloudflarePlugin:
 *
 * Workers AI's REST API: `POST {base}/accounts/{account}/ai/run/{model}` with a bearer token,
 * where `{base}` is `https://api.cloudflare.com/client/v4` (or `CLOUDFLARE_API_BASE_URL`), the
 * account `CLOUDFLARE_ACCOUNT_ID` (or the `account-id` property) and the token
 * `CLOUDFLARE_API_TOKEN` (or the keyring). Model ids are Workers AI's own, slashes and all:
 * `cloudflare-workers-ai/@cf/meta/llama-3.1-8b-instruct`.
 *
 * Text models take `messages` and answer `{"result": {"response", "tool_calls"?, "usage"}}`, or
 * stream SSE `data: {"response": "..."}` events ending in `data: [DONE]`; tools (for the models
 * that support them) go as `tools: [{name, description, parameters}]` and come back as
 * `tool_calls: [{name, arguments}]`. Constrained JSON output on the models with JSON mode goes
 * as `response_format: {"type": "json_schema", "json_schema": schema}` (not streamed: JSON mode
 * does not stream, so a streaming caller gets the answer as one chunk); the other models get
 * Genkit's format instructions. Embedding models (`@cf/baai/bge-*`) take `{"text": [...]}`
 * and answer `result.data`; text-to-image models (`flux`, `stable-diffusion`…) take a `prompt`
 * and answer base64 (`result.image`) or the PNG itself, which becomes a media part. The config
 * is checked against Workers AI's documented ranges: temperature 0–5, max tokens 1–4096,
 * top_p 0–1, top_k 1–100, repetition penalty 0–2.
 */
struct _GenkitCloudflarePlugin
{
  GenkitProviderPlugin parent_instance;

  char                *account_id;
};

G_DEFINE_FINAL_TYPE (GenkitCloudflarePlugin, genkit_cloudflare_plugin, GENKIT_TYPE_PROVIDER_PLUGIN)

enum
{
  PROP_0,
  PROP_ACCOUNT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const known_text[] = {
  "@cf/meta/llama-3.1-8b-instruct", "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
  "@cf/meta/llama-4-scout-17b-16e-instruct", "@cf/mistralai/mistral-small-3.1-24b-instruct",
  "@hf/nousresearch/hermes-2-pro-mistral-7b", "@cf/qwen/qwq-32b", NULL,
};
static const char * const known_images[] = {
  "@cf/black-forest-labs/flux-1-schnell", "@cf/stabilityai/stable-diffusion-xl-base-1.0", NULL,
};
static const char * const known_embedders[] = {
  "@cf/baai/bge-base-en-v1.5", "@cf/baai/bge-large-en-v1.5", "@cf/baai/bge-small-en-v1.5",
  "@cf/baai/bge-m3", NULL,
};
/* The models Workers AI documents function calling for. */
static const char * const tool_models[] = {
  "hermes-2-pro", "llama-3.3-70b", "llama-4-scout", "mistral-small-3.1", "qwen", NULL,
};

/* The models Workers AI documents JSON mode for (`response_format` with a JSON Schema). */
static const char * const json_mode_models[] = {
  "@cf/meta/llama-3.1-8b-instruct", "@cf/meta/llama-3.1-8b-instruct-fast",
  "@cf/meta/llama-3.1-70b-instruct", "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
  "@cf/meta/llama-3-8b-instruct", "@cf/meta/llama-3.2-11b-vision-instruct",
  "@hf/nousresearch/hermes-2-pro-mistral-7b", "@hf/thebloke/deepseek-coder-6.7b-instruct-awq",
  "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b", NULL,
};

static const char text_schema_json[] =
  "{\"type\": \"object\", \"properties\": {"
  "\"temperature\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 5},"
  "\"maxOutputTokens\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 4096},"
  "\"topP\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1},"
  "\"topK\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 100},"
  "\"repetitionPenalty\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 2},"
  "\"frequencyPenalty\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 2},"
  "\"presencePenalty\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 2},"
  "\"seed\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 9999999999}"
  "}, \"additionalProperties\": false}";

static const char image_schema_json[] =
  "{\"type\": \"object\", \"properties\": {"
  "\"steps\": {\"type\": \"integer\", \"minimum\": 1, \"maximum\": 20},"
  "\"seed\": {\"type\": \"integer\", \"minimum\": 0},"
  "\"width\": {\"type\": \"integer\", \"minimum\": 256, \"maximum\": 2048},"
  "\"height\": {\"type\": \"integer\", \"minimum\": 256, \"maximum\": 2048},"
  "\"guidance\": {\"type\": \"number\", \"minimum\": 0},"
  "\"negativePrompt\": {\"type\": \"string\"}"
  "}, \"additionalProperties\": false}";

static const struct { const char *genkit; const char *body; } text_config_map[] = {
  { "temperature", "temperature" }, { "maxOutputTokens", "max_tokens" }, { "topP", "top_p" },
  { "topK", "top_k" }, { "repetitionPenalty", "repetition_penalty" },
  { "frequencyPenalty", "frequency_penalty" }, { "presencePenalty", "presence_penalty" },
  { "seed", "seed" },
};

static const struct { const char *genkit; const char *body; } image_config_map[] = {
  { "steps", "num_steps" }, { "seed", "seed" }, { "width", "width" }, { "height", "height" },
  { "guidance", "guidance" }, { "negativePrompt", "negative_prompt" },
};

static gboolean
matches_any (const char         *id,
             const char * const *patterns)
{
  for (guint i = 0; patterns[i] != NULL; i++)
    if (strstr (id, patterns[i]) != NULL)
      return TRUE;
  return FALSE;
}

static gboolean
is_image_model (const char *id)
{
  static const char * const patterns[] = {
    "flux", "stable-diffusion", "dreamshaper", "lucid-origin", "phoenix", NULL,
  };

  return matches_any (id, patterns);
}

static gboolean
is_embedding_model (const char *id)
{
  static const char * const patterns[] = { "/bge-", "embedding", "/plamo-embedding", NULL };

  return matches_any (id, patterns);
}

/* Description ------------------------------------------------------------------------------ */

static JsonObject *
cloudflare_model_info (GenkitProviderPlugin *plugin,
                       const char           *id)
{
  g_autofree char *label = g_strdup_printf ("Cloudflare Workers AI - %s", id);

  if (is_image_model (id))
    {
      JsonObject *info = json_object_new ();

      json_object_set_string_member (info, "label", label);
      json_object_set_object_member (info, "supports",
                                     _genkit_provider_json_object_parse ("{\"multiturn\": false, \"media\": false, \"tools\": false,"
                                                                         " \"toolChoice\": false, \"systemRole\": false,"
                                                                         " \"output\": [\"media\"]}"));
      json_object_set_object_member (info, "configSchema", _genkit_provider_json_object_parse (image_schema_json));
      return info;
    }
  else
    {
      g_autoptr(JsonNode) schema = _genkit_provider_json_take_object (_genkit_provider_json_object_parse (text_schema_json));

      /* JSON mode is documented without tools: with tools, Genkit's instructions take over. */
      return _genkit_provider_model_info_new (label, TRUE, FALSE, matches_any (id, tool_models), TRUE,
                                              g_strv_contains (json_mode_models, id) ? "no-tools" : "none", schema);
    }
}

static JsonObject *
cloudflare_embedder_info (GenkitProviderPlugin *plugin,
                          const char           *id)
{
  JsonObject *described;
  JsonObject *info;
  g_autofree char *label = NULL;
  static const struct { const char *id; int dimensions; } known[] = {
    { "@cf/baai/bge-base-en-v1.5", 768 }, { "@cf/baai/bge-large-en-v1.5", 1024 },
    { "@cf/baai/bge-small-en-v1.5", 384 }, { "@cf/baai/bge-m3", 1024 },
  };

  if (!is_embedding_model (id))
    return NULL;
  described = json_object_new ();
  info = json_object_new ();
  label = g_strdup_printf ("Cloudflare Workers AI - %s", id);
  json_object_set_string_member (info, "label", label);
  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    if (g_str_equal (id, known[i].id))
      json_object_set_int_member (info, "dimensions", known[i].dimensions);
  json_object_set_object_member (info, "supports", _genkit_provider_json_object_parse ("{\"input\": [\"text\"]}"));
  json_object_set_object_member (described, "info", info);
  return described;
}

static void
cloudflare_list_known (GenkitProviderPlugin *plugin,
                       GPtrArray            *models,
                       GPtrArray            *embedders)
{
  for (guint i = 0; known_text[i] != NULL; i++)
    g_ptr_array_add (models, g_strdup (known_text[i]));
  for (guint i = 0; known_images[i] != NULL; i++)
    g_ptr_array_add (models, g_strdup (known_images[i]));
  for (guint i = 0; known_embedders[i] != NULL; i++)
    g_ptr_array_add (embedders, g_strdup (known_embedders[i]));
}

static char *
account_id (GenkitCloudflarePlugin *self)
{
  const char *from_env = g_getenv ("CLOUDFLARE_ACCOUNT_ID");

  if (self->account_id != NULL && *self->account_id != '\0')
    return g_strdup (self->account_id);
  return from_env && *from_env ? g_strdup (from_env) : NULL;
}

static gboolean
cloudflare_check_ready (GenkitProviderPlugin  *plugin,
                        const char            *api_key,
                        char                 **reason)
{
  g_autofree char *account = account_id (GENKIT_CLOUDFLARE_PLUGIN (plugin));

  if (api_key == NULL)
    {
      *reason = genkit_provider_plugin_describe_missing_key (plugin);
      return FALSE;
    }
  if (account == NULL)
    {
      *reason = g_strdup ("Cloudflare Workers AI is unavailable: no account id. Set CLOUDFLARE_ACCOUNT_ID.");
      return FALSE;
    }
  return TRUE;
}

static char *
run_url (GenkitCloudflarePlugin *self,
         const char             *id)
{
  g_autofree char *account = account_id (self);
  g_autofree char *escaped = g_uri_escape_string (account, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/accounts/%s/ai/run/%s", escaped, id);

  return _genkit_provider_plugin_build_url (GENKIT_PROVIDER_PLUGIN (self), path);
}

/* Answers ----------------------------------------------------------------------------------- */

/* `{"result": ..., "success": true}`, or the error it carries. */
static JsonObject *
result_of (JsonNode    *json,
           const char  *label,
           GError     **error)
{
  JsonObject *envelope;

  if (json == NULL || !JSON_NODE_HOLDS_OBJECT (json))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered without a JSON object", label);
      return NULL;
    }
  envelope = json_node_get_object (json);
  if (!_genkit_provider_json_get_bool (envelope, "success", TRUE))
    {
      g_propagate_error (error, _genkit_provider_error_from_body (label, json, GENKIT_ERROR_INTERNAL, NULL));
      return NULL;
    }
  if (_genkit_provider_json_get_object (envelope, "result") == NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered without a result", label);
      return NULL;
    }
  return _genkit_provider_json_get_object (envelope, "result");
}

/* Text generation --------------------------------------------------------------------------- */

/* The JSON Schema of constrained JSON output, when the model has JSON mode for it. */
static JsonNode *
json_mode_schema (GenkitGenerateRequest *request,
                  const char            *id)
{
  JsonObject *output = genkit_generate_request_get_output (request);
  JsonNode *schema = output ? json_object_get_member (output, "schema") : NULL;
  static const char * const drop[] = { "$schema", NULL };

  if (!g_strv_contains (json_mode_models, id) || genkit_generate_request_get_n_tools (request) > 0 ||
      g_strcmp0 (_genkit_provider_json_get_string (output, "format"), "json") != 0 ||
      !_genkit_provider_json_get_bool (output, "constrained", FALSE) ||
      schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema))
    return NULL;
  return _genkit_provider_json_clean_schema (schema, drop);
}

/* @schema: (nullable) (transfer full): for JSON mode, which does not stream */
static JsonObject *
build_text_body (GenkitGenerateRequest  *request,
                 JsonNode               *schema,
                 gboolean                stream,
                 GError                **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) json_schema = schema;
  JsonObject *config = _genkit_provider_request_get_config (request);
  JsonArray *messages = json_array_new ();
  static const char * const roles[] = { "system", "user", "assistant", "tool" };

  json_object_set_array_member (body, "messages", messages);
  for (guint m = 0; m < genkit_generate_request_get_n_messages (request); m++)
    {
      g_autoptr(GenkitMessage) message = genkit_generate_request_get_message (request, m);
      GenkitRole role = genkit_message_get_role (message);
      g_autofree char *text = _genkit_provider_text_of_parts (message);
      JsonArray *calls = NULL;
      JsonObject *o;

      for (guint i = 0; i < genkit_message_get_n_parts (message); i++)
        {
          g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);

          if (genkit_part_get_kind (part) == GENKIT_PART_KIND_MEDIA)
            {
              g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Workers AI text models take text, not media");
              return NULL;
            }
          if (genkit_part_get_kind (part) == GENKIT_PART_KIND_TOOL_RESPONSE)
            {
              g_autofree char *output = _genkit_provider_tool_output_to_string (part);

              o = json_object_new ();
              json_object_set_string_member (o, "role", "tool");
              json_object_set_string_member (o, "name", genkit_part_get_tool_name (part));
              json_object_set_string_member (o, "content", output);
              json_array_add_object_element (messages, o);
            }
          else if (genkit_part_get_kind (part) == GENKIT_PART_KIND_TOOL_REQUEST)
            {
              JsonObject *call = json_object_new ();
              JsonNode *input = genkit_part_get_tool_input (part);

              json_object_set_string_member (call, "name", genkit_part_get_tool_name (part));
              if (input != NULL)
                json_object_set_member (call, "arguments", json_node_copy (input));
              else
                json_object_set_object_member (call, "arguments", json_object_new ());
              if (calls == NULL)
                calls = json_array_new ();
              json_array_add_object_element (calls, call);
            }
        }
      if (role == GENKIT_ROLE_TOOL)
        continue;
      o = json_object_new ();
      json_object_set_string_member (o, "role", roles[role]);
      json_object_set_string_member (o, "content", text);
      if (calls != NULL)
        json_object_set_array_member (o, "tool_calls", calls);
      json_array_add_object_element (messages, o);
    }

  if (genkit_generate_request_get_n_tools (request) > 0)
    {
      JsonArray *tools = json_array_new ();

      for (guint i = 0; i < genkit_generate_request_get_n_tools (request); i++)
        {
          JsonObject *tool = genkit_generate_request_get_tool (request, i);
          JsonObject *t = json_object_new ();

          json_object_set_string_member (t, "name", _genkit_provider_json_get_string (tool, "name"));
          json_object_set_string_member (t, "description", _genkit_provider_json_get_string (tool, "description") ?: "");
          if (!_genkit_provider_json_copy_member (t, "parameters", tool, "inputSchema"))
            json_object_set_object_member (t, "parameters",
                                           _genkit_provider_json_object_parse ("{\"type\": \"object\", \"properties\": {}}"));
          json_array_add_object_element (tools, t);
        }
      json_object_set_array_member (body, "tools", tools);
    }

  for (guint i = 0; i < G_N_ELEMENTS (text_config_map); i++)
    _genkit_provider_json_copy_member (body, text_config_map[i].body, config, text_config_map[i].genkit);
  if (json_schema != NULL)
    {
      JsonObject *format = json_object_new ();

      json_object_set_string_member (format, "type", "json_schema");
      json_object_set_member (format, "json_schema", g_steal_pointer (&json_schema));
      json_object_set_object_member (body, "response_format", format);
    }
  else if (stream)
    json_object_set_boolean_member (body, "stream", TRUE);
  return g_steal_pointer (&body);
}

typedef struct
{
  GenkitModelCall *call;
  char            *label;
  GString         *text;
  GPtrArray       *tool_requests;
  JsonObject      *usage;
  gboolean         done;
  gboolean         chunk_at_end;   /* streaming asked for, but JSON mode answers at once */
} Generation;

static void
generation_free (Generation *gen)
{
  g_clear_object (&gen->call);
  g_free (gen->label);
  g_string_free (gen->text, TRUE);
  g_ptr_array_unref (gen->tool_requests);
  g_clear_pointer (&gen->usage, json_object_unref);
  g_free (gen);
}

static void
read_tool_calls (Generation *gen,
                 JsonArray  *calls,
                 gboolean    stream)
{
  for (guint i = 0; calls != NULL && i < json_array_get_length (calls); i++)
    {
      JsonNode *item = json_array_get_element (calls, i);
      JsonObject *call;
      JsonNode *arguments;
      g_autoptr(JsonNode) input = NULL;
      GenkitPart *part;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      call = json_node_get_object (item);
      /* Newer models answer OpenAI's shape: {"id", "type", "function": {"name", "arguments"}}. */
      if (_genkit_provider_json_get_object (call, "function") != NULL)
        call = _genkit_provider_json_get_object (call, "function");
      if (_genkit_provider_json_get_string (call, "name") == NULL)
        continue;
      arguments = json_object_get_member (call, "arguments");
      if (arguments != NULL && JSON_NODE_HOLDS_VALUE (arguments) && json_node_get_value_type (arguments) == G_TYPE_STRING)
        input = _genkit_provider_parse_tool_arguments (json_node_get_string (arguments));
      else
        input = arguments ? json_node_copy (arguments) : _genkit_provider_json_take_object (json_object_new ());
      part = genkit_part_new_tool_request (_genkit_provider_json_get_string (call, "name"),
                                           _genkit_provider_json_get_string (json_node_get_object (item), "id"), input);
      if (stream)
        _genkit_provider_send_chunk (gen->call, part);
      g_ptr_array_add (gen->tool_requests, part);
    }
}

/* `response` is text, or an object when the model answered in JSON mode. */
static void
read_response (Generation *gen,
               JsonObject *result,
               gboolean    stream)
{
  JsonNode *response = json_object_get_member (result, "response");

  if (response != NULL && JSON_NODE_HOLDS_VALUE (response) && json_node_get_value_type (response) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (response);

      g_string_append (gen->text, text);
      if (stream && *text != '\0')
        {
          g_autoptr(GenkitPart) part = genkit_part_new_text (text);

          _genkit_provider_send_chunk (gen->call, part);
        }
    }
  else if (response != NULL && !JSON_NODE_HOLDS_NULL (response))
    {
      g_autofree char *text = _genkit_provider_json_to_string (response);

      g_string_append (gen->text, text);
    }
  read_tool_calls (gen, _genkit_provider_json_get_array (result, "tool_calls"), stream);
  if (_genkit_provider_json_get_object (result, "usage") != NULL)
    {
      g_clear_pointer (&gen->usage, json_object_unref);
      gen->usage = json_object_ref (_genkit_provider_json_get_object (result, "usage"));
    }
}

static void
generation_return (Generation *gen)
{
  g_autoptr(GenkitMessage) message = genkit_message_new (GENKIT_ROLE_MODEL);
  g_autoptr(GenkitGenerationUsage) usage = genkit_generation_usage_new ();
  g_autoptr(GenkitGenerateResponse) response = NULL;

  if (gen->text->len > 0)
    {
      g_autoptr(GenkitPart) part = genkit_part_new_text (gen->text->str);

      genkit_message_add_part (message, part);
    }
  for (guint i = 0; i < gen->tool_requests->len; i++)
    genkit_message_add_part (message, g_ptr_array_index (gen->tool_requests, i));
  _genkit_provider_usage_set (usage, "inputTokens", gen->usage, "prompt_tokens");
  _genkit_provider_usage_set (usage, "outputTokens", gen->usage, "completion_tokens");
  _genkit_provider_usage_set (usage, "totalTokens", gen->usage, "total_tokens");
  response = _genkit_provider_response_new (message, GENKIT_FINISH_REASON_STOP, NULL, usage);
  genkit_model_call_return_response (gen->call, response);
}

static gboolean
stream_event_cb (const char  *event,
                 JsonNode    *data,
                 gpointer     user_data,
                 GError     **error)
{
  Generation *gen = user_data;
  JsonObject *object;

  if (data == NULL)
    {
      gen->done = TRUE;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (data))
    return TRUE;
  object = json_node_get_object (data);
  if (json_object_has_member (object, "errors") || json_object_has_member (object, "error"))
    {
      g_propagate_error (error, _genkit_provider_error_from_body (gen->label, data, GENKIT_ERROR_INTERNAL, NULL));
      return FALSE;
    }
  read_response (gen, object, TRUE);
  return TRUE;
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
  if (reply != NULL && reply->body != NULL)
    {
      JsonObject *answer = result_of (reply->json, gen->label, &error);

      if (answer != NULL)
        read_response (gen, answer, FALSE);
    }
  if (error == NULL && gen->chunk_at_end && gen->text->len > 0)
    {
      g_autoptr(GenkitPart) part = genkit_part_new_text (gen->text->str);

      _genkit_provider_send_chunk (gen->call, part);
    }
  if (error != NULL)
    genkit_model_call_return_error (gen->call, error);
  else
    generation_return (gen);
  generation_free (gen);
}

static void
generate_text (GenkitCloudflarePlugin *self,
               GenkitModelCall        *call,
               GenkitGenerateRequest  *request,
               const char             *id,
               const char             *api_key)
{
  GenkitProviderPlugin *plugin = GENKIT_PROVIDER_PLUGIN (self);
  GenkitProviderClient *client = _genkit_provider_plugin_get_client (plugin);
  JsonNode *schema = json_mode_schema (request, id);
  gboolean stream = genkit_model_call_is_streaming (call) && schema == NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *url = run_url (self, id);
  g_autofree char *bearer = g_strconcat ("Bearer ", api_key, NULL);
  const char *headers[] = { "Authorization", bearer, NULL };
  GError *error = NULL;
  Generation *gen;

  if ((body = build_text_body (request, schema, stream, &error)) == NULL)
    {
      genkit_model_call_return_error (call, error);
      return;
    }
  body_node = _genkit_provider_json_take_object (g_steal_pointer (&body));

  gen = g_new0 (Generation, 1);
  gen->call = g_object_ref (call);
  gen->label = g_strdup (genkit_provider_plugin_get_label (plugin));
  gen->text = g_string_new (NULL);
  gen->tool_requests = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_part_unref);
  gen->chunk_at_end = genkit_model_call_is_streaming (call) && !stream;

  _genkit_provider_client_request_async (client, "POST", url, headers, body_node,
                                         stream ? GENKIT_PROVIDER_STREAM_SSE : GENKIT_PROVIDER_STREAM_NONE,
                                         stream ? stream_event_cb : NULL, gen,
                                         genkit_model_call_get_cancellable (call), generate_cb, gen);
}

/* Images ------------------------------------------------------------------------------------ */

typedef struct
{
  GenkitModelCall *call;
  char            *label;
} ImageCall;

static const char *
sniff_image_type (const guint8 *data,
                  gsize         len)
{
  if (len >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
    return "image/jpeg";
  if (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  return NULL;
}

static void
image_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  ImageCall *ic = user_data;
  g_autoptr(GenkitProviderReply) reply = NULL;
  g_autofree char *url = NULL;
  GError *error = NULL;

  reply = _genkit_provider_client_request_finish (GENKIT_PROVIDER_CLIENT (object), result, &error);
  if (reply != NULL && reply->json != NULL)
    {
      JsonObject *answer = result_of (reply->json, ic->label, &error);
      const char *image = answer ? _genkit_provider_json_get_string (answer, "image") : NULL;

      if (answer != NULL && image == NULL)
        error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered without an image", ic->label);
      else if (image != NULL)
        {
          gsize len = 0;
          g_autofree guint8 *head = NULL;
          g_autofree char *start = g_strndup (image, 16);
          const char *type;

          head = g_base64_decode (start, &len);
          type = sniff_image_type (head, len);
          url = g_strdup_printf ("data:%s;base64,%s", type ? type : "image/jpeg", image);
        }
    }
  else if (reply != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (reply->body, &len);
      const char *type = reply->content_type && g_str_has_prefix (reply->content_type, "image/")
                         ? reply->content_type : sniff_image_type (data, len);
      g_autofree char *base64 = NULL;

      if (type == NULL || len == 0)
        error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered with something that is not an image",
                             ic->label);
      else
        {
          base64 = g_base64_encode (data, len);
          url = g_strdup_printf ("data:%s;base64,%s", type, base64);
        }
    }

  if (error != NULL)
    genkit_model_call_return_error (ic->call, error);
  else
    {
      g_autoptr(GenkitMessage) message = genkit_message_new (GENKIT_ROLE_MODEL);
      g_autoptr(GenkitPart) part = NULL;
      g_autoptr(GenkitGenerateResponse) response = NULL;
      g_autofree char *type = g_strndup (url + 5, strcspn (url + 5, ";"));

      part = genkit_part_new_media (url, type);
      genkit_message_add_part (message, part);
      response = _genkit_provider_response_new (message, GENKIT_FINISH_REASON_STOP, NULL, NULL);
      genkit_model_call_return_response (ic->call, response);
    }
  g_object_unref (ic->call);
  g_free (ic->label);
  g_free (ic);
}

static void
generate_image (GenkitCloudflarePlugin *self,
                GenkitModelCall        *call,
                GenkitGenerateRequest  *request,
                const char             *id,
                const char             *api_key)
{
  GenkitProviderPlugin *plugin = GENKIT_PROVIDER_PLUGIN (self);
  GenkitProviderClient *client = _genkit_provider_plugin_get_client (plugin);
  JsonObject *config = _genkit_provider_request_get_config (request);
  g_autofree char *url = run_url (self, id);
  g_autofree char *bearer = g_strconcat ("Bearer ", api_key, NULL);
  const char *headers[] = { "Authorization", bearer, NULL };
  g_autoptr(GString) prompt = g_string_new (NULL);
  JsonObject *body = json_object_new ();
  g_autoptr(JsonNode) body_node = NULL;
  ImageCall *ic;

  for (guint m = 0; m < genkit_generate_request_get_n_messages (request); m++)
    {
      g_autoptr(GenkitMessage) message = genkit_generate_request_get_message (request, m);
      g_autofree char *text = NULL;

      if (genkit_message_get_role (message) != GENKIT_ROLE_USER)
        continue;
      text = _genkit_provider_text_of_parts (message);
      if (prompt->len > 0 && *text != '\0')
        g_string_append_c (prompt, '\n');
      g_string_append (prompt, text);
    }
  json_object_set_string_member (body, "prompt", prompt->str);
  for (guint i = 0; i < G_N_ELEMENTS (image_config_map); i++)
    _genkit_provider_json_copy_member (body, image_config_map[i].body, config, image_config_map[i].genkit);
  /* FLUX calls its step count `steps`. */
  if (strstr (id, "flux") != NULL && json_object_has_member (body, "num_steps"))
    {
      json_object_set_member (body, "steps", json_node_copy (json_object_get_member (body, "num_steps")));
      json_object_remove_member (body, "num_steps");
    }
  body_node = _genkit_provider_json_take_object (body);

  ic = g_new0 (ImageCall, 1);
  ic->call = g_object_ref (call);
  ic->label = g_strdup (genkit_provider_plugin_get_label (plugin));
  _genkit_provider_client_request_async (client, "POST", url, headers, body_node, GENKIT_PROVIDER_STREAM_NONE,
                                         NULL, NULL, genkit_model_call_get_cancellable (call), image_cb, ic);
}

static void
cloudflare_generate (GenkitProviderPlugin  *plugin,
                     GenkitModelCall       *call,
                     GenkitGenerateRequest *request,
                     const char            *id,
                     const char            *api_key)
{
  if (is_image_model (id))
    generate_image (GENKIT_CLOUDFLARE_PLUGIN (plugin), call, request, id, api_key);
  else
    generate_text (GENKIT_CLOUDFLARE_PLUGIN (plugin), call, request, id, api_key);
}

/* Embeddings -------------------------------------------------------------------------------- */

/* Workers AI wraps the vectors in its envelope: `{"success":true,"result":{"data":[[...]]}}`. */
static JsonArray *
embeddings_of (JsonNode    *json,
               const char  *label,
               GError     **error)
{
  JsonObject *answer = result_of (json, label, error);

  return answer != NULL ? _genkit_provider_json_get_array (answer, "data") : NULL;
}

static void
cloudflare_embed (GenkitProviderPlugin *plugin,
                  GenkitActionRun      *run,
                  GPtrArray            *documents,
                  JsonNode             *options,
                  const char           *id,
                  const char           *api_key)
{
  g_autofree char *url = run_url (GENKIT_CLOUDFLARE_PLUGIN (plugin), id);
  g_autofree char *bearer = g_strconcat ("Bearer ", api_key, NULL);
  const char *headers[] = { "Authorization", bearer, NULL };
  JsonObject *body = json_object_new ();
  JsonArray *text = json_array_new ();
  g_autoptr(JsonNode) body_node = NULL;

  for (guint i = 0; i < documents->len; i++)
    {
      g_autofree char *piece = genkit_document_get_text (g_ptr_array_index (documents, i));

      json_array_add_string_element (text, piece);
    }
  json_object_set_array_member (body, "text", text);
  body_node = _genkit_provider_json_take_object (body);

  _genkit_provider_embed_async (plugin, run, documents->len, url, headers, body_node, embeddings_of,
                                _genkit_provider_vector_of_node);
}

/* Discovery --------------------------------------------------------------------------------- */

/* Workers AI's model search: text generation and image models as models, the embedding models
 * as embedders. */
static gboolean
read_model (GenkitProviderPlugin  *plugin,
            JsonObject            *item,
            const char           **id,
            const char           **kind)
{
  const char *name = _genkit_provider_json_get_string (item, "name");
  const char *task_name = _genkit_provider_json_get_string (_genkit_provider_json_get_object (item, "task"), "name");

  if (name == NULL || task_name == NULL)
    return FALSE;
  if (g_str_equal (task_name, "Text Generation") || g_str_equal (task_name, "Text-to-Image"))
    *kind = "model";
  else if (g_str_equal (task_name, "Text Embeddings") && is_embedding_model (name))
    *kind = "embedder";
  if (*kind == NULL || (g_str_equal (task_name, "Text-to-Image") && !is_image_model (name)))
    return FALSE;
  *id = name;
  return TRUE;
}

static void
cloudflare_discover (GenkitProviderPlugin *plugin,
                     const char           *api_key,
                     GCancellable         *cancellable,
                     GAsyncReadyCallback   callback,
                     gpointer              user_data)
{
  g_autofree char *account = account_id (GENKIT_CLOUDFLARE_PLUGIN (plugin));
  g_autofree char *escaped = g_uri_escape_string (account, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/accounts/%s/ai/models/search?per_page=1000", escaped);
  g_autofree char *url = _genkit_provider_plugin_build_url (plugin, path);
  g_autofree char *bearer = g_strconcat ("Bearer ", api_key, NULL);
  const char *headers[] = { "Authorization", bearer, NULL };

  _genkit_provider_discover_async (plugin, url, headers, 0, "result", read_model, cancellable, callback, user_data);
}

/* The object -------------------------------------------------------------------------------- */

static void
genkit_cloudflare_plugin_constructed (GObject *object)
{
  GenkitProviderPlugin *plugin = GENKIT_PROVIDER_PLUGIN (object);
  static const char * const env[] = { "CLOUDFLARE_API_TOKEN", NULL };

  G_OBJECT_CLASS (genkit_cloudflare_plugin_parent_class)->constructed (object);

  _genkit_provider_plugin_set_key_env_vars (plugin, env);
  _genkit_provider_plugin_set_default_base_url (plugin, "CLOUDFLARE_API_BASE_URL",
                                                "https://api.cloudflare.com/client/v4");
}

static void
genkit_cloudflare_plugin_finalize (GObject *object)
{
  g_free (GENKIT_CLOUDFLARE_PLUGIN (object)->account_id);
  G_OBJECT_CLASS (genkit_cloudflare_plugin_parent_class)->finalize (object);
}

static void
genkit_cloudflare_plugin_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  if (prop_id == PROP_ACCOUNT_ID)
    g_value_set_string (value, GENKIT_CLOUDFLARE_PLUGIN (object)->account_id);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
genkit_cloudflare_plugin_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  GenkitCloudflarePlugin *self = GENKIT_CLOUDFLARE_PLUGIN (object);

  if (prop_id == PROP_ACCOUNT_ID)
    {
      g_free (self->account_id);
      self->account_id = g_value_dup_string (value);
    }
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
genkit_cloudflare_plugin_class_init (GenkitCloudflarePluginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GenkitProviderPluginClass *provider_class = GENKIT_PROVIDER_PLUGIN_CLASS (klass);

  object_class->constructed = genkit_cloudflare_plugin_constructed;
  object_class->finalize = genkit_cloudflare_plugin_finalize;
  object_class->get_property = genkit_cloudflare_plugin_get_property;
  object_class->set_property = genkit_cloudflare_plugin_set_property;
  provider_class->model_info = cloudflare_model_info;
  provider_class->embedder_info = cloudflare_embedder_info;
  provider_class->list_known = cloudflare_list_known;
  provider_class->generate = cloudflare_generate;
  provider_class->embed = cloudflare_embed;
  provider_class->discover = cloudflare_discover;
  provider_class->discover_finish = _genkit_provider_discover_finish;
  provider_class->check_ready = cloudflare_check_ready;

  /**
   * GenkitCloudflarePlugin:account-id:
   *
   * The Cloudflare account the models run in; %NULL for `CLOUDFLARE_ACCOUNT_ID`. Read at
   * every call, so the studio's preferences can change it on a running plugin.
   */
  properties[PROP_ACCOUNT_ID] =
    g_param_spec_string ("account-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_cloudflare_plugin_init (GenkitCloudflarePlugin *self)
{
}

/**
 * genkit_cloudflare_plugin_new:
 *
 * Makes the `cloudflare-workers-ai` plugin.
 *
 * Returns: (transfer full): the plugin
 */
GenkitProviderPlugin *
genkit_cloudflare_plugin_new (void)
{
  return g_object_new (GENKIT_TYPE_CLOUDFLARE_PLUGIN, "name", "cloudflare-workers-ai",
                       "label", "Cloudflare Workers AI", NULL);
}
