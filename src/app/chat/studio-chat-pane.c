/* studio-chat-pane.c — a conversation with an agent or a model of the current runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-chat-message.h"
#include "studio-chat-pane.h"
#include "studio-markdown-view.h"
#include "studio-util.h"

/**
 * StudioChatPane:
 *
 * The studio's chat: a conversation with any agent (`/agent/<name>`) or model
 * (`/model/<name>`) of the current runtime, built in or remote, the way Genkit's Dev UI
 * chats with agents.
 *
 * With an agent, a [class@Genkit.AgentChat] runs the turns: model chunks stream into a
 * pending reply as they come, custom-state patches (`customPatch`, JSON Patch) update the
 * state shown beside the conversation, and the answer brings the messages, the artifacts and
 * the new snapshot. Tool calls are shown inline; an interrupted turn shows an answer form
 * under each interrupt (respond with a value, or restart the tool) and resumes the turn.
 *
 * Server-managed agents keep snapshots: the pane reads them with `/agent-snapshot/<name>`
 * (the turn's own, then its ancestors) and shows the session's snapshot tree — activating a
 * snapshot continues from it, and "Regenerate" on a reply sends the turn's message again
 * from the snapshot before it, which makes a branch. The sessions list groups every
 * snapshot the pane knows by session id; "Look for Sessions" finds the agent's other
 * sessions in the studio's traces (the agent span's `genkit:metadata:agent:sessionId`).
 *
 * A server-managed agent that can abort (`metadata.agent.abortable`) also takes turns in the
 * background ("Send in Background", `detach: true`): the conversation shows the pending turn
 * with its snapshot id and an Abort button (`/agent-abort/<name>`), and the pane reads the
 * snapshot (every second at first, less often as the turn goes on) until the turn completes
 * (then shown as any turn), fails or is aborted (then the conversation is back at the
 * snapshot before it).
 *
 * With a model there is no session: the pane keeps the history itself and sends it whole
 * with every request, streaming the answer.
 *
 * Each turn's trace opens through the window's `win.open-trace` action.
 */
struct _StudioChatPane
{
  StudioPane         parent_instance;

  /* Template children */
  GtkDropDown       *target_dropdown;
  GtkStringList     *target_labels;
  GtkLabel          *session_label;
  GtkButton         *trace_button;
  GtkButton         *new_button;
  GtkStack          *conversation_stack;
  GtkScrolledWindow *scroller;
  GtkBox            *message_box;
  GtkRevealer       *error_revealer;
  GtkLabel          *error_label;
  GtkTextView       *input_view;
  GtkSpinner        *spinner;
  GtkButton         *stop_button;
  GtkButton         *background_button;
  GtkButton         *send_button;
  GtkLabel          *state_label;
  GtkLabel          *patch_label;
  GtkBox            *artifacts_box;
  GtkListBox        *snapshot_list;
  GtkListBox        *session_list;

  /* Owned */
  GPtrArray         *target_keys;      /* char *, in the dropdown's order */
  JsonObject        *actions;          /* key → descriptor */
  gboolean           filling_targets;
  char              *target;
  GCancellable      *list_cancellable;
  GCancellable      *turn_cancellable;
  GCancellable      *history_cancellable;

  GenkitAgentChat   *chat;             /* an agent target */
  JsonArray         *model_messages;   /* a model target */
  gboolean           model_busy;

  GtkWidget         *stream_widget;    /* the pending reply, while a turn streams */
  StudioMarkdownView *stream_view;
  GString           *stream_text;

  GHashTable        *snapshots;        /* snapshot id → GenkitSessionSnapshot */
  GHashTable        *traced_sessions;  /* session id → NULL, found in the traces */
  GHashTable        *turn_traces;      /* snapshot id or "#<n messages>" → trace id */
  GHashTable        *decisions;        /* interrupt ref → Part (toolResponse or toolRequest) */
  char              *last_trace_id;
  char              *turn_end_snapshot; /* the snapshot the running turn wrote (`turnEnd`) */
  JsonArray         *stream_artifacts;  /* the artifacts with those streamed in the running turn */
  guint              n_sessions;

  gboolean           abortable;          /* a server-managed agent that runs detached turns */
  char              *background_id;      /* the detached turn's pending snapshot, followed */
  GCancellable      *background_cancellable;
  guint              background_poll;    /* the next read of that snapshot */
  guint              background_interval; /* ms until that read */
  GtkWidget         *background_widget;  /* the pending turn in the conversation */
  GtkWidget         *abort_button;       /* in background_widget */
  char              *background_note;    /* how the last detached turn ended, if not as a reply */
};

G_DEFINE_FINAL_TYPE (StudioChatPane, studio_chat_pane, STUDIO_TYPE_PANE)

static void     rebuild_messages    (StudioChatPane *self);
static gboolean is_blank            (const char     *text);
static void     stop_background     (StudioChatPane *self);
static void     set_background_note (StudioChatPane *self,
                                     const char     *note);
static void     refresh_history     (StudioChatPane *self);
static void     fetch_chain         (StudioChatPane *self,
                                     const char     *snapshot_id,
                                     const char     *session_id);

/* Small helpers ----------------------------------------------------------------------------- */

static gboolean
is_agent (StudioChatPane *self)
{
  return self->chat != NULL;
}

static gboolean
is_busy (StudioChatPane *self)
{
  return self->chat != NULL ? genkit_agent_chat_get_busy (self->chat) : self->model_busy;
}

/* The conversation shown: a server-managed agent's current snapshot once it was read (the
 * chat only adds the reply of a turn; the snapshot also has the tool messages of the turn),
 * else what the chat tracks; the studio's own history for a model. */
static JsonArray *
current_messages (StudioChatPane *self)
{
  const char *snapshot_id;
  GenkitSessionSnapshot *snapshot;

  if (self->chat == NULL)
    return self->model_messages;
  snapshot_id = genkit_agent_chat_get_snapshot_id (self->chat);
  if (!is_busy (self) && snapshot_id != NULL &&
      (snapshot = g_hash_table_lookup (self->snapshots, snapshot_id)) != NULL &&
      genkit_session_snapshot_get_status (snapshot) != GENKIT_SNAPSHOT_STATUS_PENDING &&
      genkit_session_snapshot_get_messages (snapshot) != NULL)
    return genkit_session_snapshot_get_messages (snapshot);
  return genkit_agent_chat_get_messages (self->chat);
}

static JsonObject *
user_message_new (const char *text)
{
  JsonObject *message = json_object_new ();
  JsonArray *content = json_array_new ();
  JsonObject *part = json_object_new ();

  json_object_set_string_member (message, "role", "user");
  json_object_set_string_member (part, "text", text);
  json_array_add_object_element (content, part);
  json_object_set_array_member (message, "content", content);
  return message;
}

static JsonObject *
object_copy (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autoptr(JsonNode) copy = json_node_copy (node);

  return json_object_ref (json_node_get_object (copy));
}

/* The first characters of a message's text, for the snapshot tree. */
static char *
message_preview (JsonArray *messages)
{
  guint n = messages ? json_array_get_length (messages) : 0;
  g_autoptr(GString) text = g_string_new (NULL);
  JsonArray *content;

  if (n == 0)
    return g_strdup (_("No messages"));
  content = studio_json_get_array (json_array_get_object_element (messages, n - 1), "content");
  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);

      if (part != NULL && json_object_has_member (part, "text"))
        g_string_append (text, studio_json_get_string (part, "text", ""));
      else if (part != NULL && json_object_has_member (part, "toolRequest"))
        g_string_append (text, "⚙");
    }
  g_strdelimit (text->str, "\n", ' ');
  if (g_utf8_strlen (text->str, -1) > 60)
    {
      g_autofree char *cut = g_utf8_substring (text->str, 0, 60);

      return g_strconcat (cut, "…", NULL);
    }
  return g_strdup (text->str);
}

static char *
short_id (const char *id)
{
  return g_utf8_substring (id, 0, MIN (g_utf8_strlen (id, -1), 8));
}

static void
show_error (StudioChatPane *self,
            const GError   *error)
{
  g_autofree char *prefix = g_strconcat (studio_error_status_name (error), ": ", NULL);
  /* A runtime's error message often says its status already ("INTERNAL: …"). */
  g_autofree char *text = g_str_has_prefix (error->message, prefix) ? g_strdup (error->message)
                                                                    : studio_error_describe (error);

  gtk_label_set_text (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
clear_error (StudioChatPane *self)
{
  gtk_label_set_text (self->error_label, "");
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
}

static void
open_trace (StudioChatPane *self,
            const char     *trace_id)
{
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "win.open-trace", "s", trace_id))
    studio_widget_add_toast (GTK_WIDGET (self), _("This window cannot open traces"));
}

/* The parts beside the conversation -------------------------------------------------------- */

static void
update_busy (StudioChatPane *self)
{
  gboolean busy = is_busy (self);
  gboolean following = self->background_id != NULL;

  /* A pending snapshot cannot be continued: the next turn waits for the detached one. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->send_button), !busy && !following && self->target != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->stop_button), busy);
  gtk_widget_set_visible (GTK_WIDGET (self->background_button), self->abortable && !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->background_button), !following);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->target_dropdown), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->new_button), !busy && self->target != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->snapshot_list), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->session_list), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->trace_button), self->last_trace_id != NULL);
}

static void
update_session_label (StudioChatPane *self)
{
  g_autofree char *text = NULL;

  if (self->target == NULL)
    text = g_strdup ("");
  else if (!is_agent (self))
    /* Translators: %u is a number of messages */
    text = g_strdup_printf (ngettext ("History kept by the studio: %u message",
                                      "History kept by the studio: %u messages",
                                      json_array_get_length (self->model_messages)),
                            json_array_get_length (self->model_messages));
  else if (genkit_agent_chat_get_state_management (self->chat) == GENKIT_STATE_MANAGEMENT_CLIENT)
    text = g_strdup (_("Client-managed state: the studio sends it with every turn"));
  else if (genkit_agent_chat_get_session_id (self->chat) != NULL)
    /* Translators: the ids of an agent's session and of its current snapshot */
    text = g_strdup_printf (_("Session %s · snapshot %s"), genkit_agent_chat_get_session_id (self->chat),
                            genkit_agent_chat_get_snapshot_id (self->chat) ? genkit_agent_chat_get_snapshot_id (self->chat) : "—");
  else
    text = g_strdup (_("New session"));
  gtk_label_set_text (self->session_label, text);
}

