/* test-cli.c — runs the built genkit-studio-cli and checks its output and exit statuses
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

/* What one run of the program produced. */
typedef struct
{
  char *out;
  char *err;
  int   status;        /* the exit status; -1 when a signal ended the process */
} CliResult;

static void
cli_result_clear (CliResult *self)
{
  g_clear_pointer (&self->out, g_free);
  g_clear_pointer (&self->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static const char *
cli_path (void)
{
  const char *path = g_getenv ("GENKIT_STUDIO_CLI");

  g_assert_nonnull (path);
  return path;
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
cli_result_set_status (CliResult   *self,
                       GSubprocess *process)
{
  self->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
}

/* Runs the program with @args (NULL-terminated, without the program itself), feeding it
 * @stdin_text (or an empty standard input). */
static void
run_cli_stdin (CliResult          *result,
               const char         *stdin_text,
               const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (gpointer) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE |
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, stdin_text ? stdin_text : "", NULL,
                                 &result->out, &result->err, &error);
  g_assert_no_error (error);
  cli_result_set_status (result, process);

  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", result->status, result->out, result->err);
}

#define run_cli(result, ...) \
  run_cli_stdin ((result), NULL, (const char * const []) { __VA_ARGS__, NULL })

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Splits output made of several JSON documents (chunk lines, a pretty result, a trace) into
 * the text of each document. */
static GPtrArray *
split_json_documents (const char *text)
{
  GPtrArray *documents = g_ptr_array_new_with_free_func (g_free);
  const char *start = NULL;
  int depth = 0;
  gboolean in_string = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      gboolean ends;

      if (start == NULL)
        {
          if (g_ascii_isspace (*p))
            continue;
          start = p;
        }

      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            p++;
          else if (*p == '"')
            in_string = FALSE;
        }
      else if (*p == '"')
        in_string = TRUE;
      else if (*p == '{' || *p == '[')
        depth++;
      else if (*p == '}' || *p == ']')
        depth--;

      if (*start == '{' || *start == '[')
        ends = depth == 0 && (*p == '}' || *p == ']');
      else if (*start == '"')
        ends = !in_string && p != start;
      else
        ends = p[1] == '\0' || g_ascii_isspace (p[1]);

      if (ends)
        {
          g_ptr_array_add (documents, g_strndup (start, p + 1 - start));
          start = NULL;
        }
    }

  g_assert_null (start);
  return documents;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static char **
sorted_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GPtrArray *kept = g_ptr_array_new ();

  for (guint i = 0; lines[i] != NULL; i++)
    if (*lines[i] != '\0')
      g_ptr_array_add (kept, g_strdup (lines[i]));
  g_ptr_array_sort (kept, compare_strings);
  g_ptr_array_add (kept, NULL);

  return (char **) g_ptr_array_free (kept, FALSE);
}

/* --version, --help ------------------------------------------------------------------------ */

static void
test_version (void)
{
  g_auto(CliResult) r = { 0 };

  g_test_summary ("--version prints the program name and PACKAGE_VERSION");

  run_cli (&r, "--version");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "genkit-studio-cli " PACKAGE_VERSION "\n");
  g_assert_cmpstr (r.err, ==, "");
}

static void
test_help_top_level (void)
{
  g_auto(CliResult) r = { 0 };
  g_auto(CliResult) none = { 0 };
  g_auto(CliResult) unknown = { 0 };

  g_test_summary ("--help lists the commands; no command or an unknown one exits with 2");

  run_cli (&r, "--help");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "Usage:"));
  g_assert_nonnull (strstr (r.out, "  actions "));
  g_assert_nonnull (strstr (r.out, "  run "));
  g_assert_nonnull (strstr (r.out, "  schema "));

  run_cli_stdin (&none, NULL, (const char * const []) { NULL });
  g_assert_cmpint (none.status, ==, 2);
  g_assert_cmpstr (none.out, ==, "");
  g_assert_nonnull (strstr (none.err, "Commands:"));

  run_cli (&unknown, "frobnicate");
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_cmpstr (unknown.out, ==, "");
  g_assert_nonnull (strstr (unknown.err, "unknown command 'frobnicate'"));
}

