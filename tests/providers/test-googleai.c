/* test-googleai.c — the Google AI plugin against a server replaying the Gemini API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "../engine/test-util.h"

#define KEY "AIzaSyTestSecretKey0123456789"

/* streamGenerateContent?alt=sse as the Gemini API sends it: one GenerateContentResponse per
 * event, CRLF line ends, the last with the finish reason and the full usage. */
static const char stream_answer[] =
  "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"The\"}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 10,\"totalTokenCount\": 10,\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 10}]},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"kMqMaNXdLsb5nsEPquCm8Qk\"}\r\n\r\n"
  "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \" sky is blue because of Rayleigh scattering\"}],\"role\": \"model\"},\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 10,\"totalTokenCount\": 10,\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 10}]},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"kMqMaNXdLsb5nsEPquCm8Qk\"}\r\n\r\n"
  "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \".\"}],\"role\": \"model\"},\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 10,\"candidatesTokenCount\": 9,\"totalTokenCount\": 43,\"promptTokensDetails\": [{\"modality\": \"TEXT\",\"tokenCount\": 10}],\"thoughtsTokenCount\": 24},\"modelVersion\": \"gemini-2.5-flash\",\"responseId\": \"kMqMaNXdLsb5nsEPquCm8Qk\"}\r\n\r\n";

static const char request[] =
  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Why is the sky blue?\"}]}]}";

static GenkitProviderPlugin *
make_plugin (const char *base_url)
{
  return g_object_new (GENKIT_TYPE_GOOGLEAI_PLUGIN, "name", "googleai", "label", "Google AI",
                       "base-url", base_url, "api-key", KEY, "use-keyring", FALSE,
                       "discover-models", FALSE, "timeout-ms", 400, NULL);
}

static const ProviderSpec spec = {
  .prefix = "/googleai",
  .make = make_plugin,
  .key = KEY,
  .model_key = "/model/googleai/gemini-2.5-flash",
  .request = request,
  .path = "/v1beta/models/gemini-2.5-flash:generateContent",
  .stream_path = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
  .stream_content_type = "text/event-stream",
  .stream_body = stream_answer,
  .stall_after = 300,
  .stream_text = "The sky is blue because of Rayleigh scattering.",
  .stream_chunks = 3,
  .error_content_type = "application/json; charset=UTF-8",
  .error_bodies = {
    "{\n  \"error\": {\n    \"code\": 400,\n    \"message\": \"* GenerateContentRequest.contents: contents is not specified\\n\",\n    \"status\": \"INVALID_ARGUMENT\"\n  }\n}\n",
    "{\n  \"error\": {\n    \"code\": 401,\n    \"message\": \"Request had invalid authentication credentials (key " KEY ").\",\n    \"status\": \"UNAUTHENTICATED\"\n  }\n}\n",
    "{\n  \"error\": {\n    \"code\": 429,\n    \"message\": \"You exceeded your current quota, please check your plan and billing details.\",\n    \"status\": \"RESOURCE_EXHAUSTED\",\n"
    "    \"details\": [{\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"42s\"}]\n  }\n}\n",
    "{\n  \"error\": {\n    \"code\": 500,\n    \"message\": \"An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting\",\n    \"status\": \"INTERNAL\"\n  }\n}\n",
  },
  .error_codes = { GENKIT_ERROR_INVALID_ARGUMENT, GENKIT_ERROR_UNAUTHENTICATED,
                   GENKIT_ERROR_RESOURCE_EXHAUSTED, GENKIT_ERROR_INTERNAL },
};

