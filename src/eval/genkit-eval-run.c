/* genkit-eval-run.c — one evaluation: target, dataset, evaluators, results and metrics
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "genkit-eval-private.h"

/**
 * GenkitEvalRun:
 *
 * One evaluation, Genkit's `EvalRun`: a target action run on every test case of a dataset
 * (or of a file), the outputs scored by evaluator actions. It holds what was asked — the
 * target key, the runtime, the dataset and its version, the evaluator keys, the options
 * ([method@Genkit.EvalRun.get_config]) — and what came of it: its status and progress, the
 * results ([method@Genkit.EvalRun.get_results], a #GListModel of [class@Genkit.EvalResult]),
 * Genkit's `metricSummaries` and `metricsMetadata`, and the studio's aggregates (pass rates,
 * means and percentiles per metric, latency and tokens).
 *
 * Runs come from a [class@Genkit.EvalStore] (loaded without their results until
 * [method@Genkit.EvalStore.load_results_async]) or from a [class@Genkit.EvalRunner], which
 * updates the same object while it works; the properties are notified as they change.
 *
 * [method@Genkit.EvalRun.to_json] gives the run as Genkit's `EvalRun` (the Genkit CLI's
 * `.genkit/evals/<evalRunId>.json`), [method@Genkit.EvalRun.export_json] and
 * [method@Genkit.EvalRun.export_csv] what `genkit eval:flow -o` writes, and
 * [method@Genkit.EvalRun.compare] sets two runs side by side.
 */
struct _GenkitEvalRun
{
  GObject              parent_instance;

  char                *id;
  GenkitEvalRunStatus  status;
  char                *error;
  char                *target;
  char                *runtime_id;
  char                *runtime_name;
  char                *runtime_version;
  char                *dataset_id;
  gint64               dataset_version;
  GStrv                evaluators;
  JsonObject          *config;
  JsonNode            *metrics_metadata;
  JsonNode            *metric_summaries;
  JsonNode            *aggregates;
  gint64               created_at;
  gint64               finished_at;
  guint                n_rows;
  guint                n_done;
  guint                n_failed;
  GListStore          *results;
  gboolean             has_results;
};

G_DEFINE_FINAL_TYPE (GenkitEvalRun, genkit_eval_run, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATUS,
  PROP_ERROR,
  PROP_TARGET,
  PROP_DATASET_ID,
  PROP_DATASET_VERSION,
  PROP_EVALUATORS,
  PROP_CREATED_AT,
  PROP_FINISHED_AT,
  PROP_N_ROWS,
  PROP_N_DONE,
  PROP_N_FAILED,
  PROP_PROGRESS,
  PROP_METRIC_SUMMARIES,
  PROP_AGGREGATES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_names[] = { "running", "completed", "cancelled", "failed", "interrupted" };

/**
 * genkit_eval_run_status_to_string:
 * @status: a run status
 *
 * Gets the name of a run status.
 *
 * Returns: `running`, `completed`, `cancelled`, `failed` or `interrupted`
 */
const char *
genkit_eval_run_status_to_string (GenkitEvalRunStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), "failed");

  return status_names[status];
}

static void
genkit_eval_run_finalize (GObject *object)
{
  GenkitEvalRun *self = GENKIT_EVAL_RUN (object);

  g_free (self->id);
  g_free (self->error);
  g_free (self->target);
  g_free (self->runtime_id);
  g_free (self->runtime_name);
  g_free (self->runtime_version);
  g_free (self->dataset_id);
  g_strfreev (self->evaluators);
  g_clear_pointer (&self->config, json_object_unref);
  g_clear_pointer (&self->metrics_metadata, json_node_unref);
  g_clear_pointer (&self->metric_summaries, json_node_unref);
  g_clear_pointer (&self->aggregates, json_node_unref);
  g_clear_object (&self->results);

  G_OBJECT_CLASS (genkit_eval_run_parent_class)->finalize (object);
}

