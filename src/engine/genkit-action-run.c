/* genkit-action-run.c — one run of an action in progress, as its body sees it
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action.h"
#include "genkit-action-private.h"
#include "genkit-action-result.h"
#include "genkit-action-run.h"
#include "genkit-error.h"
#include "genkit-input-channel.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"
#include "genkit-run-options-private.h"
#include "genkit-span.h"

/**
 * GenkitActionRun:
 *
 * What an action's body gets: the action context (`auth`…), the run's span, a cancellable,
 * the streaming callback and the way to finish. Genkit's `ActionFnArg` in C.
 *
 * The body completes the run exactly once with [method@Genkit.ActionRun.return_value] or
 * [method@Genkit.ActionRun.return_error], now or later. When the run's cancellable fires the
 * run completes at once with `CANCELLED` (the body should stop its work; whatever it returns
 * afterwards is dropped).
 *
 * ```c
 * static void
 * greet_cb (GenkitActionRun *run, JsonNode *input, gpointer user_data)
 * {
 *   g_autofree char *text = g_strdup_printf ("Hello, %s!", json_node_get_string (input));
 *
 *   genkit_action_run_return_value (run, json_node_init_string (json_node_alloc (), text));
 * }
 * ```
 *
 * Steps ([func@Genkit.run]) and nested action calls ([method@Genkit.ActionRun.call_async])
 * take the run as their parent, so their spans nest under it.
 */
struct _GenkitActionRun
{
  GObject                parent_instance;

  /* Owned references */
  GenkitAction          *action;       /* NULL for a step */
  GenkitRegistry        *registry;
  GenkitSpan            *span;
  JsonObject            *context;
  GCancellable          *cancellable;
  GenkitRunOptions      *stream_options;
  GenkitActionRun       *stream_parent;
  GMainContext          *main_context;
  JsonNode              *input;        /* the run's input, until next_input took it */
  JsonNode              *init;
  GenkitInputChannel    *input_channel;

  GenkitRunCompleteFunc  complete;
  gpointer               complete_data;
  GDestroyNotify         complete_destroy;

  gulong                 cancelled_id;
  guint                  completed : 1;
  guint                  completed_by_cancel : 1;
};

G_DEFINE_FINAL_TYPE (GenkitActionRun, genkit_action_run, G_TYPE_OBJECT)

static void
genkit_action_run_disconnect_cancellable (GenkitActionRun *self)
{
  if (self->cancelled_id != 0)
    {
      g_cancellable_disconnect (self->cancellable, self->cancelled_id);
      self->cancelled_id = 0;
    }
}

static void
genkit_action_run_finalize (GObject *object)
{
  GenkitActionRun *self = GENKIT_ACTION_RUN (object);

  genkit_action_run_disconnect_cancellable (self);
  if (self->complete_destroy != NULL)
    self->complete_destroy (self->complete_data);
  g_clear_object (&self->action);
  g_clear_object (&self->registry);
  g_clear_object (&self->span);
  g_clear_pointer (&self->context, json_object_unref);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->stream_options, genkit_run_options_unref);
  g_clear_object (&self->stream_parent);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->input, json_node_unref);
  g_clear_pointer (&self->init, json_node_unref);
  g_clear_object (&self->input_channel);

  G_OBJECT_CLASS (genkit_action_run_parent_class)->finalize (object);
}

static void
genkit_action_run_class_init (GenkitActionRunClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_action_run_finalize;
}

static void
genkit_action_run_init (GenkitActionRun *self)
{
}

static void
genkit_action_run_complete (GenkitActionRun *self,
                            JsonNode        *value,
                            const GError    *error)
{
  g_autoptr(GenkitActionRun) hold = g_object_ref (self);

  self->completed = TRUE;
  genkit_action_run_disconnect_cancellable (self);
  self->complete (self, value, error, self->complete_data);
}

static gboolean
genkit_action_run_cancelled_idle_cb (gpointer user_data)
{
  GenkitActionRun *self = user_data;

  if (!self->completed)
    {
      g_autoptr(GError) error = g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_CANCELLED,
                                                     "Action was cancelled");
      self->completed_by_cancel = TRUE;
      genkit_action_run_complete (self, NULL, error);
    }
  return G_SOURCE_REMOVE;
}