static void
test_help_commands (void)
{
  static const struct
  {
    const char *args[3];
    const char *usage;
  } cases[] = {
    { { "actions", "--help" }, "genkit-studio-cli actions [OPTION" },
    { { "run", "--help" }, "genkit-studio-cli run [OPTION" },
    { { "schema", "--help" }, "genkit-studio-cli schema COMMAND" },
    { { "schema", "validate", "--help" }, "genkit-studio-cli schema validate [OPTION" },
    { { "help", "run" }, "genkit-studio-cli run [OPTION" },
  };

  g_test_summary ("Every command has --help, printed on stdout with exit status 0");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliResult) r = { 0 };
      const char *args[4] = { cases[i].args[0], cases[i].args[1], cases[i].args[2], NULL };

      run_cli_stdin (&r, NULL, args);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, "Usage:"));
      g_assert_nonnull (strstr (r.out, cases[i].usage));
    }
}

static void
test_bad_option (void)
{
  g_auto(CliResult) r = { 0 };

  g_test_summary ("An unknown option is a usage error (exit 2) explained on stderr");

  run_cli (&r, "run", "--no-such-option", "/flow/greet");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "--no-such-option"));
}

/* schema validate --------------------------------------------------------------------------- */

static void
test_schema_valid (void)
{
  g_autofree char *schema = data_path ("order-schema.json");
  g_autofree char *instance = data_path ("order-valid.json");
  g_auto(CliResult) r = { 0 };

  g_test_summary ("A valid instance: exit 0, nothing on stdout");

  run_cli (&r, "schema", "validate", schema, instance);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_cmpstr (r.err, ==, "");
}

static void
test_schema_invalid (void)
{
  g_autofree char *schema = data_path ("order-schema.json");
  g_autofree char *instance = data_path ("order-invalid.json");
  g_auto(CliResult) r = { 0 };
  g_auto(GStrv) lines = NULL;
  const char * const expected[] = {
    "(root): must have required property 'name'",
    "count: must be integer",
    "items.1.name: must be string",
    NULL
  };

  g_test_summary ("An invalid instance: exit 1, one 'path: message' line per violation");

  run_cli (&r, "schema", "validate", schema, instance);
  g_assert_cmpint (r.status, ==, 1);
  lines = sorted_lines (r.out);
  g_assert_cmpstrv (lines, expected);
}

static void
test_schema_json (void)
{
  g_autofree char *schema = data_path ("order-schema.json");
  g_autofree char *instance = data_path ("order-invalid.json");
  g_auto(CliResult) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  gboolean found = FALSE;

  g_test_summary ("--json prints the violations as {path, keyword, message} objects");

  run_cli (&r, "schema", "validate", "--json", schema, instance);
  g_assert_cmpint (r.status, ==, 1);
  node = parse_json (r.out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (node));
  array = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *violation = json_array_get_object_element (array, i);

      if (g_str_equal (json_object_get_string_member (violation, "path"), "count"))
        {
          g_assert_cmpstr (json_object_get_string_member (violation, "keyword"), ==, "type");
          g_assert_cmpstr (json_object_get_string_member (violation, "message"), ==,
                           "must be integer");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static void
test_schema_stdin (void)
{
  g_autofree char *schema = data_path ("order-schema.json");
  g_auto(CliResult) valid = { 0 };
  g_auto(CliResult) invalid = { 0 };
  g_auto(CliResult) both = { 0 };

  g_test_summary ("'-' reads the instance from standard input");

  run_cli_stdin (&valid, "{\"name\": \"Ada\", \"count\": 1}",
                 (const char * const []) { "schema", "validate", schema, "-", NULL });
  g_assert_cmpint (valid.status, ==, 0);
  g_assert_cmpstr (valid.out, ==, "");

  run_cli_stdin (&invalid, "{\"name\": \"Ada\", \"count\": -1}",
                 (const char * const []) { "schema", "validate", schema, "-", NULL });
  g_assert_cmpint (invalid.status, ==, 1);
  g_assert_cmpstr (invalid.out, ==, "count: must be >= 0\n");

  run_cli (&both, "schema", "validate", "-", "-");
  g_assert_cmpint (both.status, ==, 2);
}

static void
test_schema_malformed (void)
{
  g_autofree char *schema = data_path ("order-schema.json");
  g_autofree char *instance = data_path ("malformed.json");
  g_autofree char *expected = g_strdup_printf ("%s:5:", instance);
  g_auto(CliResult) r = { 0 };
  g_auto(CliResult) piped = { 0 };

  g_test_summary ("Malformed JSON: exit 2, the file, line and column on stderr");

  run_cli (&r, "schema", "validate", schema, instance);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, expected));
  g_assert_nonnull (strstr (r.err, "Parse error"));

  run_cli_stdin (&piped, "{\"name\": ", (const char * const []) { "schema", "validate", schema, "-", NULL });
  g_assert_cmpint (piped.status, ==, 2);
  g_assert_nonnull (strstr (piped.err, "<stdin>:1:"));

  /* An empty document is not a JSON value either. */
  cli_result_clear (&piped);
  run_cli_stdin (&piped, "  \n", (const char * const []) { "schema", "validate", schema, "-", NULL });
  g_assert_cmpint (piped.status, ==, 2);
  g_assert_nonnull (strstr (piped.err, "<stdin>"));
}

