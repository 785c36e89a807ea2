/* test-app-chat.c — the chat pane: an agent over several turns with an interrupt, a branch,
 * sessions and traces; a model's client-side history; streaming while a turn runs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <adwaita.h>
#include <genkit-telemetry.h>

#include "genkit-samples.h"
#include "studio-chat-message.h"
#include "studio-chat-pane.h"
#include "studio-test-util.h"
#include "studio-window.h"

typedef struct
{
  GenkitSessionStore      *store;
  GenkitProgrammableModel *scripted;
  GenkitModelCall         *held_call;   /* the scripted model's call, held open by the test */
  GenkitRuntime           *runtime;
  StudioWindow            *window;
  StudioChatPane          *pane;
  char                    *opened_trace;
  char                    *first_chunk_text;
  gboolean                 first_chunk_busy;
} Fixture;

/* The scripted model streams one chunk and then waits for the test to answer. */
static void
held_model (GenkitModelCall       *call,
            GenkitGenerateRequest *request,
            gpointer               user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GenkitGenerateResponseChunk) chunk = genkit_generate_response_chunk_new_text ("Streaming **now**");

  genkit_model_call_send_chunk (call, chunk);
  g_set_object (&fixture->held_call, call);
}

static void
open_trace_cb (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_free (fixture->opened_trace);
  fixture->opened_trace = g_variant_dup_string (parameter, NULL);
}

static gboolean
targets_listed (gpointer user_data)
{
  Fixture *fixture = user_data;

  return studio_chat_pane_get_n_targets (fixture->pane) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSimpleAction) open_trace = g_simple_action_new ("open-trace", G_VARIANT_TYPE_STRING);
  AdwViewStack *stack;

  fixture->store = GENKIT_SESSION_STORE (genkit_memory_session_store_new ());
  genkit_samples_register (registry, &error);
  g_assert_no_error (error);
  genkit_samples_register_agents (registry, fixture->store, &error);
  g_assert_no_error (error);
  fixture->scripted = g_object_ref (genkit_define_programmable_model (registry, "scripted", NULL, &error));
  g_assert_no_error (error);
  genkit_programmable_model_set_handler (fixture->scripted, held_model, fixture, NULL);
  {
    g_autoptr(JsonNode) config = json_from_string ("{\"model\": \"scripted\"}", NULL);

    genkit_define_prompt_agent (registry, "scriptedChat", json_node_get_object (config), fixture->store, &error);
    g_assert_no_error (error);
  }
  fixture->runtime = GENKIT_RUNTIME (genkit_local_runtime_new (registry));

  fixture->window = studio_window_new (NULL, fixture->runtime, NULL);
  /* The window's trace action, replaced to see which trace the pane asks for. */
  g_action_map_remove_action (G_ACTION_MAP (fixture->window), "open-trace");
  g_signal_connect (open_trace, "activate", G_CALLBACK (open_trace_cb), fixture);
  g_action_map_add_action (G_ACTION_MAP (fixture->window), G_ACTION (open_trace));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1200, 760);
  stack = ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (fixture->window), "pane_stack"));
  adw_view_stack_set_visible_child_name (stack, "chat");
  fixture->pane = STUDIO_CHAT_PANE (studio_test_find (GTK_WIDGET (fixture->window), "chat_pane"));
  g_assert_nonnull (fixture->pane);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (studio_test_wait (targets_listed, fixture, 10000));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->held_call);
  g_clear_object (&fixture->runtime);
  g_clear_object (&fixture->scripted);
  g_clear_object (&fixture->store);
  g_free (fixture->opened_trace);
  g_free (fixture->first_chunk_text);
}

/* Widgets the pane makes for messages carry names, not template ids. */
static GtkWidget *
find_named (GtkWidget  *root,
            const char *name,
            gboolean    last)
{
  GtkWidget *found = NULL;

  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *hit = find_named (child, name, last);

      if (hit != NULL && !last)
        return hit;
      if (hit != NULL)
        found = hit;
    }
  return found;
}

static gboolean
turn_done (gpointer user_data)
{
  Fixture *fixture = user_data;

  return !studio_chat_pane_get_busy (fixture->pane);
}

/* A click, without GtkButton's activation delay. */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* Types into the composer and clicks Send, as a user does. */
static void
say (Fixture    *fixture,
     const char *text)
{
  GtkTextView *input = GTK_TEXT_VIEW (studio_test_find (GTK_WIDGET (fixture->pane), "input_view"));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (input), text, -1);
  click (studio_test_find (GTK_WIDGET (fixture->pane), "send_button"));
  g_assert_true (studio_chat_pane_get_busy (fixture->pane));
}

