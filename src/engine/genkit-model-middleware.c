/* genkit-model-middleware.c — a middleware around model calls, and the chains that run them
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-model-middleware.h"
#include "genkit-model-middleware-call.h"
#include "genkit-registry.h"

/**
 * GenkitModelMiddleware:
 *
 * A middleware around model calls, Genkit's `ModelMiddleware` (`js/ai/src/model.ts`). The same
 * object works in both of Genkit's layers (protocol §7.11):
 *
 * - at call time, in the `use` list of a generate call
 *   ([method@Genkit.GenerateOptions.add_middleware], or `use: [{"name", "config"}]` of
 *   `/util/generate` for middleware registered with [func@Genkit.register_model_middleware]):
 *   it wraps every model call of every turn, outermost first;
 * - at definition time, with [method@Genkit.Model.use]: it runs when the model action is
 *   invoked, before the model's span starts, followed by the model's built-in context
 *   augmentation and constrained-output simulation.
 *
 * Genkit's seven built-in middleware have constructors: [func@Genkit.retry_middleware_new]
 * and the others listed below, and [ctor@Genkit.ModelMiddleware.new_builtin] makes any of them
 * from its name and JSON config.
 */
struct _GenkitModelMiddleware
{
  GObject                    parent_instance;

  char                      *name;
  GenkitModelMiddlewareFunc  func;
  gpointer                   user_data;
  GDestroyNotify             destroy;
};

G_DEFINE_FINAL_TYPE (GenkitModelMiddleware, genkit_model_middleware, G_TYPE_OBJECT)

static void
genkit_model_middleware_finalize (GObject *object)
{
  GenkitModelMiddleware *self = GENKIT_MODEL_MIDDLEWARE (object);

  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_free (self->name);

  G_OBJECT_CLASS (genkit_model_middleware_parent_class)->finalize (object);
}

static void
genkit_model_middleware_class_init (GenkitModelMiddlewareClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_model_middleware_finalize;
}

static void
genkit_model_middleware_init (GenkitModelMiddleware *self)
{
}

/**
 * genkit_model_middleware_new:
 * @name: a name for traces and messages, e.g. `myCache`
 * @func: (scope notified) (closure user_data) (destroy destroy): the middleware
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the middleware
 *
 * Makes a model middleware from a C function.
 *
 * Returns: (transfer full): the new middleware
 */
GenkitModelMiddleware *
genkit_model_middleware_new (const char                *name,
                             GenkitModelMiddlewareFunc  func,
                             gpointer                   user_data,
                             GDestroyNotify             destroy)
{
  GenkitModelMiddleware *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_MODEL_MIDDLEWARE, NULL);
  self->name = g_strdup (name);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

/**
 * genkit_model_middleware_get_name:
 * @self: a [class@Genkit.ModelMiddleware]
 *
 * Gets the middleware's name.
 *
 * Returns: (transfer none): the name, e.g. `retry`
 */
const char *
genkit_model_middleware_get_name (GenkitModelMiddleware *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_MIDDLEWARE (self), NULL);
  return self->name;
}

void
_genkit_model_middleware_invoke (GenkitModelMiddleware     *self,
                                 GenkitModelMiddlewareCall *call,
                                 GenkitGenerateRequest     *request)
{
  self->func (call, request, self->user_data);
}

static JsonObject *
config_object (JsonNode  *config,
               const char *name,
               GError   **error)
{
  if (config == NULL || JSON_NODE_HOLDS_NULL (config))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (config))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "The config of middleware %s must be an object", name);
      return NULL;
    }
  return json_node_get_object (config);
}

