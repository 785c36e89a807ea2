/* test-agent-transport.c — agent runs over the reflection API: our server, our remote runtime,
 * and GenkitAgentChat on both a built-in and a remote runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>
#include <genkit.h>

#include "session-test-util.h"

typedef struct
{
  GenkitRegistry         *registry;
  GenkitRuntime          *local;
  GenkitReflectionServer *server;
  GenkitRuntime          *remote;
  GenkitMemorySessionStore *store;
  StAgents                agents;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->registry = genkit_registry_new ();
  f->store = genkit_memory_session_store_new ();
  f->agents = st_define_test_agents (f->registry, GENKIT_SESSION_STORE (f->store));
  f->local = GENKIT_RUNTIME (genkit_local_runtime_new (f->registry));
  f->server = genkit_reflection_server_new (f->local);
  g_assert_true (genkit_reflection_server_listen_any (f->server, &error));
  g_assert_no_error (error);
  f->remote = GENKIT_RUNTIME (genkit_remote_runtime_new_for_url (genkit_reflection_server_get_url (f->server), &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->remote);
  genkit_reflection_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->local);
  g_clear_object (&f->store);
  g_clear_object (&f->registry);
}

static GenkitRuntime *
runtime_for (Fixture       *f,
             gconstpointer  data)
{
  return GPOINTER_TO_INT (data) ? f->remote : f->local;
}

static JsonObject *
chat_send (GenkitAgentChat  *chat,
           const char       *text,
           GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_agent_chat_send_text_async (chat, text, NULL, st_result_cb, &result);
  return genkit_agent_chat_send_finish (chat, st_wait (&result), error);
}

static void
count_chunk_cb (GenkitAgentChat *chat,
                JsonObject      *chunk,
                gpointer         user_data)
{
  GPtrArray *chunks = user_data;
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), chunk);

  g_ptr_array_add (chunks, json_node_copy (node));
}

static void
assert_messages (GenkitAgentChat *chat,
                 const char      *expected)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

  json_node_set_array (node, genkit_agent_chat_get_messages (chat));
  st_assert_subset (node, expected);
}

static void
test_server_chat (Fixture       *f,
                  gconstpointer  data)
{
  GenkitRuntime *runtime = runtime_for (f, data);
  g_autoptr(GenkitAgentChat) chat = genkit_agent_chat_new (runtime, "serverChat");
  g_autoptr(GenkitAgentChat) branch = NULL;
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GenkitSessionSnapshot) loaded = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *session = NULL;

  g_test_summary ("A chat with a server-managed agent over three turns tracks the snapshot id, "
                  "the session and the messages; loading an older snapshot branches from it");

  g_signal_connect (chat, "chunk", G_CALLBACK (count_chunk_cb), chunks);
  output = chat_send (chat, "hello there", &error);
  g_assert_no_error (error);
  first = g_strdup (genkit_agent_chat_get_snapshot_id (chat));
  session = g_strdup (genkit_agent_chat_get_session_id (chat));
  g_assert_nonnull (first);
  g_assert_cmpint (genkit_agent_chat_get_state_management (chat), ==, GENKIT_STATE_MANAGEMENT_SERVER);
  g_assert_cmpuint (chunks->len, ==, 4);
  st_assert_subset (chunks->pdata[3], "{'turnEnd': {'finishReason': 'stop'}}");
  g_assert_nonnull (genkit_agent_chat_get_last_trace_id (chat));

  g_clear_pointer (&output, json_object_unref);
  output = chat_send (chat, "again", &error);
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (chat, "third", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_agent_chat_get_session_id (chat), ==, session);
  assert_messages (chat, "[{'role': 'user', 'content': [{'text': 'hello there'}]},"
                         " {'role': 'model', 'content': [{'text': '1: hello there'}]},"
                         " {'role': 'user'}, {'role': 'model', 'content': [{'text': '2: again'}]},"
                         " {'role': 'user'}, {'role': 'model', 'content': [{'text': '3: third'}]}]");

  /* A second chat loads the first snapshot and takes another way. */
  branch = genkit_agent_chat_new (runtime, "serverChat");
  genkit_agent_chat_load_async (branch, first, NULL, NULL, st_result_cb, &result);
  loaded = genkit_agent_chat_load_finish (branch, st_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (loaded), ==, first);
  assert_messages (branch, "[{'role': 'user'}, {'role': 'model'}]");
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (branch, "elsewhere", &error);
  g_assert_no_error (error);
  assert_messages (branch, "[{}, {}, {'role': 'user'}, {'role': 'model', 'content': [{'text': '2: elsewhere'}]}]");
  g_assert_cmpstr (genkit_agent_chat_get_session_id (branch), ==, session);
}

