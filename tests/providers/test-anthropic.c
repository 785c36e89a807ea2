/* test-anthropic.c — the Anthropic plugin against a server replaying the Messages API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "../engine/test-util.h"

#define KEY "sk-ant-api03-test-secret-key"

/* Anthropic's docs, "Streaming Messages", the basic streaming request's events. */
static const char stream_answer[] =
  "event: message_start\n"
  "data: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY\", \"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"claude-opus-4-1-20250805\", \"stop_reason\": null, \"stop_sequence\": null, \"usage\": {\"input_tokens\": 25, \"output_tokens\": 1}}}\n"
  "\n"
  "event: content_block_start\n"
  "data: {\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}\n"
  "\n"
  "event: ping\n"
  "data: {\"type\": \"ping\"}\n"
  "\n"
  "event: content_block_delta\n"
  "data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"Hello\"}}\n"
  "\n"
  "event: content_block_delta\n"
  "data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"text_delta\", \"text\": \"!\"}}\n"
  "\n"
  "event: content_block_stop\n"
  "data: {\"type\": \"content_block_stop\", \"index\": 0}\n"
  "\n"
  "event: message_delta\n"
  "data: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\":null}, \"usage\": {\"output_tokens\": 15}}\n"
  "\n"
  "event: message_stop\n"
  "data: {\"type\": \"message_stop\"}\n"
  "\n";

static const char request[] =
  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Hello\"}]}]}";

static GenkitProviderPlugin *
make_plugin (const char *base_url)
{
  return g_object_new (GENKIT_TYPE_ANTHROPIC_PLUGIN, "name", "anthropic", "label", "Anthropic",
                       "base-url", base_url, "api-key", KEY, "use-keyring", FALSE,
                       "discover-models", FALSE, "timeout-ms", 400, NULL);
}

static const ProviderSpec spec = {
  .prefix = "/anthropic",
  .make = make_plugin,
  .key = KEY,
  .model_key = "/model/anthropic/claude-sonnet-4-5",
  .request = request,
  .path = "/v1/messages",
  .stream_path = "/v1/messages",
  .stream_content_type = "text/event-stream; charset=utf-8",
  .stream_body = stream_answer,
  .stall_after = 700,
  .stream_text = "Hello!",
  .stream_chunks = 2,
  .error_content_type = "application/json",
  .error_bodies = {
    "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"messages: text content blocks must be non-empty\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}",
    "{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " KEY "\"},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fz\"}",
    "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"}}",
    "{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"Internal server error\"}}",
  },
  .error_codes = { GENKIT_ERROR_INVALID_ARGUMENT, GENKIT_ERROR_UNAUTHENTICATED,
                   GENKIT_ERROR_RESOURCE_EXHAUSTED, GENKIT_ERROR_UNAVAILABLE },
};

