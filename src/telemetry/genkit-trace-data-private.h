/* genkit-trace-data-private.h — Genkit TraceData checked and normalized for the trace store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* At most this many bytes of `genkit:input` / `genkit:output` go into the full-text index
 * (cut at a character boundary); the span keeps the whole value. */
#define GENKIT_TRACE_FTS_MAX_BYTES (256 * 1024)

/* One span of an incoming TraceData payload, checked against Genkit's `SpanDataSchema` and
 * reduced to what the store needs. */
typedef struct
{
  char     *span_id;          /* its key in `spans` (Genkit stores spans under the key) */
  char     *parent_span_id;   /* nullable */
  char     *display_name;
  double    start_time;       /* ms since the epoch */
  double    end_time;         /* ms since the epoch, 0 while running */
  gboolean  has_status;
  double    status_code;
  char     *index_type;       /* `${subtype || genkit:type || 'UNKNOWN'}` (the trace index's type) */
  char     *genkitx;          /* nullable: JSON object of the `genkitx:*` attributes as strings */
  char     *json;             /* SpanData as Genkit's zod parse leaves it, compact */
  gsize     json_len;
  char     *fts_input;        /* nullable: what the full-text index gets of `genkit:input` */
  char     *fts_output;       /* nullable: likewise of `genkit:output` */
} GenkitIngestSpan;

/* An incoming TraceData payload, after Genkit's store filters (prompt spans, a lone
 * `dev-run-action-wrapper`). */
typedef struct
{
  char      *trace_id;
  char      *display_name;
  double     start_time;
  double     end_time;
  guint      has_display_name : 1;
  guint      has_start_time : 1;
  guint      has_end_time : 1;
  guint      has_root : 1;        /* some span left after filtering has no parent */
  GPtrArray *spans;               /* GenkitIngestSpan, in payload order */
  char      *runtime_id;          /* nullable: the runtime that sent it (not in the payload) */
} GenkitIngestTrace;

/* One LogRecordData ready for the store. */
typedef struct
{
  char   *log_id;
  char   *trace_id;               /* nullable */
  char   *span_id;                /* nullable */
  double  timestamp;              /* ms */
  char   *json;
} GenkitIngestLog;

gboolean           _genkit_trace_id_is_valid            (const char   *trace_id,
                                                         gsize         length);

GenkitIngestTrace *_genkit_ingest_trace_new_from_json   (JsonNode     *trace_data,
                                                         GError      **error);
void               _genkit_ingest_trace_free            (GenkitIngestTrace *trace);
void               _genkit_ingest_span_free             (GenkitIngestSpan  *span);
double             _genkit_ingest_trace_bytes           (GenkitIngestTrace *trace);

GPtrArray         *_genkit_ingest_logs_new_from_json    (JsonNode     *logs,
                                                         GError      **error);
void               _genkit_ingest_log_free              (GenkitIngestLog   *log);

char              *_genkit_fts_text                     (JsonObject   *attributes,
                                                         const char   *key);
char              *_genkit_span_listing_preview         (const char   *span_json,
                                                         gboolean      exact,
                                                         GError      **error);

/* OTLP/JSON (protocol §6.7 `POST /api/otlp`) */
GPtrArray         *_genkit_otlp_to_trace_data           (JsonNode     *payload,
                                                         GError      **error);
JsonNode          *_genkit_otlp_to_log_records          (JsonNode     *payload,
                                                         GError      **error);
void               _genkit_otlp_write_span              (GString      *out,
                                                         JsonObject   *span_data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitIngestTrace, _genkit_ingest_trace_free)

G_END_DECLS
