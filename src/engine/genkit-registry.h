/* genkit-registry.h — where actions, plugins and values are registered and looked up
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-flow.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_REGISTRY (genkit_registry_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitRegistry, genkit_registry, GENKIT, REGISTRY, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitRegistry *genkit_registry_new                 (void);
GENKIT_AVAILABLE_IN_ALL
GenkitTracer   *genkit_registry_get_tracer          (GenkitRegistry       *self);

GENKIT_AVAILABLE_IN_ALL
gboolean        genkit_registry_register_action     (GenkitRegistry       *self,
                                                     GenkitAction         *action,
                                                     GError              **error);
GENKIT_AVAILABLE_IN_ALL
GenkitFlow     *genkit_registry_define_flow         (GenkitRegistry       *self,
                                                     const char           *name,
                                                     GenkitActionFunc      func,
                                                     gpointer              user_data,
                                                     GDestroyNotify        destroy);
GENKIT_AVAILABLE_IN_ALL
GenkitAction   *genkit_registry_lookup_action       (GenkitRegistry       *self,
                                                     const char           *key);
GENKIT_AVAILABLE_IN_ALL
void            genkit_registry_lookup_action_async (GenkitRegistry       *self,
                                                     const char           *key,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitAction   *genkit_registry_lookup_action_finish (GenkitRegistry      *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

GENKIT_AVAILABLE_IN_ALL
gboolean        genkit_registry_register_plugin     (GenkitRegistry       *self,
                                                     GenkitPlugin         *plugin,
                                                     GError              **error);
GENKIT_AVAILABLE_IN_ALL
gboolean        genkit_registry_unregister_plugin   (GenkitRegistry       *self,
                                                     const char           *name);
GENKIT_AVAILABLE_IN_ALL
GenkitPlugin   *genkit_registry_lookup_plugin       (GenkitRegistry       *self,
                                                     const char           *name);
GENKIT_AVAILABLE_IN_ALL
void            genkit_registry_init_plugins_async  (GenkitRegistry       *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean        genkit_registry_init_plugins_finish (GenkitRegistry       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

GENKIT_AVAILABLE_IN_ALL
void            genkit_registry_list_actions_async  (GenkitRegistry       *self,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_registry_list_actions_finish (GenkitRegistry       *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);

GENKIT_AVAILABLE_IN_ALL
void            genkit_registry_register_value      (GenkitRegistry       *self,
                                                     const char           *type,
                                                     const char           *name,
                                                     JsonNode             *value);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_registry_lookup_value        (GenkitRegistry       *self,
                                                     const char           *type,
                                                     const char           *name);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_registry_list_values         (GenkitRegistry       *self,
                                                     const char           *type);

GENKIT_AVAILABLE_IN_ALL
void            genkit_registry_run_action_async    (GenkitRegistry       *self,
                                                     const char           *key,
                                                     JsonNode             *input,
                                                     GenkitRunOptions     *options,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitActionResult *genkit_registry_run_action_finish (GenkitRegistry     *self,
                                                       GAsyncResult       *result,
                                                       GError            **error);

G_END_DECLS
