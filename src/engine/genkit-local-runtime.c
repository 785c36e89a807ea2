/* genkit-local-runtime.c — the runtime of this process, over a registry
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-result.h"
#include "genkit-error.h"
#include "genkit-local-runtime.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"
#include "genkit-run-options-private.h"
#include "genkit-tracer.h"

/**
 * GenkitLocalRuntime:
 *
 * The [iface@Genkit.Runtime] of this process: runs the actions of a [class@Genkit.Registry],
 * keeps the runs in progress by trace id so they can be cancelled (Genkit's
 * `activeActions` in `js/core/src/reflection.ts`), and remembers the telemetry server a
 * `notify` named. [class@Genkit.ReflectionServer] serves it over HTTP.
 *
 * The telemetry server URL is `GENKIT_TELEMETRY_SERVER` when that is set — then `notify`
 * leaves it alone, as the JavaScript runtime does — else the last URL notified. Whoever
 * exports traces watches [property@Genkit.LocalRuntime:telemetry-server-url].
 */
struct _GenkitLocalRuntime
{
  GObject         parent_instance;

  GenkitRegistry *registry;
  char           *id;
  char           *name;
  char           *reflection_server_url;
  char           *telemetry_server_url;
  gboolean        telemetry_from_env;
  GHashTable     *running;     /* trace id → owned GCancellable */
};

static void runtime_iface_init (GenkitRuntimeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitLocalRuntime, genkit_local_runtime, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_RUNTIME, runtime_iface_init))

enum {
  PROP_0,
  PROP_REGISTRY,
  PROP_TELEMETRY_SERVER_URL,
  N_PROPS,
  PROP_ID = N_PROPS,
  PROP_NAME,
  PROP_GENKIT_VERSION,
  PROP_REFLECTION_SERVER_URL,
};

static GParamSpec *properties[N_PROPS];

/* Listing, values, notify --------------------------------------------------------------- */

static void
genkit_local_runtime_list_actions_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  JsonNode *listing = genkit_registry_list_actions_finish (GENKIT_REGISTRY (object), result, &error);

  if (listing == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, listing, (GDestroyNotify) json_node_unref);
}

static void
genkit_local_runtime_list_actions_async (GenkitRuntime       *runtime,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GenkitLocalRuntime *self = GENKIT_LOCAL_RUNTIME (runtime);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_local_runtime_list_actions_async);
  genkit_registry_list_actions_async (self->registry, cancellable,
                                      genkit_local_runtime_list_actions_cb, task);
}

static JsonNode *
genkit_local_runtime_pointer_finish (GenkitRuntime  *runtime,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static GenkitActionResult *
genkit_local_runtime_run_action_finish (GenkitRuntime  *runtime,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
genkit_local_runtime_boolean_finish (GenkitRuntime  *runtime,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_local_runtime_list_values_async (GenkitRuntime       *runtime,
                                        const char          *type,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GenkitLocalRuntime *self = GENKIT_LOCAL_RUNTIME (runtime);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_local_runtime_list_values_async);

  /* The same two types the JavaScript reflection server serves. */
  if (!g_str_equal (type, "defaultModel") && !g_str_equal (type, "middleware"))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "'type' %s is not supported. Only 'defaultModel' and 'middleware' "
                               "are supported", type);
      return;
    }

  g_task_return_pointer (task, genkit_registry_list_values (self->registry, type),
                         (GDestroyNotify) json_node_unref);
}

static void
genkit_local_runtime_notify_async (GenkitRuntime       *runtime,
                                   const char          *telemetry_server_url,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GenkitLocalRuntime *self = GENKIT_LOCAL_RUNTIME (runtime);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_local_runtime_notify_async);

  if (!self->telemetry_from_env &&
      g_strcmp0 (self->telemetry_server_url, telemetry_server_url) != 0)
    {
      g_free (self->telemetry_server_url);
      self->telemetry_server_url = g_strdup (telemetry_server_url);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TELEMETRY_SERVER_URL]);
    }
  g_task_return_boolean (task, TRUE);
}

/* Running ------------------------------------------------------------------------------- */

typedef struct
{
  GenkitLocalRuntime *self;
  GCancellable       *cancellable;       /* what cancelAction cancels */
  GenkitRunOptions   *caller_options;
  char               *trace_id;
} RunState;

static void
run_state_free (RunState *state)
{
  if (state->trace_id != NULL)
    g_hash_table_remove (state->self->running, state->trace_id);
  g_clear_object (&state->cancellable);
  g_clear_pointer (&state->caller_options, genkit_run_options_unref);
  g_free (state->trace_id);
  g_clear_object (&state->self);
  g_free (state);
}

