/* genkit-anthropic-plugin.c — Anthropic's Messages API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-anthropic-plugin.h"
#include "genkit-provider-private.h"

#define ANTHROPIC_VERSION  "2023-06-01"
#define DEFAULT_MAX_TOKENS 4096

/**
 * GenkitAnthropicPlugin:
 *
 * Claude through the Messages API (`POST /v1/messages`, `GET /v1/models`), with
 * `anthropic-version: 2023-06-01` and the key in `x-api-key` (`ANTHROPIC_API_KEY`; the base URL
 * from `ANTHROPIC_BASE_URL`). System messages become `system` blocks; images and PDFs become
 * `image` and `document` blocks (base64 for data: URLs, `url` sources otherwise); tools map to
 * `tools` with `input_schema` and `tool_choice` (`auto`, `any` for Genkit's `required`, `none`);
 * tool calls and results to `tool_use` and `tool_result` blocks. `config.thinking`
 * (`{"enabled": true, "budgetTokens": 2048}`) turns on extended thinking; thinking blocks come
 * back as `reasoning` parts whose `metadata.thoughtSignature` carries the signature, and go back
 * to the API with it in later turns. A part's `metadata.cacheControl` (`{"type": "ephemeral"}`)
 * becomes the block's `cache_control`. Constrained JSON output goes as structured outputs
 * (`output_config.format` with the schema, every object closed) to the models that have them
 * (Claude 4.5 and later); the others get Genkit's format instructions. Streaming reads the SSE events `message_start`,
 * `content_block_start/delta/stop`, `message_delta`, `message_stop`, `ping` and `error`.
 */
struct _GenkitAnthropicPlugin
{
  GenkitProviderPlugin parent_instance;
};

G_DEFINE_FINAL_TYPE (GenkitAnthropicPlugin, genkit_anthropic_plugin, GENKIT_TYPE_PROVIDER_PLUGIN)

static const char * const known_models[] = {
  "claude-opus-4-6", "claude-sonnet-4-6", "claude-opus-4-5",
  "claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-1", "claude-opus-4-0", "claude-sonnet-4-0",
  "claude-3-7-sonnet-latest", "claude-3-5-haiku-latest", NULL,
};

static const char config_schema_json[] =
  "{\"type\": \"object\", \"properties\": {"
  "\"version\": {\"type\": \"string\", \"description\": \"A model id to call instead of this model's\"},"
  "\"temperature\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1},"
  "\"maxOutputTokens\": {\"type\": \"integer\", \"minimum\": 1, \"default\": 4096},"
  "\"topP\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1},"
  "\"topK\": {\"type\": \"integer\", \"minimum\": 0},"
  "\"stopSequences\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
  "\"thinking\": {\"type\": \"object\", \"properties\": {"
  "  \"enabled\": {\"type\": \"boolean\"},"
  "  \"budgetTokens\": {\"type\": \"integer\", \"minimum\": 1024}},"
  "  \"additionalProperties\": false},"
  "\"userId\": {\"type\": \"string\", \"description\": \"An opaque id of the end user, sent as metadata.user_id\"}"
  "}, \"additionalProperties\": false}";

/* Description ------------------------------------------------------------------------------ */

/* Whether the model takes structured outputs (`output_config.format`): Claude 4.5 and later
 * (`claude-sonnet-4-5`, `claude-haiku-4-5-20251001`, `claude-opus-4-6`, `claude-sonnet-5`…).
 * Older ones (`claude-opus-4-1`, `claude-3-7-sonnet-latest`) and names of another shape get
 * Genkit's format instructions instead. */
static gboolean
model_has_structured_outputs (const char *id)
{
  const char *family_end;
  guint64 major, minor = 0;
  char *end = NULL;

  if (id == NULL || !g_str_has_prefix (id, "claude-"))
    return FALSE;
  family_end = strchr (id + strlen ("claude-"), '-');
  if (family_end == NULL || !g_ascii_isalpha (id[strlen ("claude-")]) || !g_ascii_isdigit (family_end[1]))
    return FALSE;
  major = g_ascii_strtoull (family_end + 1, &end, 10);
  /* A minor version is one or two digits; eight are a date (`claude-sonnet-4-20250514`). */
  if (*end == '-' && g_ascii_isdigit (end[1]) && strspn (end + 1, "0123456789") <= 2)
    minor = g_ascii_strtoull (end + 1, NULL, 10);
  return major > 4 || (major == 4 && minor >= 5);
}

