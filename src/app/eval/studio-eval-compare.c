/* studio-eval-compare.c — eval runs side by side: aggregates, per-row regressions, output diffs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "studio-eval-compare.h"
#include "studio-eval-util.h"
#include "studio-util.h"

/**
 * StudioEvalCompare:
 *
 * Any number of eval runs side by side, the first (the oldest) as the baseline: a header
 * with each run's aggregates per metric (pass rate, mean, p50, p90) and its change from the
 * baseline; a table with a row per test case and a column per run (output, scores), where a
 * run's cell is highlighted when a metric regressed from the baseline
 * ([func@Genkit.EvalRun.compare]) or improved, and an output that changed is underlined;
 * and, for the selected test case, the line
 * diff of each run's output against the baseline's.
 */
struct _StudioEvalCompare
{
  GtkWidget           parent_instance;

  /* Template children */
  GtkGrid            *header_grid;
  GtkLabel           *summary_label;
  GtkColumnView      *rows_view;
  GtkTextView        *diff_view;

  /* Owned */
  GPtrArray          *runs;        /* GenkitEvalRun, the baseline first */
  GtkStringList      *ids;         /* test case ids, in the baseline's order */
  GtkSingleSelection *selection;
  GHashTable         *rows;        /* test case id → CompareRow */
  guint               n_regressed;
};

G_DEFINE_FINAL_TYPE (StudioEvalCompare, studio_eval_compare, GTK_TYPE_WIDGET)

/* One test case across the runs. */
typedef struct
{
  GPtrArray        *results;   /* GenkitEvalResult or NULL, one per run */
  StudioEvalChange *changes;   /* one per run */
  gboolean         *changed;   /* one per run: its output differs from the baseline's */
} CompareRow;

static void
compare_row_free (CompareRow *row)
{
  g_ptr_array_unref (row->results);
  g_free (row->changes);
  g_free (row->changed);
  g_free (row);
}

static const char *
metric_label (const char *metric)
{
  return g_str_has_prefix (metric, "/evaluator/") ? metric + strlen ("/evaluator/") : metric;
}

static char *
output_text (GenkitEvalResult *result)
{
  JsonNode *output;

  if (result == NULL)
    return g_strdup ("");
  if (genkit_eval_result_get_status (result) == GENKIT_EVAL_RESULT_STATUS_FAILED)
    return g_strdup (genkit_eval_result_get_error (result) ? genkit_eval_result_get_error (result) : "");
  output = genkit_eval_result_get_output (result);
  if (output == NULL)
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (output) && json_node_get_value_type (output) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (output));
  return studio_json_to_pretty_string (output);
}

static char *
scores_text (GenkitEvalResult *result)
{
  JsonNode *metrics = result ? genkit_eval_result_get_metrics (result) : NULL;
  GString *text = g_string_new (NULL);
  JsonArray *array;

  if (result != NULL && genkit_eval_result_get_status (result) == GENKIT_EVAL_RESULT_STATUS_FAILED)
    g_string_append (text, _("failed"));
  if (metrics == NULL || !JSON_NODE_HOLDS_ARRAY (metrics))
    return g_string_free (text, FALSE);
  array = json_node_get_array (metrics);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *metric = json_array_get_object_element (array, i);
      g_autofree char *score = studio_eval_format_score (metric);
      const char *name = json_object_get_string_member_with_default (metric, "evaluator", "");

      g_string_append_printf (text, "%s%s %s", text->len ? " · " : "", metric_label (name), score);
    }
  return g_string_free (text, FALSE);
}

/* Header ------------------------------------------------------------------------------ */

