/* test-agents.c — agents with the programmable model: turns, snapshots, resume, branches,
 * failures, interrupts, custom state, detach, heartbeats, expiry, abort, spans
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <genkit.h>

#include "session-test-util.h"

typedef struct
{
  GenkitRegistry            *registry;
  GenkitRuntime             *runtime;
  GenkitMemorySpanProcessor *spans;
  GenkitProgrammableModel   *pm;
  GenkitMemorySessionStore  *store;
  GenkitAgent               *server;
  GenkitAgent               *client;
  GenkitAgent               *counter;
  StAgents                   agents;
} Fixture;

/* Fixture ---------------------------------------------------------------------------------- */

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->registry = genkit_registry_new ();
  f->spans = genkit_memory_span_processor_new ();
  genkit_tracer_add_processor (genkit_registry_get_tracer (f->registry), GENKIT_SPAN_PROCESSOR (f->spans));
  f->runtime = GENKIT_RUNTIME (genkit_local_runtime_new (f->registry));
  f->store = genkit_memory_session_store_new ();
  f->agents = st_define_test_agents (f->registry, GENKIT_SESSION_STORE (f->store));
  f->pm = f->agents.pm;
  f->server = f->agents.server;
  f->client = f->agents.client;
  f->counter = f->agents.counter;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->runtime);
  g_clear_object (&f->store);
  g_clear_object (&f->spans);
  g_clear_object (&f->registry);
}

static const char *
output_string (StRun      *run,
               const char *member)
{
  return json_object_get_string_member_with_default (st_run_output (run), member, NULL);
}

static JsonNode *
output_node (StRun *run)
{
  return genkit_action_result_get_result (run->result);
}

/* Spans of a run, by name. */
static JsonObject *
span_named (Fixture    *f,
            const char *trace_id,
            const char *name)
{
  g_autoptr(JsonNode) trace = genkit_memory_span_processor_get_trace (f->spans, trace_id);
  JsonObject *spans;
  g_autoptr(GList) ids = NULL;

  g_assert_nonnull (trace);
  spans = json_object_get_object_member (json_node_get_object (trace), "spans");
  ids = json_object_get_members (spans);
  for (GList *l = ids; l != NULL; l = l->next)
    {
      JsonObject *span = json_object_get_object_member (spans, l->data);

      if (g_str_equal (json_object_get_string_member (span, "displayName"), name))
        return json_object_ref (span);
    }
  return NULL;
}

static void
assert_object_subset (JsonObject *object,
                      const char *expected)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  st_assert_subset (node, expected);
}

static void
assert_snapshot_subset (GenkitSessionSnapshot *snapshot,
                        const char            *expected)
{
  g_autoptr(JsonNode) node = genkit_session_snapshot_to_json (snapshot);

  st_assert_subset (node, expected);
}

/* Tests ------------------------------------------------------------------------------------ */

static JsonObject *
descriptor (GenkitRegistry *registry,
            const char     *key)
{
  GenkitAction *action = genkit_registry_lookup_action (registry, key);
  g_autoptr(JsonNode) node = NULL;

  g_assert_nonnull (action);
  node = genkit_action_to_descriptor (action);
  return json_object_ref (json_node_get_object (node));
}

static void
assert_same_member (JsonObject *ours,
                    JsonObject *theirs,
                    const char *member)
{
  g_autofree char *a = st_to_string (json_object_get_member (ours, member));
  g_autofree char *b = st_to_string (json_object_get_member (theirs, member));

  g_assert_cmpstr (a, ==, b);
}

static void
test_descriptors (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "js-agent-actions.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *js;
  static const char *const pairs[][2] = {
    { "/agent/serverChat", "/agent/serverChat" },
    { "/agent-snapshot/serverChat", "/agent-snapshot/serverChat" },
    { "/agent-abort/serverChat", "/agent-abort/serverChat" },
    { "/agent/clientChat", "/agent/clientChat" },
    { "/agent/counter", "/agent/counter" },
    { "/agent-abort/counter", "/agent-abort/counter" },
  };

  g_test_summary ("The three actions of an agent are described exactly as the JavaScript runtime "
                  "describes its agents in /api/actions (captured from genkit 1.42)");

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  js = json_node_get_object (json_parser_get_root (parser));

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      g_autoptr(JsonObject) ours = descriptor (f->registry, pairs[i][0]);
      JsonObject *theirs = json_object_get_object_member (js, pairs[i][1]);

      g_assert_nonnull (theirs);
      assert_same_member (ours, theirs, "key");
      assert_same_member (ours, theirs, "name");
      assert_same_member (ours, theirs, "description");
      assert_same_member (ours, theirs, "metadata");
      assert_same_member (ours, theirs, "inputSchema");
      assert_same_member (ours, theirs, "outputSchema");
    }
}

