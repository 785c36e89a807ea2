/* genkit-ollama-plugin.c — Ollama's native API: /api/chat, /api/embed, /api/tags
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-ollama-plugin.h"
#include "genkit-provider-private.h"

#define DEFAULT_HOST "http://127.0.0.1:11434"
#define DISCOVERY_TIMEOUT_MS 1500

/**
 * GenkitOllamaPlugin:
 *
 * A local (or remote) Ollama through its own API: `POST /api/chat` (streamed as NDJSON, one
 * JSON object a line, the last with `"done": true` and the token counts), `POST /api/embed`,
 * and `GET /api/tags` to list the models pulled. Images go as base64 in `images`, tools as
 * `tools`, JSON output as `format` (a schema, or `"json"`), and Genkit's config as `options`
 * (`temperature`, `top_p`, `top_k`, `num_predict`, `stop`, `seed`, `num_ctx`, …).
 *
 * The server is `OLLAMA_HOST` (`host`, `host:port` or a URL, as the Ollama CLI reads it), by
 * default `http://127.0.0.1:11434`. No key is needed; `OLLAMA_API_KEY` (or a keyring entry) is
 * sent as a bearer token when present, for hosted Ollama. Listing asks `/api/tags` with a short
 * timeout, so when no Ollama runs the plugin lists nothing, silently.
 */