static void
wait_turn (Fixture *fixture)
{
  g_assert_true (studio_test_wait (turn_done, fixture, 20000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static const char *
message_text (JsonArray *messages,
              guint      index)
{
  JsonObject *message = json_array_get_object_element (messages, index);
  JsonArray *content = json_object_get_array_member (message, "content");

  for (guint i = 0; i < json_array_get_length (content); i++)
    if (json_object_has_member (json_array_get_object_element (content, i), "text"))
      return json_object_get_string_member (json_array_get_object_element (content, i), "text");
  return NULL;
}

static const char *
last_text (Fixture *fixture)
{
  JsonArray *messages = studio_chat_pane_get_messages (fixture->pane);

  return message_text (messages, json_array_get_length (messages) - 1);
}

/* The first model chunk of a turn, seen right after the pane handled it. */
static void
chunk_seen_cb (GenkitAgentChat *chat,
               JsonObject      *chunk,
               Fixture         *fixture)
{
  if (fixture->first_chunk_text != NULL || !json_object_has_member (chunk, "modelChunk"))
    return;
  fixture->first_chunk_text = g_strdup (studio_chat_pane_get_stream_text (fixture->pane));
  fixture->first_chunk_busy = genkit_agent_chat_get_busy (chat);
}

/* An artifact chunk, seen right after the pane handled it: is it shown while the turn runs? */
static void
artifact_seen_cb (GenkitAgentChat *chat,
                  JsonObject      *chunk,
                  Fixture         *fixture)
{
  if (!json_object_has_member (chunk, "artifact"))
    return;
  fixture->first_chunk_busy = genkit_agent_chat_get_busy (chat) &&
                              studio_test_shows_label (studio_test_find (GTK_WIDGET (fixture->pane), "artifacts_box"), "notes.md");
}

static GenkitSessionSnapshot *
read_snapshot (Fixture    *fixture,
               const char *snapshot_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GenkitSessionSnapshot *snapshot;

  genkit_session_store_get_snapshot_async (fixture->store, snapshot_id, NULL, NULL, NULL,
                                           studio_test_store_result_cb, &result);
  snapshot = genkit_session_store_get_snapshot_finish (fixture->store, studio_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (snapshot);
  return snapshot;
}

typedef struct
{
  Fixture    *fixture;
  guint       n;
} Count;

static gboolean
has_snapshots (gpointer user_data)
{
  Count *count = user_data;

  return studio_chat_pane_get_n_snapshots (count->fixture->pane) >= count->n;
}

static void
wait_snapshots (Fixture *fixture,
                guint    n)
{
  Count count = { fixture, n };

  g_assert_true (studio_test_wait (has_snapshots, &count, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static GtkListBoxRow *
snapshot_row (Fixture    *fixture,
              const char *snapshot_id)
{
  GtkWidget *list = studio_test_find (GTK_WIDGET (fixture->pane), "snapshot_list");

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (g_object_get_data (G_OBJECT (row), "snapshot-id"), snapshot_id) == 0)
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

static gboolean
chat_at_snapshot (gpointer user_data)
{
  Fixture *fixture = user_data;
  const char *wanted = g_object_get_data (G_OBJECT (fixture->pane), "test-wanted-snapshot");

  return g_strcmp0 (genkit_agent_chat_get_snapshot_id (studio_chat_pane_get_chat (fixture->pane)), wanted) == 0;
}

static void
test_agent_turns (Fixture       *fixture,
                  gconstpointer  data)
{
  GenkitAgentChat *chat;
  JsonArray *messages;
  GtkWidget *answer;
  GtkWidget *resume;
  GtkWidget *button;
  g_autofree char *first = NULL;
  g_autofree char *interrupted = NULL;
  g_autofree char *third = NULL;
  g_autoptr(GenkitSessionSnapshot) branch = NULL;
  g_autoptr(GenkitSessionSnapshot) regenerated = NULL;
  g_autoptr(GenkitSessionSnapshot) third_snapshot = NULL;
  g_autofree char *session = NULL;
  guint n_before;

  g_test_summary ("Three turns with the sample chat agent in the pane: the reply streams in before the turn "
                  "ends; a tool interrupt is answered in the pane and the turn resumes; the turn's trace "
                  "opens through the window; a snapshot in the tree and Regenerate make branches; a "
                  "session reopens from the sessions list");

  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/chat"));
  chat = studio_chat_pane_get_chat (fixture->pane);
  g_assert_nonnull (chat);
  g_signal_connect_after (chat, "chunk", G_CALLBACK (chunk_seen_cb), fixture);

  /* 1. A plain turn: the first word is on screen while the turn still runs. */
  say (fixture, "Hello there, studio");
  wait_turn (fixture);
  g_assert_cmpstr (fixture->first_chunk_text, ==, "Hello ");
  g_assert_true (fixture->first_chunk_busy);
  g_assert_cmpstr (last_text (fixture), ==, "Hello there, studio");
  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  first = g_strdup (genkit_agent_chat_get_snapshot_id (chat));
  g_assert_nonnull (first);
  session = g_strdup (genkit_agent_chat_get_session_id (chat));
  wait_snapshots (fixture, 1);

  /* 2. The askUser tool interrupts: answer it inline and resume. */
  say (fixture, "/tool askUser {\"question\": \"Which colour?\"}");
  wait_turn (fixture);
  g_assert_cmpstr (json_object_get_string_member (genkit_agent_chat_get_last_output (chat), "finishReason"), ==,
                   "interrupted");
  interrupted = g_strdup (genkit_agent_chat_get_snapshot_id (chat));
  wait_snapshots (fixture, 2);
  answer = find_named (GTK_WIDGET (fixture->pane), "interrupt-answer", FALSE);
  resume = find_named (GTK_WIDGET (fixture->pane), "interrupt-resume", FALSE);
  g_assert_nonnull (answer);
  g_assert_nonnull (resume);
  g_assert_false (gtk_widget_get_sensitive (resume));
  studio_test_save_png (GTK_WIDGET (fixture->window), "chat-interrupt.png");
  gtk_editable_set_text (GTK_EDITABLE (answer), "blue");
  click (find_named (GTK_WIDGET (fixture->pane), "interrupt-respond", FALSE));
  resume = find_named (GTK_WIDGET (fixture->pane), "interrupt-resume", FALSE);
  g_assert_true (gtk_widget_get_sensitive (resume));
  click (resume);
  wait_turn (fixture);
  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  g_assert_cmpstr (last_text (fixture), ==, "tool askUser said: \"blue\"");
  g_assert_cmpstr (json_object_get_string_member (genkit_agent_chat_get_last_output (chat), "finishReason"), ==, "stop");
  g_assert_null (find_named (GTK_WIDGET (fixture->pane), "interrupt-answer", FALSE));

  /* 3. A third turn; its trace opens through the window's action. */
  say (fixture, "And a third message");
  wait_turn (fixture);
  g_assert_cmpstr (last_text (fixture), ==, "And a third message");
  third = g_strdup (genkit_agent_chat_get_snapshot_id (chat));
  g_assert_cmpstr (genkit_agent_chat_get_session_id (chat), ==, session);
  wait_snapshots (fixture, 4);
  button = find_named (GTK_WIDGET (fixture->pane), "turn-trace", TRUE);
  g_assert_nonnull (button);
  click (button);
  g_assert_nonnull (genkit_agent_chat_get_last_trace_id (chat));
  g_assert_cmpstr (fixture->opened_trace, ==, genkit_agent_chat_get_last_trace_id (chat));
  studio_test_save_png (GTK_WIDGET (fixture->window), "chat-three-turns.png");

  /* Regenerate the third reply: the same message again from the snapshot before it. */
  button = find_named (GTK_WIDGET (fixture->pane), "regenerate", TRUE);
  g_assert_nonnull (button);
  n_before = studio_chat_pane_get_n_snapshots (fixture->pane);
  click (button);
  wait_snapshots (fixture, n_before + 1);
  wait_turn (fixture);
  g_assert_cmpstr (last_text (fixture), ==, "And a third message");
  g_assert_cmpstr (genkit_agent_chat_get_snapshot_id (chat), !=, third);
  regenerated = read_snapshot (fixture, genkit_agent_chat_get_snapshot_id (chat));
  third_snapshot = read_snapshot (fixture, third);
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (regenerated), ==,
                   genkit_session_snapshot_get_parent_id (third_snapshot));

  /* Branch from the first snapshot in the tree: the conversation goes back to it. */
  g_assert_nonnull (snapshot_row (fixture, first));
  g_object_set_data_full (G_OBJECT (fixture->pane), "test-wanted-snapshot", g_strdup (first), g_free);
  gtk_widget_activate (GTK_WIDGET (snapshot_row (fixture, first)));
  g_assert_true (studio_test_wait (chat_at_snapshot, fixture, 10000));
  g_assert_cmpstr (last_text (fixture), ==, "Hello there, studio");
  n_before = studio_chat_pane_get_n_snapshots (fixture->pane);
  say (fixture, "Another way to go on");
  wait_turn (fixture);
  wait_snapshots (fixture, n_before + 1);
  branch = read_snapshot (fixture, genkit_agent_chat_get_snapshot_id (chat));
  g_assert_cmpstr (genkit_session_snapshot_get_parent_id (branch), ==, first);
  g_assert_cmpstr (genkit_session_snapshot_get_session_id (branch), ==, session);
  messages = studio_chat_pane_get_messages (fixture->pane);
  g_assert_cmpuint (json_array_get_length (messages), ==, json_array_get_length (genkit_session_snapshot_get_messages (branch)));
  /* Both branches are in the tree. */
  g_assert_nonnull (snapshot_row (fixture, third));
  g_assert_nonnull (snapshot_row (fixture, interrupted));
  g_assert_nonnull (snapshot_row (fixture, genkit_session_snapshot_get_snapshot_id (branch)));
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (fixture->window), "pane_stack")),
                                         "chat");
  gtk_stack_set_visible_child_name (GTK_STACK (studio_test_find (GTK_WIDGET (fixture->pane), "side_stack")), "snapshots");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  studio_test_wait_ms (500);
  studio_test_save_png (GTK_WIDGET (fixture->window), "chat-branches.png");

  /* The interrupted snapshot, opened from the tree, asks again; another answer branches. */
  g_object_set_data_full (G_OBJECT (fixture->pane), "test-wanted-snapshot", g_strdup (interrupted), g_free);
  gtk_widget_activate (GTK_WIDGET (snapshot_row (fixture, interrupted)));
  g_assert_true (studio_test_wait (chat_at_snapshot, fixture, 10000));
  answer = find_named (GTK_WIDGET (fixture->pane), "interrupt-answer", FALSE);
  g_assert_nonnull (answer);
  gtk_editable_set_text (GTK_EDITABLE (answer), "\"green\"");
  click (find_named (GTK_WIDGET (fixture->pane), "interrupt-respond", FALSE));
  click (find_named (GTK_WIDGET (fixture->pane), "interrupt-resume", FALSE));
  wait_turn (fixture);
  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  g_assert_cmpstr (last_text (fixture), ==, "tool askUser said: \"green\"");

  /* Restart instead: askUser runs again with the same input and, being an interrupt, interrupts
   * again — which Genkit refuses in a restarted run. The pane says so and stays put. */
  say (fixture, "/tool askUser {\"question\": \"Again?\"}");
  wait_turn (fixture);
  g_assert_nonnull (find_named (GTK_WIDGET (fixture->pane), "interrupt-answer", FALSE));
  click (find_named (GTK_WIDGET (fixture->pane), "interrupt-restart", FALSE));
  click (find_named (GTK_WIDGET (fixture->pane), "interrupt-resume", FALSE));
  wait_turn (fixture);
  g_assert_nonnull (strstr (studio_chat_pane_get_error (fixture->pane),
                           "FAILED_PRECONDITION: One or more tools triggered an interrupt during a restarted execution"));
  g_assert_null (strstr (studio_chat_pane_get_error (fixture->pane), "FAILED_PRECONDITION: FAILED_PRECONDITION"));
  g_assert_cmpstr (json_object_get_string_member (genkit_agent_chat_get_last_output (chat), "finishReason"), ==, "failed");

  /* A new conversation. */
  studio_chat_pane_new_conversation (fixture->pane);
  g_assert_cmpuint (json_array_get_length (studio_chat_pane_get_messages (fixture->pane)), ==, 0);
}

static void
test_reopen_session (Fixture       *fixture,
                     gconstpointer  data)
{
  GenkitAgentChat *chat;
  g_autofree char *session = NULL;
  g_autofree char *leaf = NULL;
  GtkWidget *list;
  GtkWidget *row;

  g_test_summary ("The sessions list holds the agent's sessions; activating one reopens it at its latest "
                  "snapshot");

  /* The window's actions (what screenshots.sh drives over D-Bus) choose the agent and talk. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "chat-with", g_variant_new_string ("/agent/notes"));
  g_assert_cmpstr (studio_chat_pane_get_target (fixture->pane), ==, "/agent/notes");
  g_signal_connect_after (studio_chat_pane_get_chat (fixture->pane), "chunk", G_CALLBACK (artifact_seen_cb), fixture);
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "chat-send", g_variant_new_string ("Buy milk"));
  g_assert_true (studio_chat_pane_get_busy (fixture->pane));
  wait_turn (fixture);
  /* The artifact was beside the conversation as soon as it streamed in. */
  g_assert_true (fixture->first_chunk_busy);
  say (fixture, "Call Ada");
  wait_turn (fixture);
  chat = studio_chat_pane_get_chat (fixture->pane);
  session = g_strdup (genkit_agent_chat_get_session_id (chat));
  leaf = g_strdup (genkit_agent_chat_get_snapshot_id (chat));
  wait_snapshots (fixture, 2);
  /* The notes agent's custom state and artifact are shown beside the conversation. */
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (fixture->pane), "state_label"))),
                            "Call Ada"));
  gtk_stack_set_visible_child_name (GTK_STACK (studio_test_find (GTK_WIDGET (fixture->pane), "side_stack")), "state");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  studio_test_save_png (GTK_WIDGET (fixture->window), "chat-state.png");

  studio_chat_pane_new_conversation (fixture->pane);
  g_assert_cmpuint (studio_chat_pane_get_n_sessions (fixture->pane), ==, 1);
  list = studio_test_find (GTK_WIDGET (fixture->pane), "session_list");
  row = gtk_widget_get_first_child (list);
  g_assert_true (GTK_IS_LIST_BOX_ROW (row));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "session-id"), ==, session);
  gtk_widget_activate (row);
  chat = studio_chat_pane_get_chat (fixture->pane);
  g_object_set_data_full (G_OBJECT (fixture->pane), "test-wanted-snapshot", g_strdup (leaf), g_free);
  g_assert_true (studio_test_wait (chat_at_snapshot, fixture, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_cmpuint (json_array_get_length (studio_chat_pane_get_messages (fixture->pane)), ==, 4);
  g_assert_cmpstr (last_text (fixture), ==, "Noted (2 notes).");
}

static gboolean
has_two_sessions (gpointer user_data)
{
  Fixture *fixture = user_data;

  return studio_chat_pane_get_n_sessions (fixture->pane) >= 2 && studio_chat_pane_get_n_snapshots (fixture->pane) >= 3;
}

static void
test_sessions_from_traces (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "chat-traces.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GenkitStoreSpanProcessor) processor = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GenkitRegistry *registry = genkit_local_runtime_get_registry (GENKIT_LOCAL_RUNTIME (fixture->runtime));
  g_autofree char *first_session = NULL;

  g_test_summary ("Look for Sessions finds the agent's sessions in the studio's traces (the agent span "
                  "names its session) and reads their snapshots, after the pane forgot them");

  store = genkit_trace_store_new (path, &error);
  g_assert_no_error (error);
  processor = genkit_store_span_processor_new (store);
  genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (processor));
  studio_window_set_trace_store (fixture->window, store);

  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/notes"));
  say (fixture, "First session");
  wait_turn (fixture);
  first_session = g_strdup (genkit_agent_chat_get_session_id (studio_chat_pane_get_chat (fixture->pane)));
  say (fixture, "Still the first");
  wait_turn (fixture);
  studio_chat_pane_new_conversation (fixture->pane);
  say (fixture, "Second session");
  wait_turn (fixture);
  g_assert_true (genkit_flush_tracing (&error));
  g_assert_no_error (error);
  genkit_trace_store_flush_async (store, NULL, studio_test_store_result_cb, &result);
  g_assert_true (genkit_trace_store_flush_finish (store, studio_test_wait_result (&result), &error));
  g_assert_no_error (error);

  /* Another agent and back: the pane knows no snapshot of notes any more. */
  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/scratchpad"));
  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/notes"));
  g_assert_cmpuint (studio_chat_pane_get_n_sessions (fixture->pane), ==, 0);
  gtk_stack_set_visible_child_name (GTK_STACK (studio_test_find (GTK_WIDGET (fixture->pane), "side_stack")), "sessions");
  click (find_named (GTK_WIDGET (fixture->pane), "look-for-sessions", FALSE));
  g_assert_true (studio_test_wait (has_two_sessions, fixture, 10000));
  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  studio_test_save_png (GTK_WIDGET (fixture->window), "chat-sessions.png");
  genkit_tracer_remove_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (processor));
}

