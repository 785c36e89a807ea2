/* eval-test-util.h — what the evaluation tests share: a built-in runtime with a programmable
 * model and test evaluators, stores in the test's own directory, waiting for async calls
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit-eval.h>

G_BEGIN_DECLS

typedef struct
{
  char                    *dir;
  GenkitRegistry          *registry;
  GenkitRuntime           *runtime;
  GenkitProgrammableModel *model;
  GenkitTraceStore        *trace_store;
  GenkitEvalStore         *eval_store;
  GenkitDatasetStore      *dataset_store;
} EvalFixture;

void          eval_fixture_set_up       (EvalFixture        *fixture,
                                         gconstpointer       data);
void          eval_fixture_tear_down    (EvalFixture        *fixture,
                                         gconstpointer       data);

JsonNode     *eval_test_json            (const char         *text);
char         *eval_test_to_string       (JsonNode           *node);
GPtrArray    *eval_test_rows            (const char         *json);
void          eval_test_result_cb       (GObject            *object,
                                         GAsyncResult       *result,
                                         gpointer            user_data);
GAsyncResult *eval_test_wait            (GAsyncResult      **slot);
void          eval_test_define_evaluators (GenkitRegistry   *registry);
char         *eval_test_data_path       (const char         *name);
char         *eval_test_fixture_path    (const char         *name);
GenkitEvalRun *eval_test_run            (GenkitEvalRunner   *runner,
                                         GCancellable       *cancellable,
                                         GError            **error);
JsonNode     *eval_test_read_json_file  (const char         *path);

G_END_DECLS
