/* genkit-provider-plugin.c — the base of the model provider plugins
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-provider-private.h"


/**
 * GenkitProviderPlugin:
 *
 * What every model provider plugin (`openai`, `ollama`, `anthropic`, `googleai`,
 * `cloudflare-workers-ai`, …) does the same way:
 *
 * - models resolve on demand from any id (`/model/openai/gpt-4o-mini`), embedders from the ids
 *   the provider calls embedders, each described with its `supports` and config schema;
 * - the key comes from the keyring (libsecret, schema `io.github.genkitstudio.Studio.ApiKey`,
 *   attribute `provider` = the plugin's name), else from the provider's environment variables,
 *   looked up again for every call so a key saved meanwhile counts; it goes into a request
 *   header and nowhere else (not the action's metadata, the trace, a log or an error);
 * - without a key the plugin still initializes: its listing marks the models
 *   `"available": false` with an `unavailableReason`, and a call fails with
 *   `FAILED_PRECONDITION` and that reason;
 * - `config` is checked against the model's config schema before any request;
 * - listing asks the provider for its models (model discovery) only when it has a key, at most
 *   every five minutes, and falls back to the known models when that fails. Nothing happens on
 *   the network when the plugin is made or initialized.
 */

typedef struct
{
  char                 *name;
  char                 *label;
  char                 *base_url;
  char                 *api_key;
  char                 *keyring_provider;
  GStrv                 key_env_vars;
  gboolean              use_keyring;
  gboolean              key_required;
  gboolean              discover_models;
  GenkitProviderClient *client;

  GStrv                 enabled_models;  /* NULL: every model is listed */
  GPtrArray            *discovered;      /* JsonObject {"id", "kind"} */
  gint64                discovered_at;
  guint                 discovery_cache_s;
} GenkitProviderPluginPrivate;

static void genkit_provider_plugin_iface_init (GenkitPluginInterface *iface);

G_DEFINE_ABSTRACT_TYPE_WITH_CODE (GenkitProviderPlugin, genkit_provider_plugin, G_TYPE_OBJECT,
                                  G_ADD_PRIVATE (GenkitProviderPlugin)
                                  G_IMPLEMENT_INTERFACE (GENKIT_TYPE_PLUGIN, genkit_provider_plugin_iface_init))

enum
{
  PROP_0,
  PROP_NAME,
  PROP_LABEL,
  PROP_BASE_URL,
  PROP_API_KEY,
  PROP_USE_KEYRING,
  PROP_TIMEOUT_MS,
  PROP_DISCOVER_MODELS,
  PROP_KEYRING_PROVIDER,
  PROP_ENABLED_MODELS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PRIV(self) ((GenkitProviderPluginPrivate *) genkit_provider_plugin_get_instance_private (self))

/* Keys ------------------------------------------------------------------------------------ */

static void
plugin_key_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_task_return_pointer (task, _genkit_provider_lookup_key_finish (result), g_free);
}

/* The key for one call: the one given to the plugin, else the keyring's, else the environment's. */
static void
plugin_get_key_async (GenkitProviderPlugin *self,
                      GCancellable         *cancellable,
                      GAsyncReadyCallback   callback,
                      gpointer              user_data)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);

  g_task_set_source_tag (task, plugin_get_key_async);
  if (priv->api_key != NULL)
    {
      g_task_return_pointer (task, g_strdup (priv->api_key), g_free);
      return;
    }
  _genkit_provider_lookup_key_async (priv->keyring_provider ? priv->keyring_provider : priv->name,
                                     (const char * const *) priv->key_env_vars, priv->use_keyring,
                                     cancellable, plugin_key_cb, g_steal_pointer (&task));
}

static char *
plugin_get_key_finish (GenkitProviderPlugin *self,
                       GAsyncResult         *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

static void
free_key (char *key)
{
  if (key != NULL)
    {
      memset (key, 0, strlen (key));
      g_free (key);
    }
}

/**
 * genkit_provider_plugin_describe_missing_key:
 * @self: a provider plugin
 *
 * Says how to give the plugin its key, for messages and the studio's model list.
 *
 * Returns: (transfer full): e.g. "OpenAI is unavailable: no API key. Set OPENAI_API_KEY or store
 *   a key for “openai” in the keyring."
 */
char *
genkit_provider_plugin_describe_missing_key (GenkitProviderPlugin *self)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);
  g_autofree char *vars = NULL;

  g_return_val_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self), NULL);

  vars = priv->key_env_vars && priv->key_env_vars[0] ? g_strjoinv (" or ", priv->key_env_vars) : NULL;
  if (vars != NULL)
    return g_strdup_printf ("%s is unavailable: no API key. Set %s or store a key for “%s” in the "
                            "keyring (%s).", priv->label, vars,
                            priv->keyring_provider ? priv->keyring_provider : priv->name,
                            GENKIT_PROVIDER_KEYRING_SCHEMA);
  return g_strdup_printf ("%s is unavailable: no API key. Store a key for “%s” in the keyring (%s).",
                          priv->label, priv->keyring_provider ? priv->keyring_provider : priv->name,
                          GENKIT_PROVIDER_KEYRING_SCHEMA);
}

