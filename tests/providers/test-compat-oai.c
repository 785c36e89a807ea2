/* test-compat-oai.c — the OpenAI-compatible plugin against a server replaying OpenAI's and
 * DeepSeek's chat completions wire format
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "../engine/test-util.h"

#define KEY "sk-test-secret-1234567890"

/* OpenAI's API reference, "Create chat completion", the default example's response. */
static const char plain_answer[] =
  "{\n"
  "  \"id\": \"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\n"
  "  \"object\": \"chat.completion\",\n"
  "  \"created\": 1741569952,\n"
  "  \"model\": \"gpt-4.1-2025-04-14\",\n"
  "  \"choices\": [\n"
  "    {\n"
  "      \"index\": 0,\n"
  "      \"message\": {\n"
  "        \"role\": \"assistant\",\n"
  "        \"content\": \"Hello! How can I assist you today?\",\n"
  "        \"refusal\": null,\n"
  "        \"annotations\": []\n"
  "      },\n"
  "      \"logprobs\": null,\n"
  "      \"finish_reason\": \"stop\"\n"
  "    }\n"
  "  ],\n"
  "  \"usage\": {\n"
  "    \"prompt_tokens\": 19,\n"
  "    \"completion_tokens\": 10,\n"
  "    \"total_tokens\": 29,\n"
  "    \"prompt_tokens_details\": {\n"
  "      \"cached_tokens\": 0,\n"
  "      \"audio_tokens\": 0\n"
  "    },\n"
  "    \"completion_tokens_details\": {\n"
  "      \"reasoning_tokens\": 0,\n"
  "      \"audio_tokens\": 0,\n"
  "      \"accepted_prediction_tokens\": 0,\n"
  "      \"rejected_prediction_tokens\": 0\n"
  "    }\n"
  "  },\n"
  "  \"service_tier\": \"default\"\n"
  "}\n";

/* The streaming example of the same reference, with `stream_options.include_usage`. */
static const char stream_answer[] =
  "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n"
  "\n"
  "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n"
  "\n"
  "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n"
  "\n"
  "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" How can I help?\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n"
  "\n"
  "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n"
  "\n"
  "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"created\":1694268190,\"model\":\"gpt-4o-mini\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":6,\"total_tokens\":15,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,\"rejected_prediction_tokens\":0}}}\n"
  "\n"
  "data: [DONE]\n"
  "\n";

static const char hello_request[] =
  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Say hello\"}]}]}";

static GenkitRegistry *
registry_with (GenkitProviderPlugin *plugin)
{
  GenkitRegistry *registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_registry_register_plugin (registry, GENKIT_PLUGIN (plugin), &error));
  g_assert_no_error (error);
  g_assert_nonnull (genkit_define_generate_action (registry, &error));
  g_assert_no_error (error);
  return registry;
}

static GenkitProviderPlugin *
openai_plugin (const char *base_url,
               const char *key)
{
  g_autofree char *v1 = g_strconcat (base_url, "/v1", NULL);

  return g_object_new (GENKIT_TYPE_COMPAT_OAI_PLUGIN,
                       "name", "openai", "label", "OpenAI", "preset", "openai",
                       "base-url", v1, "api-key", key, "use-keyring", FALSE,
                       "discover-models", FALSE, "timeout-ms", 400,
                       NULL);
}

static void
test_compat_plain (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;
  JsonObject *output;

  g_test_summary ("A plain chat completion: the exact request body and headers, the answer's text, "
                  "finish reason, usage and latency");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_body = "{\"model\": \"gpt-4o-mini\", \"messages\": ["
                   "{\"role\": \"system\", \"content\": \"You are terse.\"},"
                   "{\"role\": \"user\", \"content\": \"Say hello\"}],"
                   "\"temperature\": 0.5, \"max_completion_tokens\": 100, \"stop\": [\"\\n\\n\"],"
                   "\"logit_bias\": {\"50256\": -100}}",
    .expect_headers = { "Authorization", "Bearer " KEY, "Content-Type", "application/json", NULL },
    .content_type = "application/json", .body = plain_answer,
  });

  test_run_model (registry, "/model/openai/gpt-4o-mini",
                  "{\"messages\": [{\"role\": \"system\", \"content\": [{\"text\": \"You are terse.\"}]},"
                  "{\"role\": \"user\", \"content\": [{\"text\": \"Say hello\"}]}],"
                  "\"config\": {\"temperature\": 0.5, \"maxOutputTokens\": 100, \"stopSequences\": [\"\\n\\n\"],"
                  "\"logit_bias\": {\"50256\": -100}}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);

  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "Hello! How can I assist you today?");
  output = json_node_get_object (run.output);
  g_assert_cmpstr (json_object_get_string_member (output, "finishReason"), ==, "stop");
  g_assert_true (json_object_has_member (output, "latencyMs"));
  g_assert_cmpfloat (model_run_usage (&run, "inputTokens"), ==, 19);
  g_assert_cmpfloat (model_run_usage (&run, "outputTokens"), ==, 10);
  g_assert_cmpfloat (model_run_usage (&run, "totalTokens"), ==, 29);
}

