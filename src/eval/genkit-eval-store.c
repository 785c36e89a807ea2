/* genkit-eval-store.c — eval runs in SQLite, their results, and the Genkit CLI's .genkit/evals
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <unistd.h>

#include "genkit-eval-private.h"

/**
 * GenkitEvalStore:
 *
 * The studio's eval runs, in the same SQLite database as its datasets (by default
 * `$XDG_DATA_HOME/genkit-studio/evals.db`): each run with its options, status and metrics,
 * and each of its test cases with its output, scores, latency and tokens. A
 * [class@Genkit.EvalRunner] writes a run as it goes — every finished test case is committed —
 * so a run interrupted by a crash keeps what it had done and can be resumed.
 *
 * The store is a #GListModel of [class@Genkit.EvalRun], oldest first, listed without their
 * results; [method@Genkit.EvalStore.load_results_async] reads a run's results into it.
 * Runs made by a runner appear as soon as they start.
 *
 * The Genkit CLI's own eval store, `.genkit/evals` (`<evalRunId>.json` holding Genkit's
 * `EvalRun`, and `index.json` of `EvalRunKey`s), is written by
 * [method@Genkit.EvalStore.export_genkit_async] — so the browser Dev UI lists the studio's
 * runs — and read by [method@Genkit.EvalStore.import_genkit_async] — so runs of `genkit
 * eval:flow` can be compared here.
 */
struct _GenkitEvalStore
{
  GObject       parent_instance;

  char         *path;
  GenkitEvalDb *db;
  GPtrArray    *runs;    /* GenkitEvalRun, by creation time */
};

static void genkit_eval_store_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitEvalStore, genkit_eval_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, genkit_eval_store_list_model_init))

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define RUN_COLUMNS \
  "id, status, target, runtime_id, runtime_name, runtime_version, dataset_id, dataset_version, " \
  "evaluators, config, metrics_metadata, metric_summaries, aggregates, created_at, updated_at, " \
  "finished_at, n_rows, n_done, n_failed, owner_pid, error"

#define RESULT_COLUMNS \
  "idx, test_case_id, status, input, output, reference, context, custom, error, trace_ids, " \
  "responses, latency_ms, usage"

/* GListModel -------------------------------------------------------------------------- */

static GType
genkit_eval_store_get_item_type (GListModel *model)
{
  return GENKIT_TYPE_EVAL_RUN;
}

static guint
genkit_eval_store_get_n_items (GListModel *model)
{
  return GENKIT_EVAL_STORE (model)->runs->len;
}

static gpointer
genkit_eval_store_get_item (GListModel *model,
                            guint       position)
{
  GenkitEvalStore *self = GENKIT_EVAL_STORE (model);

  if (position >= self->runs->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->runs, position));
}

static void
genkit_eval_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = genkit_eval_store_get_item_type;
  iface->get_n_items = genkit_eval_store_get_n_items;
  iface->get_item = genkit_eval_store_get_item;
}

static guint
find_run (GenkitEvalStore *self,
          const char      *id)
{
  for (guint i = 0; i < self->runs->len; i++)
    if (g_strcmp0 (genkit_eval_run_get_id (g_ptr_array_index (self->runs, i)), id) == 0)
      return i;
  return G_MAXUINT;
}

static void
model_add_run (GenkitEvalStore *self,
               GenkitEvalRun   *run)
{
  guint position;

  if (find_run (self, genkit_eval_run_get_id (run)) != G_MAXUINT)
    return;
  for (position = self->runs->len; position > 0; position--)
    if (genkit_eval_run_get_created_at (g_ptr_array_index (self->runs, position - 1)) <=
        genkit_eval_run_get_created_at (run))
      break;
  g_ptr_array_insert (self->runs, position, g_object_ref (run));
  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
}

/* GObject ----------------------------------------------------------------------------- */

static void
genkit_eval_store_finalize (GObject *object)
{
  GenkitEvalStore *self = GENKIT_EVAL_STORE (object);

  g_clear_pointer (&self->db, _genkit_eval_db_close);
  g_clear_pointer (&self->runs, g_ptr_array_unref);
  g_free (self->path);

  G_OBJECT_CLASS (genkit_eval_store_parent_class)->finalize (object);
}

static void
genkit_eval_store_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GenkitEvalStore *self = GENKIT_EVAL_STORE (object);

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
genkit_eval_store_class_init (GenkitEvalStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_eval_store_finalize;
  object_class->get_property = genkit_eval_store_get_property;

  /**
   * GenkitEvalStore:path:
   *
   * The SQLite database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_eval_store_init (GenkitEvalStore *self)
{
  self->runs = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * genkit_eval_store_new:
 * @path: (nullable): the database file; %NULL for `$XDG_DATA_HOME/genkit-studio/evals.db`
 * @error: return location for an error
 *
 * Opens (creating it if needed) an eval store and lists its runs. A run left `running` by a
 * process that no longer exists is listed as [enum@Genkit.EvalRunStatus.INTERRUPTED].
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
GenkitEvalStore *
genkit_eval_store_new (const char  *path,
                       GError     **error)
{
  g_autoptr(GenkitEvalStore) self = g_object_new (GENKIT_TYPE_EVAL_STORE, NULL);

  self->path = path ? g_strdup (path) : _genkit_eval_default_db_path ();
  if (!(self->db = _genkit_eval_db_open (self->path, error)))
    return NULL;
  if (!_genkit_eval_db_load_objects (self->db, "SELECT " RUN_COLUMNS " FROM eval_runs ORDER BY created_at, id;",
                                     (GenkitEvalRowFunc) _genkit_eval_run_new_from_row, self->runs, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * genkit_eval_store_get_path:
 * @self: a [class@Genkit.EvalStore]
 *
 * Gets the database file.
 *
 * Returns: the database file
 */
const char *
genkit_eval_store_get_path (GenkitEvalStore *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_STORE (self), NULL);

  return self->path;
}