static JsonObject *
anthropic_model_info (GenkitProviderPlugin *plugin,
                      const char           *id)
{
  g_autoptr(JsonNode) schema = _genkit_provider_json_take_object (_genkit_provider_json_object_parse (config_schema_json));
  g_autofree char *label = g_strdup_printf ("Anthropic - %s", id);

  /* Without native structured outputs, Genkit adds the output instructions itself. */
  return _genkit_provider_model_info_new (label, TRUE, TRUE, TRUE, TRUE,
                                          model_has_structured_outputs (id) ? "all" : "none", schema);
}

static void
anthropic_list_known (GenkitProviderPlugin *plugin,
                      GPtrArray            *models,
                      GPtrArray            *embedders)
{
  for (guint i = 0; known_models[i] != NULL; i++)
    g_ptr_array_add (models, g_strdup (known_models[i]));
}

/* The request ------------------------------------------------------------------------------ */

static void
set_cache_control (JsonObject *block,
                   GenkitPart *part)
{
  JsonObject *metadata = genkit_part_get_metadata (part);

  if (!_genkit_provider_json_copy_member (block, "cache_control", metadata, "cacheControl"))
    _genkit_provider_json_copy_member (block, "cache_control", metadata, "cache_control");
}

static JsonObject *
media_block (GenkitPart  *part,
             GError     **error)
{
  const char *url = genkit_part_get_media_url (part);
  const char *content_type = genkit_part_get_media_content_type (part);
  g_autofree char *data_type = NULL;
  g_autofree char *base64 = NULL;
  JsonObject *block = json_object_new ();
  JsonObject *source = json_object_new ();
  gboolean is_data = _genkit_provider_parse_data_url (url, &data_type, &base64);

  if (content_type == NULL)
    content_type = data_type;
  if (content_type == NULL && url != NULL && g_str_has_suffix (url, ".pdf"))
    content_type = "application/pdf";

  json_object_set_string_member (block, "type",
                                 g_strcmp0 (content_type, "application/pdf") == 0 ? "document" : "image");
  if (content_type != NULL && !g_str_equal (content_type, "application/pdf") && !g_str_has_prefix (content_type, "image/"))
    {
      json_object_unref (block);
      json_object_unref (source);
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Anthropic takes images and PDFs, not %s", content_type);
      return NULL;
    }
  if (is_data)
    {
      json_object_set_string_member (source, "type", "base64");
      json_object_set_string_member (source, "media_type", content_type);
      json_object_set_string_member (source, "data", base64);
    }
  else
    {
      json_object_set_string_member (source, "type", "url");
      json_object_set_string_member (source, "url", url);
    }
  json_object_set_object_member (block, "source", source);
  set_cache_control (block, part);
  return block;
}

