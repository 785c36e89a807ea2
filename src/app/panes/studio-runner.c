/* studio-runner.c — runs one action: input form and JSON, context, streaming, result, trace
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-add-to-dataset.h"
#include "studio-enums.h"
#include "studio-json-editor.h"
#include "studio-presets.h"
#include "studio-result-view.h"
#include "studio-runner.h"
#include "studio-schema-form.h"
#include "studio-util.h"

/* Streamed text kept in the stream view; older text is dropped from the top. */
#define MAX_STREAM_CHARS (256 * 1024)

/**
 * StudioRunner:
 *
 * The runner of one action of one runtime, whatever its type (flows, models, prompts,
 * tools, retrievers, embedders, evaluators, ...):
 *
 * - the input as a form made from the action's input schema ([class@Studio.SchemaForm])
 *   beside the same input as JSON ([class@Studio.JsonEditor]); editing either updates the
 *   other, and the input is checked against the schema with [class@Genkit.JsonSchema] as
 *   it is typed — Run stays off while it is not valid JSON or breaks the schema;
 * - the action context as JSON (for example `{"auth": {"uid": "ada"}}`);
 * - Run (Ctrl+Enter) with [method@Genkit.Runtime.run_action_async]; with Stream on (the
 *   default for the types that stream: flows, models, prompts), chunks appear as they
 *   come, the text of `GenerateResponseChunk`s as text and other chunks as JSON lines;
 * - Cancel (Escape): `cancelAction` by trace id, which the runtime turns into a
 *   `CANCELLED` error; a second Cancel stops waiting at once;
 * - the result in a [class@Studio.ResultView] (Markdown for a model's `GenerateResponse`, a
 *   foldable tree, JSON), or the error with its Genkit status; the latency; the run's trace
 *   id as soon as the run starts, and Open Trace, which emits
 *   [signal@Studio.Runner::open-trace].
 *
 * The input and context are kept in the [class@Studio.InputStore] as they are typed, and can
 * be saved as named presets in the project (`.genkit/studio/inputs/`).
 */
struct _StudioRunner
{
  GtkWidget          parent_instance;

  /* Template children */
  GtkWidget         *box;
  GtkLabel          *title_label;
  GtkLabel          *type_label;
  GtkLabel          *key_label;
  GtkLabel          *description_label;
  GtkMenuButton     *presets_button;
  GtkToggleButton   *stream_toggle;
  StudioSchemaForm  *form;
  GtkWidget         *no_schema_label;
  GtkWidget         *form_scroller;
  GtkImage          *input_status_icon;
  GtkLabel          *input_status_label;
  StudioJsonEditor  *input_editor;
  GtkExpander       *context_expander;
  GtkLabel          *context_status_label;
  StudioJsonEditor  *context_editor;
  GtkSpinner        *spinner;
  GtkImage          *state_icon;
  GtkLabel          *state_label;
  GtkLabel          *latency_label;
  GtkLabel          *trace_label;
  GtkWidget         *trace_button;
  GtkRevealer       *stream_revealer;
  GtkScrolledWindow *stream_scroller;
  GtkLabel          *chunks_label;
  GtkTextView       *stream_view;
  GtkStack          *output_stack;
  StudioResultView  *result_view;
  GtkLabel          *error_title_label;
  GtkLabel          *error_message_label;

  /* Owned */
  GenkitRuntime     *runtime;
  StudioActionItem  *item;
  StudioInputStore  *input_store;
  char              *scope;
  char              *inputs_dir;
  GenkitJsonSchema  *input_schema;
  char              *schema_error;
  GCancellable      *run_cancellable;
  GCancellable      *presets_cancellable;
  GPtrArray         *presets;
  GMenu             *presets_menu;
  char              *trace_id;
  JsonNode          *result;
  GError            *error;

  StudioRunnerState  state;
  gint64             started_at;
  gint64             latency;
  guint              n_chunks;
  guint              run_serial;
  gboolean           input_valid;
  gboolean           context_valid;
  gboolean           syncing;
  gboolean           cancel_requested;
  gboolean           streamed;
};

G_DEFINE_FINAL_TYPE (StudioRunner, studio_runner, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RUNTIME,
  PROP_ITEM,
  PROP_INPUT_STORE,
  PROP_SCOPE,
  PROP_INPUTS_DIR,
  PROP_STATE,
  PROP_INPUT_VALID,
  PROP_STREAMING,
  PROP_TRACE_ID,
  PROP_N_CHUNKS,
  PROP_RESULT,
  PROP_LATENCY,
  N_PROPS
};

