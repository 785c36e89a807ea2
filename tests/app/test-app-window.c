/* test-app-window.c — the studio window on the built-in runtime: browse, run, stream, cancel
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "studio-json-editor.h"
#include "studio-result-view.h"
#include "studio-schema-form.h"
#include "studio-test-util.h"
#include "studio-window.h"

typedef struct
{
  GenkitRuntime *runtime;
  StudioWindow  *window;
} Fixture;

static gboolean
actions_listed (gpointer user_data)
{
  Fixture *fixture = user_data;
  StudioActionSidebar *sidebar = studio_actions_pane_get_sidebar (studio_window_get_actions_pane (fixture->window));

  return !studio_action_sidebar_get_loading (sidebar) &&
         studio_action_list_get_n_actions (studio_action_sidebar_get_list (sidebar)) > 0;
}

static void
open_window (Fixture *fixture)
{
  fixture->window = studio_window_new (NULL, fixture->runtime, NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (studio_test_wait (actions_listed, fixture, 10000));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *inputs = g_build_filename (g_get_user_data_dir (), "genkit-studio", "inputs.json", NULL);

  /* Each test starts with no kept inputs. */
  g_remove (inputs);
  fixture->runtime = studio_test_builtin_runtime ();
  open_window (fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->runtime);
}

/* Opens an action's runner the way the D-Bus / menu action does. */
static StudioRunner *
show_action (Fixture    *fixture,
             const char *key)
{
  StudioRunner *runner;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-action", g_variant_new_string (key));
  runner = studio_actions_pane_get_visible_runner (studio_window_get_actions_pane (fixture->window));
  g_assert_nonnull (runner);
  g_assert_cmpstr (studio_runner_get_key (runner), ==, key);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  return runner;
}

/* Types into the runner's JSON editor, as a user would. */
static void
type_json (StudioRunner *runner,
           const char   *text)
{
  GtkWidget *editor = studio_test_find (GTK_WIDGET (runner), "input_editor");

  g_assert_true (STUDIO_IS_JSON_EDITOR (editor));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (editor)), text, -1);
}

static gboolean
run_finished (gpointer user_data)
{
  StudioRunnerState state = studio_runner_get_state (user_data);

  return state != STUDIO_RUNNER_STATE_RUNNING && state != STUDIO_RUNNER_STATE_IDLE;
}

