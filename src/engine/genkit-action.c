/* genkit-action.c — a named, typed, schema-checked, traced function: Genkit's action
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action.h"
#include "genkit-action-private.h"
#include "genkit-action-result.h"
#include "genkit-action-run.h"
#include "genkit-enums.h"
#include "genkit-error.h"
#include "genkit-input-channel.h"
#include "genkit-json-schema.h"
#include "genkit-middleware-call.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"
#include "genkit-run-options-private.h"
#include "genkit-span.h"
#include "genkit-tracer.h"

/**
 * GenkitAction:
 *
 * A named, typed function with JSON Schemas for its input and output, traced on every run:
 * Genkit's `Action` (`js/core/src/action.ts`). Flows, models, tools, prompts, retrievers and
 * evaluators are all actions, told apart by [enum@Genkit.ActionType]; the key `/<type>/<name>`
 * identifies one in a [class@Genkit.Registry].
 *
 * A run ([method@Genkit.Action.run_async]) goes as Genkit's does:
 *
 * 1. action middleware, outermost first, each deciding how to call the next layer;
 * 2. the input is validated against the input schema, before any span exists (failure:
 *    `INVALID_ARGUMENT` naming the failing path);
 * 3. a span starts (`genkit:type` `action`, `genkit:metadata:subtype` the action type,
 *    `genkit:key`, telemetry labels) and the started callback learns its ids;
 * 4. the body runs with a [class@Genkit.ActionRun] and completes it;
 * 5. input, output and state are recorded and the span ends;
 * 6. the output is validated against the output schema (after the span, as in Genkit).
 */

typedef struct
{
  GenkitMiddlewareFunc func;
  gpointer             user_data;
  GDestroyNotify       destroy;
} Middleware;

