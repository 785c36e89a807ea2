/* genkit-dataset-store.c — datasets in SQLite: versioned rows, import and export
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-eval-private.h"

/**
 * GenkitDatasetStore:
 *
 * The studio's datasets, in an SQLite database (by default
 * `$XDG_DATA_HOME/genkit-studio/evals.db`, shared with the [class@Genkit.EvalStore]).
 *
 * Every change makes a new version of the dataset — created at version 1, then one more for
 * each [method@Genkit.DatasetStore.update_rows_async],
 * [method@Genkit.DatasetStore.replace_rows_async] or
 * [method@Genkit.DatasetStore.update_metadata_async] that changes something — and every
 * version can be read back with [method@Genkit.DatasetStore.get_rows_async]. Rows are
 * stored copy-on-write, so a change writes only the rows it touches.
 *
 * Files: JSON, JSONL and CSV ([method@Genkit.DatasetStore.import_file_async],
 * [method@Genkit.DatasetStore.export_file_async]), and the Genkit CLI's own dataset store,
 * a `.genkit/datasets` folder with `index.json` and one `<datasetId>.json` per dataset
 * ([method@Genkit.DatasetStore.import_genkit_async],
 * [method@Genkit.DatasetStore.export_genkit_async]) — the datasets `genkit eval:flow
 * --input <datasetId>` and the browser Dev UI use.
 *
 * The store is a #GListModel of [class@Genkit.Dataset], oldest first, kept up to date by
 * its own calls: a created or imported dataset is added before the call's callback runs, a
 * changed one updates its properties, a deleted one is removed. SQLite work runs on a worker
 * thread, one job after the other; call the store from the thread that made it.
 *
 * ```c
 * g_autoptr(GenkitDatasetStore) store = genkit_dataset_store_new (NULL, &error);
 * g_autoptr(GPtrArray) rows = genkit_dataset_rows_read_file ("cases.jsonl", &error);
 *
 * genkit_dataset_store_create_async (store, "greetings", GENKIT_DATASET_TYPE_FLOW,
 *                                    "/flow/greet", rows, NULL, created_cb, self);
 * ```
 */
struct _GenkitDatasetStore
{
  GObject       parent_instance;

  char         *path;
  GenkitEvalDb *db;
  GPtrArray    *datasets;      /* GenkitDataset, by create time then id */
};

static void genkit_dataset_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitDatasetStore, genkit_dataset_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      genkit_dataset_store_list_model_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define DATASET_COLUMNS \
  "id, dataset_type, target_action, schema, metric_refs, version, size, create_time, update_time"

/* GListModel -------------------------------------------------------------------------- */

static GType
genkit_dataset_store_get_item_type (GListModel *model)
{
  return GENKIT_TYPE_DATASET;
}

static guint
genkit_dataset_store_get_n_items (GListModel *model)
{
  return GENKIT_DATASET_STORE (model)->datasets->len;
}

static gpointer
genkit_dataset_store_get_item (GListModel *model,
                               guint       position)
{
  GenkitDatasetStore *self = GENKIT_DATASET_STORE (model);

  if (position >= self->datasets->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->datasets, position));
}

static void
genkit_dataset_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = genkit_dataset_store_get_item_type;
  iface->get_n_items = genkit_dataset_store_get_n_items;
  iface->get_item = genkit_dataset_store_get_item;
}

static int
compare_datasets (GenkitDataset *a,
                  GenkitDataset *b)
{
  gint64 x = genkit_dataset_get_create_time (a);
  gint64 y = genkit_dataset_get_create_time (b);

  if (x != y)
    return x < y ? -1 : 1;
  return g_strcmp0 (genkit_dataset_get_id (a), genkit_dataset_get_id (b));
}

static guint
find_dataset (GenkitDatasetStore *self,
              const char         *id)
{
  for (guint i = 0; i < self->datasets->len; i++)
    if (g_strcmp0 (genkit_dataset_get_id (g_ptr_array_index (self->datasets, i)), id) == 0)
      return i;
  return G_MAXUINT;
}

