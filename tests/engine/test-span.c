/* test-span.c — spans, their attributes, paths and SpanData JSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "test-util.h"

static gboolean
is_lower_hex (const char *s,
              gsize       len)
{
  if (strlen (s) != len)
    return FALSE;
  for (; *s; s++)
    if (!g_ascii_isxdigit (*s) || g_ascii_isupper (*s))
      return FALSE;
  return TRUE;
}

static JsonObject *
start_attributes (const char *type,
                  const char *subtype)
{
  JsonObject *attributes = json_object_new ();

  json_object_set_string_member (attributes, "genkit:type", type);
  if (subtype != NULL)
    json_object_set_string_member (attributes, "genkit:metadata:subtype", subtype);
  return attributes;
}

static void
test_span_tree_and_paths (void)
{
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitMemorySpanProcessor) memory = genkit_memory_span_processor_new ();
  g_autoptr(JsonObject) flow_attrs = start_attributes ("action", "flow");
  g_autoptr(JsonObject) step_attrs = start_attributes ("flowStep", NULL);
  g_autoptr(JsonObject) model_attrs = start_attributes ("action", "model");
  g_autoptr(GenkitSpan) root = NULL;
  g_autoptr(GenkitSpan) step = NULL;
  g_autoptr(GenkitSpan) model = NULL;
  g_autoptr(GPtrArray) spans = NULL;

  g_test_summary ("Ids are OTel-shaped, children share the trace, paths follow protocol §6.4");

  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (memory));
  root = genkit_tracer_start_span (tracer, NULL, "summarize", flow_attrs);
  step = genkit_tracer_start_span (tracer, root, "fetch", step_attrs);
  model = genkit_tracer_start_span (tracer, step, "googleai/gemini-2.5-flash", model_attrs);
  g_assert_cmpuint (genkit_memory_span_processor_get_n_started (memory), ==, 3);

  g_assert_true (is_lower_hex (genkit_span_get_trace_id (root), 32));
  g_assert_true (is_lower_hex (genkit_span_get_span_id (root), 16));
  g_assert_cmpstr (genkit_span_get_trace_id (step), ==, genkit_span_get_trace_id (root));
  g_assert_cmpstr (genkit_span_get_parent_span_id (step), ==, genkit_span_get_span_id (root));
  g_assert_null (genkit_span_get_parent_span_id (root));
  g_assert_cmpstr (genkit_span_get_span_id (step), !=, genkit_span_get_span_id (root));

  g_assert_cmpstr (genkit_span_get_path (root), ==, "/{summarize,t:flow}");
  g_assert_cmpstr (genkit_span_get_path (step), ==, "/{summarize,t:flow}/{fetch,t:flowStep}");

  genkit_span_end (model);
  genkit_span_end (step);
  genkit_span_end (root);

  g_assert_cmpstr (genkit_span_get_path (model), ==,
                   "/{summarize,t:flow}/{fetch,t:flowStep}/{googleai/gemini-2.5-flash,t:action,s:model}");
  /* A root keeps its path without the subtype suffix. */
  g_assert_cmpstr (genkit_span_get_path (root), ==, "/{summarize,t:flow}");

  spans = genkit_memory_span_processor_get_spans (memory, genkit_span_get_trace_id (root));
  g_assert_cmpuint (spans->len, ==, 3);
  g_assert_true (g_ptr_array_index (spans, 0) == model);
  g_assert_true (g_ptr_array_index (spans, 2) == root);
  g_assert_cmpfloat (genkit_span_get_end_time (root), >=, genkit_span_get_start_time (root));
}

static void
test_span_json_shape (void)
{
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(JsonObject) attrs = start_attributes ("action", "flow");
  g_autoptr(GenkitSpan) root = NULL;
  g_autoptr(GenkitSpan) child = NULL;
  g_autoptr(JsonNode) root_json = NULL;
  g_autoptr(JsonNode) child_json = NULL;
  g_autoptr(JsonNode) input = test_json ("{\"name\":\"Ada\"}");
  g_autoptr(GList) keys = NULL;
  JsonObject *object;
  JsonObject *attributes;
  static const char *const expected_order[] = {
    "genkit:type", "genkit:metadata:subtype", "genkit:key", "genkit:name", "genkit:isRoot",
    "genkit:path", "genkit:input", "genkit:output", "genkit:state",
  };
  guint i = 0;

  g_test_summary ("SpanData has exactly Genkit's fields and the JavaScript exporter's attribute order");

  json_object_set_string_member (attrs, "genkit:key", "/flow/greet");
  root = genkit_tracer_start_span (tracer, NULL, "greet", attrs);
  child = genkit_tracer_start_span (tracer, root, "step", NULL);
  genkit_span_end (child);
  genkit_span_set_json_attribute (root, "genkit:input", input);
  genkit_span_set_string_attribute (root, "genkit:output", "\"Hello, Ada!\"");
  genkit_span_end (root);

  root_json = genkit_span_to_json (root);
  object = json_node_get_object (root_json);
  g_assert_cmpstr (json_object_get_string_member (object, "displayName"), ==, "greet");
  g_assert_cmpstr (json_object_get_string_member (object, "spanKind"), ==, "INTERNAL");
  g_assert_false (json_object_has_member (object, "parentSpanId"));
  g_assert_false (json_object_has_member (object, "sameProcessAsParentSpan"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "status"), "code"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "instrumentationLibrary"), "name"), ==, "genkit-tracer");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "instrumentationLibrary"), "version"), ==, "v1");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "links")), ==, 0);
  g_assert_nonnull (json_object_get_array_member (json_object_get_object_member (object, "timeEvents"), "timeEvent"));

  attributes = json_object_get_object_member (object, "attributes");
  g_assert_true (json_object_get_boolean_member (attributes, "genkit:isRoot"));
  g_assert_cmpstr (json_object_get_string_member (attributes, "genkit:input"), ==, "{\"name\":\"Ada\"}");
  g_assert_cmpstr (json_object_get_string_member (attributes, "genkit:state"), ==, "success");
  keys = json_object_get_members (attributes);
  for (GList *l = keys; l != NULL; l = l->next, i++)
    {
      g_assert_cmpuint (i, <, G_N_ELEMENTS (expected_order));
      g_assert_cmpstr (l->data, ==, expected_order[i]);
    }
  g_assert_cmpuint (i, ==, G_N_ELEMENTS (expected_order));

  child_json = genkit_span_to_json (child);
  object = json_node_get_object (child_json);
  g_assert_cmpstr (json_object_get_string_member (object, "parentSpanId"), ==, genkit_span_get_span_id (root));
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (object, "sameProcessAsParentSpan"), "value"));
  g_assert_false (json_object_has_member (json_object_get_object_member (object, "attributes"), "genkit:isRoot"));
}