static gboolean
plugin_check_ready (GenkitProviderPlugin  *self,
                    const char            *api_key,
                    char                 **reason)
{
  return GENKIT_PROVIDER_PLUGIN_GET_CLASS (self)->check_ready (self, api_key, reason);
}

static gboolean
genkit_provider_plugin_real_check_ready (GenkitProviderPlugin  *self,
                                         const char            *api_key,
                                         char                 **reason)
{
  if (PRIV (self)->key_required && api_key == NULL)
    {
      *reason = genkit_provider_plugin_describe_missing_key (self);
      return FALSE;
    }
  return TRUE;
}

/* Models ---------------------------------------------------------------------------------- */

typedef struct
{
  GenkitProviderPlugin *plugin;
  char                 *id;
  char                 *full_name;
  GenkitJsonSchema     *config_schema;
} ActionData;

static void
action_data_free (ActionData *data)
{
  g_clear_object (&data->plugin);
  g_clear_object (&data->config_schema);
  g_free (data->id);
  g_free (data->full_name);
  g_free (data);
}

static ActionData *
action_data_new (GenkitProviderPlugin *self,
                 const char           *id,
                 JsonNode             *config_schema,
                 GError              **error)
{
  ActionData *data = g_new0 (ActionData, 1);

  data->plugin = g_object_ref (self);
  data->id = g_strdup (id);
  data->full_name = g_strconcat (PRIV (self)->name, "/", id, NULL);
  if (config_schema != NULL && (data->config_schema = genkit_json_schema_new (config_schema, error)) == NULL)
    {
      action_data_free (data);
      return NULL;
    }
  return data;
}

/* Checks `config` against the config schema: INVALID_ARGUMENT naming every violation. */
static GError *
check_config (ActionData *data,
              JsonNode   *config)
{
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GString) text = NULL;
  GError *error = NULL;

  if (data->config_schema == NULL || config == NULL || JSON_NODE_HOLDS_NULL (config))
    return NULL;
  if (!genkit_json_schema_validate (data->config_schema, config, &violations, &error))
    return error;
  if (violations == NULL || violations->len == 0)
    return NULL;

  text = g_string_new (NULL);
  g_string_append_printf (text, "Invalid config for %s:", data->full_name);
  for (guint i = 0; i < violations->len; i++)
    {
      GenkitSchemaViolation *v = g_ptr_array_index (violations, i);
      const char *path = genkit_schema_violation_get_path (v);

      g_string_append_printf (text, "%s %s: %s", i ? ";" : "", path && *path ? path : "config",
                              genkit_schema_violation_get_message (v));
    }
  return g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, text->str);
}

typedef struct
{
  ActionData            *data;       /* borrowed: the action holds it */
  GenkitModelCall       *call;
  GenkitGenerateRequest *request;
  GenkitActionRun       *run;
  GPtrArray             *documents;
  JsonNode              *options;
  GenkitAction          *action;     /* keeps @data alive */
} CallData;

static void
call_data_free (CallData *cd)
{
  g_clear_object (&cd->call);
  g_clear_pointer (&cd->request, genkit_generate_request_unref);
  g_clear_object (&cd->run);
  g_clear_pointer (&cd->documents, g_ptr_array_unref);
  g_clear_pointer (&cd->options, json_node_unref);
  g_clear_object (&cd->action);
  g_free (cd);
}

static void
model_key_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  CallData *cd = user_data;
  GenkitProviderPlugin *self = GENKIT_PROVIDER_PLUGIN (object);
  char *key = plugin_get_key_finish (self, result);
  g_autofree char *reason = NULL;

  if (!plugin_check_ready (self, key, &reason))
    genkit_model_call_return_new_error (cd->call, GENKIT_ERROR_FAILED_PRECONDITION, "%s", reason);
  else
    GENKIT_PROVIDER_PLUGIN_GET_CLASS (self)->generate (self, cd->call, cd->request, cd->data->id, key);
  free_key (key);
  call_data_free (cd);
}

