/* studio-evals-pane.h — eval runs: start, live progress, cancel and resume, results, comparison
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit-eval.h>

#include "studio-eval-compare.h"
#include "studio-pane.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_EVALS_PANE (studio_evals_pane_get_type ())

G_DECLARE_FINAL_TYPE (StudioEvalsPane, studio_evals_pane, STUDIO, EVALS_PANE, StudioPane)

gboolean           studio_evals_pane_set_target     (StudioEvalsPane    *self,
                                                     const char         *key);
gboolean           studio_evals_pane_set_dataset    (StudioEvalsPane    *self,
                                                     const char         *id);
void               studio_evals_pane_set_evaluators (StudioEvalsPane    *self,
                                                     const char * const *keys);
void               studio_evals_pane_set_concurrency (StudioEvalsPane   *self,
                                                      guint              concurrency);
gboolean           studio_evals_pane_start_file     (StudioEvalsPane    *self,
                                                     const char         *path);
gboolean           studio_evals_pane_get_running    (StudioEvalsPane    *self);
gboolean           studio_evals_pane_get_busy       (StudioEvalsPane    *self);
GenkitEvalRun     *studio_evals_pane_get_shown_run  (StudioEvalsPane    *self);
gboolean           studio_evals_pane_show_run       (StudioEvalsPane    *self,
                                                     const char         *id);
GListModel        *studio_evals_pane_get_results    (StudioEvalsPane    *self);
gboolean           studio_evals_pane_sort_by        (StudioEvalsPane    *self,
                                                     const char         *title,
                                                     GtkSortType         order);
void               studio_evals_pane_set_filter     (StudioEvalsPane    *self,
                                                     gboolean            failed_only,
                                                     const char         *metric,
                                                     double              threshold);
gboolean           studio_evals_pane_compare        (StudioEvalsPane    *self,
                                                     const char * const *ids);
StudioEvalCompare *studio_evals_pane_get_compare    (StudioEvalsPane    *self);

G_END_DECLS