/* Adds a dataset read from the database, or updates the one the model holds. */
static void
model_apply_dataset (GenkitDatasetStore *self,
                     GenkitDataset      *dataset)
{
  guint position = find_dataset (self, genkit_dataset_get_id (dataset));

  if (position != G_MAXUINT)
    {
      _genkit_dataset_update (g_ptr_array_index (self->datasets, position), dataset);
      return;
    }

  for (position = 0; position < self->datasets->len; position++)
    if (compare_datasets (dataset, g_ptr_array_index (self->datasets, position)) < 0)
      break;
  g_ptr_array_insert (self->datasets, position, g_object_ref (dataset));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/* The model's object for @dataset (the one users hold), which the task returns. */
static GenkitDataset *
model_object (GenkitDatasetStore *self,
              GenkitDataset      *dataset)
{
  guint position = find_dataset (self, genkit_dataset_get_id (dataset));

  /* Deleted by a later call whose change was applied first: the copy read is all there is. */
  if (position == G_MAXUINT)
    return dataset;
  return g_ptr_array_index (self->datasets, position);
}

/* GObject ----------------------------------------------------------------------------- */

static void
genkit_dataset_store_finalize (GObject *object)
{
  GenkitDatasetStore *self = GENKIT_DATASET_STORE (object);

  g_clear_pointer (&self->db, _genkit_eval_db_close);
  g_clear_pointer (&self->datasets, g_ptr_array_unref);
  g_free (self->path);

  G_OBJECT_CLASS (genkit_dataset_store_parent_class)->finalize (object);
}

static void
genkit_dataset_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GenkitDatasetStore *self = GENKIT_DATASET_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_dataset_store_class_init (GenkitDatasetStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_dataset_store_finalize;
  object_class->get_property = genkit_dataset_store_get_property;

  /**
   * GenkitDatasetStore:path:
   *
   * The SQLite database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_dataset_store_init (GenkitDatasetStore *self)
{
  self->datasets = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * genkit_dataset_store_get_default_path:
 *
 * Gets the default database file, shared with the eval store.
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/genkit-studio/evals.db`
 */
char *
genkit_dataset_store_get_default_path (void)
{
  return _genkit_eval_default_db_path ();
}

/**
 * genkit_dataset_store_new:
 * @path: (nullable): the database file; %NULL for
 *   [func@Genkit.DatasetStore.get_default_path]
 * @error: return location for an error
 *
 * Opens (creating it if needed) a dataset store and reads the list of its datasets.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with `GENKIT_ERROR_INTERNAL`
 *   (the file cannot be opened) or `GENKIT_ERROR_FAILED_PRECONDITION` (another schema)
 */
GenkitDatasetStore *
genkit_dataset_store_new (const char  *path,
                          GError     **error)
{
  g_autoptr(GenkitDatasetStore) self = g_object_new (GENKIT_TYPE_DATASET_STORE, NULL);

  self->path = path ? g_strdup (path) : _genkit_eval_default_db_path ();
  if (!(self->db = _genkit_eval_db_open (self->path, error)))
    return NULL;
  if (!_genkit_eval_db_load_objects (self->db, "SELECT " DATASET_COLUMNS " FROM datasets ORDER BY create_time, id;",
                                     (GenkitEvalRowFunc) _genkit_dataset_new_from_row, self->datasets, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * genkit_dataset_store_get_path:
 * @self: a [class@Genkit.DatasetStore]
 *
 * Gets the database file.
 *
 * Returns: the database file
 */
const char *
genkit_dataset_store_get_path (GenkitDatasetStore *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_STORE (self), NULL);

  return self->path;
}

/**
 * genkit_dataset_store_lookup:
 * @self: a [class@Genkit.DatasetStore]
 * @id: a dataset id
 *
 * Finds a dataset of the list model.
 *
 * Returns: (transfer none) (nullable): the dataset, or %NULL
 */
GenkitDataset *
genkit_dataset_store_lookup (GenkitDatasetStore *self,
                             const char         *id)
{
  guint position;

  g_return_val_if_fail (GENKIT_IS_DATASET_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  position = find_dataset (self, id);
  return position == G_MAXUINT ? NULL : g_ptr_array_index (self->datasets, position);
}

/* Worker side ------------------------------------------------------------------------- */

typedef struct
{
  char              *id;
  GenkitDatasetType  dataset_type;
  char              *target_action;
  JsonNode          *schema;
  GStrv              metric_refs;
  gboolean           metric_refs_set;
  GPtrArray         *rows;        /* GenkitDatasetRow */
  GStrv              deletes;
  gint64             version;
  char              *path;
  GenkitDatasetFormat format;
  GenkitDatasetImportFlags flags;
  GStrv              ids;
} Job;

static void
job_free (Job *job)
{
  g_free (job->id);
  g_free (job->target_action);
  g_clear_pointer (&job->schema, json_node_unref);
  g_strfreev (job->metric_refs);
  g_clear_pointer (&job->rows, g_ptr_array_unref);
  g_strfreev (job->deletes);
  g_free (job->path);
  g_strfreev (job->ids);
  g_free (job);
}

/* Rows handed to a job are copied: the caller may go on editing its own. */
static GPtrArray *
copy_rows (GPtrArray *rows)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; rows != NULL && i < rows->len; i++)
    g_ptr_array_add (copy, genkit_dataset_row_copy (g_ptr_array_index (rows, i)));
  return copy;
}

static GenkitDataset *
db_read_dataset (sqlite3     *db,
                 const char  *id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _genkit_eval_sql_prepare (db, "SELECT " DATASET_COLUMNS " FROM datasets WHERE id = ?;", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _genkit_dataset_new_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "Dataset not found for dataset ID %s", id);
  else
    _genkit_eval_sql_error (db, error);
  return NULL;
}

static gboolean
db_dataset_exists (sqlite3    *db,
                   const char *id,
                   gboolean   *exists,
                   GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _genkit_eval_sql_prepare (db, "SELECT 1 FROM datasets WHERE id = ?;", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);
  *exists = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
db_insert_row (sqlite3          *db,
               const char       *dataset_id,
               GenkitDatasetRow *row,
               double            position,
               gint64            version,
               GError          **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _genkit_eval_sql_prepare (db, "INSERT INTO dataset_rows (dataset_id, test_case_id, "
                                         "position, input, reference, context, added_version) "
                                         "VALUES (?, ?, ?, ?, ?, ?, ?);", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, dataset_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, genkit_dataset_row_get_test_case_id (row), -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 3, position);
  _genkit_eval_sql_bind_json (stmt, 4, genkit_dataset_row_get_input (row));
  _genkit_eval_sql_bind_json (stmt, 5, genkit_dataset_row_get_reference (row));
  _genkit_eval_sql_bind_json (stmt, 6, genkit_dataset_row_get_context (row));
  sqlite3_bind_int64 (stmt, 7, version);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);
  return TRUE;
}

static gboolean
check_unique_ids (GPtrArray  *rows,
                  GError    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < rows->len; i++)
    {
      const char *id = genkit_dataset_row_get_test_case_id (g_ptr_array_index (rows, i));

      if (!g_hash_table_add (seen, (gpointer) id))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "the testCaseId %s is used by more than one row", id);
          return FALSE;
        }
    }
  return TRUE;
}

/* Records a new version: the dataset's version, size and update time, and the history. */
static gboolean
db_record_version (sqlite3     *db,
                   const char  *id,
                   gint64       version,
                   gint64       time,
                   const char  *change,
                   GError     **error)
{
  g_autoptr(sqlite3_stmt) update = NULL;
  g_autoptr(sqlite3_stmt) history = NULL;

  if (!(update = _genkit_eval_sql_prepare (db, "UPDATE datasets SET version = ?1, update_time = ?2, "
                                           "size = (SELECT count(*) FROM dataset_rows WHERE dataset_id = ?3 "
                                           "AND removed_version IS NULL) WHERE id = ?3;", error)) ||
      !(history = _genkit_eval_sql_prepare (db, "INSERT OR REPLACE INTO dataset_versions (dataset_id, "
                                            "version, time, size, change) SELECT id, version, ?2, size, ?3 "
                                            "FROM datasets WHERE id = ?1;", error)))
    return FALSE;

  sqlite3_bind_int64 (update, 1, version);
  sqlite3_bind_int64 (update, 2, time);
  sqlite3_bind_text (update, 3, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (update) != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);

  sqlite3_bind_text (history, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (history, 2, time);
  sqlite3_bind_text (history, 3, change, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (history) != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);
  return TRUE;
}

static gboolean
db_insert_dataset (sqlite3            *db,
                   const char         *id,
                   GenkitDatasetType   dataset_type,
                   const char         *target_action,
                   JsonNode           *schema,
                   const char * const *metric_refs,
                   GPtrArray          *rows,
                   gint64              version,
                   gint64              create_time,
                   gint64              update_time,
                   const char         *change,
                   GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) refs = json_array_new ();
  g_autoptr(JsonNode) refs_node = NULL;

  for (guint i = 0; metric_refs != NULL && metric_refs[i] != NULL; i++)
    json_array_add_string_element (refs, metric_refs[i]);
  refs_node = json_node_init_array (json_node_alloc (), refs);

  if (!(stmt = _genkit_eval_sql_prepare (db, "INSERT INTO datasets (id, dataset_type, target_action, "
                                         "schema, metric_refs, version, size, create_time, update_time) "
                                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?);", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, genkit_dataset_type_to_string (dataset_type), -1, SQLITE_STATIC);
  _genkit_eval_sql_bind_text (stmt, 3, target_action);
  _genkit_eval_sql_bind_json (stmt, 4, schema);
  _genkit_eval_sql_bind_json (stmt, 5, refs_node);
  sqlite3_bind_int64 (stmt, 6, version);
  sqlite3_bind_int64 (stmt, 7, rows->len);
  sqlite3_bind_int64 (stmt, 8, create_time);
  sqlite3_bind_int64 (stmt, 9, update_time);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);

  for (guint i = 0; i < rows->len; i++)
    if (!db_insert_row (db, id, g_ptr_array_index (rows, i), i + 1, version, error))
      return FALSE;

  return db_record_version (db, id, version, update_time, change, error);
}

static GPtrArray *
db_get_rows (sqlite3     *db,
             const char  *id,
             gint64       version,
             GError     **error)
{
  g_autoptr(GenkitDataset) dataset = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (!(dataset = db_read_dataset (db, id, error)))
    return NULL;
  if (version < 0 || version > genkit_dataset_get_version (dataset))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                   "Dataset %s has no version %" G_GINT64_FORMAT " (its version is %" G_GINT64_FORMAT ")",
                   id, version, genkit_dataset_get_version (dataset));
      return NULL;
    }

  if (version == 0 || version == genkit_dataset_get_version (dataset))
    stmt = _genkit_eval_sql_prepare (db, "SELECT test_case_id, input, reference, context FROM dataset_rows "
                                     "WHERE dataset_id = ?1 AND removed_version IS NULL "
                                     "ORDER BY position, id;", error);
  else
    stmt = _genkit_eval_sql_prepare (db, "SELECT test_case_id, input, reference, context FROM dataset_rows "
                                     "WHERE dataset_id = ?1 AND added_version <= ?2 AND "
                                     "(removed_version IS NULL OR removed_version > ?2) "
                                     "ORDER BY position, id;", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) > 1)
    sqlite3_bind_int64 (stmt, 2, version);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonNode) input = _genkit_eval_sql_column_json (stmt, 1);
      g_autoptr(JsonNode) reference = _genkit_eval_sql_column_json (stmt, 2);
      g_autoptr(JsonNode) context = _genkit_eval_sql_column_json (stmt, 3);

      g_ptr_array_add (rows, genkit_dataset_row_new ((const char *) sqlite3_column_text (stmt, 0),
                                                     input, reference, context));
    }
  if (rc != SQLITE_DONE)
    {
      _genkit_eval_sql_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gpointer
do_create (sqlite3   *db,
           gpointer   data,
           GError   **error)
{
  Job *job = data;
  gboolean exists = FALSE;
  gint64 now = _genkit_eval_now_ms ();

  if (!check_unique_ids (job->rows, error) || !_genkit_eval_sql_begin (db, error))
    return NULL;
  if (!db_dataset_exists (db, job->id, &exists, error))
    goto fail;
  if (exists)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS, "Dataset ID not unique: %s", job->id);
      goto fail;
    }
  if (!db_insert_dataset (db, job->id, job->dataset_type, job->target_action, job->schema,
                          (const char * const *) job->metric_refs, job->rows, 1, now, now,
                          "create", error) ||
      !_genkit_eval_sql_commit (db, error))
    goto fail;

  return db_read_dataset (db, job->id, error);