/* The cancellable may fire on any thread, and disconnecting inside its handler deadlocks:
 * complete from an idle on the run's own main context instead. */
static void
genkit_action_run_cancelled_cb (GCancellable *cancellable,
                                gpointer      user_data)
{
  GenkitActionRun *self = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, genkit_action_run_cancelled_idle_cb,
                         g_object_ref (self), g_object_unref);
  g_source_set_name (source, "[genkit] action run cancelled");
  g_source_attach (source, self->main_context);
  g_source_unref (source);
}

GenkitActionRun *
_genkit_action_run_new (GenkitAction          *action,
                        GenkitRegistry        *registry,
                        GenkitSpan            *span,
                        JsonObject            *context,
                        GCancellable          *cancellable,
                        GenkitRunOptions      *stream_options,
                        GenkitActionRun       *stream_parent,
                        GenkitRunCompleteFunc  complete,
                        gpointer               complete_data,
                        GDestroyNotify         complete_destroy)
{
  GenkitActionRun *self = g_object_new (GENKIT_TYPE_ACTION_RUN, NULL);

  self->action = action ? g_object_ref (action) : NULL;
  self->registry = registry ? g_object_ref (registry) : NULL;
  self->span = g_object_ref (span);
  self->context = context ? json_object_ref (context) : json_object_new ();
  self->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  self->stream_options = stream_options ? genkit_run_options_ref (stream_options) : NULL;
  self->stream_parent = stream_parent ? g_object_ref (stream_parent) : NULL;
  self->main_context = g_main_context_ref_thread_default ();
  self->complete = complete;
  self->complete_data = complete_data;
  self->complete_destroy = complete_destroy;
  self->cancelled_id = g_cancellable_connect (self->cancellable,
                                              G_CALLBACK (genkit_action_run_cancelled_cb),
                                              self, NULL);
  return self;
}

void
_genkit_action_run_set_inputs (GenkitActionRun    *run,
                               JsonNode           *input,
                               JsonNode           *init,
                               GenkitInputChannel *channel)
{
  g_clear_pointer (&run->input, json_node_unref);
  g_clear_pointer (&run->init, json_node_unref);
  run->input = input ? json_node_copy (input) : json_node_new (JSON_NODE_NULL);
  run->init = init ? json_node_copy (init) : NULL;
  g_set_object (&run->input_channel, channel);
}

/**
 * genkit_action_run_get_action:
 * @self: a [class@Genkit.ActionRun]
 *
 * Gets the action being run; %NULL inside a step.
 *
 * Returns: (transfer none) (nullable): the action being run; %NULL inside a step
 */
GenkitAction *
genkit_action_run_get_action (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), NULL);
  return self->action;
}

/**
 * genkit_action_run_get_registry:
 * @self: a [class@Genkit.ActionRun]
 *
 * Gets the registry of the action (or of the outermost run), for looking up other actions; %NULL
 * for an action that was never registered.
 *
 * Returns: (transfer none) (nullable): the registry of the action (or of the outermost run),
 *   for looking up other actions; %NULL for an action that was never registered
 */
GenkitRegistry *
genkit_action_run_get_registry (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), NULL);
  return self->registry;
}

/**
 * genkit_action_run_get_context:
 * @self: a [class@Genkit.ActionRun]
 *
 * The action context (`ActionContext` in `js/core/src/context.ts`): a free-form object whose
 * conventional keys are `auth` and `secrets`. Nested runs inherit it.
 *
 * Returns: (transfer none): the context, `{}` when the caller gave none
 */
JsonObject *
genkit_action_run_get_context (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), NULL);
  return self->context;
}

/**
 * genkit_action_run_get_span:
 * @self: a [class@Genkit.ActionRun]
 *
 * Gets the run's span; set attributes on it while running.
 *
 * Returns: (transfer none): the run's span; set attributes on it while running
 */
GenkitSpan *
genkit_action_run_get_span (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), NULL);
  return self->span;
}

/**
 * genkit_action_run_get_trace_id:
 * @self: a [class@Genkit.ActionRun]
 *
 * Gets the id of the trace this run belongs to.
 *
 * Returns: (transfer none): the id of the trace this run belongs to
 */
const char *
genkit_action_run_get_trace_id (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), NULL);
  return genkit_span_get_trace_id (self->span);
}

