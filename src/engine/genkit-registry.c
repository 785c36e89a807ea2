/* genkit-registry.c — where actions, plugins and values are registered and looked up
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action.h"
#include "genkit-action-private.h"
#include "genkit-action-result.h"
#include "genkit-dynamic-action-provider.h"
#include "genkit-error.h"
#include "genkit-flow.h"
#include "genkit-json-private.h"
#include "genkit-plugin.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"
#include "genkit-tracer.h"

#define DAP_KEY_PREFIX "/dynamic-action-provider/"

/**
 * GenkitRegistry:
 *
 * Holds a Genkit app's actions, plugins and values (`Registry` in `js/core/src/registry.ts`),
 * and the [class@Genkit.Tracer] their runs use. It is a [iface@Gio.ListModel] of the
 * registered [class@Genkit.Action]s, in registration order, for views that list them.
 *
 * [method@Genkit.Registry.lookup_action_async] resolves a key in this order:
 *
 * 1. registered actions (including ones plugins resolved earlier);
 * 2. a key whose plugin segment names a registered plugin (`/model/ollama/llama3`):
 *    that plugin is initialized (once, however many lookups race) and asked to resolve it;
 * 3. any other key: every plugin is initialized; a key without a plugin segment
 *    (`/model/llama3`) is then offered to every plugin, and exactly one may claim it — two
 *    claims are an `INVALID_ARGUMENT` error naming both;
 * 4. `/dynamic-action-provider/<host>:<type>/<name>`: the provider's current actions, cached
 *    for its TTL.
 */
typedef enum
{
  PLUGIN_NEW,
  PLUGIN_INITIALIZING,
  PLUGIN_READY,
  PLUGIN_FAILED,
} PluginState;

typedef struct
{
  GenkitPlugin *plugin;
  char         *name;
  PluginState   state;
  GPtrArray    *waiters;   /* GTask, while initializing */
  GError       *error;     /* once failed */
} PluginEntry;

struct _GenkitRegistry
{
  GObject       parent_instance;

  GenkitTracer *tracer;
  GHashTable   *actions_by_key;   /* key → owned GenkitAction */
  GPtrArray    *actions;          /* owned GenkitAction, registration order */
  GPtrArray    *plugins;          /* owned PluginEntry, registration order */
  GHashTable   *values;           /* type → owned JsonObject of name → value */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitRegistry, genkit_registry, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
plugin_entry_free (PluginEntry *entry)
{
  g_clear_object (&entry->plugin);
  g_free (entry->name);
  g_clear_pointer (&entry->waiters, g_ptr_array_unref);
  g_clear_error (&entry->error);
  g_free (entry);
}

static GType
genkit_registry_get_item_type (GListModel *model)
{
  return GENKIT_TYPE_ACTION;
}

static guint
genkit_registry_get_n_items (GListModel *model)
{
  return GENKIT_REGISTRY (model)->actions->len;
}

static gpointer
genkit_registry_get_item (GListModel *model,
                          guint       position)
{
  GenkitRegistry *self = GENKIT_REGISTRY (model);

  if (position >= self->actions->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->actions, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = genkit_registry_get_item_type;
  iface->get_n_items = genkit_registry_get_n_items;
  iface->get_item = genkit_registry_get_item;
}

static void
genkit_registry_dispose (GObject *object)
{
  GenkitRegistry *self = GENKIT_REGISTRY (object);

  g_hash_table_remove_all (self->actions_by_key);
  g_ptr_array_set_size (self->actions, 0);
  g_ptr_array_set_size (self->plugins, 0);

  G_OBJECT_CLASS (genkit_registry_parent_class)->dispose (object);
}

static void
genkit_registry_finalize (GObject *object)
{
  GenkitRegistry *self = GENKIT_REGISTRY (object);

  g_clear_object (&self->tracer);
  g_clear_pointer (&self->actions_by_key, g_hash_table_unref);
  g_clear_pointer (&self->actions, g_ptr_array_unref);
  g_clear_pointer (&self->plugins, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (genkit_registry_parent_class)->finalize (object);
}

static void
genkit_registry_class_init (GenkitRegistryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_registry_dispose;
  object_class->finalize = genkit_registry_finalize;
}

static void
genkit_registry_init (GenkitRegistry *self)
{
  self->tracer = genkit_tracer_new ();
  self->actions_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->actions = g_ptr_array_new_with_free_func (g_object_unref);
  self->plugins = g_ptr_array_new_with_free_func ((GDestroyNotify) plugin_entry_free);
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) json_object_unref);
}

/**
 * genkit_registry_new:
 *
 * Creates an empty registry with its own tracer.
 *
 * Returns: (transfer full): an empty registry with its own tracer
 */
GenkitRegistry *
genkit_registry_new (void)
{
  return g_object_new (GENKIT_TYPE_REGISTRY, NULL);
}

/**
 * genkit_registry_get_tracer:
 * @self: a [class@Genkit.Registry]
 *
 * Gets the tracer every run of this registry's actions uses; add span processors to it.
 *
 * Returns: (transfer none): the tracer every run of this registry's actions uses; add span
 *   processors to it
 */
GenkitTracer *
genkit_registry_get_tracer (GenkitRegistry *self)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), NULL);
  return self->tracer;
}

