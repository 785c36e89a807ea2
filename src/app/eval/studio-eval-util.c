/* studio-eval-util.c — helpers of the datasets and evaluations panes: JSON cells, targets,
 * file choosers, scores, output diffs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "studio-eval-util.h"
#include "studio-util.h"

/**
 * studio_eval_cell_text:
 * @node: (nullable): a JSON value of a dataset row (input, reference, context)
 *
 * Returns: (transfer full): the value as compact JSON, the way a table cell shows it; an
 *   empty string for no value
 */
char *
studio_eval_cell_text (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("");
  return studio_json_to_compact_string (node);
}

/**
 * studio_eval_parse_cell:
 * @text: what a person typed into a JSON cell
 * @node: (out) (transfer full) (nullable): the value; %NULL for an empty cell
 * @error: return location for a `GENKIT_ERROR_INVALID_ARGUMENT` naming the JSON problem
 *
 * Reads a JSON cell. As in Genkit's dataset editor, a bare word that is not JSON is taken
 * as a string only when it is quoted: `"hi"` is a string, `hi` is an error.
 *
 * Returns: whether @text is empty or one JSON value
 */
gboolean
studio_eval_parse_cell (const char  *text,
                        JsonNode   **node,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  *node = NULL;
  if (*stripped == '\0')
    return TRUE;
  if (!json_parser_load_from_data (parser, stripped, -1, &parse_error))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, _("Not JSON: %s"), parse_error->message);
      return FALSE;
    }
  *node = json_node_copy (json_parser_get_root (parser));
  return TRUE;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of @actions (a listing: key → descriptor) that start with one of @prefixes, sorted. */
static GPtrArray *
collect_keys (JsonNode           *actions,
              const char * const *prefixes)
{
  GPtrArray *keys = g_ptr_array_new ();
  JsonObjectIter iter;
  const char *key;

  if (actions == NULL || !JSON_NODE_HOLDS_OBJECT (actions))
    return keys;
  json_object_iter_init (&iter, json_node_get_object (actions));
  while (json_object_iter_next (&iter, &key, NULL))
    for (guint i = 0; prefixes[i] != NULL; i++)
      if (g_str_has_prefix (key, prefixes[i]))
        {
          g_ptr_array_add (keys, (gpointer) key);
          break;
        }
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/**
 * studio_eval_target_keys:
 * @actions: (nullable): a runtime's listing of actions (key → descriptor)
 *
 * The actions an eval run can target, as the Genkit Dev UI offers them: flows, models and
 * executable prompts.
 *
 * Returns: (transfer full): their keys, sorted
 */
GtkStringList *
studio_eval_target_keys (JsonNode *actions)
{
  const char * const prefixes[] = { "/flow/", "/model/", "/executable-prompt/", NULL };
  g_autoptr(GPtrArray) keys = collect_keys (actions, prefixes);
  GtkStringList *list = gtk_string_list_new (NULL);

  for (guint i = 0; i < keys->len; i++)
    gtk_string_list_append (list, g_ptr_array_index (keys, i));
  return list;
}

/**
 * studio_eval_evaluator_keys:
 * @actions: (nullable): a runtime's listing of actions
 *
 * Returns: (transfer full): the keys of its evaluators (`/evaluator/…`), sorted
 */
GStrv
studio_eval_evaluator_keys (JsonNode *actions)
{
  const char * const prefixes[] = { "/evaluator/", NULL };
  g_autoptr(GPtrArray) keys = collect_keys (actions, prefixes);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < keys->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (keys, i));
  return g_strv_builder_end (builder);
}

/**
 * studio_eval_dataset_type_for_key:
 * @key: (nullable): a target's key
 *
 * Returns: Genkit's `datasetType` of a dataset for that target
 */
GenkitDatasetType
studio_eval_dataset_type_for_key (const char *key)
{
  if (key == NULL)
    return GENKIT_DATASET_TYPE_UNKNOWN;
  if (g_str_has_prefix (key, "/flow/"))
    return GENKIT_DATASET_TYPE_FLOW;
  if (g_str_has_prefix (key, "/model/"))
    return GENKIT_DATASET_TYPE_MODEL;
  if (g_str_has_prefix (key, "/executable-prompt/"))
    return GENKIT_DATASET_TYPE_EXECUTABLE_PROMPT;
  return GENKIT_DATASET_TYPE_UNKNOWN;
}

