/* genkit-span-exporter.h — sends span snapshots somewhere (a telemetry server, an OTLP endpoint)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_TELEMETRY_INSIDE) && !defined (GENKIT_TELEMETRY_COMPILATION)
# error "Only <genkit-telemetry.h> can be included directly."
#endif

#include <genkit.h>

G_BEGIN_DECLS

#define GENKIT_TYPE_SPAN_EXPORTER (genkit_span_exporter_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (GenkitSpanExporter, genkit_span_exporter, GENKIT, SPAN_EXPORTER, GObject)

/**
 * GenkitSpanExporterInterface:
 * @export_span: queue one span snapshot (Genkit `SpanData`) for sending; must not block
 * @flush_async: deliver everything queued or in flight
 * @flush_finish: finish @flush_async
 *
 * The virtual methods of [iface@Genkit.SpanExporter], OpenTelemetry's `SpanExporter` as
 * Genkit's `TraceServerExporter` (`js/core/src/tracing/exporter.ts`) implements it.
 */
struct _GenkitSpanExporterInterface
{
  GTypeInterface parent_iface;

  void     (*export_span)  (GenkitSpanExporter   *self,
                            JsonNode             *span_data);
  void     (*flush_async)  (GenkitSpanExporter   *self,
                            GCancellable         *cancellable,
                            GAsyncReadyCallback   callback,
                            gpointer              user_data);
  gboolean (*flush_finish) (GenkitSpanExporter   *self,
                            GAsyncResult         *result,
                            GError              **error);
};

GENKIT_AVAILABLE_IN_ALL
void     genkit_span_exporter_export_span  (GenkitSpanExporter   *self,
                                            JsonNode             *span_data);
GENKIT_AVAILABLE_IN_ALL
void     genkit_span_exporter_flush_async  (GenkitSpanExporter   *self,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean genkit_span_exporter_flush_finish (GenkitSpanExporter   *self,
                                            GAsyncResult         *result,
                                            GError              **error);

G_END_DECLS