static void
genkit_eval_run_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GenkitEvalRun *self = GENKIT_EVAL_RUN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_DATASET_ID:
      g_value_set_string (value, self->dataset_id);
      break;
    case PROP_DATASET_VERSION:
      g_value_set_int64 (value, self->dataset_version);
      break;
    case PROP_EVALUATORS:
      g_value_set_boxed (value, self->evaluators);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, self->created_at);
      break;
    case PROP_FINISHED_AT:
      g_value_set_int64 (value, self->finished_at);
      break;
    case PROP_N_ROWS:
      g_value_set_uint (value, self->n_rows);
      break;
    case PROP_N_DONE:
      g_value_set_uint (value, self->n_done);
      break;
    case PROP_N_FAILED:
      g_value_set_uint (value, self->n_failed);
      break;
    case PROP_PROGRESS:
      g_value_set_double (value, genkit_eval_run_get_progress (self));
      break;
    case PROP_METRIC_SUMMARIES:
      g_value_set_boxed (value, self->metric_summaries);
      break;
    case PROP_AGGREGATES:
      g_value_set_boxed (value, self->aggregates);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_eval_run_class_init (GenkitEvalRunClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_eval_run_finalize;
  object_class->get_property = genkit_eval_run_get_property;

  /**
   * GenkitEvalRun:id:
   *
   * The run's id (Genkit's `evalRunId`, a UUID), also the `evalRunId` the evaluators see.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:status:
   *
   * Where the run is.
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GENKIT_TYPE_EVAL_RUN_STATUS, GENKIT_EVAL_RUN_STATUS_RUNNING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:error:
   *
   * Why a failed run stopped, or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:target:
   *
   * The key of the action evaluated (Genkit's `actionRef`): `/flow/…`, `/model/…` or
   * `/executable-prompt/…`.
   */
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:dataset-id:
   *
   * The dataset run, or %NULL for rows from a file.
   */
  properties[PROP_DATASET_ID] =
    g_param_spec_string ("dataset-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:dataset-version:
   *
   * The version of the dataset run, or 0.
   */
  properties[PROP_DATASET_VERSION] =
    g_param_spec_int64 ("dataset-version", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:evaluators:
   *
   * The evaluator keys (`/evaluator/…`), in the order their scores are listed.
   */
  properties[PROP_EVALUATORS] =
    g_param_spec_boxed ("evaluators", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:created-at:
   *
   * When the run started, in milliseconds since the Unix epoch.
   */
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:finished-at:
   *
   * When the run completed, in milliseconds since the Unix epoch, or 0.
   */
  properties[PROP_FINISHED_AT] =
    g_param_spec_int64 ("finished-at", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:n-rows:
   *
   * The number of test cases.
   */
  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:n-done:
   *
   * The number of test cases run and scored.
   */
  properties[PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:n-failed:
   *
   * The number of test cases whose target failed.
   */
  properties[PROP_N_FAILED] =
    g_param_spec_uint ("n-failed", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:progress:
   *
   * The share of test cases done or failed, from 0 to 1.
   */
  properties[PROP_PROGRESS] =
    g_param_spec_double ("progress", NULL, NULL, 0, 1, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:metric-summaries:
   *
   * Genkit's `metricSummaries`, or %NULL until the run completes.
   */
  properties[PROP_METRIC_SUMMARIES] =
    g_param_spec_boxed ("metric-summaries", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRun:aggregates:
   *
   * The studio's aggregates (see [method@Genkit.EvalRun.get_aggregates]); kept current while
   * the run goes on.
   */
  properties[PROP_AGGREGATES] =
    g_param_spec_boxed ("aggregates", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_eval_run_init (GenkitEvalRun *self)
{
  self->results = g_list_store_new (GENKIT_TYPE_EVAL_RESULT);
  self->config = json_object_new ();
  self->evaluators = g_new0 (char *, 1);
}

GenkitEvalRun *
_genkit_eval_run_new (const char         *id,
                      const char         *target,
                      const char * const *evaluators)
{
  GenkitEvalRun *self = g_object_new (GENKIT_TYPE_EVAL_RUN, NULL);

  self->id = g_strdup (id);
  self->target = g_strdup (target);
  g_strfreev (self->evaluators);
  self->evaluators = g_strdupv ((char **) evaluators);
  self->created_at = _genkit_eval_now_ms ();
  self->has_results = TRUE;
  return self;
}

static GStrv
strv_from_json (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (_genkit_eval_json_is_array (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *element = json_array_get_element (json_node_get_array (node), i);

        if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
          g_strv_builder_add (builder, json_node_get_string (element));
      }
  return g_strv_builder_end (builder);
}

static gboolean
owner_is_alive (gint64 pid)
{
  if (pid <= 0)
    return FALSE;
  if (pid == (gint64) getpid ())
    return TRUE;
  return kill ((pid_t) pid, 0) == 0 || errno == EPERM;
}

/* A run from `SELECT id, status, target, runtime_id, runtime_name, runtime_version,
 * dataset_id, dataset_version, evaluators, config, metrics_metadata, metric_summaries,
 * aggregates, created_at, updated_at, finished_at, n_rows, n_done, n_failed, owner_pid, error
 * FROM eval_runs`. A run still "running" whose process is gone was interrupted. */
GenkitEvalRun *
_genkit_eval_run_new_from_row (sqlite3_stmt *stmt)
{
  GenkitEvalRun *self = g_object_new (GENKIT_TYPE_EVAL_RUN, NULL);
  const char *status = (const char *) sqlite3_column_text (stmt, 1);
  g_autoptr(JsonNode) evaluators = _genkit_eval_sql_column_json (stmt, 8);
  g_autoptr(JsonNode) config = _genkit_eval_sql_column_json (stmt, 9);

  self->id = _genkit_eval_sql_column_text (stmt, 0);
  self->status = GENKIT_EVAL_RUN_STATUS_FAILED;
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (status, status_names[i]) == 0)
      self->status = (GenkitEvalRunStatus) i;
  self->target = _genkit_eval_sql_column_text (stmt, 2);
  self->runtime_id = _genkit_eval_sql_column_text (stmt, 3);
  self->runtime_name = _genkit_eval_sql_column_text (stmt, 4);
  self->runtime_version = _genkit_eval_sql_column_text (stmt, 5);
  self->dataset_id = _genkit_eval_sql_column_text (stmt, 6);
  self->dataset_version = sqlite3_column_int64 (stmt, 7);
  g_strfreev (self->evaluators);
  self->evaluators = strv_from_json (evaluators);
  if (config != NULL && JSON_NODE_HOLDS_OBJECT (config))
    {
      g_clear_pointer (&self->config, json_object_unref);
      self->config = json_object_ref (json_node_get_object (config));
    }
  self->metrics_metadata = _genkit_eval_sql_column_json (stmt, 10);
  self->metric_summaries = _genkit_eval_sql_column_json (stmt, 11);
  self->aggregates = _genkit_eval_sql_column_json (stmt, 12);
  self->created_at = sqlite3_column_int64 (stmt, 13);
  self->finished_at = sqlite3_column_int64 (stmt, 15);
  self->n_rows = (guint) sqlite3_column_int64 (stmt, 16);
  self->n_done = (guint) sqlite3_column_int64 (stmt, 17);
  self->n_failed = (guint) sqlite3_column_int64 (stmt, 18);
  if (self->status == GENKIT_EVAL_RUN_STATUS_RUNNING && !owner_is_alive (sqlite3_column_int64 (stmt, 19)))
    self->status = GENKIT_EVAL_RUN_STATUS_INTERRUPTED;
  self->error = _genkit_eval_sql_column_text (stmt, 20);
  return self;
}

static gboolean
json_equal (JsonNode *a,
            JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

/* Takes what another object of the same run (read again from the store) says. */
void
_genkit_eval_run_update (GenkitEvalRun *self,
                         GenkitEvalRun *from)
{
  g_object_freeze_notify (G_OBJECT (self));
  _genkit_eval_run_set_status (self, from->status, from->error);
  if (self->n_rows != from->n_rows || self->n_done != from->n_done || self->n_failed != from->n_failed)
    {
      self->n_rows = from->n_rows;
      self->n_done = from->n_done;
      self->n_failed = from->n_failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (!json_equal (self->metrics_metadata, from->metrics_metadata))
    {
      g_clear_pointer (&self->metrics_metadata, json_node_unref);
      self->metrics_metadata = _genkit_eval_json_copy (from->metrics_metadata);
    }
  _genkit_eval_run_set_summaries (self, from->metric_summaries, from->aggregates);
  _genkit_eval_run_set_finished_at (self, from->finished_at);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_genkit_eval_run_set_status (GenkitEvalRun       *self,
                             GenkitEvalRunStatus  status,
                             const char          *error)
{
  if (self->status != status)
    {
      self->status = status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (g_strcmp0 (self->error, error) != 0)
    {
      g_free (self->error);
      self->error = g_strdup (error);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
}

void
_genkit_eval_run_set_summaries (GenkitEvalRun *self,
                                JsonNode      *metric_summaries,
                                JsonNode      *aggregates)
{
  if (!json_equal (self->metric_summaries, metric_summaries))
    {
      g_clear_pointer (&self->metric_summaries, json_node_unref);
      self->metric_summaries = _genkit_eval_json_copy (metric_summaries);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRIC_SUMMARIES]);
    }
  if (!json_equal (self->aggregates, aggregates))
    {
      g_clear_pointer (&self->aggregates, json_node_unref);
      self->aggregates = _genkit_eval_json_copy (aggregates);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AGGREGATES]);
    }
}

void
_genkit_eval_run_set_finished_at (GenkitEvalRun *self,
                                  gint64         finished_at)
{
  if (self->finished_at == finished_at)
    return;
  self->finished_at = finished_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINISHED_AT]);
}

const char *
_genkit_eval_run_get_runtime_version (GenkitEvalRun *self)
{
  return self->runtime_version;
}

void
_genkit_eval_run_set_created_at (GenkitEvalRun *self,
                                 gint64         created_at)
{
  if (self->created_at == created_at)
    return;
  self->created_at = created_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CREATED_AT]);
}

void
_genkit_eval_run_set_runtime (GenkitEvalRun *self,
                              const char    *id,
                              const char    *name,
                              const char    *genkit_version)
{
  g_free (self->runtime_id);
  g_free (self->runtime_name);
  g_free (self->runtime_version);
  self->runtime_id = g_strdup (id);
  self->runtime_name = g_strdup (name);
  self->runtime_version = g_strdup (genkit_version);
}

void
_genkit_eval_run_set_dataset (GenkitEvalRun *self,
                              const char    *dataset_id,
                              gint64         dataset_version)
{
  g_free (self->dataset_id);
  self->dataset_id = g_strdup (dataset_id);
  self->dataset_version = dataset_version;
}

void
_genkit_eval_run_set_config (GenkitEvalRun *self,
                             JsonObject    *config)
{
  g_clear_pointer (&self->config, json_object_unref);
  self->config = config ? json_object_ref (config) : json_object_new ();
}

void
_genkit_eval_run_set_metrics_metadata (GenkitEvalRun *self,
                                       JsonNode      *metadata)
{
  g_clear_pointer (&self->metrics_metadata, json_node_unref);
  self->metrics_metadata = _genkit_eval_json_copy (metadata);
}

/* Sets the results (loaded from the store, or made by a runner) and their metrics. */
void
_genkit_eval_run_set_results (GenkitEvalRun *self,
                              GPtrArray     *results)
{
  guint removed = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  for (guint i = 0; i < results->len; i++)
    {
      GenkitEvalResult *result = g_ptr_array_index (results, i);

      _genkit_eval_result_set_responses (result, _genkit_eval_result_get_responses (result),
                                         (const char * const *) self->evaluators);
    }
  g_list_store_splice (self->results, 0, removed, results->pdata, results->len);
  self->has_results = TRUE;
  _genkit_eval_run_recount (self);
}

GPtrArray *
_genkit_eval_run_get_results_array (GenkitEvalRun *self)
{
  GPtrArray *results = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (results, g_list_model_get_item (G_LIST_MODEL (self->results), i));
  return results;
}

/* Counts the results by status again, and notifies what changed. */
void
_genkit_eval_run_recount (GenkitEvalRun *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint done = 0, failed = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitEvalResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      if (genkit_eval_result_get_status (result) == GENKIT_EVAL_RESULT_STATUS_DONE)
        done++;
      else if (genkit_eval_result_get_status (result) == GENKIT_EVAL_RESULT_STATUS_FAILED)
        failed++;
    }

  g_object_freeze_notify (G_OBJECT (self));
  if (self->n_rows != n)
    {
      self->n_rows = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (self->n_done != done)
    {
      self->n_done = done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  if (self->n_failed != failed)
    {
      self->n_failed = failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FAILED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * genkit_eval_run_get_id:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the run's id.
 *
 * Returns: the run's id
 */
const char *
genkit_eval_run_get_id (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->id;
}

/**
 * genkit_eval_run_get_status:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets where the run is.
 *
 * Returns: where the run is
 */
GenkitEvalRunStatus
genkit_eval_run_get_status (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), GENKIT_EVAL_RUN_STATUS_FAILED);

  return self->status;
}

/**
 * genkit_eval_run_get_error:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets why a failed run stopped.
 *
 * Returns: (nullable): why a failed run stopped
 */
const char *
genkit_eval_run_get_error (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->error;
}

/**
 * genkit_eval_run_can_resume:
 * @self: a [class@Genkit.EvalRun]
 *
 * Whether [method@Genkit.EvalRunner.resume_async] can take the run up again: it was
 * cancelled, failed or interrupted.
 *
 * Returns: %TRUE for a run that stopped before it completed
 */
gboolean
genkit_eval_run_can_resume (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), FALSE);

  return self->status == GENKIT_EVAL_RUN_STATUS_CANCELLED ||
         self->status == GENKIT_EVAL_RUN_STATUS_FAILED ||
         self->status == GENKIT_EVAL_RUN_STATUS_INTERRUPTED;
}

/**
 * genkit_eval_run_get_target:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the key of the action evaluated.
 *
 * Returns: the key of the action evaluated
 */
const char *
genkit_eval_run_get_target (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->target;
}

/**
 * genkit_eval_run_get_runtime_id:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the id of the runtime the target ran on.
 *
 * Returns: (nullable): the id of the runtime the target ran on
 */
const char *
genkit_eval_run_get_runtime_id (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->runtime_id;
}

/**
 * genkit_eval_run_get_runtime_name:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the name of the runtime the target ran on.
 *
 * Returns: (nullable): the name of the runtime the target ran on
 */
const char *
genkit_eval_run_get_runtime_name (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->runtime_name;
}

/**
 * genkit_eval_run_get_dataset_id:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the dataset run, or %NULL for rows given directly.
 *
 * Returns: (nullable): the dataset run, or %NULL for rows given directly
 */
const char *
genkit_eval_run_get_dataset_id (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->dataset_id;
}

/**
 * genkit_eval_run_get_dataset_version:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the version of the dataset run, or 0.
 *
 * Returns: the version of the dataset run, or 0
 */
gint64
genkit_eval_run_get_dataset_version (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), 0);

  return self->dataset_version;
}

/**
 * genkit_eval_run_get_evaluators:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the evaluator keys.
 *
 * Returns: (transfer none): the evaluator keys
 */
const char * const *
genkit_eval_run_get_evaluators (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return (const char * const *) self->evaluators;
}

/**
 * genkit_eval_run_get_config:
 * @self: a [class@Genkit.EvalRun]
 *
 * How the run was made: `context` (the action context, an object), `actionConfig` (model
 * config, or the model for an executable prompt), `batchSize`, `concurrency`,
 * `evaluatorOptions` (evaluator key → the `options` it was called with), `evaluatorRuntime`
 * (`target`, or `other` when another runtime's evaluators scored it); for a run imported from
 * the Genkit CLI, `source` is `genkit`.
 *
 * Returns: (transfer none): a JSON object
 */
JsonObject *
genkit_eval_run_get_config (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->config;
}

/**
 * genkit_eval_run_get_created_at:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets when the run started, in milliseconds since the Unix epoch.
 *
 * Returns: when the run started, in milliseconds since the Unix epoch
 */
gint64
genkit_eval_run_get_created_at (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), 0);

  return self->created_at;
}

/**
 * genkit_eval_run_get_finished_at:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets when the run completed, in milliseconds since the Unix epoch, or 0.
 *
 * Returns: when the run completed, in milliseconds since the Unix epoch, or 0
 */
gint64
genkit_eval_run_get_finished_at (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), 0);

  return self->finished_at;
}