/**
 * genkit_model_middleware_new_builtin:
 * @name: one of `retry`, `fallback`, `simulateSystemPrompt`, `augmentWithContext`,
 *   `downloadRequestMedia`, `validateSupport`, `simulateConstrainedGeneration`
 * @config: (nullable): its options as JSON, as the constructor of that middleware takes them
 *   (`simulateSystemPrompt`: `{"preface", "acknowledgement"}`; `validateSupport`:
 *   `{"name", "supports"}`)
 * @error: return location for an error: `NOT_FOUND` for another name, `INVALID_ARGUMENT` for
 *   a bad config
 *
 * Makes one of Genkit's built-in model middleware from plain JSON options (callbacks such as
 * `onError` need the typed constructors).
 *
 * Returns: (transfer full) (nullable): the middleware, or %NULL with @error set
 */
GenkitModelMiddleware *
genkit_model_middleware_new_builtin (const char  *name,
                                     JsonNode    *config,
                                     GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonObject *options;

  g_return_val_if_fail (name != NULL, NULL);

  options = config_object (config, name, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (g_str_equal (name, "retry"))
    return genkit_retry_middleware_new (options, NULL, NULL, NULL, error);
  if (g_str_equal (name, "fallback"))
    return genkit_fallback_middleware_new (options, NULL, NULL, NULL, error);
  if (g_str_equal (name, "augmentWithContext"))
    return genkit_augment_with_context_middleware_new (options, NULL, NULL, NULL, error);
  if (g_str_equal (name, "downloadRequestMedia"))
    return genkit_download_request_media_middleware_new (options, NULL, NULL, NULL, error);
  if (g_str_equal (name, "simulateConstrainedGeneration"))
    return genkit_simulate_constrained_generation_middleware_new (NULL, NULL, NULL);
  if (g_str_equal (name, "simulateSystemPrompt"))
    {
      JsonNode *preface = options ? json_object_get_member (options, "preface") : NULL;
      JsonNode *ack = options ? json_object_get_member (options, "acknowledgement") : NULL;

      if ((preface != NULL && json_node_get_value_type (preface) != G_TYPE_STRING) ||
          (ack != NULL && json_node_get_value_type (ack) != G_TYPE_STRING))
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "simulateSystemPrompt: preface and acknowledgement must be strings");
          return NULL;
        }
      return genkit_simulate_system_prompt_middleware_new (preface ? json_node_get_string (preface) : NULL,
                                                           ack ? json_node_get_string (ack) : NULL);
    }
  if (g_str_equal (name, "validateSupport"))
    {
      const char *model = _gk_object_get_string (options, "name");
      JsonNode *supports = options ? json_object_get_member (options, "supports") : NULL;

      if (model == NULL || (supports != NULL && !JSON_NODE_HOLDS_OBJECT (supports)))
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "validateSupport: config needs a string “name” and an object “supports”");
          return NULL;
        }
      return genkit_validate_support_middleware_new (model, supports ? json_node_get_object (supports) : NULL);
    }

  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
               "No built-in model middleware is called %s", name);
  return NULL;
}

/* Registered factories ----------------------------------------------------------------------- */

#define FACTORIES_KEY "genkit-model-middleware-factories"

typedef struct
{
  GenkitModelMiddlewareFactory factory;
  gpointer                     user_data;
  GDestroyNotify               destroy;
} Factory;

static void
factory_free (Factory *factory)
{
  if (factory->destroy != NULL)
    factory->destroy (factory->user_data);
  g_free (factory);
}

/**
 * genkit_register_model_middleware:
 * @registry: a [class@Genkit.Registry]
 * @name: the name `use` entries refer to
 * @factory: (scope notified) (closure user_data) (destroy destroy): makes the middleware from
 *   an entry's config
 * @user_data: data for @factory
 * @destroy: (nullable): frees @user_data with the registry
 *
 * Registers a middleware that `/util/generate` (and Dev UI runs of it) can name in
 * `GenerateActionOptions.use`, Genkit's registered `middleware` values. It is also listed as a
 * value of type `middleware` (`{"name": name}`), which `GET /api/values?type=middleware` shows.
 */
