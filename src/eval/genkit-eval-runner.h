/* genkit-eval-runner.h — runs a target on every test case of a dataset and scores the outputs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_EVAL_INSIDE) && !defined (GENKIT_EVAL_COMPILATION)
# error "Only <genkit-eval.h> can be included directly."
#endif

#include <genkit.h>
#include <genkit-telemetry.h>

#include "genkit-eval-run.h"
#include "genkit-eval-store.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_EVAL_RUNNER (genkit_eval_runner_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitEvalRunner, genkit_eval_runner, GENKIT, EVAL_RUNNER, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitEvalRunner *genkit_eval_runner_new                     (GenkitRuntime        *runtime,
                                                              GenkitEvalStore      *store);
GENKIT_AVAILABLE_IN_ALL
GenkitRuntime    *genkit_eval_runner_get_runtime             (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
GenkitEvalStore  *genkit_eval_runner_get_store               (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRuntime    *genkit_eval_runner_get_evaluator_runtime   (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_evaluator_runtime   (GenkitEvalRunner     *self,
                                                              GenkitRuntime        *runtime);
GENKIT_AVAILABLE_IN_ALL
GenkitTraceStore *genkit_eval_runner_get_trace_store         (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_trace_store         (GenkitEvalRunner     *self,
                                                              GenkitTraceStore     *trace_store);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_eval_runner_get_attach_span_processor (GenkitEvalRunner   *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_attach_span_processor (GenkitEvalRunner   *self,
                                                                gboolean            attach);
GENKIT_AVAILABLE_IN_ALL
const char       *genkit_eval_runner_get_target              (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_target              (GenkitEvalRunner     *self,
                                                              const char           *target);
GENKIT_AVAILABLE_IN_ALL
const char * const *genkit_eval_runner_get_evaluators        (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_evaluators          (GenkitEvalRunner     *self,
                                                              const char * const   *evaluators);
GENKIT_AVAILABLE_IN_ALL
JsonObject       *genkit_eval_runner_get_context             (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_context             (GenkitEvalRunner     *self,
                                                              JsonObject           *context);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_eval_runner_get_action_config       (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_action_config       (GenkitEvalRunner     *self,
                                                              JsonNode             *action_config);
GENKIT_AVAILABLE_IN_ALL
JsonObject       *genkit_eval_runner_get_evaluator_options   (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_evaluator_options   (GenkitEvalRunner     *self,
                                                              JsonObject           *options);
GENKIT_AVAILABLE_IN_ALL
guint             genkit_eval_runner_get_concurrency         (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_concurrency         (GenkitEvalRunner     *self,
                                                              guint                 concurrency);
GENKIT_AVAILABLE_IN_ALL
guint             genkit_eval_runner_get_batch_size          (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_batch_size          (GenkitEvalRunner     *self,
                                                              guint                 batch_size);
GENKIT_AVAILABLE_IN_ALL
guint             genkit_eval_runner_get_evaluation_chunk_size (GenkitEvalRunner   *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_evaluation_chunk_size (GenkitEvalRunner   *self,
                                                                guint               chunk_size);
GENKIT_AVAILABLE_IN_ALL
guint             genkit_eval_runner_get_trace_timeout       (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_trace_timeout       (GenkitEvalRunner     *self,
                                                              guint                 timeout_ms);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_set_rows                (GenkitEvalRunner     *self,
                                                              GPtrArray            *rows,
                                                              const char           *dataset_id,
                                                              gint64                dataset_version);
GENKIT_AVAILABLE_IN_ALL
GenkitEvalRun    *genkit_eval_runner_get_run                 (GenkitEvalRunner     *self);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_eval_runner_get_running             (GenkitEvalRunner     *self);

GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_run_async               (GenkitEvalRunner     *self,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitEvalRun    *genkit_eval_runner_run_finish              (GenkitEvalRunner     *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);
GENKIT_AVAILABLE_IN_ALL
void              genkit_eval_runner_resume_async            (GenkitEvalRunner     *self,
                                                              const char           *eval_run_id,
                                                              GCancellable         *cancellable,
                                                              GAsyncReadyCallback   callback,
                                                              gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitEvalRun    *genkit_eval_runner_resume_finish           (GenkitEvalRunner     *self,
                                                              GAsyncResult         *result,
                                                              GError              **error);

G_END_DECLS