static void
test_remote_runtime (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitReflectionServer) server = genkit_reflection_server_new (fixture->runtime);
  g_autoptr(GenkitRuntime) remote = NULL;
  GenkitAgentChat *chat;

  g_test_summary ("The same chat with an agent of a remote runtime, over the reflection API: the reply "
                  "streams, the interrupt is answered in the pane and the turn resumes");

  g_assert_true (genkit_reflection_server_listen_any (server, &error));
  g_assert_no_error (error);
  remote = GENKIT_RUNTIME (genkit_remote_runtime_new_for_url (genkit_reflection_server_get_url (server), &error));
  g_assert_no_error (error);
  studio_pane_set_runtime (STUDIO_PANE (fixture->pane), remote);
  g_assert_cmpuint (studio_chat_pane_get_n_targets (fixture->pane), ==, 0);
  g_assert_true (studio_test_wait (targets_listed, fixture, 10000));
  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/chat"));
  chat = studio_chat_pane_get_chat (fixture->pane);
  g_assert_true (genkit_agent_chat_get_runtime (chat) == remote);
  g_signal_connect_after (chat, "chunk", G_CALLBACK (chunk_seen_cb), fixture);

  say (fixture, "Hello over the wire");
  wait_turn (fixture);
  g_assert_cmpstr (fixture->first_chunk_text, ==, "Hello ");
  g_assert_true (fixture->first_chunk_busy);
  g_assert_cmpstr (last_text (fixture), ==, "Hello over the wire");
  wait_snapshots (fixture, 1);

  say (fixture, "/tool askUser {\"question\": \"Tea or coffee?\"}");
  wait_turn (fixture);
  wait_snapshots (fixture, 2);
  gtk_editable_set_text (GTK_EDITABLE (find_named (GTK_WIDGET (fixture->pane), "interrupt-answer", FALSE)), "tea");
  click (find_named (GTK_WIDGET (fixture->pane), "interrupt-respond", FALSE));
  click (find_named (GTK_WIDGET (fixture->pane), "interrupt-resume", FALSE));
  wait_turn (fixture);
  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  g_assert_cmpstr (last_text (fixture), ==, "tool askUser said: \"tea\"");

  studio_pane_set_runtime (STUDIO_PANE (fixture->pane), fixture->runtime);
  genkit_reflection_server_stop (server);
}

