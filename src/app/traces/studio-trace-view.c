/* studio-trace-view.c — one trace: span tree, waterfall timeline and span details, live
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-result-view.h"
#include "studio-span-payload.h"
#include "studio-trace-file.h"
#include "studio-trace-view.h"
#include "studio-util.h"

/**
 * StudioTraceView:
 *
 * One Genkit trace, the way the traces pane and "Open Trace" of a runner show it:
 *
 * - a span tree ([class@Gtk.ListView] over a [class@Gtk.TreeListModel] of
 *   [class@Studio.SpanNode]s, children in start order; arrows and Shift+arrows expand and
 *   collapse, as in every GTK tree);
 * - beside it a [class@Studio.TraceTimeline] whose rows are the tree's rows behind the same
 *   selection, so the two always show and select the same spans; the two scroll as one (the
 *   timeline follows the tree's vertical adjustment, sysprof-style, and the rows are equally
 *   high), so each span's bar is level with its row in the tree;
 * - the selected span's details: kind, status, duration, the token and latency roll-up of
 *   its subtree, its error with the stack, the conversation of a model call, thumbnails of
 *   its media (decoded on a worker thread), its input and output ([class@Studio.SpanPayload]:
 *   foldable JSON, large ones shown cut with their size and read whole on demand) and its
 *   other attributes; Open in Runner opens the span's action with its input.
 *
 * A trace is read from the store with its payloads over %STUDIO_SPAN_PAYLOAD_PREVIEW_BYTES
 * left out ([method@Genkit.TraceStore.get_trace_elided_async]), so a trace of many
 * megabyte outputs opens as fast as a small one; Export reads it whole.
 *
 * A trace read from the [class@Genkit.TraceStore] stays live: the store's
 * [signal@Genkit.TraceStore::span-started] and [signal@Genkit.TraceStore::span-ended] add and
 * grow spans while the trace runs, whether they come before or after the stored trace was
 * read. A trace opened from a file is shown as it is.
 */
struct _StudioTraceView
{
  GtkWidget            parent_instance;

  /* Template children */
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkSpinner          *running_spinner;
  GtkStack            *stack;
  AdwStatusPage       *error_page;
  GtkLabel            *tree_header;
  GtkListView         *tree_view;
  StudioTraceTimeline *timeline;
  GtkScrollbar        *rows_scrollbar;
  GtkAdjustment       *rows_adjustment;
  GtkLabel            *span_title_label;
  GtkLabel            *span_meta_label;
  GtkLabel            *error_label;
  GtkBox              *conversation_box;
  GtkFlowBox          *media_box;
  StudioSpanPayload   *input_payload;
  StudioSpanPayload   *output_payload;
  StudioResultView    *attributes_view;

  /* Owned */
  GenkitTraceStore    *store;
  char                *trace_id;
  JsonNode            *trace_info;    /* the TraceData without its spans, nullable */
  GCancellable        *cancellable;   /* the read of the trace */
  GCancellable        *media_cancellable;
  GListStore          *roots;         /* StudioSpanNode */
  GHashTable          *spans;         /* span id → StudioSpanNode */
  GHashTable          *orphans;       /* parent span id → GPtrArray of StudioSpanNode */
  GtkTreeListModel    *tree;
  GtkSingleSelection  *selection;
  guint                n_running;
  double               start_time;
  double               end_time;
  gboolean             loaded;
};

G_DEFINE_FINAL_TYPE (StudioTraceView, studio_trace_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TRACE_ID,
  PROP_LOADED,
  PROP_N_SPANS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define THUMBNAIL_SIZE 96

static void studio_trace_view_show_span (StudioTraceView *self,
                                         StudioSpanNode  *node);

/* ---- the span tree ---- */

static GListModel *
studio_trace_view_create_children (gpointer item,
                                   gpointer user_data)
{
  /* A leaf that ended stays a leaf: no expander. A running span may still get children. */
  if (studio_span_node_get_n_children (item) == 0 && !studio_span_node_is_running (item))
    return NULL;
  return G_LIST_MODEL (g_object_ref (studio_span_node_get_children (item)));
}

static void
studio_trace_view_update_header (StudioTraceView *self)
{
  g_autofree char *duration = NULL;
  g_autofree char *subtitle = NULL;
  double end = self->n_running > 0 ? MAX (self->end_time, g_get_real_time () / 1000.0) : self->end_time;
  guint n_spans = g_hash_table_size (self->spans);

  duration = studio_format_duration ((gint64) ((end - self->start_time) * 1000));
  subtitle = g_strdup_printf (ngettext ("%s · %u span · %s", "%s · %u spans · %s", n_spans),
                              self->trace_id ? self->trace_id : "", n_spans, duration);
  gtk_label_set_text (self->subtitle_label, subtitle);
  gtk_spinner_set_spinning (self->running_spinner, self->n_running > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->running_spinner), self->n_running > 0);
  studio_trace_timeline_set_bounds (self->timeline, self->start_time, self->end_time, self->n_running > 0);
}

static void
studio_trace_view_update_title (StudioTraceView *self)
{
  const char *name = NULL;

  if (self->trace_info != NULL)
    name = json_object_get_string_member_with_default (json_node_get_object (self->trace_info),
                                                       "displayName", NULL);
  if (name == NULL && g_list_model_get_n_items (G_LIST_MODEL (self->roots)) > 0)
    {
      g_autoptr(StudioSpanNode) root = g_list_model_get_item (G_LIST_MODEL (self->roots), 0);

      gtk_label_set_text (self->title_label, studio_span_node_get_name (root));
      return;
    }
  gtk_label_set_text (self->title_label, name ? name : _("Trace"));
}