/**
 * genkit_eval_run_get_n_rows:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the number of test cases.
 *
 * Returns: the number of test cases
 */
guint
genkit_eval_run_get_n_rows (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), 0);

  return self->n_rows;
}

/**
 * genkit_eval_run_get_n_done:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the number of test cases run and scored.
 *
 * Returns: the number of test cases run and scored
 */
guint
genkit_eval_run_get_n_done (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), 0);

  return self->n_done;
}

/**
 * genkit_eval_run_get_n_failed:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the number of test cases whose target failed.
 *
 * Returns: the number of test cases whose target failed
 */
guint
genkit_eval_run_get_n_failed (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), 0);

  return self->n_failed;
}

/**
 * genkit_eval_run_get_progress:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets the share of test cases done or failed, 0 to 1.
 *
 * Returns: the share of test cases done or failed, 0 to 1 (1 for a run without rows)
 */
double
genkit_eval_run_get_progress (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), 0);

  if (self->n_rows == 0)
    return 1;
  return (double) (self->n_done + self->n_failed) / self->n_rows;
}

/**
 * genkit_eval_run_get_results:
 * @self: a [class@Genkit.EvalRun]
 *
 * The test cases, in dataset order. For a run listed by a [class@Genkit.EvalStore] the model
 * stays empty until [method@Genkit.EvalStore.load_results_async].
 *
 * Returns: (transfer none): a #GListModel of [class@Genkit.EvalResult]
 */
