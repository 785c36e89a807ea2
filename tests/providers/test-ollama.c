/* test-ollama.c — the Ollama plugin against a server replaying Ollama's native API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "../engine/test-util.h"

#define KEY "ollama-test-key-123456"

/* Ollama's API docs (docs/api.md), "Chat request (streaming)": one JSON object a line, the last
 * one `done` with the counts. */
static const char stream_answer[] =
  "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"message\":{\"role\":\"assistant\",\"content\":\"The\",\"images\":null},\"done\":false}\n"
  "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"message\":{\"role\":\"assistant\",\"content\":\" sky\",\"images\":null},\"done\":false}\n"
  "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\",\"message\":{\"role\":\"assistant\",\"content\":\" is blue.\",\"images\":null},\"done\":false}\n"
  "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T19:22:45.499127Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":4883583458,\"load_duration\":1334875,\"prompt_eval_count\":26,\"prompt_eval_duration\":342546000,\"eval_count\":282,\"eval_duration\":4535599000}\n";

static const char request[] =
  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"why is the sky blue?\"}]}]}";

static GenkitProviderPlugin *
make_plugin (const char *base_url)
{
  return g_object_new (GENKIT_TYPE_OLLAMA_PLUGIN, "name", "ollama", "label", "Ollama",
                       "base-url", base_url, "api-key", KEY, "use-keyring", FALSE,
                       "discover-models", FALSE, "timeout-ms", 400, NULL);
}

static const ProviderSpec spec = {
  .prefix = "/ollama",
  .make = make_plugin,
  .key = KEY,
  .model_key = "/model/ollama/llama3.2",
  .request = request,
  .path = "/api/chat",
  .stream_path = "/api/chat",
  .stream_content_type = "application/x-ndjson",
  .stream_body = stream_answer,
  .stall_after = 150,
  .stream_text = "The sky is blue.",
  .stream_chunks = 3,
  .error_content_type = "application/json; charset=utf-8",
  .error_bodies = {
    "{\"error\":\"invalid options: num_predictt\"}",
    "{\"error\":\"unauthorized: the key " KEY " is not valid\"}",
    "{\"error\":\"too many requests\"}",
    "{\"error\":\"llama runner process has terminated: exit status 2\"}",
  },
  .error_codes = { GENKIT_ERROR_INVALID_ARGUMENT, GENKIT_ERROR_UNAUTHENTICATED,
                   GENKIT_ERROR_RESOURCE_EXHAUSTED, GENKIT_ERROR_UNAVAILABLE },
};

static void
test_ollama_plain (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;

  g_test_summary ("A plain /api/chat: the exact body (config as options, an image as base64, "
                  "stream false), the text, done_reason and the counts as usage");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/api/chat",
    .expect_body = "{\"model\": \"llava\", \"messages\": ["
                   "{\"role\": \"system\", \"content\": \"Be brief.\"},"
                   "{\"role\": \"user\", \"content\": \"What is in this picture?\", \"images\": [\"iVBORw0KGgo=\"]}],"
                   "\"options\": {\"temperature\": 0.2, \"num_predict\": 64, \"top_k\": 20, \"num_ctx\": 4096, \"mirostat\": 1},"
                   "\"keep_alive\": \"10m\", \"stream\": false}",
    .expect_headers = { "Authorization", "Bearer " KEY, NULL },
    .content_type = "application/json; charset=utf-8",
    /* docs/api.md, "Chat request (with images)" */
    .body = "{\"model\":\"llava\",\"created_at\":\"2023-12-13T22:42:50.203334Z\",\"message\":{\"role\":\"assistant\","
            "\"content\":\" The image features a cute, little pig with an angry facial expression.\",\"images\":null},"
            "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":1668506709,\"load_duration\":1986209,"
            "\"prompt_eval_count\":26,\"prompt_eval_duration\":359682000,\"eval_count\":83,\"eval_duration\":1303285000}",
  });
  test_run_model (registry, "/model/ollama/llava",
                  "{\"messages\": [{\"role\": \"system\", \"content\": [{\"text\": \"Be brief.\"}]},"
                  "{\"role\": \"user\", \"content\": [{\"text\": \"What is in this picture?\"},"
                  "{\"media\": {\"url\": \"data:image/png;base64,iVBORw0KGgo=\"}}]}],"
                  " \"config\": {\"temperature\": 0.2, \"maxOutputTokens\": 64, \"topK\": 20, \"numCtx\": 4096,"
                  " \"keepAlive\": \"10m\", \"mirostat\": 1}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, " The image features a cute, little pig with an angry facial expression.");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (run.output), "finishReason"), ==, "stop");
  g_assert_cmpfloat (model_run_usage (&run, "inputTokens"), ==, 26);
  g_assert_cmpfloat (model_run_usage (&run, "outputTokens"), ==, 83);
  g_assert_cmpfloat (model_run_usage (&run, "totalTokens"), ==, 109);
}

