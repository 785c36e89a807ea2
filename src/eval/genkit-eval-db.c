/* genkit-eval-db.c — the evaluation store's SQLite database and its worker thread
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "genkit-eval-private.h"

/* Bumped whenever the schema below changes incompatibly. */
#define SCHEMA_VERSION 1

/* Rows of a dataset are versioned copy-on-write: a row is part of versions
 * [added_version, removed_version), so every version of a dataset can be read back and a
 * change only writes the rows it touches. */
static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS datasets ("
  "  id TEXT PRIMARY KEY,"
  "  dataset_type TEXT NOT NULL DEFAULT 'UNKNOWN',"
  "  target_action TEXT,"
  "  schema TEXT,"
  "  metric_refs TEXT NOT NULL DEFAULT '[]',"
  "  version INTEGER NOT NULL,"
  "  size INTEGER NOT NULL DEFAULT 0,"
  "  create_time INTEGER NOT NULL,"
  "  update_time INTEGER NOT NULL) STRICT;"
  "CREATE TABLE IF NOT EXISTS dataset_rows ("
  "  id INTEGER PRIMARY KEY,"
  "  dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,"
  "  test_case_id TEXT NOT NULL,"
  "  position REAL NOT NULL,"
  "  input TEXT,"
  "  reference TEXT,"
  "  context TEXT,"
  "  added_version INTEGER NOT NULL,"
  "  removed_version INTEGER) STRICT;"
  "CREATE INDEX IF NOT EXISTS dataset_rows_current ON dataset_rows (dataset_id, removed_version, position);"
  "CREATE INDEX IF NOT EXISTS dataset_rows_by_case ON dataset_rows (dataset_id, test_case_id);"
  "CREATE TABLE IF NOT EXISTS dataset_versions ("
  "  dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,"
  "  version INTEGER NOT NULL,"
  "  time INTEGER NOT NULL,"
  "  size INTEGER NOT NULL,"
  "  change TEXT NOT NULL,"
  "  PRIMARY KEY (dataset_id, version)) STRICT;"
  "CREATE TABLE IF NOT EXISTS eval_runs ("
  "  id TEXT PRIMARY KEY,"
  "  status TEXT NOT NULL,"
  "  target TEXT NOT NULL,"
  "  runtime_id TEXT,"
  "  runtime_name TEXT,"
  "  runtime_version TEXT,"
  "  dataset_id TEXT,"
  "  dataset_version INTEGER,"
  "  evaluators TEXT NOT NULL,"
  "  config TEXT NOT NULL,"
  "  metrics_metadata TEXT,"
  "  metric_summaries TEXT,"
  "  aggregates TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  updated_at INTEGER NOT NULL,"
  "  finished_at INTEGER,"
  "  n_rows INTEGER NOT NULL,"
  "  n_done INTEGER NOT NULL DEFAULT 0,"
  "  n_failed INTEGER NOT NULL DEFAULT 0,"
  "  owner_pid INTEGER,"
  "  error TEXT) STRICT;"
  "CREATE INDEX IF NOT EXISTS eval_runs_by_time ON eval_runs (created_at);"
  "CREATE TABLE IF NOT EXISTS eval_results ("
  "  run_id TEXT NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,"
  "  idx INTEGER NOT NULL,"
  "  test_case_id TEXT NOT NULL,"
  "  status TEXT NOT NULL,"
  "  input TEXT,"
  "  output TEXT,"
  "  reference TEXT,"
  "  context TEXT,"
  "  custom TEXT,"
  "  error TEXT,"
  "  trace_ids TEXT NOT NULL DEFAULT '[]',"
  "  responses TEXT,"
  "  latency_ms REAL,"
  "  usage TEXT,"
  "  PRIMARY KEY (run_id, idx)) STRICT;";

struct _GenkitEvalDb
{
  sqlite3     *handle;
  GThreadPool *pool;
};

typedef struct
{
  GTask                 *task;
  GenkitEvalDbFunc       func;
  GenkitEvalDbApplyFunc  apply;
  gpointer               data;
  GDestroyNotify         data_free;
  GDestroyNotify         result_free;
  gpointer               result;
  GError                *error;
} Job;

static void
job_free (Job *job)
{
  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_clear_error (&job->error);
  g_clear_object (&job->task);
  g_free (job);
}

static gboolean
job_complete (gpointer user_data)
{
  Job *job = user_data;

  if (job->error != NULL)
    g_task_return_error (job->task, g_steal_pointer (&job->error));
  else
    {
      if (job->apply != NULL)
        job->apply (g_task_get_source_object (job->task), job->result, job->data);
      g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);
    }
  return G_SOURCE_REMOVE;
}

