/* studio-span-payload.c — a span's input or output in the trace view, large ones on demand
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "studio-result-view.h"
#include "studio-span-payload.h"
#include "studio-util.h"

/**
 * StudioSpanPayload:
 *
 * One payload attribute of a span (`genkit:input` or `genkit:output`, Genkit's JSON text)
 * under a heading with its size, the way the trace view's details show it:
 *
 * - a value up to %STUDIO_SPAN_PAYLOAD_MAX_PARSED bytes as foldable JSON
 *   ([class@Studio.ResultView]);
 * - a value the trace store left out of the span ([method@Studio.SpanNode.is_elided]) as
 *   its start, as text, with its whole size and a Load All button that reads it whole from
 *   the store on a reader thread ([method@Genkit.TraceStore.get_span_attribute_async]);
 * - a value longer than %STUDIO_SPAN_PAYLOAD_MAX_PARSED cut to that, as text: parsing and
 *   folding megabytes would stall the window and help nobody.
 *
 * Save writes the whole value into a file, and Copy (shown when the value is not shown
 * whole; the result view copies one that is) puts it on the clipboard, both reading it from
 * the store first when the span holds only its start.
 */
struct _StudioSpanPayload
{
  GtkWidget         parent_instance;

  /* Template children */
  GtkLabel         *heading_label;
  GtkSpinner       *spinner;
  GtkButton        *load_button;
  GtkButton        *copy_button;
  GtkLabel         *error_label;
  StudioResultView *view;

  /* Owned */
  char             *title;
  GenkitTraceStore *store;        /* nullable: without it every value is whole */
  char             *trace_id;
  char             *span_id;
  char             *key;
  char             *text;         /* the span's value, or its start when elided */
  gsize             size;         /* the whole value's size in bytes */
  char             *whole;        /* the whole value once read, when elided */
  GCancellable     *cancellable;  /* reads for the value shown */
  guint             loading : 1;
};

G_DEFINE_FINAL_TYPE (StudioSpanPayload, studio_span_payload, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TITLE,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
studio_span_payload_is_elided (StudioSpanPayload *self)
{
  return self->text != NULL && self->whole == NULL && self->size > strlen (self->text);
}

static void
studio_span_payload_set_loading (StudioSpanPayload *self,
                                 gboolean           loading)
{
  self->loading = loading;
  gtk_spinner_set_spinning (self->spinner, loading);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), loading);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "payload.load", !loading);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* Shows the value: whole and parsed when it is short enough, else its start as text. */
static void
studio_span_payload_update (StudioSpanPayload *self)
{
  const char *value = self->whole ? self->whole : self->text;
  gboolean elided = studio_span_payload_is_elided (self);
  g_autofree char *size = g_format_size (self->size);
  g_autofree char *heading = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length = strlen (value);

  if (!elided && length <= STUDIO_SPAN_PAYLOAD_MAX_PARSED)
    {
      node = json_from_string (value, NULL);
      if (node == NULL)
        {
          node = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (node, value);
        }
      heading = g_strdup_printf ("%s (%s)", self->title, size);
    }
  else
    {
      const char *end = value + MIN (length, STUDIO_SPAN_PAYLOAD_MAX_PARSED);
      g_autofree char *cut = NULL;
      g_autofree char *shown = NULL;

      /* Cut at a character boundary; the cut JSON is shown as text. */
      g_utf8_validate (value, end - value, &end);
      cut = g_strndup (value, end - value);
      shown = g_format_size (end - value);
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, cut);
      /* Translators: a span's input or output, its size and how much of it is shown */
      heading = g_strdup_printf (_("%s (%s, first %s shown)"), self->title, size, shown);
    }
  gtk_label_set_text (self->heading_label, heading);
  gtk_widget_set_visible (GTK_WIDGET (self->load_button), elided && self->store != NULL);
  /* A value shown whole is copied by the result view's own button. */
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), elided || length > STUDIO_SPAN_PAYLOAD_MAX_PARSED);
  studio_result_view_set_value (self->view, node);
}

