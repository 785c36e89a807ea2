/* test-model.c — models: metadata as Genkit publishes it, both function forms, model-level middleware
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "ai-test-util.h"

static void
never_called_tool (GenkitActionRun *run,
                   JsonNode        *input,
                   gpointer         user_data)
{
  g_assert_not_reached ();
}

static void
never_called_model (GenkitModelCall       *call,
                    GenkitGenerateRequest *request,
                    gpointer               user_data)
{
  g_assert_not_reached ();
}

static JsonNode *
fixture_descriptor (const char *key)
{
  g_autoptr(JsonNode) actions = ai_fixture ("reflection/04-actions.json");
  JsonObject *body = ai_member_object (actions, "response.body");

  return json_node_copy (json_object_get_member (body, key));
}

static void
assert_descriptor (GenkitRegistry *registry,
                   const char     *key)
{
  GenkitAction *action = genkit_registry_lookup_action (registry, key);
  g_autoptr(JsonNode) ours = NULL;
  g_autoptr(JsonNode) theirs = fixture_descriptor (key);

  g_assert_nonnull (action);
  ours = genkit_action_to_descriptor (action);
  ai_assert_json_equal (theirs, ours);
}

static void
test_descriptors (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) add_input = test_json ("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},"
                                             "\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"],"
                                             "\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");
  g_autoptr(JsonNode) add_output = test_json ("{\"type\":\"number\",\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");

  g_test_summary ("The echo model, /util/generate, a tool and its tool.v2 twin are described exactly "
                  "as the JavaScript runtime describes them (metadata, schemas, member order)");

  g_assert_nonnull (genkit_define_generate_action (registry, &error));
  g_assert_nonnull (genkit_define_echo_model (registry, &error));
  g_assert_nonnull (genkit_define_tool (registry, "add", "Adds two numbers", add_input, add_output,
                                        never_called_tool, NULL, NULL, &error));
  g_assert_no_error (error);

  assert_descriptor (registry, "/model/echo");
  assert_descriptor (registry, "/util/generate");
  assert_descriptor (registry, "/tool/add");
  assert_descriptor (registry, "/tool.v2/add");
}

static void
run_model (GenkitRegistry *registry,
           JsonNode       *input,
           gboolean        stream,
           TestRun        *run)
{
  GenkitAction *model = genkit_registry_lookup_action (registry, "/model/echo");

  g_assert_nonnull (model);
  test_run_action (model, input, NULL, NULL, stream, run);
}

static void
test_echo_fixtures (void)
{
  static const char * const files[] = {
    "reflection/19-run-model-echo.json", "reflection/21-run-model-echo-json-output.json",
    "reflection/22-run-model-echo-tool-request.json",
  };
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(JsonNode) stream_exchange = ai_fixture ("reflection/20-run-model-echo-stream.json");
  g_autoptr(GError) error = NULL;
  g_auto(TestRun) run = { 0 };
  const char *body;
  g_auto(GStrv) lines = NULL;
  guint n_lines;

  g_test_summary ("The echo model answers the captured requests as the JavaScript echo model did, "
                  "streamed chunks included");

  g_assert_nonnull (genkit_define_echo_model (registry, &error));

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(JsonNode) exchange = ai_fixture (files[i]);
      JsonNode *input = json_object_get_member (ai_member_object (exchange, "request.body"), "input");
      g_autoptr(JsonNode) expected = json_node_copy (json_object_get_member (ai_member_object (exchange, "response.body"),
                                                                             "result"));
      g_autoptr(JsonNode) ours = NULL;

      run_model (registry, input, FALSE, &run);
      g_assert_no_error (run.error);
      ours = json_node_copy (genkit_action_result_get_result (run.result));
      g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (ours), "latencyMs"), >=, 0);
      ai_strip_latency (ours);
      ai_strip_latency (expected);
      ai_assert_json_equal (expected, ours);
    }

  run_model (registry, json_object_get_member (ai_member_object (stream_exchange, "request.body"), "input"),
             TRUE, &run);
  g_assert_no_error (run.error);
  body = json_object_get_string_member (ai_member_object (stream_exchange, "response"), "body");
  lines = g_strsplit (body, "\n", -1);
  n_lines = g_strv_length (lines);
  g_assert_cmpuint (run.chunks->len, ==, n_lines - 1);
  for (guint i = 0; i + 1 < n_lines; i++)
    {
      g_autoptr(JsonNode) expected = test_json (lines[i]);

      ai_assert_json_equal (expected, g_ptr_array_index (run.chunks, i));
    }
}

static void
assert_bad_options (const char *options_json,
                    const char *message)
{
  g_autoptr(JsonNode) options = ai_json5 (options_json);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitModel) model = NULL;

  model = genkit_model_new ("m", json_node_get_object (options), never_called_model,
                            NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  if (message != NULL)
    g_assert_cmpstr (error->message, ==, message);
  else
    g_assert_true (g_str_has_prefix (error->message, "Invalid model options: configSchema is not a valid JSON Schema"));
}

static void
test_options (void)
{
  g_autoptr(JsonNode) options = ai_json5 ("{label: 'Mine', versions: ['v1', 'v2'], stage: 'unstable',"
                                          " supports: {tools: true, constrained: 'no-tools', output: ['json'],"
                                          "            contentType: ['application/json'], longRunning: false},"
                                          " configSchema: {type: 'object', properties: {temperature: {type: 'number'}}}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitModel) model = NULL;
  g_autoptr(JsonNode) descriptor = NULL;
  g_autoptr(JsonNode) expected = ai_json5 ("{key: '/model/mine', name: 'mine', description: 'Mine',"
                                           " metadata: {model: {label: 'Mine',"
                                           "   customOptions: {type: 'object', properties: {temperature: {type: 'number'}}},"
                                           "   versions: ['v1', 'v2'],"
                                           "   supports: {tools: true, constrained: 'no-tools', output: ['json'],"
                                           "              contentType: ['application/json'], longRunning: false},"
                                           "   stage: 'unstable'}}}");

  g_test_summary ("Model options are checked and published as Genkit's ModelInfo, in its key order");

  model = genkit_model_new ("mine", json_node_get_object (options), never_called_model,
                            NULL, NULL, &error);
  g_assert_no_error (error);
  descriptor = genkit_action_to_descriptor (GENKIT_ACTION (model));
  json_object_remove_member (json_node_get_object (descriptor), "inputSchema");
  json_object_remove_member (json_node_get_object (descriptor), "outputSchema");
  ai_assert_json_equal (expected, descriptor);

  assert_bad_options ("{version: 'x'}", "Invalid model options: version is not a model option (label, versions, "
                                        "supports, configSchema, stage)");
  assert_bad_options ("{label: 1}", "Invalid model options: label must be a string");
  assert_bad_options ("{versions: ['a', 2]}", "Invalid model options: versions must be an array of strings");
  assert_bad_options ("{supports: {tools: 'yes'}}", "Invalid model options: supports.tools must be a boolean");
  assert_bad_options ("{supports: {constrained: 'some'}}",
                      "Invalid model options: supports.constrained must be one of none, all, no-tools, not “some”");
  assert_bad_options ("{stage: 'beta'}",
                      "Invalid model options: stage must be one of featured, stable, unstable, legacy, deprecated, not “beta”");
  assert_bad_options ("{configSchema: {type: 7}}", NULL);
}

/* The two function forms --------------------------------------------------------------------------- */