static void
test_schema_unusable (void)
{
  g_autofree char *schema = data_path ("order-schema.json");
  g_autofree char *instance = data_path ("order-valid.json");
  g_autofree char *missing = data_path ("no-such-file.json");
  g_autofree char *not_a_schema = data_path ("not-a-schema.json");
  g_auto(CliResult) r1 = { 0 };
  g_auto(CliResult) r2 = { 0 };
  g_auto(CliResult) r3 = { 0 };
  g_auto(CliResult) r4 = { 0 };

  g_test_summary ("Unreadable files, an unusable schema, wrong arguments: exit 2, the file named");

  run_cli (&r1, "schema", "validate", schema, missing);
  g_assert_cmpint (r1.status, ==, 2);
  g_assert_cmpstr (r1.out, ==, "");
  g_assert_nonnull (strstr (r1.err, missing));

  run_cli (&r2, "schema", "validate", missing, instance);
  g_assert_cmpint (r2.status, ==, 2);
  g_assert_nonnull (strstr (r2.err, missing));

  run_cli (&r3, "schema", "validate", not_a_schema, instance);
  g_assert_cmpint (r3.status, ==, 2);
  g_assert_nonnull (strstr (r3.err, not_a_schema));
  g_assert_nonnull (strstr (r3.err, "not a usable JSON schema"));

  run_cli (&r4, "schema", "validate", schema);
  g_assert_cmpint (r4.status, ==, 2);
}

/* actions -------------------------------------------------------------------------------------- */

static void
test_actions_json (void)
{
  g_auto(CliResult) r = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *greet;
  JsonObject *input_schema;

  g_test_summary ("actions --json: the reflection map, /flow/greet with its inputSchema");

  run_cli (&r, "actions", "--json");
  g_assert_cmpint (r.status, ==, 0);
  node = parse_json (r.out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));

  greet = json_object_get_object_member (json_node_get_object (node), "/flow/greet");
  g_assert_nonnull (greet);
  g_assert_cmpstr (json_object_get_string_member (greet, "key"), ==, "/flow/greet");
  g_assert_cmpstr (json_object_get_string_member (greet, "name"), ==, "greet");
  input_schema = json_object_get_object_member (greet, "inputSchema");
  g_assert_nonnull (input_schema);
  g_assert_cmpstr (json_object_get_string_member (input_schema, "type"), ==, "object");
  g_assert_true (json_object_has_member (json_node_get_object (node), "/tool/add"));
}

static void
test_actions_table (void)
{
  g_auto(CliResult) r = { 0 };
  const char *flow;
  const char *tool;
  const char *greet;

  g_test_summary ("actions: keys and descriptions, grouped by action type");

  run_cli (&r, "actions");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");

  flow = strstr (r.out, "flow\n");
  tool = strstr (r.out, "\ntool\n");
  greet = strstr (r.out, "  /flow/greet ");
  g_assert_nonnull (flow);
  g_assert_nonnull (tool);
  g_assert_nonnull (greet);
  g_assert_true (flow < greet && greet < tool);
  g_assert_nonnull (strstr (greet, "Greets someone by name"));
  g_assert_nonnull (strstr (tool, "  /tool/add "));
}

/* run ---------------------------------------------------------------------------------------- */

