/* genkit-remote-runtime.h — a Genkit runtime in another process, driven over its reflection API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_REMOTE_RUNTIME (genkit_remote_runtime_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitRemoteRuntime, genkit_remote_runtime, GENKIT, REMOTE_RUNTIME, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitRemoteRuntime *genkit_remote_runtime_new_from_info  (JsonObject           *info,
                                                           GError              **error);
GENKIT_AVAILABLE_IN_ALL
GenkitRemoteRuntime *genkit_remote_runtime_new_for_url    (const char           *url,
                                                           GError              **error);

GENKIT_AVAILABLE_IN_ALL
const char          *genkit_remote_runtime_get_id         (GenkitRemoteRuntime  *self);
GENKIT_AVAILABLE_IN_ALL
const char          *genkit_remote_runtime_get_name       (GenkitRemoteRuntime  *self);
GENKIT_AVAILABLE_IN_ALL
const char          *genkit_remote_runtime_get_genkit_version (GenkitRemoteRuntime *self);
GENKIT_AVAILABLE_IN_ALL
const char          *genkit_remote_runtime_get_reflection_server_url (GenkitRemoteRuntime *self);
GENKIT_AVAILABLE_IN_ALL
gint64               genkit_remote_runtime_get_pid        (GenkitRemoteRuntime  *self);
GENKIT_AVAILABLE_IN_ALL
GDateTime           *genkit_remote_runtime_get_timestamp  (GenkitRemoteRuntime  *self);
GENKIT_AVAILABLE_IN_ALL
int                  genkit_remote_runtime_get_reflection_api_spec_version (GenkitRemoteRuntime *self);
GENKIT_AVAILABLE_IN_ALL
const char          *genkit_remote_runtime_get_project_name (GenkitRemoteRuntime *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject          *genkit_remote_runtime_get_info       (GenkitRemoteRuntime  *self);
GENKIT_AVAILABLE_IN_ALL
guint                genkit_remote_runtime_get_timeout    (GenkitRemoteRuntime  *self);
GENKIT_AVAILABLE_IN_ALL
void                 genkit_remote_runtime_set_timeout    (GenkitRemoteRuntime  *self,
                                                           guint                 timeout_ms);

GENKIT_AVAILABLE_IN_ALL
void                 genkit_remote_runtime_check_health_async  (GenkitRemoteRuntime  *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean             genkit_remote_runtime_check_health_finish (GenkitRemoteRuntime  *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
GENKIT_AVAILABLE_IN_ALL
void                 genkit_remote_runtime_list_envs_async     (GenkitRemoteRuntime  *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode            *genkit_remote_runtime_list_envs_finish    (GenkitRemoteRuntime  *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
GENKIT_AVAILABLE_IN_ALL
void                 genkit_remote_runtime_quit_async          (GenkitRemoteRuntime  *self,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean             genkit_remote_runtime_quit_finish         (GenkitRemoteRuntime  *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

G_END_DECLS
