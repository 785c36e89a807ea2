/* genkit-samples-agents.c — the sample agents of the built-in runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-samples.h"

static JsonNode *
parse_json (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

/* "notes": every user message becomes a note in the custom state; the notes are kept as a
 * Markdown artifact too. */
static void
notes_turn (GenkitAgentTurn *turn,
            gpointer         user_data)
{
  GenkitMessage *said = genkit_agent_turn_get_message (turn);
  JsonNode *custom = genkit_agent_turn_get_custom (turn);
  g_autofree char *text = said ? genkit_message_get_text (said) : NULL;
  g_autoptr(JsonObject) next = json_object_new ();
  g_autoptr(JsonNode) next_node = NULL;
  g_autoptr(GString) markdown = g_string_new ("# Notes\n\n");
  g_autoptr(JsonObject) artifact = json_object_new ();
  g_autoptr(GenkitMessage) reply = NULL;
  g_autofree char *answer = NULL;
  JsonArray *notes = json_array_new ();
  JsonArray *parts = json_array_new ();
  JsonObject *part = json_object_new ();
  JsonArray *old = NULL;

  if (custom != NULL && JSON_NODE_HOLDS_OBJECT (custom) &&
      json_object_has_member (json_node_get_object (custom), "notes"))
    old = json_object_get_array_member (json_node_get_object (custom), "notes");
  for (guint i = 0; old != NULL && i < json_array_get_length (old); i++)
    json_array_add_element (notes, json_node_copy (json_array_get_element (old, i)));
  if (text != NULL && *text != '\0')
    json_array_add_string_element (notes, text);
  json_object_set_array_member (next, "notes", notes);
  next_node = json_node_init_object (json_node_alloc (), next);
  genkit_agent_turn_set_custom (turn, next_node);

  for (guint i = 0; i < json_array_get_length (notes); i++)
    g_string_append_printf (markdown, "- %s\n", json_array_get_string_element (notes, i));
  json_object_set_string_member (part, "text", markdown->str);
  json_array_add_object_element (parts, part);
  json_object_set_string_member (artifact, "name", "notes.md");
  json_object_set_array_member (artifact, "parts", parts);
  genkit_agent_turn_add_artifact (turn, artifact);

  answer = g_strdup_printf ("Noted (%u notes).", json_array_get_length (notes));
  reply = genkit_message_new_text (GENKIT_ROLE_MODEL, answer);
  {
    g_autoptr(GenkitGenerateResponseChunk) chunk = genkit_generate_response_chunk_new_text (answer);

    genkit_agent_turn_send_model_chunk (turn, chunk);
  }
  genkit_agent_turn_add_message (turn, reply);
  genkit_agent_turn_return_finish_reason (turn, "stop");
}

/* "ponder": a slow agent, for detached turns. It thinks for PONDER_MS before it answers, and
 * stops early when the turn is aborted. */
#define PONDER_MS 5000

typedef struct
{
  GenkitAgentTurn *turn;
  char            *text;
  guint            timeout_id;
  gulong           cancelled_id;
} Ponder;

static void
ponder_free (Ponder *ponder)
{
  g_cancellable_disconnect (genkit_agent_turn_get_cancellable (ponder->turn), ponder->cancelled_id);
  g_object_unref (ponder->turn);
  g_free (ponder->text);
  g_free (ponder);
}

static void
ponder_done_cb (gpointer user_data)
{
  Ponder *ponder = user_data;
  g_autofree char *answer = g_strdup_printf ("After some thought: %s", ponder->text);
  g_autoptr(GenkitMessage) reply = genkit_message_new_text (GENKIT_ROLE_MODEL, answer);

  ponder->timeout_id = 0;
  genkit_agent_turn_add_message (ponder->turn, reply);
  genkit_agent_turn_return_finish_reason (ponder->turn, "stop");
  ponder_free (ponder);
}

static void
ponder_aborted_idle_cb (gpointer user_data)
{
  Ponder *ponder = user_data;

  genkit_agent_turn_return_error (ponder->turn, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_CANCELLED,
                                                                     "The turn was aborted"));
  ponder_free (ponder);
}