enum {
  OPEN_TRACE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void studio_runner_load_presets (StudioRunner *self);

/* State ------------------------------------------------------------------------------------- */

static void
studio_runner_update_actions (StudioRunner *self)
{
  gboolean running = self->state == STUDIO_RUNNER_STATE_RUNNING;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runner.run",
                                 !running && self->input_valid && self->context_valid && self->item != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runner.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runner.open-trace", self->trace_id != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runner.add-to-dataset",
                                 self->state == STUDIO_RUNNER_STATE_SUCCEEDED && self->result != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runner.save-preset", self->inputs_dir != NULL && self->input_valid);
}

static void
studio_runner_set_state (StudioRunner      *self,
                         StudioRunnerState  state)
{
  const char *label = NULL;
  const char *icon = NULL;
  const char *css = NULL;

  self->state = state;

  switch (state)
    {
    case STUDIO_RUNNER_STATE_RUNNING:
      label = _("Running…");
      break;
    case STUDIO_RUNNER_STATE_SUCCEEDED:
      label = _("Succeeded");
      icon = "emblem-ok-symbolic";
      css = "success";
      break;
    case STUDIO_RUNNER_STATE_FAILED:
      label = _("Failed");
      icon = "dialog-error-symbolic";
      css = "error";
      break;
    case STUDIO_RUNNER_STATE_CANCELLED:
      label = _("Cancelled");
      icon = "process-stop-symbolic";
      css = "warning";
      break;
    case STUDIO_RUNNER_STATE_IDLE:
    default:
      break;
    }

  gtk_spinner_set_spinning (self->spinner, state == STUDIO_RUNNER_STATE_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), state == STUDIO_RUNNER_STATE_RUNNING);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_label_set_text (self->state_label, label ? label : "");
  for (guint i = 0; i < 3; i++)
    {
      static const char *classes[] = { "success", "error", "warning" };

      gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), classes[i]);
      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), classes[i]);
    }
  if (css != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), css);
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css);
    }

  studio_runner_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
studio_runner_set_trace_id (StudioRunner *self,
                            const char   *trace_id)
{
  if (g_strcmp0 (self->trace_id, trace_id) == 0)
    return;
  g_free (self->trace_id);
  self->trace_id = g_strdup (trace_id);
  gtk_label_set_text (self->trace_label, trace_id ? trace_id : "");
  gtk_widget_set_visible (self->trace_button, trace_id != NULL);
  studio_runner_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE_ID]);
}

/* Input ------------------------------------------------------------------------------------- */

static void
studio_runner_set_status (StudioRunner *self,
                          gboolean      ok,
                          const char   *text)
{
  gtk_image_set_from_icon_name (self->input_status_icon, ok ? "emblem-ok-symbolic" : "dialog-warning-symbolic");
  gtk_label_set_text (self->input_status_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->input_status_label), text);
  if (ok)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->input_status_icon), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->input_status_icon), "success");
      gtk_widget_add_css_class (GTK_WIDGET (self->input_status_label), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->input_status_label), "error");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->input_status_icon), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->input_status_icon), "success");
      gtk_widget_remove_css_class (GTK_WIDGET (self->input_status_label), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->input_status_label), "error");
    }
}

/* Parses the input text: %NULL input for empty text (the action gets none). */
static gboolean
studio_runner_parse_input (StudioRunner  *self,
                           JsonNode     **input,
                           GError       **error)
{
  g_autofree char *text = studio_json_editor_dup_text (self->input_editor);

  *input = NULL;
  if (g_strstrip (text)[0] == '\0')
    return TRUE;
  *input = genkit_json_parse (text, -1, error);
  return *input != NULL;
}

static gboolean
studio_runner_parse_context (StudioRunner  *self,
                             JsonObject   **context,
                             GError       **error)
{
  g_autofree char *text = studio_json_editor_dup_text (self->context_editor);
  g_autoptr(JsonNode) node = NULL;

  *context = NULL;
  if (g_strstrip (text)[0] == '\0')
    return TRUE;
  if (!(node = genkit_json_parse (text, -1, error)))
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           _("The context must be a JSON object"));
      return FALSE;
    }
  {
    /* Parsed nodes are immutable; the run options keep a mutable copy. */
    g_autoptr(JsonNode) copy = json_node_copy (node);

    *context = json_object_ref (json_node_get_object (copy));
  }
  return TRUE;
}

static void
studio_runner_remember (StudioRunner *self)
{
  g_autofree char *input = NULL;
  g_autofree char *context = NULL;

  if (self->input_store == NULL || self->item == NULL || self->scope == NULL)
    return;
  input = studio_json_editor_dup_text (self->input_editor);
  context = studio_json_editor_dup_text (self->context_editor);
  studio_input_store_remember (self->input_store, self->scope, studio_action_item_get_key (self->item),
                               input, context, self->streamed);
}

static void
studio_runner_set_input_valid (StudioRunner *self,
                               gboolean      valid)
{
  if (self->input_valid == valid)
    return;
  self->input_valid = valid;
  studio_runner_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT_VALID]);
}

/* Validation as you type: parse, show in the form, check against the schema. */
static void
studio_runner_check_input (StudioRunner *self,
                           gboolean      update_form)
{
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) violations = NULL;

  if (!studio_runner_parse_input (self, &input, &error))
    {
      studio_json_editor_mark_error (self->input_editor, error->message);
      studio_runner_set_status (self, FALSE, error->message);
      studio_schema_form_set_violations (self->form, NULL);
      studio_runner_set_input_valid (self, FALSE);
      return;
    }
  studio_json_editor_clear_error (self->input_editor);

  if (update_form)
    studio_schema_form_set_value (self->form, input);

  if (self->input_schema == NULL)
    {
      studio_runner_set_status (self, TRUE, self->schema_error ? self->schema_error
                                                               : input ? _("Valid JSON") : _("No input"));
      studio_runner_set_input_valid (self, TRUE);
      return;
    }

  {
    g_autoptr(JsonNode) null_node = input ? NULL : json_node_new (JSON_NODE_NULL);

    /* No input is checked as null, as Genkit checks `undefined`. */
    if (genkit_json_schema_validate (self->input_schema, input ? input : null_node, &violations, NULL))
      {
        studio_schema_form_set_violations (self->form, NULL);
        studio_runner_set_status (self, TRUE, _("Valid input"));
        studio_runner_set_input_valid (self, TRUE);
        return;
      }
  }

  studio_schema_form_set_violations (self->form, violations);
  {
    GString *text = g_string_new (NULL);

    for (guint i = 0; i < violations->len; i++)
      {
        GenkitSchemaViolation *violation = g_ptr_array_index (violations, i);

        if (i > 0)
          g_string_append (text, "; ");
        g_string_append_printf (text, "%s: %s", genkit_schema_violation_get_path (violation),
                                genkit_schema_violation_get_message (violation));
      }
    studio_runner_set_status (self, FALSE, text->str);
    g_string_free (text, TRUE);
  }
  studio_runner_set_input_valid (self, FALSE);
}

