/* test-action.c — running actions: validation, spans, context, streaming, cancellation
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "test-util.h"

typedef struct
{
  GenkitRegistry            *registry;
  GenkitMemorySpanProcessor *memory;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->registry = genkit_registry_new ();
  f->memory = genkit_memory_span_processor_new ();
  genkit_tracer_add_processor (genkit_registry_get_tracer (f->registry),
                               GENKIT_SPAN_PROCESSOR (f->memory));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->memory);
  g_assert_finalize_object (f->registry);
}

static GenkitSpan *
only_span (Fixture    *f,
           const char *trace_id)
{
  g_autoptr(GPtrArray) spans = genkit_memory_span_processor_get_spans (f->memory, trace_id);

  g_assert_cmpuint (spans->len, ==, 1);
  return g_object_ref (g_ptr_array_index (spans, 0));
}

/* Bodies ------------------------------------------------------------------------------------ */

static void
double_body (GenkitActionRun *run,
             JsonNode        *input,
             gpointer         user_data)
{
  gint64 n = json_object_get_int_member (json_node_get_object (input), "n");
  g_autoptr(JsonObject) out = json_object_new ();

  json_object_set_int_member (out, "doubled", n * 2);
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), out));
}

static void
bad_output_body (GenkitActionRun *run,
                 JsonNode        *input,
                 gpointer         user_data)
{
  genkit_action_run_return_value (run, json_node_init_string (json_node_alloc (), "not an object"));
}

static void
failing_body (GenkitActionRun *run,
              JsonNode        *input,
              gpointer         user_data)
{
  genkit_action_run_return_new_error (run, GENKIT_ERROR_PERMISSION_DENIED, "not you");
}

static void
never_body (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  /* Completes only through cancellation; keeps the run alive until then. */
  g_object_set_data_full (G_OBJECT (genkit_action_run_get_cancellable (run)), "run",
                          g_object_ref (run), g_object_unref);
}

static void
context_body (GenkitActionRun *run,
              JsonNode        *input,
              gpointer         user_data)
{
  JsonNode *context = json_node_init_object (json_node_alloc (), genkit_action_run_get_context (run));

  genkit_action_run_return_value (run, context);
}

static void
stream_body (GenkitActionRun *run,
             JsonNode        *input,
             gpointer         user_data)
{
  g_assert_true (genkit_action_run_is_streaming (run) == GPOINTER_TO_INT (user_data));
  for (int i = 1; i <= 3; i++)
    {
      g_autoptr(JsonNode) chunk = json_node_init_int (json_node_alloc (), i);

      genkit_action_run_send_chunk (run, chunk);
    }
  genkit_action_run_return_value (run, NULL);
}

static GenkitAction *
make_double (Fixture *f)
{
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_CUSTOM, "double", double_body, NULL, NULL);
  g_autoptr(JsonNode) in = test_json ("{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":0}},\"required\":[\"n\"]}");
  g_autoptr(JsonNode) out = test_json ("{\"type\":\"object\",\"required\":[\"doubled\"]}");
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_action_set_input_schema (action, in, &error));
  g_assert_true (genkit_action_set_output_schema (action, out, &error));
  g_assert_no_error (error);
  g_assert_true (genkit_registry_register_action (f->registry, action, &error));
  return g_steal_pointer (&action);
}

/* Tests -------------------------------------------------------------------------------------- */

