/* test-samples.c — the built-in runtime's sample actions run as documented
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "test-util.h"
#include "genkit-samples.h"

static GenkitRegistry *
samples_registry (void)
{
  GenkitRegistry *registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_samples_register (registry, &error));
  g_assert_no_error (error);
  return registry;
}

static void
assert_run (GenkitRegistry *registry,
            const char     *key,
            const char     *input,
            const char     *expected_output)
{
  g_autoptr(JsonNode) node = input ? test_json (input) : NULL;
  g_autofree char *output = NULL;
  g_auto(TestRun) run = { 0 };

  test_run_key (registry, key, node, &run);
  g_assert_no_error (run.error);
  output = test_to_string (genkit_action_result_get_result (run.result));
  g_assert_cmpstr (output, ==, expected_output);
}

static void
test_samples_outputs (void)
{
  g_autoptr(GenkitRegistry) registry = samples_registry ();

  g_test_summary ("Each sample gives the output the JavaScript reference app gives");

  assert_run (registry, "/flow/greet", "{\"name\": \"Ada\"}", "\"Hello, Ada!\"");
  assert_run (registry, "/flow/countdown", "{\"count\": 3}", "{\"done\":true,\"total\":3}");
  assert_run (registry, "/flow/textStats", "\"  the quick  brown\tfox \"", "{\"words\":4,\"longestWord\":5}");
  assert_run (registry, "/flow/sleep", "{\"ms\": 5}", "{\"sleptMs\":5}");
  assert_run (registry, "/flow/whoami", "7", "{\"input\":7,\"context\":{}}");
  assert_run (registry, "/tool/add", "{\"a\": 2, \"b\": 3.5}", "5.5");
}

static void
test_samples_exact_match (void)
{
  g_autoptr(GenkitRegistry) registry = samples_registry ();
  g_autoptr(GenkitMemorySpanProcessor) memory = genkit_memory_span_processor_new ();
  g_autoptr(JsonNode) request = test_json ("{\"dataset\": ["
    "{\"testCaseId\": \"tc-1\", \"input\": {\"name\": \"Ada\"}, \"output\": \"Hello, Ada!\", \"reference\": \"Hello, Ada!\"},"
    "{\"testCaseId\": \"tc-2\", \"input\": {\"name\": \"Bob\"}, \"output\": \"Hello, Bob!\", \"reference\": \"Hi Bob\"},"
    "{\"input\": 1, \"output\": {\"a\": 1}, \"reference\": {\"a\": 1}}],"
    "\"evalRunId\": \"run-1\", \"batchSize\": 2}");
  g_autoptr(GPtrArray) spans = NULL;
  g_auto(TestRun) run = { 0 };
  JsonArray *responses;
  JsonObject *first, *second, *third;
  guint n_test_cases = 0, n_batches = 0;

  g_test_summary ("The exactMatch evaluator answers EvalResponses with Genkit's spans per batch and test case");

  genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (memory));
  test_run_key (registry, "/evaluator/exactMatch", request, &run);
  g_assert_no_error (run.error);

  responses = json_node_get_array (genkit_action_result_get_result (run.result));
  g_assert_cmpuint (json_array_get_length (responses), ==, 3);
  first = json_array_get_object_element (responses, 0);
  second = json_array_get_object_element (responses, 1);
  third = json_array_get_object_element (responses, 2);
  g_assert_cmpstr (json_object_get_string_member (first, "testCaseId"), ==, "tc-1");
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (first, "evaluation"), "score"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (second, "evaluation"), "status"), ==, "FAIL");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (second, "evaluation"), "details"), "reasoning"),
                   ==, "output Hello, Bob! != reference Hi Bob");
  g_assert_cmpuint (strlen (json_object_get_string_member (third, "testCaseId")), ==, 36);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (third, "evaluation"), "status"), ==, "PASS");
  g_assert_cmpint (json_object_get_int_member (third, "sampleIndex"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (first, "traceId"), ==, genkit_action_result_get_trace_id (run.result));

  spans = genkit_memory_span_processor_get_spans (memory, genkit_action_result_get_trace_id (run.result));
  for (guint i = 0; i < spans->len; i++)
    {
      GenkitSpan *span = g_ptr_array_index (spans, i);

      if (g_str_has_prefix (genkit_span_get_name (span), "Test Case "))
        {
          n_test_cases++;
          g_assert_cmpstr (genkit_span_get_string_attribute (span, "genkit:metadata:evaluator:evalRunId"), ==, "run-1");
          g_assert_true (g_str_has_prefix (genkit_span_get_name (genkit_span_get_parent (span)), "Batch "));
        }
      else if (g_str_has_prefix (genkit_span_get_name (span), "Batch "))
        n_batches++;
    }
  g_assert_cmpuint (n_test_cases, ==, 3);
  g_assert_cmpuint (n_batches, ==, 2);
}

static void
test_samples_errors (void)
{
  g_autoptr(GenkitRegistry) registry = samples_registry ();
  g_autoptr(JsonNode) bad_count = test_json ("{\"count\": 101}");
  g_autoptr(JsonNode) why = test_json ("\"testing\"");
  g_auto(TestRun) run = { 0 };

  test_run_key (registry, "/flow/countdown", bad_count, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (run.error->message, "count: must be <= 100"));

  test_run_key (registry, "/flow/fail", why, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "fail flow was asked to fail (testing)");

  g_assert_false (genkit_samples_register (registry, NULL));
}

static void
cancel_soon_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
on_sleep_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  TestRun *run = user_data;

  run->result = genkit_registry_run_action_finish (GENKIT_REGISTRY (object), result, &run->error);
}

static void
test_samples_sleep_cancel (void)
{
  g_autoptr(GenkitRegistry) registry = samples_registry ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) input = test_json ("{\"ms\": 60000}");
  g_auto(TestRun) run = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_test_summary ("The sleep sample stops at once when cancelled");

  g_timeout_add_once (20, cancel_soon_cb, cancellable);
  genkit_registry_run_action_async (registry, "/flow/sleep", input, NULL, cancellable,
                                    on_sleep_done_cb, &run);
  while (run.result == NULL && run.error == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  /* Let the sample's own clean-up idle run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_samples_countdown_streams (void)
{
  g_autoptr(GenkitRegistry) registry = samples_registry ();
  GenkitAction *countdown = genkit_registry_lookup_action (registry, "/flow/countdown");
  g_autoptr(JsonNode) input = test_json ("{\"count\": 3}");
  g_auto(TestRun) run = { 0 };

  test_run_action (countdown, input, NULL, NULL, TRUE, &run);
  g_assert_cmpuint (run.chunks->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *chunk = test_to_string (g_ptr_array_index (run.chunks, i));
      g_autofree char *expected = g_strdup_printf ("{\"n\":%u}", 3 - i);

      g_assert_cmpstr (chunk, ==, expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/samples/outputs", test_samples_outputs);
  g_test_add_func ("/samples/errors", test_samples_errors);
  g_test_add_func ("/samples/exact-match", test_samples_exact_match);
  g_test_add_func ("/samples/sleep-cancel", test_samples_sleep_cancel);
  g_test_add_func ("/samples/countdown-streams", test_samples_countdown_streams);

  return g_test_run ();
}