static void
studio_runner_input_changed_cb (StudioRunner *self)
{
  studio_runner_check_input (self, !self->syncing);
  studio_runner_remember (self);
}

static void
studio_runner_context_changed_cb (StudioRunner *self)
{
  g_autoptr(JsonObject) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid = studio_runner_parse_context (self, &context, &error);

  if (valid)
    {
      studio_json_editor_clear_error (self->context_editor);
      gtk_label_set_text (self->context_status_label,
                          context ? _("passed to the action") : _("none"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->context_status_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->context_status_label), "dim-label");
    }
  else
    {
      studio_json_editor_mark_error (self->context_editor, error->message);
      gtk_label_set_text (self->context_status_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->context_status_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->context_status_label), "dim-label");
      gtk_expander_set_expanded (self->context_expander, TRUE);
    }

  if (self->context_valid != valid)
    {
      self->context_valid = valid;
      studio_runner_update_actions (self);
    }
  studio_runner_remember (self);
}

static void
studio_runner_form_changed_cb (StudioRunner *self)
{
  g_autoptr(JsonNode) value = studio_schema_form_dup_value (self->form);
  g_autofree char *text = studio_json_to_pretty_string (value);

  self->syncing = TRUE;
  studio_json_editor_set_text (self->input_editor, text);
  self->syncing = FALSE;
}

static void
studio_runner_form_activate_cb (StudioRunner *self)
{
  studio_runner_run (self);
}

/* Running ----------------------------------------------------------------------------------- */

typedef struct
{
  StudioRunner *self;      /* a reference, for as long as the run goes on */
  guint         serial;
} RunData;

static void
run_data_free (RunData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

static void
studio_runner_append_stream (StudioRunner *self,
                             const char   *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->stream_view);
  GtkTextIter end;
  int excess;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, text, -1);

  excess = gtk_text_buffer_get_char_count (buffer) - MAX_STREAM_CHARS;
  if (excess > 0)
    {
      GtkTextIter start, cut;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_offset (buffer, &cut, excess);
      gtk_text_buffer_delete (buffer, &start, &cut);
    }

}

static void
studio_runner_chunk_cb (JsonNode *chunk,
                        gpointer  user_data)
{
  RunData *data = user_data;
  StudioRunner *self = data->self;
  g_autofree char *text = NULL;
  g_autofree char *label = NULL;

  if (data->serial != self->run_serial)
    return;

  self->n_chunks++;
  /* Text as text, whether a model's GenerateResponseChunk or a flow's string chunks. */
  text = studio_chunk_dup_text (chunk);
  if (text == NULL && JSON_NODE_HOLDS_VALUE (chunk) && json_node_get_value_type (chunk) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (chunk));
  if (text == NULL)
    {
      g_autofree char *json = studio_json_to_compact_string (chunk);

      text = g_strconcat (json, "\n", NULL);
    }
  studio_runner_append_stream (self, text);

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Streamed %u chunk", "Streamed %u chunks",
                                        self->n_chunks), self->n_chunks);
  gtk_label_set_text (self->chunks_label, label);
  gtk_revealer_set_reveal_child (self->stream_revealer, TRUE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHUNKS]);
}

static void
studio_runner_started_cb (const char *trace_id,
                          const char *span_id,
                          gpointer    user_data)
{
  RunData *data = user_data;

  if (data->serial == data->self->run_serial)
    studio_runner_set_trace_id (data->self, trace_id);
}

static void
studio_runner_show_error (StudioRunner *self,
                          const GError *error)
{
  gtk_label_set_text (self->error_title_label, studio_error_status_name (error));
  gtk_label_set_text (self->error_message_label, error->message);
  gtk_stack_set_visible_child_name (self->output_stack, "error");
}

static void
studio_runner_run_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  RunData *data = user_data;
  StudioRunner *self = data->self;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *latency = NULL;

  action_result = genkit_runtime_run_action_finish (GENKIT_RUNTIME (object), result, &error);
  if (data->serial != self->run_serial)
    {
      run_data_free (data);
      return;
    }

  self->latency = g_get_monotonic_time () - self->started_at;
  latency = studio_format_duration (self->latency);
  gtk_label_set_text (self->latency_label, latency);
  g_clear_object (&self->run_cancellable);

  if (self->n_chunks > 0 && !self->streamed)
    {
      self->streamed = TRUE;
      studio_runner_remember (self);
    }

  if (action_result != NULL)
    {
      JsonNode *value = genkit_action_result_get_result (action_result);

      if (genkit_action_result_get_trace_id (action_result) != NULL)
        studio_runner_set_trace_id (self, genkit_action_result_get_trace_id (action_result));
      g_clear_pointer (&self->result, json_node_unref);
      self->result = value ? json_node_ref (value) : json_node_new (JSON_NODE_NULL);
      studio_result_view_set_value (self->result_view, self->result);
      gtk_stack_set_visible_child_name (self->output_stack, "result");
      studio_runner_set_state (self, STUDIO_RUNNER_STATE_SUCCEEDED);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RESULT]);
    }
  else
    {
      gboolean cancelled = g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED) ||
                           g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

      g_clear_error (&self->error);
      self->error = g_error_copy (error);
      studio_runner_show_error (self, error);
      studio_runner_set_state (self, cancelled ? STUDIO_RUNNER_STATE_CANCELLED : STUDIO_RUNNER_STATE_FAILED);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY]);
  run_data_free (data);
}