/**
 * genkit_registry_register_action:
 * @self: a [class@Genkit.Registry]
 * @action: the action to add
 * @error: return location for an error
 *
 * Adds an action under its key. Unlike Genkit's JavaScript registry, which overwrites with a
 * warning, a second action with the same key is refused, so a typo cannot silently hide a
 * flow.
 *
 * Returns: %TRUE on success; %FALSE with `ALREADY_EXISTS` if the key is taken, or
 *   `FAILED_PRECONDITION` if @action is in another registry
 */
gboolean
genkit_registry_register_action (GenkitRegistry  *self,
                                 GenkitAction    *action,
                                 GError         **error)
{
  const char *key;
  GenkitRegistry *owner;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (GENKIT_IS_ACTION (action), FALSE);

  key = genkit_action_get_key (action);
  if (g_hash_table_contains (self->actions_by_key, key))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS,
                   "An action with key %s is already registered", key);
      return FALSE;
    }

  owner = genkit_action_get_registry (action);
  if (owner != NULL && owner != self)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                   "Action %s is already registered in another registry", key);
      return FALSE;
    }

  g_hash_table_insert (self->actions_by_key, g_strdup (key), g_object_ref (action));
  g_ptr_array_add (self->actions, g_object_ref (action));
  _genkit_action_set_registry (action, self);
  g_list_model_items_changed (G_LIST_MODEL (self), self->actions->len - 1, 0, 1);
  return TRUE;
}

/**
 * genkit_registry_define_flow:
 * @self: a [class@Genkit.Registry]
 * @name: the flow's name
 * @func: (scope notified) (closure user_data) (destroy destroy): the flow's body
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the flow
 *
 * Makes a flow and registers it as `/flow/<name>` (Genkit's `ai.defineFlow`). Set its schemas
 * on the returned flow before running it. Defining a name twice is a programmer error.
 *
 * Returns: (transfer none): the registered flow
 */
GenkitFlow *
genkit_registry_define_flow (GenkitRegistry   *self,
                             const char       *name,
                             GenkitActionFunc  func,
                             gpointer          user_data,
                             GDestroyNotify    destroy)
{
  g_autoptr(GenkitFlow) flow = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  flow = genkit_flow_new (name, func, user_data, destroy);
  if (!genkit_registry_register_action (self, GENKIT_ACTION (flow), &error))
    {
      g_critical ("%s", error->message);
      return NULL;
    }
  return flow;   /* the registry holds it */
}

/**
 * genkit_registry_lookup_action:
 * @self: a [class@Genkit.Registry]
 * @key: an action key such as `/flow/menuSuggestion`
 *
 * Finds an action already registered, without asking plugins (see
 * [method@Genkit.Registry.lookup_action_async] for the full resolution).
 *
 * Returns: (transfer none) (nullable): the action, or %NULL if no action has @key
 */
GenkitAction *
genkit_registry_lookup_action (GenkitRegistry *self,
                               const char     *key)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return g_hash_table_lookup (self->actions_by_key, key);
}

/* Plugins ---------------------------------------------------------------------------------- */

static PluginEntry *
find_plugin (GenkitRegistry *self,
             const char     *name)
{
  for (guint i = 0; i < self->plugins->len; i++)
    {
      PluginEntry *entry = g_ptr_array_index (self->plugins, i);

      if (g_str_equal (entry->name, name))
        return entry;
    }
  return NULL;
}

/**
 * genkit_registry_register_plugin:
 * @self: a [class@Genkit.Registry]
 * @plugin: the plugin
 * @error: return location for an error
 *
 * Adds a plugin. It is initialized lazily: on the first lookup of a key in its namespace, or
 * when all actions are listed.
 *
 * Returns: %TRUE on success; %FALSE with `ALREADY_EXISTS` if a plugin of that name exists
 */
gboolean
genkit_registry_register_plugin (GenkitRegistry  *self,
                                 GenkitPlugin    *plugin,
                                 GError         **error)
{
  const char *name;
  PluginEntry *entry;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (GENKIT_IS_PLUGIN (plugin), FALSE);

  name = genkit_plugin_get_name (plugin);
  if (name == NULL || *name == '\0' || strchr (name, '/') != NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "A plugin name must be non-empty and contain no '/': “%s”", name ? name : "");
      return FALSE;
    }
  if (find_plugin (self, name) != NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS,
                   "Plugin %s is already registered", name);
      return FALSE;
    }

  entry = g_new0 (PluginEntry, 1);
  entry->plugin = g_object_ref (plugin);
  entry->name = g_strdup (name);
  entry->state = PLUGIN_NEW;
  g_ptr_array_add (self->plugins, entry);
  return TRUE;
}

/* Drops the actions a plugin resolved (`/<type>/<plugin>/<name>`) from the registry. */
static void
genkit_registry_remove_resolved (GenkitRegistry *self,
                                 const char     *plugin_name)
{
  g_autofree char *infix = g_strconcat ("/", plugin_name, "/", NULL);

  for (guint i = self->actions->len; i > 0; i--)
    {
      GenkitAction *action = g_ptr_array_index (self->actions, i - 1);
      const char *key = genkit_action_get_key (action);
      const char *after_type = key[0] == '/' ? strchr (key + 1, '/') : NULL;

      if (after_type == NULL || !g_str_has_prefix (after_type, infix))
        continue;
      g_hash_table_remove (self->actions_by_key, key);
      g_ptr_array_remove_index (self->actions, i - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), i - 1, 1, 0);
    }
}

