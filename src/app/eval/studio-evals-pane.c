/* studio-evals-pane.c — eval runs: start, live progress, cancel and resume, results, comparison
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-eval-stores.h"
#include "studio-eval-util.h"
#include "studio-evals-pane.h"
#include "studio-util.h"

/**
 * StudioEvalsPane:
 *
 * The eval runs of the studio's [class@Genkit.EvalStore], newest first, and beside them one
 * of three pages:
 *
 * - a form that starts a run — a target of the current runtime (flow, model or executable
 *   prompt, with the model a prompt is generated with and a model config: Genkit's
 *   `actionConfig`), a dataset, the runtime's evaluators (and the judge model of the
 *   LLM-as-judge ones), the concurrency — with a
 *   [class@Genkit.EvalRunner];
 * - the selected run: its progress while it runs (updated on each `row-completed`), Cancel
 *   and Resume, the aggregates (pass rate, mean and percentiles per metric, latency, tokens),
 *   and the results table with per-row status, latency, tokens, output and scores, filtered
 *   to the failed test cases or to those whose score of a metric is below a threshold;
 * - with several runs selected, a [class@Studio.EvalCompare] of them, the oldest as baseline.
 *
 * One run goes on at a time; the results are written to the store as each test case
 * finishes, so a cancelled (or interrupted) run keeps them and Resume runs only the others.
 */
struct _StudioEvalsPane
{
  StudioPane          parent_instance;

  /* Template children */
  GtkListView        *run_list;
  GtkStack           *content_stack;
  AdwComboRow        *target_row;
  AdwComboRow        *dataset_row;
  AdwComboRow        *model_row;
  AdwEntryRow        *config_row;
  GtkSpinButton      *concurrency_spin;
  GtkFlowBox         *evaluators_box;
  AdwComboRow        *judge_row;
  GtkLabel           *form_error_label;
  GtkLabel           *run_title_label;
  GtkLabel           *run_subtitle_label;
  GtkLabel           *status_label;
  GtkButton          *cancel_button;
  GtkProgressBar     *progress_bar;
  GtkLabel           *aggregates_label;
  GtkToggleButton    *failed_toggle;
  GtkDropDown        *metric_dropdown;
  GtkSpinButton      *threshold_spin;
  GtkLabel           *shown_label;
  GtkColumnView      *results_view;
  GtkTextView        *detail_view;
  StudioEvalCompare  *compare;

  /* Owned */
  StudioEvalStores   *stores;
  GtkMultiSelection  *run_selection;
  GtkStringList      *targets;
  GtkStringList      *models;            /* the runtime's models, for prompt targets */
  GtkStringList      *metrics;          /* item 0: no score filter */
  GtkCustomFilter    *filter;
  GtkFilterListModel *filtered;
  GtkSortListModel   *sorted;
  GtkSingleSelection *result_selection;
  GenkitEvalResult   *detail_result;     /* the test case shown in full */
  GenkitEvalRun      *shown_run;
  GenkitEvalRunner   *runner;
  GCancellable       *run_cancellable;
  GCancellable       *cancellable;       /* loads of results */
  GCancellable       *runtime_cancellable;
  gboolean            runtime_stale;     /* the runtime changed while the pane was hidden */
  guint               refilter_id;
  guint               header_id;         /* a pending update of the run header */
  guint               busy;
};

G_DEFINE_FINAL_TYPE (StudioEvalsPane, studio_evals_pane, STUDIO_TYPE_PANE)

enum {
  PROP_0,
  PROP_RUNNING,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What a results cell shows. */
typedef enum
{
  CELL_INDEX,
  CELL_ID,
  CELL_STATUS,
  CELL_LATENCY,
  CELL_TOKENS,
  CELL_OUTPUT,
  CELL_METRIC,
} CellKind;

static void studio_evals_pane_show (StudioEvalsPane *self,
                                    GenkitEvalRun   *run);

static GenkitEvalStore *
evals (StudioEvalsPane *self)
{
  return self->stores ? studio_eval_stores_get_evals (self->stores) : NULL;
}

static void
studio_evals_pane_hold (StudioEvalsPane *self)
{
  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
studio_evals_pane_release (StudioEvalsPane *self)
{
  g_assert (self->busy > 0);
  if (--self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
studio_evals_pane_update_actions (StudioEvalsPane *self)
{
  gboolean running = self->runner != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evals.start", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evals.start-file", !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evals.cancel", running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "evals.resume",
                                 !running && self->shown_run != NULL && genkit_eval_run_can_resume (self->shown_run) &&
                                 studio_pane_get_runtime (STUDIO_PANE (self)) != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button),
                          running && self->shown_run == genkit_eval_runner_get_run (self->runner));
}

/* Results cells ----------------------------------------------------------------------- */

static char *
result_output_line (GenkitEvalResult *result)
{
  JsonNode *output = genkit_eval_result_get_output (result);
  g_autofree char *text = NULL;
  char *newline;

  if (genkit_eval_result_get_status (result) == GENKIT_EVAL_RESULT_STATUS_FAILED)
    return g_strdup (genkit_eval_result_get_error (result) ? genkit_eval_result_get_error (result) : "");
  if (output == NULL)
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (output) && json_node_get_value_type (output) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (output));
  else
    text = studio_json_to_compact_string (output);
  if ((newline = strchr (text, '\n')) != NULL)
    *newline = '\0';
  return g_steal_pointer (&text);
}

static char *
result_tokens (GenkitEvalResult *result)
{
  JsonObject *usage = genkit_eval_result_get_usage (result);

  /* No model call, or one that counts only characters: nothing to show. */
  if (usage == NULL || (json_object_get_int_member_with_default (usage, "inputTokens", 0) == 0 &&
                        json_object_get_int_member_with_default (usage, "outputTokens", 0) == 0))
    return g_strdup ("");
  /* Translators: input and output tokens of a test case's model calls */
  return g_strdup_printf (_("%.0f in · %.0f out"),
                          (double) json_object_get_int_member_with_default (usage, "inputTokens", 0),
                          (double) json_object_get_int_member_with_default (usage, "outputTokens", 0));
}

static void
update_cell (GtkLabel         *label,
             GenkitEvalResult *result)
{
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "kind"));
  const char *metric = g_object_get_data (G_OBJECT (label), "metric");
  GenkitEvalResultStatus status = genkit_eval_result_get_status (result);
  g_autofree char *text = NULL;
  JsonObject *score = NULL;

  switch (kind)
    {
    case CELL_INDEX:
      text = g_strdup_printf ("%u", genkit_eval_result_get_index (result) + 1);
      break;
    case CELL_ID:
      text = g_strdup (genkit_eval_result_get_test_case_id (result));
      break;
    case CELL_STATUS:
      text = g_strdup (status == GENKIT_EVAL_RESULT_STATUS_DONE ? _("done")
                       : status == GENKIT_EVAL_RESULT_STATUS_FAILED ? _("failed") : _("pending"));
      break;
    case CELL_LATENCY:
      text = status == GENKIT_EVAL_RESULT_STATUS_PENDING ? g_strdup ("")
             : studio_format_duration ((gint64) (genkit_eval_result_get_latency_ms (result) * 1000));
      break;
    case CELL_TOKENS:
      text = result_tokens (result);
      break;
    case CELL_OUTPUT:
      text = result_output_line (result);
      break;
    case CELL_METRIC:
    default:
      score = genkit_eval_result_get_metric (result, metric);
      text = studio_eval_format_score (score);
      break;
    }
  /* Results change many times a second in a large run: touch only what differs (setting a
   * tooltip, even the same, costs a relayout). */
  if (g_strcmp0 (gtk_label_get_text (label), text) != 0)
    {
      gtk_label_set_text (label, text);
      if (kind == CELL_OUTPUT || kind == CELL_ID || kind == CELL_METRIC)
        gtk_widget_set_tooltip_text (GTK_WIDGET (label), *text ? text : NULL);
    }
  studio_eval_set_class (GTK_WIDGET (label), "error",
                         (kind == CELL_STATUS && status == GENKIT_EVAL_RESULT_STATUS_FAILED) ||
                         (score != NULL && g_strcmp0 (json_object_get_string_member_with_default (score, "status", NULL),
                                                      "FAIL") == 0));
  studio_eval_set_class (GTK_WIDGET (label), "success",
                         score != NULL && g_strcmp0 (json_object_get_string_member_with_default (score, "status", NULL),
                                                     "PASS") == 0);
  studio_eval_set_class (GTK_WIDGET (label), "dim-label", status == GENKIT_EVAL_RESULT_STATUS_PENDING);
}

