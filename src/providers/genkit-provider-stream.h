/* genkit-provider-stream.h — incremental readers of streamed model answers: SSE and NDJSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

/* Server-sent events (the `text/event-stream` format of the HTML standard, which OpenAI,
 * Anthropic, Gemini and Cloudflare stream in): fed any pieces of the body, it calls the
 * event function once per complete event, with its `event` name (%NULL when the event had
 * none: a "message"), its `data` (multi-line `data:` fields joined by "\n") and its last `id`.
 * Lines may end in CRLF, LF or CR, even split across pieces; comments (`:` lines) and unknown
 * fields are ignored; an event without data is not dispatched; an event still open at the end
 * of the stream is dropped, as the standard says. */
typedef gboolean (*GenkitSseEventFunc) (const char  *event,
                                        const char  *data,
                                        gsize        data_len,
                                        const char  *id,
                                        gpointer     user_data,
                                        GError     **error);

typedef struct _GenkitSseReader GenkitSseReader;

GenkitSseReader *_genkit_sse_reader_new        (GenkitSseEventFunc   func,
                                                gpointer             user_data);
void             _genkit_sse_reader_free       (GenkitSseReader     *reader);
gboolean         _genkit_sse_reader_feed       (GenkitSseReader     *reader,
                                                const guint8        *data,
                                                gsize                len,
                                                GError             **error);
gboolean         _genkit_sse_reader_finish     (GenkitSseReader     *reader,
                                                GError             **error);
guint            _genkit_sse_reader_get_n_events (GenkitSseReader   *reader);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitSseReader, _genkit_sse_reader_free)

/* Newline-delimited JSON (Ollama's streaming): every line is one JSON value, handed to the
 * line function at once; blank lines are skipped; a last line without "\n" counts at the end.
 * Built on the reflection client's reader (genkit-remote-runtime-private.h). */
typedef gboolean (*GenkitNdjsonLineFunc) (JsonNode  *line,
                                          gpointer   user_data,
                                          GError   **error);

typedef struct _GenkitNdjsonLines GenkitNdjsonLines;

GenkitNdjsonLines *_genkit_ndjson_lines_new    (const char            *source,
                                                GenkitNdjsonLineFunc   func,
                                                gpointer               user_data);
void               _genkit_ndjson_lines_free   (GenkitNdjsonLines     *lines);
gboolean           _genkit_ndjson_lines_feed   (GenkitNdjsonLines     *lines,
                                                const guint8          *data,
                                                gsize                  len,
                                                GError               **error);
gboolean           _genkit_ndjson_lines_finish (GenkitNdjsonLines     *lines,
                                                GError               **error);
guint              _genkit_ndjson_lines_get_n_lines (GenkitNdjsonLines *lines);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitNdjsonLines, _genkit_ndjson_lines_free)

G_END_DECLS