static void
run_and_wait (Fixture      *fixture,
              StudioRunner *runner)
{
  g_assert_true (studio_runner_get_input_valid (runner));
  /* Ctrl+Enter's action. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "run", NULL);
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_RUNNING);
  g_assert_true (studio_test_wait (run_finished, runner, 20000));
}

static void
test_actions_listed (Fixture       *fixture,
                     gconstpointer  data)
{
  StudioActionSidebar *sidebar = studio_actions_pane_get_sidebar (studio_window_get_actions_pane (fixture->window));
  StudioActionList *list = studio_action_sidebar_get_list (sidebar);
  g_autoptr(StudioActionItem) first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  GtkWidget *count_label = studio_test_find (GTK_WIDGET (sidebar), "count_label");
  g_autofree char *expected_count = g_strdup_printf ("%u actions", studio_action_list_get_n_actions (list));

  g_test_summary ("The studio opens on the built-in runtime and its sample actions appear in the "
                  "sidebar, grouped, with counts");

  g_assert_true (studio_window_get_runtime (fixture->window) == fixture->runtime);
  g_assert_cmpuint (g_list_model_get_n_items (studio_window_get_runtimes (fixture->window)), ==, 1);
  g_assert_nonnull (studio_action_list_lookup (list, "/flow/greet"));
  g_assert_nonnull (studio_action_list_lookup (list, "/flow/countdown"));
  g_assert_nonnull (studio_action_list_lookup (list, "/flow/sleep"));
  g_assert_nonnull (studio_action_list_lookup (list, "/tool/add"));
  g_assert_true (studio_action_item_is_header (first));
  g_assert_cmpint (studio_action_item_get_group (first), ==, STUDIO_ACTION_GROUP_FLOWS);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count_label)), ==, expected_count);
  g_assert_null (studio_window_get_project (fixture->window));
  studio_test_save_png (GTK_WIDGET (fixture->window), "window.png");
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  StudioActionSidebar *sidebar = studio_actions_pane_get_sidebar (studio_window_get_actions_pane (fixture->window));
  StudioActionList *list = studio_action_sidebar_get_list (sidebar);
  GtkWidget *search = studio_test_find (GTK_WIDGET (sidebar), "search_entry");

  g_test_summary ("Searching filters the sidebar; Enter opens the first action found");

  studio_action_sidebar_set_search (sidebar, "numbers from");
  g_assert_cmpuint (studio_action_list_get_n_matches (list), ==, 1);
  g_signal_emit_by_name (search, "activate");
  g_assert_cmpstr (studio_runner_get_key (studio_actions_pane_get_visible_runner (studio_window_get_actions_pane (fixture->window))),
                   ==, "/flow/countdown");
}

static void
test_greet_form (Fixture       *fixture,
                 gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/greet");
  StudioSchemaForm *form = STUDIO_SCHEMA_FORM (studio_test_find (GTK_WIDGET (runner), "form"));
  GtkWidget *name = studio_schema_form_get_editor (form, "name");
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) input = NULL;
  JsonNode *result;

  g_test_summary ("Run /flow/greet through the form generated from its input schema: the JSON follows "
                  "the form, the result, latency and trace id appear");

  g_assert_true (GTK_IS_ENTRY (name));
  gtk_editable_set_text (GTK_EDITABLE (name), "Ada");
  json = studio_runner_dup_input_text (runner);
  input = json_from_string (json, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (input), "name"), ==, "Ada");

  run_and_wait (fixture, runner);
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  result = studio_runner_get_result (runner);
  g_assert_true (JSON_NODE_HOLDS_VALUE (result));
  g_assert_nonnull (strstr (json_node_get_string (result), "Hello, Ada!"));
  g_assert_cmpuint (strlen (studio_runner_get_trace_id (runner)), ==, 32);
  g_assert_cmpint (studio_runner_get_latency (runner), >, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (studio_test_find (GTK_WIDGET (runner), "output_stack"))),
                   ==, "result");
  studio_test_save_png (GTK_WIDGET (fixture->window), "runner-greet.png");
}

static void
test_greet_json (Fixture       *fixture,
                 gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/greet");
  StudioSchemaForm *form = STUDIO_SCHEMA_FORM (studio_test_find (GTK_WIDGET (runner), "form"));

  g_test_summary ("Run /flow/greet through the raw JSON editor: the form follows the JSON");

  type_json (runner, "{\n  \"name\": \"Grace\"\n}");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (studio_schema_form_get_editor (form, "name"))), ==, "Grace");
  run_and_wait (fixture, runner);
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  g_assert_nonnull (strstr (json_node_get_string (studio_runner_get_result (runner)), "Hello, Grace!"));
}

typedef struct
{
  guint n_chunks_while_running;
  guint n_chunks;
} ChunkWatch;

static void
chunks_changed_cb (StudioRunner *runner,
                   GParamSpec   *pspec,
                   ChunkWatch   *watch)
{
  guint n = studio_runner_get_n_chunks (runner);

  if (n <= watch->n_chunks)
    return;
  watch->n_chunks = n;
  if (studio_runner_get_state (runner) == STUDIO_RUNNER_STATE_RUNNING && studio_runner_get_result (runner) == NULL)
    watch->n_chunks_while_running++;
}

static void
test_countdown_streams (Fixture       *fixture,
                        gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/countdown");
  ChunkWatch watch = { 0 };
  GtkWidget *stream_view = studio_test_find (GTK_WIDGET (runner), "stream_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (stream_view));
  GtkTextIter start, end;
  g_autofree char *streamed = NULL;

  g_test_summary ("/flow/countdown streams: Stream is on by itself, and each chunk appears before "
                  "the run ends");

  g_assert_true (studio_runner_get_streaming (runner));
  type_json (runner, "{\"count\": 5}");
  g_signal_connect (runner, "notify::n-chunks", G_CALLBACK (chunks_changed_cb), &watch);
  run_and_wait (fixture, runner);

  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  g_assert_cmpuint (watch.n_chunks, ==, 5);
  g_assert_cmpuint (watch.n_chunks_while_running, ==, 5);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  streamed = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  g_assert_cmpstr (streamed, ==, "{\"n\":5}\n{\"n\":4}\n{\"n\":3}\n{\"n\":2}\n{\"n\":1}\n");
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (studio_test_find (GTK_WIDGET (runner), "stream_revealer"))));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  studio_test_save_png (GTK_WIDGET (fixture->window), "runner-countdown.png");
}

static void
test_stream_model_text (Fixture       *fixture,
                        gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/streamEcho");
  GtkWidget *stream_view = studio_test_find (GTK_WIDGET (runner), "stream_view");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (stream_view));

  g_test_summary ("Streamed chunks of a flow that forwards a model's stream are shown as they come");

  type_json (runner, "\"Tell me a story\"");
  run_and_wait (fixture, runner);
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  g_assert_cmpuint (studio_runner_get_n_chunks (runner), >, 0);
  g_assert_cmpint (gtk_text_buffer_get_char_count (buffer), >, 0);
}

static void
test_invalid_input (Fixture       *fixture,
                    gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/countdown");
  StudioSchemaForm *form = STUDIO_SCHEMA_FORM (studio_test_find (GTK_WIDGET (runner), "form"));
  GtkWidget *count_row = gtk_widget_get_ancestor (studio_schema_form_get_editor (form, "count"), ADW_TYPE_ACTION_ROW);
  GtkLabel *status = GTK_LABEL (studio_test_find (GTK_WIDGET (runner), "input_status_label"));

  g_test_summary ("An invalid input is flagged as it is typed, on the form's row and beside the JSON, "
                  "and cannot be run");

  type_json (runner, "{\"count\": 500}");
  g_assert_false (studio_runner_get_input_valid (runner));
  g_assert_true (gtk_widget_has_css_class (count_row, "error"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (count_row)), ==, "must be <= 100");
  g_assert_cmpstr (gtk_label_get_text (status), ==, "count: must be <= 100");
  g_assert_false (studio_runner_run (runner));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "run", NULL);
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_IDLE);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  studio_test_save_png (GTK_WIDGET (fixture->window), "runner-invalid.png");

  /* In the form: text that is no integer. */
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (form, "count")), "three");
  g_assert_false (studio_runner_get_input_valid (runner));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (count_row)), ==, "must be integer");

  /* A required property left out. */
  type_json (runner, "{}");
  g_assert_false (studio_runner_get_input_valid (runner));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (count_row)), ==, "Required");

  /* Not JSON at all. */
  type_json (runner, "{\"count\": 3,");
  g_assert_false (studio_runner_get_input_valid (runner));
  g_assert_nonnull (strstr (gtk_label_get_text (status), "1:"));

  type_json (runner, "{\"count\": 3}");
  g_assert_true (studio_runner_get_input_valid (runner));
  g_assert_false (gtk_widget_has_css_class (count_row, "error"));
  g_assert_cmpstr (gtk_label_get_text (status), ==, "Valid input");
}

