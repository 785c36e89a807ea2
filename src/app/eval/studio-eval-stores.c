/* studio-eval-stores.c — the studio's dataset and eval-run stores, shared by its panes
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "studio-eval-stores.h"

/**
 * StudioEvalStores:
 *
 * The [class@Genkit.DatasetStore] and [class@Genkit.EvalStore] of the studio, both in
 * `$XDG_DATA_HOME/genkit-studio/evals.db` (where `genkit-studio-cli dataset` and `eval`
 * work too). The datasets pane, the evaluations pane and the runners' "Add to Dataset" share
 * one instance, so a dataset made in one place is listed in the others at once; it lives as
 * long as someone holds it.
 */
struct _StudioEvalStores
{
  GObject             parent_instance;

  GenkitDatasetStore *datasets;
  GenkitEvalStore    *evals;
};

G_DEFINE_FINAL_TYPE (StudioEvalStores, studio_eval_stores, G_TYPE_OBJECT)

static StudioEvalStores *default_stores;

static void
studio_eval_stores_finalize (GObject *object)
{
  StudioEvalStores *self = STUDIO_EVAL_STORES (object);

  g_clear_object (&self->datasets);
  g_clear_object (&self->evals);

  G_OBJECT_CLASS (studio_eval_stores_parent_class)->finalize (object);
}

static void
studio_eval_stores_class_init (StudioEvalStoresClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = studio_eval_stores_finalize;
}

static void
studio_eval_stores_init (StudioEvalStores *self)
{
}

/**
 * studio_eval_stores_get_default:
 * @error: return location for an error: `GENKIT_ERROR_INTERNAL` when a database cannot be
 *   opened
 *
 * Opens the stores at their default path, or returns the instance already open.
 *
 * Returns: (transfer full) (nullable): the stores, or %NULL
 */
StudioEvalStores *
studio_eval_stores_get_default (GError **error)
{
  g_autoptr(GenkitDatasetStore) datasets = NULL;
  g_autoptr(GenkitEvalStore) evals = NULL;

  if (default_stores != NULL)
    return g_object_ref (default_stores);

  if (!(datasets = genkit_dataset_store_new (NULL, error)) || !(evals = genkit_eval_store_new (NULL, error)))
    return NULL;
  default_stores = g_object_new (STUDIO_TYPE_EVAL_STORES, NULL);
  default_stores->datasets = g_steal_pointer (&datasets);
  default_stores->evals = g_steal_pointer (&evals);
  g_object_add_weak_pointer (G_OBJECT (default_stores), (gpointer *) &default_stores);
  return default_stores;
}

/**
 * studio_eval_stores_get_datasets:
 * @self: a [class@Studio.EvalStores]
 *
 * Returns: (transfer none): the dataset store
 */
GenkitDatasetStore *
studio_eval_stores_get_datasets (StudioEvalStores *self)
{
  g_return_val_if_fail (STUDIO_IS_EVAL_STORES (self), NULL);
  return self->datasets;
}

/**
 * studio_eval_stores_get_evals:
 * @self: a [class@Studio.EvalStores]
 *
 * Returns: (transfer none): the eval-run store
 */
GenkitEvalStore *
studio_eval_stores_get_evals (StudioEvalStores *self)
{
  g_return_val_if_fail (STUDIO_IS_EVAL_STORES (self), NULL);
  return self->evals;
}