static void
test_action_keys (void)
{
  static const char *const types[] = {
    "custom", "dynamic-action-provider", "embedder", "evaluator", "executable-prompt", "flow",
    "indexer", "model", "background-model", "check-operation", "cancel-operation", "prompt",
    "reranker", "retriever", "tool", "tool.v2", "util", "resource", "agent", "agent-snapshot",
    "agent-abort",
  };
  GenkitActionType type;
  g_autofree char *plugin = NULL;
  g_autofree char *name = NULL;

  g_test_summary ("Every Genkit action type string round-trips; keys parse like parseRegistryKey");

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_assert_true (genkit_action_type_from_string (types[i], &type));
      g_assert_cmpstr (genkit_action_type_to_string (type), ==, types[i]);
    }
  g_assert_false (genkit_action_type_from_string ("flows", NULL));

  g_assert_true (genkit_parse_action_key ("/util/generate", &type, &plugin, &name));
  g_assert_cmpint (type, ==, GENKIT_ACTION_TYPE_UTIL);
  g_assert_null (plugin);
  g_assert_cmpstr (name, ==, "generate");
  g_clear_pointer (&name, g_free);

  g_assert_true (genkit_parse_action_key ("/model/googleai/gemini-2.5/flash", &type, &plugin, &name));
  g_assert_cmpint (type, ==, GENKIT_ACTION_TYPE_MODEL);
  g_assert_cmpstr (plugin, ==, "googleai");
  g_assert_cmpstr (name, ==, "gemini-2.5/flash");

  g_assert_false (genkit_parse_action_key ("", NULL, NULL, NULL));
  g_assert_false (genkit_parse_action_key ("/flow", NULL, NULL, NULL));
  g_assert_false (genkit_parse_action_key ("flow/x", NULL, NULL, NULL));
  g_assert_false (genkit_parse_action_key ("/nope/x", NULL, NULL, NULL));
  g_assert_false (genkit_parse_action_key ("/flow/", NULL, NULL, NULL));
  g_assert_false (genkit_parse_action_key ("/model/plugin/", NULL, NULL, NULL));
}

static void
test_action_run_ok (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GenkitAction) action = make_double (f);
  g_autoptr(JsonNode) input = test_json ("{\"n\": 21}");
  g_autoptr(GenkitSpan) span = NULL;
  g_auto(TestRun) run = { 0 };
  g_autofree char *output = NULL;

  g_test_summary ("A run returns its output with the trace it made; the span records it all");

  test_run_action (action, input, NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);
  output = test_to_string (genkit_action_result_get_result (run.result));
  g_assert_cmpstr (output, ==, "{\"doubled\":42}");
  g_assert_cmpuint (run.n_started, ==, 1);
  g_assert_cmpstr (run.started_trace_id, ==, genkit_action_result_get_trace_id (run.result));

  span = only_span (f, genkit_action_result_get_trace_id (run.result));
  g_assert_cmpstr (genkit_span_get_span_id (span), ==, genkit_action_result_get_span_id (run.result));
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:type"), ==, "action");
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:metadata:subtype"), ==, "custom");
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:key"), ==, "/custom/double");
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:input"), ==, "{\"n\":21}");
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:output"), ==, "{\"doubled\":42}");
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:state"), ==, "success");
  g_assert_cmpstr (genkit_span_get_path (span), ==, "/{double,t:action}");
  g_assert_false (genkit_span_get_attribute (span, "genkit:metadata:context") != NULL);
}

static void
test_action_input_rejected_before_span (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GenkitAction) action = make_double (f);
  static const char *const bad_inputs[] = { "{\"n\": \"three\"}", "{}", "{\"n\": -1}", "[1]", "null" };
  g_auto(TestRun) run = { 0 };

  g_test_summary ("Input failing the schema is INVALID_ARGUMENT naming the path; no span starts");

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      g_autoptr(JsonNode) input = test_json (bad_inputs[i]);

      test_run_action (action, input, NULL, NULL, FALSE, &run);
      g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_assert_true (g_str_has_prefix (run.error->message, "Schema validation failed. Parse Errors:"));
      g_assert_cmpuint (run.n_started, ==, 0);
    }

  {
    g_autoptr(JsonNode) input = test_json ("{\"n\": \"three\"}");

    test_run_action (action, input, NULL, NULL, FALSE, &run);
    g_assert_nonnull (strstr (run.error->message, "- n: must be integer"));
  }

  /* No input at all against a schema that needs an object. */
  test_run_action (action, NULL, NULL, NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);

  g_assert_cmpuint (genkit_memory_span_processor_get_n_started (f->memory), ==, 0);
}

