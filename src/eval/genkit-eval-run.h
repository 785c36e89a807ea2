/* genkit-eval-run.h — one evaluation: target, dataset, evaluators, results and metrics
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_EVAL_INSIDE) && !defined (GENKIT_EVAL_COMPILATION)
# error "Only <genkit-eval.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-eval-result.h"

G_BEGIN_DECLS

/**
 * GenkitEvalRunStatus:
 * @GENKIT_EVAL_RUN_STATUS_RUNNING: a runner is working on it
 * @GENKIT_EVAL_RUN_STATUS_COMPLETED: every test case is done or failed, the metrics are summed
 *   up
 * @GENKIT_EVAL_RUN_STATUS_CANCELLED: cancelled; it can be resumed
 * @GENKIT_EVAL_RUN_STATUS_FAILED: it could not go on (the runtime went away, the store could
 *   not be written); it can be resumed
 * @GENKIT_EVAL_RUN_STATUS_INTERRUPTED: the process running it ended before it finished; it
 *   can be resumed
 *
 * Where an eval run is.
 */
typedef enum
{
  GENKIT_EVAL_RUN_STATUS_RUNNING,
  GENKIT_EVAL_RUN_STATUS_COMPLETED,
  GENKIT_EVAL_RUN_STATUS_CANCELLED,
  GENKIT_EVAL_RUN_STATUS_FAILED,
  GENKIT_EVAL_RUN_STATUS_INTERRUPTED,
} GenkitEvalRunStatus;

GENKIT_AVAILABLE_IN_ALL
const char *genkit_eval_run_status_to_string (GenkitEvalRunStatus status);

#define GENKIT_TYPE_EVAL_RUN (genkit_eval_run_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitEvalRun, genkit_eval_run, GENKIT, EVAL_RUN, GObject)

GENKIT_AVAILABLE_IN_ALL
const char          *genkit_eval_run_get_id               (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitEvalRunStatus  genkit_eval_run_get_status           (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
const char          *genkit_eval_run_get_error            (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
gboolean             genkit_eval_run_can_resume           (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
const char          *genkit_eval_run_get_target           (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
const char          *genkit_eval_run_get_runtime_id       (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
const char          *genkit_eval_run_get_runtime_name     (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
const char          *genkit_eval_run_get_dataset_id       (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
gint64               genkit_eval_run_get_dataset_version  (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
const char * const  *genkit_eval_run_get_evaluators       (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject          *genkit_eval_run_get_config           (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
gint64               genkit_eval_run_get_created_at       (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
gint64               genkit_eval_run_get_finished_at      (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
guint                genkit_eval_run_get_n_rows           (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
guint                genkit_eval_run_get_n_done           (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
guint                genkit_eval_run_get_n_failed         (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
double               genkit_eval_run_get_progress         (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
GListModel          *genkit_eval_run_get_results          (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
gboolean             genkit_eval_run_has_results          (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode            *genkit_eval_run_get_metrics_metadata (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode            *genkit_eval_run_get_metric_summaries (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode            *genkit_eval_run_get_aggregates       (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject          *genkit_eval_run_get_metric_aggregate (GenkitEvalRun  *self,
                                                           const char     *metric);
GENKIT_AVAILABLE_IN_ALL
JsonNode            *genkit_eval_run_to_key_json          (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode            *genkit_eval_run_to_json              (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
char                *genkit_eval_run_export_json          (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
char                *genkit_eval_run_export_csv           (GenkitEvalRun  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode            *genkit_eval_run_compare              (GenkitEvalRun  *baseline,
                                                           GenkitEvalRun  *candidate);

G_END_DECLS
