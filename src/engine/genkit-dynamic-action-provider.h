/* genkit-dynamic-action-provider.h — an action that provides other actions at run time
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-action.h"

G_BEGIN_DECLS

/**
 * GENKIT_DAP_DEFAULT_CACHE_TTL_MS:
 *
 * How long a dynamic action provider's list of actions is reused before it is fetched again,
 * in milliseconds: Genkit's default `cacheConfig.ttlMillis`.
 */
#define GENKIT_DAP_DEFAULT_CACHE_TTL_MS 3000

#define GENKIT_TYPE_DYNAMIC_ACTION_PROVIDER (genkit_dynamic_action_provider_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GenkitDynamicActionProvider, genkit_dynamic_action_provider, GENKIT, DYNAMIC_ACTION_PROVIDER, GenkitAction)

/**
 * GenkitDapFetchFunc:
 * @self: the provider
 * @user_data: the data given to [ctor@Genkit.DynamicActionProvider.new]
 * @error: return location for an error
 *
 * Lists the actions a provider offers right now (an MCP server's tools, say).
 *
 * Returns: (transfer full) (element-type GenkitAction) (nullable): the actions, or %NULL with
 *   @error set
 */
typedef GPtrArray *(*GenkitDapFetchFunc) (GenkitDynamicActionProvider  *self,
                                          gpointer                      user_data,
                                          GError                      **error);

/**
 * GenkitDynamicActionProviderClass:
 * @parent_class: the parent class
 * @fetch_async: fetches the current actions; the default calls the #GenkitDapFetchFunc
 * @fetch_finish: finishes @fetch_async, returning a #GPtrArray of #GenkitAction
 *
 * Subclass to fetch actions asynchronously (over the network).
 */
struct _GenkitDynamicActionProviderClass
{
  GenkitActionClass parent_class;

  void       (*fetch_async)  (GenkitDynamicActionProvider  *self,
                              GCancellable                 *cancellable,
                              GAsyncReadyCallback           callback,
                              gpointer                      user_data);
  GPtrArray *(*fetch_finish) (GenkitDynamicActionProvider  *self,
                              GAsyncResult                 *result,
                              GError                      **error);

  /*< private >*/
  gpointer padding[4];
};

GENKIT_AVAILABLE_IN_ALL
GenkitDynamicActionProvider *genkit_dynamic_action_provider_new (const char         *name,
                                                                 GenkitDapFetchFunc  func,
                                                                 gpointer            user_data,
                                                                 GDestroyNotify      destroy);
GENKIT_AVAILABLE_IN_ALL
gint64     genkit_dynamic_action_provider_get_cache_ttl   (GenkitDynamicActionProvider  *self);
GENKIT_AVAILABLE_IN_ALL
void       genkit_dynamic_action_provider_set_cache_ttl   (GenkitDynamicActionProvider  *self,
                                                           gint64                        ttl_ms);
GENKIT_AVAILABLE_IN_ALL
void       genkit_dynamic_action_provider_invalidate      (GenkitDynamicActionProvider  *self);
GENKIT_AVAILABLE_IN_ALL
guint      genkit_dynamic_action_provider_get_n_fetches   (GenkitDynamicActionProvider  *self);
GENKIT_AVAILABLE_IN_ALL
void       genkit_dynamic_action_provider_get_actions_async  (GenkitDynamicActionProvider  *self,
                                                              GCancellable                 *cancellable,
                                                              GAsyncReadyCallback           callback,
                                                              gpointer                      user_data);
GENKIT_AVAILABLE_IN_ALL
GPtrArray *genkit_dynamic_action_provider_get_actions_finish (GenkitDynamicActionProvider  *self,
                                                              GAsyncResult                 *result,
                                                              GError                      **error);
GENKIT_AVAILABLE_IN_ALL
char      *genkit_dynamic_action_provider_get_action_key  (GenkitDynamicActionProvider  *self,
                                                           GenkitAction                 *action);

G_END_DECLS
