/* test-eval-store.c — eval runs in Genkit's shapes: the EvalRun and EvalRunKey of the Dev UI's
 * captures (13-15), the .genkit/evals files, the CSV and JSON exports, run comparison
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>
#include <time.h>

#include "eval-test-util.h"

static JsonNode *
capture_data (const char *name)
{
  g_autofree char *path = eval_test_fixture_path (name);
  g_autoptr(JsonNode) exchange = eval_test_read_json_file (path);
  JsonObject *body = json_object_get_object_member (json_object_get_object_member (json_node_get_object (exchange),
                                                                                   "response"), "body");

  return json_node_copy (json_object_get_member (json_object_get_object_member (body, "result"), "data"));
}

static JsonNode *
capture_request (const char *name)
{
  g_autofree char *path = eval_test_fixture_path (name);
  g_autoptr(JsonNode) exchange = eval_test_read_json_file (path);

  return json_node_copy (json_object_get_member (json_object_get_object_member (json_node_get_object (exchange),
                                                                               "request"), "body"));
}

/* The same shape: the same members (recursively, arrays element by element), the same values
 * except those that differ on every run, which must look alike. */
static void
assert_same_shape (JsonNode   *ours,
                   JsonNode   *theirs,
                   const char *where)
{
  static const char * const varying[] = { "evalRunId", "createdAt", "traceId", "spanId", "traceIds", NULL };
  const char *leaf = strrchr (where, '.') ? strrchr (where, '.') + 1 : where;

  if (g_strv_contains (varying, leaf))
    {
      if (g_str_equal (leaf, "traceIds"))
        {
          g_assert_true (JSON_NODE_HOLDS_ARRAY (ours));
          g_assert_cmpuint (json_array_get_length (json_node_get_array (ours)), ==,
                            json_array_get_length (json_node_get_array (theirs)));
          for (guint i = 0; i < json_array_get_length (json_node_get_array (ours)); i++)
            g_assert_cmpuint (strlen (json_array_get_string_element (json_node_get_array (ours), i)), ==, 32);
        }
      else if (g_str_equal (leaf, "evalRunId"))
        g_assert_true (g_uuid_string_is_valid (json_node_get_string (ours)));
      else if (g_str_equal (leaf, "createdAt"))
        g_assert_true (g_regex_match_simple ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$",
                                             json_node_get_string (ours), 0, 0));
      else
        g_assert_cmpuint (strlen (json_node_get_string (ours)), ==, strlen (json_node_get_string (theirs)));
      return;
    }

  if (JSON_NODE_TYPE (ours) != JSON_NODE_TYPE (theirs))
    g_error ("%s: a %s here, a %s in Genkit's", where, json_node_type_name (ours), json_node_type_name (theirs));

  if (JSON_NODE_HOLDS_OBJECT (ours))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (theirs));
      g_autoptr(GList) mine = json_object_get_members (json_node_get_object (ours));

      for (GList *l = mine; l != NULL; l = l->next)
        if (!json_object_has_member (json_node_get_object (theirs), l->data))
          g_error ("%s.%s: not in Genkit's", where, (const char *) l->data);
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *child = g_strdup_printf ("%s.%s", where, (const char *) l->data);
          JsonNode *a = json_object_get_member (json_node_get_object (ours), l->data);

          if (a == NULL)
            g_error ("%s: missing", child);
          assert_same_shape (a, json_object_get_member (json_node_get_object (theirs), l->data), child);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (ours))
    {
      g_assert_cmpuint (json_array_get_length (json_node_get_array (ours)), ==,
                        json_array_get_length (json_node_get_array (theirs)));
      for (guint i = 0; i < json_array_get_length (json_node_get_array (ours)); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s[%u]", where, i);

          assert_same_shape (json_array_get_element (json_node_get_array (ours), i),
                             json_array_get_element (json_node_get_array (theirs), i), child);
        }
    }
  else if (!json_node_equal (ours, theirs))
    {
      g_autofree char *a = eval_test_to_string (ours);
      g_autofree char *b = eval_test_to_string (theirs);

      g_error ("%s: %s here, %s in Genkit's", where, a, b);
    }
}

/* The Dev UI's runNewEvaluation of capture 13 (greet, exactMatch), run here on the built-in
 * runtime (which has the JavaScript app's greet and exactMatch), gives Genkit's EvalRun of
 * capture 15 and the key of captures 13 and 14. */