struct _GenkitOllamaPlugin
{
  GenkitProviderPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (GenkitOllamaPlugin, genkit_ollama_plugin, GENKIT_TYPE_PROVIDER_PLUGIN)

static const char config_schema_json[] =
  "{\"type\": \"object\", \"properties\": {"
  "\"temperature\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 2},"
  "\"maxOutputTokens\": {\"type\": \"integer\", \"minimum\": -2},"
  "\"topP\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1},"
  "\"topK\": {\"type\": \"integer\", \"minimum\": 0},"
  "\"stopSequences\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
  "\"seed\": {\"type\": \"integer\"},"
  "\"numCtx\": {\"type\": \"integer\", \"minimum\": 1, \"description\": \"Context window, in tokens\"},"
  "\"repeatPenalty\": {\"type\": \"number\", \"minimum\": 0},"
  "\"think\": {\"type\": \"boolean\", \"description\": \"Let a thinking model think (its thoughts come back as reasoning)\"},"
  "\"keepAlive\": {\"type\": \"string\", \"description\": \"How long the model stays loaded, e.g. 5m\"}"
  "}, \"additionalProperties\": true}";

static const struct { const char *genkit; const char *option; } option_map[] = {
  { "temperature", "temperature" },
  { "maxOutputTokens", "num_predict" },
  { "topP", "top_p" },
  { "topK", "top_k" },
  { "stopSequences", "stop" },
  { "seed", "seed" },
  { "numCtx", "num_ctx" },
  { "repeatPenalty", "repeat_penalty" },
};

/* `OLLAMA_HOST` as the Ollama CLI reads it: `0.0.0.0`, `host:port`, `http://host:port`. */
char *
_genkit_ollama_host_to_url (const char *host)
{
  g_autofree char *trimmed = NULL;
  const char *scheme = "http";
  char *rest;
  char *colon;
  g_autofree char *hostname = NULL;
  g_autofree char *port = NULL;

  if (host == NULL || *host == '\0')
    return g_strdup (DEFAULT_HOST);
  trimmed = g_strstrip (g_strdup (host));
  if (strstr (trimmed, "://") != NULL)
    {
      if (g_str_has_prefix (trimmed, "https://"))
        scheme = "https";
      rest = strstr (trimmed, "://") + 3;
    }
  else
    rest = trimmed;
  while (g_str_has_suffix (rest, "/"))
    rest[strlen (rest) - 1] = '\0';

  if (rest[0] == '[')
    {
      char *close = strchr (rest, ']');

      if (close == NULL)
        return g_strdup (DEFAULT_HOST);
      hostname = g_strndup (rest, (gsize) (close - rest + 1));
      if (close[1] == ':')
        port = g_strdup (close + 2);
    }
  else if ((colon = strrchr (rest, ':')) != NULL && strchr (colon, '/') == NULL)
    {
      hostname = g_strndup (rest, (gsize) (colon - rest));
      port = g_strdup (colon + 1);
    }
  else
    hostname = g_strdup (rest);

  /* Listening everywhere means reachable here. */
  if (*hostname == '\0' || g_str_equal (hostname, "0.0.0.0"))
    {
      g_free (hostname);
      hostname = g_strdup ("127.0.0.1");
    }
  else if (g_str_equal (hostname, "[::]"))
    {
      g_free (hostname);
      hostname = g_strdup ("[::1]");
    }
  return g_strdup_printf ("%s://%s:%s", scheme, hostname,
                          port && *port ? port : (g_str_equal (scheme, "https") ? "443" : "11434"));
}

/* Description ------------------------------------------------------------------------------ */

static JsonObject *
ollama_model_info (GenkitProviderPlugin *plugin,
                   const char           *id)
{
  g_autoptr(JsonNode) schema = _genkit_provider_json_take_object (_genkit_provider_json_object_parse (config_schema_json));
  g_autofree char *label = g_strdup_printf ("Ollama - %s", id);

  return _genkit_provider_model_info_new (label, TRUE, TRUE, TRUE, TRUE, "all", schema);
}

static JsonObject *
ollama_embedder_info (GenkitProviderPlugin *plugin,
                      const char           *id)
{
  JsonObject *described = json_object_new ();
  g_autofree char *label = g_strdup_printf ("Ollama - %s", id);
  JsonObject *info = json_object_new ();

  json_object_set_string_member (info, "label", label);
  json_object_set_object_member (info, "supports", _genkit_provider_json_object_parse ("{\"input\": [\"text\"]}"));
  json_object_set_object_member (described, "info", info);
  json_object_set_object_member (described, "configSchema",
                                 _genkit_provider_json_object_parse ("{\"type\": \"object\", \"properties\": {"
                                                            "\"truncate\": {\"type\": \"boolean\"},"
                                                            "\"dimensions\": {\"type\": \"integer\", \"minimum\": 1},"
                                                            "\"keepAlive\": {\"type\": \"string\"}}}"));
  return described;
}

/* The request ------------------------------------------------------------------------------ */

static gboolean
append_messages (JsonArray              *out,
                 GenkitGenerateRequest  *request,
                 GError                **error)
{
  static const char * const roles[] = { "system", "user", "assistant", "tool" };

  for (guint m = 0; m < genkit_generate_request_get_n_messages (request); m++)
    {
      g_autoptr(GenkitMessage) message = genkit_generate_request_get_message (request, m);
      GenkitRole role = genkit_message_get_role (message);
      g_autofree char *text = _genkit_provider_text_of_parts (message);
      JsonObject *o;
      JsonArray *images = NULL;
      JsonArray *calls = NULL;

      if (role == GENKIT_ROLE_TOOL)
        {
          for (guint i = 0; i < genkit_message_get_n_parts (message); i++)
            {
              g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);
              g_autofree char *output = NULL;

              if (genkit_part_get_kind (part) != GENKIT_PART_KIND_TOOL_RESPONSE)
                continue;
              output = _genkit_provider_tool_output_to_string (part);
              o = json_object_new ();
              json_object_set_string_member (o, "role", "tool");
              json_object_set_string_member (o, "content", output);
              json_object_set_string_member (o, "tool_name", genkit_part_get_tool_name (part));
              json_array_add_object_element (out, o);
            }
          continue;
        }

      o = json_object_new ();
      json_object_set_string_member (o, "role", roles[role]);
      json_object_set_string_member (o, "content", text);
      for (guint i = 0; i < genkit_message_get_n_parts (message); i++)
        {
          g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);

          if (genkit_part_get_kind (part) == GENKIT_PART_KIND_MEDIA)
            {
              g_autofree char *base64 = NULL;

              if (!_genkit_provider_parse_data_url (genkit_part_get_media_url (part), NULL, &base64))
                {
                  json_object_unref (o);
                  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Ollama takes images as base64 data: URLs, not %s",
                               genkit_part_get_media_url (part));
                  if (images != NULL)
                    json_array_unref (images);
                  if (calls != NULL)
                    json_array_unref (calls);
                  return FALSE;
                }
              if (images == NULL)
                images = json_array_new ();
              json_array_add_string_element (images, base64);
            }
          else if (genkit_part_get_kind (part) == GENKIT_PART_KIND_TOOL_REQUEST)
            {
              JsonObject *call = json_object_new ();
              JsonObject *function = json_object_new ();
              JsonNode *input = genkit_part_get_tool_input (part);

              json_object_set_string_member (function, "name", genkit_part_get_tool_name (part));
              if (input != NULL)
                json_object_set_member (function, "arguments", json_node_copy (input));
              else
                json_object_set_object_member (function, "arguments", json_object_new ());
              json_object_set_object_member (call, "function", function);
              if (calls == NULL)
                calls = json_array_new ();
              json_array_add_object_element (calls, call);
            }
        }
      if (images != NULL)
        json_object_set_array_member (o, "images", images);
      if (calls != NULL)
        json_object_set_array_member (o, "tool_calls", calls);
      json_array_add_object_element (out, o);
    }
  return TRUE;
}

