/* test-dataset-store.c — datasets in SQLite: create, edit, a version per change, every version
 * readable, validation against a target's input schema, the list model
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "eval-test-util.h"

static GenkitDataset *
create (GenkitDatasetStore *store,
        const char         *id,
        const char         *rows_json,
        GError            **error)
{
  g_autoptr(GPtrArray) rows = eval_test_rows (rows_json);
  g_autoptr(GAsyncResult) result = NULL;

  genkit_dataset_store_create_async (store, id, GENKIT_DATASET_TYPE_FLOW, "/flow/ask", rows, NULL,
                                     eval_test_result_cb, &result);
  return genkit_dataset_store_create_finish (store, eval_test_wait (&result), error);
}

static GPtrArray *
get_rows (GenkitDatasetStore *store,
          const char         *id,
          gint64              version,
          GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_dataset_store_get_rows_async (store, id, version, NULL, eval_test_result_cb, &result);
  return genkit_dataset_store_get_rows_finish (store, eval_test_wait (&result), error);
}

static char *
rows_text (GPtrArray *rows)
{
  return genkit_dataset_rows_serialize (rows, GENKIT_DATASET_FORMAT_JSONL);
}

static void
assert_rows (GenkitDatasetStore *store,
             const char         *id,
             gint64              version,
             const char         *expected_jsonl)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = get_rows (store, id, version, &error);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  text = rows_text (rows);
  g_assert_cmpstr (text, ==, expected_jsonl);
}

static guint items_changed;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  items_changed++;
}

static void
test_store_versions (EvalFixture   *f,
                     gconstpointer  data)
{
  GenkitDatasetStore *store = f->dataset_store;
  g_autoptr(GenkitDataset) dataset = NULL;
  g_autoptr(GenkitDataset) updated = NULL;
  g_autoptr(GenkitDataset) same = NULL;
  g_autoptr(GenkitDataset) replaced = NULL;
  g_autoptr(GenkitDataset) meta = NULL;
  g_autoptr(GPtrArray) upserts = NULL;
  g_autoptr(GPtrArray) replacement = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) versions = NULL;
  g_autoptr(JsonNode) schema = eval_test_json ("{\"inputSchema\": {\"type\": \"object\"}}");
  const char *deletes[] = { "b", NULL };
  const char *refs[] = { "/evaluator/exactMatch", NULL };

  g_test_summary ("Every change makes a version, every version reads back, unchanged edits make none");

  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), NULL);
  items_changed = 0;
  dataset = create (store, "greetings",
                    "[{\"testCaseId\": \"a\", \"input\": {\"q\": \"Ada\"}, \"reference\": \"echo: Ada\"},"
                    " {\"testCaseId\": \"b\", \"input\": {\"q\": \"Bob\"}},"
                    " {\"testCaseId\": \"c\", \"input\": {\"q\": \"Cy\"}, \"context\": [\"Cy likes C\"]}]", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_dataset_get_id (dataset), ==, "greetings");
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 1);
  g_assert_cmpuint (genkit_dataset_get_size (dataset), ==, 3);
  g_assert_cmpint (genkit_dataset_get_dataset_type (dataset), ==, GENKIT_DATASET_TYPE_FLOW);
  g_assert_cmpstr (genkit_dataset_get_target_action (dataset), ==, "/flow/ask");
  g_assert_cmpuint (items_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (genkit_dataset_store_lookup (store, "greetings") == dataset);

  /* Edit: one row changed, one added, one deleted — one version; row order kept. */
  upserts = eval_test_rows ("[{\"testCaseId\": \"a\", \"input\": {\"q\": \"Ada L.\"}, \"reference\": \"echo: Ada L.\"},"
                            " {\"testCaseId\": \"d\", \"input\": {\"q\": \"Dee\"}}]");
  genkit_dataset_store_update_rows_async (store, "greetings", upserts, deletes, NULL, eval_test_result_cb, &result);
  updated = genkit_dataset_store_update_rows_finish (store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_true (updated == dataset);
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 2);
  g_assert_cmpuint (genkit_dataset_get_size (dataset), ==, 3);
  g_assert_cmpint (genkit_dataset_get_update_time (dataset), >=, genkit_dataset_get_create_time (dataset));
  g_assert_cmpuint (items_changed, ==, 1);
  assert_rows (store, "greetings", 0,
               "{\"testCaseId\":\"a\",\"input\":{\"q\":\"Ada L.\"},\"reference\":\"echo: Ada L.\"}\n"
               "{\"testCaseId\":\"c\",\"input\":{\"q\":\"Cy\"},\"context\":[\"Cy likes C\"]}\n"
               "{\"testCaseId\":\"d\",\"input\":{\"q\":\"Dee\"}}\n");
  assert_rows (store, "greetings", 1,
               "{\"testCaseId\":\"a\",\"input\":{\"q\":\"Ada\"},\"reference\":\"echo: Ada\"}\n"
               "{\"testCaseId\":\"b\",\"input\":{\"q\":\"Bob\"}}\n"
               "{\"testCaseId\":\"c\",\"input\":{\"q\":\"Cy\"},\"context\":[\"Cy likes C\"]}\n");

  /* The same rows again change nothing: no version. */
  g_clear_object (&result);
  g_clear_pointer (&upserts, g_ptr_array_unref);
  upserts = eval_test_rows ("[{\"testCaseId\": \"d\", \"input\": {\"q\": \"Dee\"}}]");
  genkit_dataset_store_update_rows_async (store, "greetings", upserts, NULL, NULL, eval_test_result_cb, &result);
  same = genkit_dataset_store_update_rows_finish (store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_dataset_get_version (same), ==, 2);

  /* Genkit's patch rule: a test case with neither input nor reference is deleted. */
  g_clear_object (&result);
  g_clear_pointer (&upserts, g_ptr_array_unref);
  upserts = eval_test_rows ("[{\"testCaseId\": \"c\"}]");
  genkit_dataset_store_update_rows_async (store, "greetings", upserts, NULL, NULL, eval_test_result_cb, &result);
  g_clear_object (&same);
  same = genkit_dataset_store_update_rows_finish (store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_dataset_get_version (same), ==, 3);
  g_assert_cmpuint (genkit_dataset_get_size (same), ==, 2);

  /* Replace all rows. */
  g_clear_object (&result);
  replacement = eval_test_rows ("[{\"testCaseId\": \"z\", \"input\": {\"q\": \"Zed\"}}]");
  genkit_dataset_store_replace_rows_async (store, "greetings", replacement, NULL, eval_test_result_cb, &result);
  replaced = genkit_dataset_store_replace_rows_finish (store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_dataset_get_version (replaced), ==, 4);
  assert_rows (store, "greetings", 0, "{\"testCaseId\":\"z\",\"input\":{\"q\":\"Zed\"}}\n");
  assert_rows (store, "greetings", 3,
               "{\"testCaseId\":\"a\",\"input\":{\"q\":\"Ada L.\"},\"reference\":\"echo: Ada L.\"}\n"
               "{\"testCaseId\":\"d\",\"input\":{\"q\":\"Dee\"}}\n");

  /* Metadata changes are versions too. */
  g_clear_object (&result);
  genkit_dataset_store_update_metadata_async (store, "greetings", "/flow/greet", schema, refs, NULL,
                                              eval_test_result_cb, &result);
  meta = genkit_dataset_store_update_metadata_finish (store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_dataset_get_version (meta), ==, 5);
  g_assert_cmpstr (genkit_dataset_get_target_action (meta), ==, "/flow/greet");
  g_assert_cmpstrv (genkit_dataset_get_metric_refs (meta), refs);
  g_assert_true (json_node_equal (genkit_dataset_get_schema (meta), schema));

  g_clear_object (&result);
  genkit_dataset_store_list_versions_async (store, "greetings", NULL, eval_test_result_cb, &result);
  versions = genkit_dataset_store_list_versions_finish (store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (versions)), ==, 5);
  {
    const char *changes[] = { "create", "update", "update", "replace", "metadata" };
    const gint64 sizes[] = { 3, 3, 2, 1, 1 };

    for (guint i = 0; i < 5; i++)
      {
        JsonObject *entry = json_array_get_object_element (json_node_get_array (versions), i);

        g_assert_cmpint (json_object_get_int_member (entry, "version"), ==, i + 1);
        g_assert_cmpstr (json_object_get_string_member (entry, "change"), ==, changes[i]);
        g_assert_cmpint (json_object_get_int_member (entry, "size"), ==, sizes[i]);
      }
  }

  /* No such version. */
  g_assert_null (get_rows (store, "greetings", 6, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_signal_handlers_disconnect_by_func (store, items_changed_cb, NULL);
}

static void
test_store_ids (EvalFixture   *f,
                gconstpointer  data)
{
  GenkitDatasetStore *store = f->dataset_store;
  g_autoptr(GenkitDataset) first = NULL;
  g_autoptr(GenkitDataset) anonymous = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Dataset ids follow Genkit's rules; an id is unique; without one, a UUID");

  g_assert_true (genkit_dataset_id_is_valid ("fixture-ds"));
  g_assert_true (genkit_dataset_id_is_valid ("a_b.c-d1"));
  g_assert_false (genkit_dataset_id_is_valid ("short"));
  g_assert_false (genkit_dataset_id_is_valid ("1abcdef"));
  g_assert_false (genkit_dataset_id_is_valid ("abcdef-"));
  g_assert_false (genkit_dataset_id_is_valid ("has/slash"));
  g_assert_false (genkit_dataset_id_is_valid ("a234567890123456789012345678901234567"));

  g_assert_null (create (store, "bad", "[]", &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  first = create (store, "unique-one", "[{\"input\": 1}]", &error);
  g_assert_no_error (error);
  g_assert_null (create (store, "unique-one", "[]", &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS);
  g_assert_cmpstr (error->message, ==, "Dataset ID not unique: unique-one");
  g_clear_error (&error);

  g_assert_null (create (store, "dup-cases", "[{\"testCaseId\": \"x\", \"input\": 1}, {\"testCaseId\": \"x\", \"input\": 2}]",
                         &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  anonymous = create (store, NULL, "[{\"input\": 1}]", &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (genkit_dataset_get_id (anonymous)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
}

static void
test_store_delete_and_reopen (EvalFixture   *f,
                              gconstpointer  data)
{
  GenkitDatasetStore *store = f->dataset_store;
  g_autoptr(GenkitDataset) kept = NULL;
  g_autoptr(GenkitDataset) gone = NULL;
  g_autoptr(GenkitDatasetStore) reopened = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "evals.db", NULL);
  GenkitDataset *again;

  g_test_summary ("Deleting removes a dataset and its versions; another store on the file sees the rest");

  kept = create (store, "kept-one", "[{\"testCaseId\": \"k\", \"input\": \"x\"}]", &error);
  gone = create (store, "gone-one", "[{\"testCaseId\": \"g\", \"input\": \"y\"}]", &error);
  g_assert_no_error (error);
  genkit_dataset_store_delete_async (store, "gone-one", NULL, eval_test_result_cb, &result);
  g_assert_true (genkit_dataset_store_delete_finish (store, eval_test_wait (&result), &error));
  g_assert_no_error (error);
  g_assert_null (genkit_dataset_store_lookup (store, "gone-one"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  g_clear_object (&result);
  genkit_dataset_store_delete_async (store, "gone-one", NULL, eval_test_result_cb, &result);
  g_assert_false (genkit_dataset_store_delete_finish (store, eval_test_wait (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (get_rows (store, "gone-one", 0, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reopened = genkit_dataset_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (reopened)), ==, 1);
  again = g_list_model_get_item (G_LIST_MODEL (reopened), 0);
  g_assert_cmpstr (genkit_dataset_get_id (again), ==, "kept-one");
  g_assert_cmpint (genkit_dataset_get_create_time (again), ==, genkit_dataset_get_create_time (kept));
  g_object_unref (again);
  assert_rows (reopened, "kept-one", 0, "{\"testCaseId\":\"k\",\"input\":\"x\"}\n");
}

static void
test_store_validate (EvalFixture   *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = eval_test_rows ("[{\"testCaseId\": \"ok\", \"input\": {\"q\": \"Ada\"}},"
                                              " {\"testCaseId\": \"missing\", \"input\": {}},"
                                              " {\"testCaseId\": \"wrong\", \"input\": {\"q\": 3}},"
                                              " {\"testCaseId\": \"none\"}]");
  g_autoptr(GenkitAction) ask = NULL;
  g_autoptr(JsonNode) problems = NULL;
  g_autoptr(JsonNode) all_fine = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad_schema = eval_test_json ("{\"type\": 12}");
  JsonArray *array;

  g_test_summary ("Rows are checked against the target action's input schema, with Genkit's messages");

  ask = genkit_registry_lookup_action (f->registry, "/flow/ask");
  g_object_ref (ask);
  problems = genkit_dataset_rows_validate (rows, genkit_action_get_input_schema (ask), &error);
  g_assert_no_error (error);
  array = json_node_get_array (problems);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "testCaseId"), ==, "missing");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (array, 0), "index"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                     json_array_get_object_element (array, 0), "errors"), 0), "message"), ==,
                   "must have required property 'q'");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
                     json_array_get_object_element (array, 1), "errors"), 0), "path"), ==, "q");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 2), "testCaseId"), ==, "none");

  all_fine = genkit_dataset_rows_validate (rows, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (all_fine)), ==, 0);

  g_assert_null (genkit_dataset_rows_validate (rows, bad_schema, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

static JsonNode *
validate_for (EvalFixture *f,
              GPtrArray   *rows,
              const char  *key,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_dataset_rows_validate_for_action_async (rows, f->runtime, key, NULL, eval_test_result_cb, &result);
  return genkit_dataset_rows_validate_for_action_finish (eval_test_wait (&result), error);
}

static void
test_store_validate_for_action (EvalFixture   *f,
                                gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = eval_test_rows ("[{\"testCaseId\": \"ok\", \"input\": {\"q\": \"Ada\"}},"
                                              " {\"testCaseId\": \"text\", \"input\": \"Ada\"},"
                                              " {\"testCaseId\": \"request\", \"input\": {\"messages\": []}}]");
  g_autoptr(JsonNode) flow = NULL;
  g_autoptr(JsonNode) model = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Rows are checked against a target as its runtime lists it: a flow's input schema, "
                  "a model's strings or GenerateRequests");

  flow = validate_for (f, rows, "/flow/ask", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (flow)), ==, 2);
  model = validate_for (f, rows, "/model/pm", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (model)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (model), 0),
                                                  "testCaseId"), ==, "ok");
  g_assert_null (validate_for (f, rows, "/flow/nope", &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
}

static void
test_row_from_trace (EvalFixture   *f,
                     gconstpointer  data)
{
  g_autofree char *path = eval_test_fixture_path ("devui-api/11-getTrace.json");
  g_autoptr(JsonNode) exchange = eval_test_read_json_file (path);
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(GenkitDatasetRow) row = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) empty = eval_test_json ("{\"traceId\": \"x\", \"spans\": {}}");
  JsonObject *body;

  g_test_summary ("A trace of the JavaScript runtime (greet) makes a test case: the root's input, "
                  "and its output as the reference");

  body = json_object_get_object_member (json_node_get_object (exchange), "response");
  body = json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (body, "body"),
                                                                       "result"), "data");
  trace = json_node_init_object (json_node_alloc (), body);
  row = genkit_dataset_row_new_from_trace (trace, &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (genkit_dataset_row_get_test_case_id (row)));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (genkit_dataset_row_get_input (row)), "name"), ==, "Ada");
  g_assert_cmpstr (json_node_get_string (genkit_dataset_row_get_reference (row)), ==, "Hello, Ada!");
  g_assert_null (genkit_dataset_row_get_context (row));

  g_assert_null (genkit_dataset_row_new_from_trace (empty, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/eval/dataset-store/versions", EvalFixture, NULL, eval_fixture_set_up, test_store_versions,
              eval_fixture_tear_down);
  g_test_add ("/eval/dataset-store/ids", EvalFixture, NULL, eval_fixture_set_up, test_store_ids, eval_fixture_tear_down);
  g_test_add ("/eval/dataset-store/delete-reopen", EvalFixture, NULL, eval_fixture_set_up,
              test_store_delete_and_reopen, eval_fixture_tear_down);
  g_test_add ("/eval/dataset-store/validate", EvalFixture, NULL, eval_fixture_set_up, test_store_validate,
              eval_fixture_tear_down);
  g_test_add ("/eval/dataset-store/validate-for-action", EvalFixture, NULL, eval_fixture_set_up,
              test_store_validate_for_action, eval_fixture_tear_down);
  g_test_add ("/eval/dataset-store/row-from-trace", EvalFixture, NULL, eval_fixture_set_up, test_row_from_trace,
              eval_fixture_tear_down);

  return g_test_run ();
}
