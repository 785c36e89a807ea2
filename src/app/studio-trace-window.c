/* studio-trace-window.c — one trace from the studio's trace store, as JSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-result-view.h"
#include "studio-trace-window.h"
#include "studio-util.h"

/**
 * StudioTraceWindow:
 *
 * What Open Trace shows until the studio has its traces pane: the run's `TraceData` (every
 * span with its attributes, `genkit:input`, `genkit:output`, status and times) read from the
 * studio's [class@Genkit.TraceStore], as a foldable tree and as JSON. Spans arrive in the
 * store shortly after a run ends; Reload reads the trace again.
 */
struct _StudioTraceWindow
{
  AdwWindow         parent_instance;

  /* Template children */
  AdwWindowTitle   *window_title;
  GtkStack         *stack;
  AdwStatusPage    *error_page;
  StudioResultView *result_view;

  /* Owned */
  GenkitTraceStore *store;
  char             *trace_id;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (StudioTraceWindow, studio_trace_window, ADW_TYPE_WINDOW)

static void
studio_trace_window_loaded_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = genkit_trace_store_get_trace_finish (GENKIT_TRACE_STORE (object), result, &error);
  StudioTraceWindow *self;

  if (trace == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = STUDIO_TRACE_WINDOW (user_data);
  g_clear_object (&self->cancellable);

  if (trace == NULL)
    {
      g_autofree char *description = studio_error_describe (error);

      adw_status_page_set_description (self->error_page, description);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  studio_result_view_set_value (self->result_view, trace);
  gtk_stack_set_visible_child_name (self->stack, "trace");
}

/**
 * studio_trace_window_reload:
 * @self: a [class@Studio.TraceWindow]
 *
 * Reads the trace from the store again.
 */
void
studio_trace_window_reload (StudioTraceWindow *self)
{
  g_return_if_fail (STUDIO_IS_TRACE_WINDOW (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->stack, "loading");
  /* The callback runs only while the window lives: dispose cancels the read. */
  genkit_trace_store_get_trace_async (self->store, self->trace_id, self->cancellable,
                                      studio_trace_window_loaded_cb, self);
}

static void
studio_trace_window_reload_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  studio_trace_window_reload (STUDIO_TRACE_WINDOW (widget));
}

/**
 * studio_trace_window_new:
 * @store: the trace store
 * @trace_id: the trace to show
 *
 * Returns: (transfer full): a window that starts reading the trace
 */
StudioTraceWindow *
studio_trace_window_new (GenkitTraceStore *store,
                         const char       *trace_id)
{
  StudioTraceWindow *self;

  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (store), NULL);
  g_return_val_if_fail (trace_id != NULL, NULL);

  self = g_object_new (STUDIO_TYPE_TRACE_WINDOW, NULL);
  self->store = g_object_ref (store);
  self->trace_id = g_strdup (trace_id);
  adw_window_title_set_subtitle (self->window_title, trace_id);
  studio_trace_window_reload (self);
  return self;
}

const char *
studio_trace_window_get_trace_id (StudioTraceWindow *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACE_WINDOW (self), NULL);
  return self->trace_id;
}

static void
studio_trace_window_dispose (GObject *object)
{
  StudioTraceWindow *self = STUDIO_TRACE_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (studio_trace_window_parent_class)->dispose (object);
}

static void
studio_trace_window_finalize (GObject *object)
{
  StudioTraceWindow *self = STUDIO_TRACE_WINDOW (object);

  g_free (self->trace_id);

  G_OBJECT_CLASS (studio_trace_window_parent_class)->finalize (object);
}

static void
studio_trace_window_class_init (StudioTraceWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_trace_window_dispose;
  object_class->finalize = studio_trace_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/studio-trace-window.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioTraceWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, StudioTraceWindow, result_view);

  gtk_widget_class_install_action (widget_class, "trace.reload", NULL, studio_trace_window_reload_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "trace.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);

  g_type_ensure (STUDIO_TYPE_RESULT_VIEW);
}

static void
studio_trace_window_init (StudioTraceWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