/**
 * genkit_eval_store_lookup:
 * @self: a [class@Genkit.EvalStore]
 * @id: a run id
 *
 * Finds a run of the list model.
 *
 * Returns: (transfer none) (nullable): the run, or %NULL
 */
GenkitEvalRun *
genkit_eval_store_lookup (GenkitEvalStore *self,
                          const char      *id)
{
  guint position;

  g_return_val_if_fail (GENKIT_IS_EVAL_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  position = find_run (self, id);
  return position == G_MAXUINT ? NULL : g_ptr_array_index (self->runs, position);
}

/* Snapshots: what a job writes, copied on the caller's thread ------------------------- */

typedef struct
{
  char   *id;
  char   *status;
  char   *target;
  char   *runtime_id;
  char   *runtime_name;
  char   *runtime_version;
  char   *dataset_id;
  gint64  dataset_version;
  char   *evaluators;
  char   *config;
  char   *metrics_metadata;
  char   *metric_summaries;
  char   *aggregates;
  gint64  created_at;
  gint64  finished_at;
  guint   n_rows;
  guint   n_done;
  guint   n_failed;
  gint64  owner_pid;
  char   *error;
} RunSnapshot;

typedef struct
{
  guint   index;
  char   *test_case_id;
  char   *status;
  char   *input;
  char   *output;
  char   *reference;
  char   *context;
  char   *custom;
  char   *error;
  char   *trace_ids;
  char   *responses;
  double  latency_ms;
  char   *usage;
} ResultSnapshot;

static void
run_snapshot_free (RunSnapshot *snapshot)
{
  g_free (snapshot->id);
  g_free (snapshot->status);
  g_free (snapshot->target);
  g_free (snapshot->runtime_id);
  g_free (snapshot->runtime_name);
  g_free (snapshot->runtime_version);
  g_free (snapshot->dataset_id);
  g_free (snapshot->evaluators);
  g_free (snapshot->config);
  g_free (snapshot->metrics_metadata);
  g_free (snapshot->metric_summaries);
  g_free (snapshot->aggregates);
  g_free (snapshot->error);
  g_free (snapshot);
}

static void
result_snapshot_free (ResultSnapshot *snapshot)
{
  g_free (snapshot->test_case_id);
  g_free (snapshot->status);
  g_free (snapshot->input);
  g_free (snapshot->output);
  g_free (snapshot->reference);
  g_free (snapshot->context);
  g_free (snapshot->custom);
  g_free (snapshot->error);
  g_free (snapshot->trace_ids);
  g_free (snapshot->responses);
  g_free (snapshot->usage);
  g_free (snapshot);
}

static char *
json_text (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : NULL;
}

static char *
strv_text (const char * const *strv)
{
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;

  for (guint i = 0; strv != NULL && strv[i] != NULL; i++)
    json_array_add_string_element (array, strv[i]);
  node = json_node_init_array (json_node_alloc (), array);
  return json_to_string (node, FALSE);
}

static RunSnapshot *
run_snapshot_new (GenkitEvalRun *run)
{
  RunSnapshot *snapshot = g_new0 (RunSnapshot, 1);
  g_autoptr(JsonNode) config = json_node_init_object (json_node_alloc (), genkit_eval_run_get_config (run));
  GenkitEvalRunStatus status = genkit_eval_run_get_status (run);

  snapshot->id = g_strdup (genkit_eval_run_get_id (run));
  /* "interrupted" is what a dead owner's "running" reads as; it is never written. */
  snapshot->status = g_strdup (genkit_eval_run_status_to_string (status == GENKIT_EVAL_RUN_STATUS_INTERRUPTED
                                                                 ? GENKIT_EVAL_RUN_STATUS_RUNNING : status));
  snapshot->target = g_strdup (genkit_eval_run_get_target (run));
  snapshot->runtime_id = g_strdup (genkit_eval_run_get_runtime_id (run));
  snapshot->runtime_name = g_strdup (genkit_eval_run_get_runtime_name (run));
  snapshot->runtime_version = g_strdup (_genkit_eval_run_get_runtime_version (run));
  snapshot->dataset_id = g_strdup (genkit_eval_run_get_dataset_id (run));
  snapshot->dataset_version = genkit_eval_run_get_dataset_version (run);
  snapshot->evaluators = strv_text (genkit_eval_run_get_evaluators (run));
  snapshot->config = json_to_string (config, FALSE);
  snapshot->metrics_metadata = json_text (genkit_eval_run_get_metrics_metadata (run));
  snapshot->metric_summaries = json_text (genkit_eval_run_get_metric_summaries (run));
  snapshot->aggregates = json_text (genkit_eval_run_get_aggregates (run));
  snapshot->created_at = genkit_eval_run_get_created_at (run);
  snapshot->finished_at = genkit_eval_run_get_finished_at (run);
  snapshot->n_rows = genkit_eval_run_get_n_rows (run);
  snapshot->n_done = genkit_eval_run_get_n_done (run);
  snapshot->n_failed = genkit_eval_run_get_n_failed (run);
  snapshot->owner_pid = status == GENKIT_EVAL_RUN_STATUS_RUNNING ? (gint64) getpid () : 0;
  snapshot->error = g_strdup (genkit_eval_run_get_error (run));
  return snapshot;
}

static ResultSnapshot *
result_snapshot_new (GenkitEvalResult *result)
{
  ResultSnapshot *snapshot = g_new0 (ResultSnapshot, 1);
  JsonObject *responses = _genkit_eval_result_get_responses (result);
  JsonObject *usage = genkit_eval_result_get_usage (result);

  snapshot->index = genkit_eval_result_get_index (result);
  snapshot->test_case_id = g_strdup (genkit_eval_result_get_test_case_id (result));
  snapshot->status = g_strdup (_genkit_eval_result_status_to_string (genkit_eval_result_get_status (result)));
  snapshot->input = json_text (genkit_eval_result_get_input (result));
  snapshot->output = json_text (genkit_eval_result_get_output (result));
  snapshot->reference = json_text (genkit_eval_result_get_reference (result));
  snapshot->context = json_text (genkit_eval_result_get_context (result));
  snapshot->custom = json_text (genkit_eval_result_get_custom (result));
  snapshot->error = g_strdup (genkit_eval_result_get_error (result));
  snapshot->trace_ids = strv_text (genkit_eval_result_get_trace_ids (result));
  if (responses != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), responses);

      snapshot->responses = json_to_string (node, FALSE);
    }
  snapshot->latency_ms = genkit_eval_result_get_latency_ms (result);
  if (usage != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), usage);

      snapshot->usage = json_to_string (node, FALSE);
    }
  return snapshot;
}

