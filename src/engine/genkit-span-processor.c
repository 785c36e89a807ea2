/* genkit-span-processor.c — receives spans as they start and end
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-span-processor.h"

/**
 * GenkitSpanProcessor:
 *
 * Something that wants every span of a [class@Genkit.Tracer]: the realtime publisher, the
 * trace store, an exporter to a Genkit telemetry server or an OTLP endpoint, or
 * [class@Genkit.MemorySpanProcessor] in tests. Add one with
 * [method@Genkit.Tracer.add_processor].
 */
G_DEFINE_INTERFACE (GenkitSpanProcessor, genkit_span_processor, G_TYPE_OBJECT)

static void
genkit_span_processor_real_flush_async (GenkitSpanProcessor *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_span_processor_real_flush_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
genkit_span_processor_real_flush_finish (GenkitSpanProcessor  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_span_processor_default_init (GenkitSpanProcessorInterface *iface)
{
  iface->flush_async = genkit_span_processor_real_flush_async;
  iface->flush_finish = genkit_span_processor_real_flush_finish;
}

/**
 * genkit_span_processor_on_start:
 * @self: a [iface@Genkit.SpanProcessor]
 * @span: the span that just started
 *
 * Tells the processor a span started. Called by the tracer.
 */
void
genkit_span_processor_on_start (GenkitSpanProcessor *self,
                                GenkitSpan          *span)
{
  GenkitSpanProcessorInterface *iface;

  g_return_if_fail (GENKIT_IS_SPAN_PROCESSOR (self));

  iface = GENKIT_SPAN_PROCESSOR_GET_IFACE (self);
  if (iface->on_start != NULL)
    iface->on_start (self, span);
}

/**
 * genkit_span_processor_on_end:
 * @self: a [iface@Genkit.SpanProcessor]
 * @span: the span that just ended
 *
 * Tells the processor a span ended. Called by the tracer, once per span.
 */
void
genkit_span_processor_on_end (GenkitSpanProcessor *self,
                              GenkitSpan          *span)
{
  GenkitSpanProcessorInterface *iface;

  g_return_if_fail (GENKIT_IS_SPAN_PROCESSOR (self));

  iface = GENKIT_SPAN_PROCESSOR_GET_IFACE (self);
  if (iface->on_end != NULL)
    iface->on_end (self, span);
}

/**
 * genkit_span_processor_flush_async:
 * @self: a [iface@Genkit.SpanProcessor]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when everything the processor held has been delivered
 * @user_data: data for @callback
 *
 * Delivers what the processor still holds (queued exports, unwritten rows). The reflection
 * server flushes before it answers a `runAction`, as Genkit does.
 */
void
genkit_span_processor_flush_async (GenkitSpanProcessor *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_SPAN_PROCESSOR (self));

  GENKIT_SPAN_PROCESSOR_GET_IFACE (self)->flush_async (self, cancellable, callback, user_data);
}

/**
 * genkit_span_processor_flush_finish:
 * @self: a [iface@Genkit.SpanProcessor]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: %TRUE when everything was delivered, %FALSE with @error set otherwise
 */
gboolean
genkit_span_processor_flush_finish (GenkitSpanProcessor  *self,
                                    GAsyncResult         *result,
                                    GError              **error)
{
  g_return_val_if_fail (GENKIT_IS_SPAN_PROCESSOR (self), FALSE);

  return GENKIT_SPAN_PROCESSOR_GET_IFACE (self)->flush_finish (self, result, error);
}
