/* studio-span-payload.h — a span's input or output in the trace view, large ones on demand
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit-telemetry.h>

#include "studio-span-node.h"

G_BEGIN_DECLS

/* The trace view reads spans with string attributes longer than this many bytes cut to it
 * (genkit_trace_store_get_trace_elided_async()). */
#define STUDIO_SPAN_PAYLOAD_PREVIEW_BYTES (16 * 1024)
/* Values longer than this many bytes are shown cut, as text, rather than parsed and folded. */
#define STUDIO_SPAN_PAYLOAD_MAX_PARSED (256 * 1024)

#define STUDIO_TYPE_SPAN_PAYLOAD (studio_span_payload_get_type ())

G_DECLARE_FINAL_TYPE (StudioSpanPayload, studio_span_payload, STUDIO, SPAN_PAYLOAD, GtkWidget)

GtkWidget  *studio_span_payload_new            (void);
void        studio_span_payload_show           (StudioSpanPayload   *self,
                                                GenkitTraceStore    *store,
                                                const char          *trace_id,
                                                StudioSpanNode      *node,
                                                const char          *key);
const char *studio_span_payload_get_heading    (StudioSpanPayload   *self);
gsize       studio_span_payload_get_size       (StudioSpanPayload   *self);
gboolean    studio_span_payload_get_elided     (StudioSpanPayload   *self);
gboolean    studio_span_payload_get_loading    (StudioSpanPayload   *self);
JsonNode   *studio_span_payload_get_value      (StudioSpanPayload   *self);
void        studio_span_payload_dup_text_async (StudioSpanPayload   *self,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
char       *studio_span_payload_dup_text_finish (StudioSpanPayload  *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);
void        studio_span_payload_save_async     (StudioSpanPayload   *self,
                                                GFile               *file,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
gboolean    studio_span_payload_save_finish    (StudioSpanPayload   *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
