/* cli-common.c — what every command of genkit-studio-cli shares: the command table,
 * option parsing, JSON in and out, the built-in runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <genkit-eval.h>

#include "genkit-samples.h"
#include "genkit-providers.h"

#include "cli-common.h"

static gboolean
cli_is_help_flag (const char *arg)
{
  return g_str_equal (arg, "--help") || g_str_equal (arg, "-h") || g_str_equal (arg, "-?");
}

static char *
cli_format_usage (const char       *group,
                  const char       *summary,
                  const CliCommand *commands,
                  gsize             n_commands)
{
  GString *usage = g_string_new (NULL);
  gsize width = 0;

  for (gsize i = 0; i < n_commands; i++)
    width = MAX (width, strlen (commands[i].name));

  g_string_append_printf (usage, "Usage:\n  %s COMMAND [OPTION…] [ARGUMENT…]\n\n", group);
  if (summary != NULL)
    g_string_append_printf (usage, "%s\n\n", summary);
  g_string_append (usage, "Commands:\n");
  for (gsize i = 0; i < n_commands; i++)
    g_string_append_printf (usage, "  %-*s  %s\n", (int) width, commands[i].name, commands[i].summary);
  g_string_append_printf (usage,
                          "\nRun '%s COMMAND --help' to see the options of a command.\n", group);

  return g_string_free (usage, FALSE);
}

/**
 * cli_dispatch:
 * @group: how the user reaches this table: `genkit-studio-cli`, or a command group such as
 *   `genkit-studio-cli schema`
 * @summary: (nullable): a sentence about the group, shown by `--help`
 * @commands: (array length=n_commands): the commands of the group
 * @n_commands: the number of @commands
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): the group's arguments, the group's own name first
 *
 * Picks the command named by `argv[1]` and runs it with the arguments that follow,
 * after setting the program name to `@group COMMAND` (as `gio` does for its commands), so
 * the command's `--help` and its diagnostics say how it was called.
 *
 * `--help` (or `-h`) alone lists the commands on stdout; `help COMMAND` is the same as
 * `COMMAND --help`. No command or an unknown one is a usage error, explained on stderr.
 *
 * Returns: the command's exit status, or a #CliExit of its own
 */
int
cli_dispatch (const char        *group,
              const char        *summary,
              const CliCommand  *commands,
              gsize              n_commands,
              int                argc,
              char             **argv)
{
  g_autofree char *usage = NULL;
  const char *name;

  g_return_val_if_fail (group != NULL, CLI_EXIT_USAGE);
  g_return_val_if_fail (commands != NULL, CLI_EXIT_USAGE);
  g_return_val_if_fail (argc >= 1, CLI_EXIT_USAGE);

  usage = cli_format_usage (group, summary, commands, n_commands);

  if (argc < 2)
    {
      g_printerr ("%s", usage);
      return CLI_EXIT_USAGE;
    }

  name = argv[1];
  if (cli_is_help_flag (name) || (g_str_equal (name, "help") && argc == 2))
    {
      g_print ("%s", usage);
      return CLI_EXIT_OK;
    }

  if (g_str_equal (name, "help"))
    name = argv[2];

  for (gsize i = 0; i < n_commands; i++)
    {
      g_autofree char *prgname = NULL;

      if (!g_str_equal (commands[i].name, name))
        continue;

      prgname = g_strdup_printf ("%s %s", group, commands[i].name);
      g_set_prgname (prgname);

      if (g_str_equal (argv[1], "help"))
        {
          char *help_argv[] = { (char *) commands[i].name, (char *) "--help", NULL };

          return commands[i].func (2, help_argv);
        }

      return commands[i].func (argc - 1, argv + 1);
    }

  if (name[0] == '-')
    g_printerr ("%s: unknown option '%s'\n", group, name);
  else
    g_printerr ("%s: unknown command '%s'\n", group, name);
  g_printerr ("Run '%s --help' to see the commands.\n", group);
  return CLI_EXIT_USAGE;
}

/**
 * cli_printerr:
 * @format: a printf() format
 * @...: the arguments of @format
 *
 * Prints one diagnostic line on stderr, prefixed with the program name
 * (`genkit-studio-cli run: …`); the newline is added.
 */
