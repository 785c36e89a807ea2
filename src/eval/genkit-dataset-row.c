/* genkit-dataset-row.c — one test case of a dataset: input, reference, context
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-eval-private.h"

/**
 * GenkitDatasetRow:
 *
 * One test case of a dataset: Genkit's `InferenceSample` (`testCaseId`, `input`,
 * `reference`) plus the `context` of an `EvaluationSample` — documents an evaluator such as
 * faithfulness judges the output against when the target retrieves none itself.
 *
 * A row without a test case id gets a random UUID, as Genkit gives one. `input` may be
 * absent (%NULL: the target runs without input), as may `reference` and `context`; a
 * `context` is always a JSON array.
 *
 * Rows are read from and written to files with [func@Genkit.dataset_rows_parse] and
 * [func@Genkit.dataset_rows_serialize] (JSON, JSONL, CSV), and kept, versioned, in a
 * [class@Genkit.DatasetStore].
 */
struct _GenkitDatasetRow
{
  GObject   parent_instance;

  char     *test_case_id;
  JsonNode *input;
  JsonNode *reference;
  JsonNode *context;
};

G_DEFINE_FINAL_TYPE (GenkitDatasetRow, genkit_dataset_row, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEST_CASE_ID,
  PROP_INPUT,
  PROP_REFERENCE,
  PROP_CONTEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
json_equal (JsonNode *a,
            JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

static void
genkit_dataset_row_finalize (GObject *object)
{
  GenkitDatasetRow *self = GENKIT_DATASET_ROW (object);

  g_free (self->test_case_id);
  g_clear_pointer (&self->input, json_node_unref);
  g_clear_pointer (&self->reference, json_node_unref);
  g_clear_pointer (&self->context, json_node_unref);

  G_OBJECT_CLASS (genkit_dataset_row_parent_class)->finalize (object);
}

static void
genkit_dataset_row_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GenkitDatasetRow *self = GENKIT_DATASET_ROW (object);

  switch (prop_id)
    {
    case PROP_TEST_CASE_ID:
      g_value_set_string (value, self->test_case_id);
      break;
    case PROP_INPUT:
      g_value_set_boxed (value, self->input);
      break;
    case PROP_REFERENCE:
      g_value_set_boxed (value, self->reference);
      break;
    case PROP_CONTEXT:
      g_value_set_boxed (value, self->context);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_dataset_row_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GenkitDatasetRow *self = GENKIT_DATASET_ROW (object);

  switch (prop_id)
    {
    case PROP_TEST_CASE_ID:
      genkit_dataset_row_set_test_case_id (self, g_value_get_string (value));
      break;
    case PROP_INPUT:
      genkit_dataset_row_set_input (self, g_value_get_boxed (value));
      break;
    case PROP_REFERENCE:
      genkit_dataset_row_set_reference (self, g_value_get_boxed (value));
      break;
    case PROP_CONTEXT:
      genkit_dataset_row_set_context (self, g_value_get_boxed (value), NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_dataset_row_class_init (GenkitDatasetRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_dataset_row_finalize;
  object_class->get_property = genkit_dataset_row_get_property;
  object_class->set_property = genkit_dataset_row_set_property;

  /**
   * GenkitDatasetRow:test-case-id:
   *
   * The test case's id, unique within its dataset (Genkit's `testCaseId`).
   */
  properties[PROP_TEST_CASE_ID] =
    g_param_spec_string ("test-case-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDatasetRow:input:
   *
   * The input the target runs with, or %NULL for none.
   */
  properties[PROP_INPUT] =
    g_param_spec_boxed ("input", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDatasetRow:reference:
   *
   * The expected output, or %NULL.
   */
  properties[PROP_REFERENCE] =
    g_param_spec_boxed ("reference", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDatasetRow:context:
   *
   * Context documents (a JSON array, usually of strings) for evaluators, or %NULL.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_dataset_row_init (GenkitDatasetRow *self)
{
}

/**
 * genkit_dataset_row_new:
 * @test_case_id: (nullable): the test case id; %NULL for a random UUID
 * @input: (nullable): the input, copied
 * @reference: (nullable): the reference output, copied
 * @context: (nullable): context documents: a JSON array, copied (anything else is ignored)
 *
 * Creates a row.
 *
 * Returns: (transfer full): the row
 */
GenkitDatasetRow *
genkit_dataset_row_new (const char *test_case_id,
                        JsonNode   *input,
                        JsonNode   *reference,
                        JsonNode   *context)
{
  GenkitDatasetRow *self = g_object_new (GENKIT_TYPE_DATASET_ROW, NULL);

  self->test_case_id = test_case_id ? g_strdup (test_case_id) : g_uuid_string_random ();
  self->input = _genkit_eval_json_copy (input);
  self->reference = _genkit_eval_json_copy (reference);
  if (_genkit_eval_json_is_array (context))
    self->context = json_node_copy (context);
  return self;
}

/**
 * genkit_dataset_row_new_from_json:
 * @node: a row: an object with `input` (any), and optional `testCaseId` (a string),
 *   `reference` (any) and `context` (an array); other members are ignored, as Genkit's schema
 *   parser drops them
 * @error: return location for an error
 *
 * Reads a row from JSON, as Genkit reads an `InferenceSample` or `EvaluationSample`.
 *
 * Returns: (transfer full) (nullable): the row, or %NULL with `GENKIT_ERROR_INVALID_ARGUMENT`
 *   naming the bad member
 */
GenkitDatasetRow *
genkit_dataset_row_new_from_json (JsonNode  *node,
                                  GError   **error)
{
  JsonObject *object;
  JsonNode *id;
  JsonNode *context;
  JsonNode *reference;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "a row must be a JSON object");
      return NULL;
    }
  object = json_node_get_object (node);

  id = json_object_get_member (object, "testCaseId");
  if (id != NULL && !(JSON_NODE_HOLDS_VALUE (id) && json_node_get_value_type (id) == G_TYPE_STRING))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "testCaseId must be a string");
      return NULL;
    }
  context = json_object_get_member (object, "context");
  if (context != NULL && !JSON_NODE_HOLDS_ARRAY (context) && !JSON_NODE_HOLDS_NULL (context))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "context must be an array");
      return NULL;
    }
  reference = json_object_get_member (object, "reference");

  return genkit_dataset_row_new (id ? json_node_get_string (id) : NULL,
                                 json_object_get_member (object, "input"),
                                 reference,
                                 context);
}

/**
 * genkit_dataset_row_new_from_trace:
 * @trace_data: a Genkit `TraceData`, as [method@Genkit.TraceStore.get_trace_async] gives it
 * @error: return location for an error
 *
 * Makes a test case from a run ("Add to dataset"): its input is the root span's
 * `genkit:input`, its reference the root span's `genkit:output` — what the run was given and
 * what it answered, the same values Genkit's eval extractors read.
 *
 * Returns: (transfer full) (nullable): a row with a new test case id, or %NULL with
 *   `GENKIT_ERROR_INVALID_ARGUMENT` when the trace has no root span
 */
GenkitDatasetRow *
genkit_dataset_row_new_from_trace (JsonNode  *trace_data,
                                   GError   **error)
{
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonNode) output = NULL;

  g_return_val_if_fail (trace_data != NULL, NULL);

  if (_genkit_eval_trace_root_span (trace_data) == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "the trace has no spans");
      return NULL;
    }
  input = _genkit_eval_trace_input (trace_data);
  output = _genkit_eval_trace_output (trace_data);
  return genkit_dataset_row_new (NULL, input, output, NULL);
}

/**
 * genkit_dataset_row_copy:
 * @self: a [class@Genkit.DatasetRow]
 *
 * Copies a row, test case id included.
 *
 * Returns: (transfer full): the copy
 */
GenkitDatasetRow *
genkit_dataset_row_copy (GenkitDatasetRow *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_ROW (self), NULL);

  return genkit_dataset_row_new (self->test_case_id, self->input, self->reference, self->context);
}

