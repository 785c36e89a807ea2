/* genkit-agent-chat.c — a conversation with an agent on any runtime: Genkit's AgentChat
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-result.h"
#include "genkit-agent-chat.h"
#include "genkit-ai-private.h"
#include "genkit-enums.h"
#include "genkit-error.h"
#include "genkit-json-patch.h"
#include "genkit-run-options.h"
#include "genkit-runtime.h"
#include "genkit-session-private.h"

/**
 * GenkitAgentChat:
 *
 * A conversation with one agent of a [iface@Genkit.Runtime], built in or remote: Genkit's
 * `AgentChat` (`js/ai/src/agent-core.ts`), which tracks the conversation so that its caller
 * does not thread `snapshotId`s or state by hand, and the model a chat view shows.
 *
 * Each [method@Genkit.AgentChat.send_async] runs one turn: `/agent/<name>` with the input and
 * an `init` built from what the chat knows (the last `snapshotId` for a server-managed
 * agent, the whole `state` for a client-managed one). Chunks arrive as
 * [signal@Genkit.AgentChat::chunk]; `customPatch` chunks are applied to the tracked custom
 * state as they come ([signal@Genkit.AgentChat::custom-changed]). When the turn ends, the
 * answer updates the snapshot id, the session id, the messages (the whole history for a
 * client-managed agent; the user's message and the reply for a server-managed one) and the
 * artifacts.
 *
 * A chat can start from any snapshot ([method@Genkit.AgentChat.load_async], which reads it
 * with `/agent-snapshot/<name>`): continuing from an older snapshot than the latest makes a
 * branch. [method@Genkit.AgentChat.detach_async] starts a background turn and
 * [method@Genkit.AgentChat.abort_async] stops one (`/agent-abort/<name>`).
 */
struct _GenkitAgentChat
{
  GObject                parent_instance;

  GenkitRuntime         *runtime;
  char                  *agent;
  GenkitStateManagement  state_management;
  JsonObject            *connect_init;
  JsonObject            *context;

  char                  *snapshot_id;
  char                  *session_id;
  JsonObject            *state;          /* the tracked state: custom, and for a client agent all */
  JsonArray             *messages;
  JsonArray             *artifacts;
  JsonObject            *last_output;
  char                  *last_trace_id;
  gboolean               busy;
};

G_DEFINE_FINAL_TYPE (GenkitAgentChat, genkit_agent_chat, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNTIME,
  PROP_AGENT,
  PROP_STATE_MANAGEMENT,
  PROP_SNAPSHOT_ID,
  PROP_SESSION_ID,
  PROP_BUSY,
  N_PROPS
};