/**
 * studio_runner_run:
 * @self: a [class@Studio.Runner]
 *
 * Runs the action with the current input and context, as the Run button does.
 *
 * Returns: %TRUE if a run started; %FALSE when one is already running or the input or
 *   context is not valid
 */
gboolean
studio_runner_run (StudioRunner *self)
{
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonObject) context = NULL;
  g_autoptr(GenkitRunOptions) options = NULL;
  GtkTextBuffer *stream_buffer;
  RunData *data;

  g_return_val_if_fail (STUDIO_IS_RUNNER (self), FALSE);

  if (self->state == STUDIO_RUNNER_STATE_RUNNING || self->item == NULL || self->runtime == NULL)
    return FALSE;
  if (!self->input_valid || !self->context_valid)
    return FALSE;
  if (!studio_runner_parse_input (self, &input, NULL) || !studio_runner_parse_context (self, &context, NULL))
    return FALSE;

  self->run_serial++;
  self->n_chunks = 0;
  self->cancel_requested = FALSE;
  g_clear_pointer (&self->result, json_node_unref);
  g_clear_error (&self->error);
  studio_runner_set_trace_id (self, NULL);
  gtk_label_set_text (self->latency_label, "");
  stream_buffer = gtk_text_view_get_buffer (self->stream_view);
  gtk_text_buffer_set_text (stream_buffer, "", 0);
  gtk_revealer_set_reveal_child (self->stream_revealer, FALSE);
  gtk_stack_set_visible_child_name (self->output_stack, "running");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_CHUNKS]);

  options = genkit_run_options_new ();
  if (context != NULL)
    genkit_run_options_set_context (options, context);

  data = g_new0 (RunData, 1);
  data->self = g_object_ref (self);
  data->serial = self->run_serial;
  if (gtk_toggle_button_get_active (self->stream_toggle))
    genkit_run_options_set_stream_func (options, studio_runner_chunk_cb, data, NULL);
  genkit_run_options_set_started_func (options, studio_runner_started_cb, data, NULL);

  self->run_cancellable = g_cancellable_new ();
  self->started_at = g_get_monotonic_time ();
  studio_runner_set_state (self, STUDIO_RUNNER_STATE_RUNNING);

  genkit_runtime_run_action_async (self->runtime, studio_action_item_get_key (self->item), input,
                                   options, self->run_cancellable, studio_runner_run_cb, data);
  return TRUE;
}

static void
studio_runner_cancel_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(StudioRunner) self = user_data;
  g_autoptr(GError) error = NULL;

  if (genkit_runtime_cancel_action_finish (GENKIT_RUNTIME (object), result, &error))
    return;

  /* Finished meanwhile, or the runtime could not cancel: stop waiting for it. */
  if (error != NULL)
    g_debug ("cancelAction failed: %s", error->message);
  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

/**
 * studio_runner_cancel:
 * @self: a [class@Studio.Runner]
 *
 * Cancels the run in progress: asks the runtime to cancel it (`cancelAction` with the run's
 * trace id), which ends the run with `CANCELLED` when the action honours it; before the
 * trace id is known, or the second time, stops waiting at once.
 */
void
studio_runner_cancel (StudioRunner *self)
{
  g_return_if_fail (STUDIO_IS_RUNNER (self));

  if (self->state != STUDIO_RUNNER_STATE_RUNNING || self->run_cancellable == NULL)
    return;

  if (self->trace_id != NULL && !self->cancel_requested)
    {
      self->cancel_requested = TRUE;
      gtk_label_set_text (self->state_label, _("Cancelling…"));
      genkit_runtime_cancel_action_async (self->runtime, self->trace_id, NULL,
                                          studio_runner_cancel_cb, g_object_ref (self));
      return;
    }
  g_cancellable_cancel (self->run_cancellable);
}

/* Presets ----------------------------------------------------------------------------------- */

static void
studio_runner_rebuild_presets_menu (StudioRunner *self)
{
  g_autoptr(GMenu) list = g_menu_new ();
  g_autoptr(GMenu) commands = g_menu_new ();
  g_autoptr(GMenu) delete_menu = g_menu_new ();

  g_menu_remove_all (self->presets_menu);

  for (guint i = 0; self->presets != NULL && i < self->presets->len; i++)
    {
      StudioPreset *preset = g_ptr_array_index (self->presets, i);
      g_autoptr(GMenuItem) load = g_menu_item_new (preset->name, NULL);
      g_autoptr(GMenuItem) remove = g_menu_item_new (preset->name, NULL);

      g_menu_item_set_action_and_target_value (load, "runner.load-preset", g_variant_new_string (preset->path));
      g_menu_append_item (list, load);
      g_menu_item_set_action_and_target_value (remove, "runner.delete-preset", g_variant_new_string (preset->path));
      g_menu_append_item (delete_menu, remove);
    }
  if (g_menu_model_get_n_items (G_MENU_MODEL (list)) > 0)
    g_menu_append_section (self->presets_menu, _("Presets"), G_MENU_MODEL (list));

  if (self->inputs_dir != NULL)
    g_menu_append (commands, _("_Save Input as Preset…"), "runner.save-preset");
  else
    g_menu_append (commands, _("Open a project to save presets"), "runner.save-preset");
  g_menu_append (commands, _("_Reset Input"), "runner.reset");
  if (g_menu_model_get_n_items (G_MENU_MODEL (delete_menu)) > 0)
    g_menu_append_submenu (commands, _("_Delete Preset"), G_MENU_MODEL (delete_menu));
  g_menu_append_section (self->presets_menu, NULL, G_MENU_MODEL (commands));
}

