/* test-cli-eval.c — `genkit-studio-cli dataset` and `genkit-studio-cli eval` as a user and a
 * CI job run them: files in and out, thresholds and exit statuses, Ctrl+C and resume
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "eval-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Cli;

static void
cli_clear (Cli *cli)
{
  g_clear_pointer (&cli->out, g_free);
  g_clear_pointer (&cli->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

static GSubprocess *
cli_spawn (const char          *cwd,
           const char * const  *args)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_strv_builder_add (builder, g_getenv ("GENKIT_STUDIO_CLI"));
  g_strv_builder_addv (builder, (const char **) args);
  argv = g_strv_builder_end (builder);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  /* The test's own data directory (G_TEST_OPTION_ISOLATE_DIRS) holds the stores. */
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  g_subprocess_launcher_setenv (launcher, "HOME", g_get_home_dir (), TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &error);
  g_assert_no_error (error);
  return process;
}

/* Waits for the process, dispatching the main context meanwhile (timers that signal it). */
static void
cli_finish (GSubprocess *process,
            Cli         *cli)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_async (process, NULL, NULL, eval_test_result_cb, &result);
  g_subprocess_communicate_utf8_finish (process, eval_test_wait (&result), &cli->out, &cli->err, &error);
  g_assert_no_error (error);
  cli->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                     : 128 + g_subprocess_get_term_sig (process);
}

/* Runs the CLI in @cwd with @args (NULL-terminated). */
static void
cli_run (Cli                *cli,
         const char         *cwd,
         const char * const *args)
{
  g_autoptr(GSubprocess) process = cli_spawn (cwd, args);

  cli_clear (cli);
  cli_finish (process, cli);
  if (g_test_verbose ())
    g_test_message ("%s → %d\n%s%s", args[0], cli->status, cli->out, cli->err);
}

#define CLI(cli, cwd, ...) cli_run ((cli), (cwd), (const char * const[]) { __VA_ARGS__, NULL })

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static char *
make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("genkit-cli-eval-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
test_cli_dataset (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *file = write_file (dir, "greetings.jsonl",
                                      "{\"testCaseId\": \"ada\", \"input\": {\"name\": \"Ada\"}, \"reference\": \"Hello, Ada!\"}\n"
                                      "{\"testCaseId\": \"bob\", \"input\": {\"name\": \"Bob\"}, \"reference\": \"Hi Bob\"}\n");
  g_autofree char *csv_path = g_build_filename (dir, "out.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *index_path = g_build_filename (dir, "project", ".genkit", "datasets", "index.json", NULL);
  g_autofree char *data_path = g_build_filename (dir, "project", ".genkit", "datasets", "greetings.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr(JsonNode) list = NULL;
  g_auto(Cli) cli = { 0 };

  g_test_summary ("dataset import, list, show, export (file and Genkit's store), import from Genkit's "
                  "store, delete");

  CLI (&cli, dir, "dataset", "import", "greetings.jsonl", "--type", "flow", "--target", "/flow/greet");
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_nonnull (strstr (cli.out, "\"datasetId\" : \"greetings\""));
  g_assert_nonnull (strstr (cli.out, "\"datasetType\" : \"FLOW\""));

  CLI (&cli, dir, "dataset", "import", "greetings.jsonl");
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.err, "Dataset ID not unique: greetings"));
  CLI (&cli, dir, "dataset", "import", "missing.jsonl");
  g_assert_cmpint (cli.status, ==, 2);
  CLI (&cli, dir, "dataset", "import", "greetings.jsonl", "--type", "nonsense");
  g_assert_cmpint (cli.status, ==, 2);

  CLI (&cli, dir, "dataset", "list");
  g_assert_cmpint (cli.status, ==, 0);
  list = eval_test_json (cli.out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_node_get_array (list), 0), "size"), ==, 2);

  CLI (&cli, dir, "dataset", "show", "greetings", "--format", "csv");
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_cmpstr (cli.out, ==, "testCaseId,input,reference,context\n"
                                "ada,\"{\"\"name\"\":\"\"Ada\"\"}\",\"Hello, Ada!\",\n"
                                "bob,\"{\"\"name\"\":\"\"Bob\"\"}\",Hi Bob,\n");

  CLI (&cli, dir, "dataset", "validate", "greetings");
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_cmpstr (cli.out, ==, "[]\n");
  CLI (&cli, dir, "dataset", "validate", "greetings", "--target", "/flow/countdown");
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.out, "must have required property 'count'"));

  CLI (&cli, dir, "dataset", "export", "greetings", "-o", "out.csv");
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "testCaseId,input,reference,context\n"));

  CLI (&cli, dir, "dataset", "export", "--genkit", "project");
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_true (g_file_test (index_path, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_get_contents (data_path, &data, NULL, NULL));
  g_assert_cmpstr (data, ==, "[{\"testCaseId\":\"ada\",\"input\":{\"name\":\"Ada\"},\"reference\":\"Hello, Ada!\"},"
                             "{\"testCaseId\":\"bob\",\"input\":{\"name\":\"Bob\"},\"reference\":\"Hi Bob\"}]");

  CLI (&cli, dir, "dataset", "delete", "greetings");
  g_assert_cmpint (cli.status, ==, 0);
  CLI (&cli, dir, "dataset", "show", "greetings");
  g_assert_cmpint (cli.status, ==, 1);
  CLI (&cli, dir, "dataset", "import", "--genkit", "project");
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_nonnull (strstr (cli.out, "\"targetAction\" : \"/flow/greet\""));
  CLI (&cli, dir, "dataset", "show", "greetings", "--format", "jsonl");
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_cmpstr (cli.out, ==, "{\"testCaseId\":\"ada\",\"input\":{\"name\":\"Ada\"},\"reference\":\"Hello, Ada!\"}\n"
                                "{\"testCaseId\":\"bob\",\"input\":{\"name\":\"Bob\"},\"reference\":\"Hi Bob\"}\n");
}