typedef struct
{
  StudioEvalFileCallback callback;
  gpointer               user_data;
} ChooseData;

static void
choose_response_cb (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  ChooseData *data = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  data->callback (file, data->user_data);
  g_free (data);
  g_object_unref (dialog);
}

/**
 * studio_eval_choose_file:
 * @parent: a widget of the window the dialog belongs to
 * @title: the dialog's title
 * @action: open, save or select a folder
 * @suggested_name: (nullable): the file name a save dialog starts with
 * @callback: called with the choice
 * @user_data: data for @callback, which must stay alive until it is called
 *
 * Asks for a file or a folder. GtkFileChooserNative (GtkFileDialog is GTK 4.10), which goes
 * through the file chooser portal inside Flatpak.
 */
void
studio_eval_choose_file (GtkWidget              *parent,
                         const char             *title,
                         GtkFileChooserAction    action,
                         const char             *suggested_name,
                         StudioEvalFileCallback  callback,
                         gpointer                user_data)
{
  GtkRoot *root = gtk_widget_get_root (parent);
  GtkFileChooserNative *dialog;
  ChooseData *data = g_new0 (ChooseData, 1);

  data->callback = callback;
  data->user_data = user_data;
  dialog = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, action,
                                        action == GTK_FILE_CHOOSER_ACTION_SAVE ? _("_Save") : _("_Open"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (suggested_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), suggested_name);
  g_signal_connect (dialog, "response", G_CALLBACK (choose_response_cb), data);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/**
 * studio_eval_metric_score:
 * @metric: (nullable): a Genkit `EvalMetric`
 * @score: (out): the score as a number (booleans are 1 and 0)
 *
 * Returns: whether the metric has a numeric (or boolean) score
 */
gboolean
studio_eval_metric_score (JsonObject *metric,
                          double     *score)
{
  JsonNode *node = metric ? json_object_get_member (metric, "score") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      *score = json_node_get_boolean (node) ? 1 : 0;
      return TRUE;
    case G_TYPE_INT64:
    case G_TYPE_DOUBLE:
      *score = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * studio_eval_format_score:
 * @metric: (nullable): a Genkit `EvalMetric` (`score`, `status`, `error`)
 *
 * Returns: (transfer full): the score as a results cell shows it: the number or value, with
 *   the status (`PASS`, `FAIL`) when there is one; "error" for an evaluator error; an empty
 *   string for no metric
 */
char *
studio_eval_format_score (JsonObject *metric)
{
  const char *status;
  g_autofree char *value = NULL;
  JsonNode *score;
  double number;

  if (metric == NULL)
    return g_strdup ("");
  if (json_object_has_member (metric, "error") && !json_object_has_member (metric, "score"))
    return g_strdup (_("error"));
  status = json_object_get_string_member_with_default (metric, "status", NULL);
  score = json_object_get_member (metric, "score");
  if (studio_eval_metric_score (metric, &number))
    value = g_strdup_printf ("%g", number);
  else if (score != NULL && !JSON_NODE_HOLDS_NULL (score))
    value = studio_json_to_compact_string (score);
  if (value != NULL && status != NULL)
    return g_strdup_printf ("%s · %s", value, status);
  return g_strdup (value ? value : status ? status : "");
}

/**
 * studio_eval_diff_lines:
 * @before: the baseline's text
 * @after: the candidate's text
 *
 * A line diff (longest common subsequence), as `diff` shows it without context limits: each
 * line starts with `  ` (both), `- ` (only @before) or `+ ` (only @after).
 *
 * Returns: (transfer full): the diff, one line per line
 */
char *
studio_eval_diff_lines (const char *before,
                        const char *after)
{
  g_auto(GStrv) a = g_strsplit (before ? before : "", "\n", -1);
  g_auto(GStrv) b = g_strsplit (after ? after : "", "\n", -1);
  guint n = g_strv_length (a), m = g_strv_length (b);
  g_autofree guint *lcs = g_new0 (guint, (gsize) (n + 1) * (m + 1));
  GString *out = g_string_new (NULL);
  guint i = 0, j = 0;

#define LCS(x, y) lcs[(gsize) (x) * (m + 1) + (y)]
  for (guint x = n; x-- > 0;)
    for (guint y = m; y-- > 0;)
      LCS (x, y) = g_str_equal (a[x], b[y]) ? LCS (x + 1, y + 1) + 1 : MAX (LCS (x + 1, y), LCS (x, y + 1));
  while (i < n || j < m)
    {
      if (i < n && j < m && g_str_equal (a[i], b[j]))
        {
          g_string_append_printf (out, "  %s\n", a[i++]);
          j++;
        }
      else if (i < n && (j >= m || LCS (i + 1, j) >= LCS (i, j + 1)))
        g_string_append_printf (out, "- %s\n", a[i++]);
      else
        g_string_append_printf (out, "+ %s\n", b[j++]);
    }
#undef LCS
  return g_string_free (out, FALSE);
}

/**
 * studio_eval_set_class:
 * @widget: a widget
 * @css_class: a style class
 * @set: whether @widget has it
 *
 * Adds or removes a style class.
 */
void
studio_eval_set_class (GtkWidget  *widget,
                       const char *css_class,
                       gboolean    set)
{
  if (set)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

static void
two_line_notify_cb (GObject    *item,
                    GParamSpec *pspec,
                    GtkWidget  *row)
{
  StudioEvalRowUpdate update = g_object_get_data (G_OBJECT (row), "update");

  update (row, item);
}

static void
two_line_setup_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (row), title);
  gtk_box_append (GTK_BOX (row), subtitle);
  gtk_widget_set_margin_top (row, 3);
  gtk_widget_set_margin_bottom (row, 3);
  g_object_set_data (G_OBJECT (row), "update", user_data);
  gtk_list_item_set_child (item, row);
}

static void
two_line_bind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  gpointer                  user_data)
{
  StudioEvalRowUpdate update = user_data;
  GtkWidget *row = gtk_list_item_get_child (item);

  update (row, gtk_list_item_get_item (item));
  g_signal_connect_object (gtk_list_item_get_item (item), "notify", G_CALLBACK (two_line_notify_cb), row, 0);
}