/**
 * genkit_registry_unregister_plugin:
 * @self: a [class@Genkit.Registry]
 * @name: a plugin name
 *
 * Removes the plugin named @name together with every action it resolved, so that a plugin of
 * that name configured differently can be registered in its place while the registry is in
 * use (the studio does this when a model provider's settings change). Runs already started
 * keep their action; lookups waiting for the plugin to initialize fail with `ABORTED`.
 * Genkit's JavaScript registry has no such call: its plugins live as long as the app.
 *
 * Returns: %TRUE if there was such a plugin
 */
gboolean
genkit_registry_unregister_plugin (GenkitRegistry *self,
                                   const char     *name)
{
  g_autoptr(GPtrArray) waiters = NULL;
  PluginEntry *entry;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if ((entry = find_plugin (self, name)) == NULL)
    return FALSE;

  waiters = g_steal_pointer (&entry->waiters);
  g_ptr_array_remove (self->plugins, entry);
  for (guint i = 0; waiters != NULL && i < waiters->len; i++)
    g_task_return_new_error (g_ptr_array_index (waiters, i), GENKIT_ERROR, GENKIT_ERROR_ABORTED,
                             "Plugin %s was unregistered while it initialized", name);
  genkit_registry_remove_resolved (self, name);
  return TRUE;
}

/**
 * genkit_registry_lookup_plugin:
 * @self: a [class@Genkit.Registry]
 * @name: a plugin name
 *
 * Gets the plugin, or %NULL.
 *
 * Returns: (transfer none) (nullable): the plugin, or %NULL
 */
GenkitPlugin *
genkit_registry_lookup_plugin (GenkitRegistry *self,
                               const char     *name)
{
  PluginEntry *entry;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  entry = find_plugin (self, name);
  return entry ? entry->plugin : NULL;
}

static void
genkit_registry_plugin_init_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GenkitRegistry) self = user_data;
  GenkitPlugin *plugin = GENKIT_PLUGIN (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) waiters = NULL;
  PluginEntry *entry;
  gboolean ok;

  ok = genkit_plugin_init_finish (plugin, result, &error);
  entry = find_plugin (self, genkit_plugin_get_name (plugin));
  if (entry == NULL || entry->plugin != plugin)
    return;   /* the registry was disposed or the plugin unregistered meanwhile; its waiters
               * went with it */

  waiters = g_steal_pointer (&entry->waiters);
  if (ok)
    entry->state = PLUGIN_READY;
  else
    {
      entry->state = PLUGIN_FAILED;
      entry->error = g_error_copy (error);
      g_prefix_error (&entry->error, "Plugin %s failed to initialize: ", entry->name);
    }

  for (guint i = 0; waiters && i < waiters->len; i++)
    {
      GTask *task = g_ptr_array_index (waiters, i);

      if (ok)
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_error_copy (entry->error));
    }
}

/* Initializes one plugin exactly once; concurrent callers wait for the same initialization. */
static void
genkit_registry_ensure_plugin_async (GenkitRegistry      *self,
                                     PluginEntry         *entry,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_registry_ensure_plugin_async);

  switch (entry->state)
    {
    case PLUGIN_READY:
      g_task_return_boolean (task, TRUE);
      return;
    case PLUGIN_FAILED:
      g_task_return_error (task, g_error_copy (entry->error));
      return;
    case PLUGIN_INITIALIZING:
      g_ptr_array_add (entry->waiters, g_steal_pointer (&task));
      return;
    case PLUGIN_NEW:
    default:
      entry->state = PLUGIN_INITIALIZING;
      entry->waiters = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (entry->waiters, g_steal_pointer (&task));
      genkit_plugin_init_async (entry->plugin, self, NULL,
                                genkit_registry_plugin_init_cb, g_object_ref (self));
      return;
    }
}

