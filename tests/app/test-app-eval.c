/* test-app-eval.c — the datasets and evaluations panes on the built-in runtime: edit a dataset
 * in the table, run an eval with per-row scores and aggregates, cancel and resume, compare
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>
#include <genkit-eval.h>

#include "genkit-samples.h"
#include "studio-datasets-pane.h"
#include "studio-eval-stores.h"
#include "studio-evals-pane.h"
#include "studio-test-util.h"
#include "studio-window.h"

typedef struct
{
  GenkitRuntime      *runtime;
  StudioWindow       *window;
  StudioEvalStores   *stores;
  StudioDatasetsPane *datasets;
  StudioEvalsPane    *evals;
} Fixture;

/* The built-in runtime as the application makes it for eval runs: samples and evaluators. */
static GenkitRuntime *
eval_runtime (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;

  genkit_samples_register (registry, &error);
  g_assert_no_error (error);
  genkit_eval_define_builtin_evaluators (registry, NULL, &error);
  g_assert_no_error (error);
  return GENKIT_RUNTIME (genkit_local_runtime_new (registry));
}

static gboolean
panes_idle (gpointer user_data)
{
  Fixture *fixture = user_data;

  return !studio_datasets_pane_get_busy (fixture->datasets) && !studio_evals_pane_get_busy (fixture->evals);
}

static void
wait_idle (Fixture *fixture)
{
  g_assert_true (studio_test_wait (panes_idle, fixture, 20000));
}

static void
show_pane (Fixture    *fixture,
           const char *name)
{
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-pane", g_variant_new_string (name));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  /* A pane lists the runtime's actions when it is first shown. */
  wait_idle (fixture);
}

/* A picture of the window for review, when STUDIO_TEST_SCREENSHOTS asks for them. */
static void
shoot (Fixture    *fixture,
       const char *name)
{
  gtk_widget_queue_draw (GTK_WIDGET (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  studio_test_save_png (GTK_WIDGET (fixture->window), name);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = genkit_dataset_store_get_default_path ();
  g_autofree char *wal = g_strconcat (db, "-wal", NULL);
  g_autofree char *shm = g_strconcat (db, "-shm", NULL);

  /* Each test starts with empty stores. */
  g_remove (db);
  g_remove (wal);
  g_remove (shm);
  fixture->runtime = eval_runtime ();
  fixture->window = studio_window_new (NULL, fixture->runtime, NULL);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 760);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->datasets = STUDIO_DATASETS_PANE (studio_test_find_type (GTK_WIDGET (fixture->window),
                                                                   STUDIO_TYPE_DATASETS_PANE));
  fixture->evals = STUDIO_EVALS_PANE (studio_test_find_type (GTK_WIDGET (fixture->window), STUDIO_TYPE_EVALS_PANE));
  g_assert_nonnull (fixture->datasets);
  g_assert_nonnull (fixture->evals);
  fixture->stores = studio_eval_stores_get_default (&error);
  g_assert_no_error (error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  wait_idle (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->stores);
  g_clear_object (&fixture->runtime);
}

static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* Activates @action of @widget, which asks in a dialog, and answers @response as its button
 * does (the response, then the dialog closes). */
static void
answer (Fixture    *fixture,
        GtkWidget  *widget,
        const char *action,
        const char *response)
{
  AdwMessageDialog *dialog;

  gtk_widget_activate_action (widget, action, NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, response);
  gtk_window_close (GTK_WINDOW (dialog));
  wait_idle (fixture);
}

/* Datasets ---------------------------------------------------------------------------- */

static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  if (GTK_IS_ENTRY (widget) && g_object_get_data (G_OBJECT (widget), "row") != NULL)
    g_ptr_array_add (labels, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, labels);
}

/* The JSON cell (0 input, 1 reference, 2 context) of a test case in the table. */
static GtkEntry *
find_cell (Fixture    *fixture,
           const char *test_case_id,
           int         column)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  collect_labels (GTK_WIDGET (fixture->datasets), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);
      GenkitDatasetRow *row = g_object_get_data (G_OBJECT (label), "row");

      if (row != NULL && GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column")) == column &&
          g_str_equal (genkit_dataset_row_get_test_case_id (row), test_case_id))
        return GTK_ENTRY (label);
    }
  g_assert_not_reached ();
}