static void
test_anthropic_plain (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;
  JsonObject *usage;

  g_test_summary ("A plain message: system blocks with cache_control, a PDF document block, thinking "
                  "config and the version headers; the answer's text, reasoning, stop reason, usage");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/messages",
    .expect_body = "{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 2048,"
                   " \"system\": [{\"type\": \"text\", \"text\": \"You read contracts.\", \"cache_control\": {\"type\": \"ephemeral\"}}],"
                   " \"messages\": [{\"role\": \"user\", \"content\": ["
                   "  {\"type\": \"document\", \"source\": {\"type\": \"base64\", \"media_type\": \"application/pdf\", \"data\": \"JVBERi0xLjQK\"}},"
                   "  {\"type\": \"text\", \"text\": \"Summarize it.\"}]}],"
                   " \"thinking\": {\"type\": \"enabled\", \"budget_tokens\": 1024},"
                   " \"temperature\": 1, \"metadata\": {\"user_id\": \"u-42\"}}",
    .expect_headers = { "x-api-key", KEY, "anthropic-version", "2023-06-01", "Content-Type", "application/json", NULL },
    .content_type = "application/json",
    .body = "{\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5-20250929\","
            "\"content\":[{\"type\":\"thinking\",\"thinking\":\"The user wants a summary.\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3h\"},"
            "{\"type\":\"text\",\"text\":\"It is a lease for two years.\"}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
            "\"usage\":{\"input_tokens\":2095,\"cache_creation_input_tokens\":1800,\"cache_read_input_tokens\":0,\"output_tokens\":503}}",
  });
  test_run_model (registry, "/model/anthropic/claude-sonnet-4-5",
                  "{\"messages\": [{\"role\": \"system\", \"content\": [{\"text\": \"You read contracts.\","
                  " \"metadata\": {\"cacheControl\": {\"type\": \"ephemeral\"}}}]},"
                  " {\"role\": \"user\", \"content\": [{\"media\": {\"url\": \"data:application/pdf;base64,JVBERi0xLjQK\","
                  " \"contentType\": \"application/pdf\"}}, {\"text\": \"Summarize it.\"}]}],"
                  " \"config\": {\"maxOutputTokens\": 2048, \"temperature\": 1, \"userId\": \"u-42\","
                  " \"thinking\": {\"enabled\": true, \"budgetTokens\": 1024}}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "It is a lease for two years.");
  g_assert_cmpstr (json_object_get_string_member (model_run_message_part (&run, 0), "reasoning"), ==,
                   "The user wants a summary.");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (model_run_message_part (&run, 0), "metadata"),
                                                  "thoughtSignature"), ==, "EqQBCgIYAhIM1gbcDa9GJwZA2b3h");
  g_assert_cmpfloat (model_run_usage (&run, "inputTokens"), ==, 2095);
  g_assert_cmpfloat (model_run_usage (&run, "outputTokens"), ==, 503);
  g_assert_cmpfloat (model_run_usage (&run, "totalTokens"), ==, 2598);
  usage = json_object_get_object_member (json_node_get_object (run.output), "usage");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (usage, "custom"),
                                                    "cacheCreationInputTokens"), ==, 1800);
}

/* "Streaming Messages", the tool use example: the input arrives as partial JSON. */
static const char tool_stream[] =
  "event: message_start\n"
  "data: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_014p7gG3wDgGV9EUtLvnow3U\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-opus-4-1-20250805\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":472,\"output_tokens\":2},\"content\":[],\"stop_reason\":null}}\n\n"
  "event: content_block_start\n"
  "data: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
  "event: ping\n"
  "data: {\"type\": \"ping\"}\n\n"
  "event: content_block_delta\n"
  "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Okay\"}}\n\n"
  "event: content_block_delta\n"
  "data: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\", let's check the weather.\"}}\n\n"
  "event: content_block_stop\n"
  "data: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
  "event: content_block_start\n"
  "data: {\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\",\"input\":{}}}\n\n"
  "event: content_block_delta\n"
  "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"\"}}\n\n"
  "event: content_block_delta\n"
  "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"location\\\":\"}}\n\n"
  "event: content_block_delta\n"
  "data: {\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\" \\\"San Francisco, CA\\\"}\"}}\n\n"
  "event: content_block_stop\n"
  "data: {\"type\":\"content_block_stop\",\"index\":1}\n\n"
  "event: message_delta\n"
  "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}\n\n"
  "event: message_stop\n"
  "data: {\"type\":\"message_stop\"}\n\n";

static void
test_anthropic_tool_round_trip (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;

  g_test_summary ("Streamed generate with a tool: the tool_use block's partial JSON becomes the tool's "
                  "input; the call and the result go back as tool_use and tool_result blocks");

  test_define_canned_tool (registry, "get_weather", "Get the current weather in a given location",
                           "{\"type\": \"object\", \"properties\": {\"location\": {\"type\": \"string\"}},"
                           " \"required\": [\"location\"]}",
                           "location", "San Francisco, CA", "{\"tempF\": 59}");
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/messages",
    .expect_contains = {
      "\"tools\":[{\"name\":\"get_weather\",\"description\":\"Get the current weather in a given location\",\"input_schema\":{",
      "\"tool_choice\":{\"type\":\"any\"}",
      "\"stream\":true",
    },
    .content_type = "text/event-stream; charset=utf-8", .body = tool_stream, .chunk_size = 5,
  });
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/messages",
    .expect_contains = {
      "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Okay, let's check the weather.\"},"
      "{\"type\":\"tool_use\",\"id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"name\":\"get_weather\",\"input\":{\"location\":\"San Francisco, CA\"}}]}",
      "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_01T1x1fJ34qAmk2tNTrN7Up6\",\"content\":\"{\\\"tempF\\\":59}\"}]}",
    },
    .content_type = "text/event-stream; charset=utf-8", .body = stream_answer,
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"anthropic/claude-opus-4-1\", \"tools\": [\"get_weather\"], \"toolChoice\": \"required\","
                  " \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"What is the weather like in San Francisco?\"}]}]}",
                  TRUE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "Hello!");
}