enum {
  CHUNK,
  MESSAGES_CHANGED,
  CUSTOM_CHANGED,
  ARTIFACTS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_string_property (GenkitAgentChat  *self,
                     char            **slot,
                     const char       *value,
                     guint             prop)
{
  if (g_strcmp0 (*slot, value) == 0)
    return;
  g_free (*slot);
  *slot = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_busy (GenkitAgentChat *self,
          gboolean         busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
genkit_agent_chat_finalize (GObject *object)
{
  GenkitAgentChat *self = GENKIT_AGENT_CHAT (object);

  g_clear_object (&self->runtime);
  g_free (self->agent);
  g_clear_pointer (&self->connect_init, json_object_unref);
  g_clear_pointer (&self->context, json_object_unref);
  g_free (self->snapshot_id);
  g_free (self->session_id);
  g_clear_pointer (&self->state, json_object_unref);
  g_clear_pointer (&self->messages, json_array_unref);
  g_clear_pointer (&self->artifacts, json_array_unref);
  g_clear_pointer (&self->last_output, json_object_unref);
  g_free (self->last_trace_id);

  G_OBJECT_CLASS (genkit_agent_chat_parent_class)->finalize (object);
}

static void
genkit_agent_chat_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GenkitAgentChat *self = GENKIT_AGENT_CHAT (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    case PROP_AGENT:
      g_value_set_string (value, self->agent);
      break;
    case PROP_STATE_MANAGEMENT:
      g_value_set_enum (value, self->state_management);
      break;
    case PROP_SNAPSHOT_ID:
      g_value_set_string (value, self->snapshot_id);
      break;
    case PROP_SESSION_ID:
      g_value_set_string (value, self->session_id);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_agent_chat_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GenkitAgentChat *self = GENKIT_AGENT_CHAT (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      self->runtime = g_value_dup_object (value);
      break;
    case PROP_AGENT:
      self->agent = g_value_dup_string (value);
      break;
    case PROP_STATE_MANAGEMENT:
      genkit_agent_chat_set_state_management (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_agent_chat_class_init (GenkitAgentChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_agent_chat_finalize;
  object_class->get_property = genkit_agent_chat_get_property;
  object_class->set_property = genkit_agent_chat_set_property;

  /**
   * GenkitAgentChat:runtime:
   *
   * The runtime the agent runs in.
   */
  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAgentChat:agent:
   *
   * The agent's name (its actions are `/agent/<name>` and the companions).
   */
  properties[PROP_AGENT] =
    g_param_spec_string ("agent", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAgentChat:state-management:
   *
   * Who keeps the session state; set it from the agent's metadata
   * (`metadata.agent.stateManagement`), or the chat learns it from the first answer.
   */
  properties[PROP_STATE_MANAGEMENT] =
    g_param_spec_enum ("state-management", NULL, NULL, GENKIT_TYPE_STATE_MANAGEMENT,
                       GENKIT_STATE_MANAGEMENT_UNKNOWN,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAgentChat:snapshot-id:
   *
   * The snapshot the next turn continues from (server-managed agents).
   */
  properties[PROP_SNAPSHOT_ID] =
    g_param_spec_string ("snapshot-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAgentChat:session-id:
   *
   * The conversation's session id, once known.
   */
  properties[PROP_SESSION_ID] =
    g_param_spec_string ("session-id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAgentChat:busy:
   *
   * Whether a turn is running.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GenkitAgentChat::chunk:
   * @self: the chat
   * @chunk: an `AgentStreamChunk` (`modelChunk`, `customPatch`, `artifact` or `turnEnd`)
   *
   * Emitted for every chunk of a running turn, after a `customPatch` was applied.
   */
  signals[CHUNK] =
    g_signal_new ("chunk", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, JSON_TYPE_OBJECT);

  /**
   * GenkitAgentChat::messages-changed:
   * @self: the chat
   *
   * Emitted when the tracked messages changed.
   */
  signals[MESSAGES_CHANGED] =
    g_signal_new ("messages-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);

  /**
   * GenkitAgentChat::custom-changed:
   * @self: the chat
   *
   * Emitted when the tracked custom state changed (a streamed patch, a turn's answer).
   */
  signals[CUSTOM_CHANGED] =
    g_signal_new ("custom-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 0);

  /**
   * GenkitAgentChat::artifacts-changed:
   * @self: the chat
   *
   * Emitted when the tracked artifacts changed.
   */
  signals[ARTIFACTS_CHANGED] =
    g_signal_new ("artifacts-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
genkit_agent_chat_init (GenkitAgentChat *self)
{
  self->messages = json_array_new ();
  self->artifacts = json_array_new ();
}

/**
 * genkit_agent_chat_new:
 * @runtime: the runtime the agent runs in
 * @agent: the agent's name
 *
 * Starts a new conversation with an agent.
 *
 * Returns: (transfer full): a new chat
 */
GenkitAgentChat *
genkit_agent_chat_new (GenkitRuntime *runtime,
                       const char    *agent)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (runtime), NULL);
  g_return_val_if_fail (agent != NULL && *agent != '\0', NULL);

  return g_object_new (GENKIT_TYPE_AGENT_CHAT, "runtime", runtime, "agent", agent, NULL);
}

/**
 * genkit_agent_chat_get_runtime:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets [property@Genkit.AgentChat:runtime].
 *
 * Returns: (transfer none): the runtime
 */
GenkitRuntime *
genkit_agent_chat_get_runtime (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->runtime;
}

/**
 * genkit_agent_chat_get_agent:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets [property@Genkit.AgentChat:agent].
 *
 * Returns: the agent's name
 */
const char *
genkit_agent_chat_get_agent (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->agent;
}

/**
 * genkit_agent_chat_get_state_management:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets [property@Genkit.AgentChat:state-management].
 *
 * Returns: who keeps the state, as far as known
 */
GenkitStateManagement
genkit_agent_chat_get_state_management (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), GENKIT_STATE_MANAGEMENT_UNKNOWN);
  return self->state_management;
}

/**
 * genkit_agent_chat_set_state_management:
 * @self: a [class@Genkit.AgentChat]
 * @state_management: who keeps the state
 *
 * Sets [property@Genkit.AgentChat:state-management].
 */
void
genkit_agent_chat_set_state_management (GenkitAgentChat       *self,
                                        GenkitStateManagement  state_management)
{
  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));

  if (self->state_management == state_management)
    return;
  self->state_management = state_management;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE_MANAGEMENT]);
}

static void
hydrate_from_state (GenkitAgentChat *self,
                    JsonObject      *state)
{
  JsonArray *messages = _gk_object_get_array (state, "messages");
  JsonArray *artifacts = _gk_object_get_array (state, "artifacts");
  const char *session_id = _gk_object_get_string (state, "sessionId");

  g_clear_pointer (&self->state, json_object_unref);
  self->state = state ? _gk_object_copy (state) : NULL;
  g_clear_pointer (&self->messages, json_array_unref);
  self->messages = messages ? _gk_array_copy (messages) : json_array_new ();
  g_clear_pointer (&self->artifacts, json_array_unref);
  self->artifacts = artifacts ? _gk_array_copy (artifacts) : json_array_new ();
  if (session_id != NULL)
    set_string_property (self, &self->session_id, session_id, PROP_SESSION_ID);
  g_signal_emit (self, signals[MESSAGES_CHANGED], 0);
  g_signal_emit (self, signals[CUSTOM_CHANGED], 0);
  g_signal_emit (self, signals[ARTIFACTS_CHANGED], 0);
}

/**
 * genkit_agent_chat_set_init:
 * @self: a [class@Genkit.AgentChat]
 * @init: (nullable): an `AgentInit`: `{snapshotId?, sessionId?, state?}`
 *
 * Attaches the chat to a conversation before its first turn, Genkit's `agent.chat(init)`: a
 * snapshot or session to continue (server-managed agents), or a whole state (client-managed).
 */
void
genkit_agent_chat_set_init (GenkitAgentChat *self,
                            JsonObject      *init)
{
  const char *snapshot_id;
  const char *session_id;
  JsonObject *state;

  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));

  g_clear_pointer (&self->connect_init, json_object_unref);
  if (init == NULL)
    return;
  self->connect_init = _gk_object_copy (init);
  if ((snapshot_id = _gk_object_get_string (init, "snapshotId")) != NULL)
    set_string_property (self, &self->snapshot_id, snapshot_id, PROP_SNAPSHOT_ID);
  if ((session_id = _gk_object_get_string (init, "sessionId")) != NULL)
    set_string_property (self, &self->session_id, session_id, PROP_SESSION_ID);
  if ((state = _gk_object_get_object (init, "state")) != NULL)
    hydrate_from_state (self, state);
}

/**
 * genkit_agent_chat_set_context:
 * @self: a [class@Genkit.AgentChat]
 * @context: (nullable): the action context to run the agent with (`auth`…)
 *
 * Sets the action context of every call the chat makes.
 */
void
genkit_agent_chat_set_context (GenkitAgentChat *self,
                               JsonObject      *context)
{
  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));

  g_clear_pointer (&self->context, json_object_unref);
  self->context = context ? json_object_ref (context) : NULL;
}

/**
 * genkit_agent_chat_get_snapshot_id:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets [property@Genkit.AgentChat:snapshot-id].
 *
 * Returns: (nullable): the snapshot id
 */
const char *
genkit_agent_chat_get_snapshot_id (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->snapshot_id;
}

/**
 * genkit_agent_chat_get_session_id:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets [property@Genkit.AgentChat:session-id].
 *
 * Returns: (nullable): the session id
 */
const char *
genkit_agent_chat_get_session_id (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->session_id;
}

/**
 * genkit_agent_chat_get_messages:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets the conversation as the chat knows it.
 *
 * Returns: (transfer none): the messages
 */
JsonArray *
genkit_agent_chat_get_messages (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->messages;
}

/**
 * genkit_agent_chat_get_custom:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets the agent's custom state as tracked, streamed patches applied.
 *
 * Returns: (transfer none) (nullable): the custom state
 */
JsonNode *
genkit_agent_chat_get_custom (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->state ? json_object_get_member (self->state, "custom") : NULL;
}

/**
 * genkit_agent_chat_get_state:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets the session state the chat tracks: the whole state for a client-managed agent, the
 * custom state (and what a loaded snapshot held) for a server-managed one.
 *
 * Returns: (transfer none) (nullable): the state
 */
JsonObject *
genkit_agent_chat_get_state (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->state;
}

/**
 * genkit_agent_chat_get_artifacts:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets the artifacts the conversation produced.
 *
 * Returns: (transfer none): the artifacts
 */
JsonArray *
genkit_agent_chat_get_artifacts (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->artifacts;
}

/**
 * genkit_agent_chat_get_last_output:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets the `AgentOutput` of the last turn.
 *
 * Returns: (transfer none) (nullable): the output
 */
JsonObject *
genkit_agent_chat_get_last_output (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->last_output;
}

/**
 * genkit_agent_chat_get_last_trace_id:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets the trace of the last turn's run, to open it.
 *
 * Returns: (nullable): the trace id
 */
const char *
genkit_agent_chat_get_last_trace_id (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  return self->last_trace_id;
}

/**
 * genkit_agent_chat_get_busy:
 * @self: a [class@Genkit.AgentChat]
 *
 * Gets [property@Genkit.AgentChat:busy].
 *
 * Returns: whether a turn is running
 */
gboolean
genkit_agent_chat_get_busy (GenkitAgentChat *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), FALSE);
  return self->busy;
}

