/* test-evaluator.c — evaluator actions: metadata, options, failing scorers, async scorers
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "test-util.h"

static void
length_scorer (GenkitActionRun *run,
               JsonNode        *data_point,
               JsonNode        *options,
               gpointer         user_data)
{
  JsonNode *output = json_object_get_member (json_node_get_object (data_point), "output");
  g_autoptr(JsonObject) score = json_object_new ();

  if (output == NULL || json_node_get_value_type (output) != G_TYPE_STRING)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT, "output is not text");
      return;
    }
  json_object_set_int_member (score, "score", strlen (json_node_get_string (output)));
  json_object_set_string_member (score, "id", "length");
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), score));
}

static guint running;

static gboolean
finish_later_cb (gpointer user_data)
{
  GenkitActionRun *run = user_data;
  g_autoptr(JsonObject) score = json_object_new ();

  running--;
  json_object_set_string_member (score, "status", "UNKNOWN");
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), score));
  return G_SOURCE_REMOVE;
}

static void
slow_scorer (GenkitActionRun *run,
             JsonNode        *data_point,
             JsonNode        *options,
             gpointer         user_data)
{
  guint *max_running = user_data;

  running++;
  *max_running = MAX (*max_running, running);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 5, finish_later_cb, g_object_ref (run), g_object_unref);
}

static void
test_evaluator_metadata (void)
{
  g_autoptr(GenkitEvaluator) evaluator = genkit_evaluator_new ("length", length_scorer, NULL, NULL);
  g_autoptr(JsonNode) schema = test_json ("{\"type\": \"object\", \"properties\": {\"max\": {\"type\": \"integer\"}}}");
  g_autoptr(JsonNode) descriptor = NULL;
  JsonObject *info;

  g_assert_cmpstr (genkit_action_get_key (GENKIT_ACTION (evaluator)), ==, "/evaluator/length");
  info = json_object_get_object_member (genkit_action_get_metadata (GENKIT_ACTION (evaluator)), "evaluator");
  g_assert_true (json_object_get_boolean_member (info, "evaluatorIsBilled"));
  g_assert_cmpstr (json_object_get_string_member (info, "evaluatorDisplayName"), ==, "length");

  genkit_evaluator_set_display_name (evaluator, "Length");
  genkit_evaluator_set_definition (evaluator, "How long the output is");
  genkit_evaluator_set_is_billed (evaluator, FALSE);
  g_assert_true (genkit_evaluator_set_options_schema (evaluator, schema, NULL));

  descriptor = genkit_action_to_descriptor (GENKIT_ACTION (evaluator));
  info = json_object_get_object_member (json_object_get_object_member (json_node_get_object (descriptor), "metadata"),
                                        "evaluator");
  g_assert_false (json_object_get_boolean_member (info, "evaluatorIsBilled"));
  g_assert_cmpstr (json_object_get_string_member (info, "evaluatorDisplayName"), ==, "Length");
  g_assert_cmpstr (json_object_get_string_member (info, "evaluatorDefinition"), ==, "How long the output is");
  g_assert_true (json_object_has_member (info, "customOptions"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (descriptor), "metadata"), "type"),
                   ==, "evaluator");
}

static void
test_evaluator_failures (void)
{
  g_autoptr(GenkitEvaluator) evaluator = genkit_evaluator_new ("length", length_scorer, NULL, NULL);
  g_autoptr(JsonNode) schema = test_json ("{\"type\": \"object\", \"properties\": {\"max\": {\"type\": \"integer\"}}}");
  g_autoptr(JsonNode) request = test_json ("{\"dataset\": [{\"testCaseId\": \"a\", \"output\": \"four\"},"
                                           " {\"testCaseId\": \"b\", \"output\": 4}], \"evalRunId\": \"r\"}");
  g_autoptr(JsonNode) bad_options = test_json ("{\"dataset\": [], \"evalRunId\": \"r\", \"options\": {\"max\": \"x\"}}");
  g_autoptr(JsonNode) bad_point = test_json ("{\"dataset\": [3], \"evalRunId\": \"r\"}");
  g_autoptr(JsonNode) bad_batch = test_json ("{\"dataset\": [], \"evalRunId\": \"r\", \"batchSize\": 0}");
  g_autoptr(JsonNode) missing_run_id = test_json ("{\"dataset\": []}");
  g_auto(TestRun) run = { 0 };
  JsonArray *responses;
  JsonObject *failed;

  g_test_summary ("A failing scorer fails only its test case; bad requests are INVALID_ARGUMENT");

  g_assert_true (genkit_evaluator_set_options_schema (evaluator, schema, NULL));

  test_run_action (GENKIT_ACTION (evaluator), request, NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);
  responses = json_node_get_array (genkit_action_result_get_result (run.result));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_array_get_object_element (responses, 0), "evaluation"), "score"), ==, 4);
  failed = json_object_get_object_member (json_array_get_object_element (responses, 1), "evaluation");
  g_assert_cmpstr (json_object_get_string_member (failed, "error"), ==,
                   "Evaluation of test case b failed: \noutput is not text");

  test_run_action (GENKIT_ACTION (evaluator), bad_options, NULL, NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  test_run_action (GENKIT_ACTION (evaluator), bad_point, NULL, NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  test_run_action (GENKIT_ACTION (evaluator), bad_batch, NULL, NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  test_run_action (GENKIT_ACTION (evaluator), missing_run_id, NULL, NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

static void
test_evaluator_batches (void)
{
  guint max_running = 0;
  g_autoptr(GenkitEvaluator) evaluator = genkit_evaluator_new ("slow", slow_scorer, &max_running, NULL);
  g_autoptr(JsonNode) request = test_json ("{\"dataset\": [{}, {}, {}, {}, {}], \"evalRunId\": \"r\", \"batchSize\": 2}");
  g_auto(TestRun) run = { 0 };

  g_test_summary ("Points of a batch are scored together, batches one after another, answers in order");

  test_run_action (GENKIT_ACTION (evaluator), request, NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (genkit_action_result_get_result (run.result))), ==, 5);
  g_assert_cmpuint (max_running, ==, 2);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (genkit_action_result_get_result (run.result)), i),
                                                 "sampleIndex"), ==, i);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/evaluator/metadata", test_evaluator_metadata);
  g_test_add_func ("/evaluator/failures", test_evaluator_failures);
  g_test_add_func ("/evaluator/batches", test_evaluator_batches);

  return g_test_run ();
}
