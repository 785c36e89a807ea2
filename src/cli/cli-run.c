/* cli-run.c — `genkit-studio-cli run`: runs one action of a runtime (the built-in one by default)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include <glib-unix.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-runtime.h"

typedef struct
{
  gboolean      verbose;
  char         *trace_id;        /* from the started callback; NULL until the span exists */
  GCancellable *cancellable;
  guint         sigint_id;
  gboolean      interrupted;
} CliRun;

static void
cli_run_clear (CliRun *self)
{
  g_clear_handle_id (&self->sigint_id, g_source_remove);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->trace_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRun, cli_run_clear)

static void
cli_run_chunk_cb (JsonNode *chunk,
                  gpointer  user_data)
{
  cli_print_json (chunk, FALSE);
}

static void
cli_run_started_cb (const char *trace_id,
                    const char *span_id,
                    gpointer    user_data)
{
  CliRun *self = user_data;

  g_free (self->trace_id);
  self->trace_id = g_strdup (trace_id);

  if (self->verbose)
    g_printerr ("trace: %s\n", trace_id);
}

static gboolean
cli_run_sigint_cb (gpointer user_data)
{
  CliRun *self = user_data;

  /* The run reports its own CANCELLED error; a second Ctrl+C, with the handler gone,
   * ends the process at once. */
  self->interrupted = TRUE;
  self->sigint_id = 0;
  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

static void
cli_run_print_error (CliRun       *self,
                     const GError *error,
                     const char   *trace_id)
{
  g_autoptr(JsonNode) status = genkit_error_to_status (error, trace_id);
  JsonObject *object = json_node_get_object (status);
  const char *name = genkit_error_code_to_name (json_object_get_int_member (object, "code"));
  const char *message = json_object_get_string_member (object, "message");

  /* The status message is what Genkit shows, "NAME: message" (several lines for a schema
   * failure), printed as text so those lines stay readable. Genkit words a cancellation
   * without the name; the name is what a script looks for. */
  if (g_str_has_prefix (message, name) && message[strlen (name)] == ':')
    cli_printerr ("%s", message);
  else
    cli_printerr ("%s: %s", name, message);

  if (trace_id != NULL && !self->verbose)
    g_printerr ("trace: %s\n", trace_id);
}

static JsonNode *
cli_run_read_input (const char  *input_json,
                    const char  *input_file,
                    GError     **error)
{
  if (input_json != NULL)
    return cli_parse_json (input_json, -1, "INPUT-JSON", error);
  if (input_file != NULL)
    return cli_read_json_file (input_file, error);
  return NULL;
}

static void
cli_run_print_trace (GenkitRegistry            *registry,
                     GenkitMemorySpanProcessor *processor,
                     const char                *trace_id)
{
  g_autoptr(GAsyncResult) flushed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = NULL;

  /* Exporters may hold spans back; the memory processor gets them when the tracer flushes. */
  genkit_tracer_flush_async (genkit_registry_get_tracer (registry), NULL,
                             cli_store_result_cb, &flushed);
  cli_wait_for_result (&flushed);
  if (!genkit_tracer_flush_finish (genkit_registry_get_tracer (registry), flushed, &error))
    cli_printerr ("could not flush the trace: %s", error->message);

  if (trace_id == NULL || !(trace = genkit_memory_span_processor_get_trace (processor, trace_id)))
    {
      cli_printerr ("no trace was recorded (the run failed before it started)");
      return;
    }

  cli_print_json (trace, TRUE);
}

/**
 * cli_run_main:
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): `run`, then its options and arguments
 *
 * The `run` command: runs one action of a runtime ([method@Genkit.Runtime.run_action_async]):
 * the built-in one, or the one `--runtime` or `--project` names (cli_runtime_open()), and
 * prints its result as JSON on stdout. With
 * `--stream` each chunk is printed first, as one compact JSON line when it arrives; with
 * `--trace` the run's `TraceData` follows the result. A failed run prints Genkit's status
 * message on stderr and exits with %CLI_EXIT_FAILURE; SIGINT cancels the run and exits
 * with %CLI_EXIT_INTERRUPTED.
 *
 * Returns: a #CliExit status
 */
int
cli_run_main (int    argc,
              char **argv)
{
  gboolean stream = FALSE;
  gboolean trace = FALSE;
  gboolean verbose = FALSE;
  g_autofree char *context_json = NULL;
  g_autofree char *input_file = NULL;
  g_auto(CliRuntimeOptions) runtime_options = { 0 };
  const GOptionEntry entries[] = {
    { "stream", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &stream,
      "Stream: print each chunk as one JSON line as it arrives, then the result", NULL },
    { "context", 'c', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &context_json,
      "The action context, a JSON object (such as {\"auth\": {\"uid\": \"u1\"}})", "JSON" },
    { "input-file", 'i', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &input_file,
      "Read the input from FILE ('-' for standard input) instead of INPUT-JSON", "FILE" },
    { "trace", 't', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &trace,
      "After the result, print the run's whole trace (Genkit's TraceData) as JSON", NULL },
    { "verbose", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &verbose,
      "Print 'trace: TRACE-ID' on stderr as soon as the run starts", NULL },
    CLI_RUNTIME_OPTION_ENTRIES (&runtime_options),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonNode) action_context = NULL;
  g_autoptr(GenkitRuntime) runtime = NULL;
  GenkitRegistry *registry = NULL;
  g_autoptr(GenkitMemorySpanProcessor) processor = NULL;
  g_autoptr(GenkitRunOptions) options = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_auto(CliRun) run = { 0 };
  const char *key;
  const char *trace_id;
  guint n_args;

  context = cli_option_context_new ("KEY [INPUT-JSON]",
                                    "Runs an action, such as /flow/greet, and prints its result "
                                    "as JSON.\n"
                                    "The runtime is the built-in one, or the one --runtime or "
                                    "--project names.\n"
                                    "The input is INPUT-JSON, or the contents of --input-file, "
                                    "or none.\n"
                                    "\n"
                                    "Exits with 0 when the run succeeds, 1 when it fails (the "
                                    "Genkit status on stderr),\n"
                                    "2 for unusable arguments (such as input that is not JSON), "
                                    "130 when interrupted.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;

  n_args = g_strv_length (args);
  if (n_args < 2)
    {
      cli_printerr ("missing the KEY of the action to run (see 'genkit-studio-cli actions')");
      return CLI_EXIT_USAGE;
    }
  if (n_args > 3)
    {
      cli_printerr ("unexpected argument '%s'", args[3]);
      return CLI_EXIT_USAGE;
    }
  if (n_args == 3 && input_file != NULL)
    {
      cli_printerr ("give the input either as INPUT-JSON or with --input-file, not both");
      return CLI_EXIT_USAGE;
    }
  key = args[1];

  if (!(input = cli_run_read_input (n_args == 3 ? args[2] : NULL, input_file, &error)) &&
      error != NULL)
    {
      cli_printerr ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  if (context_json != NULL)
    {
      if (!(action_context = cli_parse_json (context_json, -1, "--context", &error)))
        return cli_fail (error, CLI_EXIT_USAGE);
      if (!JSON_NODE_HOLDS_OBJECT (action_context))
        {
          cli_printerr ("--context: must be a JSON object");
          return CLI_EXIT_USAGE;
        }
    }

  if (trace && !cli_runtime_options_is_builtin (&runtime_options))
    {
      cli_printerr ("--trace needs the built-in runtime; another runtime sends its traces to "
                    "its telemetry server");
      return CLI_EXIT_USAGE;
    }

  if (!(runtime = cli_runtime_open (&runtime_options, &error)))
    {
      if (cli_runtime_options_is_builtin (&runtime_options))
        {
          cli_printerr ("cannot set up the built-in runtime: %s", error->message);
          return CLI_EXIT_FAILURE;
        }
      cli_printerr ("%s", error->message);
      return cli_runtime_exit_status (error);
    }
  if (GENKIT_IS_LOCAL_RUNTIME (runtime))
    registry = genkit_local_runtime_get_registry (GENKIT_LOCAL_RUNTIME (runtime));

  if (trace)
    {
      processor = genkit_memory_span_processor_new ();
      genkit_tracer_add_processor (genkit_registry_get_tracer (registry),
                                   GENKIT_SPAN_PROCESSOR (processor));
    }

  run.verbose = verbose;
  run.cancellable = g_cancellable_new ();

  options = genkit_run_options_new ();
  if (action_context != NULL)
    genkit_run_options_set_context (options, json_node_get_object (action_context));
  if (stream)
    genkit_run_options_set_stream_func (options, cli_run_chunk_cb, NULL, NULL);
  genkit_run_options_set_started_func (options, cli_run_started_cb, &run, NULL);

  run.sigint_id = g_unix_signal_add (SIGINT, cli_run_sigint_cb, &run);

  genkit_runtime_run_action_async (runtime, key, input, options, run.cancellable,
                                   cli_store_result_cb, &result);
  cli_wait_for_result (&result);
  action_result = genkit_runtime_run_action_finish (runtime, result, &error);

  g_clear_handle_id (&run.sigint_id, g_source_remove);
  cli_drain_main_context ();

  trace_id = action_result != NULL ? genkit_action_result_get_trace_id (action_result)
                                   : run.trace_id;

  if (action_result != NULL)
    cli_print_json (genkit_action_result_get_result (action_result), TRUE);
  else
    cli_run_print_error (&run, error, trace_id);

  if (trace)
    {
      cli_run_print_trace (registry, processor, trace_id);
      /* The kept spans reference the tracer, which references the processor: break the
       * cycle so all of them are freed. */
      genkit_tracer_remove_processor (genkit_registry_get_tracer (registry),
                                      GENKIT_SPAN_PROCESSOR (processor));
    }

  /* The options point at `run`, which goes away with this frame. */
  g_clear_pointer (&options, genkit_run_options_unref);
  cli_drain_main_context ();

  if (action_result != NULL)
    return CLI_EXIT_OK;
  if (run.interrupted && genkit_error_get_code (error) == GENKIT_ERROR_CANCELLED)
    return CLI_EXIT_INTERRUPTED;
  return CLI_EXIT_FAILURE;
}