typedef struct
{
  GenkitActionType  type;
  char             *name;
  char             *key;
  char             *description;
  GenkitJsonSchema *input_schema;
  GenkitJsonSchema *output_schema;
  GenkitJsonSchema *init_schema;
  JsonObject       *metadata;
  GArray           *middleware;     /* of Middleware */
  GenkitRegistry   *registry;       /* weak */

  GenkitActionFunc  func;
  gpointer          func_data;
  GDestroyNotify    func_destroy;
} GenkitActionPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (GenkitAction, genkit_action, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ACTION_TYPE,
  PROP_NAME,
  PROP_KEY,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const action_type_names[] = {
  [GENKIT_ACTION_TYPE_CUSTOM] = "custom",
  [GENKIT_ACTION_TYPE_DYNAMIC_ACTION_PROVIDER] = "dynamic-action-provider",
  [GENKIT_ACTION_TYPE_EMBEDDER] = "embedder",
  [GENKIT_ACTION_TYPE_EVALUATOR] = "evaluator",
  [GENKIT_ACTION_TYPE_EXECUTABLE_PROMPT] = "executable-prompt",
  [GENKIT_ACTION_TYPE_FLOW] = "flow",
  [GENKIT_ACTION_TYPE_INDEXER] = "indexer",
  [GENKIT_ACTION_TYPE_MODEL] = "model",
  [GENKIT_ACTION_TYPE_BACKGROUND_MODEL] = "background-model",
  [GENKIT_ACTION_TYPE_CHECK_OPERATION] = "check-operation",
  [GENKIT_ACTION_TYPE_CANCEL_OPERATION] = "cancel-operation",
  [GENKIT_ACTION_TYPE_PROMPT] = "prompt",
  [GENKIT_ACTION_TYPE_RERANKER] = "reranker",
  [GENKIT_ACTION_TYPE_RETRIEVER] = "retriever",
  [GENKIT_ACTION_TYPE_TOOL] = "tool",
  [GENKIT_ACTION_TYPE_TOOL_V2] = "tool.v2",
  [GENKIT_ACTION_TYPE_UTIL] = "util",
  [GENKIT_ACTION_TYPE_RESOURCE] = "resource",
  [GENKIT_ACTION_TYPE_AGENT] = "agent",
  [GENKIT_ACTION_TYPE_AGENT_SNAPSHOT] = "agent-snapshot",
  [GENKIT_ACTION_TYPE_AGENT_ABORT] = "agent-abort",
};

/**
 * genkit_action_type_to_string:
 * @type: an action type
 *
 * Gets the type's string as it appears in keys, e.g. `tool.v2`.
 *
 * Returns: (transfer none): the type's string as it appears in keys, e.g. `tool.v2`
 */
const char *
genkit_action_type_to_string (GenkitActionType type)
{
  g_return_val_if_fail ((guint) type < G_N_ELEMENTS (action_type_names), "custom");
  return action_type_names[type];
}

/**
 * genkit_action_type_from_string:
 * @string: a type string such as `flow` or `tool.v2`
 * @type: (out): the type
 *
 * Gets %TRUE if @string is one of Genkit's action types.
 *
 * Returns: %TRUE if @string is one of Genkit's action types
 */
gboolean
genkit_action_type_from_string (const char       *string,
                                GenkitActionType *type)
{
  g_return_val_if_fail (string != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (action_type_names); i++)
    if (g_str_equal (string, action_type_names[i]))
      {
        if (type != NULL)
          *type = (GenkitActionType) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * genkit_parse_action_key:
 * @key: an action key such as `/model/googleai/gemini-2.5-flash`
 * @type: (out) (optional): the action type
 * @plugin_name: (out) (optional) (transfer full) (nullable): the plugin segment of a key with four
 *   or more segments (`googleai`), else %NULL
 * @action_name: (out) (optional) (transfer full): the name after the plugin segment
 *   (`gemini-2.5-flash`), or the whole name of a three-segment key
 *
 * Splits a key the way Genkit's `parseRegistryKey` does: `/type/name` or
 * `/type/plugin/name…` (the name may contain further `/`).
 *
 * Returns: %TRUE if @key is well formed with a known action type and a non-empty name
 */
gboolean
genkit_parse_action_key (const char        *key,
                         GenkitActionType  *type,
                         char             **plugin_name,
                         char             **action_name)
{
  g_auto(GStrv) tokens = NULL;
  guint n;
  GenkitActionType parsed_type;

  g_return_val_if_fail (key != NULL, FALSE);

  if (plugin_name != NULL)
    *plugin_name = NULL;
  if (action_name != NULL)
    *action_name = NULL;

  if (key[0] != '/')
    return FALSE;

  tokens = g_strsplit (key, "/", -1);
  n = g_strv_length (tokens);
  if (n < 3 || !genkit_action_type_from_string (tokens[1], &parsed_type) || tokens[2][0] == '\0')
    return FALSE;

  if (n == 3)
    {
      if (action_name != NULL)
        *action_name = g_strdup (tokens[2]);
    }
  else
    {
      g_autofree char *rest = g_strjoinv ("/", tokens + 3);

      if (rest[0] == '\0')
        return FALSE;
      if (plugin_name != NULL)
        *plugin_name = g_strdup (tokens[2]);
      if (action_name != NULL)
        *action_name = g_steal_pointer (&rest);
    }

  if (type != NULL)
    *type = parsed_type;
  return TRUE;
}

static void
middleware_clear (gpointer data)
{
  Middleware *mw = data;

  if (mw->destroy != NULL)
    mw->destroy (mw->user_data);
}

static void
genkit_action_real_run (GenkitAction    *self,
                        GenkitActionRun *run,
                        JsonNode        *input)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  if (priv->func == NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_UNIMPLEMENTED,
                                          "Action %s has no function", priv->key);
      return;
    }
  priv->func (run, input, priv->func_data);
}

static void
genkit_action_update_key (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_free (priv->key);
  priv->key = g_strdup_printf ("/%s/%s", genkit_action_type_to_string (priv->type),
                               priv->name ? priv->name : "");
}

static void
genkit_action_finalize (GObject *object)
{
  GenkitAction *self = GENKIT_ACTION (object);
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  if (priv->func_destroy != NULL)
    priv->func_destroy (priv->func_data);
  g_clear_weak_pointer (&priv->registry);
  g_free (priv->name);
  g_free (priv->key);
  g_free (priv->description);
  g_clear_object (&priv->input_schema);
  g_clear_object (&priv->output_schema);
  g_clear_object (&priv->init_schema);
  g_clear_pointer (&priv->metadata, json_object_unref);
  g_clear_pointer (&priv->middleware, g_array_unref);

  G_OBJECT_CLASS (genkit_action_parent_class)->finalize (object);
}

static void
genkit_action_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GenkitAction *self = GENKIT_ACTION (object);
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ACTION_TYPE:
      g_value_set_enum (value, priv->type);
      break;
    case PROP_NAME:
      g_value_set_string (value, priv->name);
      break;
    case PROP_KEY:
      g_value_set_string (value, priv->key);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, priv->description);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_action_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  GenkitAction *self = GENKIT_ACTION (object);
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ACTION_TYPE:
      priv->type = g_value_get_enum (value);
      genkit_action_update_key (self);
      break;
    case PROP_NAME:
      g_free (priv->name);
      priv->name = g_value_dup_string (value);
      genkit_action_update_key (self);
      break;
    case PROP_DESCRIPTION:
      genkit_action_set_description (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_action_class_init (GenkitActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_action_finalize;
  object_class->get_property = genkit_action_get_property;
  object_class->set_property = genkit_action_set_property;

  klass->run = genkit_action_real_run;

  /**
   * GenkitAction:action-type:
   *
   * The action's type; with the name it makes the key.
   */
  properties[PROP_ACTION_TYPE] =
    g_param_spec_enum ("action-type", NULL, NULL,
                       GENKIT_TYPE_ACTION_TYPE, GENKIT_ACTION_TYPE_CUSTOM,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAction:name:
   *
   * The action's name, e.g. `summarize` or `googleai/gemini-2.5-flash` (plugin actions carry
   * their plugin's namespace).
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAction:key:
   *
   * The registry key, `/<type>/<name>`.
   */
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAction:description:
   *
   * A description for people and for models (a tool's description is what the model reads).
   */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_action_init (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  priv->metadata = json_object_new ();
  priv->middleware = g_array_new (FALSE, TRUE, sizeof (Middleware));
  g_array_set_clear_func (priv->middleware, middleware_clear);
}

/**
 * genkit_action_new:
 * @type: the action type
 * @name: the action name
 * @func: (scope notified) (closure user_data) (destroy destroy): the action's body
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the action
 *
 * Makes an action of any type from a C function. Register it with
 * [method@Genkit.Registry.register_action].
 *
 * Returns: (transfer full): the new action
 */
GenkitAction *
genkit_action_new (GenkitActionType  type,
                   const char       *name,
                   GenkitActionFunc  func,
                   gpointer          user_data,
                   GDestroyNotify    destroy)
{
  GenkitAction *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_ACTION, "action-type", type, "name", name, NULL);
  _genkit_action_set_func (self, func, user_data, destroy);
  return self;
}

void
_genkit_action_set_func (GenkitAction     *self,
                         GenkitActionFunc  func,
                         gpointer          user_data,
                         GDestroyNotify    destroy)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  if (priv->func_destroy != NULL)
    priv->func_destroy (priv->func_data);
  priv->func = func;
  priv->func_data = user_data;
  priv->func_destroy = destroy;
}

/* Plugins may return actions without their namespace; the registry adds it before the key
 * is used anywhere, so the key never changes once the action is registered. */
void
_genkit_action_set_name (GenkitAction *self,
                         const char   *name)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_free (priv->name);
  priv->name = g_strdup (name);
  genkit_action_update_key (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEY]);
}

