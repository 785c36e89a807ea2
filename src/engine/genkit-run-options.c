/* genkit-run-options.c — how one action run is made: context, parent, streaming, labels
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-run.h"
#include "genkit-input-channel.h"
#include "genkit-run-options.h"
#include "genkit-run-options-private.h"

/**
 * GenkitRunOptions:
 *
 * The options of one [method@Genkit.Action.run_async], Genkit's `ActionRunOptions`: the
 * action context (`auth` and friends), the run it is nested in, the streaming callback
 * (`onChunk`), a callback for the moment the trace starts, and telemetry labels copied onto
 * the root span. Reference counted; all fields optional.
 */

G_DEFINE_BOXED_TYPE (GenkitRunOptions, genkit_run_options, genkit_run_options_ref, genkit_run_options_unref)

/**
 * genkit_run_options_new:
 *
 * Creates empty options: no context, no parent, not streaming.
 *
 * Returns: (transfer full): empty options: no context, no parent, not streaming
 */
GenkitRunOptions *
genkit_run_options_new (void)
{
  GenkitRunOptions *self = g_new0 (GenkitRunOptions, 1);

  g_atomic_ref_count_init (&self->ref_count);
  return self;
}

/**
 * genkit_run_options_copy:
 * @self: (nullable): options to copy
 *
 * Makes new options with the same values (sharing the callbacks' data, whose destroy
 * notifications stay with @self).
 *
 * Returns: (transfer full): the copy; empty options when @self is %NULL
 */
GenkitRunOptions *
genkit_run_options_copy (GenkitRunOptions *self)
{
  GenkitRunOptions *copy = genkit_run_options_new ();

  if (self == NULL)
    return copy;

  genkit_run_options_set_context (copy, self->context);
  genkit_run_options_set_parent (copy, self->parent);
  genkit_run_options_set_telemetry_labels (copy, self->telemetry_labels);
  genkit_run_options_set_init (copy, self->init);
  genkit_run_options_set_input_channel (copy, self->input_channel);
  copy->stream_func = self->stream_func;
  copy->stream_data = self->stream_data;
  copy->started_func = self->started_func;
  copy->started_data = self->started_data;
  /* The copy borrows the callbacks' data: keep the original alive as long as the copy. */
  copy->source = genkit_run_options_ref (self);
  return copy;
}

/**
 * genkit_run_options_ref:
 * @self: options
 *
 * Gets @self with one more reference.
 *
 * Returns: (transfer full): @self with one more reference
 */
GenkitRunOptions *
genkit_run_options_ref (GenkitRunOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_run_options_unref:
 * @self: (transfer full): options
 *
 * Drops a reference; the last one frees the options and calls the destroy notifications.
 */
void
genkit_run_options_unref (GenkitRunOptions *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->context, json_object_unref);
  g_clear_pointer (&self->telemetry_labels, json_object_unref);
  g_clear_object (&self->parent);
  g_clear_pointer (&self->init, json_node_unref);
  g_clear_object (&self->input_channel);
  if (self->stream_destroy != NULL)
    self->stream_destroy (self->stream_data);
  if (self->started_destroy != NULL)
    self->started_destroy (self->started_data);
  g_clear_pointer (&self->source, genkit_run_options_unref);
  g_free (self);
}

/**
 * genkit_run_options_set_context:
 * @self: options
 * @context: (nullable): the action context, a free-form object whose conventional keys are
 *   `auth` (who is calling) and `secrets`
 *
 * Sets the context the action sees through [method@Genkit.ActionRun.get_context]. Without it a
 * nested run inherits its parent's context and a top-level run gets `{}`.
 */
void
genkit_run_options_set_context (GenkitRunOptions *self,
                                JsonObject       *context)
{
  g_return_if_fail (self != NULL);

  if (context != NULL)
    json_object_ref (context);
  g_clear_pointer (&self->context, json_object_unref);
  self->context = context;
}

/**
 * genkit_run_options_get_context:
 * @self: options
 *
 * Gets the context set, if any.
 *
 * Returns: (transfer none) (nullable): the context set, if any
 */
JsonObject *
genkit_run_options_get_context (GenkitRunOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->context;
}

/**
 * genkit_run_options_set_parent:
 * @self: options
 * @parent: (nullable): the run this one is nested in
 *
 * Makes the new run's span a child of @parent's span (same trace) and lets it inherit
 * @parent's context and registry.
 */
void
genkit_run_options_set_parent (GenkitRunOptions *self,
                               GenkitActionRun  *parent)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (parent == NULL || GENKIT_IS_ACTION_RUN (parent));

  g_set_object (&self->parent, parent);
}

/**
 * genkit_run_options_get_parent:
 * @self: options
 *
 * Gets the parent run, if any.
 *
 * Returns: (transfer none) (nullable): the parent run, if any
 */