/**
 * genkit_dataset_row_equal:
 * @a: a [class@Genkit.DatasetRow]
 * @b: another
 *
 * Compares two rows member by member (JSON values by value).
 *
 * Returns: %TRUE if they hold the same test case
 */
gboolean
genkit_dataset_row_equal (GenkitDatasetRow *a,
                          GenkitDatasetRow *b)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_ROW (a), FALSE);
  g_return_val_if_fail (GENKIT_IS_DATASET_ROW (b), FALSE);

  return g_strcmp0 (a->test_case_id, b->test_case_id) == 0 &&
         json_equal (a->input, b->input) &&
         json_equal (a->reference, b->reference) &&
         json_equal (a->context, b->context);
}

/**
 * genkit_dataset_row_to_json:
 * @self: a [class@Genkit.DatasetRow]
 *
 * The row as Genkit writes a dataset entry: `testCaseId`, `input`, then `reference` and
 * `context` when they are set.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
genkit_dataset_row_to_json (GenkitDatasetRow *self)
{
  g_autoptr(JsonObject) object = json_object_new ();

  g_return_val_if_fail (GENKIT_IS_DATASET_ROW (self), NULL);

  json_object_set_string_member (object, "testCaseId", self->test_case_id);
  if (self->input != NULL)
    json_object_set_member (object, "input", json_node_copy (self->input));
  if (self->reference != NULL)
    json_object_set_member (object, "reference", json_node_copy (self->reference));
  if (self->context != NULL)
    json_object_set_member (object, "context", json_node_copy (self->context));
  return json_node_init_object (json_node_alloc (), object);
}

/**
 * genkit_dataset_row_get_test_case_id:
 * @self: a [class@Genkit.DatasetRow]
 *
 * Gets the test case id.
 *
 * Returns: the test case id
 */
