/* genkit-session.c — the older chat API: sessions with named threads, chats that send
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-private.h"
#include "genkit-action-run.h"
#include "genkit-agent-private.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-generate.h"
#include "genkit-memory-session-store.h"
#include "genkit-message.h"
#include "genkit-registry.h"
#include "genkit-session.h"
#include "genkit-session-private.h"
#include "genkit-span.h"
#include "genkit-tracer.h"

/**
 * GenkitSession:
 *
 * A chat session of Genkit's older API (`Session` of `js/ai/src/session.ts`, up to 1.33; the
 * agents of [class@Genkit.Agent] replace it): a custom `state` and named threads of messages
 * (the default thread is `main`), each thread talked to through a [class@Genkit.Chat].
 *
 * Genkit stored the whole `SessionData` (`{id, state, threads}`) after every send. Here it
 * goes through the same [iface@Genkit.SessionStore] as agent snapshots: every save is a new
 * `completed` snapshot of the session, child of the previous one, whose state holds the
 * custom state as `custom`, the main thread as `messages`, and all threads under `threads`.
 * So a legacy conversation appears in a snapshot history like an agent's, and
 * [func@Genkit.Session.load_async] reads the latest one back.
 *
 * ```c
 * session = genkit_session_new (registry, store, NULL, NULL);
 * chat = genkit_session_chat (session, NULL, prompt_config, &error);
 * genkit_chat_send_async (chat, "hi, my name is Genkit", NULL, sent_cb, NULL);
 * ```
 */
struct _GenkitSession
{
  GObject             parent_instance;

  GenkitRegistry     *registry;
  GenkitSessionStore *store;
  char               *id;
  JsonNode           *state;
  JsonObject         *threads;       /* name → Message[] */
  char               *last_snapshot_id;
};

G_DEFINE_FINAL_TYPE (GenkitSession, genkit_session, G_TYPE_OBJECT)

/**
 * GenkitChat:
 *
 * One thread of a [class@Genkit.Session], Genkit's older `Chat` (`js/ai/src/chat.ts`, up to
 * 1.33): every [method@Genkit.Chat.send_async] generates with the thread's history plus the
 * new prompt and stores the resulting messages back into the session.
 *
 * The chat's options (model, system prompt, messages, tools, config, output…, as a
 * `PromptConfig` object) are its preamble: the system prompt and messages are tagged
 * `metadata.preamble` and always come first, replacing any preamble in the stored history.
 * Each send runs in a span `send` (`genkit:type` `helper`) carrying `genkit:sessionId` and
 * `genkit:threadName`.
 */
struct _GenkitChat
{
  GObject        parent_instance;

  GenkitSession *session;
  char          *thread;
  JsonObject    *base;           /* the options, without system and messages */
  JsonArray     *messages;
};

G_DEFINE_FINAL_TYPE (GenkitChat, genkit_chat, G_TYPE_OBJECT)

/* GenkitSession ----------------------------------------------------------------------------- */

static void
genkit_session_finalize (GObject *object)
{
  GenkitSession *self = GENKIT_SESSION (object);

  g_clear_object (&self->registry);
  g_clear_object (&self->store);
  g_free (self->id);
  g_clear_pointer (&self->state, json_node_unref);
  g_clear_pointer (&self->threads, json_object_unref);
  g_free (self->last_snapshot_id);

  G_OBJECT_CLASS (genkit_session_parent_class)->finalize (object);
}

static void
genkit_session_class_init (GenkitSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_session_finalize;
}

static void
genkit_session_init (GenkitSession *self)
{
  self->threads = json_object_new ();
}

/**
 * genkit_session_new:
 * @registry: the registry the chats generate with
 * @store: (nullable): where to save the session; %NULL for a new in-memory store
 * @session_id: (nullable): the session's id; %NULL for a new UUID
 * @initial_state: (nullable): the custom state to start with
 *
 * Creates a session (Genkit's `ai.createSession()`).
 *
 * Returns: (transfer full): the session
 */