/* Inserts @node into @store in start order. */
static void
insert_sorted (GListStore     *store,
               StudioSpanNode *node)
{
  g_list_store_insert_sorted (store, node, studio_span_node_compare, NULL);
}

static void
remove_from (GListStore     *store,
             StudioSpanNode *node)
{
  guint position;

  if (g_list_store_find (store, node, &position))
    g_list_store_remove (store, position);
}

/* Puts a new node under its parent, or among the roots until its parent arrives. */
static void
studio_trace_view_attach (StudioTraceView *self,
                          StudioSpanNode  *node)
{
  const char *parent_id = studio_span_node_get_parent_id (node);
  StudioSpanNode *parent = parent_id ? g_hash_table_lookup (self->spans, parent_id) : NULL;
  GPtrArray *waiting;

  if (parent != NULL)
    {
      studio_span_node_set_parent (node, parent);
      insert_sorted (studio_span_node_get_children (parent), node);
    }
  else
    {
      insert_sorted (self->roots, node);
      if (parent_id != NULL)
        {
          GPtrArray *siblings = g_hash_table_lookup (self->orphans, parent_id);

          if (siblings == NULL)
            {
              siblings = g_ptr_array_new ();
              g_hash_table_insert (self->orphans, g_strdup (parent_id), siblings);
            }
          g_ptr_array_add (siblings, node);
        }
    }

  /* Children that came before this span move under it. */
  waiting = g_hash_table_lookup (self->orphans, studio_span_node_get_span_id (node));
  if (waiting != NULL)
    {
      for (guint i = 0; i < waiting->len; i++)
        {
          g_autoptr(StudioSpanNode) child = g_object_ref (g_ptr_array_index (waiting, i));

          remove_from (self->roots, child);
          studio_span_node_set_parent (child, node);
          insert_sorted (studio_span_node_get_children (node), child);
        }
      g_hash_table_remove (self->orphans, studio_span_node_get_span_id (node));
    }
}

static void
studio_trace_view_add_span (StudioTraceView *self,
                            JsonNode        *span)
{
  JsonObject *object;
  const char *span_id;
  StudioSpanNode *node;
  gboolean was_running = FALSE;

  if (span == NULL || !JSON_NODE_HOLDS_OBJECT (span))
    return;
  object = json_node_get_object (span);
  span_id = json_object_get_string_member_with_default (object, "spanId", NULL);
  if (span_id == NULL)
    return;

  node = g_hash_table_lookup (self->spans, span_id);
  if (node != NULL)
    {
      was_running = studio_span_node_is_running (node);
      if (!studio_span_node_update (node, span))
        return;
    }
  else
    {
      node = studio_span_node_new (span);
      g_hash_table_insert (self->spans, g_strdup (span_id), node);
      studio_trace_view_attach (self, node);
      if (g_hash_table_size (self->spans) == 1 || studio_span_node_get_start_time (node) < self->start_time)
        self->start_time = studio_span_node_get_start_time (node);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SPANS]);
    }

  if (was_running)
    self->n_running--;
  if (studio_span_node_is_running (node))
    self->n_running++;
  else
    self->end_time = MAX (self->end_time, studio_span_node_get_end_time (node));
  self->end_time = MAX (self->end_time, self->start_time);
}

static void
studio_trace_view_spans_added (StudioTraceView *self)
{
  studio_trace_view_update_title (self);
  studio_trace_view_update_header (self);
}

static void
studio_trace_view_span_event_cb (GenkitTraceStore *store,
                                 const char       *trace_id,
                                 JsonNode         *span,
                                 StudioTraceView  *self)
{
  StudioSpanNode *selected;

  if (g_strcmp0 (trace_id, self->trace_id) != 0)
    return;
  studio_trace_view_add_span (self, span);
  studio_trace_view_spans_added (self);
  selected = studio_trace_view_get_selected_span (self);
  if (selected != NULL && g_strcmp0 (studio_span_node_get_span_id (selected),
                                     json_object_get_string_member_with_default (json_node_get_object (span), "spanId", "")) == 0)
    studio_trace_view_show_span (self, selected);
}

/* ---- rows of the span tree ---- */

static void
tree_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *duration = gtk_label_new (NULL);
  GtkWidget *spinner = gtk_spinner_new ();

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (duration, "dim-label");
  gtk_widget_add_css_class (duration, "numeric");
  gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), duration);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  /* Level with the timeline's row beside it (style.css takes the row's padding away). */
  gtk_widget_set_size_request (expander, -1, STUDIO_TRACE_TIMELINE_ROW_HEIGHT);
  gtk_list_item_set_child (list_item, expander);
}

static void
tree_row_update (GtkListItem *list_item)
{
  GtkTreeExpander *expander = GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item));
  GtkWidget *box = gtk_tree_expander_get_child (expander);
  GtkWidget *name = gtk_widget_get_first_child (box);
  GtkWidget *spinner = gtk_widget_get_next_sibling (name);
  GtkWidget *duration = gtk_widget_get_next_sibling (spinner);
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  StudioSpanNode *node = row ? gtk_tree_list_row_get_item (row) : NULL;
  g_autofree char *text = NULL;

  if (node == NULL)
    return;
  gtk_label_set_text (GTK_LABEL (name), studio_span_node_get_name (node));
  gtk_widget_set_visible (spinner, studio_span_node_is_running (node));
  if (!studio_span_node_is_running (node))
    text = studio_format_duration ((gint64) ((studio_span_node_get_end_time (node)
                                              - studio_span_node_get_start_time (node)) * 1000));
  gtk_label_set_text (GTK_LABEL (duration), text ? text : "");
  if (studio_span_node_is_error (node))
    gtk_widget_add_css_class (name, "error");
  else
    gtk_widget_remove_css_class (name, "error");
  g_object_unref (node);
}