const char *
genkit_dataset_row_get_test_case_id (GenkitDatasetRow *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_ROW (self), NULL);

  return self->test_case_id;
}

/**
 * genkit_dataset_row_set_test_case_id:
 * @self: a [class@Genkit.DatasetRow]
 * @test_case_id: the new id (not empty)
 *
 * Sets [property@Genkit.DatasetRow:test-case-id].
 */
void
genkit_dataset_row_set_test_case_id (GenkitDatasetRow *self,
                                     const char       *test_case_id)
{
  g_return_if_fail (GENKIT_IS_DATASET_ROW (self));
  g_return_if_fail (test_case_id != NULL && *test_case_id != '\0');

  if (g_strcmp0 (self->test_case_id, test_case_id) == 0)
    return;
  g_free (self->test_case_id);
  self->test_case_id = g_strdup (test_case_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEST_CASE_ID]);
}

/**
 * genkit_dataset_row_get_input:
 * @self: a [class@Genkit.DatasetRow]
 *
 * Gets the input.
 *
 * Returns: (transfer none) (nullable): the input
 */
JsonNode *
genkit_dataset_row_get_input (GenkitDatasetRow *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_ROW (self), NULL);

  return self->input;
}

/**
 * genkit_dataset_row_set_input:
 * @self: a [class@Genkit.DatasetRow]
 * @input: (nullable): the input, copied
 *
 * Sets [property@Genkit.DatasetRow:input].
 */
void
genkit_dataset_row_set_input (GenkitDatasetRow *self,
                              JsonNode         *input)
{
  g_return_if_fail (GENKIT_IS_DATASET_ROW (self));

  if (json_equal (self->input, input))
    return;
  g_clear_pointer (&self->input, json_node_unref);
  self->input = _genkit_eval_json_copy (input);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INPUT]);
}

/**
 * genkit_dataset_row_get_reference:
 * @self: a [class@Genkit.DatasetRow]
 *
 * Gets the reference output.
 *
 * Returns: (transfer none) (nullable): the reference output
 */
JsonNode *
genkit_dataset_row_get_reference (GenkitDatasetRow *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_ROW (self), NULL);

  return self->reference;
}

/**
 * genkit_dataset_row_set_reference:
 * @self: a [class@Genkit.DatasetRow]
 * @reference: (nullable): the reference, copied
 *
 * Sets [property@Genkit.DatasetRow:reference].
 */
