/* genkit-telemetry.h — the one header of the telemetry library: trace store, telemetry
 * server, span processors and exporters
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

#define GENKIT_TELEMETRY_INSIDE
# include "genkit-telemetry-enums.h"
# include "genkit-trace-summary.h"
# include "genkit-trace-store.h"
# include "genkit-telemetry-server.h"
# include "genkit-span-exporter.h"
# include "genkit-store-span-processor.h"
# include "genkit-realtime-span-processor.h"
# include "genkit-telemetry-exporter.h"
# include "genkit-otlp-exporter.h"
# include "genkit-tracing.h"
#undef GENKIT_TELEMETRY_INSIDE
