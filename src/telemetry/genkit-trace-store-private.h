/* genkit-trace-store-private.h — what the trace store's files share: the database, the writer
 * thread's operations, the readers' jobs and the results handed back to the main context
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <sqlite3.h>

#include "genkit-trace-data-private.h"
#include "genkit-trace-store.h"
#include "genkit-trace-summary.h"

G_BEGIN_DECLS

/* A writer batch ends at this many operations or bytes of span JSON, whichever comes first. */
#define GENKIT_TRACE_STORE_BATCH_MAX_OPS   4096
#define GENKIT_TRACE_STORE_BATCH_MAX_BYTES (32 * 1024 * 1024)

typedef struct _GenkitTraceDb GenkitTraceDb;

typedef enum
{
  WRITE_INGEST,
  WRITE_DELETE,
  WRITE_RETENTION,
  WRITE_LOGS,
  WRITE_RENAME_RUNTIME,
  WRITE_FLUSH,
  WRITE_LOAD_MODEL,
  WRITE_CLOSE,
} WriteKind;

/* One request to the writer thread. Built on the owner context, run on the writer thread,
 * completed back on the owner context. */
typedef struct
{
  WriteKind          kind;
  GTask             *task;            /* nullable; only touched on the owner context */

  GenkitIngestTrace *trace;           /* WRITE_INGEST */
  char              *trace_id;        /* WRITE_DELETE */
  char              *runtime_id;      /* WRITE_RENAME_RUNTIME: from */
  char              *new_runtime_id;  /* WRITE_RENAME_RUNTIME: to */
  GPtrArray         *logs;            /* WRITE_LOGS: GenkitIngestLog */
  gint64             max_age_ms;      /* WRITE_RETENTION: 0 = no limit */
  guint              max_traces;      /* WRITE_RETENTION: 0 = no limit */
  guint              model_limit;     /* WRITE_LOAD_MODEL */

  GError            *error;           /* result */
  guint              count;           /* result: traces deleted or renamed */
} WriteOp;

/* A span event for `span-started` / `span-ended` and SSE subscribers. */
typedef struct
{
  char     *trace_id;
  char     *span_json;
  double    time;
  gboolean  is_end;
} SpanEvent;

/* The state of one trace after a commit, for the list model. */
typedef struct
{
  char      *trace_id;
  char      *name;          /* nullable (index `name`) */
  char      *type;          /* nullable (index `type`) */
  double     start_time;    /* 0 when the index has none */
  double     end_time;      /* 0 when the index has none */
  int        status;        /* -1 when UNKNOWN or absent */
  guint      n_spans;
  gint64     seq;
  char      *runtime_id;    /* nullable: the runtime that sent the trace */
  guint      deleted : 1;
  guint      listed : 1;
  guint      newly_listed : 1;
} SummaryRow;

typedef enum
{
  READ_GET_TRACE,
  READ_GET_ATTRIBUTE,
  READ_LIST_TRACES,
  READ_LIST_LOGS,
} ReadKind;

typedef struct
{
  ReadKind       kind;
  GTask         *task;          /* only touched on the owner context */
  char          *trace_id;      /* READ_GET_TRACE, READ_GET_ATTRIBUTE, READ_LIST_LOGS (nullable) */
  char          *span_id;       /* READ_GET_ATTRIBUTE, READ_LIST_LOGS (nullable) */
  char          *key;           /* READ_GET_ATTRIBUTE: the attribute's name */
  gsize          max_value_bytes; /* READ_GET_TRACE: longer string attributes are elided; 0 = none */
  JsonNode      *filter;        /* READ_LIST_TRACES: TraceQueryFilter (nullable) */
  char          *search;        /* READ_LIST_TRACES: full-text query (nullable) */
  guint          offset;
  guint          limit;
  gboolean       parse_result;  /* give a JsonNode rather than text */

  char          *text;          /* result: JSON text, or NULL (unknown trace) */
  JsonNode      *node;          /* result when parse_result */
  GError        *error;
} ReadJob;

typedef enum
{
  RESULT_WRITE_BATCH,
  RESULT_READ,
} ResultKind;

typedef struct
{
  ResultKind  kind;
  GPtrArray  *ops;          /* WriteOp */
  GPtrArray  *events;       /* SpanEvent */
  GPtrArray  *summaries;    /* SummaryRow */
  gboolean    model_reset;  /* summaries are the whole model (WRITE_LOAD_MODEL) */
  ReadJob    *read;
} Result;