fail:
  _genkit_eval_sql_rollback (db);
  return NULL;
}

/* The current row of a test case: its row id and position, and the row. */
static gboolean
db_find_current_row (sqlite3           *db,
                     const char        *dataset_id,
                     const char        *test_case_id,
                     gint64            *rowid,
                     double            *position,
                     GenkitDatasetRow **row,
                     GError           **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  *rowid = 0;
  if (!(stmt = _genkit_eval_sql_prepare (db, "SELECT id, position, input, reference, context FROM dataset_rows "
                                         "WHERE dataset_id = ? AND test_case_id = ? AND removed_version IS NULL;",
                                         error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, dataset_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, test_case_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autoptr(JsonNode) input = _genkit_eval_sql_column_json (stmt, 2);
      g_autoptr(JsonNode) reference = _genkit_eval_sql_column_json (stmt, 3);
      g_autoptr(JsonNode) context = _genkit_eval_sql_column_json (stmt, 4);

      *rowid = sqlite3_column_int64 (stmt, 0);
      *position = sqlite3_column_double (stmt, 1);
      *row = genkit_dataset_row_new (test_case_id, input, reference, context);
      return TRUE;
    }
  if (rc != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);
  return TRUE;
}

static gboolean
db_remove_row (sqlite3  *db,
               gint64    rowid,
               gint64    version,
               GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _genkit_eval_sql_prepare (db, "UPDATE dataset_rows SET removed_version = ? WHERE id = ?;", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);
  sqlite3_bind_int64 (stmt, 2, rowid);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);
  return TRUE;
}

static gboolean
db_next_position (sqlite3    *db,
                  const char *dataset_id,
                  double     *position,
                  GError    **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _genkit_eval_sql_prepare (db, "SELECT coalesce(max(position), 0) + 1 FROM dataset_rows "
                                         "WHERE dataset_id = ?;", error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, dataset_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _genkit_eval_sql_error (db, error);
  *position = sqlite3_column_double (stmt, 0);
  return TRUE;
}

/* Applies a patch as Genkit's `updateDataset` does — rows merged by test case id, a row with
 * neither input nor reference deleting its test case — plus explicit deletions. */
static gboolean
db_patch_rows (sqlite3            *db,
               const char         *id,
               GPtrArray          *upserts,
               const char * const *deletes,
               gint64              version,
               gboolean           *changed,
               GError            **error)
{
  for (guint i = 0; deletes != NULL && deletes[i] != NULL; i++)
    {
      g_autoptr(GenkitDatasetRow) current = NULL;
      gint64 rowid;
      double position;

      if (!db_find_current_row (db, id, deletes[i], &rowid, &position, &current, error))
        return FALSE;
      if (rowid == 0)
        continue;
      if (!db_remove_row (db, rowid, version, error))
        return FALSE;
      *changed = TRUE;
    }

  for (guint i = 0; upserts != NULL && i < upserts->len; i++)
    {
      GenkitDatasetRow *row = g_ptr_array_index (upserts, i);
      const char *test_case_id = genkit_dataset_row_get_test_case_id (row);
      g_autoptr(GenkitDatasetRow) current = NULL;
      gboolean is_delete = genkit_dataset_row_get_input (row) == NULL &&
                           genkit_dataset_row_get_reference (row) == NULL;
      gint64 rowid;
      double position;

      if (!db_find_current_row (db, id, test_case_id, &rowid, &position, &current, error))
        return FALSE;

      if (rowid != 0)
        {
          if (!is_delete && genkit_dataset_row_equal (current, row))
            continue;
          if (!db_remove_row (db, rowid, version, error))
            return FALSE;
          *changed = TRUE;
          if (is_delete)
            continue;
        }
      else if (is_delete)
        continue;
      else if (!db_next_position (db, id, &position, error))
        return FALSE;

      if (!db_insert_row (db, id, row, position, version, error))
        return FALSE;
      *changed = TRUE;
    }
  return TRUE;
}

static gpointer
do_update_rows (sqlite3   *db,
                gpointer   data,
                GError   **error)
{
  Job *job = data;
  g_autoptr(GenkitDataset) dataset = NULL;
  gboolean changed = FALSE;
  gint64 version;

  if (!_genkit_eval_sql_begin (db, error))
    return NULL;
  if (!(dataset = db_read_dataset (db, job->id, error)))
    goto fail;
  version = genkit_dataset_get_version (dataset) + 1;
  if (!db_patch_rows (db, job->id, job->rows, (const char * const *) job->deletes, version, &changed, error))
    goto fail;
  if (!changed)
    {
      _genkit_eval_sql_rollback (db);
      return g_steal_pointer (&dataset);
    }
  if (!db_record_version (db, job->id, version, _genkit_eval_now_ms (), "update", error) ||
      !_genkit_eval_sql_commit (db, error))
    goto fail;
  return db_read_dataset (db, job->id, error);

fail:
  _genkit_eval_sql_rollback (db);
  return NULL;
}

static gboolean
rows_equal (GPtrArray *a,
            GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!genkit_dataset_row_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

/* Replaces every row; unchanged rows in unchanged places are kept as they are. */
static gboolean
db_replace_rows (sqlite3    *db,
                 const char *id,
                 GPtrArray  *rows,
                 gint64      version,
                 gboolean   *changed,
                 GError    **error)
{
  g_autoptr(GPtrArray) current = NULL;
  g_autoptr(sqlite3_stmt) remove = NULL;

  if (!check_unique_ids (rows, error) || !(current = db_get_rows (db, id, 0, error)))
    return FALSE;
  if (rows_equal (current, rows))
    {
      *changed = FALSE;
      return TRUE;
    }

  if (!(remove = _genkit_eval_sql_prepare (db, "UPDATE dataset_rows SET removed_version = ? "
                                           "WHERE dataset_id = ? AND removed_version IS NULL;", error)))
    return FALSE;
  sqlite3_bind_int64 (remove, 1, version);
  sqlite3_bind_text (remove, 2, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (remove) != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);

  for (guint i = 0; i < rows->len; i++)
    if (!db_insert_row (db, id, g_ptr_array_index (rows, i), i + 1, version, error))
      return FALSE;
  *changed = TRUE;
  return TRUE;
}

static gpointer
do_replace_rows (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  Job *job = data;
  g_autoptr(GenkitDataset) dataset = NULL;
  gboolean changed = FALSE;
  gint64 version;

  if (!_genkit_eval_sql_begin (db, error))
    return NULL;
  if (!(dataset = db_read_dataset (db, job->id, error)))
    goto fail;
  version = genkit_dataset_get_version (dataset) + 1;
  if (!db_replace_rows (db, job->id, job->rows, version, &changed, error))
    goto fail;
  if (!changed)
    {
      _genkit_eval_sql_rollback (db);
      return g_steal_pointer (&dataset);
    }
  if (!db_record_version (db, job->id, version, _genkit_eval_now_ms (), "replace", error) ||
      !_genkit_eval_sql_commit (db, error))
    goto fail;
  return db_read_dataset (db, job->id, error);

fail:
  _genkit_eval_sql_rollback (db);
  return NULL;
}

static gboolean
json_equal (JsonNode *a,
            JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

static gboolean
db_set_metadata (sqlite3            *db,
                 GenkitDataset      *dataset,
                 const char         *target_action,
                 JsonNode           *schema,
                 const char * const *metric_refs,
                 gboolean            metric_refs_set,
                 gboolean           *changed,
                 GError            **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) refs = json_array_new ();
  g_autoptr(JsonNode) refs_node = NULL;
  const char *id = genkit_dataset_get_id (dataset);

  if (target_action == NULL)
    target_action = genkit_dataset_get_target_action (dataset);
  if (schema == NULL)
    schema = genkit_dataset_get_schema (dataset);
  if (!metric_refs_set)
    metric_refs = genkit_dataset_get_metric_refs (dataset);

  *changed = g_strcmp0 (target_action, genkit_dataset_get_target_action (dataset)) != 0 ||
             !json_equal (schema, genkit_dataset_get_schema (dataset)) ||
             !g_strv_equal (metric_refs ? metric_refs : (const char * const[]) { NULL },
                            genkit_dataset_get_metric_refs (dataset));
  if (!*changed)
    return TRUE;

  for (guint i = 0; metric_refs != NULL && metric_refs[i] != NULL; i++)
    json_array_add_string_element (refs, metric_refs[i]);
  refs_node = json_node_init_array (json_node_alloc (), refs);

  if (!(stmt = _genkit_eval_sql_prepare (db, "UPDATE datasets SET target_action = ?, schema = ?, "
                                         "metric_refs = ? WHERE id = ?;", error)))
    return FALSE;
  _genkit_eval_sql_bind_text (stmt, 1, target_action);
  _genkit_eval_sql_bind_json (stmt, 2, schema);
  _genkit_eval_sql_bind_json (stmt, 3, refs_node);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);
  return TRUE;
}

static gpointer
do_update_metadata (sqlite3   *db,
                    gpointer   data,
                    GError   **error)
{
  Job *job = data;
  g_autoptr(GenkitDataset) dataset = NULL;
  gboolean changed = FALSE;

  if (!_genkit_eval_sql_begin (db, error))
    return NULL;
  if (!(dataset = db_read_dataset (db, job->id, error)) ||
      !db_set_metadata (db, dataset, job->target_action, job->schema,
                        (const char * const *) job->metric_refs, job->metric_refs_set, &changed, error))
    goto fail;
  if (!changed)
    {
      _genkit_eval_sql_rollback (db);
      return g_steal_pointer (&dataset);
    }
  if (!db_record_version (db, job->id, genkit_dataset_get_version (dataset) + 1,
                          _genkit_eval_now_ms (), "metadata", error) ||
      !_genkit_eval_sql_commit (db, error))
    goto fail;
  return db_read_dataset (db, job->id, error);

fail:
  _genkit_eval_sql_rollback (db);
  return NULL;
}

static gpointer
do_delete (sqlite3   *db,
           gpointer   data,
           GError   **error)
{
  Job *job = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _genkit_eval_sql_prepare (db, "DELETE FROM datasets WHERE id = ?;", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, job->id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _genkit_eval_sql_error (db, error);
      return NULL;
    }
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "Dataset not found for dataset ID %s", job->id);
      return NULL;
    }
  return GINT_TO_POINTER (TRUE);
}

