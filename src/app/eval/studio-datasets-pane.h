/* studio-datasets-pane.h — the studio's datasets: list, table editing, versions, import, export
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "studio-pane.h"

G_BEGIN_DECLS

/**
 * StudioDatasetsTransfer:
 * @STUDIO_DATASETS_IMPORT_FILE: a `.json`, `.jsonl` or `.csv` file becomes a new dataset
 * @STUDIO_DATASETS_REPLACE_FROM_FILE: a file's rows become the next version of the dataset
 *   shown
 * @STUDIO_DATASETS_EXPORT_FILE: the version shown is written to a file (the format from its
 *   extension)
 * @STUDIO_DATASETS_IMPORT_GENKIT: the datasets of a Genkit project (`.genkit/datasets`) are
 *   imported
 * @STUDIO_DATASETS_EXPORT_GENKIT: the dataset shown is written into a Genkit project
 *
 * The imports and exports of the datasets pane.
 */
typedef enum
{
  STUDIO_DATASETS_IMPORT_FILE,
  STUDIO_DATASETS_REPLACE_FROM_FILE,
  STUDIO_DATASETS_EXPORT_FILE,
  STUDIO_DATASETS_IMPORT_GENKIT,
  STUDIO_DATASETS_EXPORT_GENKIT,
} StudioDatasetsTransfer;

#define STUDIO_TYPE_DATASETS_PANE (studio_datasets_pane_get_type ())

G_DECLARE_FINAL_TYPE (StudioDatasetsPane, studio_datasets_pane, STUDIO, DATASETS_PANE, StudioPane)

gboolean    studio_datasets_pane_select         (StudioDatasetsPane *self,
                                                 const char         *id);
const char *studio_datasets_pane_get_dataset_id (StudioDatasetsPane *self);
GListModel *studio_datasets_pane_get_rows       (StudioDatasetsPane *self);
gboolean    studio_datasets_pane_get_busy       (StudioDatasetsPane *self);
guint       studio_datasets_pane_get_n_problems (StudioDatasetsPane *self);
void        studio_datasets_pane_transfer   (StudioDatasetsPane     *self,
                                             StudioDatasetsTransfer  transfer,
                                             const char             *path);
gboolean    studio_datasets_pane_set_target     (StudioDatasetsPane *self,
                                                 const char         *key);

G_END_DECLS
