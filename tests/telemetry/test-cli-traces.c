/* test-cli-traces.c — `genkit-studio-cli traces list|show` over a trace store
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The store holds the traces the real telemetry server served in the fixtures
 * (telemetry-server/06…11); the command's JSON output must be exactly what the store's own
 * listing and reading give, and its tables must show the traces.
 */

#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "telemetry-test-util.h"

#define GREET_ID "a1b6659fa9515e3d304fba71b4aa325b"

typedef struct
{
  int   status;
  char *out;
  char *err;
} CliResult;

static void
cli_result_free (CliResult *result)
{
  g_free (result->out);
  g_free (result->err);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CliResult, cli_result_free)

/* Runs `genkit-studio-cli ARGS…` and waits for it. The test's isolated data directory is its
 * XDG_DATA_HOME (GLib points the variables of the test process itself at /dev/null). */
static CliResult *
run_cli (const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_environ_setenv (g_get_environ (), "XDG_DATA_HOME", g_get_user_data_dir (), TRUE);
  CliResult *result = g_new0 (CliResult, 1);
  int wait_status = 0;
  const char *cli = g_getenv ("GENKIT_STUDIO_CLI");
  va_list args;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &result->out, &result->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
  return result;
}

/* A store at @path holding the fixtures' traces, closed again. */
static void
fill_store (const char *path)
{
  static const char *traces[] = {
    "06-get-trace-flow-greet.json", "07-get-trace-flow-countdown-stream.json",
    "08-get-trace-flow-useTool.json", "09-get-trace-model-echo.json",
    "10-get-trace-evaluator.json", "11-get-trace-flow-whoami-labels.json",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = genkit_trace_store_new (path, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (traces); i++)
    {
      g_autofree char *fixture = tt_fixture_path ("telemetry-server", traces[i], NULL);
      g_autoptr(JsonNode) exchange = tt_load_json (fixture);
      JsonObject *response = json_object_get_object_member (json_node_get_object (exchange), "response");

      tt_ingest (store, json_object_get_member (response, "body"));
    }
  tt_flush (store);
}

/* The store's own answer, to compare the command's JSON with. */
static JsonNode *
store_list (const char *path,
            const char *filter,
            const char *search,
            guint       offset,
            guint       limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = genkit_trace_store_new (path, &error);

  g_assert_no_error (error);
  return tt_list (store, filter, search, offset, limit);
}

static void
assert_json_output (CliResult  *result,
                    JsonNode   *expected,
                    const char *what)
{
  g_autoptr(JsonNode) actual = tt_parse_json (result->out);

  g_assert_cmpint (result->status, ==, 0);
  tt_assert_json_equal (expected, actual, TRUE, what);
}

static guint
n_listed (JsonNode *page)
{
  return json_array_get_length (json_object_get_array_member (json_node_get_object (page), "traces"));
}

static void
test_list (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "cli.db", NULL);
  const char *greet_filter = "{\"eq\":{\"type\":\"flow\",\"name\":\"greet\"}}";

  g_test_summary ("traces list prints the newest traces as a table, or with --json the page the "
                  "store lists, with filters, search, limit and offset");

  fill_store (path);

  {
    g_autoptr(CliResult) table = run_cli ("traces", "list", "--store", path, NULL);

    g_assert_cmpint (table->status, ==, 0);
    g_assert_true (g_str_has_prefix (table->out, "START"));
    for (const char *const *name = (const char *const[]) { "greet", "countdown", "useTool", "echo",
                                                          "exactMatch", "whoami", NULL };
         *name != NULL; name++)
      g_assert_nonnull (strstr (table->out, *name));
    g_assert_nonnull (strstr (table->out, GREET_ID));
    g_assert_cmpstr (table->err, ==, "");
  }
  {
    g_autoptr(JsonNode) expected = store_list (path, NULL, NULL, 0, 10);
    g_autoptr(CliResult) json = run_cli ("traces", "list", "--json", "--store", path, NULL);

    g_assert_cmpuint (n_listed (expected), ==, 6);
    assert_json_output (json, expected, "list --json");
  }
  {
    g_autoptr(JsonNode) expected = store_list (path, NULL, NULL, 2, 2);
    g_autoptr(CliResult) json = run_cli ("traces", "list", "--json", "--limit", "2", "--offset", "2",
                                         "--store", path, NULL);
    g_autoptr(CliResult) table = run_cli ("traces", "list", "--limit", "2", "--store", path, NULL);

    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (expected), "continuationToken"),
                     ==, "4");
    assert_json_output (json, expected, "list --limit 2 --offset 2");
    g_assert_nonnull (strstr (table->out, "More traces: --offset 2"));
  }
  {
    g_autoptr(JsonNode) expected = store_list (path, greet_filter, NULL, 0, 10);
    g_autoptr(CliResult) json = run_cli ("traces", "list", "--json", "--filter", greet_filter,
                                         "--store", path, NULL);

    g_assert_cmpuint (n_listed (expected), ==, 1);
    assert_json_output (json, expected, "list --filter");
  }
  {
    /* "add said" is only in useTool's output. */
    g_autoptr(JsonNode) expected = store_list (path, NULL, "add said", 0, 10);
    g_autoptr(CliResult) json = run_cli ("traces", "list", "--json", "--search", "add said",
                                         "--store", path, NULL);
    JsonObject *first;

    g_assert_cmpuint (n_listed (expected), ==, 1);
    first = json_array_get_object_element (json_object_get_array_member (json_node_get_object (expected), "traces"), 0);
    g_assert_cmpstr (json_object_get_string_member (first, "displayName"), ==, "useTool");
    assert_json_output (json, expected, "list --search");
  }
  {
    g_autoptr(CliResult) none = run_cli ("traces", "list", "--search", "nowhere-to-be-found",
                                         "--store", path, NULL);

    g_assert_cmpint (none->status, ==, 0);
    g_assert_cmpstr (none->out, ==, "No traces.\n");
  }
}