GenkitSession *
genkit_session_new (GenkitRegistry     *registry,
                    GenkitSessionStore *store,
                    const char         *session_id,
                    JsonNode           *initial_state)
{
  GenkitSession *self;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (store == NULL || GENKIT_IS_SESSION_STORE (store), NULL);

  self = g_object_new (GENKIT_TYPE_SESSION, NULL);
  self->registry = g_object_ref (registry);
  self->store = store ? g_object_ref (store)
                      : GENKIT_SESSION_STORE (genkit_memory_session_store_new ());
  self->id = session_id ? g_strdup (session_id) : _genkit_new_uuid ();
  self->state = initial_state ? _gk_node_copy (initial_state) : NULL;
  return self;
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitRegistry *registry = g_task_get_task_data (task);
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GenkitSession) session = NULL;
  JsonObject *state;
  JsonObject *threads;
  JsonNode *custom;
  GError *error = NULL;

  snapshot = genkit_session_store_get_snapshot_finish (GENKIT_SESSION_STORE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (snapshot == NULL)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "Session %s not found",
                               (const char *) g_object_get_data (G_OBJECT (task), "session-id"));
      return;
    }

  state = genkit_session_snapshot_get_state (snapshot);
  custom = state ? json_object_get_member (state, "custom") : NULL;
  session = genkit_session_new (registry, GENKIT_SESSION_STORE (object),
                                genkit_session_snapshot_get_session_id (snapshot), custom);
  session->last_snapshot_id = g_strdup (genkit_session_snapshot_get_snapshot_id (snapshot));
  if ((threads = _gk_object_get_object (state, "threads")) != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (threads);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *thread = json_object_get_member (threads, l->data);

          if (JSON_NODE_HOLDS_ARRAY (thread))
            json_object_set_array_member (session->threads, l->data,
                                          _gk_array_copy (json_node_get_array (thread)));
        }
    }
  else if (_gk_object_get_array (state, "messages") != NULL)
    /* An agent's snapshot: its messages are the main thread. */
    json_object_set_array_member (session->threads, GENKIT_SESSION_MAIN_THREAD,
                                  _gk_array_copy (_gk_object_get_array (state, "messages")));
  g_task_return_pointer (task, g_steal_pointer (&session), g_object_unref);
}

/**
 * genkit_session_load_async:
 * @registry: the registry the chats generate with
 * @store: the store the session was saved in
 * @session_id: the session's id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the session
 * @user_data: data for @callback
 *
 * Loads a saved session, its latest save (Genkit's `ai.loadSession()`).
 */
void
genkit_session_load_async (GenkitRegistry      *registry,
                           GenkitSessionStore  *store,
                           const char          *session_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GENKIT_IS_REGISTRY (registry));
  g_return_if_fail (GENKIT_IS_SESSION_STORE (store));
  g_return_if_fail (session_id != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_session_load_async);
  g_task_set_task_data (task, g_object_ref (registry), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "session-id", g_strdup (session_id), g_free);
  genkit_session_store_get_snapshot_async (store, NULL, session_id, NULL, cancellable, load_cb, task);
}

/**
 * genkit_session_load_finish:
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` for an unknown session
 *
 * Finishes [func@Genkit.Session.load_async].
 *
 * Returns: (transfer full) (nullable): the session, or %NULL with @error set
 */
GenkitSession *
genkit_session_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_session_get_id:
 * @self: a [class@Genkit.Session]
 *
 * Gets the session's id.
 *
 * Returns: the id
 */
const char *
genkit_session_get_id (GenkitSession *self)
{
  g_return_val_if_fail (GENKIT_IS_SESSION (self), NULL);
  return self->id;
}

/**
 * genkit_session_get_registry:
 * @self: a [class@Genkit.Session]
 *
 * Gets the registry the session's chats generate with.
 *
 * Returns: (transfer none): the registry
 */
GenkitRegistry *
genkit_session_get_registry (GenkitSession *self)
{
  g_return_val_if_fail (GENKIT_IS_SESSION (self), NULL);
  return self->registry;
}

/**
 * genkit_session_get_store:
 * @self: a [class@Genkit.Session]
 *
 * Gets where the session is saved.
 *
 * Returns: (transfer none): the store
 */