void
cli_printerr (const char *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\n", g_get_prgname (), message);
}

/**
 * cli_fail:
 * @error: what went wrong
 * @status: the exit status to return
 *
 * Prints @error's message the way [func@cli_printerr] does; what every command does when a
 * step fails, so that it can `return cli_fail (error, CLI_EXIT_FAILURE);`.
 *
 * Returns: @status
 */
int
cli_fail (const GError *error,
          int           status)
{
  cli_printerr ("%s", error->message);
  return status;
}

/**
 * cli_option_context_new:
 * @parameter_string: (nullable): the positional arguments, as `--help` shows them after
 *   `[OPTION…]` (`KEY [INPUT-JSON]`)
 * @summary: (nullable): what the command does, shown by `--help`
 * @entries: (nullable): the command's options, terminated by an empty entry
 *
 * Creates the option context of one command.
 *
 * Returns: (transfer full): a new #GOptionContext
 */
GOptionContext *
cli_option_context_new (const char         *parameter_string,
                        const char         *summary,
                        const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter_string);

  if (summary != NULL)
    g_option_context_set_summary (context, summary);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, NULL);

  return context;
}

/**
 * cli_option_context_parse:
 * @context: the command's option context
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): the command's arguments, its name first
 * @arguments: (out) (transfer full): what remains after the options: the command's name, then
 *   its positional arguments in order (a `--` that ended the options is dropped)
 *
 * Parses a command's options. `--help` prints the help on stdout and exits with status 0,
 * as GOption does. A bad option is reported on stderr with a hint to use `--help`.
 *
 * Returns: %TRUE if the options parsed; %FALSE after reporting the problem (the caller
 *   exits with %CLI_EXIT_USAGE)
 */
gboolean
cli_option_context_parse (GOptionContext  *context,
                          int              argc,
                          char           **argv,
                          GStrv           *arguments)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) args = NULL;

  g_return_val_if_fail (context != NULL, FALSE);
  g_return_val_if_fail (arguments != NULL, FALSE);

  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);

  if (!g_option_context_parse_strv (context, &args, &error))
    {
      cli_printerr ("%s", error->message);
      g_printerr ("Run '%s --help' to see the options.\n", g_get_prgname ());
      return FALSE;
    }

  /* GOption stops at `--` but leaves it in place; what follows it is positional. */
  for (guint i = 1; args[i] != NULL; i++)
    {
      if (!g_str_equal (args[i], "--"))
        continue;
      g_free (args[i]);
      memmove (&args[i], &args[i + 1], (g_strv_length (&args[i + 1]) + 1) * sizeof (char *));
      break;
    }

  *arguments = g_steal_pointer (&args);
  return TRUE;
}

/**
 * cli_print_json:
 * @node: (nullable): a JSON value; %NULL prints `null`
 * @pretty: %TRUE for indented output over several lines, %FALSE for one line
 *
 * Prints @node on stdout followed by a newline, and flushes, so a reader of a pipe sees each
 * streamed chunk as it comes.
 */
void
cli_print_json (JsonNode *node,
                gboolean  pretty)
{
  g_autoptr(JsonNode) null_node = NULL;
  g_autofree char *text = NULL;

  if (node == NULL)
    node = null_node = json_node_new (JSON_NODE_NULL);

  text = json_to_string (node, pretty);
  g_print ("%s\n", text);
  fflush (stdout);
}

/**
 * cli_parse_json:
 * @text: JSON text
 * @length: the length of @text in bytes, or -1 if it is nul-terminated
 * @label: what to call the text in errors: a file name, `<stdin>`, `INPUT-JSON`
 * @error: return location for an error
 *
 * Parses one JSON document. A syntax error reads `LABEL:LINE:COLUMN: Parse error: …`
 * (json-glib's message, with @label for the place), an empty document
 * `LABEL: no JSON value`.
 *
 * Returns: (transfer full): the document's root, or %NULL with @error set in
 *   `JSON_PARSER_ERROR`
 */