static JsonObject *
build_body (GenkitGenerateRequest  *request,
            const char             *id,
            gboolean                stream,
            GError                **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *config = _genkit_provider_request_get_config (request);
  JsonObject *output = genkit_generate_request_get_output (request);
  JsonArray *messages = json_array_new ();
  JsonObject *options = json_object_new ();

  json_object_set_string_member (body, "model", id);
  json_object_set_array_member (body, "messages", messages);
  if (!append_messages (messages, request, error))
    {
      json_object_unref (options);
      return NULL;
    }

  if (genkit_generate_request_get_n_tools (request) > 0)
    json_object_set_array_member (body, "tools", _genkit_provider_function_tools (request));

  if (output != NULL && g_strcmp0 (_genkit_provider_json_get_string (output, "format"), "json") == 0)
    {
      JsonNode *schema = json_object_get_member (output, "schema");

      if (schema != NULL && JSON_NODE_HOLDS_OBJECT (schema))
        json_object_set_member (body, "format", json_node_copy (schema));
      else
        json_object_set_string_member (body, "format", "json");
    }

  if (config != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (config);

      for (GList *l = members; l != NULL; l = l->next)
        {
          const char *key = l->data;
          const char *to = key;

          if (g_str_equal (key, "think"))
            {
              _genkit_provider_json_copy_member (body, "think", config, key);
              continue;
            }
          if (g_str_equal (key, "keepAlive"))
            {
              _genkit_provider_json_copy_member (body, "keep_alive", config, key);
              continue;
            }
          if (g_str_equal (key, "version") || g_str_equal (key, "apiKey"))
            continue;
          for (guint i = 0; i < G_N_ELEMENTS (option_map); i++)
            if (g_str_equal (key, option_map[i].genkit))
              to = option_map[i].option;
          /* Any other key is one of Ollama's own options (`mirostat`, `num_gpu`, …). */
          _genkit_provider_json_copy_member (options, to, config, key);
        }
    }
  if (json_object_get_size (options) > 0)
    json_object_set_object_member (body, "options", options);
  else
    json_object_unref (options);

  json_object_set_boolean_member (body, "stream", stream);
  return g_steal_pointer (&body);
}

/* The answer -------------------------------------------------------------------------------- */

static GenkitFinishReason
finish_reason_of (const char *reason)
{
  if (reason == NULL || g_str_equal (reason, "stop"))
    return GENKIT_FINISH_REASON_STOP;
  if (g_str_equal (reason, "length"))
    return GENKIT_FINISH_REASON_LENGTH;
  return GENKIT_FINISH_REASON_OTHER;
}

static GenkitGenerationUsage *
usage_of (JsonObject *answer)
{
  GenkitGenerationUsage *usage = genkit_generation_usage_new ();
  double in = 0, out = 0;
  gboolean has_in = _genkit_provider_json_get_number (answer, "prompt_eval_count", &in);
  gboolean has_out = _genkit_provider_json_get_number (answer, "eval_count", &out);

  if (has_in)
    genkit_generation_usage_set_value (usage, "inputTokens", in);
  if (has_out)
    genkit_generation_usage_set_value (usage, "outputTokens", out);
  if (has_in || has_out)
    genkit_generation_usage_set_value (usage, "totalTokens", in + out);
  return usage;
}