GenkitSessionStore *
genkit_session_get_store (GenkitSession *self)
{
  g_return_val_if_fail (GENKIT_IS_SESSION (self), NULL);
  return self->store;
}

/**
 * genkit_session_get_state:
 * @self: a [class@Genkit.Session]
 *
 * Gets the session's custom state.
 *
 * Returns: (transfer none) (nullable): the state
 */
JsonNode *
genkit_session_get_state (GenkitSession *self)
{
  g_return_val_if_fail (GENKIT_IS_SESSION (self), NULL);
  return self->state;
}

/**
 * genkit_session_dup_thread_names:
 * @self: a [class@Genkit.Session]
 *
 * Lists the threads that hold messages.
 *
 * Returns: (transfer full): the thread names
 */
GStrv
genkit_session_dup_thread_names (GenkitSession *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (GENKIT_IS_SESSION (self), NULL);

  names = json_object_get_members (self->threads);
  for (GList *l = names; l != NULL; l = l->next)
    g_strv_builder_add (builder, l->data);
  return g_strv_builder_end (builder);
}

/**
 * genkit_session_get_thread:
 * @self: a [class@Genkit.Session]
 * @thread: (nullable): a thread name; %NULL for `main`
 *
 * Gets the messages of a thread.
 *
 * Returns: (transfer none) (nullable): the messages, %NULL for a thread never used
 */
JsonArray *
genkit_session_get_thread (GenkitSession *self,
                           const char    *thread)
{
  g_return_val_if_fail (GENKIT_IS_SESSION (self), NULL);
  return _gk_object_get_array (self->threads, thread ? thread : GENKIT_SESSION_MAIN_THREAD);
}

/**
 * genkit_session_to_json:
 * @self: a [class@Genkit.Session]
 *
 * Gets Genkit's `SessionData`: `{id, state?, threads}`.
 *
 * Returns: (transfer full): the session data
 */
JsonNode *
genkit_session_to_json (GenkitSession *self)
{
  JsonObject *data = json_object_new ();

  g_return_val_if_fail (GENKIT_IS_SESSION (self), NULL);

  json_object_set_string_member (data, "id", self->id);
  if (self->state != NULL)
    json_object_set_member (data, "state", _gk_node_copy (self->state));
  json_object_set_object_member (data, "threads", _gk_object_copy (self->threads));
  return _gk_node_take_object (data);
}

static GenkitSessionSnapshot *
save_mutator (GenkitSessionSnapshot  *current,
              gpointer                user_data,
              GError                **error)
{
  return genkit_session_snapshot_copy (user_data);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autofree char *id = NULL;
  GError *error = NULL;

  id = genkit_session_store_save_snapshot_finish (GENKIT_SESSION_STORE (object), result, NULL, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Saves the session as a new snapshot, child of the last one; completes @task. */
static void
genkit_session_save (GenkitSession *self,
                     GTask         *task)
{
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(JsonObject) state = json_object_new ();
  g_autofree char *now = _genkit_iso_timestamp_now ();
  g_autofree char *id = _genkit_new_uuid ();
  JsonArray *main_thread = _gk_object_get_array (self->threads, GENKIT_SESSION_MAIN_THREAD);

  json_object_set_string_member (state, "sessionId", self->id);
  json_object_set_array_member (state, "messages", main_thread ? _gk_array_copy (main_thread)
                                                              : json_array_new ());
  if (self->state != NULL)
    json_object_set_member (state, "custom", _gk_node_copy (self->state));
  json_object_set_object_member (state, "threads", _gk_object_copy (self->threads));

  snapshot = genkit_session_snapshot_new (id);
  genkit_session_snapshot_set_session_id (snapshot, self->id);
  genkit_session_snapshot_set_created_at (snapshot, now);
  genkit_session_snapshot_set_updated_at (snapshot, now);
  genkit_session_snapshot_set_state (snapshot, state);
  genkit_session_snapshot_set_parent_id (snapshot, self->last_snapshot_id);
  genkit_session_snapshot_set_status (snapshot, GENKIT_SNAPSHOT_STATUS_COMPLETED);

  /* The id is ours before the write: the next save's parent is known now. */
  g_free (self->last_snapshot_id);
  self->last_snapshot_id = g_strdup (id);

  genkit_session_store_save_snapshot_async (self->store, id, save_mutator,
                                            g_steal_pointer (&snapshot),
                                            (GDestroyNotify) genkit_session_snapshot_unref, NULL,
                                            g_task_get_cancellable (task), saved_cb, task);
}

/**
 * genkit_session_update_state_async:
 * @self: a [class@Genkit.Session]
 * @state: (nullable): the new custom state
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the session was saved
 * @user_data: data for @callback
 *
 * Replaces the custom state and saves the session (Genkit's `session.updateState()`).
 */
void
genkit_session_update_state_async (GenkitSession       *self,
                                   JsonNode            *state,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GENKIT_IS_SESSION (self));

  g_clear_pointer (&self->state, json_node_unref);
  self->state = state ? _gk_node_copy (state) : NULL;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_session_update_state_async);
  genkit_session_save (self, task);
}

