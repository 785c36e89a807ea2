/* test-flow.c — flows with steps, nested calls and streaming make the right span tree
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

/* Finds the one span of a trace whose genkit:path is @path. */
static GenkitSpan *
span_at (Fixture    *f,
         const char *trace_id,
         const char *path)
{
  g_autoptr(GPtrArray) spans = genkit_memory_span_processor_get_spans (f->memory, trace_id);
  GenkitSpan *found = NULL;

  for (guint i = 0; i < spans->len; i++)
    if (g_strcmp0 (genkit_span_get_string_attribute (g_ptr_array_index (spans, i), "genkit:path"), path) == 0)
      {
        g_assert_null (found);
        found = g_ptr_array_index (spans, i);
      }
  if (found == NULL)
    g_error ("no span at %s", path);
  return g_object_ref (found);
}

static JsonNode *
upper_step (GenkitActionRun  *step,
            JsonNode         *input,
            gpointer          user_data,
            GError          **error)
{
  g_autofree char *up = g_utf8_strup (json_node_get_string (input), -1);

  return json_node_init_string (json_node_alloc (), up);
}

static JsonNode *
exclaim_step (GenkitActionRun  *step,
              JsonNode         *input,
              gpointer          user_data,
              GError          **error)
{
  g_autoptr(JsonNode) inner = NULL;
  g_autofree char *text = NULL;

  /* A step inside a step nests its span further. */
  inner = genkit_run (step, "inner", input, upper_step, NULL, error);
  if (inner == NULL)
    return NULL;
  text = g_strconcat (json_node_get_string (inner), "!", NULL);
  return json_node_init_string (json_node_alloc (), text);
}

static JsonNode *
failing_step (GenkitActionRun  *step,
              JsonNode         *input,
              gpointer          user_data,
              GError          **error)
{
  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE, "backend down");
  return NULL;
}

static void
shout_flow (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  g_autoptr(GError) error = NULL;
  JsonNode *result = genkit_run (run, "exclaim", input, exclaim_step, NULL, &error);

  if (result == NULL)
    genkit_action_run_return_error (run, g_steal_pointer (&error));
  else
    genkit_action_run_return_value (run, result);
}

static void
broken_flow (GenkitActionRun *run,
             JsonNode        *input,
             gpointer         user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = genkit_run (run, "call-backend", NULL, failing_step, NULL, &error);

  g_assert_null (result);
  genkit_action_run_return_error (run, g_steal_pointer (&error));
}

static void
test_flow_steps_span_tree (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonNode) input = test_json ("\"hey\"");
  g_autoptr(GenkitSpan) root = NULL;
  g_autoptr(GenkitSpan) step = NULL;
  g_autoptr(GenkitSpan) inner = NULL;
  g_autoptr(GPtrArray) spans = NULL;
  g_auto(TestRun) run = { 0 };
  GenkitFlow *flow;

  g_test_summary ("Named steps become child spans with flowStep type, paths, input and output");

  flow = genkit_registry_define_flow (f->registry, "shout", shout_flow, NULL, NULL);
  g_assert_cmpstr (genkit_action_get_key (GENKIT_ACTION (flow)), ==, "/flow/shout");
  test_run_key (f->registry, "/flow/shout", input, &run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (json_node_get_string (genkit_action_result_get_result (run.result)), ==, "HEY!");

  spans = genkit_memory_span_processor_get_spans (f->memory, genkit_action_result_get_trace_id (run.result));
  g_assert_cmpuint (spans->len, ==, 3);

  root = span_at (f, genkit_action_result_get_trace_id (run.result), "/{shout,t:flow}");
  step = span_at (f, genkit_action_result_get_trace_id (run.result), "/{shout,t:flow}/{exclaim,t:flowStep}");
  inner = span_at (f, genkit_action_result_get_trace_id (run.result),
                   "/{shout,t:flow}/{exclaim,t:flowStep}/{inner,t:flowStep}");

  g_assert_cmpstr (genkit_span_get_parent_span_id (step), ==, genkit_span_get_span_id (root));
  g_assert_cmpstr (genkit_span_get_parent_span_id (inner), ==, genkit_span_get_span_id (step));
  g_assert_cmpstr (genkit_span_get_string_attribute (step, "genkit:type"), ==, "flowStep");
  g_assert_cmpstr (genkit_span_get_string_attribute (step, "genkit:input"), ==, "\"hey\"");
  g_assert_cmpstr (genkit_span_get_string_attribute (step, "genkit:output"), ==, "\"HEY!\"");
  g_assert_cmpstr (genkit_span_get_string_attribute (inner, "genkit:output"), ==, "\"HEY\"");
  g_assert_cmpstr (genkit_span_get_string_attribute (root, "genkit:metadata:subtype"), ==, "flow");
  g_assert_null (genkit_span_get_attribute (step, "genkit:isRoot"));
  g_assert_nonnull (genkit_span_get_attribute (root, "genkit:isRoot"));
}

