/* genkit-dataset-row.h — one test case of a dataset: input, reference, context
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
 * GenkitDatasetFormat:
 * @GENKIT_DATASET_FORMAT_JSON: a JSON array of rows (`[{"testCaseId", "input", "reference",
 *   "context"}]`), Genkit's dataset and inference file shape
 * @GENKIT_DATASET_FORMAT_JSONL: one JSON row per line, as `genkit eval:flow --input x.jsonl`
 *   reads
 * @GENKIT_DATASET_FORMAT_CSV: comma-separated values with a header row naming the columns
 *   `testCaseId`, `input`, `reference`, `context`
 *
 * The file formats of datasets.
 */
typedef enum
{
  GENKIT_DATASET_FORMAT_JSON,
  GENKIT_DATASET_FORMAT_JSONL,
  GENKIT_DATASET_FORMAT_CSV,
} GenkitDatasetFormat;

#define GENKIT_TYPE_DATASET_ROW (genkit_dataset_row_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitDatasetRow, genkit_dataset_row, GENKIT, DATASET_ROW, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitDatasetRow *genkit_dataset_row_new               (const char           *test_case_id,
                                                        JsonNode             *input,
                                                        JsonNode             *reference,
                                                        JsonNode             *context);
GENKIT_AVAILABLE_IN_ALL
GenkitDatasetRow *genkit_dataset_row_new_from_json     (JsonNode             *node,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
GenkitDatasetRow *genkit_dataset_row_new_from_trace    (JsonNode             *trace_data,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
GenkitDatasetRow *genkit_dataset_row_copy              (GenkitDatasetRow     *self);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_dataset_row_equal             (GenkitDatasetRow     *a,
                                                        GenkitDatasetRow     *b);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_dataset_row_to_json           (GenkitDatasetRow     *self);
GENKIT_AVAILABLE_IN_ALL
const char       *genkit_dataset_row_get_test_case_id  (GenkitDatasetRow     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dataset_row_set_test_case_id  (GenkitDatasetRow     *self,
                                                        const char           *test_case_id);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_dataset_row_get_input         (GenkitDatasetRow     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dataset_row_set_input         (GenkitDatasetRow     *self,
                                                        JsonNode             *input);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_dataset_row_get_reference     (GenkitDatasetRow     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dataset_row_set_reference     (GenkitDatasetRow     *self,
                                                        JsonNode             *reference);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_dataset_row_get_context       (GenkitDatasetRow     *self);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_dataset_row_set_context       (GenkitDatasetRow     *self,
                                                        JsonNode             *context,
                                                        GError              **error);

GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_dataset_format_from_path      (const char           *path,
                                                        GenkitDatasetFormat  *format);
GENKIT_AVAILABLE_IN_ALL
GPtrArray        *genkit_dataset_rows_parse            (const char           *data,
                                                        gssize                length,
                                                        GenkitDatasetFormat   format,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
char             *genkit_dataset_rows_serialize        (GPtrArray            *rows,
                                                        GenkitDatasetFormat   format);
GENKIT_AVAILABLE_IN_ALL
GPtrArray        *genkit_dataset_rows_read_file        (const char           *path,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_dataset_rows_write_file       (GPtrArray            *rows,
                                                        const char           *path,
                                                        GenkitDatasetFormat   format,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_dataset_rows_validate         (GPtrArray            *rows,
                                                        JsonNode             *input_schema,
                                                        GError              **error);

GENKIT_AVAILABLE_IN_ALL
void              genkit_dataset_rows_validate_for_action_async  (GPtrArray           *rows,
                                                                  GenkitRuntime       *runtime,
                                                                  const char          *key,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_dataset_rows_validate_for_action_finish (GAsyncResult        *result,
                                                                  GError             **error);

G_END_DECLS
