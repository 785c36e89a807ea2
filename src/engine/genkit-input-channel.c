/* genkit-input-channel.c — the input stream of a bidirectional action run
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-error.h"
#include "genkit-input-channel.h"

/**
 * GenkitInputChannel:
 *
 * The input side of a bidirectional action run: Genkit's `inputStream` (the `Channel` of
 * `js/core/src/async.ts` that `streamBidi()` and the reflection API's `sendInputStreamChunk`
 * feed). A caller that wants to send several inputs to one run (an agent answering turn after
 * turn) gives a channel to [method@Genkit.RunOptions.set_input_channel], sends inputs with
 * [method@Genkit.InputChannel.send] and ends the stream with
 * [method@Genkit.InputChannel.close]; the action body reads them one by one with
 * [method@Genkit.ActionRun.next_input_async].
 *
 * A run without a channel has one input, the one given to the run.
 *
 * Everything happens on the main context the channel was made on.
 */
struct _GenkitInputChannel
{
  GObject   parent_instance;

  GQueue    inputs;      /* of JsonNode, owned */
  GQueue    waiters;     /* of Waiter, owned */
  GError   *error;       /* set by _fail () */
  gboolean  closed;
};

G_DEFINE_FINAL_TYPE (GenkitInputChannel, genkit_input_channel, G_TYPE_OBJECT)

typedef struct
{
  GTask        *task;
  GCancellable *cancellable;
  gulong        cancelled_id;
} Waiter;

static void
waiter_free (Waiter *waiter)
{
  if (waiter->cancelled_id != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->cancelled_id);
  g_clear_object (&waiter->cancellable);
  g_clear_object (&waiter->task);
  g_free (waiter);
}

static void
genkit_input_channel_flush_waiters (GenkitInputChannel *self)
{
  Waiter *waiter;

  while ((waiter = g_queue_peek_head (&self->waiters)) != NULL)
    {
      JsonNode *input = g_queue_pop_head (&self->inputs);

      if (input != NULL)
        g_task_return_pointer (waiter->task, input, (GDestroyNotify) json_node_unref);
      else if (self->error != NULL)
        g_task_return_error (waiter->task, g_error_copy (self->error));
      else if (self->closed)
        g_task_return_pointer (waiter->task, NULL, NULL);
      else
        break;
      g_queue_pop_head (&self->waiters);
      waiter_free (waiter);
    }
}

static void
genkit_input_channel_dispose (GObject *object)
{
  GenkitInputChannel *self = GENKIT_INPUT_CHANNEL (object);

  /* Nobody can send any more: whoever waits learns that the stream ended. */
  self->closed = TRUE;
  genkit_input_channel_flush_waiters (self);

  G_OBJECT_CLASS (genkit_input_channel_parent_class)->dispose (object);
}

static void
genkit_input_channel_finalize (GObject *object)
{
  GenkitInputChannel *self = GENKIT_INPUT_CHANNEL (object);

  g_queue_clear_full (&self->inputs, (GDestroyNotify) json_node_unref);
  g_queue_clear_full (&self->waiters, (GDestroyNotify) waiter_free);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (genkit_input_channel_parent_class)->finalize (object);
}

static void
genkit_input_channel_class_init (GenkitInputChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_input_channel_dispose;
  object_class->finalize = genkit_input_channel_finalize;
}

static void
genkit_input_channel_init (GenkitInputChannel *self)
{
  g_queue_init (&self->inputs);
  g_queue_init (&self->waiters);
}

/**
 * genkit_input_channel_new:
 *
 * Creates an open, empty channel.
 *
 * Returns: (transfer full): a new channel
 */
GenkitInputChannel *
genkit_input_channel_new (void)
{
  return g_object_new (GENKIT_TYPE_INPUT_CHANNEL, NULL);
}

/**
 * genkit_input_channel_send:
 * @self: a [class@Genkit.InputChannel]
 * @input: (transfer none): the next input; it is copied
 *
 * Queues one input for the run. Inputs sent after the channel was closed or failed are
 * dropped.
 *
 * Returns: %TRUE if the input was queued
 */
gboolean
genkit_input_channel_send (GenkitInputChannel *self,
                           JsonNode           *input)
{
  g_return_val_if_fail (GENKIT_IS_INPUT_CHANNEL (self), FALSE);
  g_return_val_if_fail (input != NULL, FALSE);

  if (self->closed || self->error != NULL)
    return FALSE;

  g_queue_push_tail (&self->inputs, json_node_copy (input));
  genkit_input_channel_flush_waiters (self);
  return TRUE;
}