GListModel *
genkit_eval_run_get_results (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return G_LIST_MODEL (self->results);
}

/**
 * genkit_eval_run_has_results:
 * @self: a [class@Genkit.EvalRun]
 *
 * Tells whether the results are there.
 *
 * Returns: %TRUE once the results are there (loaded, or being made by a runner)
 */
gboolean
genkit_eval_run_has_results (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), FALSE);

  return self->has_results;
}

/**
 * genkit_eval_run_get_metrics_metadata:
 * @self: a [class@Genkit.EvalRun]
 *
 * Gets Genkit's `metricsMetadata`.
 *
 * Returns: (transfer none) (nullable): Genkit's `metricsMetadata`: evaluator name →
 *   `{displayName, definition}`
 */
JsonNode *
genkit_eval_run_get_metrics_metadata (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->metrics_metadata;
}

/**
 * genkit_eval_run_get_metric_summaries:
 * @self: a [class@Genkit.EvalRun]
 *
 * Genkit's `metricSummaries`: per evaluator (`/evaluator/<name>`, or `…/<scoreId>`) the
 * `testCaseCount`, `errorCount`, `scoreUndefinedCount`, `statusDistribution`, and
 * `averageScore` or `scoreDistribution`.
 *
 * Returns: (transfer none) (nullable): a JSON array, or %NULL before the run completes
 */