static void
two_line_unbind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    gpointer                  user_data)
{
  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (item), two_line_notify_cb,
                                        gtk_list_item_get_child (item));
}

/**
 * studio_eval_two_line_factory_new:
 * @update: fills in a row from its item
 *
 * The rows of the panes' sidebar lists (datasets, eval runs): a title and a dimmed caption,
 * filled in again whenever the item notifies a change.
 *
 * Returns: (transfer full): a list item factory
 */
GtkListItemFactory *
studio_eval_two_line_factory_new (StudioEvalRowUpdate update)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (two_line_setup_cb), update);
  g_signal_connect (factory, "bind", G_CALLBACK (two_line_bind_cb), update);
  g_signal_connect (factory, "unbind", G_CALLBACK (two_line_unbind_cb), update);
  return factory;
}

/**
 * studio_eval_two_line_set:
 * @row: a row of [func@Studio.eval_two_line_factory_new]
 * @title: its title
 * @subtitle: its caption
 *
 * Sets the texts of a two-line row.
 */
void
studio_eval_two_line_set (GtkWidget  *row,
                          const char *title,
                          const char *subtitle)
{
  GtkWidget *title_label = gtk_widget_get_first_child (row);
  GtkWidget *subtitle_label = gtk_widget_get_next_sibling (title_label);

  /* Items notify often (a run, on each test case): change only what differs. */
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (title_label)), title) != 0)
    gtk_label_set_text (GTK_LABEL (title_label), title);
  if (g_strcmp0 (gtk_label_get_text (GTK_LABEL (subtitle_label)), subtitle) != 0)
    gtk_label_set_text (GTK_LABEL (subtitle_label), subtitle);
}

/**
 * studio_eval_id_label_new:
 *
 * Returns: (transfer floating): the label of a table's test case id cell: left-aligned,
 *   ellipsized in the middle (ids differ at both ends)
 */
GtkWidget *
studio_eval_id_label_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_width_chars (GTK_LABEL (label), 10);
  return label;
}