static void
update_state (StudioChatPane *self)
{
  JsonNode *custom = self->chat ? genkit_agent_chat_get_custom (self->chat) : NULL;
  g_autofree char *json = custom ? studio_json_to_pretty_string (custom) : NULL;

  if (self->chat == NULL)
    gtk_label_set_text (self->state_label, _("A model has no session state."));
  else
    gtk_label_set_text (self->state_label, json ? json : _("None yet"));
}

/* An `artifact` chunk: it replaces the artifact of the same name, as the turn's answer will. */
static void
stream_artifact (StudioChatPane *self,
                 JsonObject     *artifact)
{
  const char *name = studio_json_get_string (artifact, "name", NULL);
  JsonArray *artifacts = self->stream_artifacts ? self->stream_artifacts : genkit_agent_chat_get_artifacts (self->chat);
  JsonArray *merged = json_array_new ();
  gboolean replaced = FALSE;

  for (guint i = 0; i < json_array_get_length (artifacts); i++)
    {
      JsonObject *existing = json_array_get_object_element (artifacts, i);

      if (name != NULL && existing != NULL && g_strcmp0 (studio_json_get_string (existing, "name", NULL), name) == 0)
        {
          json_array_add_object_element (merged, object_copy (artifact));
          replaced = TRUE;
        }
      else
        json_array_add_element (merged, json_node_copy (json_array_get_element (artifacts, i)));
    }
  if (!replaced)
    json_array_add_object_element (merged, object_copy (artifact));
  g_clear_pointer (&self->stream_artifacts, json_array_unref);
  self->stream_artifacts = merged;
}

static void
update_artifacts (StudioChatPane *self)
{
  JsonArray *artifacts = self->chat ? genkit_agent_chat_get_artifacts (self->chat) : NULL;
  GtkWidget *child;

  if (self->stream_artifacts != NULL && is_busy (self))
    artifacts = self->stream_artifacts;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->artifacts_box))) != NULL)
    gtk_box_remove (self->artifacts_box, child);
  for (guint i = 0; artifacts != NULL && i < json_array_get_length (artifacts); i++)
    {
      JsonObject *artifact = json_array_get_object_element (artifacts, i);
      JsonArray *parts = artifact ? studio_json_get_array (artifact, "parts") : NULL;
      GtkWidget *name;

      if (parts == NULL)
        continue;
      name = gtk_label_new (studio_json_get_string (artifact, "name", _("Unnamed")));
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_add_css_class (name, "caption-heading");
      gtk_box_append (self->artifacts_box, name);
      gtk_box_append (self->artifacts_box, studio_chat_parts_new (parts));
    }
  if (gtk_widget_get_first_child (GTK_WIDGET (self->artifacts_box)) == NULL)
    {
      GtkWidget *none = gtk_label_new (_("None yet"));

      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (self->artifacts_box, none);
    }
}

/* Streaming -------------------------------------------------------------------------------- */

static void
start_stream (StudioChatPane *self)
{
  GtkWidget *header = gtk_label_new (_("Model"));

  g_clear_object (&self->stream_widget);
  self->stream_widget = g_object_ref_sink (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_add_css_class (self->stream_widget, "card");
  gtk_widget_add_css_class (self->stream_widget, "chat-model");
  gtk_widget_add_css_class (self->stream_widget, "chat-streaming");
  gtk_widget_set_margin_end (self->stream_widget, 48);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_box_append (GTK_BOX (self->stream_widget), header);
  self->stream_view = STUDIO_MARKDOWN_VIEW (studio_chat_text_new (""));
  gtk_box_append (GTK_BOX (self->stream_widget), GTK_WIDGET (self->stream_view));
  g_string_truncate (self->stream_text, 0);
  gtk_box_append (self->message_box, self->stream_widget);
  gtk_stack_set_visible_child_name (self->conversation_stack, "conversation");
}

static void
end_stream (StudioChatPane *self)
{
  if (self->stream_widget != NULL && gtk_widget_get_parent (self->stream_widget) != NULL)
    gtk_box_remove (self->message_box, self->stream_widget);
  g_clear_object (&self->stream_widget);
  self->stream_view = NULL;
}

/* A `GenerateResponseChunk` of the model: its text joins the pending reply. */
static void
stream_model_chunk (StudioChatPane *self,
                    JsonNode       *chunk)
{
  g_autofree char *text = studio_chunk_dup_text (chunk);
  const char *role = JSON_NODE_HOLDS_OBJECT (chunk)
                     ? studio_json_get_string (json_node_get_object (chunk), "role", "model")
                     : "model";

  if (self->stream_view == NULL || text == NULL || *text == '\0' || g_strcmp0 (role, "model") != 0)
    return;
  g_string_append (self->stream_text, text);
  studio_markdown_view_set_markdown (self->stream_view, self->stream_text->str);
}

static void
agent_chunk_cb (StudioChatPane  *self,
                JsonObject      *chunk,
                GenkitAgentChat *chat)
{
  JsonNode *member;

  if ((member = json_object_get_member (chunk, "modelChunk")) != NULL)
    stream_model_chunk (self, member);
  if ((member = json_object_get_member (chunk, "artifact")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      stream_artifact (self, json_node_get_object (member));
      update_artifacts (self);
    }
  if ((member = json_object_get_member (chunk, "turnEnd")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    {
      /* A failed turn leaves the chat at the last good snapshot: this is how the failed one
       * gets into the tree. */
      g_free (self->turn_end_snapshot);
  g_clear_pointer (&self->stream_artifacts, json_array_unref);
      self->turn_end_snapshot = g_strdup (studio_json_get_string (json_node_get_object (member), "snapshotId", NULL));
    }
  if ((member = json_object_get_member (chunk, "customPatch")) != NULL)
    {
      g_autofree char *patch = studio_json_to_compact_string (member);
      /* Translators: %s is a JSON Patch that changed the agent's custom state */
      g_autofree char *text = g_strdup_printf (_("Last patch: %s"), patch);

      gtk_label_set_text (self->patch_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->patch_label), TRUE);
    }
}

/* Interrupts ------------------------------------------------------------------------------- */

static const char *
tool_request_ref (JsonObject *tool_request)
{
  const char *ref = studio_json_get_string (tool_request, "ref", NULL);

  return ref ? ref : studio_json_get_string (tool_request, "name", "");
}

/* Whether the conversation waits for interrupts to be answered: the current snapshot ended
 * interrupted (also one opened from the tree), or, without snapshots, the last turn did. */
static gboolean
turn_is_interrupted (StudioChatPane *self)
{
  const char *snapshot_id = self->chat ? genkit_agent_chat_get_snapshot_id (self->chat) : NULL;
  GenkitSessionSnapshot *snapshot = snapshot_id ? g_hash_table_lookup (self->snapshots, snapshot_id) : NULL;
  JsonObject *output = self->chat ? genkit_agent_chat_get_last_output (self->chat) : NULL;

  if (self->chat == NULL || is_busy (self))
    return FALSE;
  if (snapshot != NULL)
    return g_strcmp0 (genkit_session_snapshot_get_finish_reason (snapshot), "interrupted") == 0;
  return g_strcmp0 (studio_json_get_string (output, "finishReason", NULL), "interrupted") == 0;
}

static gboolean
part_is_interrupt (JsonObject *part)
{
  JsonObject *metadata = studio_json_get_object (part, "metadata");
  JsonNode *interrupt = metadata ? json_object_get_member (metadata, "interrupt") : NULL;

  if (interrupt == NULL || JSON_NODE_HOLDS_NULL (interrupt))
    return FALSE;
  return !(JSON_NODE_HOLDS_VALUE (interrupt) && json_node_get_value_type (interrupt) == G_TYPE_BOOLEAN &&
           !json_node_get_boolean (interrupt));
}

static void agent_send (StudioChatPane *self,
                        JsonObject     *input);

static void
resume_clicked_cb (GtkButton      *button,
                   StudioChatPane *self)
{
  g_autoptr(JsonObject) input = json_object_new ();
  JsonObject *resume = json_object_new ();
  JsonArray *respond = json_array_new ();
  JsonArray *restart = json_array_new ();
  GHashTableIter iter;
  gpointer part;

  g_hash_table_iter_init (&iter, self->decisions);
  while (g_hash_table_iter_next (&iter, NULL, &part))
    json_array_add_object_element (json_object_has_member (part, "toolResponse") ? respond : restart,
                                   object_copy (part));
  if (json_array_get_length (respond) > 0)
    json_object_set_array_member (resume, "respond", respond);
  else
    json_array_unref (respond);
  if (json_array_get_length (restart) > 0)
    json_object_set_array_member (resume, "restart", restart);
  else
    json_array_unref (restart);
  json_object_set_object_member (input, "resume", resume);
  agent_send (self, input);
}

/* The answer typed for an interrupt: JSON when it parses, else the text as a string. */
static JsonNode *
parse_answer (const char *text)
{
  JsonNode *node = genkit_json_parse (text, -1, NULL);

  if (node == NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
    }
  return node;
}

static void
decide_interrupt (StudioChatPane *self,
                  GtkWidget      *button,
                  gboolean        restart)
{
  JsonObject *tool_request = g_object_get_data (G_OBJECT (button), "tool-request");
  GtkEditable *entry = g_object_get_data (G_OBJECT (button), "answer-entry");
  JsonObject *part = json_object_new ();

  if (restart)
    {
      JsonObject *metadata = json_object_new ();

      json_object_set_object_member (part, "toolRequest", object_copy (tool_request));
      json_object_set_boolean_member (metadata, "resumed", TRUE);
      json_object_set_object_member (part, "metadata", metadata);
    }
  else
    {
      JsonObject *response = json_object_new ();

      json_object_set_string_member (response, "name", studio_json_get_string (tool_request, "name", ""));
      if (json_object_has_member (tool_request, "ref"))
        json_object_set_string_member (response, "ref", studio_json_get_string (tool_request, "ref", ""));
      json_object_set_member (response, "output", parse_answer (gtk_editable_get_text (entry)));
      json_object_set_object_member (part, "toolResponse", response);
    }
  g_hash_table_replace (self->decisions, g_strdup (tool_request_ref (tool_request)), part);
  rebuild_messages (self);
}

static void
respond_clicked_cb (GtkButton      *button,
                    StudioChatPane *self)
{
  decide_interrupt (self, GTK_WIDGET (button), FALSE);
}

static void
restart_clicked_cb (GtkButton      *button,
                    StudioChatPane *self)
{
  decide_interrupt (self, GTK_WIDGET (button), TRUE);
}

static void
answer_activate_cb (GtkEntry  *entry,
                    GtkButton *respond)
{
  g_signal_emit_by_name (respond, "clicked");
}

/* The form under an interrupted tool request: an answer, Respond, Restart. */
static GtkWidget *
interrupt_form_new (StudioChatPane *self,
                    JsonObject     *tool_request)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  JsonObject *decision = g_hash_table_lookup (self->decisions, tool_request_ref (tool_request));
  GtkWidget *entry;
  GtkWidget *respond;
  GtkWidget *restart;

  gtk_widget_add_css_class (box, "chat-interrupt");
  if (decision != NULL)
    {
      JsonObject *response = studio_json_get_object (decision, "toolResponse");
      g_autofree char *output = response ? studio_json_to_compact_string (json_object_get_member (response, "output")) : NULL;
      /* Translators: %s is the answer (JSON) given to an interrupted tool call */
      g_autofree char *text = response ? g_strdup_printf (_("Answer: %s"), output) : g_strdup (_("The tool runs again"));
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "success");
      gtk_box_append (GTK_BOX (box), label);
      return box;
    }

  entry = gtk_entry_new ();
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Answer (JSON or text)"));
  gtk_widget_set_name (entry, "interrupt-answer");
  respond = gtk_button_new_with_label (_("Respond"));
  gtk_widget_set_name (respond, "interrupt-respond");
  gtk_widget_set_tooltip_text (respond, _("Answer the tool call with this value"));
  restart = gtk_button_new_with_label (_("Restart"));
  gtk_widget_set_name (restart, "interrupt-restart");
  gtk_widget_set_tooltip_text (restart, _("Run the tool again with the same input"));
  for (GtkWidget *button = respond; button != NULL; button = button == respond ? restart : NULL)
    {
      g_object_set_data_full (G_OBJECT (button), "tool-request", json_object_ref (tool_request),
                              (GDestroyNotify) json_object_unref);
      g_object_set_data (G_OBJECT (button), "answer-entry", entry);
    }
  g_signal_connect (respond, "clicked", G_CALLBACK (respond_clicked_cb), self);
  g_signal_connect (restart, "clicked", G_CALLBACK (restart_clicked_cb), self);
  g_signal_connect (entry, "activate", G_CALLBACK (answer_activate_cb), respond);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), respond);
  gtk_box_append (GTK_BOX (box), restart);
  return box;
}

