/* test-dataset-formats.c — dataset files: JSON, JSONL and CSV round trips, CSV details, and
 * the Genkit CLI's .genkit/datasets store against the JavaScript tools' captures
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "genkit-eval-private.h"
#include "eval-test-util.h"

/* Rows that are hard to write: strings that look like other JSON, quotes, commas, line
 * breaks, Unicode, nested values, nulls, empty strings, context lists. */
static const char tricky_rows[] =
  "[{\"testCaseId\": \"plain\", \"input\": \"Ada\", \"reference\": \"Hello, Ada!\"},"
  " {\"testCaseId\": \"looks-like-json\", \"input\": \"42\", \"reference\": \"true\"},"
  " {\"testCaseId\": \"quoted\", \"input\": \"\\\"quoted\\\"\", \"reference\": \"{\\\"not\\\": \\\"an object\\\"}\"},"
  " {\"testCaseId\": \"numbers\", \"input\": 42, \"reference\": 3.5},"
  " {\"testCaseId\": \"lines\", \"input\": \"two\\nlines, and \\\"quotes\\\"\\r\\n\", \"reference\": \"  spaced  \"},"
  " {\"testCaseId\": \"unicode\", \"input\": \"\\u00e9t\\u00e9 \\ud83d\\ude00 \\u65e5\\u672c\"},"
  " {\"testCaseId\": \"nested\", \"input\": {\"name\": \"Ada\", \"tags\": [1, {\"a\": null}]}, \"reference\": [\"x\", 2],"
  "  \"context\": [\"doc one\", \"doc, two\"]},"
  " {\"testCaseId\": \"nulls\", \"input\": null, \"reference\": null},"
  " {\"testCaseId\": \"empty\", \"input\": \"\", \"reference\": \"\", \"context\": []},"
  " {\"testCaseId\": \"no-input\", \"reference\": \"only a reference\"}]";

static void
assert_same_rows (GPtrArray *a,
                  GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    if (!genkit_dataset_row_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      {
        g_autoptr(JsonNode) x = genkit_dataset_row_to_json (g_ptr_array_index (a, i));
        g_autoptr(JsonNode) y = genkit_dataset_row_to_json (g_ptr_array_index (b, i));
        g_autofree char *sx = eval_test_to_string (x);
        g_autofree char *sy = eval_test_to_string (y);

        g_error ("row %u differs:\n  %s\n  %s", i, sx, sy);
      }
}

static void
test_formats_round_trip (void)
{
  const GenkitDatasetFormat formats[] = { GENKIT_DATASET_FORMAT_JSON, GENKIT_DATASET_FORMAT_JSONL,
                                          GENKIT_DATASET_FORMAT_CSV };
  g_autoptr(GPtrArray) rows = eval_test_rows (tricky_rows);

  g_test_summary ("Every row survives JSON, JSONL and CSV, however it looks");

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      g_autofree char *text = genkit_dataset_rows_serialize (rows, formats[f]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) back = genkit_dataset_rows_parse (text, -1, formats[f], &error);

      g_assert_no_error (error);
      assert_same_rows (rows, back);
    }
}