static void
test_flow_step_failure (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GenkitSpan) root = NULL;
  g_autoptr(GenkitSpan) step = NULL;
  g_auto(TestRun) run = { 0 };

  g_test_summary ("A failing step fails the flow; only the step is the failure source");

  genkit_registry_define_flow (f->registry, "broken", broken_flow, NULL, NULL);
  test_run_key (f->registry, "/flow/broken", NULL, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);

  {
    g_autoptr(GPtrArray) spans = genkit_memory_span_processor_get_spans (f->memory, NULL);
    const char *trace_id = genkit_span_get_trace_id (g_ptr_array_index (spans, 0));

    root = span_at (f, trace_id, "/{broken,t:flow}");
    step = span_at (f, trace_id, "/{broken,t:flow}/{call-backend,t:flowStep}");
  }
  g_assert_cmpstr (genkit_span_get_string_attribute (step, "genkit:state"), ==, "error");
  g_assert_cmpstr (genkit_span_get_string_attribute (root, "genkit:state"), ==, "error");
  g_assert_nonnull (genkit_span_get_attribute (step, "genkit:isFailureSource"));
  g_assert_null (genkit_span_get_attribute (root, "genkit:isFailureSource"));
}

/* An async step and a nested action call, streaming through the flow. */

static void
tool_body (GenkitActionRun *run,
           JsonNode        *input,
           gpointer         user_data)
{
  g_autoptr(JsonNode) chunk = json_node_init_string (json_node_alloc (), "tool-chunk");
  JsonObject *context = genkit_action_run_get_context (run);

  /* The nested call inherits the flow's context. */
  g_assert_true (json_object_has_member (context, "auth"));
  genkit_action_run_send_chunk (run, chunk);
  genkit_action_run_return_value (run, json_node_init_int (json_node_alloc (),
                                                           json_node_get_int (input) + 1));
}

static gboolean
finish_async_step_cb (gpointer user_data)
{
  GenkitActionRun *step = user_data;
  g_autoptr(JsonNode) chunk = json_node_init_string (json_node_alloc (), "step-chunk");

  genkit_action_run_send_chunk (step, chunk);
  genkit_action_run_return_value (step, json_node_init_int (json_node_alloc (), 41));
  return G_SOURCE_REMOVE;
}

static void
async_step_body (GenkitActionRun *step,
                 JsonNode        *input,
                 gpointer         user_data)
{
  g_timeout_add_full (G_PRIORITY_DEFAULT, 5, finish_async_step_cb, g_object_ref (step), g_object_unref);
}

static void
chain_tool_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GenkitActionRun) run = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *output = genkit_action_run_call_finish (GENKIT_ACTION_RUN (object), result, &error);

  if (output == NULL)
    genkit_action_run_return_error (run, g_steal_pointer (&error));
  else
    genkit_action_run_return_value (run, output);
}

static void
forward_chunk_cb (JsonNode *chunk,
                  gpointer  user_data)
{
  genkit_action_run_send_chunk (user_data, chunk);
}