/* Under each interrupt of the interrupted reply its form; a Resume button once all have an
 * answer. */
static void
add_interrupt_controls (StudioChatPane    *self,
                        StudioChatMessage *view)
{
  JsonArray *content = studio_json_get_array (studio_chat_message_get_message (view), "content");
  guint n_interrupts = 0;
  guint n_decided = 0;
  GtkWidget *resume;

  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);
      JsonObject *tool_request = part ? studio_json_get_object (part, "toolRequest") : NULL;

      if (tool_request == NULL || !part_is_interrupt (part))
        continue;
      n_interrupts++;
      n_decided += g_hash_table_contains (self->decisions, tool_request_ref (tool_request));
      studio_chat_message_add_after_part (view, i, interrupt_form_new (self, tool_request));
    }
  if (n_interrupts == 0)
    return;
  resume = gtk_button_new_with_label (_("Resume"));
  gtk_widget_set_name (resume, "interrupt-resume");
  gtk_widget_set_tooltip_text (resume, _("Continue the turn with these answers"));
  gtk_widget_add_css_class (resume, "suggested-action");
  gtk_widget_set_sensitive (resume, n_decided == n_interrupts);
  g_signal_connect (resume, "clicked", G_CALLBACK (resume_clicked_cb), self);
  studio_chat_message_add_footer (view, resume);
}

/* The conversation ------------------------------------------------------------------------- */

static void regenerate_clicked_cb (GtkButton      *button,
                                   StudioChatPane *self);

static void
trace_clicked_cb (GtkButton      *button,
                  StudioChatPane *self)
{
  open_trace (self, g_object_get_data (G_OBJECT (button), "trace-id"));
}

/* Message count → snapshot id along the current snapshot's ancestry, as far as known. */
static GHashTable *
turn_boundaries (StudioChatPane *self)
{
  GHashTable *boundaries = g_hash_table_new (NULL, NULL);
  const char *id = self->chat ? genkit_agent_chat_get_snapshot_id (self->chat) : NULL;
  GenkitSessionSnapshot *snapshot;

  while (id != NULL && (snapshot = g_hash_table_lookup (self->snapshots, id)) != NULL)
    {
      JsonArray *messages = genkit_session_snapshot_get_messages (snapshot);

      g_hash_table_insert (boundaries, GUINT_TO_POINTER (messages ? json_array_get_length (messages) : 0),
                           (gpointer) genkit_session_snapshot_get_snapshot_id (snapshot));
      id = genkit_session_snapshot_get_parent_id (snapshot);
    }
  return boundaries;
}

static void
add_footer_button (StudioChatMessage *view,
                   const char        *label,
                   const char        *tooltip,
                   const char        *name,
                   GCallback          callback,
                   gpointer           user_data,
                   const char        *data_key,
                   gpointer           data,
                   GDestroyNotify     destroy)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_name (button, name);
  g_object_set_data_full (G_OBJECT (button), data_key, data, destroy);
  g_signal_connect (button, "clicked", callback, user_data);
  studio_chat_message_add_footer (view, button);
}

/* The controls of the reply that ended a turn: its snapshot, regenerate, its trace. */
static void
add_turn_controls (StudioChatPane    *self,
                   StudioChatMessage *view,
                   JsonArray         *messages,
                   guint              end,
                   GHashTable        *boundaries)
{
  const char *snapshot_id = g_hash_table_lookup (boundaries, GUINT_TO_POINTER (end));
  g_autofree char *count_key = g_strdup_printf ("#%u", end);
  const char *trace_id = g_hash_table_lookup (self->turn_traces, snapshot_id ? snapshot_id : count_key);
  gboolean can_regenerate = FALSE;
  guint start = 0;
  const char *parent_id = NULL;

  if (snapshot_id != NULL)
    {
      GenkitSessionSnapshot *snapshot = g_hash_table_lookup (self->snapshots, snapshot_id);
      GenkitSessionSnapshot *parent;
      g_autofree char *short_snapshot = short_id (snapshot_id);
      /* Translators: %s is the first characters of a snapshot id */
      g_autofree char *text = g_strdup_printf (_("Snapshot %s"), short_snapshot);
      GtkWidget *label = gtk_label_new (text);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_set_tooltip_text (label, snapshot_id);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      studio_chat_message_add_footer (view, label);

      parent_id = genkit_session_snapshot_get_parent_id (snapshot);
      parent = parent_id ? g_hash_table_lookup (self->snapshots, parent_id) : NULL;
      if (parent_id == NULL || parent != NULL)
        {
          JsonArray *before = parent ? genkit_session_snapshot_get_messages (parent) : NULL;

          start = before ? json_array_get_length (before) : 0;
          can_regenerate = TRUE;
        }
    }
  else if (!is_agent (self))
    {
      /* A model: the turn began at the last user message before the reply. */
      for (start = end - 1; start > 0 && g_strcmp0 (studio_json_get_string (
                                           json_array_get_object_element (messages, start), "role", ""), "user") != 0;)
        start--;
      can_regenerate = TRUE;
    }

  if (can_regenerate && start < end &&
      g_strcmp0 (studio_json_get_string (json_array_get_object_element (messages, start), "role", ""),
                 "user") == 0)
    {
      GtkWidget *button;

      add_footer_button (view, _("Regenerate"), _("Send this turn's message again from the point before it (a branch)"),
                         "regenerate", G_CALLBACK (regenerate_clicked_cb), self, "message",
                         json_object_ref (json_array_get_object_element (messages, start)),
                         (GDestroyNotify) json_object_unref);
      button = gtk_widget_get_last_child (gtk_widget_get_last_child (GTK_WIDGET (view)));
      g_object_set_data_full (G_OBJECT (button), "parent-id", g_strdup (parent_id), g_free);
      g_object_set_data (G_OBJECT (button), "start", GUINT_TO_POINTER (start));
    }
  if (trace_id != NULL)
    add_footer_button (view, _("Trace"), _("Open the trace of this turn"), "turn-trace",
                       G_CALLBACK (trace_clicked_cb), self, "trace-id", g_strdup (trace_id), g_free);
}

static void
rebuild_messages (StudioChatPane *self)
{
  JsonArray *messages = current_messages (self);
  guint n = messages ? json_array_get_length (messages) : 0;
  g_autoptr(GHashTable) boundaries = turn_boundaries (self);
  gboolean interrupted = turn_is_interrupted (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->message_box))) != NULL)
    gtk_box_remove (self->message_box, child);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      GtkWidget *view;

      if (message == NULL)
        continue;
      view = studio_chat_message_new (message);
      /* The user's messages are set off to the right, the others to the left. */
      if (g_strcmp0 (studio_json_get_string (message, "role", ""), "user") == 0)
        gtk_widget_set_margin_start (view, 96);
      else
        gtk_widget_set_margin_end (view, 48);
      if (!is_busy (self) && self->background_id == NULL &&
          g_strcmp0 (studio_chat_message_get_role (STUDIO_CHAT_MESSAGE (view)), "model") == 0)
        {
          if (interrupted && i == n - 1)
            add_interrupt_controls (self, STUDIO_CHAT_MESSAGE (view));
          else if (i == n - 1 || g_hash_table_contains (boundaries, GUINT_TO_POINTER (i + 1)))
            add_turn_controls (self, STUDIO_CHAT_MESSAGE (view), messages, i + 1, boundaries);
        }
      gtk_box_append (self->message_box, view);
    }
  if (self->stream_widget != NULL)
    gtk_box_append (self->message_box, self->stream_widget);
  if (self->background_widget != NULL)
    gtk_box_append (self->message_box, self->background_widget);
  if (self->background_note != NULL)
    {
      GtkWidget *note = gtk_label_new (self->background_note);

      gtk_widget_set_name (note, "background_note");
      gtk_label_set_wrap (GTK_LABEL (note), TRUE);
      gtk_widget_add_css_class (note, "dim-label");
      gtk_box_append (self->message_box, note);
    }
  gtk_stack_set_visible_child_name (self->conversation_stack,
                                    n > 0 || self->stream_widget != NULL || self->background_widget != NULL ||
                                    self->background_note != NULL ? "conversation" : "empty");
  update_session_label (self);
}

