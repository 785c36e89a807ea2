/* genkit-evaluator.h — an evaluator action: scores a dataset of test cases
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-action.h"

G_BEGIN_DECLS

/**
 * GenkitEvaluatorFunc:
 * @run: the run of one test case, traced as the span `Test Case <id>`
 * @data_point: (transfer none): the test case, Genkit's `BaseDataPoint`: `input`, `output`,
 *   `context`, `reference`, `testCaseId` (always set by then), `traceIds`
 * @options: (transfer none) (nullable): the request's `options`, already checked against the
 *   evaluator's options schema
 * @user_data: the data given to [ctor@Genkit.Evaluator.new]
 *
 * Scores one test case. Completes @run with a `Score` object (`score`, `status` PASS / FAIL /
 * UNKNOWN, `details.reasoning`, optional `id`) or an array of them; completing it with an
 * error records that test case as failed without failing the others.
 */
typedef void (*GenkitEvaluatorFunc) (GenkitActionRun *run,
                                     JsonNode        *data_point,
                                     JsonNode        *options,
                                     gpointer         user_data);

#define GENKIT_TYPE_EVALUATOR (genkit_evaluator_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitEvaluator, genkit_evaluator, GENKIT, EVALUATOR, GenkitAction)

GENKIT_AVAILABLE_IN_ALL
GenkitEvaluator *genkit_evaluator_new                (const char          *name,
                                                      GenkitEvaluatorFunc  func,
                                                      gpointer             user_data,
                                                      GDestroyNotify       destroy);
GENKIT_AVAILABLE_IN_ALL
void             genkit_evaluator_set_display_name   (GenkitEvaluator     *self,
                                                      const char          *display_name);
GENKIT_AVAILABLE_IN_ALL
void             genkit_evaluator_set_definition     (GenkitEvaluator     *self,
                                                      const char          *definition);
GENKIT_AVAILABLE_IN_ALL
void             genkit_evaluator_set_is_billed      (GenkitEvaluator     *self,
                                                      gboolean             is_billed);
GENKIT_AVAILABLE_IN_ALL
gboolean         genkit_evaluator_set_options_schema (GenkitEvaluator     *self,
                                                      JsonNode            *schema,
                                                      GError             **error);

G_END_DECLS