/* Types into a cell as a person does, and presses Enter. */
static void
edit_cell (Fixture    *fixture,
           const char *test_case_id,
           int         column,
           const char *text)
{
  GtkEntry *entry = find_cell (fixture, test_case_id, column);

  gtk_widget_grab_focus (GTK_WIDGET (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_signal_emit_by_name (entry, "activate");
  wait_idle (fixture);
}

static GenkitDatasetRow *
table_row (Fixture *fixture,
           guint    position)
{
  GListModel *rows = studio_datasets_pane_get_rows (fixture->datasets);
  g_autoptr(GenkitDatasetRow) row = g_list_model_get_item (rows, position);

  return row;   /* the table holds it */
}

/* Picks a version in the versions menu, as a person does. */
static void
show_version (Fixture *fixture,
              int      version)
{
  GtkWidget *list = studio_test_find (GTK_WIDGET (fixture->datasets), "versions_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "version")) == version)
      {
        g_signal_emit_by_name (list, "row-activated", row);
        wait_idle (fixture);
        return;
      }
  g_assert_not_reached ();
}

static void
test_dataset_edit (Fixture       *fixture,
                   gconstpointer  data)
{
  GenkitDatasetStore *store = studio_eval_stores_get_datasets (fixture->stores);
  GtkWidget *entry = studio_test_find (GTK_WIDGET (fixture->datasets), "new_id_entry");
  GtkWidget *check_label = studio_test_find (GTK_WIDGET (fixture->datasets), "check_label");
  GenkitDataset *dataset;
  g_autofree char *id = NULL;
  g_autofree char *input = NULL;

  g_test_summary ("Datasets pane: create a dataset, choose its target, add a row and edit its JSON cells "
                  "in the table; every change is a version; bad JSON and inputs the schema refuses are flagged");
  show_pane (fixture, "datasets");

  /* An id Genkit refuses: the entry says why. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "x");
  gtk_widget_activate_action (GTK_WIDGET (fixture->datasets), "datasets.create", NULL);
  wait_idle (fixture);
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (entry), "Invalid datasetId"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "greetings");
  gtk_widget_activate_action (GTK_WIDGET (fixture->datasets), "datasets.create", NULL);
  wait_idle (fixture);
  g_assert_cmpstr (studio_datasets_pane_get_dataset_id (fixture->datasets), ==, "greetings");
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  dataset = genkit_dataset_store_lookup (store, "greetings");
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 1);

  g_assert_true (studio_datasets_pane_set_target (fixture->datasets, "/flow/greet"));
  wait_idle (fixture);
  g_assert_cmpstr (genkit_dataset_get_target_action (dataset), ==, "/flow/greet");
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (fixture->datasets), "datasets.add-row", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (studio_datasets_pane_get_rows (fixture->datasets)), ==, 1);
  id = g_strdup (genkit_dataset_row_get_test_case_id (table_row (fixture, 0)));

  edit_cell (fixture, id, 0, "{\"name\": \"Ada\"}");
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 3);
  g_assert_cmpuint (genkit_dataset_get_size (dataset), ==, 1);
  input = json_to_string (genkit_dataset_row_get_input (table_row (fixture, 0)), FALSE);
  g_assert_cmpstr (input, ==, "{\"name\":\"Ada\"}");
  g_assert_cmpuint (studio_datasets_pane_get_n_problems (fixture->datasets), ==, 0);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (check_label)), "matches the input schema of /flow/greet"));

  edit_cell (fixture, id, 1, "\"Hello, Ada!\"");
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 4);
  g_assert_cmpstr (json_node_get_string (genkit_dataset_row_get_reference (table_row (fixture, 0))), ==, "Hello, Ada!");

  /* Not JSON: flagged in place, nothing saved. */
  edit_cell (fixture, id, 0, "{\"name\": ");
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_cell (fixture, id, 0)), "error"));
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 4);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (check_label)), "Not JSON"));

  /* JSON the target's input schema refuses: saved, and flagged. */
  edit_cell (fixture, id, 0, "{\"nom\": \"Ada\"}");
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 5);
  g_assert_cmpuint (studio_datasets_pane_get_n_problems (fixture->datasets), ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (check_label)), "1 of 1 inputs does not match"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (find_cell (fixture, id, 0)), "json-cell-invalid"));

  /* Context must be an array of documents. */
  edit_cell (fixture, id, 2, "{}");
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 5);
  edit_cell (fixture, id, 2, "[\"Ada was a mathematician\"]");
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 6);

  shoot (fixture, "eval-datasets.png");

  /* Version 3 had the first input: shown read only, then restored as version 7. */
  show_version (fixture, 3);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (studio_test_find (GTK_WIDGET (fixture->datasets),
                                                                               "version_revealer"))));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (find_cell (fixture, id, 0))));
  g_clear_pointer (&input, g_free);
  input = json_to_string (genkit_dataset_row_get_input (table_row (fixture, 0)), FALSE);
  g_assert_cmpstr (input, ==, "{\"name\":\"Ada\"}");
  g_assert_null (genkit_dataset_row_get_reference (table_row (fixture, 0)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->datasets), "datasets.restore-version", NULL);
  wait_idle (fixture);
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 7);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (studio_test_find (GTK_WIDGET (fixture->datasets),
                                                                                "version_revealer"))));
  g_assert_true (gtk_editable_get_editable (GTK_EDITABLE (find_cell (fixture, id, 0))));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (find_cell (fixture, id, 0)), "json-cell-invalid"));
  g_assert_null (genkit_dataset_row_get_reference (table_row (fixture, 0)));
}