static void
test_server_turns (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(StRun) run = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *session = NULL;
  g_autofree char *init = NULL;
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GenkitSessionSnapshot) parent = NULL;
  g_autoptr(JsonObject) agent_span = NULL;
  g_autoptr(JsonObject) turn_span = NULL;
  g_autoptr(JsonObject) generate_span = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request_json = NULL;
  GenkitGenerateRequest *request;

  g_test_summary ("A server-managed agent over three turns: each turn streams its model chunks and "
                  "a turnEnd, answers with the snapshot id, and stores a completed snapshot whose "
                  "parent is the previous; the model sees the whole history");

  st_run_key (f->runtime, "/agent/serverChat",
              "{'message': {'role': 'user', 'content': [{'text': 'hello there'}]}}", "{}", TRUE, &run);
  first = g_strdup (output_string (&run, "snapshotId"));
  session = g_strdup (output_string (&run, "sessionId"));
  g_assert_true (g_uuid_string_is_valid (first));
  g_assert_true (g_uuid_string_is_valid (session));
  st_assert_subset (output_node (&run),
                    "{'message': {'role': 'model', 'content': [{'text': '1: hello there'}]}, 'finishReason': 'stop'}");
  g_assert_false (json_object_has_member (st_run_output (&run), "state"));
  st_assert_chunks (&run, "[{'modelChunk': {'role': 'model', 'index': 0, 'content': [{'text': '1: '}]}},"
                          " {'modelChunk': {'role': 'model', 'index': 0, 'content': [{'text': 'hello '}]}},"
                          " {'modelChunk': {'role': 'model', 'index': 0, 'content': [{'text': 'there'}]}},"
                          " {'turnEnd': {'finishReason': 'stop'}}]");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_node_get_object (run.chunks->pdata[3]), "turnEnd"), "snapshotId"), ==, first);

  /* The spans: the agent's action span, the turn's step, generate inside it. */
  agent_span = span_named (f, run.trace_id, "serverChat");
  turn_span = span_named (f, run.trace_id, "runTurn-1");
  generate_span = span_named (f, run.trace_id, "generate");
  g_assert_nonnull (agent_span);
  g_assert_nonnull (turn_span);
  g_assert_nonnull (generate_span);
  assert_object_subset (agent_span,
                        "{'attributes': {'genkit:type': 'action', 'genkit:metadata:subtype': 'agent',"
                    " 'genkit:state': 'success'}}");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (agent_span, "attributes"),
                                                  "genkit:metadata:agent:sessionId"), ==, session);
  g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (agent_span, "attributes"),
                                                   "genkit:init"));
  g_assert_cmpstr (json_object_get_string_member (turn_span, "parentSpanId"), ==,
                   json_object_get_string_member (agent_span, "spanId"));
  g_assert_cmpstr (json_object_get_string_member (generate_span, "parentSpanId"), ==,
                   json_object_get_string_member (turn_span, "spanId"));
  {
    JsonObject *attributes = json_object_get_object_member (turn_span, "attributes");
    g_autoptr(JsonNode) output = st_json (json_object_get_string_member (attributes, "genkit:output"));

    g_assert_cmpstr (json_object_get_string_member (attributes, "genkit:type"), ==, "flowStep");
    g_assert_cmpstr (json_object_get_string_member (attributes, "genkit:metadata:agent:snapshotId"), ==, first);
    g_assert_cmpstr (json_object_get_string_member (attributes, "genkit:path"), ==,
                     "/{serverChat,t:action}/{runTurn-1,t:flowStep}");
    st_assert_subset (output, "{'state': {'messages': [{'role': 'user'}, {'role': 'model'}]}}");
  }

  /* Turns 2 and 3 continue from the previous snapshot. */
  init = g_strdup_printf ("{'snapshotId': '%s'}", first);
  st_run_key (f->runtime, "/agent/serverChat",
              "{'message': {'role': 'user', 'content': [{'text': 'again'}]}}", init, FALSE, &run);
  st_assert_subset (output_node (&run), "{'message': {'content': [{'text': '2: again'}]}}");
  g_assert_cmpstr (output_string (&run, "sessionId"), ==, session);
  second = g_strdup (output_string (&run, "snapshotId"));

  g_free (init);
  init = g_strdup_printf ("{'snapshotId': '%s'}", second);
  st_run_key (f->runtime, "/agent/serverChat",
              "{'message': {'role': 'user', 'content': [{'text': 'third'}]}}", init, FALSE, &run);
  st_assert_subset (output_node (&run), "{'message': {'content': [{'text': '3: third'}]}}");

  /* The model saw the system prompt and the whole conversation. */
  request = genkit_programmable_model_get_last_request (f->pm);
  request_json = genkit_generate_request_to_json (request);
  st_assert_subset (request_json,
                    "{'messages': [{'role': 'system', 'content': [{'text': 'You repeat what you hear.'}],"
                    "                'metadata': {'agentPreamble': true}},"
                    "              {'role': 'user', 'content': [{'text': 'hello there'}]},"
                    "              {'role': 'model', 'content': [{'text': '1: hello there'}]},"
                    "              {'role': 'user', 'content': [{'text': 'again'}]},"
                    "              {'role': 'model', 'content': [{'text': '2: again'}]},"
                    "              {'role': 'user', 'content': [{'text': 'third'}]}]}");

  /* The stored chain: no preamble in the history, each snapshot's parent the previous one. */
  snapshot = st_get_snapshot (GENKIT_SESSION_STORE (f->store), output_string (&run, "snapshotId"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (snapshot), ==, second);
  g_assert_cmpstr (genkit_session_snapshot_get_session_id (snapshot), ==, session);
  g_assert_cmpint (genkit_session_snapshot_get_status (snapshot), ==, GENKIT_SNAPSHOT_STATUS_COMPLETED);
  g_assert_cmpstr (genkit_session_snapshot_get_finish_reason (snapshot), ==, "stop");
  g_assert_cmpuint (json_array_get_length (genkit_session_snapshot_get_messages (snapshot)), ==, 6);
  assert_snapshot_subset ((snapshot),
                    "{'state': {'messages': [{'role': 'user', 'content': [{'text': 'hello there'}]}, {},"
                    " {}, {}, {}, {'role': 'model', 'content': [{'text': '3: third'}]}]}}");
  parent = st_get_snapshot (GENKIT_SESSION_STORE (f->store), second, NULL, &error);
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (parent), ==, first);
}

