/* genkit-remote-runtime-private.h — the reflection client's pieces other engine files and
 * tests use: the runAction body reader and notify without a telemetry URL
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-remote-runtime.h"

G_BEGIN_DECLS

/* Reads a `POST /api/runAction` response body in whatever pieces the network delivers it.
 * With @split_lines (a `?stream=true` answer), every complete `\n`-terminated line is one
 * chunk, handed to @chunk_func at once; whatever remains at the end is the final object,
 * exactly as the Genkit CLI splits the stream (`runAction` in
 * genkit-tools/common/src/manager/manager.ts). Without it the whole body is the final object. */
typedef struct _GenkitNdjsonReader GenkitNdjsonReader;

GenkitNdjsonReader *_genkit_ndjson_reader_new        (gboolean             split_lines,
                                                      GenkitStreamFunc     chunk_func,
                                                      gpointer             chunk_data);
void                _genkit_ndjson_reader_free       (GenkitNdjsonReader  *reader);
gboolean            _genkit_ndjson_reader_feed       (GenkitNdjsonReader  *reader,
                                                      const guint8        *data,
                                                      gsize                len,
                                                      GError             **error);
JsonNode           *_genkit_ndjson_reader_finish     (GenkitNdjsonReader  *reader,
                                                      GError             **error);
const guint8       *_genkit_ndjson_reader_peek       (GenkitNdjsonReader  *reader,
                                                      gsize               *len);
guint               _genkit_ndjson_reader_get_n_chunks (GenkitNdjsonReader *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitNdjsonReader, _genkit_ndjson_reader_free)

/* `POST /api/notify` as the Genkit CLI sends it, where @telemetry_server_url may be %NULL
 * (the CLI then sends only `reflectionApiSpecVersion`). */
void                _genkit_remote_runtime_notify_async  (GenkitRemoteRuntime  *self,
                                                          const char           *telemetry_server_url,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
gboolean            _genkit_remote_runtime_notify_finish (GenkitRemoteRuntime  *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

/* The discovery file's `timestamp` as the Genkit CLI reads it: every `_` replaced by `:`,
 * then parsed as a date (ISO 8601; no offset = local time, a date alone = UTC). */
GDateTime          *_genkit_parse_runtime_timestamp  (const char          *text);

/* A runtime's `Status` as a GError, where a code 13 whose message starts with a status name
 * (`INVALID_ARGUMENT: …`, the JavaScript runtime's catch-all answer) takes that name's code. */
GError             *_genkit_remote_error_from_status (JsonNode         *status);

G_END_DECLS