void
genkit_dataset_row_set_reference (GenkitDatasetRow *self,
                                  JsonNode         *reference)
{
  g_return_if_fail (GENKIT_IS_DATASET_ROW (self));

  if (json_equal (self->reference, reference))
    return;
  g_clear_pointer (&self->reference, json_node_unref);
  self->reference = _genkit_eval_json_copy (reference);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFERENCE]);
}

/**
 * genkit_dataset_row_get_context:
 * @self: a [class@Genkit.DatasetRow]
 *
 * Gets the context documents, a JSON array.
 *
 * Returns: (transfer none) (nullable): the context documents, a JSON array
 */
JsonNode *
genkit_dataset_row_get_context (GenkitDatasetRow *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_ROW (self), NULL);

  return self->context;
}

/**
 * genkit_dataset_row_set_context:
 * @self: a [class@Genkit.DatasetRow]
 * @context: (nullable): a JSON array, copied; %NULL or JSON `null` clears it
 * @error: return location for an error
 *
 * Sets [property@Genkit.DatasetRow:context].
 *
 * Returns: %TRUE on success; %FALSE with `GENKIT_ERROR_INVALID_ARGUMENT` if @context is not
 *   an array
 */
gboolean
genkit_dataset_row_set_context (GenkitDatasetRow  *self,
                                JsonNode          *context,
                                GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_ROW (self), FALSE);

  if (context != NULL && JSON_NODE_HOLDS_NULL (context))
    context = NULL;
  if (context != NULL && !JSON_NODE_HOLDS_ARRAY (context))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "context must be an array");
      return FALSE;
    }
  if (json_equal (self->context, context))
    return TRUE;
  g_clear_pointer (&self->context, json_node_unref);
  self->context = _genkit_eval_json_copy (context);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT]);
  return TRUE;
}

/* Files ------------------------------------------------------------------------------- */

/**
 * genkit_dataset_format_from_path:
 * @path: a file name
 * @format: (out): the format its extension names
 *
 * Picks the format of a file by its extension: `.json`, `.jsonl`, `.csv` (any case).
 *
 * Returns: %TRUE if the extension is one of those
 */
gboolean
genkit_dataset_format_from_path (const char          *path,
                                 GenkitDatasetFormat *format)
{
  g_autofree char *lower = NULL;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  lower = g_ascii_strdown (path, -1);
  if (g_str_has_suffix (lower, ".jsonl"))
    *format = GENKIT_DATASET_FORMAT_JSONL;
  else if (g_str_has_suffix (lower, ".json"))
    *format = GENKIT_DATASET_FORMAT_JSON;
  else if (g_str_has_suffix (lower, ".csv"))
    *format = GENKIT_DATASET_FORMAT_CSV;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_json_rows (JsonNode   *root,
                 GPtrArray  *rows,
                 GError    **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "a dataset must be a JSON array of rows");
      return FALSE;
    }
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(GError) local_error = NULL;
      GenkitDatasetRow *row = genkit_dataset_row_new_from_json (json_array_get_element (array, i),
                                                                &local_error);

      if (row == NULL)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "row %u: %s",
                       i + 1, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

static gboolean
parse_jsonl_rows (const char  *data,
                  gsize        length,
                  GPtrArray   *rows,
                  GError     **error)
{
  const char *end = data + length;
  const char *line = data;
  guint number = 0;

  while (line < end)
    {
      const char *newline = memchr (line, '\n', end - line);
      const char *stop = newline ? newline : end;
      g_autofree char *text = g_strndup (line, stop - line);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) local_error = NULL;
      GenkitDatasetRow *row;

      number++;
      line = newline ? newline + 1 : end;
      g_strstrip (text);
      if (*text == '\0')
        continue;

      if (!(node = genkit_json_parse (text, -1, &local_error)) ||
          !(row = genkit_dataset_row_new_from_json (node, &local_error)))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "line %u: %s",
                       number, local_error->message);
          return FALSE;
        }
      g_ptr_array_add (rows, row);
    }
  return TRUE;
}

