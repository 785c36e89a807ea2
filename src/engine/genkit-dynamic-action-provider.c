/* genkit-dynamic-action-provider.c — an action that provides other actions at run time
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-private.h"
#include "genkit-action-run.h"
#include "genkit-dynamic-action-provider.h"
#include "genkit-error.h"

/**
 * GenkitDynamicActionProvider:
 *
 * A dynamic action provider (DAP, `js/core/src/dynamic-action-provider.ts`): an action
 * `/dynamic-action-provider/<name>` that offers other actions decided at run time, such as the
 * tools of an MCP server. Its actions are reached by keys
 * `/dynamic-action-provider/<name>:<type>/<action>` and are listed with the registry's
 * actions. The list is fetched on demand and reused for
 * [method@Genkit.DynamicActionProvider.set_cache_ttl] milliseconds (3000 by default; a
 * negative time disables the cache); concurrent requests share one fetch.
 *
 * Running the provider itself returns the descriptors of its current actions.
 */
typedef struct
{
  GenkitDapFetchFunc  func;
  gpointer            func_data;
  GDestroyNotify      func_destroy;

  gint64              ttl_ms;
  GPtrArray          *cached;        /* of GenkitAction, NULL when not fetched */
  gint64              fetched_at_us; /* monotonic */
  GPtrArray          *waiters;       /* GTask waiting for the fetch in progress, or NULL */
  guint               n_fetches;
} GenkitDynamicActionProviderPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GenkitDynamicActionProvider, genkit_dynamic_action_provider, GENKIT_TYPE_ACTION)

