/* genkit-agent.h — a multi-turn agent with session snapshots: /agent, /agent-snapshot, /agent-abort
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-action.h"
#include "genkit-generate-response-chunk.h"
#include "genkit-message.h"
#include "genkit-session-store.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_AGENT_TURN (genkit_agent_turn_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitAgentTurn, genkit_agent_turn, GENKIT, AGENT_TURN, GObject)

#define GENKIT_TYPE_AGENT (genkit_agent_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitAgent, genkit_agent, GENKIT, AGENT, GenkitAction)

/**
 * GenkitAgentTurnFunc:
 * @turn: the turn: its input, the session state, streaming, completion
 * @user_data: data given when the agent was made
 *
 * Runs one turn of an agent (the body of Genkit's `sess.run(async (input) => …)`): reads
 * [method@Genkit.AgentTurn.get_input], updates the session (messages, custom state,
 * artifacts), streams, and completes the turn exactly once with
 * [method@Genkit.AgentTurn.return_finish_reason] or [method@Genkit.AgentTurn.return_error],
 * now or later. Nested work (a `generate`) should take [method@Genkit.AgentTurn.get_run] as
 * its parent and [method@Genkit.AgentTurn.get_cancellable] as its cancellable.
 */
typedef void (*GenkitAgentTurnFunc) (GenkitAgentTurn *turn,
                                     gpointer         user_data);

/**
 * GenkitAgentRenderFunc:
 * @turn: the turn being run
 * @history: the session's messages so far, each tagged with `metadata._genkit_history`
 * @user_data: data given when the agent was made
 * @error: return location for an error that fails the turn
 *
 * Renders the generate request of a turn (what a prompt agent's prompt renders): a
 * `GenerateActionOptions` object whose `messages` hold the preamble (system prompt and the
 * like) and the @history messages, untouched, where the prompt puts them.
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with @error set
 */
typedef JsonObject *(*GenkitAgentRenderFunc) (GenkitAgentTurn  *turn,
                                              JsonArray        *history,
                                              gpointer          user_data,
                                              GError          **error);

/* GenkitAgentTurn */

