/* test-e2e-telemetry.c — our telemetry server and exporter against the real JavaScript peers
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * 1. The sample app of ../shared/fixtures/genkit-js/app runs with GENKIT_ENV=dev,
 *    GENKIT_TELEMETRY_SERVER pointing at our GenkitTelemetryServer and
 *    GENKIT_ENABLE_REALTIME_TELEMETRY=true (what `genkit start` gives the runtime it launches).
 *    We find it through its discovery file and run flows with POST /api/runAction: the start
 *    of a slow flow reaches our store while the flow is still running, and the greet flow's
 *    trace ends up complete in our store (its four spans, all ended, with Genkit's attributes).
 * 2. The real @genkit-ai/telemetry-server runs on its own (the fixtures' capture script
 *    telemetry-standalone.cjs); spans of our engine, sent by GenkitTelemetryExporter through a
 *    GenkitRealtimeSpanProcessor, are accepted there, and the trace is listed and served back.
 *
 * The JavaScript packages come from `npm ci` of the sample app's package-lock.json, cached
 * like test-e2e-js-runtime does; if npm or the registry cannot be reached the test fails and
 * says so.
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <genkit.h>
#include <genkit-telemetry.h>
#include <libsoup/soup.h>

#include "e2e-util.h"

#define START_TIMEOUT_S 90

/* Helpers --------------------------------------------------------------------------------- */

/* A project directory holding the app, with node_modules linked from the cache. */
static char *
make_project (const char *node_modules)
{
  g_autofree char *root = g_dir_make_tmp ("genkit-e2e-telemetry-XXXXXX", NULL);
  g_autofree char *prompts = NULL;
  g_autofree char *from_prompts = NULL;
  g_autofree char *from_capture = NULL;
  g_autofree char *link = NULL;

  g_assert_nonnull (root);
  e2e_copy_file (e2e_app_dir (), root, "app.mjs");
  e2e_copy_file (e2e_app_dir (), root, "package.json");
  prompts = g_build_filename (root, "prompts", NULL);
  from_prompts = g_build_filename (e2e_app_dir (), "prompts", NULL);
  g_assert_cmpint (g_mkdir (prompts, 0755), ==, 0);
  e2e_copy_file (from_prompts, prompts, "hello.prompt");
  from_capture = g_build_filename (e2e_app_dir (), "capture", NULL);
  e2e_copy_file (from_capture, root, "telemetry-standalone.cjs");
  link = g_build_filename (root, "node_modules", NULL);
  g_assert_cmpint (symlink (node_modules, link), ==, 0);
  return g_steal_pointer (&root);
}

static GSubprocess *
spawn_node (const char         *root,
            const char         *log_name,
            const char * const *env,
            const char * const *argv)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autofree char *log = g_build_filename (root, log_name, NULL);
  g_autofree char *node = g_find_program_in_path ("node");
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  if (node == NULL)
    g_error ("node is not installed: this end-to-end test needs Node.js");

  g_subprocess_launcher_set_cwd (launcher, root);
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_TELEMETRY_SERVER");
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_ENABLE_REALTIME_TELEMETRY");
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_RUNTIME_ID");
  for (guint i = 0; env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, e2e_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

static char *
read_log (const char *root,
          const char *name)
{
  g_autofree char *path = g_build_filename (root, name, NULL);
  char *text = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("(no output)");
  return text;
}

static void
stop_process (GSubprocess *process)
{
  g_subprocess_send_signal (process, SIGKILL);
  g_subprocess_wait (process, NULL, NULL);
}

/* Iterates the main context for at most @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, e2e_flag_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static JsonNode *
store_get_trace (GenkitTraceStore *store,
                 const char       *trace_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *trace;

  genkit_trace_store_flush_async (store, NULL, e2e_result_cb, &result);
  g_assert_true (genkit_trace_store_flush_finish (store, e2e_wait_result (&result, 30), &error));
  g_clear_object (&result);
  genkit_trace_store_get_trace_async (store, trace_id, NULL, e2e_result_cb, &result);
  trace = genkit_trace_store_get_trace_finish (store, e2e_wait_result (&result, 30), &error);
  /* Not there yet: the runtime exports asynchronously. */
  if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND))
    return NULL;
  g_assert_no_error (error);
  return trace;
}

