/* genkit-tracing.h — flushing every span processor, tracing set up from Genkit's environment
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_TELEMETRY_INSIDE) && !defined (GENKIT_TELEMETRY_COMPILATION)
# error "Only <genkit-telemetry.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-telemetry-exporter.h"

G_BEGIN_DECLS

GENKIT_AVAILABLE_IN_ALL
void                     genkit_flush_tracing_async             (GCancellable        *cancellable,
                                                                 GAsyncReadyCallback  callback,
                                                                 gpointer             user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean                 genkit_flush_tracing_finish            (GAsyncResult        *result,
                                                                 GError             **error);
GENKIT_AVAILABLE_IN_ALL
gboolean                 genkit_flush_tracing                   (GError             **error);

GENKIT_AVAILABLE_IN_ALL
gboolean                 genkit_tracing_is_realtime_enabled     (void);
GENKIT_AVAILABLE_IN_ALL
GenkitTelemetryExporter *genkit_tracing_setup_telemetry_export  (GenkitTracer        *tracer);

G_END_DECLS