typedef struct
{
  GenkitModelCall *call;
} Pending;

static void
answer_later_cb (gpointer user_data)
{
  Pending *pending = user_data;
  g_autoptr(GenkitGenerateResponse) response = genkit_generate_response_new ();
  g_autoptr(GenkitMessage) message = genkit_message_new_text (GENKIT_ROLE_MODEL, "later");

  genkit_generate_response_set_message (response, message);
  genkit_generate_response_set_finish_reason (response, GENKIT_FINISH_REASON_STOP);
  genkit_model_call_return_response (pending->call, response);
  g_object_unref (pending->call);
  g_free (pending);
}

/* v2: everything through the call; answers 30 ms later with what it saw. */
static void
v2_model (GenkitModelCall       *call,
          GenkitGenerateRequest *request,
          gpointer               user_data)
{
  Pending *pending = g_new0 (Pending, 1);
  JsonObject *context = genkit_model_call_get_context (call);
  g_autoptr(GenkitGenerateResponseChunk) chunk = genkit_generate_response_chunk_new_text ("thinking");

  g_assert_cmpstr (json_object_get_string_member (context, "tenant"), ==, "acme");
  g_assert_true (G_IS_CANCELLABLE (genkit_model_call_get_cancellable (call)));
  g_assert_true (genkit_model_call_get_model (call) == genkit_action_run_get_action (genkit_model_call_get_action_run (call)));
  g_assert_cmpuint (genkit_generate_request_get_n_messages (genkit_model_call_get_request (call)), ==, 1);
  *(gboolean *) user_data = genkit_model_call_is_streaming (call);
  genkit_model_call_send_chunk (call, chunk);

  pending->call = g_object_ref (call);
  g_timeout_add_once (30, answer_later_cb, pending);
}