/* A CSV cell: empty is "absent"; JSON text is that value; anything else is a string. */
static JsonNode *
csv_cell_value (const char *cell)
{
  JsonNode *node;

  if (*cell == '\0')
    return NULL;
  if ((node = genkit_json_parse (cell, -1, NULL)) != NULL)
    return node;
  return _genkit_eval_json_string (cell);
}

/* The inverse of csv_cell_value(): a string is written as it is unless it would read back as
 * something else (empty, or valid JSON such as `42` or `"x"`), then as JSON. */
static char *
csv_cell_text (JsonNode *value)
{
  g_autoptr(JsonNode) reparsed = NULL;
  const char *text;

  if (value == NULL)
    return NULL;
  if (!(JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING))
    return json_to_string (value, FALSE);

  text = json_node_get_string (value);
  if (*text != '\0' && !(reparsed = genkit_json_parse (text, -1, NULL)))
    return g_strdup (text);
  return json_to_string (value, FALSE);
}

static const char * const csv_columns[] = { "testCaseId", "input", "reference", "context" };

static gboolean
parse_csv_rows (const char  *data,
                gsize        length,
                GPtrArray   *rows,
                GError     **error)
{
  g_autoptr(GPtrArray) records = _genkit_eval_csv_parse (data, length, error);
  int columns[G_N_ELEMENTS (csv_columns)] = { -1, -1, -1, -1 };
  GStrv header;

  if (records == NULL)
    return FALSE;
  if (records->len == 0)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "CSV: no header row (columns testCaseId, input, reference, context)");
      return FALSE;
    }

  header = g_ptr_array_index (records, 0);
  for (guint i = 0; header[i] != NULL; i++)
    {
      g_autofree char *name = g_strstrip (g_strdup (header[i]));

      for (guint c = 0; c < G_N_ELEMENTS (csv_columns); c++)
        if (g_str_equal (name, csv_columns[c]))
          {
            if (columns[c] >= 0)
              {
                g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                             "CSV: the column %s appears twice", name);
                return FALSE;
              }
            columns[c] = (int) i;
          }
    }
  if (columns[1] < 0)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "CSV: the header has no input column");
      return FALSE;
    }

  for (guint r = 1; r < records->len; r++)
    {
      GStrv record = g_ptr_array_index (records, r);
      guint n = g_strv_length (record);
      const char *cells[G_N_ELEMENTS (csv_columns)] = { NULL };
      g_autoptr(JsonNode) input = NULL;
      g_autoptr(JsonNode) reference = NULL;
      g_autoptr(JsonNode) context = NULL;

      for (guint c = 0; c < G_N_ELEMENTS (csv_columns); c++)
        cells[c] = columns[c] >= 0 && (guint) columns[c] < n ? record[columns[c]] : "";

      input = csv_cell_value (cells[1]);
      reference = csv_cell_value (cells[2]);
      context = csv_cell_value (cells[3]);
      if (context != NULL && !JSON_NODE_HOLDS_ARRAY (context))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "CSV record %u: context must be a JSON array", r);
          return FALSE;
        }
      g_ptr_array_add (rows, genkit_dataset_row_new (*cells[0] ? cells[0] : NULL,
                                                     input, reference, context));
    }
  return TRUE;
}

/**
 * genkit_dataset_rows_parse:
 * @data: the file's contents
 * @length: the length of @data in bytes, or -1 if it is nul-terminated
 * @format: how @data is written
 * @error: return location for an error
 *
 * Reads rows:
 *
 * - JSON: an array of row objects, Genkit's dataset file and `eval:flow --input x.json`;
 * - JSONL: one row object per line (empty lines are skipped);
 * - CSV: a header row naming some of `testCaseId`, `input` (required), `reference`,
 *   `context`, other columns ignored; each cell is JSON when it parses as JSON, else a string
 *   (`Ada`, `{"name": "Ada"}`, `"42"` for the string 42); an empty cell is "not set".
 *
 * Rows without a test case id get a random UUID.
 *
 * Returns: (transfer full) (element-type GenkitDatasetRow): the rows, or %NULL with
 *   `GENKIT_ERROR_INVALID_ARGUMENT` saying where the problem is
 */
