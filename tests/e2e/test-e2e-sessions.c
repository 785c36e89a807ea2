/* test-e2e-sessions.c — agents across runtimes: a JavaScript Genkit agent chatted with through
 * GenkitRemoteRuntime, and our agents driven by the Genkit CLI's tools server
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * 1. sessions-agents.mjs (agents defined with `genkit/beta` from the sample app's npm
 *    packages) runs with GENKIT_ENV=dev; GenkitRuntimeMonitor finds it and GenkitAgentChat
 *    talks to its agents over the reflection API: a server-managed chat over several turns
 *    with an interrupt resumed, a branch from an older snapshot, a failed turn, a detached
 *    turn; a client-managed chat; custom-state patches and artifacts.
 * 2. `genkit-studio-cli serve` runs our sample agents; the Genkit CLI's tools server (the
 *    Dev UI's backend, `genkit __server-harness`, what `genkit ui:start` spawns) attaches to
 *    it and drives them as its Dev UI does: tRPC listActions, then POST /api/streamAction
 *    (`?bidi=true`) per turn with `input` and `init`, and /api/runAction for the snapshot.
 */

#include "config.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <genkit.h>

#include "e2e-util.h"

#define START_TIMEOUT_S 90

/* Helpers --------------------------------------------------------------------------------- */

static JsonNode *
json (const char *text)
{
  g_autofree char *copy = g_strdup (text);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  for (char *p = copy; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';
  node = json_from_string (copy, &error);
  g_assert_no_error (error);
  return node;
}

static char *
to_string (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : g_strdup ("(none)");
}

/* A project directory with package.json and node_modules linked from the install cache. */
static char *
make_project (const char *node_modules)
{
  g_autofree char *root = g_dir_make_tmp ("genkit-e2e-sessions-XXXXXX", NULL);
  g_autofree char *link = NULL;

  g_assert_nonnull (root);
  e2e_copy_file (e2e_app_dir (), root, "package.json");
  link = g_build_filename (root, "node_modules", NULL);
  g_assert_cmpint (symlink (node_modules, link), ==, 0);
  return g_steal_pointer (&root);
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

static GSubprocess *
spawn_logged (const char          *root,
              const char          *log_name,
              const char * const  *argv,
              const char * const  *env)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autofree char *log = g_build_filename (root, log_name, NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_subprocess_launcher_set_cwd (launcher, root);
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_TELEMETRY_SERVER");
  g_subprocess_launcher_unsetenv (launcher, "GENKIT_RUNTIME_ID");
  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, e2e_die_with_parent, NULL, NULL);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return process;
}

static JsonObject *
chat_send (GenkitAgentChat  *chat,
           const char       *text,
           GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_agent_chat_send_text_async (chat, text, NULL, e2e_result_cb, &result);
  return genkit_agent_chat_send_finish (chat, e2e_wait_result (&result, 60), error);
}

static void
assert_text (JsonObject *output,
             const char *want)
{
  JsonObject *message = json_object_get_object_member (output, "message");
  JsonArray *content = json_object_get_array_member (message, "content");

  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "text"),
                   ==, want);
}

static void
assert_last_message (GenkitAgentChat *chat,
                     const char      *want)
{
  JsonArray *messages = genkit_agent_chat_get_messages (chat);
  JsonObject *last = json_array_get_object_element (messages, json_array_get_length (messages) - 1);
  JsonArray *content = json_object_get_array_member (last, "content");

  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (content, 0), "text"),
                   ==, want);
}

static void
count_cb (GenkitAgentChat *chat,
          gpointer         user_data)
{
  (*(guint *) user_data)++;
}

/* 1. A JavaScript agent, chatted with through GenkitRemoteRuntime ---------------------------- */