static void
test_run_greet (void)
{
  g_auto(CliResult) r = { 0 };
  g_autoptr(JsonNode) node = NULL;

  g_test_summary ("run /flow/greet prints the result as JSON");

  run_cli (&r, "run", "/flow/greet", "{\"name\":\"Ada\"}");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  node = parse_json (r.out);
  g_assert_cmpstr (json_node_get_string (node), ==, "Hello, Ada!");
}

static void
test_run_stream (void)
{
  g_auto(CliResult) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *rest = NULL;
  JsonObject *object;

  g_test_summary ("run --stream prints each chunk as one JSON line, then the result");

  run_cli (&r, "run", "--stream", "/flow/countdown", "{\"count\":3}");
  g_assert_cmpint (r.status, ==, 0);

  lines = g_strsplit (r.out, "\n", 4);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "{\"n\":3}");
  g_assert_cmpstr (lines[1], ==, "{\"n\":2}");
  g_assert_cmpstr (lines[2], ==, "{\"n\":1}");

  result = parse_json (lines[3]);
  object = json_node_get_object (result);
  g_assert_true (json_object_get_boolean_member (object, "done"));
  g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 3);
}

static void
test_run_not_found (void)
{
  g_auto(CliResult) r = { 0 };

  g_test_summary ("run with an unknown key: exit 1, NOT_FOUND on stderr");

  run_cli (&r, "run", "/flow/nope", "{}");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "NOT_FOUND"));
  g_assert_nonnull (strstr (r.err, "/flow/nope"));
}

static void
test_run_invalid_input (void)
{
  g_auto(CliResult) r = { 0 };

  g_test_summary ("run with input that fails the schema: exit 1, Genkit's message on stderr");

  run_cli (&r, "run", "/flow/countdown", "{\"count\":\"three\"}");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "INVALID_ARGUMENT: Schema validation failed"));
  g_assert_nonnull (strstr (r.err, "count: must be integer"));
}

static void
test_run_flow_error (void)
{
  g_auto(CliResult) r = { 0 };

  g_test_summary ("A flow that fails: exit 1, its status and trace id on stderr");

  run_cli (&r, "run", "/flow/fail", "\"on purpose\"");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "INVALID_ARGUMENT: fail flow was asked to fail (on purpose)"));
  g_assert_nonnull (strstr (r.err, "trace: "));
}

static void
test_run_malformed_input (void)
{
  g_autofree char *missing = data_path ("no-such-file.json");
  g_auto(CliResult) r = { 0 };
  g_auto(CliResult) file = { 0 };
  g_auto(CliResult) both = { 0 };
  g_auto(CliResult) no_key = { 0 };

  g_test_summary ("run with INPUT-JSON that does not parse, or an unreadable input file: exit 2");

  run_cli (&r, "run", "/flow/greet", "{\"name\":");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  g_assert_nonnull (strstr (r.err, "INPUT-JSON:1:"));

  run_cli (&file, "run", "/flow/greet", "--input-file", missing);
  g_assert_cmpint (file.status, ==, 2);
  g_assert_nonnull (strstr (file.err, missing));

  run_cli (&both, "run", "/flow/greet", "{}", "--input-file", missing);
  g_assert_cmpint (both.status, ==, 2);

  run_cli (&no_key, "run");
  g_assert_cmpint (no_key.status, ==, 2);
}

static void
test_run_context_and_input_file (void)
{
  g_autofree char *input = data_path ("whoami-input.json");
  g_auto(CliResult) r = { 0 };
  g_auto(CliResult) bad = { 0 };
  g_auto(CliResult) piped = { 0 };
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) piped_node = NULL;
  JsonObject *result;

  g_test_summary ("--context reaches the action; --input-file reads the input from a file or stdin");

  run_cli (&r, "run", "/flow/whoami", "--context", "{\"auth\":{\"uid\":\"u1\"}}",
           "--input-file", input);
  g_assert_cmpint (r.status, ==, 0);
  node = parse_json (r.out);
  result = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (result, "input"), ==, "from a file");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (result, "context"),
                                                    "auth"),
                     "uid"), ==, "u1");

  run_cli_stdin (&piped, "{\"a\": 2, \"b\": 3}",
                 (const char * const []) { "run", "/tool/add", "--input-file", "-", NULL });
  g_assert_cmpint (piped.status, ==, 0);
  piped_node = parse_json (piped.out);
  g_assert_cmpfloat (json_node_get_double (piped_node), ==, 5.0);

  run_cli (&bad, "run", "/flow/whoami", "--context", "[1]");
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_nonnull (strstr (bad.err, "--context"));
}

