/* studio-trace-timeline.c — the waterfall of a trace's spans: time → x, zoom, pan, ranges
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <glib/gi18n.h>

#include "studio-span-node.h"
#include "studio-trace-timeline.h"
#include "studio-util.h"

/**
 * StudioTraceTimeline:
 *
 * The waterfall of a trace, drawn the way sysprof draws its marks: a linear mapping of the
 * visible time range onto the widget's width, one rectangle per span with its name and
 * duration, only for the rows in view. Its rows are the rows of the span tree's
 * [class@Gtk.TreeListModel] behind a shared [class@Gtk.SingleSelection], so expanding,
 * collapsing and selecting in the tree and in the timeline are one and the same.
 *
 * Ctrl+scroll and pinch zoom around the pointer, horizontal scroll (or Shift+scroll) pans,
 * plain scroll scrolls the rows, a click (or Up and Down) selects a span, and a drag selects
 * a time range, shown with its length; `0` fits the whole trace again. While the trace runs
 * its running spans grow up to the present.
 *
 * The time axis stays at the top; below it the rows follow a vertical
 * [class@Gtk.Adjustment] that the span tree's scrolled window owns (sysprof's tracks share
 * one the same way), so the two scroll as one and row *n* of the timeline is beside row *n*
 * of the tree as long as the tree's rows are [const@Studio.TRACE_TIMELINE_ROW_HEIGHT] high
 * and the tree starts [const@Studio.TRACE_TIMELINE_AXIS_HEIGHT] lower. Only the rows in
 * view are drawn.
 */
struct _StudioTraceTimeline
{
  GtkWidget           parent_instance;

  GtkSingleSelection *model;
  GtkAdjustment      *vadjustment;     /* the rows' offset, pixels; the tree owns its bounds */

  double              bounds_start;    /* ms since the epoch */
  double              bounds_end;
  gboolean            running;
  double              view_start;      /* the visible range, ms */
  double              view_end;
  gboolean            fitted;          /* the visible range follows the bounds */

  gboolean            has_range;
  double              range_start;
  double              range_end;
  double              drag_start_x;
  double              zoom_scale;      /* the pinch's previous scale */
  guint               live_id;
};

G_DEFINE_FINAL_TYPE (StudioTraceTimeline, studio_trace_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL,
  PROP_VADJUSTMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ROW_HEIGHT STUDIO_TRACE_TIMELINE_ROW_HEIGHT
/* The band above the rows where the time axis is labelled. */
#define AXIS_HEIGHT STUDIO_TRACE_TIMELINE_AXIS_HEIGHT
#define MIN_SPAN_MS 0.001
#define LIVE_INTERVAL_MS 100

static double
now_ms (void)
{
  return g_get_real_time () / 1000.0;
}

static double
studio_trace_timeline_bounds_end (StudioTraceTimeline *self)
{
  return self->running ? MAX (self->bounds_end, now_ms ()) : self->bounds_end;
}

static guint
studio_trace_timeline_n_rows (StudioTraceTimeline *self)
{
  return self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
}

static StudioSpanNode *
studio_trace_timeline_get_node (StudioTraceTimeline *self,
                                guint                position)
{
  g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (GTK_IS_TREE_LIST_ROW (item))
    return gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (item));
  return item ? g_object_ref (STUDIO_SPAN_NODE (item)) : NULL;
}

/* How far the rows are scrolled, in pixels: row n's top is at AXIS_HEIGHT + n × ROW_HEIGHT
 * minus this. */
static double
studio_trace_timeline_get_offset (StudioTraceTimeline *self)
{
  return self->vadjustment ? gtk_adjustment_get_value (self->vadjustment) : 0;
}

/**
 * studio_trace_timeline_time_to_x:
 * @self: a [class@Studio.TraceTimeline]
 * @time: a time, in milliseconds since the epoch
 *
 * Returns: where @time is drawn, in widget coordinates (may be outside the widget)
 */
