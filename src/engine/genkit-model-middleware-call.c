/* genkit-model-middleware-call.c — one invocation of a model middleware
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-model-middleware-call.h"

/**
 * GenkitModelMiddlewareCall:
 *
 * What a [callback@Genkit.ModelMiddlewareFunc] gets for one model call: the request, the
 * registry and run it happens in, a way to run the rest of the chain
 * ([method@Genkit.ModelMiddlewareCall.next_async], Genkit's `next(req)`) and the way to finish.
 * The same call object serves a middleware used at call time (generate's `use`) and one a
 * model declared for itself.
 *
 * ```c
 * static void
 * shout_mw (GenkitModelMiddlewareCall *call, GenkitGenerateRequest *request, gpointer data)
 * {
 *   g_autoptr(GenkitGenerateRequest) loud = genkit_generate_request_copy (request);
 *   // ... change loud ...
 *   genkit_model_middleware_call_next_async (call, loud, shout_mw_done_cb, g_object_ref (call));
 * }
 *
 * static void
 * shout_mw_done_cb (GObject *source, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GenkitModelMiddlewareCall) call = user_data;
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(GenkitGenerateResponse) response =
 *     genkit_model_middleware_call_next_finish (call, result, &error);
 *
 *   if (response == NULL)
 *     genkit_model_middleware_call_return_error (call, g_steal_pointer (&error));
 *   else
 *     genkit_model_middleware_call_return_response (call, response);
 * }
 * ```
 */
struct _GenkitModelMiddlewareCall
{
  GObject                 parent_instance;

  GenkitModelMiddleware  *middleware;
  GkModelChain           *chain;
  guint                   index;
  GenkitGenerateRequest  *request;
  GTask                  *task;        /* NULL once completed */
};

G_DEFINE_FINAL_TYPE (GenkitModelMiddlewareCall, genkit_model_middleware_call, G_TYPE_OBJECT)

static void
genkit_model_middleware_call_finalize (GObject *object)
{
  GenkitModelMiddlewareCall *self = GENKIT_MODEL_MIDDLEWARE_CALL (object);

  if (self->task != NULL)
    {
      g_critical ("Model middleware %s finished without completing its call",
                  genkit_model_middleware_get_name (self->middleware));
      g_task_return_new_error (self->task, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                               "Model middleware %s never completed",
                               genkit_model_middleware_get_name (self->middleware));
      g_clear_object (&self->task);
    }
  g_clear_object (&self->middleware);
  g_clear_pointer (&self->chain, _gk_model_chain_unref);
  g_clear_pointer (&self->request, genkit_generate_request_unref);

  G_OBJECT_CLASS (genkit_model_middleware_call_parent_class)->finalize (object);
}

static void
genkit_model_middleware_call_class_init (GenkitModelMiddlewareCallClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_model_middleware_call_finalize;
}

static void
genkit_model_middleware_call_init (GenkitModelMiddlewareCall *self)
{
}

GenkitModelMiddlewareCall *
_genkit_model_middleware_call_new (GenkitModelMiddleware *middleware,
                                   GkModelChain          *chain,
                                   guint                  index,
                                   GenkitGenerateRequest *request,
                                   GTask                 *task)
{
  GenkitModelMiddlewareCall *self = g_object_new (GENKIT_TYPE_MODEL_MIDDLEWARE_CALL, NULL);

  self->middleware = g_object_ref (middleware);
  self->chain = _gk_model_chain_ref (chain);
  self->index = index;
  self->request = genkit_generate_request_ref (request);
  self->task = g_object_ref (task);
  return self;
}

/**
 * genkit_model_middleware_call_get_middleware:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 *
 * Gets the middleware being run.
 *
 * Returns: (transfer none): the middleware
 */
GenkitModelMiddleware *
genkit_model_middleware_call_get_middleware (GenkitModelMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self), NULL);
  return self->middleware;
}

/**
 * genkit_model_middleware_call_get_request:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 *
 * Gets the request this layer received (also given to the middleware function).
 *
 * Returns: (transfer none): the request
 */
GenkitGenerateRequest *
genkit_model_middleware_call_get_request (GenkitModelMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self), NULL);
  return self->request;
}

/**
 * genkit_model_middleware_call_get_registry:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 *
 * Gets the registry the model call happens in, to look up other models (fallback).
 *
 * Returns: (transfer none) (nullable): the registry
 */
GenkitRegistry *
genkit_model_middleware_call_get_registry (GenkitModelMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self), NULL);
  return _gk_model_chain_get_registry (self->chain);
}