/* Agent turns ------------------------------------------------------------------------------ */

static void
agent_turn_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(StudioChatPane) self = user_data;
  GenkitAgentChat *chat = GENKIT_AGENT_CHAT (object);
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  const char *snapshot_id;
  const char *trace_id;

  output = genkit_agent_chat_send_finish (chat, result, &error);
  if (chat != self->chat)
    return;
  g_clear_object (&self->turn_cancellable);
  end_stream (self);
  g_clear_pointer (&self->stream_artifacts, json_array_unref);
  update_artifacts (self);

  snapshot_id = genkit_agent_chat_get_snapshot_id (chat);
  trace_id = genkit_agent_chat_get_last_trace_id (chat);
  if (trace_id != NULL)
    {
      guint n = json_array_get_length (genkit_agent_chat_get_messages (chat));

      g_hash_table_replace (self->turn_traces, snapshot_id ? g_strdup (snapshot_id) : g_strdup_printf ("#%u", n),
                            g_strdup (trace_id));
      g_free (self->last_trace_id);
      self->last_trace_id = g_strdup (trace_id);
    }
  if (error != NULL)
    show_error (self, error);
  if (snapshot_id != NULL && genkit_agent_chat_get_state_management (chat) != GENKIT_STATE_MANAGEMENT_CLIENT)
    fetch_chain (self, snapshot_id, NULL);
  if (self->turn_end_snapshot != NULL && g_strcmp0 (self->turn_end_snapshot, snapshot_id) != 0)
    fetch_chain (self, self->turn_end_snapshot, NULL);
  g_clear_pointer (&self->turn_end_snapshot, g_free);
  rebuild_messages (self);
  update_busy (self);
}

static void
agent_send (StudioChatPane *self,
            JsonObject     *input)
{
  JsonObject *resume = studio_json_get_object (input, "resume");

  clear_error (self);
  g_hash_table_remove_all (self->decisions);
  gtk_widget_set_visible (GTK_WIDGET (self->patch_label), FALSE);
  g_clear_object (&self->turn_cancellable);
  self->turn_cancellable = g_cancellable_new ();
  start_stream (self);
  if (resume != NULL)
    genkit_agent_chat_resume_async (self->chat, resume, self->turn_cancellable, agent_turn_cb, g_object_ref (self));
  else
    genkit_agent_chat_send_async (self->chat, input, self->turn_cancellable, agent_turn_cb, g_object_ref (self));
  rebuild_messages (self);
  update_busy (self);
}

/* Model turns: the history stays here ------------------------------------------------------ */

static void
model_chunk_cb (JsonNode *chunk,
                gpointer  user_data)
{
  stream_model_chunk (STUDIO_CHAT_PANE (user_data), chunk);
}

static void
model_started_cb (const char *trace_id,
                  const char *span_id,
                  gpointer    user_data)
{
  StudioChatPane *self = user_data;

  g_free (self->last_trace_id);
  self->last_trace_id = g_strdup (trace_id);
}

/* The reply of a `GenerateResponse` (`message`, or the first of the older `candidates`). */
static JsonObject *
response_message (JsonNode *node)
{
  JsonObject *response = node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  JsonArray *candidates;

  if (response == NULL)
    return NULL;
  if (studio_json_get_object (response, "message") != NULL)
    return studio_json_get_object (response, "message");
  candidates = studio_json_get_array (response, "candidates");
  if (candidates != NULL && json_array_get_length (candidates) > 0 &&
      json_array_get_object_element (candidates, 0) != NULL)
    return studio_json_get_object (json_array_get_object_element (candidates, 0), "message");
  return NULL;
}

static void
model_turn_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GCancellable *cancellable = user_data;
  g_autoptr(StudioChatPane) self = g_object_steal_data (G_OBJECT (cancellable), "studio-chat-pane");
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *message = NULL;

  action_result = genkit_runtime_run_action_finish (GENKIT_RUNTIME (object), result, &error);
  /* The turn's cancellable is not the pane's any more: the conversation was replaced. */
  if (cancellable != self->turn_cancellable)
    {
      g_object_unref (cancellable);
      return;
    }
  g_object_unref (cancellable);
  self->model_busy = FALSE;
  g_clear_object (&self->turn_cancellable);
  end_stream (self);

  if (action_result != NULL && (message = response_message (genkit_action_result_get_result (action_result))) == NULL)
    g_set_error_literal (&error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, _("The model answered without a message"));
  if (error != NULL)
    {
      /* The question goes back, so that it can be sent again. */
      json_array_remove_element (self->model_messages, json_array_get_length (self->model_messages) - 1);
      show_error (self, error);
    }
  else
    {
      json_array_add_object_element (self->model_messages, object_copy (message));
      if (self->last_trace_id != NULL)
        g_hash_table_replace (self->turn_traces,
                              g_strdup_printf ("#%u", json_array_get_length (self->model_messages)),
                              g_strdup (self->last_trace_id));
    }
  rebuild_messages (self);
  update_busy (self);
}

static void
model_send (StudioChatPane *self,
            JsonObject     *message)
{
  GenkitRuntime *runtime = studio_pane_get_runtime (STUDIO_PANE (self));
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  JsonArray *messages = json_array_new ();

  clear_error (self);
  json_array_add_object_element (self->model_messages, object_copy (message));
  for (guint i = 0; i < json_array_get_length (self->model_messages); i++)
    json_array_add_object_element (messages, object_copy (json_array_get_object_element (self->model_messages, i)));
  json_object_set_array_member (request, "messages", messages);
  node = json_node_init_object (json_node_alloc (), request);

  genkit_run_options_set_stream_func (options, model_chunk_cb, g_object_ref (self), g_object_unref);
  genkit_run_options_set_started_func (options, model_started_cb, g_object_ref (self), g_object_unref);
  g_clear_object (&self->turn_cancellable);
  self->turn_cancellable = g_cancellable_new ();
  self->model_busy = TRUE;
  start_stream (self);
  g_object_set_data_full (G_OBJECT (self->turn_cancellable), "studio-chat-pane", g_object_ref (self), g_object_unref);
  genkit_runtime_run_action_async (runtime, self->target, node, options, self->turn_cancellable,
                                   model_turn_cb, g_object_ref (self->turn_cancellable));
  rebuild_messages (self);
  update_busy (self);
}

/* Regenerating: the turn's message again, from before it ----------------------------------- */

static void
regenerate_loaded_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  JsonObject *message = user_data;
  GenkitAgentChat *chat = GENKIT_AGENT_CHAT (object);
  StudioChatPane *self = g_object_get_data (G_OBJECT (chat), "studio-chat-pane");
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) input = json_object_new ();

  snapshot = genkit_agent_chat_load_finish (chat, result, &error);
  if (self == NULL || chat != self->chat)
    {
      json_object_unref (message);
      return;
    }
  if (snapshot == NULL)
    {
      json_object_unref (message);
      show_error (self, error);
      return;
    }
  json_object_set_object_member (input, "message", message);
  agent_send (self, input);
}

static void start_agent_chat (StudioChatPane *self);

static void
regenerate_clicked_cb (GtkButton      *button,
                       StudioChatPane *self)
{
  JsonObject *message = g_object_get_data (G_OBJECT (button), "message");
  const char *parent_id = g_object_get_data (G_OBJECT (button), "parent-id");
  guint start = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "start"));
  g_autoptr(JsonObject) copy = object_copy (message);

  if (is_busy (self))
    return;
  clear_error (self);
  if (!is_agent (self))
    {
      while (json_array_get_length (self->model_messages) > start)
        json_array_remove_element (self->model_messages, json_array_get_length (self->model_messages) - 1);
      model_send (self, copy);
    }
  else if (parent_id != NULL)
    genkit_agent_chat_load_async (self->chat, parent_id, NULL, NULL, regenerate_loaded_cb,
                                  g_steal_pointer (&copy));
  else
    {
      /* The first turn: before it there is no snapshot, so the branch is a new session. */
      g_autoptr(JsonObject) input = json_object_new ();

      start_agent_chat (self);
      json_object_set_object_member (input, "message", g_steal_pointer (&copy));
      agent_send (self, input);
    }
}

/* Snapshots and sessions ------------------------------------------------------------------- */

typedef struct
{
  StudioChatPane  *self;
  GenkitAgentChat *chat;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_object_unref (fetch->self);
  g_object_unref (fetch->chat);
  g_free (fetch);
}

static void
fetch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Fetch *fetch = user_data;
  StudioChatPane *self = fetch->self;
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  const char *parent_id;

  snapshot = genkit_agent_chat_get_snapshot_finish (fetch->chat, result, &error);
  if (fetch->chat != self->chat)
    {
      fetch_free (fetch);
      return;
    }
  if (snapshot == NULL)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      fetch_free (fetch);
      return;
    }
  g_hash_table_replace (self->snapshots, g_strdup (genkit_session_snapshot_get_snapshot_id (snapshot)),
                        genkit_session_snapshot_ref (snapshot));
  parent_id = genkit_session_snapshot_get_parent_id (snapshot);
  if (parent_id != NULL && !g_hash_table_contains (self->snapshots, parent_id))
    {
      fetch_chain (self, parent_id, NULL);
    }
  else
    {
      refresh_history (self);
      if (!is_busy (self))
        rebuild_messages (self);
    }
  fetch_free (fetch);
}

/* Reads a snapshot (or a session's latest) and its ancestors that are not known yet. */
static void
fetch_chain (StudioChatPane *self,
             const char     *snapshot_id,
             const char     *session_id)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->self = g_object_ref (self);
  fetch->chat = g_object_ref (self->chat);
  genkit_agent_chat_get_snapshot_async (self->chat, snapshot_id, session_id, self->history_cancellable,
                                        fetch_cb, fetch);
}