/* Eval runs --------------------------------------------------------------------------- */

static char *
text_of (GtkWidget *text_view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (text_view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static GenkitDataset *
create_dataset (Fixture    *fixture,
                const char *id,
                const char *target,
                const char *json)
{
  GenkitDatasetStore *store = studio_eval_stores_get_datasets (fixture->stores);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = genkit_dataset_rows_parse (json, -1, GENKIT_DATASET_FORMAT_JSON, &error);
  g_autoptr(GenkitDataset) dataset = NULL;

  g_assert_no_error (error);
  genkit_dataset_store_create_async (store, id, GENKIT_DATASET_TYPE_FLOW, target, rows, NULL,
                                     studio_test_store_result_cb, &result);
  dataset = genkit_dataset_store_create_finish (store, studio_test_wait_result (&result), &error);
  g_assert_no_error (error);
  return dataset;   /* the store's list holds it */
}

static void
replace_rows (Fixture    *fixture,
              const char *id,
              const char *json)
{
  GenkitDatasetStore *store = studio_eval_stores_get_datasets (fixture->stores);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = genkit_dataset_rows_parse (json, -1, GENKIT_DATASET_FORMAT_JSON, &error);
  g_autoptr(GenkitDataset) dataset = NULL;

  g_assert_no_error (error);
  genkit_dataset_store_replace_rows_async (store, id, rows, NULL, studio_test_store_result_cb, &result);
  dataset = genkit_dataset_store_replace_rows_finish (store, studio_test_wait_result (&result), &error);
  g_assert_no_error (error);
}

static gboolean
run_finished (gpointer user_data)
{
  Fixture *fixture = user_data;

  return !studio_evals_pane_get_running (fixture->evals) && !studio_evals_pane_get_busy (fixture->evals);
}

/* Fills in the new-run form and presses Start; waits for the run to end. */
static GenkitEvalRun *
start_run (Fixture            *fixture,
           const char         *target,
           const char         *dataset,
           const char * const *evaluators,
           guint               concurrency,
           gboolean            wait)
{
  show_pane (fixture, "evaluations");
  gtk_widget_activate_action (GTK_WIDGET (fixture->evals), "evals.new", NULL);
  g_assert_true (studio_evals_pane_set_target (fixture->evals, target));
  g_assert_true (studio_evals_pane_set_dataset (fixture->evals, dataset));
  studio_evals_pane_set_evaluators (fixture->evals, evaluators);
  studio_evals_pane_set_concurrency (fixture->evals, concurrency);
  gtk_widget_activate_action (GTK_WIDGET (fixture->evals), "evals.start", NULL);
  if (wait)
    g_assert_true (studio_test_wait (run_finished, fixture, 60000));
  return studio_evals_pane_get_shown_run (fixture->evals);
}

static const char *cases_json =
  "[{\"testCaseId\": \"ada\", \"input\": {\"name\": \"Ada\"}, \"reference\": \"Hello, Ada!\"},"
  " {\"testCaseId\": \"bob\", \"input\": {\"name\": \"Bob\"}, \"reference\": \"Hi Bob\"},"
  " {\"testCaseId\": \"cy\", \"input\": {\"name\": \"Cy\"}, \"reference\": \"Hello, Cy!\"}]";

static const char * const score_evaluators[] = { "/evaluator/exactMatch", "/evaluator/genkitEval/regex", NULL };

/* Import and export: files in the three formats and the Genkit CLI's .genkit/datasets. */
static void
test_dataset_transfer (Fixture       *fixture,
                       gconstpointer  data)
{
  GenkitDatasetStore *store = studio_eval_stores_get_datasets (fixture->stores);
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "transfer", NULL);
  g_autofree char *csv = g_build_filename (dir, "greetings.csv", NULL);
  g_autofree char *json = g_build_filename (dir, "greetings.json", NULL);
  g_autofree char *jsonl = g_build_filename (dir, "greetings-copy.jsonl", NULL);
  g_autofree char *one = g_build_filename (dir, "one.json", NULL);
  g_autofree char *project = g_build_filename (dir, "project", NULL);
  g_autofree char *genkit_file = g_build_filename (project, ".genkit", "datasets", "greetings-copy.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GenkitDataset *copy;

  g_test_summary ("Datasets pane: export to JSON, JSONL and CSV, import a file as a new dataset, replace "
                  "rows from a file, export to and import from a Genkit project's .genkit/datasets");
  g_assert_cmpint (g_mkdir_with_parents (project, 0700), ==, 0);
  create_dataset (fixture, "greetings", "/flow/greet", cases_json);
  show_pane (fixture, "datasets");
  wait_idle (fixture);
  g_assert_cmpstr (studio_datasets_pane_get_dataset_id (fixture->datasets), ==, "greetings");

  studio_datasets_pane_transfer (fixture->datasets, STUDIO_DATASETS_EXPORT_FILE, csv);
  wait_idle (fixture);
  studio_datasets_pane_transfer (fixture->datasets, STUDIO_DATASETS_EXPORT_FILE, json);
  wait_idle (fixture);
  studio_datasets_pane_transfer (fixture->datasets, STUDIO_DATASETS_EXPORT_FILE, jsonl);
  wait_idle (fixture);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "testCaseId,"));
  g_assert_nonnull (strstr (text, "Hi Bob"));
  g_clear_pointer (&text, g_free);
  g_assert_true (g_file_get_contents (jsonl, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "\"testCaseId\":\"cy\""));

  /* A file becomes a new dataset, named after it, and is shown. */
  studio_datasets_pane_transfer (fixture->datasets, STUDIO_DATASETS_IMPORT_FILE, jsonl);
  wait_idle (fixture);
  g_assert_cmpstr (studio_datasets_pane_get_dataset_id (fixture->datasets), ==, "greetings-copy");
  g_assert_cmpuint (g_list_model_get_n_items (studio_datasets_pane_get_rows (fixture->datasets)), ==, 3);

  /* Rows replaced from a file: the next version. */
  g_assert_true (g_file_set_contents (one, "[{\"testCaseId\": \"z\", \"input\": {\"name\": \"Zed\"}}]", -1, NULL));
  studio_datasets_pane_transfer (fixture->datasets, STUDIO_DATASETS_REPLACE_FROM_FILE, one);
  wait_idle (fixture);
  copy = genkit_dataset_store_lookup (store, "greetings-copy");
  g_assert_cmpint (genkit_dataset_get_version (copy), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (studio_datasets_pane_get_rows (fixture->datasets)), ==, 1);

  /* A bad file: the error is shown, nothing changes. */
  studio_datasets_pane_transfer (fixture->datasets, STUDIO_DATASETS_REPLACE_FROM_FILE, project);
  wait_idle (fixture);
  g_assert_cmpint (genkit_dataset_get_version (copy), ==, 2);
  g_assert_cmpstr (gtk_image_get_icon_name (GTK_IMAGE (studio_test_find (GTK_WIDGET (fixture->datasets), "check_icon"))),
                   ==, "dialog-error-symbolic");

  /* The Genkit CLI's format, into a project and back. */
  studio_datasets_pane_transfer (fixture->datasets, STUDIO_DATASETS_EXPORT_GENKIT, project);
  wait_idle (fixture);
  g_assert_true (g_file_test (genkit_file, G_FILE_TEST_EXISTS));
  genkit_dataset_store_delete_async (store, "greetings-copy", NULL, studio_test_store_result_cb, &result);
  g_assert_true (genkit_dataset_store_delete_finish (store, studio_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_null (genkit_dataset_store_lookup (store, "greetings-copy"));
  studio_datasets_pane_transfer (fixture->datasets, STUDIO_DATASETS_IMPORT_GENKIT, project);
  wait_idle (fixture);
  copy = genkit_dataset_store_lookup (store, "greetings-copy");
  g_assert_nonnull (copy);
  g_assert_cmpuint (genkit_dataset_get_size (copy), ==, 1);
  g_assert_cmpstr (studio_datasets_pane_get_dataset_id (fixture->datasets), ==, "greetings-copy");

  /* Deleted once confirmed; the other dataset is shown. */
  answer (fixture, GTK_WIDGET (fixture->datasets), "datasets.delete", "delete");
  g_assert_null (genkit_dataset_store_lookup (store, "greetings-copy"));
  g_assert_cmpstr (studio_datasets_pane_get_dataset_id (fixture->datasets), ==, "greetings");
}

static void
test_eval_run (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *aggregates = studio_test_find (GTK_WIDGET (fixture->evals), "aggregates_label");
  GtkWidget *status = studio_test_find (GTK_WIDGET (fixture->evals), "status_label");
  GenkitEvalRun *run;
  GListModel *results;
  g_autoptr(GenkitEvalResult) bob = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *file = g_build_filename (g_get_user_data_dir (), "cases.jsonl", NULL);
  double score;

  g_test_summary ("Evaluations pane: an eval run of the sample flow greet with exactMatch and regex from "
                  "the form; per-row scores, aggregates and the filters");
  create_dataset (fixture, "greetings", "/flow/greet", cases_json);
  run = start_run (fixture, "/flow/greet", "greetings", score_evaluators, 2, TRUE);
  g_assert_nonnull (run);
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpstr (genkit_eval_run_get_target (run), ==, "/flow/greet");
  g_assert_cmpstr (genkit_eval_run_get_dataset_id (run), ==, "greetings");

  results = studio_evals_pane_get_results (fixture->evals);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);
  bob = g_list_model_get_item (results, 1);
  g_assert_cmpstr (genkit_eval_result_get_test_case_id (bob), ==, "bob");
  g_assert_cmpstr (json_node_get_string (genkit_eval_result_get_output (bob)), ==, "Hello, Bob!");
  g_assert_true (json_node_get_boolean (json_object_get_member (genkit_eval_result_get_metric (bob, "exactMatch"),
                                                                "score")) == FALSE);

  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "Completed: 3 test cases, 0 failed"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (aggregates)), "exactMatch: pass rate 66.7% (2 of 3)"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (aggregates)), "genkitEval/regex: pass rate 66.7% (2 of 3)"));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (aggregates)), "Latency: mean"));

  /* Filters: no target failed; one test case scored below 1 on exactMatch. */
  studio_evals_pane_set_filter (fixture->evals, TRUE, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  studio_evals_pane_set_filter (fixture->evals, FALSE, "/evaluator/exactMatch", 1);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_clear_object (&bob);
  bob = g_list_model_get_item (results, 0);
  g_assert_cmpstr (genkit_eval_result_get_test_case_id (bob), ==, "bob");
  g_assert_true (genkit_eval_run_get_metric_aggregate (run, "/evaluator/exactMatch") != NULL);
  g_assert_true (json_object_has_member (genkit_eval_run_get_metric_aggregate (run, "/evaluator/exactMatch"), "mean"));
  score = json_object_get_double_member (genkit_eval_run_get_metric_aggregate (run, "/evaluator/exactMatch"), "mean");
  g_assert_cmpfloat_with_epsilon (score, 2.0 / 3, 1e-9);
  studio_evals_pane_set_filter (fixture->evals, FALSE, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 3);

  /* Sorted on a score, lowest first: bob leads; back in dataset order on #. */
  g_assert_true (studio_evals_pane_sort_by (fixture->evals, "exactMatch", GTK_SORT_ASCENDING));
  g_clear_object (&bob);
  bob = g_list_model_get_item (results, 0);
  g_assert_cmpstr (genkit_eval_result_get_test_case_id (bob), ==, "bob");
  g_assert_true (studio_evals_pane_sort_by (fixture->evals, "#", GTK_SORT_ASCENDING));
  g_clear_object (&bob);
  bob = g_list_model_get_item (results, 1);
  g_assert_cmpstr (genkit_eval_result_get_test_case_id (bob), ==, "bob");
  g_assert_false (studio_evals_pane_sort_by (fixture->evals, "Output", GTK_SORT_ASCENDING));

  /* A selected test case is shown in full below the table. */
  gtk_selection_model_select_item (gtk_column_view_get_model (GTK_COLUMN_VIEW (
                                     studio_test_find (GTK_WIDGET (fixture->evals), "results_view"))), 1, TRUE);
  detail = text_of (studio_test_find (GTK_WIDGET (fixture->evals), "detail_view"));
  g_assert_nonnull (strstr (detail, "\"Hi Bob\""));
  g_assert_nonnull (strstr (detail, "\"Hello, Bob!\""));
  shoot (fixture, "eval-run.png");

  /* The test cases of a file instead of a dataset, as genkit eval:flow --input does. */
  g_assert_true (g_file_set_contents (file, "{\"testCaseId\": \"f1\", \"input\": {\"name\": \"Flo\"}, "
                                            "\"reference\": \"Hello, Flo!\"}\n", -1, NULL));
  g_assert_true (studio_evals_pane_start_file (fixture->evals, file));
  g_assert_true (studio_test_wait (run_finished, fixture, 60000));
  run = studio_evals_pane_get_shown_run (fixture->evals);
  g_assert_null (genkit_eval_run_get_dataset_id (run));
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (aggregates)), "exactMatch: pass rate 100.0% (1 of 1)"));

  /* A target that fails: each row is recorded as failed, the run completes. */
  create_dataset (fixture, "failures", "/flow/fail", "[{\"testCaseId\": \"one\", \"input\": \"a\"},"
                                                    " {\"testCaseId\": \"two\", \"input\": \"b\"}]");
  run = start_run (fixture, "/flow/fail", "failures", score_evaluators, 2, TRUE);
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (genkit_eval_run_get_n_failed (run), ==, 2);
  studio_evals_pane_set_filter (fixture->evals, TRUE, NULL, 0);
  g_assert_cmpuint (g_list_model_get_n_items (studio_evals_pane_get_results (fixture->evals)), ==, 2);
}