static void
tree_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(StudioSpanNode) node = gtk_tree_list_row_get_item (row);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), row);
  g_signal_connect_swapped (node, "notify::span", G_CALLBACK (tree_row_update), list_item);
  tree_row_update (list_item);
}

static void
tree_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  g_autoptr(StudioSpanNode) node = row ? gtk_tree_list_row_get_item (row) : NULL;

  if (node != NULL)
    g_signal_handlers_disconnect_by_func (node, tree_row_update, list_item);
  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (gtk_list_item_get_child (list_item)), NULL);
}

/* The one scrollbar of the tree and the timeline shows only when there is something to
 * scroll. */
static void
rows_adjustment_changed_cb (GtkAdjustment *adjustment,
                            GtkWidget     *scrollbar)
{
  gtk_widget_set_visible (scrollbar, gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment));
}

/* Right (or +) expands the selected span, Left (or -) collapses it or goes to its parent,
 * as in GTK's and GNOME's trees. */
static gboolean
tree_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     StudioTraceView       *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  gboolean expand = keyval == GDK_KEY_Right || keyval == GDK_KEY_plus || keyval == GDK_KEY_KP_Add;
  gboolean collapse = keyval == GDK_KEY_Left || keyval == GDK_KEY_minus || keyval == GDK_KEY_KP_Subtract;
  g_autoptr(GtkTreeListRow) parent = NULL;

  if (row == NULL || (!expand && !collapse) || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  if (expand)
    {
      gtk_tree_list_row_set_expanded (row, TRUE);
      return TRUE;
    }
  if (gtk_tree_list_row_get_expanded (row))
    gtk_tree_list_row_set_expanded (row, FALSE);
  else if ((parent = gtk_tree_list_row_get_parent (row)) != NULL)
    gtk_single_selection_set_selected (self->selection, gtk_tree_list_row_get_position (parent));
  return TRUE;
}

/* ---- details of the selected span ---- */

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_FLOW_BOX (box))
        gtk_flow_box_remove (GTK_FLOW_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static void
studio_trace_view_thumbnail_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GdkPixbuf) pixbuf = g_task_propagate_pointer (G_TASK (result), NULL);
  StudioTraceView *self;
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *picture;

  if (pixbuf == NULL || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  self = STUDIO_TRACE_VIEW (user_data);
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  picture = gtk_picture_new_for_paintable (GDK_PAINTABLE (texture));
  gtk_widget_set_size_request (picture, THUMBNAIL_SIZE, THUMBNAIL_SIZE);
  gtk_flow_box_append (self->media_box, picture);
  gtk_widget_set_visible (GTK_WIDGET (self->media_box), TRUE);
}

/* Decodes a `data:` URL's image at thumbnail size, on a worker thread. */
static void
studio_trace_view_thumbnail_thread (GTask        *task,
                                    gpointer      source_object,
                                    gpointer      task_data,
                                    GCancellable *cancellable)
{
  const char *url = task_data;
  const char *comma = strchr (url, ',');
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guchar *data;
  gsize length;
  GdkPixbuf *pixbuf;

  if (comma == NULL || comma - url < 7 || strncmp (comma - 7, ";base64", 7) != 0)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  data = g_base64_decode (comma + 1, &length);
  bytes = g_bytes_new_take (data, length);
  stream = g_memory_input_stream_new_from_bytes (bytes);
  pixbuf = gdk_pixbuf_new_from_stream_at_scale (stream, THUMBNAIL_SIZE, THUMBNAIL_SIZE, TRUE,
                                                cancellable, NULL);
  g_task_return_pointer (task, pixbuf, g_object_unref);
}

/* The messages of a model call (its request's, then the response's) as a conversation,
 * and the images among them as thumbnails. */
static void
studio_trace_view_show_message (StudioTraceView *self,
                                JsonObject      *message)
{
  const char *role = json_object_get_string_member_with_default (message, "role", "");
  JsonNode *content = json_object_get_member (message, "content");
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *markup = NULL;
  GtkWidget *label;

  if (content == NULL || !JSON_NODE_HOLDS_ARRAY (content))
    return;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (content)); i++)
    {
      JsonNode *part = json_array_get_element (json_node_get_array (content), i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (part) ? json_node_get_object (part) : NULL;
      JsonNode *media = object ? json_object_get_member (object, "media") : NULL;

      if (object == NULL)
        continue;
      if (json_object_has_member (object, "text"))
        g_string_append (text, json_object_get_string_member_with_default (object, "text", ""));
      else if (json_object_has_member (object, "toolRequest"))
        g_string_append (text, _("[tool request]"));
      else if (json_object_has_member (object, "toolResponse"))
        g_string_append (text, _("[tool response]"));
      if (media != NULL && JSON_NODE_HOLDS_OBJECT (media)
          && g_str_has_prefix (json_object_get_string_member_with_default (json_node_get_object (media), "url", ""), "data:image/"))
        {
          GTask *task = g_task_new (self, self->media_cancellable, studio_trace_view_thumbnail_cb, self);

          g_task_set_task_data (task, g_strdup (json_object_get_string_member (json_node_get_object (media), "url")), g_free);
          g_task_run_in_thread (task, studio_trace_view_thumbnail_thread);
          g_object_unref (task);
          g_string_append (text, _("[image]"));
        }
    }
  markup = g_markup_printf_escaped ("<b>%s</b>  %s", role, text->str);
  label = gtk_label_new (NULL);
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "card");
  gtk_widget_set_margin_bottom (label, 2);
  gtk_box_append (self->conversation_box, label);
  gtk_widget_set_visible (GTK_WIDGET (self->conversation_box), TRUE);
}