/* v1: the streaming callback is given only when the caller streams. */
static void
v1_model (GenkitGenerateRequest *request,
          GenkitModelChunkFunc   send_chunk,
          GenkitModelCall       *call,
          gpointer               user_data)
{
  g_autoptr(GenkitGenerateResponse) response = genkit_generate_response_new ();
  g_autoptr(GenkitMessage) message = genkit_message_new_text (GENKIT_ROLE_MODEL, send_chunk ? "streamed" : "plain");

  if (send_chunk != NULL)
    {
      g_autoptr(GenkitGenerateResponseChunk) chunk = genkit_generate_response_chunk_new_text ("streamed");

      send_chunk (call, chunk);
    }
  genkit_generate_response_set_message (response, message);
  genkit_generate_response_set_finish_reason (response, GENKIT_FINISH_REASON_STOP);
  genkit_model_call_return_response (call, response);
}

static void
test_function_forms (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) input = test_json ("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"hi\"}]}]}");
  g_autoptr(JsonNode) context = test_json ("{\"tenant\": \"acme\"}");
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_auto(TestRun) run = { 0 };
  gboolean streaming = FALSE;
  GenkitModel *v2, *v1;
  JsonObject *output;

  g_test_summary ("The v2 form gets context, cancellable and chunk sending through one object; the v1 "
                  "form gets a streaming callback only when streaming; both get latencyMs added");

  v2 = genkit_define_model (registry, "v2", NULL, v2_model, &streaming, NULL, &error);
  v1 = genkit_define_streaming_model (registry, "v1", NULL, v1_model, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_action_get_description (GENKIT_ACTION (v2)), ==, "v2");
  ai_assert_json (json_object_get_member (genkit_action_get_metadata (GENKIT_ACTION (v2)), "model"), "{label: 'v2'}");

  genkit_run_options_set_context (options, json_node_get_object (context));
  test_run_action (GENKIT_ACTION (v2), input, options, NULL, TRUE, &run);
  g_assert_no_error (run.error);
  g_assert_true (streaming);
  g_assert_cmpuint (run.chunks->len, ==, 1);
  output = json_node_get_object (genkit_action_result_get_result (run.result));
  g_assert_cmpfloat (json_object_get_double_member (output, "latencyMs"), >=, 25.0);
  {
    g_autoptr(GenkitRunOptions) quiet = genkit_run_options_new ();

    genkit_run_options_set_context (quiet, json_node_get_object (context));
    test_run_action (GENKIT_ACTION (v2), input, quiet, NULL, FALSE, &run);
    g_assert_no_error (run.error);
    g_assert_false (streaming);
  }

  test_run_action (GENKIT_ACTION (v1), input, NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.chunks->len, ==, 0);
  ai_assert_json (json_object_get_member (json_node_get_object (genkit_action_result_get_result (run.result)), "message"),
                  "{role: 'model', content: [{text: 'plain'}]}");
  test_run_action (GENKIT_ACTION (v1), input, NULL, NULL, TRUE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.chunks->len, ==, 1);
  ai_assert_json (g_ptr_array_index (run.chunks, 0), "{content: [{text: 'streamed'}]}");

  /* A request that is not a GenerateRequest fails before the model's function. */
  {
    g_autoptr(JsonNode) bad = test_json ("{\"messages\": [{\"role\": \"robot\", \"content\": []}]}");

    test_run_action (GENKIT_ACTION (v1), bad, NULL, NULL, FALSE, &run);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  }
}