static gboolean
genkit_registry_ensure_plugin_finish (GenkitRegistry  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

typedef struct
{
  guint   pending;
  GError *error;
} InitAllState;

static void
init_all_state_free (InitAllState *state)
{
  g_clear_error (&state->error);
  g_free (state);
}

static void
genkit_registry_init_one_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  InitAllState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!genkit_registry_ensure_plugin_finish (GENKIT_REGISTRY (object), result, &error) &&
      state->error == NULL)
    state->error = g_steal_pointer (&error);

  if (--state->pending > 0)
    return;

  if (state->error != NULL)
    g_task_return_error (task, g_steal_pointer (&state->error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * genkit_registry_init_plugins_async:
 * @self: a [class@Genkit.Registry]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every plugin has been initialized (or failed)
 * @user_data: data for @callback
 *
 * Initializes every plugin not yet initialized (Genkit's `initializeAllPlugins`); each one
 * still only once.
 */
void
genkit_registry_init_plugins_async (GenkitRegistry      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  InitAllState *state;

  g_return_if_fail (GENKIT_IS_REGISTRY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_registry_init_plugins_async);

  if (self->plugins->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  state = g_new0 (InitAllState, 1);
  state->pending = self->plugins->len;
  g_task_set_task_data (task, state, (GDestroyNotify) init_all_state_free);

  for (guint i = 0, n = self->plugins->len; i < n; i++)
    genkit_registry_ensure_plugin_async (self, g_ptr_array_index (self->plugins, i), cancellable,
                                         genkit_registry_init_one_cb, g_object_ref (task));
}

/**
 * genkit_registry_init_plugins_finish:
 * @self: a [class@Genkit.Registry]
 * @result: the result given to the callback
 * @error: return location for the first plugin's failure
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: %TRUE if every plugin is ready
 */
gboolean
genkit_registry_init_plugins_finish (GenkitRegistry  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Registers what a plugin resolved, in its namespace; if a racing lookup registered the same
 * key first, that action wins and is returned. */
static GenkitAction *
genkit_registry_adopt_resolved (GenkitRegistry *self,
                                PluginEntry    *entry,
                                GenkitAction   *action)
{
  g_autofree char *prefix = g_strconcat (entry->name, "/", NULL);
  GenkitAction *existing;

  if (!g_str_has_prefix (genkit_action_get_name (action), prefix))
    {
      g_autofree char *name = g_strconcat (prefix, genkit_action_get_name (action), NULL);

      _genkit_action_set_name (action, name);
    }

  existing = g_hash_table_lookup (self->actions_by_key, genkit_action_get_key (action));
  if (existing != NULL)
    return g_object_ref (existing);

  genkit_registry_register_action (self, action, NULL);
  return g_object_ref (action);
}

/* Lookup ----------------------------------------------------------------------------------- */

typedef struct
{
  char             *key;
  GenkitActionType  type;
  char             *plugin_name;
  char             *action_name;
  guint             pending;
  GPtrArray        *matches;      /* owned GenkitAction claimed by plugins */
  GError           *error;
} LookupState;

static void
lookup_state_free (LookupState *state)
{
  g_free (state->key);
  g_free (state->plugin_name);
  g_free (state->action_name);
  g_clear_pointer (&state->matches, g_ptr_array_unref);
  g_clear_error (&state->error);
  g_free (state);
}

static gboolean
lookup_return_cached (GTask *task)
{
  GenkitRegistry *self = g_task_get_source_object (task);
  LookupState *state = g_task_get_task_data (task);
  GenkitAction *action = g_hash_table_lookup (self->actions_by_key, state->key);

  if (action == NULL)
    return FALSE;
  g_task_return_pointer (task, g_object_ref (action), g_object_unref);
  return TRUE;
}

static void
lookup_return_not_found (GTask *task)
{
  LookupState *state = g_task_get_task_data (task);

  g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                           "Action %s not found", state->key);
}

static void
genkit_registry_lookup_dap_actions_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupState *state = g_task_get_task_data (task);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  actions = genkit_dynamic_action_provider_get_actions_finish (GENKIT_DYNAMIC_ACTION_PROVIDER (object),
                                                               result, &error);
  if (actions == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (guint i = 0; i < actions->len; i++)
    {
      GenkitAction *action = g_ptr_array_index (actions, i);

      if (genkit_action_get_action_type (action) == state->type &&
          g_strcmp0 (genkit_action_get_name (action), state->action_name) == 0)
        {
          g_task_return_pointer (task, g_object_ref (action), g_object_unref);
          return;
        }
    }
  lookup_return_not_found (task);
}

/* `/dynamic-action-provider/<host>:<type>/<name>` */
static void
genkit_registry_lookup_dap (GTask *task)
{
  GenkitRegistry *self = g_task_get_source_object (task);
  LookupState *state = g_task_get_task_data (task);
  const char *rest = state->key + strlen (DAP_KEY_PREFIX);
  const char *colon = strchr (rest, ':');
  const char *slash = colon ? strchr (colon + 1, '/') : NULL;
  g_autofree char *host = NULL;
  g_autofree char *type = NULL;
  g_autofree char *dap_key = NULL;
  GenkitAction *dap;

  if (colon == NULL || slash == NULL || slash[1] == '\0' || colon == rest)
    {
      lookup_return_not_found (task);
      return;
    }

  host = g_strndup (rest, colon - rest);
  type = g_strndup (colon + 1, slash - colon - 1);
  if (!genkit_action_type_from_string (type, &state->type))
    {
      lookup_return_not_found (task);
      return;
    }
  g_free (state->action_name);
  state->action_name = g_strdup (slash + 1);

  dap_key = g_strconcat (DAP_KEY_PREFIX, host, NULL);
  dap = g_hash_table_lookup (self->actions_by_key, dap_key);
  if (dap == NULL || !GENKIT_IS_DYNAMIC_ACTION_PROVIDER (dap))
    {
      lookup_return_not_found (task);
      return;
    }

  genkit_dynamic_action_provider_get_actions_async (GENKIT_DYNAMIC_ACTION_PROVIDER (dap),
                                                    g_task_get_cancellable (task),
                                                    genkit_registry_lookup_dap_actions_cb,
                                                    g_object_ref (task));
}

static void
genkit_registry_lookup_finish_claims (GTask *task)
{
  LookupState *state = g_task_get_task_data (task);

  if (state->matches->len == 1)
    {
      g_task_return_pointer (task, g_object_ref (g_ptr_array_index (state->matches, 0)),
                             g_object_unref);
      return;
    }

  if (state->matches->len > 1)
    {
      g_autoptr(GString) keys = g_string_new (NULL);

      for (guint i = 0; i < state->matches->len; i++)
        g_string_append_printf (keys, "%s%s", i ? ", " : "",
                                genkit_action_get_key (g_ptr_array_index (state->matches, i)));
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Action %s is ambiguous: it matches %s; use the full key",
                               state->key, keys->str);
      return;
    }

  if (state->error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&state->error));
      return;
    }

  lookup_return_not_found (task);
}

typedef struct
{
  GTask       *task;
  PluginEntry *entry;
} ClaimData;

static void
genkit_registry_claim_resolved_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  ClaimData *data = user_data;
  g_autoptr(GTask) task = data->task;
  GenkitRegistry *self = g_task_get_source_object (task);
  LookupState *state = g_task_get_task_data (task);
  g_autoptr(GenkitAction) action = NULL;
  g_autoptr(GError) error = NULL;

  action = genkit_plugin_resolve_finish (GENKIT_PLUGIN (object), result, &error);
  if (action != NULL)
    g_ptr_array_add (state->matches, genkit_registry_adopt_resolved (self, data->entry, action));
  else if (error != NULL && state->error == NULL)
    state->error = g_steal_pointer (&error);
  g_free (data);

  if (--state->pending == 0)
    genkit_registry_lookup_finish_claims (task);
}

