/* genkit-dataset.h — a dataset's metadata: id, target, schema, version, size, times
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
 * GenkitDatasetType:
 * @GENKIT_DATASET_TYPE_UNKNOWN: `UNKNOWN`: not tied to a kind of target
 * @GENKIT_DATASET_TYPE_FLOW: `FLOW`: inputs of a flow
 * @GENKIT_DATASET_TYPE_MODEL: `MODEL`: prompts (strings or `GenerateRequest`s) for a model
 * @GENKIT_DATASET_TYPE_EXECUTABLE_PROMPT: `EXECUTABLE_PROMPT`: inputs of a prompt
 *
 * Genkit's `datasetType`: what kind of action a dataset's inputs are for.
 */
typedef enum
{
  GENKIT_DATASET_TYPE_UNKNOWN,
  GENKIT_DATASET_TYPE_FLOW,
  GENKIT_DATASET_TYPE_MODEL,
  GENKIT_DATASET_TYPE_EXECUTABLE_PROMPT,
} GenkitDatasetType;

GENKIT_AVAILABLE_IN_ALL
const char        *genkit_dataset_type_to_string       (GenkitDatasetType  type);
GENKIT_AVAILABLE_IN_ALL
gboolean           genkit_dataset_type_from_string     (const char        *string,
                                                        GenkitDatasetType *type);

#define GENKIT_TYPE_DATASET (genkit_dataset_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitDataset, genkit_dataset, GENKIT, DATASET, GObject)

GENKIT_AVAILABLE_IN_ALL
gboolean           genkit_dataset_id_is_valid          (const char        *id);
GENKIT_AVAILABLE_IN_ALL
const char        *genkit_dataset_get_id               (GenkitDataset     *self);
GENKIT_AVAILABLE_IN_ALL
GenkitDatasetType  genkit_dataset_get_dataset_type     (GenkitDataset     *self);
GENKIT_AVAILABLE_IN_ALL
const char        *genkit_dataset_get_target_action    (GenkitDataset     *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode          *genkit_dataset_get_schema           (GenkitDataset     *self);
GENKIT_AVAILABLE_IN_ALL
const char * const *genkit_dataset_get_metric_refs     (GenkitDataset     *self);
GENKIT_AVAILABLE_IN_ALL
gint64             genkit_dataset_get_version          (GenkitDataset     *self);
GENKIT_AVAILABLE_IN_ALL
guint              genkit_dataset_get_size             (GenkitDataset     *self);
GENKIT_AVAILABLE_IN_ALL
gint64             genkit_dataset_get_create_time      (GenkitDataset     *self);
GENKIT_AVAILABLE_IN_ALL
gint64             genkit_dataset_get_update_time      (GenkitDataset     *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode          *genkit_dataset_to_metadata_json     (GenkitDataset     *self);

G_END_DECLS
