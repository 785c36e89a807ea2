/* genkit-span-exporter.c — sends span snapshots somewhere (a telemetry server, an OTLP endpoint)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-span-exporter.h"

/**
 * GenkitSpanExporter:
 *
 * Something that sends Genkit `SpanData` away: [class@Genkit.TelemetryExporter] to a Genkit
 * telemetry server, [class@Genkit.OtlpExporter] to an OTLP/HTTP endpoint. An exporter that is
 * also a [iface@Genkit.SpanProcessor] exports spans when they end; wrap it in a
 * [class@Genkit.RealtimeSpanProcessor] to export them when they start as well.
 */
G_DEFINE_INTERFACE (GenkitSpanExporter, genkit_span_exporter, G_TYPE_OBJECT)

static void
genkit_span_exporter_real_flush_async (GenkitSpanExporter  *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_span_exporter_real_flush_async);
  g_task_return_boolean (task, TRUE);
}

static gboolean
genkit_span_exporter_real_flush_finish (GenkitSpanExporter  *self,
                                        GAsyncResult        *result,
                                        GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_span_exporter_default_init (GenkitSpanExporterInterface *iface)
{
  iface->flush_async = genkit_span_exporter_real_flush_async;
  iface->flush_finish = genkit_span_exporter_real_flush_finish;
}

/**
 * genkit_span_exporter_export_span:
 * @self: a [iface@Genkit.SpanExporter]
 * @span_data: a Genkit `SpanData` object, such as [method@Genkit.Span.to_json] gives; a
 *   running span has `endTime` 0
 *
 * Queues one span snapshot for sending. Returns at once; sending happens on the caller's
 * main context.
 */
void
genkit_span_exporter_export_span (GenkitSpanExporter *self,
                                  JsonNode           *span_data)
{
  g_return_if_fail (GENKIT_IS_SPAN_EXPORTER (self));
  g_return_if_fail (span_data != NULL && JSON_NODE_HOLDS_OBJECT (span_data));

  GENKIT_SPAN_EXPORTER_GET_IFACE (self)->export_span (self, span_data);
}

/**
 * genkit_span_exporter_flush_async:
 * @self: a [iface@Genkit.SpanExporter]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once everything queued before has been delivered (or has failed)
 * @user_data: data for @callback
 *
 * Sends what is queued and waits for every request in flight.
 */
void
genkit_span_exporter_flush_async (GenkitSpanExporter  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_SPAN_EXPORTER (self));

  GENKIT_SPAN_EXPORTER_GET_IFACE (self)->flush_async (self, cancellable, callback, user_data);
}

/**
 * genkit_span_exporter_flush_finish:
 * @self: a [iface@Genkit.SpanExporter]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.SpanExporter.flush_async].
 *
 * Returns: %TRUE when flushed
 */
gboolean
genkit_span_exporter_flush_finish (GenkitSpanExporter  *self,
                                   GAsyncResult        *result,
                                   GError             **error)
{
  g_return_val_if_fail (GENKIT_IS_SPAN_EXPORTER (self), FALSE);

  return GENKIT_SPAN_EXPORTER_GET_IFACE (self)->flush_finish (self, result, error);
}
