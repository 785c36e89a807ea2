/* studio-eval-util.h — helpers of the datasets and evaluations panes: JSON cells, targets,
 * file choosers, scores, output diffs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit-eval.h>

G_BEGIN_DECLS

/**
 * StudioEvalFileCallback:
 * @file: (nullable): the chosen file, or %NULL when the dialog was dismissed
 * @user_data: the data given with the callback
 *
 * What [func@Studio.eval_choose_file] calls once the person chose.
 */
typedef void (*StudioEvalFileCallback) (GFile    *file,
                                        gpointer  user_data);

/**
 * StudioEvalRowUpdate:
 * @row: a row made by [func@Studio.eval_two_line_factory_new]
 * @item: the item it shows
 *
 * Fills in a two-line row (with [func@Studio.eval_two_line_set]) from its item.
 */
typedef void (*StudioEvalRowUpdate) (GtkWidget *row,
                                     gpointer   item);

GtkListItemFactory *studio_eval_two_line_factory_new (StudioEvalRowUpdate update);
void          studio_eval_two_line_set       (GtkWidget              *row,
                                              const char             *title,
                                              const char             *subtitle);
GtkWidget    *studio_eval_id_label_new       (void);
char         *studio_eval_cell_text          (JsonNode               *node);
gboolean      studio_eval_parse_cell         (const char             *text,
                                              JsonNode              **node,
                                              GError                **error);
GtkStringList *studio_eval_target_keys       (JsonNode               *actions);
GStrv         studio_eval_evaluator_keys     (JsonNode               *actions);
GenkitDatasetType studio_eval_dataset_type_for_key (const char       *key);
void          studio_eval_choose_file        (GtkWidget              *parent,
                                              const char             *title,
                                              GtkFileChooserAction    action,
                                              const char             *suggested_name,
                                              StudioEvalFileCallback  callback,
                                              gpointer                user_data);
char         *studio_eval_format_score       (JsonObject             *metric);
gboolean      studio_eval_metric_score       (JsonObject             *metric,
                                              double                 *score);
char         *studio_eval_diff_lines         (const char             *before,
                                              const char             *after);
void          studio_eval_set_class          (GtkWidget              *widget,
                                              const char             *css_class,
                                              gboolean                set);

G_END_DECLS