static GtkWidget *
header_label (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static char *
aggregate_text (JsonObject *aggregate,
                JsonObject *baseline)
{
  GString *text = g_string_new (NULL);

  if (aggregate == NULL)
    return g_string_free (text, FALSE);
  if (json_object_has_member (aggregate, "passRate"))
    g_string_append_printf (text, _("pass %.1f%%"), 100 * json_object_get_double_member (aggregate, "passRate"));
  if (baseline != NULL && baseline != aggregate && json_object_has_member (aggregate, "passRate") &&
      json_object_has_member (baseline, "passRate"))
    g_string_append_printf (text, " (%+.1f)", 100 * (json_object_get_double_member (aggregate, "passRate") -
                                                     json_object_get_double_member (baseline, "passRate")));
  if (json_object_has_member (aggregate, "mean"))
    g_string_append_printf (text, _(" · mean %.3g · p50 %.3g · p90 %.3g"),
                            json_object_get_double_member (aggregate, "mean"),
                            json_object_get_double_member_with_default (aggregate, "p50", 0),
                            json_object_get_double_member_with_default (aggregate, "p90", 0));
  return g_string_free (text, FALSE);
}

static void
studio_eval_compare_build_header (StudioEvalCompare *self)
{
  g_autoptr(GPtrArray) metrics = g_ptr_array_new ();
  GtkWidget *child;
  int row = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->header_grid))) != NULL)
    gtk_grid_remove (self->header_grid, child);

  for (guint r = 0; r < self->runs->len; r++)
    {
      GenkitEvalRun *run = g_ptr_array_index (self->runs, r);
      JsonNode *aggregates = genkit_eval_run_get_aggregates (run);
      JsonArray *list = aggregates ? json_object_get_array_member (json_node_get_object (aggregates), "metrics") : NULL;
      g_autofree char *title = g_strdup_printf (r == 0 ? _("%.8s (baseline)") : "%.8s", genkit_eval_run_get_id (run));
      g_autofree char *what = g_strdup_printf ("%s · %s", genkit_eval_run_get_target (run),
                                               genkit_eval_run_get_dataset_id (run) ? genkit_eval_run_get_dataset_id (run)
                                                                                    : _("file"));

      gtk_grid_attach (self->header_grid, header_label (title, "heading"), r + 1, 0, 1, 1);
      gtk_grid_attach (self->header_grid, header_label (what, "dim-label"), r + 1, 1, 1, 1);
      for (guint m = 0; list != NULL && m < json_array_get_length (list); m++)
        {
          const char *name = json_object_get_string_member (json_array_get_object_element (list, m), "metric");
          gboolean known = FALSE;

          for (guint k = 0; k < metrics->len && !known; k++)
            known = g_str_equal (g_ptr_array_index (metrics, k), name);
          if (!known)
            g_ptr_array_add (metrics, (gpointer) name);
        }
    }

  row = 2;
  for (guint m = 0; m < metrics->len; m++, row++)
    {
      const char *name = g_ptr_array_index (metrics, m);
      JsonObject *baseline = genkit_eval_run_get_metric_aggregate (g_ptr_array_index (self->runs, 0), name);

      gtk_grid_attach (self->header_grid, header_label (metric_label (name), "heading"), 0, row, 1, 1);
      for (guint r = 0; r < self->runs->len; r++)
        {
          JsonObject *aggregate = genkit_eval_run_get_metric_aggregate (g_ptr_array_index (self->runs, r), name);
          g_autofree char *text = aggregate_text (aggregate, baseline);

          gtk_grid_attach (self->header_grid, header_label (text, "numeric"), r + 1, row, 1, 1);
        }
    }

  gtk_grid_attach (self->header_grid, header_label (_("Failed"), "heading"), 0, row, 1, 1);
  for (guint r = 0; r < self->runs->len; r++)
    {
      GenkitEvalRun *run = g_ptr_array_index (self->runs, r);
      g_autofree char *text = g_strdup_printf (_("%u of %u"), genkit_eval_run_get_n_failed (run),
                                               genkit_eval_run_get_n_rows (run));

      gtk_grid_attach (self->header_grid, header_label (text, "numeric"), r + 1, row, 1, 1);
    }
  row++;
  gtk_grid_attach (self->header_grid, header_label (_("Latency"), "heading"), 0, row, 1, 1);
  for (guint r = 0; r < self->runs->len; r++)
    {
      JsonNode *aggregates = genkit_eval_run_get_aggregates (g_ptr_array_index (self->runs, r));
      JsonObject *latency = aggregates ? json_object_get_object_member (json_node_get_object (aggregates), "latencyMs")
                                       : NULL;
      g_autofree char *text = latency && json_object_has_member (latency, "p50")
                              ? g_strdup_printf (_("p50 %.0f ms · p90 %.0f ms"),
                                                 json_object_get_double_member (latency, "p50"),
                                                 json_object_get_double_member_with_default (latency, "p90", 0))
                              : g_strdup ("");

      gtk_grid_attach (self->header_grid, header_label (text, "numeric"), r + 1, row, 1, 1);
    }
}