static void
test_client_turns (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(StRun) run = { 0 };
  g_autofree char *init = NULL;
  g_autofree char *state = NULL;
  JsonObject *output;

  g_test_summary ("A client-managed agent over three turns: the caller sends the whole state and "
                  "gets the new one back; no snapshot id, and turnEnd carries none");

  st_run_key (f->runtime, "/agent/clientChat",
              "{'message': {'role': 'user', 'content': [{'text': 'one'}]}}", "{}", TRUE, &run);
  output = st_run_output (&run);
  g_assert_false (json_object_has_member (output, "snapshotId"));
  st_assert_subset (output_node (&run),
                    "{'message': {'content': [{'text': '1: one'}]}, 'finishReason': 'stop',"
                    " 'state': {'artifacts': [], 'messages': [{'role': 'user'}, {'role': 'model'}]}}");
  st_assert_subset (run.chunks->pdata[run.chunks->len - 1], "{'turnEnd': {'finishReason': 'stop'}}");
  g_assert_false (json_object_has_member (json_object_get_object_member (
                    json_node_get_object (run.chunks->pdata[run.chunks->len - 1]), "turnEnd"), "snapshotId"));

  for (guint turn = 2; turn <= 3; turn++)
    {
      g_autofree char *input = g_strdup_printf ("{'message': {'role': 'user', 'content': [{'text': 'turn %u'}]}}", turn);
      g_autofree char *expected = g_strdup_printf ("{'message': {'content': [{'text': '%u: turn %u'}]}}", turn, turn);
      g_autoptr(JsonNode) init_node = json_node_new (JSON_NODE_OBJECT);
      g_autoptr(JsonObject) init_object = json_object_new ();

      state = st_to_string (json_object_get_member (st_run_output (&run), "state"));
      json_object_set_member (init_object, "state", st_json (state));
      json_node_set_object (init_node, init_object);
      g_free (init);
      init = st_to_string (init_node);
      g_clear_pointer (&state, g_free);
      st_run_key (f->runtime, "/agent/clientChat", input, init, FALSE, &run);
      st_assert_subset (output_node (&run), expected);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (st_run_output (&run), "state"), "messages")), ==, 6);
}

static char *
send (Fixture    *f,
      const char *agent,
      const char *text,
      const char *init,
      StRun      *run)
{
  g_autofree char *key = g_strconcat ("/agent/", agent, NULL);
  g_autofree char *input = g_strdup_printf ("{'message': {'role': 'user', 'content': [{'text': '%s'}]}}", text);

  st_run_key (f->runtime, key, input, init, TRUE, run);
  return g_strdup (output_string (run, "snapshotId"));
}

static void
test_resume_and_branch (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(StRun) run = { 0 };
  g_autofree char *s1 = NULL, *s2 = NULL, *s3 = NULL, *branch = NULL;
  g_autofree char *session = NULL;
  g_autofree char *init = NULL;
  g_autoptr(GenkitSessionSnapshot) leaf = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) tree = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Resuming by snapshot id continues from that exact point (a branch when it is "
                  "not the latest); resuming by session id continues from the session's latest");

  s1 = send (f, "serverChat", "a", "{}", &run);
  session = g_strdup (output_string (&run, "sessionId"));
  init = g_strdup_printf ("{'snapshotId': '%s'}", s1);
  s2 = send (f, "serverChat", "b", init, &run);

  /* By session id: the latest leaf, s2. */
  g_free (init);
  init = g_strdup_printf ("{'sessionId': '%s'}", session);
  s3 = send (f, "serverChat", "c", init, &run);
  st_assert_subset (output_node (&run), "{'message': {'content': [{'text': '3: c'}]}}");

  /* Regenerate from s1 (a moment later: leaves are ordered by creation time, in ms). */
  st_sleep (5);
  /* Regenerate from s1: a second child of s1. */
  g_free (init);
  init = g_strdup_printf ("{'snapshotId': '%s'}", s1);
  branch = send (f, "serverChat", "b again", init, &run);
  st_assert_subset (output_node (&run), "{'message': {'content': [{'text': '2: b again'}]}}");

  genkit_agent_get_snapshot_async (f->server, branch, NULL, NULL, NULL, st_result_cb, &result);
  leaf = genkit_agent_get_snapshot_finish (f->server, st_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (leaf), ==, s1);
  g_assert_cmpuint (json_array_get_length (genkit_session_snapshot_get_messages (leaf)), ==, 4);
  g_clear_pointer (&leaf, genkit_session_snapshot_unref);

  /* Two leaves now; the session's latest is the branch, the newest. */
  leaf = st_get_snapshot (GENKIT_SESSION_STORE (f->store), NULL, session, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (leaf), ==, branch);

  /* And the /agent-snapshot action answers both lookups. */
  {
    g_autofree char *input = g_strdup_printf ("{'sessionId': '%s'}", session);

    st_run_key (f->runtime, "/agent-snapshot/serverChat", input, NULL, FALSE, &run);
    g_assert_cmpstr (output_string (&run, "snapshotId"), ==, branch);
    st_assert_subset (output_node (&run), "{'status': 'completed', 'finishReason': 'stop'}");
  }

  g_clear_object (&result);
  genkit_session_store_list_snapshots_async (GENKIT_SESSION_STORE (f->store), session, NULL, NULL,
                                             st_result_cb, &result);
  tree = genkit_session_store_list_snapshots_finish (GENKIT_SESSION_STORE (f->store), st_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tree->len, ==, 4);
  (void) s2;
  (void) s3;
}

