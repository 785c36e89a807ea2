/* genkit-eval-store.h — eval runs in SQLite, their results, and the Genkit CLI's .genkit/evals
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_EVAL_INSIDE) && !defined (GENKIT_EVAL_COMPILATION)
# error "Only <genkit-eval.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-eval-run.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_EVAL_STORE (genkit_eval_store_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitEvalStore, genkit_eval_store, GENKIT, EVAL_STORE, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitEvalStore *genkit_eval_store_new                   (const char           *path,
                                                          GError              **error);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_eval_store_get_path              (GenkitEvalStore      *self);
GENKIT_AVAILABLE_IN_ALL
GenkitEvalRun   *genkit_eval_store_lookup                (GenkitEvalStore      *self,
                                                          const char           *id);
GENKIT_AVAILABLE_IN_ALL
void             genkit_eval_store_load_results_async    (GenkitEvalStore      *self,
                                                          GenkitEvalRun        *run,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean         genkit_eval_store_load_results_finish   (GenkitEvalStore      *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
GENKIT_AVAILABLE_IN_ALL
void             genkit_eval_store_delete_async          (GenkitEvalStore      *self,
                                                          const char           *id,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean         genkit_eval_store_delete_finish         (GenkitEvalStore      *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
GENKIT_AVAILABLE_IN_ALL
void             genkit_eval_store_export_genkit_async   (GenkitEvalStore      *self,
                                                          const char * const   *ids,
                                                          const char           *evals_dir,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean         genkit_eval_store_export_genkit_finish  (GenkitEvalStore      *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);
GENKIT_AVAILABLE_IN_ALL
void             genkit_eval_store_import_genkit_async   (GenkitEvalStore      *self,
                                                          const char           *evals_dir,
                                                          const char * const   *ids,
                                                          GCancellable         *cancellable,
                                                          GAsyncReadyCallback   callback,
                                                          gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GPtrArray       *genkit_eval_store_import_genkit_finish  (GenkitEvalStore      *self,
                                                          GAsyncResult         *result,
                                                          GError              **error);

G_END_DECLS