static void
studio_trace_view_show_messages (StudioTraceView *self,
                                 StudioSpanNode  *node)
{
  const char *input = studio_span_node_get_attribute (node, "genkit:input");
  const char *output = studio_span_node_get_attribute (node, "genkit:output");
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) response = NULL;

  if (g_strcmp0 (studio_span_node_get_kind (node), "model") != 0)
    return;
  /* A payload the store left out, or too long to parse, has no conversation to show. */
  if (input != NULL && !studio_span_node_is_elided (node, "genkit:input")
      && strlen (input) <= STUDIO_SPAN_PAYLOAD_MAX_PARSED)
    request = json_from_string (input, NULL);
  if (output != NULL && !studio_span_node_is_elided (node, "genkit:output")
      && strlen (output) <= STUDIO_SPAN_PAYLOAD_MAX_PARSED)
    response = json_from_string (output, NULL);
  if (request != NULL && JSON_NODE_HOLDS_OBJECT (request)
      && json_object_has_member (json_node_get_object (request), "messages")
      && JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (request), "messages")))
    {
      JsonArray *messages = json_object_get_array_member (json_node_get_object (request), "messages");

      for (guint i = 0; i < json_array_get_length (messages); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (messages, i)))
          studio_trace_view_show_message (self, json_array_get_object_element (messages, i));
    }
  if (response != NULL && JSON_NODE_HOLDS_OBJECT (response)
      && json_object_has_member (json_node_get_object (response), "message")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (response), "message")))
    studio_trace_view_show_message (self, json_object_get_object_member (json_node_get_object (response), "message"));
}

/* The span's status message and, from its `exception` event, the stack. */
static void
studio_trace_view_show_error (StudioTraceView *self,
                              StudioSpanNode  *node)
{
  JsonObject *span = json_node_get_object (studio_span_node_get_span (node));
  JsonNode *status = json_object_get_member (span, "status");
  JsonNode *events = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), studio_span_node_is_error (node));
  if (!studio_span_node_is_error (node))
    return;
  if (status != NULL && JSON_NODE_HOLDS_OBJECT (status))
    g_string_append (text, json_object_get_string_member_with_default (json_node_get_object (status), "message", ""));
  if (json_object_has_member (span, "timeEvents") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (span, "timeEvents")))
    events = json_object_get_member (json_object_get_object_member (span, "timeEvents"), "timeEvent");
  for (guint i = 0; events != NULL && JSON_NODE_HOLDS_ARRAY (events) && i < json_array_get_length (json_node_get_array (events)); i++)
    {
      JsonNode *event = json_array_get_element (json_node_get_array (events), i);
      JsonObject *annotation, *attributes;

      if (!JSON_NODE_HOLDS_OBJECT (event)
          || !json_object_has_member (json_node_get_object (event), "annotation"))
        continue;
      annotation = json_object_get_object_member (json_node_get_object (event), "annotation");
      if (annotation == NULL || !json_object_has_member (annotation, "attributes"))
        continue;
      attributes = json_object_get_object_member (annotation, "attributes");
      if (attributes != NULL && json_object_has_member (attributes, "exception.stacktrace"))
        g_string_append_printf (text, "\n%s", json_object_get_string_member_with_default (attributes, "exception.stacktrace", ""));
    }
  gtk_label_set_text (self->error_label, text->len > 0 ? text->str : _("The span failed"));
}

static void
studio_trace_view_show_attributes (StudioTraceView *self,
                                   StudioSpanNode  *node)
{
  JsonObject *span = json_node_get_object (studio_span_node_get_span (node));
  JsonNode *attributes = json_object_get_member (span, "attributes");
  g_autoptr(JsonNode) rest = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_node_take_object (rest, object);
  if (attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      json_object_iter_init (&iter, json_node_get_object (attributes));
      while (json_object_iter_next (&iter, &name, &value))
        {
          g_autofree char *size = NULL;
          g_autofree char *start = NULL;

          if (g_str_equal (name, "genkit:input") || g_str_equal (name, "genkit:output"))
            continue;
          if (!studio_span_node_is_elided (node, name))
            {
          json_object_set_member (object, name, json_node_ref (value));
              continue;
            }
          /* A long attribute the store left out: its start, and how long it is (Export
           * writes it whole). */
          size = g_format_size (studio_span_node_get_attribute_size (node, name));
          /* Translators: the start of a long attribute's value, then its whole size */
          start = g_strdup_printf (_("%s… (%s in all)"), json_node_get_string (value), size);
          json_object_set_string_member (object, name, start);
        }
    }
  studio_result_view_set_value (self->attributes_view, rest);
}