static void
provider_model_func (GenkitModelCall       *call,
                     GenkitGenerateRequest *request,
                     gpointer               user_data)
{
  ActionData *data = user_data;
  CallData *cd;
  GError *error;

  if ((error = check_config (data, genkit_generate_request_get_config (request))) != NULL)
    {
      genkit_model_call_return_error (call, error);
      return;
    }

  cd = g_new0 (CallData, 1);
  cd->data = data;
  cd->call = g_object_ref (call);
  cd->request = genkit_generate_request_ref (request);
  cd->action = g_object_ref (genkit_model_call_get_model (call));
  plugin_get_key_async (data->plugin, genkit_model_call_get_cancellable (call), model_key_cb, cd);
}

static void
embedder_key_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  CallData *cd = user_data;
  GenkitProviderPlugin *self = GENKIT_PROVIDER_PLUGIN (object);
  char *key = plugin_get_key_finish (self, result);
  g_autofree char *reason = NULL;

  if (!plugin_check_ready (self, key, &reason))
    genkit_action_run_return_new_error (cd->run, GENKIT_ERROR_FAILED_PRECONDITION, "%s", reason);
  else
    GENKIT_PROVIDER_PLUGIN_GET_CLASS (self)->embed (self, cd->run, cd->documents, cd->options,
                                                    cd->data->id, key);
  free_key (key);
  call_data_free (cd);
}

static void
provider_embedder_func (GenkitActionRun *run,
                        GPtrArray       *documents,
                        JsonNode        *options,
                        gpointer         user_data)
{
  ActionData *data = user_data;
  CallData *cd;
  GError *error;

  if ((error = check_config (data, options)) != NULL)
    {
      genkit_action_run_return_error (run, error);
      return;
    }

  cd = g_new0 (CallData, 1);
  cd->data = data;
  cd->run = g_object_ref (run);
  cd->documents = g_ptr_array_ref (documents);
  cd->options = options ? json_node_ref (options) : NULL;
  cd->action = g_object_ref (genkit_action_run_get_action (run));
  plugin_get_key_async (data->plugin, genkit_action_run_get_cancellable (run), embedder_key_cb, cd);
}

/* The plugin interface ---------------------------------------------------------------------- */

static const char *
provider_get_name (GenkitPlugin *plugin)
{
  return PRIV (GENKIT_PROVIDER_PLUGIN (plugin))->name;
}

static GenkitAction *
provider_resolve (GenkitPlugin      *plugin,
                  GenkitRegistry    *registry,
                  GenkitActionType   type,
                  const char        *name,
                  GError           **error)
{
  GenkitProviderPlugin *self = GENKIT_PROVIDER_PLUGIN (plugin);
  GenkitProviderPluginClass *klass = GENKIT_PROVIDER_PLUGIN_GET_CLASS (self);

  if (name == NULL || *name == '\0')
    return NULL;

  if (type == GENKIT_ACTION_TYPE_MODEL && klass->generate != NULL)
    {
      g_autoptr(JsonObject) info = klass->model_info (self, name);
      JsonNode *schema = json_object_get_member (info, "configSchema");
      ActionData *data = action_data_new (self, name, schema, error);

      if (data == NULL)
        return NULL;
      return GENKIT_ACTION (genkit_model_new (data->full_name, info, provider_model_func, data,
                                              (GDestroyNotify) action_data_free, error));
    }

  if (type == GENKIT_ACTION_TYPE_EMBEDDER && klass->embed != NULL && klass->embedder_info != NULL)
    {
      g_autoptr(JsonObject) described = klass->embedder_info (self, name);
      JsonNode *schema;
      ActionData *data;
      GenkitEmbedder *embedder;

      if (described == NULL)
        return NULL;
      schema = json_object_get_member (described, "configSchema");
      if ((data = action_data_new (self, name, schema, error)) == NULL)
        return NULL;
      embedder = genkit_define_embedder (registry, data->full_name,
                                         _genkit_provider_json_get_object (described, "info"), schema,
                                         provider_embedder_func, data,
                                         (GDestroyNotify) action_data_free, error);
      return embedder ? g_object_ref (GENKIT_ACTION (embedder)) : NULL;
    }

  return NULL;
}

/* Listing ----------------------------------------------------------------------------------- */