static void
test_compat_streamed_every_byte (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *streamed = NULL;

  g_test_summary ("A streamed answer sent one byte per HTTP chunk: every text delta is a chunk, the "
                  "final message joins them, and the usage-only last event is read");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_body = "{\"model\": \"gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": \"Say hello\"}],"
                   "\"stream\": true, \"stream_options\": {\"include_usage\": true}}",
    .expect_headers = { "Accept", "text/event-stream", NULL },
    .content_type = "text/event-stream", .body = stream_answer, .chunk_size = 1,
  });

  test_run_model (registry, "/model/openai/gpt-4o-mini", hello_request, TRUE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);

  text = model_run_text (&run);
  streamed = model_run_chunk_text (&run);
  g_assert_cmpstr (text, ==, "Hello! How can I help?");
  g_assert_cmpstr (streamed, ==, text);
  g_assert_cmpuint (run.chunks->len, ==, 3);
  g_assert_cmpfloat (model_run_usage (&run, "inputTokens"), ==, 9);
  g_assert_cmpfloat (model_run_usage (&run, "outputTokens"), ==, 6);
}

static void
define_weather_tool (GenkitRegistry *registry)
{
  test_define_canned_tool (registry, "getWeather", "Gets the weather in a city",
                           "{\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}},"
                           " \"required\": [\"city\"]}",
                           "city", "Paris", "{\"tempC\": 21}");
}

static void
test_compat_tool_round_trip (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;

  g_test_summary ("generate with a tool: the model's tool call runs the tool, and the call and its "
                  "result go back as an assistant tool_calls message and a tool message");

  define_weather_tool (registry);
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_contains = {
      "\"messages\":[{\"role\":\"user\",\"content\":\"Weather in Paris?\"}]",
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"getWeather\",\"description\":\"Gets the weather in a city\",\"parameters\":{\"type\":\"object\"",
      "\"tool_choice\":\"required\"",
    },
    .content_type = "application/json",
    .body = "{\"id\":\"chatcmpl-abc123\",\"object\":\"chat.completion\",\"created\":1741570283,\"model\":\"gpt-4o-mini-2024-07-18\","
            "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_12345xyz\","
            "\"type\":\"function\",\"function\":{\"name\":\"getWeather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}],"
            "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
            "\"usage\":{\"prompt_tokens\":61,\"completion_tokens\":16,\"total_tokens\":77}}",
  });
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_contains = {
      "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_12345xyz\",\"type\":\"function\","
      "\"function\":{\"name\":\"getWeather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]}",
      "{\"role\":\"tool\",\"tool_call_id\":\"call_12345xyz\",\"content\":\"{\\\"tempC\\\":21}\"}",
    },
    .content_type = "application/json",
    .body = "{\"id\":\"chatcmpl-abc124\",\"object\":\"chat.completion\",\"created\":1741570284,\"model\":\"gpt-4o-mini-2024-07-18\","
            "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"It is 21 °C in Paris.\",\"refusal\":null,"
            "\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            "\"usage\":{\"prompt_tokens\":90,\"completion_tokens\":9,\"total_tokens\":99}}",
  });

  test_run_model (registry, "/util/generate",
                  "{\"model\": \"openai/gpt-4o-mini\", \"tools\": [\"getWeather\"], \"toolChoice\": \"required\","
                  " \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Weather in Paris?\"}]}]}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "It is 21 °C in Paris.");
}

