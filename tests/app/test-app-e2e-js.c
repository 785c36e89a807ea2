/* test-app-e2e-js.c — the studio drives the JavaScript sample app from npm: started from Run a
 * Command (also through `genkit start`), its runtime joins the switcher, its flows fill the
 * sidebar and run, and its traces name its runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <adwaita.h>
#include <genkit-telemetry.h>

#include "e2e-util.h"
#include "studio-test-util.h"
#include "studio-window.h"

/* Node.js starting Genkit on a loaded 2-core machine takes seconds; wait generously. */
#define START_TIMEOUT_MS 120000
#define RUN_TIMEOUT_MS   60000

typedef struct
{
  GenkitRuntime *builtin;
  StudioWindow  *window;
} Fixture;

static gboolean
has_two_runtimes (gpointer user_data)
{
  return g_list_model_get_n_items (studio_window_get_runtimes (user_data)) == 2;
}

static gboolean
has_one_runtime (gpointer user_data)
{
  return g_list_model_get_n_items (studio_window_get_runtimes (user_data)) == 1;
}

static gboolean
command_exited (gpointer user_data)
{
  StudioCommand *command = studio_command_panel_get_command (studio_window_get_command_panel (user_data));

  return studio_command_get_state (command) == STUDIO_COMMAND_STATE_EXITED;
}

typedef struct
{
  StudioWindow *window;
  const char   *key;
} Wanted;

static gboolean
action_listed (gpointer user_data)
{
  Wanted *wanted = user_data;
  StudioActionSidebar *sidebar = studio_actions_pane_get_sidebar (studio_window_get_actions_pane (wanted->window));

  return !studio_action_sidebar_get_loading (sidebar) &&
         studio_action_list_lookup (studio_action_sidebar_get_list (sidebar), wanted->key) != NULL;
}

static gboolean
run_finished (gpointer user_data)
{
  StudioRunnerState state = studio_runner_get_state (user_data);

  return state != STUDIO_RUNNER_STATE_RUNNING && state != STUDIO_RUNNER_STATE_IDLE;
}

static StudioRunner *
run_flow (StudioWindow *window,
          const char   *key,
          const char   *input)
{
  StudioRunner *runner;

  g_action_group_activate_action (G_ACTION_GROUP (window), "show-action", g_variant_new_string (key));
  runner = studio_actions_pane_get_visible_runner (studio_window_get_actions_pane (window));
  g_assert_nonnull (runner);
  g_assert_cmpstr (studio_runner_get_key (runner), ==, key);
  studio_runner_set_input_text (runner, input);
  g_assert_true (studio_runner_get_input_valid (runner));
  g_assert_true (studio_runner_run (runner));
  g_assert_true (studio_test_wait (run_finished, runner, RUN_TIMEOUT_MS));
  g_assert_no_error (studio_runner_get_error (runner));
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  return runner;
}