static void
test_failed_turn (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(StRun) run = { 0 };
  g_autofree char *good = NULL;
  g_autofree char *session = NULL;
  g_autofree char *init = NULL;
  g_autofree char *failed_id = NULL;
  g_autoptr(GenkitSessionSnapshot) leaf = NULL;
  g_autoptr(GenkitSessionSnapshot) failed = NULL;
  g_autoptr(JsonObject) turn_span = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A failing turn resolves with finish reason failed, the error and the last good "
                  "snapshot; it is stored as a failed snapshot that cannot be resumed, and a "
                  "session resume walks back over it");

  good = send (f, "serverChat", "fine", "{}", &run);
  session = g_strdup (output_string (&run, "sessionId"));

  init = g_strdup_printf ("{'snapshotId': '%s'}", good);
  g_free (send (f, "serverChat", "/fail", init, &run));
  st_assert_subset (output_node (&run),
                    "{'finishReason': 'failed', 'error': {'status': 'INTERNAL', 'message': 'INTERNAL: the model exploded'},"
                    " 'message': {'role': 'model', 'content': [{'text': '1: fine'}]}}");
  g_assert_cmpstr (output_string (&run, "snapshotId"), ==, good);
  g_assert_cmpstr (output_string (&run, "sessionId"), ==, session);
  st_assert_subset (run.chunks->pdata[run.chunks->len - 1], "{'turnEnd': {'finishReason': 'failed'}}");
  failed_id = g_strdup (json_object_get_string_member (json_object_get_object_member (
                          json_node_get_object (run.chunks->pdata[run.chunks->len - 1]), "turnEnd"), "snapshotId"));
  turn_span = span_named (f, run.trace_id, "runTurn-1");
  assert_object_subset (turn_span,
                        "{'status': {'code': 2}, 'attributes': {'genkit:state': 'error'}}");

  failed = st_get_snapshot (GENKIT_SESSION_STORE (f->store), failed_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_session_snapshot_get_status (failed), ==, GENKIT_SNAPSHOT_STATUS_FAILED);
  g_assert_false (genkit_session_snapshot_is_resumable (failed));
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (failed), ==, good);
  assert_snapshot_subset ((failed),
                    "{'finishReason': 'failed', 'error': {'status': 'INTERNAL', 'message': 'INTERNAL: the model exploded'}}");

  /* The failed snapshot is the session's leaf... */
  leaf = st_get_snapshot (GENKIT_SESSION_STORE (f->store), NULL, session, &error);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (leaf), ==, failed_id);

  /* ... but not a resume point. */
  g_free (init);
  init = g_strdup_printf ("{'snapshotId': '%s'}", failed_id);
  g_free (send (f, "serverChat", "retry", init, &run));
  st_assert_subset (output_node (&run), "{'finishReason': 'failed', 'error': {'status': 'INVALID_ARGUMENT'}}");
  g_assert_true (strstr (json_object_get_string_member (json_object_get_object_member (st_run_output (&run), "error"),
                                                        "message"), "is not resumable (status: failed)") != NULL);
  g_assert_false (json_object_has_member (st_run_output (&run), "sessionId"));

  /* By session id, the turn continues from the last good snapshot. */
  g_free (init);
  init = g_strdup_printf ("{'sessionId': '%s'}", session);
  g_free (send (f, "serverChat", "retry", init, &run));
  st_assert_subset (output_node (&run), "{'finishReason': 'stop', 'message': {'content': [{'text': '2: retry'}]}}");
  g_clear_pointer (&leaf, genkit_session_snapshot_unref);
  leaf = st_get_snapshot (GENKIT_SESSION_STORE (f->store), output_string (&run, "snapshotId"), NULL, &error);
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (leaf), ==, good);
}

