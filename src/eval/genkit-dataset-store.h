/* genkit-dataset-store.h — datasets in SQLite: versioned rows, import and export
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_EVAL_INSIDE) && !defined (GENKIT_EVAL_COMPILATION)
# error "Only <genkit-eval.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-dataset.h"
#include "genkit-dataset-row.h"

G_BEGIN_DECLS

/**
 * GenkitDatasetImportFlags:
 * @GENKIT_DATASET_IMPORT_NONE: importing a dataset whose id is taken fails
 * @GENKIT_DATASET_IMPORT_REPLACE: importing a dataset whose id is taken replaces its rows (a
 *   new version)
 *
 * How an import treats datasets that already exist.
 */
typedef enum /*< flags >*/
{
  GENKIT_DATASET_IMPORT_NONE = 0,
  GENKIT_DATASET_IMPORT_REPLACE = 1 << 0,
} GenkitDatasetImportFlags;

#define GENKIT_TYPE_DATASET_STORE (genkit_dataset_store_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitDatasetStore, genkit_dataset_store, GENKIT, DATASET_STORE, GObject)

GENKIT_AVAILABLE_IN_ALL
char               *genkit_dataset_store_get_default_path   (void);
GENKIT_AVAILABLE_IN_ALL
GenkitDatasetStore *genkit_dataset_store_new                (const char               *path,
                                                             GError                  **error);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_dataset_store_get_path           (GenkitDatasetStore       *self);
GENKIT_AVAILABLE_IN_ALL
GenkitDataset      *genkit_dataset_store_lookup             (GenkitDatasetStore       *self,
                                                             const char               *id);

GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_create_async       (GenkitDatasetStore       *self,
                                                             const char               *id,
                                                             GenkitDatasetType         dataset_type,
                                                             const char               *target_action,
                                                             GPtrArray                *rows,
                                                             GCancellable             *cancellable,
                                                             GAsyncReadyCallback       callback,
                                                             gpointer                  user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitDataset      *genkit_dataset_store_create_finish      (GenkitDatasetStore       *self,
                                                             GAsyncResult             *result,
                                                             GError                  **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_update_rows_async  (GenkitDatasetStore       *self,
                                                             const char               *id,
                                                             GPtrArray                *upserts,
                                                             const char * const       *deletes,
                                                             GCancellable             *cancellable,
                                                             GAsyncReadyCallback       callback,
                                                             gpointer                  user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitDataset      *genkit_dataset_store_update_rows_finish (GenkitDatasetStore       *self,
                                                             GAsyncResult             *result,
                                                             GError                  **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_replace_rows_async (GenkitDatasetStore       *self,
                                                             const char               *id,
                                                             GPtrArray                *rows,
                                                             GCancellable             *cancellable,
                                                             GAsyncReadyCallback       callback,
                                                             gpointer                  user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitDataset      *genkit_dataset_store_replace_rows_finish (GenkitDatasetStore      *self,
                                                              GAsyncResult            *result,
                                                              GError                 **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_update_metadata_async (GenkitDatasetStore    *self,
                                                                const char            *id,
                                                                const char            *target_action,
                                                                JsonNode              *schema,
                                                                const char * const    *metric_refs,
                                                                GCancellable          *cancellable,
                                                                GAsyncReadyCallback    callback,
                                                                gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitDataset      *genkit_dataset_store_update_metadata_finish (GenkitDatasetStore   *self,
                                                                 GAsyncResult         *result,
                                                                 GError              **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_delete_async       (GenkitDatasetStore       *self,
                                                             const char               *id,
                                                             GCancellable             *cancellable,
                                                             GAsyncReadyCallback       callback,
                                                             gpointer                  user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_dataset_store_delete_finish      (GenkitDatasetStore       *self,
                                                             GAsyncResult             *result,
                                                             GError                  **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_get_rows_async     (GenkitDatasetStore       *self,
                                                             const char               *id,
                                                             gint64                    version,
                                                             GCancellable             *cancellable,
                                                             GAsyncReadyCallback       callback,
                                                             gpointer                  user_data);
GENKIT_AVAILABLE_IN_ALL
GPtrArray          *genkit_dataset_store_get_rows_finish    (GenkitDatasetStore       *self,
                                                             GAsyncResult             *result,
                                                             GError                  **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_list_versions_async (GenkitDatasetStore      *self,
                                                              const char              *id,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode           *genkit_dataset_store_list_versions_finish (GenkitDatasetStore     *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_import_file_async  (GenkitDatasetStore       *self,
                                                             const char               *path,
                                                             const char               *id,
                                                             GenkitDatasetType         dataset_type,
                                                             const char               *target_action,
                                                             GenkitDatasetImportFlags  flags,
                                                             GCancellable             *cancellable,
                                                             GAsyncReadyCallback       callback,
                                                             gpointer                  user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitDataset      *genkit_dataset_store_import_file_finish (GenkitDatasetStore       *self,
                                                             GAsyncResult             *result,
                                                             GError                  **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_export_file_async  (GenkitDatasetStore       *self,
                                                             const char               *id,
                                                             gint64                    version,
                                                             const char               *path,
                                                             GenkitDatasetFormat       format,
                                                             GCancellable             *cancellable,
                                                             GAsyncReadyCallback       callback,
                                                             gpointer                  user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_dataset_store_export_file_finish (GenkitDatasetStore       *self,
                                                             GAsyncResult             *result,
                                                             GError                  **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_import_genkit_async (GenkitDatasetStore      *self,
                                                              const char              *datasets_dir,
                                                              const char * const      *ids,
                                                              GenkitDatasetImportFlags flags,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
GENKIT_AVAILABLE_IN_ALL
GPtrArray          *genkit_dataset_store_import_genkit_finish (GenkitDatasetStore     *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_dataset_store_export_genkit_async (GenkitDatasetStore      *self,
                                                              const char * const      *ids,
                                                              const char              *datasets_dir,
                                                              GCancellable            *cancellable,
                                                              GAsyncReadyCallback      callback,
                                                              gpointer                 user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_dataset_store_export_genkit_finish (GenkitDatasetStore     *self,
                                                               GAsyncResult           *result,
                                                               GError                **error);

G_END_DECLS
