/* session-test-util.c — what the sessions tests share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "session-test-util.h"

/* JSON written in tests with single quotes, so that C strings stay readable. */
JsonNode *
st_json (const char *text)
{
  g_autofree char *json = g_strdup (text);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  for (char *p = json; *p != '\0'; p++)
    if (*p == '\'')
      *p = '"';
  node = json_from_string (json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

char *
st_to_string (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : g_strdup ("(none)");
}

void
st_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static gboolean
flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

GAsyncResult *
st_wait (GAsyncResult **slot)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (30, flag_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (source);
  return *slot;
}

void
st_wait_until (gboolean *flag,
               guint     timeout_ms)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add (timeout_ms, flag_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (*flag);
  g_source_remove (source);
}

void
st_sleep (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, flag_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
st_run_clear (StRun *run)
{
  g_clear_pointer (&run->result, genkit_action_result_unref);
  g_clear_error (&run->error);
  g_clear_pointer (&run->chunks, g_ptr_array_unref);
  g_clear_pointer (&run->trace_id, g_free);
}

static void
chunk_cb (JsonNode *chunk,
          gpointer  user_data)
{
  StRun *run = user_data;

  g_ptr_array_add (run->chunks, json_node_copy (chunk));
}

static void
started_cb (const char *trace_id,
            const char *span_id,
            gpointer    user_data)
{
  StRun *run = user_data;

  g_free (run->trace_id);
  run->trace_id = g_strdup (trace_id);
}

/* Runs an action of @runtime with JSON input and init, waiting for the result. */
void
st_run_key (GenkitRuntime *runtime,
            const char    *key,
            const char    *input_json,
            const char    *init_json,
            gboolean       stream,
            StRun         *out)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) input = input_json ? st_json (input_json) : NULL;
  g_autoptr(JsonNode) init = init_json ? st_json (init_json) : NULL;
  g_autoptr(GAsyncResult) result = NULL;

  st_run_clear (out);
  out->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (init != NULL)
    genkit_run_options_set_init (options, init);
  if (stream)
    genkit_run_options_set_stream_func (options, chunk_cb, out, NULL);
  genkit_run_options_set_started_func (options, started_cb, out, NULL);
  genkit_runtime_run_action_async (runtime, key, input, options, NULL, st_result_cb, &result);
  out->result = genkit_runtime_run_action_finish (runtime, st_wait (&result), &out->error);
}

JsonObject *
st_run_output (StRun *run)
{
  JsonNode *value;

  g_assert_no_error (run->error);
  g_assert_nonnull (run->result);
  value = genkit_action_result_get_result (run->result);
  g_assert_nonnull (value);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (value));
  return json_node_get_object (value);
}

/* Every member of @expected is in @actual with the same value; arrays match element by
 * element and have the same length. */
static gboolean
subset (JsonNode *actual,
        JsonNode *expected,
        GString  *where)
{
  if (JSON_NODE_HOLDS_OBJECT (expected))
    {
      g_autoptr(GList) members = NULL;

      if (actual == NULL || !JSON_NODE_HOLDS_OBJECT (actual))
        return FALSE;
      members = json_object_get_members (json_node_get_object (expected));
      for (GList *l = members; l != NULL; l = l->next)
        {
          gsize len = where->len;

          g_string_append_printf (where, ".%s", (const char *) l->data);
          if (!subset (json_object_get_member (json_node_get_object (actual), l->data),
                       json_object_get_member (json_node_get_object (expected), l->data), where))
            return FALSE;
          g_string_truncate (where, len);
        }
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *a, *e;

      if (actual == NULL || !JSON_NODE_HOLDS_ARRAY (actual))
        return FALSE;
      a = json_node_get_array (actual);
      e = json_node_get_array (expected);
      if (json_array_get_length (a) != json_array_get_length (e))
        return FALSE;
      for (guint i = 0; i < json_array_get_length (e); i++)
        {
          gsize len = where->len;

          g_string_append_printf (where, "[%u]", i);
          if (!subset (json_array_get_element (a, i), json_array_get_element (e, i), where))
            return FALSE;
          g_string_truncate (where, len);
        }
      return TRUE;
    }
  return genkit_json_equal (actual, expected);
}

