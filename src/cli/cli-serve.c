/* cli-serve.c — `genkit-studio-cli serve`: the built-in runtime, for the Genkit CLI and the studio
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdio.h>

#include <glib-unix.h>

#include <genkit-telemetry.h>

#include "cli-commands.h"
#include "cli-common.h"

typedef struct
{
  GMainLoop                *loop;
  GenkitReflectionServer   *server;
  GenkitReflectionV2Client *v2_client;
  int                       signal_number;
} Serve;

/* Says on stderr when the Genkit tools (reflection v2) took the runtime, or lost it. */
static void
cli_serve_registered_cb (GObject    *object,
                         GParamSpec *pspec,
                         gpointer    user_data)
{
  GenkitReflectionV2Client *client = GENKIT_REFLECTION_V2_CLIENT (object);

  if (genkit_reflection_v2_client_get_registered (client))
    g_printerr ("registered as %s with %s\n", genkit_reflection_v2_client_get_runtime_id (client),
                genkit_reflection_v2_client_get_url (client));
  else
    g_printerr ("the connection to %s closed; connecting again\n",
                genkit_reflection_v2_client_get_url (client));
}

/* Stops serving (which removes the runtime file) and ends the loop. */
static void
cli_serve_stop (Serve *serve)
{
  if (serve->server != NULL)
    genkit_reflection_server_stop (serve->server);
  if (serve->v2_client != NULL)
    {
      g_signal_handlers_disconnect_by_func (serve->v2_client, cli_serve_registered_cb, NULL);
      genkit_reflection_v2_client_stop (serve->v2_client);
    }
  g_main_loop_quit (serve->loop);
}

static gboolean
cli_serve_sigint_cb (gpointer user_data)
{
  Serve *serve = user_data;

  serve->signal_number = SIGINT;
  cli_serve_stop (serve);
  return G_SOURCE_REMOVE;
}

static gboolean
cli_serve_sigterm_cb (gpointer user_data)
{
  Serve *serve = user_data;

  serve->signal_number = SIGTERM;
  cli_serve_stop (serve);
  return G_SOURCE_REMOVE;
}

static void
cli_serve_quit_requested_cb (GenkitReflectionServer *server,
                             gpointer                user_data)
{
  cli_serve_stop (user_data);
}

/* Like the JavaScript runtime, only announce the runtime once every plugin is ready (its
 * listing works): the Genkit CLI lists actions as soon as the file appears. */
static gboolean
cli_serve_init_plugins (GenkitRegistry  *registry,
                        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_registry_init_plugins_async (registry, NULL, cli_store_result_cb, &result);
  cli_wait_for_result (&result);
  return genkit_registry_init_plugins_finish (registry, result, error);
}

/**
 * cli_serve_main:
 * @argc: the number of arguments
 * @argv: (array length=argc): `serve` and its options
 *
 * Runs the built-in runtime with its reflection server until SIGINT, SIGTERM or
 * `/api/__quitquitquit`: listens (first free port from 3100, or `--port`), writes the
 * discovery file under the project root, and prints `reflection: URL` on a line of its own.
 * When `GENKIT_REFLECTION_V2_SERVER` is set (`genkit eval:flow … -- genkit-studio-cli serve`,
 * `genkit start --experimental-reflection-v2`), it serves over reflection API v2 instead: no
 * HTTP server and no discovery file; it connects to that WebSocket (again whenever the
 * connection drops) and prints `reflection: ws://…`.
 * Beside it runs a Genkit telemetry server over the trace store (first free port from 4033,
 * or `--telemetry-port`; `telemetry: URL`), which the runtime's own spans go to directly;
 * they are also exported to the telemetry server named by `GENKIT_TELEMETRY_SERVER` or by
 * the Genkit CLI's `/api/notify`, as a JavaScript runtime's are.
 *
 * Returns: a #CliExit status
 */