static void
ponder_aborted_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  Ponder *ponder = user_data;

  /* Not from inside the cancellable's signal: disconnecting there would deadlock. */
  if (ponder->timeout_id != 0)
    {
      g_clear_handle_id (&ponder->timeout_id, g_source_remove);
      g_idle_add_once (ponder_aborted_idle_cb, ponder);
    }
}

static void
ponder_turn (GenkitAgentTurn *turn,
             gpointer         user_data)
{
  GenkitMessage *said = genkit_agent_turn_get_message (turn);
  Ponder *ponder = g_new0 (Ponder, 1);

  ponder->turn = g_object_ref (turn);
  ponder->text = said ? genkit_message_get_text (said) : g_strdup ("");
  ponder->timeout_id = g_timeout_add_once (PONDER_MS, ponder_done_cb, ponder);
  ponder->cancelled_id = g_cancellable_connect (genkit_agent_turn_get_cancellable (turn),
                                                G_CALLBACK (ponder_aborted_cb), ponder, NULL);
}

/**
 * genkit_samples_register_agents:
 * @registry: the built-in runtime's registry, with the samples of genkit_samples_register()
 * @store: (nullable): where the server-managed agents keep their snapshots; %NULL for the
 *   studio's default store (`$XDG_DATA_HOME/genkit-studio/sessions.db`)
 * @error: return location for an error
 *
 * Registers the sample agents, on the echo model: `chat` (server-managed, a prompt agent
 * with the tools `add` and `askUser`, an interrupt: say `/tool askUser {"question": "…"}`),
 * `notes` (server-managed, a turn function with custom state and an artifact), `ponder`
 * (server-managed, thinks 5 s before it echoes, stops early when aborted: for detached turns)
 * and `scratchpad` (client-managed).
 *
 * Returns: %TRUE on success
 */
gboolean
genkit_samples_register_agents (GenkitRegistry      *registry,
                                GenkitSessionStore  *store,
                                GError             **error)
{
  g_autoptr(GenkitSessionStore) owned = NULL;
  g_autoptr(JsonNode) ask_input = parse_json ("{\"type\":\"object\",\"properties\":{\"question\":"
                                              "{\"type\":\"string\"}},\"required\":[\"question\"],"
                                              "\"additionalProperties\":true,"
                                              "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");
  g_autoptr(JsonNode) ask_output = parse_json ("{\"type\":\"string\","
                                               "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");
  g_autoptr(JsonNode) chat = parse_json ("{\"model\":\"echo\",\"description\":\"Echoes what you say; "
                                         "try /tool add {\\\"a\\\": 1, \\\"b\\\": 2}\","
                                         "\"system\":\"You are the echo model of the built-in runtime.\","
                                         "\"tools\":[\"add\",\"askUser\"]}");
  g_autoptr(JsonNode) scratchpad = parse_json ("{\"model\":\"echo\",\"description\":\"A client-managed echo\"}");
  g_autoptr(JsonNode) notes_schema = parse_json ("{\"type\":\"object\",\"properties\":{\"notes\":"
                                                 "{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
                                                 "\"required\":[\"notes\"],\"additionalProperties\":true,"
                                                 "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");
  GenkitAgent *notes;
  GenkitAgent *ponder;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), FALSE);

  if (store == NULL)
    {
      if ((owned = GENKIT_SESSION_STORE (genkit_sqlite_session_store_new_default (error))) == NULL)
        return FALSE;
      store = owned;
    }

  if (genkit_define_interrupt (registry, "askUser", "Asks the user a question", ask_input,
                               ask_output, NULL, error) == NULL ||
      genkit_define_prompt_agent (registry, "chat", json_node_get_object (chat), store, error) == NULL ||
      genkit_define_prompt_agent (registry, "scratchpad", json_node_get_object (scratchpad), NULL,
                                  error) == NULL ||
      (notes = genkit_define_agent (registry, "notes", store, notes_turn, NULL, NULL, error)) == NULL ||
      (ponder = genkit_define_agent (registry, "ponder", store, ponder_turn, NULL, NULL, error)) == NULL)
    return FALSE;
  genkit_action_set_description (GENKIT_ACTION (notes), "Keeps what you say as notes");
  genkit_action_set_description (GENKIT_ACTION (ponder), "Thinks 5 s before it echoes; try Send in Background");
  return genkit_agent_set_state_schema (notes, notes_schema, error);
}
