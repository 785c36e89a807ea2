/* test-cloudflare.c — the Workers AI plugin against a server replaying Cloudflare's REST API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "../engine/test-util.h"

#define KEY "cf-test-token-0123456789abcdef"
#define RUN "/accounts/acc123/ai/run/"

/* Workers AI docs, "Streaming": SSE data events with a `response` piece each, the usage, then
 * [DONE]. */
static const char stream_answer[] =
  "data: {\"response\":\"New\",\"p\":\"abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789\"}\n\n"
  "data: {\"response\":\" York\",\"p\":\"abcdefghij\"}\n\n"
  "data: {\"response\":\" is\",\"p\":\"abcdefghijklmnopqrstuvwxyz01234567\"}\n\n"
  "data: {\"response\":\" located in the state of New York.\",\"p\":\"abcdefghijklmnopqrs\"}\n\n"
  "data: {\"response\":\"\",\"usage\":{\"prompt_tokens\":18,\"completion_tokens\":12,\"total_tokens\":30}}\n\n"
  "data: [DONE]\n\n";

static const char request[] =
  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Where is New York?\"}]}]}";

static GenkitProviderPlugin *
make_plugin (const char *base_url)
{
  return g_object_new (GENKIT_TYPE_CLOUDFLARE_PLUGIN, "name", "cloudflare-workers-ai",
                       "label", "Cloudflare Workers AI", "account-id", "acc123",
                       "base-url", base_url, "api-key", KEY, "use-keyring", FALSE,
                       "discover-models", FALSE, "timeout-ms", 400, NULL);
}

static const ProviderSpec spec = {
  .prefix = "/cloudflare",
  .make = make_plugin,
  .key = KEY,
  .model_key = "/model/cloudflare-workers-ai/@cf/meta/llama-3.1-8b-instruct",
  .request = request,
  .path = RUN "@cf/meta/llama-3.1-8b-instruct",
  .stream_path = RUN "@cf/meta/llama-3.1-8b-instruct",
  .stream_content_type = "text/event-stream",
  .stream_body = stream_answer,
  .stall_after = 160,
  .stream_text = "New York is located in the state of New York.",
  .stream_chunks = 4,
  .error_content_type = "application/json",
  .error_bodies = {
    "{\"errors\":[{\"message\":\"AiError: AiError: Bad input: Error: oneOf at '/' not met, 0 matches required\",\"code\":5006}],\"success\":false,\"result\":{},\"messages\":[]}",
    "{\"success\":false,\"errors\":[{\"code\":10000,\"message\":\"Authentication error for token " KEY "\"}],\"messages\":[],\"result\":null}",
    "{\"errors\":[{\"message\":\"AiError: Capacity temporarily exceeded, please try again.\",\"code\":3040}],\"success\":false,\"result\":{},\"messages\":[]}",
    "{\"errors\":[{\"message\":\"AiError: AiError: Internal server error\",\"code\":3043}],\"success\":false,\"result\":{},\"messages\":[]}",
  },
  .error_codes = { GENKIT_ERROR_INVALID_ARGUMENT, GENKIT_ERROR_UNAUTHENTICATED,
                   GENKIT_ERROR_RESOURCE_EXHAUSTED, GENKIT_ERROR_UNAVAILABLE },
};