static JsonArray *
content_blocks (GenkitMessage  *message,
                GError        **error)
{
  JsonArray *blocks = json_array_new ();

  for (guint i = 0; i < genkit_message_get_n_parts (message); i++)
    {
      g_autoptr(GenkitPart) part = genkit_message_get_part (message, i);
      JsonObject *block = NULL;

      switch (genkit_part_get_kind (part))
        {
        case GENKIT_PART_KIND_TEXT:
          if (*genkit_part_get_text (part) == '\0')
            continue;   /* the API refuses empty text blocks */
          block = json_object_new ();
          json_object_set_string_member (block, "type", "text");
          json_object_set_string_member (block, "text", genkit_part_get_text (part));
          set_cache_control (block, part);
          break;

        case GENKIT_PART_KIND_MEDIA:
          if ((block = media_block (part, error)) == NULL)
            {
              json_array_unref (blocks);
              return NULL;
            }
          break;

        case GENKIT_PART_KIND_TOOL_REQUEST:
          block = json_object_new ();
          json_object_set_string_member (block, "type", "tool_use");
          json_object_set_string_member (block, "id", genkit_part_get_tool_ref (part) ? genkit_part_get_tool_ref (part)
                                                                                     : genkit_part_get_tool_name (part));
          json_object_set_string_member (block, "name", genkit_part_get_tool_name (part));
          if (genkit_part_get_tool_input (part) != NULL && JSON_NODE_HOLDS_OBJECT (genkit_part_get_tool_input (part)))
            json_object_set_member (block, "input", json_node_copy (genkit_part_get_tool_input (part)));
          else
            json_object_set_object_member (block, "input", json_object_new ());
          break;

        case GENKIT_PART_KIND_TOOL_RESPONSE:
          {
            g_autofree char *output = _genkit_provider_tool_output_to_string (part);

            block = json_object_new ();
            json_object_set_string_member (block, "type", "tool_result");
            json_object_set_string_member (block, "tool_use_id", genkit_part_get_tool_ref (part)
                                                                  ? genkit_part_get_tool_ref (part)
                                                                  : genkit_part_get_tool_name (part));
            json_object_set_string_member (block, "content", output);
            set_cache_control (block, part);
          }
          break;

        case GENKIT_PART_KIND_REASONING:
          {
            /* Thinking goes back only with its signature, as the API demands. */
            JsonObject *metadata = genkit_part_get_metadata (part);
            const char *signature = _genkit_provider_json_get_string (metadata, "thoughtSignature");

            if (signature == NULL)
              continue;
            block = json_object_new ();
            json_object_set_string_member (block, "type", "thinking");
            json_object_set_string_member (block, "thinking", genkit_part_get_reasoning (part));
            json_object_set_string_member (block, "signature", signature);
          }
          break;

        case GENKIT_PART_KIND_CUSTOM:
          {
            const char *redacted = _genkit_provider_json_get_string (genkit_part_get_custom (part), "redactedThinking");

            if (redacted == NULL)
              continue;
            block = json_object_new ();
            json_object_set_string_member (block, "type", "redacted_thinking");
            json_object_set_string_member (block, "data", redacted);
          }
          break;

        default:
          continue;
        }
      json_array_add_object_element (blocks, block);
    }
  return blocks;
}

/* A JSON Schema as structured outputs take it: without `$schema`, and every object closed
 * (`additionalProperties: false`, which the API requires), as the anthropic plugin does. */
static JsonNode *
structured_output_schema (JsonNode *schema)
{
  JsonObject *object;
  JsonObject *copy;
  g_autoptr(GList) members = NULL;

  if (JSON_NODE_HOLDS_ARRAY (schema))
    {
      JsonArray *items = json_array_new ();
      JsonNode *node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (json_node_get_array (schema)); i++)
        json_array_add_element (items, structured_output_schema (json_array_get_element (json_node_get_array (schema), i)));
      json_node_take_array (node, items);
      return node;
    }
  if (!JSON_NODE_HOLDS_OBJECT (schema))
    return json_node_copy (schema);

  object = json_node_get_object (schema);
  copy = json_object_new ();
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "$schema"))
      json_object_set_member (copy, l->data, structured_output_schema (json_object_get_member (object, l->data)));
  if (g_strcmp0 (_genkit_provider_json_get_string (object, "type"), "object") == 0)
    json_object_set_boolean_member (copy, "additionalProperties", FALSE);
  return _genkit_provider_json_take_object (copy);
}

