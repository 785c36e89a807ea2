/* test-e2e-eval.c — eval runs across the two toolchains, with real peers from npm
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * 1. The JavaScript sample app (the real runtime, `node app.mjs`, GENKIT_ENV=dev) is evaluated
 *    by `genkit-studio-cli eval run --project`: its greet flow on the sample app's
 *    eval-input.json, scored by our built-in evaluators (--builtin-evaluators: exactMatch,
 *    genkitEval/regex, genkitEval/deep_equal), the outputs read from the traces the JS
 *    runtime sends to the telemetry server the CLI starts and announces with /api/notify; and
 *    again with the JS app's own exactMatch evaluator.
 * 2. The Genkit CLI from npm runs `genkit eval:flow greet` on the same dataset against our
 *    runtime (`genkit-studio-cli serve`) — the dataset as our CLI exported it into the Genkit
 *    CLI's .genkit/datasets, so `--input <datasetId>` reads our file.
 * 3. Per test case, the inputs, outputs and exactMatch verdicts of all runs are the same; the
 *    Genkit CLI's run imports into our store and compares with ours without a regression.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include <genkit.h>

#include "e2e-util.h"

#define CLI_TIMEOUT_S 180
#define START_TIMEOUT_S 90

static char *data_home;

/* Runs genkit-studio-cli; stdout and stderr together in @output. */
static int
studio (const char         *cwd,
        const char * const *args,
        char              **output)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_strv_builder_add (builder, g_getenv ("GENKIT_STUDIO_CLI"));
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_TELEMETRY_SERVER");
  g_subprocess_launcher_set_child_setup (launcher, e2e_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, output, &err, &error);
  g_assert_no_error (error);
  g_test_message ("genkit-studio-cli %s %s → %d\n%s", args[0], args[1], g_subprocess_get_exit_status (process), err);
  return g_subprocess_get_exit_status (process);
}

/* A project with the sample app, its node_modules linked from the install cache. */
static char *
make_project (const char *node_modules,
              const char *name)
{
  g_autofree char *template = g_strdup_printf ("genkit-e2e-eval-%s-XXXXXX", name);
  g_autofree char *root = g_dir_make_tmp (template, NULL);
  g_autofree char *prompts = NULL;
  g_autofree char *from_prompts = NULL;
  g_autofree char *link = NULL;

  g_assert_nonnull (root);
  e2e_copy_file (e2e_app_dir (), root, "app.mjs");
  e2e_copy_file (e2e_app_dir (), root, "package.json");
  e2e_copy_file (e2e_app_dir (), root, "eval-input.json");
  prompts = g_build_filename (root, "prompts", NULL);
  from_prompts = g_build_filename (e2e_app_dir (), "prompts", NULL);
  g_assert_cmpint (g_mkdir (prompts, 0755), ==, 0);
  e2e_copy_file (from_prompts, prompts, "hello.prompt");
  link = g_build_filename (root, "node_modules", NULL);
  g_assert_cmpint (symlink (node_modules, link), ==, 0);
  return g_steal_pointer (&root);
}

/* `node app.mjs` in dev mode, which writes its discovery file under .genkit/runtimes. */
static GSubprocess *
start_js_app (const char *root)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autofree char *log = g_build_filename (root, "app.log", NULL);
  g_autofree char *runtimes = g_build_filename (root, ".genkit", "runtimes", NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autoptr(GError) error = NULL;
  GSubprocess *process;
  gboolean timed_out = FALSE;
  guint source;

  if (node == NULL)
    g_error ("node is not installed: this end-to-end test needs Node.js");
  g_subprocess_launcher_set_cwd (launcher, root);
  g_subprocess_launcher_setenv (launcher, "GENKIT_ENV", "dev", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_TELEMETRY_SERVER");
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_ENABLE_REALTIME_TELEMETRY");
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_RUNTIME_ID");
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, e2e_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const[]) { "node", "app.mjs", NULL }, &error);
  g_assert_no_error (error);

  source = g_timeout_add_seconds (START_TIMEOUT_S, e2e_flag_timeout_cb, &timed_out);
  for (;;)
    {
      g_autoptr(GDir) dir = g_dir_open (runtimes, 0, NULL);

      if (dir != NULL && g_dir_read_name (dir) != NULL)
        break;
      if (timed_out)
        g_error ("the JavaScript app wrote no runtime file within %d s", START_TIMEOUT_S);
      g_usleep (100 * 1000);
      g_main_context_iteration (NULL, FALSE);
    }
  g_source_remove (source);
  return process;
}

static void
stop_process (GSubprocess *process,
              int          signal_number)
{
  g_subprocess_send_signal (process, signal_number);
  g_subprocess_wait (process, NULL, NULL);
}

/* `genkit-studio-cli serve` in @root, until its "reflection: URL" line. */
static GSubprocess *
start_serve (const char *root)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_cwd (launcher, root);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_TELEMETRY_SERVER");
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_RUNTIME_ID");
  g_subprocess_launcher_set_child_setup (launcher, e2e_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("GENKIT_STUDIO_CLI"), "serve", "--project",
                                         root, NULL);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("genkit-studio-cli serve exited before it listened");
      if (g_str_has_prefix (line, "reflection: "))
        break;
    }
  return process;
}