GPtrArray *
genkit_dataset_rows_parse (const char           *data,
                           gssize                length,
                           GenkitDatasetFormat   format,
                           GError              **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonNode) root = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (data != NULL, NULL);

  if (length < 0)
    length = strlen (data);

  switch (format)
    {
    case GENKIT_DATASET_FORMAT_JSON:
      if ((root = genkit_json_parse (data, length, error)) != NULL)
        ok = parse_json_rows (root, rows, error);
      break;
    case GENKIT_DATASET_FORMAT_JSONL:
      ok = parse_jsonl_rows (data, length, rows, error);
      break;
    case GENKIT_DATASET_FORMAT_CSV:
      ok = parse_csv_rows (data, length, rows, error);
      break;
    default:
      g_return_val_if_reached (NULL);
    }

  return ok ? g_steal_pointer (&rows) : NULL;
}

/**
 * genkit_dataset_rows_serialize:
 * @rows: (element-type GenkitDatasetRow): the rows
 * @format: the format to write
 *
 * Writes rows in a format [func@Genkit.dataset_rows_parse] reads back to equal rows: JSON as
 * an array indented by two spaces, JSONL one compact row per line, CSV with the header
 * `testCaseId,input,reference,context` and line feeds between records.
 *
 * Returns: (transfer full): the text
 */
char *
genkit_dataset_rows_serialize (GPtrArray           *rows,
                               GenkitDatasetFormat  format)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (rows != NULL, NULL);

  switch (format)
    {
    case GENKIT_DATASET_FORMAT_JSON:
      {
        g_autoptr(JsonArray) array = json_array_new ();
        g_autoptr(JsonNode) node = NULL;
        g_autoptr(JsonGenerator) generator = json_generator_new ();
        g_autofree char *text = NULL;

        for (guint i = 0; i < rows->len; i++)
          json_array_add_element (array, genkit_dataset_row_to_json (g_ptr_array_index (rows, i)));
        node = json_node_init_array (json_node_alloc (), array);
        json_generator_set_root (generator, node);
        json_generator_set_pretty (generator, TRUE);
        json_generator_set_indent (generator, 2);
        text = json_generator_to_data (generator, NULL);
        g_string_append (out, text);
        g_string_append_c (out, '\n');
      }
      break;

    case GENKIT_DATASET_FORMAT_JSONL:
      for (guint i = 0; i < rows->len; i++)
        {
          g_autoptr(JsonNode) node = genkit_dataset_row_to_json (g_ptr_array_index (rows, i));
          g_autofree char *text = json_to_string (node, FALSE);

          g_string_append (out, text);
          g_string_append_c (out, '\n');
        }
      break;

    case GENKIT_DATASET_FORMAT_CSV:
      _genkit_eval_csv_append_row (out, csv_columns, G_N_ELEMENTS (csv_columns));
      for (guint i = 0; i < rows->len; i++)
        {
          GenkitDatasetRow *row = g_ptr_array_index (rows, i);
          g_autofree char *input = csv_cell_text (row->input);
          g_autofree char *reference = csv_cell_text (row->reference);
          g_autofree char *context = csv_cell_text (row->context);
          const char *cells[] = { row->test_case_id, input, reference, context };

          _genkit_eval_csv_append_row (out, cells, G_N_ELEMENTS (cells));
        }
      break;

    default:
      g_string_free (out, TRUE);
      g_return_val_if_reached (NULL);
    }

  return g_string_free (out, FALSE);
}

/**
 * genkit_dataset_rows_read_file:
 * @path: a `.json`, `.jsonl` or `.csv` file
 * @error: return location for an error
 *
 * Reads the rows of a file, in the format its extension names.
 *
 * Returns: (transfer full) (element-type GenkitDatasetRow): the rows, or %NULL with a
 *   #GFileError or `GENKIT_ERROR_INVALID_ARGUMENT` (prefixed with the file name)
 */