double
studio_trace_timeline_time_to_x (StudioTraceTimeline *self,
                                 double               time)
{
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double span = MAX (self->view_end - self->view_start, MIN_SPAN_MS);

  return (time - self->view_start) / span * width;
}

/**
 * studio_trace_timeline_x_to_time:
 * @self: a [class@Studio.TraceTimeline]
 * @x: a widget coordinate
 *
 * Returns: the time drawn at @x, in milliseconds since the epoch
 */
double
studio_trace_timeline_x_to_time (StudioTraceTimeline *self,
                                 double               x)
{
  double width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);

  return self->view_start + x / width * (self->view_end - self->view_start);
}

/**
 * studio_trace_timeline_row_at:
 * @self: a [class@Studio.TraceTimeline]
 * @y: a widget coordinate
 *
 * Returns: the position of the row drawn at @y, %GTK_INVALID_LIST_POSITION if none
 */
guint
studio_trace_timeline_row_at (StudioTraceTimeline *self,
                              double               y)
{
  double row = floor ((y - AXIS_HEIGHT + studio_trace_timeline_get_offset (self)) / ROW_HEIGHT);

  if (y < AXIS_HEIGHT || row < 0 || row >= studio_trace_timeline_n_rows (self))
    return GTK_INVALID_LIST_POSITION;
  return (guint) row;
}

static void
studio_trace_timeline_update_live (StudioTraceTimeline *self);

/**
 * studio_trace_timeline_set_bounds:
 * @self: a [class@Studio.TraceTimeline]
 * @start: the trace's first start, ms since the epoch
 * @end: the trace's last end, ms since the epoch
 * @running: whether spans still run (they are drawn up to the present)
 *
 * Sets the time range of the trace; an unzoomed timeline shows all of it.
 */