JsonNode *
genkit_eval_run_get_metric_summaries (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->metric_summaries;
}

/**
 * genkit_eval_run_get_aggregates:
 * @self: a [class@Genkit.EvalRun]
 *
 * The studio's summary of the run, a JSON object:
 *
 * - `rows`, `done`, `failed`, `pending`: test case counts;
 * - `latencyMs`: the target's latency over the test cases that ran — `mean`, `min`, `p50`,
 *   `p90`, `p95`, `p99`, `max` (percentiles interpolated linearly between ranks);
 * - `usage`: the token (and character) counts of the target's model calls, summed;
 * - `metrics`: one object per metric (the names of Genkit's summaries): `metric`,
 *   `testCaseCount`, `scores`, `passCount`, `failCount`, `unknownCount`, `errorCount`,
 *   `passRate` (passes over all the run's rows: a test case whose target failed is not a
 *   pass), `scoredCount` and, when scores are numbers or booleans (1 and 0), `mean`, `min`,
 *   `p50`, `p90`, `p95`, `p99`, `max`.
 *
 * Returns: (transfer none) (nullable): the aggregates, or %NULL for a run that has none yet
 */
JsonNode *
genkit_eval_run_get_aggregates (GenkitEvalRun *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  return self->aggregates;
}

/**
 * genkit_eval_run_get_metric_aggregate:
 * @self: a [class@Genkit.EvalRun]
 * @metric: a metric name: an evaluator key or name, with `/<scoreId>` for one of several
 *   scores
 *
 * Finds one metric of [method@Genkit.EvalRun.get_aggregates].
 *
 * Returns: (transfer none) (nullable): the metric's aggregate, or %NULL
 */
JsonObject *
genkit_eval_run_get_metric_aggregate (GenkitEvalRun *self,
                                      const char    *metric)
{
  JsonNode *metrics;

  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);
  g_return_val_if_fail (metric != NULL, NULL);

  if (self->aggregates == NULL || !JSON_NODE_HOLDS_OBJECT (self->aggregates) ||
      !(metrics = json_object_get_member (json_node_get_object (self->aggregates), "metrics")) ||
      !JSON_NODE_HOLDS_ARRAY (metrics))
    return NULL;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (metrics)); i++)
    {
      JsonObject *entry = json_array_get_object_element (json_node_get_array (metrics), i);
      const char *name = json_object_get_string_member_with_default (entry, "metric", "");

      if (g_str_equal (name, metric) ||
          (g_str_has_prefix (name, "/evaluator/") && g_str_equal (name + strlen ("/evaluator/"), metric)))
        return entry;
    }
  return NULL;
}