GPtrArray *
genkit_dataset_rows_read_file (const char  *path,
                               GError     **error)
{
  g_autofree char *contents = NULL;
  GenkitDatasetFormat format;
  gsize length = 0;
  GPtrArray *rows;

  g_return_val_if_fail (path != NULL, NULL);

  if (!genkit_dataset_format_from_path (path, &format))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "%s: not a dataset file (.json, .jsonl or .csv)", path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!(rows = genkit_dataset_rows_parse (contents, length, format, error)))
    g_prefix_error (error, "%s: ", path);
  return rows;
}

/**
 * genkit_dataset_rows_write_file:
 * @rows: (element-type GenkitDatasetRow): the rows
 * @path: the file to write (replaced atomically)
 * @format: the format
 * @error: return location for an error
 *
 * Writes rows with [func@Genkit.dataset_rows_serialize].
 *
 * Returns: %TRUE on success
 */
gboolean
genkit_dataset_rows_write_file (GPtrArray            *rows,
                                const char           *path,
                                GenkitDatasetFormat   format,
                                GError              **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (rows != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  text = genkit_dataset_rows_serialize (rows, format);
  return _genkit_eval_write_file (path, text, -1, error);
}

/**
 * genkit_dataset_rows_validate:
 * @rows: (element-type GenkitDatasetRow): the rows
 * @input_schema: (nullable): the target's input JSON Schema; %NULL accepts any input
 * @error: return location for an error: `GENKIT_ERROR_INVALID_ARGUMENT` when the schema
 *   itself is not usable
 *
 * Checks each row's input against a target action's input schema (as the Dev UI does before
 * it runs a dataset). A row without input is checked as JSON `null`.
 *
 * Returns: (transfer full) (nullable): a JSON array with one object per invalid row —
 *   `{"index", "testCaseId", "errors": [{"path", "keyword", "message"}]}` — empty when every
 *   row is valid; %NULL with @error set
 */
JsonNode *
genkit_dataset_rows_validate (GPtrArray  *rows,
                              JsonNode   *input_schema,
                              GError    **error)
{
  g_autoptr(GenkitJsonSchema) schema = NULL;
  g_autoptr(JsonArray) problems = json_array_new ();

  g_return_val_if_fail (rows != NULL, NULL);

  if (input_schema != NULL && !(schema = genkit_json_schema_new (input_schema, error)))
    return NULL;

  for (guint i = 0; schema != NULL && i < rows->len; i++)
    {
      GenkitDatasetRow *row = g_ptr_array_index (rows, i);
      g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);
      g_autoptr(GPtrArray) violations = NULL;
      JsonObject *problem;
      JsonArray *errors;

      if (genkit_json_schema_validate (schema, row->input ? row->input : null_node, &violations, NULL))
        continue;

      problem = json_object_new ();
      errors = json_array_new ();
      json_object_set_int_member (problem, "index", i);
      json_object_set_string_member (problem, "testCaseId", row->test_case_id);
      for (guint v = 0; violations != NULL && v < violations->len; v++)
        {
          GenkitSchemaViolation *violation = g_ptr_array_index (violations, v);
          JsonObject *entry = json_object_new ();

          json_object_set_string_member (entry, "path", genkit_schema_violation_get_path (violation));
          json_object_set_string_member (entry, "keyword", genkit_schema_violation_get_keyword (violation));
          json_object_set_string_member (entry, "message", genkit_schema_violation_get_message (violation));
          json_array_add_object_element (errors, entry);
        }
      json_object_set_array_member (problem, "errors", errors);
      json_array_add_object_element (problems, problem);
    }

  return json_node_init_array (json_node_alloc (), problems);
}

typedef struct
{
  GPtrArray *rows;
  char      *key;
} ValidateData;

static void
validate_data_free (ValidateData *data)
{
  g_ptr_array_unref (data->rows);
  g_free (data->key);
  g_free (data);
}