static void
test_init_misuse (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(StRun) run = { 0 };
  g_autofree char *good = NULL;
  g_autofree char *init = NULL;
  const char *input = "{'message': {'role': 'user', 'content': [{'text': 'x'}]}}";

  g_test_summary ("Init that does not fit the agent fails the run (FAILED_PRECONDITION, or "
                  "INVALID_ARGUMENT for a snapshot of another session or a missing init); an "
                  "unknown snapshot resolves gracefully as failed NOT_FOUND");

  st_run_key (f->runtime, "/agent/serverChat", input, "{'state': {'messages': []}}", FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_true (strstr (run.error->message, "Cannot send 'state' to agent 'serverChat'") != NULL);

  st_run_key (f->runtime, "/agent/clientChat", input, "{'sessionId': 'abc'}", FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_true (strstr (run.error->message, "Cannot use 'sessionId' with agent 'clientChat'") != NULL);

  st_run_key (f->runtime, "/agent/clientChat", input, NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);

  st_run_key (f->runtime, "/agent/serverChat", input, "{'snapshotId': 'nope'}", FALSE, &run);
  st_assert_subset (output_node (&run),
                    "{'finishReason': 'failed', 'error': {'status': 'NOT_FOUND', 'message': 'NOT_FOUND: Snapshot nope not found'}}");

  good = send (f, "serverChat", "hi", "{}", &run);
  init = g_strdup_printf ("{'snapshotId': '%s', 'sessionId': 'someone-else'}", good);
  st_run_key (f->runtime, "/agent/serverChat", input, init, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);

  /* Companions of a client-managed agent need a store. */
  st_run_key (f->runtime, "/agent-snapshot/clientChat", "{'snapshotId': 'x'}", NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  st_run_key (f->runtime, "/agent-abort/clientChat", "{'snapshotId': 'x'}", NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  st_run_key (f->runtime, "/agent-snapshot/serverChat", "{}", NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  st_run_key (f->runtime, "/agent-snapshot/serverChat", "{'snapshotId': 'missing'}", NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_cmpstr (run.error->message, ==, "Snapshot 'missing' not found for agent 'serverChat'.");
  st_run_key (f->runtime, "/agent-snapshot/serverChat", "{'snapshotId': '../etc'}", NULL, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

static void
test_interrupts (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(StRun) run = { 0 };
  g_autofree char *s1 = NULL, *s2 = NULL;
  g_autofree char *init = NULL;
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A tool interrupt ends the turn interrupted and shows the pending tool request; "
                  "resume.respond answers it and the turn goes on; resume.restart re-runs a tool "
                  "with the original input; forged resumes fail the turn");

  s1 = send (f, "serverChat", "/ask color?", "{}", &run);
  st_assert_subset (output_node (&run),
                    "{'finishReason': 'interrupted', 'message': {'role': 'model', 'content': [{'toolRequest':"
                    " {'name': 'askUser', 'ref': 'ask-1', 'input': {'question': 'color?'}}, 'metadata': {'interrupt': true}}]}}");
  st_assert_chunks (&run, "[{'modelChunk': {'role': 'tool', 'content': [{'toolRequest': {'name': 'askUser', 'ref': 'ask-1',"
                          " 'input': {'question': 'color?'}}, 'metadata': {'interrupt': true}}]}},"
                          " {'turnEnd': {'finishReason': 'interrupted'}}]");

  init = g_strdup_printf ("{'snapshotId': '%s'}", s1);
  st_run_key (f->runtime, "/agent/serverChat",
              "{'resume': {'respond': [{'toolResponse': {'name': 'askUser', 'ref': 'ask-1', 'output': 'blue'}}]}}",
              init, TRUE, &run);
  st_assert_subset (output_node (&run), "{'finishReason': 'stop', 'message': {'content': [{'text': 'you answered \\\"blue\\\"'}]}}");
  st_assert_subset (run.chunks->pdata[0],
                    "{'modelChunk': {'role': 'tool', 'index': 0, 'content': [{'toolResponse': {'name': 'askUser', 'ref': 'ask-1', 'output': 'blue'}}]}}");
  s2 = g_strdup (output_string (&run, "snapshotId"));
  snapshot = st_get_snapshot (GENKIT_SESSION_STORE (f->store), s2, NULL, &error);
  assert_snapshot_subset ((snapshot),
                    "{'state': {'messages': [{'role': 'user'},"
                    " {'role': 'model', 'content': [{'toolRequest': {'name': 'askUser'}, 'metadata': {'resolvedInterrupt': true}}]},"
                    " {'role': 'tool', 'content': [{'toolResponse': {'name': 'askUser', 'output': 'blue'}}], 'metadata': {'resumed': true}},"
                    " {'role': 'model', 'content': [{'text': 'you answered \\\"blue\\\"'}]}]}}");

  /* Restart: the book tool interrupts, a restart with the same input books. */
  g_free (init);
  init = g_strdup_printf ("{'snapshotId': '%s'}", s2);
  g_free (s1);
  s1 = send (f, "serverChat", "/book", init, &run);
  st_assert_subset (output_node (&run), "{'finishReason': 'interrupted'}");

  g_free (init);
  init = g_strdup_printf ("{'snapshotId': '%s'}", s1);
  st_run_key (f->runtime, "/agent/serverChat",
              "{'resume': {'restart': [{'toolRequest': {'name': 'book', 'ref': 'b-1', 'input': {'seat': '99Z'}}}]}}",
              init, FALSE, &run);
  st_assert_subset (output_node (&run), "{'finishReason': 'failed', 'error': {'status': 'INVALID_ARGUMENT'}}");
  g_assert_true (strstr (json_object_get_string_member (json_object_get_object_member (st_run_output (&run), "error"),
                                                        "message"), "has modified inputs") != NULL);

  st_run_key (f->runtime, "/agent/serverChat",
              "{'resume': {'respond': [{'toolResponse': {'name': 'book', 'ref': 'other', 'output': 1}}]}}",
              init, FALSE, &run);
  st_assert_subset (output_node (&run), "{'finishReason': 'failed', 'error': {'status': 'INVALID_ARGUMENT'}}");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (st_run_output (&run), "error"), "message"), ==,
                   "INVALID_ARGUMENT: resume.respond references tool 'book' (ref: other) which was not found in session history.");

  st_run_key (f->runtime, "/agent/serverChat",
              "{'resume': {'restart': [{'toolRequest': {'name': 'book', 'ref': 'b-1', 'input': {'seat': '12A'}}, 'metadata': {'resumed': true}}]}}",
              init, FALSE, &run);
  st_assert_subset (output_node (&run), "{'finishReason': 'stop', 'message': {'content': [{'text': 'you answered {\\\"booked\\\":true}'}]}}");
}

static void
test_custom_state (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(StRun) run = { 0 };
  g_autofree char *s1 = NULL;
  g_autofree char *init = NULL;
  g_autoptr(GenkitAgent) strict = NULL;
  g_autoptr(JsonNode) schema = st_json ("{'type': 'object', 'required': ['turns']}");
  g_autoptr(GError) error = NULL;

  g_test_summary ("Custom state changes stream as JSON Patch (the whole state first in each turn, "
                  "diffs after), artifacts stream and accumulate by name, and the state schema "
                  "checks the state a run starts from");

  s1 = send (f, "counter", "one", "{}", &run);
  st_assert_chunks (&run, "[{'customPatch': [{'op': 'replace', 'path': '', 'value': {'turns': 1}}]},"
                          " {'customPatch': [{'op': 'add', 'path': '/last', 'value': 'one'}]},"
                          " {'modelChunk': {'content': [{'text': 'turn 1: one'}]}},"
                          " {'artifact': {'name': 'last.txt', 'parts': [{'text': 'one'}]}},"
                          " {'turnEnd': {'finishReason': 'stop'}}]");
  st_assert_subset (output_node (&run), "{'artifacts': [{'name': 'last.txt', 'parts': [{'text': 'one'}]}],"
                                        " 'message': {'content': [{'text': 'turn 1: one'}]}, 'finishReason': 'stop'}");

  init = g_strdup_printf ("{'snapshotId': '%s'}", s1);
  g_free (send (f, "counter", "two", init, &run));
  /* As the JavaScript counter agent streamed it (genkit 1.42). */
  st_assert_chunks (&run, "[{'customPatch': [{'op': 'replace', 'path': '', 'value': {'turns': 2}}]},"
                          " {'customPatch': [{'op': 'add', 'path': '/last', 'value': 'two'}]},"
                          " {'modelChunk': {'content': [{'text': 'turn 2: two'}]}},"
                          " {'artifact': {'name': 'last.txt', 'parts': [{'text': 'two'}]}},"
                          " {'turnEnd': {}}]");
  st_assert_subset (output_node (&run), "{'artifacts': [{'name': 'last.txt', 'parts': [{'text': 'two'}]}]}");

  /* A client-managed twin refuses a state its schema rejects, gracefully. */
  strict = genkit_agent_new ("strictCounter", NULL, st_counter_turn, NULL, NULL);
  g_assert_true (genkit_agent_set_state_schema (strict, schema, &error));
  g_assert_true (genkit_agent_register (strict, f->registry, &error));
  st_run_key (f->runtime, "/agent/strictCounter", "{'message': {'role': 'user', 'content': [{'text': 'x'}]}}",
              "{'state': {'custom': {'nope': 1}}}", FALSE, &run);
  st_assert_subset (output_node (&run), "{'finishReason': 'failed', 'error': {'status': 'INVALID_ARGUMENT'},"
                                        " 'state': {'custom': {'nope': 1}}}");
  st_run_key (f->runtime, "/agent/strictCounter", "{'message': {'role': 'user', 'content': [{'text': 'x'}]}}",
              "{'state': {'custom': {'turns': 4}}}", FALSE, &run);
  st_assert_subset (output_node (&run), "{'finishReason': 'stop', 'state': {'custom': {'turns': 5, 'last': 'x'}}}");
}

static void
snapshot_changed_cb (GenkitSessionStore    *store,
                     GenkitSessionSnapshot *snapshot,
                     gpointer               user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, genkit_session_snapshot_ref (snapshot));
}

static GenkitSessionSnapshot *
agent_snapshot (Fixture    *f,
                const char *snapshot_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GenkitSessionSnapshot *snapshot;

  genkit_agent_get_snapshot_async (f->server, snapshot_id, NULL, NULL, NULL, st_result_cb, &result);
  snapshot = genkit_agent_get_snapshot_finish (f->server, st_wait (&result), &error);
  g_assert_no_error (error);
  return snapshot;
}

static void
test_detach (Fixture       *f,
             gconstpointer  data)
{
  g_auto(StRun) run = { 0 };
  g_autofree char *before = NULL;
  g_autofree char *detached = NULL;
  g_autofree char *init = NULL;
  g_autofree char *first_beat = NULL;
  g_autoptr(GenkitSessionSnapshot) pending = NULL;
  g_autoptr(GenkitSessionSnapshot) done = NULL;
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_session_snapshot_unref);
  gint64 started;
  gboolean finished = FALSE;

  g_test_summary ("A detached turn answers at once with a pending snapshot whose heartbeat the "
                  "agent keeps refreshing; the turn completes in the background, rewriting that "
                  "snapshot as completed (its parent the previous snapshot)");

  genkit_agent_set_heartbeat_interval (f->server, 40);
  before = send (f, "serverChat", "first", "{}", &run);
  init = g_strdup_printf ("{'snapshotId': '%s'}", before);

  started = g_get_monotonic_time ();
  st_run_key (f->runtime, "/agent/serverChat",
              "{'message': {'role': 'user', 'content': [{'text': '/slow 400'}]}, 'detach': true}",
              init, TRUE, &run);
  g_assert_cmpint (g_get_monotonic_time () - started, <, 300 * 1000);
  st_assert_subset (output_node (&run), "{'finishReason': 'detached'}");
  detached = g_strdup (output_string (&run, "snapshotId"));
  g_assert_nonnull (output_string (&run, "sessionId"));
  g_assert_false (json_object_has_member (st_run_output (&run), "message"));

  pending = agent_snapshot (f, detached);
  g_assert_cmpint (genkit_session_snapshot_get_status (pending), ==, GENKIT_SNAPSHOT_STATUS_PENDING);
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (pending), ==, before);
  first_beat = g_strdup (genkit_session_snapshot_get_heartbeat_at (pending));
  g_assert_nonnull (first_beat);

  /* Heartbeats move on while the turn works. */
  g_signal_connect (f->store, "snapshot-changed", G_CALLBACK (snapshot_changed_cb), seen);
  st_sleep (200);
  g_clear_pointer (&pending, genkit_session_snapshot_unref);
  pending = agent_snapshot (f, detached);
  g_assert_cmpint (genkit_session_snapshot_get_status (pending), ==, GENKIT_SNAPSHOT_STATUS_PENDING);
  g_assert_cmpstr (genkit_session_snapshot_get_heartbeat_at (pending), >, first_beat);
  g_assert_cmpuint (seen->len, >=, 2);

  /* The turn ends: the same snapshot, completed, with the reply. */
  while (!finished)
    {
      g_clear_pointer (&done, genkit_session_snapshot_unref);
      done = agent_snapshot (f, detached);
      finished = genkit_session_snapshot_get_status (done) == GENKIT_SNAPSHOT_STATUS_COMPLETED;
      if (!finished)
        st_sleep (20);
    }
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (done), ==, before);
  assert_snapshot_subset ((done),
                    "{'finishReason': 'stop', 'state': {'messages': [{}, {}, {'role': 'user', 'content': [{'text': '/slow 400'}]},"
                    " {'role': 'model', 'content': [{'text': '2: slept'}]}]}}");

  /* No more heartbeats once settled; the session's latest is the detached turn. */
  g_ptr_array_set_size (seen, 0);
  st_sleep (150);
  g_assert_cmpuint (seen->len, ==, 0);
  g_clear_pointer (&done, genkit_session_snapshot_unref);
  done = st_get_snapshot (GENKIT_SESSION_STORE (f->store), NULL, output_string (&run, "sessionId"), NULL);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (done), ==, detached);
  g_signal_handlers_disconnect_by_data (f->store, seen);
}