/* TRUE when @trace (nullable) has @n_spans spans, all ended, and the trace has its end time. */
static gboolean
trace_is_complete (JsonNode *trace,
                   guint     n_spans)
{
  JsonObject *object;
  JsonObject *spans;
  g_autoptr(GList) members = NULL;

  if (trace == NULL || !JSON_NODE_HOLDS_OBJECT (trace))
    return FALSE;
  object = json_node_get_object (trace);
  if (!json_object_has_member (object, "endTime") ||
      json_object_get_double_member (object, "endTime") <= 0 ||
      !json_object_has_member (object, "spans"))
    return FALSE;
  spans = json_object_get_object_member (object, "spans");
  if (json_object_get_size (spans) != n_spans)
    return FALSE;
  members = json_object_get_values (spans);
  for (GList *l = members; l != NULL; l = l->next)
    if (json_object_get_double_member (json_node_get_object (l->data), "endTime") <= 0)
      return FALSE;
  return TRUE;
}

static JsonObject *
span_named (JsonNode   *trace,
            const char *name)
{
  JsonObject *spans = json_object_get_object_member (json_node_get_object (trace), "spans");
  g_autoptr(GList) members = json_object_get_values (spans);

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *span = json_node_get_object (l->data);

      if (g_strcmp0 (json_object_get_string_member (span, "displayName"), name) == 0)
        return span;
    }
  g_error ("The trace has no span named %s", name);
  return NULL;
}

static const char *
attribute (JsonObject *span,
           const char *name)
{
  JsonObject *attributes = json_object_get_object_member (span, "attributes");

  if (!json_object_has_member (attributes, name))
    return NULL;
  return json_object_get_string_member (attributes, name);
}

/* What our store announced, in order. */
typedef struct
{
  gboolean  started;
  char     *trace_id;
  char     *span_id;
  char     *name;
  gboolean  has_parent;
  double    end_time;
  gint64    when;
} StoreEvent;

static void
store_event_clear (gpointer data)
{
  StoreEvent *event = data;

  g_free (event->trace_id);
  g_free (event->span_id);
  g_free (event->name);
}

static void
record_event (GArray     *events,
              gboolean    started,
              const char *trace_id,
              JsonNode   *span)
{
  JsonObject *object = json_node_get_object (span);
  StoreEvent event = {
    .started = started,
    .trace_id = g_strdup (trace_id),
    .span_id = g_strdup (json_object_get_string_member (object, "spanId")),
    .name = g_strdup (json_object_get_string_member (object, "displayName")),
    .has_parent = json_object_has_member (object, "parentSpanId"),
    .end_time = json_object_get_double_member_with_default (object, "endTime", 0),
    .when = g_get_monotonic_time (),
  };

  g_array_append_val (events, event);
}

static void
span_started_cb (GenkitTraceStore *store,
                 const char       *trace_id,
                 JsonNode         *span,
                 GArray           *events)
{
  record_event (events, TRUE, trace_id, span);
}

static void
span_ended_cb (GenkitTraceStore *store,
               const char       *trace_id,
               JsonNode         *span,
               GArray           *events)
{
  record_event (events, FALSE, trace_id, span);
}

typedef struct
{
  char   *trace_id;
  gint64  started;
} RunData;

static void
run_started_cb (const char *trace_id,
                const char *span_id,
                gpointer    user_data)
{
  RunData *data = user_data;

  data->trace_id = g_strdup (trace_id);
  data->started = g_get_monotonic_time ();
}

/* Runs @key on the JavaScript runtime; returns when the run has answered. */
static GenkitActionResult *
run_js (GenkitRuntime *runtime,
        const char    *key,
        const char    *input_json,
        RunData       *data,
        gint64        *finished)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) input = json_from_string (input_json, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GenkitActionResult *answer;

  genkit_run_options_set_started_func (options, run_started_cb, data, NULL);
  genkit_runtime_run_action_async (runtime, key, input, options, NULL, e2e_result_cb, &result);
  e2e_wait_result (&result, 60);
  *finished = g_get_monotonic_time ();
  answer = genkit_runtime_run_action_finish (runtime, result, &error);
  g_assert_no_error (error);
  return answer;
}

/* The JavaScript runtime → our telemetry server ------------------------------------------ */

