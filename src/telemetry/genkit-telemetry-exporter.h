/* genkit-telemetry-exporter.h — sends spans to a Genkit telemetry server (`POST /api/traces`)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_TELEMETRY_INSIDE) && !defined (GENKIT_TELEMETRY_COMPILATION)
# error "Only <genkit-telemetry.h> can be included directly."
#endif

#include <genkit.h>

G_BEGIN_DECLS

#define GENKIT_TYPE_TELEMETRY_EXPORTER (genkit_telemetry_exporter_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitTelemetryExporter, genkit_telemetry_exporter, GENKIT, TELEMETRY_EXPORTER, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitTelemetryExporter *genkit_telemetry_exporter_new            (const char              *server_url);
GENKIT_AVAILABLE_IN_ALL
const char              *genkit_telemetry_exporter_get_server_url (GenkitTelemetryExporter *self);
GENKIT_AVAILABLE_IN_ALL
void                     genkit_telemetry_exporter_set_server_url (GenkitTelemetryExporter *self,
                                                                   const char              *server_url);
GENKIT_AVAILABLE_IN_ALL
guint                    genkit_telemetry_exporter_get_n_sent     (GenkitTelemetryExporter *self);
GENKIT_AVAILABLE_IN_ALL
guint                    genkit_telemetry_exporter_get_n_failed   (GenkitTelemetryExporter *self);

G_END_DECLS
