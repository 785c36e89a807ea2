/* test-e2e-js-runtime.c — the real JavaScript Genkit runtime from npm, found and driven by us
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The sample app of ../shared/fixtures/genkit-js/app runs with GENKIT_ENV=dev in a temporary
 * project directory; GenkitRuntimeMonitor finds it through its discovery file, and
 * GenkitRemoteRuntime lists its actions, runs flows plain and streaming, and cancels one.
 * Then the app is killed and the monitor drops it.
 *
 * In reflection API v2 the app, started with GENKIT_REFLECTION_V2_SERVER naming our
 * GenkitReflectionV2Server, connects to us instead: it registers, its actions are listed, flows
 * run plain and streaming and one is cancelled over JSON-RPC, and it leaves the server's
 * runtimes when killed.
 *
 * `npm ci` installs the app's exact dependency tree (package-lock.json) once into a cache
 * ($GENKIT_E2E_CACHE_DIR, else $XDG_CACHE_HOME/genkit-studio/e2e), keyed by the lock file's
 * checksum, so later runs need no network. If npm or the registry cannot be reached the test
 * fails and says so.
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <genkit.h>

#include "e2e-util.h"

#define APP_START_TIMEOUT_S 90


/* Helpers --------------------------------------------------------------------------------- */

/* Starts the app; with @v2_url it serves over reflection API v2 at that WebSocket. */
static GSubprocess *
start_app (const char *root,
           const char *v2_url)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autofree char *log = g_build_filename (root, "app.log", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autoptr(GError) error = NULL;
  GSubprocess *app;

  if (node == NULL)
    g_error ("node is not installed: this end-to-end test needs Node.js");

  g_subprocess_launcher_set_cwd (launcher, root);
  g_subprocess_launcher_setenv (launcher, "GENKIT_ENV", "dev", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_TELEMETRY_SERVER");
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_RUNTIME_ID");
  if (v2_url != NULL)
    g_subprocess_launcher_setenv (launcher, "GENKIT_REFLECTION_V2_SERVER", v2_url, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "GENKIT_REFLECTION_V2_SERVER");
  g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, e2e_die_with_parent, NULL, NULL);
  app = g_subprocess_launcher_spawn (launcher, &error, "node", "app.mjs", NULL);
  g_assert_no_error (error);
  return app;
}

static char *
app_log (const char *root)
{
  g_autofree char *path = g_build_filename (root, "app.log", NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("(no output)");
  return text;
}

typedef struct
{
  GPtrArray    *chunks;
  char         *trace_id;
  GCancellable *cancel_on_start;
  gboolean      v2;      /* reflection v2 carries no span id */
} RunData;

static void
chunk_cb (JsonNode *chunk,
          gpointer  user_data)
{
  RunData *data = user_data;

  g_ptr_array_add (data->chunks, json_node_copy (chunk));
}

static void
started_cb (const char *trace_id,
            const char *span_id,
            gpointer    user_data)
{
  RunData *data = user_data;

  g_assert_cmpuint (strlen (trace_id), ==, 32);
  g_assert_cmpuint (strlen (span_id), ==, data->v2 ? 0 : 16);
  data->trace_id = g_strdup (trace_id);
  if (data->cancel_on_start != NULL)
    g_cancellable_cancel (data->cancel_on_start);
}

static GenkitActionResult *
run (GenkitRuntime  *runtime,
     const char     *key,
     const char     *input_json,
     gboolean        stream,
     RunData        *data,
     GError        **error)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) input = json_from_string (input_json, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  data->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (stream)
    genkit_run_options_set_stream_func (options, chunk_cb, data, NULL);
  genkit_run_options_set_started_func (options, started_cb, data, NULL);
  genkit_runtime_run_action_async (runtime, key, input, options, data->cancel_on_start,
                                   e2e_result_cb, &result);
  return genkit_runtime_run_action_finish (runtime, e2e_wait_result (&result, 60), error);
}

static void
run_data_clear (RunData *data)
{
  g_clear_pointer (&data->chunks, g_ptr_array_unref);
  g_clear_pointer (&data->trace_id, g_free);
  g_clear_object (&data->cancel_on_start);
}

static void
assert_json (JsonNode   *node,
             const char *want)
{
  g_autofree char *got = node ? json_to_string (node, FALSE) : g_strdup ("(none)");

  g_assert_cmpstr (got, ==, want);
}

/* Waits for the first runtime of @runtimes (a monitor, or a v2 server); gives a reference. */
static GenkitRuntime *
wait_for_runtime (GListModel *runtimes,
                  const char *root)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (APP_START_TIMEOUT_S, e2e_flag_timeout_cb, &timed_out);

  while (g_list_model_get_n_items (runtimes) == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_autofree char *log = app_log (root);

      g_error ("The JavaScript runtime did not appear within %d s. Its output:\n%s",
               APP_START_TIMEOUT_S, log);
    }
  g_source_remove (source);
  return g_list_model_get_item (runtimes, 0);
}