/**
 * genkit_action_run_get_cancellable:
 * @self: a [class@Genkit.ActionRun]
 *
 * The run's abort signal: pass it to everything the body waits on (HTTP requests, timers) so
 * a cancelled run stops its work.
 *
 * Returns: (transfer none): the cancellable
 */
GCancellable *
genkit_action_run_get_cancellable (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), NULL);
  return self->cancellable;
}

/**
 * genkit_action_run_is_streaming:
 * @self: a [class@Genkit.ActionRun]
 *
 * Genkit's `streamingRequested`: whether the caller wants chunks. Sending chunks when nobody
 * listens is allowed and cheap.
 *
 * Returns: whether a stream callback is waiting for chunks
 */
gboolean
genkit_action_run_is_streaming (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), FALSE);

  if (self->stream_options != NULL && self->stream_options->stream_func != NULL)
    return TRUE;
  return self->stream_parent != NULL && genkit_action_run_is_streaming (self->stream_parent);
}

/**
 * genkit_action_run_is_completed:
 * @self: a [class@Genkit.ActionRun]
 *
 * Tells whether the run has completed (returned, failed, or was cancelled).
 *
 * Returns: whether the run has completed (returned, failed, or was cancelled)
 */
gboolean
genkit_action_run_is_completed (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), TRUE);
  return self->completed;
}

/**
 * genkit_action_run_send_chunk:
 * @self: a [class@Genkit.ActionRun]
 * @chunk: (transfer none): one chunk
 *
 * Streams a chunk to the caller (Genkit's `sendChunk`). Call it on the main context the run
 * was started on; chunks sent after the run completed are dropped.
 */
void
genkit_action_run_send_chunk (GenkitActionRun *self,
                              JsonNode        *chunk)
{
  g_return_if_fail (GENKIT_IS_ACTION_RUN (self));
  g_return_if_fail (chunk != NULL);

  if (self->completed)
    return;

  if (self->stream_options != NULL && self->stream_options->stream_func != NULL)
    self->stream_options->stream_func (chunk, self->stream_options->stream_data);
  else if (self->stream_parent != NULL)
    genkit_action_run_send_chunk (self->stream_parent, chunk);
}

static gboolean
genkit_action_run_check_completable (GenkitActionRun *self)
{
  if (!self->completed)
    return TRUE;
  if (!self->completed_by_cancel)
    g_critical ("Action run %s completed twice", genkit_span_get_name (self->span));
  return FALSE;
}

/**
 * genkit_action_run_return_value:
 * @self: a [class@Genkit.ActionRun]
 * @value: (transfer full) (nullable): the output; %NULL when the action returns nothing
 *
 * Completes the run successfully. The output is recorded as `genkit:output` and checked
 * against the action's output schema.
 */
void
genkit_action_run_return_value (GenkitActionRun *self,
                                JsonNode        *value)
{
  g_autoptr(JsonNode) owned = value;

  g_return_if_fail (GENKIT_IS_ACTION_RUN (self));

  if (genkit_action_run_check_completable (self))
    genkit_action_run_complete (self, owned, NULL);
}

/**
 * genkit_action_run_return_error:
 * @self: a [class@Genkit.ActionRun]
 * @error: (transfer full): why the run failed; use [const@Genkit.ERROR] codes so callers (and
 *   the reflection API) see the right status
 *
 * Completes the run with an error; the span records it.
 */
void
genkit_action_run_return_error (GenkitActionRun *self,
                                GError          *error)
{
  g_autoptr(GError) owned = error;

  g_return_if_fail (GENKIT_IS_ACTION_RUN (self));
  g_return_if_fail (error != NULL);

  if (genkit_action_run_check_completable (self))
    genkit_action_run_complete (self, NULL, owned);
}

/**
 * genkit_action_run_return_new_error:
 * @self: a [class@Genkit.ActionRun]
 * @code: a [enum@Genkit.Error] code
 * @format: printf-style message format
 * @...: the format's arguments
 *
 * Completes the run with a new error in [const@Genkit.ERROR].
 */