/**
 * studio_span_payload_show:
 * @self: a [class@Studio.SpanPayload]
 * @store: (nullable): the trace store the span was read from, %NULL for a trace from a file
 * @trace_id: the span's trace
 * @node: the span
 * @key: the attribute to show, e.g. `genkit:output`
 *
 * Shows one attribute of a span; the widget hides itself when the span has none. Showing
 * the same value again (a live span that grew) keeps what Load All read.
 */
void
studio_span_payload_show (StudioSpanPayload *self,
                          GenkitTraceStore  *store,
                          const char        *trace_id,
                          StudioSpanNode    *node,
                          const char        *key)
{
  const char *text;
  gsize size;

  g_return_if_fail (STUDIO_IS_SPAN_PAYLOAD (self));
  g_return_if_fail (store == NULL || GENKIT_IS_TRACE_STORE (store));
  g_return_if_fail (STUDIO_IS_SPAN_NODE (node));
  g_return_if_fail (key != NULL);

  text = studio_span_node_get_attribute (node, key);
  size = studio_span_node_get_attribute_size (node, key);
  gtk_widget_set_visible (GTK_WIDGET (self), text != NULL);
  if (self->whole != NULL && text != NULL && size == self->size
      && g_strcmp0 (trace_id, self->trace_id) == 0 && g_strcmp0 (key, self->key) == 0
      && g_strcmp0 (studio_span_node_get_span_id (node), self->span_id) == 0)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->loading)
    studio_span_payload_set_loading (self, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  g_set_object (&self->store, store);
  g_free (self->trace_id);
  self->trace_id = g_strdup (trace_id);
  g_free (self->span_id);
  self->span_id = g_strdup (studio_span_node_get_span_id (node));
  g_free (self->key);
  self->key = g_strdup (key);
  g_clear_pointer (&self->whole, g_free);
  g_free (self->text);
  self->text = g_strdup (text);
  self->size = size;
  self->cancellable = g_cancellable_new ();
  if (text != NULL)
    studio_span_payload_update (self);
}

/**
 * studio_span_payload_get_heading:
 * @self: a [class@Studio.SpanPayload]
 *
 * Returns: (transfer none): the heading: title, size and how much is shown
 */
const char *
studio_span_payload_get_heading (StudioSpanPayload *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_PAYLOAD (self), NULL);
  return gtk_label_get_text (self->heading_label);
}

/**
 * studio_span_payload_get_size:
 * @self: a [class@Studio.SpanPayload]
 *
 * Returns: the whole value's size in bytes
 */
gsize
studio_span_payload_get_size (StudioSpanPayload *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_PAYLOAD (self), 0);
  return self->size;
}

/**
 * studio_span_payload_get_elided:
 * @self: a [class@Studio.SpanPayload]
 *
 * Returns: whether only the value's start is here (Load All reads the rest)
 */
gboolean
studio_span_payload_get_elided (StudioSpanPayload *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_PAYLOAD (self), FALSE);
  return studio_span_payload_is_elided (self);
}

/**
 * studio_span_payload_get_loading:
 * @self: a [class@Studio.SpanPayload]
 *
 * Returns: whether Load All is reading the whole value
 */
gboolean
studio_span_payload_get_loading (StudioSpanPayload *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_PAYLOAD (self), FALSE);
  return self->loading;
}

/**
 * studio_span_payload_get_value:
 * @self: a [class@Studio.SpanPayload]
 *
 * Returns: (transfer none) (nullable): the value shown: parsed JSON, or a string holding
 *   the start of the value's text
 */
JsonNode *
studio_span_payload_get_value (StudioSpanPayload *self)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_PAYLOAD (self), NULL);
  return studio_result_view_get_value (self->view);
}

/* ---- the whole value ---- */

static void
studio_span_payload_attribute_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = genkit_trace_store_get_span_attribute_finish (GENKIT_TRACE_STORE (object),
                                                                            result, &error);

  if (value == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    g_task_return_pointer (task, json_node_dup_string (value), g_free);
  else
    g_task_return_pointer (task, json_to_string (value, FALSE), g_free);
}

/**
 * studio_span_payload_dup_text_async:
 * @self: a [class@Studio.SpanPayload]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the text
 * @user_data: data for @callback
 *
 * Gets the whole value, reading it from the trace store (on a reader thread) when the span
 * holds only its start.
 */
