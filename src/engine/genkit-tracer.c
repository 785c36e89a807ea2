/* genkit-tracer.c — makes spans and hands them to span processors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-span.h"
#include "genkit-span-private.h"
#include "genkit-tracer.h"

/**
 * GenkitTracer:
 *
 * Makes the spans of action runs (Genkit's OpenTelemetry tracer `genkit-tracer`, version `v1`)
 * and hands each one to its span processors when it starts and when it ends. Every
 * [class@Genkit.Registry] has one; add processors to it to store, show or export traces.
 *
 * Ids are random: 32 lowercase hex digits for a trace, 16 for a span, as in OpenTelemetry.
 */
struct _GenkitTracer
{
  GObject    parent_instance;

  GPtrArray *processors;  /* owned GenkitSpanProcessor */
};

G_DEFINE_FINAL_TYPE (GenkitTracer, genkit_tracer, G_TYPE_OBJECT)

static void
genkit_tracer_finalize (GObject *object)
{
  GenkitTracer *self = GENKIT_TRACER (object);

  g_clear_pointer (&self->processors, g_ptr_array_unref);

  G_OBJECT_CLASS (genkit_tracer_parent_class)->finalize (object);
}

static void
genkit_tracer_class_init (GenkitTracerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_tracer_finalize;
}

static void
genkit_tracer_init (GenkitTracer *self)
{
  self->processors = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * genkit_tracer_new:
 *
 * Creates a tracer with no processors.
 *
 * Returns: (transfer full): a tracer with no processors
 */
GenkitTracer *
genkit_tracer_new (void)
{
  return g_object_new (GENKIT_TYPE_TRACER, NULL);
}

/**
 * genkit_tracer_add_processor:
 * @self: a [class@Genkit.Tracer]
 * @processor: the processor to add
 *
 * Adds a span processor; it sees every span that starts from now on.
 */
void
genkit_tracer_add_processor (GenkitTracer        *self,
                             GenkitSpanProcessor *processor)
{
  g_return_if_fail (GENKIT_IS_TRACER (self));
  g_return_if_fail (GENKIT_IS_SPAN_PROCESSOR (processor));

  g_ptr_array_add (self->processors, g_object_ref (processor));
}

/**
 * genkit_tracer_remove_processor:
 * @self: a [class@Genkit.Tracer]
 * @processor: a processor added before
 *
 * Removes a span processor.
 */
void
genkit_tracer_remove_processor (GenkitTracer        *self,
                                GenkitSpanProcessor *processor)
{
  g_return_if_fail (GENKIT_IS_TRACER (self));

  g_ptr_array_remove (self->processors, processor);
}

/**
 * genkit_tracer_get_n_processors:
 * @self: a [class@Genkit.Tracer]
 *
 * Tells how many span processors the tracer has; with none, spans only live in memory and
 * there is nothing to flush.
 *
 * Returns: the number of processors
 */
guint
genkit_tracer_get_n_processors (GenkitTracer *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACER (self), 0);
  return self->processors->len;
}

static char *
random_hex (guint n_words)
{
  static const char digits[] = "0123456789abcdef";
  char *hex = g_malloc (n_words * 8 + 1);

  for (guint i = 0; i < n_words; i++)
    {
      guint32 word = g_random_int ();

      for (guint j = 0; j < 8; j++, word >>= 4)
        hex[i * 8 + 7 - j] = digits[word & 0xf];
    }
  hex[n_words * 8] = '\0';
  return hex;
}

/**
 * genkit_tracer_start_span:
 * @self: a [class@Genkit.Tracer]
 * @parent: (nullable): the parent span; %NULL starts a new trace
 * @name: the span's name (an action name, a step name, `generate`)
 * @start_attributes: (nullable): attributes known at start: `genkit:type`,
 *   `genkit:metadata:subtype`, `genkit:key`, telemetry labels
 *
 * Starts a span and tells the processors. Its `genkit:path` extends the parent's path with
 * `{name,t:type}` (`t:flow` for a flow action, else the span's `genkit:type`).
 *
 * Returns: (transfer full): the running span; end it with [method@Genkit.Span.end]
 */
GenkitSpan *
genkit_tracer_start_span (GenkitTracer *self,
                          GenkitSpan   *parent,
                          const char   *name,
                          JsonObject   *start_attributes)
{
  g_autofree char *trace_id = NULL;
  g_autofree char *span_id = NULL;
  GenkitSpan *span;

  g_return_val_if_fail (GENKIT_IS_TRACER (self), NULL);
  g_return_val_if_fail (parent == NULL || GENKIT_IS_SPAN (parent), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  trace_id = parent ? g_strdup (genkit_span_get_trace_id (parent)) : random_hex (4);
  span_id = random_hex (2);
  span = _genkit_span_new (self, parent, trace_id, span_id, name, start_attributes);

  for (guint i = 0; i < self->processors->len; i++)
    genkit_span_processor_on_start (g_ptr_array_index (self->processors, i), span);

  return span;
}

void
_genkit_tracer_span_ended (GenkitTracer *self,
                           GenkitSpan   *span)
{
  /* A processor may remove itself (or others) while handling the span. */
  g_autoptr(GPtrArray) processors = g_ptr_array_new_full (self->processors->len, g_object_unref);

  for (guint i = 0; i < self->processors->len; i++)
    g_ptr_array_add (processors, g_object_ref (g_ptr_array_index (self->processors, i)));
  for (guint i = 0; i < processors->len; i++)
    genkit_span_processor_on_end (g_ptr_array_index (processors, i), span);
}

typedef struct
{
  guint   pending;
  GError *error;
} FlushState;

static void
flush_state_free (FlushState *state)
{
  g_clear_error (&state->error);
  g_free (state);
}

static void
genkit_tracer_flush_one_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlushState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!genkit_span_processor_flush_finish (GENKIT_SPAN_PROCESSOR (object), result, &error) &&
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
 * genkit_tracer_flush_async:
 * @self: a [class@Genkit.Tracer]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when every processor has flushed
 * @user_data: data for @callback
 *
 * Flushes every span processor (Genkit's `flushTracing()`).
 */
void
genkit_tracer_flush_async (GenkitTracer        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FlushState *state;

  g_return_if_fail (GENKIT_IS_TRACER (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_tracer_flush_async);

  if (self->processors->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  state = g_new0 (FlushState, 1);
  state->pending = self->processors->len;
  g_task_set_task_data (task, state, (GDestroyNotify) flush_state_free);

  for (guint i = 0; i < self->processors->len; i++)
    genkit_span_processor_flush_async (g_ptr_array_index (self->processors, i), cancellable,
                                       genkit_tracer_flush_one_cb, g_object_ref (task));
}

/**
 * genkit_tracer_flush_finish:
 * @self: a [class@Genkit.Tracer]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: %TRUE if every processor flushed, %FALSE with the first processor's error
 */
gboolean
genkit_tracer_flush_finish (GenkitTracer  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