static void
test_action_output_rejected_after_span (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_CUSTOM, "badOut", bad_output_body, NULL, NULL);
  g_autoptr(JsonNode) schema = test_json ("{\"type\":\"object\"}");
  g_autoptr(GenkitSpan) span = NULL;
  g_auto(TestRun) run = { 0 };

  g_test_summary ("Output failing its schema is an error, while the span (ended first) says success");

  g_assert_true (genkit_action_set_output_schema (action, schema, NULL));
  g_assert_true (genkit_registry_register_action (f->registry, action, NULL));
  test_run_action (action, NULL, NULL, NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (run.error->message, "(root): must be object"));

  span = only_span (f, run.started_trace_id);
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:state"), ==, "success");
}

static void
test_action_bad_schema (void)
{
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_TOOL, "t", bad_output_body, NULL, NULL);
  g_autoptr(JsonNode) schema = test_json ("{\"type\": 12}");
  g_autoptr(GError) error = NULL;

  g_assert_false (genkit_action_set_input_schema (action, schema, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_null (genkit_action_get_input_schema (action));
}

static void
test_action_body_error (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_FLOW, "denied", failing_body, NULL, NULL);
  g_autoptr(GenkitSpan) span = NULL;
  g_auto(TestRun) run = { 0 };

  g_assert_true (genkit_registry_register_action (f->registry, action, NULL));
  test_run_action (action, NULL, NULL, NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_PERMISSION_DENIED);
  g_assert_cmpstr (run.error->message, ==, "not you");

  span = only_span (f, run.started_trace_id);
  g_assert_cmpint (genkit_span_get_status (span), ==, GENKIT_SPAN_STATUS_ERROR);
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:state"), ==, "error");
  g_assert_nonnull (genkit_span_get_attribute (span, "genkit:isFailureSource"));
  g_assert_cmpstr (genkit_span_get_path (span), ==, "/{denied,t:flow}");
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_action_cancel (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_FLOW, "never", never_body, NULL, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GenkitSpan) span = NULL;
  g_auto(TestRun) run = { 0 };

  g_test_summary ("Cancelling a running action ends it with CANCELLED and an error span");

  g_assert_true (genkit_registry_register_action (f->registry, action, NULL));
  g_timeout_add (10, cancel_cb, cancellable);
  test_run_action (action, NULL, NULL, cancellable, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_object_set_data (G_OBJECT (cancellable), "run", NULL);

  span = only_span (f, run.started_trace_id);
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:state"), ==, "error");

  /* Already cancelled before it starts: the body never runs. */
  g_cancellable_cancel (cancelled);
  test_run_action (action, NULL, NULL, cancelled, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_null (g_object_get_data (G_OBJECT (cancelled), "run"));
}

static void
test_action_context (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_FLOW, "ctx", context_body, NULL, NULL);
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) context = test_json ("{\"auth\": {\"uid\": \"ada\"}, \"secrets\": {\"k\": 1}, \"locale\": \"en\"}");
  g_autoptr(JsonNode) labels = test_json ("{\"batchRun\": \"label1\"}");
  g_autoptr(GenkitSpan) span = NULL;
  g_autofree char *output = NULL;
  g_auto(TestRun) run = { 0 };

  g_test_summary ("The body sees the caller's context; the trace sees it redacted, with labels");

  g_assert_true (genkit_registry_register_action (f->registry, action, NULL));

  test_run_action (action, NULL, NULL, NULL, FALSE, &run);
  output = test_to_string (genkit_action_result_get_result (run.result));
  g_assert_cmpstr (output, ==, "{}");
  g_clear_pointer (&output, g_free);

  genkit_run_options_set_context (options, json_node_get_object (context));
  genkit_run_options_set_telemetry_labels (options, json_node_get_object (labels));
  test_run_action (action, NULL, options, NULL, FALSE, &run);
  output = test_to_string (genkit_action_result_get_result (run.result));
  g_assert_cmpstr (output, ==, "{\"auth\":{\"uid\":\"ada\"},\"secrets\":{\"k\":1},\"locale\":\"en\"}");

  span = only_span (f, run.started_trace_id);
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:metadata:context"), ==,
                   "{\"auth\":\"<redacted>\",\"secrets\":\"<redacted>\",\"locale\":\"en\"}");
  g_assert_cmpstr (genkit_span_get_string_attribute (span, "batchRun"), ==, "label1");
}