static void
test_expiry (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GenkitSessionSnapshot) stale = genkit_session_snapshot_new ("stale");
  g_autoptr(GenkitSessionSnapshot) read = NULL;
  g_autoptr(GenkitSessionSnapshot) stored = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *old = NULL;
  g_autofree char *id = NULL;
  g_auto(StRun) run = { 0 };

  g_test_summary ("A pending snapshot whose heartbeat is older than the timeout (its worker died) "
                  "reads as expired, without the store being changed");

  old = g_strdup ("2020-01-01T00:00:00.000Z");
  genkit_session_snapshot_set_session_id (stale, "dead");
  genkit_session_snapshot_set_created_at (stale, old);
  genkit_session_snapshot_set_status (stale, GENKIT_SNAPSHOT_STATUS_PENDING);
  genkit_session_snapshot_set_heartbeat_at (stale, old);
  genkit_session_store_put_snapshot_async (GENKIT_SESSION_STORE (f->store), stale, NULL, NULL, st_result_cb, &result);
  id = genkit_session_store_put_snapshot_finish (GENKIT_SESSION_STORE (f->store), st_wait (&result), NULL);

  read = agent_snapshot (f, "stale");
  g_assert_cmpint (genkit_session_snapshot_get_status (read), ==, GENKIT_SNAPSHOT_STATUS_EXPIRED);
  st_run_key (f->runtime, "/agent-snapshot/serverChat", "{'snapshotId': 'stale'}", NULL, FALSE, &run);
  st_assert_subset (output_node (&run), "{'status': 'expired'}");
  stored = st_get_snapshot (GENKIT_SESSION_STORE (f->store), "stale", NULL, NULL);
  g_assert_cmpint (genkit_session_snapshot_get_status (stored), ==, GENKIT_SNAPSHOT_STATUS_PENDING);

  /* With a 1 ms timeout even a fresh heartbeat is stale by the time it is read. */
  g_clear_pointer (&read, genkit_session_snapshot_unref);
  genkit_agent_set_heartbeat_timeout (f->server, 1);
  g_clear_pointer (&stale, genkit_session_snapshot_unref);
  stale = genkit_session_snapshot_new ("fresh");
  {
    g_autofree char *now = NULL;
    g_autofree char *fresh_id = NULL;
    g_autoptr(GAsyncResult) fresh_result = NULL;
    g_autoptr(GDateTime) utc = g_date_time_new_now_utc ();

    now = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S.000Z");
    genkit_session_snapshot_set_created_at (stale, now);
    genkit_session_snapshot_set_status (stale, GENKIT_SNAPSHOT_STATUS_PENDING);
    genkit_session_snapshot_set_heartbeat_at (stale, now);
    genkit_session_store_put_snapshot_async (GENKIT_SESSION_STORE (f->store), stale, NULL, NULL,
                                             st_result_cb, &fresh_result);
    fresh_id = genkit_session_store_put_snapshot_finish (GENKIT_SESSION_STORE (f->store), st_wait (&fresh_result), NULL);
  }
  st_sleep (1100);
  read = agent_snapshot (f, "fresh");
  g_assert_cmpint (genkit_session_snapshot_get_status (read), ==, GENKIT_SNAPSHOT_STATUS_EXPIRED);
}