/* "Extended thinking", streaming: thinking deltas, then the signature. */
static const char thinking_stream[] =
  "event: message_start\n"
  "data: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_01\", \"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"claude-sonnet-4-5\", \"stop_reason\": null, \"stop_sequence\": null}}\n\n"
  "event: content_block_start\n"
  "data: {\"type\": \"content_block_start\", \"index\": 0, \"content_block\": {\"type\": \"thinking\", \"thinking\": \"\"}}\n\n"
  "event: content_block_delta\n"
  "data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"thinking_delta\", \"thinking\": \"Let me solve this step by step:\\n\\n1. First break down 27 * 453\"}}\n\n"
  "event: content_block_delta\n"
  "data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"thinking_delta\", \"thinking\": \"\\n2. 453 = 400 + 50 + 3\"}}\n\n"
  "event: content_block_delta\n"
  "data: {\"type\": \"content_block_delta\", \"index\": 0, \"delta\": {\"type\": \"signature_delta\", \"signature\": \"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds\"}}\n\n"
  "event: content_block_stop\n"
  "data: {\"type\": \"content_block_stop\", \"index\": 0}\n\n"
  "event: content_block_start\n"
  "data: {\"type\": \"content_block_start\", \"index\": 1, \"content_block\": {\"type\": \"text\", \"text\": \"\"}}\n\n"
  "event: content_block_delta\n"
  "data: {\"type\": \"content_block_delta\", \"index\": 1, \"delta\": {\"type\": \"text_delta\", \"text\": \"27 * 453 = 12,231\"}}\n\n"
  "event: content_block_stop\n"
  "data: {\"type\": \"content_block_stop\", \"index\": 1}\n\n"
  "event: message_delta\n"
  "data: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": \"end_turn\", \"stop_sequence\": null}}\n\n"
  "event: message_stop\n"
  "data: {\"type\": \"message_stop\"}\n\n";

static void
test_anthropic_thinking_stream (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  JsonObject *reasoning;

  g_test_summary ("Streamed thinking: thinking deltas stream as reasoning chunks and the signature "
                  "lands in the reasoning part's metadata");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/messages",
    .content_type = "text/event-stream; charset=utf-8", .body = thinking_stream, .chunk_size = 3,
  });
  test_run_model (registry, "/model/anthropic/claude-sonnet-4-5",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"What is 27 * 453?\"}]}],"
                  " \"config\": {\"thinking\": {\"enabled\": true, \"budgetTokens\": 10000}, \"maxOutputTokens\": 16000}}",
                  TRUE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  reasoning = model_run_message_part (&run, 0);
  g_assert_cmpstr (json_object_get_string_member (reasoning, "reasoning"), ==,
                   "Let me solve this step by step:\n\n1. First break down 27 * 453\n2. 453 = 400 + 50 + 3");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reasoning, "metadata"), "thoughtSignature"),
                   ==, "EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds");
  g_assert_cmpstr (json_object_get_string_member (model_run_message_part (&run, 1), "text"), ==, "27 * 453 = 12,231");
  g_assert_cmpuint (run.chunks->len, ==, 3);
}