static void
test_compat_structured_output (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) want = test_json ("{\"tempC\": 21, \"sky\": \"sunny\"}");

  g_test_summary ("JSON output with a schema goes as response_format json_schema; the answer parses "
                  "into the output");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_contains = {
      "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"output\",\"schema\":{\"type\":\"object\","
      "\"properties\":{\"tempC\":{\"type\":\"number\"},\"sky\":{\"type\":\"string\"}}}}}",
    },
    .content_type = "application/json",
    .body = "{\"id\":\"chatcmpl-j1\",\"object\":\"chat.completion\",\"created\":1741570290,\"model\":\"gpt-4o-mini-2024-07-18\","
            "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"{\\\"tempC\\\":21,\\\"sky\\\":\\\"sunny\\\"}\","
            "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
            "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":10,\"total_tokens\":40}}",
  });

  test_run_model (registry, "/util/generate",
                  "{\"model\": \"openai/gpt-4o-mini\", \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Weather?\"}]}],"
                  " \"output\": {\"format\": \"json\", \"jsonSchema\": {\"type\": \"object\", \"properties\": {"
                  "\"tempC\": {\"type\": \"number\"}, \"sky\": {\"type\": \"string\"}}}}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  response = genkit_generate_response_new_from_json (run.output, NULL);
  output = genkit_generate_response_get_output (response);
  g_assert_true (test_json_equal (output, want));
}

static void
test_compat_vision (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };

  g_auto(ModelRun) detailed = { 0 };

  g_test_summary ("An image goes as an image_url content part beside the text; "
                  "config.visualDetailLevel becomes its detail and is not sent as a parameter");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_body = "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": ["
                   "{\"type\": \"text\", \"text\": \"What is this?\"},"
                   "{\"type\": \"image_url\", \"image_url\": {\"url\": \"data:image/png;base64,iVBORw0KGgo=\"}}]}]}",
    .content_type = "application/json", .body = plain_answer,
  });
  test_run_model (registry, "/model/openai/gpt-4o",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"What is this?\"},"
                  "{\"media\": {\"url\": \"data:image/png;base64,iVBORw0KGgo=\", \"contentType\": \"image/png\"}}]}]}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_body = "{\"model\": \"gpt-4o\", \"messages\": [{\"role\": \"user\", \"content\": ["
                   "{\"type\": \"text\", \"text\": \"What is this?\"},"
                   "{\"type\": \"image_url\", \"image_url\": {\"url\": \"https://example.com/cat.jpg\", \"detail\": \"low\"}}]}]}",
    .content_type = "application/json", .body = plain_answer,
  });
  test_run_model (registry, "/model/openai/gpt-4o",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"What is this?\"},"
                  "{\"media\": {\"url\": \"https://example.com/cat.jpg\", \"contentType\": \"image/jpeg\"}}]}],"
                  " \"config\": {\"visualDetailLevel\": \"low\"}}",
                  FALSE, 0, &detailed);
  g_assert_no_error (detailed.error);
  replay_server_assert_done (server);
}

static void
test_compat_audio (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_auto(ModelRun) remote = { 0 };

  g_test_summary ("Audio media go as input_audio parts with the base64 data and the format named by "
                  "the content type (audio/wav → wav, audio/mpeg of the data: URL → mp3); audio by "
                  "remote URL is refused before any request");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_body = "{\"model\": \"gpt-4o-audio-preview\", \"messages\": [{\"role\": \"user\", \"content\": ["
                   "{\"type\": \"text\", \"text\": \"What is in these recordings?\"},"
                   "{\"type\": \"input_audio\", \"input_audio\": {\"data\": \"UklGRiQAAABXQVZF\", \"format\": \"wav\"}},"
                   "{\"type\": \"input_audio\", \"input_audio\": {\"data\": \"SUQzBAAAAAAAI1RTU0U=\", \"format\": \"mp3\"}}]}]}",
    .content_type = "application/json", .body = plain_answer,
  });
  test_run_model (registry, "/model/openai/gpt-4o-audio-preview",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"What is in these recordings?\"},"
                  "{\"media\": {\"url\": \"data:audio/wav;base64,UklGRiQAAABXQVZF\", \"contentType\": \"audio/wav\"}},"
                  "{\"media\": {\"url\": \"data:audio/mpeg;base64,SUQzBAAAAAAAI1RTU0U=\"}}]}]}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);

  test_run_model (registry, "/model/openai/gpt-4o-audio-preview",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Listen\"},"
                  "{\"media\": {\"url\": \"https://example.com/a.wav\", \"contentType\": \"audio/wav\"}}]}]}",
                  FALSE, 0, &remote);
  g_assert_error (remote.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (remote.error->message, "data: URL"));
}