static void
studio_trace_view_show_span (StudioTraceView *self,
                             StudioSpanNode  *node)
{
  g_autofree char *duration = NULL;
  g_autofree char *meta = NULL;
  g_autofree char *action_key = NULL;
  g_autofree char *tokens_in = NULL;
  g_autofree char *tokens_out = NULL;
  const char *kind;
  guint subtree;
  gint64 in, out;
  double end;

  g_cancellable_cancel (self->media_cancellable);
  g_clear_object (&self->media_cancellable);
  self->media_cancellable = g_cancellable_new ();
  clear_box (GTK_WIDGET (self->conversation_box));
  clear_box (GTK_WIDGET (self->media_box));
  gtk_widget_set_visible (GTK_WIDGET (self->conversation_box), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->media_box), FALSE);

  gtk_label_set_text (self->span_title_label, studio_span_node_get_name (node));
  end = studio_span_node_is_running (node) ? g_get_real_time () / 1000.0 : studio_span_node_get_end_time (node);
  duration = studio_format_duration ((gint64) ((end - studio_span_node_get_start_time (node)) * 1000));
  studio_span_node_get_subtree_tokens (node, &in, &out);
  kind = studio_span_node_get_kind (node);
  /* Translators: a span's kind, state, duration, the size of its subtree and the tokens the
   * model calls of the subtree used */
  tokens_in = g_strdup_printf ("%" G_GINT64_FORMAT, in);
  tokens_out = g_strdup_printf ("%" G_GINT64_FORMAT, out);
  subtree = studio_span_node_get_subtree_size (node);
  meta = g_strdup_printf (ngettext ("%s · %s · %s · %u span in its subtree · %s tokens in, %s out",
                                    "%s · %s · %s · %u spans in its subtree · %s tokens in, %s out", subtree),
                          kind ? kind : _("span"),
                          studio_span_node_is_running (node) ? _("running")
                          : studio_span_node_is_error (node) ? _("error") : _("success"),
                          duration, subtree, tokens_in, tokens_out);
  gtk_label_set_text (self->span_meta_label, meta);
  action_key = studio_span_node_dup_action_key (node);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trace.open-in-runner", action_key != NULL);

  studio_trace_view_show_error (self, node);
  studio_trace_view_show_messages (self, node);
  studio_span_payload_show (self->input_payload, self->store, self->trace_id, node, "genkit:input");
  studio_span_payload_show (self->output_payload, self->store, self->trace_id, node, "genkit:output");
  studio_trace_view_show_attributes (self, node);
}

static void
studio_trace_view_selection_changed_cb (StudioTraceView *self)
{
  StudioSpanNode *node = studio_trace_view_get_selected_span (self);
  guint position = gtk_single_selection_get_selected (self->selection);

  if (node == NULL)
    return;
  studio_trace_view_show_span (self, node);
  /* The tree follows a selection made in the timeline. */
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->tree_view), "list.scroll-to-item", "u", position);
}

/* ---- loading ---- */

static void
studio_trace_view_reset (StudioTraceView *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_pointer (&self->trace_id, g_free);
  g_clear_pointer (&self->trace_info, json_node_unref);
  gtk_single_selection_set_model (self->selection, NULL);
  g_clear_object (&self->tree);
  g_list_store_remove_all (self->roots);
  g_hash_table_remove_all (self->spans);
  g_hash_table_remove_all (self->orphans);
  self->n_running = 0;
  self->start_time = self->end_time = 0;
  self->loaded = FALSE;
}

static void
studio_trace_view_add_trace_data (StudioTraceView *self,
                                  JsonNode        *trace)
{
  JsonObject *object = json_node_get_object (trace);
  JsonNode *spans = json_object_get_member (object, "spans");
  JsonObjectIter iter;
  const char *name;
  JsonNode *span;

  g_clear_pointer (&self->trace_info, json_node_unref);
  self->trace_info = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (self->trace_info, json_object_new ());
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &span))
    if (!g_str_equal (name, "spans"))
      json_object_set_member (json_node_get_object (self->trace_info), name, json_node_ref (span));

  if (spans == NULL || !JSON_NODE_HOLDS_OBJECT (spans))
    return;
  /* One n-spans notification for the whole trace. */
  g_object_freeze_notify (G_OBJECT (self));
  json_object_iter_init (&iter, json_node_get_object (spans));
  while (json_object_iter_next (&iter, &name, &span))
    studio_trace_view_add_span (self, span);
  g_object_thaw_notify (G_OBJECT (self));
}

/* Builds the tree model once the spans are in, so a large trace costs one pass. */
static void
studio_trace_view_show_loaded (StudioTraceView *self)
{
  self->tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->roots)), FALSE, TRUE,
                                        studio_trace_view_create_children, NULL, NULL);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->tree));
  self->loaded = TRUE;
  studio_trace_view_spans_added (self);
  studio_trace_timeline_zoom_to_fit (self->timeline);
  gtk_stack_set_visible_child_name (self->stack, "trace");
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_single_selection_set_selected (self->selection, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

static void
studio_trace_view_loaded_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = genkit_trace_store_get_trace_elided_finish (GENKIT_TRACE_STORE (object), result, &error);
  StudioTraceView *self;

  if (trace == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = STUDIO_TRACE_VIEW (user_data);
  g_clear_object (&self->cancellable);

  /* A trace whose root has not been stored yet is shown from its live spans. */
  if (trace == NULL && !(g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND)
                         && g_hash_table_size (self->spans) > 0))
    {
      g_autofree char *description = studio_error_describe (error);

      if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND))
        {
          /* A run's trace is stored as its spans arrive: wait for them. */
          gtk_stack_set_visible_child_name (self->stack, "loading");
          self->loaded = FALSE;
          return;
        }
      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  if (trace != NULL)
    studio_trace_view_add_trace_data (self, trace);
  studio_trace_view_show_loaded (self);
}