static void
test_ollama_tool_round_trip (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;

  g_test_summary ("generate with a tool: Ollama's tool_calls run the tool; the call goes back as "
                  "assistant tool_calls and the result as a tool message with tool_name");

  test_define_canned_tool (registry, "get_current_weather", "Get the current weather for a location",
                           "{\"type\": \"object\", \"properties\": {\"location\": {\"type\": \"string\"}}}",
                           "location", "Paris, FR", "{\"tempC\": 22}");
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/api/chat",
    .expect_contains = {
      "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_current_weather\",\"description\":\"Get the current weather for a location\",\"parameters\":{",
      "\"stream\":false",
    },
    .content_type = "application/json; charset=utf-8",
    /* docs/api.md, "Chat request (with tools)" */
    .body = "{\"model\":\"llama3.2\",\"created_at\":\"2024-07-22T20:33:28.123648Z\",\"message\":{\"role\":\"assistant\","
            "\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_current_weather\",\"arguments\":{\"format\":\"celsius\","
            "\"location\":\"Paris, FR\"}}}]},\"done_reason\":\"stop\",\"done\":true,\"total_duration\":885095291,"
            "\"load_duration\":3753500,\"prompt_eval_count\":122,\"prompt_eval_duration\":328493000,\"eval_count\":33,"
            "\"eval_duration\":552222000}",
  });
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/api/chat",
    .expect_contains = {
      "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"get_current_weather\","
      "\"arguments\":{\"format\":\"celsius\",\"location\":\"Paris, FR\"}}}]}",
      "{\"role\":\"tool\",\"content\":\"{\\\"tempC\\\":22}\",\"tool_name\":\"get_current_weather\"}",
    },
    .content_type = "application/json; charset=utf-8",
    .body = "{\"model\":\"llama3.2\",\"created_at\":\"2024-07-22T20:33:29.1Z\",\"message\":{\"role\":\"assistant\","
            "\"content\":\"It is 22 degrees in Paris.\"},\"done_reason\":\"stop\",\"done\":true,\"prompt_eval_count\":150,"
            "\"eval_count\":9}",
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"ollama/llama3.2\", \"tools\": [\"get_current_weather\"],"
                  " \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"What is the weather today in Paris?\"}]}]}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "It is 22 degrees in Paris.");
}