static void
test_googleai_plain (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;

  g_test_summary ("A plain generateContent: systemInstruction, inline image, generationConfig, "
                  "safetySettings and the key header; text, thoughts, finish reason and usage back");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1beta/models/gemini-2.5-flash:generateContent",
    .expect_body = "{\"contents\": [{\"role\": \"user\", \"parts\": [{\"text\": \"Describe this.\"},"
                   " {\"inlineData\": {\"mimeType\": \"image/png\", \"data\": \"iVBORw0KGgo=\"}}]}],"
                   " \"systemInstruction\": {\"parts\": [{\"text\": \"Be precise.\"}]},"
                   " \"generationConfig\": {\"temperature\": 0.4, \"maxOutputTokens\": 200,"
                   "   \"thinkingConfig\": {\"thinkingBudget\": 512, \"includeThoughts\": true}},"
                   " \"safetySettings\": [{\"category\": \"HARM_CATEGORY_HARASSMENT\", \"threshold\": \"BLOCK_ONLY_HIGH\"}]}",
    .expect_headers = { "x-goog-api-key", KEY, NULL },
    .content_type = "application/json; charset=UTF-8",
    .body = "{\n  \"candidates\": [\n    {\n      \"content\": {\n        \"parts\": [\n          {\n            \"text\": \"A tiny PNG.\",\n            \"thought\": true\n          },\n"
            "          {\n            \"text\": \"It is a one-pixel image.\"\n          }\n        ],\n        \"role\": \"model\"\n      },\n"
            "      \"finishReason\": \"STOP\",\n      \"index\": 0\n    }\n  ],\n  \"usageMetadata\": {\n    \"promptTokenCount\": 270,\n"
            "    \"candidatesTokenCount\": 8,\n    \"totalTokenCount\": 302,\n    \"thoughtsTokenCount\": 24\n  },\n"
            "  \"modelVersion\": \"gemini-2.5-flash\",\n  \"responseId\": \"abc\"\n}\n",
  });
  test_run_model (registry, "/model/googleai/gemini-2.5-flash",
                  "{\"messages\": [{\"role\": \"system\", \"content\": [{\"text\": \"Be precise.\"}]},"
                  " {\"role\": \"user\", \"content\": [{\"text\": \"Describe this.\"},"
                  " {\"media\": {\"url\": \"data:image/png;base64,iVBORw0KGgo=\"}}]}],"
                  " \"config\": {\"temperature\": 0.4, \"maxOutputTokens\": 200,"
                  " \"thinkingConfig\": {\"thinkingBudget\": 512, \"includeThoughts\": true},"
                  " \"safetySettings\": [{\"category\": \"HARM_CATEGORY_HARASSMENT\", \"threshold\": \"BLOCK_ONLY_HIGH\"}]}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "It is a one-pixel image.");
  g_assert_cmpstr (json_object_get_string_member (model_run_message_part (&run, 0), "reasoning"), ==, "A tiny PNG.");
  g_assert_cmpfloat (model_run_usage (&run, "inputTokens"), ==, 270);
  g_assert_cmpfloat (model_run_usage (&run, "outputTokens"), ==, 8);
  g_assert_cmpfloat (model_run_usage (&run, "thoughtsTokens"), ==, 24);
}

static void
test_googleai_tool_round_trip (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;

  g_test_summary ("generate with a tool: a functionDeclaration with its JSON Schema as "
                  "parametersJsonSchema, ANY mode; the functionCall (with its id and thoughtSignature) "
                  "and the functionResponse (with the same id) go back");

  test_define_canned_tool (registry, "get_current_weather", "Gets the current weather",
                           "{\"$schema\": \"http://json-schema.org/draft-07/schema#\", \"type\": \"object\","
                           " \"properties\": {\"location\": {\"type\": \"string\"}}, \"required\": [\"location\"],"
                           " \"additionalProperties\": false}",
                           "location", "Boston, MA", "{\"temperature\": 3, \"unit\": \"celsius\"}");
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1beta/models/gemini-2.5-flash:generateContent",
    .expect_contains = {
      "\"tools\":[{\"functionDeclarations\":[{\"name\":\"get_current_weather\",\"description\":\"Gets the current weather\","
      "\"parametersJsonSchema\":{\"type\":\"object\",\"properties\":{\"location\":{\"type\":\"string\"}},\"required\":[\"location\"],"
      "\"additionalProperties\":false}}]}]",
      "\"toolConfig\":{\"functionCallingConfig\":{\"mode\":\"ANY\"}}",
    },
    .content_type = "application/json; charset=UTF-8",
    .body = "{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"id\": \"fc-7d1a\", \"name\": \"get_current_weather\","
            " \"args\": {\"location\": \"Boston, MA\"}}, \"thoughtSignature\": \"CiQB0e2Kb\"}], \"role\": \"model\"},"
            " \"finishReason\": \"STOP\", \"index\": 0}], \"usageMetadata\": {\"promptTokenCount\": 60,"
            " \"candidatesTokenCount\": 8, \"totalTokenCount\": 68}, \"modelVersion\": \"gemini-2.5-flash\"}",
  });
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1beta/models/gemini-2.5-flash:generateContent",
    .expect_contains = {
      "{\"role\":\"model\",\"parts\":[{\"functionCall\":{\"name\":\"get_current_weather\",\"id\":\"fc-7d1a\","
      "\"args\":{\"location\":\"Boston, MA\"}},\"thoughtSignature\":\"CiQB0e2Kb\"}]}",
      "{\"role\":\"function\",\"parts\":[{\"functionResponse\":{\"name\":\"get_current_weather\",\"id\":\"fc-7d1a\","
      "\"response\":{\"name\":\"get_current_weather\",\"content\":{\"temperature\":3,\"unit\":\"celsius\"}}}}]}",
    },
    .content_type = "application/json; charset=UTF-8",
    .body = "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"It is 3 °C in Boston.\"}], \"role\": \"model\"},"
            " \"finishReason\": \"STOP\", \"index\": 0}], \"usageMetadata\": {\"promptTokenCount\": 90,"
            " \"candidatesTokenCount\": 9, \"totalTokenCount\": 99}, \"modelVersion\": \"gemini-2.5-flash\"}",
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"googleai/gemini-2.5-flash\", \"tools\": [\"get_current_weather\"], \"toolChoice\": \"required\","
                  " \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"What is the weather in Boston?\"}]}]}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  g_assert_cmpstr (text, ==, "It is 3 °C in Boston.");
}

