/* genkit-plugin.h — a provider of actions, initialized lazily by the registry
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-action.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_PLUGIN (genkit_plugin_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (GenkitPlugin, genkit_plugin, GENKIT, PLUGIN, GObject)

/**
 * GenkitPluginInterface:
 * @get_name: the plugin's name, the namespace of its actions (`googleai`, `ollama`)
 * @init: registers the plugin's eager actions and values; called once, on first need. The
 *   default does nothing.
 * @init_async: asynchronous @init; the default calls @init
 * @init_finish: finishes @init_async
 * @resolve: makes the action `/<type>/<plugin>/<name>` on demand, or returns %NULL without an
 *   error when the plugin has no such action. The default resolves nothing.
 * @resolve_async: asynchronous @resolve; the default calls @resolve
 * @resolve_finish: finishes @resolve_async
 * @list_actions: describes the actions the plugin can resolve, as a JSON array of Genkit
 *   `ActionMetadata` objects (`actionType`, `name`, optional `description`, `metadata`,
 *   `inputJsonSchema`, `outputJsonSchema`); the default lists none
 * @list_actions_async: asynchronous @list_actions; the default calls @list_actions
 * @list_actions_finish: finishes @list_actions_async
 *
 * A Genkit plugin (`genkitPluginV2` in `js/genkit/src/plugin.ts`: `init`, `resolve`, `list`).
 * Implement the synchronous methods for a plugin that knows its actions locally, or the
 * asynchronous ones for a plugin that asks a server (model discovery).
 */
struct _GenkitPluginInterface
{
  GTypeInterface parent_iface;

  const char   *(*get_name)            (GenkitPlugin         *self);

  gboolean      (*init)                (GenkitPlugin         *self,
                                        GenkitRegistry       *registry,
                                        GError              **error);
  void          (*init_async)          (GenkitPlugin         *self,
                                        GenkitRegistry       *registry,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  gboolean      (*init_finish)         (GenkitPlugin         *self,
                                        GAsyncResult         *result,
                                        GError              **error);

  GenkitAction *(*resolve)             (GenkitPlugin         *self,
                                        GenkitRegistry       *registry,
                                        GenkitActionType      type,
                                        const char           *name,
                                        GError              **error);
  void          (*resolve_async)       (GenkitPlugin         *self,
                                        GenkitRegistry       *registry,
                                        GenkitActionType      type,
                                        const char           *name,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  GenkitAction *(*resolve_finish)      (GenkitPlugin         *self,
                                        GAsyncResult         *result,
                                        GError              **error);

  JsonNode     *(*list_actions)        (GenkitPlugin         *self,
                                        GError              **error);
  void          (*list_actions_async)  (GenkitPlugin         *self,
                                        GCancellable         *cancellable,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data);
  JsonNode     *(*list_actions_finish) (GenkitPlugin         *self,
                                        GAsyncResult         *result,
                                        GError              **error);
};

GENKIT_AVAILABLE_IN_ALL
const char   *genkit_plugin_get_name            (GenkitPlugin         *self);
GENKIT_AVAILABLE_IN_ALL
void          genkit_plugin_init_async          (GenkitPlugin         *self,
                                                 GenkitRegistry       *registry,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean      genkit_plugin_init_finish         (GenkitPlugin         *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
GENKIT_AVAILABLE_IN_ALL
void          genkit_plugin_resolve_async       (GenkitPlugin         *self,
                                                 GenkitRegistry       *registry,
                                                 GenkitActionType      type,
                                                 const char           *name,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitAction *genkit_plugin_resolve_finish      (GenkitPlugin         *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);
GENKIT_AVAILABLE_IN_ALL
void          genkit_plugin_list_actions_async  (GenkitPlugin         *self,
                                                 GCancellable         *cancellable,
                                                 GAsyncReadyCallback   callback,
                                                 gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode     *genkit_plugin_list_actions_finish (GenkitPlugin         *self,
                                                 GAsyncResult         *result,
                                                 GError              **error);

G_END_DECLS
