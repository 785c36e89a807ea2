/* genkit-provider-plugin.h — the base of the model provider plugins
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

/**
 * GENKIT_PROVIDER_KEYRING_SCHEMA:
 *
 * The libsecret schema under which the studio keeps provider keys; its one attribute,
 * `provider`, is a plugin's name (`openai`, `anthropic`, `googleai`, …).
 */
#define GENKIT_PROVIDER_KEYRING_SCHEMA "io.github.genkitstudio.Studio.ApiKey"

#define GENKIT_TYPE_PROVIDER_PLUGIN (genkit_provider_plugin_get_type ())

G_DECLARE_DERIVABLE_TYPE (GenkitProviderPlugin, genkit_provider_plugin, GENKIT, PROVIDER_PLUGIN, GObject)

/**
 * GenkitProviderPluginClass:
 * @parent_class: the parent class
 * @model_info: the options of model @id (`label`, `supports`, `configSchema`, `versions`), as
 *   [ctor@Genkit.Model.new] takes them; every id has some
 * @embedder_info: `{"info": {...}, "configSchema"?: {...}}` for embedder @id, or %NULL when
 *   @id is no embedder of this provider
 * @list_known: adds the ids of the models and embedders known without asking the provider
 * @generate: answers one model call through @call, with @api_key (%NULL for a provider that
 *   needs none)
 * @embed: answers one embedder run
 * @discover: asks the provider which models it has
 * @discover_finish: finishes @discover with a #GPtrArray of `{"id", "kind": "model"|"embedder"}`
 *   JSON objects
 * @check_ready: whether calls can be made with @api_key; sets @reason when not
 *
 * A model provider: a [iface@Genkit.Plugin] whose models and embedders resolve on demand from
 * any id, are listed with their capabilities, and reach the provider over one `SoupSession`.
 */
struct _GenkitProviderPluginClass
{
  GObjectClass parent_class;

  JsonObject *(*model_info)      (GenkitProviderPlugin  *self,
                                  const char            *id);
  JsonObject *(*embedder_info)   (GenkitProviderPlugin  *self,
                                  const char            *id);
  void        (*list_known)      (GenkitProviderPlugin  *self,
                                  GPtrArray             *models,
                                  GPtrArray             *embedders);
  void        (*generate)        (GenkitProviderPlugin  *self,
                                  GenkitModelCall       *call,
                                  GenkitGenerateRequest *request,
                                  const char            *id,
                                  const char            *api_key);
  void        (*embed)           (GenkitProviderPlugin  *self,
                                  GenkitActionRun       *run,
                                  GPtrArray             *documents,
                                  JsonNode              *options,
                                  const char            *id,
                                  const char            *api_key);
  void        (*discover)        (GenkitProviderPlugin  *self,
                                  const char            *api_key,
                                  GCancellable          *cancellable,
                                  GAsyncReadyCallback    callback,
                                  gpointer               user_data);
  GPtrArray  *(*discover_finish) (GenkitProviderPlugin  *self,
                                  GAsyncResult          *result,
                                  GError               **error);
  gboolean    (*check_ready)     (GenkitProviderPlugin  *self,
                                  const char            *api_key,
                                  char                 **reason);

  /*< private >*/
  gpointer padding[8];
};

const char *genkit_provider_plugin_get_name           (GenkitProviderPlugin *self);
const char *genkit_provider_plugin_get_label          (GenkitProviderPlugin *self);
const char *genkit_provider_plugin_get_base_url       (GenkitProviderPlugin *self);
void        genkit_provider_plugin_set_base_url       (GenkitProviderPlugin *self,
                                                       const char           *base_url);
guint       genkit_provider_plugin_get_timeout_ms     (GenkitProviderPlugin *self);
void        genkit_provider_plugin_set_timeout_ms     (GenkitProviderPlugin *self,
                                                       guint                 timeout_ms);
const char * const *genkit_provider_plugin_get_key_env_vars (GenkitProviderPlugin *self);
const char * const *genkit_provider_plugin_get_enabled_models (GenkitProviderPlugin *self);
void        genkit_provider_plugin_set_enabled_models (GenkitProviderPlugin *self,
                                                       const char * const   *ids);
void        genkit_provider_plugin_list_models_async  (GenkitProviderPlugin *self,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
GStrv       genkit_provider_plugin_list_models_finish (GenkitProviderPlugin *self,
                                                       GAsyncResult         *result,
                                                       GError              **error);
char       *genkit_provider_plugin_describe_missing_key (GenkitProviderPlugin *self);

void        genkit_provider_store_api_key_async       (const char           *provider,
                                                       const char           *api_key,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean    genkit_provider_store_api_key_finish      (GAsyncResult         *result,
                                                       GError              **error);
void        genkit_provider_lookup_api_key_async      (const char           *provider,
                                                       const char * const   *env_vars,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
char       *genkit_provider_lookup_api_key_finish     (GAsyncResult         *result);
void        genkit_provider_has_api_key_async         (const char           *provider,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean    genkit_provider_has_api_key_finish        (GAsyncResult         *result,
                                                       GError              **error);
void        genkit_provider_clear_api_key_async       (const char           *provider,
                                                       GCancellable         *cancellable,
                                                       GAsyncReadyCallback   callback,
                                                       gpointer              user_data);
gboolean    genkit_provider_clear_api_key_finish      (GAsyncResult         *result,
                                                       GError              **error);

G_END_DECLS