static void
test_client_managed (Fixture       *fixture,
                     gconstpointer  data)
{
  GenkitAgentChat *chat;

  g_test_summary ("A client-managed agent: the pane carries the whole state from turn to turn and "
                  "says there are no snapshots");

  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/scratchpad"));
  chat = studio_chat_pane_get_chat (fixture->pane);
  g_assert_cmpint (genkit_agent_chat_get_state_management (chat), ==, GENKIT_STATE_MANAGEMENT_CLIENT);
  say (fixture, "one");
  wait_turn (fixture);
  say (fixture, "two");
  wait_turn (fixture);
  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  g_assert_cmpuint (json_array_get_length (studio_chat_pane_get_messages (fixture->pane)), ==, 4);
  g_assert_cmpstr (last_text (fixture), ==, "two");
  g_assert_null (genkit_agent_chat_get_snapshot_id (chat));
  g_assert_cmpuint (studio_chat_pane_get_n_snapshots (fixture->pane), ==, 0);
  /* Each reply still opens its turn's trace. */
  g_assert_nonnull (find_named (GTK_WIDGET (fixture->pane), "turn-trace", TRUE));
}

static gboolean
call_held (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->held_call != NULL;
}

/* The pending reply holds the chunk and takes room on screen. */
static gboolean
stream_shown (gpointer user_data)
{
  Fixture *fixture = user_data;
  GtkWidget *box = studio_test_find (GTK_WIDGET (fixture->pane), "message_box");
  GtkWidget *pending = gtk_widget_get_last_child (box);
  GtkWidget *text = pending ? studio_test_find_type (pending, GTK_TYPE_TEXT_VIEW) : NULL;

  return g_strcmp0 (studio_chat_pane_get_stream_text (fixture->pane), "Streaming **now**") == 0 &&
         gtk_widget_has_css_class (pending, "chat-streaming") && text != NULL &&
         gtk_widget_get_mapped (text) && gtk_widget_get_height (text) > 10;
}