static const char *
status_text (GenkitSessionSnapshot *snapshot)
{
  switch (genkit_session_snapshot_get_status (snapshot))
    {
    case GENKIT_SNAPSHOT_STATUS_PENDING:
      return _("running");
    case GENKIT_SNAPSHOT_STATUS_COMPLETED:
      return _("completed");
    case GENKIT_SNAPSHOT_STATUS_ABORTED:
      return _("aborted");
    case GENKIT_SNAPSHOT_STATUS_FAILED:
      return _("failed");
    case GENKIT_SNAPSHOT_STATUS_EXPIRED:
      return _("expired");
    case GENKIT_SNAPSHOT_STATUS_UNKNOWN:
    default:
      return _("unknown");
    }
}

static int
compare_created (gconstpointer a,
                 gconstpointer b)
{
  GenkitSessionSnapshot *first = *(GenkitSessionSnapshot **) a;
  GenkitSessionSnapshot *second = *(GenkitSessionSnapshot **) b;

  return g_strcmp0 (genkit_session_snapshot_get_created_at (first), genkit_session_snapshot_get_created_at (second));
}

static GtkWidget *
two_line_row_new (const char *title,
                  const char *subtitle,
                  guint       indent,
                  gboolean    current)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title_label = gtk_label_new (title);
  GtkWidget *subtitle_label = gtk_label_new (subtitle);

  gtk_widget_set_margin_start (box, 6 + 14 * indent);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_label_set_xalign (GTK_LABEL (title_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle_label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle_label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle_label, "dim-label");
  gtk_widget_add_css_class (subtitle_label, "caption");
  if (current)
    gtk_widget_add_css_class (title_label, "heading");
  gtk_box_append (GTK_BOX (box), title_label);
  gtk_box_append (GTK_BOX (box), subtitle_label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
add_snapshot_rows (StudioChatPane *self,
                   GPtrArray      *snapshots,
                   const char     *parent_id,
                   guint           depth)
{
  const char *current = genkit_agent_chat_get_snapshot_id (self->chat);

  for (guint i = 0; i < snapshots->len; i++)
    {
      GenkitSessionSnapshot *snapshot = g_ptr_array_index (snapshots, i);
      const char *id = genkit_session_snapshot_get_snapshot_id (snapshot);
      const char *parent = genkit_session_snapshot_get_parent_id (snapshot);
      gboolean root = parent == NULL || !g_hash_table_contains (self->snapshots, parent);
      g_autofree char *short_snapshot = NULL;
      g_autofree char *title = NULL;
      g_autofree char *preview = NULL;
      const char *reason;
      GtkWidget *row;

      if (parent_id == NULL ? !root : g_strcmp0 (parent, parent_id) != 0)
        continue;
      short_snapshot = short_id (id);
      reason = genkit_session_snapshot_get_finish_reason (snapshot);
      /* Translators: a snapshot in the tree: its short id, its status and finish reason */
      title = g_strdup_printf (_("%s · %s%s%s%s"), short_snapshot, status_text (snapshot),
                               reason ? " (" : "", reason ? reason : "", reason ? ")" : "");
      if (genkit_session_snapshot_get_error (snapshot) != NULL)
        preview = g_strdup (studio_json_get_string (genkit_session_snapshot_get_error (snapshot), "message", ""));
      else
        preview = message_preview (genkit_session_snapshot_get_messages (snapshot));
      if (g_strcmp0 (id, current) == 0)
        {
          char *marked = g_strconcat ("▸ ", title, NULL);

          g_free (title);
          title = marked;
        }
      row = two_line_row_new (title, preview, depth, g_strcmp0 (id, current) == 0);
      g_object_set_data_full (G_OBJECT (row), "snapshot-id", g_strdup (id), g_free);
      gtk_widget_set_tooltip_text (row, _("Continue from this snapshot: the next message makes a branch"));
      gtk_list_box_append (self->snapshot_list, row);
      add_snapshot_rows (self, snapshots, id, depth + 1);
    }
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
placeholder_new (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_set_margin_top (label, 24);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* An ISO 8601 time from a snapshot, in local time for people; "—" when there is none. */
static char *
format_timestamp (const char *iso)
{
  g_autoptr(GDateTime) time = iso ? g_date_time_new_from_iso8601 (iso, NULL) : NULL;
  g_autoptr(GDateTime) local = time ? g_date_time_to_local (time) : NULL;

  if (local == NULL)
    return g_strdup (iso ? iso : "—");
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

typedef struct
{
  char  *session_id;
  guint  n_snapshots;
  char  *updated_at;
} SessionRow;

static void
session_row_free (SessionRow *row)
{
  g_free (row->session_id);
  g_free (row->updated_at);
  g_free (row);
}

static int
compare_sessions (gconstpointer a,
                  gconstpointer b)
{
  const SessionRow *first = *(SessionRow **) a;
  const SessionRow *second = *(SessionRow **) b;

  /* Newest first; sessions only named by the traces (not read yet) last. */
  return -g_strcmp0 (first->updated_at, second->updated_at);
}

/* The sessions list: every session the pane knows snapshots of, or found in the traces. */
static void
refresh_sessions (StudioChatPane *self)
{
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func ((GDestroyNotify) session_row_free);
  const char *current = self->chat ? genkit_agent_chat_get_session_id (self->chat) : NULL;
  GHashTableIter iter;
  gpointer key;
  gpointer value;

  clear_list (self->session_list);
  g_hash_table_iter_init (&iter, self->snapshots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GenkitSessionSnapshot *snapshot = value;
      const char *session_id = genkit_session_snapshot_get_session_id (snapshot);
      const char *updated = genkit_session_snapshot_get_updated_at (snapshot);
      SessionRow *row;

      if (session_id == NULL)
        continue;
      if ((row = g_hash_table_lookup (rows, session_id)) == NULL)
        {
          row = g_new0 (SessionRow, 1);
          row->session_id = g_strdup (session_id);
          g_hash_table_insert (rows, row->session_id, row);
          g_ptr_array_add (sorted, row);
        }
      row->n_snapshots++;
      if (updated == NULL)
        updated = genkit_session_snapshot_get_created_at (snapshot);
      if (g_strcmp0 (updated, row->updated_at) > 0)
        {
          g_free (row->updated_at);
          row->updated_at = g_strdup (updated);
        }
    }
  g_hash_table_iter_init (&iter, self->traced_sessions);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (rows, key))
      {
        SessionRow *row = g_new0 (SessionRow, 1);

        row->session_id = g_strdup (key);
        g_hash_table_insert (rows, row->session_id, row);
        g_ptr_array_add (sorted, row);
      }
  g_ptr_array_sort (sorted, compare_sessions);

  for (guint i = 0; i < sorted->len; i++)
    {
      SessionRow *row = g_ptr_array_index (sorted, i);
      g_autofree char *updated = format_timestamp (row->updated_at);
      /* Translators: a session in the list: how many of its snapshots are known, and when it last changed */
      g_autofree char *subtitle = g_strdup_printf (ngettext ("%u snapshot · %s", "%u snapshots · %s", row->n_snapshots),
                                                   row->n_snapshots, updated);
      GtkWidget *widget = two_line_row_new (row->session_id, subtitle, 0, g_strcmp0 (row->session_id, current) == 0);

      g_object_set_data_full (G_OBJECT (widget), "session-id", g_strdup (row->session_id), g_free);
      gtk_widget_set_tooltip_text (widget, _("Reopen this session at its latest snapshot"));
      gtk_list_box_append (self->session_list, widget);
    }
  self->n_sessions = sorted->len;
  gtk_list_box_set_placeholder (self->session_list,
                                placeholder_new (self->chat == NULL
                                                 ? _("Models have no sessions.")
                                                 : _("No sessions yet. Chat, or look for the agent's sessions in the traces.")));
}

static void
refresh_history (StudioChatPane *self)
{
  const char *session_id = self->chat ? genkit_agent_chat_get_session_id (self->chat) : NULL;
  g_autoptr(GPtrArray) snapshots = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;
  const char *empty;

  clear_list (self->snapshot_list);
  g_hash_table_iter_init (&iter, self->snapshots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (session_id != NULL && g_strcmp0 (genkit_session_snapshot_get_session_id (value), session_id) == 0)
      g_ptr_array_add (snapshots, value);
  g_ptr_array_sort (snapshots, compare_created);
  if (self->chat != NULL)
    add_snapshot_rows (self, snapshots, NULL, 0);

  if (self->chat == NULL)
    empty = _("Models keep no snapshots: the studio holds the conversation.");
  else if (genkit_agent_chat_get_state_management (self->chat) == GENKIT_STATE_MANAGEMENT_CLIENT)
    empty = _("This agent keeps no snapshots: its state travels with every turn.");
  else
    empty = _("The snapshots of this session appear here after its first turn.");
  gtk_list_box_set_placeholder (self->snapshot_list, placeholder_new (empty));
  refresh_sessions (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(StudioChatPane) self = user_data;
  GenkitAgentChat *chat = GENKIT_AGENT_CHAT (object);
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = genkit_agent_chat_load_finish (chat, result, &error);
  if (chat != self->chat)
    return;
  if (snapshot == NULL)
    {
      show_error (self, error);
      return;
    }
  g_hash_table_replace (self->snapshots, g_strdup (genkit_session_snapshot_get_snapshot_id (snapshot)),
                        genkit_session_snapshot_ref (snapshot));
  if (genkit_session_snapshot_get_parent_id (snapshot) != NULL &&
      !g_hash_table_contains (self->snapshots, genkit_session_snapshot_get_parent_id (snapshot)))
    fetch_chain (self, genkit_session_snapshot_get_parent_id (snapshot), NULL);
  refresh_history (self);
  rebuild_messages (self);
}

static void
studio_chat_pane_snapshot_activated_cb (StudioChatPane *self,
                                        GtkListBoxRow  *row)
{
  const char *snapshot_id = g_object_get_data (G_OBJECT (row), "snapshot-id");
  GenkitSessionSnapshot *snapshot = snapshot_id ? g_hash_table_lookup (self->snapshots, snapshot_id) : NULL;

  if (self->chat == NULL || snapshot_id == NULL || is_busy (self))
    return;
  clear_error (self);
  if (snapshot != NULL && !genkit_session_snapshot_is_resumable (snapshot))
    {
      /* Translators: %s is a snapshot's status (failed, aborted…) */
      g_autofree char *text = g_strdup_printf (_("This snapshot is %s: only completed snapshots can be continued."),
                                               status_text (snapshot));

      gtk_label_set_text (self->error_label, text);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return;
    }
  /* Another snapshot is another conversation: a detached turn is no longer followed. */
  stop_background (self);
  set_background_note (self, NULL);
  genkit_agent_chat_load_async (self->chat, snapshot_id, NULL, self->history_cancellable, load_cb,
                                g_object_ref (self));
}

static void
studio_chat_pane_session_activated_cb (StudioChatPane *self,
                                       GtkListBoxRow  *row)
{
  const char *session_id = g_object_get_data (G_OBJECT (row), "session-id");
  g_autofree char *wanted = g_strdup (session_id);

  if (self->chat == NULL || session_id == NULL || is_busy (self))
    return;
  clear_error (self);
  /* A fresh chat: what the old one tracked (a client's state, a resume point) stays behind. */
  start_agent_chat (self);
  genkit_agent_chat_load_async (self->chat, NULL, wanted, self->history_cancellable, load_cb, g_object_ref (self));
}

/* The agent's sessions in the studio's traces: the agent span names its session. */
static void
traces_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(StudioChatPane) self = user_data;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *traces;

  page = genkit_trace_store_list_traces_finish (GENKIT_TRACE_STORE (object), result, &error);
  if (page == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error);
      return;
    }
  if (self->chat == NULL || !JSON_NODE_HOLDS_OBJECT (page))
    return;
  traces = studio_json_get_array (json_node_get_object (page), "traces");
  for (guint i = 0; traces != NULL && i < json_array_get_length (traces); i++)
    {
      JsonObject *trace = json_array_get_object_element (traces, i);
      JsonObject *spans = trace ? studio_json_get_object (trace, "spans") : NULL;
      g_autoptr(GList) values = spans ? json_object_get_values (spans) : NULL;

      for (GList *l = values; l != NULL; l = l->next)
        {
          JsonObject *span = JSON_NODE_HOLDS_OBJECT (l->data) ? json_node_get_object (l->data) : NULL;
          JsonObject *attributes = span ? studio_json_get_object (span, "attributes") : NULL;
          const char *session_id = attributes
                                   ? studio_json_get_string (attributes, "genkit:metadata:agent:sessionId", NULL)
                                   : NULL;

          if (session_id == NULL || g_hash_table_contains (self->traced_sessions, session_id))
            continue;
          g_hash_table_add (self->traced_sessions, g_strdup (session_id));
          fetch_chain (self, NULL, session_id);
        }
    }
  refresh_sessions (self);
}

static void
studio_chat_pane_refresh_sessions_cb (StudioChatPane *self)
{
  GenkitTraceStore *store = studio_pane_get_trace_store (STUDIO_PANE (self));
  g_autoptr(JsonNode) filter = NULL;
  g_autoptr(JsonObject) eq = json_object_new ();
  JsonObject *names = json_object_new ();

  if (self->chat == NULL)
    return;
  if (store == NULL)
    {
      studio_widget_add_toast (GTK_WIDGET (self), _("The studio keeps no traces: its trace store is not open"));
      return;
    }
  json_object_set_string_member (names, "name", genkit_agent_chat_get_agent (self->chat));
  json_object_set_object_member (eq, "eq", names);
  filter = json_node_init_object (json_node_alloc (), eq);
  genkit_trace_store_list_traces_async (store, filter, NULL, 0, 100, self->history_cancellable,
                                        traces_listed_cb, g_object_ref (self));
}

/* Detached turns --------------------------------------------------------------------------- */

/* How often a detached turn's snapshot is read: every second at first, as a short turn ends
 * soon; then a quarter less often at each read up to every 10 s, since every read is an action
 * run with its own trace (a long turn would flood the traces pane otherwise). The agent's
 * heartbeat only changes every 30 s. */
#define BACKGROUND_POLL_MS     1000
#define BACKGROUND_POLL_MAX_MS 10000

static void
stop_background (StudioChatPane *self)
{
  g_clear_handle_id (&self->background_poll, g_source_remove);
  g_cancellable_cancel (self->background_cancellable);
  g_clear_object (&self->background_cancellable);
  g_clear_pointer (&self->background_id, g_free);
  if (self->background_widget != NULL && gtk_widget_get_parent (self->background_widget) != NULL)
    gtk_box_remove (self->message_box, self->background_widget);
  g_clear_object (&self->background_widget);
  self->abort_button = NULL;
}

static void
set_background_note (StudioChatPane *self,
                     const char     *note)
{
  g_free (self->background_note);
  self->background_note = g_strdup (note);
}

/* The turn ended some other way than completing: the conversation goes back to the snapshot
 * before it (only completed snapshots can be continued); the ended one stays in the tree. */
static void
return_before_background (StudioChatPane        *self,
                          GenkitSessionSnapshot *snapshot)
{
  const char *parent_id = genkit_session_snapshot_get_parent_id (snapshot);

  if (parent_id == NULL)
    {
      /* The session's first turn: nothing to go back to but a new session. */
      start_agent_chat (self);
    }
  else
    {
      genkit_agent_chat_load_async (self->chat, parent_id, NULL, self->history_cancellable, load_cb,
                                    g_object_ref (self));
    }
  g_hash_table_replace (self->snapshots, g_strdup (genkit_session_snapshot_get_snapshot_id (snapshot)),
                        genkit_session_snapshot_ref (snapshot));
}

static void
settle_background (StudioChatPane        *self,
                   GenkitSessionSnapshot *snapshot)
{
  g_autofree char *snapshot_id = g_strdup (self->background_id);
  JsonObject *runtime_error = genkit_session_snapshot_get_error (snapshot);
  g_autoptr(JsonNode) error_node = NULL;
  g_autoptr(GError) error = NULL;

  stop_background (self);
  switch (genkit_session_snapshot_get_status (snapshot))
    {
    case GENKIT_SNAPSHOT_STATUS_FAILED:
      error_node = runtime_error ? json_node_init_object (json_node_alloc (), runtime_error) : NULL;
      error = error_node ? genkit_error_from_status (error_node)
                         : g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNKNOWN, _("The background turn failed."));
      return_before_background (self, snapshot);
      show_error (self, error);
      break;
    case GENKIT_SNAPSHOT_STATUS_ABORTED:
      return_before_background (self, snapshot);
      set_background_note (self, _("The background turn was aborted."));
      break;
    case GENKIT_SNAPSHOT_STATUS_EXPIRED:
      return_before_background (self, snapshot);
      set_background_note (self, _("The background turn expired: the agent stopped sending heartbeats."));
      break;
    case GENKIT_SNAPSHOT_STATUS_COMPLETED:
    case GENKIT_SNAPSHOT_STATUS_PENDING:
    case GENKIT_SNAPSHOT_STATUS_UNKNOWN:
    default:
      /* Shown as any turn: the chat continues from the snapshot the turn wrote (a note that
       * an abort came too late stays). */
      genkit_agent_chat_load_async (self->chat, snapshot_id, NULL, self->history_cancellable, load_cb,
                                    g_object_ref (self));
      break;
    }
  refresh_history (self);
  rebuild_messages (self);
  update_busy (self);
}

static void poll_background (gpointer user_data);

/* A reply about a detached turn the pane no longer follows (cancelled, or another chat). */
static gboolean
background_reply_stale (StudioChatPane  *self,
                        GenkitAgentChat *chat,
                        const GError    *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED) ||
         chat != self->chat || self->background_id == NULL;
}

static void
background_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(StudioChatPane) self = user_data;
  GenkitAgentChat *chat = GENKIT_AGENT_CHAT (object);
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;

  snapshot = genkit_agent_chat_get_snapshot_finish (chat, result, &error);
  if (background_reply_stale (self, chat, error))
    return;
  if (snapshot == NULL && error == NULL)
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                         _("The background turn's snapshot %s is gone."), self->background_id);
  if (error != NULL)
    {
      /* The turn is lost to the studio, not necessarily ended: its snapshot stays listed. */
      show_error (self, error);
      stop_background (self);
      rebuild_messages (self);
      update_busy (self);
      return;
    }
  if (g_strcmp0 (genkit_session_snapshot_get_snapshot_id (snapshot), self->background_id) != 0)
    return;
  if (genkit_session_snapshot_get_status (snapshot) == GENKIT_SNAPSHOT_STATUS_PENDING)
    {
      /* In the snapshot tree as running; the conversation shows what the chat tracks. */
      if (!g_hash_table_contains (self->snapshots, self->background_id))
        {
          g_hash_table_replace (self->snapshots, g_strdup (self->background_id),
                                genkit_session_snapshot_ref (snapshot));
          refresh_history (self);
        }
      self->background_interval = MIN (self->background_interval * 5 / 4, BACKGROUND_POLL_MAX_MS);
      self->background_poll = g_timeout_add_once (self->background_interval, poll_background, self);
      return;
    }
  settle_background (self, snapshot);
}

