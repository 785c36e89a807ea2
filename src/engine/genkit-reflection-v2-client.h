/* genkit-reflection-v2-client.h — a runtime served over Genkit's reflection API v2: it
 * connects to the tools' WebSocket and answers their JSON-RPC calls
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

#define GENKIT_TYPE_REFLECTION_V2_CLIENT (genkit_reflection_v2_client_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitReflectionV2Client, genkit_reflection_v2_client, GENKIT, REFLECTION_V2_CLIENT, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitReflectionV2Client *genkit_reflection_v2_client_new            (GenkitRuntime            *runtime,
                                                                      const char               *url);
GENKIT_AVAILABLE_IN_ALL
GenkitRuntime            *genkit_reflection_v2_client_get_runtime    (GenkitReflectionV2Client *self);
GENKIT_AVAILABLE_IN_ALL
const char               *genkit_reflection_v2_client_get_url        (GenkitReflectionV2Client *self);
GENKIT_AVAILABLE_IN_ALL
const char               *genkit_reflection_v2_client_get_runtime_id (GenkitReflectionV2Client *self);
GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_reflection_v2_client_get_registered (GenkitReflectionV2Client *self);
GENKIT_AVAILABLE_IN_ALL
guint                     genkit_reflection_v2_client_get_n_connects (GenkitReflectionV2Client *self);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_reflection_v2_client_start          (GenkitReflectionV2Client *self);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_reflection_v2_client_stop           (GenkitReflectionV2Client *self);

G_END_DECLS