static void
test_cloudflare_plain (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;

  g_test_summary ("A plain run: the account's URL, the bearer token, messages and the config in "
                  "Workers AI's names; the result's response and usage");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = RUN "@cf/meta/llama-3.1-8b-instruct",
    .expect_body = "{\"messages\": [{\"role\": \"system\", \"content\": \"You are a friendly assistant\"},"
                   " {\"role\": \"user\", \"content\": \"Why is pizza so good\"}],"
                   " \"temperature\": 0.6, \"max_tokens\": 256, \"top_k\": 40, \"repetition_penalty\": 1.1, \"seed\": 42}",
    .expect_headers = { "Authorization", "Bearer " KEY, NULL },
    .content_type = "application/json",
    .body = "{\"result\":{\"response\":\"Pizza is good because of its crust, sauce and cheese.\",\"usage\":"
            "{\"prompt_tokens\":31,\"completion_tokens\":13,\"total_tokens\":44}},\"success\":true,\"errors\":[],\"messages\":[]}",
  });
  test_run_model (registry, "/model/cloudflare-workers-ai/@cf/meta/llama-3.1-8b-instruct",
                  "{\"messages\": [{\"role\": \"system\", \"content\": [{\"text\": \"You are a friendly assistant\"}]},"
                  " {\"role\": \"user\", \"content\": [{\"text\": \"Why is pizza so good\"}]}],"
                  " \"config\": {\"temperature\": 0.6, \"maxOutputTokens\": 256, \"topK\": 40, \"repetitionPenalty\": 1.1, \"seed\": 42}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "Pizza is good because of its crust, sauce and cheese.");
  g_assert_cmpfloat (model_run_usage (&run, "inputTokens"), ==, 31);
  g_assert_cmpfloat (model_run_usage (&run, "totalTokens"), ==, 44);
}

static void
test_cloudflare_tool_round_trip (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;

  g_test_summary ("Function calling (traditional): tools as {name, description, parameters}, "
                  "tool_calls back, then the assistant's call and a tool message with the result");

  test_define_canned_tool (registry, "getWeather", "Return the weather for a location",
                           "{\"type\": \"object\", \"properties\": {\"location\": {\"type\": \"string\"}},"
                           " \"required\": [\"location\"]}",
                           "location", "Austin, Texas", "\"sunny, 30 degrees\"");
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = RUN "@hf/nousresearch/hermes-2-pro-mistral-7b",
    .expect_contains = {
      "\"tools\":[{\"name\":\"getWeather\",\"description\":\"Return the weather for a location\",\"parameters\":{\"type\":\"object\"",
    },
    .content_type = "application/json",
    .body = "{\"result\":{\"response\":null,\"tool_calls\":[{\"arguments\":{\"location\":\"Austin, Texas\"},\"name\":\"getWeather\"}],"
            "\"usage\":{\"prompt_tokens\":281,\"completion_tokens\":20,\"total_tokens\":301}},\"success\":true,\"errors\":[],\"messages\":[]}",
  });
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = RUN "@hf/nousresearch/hermes-2-pro-mistral-7b",
    .expect_contains = {
      "{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":[{\"name\":\"getWeather\",\"arguments\":{\"location\":\"Austin, Texas\"}}]}",
      "{\"role\":\"tool\",\"name\":\"getWeather\",\"content\":\"sunny, 30 degrees\"}",
    },
    .content_type = "application/json",
    .body = "{\"result\":{\"response\":\"It is sunny and 30 degrees in Austin.\",\"usage\":{\"prompt_tokens\":320,"
            "\"completion_tokens\":11,\"total_tokens\":331}},\"success\":true,\"errors\":[],\"messages\":[]}",
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"cloudflare-workers-ai/@hf/nousresearch/hermes-2-pro-mistral-7b\", \"tools\": [\"getWeather\"],"
                  " \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"What is the weather in Austin, Texas?\"}]}]}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "It is sunny and 30 degrees in Austin.");
}

static void
test_cloudflare_structured_output (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) want = test_json ("{\"city\": \"Paris\", \"country\": \"France\"}");
  g_autofree char *chunks = NULL;

  g_test_summary ("Constrained JSON output on a model with JSON mode: response_format json_schema "
                  "with the schema, no format instructions and no stream (JSON mode does not "
                  "stream; the streaming caller gets the answer as one chunk); the answer's "
                  "response object parses into the output");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = RUN "@cf/meta/llama-3.1-8b-instruct",
    .expect_body = "{\"messages\": [{\"role\": \"user\", \"content\": \"Capital of France?\"}],"
                   " \"response_format\": {\"type\": \"json_schema\", \"json_schema\": {\"type\": \"object\", \"properties\": {"
                   "  \"city\": {\"type\": \"string\"}, \"country\": {\"type\": \"string\"}}, \"required\": [\"city\"]}}}",
    .content_type = "application/json",
    .body = "{\"result\":{\"response\":{\"city\":\"Paris\",\"country\":\"France\"},\"usage\":{\"prompt_tokens\":40,"
            "\"completion_tokens\":12,\"total_tokens\":52}},\"success\":true,\"errors\":[],\"messages\":[]}",
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"cloudflare-workers-ai/@cf/meta/llama-3.1-8b-instruct\","
                  " \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Capital of France?\"}]}],"
                  " \"output\": {\"format\": \"json\", \"jsonSchema\": {\"$schema\": \"http://json-schema.org/draft-07/schema#\","
                  " \"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}, \"country\": {\"type\": \"string\"}},"
                  " \"required\": [\"city\"]}}}",
                  TRUE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  response = genkit_generate_response_new_from_json (run.output, NULL);
  output = genkit_generate_response_get_output (response);
  g_assert_true (test_json_equal (output, want));
  g_assert_cmpuint (run.chunks->len, ==, 1);
  chunks = model_run_chunk_text (&run);
  g_assert_cmpstr (chunks, ==, "{\"city\":\"Paris\",\"country\":\"France\"}");
  g_assert_cmpfloat (model_run_usage (&run, "totalTokens"), ==, 52);
}