static void
test_anthropic_thinking_history (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("History: signed reasoning goes back as a thinking block, unsigned reasoning does "
                  "not; image URLs go as url sources");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/messages",
    .expect_body = "{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 4096, \"messages\": ["
                   "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Hi\"},"
                   " {\"type\": \"image\", \"source\": {\"type\": \"url\", \"url\": \"https://example.com/cat.jpg\"}}]},"
                   "{\"role\": \"assistant\", \"content\": [{\"type\": \"thinking\", \"thinking\": \"signed\", \"signature\": \"sig\"},"
                   " {\"type\": \"text\", \"text\": \"A cat.\"}]},"
                   "{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Sure?\"}]}]}",
    .content_type = "application/json",
    .body = "{\"id\":\"msg_02\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
            "\"content\":[{\"type\":\"text\",\"text\":\"Yes.\"}],\"stop_reason\":\"max_tokens\",\"stop_sequence\":null,"
            "\"usage\":{\"input_tokens\":20,\"output_tokens\":2}}",
  });
  test_run_model (registry, "/model/anthropic/claude-sonnet-4-5",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Hi\"},"
                  " {\"media\": {\"url\": \"https://example.com/cat.jpg\", \"contentType\": \"image/jpeg\"}}]},"
                  " {\"role\": \"model\", \"content\": [{\"reasoning\": \"signed\", \"metadata\": {\"thoughtSignature\": \"sig\"}},"
                  " {\"reasoning\": \"unsigned\"}, {\"text\": \"A cat.\"}]},"
                  " {\"role\": \"user\", \"content\": [{\"text\": \"Sure?\"}]}]}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (run.output), "finishReason"), ==, "length");
}

static void
test_anthropic_structured_output (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) want = test_json ("{\"name\": \"Ada\", \"born\": 1815, \"works\": [{\"title\": \"Notes\"}]}");
  g_autoptr(JsonNode) listing = NULL;
  JsonObject *actions;

  g_test_summary ("Constrained JSON output on Claude 4.5: structured outputs (output_config.format "
                  "with the schema, $schema dropped and every object closed), no format "
                  "instructions; the answer parses into the output. Models before 4.5 do not "
                  "claim constrained output");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/messages",
    .expect_body = "{\"model\": \"claude-sonnet-4-5\", \"max_tokens\": 4096,"
                   " \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"text\", \"text\": \"Who wrote the first program?\"}]}],"
                   " \"output_config\": {\"format\": {\"type\": \"json_schema\", \"schema\": {\"type\": \"object\", \"properties\": {"
                   "  \"name\": {\"type\": \"string\"}, \"born\": {\"type\": \"integer\"},"
                   "  \"works\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\"}},"
                   "   \"additionalProperties\": false}}},"
                   "  \"required\": [\"name\"], \"additionalProperties\": false}}}}",
    .content_type = "application/json",
    .body = "{\"id\":\"msg_03\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
            "\"content\":[{\"type\":\"text\",\"text\":\"{\\\"name\\\":\\\"Ada\\\",\\\"born\\\":1815,\\\"works\\\":[{\\\"title\\\":\\\"Notes\\\"}]}\"}],"
            "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":60,\"output_tokens\":12}}",
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"anthropic/claude-sonnet-4-5\", \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Who wrote the first program?\"}]}],"
                  " \"output\": {\"format\": \"json\", \"jsonSchema\": {\"$schema\": \"http://json-schema.org/draft-07/schema#\","
                  " \"type\": \"object\", \"properties\": {\"name\": {\"type\": \"string\"}, \"born\": {\"type\": \"integer\"},"
                  " \"works\": {\"type\": \"array\", \"items\": {\"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\"}}}}},"
                  " \"required\": [\"name\"], \"additionalProperties\": true}}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  response = genkit_generate_response_new_from_json (run.output, NULL);
  output = genkit_generate_response_get_output (response);
  g_assert_true (test_json_equal (output, want));

  listing = model_run_listing (registry);
  actions = json_node_get_object (listing);
#define CONSTRAINED(key) json_object_get_string_member (json_object_get_object_member (json_object_get_object_member ( \
    json_object_get_object_member (json_object_get_object_member (actions, key), "metadata"), "model"), "supports"), "constrained")
  g_assert_cmpstr (CONSTRAINED ("/model/anthropic/claude-haiku-4-5"), ==, "all");
  g_assert_cmpstr (CONSTRAINED ("/model/anthropic/claude-opus-4-6"), ==, "all");
  g_assert_cmpstr (CONSTRAINED ("/model/anthropic/claude-sonnet-4-5"), ==, "all");
  g_assert_cmpstr (CONSTRAINED ("/model/anthropic/claude-opus-4-1"), ==, "none");
  g_assert_cmpstr (CONSTRAINED ("/model/anthropic/claude-sonnet-4-0"), ==, "none");
  g_assert_cmpstr (CONSTRAINED ("/model/anthropic/claude-3-7-sonnet-latest"), ==, "none");