/**
 * genkit_session_update_state_finish:
 * @self: a [class@Genkit.Session]
 * @result: the result given to the callback
 * @error: return location for the store's error
 *
 * Finishes [method@Genkit.Session.update_state_async].
 *
 * Returns: %TRUE if the session was saved
 */
gboolean
genkit_session_update_state_finish (GenkitSession  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (GENKIT_IS_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
message_is_preamble (JsonNode *message)
{
  JsonObject *metadata;

  if (!JSON_NODE_HOLDS_OBJECT (message))
    return FALSE;
  metadata = _gk_object_get_object (json_node_get_object (message), "metadata");
  return metadata != NULL && _gk_node_is_truthy (json_object_get_member (metadata, "preamble"));
}

/**
 * genkit_session_chat:
 * @self: a [class@Genkit.Session]
 * @thread: (nullable): the thread to talk on; %NULL for `main`
 * @options: (nullable): the chat's generate options, as a `PromptConfig` (`model`, `system`,
 *   `messages`, `tools`, `toolChoice`, `config`, `output`, `maxTurns`, `use`…); its system
 *   prompt and messages are the preamble
 * @error: return location for an `INVALID_ARGUMENT` error naming a malformed option
 *
 * Opens a chat on a thread of the session (Genkit's `session.chat()`), continuing the
 * thread's history.
 *
 * Returns: (transfer full) (nullable): the chat, or %NULL with @error set
 */
GenkitChat *
genkit_session_chat (GenkitSession  *self,
                     const char     *thread,
                     JsonObject     *options,
                     GError        **error)
{
  g_autoptr(JsonObject) config = NULL;
  g_autoptr(JsonArray) preamble = json_array_new ();
  JsonArray *history;
  JsonArray *messages;
  GenkitChat *chat;

  g_return_val_if_fail (GENKIT_IS_SESSION (self), NULL);

  config = options ? _genkit_agent_prompt_config_check (options, error) : json_object_new ();
  if (config == NULL)
    return NULL;

  /* The options' system prompt and messages, tagged as the preamble. */
  if (_gk_object_get_string (config, "system") != NULL)
    {
      g_autoptr(GenkitMessage) system = genkit_message_new_text (GENKIT_ROLE_SYSTEM,
                                                                 _gk_object_get_string (config, "system"));

      json_array_add_element (preamble, genkit_message_to_json (system));
    }
  if ((messages = _gk_object_get_array (config, "messages")) != NULL)
    for (guint i = 0; i < json_array_get_length (messages); i++)
      json_array_add_element (preamble, _gk_node_copy (json_array_get_element (messages, i)));
  for (guint i = 0; i < json_array_get_length (preamble); i++)
    {
      JsonObject *message = json_array_get_object_element (preamble, i);
      JsonObject *metadata = _gk_object_get_object (message, "metadata");

      if (metadata == NULL)
        {
          metadata = json_object_new ();
          json_object_set_object_member (message, "metadata", metadata);
        }
      json_object_set_boolean_member (metadata, "preamble", TRUE);
    }
  json_object_remove_member (config, "system");
  json_object_remove_member (config, "messages");
  json_object_remove_member (config, "description");

  chat = g_object_new (GENKIT_TYPE_CHAT, NULL);
  chat->session = g_object_ref (self);
  chat->thread = g_strdup (thread ? thread : GENKIT_SESSION_MAIN_THREAD);
  chat->base = g_steal_pointer (&config);
  chat->messages = json_array_new ();

  /* A preamble always comes first and replaces the one in the history. */
  history = genkit_session_get_thread (self, chat->thread);
  for (guint i = 0; i < json_array_get_length (preamble); i++)
    json_array_add_element (chat->messages, _gk_node_copy (json_array_get_element (preamble, i)));
  for (guint i = 0; history != NULL && i < json_array_get_length (history); i++)
    {
      JsonNode *message = json_array_get_element (history, i);

      if (json_array_get_length (preamble) == 0 || !message_is_preamble (message))
        json_array_add_element (chat->messages, _gk_node_copy (message));
    }
  return chat;
}

/* GenkitChat -------------------------------------------------------------------------------- */

static void
genkit_chat_finalize (GObject *object)
{
  GenkitChat *self = GENKIT_CHAT (object);

  g_clear_object (&self->session);
  g_free (self->thread);
  g_clear_pointer (&self->base, json_object_unref);
  g_clear_pointer (&self->messages, json_array_unref);

  G_OBJECT_CLASS (genkit_chat_parent_class)->finalize (object);
}

static void
genkit_chat_class_init (GenkitChatClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_chat_finalize;
}

static void
genkit_chat_init (GenkitChat *self)
{
}

/**
 * genkit_chat_get_session:
 * @self: a [class@Genkit.Chat]
 *
 * Gets the chat's session.
 *
 * Returns: (transfer none): the session
 */
GenkitSession *
genkit_chat_get_session (GenkitChat *self)
{
  g_return_val_if_fail (GENKIT_IS_CHAT (self), NULL);
  return self->session;
}

/**
 * genkit_chat_get_thread:
 * @self: a [class@Genkit.Chat]
 *
 * Gets the thread the chat talks on.
 *
 * Returns: the thread name
 */
const char *
genkit_chat_get_thread (GenkitChat *self)
{
  g_return_val_if_fail (GENKIT_IS_CHAT (self), NULL);
  return self->thread;
}

/**
 * genkit_chat_get_messages:
 * @self: a [class@Genkit.Chat]
 *
 * Gets the chat's messages: the preamble, then the history.
 *
 * Returns: (transfer none): the messages
 */
JsonArray *
genkit_chat_get_messages (GenkitChat *self)
{
  g_return_val_if_fail (GENKIT_IS_CHAT (self), NULL);
  return self->messages;
}

typedef struct
{
  GenkitChat             *chat;
  GenkitActionRun        *run;         /* the `send` span's run */
  JsonNode               *input;
  GenkitGenerateResponse *response;
  GenkitGenerateChunkFunc on_chunk;
  gpointer                chunk_data;
  GDestroyNotify          chunk_destroy;
} Send;

static void
send_free (Send *send)
{
  if (send->chunk_destroy != NULL)
    send->chunk_destroy (send->chunk_data);
  g_clear_object (&send->chat);
  g_clear_object (&send->run);
  g_clear_pointer (&send->input, json_node_unref);
  g_clear_pointer (&send->response, genkit_generate_response_unref);
  g_free (send);
}

static void
send_span_complete (GenkitActionRun *run,
                    JsonNode        *value,
                    const GError    *error,
                    gpointer         user_data)
{
  GTask *task = user_data;
  Send *send = g_task_get_task_data (task);
  GenkitSpan *span = genkit_action_run_get_span (run);

  genkit_span_set_json_attribute (span, "genkit:input", send->input);
  if (error != NULL)
    {
      genkit_span_record_error (span, error);
      genkit_span_end (span);
      g_task_return_error (task, g_error_copy (error));
    }
  else
    {
      genkit_span_set_json_attribute (span, "genkit:output", value);
      genkit_span_end (span);
      g_task_return_pointer (task, genkit_generate_response_ref (send->response),
                             (GDestroyNotify) genkit_generate_response_unref);
    }
  /* The run holds the task: let go of the run to break the cycle. */
  g_clear_object (&send->run);
}

static void
send_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  GError *error = NULL;

  if (send->run == NULL)
    return;   /* cancelled meanwhile */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      genkit_action_run_return_error (send->run, error);
      return;
    }
  genkit_action_run_return_value (send->run, genkit_generate_response_to_json (send->response));
}