void
studio_trace_timeline_set_bounds (StudioTraceTimeline *self,
                                  double               start,
                                  double               end,
                                  gboolean             running)
{
  g_return_if_fail (STUDIO_IS_TRACE_TIMELINE (self));

  self->bounds_start = start;
  self->bounds_end = MAX (start, end);
  self->running = running;
  if (self->fitted)
    {
      self->view_start = self->bounds_start;
      self->view_end = MAX (studio_trace_timeline_bounds_end (self), start + MIN_SPAN_MS);
    }
  studio_trace_timeline_update_live (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * studio_trace_timeline_get_visible_range:
 * @self: a [class@Studio.TraceTimeline]
 * @start: (out): the time at the left edge, ms since the epoch
 * @end: (out): the time at the right edge, ms since the epoch
 *
 * Gets the range of time in view.
 */
void
studio_trace_timeline_get_visible_range (StudioTraceTimeline *self,
                                         double              *start,
                                         double              *end)
{
  g_return_if_fail (STUDIO_IS_TRACE_TIMELINE (self));
  *start = self->view_start;
  *end = self->view_end;
}

/**
 * studio_trace_timeline_set_visible_range:
 * @self: a [class@Studio.TraceTimeline]
 * @start: the time at the left edge, ms since the epoch
 * @end: the time at the right edge, later than @start
 *
 * Zooms and pans to a range of time; the timeline stops following the trace's growth.
 */
void
studio_trace_timeline_set_visible_range (StudioTraceTimeline *self,
                                         double               start,
                                         double               end)
{
  g_return_if_fail (STUDIO_IS_TRACE_TIMELINE (self));

  self->view_start = start;
  self->view_end = MAX (end, start + MIN_SPAN_MS);
  self->fitted = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * studio_trace_timeline_zoom:
 * @self: a [class@Studio.TraceTimeline]
 * @factor: how much larger things get (2 shows half the time)
 * @anchor_x: the widget coordinate that stays at the same time
 *
 * Zooms in (@factor > 1) or out around a point.
 */
void
studio_trace_timeline_zoom (StudioTraceTimeline *self,
                            double               factor,
                            double               anchor_x)
{
  double anchor, span;

  g_return_if_fail (STUDIO_IS_TRACE_TIMELINE (self));
  g_return_if_fail (factor > 0);

  anchor = studio_trace_timeline_x_to_time (self, anchor_x);
  span = (self->view_end - self->view_start) / factor;
  span = MAX (span, MIN_SPAN_MS);
  studio_trace_timeline_set_visible_range (self,
                                           anchor - (anchor - self->view_start) / factor,
                                           anchor - (anchor - self->view_start) / factor + span);
}

/**
 * studio_trace_timeline_zoom_to_fit:
 * @self: a [class@Studio.TraceTimeline]
 *
 * Shows the whole trace again and follows its growth.
 */
void
studio_trace_timeline_zoom_to_fit (StudioTraceTimeline *self)
{
  g_return_if_fail (STUDIO_IS_TRACE_TIMELINE (self));

  self->fitted = TRUE;
  studio_trace_timeline_set_bounds (self, self->bounds_start, self->bounds_end, self->running);
}

/**
 * studio_trace_timeline_get_selected_range:
 * @self: a [class@Studio.TraceTimeline]
 * @start: (out) (optional): the range's start, ms since the epoch
 * @end: (out) (optional): the range's end, ms since the epoch
 *
 * Returns: whether a range of time is selected
 */
gboolean
studio_trace_timeline_get_selected_range (StudioTraceTimeline *self,
                                          double              *start,
                                          double              *end)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_TIMELINE (self), FALSE);

  if (start != NULL)
    *start = MIN (self->range_start, self->range_end);
  if (end != NULL)
    *end = MAX (self->range_start, self->range_end);
  return self->has_range;
}

/**
 * studio_trace_timeline_select_range:
 * @self: a [class@Studio.TraceTimeline]
 * @start: the range's start, ms since the epoch
 * @end: the range's end; equal to @start to clear the range
 *
 * Selects a range of time, as a drag does. The span under the range's start row keeps its
 * selection; the range is what Zoom to Selection zooms to.
 */
void
studio_trace_timeline_select_range (StudioTraceTimeline *self,
                                    double               start,
                                    double               end)
{
  g_return_if_fail (STUDIO_IS_TRACE_TIMELINE (self));

  self->has_range = start != end;
  self->range_start = start;
  self->range_end = end;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
studio_trace_timeline_live_cb (gpointer data)
{
  StudioTraceTimeline *self = data;

  if (self->fitted)
    self->view_end = MAX (studio_trace_timeline_bounds_end (self), self->view_start + MIN_SPAN_MS);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_CONTINUE;
}

/* Running spans grow with the clock: redraw a few times a second while any runs. */
static void
studio_trace_timeline_update_live (StudioTraceTimeline *self)
{
  gboolean wanted = self->running && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (wanted && self->live_id == 0)
    self->live_id = g_timeout_add (LIVE_INTERVAL_MS, studio_trace_timeline_live_cb, self);
  else if (!wanted)
    g_clear_handle_id (&self->live_id, g_source_remove);
}

/* ---- scrolling ---- */

static void
studio_trace_timeline_adjustment_changed_cb (StudioTraceTimeline *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Scrolls the rows by @dy pixels, as far as the adjustment's owner lets them go. */
static void
studio_trace_timeline_scroll_rows (StudioTraceTimeline *self,
                                   double               dy)
{
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, gtk_adjustment_get_value (self->vadjustment) + dy);
}

/**
 * studio_trace_timeline_get_vadjustment:
 * @self: a [class@Studio.TraceTimeline]
 *
 * Returns: (transfer none) (nullable): the adjustment the rows follow
 */
GtkAdjustment *
studio_trace_timeline_get_vadjustment (StudioTraceTimeline *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_TIMELINE (self), NULL);
  return self->vadjustment;
}

/**
 * studio_trace_timeline_set_vadjustment:
 * @self: a [class@Studio.TraceTimeline]
 * @adjustment: (nullable): the vertical offset of the rows, in pixels from the first row's
 *   top; its bounds belong to whoever else shows the rows (the span tree's scrolled window)
 *
 * Makes the rows follow @adjustment: its value scrolls them, and scrolling over the timeline
 * sets its value. The timeline never changes its bounds, so two views of the same rows can
 * share it without fighting over it.
 */
void
studio_trace_timeline_set_vadjustment (StudioTraceTimeline *self,
                                       GtkAdjustment       *adjustment)
{
  g_return_if_fail (STUDIO_IS_TRACE_TIMELINE (self));
  g_return_if_fail (adjustment == NULL || GTK_IS_ADJUSTMENT (adjustment));

  if (self->vadjustment == adjustment)
    return;
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment, studio_trace_timeline_adjustment_changed_cb, self);
  g_set_object (&self->vadjustment, adjustment);
  if (adjustment != NULL)
    g_signal_connect_swapped (adjustment, "value-changed",
                              G_CALLBACK (studio_trace_timeline_adjustment_changed_cb), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VADJUSTMENT]);
}