static void
result_notify_cb (GenkitEvalResult *result,
                  GParamSpec       *pspec,
                  GtkLabel         *label)
{
  update_cell (label, result);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "kind"));

  gtk_label_set_xalign (GTK_LABEL (label), kind == CELL_INDEX || kind == CELL_LATENCY ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  if (kind == CELL_OUTPUT)
    gtk_label_set_width_chars (GTK_LABEL (label), 24);
  if (kind == CELL_INDEX || kind == CELL_LATENCY || kind == CELL_TOKENS || kind == CELL_METRIC)
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (label), "metric", g_strdup (g_object_get_data (G_OBJECT (factory), "metric")),
                          g_free);
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GenkitEvalResult *result = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);

  update_cell (GTK_LABEL (label), result);
  g_signal_connect_object (result, "notify", G_CALLBACK (result_notify_cb), label, 0);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), result_notify_cb, gtk_list_item_get_child (item));
}

/* Sorting: by a cell's value; a test case not scored (or not run) sorts lowest. */
static double
cell_value (GenkitEvalResult *result,
            CellKind          kind,
            const char       *metric)
{
  double score;

  switch (kind)
    {
    case CELL_STATUS:
      return genkit_eval_result_get_status (result);
    case CELL_LATENCY:
      return genkit_eval_result_get_status (result) == GENKIT_EVAL_RESULT_STATUS_PENDING
             ? -1 : genkit_eval_result_get_latency_ms (result);
    case CELL_METRIC:
      return studio_eval_metric_score (genkit_eval_result_get_metric (result, metric), &score) ? score : -G_MAXDOUBLE;
    case CELL_INDEX:
    default:
      return genkit_eval_result_get_index (result);
    }
}

static int
compare_cells (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  GtkColumnViewColumn *column = user_data;
  CellKind kind = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "kind"));
  const char *metric = g_object_get_data (G_OBJECT (column), "metric-name");
  double x, y;

  if (kind == CELL_ID)
    return g_strcmp0 (genkit_eval_result_get_test_case_id ((GenkitEvalResult *) a),
                      genkit_eval_result_get_test_case_id ((GenkitEvalResult *) b));
  x = cell_value ((GenkitEvalResult *) a, kind, metric);
  y = cell_value ((GenkitEvalResult *) b, kind, metric);
  return x < y ? -1 : x > y;
}

static void
studio_evals_pane_add_column (StudioEvalsPane *self,
                              const char      *title,
                              CellKind         kind,
                              const char      *metric,
                              gboolean         expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "kind", GINT_TO_POINTER (kind));
  g_object_set_data_full (G_OBJECT (factory), "metric", g_strdup (metric), g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, expand);
  if (metric != NULL)
    g_object_set_data (G_OBJECT (column), "metric", GINT_TO_POINTER (TRUE));
  if (kind != CELL_OUTPUT && kind != CELL_TOKENS)
    {
      g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (compare_cells, column, NULL);

      g_object_set_data (G_OBJECT (column), "kind", GINT_TO_POINTER (kind));
      g_object_set_data_full (G_OBJECT (column), "metric-name", g_strdup (metric), g_free);
      gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
    }
  gtk_column_view_append_column (self->results_view, column);
}

/* The metrics of a run: those of its aggregates, else its evaluators. */
static GStrv
run_metrics (GenkitEvalRun *run)
{
  JsonNode *aggregates = genkit_eval_run_get_aggregates (run);
  JsonArray *list = aggregates ? json_object_get_array_member (json_node_get_object (aggregates), "metrics") : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (list != NULL && json_array_get_length (list) > 0)
    {
      for (guint i = 0; i < json_array_get_length (list); i++)
        g_strv_builder_add (builder, json_object_get_string_member (json_array_get_object_element (list, i), "metric"));
      return g_strv_builder_end (builder);
    }
  g_strv_builder_addv (builder, (const char **) genkit_eval_run_get_evaluators (run));
  return g_strv_builder_end (builder);
}

static const char *
metric_title (const char *metric)
{
  return g_str_has_prefix (metric, "/evaluator/") ? metric + strlen ("/evaluator/") : metric;
}

/* Whether the metric columns are those of @metrics already. */
static gboolean
metrics_unchanged (StudioEvalsPane    *self,
                   const char * const *metrics)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->metrics));
  guint count = metrics ? g_strv_length ((char **) metrics) : 0;

  if (n != count + 1)
    return FALSE;
  for (guint i = 0; i < count; i++)
    if (!g_str_equal (gtk_string_list_get_string (self->metrics, i + 1), metrics[i]))
      return FALSE;
  return TRUE;
}

/* The metric columns and the metric filter follow the run shown. */
static void
studio_evals_pane_set_metric_columns (StudioEvalsPane *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->results_view);
  g_auto(GStrv) metrics = self->shown_run ? run_metrics (self->shown_run) : NULL;
  g_autofree char *selected = NULL;
  guint n = g_list_model_get_n_items (columns);
  guint keep = 0;

  if (gtk_drop_down_get_selected (self->metric_dropdown) > 0 &&
      gtk_drop_down_get_selected (self->metric_dropdown) != GTK_INVALID_LIST_POSITION)
    selected = g_strdup (gtk_string_list_get_string (self->metrics, gtk_drop_down_get_selected (self->metric_dropdown)));

  if (metrics_unchanged (self, (const char * const *) metrics))
    return;
  for (guint i = n; i-- > 0;)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_object_get_data (G_OBJECT (column), "metric") != NULL)
        gtk_column_view_remove_column (self->results_view, column);
    }
  gtk_string_list_splice (self->metrics, 1, g_list_model_get_n_items (G_LIST_MODEL (self->metrics)) - 1, NULL);
  for (guint i = 0; metrics != NULL && metrics[i] != NULL; i++)
    {
      studio_evals_pane_add_column (self, metric_title (metrics[i]), CELL_METRIC, metrics[i], FALSE);
      gtk_string_list_append (self->metrics, metrics[i]);
      if (g_strcmp0 (selected, metrics[i]) == 0)
        keep = i + 1;
    }
  gtk_drop_down_set_selected (self->metric_dropdown, keep);
}

/* Filters ----------------------------------------------------------------------------- */

static gboolean
studio_evals_pane_filter_func (gpointer item,
                               gpointer user_data)
{
  StudioEvalsPane *self = user_data;
  GenkitEvalResult *result = item;
  GenkitEvalResultStatus status = genkit_eval_result_get_status (result);
  guint selected = gtk_drop_down_get_selected (self->metric_dropdown);
  double score;

  if (gtk_toggle_button_get_active (self->failed_toggle) && status != GENKIT_EVAL_RESULT_STATUS_FAILED)
    return FALSE;
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    return TRUE;
  if (status == GENKIT_EVAL_RESULT_STATUS_PENDING)
    return FALSE;
  /* A test case with no score for the metric (failed, or an evaluator error) is below any bar. */
  if (!studio_eval_metric_score (genkit_eval_result_get_metric (result, gtk_string_list_get_string (self->metrics, selected)),
                                 &score))
    return TRUE;
  return score < gtk_spin_button_get_value (self->threshold_spin);
}

static gboolean
studio_evals_pane_filter_active (StudioEvalsPane *self)
{
  guint selected = gtk_drop_down_get_selected (self->metric_dropdown);

  return gtk_toggle_button_get_active (self->failed_toggle) || (selected != 0 && selected != GTK_INVALID_LIST_POSITION);
}