/**
 * genkit_model_middleware_call_get_parent_run:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 *
 * Gets the run the model call is nested in (a generate turn, or whatever ran the model), so
 * actions the middleware runs itself are traced inside it.
 *
 * Returns: (transfer none) (nullable): the parent run, %NULL for a model run at the top level
 */
GenkitActionRun *
genkit_model_middleware_call_get_parent_run (GenkitModelMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self), NULL);
  return _gk_model_chain_get_parent (self->chain);
}

/**
 * genkit_model_middleware_call_get_context:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 *
 * Gets the action context of the call (`auth`, …).
 *
 * Returns: (transfer none): the context, `{}` when there is none
 */
JsonObject *
genkit_model_middleware_call_get_context (GenkitModelMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self), NULL);
  return _gk_model_chain_get_context (self->chain);
}

/**
 * genkit_model_middleware_call_get_cancellable:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 *
 * Gets the call's abort signal; pass it to whatever the middleware waits on.
 *
 * Returns: (transfer none) (nullable): the cancellable
 */
GCancellable *
genkit_model_middleware_call_get_cancellable (GenkitModelMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self), NULL);
  return _gk_model_chain_get_cancellable (self->chain);
}

/**
 * genkit_model_middleware_call_is_streaming:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 *
 * Tells whether the caller asked for streaming.
 *
 * Returns: whether chunks are wanted
 */
gboolean
genkit_model_middleware_call_is_streaming (GenkitModelMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self), FALSE);
  return _gk_model_chain_is_streaming (self->chain);
}

/**
 * genkit_model_middleware_call_send_chunk:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 * @chunk: a chunk to stream to the caller, as if the model had sent it
 *
 * Streams a chunk (Genkit's `options.onChunk` of a middleware with options).
 */
void
genkit_model_middleware_call_send_chunk (GenkitModelMiddlewareCall   *self,
                                         GenkitGenerateResponseChunk *chunk)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self));
  g_return_if_fail (chunk != NULL);

  node = genkit_generate_response_chunk_to_json (chunk);
  _gk_model_chain_send_chunk (self->chain, node);
}

static void
genkit_model_middleware_call_next_cb (GObject      *source,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  GenkitGenerateResponse *response;

  response = _gk_model_chain_run_finish (result, &error);
  if (response == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, response, (GDestroyNotify) genkit_generate_response_unref);
}

/**
 * genkit_model_middleware_call_next_async:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 * @request: (nullable): the request for the next layer; %NULL passes this layer's on
 * @callback: called when the rest of the chain (finally the model) completes
 * @user_data: data for @callback
 *
 * Runs the rest of the chain, Genkit's `next(req)`. May be called more than once; each time the
 * model runs again (and is traced again).
 */
void
genkit_model_middleware_call_next_async (GenkitModelMiddlewareCall *self,
                                         GenkitGenerateRequest     *request,
                                         GAsyncReadyCallback        callback,
                                         gpointer                   user_data)
{
  GTask *task;

  g_return_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, genkit_model_middleware_call_next_async);
  _gk_model_chain_run_async (self->chain, self->index + 1, request ? request : self->request,
                             genkit_model_middleware_call_next_cb, task);
}

/**
 * genkit_model_middleware_call_next_finish:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 * @result: the result given to the callback
 * @error: return location for the next layer's error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full): the response, or %NULL with @error set
 */
GenkitGenerateResponse *
genkit_model_middleware_call_next_finish (GenkitModelMiddlewareCall  *self,
                                          GAsyncResult               *result,
                                          GError                    **error)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_model_middleware_call_return_response:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 * @response: what this layer returns to its caller; a reference is taken
 *
 * Completes the call successfully.
 */
void
genkit_model_middleware_call_return_response (GenkitModelMiddlewareCall *self,
                                              GenkitGenerateResponse    *response)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self));
  g_return_if_fail (response != NULL);
  g_return_if_fail (self->task != NULL);

  task = g_steal_pointer (&self->task);
  g_task_return_pointer (task, genkit_generate_response_ref (response),
                         (GDestroyNotify) genkit_generate_response_unref);
}

/**
 * genkit_model_middleware_call_return_error:
 * @self: a [class@Genkit.ModelMiddlewareCall]
 * @error: (transfer full): the failure to report
 *
 * Completes the call with an error.
 */
void
genkit_model_middleware_call_return_error (GenkitModelMiddlewareCall *self,
                                           GError                    *error)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GENKIT_IS_MODEL_MIDDLEWARE_CALL (self));
  g_return_if_fail (error != NULL);
  g_return_if_fail (self->task != NULL);

  task = g_steal_pointer (&self->task);
  g_task_return_error (task, error);
}