void
genkit_action_run_return_new_error (GenkitActionRun *self,
                                    GenkitError      code,
                                    const char      *format,
                                    ...)
{
  va_list args;
  GError *error;

  g_return_if_fail (GENKIT_IS_ACTION_RUN (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  error = g_error_new_valist (GENKIT_ERROR, code, format, args);
  va_end (args);

  genkit_action_run_return_error (self, error);
}

/**
 * genkit_action_run_return_error_if_cancelled:
 * @self: a [class@Genkit.ActionRun]
 *
 * For bodies that work in slices: if the run was cancelled, makes sure it is completed with
 * `CANCELLED` and tells the body to stop.
 *
 * Returns: %TRUE if the run was cancelled (the body must not complete it again)
 */
gboolean
genkit_action_run_return_error_if_cancelled (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), TRUE);

  if (!g_cancellable_is_cancelled (self->cancellable))
    return self->completed && self->completed_by_cancel;

  if (!self->completed)
    {
      g_autoptr(GError) error = g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_CANCELLED,
                                                     "Action was cancelled");
      self->completed_by_cancel = TRUE;
      genkit_action_run_complete (self, NULL, error);
    }
  return TRUE;
}

/**
 * genkit_action_run_get_init:
 * @self: a [class@Genkit.ActionRun]
 *
 * Gets the initialization data of a bidirectional run ([method@Genkit.RunOptions.set_init]),
 * already checked against the action's init schema: an agent's `AgentInit`.
 *
 * Returns: (transfer none) (nullable): the init data, %NULL when the caller gave none
 */
JsonNode *
genkit_action_run_get_init (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), NULL);
  return self->init;
}

/**
 * genkit_action_run_is_bidi:
 * @self: a [class@Genkit.ActionRun]
 *
 * Tells whether the caller streams inputs into the run through an input channel
 * ([method@Genkit.RunOptions.set_input_channel]) rather than giving it one input.
 *
 * Returns: %TRUE if the inputs come from a channel
 */
gboolean
genkit_action_run_is_bidi (GenkitActionRun *self)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), FALSE);
  return self->input_channel != NULL;
}