/**
 * genkit_eval_run_to_key_json:
 * @self: a [class@Genkit.EvalRun]
 *
 * The run as Genkit's `EvalRunKey`: `actionRef`, `datasetId`, `datasetVersion`, `evalRunId`,
 * `createdAt` (ISO 8601), `actionConfig`, `metricSummaries`, `metricsMetadata` — what
 * `.genkit/evals/index.json` lists.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
genkit_eval_run_to_key_json (GenkitEvalRun *self)
{
  g_autoptr(JsonObject) key = json_object_new ();
  g_autofree char *created = NULL;
  JsonNode *action_config;

  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  created = _genkit_eval_iso8601 (self->created_at);
  json_object_set_string_member (key, "actionRef", self->target);
  if (self->dataset_id != NULL)
    json_object_set_string_member (key, "datasetId", self->dataset_id);
  if (self->dataset_id != NULL && self->dataset_version > 0)
    json_object_set_int_member (key, "datasetVersion", self->dataset_version);
  json_object_set_string_member (key, "evalRunId", self->id);
  json_object_set_string_member (key, "createdAt", created);
  if ((action_config = json_object_get_member (self->config, "actionConfig")) != NULL)
    json_object_set_member (key, "actionConfig", json_node_copy (action_config));
  if (self->metric_summaries != NULL)
    json_object_set_member (key, "metricSummaries", json_node_copy (self->metric_summaries));
  if (self->metrics_metadata != NULL)
    json_object_set_member (key, "metricsMetadata", json_node_copy (self->metrics_metadata));
  return json_node_init_object (json_node_alloc (), key);
}

static JsonNode *
results_json (GenkitEvalRun *self)
{
  g_autoptr(JsonArray) results = json_array_new ();
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitEvalResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), i);

      if (genkit_eval_result_get_status (result) != GENKIT_EVAL_RESULT_STATUS_PENDING)
        json_array_add_element (results, genkit_eval_result_to_json (result));
    }
  return json_node_init_array (json_node_alloc (), results);
}

/**
 * genkit_eval_run_to_json:
 * @self: a [class@Genkit.EvalRun] with its results
 *
 * The run as Genkit's `EvalRun` — `{"key": EvalRunKey, "results": EvalResult[]}` — which is
 * what the Genkit CLI stores as `.genkit/evals/<evalRunId>.json` and the browser Dev UI shows.
 * Pending test cases (of a run that did not complete) are left out.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
genkit_eval_run_to_json (GenkitEvalRun *self)
{
  g_autoptr(JsonObject) run = json_object_new ();

  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  json_object_set_member (run, "key", genkit_eval_run_to_key_json (self));
  json_object_set_member (run, "results", results_json (self));
  return json_node_init_object (json_node_alloc (), run);
}

/**
 * genkit_eval_run_export_json:
 * @self: a [class@Genkit.EvalRun] with its results
 *
 * What `genkit eval:flow -o results.json` writes: the results array, indented by two
 * spaces.
 *
 * Returns: (transfer full): the text
 */
char *
genkit_eval_run_export_json (GenkitEvalRun *self)
{
  g_autoptr(JsonNode) results = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  results = results_json (self);
  json_generator_set_root (generator, results);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, NULL);
}

/* A cell as json-2-csv writes it: nothing for undefined and null, strings as they are,
 * numbers and booleans as JavaScript prints them, objects and arrays as JSON. */
static char *
csv_cell (JsonNode *value)
{
  GType type;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (value))
    return json_to_string (value, FALSE);
  type = json_node_get_value_type (value);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (value));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (value) ? "true" : "false");
  return _genkit_eval_js_number (json_node_get_double (value));
}

/**
 * genkit_eval_run_export_csv:
 * @self: a [class@Genkit.EvalRun] with its results
 *
 * What `genkit eval:flow -o results.csv --output-format csv` writes: one record per test
 * case with the columns `testCaseId`, `input`, `output`, `error`, `context`, `reference`,
 * `custom`, `traceIds`, then for every metric `<evaluator>_score`, `_rationale`, `_error`,
 * `_traceId`, `_spanId` (columns in the order they first appear); objects and arrays as
 * JSON; records separated by line feeds, without a final one (json-2-csv's output).
 *
 * Returns: (transfer full): the text
 */
char *
genkit_eval_run_export_csv (GenkitEvalRun *self)
{
  static const char * const base[] = { "testCaseId", "input", "output", "error", "context",
                                       "reference", "custom", "traceIds" };
  static const char * const suffixes[] = { "_score", "_rationale", "_error", "_traceId", "_spanId" };
  static const char * const members[] = { "score", "rationale", "error", "traceId", "spanId" };
  g_autoptr(GPtrArray) columns = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_hash_table_unref);
  guint n;
  GString *out;

  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (base); i++)
    {
      char *column = g_strdup (base[i]);

      g_ptr_array_add (columns, column);
      g_hash_table_add (known, column);
    }

  n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitEvalResult) result = g_list_model_get_item (G_LIST_MODEL (self->results), i);
      g_autoptr(JsonNode) json = NULL;
      GHashTable *record;
      JsonObject *object;
      JsonArray *metrics;

      if (genkit_eval_result_get_status (result) == GENKIT_EVAL_RESULT_STATUS_PENDING)
        continue;
      json = genkit_eval_result_to_json (result);
      object = json_node_get_object (json);
      record = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      for (guint c = 0; c < G_N_ELEMENTS (base); c++)
        g_hash_table_insert (record, g_strdup (base[c]), csv_cell (json_object_get_member (object, base[c])));

      metrics = json_object_get_array_member (object, "metrics");
      for (guint m = 0; m < json_array_get_length (metrics); m++)
        {
          JsonObject *metric = json_array_get_object_element (metrics, m);
          const char *evaluator = json_object_get_string_member_with_default (metric, "evaluator", "");

          for (guint s = 0; s < G_N_ELEMENTS (suffixes); s++)
            {
              char *column = g_strconcat (evaluator, suffixes[s], NULL);

              if (!g_hash_table_contains (known, column))
                {
                  g_ptr_array_add (columns, g_strdup (column));
                  g_hash_table_add (known, g_ptr_array_index (columns, columns->len - 1));
                }
              g_hash_table_insert (record, column, csv_cell (json_object_get_member (metric, members[s])));
            }
        }
      g_ptr_array_add (records, record);
    }

  out = g_string_new (NULL);
  _genkit_eval_csv_append_row (out, (const char * const *) columns->pdata, columns->len);
  for (guint r = 0; r < records->len; r++)
    {
      GHashTable *record = g_ptr_array_index (records, r);
      g_autofree const char **cells = g_new0 (const char *, columns->len);

      for (guint c = 0; c < columns->len; c++)
        cells[c] = g_hash_table_lookup (record, g_ptr_array_index (columns, c));
      _genkit_eval_csv_append_row (out, cells, columns->len);
    }
  /* json-2-csv joins records with line feeds: no line feed after the last. */
  if (out->len > 0)
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static GenkitEvalResult *
find_result (GenkitEvalRun *run,
             const char    *test_case_id)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (run->results));

  for (guint i = 0; i < n; i++)
    {
      GenkitEvalResult *result = g_list_model_get_item (G_LIST_MODEL (run->results), i);

      if (g_strcmp0 (genkit_eval_result_get_test_case_id (result), test_case_id) == 0)
        return result;
      g_object_unref (result);
    }
  return NULL;
}

