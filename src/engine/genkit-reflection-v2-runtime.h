/* genkit-reflection-v2-runtime.h — a Genkit runtime connected to the studio's reflection API v2
 * WebSocket, driven over JSON-RPC
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

#define GENKIT_TYPE_REFLECTION_V2_RUNTIME (genkit_reflection_v2_runtime_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitReflectionV2Runtime, genkit_reflection_v2_runtime, GENKIT, REFLECTION_V2_RUNTIME, GObject)

GENKIT_AVAILABLE_IN_ALL
const char *genkit_reflection_v2_runtime_get_id            (GenkitReflectionV2Runtime *self);
GENKIT_AVAILABLE_IN_ALL
const char *genkit_reflection_v2_runtime_get_name          (GenkitReflectionV2Runtime *self);
GENKIT_AVAILABLE_IN_ALL
const char *genkit_reflection_v2_runtime_get_genkit_version (GenkitReflectionV2Runtime *self);
GENKIT_AVAILABLE_IN_ALL
gint64      genkit_reflection_v2_runtime_get_pid           (GenkitReflectionV2Runtime *self);
GENKIT_AVAILABLE_IN_ALL
GDateTime  *genkit_reflection_v2_runtime_get_timestamp     (GenkitReflectionV2Runtime *self);
GENKIT_AVAILABLE_IN_ALL
gboolean    genkit_reflection_v2_runtime_get_connected     (GenkitReflectionV2Runtime *self);
GENKIT_AVAILABLE_IN_ALL
guint       genkit_reflection_v2_runtime_get_timeout       (GenkitReflectionV2Runtime *self);
GENKIT_AVAILABLE_IN_ALL
void        genkit_reflection_v2_runtime_set_timeout       (GenkitReflectionV2Runtime *self,
                                                            guint                      timeout_ms);

G_END_DECLS