static void
genkit_dynamic_action_provider_real_fetch_async (GenkitDynamicActionProvider *self,
                                                 GCancellable                *cancellable,
                                                 GAsyncReadyCallback          callback,
                                                 gpointer                     user_data)
{
  GenkitDynamicActionProviderPrivate *priv = genkit_dynamic_action_provider_get_instance_private (self);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GPtrArray *actions;
  GError *error = NULL;

  g_task_set_source_tag (task, genkit_dynamic_action_provider_real_fetch_async);

  if (priv->func == NULL)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_UNIMPLEMENTED,
                               "Dynamic action provider %s has no fetch function",
                               genkit_action_get_name (GENKIT_ACTION (self)));
      return;
    }

  actions = priv->func (self, priv->func_data, &error);
  if (actions == NULL)
    g_task_return_error (task, error ? error : g_error_new (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                                           "Dynamic action provider %s returned no list",
                                                           genkit_action_get_name (GENKIT_ACTION (self))));
  else
    g_task_return_pointer (task, actions, (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
genkit_dynamic_action_provider_real_fetch_finish (GenkitDynamicActionProvider  *self,
                                                  GAsyncResult                 *result,
                                                  GError                      **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
genkit_dynamic_action_provider_run_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
  GenkitDynamicActionProvider *self = GENKIT_DYNAMIC_ACTION_PROVIDER (object);
  g_autoptr(GenkitActionRun) run = user_data;
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *list;

  if (!(actions = genkit_dynamic_action_provider_get_actions_finish (self, result, &error)))
    {
      genkit_action_run_return_error (run, g_steal_pointer (&error));
      return;
    }

  list = json_array_new ();
  for (guint i = 0; i < actions->len; i++)
    json_array_add_element (list, genkit_action_to_descriptor (g_ptr_array_index (actions, i)));
  genkit_action_run_return_value (run, json_node_init_array (json_node_alloc (), list));
  json_array_unref (list);
}

static void
genkit_dynamic_action_provider_run (GenkitAction    *action,
                                    GenkitActionRun *run,
                                    JsonNode        *input)
{
  genkit_dynamic_action_provider_get_actions_async (GENKIT_DYNAMIC_ACTION_PROVIDER (action),
                                                    genkit_action_run_get_cancellable (run),
                                                    genkit_dynamic_action_provider_run_cb,
                                                    g_object_ref (run));
}

static void
genkit_dynamic_action_provider_finalize (GObject *object)
{
  GenkitDynamicActionProvider *self = GENKIT_DYNAMIC_ACTION_PROVIDER (object);
  GenkitDynamicActionProviderPrivate *priv = genkit_dynamic_action_provider_get_instance_private (self);

  if (priv->func_destroy != NULL)
    priv->func_destroy (priv->func_data);
  g_clear_pointer (&priv->cached, g_ptr_array_unref);
  g_clear_pointer (&priv->waiters, g_ptr_array_unref);

  G_OBJECT_CLASS (genkit_dynamic_action_provider_parent_class)->finalize (object);
}

static void
genkit_dynamic_action_provider_class_init (GenkitDynamicActionProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GenkitActionClass *action_class = GENKIT_ACTION_CLASS (klass);

  object_class->finalize = genkit_dynamic_action_provider_finalize;
  action_class->run = genkit_dynamic_action_provider_run;
  klass->fetch_async = genkit_dynamic_action_provider_real_fetch_async;
  klass->fetch_finish = genkit_dynamic_action_provider_real_fetch_finish;
}

static void
genkit_dynamic_action_provider_init (GenkitDynamicActionProvider *self)
{
  GenkitDynamicActionProviderPrivate *priv = genkit_dynamic_action_provider_get_instance_private (self);
  g_autoptr(JsonObject) metadata = json_object_new ();

  priv->ttl_ms = GENKIT_DAP_DEFAULT_CACHE_TTL_MS;
  json_object_set_string_member (metadata, "type", "dynamic-action-provider");
  genkit_action_set_metadata (GENKIT_ACTION (self), metadata);
}

/**
 * genkit_dynamic_action_provider_new:
 * @name: the provider's name (the host part of its actions' keys)
 * @func: (scope notified) (closure user_data) (destroy destroy): lists the current actions
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the provider
 *
 * Genkit's `defineDynamicActionProvider`. Register it like any action.
 *
 * Returns: (transfer full): a new provider
 */
GenkitDynamicActionProvider *
genkit_dynamic_action_provider_new (const char         *name,
                                    GenkitDapFetchFunc  func,
                                    gpointer            user_data,
                                    GDestroyNotify      destroy)
{
  GenkitDynamicActionProvider *self;
  GenkitDynamicActionProviderPrivate *priv;

  g_return_val_if_fail (name != NULL && *name != '\0' && strchr (name, ':') == NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_DYNAMIC_ACTION_PROVIDER,
                       "action-type", GENKIT_ACTION_TYPE_DYNAMIC_ACTION_PROVIDER,
                       "name", name,
                       NULL);
  priv = genkit_dynamic_action_provider_get_instance_private (self);
  priv->func = func;
  priv->func_data = user_data;
  priv->func_destroy = destroy;
  return self;
}

/**
 * genkit_dynamic_action_provider_get_cache_ttl:
 * @self: a [class@Genkit.DynamicActionProvider]
 *
 * Tells how long a fetched list is reused, in milliseconds; negative when never.
 *
 * Returns: how long a fetched list is reused, in milliseconds; negative when never
 */
gint64
genkit_dynamic_action_provider_get_cache_ttl (GenkitDynamicActionProvider *self)
{
  GenkitDynamicActionProviderPrivate *priv = genkit_dynamic_action_provider_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_DYNAMIC_ACTION_PROVIDER (self), 0);
  return priv->ttl_ms;
}

/**
 * genkit_dynamic_action_provider_set_cache_ttl:
 * @self: a [class@Genkit.DynamicActionProvider]
 * @ttl_ms: milliseconds to reuse a fetched list; 0 or negative fetches every time
 *
 * Sets the cache time (`cacheConfig.ttlMillis`).
 */
void
genkit_dynamic_action_provider_set_cache_ttl (GenkitDynamicActionProvider *self,
                                              gint64                       ttl_ms)
{
  GenkitDynamicActionProviderPrivate *priv = genkit_dynamic_action_provider_get_instance_private (self);

  g_return_if_fail (GENKIT_IS_DYNAMIC_ACTION_PROVIDER (self));
  priv->ttl_ms = ttl_ms;
}

/**
 * genkit_dynamic_action_provider_invalidate:
 * @self: a [class@Genkit.DynamicActionProvider]
 *
 * Drops the cached list so the next request fetches (Genkit's `invalidateCache()`).
 */
void
genkit_dynamic_action_provider_invalidate (GenkitDynamicActionProvider *self)
{
  GenkitDynamicActionProviderPrivate *priv = genkit_dynamic_action_provider_get_instance_private (self);

  g_return_if_fail (GENKIT_IS_DYNAMIC_ACTION_PROVIDER (self));
  g_clear_pointer (&priv->cached, g_ptr_array_unref);
}

/**
 * genkit_dynamic_action_provider_get_n_fetches:
 * @self: a [class@Genkit.DynamicActionProvider]
 *
 * Tells how many times the list was fetched (the cache's misses).
 *
 * Returns: how many times the list was fetched (the cache's misses)
 */
guint
genkit_dynamic_action_provider_get_n_fetches (GenkitDynamicActionProvider *self)
{
  GenkitDynamicActionProviderPrivate *priv = genkit_dynamic_action_provider_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_DYNAMIC_ACTION_PROVIDER (self), 0);
  return priv->n_fetches;
}