void
genkit_register_model_middleware (GenkitRegistry               *registry,
                                  const char                   *name,
                                  GenkitModelMiddlewareFactory  factory,
                                  gpointer                      user_data,
                                  GDestroyNotify                destroy)
{
  GHashTable *factories;
  Factory *entry;
  g_autoptr(JsonObject) value = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (GENKIT_IS_REGISTRY (registry));
  g_return_if_fail (name != NULL);
  g_return_if_fail (factory != NULL);

  factories = g_object_get_data (G_OBJECT (registry), FACTORIES_KEY);
  if (factories == NULL)
    {
      factories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) factory_free);
      g_object_set_data_full (G_OBJECT (registry), FACTORIES_KEY, factories,
                              (GDestroyNotify) g_hash_table_unref);
    }

  entry = g_new0 (Factory, 1);
  entry->factory = factory;
  entry->user_data = user_data;
  entry->destroy = destroy;
  g_hash_table_replace (factories, g_strdup (name), entry);

  json_object_set_string_member (value, "name", name);
  node = json_node_init_object (json_node_alloc (), value);
  genkit_registry_register_value (registry, "middleware", name, node);
}

static GenkitModelMiddleware *
builtin_factory (JsonNode  *config,
                 gpointer   user_data,
                 GError   **error)
{
  return genkit_model_middleware_new_builtin (user_data, config, error);
}

/**
 * genkit_register_builtin_model_middleware:
 * @registry: a [class@Genkit.Registry]
 *
 * Registers Genkit's seven built-in model middleware under their names (`retry`, `fallback`,
 * `simulateSystemPrompt`, `augmentWithContext`, `downloadRequestMedia`, `validateSupport`,
 * `simulateConstrainedGeneration`), so `/util/generate` can use them by name. The JavaScript
 * runtime does not register them, so this is opt-in.
 */
void
genkit_register_builtin_model_middleware (GenkitRegistry *registry)
{
  static const char * const names[] = {
    "retry", "fallback", "simulateSystemPrompt", "augmentWithContext", "downloadRequestMedia",
    "validateSupport", "simulateConstrainedGeneration",
  };

  g_return_if_fail (GENKIT_IS_REGISTRY (registry));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    genkit_register_model_middleware (registry, names[i], builtin_factory, (gpointer) names[i], NULL);
}

/**
 * genkit_lookup_model_middleware:
 * @registry: a [class@Genkit.Registry]
 * @name: the registered name
 * @config: (nullable): the config to make it with
 * @error: return location for an error: `NOT_FOUND` when nothing is registered as @name, or
 *   the factory's error
 *
 * Makes the middleware registered as @name, what `/util/generate` does for each `use` entry.
 *
 * Returns: (transfer full) (nullable): the middleware, or %NULL with @error set
 */
GenkitModelMiddleware *
genkit_lookup_model_middleware (GenkitRegistry  *registry,
                                const char      *name,
                                JsonNode        *config,
                                GError         **error)
{
  GHashTable *factories;
  Factory *entry = NULL;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  factories = g_object_get_data (G_OBJECT (registry), FACTORIES_KEY);
  if (factories != NULL)
    entry = g_hash_table_lookup (factories, name);
  if (entry == NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                   "Middleware '%s' not found", name);
      return NULL;
    }
  return entry->factory (config, entry->user_data, error);
}

/* Chains ------------------------------------------------------------------------------------ */

struct _GkModelChain
{
  gatomicrefcount   ref_count;

  GPtrArray        *middleware;     /* GenkitModelMiddleware */
  GenkitRegistry   *registry;
  GenkitActionRun  *parent;
  JsonObject       *context;
  GCancellable     *cancellable;
  gboolean          streaming;
  GenkitStreamFunc  chunk_func;
  gpointer          chunk_data;

  GkModelFinalFunc  final;
  gpointer          final_data;
  GDestroyNotify    final_destroy;
};