static void
studio_runner_presets_listed_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) presets = studio_presets_list_finish (result, &error);
  StudioRunner *self;

  if (presets == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = STUDIO_RUNNER (user_data);
  if (presets == NULL)
    {
      g_warning ("Cannot list the presets: %s", error->message);
      return;
    }
  g_clear_pointer (&self->presets, g_ptr_array_unref);
  self->presets = g_steal_pointer (&presets);
  studio_runner_rebuild_presets_menu (self);
}

static void
studio_runner_load_presets (StudioRunner *self)
{
  g_cancellable_cancel (self->presets_cancellable);
  g_clear_object (&self->presets_cancellable);
  g_clear_pointer (&self->presets, g_ptr_array_unref);
  studio_runner_rebuild_presets_menu (self);

  if (self->inputs_dir == NULL || self->item == NULL)
    return;
  self->presets_cancellable = g_cancellable_new ();
  /* The callback runs only while the runner lives: dispose cancels the listing. */
  studio_presets_list_async (self->inputs_dir, studio_action_item_get_key (self->item),
                             self->presets_cancellable, studio_runner_presets_listed_cb, self);
}

static void
studio_runner_preset_saved_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(StudioRunner) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = studio_presets_save_finish (result, &error);
  g_autofree char *message = NULL;

  if (path == NULL)
    message = g_strdup_printf (_("Cannot save the preset: %s"), error->message);
  else
    {
      g_autofree char *base = g_path_get_basename (path);

      message = g_strdup_printf (_("Saved as %s"), base);
    }
  studio_widget_add_toast (GTK_WIDGET (self), message);
  studio_runner_load_presets (self);
}

static void
studio_runner_save_response_cb (AdwMessageDialog *dialog,
                                const char       *response,
                                StudioRunner     *self)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "entry");
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonObject) context = NULL;

  if (g_strcmp0 (response, "save") != 0 || name[0] == '\0' || self->inputs_dir == NULL)
    return;
  if (!studio_runner_parse_input (self, &input, NULL) || !studio_runner_parse_context (self, &context, NULL))
    return;

  studio_presets_save_async (self->inputs_dir, studio_action_item_get_key (self->item), name,
                             input, context, NULL, studio_runner_preset_saved_cb, g_object_ref (self));
}

static void
studio_runner_save_preset_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  StudioRunner *self = STUDIO_RUNNER (widget);
  GtkWidget *dialog;
  GtkWidget *entry;
  g_autofree char *body = NULL;

  body = g_strdup_printf (_("The input is saved in %s, where it can be committed and reviewed."),
                          ".genkit/studio/inputs/");
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                   _("Save Input as Preset"), body);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Preset name"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (studio_runner_save_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static StudioPreset *
studio_runner_find_preset (StudioRunner *self,
                           const char   *path)
{
  for (guint i = 0; self->presets != NULL && i < self->presets->len; i++)
    {
      StudioPreset *preset = g_ptr_array_index (self->presets, i);

      if (g_strcmp0 (preset->path, path) == 0)
        return preset;
    }
  return NULL;
}

static void
studio_runner_load_preset_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  StudioRunner *self = STUDIO_RUNNER (widget);
  StudioPreset *preset = studio_runner_find_preset (self, g_variant_get_string (parameter, NULL));
  g_autofree char *input = NULL;
  g_autofree char *context = NULL;

  if (preset == NULL)
    return;
  input = studio_json_to_pretty_string (preset->input);
  if (preset->context != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), preset->context);

      context = studio_json_to_pretty_string (node);
    }
  studio_json_editor_set_text (self->input_editor, input);
  studio_json_editor_set_text (self->context_editor, context ? context : "");
  if (context != NULL)
    gtk_expander_set_expanded (self->context_expander, TRUE);
}

static void
studio_runner_delete_preset_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  StudioRunner *self = STUDIO_RUNNER (widget);
  StudioPreset *preset = studio_runner_find_preset (self, g_variant_get_string (parameter, NULL));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  if (preset == NULL)
    return;
  if (studio_presets_delete (preset->path, &error))
    message = g_strdup_printf (_("Deleted the preset “%s”"), preset->name);
  else
    message = g_strdup_printf (_("Cannot delete the preset: %s"), error->message);
  studio_widget_add_toast (widget, message);
  studio_runner_load_presets (self);
}

/* Actions ----------------------------------------------------------------------------------- */

static void
studio_runner_run_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  studio_runner_run (STUDIO_RUNNER (widget));
}

static void
studio_runner_cancel_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  studio_runner_cancel (STUDIO_RUNNER (widget));
}

static void
studio_runner_open_trace_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  StudioRunner *self = STUDIO_RUNNER (widget);

  if (self->trace_id != NULL)
    g_signal_emit (self, signals[OPEN_TRACE], 0, self->trace_id);
}

