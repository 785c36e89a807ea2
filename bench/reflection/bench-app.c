/* bench-app.c — the js-baseline benchmark app (echoFlow, streamFlow, ACTIONS=K extra flows) on our runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib-unix.h>
#include <genkit.h>

/* The C twin of shared/bench/js-baseline/app.mjs, minus its echo model and genFlow, so the
 * harness's clients (coldstart.mjs, seqlat, wrkrun) can drive both runtimes alike (APP_CMD).
 *
 * Env, as app.mjs: GENKIT_ENV=dev serves the reflection API (first free port from 3100, the
 * discovery file under the project root of the current directory); anything else defines
 * every flow and exits. ACTIONS=K adds extraFlow0..extraFlow<K-1> (default 0); STREAM_CHUNKS
 * is streamFlow's default chunk count (default 100). */

/* The JSON Schemas the JavaScript runtime lists for app.mjs's zod schemas (GET /api/actions
 * of genkit 1.42). */
#define DRAFT_07 "\"$schema\":\"http://json-schema.org/draft-07/schema#\""

static const char string_schema[] = "{\"type\":\"string\"," DRAFT_07 "}";

/* z.number().int().optional() */
static const char optional_int_schema[] =
  "{\"anyOf\":[{\"not\":{}},{\"type\":\"integer\"}]," DRAFT_07 "}";

/* z.object({ query: z.string().describe('query text'),
 *            limit: z.number().int().min(1).max(100).optional(),
 *            tags: z.array(z.string()).optional() }) */
static const char extra_input_schema[] =
  "{\"type\":\"object\",\"properties\":{"
    "\"query\":{\"type\":\"string\",\"description\":\"query text\"},"
    "\"limit\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100},"
    "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
  "\"required\":[\"query\"],\"additionalProperties\":true," DRAFT_07 "}";

typedef struct
{
  JsonNode *string;
  JsonNode *optional_int;
  JsonNode *extra_input;
} Schemas;

static void
schemas_clear (Schemas *schemas)
{
  g_clear_pointer (&schemas->string, json_node_unref);
  g_clear_pointer (&schemas->optional_int, json_node_unref);
  g_clear_pointer (&schemas->extra_input, json_node_unref);
}

static gboolean
schemas_init (Schemas  *schemas,
              GError  **error)
{
  return (schemas->string = json_from_string (string_schema, error)) != NULL &&
         (schemas->optional_int = json_from_string (optional_int_schema, error)) != NULL &&
         (schemas->extra_input = json_from_string (extra_input_schema, error)) != NULL;
}

/* A non-negative integer from the environment, or @fallback when unset. */
static gboolean
env_count (const char  *name,
           guint64      fallback,
           guint64     *count,
           GError     **error)
{
  const char *text = g_getenv (name);

  if (text == NULL || *text == '\0')
    {
      *count = fallback;
      return TRUE;
    }
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT32, count, error);
}

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* echoFlow: string -> the same string. */
static void
echo_flow (GenkitActionRun *run,
           JsonNode        *input,
           gpointer         user_data)
{
  genkit_action_run_return_value (run, json_node_copy (input));
}

/* streamFlow: streams `chunk i` for i < count (input, else STREAM_CHUNKS), returns `sent N`. */
static void
stream_flow (GenkitActionRun *run,
             JsonNode        *input,
             gpointer         user_data)
{
  gint64 count = GPOINTER_TO_SIZE (user_data);
  g_autofree char *result = NULL;

  if (input != NULL && json_node_get_value_type (input) == G_TYPE_INT64)
    count = json_node_get_int (input);

  for (gint64 i = 0; i < count; i++)
    {
      g_autofree char *text = g_strdup_printf ("chunk %" G_GINT64_FORMAT, i);
      g_autoptr(JsonNode) chunk = string_node (text);

      genkit_action_run_send_chunk (run, chunk);
    }

  result = g_strdup_printf ("sent %" G_GINT64_FORMAT, count);
  genkit_action_run_return_value (run, string_node (result));
}

/* extraFlow<i>: { query, limit?, tags? } -> `<i>:<query>`. */
static void
extra_flow (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  const char *query = json_object_get_string_member (json_node_get_object (input), "query");
  g_autofree char *result = g_strdup_printf ("%u:%s", GPOINTER_TO_UINT (user_data), query);

  genkit_action_run_return_value (run, string_node (result));
}