int
cli_serve_main (int    argc,
                char **argv)
{
  g_autofree char *project = NULL;
  g_autofree char *store_path = NULL;
  int port = 0;
  int telemetry_port = 0;
  const GOptionEntry entries[] = {
    { "project", 'p', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &project,
      "The project directory; its root (found as the Genkit CLI finds it) gets "
      ".genkit/runtimes/ (default: the current directory)", "DIR" },
    { "port", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &port,
      "Listen on this port instead of the first free one from 3100", "N" },
    { "telemetry-port", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &telemetry_port,
      "Serve the telemetry API on this port instead of the first free one from 4033", "N" },
    { "store", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &store_path,
      "The trace store (SQLite) to keep traces in (default: "
      "$XDG_DATA_HOME/genkit-studio/traces.db)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(GenkitLocalRuntime) runtime = NULL;
  g_autoptr(GenkitReflectionServer) server = NULL;
  g_autoptr(GenkitReflectionV2Client) v2_client = NULL;
  const char *v2_url;
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GenkitTelemetryServer) telemetry = NULL;
  g_autoptr(GenkitStoreSpanProcessor) store_processor = NULL;
  g_autoptr(GenkitTelemetryExporter) exporter = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *telemetry_url = NULL;
  g_autofree char *start_dir = NULL;
  g_autofree char *root = NULL;
  Serve serve = { 0 };

  context = cli_option_context_new (NULL,
                                    "Runs the built-in runtime (the sample flows) with Genkit's "
                                    "reflection API,\nso the Genkit CLI ('genkit flow:run', "
                                    "'genkit start', 'genkit eval:flow') and the\nstudio can find "
                                    "and run its actions. Stops on Ctrl+C.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;

  if (g_strv_length (args) > 1)
    {
      cli_printerr ("unexpected argument '%s'", args[1]);
      return CLI_EXIT_USAGE;
    }
  if (port < 0 || port > 65535 || telemetry_port < 0 || telemetry_port > 65535)
    {
      cli_printerr ("--port and --telemetry-port must be between 1 and 65535");
      return CLI_EXIT_USAGE;
    }

  start_dir = project ? g_canonicalize_filename (project, NULL) : g_get_current_dir ();
  if (!g_file_test (start_dir, G_FILE_TEST_IS_DIR))
    {
      cli_printerr ("%s is not a directory", start_dir);
      return CLI_EXIT_USAGE;
    }
  root = genkit_find_project_root (start_dir);

  if (!(registry = cli_registry_new (&error)) || !cli_serve_init_plugins (registry, &error))
    {
      cli_printerr ("cannot set up the built-in runtime: %s", error->message);
      return CLI_EXIT_FAILURE;
    }

  if (!(store = genkit_trace_store_new (store_path, &error)))
    {
      cli_printerr ("cannot open the trace store: %s", error->message);
      return CLI_EXIT_FAILURE;
    }
  telemetry = genkit_telemetry_server_new (store);
  if (!(telemetry_port ? genkit_telemetry_server_listen (telemetry, (guint) telemetry_port, &error)
                       : genkit_telemetry_server_listen_default (telemetry, &error)))
    {
      cli_printerr ("cannot start the telemetry server: %s", error->message);
      return CLI_EXIT_FAILURE;
    }
  telemetry_url = genkit_telemetry_server_get_url (telemetry);

  runtime = genkit_local_runtime_new (registry);
  genkit_local_runtime_set_name (runtime, "genkit-studio");

  /* Our spans go straight into our store; the exporter follows whatever telemetry server the
   * environment or the Genkit CLI names, like a JavaScript runtime's. */
  store_processor = genkit_store_span_processor_new (store);
  genkit_tracer_add_processor (genkit_registry_get_tracer (registry),
                               GENKIT_SPAN_PROCESSOR (store_processor));
  exporter = genkit_tracing_setup_telemetry_export (genkit_registry_get_tracer (registry));
  g_object_bind_property (runtime, "telemetry-server-url", exporter, "server-url",
                          G_BINDING_SYNC_CREATE);
  loop = g_main_loop_new (NULL, FALSE);
  serve.loop = loop;
  g_unix_signal_add (SIGINT, cli_serve_sigint_cb, &serve);
  g_unix_signal_add (SIGTERM, cli_serve_sigterm_cb, &serve);

  v2_url = g_getenv ("GENKIT_REFLECTION_V2_SERVER");
  if (v2_url != NULL && *v2_url != '\0')
    {
      v2_client = genkit_reflection_v2_client_new (GENKIT_RUNTIME (runtime), v2_url);
      serve.v2_client = v2_client;
      g_signal_connect (v2_client, "notify::registered", G_CALLBACK (cli_serve_registered_cb), NULL);
      genkit_reflection_v2_client_start (v2_client);
      g_print ("reflection: %s\n", v2_url);
    }
  else
    {
      server = genkit_reflection_server_new (GENKIT_RUNTIME (runtime));
      if (!genkit_reflection_server_listen (server, (guint) port, &error) ||
          !genkit_reflection_server_write_runtime_file (server, root, &error))
        {
          cli_printerr ("%s", error->message);
          return CLI_EXIT_FAILURE;
        }
      serve.server = server;
      g_signal_connect (server, "quit-requested", G_CALLBACK (cli_serve_quit_requested_cb), &serve);
      g_print ("reflection: %s\n", genkit_reflection_server_get_url (server));
    }
  g_print ("telemetry: %s\n", telemetry_url);
  fflush (stdout);
  if (server != NULL)
    g_printerr ("runtime file: %s\n", genkit_reflection_server_get_runtime_file (server));

  g_main_loop_run (loop);

  /* Nothing a run produced may be lost on the way out. */
  {
    g_autoptr(GError) flush_error = NULL;

    if (!genkit_flush_tracing (&flush_error))
      cli_printerr ("some traces could not be written: %s", flush_error->message);
  }
  genkit_telemetry_server_disconnect (telemetry);
  cli_drain_main_context ();

  return serve.signal_number == SIGINT ? CLI_EXIT_INTERRUPTED : CLI_EXIT_OK;
}