static char *
genkit (const char         *root,
        const char         *node_modules,
        const char * const *args)
{
  g_autofree char *genkit_bin = g_build_filename (node_modules, ".bin", "genkit", NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  char *output = NULL;

  g_strv_builder_add (builder, genkit_bin);
  g_strv_builder_addv (builder, (const char **) args);
  g_strv_builder_add (builder, "--non-interactive");
  argv = g_strv_builder_end (builder);
  if (!e2e_run_command ((const char * const *) argv, root, CLI_TIMEOUT_S, &output, &error))
    g_error ("genkit %s failed: %s\n%s", args[0], error->message, output ? output : "");
  return output;
}

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = genkit_json_parse (text, -1, &error);

  if (node == NULL)
    g_error ("not JSON (%s):\n%s", error->message, text);
  return node;
}

/* An eval run of our store, in Genkit's EvalRun shape. */
static JsonNode *
show_run (const char *root,
          const char *id)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (studio (root, (const char * const[]) { "eval", "show", id, NULL }, &out), ==, 0);
  return parse (out);
}

static JsonObject *
find_result (JsonNode   *run,
             const char *test_case_id)
{
  JsonArray *results = json_object_get_array_member (json_node_get_object (run), "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_strcmp0 (json_object_get_string_member (result, "testCaseId"), test_case_id) == 0)
        return result;
    }
  g_error ("no result for test case %s", test_case_id);
  return NULL;
}

static const char *
metric_status (JsonObject *result,
               const char *evaluator)
{
  JsonArray *metrics = json_object_get_array_member (result, "metrics");

  for (guint i = 0; i < json_array_get_length (metrics); i++)
    {
      JsonObject *metric = json_array_get_object_element (metrics, i);

      if (g_str_equal (json_object_get_string_member (metric, "evaluator"), evaluator))
        return json_object_get_string_member_with_default (metric, "status", NULL);
    }
  g_error ("no %s metric for %s", evaluator, json_object_get_string_member (result, "testCaseId"));
  return NULL;
}

/* The same input and output, and the same exactMatch verdict, test case by test case. */
static void
assert_same_rows (JsonNode   *a,
                  const char *a_name,
                  JsonNode   *b,
                  const char *b_name)
{
  const char *ids[] = { "tc-ada", "tc-bob" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonObject *x = find_result (a, ids[i]);
      JsonObject *y = find_result (b, ids[i]);

      g_test_message ("%s: %s gave %s, %s gave %s", ids[i], a_name, json_object_get_string_member (x, "output"),
                      b_name, json_object_get_string_member (y, "output"));
      g_assert_true (json_node_equal (json_object_get_member (x, "input"), json_object_get_member (y, "input")));
      g_assert_true (json_node_equal (json_object_get_member (x, "output"), json_object_get_member (y, "output")));
      g_assert_true (json_node_equal (json_object_get_member (x, "context"), json_object_get_member (y, "context")));
      g_assert_false (json_object_has_member (x, "error"));
      g_assert_false (json_object_has_member (y, "error"));
      g_assert_cmpstr (metric_status (x, "/evaluator/exactMatch"), ==, metric_status (y, "/evaluator/exactMatch"));
    }
}

