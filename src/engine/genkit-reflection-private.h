/* genkit-reflection-private.h — what the reflection API v1 (HTTP) and v2 (WebSocket) share on
 * the runtime side: reading a runAction request, running it, and the answer's shape
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-action-result.h"
#include "genkit-run-options.h"
#include "genkit-runtime.h"

G_BEGIN_DECLS

/* The run options of a runAction request (`context`, `telemetryLabels`, `init`), the fields
 * both versions carry (`js/core/src/reflection.ts`, `reflection-v2.ts`). Sets
 * `INVALID_ARGUMENT` when one has the wrong type. */
GenkitRunOptions   *_genkit_reflection_run_options_new (JsonObject           *request,
                                                        GError              **error);

/* Runs @key on @runtime and, for a runtime of this process, flushes the trace exporters
 * before finishing, as Genkit does before it answers, so the trace is complete by the time
 * the caller reads the result. */
void                _genkit_reflection_run_async       (GenkitRuntime        *runtime,
                                                        const char           *key,
                                                        JsonNode             *input,
                                                        GenkitRunOptions     *options,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GenkitActionResult *_genkit_reflection_run_finish      (GAsyncResult         *result,
                                                        GError              **error);

/* `{"result": …, "telemetry": {"traceId": …}}`, the answer to a successful runAction. */
JsonNode           *_genkit_reflection_run_response    (GenkitActionResult   *result);

G_END_DECLS