typedef struct
{
  char     *reason;       /* why nothing can be called, or NULL */
  gboolean  ids_only;     /* genkit_provider_plugin_list_models_async(): every id, unfiltered */
} ListState;

static void
list_state_free (ListState *state)
{
  g_free (state->reason);
  g_free (state);
}

static JsonObject *
describe_model (GenkitProviderPlugin *self,
                const char           *id,
                const char           *reason)
{
  GenkitProviderPluginClass *klass = GENKIT_PROVIDER_PLUGIN_GET_CLASS (self);
  g_autoptr(JsonObject) info = klass->model_info (self, id);
  JsonObject *meta = json_object_new ();
  JsonObject *metadata = json_object_new ();
  JsonObject *model = json_object_ref (info);

  if (json_object_has_member (info, "configSchema"))
    json_object_set_member (model, "customOptions",
                            json_node_copy (json_object_get_member (info, "configSchema")));
  if (reason != NULL)
    {
      json_object_set_boolean_member (model, "available", FALSE);
      json_object_set_string_member (model, "unavailableReason", reason);
    }
  json_object_set_object_member (metadata, "model", model);
  json_object_set_string_member (meta, "actionType", "model");
  json_object_set_string_member (meta, "name", id);
  if (_genkit_provider_json_get_string (info, "label") != NULL)
    json_object_set_string_member (meta, "description", _genkit_provider_json_get_string (info, "label"));
  json_object_set_object_member (meta, "metadata", metadata);
  return meta;
}

static JsonObject *
describe_embedder (GenkitProviderPlugin *self,
                   const char           *id,
                   const char           *reason)
{
  GenkitProviderPluginClass *klass = GENKIT_PROVIDER_PLUGIN_GET_CLASS (self);
  g_autoptr(JsonObject) described = klass->embedder_info ? klass->embedder_info (self, id) : NULL;
  JsonObject *meta;
  JsonObject *metadata;
  JsonObject *embedder;
  JsonObject *info;

  if (described == NULL)
    return NULL;
  info = _genkit_provider_json_get_object (described, "info");
  embedder = info ? json_object_ref (info) : json_object_new ();
  _genkit_provider_json_copy_member (embedder, "customOptions", described, "configSchema");
  if (reason != NULL)
    {
      json_object_set_boolean_member (embedder, "available", FALSE);
      json_object_set_string_member (embedder, "unavailableReason", reason);
    }
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "type", "embedder");
  json_object_set_object_member (metadata, "embedder", embedder);
  meta = json_object_new ();
  json_object_set_string_member (meta, "actionType", "embedder");
  json_object_set_string_member (meta, "name", id);
  if (info != NULL && _genkit_provider_json_get_string (info, "label") != NULL)
    json_object_set_string_member (meta, "description", _genkit_provider_json_get_string (info, "label"));
  json_object_set_object_member (meta, "metadata", metadata);
  return meta;
}

static void
add_unique (GPtrArray  *ids,
            const char *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_str_equal (g_ptr_array_index (ids, i), id))
      return;
  g_ptr_array_add (ids, g_strdup (id));
}

/* The ids of the known and discovered models and embedders. */
static void
collect_ids (GenkitProviderPlugin *self,
             GPtrArray            *models,
             GPtrArray            *embedders)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);
  GenkitProviderPluginClass *klass = GENKIT_PROVIDER_PLUGIN_GET_CLASS (self);

  if (klass->list_known != NULL)
    klass->list_known (self, models, embedders);
  for (guint i = 0; priv->discovered != NULL && i < priv->discovered->len; i++)
    {
      JsonObject *entry = g_ptr_array_index (priv->discovered, i);
      const char *id = _genkit_provider_json_get_string (entry, "id");

      if (id == NULL)
        continue;
      if (g_strcmp0 (_genkit_provider_json_get_string (entry, "kind"), "embedder") == 0)
        add_unique (embedders, id);
      else
        add_unique (models, id);
    }
  if (klass->generate == NULL)
    g_ptr_array_set_size (models, 0);
  if (klass->embed == NULL)
    g_ptr_array_set_size (embedders, 0);
}

static gboolean
is_enabled (GenkitProviderPlugin *self,
            const char           *id)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);

  return priv->enabled_models == NULL || g_strv_contains ((const char * const *) priv->enabled_models, id);
}

