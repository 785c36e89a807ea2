/* genkit-eval-private.h — what the files of the evaluation library share: the SQLite database
 * and its worker thread, JSON and time helpers, CSV, trace extraction, metric summaries
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <sqlite3.h>

#include "genkit-eval.h"

G_BEGIN_DECLS

/* The database ------------------------------------------------------------------------- */

typedef struct _GenkitEvalDb GenkitEvalDb;

/* Runs on the database's worker thread; returns the result the task gives, or %NULL with
 * @error set (or %NULL without an error for "nothing"). */
typedef gpointer (*GenkitEvalDbFunc) (sqlite3   *db,
                                      gpointer   data,
                                      GError   **error);

/* Runs on the caller's main context after a job succeeded, before the task returns: where a
 * store updates its list model so the callback already sees the change. */
typedef void (*GenkitEvalDbApplyFunc) (GObject  *source,
                                       gpointer  result,
                                       gpointer  data);

GenkitEvalDb *_genkit_eval_db_open             (const char            *path,
                                                GError               **error);
void          _genkit_eval_db_close            (GenkitEvalDb          *db);
sqlite3      *_genkit_eval_db_get_handle       (GenkitEvalDb          *db);
void          _genkit_eval_db_push             (GenkitEvalDb          *db,
                                                GTask                 *task,
                                                GenkitEvalDbFunc       func,
                                                GenkitEvalDbApplyFunc  apply,
                                                gpointer               data,
                                                GDestroyNotify         data_free,
                                                GDestroyNotify         result_free);
char         *_genkit_eval_default_db_path     (void);

/* What a store's new() does once the file is open: reads every row of @sql into @objects. */
typedef GObject *(*GenkitEvalRowFunc) (sqlite3_stmt *stmt);
gboolean      _genkit_eval_db_load_objects     (GenkitEvalDb          *db,
                                                const char            *sql,
                                                GenkitEvalRowFunc      new_from_row,
                                                GPtrArray             *objects,
                                                GError               **error);

/* The GTask of a store's async method, and the finish of those that answer a boolean. */
GTask        *_genkit_eval_task_new            (gpointer               source_object,
                                                GCancellable          *cancellable,
                                                GAsyncReadyCallback    callback,
                                                gpointer               user_data,
                                                gpointer               source_tag);
gboolean      _genkit_eval_task_finish_boolean (gpointer               source_object,
                                                GAsyncResult          *result,
                                                gpointer               source_tag,
                                                GError               **error);

gboolean      _genkit_eval_sql_exec            (sqlite3               *db,
                                                const char            *sql,
                                                GError               **error);
gboolean      _genkit_eval_sql_error           (sqlite3               *db,
                                                GError               **error);
sqlite3_stmt *_genkit_eval_sql_prepare         (sqlite3               *db,
                                                const char            *sql,
                                                GError               **error);
gboolean      _genkit_eval_sql_begin           (sqlite3               *db,
                                                GError               **error);
gboolean      _genkit_eval_sql_commit          (sqlite3               *db,
                                                GError               **error);
void          _genkit_eval_sql_rollback        (sqlite3               *db);
void          _genkit_eval_sql_bind_json       (sqlite3_stmt          *stmt,
                                                int                    index,
                                                JsonNode              *node);
void          _genkit_eval_sql_bind_text       (sqlite3_stmt          *stmt,
                                                int                    index,
                                                const char            *text);
JsonNode     *_genkit_eval_sql_column_json     (sqlite3_stmt          *stmt,
                                                int                    column);
