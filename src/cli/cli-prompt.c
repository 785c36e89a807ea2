/* cli-prompt.c — `genkit-studio-cli prompt`: render a .prompt file, or render and generate
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>

#include <genkit-dotprompt-lib.h>

#include "cli-commands.h"
#include "cli-common.h"

/* Prints @node as JSON.stringify(node, null, indent) does, so the output compares byte for
 * byte with the JavaScript tools'. */
static void
cli_prompt_print (JsonNode *node,
                  guint     indent)
{
  g_autofree char *text = genkit_dotprompt_json_stringify (node, indent);

  g_print ("%s\n", text != NULL ? text : "null");
  fflush (stdout);
}

static JsonObject *
cli_prompt_parse_object (const char  *json,
                         const char  *label,
                         GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (!(node = cli_parse_json (json, -1, label, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_INVALID_DATA,
                   "%s: must be a JSON object", label);
      return NULL;
    }
  return json_object_ref (json_node_get_object (node));
}

/* --partials DIR: every NAME.prompt or _NAME.prompt in DIR is the partial NAME. */
static gboolean
cli_prompt_load_partials (GenkitDotprompt  *dotprompt,
                          const char       *dir_path,
                          GError          **error)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!(dir = g_dir_open (dir_path, 0, error)))
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autofree char *partial = NULL;
      const char *start = name[0] == '_' ? name + 1 : name;

      if (!g_str_has_suffix (name, ".prompt") || strlen (start) <= strlen (".prompt"))
        continue;
      path = g_build_filename (dir_path, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      if (!g_file_get_contents (path, &contents, NULL, error))
        return FALSE;
      partial = g_strndup (start, strlen (start) - strlen (".prompt"));
      genkit_dotprompt_define_partial (dotprompt, partial, contents, path);
    }
  return TRUE;
}

/* The options common to render and run. */
typedef struct
{
  char     *input_json;
  char     *data_json;
  char     *options_json;
  char     *partials_dir;
  gboolean  metadata_only;
  gboolean  stream;
} CliPromptArgs;

static void
cli_prompt_args_clear (CliPromptArgs *args)
{
  g_clear_pointer (&args->input_json, g_free);
  g_clear_pointer (&args->data_json, g_free);
  g_clear_pointer (&args->options_json, g_free);
  g_clear_pointer (&args->partials_dir, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliPromptArgs, cli_prompt_args_clear)

/* Parses the options and the FILE argument; reports problems itself. */
static gboolean
cli_prompt_parse_args (int             argc,
                       char          **argv,
                       gboolean        run,
                       CliPromptArgs  *args,
                       char          **file)
{
  const GOptionEntry render_entries[] = {
    { "input", 'i', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &args->input_json,
      "The prompt's input variables, a JSON object (the data argument's input)", "JSON" },
    { "data", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &args->data_json,
      "The whole data argument: {\"input\", \"context\", \"messages\", \"docs\"}", "JSON" },
    { "options", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &args->options_json,
      "Render options, prompt metadata such as {\"input\": {\"default\": {…}}}", "JSON" },
    { "partials", 'p', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &args->partials_dir,
      "Register every NAME.prompt or _NAME.prompt in DIR as the partial NAME", "DIR" },
    { "metadata-only", 'm', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &args->metadata_only,
      "Print only the resolved metadata (Dotprompt's renderMetadata)", NULL },
    G_OPTION_ENTRY_NULL
  };
  const GOptionEntry run_entries[] = {
    { "input", 'i', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &args->input_json,
      "The prompt's input, a JSON value", "JSON" },
    { "options", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &args->options_json,
      "Options over the rendered ones: {\"config\": …, \"messages\": [history], \"context\": …}",
      "JSON" },
    { "partials", 'p', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &args->partials_dir,
      "Register every NAME.prompt or _NAME.prompt in DIR as the partial NAME", "DIR" },
    { "stream", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &args->stream,
      "Print each streamed chunk as one JSON line as it arrives, then the response", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) positional = NULL;

  if (run)
    context = cli_option_context_new ("FILE.prompt",
                                      "Renders a .prompt file and generates with its model, as "
                                      "calling a Genkit executable prompt\n"
                                      "does, in the built-in runtime (the 'echo' model answers "
                                      "without a key); prints the\n"
                                      "GenerateResponse as JSON.\n"
                                      "\n"
                                      "Exits with 0 on success, 1 when rendering or generating "
                                      "fails, 2 for unusable\n"
                                      "arguments or a .prompt file that does not parse, 130 when "
                                      "interrupted.",
                                      run_entries);
  else
    context = cli_option_context_new ("FILE.prompt",
                                      "Renders a .prompt file with Dotprompt and prints the "
                                      "result as JSON: the object\n"
                                      "Dotprompt's render() returns (config, ext, metadata, "
                                      "messages, model, output, raw, ...).\n"
                                      "\n"
                                      "Exits with 0 on success, 1 when rendering fails (a "
                                      "template error, an unknown helper\n"
                                      "or partial, a bad schema; with FILE:LINE:COLUMN), 2 for "
                                      "unusable arguments or a\n"
                                      ".prompt file that does not parse.",
                                      render_entries);

  if (!cli_option_context_parse (context, argc, argv, &positional))
    return FALSE;

  if (g_strv_length (positional) < 2)
    {
      cli_printerr ("missing the FILE.prompt to %s", run ? "run" : "render");
      return FALSE;
    }
  if (g_strv_length (positional) > 2)
    {
      cli_printerr ("unexpected argument '%s'", positional[2]);
      return FALSE;
    }
  *file = g_strdup (positional[1]);
  return TRUE;
}

static int
cli_prompt_render_main (int    argc,
                        char **argv)
{
  g_auto(CliPromptArgs) args = { 0 };
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
  g_autoptr(GenkitParsedPrompt) prompt = NULL;
  g_autoptr(JsonObject) data = NULL;
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!cli_prompt_parse_args (argc, argv, FALSE, &args, &file))
    return CLI_EXIT_USAGE;

  if (args.data_json != NULL)
    {
      if (!(data = cli_prompt_parse_object (args.data_json, "--data", &error)))
        goto usage_error;
    }
  else
    {
      data = json_object_new ();
    }
  if (args.input_json != NULL)
    {
      g_autoptr(JsonNode) input = cli_parse_json (args.input_json, -1, "--input", &error);

      if (input == NULL)
        goto usage_error;
      json_object_set_member (data, "input", g_steal_pointer (&input));
    }
  if (args.options_json != NULL &&
      !(options = cli_prompt_parse_object (args.options_json, "--options", &error)))
    goto usage_error;
  if (args.partials_dir != NULL && !cli_prompt_load_partials (dotprompt, args.partials_dir, &error))
    goto usage_error;
  if (!(prompt = genkit_parsed_prompt_new_from_file (file, GENKIT_PARSED_PROMPT_NONE, &error)))
    goto usage_error;

  if (args.metadata_only)
    result = genkit_dotprompt_render_metadata (dotprompt, prompt, options, &error);
  else
    result = genkit_dotprompt_render (dotprompt, prompt, data, options, &error);
  if (result == NULL)
    return cli_fail (error, CLI_EXIT_FAILURE);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, result);
  cli_prompt_print (node, 2);
  return CLI_EXIT_OK;

usage_error:
  cli_printerr ("%s", error->message);
  return CLI_EXIT_USAGE;
}