static void
studio_trace_view_live_span_cb (GenkitTraceStore *store,
                                const char       *trace_id,
                                JsonNode         *span,
                                StudioTraceView  *self)
{
  if (g_strcmp0 (trace_id, self->trace_id) != 0)
    return;
  /* Spans of a run that was not stored when we looked: show it as they come. */
  if (!self->loaded && self->cancellable == NULL)
    {
      studio_trace_view_add_span (self, span);
      studio_trace_view_show_loaded (self);
      return;
    }
  studio_trace_view_span_event_cb (store, trace_id, span, self);
}

/**
 * studio_trace_view_load:
 * @self: a [class@Studio.TraceView]
 * @store: the trace store
 * @trace_id: the trace to show
 *
 * Reads a trace from @store and follows it: spans stored later are added as they come,
 * also when the trace is not stored yet (a run that just started).
 */
void
studio_trace_view_load (StudioTraceView  *self,
                        GenkitTraceStore *store,
                        const char       *trace_id)
{
  g_return_if_fail (STUDIO_IS_TRACE_VIEW (self));
  g_return_if_fail (GENKIT_IS_TRACE_STORE (store));
  g_return_if_fail (trace_id != NULL);

  studio_trace_view_reset (self);
  self->store = g_object_ref (store);
  self->trace_id = g_strdup (trace_id);
  self->cancellable = g_cancellable_new ();
  gtk_label_set_text (self->title_label, _("Trace"));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  g_signal_connect (store, "span-started", G_CALLBACK (studio_trace_view_live_span_cb), self);
  g_signal_connect (store, "span-ended", G_CALLBACK (studio_trace_view_live_span_cb), self);
  /* The callback runs only while the view lives: dispose cancels the read. Payloads stay in
   * the store until asked for: a trace of megabyte outputs opens like a small one. */
  genkit_trace_store_get_trace_elided_async (store, trace_id, STUDIO_SPAN_PAYLOAD_PREVIEW_BYTES,
                                             self->cancellable, studio_trace_view_loaded_cb, self);
  studio_trace_view_update_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
}

/**
 * studio_trace_view_show_trace:
 * @self: a [class@Studio.TraceView]
 * @trace_data: a Genkit `TraceData` object (`traceId`, `spans`), e.g. read from a file
 *
 * Shows a trace that is not in the store; it does not change.
 */
void
studio_trace_view_show_trace (StudioTraceView *self,
                              JsonNode        *trace_data)
{
  g_return_if_fail (STUDIO_IS_TRACE_VIEW (self));
  g_return_if_fail (trace_data != NULL && JSON_NODE_HOLDS_OBJECT (trace_data));

  studio_trace_view_reset (self);
  self->trace_id = g_strdup (json_object_get_string_member_with_default (json_node_get_object (trace_data),
                                                                         "traceId", ""));
  studio_trace_view_add_trace_data (self, trace_data);
  studio_trace_view_show_loaded (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE_ID]);
}

/**
 * studio_trace_view_get_trace_id:
 * @self: a [class@Studio.TraceView]
 *
 * Returns: (transfer none) (nullable): the trace shown
 */
const char *
studio_trace_view_get_trace_id (StudioTraceView *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_VIEW (self), NULL);
  return self->trace_id;
}

/**
 * studio_trace_view_get_loaded:
 * @self: a [class@Studio.TraceView]
 *
 * Returns: whether the trace's spans are shown (they may still grow)
 */
gboolean
studio_trace_view_get_loaded (StudioTraceView *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_VIEW (self), FALSE);
  return self->loaded;
}

/**
 * studio_trace_view_get_n_spans:
 * @self: a [class@Studio.TraceView]
 *
 * Returns: how many spans the view holds
 */
guint
studio_trace_view_get_n_spans (StudioTraceView *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_VIEW (self), 0);
  return g_hash_table_size (self->spans);
}

/**
 * studio_trace_view_dup_trace_data:
 * @self: a [class@Studio.TraceView]
 *
 * Gets the trace as shown: a trace read from the store has its payloads over
 * %STUDIO_SPAN_PAYLOAD_PREVIEW_BYTES cut, with `elidedAttributes` on their spans (see
 * [method@Genkit.TraceStore.get_trace_elided_finish]); Export reads the stored trace whole.
 *
 * Returns: (transfer full) (nullable): a Genkit `TraceData` object, %NULL before anything
 *   is shown
 */
JsonNode *
studio_trace_view_dup_trace_data (StudioTraceView *self)
{
  JsonNode *trace;
  JsonObject *object, *spans;
  GHashTableIter iter;
  gpointer node;

  g_return_val_if_fail (STUDIO_IS_TRACE_VIEW (self), NULL);

  if (self->trace_id == NULL)
    return NULL;
  trace = self->trace_info ? json_node_copy (self->trace_info) : json_node_new (JSON_NODE_OBJECT);
  if (self->trace_info == NULL)
    json_node_take_object (trace, json_object_new ());
  object = json_node_get_object (trace);
  json_object_set_string_member (object, "traceId", self->trace_id);
  spans = json_object_new ();
  g_hash_table_iter_init (&iter, self->spans);
  while (g_hash_table_iter_next (&iter, NULL, &node))
    json_object_set_member (spans, studio_span_node_get_span_id (node),
                            json_node_ref (studio_span_node_get_span (node)));
  json_object_set_object_member (object, "spans", spans);
  return trace;
}