static void
test_js_runtime_to_our_server (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = make_project (node_modules);
  g_autofree char *db = g_build_filename (root, "traces.db", NULL);
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GenkitTelemetryServer) server = NULL;
  g_autoptr(GenkitRuntimeMonitor) monitor = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, TRUE, sizeof (StoreEvent));
  g_autoptr(GenkitActionResult) slept = NULL;
  g_autoptr(GenkitActionResult) greeted = NULL;
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *url = NULL;
  RunData sleep_data = { 0 };
  RunData greet_data = { 0 };
  gint64 sleep_finished;
  gint64 greet_finished;
  gint64 root_start_seen = 0;
  gint64 deadline;
  GenkitRuntime *runtime;
  gboolean timed_out = FALSE;
  guint source;
  JsonObject *greet_span, *step_span, *generate_span, *model_span;
  JsonArray *listed;
  gboolean found = FALSE;

  g_test_summary ("The JavaScript sample app in dev mode, told our server by the runtime "
                  "monitor's POST /api/notify (its per-runtime URL), with realtime telemetry on: "
                  "span starts arrive while a flow runs, the greet flow's trace is complete in "
                  "our store and recorded as that runtime's");

  g_array_set_clear_func (events, store_event_clear);
  store = genkit_trace_store_new (db, &error);
  g_assert_no_error (error);
  g_signal_connect (store, "span-started", G_CALLBACK (span_started_cb), events);
  g_signal_connect (store, "span-ended", G_CALLBACK (span_ended_cb), events);
  server = genkit_telemetry_server_new (store);
  g_assert_true (genkit_telemetry_server_listen (server, 0, &error));
  g_assert_no_error (error);
  url = genkit_telemetry_server_get_url (server);

  monitor = genkit_runtime_monitor_new (root);
  genkit_runtime_monitor_set_health_check_interval (monitor, 500);
  genkit_runtime_monitor_set_telemetry_server_url (monitor, url);
  g_assert_true (genkit_runtime_monitor_start (monitor, &error));
  g_assert_no_error (error);

  app = spawn_node (root, "app.log",
                    (const char *const[]) { "GENKIT_ENV", "dev",
                                            "GENKIT_ENABLE_REALTIME_TELEMETRY", "true", NULL },
                    (const char *const[]) { "node", "app.mjs", NULL });
  source = g_timeout_add_seconds (START_TIMEOUT_S, e2e_flag_timeout_cb, &timed_out);
  while (g_list_model_get_n_items (G_LIST_MODEL (monitor)) == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_autofree char *log = read_log (root, "app.log");

      g_error ("The JavaScript runtime did not appear within %d s. Its output:\n%s",
               START_TIMEOUT_S, log);
    }
  g_source_remove (source);
  runtime = genkit_runtime_monitor_get_current_runtime (monitor);
  g_assert_nonnull (runtime);

  /* A flow that sleeps 2 s: its root span's start (endTime 0) reaches our store while it
   * still runs, before the answer. (How much before depends on the machine's load: the
   * JavaScript runtime exports asynchronously.) */
  slept = run_js (runtime, "/flow/sleep", "{\"ms\":2000}", &sleep_data, &sleep_finished);
  g_assert_nonnull (sleep_data.trace_id);
  for (guint i = 0; i < events->len; i++)
    {
      StoreEvent *event = &g_array_index (events, StoreEvent, i);

      if (event->started && !event->has_parent &&
          g_strcmp0 (event->trace_id, sleep_data.trace_id) == 0)
        {
          g_assert_cmpstr (event->name, ==, "sleep");
          g_assert_cmpfloat (event->end_time, ==, 0);
          root_start_seen = event->when;
          break;
        }
    }
  if (root_start_seen == 0)
    g_error ("No realtime start of the sleep flow reached our store before the flow ended");
  g_assert_cmpint (root_start_seen, <, sleep_finished);

  /* greet: build-prompt, generate and the echo model under the flow. The ends are sent when
   * the spans end, around the answer: wait for all of them. */
  greeted = run_js (runtime, "/flow/greet", "{\"name\":\"Ada\"}", &greet_data, &greet_finished);
  g_assert_cmpstr (genkit_action_result_get_trace_id (greeted), ==, greet_data.trace_id);
  deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      g_clear_pointer (&trace, json_node_unref);
      trace = store_get_trace (store, greet_data.trace_id);
      if (trace_is_complete (trace, 4) || g_get_monotonic_time () > deadline)
        break;
      spin (100);
    }
  if (!trace_is_complete (trace, 4))
    {
      g_autofree char *text = trace ? json_to_string (trace, TRUE) : g_strdup ("(none)");

      g_error ("The greet trace is not complete in our store within 30 s:\n%s", text);
    }

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (trace), "displayName"), ==, "greet");
  greet_span = span_named (trace, "greet");
  step_span = span_named (trace, "build-prompt");
  generate_span = span_named (trace, "generate");
  model_span = span_named (trace, "echo");
  g_assert_false (json_object_has_member (greet_span, "parentSpanId"));
  g_assert_cmpstr (attribute (greet_span, "genkit:type"), ==, "action");
  g_assert_cmpstr (attribute (greet_span, "genkit:metadata:subtype"), ==, "flow");
  g_assert_cmpstr (attribute (greet_span, "genkit:state"), ==, "success");
  g_assert_cmpstr (attribute (greet_span, "genkit:output"), ==, "\"Hello, Ada!\"");
  g_assert_cmpstr (attribute (step_span, "genkit:type"), ==, "flowStep");
  g_assert_cmpstr (json_object_get_string_member (step_span, "parentSpanId"), ==,
                   json_object_get_string_member (greet_span, "spanId"));
  g_assert_cmpstr (json_object_get_string_member (generate_span, "parentSpanId"), ==,
                   json_object_get_string_member (greet_span, "spanId"));
  g_assert_cmpstr (json_object_get_string_member (model_span, "parentSpanId"), ==,
                   json_object_get_string_member (generate_span, "spanId"));
  g_assert_cmpstr (attribute (model_span, "genkit:metadata:subtype"), ==, "model");

  /* Every span of greet was announced started (realtime) before it was announced ended. */
  {
    JsonObject *spans = json_object_get_object_member (json_node_get_object (trace), "spans");
    g_autoptr(GList) ids = json_object_get_members (spans);

    for (GList *l = ids; l != NULL; l = l->next)
      {
        gint64 started = 0, ended = 0;

        for (guint i = 0; i < events->len; i++)
          {
            StoreEvent *event = &g_array_index (events, StoreEvent, i);

            if (g_strcmp0 (event->trace_id, greet_data.trace_id) != 0 ||
                g_strcmp0 (event->span_id, l->data) != 0)
              continue;
            if (event->started && started == 0)
              started = event->when;
            if (!event->started && ended == 0)
              ended = event->when;
          }
        g_assert_cmpint (started, >, 0);
        g_assert_cmpint (ended, >=, started);
      }
  }

  /* Listed: a flow named greet, ended with status 0 (Genkit's TraceQueryFilter), sent by
   * the runtime (its spans came to /runtimes/<id>/api/traces). */
  {
    g_autofree char *runtime_id = genkit_runtime_dup_id (runtime);
    g_autofree char *filter_text = g_strdup_printf ("{\"eq\":{\"type\":\"flow\",\"name\":\"greet\","
                                                    "\"status\":0,\"runtimeId\":\"%s\"}}", runtime_id);
    g_autoptr(JsonNode) filter = json_from_string (filter_text, NULL);

    genkit_trace_store_list_traces_async (store, filter, NULL, 0, 10, NULL, e2e_result_cb, &result);
    page = genkit_trace_store_list_traces_finish (store, e2e_wait_result (&result, 30), &error);
    g_assert_no_error (error);
  }
  listed = json_object_get_array_member (json_node_get_object (page), "traces");
  for (guint i = 0; i < json_array_get_length (listed); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (listed, i), "traceId"),
                   greet_data.trace_id) == 0)
      found = TRUE;
  g_assert_true (found);

  stop_process (app);
  genkit_telemetry_server_disconnect (server);
  g_free (sleep_data.trace_id);
  g_free (greet_data.trace_id);
  g_clear_object (&monitor);
  g_clear_object (&server);
  g_clear_object (&store);
  e2e_remove_tree (root);
}

