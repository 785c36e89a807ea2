/* genkit-local-runtime.h — the runtime of this process, over a registry
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

#define GENKIT_TYPE_LOCAL_RUNTIME (genkit_local_runtime_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitLocalRuntime, genkit_local_runtime, GENKIT, LOCAL_RUNTIME, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitLocalRuntime *genkit_local_runtime_new                     (GenkitRegistry     *registry);
GENKIT_AVAILABLE_IN_ALL
GenkitRegistry     *genkit_local_runtime_get_registry            (GenkitLocalRuntime *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_local_runtime_set_id                  (GenkitLocalRuntime *self,
                                                                  const char         *id);
GENKIT_AVAILABLE_IN_ALL
void                genkit_local_runtime_set_name                (GenkitLocalRuntime *self,
                                                                  const char         *name);
GENKIT_AVAILABLE_IN_ALL
void                genkit_local_runtime_set_reflection_server_url (GenkitLocalRuntime *self,
                                                                    const char         *url);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_local_runtime_get_telemetry_server_url (GenkitLocalRuntime *self);
GENKIT_AVAILABLE_IN_ALL
guint               genkit_local_runtime_get_n_running           (GenkitLocalRuntime *self);

G_END_DECLS
