/* test-app-project.c — a project's runtimes come and go; Run a Command starts one; presets
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <adwaita.h>

#include "studio-json-editor.h"
#include "studio-presets.h"
#include "studio-test-util.h"
#include "studio-window.h"

typedef struct
{
  GenkitRuntime *builtin;
  StudioWindow  *window;
  char          *project;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *marker = NULL;

  fixture->builtin = studio_test_builtin_runtime ();
  fixture->project = g_dir_make_tmp ("studio-project-XXXXXX", NULL);
  /* The marker the Genkit CLI looks for, so the directory is its own project root. */
  marker = g_build_filename (fixture->project, "package.json", NULL);
  g_assert_true (g_file_set_contents (marker, "{\"name\": \"shouty\"}\n", -1, NULL));

  fixture->window = studio_window_new (NULL, fixture->builtin, NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->builtin);
  g_free (fixture->project);
}

static void
shout_flow (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  g_autofree char *upper = g_utf8_strup (json_object_get_string_member (json_node_get_object (input), "text"), -1);

  genkit_action_run_return_value (run, json_node_init_string (json_node_alloc (), upper));
}

/* Another Genkit app of the project: a runtime with its own reflection server and
 * discovery file, as a JavaScript app started with GENKIT_ENV=dev would have. */
static GenkitReflectionServer *
start_project_runtime (Fixture *fixture)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitFlow) flow = genkit_flow_new ("shout", shout_flow, NULL, NULL);
  g_autoptr(JsonNode) schema = json_from_string ("{\"type\": \"object\", \"properties\": {\"text\": {\"type\": \"string\"}},"
                                                 " \"required\": [\"text\"]}", NULL);
  g_autoptr(GenkitLocalRuntime) runtime = NULL;
  g_autoptr(GError) error = NULL;
  GenkitReflectionServer *server;

  g_assert_true (genkit_action_set_input_schema (GENKIT_ACTION (flow), schema, &error));
  g_assert_true (genkit_registry_register_action (registry, GENKIT_ACTION (flow), &error));
  runtime = genkit_local_runtime_new (registry);
  genkit_local_runtime_set_name (runtime, "shouty-app");
  server = genkit_reflection_server_new (GENKIT_RUNTIME (runtime));
  g_assert_true (genkit_reflection_server_listen_any (server, &error));
  g_assert_no_error (error);
  g_assert_true (genkit_reflection_server_write_runtime_file (server, fixture->project, &error));
  g_assert_no_error (error);
  return server;
}

static gboolean
has_two_runtimes (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_list_model_get_n_items (studio_window_get_runtimes (fixture->window)) == 2;
}

static gboolean
has_one_runtime (gpointer user_data)
{
  Fixture *fixture = user_data;

  return g_list_model_get_n_items (studio_window_get_runtimes (fixture->window)) == 1;
}

static gboolean
builtin_selected (gpointer user_data)
{
  Fixture *fixture = user_data;

  return studio_window_get_runtime (fixture->window) == fixture->builtin;
}

static gboolean
action_listed (gpointer user_data)
{
  Fixture *fixture = ((gpointer *) user_data)[0];
  const char *key = ((gpointer *) user_data)[1];
  StudioActionSidebar *sidebar = studio_actions_pane_get_sidebar (studio_window_get_actions_pane (fixture->window));

  return !studio_action_sidebar_get_loading (sidebar) &&
         studio_action_list_lookup (studio_action_sidebar_get_list (sidebar), key) != NULL;
}

static void
wait_for_action (Fixture    *fixture,
                 const char *key)
{
  gpointer data[2] = { fixture, (gpointer) key };

  g_assert_true (studio_test_wait (action_listed, data, 20000));
}

static gboolean
run_finished (gpointer user_data)
{
  StudioRunnerState state = studio_runner_get_state (user_data);

  return state != STUDIO_RUNNER_STATE_RUNNING && state != STUDIO_RUNNER_STATE_IDLE;
}