static void
test_interrupt_tool (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(JsonNode) metadata = test_json ("{\"ask\": \"sure?\"}");
  g_autoptr(JsonNode) input = test_json ("{}");
  g_autoptr(GError) error = NULL;
  g_auto(TestRun) run = { 0 };
  GenkitTool *tool;

  g_test_summary ("An interrupt is a /tool/ action only, marked not restartable, that always interrupts");

  tool = genkit_define_interrupt (registry, "confirm", "Asks the user", NULL, NULL, metadata, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) expected = ai_json5 ("{tool: {restartable: false}, type: 'tool'}");
    g_autoptr(JsonNode) ours = json_node_init_object (json_node_alloc (), genkit_action_get_metadata (GENKIT_ACTION (tool)));

    ai_assert_json_equal (expected, ours);
  }
  g_assert_null (genkit_registry_lookup_action (registry, "/tool.v2/confirm"));
  g_assert_false (genkit_tool_is_multipart (tool));

  test_run_action (GENKIT_ACTION (tool), input, NULL, NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_INTERRUPT_ERROR, GENKIT_INTERRUPT_ERROR_INTERRUPTED);
  ai_assert_json (genkit_interrupt_error_get_metadata (run.error), "{ask: 'sure?'}");
}

static void
test_countdown_echo_model (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitGenerateOptions) options = genkit_generate_options_new ();
  g_autoptr(JsonNode) config = test_json ("{\"temperature\": 11}");
  g_autoptr(JsonNode) response = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(AiGenerate) run = { 0 };
  g_auto(TestRun) action_run = { 0 };

  g_test_summary ("Genkit's testing echoModel streams 3, 2, 1 and echoes the messages and the config");

  g_assert_nonnull (genkit_define_test_echo_model (registry, NULL, &error));
  g_assert_no_error (error);

  genkit_generate_options_set_model (options, "echoModel");
  genkit_generate_options_set_system (options, "be brief");
  genkit_generate_options_set_prompt (options, "hi");
  genkit_generate_options_set_config (options, config);
  ai_generate (registry, options, TRUE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.chunks->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) chunk = genkit_generate_response_chunk_to_json (g_ptr_array_index (run.chunks, i));
      g_autofree char *expected = g_strdup_printf ("{content: [{text: '%u'}], index: 0, role: 'model'}", 3 - i);

      ai_assert_json (chunk, expected);
    }
  response = genkit_generate_response_to_json (run.response);
  ai_assert_json (json_object_get_member (json_node_get_object (response), "message"),
                  "{role: 'model', content: [{text: 'Echo: system: be brief,hi'},"
                  " {text: '; config: {\"temperature\":11}'}]}");

  /* Called directly, not streamed, without config: no chunks, `undefined` config. */
  {
    g_autoptr(JsonNode) input = ai_json5 ("{messages: [{role: 'user', content: [{text: 'a'}, {media: {url: 'u'}}, {text: 'b'}]},"
                                          " {role: 'model', content: [{text: 'c'}]}, {role: 'tool', content: []}]}");

    test_run_action (genkit_registry_lookup_action (registry, "/model/echoModel"), input, NULL, NULL, FALSE,
                     &action_run);
    g_assert_no_error (action_run.error);
    g_assert_cmpuint (action_run.chunks->len, ==, 0);
    ai_assert_json (json_object_get_member (json_node_get_object (genkit_action_result_get_result (action_run.result)),
                                            "message"),
                    "{role: 'model', content: [{text: 'Echo: a,,b,c,tool: '}, {text: '; config: undefined'}]}");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/model/descriptors", test_descriptors);
  g_test_add_func ("/model/echo-fixtures", test_echo_fixtures);
  g_test_add_func ("/model/options", test_options);
  g_test_add_func ("/model/function-forms", test_function_forms);
  g_test_add_func ("/model/interrupt-tool", test_interrupt_tool);
  g_test_add_func ("/model/countdown-echo-model", test_countdown_echo_model);

  return g_test_run ();
}