static void
test_compat_embeddings (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(JsonNode) want = test_json ("{\"embeddings\": [{\"embedding\": [0.0023064255, -0.009327292, 0.015797377]},"
                                        " {\"embedding\": [-0.0069, 0.0123, 0.5]}]}");

  g_test_summary ("Embeddings: one input string per document, one vector per document in order");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/embeddings",
    .expect_body = "{\"model\": \"text-embedding-3-small\", \"input\": [\"hello\", \"world\"],"
                   " \"encoding_format\": \"float\", \"dimensions\": 3}",
    .content_type = "application/json",
    .body = "{\"object\": \"list\", \"data\": [{\"object\": \"embedding\", \"index\": 1, \"embedding\": [-0.0069, 0.0123, 0.5]},"
            " {\"object\": \"embedding\", \"index\": 0, \"embedding\": [0.0023064255, -0.009327292, 0.015797377]}],"
            " \"model\": \"text-embedding-3-small\", \"usage\": {\"prompt_tokens\": 2, \"total_tokens\": 2}}",
  });
  test_run_model (registry, "/embedder/openai/text-embedding-3-small",
                  "{\"input\": [{\"content\": [{\"text\": \"hello\"}]}, {\"content\": [{\"text\": \"world\"}]}],"
                  " \"options\": {\"dimensions\": 3}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  g_assert_true (test_json_equal (run.output, want));
}

typedef struct
{
  guint       status;
  const char *retry_after;
  const char *body;
  GenkitError code;
  const char *in_message;
} ErrorCase;

static void
test_compat_errors (void)
{
  static const ErrorCase cases[] = {
    { 400, NULL,
      "{\"error\": {\"message\": \"Invalid value for 'temperature': expected a number.\", \"type\": \"invalid_request_error\","
      " \"param\": \"temperature\", \"code\": \"invalid_value\"}}",
      GENKIT_ERROR_INVALID_ARGUMENT, "Invalid value for 'temperature'" },
    { 401, NULL,
      "{\"error\": {\"message\": \"Incorrect API key provided: " KEY ". You can find your API key at "
      "https://platform.openai.com/account/api-keys.\", \"type\": \"invalid_request_error\", \"param\": null,"
      " \"code\": \"invalid_api_key\"}}",
      GENKIT_ERROR_UNAUTHENTICATED, "Incorrect API key provided: [redacted]" },
    { 429, "20",
      "{\"error\": {\"message\": \"Rate limit reached for gpt-4o-mini in organization org-x on requests per min (RPM): "
      "Limit 3, Used 3, Requested 1.\", \"type\": \"requests\", \"param\": null, \"code\": \"rate_limit_exceeded\"}}",
      GENKIT_ERROR_RESOURCE_EXHAUSTED, "Retry after 20 s" },
    { 500, NULL,
      "{\"error\": {\"message\": \"The server had an error while processing your request. Sorry about that!\","
      " \"type\": \"server_error\", \"param\": null, \"code\": null}}",
      GENKIT_ERROR_UNAVAILABLE, "The server had an error" },
  };

  g_test_summary ("Error bodies of 400, 401, 429 (with Retry-After) and 500 become Genkit statuses "
                  "with the provider's message, and the key never shows");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ReplayServer) server = replay_server_new ();
      g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
      g_autoptr(GenkitRegistry) registry = registry_with (plugin);
      g_auto(ModelRun) run = { 0 };

      replay_server_expect (server, &(ReplayExchange) {
        .method = "POST", .path = "/v1/chat/completions", .status = cases[i].status,
        .headers = { cases[i].retry_after ? "Retry-After" : NULL, cases[i].retry_after, NULL },
        .content_type = "application/json", .body = cases[i].body,
      });
      test_run_model (registry, "/model/openai/gpt-4o-mini", hello_request, i % 2 == 1, 0, &run);
      replay_server_assert_done (server);
      g_assert_error (run.error, GENKIT_ERROR, (int) cases[i].code);
      g_assert_nonnull (strstr (run.error->message, cases[i].in_message));
      g_assert_null (strstr (run.error->message, KEY));
      g_assert_cmpint (genkit_error_get_retry_after_ms (run.error), ==,
                       cases[i].retry_after ? 1000 * g_ascii_strtoll (cases[i].retry_after, NULL, 10) : -1);
    }

  /* OpenAI's own retry-after-ms, finer than Retry-After, wins over it. */
  {
    g_autoptr(ReplayServer) server = replay_server_new ();
    g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
    g_autoptr(GenkitRegistry) registry = registry_with (plugin);
    g_auto(ModelRun) run = { 0 };

    replay_server_expect (server, &(ReplayExchange) {
      .method = "POST", .path = "/v1/chat/completions", .status = 429,
      .headers = { "retry-after-ms", "1500", "Retry-After", "2", NULL },
      .content_type = "application/json", .body = cases[2].body,
    });
    test_run_model (registry, "/model/openai/gpt-4o-mini", hello_request, FALSE, 0, &run);
    replay_server_assert_done (server);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_RESOURCE_EXHAUSTED);
    g_assert_cmpint (genkit_error_get_retry_after_ms (run.error), ==, 1500);
    g_assert_nonnull (strstr (run.error->message, "Retry after 1.5 s"));
  }
}