static StudioRunner *
run_action (Fixture    *fixture,
            const char *key,
            const char *input)
{
  StudioRunner *runner;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-action", g_variant_new_string (key));
  runner = studio_actions_pane_get_visible_runner (studio_window_get_actions_pane (fixture->window));
  g_assert_nonnull (runner);
  studio_runner_set_input_text (runner, input);
  g_assert_true (studio_runner_run (runner));
  g_assert_true (studio_test_wait (run_finished, runner, 20000));
  return runner;
}

static void
test_runtime_comes_and_goes (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitReflectionServer) server = NULL;
  g_autoptr(GenkitRuntime) found = NULL;
  g_autofree char *name = NULL;
  StudioRunner *runner;

  g_test_summary ("A runtime of the open project joins the switcher when it starts, runs its actions "
                  "over the reflection API, and leaves when it stops; the built-in one stays");

  g_assert_true (studio_window_open_project (fixture->window, fixture->project, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (studio_project_get_root (studio_window_get_project (fixture->window)), ==, fixture->project);

  server = start_project_runtime (fixture);
  g_assert_true (studio_test_wait (has_two_runtimes, fixture, 20000));
  found = g_list_model_get_item (studio_window_get_runtimes (fixture->window), 1);
  name = genkit_runtime_dup_name (found);
  g_assert_cmpstr (name, ==, "shouty-app");
  /* Nobody asked for it: it is announced, not switched to. */
  g_assert_true (studio_window_get_runtime (fixture->window) == fixture->builtin);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "select-runtime",
                                  g_variant_new_string (genkit_reflection_server_get_runtime_id (server)));
  g_assert_true (studio_window_get_runtime (fixture->window) == found);
  wait_for_action (fixture, "/flow/shout");

  runner = run_action (fixture, "/flow/shout", "{\"text\": \"hello\"}");
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  g_assert_cmpstr (json_node_get_string (studio_runner_get_result (runner)), ==, "HELLO");
  g_assert_cmpuint (strlen (studio_runner_get_trace_id (runner)), ==, 32);
  studio_test_save_png (GTK_WIDGET (fixture->window), "project-runtime.png");

  genkit_reflection_server_stop (server);
  g_assert_true (studio_test_wait (has_one_runtime, fixture, 20000));
  g_assert_true (studio_test_wait (builtin_selected, fixture, 5000));

  studio_window_close_project (fixture->window);
  g_assert_null (studio_window_get_project (fixture->window));
}

static gboolean
command_output_has (gpointer user_data)
{
  Fixture *fixture = ((gpointer *) user_data)[0];
  const char *needle = ((gpointer *) user_data)[1];
  GtkTextBuffer *buffer = studio_command_panel_get_output (studio_window_get_command_panel (fixture->window));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return strstr (text, needle) != NULL;
}

static gboolean
command_exited (gpointer user_data)
{
  Fixture *fixture = user_data;
  StudioCommand *command = studio_command_panel_get_command (studio_window_get_command_panel (fixture->window));

  return studio_command_get_state (command) == STUDIO_COMMAND_STATE_EXITED;
}