static void
test_cloudflare_structured_output_fallback (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) want = test_json ("{\"city\": \"Paris\", \"country\": \"France\"}");

  g_test_summary ("JSON output on a model without JSON mode: Genkit's instructions reach the model, "
                  "no response_format, and its JSON answer parses");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = RUN "@cf/meta/llama-4-scout-17b-16e-instruct",
    .expect_contains = { "Output should be in JSON format" },
    .content_type = "application/json",
    .body = "{\"result\":{\"response\":\"{\\\"city\\\": \\\"Paris\\\", \\\"country\\\": \\\"France\\\"}\"},\"success\":true,"
            "\"errors\":[],\"messages\":[]}",
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"cloudflare-workers-ai/@cf/meta/llama-4-scout-17b-16e-instruct\","
                  " \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Capital of France?\"}]}],"
                  " \"output\": {\"format\": \"json\", \"jsonSchema\": {\"type\": \"object\", \"properties\": {"
                  "\"city\": {\"type\": \"string\"}, \"country\": {\"type\": \"string\"}}}}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  g_assert_null (strstr (replay_server_get_last_body (server), "response_format"));
  response = genkit_generate_response_new_from_json (run.output, NULL);
  output = genkit_generate_response_get_output (response);
  g_assert_true (test_json_equal (output, want));
}

static void
test_cloudflare_embeddings (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(JsonNode) want = test_json ("{\"embeddings\": [{\"embedding\": [-0.0289, 0.0397, 0.0125]},"
                                        " {\"embedding\": [0.0139, -0.0062, 0.0451]}]}");

  g_test_summary ("Text embeddings: {\"text\": [...]} in, result.data (one vector per text) out");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = RUN "@cf/baai/bge-base-en-v1.5",
    .expect_body = "{\"text\": [\"This is a story about an orange cloud\", \"This is a story about a llama\"]}",
    .content_type = "application/json",
    .body = "{\"result\":{\"shape\":[2,3],\"data\":[[-0.0289,0.0397,0.0125],[0.0139,-0.0062,0.0451]],\"pooling\":\"mean\"},"
            "\"success\":true,\"errors\":[],\"messages\":[]}",
  });
  test_run_model (registry, "/embedder/cloudflare-workers-ai/@cf/baai/bge-base-en-v1.5",
                  "{\"input\": [{\"content\": [{\"text\": \"This is a story about an orange cloud\"}]},"
                  " {\"content\": [{\"text\": \"This is a story about a llama\"}]}]}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  g_assert_true (test_json_equal (run.output, want));
}