static void
generate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ModelRun *run = user_data;
  g_autoptr(GenkitGenerateResponse) response = NULL;

  response = genkit_generate_finish (GENKIT_REGISTRY (source), result, &run->error);
  run->output = response ? genkit_generate_response_to_json (response) : json_node_new (JSON_NODE_NULL);
}

static void
test_compat_retry_after (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_autoptr(GenkitGenerateOptions) options = genkit_generate_options_new ();
  g_autoptr(GenkitModelMiddleware) retry = NULL;
  g_autoptr(JsonNode) retry_config = json_from_string ("{\"initialDelayMs\": 1, \"noJitter\": true}", NULL);
  g_autoptr(GError) error = NULL;
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;
  gint64 start;

  g_test_summary ("Through generate with the retry middleware: a 429 with Retry-After: 1 is retried "
                  "after that second (not the 1 ms backoff), and the second answer is the result");

  retry = genkit_model_middleware_new_builtin ("retry", retry_config, &error);
  g_assert_no_error (error);
  genkit_generate_options_set_model (options, "openai/gpt-4o-mini");
  genkit_generate_options_set_prompt (options, "Say hello");
  genkit_generate_options_add_middleware (options, retry);

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions", .status = 429,
    .headers = { "Retry-After", "1", NULL },
    .content_type = "application/json",
    .body = "{\"error\": {\"message\": \"Rate limit reached for gpt-4o-mini.\", \"type\": \"requests\","
            " \"param\": null, \"code\": \"rate_limit_exceeded\"}}",
  });
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .content_type = "application/json", .body = plain_answer,
  });

  start = g_get_monotonic_time ();
  genkit_generate_async (registry, NULL, options, NULL, generate_done_cb, &run);
  while (run.output == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "Hello! How can I assist you today?");
}

static void
test_compat_connection_refused (void)
{
  g_autofree char *url = test_closed_port_url ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (url, KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("Nothing listening: UNAVAILABLE naming the provider and the address");

  test_run_model (registry, "/model/openai/gpt-4o-mini", hello_request, TRUE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (run.error->message, "Could not reach OpenAI at 127.0.0.1:"));
}

static void
test_compat_stalled_stream (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_test_summary ("A stream that stops sending fails with DEADLINE_EXCEEDED after the idle timeout, "
                  "and its connection is closed");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .content_type = "text/event-stream", .body = stream_answer, .stall_after = 600,
  });
  test_run_model (registry, "/model/openai/gpt-4o-mini", hello_request, TRUE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED);
  g_assert_nonnull (strstr (run.error->message, "stalled"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * 1000);
  g_assert_cmpuint (run.chunks->len, >=, 1);
  g_assert_true (replay_server_wait_client_gone (server, 5000));
  replay_server_assert_done (server);
}

static void
test_compat_cancel_mid_stream (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("Cancelling after the first chunk ends the run with CANCELLED and closes the socket");

  genkit_provider_plugin_set_timeout_ms (plugin, 30000);
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .content_type = "text/event-stream", .body = stream_answer, .stall_after = 600,
  });
  test_run_model (registry, "/model/openai/gpt-4o-mini", hello_request, TRUE, 1, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_true (replay_server_wait_client_gone (server, 5000));
  replay_server_assert_done (server);
}

/* DeepSeek's API docs, "Reasoning Model (deepseek-reasoner)": the streamed answer carries the
 * chain of thought as reasoning_content before the content. */