/* `/type/name` with no plugin segment: offer it to every plugin. */
static void
genkit_registry_lookup_unprefixed (GTask *task)
{
  GenkitRegistry *self = g_task_get_source_object (task);
  LookupState *state = g_task_get_task_data (task);
  g_autoptr(GPtrArray) to_resolve = g_ptr_array_new ();

  state->matches = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < self->plugins->len; i++)
    {
      PluginEntry *entry = g_ptr_array_index (self->plugins, i);
      g_autofree char *full = NULL;
      GenkitAction *cached;

      if (entry->state != PLUGIN_READY)
        continue;

      full = g_strdup_printf ("/%s/%s/%s", genkit_action_type_to_string (state->type),
                              entry->name, state->action_name);
      if ((cached = g_hash_table_lookup (self->actions_by_key, full)))
        g_ptr_array_add (state->matches, g_object_ref (cached));
      else
        g_ptr_array_add (to_resolve, entry);
    }

  if (to_resolve->len == 0)
    {
      genkit_registry_lookup_finish_claims (task);
      return;
    }

  state->pending = to_resolve->len;
  for (guint i = 0; i < to_resolve->len; i++)
    {
      ClaimData *data = g_new0 (ClaimData, 1);

      data->task = g_object_ref (task);
      data->entry = g_ptr_array_index (to_resolve, i);
      genkit_plugin_resolve_async (data->entry->plugin, self, state->type, state->action_name,
                                   g_task_get_cancellable (task),
                                   genkit_registry_claim_resolved_cb, data);
    }
}

static void
genkit_registry_lookup_all_ready_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupState *state = g_task_get_task_data (task);

  /* A plugin that failed to initialize cannot claim the key; the others still may. Its
   * error is reported if nothing is found. */
  genkit_registry_init_plugins_finish (GENKIT_REGISTRY (object), result, &state->error);

  if (lookup_return_cached (task))
    return;

  if (g_str_has_prefix (state->key, DAP_KEY_PREFIX) && strchr (state->key, ':') != NULL)
    {
      genkit_registry_lookup_dap (task);
      return;
    }

  if (state->plugin_name == NULL)
    {
      genkit_registry_lookup_unprefixed (task);
      return;
    }

  if (state->error != NULL)
    g_task_return_error (task, g_steal_pointer (&state->error));
  else
    lookup_return_not_found (task);
}

static void
genkit_registry_lookup_resolved_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitRegistry *self = g_task_get_source_object (task);
  LookupState *state = g_task_get_task_data (task);
  g_autoptr(GenkitAction) action = NULL;
  g_autoptr(GError) error = NULL;
  PluginEntry *entry;

  action = genkit_plugin_resolve_finish (GENKIT_PLUGIN (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (action == NULL || lookup_return_cached (task))
    {
      if (!g_task_had_error (task) && action == NULL)
        lookup_return_not_found (task);
      return;
    }

  entry = find_plugin (self, state->plugin_name);
  /* Not adopted when the plugin was unregistered (or replaced) while it resolved. */
  if (entry == NULL || entry->plugin != GENKIT_PLUGIN (object))
    {
      lookup_return_not_found (task);
      return;
    }
  g_task_return_pointer (task, genkit_registry_adopt_resolved (self, entry, action),
                         g_object_unref);
}

static void
genkit_registry_lookup_plugin_ready_cb (GObject      *object,
                                        GAsyncResult *result,
                                        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitRegistry *self = GENKIT_REGISTRY (object);
  LookupState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  PluginEntry *entry;

  if (!genkit_registry_ensure_plugin_finish (self, result, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (lookup_return_cached (task))
    return;

  entry = find_plugin (self, state->plugin_name);
  if (entry == NULL)
    {
      lookup_return_not_found (task);
      return;
    }

  genkit_plugin_resolve_async (entry->plugin, self, state->type, state->action_name,
                               g_task_get_cancellable (task),
                               genkit_registry_lookup_resolved_cb, g_object_ref (task));
}

/**
 * genkit_registry_lookup_action_async:
 * @self: a [class@Genkit.Registry]
 * @key: an action key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the action
 * @user_data: data for @callback
 *
 * Finds the action for @key, initializing and asking plugins and dynamic action providers as
 * described for [class@Genkit.Registry] (Genkit's `registry.lookupAction(key)`).
 */
void
genkit_registry_lookup_action_async (GenkitRegistry      *self,
                                     const char          *key,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LookupState *state;
  PluginEntry *entry;

  g_return_if_fail (GENKIT_IS_REGISTRY (self));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_registry_lookup_action_async);

  state = g_new0 (LookupState, 1);
  state->key = g_strdup (key);
  g_task_set_task_data (task, state, (GDestroyNotify) lookup_state_free);

  if (lookup_return_cached (task))
    return;

  if (!genkit_parse_action_key (key, &state->type, &state->plugin_name, &state->action_name))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "“%s” is not an action key: expected /<type>/<name> with one of "
                               "Genkit's action types", key);
      return;
    }

  if (state->plugin_name != NULL && (entry = find_plugin (self, state->plugin_name)))
    {
      genkit_registry_ensure_plugin_async (self, entry, cancellable,
                                           genkit_registry_lookup_plugin_ready_cb,
                                           g_steal_pointer (&task));
      return;
    }

  genkit_registry_init_plugins_async (self, cancellable, genkit_registry_lookup_all_ready_cb,
                                      g_steal_pointer (&task));
}