static void
list_complete (GTask *task)
{
  GenkitProviderPlugin *self = g_task_get_source_object (task);
  ListState *state = g_task_get_task_data (task);
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) embedders = g_ptr_array_new_with_free_func (g_free);
  JsonArray *list;
  JsonNode *node;

  collect_ids (self, models, embedders);
  if (state->ids_only)
    {
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

      g_ptr_array_add (models, NULL);
      g_ptr_array_add (embedders, NULL);
      g_strv_builder_addv (ids, (const char **) models->pdata);
      g_strv_builder_addv (ids, (const char **) embedders->pdata);
      g_task_return_pointer (task, g_strv_builder_end (ids), (GDestroyNotify) g_strfreev);
      return;
    }

  list = json_array_new ();
  for (guint i = 0; i < models->len; i++)
    if (is_enabled (self, g_ptr_array_index (models, i)))
      json_array_add_object_element (list, describe_model (self, g_ptr_array_index (models, i),
                                                           state->reason));
  for (guint i = 0; i < embedders->len; i++)
    {
      JsonObject *meta;

      if (!is_enabled (self, g_ptr_array_index (embedders, i)))
        continue;
      if ((meta = describe_embedder (self, g_ptr_array_index (embedders, i), state->reason)) != NULL)
        json_array_add_object_element (list, meta);
    }

  node = json_node_init_array (json_node_alloc (), list);
  json_array_unref (list);
  g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
list_discover_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitProviderPlugin *self = GENKIT_PROVIDER_PLUGIN (object);
  GenkitProviderPluginPrivate *priv = PRIV (self);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  found = GENKIT_PROVIDER_PLUGIN_GET_CLASS (self)->discover_finish (self, result, &error);
  if (found != NULL)
    {
      g_clear_pointer (&priv->discovered, g_ptr_array_unref);
      priv->discovered = g_steal_pointer (&found);
      priv->discovered_at = g_get_monotonic_time ();
    }
  else
    /* The listing still shows the known models: discovery is a bonus. */
    g_debug ("Model discovery for %s failed: %s", priv->name, error->message);
  list_complete (task);
}

static void
list_key_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitProviderPlugin *self = GENKIT_PROVIDER_PLUGIN (object);
  GenkitProviderPluginPrivate *priv = PRIV (self);
  GenkitProviderPluginClass *klass = GENKIT_PROVIDER_PLUGIN_GET_CLASS (self);
  ListState *state = g_task_get_task_data (task);
  char *key = plugin_get_key_finish (self, result);

  if (!plugin_check_ready (self, key, &state->reason))
    {
      free_key (key);
      list_complete (task);
      return;
    }

  if (priv->discover_models && klass->discover != NULL &&
      (priv->discovered == NULL ||
       g_get_monotonic_time () - priv->discovered_at > (gint64) priv->discovery_cache_s * G_USEC_PER_SEC))
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      klass->discover (self, key, cancellable, list_discover_cb, g_steal_pointer (&task));
      free_key (key);
      return;
    }
  free_key (key);
  list_complete (task);
}

static void
provider_list_actions_async (GenkitPlugin        *plugin,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GenkitProviderPlugin *self = GENKIT_PROVIDER_PLUGIN (plugin);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, provider_list_actions_async);
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, g_new0 (ListState, 1), (GDestroyNotify) list_state_free);
  plugin_get_key_async (self, cancellable, list_key_cb, g_steal_pointer (&task));
}

static JsonNode *
provider_list_actions_finish (GenkitPlugin  *plugin,
                              GAsyncResult  *result,
                              GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_provider_plugin_list_models_async:
 * @self: a provider plugin
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the ids
 * @user_data: data for @callback
 *
 * Lists the ids of every model and embedder the plugin knows, asking the provider (model
 * discovery) as listing the actions does, but ignoring
 * [property@Genkit.ProviderPlugin:enabled-models]: what the studio's preferences offer to
 * enable.
 */
void
genkit_provider_plugin_list_models_async (GenkitProviderPlugin *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ListState *state;

  g_return_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_provider_plugin_list_models_async);
  g_task_set_check_cancellable (task, FALSE);
  state = g_new0 (ListState, 1);
  state->ids_only = TRUE;
  g_task_set_task_data (task, state, (GDestroyNotify) list_state_free);
  plugin_get_key_async (self, cancellable, list_key_cb, g_steal_pointer (&task));
}

/**
 * genkit_provider_plugin_list_models_finish:
 * @self: a provider plugin
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.ProviderPlugin.list_models_async]. Discovery failing is no error:
 * the known ids are listed then.
 *
 * Returns: (transfer full) (array zero-terminated=1): the model ids, then the embedder ids
 */