/* Rows -------------------------------------------------------------------------------- */

static StudioEvalChange
change_of (JsonObject *comparison_row)
{
  if (JSON_NODE_HOLDS_NULL (json_object_get_member (comparison_row, "candidate")))
    return STUDIO_EVAL_CHANGE_MISSING;
  if (json_array_get_length (json_object_get_array_member (comparison_row, "regressions")) > 0)
    return STUDIO_EVAL_CHANGE_REGRESSED;
  if (json_array_get_length (json_object_get_array_member (comparison_row, "improvements")) > 0)
    return STUDIO_EVAL_CHANGE_IMPROVED;
  return STUDIO_EVAL_CHANGE_NONE;
}

static CompareRow *
studio_eval_compare_row (StudioEvalCompare *self,
                         const char        *id)
{
  CompareRow *row = g_hash_table_lookup (self->rows, id);

  if (row != NULL)
    return row;
  row = g_new0 (CompareRow, 1);
  row->results = g_ptr_array_new_full (self->runs->len, (GDestroyNotify) g_object_unref);
  for (guint r = 0; r < self->runs->len; r++)
    g_ptr_array_add (row->results, NULL);
  row->changes = g_new0 (StudioEvalChange, self->runs->len);
  row->changed = g_new0 (gboolean, self->runs->len);
  for (guint r = 0; r < self->runs->len; r++)
    row->changes[r] = STUDIO_EVAL_CHANGE_MISSING;
  g_hash_table_insert (self->rows, g_strdup (id), row);
  gtk_string_list_append (self->ids, id);
  return row;
}

static void
studio_eval_compare_build_rows (StudioEvalCompare *self)
{
  GHashTable *regressed = g_hash_table_new (NULL, NULL);   /* CompareRows */

  for (guint r = 0; r < self->runs->len; r++)
    {
      GListModel *results = genkit_eval_run_get_results (g_ptr_array_index (self->runs, r));
      guint n = g_list_model_get_n_items (results);

      for (guint i = 0; i < n; i++)
        {
          GenkitEvalResult *result = g_list_model_get_item (results, i);
          CompareRow *row = studio_eval_compare_row (self, genkit_eval_result_get_test_case_id (result));

          g_ptr_array_index (row->results, r) = result;
          row->changes[r] = STUDIO_EVAL_CHANGE_NONE;
        }
    }

  for (guint r = 1; r < self->runs->len; r++)
    {
      g_autoptr(JsonNode) comparison = genkit_eval_run_compare (g_ptr_array_index (self->runs, 0),
                                                                g_ptr_array_index (self->runs, r));
      JsonArray *rows = json_object_get_array_member (json_node_get_object (comparison), "rows");

      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonObject *entry = json_array_get_object_element (rows, i);
          const char *id = json_object_get_string_member (entry, "testCaseId");
          CompareRow *row = g_hash_table_lookup (self->rows, id);

          if (row == NULL || g_ptr_array_index (row->results, 0) == NULL)
            continue;
          row->changes[r] = change_of (entry);
          row->changed[r] = json_object_get_boolean_member_with_default (entry, "outputChanged", FALSE);
          if (row->changes[r] == STUDIO_EVAL_CHANGE_REGRESSED)
            g_hash_table_add (regressed, row);
        }
    }
  self->n_regressed = g_hash_table_size (regressed);
  g_hash_table_unref (regressed);
}

static void
setup_id_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  gtk_list_item_set_child (item, studio_eval_id_label_new ());
}

static void
bind_id_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  const char *id = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), id);
  gtk_widget_set_tooltip_text (gtk_list_item_get_child (item), id);
}