static void
test_formats_csv (void)
{
  g_autoptr(GPtrArray) rows = eval_test_rows (tricky_rows);
  g_autofree char *csv = genkit_dataset_rows_serialize (rows, GENKIT_DATASET_FORMAT_CSV);
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  g_test_summary ("CSV as people write it: any column order, CRLF, a byte order mark, quoted line "
                  "breaks, other columns ignored, cells that are JSON or plain text");

  lines = g_strsplit (csv, "\n", 3);
  g_assert_cmpstr (lines[0], ==, "testCaseId,input,reference,context");
  g_assert_cmpstr (lines[1], ==, "plain,Ada,\"Hello, Ada!\",");
  g_assert_true (strstr (csv, "looks-like-json,\"\"\"42\"\"\",\"\"\"true\"\"\",\n") != NULL);
  g_assert_true (strstr (csv, "empty,\"\"\"\"\"\",\"\"\"\"\"\",[]\n") != NULL);

  parsed = genkit_dataset_rows_parse ("\xEF\xBB\xBF" "notes,reference,input,testCaseId\r\n"
                                      "ignored,\"Hi, \"\"you\"\"\",{\"name\": \"Ada\"},t1\r\n"
                                      "\r\n"
                                      ",,\"multi\nline\",\r\n"
                                      "x,,7,t3",
                                      -1, GENKIT_DATASET_FORMAT_CSV, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->len, ==, 3);
  g_assert_cmpstr (genkit_dataset_row_get_test_case_id (g_ptr_array_index (parsed, 0)), ==, "t1");
  g_assert_cmpstr (json_node_get_string (genkit_dataset_row_get_reference (g_ptr_array_index (parsed, 0))), ==, "Hi, \"you\"");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (genkit_dataset_row_get_input (g_ptr_array_index (parsed, 0))), "name"), ==, "Ada");
  g_assert_cmpstr (json_node_get_string (genkit_dataset_row_get_input (g_ptr_array_index (parsed, 1))), ==, "multi\nline");
  g_assert_true (g_uuid_string_is_valid (genkit_dataset_row_get_test_case_id (g_ptr_array_index (parsed, 1))));
  g_assert_null (genkit_dataset_row_get_reference (g_ptr_array_index (parsed, 1)));
  g_assert_cmpint (json_node_get_int (genkit_dataset_row_get_input (g_ptr_array_index (parsed, 2))), ==, 7);

  g_clear_pointer (&parsed, g_ptr_array_unref);
  g_assert_null (genkit_dataset_rows_parse ("input\n\"never closed\n", -1, GENKIT_DATASET_FORMAT_CSV, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (genkit_dataset_rows_parse ("testCaseId,reference\na,b\n", -1, GENKIT_DATASET_FORMAT_CSV, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (genkit_dataset_rows_parse ("input,context\n1,notalist\n", -1, GENKIT_DATASET_FORMAT_CSV, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* JSON and JSONL errors say where. */
  g_assert_null (genkit_dataset_rows_parse ("{\"input\": 1}\n{\"input\": }\n", -1, GENKIT_DATASET_FORMAT_JSONL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message, "line 2: "));
  g_clear_error (&error);
  g_assert_null (genkit_dataset_rows_parse ("[{\"input\": 1}, {\"testCaseId\": 5}]", -1, GENKIT_DATASET_FORMAT_JSON, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "row 2: testCaseId must be a string");
  g_clear_error (&error);
  g_assert_null (genkit_dataset_rows_parse ("{\"input\": 1}", -1, GENKIT_DATASET_FORMAT_JSON, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

static GenkitDataset *
import_file (GenkitDatasetStore       *store,
             const char               *path,
             const char               *id,
             GenkitDatasetImportFlags  flags,
             GError                  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_dataset_store_import_file_async (store, path, id, GENKIT_DATASET_TYPE_FLOW, "/flow/greet", flags, NULL,
                                          eval_test_result_cb, &result);
  return genkit_dataset_store_import_file_finish (store, eval_test_wait (&result), error);
}

static GPtrArray *
get_rows (GenkitDatasetStore *store,
          const char         *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  genkit_dataset_store_get_rows_async (store, id, 0, NULL, eval_test_result_cb, &result);
  rows = genkit_dataset_store_get_rows_finish (store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  return rows;
}

static void
test_formats_store_files (EvalFixture   *f,
                          gconstpointer  data)
{
  const char *names[] = { "cases.json", "cases.jsonl", "cases.csv" };
  const GenkitDatasetFormat formats[] = { GENKIT_DATASET_FORMAT_JSON, GENKIT_DATASET_FORMAT_JSONL,
                                          GENKIT_DATASET_FORMAT_CSV };
  g_autoptr(GPtrArray) rows = eval_test_rows (tricky_rows);
  g_autoptr(GError) error = NULL;

  g_test_summary ("Import and export through the store in every format: the same rows come back; "
                  "importing over a dataset is a new version only when asked");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *in = g_build_filename (f->dir, names[i], NULL);
      g_autofree char *out = g_strconcat (in, ".out", NULL);
      g_autofree char *out_named = NULL;
      g_autoptr(GenkitDataset) dataset = NULL;
      g_autoptr(GenkitDataset) again = NULL;
      g_autoptr(GPtrArray) stored = NULL;
      g_autoptr(GPtrArray) exported = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *id = g_strdup_printf ("tricky-%u", i);
      GenkitDatasetFormat format;

      g_assert_true (genkit_dataset_format_from_path (in, &format));
      g_assert_cmpint (format, ==, formats[i]);
      g_assert_true (genkit_dataset_rows_write_file (rows, in, formats[i], &error));
      g_assert_no_error (error);

      dataset = import_file (f->dataset_store, in, id, GENKIT_DATASET_IMPORT_NONE, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (genkit_dataset_get_size (dataset), ==, rows->len);
      stored = get_rows (f->dataset_store, id);
      assert_same_rows (rows, stored);

      g_assert_null (import_file (f->dataset_store, in, id, GENKIT_DATASET_IMPORT_NONE, &error));
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS);
      g_clear_error (&error);
      again = import_file (f->dataset_store, in, id, GENKIT_DATASET_IMPORT_REPLACE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (genkit_dataset_get_version (again), ==, 1);    /* the same rows: no new version */

      out_named = g_strconcat (out, names[i] + strlen ("cases"), NULL);
      genkit_dataset_store_export_file_async (f->dataset_store, id, 0, out_named, formats[i], NULL,
                                              eval_test_result_cb, &result);
      g_assert_true (genkit_dataset_store_export_file_finish (f->dataset_store, eval_test_wait (&result), &error));
      g_assert_no_error (error);
      exported = genkit_dataset_rows_read_file (out_named, &error);
      g_assert_no_error (error);
      assert_same_rows (rows, exported);
    }

  /* Without an id the file's name is the dataset's. */
  {
    g_autofree char *named = g_build_filename (f->dir, "my-cases.jsonl", NULL);
    g_autofree char *bad = g_build_filename (f->dir, "x.jsonl", NULL);
    g_autoptr(GenkitDataset) dataset = NULL;

    g_assert_true (genkit_dataset_rows_write_file (rows, named, GENKIT_DATASET_FORMAT_JSONL, &error));
    g_assert_true (genkit_dataset_rows_write_file (rows, bad, GENKIT_DATASET_FORMAT_JSONL, &error));
    dataset = import_file (f->dataset_store, named, NULL, GENKIT_DATASET_IMPORT_NONE, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (genkit_dataset_get_id (dataset), ==, "my-cases");
    g_assert_null (import_file (f->dataset_store, bad, NULL, GENKIT_DATASET_IMPORT_NONE, &error));
    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  }
}

/* The body a Dev UI tRPC capture answered with. */
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

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The Dev UI's createDataset (capture 16) done in our store and exported gives what Genkit's
 * store lists (17) and serves (18). */
static void
test_formats_genkit_export (EvalFixture   *f,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) request = capture_request ("devui-api/16-createDataset.json");
  g_autoptr(JsonNode) listed = capture_data ("devui-api/17-listDatasets.json");
  g_autoptr(JsonNode) served = capture_data ("devui-api/18-getDataset.json");
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GenkitDataset) dataset = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_build_filename (f->dir, ".genkit", "datasets", NULL);
  g_autofree char *file = NULL;
  g_autofree char *served_text = NULL;
  g_autofree char *index_text = NULL;
  g_autofree char *data_text = NULL;
  g_autoptr(JsonNode) index = NULL;
  JsonObject *ours, *theirs;
  JsonObject *body = json_node_get_object (request);
  g_autoptr(GList) members = NULL;
  GenkitDatasetType type;

  g_test_summary ("A dataset created as the Dev UI creates one (capture 16) exports to the files "
                  "Genkit's store lists (capture 17) and serves (capture 18)");

  data_text = json_to_string (json_object_get_member (body, "data"), FALSE);
  rows = genkit_dataset_rows_parse (data_text, -1, GENKIT_DATASET_FORMAT_JSON, &error);
  g_assert_no_error (error);
  g_assert_true (genkit_dataset_type_from_string (json_object_get_string_member (body, "datasetType"), &type));
  genkit_dataset_store_create_async (f->dataset_store, json_object_get_string_member (body, "datasetId"), type,
                                     json_object_get_string_member (body, "targetAction"), rows, NULL,
                                     eval_test_result_cb, &result);
  dataset = genkit_dataset_store_create_finish (f->dataset_store, eval_test_wait (&result), &error);
  g_assert_no_error (error);

  g_clear_object (&result);
  genkit_dataset_store_export_genkit_async (f->dataset_store, NULL, dir, NULL, eval_test_result_cb, &result);
  g_assert_true (genkit_dataset_store_export_genkit_finish (f->dataset_store, eval_test_wait (&result), &error));
  g_assert_no_error (error);

  /* fixture-ds.json: byte for byte what Genkit writes (JSON.stringify, compact). */
  file = read_text (dir, "fixture-ds.json");
  served_text = json_to_string (served, FALSE);
  g_assert_cmpstr (file, ==, served_text);

  /* index.json: the entry has the members and values Genkit's listing has; the times are
   * JavaScript Date strings of our clock. */
  index_text = read_text (dir, "index.json");
  index = eval_test_json (index_text);
  ours = json_object_get_object_member (json_node_get_object (index), "fixture-ds");
  theirs = json_array_get_object_element (json_node_get_array (listed), 0);
  members = json_object_get_members (theirs);
  g_assert_cmpuint (json_object_get_size (ours), ==, json_object_get_size (theirs));
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *a = json_object_get_member (ours, l->data);
      JsonNode *b = json_object_get_member (theirs, l->data);

      g_assert_nonnull (a);
      if (g_str_has_suffix (l->data, "Time"))
        g_assert_true (g_regex_match_simple ("^[A-Z][a-z]{2} [A-Z][a-z]{2} \\d{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT[+-]\\d{4} \\(.+\\)$",
                                             json_node_get_string (a), 0, 0));
      else
        g_assert_true (json_node_equal (a, b));
    }
}

/* Genkit's store as the captures describe it, imported here and exported back unchanged. */
static void
test_formats_genkit_import (EvalFixture   *f,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) listed = capture_data ("devui-api/17-listDatasets.json");
  g_autoptr(JsonNode) served = capture_data ("devui-api/18-getDataset.json");
  g_autofree char *theirs = g_build_filename (f->dir, "theirs", ".genkit", "datasets", NULL);
  g_autofree char *again = g_build_filename (f->dir, "again", ".genkit", "datasets", NULL);
  g_autoptr(JsonObject) index = json_object_new ();
  g_autoptr(JsonNode) index_node = NULL;
  g_autofree char *index_text = NULL;
  g_autofree char *data_text = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) imported = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exported_data = NULL;
  g_autofree char *exported_index = NULL;
  g_autoptr(JsonNode) reread = NULL;
  GenkitDataset *dataset;
  gint64 created = 0;
  const char *unsafe[] = { "../escape", NULL };

  g_test_summary ("Datasets of Genkit's store (captures 17 and 18) import with their version, type, "
                  "target and times, and export back to the same files");

  json_object_set_member (index, "fixture-ds", json_node_copy (json_array_get_element (json_node_get_array (listed), 0)));
  index_node = json_node_init_object (json_node_alloc (), index);
  index_text = json_to_string (index_node, FALSE);
  data_text = json_to_string (served, FALSE);
  path = g_build_filename (theirs, "index.json", NULL);
  g_assert_true (_genkit_eval_write_file (path, index_text, -1, &error));
  g_free (path);
  path = g_build_filename (theirs, "fixture-ds.json", NULL);
  g_assert_true (_genkit_eval_write_file (path, data_text, -1, &error));
  g_assert_no_error (error);

  genkit_dataset_store_import_genkit_async (f->dataset_store, theirs, NULL, GENKIT_DATASET_IMPORT_NONE, NULL,
                                            eval_test_result_cb, &result);
  imported = genkit_dataset_store_import_genkit_finish (f->dataset_store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (imported->len, ==, 1);
  dataset = g_ptr_array_index (imported, 0);
  g_assert_true (genkit_dataset_store_lookup (f->dataset_store, "fixture-ds") == dataset);
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 1);
  g_assert_cmpint (genkit_dataset_get_dataset_type (dataset), ==, GENKIT_DATASET_TYPE_FLOW);
  g_assert_cmpstr (genkit_dataset_get_target_action (dataset), ==, "/flow/greet");
  g_assert_true (_genkit_eval_parse_date ("Sat Nov 21 2026 23:24:24 GMT+0000 (Coordinated Universal Time)", &created));
  g_assert_cmpint (genkit_dataset_get_create_time (dataset), ==, created);
  rows = get_rows (f->dataset_store, "fixture-ds");
  g_assert_cmpuint (rows->len, ==, 1);

  /* Importing again: refused unless replacing; replacing with the same data changes nothing. */
  g_clear_object (&result);
  genkit_dataset_store_import_genkit_async (f->dataset_store, theirs, NULL, GENKIT_DATASET_IMPORT_NONE, NULL,
                                            eval_test_result_cb, &result);
  g_assert_null (genkit_dataset_store_import_genkit_finish (f->dataset_store, eval_test_wait (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS);
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_pointer (&imported, g_ptr_array_unref);
  genkit_dataset_store_import_genkit_async (f->dataset_store, theirs, NULL, GENKIT_DATASET_IMPORT_REPLACE, NULL,
                                            eval_test_result_cb, &result);
  imported = genkit_dataset_store_import_genkit_finish (f->dataset_store, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_dataset_get_version (g_ptr_array_index (imported, 0)), ==, 1);

  /* Ids that are not safe file names are refused, as Genkit refuses them. */
  g_clear_object (&result);
  genkit_dataset_store_import_genkit_async (f->dataset_store, theirs, unsafe, GENKIT_DATASET_IMPORT_NONE, NULL,
                                            eval_test_result_cb, &result);
  g_assert_null (genkit_dataset_store_import_genkit_finish (f->dataset_store, eval_test_wait (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Back out: the same data file, the same index entry (times included, in UTC here). */
  g_clear_object (&result);
  genkit_dataset_store_export_genkit_async (f->dataset_store, NULL, again, NULL, eval_test_result_cb, &result);
  g_assert_true (genkit_dataset_store_export_genkit_finish (f->dataset_store, eval_test_wait (&result), &error));
  g_assert_no_error (error);
  exported_data = read_text (again, "fixture-ds.json");
  g_assert_cmpstr (exported_data, ==, data_text);
  exported_index = read_text (again, "index.json");
  reread = eval_test_json (exported_index);
  g_assert_true (json_node_equal (reread, index_node));
}

static void
test_formats_js_dates (void)
{
  g_autofree char *utc = NULL;
  g_autofree char *chicago = NULL;
  g_autofree char *iso = NULL;
  gint64 ms = 0;

  g_test_summary ("Dates as JavaScript's Date.toString() and toISOString() write them, and back");

  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  utc = _genkit_eval_js_date_string (1795303464000);
  g_assert_cmpstr (utc, ==, "Sat Nov 21 2026 23:24:24 GMT+0000 (Coordinated Universal Time)");
  iso = _genkit_eval_iso8601 (1795303464420);
  g_assert_cmpstr (iso, ==, "2026-11-21T23:24:24.420Z");
  g_assert_true (_genkit_eval_parse_date (iso, &ms));
  g_assert_cmpint (ms, ==, 1795303464420);

  /* What node printed for 1755800012345 in Chicago: "Thu Aug 21 2025 13:13:32 GMT-0500
   * (Central Daylight Time)"; ICU's long name aside, ours is the same. */
  g_setenv ("TZ", "America/Chicago", TRUE);
  tzset ();
  chicago = _genkit_eval_js_date_string (1755800012345);
  g_assert_true (g_str_has_prefix (chicago, "Thu Aug 21 2025 13:13:32 GMT-0500 ("));
  g_assert_true (_genkit_eval_parse_date ("Thu Aug 21 2025 13:13:32 GMT-0500 (Central Daylight Time)", &ms));
  g_assert_cmpint (ms, ==, 1755800012000);
  g_assert_false (_genkit_eval_parse_date ("yesterday", &ms));

  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
}

int
main (int   argc,
      char *argv[])
{
  /* Genkit's captures were made in UTC; the exported times must read the same. */
  g_setenv ("TZ", "UTC", TRUE);
  tzset ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/eval/dataset-formats/round-trip", test_formats_round_trip);
  g_test_add_func ("/eval/dataset-formats/csv", test_formats_csv);
  g_test_add_func ("/eval/dataset-formats/js-dates", test_formats_js_dates);
  g_test_add ("/eval/dataset-formats/store-files", EvalFixture, NULL, eval_fixture_set_up, test_formats_store_files,
              eval_fixture_tear_down);
  g_test_add ("/eval/dataset-formats/genkit-export", EvalFixture, NULL, eval_fixture_set_up,
              test_formats_genkit_export, eval_fixture_tear_down);
  g_test_add ("/eval/dataset-formats/genkit-import", EvalFixture, NULL, eval_fixture_set_up,
              test_formats_genkit_import, eval_fixture_tear_down);

  return g_test_run ();
}