/* Turns ------------------------------------------------------------------------------------- */

typedef struct
{
  GenkitAgentChat *self;
  guint            n_messages_before;
  gboolean         detach;
  GCancellable    *cancellable;
} Turn;

static void
turn_free (Turn *turn)
{
  g_clear_object (&turn->self);
  g_clear_object (&turn->cancellable);
  g_free (turn);
}

static JsonObject *
build_init (GenkitAgentChat *self)
{
  JsonObject *init = json_object_new ();

  /* Never empty-handed: the agent checks init against AgentInit, and {} is a fresh session. */
  if (self->snapshot_id != NULL)
    json_object_set_string_member (init, "snapshotId", self->snapshot_id);
  else if (self->state != NULL && self->state_management != GENKIT_STATE_MANAGEMENT_SERVER)
    json_object_set_object_member (init, "state", _gk_object_copy (self->state));
  else if (self->connect_init != NULL)
    {
      json_object_unref (init);
      init = _gk_object_copy (self->connect_init);
    }
  return init;
}

static void
apply_custom_patch (GenkitAgentChat *self,
                    JsonNode        *patch)
{
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *current = genkit_agent_chat_get_custom (self);

  if (!genkit_json_patch_apply (current, patch, &patched, &error))
    {
      g_debug ("Agent %s: dropping a custom-state patch: %s", self->agent, error->message);
      return;
    }
  if (self->state == NULL)
    self->state = json_object_new ();
  if (patched == NULL)
    json_object_remove_member (self->state, "custom");
  else
    json_object_set_member (self->state, "custom", g_steal_pointer (&patched));
  g_signal_emit (self, signals[CUSTOM_CHANGED], 0);
}