static void
test_cancel_sleep (Fixture       *fixture,
                   gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/sleep");
  const GError *error;
  gint64 started = g_get_monotonic_time ();

  g_test_summary ("Cancel stops /flow/sleep at once, through cancelAction with the run's trace id");

  type_json (runner, "{\"ms\": 60000}");
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "run", NULL);
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_RUNNING);
  studio_test_wait_ms (200);
  g_assert_nonnull (studio_runner_get_trace_id (runner));
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_RUNNING);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "cancel", NULL);
  g_assert_true (studio_test_wait (run_finished, runner, 5000));
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_CANCELLED);
  error = studio_runner_get_error (runner);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 10 * G_USEC_PER_SEC);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (runner), "error_title_label"))),
                   ==, "CANCELLED");
}

static void
test_error_shown (Fixture       *fixture,
                  gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/fail");
  GtkLabel *message = GTK_LABEL (studio_test_find (GTK_WIDGET (runner), "error_message_label"));

  g_test_summary ("A failed run shows Genkit's status and message where it happened");

  type_json (runner, "\"on purpose\"");
  run_and_wait (fixture, runner);
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_FAILED);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (runner), "error_title_label"))),
                   ==, "INVALID_ARGUMENT");
  g_assert_nonnull (strstr (gtk_label_get_text (message), "fail flow was asked to fail (on purpose)"));
}

static void
test_context (Fixture       *fixture,
              gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/whoami");
  JsonObject *result;

  g_test_summary ("The context JSON reaches the action as its context; an action without an input "
                  "schema takes free JSON");

  g_assert_false (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (runner), "form")));
  type_json (runner, "[1, 2]");
  studio_runner_set_context_text (runner, "{\"auth\": {\"uid\": \"ada\"}}");
  run_and_wait (fixture, runner);
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  result = json_node_get_object (studio_runner_get_result (runner));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (result, "context"), "auth"), "uid"),
                   ==, "ada");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "input")), ==, 2);

  /* A context that is not an object cannot be run. */
  studio_runner_set_context_text (runner, "[1]");
  g_assert_false (studio_runner_run (runner));
}