static void
studio_evals_pane_update_shown (StudioEvalsPane *self)
{
  GListModel *all = self->shown_run ? genkit_eval_run_get_results (self->shown_run) : NULL;
  g_autofree char *text = NULL;

  if (all == NULL)
    return;
  text = g_strdup_printf (ngettext ("%u of %u test case shown", "%u of %u test cases shown", g_list_model_get_n_items (all)),
                          g_list_model_get_n_items (G_LIST_MODEL (self->filtered)), g_list_model_get_n_items (all));
  gtk_label_set_text (self->shown_label, text);
}

static void
studio_evals_pane_filter_changed_cb (StudioEvalsPane *self)
{
  /* The filter controls notify while the template is built. */
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  studio_evals_pane_update_shown (self);
}

static gboolean
studio_evals_pane_refilter_cb (gpointer user_data)
{
  StudioEvalsPane *self = user_data;

  self->refilter_id = 0;
  studio_evals_pane_filter_changed_cb (self);
  return G_SOURCE_REMOVE;
}

/* The selected test case in full: Genkit's EvalResult, with the evaluators' rationales. */
static void
studio_evals_pane_show_detail (StudioEvalsPane *self)
{
  GenkitEvalResult *result = self->detail_result;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->detail_view);
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *text = NULL;

  if (result == NULL)
    {
      gtk_text_buffer_set_text (buffer, _("Select a test case to see its input, output, reference, context and "
                                          "scores in full."), -1);
      return;
    }
  json = genkit_eval_result_to_json (result);
  text = studio_json_to_pretty_string (json);
  gtk_text_buffer_set_text (buffer, text, -1);
}

/* A test case selected while the run goes on is shown again as it changes. */
static void
studio_evals_pane_result_selected_cb (StudioEvalsPane *self)
{
  GenkitEvalResult *result = gtk_single_selection_get_selected_item (self->result_selection);

  if (self->detail_result != NULL)
    g_signal_handlers_disconnect_by_func (self->detail_result, studio_evals_pane_show_detail, self);
  g_set_object (&self->detail_result, result);
  if (result != NULL)
    g_signal_connect_object (result, "notify", G_CALLBACK (studio_evals_pane_show_detail), self,
                             G_CONNECT_SWAPPED);
  studio_evals_pane_show_detail (self);
}

/* Run header -------------------------------------------------------------------------- */

static char *
aggregates_text (GenkitEvalRun *run)
{
  JsonNode *node = genkit_eval_run_get_aggregates (run);
  JsonObject *aggregates = node ? json_node_get_object (node) : NULL;
  JsonArray *metrics = aggregates ? json_object_get_array_member (aggregates, "metrics") : NULL;
  JsonObject *latency = aggregates ? json_object_get_object_member (aggregates, "latencyMs") : NULL;
  JsonObject *usage = aggregates && json_object_has_member (aggregates, "usage")
                      ? json_object_get_object_member (aggregates, "usage") : NULL;
  GString *text = g_string_new (NULL);

  if (aggregates == NULL)
    return g_string_free (text, FALSE);
  for (guint i = 0; metrics != NULL && i < json_array_get_length (metrics); i++)
    {
      JsonObject *metric = json_array_get_object_element (metrics, i);

      g_string_append_printf (text, "%s%s:", text->len ? "\n" : "",
                              metric_title (json_object_get_string_member (metric, "metric")));
      if (json_object_has_member (metric, "passRate"))
        g_string_append_printf (text, _(" pass rate %.1f%% (%u of %u)"),
                                100 * json_object_get_double_member (metric, "passRate"),
                                (guint) json_object_get_int_member_with_default (metric, "passCount", 0),
                                genkit_eval_run_get_n_rows (run));
      if (json_object_has_member (metric, "mean"))
        g_string_append_printf (text, _(" · mean %.3g · p50 %.3g · p90 %.3g · p99 %.3g"),
                                json_object_get_double_member (metric, "mean"),
                                json_object_get_double_member_with_default (metric, "p50", 0),
                                json_object_get_double_member_with_default (metric, "p90", 0),
                                json_object_get_double_member_with_default (metric, "p99", 0));
      if (json_object_get_int_member_with_default (metric, "errorCount", 0) > 0)
        g_string_append_printf (text, _(" · evaluator errors: %u"),
                                (guint) json_object_get_int_member (metric, "errorCount"));
    }
  if (latency != NULL && json_object_has_member (latency, "p50"))
    g_string_append_printf (text, _("%sLatency: mean %.1f ms · p50 %.1f ms · p90 %.1f ms · p99 %.1f ms"),
                            text->len ? "\n" : "", json_object_get_double_member (latency, "mean"),
                            json_object_get_double_member (latency, "p50"),
                            json_object_get_double_member_with_default (latency, "p90", 0),
                            json_object_get_double_member_with_default (latency, "p99", 0));
  if (usage != NULL && json_object_has_member (usage, "inputTokens"))
    g_string_append_printf (text, _("%sTokens: %.0f in · %.0f out"),
                            text->len ? "\n" : "", (double) json_object_get_int_member (usage, "inputTokens"),
                            (double) json_object_get_int_member_with_default (usage, "outputTokens", 0));
  return g_string_free (text, FALSE);
}

static char *
status_text (GenkitEvalRun *run)
{
  guint done = genkit_eval_run_get_n_done (run) + genkit_eval_run_get_n_failed (run);
  guint rows = genkit_eval_run_get_n_rows (run);
  guint failed = genkit_eval_run_get_n_failed (run);

  switch (genkit_eval_run_get_status (run))
    {
    case GENKIT_EVAL_RUN_STATUS_RUNNING:
      return g_strdup_printf (_("Running: %u of %u done, %u failed"), done, rows, failed);
    case GENKIT_EVAL_RUN_STATUS_COMPLETED:
      return g_strdup_printf (ngettext ("Completed: %u test case, %u failed", "Completed: %u test cases, %u failed", rows),
                              rows, failed);
    case GENKIT_EVAL_RUN_STATUS_CANCELLED:
      return g_strdup_printf (_("Cancelled at %u of %u; Resume goes on"), done, rows);
    case GENKIT_EVAL_RUN_STATUS_INTERRUPTED:
      return g_strdup_printf (_("Interrupted at %u of %u; Resume goes on"), done, rows);
    case GENKIT_EVAL_RUN_STATUS_FAILED:
    default:
      return g_strdup_printf (_("Failed at %u of %u: %s"), done, rows,
                              genkit_eval_run_get_error (run) ? genkit_eval_run_get_error (run) : "");
    }
}

static void
studio_evals_pane_update_header (StudioEvalsPane *self)
{
  GenkitEvalRun *run = self->shown_run;
  g_autofree char *status = NULL;
  g_autofree char *aggregates = NULL;

  if (run == NULL)
    return;
  status = status_text (run);
  aggregates = aggregates_text (run);
  gtk_label_set_text (self->status_label, status);
  gtk_progress_bar_set_fraction (self->progress_bar, genkit_eval_run_get_progress (run));
  gtk_label_set_text (self->aggregates_label, aggregates);
  gtk_widget_set_visible (GTK_WIDGET (self->aggregates_label), *aggregates != '\0');
  studio_eval_set_class (GTK_WIDGET (self->status_label), "error",
                         genkit_eval_run_get_status (run) == GENKIT_EVAL_RUN_STATUS_FAILED);
  studio_evals_pane_update_actions (self);
}

static gboolean
studio_evals_pane_header_timeout_cb (gpointer user_data)
{
  StudioEvalsPane *self = user_data;

  self->header_id = 0;
  /* The aggregates arrive at the end: their metrics may name the columns. */
  studio_evals_pane_set_metric_columns (self);
  studio_evals_pane_update_header (self);
  return G_SOURCE_REMOVE;
}

static void
shown_run_notify_cb (StudioEvalsPane *self,
                     GParamSpec      *pspec,
                     GenkitEvalRun   *run)
{
  /* A run notifies several changes per test case: the header follows at most ten times a
   * second, and at once when the run's status changes. */
  if (g_str_equal (pspec->name, "status"))
    {
      g_clear_handle_id (&self->header_id, g_source_remove);
      studio_evals_pane_header_timeout_cb (self);
      return;
    }
  if (self->header_id == 0)
    self->header_id = g_timeout_add (100, studio_evals_pane_header_timeout_cb, self);
}