static gpointer
do_get_rows (sqlite3   *db,
             gpointer   data,
             GError   **error)
{
  Job *job = data;

  return db_get_rows (db, job->id, job->version, error);
}

static gpointer
do_list_versions (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  Job *job = data;
  g_autoptr(GenkitDataset) dataset = NULL;
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(JsonArray) versions = json_array_new ();
  int rc;

  if (!(dataset = db_read_dataset (db, job->id, error)) ||
      !(stmt = _genkit_eval_sql_prepare (db, "SELECT version, time, size, change FROM dataset_versions "
                                         "WHERE dataset_id = ? ORDER BY version;", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, job->id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      JsonObject *entry = json_object_new ();

      json_object_set_int_member (entry, "version", sqlite3_column_int64 (stmt, 0));
      json_object_set_int_member (entry, "time", sqlite3_column_int64 (stmt, 1));
      json_object_set_int_member (entry, "size", sqlite3_column_int64 (stmt, 2));
      json_object_set_string_member (entry, "change", (const char *) sqlite3_column_text (stmt, 3));
      json_array_add_object_element (versions, entry);
    }
  if (rc != SQLITE_DONE)
    {
      _genkit_eval_sql_error (db, error);
      return NULL;
    }
  return json_node_init_array (json_node_alloc (), versions);
}

static char *
id_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  return g_steal_pointer (&base);
}

static gpointer
do_import_file (sqlite3   *db,
                gpointer   data,
                GError   **error)
{
  Job *job = data;
  g_autoptr(GPtrArray) rows = NULL;
  gboolean exists = FALSE;

  if (!(rows = genkit_dataset_rows_read_file (job->path, error)))
    return NULL;
  if (job->id == NULL)
    {
      job->id = id_from_path (job->path);
      if (!genkit_dataset_id_is_valid (job->id))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "%s: the file name does not make a valid dataset id (6-36 letters, digits, "
                       "'_', '.' or '-', starting with a letter); give one", job->path);
          return NULL;
        }
    }

  if (!db_dataset_exists (db, job->id, &exists, error))
    return NULL;
  if (exists && !(job->flags & GENKIT_DATASET_IMPORT_REPLACE))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS, "Dataset ID not unique: %s", job->id);
      return NULL;
    }

  g_clear_pointer (&job->rows, g_ptr_array_unref);
  job->rows = g_steal_pointer (&rows);
  return exists ? do_replace_rows (db, job, error) : do_create (db, job, error);
}