static void
test_js_agents (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = make_project (node_modules);
  g_autofree char *agents_js = g_test_build_filename (G_TEST_DIST, "sessions-agents.mjs", NULL);
  g_autofree char *agents_dir = g_path_get_dirname (agents_js);
  const char *node_argv[] = { "node", "sessions-agents.mjs", NULL };
  const char *node_env[] = { "GENKIT_ENV", "dev", NULL };
  g_autoptr(GenkitRuntimeMonitor) monitor = NULL;
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GenkitAgentChat) chat = NULL;
  g_autoptr(GenkitAgentChat) branch = NULL;
  g_autoptr(GenkitAgentChat) client = NULL;
  g_autoptr(GenkitAgentChat) counter = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(JsonNode) resume = json ("{'respond': [{'toolResponse': {'name': 'askUser', 'ref': 'ask-1', 'output': 'blue'}}]}");
  g_autoptr(JsonNode) background = json ("{'message': {'role': 'user', 'content': [{'text': 'in the background'}]}}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *session = NULL;
  g_autofree char *detached = NULL;
  JsonObject *metadata;
  GenkitRuntime *runtime;
  gboolean timed_out = FALSE;
  guint custom_changes = 0;
  guint source;

  g_test_summary ("A JavaScript Genkit agent (genkit/beta from npm) is chatted with through "
                  "GenkitRemoteRuntime: turns, an interrupt, a branch, a failure, a detached "
                  "turn, client-managed state, custom-state patches and artifacts");

  e2e_copy_file (agents_dir, root, "sessions-agents.mjs");
  monitor = genkit_runtime_monitor_new (root);
  genkit_runtime_monitor_set_health_check_interval (monitor, 500);
  g_assert_true (genkit_runtime_monitor_start (monitor, &error));
  app = spawn_logged (root, "agents.log", node_argv, node_env);

  source = g_timeout_add_seconds (START_TIMEOUT_S, e2e_flag_timeout_cb, &timed_out);
  while (g_list_model_get_n_items (G_LIST_MODEL (monitor)) == 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_autofree char *log = read_log (root, "agents.log");

      g_error ("The JavaScript agents did not appear within %d s:\n%s", START_TIMEOUT_S, log);
    }
  g_source_remove (source);
  runtime = genkit_runtime_monitor_get_current_runtime (monitor);

  /* The agents' descriptors, as our chat would read them. */
  genkit_runtime_list_actions_async (runtime, NULL, e2e_result_cb, &result);
  actions = genkit_runtime_list_actions_finish (runtime, e2e_wait_result (&result, 60), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  metadata = json_object_get_object_member (json_object_get_object_member (json_node_get_object (actions),
                                                                           "/agent/serverChat"), "metadata");
  g_assert_true (json_object_get_boolean_member (metadata, "bidi"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (metadata, "agent"),
                                                  "stateManagement"), ==, "server");
  g_assert_true (json_object_has_member (json_node_get_object (actions), "/agent-snapshot/serverChat"));
  g_assert_true (json_object_has_member (json_node_get_object (actions), "/agent-abort/serverChat"));

  /* A server-managed conversation. */
  chat = genkit_agent_chat_new (runtime, "serverChat");
  genkit_agent_chat_set_state_management (chat, GENKIT_STATE_MANAGEMENT_SERVER);
  output = chat_send (chat, "hello", &error);
  g_assert_no_error (error);
  assert_text (output, "1: hello");
  first = g_strdup (genkit_agent_chat_get_snapshot_id (chat));
  session = g_strdup (genkit_agent_chat_get_session_id (chat));
  g_assert_nonnull (first);
  g_assert_nonnull (session);
  g_assert_nonnull (genkit_agent_chat_get_last_trace_id (chat));
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (chat, "again", &error);
  g_assert_no_error (error);
  assert_text (output, "2: again");
  g_assert_cmpstr (genkit_agent_chat_get_session_id (chat), ==, session);

  /* An interrupt, answered. */
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (chat, "/ask color?", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (output, "finishReason"), ==, "interrupted");
  genkit_agent_chat_resume_async (chat, json_node_get_object (resume), NULL, e2e_result_cb, &result);
  g_clear_pointer (&output, json_object_unref);
  output = genkit_agent_chat_send_finish (chat, e2e_wait_result (&result, 60), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  assert_text (output, "you answered \"blue\"");

  /* The session's latest snapshot, read through /agent-snapshot. */
  genkit_agent_chat_get_snapshot_async (chat, NULL, session, NULL, e2e_result_cb, &result);
  snapshot = genkit_agent_chat_get_snapshot_finish (chat, e2e_wait_result (&result, 60), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (snapshot), ==, genkit_agent_chat_get_snapshot_id (chat));
  g_assert_cmpint (genkit_session_snapshot_get_status (snapshot), ==, GENKIT_SNAPSHOT_STATUS_COMPLETED);
  g_assert_cmpuint (json_array_get_length (genkit_session_snapshot_get_messages (snapshot)), ==, 8);

  /* A branch from the first turn. */
  branch = genkit_agent_chat_new (runtime, "serverChat");
  genkit_agent_chat_load_async (branch, first, NULL, NULL, e2e_result_cb, &result);
  g_clear_pointer (&snapshot, genkit_session_snapshot_unref);
  snapshot = genkit_agent_chat_load_finish (branch, e2e_wait_result (&result, 60), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (branch, "something else", &error);
  g_assert_no_error (error);
  assert_text (output, "2: something else");
  g_assert_cmpstr (genkit_agent_chat_get_session_id (branch), ==, session);

  /* A failed turn keeps the last good snapshot. */
  {
    g_autofree char *good = g_strdup (genkit_agent_chat_get_snapshot_id (branch));

    g_clear_pointer (&output, json_object_unref);
    output = chat_send (branch, "/fail", &error);
    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
    g_assert_nonnull (strstr (error->message, "the model exploded"));
    g_clear_error (&error);
    g_assert_cmpstr (genkit_agent_chat_get_snapshot_id (branch), ==, good);
    assert_last_message (branch, "2: something else");
  }

  /* A detached turn, followed through its snapshot. */
  genkit_agent_chat_detach_async (chat, json_node_get_object (background), NULL, e2e_result_cb, &result);
  detached = genkit_agent_chat_detach_finish (chat, e2e_wait_result (&result, 60), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  for (guint i = 0; i < 100; i++)
    {
      g_clear_pointer (&snapshot, genkit_session_snapshot_unref);
      genkit_agent_chat_get_snapshot_async (chat, detached, NULL, NULL, e2e_result_cb, &result);
      snapshot = genkit_agent_chat_get_snapshot_finish (chat, e2e_wait_result (&result, 60), &error);
      g_assert_no_error (error);
      g_clear_object (&result);
      if (genkit_session_snapshot_get_status (snapshot) == GENKIT_SNAPSHOT_STATUS_COMPLETED)
        break;
      g_usleep (50 * 1000);
    }
  g_assert_cmpint (genkit_session_snapshot_get_status (snapshot), ==, GENKIT_SNAPSHOT_STATUS_COMPLETED);

  /* Client-managed: the state goes back and forth. */
  client = genkit_agent_chat_new (runtime, "clientChat");
  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("turn %u", i);
      g_autofree char *want = g_strdup_printf ("%u: turn %u", i, i);

      g_clear_pointer (&output, json_object_unref);
      output = chat_send (client, text, &error);
      g_assert_no_error (error);
      assert_text (output, want);
    }
  g_assert_cmpint (genkit_agent_chat_get_state_management (client), ==, GENKIT_STATE_MANAGEMENT_CLIENT);
  g_assert_cmpuint (json_array_get_length (genkit_agent_chat_get_messages (client)), ==, 6);

  /* Custom state streamed as JSON Patch, and artifacts. */
  counter = genkit_agent_chat_new (runtime, "counter");
  g_signal_connect (counter, "custom-changed", G_CALLBACK (count_cb), &custom_changes);
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (counter, "one", &error);
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (counter, "two", &error);
  g_assert_no_error (error);
  {
    g_autofree char *custom = to_string (genkit_agent_chat_get_custom (counter));

    g_assert_cmpstr (custom, ==, "{\"turns\":2,\"last\":\"two\"}");
  }
  g_assert_cmpuint (custom_changes, ==, 4);
  g_assert_cmpuint (json_array_get_length (genkit_agent_chat_get_artifacts (counter)), ==, 1);

  g_subprocess_send_signal (app, SIGTERM);
  g_subprocess_wait (app, NULL, NULL);
  g_clear_object (&monitor);
  e2e_remove_tree (root);
}

/* 1b. The JavaScript agents over reflection API v2 -------------------------------------------- */

static void
collect_chunk_cb (JsonNode *chunk,
                  gpointer  user_data)
{
  g_ptr_array_add (user_data, json_node_copy (chunk));
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
test_js_agents_v2 (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = make_project (node_modules);
  g_autofree char *agents_js = g_test_build_filename (G_TEST_DIST, "sessions-agents.mjs", NULL);
  g_autofree char *agents_dir = g_path_get_dirname (agents_js);
  g_autoptr(GenkitReflectionV2Server) server = genkit_reflection_v2_server_new ();
  g_autoptr(GSubprocess) app = NULL;
  g_autoptr(GenkitAgentChat) chat = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(GenkitInputChannel) channel = genkit_input_channel_new ();
  g_autoptr(JsonNode) init = json ("{}");
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;
  const char *texts[] = { "hello", "again" };
  GenkitRuntime *runtime;
  gboolean timed_out = FALSE;
  guint source;

  g_test_summary ("The JavaScript agents, started with GENKIT_REFLECTION_V2_SERVER naming our "
                  "v2 server: chatted with through GenkitAgentChat, and one bidirectional run "
                  "whose turns go out as sendInputStreamChunk");

  e2e_copy_file (agents_dir, root, "sessions-agents.mjs");
  g_assert_true (genkit_reflection_v2_server_listen (server, 0, &error));
  g_assert_no_error (error);
  {
    const char *node_argv[] = { "node", "sessions-agents.mjs", NULL };
    const char *node_env[] = { "GENKIT_ENV", "dev", "GENKIT_REFLECTION_V2_SERVER",
                               genkit_reflection_v2_server_get_url (server), NULL };

    app = spawn_logged (root, "agents.log", node_argv, node_env);
  }
  source = g_timeout_add_seconds (START_TIMEOUT_S, e2e_flag_timeout_cb, &timed_out);
  while (genkit_reflection_v2_server_get_current_runtime (server) == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    {
      g_autofree char *log = read_log (root, "agents.log");

      g_error ("The JavaScript agents did not register within %d s:\n%s", START_TIMEOUT_S, log);
    }
  g_source_remove (source);
  runtime = genkit_reflection_v2_server_get_current_runtime (server);

  /* Our chat, turn by turn, as over v1. */
  chat = genkit_agent_chat_new (runtime, "serverChat");
  genkit_agent_chat_set_state_management (chat, GENKIT_STATE_MANAGEMENT_SERVER);
  output = chat_send (chat, "hello", &error);
  g_assert_no_error (error);
  assert_text (output, "1: hello");
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (chat, "again", &error);
  g_assert_no_error (error);
  assert_text (output, "2: again");

  /* One run, two turns: the input stream v2 carries (JS implements it since 1.41). */
  genkit_run_options_set_init (options, init);
  genkit_run_options_set_input_channel (options, channel);
  genkit_run_options_set_stream_func (options, collect_chunk_cb, chunks, NULL);
  genkit_runtime_run_action_async (runtime, "/agent/serverChat", NULL, options, NULL, e2e_result_cb, &result);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *text = g_strdup_printf ("{'message': {'role': 'user', 'content': [{'text': '%s'}]}}", texts[i]);
      g_autoptr(JsonNode) input = json (text);

      /* One turn at a time: this turn's end before the next input. */
      g_assert_true (genkit_input_channel_send (channel, input));
      timed_out = FALSE;
      source = g_timeout_add_seconds (60, e2e_flag_timeout_cb, &timed_out);
      while (count_turn_ends (chunks) <= i && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      g_assert_false (timed_out);
      g_source_remove (source);
      g_assert_cmpuint (count_turn_ends (chunks), ==, i + 1);
    }
  genkit_input_channel_close (channel);
  action_result = genkit_runtime_run_action_finish (runtime, e2e_wait_result (&result, 60), &error);
  g_assert_no_error (error);
  {
    JsonObject *last = json_node_get_object (genkit_action_result_get_result (action_result));

    assert_text (last, "2: again");
    g_assert_nonnull (json_object_get_string_member (last, "snapshotId"));
  }

  g_subprocess_send_signal (app, SIGKILL);
  g_subprocess_wait (app, NULL, NULL);
  genkit_reflection_v2_server_stop (server);
  e2e_remove_tree (root);
}

/* 2. Our agents, driven by the Genkit CLI's tools server ------------------------------------ */

typedef struct
{
  SoupSession *session;
  char        *base;
} Tools;

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

/* Sends a request to the tools server; %NULL when it could not be reached. */
static char *
tools_request (Tools      *tools,
               const char *method,
               const char *path,
               const char *body,
               guint      *status)
{
  g_autofree char *url = g_strconcat (tools->base, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request);
    }
  soup_session_send_and_read_async (tools->session, msg, G_PRIORITY_DEFAULT, NULL, e2e_result_cb, &result);
  bytes = soup_session_send_and_read_finish (tools->session, e2e_wait_result (&result, 90), &error);
  if (bytes == NULL)
    {
      g_test_message ("%s %s: %s", method, path, error->message);
      return NULL;
    }
  if (status != NULL)
    *status = soup_message_get_status (msg);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* A streamAction answer: NDJSON chunks, then the RunActionResponse (or {"error"}) last. */
static JsonNode *
stream_action (Tools      *tools,
               const char *body,
               GPtrArray  *chunks)
{
  guint status = 0;
  g_autofree char *text = tools_request (tools, "POST", "/api/streamAction?bidi=true", body, &status);
  g_auto(GStrv) lines = NULL;
  guint n;

  g_assert_nonnull (text);
  g_assert_cmpuint (status, ==, 200);
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i + 1 < n; i++)
    g_ptr_array_add (chunks, genkit_json_parse (lines[i], -1, NULL));
  return genkit_json_parse (lines[n - 1], -1, NULL);
}

static JsonObject *
result_of (JsonNode *response)
{
  JsonObject *object = json_node_get_object (response);

  if (json_object_has_member (object, "error"))
    {
      g_autofree char *text = to_string (response);

      g_error ("The tools server answered with an error: %s", text);
    }
  return json_object_get_object_member (object, "result");
}

static void
test_tools_server_drives_our_agents (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = make_project (node_modules);
  g_autofree char *data_home = g_build_filename (root, "xdg-data", NULL);
  g_autofree char *genkit_js = g_build_filename (node_modules, "genkit-cli", "dist", "bin", "genkit.js", NULL);
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  g_autofree char *harness_log = g_build_filename (root, "tools.log", NULL);
  const char *cli = g_getenv ("GENKIT_STUDIO_CLI");
  const char *serve_argv[] = { cli, "serve", "--project", root, NULL };
  const char *serve_env[] = { "XDG_DATA_HOME", data_home, NULL };
  const char *harness_argv[] = { "node", genkit_js, "__server-harness", port, harness_log, NULL };
  g_autoptr(GSubprocess) serve = NULL;
  g_autoptr(GSubprocess) harness = NULL;
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(JsonNode) response = NULL;
  g_autofree char *snapshot_id = NULL;
  g_autofree char *session_id = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  Tools tools = { 0 };
  JsonObject *output;
  guint status = 0;
  gboolean found = FALSE;
  gint64 deadline;

  g_test_summary ("The Genkit CLI's tools server (the Dev UI's backend) lists our agents and runs "
                  "their turns through POST /api/streamAction?bidi=true with input and init, as "
                  "its Dev UI does; snapshots come back through /api/runAction");

  g_assert_nonnull (cli);
  serve = spawn_logged (root, "serve.log", serve_argv, serve_env);
  harness = spawn_logged (root, "harness.log", harness_argv, NULL);
  tools.session = soup_session_new ();
  tools.base = g_strdup_printf ("http://127.0.0.1:%s", port);

  /* Up, and attached to our runtime (it reads .genkit/runtimes like `genkit ui:start`). */
  deadline = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;
  while (!found && g_get_monotonic_time () < deadline)
    {
      g_autofree char *actions = tools_request (&tools, "GET", "/api/listActions", NULL, &status);

      g_autoptr(JsonNode) node = NULL;
      JsonObject *data = NULL;

      /* Only a listing that already holds our agents counts: while it attaches, the tools
       * server may answer with an error or a listing of another runtime. */
      if (actions != NULL && status == 200 && (node = genkit_json_parse (actions, -1, NULL)) != NULL &&
          JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonNode *result = json_object_get_member (json_node_get_object (node), "result");
          JsonNode *data_node = result && JSON_NODE_HOLDS_OBJECT (result)
                                ? json_object_get_member (json_node_get_object (result), "data") : NULL;

          if (data_node != NULL && JSON_NODE_HOLDS_OBJECT (data_node) &&
              json_object_has_member (json_node_get_object (data_node), "/agent/chat"))
            data = json_node_get_object (data_node);
        }

      if (data != NULL)
        {
          JsonObject *chat = json_object_get_object_member (data, "/agent/chat");
          JsonObject *agent = json_object_get_object_member (json_object_get_object_member (chat, "metadata"), "agent");

          g_assert_cmpstr (json_object_get_string_member (agent, "stateManagement"), ==, "server");
          g_assert_true (json_object_get_boolean_member (agent, "abortable"));
          g_assert_true (json_object_has_member (data, "/agent-snapshot/chat"));
          g_assert_true (json_object_has_member (data, "/agent-abort/notes"));
          found = TRUE;
        }
      else
        g_usleep (200 * 1000);
    }
  if (!found)
    {
      g_autofree char *log = read_log (root, "tools.log");
      g_autofree char *serve_log = read_log (root, "serve.log");

      g_error ("The tools server did not list our agents within %d s.\ntools server:\n%s\nserve:\n%s",
               START_TIMEOUT_S, log, serve_log);
    }

  /* Turn 1: a fresh session. */
  response = stream_action (&tools, "{\"key\": \"/agent/chat\", \"init\": {}, \"input\": {\"message\":"
                                    " {\"role\": \"user\", \"content\": [{\"text\": \"hello from the Dev UI\"}]}}}",
                            chunks);
  output = result_of (response);
  g_assert_cmpstr (json_object_get_string_member (output, "finishReason"), ==, "stop");
  snapshot_id = g_strdup (json_object_get_string_member (output, "snapshotId"));
  session_id = g_strdup (json_object_get_string_member (output, "sessionId"));
  g_assert_true (json_object_has_member (json_node_get_object (response), "genkitVersion"));
  g_assert_cmpuint (chunks->len, >, 1);
  g_assert_true (json_object_has_member (json_node_get_object (chunks->pdata[0]), "modelChunk"));
  g_assert_true (json_object_has_member (json_node_get_object (chunks->pdata[chunks->len - 1]), "turnEnd"));

  /* Turn 2 continues the snapshot; a tool interrupt. */
  g_ptr_array_set_size (chunks, 0);
  g_clear_pointer (&response, json_node_unref);
  body = g_strdup_printf ("{\"key\": \"/agent/chat\", \"init\": {\"snapshotId\": \"%s\"}, \"input\": {\"message\":"
                          " {\"role\": \"user\", \"content\": [{\"text\": \"/tool askUser {\\\"question\\\": \\\"color?\\\"}\"}]}}}",
                          snapshot_id);
  response = stream_action (&tools, body, chunks);
  output = result_of (response);
  g_assert_cmpstr (json_object_get_string_member (output, "finishReason"), ==, "interrupted");
  g_free (snapshot_id);
  snapshot_id = g_strdup (json_object_get_string_member (output, "snapshotId"));

  /* Turn 3 answers the interrupt (the Dev UI's respond). */
  g_ptr_array_set_size (chunks, 0);
  g_clear_pointer (&response, json_node_unref);
  g_free (body);
  body = g_strdup_printf ("{\"key\": \"/agent/chat\", \"init\": {\"snapshotId\": \"%s\"}, \"input\": {\"resume\":"
                          " {\"respond\": [{\"toolResponse\": {\"name\": \"askUser\", \"ref\": \"call-1\", \"output\": \"blue\"}}]}}}",
                          snapshot_id);
  response = stream_action (&tools, body, chunks);
  output = result_of (response);
  g_assert_cmpstr (json_object_get_string_member (output, "finishReason"), ==, "stop");
  g_assert_cmpstr (json_object_get_string_member (output, "sessionId"), ==, session_id);
  {
    JsonObject *message = json_object_get_object_member (output, "message");
    const char *said = json_object_get_string_member (json_array_get_object_element (
                                                        json_object_get_array_member (message, "content"), 0), "text");

    g_assert_cmpstr (said, ==, "tool askUser said: \"blue\"");
  }

  /* The session's snapshot, through the tools server's runAction. */
  g_free (body);
  body = g_strdup_printf ("{\"key\": \"/agent-snapshot/chat\", \"input\": {\"sessionId\": \"%s\"}}", session_id);
  text = tools_request (&tools, "POST", "/api/runAction", body, &status);
  /* Seen once (1 run in 4): 500 from the tools server here; its answer says why. */
  if (status != 200)
    {
      g_autofree char *log = read_log (root, "tools.log");
      g_autofree char *serve_log = read_log (root, "serve.log");

      g_error ("The snapshot read answered %u: %s\ntools server:\n%s\nserve:\n%s", status, text ? text : "",
               log, serve_log);
    }
  g_clear_pointer (&response, json_node_unref);
  response = genkit_json_parse (text, -1, NULL);
  output = result_of (response);
  g_assert_cmpstr (json_object_get_string_member (output, "status"), ==, "completed");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (output, "state"),
                                                                        "messages")), ==, 6);

  /* Custom state and artifacts stream through the tools server too. */
  g_ptr_array_set_size (chunks, 0);
  g_clear_pointer (&response, json_node_unref);
  response = stream_action (&tools, "{\"key\": \"/agent/notes\", \"init\": {}, \"input\": {\"message\":"
                                    " {\"role\": \"user\", \"content\": [{\"text\": \"buy milk\"}]}}}",
                            chunks);
  output = result_of (response);
  {
    g_autofree char *first = to_string (chunks->pdata[0]);

    g_assert_cmpstr (first, ==, "{\"customPatch\":[{\"op\":\"replace\",\"path\":\"\",\"value\":{\"notes\":[\"buy milk\"]}}]}");
  }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (output, "artifacts")), ==, 1);

  /* The tools server keeps running on SIGTERM (its handlers log and go on). */
  g_subprocess_send_signal (harness, SIGKILL);
  g_subprocess_wait (harness, NULL, NULL);
  g_subprocess_send_signal (serve, SIGTERM);
  g_subprocess_wait (serve, NULL, NULL);
  g_clear_object (&tools.session);
  g_free (tools.base);
  e2e_remove_tree (root);
}