static JsonObject *
summary_of (Cli *cli)
{
  g_autoptr(JsonNode) node = eval_test_json (cli->out);

  return json_object_ref (json_node_get_object (node));
}

static void
test_cli_eval_thresholds (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *file = write_file (dir, "cases.json",
                                      "[{\"testCaseId\": \"ada\", \"input\": {\"name\": \"Ada\"}, \"reference\": \"Hello, Ada!\"},"
                                      " {\"testCaseId\": \"bob\", \"input\": {\"name\": \"Bob\"}, \"reference\": \"Hi Bob\"},"
                                      " {\"testCaseId\": \"cy\", \"input\": {\"name\": \"Cy\"}, \"reference\": \"Hello, Cy!\"}]");
  g_autofree char *failing = write_file (dir, "failing.json",
                                         "[{\"testCaseId\": \"one\", \"input\": \"a\"}, {\"testCaseId\": \"two\", \"input\": \"b\"}]");
  g_autofree char *json_path = g_build_filename (dir, "results.json", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "results.csv", NULL);
  g_autofree char *csv = NULL;
  g_autofree char *evals = g_build_filename (dir, "project", ".genkit", "evals", NULL);
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_autoptr(JsonNode) results = NULL;
  g_auto(Cli) cli = { 0 };

  g_test_summary ("eval run: summary on stdout, exit 1 when a threshold is not met, 2 for unusable "
                  "arguments; JSON, CSV and Genkit exports; show and compare");

  CLI (&cli, dir, "eval", "run", "--target", "/flow/greet", "--dataset", "cases.json", "-e", "exactMatch,genkitEval/regex",
       "--min-pass-rate", "exactMatch=60%", "-o", "results.json", "-q");
  g_assert_cmpint (cli.status, ==, 0);
  summary = summary_of (&cli);
  g_assert_true (json_object_get_boolean_member (summary, "passed"));
  g_assert_cmpstr (json_object_get_string_member (summary, "status"), ==, "completed");
  id = g_strdup (json_object_get_string_member (summary, "evalRunId"));
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_array_get_object_element (
                                    json_object_get_array_member (summary, "thresholds"), 0), "value"), 2.0 / 3, 1e-9);
  results = eval_test_read_json_file (json_path);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (results)), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (results), 0), "output"),
                   ==, "Hello, Ada!");

  CLI (&cli, dir, "eval", "run", "--target", "greet", "--dataset", "cases.json", "-e", "exactMatch",
       "--min-pass-rate", "0.9", "-o", "results.csv", "--format", "csv", "--genkit-evals", "project", "-q");
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.err, "the pass rate of /evaluator/exactMatch is 0.666667, below 0.9"));
  g_clear_pointer (&summary, json_object_unref);
  summary = summary_of (&cli);
  g_assert_false (json_object_get_boolean_member (summary, "passed"));
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "testCaseId,input,output,error,context,reference,custom,traceIds,"
                                        "/evaluator/exactMatch_score,"));
  {
    g_autofree char *name = g_strconcat (json_object_get_string_member (summary, "evalRunId"), ".json", NULL);
    g_autofree char *saved = g_build_filename (evals, name, NULL);
    g_autofree char *index = g_build_filename (evals, "index.json", NULL);

    g_assert_true (g_file_test (saved, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (index, G_FILE_TEST_EXISTS));
  }

  /* Mean scores, failed rows. */
  CLI (&cli, dir, "eval", "run", "--target", "/flow/greet", "--dataset", "cases.json", "-e", "exactMatch",
       "--min-score", "exactMatch=0.5", "-q");
  g_assert_cmpint (cli.status, ==, 0);
  CLI (&cli, dir, "eval", "run", "--target", "/flow/fail", "--dataset", "failing.json", "--max-failed", "1", "-q");
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.err, "2 test cases failed, more than 1"));
  CLI (&cli, dir, "eval", "run", "--target", "/flow/fail", "--dataset", "failing.json", "-q");
  g_assert_cmpint (cli.status, ==, 0);

  /* Unusable arguments. */
  CLI (&cli, dir, "eval", "run", "--target", "/flow/greet");
  g_assert_cmpint (cli.status, ==, 2);
  CLI (&cli, dir, "eval", "run", "--target", "/flow/greet", "--dataset", "nope");
  g_assert_cmpint (cli.status, ==, 2);
  CLI (&cli, dir, "eval", "run", "--target", "/tool/add", "--dataset", "cases.json");
  g_assert_cmpint (cli.status, ==, 2);
  CLI (&cli, dir, "eval", "run", "--target", "/flow/greet", "--dataset", "cases.json", "--min-pass-rate", "lots");
  g_assert_cmpint (cli.status, ==, 2);
  CLI (&cli, dir, "eval", "run", "--target", "/flow/nope", "--dataset", "cases.json");
  g_assert_cmpint (cli.status, ==, 1);
  g_assert_nonnull (strstr (cli.err, "Cannot find action /flow/nope."));

  /* show, compare, list, export. */
  CLI (&cli, dir, "eval", "show", id, "--format", "csv");
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_true (g_str_has_prefix (cli.out, "testCaseId,input,output,error,context,reference,custom,traceIds,"));
  CLI (&cli, dir, "eval", "show", id);
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_nonnull (strstr (cli.out, "\"results\""));
  CLI (&cli, dir, "eval", "show", id, "--compare", json_object_get_string_member (summary, "evalRunId"));
  g_assert_cmpint (cli.status, ==, 0);
  g_assert_nonnull (strstr (cli.out, "\"regressedRows\" : 0"));
  CLI (&cli, dir, "eval", "list");
  g_assert_cmpint (cli.status, ==, 0);
  {
    g_autoptr(JsonNode) runs = eval_test_json (cli.out);

    g_assert_cmpuint (json_array_get_length (json_node_get_array (runs)), ==, 5);
  }
  CLI (&cli, dir, "eval", "export", "--genkit", "project", id);
  g_assert_cmpint (cli.status, ==, 0);
  CLI (&cli, dir, "eval", "import", "--genkit", "project");
  g_assert_cmpint (cli.status, ==, 0);
}