static void
send_generated_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  GenkitChat *chat = send->chat;
  g_autoptr(GPtrArray) messages = NULL;
  GTask *save;
  GError *error = NULL;

  send->response = genkit_generate_finish (GENKIT_REGISTRY (object), result, &error);
  if (send->run == NULL)
    {
      /* Cancelled: the send already ended. */
      g_clear_error (&error);
      return;
    }
  if (send->response == NULL ||
      (messages = genkit_generate_response_get_messages (send->response, &error)) == NULL)
    {
      genkit_action_run_return_error (send->run, error);
      return;
    }

  /* The thread becomes what the model saw plus its reply; the session is saved with it. */
  g_clear_pointer (&chat->messages, json_array_unref);
  chat->messages = json_array_new ();
  for (guint i = 0; i < messages->len; i++)
    json_array_add_element (chat->messages, genkit_message_to_json (messages->pdata[i]));
  json_object_set_array_member (chat->session->threads, chat->thread, _gk_array_copy (chat->messages));

  save = g_task_new (chat->session, NULL, send_saved_cb, g_steal_pointer (&task));
  genkit_session_save (chat->session, save);
}

static void
send_chunk_cb (GenkitGenerateResponseChunk *chunk,
               gpointer                     user_data)
{
  Send *send = user_data;

  if (send->on_chunk != NULL)
    send->on_chunk (chunk, send->chunk_data);
}