/* Reads the next NDJSON line of a streamed answer; %NULL at its end. */
static JsonNode *
read_stream_line (GDataInputStream *lines)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, e2e_result_cb, &result);
  line = g_data_input_stream_read_line_finish_utf8 (lines, e2e_wait_result (&result, 90), NULL, &error);
  g_assert_no_error (error);
  return line ? genkit_json_parse (line, -1, NULL) : NULL;
}

/* Reads chunks up to and with the next `turnEnd`. */
static void
read_turn (GDataInputStream *lines,
           GPtrArray        *chunks)
{
  for (;;)
    {
      JsonNode *chunk = read_stream_line (lines);

      g_assert_nonnull (chunk);
      g_ptr_array_add (chunks, chunk);
      if (json_object_has_member (json_node_get_object (chunk), "turnEnd"))
        return;
    }
}

static void
send_bidi (Tools      *tools,
           const char *path,
           const char *body)
{
  guint status = 0;
  g_autofree char *answer = tools_request (tools, "POST", path, body, &status);

  g_assert_nonnull (answer);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_tools_server_v2_bidi (void)
{
  g_autofree char *node_modules = e2e_ensure_node_modules ();
  g_autofree char *root = make_project (node_modules);
  g_autofree char *data_home = g_build_filename (root, "xdg-data", NULL);
  g_autofree char *home = g_build_filename (root, "home", NULL);
  g_autofree char *genkit_js = g_build_filename (node_modules, "genkit-cli", "dist", "bin", "genkit.js", NULL);
  g_autofree char *port = g_strdup_printf ("%u", free_port ());
  const char *cli = g_getenv ("GENKIT_STUDIO_CLI");
  const char *start_argv[] = { "node", genkit_js, "start", "--experimental-reflection-v2", "-p", port,
                               "--non-interactive", "--", cli, "serve", "--project", root, NULL };
  const char *start_env[] = { "XDG_DATA_HOME", data_home, "HOME", home, NULL };
  g_autoptr(GSubprocess) start = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) body_stream = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(JsonNode) final = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *input = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *runtimes_dir = g_build_filename (root, ".genkit", "runtimes", NULL);
  const char *trace_id;
  Tools tools = { 0 };
  gint64 serve_pid = 0;
  gint64 deadline;
  JsonObject *output;

  g_test_summary ("genkit start --experimental-reflection-v2 -- genkit-studio-cli serve: the "
                  "Dev UI's tools server runs an agent of ours as one bidirectional run over "
                  "reflection v2, its turns sent with /api/sendBidiInput and ended with "
                  "/api/endBidiInput");

  g_assert_nonnull (cli);
  g_assert_cmpint (g_mkdir_with_parents (home, 0755), ==, 0);
  start = spawn_logged (root, "start.log", start_argv, start_env);
  tools.session = soup_session_new ();
  tools.base = g_strdup_printf ("http://127.0.0.1:%s", port);

  /* Our runtime registered with the CLI's v2 server: the tools server lists its agents. */
  deadline = g_get_monotonic_time () + START_TIMEOUT_S * G_USEC_PER_SEC;
  while (serve_pid == 0 && g_get_monotonic_time () < deadline)
    {
      guint status = 0;
      g_autofree char *runtimes = tools_request (&tools, "GET", "/api/getActiveRuntimes", NULL, &status);
      g_autoptr(JsonNode) node = runtimes && status == 200 ? genkit_json_parse (runtimes, -1, NULL) : NULL;
      JsonNode *data = NULL;

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
          json_object_has_member (json_node_get_object (node), "result"))
        data = json_object_get_member (json_object_get_object_member (json_node_get_object (node), "result"), "data");
      if (data != NULL && JSON_NODE_HOLDS_ARRAY (data) && json_array_get_length (json_node_get_array (data)) > 0)
        {
          JsonObject *info = json_array_get_object_element (json_node_get_array (data), 0);

          g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "genkitVersion"), "c/"));
          g_assert_true (g_str_has_prefix (json_object_get_string_member (info, "reflectionServerUrl"), "ws://"));
          serve_pid = json_object_get_int_member (info, "pid");
        }
      else
        g_usleep (200 * 1000);
    }
  if (serve_pid == 0)
    {
      g_autofree char *log = read_log (root, "start.log");

      g_error ("Our runtime did not register with genkit start in v2 within %d s:\n%s", START_TIMEOUT_S, log);
    }
  /* v2: no discovery file. */
  {
    g_autoptr(GDir) dir = g_dir_open (runtimes_dir, 0, NULL);

    g_assert_true (dir == NULL || g_dir_read_name (dir) == NULL);
  }

  /* One run, several turns: the Dev UI's bidi stream. Headers come with the trace id. */
  url = g_strconcat (tools.base, "/api/streamAction?bidi=true", NULL);
  msg = soup_message_new ("POST", url);
  {
    const char *body = "{\"key\": \"/agent/chat\", \"init\": {}}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (body, strlen (body));

    soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
  }
  soup_session_send_async (tools.session, msg, G_PRIORITY_DEFAULT, NULL, e2e_result_cb, &result);
  body_stream = soup_session_send_finish (tools.session, e2e_wait_result (&result, 90), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  trace_id = soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Genkit-Trace-Id");
  g_assert_nonnull (trace_id);
  g_assert_cmpuint (strlen (trace_id), ==, 32);
  lines = g_data_input_stream_new (body_stream);

  for (guint turn = 0; turn < 2; turn++)
    {
      guint before = chunks->len;

      g_free (input);
      input = g_strdup_printf ("{\"traceId\": \"%s\", \"chunk\": {\"message\": {\"role\": \"user\", "
                               "\"content\": [{\"text\": \"turn %u over v2\"}]}}}", trace_id, turn + 1);
      send_bidi (&tools, "/api/sendBidiInput", input);
      read_turn (lines, chunks);
      g_assert_cmpuint (chunks->len - before, >, 1);
      g_assert_true (json_object_has_member (json_node_get_object (chunks->pdata[before]), "modelChunk"));
    }

  g_free (input);
  input = g_strdup_printf ("{\"traceId\": \"%s\"}", trace_id);
  send_bidi (&tools, "/api/endBidiInput", input);
  final = read_stream_line (lines);
  g_assert_nonnull (final);
  g_assert_null (read_stream_line (lines));
  output = result_of (final);
  g_assert_cmpstr (json_object_get_string_member (output, "finishReason"), ==, "stop");
  g_assert_true (json_object_has_member (output, "snapshotId"));
  reply = to_string (json_object_get_member (output, "message"));
  g_test_message ("last reply: %s", reply);
  g_assert_nonnull (strstr (reply, "turn 2 over v2"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (final), "telemetry"),
                                                  "traceId"), ==, trace_id);

  /* `genkit start` dies with SIGKILL; our runtime, its child, is ended by its pid. */
  g_subprocess_send_signal (start, SIGKILL);
  g_subprocess_wait (start, NULL, NULL);
  g_assert_cmpint (kill ((pid_t) serve_pid, SIGTERM), ==, 0);
  g_clear_object (&tools.session);
  g_free (tools.base);
  e2e_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (!e2e_init ())
    return 1;

  g_test_add_func ("/e2e/sessions/js-agents", test_js_agents);
  g_test_add_func ("/e2e/sessions/js-agents-v2", test_js_agents_v2);
  g_test_add_func ("/e2e/sessions/tools-server-drives-our-agents", test_tools_server_drives_our_agents);
  g_test_add_func ("/e2e/sessions/tools-server-v2-bidi", test_tools_server_v2_bidi);

  return g_test_run ();
}