/* ---- the model ---- */

/* Rows come and go (a collapsed subtree, a live span) and the selection moves: redraw. */
static void
studio_trace_timeline_model_changed_cb (StudioTraceTimeline *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * studio_trace_timeline_get_model:
 * @self: a [class@Studio.TraceTimeline]
 *
 * Returns: (transfer none) (nullable): the rows
 */
GtkSingleSelection *
studio_trace_timeline_get_model (StudioTraceTimeline *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_TIMELINE (self), NULL);
  return self->model;
}

/**
 * studio_trace_timeline_set_model:
 * @self: a [class@Studio.TraceTimeline]
 * @model: (nullable): the rows: [class@Gtk.TreeListRow]s of [class@Studio.SpanNode]s (or
 *   the nodes themselves), shared with the span tree so that both select the same span
 *
 * Sets what the timeline draws.
 */
void
studio_trace_timeline_set_model (StudioTraceTimeline *self,
                                 GtkSingleSelection  *model)
{
  g_return_if_fail (STUDIO_IS_TRACE_TIMELINE (self));
  g_return_if_fail (model == NULL || GTK_IS_SINGLE_SELECTION (model));

  if (self->model == model)
    return;
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  g_set_object (&self->model, model);
  if (model != NULL)
    {
      g_signal_connect_swapped (model, "items-changed",
                                G_CALLBACK (studio_trace_timeline_model_changed_cb), self);
      g_signal_connect_swapped (model, "selection-changed",
                                G_CALLBACK (studio_trace_timeline_model_changed_cb), self);
    }
  studio_trace_timeline_model_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

/* ---- input ---- */

/* Ctrl+scroll zooms around the pointer; Shift+scroll and horizontal scroll pan; plain scroll
 * scrolls the rows, and with them the span tree. A wheel's click moves as far as a scrolled
 * window's would; a touchpad's deltas are pixels. */
static gboolean
studio_trace_timeline_scroll_cb (GtkEventControllerScroll *controller,
                                 double                    dx,
                                 double                    dy,
                                 StudioTraceTimeline      *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  GdkEvent *event = gtk_event_controller_get_current_event (GTK_EVENT_CONTROLLER (controller));
  gboolean wheel = gtk_event_controller_scroll_get_unit (controller) == GDK_SCROLL_UNIT_WHEEL;
  double width = MAX (gtk_widget_get_width (GTK_WIDGET (self)), 1);
  double x = width / 2.0, y;
  double span = self->view_end - self->view_start;

  if (state & GDK_CONTROL_MASK)
    {
      if (event != NULL && gdk_event_get_position (event, &x, &y))
        {
          graphene_point_t point;

          /* The event is in surface coordinates; the zoom's anchor is ours. */
          if (gtk_widget_compute_point (GTK_WIDGET (gtk_widget_get_native (GTK_WIDGET (self))),
                                        GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
            x = point.x;
        }
      studio_trace_timeline_zoom (self, pow (1.2, wheel ? -dy : -dy / 10), x);
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    {
      dx = dx != 0 ? dx : dy;
      dy = 0;
    }
  if (dx != 0)
    {
      double shift = wheel ? span * dx * 0.1 : span * dx / width;

      studio_trace_timeline_set_visible_range (self, self->view_start + shift, self->view_end + shift);
    }
  if (dy != 0 && self->vadjustment != NULL)
    {
      double page = gtk_adjustment_get_page_size (self->vadjustment);

      /* GtkScrolledWindow's step for a wheel's click. */
      studio_trace_timeline_scroll_rows (self, wheel ? dy * pow (MAX (page, 1), 2.0 / 3.0) : dy);
    }
  return dx != 0 || (dy != 0 && self->vadjustment != NULL);
}

static void
studio_trace_timeline_zoom_begin_cb (GtkGesture          *gesture,
                                     GdkEventSequence    *sequence,
                                     StudioTraceTimeline *self)
{
  self->zoom_scale = 1;
}

static void
studio_trace_timeline_zoom_scale_changed_cb (GtkGestureZoom      *gesture,
                                             double               scale,
                                             StudioTraceTimeline *self)
{
  double x, y;

  if (scale <= 0 || self->zoom_scale <= 0)
    return;
  if (!gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y))
    x = gtk_widget_get_width (GTK_WIDGET (self)) / 2.0;
  studio_trace_timeline_zoom (self, scale / self->zoom_scale, x);
  self->zoom_scale = scale;
}

static void
studio_trace_timeline_drag_begin_cb (GtkGestureDrag      *gesture,
                                     double               x,
                                     double               y,
                                     StudioTraceTimeline *self)
{
  self->drag_start_x = x;
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
studio_trace_timeline_drag_update_cb (GtkGestureDrag      *gesture,
                                      double               dx,
                                      double               dy,
                                      StudioTraceTimeline *self)
{
  if (fabs (dx) < 3)
    return;
  studio_trace_timeline_select_range (self,
                                      studio_trace_timeline_x_to_time (self, self->drag_start_x),
                                      studio_trace_timeline_x_to_time (self, self->drag_start_x + dx));
}

static void
studio_trace_timeline_drag_end_cb (GtkGestureDrag      *gesture,
                                   double               dx,
                                   double               dy,
                                   StudioTraceTimeline *self)
{
  double x, y;
  guint row;

  if (fabs (dx) >= 3)
    return;
  /* A click: select the span of the row, clear the range. */
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  studio_trace_timeline_select_range (self, 0, 0);
  row = studio_trace_timeline_row_at (self, y);
  if (row != GTK_INVALID_LIST_POSITION && self->model != NULL)
    gtk_single_selection_set_selected (self->model, row);
}

static void
studio_trace_timeline_zoom_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  StudioTraceTimeline *self = STUDIO_TRACE_TIMELINE (widget);
  double width = gtk_widget_get_width (widget);
  double start, end;

  if (g_str_equal (action_name, "timeline.zoom-in"))
    studio_trace_timeline_zoom (self, 1.5, width / 2);
  else if (g_str_equal (action_name, "timeline.zoom-out"))
    studio_trace_timeline_zoom (self, 1 / 1.5, width / 2);
  else if (studio_trace_timeline_get_selected_range (self, &start, &end))
    {
      studio_trace_timeline_set_visible_range (self, start, end);
      studio_trace_timeline_select_range (self, 0, 0);
    }
  else
    studio_trace_timeline_zoom_to_fit (self);
}

/* Up and Down select the span above or below, as in the span tree; its owner scrolls it into
 * view. */
static void
studio_trace_timeline_select_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  StudioTraceTimeline *self = STUDIO_TRACE_TIMELINE (widget);
  guint n_rows = studio_trace_timeline_n_rows (self);
  guint selected;

  if (n_rows == 0)
    return;
  selected = gtk_single_selection_get_selected (self->model);
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else if (g_str_equal (action_name, "timeline.select-next"))
    selected = MIN (selected + 1, n_rows - 1);
  else if (selected > 0)
    selected--;
  gtk_single_selection_set_selected (self->model, selected);
}

/* ---- drawing ---- */

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
studio_trace_timeline_bar_color (StudioSpanNode *node,
                                 GdkRGBA        *color)
{
  const char *kind = studio_span_node_get_kind (node);
  const char *spec = "#9a9996";

  if (studio_span_node_is_error (node))
    spec = "#e01b24";
  else if (g_strcmp0 (kind, "flow") == 0)
    spec = "#3584e4";
  else if (g_strcmp0 (kind, "model") == 0 || g_strcmp0 (kind, "background-model") == 0)
    spec = "#9141ac";
  else if (g_strcmp0 (kind, "tool") == 0)
    spec = "#2ec27e";
  else if (g_strcmp0 (kind, "flowStep") == 0)
    spec = "#1c71d8";
  else if (g_strcmp0 (kind, "retriever") == 0 || g_strcmp0 (kind, "embedder") == 0)
    spec = "#e5a50a";
  gdk_rgba_parse (color, spec);
}

static void
studio_trace_timeline_append_text (StudioTraceTimeline *self,
                                   GtkSnapshot         *snapshot,
                                   const char          *text,
                                   double               x,
                                   double               y,
                                   const GdkRGBA       *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int height;

  pango_layout_get_pixel_size (layout, NULL, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y - height / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

/* Grid lines at round durations since the trace's start, labelled along the top. */
static void
studio_trace_timeline_snapshot_grid (StudioTraceTimeline *self,
                                     GtkSnapshot         *snapshot,
                                     const GdkRGBA       *fg,
                                     double               width,
                                     double               height)
{
  double span = MAX (self->view_end - self->view_start, MIN_SPAN_MS);
  double step = pow (10, floor (log10 (span / 5)));
  GdkRGBA line = *fg;
  double first;

  if (span / step > 10)
    step *= span / step > 25 ? 5 : 2;
  line.alpha = 0.12;
  first = ceil ((self->view_start - self->bounds_start) / step) * step + self->bounds_start;
  for (double t = first; t <= self->view_end; t += step)
    {
      double x = studio_trace_timeline_time_to_x (self, t);
      g_autofree char *label = studio_format_duration ((gint64) llround ((t - self->bounds_start) * 1000));
      GdkRGBA dim = *fg;

      dim.alpha = 0.55;
      append_rect (snapshot, &line, floor (x), 0, 1, height);
      studio_trace_timeline_append_text (self, snapshot, label, x + 3, AXIS_HEIGHT / 2.0, &dim);
    }
}

static void
studio_trace_timeline_snapshot_row (StudioTraceTimeline *self,
                                    GtkSnapshot         *snapshot,
                                    StudioSpanNode      *node,
                                    double               y,
                                    double               width,
                                    gboolean             selected,
                                    const GdkRGBA       *fg)
{
  double start = studio_span_node_get_start_time (node);
  double end = studio_span_node_is_running (node) ? MAX (now_ms (), start) : studio_span_node_get_end_time (node);
  double x1 = studio_trace_timeline_time_to_x (self, start);
  double x2 = MAX (studio_trace_timeline_time_to_x (self, end), x1 + 2);
  g_autofree char *duration = studio_format_duration ((gint64) llround ((end - start) * 1000));
  g_autofree char *label = NULL;
  GdkRGBA color;
  int label_width;
  PangoLayout *layout;

  if (selected)
    {
      GdkRGBA highlight = *fg;

      highlight.alpha = 0.1;
      append_rect (snapshot, &highlight, 0, y, width, ROW_HEIGHT);
    }
  studio_trace_timeline_bar_color (node, &color);
  if (studio_span_node_is_running (node))
    color.alpha = 0.55;
  append_rect (snapshot, &color, x1, y + 4, x2 - x1, ROW_HEIGHT - 8);

  label = g_strdup_printf (studio_span_node_is_running (node) ? _("%s · %s · running") : "%s · %s",
                           studio_span_node_get_name (node), duration);
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), label);
  pango_layout_get_pixel_size (layout, &label_width, NULL);
  g_object_unref (layout);
  /* Inside the bar when it fits, else after it, else before it. */
  if (x2 - x1 >= label_width + 8)
    {
      GdkRGBA white = { 1, 1, 1, 1 };

      studio_trace_timeline_append_text (self, snapshot, label, MAX (x1, 0) + 4, y + ROW_HEIGHT / 2.0, &white);
    }
  else if (x2 + 4 + label_width <= width || x1 - 4 - label_width < 0)
    studio_trace_timeline_append_text (self, snapshot, label, x2 + 4, y + ROW_HEIGHT / 2.0, fg);
  else
    studio_trace_timeline_append_text (self, snapshot, label, x1 - 4 - label_width, y + ROW_HEIGHT / 2.0, fg);
}

static void
studio_trace_timeline_snapshot (GtkWidget   *widget,
                                GtkSnapshot *snapshot)
{
  StudioTraceTimeline *self = STUDIO_TRACE_TIMELINE (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double offset = studio_trace_timeline_get_offset (self);
  guint n_rows = studio_trace_timeline_n_rows (self);
  /* Only the rows in view, between the axis and the bottom edge. */
  guint first = (guint) (MAX (offset, 0) / ROW_HEIGHT);
  guint last = MIN (n_rows, (guint) (MAX (offset + height - AXIS_HEIGHT, 0) / ROW_HEIGHT) + 1);
  guint selected = self->model ? gtk_single_selection_get_selected (self->model) : GTK_INVALID_LIST_POSITION;
  GdkRGBA fg, rule;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  studio_trace_timeline_snapshot_grid (self, snapshot, &fg, width, height);
  rule = fg;
  rule.alpha = 0.15;
  append_rect (snapshot, &rule, 0, AXIS_HEIGHT - 1, width, 1);
  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, AXIS_HEIGHT, width, MAX (height - AXIS_HEIGHT, 0)));
  for (guint i = first; i < last; i++)
    {
      g_autoptr(StudioSpanNode) node = studio_trace_timeline_get_node (self, i);

      if (node != NULL)
        studio_trace_timeline_snapshot_row (self, snapshot, node, AXIS_HEIGHT + i * (double) ROW_HEIGHT - offset,
                                            width, i == selected, &fg);
    }
  gtk_snapshot_pop (snapshot);
  if (self->has_range)
    {
      double x1 = studio_trace_timeline_time_to_x (self, MIN (self->range_start, self->range_end));
      double x2 = studio_trace_timeline_time_to_x (self, MAX (self->range_start, self->range_end));
      g_autofree char *length = studio_format_duration ((gint64) llround (fabs (self->range_end - self->range_start) * 1000));
      GdkRGBA shade = { 0.21, 0.52, 0.89, 0.2 };

      append_rect (snapshot, &shade, x1, 0, x2 - x1, height);
      studio_trace_timeline_append_text (self, snapshot, length, x1 + 4, height - 10, &fg);
    }
  gtk_snapshot_pop (snapshot);
}

static void
studio_trace_timeline_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 200;
  else
    /* The rows scroll: their number does not make the timeline taller. */
    *minimum = *natural = AXIS_HEIGHT + ROW_HEIGHT * 2;
}