static JsonObject *
build_body (GenkitGenerateRequest  *request,
            const char             *id,
            gboolean                stream,
            GError                **error)
{
  g_autoptr(JsonObject) body = json_object_new ();
  JsonObject *config = _genkit_provider_request_get_config (request);
  JsonArray *messages = json_array_new ();
  JsonArray *system = json_array_new ();
  const char *tool_choice = genkit_generate_request_get_tool_choice (request);
  const char *version = _genkit_provider_json_get_string (config, "version");
  JsonObject *thinking = _genkit_provider_json_get_object (config, "thinking");
  JsonObject *output = genkit_generate_request_get_output (request);
  JsonNode *output_schema = output ? json_object_get_member (output, "schema") : NULL;
  double max_tokens = DEFAULT_MAX_TOKENS;

  json_object_set_string_member (body, "model", version ? version : id);
  _genkit_provider_json_get_number (config, "maxOutputTokens", &max_tokens);
  json_object_set_int_member (body, "max_tokens", (gint64) max_tokens);

  for (guint m = 0; m < genkit_generate_request_get_n_messages (request); m++)
    {
      g_autoptr(GenkitMessage) message = genkit_generate_request_get_message (request, m);
      JsonArray *blocks = content_blocks (message, error);
      JsonObject *o;

      if (blocks == NULL)
        {
          json_array_unref (messages);
          json_array_unref (system);
          return NULL;
        }
      if (genkit_message_get_role (message) == GENKIT_ROLE_SYSTEM)
        {
          for (guint i = 0; i < json_array_get_length (blocks); i++)
            json_array_add_element (system, json_node_copy (json_array_get_element (blocks, i)));
          json_array_unref (blocks);
          continue;
        }
      if (json_array_get_length (blocks) == 0)
        {
          json_array_unref (blocks);
          continue;
        }
      o = json_object_new ();
      json_object_set_string_member (o, "role", genkit_message_get_role (message) == GENKIT_ROLE_MODEL ? "assistant"
                                                                                                      : "user");
      json_object_set_array_member (o, "content", blocks);
      json_array_add_object_element (messages, o);
    }
  if (json_array_get_length (system) > 0)
    json_object_set_array_member (body, "system", system);
  else
    json_array_unref (system);
  json_object_set_array_member (body, "messages", messages);

  if (genkit_generate_request_get_n_tools (request) > 0)
    {
      JsonArray *tools = json_array_new ();

      for (guint i = 0; i < genkit_generate_request_get_n_tools (request); i++)
        {
          JsonObject *tool = genkit_generate_request_get_tool (request, i);
          JsonObject *t = json_object_new ();

          json_object_set_string_member (t, "name", _genkit_provider_json_get_string (tool, "name"));
          if (_genkit_provider_json_get_string (tool, "description") != NULL)
            json_object_set_string_member (t, "description", _genkit_provider_json_get_string (tool, "description"));
          if (!_genkit_provider_json_copy_member (t, "input_schema", tool, "inputSchema"))
            json_object_set_object_member (t, "input_schema",
                                           _genkit_provider_json_object_parse ("{\"type\": \"object\", \"properties\": {}}"));
          json_array_add_object_element (tools, t);
        }
      json_object_set_array_member (body, "tools", tools);
      if (tool_choice != NULL)
        {
          JsonObject *choice = json_object_new ();

          json_object_set_string_member (choice, "type", g_str_equal (tool_choice, "required") ? "any" : tool_choice);
          json_object_set_object_member (body, "tool_choice", choice);
        }
    }

  if (thinking != NULL && _genkit_provider_json_get_bool (thinking, "enabled", FALSE))
    {
      JsonObject *t = json_object_new ();
      double budget = 1024;

      _genkit_provider_json_get_number (thinking, "budgetTokens", &budget);
      json_object_set_string_member (t, "type", "enabled");
      json_object_set_int_member (t, "budget_tokens", (gint64) budget);
      json_object_set_object_member (body, "thinking", t);
    }
  _genkit_provider_json_copy_member (body, "temperature", config, "temperature");
  _genkit_provider_json_copy_member (body, "top_p", config, "topP");
  _genkit_provider_json_copy_member (body, "top_k", config, "topK");
  _genkit_provider_json_copy_member (body, "stop_sequences", config, "stopSequences");
  if (_genkit_provider_json_get_string (config, "userId") != NULL)
    {
      JsonObject *metadata = json_object_new ();

      json_object_set_string_member (metadata, "user_id", _genkit_provider_json_get_string (config, "userId"));
      json_object_set_object_member (body, "metadata", metadata);
    }
  /* Constrained JSON output natively, where the model has it; otherwise Genkit's format
   * instructions are already in the messages. */
  if (output != NULL && g_strcmp0 (_genkit_provider_json_get_string (output, "format"), "json") == 0 &&
      _genkit_provider_json_get_bool (output, "constrained", FALSE) && output_schema != NULL &&
      JSON_NODE_HOLDS_OBJECT (output_schema) && model_has_structured_outputs (version ? version : id))
    {
      JsonObject *output_config = json_object_new ();
      JsonObject *format = json_object_new ();

      json_object_set_string_member (format, "type", "json_schema");
      json_object_set_member (format, "schema", structured_output_schema (output_schema));
      json_object_set_object_member (output_config, "format", format);
      json_object_set_object_member (body, "output_config", output_config);
    }
  if (stream)
    json_object_set_boolean_member (body, "stream", TRUE);
  return g_steal_pointer (&body);
}

/* The answer -------------------------------------------------------------------------------- */

