/* genkit-tracing-private.h — what the telemetry library's span processors share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <libsoup/soup.h>

#include <genkit.h>

G_BEGIN_DECLS

/* Span processors of this library register themselves for genkit_flush_tracing(). */
void        _genkit_tracing_register          (GObject       *processor);

/* `{"traceId", "spans": {id: span}, "displayName"?, "startTime"?, "endTime"?}` for one span,
 * the root fields only when the span has no parent: the payload of Genkit's
 * TraceServerExporter.save(), in its key order. */
char       *_genkit_trace_data_text_for_span  (JsonNode      *span_data,
                                               gsize         *length);
JsonNode   *_genkit_trace_data_for_span       (JsonNode      *span_data);

/* POSTs with a count of requests in flight and flush waiters; used by the exporters. */
typedef struct _GenkitHttpSender GenkitHttpSender;

GenkitHttpSender *_genkit_http_sender_new            (const char          *what,
                                                      gboolean             use_proxy);
void              _genkit_http_sender_free           (GenkitHttpSender    *sender);
void              _genkit_http_sender_post           (GenkitHttpSender    *sender,
                                                      const char          *url,
                                                      SoupMessageHeaders  *extra_headers,
                                                      GBytes              *body);
void              _genkit_http_sender_wait_async     (GenkitHttpSender    *sender,
                                                      GTask               *task);
guint             _genkit_http_sender_get_n_sent     (GenkitHttpSender    *sender);
guint             _genkit_http_sender_get_n_failed   (GenkitHttpSender    *sender);
guint             _genkit_http_sender_get_in_flight  (GenkitHttpSender    *sender);

G_END_DECLS