static void
poll_background (gpointer user_data)
{
  StudioChatPane *self = user_data;

  self->background_poll = 0;
  genkit_agent_chat_get_snapshot_async (self->chat, self->background_id, NULL, self->background_cancellable,
                                        background_read_cb, g_object_ref (self));
}

static void
abort_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(StudioChatPane) self = user_data;
  GenkitAgentChat *chat = GENKIT_AGENT_CHAT (object);
  g_autoptr(GError) error = NULL;
  GenkitSnapshotStatus before;

  before = genkit_agent_chat_abort_finish (chat, result, &error);
  if (background_reply_stale (self, chat, error))
    return;
  if (error != NULL)
    {
      show_error (self, error);
      gtk_widget_set_sensitive (self->abort_button, TRUE);
      return;
    }
  if (before != GENKIT_SNAPSHOT_STATUS_PENDING)
    set_background_note (self, _("Nothing to abort: the background turn had already finished."));
  /* The snapshot says how the turn ended: read it now rather than at the next tick. */
  if (self->background_poll != 0)
    {
      g_clear_handle_id (&self->background_poll, g_source_remove);
      poll_background (self);
    }
}

static void
abort_clicked_cb (GtkButton      *button,
                  StudioChatPane *self)
{
  if (self->background_id == NULL)
    return;
  clear_error (self);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  genkit_agent_chat_abort_async (self->chat, self->background_id, self->background_cancellable, abort_cb,
                                 g_object_ref (self));
}