void
_genkit_action_set_registry (GenkitAction   *self,
                             GenkitRegistry *registry)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_set_weak_pointer (&priv->registry, registry);
}

/**
 * genkit_action_get_action_type:
 * @self: a [class@Genkit.Action]
 *
 * Gets the action's type.
 *
 * Returns: the action's type
 */
GenkitActionType
genkit_action_get_action_type (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), GENKIT_ACTION_TYPE_CUSTOM);
  return priv->type;
}

/**
 * genkit_action_get_name:
 * @self: a [class@Genkit.Action]
 *
 * Gets the action's name.
 *
 * Returns: (transfer none): the action's name
 */
const char *
genkit_action_get_name (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);
  return priv->name;
}

/**
 * genkit_action_get_key:
 * @self: a [class@Genkit.Action]
 *
 * Gets the action's key, `/<type>/<name>`.
 *
 * Returns: (transfer none): the action's key, `/<type>/<name>`
 */
const char *
genkit_action_get_key (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);
  return priv->key;
}

/**
 * genkit_action_get_description:
 * @self: a [class@Genkit.Action]
 *
 * Gets the description.
 *
 * Returns: (transfer none) (nullable): the description
 */
const char *
genkit_action_get_description (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);
  return priv->description;
}

/**
 * genkit_action_set_description:
 * @self: a [class@Genkit.Action]
 * @description: (nullable): the description
 *
 * Sets [property@Genkit.Action:description].
 */
