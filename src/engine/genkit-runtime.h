/* genkit-runtime.h — one Genkit runtime, built in or reached over the reflection API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_RUNTIME (genkit_runtime_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (GenkitRuntime, genkit_runtime, GENKIT, RUNTIME, GObject)

/**
 * GenkitRuntimeInterface:
 * @list_actions_async: lists the runtime's actions (`GET /api/actions`)
 * @list_actions_finish: gives a JSON object of action key → descriptor
 * @run_action_async: runs an action (`POST /api/runAction`); the options carry the context,
 *   telemetry labels, the stream callback (`?stream=true`) and the started callback (the
 *   `X-Genkit-Trace-Id` header)
 * @run_action_finish: gives the run's [struct@Genkit.ActionResult]
 * @cancel_action_async: cancels a running action by trace id (`POST /api/cancelAction`)
 * @cancel_action_finish: %TRUE if a running action was cancelled
 * @list_values_async: lists registered values of one type (`GET /api/values?type=`)
 * @list_values_finish: gives a JSON object of name → value
 * @notify_async: tells the runtime where to send traces (`POST /api/notify`)
 * @notify_finish: finishes @notify_async
 *
 * What the studio needs of any Genkit runtime. [class@Genkit.LocalRuntime] implements it
 * over a [class@Genkit.Registry] in this process, [class@Genkit.RemoteRuntime] over HTTP with
 * the reflection API of a JavaScript, Go or Python (or another C) runtime, and
 * [class@Genkit.ReflectionV2Runtime] over the WebSocket of reflection API v2 (JSON-RPC, where
 * the runtime connects to a [class@Genkit.ReflectionV2Server]), so the app never knows which
 * one it drives. A run's [class@Genkit.InputChannel] (bidirectional actions such as agents)
 * reaches the runtime in this process and over v2. Properties every implementation has: `id`, `name`,
 * `genkit-version` and `reflection-server-url` (%NULL for a runtime in this process).
 */
struct _GenkitRuntimeInterface
{
  GTypeInterface parent_iface;

  void                 (*list_actions_async)   (GenkitRuntime        *self,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  JsonNode            *(*list_actions_finish)  (GenkitRuntime        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
  void                 (*run_action_async)     (GenkitRuntime        *self,
                                                const char           *key,
                                                JsonNode             *input,
                                                GenkitRunOptions     *options,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  GenkitActionResult  *(*run_action_finish)    (GenkitRuntime        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
  void                 (*cancel_action_async)  (GenkitRuntime        *self,
                                                const char           *trace_id,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  gboolean             (*cancel_action_finish) (GenkitRuntime        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
  void                 (*list_values_async)    (GenkitRuntime        *self,
                                                const char           *type,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  JsonNode            *(*list_values_finish)   (GenkitRuntime        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
  void                 (*notify_async)         (GenkitRuntime        *self,
                                                const char           *telemetry_server_url,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
  gboolean             (*notify_finish)        (GenkitRuntime        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
};

GENKIT_AVAILABLE_IN_ALL
char               *genkit_runtime_dup_id                (GenkitRuntime        *self);
GENKIT_AVAILABLE_IN_ALL
char               *genkit_runtime_dup_name              (GenkitRuntime        *self);
GENKIT_AVAILABLE_IN_ALL
char               *genkit_runtime_dup_genkit_version    (GenkitRuntime        *self);
GENKIT_AVAILABLE_IN_ALL
char               *genkit_runtime_dup_reflection_server_url (GenkitRuntime    *self);

GENKIT_AVAILABLE_IN_ALL
void                genkit_runtime_list_actions_async   (GenkitRuntime        *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode           *genkit_runtime_list_actions_finish  (GenkitRuntime        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_runtime_run_action_async     (GenkitRuntime        *self,
                                                         const char           *key,
                                                         JsonNode             *input,
                                                         GenkitRunOptions     *options,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitActionResult *genkit_runtime_run_action_finish    (GenkitRuntime        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_runtime_cancel_action_async  (GenkitRuntime        *self,
                                                         const char           *trace_id,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_runtime_cancel_action_finish (GenkitRuntime        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_runtime_list_values_async    (GenkitRuntime        *self,
                                                         const char           *type,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode           *genkit_runtime_list_values_finish   (GenkitRuntime        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_runtime_notify_async         (GenkitRuntime        *self,
                                                         const char           *telemetry_server_url,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_runtime_notify_finish        (GenkitRuntime        *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