typedef struct
{
  GCancellable *cancellable;
  guint         sigint_id;
  gboolean      interrupted;
} CliPromptRun;

static gboolean
cli_prompt_sigint_cb (gpointer user_data)
{
  CliPromptRun *self = user_data;

  self->interrupted = TRUE;
  self->sigint_id = 0;
  g_cancellable_cancel (self->cancellable);
  return G_SOURCE_REMOVE;
}

static void
cli_prompt_chunk_cb (GenkitGenerateResponseChunk *chunk,
                     gpointer                     user_data)
{
  g_autoptr(JsonNode) node = genkit_generate_response_chunk_to_json (chunk);

  cli_prompt_print (node, 0);
}

static int
cli_prompt_run_main (int    argc,
                     char **argv)
{
  g_auto(CliPromptArgs) args = { 0 };
  g_autofree char *file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
  g_autoptr(GenkitPrompt) prompt = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  CliPromptRun run = { 0 };

  if (!cli_prompt_parse_args (argc, argv, TRUE, &args, &file))
    return CLI_EXIT_USAGE;

  if (args.input_json != NULL && !(input = cli_parse_json (args.input_json, -1, "--input", &error)))
    goto usage_error;
  if (args.options_json != NULL &&
      !(options = cli_prompt_parse_object (args.options_json, "--options", &error)))
    goto usage_error;
  if (args.partials_dir != NULL && !cli_prompt_load_partials (dotprompt, args.partials_dir, &error))
    goto usage_error;
  if (!(prompt = genkit_prompt_new_from_file (dotprompt, file, NULL, &error)))
    goto usage_error;

  if (!(registry = cli_registry_new (&error)))
    {
      cli_printerr ("cannot set up the built-in runtime: %s", error->message);
      return CLI_EXIT_FAILURE;
    }

  run.cancellable = g_cancellable_new ();
  run.sigint_id = g_unix_signal_add (SIGINT, cli_prompt_sigint_cb, &run);

  genkit_prompt_generate_async (prompt, registry, NULL, input, options,
                                args.stream ? cli_prompt_chunk_cb : NULL, NULL,
                                run.cancellable, cli_store_result_cb, &result);
  cli_wait_for_result (&result);
  response = genkit_prompt_generate_finish (prompt, result, &error);

  g_clear_handle_id (&run.sigint_id, g_source_remove);
  g_clear_object (&run.cancellable);
  cli_drain_main_context ();

  if (response == NULL)
    {
      cli_printerr ("%s", error->message);
      if (run.interrupted && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return CLI_EXIT_INTERRUPTED;
      if (run.interrupted && genkit_error_get_code (error) == GENKIT_ERROR_CANCELLED)
        return CLI_EXIT_INTERRUPTED;
      return CLI_EXIT_FAILURE;
    }

  {
    g_autoptr(JsonNode) node = genkit_generate_response_to_json (response);

    cli_prompt_print (node, 2);
  }
  return CLI_EXIT_OK;

usage_error:
  cli_printerr ("%s", error->message);
  return CLI_EXIT_USAGE;
}

static const CliCommand cli_prompt_commands[] = {
  { "render", "Render a .prompt file to Dotprompt's result (messages, config, ...)",
    cli_prompt_render_main },
  { "run", "Render a .prompt file and generate with its model", cli_prompt_run_main },
};

/**
 * cli_prompt_main:
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): `prompt`, then a subcommand and its arguments
 *
 * The `prompt` command group: `prompt render FILE.prompt [--input JSON] [--data JSON]
 * [--options JSON] [--partials DIR] [--metadata-only]` prints Dotprompt's render (or
 * renderMetadata) result; `prompt run FILE.prompt [--input JSON] [--options JSON]
 * [--partials DIR] [--stream]` renders and generates in the built-in runtime.
 *
 * Returns: a #CliExit status
 */
int
cli_prompt_main (int    argc,
                 char **argv)
{
  return cli_dispatch ("genkit-studio-cli prompt",
                       "Dotprompt tools: render .prompt files, run them against a model.",
                       cli_prompt_commands, G_N_ELEMENTS (cli_prompt_commands), argc, argv);
}