static void
test_abort (Fixture       *f,
            gconstpointer  data)
{
  g_auto(StRun) run = { 0 };
  g_autofree char *detached = NULL;
  g_autofree char *input = NULL;
  g_autoptr(GenkitSessionSnapshot) aborted = NULL;

  g_test_summary ("Aborting a detached run marks its snapshot aborted and stops the turn (the "
                  "model call is cancelled); the turn's end never overwrites the abort; a settled "
                  "snapshot is left alone");

  st_run_key (f->runtime, "/agent/serverChat",
              "{'message': {'role': 'user', 'content': [{'text': '/slow 20000'}]}, 'detach': true}",
              "{}", FALSE, &run);
  detached = g_strdup (output_string (&run, "snapshotId"));
  st_sleep (50);
  g_assert_cmpuint (f->agents.calls->cancelled, ==, 0);

  input = g_strdup_printf ("{'snapshotId': '%s'}", detached);
  st_run_key (f->runtime, "/agent-abort/serverChat", input, NULL, FALSE, &run);
  st_assert_subset (output_node (&run), "{'status': 'pending'}");
  g_assert_cmpstr (output_string (&run, "snapshotId"), ==, detached);

  /* The slow model call is cancelled well before its 20 s. */
  while (f->agents.calls->cancelled == 0)
    g_main_context_iteration (NULL, TRUE);
  st_sleep (50);
  aborted = agent_snapshot (f, detached);
  g_assert_cmpint (genkit_session_snapshot_get_status (aborted), ==, GENKIT_SNAPSHOT_STATUS_ABORTED);

  /* Aborting again reports the aborted status and changes nothing. */
  st_run_key (f->runtime, "/agent-abort/serverChat", input, NULL, FALSE, &run);
  st_assert_subset (output_node (&run), "{'status': 'aborted'}");
  st_run_key (f->runtime, "/agent-abort/serverChat", "{'snapshotId': 'no-such'}", NULL, FALSE, &run);
  g_assert_false (json_object_has_member (st_run_output (&run), "status"));

  /* A completed snapshot stays completed. */
  g_free (detached);
  detached = send (f, "serverChat", "plain", "{}", &run);
  g_free (input);
  input = g_strdup_printf ("{'snapshotId': '%s'}", detached);
  st_run_key (f->runtime, "/agent-abort/serverChat", input, NULL, FALSE, &run);
  st_assert_subset (output_node (&run), "{'status': 'completed'}");
  g_clear_pointer (&aborted, genkit_session_snapshot_unref);
  aborted = agent_snapshot (f, detached);
  g_assert_cmpint (genkit_session_snapshot_get_status (aborted), ==, GENKIT_SNAPSHOT_STATUS_COMPLETED);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) input = st_json ("{'message': {'role': 'user', 'content': [{'text': '/slow 20000'}]}}");
  g_autoptr(JsonNode) init = st_json ("{}");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;
  guint before = genkit_memory_session_store_get_n_snapshots (f->store);

  g_test_summary ("Cancelling an attached run stops the turn: the run ends CANCELLED and no "
                  "failed snapshot is written");

  genkit_run_options_set_init (options, init);
  genkit_runtime_run_action_async (f->runtime, "/agent/serverChat", input, options, cancellable,
                                   st_result_cb, &result);
  st_sleep (50);
  g_cancellable_cancel (cancellable);
  action_result = genkit_runtime_run_action_finish (f->runtime, st_wait (&result), &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  st_sleep (50);
  g_assert_cmpuint (genkit_memory_session_store_get_n_snapshots (f->store), ==, before);
}