static GenkitFinishReason
finish_reason_of (const char *reason)
{
  if (reason == NULL)
    return GENKIT_FINISH_REASON_UNKNOWN;
  if (g_str_equal (reason, "end_turn") || g_str_equal (reason, "stop_sequence") ||
      g_str_equal (reason, "tool_use") || g_str_equal (reason, "pause_turn"))
    return GENKIT_FINISH_REASON_STOP;
  if (g_str_equal (reason, "max_tokens") || g_str_equal (reason, "model_context_window_exceeded"))
    return GENKIT_FINISH_REASON_LENGTH;
  if (g_str_equal (reason, "refusal"))
    return GENKIT_FINISH_REASON_BLOCKED;
  return GENKIT_FINISH_REASON_OTHER;
}

static void
usage_add (GenkitGenerationUsage *usage,
           JsonObject            *from,
           double                *cache_creation)
{
  _genkit_provider_usage_set (usage, "inputTokens", from, "input_tokens");
  _genkit_provider_usage_set (usage, "outputTokens", from, "output_tokens");
  _genkit_provider_usage_set (usage, "cachedContentTokens", from, "cache_read_input_tokens");
  _genkit_provider_json_get_number (from, "cache_creation_input_tokens", cache_creation);
}

/* The total, and the tokens written to the prompt cache as `custom.cacheCreationInputTokens`. */
static GenkitGenerationUsage *
usage_finish (GenkitGenerationUsage *usage,
              double                 cache_creation)
{
  g_autoptr(JsonNode) node = NULL;

  if (genkit_generation_usage_has_value (usage, "inputTokens") &&
      genkit_generation_usage_has_value (usage, "outputTokens"))
    genkit_generation_usage_set_value (usage, "totalTokens",
                                       genkit_generation_usage_get_value (usage, "inputTokens") +
                                       genkit_generation_usage_get_value (usage, "outputTokens"));
  node = genkit_generation_usage_to_json (usage);
  if (cache_creation > 0)
    {
      JsonObject *custom = json_object_new ();

      json_object_set_double_member (custom, "cacheCreationInputTokens", cache_creation);
      json_object_set_object_member (json_node_get_object (node), "custom", custom);
    }
  return genkit_generation_usage_new_from_json (node, NULL);
}

static GenkitPart *
reasoning_part (const char *thinking,
                const char *signature)
{
  GenkitPart *part = genkit_part_new_reasoning (thinking);

  if (signature != NULL)
    {
      g_autoptr(JsonObject) metadata = json_object_new ();

      json_object_set_string_member (metadata, "thoughtSignature", signature);
      genkit_part_set_metadata (part, metadata);
    }
  return part;
}

static GenkitPart *
redacted_part (const char *data)
{
  g_autoptr(JsonObject) custom = json_object_new ();

  json_object_set_string_member (custom, "redactedThinking", data);
  return genkit_part_new_custom (custom);
}

/* A content block of a whole answer as a part, or NULL for a kind Genkit has no part for. */
static GenkitPart *
part_of_block (JsonObject *block)
{
  const char *type = _genkit_provider_json_get_string (block, "type");

  if (g_strcmp0 (type, "text") == 0)
    return genkit_part_new_text (_genkit_provider_json_get_string (block, "text") ?: "");
  if (g_strcmp0 (type, "thinking") == 0)
    return reasoning_part (_genkit_provider_json_get_string (block, "thinking") ?: "",
                           _genkit_provider_json_get_string (block, "signature"));
  if (g_strcmp0 (type, "redacted_thinking") == 0 && _genkit_provider_json_get_string (block, "data") != NULL)
    return redacted_part (_genkit_provider_json_get_string (block, "data"));
  if (g_strcmp0 (type, "tool_use") == 0 && _genkit_provider_json_get_string (block, "name") != NULL)
    {
      JsonNode *input = json_object_get_member (block, "input");

      return genkit_part_new_tool_request (_genkit_provider_json_get_string (block, "name"),
                                           _genkit_provider_json_get_string (block, "id"), input);
    }
  return NULL;
}

typedef struct
{
  char    *type;
  GString *text;          /* text, thinking, or the tool input's JSON */
  char    *signature;
  char    *id;
  char    *name;
  char    *data;          /* redacted thinking */
  gboolean stopped;
} Block;

static void
block_free (Block *block)
{
  g_free (block->type);
  g_string_free (block->text, TRUE);
  g_free (block->signature);
  g_free (block->id);
  g_free (block->name);
  g_free (block->data);
  g_free (block);
}

