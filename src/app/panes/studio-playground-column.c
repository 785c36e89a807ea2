/* studio-playground-column.c — one model's answer in the playground: run, stream, diff
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-enums.h"
#include "studio-playground-column.h"
#include "studio-result-view.h"
#include "studio-text-diff.h"
#include "studio-util.h"

/**
 * StudioPlaygroundColumn:
 *
 * One column of the [class@Studio.Playground]: a model action, run with the playground's
 * `GenerateRequest` through [method@Genkit.Runtime.run_action_async] (so it works the same
 * on the built-in and on remote runtimes). The streamed text shows while the model answers;
 * then the `GenerateResponse` in a [class@Studio.ResultView] (Markdown text, media as
 * images, tree, JSON), the latency and the token usage. In side-by-side runs every column
 * but the first also shows its answer's difference from the first column's, word by word.
 */
struct _StudioPlaygroundColumn
{
  GtkWidget          parent_instance;

  /* Template children */
  GtkWidget         *box;
  GtkLabel          *model_label;
  GtkWidget         *remove_button;
  GtkSpinner        *spinner;
  GtkLabel          *state_label;
  GtkLabel          *latency_label;
  GtkLabel          *usage_label;
  GtkStack          *output_stack;
  GtkScrolledWindow *stream_scroller;
  GtkTextView       *stream_view;
  StudioResultView  *result_view;
  GtkLabel          *error_title_label;
  GtkLabel          *error_message_label;
  GtkExpander       *diff_expander;
  GtkLabel          *diff_label;
  GtkTextView       *diff_view;

  /* Owned */
  char              *model_key;
  GenkitRuntime     *runtime;
  GCancellable      *cancellable;
  char              *trace_id;
  JsonNode          *result;
  GError            *error;
  StudioRunnerState  state;
  gint64             started_at;
  gint64             latency;
  guint              n_chunks;
  guint              serial;
};

G_DEFINE_FINAL_TYPE (StudioPlaygroundColumn, studio_playground_column, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MODEL_KEY,
  PROP_STATE,
  N_PROPS
};

enum {
  REMOVE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  StudioPlaygroundColumn *self;   /* a reference, for as long as the run goes on */
  guint                   serial;
} ColumnRun;

static void
column_run_free (ColumnRun *run)
{
  g_object_unref (run->self);
  g_free (run);
}

static void
studio_playground_column_set_state (StudioPlaygroundColumn *self,
                                    StudioRunnerState       state)
{
  static const char *classes[] = { "success", "error", "warning" };
  const char *label = "";
  const char *css = NULL;

  self->state = state;
  switch (state)
    {
    case STUDIO_RUNNER_STATE_RUNNING:
      label = _("Running…");
      break;
    case STUDIO_RUNNER_STATE_SUCCEEDED:
      label = _("Succeeded");
      css = "success";
      break;
    case STUDIO_RUNNER_STATE_FAILED:
      label = _("Failed");
      css = "error";
      break;
    case STUDIO_RUNNER_STATE_CANCELLED:
      label = _("Cancelled");
      css = "warning";
      break;
    case STUDIO_RUNNER_STATE_IDLE:
    default:
      break;
    }
  gtk_label_set_text (self->state_label, label);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), classes[i]);
  if (css != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css);
  gtk_spinner_set_spinning (self->spinner, state == STUDIO_RUNNER_STATE_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == STUDIO_RUNNER_STATE_RUNNING);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
studio_playground_column_chunk_cb (JsonNode *chunk,
                                   gpointer  user_data)
{
  ColumnRun *run = user_data;
  StudioPlaygroundColumn *self = run->self;
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter end;

  if (run->serial != self->serial)
    return;

  self->n_chunks++;
  text = studio_chunk_dup_text (chunk);
  if (text == NULL)
    return;
  buffer = gtk_text_view_get_buffer (self->stream_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);
  gtk_stack_set_visible_child_name (self->output_stack, "stream");
  studio_scrolled_window_follow_end (self->stream_scroller);
}