static gboolean
define_flow (GenkitRegistry    *registry,
             const char        *name,
             GenkitActionFunc   func,
             gpointer           user_data,
             JsonNode          *input_schema,
             JsonNode          *output_schema,
             GError           **error)
{
  g_autoptr(GenkitFlow) flow = genkit_flow_new (name, func, user_data, NULL);

  return genkit_action_set_input_schema (GENKIT_ACTION (flow), input_schema, error) &&
         genkit_action_set_output_schema (GENKIT_ACTION (flow), output_schema, error) &&
         genkit_registry_register_action (registry, GENKIT_ACTION (flow), error);
}

static gboolean
define_everything (GenkitRegistry  *registry,
                   guint            extra_flows,
                   guint            stream_chunks,
                   GError         **error)
{
  Schemas schemas = { 0 };
  gboolean ok;

  ok = schemas_init (&schemas, error) &&
       define_flow (registry, "echoFlow", echo_flow, NULL,
                    schemas.string, schemas.string, error) &&
       define_flow (registry, "streamFlow", stream_flow, GSIZE_TO_POINTER (stream_chunks),
                    schemas.optional_int, schemas.string, error);

  for (guint i = 0; ok && i < extra_flows; i++)
    {
      char name[32];

      g_snprintf (name, sizeof name, "extraFlow%u", i);
      ok = define_flow (registry, name, extra_flow, GUINT_TO_POINTER (i),
                        schemas.extra_input, schemas.string, error);
    }

  schemas_clear (&schemas);
  return ok;
}

typedef struct
{
  GMainLoop              *loop;
  GenkitReflectionServer *server;
  guint                   sigint_id;
  guint                   sigterm_id;
} Serve;

static void
serve_remove_signal_sources (Serve *serve)
{
  g_clear_handle_id (&serve->sigint_id, g_source_remove);
  g_clear_handle_id (&serve->sigterm_id, g_source_remove);
}

/* SIGINT, SIGTERM and /api/__quitquitquit: stop serving (removes the discovery file), quit. */
static gboolean
serve_stop_cb (gpointer user_data)
{
  Serve *serve = user_data;

  serve_remove_signal_sources (serve);
  genkit_reflection_server_stop (serve->server);
  g_main_loop_quit (serve->loop);
  return G_SOURCE_REMOVE;
}

static void
serve_quit_requested_cb (GenkitReflectionServer *server,
                         gpointer                user_data)
{
  serve_stop_cb (user_data);
}

static int
serve (GenkitRegistry *registry)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitLocalRuntime) runtime = genkit_local_runtime_new (registry);
  g_autoptr(GenkitReflectionServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *root = genkit_find_project_root (cwd);
  Serve state = { 0 };

  genkit_local_runtime_set_name (runtime, "genkit-bench-app");
  server = genkit_reflection_server_new (GENKIT_RUNTIME (runtime));
  if (!genkit_reflection_server_listen (server, 0, &error) ||
      !genkit_reflection_server_write_runtime_file (server, root, &error))
    {
      g_printerr ("genkit-bench-app: %s\n", error->message);
      return EXIT_FAILURE;
    }

  state.loop = loop;
  state.server = server;
  state.sigint_id = g_unix_signal_add (SIGINT, serve_stop_cb, &state);
  state.sigterm_id = g_unix_signal_add (SIGTERM, serve_stop_cb, &state);
  g_signal_connect (server, "quit-requested", G_CALLBACK (serve_quit_requested_cb), &state);

  g_print ("reflection: %s\n", genkit_reflection_server_get_url (server));
  fflush (stdout);

  g_main_loop_run (loop);

  serve_remove_signal_sources (&state);
  g_signal_handlers_disconnect_by_data (server, &state);
  return EXIT_SUCCESS;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  guint64 extra_flows;
  guint64 stream_chunks;

  if (argc > 1)
    {
      g_printerr ("usage: %s   (env: GENKIT_ENV=dev to serve, ACTIONS=K, STREAM_CHUNKS=N)\n", argv[0]);
      return EXIT_FAILURE;
    }

  if (!env_count ("ACTIONS", 0, &extra_flows, &error) ||
      !env_count ("STREAM_CHUNKS", 100, &stream_chunks, &error))
    {
      g_printerr ("genkit-bench-app: ACTIONS / STREAM_CHUNKS: %s\n", error->message);
      return EXIT_FAILURE;
    }

  registry = genkit_registry_new ();
  if (!define_everything (registry, (guint) extra_flows, (guint) stream_chunks, &error))
    {
      g_printerr ("genkit-bench-app: cannot define the flows: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Like the JavaScript runtime: the reflection server only runs in the dev environment. */
  if (g_strcmp0 (g_getenv ("GENKIT_ENV"), "dev") != 0)
    return EXIT_SUCCESS;

  return serve (registry);
}