static void
test_span_error_and_failure_source (void)
{
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitSpan) root = genkit_tracer_start_span (tracer, NULL, "outer", NULL);
  g_autoptr(GenkitSpan) inner = genkit_tracer_start_span (tracer, root, "inner", NULL);
  g_autoptr(GError) error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "boom");
  g_autoptr(JsonNode) json = NULL;
  JsonObject *object;
  JsonArray *events;
  JsonObject *annotation;

  g_test_summary ("A failure is recorded as status 2, an exception event, and marks only its source");

  genkit_span_record_error (inner, error);
  genkit_span_end (inner);
  genkit_span_record_error (root, error);
  genkit_span_end (root);

  g_assert_cmpint (genkit_span_get_status (inner), ==, GENKIT_SPAN_STATUS_ERROR);
  g_assert_cmpstr (genkit_span_get_status_message (inner), ==, "boom");
  g_assert_cmpstr (genkit_span_get_string_attribute (inner, "genkit:state"), ==, "error");
  g_assert_nonnull (genkit_span_get_attribute (inner, "genkit:isFailureSource"));
  g_assert_null (genkit_span_get_attribute (root, "genkit:isFailureSource"));
  g_assert_cmpstr (genkit_span_get_string_attribute (root, "genkit:state"), ==, "error");

  json = genkit_span_to_json (inner);
  object = json_node_get_object (json);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "status"), "code"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "status"), "message"), ==, "boom");
  events = json_object_get_array_member (json_object_get_object_member (object, "timeEvents"), "timeEvent");
  g_assert_cmpuint (json_array_get_length (events), ==, 1);
  annotation = json_object_get_object_member (json_array_get_object_element (events, 0), "annotation");
  g_assert_cmpstr (json_object_get_string_member (annotation, "description"), ==, "exception");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (annotation, "attributes"),
                                                  "exception.message"), ==, "boom");
}

static void
test_span_memory_trace_data (void)
{
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitMemorySpanProcessor) memory = genkit_memory_span_processor_new ();
  g_autoptr(GenkitSpan) root = NULL;
  g_autoptr(GenkitSpan) child = NULL;
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(JsonNode) partial = NULL;
  JsonObject *object;

  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (memory));
  root = genkit_tracer_start_span (tracer, NULL, "root", NULL);
  child = genkit_tracer_start_span (tracer, root, "child", NULL);
  genkit_span_end (child);

  partial = genkit_memory_span_processor_get_trace (memory, genkit_span_get_trace_id (root));
  g_assert_false (json_object_has_member (json_node_get_object (partial), "displayName"));

  genkit_span_end (root);
  trace = genkit_memory_span_processor_get_trace (memory, genkit_span_get_trace_id (root));
  object = json_node_get_object (trace);
  g_assert_cmpstr (json_object_get_string_member (object, "displayName"), ==, "root");
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "spans")), ==, 2);
  g_assert_null (genkit_memory_span_processor_get_trace (memory, "00000000000000000000000000000000"));

  genkit_tracer_remove_processor (tracer, GENKIT_SPAN_PROCESSOR (memory));
  genkit_memory_span_processor_clear (memory);
  g_assert_cmpuint (genkit_memory_span_processor_get_n_started (memory), ==, 0);
}

static void
on_flushed_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_tracer_flush_finish (GENKIT_TRACER (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
test_span_flush (void)
{
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitMemorySpanProcessor) memory = genkit_memory_span_processor_new ();
  gboolean done = FALSE;

  g_test_summary ("Flushing a tracer flushes every processor and completes");

  genkit_tracer_flush_async (tracer, NULL, on_flushed_cb, &done);
  test_wait_until (&done);

  done = FALSE;
  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (memory));
  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (memory));
  genkit_tracer_flush_async (tracer, NULL, on_flushed_cb, &done);
  test_wait_until (&done);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/span/tree-and-paths", test_span_tree_and_paths);
  g_test_add_func ("/span/json-shape", test_span_json_shape);
  g_test_add_func ("/span/error-and-failure-source", test_span_error_and_failure_source);
  g_test_add_func ("/span/memory-trace-data", test_span_memory_trace_data);
  g_test_add_func ("/span/flush", test_span_flush);

  return g_test_run ();
}