typedef struct
{
  GenkitModelCall *call;
  char            *label;
  GString         *text;
  GString         *thinking;
  GPtrArray       *tool_requests;   /* GenkitPart */
  JsonObject      *final;           /* the `done` object */
} Generation;

static void
generation_free (Generation *gen)
{
  g_clear_object (&gen->call);
  g_free (gen->label);
  g_string_free (gen->text, TRUE);
  g_string_free (gen->thinking, TRUE);
  g_ptr_array_unref (gen->tool_requests);
  g_clear_pointer (&gen->final, json_object_unref);
  g_free (gen);
}

/* Reads one answer object (the whole answer, or one line of the stream). */
static gboolean
read_answer (Generation  *gen,
             JsonNode    *node,
             gboolean     stream,
             GError     **error)
{
  JsonObject *answer;
  JsonObject *message;
  JsonArray *calls;
  const char *text;
  const char *thinking;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered with something else than a JSON object",
                   gen->label);
      return FALSE;
    }
  answer = json_node_get_object (node);
  if (json_object_has_member (answer, "error"))
    {
      g_propagate_error (error, _genkit_provider_error_from_body (gen->label, node, GENKIT_ERROR_INTERNAL, NULL));
      return FALSE;
    }

  message = _genkit_provider_json_get_object (answer, "message");
  thinking = _genkit_provider_json_get_string (message, "thinking");
  if (thinking != NULL && *thinking != '\0')
    {
      g_string_append (gen->thinking, thinking);
      if (stream)
        {
          g_autoptr(GenkitPart) part = genkit_part_new_reasoning (thinking);

          _genkit_provider_send_chunk (gen->call, part);
        }
    }
  text = _genkit_provider_json_get_string (message, "content");
  if (text != NULL && *text != '\0')
    {
      g_string_append (gen->text, text);
      if (stream)
        {
          g_autoptr(GenkitPart) part = genkit_part_new_text (text);

          _genkit_provider_send_chunk (gen->call, part);
        }
    }
  calls = _genkit_provider_json_get_array (message, "tool_calls");
  for (guint i = 0; calls != NULL && i < json_array_get_length (calls); i++)
    {
      JsonNode *item = json_array_get_element (calls, i);
      JsonObject *function;
      JsonNode *arguments;
      g_autoptr(JsonNode) input = NULL;
      GenkitPart *part;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      function = _genkit_provider_json_get_object (json_node_get_object (item), "function");
      if (_genkit_provider_json_get_string (function, "name") == NULL)
        continue;
      arguments = json_object_get_member (function, "arguments");
      if (arguments != NULL && JSON_NODE_HOLDS_VALUE (arguments) && json_node_get_value_type (arguments) == G_TYPE_STRING)
        input = _genkit_provider_parse_tool_arguments (json_node_get_string (arguments));
      else
        input = arguments ? json_node_copy (arguments) : _genkit_provider_json_take_object (json_object_new ());
      part = genkit_part_new_tool_request (_genkit_provider_json_get_string (function, "name"),
                                           _genkit_provider_json_get_string (json_node_get_object (item), "id"), input);
      if (stream)
        _genkit_provider_send_chunk (gen->call, part);
      g_ptr_array_add (gen->tool_requests, part);
    }

  if (_genkit_provider_json_get_bool (answer, "done", FALSE))
    {
      g_clear_pointer (&gen->final, json_object_unref);
      gen->final = json_object_ref (answer);
    }
  return TRUE;
}

static void
generation_return (Generation *gen)
{
  g_autoptr(GenkitMessage) message = genkit_message_new (GENKIT_ROLE_MODEL);
  g_autoptr(GenkitGenerationUsage) usage = NULL;
  g_autoptr(GenkitGenerateResponse) response = NULL;

  if (gen->thinking->len > 0)
    {
      g_autoptr(GenkitPart) part = genkit_part_new_reasoning (gen->thinking->str);

      genkit_message_add_part (message, part);
    }
  if (gen->text->len > 0)
    {
      g_autoptr(GenkitPart) part = genkit_part_new_text (gen->text->str);

      genkit_message_add_part (message, part);
    }
  for (guint i = 0; i < gen->tool_requests->len; i++)
    genkit_message_add_part (message, g_ptr_array_index (gen->tool_requests, i));

  usage = usage_of (gen->final);
  response = _genkit_provider_response_new (message, finish_reason_of (_genkit_provider_json_get_string (gen->final, "done_reason")),
                                   NULL, usage);
  genkit_model_call_return_response (gen->call, response);
}