static gboolean
select_judge (Fixture    *fixture,
              const char *model)
{
  AdwComboRow *row = ADW_COMBO_ROW (studio_test_find (GTK_WIDGET (fixture->evals), "judge_row"));
  GListModel *models = adw_combo_row_get_model (row);

  for (guint i = 0; i < g_list_model_get_n_items (models); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (models, i);

      if (g_str_equal (gtk_string_object_get_string (item), model))
        {
          adw_combo_row_set_selected (row, i);
          return TRUE;
        }
    }
  return FALSE;
}

static void
test_eval_model_config (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *config = studio_test_find (GTK_WIDGET (fixture->evals), "config_row");
  GtkWidget *model = studio_test_find (GTK_WIDGET (fixture->evals), "model_row");
  GtkWidget *form_error = studio_test_find (GTK_WIDGET (fixture->evals), "form_error_label");
  g_autoptr(GenkitEvalResult) result = NULL;
  JsonObject *metric;
  GenkitEvalRun *run;

  g_test_summary ("Evaluations pane: a model target takes a config (Genkit's actionConfig), checked before "
                  "the run starts");
  create_dataset (fixture, "questions", "/model/echo", "[{\"testCaseId\": \"a\", \"input\": \"hello\"},"
                                                       " {\"testCaseId\": \"b\", \"input\": \"world\"}]");
  show_pane (fixture, "evaluations");
  g_assert_true (studio_evals_pane_set_target (fixture->evals, "/model/echo"));
  g_assert_true (gtk_widget_get_visible (config));
  g_assert_false (gtk_widget_get_visible (model));
  gtk_editable_set_text (GTK_EDITABLE (config), "[1, 2]");
  g_assert_true (studio_evals_pane_set_dataset (fixture->evals, "questions"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->evals), "evals.start", NULL);
  g_assert_false (studio_evals_pane_get_running (fixture->evals));
  g_assert_true (gtk_widget_get_visible (form_error));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (form_error)), "JSON object"));
  shoot (fixture, "eval-form.png");

  gtk_editable_set_text (GTK_EDITABLE (config), "{\"temperature\": 0.5}");
  gtk_widget_activate_action (GTK_WIDGET (fixture->evals), "evals.start", NULL);
  g_assert_true (studio_test_wait (run_finished, fixture, 60000));
  run = studio_evals_pane_get_shown_run (fixture->evals);
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), ==, 2);
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (json_object_get_member (
                       genkit_eval_run_get_config (run), "actionConfig")), "temperature"), ==, 0.5);

  /* An LLM-as-judge evaluator asks the judge model chosen. */
  g_assert_true (select_judge (fixture, "/model/echo"));
  run = start_run (fixture, "/model/echo", "questions",
                   (const char * const[]) { "/evaluator/genkitEval/maliciousness", NULL }, 2, TRUE);
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  result = g_list_model_get_item (genkit_eval_run_get_results (run), 0);
  metric = genkit_eval_result_get_metric (result, "/evaluator/genkitEval/maliciousness");
  g_assert_nonnull (metric);
  /* The echo model is no judge: its answer is no verdict, but it was asked. */
  g_assert_nonnull (strstr (json_object_get_string_member (metric, "error"), "Unable to parse evaluator response"));
}