#undef CONSTRAINED
}

static void
test_anthropic_structured_output_fallback (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) want = test_json ("{\"name\": \"Ada\", \"born\": 1815}");

  g_test_summary ("JSON output on a model without structured outputs (Claude 3.7): Genkit's "
                  "format instructions reach the model, no output_config; the answer parses");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/messages",
    .expect_contains = { "Output should be in JSON format and conform to the following schema" },
    .content_type = "application/json",
    .body = "{\"id\":\"msg_03\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-3-7-sonnet-20250219\","
            "\"content\":[{\"type\":\"text\",\"text\":\"```json\\n{\\\"name\\\": \\\"Ada\\\", \\\"born\\\": 1815}\\n```\"}],"
            "\"stop_reason\":\"end_turn\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":60,\"output_tokens\":12}}",
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"anthropic/claude-3-7-sonnet-latest\", \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Who wrote the first program?\"}]}],"
                  " \"output\": {\"format\": \"json\", \"jsonSchema\": {\"type\": \"object\", \"properties\": {"
                  "\"name\": {\"type\": \"string\"}, \"born\": {\"type\": \"integer\"}}}}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  g_assert_null (strstr (replay_server_get_last_body (server), "output_config"));
  response = genkit_generate_response_new_from_json (run.output, NULL);
  output = genkit_generate_response_get_output (response);
  g_assert_true (test_json_equal (output, want));
}

static void
test_anthropic_stream_error_event (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("An SSE error event (overloaded) mid-stream fails the run with UNAVAILABLE");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/messages", .content_type = "text/event-stream",
    .body = "event: message_start\n"
            "data: {\"type\": \"message_start\", \"message\": {\"id\": \"msg_04\", \"type\": \"message\", \"role\": \"assistant\", \"content\": [], \"model\": \"claude-sonnet-4-5\"}}\n\n"
            "event: error\n"
            "data: {\"type\": \"error\", \"error\": {\"type\": \"overloaded_error\", \"message\": \"Overloaded\"}}\n\n",
  });
  test_run_model (registry, "/model/anthropic/claude-sonnet-4-5", request, TRUE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (run.error->message, "Overloaded"));
  replay_server_assert_done (server);
}

static void
test_anthropic_no_key (void)
{
  g_autoptr(GenkitProviderPlugin) plugin = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("Without ANTHROPIC_API_KEY a call fails with FAILED_PRECONDITION saying so");

  g_unsetenv ("ANTHROPIC_API_KEY");
  plugin = g_object_new (GENKIT_TYPE_ANTHROPIC_PLUGIN, "name", "anthropic", "label", "Anthropic",
                         "use-keyring", FALSE, NULL);
  g_assert_cmpstr (genkit_provider_plugin_get_base_url (plugin), ==, "https://api.anthropic.com");
  registry = test_registry_with (plugin);
  test_run_model (registry, "/model/anthropic/claude-sonnet-4-5", request, FALSE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_nonnull (strstr (run.error->message, "ANTHROPIC_API_KEY"));
}

int
main (int   argc,
      char *argv[])
{
  test_provider_init (&argc, &argv);

  g_test_add_func ("/anthropic/plain", test_anthropic_plain);
  g_test_add_func ("/anthropic/tool-round-trip", test_anthropic_tool_round_trip);
  g_test_add_func ("/anthropic/thinking-stream", test_anthropic_thinking_stream);
  g_test_add_func ("/anthropic/thinking-history", test_anthropic_thinking_history);
  g_test_add_func ("/anthropic/structured-output", test_anthropic_structured_output);
  g_test_add_func ("/anthropic/structured-output-fallback", test_anthropic_structured_output_fallback);
  g_test_add_func ("/anthropic/stream-error-event", test_anthropic_stream_error_event);
  g_test_add_func ("/anthropic/no-key", test_anthropic_no_key);
  provider_add_common_tests (&spec);

  return g_test_run ();
}