/* metric name → {score, status, error} of one result's metrics. */
static JsonObject *
metric_map (GenkitEvalResult *result)
{
  JsonObject *map = json_object_new ();
  JsonArray *metrics = json_node_get_array (genkit_eval_result_get_metrics (result));

  for (guint i = 0; i < json_array_get_length (metrics); i++)
    {
      JsonObject *metric = json_array_get_object_element (metrics, i);
      const char *evaluator = json_object_get_string_member_with_default (metric, "evaluator", "");
      const char *score_id = json_object_get_string_member_with_default (metric, "scoreId", NULL);
      g_autofree char *name = score_id ? g_strdup_printf ("%s/%s", evaluator, score_id) : g_strdup (evaluator);
      JsonObject *entry = json_object_new ();

      if (json_object_has_member (metric, "score"))
        json_object_set_member (entry, "score", json_node_copy (json_object_get_member (metric, "score")));
      if (json_object_has_member (metric, "status"))
        json_object_set_member (entry, "status", json_node_copy (json_object_get_member (metric, "status")));
      if (json_object_has_member (metric, "error"))
        json_object_set_member (entry, "error", json_node_copy (json_object_get_member (metric, "error")));
      json_object_set_object_member (map, name, entry);
    }
  return map;
}

static JsonNode *
side_json (GenkitEvalResult *result)
{
  g_autoptr(JsonObject) side = NULL;

  if (result == NULL)
    return json_node_new (JSON_NODE_NULL);
  side = json_object_new ();
  json_object_set_string_member (side, "status",
                                 _genkit_eval_result_status_to_string (genkit_eval_result_get_status (result)));
  if (genkit_eval_result_get_output (result) != NULL)
    json_object_set_member (side, "output", json_node_copy (genkit_eval_result_get_output (result)));
  if (genkit_eval_result_get_error (result) != NULL)
    json_object_set_string_member (side, "error", genkit_eval_result_get_error (result));
  json_object_set_double_member (side, "latencyMs", genkit_eval_result_get_latency_ms (result));
  json_object_set_object_member (side, "metrics", metric_map (result));
  return json_node_init_object (json_node_alloc (), side);
}

static double
score_value (JsonObject *entry,
             gboolean   *numeric)
{
  JsonNode *score = entry ? json_object_get_member (entry, "score") : NULL;
  GType type;

  *numeric = FALSE;
  if (score == NULL || !JSON_NODE_HOLDS_VALUE (score))
    return 0;
  type = json_node_get_value_type (score);
  if (type == G_TYPE_BOOLEAN)
    {
      *numeric = TRUE;
      return json_node_get_boolean (score) ? 1 : 0;
    }
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    {
      *numeric = TRUE;
      return json_node_get_double (score);
    }
  return 0;
}

/* -1 worse, 0 same, 1 better: status first (PASS above anything else), then the score. */
static int
compare_metric (JsonObject *before,
                JsonObject *after)
{
  const char *status_before = before ? json_object_get_string_member_with_default (before, "status", NULL) : NULL;
  const char *status_after = after ? json_object_get_string_member_with_default (after, "status", NULL) : NULL;
  gboolean passed_before = g_strcmp0 (status_before, "PASS") == 0 && !json_object_has_member (before, "error");
  gboolean passed_after = after != NULL && g_strcmp0 (status_after, "PASS") == 0 && !json_object_has_member (after, "error");
  gboolean numeric_before, numeric_after;
  double a, b;

  if (passed_before != passed_after)
    return passed_after ? 1 : -1;
  if (before != NULL && after == NULL)
    return -1;
  a = score_value (before, &numeric_before);
  b = score_value (after, &numeric_after);
  if (numeric_before && numeric_after && a != b)
    return b > a ? 1 : -1;
  return 0;
}