static void
test_show (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "cli.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) expected = NULL;

  g_test_summary ("traces show prints a trace's spans as a tree, or with --json the TraceData the "
                  "store reads; unknown ids fail, malformed ones are usage errors");

  fill_store (path);
  {
    g_autoptr(GenkitTraceStore) store = genkit_trace_store_new (path, &error);

    g_assert_no_error (error);
    expected = tt_get_trace (store, GREET_ID, &error);
    g_assert_no_error (error);
  }
  {
    g_autoptr(CliResult) json = run_cli ("traces", "show", GREET_ID, "--json", "--store", path, NULL);

    assert_json_output (json, expected, "show --json");
  }
  {
    g_autoptr(CliResult) tree = run_cli ("traces", "show", GREET_ID, "--store", path, NULL);
    const char *greet, *step, *generate, *echo;

    g_assert_cmpint (tree->status, ==, 0);
    g_assert_true (g_str_has_prefix (tree->out, "greet  " GREET_ID "\n"));
    g_assert_nonnull (strstr (tree->out, "4 spans"));
    /* The root first, its children indented under it, the model call under generate. */
    greet = strstr (tree->out, "\ngreet ");
    step = strstr (tree->out, "\n  build-prompt ");
    generate = strstr (tree->out, "\n  generate ");
    echo = strstr (tree->out, "\n    echo ");
    g_assert_nonnull (greet);
    g_assert_nonnull (step);
    g_assert_nonnull (generate);
    g_assert_nonnull (echo);
    g_assert_true (greet < step && greet < generate && generate < echo);
    g_assert_nonnull (strstr (tree->out, "output: \"Hello, Ada!\""));
  }
  {
    g_autoptr(CliResult) unknown = run_cli ("traces", "show", "0123456789abcdef0123456789abcdef",
                                            "--store", path, NULL);

    g_assert_cmpint (unknown->status, ==, 1);
    g_assert_cmpstr (unknown->out, ==, "");
    g_assert_nonnull (strstr (unknown->err, "no trace 0123456789abcdef0123456789abcdef"));
  }
  for (const char *const *bad = (const char *const[]) { "../etc", "a/b", "", NULL }; *bad != NULL; bad++)
    {
      g_autoptr(CliResult) result = run_cli ("traces", "show", *bad, "--store", path, NULL);

      g_assert_cmpint (result->status, ==, 2);
      g_assert_cmpstr (result->out, ==, "");
      g_assert_cmpstr (result->err, !=, "");
    }
}