struct _GenkitTraceDb
{
  gatomicrefcount   ref_count;

  char             *path;
  gboolean          durable;            /* synchronous=FULL rather than NORMAL */
  GMainContext     *context;            /* results are delivered here */
  GWeakRef          store;

  /* writer */
  GAsyncQueue      *write_queue;
  GThread          *writer;
  sqlite3          *write_conn;         /* the writer thread's once it runs */

  /* checkpointer: copies the write-ahead log into the database off the writer's path */
  GThread          *checkpointer;
  GMutex            checkpoint_lock;
  GCond             checkpoint_cond;
  gboolean          checkpoint_wanted;
  gboolean          checkpoint_stop;

  /* readers */
  GThreadPool      *readers;
  GMutex            readers_lock;
  GPtrArray        *idle_read_conns;    /* sqlite3 * */

  /* results waiting for the owner context */
  GMutex            results_lock;
  GQueue            results;
  gboolean          drain_scheduled;
};

GenkitTraceDb *_genkit_trace_db_new           (const char     *path,
                                               gboolean        durable,
                                               GError        **error);
GenkitTraceDb *_genkit_trace_db_ref           (GenkitTraceDb  *db);
void           _genkit_trace_db_unref         (GenkitTraceDb  *db);
void           _genkit_trace_db_start         (GenkitTraceDb  *db,
                                               GenkitTraceStore *store);
void           _genkit_trace_db_close         (GenkitTraceDb  *db);
void           _genkit_trace_db_push_write    (GenkitTraceDb  *db,
                                               WriteOp        *op);
void           _genkit_trace_db_push_read     (GenkitTraceDb  *db,
                                               ReadJob        *job);
void           _genkit_trace_db_post_result   (GenkitTraceDb  *db,
                                               Result         *result);
sqlite3       *_genkit_trace_db_open_connection (const char   *path,
                                                 gboolean      read_only,
                                                 gboolean      durable,
                                                 GError      **error);
gboolean       _genkit_trace_db_exec          (sqlite3        *conn,
                                               const char     *sql,
                                               GError        **error);
void           _genkit_trace_db_set_error     (GError        **error,
                                               sqlite3        *conn,
                                               const char     *what);

gpointer       _genkit_trace_db_writer_thread (gpointer        data);
void           _genkit_trace_db_read_job_run  (gpointer        job,
                                               gpointer        db);

WriteOp       *_write_op_new                  (WriteKind       kind,
                                               GTask          *task);
void           _write_op_free                 (WriteOp        *op);
void           _span_event_free               (SpanEvent      *event);
void           _summary_row_free              (SummaryRow     *row);
void           _read_job_free                 (ReadJob        *job);
void           _result_free                   (Result         *result);

/* genkit-trace-store.c: called on the owner context */
void           _genkit_trace_store_apply_results (GenkitTraceStore *self,
                                                  GQueue           *results);

/* genkit-trace-summary.c */
GenkitTraceSummary *_genkit_trace_summary_new    (const SummaryRow   *row);
void                _genkit_trace_summary_update (GenkitTraceSummary *self,
                                                  const SummaryRow   *row);
gint64              _genkit_trace_summary_get_seq (GenkitTraceSummary *self);

/* For the telemetry server: span events as JSON text, reads as JSON text */
typedef void (*GenkitSpanEventFunc) (const char *trace_id,
                                     const char *span_json,
                                     gboolean    is_end,
                                     gpointer    user_data);

guint          _genkit_trace_store_add_event_watch    (GenkitTraceStore    *self,
                                                       GenkitSpanEventFunc  func,
                                                       gpointer             user_data);
void           _genkit_trace_store_remove_event_watch (GenkitTraceStore    *self,
                                                       guint                watch_id);

void           _genkit_trace_store_ingest_parsed_async (GenkitTraceStore    *self,
                                                        GenkitIngestTrace   *trace,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
void           _genkit_trace_store_add_logs_parsed_async (GenkitTraceStore    *self,
                                                          GPtrArray           *logs,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
void           _genkit_trace_store_read_text_async (GenkitTraceStore    *self,
                                                    ReadJob             *job,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
ReadJob       *_genkit_trace_store_list_job_new      (JsonNode            *filter,
                                                      const char          *search,
                                                      guint                offset,
                                                      guint                limit);
char          *_genkit_trace_store_read_text_finish (GenkitTraceStore   *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

G_END_DECLS