/**
 * genkit_registry_lookup_action_finish:
 * @self: a [class@Genkit.Registry]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` when nothing provides @key,
 *   `INVALID_ARGUMENT` for a malformed or ambiguous key, or a plugin's own failure
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full): the action, or %NULL with @error set
 */
GenkitAction *
genkit_registry_lookup_action_finish (GenkitRegistry  *self,
                                      GAsyncResult    *result,
                                      GError         **error)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Listing ---------------------------------------------------------------------------------- */

typedef struct
{
  guint       pending;
  JsonObject *plugin_listed;    /* key → descriptor, from plugins */
  JsonObject *dap_listed;       /* key → descriptor, from DAPs */
} ListState;

static void
list_state_free (ListState *state)
{
  g_clear_pointer (&state->plugin_listed, json_object_unref);
  g_clear_pointer (&state->dap_listed, json_object_unref);
  g_free (state);
}

static void
copy_member (JsonObject *from,
             const char *from_name,
             JsonObject *to,
             const char *to_name)
{
  JsonNode *node = json_object_get_member (from, from_name);

  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    json_object_set_member (to, to_name, json_node_copy (node));
}

static gboolean
member_is_string (JsonObject *object,
                  const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && json_node_get_value_type (node) == G_TYPE_STRING;
}

/* A plugin's `ActionMetadata` as the reflection API lists it. */
static JsonNode *
descriptor_from_metadata (const char *plugin_name,
                          JsonObject *meta,
                          char      **key_out)
{
  const char *type_string;
  const char *name;
  g_autofree char *full_name = NULL;
  g_autofree char *prefix = g_strconcat (plugin_name, "/", NULL);
  g_autoptr(JsonObject) descriptor = NULL;
  GenkitActionType type;

  if (!member_is_string (meta, "actionType") || !member_is_string (meta, "name"))
    return NULL;

  type_string = json_object_get_string_member (meta, "actionType");
  name = json_object_get_string_member (meta, "name");
  if (!genkit_action_type_from_string (type_string, &type) || *name == '\0')
    return NULL;

  full_name = g_str_has_prefix (name, prefix) ? g_strdup (name) : g_strconcat (prefix, name, NULL);
  *key_out = g_strdup_printf ("/%s/%s", type_string, full_name);

  descriptor = json_object_new ();
  json_object_set_string_member (descriptor, "key", *key_out);
  json_object_set_string_member (descriptor, "name", full_name);
  copy_member (meta, "description", descriptor, "description");
  copy_member (meta, "metadata", descriptor, "metadata");
  copy_member (meta, "inputSchema", descriptor, "inputSchema");
  copy_member (meta, "inputJsonSchema", descriptor, "inputSchema");
  copy_member (meta, "outputSchema", descriptor, "outputSchema");
  copy_member (meta, "outputJsonSchema", descriptor, "outputSchema");

  return json_node_init_object (json_node_alloc (), descriptor);
}

static void
genkit_registry_list_complete (GTask *task)
{
  GenkitRegistry *self = g_task_get_source_object (task);
  ListState *state = g_task_get_task_data (task);
  g_autoptr(JsonObject) result = json_object_new ();

  _genkit_json_object_copy_members (state->plugin_listed, result);
  _genkit_json_object_copy_members (state->dap_listed, result);
  for (guint i = 0; i < self->actions->len; i++)
    {
      GenkitAction *action = g_ptr_array_index (self->actions, i);

      json_object_set_member (result, genkit_action_get_key (action),
                              genkit_action_to_descriptor (action));
    }

  g_task_return_pointer (task, json_node_init_object (json_node_alloc (), result),
                         (GDestroyNotify) json_node_unref);
}

