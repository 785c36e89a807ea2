/* test-cli-prompt.c — runs `genkit-studio-cli prompt render|run` and checks its output
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The render cases of data/cli/cases.json compare byte for byte with what JavaScript
 * Dotprompt's render()/renderMetadata() printed for the same arguments
 * (data/capture-cli-render.mjs wrote data/cli/NAME.expected.json).
 */

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

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

static char *
cli_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "cli", name, NULL);
}

/* Runs the CLI with @args (NULL-terminated, without the program) in data/cli/. */
static void
run_cli_argv (CliResult          *result,
              const char * const *args)
{
  const char *cli = g_getenv ("GENKIT_STUDIO_CLI");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cwd = cli_data_path (".");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &result->out, &result->err, &error);
  g_assert_no_error (error);
  result->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process)
                                                         : -1;
  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", result->status, result->out, result->err);
}

#define run_cli(result, ...) \
  run_cli_argv ((result), (const char * const []) { __VA_ARGS__, NULL })

static char *
node_to_compact_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* Every render case of cases.json: the CLI's stdout equals the JavaScript output. */
static void
test_render_cases (void)
{
  g_autofree char *path = cli_data_path ("cases.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *cases;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  cases = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (cases), >=, 4);

  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);
      const char *name = json_object_get_string_member (c, "name");
      g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *expected_path = NULL;
      g_autofree char *expected = NULL;
      g_auto(CliResult) result = { 0 };

      g_test_message ("case %s", name);
      g_ptr_array_add (args, g_strdup ("prompt"));
      g_ptr_array_add (args, g_strdup ("render"));
      g_ptr_array_add (args, g_strdup (json_object_get_string_member (c, "file")));
      if (json_object_has_member (c, "data"))
        {
          g_ptr_array_add (args, g_strdup ("--data"));
          g_ptr_array_add (args, node_to_compact_json (json_object_get_member (c, "data")));
        }
      if (json_object_has_member (c, "input"))
        {
          g_ptr_array_add (args, g_strdup ("--input"));
          g_ptr_array_add (args, node_to_compact_json (json_object_get_member (c, "input")));
        }
      if (json_object_has_member (c, "options"))
        {
          g_ptr_array_add (args, g_strdup ("--options"));
          g_ptr_array_add (args, node_to_compact_json (json_object_get_member (c, "options")));
        }
      if (json_object_has_member (c, "partials"))
        {
          g_ptr_array_add (args, g_strdup ("--partials"));
          g_ptr_array_add (args, g_strdup (json_object_get_string_member (c, "partials")));
        }
      if (json_object_get_boolean_member_with_default (c, "metadataOnly", FALSE))
        g_ptr_array_add (args, g_strdup ("--metadata-only"));
      g_ptr_array_add (args, NULL);

      run_cli_argv (&result, (const char * const *) args->pdata);
      g_assert_cmpint (result.status, ==, 0);
      g_assert_cmpstr (result.err, ==, "");

      expected_path = g_strconcat (name, ".expected.json", NULL);
      g_free (g_steal_pointer (&path));
      path = cli_data_path (expected_path);
      g_file_get_contents (path, &expected, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (result.out, ==, expected);
    }
}

