/* genkit-realtime-span-processor.h — exports spans when they start and again when they end
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_TELEMETRY_INSIDE) && !defined (GENKIT_TELEMETRY_COMPILATION)
# error "Only <genkit-telemetry.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-span-exporter.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_REALTIME_SPAN_PROCESSOR (genkit_realtime_span_processor_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitRealtimeSpanProcessor, genkit_realtime_span_processor, GENKIT, REALTIME_SPAN_PROCESSOR, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitRealtimeSpanProcessor *genkit_realtime_span_processor_new          (GenkitSpanExporter          *exporter);
GENKIT_AVAILABLE_IN_ALL
GenkitSpanExporter          *genkit_realtime_span_processor_get_exporter (GenkitRealtimeSpanProcessor *self);

G_END_DECLS