static void
add_metric_deltas (JsonArray     *out,
                   GenkitEvalRun *baseline,
                   GenkitEvalRun *candidate)
{
  JsonNode *metrics;

  if (candidate->aggregates == NULL || !JSON_NODE_HOLDS_OBJECT (candidate->aggregates) ||
      !(metrics = json_object_get_member (json_node_get_object (candidate->aggregates), "metrics")))
    return;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (metrics)); i++)
    {
      JsonObject *after = json_array_get_object_element (json_node_get_array (metrics), i);
      const char *name = json_object_get_string_member (after, "metric");
      JsonObject *before = genkit_eval_run_get_metric_aggregate (baseline, name);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "metric", name);
      json_object_set_object_member (entry, "candidate", json_object_ref (after));
      if (before != NULL)
        {
          json_object_set_object_member (entry, "baseline", json_object_ref (before));
          json_object_set_double_member (entry, "passRateDelta",
                                         json_object_get_double_member (after, "passRate") -
                                         json_object_get_double_member (before, "passRate"));
          if (json_object_has_member (after, "mean") && json_object_has_member (before, "mean"))
            json_object_set_double_member (entry, "meanDelta",
                                           json_object_get_double_member (after, "mean") -
                                           json_object_get_double_member (before, "mean"));
        }
      json_array_add_object_element (out, entry);
    }
}

/**
 * genkit_eval_run_compare:
 * @baseline: a [class@Genkit.EvalRun] with its results
 * @candidate: another, compared with @baseline
 *
 * Sets two runs side by side, test case by test case (matched by test case id, in
 * @baseline's order, then the test cases only @candidate has).
 *
 * Returns: (transfer full): a JSON object: `baseline` and `candidate` (the run ids), `metrics`
 *   (per metric of @candidate: both aggregates, `passRateDelta`, `meanDelta`), `rows` (per
 *   test case: `testCaseId`, `baseline` and `candidate` — `{status, output, error, latencyMs,
 *   metrics: {name: {score, status, error}}}` or `null` when the run lacks the test case —,
 *   `outputChanged`, `regressions` and `improvements`: the metrics that went from a pass to
 *   anything else or to a lower score, and the other way round), and the counts
 *   `regressedRows`, `improvedRows`, `changedOutputs`
 */
JsonNode *
genkit_eval_run_compare (GenkitEvalRun *baseline,
                         GenkitEvalRun *candidate)
{
  g_autoptr(JsonObject) comparison = json_object_new ();
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  JsonArray *rows = json_array_new ();
  JsonArray *metrics = json_array_new ();
  guint regressed = 0, improved = 0, changed = 0;

  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (baseline), NULL);
  g_return_val_if_fail (GENKIT_IS_EVAL_RUN (candidate), NULL);

  for (guint r = 0; r < 2; r++)
    {
      GenkitEvalRun *run = r == 0 ? baseline : candidate;
      guint n = g_list_model_get_n_items (G_LIST_MODEL (run->results));

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GenkitEvalResult) result = g_list_model_get_item (G_LIST_MODEL (run->results), i);
          char *id = g_strdup (genkit_eval_result_get_test_case_id (result));

          if (g_hash_table_contains (seen, id))
            {
              g_free (id);
              continue;
            }
          g_ptr_array_add (ids, id);
          g_hash_table_add (seen, id);
        }
    }

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GenkitEvalResult) before = find_result (baseline, id);
      g_autoptr(GenkitEvalResult) after = find_result (candidate, id);
      g_autoptr(JsonObject) before_metrics = before ? metric_map (before) : json_object_new ();
      g_autoptr(JsonObject) after_metrics = after ? metric_map (after) : json_object_new ();
      g_autoptr(GList) names = json_object_get_members (before_metrics);
      g_autoptr(GList) after_names = json_object_get_members (after_metrics);
      JsonObject *row = json_object_new ();
      JsonArray *regressions = json_array_new ();
      JsonArray *improvements = json_array_new ();
      JsonNode *output_before = before ? genkit_eval_result_get_output (before) : NULL;
      JsonNode *output_after = after ? genkit_eval_result_get_output (after) : NULL;
      gboolean output_changed = before != NULL && after != NULL && !json_equal (output_before, output_after);

      for (GList *l = after_names; l != NULL; l = l->next)
        if (!json_object_has_member (before_metrics, l->data))
          names = g_list_append (names, l->data);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *b = json_object_get_member (before_metrics, l->data);
          JsonNode *a = json_object_get_member (after_metrics, l->data);
          int change;

          if (before == NULL || after == NULL)
            continue;
          change = compare_metric (b ? json_node_get_object (b) : NULL, a ? json_node_get_object (a) : NULL);
          if (change < 0)
            json_array_add_string_element (regressions, l->data);
          else if (change > 0)
            json_array_add_string_element (improvements, l->data);
        }

      json_object_set_string_member (row, "testCaseId", id);
      json_object_set_member (row, "baseline", side_json (before));
      json_object_set_member (row, "candidate", side_json (after));
      json_object_set_boolean_member (row, "outputChanged", output_changed);
      if (json_array_get_length (regressions) > 0)
        regressed++;
      if (json_array_get_length (improvements) > 0)
        improved++;
      if (output_changed)
        changed++;
      json_object_set_array_member (row, "regressions", regressions);
      json_object_set_array_member (row, "improvements", improvements);
      json_array_add_object_element (rows, row);
    }

  add_metric_deltas (metrics, baseline, candidate);
  json_object_set_string_member (comparison, "baseline", baseline->id);
  json_object_set_string_member (comparison, "candidate", candidate->id);
  json_object_set_array_member (comparison, "metrics", metrics);
  json_object_set_array_member (comparison, "rows", rows);
  json_object_set_int_member (comparison, "regressedRows", regressed);
  json_object_set_int_member (comparison, "improvedRows", improved);
  json_object_set_int_member (comparison, "changedOutputs", changed);
  return json_node_init_object (json_node_alloc (), comparison);
}
