/* test-e2e-genkit-cli.c — the real Genkit CLI from npm drives our built-in runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * `genkit-studio-cli serve` runs in a temporary project; genkit-cli (the version the sample
 * app's package-lock.json pins, from npm) finds it through its discovery file and runs a flow
 * plain (`genkit flow:run greet`) and streaming (`genkit flow:run countdown -s`), then
 * `genkit eval:flow greet` runs the dataset of the sample app through our flow and our
 * exactMatch evaluator, reading each test case's trace from the telemetry server it started,
 * which our runtime exports to after the CLI's `/api/notify`.
 *
 * In reflection API v2, `genkit eval:flow greet … -- genkit-studio-cli serve` spawns our
 * runtime itself with GENKIT_REFLECTION_V2_SERVER naming the CLI's WebSocket (the CLI forces
 * v2 for a runtime it spawns): our runtime connects, registers, and the CLI runs the flow and
 * the evaluator over JSON-RPC and reads the traces our runtime sent to the telemetry server
 * named in the `register` answer.
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <genkit.h>

#include "e2e-util.h"

#define CLI_TIMEOUT_S 120
#define SERVE_TIMEOUT_S 30

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *out;
  char             *url;
  gboolean          timed_out;
} Serve;

static void
serve_line_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Serve *serve = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                    result, NULL, &error);

  g_assert_no_error (error);
  if (line == NULL)
    g_error ("genkit-studio-cli serve exited before it listened");
  if (g_str_has_prefix (line, "reflection: "))
    {
      serve->url = g_strdup (line + strlen ("reflection: "));
      return;
    }
  g_data_input_stream_read_line_async (serve->out, G_PRIORITY_DEFAULT, NULL, serve_line_cb, serve);
}

/* Starts `serve` in @root and waits for its "reflection: URL" line. */
static void
serve_start (Serve      *serve,
             const char *root)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  const char *cli = g_getenv ("GENKIT_STUDIO_CLI");
  g_autoptr(GError) error = NULL;
  guint source;

  g_assert_nonnull (cli);
  g_subprocess_launcher_set_cwd (launcher, root);
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_TELEMETRY_SERVER");
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_RUNTIME_ID");
  g_subprocess_launcher_set_child_setup (launcher, e2e_die_with_parent, NULL, NULL);
  serve->process = g_subprocess_launcher_spawn (launcher, &error, cli, "serve", "--project", root, NULL);
  g_assert_no_error (error);

  serve->out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (serve->process));
  source = g_timeout_add_seconds (SERVE_TIMEOUT_S, e2e_flag_timeout_cb, &serve->timed_out);
  g_data_input_stream_read_line_async (serve->out, G_PRIORITY_DEFAULT, NULL, serve_line_cb, serve);
  while (serve->url == NULL && !serve->timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (serve->timed_out)
    g_error ("genkit-studio-cli serve did not listen within %u s", SERVE_TIMEOUT_S);
  g_source_remove (source);
}

static void
serve_stop (Serve *serve)
{
  g_autoptr(GError) error = NULL;

  /* SIGINT, as a person would: the runtime file must go with it. */
  g_subprocess_send_signal (serve->process, SIGINT);
  g_subprocess_wait (serve->process, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&serve->out);
  g_clear_object (&serve->process);
  g_clear_pointer (&serve->url, g_free);
}

/* Runs the Genkit CLI of the sample app's packages in @root, in its own home directory. Its
 * `--non-interactive` goes before a `--` (what follows is the runtime command). */
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
  for (; *args != NULL && !g_str_equal (*args, "--"); args++)
    g_strv_builder_add (builder, *args);
  g_strv_builder_add (builder, "--non-interactive");
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);

  if (!e2e_run_command ((const char * const *) argv, root, CLI_TIMEOUT_S, &output, &error))
    g_error ("genkit %s failed: %s\n%s", argv[1], error->message, output ? output : "");
  return output;
}

static JsonObject *
find_result (JsonArray  *results,
             const char *test_case_id)
{
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_strcmp0 (json_object_get_string_member (result, "testCaseId"), test_case_id) == 0)
        return result;
    }
  g_error ("no result for test case %s", test_case_id);
  return NULL;
}

/* The eval run the CLI saved under <root>/.genkit/evals/. */
static JsonNode *
read_eval_run (const char *root)
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
        return genkit_json_parse (text, -1, NULL);
      }
  g_error ("genkit eval:flow saved no eval run in %s", dir);
  return NULL;
}