/* Reads the CLI's stderr until its first progress line, sends SIGINT, then reads the rest. */
static void
interrupt_after_progress (GSubprocess *process,
                          Cli         *cli)
{
  g_autoptr(GDataInputStream) err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gboolean sent = FALSE;
  char *line;

  while ((line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (text, "%s\n", line);
      if (!sent && g_str_has_prefix (line, "eval ") && strstr (line, " done, ") != NULL)
        {
          g_subprocess_send_signal (process, SIGINT);
          sent = TRUE;
        }
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_true (sent);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  cli->out = NULL;
  cli->err = g_strdup (text->str);
  cli->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                     : 128 + g_subprocess_get_term_sig (process);
}

/* A dataset of @n_rows test cases for /flow/sleep, each sleeping @ms milliseconds. */
static char *
write_slow_dataset (const char *dir,
                    guint       n_rows,
                    guint       ms)
{
  g_autoptr(GString) rows = g_string_new (NULL);

  for (guint i = 1; i <= n_rows; i++)
    g_string_append_printf (rows, "{\"testCaseId\": \"s%u\", \"input\": {\"ms\": %u}}\n", i, ms);
  return write_file (dir, "slow.jsonl", rows->str);
}

static void
test_cli_eval_interrupt_resume (void)
{
  g_autofree char *dir = make_dir ();
  g_autofree char *file = write_slow_dataset (dir, 30, 250);
  g_autoptr(GSubprocess) process = cli_spawn (dir, (const char * const[]) {
                                                "eval", "run", "--target", "/flow/sleep", "--dataset", "slow.jsonl",
                                                "--concurrency", "1", "-e", "genkitEval/json_schema", NULL });
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GRegex) regex = g_regex_new ("eval resume ([0-9a-f-]{36})", 0, 0, NULL);
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) summary = NULL;
  g_auto(Cli) cli = { 0 };

  g_test_summary ("Ctrl+C stops an eval run (exit 130) and keeps what it did; 'eval resume' finishes it");

  /* The first progress line comes a second into the run; 30 test cases of 250 ms leave
   * seconds of work after it even on a loaded machine. */
  interrupt_after_progress (process, &cli);
  g_assert_cmpint (cli.status, ==, 130);
  g_assert_true (g_regex_match (regex, cli.err, 0, &match));
  id = g_match_info_fetch (match, 1);

  CLI (&cli, dir, "eval", "list");
  if (strstr (cli.out, "\"status\" : \"cancelled\"") == NULL)
    g_test_message ("eval list said: %s", cli.out);
  g_assert_nonnull (strstr (cli.out, "\"status\" : \"cancelled\""));

  CLI (&cli, dir, "eval", "resume", id, "-q", "--max-failed", "0");
  g_assert_cmpint (cli.status, ==, 0);
  summary = summary_of (&cli);
  g_assert_cmpstr (json_object_get_string_member (summary, "status"), ==, "completed");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (summary, "aggregates"), "done"), ==, 30);

  CLI (&cli, dir, "eval", "resume", id);
  g_assert_cmpint (cli.status, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (g_getenv ("GENKIT_STUDIO_CLI") == NULL)
    {
      g_printerr ("GENKIT_STUDIO_CLI is not set (run this test with meson test)\n");
      return 1;
    }

  g_test_add_func ("/eval/cli/dataset", test_cli_dataset);
  g_test_add_func ("/eval/cli/eval-thresholds", test_cli_eval_thresholds);
  g_test_add_func ("/eval/cli/interrupt-resume", test_cli_eval_interrupt_resume);

  return g_test_run ();
}