static void
genkit_action_run_next_input_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitActionRun *self = g_task_get_source_object (task);
  g_autoptr(JsonNode) input = NULL;
  GError *error = NULL;

  input = genkit_input_channel_receive_finish (GENKIT_INPUT_CHANNEL (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (input != NULL && self->action != NULL &&
      !genkit_action_validate_input (self->action, input, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&input), (GDestroyNotify) json_node_unref);
}

/**
 * genkit_action_run_next_input_async:
 * @self: a [class@Genkit.ActionRun]
 * @callback: called with the next input or at the end of the inputs
 * @user_data: data for @callback
 *
 * Reads the run's inputs one at a time, Genkit's `for await (const input of inputStream)`: a
 * run started with an input channel gets each input sent to it (checked against the action's
 * input schema) until the channel is closed; any other run gets its one input, then the end.
 * Waiting stops when the run is cancelled.
 */
void
genkit_action_run_next_input_async (GenkitActionRun     *self,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GENKIT_IS_ACTION_RUN (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, genkit_action_run_next_input_async);

  if (self->input_channel != NULL)
    {
      genkit_input_channel_receive_async (self->input_channel, self->cancellable,
                                          genkit_action_run_next_input_cb,
                                          g_steal_pointer (&task));
      return;
    }

  /* One input, then the end. */
  g_task_return_pointer (task, g_steal_pointer (&self->input), (GDestroyNotify) json_node_unref);
}

/**
 * genkit_action_run_next_input_finish:
 * @self: a [class@Genkit.ActionRun]
 * @result: the result given to the callback
 * @error: return location for an error: `INVALID_ARGUMENT` for an input that fails the input
 *   schema, the channel's failure, or `G_IO_ERROR_CANCELLED`
 *
 * Finishes [method@Genkit.ActionRun.next_input_async].
 *
 * Returns: (transfer full) (nullable): the next input, or %NULL at the end of the inputs
 *   (@error unset) or on failure (@error set)
 */
JsonNode *
genkit_action_run_next_input_finish (GenkitActionRun  *self,
                                     GAsyncResult     *result,
                                     GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Nested action calls ---------------------------------------------------------------------- */

typedef struct
{
  char             *key;
  JsonNode         *input;
  GenkitRunOptions *options;
} CallState;

static void
call_state_free (CallState *state)
{
  g_free (state->key);
  g_clear_pointer (&state->input, json_node_unref);
  g_clear_pointer (&state->options, genkit_run_options_unref);
  g_free (state);
}

static void
genkit_action_run_call_run_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *output;

  action_result = genkit_action_run_finish (GENKIT_ACTION (object), result, &error);
  if (action_result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  output = genkit_action_result_get_result (action_result);
  g_task_return_pointer (task, output ? json_node_copy (output) : NULL,
                         (GDestroyNotify) json_node_unref);
}

static void
genkit_action_run_call_lookup_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallState *state = g_task_get_task_data (task);
  g_autoptr(GenkitAction) action = NULL;
  g_autoptr(GError) error = NULL;

  action = genkit_registry_lookup_action_finish (GENKIT_REGISTRY (object), result, &error);
  if (action == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  genkit_action_run_async (action, state->input, state->options,
                           g_task_get_cancellable (task),
                           genkit_action_run_call_run_cb, g_object_ref (task));
}

/**
 * genkit_action_run_call_async:
 * @self: the calling run
 * @key: the key of the action to call, such as `/tool/add`
 * @input: (nullable): the input
 * @on_chunk: (nullable) (scope notified) (closure chunk_data): receives the called action's
 *   chunks; %NULL runs it without streaming
 * @chunk_data: data for @on_chunk
 * @callback: called when the called action completes
 * @user_data: data for @callback
 *
 * Looks the action up in the run's registry and runs it nested in @self: its span is a child
 * of @self's span, it sees @self's context and stops when @self is cancelled.
 */
void
genkit_action_run_call_async (GenkitActionRun     *self,
                              const char          *key,
                              JsonNode            *input,
                              GenkitStreamFunc     on_chunk,
                              gpointer             chunk_data,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  CallState *state;

  g_return_if_fail (GENKIT_IS_ACTION_RUN (self));
  g_return_if_fail (key != NULL);

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_action_run_call_async);

  if (self->registry == NULL)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                               "Cannot call %s: the running action is not in a registry", key);
      return;
    }

  state = g_new0 (CallState, 1);
  state->key = g_strdup (key);
  state->input = input ? json_node_copy (input) : NULL;
  state->options = genkit_run_options_new ();
  genkit_run_options_set_parent (state->options, self);
  if (on_chunk != NULL)
    genkit_run_options_set_stream_func (state->options, on_chunk, chunk_data, NULL);
  g_task_set_task_data (task, state, (GDestroyNotify) call_state_free);

  genkit_registry_lookup_action_async (self->registry, key, self->cancellable,
                                       genkit_action_run_call_lookup_cb, g_steal_pointer (&task));
}

/**
 * genkit_action_run_call_finish:
 * @self: the calling run
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` for an unknown key, or the called
 *   action's own error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full) (nullable): the called action's output; %NULL with @error unset when
 *   it returned nothing
 */
JsonNode *
genkit_action_run_call_finish (GenkitActionRun  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Steps ------------------------------------------------------------------------------------ */

static GenkitSpan *
genkit_run_start_step_span (GenkitActionRun *parent,
                            const char      *name)
{
  g_autoptr(JsonObject) attributes = json_object_new ();
  GenkitTracer *tracer = parent->registry ? genkit_registry_get_tracer (parent->registry)
                                          : _genkit_default_tracer ();

  json_object_set_string_member (attributes, "genkit:type", "flowStep");
  return genkit_tracer_start_span (tracer, parent->span, name, attributes);
}

static void
genkit_run_end_step_span (GenkitSpan   *span,
                          JsonNode     *input,
                          JsonNode     *output,
                          const GError *error)
{
  genkit_span_set_json_attribute (span, "genkit:input", input);
  if (error != NULL)
    genkit_span_record_error (span, error);
  else
    genkit_span_set_json_attribute (span, "genkit:output", output);
  genkit_span_end (span);
}

static void
genkit_run_sync_complete (GenkitActionRun *run,
                          JsonNode        *value,
                          const GError    *error,
                          gpointer         user_data)
{
  /* A synchronous step reports through its function's return value, not its run. */
}

/**
 * genkit_run:
 * @parent: the run of the flow (or step) the step belongs to
 * @name: the step's name, e.g. `fetch-weather`
 * @input: (nullable): the step's input, recorded on its span
 * @func: (scope call): the step's body
 * @user_data: data for @func
 * @error: return location for the step's error
 *
 * Runs a named step inside a flow, Genkit's `ai.run(name, input, fn)`: @func runs now, in a
 * child span of @parent's span with `genkit:type` `flowStep`, its input and output recorded.
 * For a step that waits on I/O use [func@Genkit.run_async].
 *
 * Returns: (transfer full) (nullable): the step's output; %NULL with @error set on failure
 */
JsonNode *
genkit_run (GenkitActionRun  *parent,
            const char       *name,
            JsonNode         *input,
            GenkitStepFunc    func,
            gpointer          user_data,
            GError          **error)
{
  g_autoptr(GenkitSpan) span = NULL;
  g_autoptr(GenkitActionRun) step = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) output = NULL;

  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (parent), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  span = genkit_run_start_step_span (parent, name);
  step = _genkit_action_run_new (NULL, parent->registry, span, parent->context,
                                 parent->cancellable, NULL, parent,
                                 genkit_run_sync_complete, NULL, NULL);

  output = func (step, input, user_data, &local_error);
  genkit_run_end_step_span (span, input, output, local_error);
  step->completed = TRUE;

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  return g_steal_pointer (&output);
}

