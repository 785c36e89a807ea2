/* genkit-span-private.h — what the tracer needs of a span
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-span.h"
#include "genkit-tracer.h"

G_BEGIN_DECLS

GenkitSpan *_genkit_span_new           (GenkitTracer *tracer,
                                        GenkitSpan   *parent,
                                        const char   *trace_id,
                                        const char   *span_id,
                                        const char   *name,
                                        JsonObject   *start_attributes);
void        _genkit_tracer_span_ended  (GenkitTracer *tracer,
                                        GenkitSpan   *span);

G_END_DECLS