JsonNode *
cli_parse_json (const char  *text,
                gssize       length,
                const char  *label,
                GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (label != NULL, NULL);

  if ((root = genkit_json_parse (text, length, &local_error)) == NULL)
    {
      /* json-glib says "<data>:LINE:COLUMN: …" for text it did not read from a file. */
      const char *message = local_error->message;

      if (g_str_has_prefix (message, "<data>:"))
        g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                     "%s%s", label, message + strlen ("<data>"));
      else if (g_str_equal (message, "The JSON text is empty"))
        g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                     "%s: no JSON value (the text is empty)", label);
      else
        g_set_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE, "%s: %s", label, message);
      return NULL;
    }

  return root;
}

static char *
cli_read_stdin (gsize   *length,
                GError **error)
{
  GString *data = g_string_new (NULL);
  char buffer[8192];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (data, buffer, n);

  if (ferror (stdin))
    {
      g_set_error_literal (error, G_FILE_ERROR, G_FILE_ERROR_IO,
                           "Failed to read from standard input");
      g_string_free (data, TRUE);
      return NULL;
    }

  *length = data->len;
  return g_string_free (data, FALSE);
}

/**
 * cli_read_json_file:
 * @path: a file name, or `-` for standard input
 * @error: return location for an error
 *
 * Reads and parses a JSON file. Errors name the file: GLib's "Failed to open file …: No such file or directory"
 * when it cannot be read, `x:LINE:COLUMN: Parse error: …` when it is not JSON (`<stdin>` for
 * standard input).
 *
 * Returns: (transfer full): the document's root, or %NULL with @error set
 */
JsonNode *
cli_read_json_file (const char  *path,
                    GError     **error)
{
  g_autofree char *contents = NULL;
  gsize length = 0;
  const char *label = path;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_str_equal (path, "-"))
    {
      label = "<stdin>";
      contents = cli_read_stdin (&length, error);
    }
  else if (!g_file_get_contents (path, &contents, &length, error))
    {
      g_clear_pointer (&contents, g_free);
    }

  if (contents == NULL)
    return NULL;

  return cli_parse_json (contents, (gssize) length, label, error);
}

/**
 * cli_registry_new:
 * @error: return location for an error
 *
 * Creates the built-in runtime: a new registry with the sample actions
 * (`genkit_samples_register()`) and agents (`genkit_samples_register_agents()`, their
 * snapshots in the default session store), the model providers (`genkit_providers_register_builtin()`,
 * which makes no network call until a model is used or the actions are listed) and the
 * built-in evaluators (`genkit_eval_define_builtin_evaluators()`; the judge evaluators' default
 * model is `$GENKIT_EVAL_JUDGE`).
 *
 * Returns: (transfer full): the registry, or %NULL with @error set
 */
GenkitRegistry *
cli_registry_new (GError **error)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(JsonObject) judge_defaults = NULL;

  /* The judge evaluators' model when a request names none (`genkit eval:flow` never does). */
  if (g_getenv ("GENKIT_EVAL_JUDGE") != NULL && *g_getenv ("GENKIT_EVAL_JUDGE") != '\0')
    {
      judge_defaults = json_object_new ();
      json_object_set_string_member (judge_defaults, "judge", g_getenv ("GENKIT_EVAL_JUDGE"));
    }

  if (!genkit_samples_register (registry, error) ||
      !genkit_samples_register_agents (registry, NULL, error) ||
      !genkit_providers_register_builtin (registry, error) ||
      !genkit_eval_define_builtin_evaluators (registry, judge_defaults, error))
    return NULL;

  return g_steal_pointer (&registry);
}

/**
 * cli_store_result_cb:
 * @object: (nullable): the source object
 * @result: the result of an async call
 * @user_data: a `GAsyncResult **` to store a reference to @result in
 *
 * A #GAsyncReadyCallback for commands that wait for one async call with
 * cli_wait_for_result().
 */
void
cli_store_result_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert (out != NULL && *out == NULL);

  *out = g_object_ref (result);
}

/**
 * cli_wait_for_result:
 * @result: where cli_store_result_cb() stores the result
 *
 * Iterates the default main context until @result is set: chunks, signals and timeouts are
 * dispatched meanwhile.
 */
void
cli_wait_for_result (GAsyncResult **result)
{
  g_return_if_fail (result != NULL);

  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

/**
 * cli_drain_main_context:
 *
 * Dispatches whatever the default main context still has ready (idle callbacks that release
 * the last references of a finished run), so the command exits with nothing left behind.
 */
void
cli_drain_main_context (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}