typedef struct
{
  GenkitModelCall       *call;
  char                  *label;
  GPtrArray             *blocks;     /* Block, by index */
  GenkitGenerationUsage *usage;
  double                 cache_creation;
  char                  *stop_reason;
  gboolean               stopped;
} Generation;

static void
generation_free (Generation *gen)
{
  g_clear_object (&gen->call);
  g_free (gen->label);
  g_ptr_array_unref (gen->blocks);
  g_clear_pointer (&gen->usage, genkit_generation_usage_unref);
  g_free (gen->stop_reason);
  g_free (gen);
}

static GenkitPart *
part_of_streamed_block (Block   *block,
                        GError **error,
                        const char *label)
{
  if (g_strcmp0 (block->type, "text") == 0)
    return block->text->len ? genkit_part_new_text (block->text->str) : NULL;
  if (g_strcmp0 (block->type, "thinking") == 0)
    return reasoning_part (block->text->str, block->signature);
  if (g_strcmp0 (block->type, "redacted_thinking") == 0 && block->data != NULL)
    return redacted_part (block->data);
  if (g_strcmp0 (block->type, "tool_use") == 0 && block->name != NULL)
    {
      g_autoptr(JsonNode) input = NULL;

      if (block->text->len == 0)
        input = _genkit_provider_json_take_object (json_object_new ());
      else if ((input = genkit_json_parse (block->text->str, -1, NULL)) == NULL)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                       "%s streamed tool input that is not JSON for %s", label, block->name);
          return NULL;
        }
      return genkit_part_new_tool_request (block->name, block->id, input);
    }
  return NULL;
}

