/* genkit-reflection-private.h — what the reflection API v1 (HTTP) and v2 (WebSocket) share on
 * the runtime side: reading a runAction request, running it, and the answer's shape
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <libsoup/soup.h>

#include "genkit-action-result.h"
#include "genkit-reflection-v2-runtime.h"
#include "genkit-reflection-v2-server.h"
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

/* The telemetry server URL a runtime is told (`/api/notify`, the v2 `register` answer and
 * `configure`) when it gets its own: `<url>/runtimes/<id>` with the id percent-encoded,
 * where the studio's telemetry server records the runtime of each trace it gets (a Genkit
 * runtime appends `/api/traces` and `/api/otlp`). %NULL when @telemetry_server_url is. */
char               *_genkit_runtime_telemetry_url      (const char           *telemetry_server_url,
                                                        const char           *runtime_id);

/* Reflection API v2: JSON-RPC 2.0 over WebSocket text frames, one message a frame
 * (`js/core/src/reflection-v2.ts`, `genkit-tools/common/src/manager/manager-v2.ts`). */

/* The JSON-RPC error codes Genkit uses. */
#define GENKIT_JSONRPC_METHOD_NOT_FOUND (-32601)
#define GENKIT_JSONRPC_INVALID_PARAMS   (-32602)
#define GENKIT_JSONRPC_ACTION_FAILED    (-32000)

/* The first free port of Genkit's v2 range (genkit-tools/common/src/manager/manager-v2.ts). */
#define GENKIT_REFLECTION_V2_FIRST_PORT 3200
#define GENKIT_REFLECTION_V2_LAST_PORT  3400

/* Whether the v2 server tells each runtime its own telemetry URL (see
 * [property@Genkit.RuntimeMonitor:runtime-telemetry-urls]); off unless a monitor sets it. */
void        _genkit_reflection_v2_server_set_runtime_telemetry_urls (GenkitReflectionV2Server *self,
                                                                     gboolean                  runtime_telemetry_urls);

/* Sends one message; every sender takes @params (may be %NULL). Nothing is sent on a
 * connection that is no longer open. */
void        _genkit_jsonrpc_send_request      (SoupWebsocketConnection  *connection,
                                               const char               *id,
                                               const char               *method,
                                               JsonNode                 *params);
void        _genkit_jsonrpc_send_notification (SoupWebsocketConnection  *connection,
                                               const char               *method,
                                               JsonNode                 *params);
void        _genkit_jsonrpc_send_result       (SoupWebsocketConnection  *connection,
                                               const char               *id,
                                               JsonNode                 *result);
void        _genkit_jsonrpc_send_error        (SoupWebsocketConnection  *connection,
                                               const char               *id,
                                               int                       code,
                                               const char               *message,
                                               JsonNode                 *data);

/* Parses a received text frame: a JSON object with `"jsonrpc": "2.0"`. */
JsonObject *_genkit_jsonrpc_parse             (GBytes                   *message,
                                               GError                  **error);

/* The string `id` of a message (Genkit's ids are strings), or %NULL. */
const char *_genkit_jsonrpc_get_id            (JsonObject               *message);

/* A `{"key": value}` params object, for the notifications that carry a request id. */
JsonNode   *_genkit_jsonrpc_params_new        (const char               *request_id,
                                               const char               *member,
                                               JsonNode                 *value);

/* The largest message either side accepts, as the v1 body limit. */
#define GENKIT_REFLECTION_V2_MAX_MESSAGE_SIZE (30 * 1024 * 1024)

/* Whether an `Origin` header names a page of this machine (http(s) on a loopback host).
 * Both reflection servers answer only those, against DNS rebinding and pages elsewhere. */
gboolean    _genkit_reflection_is_loopback_host   (const char           *host);
gboolean    _genkit_reflection_is_loopback_origin (const char           *origin);

/* The studio side: a runtime that registered on a connection of the v2 server. */
GenkitReflectionV2Runtime *_genkit_reflection_v2_runtime_new          (SoupWebsocketConnection   *connection,
                                                                       JsonObject                *params,
                                                                       const char                *server_url,
                                                                       GError                   **error);
void                       _genkit_reflection_v2_runtime_handle       (GenkitReflectionV2Runtime *self,
                                                                       JsonObject                *message);
void                       _genkit_reflection_v2_runtime_disconnected (GenkitReflectionV2Runtime *self);

G_END_DECLS