static void
genkit_registry_list_plugin_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListState *state = g_task_get_task_data (task);
  GenkitPlugin *plugin = GENKIT_PLUGIN (object);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GError) error = NULL;

  list = genkit_plugin_list_actions_finish (plugin, result, &error);
  if (list == NULL)
    g_warning ("Listing the actions of plugin %s failed: %s",
               genkit_plugin_get_name (plugin), error->message);
  else if (!JSON_NODE_HOLDS_ARRAY (list))
    g_warning ("Plugin %s listed its actions as something other than an array",
               genkit_plugin_get_name (plugin));
  else
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          g_autofree char *key = NULL;
          JsonNode *descriptor = NULL;

          if (JSON_NODE_HOLDS_OBJECT (element))
            descriptor = descriptor_from_metadata (genkit_plugin_get_name (plugin),
                                                   json_node_get_object (element), &key);
          if (descriptor == NULL)
            {
              g_warning ("Plugin %s listed an action without a valid name and actionType",
                         genkit_plugin_get_name (plugin));
              continue;
            }
          json_object_set_member (state->plugin_listed, key, descriptor);
        }
    }

  if (--state->pending == 0)
    genkit_registry_list_complete (task);
}

static void
genkit_registry_list_dap_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ListState *state = g_task_get_task_data (task);
  GenkitDynamicActionProvider *dap = GENKIT_DYNAMIC_ACTION_PROVIDER (object);
  g_autoptr(GPtrArray) actions = NULL;
  g_autoptr(GError) error = NULL;

  actions = genkit_dynamic_action_provider_get_actions_finish (dap, result, &error);
  if (actions == NULL)
    g_warning ("Listing the actions of %s failed: %s",
               genkit_action_get_key (GENKIT_ACTION (dap)), error->message);

  for (guint i = 0; actions != NULL && i < actions->len; i++)
    {
      GenkitAction *action = g_ptr_array_index (actions, i);
      g_autofree char *key = genkit_dynamic_action_provider_get_action_key (dap, action);
      JsonNode *descriptor = genkit_action_to_descriptor (action);

      json_object_set_string_member (json_node_get_object (descriptor), "key", key);
      json_object_set_member (state->dap_listed, key, descriptor);
    }

  if (--state->pending == 0)
    genkit_registry_list_complete (task);
}

static void
genkit_registry_list_plugins_ready_cb (GObject      *object,
                                       GAsyncResult *result,
                                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitRegistry *self = GENKIT_REGISTRY (object);
  ListState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) daps = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) plugins = g_ptr_array_new_with_free_func (g_object_unref);

  /* As in Genkit, a plugin that failed to initialize is logged and the listing goes on (a
   * listing cancelled meanwhile is no plugin's failure). */
  if (!genkit_registry_init_plugins_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_warning ("%s", error->message);

  for (guint i = 0; i < self->plugins->len; i++)
    {
      PluginEntry *entry = g_ptr_array_index (self->plugins, i);

      if (entry->state == PLUGIN_READY)
        g_ptr_array_add (plugins, g_object_ref (entry->plugin));
    }
  for (guint i = 0; i < self->actions->len; i++)
    {
      GenkitAction *action = g_ptr_array_index (self->actions, i);

      if (GENKIT_IS_DYNAMIC_ACTION_PROVIDER (action))
        g_ptr_array_add (daps, g_object_ref (action));
    }

  /* One extra count so nothing completes before every request is out. */
  state->pending = plugins->len + daps->len + 1;
  for (guint i = 0; i < plugins->len; i++)
    genkit_plugin_list_actions_async (g_ptr_array_index (plugins, i), g_task_get_cancellable (task),
                                      genkit_registry_list_plugin_cb, g_object_ref (task));
  for (guint i = 0; i < daps->len; i++)
    genkit_dynamic_action_provider_get_actions_async (g_ptr_array_index (daps, i),
                                                      g_task_get_cancellable (task),
                                                      genkit_registry_list_dap_cb,
                                                      g_object_ref (task));
  if (--state->pending == 0)
    genkit_registry_list_complete (task);
}

/**
 * genkit_registry_list_actions_async:
 * @self: a [class@Genkit.Registry]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the listing
 * @user_data: data for @callback
 *
 * Lists every action that can be run: registered ones, those plugins say they can resolve,
 * and those of dynamic action providers under their provider keys (Genkit's
 * `listResolvableActions`, what `GET /api/actions` serves). Initializes all plugins first. A
 * plugin whose listing fails is logged and skipped, as in Genkit.
 */