static gboolean
db_write_run (sqlite3      *db,
              RunSnapshot  *run,
              GError      **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _genkit_eval_sql_prepare (db,
                                         "INSERT INTO eval_runs (" RUN_COLUMNS ") VALUES "
                                         "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
                                         "?17, ?18, ?19, ?20, ?21) ON CONFLICT (id) DO UPDATE SET "
                                         "status = ?2, metrics_metadata = ?11, metric_summaries = ?12, "
                                         "aggregates = ?13, updated_at = ?15, finished_at = ?16, n_rows = ?17, "
                                         "n_done = ?18, n_failed = ?19, owner_pid = ?20, error = ?21;", error)))
    return FALSE;
  _genkit_eval_sql_bind_text (stmt, 1, run->id);
  _genkit_eval_sql_bind_text (stmt, 2, run->status);
  _genkit_eval_sql_bind_text (stmt, 3, run->target);
  _genkit_eval_sql_bind_text (stmt, 4, run->runtime_id);
  _genkit_eval_sql_bind_text (stmt, 5, run->runtime_name);
  _genkit_eval_sql_bind_text (stmt, 6, run->runtime_version);
  _genkit_eval_sql_bind_text (stmt, 7, run->dataset_id);
  if (run->dataset_id != NULL)
    sqlite3_bind_int64 (stmt, 8, run->dataset_version);
  _genkit_eval_sql_bind_text (stmt, 9, run->evaluators);
  _genkit_eval_sql_bind_text (stmt, 10, run->config);
  _genkit_eval_sql_bind_text (stmt, 11, run->metrics_metadata);
  _genkit_eval_sql_bind_text (stmt, 12, run->metric_summaries);
  _genkit_eval_sql_bind_text (stmt, 13, run->aggregates);
  sqlite3_bind_int64 (stmt, 14, run->created_at);
  sqlite3_bind_int64 (stmt, 15, _genkit_eval_now_ms ());
  if (run->finished_at > 0)
    sqlite3_bind_int64 (stmt, 16, run->finished_at);
  sqlite3_bind_int64 (stmt, 17, run->n_rows);
  sqlite3_bind_int64 (stmt, 18, run->n_done);
  sqlite3_bind_int64 (stmt, 19, run->n_failed);
  if (run->owner_pid > 0)
    sqlite3_bind_int64 (stmt, 20, run->owner_pid);
  _genkit_eval_sql_bind_text (stmt, 21, run->error);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);
  return TRUE;
}