GStrv
genkit_provider_plugin_list_models_finish (GenkitProviderPlugin  *self,
                                           GAsyncResult          *result,
                                           GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
genkit_provider_plugin_iface_init (GenkitPluginInterface *iface)
{
  iface->get_name = provider_get_name;
  iface->resolve = provider_resolve;
  iface->list_actions_async = provider_list_actions_async;
  iface->list_actions_finish = provider_list_actions_finish;
}

/* The object -------------------------------------------------------------------------------- */

static void
genkit_provider_plugin_constructed (GObject *object)
{
  GenkitProviderPlugin *self = GENKIT_PROVIDER_PLUGIN (object);
  GenkitProviderPluginPrivate *priv = PRIV (self);

  G_OBJECT_CLASS (genkit_provider_plugin_parent_class)->constructed (object);

  if (priv->label == NULL)
    priv->label = g_strdup (priv->name);
  priv->client = _genkit_provider_client_new (priv->label);
}

static void
genkit_provider_plugin_finalize (GObject *object)
{
  GenkitProviderPluginPrivate *priv = PRIV (GENKIT_PROVIDER_PLUGIN (object));

  g_free (priv->name);
  g_free (priv->label);
  g_free (priv->base_url);
  free_key (priv->api_key);
  g_free (priv->keyring_provider);
  g_strfreev (priv->key_env_vars);
  g_strfreev (priv->enabled_models);
  g_clear_object (&priv->client);
  g_clear_pointer (&priv->discovered, g_ptr_array_unref);

  G_OBJECT_CLASS (genkit_provider_plugin_parent_class)->finalize (object);
}

static void
genkit_provider_plugin_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GenkitProviderPlugin *self = GENKIT_PROVIDER_PLUGIN (object);
  GenkitProviderPluginPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_LABEL:
      g_value_set_string (value, priv->label);
      break;
    case PROP_BASE_URL:
      g_value_set_string (value, priv->base_url);
      break;
    case PROP_USE_KEYRING:
      g_value_set_boolean (value, priv->use_keyring);
      break;
    case PROP_TIMEOUT_MS:
      g_value_set_uint (value, genkit_provider_plugin_get_timeout_ms (self));
      break;
    case PROP_DISCOVER_MODELS:
      g_value_set_boolean (value, priv->discover_models);
      break;
    case PROP_KEYRING_PROVIDER:
      g_value_set_string (value, priv->keyring_provider ? priv->keyring_provider : priv->name);
      break;
    case PROP_ENABLED_MODELS:
      g_value_set_boxed (value, priv->enabled_models);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_provider_plugin_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  GenkitProviderPlugin *self = GENKIT_PROVIDER_PLUGIN (object);
  GenkitProviderPluginPrivate *priv = PRIV (self);

  switch (prop_id)
    {
    case PROP_NAME:
      priv->name = g_value_dup_string (value);
      break;
    case PROP_LABEL:
      priv->label = g_value_dup_string (value);
      break;
    case PROP_BASE_URL:
      genkit_provider_plugin_set_base_url (self, g_value_get_string (value));
      break;
    case PROP_API_KEY:
      free_key (priv->api_key);
      priv->api_key = g_value_dup_string (value);
      if (priv->api_key != NULL && *priv->api_key == '\0')
        g_clear_pointer (&priv->api_key, g_free);
      break;
    case PROP_USE_KEYRING:
      priv->use_keyring = g_value_get_boolean (value);
      break;
    case PROP_TIMEOUT_MS:
      genkit_provider_plugin_set_timeout_ms (self, g_value_get_uint (value));
      break;
    case PROP_DISCOVER_MODELS:
      priv->discover_models = g_value_get_boolean (value);
      break;
    case PROP_KEYRING_PROVIDER:
      g_free (priv->keyring_provider);
      priv->keyring_provider = g_value_dup_string (value);
      break;
    case PROP_ENABLED_MODELS:
      genkit_provider_plugin_set_enabled_models (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_provider_plugin_class_init (GenkitProviderPluginClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = genkit_provider_plugin_constructed;
  object_class->finalize = genkit_provider_plugin_finalize;
  object_class->get_property = genkit_provider_plugin_get_property;
  object_class->set_property = genkit_provider_plugin_set_property;
  klass->check_ready = genkit_provider_plugin_real_check_ready;

  /**
   * GenkitProviderPlugin:name:
   *
   * The plugin's name: the namespace of its actions (`openai`, `ollama`, …) and the keyring's
   * `provider` attribute.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GenkitProviderPlugin:label:
   *
   * The provider's name for people ("OpenAI"), used in labels and error messages.
   */
  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GenkitProviderPlugin:base-url:
   *
   * Where the provider's API is; %NULL for the provider's environment variable or default.
   */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GenkitProviderPlugin:api-key:
   *
   * A key given in code, used instead of the keyring and the environment. Write-only: a key
   * never comes back out of the plugin.
   */
  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GenkitProviderPlugin:use-keyring:
   *
   * Whether to look for the key in the keyring before the environment.
   */
  properties[PROP_USE_KEYRING] =
    g_param_spec_boolean ("use-keyring", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * GenkitProviderPlugin:timeout-ms:
   *
   * How long, in milliseconds, the provider may stay silent (connecting, before answering,
   * between two pieces of a stream) before the call fails with `DEADLINE_EXCEEDED`; 0 waits
   * forever.
   */
  properties[PROP_TIMEOUT_MS] =
    g_param_spec_uint ("timeout-ms", NULL, NULL, 0, G_MAXUINT, 120000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * GenkitProviderPlugin:discover-models:
   *
   * Whether listing asks the provider for its models (only ever with a key).
   */
  properties[PROP_DISCOVER_MODELS] =
    g_param_spec_boolean ("discover-models", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_STATIC_STRINGS);
  /**
   * GenkitProviderPlugin:keyring-provider:
   *
   * The keyring's `provider` attribute for this plugin's key; defaults to the name.
   */
  properties[PROP_KEYRING_PROVIDER] =
    g_param_spec_string ("keyring-provider", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitProviderPlugin:enabled-models:
   *
   * The ids of the models and embedders the plugin lists (the studio's preferences choose
   * them); %NULL lists every known and discovered one. Any id still resolves when asked for
   * by name, as Genkit's dynamic models do.
   */
  properties[PROP_ENABLED_MODELS] =
    g_param_spec_boxed ("enabled-models", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_provider_plugin_init (GenkitProviderPlugin *self)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);

  priv->use_keyring = TRUE;
  priv->key_required = TRUE;
  priv->discover_models = TRUE;
  priv->discovery_cache_s = 300;
}

/* Accessors --------------------------------------------------------------------------------- */

/**
 * genkit_provider_plugin_get_name:
 * @self: a provider plugin
 *
 * Gets the plugin's name, the namespace of its models (`openai`).
 *
 * Returns: the name
 */
const char *
genkit_provider_plugin_get_name (GenkitProviderPlugin *self)
{
  g_return_val_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self), NULL);
  return PRIV (self)->name;
}

/**
 * genkit_provider_plugin_get_label:
 * @self: a provider plugin
 *
 * Gets the provider's name for people ("OpenAI"), as labels and errors show it.
 *
 * Returns: the label
 */
const char *
genkit_provider_plugin_get_label (GenkitProviderPlugin *self)
{
  g_return_val_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self), NULL);
  return PRIV (self)->label;
}

/**
 * genkit_provider_plugin_get_base_url:
 * @self: a provider plugin
 *
 * Gets the base URL requests go to, without a trailing `/`.
 *
 * Returns: (nullable): the base URL
 */
const char *
genkit_provider_plugin_get_base_url (GenkitProviderPlugin *self)
{
  g_return_val_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self), NULL);
  return PRIV (self)->base_url;
}