static void
setup_run_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *output = gtk_label_new (NULL);
  GtkWidget *scores = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (output), 0);
  gtk_label_set_ellipsize (GTK_LABEL (output), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (output), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (output), 16);
  gtk_label_set_xalign (GTK_LABEL (scores), 0);
  gtk_label_set_ellipsize (GTK_LABEL (scores), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (scores, "caption");
  gtk_box_append (GTK_BOX (box), output);
  gtk_box_append (GTK_BOX (box), scores);
  gtk_widget_add_css_class (box, "eval-cell");
  gtk_list_item_set_child (item, box);
}

static void
bind_run_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  StudioEvalCompare *self = user_data;
  guint run = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "run"));
  const char *id = gtk_string_object_get_string (gtk_list_item_get_item (item));
  CompareRow *row = g_hash_table_lookup (self->rows, id);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *output = gtk_widget_get_first_child (box);
  GtkWidget *scores = gtk_widget_get_next_sibling (output);
  GenkitEvalResult *result = row ? g_ptr_array_index (row->results, run) : NULL;
  StudioEvalChange change = row ? row->changes[run] : STUDIO_EVAL_CHANGE_MISSING;
  g_autofree char *text = output_text (result);
  g_autofree char *score = scores_text (result);
  char *newline = strchr (text, '\n');

  if (newline != NULL)
    *newline = '\0';
  gtk_label_set_text (GTK_LABEL (output), change == STUDIO_EVAL_CHANGE_MISSING ? _("(not in this run)") : text);
  gtk_label_set_text (GTK_LABEL (scores), score);
  gtk_widget_set_tooltip_text (box, score);
  studio_eval_set_class (box, "eval-regressed", change == STUDIO_EVAL_CHANGE_REGRESSED);
  studio_eval_set_class (box, "eval-improved", change == STUDIO_EVAL_CHANGE_IMPROVED);
  studio_eval_set_class (box, "dim-label", change == STUDIO_EVAL_CHANGE_MISSING);
  studio_eval_set_class (output, "eval-output-changed", row != NULL && row->changed[run]);
}

static void
studio_eval_compare_add_column (StudioEvalCompare *self,
                                const char        *title,
                                guint              run,
                                GCallback          setup,
                                GCallback          bind)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "run", GUINT_TO_POINTER (run));
  g_signal_connect (factory, "setup", setup, self);
  g_signal_connect (factory, "bind", bind, self);
  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, bind != G_CALLBACK (bind_id_cb));
  gtk_column_view_append_column (self->rows_view, column);
}

static void
studio_eval_compare_remove_columns (StudioEvalCompare *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->rows_view);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->rows_view, column);
    }
}

/* Diffs ------------------------------------------------------------------------------- */

static void
studio_eval_compare_selected_cb (StudioEvalCompare *self)
{
  GtkStringObject *item = gtk_single_selection_get_selected_item (self->selection);

  studio_eval_compare_show_diff (self, item ? gtk_string_object_get_string (item) : NULL);
}

static void
insert_diff (GtkTextBuffer *buffer,
             const char    *diff)
{
  g_auto(GStrv) lines = g_strsplit (diff, "\n", -1);
  GtkTextIter end;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *tag = g_str_has_prefix (lines[i], "- ") ? "removed"
                        : g_str_has_prefix (lines[i], "+ ") ? "added" : NULL;

      if (lines[i][0] == '\0' && lines[i + 1] == NULL)
        break;
      gtk_text_buffer_get_end_iter (buffer, &end);
      if (tag != NULL)
        gtk_text_buffer_insert_with_tags_by_name (buffer, &end, lines[i], -1, tag, NULL);
      else
        gtk_text_buffer_insert (buffer, &end, lines[i], -1);
      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, "\n", 1);
    }
}

/**
 * studio_eval_compare_show_diff:
 * @self: a [class@Studio.EvalCompare]
 * @test_case_id: (nullable): a test case
 *
 * Shows, for each run after the baseline, the line diff of its output for @test_case_id
 * against the baseline's.
 */
