/* genkit-store-span-processor.h — records the tracer's spans in a trace store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_TELEMETRY_INSIDE) && !defined (GENKIT_TELEMETRY_COMPILATION)
# error "Only <genkit-telemetry.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-trace-store.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_STORE_SPAN_PROCESSOR (genkit_store_span_processor_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitStoreSpanProcessor, genkit_store_span_processor, GENKIT, STORE_SPAN_PROCESSOR, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitStoreSpanProcessor *genkit_store_span_processor_new          (GenkitTraceStore         *store);
GENKIT_AVAILABLE_IN_ALL
GenkitStoreSpanProcessor *genkit_store_span_processor_new_for_runtime (GenkitTraceStore   *store,
                                                                       const char         *runtime_id);
GENKIT_AVAILABLE_IN_ALL
GenkitTraceStore         *genkit_store_span_processor_get_store    (GenkitStoreSpanProcessor *self);
GENKIT_AVAILABLE_IN_ALL
const char               *genkit_store_span_processor_get_runtime_id (GenkitStoreSpanProcessor *self);
GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_store_span_processor_get_realtime (GenkitStoreSpanProcessor *self);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_store_span_processor_set_realtime (GenkitStoreSpanProcessor *self,
                                                                    gboolean                  realtime);

G_END_DECLS
