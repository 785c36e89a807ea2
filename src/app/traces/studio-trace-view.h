/* studio-trace-view.h — one trace: span tree, waterfall timeline and span details, live
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit.h>
#include <genkit-telemetry.h>

#include "studio-span-node.h"
#include "studio-trace-timeline.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_TRACE_VIEW (studio_trace_view_get_type ())

G_DECLARE_FINAL_TYPE (StudioTraceView, studio_trace_view, STUDIO, TRACE_VIEW, GtkWidget)

GtkWidget           *studio_trace_view_new            (void);
void                 studio_trace_view_load           (StudioTraceView  *self,
                                                       GenkitTraceStore *store,
                                                       const char       *trace_id);
void                 studio_trace_view_show_trace     (StudioTraceView  *self,
                                                       JsonNode         *trace_data);
const char          *studio_trace_view_get_trace_id   (StudioTraceView  *self);
gboolean             studio_trace_view_get_loaded     (StudioTraceView  *self);
guint                studio_trace_view_get_n_spans    (StudioTraceView  *self);
JsonNode            *studio_trace_view_dup_trace_data (StudioTraceView  *self);
StudioSpanNode      *studio_trace_view_find_span      (StudioTraceView  *self,
                                                       const char       *span_id);
gboolean             studio_trace_view_select_span    (StudioTraceView  *self,
                                                       const char       *span_id);
StudioSpanNode      *studio_trace_view_get_selected_span (StudioTraceView *self);
GtkSingleSelection  *studio_trace_view_get_selection  (StudioTraceView  *self);
StudioTraceTimeline *studio_trace_view_get_timeline   (StudioTraceView  *self);

G_END_DECLS