void
st_assert_subset (JsonNode   *actual,
                  const char *expected_json)
{
  g_autoptr(JsonNode) expected = st_json (expected_json);
  g_autoptr(GString) where = g_string_new ("$");

  if (!subset (actual, expected, where))
    {
      g_autofree char *got = st_to_string (actual);
      g_autofree char *want = st_to_string (expected);

      g_error ("JSON mismatch at %s\n  got:  %s\n  want: %s (subset)", where->str, got, want);
    }
}

void
st_assert_chunks (StRun      *run,
                  const char *expected_json)
{
  g_autoptr(JsonNode) array = json_node_new (JSON_NODE_ARRAY);
  JsonArray *chunks = json_array_new ();

  for (guint i = 0; i < run->chunks->len; i++)
    json_array_add_element (chunks, json_node_copy (run->chunks->pdata[i]));
  json_node_take_array (array, chunks);
  st_assert_subset (array, expected_json);
}

GenkitSessionSnapshot *
st_get_snapshot (GenkitSessionStore  *store,
                 const char          *snapshot_id,
                 const char          *session_id,
                 GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_session_store_get_snapshot_async (store, snapshot_id, session_id, NULL, NULL,
                                           st_result_cb, &result);
  return genkit_session_store_get_snapshot_finish (store, st_wait (&result), error);
}

/* The model ----------------------------------------------------------------------------------- */

static char *
message_text (JsonObject *message)
{
  JsonArray *content = json_object_get_array_member (message, "content");
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);

      if (json_object_has_member (part, "text"))
        g_string_append (text, json_object_get_string_member (part, "text"));
    }
  return g_string_free (text, FALSE);
}

static void
reply_text (GenkitModelCall *call,
            const char      *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) response = json_object_new ();
  JsonObject *message = json_object_new ();
  JsonArray *content = json_array_new ();
  JsonObject *part = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GenkitGenerateResponse) parsed = NULL;

  /* One chunk per word, as the sample app's echo model streams. */
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_autofree char *word = words[i + 1] ? g_strconcat (words[i], " ", NULL) : g_strdup (words[i]);
      g_autoptr(GenkitGenerateResponseChunk) chunk = genkit_generate_response_chunk_new_text (word);

      genkit_model_call_send_chunk (call, chunk);
    }
  json_object_set_string_member (part, "text", text);
  json_array_add_object_element (content, part);
  json_object_set_string_member (message, "role", "model");
  json_object_set_array_member (message, "content", content);
  json_object_set_object_member (response, "message", message);
  json_object_set_string_member (response, "finishReason", "stop");
  node = json_node_init_object (json_node_alloc (), response);
  parsed = genkit_generate_response_new_from_json (node, NULL);
  genkit_model_call_return_response (call, parsed);
}

typedef struct
{
  GenkitModelCall *call;
  StCalls         *calls;
  char            *text;
  gulong           cancelled_id;
  guint            timeout_id;
} Slow;

static void
slow_free (Slow *slow)
{
  if (slow->cancelled_id != 0)
    g_cancellable_disconnect (genkit_model_call_get_cancellable (slow->call), slow->cancelled_id);
  g_clear_object (&slow->call);
  g_free (slow->text);
  g_free (slow);
}

static void
slow_done_cb (gpointer user_data)
{
  Slow *slow = user_data;

  reply_text (slow->call, slow->text);
  slow_free (slow);
}

static gboolean
slow_cancelled_idle_cb (gpointer user_data)
{
  Slow *slow = user_data;

  g_source_remove (slow->timeout_id);
  slow->calls->cancelled++;
  genkit_model_call_return_new_error (slow->call, GENKIT_ERROR_CANCELLED, "Action was cancelled");
  slow_free (slow);
  return G_SOURCE_REMOVE;
}

static void
slow_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  g_idle_add (slow_cancelled_idle_cb, user_data);
}

/* "parrot": "<n>: <text>" where n counts the user messages; "/ask …" calls askUser, "/book"
 * calls book, "/fail" fails, "/slow <ms> <text>" answers late (and honours cancellation); after
 * a tool message it says what the tool answered. */