static const char deepseek_stream[] =
  "data: {\"id\":\"1f633d8bfc032625086f14113c411638\",\"object\":\"chat.completion.chunk\",\"created\":1737105424,\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_1c5d8833bc\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":null,\"reasoning_content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
  "data: {\"id\":\"1f633d8bfc032625086f14113c411638\",\"object\":\"chat.completion.chunk\",\"created\":1737105424,\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_1c5d8833bc\",\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"reasoning_content\":\"Okay\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
  "data: {\"id\":\"1f633d8bfc032625086f14113c411638\",\"object\":\"chat.completion.chunk\",\"created\":1737105424,\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_1c5d8833bc\",\"choices\":[{\"index\":0,\"delta\":{\"content\":null,\"reasoning_content\":\", the user greets me.\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
  "data: {\"id\":\"1f633d8bfc032625086f14113c411638\",\"object\":\"chat.completion.chunk\",\"created\":1737105424,\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_1c5d8833bc\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\",\"reasoning_content\":null},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
  "data: {\"id\":\"1f633d8bfc032625086f14113c411638\",\"object\":\"chat.completion.chunk\",\"created\":1737105424,\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_1c5d8833bc\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"!\",\"reasoning_content\":null},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
  "data: {\"id\":\"1f633d8bfc032625086f14113c411638\",\"object\":\"chat.completion.chunk\",\"created\":1737105424,\"model\":\"deepseek-reasoner\",\"system_fingerprint\":\"fp_1c5d8833bc\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\",\"reasoning_content\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":13,\"completion_tokens\":40,\"total_tokens\":53,\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":30},\"prompt_cache_hit_tokens\":0,\"prompt_cache_miss_tokens\":13}}\n\n"
  "data: [DONE]\n\n";

static void
test_compat_deepseek_reasoning (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_auto(ModelRun) run = { 0 };
  JsonObject *reasoning;
  JsonObject *text;

  g_test_summary ("DeepSeek: reasoning_content streams as reasoning parts, the history's reasoning is "
                  "not sent back, and the reasoner's ignored temperature is dropped with a warning");

  plugin = g_object_new (GENKIT_TYPE_COMPAT_OAI_PLUGIN, "name", "deepseek", "label", "DeepSeek",
                         "preset", "deepseek", "base-url", replay_server_get_url (server),
                         "api-key", KEY, "use-keyring", FALSE, "discover-models", FALSE, NULL);
  registry = registry_with (plugin);
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/chat/completions",
    .expect_body = "{\"model\": \"deepseek-reasoner\", \"messages\": ["
                   "{\"role\": \"user\", \"content\": \"Hi\"},"
                   "{\"role\": \"assistant\", \"content\": \"Hello.\"},"
                   "{\"role\": \"user\", \"content\": \"Hi again\"}],"
                   "\"max_tokens\": 50, \"stream\": true, \"stream_options\": {\"include_usage\": true}}",
    .content_type = "text/event-stream", .body = deepseek_stream, .chunk_size = 7,
  });

  g_test_expect_message ("GenkitProviders", G_LOG_LEVEL_WARNING, "*ignores temperature and topP*");
  test_run_model (registry, "/model/deepseek/deepseek-reasoner",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Hi\"}]},"
                  "{\"role\": \"model\", \"content\": [{\"reasoning\": \"They said hi.\"}, {\"text\": \"Hello.\"}]},"
                  "{\"role\": \"user\", \"content\": [{\"text\": \"Hi again\"}]}],"
                  " \"config\": {\"temperature\": 0.3, \"maxOutputTokens\": 50}}",
                  TRUE, 0, &run);
  g_test_assert_expected_messages ();
  g_assert_no_error (run.error);
  replay_server_assert_done (server);

  reasoning = model_run_message_part (&run, 0);
  text = model_run_message_part (&run, 1);
  g_assert_cmpstr (json_object_get_string_member (reasoning, "reasoning"), ==, "Okay, the user greets me.");
  g_assert_cmpstr (json_object_get_string_member (text, "text"), ==, "Hello!");
  g_assert_cmpfloat (model_run_usage (&run, "thoughtsTokens"), ==, 30);
  /* Two reasoning chunks, then two text chunks. */
  g_assert_cmpuint (run.chunks->len, ==, 4);
}

static JsonObject *
find_action (JsonNode   *listing,
             const char *key)
{
  JsonObject *all = json_node_get_object (listing);

  return json_object_has_member (all, key) ? json_object_get_object_member (all, key) : NULL;
}