static gboolean
db_write_result (sqlite3         *db,
                 sqlite3_stmt    *stmt,
                 const char      *run_id,
                 ResultSnapshot  *result,
                 GError         **error)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  _genkit_eval_sql_bind_text (stmt, 1, run_id);
  sqlite3_bind_int64 (stmt, 2, result->index);
  _genkit_eval_sql_bind_text (stmt, 3, result->test_case_id);
  _genkit_eval_sql_bind_text (stmt, 4, result->status);
  _genkit_eval_sql_bind_text (stmt, 5, result->input);
  _genkit_eval_sql_bind_text (stmt, 6, result->output);
  _genkit_eval_sql_bind_text (stmt, 7, result->reference);
  _genkit_eval_sql_bind_text (stmt, 8, result->context);
  _genkit_eval_sql_bind_text (stmt, 9, result->custom);
  _genkit_eval_sql_bind_text (stmt, 10, result->error);
  _genkit_eval_sql_bind_text (stmt, 11, result->trace_ids);
  _genkit_eval_sql_bind_text (stmt, 12, result->responses);
  if (result->latency_ms >= 0)
    sqlite3_bind_double (stmt, 13, result->latency_ms);
  _genkit_eval_sql_bind_text (stmt, 14, result->usage);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return _genkit_eval_sql_error (db, error);
  return TRUE;
}

typedef struct
{
  GenkitEvalRun *run;         /* for the main-context side only */
  RunSnapshot   *snapshot;
  GPtrArray     *results;     /* ResultSnapshot */
  char          *id;
  char          *path;
  GStrv          ids;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->run);
  g_clear_pointer (&job->snapshot, run_snapshot_free);
  g_clear_pointer (&job->results, g_ptr_array_unref);
  g_free (job->id);
  g_free (job->path);
  g_strfreev (job->ids);
  g_free (job);
}