char         *_genkit_eval_sql_column_text     (sqlite3_stmt          *stmt,
                                                int                    column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

/* JSON and time ------------------------------------------------------------------------ */

char         *_genkit_eval_json_to_text        (JsonNode              *node);
JsonNode     *_genkit_eval_json_from_text      (const char            *text);
JsonNode     *_genkit_eval_json_copy           (JsonNode              *node);
JsonNode     *_genkit_eval_json_string         (const char            *text);
char         *_genkit_eval_json_display        (JsonNode              *node);
gboolean      _genkit_eval_json_is_array       (JsonNode              *node);
const char   *_genkit_eval_json_get_string     (JsonObject            *object,
                                                const char            *name);
JsonNode     *_genkit_eval_json_object_sorted_counts (GPtrArray       *keys,
                                                      GHashTable      *counts);
char         *_genkit_eval_js_number           (double                 value);
void          _genkit_eval_json_add_number     (JsonObject            *object,
                                                const char            *name,
                                                double                 value);
gint64        _genkit_eval_now_ms              (void);
char         *_genkit_eval_iso8601             (gint64                 ms);
char         *_genkit_eval_js_date_string      (gint64                 ms);
gboolean      _genkit_eval_parse_date          (const char            *text,
                                                gint64                *ms);
gboolean      _genkit_eval_dataset_id_is_safe  (const char            *id);
gboolean      _genkit_eval_write_file          (const char            *path,
                                                const char            *contents,
                                                gssize                 length,
                                                GError               **error);

/* CSV (RFC 4180) ----------------------------------------------------------------------- */

GPtrArray    *_genkit_eval_csv_parse           (const char            *text,
                                                gsize                  length,
                                                GError               **error);
void          _genkit_eval_csv_append_row      (GString               *out,
                                                const char * const    *cells,
                                                guint                  n_cells);

/* Traces ------------------------------------------------------------------------------- */

JsonObject   *_genkit_eval_trace_root_span     (JsonNode              *trace);
gboolean      _genkit_eval_trace_is_complete   (JsonNode              *trace);
JsonNode     *_genkit_eval_trace_input         (JsonNode              *trace);
JsonNode     *_genkit_eval_trace_output        (JsonNode              *trace);
JsonNode     *_genkit_eval_trace_context       (JsonNode              *trace);
char         *_genkit_eval_trace_error         (JsonNode              *trace);
void          _genkit_eval_trace_add_usage     (JsonNode              *trace,
                                                JsonObject            *usage);
JsonNode     *_genkit_eval_span_attribute_json (JsonObject            *span,
                                                const char            *name);

/* Scores ------------------------------------------------------------------------------- */

JsonNode     *_genkit_eval_metrics_for_result  (const char * const    *evaluators,
                                                JsonObject            *responses);
JsonNode     *_genkit_eval_metric_summaries    (const char * const    *evaluators,
                                                GPtrArray             *results);
JsonNode     *_genkit_eval_aggregates          (const char * const    *evaluators,
                                                GPtrArray             *results);
double        _genkit_eval_percentile          (GArray                *sorted,
                                                double                 p);

/* Objects built by the stores ---------------------------------------------------------- */

GenkitDataset   *_genkit_dataset_new_from_row     (sqlite3_stmt       *stmt);
void             _genkit_dataset_update           (GenkitDataset      *self,
                                                   GenkitDataset      *from);
GenkitEvalRun   *_genkit_eval_run_new_from_row    (sqlite3_stmt       *stmt);
void             _genkit_eval_run_update          (GenkitEvalRun      *self,
                                                   GenkitEvalRun      *from);
void             _genkit_eval_run_set_results     (GenkitEvalRun      *self,
                                                   GPtrArray          *results);
GPtrArray       *_genkit_eval_run_get_results_array (GenkitEvalRun    *self);
void             _genkit_eval_run_recount         (GenkitEvalRun      *self);
void             _genkit_eval_run_set_status      (GenkitEvalRun      *self,
                                                   GenkitEvalRunStatus status,
                                                   const char         *error);
void             _genkit_eval_run_set_summaries   (GenkitEvalRun      *self,
                                                   JsonNode           *metric_summaries,
                                                   JsonNode           *aggregates);
void             _genkit_eval_run_set_finished_at (GenkitEvalRun      *self,
                                                   gint64              finished_at);
GenkitEvalRun   *_genkit_eval_run_new             (const char         *id,
                                                   const char         *target,
                                                   const char * const *evaluators);
const char      *_genkit_eval_run_get_runtime_version (GenkitEvalRun  *self);
void             _genkit_eval_run_set_created_at  (GenkitEvalRun      *self,
                                                   gint64              created_at);
void             _genkit_eval_run_set_runtime     (GenkitEvalRun      *self,
                                                   const char         *id,
                                                   const char         *name,
                                                   const char         *genkit_version);
void             _genkit_eval_run_set_dataset     (GenkitEvalRun      *self,
                                                   const char         *dataset_id,
                                                   gint64              dataset_version);
void             _genkit_eval_run_set_config      (GenkitEvalRun      *self,
                                                   JsonObject         *config);
void             _genkit_eval_run_set_metrics_metadata (GenkitEvalRun *self,
                                                        JsonNode      *metadata);

GenkitEvalResult *_genkit_eval_result_new_from_row (sqlite3_stmt      *stmt);
const char       *_genkit_eval_result_status_to_string (GenkitEvalResultStatus status);
void              _genkit_eval_result_set_status   (GenkitEvalResult  *self,
                                                    GenkitEvalResultStatus status);
void              _genkit_eval_result_set_output   (GenkitEvalResult  *self,
                                                    JsonNode          *output);
void              _genkit_eval_result_set_input    (GenkitEvalResult  *self,
                                                    JsonNode          *input);
void              _genkit_eval_result_set_context  (GenkitEvalResult  *self,
                                                    JsonNode          *context);
void              _genkit_eval_result_set_error    (GenkitEvalResult  *self,
                                                    const char        *error);
void              _genkit_eval_result_set_custom   (GenkitEvalResult  *self,
                                                    JsonNode          *custom);
void              _genkit_eval_result_set_trace_ids (GenkitEvalResult *self,
                                                     GPtrArray        *trace_ids);
void              _genkit_eval_result_set_responses (GenkitEvalResult *self,
                                                     JsonObject       *responses,
                                                     const char * const *evaluators);
void              _genkit_eval_result_set_latency_ms (GenkitEvalResult *self,
                                                      double           latency_ms);
void              _genkit_eval_result_set_usage    (GenkitEvalResult  *self,
                                                    JsonObject        *usage);
JsonObject       *_genkit_eval_result_get_responses (GenkitEvalResult *self);
void              _genkit_eval_result_reset        (GenkitEvalResult  *self);

void              _genkit_eval_store_save_async    (GenkitEvalStore   *self,
                                                    GenkitEvalRun     *run,
                                                    GPtrArray         *results,
                                                    GAsyncReadyCallback callback,
                                                    gpointer           user_data);
gboolean          _genkit_eval_store_save_finish   (GenkitEvalStore   *self,
                                                    GAsyncResult      *result,
                                                    GError           **error);

gboolean          _genkit_eval_register_evaluator  (GenkitRegistry    *registry,
                                                    const char        *name,
                                                    const char        *display_name,
                                                    const char        *definition,
                                                    gboolean           is_billed,
                                                    const char        *options_schema,
                                                    GenkitEvaluatorFunc func,
                                                    gpointer           user_data,
                                                    GDestroyNotify     destroy,
                                                    GError           **error);
gboolean          _genkit_eval_define_judges       (GenkitRegistry    *registry,
                                                    JsonObject        *defaults,
                                                    GError           **error);

G_END_DECLS
