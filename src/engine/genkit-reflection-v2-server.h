/* genkit-reflection-v2-server.h — the studio's side of Genkit's reflection API v2: a WebSocket
 * that runtimes connect to, each one a GenkitRuntime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-runtime.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_REFLECTION_V2_SERVER (genkit_reflection_v2_server_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitReflectionV2Server, genkit_reflection_v2_server, GENKIT, REFLECTION_V2_SERVER, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitReflectionV2Server *genkit_reflection_v2_server_new                     (void);
GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_reflection_v2_server_listen                  (GenkitReflectionV2Server  *self,
                                                                               guint                      port,
                                                                               GError                   **error);
GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_reflection_v2_server_listen_any              (GenkitReflectionV2Server  *self,
                                                                               GError                   **error);
GENKIT_AVAILABLE_IN_ALL
guint                     genkit_reflection_v2_server_get_port                (GenkitReflectionV2Server  *self);
GENKIT_AVAILABLE_IN_ALL
const char               *genkit_reflection_v2_server_get_url                 (GenkitReflectionV2Server  *self);
GENKIT_AVAILABLE_IN_ALL
const char               *genkit_reflection_v2_server_get_telemetry_server_url (GenkitReflectionV2Server *self);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_reflection_v2_server_set_telemetry_server_url (GenkitReflectionV2Server *self,
                                                                                const char               *url);
GENKIT_AVAILABLE_IN_ALL
GenkitRuntime            *genkit_reflection_v2_server_get_current_runtime     (GenkitReflectionV2Server  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRuntime            *genkit_reflection_v2_server_lookup_runtime          (GenkitReflectionV2Server  *self,
                                                                               const char                *id);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_reflection_v2_server_stop                    (GenkitReflectionV2Server  *self);

G_END_DECLS