static void
chunk_cb (JsonNode *chunk,
          gpointer  user_data)
{
  Turn *turn = user_data;
  GenkitAgentChat *self = turn->self;
  JsonObject *object;
  JsonNode *patch;

  if (!JSON_NODE_HOLDS_OBJECT (chunk))
    return;
  object = json_node_get_object (chunk);
  if ((patch = json_object_get_member (object, "customPatch")) != NULL && JSON_NODE_HOLDS_ARRAY (patch))
    apply_custom_patch (self, patch);
  g_signal_emit (self, signals[CHUNK], 0, object);
}

static void
started_cb (const char *trace_id,
            const char *span_id,
            gpointer    user_data)
{
  Turn *turn = user_data;

  g_free (turn->self->last_trace_id);
  turn->self->last_trace_id = g_strdup (trace_id);
}

static gboolean
check_output (JsonObject  *output,
              GError     **error)
{
  GkCheck check = { "AgentOutput", error };
  static const char *const reasons[] = { "stop", "length", "blocked", "interrupted", "other",
                                         "unknown", "aborted", "detached", "failed", NULL };
  JsonNode *member;

  if (!_gk_check_member (&check, output, "", "sessionId", GK_STRING, FALSE) ||
      !_gk_check_member (&check, output, "", "snapshotId", GK_STRING, FALSE) ||
      !_gk_check_member (&check, output, "", "artifacts", GK_ARRAY, FALSE) ||
      !_gk_check_member (&check, output, "", "error", GK_OBJECT, FALSE) ||
      !_gk_check_enum_member (&check, output, "", "finishReason", reasons, FALSE))
    return FALSE;
  if ((member = json_object_get_member (output, "message")) != NULL &&
      !_genkit_message_check (&check, member, "message"))
    return FALSE;
  if ((member = json_object_get_member (output, "state")) != NULL &&
      !genkit_session_state_check (member, error))
    return FALSE;
  return TRUE;
}

