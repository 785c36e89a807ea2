/* studio-datasets-pane.h — the studio's datasets: list, table editing, versions, import, export
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "studio-pane.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_DATASETS_PANE (studio_datasets_pane_get_type ())

G_DECLARE_FINAL_TYPE (StudioDatasetsPane, studio_datasets_pane, STUDIO, DATASETS_PANE, StudioPane)

gboolean    studio_datasets_pane_select         (StudioDatasetsPane *self,
                                                 const char         *id);
const char *studio_datasets_pane_get_dataset_id (StudioDatasetsPane *self);
GListModel *studio_datasets_pane_get_rows       (StudioDatasetsPane *self);
gboolean    studio_datasets_pane_get_busy       (StudioDatasetsPane *self);
guint       studio_datasets_pane_get_n_problems (StudioDatasetsPane *self);
gboolean    studio_datasets_pane_set_target     (StudioDatasetsPane *self,
                                                 const char         *key);

G_END_DECLS
