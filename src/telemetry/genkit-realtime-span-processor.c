/* genkit-realtime-span-processor.c — exports spans when they start and again when they end
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-realtime-span-processor.h"
#include "genkit-tracing-private.h"

/**
 * GenkitRealtimeSpanProcessor:
 *
 * Genkit's `RealtimeSpanProcessor` (`js/core/src/tracing/realtime-span-processor.ts`), what
 * `GENKIT_ENABLE_REALTIME_TELEMETRY=true` turns on in dev mode: every span is handed to the
 * exporter when it starts — with `endTime` 0, `status` `{"code": 0}` and only the attributes
 * known at start (`genkit:type`, `genkit:metadata:subtype`, `genkit:key`, telemetry labels) —
 * and again, complete, when it ends. A trace viewer can then draw a run while it goes on.
 *
 * Add this processor to the tracer instead of the exporter, not beside it, or ended spans are
 * sent twice.
 */
struct _GenkitRealtimeSpanProcessor
{
  GObject             parent_instance;

  GenkitSpanExporter *exporter;
};

static void genkit_realtime_span_processor_span_processor_init (GenkitSpanProcessorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitRealtimeSpanProcessor, genkit_realtime_span_processor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SPAN_PROCESSOR,
                                                      genkit_realtime_span_processor_span_processor_init))

enum {
  PROP_0,
  PROP_EXPORTER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
export_now (GenkitRealtimeSpanProcessor *self,
            GenkitSpan                  *span)
{
  g_autoptr(JsonNode) span_data = genkit_span_to_json (span);

  genkit_span_exporter_export_span (self->exporter, span_data);
}

static void
genkit_realtime_span_processor_on_start (GenkitSpanProcessor *processor,
                                         GenkitSpan          *span)
{
  export_now (GENKIT_REALTIME_SPAN_PROCESSOR (processor), span);
}

static void
genkit_realtime_span_processor_on_end (GenkitSpanProcessor *processor,
                                       GenkitSpan          *span)
{
  export_now (GENKIT_REALTIME_SPAN_PROCESSOR (processor), span);
}

static void
exporter_flushed_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!genkit_span_exporter_flush_finish (GENKIT_SPAN_EXPORTER (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
genkit_realtime_span_processor_flush_async (GenkitSpanProcessor *processor,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GenkitRealtimeSpanProcessor *self = GENKIT_REALTIME_SPAN_PROCESSOR (processor);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_realtime_span_processor_flush_async);
  genkit_span_exporter_flush_async (self->exporter, cancellable, exporter_flushed_cb, task);
}

static gboolean
genkit_realtime_span_processor_flush_finish (GenkitSpanProcessor  *processor,
                                             GAsyncResult         *result,
                                             GError              **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_realtime_span_processor_span_processor_init (GenkitSpanProcessorInterface *iface)
{
  iface->on_start = genkit_realtime_span_processor_on_start;
  iface->on_end = genkit_realtime_span_processor_on_end;
  iface->flush_async = genkit_realtime_span_processor_flush_async;
  iface->flush_finish = genkit_realtime_span_processor_flush_finish;
}

static void
genkit_realtime_span_processor_dispose (GObject *object)
{
  GenkitRealtimeSpanProcessor *self = GENKIT_REALTIME_SPAN_PROCESSOR (object);

  g_clear_object (&self->exporter);

  G_OBJECT_CLASS (genkit_realtime_span_processor_parent_class)->dispose (object);
}

static void
genkit_realtime_span_processor_get_property (GObject    *object,
                                             guint       prop_id,
                                             GValue     *value,
                                             GParamSpec *pspec)
{
  GenkitRealtimeSpanProcessor *self = GENKIT_REALTIME_SPAN_PROCESSOR (object);

  switch (prop_id)
    {
    case PROP_EXPORTER:
      g_value_set_object (value, self->exporter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_realtime_span_processor_set_property (GObject      *object,
                                             guint         prop_id,
                                             const GValue *value,
                                             GParamSpec   *pspec)
{
  GenkitRealtimeSpanProcessor *self = GENKIT_REALTIME_SPAN_PROCESSOR (object);

  switch (prop_id)
    {
    case PROP_EXPORTER:
      self->exporter = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_realtime_span_processor_class_init (GenkitRealtimeSpanProcessorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_realtime_span_processor_dispose;
  object_class->get_property = genkit_realtime_span_processor_get_property;
  object_class->set_property = genkit_realtime_span_processor_set_property;

  /**
   * GenkitRealtimeSpanProcessor:exporter:
   *
   * Where spans go.
   */
  properties[PROP_EXPORTER] =
    g_param_spec_object ("exporter", NULL, NULL, GENKIT_TYPE_SPAN_EXPORTER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_realtime_span_processor_init (GenkitRealtimeSpanProcessor *self)
{
  _genkit_tracing_register (G_OBJECT (self));
}

/**
 * genkit_realtime_span_processor_new:
 * @exporter: where spans go, such as a [class@Genkit.TelemetryExporter]
 *
 * Creates a processor that exports every span at its start and at its end.
 *
 * Returns: (transfer full): a new processor
 */
GenkitRealtimeSpanProcessor *
genkit_realtime_span_processor_new (GenkitSpanExporter *exporter)
{
  g_return_val_if_fail (GENKIT_IS_SPAN_EXPORTER (exporter), NULL);

  return g_object_new (GENKIT_TYPE_REALTIME_SPAN_PROCESSOR, "exporter", exporter, NULL);
}

/**
 * genkit_realtime_span_processor_get_exporter:
 * @self: a [class@Genkit.RealtimeSpanProcessor]
 *
 * Gets the exporter spans go to.
 *
 * Returns: (transfer none): the exporter
 */
GenkitSpanExporter *
genkit_realtime_span_processor_get_exporter (GenkitRealtimeSpanProcessor *self)
{
  g_return_val_if_fail (GENKIT_IS_REALTIME_SPAN_PROCESSOR (self), NULL);
  return self->exporter;
}