static void
test_cloudflare_images (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *png_base64 = g_base64_encode (png, sizeof png);
  g_autofree char *png_url = g_strconcat ("data:image/png;base64,", png_base64, NULL);
  JsonObject *media;

  g_test_summary ("Text-to-image: FLUX's base64 JPEG and SDXL's raw PNG both become media parts");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = RUN "@cf/black-forest-labs/flux-1-schnell",
    .expect_body = "{\"prompt\": \"a cyberpunk lizard\", \"seed\": 7, \"steps\": 4}",
    .content_type = "application/json",
    .body = "{\"result\":{\"image\":\"/9j/4AAQSkZJRgABAQAAAQABAAD\"},\"success\":true,\"errors\":[],\"messages\":[]}",
  });
  test_run_model (registry, "/model/cloudflare-workers-ai/@cf/black-forest-labs/flux-1-schnell",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"a cyberpunk lizard\"}]}],"
                  " \"config\": {\"steps\": 4, \"seed\": 7}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  media = json_object_get_object_member (model_run_message_part (&run, 0), "media");
  g_assert_cmpstr (json_object_get_string_member (media, "url"), ==, "data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD");
  g_assert_cmpstr (json_object_get_string_member (media, "contentType"), ==, "image/jpeg");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = RUN "@cf/stabilityai/stable-diffusion-xl-base-1.0",
    .expect_body = "{\"prompt\": \"a lighthouse\", \"num_steps\": 20, \"negative_prompt\": \"fog\"}",
    .content_type = "image/png", .body = (const char *) png, .body_len = sizeof png,
  });
  test_run_model (registry, "/model/cloudflare-workers-ai/@cf/stabilityai/stable-diffusion-xl-base-1.0",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"a lighthouse\"}]}],"
                  " \"config\": {\"steps\": 20, \"negativePrompt\": \"fog\"}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  media = json_object_get_object_member (model_run_message_part (&run, 0), "media");
  g_assert_cmpstr (json_object_get_string_member (media, "url"), ==, png_url);
}

static void
test_cloudflare_config_ranges (void)
{
  static const char * const bad[] = {
    "{\"temperature\": 5.5}", "{\"maxOutputTokens\": 4097}", "{\"maxOutputTokens\": 0}",
    "{\"topP\": 1.5}", "{\"topK\": 0}", "{\"topK\": 101}", "{\"repetitionPenalty\": 2.5}",
    "{\"seed\": 0}", "{\"max_tokens\": 10}",
  };
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin ("http://127.0.0.1:9");
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);

  g_test_summary ("Config outside Workers AI's documented ranges fails with INVALID_ARGUMENT before "
                  "any request");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(ModelRun) run = { 0 };
      g_autofree char *input = g_strdup_printf ("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"x\"}]}],"
                                                " \"config\": %s}", bad[i]);

      test_run_model (registry, "/model/cloudflare-workers-ai/@cf/meta/llama-3.1-8b-instruct", input, FALSE, 0, &run);
      /* The model action's input schema holds the config schema: the engine refuses first. */
      g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
    }
}