static JsonObject *
find_span_by_path (JsonObject *spans,
                   const char *path)
{
  g_autoptr(GList) ids = json_object_get_members (spans);

  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *span = json_object_get_object_member (spans, l->data);
      JsonObject *attributes = json_object_get_object_member (span, "attributes");

      if (g_strcmp0 (json_object_get_string_member_with_default (attributes, "genkit:path", NULL),
                     path) == 0)
        return span;
    }

  return NULL;
}

static void
test_run_trace (void)
{
  g_auto(CliResult) r = { 0 };
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(JsonNode) trace = NULL;
  JsonObject *trace_object;
  JsonObject *spans;
  JsonObject *root;
  JsonObject *step;

  g_test_summary ("run --trace prints the run's TraceData after the result");

  run_cli (&r, "run", "--trace", "/flow/greet", "{\"name\":\"Ada\"}");
  g_assert_cmpint (r.status, ==, 0);

  documents = split_json_documents (r.out);
  g_assert_cmpuint (documents->len, ==, 2);
  result = parse_json (g_ptr_array_index (documents, 0));
  g_assert_cmpstr (json_node_get_string (result), ==, "Hello, Ada!");

  trace = parse_json (g_ptr_array_index (documents, 1));
  trace_object = json_node_get_object (trace);
  g_assert_cmpstr (json_object_get_string_member (trace_object, "displayName"), ==, "greet");
  spans = json_object_get_object_member (trace_object, "spans");
  /* As in the JavaScript sample app: the flow, its step, the generate turn and the model. */
  g_assert_cmpuint (json_object_get_size (spans), ==, 4);

  root = find_span_by_path (spans, "/{greet,t:flow}");
  step = find_span_by_path (spans, "/{greet,t:flow}/{build-prompt,t:flowStep}");
  g_assert_nonnull (root);
  g_assert_nonnull (step);
  g_assert_cmpstr (json_object_get_string_member (step, "parentSpanId"), ==,
                   json_object_get_string_member (root, "spanId"));
  g_assert_nonnull (find_span_by_path (spans, "/{greet,t:flow}/{generate,t:util}"));
  g_assert_nonnull (find_span_by_path (spans, "/{greet,t:flow}/{generate,t:util}/{echo,t:action,s:model}"));
}

static void
test_run_trace_of_failure (void)
{
  g_auto(CliResult) r = { 0 };
  g_autoptr(JsonNode) trace = NULL;
  JsonObject *spans;
  JsonObject *root;

  g_test_summary ("run --trace of a failing flow still prints its trace, with the error state");

  run_cli (&r, "run", "--trace", "/flow/fail", "\"on purpose\"");
  g_assert_cmpint (r.status, ==, 1);
  trace = parse_json (r.out);
  spans = json_object_get_object_member (json_node_get_object (trace), "spans");
  root = find_span_by_path (spans, "/{fail,t:flow}");
  g_assert_nonnull (root);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "attributes"),
                                                  "genkit:state"), ==, "error");
}

static void
test_run_sigint (void)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) err_stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_line = NULL;
  g_autoptr(GString) err = g_string_new (NULL);
  g_autoptr(GBytes) out = NULL;
  char *line;

  g_test_summary ("SIGINT during a run cancels it: CANCELLED on stderr, exit 130");

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, cli_path (), "run", "--verbose", "/flow/sleep",
                              "{\"ms\":60000}", NULL);
  g_assert_no_error (error);

  /* "trace: ID" comes once the run has started, with the SIGINT handler in place. */
  err_stream = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  first_line = g_data_input_stream_read_line_utf8 (err_stream, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first_line);
  g_assert_true (g_str_has_prefix (first_line, "trace: "));

  g_subprocess_send_signal (process, SIGINT);

  while ((line = g_data_input_stream_read_line_utf8 (err_stream, NULL, NULL, &error)) != NULL)
    {
      g_string_append_printf (err, "%s\n", line);
      g_free (line);
    }
  g_assert_no_error (error);

  out = g_input_stream_read_bytes (g_subprocess_get_stdout_pipe (process), 65536, NULL, &error);
  g_assert_no_error (error);

  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("stderr:\n%s", err->str);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 130);
  g_assert_cmpuint (g_bytes_get_size (out), ==, 0);
  g_assert_nonnull (strstr (err->str, "CANCELLED: Action was cancelled"));
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    remove_tree (child);

  g_file_delete (file, NULL, NULL);
}

