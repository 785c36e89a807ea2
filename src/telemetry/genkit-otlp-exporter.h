/* genkit-otlp-exporter.h — sends spans to an OpenTelemetry backend over OTLP/HTTP with JSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_TELEMETRY_INSIDE) && !defined (GENKIT_TELEMETRY_COMPILATION)
# error "Only <genkit-telemetry.h> can be included directly."
#endif

#include <genkit.h>

G_BEGIN_DECLS

/**
 * GenkitOtlpPreset:
 * @GENKIT_OTLP_PRESET_OTEL_COLLECTOR: an OpenTelemetry Collector, or Jaeger (1.35 and later
 *   receive OTLP natively), on its OTLP/HTTP port: `http://localhost:4318/v1/traces`, no
 *   headers. `option` may give another base URL (`http://collector:4318`).
 * @GENKIT_OTLP_PRESET_HONEYCOMB: Honeycomb: `https://api.honeycomb.io/v1/traces` with the
 *   ingest API key in `x-honeycomb-team` (`credential`, required); `option` is a dataset name
 *   for Honeycomb Classic, sent as `x-honeycomb-dataset`. For the EU region change the endpoint
 *   to `https://api.eu1.honeycomb.io/v1/traces`.
 * @GENKIT_OTLP_PRESET_GRAFANA: Grafana Cloud's OTLP gateway: `option` is the stack's OTLP
 *   endpoint as the Grafana Cloud portal shows it (such as
 *   `https://otlp-gateway-prod-eu-west-2.grafana.net/otlp`, required), `/v1/traces` is
 *   appended; `credential` is `INSTANCE_ID:TOKEN` (required), sent as
 *   `Authorization: Basic base64(INSTANCE_ID:TOKEN)`.
 * @GENKIT_OTLP_PRESET_AXIOM: Axiom: `https://api.axiom.co/v1/traces` with
 *   `Authorization: Bearer <credential>` (an API token, required) and `X-Axiom-Dataset:
 *   <option>` (required).
 * @GENKIT_OTLP_PRESET_DATADOG: the Datadog Agent's OTLP/HTTP receiver
 *   (`otlp_config.receiver.protocols.http` enabled in `datadog.yaml`):
 *   `http://localhost:4318/v1/traces`, no headers; `option` may give another base URL.
 *   (Datadog's agentless OTLP intake takes `dd-api-key` and, for traces, has been documented as
 *   http/protobuf only; use [method@Genkit.OtlpExporter.set_header] with your own endpoint if
 *   your site accepts JSON.)
 * @GENKIT_OTLP_PRESET_SENTRY: Sentry's OTLP intake, from a project DSN
 *   (`credential`, required: `https://PUBLIC_KEY@HOST/PROJECT_ID`): endpoint
 *   `https://HOST/api/PROJECT_ID/integration/otlp/v1/traces`, header
 *   `x-sentry-auth: sentry sentry_key=PUBLIC_KEY`.
 *
 * Ready-made settings for common OTLP backends, for
 * [ctor@Genkit.OtlpExporter.new_for_preset].
 */
typedef enum
{
  GENKIT_OTLP_PRESET_OTEL_COLLECTOR,
  GENKIT_OTLP_PRESET_HONEYCOMB,
  GENKIT_OTLP_PRESET_GRAFANA,
  GENKIT_OTLP_PRESET_AXIOM,
  GENKIT_OTLP_PRESET_DATADOG,
  GENKIT_OTLP_PRESET_SENTRY,
} GenkitOtlpPreset;

#define GENKIT_TYPE_OTLP_EXPORTER (genkit_otlp_exporter_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitOtlpExporter, genkit_otlp_exporter, GENKIT, OTLP_EXPORTER, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitOtlpExporter *genkit_otlp_exporter_new                  (const char          *endpoint);
GENKIT_AVAILABLE_IN_ALL
GenkitOtlpExporter *genkit_otlp_exporter_new_for_preset       (GenkitOtlpPreset     preset,
                                                               const char          *credential,
                                                               const char          *option,
                                                               GError             **error);
GENKIT_AVAILABLE_IN_ALL
GenkitOtlpExporter *genkit_otlp_exporter_new_from_environment (GError             **error);

GENKIT_AVAILABLE_IN_ALL
const char         *genkit_otlp_exporter_get_endpoint         (GenkitOtlpExporter  *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_otlp_exporter_set_endpoint         (GenkitOtlpExporter  *self,
                                                               const char          *endpoint);
GENKIT_AVAILABLE_IN_ALL
void                genkit_otlp_exporter_set_header           (GenkitOtlpExporter  *self,
                                                               const char          *name,
                                                               const char          *value);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_otlp_exporter_get_header           (GenkitOtlpExporter  *self,
                                                               const char          *name);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_otlp_exporter_get_service_name     (GenkitOtlpExporter  *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_otlp_exporter_set_service_name     (GenkitOtlpExporter  *self,
                                                               const char          *service_name);
GENKIT_AVAILABLE_IN_ALL
guint               genkit_otlp_exporter_get_batch_delay      (GenkitOtlpExporter  *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_otlp_exporter_set_batch_delay      (GenkitOtlpExporter  *self,
                                                               guint                batch_delay);
GENKIT_AVAILABLE_IN_ALL
guint               genkit_otlp_exporter_get_n_sent           (GenkitOtlpExporter  *self);
GENKIT_AVAILABLE_IN_ALL
guint               genkit_otlp_exporter_get_n_failed         (GenkitOtlpExporter  *self);

G_END_DECLS