static gpointer
do_save (sqlite3   *db,
         gpointer   data,
         GError   **error)
{
  Job *job = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!_genkit_eval_sql_begin (db, error))
    return NULL;
  if (!db_write_run (db, job->snapshot, error))
    goto fail;
  if (job->results->len > 0)
    {
      if (!(stmt = _genkit_eval_sql_prepare (db, "INSERT OR REPLACE INTO eval_results (run_id, " RESULT_COLUMNS
                                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?);", error)))
        goto fail;
      for (guint i = 0; i < job->results->len; i++)
        if (!db_write_result (db, stmt, job->snapshot->id, g_ptr_array_index (job->results, i), error))
          goto fail;
    }
  if (!_genkit_eval_sql_commit (db, error))
    goto fail;
  return GINT_TO_POINTER (TRUE);

fail:
  _genkit_eval_sql_rollback (db);
  return NULL;
}

static void
apply_save (GObject  *source,
            gpointer  result,
            gpointer  data)
{
  Job *job = data;

  model_add_run (GENKIT_EVAL_STORE (source), job->run);
}

/**
 * _genkit_eval_store_save_async:
 * @self: the store
 * @run: the run
 * @results: (nullable) (element-type GenkitEvalResult): results of @run to write
 * @callback: (nullable): called when the write is committed
 * @user_data: data for @callback
 *
 * Writes a run's row (adding it, or updating its status, counts, metrics and owner) and the
 * given results, in one transaction; the run joins the list model. What is written is copied
 * now, so the objects may change while the write waits.
 */
void
_genkit_eval_store_save_async (GenkitEvalStore     *self,
                               GenkitEvalRun       *run,
                               GPtrArray           *results,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (self, NULL, callback, user_data);
  Job *job = g_new0 (Job, 1);

  g_task_set_source_tag (task, _genkit_eval_store_save_async);
  job->run = g_object_ref (run);
  job->snapshot = run_snapshot_new (run);
  job->results = g_ptr_array_new_with_free_func ((GDestroyNotify) result_snapshot_free);
  for (guint i = 0; results != NULL && i < results->len; i++)
    g_ptr_array_add (job->results, result_snapshot_new (g_ptr_array_index (results, i)));
  _genkit_eval_db_push (self->db, task, do_save, apply_save, job, (GDestroyNotify) job_free, NULL);
}

gboolean
_genkit_eval_store_save_finish (GenkitEvalStore  *self,
                                GAsyncResult     *result,
                                GError          **error)
{
  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/* Reading ----------------------------------------------------------------------------- */

static GPtrArray *
db_read_results (sqlite3     *db,
                 const char  *run_id,
                 GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  int rc;

  if (!(stmt = _genkit_eval_sql_prepare (db, "SELECT " RESULT_COLUMNS " FROM eval_results WHERE run_id = ? "
                                         "ORDER BY idx;", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, run_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (results, _genkit_eval_result_new_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      _genkit_eval_sql_error (db, error);
      return NULL;
    }
  return g_steal_pointer (&results);
}

static GenkitEvalRun *
db_read_run (sqlite3     *db,
             const char  *id,
             GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  int rc;

  if (!(stmt = _genkit_eval_sql_prepare (db, "SELECT " RUN_COLUMNS " FROM eval_runs WHERE id = ?;", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return _genkit_eval_run_new_from_row (stmt);
  if (rc == SQLITE_DONE)
    g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "No eval run %s", id);
  else
    _genkit_eval_sql_error (db, error);
  return NULL;
}

static gpointer
do_load_results (sqlite3   *db,
                 gpointer   data,
                 GError   **error)
{
  Job *job = data;

  return db_read_results (db, job->id, error);
}

static void
apply_results (GObject  *source,
               gpointer  result,
               gpointer  data)
{
  Job *job = data;

  _genkit_eval_run_set_results (job->run, result);
}

/**
 * genkit_eval_store_load_results_async:
 * @self: a [class@Genkit.EvalStore]
 * @run: a run of the store
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when @run has its results
 * @user_data: data for @callback
 *
 * Reads a run's results into [method@Genkit.EvalRun.get_results] (replacing what it held).
 */
void
genkit_eval_store_load_results_async (GenkitEvalStore     *self,
                                      GenkitEvalRun       *run,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (GENKIT_IS_EVAL_STORE (self));
  g_return_if_fail (GENKIT_IS_EVAL_RUN (run));

  task = _genkit_eval_task_new (self, cancellable, callback, user_data, genkit_eval_store_load_results_async);
  job = g_new0 (Job, 1);
  job->run = g_object_ref (run);
  job->id = g_strdup (genkit_eval_run_get_id (run));
  _genkit_eval_db_push (self->db, task, do_load_results, apply_results, job, (GDestroyNotify) job_free,
                        (GDestroyNotify) g_ptr_array_unref);
}

/**
 * genkit_eval_store_load_results_finish:
 * @self: a [class@Genkit.EvalStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.EvalStore.load_results_async].
 *
 * Returns: %TRUE if the results were read
 */
gboolean
genkit_eval_store_load_results_finish (GenkitEvalStore  *self,
                                       GAsyncResult     *result,
                                       GError          **error)
{
  g_autoptr(GPtrArray) results = NULL;

  g_return_val_if_fail (GENKIT_IS_EVAL_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  results = g_task_propagate_pointer (G_TASK (result), error);
  return results != NULL;
}

static gpointer
do_delete (sqlite3   *db,
           gpointer   data,
           GError   **error)
{
  Job *job = data;
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (!(stmt = _genkit_eval_sql_prepare (db, "DELETE FROM eval_runs WHERE id = ?;", error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, job->id, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      _genkit_eval_sql_error (db, error);
      return NULL;
    }
  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "No eval run %s", job->id);
      return NULL;
    }
  return GINT_TO_POINTER (TRUE);
}

static void
apply_delete (GObject  *source,
              gpointer  result,
              gpointer  data)
{
  GenkitEvalStore *self = GENKIT_EVAL_STORE (source);
  Job *job = data;
  guint position = find_run (self, job->id);

  if (position == G_MAXUINT)
    return;
  g_ptr_array_remove_index (self->runs, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

/**
 * genkit_eval_store_delete_async:
 * @self: a [class@Genkit.EvalStore]
 * @id: a run id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the run is gone
 * @user_data: data for @callback
 *
 * Deletes a run and its results.
 */
void
genkit_eval_store_delete_async (GenkitEvalStore     *self,
                                const char          *id,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (GENKIT_IS_EVAL_STORE (self));
  g_return_if_fail (id != NULL);

  task = _genkit_eval_task_new (self, cancellable, callback, user_data, genkit_eval_store_delete_async);
  job = g_new0 (Job, 1);
  job->id = g_strdup (id);
  _genkit_eval_db_push (self->db, task, do_delete, apply_delete, job, (GDestroyNotify) job_free, NULL);
}

/**
 * genkit_eval_store_delete_finish:
 * @self: a [class@Genkit.EvalStore]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND`
 *
 * Finishes [method@Genkit.EvalStore.delete_async].
 *
 * Returns: %TRUE if the run was deleted
 */
gboolean
genkit_eval_store_delete_finish (GenkitEvalStore  *self,
                                 GAsyncResult     *result,
                                 GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_STORE (self), FALSE);

  return _genkit_eval_task_finish_boolean (self, result, genkit_eval_store_delete_async, error);
}

/* The Genkit CLI's `.genkit/evals` ---------------------------------------------------- */

static gpointer
do_export_genkit (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  Job *job = data;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *index_path = g_build_filename (job->path, "index.json", NULL);
  g_autoptr(JsonObject) index = NULL;
  g_autoptr(JsonNode) index_node = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *index_text = NULL;

  if (job->ids != NULL)
    for (guint i = 0; job->ids[i] != NULL; i++)
      g_ptr_array_add (ids, g_strdup (job->ids[i]));
  else
    {
      g_autoptr(sqlite3_stmt) stmt = _genkit_eval_sql_prepare (db, "SELECT id FROM eval_runs WHERE status = "
                                                              "'completed' ORDER BY created_at, id;", error);
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

  /* Keep the runs the Genkit CLI listed itself. */
  if (g_file_test (index_path, G_FILE_TEST_EXISTS))
    {
      g_autofree char *contents = NULL;
      g_autoptr(JsonNode) root = NULL;
      gsize length;

      if (!g_file_get_contents (index_path, &contents, &length, error))
        return NULL;
      if (!(root = genkit_json_parse (contents, length, error)) || !JSON_NODE_HOLDS_OBJECT (root))
        {
          g_clear_error (error);
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "%s: not a Genkit eval index (a JSON object)", index_path);
          return NULL;
        }
      index = json_object_ref (json_node_get_object (root));
    }
  else
    index = json_object_new ();

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GenkitEvalRun) run = NULL;
      g_autoptr(GPtrArray) results = NULL;
      g_autoptr(JsonNode) json = NULL;
      g_autofree char *text = NULL;
      g_autofree char *file = NULL;
      g_autofree char *path = NULL;

      if (!_genkit_eval_dataset_id_is_safe (id))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "Invalid eval run id: \"%s\"", id);
          return NULL;
        }
      if (!(run = db_read_run (db, id, error)) || !(results = db_read_results (db, id, error)))
        return NULL;
      /* Objects of this job alone: safe to fill on this thread. */
      _genkit_eval_run_set_results (run, results);
      json = genkit_eval_run_to_json (run);
      text = json_to_string (json, FALSE);
      file = g_strconcat (id, ".json", NULL);
      path = g_build_filename (job->path, file, NULL);
      if (!_genkit_eval_write_file (path, text, -1, error))
        return NULL;
      json_object_set_member (index, id, genkit_eval_run_to_key_json (run));
    }

  index_node = json_node_init_object (json_node_alloc (), index);
  json_generator_set_root (generator, index_node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  index_text = json_generator_to_data (generator, NULL);
  if (!_genkit_eval_write_file (index_path, index_text, -1, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/**
 * genkit_eval_store_export_genkit_async:
 * @self: a [class@Genkit.EvalStore]
 * @ids: (nullable) (array zero-terminated=1): the runs to export; %NULL for every completed run
 * @evals_dir: a Genkit CLI eval store folder (`<dir>/.genkit/evals`), created if needed
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the files are written
 * @user_data: data for @callback
 *
 * Writes runs as the Genkit CLI's `LocalFileEvalStore` does: `<evalRunId>.json` (compact
 * `EvalRun`) and their `EvalRunKey`s in `index.json` (indented by two spaces; the runs it
 * already lists are kept).
 */
void
genkit_eval_store_export_genkit_async (GenkitEvalStore     *self,
                                       const char * const  *ids,
                                       const char          *evals_dir,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (GENKIT_IS_EVAL_STORE (self));
  g_return_if_fail (evals_dir != NULL);

  task = _genkit_eval_task_new (self, cancellable, callback, user_data, genkit_eval_store_export_genkit_async);
  job = g_new0 (Job, 1);
  job->path = g_strdup (evals_dir);
  job->ids = g_strdupv ((char **) ids);
  _genkit_eval_db_push (self->db, task, do_export_genkit, NULL, job, (GDestroyNotify) job_free, NULL);
}

/**
 * genkit_eval_store_export_genkit_finish:
 * @self: a [class@Genkit.EvalStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.EvalStore.export_genkit_async].
 *
 * Returns: %TRUE if the files were written
 */
gboolean
genkit_eval_store_export_genkit_finish (GenkitEvalStore  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_STORE (self), FALSE);

  return _genkit_eval_task_finish_boolean (self, result, genkit_eval_store_export_genkit_async, error);
}

/* Genkit's EvalMetrics back into one EvalResponse per evaluator. */
static JsonObject *
responses_from_metrics (JsonArray  *metrics,
                        const char *test_case_id,
                        GPtrArray  *evaluators)
{
  JsonObject *responses = json_object_new ();

  for (guint i = 0; metrics != NULL && i < json_array_get_length (metrics); i++)
    {
      JsonNode *node = json_array_get_element (metrics, i);
      JsonObject *metric, *score, *response;
      const char *evaluator;
      JsonNode *evaluation;

      if (!JSON_NODE_HOLDS_OBJECT (node) ||
          !(evaluator = _genkit_eval_json_get_string (json_node_get_object (node), "evaluator")))
        continue;
      metric = json_node_get_object (node);
      if (!g_ptr_array_find_with_equal_func (evaluators, evaluator, g_str_equal, NULL))
        g_ptr_array_add (evaluators, g_strdup (evaluator));

      score = json_object_new ();
      if (json_object_has_member (metric, "score"))
        json_object_set_member (score, "score", json_node_copy (json_object_get_member (metric, "score")));
      if (json_object_has_member (metric, "scoreId"))
        json_object_set_member (score, "id", json_node_copy (json_object_get_member (metric, "scoreId")));
      if (json_object_has_member (metric, "status"))
        json_object_set_member (score, "status", json_node_copy (json_object_get_member (metric, "status")));
      if (json_object_has_member (metric, "error"))
        json_object_set_member (score, "error", json_node_copy (json_object_get_member (metric, "error")));
      if (json_object_has_member (metric, "rationale"))
        {
          JsonObject *details = json_object_new ();

          json_object_set_member (details, "reasoning", json_node_copy (json_object_get_member (metric, "rationale")));
          json_object_set_object_member (score, "details", details);
        }

      if (!json_object_has_member (responses, evaluator))
        {
          response = json_object_new ();
          json_object_set_string_member (response, "testCaseId", test_case_id);
          if (json_object_has_member (metric, "traceId"))
            json_object_set_member (response, "traceId", json_node_copy (json_object_get_member (metric, "traceId")));
          if (json_object_has_member (metric, "spanId"))
            json_object_set_member (response, "spanId", json_node_copy (json_object_get_member (metric, "spanId")));
          json_object_set_object_member (response, "evaluation", score);
          json_object_set_object_member (responses, evaluator, response);
          continue;
        }

      /* A second score of the same evaluator: the evaluation is an array. */
      response = json_object_get_object_member (responses, evaluator);
      evaluation = json_object_get_member (response, "evaluation");
      if (!JSON_NODE_HOLDS_ARRAY (evaluation))
        {
          JsonArray *array = json_array_new ();

          json_array_add_element (array, json_node_copy (evaluation));
          json_object_set_array_member (response, "evaluation", array);
          evaluation = json_object_get_member (response, "evaluation");
        }
      json_array_add_object_element (json_node_get_array (evaluation), score);
    }
  return responses;
}

static GenkitEvalRun *
run_from_genkit (JsonNode    *root,
                 const char  *path,
                 GError     **error)
{
  g_autoptr(GPtrArray) evaluators = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonObject) config = json_object_new ();
  g_autoptr(JsonNode) aggregates = NULL;
  GenkitEvalRun *run;
  JsonObject *key;
  JsonNode *node;
  JsonArray *array;
  const char *id, *target;
  gint64 created = _genkit_eval_now_ms ();

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !(node = json_object_get_member (json_node_get_object (root), "key")) || !JSON_NODE_HOLDS_OBJECT (node) ||
      !(id = _genkit_eval_json_get_string (json_node_get_object (node), "evalRunId")) ||
      !(node = json_object_get_member (json_node_get_object (root), "results")) || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "%s: not a Genkit EvalRun (an object with key.evalRunId and results)", path);
      return NULL;
    }
  key = json_object_get_object_member (json_node_get_object (root), "key");
  array = json_node_get_array (node);
  if (!_genkit_eval_dataset_id_is_safe (id))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "%s: invalid evalRunId", path);
      return NULL;
    }

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(JsonObject) responses = NULL;
      GenkitEvalResult *result;
      JsonObject *object;
      const char *test_case_id;
      g_autoptr(GPtrArray) trace_ids = g_ptr_array_new ();

      if (!JSON_NODE_HOLDS_OBJECT (element) ||
          !(test_case_id = _genkit_eval_json_get_string (json_node_get_object (element), "testCaseId")))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "%s: result %u has no testCaseId", path, i + 1);
          return NULL;
        }
      object = json_node_get_object (element);
      result = genkit_eval_result_new (i, test_case_id, json_object_get_member (object, "input"),
                                       json_object_get_member (object, "reference"),
                                       json_object_get_member (object, "context"));
      g_ptr_array_add (results, result);
      _genkit_eval_result_set_output (result, json_object_get_member (object, "output"));
      _genkit_eval_result_set_custom (result, json_object_get_member (object, "custom"));
      _genkit_eval_result_set_error (result, _genkit_eval_json_get_string (object, "error"));
      if ((node = json_object_get_member (object, "traceIds")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
        for (guint t = 0; t < json_array_get_length (json_node_get_array (node)); t++)
          {
            JsonNode *trace = json_array_get_element (json_node_get_array (node), t);

            if (JSON_NODE_HOLDS_VALUE (trace) && json_node_get_value_type (trace) == G_TYPE_STRING)
              g_ptr_array_add (trace_ids, (gpointer) json_node_get_string (trace));
          }
      _genkit_eval_result_set_trace_ids (result, trace_ids);
      node = json_object_get_member (object, "metrics");
      responses = responses_from_metrics (node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL,
                                          test_case_id, evaluators);
      _genkit_eval_result_set_responses (result, responses, NULL);
      _genkit_eval_result_set_status (result, _genkit_eval_json_get_string (object, "error")
                                              ? GENKIT_EVAL_RESULT_STATUS_FAILED : GENKIT_EVAL_RESULT_STATUS_DONE);
    }

  g_ptr_array_add (evaluators, NULL);
  target = _genkit_eval_json_get_string (key, "actionRef");
  run = _genkit_eval_run_new (id, target ? target : "", (const char * const *) evaluators->pdata);
  if (_genkit_eval_parse_date (_genkit_eval_json_get_string (key, "createdAt"), &created))
    _genkit_eval_run_set_created_at (run, created);
  if (_genkit_eval_json_get_string (key, "datasetId") != NULL)
    {
      node = json_object_get_member (key, "datasetVersion");
      _genkit_eval_run_set_dataset (run, _genkit_eval_json_get_string (key, "datasetId"),
                                    node && JSON_NODE_HOLDS_VALUE (node) &&
                                    json_node_get_value_type (node) != G_TYPE_STRING ? (gint64) json_node_get_double (node) : 0);
    }
  if ((node = json_object_get_member (key, "actionConfig")) != NULL)
    json_object_set_member (config, "actionConfig", json_node_copy (node));
  json_object_set_string_member (config, "source", "genkit");
  _genkit_eval_run_set_config (run, config);
  _genkit_eval_run_set_metrics_metadata (run, json_object_get_member (key, "metricsMetadata"));
  _genkit_eval_run_set_results (run, results);
  aggregates = _genkit_eval_aggregates ((const char * const *) evaluators->pdata, results);
  _genkit_eval_run_set_summaries (run, json_object_get_member (key, "metricSummaries"), aggregates);
  _genkit_eval_run_set_status (run, GENKIT_EVAL_RUN_STATUS_COMPLETED, NULL);
  _genkit_eval_run_set_finished_at (run, genkit_eval_run_get_created_at (run));
  return run;
}

static gpointer
do_import_genkit (sqlite3   *db,
                  gpointer   data,
                  GError   **error)
{
  Job *job = data;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) runs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (job->ids != NULL)
    for (guint i = 0; job->ids[i] != NULL; i++)
      g_ptr_array_add (names, g_strconcat (job->ids[i], ".json", NULL));
  else
    {
      if (!(dir = g_dir_open (job->path, 0, error)))
        return NULL;
      while ((name = g_dir_read_name (dir)) != NULL)
        if (g_str_has_suffix (name, ".json") && !g_str_equal (name, "index.json"))
          g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (job->path, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      g_autoptr(JsonNode) root = NULL;
      GenkitEvalRun *run;
      gsize length;

      if (!g_file_get_contents (path, &contents, &length, error))
        return NULL;
      if (!(root = genkit_json_parse (contents, length, error)))
        {
          g_prefix_error (error, "%s: ", path);
          return NULL;
        }
      if (!(run = run_from_genkit (root, path, error)))
        return NULL;
      g_ptr_array_add (runs, run);
    }

  for (guint i = 0; i < runs->len; i++)
    {
      GenkitEvalRun *run = g_ptr_array_index (runs, i);
      g_autoptr(GPtrArray) results = _genkit_eval_run_get_results_array (run);
      Job save = { 0 };
      gpointer saved;

      save.snapshot = run_snapshot_new (run);
      save.results = g_ptr_array_new_with_free_func ((GDestroyNotify) result_snapshot_free);
      for (guint r = 0; r < results->len; r++)
        g_ptr_array_add (save.results, result_snapshot_new (g_ptr_array_index (results, r)));
      saved = do_save (db, &save, error);
      run_snapshot_free (save.snapshot);
      g_ptr_array_unref (save.results);
      if (saved == NULL)
        return NULL;
    }
  return g_steal_pointer (&runs);
}

static void
apply_import (GObject  *source,
              gpointer  result,
              gpointer  data)
{
  GenkitEvalStore *self = GENKIT_EVAL_STORE (source);
  GPtrArray *runs = result;

  for (guint i = 0; i < runs->len; i++)
    {
      GenkitEvalRun *run = g_ptr_array_index (runs, i);
      guint position = find_run (self, genkit_eval_run_get_id (run));

      if (position != G_MAXUINT)
        {
          GenkitEvalRun *existing = g_ptr_array_index (self->runs, position);
          g_autoptr(GPtrArray) results = _genkit_eval_run_get_results_array (run);

          _genkit_eval_run_update (existing, run);
          _genkit_eval_run_set_results (existing, results);
          g_ptr_array_index (runs, i) = g_object_ref (existing);
          g_object_unref (run);
        }
      else
        model_add_run (self, run);
    }
}

/**
 * genkit_eval_store_import_genkit_async:
 * @self: a [class@Genkit.EvalStore]
 * @evals_dir: a Genkit CLI eval store folder (`.genkit/evals`)
 * @ids: (nullable) (array zero-terminated=1): the runs to import; %NULL for every
 *   `<evalRunId>.json` of the folder
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the runs are stored
 * @user_data: data for @callback
 *
 * Imports runs `genkit eval:flow`, `genkit eval:run` or the browser Dev UI made, so they can
 * be listed and compared with the studio's: each becomes a completed run with Genkit's
 * results, metrics and `metricSummaries` (the aggregates are computed here). A run already
 * in the store is replaced.
 */
void
genkit_eval_store_import_genkit_async (GenkitEvalStore     *self,
                                       const char          *evals_dir,
                                       const char * const  *ids,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (GENKIT_IS_EVAL_STORE (self));
  g_return_if_fail (evals_dir != NULL);

  task = _genkit_eval_task_new (self, cancellable, callback, user_data, genkit_eval_store_import_genkit_async);
  job = g_new0 (Job, 1);
  job->path = g_strdup (evals_dir);
  job->ids = g_strdupv ((char **) ids);
  _genkit_eval_db_push (self->db, task, do_import_genkit, apply_import, job, (GDestroyNotify) job_free,
                        (GDestroyNotify) g_ptr_array_unref);
}

/**
 * genkit_eval_store_import_genkit_finish:
 * @self: a [class@Genkit.EvalStore]
 * @result: the result given to the callback
 * @error: return location for an error: a #GFileError, `INVALID_ARGUMENT` for files that are
 *   not Genkit `EvalRun`s
 *
 * Finishes [method@Genkit.EvalStore.import_genkit_async].
 *
 * Returns: (transfer full) (element-type GenkitEvalRun) (nullable): the imported runs (the
 *   list model's objects, with their results), or %NULL
 */
GPtrArray *
genkit_eval_store_import_genkit_finish (GenkitEvalStore  *self,
                                        GAsyncResult     *result,
                                        GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