static char *
command_output (StudioWindow *window)
{
  GtkWidget *panel = GTK_WIDGET (studio_window_get_command_panel (window));
  GtkTextView *view = GTK_TEXT_VIEW (studio_test_find_type (panel, GTK_TYPE_TEXT_VIEW));
  GtkTextBuffer *buffer = view ? gtk_text_view_get_buffer (view) : NULL;
  GtkTextIter start, end;

  if (buffer == NULL)
    return g_strdup ("(no output view)");
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
test_js_app_from_run_a_command (void)
{
  g_autofree char *node_modules = NULL;
  g_autofree char *root = NULL;
  g_autoptr(GenkitRuntime) builtin = studio_test_builtin_runtime ();
  g_autoptr(GError) error = NULL;
  g_autofree char *runtime_name = NULL;
  g_autofree char *output = NULL;
  g_autofree char *node = NULL;
  StudioWindow *window;
  StudioRunner *runner;
  JsonNode *result;
  static const char * const flows[] = { "/flow/greet", "/flow/countdown", "/flow/streamEcho", "/flow/sleep" };

  g_test_summary ("The studio opens a project holding the JavaScript sample app (genkit from npm), "
                  "starts it from Run a Command, switches to its runtime, lists its flows in the "
                  "sidebar and runs two of them through the runner with the JavaScript results");

  if ((node = g_find_program_in_path ("node")) == NULL)
    {
      g_test_skip ("node is not installed (Debian package nodejs)");
      return;
    }
  node_modules = e2e_ensure_node_modules ();
  root = e2e_make_project (node_modules);

  window = studio_window_new (NULL, builtin, NULL);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (studio_window_open_project (window, root, &error));
  g_assert_no_error (error);

  /* What a developer types: the app, run the way `genkit start -- node app.mjs` runs it. */
  studio_command_panel_set_command_line (studio_window_get_command_panel (window), "exec node app.mjs");
  g_action_group_activate_action (G_ACTION_GROUP (window), "start-command", NULL);
  if (!studio_test_wait (has_two_runtimes, window, START_TIMEOUT_MS))
    {
      output = command_output (window);
      g_error ("The sample app's runtime did not join the switcher. Its output:\n%s", output);
    }
  /* Started from the studio: switched to at once. */
  g_assert_true (studio_window_get_runtime (window) != builtin);
  runtime_name = genkit_runtime_dup_name (studio_window_get_runtime (window));
  g_test_message ("runtime: %s", runtime_name);

  for (guint i = 0; i < G_N_ELEMENTS (flows); i++)
    {
      Wanted wanted = { window, flows[i] };

      g_assert_true (studio_test_wait (action_listed, &wanted, START_TIMEOUT_MS));
    }
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  studio_test_save_png (GTK_WIDGET (window), "e2e-js-app.png");

  /* greet calls the app's echo model: "Hello, Ada!" comes back from JavaScript. */
  runner = run_flow (window, "/flow/greet", "{\"name\": \"Ada\"}");
  result = studio_runner_get_result (runner);
  g_assert_true (JSON_NODE_HOLDS_VALUE (result));
  g_assert_cmpstr (json_node_get_string (result), ==, "Hello, Ada!");
  g_assert_nonnull (studio_runner_get_trace_id (runner));

  /* countdown streams: its chunks arrive, then its summary. */
  runner = run_flow (window, "/flow/countdown", "{\"count\": 3}");
  g_assert_cmpuint (studio_runner_get_n_chunks (runner), ==, 3);
  result = studio_runner_get_result (runner);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (result), "done"));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (result), "total"), ==, 3);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  studio_test_save_png (GTK_WIDGET (window), "e2e-js-countdown.png");

  g_action_group_activate_action (G_ACTION_GROUP (window), "stop-command", NULL);
  g_assert_true (studio_test_wait (command_exited, window, RUN_TIMEOUT_MS));
  g_assert_true (studio_test_wait (has_one_runtime, window, RUN_TIMEOUT_MS));

  gtk_window_destroy (GTK_WINDOW (window));
  e2e_remove_tree (root);
}

typedef struct
{
  GenkitTraceStore *store;
  const char       *runtime_id;
  const char       *trace_id;    /* the runner's */
} Traced;

/* The store has the app's early trace and the runner's, and every trace names the runtime. */
static gboolean
traces_name_runtime (gpointer user_data)
{
  Traced *traced = user_data;
  GListModel *model = G_LIST_MODEL (traced->store);
  guint n = g_list_model_get_n_items (model);
  gboolean has_run = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitTraceSummary) summary = g_list_model_get_item (model, i);

      if (g_strcmp0 (genkit_trace_summary_get_runtime_id (summary), traced->runtime_id) != 0)
        return FALSE;
      has_run |= g_strcmp0 (genkit_trace_summary_get_trace_id (summary), traced->trace_id) == 0;
    }
  return n >= 2 && has_run;
}

/* Starts the sample app with @command_line from Run a Command, where it runs greet at once,
 * then runs greet from the studio: both traces must name the app's runtime. */