/* Waits until @runtimes (a monitor, or a v2 server) has dropped the killed app. */
static void
wait_for_no_runtime (GListModel *runtimes)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (30, e2e_flag_timeout_cb, &timed_out);

  while (g_list_model_get_n_items (runtimes) > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (source);
}

/* What both reflection API versions must do with the sample app: list its actions, run flows
 * plain and streaming, keep an error's status, cancel a run through its GCancellable once the
 * trace id is known (and the runtime ends it well before the flow's 20 s), and find nothing
 * to cancel afterwards. */
static void
exercise_runtime (GenkitRuntime *runtime,
                  gboolean       v2)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(GenkitActionResult) greet = NULL;
  g_autoptr(GenkitActionResult) countdown = NULL;
  g_autoptr(GenkitActionResult) failed = NULL;
  g_autoptr(GenkitActionResult) sleep_result = NULL;
  RunData greet_data = { .v2 = v2 };
  RunData countdown_data = { .v2 = v2 };
  RunData fail_data = { .v2 = v2 };
  RunData sleep_data = { .v2 = v2 };
  gint64 start;

  genkit_runtime_list_actions_async (runtime, NULL, e2e_result_cb, &result);
  actions = genkit_runtime_list_actions_finish (runtime, e2e_wait_result (&result, 60), &error);
  g_assert_no_error (error);
  for (const char *const *key = (const char *const[]) { "/flow/greet", "/flow/countdown",
                                                         "/flow/sleep", "/model/echo",
                                                         "/tool/add", "/prompt/hello", NULL };
       *key != NULL; key++)
    if (!json_object_has_member (json_node_get_object (actions), *key))
      g_error ("The JavaScript runtime lists no %s", *key);
  g_clear_object (&result);

  greet = run (runtime, "/flow/greet", "{\"name\":\"Ada\"}", FALSE, &greet_data, &error);
  g_assert_no_error (error);
  assert_json (genkit_action_result_get_result (greet), "\"Hello, Ada!\"");
  g_assert_cmpstr (genkit_action_result_get_trace_id (greet), ==, greet_data.trace_id);

  countdown = run (runtime, "/flow/countdown", "{\"count\":3}", TRUE, &countdown_data, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (countdown_data.chunks->len, ==, 3);
  assert_json (g_ptr_array_index (countdown_data.chunks, 0), "{\"n\":3}");
  assert_json (g_ptr_array_index (countdown_data.chunks, 2), "{\"n\":1}");
  assert_json (genkit_action_result_get_result (countdown), "{\"done\":true,\"total\":3}");

  failed = run (runtime, "/flow/fail", "\"please\"", FALSE, &fail_data, &error);
  g_assert_null (failed);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (fail_data.trace_id);
  g_clear_error (&error);

  sleep_data.cancel_on_start = g_cancellable_new ();
  start = g_get_monotonic_time ();
  sleep_result = run (runtime, "/flow/sleep", "{\"ms\":20000}", FALSE, &sleep_data, &error);
  g_assert_null (sleep_result);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_clear_error (&error);

  genkit_runtime_cancel_action_async (runtime, sleep_data.trace_id, NULL, e2e_result_cb, &result);
  g_assert_false (genkit_runtime_cancel_action_finish (runtime, e2e_wait_result (&result, 60), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);

  run_data_clear (&greet_data);
  run_data_clear (&countdown_data);
  run_data_clear (&fail_data);
  run_data_clear (&sleep_data);
}

/* The test ------------------------------------------------------------------------------- */

static void
test_js_runtime (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = e2e_make_project (node_modules);
  g_autofree char *found_root = genkit_find_project_root (root);
  g_autoptr(GenkitRuntimeMonitor) monitor = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) values = NULL;
  g_autofree char *runtime_file = NULL;
  GenkitRuntime *runtime;

  g_test_summary ("The JavaScript Genkit sample app is found, listed, run plain and streaming, "
                  "cancelled, and dropped when killed");

  /* The app's package.json makes the copy its own project root, for it and for us. */
  g_assert_cmpstr (found_root, ==, root);

  monitor = genkit_runtime_monitor_new (found_root);
  genkit_runtime_monitor_set_health_check_interval (monitor, 500);
  g_assert_true (genkit_runtime_monitor_start (monitor, &error));
  g_assert_no_error (error);

  app = start_app (root, NULL);
  runtime = wait_for_runtime (G_LIST_MODEL (monitor), root);
  g_assert_true (runtime == genkit_runtime_monitor_get_current_runtime (monitor));
  g_assert_cmpstr (genkit_remote_runtime_get_name (GENKIT_REMOTE_RUNTIME (runtime)), ==,
                   "peer-sample");
  g_assert_true (g_str_has_prefix (genkit_remote_runtime_get_genkit_version (GENKIT_REMOTE_RUNTIME (runtime)),
                                   "nodejs/"));
  g_assert_cmpint (genkit_remote_runtime_get_pid (GENKIT_REMOTE_RUNTIME (runtime)), ==,
                   atoi (g_subprocess_get_identifier (app)));
  g_assert_cmpint (genkit_remote_runtime_get_reflection_api_spec_version (GENKIT_REMOTE_RUNTIME (runtime)),
                   ==, 1);

  /* GET /api/values */
  genkit_runtime_list_values_async (runtime, "defaultModel", NULL, e2e_result_cb, &result);
  values = genkit_runtime_list_values_finish (runtime, e2e_wait_result (&result, 60), &error);
  g_assert_no_error (error);
  assert_json (values, "{}");
  g_clear_object (&result);

  /* GET /api/actions, POST /api/runAction (plain and ?stream=true), POST /api/cancelAction */
  exercise_runtime (runtime, FALSE);

  /* Killed without a chance to clean up: the health check finds it gone, the monitor drops
   * it and deletes its discovery file, as the Genkit CLI does. */
  {
    g_autoptr(GDir) dir = NULL;
    g_autofree char *runtimes_dir = genkit_project_get_runtimes_dir (root);
    const char *name;

    dir = g_dir_open (runtimes_dir, 0, &error);
    g_assert_no_error (error);
    while ((name = g_dir_read_name (dir)) != NULL)
      if (g_str_has_suffix (name, ".json"))
        runtime_file = g_build_filename (runtimes_dir, name, NULL);
    g_assert_nonnull (runtime_file);
  }

  g_subprocess_send_signal (app, SIGKILL);
  g_subprocess_wait (app, NULL, NULL);
  wait_for_no_runtime (G_LIST_MODEL (monitor));
  g_assert_null (genkit_runtime_monitor_get_current_runtime (monitor));
  g_assert_false (g_file_test (runtime_file, G_FILE_TEST_EXISTS));

  g_clear_object (&runtime);
  g_clear_object (&monitor);
  e2e_remove_tree (root);
}