GkModelChain *
_gk_model_chain_new (GPtrArray        *middleware,
                     GenkitRegistry   *registry,
                     GenkitActionRun  *parent,
                     JsonObject       *context,
                     GCancellable     *cancellable,
                     gboolean          streaming,
                     GenkitStreamFunc  chunk_func,
                     gpointer          chunk_data,
                     GkModelFinalFunc  final,
                     gpointer          final_data,
                     GDestroyNotify    final_destroy)
{
  GkModelChain *chain = g_new0 (GkModelChain, 1);

  g_atomic_ref_count_init (&chain->ref_count);
  chain->middleware = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; middleware != NULL && i < middleware->len; i++)
    g_ptr_array_add (chain->middleware, g_object_ref (g_ptr_array_index (middleware, i)));
  chain->registry = registry ? g_object_ref (registry) : NULL;
  chain->parent = parent ? g_object_ref (parent) : NULL;
  chain->context = context ? json_object_ref (context) : json_object_new ();
  chain->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  chain->streaming = streaming;
  chain->chunk_func = chunk_func;
  chain->chunk_data = chunk_data;
  chain->final = final;
  chain->final_data = final_data;
  chain->final_destroy = final_destroy;
  return chain;
}

GkModelChain *
_gk_model_chain_ref (GkModelChain *chain)
{
  g_atomic_ref_count_inc (&chain->ref_count);
  return chain;
}

void
_gk_model_chain_unref (GkModelChain *chain)
{
  if (!g_atomic_ref_count_dec (&chain->ref_count))
    return;
  if (chain->final_destroy != NULL)
    chain->final_destroy (chain->final_data);
  g_ptr_array_unref (chain->middleware);
  g_clear_object (&chain->registry);
  g_clear_object (&chain->parent);
  json_object_unref (chain->context);
  g_clear_object (&chain->cancellable);
  g_free (chain);
}

GenkitRegistry *
_gk_model_chain_get_registry (GkModelChain *chain)
{
  return chain->registry;
}

GenkitActionRun *
_gk_model_chain_get_parent (GkModelChain *chain)
{
  return chain->parent;
}

JsonObject *
_gk_model_chain_get_context (GkModelChain *chain)
{
  return chain->context;
}

GCancellable *
_gk_model_chain_get_cancellable (GkModelChain *chain)
{
  return chain->cancellable;
}

gboolean
_gk_model_chain_is_streaming (GkModelChain *chain)
{
  return chain->streaming;
}

void
_gk_model_chain_send_chunk (GkModelChain *chain,
                            JsonNode     *chunk)
{
  if (chain->streaming && chain->chunk_func != NULL)
    chain->chunk_func (chunk, chain->chunk_data);
}

void
_gk_model_chain_run_async (GkModelChain          *chain,
                           guint                  index,
                           GenkitGenerateRequest *request,
                           GAsyncReadyCallback    callback,
                           gpointer               user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, callback, user_data);
  g_autoptr(GenkitModelMiddlewareCall) call = NULL;
  GenkitModelMiddleware *middleware;

  g_task_set_source_tag (task, _gk_model_chain_run_async);
  g_task_set_task_data (task, _gk_model_chain_ref (chain), (GDestroyNotify) _gk_model_chain_unref);

  if (index >= chain->middleware->len)
    {
      chain->final (chain, request, g_steal_pointer (&task), chain->final_data);
      return;
    }

  middleware = g_ptr_array_index (chain->middleware, index);
  call = _genkit_model_middleware_call_new (middleware, chain, index, request, task);
  _genkit_model_middleware_invoke (middleware, call, request);
}

GenkitGenerateResponse *
_gk_model_chain_run_finish (GAsyncResult  *result,
                            GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* The common tail of a middleware: hand @request to the next layer and return what it
 * returns. */
static void
forward_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GenkitModelMiddlewareCall) call = user_data;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  response = genkit_model_middleware_call_next_finish (call, result, &error);
  if (response == NULL)
    genkit_model_middleware_call_return_error (call, g_steal_pointer (&error));
  else
    genkit_model_middleware_call_return_response (call, response);
}

void
_gk_middleware_forward (GenkitModelMiddlewareCall *call,
                        GenkitGenerateRequest     *request)
{
  genkit_model_middleware_call_next_async (call, request, forward_cb, g_object_ref (call));
}