/* Genkit's AgentChatImpl.applyOutput. */
static void
apply_output (GenkitAgentChat *self,
              JsonObject      *output)
{
  const char *snapshot_id = _gk_object_get_string (output, "snapshotId");
  const char *session_id = _gk_object_get_string (output, "sessionId");
  JsonObject *state = _gk_object_get_object (output, "state");
  JsonObject *message = _gk_object_get_object (output, "message");
  JsonArray *artifacts = _gk_object_get_array (output, "artifacts");

  if (snapshot_id != NULL)
    set_string_property (self, &self->snapshot_id, snapshot_id, PROP_SNAPSHOT_ID);
  if (session_id != NULL)
    set_string_property (self, &self->session_id, session_id, PROP_SESSION_ID);
  if (state != NULL)
    {
      g_clear_pointer (&self->state, json_object_unref);
      self->state = _gk_object_copy (state);
      g_signal_emit (self, signals[CUSTOM_CHANGED], 0);
    }
  if (self->state_management == GENKIT_STATE_MANAGEMENT_UNKNOWN)
    {
      if (snapshot_id != NULL)
        genkit_agent_chat_set_state_management (self, GENKIT_STATE_MANAGEMENT_SERVER);
      else if (state != NULL)
        genkit_agent_chat_set_state_management (self, GENKIT_STATE_MANAGEMENT_CLIENT);
    }

  if (state != NULL && _gk_object_get_array (state, "messages") != NULL)
    {
      g_clear_pointer (&self->messages, json_array_unref);
      self->messages = _gk_array_copy (_gk_object_get_array (state, "messages"));
      g_signal_emit (self, signals[MESSAGES_CHANGED], 0);
    }
  else if (message != NULL)
    {
      json_array_add_object_element (self->messages, _gk_object_copy (message));
      g_signal_emit (self, signals[MESSAGES_CHANGED], 0);
    }

  if (state != NULL && _gk_object_get_array (state, "artifacts") != NULL)
    {
      g_clear_pointer (&self->artifacts, json_array_unref);
      self->artifacts = _gk_array_copy (_gk_object_get_array (state, "artifacts"));
      g_signal_emit (self, signals[ARTIFACTS_CHANGED], 0);
    }
  else if (artifacts != NULL && json_array_get_length (artifacts) > 0)
    {
      for (guint i = 0; i < json_array_get_length (artifacts); i++)
        {
          JsonNode *artifact = json_array_get_element (artifacts, i);
          const char *name = JSON_NODE_HOLDS_OBJECT (artifact)
                             ? _gk_object_get_string (json_node_get_object (artifact), "name") : NULL;
          gboolean replaced = FALSE;

          for (guint j = 0; name != NULL && j < json_array_get_length (self->artifacts); j++)
            if (g_strcmp0 (_gk_object_get_string (json_array_get_object_element (self->artifacts, j), "name"),
                           name) == 0)
              {
                g_autoptr(JsonArray) rebuilt = json_array_new ();

                for (guint k = 0; k < json_array_get_length (self->artifacts); k++)
                  json_array_add_element (rebuilt, k == j ? _gk_node_copy (artifact)
                                                          : json_node_ref (json_array_get_element (self->artifacts, k)));
                g_clear_pointer (&self->artifacts, json_array_unref);
                self->artifacts = g_steal_pointer (&rebuilt);
                replaced = TRUE;
                break;
              }
          if (!replaced)
            json_array_add_element (self->artifacts, _gk_node_copy (artifact));
        }
      g_signal_emit (self, signals[ARTIFACTS_CHANGED], 0);
    }
}

static void
rollback_messages (GenkitAgentChat *self,
                   guint            n_messages)
{
  if (json_array_get_length (self->messages) <= n_messages)
    return;
  while (json_array_get_length (self->messages) > n_messages)
    json_array_remove_element (self->messages, json_array_get_length (self->messages) - 1);
  g_signal_emit (self, signals[MESSAGES_CHANGED], 0);
}

static void
run_turn_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Turn *turn = g_task_get_task_data (task);
  GenkitAgentChat *self = turn->self;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(JsonObject) output = NULL;
  GError *error = NULL;
  JsonNode *value;
  const char *finish_reason;

  set_busy (self, FALSE);
  action_result = genkit_runtime_run_action_finish (GENKIT_RUNTIME (object), result, &error);
  if (action_result == NULL)
    {
      if (!g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED))
        {
          rollback_messages (self, turn->n_messages_before);
          g_task_return_error (task, error);
          return;
        }
      /* Aborted by the caller: an `aborted` turn, not a failure. */
      g_clear_error (&error);
      output = json_object_new ();
      json_object_set_string_member (output, "finishReason", "aborted");
    }
  else
    {
      value = genkit_action_result_get_result (action_result);
      if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
        {
          rollback_messages (self, turn->n_messages_before);
          g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                   "Agent %s answered without an AgentOutput", self->agent);
          return;
        }
      output = _gk_object_copy (json_node_get_object (value));
      if (!check_output (output, &error))
        {
          rollback_messages (self, turn->n_messages_before);
          g_task_return_error (task, error);
          return;
        }
    }

  finish_reason = _gk_object_get_string (output, "finishReason");
  if (g_strcmp0 (finish_reason, "failed") == 0 || g_strcmp0 (finish_reason, "aborted") == 0)
    {
      g_autoptr(JsonObject) settled = _gk_object_copy (output);

      /* The conversation is back where it was: no orphaned user message, and the last good
       * reply a failed turn carries is already there (Genkit's client would add it again). */
      rollback_messages (self, turn->n_messages_before);
      json_object_remove_member (settled, "message");
      apply_output (self, settled);
    }
  else
    apply_output (self, output);
  g_clear_pointer (&self->last_output, json_object_unref);
  self->last_output = json_object_ref (output);

  if (g_strcmp0 (finish_reason, "failed") == 0)
    {
      JsonObject *runtime_error = _gk_object_get_object (output, "error");

      g_task_return_error (task, runtime_error ? _genkit_gerror_from_runtime_error (runtime_error)
                                               : g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNKNOWN,
                                                                      "Agent turn failed."));
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&output), (GDestroyNotify) json_object_unref);
}