static void
test_action_streaming (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GenkitAction) streaming = genkit_action_new (GENKIT_ACTION_TYPE_FLOW, "s", stream_body,
                                                         GINT_TO_POINTER (TRUE), NULL);
  g_autoptr(GenkitAction) quiet = genkit_action_new (GENKIT_ACTION_TYPE_FLOW, "q", stream_body,
                                                     GINT_TO_POINTER (FALSE), NULL);
  g_auto(TestRun) run = { 0 };

  g_test_summary ("Chunks reach the stream callback in order, before the result; none when not asked");

  test_run_action (streaming, NULL, NULL, NULL, TRUE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.chunks->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (json_node_get_int (g_ptr_array_index (run.chunks, i)), ==, i + 1);
  g_assert_null (genkit_action_result_get_result (run.result));

  test_run_action (quiet, NULL, NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (run.chunks->len, ==, 0);
}

static void
test_action_descriptor (void)
{
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_TOOL, "add", double_body, NULL, NULL);
  g_autoptr(JsonNode) schema = test_json ("{\"type\":\"object\"}");
  g_autoptr(JsonNode) descriptor = NULL;
  g_autoptr(JsonNode) bare = NULL;
  g_autofree char *text = NULL;

  bare = genkit_action_to_descriptor (action);
  text = test_to_string (bare);
  g_assert_cmpstr (text, ==, "{\"key\":\"/tool/add\",\"name\":\"add\"}");
  g_clear_pointer (&text, g_free);

  genkit_action_set_description (action, "Adds");
  json_object_set_string_member (genkit_action_get_metadata (action), "type", "tool");
  g_assert_true (genkit_action_set_input_schema (action, schema, NULL));
  g_assert_true (genkit_action_set_output_schema (action, schema, NULL));
  descriptor = genkit_action_to_descriptor (action);
  text = test_to_string (descriptor);
  g_assert_cmpstr (text, ==,
                   "{\"key\":\"/tool/add\",\"name\":\"add\",\"description\":\"Adds\","
                   "\"metadata\":{\"type\":\"tool\"},\"inputSchema\":{\"type\":\"object\"},"
                   "\"outputSchema\":{\"type\":\"object\"}}");
}

static void
test_action_unregistered (void)
{
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_CUSTOM, "loose", stream_body,
                                                      GINT_TO_POINTER (FALSE), NULL);
  g_auto(TestRun) run = { 0 };

  g_test_summary ("An action outside any registry still runs, on the default tracer");

  g_assert_null (genkit_action_get_registry (action));
  test_run_action (action, NULL, NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_nonnull (genkit_action_result_get_trace_id (run.result));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/action/keys", test_action_keys);
  g_test_add_func ("/action/bad-schema", test_action_bad_schema);
  g_test_add_func ("/action/descriptor", test_action_descriptor);
  g_test_add_func ("/action/unregistered", test_action_unregistered);
  g_test_add ("/action/run-ok", Fixture, NULL, fixture_set_up, test_action_run_ok, fixture_tear_down);
  g_test_add ("/action/input-rejected-before-span", Fixture, NULL, fixture_set_up,
              test_action_input_rejected_before_span, fixture_tear_down);
  g_test_add ("/action/output-rejected-after-span", Fixture, NULL, fixture_set_up,
              test_action_output_rejected_after_span, fixture_tear_down);
  g_test_add ("/action/body-error", Fixture, NULL, fixture_set_up, test_action_body_error, fixture_tear_down);
  g_test_add ("/action/cancel", Fixture, NULL, fixture_set_up, test_action_cancel, fixture_tear_down);
  g_test_add ("/action/context", Fixture, NULL, fixture_set_up, test_action_context, fixture_tear_down);
  g_test_add ("/action/streaming", Fixture, NULL, fixture_set_up, test_action_streaming, fixture_tear_down);

  return g_test_run ();
}