static void
collect_chunk_cb (JsonNode *chunk,
                  gpointer  user_data)
{
  g_ptr_array_add (user_data, json_node_copy (chunk));
}

static void
test_bidi (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(GenkitInputChannel) channel = genkit_input_channel_new ();
  g_autoptr(JsonNode) init = st_json ("{}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GPtrArray) chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitSessionSnapshot) last = NULL;
  guint turn_ends = 0;
  const char *texts[] = { "one", "two", "three" };

  g_test_summary ("A bidirectional run reads several inputs from its input channel: one turn, one "
                  "snapshot and one turnEnd per input, and the answer once the channel closes");

  genkit_run_options_set_init (options, init);
  genkit_run_options_set_input_channel (options, channel);
  genkit_run_options_set_stream_func (options, collect_chunk_cb, chunks, NULL);
  genkit_runtime_run_action_async (f->runtime, "/agent/serverChat", NULL, options, NULL,
                                   st_result_cb, &result);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *json = g_strdup_printf ("{'message': {'role': 'user', 'content': [{'text': '%s'}]}}", texts[i]);
      g_autoptr(JsonNode) input = st_json (json);

      g_assert_true (genkit_input_channel_send (channel, input));
      st_sleep (20);
    }
  {
    g_autoptr(JsonNode) last_input = st_json ("{'message': {'role': 'user', 'content': [{'text': 'four'}]}}");

    genkit_input_channel_send (channel, last_input);
  }
  genkit_input_channel_close (channel);
  action_result = genkit_runtime_run_action_finish (f->runtime, st_wait (&result), &error);
  g_assert_no_error (error);
  st_assert_subset (genkit_action_result_get_result (action_result),
                    "{'finishReason': 'stop', 'message': {'content': [{'text': '4: four'}]}}");
  for (guint i = 0; i < chunks->len; i++)
    if (json_object_has_member (json_node_get_object (chunks->pdata[i]), "turnEnd"))
      turn_ends++;
  g_assert_cmpuint (turn_ends, ==, 4);

  last = st_get_snapshot (GENKIT_SESSION_STORE (f->store),
                          json_object_get_string_member (json_node_get_object (genkit_action_result_get_result (action_result)), "snapshotId"),
                          NULL, &error);
  g_assert_cmpuint (json_array_get_length (genkit_session_snapshot_get_messages (last)), ==, 8);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/agent/descriptors", test_descriptors);
  ADD ("/agent/server-turns", test_server_turns);
  ADD ("/agent/client-turns", test_client_turns);
  ADD ("/agent/resume-and-branch", test_resume_and_branch);
  ADD ("/agent/failed-turn", test_failed_turn);
  ADD ("/agent/init-misuse", test_init_misuse);
  ADD ("/agent/interrupts", test_interrupts);
  ADD ("/agent/custom-state", test_custom_state);
  ADD ("/agent/detach", test_detach);
  ADD ("/agent/expiry", test_expiry);
  ADD ("/agent/abort", test_abort);
  ADD ("/agent/cancel", test_cancel);
  ADD ("/agent/bidi", test_bidi);
#undef ADD

  return g_test_run ();
}