static void
test_compat_no_key (void)
{
  g_autoptr(GenkitProviderPlugin) plugin = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(JsonNode) listing = NULL;
  g_auto(ModelRun) run = { 0 };
  JsonObject *model;

  g_test_summary ("Without a key the models are listed as unavailable with the reason, and a call "
                  "fails with FAILED_PRECONDITION and that reason; nothing goes on the network");

  g_unsetenv ("OPENAI_API_KEY");
  plugin = g_object_new (GENKIT_TYPE_COMPAT_OAI_PLUGIN, "name", "openai", "label", "OpenAI",
                         "preset", "openai", "base-url", "http://127.0.0.1:9/v1", "use-keyring", FALSE,
                         NULL);
  registry = registry_with (plugin);
  listing = model_run_listing (registry);
  model = find_action (listing, "/model/openai/gpt-4o-mini");
  g_assert_nonnull (model);
  model = json_object_get_object_member (json_object_get_object_member (model, "metadata"), "model");
  g_assert_false (json_object_get_boolean_member (model, "available"));
  g_assert_nonnull (strstr (json_object_get_string_member (model, "unavailableReason"), "OPENAI_API_KEY"));
  g_assert_nonnull (find_action (listing, "/embedder/openai/text-embedding-3-small"));

  test_run_model (registry, "/model/openai/gpt-4o-mini", hello_request, FALSE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_nonnull (strstr (run.error->message, "OpenAI is unavailable: no API key. Set OPENAI_API_KEY"));
}

static void
test_compat_key_from_env (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autofree char *v1 = g_strconcat (replay_server_get_url (server), "/v1", NULL);
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("OPENAI_API_KEY and OPENAI_BASE_URL are honoured when nothing else is given");

  g_setenv ("OPENAI_API_KEY", "sk-from-env", TRUE);
  g_setenv ("OPENAI_BASE_URL", v1, TRUE);
  plugin = genkit_compat_oai_plugin_new_preset ("openai");
  g_object_set (plugin, "discover-models", FALSE, NULL);
  g_assert_cmpstr (genkit_provider_plugin_get_base_url (plugin), ==, v1);
  registry = registry_with (plugin);

  /* The keyring is asked first; on a machine without one the environment answers. */
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_headers = { "Authorization", "Bearer sk-from-env", NULL },
    .content_type = "application/json", .body = plain_answer,
  });
  test_run_model (registry, "/model/openai/gpt-4o-mini", hello_request, FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  g_unsetenv ("OPENAI_API_KEY");
  g_unsetenv ("OPENAI_BASE_URL");
}

static void
test_compat_proxy_from_env (void)
{
  g_autoptr(ReplayServer) proxy = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("http_proxy from the environment: the request goes to the proxy, for the "
                  "provider's host");

  g_setenv ("http_proxy", replay_server_get_url (proxy), TRUE);
  plugin = g_object_new (GENKIT_TYPE_COMPAT_OAI_PLUGIN, "name", "openai", "preset", "openai",
                         "base-url", "http://api.openai.example/v1", "api-key", KEY,
                         "use-keyring", FALSE, "discover-models", FALSE, NULL);
  g_unsetenv ("http_proxy");
  registry = registry_with (plugin);
  replay_server_expect (proxy, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_headers = { "Host", "api.openai.example", NULL },
    .content_type = "application/json", .body = plain_answer,
  });
  test_run_model (registry, "/model/openai/gpt-4o-mini", hello_request, FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (proxy);
}

static void
test_compat_discovery (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin (replay_server_get_url (server), KEY);
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(JsonNode) listing = NULL;
  g_autoptr(JsonNode) again = NULL;

  g_test_summary ("With a key, listing asks GET /models once (then caches): chat models and "
                  "embedders are listed, audio and image models are not");

  g_object_set (plugin, "discover-models", TRUE, NULL);
  registry = registry_with (plugin);
  replay_server_expect (server, &(ReplayExchange) {
    .method = "GET", .path = "/v1/models",
    .expect_headers = { "Authorization", "Bearer " KEY, NULL },
    .content_type = "application/json",
    .body = "{\"object\": \"list\", \"data\": ["
            "{\"id\": \"gpt-4o-mini\", \"object\": \"model\", \"created\": 1721172741, \"owned_by\": \"system\"},"
            "{\"id\": \"ft:gpt-4o-mini:acme::abc123\", \"object\": \"model\", \"created\": 1721172742, \"owned_by\": \"acme\"},"
            "{\"id\": \"text-embedding-3-large\", \"object\": \"model\", \"created\": 1705953180, \"owned_by\": \"system\"},"
            "{\"id\": \"whisper-1\", \"object\": \"model\", \"created\": 1677532384, \"owned_by\": \"openai-internal\"},"
            "{\"id\": \"dall-e-3\", \"object\": \"model\", \"created\": 1698785189, \"owned_by\": \"system\"}]}",
  });
  listing = model_run_listing (registry);
  replay_server_assert_done (server);
  g_assert_nonnull (find_action (listing, "/model/openai/ft:gpt-4o-mini:acme::abc123"));
  g_assert_nonnull (find_action (listing, "/embedder/openai/text-embedding-3-large"));
  g_assert_null (find_action (listing, "/model/openai/whisper-1"));
  g_assert_null (find_action (listing, "/model/openai/dall-e-3"));
  g_assert_null (find_action (listing, "/model/openai/text-embedding-3-large"));

  again = model_run_listing (registry);
  g_assert_nonnull (find_action (again, "/model/openai/ft:gpt-4o-mini:acme::abc123"));
}