static JsonObject *
prompt_message (JsonNode  *prompt,
                GError   **error)
{
  JsonObject *message = json_object_new ();
  JsonArray *content;

  json_object_set_string_member (message, "role", "user");
  if (JSON_NODE_HOLDS_VALUE (prompt) && json_node_get_value_type (prompt) == G_TYPE_STRING)
    {
      JsonObject *text = json_object_new ();

      content = json_array_new ();
      json_object_set_string_member (text, "text", json_node_get_string (prompt));
      json_array_add_object_element (content, text);
    }
  else if (JSON_NODE_HOLDS_ARRAY (prompt))
    content = _gk_array_copy (json_node_get_array (prompt));
  else if (JSON_NODE_HOLDS_OBJECT (prompt))
    {
      content = json_array_new ();
      json_array_add_object_element (content, _gk_object_copy (json_node_get_object (prompt)));
    }
  else
    {
      json_object_unref (message);
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "prompt must be a string, a part or an array of parts");
      return NULL;
    }
  json_object_set_array_member (message, "content", content);
  return message;
}

/**
 * genkit_chat_send_stream_async:
 * @self: a [class@Genkit.Chat]
 * @options: what to send, Genkit's `ChatGenerateOptions`: `prompt` (a string, a part or
 *   parts) and any generate option that overrides the chat's for this send
 * @on_chunk: (nullable) (scope notified) (closure chunk_data) (destroy chunk_destroy):
 *   receives the model's chunks
 * @chunk_data: data for @on_chunk
 * @chunk_destroy: (nullable): frees @chunk_data when the send is done
 * @cancellable: (nullable): cancels the generation
 * @callback: called with the response, once the session was saved
 * @user_data: data for @callback
 *
 * Sends one message of the chat, streaming (Genkit's `chat.sendStream()`).
 */