static GenkitEvalRun *
run_capture_13 (EvalFixture *f)
{
  g_autoptr(JsonNode) request = capture_request ("devui-api/13-runNewEvaluation.json");
  JsonObject *body = json_node_get_object (request);
  g_autofree char *data = json_to_string (json_object_get_member (json_object_get_object_member (body, "dataSource"),
                                                                  "data"), FALSE);
  g_autoptr(GPtrArray) rows = eval_test_rows (data);
  g_autoptr(GenkitEvalRunner) runner = genkit_eval_runner_new (f->runtime, f->eval_store);
  const char *evaluators[] = { json_array_get_string_element (json_object_get_array_member (body, "evaluators"), 0), NULL };
  g_autoptr(GError) error = NULL;
  GenkitEvalRun *run;

  genkit_eval_runner_set_trace_store (runner, f->trace_store);
  genkit_eval_runner_set_target (runner, json_object_get_string_member (body, "actionRef"));
  genkit_eval_runner_set_evaluators (runner, evaluators);
  genkit_eval_runner_set_rows (runner, rows, NULL, 0);
  run = eval_test_run (runner, NULL, &error);
  g_assert_no_error (error);
  return run;
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
test_store_genkit_shape (EvalFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(GenkitEvalRun) run = run_capture_13 (f);
  g_autoptr(JsonNode) evaluated = capture_data ("devui-api/13-runNewEvaluation.json");
  g_autoptr(JsonNode) keys = capture_data ("devui-api/14-listEvalRunKeys.json");
  g_autoptr(JsonNode) eval_run = capture_data ("devui-api/15-getEvalRun.json");
  g_autoptr(JsonNode) ours = genkit_eval_run_to_json (run);
  g_autoptr(JsonNode) key = genkit_eval_run_to_key_json (run);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->dir, ".genkit", "evals", NULL);
  g_autofree char *file = g_strconcat (genkit_eval_run_get_id (run), ".json", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autofree char *index_path = g_build_filename (dir, "index.json", NULL);
  g_autofree char *written = NULL;
  g_autofree char *index_text = NULL;
  g_autoptr(JsonNode) written_node = NULL;
  g_autoptr(JsonNode) index = NULL;

  g_test_summary ("An eval run of the Dev UI's request (capture 13) on the built-in runtime is Genkit's "
                  "EvalRun (capture 15), its key Genkit's EvalRunKey (captures 13, 14), in memory and in "
                  ".genkit/evals");

  assert_same_shape (ours, eval_run, "EvalRun");
  assert_same_shape (key, evaluated, "EvalRunKey");
  assert_same_shape (key, json_array_get_element (json_object_get_array_member (json_node_get_object (keys),
                                                                                "evalRunKeys"), 0), "listEvalRunKeys[0]");

  genkit_eval_store_export_genkit_async (f->eval_store, NULL, dir, NULL, eval_test_result_cb, &result);
  g_assert_true (genkit_eval_store_export_genkit_finish (f->eval_store, eval_test_wait (&result), &error));
  g_assert_no_error (error);
  written = read_text (path);
  g_assert_null (strchr (written, '\n'));                /* compact, as Genkit writes runs */
  written_node = eval_test_json (written);
  assert_same_shape (written_node, eval_run, "file");
  g_assert_true (json_node_equal (written_node, ours));
  index_text = read_text (index_path);
  g_assert_nonnull (strstr (index_text, "\n  \""));     /* indented by two spaces */
  index = eval_test_json (index_text);
  g_assert_true (json_node_equal (json_object_get_member (json_node_get_object (index), genkit_eval_run_get_id (run)),
                                  key));
}

/* Genkit's run (capture 15) imported, then exported: the same run; the CSV and JSON exports
 * are what `genkit eval:flow -o` writes. */
static void
test_store_genkit_import_and_exports (EvalFixture   *f,
                                      gconstpointer  data)
{
  g_autoptr(JsonNode) eval_run = capture_data ("devui-api/15-getEvalRun.json");
  const char *id = json_object_get_string_member (json_object_get_object_member (json_node_get_object (eval_run), "key"),
                                                  "evalRunId");
  g_autofree char *theirs = g_build_filename (f->dir, "theirs", NULL);
  g_autofree char *again = g_build_filename (f->dir, "again", NULL);
  g_autofree char *file = g_strconcat (id, ".json", NULL);
  g_autofree char *path = g_build_filename (theirs, file, NULL);
  g_autofree char *back_path = g_build_filename (again, file, NULL);
  g_autofree char *text = json_to_string (eval_run, FALSE);
  g_autofree char *csv = NULL;
  g_autofree char *expected_csv_path = eval_test_data_path ("fixture-15-results.csv");
  g_autofree char *expected_csv = read_text (expected_csv_path);
  g_autofree char *exported_json = NULL;
  g_autofree char *back_text = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(JsonNode) results = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GError) error = NULL;
  GenkitEvalRun *run;

  g_test_summary ("Genkit's EvalRun (capture 15) imports as a completed run and exports back the same; "
                  "its CSV is byte for byte what Genkit's exporter writes, its JSON the results array");

  g_assert_cmpint (g_mkdir_with_parents (theirs, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, text, -1, &error));
  genkit_eval_store_import_genkit_async (f->eval_store, theirs, NULL, NULL, eval_test_result_cb, &result);
  imported = genkit_eval_store_import_genkit_finish (f->eval_store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 1);
  run = g_ptr_array_index (imported, 0);
  g_assert_true (genkit_eval_store_lookup (f->eval_store, id) == run);
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), ==, 2);
  g_assert_cmpint (json_object_get_int_member (genkit_eval_run_get_metric_aggregate (run, "exactMatch"), "passCount"), ==, 1);

  csv = genkit_eval_run_export_csv (run);
  g_assert_cmpstr (csv, ==, expected_csv);

  exported_json = genkit_eval_run_export_json (run);
  results = eval_test_json (exported_json);
  g_assert_true (json_node_equal (results, json_object_get_member (json_node_get_object (eval_run), "results")));

  g_clear_object (&result);
  genkit_eval_store_export_genkit_async (f->eval_store, NULL, again, NULL, eval_test_result_cb, &result);
  g_assert_true (genkit_eval_store_export_genkit_finish (f->eval_store, eval_test_wait (&result), &error));
  g_assert_no_error (error);
  back_text = read_text (back_path);
  back = eval_test_json (back_text);
  g_assert_true (json_node_equal (back, eval_run));
}