void
studio_eval_compare_show_diff (StudioEvalCompare *self,
                               const char        *test_case_id)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->diff_view);
  CompareRow *row = test_case_id ? g_hash_table_lookup (self->rows, test_case_id) : NULL;
  g_autofree char *baseline = NULL;
  GtkTextIter end;

  g_return_if_fail (STUDIO_IS_EVAL_COMPARE (self));

  gtk_text_buffer_set_text (buffer, "", 0);
  if (row == NULL)
    {
      gtk_text_buffer_set_text (buffer, _("Select a test case to see how its output changed."), -1);
      return;
    }
  baseline = output_text (g_ptr_array_index (row->results, 0));
  for (guint r = 1; r < self->runs->len; r++)
    {
      g_autofree char *candidate = output_text (g_ptr_array_index (row->results, r));
      g_autofree char *heading = g_strdup_printf (_("%.8s → %.8s\n"), genkit_eval_run_get_id (g_ptr_array_index (self->runs, 0)),
                                                  genkit_eval_run_get_id (g_ptr_array_index (self->runs, r)));

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert_with_tags_by_name (buffer, &end, heading, -1, "heading", NULL);
      if (g_str_equal (baseline, candidate))
        {
          gtk_text_buffer_get_end_iter (buffer, &end);
          gtk_text_buffer_insert (buffer, &end, _("  (same output)\n"), -1);
        }
      else
        {
          g_autofree char *diff = studio_eval_diff_lines (baseline, candidate);

          insert_diff (buffer, diff);
        }
    }
}

/**
 * studio_eval_compare_dup_diff_text:
 * @self: a [class@Studio.EvalCompare]
 *
 * Returns: (transfer full): the text of the output differences shown
 */
char *
studio_eval_compare_dup_diff_text (StudioEvalCompare *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (STUDIO_IS_EVAL_COMPARE (self), NULL);

  buffer = gtk_text_view_get_buffer (self->diff_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Public ------------------------------------------------------------------------------ */

/**
 * studio_eval_compare_new:
 *
 * Returns: (transfer floating): a new, empty comparison
 */
StudioEvalCompare *
studio_eval_compare_new (void)
{
  return g_object_new (STUDIO_TYPE_EVAL_COMPARE, NULL);
}

/**
 * studio_eval_compare_set_runs:
 * @self: a [class@Studio.EvalCompare]
 * @runs: (element-type GenkitEvalRun): two or more runs with their results loaded, the
 *   baseline first
 *
 * Sets the runs side by side.
 */
void
studio_eval_compare_set_runs (StudioEvalCompare *self,
                              GPtrArray         *runs)
{
  g_autofree char *summary = NULL;

  g_return_if_fail (STUDIO_IS_EVAL_COMPARE (self));
  g_return_if_fail (runs != NULL);

  g_ptr_array_set_size (self->runs, 0);
  for (guint r = 0; r < runs->len; r++)
    g_ptr_array_add (self->runs, g_object_ref (g_ptr_array_index (runs, r)));
  g_hash_table_remove_all (self->rows);
  gtk_string_list_splice (self->ids, 0, g_list_model_get_n_items (G_LIST_MODEL (self->ids)), NULL);
  studio_eval_compare_remove_columns (self);
  if (self->runs->len == 0)
    return;

  studio_eval_compare_build_rows (self);
  studio_eval_compare_build_header (self);
  studio_eval_compare_add_column (self, _("Test Case"), 0, G_CALLBACK (setup_id_cb), G_CALLBACK (bind_id_cb));
  for (guint r = 0; r < self->runs->len; r++)
    {
      g_autofree char *title = g_strdup_printf (r == 0 ? _("%.8s (baseline)") : "%.8s",
                                                genkit_eval_run_get_id (g_ptr_array_index (self->runs, r)));

      studio_eval_compare_add_column (self, title, r, G_CALLBACK (setup_run_cb), G_CALLBACK (bind_run_cb));
    }
  summary = g_strdup_printf (ngettext ("%u test case regressed from the baseline in at least one run; "
                                       "regressions are red, improvements green.",
                                       "%u test cases regressed from the baseline in at least one run; "
                                       "regressions are red, improvements green.", self->n_regressed),
                             self->n_regressed);
  gtk_label_set_text (self->summary_label, summary);
  studio_eval_compare_show_diff (self, NULL);
}

/**
 * studio_eval_compare_get_n_runs:
 * @self: a [class@Studio.EvalCompare]
 *
 * Returns: how many runs are compared
 */
guint
studio_eval_compare_get_n_runs (StudioEvalCompare *self)
{
  g_return_val_if_fail (STUDIO_IS_EVAL_COMPARE (self), 0);
  return self->runs->len;
}

/**
 * studio_eval_compare_get_rows:
 * @self: a [class@Studio.EvalCompare]
 *
 * Returns: (transfer none): a #GListModel of #GtkStringObject: the test case ids of the table
 */
GListModel *
studio_eval_compare_get_rows (StudioEvalCompare *self)
{
  g_return_val_if_fail (STUDIO_IS_EVAL_COMPARE (self), NULL);
  return G_LIST_MODEL (self->ids);
}

/**
 * studio_eval_compare_get_change:
 * @self: a [class@Studio.EvalCompare]
 * @test_case_id: a test case
 * @run: a run's index (0 is the baseline)
 *
 * Returns: how the run's test case compares with the baseline's
 */
StudioEvalChange
studio_eval_compare_get_change (StudioEvalCompare *self,
                                const char        *test_case_id,
                                guint              run)
{
  CompareRow *row;

  g_return_val_if_fail (STUDIO_IS_EVAL_COMPARE (self), STUDIO_EVAL_CHANGE_MISSING);

  row = g_hash_table_lookup (self->rows, test_case_id);
  if (row == NULL || run >= self->runs->len)
    return STUDIO_EVAL_CHANGE_MISSING;
  return row->changes[run];
}

/**
 * studio_eval_compare_get_output_changed:
 * @self: a [class@Studio.EvalCompare]
 * @test_case_id: a test case
 * @run: a run's index (0 is the baseline)
 *
 * Returns: whether the run's output for the test case differs from the baseline's
 */
gboolean
studio_eval_compare_get_output_changed (StudioEvalCompare *self,
                                        const char        *test_case_id,
                                        guint              run)
{
  CompareRow *row;

  g_return_val_if_fail (STUDIO_IS_EVAL_COMPARE (self), FALSE);

  row = g_hash_table_lookup (self->rows, test_case_id);
  return row != NULL && run < self->runs->len && row->changed[run];
}

/**
 * studio_eval_compare_get_n_regressed:
 * @self: a [class@Studio.EvalCompare]
 *
 * Returns: how many test cases regressed in at least one run
 */
guint
studio_eval_compare_get_n_regressed (StudioEvalCompare *self)
{
  g_return_val_if_fail (STUDIO_IS_EVAL_COMPARE (self), 0);
  return self->n_regressed;
}

/* GObject ----------------------------------------------------------------------------- */

static void
studio_eval_compare_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), STUDIO_TYPE_EVAL_COMPARE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (studio_eval_compare_parent_class)->dispose (object);
}

