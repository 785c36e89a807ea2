/* test-prompt-agent.c — agents whose turns render a .prompt file (Genkit's definePromptAgent)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <genkit.h>
#include <genkit-dotprompt-lib.h>
#include <genkit-prompt-agent.h>

#include "session-test-util.h"

typedef struct
{
  GenkitRegistry           *registry;
  GenkitRuntime            *runtime;
  GenkitDotprompt          *dotprompt;
  GenkitMemorySessionStore *store;
  StAgents                  agents;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->registry = genkit_registry_new ();
  f->runtime = GENKIT_RUNTIME (genkit_local_runtime_new (f->registry));
  f->dotprompt = genkit_dotprompt_new ();
  f->store = genkit_memory_session_store_new ();
  /* the model "pm" (parrot) and the askUser interrupt */
  f->agents = st_define_test_agents (f->registry, GENKIT_SESSION_STORE (f->store));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->runtime);
  g_clear_object (&f->store);
  g_clear_object (&f->dotprompt);
  g_clear_object (&f->registry);
}

static GenkitPrompt *
make_prompt (Fixture    *f,
             const char *name,
             const char *source)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitParsedPrompt) parsed = genkit_parsed_prompt_new_from_string (source, -1, name,
                                                                               GENKIT_PARSED_PROMPT_NONE, &error);
  GenkitPrompt *prompt;

  g_assert_no_error (error);
  prompt = genkit_prompt_new (f->dotprompt, parsed, name, NULL, NULL);
  g_assert_true (genkit_prompt_register (prompt, f->registry, &error));
  g_assert_no_error (error);
  return prompt;
}

static GenkitAgent *
define_agent (Fixture            *f,
              GenkitPrompt       *prompt,
              const char         *input_json,
              GenkitSessionStore *store)
{
  g_autoptr(JsonNode) input = input_json ? st_json (input_json) : NULL;
  g_autoptr(GError) error = NULL;
  GenkitAgent *agent = genkit_define_prompt_file_agent (f->registry, prompt, input, store,
                                                        "Teaches one subject", &error);

  g_assert_no_error (error);
  g_assert_nonnull (agent);
  return agent;
}

static const char *
output_string (StRun      *run,
               const char *member)
{
  return json_object_get_string_member_with_default (st_run_output (run), member, NULL);
}

static JsonNode *
last_request (Fixture *f)
{
  return genkit_generate_request_to_json (genkit_programmable_model_get_last_request (f->agents.pm));
}

static JsonObject *
message_metadata (JsonObject *message)
{
  return json_object_has_member (message, "metadata") ? json_object_get_object_member (message, "metadata") : NULL;
}

static const char tutor_source[] =
  "---\n"
  "model: pm\n"
  "tools: [askUser]\n"
  "input:\n"
  "  schema:\n"
  "    subject: string\n"
  "---\n"
  "{{role \"system\"}}You teach {{subject}}.\n"
  "{{history}}\n";