static void
test_store_compare (EvalFixture   *f,
                    gconstpointer  data)
{
  g_autoptr(GenkitEvalRun) baseline = run_capture_13 (f);
  g_autoptr(GenkitEvalRunner) runner = genkit_eval_runner_new (f->runtime, f->eval_store);
  g_autoptr(GPtrArray) rows = eval_test_rows ("[{\"testCaseId\": \"tc-1\", \"input\": {\"name\": \"Eve\"}, \"reference\": \"Hello, Ada!\"},"
                                              " {\"testCaseId\": \"tc-2\", \"input\": {\"name\": \"Bob\"}, \"reference\": \"Hello, Bob!\"},"
                                              " {\"testCaseId\": \"tc-3\", \"input\": {\"name\": \"Cy\"}}]");
  const char *evaluators[] = { "exactMatch", NULL };
  g_autoptr(GenkitEvalRun) candidate = NULL;
  g_autoptr(JsonNode) comparison = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;
  JsonArray *compared;

  g_test_summary ("Two runs side by side: per-row regressions and improvements, changed outputs, "
                  "metric deltas");

  genkit_eval_runner_set_trace_store (runner, f->trace_store);
  genkit_eval_runner_set_target (runner, "/flow/greet");
  genkit_eval_runner_set_evaluators (runner, evaluators);
  genkit_eval_runner_set_rows (runner, rows, NULL, 0);
  candidate = eval_test_run (runner, NULL, &error);
  g_assert_no_error (error);

  comparison = genkit_eval_run_compare (baseline, candidate);
  object = json_node_get_object (comparison);
  compared = json_object_get_array_member (object, "rows");
  g_assert_cmpuint (json_array_get_length (compared), ==, 3);
  g_assert_cmpint (json_object_get_int_member (object, "regressedRows"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "improvedRows"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "changedOutputs"), ==, 1);

  /* tc-1: Ada passed, Eve fails: a regression, and a new output. */
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (json_array_get_object_element (compared, 0),
                                                                                "regressions"), 0), ==,
                   "/evaluator/exactMatch");
  g_assert_true (json_object_get_boolean_member (json_array_get_object_element (compared, 0), "outputChanged"));
  /* tc-2: now the reference matches: an improvement, same output. */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_array_get_object_element (compared, 1),
                                                                         "improvements")), ==, 1);
  g_assert_false (json_object_get_boolean_member (json_array_get_object_element (compared, 1), "outputChanged"));
  /* tc-3: only in the candidate. */
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_array_get_object_element (compared, 2), "baseline")));

  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (
                                    json_object_get_array_member (object, "metrics"), 0), "passRateDelta"),
                                  1.0 / 3 - 0.5, 1e-12);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/eval/store/genkit-shape", EvalFixture, NULL, eval_fixture_set_up, test_store_genkit_shape,
              eval_fixture_tear_down);
  g_test_add ("/eval/store/genkit-import-exports", EvalFixture, NULL, eval_fixture_set_up,
              test_store_genkit_import_and_exports, eval_fixture_tear_down);
  g_test_add ("/eval/store/compare", EvalFixture, NULL, eval_fixture_set_up, test_store_compare,
              eval_fixture_tear_down);

  return g_test_run ();
}