GenkitActionRun *
genkit_run_options_get_parent (GenkitRunOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->parent;
}

/**
 * genkit_run_options_set_stream_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy): receives each
 *   chunk; %NULL for a non-streaming run
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the options are freed
 *
 * Asks for a streaming run (Genkit's `onChunk`): the action's chunks reach @func on the
 * caller's main context before the run completes.
 */
void
genkit_run_options_set_stream_func (GenkitRunOptions *self,
                                    GenkitStreamFunc  func,
                                    gpointer          user_data,
                                    GDestroyNotify    destroy)
{
  g_return_if_fail (self != NULL);

  if (self->stream_destroy != NULL)
    self->stream_destroy (self->stream_data);
  self->stream_func = func;
  self->stream_data = user_data;
  self->stream_destroy = destroy;
}

/**
 * genkit_run_options_get_streaming:
 * @self: options
 *
 * Tells whether a stream callback is set.
 *
 * Returns: whether a stream callback is set
 */
gboolean
genkit_run_options_get_streaming (GenkitRunOptions *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->stream_func != NULL;
}

/**
 * genkit_run_options_set_started_func:
 * @self: options
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy): called once when the
 *   run's span exists, before the action body runs
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data when the options are freed
 *
 * Lets the caller learn the trace and span ids as early as Genkit's `onTraceStart` does — the
 * reflection server sends its `X-Genkit-Trace-Id` header then. Not called when the input fails
 * validation (that happens before the span).
 */
void
genkit_run_options_set_started_func (GenkitRunOptions     *self,
                                     GenkitRunStartedFunc  func,
                                     gpointer              user_data,
                                     GDestroyNotify        destroy)
{
  g_return_if_fail (self != NULL);

  if (self->started_destroy != NULL)
    self->started_destroy (self->started_data);
  self->started_func = func;
  self->started_data = user_data;
  self->started_destroy = destroy;
}

/**
 * genkit_run_options_set_telemetry_labels:
 * @self: options
 * @labels: (nullable): an object of string → string, e.g. `{"batchRun": "label1"}`
 *
 * Labels copied verbatim as attributes onto the run's span (`telemetryLabels` of a
 * reflection `runAction` request).
 */
void
genkit_run_options_set_telemetry_labels (GenkitRunOptions *self,
                                         JsonObject       *labels)
{
  g_return_if_fail (self != NULL);

  if (labels != NULL)
    json_object_ref (labels);
  g_clear_pointer (&self->telemetry_labels, json_object_unref);
  self->telemetry_labels = labels;
}

/**
 * genkit_run_options_get_telemetry_labels:
 * @self: options
 *
 * Gets the labels set, if any.
 *
 * Returns: (transfer none) (nullable): the labels set, if any
 */
JsonObject *
genkit_run_options_get_telemetry_labels (GenkitRunOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->telemetry_labels;
}

/**
 * genkit_run_options_set_init:
 * @self: options
 * @init: (nullable): the initialization data, copied
 *
 * Sets the initialization data of a bidirectional run (`init` of a reflection `runAction`
 * request, Genkit's `ActionRunOptions.init`): an agent's `AgentInit`, which session or state
 * to start from. It is validated against the action's init schema
 * ([method@Genkit.Action.set_init_schema]) before the span starts and traced as
 * `genkit:init`.
 */
void
genkit_run_options_set_init (GenkitRunOptions *self,
                             JsonNode         *init)
{
  g_return_if_fail (self != NULL);

  if (init == self->init)
    return;
  g_clear_pointer (&self->init, json_node_unref);
  self->init = init ? json_node_copy (init) : NULL;
}

/**
 * genkit_run_options_get_init:
 * @self: options
 *
 * Gets the initialization data set, if any.
 *
 * Returns: (transfer none) (nullable): the initialization data
 */
JsonNode *
genkit_run_options_get_init (GenkitRunOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->init;
}

/**
 * genkit_run_options_set_input_channel:
 * @self: options
 * @channel: (nullable): where the run's inputs come from
 *
 * Makes the run bidirectional: instead of the one input given to the run, the action reads
 * the inputs sent to @channel ([method@Genkit.ActionRun.next_input_async]), each checked
 * against its input schema as it arrives. Genkit's `inputStream`.
 */
void
genkit_run_options_set_input_channel (GenkitRunOptions   *self,
                                      GenkitInputChannel *channel)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (channel == NULL || GENKIT_IS_INPUT_CHANNEL (channel));

  g_set_object (&self->input_channel, channel);
}

/**
 * genkit_run_options_get_input_channel:
 * @self: options
 *
 * Gets the input channel set, if any.
 *
 * Returns: (transfer none) (nullable): the input channel
 */
GenkitInputChannel *
genkit_run_options_get_input_channel (GenkitRunOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->input_channel;
}