static void
parrot (GenkitModelCall       *call,
        GenkitGenerateRequest *request,
        gpointer               user_data)
{
  StCalls *f = user_data;
  JsonArray *messages = json_object_get_array_member (genkit_generate_request_get_json_object (request), "messages");
  guint n = json_array_get_length (messages);
  JsonObject *last = json_array_get_object_element (messages, n - 1);
  JsonObject *last_user = NULL;
  guint users = 0;
  g_autofree char *said = NULL;
  g_autofree char *text = NULL;

  f->model_calls++;
  for (guint i = 0; i < n; i++)
    {
      JsonObject *m = json_array_get_object_element (messages, i);

      if (g_str_equal (json_object_get_string_member (m, "role"), "user"))
        {
          users++;
          last_user = m;
        }
    }

  if (g_str_equal (json_object_get_string_member (last, "role"), "tool"))
    {
      JsonObject *response = json_object_get_object_member (
        json_array_get_object_element (json_object_get_array_member (last, "content"), 0), "toolResponse");
      g_autofree char *output = json_to_string (json_object_get_member (response, "output"), FALSE);

      text = g_strdup_printf ("you answered %s", output);
      reply_text (call, text);
      return;
    }

  said = last_user ? message_text (last_user) : g_strdup ("");
  if (g_str_has_prefix (said, "/ask ") || g_str_equal (said, "/book"))
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GenkitGenerateResponse) response = NULL;

      if (g_str_equal (said, "/book"))
        node = st_json ("{'message': {'role': 'model', 'content': [{'toolRequest': "
                        "{'name': 'book', 'ref': 'b-1', 'input': {'seat': '12A'}}}]}, 'finishReason': 'stop'}");
      else
        {
          g_autofree char *json = g_strdup_printf ("{'message': {'role': 'model', 'content': [{'toolRequest': "
                                                   "{'name': 'askUser', 'ref': 'ask-1', 'input': {'question': '%s'}}}]},"
                                                   " 'finishReason': 'stop'}", said + 5);

          node = st_json (json);
        }
      response = genkit_generate_response_new_from_json (node, NULL);
      genkit_model_call_return_response (call, response);
      return;
    }
  if (g_str_equal (said, "/fail"))
    {
      genkit_model_call_return_new_error (call, GENKIT_ERROR_INTERNAL, "the model exploded");
      return;
    }
  if (g_str_has_prefix (said, "/slow "))
    {
      Slow *slow = g_new0 (Slow, 1);
      guint ms = (guint) g_ascii_strtoull (said + 6, NULL, 10);

      slow->call = g_object_ref (call);
      slow->calls = f;
      slow->text = g_strdup_printf ("%u: slept", users);
      slow->timeout_id = g_timeout_add_once (ms, slow_done_cb, slow);
      slow->cancelled_id = g_cancellable_connect (genkit_model_call_get_cancellable (call),
                                                  G_CALLBACK (slow_cancelled_cb), slow, NULL);
      return;
    }

  text = g_strdup_printf ("%u: %s", users, said);
  reply_text (call, text);
}

/* Tools ------------------------------------------------------------------------------------ */

/* Interrupts unless restarted; a restart books. */
static void
book_tool (GenkitActionRun *run,
           JsonNode        *input,
           gpointer         user_data)
{
  JsonNode *resumed = genkit_tool_get_resumed (run);

  if (resumed == NULL)
    {
      g_autoptr(JsonNode) question = st_json ("{'question': 'Really book it?'}");

      genkit_tool_interrupt (run, question);
      return;
    }
  genkit_action_run_return_value (run, st_json ("{'booked': true}"));
}