static void
check_traces_name_runtime (const char *command_line,
                           const char *screenshot)
{
  g_autofree char *node_modules = NULL;
  g_autofree char *root = NULL;
  g_autofree char *early = NULL;
  g_autofree char *db = NULL;
  g_autofree char *db_dir = NULL;
  g_autofree char *url = NULL;
  g_autofree char *node = NULL;
  g_autofree char *output = NULL;
  g_autofree char *runtime_id = NULL;
  g_autofree char *runtime_name = NULL;
  g_autoptr(GenkitRuntime) builtin = studio_test_builtin_runtime ();
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GenkitTelemetryServer) server = NULL;
  g_autoptr(GError) error = NULL;
  StudioWindow *window;
  StudioRunner *runner;
  AdwViewStack *stack;
  GtkWidget *column_view;
  Traced traced;

  if ((node = g_find_program_in_path ("node")) == NULL)
    {
      g_test_skip ("node is not installed (Debian package nodejs)");
      return;
    }
  node_modules = e2e_ensure_node_modules ();
  root = e2e_make_project (node_modules);
  /* The app runs its greet flow as soon as it is loaded, before its reflection server is up. */
  early = g_build_filename (root, "early.mjs", NULL);
  g_assert_true (g_file_set_contents (early,
                                      "import { greet } from './app.mjs';\n"
                                      "console.log('early:', await greet({ name: 'Early' }));\n",
                                      -1, NULL));

  db_dir = g_dir_make_tmp ("studio-e2e-traces-XXXXXX", NULL);
  db = g_build_filename (db_dir, "traces.db", NULL);
  store = genkit_trace_store_new (db, &error);
  g_assert_no_error (error);
  server = genkit_telemetry_server_new (store);
  g_assert_true (genkit_telemetry_server_listen (server, 0, &error));
  g_assert_no_error (error);
  url = genkit_telemetry_server_get_url (server);

  window = studio_window_new (NULL, builtin, NULL);
  studio_window_set_telemetry_server_url (window, url);
  studio_window_set_trace_store (window, store);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (studio_window_open_project (window, root, &error));
  g_assert_no_error (error);

  studio_command_panel_set_command_line (studio_window_get_command_panel (window), command_line);
  g_action_group_activate_action (G_ACTION_GROUP (window), "start-command", NULL);
  if (!studio_test_wait (has_two_runtimes, window, START_TIMEOUT_MS))
    {
      output = command_output (window);
      g_error ("The sample app's runtime did not join the switcher. Its output:\n%s", output);
    }
  runtime_id = genkit_runtime_dup_id (studio_window_get_runtime (window));
  runtime_name = genkit_runtime_dup_name (studio_window_get_runtime (window));
  g_test_message ("runtime %s (%s), provisional id %s", runtime_id, runtime_name,
                  studio_command_get_provisional_runtime_id (
                    studio_command_panel_get_command (studio_window_get_command_panel (window))));

  {
    Wanted wanted = { window, "/flow/greet" };

    g_assert_true (studio_test_wait (action_listed, &wanted, START_TIMEOUT_MS));
  }
  runner = run_flow (window, "/flow/greet", "{\"name\": \"Ada\"}");
  traced = (Traced) { store, runtime_id, studio_runner_get_trace_id (runner) };
  if (!studio_test_wait (traces_name_runtime, &traced, RUN_TIMEOUT_MS))
    {
      output = command_output (window);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
        {
          g_autoptr(GenkitTraceSummary) summary = g_list_model_get_item (G_LIST_MODEL (store), i);

          g_test_message ("trace %s %s: runtime %s", genkit_trace_summary_get_trace_id (summary),
                          genkit_trace_summary_get_name (summary),
                          genkit_trace_summary_get_runtime_id (summary));
        }
      g_error ("The app's traces do not all name its runtime %s. Its output:\n%s", runtime_id, output);
    }

  stack = ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (window), "pane_stack"));
  adw_view_stack_set_visible_child_name (stack, "traces");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  column_view = studio_test_find (GTK_WIDGET (studio_window_get_traces_pane (window)), "column_view");
  g_assert_true (studio_test_shows_label (column_view, runtime_name));
  g_assert_false (studio_test_shows_label (column_view, "—"));
  studio_test_save_png (GTK_WIDGET (window), screenshot);

  g_action_group_activate_action (G_ACTION_GROUP (window), "stop-command", NULL);
  g_assert_true (studio_test_wait (command_exited, window, RUN_TIMEOUT_MS));

  gtk_window_destroy (GTK_WINDOW (window));
  e2e_remove_tree (root);
  g_clear_object (&server);
  g_clear_object (&store);
  e2e_remove_tree (db_dir);
}

static void
test_js_app_traces_name_runtime (void)
{
  g_test_summary ("The JavaScript sample app started from Run a Command exports its traces to the "
                  "studio's telemetry server: one it makes at once, before its runtime is known, "
                  "and one of a flow run from the studio both end up with the app's runtime id, "
                  "shown by name in the Traces pane's Runtime column");

  check_traces_name_runtime ("exec node early.mjs", "e2e-js-traces-runtime.png");
}

static void
test_genkit_start_traces_name_runtime (void)
{
  g_test_summary ("The same app started from Run a Command through `genkit start` (genkit-cli from "
                  "npm): the CLI passes the studio's telemetry URL on instead of starting its own "
                  "telemetry server, and the app's traces name its runtime as well");

  check_traces_name_runtime ("exec node_modules/.bin/genkit start --noui --non-interactive -- node early.mjs",
                             "e2e-js-genkit-start-traces-runtime.png");
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);
  if (!e2e_init ())
    return 1;

  g_test_add_func ("/app/e2e/js-app-from-run-a-command", test_js_app_from_run_a_command);
  g_test_add_func ("/app/e2e/js-app-traces-name-runtime", test_js_app_traces_name_runtime);
  g_test_add_func ("/app/e2e/genkit-start-traces-name-runtime", test_genkit_start_traces_name_runtime);

  return g_test_run ();
}