static void
studio_playground_column_started_cb (const char *trace_id,
                                     const char *span_id,
                                     gpointer    user_data)
{
  ColumnRun *run = user_data;

  if (run->serial == run->self->serial)
    {
      g_free (run->self->trace_id);
      run->self->trace_id = g_strdup (trace_id);
    }
}

static void
studio_playground_column_run_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  ColumnRun *run = user_data;
  StudioPlaygroundColumn *self = run->self;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *latency = NULL;
  g_autofree char *usage = NULL;

  action_result = genkit_runtime_run_action_finish (GENKIT_RUNTIME (object), result, &error);
  if (run->serial != self->serial)
    {
      column_run_free (run);
      return;
    }

  self->latency = g_get_monotonic_time () - self->started_at;
  latency = studio_format_duration (self->latency);
  gtk_label_set_text (self->latency_label, latency);
  g_clear_object (&self->cancellable);

  if (action_result != NULL)
    {
      JsonNode *value = genkit_action_result_get_result (action_result);

      self->result = value ? json_node_ref (value) : json_node_new (JSON_NODE_NULL);
      usage = studio_generate_response_dup_usage (self->result);
      gtk_label_set_text (self->usage_label, usage ? usage : "");
      gtk_widget_set_visible (GTK_WIDGET (self->usage_label), usage != NULL);
      studio_result_view_set_value (self->result_view, self->result);
      gtk_stack_set_visible_child_name (self->output_stack, "result");
      studio_playground_column_set_state (self, STUDIO_RUNNER_STATE_SUCCEEDED);
    }
  else
    {
      gboolean cancelled = g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED) ||
                           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      self->error = g_error_copy (error);
      gtk_label_set_text (self->error_title_label, studio_error_status_name (error));
      gtk_label_set_text (self->error_message_label, error->message);
      gtk_stack_set_visible_child_name (self->output_stack, "error");
      studio_playground_column_set_state (self, cancelled ? STUDIO_RUNNER_STATE_CANCELLED
                                                          : STUDIO_RUNNER_STATE_FAILED);
    }
  column_run_free (run);
}

/**
 * studio_playground_column_run:
 * @self: a [class@Studio.PlaygroundColumn]
 * @runtime: the runtime that has the model
 * @request: a `GenerateRequest` (protocol §7.4)
 * @streaming: whether to ask for the stream of `GenerateResponseChunk`s
 *
 * Runs the column's model action with @request, forgetting the last run.
 *
 * Returns: %TRUE if the run started; %FALSE when one is already running
 */
gboolean
studio_playground_column_run (StudioPlaygroundColumn *self,
                              GenkitRuntime          *runtime,
                              JsonNode               *request,
                              gboolean                streaming)
{
  g_autoptr(GenkitRunOptions) options = NULL;
  ColumnRun *run;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self), FALSE);
  g_return_val_if_fail (GENKIT_IS_RUNTIME (runtime), FALSE);
  g_return_val_if_fail (request != NULL, FALSE);

  if (self->state == STUDIO_RUNNER_STATE_RUNNING)
    return FALSE;

  self->serial++;
  self->n_chunks = 0;
  g_clear_pointer (&self->result, json_node_unref);
  g_clear_pointer (&self->trace_id, g_free);
  g_clear_error (&self->error);
  g_set_object (&self->runtime, runtime);
  gtk_label_set_text (self->latency_label, "");
  gtk_label_set_text (self->usage_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->usage_label), FALSE);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->stream_view), "", 0);
  gtk_stack_set_visible_child_name (self->output_stack, "stream");
  studio_playground_column_set_diff_base (self, NULL, NULL);

  run = g_new0 (ColumnRun, 1);
  run->self = g_object_ref (self);
  run->serial = self->serial;
  options = genkit_run_options_new ();
  if (streaming)
    genkit_run_options_set_stream_func (options, studio_playground_column_chunk_cb, run, NULL);
  genkit_run_options_set_started_func (options, studio_playground_column_started_cb, run, NULL);

  self->cancellable = g_cancellable_new ();
  self->started_at = g_get_monotonic_time ();
  studio_playground_column_set_state (self, STUDIO_RUNNER_STATE_RUNNING);
  genkit_runtime_run_action_async (runtime, self->model_key, request, options, self->cancellable,
                                   studio_playground_column_run_cb, run);
  return TRUE;
}