/**
 * genkit_provider_plugin_set_base_url:
 * @self: a provider plugin
 * @base_url: (nullable): where the provider's API is; trailing `/`s are dropped
 *
 * Points the plugin at a gateway, a proxy or a local server.
 */
void
genkit_provider_plugin_set_base_url (GenkitProviderPlugin *self,
                                     const char           *base_url)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);
  g_autofree char *trimmed = NULL;

  g_return_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self));

  if (base_url != NULL && *base_url != '\0')
    {
      trimmed = g_strdup (base_url);
      g_strstrip (trimmed);
      while (g_str_has_suffix (trimmed, "/"))
        trimmed[strlen (trimmed) - 1] = '\0';
    }
  if (g_strcmp0 (priv->base_url, trimmed) == 0)
    return;
  g_free (priv->base_url);
  priv->base_url = g_steal_pointer (&trimmed);
  /* What another server said it has is no answer for this one. */
  g_clear_pointer (&priv->discovered, g_ptr_array_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

/**
 * genkit_provider_plugin_get_enabled_models:
 * @self: a provider plugin
 *
 * Gets [property@Genkit.ProviderPlugin:enabled-models].
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the ids listed, or %NULL for all
 */
const char * const *
genkit_provider_plugin_get_enabled_models (GenkitProviderPlugin *self)
{
  g_return_val_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self), NULL);
  return (const char * const *) PRIV (self)->enabled_models;
}