/* The pending turn in the conversation: it runs on the agent's side, the pane follows it. */
static GtkWidget *
background_widget_new (StudioChatPane *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  g_autofree char *id = short_id (self->background_id);
  /* Translators: %s is the short id of the snapshot the agent writes for the turn */
  g_autofree char *text = g_strdup_printf (_("Running in the background · snapshot %s"), id);
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *button = gtk_button_new_with_label (_("Abort"));

  gtk_widget_set_name (box, "background_turn");
  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "chat-model");
  gtk_widget_set_margin_end (box, 48);
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_widget_set_margin_start (spinner, 12);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_tooltip_text (label, self->background_id);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_set_name (button, "abort_button");
  gtk_widget_set_tooltip_text (button, _("Ask the agent to stop the turn"));
  gtk_widget_set_margin_top (button, 6);
  gtk_widget_set_margin_bottom (button, 6);
  gtk_widget_set_margin_end (button, 6);
  gtk_widget_add_css_class (button, "destructive-action");
  g_signal_connect (button, "clicked", G_CALLBACK (abort_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  self->abort_button = button;
  return box;
}

static void
follow_background (StudioChatPane *self,
                   const char     *snapshot_id)
{
  stop_background (self);
  self->background_id = g_strdup (snapshot_id);
  self->background_cancellable = g_cancellable_new ();
  self->background_widget = g_object_ref_sink (background_widget_new (self));
  self->background_interval = BACKGROUND_POLL_MS;
  self->background_poll = g_timeout_add_once (self->background_interval, poll_background, self);
}

static void
detach_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(StudioChatPane) self = user_data;
  GenkitAgentChat *chat = GENKIT_AGENT_CHAT (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *snapshot_id = NULL;
  gboolean stopped;

  snapshot_id = genkit_agent_chat_detach_finish (chat, result, &error);
  if (chat != self->chat)
    return;
  stopped = g_cancellable_is_cancelled (self->turn_cancellable);
  g_clear_object (&self->turn_cancellable);
  if (snapshot_id != NULL)
    follow_background (self, snapshot_id);
  else if (!stopped)
    show_error (self, error);
  rebuild_messages (self);
  update_busy (self);
}

static void
studio_chat_pane_background_clicked_cb (StudioChatPane *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->input_view);
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (!self->abortable || is_busy (self) || self->background_id != NULL || is_blank (text))
    return;
  gtk_text_buffer_set_text (buffer, "", 0);
  studio_chat_pane_send_background (self, text);
}

/* Targets ---------------------------------------------------------------------------------- */

static void
drop_conversation (StudioChatPane *self)
{
  g_cancellable_cancel (self->turn_cancellable);
  g_clear_object (&self->turn_cancellable);
  stop_background (self);
  set_background_note (self, NULL);
  self->abortable = FALSE;
  if (self->chat != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chat, self);
      g_object_set_data (G_OBJECT (self->chat), "studio-chat-pane", NULL);
      g_clear_object (&self->chat);
    }
  self->model_busy = FALSE;
  end_stream (self);
  json_array_unref (self->model_messages);
  self->model_messages = json_array_new ();
  g_hash_table_remove_all (self->decisions);
  g_clear_pointer (&self->stream_artifacts, json_array_unref);
  g_clear_pointer (&self->last_trace_id, g_free);
  gtk_widget_set_visible (GTK_WIDGET (self->patch_label), FALSE);
  clear_error (self);
}

static void
chat_changed_cb (StudioChatPane *self)
{
  if (!is_busy (self))
    rebuild_messages (self);
  else
    update_session_label (self);
}

static void
start_agent_chat (StudioChatPane *self)
{
  GenkitRuntime *runtime = studio_pane_get_runtime (STUDIO_PANE (self));
  g_autofree char *name = studio_action_key_dup_name (self->target);
  JsonObject *descriptor = self->actions ? studio_json_get_object (self->actions, self->target) : NULL;
  JsonObject *metadata = descriptor ? studio_json_get_object (descriptor, "metadata") : NULL;
  JsonObject *agent = metadata ? studio_json_get_object (metadata, "agent") : NULL;
  const char *management = agent ? studio_json_get_string (agent, "stateManagement", NULL) : NULL;

  drop_conversation (self);
  self->chat = genkit_agent_chat_new (runtime, name);
  g_object_set_data (G_OBJECT (self->chat), "studio-chat-pane", self);
  if (g_strcmp0 (management, "server") == 0)
    genkit_agent_chat_set_state_management (self->chat, GENKIT_STATE_MANAGEMENT_SERVER);
  else if (g_strcmp0 (management, "client") == 0)
    genkit_agent_chat_set_state_management (self->chat, GENKIT_STATE_MANAGEMENT_CLIENT);
  /* Only a server-managed agent whose store tells of state changes can abort a detached turn,
   * and only such an agent gets one (`metadata.agent.abortable`). */
  self->abortable = g_strcmp0 (management, "server") == 0 && agent != NULL &&
                    json_object_get_boolean_member_with_default (agent, "abortable", FALSE);
  g_signal_connect_swapped (self->chat, "chunk", G_CALLBACK (agent_chunk_cb), self);
  g_signal_connect_swapped (self->chat, "messages-changed", G_CALLBACK (chat_changed_cb), self);
  g_signal_connect_swapped (self->chat, "custom-changed", G_CALLBACK (update_state), self);
  g_signal_connect_swapped (self->chat, "artifacts-changed", G_CALLBACK (update_artifacts), self);
  g_signal_connect_swapped (self->chat, "notify::busy", G_CALLBACK (update_busy), self);
  g_signal_connect_swapped (self->chat, "notify::snapshot-id", G_CALLBACK (refresh_history), self);
  g_signal_connect_swapped (self->chat, "notify::session-id", G_CALLBACK (update_session_label), self);
}

/* Starts over with the current target: a fresh chat, or an empty model history. */
static void
new_conversation (StudioChatPane *self)
{
  if (self->target != NULL && g_str_has_prefix (self->target, "/agent/"))
    start_agent_chat (self);
  else
    drop_conversation (self);
  update_state (self);
  update_artifacts (self);
  refresh_history (self);
  rebuild_messages (self);
  update_busy (self);
}

static void
select_target (StudioChatPane *self,
               const char     *key)
{
  if (g_strcmp0 (self->target, key) == 0)
    return;
  g_free (self->target);
  self->target = g_strdup (key);
  g_hash_table_remove_all (self->snapshots);
  g_hash_table_remove_all (self->traced_sessions);
  g_hash_table_remove_all (self->turn_traces);
  g_cancellable_cancel (self->history_cancellable);
  g_clear_object (&self->history_cancellable);
  self->history_cancellable = g_cancellable_new ();
  new_conversation (self);
}

static void
studio_chat_pane_target_selected_cb (StudioChatPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->target_dropdown);

  if (self->filling_targets)
    return;
  select_target (self, selected < self->target_keys->len ? g_ptr_array_index (self->target_keys, selected) : NULL);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b)
{
  const char *first = *(const char **) a;
  const char *second = *(const char **) b;
  gboolean first_agent = g_str_has_prefix (first, "/agent/");
  gboolean second_agent = g_str_has_prefix (second, "/agent/");

  /* Agents first, then models, each by name. */
  if (first_agent != second_agent)
    return first_agent ? -1 : 1;
  return g_strcmp0 (first, second);
}

static void
fill_targets (StudioChatPane *self)
{
  g_autoptr(GList) keys = self->actions ? json_object_get_members (self->actions) : NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *keep = g_strdup (self->target);
  guint selected = GTK_INVALID_LIST_POSITION;

  g_ptr_array_set_size (self->target_keys, 0);
  for (GList *l = keys; l != NULL; l = l->next)
    if (g_str_has_prefix (l->data, "/agent/") || g_str_has_prefix (l->data, "/model/"))
      g_ptr_array_add (self->target_keys, g_strdup (l->data));
  g_ptr_array_sort (self->target_keys, compare_keys);

  for (guint i = 0; i < self->target_keys->len; i++)
    {
      const char *key = g_ptr_array_index (self->target_keys, i);
      g_autofree char *name = studio_action_key_dup_name (key);

      /* Translators: an entry of the chat's target list; %s is the agent's or model's name */
      g_ptr_array_add (labels, g_strdup_printf (g_str_has_prefix (key, "/agent/") ? _("Agent: %s") : _("Model: %s"), name));
      if (g_strcmp0 (key, keep) == 0)
        selected = i;
    }
  g_ptr_array_add (labels, NULL);

  self->filling_targets = TRUE;
  gtk_string_list_splice (self->target_labels, 0, g_list_model_get_n_items (G_LIST_MODEL (self->target_labels)),
                          (const char *const *) labels->pdata);
  if (selected == GTK_INVALID_LIST_POSITION && self->target_keys->len > 0)
    selected = 0;
  gtk_drop_down_set_selected (self->target_dropdown, selected);
  self->filling_targets = FALSE;

  /* The same target on a new listing keeps its conversation only on the same runtime. */
  g_clear_pointer (&self->target, g_free);
  select_target (self, selected != GTK_INVALID_LIST_POSITION ? g_ptr_array_index (self->target_keys, selected) : NULL);
}

static void
actions_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(StudioChatPane) self = user_data;
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(GError) error = NULL;

  actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);
  if (GENKIT_RUNTIME (object) != studio_pane_get_runtime (STUDIO_PANE (self)) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED))
    return;
  g_clear_object (&self->list_cancellable);
  if (actions == NULL || !JSON_NODE_HOLDS_OBJECT (actions))
    {
      if (error != NULL)
        show_error (self, error);
      return;
    }
  g_clear_pointer (&self->actions, json_object_unref);
  self->actions = json_object_ref (json_node_get_object (actions));
  fill_targets (self);
}

static void
studio_chat_pane_runtime_changed (StudioPane    *pane,
                                  GenkitRuntime *runtime)
{
  StudioChatPane *self = STUDIO_CHAT_PANE (pane);

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_pointer (&self->actions, json_object_unref);
  fill_targets (self);
  if (runtime == NULL)
    return;
  self->list_cancellable = g_cancellable_new ();
  genkit_runtime_list_actions_async (runtime, self->list_cancellable, actions_listed_cb, g_object_ref (self));
}