static void
test_js_runtime_v2 (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = e2e_make_project (node_modules);
  g_autoptr(GenkitReflectionV2Server) server = genkit_reflection_v2_server_new ();
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitRuntime) runtime = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  g_autofree char *runtimes_dir = genkit_project_get_runtimes_dir (root);

  g_test_summary ("The JavaScript Genkit sample app, given GENKIT_REFLECTION_V2_SERVER, connects "
                  "to our v2 server: registered, listed, run plain and streaming, cancelled, "
                  "and dropped when killed");

  /* Genkit's port range, as `genkit start --experimental-reflection-v2` picks it. */
  g_assert_true (genkit_reflection_v2_server_listen (server, 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (genkit_reflection_v2_server_get_port (server), >=, 3200);
  g_assert_cmpuint (genkit_reflection_v2_server_get_port (server), <=, 3400);

  app = start_app (root, genkit_reflection_v2_server_get_url (server));
  runtime = wait_for_runtime (G_LIST_MODEL (server), root);
  name = genkit_runtime_dup_name (runtime);
  version = genkit_runtime_dup_genkit_version (runtime);
  g_assert_cmpstr (name, ==, "peer-sample");
  g_assert_true (g_str_has_prefix (version, "nodejs/"));
  g_assert_cmpint (genkit_reflection_v2_runtime_get_pid (GENKIT_REFLECTION_V2_RUNTIME (runtime)), ==,
                   atoi (g_subprocess_get_identifier (app)));
  /* v2 has no discovery file. */
  g_assert_false (g_file_test (runtimes_dir, G_FILE_TEST_IS_DIR));

  /* listActions, runAction (plain, stream), cancelAction over JSON-RPC. */
  exercise_runtime (runtime, TRUE);

  g_subprocess_send_signal (app, SIGKILL);
  g_subprocess_wait (app, NULL, NULL);
  wait_for_no_runtime (G_LIST_MODEL (server));
  g_assert_false (genkit_reflection_v2_runtime_get_connected (GENKIT_REFLECTION_V2_RUNTIME (runtime)));

  genkit_reflection_v2_server_stop (server);
  e2e_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!e2e_init ())
    return 1;

  g_test_add_func ("/e2e/js-runtime", test_js_runtime);
  g_test_add_func ("/e2e/js-runtime-v2", test_js_runtime_v2);

  return g_test_run ();
}
