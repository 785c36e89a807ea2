/* studio-eval-compare.h — eval runs side by side: aggregates, per-row regressions, output diffs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit-eval.h>

G_BEGIN_DECLS

/**
 * StudioEvalChange:
 * @STUDIO_EVAL_CHANGE_NONE: the test case scored as in the baseline (or it is the baseline)
 * @STUDIO_EVAL_CHANGE_REGRESSED: a metric went from a pass to anything else, or to a lower
 *   score
 * @STUDIO_EVAL_CHANGE_IMPROVED: the other way round, and nothing regressed
 * @STUDIO_EVAL_CHANGE_MISSING: the run lacks the test case
 *
 * How a run's test case compares with the baseline's.
 */
typedef enum
{
  STUDIO_EVAL_CHANGE_NONE,
  STUDIO_EVAL_CHANGE_REGRESSED,
  STUDIO_EVAL_CHANGE_IMPROVED,
  STUDIO_EVAL_CHANGE_MISSING,
} StudioEvalChange;

#define STUDIO_TYPE_EVAL_COMPARE (studio_eval_compare_get_type ())

G_DECLARE_FINAL_TYPE (StudioEvalCompare, studio_eval_compare, STUDIO, EVAL_COMPARE, GtkWidget)

StudioEvalCompare *studio_eval_compare_new             (void);
void               studio_eval_compare_set_runs        (StudioEvalCompare *self,
                                                        GPtrArray         *runs);
guint              studio_eval_compare_get_n_runs      (StudioEvalCompare *self);
GListModel        *studio_eval_compare_get_rows        (StudioEvalCompare *self);
StudioEvalChange   studio_eval_compare_get_change      (StudioEvalCompare *self,
                                                        const char        *test_case_id,
                                                        guint              run);
guint              studio_eval_compare_get_n_regressed (StudioEvalCompare *self);
gboolean           studio_eval_compare_get_output_changed (StudioEvalCompare *self,
                                                           const char        *test_case_id,
                                                           guint              run);
void               studio_eval_compare_show_diff       (StudioEvalCompare *self,
                                                        const char        *test_case_id);
char              *studio_eval_compare_dup_diff_text   (StudioEvalCompare *self);

G_END_DECLS
