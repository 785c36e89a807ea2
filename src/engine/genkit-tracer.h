/* genkit-tracer.h — makes spans and hands them to span processors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-span-processor.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_TRACER (genkit_tracer_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitTracer, genkit_tracer, GENKIT, TRACER, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitTracer *genkit_tracer_new               (void);
GENKIT_AVAILABLE_IN_ALL
void          genkit_tracer_add_processor     (GenkitTracer         *self,
                                               GenkitSpanProcessor  *processor);
GENKIT_AVAILABLE_IN_ALL
void          genkit_tracer_remove_processor  (GenkitTracer         *self,
                                               GenkitSpanProcessor  *processor);
GENKIT_AVAILABLE_IN_ALL
guint         genkit_tracer_get_n_processors  (GenkitTracer         *self);
GENKIT_AVAILABLE_IN_ALL
GenkitSpan   *genkit_tracer_start_span        (GenkitTracer         *self,
                                               GenkitSpan           *parent,
                                               const char           *name,
                                               JsonObject           *start_attributes);
GENKIT_AVAILABLE_IN_ALL
void          genkit_tracer_flush_async       (GenkitTracer         *self,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean      genkit_tracer_flush_finish      (GenkitTracer         *self,
                                               GAsyncResult         *result,
                                               GError              **error);

G_END_DECLS
