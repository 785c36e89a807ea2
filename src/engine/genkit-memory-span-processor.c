/* genkit-memory-span-processor.c — keeps ended spans in memory
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-memory-span-processor.h"
#include "genkit-span.h"

/**
 * GenkitMemorySpanProcessor:
 *
 * A [iface@Genkit.SpanProcessor] that keeps every ended span, in the order they ended, and
 * builds Genkit `TraceData` from them. OpenTelemetry's `InMemorySpanExporter` in spirit: for
 * tests, for small headless programs, and for looking at one run's span tree without a store.
 */
struct _GenkitMemorySpanProcessor
{
  GObject    parent_instance;

  GPtrArray *spans;      /* owned GenkitSpan, ended */
  guint      n_started;
};

static void span_processor_iface_init (GenkitSpanProcessorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitMemorySpanProcessor, genkit_memory_span_processor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SPAN_PROCESSOR, span_processor_iface_init))

static void
genkit_memory_span_processor_on_start (GenkitSpanProcessor *processor,
                                       GenkitSpan          *span)
{
  GENKIT_MEMORY_SPAN_PROCESSOR (processor)->n_started++;
}

static void
genkit_memory_span_processor_on_end (GenkitSpanProcessor *processor,
                                     GenkitSpan          *span)
{
  g_ptr_array_add (GENKIT_MEMORY_SPAN_PROCESSOR (processor)->spans, g_object_ref (span));
}

static void
span_processor_iface_init (GenkitSpanProcessorInterface *iface)
{
  iface->on_start = genkit_memory_span_processor_on_start;
  iface->on_end = genkit_memory_span_processor_on_end;
}

static void
genkit_memory_span_processor_finalize (GObject *object)
{
  GenkitMemorySpanProcessor *self = GENKIT_MEMORY_SPAN_PROCESSOR (object);

  g_clear_pointer (&self->spans, g_ptr_array_unref);

  G_OBJECT_CLASS (genkit_memory_span_processor_parent_class)->finalize (object);
}

static void
genkit_memory_span_processor_class_init (GenkitMemorySpanProcessorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_memory_span_processor_finalize;
}

static void
genkit_memory_span_processor_init (GenkitMemorySpanProcessor *self)
{
  self->spans = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * genkit_memory_span_processor_new:
 *
 * Creates an empty processor; add it with [method@Genkit.Tracer.add_processor].
 *
 * Returns: (transfer full): an empty processor; add it with [method@Genkit.Tracer.add_processor]
 */
GenkitMemorySpanProcessor *
genkit_memory_span_processor_new (void)
{
  return g_object_new (GENKIT_TYPE_MEMORY_SPAN_PROCESSOR, NULL);
}

/**
 * genkit_memory_span_processor_get_spans:
 * @self: a [class@Genkit.MemorySpanProcessor]
 * @trace_id: (nullable): only the spans of this trace, or %NULL for all
 *
 * Gets the ended spans, in the order they ended (children before their parents).
 *
 * Returns: (transfer container) (element-type GenkitSpan): the ended spans, in the order they
 *   ended (children before their parents)
 */
GPtrArray *
genkit_memory_span_processor_get_spans (GenkitMemorySpanProcessor *self,
                                        const char                *trace_id)
{
  GPtrArray *result;

  g_return_val_if_fail (GENKIT_IS_MEMORY_SPAN_PROCESSOR (self), NULL);

  result = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < self->spans->len; i++)
    {
      GenkitSpan *span = g_ptr_array_index (self->spans, i);

      if (trace_id == NULL || g_str_equal (trace_id, genkit_span_get_trace_id (span)))
        g_ptr_array_add (result, g_object_ref (span));
    }
  return result;
}

/**
 * genkit_memory_span_processor_get_trace:
 * @self: a [class@Genkit.MemorySpanProcessor]
 * @trace_id: a trace id
 *
 * Builds Genkit's `TraceData` for one trace from the spans that ended so far: `traceId`,
 * `spans` keyed by span id and, once the root span ended, `displayName`, `startTime` and
 * `endTime` from it.
 *
 * Returns: (transfer full) (nullable): a `TraceData` JSON object, or %NULL if no span of
 *   @trace_id ended
 */
JsonNode *
genkit_memory_span_processor_get_trace (GenkitMemorySpanProcessor *self,
                                        const char                *trace_id)
{
  g_autoptr(JsonObject) trace = NULL;
  JsonObject *spans;
  gboolean found = FALSE;
  JsonNode *node;

  g_return_val_if_fail (GENKIT_IS_MEMORY_SPAN_PROCESSOR (self), NULL);
  g_return_val_if_fail (trace_id != NULL, NULL);

  trace = json_object_new ();
  spans = json_object_new ();
  json_object_set_string_member (trace, "traceId", trace_id);

  for (guint i = 0; i < self->spans->len; i++)
    {
      GenkitSpan *span = g_ptr_array_index (self->spans, i);

      if (!g_str_equal (trace_id, genkit_span_get_trace_id (span)))
        continue;

      found = TRUE;
      json_object_set_member (spans, genkit_span_get_span_id (span), genkit_span_to_json (span));
      if (genkit_span_get_parent (span) == NULL)
        {
          json_object_set_string_member (trace, "displayName", genkit_span_get_name (span));
          json_object_set_double_member (trace, "startTime", genkit_span_get_start_time (span));
          json_object_set_double_member (trace, "endTime", genkit_span_get_end_time (span));
        }
    }
  json_object_set_object_member (trace, "spans", spans);

  if (!found)
    return NULL;

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&trace));
  return node;
}

/**
 * genkit_memory_span_processor_get_n_started:
 * @self: a [class@Genkit.MemorySpanProcessor]
 *
 * Tells how many spans started since the processor was added or cleared.
 *
 * Returns: how many spans started since the processor was added or cleared
 */
guint
genkit_memory_span_processor_get_n_started (GenkitMemorySpanProcessor *self)
{
  g_return_val_if_fail (GENKIT_IS_MEMORY_SPAN_PROCESSOR (self), 0);
  return self->n_started;
}

/**
 * genkit_memory_span_processor_clear:
 * @self: a [class@Genkit.MemorySpanProcessor]
 *
 * Forgets every span kept so far.
 */
void
genkit_memory_span_processor_clear (GenkitMemorySpanProcessor *self)
{
  g_return_if_fail (GENKIT_IS_MEMORY_SPAN_PROCESSOR (self));

  g_ptr_array_set_size (self->spans, 0);
  self->n_started = 0;
}