static gboolean
cache_is_fresh (GenkitDynamicActionProviderPrivate *priv)
{
  if (priv->cached == NULL || priv->ttl_ms <= 0)
    return FALSE;
  return g_get_monotonic_time () - priv->fetched_at_us < priv->ttl_ms * 1000;
}

static void
genkit_dynamic_action_provider_fetch_cb (GObject      *object,
                                         GAsyncResult *result,
                                         gpointer      user_data)
{
  GenkitDynamicActionProvider *self = GENKIT_DYNAMIC_ACTION_PROVIDER (object);
  GenkitDynamicActionProviderPrivate *priv = genkit_dynamic_action_provider_get_instance_private (self);
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&priv->waiters);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  actions = GENKIT_DYNAMIC_ACTION_PROVIDER_GET_CLASS (self)->fetch_finish (self, result, &error);
  if (actions != NULL)
    {
      g_clear_pointer (&priv->cached, g_ptr_array_unref);
      priv->cached = g_ptr_array_ref (actions);
      priv->fetched_at_us = g_get_monotonic_time ();
    }

  for (guint i = 0; i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (actions != NULL)
        g_task_return_pointer (task, g_ptr_array_ref (actions), (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (task, g_error_copy (error));
    }
}

/**
 * genkit_dynamic_action_provider_get_actions_async:
 * @self: a [class@Genkit.DynamicActionProvider]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the actions
 * @user_data: data for @callback
 *
 * Gets the provider's current actions: from the cache while it is fresh, else by fetching
 * (joining a fetch already under way).
 */
void
genkit_dynamic_action_provider_get_actions_async (GenkitDynamicActionProvider *self,
                                                  GCancellable                *cancellable,
                                                  GAsyncReadyCallback          callback,
                                                  gpointer                     user_data)
{
  GenkitDynamicActionProviderPrivate *priv = genkit_dynamic_action_provider_get_instance_private (self);
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GENKIT_IS_DYNAMIC_ACTION_PROVIDER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_dynamic_action_provider_get_actions_async);

  if (cache_is_fresh (priv))
    {
      g_task_return_pointer (task, g_ptr_array_ref (priv->cached), (GDestroyNotify) g_ptr_array_unref);
      return;
    }

  if (priv->waiters != NULL)
    {
      g_ptr_array_add (priv->waiters, g_steal_pointer (&task));
      return;
    }

  priv->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (priv->waiters, g_steal_pointer (&task));
  priv->n_fetches++;
  GENKIT_DYNAMIC_ACTION_PROVIDER_GET_CLASS (self)->fetch_async (self, NULL,
                                                                genkit_dynamic_action_provider_fetch_cb,
                                                                NULL);
}

/**
 * genkit_dynamic_action_provider_get_actions_finish:
 * @self: a [class@Genkit.DynamicActionProvider]
 * @result: the result given to the callback
 * @error: return location for the fetch's error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer container) (element-type GenkitAction): the actions, or %NULL with @error set
 */
GPtrArray *
genkit_dynamic_action_provider_get_actions_finish (GenkitDynamicActionProvider  *self,
                                                   GAsyncResult                 *result,
                                                   GError                      **error)
{
  g_return_val_if_fail (GENKIT_IS_DYNAMIC_ACTION_PROVIDER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_dynamic_action_provider_get_action_key:
 * @self: a [class@Genkit.DynamicActionProvider]
 * @action: one of its actions
 *
 * Gets the key the action is listed and looked up under,
 * `/dynamic-action-provider/<name>:<type>/<action name>`.
 *
 * Returns: (transfer full): the key the action is listed and looked up under,
 *   `/dynamic-action-provider/<name>:<type>/<action name>`
 */
char *
genkit_dynamic_action_provider_get_action_key (GenkitDynamicActionProvider *self,
                                               GenkitAction                *action)
{
  g_return_val_if_fail (GENKIT_IS_DYNAMIC_ACTION_PROVIDER (self), NULL);
  g_return_val_if_fail (GENKIT_IS_ACTION (action), NULL);

  return g_strdup_printf ("/dynamic-action-provider/%s:%s/%s",
                          genkit_action_get_name (GENKIT_ACTION (self)),
                          genkit_action_type_to_string (genkit_action_get_action_type (action)),
                          genkit_action_get_name (action));
}