void
genkit_chat_send_stream_async (GenkitChat              *self,
                               JsonObject              *options,
                               GenkitGenerateChunkFunc  on_chunk,
                               gpointer                 chunk_data,
                               GDestroyNotify           chunk_destroy,
                               GCancellable            *cancellable,
                               GAsyncReadyCallback      callback,
                               gpointer                 user_data)
{
  GenkitRegistry *registry;
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(JsonObject) attributes = json_object_new ();
  g_autoptr(GenkitSpan) span = NULL;
  g_autoptr(GenkitGenerateOptions) generate = NULL;
  g_autoptr(GList) members = NULL;
  JsonArray *messages;
  JsonObject *user;
  JsonNode *prompt;
  GenkitTracer *tracer;
  GError *error = NULL;
  Send *send;

  g_return_if_fail (GENKIT_IS_CHAT (self));
  g_return_if_fail (options != NULL);

  registry = self->session->registry;
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_chat_send_stream_async);
  g_task_set_check_cancellable (task, FALSE);
  send = g_new0 (Send, 1);
  send->chat = g_object_ref (self);
  send->input = _gk_node_take_object (_gk_object_copy (options));
  send->on_chunk = on_chunk;
  send->chunk_data = chunk_data;
  send->chunk_destroy = chunk_destroy;
  g_task_set_task_data (task, send, (GDestroyNotify) send_free);

  /* {...chat options, messages: the chat's, ...send options} with the prompt appended. */
  raw = _gk_object_copy (self->base);
  members = json_object_get_members (options);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "prompt") && !g_str_equal (l->data, "messages"))
      json_object_set_member (raw, l->data, _gk_node_copy (json_object_get_member (options, l->data)));
  if (_gk_object_get_object (raw, "output") != NULL)
    {
      JsonObject *output = _gk_object_get_object (raw, "output");

      if (json_object_has_member (output, "schema") && !json_object_has_member (output, "jsonSchema"))
        {
          json_object_set_member (output, "jsonSchema", _gk_node_copy (json_object_get_member (output, "schema")));
          json_object_remove_member (output, "schema");
        }
    }
  messages = _gk_array_copy (self->messages);
  if ((prompt = json_object_get_member (options, "prompt")) != NULL)
    {
      if ((user = prompt_message (prompt, &error)) == NULL)
        {
          json_array_unref (messages);
          g_task_return_error (task, error);
          return;
        }
      json_array_add_object_element (messages, user);
    }
  json_object_set_array_member (raw, "messages", messages);
  if ((generate = _genkit_generate_options_from_action_options (raw, registry, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  genkit_generate_options_set_chunk_func (generate, send_chunk_cb, send, NULL);

  /* The `send` helper span of Genkit 1.33, with the session and the thread. */
  tracer = genkit_registry_get_tracer (registry);
  json_object_set_string_member (attributes, "genkit:type", "helper");
  json_object_set_string_member (attributes, "genkit:sessionId", self->session->id);
  json_object_set_string_member (attributes, "genkit:threadName", self->thread);
  span = genkit_tracer_start_span (tracer, NULL, "send", attributes);
  send->run = _genkit_action_run_new (NULL, registry, span, NULL, cancellable, NULL, NULL,
                                      send_span_complete, g_object_ref (task), g_object_unref);

  genkit_generate_async (registry, send->run, generate, NULL, send_generated_cb, g_steal_pointer (&task));
}

/**
 * genkit_chat_send_async:
 * @self: a [class@Genkit.Chat]
 * @prompt: what the user says
 * @cancellable: (nullable): cancels the generation
 * @callback: called with the response, once the session was saved
 * @user_data: data for @callback
 *
 * Sends one message of the chat (Genkit's `chat.send("…")`): generates with the thread's
 * messages plus @prompt and saves the session with the new messages.
 */
void
genkit_chat_send_async (GenkitChat          *self,
                        const char          *prompt,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(JsonObject) options = json_object_new ();

  g_return_if_fail (GENKIT_IS_CHAT (self));
  g_return_if_fail (prompt != NULL);

  json_object_set_string_member (options, "prompt", prompt);
  genkit_chat_send_stream_async (self, options, NULL, NULL, NULL, cancellable, callback, user_data);
}

/**
 * genkit_chat_send_finish:
 * @self: a [class@Genkit.Chat]
 * @result: the result given to the callback
 * @error: return location for the generation's or the store's error
 *
 * Finishes [method@Genkit.Chat.send_async] and [method@Genkit.Chat.send_stream_async].
 *
 * Returns: (transfer full) (nullable): the response, or %NULL with @error set
 */
GenkitGenerateResponse *
genkit_chat_send_finish (GenkitChat    *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (GENKIT_IS_CHAT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