static void
test_server_turns (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GenkitPrompt) prompt = make_prompt (f, "tutor", tutor_source);
  g_auto(StRun) run = { 0 };
  g_autofree char *first = NULL;
  g_autofree char *init = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) descriptor = NULL;
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *messages;

  g_test_summary ("A server-managed agent over a .prompt file: named after the prompt, each turn "
                  "renders the prompt with the agent's promptInput and the history where "
                  "{{history}} is; the stored history keeps no prompt message");

  define_agent (f, prompt, "{'subject': 'Go'}", GENKIT_SESSION_STORE (f->store));
  descriptor = genkit_action_to_descriptor (genkit_registry_lookup_action (f->registry, "/agent/tutor"));
  st_assert_subset (descriptor, "{'key': '/agent/tutor', 'name': 'tutor', 'description': 'Teaches one subject',"
                                " 'metadata': {'agent': {'stateManagement': 'server', 'abortable': true}, 'bidi': true}}");
  g_assert_nonnull (genkit_registry_lookup_action (f->registry, "/agent-snapshot/tutor"));
  g_assert_nonnull (genkit_registry_lookup_action (f->registry, "/agent-abort/tutor"));

  st_run_key (f->runtime, "/agent/tutor", "{'message': {'role': 'user', 'content': [{'text': 'what is a slice'}]}}",
              "{}", TRUE, &run);
  st_assert_subset (genkit_action_result_get_result (run.result),
                    "{'message': {'role': 'model', 'content': [{'text': '1: what is a slice'}]}, 'finishReason': 'stop'}");
  st_assert_subset (run.chunks->pdata[run.chunks->len - 1], "{'turnEnd': {'finishReason': 'stop'}}");
  first = g_strdup (output_string (&run, "snapshotId"));

  init = g_strdup_printf ("{'snapshotId': '%s'}", first);
  st_run_key (f->runtime, "/agent/tutor", "{'message': {'role': 'user', 'content': [{'text': 'and a map'}]}}",
              init, FALSE, &run);
  st_assert_subset (genkit_action_result_get_result (run.result),
                    "{'message': {'content': [{'text': '2: and a map'}]}, 'finishReason': 'stop'}");

  request = last_request (f);
  st_assert_subset (request,
                    "{'messages': [{'role': 'system', 'content': [{'text': 'You teach Go.\\n'}], 'metadata': {'agentPreamble': true}},"
                    "              {'role': 'user', 'content': [{'text': 'what is a slice'}]},"
                    "              {'role': 'model', 'content': [{'text': '1: what is a slice'}]},"
                    "              {'role': 'user', 'content': [{'text': 'and a map'}]}],"
                    " 'tools': [{'name': 'askUser'}]}");
  messages = json_object_get_array_member (json_node_get_object (request), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  for (guint i = 1; i < 4; i++)
    {
      JsonObject *metadata = message_metadata (json_array_get_object_element (messages, i));

      g_assert_true (metadata == NULL || !json_object_has_member (metadata, "_genkit_history"));
    }

  snapshot = st_get_snapshot (GENKIT_SESSION_STORE (f->store), NULL,
                              output_string (&run, "sessionId"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (snapshot), ==, first);
  messages = genkit_session_snapshot_get_messages (snapshot);
  g_assert_cmpuint (json_array_get_length (messages), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      JsonObject *metadata = message_metadata (message);

      g_assert_cmpstr (json_object_get_string_member (message, "role"), !=, "system");
      g_assert_true (metadata == NULL || !json_object_has_member (metadata, "agentPreamble"));
    }
}

static void
test_default_history_and_client_state (Fixture       *f,
                                       gconstpointer  data)
{
  g_autoptr(GenkitPrompt) prompt = make_prompt (f, "brief",
                                                "---\nmodel: pm\n---\n"
                                                "{{role \"system\"}}Be brief.\n"
                                                "{{role \"user\"}}Answer in {{lang}}.\n");
  g_auto(StRun) run = { 0 };
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonObject) init_object = json_object_new ();
  g_autoptr(JsonNode) init_node = NULL;
  g_autofree char *init = NULL;
  JsonObject *output;

  g_test_summary ("A client-managed agent over a .prompt file without {{history}}: the history goes "
                  "where Dotprompt puts it (before the prompt's last user message); the caller "
                  "carries the state, which holds no prompt message");

  define_agent (f, prompt, "{'lang': 'French'}", NULL);
  st_run_key (f->runtime, "/agent/brief", "{'message': {'role': 'user', 'content': [{'text': 'hi'}]}}",
              "{}", FALSE, &run);
  output = st_run_output (&run);
  g_assert_false (json_object_has_member (output, "snapshotId"));
  st_assert_subset (genkit_action_result_get_result (run.result),
                    "{'state': {'messages': [{'role': 'user', 'content': [{'text': 'hi'}]},"
                    "                        {'role': 'model'}]}}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (output, "state"), "messages")), ==, 2);

  json_object_set_member (init_object, "state", json_node_copy (json_object_get_member (output, "state")));
  init_node = json_node_init_object (json_node_alloc (), init_object);
  init = st_to_string (init_node);
  st_run_key (f->runtime, "/agent/brief", "{'message': {'role': 'user', 'content': [{'text': 'again'}]}}",
              init, FALSE, &run);
  request = last_request (f);
  st_assert_subset (request,
                    "{'messages': [{'role': 'system', 'content': [{'text': 'Be brief.\\n'}], 'metadata': {'agentPreamble': true}},"
                    "              {'role': 'user', 'content': [{'text': 'hi'}]},"
                    "              {'role': 'model'},"
                    "              {'role': 'user', 'content': [{'text': 'again'}]},"
                    "              {'role': 'user', 'content': [{'text': 'Answer in French.'}], 'metadata': {'agentPreamble': true}}]}");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_object_get_object_member (st_run_output (&run), "state"), "messages")), ==, 4);
}

