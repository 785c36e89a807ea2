/* genkit-agent-chat.h — a conversation with an agent on any runtime: Genkit's AgentChat
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-runtime.h"
#include "genkit-session-snapshot.h"

G_BEGIN_DECLS

/**
 * GenkitStateManagement:
 * @GENKIT_STATE_MANAGEMENT_UNKNOWN: not known yet (learnt from the agent's metadata or its
 *   first answer)
 * @GENKIT_STATE_MANAGEMENT_SERVER: the agent keeps snapshots; the chat sends `snapshotId`
 * @GENKIT_STATE_MANAGEMENT_CLIENT: the chat carries the whole state in every `init`
 *
 * Who keeps an agent's session state, `AgentStateManagement` of `js/ai/src/agent-types.ts`.
 */
typedef enum
{
  GENKIT_STATE_MANAGEMENT_UNKNOWN,
  GENKIT_STATE_MANAGEMENT_SERVER,
  GENKIT_STATE_MANAGEMENT_CLIENT,
} GenkitStateManagement;

#define GENKIT_TYPE_AGENT_CHAT (genkit_agent_chat_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitAgentChat, genkit_agent_chat, GENKIT, AGENT_CHAT, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitAgentChat      *genkit_agent_chat_new                  (GenkitRuntime         *runtime,
                                                              const char            *agent);
GENKIT_AVAILABLE_IN_ALL
GenkitRuntime        *genkit_agent_chat_get_runtime          (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
const char           *genkit_agent_chat_get_agent            (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
GenkitStateManagement genkit_agent_chat_get_state_management (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_set_state_management (GenkitAgentChat       *self,
                                                              GenkitStateManagement  state_management);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_set_init             (GenkitAgentChat       *self,
                                                              JsonObject            *init);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_set_context          (GenkitAgentChat       *self,
                                                              JsonObject            *context);
GENKIT_AVAILABLE_IN_ALL
const char           *genkit_agent_chat_get_snapshot_id      (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
const char           *genkit_agent_chat_get_session_id       (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
JsonArray            *genkit_agent_chat_get_messages         (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode             *genkit_agent_chat_get_custom           (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject           *genkit_agent_chat_get_state            (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
JsonArray            *genkit_agent_chat_get_artifacts        (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject           *genkit_agent_chat_get_last_output      (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
const char           *genkit_agent_chat_get_last_trace_id    (GenkitAgentChat       *self);
GENKIT_AVAILABLE_IN_ALL
gboolean              genkit_agent_chat_get_busy             (GenkitAgentChat       *self);

GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_send_async           (GenkitAgentChat       *self,
                                                              JsonObject            *input,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_send_text_async      (GenkitAgentChat       *self,
                                                              const char            *text,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_resume_async         (GenkitAgentChat       *self,
                                                              JsonObject            *resume,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
JsonObject           *genkit_agent_chat_send_finish          (GenkitAgentChat       *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_detach_async         (GenkitAgentChat       *self,
                                                              JsonObject            *input,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
char                 *genkit_agent_chat_detach_finish        (GenkitAgentChat       *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_load_async           (GenkitAgentChat       *self,
                                                              const char            *snapshot_id,
                                                              const char            *session_id,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitSessionSnapshot *genkit_agent_chat_load_finish         (GenkitAgentChat       *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_get_snapshot_async   (GenkitAgentChat       *self,
                                                              const char            *snapshot_id,
                                                              const char            *session_id,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitSessionSnapshot *genkit_agent_chat_get_snapshot_finish (GenkitAgentChat       *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_agent_chat_abort_async          (GenkitAgentChat       *self,
                                                              const char            *snapshot_id,
                                                              GCancellable          *cancellable,
                                                              GAsyncReadyCallback    callback,
                                                              gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitSnapshotStatus  genkit_agent_chat_abort_finish         (GenkitAgentChat       *self,
                                                              GAsyncResult          *result,
                                                              GError               **error);

G_END_DECLS