static void
test_googleai_namespaced_tool (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  JsonObject *tool_request;

  g_test_summary ("A tool whose name has a / (which Gemini refuses) is declared and called back with "
                  "__ in its place; the call comes back under the tool's own name, with its id as ref");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1beta/models/gemini-2.5-flash:generateContent",
    .expect_contains = {
      "\"functionDeclarations\":[{\"name\":\"weather__now\",\"description\":\"\",\"parametersJsonSchema\":{\"type\":\"object\"}}]",
      "{\"functionResponse\":{\"name\":\"weather__now\",\"id\":\"fc-1\",\"response\":{\"name\":\"weather__now\",\"content\":\"sunny\"}}}",
    },
    .content_type = "application/json; charset=UTF-8",
    .body = "{\"candidates\": [{\"content\": {\"parts\": [{\"functionCall\": {\"id\": \"fc-2\", \"name\": \"weather__now\","
            " \"args\": {}}}], \"role\": \"model\"}, \"finishReason\": \"STOP\", \"index\": 0}]}",
  });
  test_run_model (registry, "/model/googleai/gemini-2.5-flash",
                  "{\"tools\": [{\"name\": \"weather/now\", \"description\": \"\", \"inputSchema\": {\"type\": \"object\"}}],"
                  " \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Weather?\"}]},"
                  " {\"role\": \"model\", \"content\": [{\"toolRequest\": {\"name\": \"weather/now\", \"ref\": \"fc-1\", \"input\": {}}}]},"
                  " {\"role\": \"tool\", \"content\": [{\"toolResponse\": {\"name\": \"weather/now\", \"ref\": \"fc-1\", \"output\": \"sunny\"}}]}]}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  tool_request = json_object_get_object_member (model_run_message_part (&run, 0), "toolRequest");
  g_assert_cmpstr (json_object_get_string_member (tool_request, "name"), ==, "weather/now");
  g_assert_cmpstr (json_object_get_string_member (tool_request, "ref"), ==, "fc-2");
}

static void
test_googleai_structured_output (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) want = test_json ("[{\"recipeName\": \"Chocolate Chip Cookies\"}, {\"recipeName\": \"Oatmeal Raisin\"}]");

  g_test_summary ("Constrained JSON output sets responseMimeType and the JSON Schema as given as "
                  "responseJsonSchema; the answer parses into the output");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1beta/models/gemini-2.5-flash:generateContent",
    .expect_contains = {
      "\"generationConfig\":{\"responseMimeType\":\"application/json\",\"responseJsonSchema\":{\"type\":\"array\","
      "\"items\":{\"type\":\"object\",\"properties\":{\"recipeName\":{\"type\":\"string\"}},\"additionalProperties\":false}}}",
    },
    .content_type = "application/json; charset=UTF-8",
    .body = "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"[{\\\"recipeName\\\": \\\"Chocolate Chip Cookies\\\"},"
            " {\\\"recipeName\\\": \\\"Oatmeal Raisin\\\"}]\"}], \"role\": \"model\"}, \"finishReason\": \"STOP\", \"index\": 0}],"
            " \"usageMetadata\": {\"promptTokenCount\": 12, \"candidatesTokenCount\": 20, \"totalTokenCount\": 32}}",
  });
  test_run_model (registry, "/util/generate",
                  "{\"model\": \"googleai/gemini-2.5-flash\", \"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"List a few popular cookie recipes.\"}]}],"
                  " \"output\": {\"format\": \"json\", \"jsonSchema\": {\"type\": \"array\", \"items\": {\"type\": \"object\","
                  " \"properties\": {\"recipeName\": {\"type\": \"string\"}}, \"additionalProperties\": false}}}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  response = genkit_generate_response_new_from_json (run.output, NULL);
  output = genkit_generate_response_get_output (response);
  g_assert_true (test_json_equal (output, want));
}