static void
run_turn (GenkitAgentChat     *self,
          JsonObject          *input,
          gboolean             detach,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GenkitRunOptions) options = NULL;
  g_autoptr(JsonObject) init = NULL;
  g_autoptr(JsonNode) init_node = NULL;
  g_autoptr(JsonObject) agent_input = NULL;
  g_autoptr(JsonNode) input_node = NULL;
  g_autofree char *key = NULL;
  JsonObject *message;
  Turn *turn;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);

  if (self->busy)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                               "A turn of %s is already running", self->agent);
      return;
    }

  agent_input = _gk_object_copy (input);
  if (detach)
    json_object_set_boolean_member (agent_input, "detach", TRUE);

  turn = g_new0 (Turn, 1);
  turn->self = g_object_ref (self);
  turn->n_messages_before = json_array_get_length (self->messages);
  turn->detach = detach;
  g_task_set_task_data (task, turn, (GDestroyNotify) turn_free);

  if ((message = _gk_object_get_object (agent_input, "message")) != NULL)
    {
      json_array_add_object_element (self->messages, _gk_object_copy (message));
      g_signal_emit (self, signals[MESSAGES_CHANGED], 0);
    }

  init = build_init (self);
  init_node = _gk_node_take_object (g_steal_pointer (&init));
  options = genkit_run_options_new ();
  genkit_run_options_set_init (options, init_node);
  if (self->context != NULL)
    genkit_run_options_set_context (options, self->context);
  genkit_run_options_set_started_func (options, started_cb, turn, NULL);
  if (!detach)
    genkit_run_options_set_stream_func (options, chunk_cb, turn, NULL);

  set_busy (self, TRUE);
  key = g_strconcat ("/agent/", self->agent, NULL);
  input_node = _gk_node_take_object (g_steal_pointer (&agent_input));
  genkit_runtime_run_action_async (self->runtime, key, input_node, options, cancellable,
                                   run_turn_cb, g_steal_pointer (&task));
}

/**
 * genkit_agent_chat_send_async:
 * @self: a [class@Genkit.AgentChat]
 * @input: an `AgentInput`: `{message?, resume?}`
 * @cancellable: (nullable): cancels the turn (it then ends `aborted`)
 * @callback: called when the turn ended
 * @user_data: data for @callback
 *
 * Runs one turn, Genkit's `chat.send()`/`sendStream()`: the input's message joins the tracked
 * messages at once, chunks arrive as [signal@Genkit.AgentChat::chunk], and the answer updates
 * the chat. One turn at a time.
 */
void
genkit_agent_chat_send_async (GenkitAgentChat     *self,
                              JsonObject          *input,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));
  g_return_if_fail (input != NULL);

  run_turn (self, input, FALSE, genkit_agent_chat_send_async, cancellable, callback, user_data);
}

/**
 * genkit_agent_chat_send_text_async:
 * @self: a [class@Genkit.AgentChat]
 * @text: what the user says
 * @cancellable: (nullable): cancels the turn
 * @callback: called when the turn ended
 * @user_data: data for @callback
 *
 * Runs one turn with a user message holding @text (`chat.send("…")`).
 */
void
genkit_agent_chat_send_text_async (GenkitAgentChat     *self,
                                   const char          *text,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  JsonObject *message = json_object_new ();
  JsonArray *content = json_array_new ();
  JsonObject *part = json_object_new ();

  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));
  g_return_if_fail (text != NULL);

  json_object_set_string_member (part, "text", text);
  json_array_add_object_element (content, part);
  json_object_set_string_member (message, "role", "user");
  json_object_set_array_member (message, "content", content);
  json_object_set_object_member (input, "message", message);
  run_turn (self, input, FALSE, genkit_agent_chat_send_async, cancellable, callback, user_data);
}

/**
 * genkit_agent_chat_resume_async:
 * @self: a [class@Genkit.AgentChat]
 * @resume: `{respond?: ToolResponsePart[], restart?: ToolRequestPart[]}` answering the
 *   interrupts of the last turn
 * @cancellable: (nullable): cancels the turn
 * @callback: called when the turn ended
 * @user_data: data for @callback
 *
 * Continues an interrupted turn (`chat.resume()`).
 */
void
genkit_agent_chat_resume_async (GenkitAgentChat     *self,
                                JsonObject          *resume,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();

  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));
  g_return_if_fail (resume != NULL);

  json_object_set_object_member (input, "resume", _gk_object_copy (resume));
  run_turn (self, input, FALSE, genkit_agent_chat_send_async, cancellable, callback, user_data);
}