static void
chain_step_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GenkitActionRun) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = genkit_run_finish (GENKIT_ACTION_RUN (object), result, &error);

  if (value == NULL)
    {
      genkit_action_run_return_error (run, g_steal_pointer (&error));
      return;
    }
  genkit_action_run_call_async (run, "/tool/increment", value, forward_chunk_cb, run,
                                chain_tool_done_cb, g_object_ref (run));
}

static void
chain_flow (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  genkit_run_async (run, "wait", NULL, async_step_body, NULL, NULL,
                    chain_step_done_cb, g_object_ref (run));
}

static void
test_flow_async_step_and_nested_call (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GenkitAction) tool = genkit_action_new (GENKIT_ACTION_TYPE_TOOL, "increment", tool_body, NULL, NULL);
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) context = test_json ("{\"auth\": {\"uid\": \"u1\"}}");
  g_autoptr(GenkitSpan) tool_span = NULL;
  g_autoptr(GenkitSpan) wait_span = NULL;
  g_auto(TestRun) run = { 0 };
  GenkitFlow *flow;

  g_test_summary ("An async step and a nested action call stream through the flow and nest their spans");

  g_assert_true (genkit_registry_register_action (f->registry, tool, NULL));
  flow = genkit_registry_define_flow (f->registry, "chain", chain_flow, NULL, NULL);
  genkit_run_options_set_context (options, json_node_get_object (context));

  test_run_action (GENKIT_ACTION (flow), NULL, options, NULL, TRUE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (json_node_get_int (genkit_action_result_get_result (run.result)), ==, 42);
  g_assert_cmpuint (run.chunks->len, ==, 2);
  g_assert_cmpstr (json_node_get_string (g_ptr_array_index (run.chunks, 0)), ==, "step-chunk");
  g_assert_cmpstr (json_node_get_string (g_ptr_array_index (run.chunks, 1)), ==, "tool-chunk");

  wait_span = span_at (f, run.started_trace_id, "/{chain,t:flow}/{wait,t:flowStep}");
  g_assert_cmpstr (genkit_span_get_string_attribute (wait_span, "genkit:output"), ==, "41");
  tool_span = span_at (f, run.started_trace_id, "/{chain,t:flow}/{increment,t:action,s:tool}");
  g_assert_cmpstr (genkit_span_get_string_attribute (tool_span, "genkit:input"), ==, "41");
  /* A nested run records no context of its own. */
  g_assert_null (genkit_span_get_attribute (tool_span, "genkit:metadata:context"));
}

static void
missing_call_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GenkitActionRun) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) output = genkit_action_run_call_finish (GENKIT_ACTION_RUN (object), result, &error);

  g_assert_null (output);
  genkit_action_run_return_error (run, g_steal_pointer (&error));
}

static void
calls_missing_flow (GenkitActionRun *run,
                    JsonNode        *input,
                    gpointer         user_data)
{
  genkit_action_run_call_async (run, "/tool/nope", NULL, NULL, NULL, missing_call_done_cb, g_object_ref (run));
}

static void
test_flow_call_missing (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(TestRun) run = { 0 };

  genkit_registry_define_flow (f->registry, "callsMissing", calls_missing_flow, NULL, NULL);
  test_run_key (f->registry, "/flow/callsMissing", NULL, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/flow/steps-span-tree", Fixture, NULL, fixture_set_up, test_flow_steps_span_tree, fixture_tear_down);
  g_test_add ("/flow/step-failure", Fixture, NULL, fixture_set_up, test_flow_step_failure, fixture_tear_down);
  g_test_add ("/flow/async-step-and-nested-call", Fixture, NULL, fixture_set_up,
              test_flow_async_step_and_nested_call, fixture_tear_down);
  g_test_add ("/flow/call-missing", Fixture, NULL, fixture_set_up, test_flow_call_missing, fixture_tear_down);

  return g_test_run ();
}
