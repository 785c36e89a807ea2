/* genkit-session.h — the older chat API: sessions with named threads, chats that send
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-generate-response.h"
#include "genkit-generate-options.h"
#include "genkit-session-store.h"

G_BEGIN_DECLS

/**
 * GENKIT_SESSION_MAIN_THREAD:
 *
 * The name of a session's default thread, `main` (Genkit's `MAIN_THREAD`).
 */
#define GENKIT_SESSION_MAIN_THREAD "main"

#define GENKIT_TYPE_SESSION (genkit_session_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitSession, genkit_session, GENKIT, SESSION, GObject)

#define GENKIT_TYPE_CHAT (genkit_chat_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitChat, genkit_chat, GENKIT, CHAT, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitSession      *genkit_session_new                 (GenkitRegistry       *registry,
                                                        GenkitSessionStore   *store,
                                                        const char           *session_id,
                                                        JsonNode             *initial_state);
GENKIT_AVAILABLE_IN_ALL
void                genkit_session_load_async          (GenkitRegistry       *registry,
                                                        GenkitSessionStore   *store,
                                                        const char           *session_id,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitSession      *genkit_session_load_finish         (GAsyncResult         *result,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_session_get_id              (GenkitSession        *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRegistry     *genkit_session_get_registry        (GenkitSession        *self);
GENKIT_AVAILABLE_IN_ALL
GenkitSessionStore *genkit_session_get_store           (GenkitSession        *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode           *genkit_session_get_state           (GenkitSession        *self);
GENKIT_AVAILABLE_IN_ALL
GStrv               genkit_session_dup_thread_names    (GenkitSession        *self);
GENKIT_AVAILABLE_IN_ALL
JsonArray          *genkit_session_get_thread          (GenkitSession        *self,
                                                        const char           *thread);
GENKIT_AVAILABLE_IN_ALL
JsonNode           *genkit_session_to_json             (GenkitSession        *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_session_update_state_async  (GenkitSession        *self,
                                                        JsonNode             *state,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_session_update_state_finish (GenkitSession        *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
GenkitChat         *genkit_session_chat                (GenkitSession        *self,
                                                        const char           *thread,
                                                        JsonObject           *options,
                                                        GError              **error);

GENKIT_AVAILABLE_IN_ALL
GenkitSession      *genkit_chat_get_session            (GenkitChat           *self);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_chat_get_thread             (GenkitChat           *self);
GENKIT_AVAILABLE_IN_ALL
JsonArray          *genkit_chat_get_messages           (GenkitChat           *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_chat_send_async             (GenkitChat           *self,
                                                        const char           *prompt,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
void                genkit_chat_send_stream_async      (GenkitChat           *self,
                                                        JsonObject           *options,
                                                        GenkitGenerateChunkFunc on_chunk,
                                                        gpointer              chunk_data,
                                                        GDestroyNotify        chunk_destroy,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponse *genkit_chat_send_finish        (GenkitChat           *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