/**
 * genkit_agent_chat_send_finish:
 * @self: a [class@Genkit.AgentChat]
 * @result: the result given to the callback
 * @error: return location for an error: the turn's failure (code from its `RuntimeError`
 *   status; the chat keeps the last good state), or the runtime's
 *
 * Finishes a turn started by [method@Genkit.AgentChat.send_async],
 * [method@Genkit.AgentChat.send_text_async] or [method@Genkit.AgentChat.resume_async].
 *
 * Returns: (transfer full) (nullable): the turn's `AgentOutput`, or %NULL with @error set
 */
JsonObject *
genkit_agent_chat_send_finish (GenkitAgentChat  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_agent_chat_detach_async:
 * @self: a [class@Genkit.AgentChat]
 * @input: an `AgentInput` to run in the background
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the agent took the turn into the background
 * @user_data: data for @callback
 *
 * Runs a turn detached (Genkit's `chat.detach()`): the agent answers at once with a pending
 * snapshot and works on; follow it with [method@Genkit.AgentChat.get_snapshot_async], stop
 * it with [method@Genkit.AgentChat.abort_async]. Needs a server-managed agent.
 */
void
genkit_agent_chat_detach_async (GenkitAgentChat     *self,
                                JsonObject          *input,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));
  g_return_if_fail (input != NULL);

  run_turn (self, input, TRUE, genkit_agent_chat_detach_async, cancellable, callback, user_data);
}

/**
 * genkit_agent_chat_detach_finish:
 * @self: a [class@Genkit.AgentChat]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.AgentChat.detach_async].
 *
 * Returns: (transfer full) (nullable): the pending snapshot's id, or %NULL with @error set
 */
char *
genkit_agent_chat_detach_finish (GenkitAgentChat  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_autoptr(JsonObject) output = NULL;
  const char *snapshot_id;

  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if ((output = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;
  if ((snapshot_id = _gk_object_get_string (output, "snapshotId")) == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                           "detach did not return a snapshotId.");
      return NULL;
    }
  return g_strdup (snapshot_id);
}

/* Snapshots and abort -------------------------------------------------------------------------- */

static void
companion_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GenkitActionResult) action_result = NULL;
  JsonNode *value;
  GError *error = NULL;

  action_result = genkit_runtime_run_action_finish (GENKIT_RUNTIME (object), result, &error);
  if (action_result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  value = genkit_action_result_get_result (action_result);
  g_task_return_pointer (task, value ? json_node_copy (value) : NULL, (GDestroyNotify) json_node_unref);
}

static void
run_companion (GenkitAgentChat *self,
               const char      *type,
               JsonObject      *input,
               GTask           *task)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autofree char *key = g_strconcat ("/", type, "/", self->agent, NULL);
  g_autoptr(JsonNode) input_node = _gk_node_take_object (json_object_ref (input));

  if (self->context != NULL)
    genkit_run_options_set_context (options, self->context);
  genkit_runtime_run_action_async (self->runtime, key, input_node, options,
                                   g_task_get_cancellable (task), companion_cb, task);
}

static void
get_snapshot_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) value = NULL;
  GError *error = NULL;
  GenkitSessionSnapshot *snapshot;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      /* No such snapshot is an answer, not a failure. */
      if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND))
        {
          g_clear_error (&error);
          g_task_return_pointer (task, NULL, NULL);
        }
      else
        g_task_return_error (task, error);
      return;
    }
  if (value == NULL || (snapshot = genkit_session_snapshot_new_from_json (value, &error)) == NULL)
    {
      g_task_return_error (task, error ? error : g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                                                      "The agent returned no snapshot"));
      return;
    }
  g_task_return_pointer (task, snapshot, (GDestroyNotify) genkit_session_snapshot_unref);
}

/**
 * genkit_agent_chat_get_snapshot_async:
 * @self: a [class@Genkit.AgentChat]
 * @snapshot_id: (nullable): the snapshot to read
 * @session_id: (nullable): the session whose latest snapshot to read
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the snapshot
 * @user_data: data for @callback
 *
 * Reads a snapshot through `/agent-snapshot/<name>` (exactly one of @snapshot_id and
 * @session_id), without changing the chat.
 */
void
genkit_agent_chat_get_snapshot_async (GenkitAgentChat     *self,
                                      const char          *snapshot_id,
                                      const char          *session_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  GTask *task;
  GTask *inner;

  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_agent_chat_get_snapshot_async);
  if (snapshot_id != NULL)
    json_object_set_string_member (input, "snapshotId", snapshot_id);
  if (session_id != NULL)
    json_object_set_string_member (input, "sessionId", session_id);
  inner = g_task_new (self, cancellable, get_snapshot_cb, task);
  run_companion (self, "agent-snapshot", input, inner);
}

/**
 * genkit_agent_chat_get_snapshot_finish:
 * @self: a [class@Genkit.AgentChat]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.AgentChat.get_snapshot_async].
 *
 * Returns: (transfer full) (nullable): the snapshot, %NULL when there is none (@error unset)
 */