/**
 * studio_trace_view_find_span:
 * @self: a [class@Studio.TraceView]
 * @span_id: a span id
 *
 * Returns: (transfer none) (nullable): the span's node
 */
StudioSpanNode *
studio_trace_view_find_span (StudioTraceView *self,
                             const char      *span_id)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_VIEW (self), NULL);
  return g_hash_table_lookup (self->spans, span_id);
}

/**
 * studio_trace_view_select_span:
 * @self: a [class@Studio.TraceView]
 * @span_id: a span id
 *
 * Selects a span, expanding its ancestors.
 *
 * Returns: whether the view has the span
 */
gboolean
studio_trace_view_select_span (StudioTraceView *self,
                               const char      *span_id)
{
  StudioSpanNode *node;
  g_autoptr(GPtrArray) path = g_ptr_array_new ();
  GtkTreeListRow *row = NULL;

  g_return_val_if_fail (STUDIO_IS_TRACE_VIEW (self), FALSE);

  node = g_hash_table_lookup (self->spans, span_id);
  if (node == NULL || self->tree == NULL)
    return FALSE;
  for (StudioSpanNode *n = node; n != NULL; n = studio_span_node_get_parent (n))
    g_ptr_array_insert (path, 0, n);

  /* Walk down from the root, expanding each ancestor's row. */
  for (guint i = 0; i < path->len; i++)
    {
      GListModel *level;
      GtkTreeListRow *child;
      guint position;

      if (row != NULL)
        gtk_tree_list_row_set_expanded (row, TRUE);
      level = row ? gtk_tree_list_row_get_children (row) : G_LIST_MODEL (self->roots);
      if (level == NULL || !g_list_store_find (G_LIST_STORE (level), g_ptr_array_index (path, i), &position))
        {
          g_clear_object (&row);
          return FALSE;
        }
      child = row ? gtk_tree_list_row_get_child_row (row, position)
                  : gtk_tree_list_model_get_child_row (self->tree, position);
      g_clear_object (&row);
      row = child;
    }
  if (row == NULL)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, gtk_tree_list_row_get_position (row));
  g_object_unref (row);
  return TRUE;
}

/**
 * studio_trace_view_get_selected_span:
 * @self: a [class@Studio.TraceView]
 *
 * Returns: (transfer none) (nullable): the selected span
 */
StudioSpanNode *
studio_trace_view_get_selected_span (StudioTraceView *self)
{
  GtkTreeListRow *row;
  StudioSpanNode *node;

  g_return_val_if_fail (STUDIO_IS_TRACE_VIEW (self), NULL);

  row = gtk_single_selection_get_selected_item (self->selection);
  if (row == NULL)
    return NULL;
  node = gtk_tree_list_row_get_item (row);
  /* The tree's rows hold the nodes, which the view's table holds too. */
  g_object_unref (node);
  return node;
}

/**
 * studio_trace_view_get_selection:
 * @self: a [class@Studio.TraceView]
 *
 * Returns: (transfer none): the rows of the span tree and the timeline, and the selected one
 */
GtkSingleSelection *
studio_trace_view_get_selection (StudioTraceView *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_VIEW (self), NULL);
  return self->selection;
}

/**
 * studio_trace_view_get_timeline:
 * @self: a [class@Studio.TraceView]
 *
 * Returns: (transfer none): the timeline
 */
StudioTraceTimeline *
studio_trace_view_get_timeline (StudioTraceView *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_VIEW (self), NULL);
  return self->timeline;
}

/* ---- actions ---- */

static void
studio_trace_view_zoom_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  StudioTraceView *self = STUDIO_TRACE_VIEW (widget);

  g_autofree char *name = g_strconcat ("timeline.", action_name + strlen ("trace."), NULL);

  /* trace.zoom-in → timeline.zoom-in, wherever the focus is. */
  gtk_widget_activate_action (GTK_WIDGET (self->timeline), name, NULL);
}

static void
studio_trace_view_runner_input_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autofree char *key = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *input = studio_span_payload_dup_text_finish (STUDIO_SPAN_PAYLOAD (object), result, &error);

  if (input == NULL)
    {
      g_autofree char *description = studio_error_describe (error);
      /* Translators: %s says why a span's input could not be read */
      g_autofree char *message = g_strdup_printf (_("Cannot read the span's input: %s"), description);

      studio_widget_add_toast (GTK_WIDGET (object), message);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (object), "win.open-in-runner", "(ss)", key, input);
}

static void
studio_trace_view_open_in_runner_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  StudioTraceView *self = STUDIO_TRACE_VIEW (widget);
  StudioSpanNode *node = studio_trace_view_get_selected_span (self);
  g_autofree char *key = node ? studio_span_node_dup_action_key (node) : NULL;
  const char *input;

  if (key == NULL)
    return;
  /* A long input the store left out is read whole first. */
  if (studio_span_node_is_elided (node, "genkit:input"))
    {
      studio_span_payload_dup_text_async (self->input_payload, NULL, studio_trace_view_runner_input_cb,
                                          g_steal_pointer (&key));
      return;
    }
  input = studio_span_node_get_attribute (node, "genkit:input");
  gtk_widget_activate_action (widget, "win.open-in-runner", "(ss)", key, input ? input : "");
}