static void
test_default_store_and_errors (void)
{
  g_autofree char *default_path = genkit_trace_store_get_default_path ();

  g_test_summary ("Without --store the commands read $XDG_DATA_HOME/genkit-studio/traces.db; a "
                  "missing store is not created; bad options are usage errors");

  g_assert_true (g_str_has_prefix (default_path, g_get_user_data_dir ()));
  {
    g_autoptr(CliResult) empty = run_cli ("traces", "list", NULL);
    g_autoptr(CliResult) empty_json = run_cli ("traces", "list", "--json", NULL);
    g_autoptr(CliResult) show = run_cli ("traces", "show", GREET_ID, NULL);

    g_assert_cmpint (empty->status, ==, 0);
    g_assert_cmpstr (empty->out, ==, "No traces.\n");
    g_assert_cmpint (empty_json->status, ==, 0);
    g_assert_cmpstr (empty_json->out, ==, "{\n  \"traces\" : []\n}\n");
    g_assert_cmpint (show->status, ==, 1);
    g_assert_nonnull (strstr (show->err, "there is no trace store at"));
    g_assert_false (g_file_test (default_path, G_FILE_TEST_EXISTS));
  }

  fill_store (default_path);
  {
    g_autoptr(CliResult) listed = run_cli ("traces", "list", NULL);
    g_autoptr(CliResult) shown = run_cli ("traces", "show", GREET_ID, "--json", NULL);

    g_assert_cmpint (listed->status, ==, 0);
    g_assert_nonnull (strstr (listed->out, GREET_ID));
    g_assert_cmpint (shown->status, ==, 0);
    g_assert_nonnull (strstr (shown->out, "\"displayName\" : \"greet\""));
  }

  for (const char *const *bad = (const char *const[]) { "{", "[1]", "{\"eq\":\"greet\"}",
                                                        "{\"gt\":{\"start\":\"yesterday\"}}", NULL };
       *bad != NULL; bad++)
    {
      g_autoptr(CliResult) result = run_cli ("traces", "list", "--filter", *bad, NULL);

      g_assert_cmpint (result->status, ==, 2);
      g_assert_cmpstr (result->out, ==, "");
      g_assert_true (g_str_has_prefix (result->err, "genkit-studio-cli traces list: "));
    }
  {
    g_autoptr(CliResult) zero = run_cli ("traces", "list", "--limit", "0", NULL);
    g_autoptr(CliResult) negative = run_cli ("traces", "list", "--offset", "-1", NULL);
    g_autoptr(CliResult) extra = run_cli ("traces", "list", "extra", NULL);
    g_autoptr(CliResult) no_id = run_cli ("traces", "show", NULL);
    g_autoptr(CliResult) no_command = run_cli ("traces", NULL);
    g_autoptr(CliResult) dir = run_cli ("traces", "list", "--store", g_get_user_data_dir (), NULL);

    g_assert_cmpint (zero->status, ==, 2);
    g_assert_cmpint (negative->status, ==, 2);
    g_assert_cmpint (extra->status, ==, 2);
    g_assert_cmpint (no_id->status, ==, 2);
    g_assert_cmpint (no_command->status, ==, 2);
    g_assert_nonnull (strstr (no_command->err, "list"));
    g_assert_nonnull (strstr (no_command->err, "show"));
    g_assert_cmpint (dir->status, ==, 2);
    g_assert_nonnull (strstr (dir->err, "is a directory"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/cli-traces/list", test_list);
  g_test_add_func ("/cli-traces/show", test_show);
  g_test_add_func ("/cli-traces/default-store-and-errors", test_default_store_and_errors);

  return g_test_run ();
}