void
genkit_action_set_description (GenkitAction *self,
                               const char   *description)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_if_fail (GENKIT_IS_ACTION (self));

  if (g_strcmp0 (priv->description, description) == 0)
    return;

  g_free (priv->description);
  priv->description = g_strdup (description);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DESCRIPTION]);
}

/* Compiled schemas are immutable and large next to their JSON (kilobytes for
 * `{"type": "string"}`), and apps repeat the same few schemas over many actions: actions
 * share one compiled schema per distinct JSON text, for as long as one of them uses it. */
static GMutex schema_cache_lock;
static GHashTable *schema_cache;   /* compact JSON text → GenkitJsonSchema, not owned */

static void
schema_cache_forget_cb (gpointer  key,
                        GObject  *where_the_object_was)
{
  g_mutex_lock (&schema_cache_lock);
  if (g_hash_table_lookup (schema_cache, key) == (gpointer) where_the_object_was)
    g_hash_table_remove (schema_cache, key);
  g_mutex_unlock (&schema_cache_lock);
}

static GenkitJsonSchema *
compile_shared_schema (JsonNode  *schema,
                       GError   **error)
{
  g_autofree char *text = json_to_string (schema, FALSE);
  GenkitJsonSchema *compiled;
  GenkitJsonSchema *found;

  g_mutex_lock (&schema_cache_lock);
  if (schema_cache == NULL)
    schema_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  found = g_hash_table_lookup (schema_cache, text);
  if (found != NULL)
    g_object_ref (found);
  g_mutex_unlock (&schema_cache_lock);
  if (found != NULL)
    return found;

  if (!(compiled = genkit_json_schema_new (schema, error)))
    return NULL;

  g_mutex_lock (&schema_cache_lock);
  found = g_hash_table_lookup (schema_cache, text);
  if (found != NULL)
    {
      /* Another thread compiled the same schema meanwhile: use theirs. */
      g_object_ref (found);
      g_mutex_unlock (&schema_cache_lock);
      g_object_unref (compiled);
      return found;
    }
  g_object_weak_ref (G_OBJECT (compiled), schema_cache_forget_cb, text);
  g_hash_table_insert (schema_cache, g_steal_pointer (&text), compiled);
  g_mutex_unlock (&schema_cache_lock);
  return compiled;
}

static gboolean
set_schema (GenkitJsonSchema **slot,
            JsonNode          *schema,
            GError           **error)
{
  g_autoptr(GenkitJsonSchema) compiled = NULL;

  if (schema != NULL && !(compiled = compile_shared_schema (schema, error)))
    return FALSE;

  g_clear_object (slot);
  *slot = g_steal_pointer (&compiled);
  return TRUE;
}

/**
 * genkit_action_get_input_schema:
 * @self: a [class@Genkit.Action]
 *
 * Gets the input's JSON Schema (draft-07), if any.
 *
 * Returns: (transfer none) (nullable): the input's JSON Schema (draft-07), if any
 */