static void
genkit_local_runtime_run_started_cb (const char *trace_id,
                                     const char *span_id,
                                     gpointer    user_data)
{
  RunState *state = user_data;
  GenkitRunOptions *caller = state->caller_options;

  /* Only the outermost span's trace is the run's handle; a retrying middleware may start more. */
  if (state->trace_id == NULL)
    {
      state->trace_id = g_strdup (trace_id);
      g_hash_table_insert (state->self->running, g_strdup (trace_id), g_object_ref (state->cancellable));
    }

  if (caller != NULL && caller->started_func != NULL)
    caller->started_func (trace_id, span_id, caller->started_data);
}

static void
genkit_local_runtime_run_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GenkitActionResult *action_result;

  action_result = genkit_registry_run_action_finish (GENKIT_REGISTRY (object), result, &error);
  if (action_result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, action_result, (GDestroyNotify) genkit_action_result_unref);
}

static void
genkit_local_runtime_run_action_async (GenkitRuntime       *runtime,
                                       const char          *key,
                                       JsonNode            *input,
                                       GenkitRunOptions    *options,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GenkitLocalRuntime *self = GENKIT_LOCAL_RUNTIME (runtime);
  g_autoptr(GenkitRunOptions) run_options = genkit_run_options_copy (options);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  RunState *state = g_new0 (RunState, 1);

  g_task_set_source_tag (task, genkit_local_runtime_run_action_async);
  g_task_set_check_cancellable (task, FALSE);

  state->self = g_object_ref (self);
  /* cancelAction cancels the caller's own cancellable when there is one: the run is theirs. */
  state->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  state->caller_options = options ? genkit_run_options_ref (options) : NULL;
  g_task_set_task_data (task, state, (GDestroyNotify) run_state_free);

  genkit_run_options_set_started_func (run_options, genkit_local_runtime_run_started_cb, state, NULL);
  genkit_registry_run_action_async (self->registry, key, input, run_options, state->cancellable,
                                    genkit_local_runtime_run_cb, task);
}

static void
genkit_local_runtime_cancel_action_async (GenkitRuntime       *runtime,
                                          const char          *trace_id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GenkitLocalRuntime *self = GENKIT_LOCAL_RUNTIME (runtime);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GCancellable *running;

  g_task_set_source_tag (task, genkit_local_runtime_cancel_action_async);

  running = g_hash_table_lookup (self->running, trace_id);
  if (running == NULL || g_cancellable_is_cancelled (running))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                               "Action not found or already completed");
      return;
    }

  g_cancellable_cancel (running);
  g_task_return_boolean (task, TRUE);
}

static void
runtime_iface_init (GenkitRuntimeInterface *iface)
{
  iface->list_actions_async = genkit_local_runtime_list_actions_async;
  iface->list_actions_finish = genkit_local_runtime_pointer_finish;
  iface->run_action_async = genkit_local_runtime_run_action_async;
  iface->run_action_finish = genkit_local_runtime_run_action_finish;
  iface->cancel_action_async = genkit_local_runtime_cancel_action_async;
  iface->cancel_action_finish = genkit_local_runtime_boolean_finish;
  iface->list_values_async = genkit_local_runtime_list_values_async;
  iface->list_values_finish = genkit_local_runtime_pointer_finish;
  iface->notify_async = genkit_local_runtime_notify_async;
  iface->notify_finish = genkit_local_runtime_boolean_finish;
}

/* GObject ------------------------------------------------------------------------------- */

static void
genkit_local_runtime_finalize (GObject *object)
{
  GenkitLocalRuntime *self = GENKIT_LOCAL_RUNTIME (object);

  g_clear_object (&self->registry);
  g_free (self->id);
  g_free (self->name);
  g_free (self->reflection_server_url);
  g_free (self->telemetry_server_url);
  g_clear_pointer (&self->running, g_hash_table_unref);

  G_OBJECT_CLASS (genkit_local_runtime_parent_class)->finalize (object);
}