static void
test_compat_metadata_schemas (void)
{
  const char * const *presets = genkit_compat_oai_plugin_list_presets ();

  g_test_summary ("Every preset's listed models and embedders resolve, and their config schemas "
                  "compile with the engine's JSON Schema validator");

  for (guint p = 0; presets[p] != NULL; p++)
    {
      g_autoptr(GenkitProviderPlugin) plugin = NULL;
      g_autoptr(GenkitRegistry) registry = NULL;
      g_autoptr(JsonNode) listing = NULL;
      g_autoptr(GList) keys = NULL;
      guint n = 0;

      plugin = g_object_new (GENKIT_TYPE_COMPAT_OAI_PLUGIN, "name", presets[p], "preset", presets[p],
                             "api-key", KEY, "use-keyring", FALSE, "discover-models", FALSE, NULL);
      registry = registry_with (plugin);
      listing = model_run_listing (registry);
      keys = json_object_get_members (json_node_get_object (listing));
      for (GList *l = keys; l != NULL; l = l->next)
        {
          JsonObject *action = json_object_get_object_member (json_node_get_object (listing), l->data);
          JsonObject *metadata;
          JsonObject *info;
          g_autoptr(GenkitJsonSchema) schema = NULL;
          g_autoptr(GenkitAction) resolved = NULL;
          g_autoptr(GError) error = NULL;

          if (!g_str_has_prefix (l->data, "/model/") && !g_str_has_prefix (l->data, "/embedder/"))
            continue;
          metadata = json_object_get_object_member (action, "metadata");
          info = json_object_has_member (metadata, "model") ? json_object_get_object_member (metadata, "model")
                                                            : json_object_get_object_member (metadata, "embedder");
          g_assert_true (json_object_has_member (info, "customOptions"));
          schema = genkit_json_schema_new (json_object_get_member (info, "customOptions"), &error);
          g_assert_no_error (error);
          resolved = test_lookup (registry, l->data, &error);
          g_assert_no_error (error);
          g_assert_nonnull (resolved);
          n++;
        }
      g_assert_cmpuint (n, >, 0);
    }
}

static void
test_compat_bad_config (void)
{
  g_autoptr(GenkitProviderPlugin) plugin = openai_plugin ("http://127.0.0.1:9", KEY);
  g_autoptr(GenkitRegistry) registry = registry_with (plugin);
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("A config outside the schema fails with INVALID_ARGUMENT before any request");

  test_run_model (registry, "/model/openai/gpt-4o-mini",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"x\"}]}],"
                  " \"config\": {\"temperature\": 7}}",
                  FALSE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  test_provider_init (&argc, &argv);

  g_test_add_func ("/compat-oai/plain", test_compat_plain);
  g_test_add_func ("/compat-oai/streamed-every-byte", test_compat_streamed_every_byte);
  g_test_add_func ("/compat-oai/tool-round-trip", test_compat_tool_round_trip);
  g_test_add_func ("/compat-oai/structured-output", test_compat_structured_output);
  g_test_add_func ("/compat-oai/vision", test_compat_vision);
  g_test_add_func ("/compat-oai/audio", test_compat_audio);
  g_test_add_func ("/compat-oai/embeddings", test_compat_embeddings);
  g_test_add_func ("/compat-oai/errors", test_compat_errors);
  g_test_add_func ("/compat-oai/retry-after", test_compat_retry_after);
  g_test_add_func ("/compat-oai/connection-refused", test_compat_connection_refused);
  g_test_add_func ("/compat-oai/stalled-stream", test_compat_stalled_stream);
  g_test_add_func ("/compat-oai/cancel-mid-stream", test_compat_cancel_mid_stream);
  g_test_add_func ("/compat-oai/deepseek-reasoning", test_compat_deepseek_reasoning);
  g_test_add_func ("/compat-oai/no-key", test_compat_no_key);
  g_test_add_func ("/compat-oai/key-from-env", test_compat_key_from_env);
  g_test_add_func ("/compat-oai/proxy-from-env", test_compat_proxy_from_env);
  g_test_add_func ("/compat-oai/discovery", test_compat_discovery);
  g_test_add_func ("/compat-oai/metadata-schemas", test_compat_metadata_schemas);
  g_test_add_func ("/compat-oai/bad-config", test_compat_bad_config);

  return g_test_run ();
}