JsonNode *
genkit_action_get_input_schema (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);
  return priv->input_schema ? genkit_json_schema_get_schema (priv->input_schema) : NULL;
}

/**
 * genkit_action_set_input_schema:
 * @self: a [class@Genkit.Action]
 * @schema: (nullable): a JSON Schema (draft-07) for the input, copied; %NULL accepts anything
 * @error: return location for an error
 *
 * Sets the schema every run's input is validated against before the run starts.
 *
 * Returns: %TRUE on success; %FALSE with `INVALID_ARGUMENT` if @schema is not a usable schema
 */
gboolean
genkit_action_set_input_schema (GenkitAction  *self,
                                JsonNode      *schema,
                                GError       **error)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), FALSE);
  return set_schema (&priv->input_schema, schema, error);
}

/**
 * genkit_action_get_output_schema:
 * @self: a [class@Genkit.Action]
 *
 * Gets the output's JSON Schema, if any.
 *
 * Returns: (transfer none) (nullable): the output's JSON Schema, if any
 */
JsonNode *
genkit_action_get_output_schema (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);
  return priv->output_schema ? genkit_json_schema_get_schema (priv->output_schema) : NULL;
}

/**
 * genkit_action_set_output_schema:
 * @self: a [class@Genkit.Action]
 * @schema: (nullable): a JSON Schema (draft-07) for the output, copied
 * @error: return location for an error
 *
 * Sets the schema every run's output is validated against after its span ends.
 *
 * Returns: %TRUE on success; %FALSE with `INVALID_ARGUMENT` if @schema is not a usable schema
 */
gboolean
genkit_action_set_output_schema (GenkitAction  *self,
                                 JsonNode      *schema,
                                 GError       **error)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), FALSE);
  return set_schema (&priv->output_schema, schema, error);
}

/**
 * genkit_action_get_init_schema:
 * @self: a [class@Genkit.Action]
 *
 * Gets the JSON Schema of the action's initialization data, if it has one.
 *
 * Returns: (transfer none) (nullable): the init schema
 */
JsonNode *
genkit_action_get_init_schema (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);
  return priv->init_schema ? genkit_json_schema_get_schema (priv->init_schema) : NULL;
}

/**
 * genkit_action_set_init_schema:
 * @self: a [class@Genkit.Action]
 * @schema: (nullable): a JSON Schema (draft-07), or %NULL for none
 * @error: return location for an error: `INVALID_ARGUMENT` when @schema does not compile
 *
 * Sets the schema the `init` of a bidirectional run ([method@Genkit.RunOptions.set_init])
 * must satisfy, Genkit's `initSchema`; a run whose init fails it ends with
 * `INVALID_ARGUMENT` before its span starts. Like Genkit, the schema is not part of the
 * action's descriptor.
 *
 * Returns: %TRUE if the schema compiled
 */
gboolean
genkit_action_set_init_schema (GenkitAction  *self,
                               JsonNode      *schema,
                               GError       **error)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), FALSE);
  return set_schema (&priv->init_schema, schema, error);
}

/**
 * genkit_action_get_metadata:
 * @self: a [class@Genkit.Action]
 *
 * The descriptor's `metadata` object (protocol §5.4): `{"model": {...}}` for a model,
 * `{"type": "tool"}` for a tool, free-form for a flow. Modify it in place before registering.
 *
 * Returns: (transfer none): the metadata object, empty by default
 */
JsonObject *
genkit_action_get_metadata (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);
  return priv->metadata;
}

/**
 * genkit_action_set_metadata:
 * @self: a [class@Genkit.Action]
 * @metadata: (nullable): the new metadata object; %NULL empties it
 *
 * Replaces the metadata object.
 */
void
genkit_action_set_metadata (GenkitAction *self,
                            JsonObject   *metadata)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_if_fail (GENKIT_IS_ACTION (self));

  g_clear_pointer (&priv->metadata, json_object_unref);
  priv->metadata = metadata ? json_object_ref (metadata) : json_object_new ();
}