static gpointer
do_export_file (sqlite3   *db,
                gpointer   data,
                GError   **error)
{
  Job *job = data;
  g_autoptr(GPtrArray) rows = NULL;

  if (!(rows = db_get_rows (db, job->id, job->version, error)) ||
      !genkit_dataset_rows_write_file (rows, job->path, job->format, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/* The Genkit CLI's `.genkit/datasets` ------------------------------------------------- */

static JsonObject *
read_genkit_index (const char  *dir,
                   gboolean     must_exist,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (dir, "index.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length;

  if (!g_file_test (path, G_FILE_TEST_EXISTS) && !must_exist)
    return json_object_new ();
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!(root = genkit_json_parse (contents, length, error)))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "%s: not a Genkit dataset index (a JSON object of dataset metadata)", path);
      return NULL;
    }
  return json_object_ref (json_node_get_object (root));
}

/* One dataset of a Genkit dataset store, read and checked before anything is written. */
typedef struct
{
  char              *id;
  GenkitDatasetType  dataset_type;
  char              *target_action;
  JsonNode          *schema;
  GStrv              metric_refs;
  gint64             version;
  gint64             create_time;
  gint64             update_time;
  GPtrArray         *rows;
} GenkitImport;

static void
genkit_import_free (GenkitImport *import)
{
  g_free (import->id);
  g_free (import->target_action);
  g_clear_pointer (&import->schema, json_node_unref);
  g_strfreev (import->metric_refs);
  g_clear_pointer (&import->rows, g_ptr_array_unref);
  g_free (import);
}

static GenkitImport *
read_genkit_dataset (const char  *dir,
                     const char  *id,
                     JsonNode    *metadata_node,
                     GError     **error)
{
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GStrvBuilder) refs = g_strv_builder_new ();
  GenkitImport *import;
  JsonObject *metadata;
  JsonNode *node;
  JsonArray *array;
  gsize length;
  gint64 now = _genkit_eval_now_ms ();

  if (!_genkit_eval_dataset_id_is_safe (id))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "Invalid dataset id: \"%s\"", id);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (metadata_node))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "index.json: the metadata of %s is not an object", id);
      return NULL;
    }
  metadata = json_node_get_object (metadata_node);

  file = g_strconcat (id, ".json", NULL);
  path = g_build_filename (dir, file, NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "Dataset not found for dataset ID %s (no %s)", id, path);
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!(root = genkit_json_parse (contents, length, error)))
    {
      g_prefix_error (error, "%s: ", path);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "%s: not a JSON array of test cases", path);
      return NULL;
    }

  import = g_new0 (GenkitImport, 1);
  import->id = g_strdup (id);
  import->rows = g_ptr_array_new_with_free_func (g_object_unref);
  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      GenkitDatasetRow *row;

      /* Genkit's DatasetSchema: every stored test case has its id. */
      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          _genkit_eval_json_get_string (json_node_get_object (element), "testCaseId") == NULL ||
          !(row = genkit_dataset_row_new_from_json (element, NULL)))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "%s: test case %u is not an object with a string testCaseId", path, i + 1);
          genkit_import_free (import);
          return NULL;
        }
      g_ptr_array_add (import->rows, row);
    }

  if (!genkit_dataset_type_from_string (_genkit_eval_json_get_string (metadata, "datasetType"),
                                        &import->dataset_type))
    import->dataset_type = GENKIT_DATASET_TYPE_UNKNOWN;
  import->target_action = g_strdup (_genkit_eval_json_get_string (metadata, "targetAction"));
  if ((node = json_object_get_member (metadata, "schema")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    import->schema = json_node_copy (node);
  if ((node = json_object_get_member (metadata, "metricRefs")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *ref = json_array_get_element (json_node_get_array (node), i);

        if (JSON_NODE_HOLDS_VALUE (ref) && json_node_get_value_type (ref) == G_TYPE_STRING)
          g_strv_builder_add (refs, json_node_get_string (ref));
      }
  import->metric_refs = g_strv_builder_end (refs);
  import->version = 1;
  if ((node = json_object_get_member (metadata, "version")) != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) != G_TYPE_STRING && json_node_get_double (node) >= 1)
    import->version = (gint64) json_node_get_double (node);
  if (!_genkit_eval_parse_date (_genkit_eval_json_get_string (metadata, "createTime"), &import->create_time))
    import->create_time = now;
  if (!_genkit_eval_parse_date (_genkit_eval_json_get_string (metadata, "updateTime"), &import->update_time))
    import->update_time = import->create_time;
  return import;
}

static gpointer
do_import_genkit (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  Job *job = data;
  g_autoptr(JsonObject) index = NULL;
  g_autoptr(GPtrArray) imports = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_import_free);
  g_autoptr(GPtrArray) datasets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GList) members = NULL;

  if (!(index = read_genkit_index (job->path, TRUE, error)))
    return NULL;

  members = json_object_get_members (index);
  for (guint i = 0; job->ids != NULL && job->ids[i] != NULL; i++)
    if (!json_object_has_member (index, job->ids[i]))
      {
        g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                     "%s/index.json has no dataset %s", job->path, job->ids[i]);
        return NULL;
      }

  /* Read and check everything first: an import writes all of it or nothing. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      GenkitImport *import;
      gboolean exists = FALSE;

      if (job->ids != NULL && !g_strv_contains ((const char * const *) job->ids, l->data))
        continue;
      if (!(import = read_genkit_dataset (job->path, l->data, json_object_get_member (index, l->data), error)))
        return NULL;
      g_ptr_array_add (imports, import);
      if (!check_unique_ids (import->rows, error) || !db_dataset_exists (db, import->id, &exists, error))
        {
          g_prefix_error (error, "%s: ", import->id);
          return NULL;
        }
      if (exists && !(job->flags & GENKIT_DATASET_IMPORT_REPLACE))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS, "Dataset ID not unique: %s", import->id);
          return NULL;
        }
    }

  if (!_genkit_eval_sql_begin (db, error))
    return NULL;
  for (guint i = 0; i < imports->len; i++)
    {
      GenkitImport *import = g_ptr_array_index (imports, i);
      g_autoptr(GenkitDataset) existing = NULL;
      gboolean exists = FALSE;

      if (!db_dataset_exists (db, import->id, &exists, error))
        goto fail;
      if (!exists)
        {
          /* A new dataset keeps Genkit's version and times, so it exports back the same. */
          if (!db_insert_dataset (db, import->id, import->dataset_type, import->target_action,
                                  import->schema, (const char * const *) import->metric_refs,
                                  import->rows, import->version, import->create_time,
                                  import->update_time, "import", error))
            goto fail;
        }
      else
        {
          gboolean rows_changed = FALSE, metadata_changed = FALSE;
          gint64 version;

          if (!(existing = db_read_dataset (db, import->id, error)))
            goto fail;
          version = genkit_dataset_get_version (existing) + 1;
          if (!db_replace_rows (db, import->id, import->rows, version, &rows_changed, error) ||
              !db_set_metadata (db, existing, import->target_action, import->schema,
                                (const char * const *) import->metric_refs, TRUE, &metadata_changed, error))
            goto fail;
          if ((rows_changed || metadata_changed) &&
              !db_record_version (db, import->id, version, _genkit_eval_now_ms (), "import", error))
            goto fail;
        }
    }
  if (!_genkit_eval_sql_commit (db, error))
    goto fail;

  for (guint i = 0; i < imports->len; i++)
    {
      GenkitImport *import = g_ptr_array_index (imports, i);
      GenkitDataset *dataset = db_read_dataset (db, import->id, error);

      if (dataset == NULL)
        return NULL;
      g_ptr_array_add (datasets, dataset);
    }
  return g_steal_pointer (&datasets);

fail:
  _genkit_eval_sql_rollback (db);
  return NULL;
}