static void
test_googleai_embeddings (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(JsonNode) want = test_json ("{\"embeddings\": [{\"embedding\": [0.0152, -0.0023, 0.0419]},"
                                        " {\"embedding\": [0.0031, 0.0205, -0.0117]}]}");

  g_test_summary ("batchEmbedContents: one request per document with the task type; values back in order");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1beta/models/gemini-embedding-001:batchEmbedContents",
    .expect_body = "{\"requests\": ["
                   "{\"model\": \"models/gemini-embedding-001\", \"content\": {\"parts\": [{\"text\": \"What is the meaning of life?\"}]},"
                   " \"taskType\": \"RETRIEVAL_DOCUMENT\", \"outputDimensionality\": 3},"
                   "{\"model\": \"models/gemini-embedding-001\", \"content\": {\"parts\": [{\"text\": \"How does the brain work?\"}]},"
                   " \"taskType\": \"RETRIEVAL_DOCUMENT\", \"outputDimensionality\": 3}]}",
    .expect_headers = { "x-goog-api-key", KEY, NULL },
    .content_type = "application/json; charset=UTF-8",
    .body = "{\n  \"embeddings\": [\n    {\n      \"values\": [0.0152, -0.0023, 0.0419]\n    },\n    {\n      \"values\": [0.0031, 0.0205, -0.0117]\n    }\n  ]\n}\n",
  });
  test_run_model (registry, "/embedder/googleai/gemini-embedding-001",
                  "{\"input\": [{\"content\": [{\"text\": \"What is the meaning of life?\"}]},"
                  " {\"content\": [{\"text\": \"How does the brain work?\"}]}],"
                  " \"options\": {\"taskType\": \"RETRIEVAL_DOCUMENT\", \"outputDimensionality\": 3}}",
                  FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  g_assert_true (test_json_equal (run.output, want));
}

static void
test_googleai_blocked (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = make_plugin (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  JsonObject *output;

  g_test_summary ("A prompt blocked by promptFeedback answers with finish reason blocked and why");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1beta/models/gemini-2.5-flash:generateContent",
    .content_type = "application/json; charset=UTF-8",
    .body = "{\"promptFeedback\": {\"blockReason\": \"SAFETY\", \"safetyRatings\": [{\"category\": \"HARM_CATEGORY_HARASSMENT\","
            " \"probability\": \"HIGH\"}]}, \"usageMetadata\": {\"promptTokenCount\": 8, \"totalTokenCount\": 8}}",
  });
  test_run_model (registry, "/model/googleai/gemini-2.5-flash", request, FALSE, 0, &run);
  g_assert_no_error (run.error);
  output = json_node_get_object (run.output);
  g_assert_cmpstr (json_object_get_string_member (output, "finishReason"), ==, "blocked");
  g_assert_nonnull (strstr (json_object_get_string_member (output, "finishMessage"), "SAFETY"));
  g_assert_false (json_object_has_member (output, "message"));
}

static void
test_googleai_api_version (void)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autofree char *config = NULL;
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("apiVersion and baseUrl: the plugin's, then the request's config, choose the path");

  plugin = g_object_new (GENKIT_TYPE_GOOGLEAI_PLUGIN, "name", "googleai", "api-version", "v1",
                         "base-url", "http://127.0.0.1:9", "api-key", KEY, "use-keyring", FALSE, NULL);
  registry = test_registry_with (plugin);
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1alpha/models/gemini-2.0-flash:generateContent",
    .content_type = "application/json",
    .body = "{\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"ok\"}], \"role\": \"model\"}, \"finishReason\": \"STOP\"}]}",
  });
  config = g_strdup_printf ("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"x\"}]}],"
                            " \"config\": {\"apiVersion\": \"v1alpha\", \"baseUrl\": \"%s/\"}}",
                            replay_server_get_url (server));
  test_run_model (registry, "/model/googleai/gemini-2.0-flash", config, FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
}

int
main (int   argc,
      char *argv[])
{
  test_provider_init (&argc, &argv);

  g_test_add_func ("/googleai/plain", test_googleai_plain);
  g_test_add_func ("/googleai/tool-round-trip", test_googleai_tool_round_trip);
  g_test_add_func ("/googleai/namespaced-tool", test_googleai_namespaced_tool);
  g_test_add_func ("/googleai/structured-output", test_googleai_structured_output);
  g_test_add_func ("/googleai/embeddings", test_googleai_embeddings);
  g_test_add_func ("/googleai/blocked", test_googleai_blocked);
  g_test_add_func ("/googleai/api-version", test_googleai_api_version);
  provider_add_common_tests (&spec);

  return g_test_run ();
}