static void
job_run (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  GenkitEvalDb *db = user_data;

  if (g_task_return_error_if_cancelled (job->task))
    {
      job_free (job);
      return;
    }

  job->result = job->func (db->handle, job->data, &job->error);
  g_main_context_invoke_full (g_task_get_context (job->task), G_PRIORITY_DEFAULT,
                              job_complete, job, (GDestroyNotify) job_free);
}

/**
 * _genkit_eval_default_db_path:
 *
 * Gets the default evaluation database file.
 *
 * Returns: (transfer full): `$XDG_DATA_HOME/genkit-studio/evals.db`
 */
char *
_genkit_eval_default_db_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "genkit-studio", "evals.db", NULL);
}

/**
 * _genkit_eval_db_load_objects:
 * @db: a database no job runs on yet
 * @sql: a `SELECT` of the columns @new_from_row reads
 * @new_from_row: makes one object of the current row
 * @objects: where the objects are added, in the order of the rows
 * @error: return location for an error
 *
 * Reads a store's list when it is opened. The dataset and eval stores both do this before
 * any job is pushed, so reading on the caller's thread is safe.
 *
 * Returns: %TRUE, or %FALSE with `GENKIT_ERROR_INTERNAL`
 */
gboolean
_genkit_eval_db_load_objects (GenkitEvalDb       *db,
                              const char         *sql,
                              GenkitEvalRowFunc   new_from_row,
                              GPtrArray          *objects,
                              GError            **error)
{
  sqlite3 *handle = _genkit_eval_db_get_handle (db);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _genkit_eval_sql_prepare (handle, sql, error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (objects, new_from_row (stmt));
  if (rc != SQLITE_DONE)
    return _genkit_eval_sql_error (handle, error);
  return TRUE;
}

/* Every async method of the stores tags its task, so that its finish can check it got its
 * own result back. */
GTask *
_genkit_eval_task_new (gpointer             source_object,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data,
                       gpointer             source_tag)
{
  GTask *task = g_task_new (source_object, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  return task;
}

/* A job that answers a boolean returns a non-%NULL pointer on success. */
gboolean
_genkit_eval_task_finish_boolean (gpointer       source_object,
                                  GAsyncResult  *result,
                                  gpointer       source_tag,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source_object), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

gboolean
_genkit_eval_sql_error (sqlite3  *db,
                        GError  **error)
{
  int code = sqlite3_errcode (db);

  g_set_error (error, GENKIT_ERROR,
               code == SQLITE_CONSTRAINT ? GENKIT_ERROR_ALREADY_EXISTS : GENKIT_ERROR_INTERNAL,
               "evaluation store: %s", sqlite3_errmsg (db));
  return FALSE;
}

gboolean
_genkit_eval_sql_exec (sqlite3     *db,
                       const char  *sql,
                       GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "evaluation store: %s",
                   message ? message : sqlite3_errmsg (db));
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

sqlite3_stmt *
_genkit_eval_sql_prepare (sqlite3     *db,
                          const char  *sql,
                          GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      _genkit_eval_sql_error (db, error);
      return NULL;
    }
  return stmt;
}

gboolean
_genkit_eval_sql_begin (sqlite3  *db,
                        GError  **error)
{
  return _genkit_eval_sql_exec (db, "BEGIN IMMEDIATE;", error);
}

gboolean
_genkit_eval_sql_commit (sqlite3  *db,
                         GError  **error)
{
  return _genkit_eval_sql_exec (db, "COMMIT;", error);
}

void
_genkit_eval_sql_rollback (sqlite3 *db)
{
  if (!sqlite3_get_autocommit (db))
    sqlite3_exec (db, "ROLLBACK;", NULL, NULL, NULL);
}

void
_genkit_eval_sql_bind_text (sqlite3_stmt *stmt,
                            int           index,
                            const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
_genkit_eval_sql_bind_json (sqlite3_stmt *stmt,
                            int           index,
                            JsonNode     *node)
{
  if (node == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, _genkit_eval_json_to_text (node), -1, g_free);
}

char *
_genkit_eval_sql_column_text (sqlite3_stmt *stmt,
                              int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

JsonNode *
_genkit_eval_sql_column_json (sqlite3_stmt *stmt,
                              int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;
  return _genkit_eval_json_from_text ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
db_check_schema (sqlite3  *handle,
                 GError  **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int version;

  if (!(stmt = _genkit_eval_sql_prepare (handle, "PRAGMA user_version;", error)))
    return FALSE;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return _genkit_eval_sql_error (handle, error);
  version = sqlite3_column_int (stmt, 0);

  if (version != 0 && version != SCHEMA_VERSION)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                   "evaluation store: schema version %d is not %d; the file belongs to another "
                   "version of Genkit Studio", version, SCHEMA_VERSION);
      return FALSE;
    }

  return _genkit_eval_sql_exec (handle, schema_sql, error) &&
         _genkit_eval_sql_exec (handle, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION) ";",
                                error);
}

/**
 * _genkit_eval_db_open:
 * @path: (nullable): the database file; %NULL for the default
 * @error: return location for an error
 *
 * Opens (creating it and its folder if needed) the evaluation database in WAL mode, with its
 * schema, and starts its worker thread. Several stores (and processes) may open one file.
 *
 * Returns: (transfer full) (nullable): the database, or %NULL with @error set
 */
GenkitEvalDb *
_genkit_eval_db_open (const char  *path,
                      GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *dir = NULL;
  sqlite3 *handle = NULL;
  GenkitEvalDb *db;

  if (path == NULL)
    path = default_path = _genkit_eval_default_db_path ();

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                   "evaluation store: cannot create %s: %s", dir, g_strerror (saved));
      return NULL;
    }

  if (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "evaluation store: cannot open %s: %s",
                   path, handle ? sqlite3_errmsg (handle) : "out of memory");
      sqlite3_close (handle);
      return NULL;
    }
  sqlite3_busy_timeout (handle, 10000);

  if (!_genkit_eval_sql_exec (handle, "PRAGMA journal_mode = WAL;", error) ||
      !_genkit_eval_sql_exec (handle, "PRAGMA synchronous = NORMAL;", error) ||
      !_genkit_eval_sql_exec (handle, "PRAGMA foreign_keys = ON;", error) ||
      !db_check_schema (handle, error))
    {
      g_prefix_error (error, "%s: ", path);
      sqlite3_close (handle);
      return NULL;
    }

  db = g_new0 (GenkitEvalDb, 1);
  db->handle = handle;
  /* One worker: jobs run one after the other, in the order they were pushed. */
  db->pool = g_thread_pool_new (job_run, db, 1, FALSE, NULL);
  return db;
}