/**
 * genkit_provider_plugin_set_enabled_models:
 * @self: a provider plugin
 * @ids: (nullable) (array zero-terminated=1): the model and embedder ids to list, %NULL for all
 *
 * Sets [property@Genkit.ProviderPlugin:enabled-models].
 */
void
genkit_provider_plugin_set_enabled_models (GenkitProviderPlugin *self,
                                           const char * const   *ids)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);

  g_return_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self));

  if (priv->enabled_models == NULL && ids == NULL)
    return;
  if (priv->enabled_models != NULL && ids != NULL &&
      g_strv_equal ((const char * const *) priv->enabled_models, ids))
    return;
  g_strfreev (priv->enabled_models);
  priv->enabled_models = g_strdupv ((char **) ids);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENABLED_MODELS]);
}

/**
 * genkit_provider_plugin_get_timeout_ms:
 * @self: a provider plugin
 *
 * Gets [property@Genkit.ProviderPlugin:timeout-ms].
 *
 * Returns: the idle timeout in milliseconds, 0 for none
 */
guint
genkit_provider_plugin_get_timeout_ms (GenkitProviderPlugin *self)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);

  g_return_val_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self), 0);
  return priv->client ? _genkit_provider_client_get_timeout_ms (priv->client) : 120000;
}

/**
 * genkit_provider_plugin_set_timeout_ms:
 * @self: a provider plugin
 * @timeout_ms: how long the provider may stay silent, in milliseconds; 0 waits forever
 *
 * Sets [property@Genkit.ProviderPlugin:timeout-ms].
 */
void
genkit_provider_plugin_set_timeout_ms (GenkitProviderPlugin *self,
                                       guint                 timeout_ms)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);

  g_return_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self));

  if (_genkit_provider_client_get_timeout_ms (priv->client) == timeout_ms)
    return;
  _genkit_provider_client_set_timeout_ms (priv->client, timeout_ms);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT_MS]);
}

/**
 * genkit_provider_plugin_get_key_env_vars:
 * @self: a provider plugin
 *
 * Gets the environment variables the key is read from when the keyring has none.
 *
 * Returns: (transfer none) (array zero-terminated=1): the variables, in the order tried
 */
const char * const *
genkit_provider_plugin_get_key_env_vars (GenkitProviderPlugin *self)
{
  g_return_val_if_fail (GENKIT_IS_PROVIDER_PLUGIN (self), NULL);
  return (const char * const *) PRIV (self)->key_env_vars;
}

gpointer
_genkit_provider_plugin_get_client (GenkitProviderPlugin *self)
{
  return PRIV (self)->client;
}

void
_genkit_provider_plugin_set_key_env_vars (GenkitProviderPlugin *self,
                                          const char * const   *env_vars)
{
  GenkitProviderPluginPrivate *priv = PRIV (self);

  g_strfreev (priv->key_env_vars);
  priv->key_env_vars = g_strdupv ((char **) env_vars);
}

void
_genkit_provider_plugin_set_key_required (GenkitProviderPlugin *self,
                                          gboolean              required)
{
  PRIV (self)->key_required = required;
}

/* A plugin whose base URL was not given uses @env_var's value when it is set and not empty
 * (as Genkit's plugins read `ANTHROPIC_BASE_URL` and the like), else @fallback. */
void
_genkit_provider_plugin_set_default_base_url (GenkitProviderPlugin *self,
                                              const char           *env_var,
                                              const char           *fallback)
{
  const char *from_env;

  if (genkit_provider_plugin_get_base_url (self) != NULL)
    return;
  from_env = g_getenv (env_var);
  genkit_provider_plugin_set_base_url (self, from_env && *from_env ? from_env : fallback);
}

/* The base URL followed by @path (which starts with `/`). */
char *
_genkit_provider_plugin_build_url (GenkitProviderPlugin *self,
                                   const char           *path)
{
  return g_strconcat (PRIV (self)->base_url ? PRIV (self)->base_url : "", path, NULL);
}

/* How long a discovery answer is reused; 0 asks at every listing. */
void
_genkit_provider_plugin_set_discovery_cache_seconds (GenkitProviderPlugin *self,
                                                     guint                 seconds)
{
  PRIV (self)->discovery_cache_s = seconds;
}