static gboolean
stream_line_cb (const char  *event,
                JsonNode    *data,
                gpointer     user_data,
                GError     **error)
{
  return read_answer (user_data, data, TRUE, error);
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
      if (reply->json == NULL)
        error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered without JSON", gen->label);
      else
        read_answer (gen, reply->json, FALSE, &error);
    }
  if (error == NULL && gen->final == NULL)
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                         "%s ended the answer before it was done", gen->label);

  if (error != NULL)
    genkit_model_call_return_error (gen->call, error);
  else
    generation_return (gen);
  generation_free (gen);
}

static void
ollama_generate (GenkitProviderPlugin  *plugin,
                 GenkitModelCall       *call,
                 GenkitGenerateRequest *request,
                 const char            *id,
                 const char            *api_key)
{
  GenkitProviderClient *client = _genkit_provider_plugin_get_client (plugin);
  gboolean stream = genkit_model_call_is_streaming (call);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *url = _genkit_provider_plugin_build_url (plugin, "/api/chat");
  g_autofree char *bearer = api_key ? g_strconcat ("Bearer ", api_key, NULL) : NULL;
  const char *headers[] = { bearer ? "Authorization" : NULL, bearer, NULL };
  GError *error = NULL;
  Generation *gen;

  if ((body = build_body (request, id, stream, &error)) == NULL)
    {
      genkit_model_call_return_error (call, error);
      return;
    }
  body_node = _genkit_provider_json_take_object (g_steal_pointer (&body));

  gen = g_new0 (Generation, 1);
  gen->call = g_object_ref (call);
  gen->label = g_strdup (genkit_provider_plugin_get_label (plugin));
  gen->text = g_string_new (NULL);
  gen->thinking = g_string_new (NULL);
  gen->tool_requests = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_part_unref);

  _genkit_provider_client_request_async (client, "POST", url, headers, body_node,
                                         stream ? GENKIT_PROVIDER_STREAM_NDJSON : GENKIT_PROVIDER_STREAM_NONE,
                                         stream ? stream_line_cb : NULL, gen,
                                         genkit_model_call_get_cancellable (call), generate_cb, gen);
}

/* Embeddings -------------------------------------------------------------------------------- */

static void
ollama_embed (GenkitProviderPlugin *plugin,
              GenkitActionRun      *run,
              GPtrArray            *documents,
              JsonNode             *options,
              const char           *id,
              const char           *api_key)
{
  g_autofree char *url = _genkit_provider_plugin_build_url (plugin, "/api/embed");
  g_autofree char *bearer = api_key ? g_strconcat ("Bearer ", api_key, NULL) : NULL;
  const char *headers[] = { bearer ? "Authorization" : NULL, bearer, NULL };
  JsonObject *body = json_object_new ();
  JsonArray *input = json_array_new ();
  JsonObject *opts = options && JSON_NODE_HOLDS_OBJECT (options) ? json_node_get_object (options) : NULL;
  g_autoptr(JsonNode) body_node = NULL;

  json_object_set_string_member (body, "model", id);
  for (guint i = 0; i < documents->len; i++)
    {
      g_autofree char *text = genkit_document_get_text (g_ptr_array_index (documents, i));

      json_array_add_string_element (input, text);
    }
  json_object_set_array_member (body, "input", input);
  _genkit_provider_json_copy_member (body, "truncate", opts, "truncate");
  _genkit_provider_json_copy_member (body, "dimensions", opts, "dimensions");
  _genkit_provider_json_copy_member (body, "keep_alive", opts, "keepAlive");
  body_node = _genkit_provider_json_take_object (body);

  _genkit_provider_embed_async (plugin, run, documents->len, url, headers, body_node,
                                _genkit_provider_embeddings_member, _genkit_provider_vector_of_node);
}

/* Discovery --------------------------------------------------------------------------------- */