typedef struct
{
  GTask          *task;
  JsonNode       *input;
  gpointer        func_data;
  GDestroyNotify  func_data_destroy;
} StepState;

static void
step_state_free (StepState *state)
{
  g_clear_object (&state->task);
  g_clear_pointer (&state->input, json_node_unref);
  if (state->func_data_destroy != NULL)
    state->func_data_destroy (state->func_data);
  g_free (state);
}

static void
genkit_run_async_complete (GenkitActionRun *run,
                           JsonNode        *value,
                           const GError    *error,
                           gpointer         user_data)
{
  StepState *state = user_data;

  genkit_run_end_step_span (run->span, state->input, value, error);
  if (error != NULL)
    g_task_return_error (state->task, g_error_copy (error));
  else
    g_task_return_pointer (state->task, value ? json_node_copy (value) : NULL,
                           (GDestroyNotify) json_node_unref);
}

/**
 * genkit_run_async:
 * @parent: the run of the flow (or step) the step belongs to
 * @name: the step's name
 * @input: (nullable): the step's input, recorded on its span and given to @func
 * @func: (scope notified) (closure func_data) (destroy func_data_destroy): the step's body;
 *   it completes the step's run like an action body
 * @func_data: data for @func
 * @func_data_destroy: (nullable): frees @func_data when the step is done
 * @callback: called when the step completes
 * @user_data: data for @callback
 *
 * The asynchronous form of [func@Genkit.run], for a step that waits (an HTTP call, a timer).
 */
void
genkit_run_async (GenkitActionRun     *parent,
                  const char          *name,
                  JsonNode            *input,
                  GenkitActionFunc     func,
                  gpointer             func_data,
                  GDestroyNotify       func_data_destroy,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  g_autoptr(GenkitSpan) span = NULL;
  g_autoptr(GenkitActionRun) step = NULL;
  StepState *state;

  g_return_if_fail (GENKIT_IS_ACTION_RUN (parent));
  g_return_if_fail (name != NULL);
  g_return_if_fail (func != NULL);

  state = g_new0 (StepState, 1);
  state->task = g_task_new (parent, parent->cancellable, callback, user_data);
  g_task_set_source_tag (state->task, genkit_run_async);
  state->input = input ? json_node_copy (input) : NULL;
  state->func_data = func_data;
  state->func_data_destroy = func_data_destroy;

  span = genkit_run_start_step_span (parent, name);
  step = _genkit_action_run_new (NULL, parent->registry, span, parent->context,
                                 parent->cancellable, NULL, parent,
                                 genkit_run_async_complete, state,
                                 (GDestroyNotify) step_state_free);
  func (step, state->input, func_data);
}

/**
 * genkit_run_finish:
 * @parent: the run given to [func@Genkit.run_async]
 * @result: the result given to the callback
 * @error: return location for the step's error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full) (nullable): the step's output
 */
JsonNode *
genkit_run_finish (GenkitActionRun  *parent,
                   GAsyncResult     *result,
                   GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (parent), NULL);
  g_return_val_if_fail (g_task_is_valid (result, parent), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