/**
 * genkit_action_get_registry:
 * @self: a [class@Genkit.Action]
 *
 * Gets the registry the action is registered in.
 *
 * Returns: (transfer none) (nullable): the registry the action is registered in
 */
GenkitRegistry *
genkit_action_get_registry (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);
  return priv->registry;
}

/**
 * genkit_action_add_middleware:
 * @self: a [class@Genkit.Action]
 * @func: (scope notified) (closure user_data) (destroy destroy): the middleware
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the action
 *
 * Appends an action-level middleware (Genkit's `use`). The first one added is the outermost:
 * it sees the caller's input first and the result last.
 */
void
genkit_action_add_middleware (GenkitAction         *self,
                              GenkitMiddlewareFunc  func,
                              gpointer              user_data,
                              GDestroyNotify        destroy)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);
  Middleware mw = { func, user_data, destroy };

  g_return_if_fail (GENKIT_IS_ACTION (self));
  g_return_if_fail (func != NULL);

  g_array_append_val (priv->middleware, mw);
}

/**
 * genkit_action_get_n_middleware:
 * @self: a [class@Genkit.Action]
 *
 * Tells how many middleware the action has.
 *
 * Returns: how many middleware the action has
 */
guint
genkit_action_get_n_middleware (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);

  g_return_val_if_fail (GENKIT_IS_ACTION (self), 0);
  return priv->middleware->len;
}

GenkitMiddlewareFunc
_genkit_action_get_middleware (GenkitAction *self,
                               guint         index,
                               gpointer     *user_data)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);
  Middleware *mw = &g_array_index (priv->middleware, Middleware, index);

  *user_data = mw->user_data;
  return mw->func;
}

/**
 * genkit_action_validate_input:
 * @self: a [class@Genkit.Action]
 * @input: (nullable): a candidate input
 * @error: return location for an error: `INVALID_ARGUMENT` with Genkit's "Schema validation
 *   failed. Parse Errors: …" message naming each failing path
 *
 * Checks @input against the input schema, as a run does before it starts. A %NULL input
 * (none given) passes when there is no schema.
 *
 * Returns: %TRUE if the input is acceptable
 */
gboolean
genkit_action_validate_input (GenkitAction  *self,
                              JsonNode      *input,
                              GError       **error)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);
  g_autoptr(JsonNode) null_node = NULL;

  g_return_val_if_fail (GENKIT_IS_ACTION (self), FALSE);

  if (priv->input_schema == NULL)
    return TRUE;

  /* Genkit validates `undefined` input too; JSON has no undefined, null is the closest. */
  if (input == NULL)
    input = null_node = json_node_new (JSON_NODE_NULL);

  return genkit_json_schema_validate (priv->input_schema, input, NULL, error);
}

/**
 * genkit_action_to_descriptor:
 * @self: a [class@Genkit.Action]
 *
 * Describes the action as the reflection API's `GET /api/actions` does (protocol §2.3):
 * `key`, `name`, and when set `description`, `metadata`, `inputSchema`, `outputSchema`.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
genkit_action_to_descriptor (GenkitAction *self)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);

  json_object_set_string_member (object, "key", priv->key);
  json_object_set_string_member (object, "name", priv->name);
  if (priv->description != NULL)
    json_object_set_string_member (object, "description", priv->description);
  if (json_object_get_size (priv->metadata) > 0)
    json_object_set_object_member (object, "metadata", json_object_ref (priv->metadata));
  if (priv->input_schema != NULL)
    json_object_set_member (object, "inputSchema",
                            json_node_copy (genkit_json_schema_get_schema (priv->input_schema)));
  if (priv->output_schema != NULL)
    json_object_set_member (object, "outputSchema",
                            json_node_copy (genkit_json_schema_get_schema (priv->output_schema)));

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&object));
  return node;
}

/* Running ---------------------------------------------------------------------------------- */

typedef struct
{
  GTask    *task;
  JsonNode *input;
  JsonNode *init;
} CoreState;

