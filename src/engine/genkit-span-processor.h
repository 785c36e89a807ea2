/* genkit-span-processor.h — receives spans as they start and end
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_SPAN_PROCESSOR (genkit_span_processor_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (GenkitSpanProcessor, genkit_span_processor, GENKIT, SPAN_PROCESSOR, GObject)

/**
 * GenkitSpanProcessorInterface:
 * @on_start: called when a span starts (attributes known at start only); may be %NULL
 * @on_end: called once when a span ends, with all its attributes; may be %NULL
 * @flush_async: start delivering whatever the processor still holds; the default completes at once
 * @flush_finish: finish @flush_async
 *
 * The virtual methods of [iface@Genkit.SpanProcessor]. Like OpenTelemetry's `SpanProcessor`,
 * which Genkit's realtime processor and exporters implement. All methods run on the tracer's
 * main context and must not block: a processor that writes or sends queues the work.
 */
struct _GenkitSpanProcessorInterface
{
  GTypeInterface parent_iface;

  void     (*on_start)     (GenkitSpanProcessor  *self,
                            GenkitSpan           *span);
  void     (*on_end)       (GenkitSpanProcessor  *self,
                            GenkitSpan           *span);
  void     (*flush_async)  (GenkitSpanProcessor  *self,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
  gboolean (*flush_finish) (GenkitSpanProcessor  *self,
                            GAsyncResult         *result,
                            GError              **error);
};

GENKIT_AVAILABLE_IN_ALL
void     genkit_span_processor_on_start     (GenkitSpanProcessor  *self,
                                             GenkitSpan           *span);
GENKIT_AVAILABLE_IN_ALL
void     genkit_span_processor_on_end       (GenkitSpanProcessor  *self,
                                             GenkitSpan           *span);
GENKIT_AVAILABLE_IN_ALL
void     genkit_span_processor_flush_async  (GenkitSpanProcessor  *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean genkit_span_processor_flush_finish (GenkitSpanProcessor  *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