static void
studio_evals_pane_show_results (StudioEvalsPane *self,
                                GenkitEvalRun   *run)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *evaluators = NULL;

  if (self->shown_run != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_run, shown_run_notify_cb, self);
  g_set_object (&self->shown_run, run);
  g_signal_connect_object (run, "notify", G_CALLBACK (shown_run_notify_cb), self, G_CONNECT_SWAPPED);

  evaluators = g_strjoinv (", ", (char **) genkit_eval_run_get_evaluators (run));
  subtitle = g_strdup_printf (_("%s · dataset %s, version %u · %s"), genkit_eval_run_get_target (run),
                              genkit_eval_run_get_dataset_id (run) ? genkit_eval_run_get_dataset_id (run) : _("(a file)"),
                              (guint) genkit_eval_run_get_dataset_version (run), *evaluators ? evaluators : _("no evaluators"));
  gtk_label_set_text (self->run_title_label, genkit_eval_run_get_id (run));
  gtk_label_set_text (self->run_subtitle_label, subtitle);
  gtk_filter_list_model_set_model (self->filtered, genkit_eval_run_get_results (run));
  studio_evals_pane_set_metric_columns (self);
  studio_evals_pane_update_header (self);
  studio_evals_pane_update_shown (self);
  gtk_stack_set_visible_child_name (self->content_stack, "run");
}

/* Showing runs: results are read from the store when needed ---------------------------- */

typedef struct
{
  StudioEvalsPane *self;
  GPtrArray       *runs;      /* the runs to show, the baseline first */
  guint            pending;
} Load;

static void
load_free (Load *load)
{
  g_object_unref (load->self);
  g_ptr_array_unref (load->runs);
  g_free (load);
}

static void
studio_evals_pane_loaded (Load *load)
{
  StudioEvalsPane *self = load->self;

  if (load->runs->len == 1)
    studio_evals_pane_show_results (self, g_ptr_array_index (load->runs, 0));
  else
    {
      studio_eval_compare_set_runs (self->compare, load->runs);
      gtk_stack_set_visible_child_name (self->content_stack, "compare");
    }
}

static void
studio_evals_pane_results_loaded_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  Load *load = user_data;
  g_autoptr(GError) error = NULL;
  gboolean loaded = genkit_eval_store_load_results_finish (GENKIT_EVAL_STORE (object), result, &error);

  if (!loaded && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = studio_error_describe (error);

      studio_widget_add_toast (GTK_WIDGET (load->self), message);
    }
  if (--load->pending == 0)
    {
      studio_evals_pane_release (load->self);
      if (!g_cancellable_is_cancelled (load->self->cancellable))
        studio_evals_pane_loaded (load);
      load_free (load);
    }
}

static gint
compare_created (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = genkit_eval_run_get_created_at (*(GenkitEvalRun **) a);
  gint64 y = genkit_eval_run_get_created_at (*(GenkitEvalRun **) b);

  return x < y ? -1 : x > y;
}

/* Shows one run, or compares several (oldest first); loads their results first. */
static void
studio_evals_pane_show_runs (StudioEvalsPane *self,
                             GPtrArray       *runs)
{
  Load *load;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (runs->len == 0)
    return;

  load = g_new0 (Load, 1);
  load->self = g_object_ref (self);
  load->runs = g_ptr_array_ref (runs);
  g_ptr_array_sort (load->runs, compare_created);
  load->pending = 1;
  studio_evals_pane_hold (self);
  for (guint i = 0; i < runs->len; i++)
    if (!genkit_eval_run_has_results (g_ptr_array_index (runs, i)) &&
        genkit_eval_run_get_status (g_ptr_array_index (runs, i)) != GENKIT_EVAL_RUN_STATUS_RUNNING)
      {
        load->pending++;
        genkit_eval_store_load_results_async (evals (self), g_ptr_array_index (runs, i), self->cancellable,
                                              studio_evals_pane_results_loaded_cb, load);
      }
  if (--load->pending == 0)
    {
      studio_evals_pane_release (self);
      studio_evals_pane_loaded (load);
      load_free (load);
    }
}

static void
studio_evals_pane_show (StudioEvalsPane *self,
                        GenkitEvalRun   *run)
{
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (runs, g_object_ref (run));
  studio_evals_pane_show_runs (self, runs);
}

static void
studio_evals_pane_selection_changed_cb (StudioEvalsPane *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->run_selection));
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    g_ptr_array_add (runs, g_list_model_get_item (G_LIST_MODEL (self->run_selection), position));
  if (runs->len == 1 && g_ptr_array_index (runs, 0) == self->shown_run &&
      g_str_equal (gtk_stack_get_visible_child_name (self->content_stack), "run"))
    return;
  studio_evals_pane_show_runs (self, runs);
}

/* The run list ------------------------------------------------------------------------ */

static void
run_row_update (GtkWidget *row,
                gpointer   item)
{
  GenkitEvalRun *run = item;
  g_autoptr(GDateTime) created = g_date_time_new_from_unix_local (genkit_eval_run_get_created_at (run) / 1000);
  g_autofree char *when = g_date_time_format (created, "%m-%d %H:%M");
  g_autofree char *text = g_strdup_printf (_("%s · %s · %u/%u · %s"),
                                           genkit_eval_run_get_dataset_id (run) ? genkit_eval_run_get_dataset_id (run)
                                                                                : _("file"),
                                           genkit_eval_run_status_to_string (genkit_eval_run_get_status (run)),
                                           genkit_eval_run_get_n_done (run) + genkit_eval_run_get_n_failed (run),
                                           genkit_eval_run_get_n_rows (run), when);

  studio_eval_two_line_set (row, genkit_eval_run_get_target (run), text);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (row), genkit_eval_run_get_id (run)) != 0)
    gtk_widget_set_tooltip_text (row, genkit_eval_run_get_id (run));
}

static int
newest_first (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  gint64 x = genkit_eval_run_get_created_at ((GenkitEvalRun *) a);
  gint64 y = genkit_eval_run_get_created_at ((GenkitEvalRun *) b);

  return x > y ? -1 : x < y;
}

/* Selects the runs of @ids in the list (which shows or compares them). */
static gboolean
studio_evals_pane_select_ids (StudioEvalsPane    *self,
                              const char * const *ids)
{
  GListModel *model = G_LIST_MODEL (self->run_selection);
  g_autoptr(GtkBitset) wanted = gtk_bitset_new_empty ();
  g_autoptr(GtkBitset) all = NULL;
  guint n = g_list_model_get_n_items (model);
  guint found = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitEvalRun) run = g_list_model_get_item (model, i);

      if (g_strv_contains (ids, genkit_eval_run_get_id (run)))
        {
          gtk_bitset_add (wanted, i);
          found++;
        }
    }
  if (found != g_strv_length ((char **) ids))
    return FALSE;
  all = gtk_bitset_new_range (0, n);
  gtk_selection_model_set_selection (GTK_SELECTION_MODEL (self->run_selection), wanted, all);
  return TRUE;
}

/* The runtime's targets and evaluators ------------------------------------------------ */

static void
studio_evals_pane_set_evaluator_keys (StudioEvalsPane    *self,
                                      const char * const *keys)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->evaluators_box))) != NULL)
    gtk_flow_box_remove (self->evaluators_box, child);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      GtkWidget *check = gtk_check_button_new_with_label (metric_title (keys[i]));

      gtk_widget_set_tooltip_text (check, keys[i]);
      g_object_set_data_full (G_OBJECT (check), "key", g_strdup (keys[i]), g_free);
      gtk_flow_box_append (self->evaluators_box, check);
    }
  if (keys[0] == NULL)
    gtk_flow_box_append (self->evaluators_box, gtk_label_new (_("The runtime has no evaluators: the run records outputs only.")));
}