static void
test_inputs_kept (Fixture       *fixture,
                  gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/greet");
  g_autofree char *kept = NULL;

  g_test_summary ("The input of each action is still there when the studio opens again");

  type_json (runner, "{\"name\": \"Hedy\"}");
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;

  open_window (fixture);
  runner = show_action (fixture, "/flow/greet");
  kept = studio_runner_dup_input_text (runner);
  g_assert_cmpstr (kept, ==, "{\"name\": \"Hedy\"}");
}

static void
open_trace_cb (StudioRunner *runner,
               const char   *trace_id,
               char        **opened)
{
  *opened = g_strdup (trace_id);
  g_signal_stop_emission_by_name (runner, "open-trace");
}

static void
test_open_trace_hook (Fixture       *fixture,
                      gconstpointer  data)
{
  StudioRunner *runner = show_action (fixture, "/flow/greet");
  g_autofree char *opened = NULL;

  g_test_summary ("Open Trace hands the run's trace id to whoever shows traces");

  type_json (runner, "{\"name\": \"Ada\"}");
  run_and_wait (fixture, runner);
  g_signal_connect (runner, "open-trace", G_CALLBACK (open_trace_cb), &opened);
  gtk_widget_activate_action (GTK_WIDGET (runner), "runner.open-trace", NULL);
  g_assert_cmpstr (opened, ==, studio_runner_get_trace_id (runner));
}

static gboolean
trace_loaded (gpointer user_data)
{
  return studio_trace_view_get_loaded (user_data);
}

static void
test_open_trace_window (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "test-traces.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GenkitStoreSpanProcessor) processor = NULL;
  GenkitRegistry *registry = genkit_local_runtime_get_registry (GENKIT_LOCAL_RUNTIME (fixture->runtime));
  StudioTracesPane *pane = studio_window_get_traces_pane (fixture->window);
  StudioTraceView *view = studio_traces_pane_get_trace_view (pane);
  AdwViewStack *stack = ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (fixture->window), "pane_stack"));
  StudioRunner *runner;
  g_autoptr(JsonNode) trace = NULL;

  g_test_summary ("With the studio's trace store, Open Trace shows the run's trace, spans and all, "
                  "in the traces pane");

  store = genkit_trace_store_new (path, &error);
  g_assert_no_error (error);
  processor = genkit_store_span_processor_new (store);
  genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (processor));
  studio_window_set_trace_store (fixture->window, store);

  runner = show_action (fixture, "/flow/greet");
  type_json (runner, "{\"name\": \"Ada\"}");
  run_and_wait (fixture, runner);
  g_assert_true (genkit_flush_tracing (&error));
  g_assert_no_error (error);

  gtk_widget_activate_action (GTK_WIDGET (runner), "runner.open-trace", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "traces");
  g_assert_cmpstr (studio_trace_view_get_trace_id (view), ==, studio_runner_get_trace_id (runner));
  g_assert_true (studio_test_wait (trace_loaded, view, 10000));
  trace = studio_trace_view_dup_trace_data (view);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (trace), "traceId"), ==,
                   studio_runner_get_trace_id (runner));
  g_assert_cmpuint (studio_trace_view_get_n_spans (view), >=, 1);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  studio_test_save_png (GTK_WIDGET (fixture->window), "trace-window.png");
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/window/actions-listed", test_actions_listed);
  ADD ("/app/window/search", test_search);
  ADD ("/app/window/greet-form", test_greet_form);
  ADD ("/app/window/greet-json", test_greet_json);
  ADD ("/app/window/countdown-streams", test_countdown_streams);
  ADD ("/app/window/stream-model-text", test_stream_model_text);
  ADD ("/app/window/invalid-input", test_invalid_input);
  ADD ("/app/window/cancel-sleep", test_cancel_sleep);
  ADD ("/app/window/error-shown", test_error_shown);
  ADD ("/app/window/context", test_context);
  ADD ("/app/window/inputs-kept", test_inputs_kept);
  ADD ("/app/window/open-trace-hook", test_open_trace_hook);
  ADD ("/app/window/open-trace-window", test_open_trace_window);
#undef ADD

  return g_test_run ();
}