static gboolean
some_done (gpointer user_data)
{
  Fixture *fixture = user_data;
  GenkitEvalRun *run = studio_evals_pane_get_shown_run (fixture->evals);

  return run != NULL && genkit_eval_run_get_n_done (run) >= 1;
}

static void
test_eval_cancel_resume (Fixture       *fixture,
                         gconstpointer  data)
{
  GString *json = g_string_new ("[");
  GenkitEvalRun *run;
  g_autofree char *id = NULL;

  g_test_summary ("Evaluations pane: cancel a run in progress, then resume it: the done test cases are "
                  "kept, the others run");
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (json, "%s{\"testCaseId\": \"t%u\", \"input\": {\"ms\": 100}}", i ? "," : "", i);
  g_string_append (json, "]");
  create_dataset (fixture, "sleepers", "/flow/sleep", json->str);
  g_string_free (json, TRUE);

  run = start_run (fixture, "/flow/sleep", "sleepers", (const char * const[]) { NULL }, 2, FALSE);
  g_assert_true (studio_test_wait (some_done, fixture, 30000));
  run = studio_evals_pane_get_shown_run (fixture->evals);
  id = g_strdup (genkit_eval_run_get_id (run));
  g_assert_true (studio_evals_pane_get_running (fixture->evals));
  g_test_message ("cancelling at %u of 40 done", genkit_eval_run_get_n_done (run));
  gtk_widget_activate_action (GTK_WIDGET (fixture->evals), "evals.cancel", NULL);
  g_assert_true (studio_test_wait (run_finished, fixture, 30000));
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_CANCELLED);
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), >=, 1);
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), <, 40);
  g_assert_true (genkit_eval_run_can_resume (run));
  shoot (fixture, "eval-cancelled.png");

  gtk_widget_activate_action (GTK_WIDGET (fixture->evals), "evals.resume", NULL);
  g_assert_true (studio_evals_pane_get_running (fixture->evals));
  g_assert_true (studio_test_wait (run_finished, fixture, 60000));
  run = studio_evals_pane_get_shown_run (fixture->evals);
  g_assert_cmpstr (genkit_eval_run_get_id (run), ==, id);
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), ==, 40);
  g_assert_cmpuint (genkit_eval_run_get_n_failed (run), ==, 0);
}