static void
test_ollama_structured_output (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) want = test_json ("{\"age\": 22, \"available\": false}");

  g_test_summary ("JSON output with a schema goes as format (Ollama's structured outputs); the "
                  "answer parses into the output");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/api/chat",
    .expect_contains = {
      "\"format\":{\"type\":\"object\",\"properties\":{\"age\":{\"type\":\"integer\"},\"available\":{\"type\":\"boolean\"}},"
      "\"required\":[\"age\",\"available\"]}",
    },
    .content_type = "application/json; charset=utf-8",
    /* docs/api.md, "Chat request (Structured outputs)" */
    .body = "{\"model\":\"llama3.1\",\"created_at\":\"2024-12-06T00:46:58.265747Z\",\"message\":{\"role\":\"assistant\","
            "\"content\":\"{\\\"age\\\": 22, \\\"available\\\": false}\"},\"done_reason\":\"stop\",\"done\":true,"
            "\"total_duration\":2254970291,\"load_duration\":574751416,\"prompt_eval_count\":34,"
            "\"prompt_eval_duration\":1502000000,\"eval_count\":12,\"eval_duration\":175000000}",
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"ollama/llama3.1\", \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": "
                  "\"Ollama is 22 years old and busy saving the world. Return a JSON object with the age and availability.\"}]}],"
                  " \"output\": {\"format\": \"json\", \"jsonSchema\": {\"type\": \"object\", \"properties\": {"
                  "\"age\": {\"type\": \"integer\"}, \"available\": {\"type\": \"boolean\"}}, \"required\": [\"age\", \"available\"]}}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  response = genkit_generate_response_new_from_json (run.output, NULL);
  output = genkit_generate_response_get_output (response);
  g_assert_true (test_json_equal (output, want));
}

static void
test_ollama_embeddings (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(JsonNode) want = test_json ("{\"embeddings\": [{\"embedding\": [0.010071029, -0.0017594862, 0.05007221]},"
                                        " {\"embedding\": [-0.0098027075, 0.06042469, 0.025257962]}]}");

  g_test_summary ("POST /api/embed with every document's text; one vector each, in order");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/api/embed",
    .expect_body = "{\"model\": \"all-minilm\", \"input\": [\"Why is the sky blue?\", \"Why is the grass green?\"],"
                   " \"truncate\": true}",
    .content_type = "application/json; charset=utf-8",
    /* docs/api.md, "Request (Multiple input)", vectors shortened */
    .body = "{\"model\":\"all-minilm\",\"embeddings\":[[0.010071029,-0.0017594862,0.05007221],"
            "[-0.0098027075,0.06042469,0.025257962]],\"total_duration\":14143917,\"load_duration\":1019500,"
            "\"prompt_eval_count\":8}",
  });
  test_run_model (registry, "/embedder/ollama/all-minilm",
                  "{\"input\": [{\"content\": [{\"text\": \"Why is the sky blue?\"}]},"
                  " {\"content\": [{\"text\": \"Why is the grass green?\"}]}], \"options\": {\"truncate\": true}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  g_assert_true (test_json_equal (run.output, want));
}

static void
test_ollama_stream_error_line (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("An {\"error\"} line in the middle of a stream fails the run with its message");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/api/chat", .content_type = "application/x-ndjson",
    .body = "{\"model\":\"llama3.2\",\"created_at\":\"2023-08-04T08:52:19Z\",\"message\":{\"role\":\"assistant\",\"content\":\"The\"},\"done\":false}\n"
            "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}\n",
    .chunk_size = 16,
  });
  test_run_model (registry, "/model/ollama/llama3.2", request, TRUE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
  g_assert_nonnull (strstr (run.error->message, "unexpected EOF"));
  replay_server_assert_done (server);
}

static JsonObject *
find_action (JsonNode   *listing,
             const char *key)
{
  JsonObject *all = json_node_get_object (listing);

  return json_object_has_member (all, key) ? json_object_get_object_member (all, key) : NULL;
}