/**
 * studio_playground_column_cancel:
 * @self: a [class@Studio.PlaygroundColumn]
 *
 * Cancels the run in progress: asks the runtime to cancel it by trace id (`cancelAction`)
 * when it is known, and stops waiting for it.
 */
void
studio_playground_column_cancel (StudioPlaygroundColumn *self)
{
  g_return_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self));

  if (self->state != STUDIO_RUNNER_STATE_RUNNING || self->cancellable == NULL)
    return;
  /* The model's work stops in the runtime; the answer of cancelAction does not matter
   * since the run ends here either way. */
  if (self->trace_id != NULL)
    genkit_runtime_cancel_action_async (self->runtime, self->trace_id, NULL, NULL, NULL);
  g_cancellable_cancel (self->cancellable);
}

/**
 * studio_playground_column_set_diff_base:
 * @self: a [class@Studio.PlaygroundColumn]
 * @base_name: (nullable): the name of the model compared with
 * @base_text: (nullable): its answer's text; %NULL hides the difference
 *
 * Shows how this column's answer differs from @base_text, word by word.
 */
void
studio_playground_column_set_diff_base (StudioPlaygroundColumn *self,
                                        const char             *base_name,
                                        const char             *base_text)
{
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self));

  gtk_widget_set_visible (GTK_WIDGET (self->diff_expander), base_text != NULL);
  if (base_text == NULL)
    return;
  text = studio_playground_column_dup_text (self);
  /* Translators: %s is a model name such as "echo" */
  label = g_strdup_printf (_("Difference from %s"), base_name);
  gtk_label_set_text (self->diff_label, label);
  studio_text_diff_fill_buffer (gtk_text_view_get_buffer (self->diff_view), base_text, text);
}

/**
 * studio_playground_column_set_removable:
 * @self: a [class@Studio.PlaygroundColumn]
 * @removable: whether the column has a remove button (the last column has none)
 */
void
studio_playground_column_set_removable (StudioPlaygroundColumn *self,
                                        gboolean                removable)
{
  g_return_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self));
  gtk_widget_set_visible (self->remove_button, removable);
}

/**
 * studio_playground_column_get_model_key:
 * @self: a [class@Studio.PlaygroundColumn]
 *
 * Returns: the model's action key, such as `/model/echo`
 */
const char *
studio_playground_column_get_model_key (StudioPlaygroundColumn *self)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self), NULL);
  return self->model_key;
}

/**
 * studio_playground_column_get_state:
 * @self: a [class@Studio.PlaygroundColumn]
 *
 * Returns: the state of the last run
 */
StudioRunnerState
studio_playground_column_get_state (StudioPlaygroundColumn *self)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self), STUDIO_RUNNER_STATE_IDLE);
  return self->state;
}

/**
 * studio_playground_column_get_result:
 * @self: a [class@Studio.PlaygroundColumn]
 *
 * Returns: (transfer none) (nullable): the `GenerateResponse` of the last run
 */
JsonNode *
studio_playground_column_get_result (StudioPlaygroundColumn *self)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self), NULL);
  return self->result;
}

/**
 * studio_playground_column_dup_text:
 * @self: a [class@Studio.PlaygroundColumn]
 *
 * Returns: (transfer full): the text of the last answer (empty when there is none)
 */
char *
studio_playground_column_dup_text (StudioPlaygroundColumn *self)
{
  char *text;

  g_return_val_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self), NULL);

  text = studio_generate_response_dup_text (self->result);
  return text ? text : g_strdup ("");
}

/**
 * studio_playground_column_get_error:
 * @self: a [class@Studio.PlaygroundColumn]
 *
 * Returns: (transfer none) (nullable): the error of the last run
 */