GENKIT_AVAILABLE_IN_ALL
GenkitAgent     *genkit_agent_turn_get_agent          (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
GenkitActionRun *genkit_agent_turn_get_run            (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
GCancellable    *genkit_agent_turn_get_cancellable    (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject      *genkit_agent_turn_get_context        (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject      *genkit_agent_turn_get_input          (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
GenkitMessage   *genkit_agent_turn_get_message        (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject      *genkit_agent_turn_get_resume         (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_agent_turn_get_session_id     (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_agent_turn_get_snapshot_id    (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_agent_turn_get_parent_snapshot_id (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
guint            genkit_agent_turn_get_index          (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
gboolean         genkit_agent_turn_is_detached        (GenkitAgentTurn *self);

GENKIT_AVAILABLE_IN_ALL
JsonObject      *genkit_agent_turn_dup_state          (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
JsonArray       *genkit_agent_turn_get_messages       (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
void             genkit_agent_turn_add_message        (GenkitAgentTurn *self,
                                                       GenkitMessage   *message);
GENKIT_AVAILABLE_IN_ALL
void             genkit_agent_turn_set_messages       (GenkitAgentTurn *self,
                                                       JsonArray       *messages);
GENKIT_AVAILABLE_IN_ALL
JsonNode        *genkit_agent_turn_get_custom         (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
void             genkit_agent_turn_set_custom         (GenkitAgentTurn *self,
                                                       JsonNode        *custom);
GENKIT_AVAILABLE_IN_ALL
JsonArray       *genkit_agent_turn_get_artifacts      (GenkitAgentTurn *self);
GENKIT_AVAILABLE_IN_ALL
void             genkit_agent_turn_add_artifact       (GenkitAgentTurn *self,
                                                       JsonObject      *artifact);

GENKIT_AVAILABLE_IN_ALL
void             genkit_agent_turn_send_chunk         (GenkitAgentTurn *self,
                                                       JsonObject      *chunk);
GENKIT_AVAILABLE_IN_ALL
void             genkit_agent_turn_send_model_chunk   (GenkitAgentTurn *self,
                                                       GenkitGenerateResponseChunk *chunk);
GENKIT_AVAILABLE_IN_ALL
void             genkit_agent_turn_return_finish_reason (GenkitAgentTurn *self,
                                                         const char      *finish_reason);
GENKIT_AVAILABLE_IN_ALL
void             genkit_agent_turn_return_error       (GenkitAgentTurn *self,
                                                       GError          *error);

/* GenkitAgent */

GENKIT_AVAILABLE_IN_ALL
GenkitAgent        *genkit_agent_new                  (const char            *name,
                                                       GenkitSessionStore    *store,
                                                       GenkitAgentTurnFunc    func,
                                                       gpointer               user_data,
                                                       GDestroyNotify         destroy);
GENKIT_AVAILABLE_IN_ALL
GenkitAgent        *genkit_agent_new_rendered         (const char            *name,
                                                       GenkitSessionStore    *store,
                                                       GenkitAgentRenderFunc  render,
                                                       gpointer               user_data,
                                                       GDestroyNotify         destroy);
GENKIT_AVAILABLE_IN_ALL
GenkitAgent        *genkit_agent_new_for_prompt       (const char            *name,
                                                       GenkitSessionStore    *store,
                                                       JsonObject            *prompt,
                                                       GError               **error);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_agent_register             (GenkitAgent           *self,
                                                       GenkitRegistry        *registry,
                                                       GError               **error);
GENKIT_AVAILABLE_IN_ALL
GenkitAgent        *genkit_define_agent               (GenkitRegistry        *registry,
                                                       const char            *name,
                                                       GenkitSessionStore    *store,
                                                       GenkitAgentTurnFunc    func,
                                                       gpointer               user_data,
                                                       GDestroyNotify         destroy,
                                                       GError               **error);
GENKIT_AVAILABLE_IN_ALL
GenkitAgent        *genkit_define_prompt_agent        (GenkitRegistry        *registry,
                                                       const char            *name,
                                                       JsonObject            *prompt,
                                                       GenkitSessionStore    *store,
                                                       GError               **error);

GENKIT_AVAILABLE_IN_ALL
GenkitSessionStore *genkit_agent_get_store            (GenkitAgent           *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode           *genkit_agent_get_state_schema     (GenkitAgent           *self);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_agent_set_state_schema     (GenkitAgent           *self,
                                                       JsonNode              *schema,
                                                       GError               **error);
GENKIT_AVAILABLE_IN_ALL
guint               genkit_agent_get_heartbeat_interval (GenkitAgent         *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_agent_set_heartbeat_interval (GenkitAgent         *self,
                                                         guint                interval_ms);
GENKIT_AVAILABLE_IN_ALL
guint               genkit_agent_get_heartbeat_timeout (GenkitAgent          *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_agent_set_heartbeat_timeout (GenkitAgent          *self,
                                                        guint                 timeout_ms);
GENKIT_AVAILABLE_IN_ALL
GenkitAction       *genkit_agent_get_snapshot_action  (GenkitAgent           *self);
GENKIT_AVAILABLE_IN_ALL
GenkitAction       *genkit_agent_get_abort_action     (GenkitAgent           *self);

GENKIT_AVAILABLE_IN_ALL
void                genkit_agent_get_snapshot_async   (GenkitAgent           *self,
                                                       const char            *snapshot_id,
                                                       const char            *session_id,
                                                       JsonObject            *context,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitSessionSnapshot *genkit_agent_get_snapshot_finish (GenkitAgent         *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_agent_abort_async          (GenkitAgent           *self,
                                                       const char            *snapshot_id,
                                                       JsonObject            *context,
                                                       GCancellable          *cancellable,
                                                       GAsyncReadyCallback    callback,
                                                       gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitSnapshotStatus genkit_agent_abort_finish        (GenkitAgent           *self,
                                                       GAsyncResult          *result,
                                                       GError               **error);

G_END_DECLS