static void
release_call (Fixture    *fixture,
              const char *text)
{
  g_autoptr(GenkitGenerateResponse) response = genkit_generate_response_new ();
  g_autoptr(GenkitMessage) message = genkit_message_new_text (GENKIT_ROLE_MODEL, text);
  g_autoptr(GenkitModelCall) call = g_steal_pointer (&fixture->held_call);

  genkit_generate_response_set_message (response, message);
  genkit_generate_response_set_finish_reason (response, GENKIT_FINISH_REASON_STOP);
  genkit_model_call_return_response (call, response);
}

static void
test_model_chat (Fixture       *fixture,
                 gconstpointer  data)
{
  GenkitGenerateRequest *request;
  JsonArray *sent;

  g_test_summary ("A model is chatted with turn by turn: the chunk shows while the model still works, "
                  "and the studio sends the whole history with every request");

  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/model/scripted"));
  g_assert_null (studio_chat_pane_get_chat (fixture->pane));

  say (fixture, "Hi model");
  g_assert_true (studio_test_wait (call_held, fixture, 10000));
  g_assert_true (studio_test_wait (stream_shown, fixture, 10000));
  g_assert_true (studio_chat_pane_get_busy (fixture->pane));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  studio_test_save_png (GTK_WIDGET (fixture->window), "chat-streaming.png");
  release_call (fixture, "Streaming **now**, done.");
  wait_turn (fixture);
  g_assert_cmpstr (last_text (fixture), ==, "Streaming **now**, done.");

  say (fixture, "Once more");
  g_assert_true (studio_test_wait (call_held, fixture, 10000));
  request = genkit_programmable_model_get_last_request (fixture->scripted);
  sent = json_object_get_array_member (genkit_generate_request_get_json_object (request), "messages");
  g_assert_cmpuint (json_array_get_length (sent), ==, 3);
  g_assert_cmpstr (message_text (sent, 0), ==, "Hi model");
  g_assert_cmpstr (message_text (sent, 1), ==, "Streaming **now**, done.");
  g_assert_cmpstr (message_text (sent, 2), ==, "Once more");
  release_call (fixture, "Second answer");
  wait_turn (fixture);
  g_assert_cmpuint (json_array_get_length (studio_chat_pane_get_messages (fixture->pane)), ==, 4);

  /* Stop: the question goes back out of the history and the error says why. */
  say (fixture, "Never answered");
  g_assert_true (studio_test_wait (call_held, fixture, 10000));
  click (studio_test_find (GTK_WIDGET (fixture->pane), "stop_button"));
  wait_turn (fixture);
  g_clear_object (&fixture->held_call);
  g_assert_cmpuint (json_array_get_length (studio_chat_pane_get_messages (fixture->pane)), ==, 4);
  g_assert_nonnull (studio_chat_pane_get_error (fixture->pane));
}