/* The composer ----------------------------------------------------------------------------- */

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

static void
studio_chat_pane_send_clicked_cb (StudioChatPane *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->input_view);
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (self->target == NULL || is_busy (self) || is_blank (text))
    return;
  gtk_text_buffer_set_text (buffer, "", 0);
  studio_chat_pane_send_text (self, text);
}

static gboolean
input_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      StudioChatPane        *self)
{
  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter) && (state & GDK_CONTROL_MASK) != 0)
    {
      studio_chat_pane_send_clicked_cb (self);
      return TRUE;
    }
  return FALSE;
}

static void
studio_chat_pane_stop_clicked_cb (StudioChatPane *self)
{
  g_cancellable_cancel (self->turn_cancellable);
}

static void
studio_chat_pane_new_clicked_cb (StudioChatPane *self)
{
  studio_chat_pane_new_conversation (self);
}

static void
studio_chat_pane_trace_clicked_cb (StudioChatPane *self)
{
  if (self->last_trace_id != NULL)
    open_trace (self, self->last_trace_id);
}

static void
studio_chat_pane_dismiss_error_cb (StudioChatPane *self)
{
  clear_error (self);
}

/* GObject ---------------------------------------------------------------------------------- */

static void
studio_chat_pane_dispose (GObject *object)
{
  StudioChatPane *self = STUDIO_CHAT_PANE (object);

  g_cancellable_cancel (self->list_cancellable);
  g_cancellable_cancel (self->history_cancellable);
  /* Once: dispose may run again after the template's widgets are gone. */
  if (self->message_box != NULL)
    drop_conversation (self);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->history_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_CHAT_PANE);

  G_OBJECT_CLASS (studio_chat_pane_parent_class)->dispose (object);
}

static void
studio_chat_pane_finalize (GObject *object)
{
  StudioChatPane *self = STUDIO_CHAT_PANE (object);

  g_ptr_array_unref (self->target_keys);
  g_clear_pointer (&self->actions, json_object_unref);
  g_free (self->target);
  g_free (self->background_note);
  g_clear_pointer (&self->model_messages, json_array_unref);
  g_string_free (self->stream_text, TRUE);
  g_hash_table_unref (self->snapshots);
  g_hash_table_unref (self->traced_sessions);
  g_hash_table_unref (self->turn_traces);
  g_hash_table_unref (self->decisions);
  g_free (self->last_trace_id);
  g_free (self->turn_end_snapshot);

  G_OBJECT_CLASS (studio_chat_pane_parent_class)->finalize (object);
}

static void
studio_chat_pane_class_init (StudioChatPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  StudioPaneClass *pane_class = STUDIO_PANE_CLASS (klass);

  object_class->dispose = studio_chat_pane_dispose;
  object_class->finalize = studio_chat_pane_finalize;
  pane_class->runtime_changed = studio_chat_pane_runtime_changed;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/chat/studio-chat-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, target_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, target_labels);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, session_label);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, trace_button);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, new_button);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, conversation_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, scroller);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, message_box);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, error_label);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, input_view);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, spinner);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, stop_button);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, background_button);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, send_button);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, state_label);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, patch_label);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, artifacts_box);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, snapshot_list);
  gtk_widget_class_bind_template_child (widget_class, StudioChatPane, session_list);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_target_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_trace_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_new_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_dismiss_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_stop_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_send_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_background_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_snapshot_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_session_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_chat_pane_refresh_sessions_cb);

  gtk_widget_class_set_css_name (widget_class, "chatpane");
}

static void
studio_chat_pane_init (StudioChatPane *self)
{
  GtkEventController *keys;

  self->target_keys = g_ptr_array_new_with_free_func (g_free);
  self->model_messages = json_array_new ();
  self->stream_text = g_string_new (NULL);
  self->snapshots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) genkit_session_snapshot_unref);
  self->traced_sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->turn_traces = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->decisions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  self->history_cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (input_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->input_view), keys);
  studio_scrolled_window_follow_end (self->scroller);
  new_conversation (self);
}

/* Public API ------------------------------------------------------------------------------- */

/**
 * studio_chat_pane_new:
 *
 * Returns: (transfer floating): a new chat pane; set its runtime to chat with its agents
 */
GtkWidget *
studio_chat_pane_new (void)
{
  return g_object_new (STUDIO_TYPE_CHAT_PANE, NULL);
}

/**
 * studio_chat_pane_set_target:
 * @self: a [class@Studio.ChatPane]
 * @key: an agent's or model's action key (`/agent/chat`, `/model/echo`) of the runtime
 *
 * Chooses what to chat with, as the list above the conversation does; a different target
 * starts a new conversation.
 *
 * Returns: %TRUE if the runtime has @key
 */
gboolean
studio_chat_pane_set_target (StudioChatPane *self,
                             const char     *key)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < self->target_keys->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->target_keys, i), key) == 0)
      {
        gtk_drop_down_set_selected (self->target_dropdown, i);
        return TRUE;
      }
  return FALSE;
}

/**
 * studio_chat_pane_get_target:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: (nullable): the action key chatted with
 */
const char *
studio_chat_pane_get_target (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), NULL);
  return self->target;
}

/**
 * studio_chat_pane_get_n_targets:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: how many agents and models of the runtime are listed (0 until they are listed)
 */
guint
studio_chat_pane_get_n_targets (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), 0);
  return self->target_keys->len;
}

/**
 * studio_chat_pane_get_chat:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: (transfer none) (nullable): the conversation with the agent; %NULL for a model
 */
GenkitAgentChat *
studio_chat_pane_get_chat (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), NULL);
  return self->chat;
}

/**
 * studio_chat_pane_get_messages:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: (transfer none): the conversation's messages as shown
 */
JsonArray *
studio_chat_pane_get_messages (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), NULL);
  return current_messages (self);
}

/**
 * studio_chat_pane_get_busy:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: whether a turn is running
 */
gboolean
studio_chat_pane_get_busy (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), FALSE);
  return is_busy (self);
}

/**
 * studio_chat_pane_get_stream_text:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: (nullable): the text of the reply streaming in, as shown; %NULL between turns
 */
const char *
studio_chat_pane_get_stream_text (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), NULL);
  return self->stream_view != NULL ? studio_markdown_view_get_markdown (self->stream_view) : NULL;
}

/**
 * studio_chat_pane_get_error:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: (nullable): the error shown under the conversation ("STATUS: message")
 */
const char *
studio_chat_pane_get_error (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), NULL);
  return gtk_revealer_get_reveal_child (self->error_revealer) ? gtk_label_get_text (self->error_label) : NULL;
}

/**
 * studio_chat_pane_get_background_snapshot:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: (nullable): the pending snapshot of the detached turn the pane follows, %NULL when
 *   it follows none
 */
const char *
studio_chat_pane_get_background_snapshot (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), NULL);
  return self->background_id;
}

/**
 * studio_chat_pane_get_background_note:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: (nullable): how the last detached turn ended when it did not end with a reply
 *   (aborted, expired, already finished when aborted), as shown under the conversation
 */
const char *
studio_chat_pane_get_background_note (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), NULL);
  return self->background_note;
}

/**
 * studio_chat_pane_get_n_snapshots:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: how many snapshots of the agent the pane has read
 */
guint
studio_chat_pane_get_n_snapshots (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), 0);
  return g_hash_table_size (self->snapshots);
}

/**
 * studio_chat_pane_get_n_sessions:
 * @self: a [class@Studio.ChatPane]
 *
 * Returns: how many sessions the sessions list shows
 */
guint
studio_chat_pane_get_n_sessions (StudioChatPane *self)
{
  g_return_val_if_fail (STUDIO_IS_CHAT_PANE (self), 0);
  return self->n_sessions;
}

/**
 * studio_chat_pane_send_text:
 * @self: a [class@Studio.ChatPane]
 * @text: what the user says
 *
 * Sends a user message, as the Send button does: a turn of the agent, or a request to the
 * model with the whole history. Does nothing while a turn runs or with no target.
 */
void
studio_chat_pane_send_text (StudioChatPane *self,
                            const char     *text)
{
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (STUDIO_IS_CHAT_PANE (self));
  g_return_if_fail (text != NULL);

  if (self->target == NULL || is_busy (self) || self->background_id != NULL)
    return;
  message = user_message_new (text);
  if (!is_agent (self))
    {
      model_send (self, message);
      return;
    }
  input = json_object_new ();
  json_object_set_object_member (input, "message", json_object_ref (message));
  agent_send (self, input);
}

/**
 * studio_chat_pane_send_background:
 * @self: a [class@Studio.ChatPane]
 * @text: what the user says
 *
 * Sends @text as a detached turn (`detach: true`, Genkit's `chat.detach()`): the agent
 * answers at once with a pending snapshot and works on while the pane follows that snapshot
 * until the turn completes, fails or is aborted. Only for a server-managed agent that can
 * abort (`metadata.agent.abortable`); does nothing otherwise, while a turn runs, or while a
 * detached turn is followed.
 */
void
studio_chat_pane_send_background (StudioChatPane *self,
                                  const char     *text)
{
  g_autoptr(JsonObject) input = NULL;

  g_return_if_fail (STUDIO_IS_CHAT_PANE (self));
  g_return_if_fail (text != NULL);

  if (!self->abortable || is_busy (self) || self->background_id != NULL)
    return;
  clear_error (self);
  set_background_note (self, NULL);
  g_hash_table_remove_all (self->decisions);
  g_clear_object (&self->turn_cancellable);
  self->turn_cancellable = g_cancellable_new ();
  input = json_object_new ();
  json_object_set_object_member (input, "message", user_message_new (text));
  genkit_agent_chat_detach_async (self->chat, input, self->turn_cancellable, detach_cb, g_object_ref (self));
  rebuild_messages (self);
  update_busy (self);
}

/**
 * studio_chat_pane_new_conversation:
 * @self: a [class@Studio.ChatPane]
 *
 * Starts a new conversation with the same target (a new session for an agent). Stops a
 * running turn.
 */
void
studio_chat_pane_new_conversation (StudioChatPane *self)
{
  g_return_if_fail (STUDIO_IS_CHAT_PANE (self));

  new_conversation (self);
}