/* A model target takes a string (made into a user message) or a GenerateRequest. */
static JsonNode *
validate_model_inputs (GPtrArray  *rows)
{
  g_autoptr(JsonArray) problems = json_array_new ();

  for (guint i = 0; i < rows->len; i++)
    {
      GenkitDatasetRow *row = g_ptr_array_index (rows, i);
      g_autoptr(GenkitGenerateRequest) request = NULL;
      g_autoptr(GError) error = NULL;
      JsonObject *problem, *entry;
      JsonArray *errors;

      if (row->input != NULL && JSON_NODE_HOLDS_VALUE (row->input) &&
          json_node_get_value_type (row->input) == G_TYPE_STRING)
        continue;
      if (row->input != NULL && (request = genkit_generate_request_new_from_json (row->input, &error)) != NULL)
        continue;

      problem = json_object_new ();
      errors = json_array_new ();
      entry = json_object_new ();
      json_object_set_string_member (entry, "path", "(root)");
      json_object_set_string_member (entry, "keyword", "type");
      json_object_set_string_member (entry, "message", error ? error->message
                                                             : "must be a string or a GenerateRequest");
      json_array_add_object_element (errors, entry);
      json_object_set_int_member (problem, "index", i);
      json_object_set_string_member (problem, "testCaseId", row->test_case_id);
      json_object_set_array_member (problem, "errors", errors);
      json_array_add_object_element (problems, problem);
    }
  return json_node_init_array (json_node_alloc (), problems);
}

static void
validate_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ValidateData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) actions = NULL;
  GError *error = NULL;
  JsonNode *action, *schema;
  JsonNode *problems;

  if (!(actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (actions) ||
      !(action = json_object_get_member (json_node_get_object (actions), data->key)) ||
      !JSON_NODE_HOLDS_OBJECT (action))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "Cannot find action %s.", data->key);
      return;
    }

  if (g_str_has_prefix (data->key, "/model/"))
    problems = validate_model_inputs (data->rows);
  else
    {
      schema = json_object_get_member (json_node_get_object (action), "inputSchema");
      if (schema != NULL && JSON_NODE_HOLDS_NULL (schema))
        schema = NULL;
      if (!(problems = genkit_dataset_rows_validate (data->rows, schema, &error)))
        {
          g_task_return_error (task, error);
          return;
        }
    }
  g_task_return_pointer (task, problems, (GDestroyNotify) json_node_unref);
}

/**
 * genkit_dataset_rows_validate_for_action_async:
 * @rows: (element-type GenkitDatasetRow): the rows
 * @runtime: the runtime the target is on
 * @key: the target's key (`/flow/greet`)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the problems
 * @user_data: data for @callback
 *
 * Checks rows against a target of any runtime, as it lists its input schema: for a flow or a
 * prompt, [func@Genkit.dataset_rows_validate] with the action's `inputSchema`; for a model,
 * each input must be a string or a `GenerateRequest` (what an eval run can send it).
 */
void
genkit_dataset_rows_validate_for_action_async (GPtrArray           *rows,
                                               GenkitRuntime       *runtime,
                                               const char          *key,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  GTask *task;
  ValidateData *data;

  g_return_if_fail (rows != NULL);
  g_return_if_fail (GENKIT_IS_RUNTIME (runtime));
  g_return_if_fail (key != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_dataset_rows_validate_for_action_async);
  data = g_new0 (ValidateData, 1);
  data->rows = g_ptr_array_ref (rows);
  data->key = g_strdup (key);
  g_task_set_task_data (task, data, (GDestroyNotify) validate_data_free);
  genkit_runtime_list_actions_async (runtime, cancellable, validate_listed_cb, task);
}

/**
 * genkit_dataset_rows_validate_for_action_finish:
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` (no such action), the runtime's error
 *
 * Finishes [func@Genkit.dataset_rows_validate_for_action_async].
 *
 * Returns: (transfer full) (nullable): the problems, as [func@Genkit.dataset_rows_validate]
 *   gives them (an empty array when every row is valid), or %NULL with @error set
 */
JsonNode *
genkit_dataset_rows_validate_for_action_finish (GAsyncResult  *result,
                                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