static void
test_failed_turn (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) failure = g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "the model exploded");
  GenkitAgentChat *chat;
  g_autofree char *good = NULL;
  GtkWidget *list;
  GtkListBoxRow *failed_row = NULL;

  g_test_summary ("A failed turn shows its error, leaves the conversation at the last good snapshot, "
                  "and its failed snapshot is in the tree but cannot be continued");

  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/scriptedChat"));
  genkit_programmable_model_push_response_json (fixture->scripted,
                                                "{\"message\": {\"role\": \"model\", \"content\": [{\"text\": \"fine\"}]},"
                                                " \"finishReason\": \"stop\"}", NULL);
  genkit_programmable_model_push_error (fixture->scripted, g_error_copy (failure));
  say (fixture, "first");
  wait_turn (fixture);
  chat = studio_chat_pane_get_chat (fixture->pane);
  good = g_strdup (genkit_agent_chat_get_snapshot_id (chat));
  wait_snapshots (fixture, 1);

  say (fixture, "second");
  wait_turn (fixture);
  g_assert_nonnull (studio_chat_pane_get_error (fixture->pane));
  g_assert_nonnull (strstr (studio_chat_pane_get_error (fixture->pane), "the model exploded"));
  g_assert_cmpstr (genkit_agent_chat_get_snapshot_id (chat), ==, good);
  g_assert_cmpuint (json_array_get_length (studio_chat_pane_get_messages (fixture->pane)), ==, 2);
  wait_snapshots (fixture, 2);

  list = studio_test_find (GTK_WIDGET (fixture->pane), "snapshot_list");
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    if (GTK_IS_LIST_BOX_ROW (row) && g_strcmp0 (g_object_get_data (G_OBJECT (row), "snapshot-id"), good) != 0)
      failed_row = GTK_LIST_BOX_ROW (row);
  g_assert_nonnull (failed_row);
  click (studio_test_find (GTK_WIDGET (fixture->pane), "dismiss_button"));
  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  gtk_widget_activate (GTK_WIDGET (failed_row));
  g_assert_nonnull (studio_chat_pane_get_error (fixture->pane));
  g_assert_cmpstr (genkit_agent_chat_get_snapshot_id (chat), ==, good);
}

static gboolean
following (gpointer user_data)
{
  Fixture *fixture = user_data;

  return studio_chat_pane_get_background_snapshot (fixture->pane) != NULL;
}

static gboolean
not_following (gpointer user_data)
{
  return !following (user_data);
}

/* Types into the composer and clicks Send in Background; waits until the pane follows the
 * pending turn and the agent's model call is under way (held open by the test). */