/**
 * genkit_input_channel_close:
 * @self: a [class@Genkit.InputChannel]
 *
 * Ends the stream: once the queued inputs are read, the reader learns that no more will come
 * (Genkit's `endInputStream`).
 */
void
genkit_input_channel_close (GenkitInputChannel *self)
{
  g_return_if_fail (GENKIT_IS_INPUT_CHANNEL (self));

  if (self->closed)
    return;
  self->closed = TRUE;
  genkit_input_channel_flush_waiters (self);
}

/**
 * genkit_input_channel_fail:
 * @self: a [class@Genkit.InputChannel]
 * @error: why the stream broke (a lost connection)
 *
 * Ends the stream with an error: once the queued inputs are read, the reader gets @error
 * instead of waiting for more.
 */
void
genkit_input_channel_fail (GenkitInputChannel *self,
                           const GError       *error)
{
  g_return_if_fail (GENKIT_IS_INPUT_CHANNEL (self));
  g_return_if_fail (error != NULL);

  if (self->closed || self->error != NULL)
    return;
  self->error = g_error_copy (error);
  genkit_input_channel_flush_waiters (self);
}

/**
 * genkit_input_channel_is_closed:
 * @self: a [class@Genkit.InputChannel]
 *
 * Tells whether the stream was closed or failed (queued inputs may still be waiting to be
 * read).
 *
 * Returns: %TRUE if no more inputs can be sent
 */
gboolean
genkit_input_channel_is_closed (GenkitInputChannel *self)
{
  g_return_val_if_fail (GENKIT_IS_INPUT_CHANNEL (self), TRUE);
  return self->closed || self->error != NULL;
}

/**
 * genkit_input_channel_get_n_queued:
 * @self: a [class@Genkit.InputChannel]
 *
 * Counts the inputs sent and not yet read.
 *
 * Returns: the number of queued inputs
 */
guint
genkit_input_channel_get_n_queued (GenkitInputChannel *self)
{
  g_return_val_if_fail (GENKIT_IS_INPUT_CHANNEL (self), 0);
  return g_queue_get_length (&self->inputs);
}

static gboolean
genkit_input_channel_receive_cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  GenkitInputChannel *self = g_task_get_source_object (task);

  /* Still waiting (no input came meanwhile): stop. */
  for (GList *l = self->waiters.head; l != NULL; l = l->next)
    {
      Waiter *waiter = l->data;

      if (waiter->task == task)
        {
          g_queue_delete_link (&self->waiters, l);
          g_task_return_error_if_cancelled (task);
          waiter_free (waiter);
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

/* The cancellable may fire on any thread, and disconnecting inside its handler deadlocks:
 * finish from an idle on the task's own context. */
static void
genkit_input_channel_receive_cancelled_cb (GCancellable *cancellable,
                                           gpointer      user_data)
{
  GTask *task = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, genkit_input_channel_receive_cancelled_idle_cb,
                         g_object_ref (task), g_object_unref);
  g_source_set_name (source, "[genkit] input channel wait cancelled");
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

/**
 * genkit_input_channel_receive_async:
 * @self: a [class@Genkit.InputChannel]
 * @cancellable: (nullable): stops waiting
 * @callback: called with the next input, at the end of the stream or on failure
 * @user_data: data for @callback
 *
 * Waits for the next input. Readers are served in the order they asked.
 */
void
genkit_input_channel_receive_async (GenkitInputChannel  *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (GENKIT_IS_INPUT_CHANNEL (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_input_channel_receive_async);

  if (g_task_return_error_if_cancelled (task))
    return;

  waiter = g_new0 (Waiter, 1);
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->cancelled_id =
        g_cancellable_connect (cancellable, G_CALLBACK (genkit_input_channel_receive_cancelled_cb),
                               waiter->task, NULL);
    }
  g_queue_push_tail (&self->waiters, waiter);
  genkit_input_channel_flush_waiters (self);
}

/**
 * genkit_input_channel_receive_finish:
 * @self: a [class@Genkit.InputChannel]
 * @result: the result given to the callback
 * @error: return location for the channel's failure, or `G_IO_ERROR_CANCELLED`
 *
 * Finishes [method@Genkit.InputChannel.receive_async].
 *
 * Returns: (transfer full) (nullable): the next input, or %NULL at the end of the stream
 *   (@error unset) or on failure (@error set)
 */
JsonNode *
genkit_input_channel_receive_finish (GenkitInputChannel  *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (GENKIT_IS_INPUT_CHANNEL (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
