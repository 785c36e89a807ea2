/* genkit-plugin.c — a provider of actions, initialized lazily by the registry
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-plugin.h"
#include "genkit-registry.h"

/**
 * GenkitPlugin:
 *
 * A provider of actions: a model provider, a vector store, an evaluator pack. Registered with
 * [method@Genkit.Registry.register_plugin], it is initialized the first time something needs
 * it (a lookup of one of its keys, a listing), exactly once however many lookups race, and
 * asked to resolve keys in its namespace on demand.
 */
G_DEFINE_INTERFACE (GenkitPlugin, genkit_plugin, G_TYPE_OBJECT)

static void
genkit_plugin_real_init_async (GenkitPlugin        *self,
                               GenkitRegistry      *registry,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GenkitPluginInterface *iface = GENKIT_PLUGIN_GET_IFACE (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, genkit_plugin_real_init_async);
  if (iface->init != NULL && !iface->init (self, registry, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static gboolean
genkit_plugin_real_init_finish (GenkitPlugin  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_plugin_real_resolve_async (GenkitPlugin        *self,
                                  GenkitRegistry      *registry,
                                  GenkitActionType     type,
                                  const char          *name,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GenkitPluginInterface *iface = GENKIT_PLUGIN_GET_IFACE (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GenkitAction *action = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, genkit_plugin_real_resolve_async);
  if (iface->resolve != NULL)
    action = iface->resolve (self, registry, type, name, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, action, g_object_unref);
}

static GenkitAction *
genkit_plugin_real_resolve_finish (GenkitPlugin  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
genkit_plugin_real_list_actions_async (GenkitPlugin        *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GenkitPluginInterface *iface = GENKIT_PLUGIN_GET_IFACE (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  JsonNode *list = NULL;
  GError *error = NULL;

  g_task_set_source_tag (task, genkit_plugin_real_list_actions_async);
  if (iface->list_actions != NULL)
    list = iface->list_actions (self, &error);
  else
    {
      g_autoptr(JsonArray) empty = json_array_new ();

      list = json_node_init_array (json_node_alloc (), empty);
    }

  if (list == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, list, (GDestroyNotify) json_node_unref);
}

static JsonNode *
genkit_plugin_real_list_actions_finish (GenkitPlugin  *self,
                                        GAsyncResult  *result,
                                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
genkit_plugin_default_init (GenkitPluginInterface *iface)
{
  iface->init_async = genkit_plugin_real_init_async;
  iface->init_finish = genkit_plugin_real_init_finish;
  iface->resolve_async = genkit_plugin_real_resolve_async;
  iface->resolve_finish = genkit_plugin_real_resolve_finish;
  iface->list_actions_async = genkit_plugin_real_list_actions_async;
  iface->list_actions_finish = genkit_plugin_real_list_actions_finish;
}

/**
 * genkit_plugin_get_name:
 * @self: a [iface@Genkit.Plugin]
 *
 * Gets the plugin's name, the namespace of its action names.
 *
 * Returns: (transfer none): the plugin's name, the namespace of its action names
 */
const char *
genkit_plugin_get_name (GenkitPlugin *self)
{
  g_return_val_if_fail (GENKIT_IS_PLUGIN (self), NULL);
  g_return_val_if_fail (GENKIT_PLUGIN_GET_IFACE (self)->get_name != NULL, NULL);

  return GENKIT_PLUGIN_GET_IFACE (self)->get_name (self);
}

/**
 * genkit_plugin_init_async:
 * @self: a [iface@Genkit.Plugin]
 * @registry: the registry to register eager actions in
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the plugin is ready
 * @user_data: data for @callback
 *
 * Initializes the plugin. The registry calls this once; call it yourself only for a plugin
 * outside a registry.
 */
void
genkit_plugin_init_async (GenkitPlugin        *self,
                          GenkitRegistry      *registry,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_PLUGIN (self));
  g_return_if_fail (GENKIT_IS_REGISTRY (registry));

  GENKIT_PLUGIN_GET_IFACE (self)->init_async (self, registry, cancellable, callback, user_data);
}

/**
 * genkit_plugin_init_finish:
 * @self: a [iface@Genkit.Plugin]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: %TRUE if the plugin initialized
 */
gboolean
genkit_plugin_init_finish (GenkitPlugin  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (GENKIT_IS_PLUGIN (self), FALSE);

  return GENKIT_PLUGIN_GET_IFACE (self)->init_finish (self, result, error);
}

/**
 * genkit_plugin_resolve_async:
 * @self: a [iface@Genkit.Plugin]
 * @registry: the registry asking
 * @type: the action type wanted
 * @name: the action name without the plugin's namespace (`gemini-2.5-flash`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Asks the plugin to make an action on demand (Genkit's `resolve(actionType, name)`).
 */
void
genkit_plugin_resolve_async (GenkitPlugin        *self,
                             GenkitRegistry      *registry,
                             GenkitActionType     type,
                             const char          *name,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_PLUGIN (self));
  g_return_if_fail (name != NULL);

  GENKIT_PLUGIN_GET_IFACE (self)->resolve_async (self, registry, type, name, cancellable,
                                                 callback, user_data);
}

/**
 * genkit_plugin_resolve_finish:
 * @self: a [iface@Genkit.Plugin]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full) (nullable): the new action (not yet registered), or %NULL: with
 *   @error unset when the plugin has no such action
 */
GenkitAction *
genkit_plugin_resolve_finish (GenkitPlugin  *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (GENKIT_IS_PLUGIN (self), NULL);

  return GENKIT_PLUGIN_GET_IFACE (self)->resolve_finish (self, result, error);
}

/**
 * genkit_plugin_list_actions_async:
 * @self: a [iface@Genkit.Plugin]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: data for @callback
 *
 * Asks what the plugin could resolve, without making the actions (Genkit's `list()`).
 */
void
genkit_plugin_list_actions_async (GenkitPlugin        *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_PLUGIN (self));

  GENKIT_PLUGIN_GET_IFACE (self)->list_actions_async (self, cancellable, callback, user_data);
}

/**
 * genkit_plugin_list_actions_finish:
 * @self: a [iface@Genkit.Plugin]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full): a JSON array of `ActionMetadata` objects, or %NULL with @error set
 */
JsonNode *
genkit_plugin_list_actions_finish (GenkitPlugin  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (GENKIT_IS_PLUGIN (self), NULL);

  return GENKIT_PLUGIN_GET_IFACE (self)->list_actions_finish (self, result, error);
}