static void
studio_evals_pane_actions_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(StudioEvalsPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);
  g_autoptr(GtkStringList) keys = NULL;
  g_auto(GStrv) evaluators = NULL;
  guint n;

  studio_evals_pane_release (self);
  if (actions == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = studio_error_describe (error);

          gtk_label_set_text (self->form_error_label, message);
          gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), TRUE);
        }
      return;
    }
  keys = studio_eval_target_keys (actions);
  n = g_list_model_get_n_items (G_LIST_MODEL (keys));
  gtk_string_list_splice (self->targets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->targets)), NULL);
  for (guint i = 0; i < n; i++)
    gtk_string_list_append (self->targets, gtk_string_list_get_string (keys, i));
  gtk_string_list_splice (self->models, 0, g_list_model_get_n_items (G_LIST_MODEL (self->models)), NULL);
  for (guint i = 0; i < n; i++)
    if (g_str_has_prefix (gtk_string_list_get_string (keys, i), "/model/"))
      gtk_string_list_append (self->models, gtk_string_list_get_string (keys, i));
  evaluators = studio_eval_evaluator_keys (actions);
  studio_evals_pane_set_evaluator_keys (self, (const char * const *) evaluators);
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);
}

/* Lists the current runtime's actions: the targets (and evaluators) it offers. */
static void
studio_evals_pane_list_actions (StudioEvalsPane *self)
{
  GenkitRuntime *runtime = studio_pane_get_runtime (STUDIO_PANE (self));

  g_cancellable_cancel (self->runtime_cancellable);
  g_clear_object (&self->runtime_cancellable);
  self->runtime_cancellable = g_cancellable_new ();
  studio_evals_pane_hold (self);
  genkit_runtime_list_actions_async (runtime, self->runtime_cancellable, studio_evals_pane_actions_cb,
                                     g_object_ref (self));
}

static void
studio_evals_pane_runtime_changed (StudioPane    *pane,
                                   GenkitRuntime *runtime)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (pane);

  g_cancellable_cancel (self->runtime_cancellable);
  g_clear_object (&self->runtime_cancellable);
  gtk_string_list_splice (self->targets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->targets)), NULL);
  studio_evals_pane_update_actions (self);
  /* A pane not shown lists the runtime's actions when it is (one request less at start). */
  self->runtime_stale = runtime != NULL && !gtk_widget_get_mapped (GTK_WIDGET (self));
  if (runtime != NULL && !self->runtime_stale)
    studio_evals_pane_list_actions (self);
}

static void
studio_evals_pane_map (GtkWidget *widget)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (widget);

  GTK_WIDGET_CLASS (studio_evals_pane_parent_class)->map (widget);
  if (self->runtime_stale)
    {
      self->runtime_stale = FALSE;
      studio_evals_pane_list_actions (self);
    }
}

/* Running ----------------------------------------------------------------------------- */

static void
studio_evals_pane_form_error (StudioEvalsPane *self,
                              const char      *message)
{
  gtk_label_set_text (self->form_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), TRUE);
  gtk_stack_set_visible_child_name (self->content_stack, "new");
}

static void
studio_evals_pane_row_completed_cb (StudioEvalsPane  *self,
                                    GenkitEvalResult *result,
                                    GenkitEvalRunner *runner)
{
  /* Filters are evaluated when rows change; at most once per main loop iteration. */
  if (self->refilter_id == 0 && studio_evals_pane_filter_active (self) &&
      genkit_eval_runner_get_run (runner) == self->shown_run)
    self->refilter_id = g_idle_add (studio_evals_pane_refilter_cb, self);
}

static void
studio_evals_pane_runner_run_cb (StudioEvalsPane  *self,
                                 GParamSpec       *pspec,
                                 GenkitEvalRunner *runner)
{
  GenkitEvalRun *run = genkit_eval_runner_get_run (runner);
  const char *ids[] = { run ? genkit_eval_run_get_id (run) : NULL, NULL };

  if (run == NULL)
    return;
  /* The new run is listed by the store: select it, which shows it; else show it directly. */
  if (!studio_evals_pane_select_ids (self, ids))
    studio_evals_pane_show (self, run);
}

static void
studio_evals_pane_run_done_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  g_autoptr(StudioEvalsPane) self = user_data;
  GenkitEvalRunner *runner = GENKIT_EVAL_RUNNER (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitEvalRun) run = NULL;

  if (g_async_result_is_tagged (result, genkit_eval_runner_resume_async))
    run = genkit_eval_runner_resume_finish (runner, result, &error);
  else
    run = genkit_eval_runner_run_finish (runner, result, &error);

  g_signal_handlers_disconnect_by_data (runner, self);
  if (runner == self->runner)
    {
      g_clear_object (&self->runner);
      g_clear_object (&self->run_cancellable);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
    }
  if (run == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *message = studio_error_describe (error);

      if (genkit_eval_runner_get_run (runner) == NULL)
        studio_evals_pane_form_error (self, message);
      else
        studio_widget_add_toast (GTK_WIDGET (self), message);
    }
  if (self->refilter_id == 0 && studio_evals_pane_filter_active (self))
    self->refilter_id = g_idle_add (studio_evals_pane_refilter_cb, self);
  /* The values sorted on are final now. */
  gtk_sorter_changed (gtk_column_view_get_sorter (self->results_view), GTK_SORTER_CHANGE_DIFFERENT);
  studio_evals_pane_update_header (self);
  studio_evals_pane_update_actions (self);
}

static GenkitEvalRunner *
studio_evals_pane_new_runner (StudioEvalsPane *self)
{
  GenkitRuntime *runtime = studio_pane_get_runtime (STUDIO_PANE (self));
  GenkitTraceStore *trace_store = studio_pane_get_trace_store (STUDIO_PANE (self));
  GenkitEvalRunner *runner = genkit_eval_runner_new (runtime, evals (self));

  genkit_eval_runner_set_trace_store (runner, trace_store);
  /* The studio's built-in runtime already records its spans in the trace store. */
  if (trace_store != NULL && GENKIT_IS_LOCAL_RUNTIME (runtime))
    genkit_eval_runner_set_attach_span_processor (runner, FALSE);
  genkit_eval_runner_set_concurrency (runner, (guint) gtk_spin_button_get_value_as_int (self->concurrency_spin));
  g_signal_connect_object (runner, "row-completed", G_CALLBACK (studio_evals_pane_row_completed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (runner, "notify::run", G_CALLBACK (studio_evals_pane_runner_run_cb), self,
                           G_CONNECT_SWAPPED);
  self->runner = runner;
  self->run_cancellable = g_cancellable_new ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  studio_evals_pane_update_actions (self);
  return runner;
}

static GStrv
studio_evals_pane_dup_evaluators (StudioEvalsPane *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->evaluators_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (GTK_IS_CHECK_BUTTON (check) && gtk_check_button_get_active (GTK_CHECK_BUTTON (check)))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), "key"));
    }
  return g_strv_builder_end (builder);
}

/* A prompt is generated with a model the run names; models and prompts take a config. */
static void
studio_evals_pane_target_selected_cb (StudioEvalsPane *self)
{
  GtkStringObject *target = adw_combo_row_get_selected_item (self->target_row);
  const char *key = target ? gtk_string_object_get_string (target) : "";

  gtk_widget_set_visible (GTK_WIDGET (self->model_row), g_str_has_prefix (key, "/executable-prompt/"));
  gtk_widget_set_visible (GTK_WIDGET (self->config_row),
                          g_str_has_prefix (key, "/executable-prompt/") || g_str_has_prefix (key, "/model/"));
}

/* Genkit's actionConfig of the run: for a model its config, for a prompt also `model`. */
static gboolean
studio_evals_pane_action_config (StudioEvalsPane  *self,
                                 const char       *target,
                                 JsonNode        **config,
                                 GError          **error)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->config_row));
  GtkStringObject *model = adw_combo_row_get_selected_item (self->model_row);
  gboolean prompt = g_str_has_prefix (target, "/executable-prompt/");
  g_autoptr(JsonNode) node = NULL;

  *config = NULL;
  if (!prompt && !g_str_has_prefix (target, "/model/"))
    return TRUE;
  if (!studio_eval_parse_cell (text, &node, error))
    return FALSE;
  if (node != NULL && !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, _("The model config must be a JSON object"));
      return FALSE;
    }
  if (prompt)
    {
      if (model == NULL)
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               _("Choose the model the prompt is generated with"));
          return FALSE;
        }
      if (node == NULL)
        node = json_node_init_object (json_node_alloc (), json_object_new ());
      json_object_set_string_member (json_node_get_object (node), "model", gtk_string_object_get_string (model));
    }
  *config = g_steal_pointer (&node);
  return TRUE;
}

