/* test-eval-runner.c — eval runs on the built-in runtime with the programmable model and test
 * evaluators: exact results and aggregates, failing rows, model and prompt targets, cancel
 * and resume
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <sqlite3.h>
#include <genkit-dotprompt-lib.h>

#include "eval-test-util.h"

static const char *const all_evaluators[] = { "test/length", "test/pair", "exactMatch", "test/picky", NULL };

static GenkitEvalRunner *
new_runner (EvalFixture        *f,
            const char         *target,
            const char * const *evaluators,
            const char         *rows_json)
{
  g_autoptr(GPtrArray) rows = eval_test_rows (rows_json);
  GenkitEvalRunner *runner = genkit_eval_runner_new (f->runtime, f->eval_store);

  genkit_eval_runner_set_trace_store (runner, f->trace_store);
  genkit_eval_runner_set_target (runner, target);
  genkit_eval_runner_set_evaluators (runner, evaluators);
  genkit_eval_runner_set_rows (runner, rows, "greetings", 3);
  return runner;
}

static GenkitEvalResult *
result_at (GenkitEvalRun *run,
           guint          index)
{
  GenkitEvalResult *result = g_list_model_get_item (genkit_eval_run_get_results (run), index);

  /* The run holds it: a borrowed pointer keeps the tests short. */
  g_object_unref (result);
  return result;
}

static void
assert_json (JsonNode   *node,
             const char *expected)
{
  g_autoptr(JsonNode) want = eval_test_json (expected);
  g_autofree char *got = eval_test_to_string (node);
  g_autofree char *wanted = eval_test_to_string (want);

  if (node == NULL || !json_node_equal (node, want))
    g_error ("JSON differs:\n  got      %s\n  expected %s", got, wanted);
}

/* Only the members of @expected are compared (traceIds and spanIds vary). */
static void
assert_metric (GenkitEvalResult *result,
               const char       *name,
               const char       *expected)
{
  JsonObject *metric = genkit_eval_result_get_metric (result, name);
  g_autoptr(JsonNode) want = eval_test_json (expected);
  g_autoptr(GList) members = json_object_get_members (json_node_get_object (want));

  g_assert_nonnull (metric);
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *got = json_object_get_member (metric, l->data);
      JsonNode *wanted = json_object_get_member (json_node_get_object (want), l->data);
      g_autofree char *a = eval_test_to_string (got);
      g_autofree char *b = eval_test_to_string (wanted);

      if (got == NULL || !json_node_equal (got, wanted))
        g_error ("metric %s of %s: %s is %s, expected %s", name,
                 genkit_eval_result_get_test_case_id (result), (const char *) l->data, a, b);
    }
  g_assert_true (json_object_has_member (metric, "traceId"));
  g_assert_true (json_object_has_member (metric, "spanId"));
}

static const char flow_rows[] =
  "[{\"testCaseId\": \"ada\", \"input\": {\"q\": \"Ada\"}, \"reference\": \"echo: Ada\"},"
  " {\"testCaseId\": \"bob\", \"input\": {\"q\": \"Bob\"}, \"reference\": \"Hi\"},"
  " {\"testCaseId\": \"cy\", \"input\": {\"q\": \"Hello world from Cy\"}},"
  " {\"testCaseId\": \"dan\", \"input\": {\"q\": \"FAIL now\"}, \"reference\": \"x\"}]";