static void
test_state_in_template (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GenkitPrompt) prompt = make_prompt (f, "greeter",
                                                "---\nmodel: pm\n---\n"
                                                "{{role \"system\"}}You help {{@state.name}}.\n"
                                                "{{history}}\n");
  g_auto(StRun) run = { 0 };
  g_autoptr(JsonNode) request = NULL;

  g_test_summary ("The template of a prompt agent sees the session's custom state as @state "
                  "(Genkit renders the prompt inside the session)");

  define_agent (f, prompt, NULL, NULL);
  st_run_key (f->runtime, "/agent/greeter", "{'message': {'role': 'user', 'content': [{'text': 'hi'}]}}",
              "{'state': {'custom': {'name': 'Ada'}}}", FALSE, &run);
  request = last_request (f);
  st_assert_subset (request,
                    "{'messages': [{'role': 'system', 'content': [{'text': 'You help Ada.\\n'}]},"
                    "              {'role': 'user', 'content': [{'text': 'hi'}]}]}");
  g_clear_pointer (&request, json_node_unref);

  /* No custom state: @state is empty, not an error. */
  st_run_key (f->runtime, "/agent/greeter", "{'message': {'role': 'user', 'content': [{'text': 'hi'}]}}",
              "{}", FALSE, &run);
  request = last_request (f);
  st_assert_subset (request, "{'messages': [{'role': 'system', 'content': [{'text': 'You help .\\n'}]},"
                             "              {'role': 'user', 'content': [{'text': 'hi'}]}]}");
}

static void
test_interrupt_and_failure (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GenkitPrompt) prompt = make_prompt (f, "tutor", tutor_source);
  g_autoptr(GenkitPrompt) broken = make_prompt (f, "broken", "---\nmodel: nosuchmodel\n---\nHello\n");
  g_auto(StRun) run = { 0 };
  g_autofree char *init = NULL;
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *end;

  g_test_summary ("A .prompt agent's tool interrupt ends the turn and resume.respond answers it; "
                  "a prompt that cannot render fails its turn, recorded as failed");

  define_agent (f, prompt, "{'subject': 'colours'}", GENKIT_SESSION_STORE (f->store));
  st_run_key (f->runtime, "/agent/tutor", "{'message': {'role': 'user', 'content': [{'text': '/ask favourite?'}]}}",
              "{}", TRUE, &run);
  st_assert_subset (genkit_action_result_get_result (run.result),
                    "{'finishReason': 'interrupted', 'message': {'content': [{'toolRequest': {'name': 'askUser', 'ref': 'ask-1'}}]}}");
  init = g_strdup_printf ("{'snapshotId': '%s'}", output_string (&run, "snapshotId"));
  st_run_key (f->runtime, "/agent/tutor",
              "{'resume': {'respond': [{'toolResponse': {'name': 'askUser', 'ref': 'ask-1', 'output': 'green'}}]}}",
              init, FALSE, &run);
  st_assert_subset (genkit_action_result_get_result (run.result),
                    "{'finishReason': 'stop', 'message': {'content': [{'text': 'you answered \\\"green\\\"'}]}}");

  define_agent (f, broken, NULL, GENKIT_SESSION_STORE (f->store));
  st_run_key (f->runtime, "/agent/broken", "{'message': {'role': 'user', 'content': [{'text': 'hi'}]}}",
              "{}", TRUE, &run);
  st_assert_subset (genkit_action_result_get_result (run.result),
                    "{'finishReason': 'failed', 'error': {'status': 'NOT_FOUND'}}");
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (st_run_output (&run), "error"),
                                                           "message"), "nosuchmodel"));
  /* A first turn that fails has no good snapshot to answer with; turnEnd names the failed one. */
  g_assert_false (json_object_has_member (st_run_output (&run), "snapshotId"));
  end = json_object_get_object_member (json_node_get_object (run.chunks->pdata[run.chunks->len - 1]), "turnEnd");
  snapshot = st_get_snapshot (GENKIT_SESSION_STORE (f->store), json_object_get_string_member (end, "snapshotId"),
                              NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_session_snapshot_get_status (snapshot), ==, GENKIT_SNAPSHOT_STATUS_FAILED);
  g_assert_false (genkit_session_snapshot_is_resumable (snapshot));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/prompt-agent/server-turns", Fixture, NULL, fixture_setup, test_server_turns, fixture_teardown);
  g_test_add ("/prompt-agent/default-history-client-state", Fixture, NULL, fixture_setup,
              test_default_history_and_client_state, fixture_teardown);
  g_test_add ("/prompt-agent/state-in-template", Fixture, NULL, fixture_setup, test_state_in_template,
              fixture_teardown);
  g_test_add ("/prompt-agent/interrupt-and-failure", Fixture, NULL, fixture_setup,
              test_interrupt_and_failure, fixture_teardown);
  return g_test_run ();
}