void
studio_span_payload_dup_text_async (StudioSpanPayload   *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (STUDIO_IS_SPAN_PAYLOAD (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, studio_span_payload_dup_text_async);
  if (self->text == NULL)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "%s", _("The span has no such value"));
      g_object_unref (task);
      return;
    }
  if (!studio_span_payload_is_elided (self) || self->store == NULL)
    {
      g_task_return_pointer (task, g_strdup (self->whole ? self->whole : self->text), g_free);
      g_object_unref (task);
      return;
    }
  genkit_trace_store_get_span_attribute_async (self->store, self->trace_id, self->span_id, self->key,
                                               cancellable, studio_span_payload_attribute_cb, task);
}

/**
 * studio_span_payload_dup_text_finish:
 * @self: a [class@Studio.SpanPayload]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Studio.SpanPayload.dup_text_async].
 *
 * Errors: those of [method@Genkit.TraceStore.get_span_attribute_finish] (%GENKIT_ERROR_NOT_FOUND
 * when the trace was deleted meanwhile), %G_IO_ERROR_CANCELLED.
 *
 * Returns: (transfer full) (nullable): the whole value, Genkit's JSON text; %NULL with
 *   @error set otherwise
 */
char *
studio_span_payload_dup_text_finish (StudioSpanPayload  *self,
                                     GAsyncResult       *result,
                                     GError            **error)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_PAYLOAD (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
studio_span_payload_written_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
studio_span_payload_save_text_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *text = studio_span_payload_dup_text_finish (STUDIO_SPAN_PAYLOAD (object), result, &error);
  g_autoptr(GBytes) bytes = NULL;

  if (text == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (g_task_get_task_data (task), bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, g_task_get_cancellable (task),
                                       studio_span_payload_written_cb, g_object_ref (task));
}

/**
 * studio_span_payload_save_async:
 * @self: a [class@Studio.SpanPayload]
 * @file: where to save it
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when saved
 * @user_data: data for @callback
 *
 * Writes the whole value (Genkit's JSON text, as the span holds it) into @file, replacing
 * it; a value the span holds only the start of is read from the trace store first.
 */
void
studio_span_payload_save_async (StudioSpanPayload   *self,
                                GFile               *file,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (STUDIO_IS_SPAN_PAYLOAD (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, studio_span_payload_save_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  studio_span_payload_dup_text_async (self, cancellable, studio_span_payload_save_text_cb, task);
}

/**
 * studio_span_payload_save_finish:
 * @self: a [class@Studio.SpanPayload]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Studio.SpanPayload.save_async].
 *
 * Errors: those of [method@Studio.SpanPayload.dup_text_finish] and of writing the file
 * (%G_IO_ERROR).
 *
 * Returns: %TRUE when the file holds the whole value
 */
gboolean
studio_span_payload_save_finish (StudioSpanPayload  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (STUDIO_IS_SPAN_PAYLOAD (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- actions ---- */

/* Says under the heading what went wrong (takes @message). */
static void
studio_span_payload_show_error (StudioSpanPayload *self,
                                char              *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
  g_free (message);
}

static void
studio_span_payload_loaded_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (object);
  g_autoptr(GError) error = NULL;
  char *text = studio_span_payload_dup_text_finish (self, result, &error);

  /* Cancelled: another span is shown, and the state is that one's. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  studio_span_payload_set_loading (self, FALSE);
  if (text == NULL)
    {
      g_autofree char *description = studio_error_describe (error);

      /* Translators: %s says why the whole value of a span's input or output could not be read */
      studio_span_payload_show_error (self, g_strdup_printf (_("Cannot load the whole value: %s"),
                                                             description));
      return;
    }
  self->whole = text;
  studio_span_payload_update (self);
}

static void
studio_span_payload_load_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (widget);

  if (!studio_span_payload_is_elided (self) || self->loading)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  studio_span_payload_set_loading (self, TRUE);
  studio_span_payload_dup_text_async (self, self->cancellable, studio_span_payload_loaded_cb, NULL);
}

static void
studio_span_payload_copied_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = studio_span_payload_dup_text_finish (self, result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (text == NULL)
    {
      g_autofree char *description = studio_error_describe (error);

      /* Translators: %s says why a span's input or output could not be read */
      studio_span_payload_show_error (self, g_strdup_printf (_("Cannot copy the value: %s"), description));
      return;
    }
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  studio_widget_add_toast (GTK_WIDGET (self), _("Copied"));
}

static void
studio_span_payload_copy_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (widget);

  studio_span_payload_dup_text_async (self, self->cancellable, studio_span_payload_copied_cb, NULL);
}

static void
studio_span_payload_saved_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (object);
  g_autoptr(GError) error = NULL;

  if (studio_span_payload_save_finish (self, result, &error))
    studio_widget_add_toast (GTK_WIDGET (self), _("Saved"));
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *description = studio_error_describe (error);

      /* Translators: %s says why a span's input or output could not be saved */
      studio_span_payload_show_error (self, g_strdup_printf (_("Cannot save the value: %s"), description));
    }
}