/**
 * _genkit_eval_db_get_handle:
 * @db: the database
 *
 * The connection, for work done on the caller's thread while no job runs (opening a store).
 *
 * Returns: (transfer none): the SQLite connection
 */
sqlite3 *
_genkit_eval_db_get_handle (GenkitEvalDb *db)
{
  return db->handle;
}

/**
 * _genkit_eval_db_close:
 * @db: (transfer full): the database
 *
 * Waits for the queued jobs, stops the worker and closes the connection.
 */
void
_genkit_eval_db_close (GenkitEvalDb *db)
{
  if (db == NULL)
    return;
  g_thread_pool_free (db->pool, FALSE, TRUE);
  sqlite3_close (db->handle);
  g_free (db);
}

/**
 * _genkit_eval_db_push:
 * @db: the database
 * @task: (transfer full): the task the job completes
 * @func: the work, on the worker thread
 * @apply: (nullable): run on the task's context before the task returns a result
 * @data: (transfer full): data for @func and @apply
 * @data_free: (nullable): frees @data
 * @result_free: (nullable): frees what @func returns
 *
 * Queues a job. Jobs run one at a time, in order; the task returns on its own context.
 */
void
_genkit_eval_db_push (GenkitEvalDb          *db,
                      GTask                 *task,
                      GenkitEvalDbFunc       func,
                      GenkitEvalDbApplyFunc  apply,
                      gpointer               data,
                      GDestroyNotify         data_free,
                      GDestroyNotify         result_free)
{
  Job *job = g_new0 (Job, 1);

  job->task = task;
  job->func = func;
  job->apply = apply;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;
  g_thread_pool_push (db->pool, job, NULL);
}