/* Our engine's spans → the real JavaScript telemetry server ---------------------------------- */

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* GET @url: the status, and the body in @body. */
static guint
http_get (SoupSession *session,
          const char  *url,
          char       **body)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = soup_session_send_and_read (session, message, NULL, &error);
  if (bytes == NULL)
    {
      *body = g_strdup (error->message);
      return 0;
    }
  *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return soup_message_get_status (message);
}

static JsonNode *
prompt_step (GenkitActionRun  *step,
             JsonNode         *input,
             gpointer          user_data,
             GError          **error)
{
  return json_node_init_string (json_node_alloc (), "Hello, Ada!");
}

static void
greet_flow (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) text = genkit_run (run, "build-prompt", NULL, prompt_step, NULL, &error);

  g_assert_no_error (error);
  genkit_action_run_return_value (run, g_steal_pointer (&text));
}

static void
test_our_exporter_to_js_server (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = make_project (node_modules);
  g_autofree char *store_dir = g_build_filename (root, "js-store", NULL);
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%s", port);
  g_autofree char *health_url = g_strdup_printf ("%s/api/__health", url);
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GSubprocess) js = NULL;
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitTelemetryExporter) exporter = NULL;
  g_autoptr(GenkitRealtimeSpanProcessor) realtime = NULL;
  g_autoptr(JsonNode) input = json_from_string ("{\"name\":\"Ada\"}", NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *body = NULL;
  g_autofree char *trace_url = NULL;
  const char *trace_id;
  JsonObject *root_span, *step_span;
  JsonArray *listed;
  gboolean found = FALSE;
  gint64 deadline;
  guint status = 0;

  g_test_summary ("Spans of our engine, sent when they start and end by GenkitTelemetryExporter "
                  "through a GenkitRealtimeSpanProcessor, are accepted by the real "
                  "@genkit-ai/telemetry-server and listed and served back by it");

  g_assert_cmpint (g_mkdir (store_dir, 0755), ==, 0);
  js = spawn_node (root, "telemetry.log", (const char *const[]) { NULL },
                   (const char *const[]) { "node", "telemetry-standalone.cjs", port, store_dir, NULL });
  deadline = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      g_clear_pointer (&body, g_free);
      status = http_get (session, health_url, &body);
      if (status == 200)
        break;
      spin (100);
    }
  if (status != 200)
    {
      g_autofree char *log = read_log (root, "telemetry.log");

      g_error ("The JavaScript telemetry server did not answer %s within %d s. Its output:\n%s",
               health_url, START_TIMEOUT_S, log);
    }

  exporter = genkit_telemetry_exporter_new (url);
  realtime = genkit_realtime_span_processor_new (GENKIT_SPAN_EXPORTER (exporter));
  genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (realtime));
  genkit_registry_define_flow (registry, "greetC", greet_flow, NULL, NULL);
  genkit_registry_run_action_async (registry, "/flow/greetC", input, NULL, NULL, e2e_result_cb, &result);
  run = genkit_registry_run_action_finish (registry, e2e_wait_result (&result, 30), &error);
  g_assert_no_error (error);
  g_assert_true (genkit_flush_tracing (&error));
  g_assert_no_error (error);
  /* Two spans, each sent at its start and at its end, all answered 200. */
  g_assert_cmpuint (genkit_telemetry_exporter_get_n_sent (exporter), ==, 4);
  g_assert_cmpuint (genkit_telemetry_exporter_get_n_failed (exporter), ==, 0);

  trace_id = genkit_action_result_get_trace_id (run);
  trace_url = g_strdup_printf ("%s/api/traces/%s", url, trace_id);
  g_clear_pointer (&body, g_free);
  g_assert_cmpuint (http_get (session, trace_url, &body), ==, 200);
  trace = json_from_string (body, &error);
  g_assert_no_error (error);
  g_assert_true (trace_is_complete (trace, 2));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (trace), "traceId"), ==, trace_id);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (trace), "displayName"), ==, "greetC");
  root_span = span_named (trace, "greetC");
  step_span = span_named (trace, "build-prompt");
  g_assert_cmpstr (attribute (root_span, "genkit:type"), ==, "action");
  g_assert_cmpstr (attribute (root_span, "genkit:metadata:subtype"), ==, "flow");
  g_assert_cmpstr (attribute (root_span, "genkit:state"), ==, "success");
  g_assert_cmpstr (attribute (root_span, "genkit:output"), ==, "\"Hello, Ada!\"");
  g_assert_cmpstr (attribute (step_span, "genkit:type"), ==, "flowStep");
  g_assert_cmpstr (json_object_get_string_member (step_span, "parentSpanId"), ==,
                   json_object_get_string_member (root_span, "spanId"));

  /* The JavaScript server lists it as a flow named greetC. */
  {
    g_autofree char *list_url = g_strdup_printf ("%s/api/traces?limit=10", url);

    g_clear_pointer (&body, g_free);
    g_assert_cmpuint (http_get (session, list_url, &body), ==, 200);
    page = json_from_string (body, &error);
    g_assert_no_error (error);
  }
  listed = json_object_get_array_member (json_node_get_object (page), "traces");
  for (guint i = 0; i < json_array_get_length (listed); i++)
    {
      JsonObject *item = json_array_get_object_element (listed, i);

      if (g_strcmp0 (json_object_get_string_member (item, "traceId"), trace_id) == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (item, "displayName"), ==, "greetC");
          found = TRUE;
        }
    }
  g_assert_true (found);

  stop_process (js);
  e2e_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!e2e_init ())
    return 1;

  g_test_add_func ("/e2e/telemetry/js-runtime-to-our-server", test_js_runtime_to_our_server);
  g_test_add_func ("/e2e/telemetry/our-exporter-to-js-server", test_our_exporter_to_js_server);

  return g_test_run ();
}
