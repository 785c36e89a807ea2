/* genkit-eval-result.h — one test case of an eval run: what the target did and the scores
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_EVAL_INSIDE) && !defined (GENKIT_EVAL_COMPILATION)
# error "Only <genkit-eval.h> can be included directly."
#endif

#include <genkit.h>

G_BEGIN_DECLS

/**
 * GenkitEvalResultStatus:
 * @GENKIT_EVAL_RESULT_STATUS_PENDING: not run yet (or interrupted before it was done)
 * @GENKIT_EVAL_RESULT_STATUS_DONE: the target ran and the evaluators scored its output
 * @GENKIT_EVAL_RESULT_STATUS_FAILED: the target failed (or gave nothing to evaluate); the
 *   evaluators did not see this test case, as in Genkit
 *
 * Where a test case of an eval run is.
 */
typedef enum
{
  GENKIT_EVAL_RESULT_STATUS_PENDING,
  GENKIT_EVAL_RESULT_STATUS_DONE,
  GENKIT_EVAL_RESULT_STATUS_FAILED,
} GenkitEvalResultStatus;

#define GENKIT_TYPE_EVAL_RESULT (genkit_eval_result_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitEvalResult, genkit_eval_result, GENKIT, EVAL_RESULT, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitEvalResult       *genkit_eval_result_new               (guint              index,
                                                              const char        *test_case_id,
                                                              JsonNode          *input,
                                                              JsonNode          *reference,
                                                              JsonNode          *context);
GENKIT_AVAILABLE_IN_ALL
guint                   genkit_eval_result_get_index         (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
const char             *genkit_eval_result_get_test_case_id  (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitEvalResultStatus  genkit_eval_result_get_status        (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_eval_result_get_input         (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_eval_result_get_output        (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_eval_result_get_reference     (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_eval_result_get_context       (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_eval_result_get_custom        (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
const char             *genkit_eval_result_get_error         (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
const char * const     *genkit_eval_result_get_trace_ids     (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_eval_result_get_metrics       (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject             *genkit_eval_result_get_metric        (GenkitEvalResult  *self,
                                                              const char        *name);
GENKIT_AVAILABLE_IN_ALL
double                  genkit_eval_result_get_latency_ms    (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject             *genkit_eval_result_get_usage         (GenkitEvalResult  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_eval_result_to_json           (GenkitEvalResult  *self);

G_END_DECLS