static gboolean
comparing (gpointer user_data)
{
  gpointer *args = user_data;
  Fixture *fixture = args[0];

  return studio_eval_compare_get_n_runs (studio_evals_pane_get_compare (fixture->evals)) == GPOINTER_TO_UINT (args[1]) &&
         !studio_evals_pane_get_busy (fixture->evals);
}

static void
test_eval_compare (Fixture       *fixture,
                   gconstpointer  data)
{
  StudioEvalCompare *compare = studio_evals_pane_get_compare (fixture->evals);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;
  g_autofree char *diff = NULL;
  GenkitEvalRun *run;

  g_test_summary ("Evaluations pane: two runs side by side; a test case whose score fell is a regression, "
                  "an output that changed has a diff");
  create_dataset (fixture, "greetings", "/flow/greet",
                  "[{\"testCaseId\": \"ada\", \"input\": {\"name\": \"Ada\"}, \"reference\": \"Hello, Ada!\"},"
                  " {\"testCaseId\": \"bob\", \"input\": {\"name\": \"Bob\"}, \"reference\": \"Hello, Bob!\"},"
                  " {\"testCaseId\": \"cy\", \"input\": {\"name\": \"Cy\"}, \"reference\": \"Hello, Cy!\"}]");
  run = start_run (fixture, "/flow/greet", "greetings", score_evaluators, 2, TRUE);
  first = g_strdup (genkit_eval_run_get_id (run));

  /* bob's reference changes (his score falls), cy's input changes (his output changes). */
  replace_rows (fixture, "greetings",
                "[{\"testCaseId\": \"ada\", \"input\": {\"name\": \"Ada\"}, \"reference\": \"Hello, Ada!\"},"
                " {\"testCaseId\": \"bob\", \"input\": {\"name\": \"Bob\"}, \"reference\": \"Hi Bob\"},"
                " {\"testCaseId\": \"cy\", \"input\": {\"name\": \"Cyd\"}, \"reference\": \"Hello, Cyd!\"}]");
  /* Runs made in the same millisecond would have no order: the second one is later. */
  studio_test_wait_ms (5);
  run = start_run (fixture, "/flow/greet", "greetings", score_evaluators, 2, TRUE);
  second = g_strdup (genkit_eval_run_get_id (run));
  g_assert_cmpstr (first, !=, second);

  g_assert_true (studio_evals_pane_compare (fixture->evals, (const char * const[]) { first, second, NULL }));
  g_assert_true (studio_test_wait (comparing, (gpointer[]) { fixture, GUINT_TO_POINTER (2) }, 20000));
  g_assert_cmpuint (g_list_model_get_n_items (studio_eval_compare_get_rows (compare)), ==, 3);
  g_assert_cmpint (studio_eval_compare_get_change (compare, "ada", 1), ==, STUDIO_EVAL_CHANGE_NONE);
  g_assert_cmpint (studio_eval_compare_get_change (compare, "bob", 1), ==, STUDIO_EVAL_CHANGE_REGRESSED);
  g_assert_cmpint (studio_eval_compare_get_change (compare, "cy", 1), ==, STUDIO_EVAL_CHANGE_NONE);
  g_assert_cmpuint (studio_eval_compare_get_n_regressed (compare), ==, 1);
  g_assert_true (studio_eval_compare_get_output_changed (compare, "cy", 1));
  g_assert_false (studio_eval_compare_get_output_changed (compare, "bob", 1));

  studio_eval_compare_show_diff (compare, "bob");
  diff = studio_eval_compare_dup_diff_text (compare);
  g_assert_nonnull (strstr (diff, "(same output)"));
  g_clear_pointer (&diff, g_free);
  studio_eval_compare_show_diff (compare, "cy");
  diff = studio_eval_compare_dup_diff_text (compare);
  g_assert_nonnull (strstr (diff, "- Hello, Cy!\n+ Hello, Cyd!"));
  shoot (fixture, "eval-compare.png");

  /* Any number of runs: a third, on the same version as the second, beside both. */
  studio_test_wait_ms (5);
  run = start_run (fixture, "/flow/greet", "greetings", score_evaluators, 2, TRUE);
  third = g_strdup (genkit_eval_run_get_id (run));
  g_assert_true (studio_evals_pane_compare (fixture->evals, (const char * const[]) { third, first, second, NULL }));
  g_assert_true (studio_test_wait (comparing, (gpointer[]) { fixture, GUINT_TO_POINTER (3) }, 20000));
  g_assert_cmpint (studio_eval_compare_get_change (compare, "bob", 1), ==, STUDIO_EVAL_CHANGE_REGRESSED);
  g_assert_cmpint (studio_eval_compare_get_change (compare, "bob", 2), ==, STUDIO_EVAL_CHANGE_REGRESSED);
  g_assert_true (studio_eval_compare_get_output_changed (compare, "cy", 2));
  studio_eval_compare_show_diff (compare, "cy");
  g_clear_pointer (&diff, g_free);
  diff = studio_eval_compare_dup_diff_text (compare);
  third[8] = '\0';   /* the diff names runs by their first 8 characters */
  g_assert_nonnull (strstr (diff, third));

  /* The runs compared deleted, once confirmed. */
  answer (fixture, GTK_WIDGET (fixture->evals), "evals.delete", "delete");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (studio_eval_stores_get_evals (fixture->stores))), ==, 0);
}