static gboolean
is_embedding_model (JsonObject *model)
{
  const char *name = _genkit_provider_json_get_string (model, "name");
  JsonObject *details = _genkit_provider_json_get_object (model, "details");
  JsonArray *families = _genkit_provider_json_get_array (details, "families");
  const char *family = _genkit_provider_json_get_string (details, "family");

  if (name != NULL && strstr (name, "embed") != NULL)
    return TRUE;
  if (family != NULL && strstr (family, "bert") != NULL)
    return TRUE;
  for (guint i = 0; families != NULL && i < json_array_get_length (families); i++)
    {
      JsonNode *f = json_array_get_element (families, i);

      if (JSON_NODE_HOLDS_VALUE (f) && json_node_get_value_type (f) == G_TYPE_STRING &&
          strstr (json_node_get_string (f), "bert") != NULL)
        return TRUE;
    }
  return FALSE;
}

/* /api/tags lists every local model; the BERT-family ones are embedders. */
static gboolean
read_model (GenkitProviderPlugin  *plugin,
            JsonObject            *item,
            const char           **id,
            const char           **kind)
{
  if ((*id = _genkit_provider_json_get_string (item, "name")) == NULL)
    return FALSE;
  *kind = is_embedding_model (item) ? "embedder" : "model";
  return TRUE;
}

static void
ollama_discover (GenkitProviderPlugin *plugin,
                 const char           *api_key,
                 GCancellable         *cancellable,
                 GAsyncReadyCallback   callback,
                 gpointer              user_data)
{
  g_autofree char *url = _genkit_provider_plugin_build_url (plugin, "/api/tags");
  g_autofree char *bearer = api_key ? g_strconcat ("Bearer ", api_key, NULL) : NULL;
  const char *headers[] = { bearer ? "Authorization" : NULL, bearer, NULL };

  _genkit_provider_discover_async (plugin, url, headers, DISCOVERY_TIMEOUT_MS, "models", read_model, cancellable,
                                   callback, user_data);
}

/* The object -------------------------------------------------------------------------------- */

static void
genkit_ollama_plugin_constructed (GObject *object)
{
  GenkitProviderPlugin *plugin = GENKIT_PROVIDER_PLUGIN (object);
  static const char * const env[] = { "OLLAMA_API_KEY", NULL };

  G_OBJECT_CLASS (genkit_ollama_plugin_parent_class)->constructed (object);

  _genkit_provider_plugin_set_key_env_vars (plugin, env);
  _genkit_provider_plugin_set_key_required (plugin, FALSE);
  /* Models come and go with `ollama pull`: look again soon. */
  _genkit_provider_plugin_set_discovery_cache_seconds (plugin, 10);
  if (genkit_provider_plugin_get_base_url (plugin) == NULL)
    {
      g_autofree char *url = _genkit_ollama_host_to_url (g_getenv ("OLLAMA_HOST"));

      genkit_provider_plugin_set_base_url (plugin, url);
    }
}

static void
genkit_ollama_plugin_class_init (GenkitOllamaPluginClass *klass)
{
  GenkitProviderPluginClass *provider_class = GENKIT_PROVIDER_PLUGIN_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = genkit_ollama_plugin_constructed;
  provider_class->model_info = ollama_model_info;
  provider_class->embedder_info = ollama_embedder_info;
  provider_class->generate = ollama_generate;
  provider_class->embed = ollama_embed;
  provider_class->discover = ollama_discover;
  provider_class->discover_finish = _genkit_provider_discover_finish;
}

static void
genkit_ollama_plugin_init (GenkitOllamaPlugin *self)
{
}

/**
 * genkit_ollama_plugin_new:
 * @base_url: (nullable): the server, or %NULL for `OLLAMA_HOST` or `http://127.0.0.1:11434`
 *
 * Makes the `ollama` plugin.
 *
 * Returns: (transfer full): the plugin
 */
GenkitProviderPlugin *
genkit_ollama_plugin_new (const char *base_url)
{
  GenkitProviderPlugin *plugin = g_object_new (GENKIT_TYPE_OLLAMA_PLUGIN, "name", "ollama",
                                               "label", "Ollama", NULL);

  if (base_url != NULL)
    genkit_provider_plugin_set_base_url (plugin, base_url);
  return plugin;
}
