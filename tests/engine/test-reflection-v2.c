/* test-reflection-v2.c — the reflection API v2 (WebSocket, JSON-RPC): our runtime connected to
 * our server, driven through the GenkitRuntime the server makes of it
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <unistd.h>

#include "test-util.h"
#include "genkit-samples.h"

/* Generous for a loaded 2-core CI machine; a healthy run takes milliseconds. */
#define WAIT_TIMEOUT_S 30

typedef struct
{
  GenkitRegistry           *registry;
  GenkitSessionStore       *store;
  GenkitLocalRuntime       *local;
  GenkitReflectionV2Server *server;
  GenkitReflectionV2Client *client;
  GenkitRuntime            *runtime;   /* the server's view of our runtime */
} Fixture;

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main loop until @cond holds, failing after WAIT_TIMEOUT_S. */
#define WAIT_UNTIL(cond) \
  G_STMT_START { \
    gint64 deadline_ = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC; \
    guint wake_ = g_timeout_add (100, wake_cb, NULL); \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > deadline_) \
          g_error ("timed out after %d s waiting for %s", WAIT_TIMEOUT_S, #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (wake_); \
  } G_STMT_END

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_setenv ("GENKIT_RUNTIME_ID", "c-test-runtime", TRUE);
  g_unsetenv ("GENKIT_TELEMETRY_SERVER");
  f->registry = genkit_registry_new ();
  f->store = GENKIT_SESSION_STORE (genkit_memory_session_store_new ());
  g_assert_true (genkit_samples_register (f->registry, &error));
  g_assert_true (genkit_samples_register_agents (f->registry, f->store, &error));
  f->local = genkit_local_runtime_new (f->registry);
  genkit_local_runtime_set_name (f->local, "c-test");

  f->server = genkit_reflection_v2_server_new ();
  genkit_reflection_v2_server_set_telemetry_server_url (f->server, "http://127.0.0.1:9");
  g_assert_true (genkit_reflection_v2_server_listen_any (f->server, &error));
  g_assert_no_error (error);

  f->client = genkit_reflection_v2_client_new (GENKIT_RUNTIME (f->local),
                                               genkit_reflection_v2_server_get_url (f->server));
  genkit_reflection_v2_client_start (f->client);
  WAIT_UNTIL (genkit_reflection_v2_server_get_current_runtime (f->server) != NULL &&
              genkit_reflection_v2_client_get_registered (f->client));
  f->runtime = g_object_ref (genkit_reflection_v2_server_get_current_runtime (f->server));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  genkit_reflection_v2_client_stop (f->client);
  genkit_reflection_v2_server_stop (f->server);
  g_clear_object (&f->runtime);
  g_assert_finalize_object (g_steal_pointer (&f->client));
  g_assert_finalize_object (g_steal_pointer (&f->server));
  g_clear_object (&f->local);
  g_clear_object (&f->store);
  g_clear_object (&f->registry);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unsetenv ("GENKIT_RUNTIME_ID");
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  WAIT_UNTIL (*slot != NULL);
  return *slot;
}

static void
chunk_cb (JsonNode *chunk,
          gpointer  user_data)
{
  g_ptr_array_add (user_data, json_node_copy (chunk));
}

static void
started_cb (const char *trace_id,
            const char *span_id,
            gpointer    user_data)
{
  char **slot = user_data;

  g_assert_null (*slot);
  *slot = g_strdup (trace_id);
}