static void
test_runner_flow (EvalFixture   *f,
                  gconstpointer  data)
{
  g_autoptr(GenkitEvalRunner) runner = new_runner (f, "/flow/ask", all_evaluators, flow_rows);
  g_autoptr(GenkitEvalRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitEvalStore) reopened = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) usage = NULL;
  GenkitEvalResult *ada, *bob, *cy, *dan;
  GenkitEvalRun *listed;
  JsonObject *aggregates, *length;
  guint completed = 0;

  g_test_summary ("A flow run on four test cases with four evaluators: outputs from the traces, "
                  "scores merged as Genkit merges them, a failing row recorded and the others kept, "
                  "Genkit's metricSummaries and the aggregates exact, everything stored");

  g_signal_connect_swapped (runner, "row-completed", G_CALLBACK (g_atomic_int_inc), &completed);
  genkit_eval_runner_set_concurrency (runner, 3);
  genkit_eval_runner_set_evaluation_chunk_size (runner, 2);
  run = eval_test_run (runner, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (run);
  g_assert_true (run == genkit_eval_runner_get_run (runner));

  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (genkit_eval_run_get_n_rows (run), ==, 4);
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), ==, 3);
  g_assert_cmpuint (genkit_eval_run_get_n_failed (run), ==, 1);
  g_assert_cmpuint (completed, ==, 4);
  g_assert_cmpfloat (genkit_eval_run_get_progress (run), ==, 1.0);
  g_assert_cmpstr (genkit_eval_run_get_dataset_id (run), ==, "greetings");
  g_assert_cmpint (genkit_eval_run_get_dataset_version (run), ==, 3);
  g_assert_cmpint (genkit_eval_run_get_finished_at (run), >=, genkit_eval_run_get_created_at (run));

  ada = result_at (run, 0);
  bob = result_at (run, 1);
  cy = result_at (run, 2);
  dan = result_at (run, 3);

  /* Input and output as the root span recorded them; no retriever, so no context. */
  assert_json (genkit_eval_result_get_input (ada), "{\"q\": \"Ada\"}");
  assert_json (genkit_eval_result_get_output (ada), "\"echo: Ada\"");
  assert_json (genkit_eval_result_get_context (ada), "[]");
  assert_json (genkit_eval_result_get_output (cy), "\"echo: Hello world from Cy\"");
  g_assert_cmpuint (g_strv_length ((char **) genkit_eval_result_get_trace_ids (ada)), ==, 1);
  g_assert_cmpuint (strlen (genkit_eval_result_get_trace_ids (ada)[0]), ==, 32);
  g_assert_cmpfloat (genkit_eval_result_get_latency_ms (ada), >=, 0);
  usage = json_node_init_object (json_node_alloc (), genkit_eval_result_get_usage (ada));
  assert_json (usage, "{\"inputTokens\": 3, \"outputTokens\": 9}");

  assert_metric (ada, "test/length", "{\"evaluator\": \"/evaluator/test/length\", \"score\": 9, \"status\": \"FAIL\"}");
  assert_metric (ada, "/evaluator/test/pair/words", "{\"score\": 2, \"scoreId\": \"words\"}");
  assert_metric (ada, "test/pair/short", "{\"score\": true, \"status\": \"PASS\"}");
  assert_metric (ada, "exactMatch", "{\"score\": true, \"status\": \"PASS\", \"rationale\": \"output == reference\"}");
  assert_metric (ada, "test/picky", "{\"score\": \"short\"}");
  g_assert_cmpuint (json_array_get_length (json_node_get_array (genkit_eval_result_get_metrics (ada))), ==, 5);

  assert_metric (bob, "exactMatch", "{\"score\": false, \"status\": \"FAIL\", \"rationale\": \"output echo: Bob != reference Hi\"}");
  assert_metric (bob, "test/picky", "{\"error\": \"Evaluation of test case bob failed: \\nno Bobs\"}");
  assert_metric (cy, "test/length", "{\"score\": 25, \"status\": \"PASS\"}");
  assert_metric (cy, "test/pair/short", "{\"score\": false, \"status\": \"FAIL\"}");
  assert_metric (cy, "exactMatch", "{\"score\": false, \"status\": \"FAIL\", \"rationale\": \"output echo: Hello world from Cy != reference undefined\"}");

  /* The failing row: Genkit's error from the root span's exception, no scores, run kept going. */
  g_assert_cmpint (genkit_eval_result_get_status (dan), ==, GENKIT_EVAL_RESULT_STATUS_FAILED);
  g_assert_nonnull (strstr (genkit_eval_result_get_error (dan), "the model failed on purpose"));
  g_assert_null (genkit_eval_result_get_output (dan));
  assert_json (genkit_eval_result_get_metrics (dan), "[]");
  g_assert_cmpuint (g_strv_length ((char **) genkit_eval_result_get_trace_ids (dan)), ==, 1);

  /* Genkit's metricSummaries, computed as extractMetricSummaries does. */
  assert_json (genkit_eval_run_get_metric_summaries (run),
               "[{\"evaluator\": \"/evaluator/test/length\", \"testCaseCount\": 3, \"errorCount\": 0,"
               "  \"scoreUndefinedCount\": 0, \"statusDistribution\": {\"FAIL\": 2, \"PASS\": 1},"
               "  \"averageScore\": 14.333333333333334},"
               " {\"evaluator\": \"/evaluator/test/pair/words\", \"testCaseCount\": 3, \"errorCount\": 0,"
               "  \"scoreUndefinedCount\": 0, \"statusDistribution\": {\"undefined\": 3}, \"averageScore\": 3},"
               " {\"evaluator\": \"/evaluator/test/pair/short\", \"testCaseCount\": 3, \"errorCount\": 0,"
               "  \"scoreUndefinedCount\": 0, \"statusDistribution\": {\"PASS\": 2, \"FAIL\": 1},"
               "  \"scoreDistribution\": {\"true\": 2, \"false\": 1}},"
               " {\"evaluator\": \"/evaluator/exactMatch\", \"testCaseCount\": 3, \"errorCount\": 0,"
               "  \"scoreUndefinedCount\": 0, \"statusDistribution\": {\"PASS\": 1, \"FAIL\": 2},"
               "  \"scoreDistribution\": {\"true\": 1, \"false\": 2}},"
               " {\"evaluator\": \"/evaluator/test/picky\", \"testCaseCount\": 3, \"errorCount\": 1,"
               "  \"scoreUndefinedCount\": 1, \"scoreDistribution\": {\"short\": 1, \"long\": 1},"
               "  \"statusDistribution\": {\"undefined\": 3}}]");
  assert_json (genkit_eval_run_get_metrics_metadata (run),
               "{\"test/length\": {\"displayName\": \"test/length\", \"definition\": \"\"},"
               " \"test/pair\": {\"displayName\": \"test/pair\", \"definition\": \"\"},"
               " \"exactMatch\": {\"displayName\": \"Exact match\","
               "                 \"definition\": \"PASS when the output equals the reference exactly\"},"
               " \"test/picky\": {\"displayName\": \"test/picky\", \"definition\": \"\"}}");

  /* The studio's aggregates: pass rates over all four rows, score statistics, tokens. */
  aggregates = json_node_get_object (genkit_eval_run_get_aggregates (run));
  g_assert_cmpint (json_object_get_int_member (aggregates, "rows"), ==, 4);
  g_assert_cmpint (json_object_get_int_member (aggregates, "done"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (aggregates, "failed"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (aggregates, "pending"), ==, 0);
  assert_json (json_object_get_member (aggregates, "usage"), "{\"inputTokens\": 25, \"outputTokens\": 43}");
  length = genkit_eval_run_get_metric_aggregate (run, "test/length");
  g_assert_cmpint (json_object_get_int_member (length, "passCount"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (length, "failCount"), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (length, "passRate"), ==, 0.25);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (length, "mean"), 43.0 / 3, 1e-12);
  g_assert_cmpfloat (json_object_get_double_member (length, "min"), ==, 9);
  g_assert_cmpfloat (json_object_get_double_member (length, "p50"), ==, 9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (length, "p90"), 21.8, 1e-12);
  g_assert_cmpfloat (json_object_get_double_member (length, "max"), ==, 25);
  g_assert_cmpint (json_object_get_int_member (genkit_eval_run_get_metric_aggregate (run, "exactMatch"), "passCount"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (genkit_eval_run_get_metric_aggregate (run, "test/picky"), "errorCount"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (genkit_eval_run_get_metric_aggregate (run, "test/pair/short"), "passCount"), ==, 2);

  /* The store has all of it, as another process would read it. */
  path = g_build_filename (f->dir, "evals.db", NULL);
  reopened = genkit_eval_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reopened)), ==, 1);
  listed = genkit_eval_store_lookup (reopened, genkit_eval_run_get_id (run));
  g_assert_nonnull (listed);
  g_assert_cmpint (genkit_eval_run_get_status (listed), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (genkit_eval_run_get_n_failed (listed), ==, 1);
  g_assert_true (json_node_equal (genkit_eval_run_get_metric_summaries (listed), genkit_eval_run_get_metric_summaries (run)));
  genkit_eval_store_load_results_async (reopened, listed, NULL, eval_test_result_cb, &loaded);
  g_assert_true (genkit_eval_store_load_results_finish (reopened, eval_test_wait (&loaded), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(JsonNode) a = genkit_eval_result_to_json (result_at (run, i));
      g_autoptr(JsonNode) b = genkit_eval_result_to_json (result_at (listed, i));
      g_autofree char *text = eval_test_to_string (a);

      assert_json (b, text);
      g_assert_cmpfloat (genkit_eval_result_get_latency_ms (result_at (listed, i)), ==,
                         genkit_eval_result_get_latency_ms (result_at (run, i)));
    }
}

static void
test_runner_model (EvalFixture   *f,
                   gconstpointer  data)
{
  const char *const evaluators[] = { "genkitEval/json_schema", NULL };
  g_autoptr(GenkitEvalRunner) runner =
    new_runner (f, "/model/pm", evaluators,
                "[{\"testCaseId\": \"text\", \"input\": \"Ada\", \"reference\": {\"type\": \"object\", \"required\": [\"message\"]}},"
                " {\"testCaseId\": \"request\", \"input\": {\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Bob\"}]}],"
                "   \"config\": {\"temperature\": 9}}},"
                " {\"testCaseId\": \"number\", \"input\": 42},"
                " {\"testCaseId\": \"blocked\", \"input\": \"BLOCK me\"}]");
  g_autoptr(GenkitEvalRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) config = eval_test_json ("{\"temperature\": 0.5}");
  GPtrArray *requests;

  g_test_summary ("A model target: a string becomes a user message, a GenerateRequest is sent with "
                  "its config replaced by the action config, anything else and blocked answers fail");

  genkit_eval_runner_set_action_config (runner, config);
  run = eval_test_run (runner, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (genkit_eval_result_get_status (result_at (run, 0)), ==, GENKIT_EVAL_RESULT_STATUS_DONE);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (json_array_get_element (json_object_get_array_member (
                     json_object_get_object_member (json_node_get_object (genkit_eval_result_get_output (result_at (run, 0))),
                                                    "message"), "content"), 0)), "text"), ==, "echo: Ada");
  assert_json (genkit_eval_result_get_input (result_at (run, 0)), "\"Ada\"");
  assert_metric (result_at (run, 0), "genkitEval/json_schema", "{\"score\": true, \"status\": \"PASS\"}");
  g_assert_cmpint (genkit_eval_result_get_status (result_at (run, 1)), ==, GENKIT_EVAL_RESULT_STATUS_DONE);

  g_assert_cmpint (genkit_eval_result_get_status (result_at (run, 2)), ==, GENKIT_EVAL_RESULT_STATUS_FAILED);
  g_assert_true (g_str_has_prefix (genkit_eval_result_get_error (result_at (run, 2)),
                                   "Error when running inference. Details: Unable to parse model input as MessageSchema."));
  g_assert_cmpuint (g_strv_length ((char **) genkit_eval_result_get_trace_ids (result_at (run, 2))), ==, 0);
  g_assert_cmpint (genkit_eval_result_get_status (result_at (run, 3)), ==, GENKIT_EVAL_RESULT_STATUS_FAILED);
  g_assert_cmpstr (genkit_eval_result_get_error (result_at (run, 3)), ==, "Generation was blocked by the model.");

  /* What the model was sent: the action config, never the request's own. */
  requests = genkit_programmable_model_get_requests (f->model);
  g_assert_cmpuint (requests->len, ==, 3);
  for (guint i = 0; i < requests->len; i++)
    assert_json (genkit_generate_request_get_config (g_ptr_array_index (requests, i)), "{\"temperature\": 0.5}");
  assert_json (json_object_get_member (genkit_eval_run_get_config (run), "actionConfig"), "{\"temperature\": 0.5}");
}

static void
test_runner_executable_prompt (EvalFixture   *f,
                               gconstpointer  data)
{
  const char *const evaluators[] = { "genkitEval/regex", NULL };
  g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
  g_autoptr(GenkitParsedPrompt) parsed = NULL;
  g_autoptr(GenkitPrompt) prompt = NULL;
  g_autoptr(GenkitEvalRunner) runner = NULL;
  g_autoptr(GenkitEvalRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) config = eval_test_json ("{\"model\": \"/model/pm\", \"temperature\": 1}");
  g_autoptr(JsonNode) no_model = eval_test_json ("{\"temperature\": 1}");
  GenkitEvalResult *result;
  JsonNode *rendered;

  g_test_summary ("An executable prompt target: rendered, then generated with /util/generate and the "
                  "action config's model; both traces kept, the rendered prompt as custom data");

  parsed = genkit_parsed_prompt_new_from_string ("---\ninput:\n  schema:\n    name: string\n---\nSay hi to {{name}}",
                                                 -1, "hello.prompt", GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);
  prompt = genkit_prompt_new (dotprompt, parsed, "hello", NULL, NULL);
  g_assert_true (genkit_prompt_register (prompt, f->registry, &error));
  g_assert_no_error (error);

  runner = new_runner (f, "/executable-prompt/hello", evaluators,
                       "[{\"testCaseId\": \"a\", \"input\": {\"name\": \"Ada\"}, \"reference\": \"hi to Ada\"}]");

  /* Genkit refuses a prompt evaluation without a model. */
  genkit_eval_runner_set_action_config (runner, no_model);
  g_assert_null (eval_test_run (runner, NULL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  genkit_eval_runner_set_action_config (runner, config);
  run = eval_test_run (runner, NULL, &error);
  g_assert_no_error (error);

  result = result_at (run, 0);
  g_assert_cmpint (genkit_eval_result_get_status (result), ==, GENKIT_EVAL_RESULT_STATUS_DONE);
  g_assert_cmpuint (g_strv_length ((char **) genkit_eval_result_get_trace_ids (result)), ==, 2);
  assert_json (genkit_eval_result_get_input (result), "{\"name\": \"Ada\"}");
  rendered = json_object_get_member (json_node_get_object (genkit_eval_result_get_custom (result)), "renderedPrompt");
  g_assert_nonnull (rendered);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (rendered));
  g_assert_true (json_object_has_member (json_node_get_object (rendered), "messages"));
  assert_metric (result, "genkitEval/regex", "{\"score\": true, \"status\": \"PASS\"}");
  assert_json (genkit_generate_request_get_config (genkit_programmable_model_get_last_request (f->model)),
               "{\"temperature\": 1}");
}

static void
count_completed_and_cancel_cb (GenkitEvalRunner *runner,
                               GenkitEvalResult *result,
                               gpointer          user_data)
{
  GCancellable *cancellable = user_data;
  guint *count = g_object_get_data (G_OBJECT (cancellable), "count");

  if (++*count == 2)
    g_cancellable_cancel (cancellable);
}

static const char slow_rows[] =
  "[{\"testCaseId\": \"r1\", \"input\": {\"q\": \"SLOW one\"}, \"reference\": \"echo: SLOW one\"},"
  " {\"testCaseId\": \"r2\", \"input\": {\"q\": \"SLOW two\"}},"
  " {\"testCaseId\": \"r3\", \"input\": {\"q\": \"SLOW three\"}},"
  " {\"testCaseId\": \"r4\", \"input\": {\"q\": \"SLOW four\"}},"
  " {\"testCaseId\": \"r5\", \"input\": {\"q\": \"SLOW five\"}},"
  " {\"testCaseId\": \"r6\", \"input\": {\"q\": \"FAIL six\"}}]";

static void
test_runner_cancel_resume (EvalFixture   *f,
                           gconstpointer  data)
{
  const char *const evaluators[] = { "exactMatch", "test/length", NULL };
  g_autoptr(GenkitEvalRunner) runner = new_runner (f, "/flow/ask", evaluators, slow_rows);
  g_autoptr(GenkitEvalRunner) resumer = genkit_eval_runner_new (f->runtime, f->eval_store);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GenkitEvalRun) resumed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitEvalStore) reopened = NULL;
  g_autofree char *path = g_build_filename (f->dir, "evals.db", NULL);
  g_auto(GStrv) first_traces = NULL;
  GenkitEvalRun *run;
  guint count = 0, resumed_count = 0;

  g_test_summary ("Cancelling keeps the finished rows and stores the run as cancelled; resuming runs "
                  "only the pending rows, the kept ones untouched");

  g_object_set_data (G_OBJECT (cancellable), "count", &count);
  g_signal_connect (runner, "row-completed", G_CALLBACK (count_completed_and_cancel_cb), cancellable);
  genkit_eval_runner_set_concurrency (runner, 2);
  genkit_eval_runner_set_evaluation_chunk_size (runner, 1);
  g_assert_null (eval_test_run (runner, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  run = genkit_eval_runner_get_run (runner);
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_CANCELLED);
  g_assert_true (genkit_eval_run_can_resume (run));
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), ==, 2);
  g_assert_cmpuint (genkit_eval_run_get_n_failed (run), ==, 0);
  g_assert_cmpint (genkit_eval_result_get_status (result_at (run, 0)), ==, GENKIT_EVAL_RESULT_STATUS_DONE);
  g_assert_cmpint (genkit_eval_result_get_status (result_at (run, 1)), ==, GENKIT_EVAL_RESULT_STATUS_DONE);
  for (guint i = 2; i < 6; i++)
    {
      g_assert_cmpint (genkit_eval_result_get_status (result_at (run, i)), ==, GENKIT_EVAL_RESULT_STATUS_PENDING);
      g_assert_null (genkit_eval_result_get_output (result_at (run, i)));
    }
  first_traces = g_strdupv ((char **) genkit_eval_result_get_trace_ids (result_at (run, 0)));
  g_assert_null (genkit_eval_run_get_metric_summaries (run));

  /* Another process sees the same. */
  reopened = genkit_eval_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_eval_run_get_status (genkit_eval_store_lookup (reopened, genkit_eval_run_get_id (run))), ==,
                   GENKIT_EVAL_RUN_STATUS_CANCELLED);
  g_assert_cmpuint (genkit_eval_run_get_n_done (genkit_eval_store_lookup (reopened, genkit_eval_run_get_id (run))), ==, 2);

  /* A completed run cannot be resumed; this one can. */
  genkit_eval_runner_set_trace_store (resumer, f->trace_store);
  genkit_eval_runner_set_concurrency (resumer, 3);
  g_signal_connect_swapped (resumer, "row-completed", G_CALLBACK (g_atomic_int_inc), &resumed_count);
  genkit_eval_runner_resume_async (resumer, genkit_eval_run_get_id (run), NULL, eval_test_result_cb, &result);
  resumed = genkit_eval_runner_resume_finish (resumer, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_true (resumed == run);
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (resumed_count, ==, 4);
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), ==, 5);
  g_assert_cmpuint (genkit_eval_run_get_n_failed (run), ==, 1);
  g_assert_cmpstrv ((const char * const *) first_traces, genkit_eval_result_get_trace_ids (result_at (run, 0)));
  assert_metric (result_at (run, 0), "exactMatch", "{\"score\": true, \"status\": \"PASS\"}");
  assert_metric (result_at (run, 4), "test/length", "{\"score\": 15, \"status\": \"PASS\"}");
  assert_json (json_object_get_member (json_array_get_object_element (json_node_get_array (
                 genkit_eval_run_get_metric_summaries (run)), 0), "statusDistribution"),
               "{\"PASS\": 1, \"FAIL\": 4}");

  g_clear_object (&result);
  genkit_eval_runner_resume_async (resumer, genkit_eval_run_get_id (run), NULL, eval_test_result_cb, &result);
  g_assert_null (genkit_eval_runner_resume_finish (resumer, eval_test_wait (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
}

/* A run left "running" by a process that died is listed as interrupted and can be resumed. */
static void
test_runner_interrupted (EvalFixture   *f,
                         gconstpointer  data)
{
  const char *const evaluators[] = { "exactMatch", NULL };
  g_autoptr(GenkitEvalRunner) runner = new_runner (f, "/flow/ask", evaluators, slow_rows);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitEvalStore) reopened = NULL;
  g_autoptr(GenkitEvalRunner) resumer = NULL;
  g_autoptr(GenkitEvalRun) resumed = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = g_build_filename (f->dir, "evals.db", NULL);
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  GPid dead = 0;
  guint count = 0;
  GenkitEvalRun *listed;
  char *argv[] = { (char *) "true", NULL };

  g_test_summary ("A run whose process died mid-way is interrupted, keeps its rows, and resumes");

  g_object_set_data (G_OBJECT (cancellable), "count", &count);
  g_signal_connect (runner, "row-completed", G_CALLBACK (count_completed_and_cancel_cb), cancellable);
  genkit_eval_runner_set_concurrency (runner, 2);
  genkit_eval_runner_set_evaluation_chunk_size (runner, 1);
  g_assert_null (eval_test_run (runner, cancellable, &error));
  g_clear_error (&error);

  /* Make it look like a crash: still "running", owned by a process that is gone. */
  g_assert_true (g_spawn_async (NULL, argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &dead, &error));
  g_assert_no_error (error);
  waitpid (dead, NULL, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE eval_runs SET status = 'running', owner_pid = %d;", (int) dead);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  reopened = genkit_eval_store_new (path, &error);
  g_assert_no_error (error);
  listed = genkit_eval_store_lookup (reopened, genkit_eval_run_get_id (genkit_eval_runner_get_run (runner)));
  g_assert_cmpint (genkit_eval_run_get_status (listed), ==, GENKIT_EVAL_RUN_STATUS_INTERRUPTED);
  g_assert_false (genkit_eval_run_has_results (listed));

  resumer = genkit_eval_runner_new (f->runtime, reopened);
  genkit_eval_runner_set_trace_store (resumer, f->trace_store);
  genkit_eval_runner_resume_async (resumer, genkit_eval_run_get_id (listed), NULL, eval_test_result_cb, &result);
  resumed = genkit_eval_runner_resume_finish (resumer, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_eval_run_get_status (resumed), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (genkit_eval_run_get_n_done (resumed), ==, 5);
  g_assert_cmpuint (genkit_eval_run_get_n_failed (resumed), ==, 1);
}

static void
test_runner_errors (EvalFixture   *f,
                    gconstpointer  data)
{
  const char *const evaluators[] = { "exactMatch", NULL };
  const char *const unknown[] = { "nope", NULL };
  g_autoptr(GenkitEvalRunner) runner = new_runner (f, "/flow/nope", evaluators, flow_rows);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("Unknown targets and evaluators, unsupported targets and empty datasets are errors "
                  "before any run is made");

  g_assert_null (eval_test_run (runner, NULL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Cannot find action /flow/nope.");
  g_clear_error (&error);

  genkit_eval_runner_set_target (runner, "/flow/ask");
  genkit_eval_runner_set_evaluators (runner, unknown);
  g_assert_null (eval_test_run (runner, NULL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  genkit_eval_runner_set_target (runner, "/tool/add");
  g_assert_null (eval_test_run (runner, NULL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  genkit_eval_runner_set_target (runner, "/flow/ask");
  genkit_eval_runner_set_evaluators (runner, evaluators);
  genkit_eval_runner_set_rows (runner, none, NULL, 0);
  g_assert_null (eval_test_run (runner, NULL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->eval_store)), ==, 0);
  g_assert_false (genkit_eval_runner_get_running (runner));
}

static void
test_runner_without_traces (EvalFixture   *f,
                            gconstpointer  data)
{
  const char *const evaluators[] = { "exactMatch", NULL };
  g_autoptr(GenkitEvalRunner) runner = new_runner (f, "/flow/ask", evaluators,
                                                   "[{\"testCaseId\": \"a\", \"input\": {\"q\": \"Ada\"}, \"reference\": \"echo: Ada\","
                                                   "  \"context\": [\"Ada wrote programs\"]}]");
  g_autoptr(GenkitEvalRun) run = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Without a trace store the outputs are the runs' results and the context is the "
                  "dataset's");

  genkit_eval_runner_set_trace_store (runner, NULL);
  run = eval_test_run (runner, NULL, &error);
  g_assert_no_error (error);
  assert_json (genkit_eval_result_get_output (result_at (run, 0)), "\"echo: Ada\"");
  assert_json (genkit_eval_result_get_context (result_at (run, 0)), "[\"Ada wrote programs\"]");
  assert_metric (result_at (run, 0), "exactMatch", "{\"score\": true}");
}

static void
test_runner_other_evaluator_runtime (EvalFixture   *f,
                                     gconstpointer  data)
{
  const char *const evaluators[] = { "genkitEval/regex", "genkitEval/deep_equal", NULL };
  g_autoptr(GenkitRegistry) judges = genkit_registry_new ();
  g_autoptr(GenkitLocalRuntime) judge_runtime = genkit_local_runtime_new (judges);
  g_autoptr(GenkitEvalRunner) runner = NULL;
  g_autoptr(GenkitEvalRun) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) options = json_object_new ();
  JsonObject *regex = json_object_new ();

  g_test_summary ("Evaluators of another runtime score the target runtime's outputs, with options "
                  "and batches");

  g_assert_true (genkit_eval_define_builtin_evaluators (judges, NULL, &error));
  runner = new_runner (f, "/flow/ask", evaluators,
                       "[{\"testCaseId\": \"a\", \"input\": {\"q\": \"Ada\"}, \"reference\": \"echo: Ada\"},"
                       " {\"testCaseId\": \"b\", \"input\": {\"q\": \"bob\"}, \"reference\": \"echo: Bob\"},"
                       " {\"testCaseId\": \"c\", \"input\": {\"q\": \"Cy\"}, \"reference\": \"echo: Cy\"}]");
  genkit_eval_runner_set_evaluator_runtime (runner, GENKIT_RUNTIME (judge_runtime));
  json_object_set_string_member (regex, "pattern", "^echo: [a-z]+$");
  json_object_set_string_member (regex, "flags", "i");
  json_object_set_object_member (options, "genkitEval/regex", regex);
  genkit_eval_runner_set_evaluator_options (runner, options);
  genkit_eval_runner_set_batch_size (runner, 2);
  run = eval_test_run (runner, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 3; i++)
    assert_metric (result_at (run, i), "genkitEval/regex", "{\"score\": true, \"status\": \"PASS\"}");
  assert_metric (result_at (run, 0), "genkitEval/deep_equal", "{\"score\": true, \"status\": \"PASS\"}");
  assert_metric (result_at (run, 1), "genkitEval/deep_equal",
                 "{\"score\": false, \"status\": \"FAIL\","
                 " \"rationale\": \"Expected values to be strictly deep-equal: (root): \\\"echo: bob\\\" !== \\\"echo: Bob\\\"\"}");
  g_assert_cmpint (json_object_get_int_member (genkit_eval_run_get_config (run), "batchSize"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/eval/runner/flow", EvalFixture, NULL, eval_fixture_set_up, test_runner_flow, eval_fixture_tear_down);
  g_test_add ("/eval/runner/model", EvalFixture, NULL, eval_fixture_set_up, test_runner_model, eval_fixture_tear_down);
  g_test_add ("/eval/runner/executable-prompt", EvalFixture, NULL, eval_fixture_set_up,
              test_runner_executable_prompt, eval_fixture_tear_down);
  g_test_add ("/eval/runner/cancel-resume", EvalFixture, NULL, eval_fixture_set_up, test_runner_cancel_resume,
              eval_fixture_tear_down);
  g_test_add ("/eval/runner/interrupted", EvalFixture, NULL, eval_fixture_set_up, test_runner_interrupted,
              eval_fixture_tear_down);
  g_test_add ("/eval/runner/errors", EvalFixture, NULL, eval_fixture_set_up, test_runner_errors, eval_fixture_tear_down);
  g_test_add ("/eval/runner/without-traces", EvalFixture, NULL, eval_fixture_set_up, test_runner_without_traces,
              eval_fixture_tear_down);
  g_test_add ("/eval/runner/other-evaluator-runtime", EvalFixture, NULL, eval_fixture_set_up,
              test_runner_other_evaluator_runtime, eval_fixture_tear_down);

  return g_test_run ();
}