/* The LLM-as-judge evaluators chosen get the judge model (their `judge` option), as
 * `genkit-studio-cli eval run --judge` gives it. */
static JsonObject *
studio_evals_pane_evaluator_options (StudioEvalsPane    *self,
                                     const char * const *evaluators)
{
  static const char * const judges[] = {
    "/evaluator/genkitEval/faithfulness", "/evaluator/genkitEval/answer_relevancy",
    "/evaluator/genkitEval/maliciousness", NULL
  };
  GtkStringObject *judge = adw_combo_row_get_selected_item (self->judge_row);
  JsonObject *options = NULL;

  for (guint i = 0; judge != NULL && evaluators[i] != NULL; i++)
    {
      JsonObject *entry;

      if (!g_strv_contains (judges, evaluators[i]))
        continue;
      if (options == NULL)
        options = json_object_new ();
      entry = json_object_new ();
      json_object_set_string_member (entry, "judge", gtk_string_object_get_string (judge));
      json_object_set_object_member (options, evaluators[i], entry);
    }
  return options;
}

typedef struct
{
  StudioEvalsPane *self;
  char            *target;
  char            *dataset_id;
  gint64           version;
  GStrv            evaluators;
  JsonNode        *config;
  JsonObject      *evaluator_options;
} Start;

static void
start_free (Start *start)
{
  g_object_unref (start->self);
  g_free (start->target);
  g_free (start->dataset_id);
  g_strfreev (start->evaluators);
  g_clear_pointer (&start->config, json_node_unref);
  g_clear_pointer (&start->evaluator_options, json_object_unref);
  g_free (start);
}

/* Starts the runner on @rows, unless a run started meanwhile or the runtime went away. */
static void
studio_evals_pane_launch (StudioEvalsPane *self,
                          Start           *start,
                          GPtrArray       *rows)
{
  GenkitEvalRunner *runner;

  if (self->runner != NULL || studio_pane_get_runtime (STUDIO_PANE (self)) == NULL)
    return;
  runner = studio_evals_pane_new_runner (self);
  genkit_eval_runner_set_target (runner, start->target);
  genkit_eval_runner_set_evaluators (runner, (const char * const *) start->evaluators);
  genkit_eval_runner_set_rows (runner, rows, start->dataset_id, start->version);
  genkit_eval_runner_set_action_config (runner, start->config);
  genkit_eval_runner_set_evaluator_options (runner, start->evaluator_options);
  genkit_eval_runner_run_async (runner, self->run_cancellable, studio_evals_pane_run_done_cb, g_object_ref (self));
}

static void
studio_evals_pane_rows_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  Start *start = user_data;
  StudioEvalsPane *self = start->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = genkit_dataset_store_get_rows_finish (GENKIT_DATASET_STORE (object), result, &error);

  studio_evals_pane_release (self);
  if (rows == NULL)
    {
      g_autofree char *message = studio_error_describe (error);

      studio_evals_pane_form_error (self, message);
    }
  else
    studio_evals_pane_launch (self, start, rows);
  start_free (start);
}

/* What the form asks for besides the test cases: %NULL, with the problem shown, if it is
 * not complete. */
static Start *
studio_evals_pane_read_form (StudioEvalsPane *self)
{
  GtkStringObject *target = adw_combo_row_get_selected_item (self->target_row);
  g_autoptr(JsonNode) config = NULL;
  g_autoptr(GError) error = NULL;
  Start *start;

  if (self->runner != NULL || self->stores == NULL)
    return NULL;
  if (studio_pane_get_runtime (STUDIO_PANE (self)) == NULL || target == NULL)
    {
      studio_evals_pane_form_error (self, _("Choose a target: the current runtime lists no flow, model or prompt."));
      return NULL;
    }
  if (!studio_evals_pane_action_config (self, gtk_string_object_get_string (target), &config, &error))
    {
      studio_evals_pane_form_error (self, error->message);
      return NULL;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->form_error_label), FALSE);

  start = g_new0 (Start, 1);
  start->config = g_steal_pointer (&config);
  start->self = g_object_ref (self);
  start->target = g_strdup (gtk_string_object_get_string (target));
  start->evaluators = studio_evals_pane_dup_evaluators (self);
  start->evaluator_options = studio_evals_pane_evaluator_options (self, (const char * const *) start->evaluators);
  return start;
}

static void
studio_evals_pane_start_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (widget);
  GenkitDataset *dataset = adw_combo_row_get_selected_item (self->dataset_row);
  Start *start;

  if (dataset == NULL && self->runner == NULL)
    {
      studio_evals_pane_form_error (self, _("Choose a dataset: create one in the Datasets pane, or run on a file."));
      return;
    }
  if (!(start = studio_evals_pane_read_form (self)))
    return;
  start->dataset_id = g_strdup (genkit_dataset_get_id (dataset));
  start->version = genkit_dataset_get_version (dataset);
  studio_evals_pane_hold (self);
  genkit_dataset_store_get_rows_async (studio_eval_stores_get_datasets (self->stores), start->dataset_id, start->version,
                                       NULL, studio_evals_pane_rows_cb, start);
}

/**
 * studio_evals_pane_start_file:
 * @self: a [class@Studio.EvalsPane]
 * @path: a `.json`, `.jsonl` or `.csv` file of test cases
 *
 * Starts a run of the form's target and evaluators on the test cases of a file instead of a
 * dataset, as `genkit eval:flow --input FILE` does.
 *
 * Returns: whether the run started (otherwise the form shows why)
 */
gboolean
studio_evals_pane_start_file (StudioEvalsPane *self,
                              const char      *path)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  Start *start;

  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!(rows = genkit_dataset_rows_read_file (path, &error)))
    {
      g_autofree char *message = studio_error_describe (error);

      studio_evals_pane_form_error (self, message);
      return FALSE;
    }
  if (!(start = studio_evals_pane_read_form (self)))
    return FALSE;
  studio_evals_pane_launch (self, start, rows);
  start_free (start);
  return self->runner != NULL;
}

static void
studio_evals_pane_file_chosen (GFile    *file,
                               gpointer  user_data)
{
  g_autoptr(StudioEvalsPane) self = user_data;
  g_autofree char *path = file ? g_file_get_path (file) : NULL;

  if (path != NULL)
    studio_evals_pane_start_file (self, path);
}

static void
studio_evals_pane_start_file_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  studio_eval_choose_file (widget, _("Run on the Test Cases of a File (JSON, JSONL or CSV)"),
                           GTK_FILE_CHOOSER_ACTION_OPEN, NULL, studio_evals_pane_file_chosen, g_object_ref (widget));
}

static void
studio_evals_pane_resume_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (widget);
  GenkitEvalRunner *runner;

  if (self->runner != NULL || self->shown_run == NULL || !genkit_eval_run_can_resume (self->shown_run) ||
      studio_pane_get_runtime (STUDIO_PANE (self)) == NULL)
    return;
  runner = studio_evals_pane_new_runner (self);
  genkit_eval_runner_resume_async (runner, genkit_eval_run_get_id (self->shown_run), self->run_cancellable,
                                   studio_evals_pane_run_done_cb, g_object_ref (self));
}

static void
studio_evals_pane_cancel_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (widget);

  if (self->run_cancellable != NULL)
    g_cancellable_cancel (self->run_cancellable);
}

static void
studio_evals_pane_new_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (widget);

  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->run_selection));
  gtk_stack_set_visible_child_name (self->content_stack, "new");
}