static char *
detach_turn (Fixture    *fixture,
             const char *text)
{
  GtkTextView *input = GTK_TEXT_VIEW (studio_test_find (GTK_WIDGET (fixture->pane), "input_view"));
  GtkWidget *button = studio_test_find (GTK_WIDGET (fixture->pane), "background_button");

  g_assert_true (gtk_widget_get_visible (button));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (input), text, -1);
  click (button);
  g_assert_true (studio_test_wait (following, fixture, 20000));
  g_assert_true (studio_test_wait (call_held, fixture, 20000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  return g_strdup (studio_chat_pane_get_background_snapshot (fixture->pane));
}

/* Waits until the pane stopped following the detached turn and the chat is at @snapshot_id. */
static void
wait_settled (Fixture    *fixture,
              const char *snapshot_id)
{
  g_assert_true (studio_test_wait (not_following, fixture, 20000));
  g_object_set_data_full (G_OBJECT (fixture->pane), "test-wanted-snapshot", g_strdup (snapshot_id), g_free);
  g_assert_true (studio_test_wait (chat_at_snapshot, fixture, 20000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
test_detach (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *pending_id = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GenkitSessionSnapshot) pending = NULL;
  GtkWidget *turn;

  g_test_summary ("Send in Background runs a detached turn: the conversation shows it pending with its "
                  "snapshot id while the agent works on, the pane follows the snapshot, and once the "
                  "turn completes its reply is shown as any turn's");

  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/scriptedChat"));
  pending_id = detach_turn (fixture, "think it over");
  g_assert_false (studio_chat_pane_get_busy (fixture->pane));
  pending = read_snapshot (fixture, pending_id);
  g_assert_cmpint (genkit_session_snapshot_get_status (pending), ==, GENKIT_SNAPSHOT_STATUS_PENDING);

  turn = find_named (GTK_WIDGET (fixture->pane), "background_turn", FALSE);
  g_assert_nonnull (turn);
  g_assert_true (gtk_widget_get_mapped (turn));
  label = g_strdup_printf ("Running in the background · snapshot %.8s", pending_id);
  g_assert_true (studio_test_shows_label (turn, label));
  g_assert_cmpstr (last_text (fixture), ==, "think it over");
  /* A pending snapshot cannot be continued: the next turn waits. */
  g_assert_false (gtk_widget_get_sensitive (studio_test_find (GTK_WIDGET (fixture->pane), "send_button")));
  studio_test_save_png (GTK_WIDGET (fixture->window), "chat-detached.png");
  /* The snapshot tree lists the pending snapshot once the pane read it. */
  wait_snapshots (fixture, 1);
  g_assert_nonnull (snapshot_row (fixture, pending_id));

  release_call (fixture, "Thought it through");
  wait_settled (fixture, pending_id);
  g_assert_cmpstr (last_text (fixture), ==, "Thought it through");
  g_assert_null (find_named (GTK_WIDGET (fixture->pane), "background_turn", FALSE));
  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  g_assert_null (studio_chat_pane_get_background_note (fixture->pane));
  g_assert_true (gtk_widget_get_sensitive (studio_test_find (GTK_WIDGET (fixture->pane), "send_button")));
}

static void
test_detach_abort (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *good = NULL;
  g_autofree char *pending_id = NULL;
  g_autoptr(GenkitSessionSnapshot) aborted = NULL;
  GenkitAgentChat *chat;

  g_test_summary ("Abort on a detached turn aborts it through /agent-abort: the pane says so and the "
                  "conversation is back at the snapshot before the turn");

  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/scriptedChat"));
  genkit_programmable_model_push_response_json (fixture->scripted,
                                                "{\"message\": {\"role\": \"model\", \"content\": [{\"text\": \"fine\"}]},"
                                                " \"finishReason\": \"stop\"}", NULL);
  say (fixture, "first");
  wait_turn (fixture);
  chat = studio_chat_pane_get_chat (fixture->pane);
  good = g_strdup (genkit_agent_chat_get_snapshot_id (chat));
  g_assert_nonnull (good);

  pending_id = detach_turn (fixture, "never mind");
  click (find_named (GTK_WIDGET (fixture->pane), "abort_button", FALSE));
  wait_settled (fixture, good);

  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  g_assert_cmpstr (studio_chat_pane_get_background_note (fixture->pane), ==, "The background turn was aborted.");
  g_assert_true (studio_test_shows_label (GTK_WIDGET (fixture->pane), "The background turn was aborted."));
  studio_test_save_png (GTK_WIDGET (fixture->window), "chat-detach-aborted.png");
  g_assert_cmpuint (json_array_get_length (studio_chat_pane_get_messages (fixture->pane)), ==, 2);
  g_assert_cmpstr (last_text (fixture), ==, "fine");
  aborted = read_snapshot (fixture, pending_id);
  g_assert_cmpint (genkit_session_snapshot_get_status (aborted), ==, GENKIT_SNAPSHOT_STATUS_ABORTED);
  g_assert_nonnull (snapshot_row (fixture, pending_id));
}

static gboolean
error_shown (gpointer user_data)
{
  Fixture *fixture = user_data;

  return studio_chat_pane_get_error (fixture->pane) != NULL;
}

static void
test_detach_failed (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkTextView *input = GTK_TEXT_VIEW (studio_test_find (GTK_WIDGET (fixture->pane), "input_view"));

  g_test_summary ("A detached turn that fails shows the agent's error (status and message) where the "
                  "conversation is, and the pane stops following it");

  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/scriptedChat"));
  genkit_programmable_model_push_error (fixture->scripted,
                                        g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_RESOURCE_EXHAUSTED,
                                                             "the model is out of tokens"));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (input), "try anyway", -1);
  click (studio_test_find (GTK_WIDGET (fixture->pane), "background_button"));
  g_assert_true (studio_test_wait (error_shown, fixture, 20000));
  g_assert_true (studio_test_wait (not_following, fixture, 20000));
  g_assert_nonnull (strstr (studio_chat_pane_get_error (fixture->pane), "RESOURCE_EXHAUSTED"));
  g_assert_nonnull (strstr (studio_chat_pane_get_error (fixture->pane), "the model is out of tokens"));
  g_assert_true (gtk_widget_get_sensitive (studio_test_find (GTK_WIDGET (fixture->pane), "send_button")));
}

static void
test_detach_ponder (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *pending_id = NULL;
  g_autoptr(GenkitSessionSnapshot) aborted = NULL;

  g_test_summary ("The sample agent ponder takes its time: detached through the window's action and "
                  "aborted, its turn stops and the new session is empty again");

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "chat-with", g_variant_new_string ("/agent/ponder"));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "chat-send-background",
                                  g_variant_new_string ("Is it worth it?"));
  g_assert_true (studio_test_wait (following, fixture, 20000));
  pending_id = g_strdup (studio_chat_pane_get_background_snapshot (fixture->pane));
  click (find_named (GTK_WIDGET (fixture->pane), "abort_button", FALSE));
  g_assert_true (studio_test_wait (not_following, fixture, 20000));
  g_assert_cmpstr (studio_chat_pane_get_background_note (fixture->pane), ==, "The background turn was aborted.");
  g_assert_null (studio_chat_pane_get_error (fixture->pane));
  /* The session's first turn: there is nothing before it, so the chat starts afresh. */
  g_assert_null (genkit_agent_chat_get_snapshot_id (studio_chat_pane_get_chat (fixture->pane)));
  g_assert_cmpuint (json_array_get_length (studio_chat_pane_get_messages (fixture->pane)), ==, 0);
  aborted = read_snapshot (fixture, pending_id);
  g_assert_cmpint (genkit_session_snapshot_get_status (aborted), ==, GENKIT_SNAPSHOT_STATUS_ABORTED);
}