static gpointer
do_export_genkit (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  Job *job = data;
  g_autoptr(JsonObject) index = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) index_node = NULL;
  g_autofree char *index_text = NULL;
  g_autofree char *index_path = NULL;

  if (job->ids != NULL)
    for (guint i = 0; job->ids[i] != NULL; i++)
      g_ptr_array_add (ids, g_strdup (job->ids[i]));
  else
    {
      g_autoptr(sqlite3_stmt) stmt = _genkit_eval_sql_prepare (db, "SELECT id FROM datasets ORDER BY create_time, id;",
                                                              error);
      int rc;

      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      if (rc != SQLITE_DONE)
        {
          _genkit_eval_sql_error (db, error);
          return NULL;
        }
    }

  if (!(index = read_genkit_index (job->path, FALSE, error)))
    return NULL;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GenkitDataset) dataset = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) array_node = NULL;
      g_autofree char *text = NULL;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;

      if (!_genkit_eval_dataset_id_is_safe (id))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "Invalid dataset id: \"%s\" cannot be a Genkit dataset file name", id);
          return NULL;
        }
      if (!(dataset = db_read_dataset (db, id, error)) || !(rows = db_get_rows (db, id, 0, error)))
        return NULL;
      for (guint r = 0; r < rows->len; r++)
        json_array_add_element (array, genkit_dataset_row_to_json (g_ptr_array_index (rows, r)));
      array_node = json_node_init_array (json_node_alloc (), array);
      text = json_to_string (array_node, FALSE);
      file = g_strconcat (id, ".json", NULL);
      path = g_build_filename (job->path, file, NULL);
      if (!_genkit_eval_write_file (path, text, -1, error))
        return NULL;
      json_object_set_member (index, id, genkit_dataset_to_metadata_json (dataset));
    }

  index_node = json_node_init_object (json_node_alloc (), index);
  index_text = json_to_string (index_node, FALSE);
  index_path = g_build_filename (job->path, "index.json", NULL);
  if (!_genkit_eval_write_file (index_path, index_text, -1, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/* Main-context side: the list model follows the database ------------------------------ */

static void
apply_dataset (GObject  *source,
               gpointer  result,
               gpointer  data)
{
  model_apply_dataset (GENKIT_DATASET_STORE (source), result);
}

static void
apply_datasets (GObject  *source,
                gpointer  result,
                gpointer  data)
{
  GPtrArray *datasets = result;

  for (guint i = 0; i < datasets->len; i++)
    model_apply_dataset (GENKIT_DATASET_STORE (source), g_ptr_array_index (datasets, i));
}

static void
apply_delete (GObject  *source,
              gpointer  result,
              gpointer  data)
{
  GenkitDatasetStore *self = GENKIT_DATASET_STORE (source);
  Job *job = data;
  guint position = find_dataset (self, job->id);

  if (position == G_MAXUINT)
    return;
  g_ptr_array_remove_index (self->datasets, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

static Job *
job_new (const char *id)
{
  Job *job = g_new0 (Job, 1);

  job->id = g_strdup (id);
  return job;
}

/* The dataset a finished job returned is replaced by the model's own object, so callers and
 * the list hold the same one. */
static GenkitDataset *
finish_dataset (GenkitDatasetStore  *self,
                GAsyncResult        *result,
                gpointer             source_tag,
                GError             **error)
{
  g_autoptr(GenkitDataset) dataset = NULL;

  g_return_val_if_fail (GENKIT_IS_DATASET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  if (!(dataset = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;
  return g_object_ref (model_object (self, dataset));
}

static gboolean
finish_boolean (GenkitDatasetStore  *self,
                GAsyncResult        *result,
                gpointer             source_tag,
                GError             **error)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_STORE (self), FALSE);

  return _genkit_eval_task_finish_boolean (self, result, source_tag, error);
}

/* Public API -------------------------------------------------------------------------- */

/**
 * genkit_dataset_store_create_async:
 * @self: a [class@Genkit.DatasetStore]
 * @id: (nullable): the new dataset's id, which must pass [func@Genkit.Dataset.id_is_valid];
 *   %NULL for a UUID, as Genkit does
 * @dataset_type: what kind of target the dataset is for
 * @target_action: (nullable): the key of the target action
 * @rows: (nullable) (element-type GenkitDatasetRow): the rows, copied; test case ids must be
 *   unique
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the dataset is stored
 * @user_data: data for @callback
 *
 * Creates a dataset at version 1, as Genkit's `createDataset` does.
 */
void
genkit_dataset_store_create_async (GenkitDatasetStore  *self,
                                   const char          *id,
                                   GenkitDatasetType    dataset_type,
                                   const char          *target_action,
                                   GPtrArray           *rows,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));

  task = _genkit_eval_task_new (self, cancellable, callback, user_data, genkit_dataset_store_create_async);
  if (id != NULL && !genkit_dataset_id_is_valid (id))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Invalid datasetId provided. ID must be alphanumeric, with hyphens, "
                               "dots and dashes. Is must start with an alphabet, end with an "
                               "alphabet or a number, and must be 6-36 characters long.");
      g_object_unref (task);
      return;
    }

  job = job_new (id);
  if (job->id == NULL)
    job->id = g_uuid_string_random ();
  job->dataset_type = dataset_type;
  job->target_action = g_strdup (target_action);
  job->rows = copy_rows (rows);
  _genkit_eval_db_push (self->db, task, do_create, apply_dataset, job, (GDestroyNotify) job_free,
                        g_object_unref);
}

/**
 * genkit_dataset_store_create_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: `INVALID_ARGUMENT` (an id Genkit would refuse, test
 *   case ids used twice), `ALREADY_EXISTS` (the id is taken)
 *
 * Finishes [method@Genkit.DatasetStore.create_async].
 *
 * Returns: (transfer full) (nullable): the new dataset (also in the list model), or %NULL
 */
GenkitDataset *
genkit_dataset_store_create_finish (GenkitDatasetStore  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  return finish_dataset (self, result, genkit_dataset_store_create_async, error);
}

/**
 * genkit_dataset_store_update_rows_async:
 * @self: a [class@Genkit.DatasetStore]
 * @id: the dataset
 * @upserts: (nullable) (element-type GenkitDatasetRow): rows to add, or to replace the row
 *   with the same test case id (which keeps its place); as in Genkit, a row with neither
 *   input nor reference deletes its test case
 * @deletes: (nullable) (array zero-terminated=1): test case ids to delete
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the change is stored
 * @user_data: data for @callback
 *
 * Edits rows: one new version for the whole change, none when nothing actually changes.
 */
void
genkit_dataset_store_update_rows_async (GenkitDatasetStore  *self,
                                        const char          *id,
                                        GPtrArray           *upserts,
                                        const char * const  *deletes,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (id != NULL);

  job = job_new (id);
  job->rows = copy_rows (upserts);
  job->deletes = g_strdupv ((char **) deletes);
  _genkit_eval_db_push (self->db, _genkit_eval_task_new (self, cancellable, callback, user_data,
                                                         genkit_dataset_store_update_rows_async),
                        do_update_rows, apply_dataset, job, (GDestroyNotify) job_free, g_object_unref);
}

/**
 * genkit_dataset_store_update_rows_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` for an unknown dataset
 *
 * Finishes [method@Genkit.DatasetStore.update_rows_async].
 *
 * Returns: (transfer full) (nullable): the dataset, at its new version, or %NULL
 */
GenkitDataset *
genkit_dataset_store_update_rows_finish (GenkitDatasetStore  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  return finish_dataset (self, result, genkit_dataset_store_update_rows_async, error);
}

/**
 * genkit_dataset_store_replace_rows_async:
 * @self: a [class@Genkit.DatasetStore]
 * @id: the dataset
 * @rows: (element-type GenkitDatasetRow): all the rows of the new version, in order; test
 *   case ids must be unique
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the change is stored
 * @user_data: data for @callback
 *
 * Replaces the rows (a new version, unless they are the same rows).
 */
void
genkit_dataset_store_replace_rows_async (GenkitDatasetStore  *self,
                                         const char          *id,
                                         GPtrArray           *rows,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (rows != NULL);

  job = job_new (id);
  job->rows = copy_rows (rows);
  _genkit_eval_db_push (self->db, _genkit_eval_task_new (self, cancellable, callback, user_data,
                                                         genkit_dataset_store_replace_rows_async),
                        do_replace_rows, apply_dataset, job, (GDestroyNotify) job_free, g_object_unref);
}

/**
 * genkit_dataset_store_replace_rows_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND`, `INVALID_ARGUMENT`
 *
 * Finishes [method@Genkit.DatasetStore.replace_rows_async].
 *
 * Returns: (transfer full) (nullable): the dataset, or %NULL
 */
GenkitDataset *
genkit_dataset_store_replace_rows_finish (GenkitDatasetStore  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  return finish_dataset (self, result, genkit_dataset_store_replace_rows_async, error);
}

/**
 * genkit_dataset_store_update_metadata_async:
 * @self: a [class@Genkit.DatasetStore]
 * @id: the dataset
 * @target_action: (nullable): the new target action key; %NULL keeps it
 * @schema: (nullable): the new `schema`; %NULL keeps it
 * @metric_refs: (nullable) (array zero-terminated=1): the new `metricRefs`; %NULL keeps them
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the change is stored
 * @user_data: data for @callback
 *
 * Changes what Genkit's `updateDataset` lets change besides rows (a new version when
 * something differs).
 */
void
genkit_dataset_store_update_metadata_async (GenkitDatasetStore  *self,
                                            const char          *id,
                                            const char          *target_action,
                                            JsonNode            *schema,
                                            const char * const  *metric_refs,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (id != NULL);

  job = job_new (id);
  job->target_action = g_strdup (target_action);
  job->schema = _genkit_eval_json_copy (schema);
  job->metric_refs = g_strdupv ((char **) metric_refs);
  job->metric_refs_set = metric_refs != NULL;
  _genkit_eval_db_push (self->db, _genkit_eval_task_new (self, cancellable, callback, user_data,
                                                         genkit_dataset_store_update_metadata_async),
                        do_update_metadata, apply_dataset, job, (GDestroyNotify) job_free, g_object_unref);
}

/**
 * genkit_dataset_store_update_metadata_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND`
 *
 * Finishes [method@Genkit.DatasetStore.update_metadata_async].
 *
 * Returns: (transfer full) (nullable): the dataset, or %NULL
 */
GenkitDataset *
genkit_dataset_store_update_metadata_finish (GenkitDatasetStore  *self,
                                             GAsyncResult        *result,
                                             GError             **error)
{
  return finish_dataset (self, result, genkit_dataset_store_update_metadata_async, error);
}

/**
 * genkit_dataset_store_delete_async:
 * @self: a [class@Genkit.DatasetStore]
 * @id: the dataset
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the dataset is gone
 * @user_data: data for @callback
 *
 * Deletes a dataset with all its versions.
 */
void
genkit_dataset_store_delete_async (GenkitDatasetStore  *self,
                                   const char          *id,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (id != NULL);

  _genkit_eval_db_push (self->db, _genkit_eval_task_new (self, cancellable, callback, user_data,
                                                         genkit_dataset_store_delete_async),
                        do_delete, apply_delete, job_new (id), (GDestroyNotify) job_free, NULL);
}

/**
 * genkit_dataset_store_delete_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND`
 *
 * Finishes [method@Genkit.DatasetStore.delete_async].
 *
 * Returns: %TRUE if the dataset was deleted
 */
gboolean
genkit_dataset_store_delete_finish (GenkitDatasetStore  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  return finish_boolean (self, result, genkit_dataset_store_delete_async, error);
}

/**
 * genkit_dataset_store_get_rows_async:
 * @self: a [class@Genkit.DatasetStore]
 * @id: the dataset
 * @version: the version to read; 0 for the current one
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the rows
 * @user_data: data for @callback
 *
 * Reads the rows of one version of a dataset, in order.
 */
void
genkit_dataset_store_get_rows_async (GenkitDatasetStore  *self,
                                     const char          *id,
                                     gint64               version,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (id != NULL);

  job = job_new (id);
  job->version = version;
  _genkit_eval_db_push (self->db, _genkit_eval_task_new (self, cancellable, callback, user_data,
                                                         genkit_dataset_store_get_rows_async),
                        do_get_rows, NULL, job, (GDestroyNotify) job_free,
                        (GDestroyNotify) g_ptr_array_unref);
}

/**
 * genkit_dataset_store_get_rows_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` (no such dataset or version)
 *
 * Finishes [method@Genkit.DatasetStore.get_rows_async].
 *
 * Returns: (transfer full) (element-type GenkitDatasetRow) (nullable): the rows, new
 *   objects the caller may edit, or %NULL
 */
GPtrArray *
genkit_dataset_store_get_rows_finish (GenkitDatasetStore  *self,
                                      GAsyncResult        *result,
                                      GError             **error)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_dataset_store_list_versions_async:
 * @self: a [class@Genkit.DatasetStore]
 * @id: the dataset
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the history
 * @user_data: data for @callback
 *
 * Lists the versions of a dataset.
 */
void
genkit_dataset_store_list_versions_async (GenkitDatasetStore  *self,
                                          const char          *id,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (id != NULL);

  _genkit_eval_db_push (self->db, _genkit_eval_task_new (self, cancellable, callback, user_data,
                                                         genkit_dataset_store_list_versions_async),
                        do_list_versions, NULL, job_new (id), (GDestroyNotify) job_free,
                        (GDestroyNotify) json_node_unref);
}

/**
 * genkit_dataset_store_list_versions_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND`
 *
 * Finishes [method@Genkit.DatasetStore.list_versions_async].
 *
 * Returns: (transfer full) (nullable): a JSON array, oldest first, of `{"version", "time"
 *   (milliseconds since the Unix epoch), "size", "change"}` where `change` is `create`,
 *   `update`, `replace`, `metadata` or `import`; or %NULL
 */
JsonNode *
genkit_dataset_store_list_versions_finish (GenkitDatasetStore  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  g_return_val_if_fail (GENKIT_IS_DATASET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_dataset_store_import_file_async:
 * @self: a [class@Genkit.DatasetStore]
 * @path: a `.json`, `.jsonl` or `.csv` file (see [func@Genkit.dataset_rows_parse])
 * @id: (nullable): the dataset's id; %NULL for the file's name without its extension
 * @dataset_type: the kind of target, for a new dataset
 * @target_action: (nullable): the target action's key, for a new dataset
 * @flags: what to do when the dataset exists
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the dataset is stored
 * @user_data: data for @callback
 *
 * Imports a file as a new dataset, or, with %GENKIT_DATASET_IMPORT_REPLACE, as the next
 * version of an existing one.
 */
void
genkit_dataset_store_import_file_async (GenkitDatasetStore       *self,
                                        const char               *path,
                                        const char               *id,
                                        GenkitDatasetType         dataset_type,
                                        const char               *target_action,
                                        GenkitDatasetImportFlags  flags,
                                        GCancellable             *cancellable,
                                        GAsyncReadyCallback       callback,
                                        gpointer                  user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (path != NULL);

  task = _genkit_eval_task_new (self, cancellable, callback, user_data, genkit_dataset_store_import_file_async);
  if (id != NULL && !genkit_dataset_id_is_valid (id))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Invalid datasetId provided: %s (6-36 letters, digits, '_', '.' or "
                               "'-', starting with a letter, ending with a letter or digit)", id);
      g_object_unref (task);
      return;
    }

  job = job_new (id);
  job->path = g_strdup (path);
  job->dataset_type = dataset_type;
  job->target_action = g_strdup (target_action);
  job->flags = flags;
  _genkit_eval_db_push (self->db, task, do_import_file, apply_dataset, job, (GDestroyNotify) job_free,
                        g_object_unref);
}

/**
 * genkit_dataset_store_import_file_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: a #GFileError, `INVALID_ARGUMENT` (the file's
 *   contents, a bad id), `ALREADY_EXISTS`
 *
 * Finishes [method@Genkit.DatasetStore.import_file_async].
 *
 * Returns: (transfer full) (nullable): the dataset, or %NULL
 */
GenkitDataset *
genkit_dataset_store_import_file_finish (GenkitDatasetStore  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  return finish_dataset (self, result, genkit_dataset_store_import_file_async, error);
}

/**
 * genkit_dataset_store_export_file_async:
 * @self: a [class@Genkit.DatasetStore]
 * @id: the dataset
 * @version: the version to export; 0 for the current one
 * @path: the file to write
 * @format: the format to write (see [func@Genkit.dataset_rows_serialize])
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written
 * @user_data: data for @callback
 *
 * Exports one version of a dataset to a file.
 */
void
genkit_dataset_store_export_file_async (GenkitDatasetStore  *self,
                                        const char          *id,
                                        gint64               version,
                                        const char          *path,
                                        GenkitDatasetFormat  format,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (path != NULL);

  job = job_new (id);
  job->version = version;
  job->path = g_strdup (path);
  job->format = format;
  _genkit_eval_db_push (self->db, _genkit_eval_task_new (self, cancellable, callback, user_data,
                                                         genkit_dataset_store_export_file_async),
                        do_export_file, NULL, job, (GDestroyNotify) job_free, NULL);
}

/**
 * genkit_dataset_store_export_file_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.DatasetStore.export_file_async].
 *
 * Returns: %TRUE if the file was written
 */
gboolean
genkit_dataset_store_export_file_finish (GenkitDatasetStore  *self,
                                         GAsyncResult        *result,
                                         GError             **error)
{
  return finish_boolean (self, result, genkit_dataset_store_export_file_async, error);
}

/**
 * genkit_dataset_store_import_genkit_async:
 * @self: a [class@Genkit.DatasetStore]
 * @datasets_dir: a Genkit CLI dataset store: a `.genkit/datasets` folder with `index.json`
 * @ids: (nullable) (array zero-terminated=1): the datasets to import; %NULL for all of them
 * @flags: what to do with datasets that exist here
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the datasets are stored
 * @user_data: data for @callback
 *
 * Imports datasets the Genkit CLI or the browser Dev UI made. A new dataset keeps Genkit's
 * version, type, target, schema, metric references and times (read from JavaScript's
 * `Date.toString()` form); one that exists (with %GENKIT_DATASET_IMPORT_REPLACE) gets
 * Genkit's rows and metadata as its next version. Everything is read and checked before
 * anything is written: the import stores all the datasets or none.
 */
void
genkit_dataset_store_import_genkit_async (GenkitDatasetStore       *self,
                                          const char               *datasets_dir,
                                          const char * const       *ids,
                                          GenkitDatasetImportFlags  flags,
                                          GCancellable             *cancellable,
                                          GAsyncReadyCallback       callback,
                                          gpointer                  user_data)
{
  Job *job;

  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (datasets_dir != NULL);

  job = job_new (NULL);
  job->path = g_strdup (datasets_dir);
  job->ids = g_strdupv ((char **) ids);
  job->flags = flags;
  _genkit_eval_db_push (self->db, _genkit_eval_task_new (self, cancellable, callback, user_data,
                                                         genkit_dataset_store_import_genkit_async),
                        do_import_genkit, apply_datasets, job, (GDestroyNotify) job_free,
                        (GDestroyNotify) g_ptr_array_unref);
}

/**
 * genkit_dataset_store_import_genkit_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: a #GFileError, `NOT_FOUND` (a dataset file or a
 *   requested id is missing), `INVALID_ARGUMENT` (malformed files, unsafe ids),
 *   `ALREADY_EXISTS`
 *
 * Finishes [method@Genkit.DatasetStore.import_genkit_async].
 *
 * Returns: (transfer full) (element-type GenkitDataset) (nullable): the imported datasets
 *   (the list model's objects), or %NULL
 */
GPtrArray *
genkit_dataset_store_import_genkit_finish (GenkitDatasetStore  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  g_autoptr(GPtrArray) read = NULL;
  GPtrArray *datasets;

  g_return_val_if_fail (GENKIT_IS_DATASET_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (!(read = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;
  datasets = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < read->len; i++)
    g_ptr_array_add (datasets, g_object_ref (model_object (self, g_ptr_array_index (read, i))));
  return datasets;
}

/**
 * genkit_dataset_store_export_genkit_async:
 * @self: a [class@Genkit.DatasetStore]
 * @ids: (nullable) (array zero-terminated=1): the datasets to export; %NULL for all
 * @datasets_dir: a Genkit CLI dataset store folder (`<dir>/.genkit/datasets`), created if
 *   needed
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the files are written
 * @user_data: data for @callback
 *
 * Exports datasets in the Genkit CLI's format, so `genkit eval:flow --input <datasetId>` and
 * the browser Dev UI find them: `<datasetId>.json` (compact `Dataset` arrays) and their
 * entries in `index.json` (compact `DatasetMetadata`, times in JavaScript's `Date.toString()`
 * form). Other datasets already in `index.json` are kept.
 */
void
genkit_dataset_store_export_genkit_async (GenkitDatasetStore  *self,
                                          const char * const  *ids,
                                          const char          *datasets_dir,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  Job *job;

  g_return_if_fail (GENKIT_IS_DATASET_STORE (self));
  g_return_if_fail (datasets_dir != NULL);

  job = job_new (NULL);
  job->path = g_strdup (datasets_dir);
  job->ids = g_strdupv ((char **) ids);
  _genkit_eval_db_push (self->db, _genkit_eval_task_new (self, cancellable, callback, user_data,
                                                         genkit_dataset_store_export_genkit_async),
                        do_export_genkit, NULL, job, (GDestroyNotify) job_free, NULL);
}

/**
 * genkit_dataset_store_export_genkit_finish:
 * @self: a [class@Genkit.DatasetStore]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND`, a #GFileError
 *
 * Finishes [method@Genkit.DatasetStore.export_genkit_async].
 *
 * Returns: %TRUE if the files were written
 */
gboolean
genkit_dataset_store_export_genkit_finish (GenkitDatasetStore  *self,
                                           GAsyncResult        *result,
                                           GError             **error)
{
  return finish_boolean (self, result, genkit_dataset_store_export_genkit_async, error);
}