/* A custom agent: counts turns in its custom state, keeps the last words as an artifact. */
void
st_counter_turn (GenkitAgentTurn *turn,
              gpointer         user_data)
{
  GenkitMessage *said = genkit_agent_turn_get_message (turn);
  g_autofree char *text = said ? genkit_message_get_text (said) : g_strdup ("");
  JsonNode *custom = genkit_agent_turn_get_custom (turn);
  gint64 turns = 0;
  g_autoptr(JsonObject) next = json_object_new ();
  g_autoptr(JsonNode) next_node = NULL;
  g_autofree char *reply_text_ = NULL;
  g_autoptr(GenkitMessage) reply = NULL;
  g_autoptr(JsonObject) artifact = json_object_new ();
  JsonArray *parts = json_array_new ();
  JsonObject *part = json_object_new ();
  g_autoptr(GenkitGenerateResponseChunk) chunk = NULL;

  if (custom != NULL && JSON_NODE_HOLDS_OBJECT (custom))
    turns = json_object_get_int_member (json_node_get_object (custom), "turns");
  json_object_set_int_member (next, "turns", turns + 1);
  next_node = json_node_init_object (json_node_alloc (), next);
  genkit_agent_turn_set_custom (turn, next_node);
  json_object_set_string_member (next, "last", text);
  genkit_agent_turn_set_custom (turn, next_node);

  reply_text_ = g_strdup_printf ("turn %" G_GINT64_FORMAT ": %s", turns + 1, text);
  chunk = genkit_generate_response_chunk_new_text (reply_text_);
  genkit_agent_turn_send_model_chunk (turn, chunk);
  reply = genkit_message_new_text (GENKIT_ROLE_MODEL, reply_text_);
  genkit_agent_turn_add_message (turn, reply);

  json_object_set_string_member (part, "text", text);
  json_array_add_object_element (parts, part);
  json_object_set_string_member (artifact, "name", "last.txt");
  json_object_set_array_member (artifact, "parts", parts);
  genkit_agent_turn_add_artifact (turn, artifact);

  genkit_agent_turn_return_finish_reason (turn, "stop");
}

/* Defines the model "pm" (parrot), the tools askUser and book, and the agents serverChat (a
 * prompt agent over @store), clientChat (client-managed) and counter (a turn function over
 * @store, with a state schema). */
StAgents
st_define_test_agents (GenkitRegistry     *registry,
                       GenkitSessionStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) model_options = st_json ("{'supports': {'tools': true, 'multiturn': true, 'systemRole': true}}");
  g_autoptr(JsonNode) ask_input = st_json ("{'type': 'object', 'properties': {'question': {'type': 'string'}}, 'required': ['question']}");
  g_autoptr(JsonNode) ask_output = st_json ("{'type': 'string'}");
  g_autoptr(JsonNode) server_prompt = st_json ("{'model': 'pm', 'system': 'You repeat what you hear.', 'tools': ['askUser', 'book']}");
  g_autoptr(JsonNode) client_prompt = st_json ("{'model': 'pm', 'system': 'You repeat what you hear.'}");
  g_autoptr(JsonNode) state_schema = st_json ("{'type': 'object', 'properties': {'turns': {'type': 'number'}, 'last': {'type': 'string'}},"
                                              " 'required': ['turns'], 'additionalProperties': true,"
                                              " '$schema': 'http://json-schema.org/draft-07/schema#'}");
  StAgents agents = { 0 };

  agents.calls = g_new0 (StCalls, 1);
  agents.pm = genkit_define_programmable_model (registry, "pm", json_node_get_object (model_options), &error);
  g_assert_no_error (error);
  genkit_programmable_model_set_handler (agents.pm, parrot, agents.calls, g_free);
  g_assert_nonnull (genkit_define_interrupt (registry, "askUser", "Asks the user a question",
                                             ask_input, ask_output, NULL, &error));
  g_assert_nonnull (genkit_define_tool (registry, "book", "Books after confirmation", NULL, NULL,
                                        book_tool, NULL, NULL, &error));
  g_assert_no_error (error);

  agents.server = genkit_define_prompt_agent (registry, "serverChat", json_node_get_object (server_prompt),
                                              store, &error);
  g_assert_no_error (error);
  agents.client = genkit_define_prompt_agent (registry, "clientChat", json_node_get_object (client_prompt),
                                              NULL, &error);
  g_assert_no_error (error);
  agents.counter = genkit_define_agent (registry, "counter", store, st_counter_turn, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (genkit_agent_set_state_schema (agents.counter, state_schema, &error));
  return agents;
}