void
genkit_registry_list_actions_async (GenkitRegistry      *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ListState *state;

  g_return_if_fail (GENKIT_IS_REGISTRY (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_registry_list_actions_async);

  state = g_new0 (ListState, 1);
  state->plugin_listed = json_object_new ();
  state->dap_listed = json_object_new ();
  g_task_set_task_data (task, state, (GDestroyNotify) list_state_free);

  genkit_registry_init_plugins_async (self, cancellable, genkit_registry_list_plugins_ready_cb,
                                      g_steal_pointer (&task));
}

/**
 * genkit_registry_list_actions_finish:
 * @self: a [class@Genkit.Registry]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full): a JSON object mapping each action key to its descriptor
 *   (`key`, `name`, `description`, `metadata`, `inputSchema`, `outputSchema`)
 */
JsonNode *
genkit_registry_list_actions_finish (GenkitRegistry  *self,
                                     GAsyncResult    *result,
                                     GError         **error)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Values ----------------------------------------------------------------------------------- */

/**
 * genkit_registry_register_value:
 * @self: a [class@Genkit.Registry]
 * @type: the kind of value, e.g. `defaultModel` or `middleware`
 * @name: its name within @type
 * @value: the value; copied
 *
 * Registers a named value (Genkit's `registerValue`), replacing an earlier one of the same
 * type and name. The reflection API serves them from `GET /api/values?type=<type>`.
 */
void
genkit_registry_register_value (GenkitRegistry *self,
                                const char     *type,
                                const char     *name,
                                JsonNode       *value)
{
  JsonObject *of_type;

  g_return_if_fail (GENKIT_IS_REGISTRY (self));
  g_return_if_fail (type != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  of_type = g_hash_table_lookup (self->values, type);
  if (of_type == NULL)
    {
      of_type = json_object_new ();
      g_hash_table_insert (self->values, g_strdup (type), of_type);
    }
  json_object_set_member (of_type, name, json_node_copy (value));
}

/**
 * genkit_registry_lookup_value:
 * @self: a [class@Genkit.Registry]
 * @type: the kind of value
 * @name: its name
 *
 * Gets the value, or %NULL.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL
 */
JsonNode *
genkit_registry_lookup_value (GenkitRegistry *self,
                              const char     *type,
                              const char     *name)
{
  JsonObject *of_type;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  of_type = g_hash_table_lookup (self->values, type);
  if (of_type == NULL)
    return NULL;
  return json_object_get_member (of_type, name);
}

/**
 * genkit_registry_list_values:
 * @self: a [class@Genkit.Registry]
 * @type: the kind of value
 *
 * Gets a JSON object of name → value for @type, `{}` if none.
 *
 * Returns: (transfer full): a JSON object of name → value for @type, `{}` if none
 */
JsonNode *
genkit_registry_list_values (GenkitRegistry *self,
                             const char     *type)
{
  JsonObject *of_type;
  JsonNode *node;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  of_type = g_hash_table_lookup (self->values, type);
  node = json_node_new (JSON_NODE_OBJECT);
  if (of_type != NULL)
    {
      g_autoptr(JsonNode) wrapper = json_node_init_object (json_node_alloc (), of_type);

      json_node_unref (node);
      return json_node_copy (wrapper);
    }
  json_node_take_object (node, json_object_new ());
  return node;
}

/* Running by key --------------------------------------------------------------------------- */

typedef struct
{
  JsonNode         *input;
  GenkitRunOptions *options;
} RunState;

static void
run_state_free (RunState *state)
{
  g_clear_pointer (&state->input, json_node_unref);
  g_clear_pointer (&state->options, genkit_run_options_unref);
  g_free (state);
}

static void
genkit_registry_run_done_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitActionResult *action_result;
  GError *error = NULL;

  action_result = genkit_action_run_finish (GENKIT_ACTION (object), result, &error);
  if (action_result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, action_result, (GDestroyNotify) genkit_action_result_unref);
}

static void
genkit_registry_run_lookup_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunState *state = g_task_get_task_data (task);
  g_autoptr(GenkitAction) action = NULL;
  GError *error = NULL;

  action = genkit_registry_lookup_action_finish (GENKIT_REGISTRY (object), result, &error);
  if (action == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  genkit_action_run_async (action, state->input, state->options, g_task_get_cancellable (task),
                           genkit_registry_run_done_cb, g_object_ref (task));
}

/**
 * genkit_registry_run_action_async:
 * @self: a [class@Genkit.Registry]
 * @key: the action's key
 * @input: (nullable): the input
 * @options: (nullable): context, streaming callback, labels
 * @cancellable: (nullable): cancels the run
 * @callback: called when the run completes
 * @user_data: data for @callback
 *
 * Looks @key up ([method@Genkit.Registry.lookup_action_async]) and runs the action
 * ([method@Genkit.Action.run_async]).
 */
void
genkit_registry_run_action_async (GenkitRegistry      *self,
                                  const char          *key,
                                  JsonNode            *input,
                                  GenkitRunOptions    *options,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GenkitAction *action;
  RunState *state;

  g_return_if_fail (GENKIT_IS_REGISTRY (self));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_registry_run_action_async);
  g_task_set_check_cancellable (task, FALSE);

  /* A registered action needs no lookup: run it now rather than a main-loop turn later. */
  if ((action = g_hash_table_lookup (self->actions_by_key, key)) != NULL)
    {
      genkit_action_run_async (action, input, options, cancellable, genkit_registry_run_done_cb,
                               g_steal_pointer (&task));
      return;
    }

  state = g_new0 (RunState, 1);
  state->input = input ? json_node_copy (input) : NULL;
  state->options = options ? genkit_run_options_ref (options) : NULL;
  g_task_set_task_data (task, state, (GDestroyNotify) run_state_free);

  genkit_registry_lookup_action_async (self, key, cancellable, genkit_registry_run_lookup_cb,
                                       g_steal_pointer (&task));
}

/**
 * genkit_registry_run_action_finish:
 * @self: a [class@Genkit.Registry]
 * @result: the result given to the callback
 * @error: return location for a lookup or run error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full): the run's result, or %NULL with @error set
 */
GenkitActionResult *
genkit_registry_run_action_finish (GenkitRegistry  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