static void
test_client_chat (Fixture       *f,
                  gconstpointer  data)
{
  GenkitRuntime *runtime = runtime_for (f, data);
  g_autoptr(GenkitAgentChat) chat = genkit_agent_chat_new (runtime, "clientChat");
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A chat with a client-managed agent carries the whole state turn after turn");

  for (guint i = 1; i <= 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("turn %u", i);

      g_clear_pointer (&output, json_object_unref);
      output = chat_send (chat, text, &error);
      g_assert_no_error (error);
    }
  g_assert_cmpint (genkit_agent_chat_get_state_management (chat), ==, GENKIT_STATE_MANAGEMENT_CLIENT);
  g_assert_null (genkit_agent_chat_get_snapshot_id (chat));
  g_assert_cmpuint (json_array_get_length (genkit_agent_chat_get_messages (chat)), ==, 6);
  assert_messages (chat, "[{}, {}, {}, {}, {}, {'role': 'model', 'content': [{'text': '3: turn 3'}]}]");
}

static void
custom_changed_cb (GenkitAgentChat *chat,
                   gpointer         user_data)
{
  (*(guint *) user_data)++;
}

static void
test_custom_and_interrupts (Fixture       *f,
                            gconstpointer  data)
{
  GenkitRuntime *runtime = runtime_for (f, data);
  g_autoptr(GenkitAgentChat) counter = genkit_agent_chat_new (runtime, "counter");
  g_autoptr(GenkitAgentChat) asker = genkit_agent_chat_new (runtime, "serverChat");
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(JsonNode) resume = st_json ("{'respond': [{'toolResponse': {'name': 'askUser', 'ref': 'ask-1', 'output': 'blue'}}]}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint custom_changes = 0;
  JsonArray *artifacts;

  g_test_summary ("The chat applies streamed custom-state patches and collects artifacts; an "
                  "interrupted turn is resumed through the chat");

  g_signal_connect (counter, "custom-changed", G_CALLBACK (custom_changed_cb), &custom_changes);
  output = chat_send (counter, "one", &error);
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (counter, "two", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (custom_changes, ==, 4);
  st_assert_subset (genkit_agent_chat_get_custom (counter), "{'turns': 2, 'last': 'two'}");
  artifacts = genkit_agent_chat_get_artifacts (counter);
  g_assert_cmpuint (json_array_get_length (artifacts), ==, 1);

  g_clear_pointer (&output, json_object_unref);
  output = chat_send (asker, "/ask color?", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (output, "finishReason"), ==, "interrupted");
  genkit_agent_chat_resume_async (asker, json_node_get_object (resume), NULL, st_result_cb, &result);
  g_clear_pointer (&output, json_object_unref);
  output = genkit_agent_chat_send_finish (asker, st_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (output, "finishReason"), ==, "stop");
}

static void
test_failure_and_detach (Fixture       *f,
                         gconstpointer  data)
{
  GenkitRuntime *runtime = runtime_for (f, data);
  g_autoptr(GenkitAgentChat) chat = genkit_agent_chat_new (runtime, "serverChat");
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(JsonNode) slow = st_json ("{'message': {'role': 'user', 'content': [{'text': '/slow 20000'}]}}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) snapshot_result = NULL;
  g_autoptr(GAsyncResult) abort_result = NULL;
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *good = NULL;
  g_autofree char *detached = NULL;
  GenkitSnapshotStatus previous;

  g_test_summary ("A failed turn reports its error and keeps the last good snapshot; a detached "
                  "turn is followed through its snapshot and aborted through the chat");

  output = chat_send (chat, "fine", &error);
  good = g_strdup (genkit_agent_chat_get_snapshot_id (chat));
  g_clear_pointer (&output, json_object_unref);
  output = chat_send (chat, "/fail", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
  g_assert_cmpstr (error->message, ==, "INTERNAL: the model exploded");
  g_clear_error (&error);
  g_assert_null (output);
  g_assert_cmpstr (genkit_agent_chat_get_snapshot_id (chat), ==, good);
  g_assert_cmpuint (json_array_get_length (genkit_agent_chat_get_messages (chat)), ==, 2);

  genkit_agent_chat_detach_async (chat, json_node_get_object (slow), NULL, st_result_cb, &result);
  detached = genkit_agent_chat_detach_finish (chat, st_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (detached);

  genkit_agent_chat_get_snapshot_async (chat, detached, NULL, NULL, st_result_cb, &snapshot_result);
  snapshot = genkit_agent_chat_get_snapshot_finish (chat, st_wait (&snapshot_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_session_snapshot_get_status (snapshot), ==, GENKIT_SNAPSHOT_STATUS_PENDING);

  genkit_agent_chat_abort_async (chat, NULL, NULL, st_result_cb, &abort_result);
  previous = genkit_agent_chat_abort_finish (chat, st_wait (&abort_result), &error);
  g_assert_no_error (error);
  g_assert_cmpint (previous, ==, GENKIT_SNAPSHOT_STATUS_PENDING);

  g_clear_object (&snapshot_result);
  g_clear_pointer (&snapshot, genkit_session_snapshot_unref);
  genkit_agent_chat_get_snapshot_async (chat, detached, NULL, NULL, st_result_cb, &snapshot_result);
  snapshot = genkit_agent_chat_get_snapshot_finish (chat, st_wait (&snapshot_result), &error);
  g_assert_cmpint (genkit_session_snapshot_get_status (snapshot), ==, GENKIT_SNAPSHOT_STATUS_ABORTED);
}

/* The wire, as the Genkit CLI's tools server sends it ----------------------------------------- */

static char *
post_run_action (Fixture    *f,
                 const char *body,
                 guint      *status,
                 gboolean    traced)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (genkit_reflection_server_get_url (f->server),
                                      "/api/runAction?stream=true", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_POST, url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) response = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  /* The server answers on this thread's main context: wait without blocking it. */
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, st_result_cb, &result);
  response = soup_session_send_and_read_finish (session, st_wait (&result), &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  /* No span, no trace id: a run whose init fails its schema never started one. */
  if (traced)
    g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Genkit-Trace-Id"));
  else
    g_assert_null (soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Genkit-Trace-Id"));
  return g_strndup (g_bytes_get_data (response, NULL), g_bytes_get_size (response));
}

static void
test_wire (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *body = NULL;
  g_autofree char *bad = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonNode) final = NULL;
  guint n;
  guint status = 0;

  g_test_summary ("POST /api/runAction?stream=true with `init`, as the tools server proxies a Dev UI "
                  "agent turn: AgentStreamChunk lines, then the AgentOutput without a trailing newline; "
                  "an agent run without init fails its init schema with code 3");

  body = post_run_action (f, "{\"key\": \"/agent/serverChat\", \"init\": {},"
                             " \"input\": {\"message\": {\"role\": \"user\", \"content\": [{\"text\": \"over the wire\"}]}}}",
                          &status, TRUE);
  g_assert_cmpuint (status, ==, 200);
  g_assert_false (g_str_has_suffix (body, "\n"));
  lines = g_strsplit (body, "\n", -1);
  n = g_strv_length (lines);
  g_assert_cmpuint (n, ==, 6);
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(JsonNode) chunk = genkit_json_parse (lines[i], -1, NULL);

      g_assert_nonnull (chunk);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (chunk));
    }
  final = genkit_json_parse (lines[n - 1], -1, NULL);
  st_assert_subset (final, "{'result': {'finishReason': 'stop', 'message': {'content': [{'text': '1: over the wire'}]}}}");
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (json_node_get_object (final), "result"),
                                                   "snapshotId"));

  bad = post_run_action (f, "{\"key\": \"/agent/serverChat\","
                            " \"input\": {\"message\": {\"role\": \"user\", \"content\": [{\"text\": \"x\"}]}}}",
                         &status, FALSE);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&final, json_node_unref);
  final = genkit_json_parse (bad, -1, NULL);
  st_assert_subset (final, "{'error': {'code': 3}}");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/agent-chat/local/server", Fixture, GINT_TO_POINTER (0), fixture_setup, test_server_chat, fixture_teardown);
  g_test_add ("/agent-chat/remote/server", Fixture, GINT_TO_POINTER (1), fixture_setup, test_server_chat, fixture_teardown);
  g_test_add ("/agent-chat/local/client", Fixture, GINT_TO_POINTER (0), fixture_setup, test_client_chat, fixture_teardown);
  g_test_add ("/agent-chat/remote/client", Fixture, GINT_TO_POINTER (1), fixture_setup, test_client_chat, fixture_teardown);
  g_test_add ("/agent-chat/local/custom-and-interrupts", Fixture, GINT_TO_POINTER (0), fixture_setup, test_custom_and_interrupts, fixture_teardown);
  g_test_add ("/agent-chat/remote/custom-and-interrupts", Fixture, GINT_TO_POINTER (1), fixture_setup, test_custom_and_interrupts, fixture_teardown);
  g_test_add ("/agent-chat/local/failure-and-detach", Fixture, GINT_TO_POINTER (0), fixture_setup, test_failure_and_detach, fixture_teardown);
  g_test_add ("/agent-chat/remote/failure-and-detach", Fixture, GINT_TO_POINTER (1), fixture_setup, test_failure_and_detach, fixture_teardown);
  g_test_add ("/agent-transport/wire", Fixture, NULL, fixture_setup, test_wire, fixture_teardown);

  return g_test_run ();
}