/* The run's input and result as a test case of a dataset (the Evaluations' panes). */
static void
studio_runner_add_to_dataset_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  StudioRunner *self = STUDIO_RUNNER (widget);
  g_autofree char *text = studio_runner_dup_input_text (self);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *input = NULL;

  if (self->result == NULL || self->item == NULL)
    return;
  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL))
    input = json_parser_get_root (parser);
  studio_add_to_dataset_present (widget, studio_runner_get_key (self), input, self->result);
}

static void
studio_runner_real_open_trace (StudioRunner *self,
                               const char   *trace_id)
{
  /* By default the window decides what opening a trace means (win.open-trace). */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-trace", "s", trace_id);
}

static void
studio_runner_format_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  StudioRunner *self = STUDIO_RUNNER (widget);
  g_autoptr(JsonNode) input = NULL;
  g_autofree char *text = NULL;

  if (!studio_runner_parse_input (self, &input, NULL) || input == NULL)
    return;
  text = studio_json_to_pretty_string (input);
  studio_json_editor_set_text (self->input_editor, text);
}

static void
studio_runner_reset_input (StudioRunner *self)
{
  JsonNode *schema = self->item ? studio_action_item_get_input_schema (self->item) : NULL;
  g_autoptr(JsonNode) initial = NULL;
  g_autofree char *text = NULL;

  /* A fresh form holds the schema's initial value. */
  studio_schema_form_set_schema (self->form, NULL);
  studio_schema_form_set_schema (self->form, schema);
  initial = studio_schema_form_dup_value (self->form);
  text = initial ? studio_json_to_pretty_string (initial) : g_strdup ("");
  studio_json_editor_set_text (self->input_editor, text);
}

static void
studio_runner_reset_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  studio_runner_reset_input (STUDIO_RUNNER (widget));
}

/* Setup ------------------------------------------------------------------------------------- */

static gboolean
action_type_streams (const char *type)
{
  static const char *streaming[] = { "flow", "model", "background-model", "prompt",
                                     "executable-prompt", "util", "agent", "custom" };

  for (guint i = 0; i < G_N_ELEMENTS (streaming); i++)
    if (g_strcmp0 (type, streaming[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
studio_runner_load_item (StudioRunner *self)
{
  JsonNode *schema = studio_action_item_get_input_schema (self->item);
  g_autofree char *input = NULL;
  g_autofree char *context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean streams = FALSE;
  gboolean kept;

  gtk_label_set_text (self->title_label, studio_action_item_get_name (self->item));
  gtk_label_set_text (self->type_label, studio_action_item_get_action_type (self->item));
  gtk_label_set_text (self->key_label, studio_action_item_get_key (self->item));
  gtk_label_set_text (self->description_label, studio_action_item_get_description (self->item));
  gtk_widget_set_visible (GTK_WIDGET (self->description_label), studio_action_item_get_description (self->item) != NULL);

  g_clear_object (&self->input_schema);
  g_clear_pointer (&self->schema_error, g_free);
  if (schema != NULL)
    {
      self->input_schema = genkit_json_schema_new (schema, &error);
      if (self->input_schema == NULL)
        self->schema_error = g_strdup_printf (_("The input schema cannot be checked: %s"), error->message);
    }

  studio_schema_form_set_schema (self->form, NULL);
  studio_schema_form_set_schema (self->form, schema);
  gtk_widget_set_visible (GTK_WIDGET (self->form), schema != NULL);
  gtk_widget_set_visible (self->no_schema_label, schema == NULL);

  kept = self->input_store != NULL && self->scope != NULL &&
         studio_input_store_lookup (self->input_store, self->scope, studio_action_item_get_key (self->item),
                                    &input, &context, &streams);
  self->streamed = streams;
  gtk_toggle_button_set_active (self->stream_toggle,
                                streams || action_type_streams (studio_action_item_get_action_type (self->item)));

  if (kept)
    {
      studio_json_editor_set_text (self->input_editor, input);
      studio_json_editor_set_text (self->context_editor, context);
    }
  else
    {
      studio_runner_reset_input (self);
      studio_json_editor_set_text (self->context_editor, "");
    }
  gtk_expander_set_expanded (self->context_expander, context != NULL && context[0] != '\0');
  studio_runner_check_input (self, TRUE);
  studio_runner_context_changed_cb (self);
  studio_runner_load_presets (self);
  studio_runner_update_actions (self);
}

/**
 * studio_runner_new:
 * @runtime: the runtime the action belongs to
 * @item: the action
 * @input_store: (nullable): where inputs are kept
 * @scope: (nullable): the input store's scope (`builtin` or the project root)
 * @inputs_dir: (nullable): the project's `.genkit/studio/inputs`, for presets
 *
 * Returns: (transfer floating): a runner for @item
 */
StudioRunner *
studio_runner_new (GenkitRuntime    *runtime,
                   StudioActionItem *item,
                   StudioInputStore *input_store,
                   const char       *scope,
                   const char       *inputs_dir)
{
  return g_object_new (STUDIO_TYPE_RUNNER,
                       "runtime", runtime,
                       "input-store", input_store,
                       "scope", scope,
                       "inputs-dir", inputs_dir,
                       "item", item,
                       NULL);
}

GenkitRuntime *
studio_runner_get_runtime (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), NULL);
  return self->runtime;
}

StudioActionItem *
studio_runner_get_item (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), NULL);
  return self->item;
}

/**
 * studio_runner_set_item:
 * @self: a [class@Studio.Runner]
 * @item: the action, possibly with a new descriptor (after the actions were listed again)
 *
 * Shows @item. The input is kept; the form is rebuilt from the new input schema.
 */