/* Add to Dataset ---------------------------------------------------------------------- */

static gboolean
runner_succeeded (gpointer user_data)
{
  return studio_runner_get_state (user_data) == STUDIO_RUNNER_STATE_SUCCEEDED;
}

static gboolean
no_dialog (gpointer user_data)
{
  return find_dialog () == NULL;
}

static gboolean
dataset_has_rows (gpointer user_data)
{
  gpointer *args = user_data;
  GenkitDataset *dataset = genkit_dataset_store_lookup (args[0], args[1]);

  return dataset != NULL && genkit_dataset_get_size (dataset) == GPOINTER_TO_UINT (args[2]);
}

/* Runs greet in its runner with @name and adds the result to a dataset from the dialog. */
static void
run_and_add (Fixture    *fixture,
             const char *name,
             const char *new_id)
{
  StudioRunner *runner;
  AdwMessageDialog *dialog;
  g_autofree char *input = g_strdup_printf ("{\"name\": \"%s\"}", name);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-action", g_variant_new_string ("/flow/greet"));
  runner = studio_actions_pane_get_visible_runner (studio_window_get_actions_pane (fixture->window));
  g_assert_nonnull (runner);
  studio_runner_set_input_text (runner, input);
  g_assert_true (studio_runner_run (runner));
  g_assert_true (studio_test_wait (runner_succeeded, runner, 10000));
  gtk_widget_activate_action (GTK_WIDGET (runner), "runner.add-to-dataset", NULL);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  if (new_id != NULL)
    gtk_editable_set_text (GTK_EDITABLE (studio_test_find_type (GTK_WIDGET (dialog), GTK_TYPE_ENTRY)), new_id);
  /* As its Add button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "add");
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_true (studio_test_wait (no_dialog, NULL, 10000));
}

static void
test_add_to_dataset (Fixture       *fixture,
                     gconstpointer  data)
{
  GenkitDatasetStore *store = studio_eval_stores_get_datasets (fixture->stores);
  gpointer args[3] = { store, (gpointer) "greet-cases", GUINT_TO_POINTER (1) };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GenkitDataset *dataset;

  g_test_summary ("Add to Dataset from a runner: a new dataset for the action, then a second test case in it");
  show_pane (fixture, "actions");
  g_assert_true (studio_test_wait (panes_idle, fixture, 10000));
  run_and_add (fixture, "Ada", "greet-cases");
  g_assert_true (studio_test_wait (dataset_has_rows, args, 10000));
  dataset = genkit_dataset_store_lookup (store, "greet-cases");
  g_assert_cmpstr (genkit_dataset_get_target_action (dataset), ==, "/flow/greet");
  g_assert_cmpint (genkit_dataset_get_dataset_type (dataset), ==, GENKIT_DATASET_TYPE_FLOW);

  /* The dialog offers the action's dataset first. */
  run_and_add (fixture, "Bob", NULL);
  args[2] = GUINT_TO_POINTER (2);
  g_assert_true (studio_test_wait (dataset_has_rows, args, 10000));
  g_assert_cmpint (genkit_dataset_get_version (dataset), ==, 2);

  genkit_dataset_store_get_rows_async (store, "greet-cases", 2, NULL, studio_test_store_result_cb, &result);
  rows = genkit_dataset_store_get_rows_finish (store, studio_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (
                     genkit_dataset_row_get_input (g_ptr_array_index (rows, 1))), "name"), ==, "Bob");
  g_assert_cmpstr (json_node_get_string (genkit_dataset_row_get_reference (g_ptr_array_index (rows, 1))), ==,
                   "Hello, Bob!");
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

  g_test_add ("/app/eval/dataset-edit", Fixture, NULL, fixture_set_up, test_dataset_edit, fixture_tear_down);
  g_test_add ("/app/eval/dataset-transfer", Fixture, NULL, fixture_set_up, test_dataset_transfer, fixture_tear_down);
  g_test_add ("/app/eval/run", Fixture, NULL, fixture_set_up, test_eval_run, fixture_tear_down);
  g_test_add ("/app/eval/model-config", Fixture, NULL, fixture_set_up, test_eval_model_config, fixture_tear_down);
  g_test_add ("/app/eval/cancel-resume", Fixture, NULL, fixture_set_up, test_eval_cancel_resume, fixture_tear_down);
  g_test_add ("/app/eval/add-to-dataset", Fixture, NULL, fixture_set_up, test_add_to_dataset, fixture_tear_down);
  g_test_add ("/app/eval/compare", Fixture, NULL, fixture_set_up, test_eval_compare, fixture_tear_down);

  return g_test_run ();
}