static void
core_state_free (CoreState *state)
{
  g_clear_object (&state->task);
  g_clear_pointer (&state->input, json_node_unref);
  g_clear_pointer (&state->init, json_node_unref);
  g_free (state);
}

/* The context as Genkit traces it: `auth` and `secrets` never reach a trace. */
static JsonNode *
redacted_context (JsonObject *context)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) keys = json_object_get_members (context);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (context, key);

      if (g_str_equal (key, "auth") || g_str_equal (key, "secrets"))
        json_object_set_string_member (copy, key, "<redacted>");
      else
        json_object_set_member (copy, key, json_node_copy (value));
    }
  json_node_take_object (node, copy);
  return node;
}

static void
genkit_action_core_complete (GenkitActionRun *run,
                             JsonNode        *value,
                             const GError    *error,
                             gpointer         user_data)
{
  CoreState *state = user_data;
  GenkitAction *self = genkit_action_run_get_action (run);
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);
  GenkitSpan *span = genkit_action_run_get_span (run);
  g_autoptr(GError) output_error = NULL;

  genkit_span_set_json_attribute (span, "genkit:input", state->input);
  if (state->init != NULL)
    genkit_span_set_json_attribute (span, "genkit:init", state->init);
  if (error != NULL)
    genkit_span_record_error (span, error);
  else
    genkit_span_set_json_attribute (span, "genkit:output", value);
  genkit_span_end (span);

  if (error != NULL)
    {
      g_task_return_error (state->task, g_error_copy (error));
      return;
    }

  if (priv->output_schema != NULL)
    {
      g_autoptr(JsonNode) null_node = value ? NULL : json_node_new (JSON_NODE_NULL);

      if (!genkit_json_schema_validate (priv->output_schema, value ? value : null_node,
                                        NULL, &output_error))
        {
          g_task_return_error (state->task, g_steal_pointer (&output_error));
          return;
        }
    }

  g_task_return_pointer (state->task,
                         genkit_action_result_new (value, genkit_span_get_trace_id (span),
                                                   genkit_span_get_span_id (span)),
                         (GDestroyNotify) genkit_action_result_unref);
}