const GError *
studio_playground_column_get_error (StudioPlaygroundColumn *self)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self), NULL);
  return self->error;
}

/**
 * studio_playground_column_get_latency:
 * @self: a [class@Studio.PlaygroundColumn]
 *
 * Returns: the last run's latency, in microseconds
 */
gint64
studio_playground_column_get_latency (StudioPlaygroundColumn *self)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self), 0);
  return self->latency;
}

/**
 * studio_playground_column_get_n_chunks:
 * @self: a [class@Studio.PlaygroundColumn]
 *
 * Returns: how many chunks the last run streamed
 */
guint
studio_playground_column_get_n_chunks (StudioPlaygroundColumn *self)
{
  g_return_val_if_fail (STUDIO_IS_PLAYGROUND_COLUMN (self), 0);
  return self->n_chunks;
}

/**
 * studio_playground_column_new:
 * @model_key: a model action key such as `/model/echo`
 *
 * Returns: (transfer floating): a new column
 */
StudioPlaygroundColumn *
studio_playground_column_new (const char *model_key)
{
  g_return_val_if_fail (model_key != NULL, NULL);
  return g_object_new (STUDIO_TYPE_PLAYGROUND_COLUMN, "model-key", model_key, NULL);
}

static void
studio_playground_column_remove_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  g_signal_emit (widget, signals[REMOVE], 0);
}

static void
studio_playground_column_dispose (GObject *object)
{
  StudioPlaygroundColumn *self = STUDIO_PLAYGROUND_COLUMN (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_PLAYGROUND_COLUMN);
  g_clear_object (&self->runtime);
  g_clear_pointer (&self->result, json_node_unref);

  G_OBJECT_CLASS (studio_playground_column_parent_class)->dispose (object);
}

static void
studio_playground_column_finalize (GObject *object)
{
  StudioPlaygroundColumn *self = STUDIO_PLAYGROUND_COLUMN (object);

  g_free (self->model_key);
  g_free (self->trace_id);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (studio_playground_column_parent_class)->finalize (object);
}

static void
studio_playground_column_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  StudioPlaygroundColumn *self = STUDIO_PLAYGROUND_COLUMN (object);

  switch (prop_id)
    {
    case PROP_MODEL_KEY:
      g_value_set_string (value, self->model_key);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_playground_column_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  StudioPlaygroundColumn *self = STUDIO_PLAYGROUND_COLUMN (object);

  switch (prop_id)
    {
    case PROP_MODEL_KEY:
      {
        g_autofree char *name = NULL;

        self->model_key = g_value_dup_string (value);
        name = studio_action_key_dup_name (self->model_key);
        gtk_label_set_text (self->model_label, name);
        gtk_widget_set_tooltip_text (GTK_WIDGET (self->model_label), self->model_key);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_playground_column_class_init (StudioPlaygroundColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_playground_column_dispose;
  object_class->finalize = studio_playground_column_finalize;
  object_class->get_property = studio_playground_column_get_property;
  object_class->set_property = studio_playground_column_set_property;

  properties[PROP_MODEL_KEY] =
    g_param_spec_string ("model-key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, STUDIO_TYPE_RUNNER_STATE, STUDIO_RUNNER_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StudioPlaygroundColumn::remove:
   *
   * Emitted when the user asks to remove the column.
   */
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/panes/studio-playground-column.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, box);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, model_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, remove_button);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, spinner);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, state_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, latency_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, usage_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, output_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, stream_scroller);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, stream_view);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, result_view);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, error_title_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, error_message_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, diff_expander);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, diff_label);
  gtk_widget_class_bind_template_child (widget_class, StudioPlaygroundColumn, diff_view);

  gtk_widget_class_install_action (widget_class, "column.remove", NULL, studio_playground_column_remove_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "playgroundcolumn");

  g_type_ensure (STUDIO_TYPE_RESULT_VIEW);
}

static void
studio_playground_column_init (StudioPlaygroundColumn *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
