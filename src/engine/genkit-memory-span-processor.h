/* genkit-memory-span-processor.h — keeps ended spans in memory
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-span-processor.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_MEMORY_SPAN_PROCESSOR (genkit_memory_span_processor_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitMemorySpanProcessor, genkit_memory_span_processor, GENKIT, MEMORY_SPAN_PROCESSOR, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitMemorySpanProcessor *genkit_memory_span_processor_new        (void);
GENKIT_AVAILABLE_IN_ALL
GPtrArray                 *genkit_memory_span_processor_get_spans  (GenkitMemorySpanProcessor *self,
                                                                    const char                *trace_id);
GENKIT_AVAILABLE_IN_ALL
JsonNode                  *genkit_memory_span_processor_get_trace  (GenkitMemorySpanProcessor *self,
                                                                    const char                *trace_id);
GENKIT_AVAILABLE_IN_ALL
guint                      genkit_memory_span_processor_get_n_started (GenkitMemorySpanProcessor *self);
GENKIT_AVAILABLE_IN_ALL
void                       genkit_memory_span_processor_clear      (GenkitMemorySpanProcessor *self);

G_END_DECLS