static void
test_register_and_list (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(JsonNode) values = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  g_autofree char *url = NULL;
  JsonObject *greet;

  g_test_summary ("The runtime registers with GENKIT_RUNTIME_ID, its name and version; the "
                  "server's GenkitRuntime lists its actions and values over JSON-RPC, and the "
                  "runtime adopts the telemetry server of the register answer");

  id = genkit_runtime_dup_id (f->runtime);
  name = genkit_runtime_dup_name (f->runtime);
  version = genkit_runtime_dup_genkit_version (f->runtime);
  url = genkit_runtime_dup_reflection_server_url (f->runtime);
  g_assert_cmpstr (id, ==, "c-test-runtime");
  g_assert_cmpstr (name, ==, "c-test");
  g_assert_true (g_str_has_prefix (version, "c/"));
  g_assert_cmpstr (url, ==, genkit_reflection_v2_server_get_url (f->server));
  g_assert_cmpint (genkit_reflection_v2_runtime_get_pid (GENKIT_REFLECTION_V2_RUNTIME (f->runtime)), ==, getpid ());
  g_assert_true (genkit_reflection_v2_server_lookup_runtime (f->server, "c-test-runtime") == f->runtime);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->server)), ==, 1);
  WAIT_UNTIL (g_strcmp0 (genkit_local_runtime_get_telemetry_server_url (f->local), "http://127.0.0.1:9") == 0);

  genkit_runtime_list_actions_async (f->runtime, NULL, result_cb, &result);
  actions = genkit_runtime_list_actions_finish (f->runtime, wait_result (&result), &error);
  g_assert_no_error (error);
  greet = json_object_get_object_member (json_node_get_object (actions), "/flow/greet");
  g_assert_nonnull (greet);
  g_assert_cmpstr (json_object_get_string_member (greet, "key"), ==, "/flow/greet");
  g_assert_true (json_object_has_member (greet, "inputSchema"));
  g_assert_true (json_object_has_member (json_node_get_object (actions), "/agent/scratchpad"));
  g_clear_object (&result);

  genkit_runtime_list_values_async (f->runtime, "defaultModel", NULL, result_cb, &result);
  values = genkit_runtime_list_values_finish (f->runtime, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (values));
  g_clear_object (&result);

  genkit_runtime_list_values_async (f->runtime, "nonsense", NULL, result_cb, &result);
  g_assert_null (genkit_runtime_list_values_finish (f->runtime, wait_result (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

static void
test_run_and_stream (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(JsonNode) input = test_json ("{\"name\": \"Ada\"}");
  g_autoptr(JsonNode) count = test_json ("{\"count\": 3}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trace_id = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("runAction gives the result and trace id after a runActionState; with a "
                  "stream callback every chunk arrives as a streamChunk notification");

  genkit_run_options_set_started_func (options, started_cb, &trace_id, NULL);
  genkit_runtime_run_action_async (f->runtime, "/flow/greet", input, options, NULL, result_cb, &result);
  action_result = genkit_runtime_run_action_finish (f->runtime, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (genkit_action_result_get_result (action_result)), ==, "Hello, Ada!");
  g_assert_nonnull (trace_id);
  g_assert_cmpuint (strlen (trace_id), ==, 32);
  g_assert_cmpstr (genkit_action_result_get_trace_id (action_result), ==, trace_id);
  g_clear_object (&result);
  g_clear_pointer (&action_result, genkit_action_result_unref);
  g_clear_pointer (&options, genkit_run_options_unref);

  options = genkit_run_options_new ();
  genkit_run_options_set_stream_func (options, chunk_cb, chunks, NULL);
  genkit_runtime_run_action_async (f->runtime, "/flow/countdown", count, options, NULL, result_cb, &result);
  action_result = genkit_runtime_run_action_finish (f->runtime, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (chunks->len, ==, 3);
  text = test_to_string (chunks->pdata[0]);
  g_assert_cmpstr (text, ==, "{\"n\":3}");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (genkit_action_result_get_result (action_result)), "total"), ==, 3);

  /* A figure for the record (not a limit): sequential round trips over the WebSocket. */
  {
    gint64 start = g_get_monotonic_time ();
    const guint n = 50;

    for (guint i = 0; i < n; i++)
      {
        g_autoptr(GAsyncResult) each = NULL;
        g_autoptr(GenkitActionResult) greeted = NULL;

        genkit_runtime_run_action_async (f->runtime, "/flow/greet", input, NULL, NULL, result_cb, &each);
        greeted = genkit_runtime_run_action_finish (f->runtime, wait_result (&each), &error);
        g_assert_no_error (error);
      }
    g_test_message ("%u runs of /flow/greet over reflection v2: %.2f ms each", n,
                    (g_get_monotonic_time () - start) / 1000.0 / n);
  }
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) input = test_json ("\"please\"");
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trace_id = NULL;

  g_test_summary ("An unknown action is NOT_FOUND (-32602); a failing action gives its Status "
                  "with its trace; cancelling an unknown trace is NOT_FOUND");

  genkit_runtime_run_action_async (f->runtime, "/flow/doesNotExist", NULL, NULL, NULL, result_cb, &result);
  g_assert_null (genkit_runtime_run_action_finish (f->runtime, wait_result (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "/flow/doesNotExist"));
  g_clear_error (&error);
  g_clear_object (&result);

  genkit_run_options_set_started_func (options, started_cb, &trace_id, NULL);
  genkit_runtime_run_action_async (f->runtime, "/flow/fail", input, options, NULL, result_cb, &result);
  g_assert_null (genkit_runtime_run_action_finish (f->runtime, wait_result (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (trace_id);
  g_clear_error (&error);
  g_clear_object (&result);

  genkit_runtime_cancel_action_async (f->runtime, "00000000000000000000000000000000", NULL, result_cb, &result);
  g_assert_false (genkit_runtime_cancel_action_finish (f->runtime, wait_result (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonNode) input = test_json ("{\"ms\": 60000}");
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *trace_id = NULL;
  g_autofree char *second_trace_id = NULL;

  g_test_summary ("cancelAction by trace id ends a running action with CANCELLED; cancelling "
                  "the caller's GCancellable does too, and the runtime stops the action");

  genkit_run_options_set_started_func (options, started_cb, &trace_id, NULL);
  genkit_runtime_run_action_async (f->runtime, "/flow/sleep", input, options, NULL, result_cb, &result);
  WAIT_UNTIL (trace_id != NULL);
  genkit_runtime_cancel_action_async (f->runtime, trace_id, NULL, result_cb, &cancelled);
  g_assert_true (genkit_runtime_cancel_action_finish (f->runtime, wait_result (&cancelled), &error));
  g_assert_no_error (error);
  g_assert_null (genkit_runtime_run_action_finish (f->runtime, wait_result (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpstr (error->message, ==, "Action was cancelled");
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_pointer (&options, genkit_run_options_unref);

  options = genkit_run_options_new ();
  genkit_run_options_set_started_func (options, started_cb, &second_trace_id, NULL);
  genkit_runtime_run_action_async (f->runtime, "/flow/sleep", input, options, cancellable, result_cb, &result);
  WAIT_UNTIL (second_trace_id != NULL);
  g_assert_cmpuint (genkit_local_runtime_get_n_running (f->local), ==, 1);
  g_cancellable_cancel (cancellable);
  g_assert_null (genkit_runtime_run_action_finish (f->runtime, wait_result (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  WAIT_UNTIL (genkit_local_runtime_get_n_running (f->local) == 0);
}

static guint
count_turn_ends (GPtrArray *chunks)
{
  guint n = 0;

  for (guint i = 0; i < chunks->len; i++)
    if (json_object_has_member (json_node_get_object (chunks->pdata[i]), "turnEnd"))
      n++;
  return n;
}

static void
test_agent_bidi (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(GenkitInputChannel) channel = genkit_input_channel_new ();
  g_autoptr(JsonNode) init = test_json ("{}");
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;
  const char *texts[] = { "first", "second" };
  guint turn_ends = 0;
  JsonObject *message;
  g_autofree char *reply = NULL;

  g_test_summary ("An agent turn over v2: init and streamInput, each input a "
                  "sendInputStreamChunk, endInputStream closes it; chunks and turn ends stream "
                  "back and the answer holds the last reply");

  genkit_run_options_set_init (options, init);
  genkit_run_options_set_input_channel (options, channel);
  genkit_run_options_set_stream_func (options, chunk_cb, chunks, NULL);
  genkit_runtime_run_action_async (f->runtime, "/agent/scratchpad", NULL, options, NULL, result_cb, &result);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"message\": {\"role\": \"user\", \"content\": [{\"text\": \"%s\"}]}}",
                                               texts[i]);
      g_autoptr(JsonNode) input = test_json (json);
      guint seen = turn_ends;

      g_assert_true (genkit_input_channel_send (channel, input));
      /* One turn at a time, as a person chats: wait for this turn's end. */
      WAIT_UNTIL ((turn_ends = count_turn_ends (chunks)) > seen);
    }
  genkit_input_channel_close (channel);

  action_result = genkit_runtime_run_action_finish (f->runtime, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (turn_ends, ==, 2);
  message = json_object_get_object_member (json_node_get_object (genkit_action_result_get_result (action_result)),
                                           "message");
  g_assert_nonnull (message);
  reply = test_to_string (json_object_get_member (message, "content"));
  g_assert_nonnull (strstr (reply, "second"));
}

static void
test_reconnect (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitReflectionV2Server) again = genkit_reflection_v2_server_new ();
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) input = test_json ("{\"ms\": 60000}");
  g_autoptr(GAsyncResult) running = NULL;
  g_autofree char *trace_id = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) actions = NULL;
  guint port = genkit_reflection_v2_server_get_port (f->server);
  GenkitRuntime *back;

  g_test_summary ("When the server goes away the runtime leaves its model, calls fail "
                  "UNAVAILABLE and the runs it carried stop; the client connects to a new server on the same port and "
                  "registers again");

  /* A run under way when the server goes: it fails for the caller, and the runtime stops it
   * (nobody could read its answer). */
  genkit_run_options_set_started_func (options, started_cb, &trace_id, NULL);
  genkit_runtime_run_action_async (f->runtime, "/flow/sleep", input, options, NULL, result_cb, &running);
  WAIT_UNTIL (trace_id != NULL);
  g_assert_cmpuint (genkit_local_runtime_get_n_running (f->local), ==, 1);

  genkit_reflection_v2_server_stop (f->server);
  g_assert_null (genkit_runtime_run_action_finish (f->runtime, wait_result (&running), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  WAIT_UNTIL (genkit_local_runtime_get_n_running (f->local) == 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->server)), ==, 0);
  g_assert_false (genkit_reflection_v2_runtime_get_connected (GENKIT_REFLECTION_V2_RUNTIME (f->runtime)));
  genkit_runtime_list_actions_async (f->runtime, NULL, result_cb, &result);
  g_assert_null (genkit_runtime_list_actions_finish (f->runtime, wait_result (&result), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  g_clear_error (&error);
  g_clear_object (&result);
  WAIT_UNTIL (!genkit_reflection_v2_client_get_registered (f->client));

  /* The old listener's socket closes asynchronously; the port is free once it has. */
  WAIT_UNTIL ((g_clear_error (&error), genkit_reflection_v2_server_listen (again, port, &error)));
  WAIT_UNTIL (genkit_reflection_v2_server_get_current_runtime (again) != NULL);
  g_assert_cmpuint (genkit_reflection_v2_client_get_n_connects (f->client), ==, 2);
  back = genkit_reflection_v2_server_get_current_runtime (again);

  genkit_runtime_list_actions_async (back, NULL, result_cb, &result);
  actions = genkit_runtime_list_actions_finish (back, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (json_node_get_object (actions), "/flow/greet"));

  genkit_reflection_v2_client_stop (f->client);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (again)) == 0);
  genkit_reflection_v2_server_stop (again);
}

static void
test_start_dev (void)
{
  g_autoptr(GenkitReflectionV2Server) server = genkit_reflection_v2_server_new ();
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitReflectionServer) dev = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_test_summary ("With GENKIT_REFLECTION_V2_SERVER set, start_dev serves over v2: no HTTP "
                  "server, no discovery file, the runtime registers with the server");

  g_unsetenv ("GENKIT_RUNTIME_ID");
  g_assert_true (genkit_samples_register (registry, &error));
  g_assert_true (genkit_reflection_v2_server_listen_any (server, &error));
  g_setenv ("GENKIT_ENV", "dev", TRUE);
  g_setenv ("GENKIT_REFLECTION_V2_SERVER", genkit_reflection_v2_server_get_url (server), TRUE);
  dev = genkit_reflection_server_start_dev (registry, "dev-app", &error);
  g_unsetenv ("GENKIT_REFLECTION_V2_SERVER");
  g_unsetenv ("GENKIT_ENV");
  g_assert_no_error (error);
  g_assert_nonnull (dev);
  g_assert_null (genkit_reflection_server_get_url (dev));
  g_assert_null (genkit_reflection_server_get_runtime_file (dev));
  g_assert_nonnull (genkit_reflection_server_get_v2_client (dev));

  WAIT_UNTIL (genkit_reflection_v2_server_get_current_runtime (server) != NULL);
  name = genkit_runtime_dup_name (genkit_reflection_v2_server_get_current_runtime (server));
  g_assert_cmpstr (name, ==, "dev-app");
  g_assert_cmpstr (genkit_reflection_v2_runtime_get_id (GENKIT_REFLECTION_V2_RUNTIME (genkit_reflection_v2_server_get_current_runtime (server))),
                   ==, genkit_reflection_v2_client_get_runtime_id (genkit_reflection_server_get_v2_client (dev)));

  genkit_reflection_server_stop (dev);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (server)) == 0);
  genkit_reflection_v2_server_stop (server);
}

static void
test_monitor (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitLocalRuntime) local = NULL;
  g_autoptr(GenkitRuntimeMonitor) monitor = NULL;
  g_autoptr(GenkitReflectionV2Client) client = NULL;
  g_autoptr(GError) error = NULL;
  /* Inside the test's isolated directories, which go with it. */
  g_autofree char *root = g_build_filename (g_get_user_data_dir (), "project", NULL);
  GenkitRuntime *runtime;

  g_test_summary ("A runtime monitor that listens for v2 runtimes lists them beside those of "
                  "discovery files, makes the newest current, finds them by id and sends them "
                  "its telemetry server");

  g_unsetenv ("GENKIT_RUNTIME_ID");
  g_unsetenv ("GENKIT_TELEMETRY_SERVER");
  g_assert_cmpint (g_mkdir_with_parents (root, 0755), ==, 0);
  g_assert_true (genkit_samples_register (registry, &error));
  local = genkit_local_runtime_new (registry);
  monitor = genkit_runtime_monitor_new (root);
  g_assert_true (genkit_runtime_monitor_start (monitor, &error));
  g_assert_true (genkit_runtime_monitor_listen_v2 (monitor, 0, &error));
  g_assert_no_error (error);
  g_assert_false (genkit_runtime_monitor_listen_v2 (monitor, 0, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_clear_error (&error);

  client = genkit_reflection_v2_client_new (GENKIT_RUNTIME (local),
                                            genkit_reflection_v2_server_get_url (genkit_runtime_monitor_get_v2_server (monitor)));
  genkit_reflection_v2_client_start (client);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (monitor)) == 1);
  runtime = genkit_runtime_monitor_get_current_runtime (monitor);
  g_assert_true (GENKIT_IS_REFLECTION_V2_RUNTIME (runtime));
  g_assert_true (genkit_runtime_monitor_lookup_runtime (monitor, genkit_reflection_v2_client_get_runtime_id (client)) == runtime);

  /* Its own URL under the monitor's telemetry server, which thus knows its traces. */
  genkit_runtime_monitor_set_telemetry_server_url (monitor, "http://127.0.0.1:9");
  {
    g_autofree char *escaped = g_uri_escape_string (genkit_reflection_v2_client_get_runtime_id (client), NULL, FALSE);
    g_autofree char *expected = g_strconcat ("http://127.0.0.1:9/runtimes/", escaped, NULL);

    WAIT_UNTIL (g_strcmp0 (genkit_local_runtime_get_telemetry_server_url (local), expected) == 0);
  }

  genkit_reflection_v2_client_stop (client);
  WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (monitor)) == 0);
  g_assert_null (genkit_runtime_monitor_get_current_runtime (monitor));

  g_clear_object (&monitor);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupWebsocketConnection **slot = user_data;
  g_autoptr(GError) error = NULL;

  *slot = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  g_assert_no_error (error);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_foreign_origin (void)
{
  g_autoptr(GenkitReflectionV2Server) server = genkit_reflection_v2_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  gboolean closed = FALSE;

  g_test_summary ("A WebSocket opened by a web page elsewhere (a foreign Origin) is closed "
                  "before it can register as a runtime");

  g_assert_true (genkit_reflection_v2_server_listen_any (server, &error));
  url = g_strdup_printf ("http://127.0.0.1:%u/", genkit_reflection_v2_server_get_port (server));
  msg = soup_message_new ("GET", url);
  soup_session_websocket_connect_async (session, msg, "http://evil.example", NULL, G_PRIORITY_DEFAULT,
                                        NULL, connected_cb, &connection);
  WAIT_UNTIL (connection != NULL);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), &closed);
  soup_websocket_connection_send_text (connection, "{\"jsonrpc\": \"2.0\", \"id\": \"1\", \"method\": "
                                                   "\"register\", \"params\": {\"id\": \"evil\", \"pid\": 1}}");
  WAIT_UNTIL (closed);
  g_assert_cmpuint (soup_websocket_connection_get_close_code (connection), ==,
                    SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (server)), ==, 0);
  genkit_reflection_v2_server_stop (server);
}

/* A bare WebSocket server standing in for the Genkit tools, to see the runtime's messages as
 * they are on the wire. */
typedef struct
{
  SoupServer              *server;
  SoupWebsocketConnection *connection;
  GPtrArray               *received;   /* owned JsonNode, in order */
} Wire;

static void
wire_message_cb (SoupWebsocketConnection *connection,
                 gint                     type,
                 GBytes                  *data,
                 gpointer                 user_data)
{
  Wire *wire = user_data;
  gsize size;
  const char *text = g_bytes_get_data (data, &size);
  g_autofree char *copy = g_strndup (text, size);

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_ptr_array_add (wire->received, test_json (copy));
}

static void
wire_connected_cb (SoupServer              *server,
                   SoupServerMessage       *msg,
                   const char              *path,
                   SoupWebsocketConnection *connection,
                   gpointer                 user_data)
{
  Wire *wire = user_data;

  g_assert_null (wire->connection);
  wire->connection = g_object_ref (connection);
  g_signal_connect (connection, "message", G_CALLBACK (wire_message_cb), wire);
}

/* The message with JSON-RPC id @id the runtime sent, once it has come. */
static JsonObject *
wire_take (Wire       *wire,
           const char *id)
{
  for (;;)
    {
      for (guint i = 0; i < wire->received->len; i++)
        {
          JsonObject *message = json_node_get_object (wire->received->pdata[i]);

          if (g_strcmp0 (json_object_get_string_member_with_default (message, "id", NULL), id) == 0)
            return json_object_ref (message);
        }
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
wire_send (Wire       *wire,
           const char *json)
{
  soup_websocket_connection_send_text (wire->connection, json);
}

static void
assert_member (JsonObject *object,
               const char *member,
               const char *json)
{
  g_autofree char *got = test_to_string (json_object_get_member (object, member));

  g_assert_cmpstr (got, ==, json);
}

static void
test_wire (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitLocalRuntime) local = NULL;
  g_autoptr(GenkitReflectionV2Client) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = NULL;
  g_autofree char *url = NULL;
  g_autofree char *http_url = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid ());
  Wire wire = { 0 };
  JsonObject *params;
  JsonObject *data;
  gint64 deadline;

  g_test_summary ("The runtime's messages as Genkit's JavaScript runtime writes them: register, "
                  "results, -32601/-32602/-32000 errors with the Status as data, and "
                  "runActionState/streamChunk notifications carrying the request id");

  g_unsetenv ("GENKIT_RUNTIME_ID");
  g_assert_true (genkit_samples_register (registry, &error));
  local = genkit_local_runtime_new (registry);
  wire.received = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  wire.server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (wire.server, NULL, NULL, NULL, wire_connected_cb, &wire, NULL);
  http_url = test_listen_on_loopback (wire.server);
  url = g_strconcat ("ws://", http_url + strlen ("http://"), NULL);
  client = genkit_reflection_v2_client_new (GENKIT_RUNTIME (local), url);
  genkit_reflection_v2_client_start (client);

  /* register: a request with a string id, the JS runtime's params. */
  deadline = g_get_monotonic_time () + WAIT_TIMEOUT_S * G_USEC_PER_SEC;
  while (wire.received->len == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (wire.received->len, ==, 1);
  message = json_object_ref (json_node_get_object (wire.received->pdata[0]));
  g_assert_cmpstr (json_object_get_string_member (message, "jsonrpc"), ==, "2.0");
  g_assert_cmpstr (json_object_get_string_member (message, "method"), ==, "register");
  g_assert_cmpstr (json_object_get_string_member (message, "id"), ==, "1");
  params = json_object_get_object_member (message, "params");
  g_assert_cmpstr (json_object_get_string_member (params, "id"), ==, pid);
  g_assert_cmpint (json_object_get_int_member (params, "pid"), ==, getpid ());
  g_assert_cmpstr (json_object_get_string_member (params, "name"), ==, pid);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (params, "genkitVersion"), "c/"));
  assert_member (params, "reflectionApiSpecVersion", "1");
  assert_member (params, "envs", "[\"dev\"]");
  wire_send (&wire, "{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{}}");
  WAIT_UNTIL (genkit_reflection_v2_client_get_registered (client));
  g_clear_pointer (&message, json_object_unref);

  wire_send (&wire, "{\"jsonrpc\":\"2.0\",\"id\":\"7\",\"method\":\"doesNotExist\"}");
  message = wire_take (&wire, "7");
  assert_member (message, "error", "{\"code\":-32601,\"message\":\"Method not found: doesNotExist\"}");
  g_clear_pointer (&message, json_object_unref);

  wire_send (&wire, "{\"jsonrpc\":\"2.0\",\"id\":\"8\",\"method\":\"runAction\",\"params\":{\"key\":\"/flow/nope\"}}");
  message = wire_take (&wire, "8");
  assert_member (message, "error", "{\"code\":-32602,\"message\":\"action /flow/nope not found\"}");
  g_clear_pointer (&message, json_object_unref);

  wire_send (&wire, "{\"jsonrpc\":\"2.0\",\"id\":\"9\",\"method\":\"cancelAction\",\"params\":{\"traceId\":\"abc\"}}");
  message = wire_take (&wire, "9");
  assert_member (message, "error", "{\"code\":-32602,\"message\":\"Action not found or already completed\"}");
  g_clear_pointer (&message, json_object_unref);

  /* A failed run: -32000 with Genkit's Status, its trace in details. */
  wire_send (&wire, "{\"jsonrpc\":\"2.0\",\"id\":\"10\",\"method\":\"runAction\",\"params\":{\"key\":\"/flow/fail\",\"input\":\"x\"}}");
  message = wire_take (&wire, "10");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (message, "error"), "code"), ==, -32000);
  data = json_object_get_object_member (json_object_get_object_member (message, "error"), "data");
  g_assert_cmpint (json_object_get_int_member (data, "code"), ==, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (strlen (json_object_get_string_member (json_object_get_object_member (data, "details"), "traceId")), ==, 32);
  g_clear_pointer (&message, json_object_unref);

  /* A streamed run: runActionState, then the chunks, then the result, all naming request 11. */
  g_ptr_array_set_size (wire.received, 0);
  wire_send (&wire, "{\"jsonrpc\":\"2.0\",\"id\":\"11\",\"method\":\"runAction\",\"params\":{\"key\":\"/flow/countdown\",\"input\":{\"count\":2},\"stream\":true}}");
  message = wire_take (&wire, "11");
  g_assert_cmpuint (wire.received->len, ==, 4);
  {
    JsonObject *state = json_node_get_object (wire.received->pdata[0]);
    JsonObject *chunk = json_node_get_object (wire.received->pdata[1]);
    const char *trace_id;

    g_assert_cmpstr (json_object_get_string_member (state, "method"), ==, "runActionState");
    g_assert_false (json_object_has_member (state, "id"));
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (state, "params"), "requestId"), ==, "11");
    trace_id = json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (state, "params"), "state"), "traceId");
    g_assert_cmpstr (json_object_get_string_member (chunk, "method"), ==, "streamChunk");
    assert_member (json_object_get_object_member (chunk, "params"), "chunk", "{\"n\":2}");
    assert_member (json_object_get_object_member (message, "result"), "result", "{\"done\":true,\"total\":2}");
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_object_get_object_member (message, "result"), "telemetry"), "traceId"), ==, trace_id);
  }

  genkit_reflection_v2_client_stop (client);
  g_clear_pointer (&message, json_object_unref);
  g_clear_object (&wire.connection);
  soup_server_disconnect (wire.server);
  g_clear_object (&wire.server);
  g_ptr_array_unref (wire.received);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reflection-v2/register-and-list", test_register_and_list);
  ADD ("/reflection-v2/run-and-stream", test_run_and_stream);
  ADD ("/reflection-v2/errors", test_errors);
  ADD ("/reflection-v2/cancel", test_cancel);
  ADD ("/reflection-v2/agent-bidi", test_agent_bidi);
  ADD ("/reflection-v2/reconnect", test_reconnect);
#undef ADD
  g_test_add_func ("/reflection-v2/start-dev", test_start_dev);
  g_test_add_func ("/reflection-v2/monitor", test_monitor);
  g_test_add_func ("/reflection-v2/foreign-origin", test_foreign_origin);
  g_test_add_func ("/reflection-v2/wire", test_wire);

  return g_test_run ();
}