static void
studio_evals_pane_deleted_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(StudioEvalsPane) self = user_data;
  g_autoptr(GError) error = NULL;

  studio_evals_pane_release (self);
  if (!genkit_eval_store_delete_finish (GENKIT_EVAL_STORE (object), result, &error))
    {
      g_autofree char *message = studio_error_describe (error);

      studio_widget_add_toast (GTK_WIDGET (self), message);
    }
}

static void
studio_evals_pane_delete_response_cb (AdwMessageDialog *dialog,
                                      const char       *response,
                                      gpointer          user_data)
{
  StudioEvalsPane *self = user_data;
  /* Answered once: a close after the answer responds again. */
  g_auto(GStrv) ids = g_object_steal_data (G_OBJECT (dialog), "ids");

  if (ids == NULL || !g_str_equal (response, "delete"))
    return;
  gtk_stack_set_visible_child_name (self->content_stack, "new");
  for (guint i = 0; ids[i] != NULL; i++)
    {
      studio_evals_pane_hold (self);
      genkit_eval_store_delete_async (evals (self), ids[i], NULL, studio_evals_pane_deleted_cb, g_object_ref (self));
    }
}

/* Deletes the selected runs (not one in progress), once confirmed. */
static void
studio_evals_pane_delete_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (widget);
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->run_selection));
  GenkitEvalRun *active = self->runner ? genkit_eval_runner_get_run (self->runner) : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) ids = NULL;
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;
  GtkBitsetIter iter;
  guint position;

  for (gboolean more = gtk_bitset_iter_init_first (&iter, selected, &position); more;
       more = gtk_bitset_iter_next (&iter, &position))
    {
      g_autoptr(GenkitEvalRun) run = g_list_model_get_item (G_LIST_MODEL (self->run_selection), position);

      if (run != active)
        g_strv_builder_add (builder, genkit_eval_run_get_id (run));
    }
  ids = g_strv_builder_end (builder);
  if (ids[0] == NULL)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   ngettext ("Delete the Eval Run?", "Delete the Eval Runs?", g_strv_length (ids)),
                                   NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  ngettext ("%u eval run and its results are deleted.",
                                            "%u eval runs and their results are deleted.", g_strv_length (ids)),
                                  g_strv_length (ids));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "delete", _("_Delete"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "ids", g_steal_pointer (&ids), (GDestroyNotify) g_strfreev);
  g_signal_connect_object (dialog, "response", G_CALLBACK (studio_evals_pane_delete_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Public ------------------------------------------------------------------------------ */

static gboolean
select_string (AdwComboRow *row,
               GListModel  *model,
               const char  *value,
               const char  *(*get) (gpointer item))
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (get (item), value))
        {
          adw_combo_row_set_selected (row, i);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * studio_evals_pane_set_target:
 * @self: a [class@Studio.EvalsPane]
 * @key: a target's key
 *
 * Chooses the target in the new-run form.
 *
 * Returns: whether the current runtime lists it
 */
gboolean
studio_evals_pane_set_target (StudioEvalsPane *self,
                              const char      *key)
{
  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), FALSE);
  return select_string (self->target_row, G_LIST_MODEL (self->targets), key,
                        (const char *(*) (gpointer)) gtk_string_object_get_string);
}

/**
 * studio_evals_pane_set_dataset:
 * @self: a [class@Studio.EvalsPane]
 * @id: a dataset's id
 *
 * Chooses the dataset in the new-run form.
 *
 * Returns: whether the store has it
 */
gboolean
studio_evals_pane_set_dataset (StudioEvalsPane *self,
                               const char      *id)
{
  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), FALSE);
  if (self->stores == NULL)
    return FALSE;
  return select_string (self->dataset_row, G_LIST_MODEL (studio_eval_stores_get_datasets (self->stores)), id,
                        (const char *(*) (gpointer)) genkit_dataset_get_id);
}

/**
 * studio_evals_pane_set_evaluators:
 * @self: a [class@Studio.EvalsPane]
 * @keys: the evaluators to tick in the new-run form (the others are unticked)
 *
 * Chooses the evaluators.
 */
void
studio_evals_pane_set_evaluators (StudioEvalsPane    *self,
                                  const char * const *keys)
{
  g_return_if_fail (STUDIO_IS_EVALS_PANE (self));

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->evaluators_box)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *check = gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (child));

      if (GTK_IS_CHECK_BUTTON (check))
        gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                     g_strv_contains (keys, g_object_get_data (G_OBJECT (check), "key")));
    }
}

/**
 * studio_evals_pane_set_concurrency:
 * @self: a [class@Studio.EvalsPane]
 * @concurrency: test cases run at once, from 1
 *
 * Sets the concurrency of the next run.
 */
void
studio_evals_pane_set_concurrency (StudioEvalsPane *self,
                                   guint            concurrency)
{
  g_return_if_fail (STUDIO_IS_EVALS_PANE (self));
  gtk_spin_button_set_value (self->concurrency_spin, concurrency);
}

/**
 * studio_evals_pane_get_running:
 * @self: a [class@Studio.EvalsPane]
 *
 * Returns: whether a run (or a resume) is in progress
 */
gboolean
studio_evals_pane_get_running (StudioEvalsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), FALSE);
  return self->runner != NULL;
}

/**
 * studio_evals_pane_get_busy:
 * @self: a [class@Studio.EvalsPane]
 *
 * Returns: whether the pane waits for the store or the runtime
 */
gboolean
studio_evals_pane_get_busy (StudioEvalsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), FALSE);
  return self->busy > 0;
}

/**
 * studio_evals_pane_get_shown_run:
 * @self: a [class@Studio.EvalsPane]
 *
 * Returns: (transfer none) (nullable): the run whose results are shown
 */
GenkitEvalRun *
studio_evals_pane_get_shown_run (StudioEvalsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), NULL);
  return self->shown_run;
}

/**
 * studio_evals_pane_show_run:
 * @self: a [class@Studio.EvalsPane]
 * @id: an eval run's id
 *
 * Selects the run in the list, which shows it (its results are read first).
 *
 * Returns: whether the store has it
 */
gboolean
studio_evals_pane_show_run (StudioEvalsPane *self,
                            const char      *id)
{
  const char *ids[] = { id, NULL };

  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), FALSE);
  return studio_evals_pane_select_ids (self, ids);
}

/**
 * studio_evals_pane_get_results:
 * @self: a [class@Studio.EvalsPane]
 *
 * Returns: (transfer none): a #GListModel of the [class@Genkit.EvalResult]s the results
 *   table shows (after the filters, in the order of the column sorted on)
 */
GListModel *
studio_evals_pane_get_results (StudioEvalsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), NULL);
  return G_LIST_MODEL (self->sorted);
}

/**
 * studio_evals_pane_sort_by:
 * @self: a [class@Studio.EvalsPane]
 * @title: the title of a results column (`#`, `Latency`, a metric's name…)
 * @order: ascending or descending
 *
 * Sorts the results table on a column, as clicking its header does.
 *
 * Returns: whether the table has such a column, which sorts
 */
gboolean
studio_evals_pane_sort_by (StudioEvalsPane *self,
                           const char      *title,
                           GtkSortType      order)
{
  GListModel *columns;

  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), FALSE);

  columns = gtk_column_view_get_columns (self->results_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0 &&
          gtk_column_view_column_get_sorter (column) != NULL)
        {
          gtk_column_view_sort_by_column (self->results_view, column, order);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * studio_evals_pane_set_filter:
 * @self: a [class@Studio.EvalsPane]
 * @failed_only: show only the test cases whose target failed
 * @metric: (nullable): show only the test cases whose score of this metric is below
 *   @threshold
 * @threshold: the bar of @metric
 *
 * Sets the filters of the results table, as its controls do.
 */
void
studio_evals_pane_set_filter (StudioEvalsPane *self,
                              gboolean         failed_only,
                              const char      *metric,
                              double           threshold)
{
  guint n;
  guint selected = 0;

  g_return_if_fail (STUDIO_IS_EVALS_PANE (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->metrics));
  for (guint i = 1; metric != NULL && i < n; i++)
    if (g_str_equal (gtk_string_list_get_string (self->metrics, i), metric))
      selected = i;
  gtk_toggle_button_set_active (self->failed_toggle, failed_only);
  gtk_spin_button_set_value (self->threshold_spin, threshold);
  gtk_drop_down_set_selected (self->metric_dropdown, selected);
  studio_evals_pane_filter_changed_cb (self);
}

/**
 * studio_evals_pane_compare:
 * @self: a [class@Studio.EvalsPane]
 * @ids: two or more eval run ids
 *
 * Selects the runs in the list, which compares them (the oldest as the baseline).
 *
 * Returns: whether the store has them all
 */
gboolean
studio_evals_pane_compare (StudioEvalsPane    *self,
                           const char * const *ids)
{
  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), FALSE);
  return studio_evals_pane_select_ids (self, ids);
}