static void
studio_trace_timeline_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (studio_trace_timeline_parent_class)->map (widget);
  studio_trace_timeline_update_live (STUDIO_TRACE_TIMELINE (widget));
}

static void
studio_trace_timeline_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (studio_trace_timeline_parent_class)->unmap (widget);
  studio_trace_timeline_update_live (STUDIO_TRACE_TIMELINE (widget));
}

/* ---- GObject ---- */

static void
studio_trace_timeline_dispose (GObject *object)
{
  StudioTraceTimeline *self = STUDIO_TRACE_TIMELINE (object);

  g_clear_handle_id (&self->live_id, g_source_remove);
  studio_trace_timeline_set_model (self, NULL);
  studio_trace_timeline_set_vadjustment (self, NULL);

  G_OBJECT_CLASS (studio_trace_timeline_parent_class)->dispose (object);
}

static void
studio_trace_timeline_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  StudioTraceTimeline *self = STUDIO_TRACE_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->model);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_trace_timeline_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  StudioTraceTimeline *self = STUDIO_TRACE_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      studio_trace_timeline_set_model (self, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      studio_trace_timeline_set_vadjustment (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_trace_timeline_class_init (StudioTraceTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_trace_timeline_dispose;
  object_class->get_property = studio_trace_timeline_get_property;
  object_class->set_property = studio_trace_timeline_set_property;

  widget_class->snapshot = studio_trace_timeline_snapshot;
  widget_class->measure = studio_trace_timeline_measure;
  widget_class->map = studio_trace_timeline_map;
  widget_class->unmap = studio_trace_timeline_unmap;

  /**
   * StudioTraceTimeline:model:
   *
   * The rows: tree rows of [class@Studio.SpanNode]s behind the span tree's selection.
   */
  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, GTK_TYPE_SINGLE_SELECTION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * StudioTraceTimeline:vadjustment:
   *
   * The vertical offset of the rows, in pixels, shared with the span tree's scrolled window,
   * which sets its bounds; see [method@Studio.TraceTimeline.set_vadjustment].
   */
  properties[PROP_VADJUSTMENT] =
    g_param_spec_object ("vadjustment", NULL, NULL, GTK_TYPE_ADJUSTMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, studio_trace_timeline_zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, studio_trace_timeline_zoom_action);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-fit", NULL, studio_trace_timeline_zoom_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "timeline.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "timeline.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "timeline.zoom-fit", NULL);
  gtk_widget_class_install_action (widget_class, "timeline.select-previous", NULL, studio_trace_timeline_select_action);
  gtk_widget_class_install_action (widget_class, "timeline.select-next", NULL, studio_trace_timeline_select_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, 0, "timeline.select-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Up, 0, "timeline.select-previous", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, 0, "timeline.select-next", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Down, 0, "timeline.select-next", NULL);
  gtk_widget_class_set_css_name (widget_class, "tracetimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
studio_trace_timeline_init (StudioTraceTimeline *self)
{
  GtkEventController *scroll;
  GtkGesture *zoom, *drag;

  self->fitted = TRUE;
  self->view_end = MIN_SPAN_MS;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  g_signal_connect (scroll, "scroll", G_CALLBACK (studio_trace_timeline_scroll_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), scroll);

  zoom = gtk_gesture_zoom_new ();
  g_signal_connect (zoom, "begin", G_CALLBACK (studio_trace_timeline_zoom_begin_cb), self);
  g_signal_connect (zoom, "scale-changed", G_CALLBACK (studio_trace_timeline_zoom_scale_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (zoom));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (studio_trace_timeline_drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (studio_trace_timeline_drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (studio_trace_timeline_drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
}

/**
 * studio_trace_timeline_new:
 *
 * Returns: (transfer full): an empty timeline
 */
GtkWidget *
studio_trace_timeline_new (void)
{
  return g_object_new (STUDIO_TYPE_TRACE_TIMELINE, NULL);
}