GenkitSessionSnapshot *
genkit_agent_chat_get_snapshot_finish (GenkitAgentChat  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitAgentChat *self = GENKIT_AGENT_CHAT (object);
  const char *wanted = g_task_get_task_data (task);
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  GError *error = NULL;

  snapshot = genkit_agent_chat_get_snapshot_finish (self, result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (snapshot == NULL)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                               "Snapshot %s not found.", wanted);
      return;
    }
  set_string_property (self, &self->snapshot_id, genkit_session_snapshot_get_snapshot_id (snapshot),
                       PROP_SNAPSHOT_ID);
  if (genkit_session_snapshot_get_session_id (snapshot) != NULL)
    set_string_property (self, &self->session_id, genkit_session_snapshot_get_session_id (snapshot),
                         PROP_SESSION_ID);
  hydrate_from_state (self, genkit_session_snapshot_get_state (snapshot));
  genkit_agent_chat_set_state_management (self, GENKIT_STATE_MANAGEMENT_SERVER);
  g_task_return_pointer (task, g_steal_pointer (&snapshot), (GDestroyNotify) genkit_session_snapshot_unref);
}

/**
 * genkit_agent_chat_load_async:
 * @self: a [class@Genkit.AgentChat]
 * @snapshot_id: (nullable): the snapshot to continue from
 * @session_id: (nullable): the session whose latest snapshot to continue from
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the chat holds the snapshot's conversation
 * @user_data: data for @callback
 *
 * Points the chat at a stored snapshot (Genkit's `loadChat`): its messages, custom state and
 * artifacts replace the chat's, and the next turn continues from it. Continuing from a
 * snapshot that already has a child makes a branch ("regenerate from here").
 */
void
genkit_agent_chat_load_async (GenkitAgentChat     *self,
                              const char          *snapshot_id,
                              const char          *session_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_agent_chat_load_async);
  g_task_set_task_data (task, snapshot_id ? g_strdup (snapshot_id)
                                          : g_strdup_printf ("session %s", session_id), g_free);
  genkit_agent_chat_get_snapshot_async (self, snapshot_id, session_id, cancellable, load_cb, task);
}

/**
 * genkit_agent_chat_load_finish:
 * @self: a [class@Genkit.AgentChat]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` when there is no such snapshot
 *
 * Finishes [method@Genkit.AgentChat.load_async].
 *
 * Returns: (transfer full) (nullable): the snapshot loaded, or %NULL with @error set
 */
GenkitSessionSnapshot *
genkit_agent_chat_load_finish (GenkitAgentChat  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
abort_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) value = NULL;
  GError *error = NULL;
  const char *status;

  value = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  status = value && JSON_NODE_HOLDS_OBJECT (value)
           ? _gk_object_get_string (json_node_get_object (value), "status") : NULL;
  g_task_return_int (task, genkit_snapshot_status_from_string (status));
}

/**
 * genkit_agent_chat_abort_async:
 * @self: a [class@Genkit.AgentChat]
 * @snapshot_id: (nullable): the snapshot whose run to abort; %NULL for the chat's
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the snapshot's status before the abort
 * @user_data: data for @callback
 *
 * Aborts a running (detached) turn through `/agent-abort/<name>`.
 */
void
genkit_agent_chat_abort_async (GenkitAgentChat     *self,
                               const char          *snapshot_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(JsonObject) input = json_object_new ();
  GTask *task;
  GTask *inner;

  g_return_if_fail (GENKIT_IS_AGENT_CHAT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_agent_chat_abort_async);
  if (snapshot_id == NULL)
    snapshot_id = self->snapshot_id;
  if (snapshot_id == NULL)
    {
      g_task_return_int (task, GENKIT_SNAPSHOT_STATUS_UNKNOWN);
      g_object_unref (task);
      return;
    }
  json_object_set_string_member (input, "snapshotId", snapshot_id);
  inner = g_task_new (self, cancellable, abort_cb, task);
  run_companion (self, "agent-abort", input, inner);
}

/**
 * genkit_agent_chat_abort_finish:
 * @self: a [class@Genkit.AgentChat]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.AgentChat.abort_async].
 *
 * Returns: the snapshot's status before the abort, [enum@Genkit.SnapshotStatus.UNKNOWN] when
 *   there was nothing to abort (or on error)
 */
GenkitSnapshotStatus
genkit_agent_chat_abort_finish (GenkitAgentChat  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  gssize status;

  g_return_val_if_fail (GENKIT_IS_AGENT_CHAT (self), GENKIT_SNAPSHOT_STATUS_UNKNOWN);
  g_return_val_if_fail (g_task_is_valid (result, self), GENKIT_SNAPSHOT_STATUS_UNKNOWN);

  status = g_task_propagate_int (G_TASK (result), error);
  return status < 0 ? GENKIT_SNAPSHOT_STATUS_UNKNOWN : (GenkitSnapshotStatus) status;
}
