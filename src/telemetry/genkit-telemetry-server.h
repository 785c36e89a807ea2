/* genkit-telemetry-server.h — Genkit's telemetry server API on loopback, over a trace store
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

/**
 * GENKIT_TELEMETRY_SERVER_DEFAULT_PORT:
 *
 * The first port [method@Genkit.TelemetryServer.listen_default] tries, as `genkit start`
 * does (it takes the first free port of 4033–4999).
 */
#define GENKIT_TELEMETRY_SERVER_DEFAULT_PORT 4033

/**
 * GENKIT_TELEMETRY_SERVER_MAX_BODY_SIZE:
 *
 * The default largest request body, in bytes: 100 MiB, Genkit's `express.json({limit:
 * '100mb'})`.
 */
#define GENKIT_TELEMETRY_SERVER_MAX_BODY_SIZE (100 * 1024 * 1024)

#define GENKIT_TYPE_TELEMETRY_SERVER (genkit_telemetry_server_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitTelemetryServer, genkit_telemetry_server, GENKIT, TELEMETRY_SERVER, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitTelemetryServer *genkit_telemetry_server_new               (GenkitTraceStore      *store);
GENKIT_AVAILABLE_IN_ALL
GenkitTraceStore      *genkit_telemetry_server_get_store         (GenkitTelemetryServer *self);
GENKIT_AVAILABLE_IN_ALL
gboolean               genkit_telemetry_server_listen            (GenkitTelemetryServer *self,
                                                                  guint                  port,
                                                                  GError               **error);
GENKIT_AVAILABLE_IN_ALL
gboolean               genkit_telemetry_server_listen_default    (GenkitTelemetryServer *self,
                                                                  GError               **error);
GENKIT_AVAILABLE_IN_ALL
guint                  genkit_telemetry_server_get_port          (GenkitTelemetryServer *self);
GENKIT_AVAILABLE_IN_ALL
char                  *genkit_telemetry_server_get_url           (GenkitTelemetryServer *self);
GENKIT_AVAILABLE_IN_ALL
gsize                  genkit_telemetry_server_get_max_body_size (GenkitTelemetryServer *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_telemetry_server_set_max_body_size (GenkitTelemetryServer *self,
                                                                  gsize                  max_body_size);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_telemetry_server_disconnect        (GenkitTelemetryServer *self);

G_END_DECLS