static void
genkit_action_run_core (GenkitAction     *self,
                        JsonNode         *input,
                        GenkitRunOptions *options,
                        GCancellable     *cancellable,
                        GTask            *task)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);
  g_autoptr(JsonObject) attributes = json_object_new ();
  g_autoptr(GenkitSpan) span = NULL;
  g_autoptr(GenkitActionRun) run = NULL;
  g_autoptr(GError) error = NULL;
  GenkitActionRun *parent = options ? options->parent : NULL;
  GenkitRegistry *registry = priv->registry;
  GenkitTracer *tracer;
  JsonObject *context = NULL;
  CoreState *state;

  /* Streamed inputs are checked one by one as they arrive (next_input). */
  if ((options == NULL || options->input_channel == NULL) &&
      !genkit_action_validate_input (self, input, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (priv->init_schema != NULL)
    {
      g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);
      JsonNode *init = options != NULL && options->init != NULL ? options->init : null_node;

      if (!genkit_json_schema_validate (priv->init_schema, init, NULL, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (registry == NULL && parent != NULL)
    registry = genkit_action_run_get_registry (parent);
  tracer = registry ? genkit_registry_get_tracer (registry) : _genkit_default_tracer ();

  if (options != NULL && options->context != NULL)
    context = options->context;
  else if (parent != NULL)
    context = genkit_action_run_get_context (parent);

  json_object_set_string_member (attributes, "genkit:type", "action");
  json_object_set_string_member (attributes, "genkit:metadata:subtype",
                                 genkit_action_type_to_string (priv->type));
  json_object_set_string_member (attributes, "genkit:key", priv->key);
  if (options != NULL && options->telemetry_labels != NULL)
    {
      g_autoptr(GList) labels = json_object_get_members (options->telemetry_labels);

      for (GList *l = labels; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (options->telemetry_labels, l->data);

          if (json_node_get_value_type (value) == G_TYPE_STRING)
            json_object_set_member (attributes, l->data, json_node_copy (value));
        }
    }

  span = genkit_tracer_start_span (tracer, parent ? genkit_action_run_get_span (parent) : NULL,
                                   priv->name, attributes);
  if (options != NULL && options->context != NULL)
    {
      g_autoptr(JsonNode) traced = redacted_context (options->context);

      genkit_span_set_json_attribute (span, "genkit:metadata:context", traced);
    }

  state = g_new0 (CoreState, 1);
  state->task = g_object_ref (task);
  state->input = input ? json_node_copy (input) : NULL;
  state->init = options != NULL && options->init != NULL ? json_node_copy (options->init) : NULL;

  run = _genkit_action_run_new (self, registry, span, context, cancellable, options, NULL,
                                genkit_action_core_complete, state,
                                (GDestroyNotify) core_state_free);
  _genkit_action_run_set_inputs (run, state->input, state->init,
                                 options ? options->input_channel : NULL);

  if (options != NULL && options->started_func != NULL)
    options->started_func (genkit_span_get_trace_id (span), genkit_span_get_span_id (span),
                           options->started_data);

  if (genkit_action_run_return_error_if_cancelled (run))
    return;

  GENKIT_ACTION_GET_CLASS (self)->run (self, run, state->input);
}

void
_genkit_action_dispatch (GenkitAction     *self,
                         guint             index,
                         JsonNode         *input,
                         GenkitRunOptions *options,
                         GCancellable     *cancellable,
                         GTask            *task)
{
  GenkitActionPrivate *priv = genkit_action_get_instance_private (self);
  g_autoptr(GenkitMiddlewareCall) call = NULL;
  GenkitMiddlewareFunc func;
  gpointer user_data;

  if (index >= priv->middleware->len)
    {
      genkit_action_run_core (self, input, options, cancellable, task);
      return;
    }

  func = _genkit_action_get_middleware (self, index, &user_data);
  call = _genkit_middleware_call_new (self, index, input, options, cancellable, task);
  func (call, input, user_data);
}

/**
 * genkit_action_run_async:
 * @self: a [class@Genkit.Action]
 * @input: (nullable): the input; %NULL when there is none
 * @options: (nullable): context, parent run, streaming callback, telemetry labels
 * @cancellable: (nullable): cancels the run (Genkit's abort signal)
 * @callback: called on the caller's main context when the run completes
 * @user_data: data for @callback
 *
 * Runs the action (Genkit's `action.run(input, options)`): middleware, input validation, a
 * span, the body, output validation. Chunks reach the options' stream function before
 * @callback.
 */
void
genkit_action_run_async (GenkitAction        *self,
                         JsonNode            *input,
                         GenkitRunOptions    *options,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GENKIT_IS_ACTION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_action_run_async);
  /* A cancelled run still reports through the action's own CANCELLED error and trace. */
  g_task_set_check_cancellable (task, FALSE);

  if (cancellable == NULL && options != NULL && options->parent != NULL)
    cancellable = genkit_action_run_get_cancellable (options->parent);

  _genkit_action_dispatch (self, 0, input, options, cancellable, task);
}

/**
 * genkit_action_run_finish:
 * @self: a [class@Genkit.Action]
 * @result: the result given to the callback
 * @error: return location for an error: `INVALID_ARGUMENT` when the input or output fails
 *   its schema, `CANCELLED` when cancelled, or whatever the body failed with
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full): the output with the ids of the run's trace and span, or %NULL
 *   with @error set
 */
GenkitActionResult *
genkit_action_run_finish (GenkitAction  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (GENKIT_IS_ACTION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * _genkit_default_tracer:
 *
 * The tracer of actions that are in no registry. It has no processors unless the program
 * adds some.
 */
GenkitTracer *
_genkit_default_tracer (void)
{
  static GenkitTracer *tracer;

  if (g_once_init_enter (&tracer))
    g_once_init_leave (&tracer, genkit_tracer_new ());
  return tracer;
}
