/* studio-trace-file.h — traces as files: Genkit trace JSON and OTLP JSON, out and in
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * StudioTraceFormat:
 * @STUDIO_TRACE_FORMAT_GENKIT: Genkit's `TraceData` JSON, as `GET /api/traces/:id` answers
 * @STUDIO_TRACE_FORMAT_OTLP: OTLP/JSON `ExportTraceServiceRequest` (`resourceSpans`)
 *
 * The file formats of a trace.
 */
typedef enum
{
  STUDIO_TRACE_FORMAT_GENKIT,
  STUDIO_TRACE_FORMAT_OTLP,
} StudioTraceFormat;

char     *studio_trace_file_write  (JsonNode           *trace_data,
                                    StudioTraceFormat   format);
JsonNode *studio_trace_file_parse  (const char         *contents,
                                    gsize               length,
                                    GError            **error);
void      studio_trace_file_export (GtkWidget          *parent,
                                    JsonNode           *trace_data);
void      studio_trace_file_open   (GtkWidget          *parent,
                                    GAsyncReadyCallback callback,
                                    gpointer            user_data);
JsonNode *studio_trace_file_open_finish (GAsyncResult  *result,
                                         GError       **error);

G_END_DECLS