/**
 * studio_evals_pane_get_compare:
 * @self: a [class@Studio.EvalsPane]
 *
 * Returns: (transfer none): the comparison page
 */
StudioEvalCompare *
studio_evals_pane_get_compare (StudioEvalsPane *self)
{
  g_return_val_if_fail (STUDIO_IS_EVALS_PANE (self), NULL);
  return self->compare;
}

/* GObject ----------------------------------------------------------------------------- */

static void
studio_evals_pane_dispose (GObject *object)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->runtime_cancellable);
  g_cancellable_cancel (self->run_cancellable);
  g_clear_handle_id (&self->refilter_id, g_source_remove);
  g_clear_handle_id (&self->header_id, g_source_remove);
  if (self->shown_run != NULL)
    g_signal_handlers_disconnect_by_func (self->shown_run, shown_run_notify_cb, self);
  if (self->runner != NULL)
    g_signal_handlers_disconnect_by_data (self->runner, self);
  if (self->detail_result != NULL)
    g_signal_handlers_disconnect_by_data (self->detail_result, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_EVALS_PANE);

  G_OBJECT_CLASS (studio_evals_pane_parent_class)->dispose (object);
}

static void
studio_evals_pane_finalize (GObject *object)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->runtime_cancellable);
  g_clear_object (&self->run_cancellable);
  g_clear_object (&self->runner);
  g_clear_object (&self->shown_run);
  g_clear_object (&self->run_selection);
  g_clear_object (&self->result_selection);
  g_clear_object (&self->detail_result);
  g_clear_object (&self->sorted);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->targets);
  g_clear_object (&self->models);
  g_clear_object (&self->metrics);
  g_clear_object (&self->stores);

  G_OBJECT_CLASS (studio_evals_pane_parent_class)->finalize (object);
}

static void
studio_evals_pane_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  StudioEvalsPane *self = STUDIO_EVALS_PANE (object);

  switch (prop_id)
    {
    case PROP_RUNNING:
      g_value_set_boolean (value, studio_evals_pane_get_running (self));
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, studio_evals_pane_get_busy (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_evals_pane_class_init (StudioEvalsPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  StudioPaneClass *pane_class = STUDIO_PANE_CLASS (klass);

  object_class->dispose = studio_evals_pane_dispose;
  object_class->finalize = studio_evals_pane_finalize;
  object_class->get_property = studio_evals_pane_get_property;
  widget_class->map = studio_evals_pane_map;
  pane_class->runtime_changed = studio_evals_pane_runtime_changed;

  /**
   * StudioEvalsPane:running:
   *
   * Whether a run (or a resume) is in progress.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * StudioEvalsPane:busy:
   *
   * Whether the pane waits for the store or the runtime.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (STUDIO_TYPE_EVAL_COMPARE);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/genkitstudio/Studio/ui/eval/studio-evals-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, run_list);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, content_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, target_row);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, dataset_row);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, model_row);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, config_row);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, concurrency_spin);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, evaluators_box);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, judge_row);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, form_error_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, run_title_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, run_subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, status_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, aggregates_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, failed_toggle);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, metric_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, threshold_spin);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, shown_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, results_view);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, detail_view);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalsPane, compare);
  gtk_widget_class_bind_template_callback (widget_class, studio_evals_pane_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, studio_evals_pane_target_selected_cb);

  gtk_widget_class_install_action (widget_class, "evals.new", NULL, studio_evals_pane_new_action);
  gtk_widget_class_install_action (widget_class, "evals.start", NULL, studio_evals_pane_start_action);
  gtk_widget_class_install_action (widget_class, "evals.start-file", NULL, studio_evals_pane_start_file_action);
  gtk_widget_class_install_action (widget_class, "evals.cancel", NULL, studio_evals_pane_cancel_action);
  gtk_widget_class_install_action (widget_class, "evals.resume", NULL, studio_evals_pane_resume_action);
  gtk_widget_class_install_action (widget_class, "evals.delete", NULL, studio_evals_pane_delete_action);
}

static void
studio_evals_pane_init (StudioEvalsPane *self)
{
  g_autoptr(GError) error = NULL;
  GtkListItemFactory *factory;
  GtkSorter *sorter;
  GtkSortListModel *sorted;
  GtkExpression *expression;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->targets = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->target_row, G_LIST_MODEL (self->targets));
  self->models = gtk_string_list_new (NULL);
  adw_combo_row_set_model (self->model_row, G_LIST_MODEL (self->models));
  adw_combo_row_set_model (self->judge_row, G_LIST_MODEL (self->models));
  self->metrics = gtk_string_list_new ((const char *[]) { _("No score filter"), NULL });
  gtk_drop_down_set_model (self->metric_dropdown, G_LIST_MODEL (self->metrics));
  self->filter = gtk_custom_filter_new (studio_evals_pane_filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  g_signal_connect_swapped (self->filtered, "items-changed", G_CALLBACK (studio_evals_pane_update_shown), self);
  /* Results: the run's, filtered, then sorted by the column headers clicked. */
  self->sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                          g_object_ref (gtk_column_view_get_sorter (self->results_view)));
  self->result_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted)));
  gtk_single_selection_set_autoselect (self->result_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->result_selection, TRUE);
  g_signal_connect_swapped (self->result_selection, "notify::selected-item",
                            G_CALLBACK (studio_evals_pane_result_selected_cb), self);
  gtk_column_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->result_selection));
  studio_evals_pane_add_column (self, "#", CELL_INDEX, NULL, FALSE);
  studio_evals_pane_add_column (self, _("Test Case"), CELL_ID, NULL, FALSE);
  studio_evals_pane_add_column (self, _("Status"), CELL_STATUS, NULL, FALSE);
  studio_evals_pane_add_column (self, _("Latency"), CELL_LATENCY, NULL, FALSE);
  studio_evals_pane_add_column (self, _("Tokens"), CELL_TOKENS, NULL, FALSE);
  studio_evals_pane_add_column (self, _("Output"), CELL_OUTPUT, NULL, TRUE);
  studio_evals_pane_set_evaluator_keys (self, (const char * const[]) { NULL });
  studio_evals_pane_result_selected_cb (self);

  self->stores = studio_eval_stores_get_default (&error);
  if (self->stores == NULL)
    {
      g_warning ("No evaluation store: %s", error->message);
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return;
    }
  expression = gtk_property_expression_new (GENKIT_TYPE_DATASET, NULL, "id");
  adw_combo_row_set_expression (self->dataset_row, expression);
  gtk_expression_unref (expression);
  adw_combo_row_set_model (self->dataset_row, G_LIST_MODEL (studio_eval_stores_get_datasets (self->stores)));

  sorter = GTK_SORTER (gtk_custom_sorter_new (newest_first, NULL, NULL));
  sorted = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (evals (self))), sorter);
  self->run_selection = gtk_multi_selection_new (G_LIST_MODEL (sorted));
  g_signal_connect_swapped (self->run_selection, "selection-changed", G_CALLBACK (studio_evals_pane_selection_changed_cb),
                            self);
  factory = studio_eval_two_line_factory_new (run_row_update);
  gtk_list_view_set_factory (self->run_list, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->run_list, GTK_SELECTION_MODEL (self->run_selection));
  studio_evals_pane_update_actions (self);
  /* The newest run is shown first; with none, the form to start one. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->run_selection)) > 0)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->run_selection), 0, TRUE);
}