static void
test_cloudflare_no_account (void)
{
  g_autoptr(GenkitProviderPlugin) plugin = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(JsonNode) listing = NULL;
  g_auto(ModelRun) run = { 0 };
  JsonObject *model;

  g_test_summary ("A token but no account id: models are listed unavailable, calls fail saying "
                  "CLOUDFLARE_ACCOUNT_ID is missing");

  g_unsetenv ("CLOUDFLARE_ACCOUNT_ID");
  plugin = g_object_new (GENKIT_TYPE_CLOUDFLARE_PLUGIN, "name", "cloudflare-workers-ai", "api-key", KEY,
                         "use-keyring", FALSE, NULL);
  g_assert_cmpstr (genkit_provider_plugin_get_base_url (plugin), ==, "https://api.cloudflare.com/client/v4");
  registry = test_registry_with (plugin);
  listing = model_run_listing (registry);
  model = json_object_get_object_member (json_node_get_object (listing),
                                         "/model/cloudflare-workers-ai/@cf/meta/llama-3.1-8b-instruct");
  model = json_object_get_object_member (json_object_get_object_member (model, "metadata"), "model");
  g_assert_false (json_object_get_boolean_member (model, "available"));
  g_assert_nonnull (strstr (json_object_get_string_member (model, "unavailableReason"), "CLOUDFLARE_ACCOUNT_ID"));

  test_run_model (registry, "/model/cloudflare-workers-ai/@cf/meta/llama-3.1-8b-instruct", request, FALSE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
}

static void
test_cloudflare_discovery (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(JsonNode) listing = NULL;
  JsonObject *all;

  g_test_summary ("Listing searches the account's models: text generation and text-to-image become "
                  "models, text embeddings embedders, other tasks are left out");

  g_object_set (plugin, "discover-models", TRUE, NULL);
  registry = test_registry_with (plugin);
  replay_server_expect (server, &(ReplayExchange) {
    .method = "GET", .path = "/accounts/acc123/ai/models/search?per_page=1000",
    .expect_headers = { "Authorization", "Bearer " KEY, NULL },
    .content_type = "application/json",
    .body = "{\"success\":true,\"result\":["
            "{\"id\":\"b97d7069\",\"source\":1,\"name\":\"@cf/google/gemma-3-12b-it\",\"description\":\"Gemma 3\",\"task\":{\"id\":\"c3\",\"name\":\"Text Generation\"}},"
            "{\"id\":\"429b9e8b\",\"source\":1,\"name\":\"@cf/baai/bge-m3\",\"description\":\"BGE\",\"task\":{\"id\":\"0137\",\"name\":\"Text Embeddings\"}},"
            "{\"id\":\"9e087485\",\"source\":1,\"name\":\"@cf/leonardo/lucid-origin\",\"description\":\"Lucid\",\"task\":{\"id\":\"3d6e\",\"name\":\"Text-to-Image\"}},"
            "{\"id\":\"ad01ab83\",\"source\":1,\"name\":\"@cf/openai/whisper\",\"description\":\"Whisper\",\"task\":{\"id\":\"dfce\",\"name\":\"Automatic Speech Recognition\"}}"
            "],\"errors\":[],\"messages\":[],\"result_info\":{\"count\":4,\"page\":1,\"per_page\":1000,\"total_count\":4}}",
  });
  listing = model_run_listing (registry);
  replay_server_assert_done (server);
  all = json_node_get_object (listing);
  g_assert_true (json_object_has_member (all, "/model/cloudflare-workers-ai/@cf/google/gemma-3-12b-it"));
  g_assert_true (json_object_has_member (all, "/embedder/cloudflare-workers-ai/@cf/baai/bge-m3"));
  g_assert_true (json_object_has_member (all, "/model/cloudflare-workers-ai/@cf/leonardo/lucid-origin"));
  g_assert_false (json_object_has_member (all, "/model/cloudflare-workers-ai/@cf/openai/whisper"));
}

int
main (int   argc,
      char *argv[])
{
  test_provider_init (&argc, &argv);

  g_test_add_func ("/cloudflare/plain", test_cloudflare_plain);
  g_test_add_func ("/cloudflare/tool-round-trip", test_cloudflare_tool_round_trip);
  g_test_add_func ("/cloudflare/structured-output", test_cloudflare_structured_output);
  g_test_add_func ("/cloudflare/structured-output-fallback", test_cloudflare_structured_output_fallback);
  g_test_add_func ("/cloudflare/embeddings", test_cloudflare_embeddings);
  g_test_add_func ("/cloudflare/images", test_cloudflare_images);
  g_test_add_func ("/cloudflare/config-ranges", test_cloudflare_config_ranges);
  g_test_add_func ("/cloudflare/no-account", test_cloudflare_no_account);
  g_test_add_func ("/cloudflare/discovery", test_cloudflare_discovery);
  provider_add_common_tests (&spec);

  return g_test_run ();
}