static gboolean
stream_event_cb (const char  *event,
                 JsonNode    *data,
                 gpointer     user_data,
                 GError     **error)
{
  Generation *gen = user_data;
  JsonObject *object;
  const char *type;
  double index = -1;
  Block *block = NULL;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return TRUE;
  object = json_node_get_object (data);
  type = _genkit_provider_json_get_string (object, "type");
  if (type == NULL)
    type = event;
  if (type == NULL)
    return TRUE;

  if (g_str_equal (type, "error"))
    {
      g_propagate_error (error, _genkit_provider_error_from_body (gen->label, data, GENKIT_ERROR_UNAVAILABLE, NULL));
      return FALSE;
    }
  if (g_str_equal (type, "message_start"))
    {
      usage_add (gen->usage, _genkit_provider_json_get_object (_genkit_provider_json_get_object (object, "message"), "usage"),
                 &gen->cache_creation);
      return TRUE;
    }
  if (g_str_equal (type, "message_delta"))
    {
      const char *reason = _genkit_provider_json_get_string (_genkit_provider_json_get_object (object, "delta"), "stop_reason");

      if (reason != NULL)
        {
          g_free (gen->stop_reason);
          gen->stop_reason = g_strdup (reason);
        }
      usage_add (gen->usage, _genkit_provider_json_get_object (object, "usage"), &gen->cache_creation);
      return TRUE;
    }
  if (g_str_equal (type, "message_stop"))
    {
      gen->stopped = TRUE;
      return TRUE;
    }

  if (!_genkit_provider_json_get_number (object, "index", &index))
    return TRUE;   /* ping, and events this reader does not know */
  if (index < 0 || index > 4096)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s streamed a content block index of %g",
                   gen->label, index);
      return FALSE;
    }

  if (g_str_equal (type, "content_block_start"))
    {
      JsonObject *start = _genkit_provider_json_get_object (object, "content_block");

      while (gen->blocks->len <= (guint) index)
        {
          Block *empty = g_new0 (Block, 1);

          empty->text = g_string_new (NULL);
          g_ptr_array_add (gen->blocks, empty);
        }
      block = g_ptr_array_index (gen->blocks, (guint) index);
      g_free (block->type);
      block->type = g_strdup (_genkit_provider_json_get_string (start, "type"));
      g_free (block->id);
      block->id = g_strdup (_genkit_provider_json_get_string (start, "id"));
      g_free (block->name);
      block->name = g_strdup (_genkit_provider_json_get_string (start, "name"));
      g_free (block->data);
      block->data = g_strdup (_genkit_provider_json_get_string (start, "data"));
      g_string_truncate (block->text, 0);
      if (_genkit_provider_json_get_string (start, "text") != NULL)
        g_string_append (block->text, _genkit_provider_json_get_string (start, "text"));
      return TRUE;
    }

  if ((guint) index >= gen->blocks->len)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                   "%s streamed an event for content block %g before it started", gen->label, index);
      return FALSE;
    }
  block = g_ptr_array_index (gen->blocks, (guint) index);

  if (g_str_equal (type, "content_block_delta"))
    {
      JsonObject *delta = _genkit_provider_json_get_object (object, "delta");
      const char *kind = _genkit_provider_json_get_string (delta, "type");
      const char *piece;

      if (g_strcmp0 (kind, "text_delta") == 0 && (piece = _genkit_provider_json_get_string (delta, "text")) != NULL)
        {
          g_autoptr(GenkitPart) part = genkit_part_new_text (piece);

          g_string_append (block->text, piece);
          if (*piece != '\0')
            _genkit_provider_send_chunk (gen->call, part);
        }
      else if (g_strcmp0 (kind, "thinking_delta") == 0 && (piece = _genkit_provider_json_get_string (delta, "thinking")) != NULL)
        {
          g_autoptr(GenkitPart) part = genkit_part_new_reasoning (piece);

          g_string_append (block->text, piece);
          if (*piece != '\0')
            _genkit_provider_send_chunk (gen->call, part);
        }
      else if (g_strcmp0 (kind, "signature_delta") == 0 && (piece = _genkit_provider_json_get_string (delta, "signature")) != NULL)
        {
          char *longer = g_strconcat (block->signature ? block->signature : "", piece, NULL);

          g_free (block->signature);
          block->signature = longer;
        }
      else if (g_strcmp0 (kind, "input_json_delta") == 0 &&
               (piece = _genkit_provider_json_get_string (delta, "partial_json")) != NULL)
        g_string_append (block->text, piece);
      return TRUE;
    }

  if (g_str_equal (type, "content_block_stop"))
    {
      block->stopped = TRUE;
      if (g_strcmp0 (block->type, "tool_use") == 0)
        {
          g_autoptr(GenkitPart) part = part_of_streamed_block (block, error, gen->label);

          if (part == NULL && error != NULL && *error != NULL)
            return FALSE;
          if (part != NULL)
            _genkit_provider_send_chunk (gen->call, part);
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
  g_autoptr(GenkitProviderReply) reply = NULL;
  g_autoptr(GenkitMessage) message = genkit_message_new (GENKIT_ROLE_MODEL);
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(GenkitGenerationUsage) usage = NULL;
  GError *error = NULL;

  reply = _genkit_provider_client_request_finish (GENKIT_PROVIDER_CLIENT (object), result, &error);
  if (reply != NULL && !gen->stopped)
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                         "%s ended the stream before message_stop", gen->label);
  for (guint i = 0; error == NULL && i < gen->blocks->len; i++)
    {
      g_autoptr(GenkitPart) part = part_of_streamed_block (g_ptr_array_index (gen->blocks, i), &error, gen->label);

      if (part != NULL)
        genkit_message_add_part (message, part);
    }
  if (error != NULL)
    {
      genkit_model_call_return_error (gen->call, error);
      generation_free (gen);
      return;
    }
  usage = usage_finish (gen->usage, gen->cache_creation);
  response = _genkit_provider_response_new (message, finish_reason_of (gen->stop_reason), NULL, usage);
  genkit_model_call_return_response (gen->call, response);
  generation_free (gen);
}

static void
generate_plain_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Generation *gen = user_data;
  g_autoptr(GenkitProviderReply) reply = NULL;
  g_autoptr(GenkitMessage) message = genkit_message_new (GENKIT_ROLE_MODEL);
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(GenkitGenerationUsage) usage = NULL;
  JsonObject *answer = NULL;
  JsonArray *content = NULL;
  GError *error = NULL;

  reply = _genkit_provider_client_request_finish (GENKIT_PROVIDER_CLIENT (object), result, &error);
  if (reply != NULL && reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json))
    {
      answer = json_node_get_object (reply->json);
      content = _genkit_provider_json_get_array (answer, "content");
    }
  if (reply != NULL && content == NULL)
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered without content", gen->label);
  if (error != NULL)
    {
      genkit_model_call_return_error (gen->call, error);
      generation_free (gen);
      return;
    }

  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonNode *item = json_array_get_element (content, i);
      g_autoptr(GenkitPart) part = JSON_NODE_HOLDS_OBJECT (item) ? part_of_block (json_node_get_object (item)) : NULL;

      if (part != NULL)
        genkit_message_add_part (message, part);
    }
  usage_add (gen->usage, _genkit_provider_json_get_object (answer, "usage"), &gen->cache_creation);
  usage = usage_finish (gen->usage, gen->cache_creation);
  response = _genkit_provider_response_new (message, finish_reason_of (_genkit_provider_json_get_string (answer, "stop_reason")),
                                   NULL, usage);
  genkit_model_call_return_response (gen->call, response);
  generation_free (gen);
}