/* The program gets a home and XDG directories of its own, so nothing it may store touches
 * the user's. (G_TEST_OPTION_ISOLATE_DIRS would isolate this process instead, and GLib 2.74
 * leaks the strings it replaces for every test case, which LeakSanitizer reports.) */
static char *
isolate_program_dirs (void)
{
  static const char * const variables[] = {
    "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
    "XDG_RUNTIME_DIR",
  };
  g_autoptr(GError) error = NULL;
  char *root = g_dir_make_tmp ("test-cli-XXXXXX", &error);

  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (variables); i++)
    {
      g_autofree char *dir = g_build_filename (root, variables[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (variables[i], dir, TRUE);
    }
  g_unsetenv ("XDG_CONFIG_DIRS");
  g_unsetenv ("XDG_DATA_DIRS");

  return root;
}

static void
test_run_spawn (void)
{
  g_auto(CliResult) r = { 0 };
  g_autofree char *serve = g_strdup_printf ("'%s' serve", cli_path ());

  g_test_summary ("--spawn starts a runtime over reflection API v2 (here our own serve), runs "
                  "the action there, and stops it; its output goes to stderr");

  run_cli (&r, "run", "/flow/greet", "{\"name\": \"Ada\"}", "--spawn", serve);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.out, ==, "\"Hello, Ada!\"\n");
  g_assert_nonnull (strstr (r.err, "reflection: ws://127.0.0.1:"));
  cli_result_clear (&r);

  run_cli (&r, "run", "/flow/greet", "{}", "--spawn", "false");
  g_assert_cmpint (r.status, ==, 1);
  g_assert_nonnull (strstr (r.err, "exited before its runtime registered"));
  cli_result_clear (&r);

  run_cli (&r, "actions", "--spawn", serve, "--runtime", "http://127.0.0.1:1");
  g_assert_cmpint (r.status, ==, 2);
  g_assert_nonnull (strstr (r.err, "--spawn starts its own runtime"));
  cli_result_clear (&r);

  run_cli (&r, "actions", "--spawn", "'unterminated");
  g_assert_cmpint (r.status, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dirs = isolate_program_dirs ();
  g_autoptr(GFile) dirs_file = g_file_new_for_path (dirs);
  int status;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help/top-level", test_help_top_level);
  g_test_add_func ("/cli/help/commands", test_help_commands);
  g_test_add_func ("/cli/help/bad-option", test_bad_option);
  g_test_add_func ("/cli/schema/valid", test_schema_valid);
  g_test_add_func ("/cli/schema/invalid", test_schema_invalid);
  g_test_add_func ("/cli/schema/json", test_schema_json);
  g_test_add_func ("/cli/schema/stdin", test_schema_stdin);
  g_test_add_func ("/cli/schema/malformed", test_schema_malformed);
  g_test_add_func ("/cli/schema/unusable", test_schema_unusable);
  g_test_add_func ("/cli/actions/json", test_actions_json);
  g_test_add_func ("/cli/actions/table", test_actions_table);
  g_test_add_func ("/cli/run/greet", test_run_greet);
  g_test_add_func ("/cli/run/stream", test_run_stream);
  g_test_add_func ("/cli/run/not-found", test_run_not_found);
  g_test_add_func ("/cli/run/invalid-input", test_run_invalid_input);
  g_test_add_func ("/cli/run/flow-error", test_run_flow_error);
  g_test_add_func ("/cli/run/malformed-input", test_run_malformed_input);
  g_test_add_func ("/cli/run/context-and-input-file", test_run_context_and_input_file);
  g_test_add_func ("/cli/run/trace", test_run_trace);
  g_test_add_func ("/cli/run/trace-of-failure", test_run_trace_of_failure);
  g_test_add_func ("/cli/run/sigint", test_run_sigint);
  g_test_add_func ("/cli/run/spawn", test_run_spawn);

  status = g_test_run ();
  remove_tree (dirs_file);
  return status;
}