static void
test_detach_leave (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *pending_id = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GenkitAgentChat *chat;

  g_test_summary ("A new conversation stops following a detached turn: the pending turn leaves the "
                  "conversation and the composer can send again");

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "chat-with", g_variant_new_string ("/agent/ponder"));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "chat-send-background",
                                  g_variant_new_string ("Take your time"));
  g_assert_true (studio_test_wait (following, fixture, 20000));
  g_assert_nonnull (find_named (GTK_WIDGET (fixture->pane), "background_turn", FALSE));
  pending_id = g_strdup (studio_chat_pane_get_background_snapshot (fixture->pane));

  click (studio_test_find (GTK_WIDGET (fixture->pane), "new_button"));
  g_assert_null (studio_chat_pane_get_background_snapshot (fixture->pane));
  g_assert_null (find_named (GTK_WIDGET (fixture->pane), "background_turn", FALSE));
  g_assert_null (genkit_agent_chat_get_snapshot_id (studio_chat_pane_get_chat (fixture->pane)));
  g_assert_true (gtk_widget_get_sensitive (studio_test_find (GTK_WIDGET (fixture->pane), "send_button")));
  g_assert_true (gtk_widget_get_sensitive (studio_test_find (GTK_WIDGET (fixture->pane), "background_button")));

  /* The turn still runs on the agent's side: stop it, as the user would from another chat. */
  chat = studio_chat_pane_get_chat (fixture->pane);
  genkit_agent_chat_abort_async (chat, pending_id, NULL, studio_test_store_result_cb, &result);
  g_assert_cmpint (genkit_agent_chat_abort_finish (chat, studio_test_wait_result (&result), &error), ==,
                   GENKIT_SNAPSHOT_STATUS_PENDING);
  g_assert_no_error (error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
test_detach_hidden (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *button = studio_test_find (GTK_WIDGET (fixture->pane), "background_button");

  g_test_summary ("Send in Background is offered only for server-managed agents that can abort");

  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/scratchpad"));
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/model/echo"));
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_true (studio_chat_pane_set_target (fixture->pane, "/agent/chat"));
  g_assert_true (gtk_widget_get_visible (button));
}

static void
test_message_parts (void)
{
  g_autoptr(JsonNode) node = json_from_string (
    "{\"role\": \"model\", \"content\": ["
    " {\"text\": \"# Title\\n\\nSome **bold** text\"},"
    " {\"media\": {\"contentType\": \"image/png\", \"url\": \"data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\"}},"
    " {\"media\": {\"contentType\": \"image/jpeg\", \"url\": \"https://example.com/cat.jpg\"}},"
    " {\"media\": {\"contentType\": \"image/png\", \"url\": \"data:image/png;base64,bm90IGFuIGltYWdl\"}},"
    " {\"toolRequest\": {\"name\": \"add\", \"ref\": \"r1\", \"input\": {\"a\": 1}}},"
    " {\"toolResponse\": {\"name\": \"add\", \"ref\": \"r1\", \"output\": 3}},"
    " {\"data\": {\"k\": [1, 2]}},"
    " {\"text\": 7}]}", NULL);
  GtkWidget *view = g_object_ref_sink (studio_chat_message_new (json_node_get_object (node)));
  GtkWidget *link = studio_test_find_type (view, GTK_TYPE_LINK_BUTTON);

  g_test_summary ("A message shows text as Markdown, an inline image, a link for remote media, a note "
                  "for media it cannot show, tool calls and answers, data; odd parts do not break it");

  g_assert_cmpstr (studio_chat_message_get_role (STUDIO_CHAT_MESSAGE (view)), ==, "model");
  g_assert_nonnull (studio_test_find_type (view, g_type_from_name ("StudioMarkdownView")));
  g_assert_nonnull (studio_test_find_type (view, GTK_TYPE_PICTURE));
  g_assert_nonnull (link);
  g_assert_cmpstr (gtk_link_button_get_uri (GTK_LINK_BUTTON (link)), ==, "https://example.com/cat.jpg");
  g_object_unref (view);
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  g_test_add_func ("/chat/message-parts", test_message_parts);
  ADD ("/chat/agent-turns", test_agent_turns);
  ADD ("/chat/reopen-session", test_reopen_session);
  ADD ("/chat/model", test_model_chat);
  ADD ("/chat/failed-turn", test_failed_turn);
  ADD ("/chat/sessions-from-traces", test_sessions_from_traces);
  ADD ("/chat/remote-runtime", test_remote_runtime);
  ADD ("/chat/client-managed", test_client_managed);
  ADD ("/chat/detach", test_detach);
  ADD ("/chat/detach-abort", test_detach_abort);
  ADD ("/chat/detach-failed", test_detach_failed);
  ADD ("/chat/detach-ponder", test_detach_ponder);
  ADD ("/chat/detach-leave", test_detach_leave);
  ADD ("/chat/detach-hidden", test_detach_hidden);
#undef ADD

  return g_test_run ();
}