static void
anthropic_generate (GenkitProviderPlugin  *plugin,
                    GenkitModelCall       *call,
                    GenkitGenerateRequest *request,
                    const char            *id,
                    const char            *api_key)
{
  GenkitProviderClient *client = _genkit_provider_plugin_get_client (plugin);
  gboolean stream = genkit_model_call_is_streaming (call);
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(JsonNode) body_node = NULL;
  g_autofree char *url = _genkit_provider_plugin_build_url (plugin, "/v1/messages");
  const char *headers[] = { "x-api-key", api_key, "anthropic-version", ANTHROPIC_VERSION, NULL };
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
  gen->blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) block_free);
  gen->usage = genkit_generation_usage_new ();

  _genkit_provider_client_request_async (client, "POST", url, headers, body_node,
                                         stream ? GENKIT_PROVIDER_STREAM_SSE : GENKIT_PROVIDER_STREAM_NONE,
                                         stream ? stream_event_cb : NULL, gen,
                                         genkit_model_call_get_cancellable (call),
                                         stream ? generate_stream_cb : generate_plain_cb, gen);
}

/* Discovery --------------------------------------------------------------------------------- */

/* /v1/models lists only chat models. */
static gboolean
read_model (GenkitProviderPlugin  *plugin,
            JsonObject            *item,
            const char           **id,
            const char           **kind)
{
  *kind = "model";
  return (*id = _genkit_provider_json_get_string (item, "id")) != NULL;
}

static void
anthropic_discover (GenkitProviderPlugin *plugin,
                    const char           *api_key,
                    GCancellable         *cancellable,
                    GAsyncReadyCallback   callback,
                    gpointer              user_data)
{
  g_autofree char *url = _genkit_provider_plugin_build_url (plugin, "/v1/models?limit=1000");
  const char *headers[] = { "x-api-key", api_key, "anthropic-version", ANTHROPIC_VERSION, NULL };

  _genkit_provider_discover_async (plugin, url, headers, 0, "data", read_model, cancellable, callback, user_data);
}

/* The object -------------------------------------------------------------------------------- */

static void
genkit_anthropic_plugin_constructed (GObject *object)
{
  GenkitProviderPlugin *plugin = GENKIT_PROVIDER_PLUGIN (object);
  static const char * const env[] = { "ANTHROPIC_API_KEY", NULL };

  G_OBJECT_CLASS (genkit_anthropic_plugin_parent_class)->constructed (object);

  _genkit_provider_plugin_set_key_env_vars (plugin, env);
  _genkit_provider_plugin_set_default_base_url (plugin, "ANTHROPIC_BASE_URL", "https://api.anthropic.com");
}

static void
genkit_anthropic_plugin_class_init (GenkitAnthropicPluginClass *klass)
{
  GenkitProviderPluginClass *provider_class = GENKIT_PROVIDER_PLUGIN_CLASS (klass);

  G_OBJECT_CLASS (klass)->constructed = genkit_anthropic_plugin_constructed;
  provider_class->model_info = anthropic_model_info;
  provider_class->list_known = anthropic_list_known;
  provider_class->generate = anthropic_generate;
  provider_class->discover = anthropic_discover;
  provider_class->discover_finish = _genkit_provider_discover_finish;
}

static void
genkit_anthropic_plugin_init (GenkitAnthropicPlugin *self)
{
}

/**
 * genkit_anthropic_plugin_new:
 *
 * Makes the `anthropic` plugin.
 *
 * Returns: (transfer full): the plugin
 */
GenkitProviderPlugin *
genkit_anthropic_plugin_new (void)
{
  return g_object_new (GENKIT_TYPE_ANTHROPIC_PLUGIN, "name", "anthropic", "label", "Anthropic", NULL);
}