static JsonNode *
read_genkit_run (const char *root)
{
  g_autofree char *dir = g_build_filename (root, ".genkit", "evals", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    if (g_str_has_suffix (name, ".json") && !g_str_equal (name, "index.json"))
      {
        g_autofree char *path = g_build_filename (dir, name, NULL);
        g_autofree char *text = NULL;

        g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
        return parse (text);
      }
  g_error ("genkit eval:flow saved no eval run in %s", dir);
  return NULL;
}

static void
test_eval_across_toolchains (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *js_root = make_project (node_modules, "js");
  g_autofree char *our_root = make_project (node_modules, "ours");
  g_autofree char *home = g_build_filename (our_root, "home", NULL);
  g_autofree char *out = NULL;
  g_autofree char *ours_id = NULL;
  g_autofree char *js_id = NULL;
  g_autofree char *evaluated = NULL;
  g_autoptr(JsonNode) summary = NULL;
  g_autoptr(JsonNode) ours_run = NULL;
  g_autoptr(JsonNode) js_run = NULL;
  g_autoptr(JsonNode) v2_run = NULL;
  g_autofree char *v2_id = NULL;
  g_autoptr(JsonNode) genkit_run = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GSubprocess) serve = NULL;
  JsonObject *ada, *bob, *key;

  g_test_summary ("An eval of the JavaScript app's greet with our evaluators, and genkit eval:flow on "
                  "our runtime with the same dataset, give the same per-row outputs");

  data_home = g_build_filename (our_root, "data", NULL);

  /* 1. The JavaScript runtime, evaluated by us. */
  app = start_js_app (js_root);
  g_assert_cmpint (studio (js_root, (const char * const[]) {
                             "eval", "run", "--project", js_root, "--target", "/flow/greet",
                             "--dataset", "eval-input.json", "--builtin-evaluators",
                             "-e", "exactMatch,genkitEval/regex,genkitEval/deep_equal", "--max-failed", "0", "-q", NULL },
                           &out), ==, 0);
  summary = parse (out);
  ours_id = g_strdup (json_object_get_string_member (json_node_get_object (summary), "evalRunId"));
  ours_run = show_run (js_root, ours_id);

  ada = find_result (ours_run, "tc-ada");
  bob = find_result (ours_run, "tc-bob");
  g_assert_cmpstr (json_object_get_string_member (ada, "output"), ==, "Hello, Ada!");
  g_assert_cmpstr (json_object_get_string_member (bob, "output"), ==, "Hello, Bob!");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ada, "input"), "name"), ==, "Ada");
  g_assert_cmpuint (strlen (json_array_get_string_element (json_object_get_array_member (ada, "traceIds"), 0)), ==, 32);
  g_assert_cmpstr (metric_status (ada, "/evaluator/exactMatch"), ==, "PASS");
  g_assert_cmpstr (metric_status (bob, "/evaluator/exactMatch"), ==, "FAIL");
  g_assert_cmpstr (metric_status (ada, "/evaluator/genkitEval/regex"), ==, "PASS");
  g_assert_cmpstr (metric_status (ada, "/evaluator/genkitEval/deep_equal"), ==, "PASS");
  g_assert_cmpstr (metric_status (bob, "/evaluator/genkitEval/deep_equal"), ==, "FAIL");

  /* The JS app's own exactMatch scores the same. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&summary, json_node_unref);
  g_assert_cmpint (studio (js_root, (const char * const[]) {
                             "eval", "run", "--project", js_root, "--target", "greet",
                             "--dataset", "eval-input.json", "-e", "exactMatch", "-q", NULL }, &out), ==, 0);
  summary = parse (out);
  js_id = g_strdup (json_object_get_string_member (json_node_get_object (summary), "evalRunId"));
  js_run = show_run (js_root, js_id);
  assert_same_rows (ours_run, "our evaluators on the JS runtime", js_run, "the JS evaluator");
  stop_process (app, SIGTERM);

  /* The same over reflection API v2: `--spawn` starts the app itself with
   * GENKIT_REFLECTION_V2_SERVER, as `genkit eval:flow … -- <cmd>` does; its traces reach our
   * telemetry server through the `configure` notification. */
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&summary, json_node_unref);
  g_assert_cmpint (studio (js_root, (const char * const[]) {
                             "eval", "run", "--spawn", "node app.mjs", "--target", "greet",
                             "--dataset", "eval-input.json", "-e", "exactMatch", "-q", NULL }, &out), ==, 0);
  summary = parse (out);
  v2_id = g_strdup (json_object_get_string_member (json_node_get_object (summary), "evalRunId"));
  v2_run = show_run (js_root, v2_id);
  assert_same_rows (js_run, "the JS evaluator over v1", v2_run, "the JS evaluator over v2 (--spawn)");

  /* 2. Our runtime, evaluated by the Genkit CLI on our dataset, exported into its store. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (studio (our_root, (const char * const[]) {
                             "dataset", "import", "eval-input.json", "--id", "greetings-e2e", "--type", "flow",
                             "--target", "/flow/greet", NULL }, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (studio (our_root, (const char * const[]) { "dataset", "export", "--genkit", our_root, NULL }, &out), ==, 0);

  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
  g_setenv ("HOME", home, TRUE);
  serve = start_serve (our_root);
  evaluated = genkit (our_root, node_modules,
                      (const char * const []) { "eval:flow", "greet", "--input", "greetings-e2e", "-e", "exactMatch", NULL });
  g_test_message ("%s", evaluated);
  stop_process (serve, SIGINT);

  genkit_run = read_genkit_run (our_root);
  key = json_object_get_object_member (json_node_get_object (genkit_run), "key");
  g_assert_cmpstr (json_object_get_string_member (key, "datasetId"), ==, "greetings-e2e");
  g_assert_cmpint (json_object_get_int_member (key, "datasetVersion"), ==, 1);

  /* 3. The same outputs everywhere. */
  assert_same_rows (ours_run, "our eval of the JS runtime", genkit_run, "genkit eval:flow on our runtime");

  /* The Genkit CLI's run in our store: compared with ours, nothing regressed or changed. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (studio (our_root, (const char * const[]) { "eval", "import", "--genkit", our_root, NULL }, &out), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (studio (our_root, (const char * const[]) {
                             "eval", "show", json_object_get_string_member (key, "evalRunId"), "--compare", js_id, NULL },
                           &out), ==, 0);
  {
    g_autoptr(JsonNode) comparison = parse (out);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (comparison), "regressedRows"), ==, 0);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (comparison), "changedOutputs"), ==, 0);
  }

  e2e_remove_tree (js_root);
  e2e_remove_tree (our_root);
  g_clear_pointer (&data_home, g_free);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!e2e_init ())
    return 1;

  g_test_add_func ("/e2e/eval/across-toolchains", test_eval_across_toolchains);

  return g_test_run ();
}
