/* studio-eval-stores.h — the studio's dataset and eval-run stores, shared by its panes
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit-eval.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_EVAL_STORES (studio_eval_stores_get_type ())

G_DECLARE_FINAL_TYPE (StudioEvalStores, studio_eval_stores, STUDIO, EVAL_STORES, GObject)

StudioEvalStores   *studio_eval_stores_get_default  (GError          **error);
GenkitDatasetStore *studio_eval_stores_get_datasets (StudioEvalStores  *self);
GenkitEvalStore    *studio_eval_stores_get_evals    (StudioEvalStores  *self);

G_END_DECLS
