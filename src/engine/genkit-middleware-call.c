/* genkit-middleware-call.c — one invocation of an action middleware
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action.h"
#include "genkit-action-private.h"
#include "genkit-action-result.h"
#include "genkit-error.h"
#include "genkit-middleware-call.h"
#include "genkit-run-options.h"

/**
 * GenkitMiddlewareCall:
 *
 * What a [callback@Genkit.MiddlewareFunc] gets for one run: the action, the caller's options,
 * a way to run the rest of the chain ([method@Genkit.MiddlewareCall.next_async], Genkit's
 * `next(req, options)`) and the way to finish. A middleware completes its call exactly once
 * with [method@Genkit.MiddlewareCall.return_result] or
 * [method@Genkit.MiddlewareCall.return_error].
 *
 * ```c
 * static void
 * log_mw (GenkitMiddlewareCall *call, JsonNode *input, gpointer user_data)
 * {
 *   genkit_middleware_call_next_async (call, NULL, NULL, log_mw_next_cb, g_object_ref (call));
 * }
 *
 * static void
 * log_mw_next_cb (GObject *object, GAsyncResult *result, gpointer user_data)
 * {
 *   g_autoptr(GenkitMiddlewareCall) call = user_data;
 *   g_autoptr(GError) error = NULL;
 *   g_autoptr(GenkitActionResult) r = genkit_middleware_call_next_finish (call, result, &error);
 *
 *   if (r == NULL)
 *     genkit_middleware_call_return_error (call, g_steal_pointer (&error));
 *   else
 *     genkit_middleware_call_return_result (call, r);
 * }
 * ```
 */
struct _GenkitMiddlewareCall
{
  GObject           parent_instance;

  GenkitAction     *action;
  guint             index;
  JsonNode         *input;
  GenkitRunOptions *options;
  GCancellable     *cancellable;
  GTask            *task;
};

G_DEFINE_FINAL_TYPE (GenkitMiddlewareCall, genkit_middleware_call, G_TYPE_OBJECT)

static void
genkit_middleware_call_finalize (GObject *object)
{
  GenkitMiddlewareCall *self = GENKIT_MIDDLEWARE_CALL (object);

  if (self->task != NULL)
    {
      g_critical ("Middleware %u of %s finished without completing its call",
                  self->index, genkit_action_get_key (self->action));
      g_task_return_new_error (self->task, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                               "A middleware of %s never completed",
                               genkit_action_get_key (self->action));
      g_clear_object (&self->task);
    }
  g_clear_object (&self->action);
  g_clear_pointer (&self->input, json_node_unref);
  g_clear_pointer (&self->options, genkit_run_options_unref);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (genkit_middleware_call_parent_class)->finalize (object);
}

static void
genkit_middleware_call_class_init (GenkitMiddlewareCallClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_middleware_call_finalize;
}

static void
genkit_middleware_call_init (GenkitMiddlewareCall *self)
{
}

GenkitMiddlewareCall *
_genkit_middleware_call_new (GenkitAction     *action,
                             guint             index,
                             JsonNode         *input,
                             GenkitRunOptions *options,
                             GCancellable     *cancellable,
                             GTask            *task)
{
  GenkitMiddlewareCall *self = g_object_new (GENKIT_TYPE_MIDDLEWARE_CALL, NULL);

  self->action = g_object_ref (action);
  self->index = index;
  self->input = input ? json_node_copy (input) : NULL;
  self->options = options ? genkit_run_options_ref (options) : genkit_run_options_new ();
  self->cancellable = cancellable ? g_object_ref (cancellable) : NULL;
  self->task = g_object_ref (task);
  return self;
}

/**
 * genkit_middleware_call_get_action:
 * @self: a [class@Genkit.MiddlewareCall]
 *
 * Gets the action being run.
 *
 * Returns: (transfer none): the action being run
 */
GenkitAction *
genkit_middleware_call_get_action (GenkitMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MIDDLEWARE_CALL (self), NULL);
  return self->action;
}

/**
 * genkit_middleware_call_get_options:
 * @self: a [class@Genkit.MiddlewareCall]
 *
 * Gets the run options this layer was called with.
 *
 * Returns: (transfer none): the run options this layer was called with
 */
GenkitRunOptions *
genkit_middleware_call_get_options (GenkitMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MIDDLEWARE_CALL (self), NULL);
  return self->options;
}

/**
 * genkit_middleware_call_get_cancellable:
 * @self: a [class@Genkit.MiddlewareCall]
 *
 * Gets the run's cancellable.
 *
 * Returns: (transfer none) (nullable): the run's cancellable
 */
GCancellable *
genkit_middleware_call_get_cancellable (GenkitMiddlewareCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MIDDLEWARE_CALL (self), NULL);
  return self->cancellable;
}

/**
 * genkit_middleware_call_next_async:
 * @self: a [class@Genkit.MiddlewareCall]
 * @input: (nullable): the input for the next layer; %NULL passes the caller's input on
 * @options: (nullable): options for the next layer; %NULL passes this layer's on
 * @callback: called when the rest of the chain completes
 * @user_data: data for @callback
 *
 * Runs the rest of the chain: the next middleware, or the action itself (validation, span,
 * body). May be called more than once (a retry), each call making its own span.
 */
void
genkit_middleware_call_next_async (GenkitMiddlewareCall *self,
                                   JsonNode             *input,
                                   GenkitRunOptions     *options,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GENKIT_IS_MIDDLEWARE_CALL (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, genkit_middleware_call_next_async);

  _genkit_action_dispatch (self->action, self->index + 1,
                           input ? input : self->input,
                           options ? options : self->options,
                           self->cancellable, task);
}

/**
 * genkit_middleware_call_next_finish:
 * @self: a [class@Genkit.MiddlewareCall]
 * @result: the result given to the callback
 * @error: return location for the next layer's error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full): what the rest of the chain returned, or %NULL with @error set
 */
GenkitActionResult *
genkit_middleware_call_next_finish (GenkitMiddlewareCall  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (GENKIT_IS_MIDDLEWARE_CALL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_middleware_call_return_result:
 * @self: a [class@Genkit.MiddlewareCall]
 * @result: what this layer returns to its caller (often what the next layer returned)
 *
 * Completes the call successfully.
 */
void
genkit_middleware_call_return_result (GenkitMiddlewareCall *self,
                                      GenkitActionResult   *result)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GENKIT_IS_MIDDLEWARE_CALL (self));
  g_return_if_fail (result != NULL);
  g_return_if_fail (self->task != NULL);

  task = g_steal_pointer (&self->task);
  g_task_return_pointer (task, genkit_action_result_ref (result),
                         (GDestroyNotify) genkit_action_result_unref);
}

/**
 * genkit_middleware_call_return_error:
 * @self: a [class@Genkit.MiddlewareCall]
 * @error: (transfer full): the failure to report to the caller
 *
 * Completes the call with an error.
 */
void
genkit_middleware_call_return_error (GenkitMiddlewareCall *self,
                                     GError               *error)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GENKIT_IS_MIDDLEWARE_CALL (self));
  g_return_if_fail (error != NULL);
  g_return_if_fail (self->task != NULL);

  task = g_steal_pointer (&self->task);
  g_task_return_error (task, error);
}