void
studio_runner_set_item (StudioRunner     *self,
                        StudioActionItem *item)
{
  g_return_if_fail (STUDIO_IS_RUNNER (self));
  g_return_if_fail (STUDIO_IS_ACTION_ITEM (item));

  if (self->item == item)
    return;
  if (self->item != NULL && g_strcmp0 (studio_action_item_get_key (self->item), studio_action_item_get_key (item)) == 0)
    {
      JsonNode *old_schema = studio_action_item_get_input_schema (self->item);
      JsonNode *new_schema = studio_action_item_get_input_schema (item);
      gboolean same = (old_schema == NULL && new_schema == NULL) ||
                      (old_schema != NULL && new_schema != NULL && json_node_equal (old_schema, new_schema));

      g_set_object (&self->item, item);
      if (!same)
        {
          g_autoptr(GError) error = NULL;

          g_clear_object (&self->input_schema);
          g_clear_pointer (&self->schema_error, g_free);
          if (new_schema != NULL && !(self->input_schema = genkit_json_schema_new (new_schema, &error)))
            self->schema_error = g_strdup_printf (_("The input schema cannot be checked: %s"), error->message);
          studio_schema_form_set_schema (self->form, new_schema);
          gtk_widget_set_visible (GTK_WIDGET (self->form), new_schema != NULL);
          gtk_widget_set_visible (self->no_schema_label, new_schema == NULL);
          studio_runner_check_input (self, TRUE);
        }
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
      return;
    }

  g_set_object (&self->item, item);
  studio_runner_load_item (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ITEM]);
}

const char *
studio_runner_get_key (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), NULL);
  return self->item ? studio_action_item_get_key (self->item) : NULL;
}

StudioRunnerState
studio_runner_get_state (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), STUDIO_RUNNER_STATE_IDLE);
  return self->state;
}

gboolean
studio_runner_get_input_valid (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), FALSE);
  return self->input_valid;
}

gboolean
studio_runner_get_streaming (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), FALSE);
  return gtk_toggle_button_get_active (self->stream_toggle);
}

void
studio_runner_set_streaming (StudioRunner *self,
                             gboolean      streaming)
{
  g_return_if_fail (STUDIO_IS_RUNNER (self));
  gtk_toggle_button_set_active (self->stream_toggle, streaming);
}

const char *
studio_runner_get_trace_id (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), NULL);
  return self->trace_id;
}

guint
studio_runner_get_n_chunks (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), 0);
  return self->n_chunks;
}

/**
 * studio_runner_get_result:
 * @self: a [class@Studio.Runner]
 *
 * Returns: (transfer none) (nullable): the last run's result (JSON null when the action
 *   returned nothing), or %NULL if it did not succeed
 */
JsonNode *
studio_runner_get_result (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), NULL);
  return self->result;
}

/**
 * studio_runner_get_error:
 * @self: a [class@Studio.Runner]
 *
 * Returns: (transfer none) (nullable): the last run's error
 */
const GError *
studio_runner_get_error (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), NULL);
  return self->error;
}

/**
 * studio_runner_get_latency:
 * @self: a [class@Studio.Runner]
 *
 * Returns: the last run's duration in microseconds, from the request to the result
 */
gint64
studio_runner_get_latency (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), 0);
  return self->latency;
}

/**
 * studio_runner_dup_input_text:
 * @self: a [class@Studio.Runner]
 *
 * Returns: (transfer full): the input JSON text
 */
char *
studio_runner_dup_input_text (StudioRunner *self)
{
  g_return_val_if_fail (STUDIO_IS_RUNNER (self), NULL);
  return studio_json_editor_dup_text (self->input_editor);
}

/**
 * studio_runner_set_input_text:
 * @self: a [class@Studio.Runner]
 * @text: JSON text
 *
 * Replaces the input JSON text, as typing it would.
 */
void
studio_runner_set_input_text (StudioRunner *self,
                              const char   *text)
{
  g_return_if_fail (STUDIO_IS_RUNNER (self));
  studio_json_editor_set_text (self->input_editor, text);
}

/**
 * studio_runner_set_context_text:
 * @self: a [class@Studio.Runner]
 * @text: JSON text of an object, or ""
 *
 * Replaces the context JSON text, as typing it would.
 */
void
studio_runner_set_context_text (StudioRunner *self,
                                const char   *text)
{
  g_return_if_fail (STUDIO_IS_RUNNER (self));
  studio_json_editor_set_text (self->context_editor, text);
}

static void
studio_runner_dispose (GObject *object)
{
  StudioRunner *self = STUDIO_RUNNER (object);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
  g_cancellable_cancel (self->presets_cancellable);
  studio_runner_remember (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_RUNNER);

  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->presets_cancellable);
  g_clear_object (&self->runtime);
  g_clear_object (&self->item);
  g_clear_object (&self->input_store);
  g_clear_object (&self->input_schema);
  g_clear_object (&self->presets_menu);
  g_clear_pointer (&self->presets, g_ptr_array_unref);
  g_clear_pointer (&self->result, json_node_unref);

  G_OBJECT_CLASS (studio_runner_parent_class)->dispose (object);
}

static void
studio_runner_finalize (GObject *object)
{
  StudioRunner *self = STUDIO_RUNNER (object);

  g_free (self->scope);
  g_free (self->inputs_dir);
  g_free (self->schema_error);
  g_free (self->trace_id);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (studio_runner_parent_class)->finalize (object);
}