/* Each failure names the file, line and column and exits with the documented status. */
static void
test_render_errors (void)
{
  static const struct
  {
    const char *args[8];
    int         status;
    const char *message;
  } cases[] = {
    /* A YAML error: where libyaml stopped, in file lines (the fence is line 1). */
    { { "prompt", "render", "broken-yaml.prompt" }, 2,
      "prompt render: broken-yaml.prompt:5:6: invalid YAML frontmatter: did not find expected "
      "',' or ']' while parsing a flow sequence (started at line 4, column 16)\n" },
    /* An unclosed block: where it opens. */
    { { "prompt", "render", "unclosed.prompt" }, 1,
      "prompt render: unclosed.prompt:5:1: unclosed block {{#each}}: the template ends before "
      "{{/each}}\n" },
    /* A bad Picoschema type: the position of the YAML scalar. */
    { { "prompt", "render", "bad-type.prompt" }, 1,
      "prompt render: bad-type.prompt:4:12: Picoschema: could not find schema with name "
      "'strin'\n" },
    /* An unknown partial without --partials. */
    { { "prompt", "render", "story.prompt", "--input", "{\"topic\":\"x\"}" }, 1,
      "prompt render: story.prompt:34:1: The partial signature could not be found\n" },
    { { "prompt", "render", "story.prompt", "--data", "[1]" }, 2,
      "prompt render: --data: must be a JSON object\n" },
    { { "prompt", "render", "story.prompt", "--options", "true" }, 2,
      "prompt render: --options: must be a JSON object\n" },
    { { "prompt", "render" }, 2, "prompt render: missing the FILE.prompt to render\n" },
    { { "prompt", "render", "story.prompt", "extra" }, 2,
      "prompt render: unexpected argument 'extra'\n" },
    { { "prompt", "run" }, 2, "prompt run: missing the FILE.prompt to run\n" },
    { { "prompt", "run", "bad-type.prompt" }, 1,
      "prompt run: bad-type.prompt:4:12: Picoschema: could not find schema with name "
      "'strin'\n" },
    { { "prompt", "render", "story.prompt", "--partials", "no-such-dir" }, 2, NULL },
    { { "prompt", "render", "no-such.prompt" }, 2, NULL },
    { { "prompt", "render", "story.prompt", "--input", "{" }, 2, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(CliResult) result = { 0 };

      run_cli_argv (&result, cases[i].args);
      g_assert_cmpint (result.status, ==, cases[i].status);
      g_assert_cmpstr (result.out, ==, "");
      if (cases[i].message != NULL)
        {
          g_assert_true (g_str_has_prefix (result.err, "genkit-studio-cli "));
          g_assert_cmpstr (result.err + strlen ("genkit-studio-cli "), ==, cases[i].message);
        }
      else
        {
          g_assert_cmpstr (result.err, !=, "");
        }
    }
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static const char *
get_text (JsonObject *message,
          guint       part)
{
  JsonArray *content = json_object_get_array_member (message, "content");

  return json_object_get_string_member (json_array_get_object_element (content, part), "text");
}

/* `prompt run` renders and generates with the built-in runtime's echo model. */
static void
test_run (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *response;
  JsonObject *request;
  JsonArray *messages;

  run_cli (&result, "prompt", "run", "echo.prompt", "--input", "{\"name\":\"Ann\"}");
  g_assert_cmpint (result.status, ==, 0);
  node = parse_json (result.out);
  response = json_node_get_object (node);
  g_assert_cmpstr (get_text (json_object_get_object_member (response, "message"), 0), ==,
                   "Hello Ann!");
  g_assert_cmpstr (json_object_get_string_member (response, "finishReason"), ==, "stop");
  request = json_object_get_object_member (response, "request");
  messages = json_object_get_array_member (request, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  g_assert_cmpstr (get_text (json_array_get_object_element (messages, 0), 0), ==, "Be nice.\n");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (request,
                                                                                   "config"),
                                                    "temperature"), ==, 0.1);
}

/* --options: config over the file's, history inserted before the last user message. */
static void
test_run_options (void)
{
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *request;
  JsonArray *messages;

  run_cli (&result, "prompt", "run", "echo.prompt", "--input", "{\"name\":\"Bo\"}", "--options",
           "{\"config\":{\"temperature\":0.5},"
           "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"earlier\"}]}]}");
  g_assert_cmpint (result.status, ==, 0);
  node = parse_json (result.out);
  request = json_object_get_object_member (json_node_get_object (node), "request");
  messages = json_object_get_array_member (request, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 3);
  g_assert_cmpstr (get_text (json_array_get_object_element (messages, 1), 0), ==, "earlier");
  g_assert_cmpstr (get_text (json_array_get_object_element (messages, 2), 0), ==, "Hello Bo!");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (request,
                                                                                   "config"),
                                                    "temperature"), ==, 0.5);
}

/* --stream: one compact JSON line per chunk, then the pretty-printed response. */
static void
test_run_stream (void)
{
  g_auto(CliResult) result = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) chunks_text = g_string_new (NULL);
  g_autoptr(GString) rest = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  guint n_chunks = 0;

  run_cli (&result, "prompt", "run", "echo.prompt", "--input", "{\"name\":\"Cy\"}", "--stream");
  g_assert_cmpint (result.status, ==, 0);
  lines = g_strsplit (result.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (rest->len == 0 && g_str_has_prefix (lines[i], "{\"role\":\"model\""))
        {
          g_autoptr(JsonNode) chunk = parse_json (lines[i]);

          g_string_append (chunks_text, get_text (json_node_get_object (chunk), 0));
          n_chunks++;
        }
      else
        {
          g_string_append (rest, lines[i]);
          g_string_append_c (rest, '\n');
        }
    }
  g_assert_cmpuint (n_chunks, >=, 2);
  g_assert_cmpstr (chunks_text->str, ==, "Hello Cy!");
  node = parse_json (rest->str);
  g_assert_cmpstr (get_text (json_object_get_object_member (json_node_get_object (node),
                                                            "message"), 0), ==, "Hello Cy!");
}

/* A model the registry does not have fails the run with status 1. */
static void
test_run_unknown_model (void)
{
  g_autofree char *dir = g_dir_make_tmp ("cli-prompt-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "nosuch.prompt", NULL);
  g_auto(CliResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "---\nmodel: nosuch\n---\nHi\n", -1, &error);
  g_assert_no_error (error);
  run_cli (&result, "prompt", "run", path);
  g_assert_cmpint (result.status, ==, 1);
  g_assert_cmpstr (result.out, ==, "");
  g_assert_nonnull (strstr (result.err, "nosuch"));
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli-prompt/render/cases", test_render_cases);
  g_test_add_func ("/cli-prompt/render/errors", test_render_errors);
  g_test_add_func ("/cli-prompt/run/echo", test_run);
  g_test_add_func ("/cli-prompt/run/options", test_run_options);
  g_test_add_func ("/cli-prompt/run/stream", test_run_stream);
  g_test_add_func ("/cli-prompt/run/unknown-model", test_run_unknown_model);

  return g_test_run ();
}