static void
test_genkit_cli (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = g_dir_make_tmp ("genkit-e2e-cli-XXXXXX", NULL);
  g_autofree char *home = g_build_filename (root, "home", NULL);
  g_autofree char *plain = NULL;
  g_autofree char *streamed = NULL;
  g_autofree char *evaluated = NULL;
  g_autofree char *runtimes = NULL;
  g_autoptr(JsonNode) eval_run = NULL;
  Serve serve = { 0 };
  JsonArray *results;
  JsonObject *ada, *bob, *metric;

  g_test_summary ("genkit flow:run (plain and -s) and genkit eval:flow work against `serve`");

  /* A package.json makes the project root the same for both sides (protocol §1.2). */
  e2e_copy_file (e2e_app_dir (), root, "package.json");
  e2e_copy_file (e2e_app_dir (), root, "eval-input.json");
  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
  g_setenv ("HOME", home, TRUE);

  serve_start (&serve, root);
  g_test_message ("our runtime: %s", serve.url);

  plain = genkit (root, node_modules,
                  (const char * const []) { "flow:run", "greet", "{\"name\":\"Ada\"}", NULL });
  g_test_message ("%s", plain);
  g_assert_nonnull (strstr (plain, "Hello, Ada!"));

  streamed = genkit (root, node_modules,
                     (const char * const []) { "flow:run", "countdown", "{\"count\":3}", "-s", NULL });
  g_test_message ("%s", streamed);
  g_assert_nonnull (strstr (streamed, "\"n\": 3"));
  g_assert_nonnull (strstr (streamed, "\"n\": 1"));
  g_assert_nonnull (strstr (streamed, "\"total\": 3"));

  evaluated = genkit (root, node_modules,
                      (const char * const []) { "eval:flow", "greet", "--input", "eval-input.json",
                                                "-e", "exactMatch", NULL });
  g_test_message ("%s", evaluated);
  eval_run = read_eval_run (root);
  results = json_object_get_array_member (json_node_get_object (eval_run), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 2);

  /* Input and output come from our traces, read back from the CLI's telemetry server. */
  ada = find_result (results, "tc-ada");
  g_assert_false (json_object_has_member (ada, "error"));
  g_assert_cmpstr (json_object_get_string_member (ada, "output"), ==, "Hello, Ada!");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (ada, "input"), "name"), ==, "Ada");
  metric = json_array_get_object_element (json_object_get_array_member (ada, "metrics"), 0);
  g_assert_cmpstr (json_object_get_string_member (metric, "evaluator"), ==, "/evaluator/exactMatch");
  g_assert_cmpstr (json_object_get_string_member (metric, "status"), ==, "PASS");

  bob = find_result (results, "tc-bob");
  metric = json_array_get_object_element (json_object_get_array_member (bob, "metrics"), 0);
  g_assert_cmpstr (json_object_get_string_member (metric, "status"), ==, "FAIL");

  serve_stop (&serve);
  runtimes = g_build_filename (root, ".genkit", "runtimes", NULL);
  {
    g_autoptr(GDir) left = g_dir_open (runtimes, 0, NULL);

    g_assert_true (left == NULL || g_dir_read_name (left) == NULL);
  }

  e2e_remove_tree (root);
}

static void
test_genkit_cli_v2 (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = g_dir_make_tmp ("genkit-e2e-cli-v2-XXXXXX", NULL);
  g_autofree char *home = g_build_filename (root, "home", NULL);
  g_autofree char *runtimes = g_build_filename (root, ".genkit", "runtimes", NULL);
  g_autofree char *evaluated = NULL;
  g_autoptr(JsonNode) eval_run = NULL;
  const char *cli = g_getenv ("GENKIT_STUDIO_CLI");
  JsonArray *results;
  JsonObject *ada, *metric;

  g_test_summary ("genkit eval:flow -- genkit-studio-cli serve: the CLI spawns our runtime in "
                  "reflection v2 and evaluates its flow over the WebSocket");

  g_assert_nonnull (cli);
  e2e_copy_file (e2e_app_dir (), root, "package.json");
  e2e_copy_file (e2e_app_dir (), root, "eval-input.json");
  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
  g_setenv ("HOME", home, TRUE);
  g_unsetenv ("GENKIT_TELEMETRY_SERVER");
  g_unsetenv ("GENKIT_RUNTIME_ID");

  evaluated = genkit (root, node_modules,
                      (const char * const []) { "eval:flow", "greet", "--input", "eval-input.json",
                                                "-e", "exactMatch", "--", cli, "serve",
                                                "--project", root, NULL });
  g_test_message ("%s", evaluated);

  /* v2: no HTTP server, no discovery file. */
  {
    g_autoptr(GDir) left = g_dir_open (runtimes, 0, NULL);

    g_assert_true (left == NULL || g_dir_read_name (left) == NULL);
  }

  eval_run = read_eval_run (root);
  results = json_object_get_array_member (json_node_get_object (eval_run), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 2);
  ada = find_result (results, "tc-ada");
  g_assert_false (json_object_has_member (ada, "error"));
  g_assert_cmpstr (json_object_get_string_member (ada, "output"), ==, "Hello, Ada!");
  metric = json_array_get_object_element (json_object_get_array_member (ada, "metrics"), 0);
  g_assert_cmpstr (json_object_get_string_member (metric, "evaluator"), ==, "/evaluator/exactMatch");
  g_assert_cmpstr (json_object_get_string_member (metric, "status"), ==, "PASS");

  e2e_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!e2e_init ())
    return 1;

  g_test_add_func ("/e2e/genkit-cli", test_genkit_cli);
  g_test_add_func ("/e2e/genkit-cli-v2", test_genkit_cli_v2);

  return g_test_run ();
}
