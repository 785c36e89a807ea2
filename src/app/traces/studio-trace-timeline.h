/* studio-trace-timeline.h — the waterfall of a trace's spans: time → x, zoom, pan, ranges
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_TRACE_TIMELINE (studio_trace_timeline_get_type ())

G_DECLARE_FINAL_TYPE (StudioTraceTimeline, studio_trace_timeline, STUDIO, TRACE_TIMELINE, GtkWidget)

/**
 * STUDIO_TRACE_TIMELINE_ROW_HEIGHT:
 *
 * The height of one span's row, in pixels; the span tree's rows are as high.
 */
#define STUDIO_TRACE_TIMELINE_ROW_HEIGHT 28
/**
 * STUDIO_TRACE_TIMELINE_AXIS_HEIGHT:
 *
 * The height of the time axis above the rows, in pixels; the span tree's header is as high.
 */
#define STUDIO_TRACE_TIMELINE_AXIS_HEIGHT 24

GtkWidget          *studio_trace_timeline_new                (void);
GtkSingleSelection *studio_trace_timeline_get_model          (StudioTraceTimeline *self);
void                studio_trace_timeline_set_model          (StudioTraceTimeline *self,
                                                              GtkSingleSelection  *model);
GtkAdjustment      *studio_trace_timeline_get_vadjustment    (StudioTraceTimeline *self);
void                studio_trace_timeline_set_vadjustment    (StudioTraceTimeline *self,
                                                              GtkAdjustment       *adjustment);
void                studio_trace_timeline_set_bounds         (StudioTraceTimeline *self,
                                                              double               start,
                                                              double               end,
                                                              gboolean             running);
void                studio_trace_timeline_get_visible_range  (StudioTraceTimeline *self,
                                                              double              *start,
                                                              double              *end);
void                studio_trace_timeline_set_visible_range  (StudioTraceTimeline *self,
                                                              double               start,
                                                              double               end);
void                studio_trace_timeline_zoom               (StudioTraceTimeline *self,
                                                              double               factor,
                                                              double               anchor_x);
void                studio_trace_timeline_zoom_to_fit        (StudioTraceTimeline *self);
gboolean            studio_trace_timeline_get_selected_range (StudioTraceTimeline *self,
                                                              double              *start,
                                                              double              *end);
void                studio_trace_timeline_select_range       (StudioTraceTimeline *self,
                                                              double               start,
                                                              double               end);
double              studio_trace_timeline_time_to_x          (StudioTraceTimeline *self,
                                                              double               time);
double              studio_trace_timeline_x_to_time          (StudioTraceTimeline *self,
                                                              double               x);
guint               studio_trace_timeline_row_at             (StudioTraceTimeline *self,
                                                              double               y);

G_END_DECLS