static void
genkit_local_runtime_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GenkitLocalRuntime *self = GENKIT_LOCAL_RUNTIME (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      g_value_set_object (value, self->registry);
      break;
    case PROP_TELEMETRY_SERVER_URL:
      g_value_set_string (value, self->telemetry_server_url);
      break;
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name ? self->name : self->id);
      break;
    case PROP_GENKIT_VERSION:
      g_value_set_string (value, "c/" GENKIT_VERSION_STRING);
      break;
    case PROP_REFLECTION_SERVER_URL:
      g_value_set_string (value, self->reflection_server_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_local_runtime_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GenkitLocalRuntime *self = GENKIT_LOCAL_RUNTIME (object);

  switch (prop_id)
    {
    case PROP_REGISTRY:
      self->registry = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_local_runtime_class_init (GenkitLocalRuntimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_local_runtime_finalize;
  object_class->get_property = genkit_local_runtime_get_property;
  object_class->set_property = genkit_local_runtime_set_property;

  /**
   * GenkitLocalRuntime:registry:
   *
   * The registry whose actions this runtime runs.
   */
  properties[PROP_REGISTRY] =
    g_param_spec_object ("registry", NULL, NULL, GENKIT_TYPE_REGISTRY,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitLocalRuntime:telemetry-server-url:
   *
   * Where this runtime's traces should go: `GENKIT_TELEMETRY_SERVER`, else the URL of the
   * last `notify`, else %NULL.
   */
  properties[PROP_TELEMETRY_SERVER_URL] =
    g_param_spec_string ("telemetry-server-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_ID, "id");
  g_object_class_override_property (object_class, PROP_NAME, "name");
  g_object_class_override_property (object_class, PROP_GENKIT_VERSION, "genkit-version");
  g_object_class_override_property (object_class, PROP_REFLECTION_SERVER_URL, "reflection-server-url");
}

static void
genkit_local_runtime_init (GenkitLocalRuntime *self)
{
  const char *env_url = g_getenv ("GENKIT_TELEMETRY_SERVER");

  self->id = g_strdup ("builtin");
  self->running = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  if (env_url != NULL && *env_url != '\0')
    {
      self->telemetry_server_url = g_strdup (env_url);
      self->telemetry_from_env = TRUE;
    }
}

/**
 * genkit_local_runtime_new:
 * @registry: the registry to run actions from
 *
 * Creates the runtime of this process over @registry.
 *
 * Returns: (transfer full): a new runtime with id `builtin`
 */
GenkitLocalRuntime *
genkit_local_runtime_new (GenkitRegistry *registry)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);

  return g_object_new (GENKIT_TYPE_LOCAL_RUNTIME, "registry", registry, NULL);
}

/**
 * genkit_local_runtime_get_registry:
 * @self: a [class@Genkit.LocalRuntime]
 *
 * Gets the registry this runtime runs actions from.
 *
 * Returns: (transfer none): the registry
 */
GenkitRegistry *
genkit_local_runtime_get_registry (GenkitLocalRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_LOCAL_RUNTIME (self), NULL);
  return self->registry;
}

/**
 * genkit_local_runtime_set_id:
 * @self: a [class@Genkit.LocalRuntime]
 * @id: the id, e.g. `<pid>-<port>` once serving
 *
 * Sets [property@Genkit.Runtime:id].
 */
void
genkit_local_runtime_set_id (GenkitLocalRuntime *self,
                             const char         *id)
{
  g_return_if_fail (GENKIT_IS_LOCAL_RUNTIME (self));
  g_return_if_fail (id != NULL);

  if (g_strcmp0 (self->id, id) == 0)
    return;
  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify (G_OBJECT (self), "id");
}

/**
 * genkit_local_runtime_set_name:
 * @self: a [class@Genkit.LocalRuntime]
 * @name: (nullable): a display name (Genkit's `genkit({name})`); %NULL shows the id
 *
 * Sets [property@Genkit.Runtime:name].
 */
void
genkit_local_runtime_set_name (GenkitLocalRuntime *self,
                               const char         *name)
{
  g_return_if_fail (GENKIT_IS_LOCAL_RUNTIME (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify (G_OBJECT (self), "name");
}

/**
 * genkit_local_runtime_set_reflection_server_url:
 * @self: a [class@Genkit.LocalRuntime]
 * @url: (nullable): the URL a [class@Genkit.ReflectionServer] serves this runtime at
 *
 * Sets [property@Genkit.Runtime:reflection-server-url]; the reflection server does it.
 */
void
genkit_local_runtime_set_reflection_server_url (GenkitLocalRuntime *self,
                                                const char         *url)
{
  g_return_if_fail (GENKIT_IS_LOCAL_RUNTIME (self));

  if (g_strcmp0 (self->reflection_server_url, url) == 0)
    return;
  g_free (self->reflection_server_url);
  self->reflection_server_url = g_strdup (url);
  g_object_notify (G_OBJECT (self), "reflection-server-url");
}

/**
 * genkit_local_runtime_get_telemetry_server_url:
 * @self: a [class@Genkit.LocalRuntime]
 *
 * Gets [property@Genkit.LocalRuntime:telemetry-server-url].
 *
 * Returns: (transfer none) (nullable): the telemetry server's base URL
 */
const char *
genkit_local_runtime_get_telemetry_server_url (GenkitLocalRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_LOCAL_RUNTIME (self), NULL);
  return self->telemetry_server_url;
}

/**
 * genkit_local_runtime_get_n_running:
 * @self: a [class@Genkit.LocalRuntime]
 *
 * Tells how many runs are in progress (those that have a trace id).
 *
 * Returns: the number of runs that could be cancelled now
 */
guint
genkit_local_runtime_get_n_running (GenkitLocalRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_LOCAL_RUNTIME (self), 0);
  return g_hash_table_size (self->running);
}