static void
studio_eval_compare_finalize (GObject *object)
{
  StudioEvalCompare *self = STUDIO_EVAL_COMPARE (object);

  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->ids);

  G_OBJECT_CLASS (studio_eval_compare_parent_class)->finalize (object);
}

static void
studio_eval_compare_class_init (StudioEvalCompareClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_eval_compare_dispose;
  object_class->finalize = studio_eval_compare_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/genkitstudio/Studio/ui/eval/studio-eval-compare.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioEvalCompare, header_grid);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalCompare, summary_label);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalCompare, rows_view);
  gtk_widget_class_bind_template_child (widget_class, StudioEvalCompare, diff_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
studio_eval_compare_init (StudioEvalCompare *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) compare_row_free);
  self->ids = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->ids)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect_swapped (self->selection, "notify::selected-item", G_CALLBACK (studio_eval_compare_selected_cb), self);
  gtk_column_view_set_model (self->rows_view, GTK_SELECTION_MODEL (self->selection));

  buffer = gtk_text_view_get_buffer (self->diff_view);
  gtk_text_buffer_create_tag (buffer, "removed", "foreground", "#c01c28", "strikethrough", FALSE, NULL);
  gtk_text_buffer_create_tag (buffer, "added", "foreground", "#26a269", NULL);
  gtk_text_buffer_create_tag (buffer, "heading", "weight", PANGO_WEIGHT_BOLD, NULL);
}