static void
studio_trace_view_export_read_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(StudioTraceView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = genkit_trace_store_get_trace_finish (GENKIT_TRACE_STORE (object), result, &error);

  /* A run whose spans came live but whose trace is not stored: they are whole. */
  if (trace == NULL && g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND))
    trace = studio_trace_view_dup_trace_data (self);
  if (trace == NULL)
    {
      g_autofree char *description = studio_error_describe (error);
      g_autofree char *message = g_strdup_printf (_("Cannot export the trace: %s"), description);

      studio_widget_add_toast (GTK_WIDGET (self), message);
      return;
    }
  studio_trace_file_export (GTK_WIDGET (self), trace);
}

static void
studio_trace_view_export_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  StudioTraceView *self = STUDIO_TRACE_VIEW (widget);
  g_autoptr(JsonNode) trace = NULL;

  /* The view holds the stored trace with its long payloads left out: export it whole. */
  if (self->store != NULL && self->trace_id != NULL)
    {
      genkit_trace_store_get_trace_async (self->store, self->trace_id, NULL,
                                          studio_trace_view_export_read_cb, g_object_ref (self));
      return;
    }
  trace = studio_trace_view_dup_trace_data (self);
  if (trace != NULL)
    studio_trace_file_export (widget, trace);
}

/* ---- GObject ---- */

static void
studio_trace_view_dispose (GObject *object)
{
  StudioTraceView *self = STUDIO_TRACE_VIEW (object);
  GtkWidget *child;

  studio_trace_view_reset (self);
  g_cancellable_cancel (self->media_cancellable);
  g_clear_object (&self->media_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_TRACE_VIEW);
  /* The template's box is not a bound child: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (studio_trace_view_parent_class)->dispose (object);
}

static void
studio_trace_view_finalize (GObject *object)
{
  StudioTraceView *self = STUDIO_TRACE_VIEW (object);

  g_clear_object (&self->roots);
  g_clear_pointer (&self->spans, g_hash_table_unref);
  g_clear_pointer (&self->orphans, g_hash_table_unref);

  G_OBJECT_CLASS (studio_trace_view_parent_class)->finalize (object);
}

static void
studio_trace_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StudioTraceView *self = STUDIO_TRACE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TRACE_ID:
      g_value_set_string (value, self->trace_id);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case PROP_N_SPANS:
      g_value_set_uint (value, g_hash_table_size (self->spans));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_trace_view_class_init (StudioTraceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_trace_view_dispose;
  object_class->finalize = studio_trace_view_finalize;
  object_class->get_property = studio_trace_view_get_property;

  /**
   * StudioTraceView:trace-id:
   *
   * The trace shown.
   */
  properties[PROP_TRACE_ID] =
    g_param_spec_string ("trace-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * StudioTraceView:loaded:
   *
   * Whether the trace's spans are shown (a live trace keeps growing).
   */
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * StudioTraceView:n-spans:
   *
   * How many spans the view holds.
   */
  properties[PROP_N_SPANS] =
    g_param_spec_uint ("n-spans", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/traces/studio-trace-view.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, title_label);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, running_spinner);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, stack);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, error_page);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, tree_header);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, tree_view);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, timeline);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, rows_scrollbar);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, rows_adjustment);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, span_title_label);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, span_meta_label);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, error_label);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, conversation_box);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, media_box);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, input_payload);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, output_payload);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceView, attributes_view);

  gtk_widget_class_install_action (widget_class, "trace.zoom-in", NULL, studio_trace_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "trace.zoom-out", NULL, studio_trace_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "trace.zoom-fit", NULL, studio_trace_view_zoom_action);
  gtk_widget_class_install_action (widget_class, "trace.open-in-runner", NULL, studio_trace_view_open_in_runner_action);
  gtk_widget_class_install_action (widget_class, "trace.export", NULL, studio_trace_view_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "trace.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "trace.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "trace.zoom-fit", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (STUDIO_TYPE_RESULT_VIEW);
  g_type_ensure (STUDIO_TYPE_SPAN_PAYLOAD);
  g_type_ensure (STUDIO_TYPE_TRACE_TIMELINE);
}

static void
studio_trace_view_init (StudioTraceView *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->roots = g_list_store_new (STUDIO_TYPE_SPAN_NODE);
  self->spans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->orphans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_ptr_array_unref);
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  g_signal_connect_swapped (self->selection, "selection-changed",
                            G_CALLBACK (studio_trace_view_selection_changed_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (tree_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (tree_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (tree_unbind_cb), NULL);
  gtk_list_view_set_factory (self->tree_view, factory);
  g_object_unref (factory);
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (tree_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->tree_view), keys);
  gtk_list_view_set_model (self->tree_view, GTK_SELECTION_MODEL (self->selection));
  studio_trace_timeline_set_model (self->timeline, self->selection);
  /* The tree's rows start below a header as high as the timeline's axis; the scrollbar
   * spans the rows. */
  gtk_widget_set_size_request (GTK_WIDGET (self->tree_header), -1, STUDIO_TRACE_TIMELINE_AXIS_HEIGHT);
  gtk_widget_set_margin_top (GTK_WIDGET (self->rows_scrollbar), STUDIO_TRACE_TIMELINE_AXIS_HEIGHT);
  g_signal_connect_object (self->rows_adjustment, "changed",
                           G_CALLBACK (rows_adjustment_changed_cb), self->rows_scrollbar, 0);
  rows_adjustment_changed_cb (self->rows_adjustment, GTK_WIDGET (self->rows_scrollbar));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "trace.open-in-runner", FALSE);
}

/**
 * studio_trace_view_new:
 *
 * Returns: (transfer full): an empty trace view
 */
GtkWidget *
studio_trace_view_new (void)
{
  return g_object_new (STUDIO_TYPE_TRACE_VIEW, NULL);
}