static void
test_ollama_discovery (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(JsonNode) listing = NULL;

  g_test_summary ("Listing asks GET /api/tags: chat models become models, embedding models embedders");

  g_object_set (plugin, "discover-models", TRUE, NULL);
  registry = test_registry_with (plugin);
  replay_server_expect (server, &(ReplayExchange) {
    .method = "GET", .path = "/api/tags", .content_type = "application/json; charset=utf-8",
    /* docs/api.md, "List Local Models" */
    .body = "{\"models\":[{\"name\":\"deepseek-r1:latest\",\"model\":\"deepseek-r1:latest\",\"modified_at\":\"2025-05-10T08:06:48.639712648-07:00\","
            "\"size\":4683075271,\"digest\":\"0a8c266910232fd3291e71e5ba1e058cc5af9d411192cf88b6d30e92b6e73163\",\"details\":{"
            "\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"qwen2\",\"families\":[\"qwen2\"],\"parameter_size\":\"7.6B\","
            "\"quantization_level\":\"Q4_K_M\"}},{\"name\":\"llama3.2:latest\",\"model\":\"llama3.2:latest\",\"modified_at\":"
            "\"2025-05-04T17:37:44.706015396-07:00\",\"size\":2019393189,\"digest\":\"a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72\","
            "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\",\"families\":[\"llama\"],\"parameter_size\":\"3.2B\","
            "\"quantization_level\":\"Q4_K_M\"}},{\"name\":\"nomic-embed-text:latest\",\"model\":\"nomic-embed-text:latest\","
            "\"modified_at\":\"2025-01-03T10:00:00Z\",\"size\":274302450,\"digest\":\"0a109f422b47\",\"details\":{\"format\":\"gguf\","
            "\"family\":\"nomic-bert\",\"families\":[\"nomic-bert\"],\"parameter_size\":\"137M\",\"quantization_level\":\"F16\"}}]}",
  });
  listing = model_run_listing (registry);
  replay_server_assert_done (server);
  g_assert_nonnull (find_action (listing, "/model/ollama/deepseek-r1:latest"));
  g_assert_nonnull (find_action (listing, "/model/ollama/llama3.2:latest"));
  g_assert_nonnull (find_action (listing, "/embedder/ollama/nomic-embed-text:latest"));
  g_assert_null (find_action (listing, "/model/ollama/nomic-embed-text:latest"));
}

static void
test_ollama_absent (void)
{
  g_autofree char *url = test_closed_port_url ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (url);
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(JsonNode) listing = NULL;
  g_autoptr(GList) keys = NULL;

  g_test_summary ("When no Ollama runs, listing lists no Ollama model and says nothing");

  g_object_set (plugin, "discover-models", TRUE, NULL);
  registry = test_registry_with (plugin);
  listing = model_run_listing (registry);
  keys = json_object_get_members (json_node_get_object (listing));
  for (GList *l = keys; l != NULL; l = l->next)
    g_assert_false (g_str_has_prefix (l->data, "/model/ollama/"));
}

static void
test_ollama_host (void)
{
  static const struct { const char *host; const char *url; } cases[] = {
    { NULL, "http://127.0.0.1:11434" },
    { "", "http://127.0.0.1:11434" },
    { "0.0.0.0", "http://127.0.0.1:11434" },
    { "0.0.0.0:8080", "http://127.0.0.1:8080" },
    { "gpu-box", "http://gpu-box:11434" },
    { "gpu-box:9000", "http://gpu-box:9000" },
    { "http://gpu-box:9000/", "http://gpu-box:9000" },
    { "https://ollama.example.com", "https://ollama.example.com:443" },
    { "[::1]:11435", "http://[::1]:11435" },
  };

  g_test_summary ("OLLAMA_HOST is read as the Ollama CLI reads it");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *url = _genkit_ollama_host_to_url (cases[i].host);

      g_assert_cmpstr (url, ==, cases[i].url);
    }
}

int
main (int   argc,
      char *argv[])
{
  test_provider_init (&argc, &argv);

  g_test_add_func ("/ollama/plain", test_ollama_plain);
  g_test_add_func ("/ollama/tool-round-trip", test_ollama_tool_round_trip);
  g_test_add_func ("/ollama/structured-output", test_ollama_structured_output);
  g_test_add_func ("/ollama/embeddings", test_ollama_embeddings);
  g_test_add_func ("/ollama/stream-error-line", test_ollama_stream_error_line);
  g_test_add_func ("/ollama/discovery", test_ollama_discovery);
  g_test_add_func ("/ollama/absent", test_ollama_absent);
  g_test_add_func ("/ollama/host", test_ollama_host);
  provider_add_common_tests (&spec);

  return g_test_run ();
}