static void
test_run_command (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *cli = g_getenv ("GENKIT_STUDIO_CLI");
  g_autofree char *command_line = NULL;
  g_autoptr(GError) error = NULL;
  gpointer started[2] = { fixture, (gpointer) "reflection: http://127.0.0.1:" };
  StudioRunner *runner;

  g_test_summary ("Run a Command starts the project's app (here genkit-studio-cli serve) with the "
                  "dev environment; its runtime is switched to, runs, and goes when the app is stopped");

  if (cli == NULL || !g_file_test (cli, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("GENKIT_STUDIO_CLI does not name the genkit-studio-cli binary");
      return;
    }

  g_assert_true (studio_window_open_project (fixture->window, fixture->project, &error));
  command_line = g_strdup_printf ("exec '%s' serve --project . --store \"$PWD/traces.db\"", cli);
  studio_command_panel_set_command_line (studio_window_get_command_panel (fixture->window), command_line);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "start-command", NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (studio_window_get_command_panel (fixture->window))));

  g_assert_true (studio_test_wait (command_output_has, started, 20000));
  g_assert_true (studio_test_wait (has_two_runtimes, fixture, 20000));
  /* Started from the studio: switched to at once. */
  g_assert_false (studio_window_get_runtime (fixture->window) == fixture->builtin);
  wait_for_action (fixture, "/flow/greet");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  studio_test_save_png (GTK_WIDGET (fixture->window), "project-command.png");

  runner = run_action (fixture, "/flow/countdown", "{\"count\": 3}");
  g_assert_cmpint (studio_runner_get_state (runner), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  g_assert_cmpuint (studio_runner_get_n_chunks (runner), ==, 3);

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "stop-command", NULL);
  g_assert_true (studio_test_wait (command_exited, fixture, 20000));
  g_assert_true (studio_test_wait (has_one_runtime, fixture, 20000));
  g_assert_true (studio_test_wait (builtin_selected, fixture, 5000));

  /* The command is kept for the project. */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.genkitstudio.Studio");
    g_autoptr(GVariant) commands = g_settings_get_value (settings, "run-commands");
    g_autofree char *kept = NULL;

    g_assert_true (g_variant_lookup (commands, fixture->project, "s", &kept));
    g_assert_cmpstr (kept, ==, command_line);
  }
}

static void
test_recent_projects (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.genkitstudio.Studio");
  g_auto(GStrv) recent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sub = g_build_filename (fixture->project, "src", "flows", NULL);

  g_test_summary ("Opening a directory inside a project opens the project root, as the Genkit CLI "
                  "finds it, and remembers it among the recent projects");

  g_assert_cmpint (g_mkdir_with_parents (sub, 0755), ==, 0);
  g_assert_true (studio_window_open_project (fixture->window, sub, &error));
  g_assert_cmpstr (studio_project_get_root (studio_window_get_project (fixture->window)), ==, fixture->project);
  recent = g_settings_get_strv (settings, "recent-projects");
  g_assert_cmpstr (recent[0], ==, fixture->project);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (fixture->window)), ==, studio_project_get_name (studio_window_get_project (fixture->window)));

  g_assert_false (studio_window_open_project (fixture->window, "/nonexistent/dir", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_DIRECTORY);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
file_exists (gpointer user_data)
{
  return g_file_test (user_data, G_FILE_TEST_EXISTS);
}

static void
test_presets (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (fixture->project, ".genkit", "studio", "inputs", "flow", "greet",
                                            "ada.json", NULL);
  g_autofree char *after = NULL;
  AdwMessageDialog *dialog;
  StudioRunner *runner;

  g_test_summary ("Save Input as Preset writes the input into the project; loading it puts it back");

  g_assert_true (studio_window_open_project (fixture->window, fixture->project, &error));
  wait_for_action (fixture, "/flow/greet");
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-action", g_variant_new_string ("/flow/greet"));
  runner = studio_actions_pane_get_visible_runner (studio_window_get_actions_pane (fixture->window));
  studio_runner_set_input_text (runner, "{\"name\": \"Ada\"}");

  gtk_widget_activate_action (GTK_WIDGET (runner), "runner.save-preset", NULL);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "entry")), "Ada");
  adw_message_dialog_response (dialog, "save");
  g_assert_true (studio_test_wait (file_exists, file, 5000));

  studio_runner_set_input_text (runner, "{\"name\": \"someone else\"}");
  studio_test_wait_ms (300);    /* the menu is listed again after the save */
  gtk_widget_activate_action (GTK_WIDGET (runner), "runner.load-preset", "s", file);
  after = studio_runner_dup_input_text (runner);
  g_assert_cmpstr (after, ==, "{\n  \"name\": \"Ada\"\n}");
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/project/runtime-comes-and-goes", test_runtime_comes_and_goes);
  ADD ("/app/project/run-command", test_run_command);
  ADD ("/app/project/recent-projects", test_recent_projects);
  ADD ("/app/project/presets", test_presets);
#undef ADD

  return g_test_run ();
}