static void
studio_span_payload_save_response_cb (GtkNativeDialog   *dialog,
                                      int                response,
                                      StudioSpanPayload *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  if (file != NULL)
    studio_span_payload_save_async (self, file, self->cancellable, studio_span_payload_saved_cb, NULL);
  g_object_unref (self);
  g_object_unref (dialog);
}

static void
studio_span_payload_save_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (widget);
  GtkFileChooserNative *dialog;
  g_autofree char *name = NULL;
  const char *colon;

  if (self->text == NULL)
    return;
  /* GtkFileChooserNative goes through the file chooser portal inside Flatpak. */
  dialog = gtk_file_chooser_native_new (_("Save the Whole Value"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  /* `genkit:output` of span 0a1b… → output-0a1b….json */
  colon = strrchr (self->key, ':');
  name = g_strdup_printf ("%s-%s.json", colon ? colon + 1 : self->key, self->span_id);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_signal_connect (dialog, "response", G_CALLBACK (studio_span_payload_save_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- GObject ---- */

static void
studio_span_payload_dispose (GObject *object)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_SPAN_PAYLOAD);
  /* The template's box is not a bound child: unparent it ourselves. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (studio_span_payload_parent_class)->dispose (object);
}

static void
studio_span_payload_finalize (GObject *object)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (object);

  g_free (self->title);
  g_free (self->trace_id);
  g_free (self->span_id);
  g_free (self->key);
  g_free (self->text);
  g_free (self->whole);

  G_OBJECT_CLASS (studio_span_payload_parent_class)->finalize (object);
}

static void
studio_span_payload_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_span_payload_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  StudioSpanPayload *self = STUDIO_SPAN_PAYLOAD (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      if (self->text != NULL)
        studio_span_payload_update (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_span_payload_class_init (StudioSpanPayloadClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_span_payload_dispose;
  object_class->finalize = studio_span_payload_finalize;
  object_class->get_property = studio_span_payload_get_property;
  object_class->set_property = studio_span_payload_set_property;

  /**
   * StudioSpanPayload:title:
   *
   * What the value is, e.g. "Output": the start of the heading.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);

  /**
   * StudioSpanPayload:loading:
   *
   * Whether Load All is reading the whole value.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/traces/studio-span-payload.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioSpanPayload, heading_label);
  gtk_widget_class_bind_template_child (widget_class, StudioSpanPayload, spinner);
  gtk_widget_class_bind_template_child (widget_class, StudioSpanPayload, load_button);
  gtk_widget_class_bind_template_child (widget_class, StudioSpanPayload, copy_button);
  gtk_widget_class_bind_template_child (widget_class, StudioSpanPayload, error_label);
  gtk_widget_class_bind_template_child (widget_class, StudioSpanPayload, view);

  gtk_widget_class_install_action (widget_class, "payload.load", NULL, studio_span_payload_load_action);
  gtk_widget_class_install_action (widget_class, "payload.copy", NULL, studio_span_payload_copy_action);
  gtk_widget_class_install_action (widget_class, "payload.save", NULL, studio_span_payload_save_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (STUDIO_TYPE_RESULT_VIEW);
}

static void
studio_span_payload_init (StudioSpanPayload *self)
{
  self->title = g_strdup ("");
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * studio_span_payload_new:
 *
 * Returns: (transfer full): an empty payload view
 */
GtkWidget *
studio_span_payload_new (void)
{
  return g_object_new (STUDIO_TYPE_SPAN_PAYLOAD, NULL);
}