static void
studio_runner_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  StudioRunner *self = STUDIO_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    case PROP_INPUT_STORE:
      g_value_set_object (value, self->input_store);
      break;
    case PROP_SCOPE:
      g_value_set_string (value, self->scope);
      break;
    case PROP_INPUTS_DIR:
      g_value_set_string (value, self->inputs_dir);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_INPUT_VALID:
      g_value_set_boolean (value, self->input_valid);
      break;
    case PROP_STREAMING:
      g_value_set_boolean (value, studio_runner_get_streaming (self));
      break;
    case PROP_TRACE_ID:
      g_value_set_string (value, self->trace_id);
      break;
    case PROP_N_CHUNKS:
      g_value_set_uint (value, self->n_chunks);
      break;
    case PROP_RESULT:
      g_value_set_boxed (value, self->result);
      break;
    case PROP_LATENCY:
      g_value_set_int64 (value, self->latency);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_runner_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  StudioRunner *self = STUDIO_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      self->runtime = g_value_dup_object (value);
      break;
    case PROP_ITEM:
      if (g_value_get_object (value) != NULL)
        studio_runner_set_item (self, g_value_get_object (value));
      break;
    case PROP_INPUT_STORE:
      self->input_store = g_value_dup_object (value);
      break;
    case PROP_SCOPE:
      self->scope = g_value_dup_string (value);
      break;
    case PROP_INPUTS_DIR:
      self->inputs_dir = g_value_dup_string (value);
      break;
    case PROP_STREAMING:
      studio_runner_set_streaming (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_runner_class_init (StudioRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_runner_dispose;
  object_class->finalize = studio_runner_finalize;
  object_class->get_property = studio_runner_get_property;
  object_class->set_property = studio_runner_set_property;

  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, STUDIO_TYPE_ACTION_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_STORE] =
    g_param_spec_object ("input-store", NULL, NULL, STUDIO_TYPE_INPUT_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCOPE] =
    g_param_spec_string ("scope", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUTS_DIR] =
    g_param_spec_string ("inputs-dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, STUDIO_TYPE_RUNNER_STATE, STUDIO_RUNNER_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INPUT_VALID] =
    g_param_spec_boolean ("input-valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREAMING] =
    g_param_spec_boolean ("streaming", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRACE_ID] =
    g_param_spec_string ("trace-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_CHUNKS] =
    g_param_spec_uint ("n-chunks", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESULT] =
    g_param_spec_boxed ("result", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LATENCY] =
    g_param_spec_int64 ("latency", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StudioRunner::open-trace:
   * @self: the runner
   * @trace_id: the run's trace id
   *
   * Emitted by Open Trace. The default handler activates `win.open-trace` with @trace_id,
   * so the window (or a traces pane) decides how to show it; a handler may stop it.
   */
  signals[OPEN_TRACE] =
    g_signal_new_class_handler ("open-trace",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (studio_runner_real_open_trace),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/panes/studio-runner.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, box);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, title_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, type_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, key_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, description_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, presets_button);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, stream_toggle);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, form);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, no_schema_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, form_scroller);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, input_status_icon);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, input_status_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, input_editor);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, context_expander);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, context_status_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, context_editor);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, spinner);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, state_icon);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, state_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, latency_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, trace_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, trace_button);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, stream_revealer);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, stream_scroller);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, chunks_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, stream_view);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, output_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, result_view);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, error_title_label);
  gtk_widget_class_bind_template_child (widget_class, StudioRunner, error_message_label);
  gtk_widget_class_bind_template_callback (widget_class, studio_runner_form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_runner_form_activate_cb);

  gtk_widget_class_install_action (widget_class, "runner.run", NULL, studio_runner_run_action);
  gtk_widget_class_install_action (widget_class, "runner.cancel", NULL, studio_runner_cancel_action);
  gtk_widget_class_install_action (widget_class, "runner.open-trace", NULL, studio_runner_open_trace_action);
  gtk_widget_class_install_action (widget_class, "runner.add-to-dataset", NULL, studio_runner_add_to_dataset_action);
  gtk_widget_class_install_action (widget_class, "runner.format", NULL, studio_runner_format_action);
  gtk_widget_class_install_action (widget_class, "runner.reset", NULL, studio_runner_reset_action);
  gtk_widget_class_install_action (widget_class, "runner.save-preset", NULL, studio_runner_save_preset_action);
  gtk_widget_class_install_action (widget_class, "runner.load-preset", "s", studio_runner_load_preset_action);
  gtk_widget_class_install_action (widget_class, "runner.delete-preset", "s", studio_runner_delete_preset_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "runner.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK, "runner.run", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "runner.cancel", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "runner");

  g_type_ensure (STUDIO_TYPE_SCHEMA_FORM);
  g_type_ensure (STUDIO_TYPE_JSON_EDITOR);
  g_type_ensure (STUDIO_TYPE_RESULT_VIEW);
}

static void
studio_runner_init (StudioRunner *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->context_valid = TRUE;
  self->presets_menu = g_menu_new ();
  gtk_menu_button_set_menu_model (self->presets_button, G_MENU_MODEL (self->presets_menu));
  gtk_widget_set_visible (self->trace_button, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), FALSE);
  studio_scrolled_window_follow_end (self->stream_scroller);

  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->input_editor)), "changed",
                           G_CALLBACK (studio_runner_input_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->context_editor)), "changed",
                           G_CALLBACK (studio_runner_context_changed_cb), self, G_CONNECT_SWAPPED);

  studio_runner_set_state (self, STUDIO_RUNNER_STATE_IDLE);
  studio_runner_rebuild_presets_menu (self);
}
