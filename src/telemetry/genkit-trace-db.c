/* genkit-trace-db.c — the trace store's SQLite database, its writer thread and its readers
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include <genkit.h>

#include "genkit-trace-store-private.h"

/* Bumped whenever the schema below changes incompatibly. */
#define SCHEMA_VERSION 2

/* Untyped `idx_*` columns keep the storage class of what was written (number, or text such
 * as "UNKNOWN"), so filters compare like JavaScript's `===`: 2 never equals "2". */
static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS traces ("
  "  id INTEGER PRIMARY KEY,"
  "  trace_id TEXT NOT NULL UNIQUE,"
  "  display_name TEXT,"
  "  start_time REAL,"
  "  end_time REAL,"
  "  listed INTEGER NOT NULL DEFAULT 0,"
  "  idx_type, idx_name, idx_start, idx_end, idx_status, idx_genkitx,"
  "  idx_seq INTEGER NOT NULL DEFAULT 0,"
  "  n_spans INTEGER NOT NULL DEFAULT 0,"
  "  created_ms INTEGER NOT NULL,"
  "  runtime_id TEXT);"
  "CREATE INDEX IF NOT EXISTS traces_by_start ON traces (idx_start DESC, idx_seq DESC) WHERE listed = 1;"
  "CREATE INDEX IF NOT EXISTS traces_by_name ON traces (idx_name, idx_start DESC, idx_seq DESC) WHERE listed = 1;"
  "CREATE INDEX IF NOT EXISTS traces_by_type ON traces (idx_type, idx_start DESC, idx_seq DESC) WHERE listed = 1;"
  "CREATE INDEX IF NOT EXISTS traces_by_creation ON traces (created_ms);"
  "CREATE TABLE IF NOT EXISTS spans ("
  "  id INTEGER PRIMARY KEY,"
  "  trace_rowid INTEGER NOT NULL,"
  "  span_id TEXT NOT NULL,"
  "  parent_span_id TEXT,"
  "  name TEXT NOT NULL,"
  "  start_time REAL NOT NULL,"
  "  end_time REAL NOT NULL,"
  "  status_code REAL,"
  "  idx_type TEXT NOT NULL,"
  "  genkitx TEXT,"
  "  data TEXT NOT NULL,"
  "  fts_state INTEGER NOT NULL DEFAULT 0,"      /* 0 not indexed, 1 pending, 2 indexed */
  "  UNIQUE (trace_rowid, span_id));"
  /* Spans waiting for the full-text index, with the text it will get: indexing runs in
   * batches of its own, off the ingest transactions (see the writer). */
  "CREATE TABLE IF NOT EXISTS fts_pending ("
  "  span_rowid INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL,"
  "  input TEXT,"
  "  output TEXT);"
  "CREATE VIRTUAL TABLE IF NOT EXISTS spans_fts USING fts5 ("
  "  name, input, output, content='', tokenize='unicode61 remove_diacritics 2');"
  "CREATE TABLE IF NOT EXISTS logs ("
  "  id INTEGER PRIMARY KEY,"
  "  log_id TEXT NOT NULL,"
  "  trace_id TEXT,"
  "  span_id TEXT,"
  "  timestamp REAL NOT NULL,"
  "  data TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS logs_by_time ON logs (timestamp DESC, id);"
  "CREATE INDEX IF NOT EXISTS logs_by_trace ON logs (trace_id, timestamp DESC, id);";

/* From schema 1: traces learn which runtime sent them. */
static const char migrate_1_sql[] =
  "ALTER TABLE traces ADD COLUMN runtime_id TEXT;";

void
_genkit_trace_db_set_error (GError    **error,
                            sqlite3    *conn,
                            const char *what)
{
  int code = conn ? sqlite3_extended_errcode (conn) : SQLITE_ERROR;
  int status = GENKIT_ERROR_INTERNAL;

  switch (code & 0xff)
    {
    case SQLITE_FULL:
      status = GENKIT_ERROR_RESOURCE_EXHAUSTED;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
      status = GENKIT_ERROR_UNAVAILABLE;
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      status = GENKIT_ERROR_DATA_LOSS;
      break;
    default:
      break;
    }
  g_set_error (error, GENKIT_ERROR, status, "%s: %s", what,
               conn ? sqlite3_errmsg (conn) : sqlite3_errstr (code));
}

gboolean
_genkit_trace_db_exec (sqlite3     *conn,
                       const char  *sql,
                       GError     **error)
{
  if (sqlite3_exec (conn, sql, NULL, NULL, NULL) != SQLITE_OK)
    {
      _genkit_trace_db_set_error (error, conn, "Trace store");
      return FALSE;
    }
  return TRUE;
}

/* `genkit_lower(text)`: Unicode lowercase, for the case-insensitive `contains` filter
 * (JavaScript's toLowerCase; SQLite's lower() only folds ASCII). */
static void
genkit_lower_func (sqlite3_context *ctx,
                   int              argc,
                   sqlite3_value  **argv)
{
  const char *text;
  char *lower;

  if (sqlite3_value_type (argv[0]) != SQLITE_TEXT)
    {
      sqlite3_result_null (ctx);
      return;
    }
  text = (const char *) sqlite3_value_text (argv[0]);
  if (!g_utf8_validate (text, -1, NULL))
    {
      sqlite3_result_value (ctx, argv[0]);
      return;
    }
  lower = g_utf8_strdown (text, -1);
  sqlite3_result_text (ctx, lower, -1, g_free);
}

sqlite3 *
_genkit_trace_db_open_connection (const char  *path,
                                  gboolean     read_only,
                                  gboolean     durable,
                                  GError     **error)
{
  sqlite3 *conn = NULL;
  int flags = SQLITE_OPEN_NOMUTEX;

  flags |= read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2 (path, &conn, flags, NULL) != SQLITE_OK)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   "Cannot open the trace store %s: %s", path,
                   conn ? sqlite3_errmsg (conn) : "out of memory");
      sqlite3_close (conn);
      return NULL;
    }
  sqlite3_extended_result_codes (conn, 1);
  sqlite3_busy_timeout (conn, 10000);

  if (read_only)
    {
      if (!_genkit_trace_db_exec (conn,
                                  "PRAGMA query_only = 1;"
                                  "PRAGMA temp_store = MEMORY;"
                                  "PRAGMA cache_size = -32768;"
                                  "PRAGMA mmap_size = 268435456;",
                                  error))
        goto fail;
      sqlite3_create_function (conn, "genkit_lower", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, genkit_lower_func, NULL, NULL);
      return conn;
    }

  /* WAL: readers never wait for the writer; a commit is one append to the log. Copying the
   * log into the database (a checkpoint, with an fsync) is left to the checkpointer thread, so
   * that commits never wait for it. With
   * synchronous=NORMAL a committed transaction survives the process being killed (the log
   * is in the OS's hands) but not a power cut; `durable` asks for FULL, which fsyncs every
   * commit. The log file is cut back to 8 MiB whenever it restarts after a checkpoint, so a
   * burst does not leave a large file behind. */
  if (!_genkit_trace_db_exec (conn, "PRAGMA journal_mode = WAL;", error) ||
      !_genkit_trace_db_exec (conn, durable ? "PRAGMA synchronous = FULL;"
                                            : "PRAGMA synchronous = NORMAL;", error) ||
      !_genkit_trace_db_exec (conn,
                              "PRAGMA temp_store = MEMORY;"
                              "PRAGMA cache_size = -32768;"
                              "PRAGMA wal_autocheckpoint = 0;"
                              "PRAGMA journal_size_limit = 8388608;"
                              "PRAGMA foreign_keys = OFF;",
                              error))
    goto fail;
  return conn;

fail:
  sqlite3_close (conn);
  return NULL;
}

static int
schema_version (sqlite3 *conn)
{
  sqlite3_stmt *stmt = NULL;
  int version = 0;

  if (sqlite3_prepare_v2 (conn, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

static gboolean
create_schema (sqlite3  *conn,
               GError  **error)
{
  int version = schema_version (conn);

  if (version > SCHEMA_VERSION)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                   "The trace store was written by a newer Genkit Studio (schema %d, this one "
                   "knows %d)", version, SCHEMA_VERSION);
      return FALSE;
    }
  /* Already there: no write transaction, so opening a store another process is writing to
   * (a `genkit-studio-cli traces` next to a running server) does not wait for it. */
  if (version == SCHEMA_VERSION)
    return TRUE;

  if (!_genkit_trace_db_exec (conn, "BEGIN IMMEDIATE", error))
    return FALSE;
  /* Another process may have created or migrated it while this one waited for the lock. */
  if ((version = schema_version (conn)) == SCHEMA_VERSION)
    return _genkit_trace_db_exec (conn, "COMMIT", error);
  /* Schema 1 had no `runtime_id`: its traces keep everything and get no runtime. A fresh
   * database gets the whole schema (its `CREATE ... IF NOT EXISTS` leave a migrated one be). */
  if (!(version == 1 && !_genkit_trace_db_exec (conn, migrate_1_sql, error)) &&
      _genkit_trace_db_exec (conn, schema_sql, error) &&
      _genkit_trace_db_exec (conn, "PRAGMA user_version = " G_STRINGIFY (SCHEMA_VERSION), error) &&
      _genkit_trace_db_exec (conn, "COMMIT", error))
    return TRUE;
  sqlite3_exec (conn, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

GenkitTraceDb *
_genkit_trace_db_new (const char  *path,
                      gboolean     durable,
                      GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  GenkitTraceDb *db;
  sqlite3 *conn;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int errsv = errno;

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   "Cannot create the folder of the trace store %s: %s", dir, g_strerror (errsv));
      return NULL;
    }

  if (!(conn = _genkit_trace_db_open_connection (path, FALSE, durable, error)))
    return NULL;
  if (!create_schema (conn, error))
    {
      sqlite3_close (conn);
      return NULL;
    }

  db = g_new0 (GenkitTraceDb, 1);
  g_atomic_ref_count_init (&db->ref_count);
  g_mutex_init (&db->checkpoint_lock);
  g_cond_init (&db->checkpoint_cond);
  db->path = g_strdup (path);
  db->durable = durable;
  db->write_conn = conn;
  db->write_queue = g_async_queue_new ();
  g_mutex_init (&db->readers_lock);
  g_mutex_init (&db->results_lock);
  g_queue_init (&db->results);
  db->idle_read_conns = g_ptr_array_new ();
  g_weak_ref_init (&db->store, NULL);
  return db;
}

GenkitTraceDb *
_genkit_trace_db_ref (GenkitTraceDb *db)
{
  g_atomic_ref_count_inc (&db->ref_count);
  return db;
}

void
_genkit_trace_db_unref (GenkitTraceDb *db)
{
  if (!g_atomic_ref_count_dec (&db->ref_count))
    return;

  /* _genkit_trace_db_close() ran (or the writer never started). */
  g_assert (db->writer == NULL);
  g_assert (db->checkpointer == NULL);
  g_assert (db->readers == NULL);

  if (db->write_conn != NULL)
    sqlite3_close (db->write_conn);
  for (guint i = 0; i < db->idle_read_conns->len; i++)
    sqlite3_close (g_ptr_array_index (db->idle_read_conns, i));
  g_ptr_array_unref (db->idle_read_conns);
  g_queue_clear_full (&db->results, (GDestroyNotify) _result_free);
  g_async_queue_unref (db->write_queue);
  g_mutex_clear (&db->readers_lock);
  g_mutex_clear (&db->results_lock);
  g_mutex_clear (&db->checkpoint_lock);
  g_cond_clear (&db->checkpoint_cond);
  g_weak_ref_clear (&db->store);
  g_clear_pointer (&db->context, g_main_context_unref);
  g_free (db->path);
  g_free (db);
}

/* A checkpoint is asked for once the log holds this many pages (4 MiB)... */
#define CHECKPOINT_PAGES 1024

/* ...and the writer checkpoints itself past this many (64 MiB), when the checkpointer cannot
 * keep up with a long burst: the log stays bounded. */
#define CHECKPOINT_PAGES_MAX 16384

/* Called by SQLite on the writer thread after each commit. */
static int
wal_hook (gpointer    data,
          sqlite3    *conn,
          const char *name,
          int         n_pages)
{
  GenkitTraceDb *db = data;

  if (n_pages >= CHECKPOINT_PAGES_MAX)
    {
      sqlite3_wal_checkpoint_v2 (conn, name, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      return SQLITE_OK;
    }
  if (n_pages >= CHECKPOINT_PAGES)
    {
      g_mutex_lock (&db->checkpoint_lock);
      db->checkpoint_wanted = TRUE;
      g_cond_signal (&db->checkpoint_cond);
      g_mutex_unlock (&db->checkpoint_lock);
    }
  return SQLITE_OK;
}

/* Passive checkpoints on a connection of its own: they run alongside the writer's commits
 * (WAL allows it) instead of inside one of them. */
static gpointer
checkpointer_thread (gpointer data)
{
  GenkitTraceDb *db = data;
  sqlite3 *conn = _genkit_trace_db_open_connection (db->path, FALSE, db->durable, NULL);

  g_mutex_lock (&db->checkpoint_lock);
  while (!db->checkpoint_stop)
    {
      if (!db->checkpoint_wanted)
        {
          g_cond_wait (&db->checkpoint_cond, &db->checkpoint_lock);
          continue;
        }
      db->checkpoint_wanted = FALSE;
      g_mutex_unlock (&db->checkpoint_lock);
      if (conn != NULL)
        sqlite3_wal_checkpoint_v2 (conn, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
      g_mutex_lock (&db->checkpoint_lock);
    }
  g_mutex_unlock (&db->checkpoint_lock);

  if (conn != NULL)
    sqlite3_close (conn);
  _genkit_trace_db_unref (db);
  return NULL;
}

static void
read_job_thread_func (gpointer data,
                      gpointer user_data)
{
  _genkit_trace_db_read_job_run (data, user_data);
}

/* Starts the writer thread and the reader pool; results go to the thread-default main
 * context of the caller. */
void
_genkit_trace_db_start (GenkitTraceDb    *db,
                        GenkitTraceStore *store)
{
  g_autoptr(GError) error = NULL;

  db->context = g_main_context_ref_thread_default ();
  g_weak_ref_set (&db->store, store);
  sqlite3_wal_hook (db->write_conn, wal_hook, db);
  db->checkpointer = g_thread_new ("genkit-trace-ckpt", checkpointer_thread,
                                   _genkit_trace_db_ref (db));
  db->writer = g_thread_new ("genkit-trace-writer", _genkit_trace_db_writer_thread,
                             _genkit_trace_db_ref (db));
  db->readers = g_thread_pool_new (read_job_thread_func, db,
                                   CLAMP ((int) g_get_num_processors (), 2, 4), FALSE, &error);
  g_assert_no_error (error);
}

/* Writes everything queued, stops the writer, waits for running reads. Called on the owner
 * context when the store goes away. */
void
_genkit_trace_db_close (GenkitTraceDb *db)
{
  if (db->writer != NULL)
    {
      _genkit_trace_db_push_write (db, _write_op_new (WRITE_CLOSE, NULL));
      g_thread_join (g_steal_pointer (&db->writer));
    }
  if (db->checkpointer != NULL)
    {
      g_mutex_lock (&db->checkpoint_lock);
      db->checkpoint_stop = TRUE;
      g_cond_signal (&db->checkpoint_cond);
      g_mutex_unlock (&db->checkpoint_lock);
      g_thread_join (g_steal_pointer (&db->checkpointer));
    }
  if (db->readers != NULL)
    g_thread_pool_free (g_steal_pointer (&db->readers), FALSE, TRUE);
}

void
_genkit_trace_db_push_write (GenkitTraceDb *db,
                             WriteOp       *op)
{
  g_async_queue_push (db->write_queue, op);
}

void
_genkit_trace_db_push_read (GenkitTraceDb *db,
                            ReadJob       *job)
{
  g_autoptr(GError) error = NULL;

  if (!g_thread_pool_push (db->readers, job, &error))
    {
      job->error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                                "Cannot start a trace store read: %s", error->message);
      {
        Result *result = g_new0 (Result, 1);

        result->kind = RESULT_READ;
        result->read = job;
        _genkit_trace_db_post_result (db, result);
      }
    }
}

static gboolean
drain_results_cb (gpointer data)
{
  GenkitTraceDb *db = data;
  g_autoptr(GenkitTraceStore) store = g_weak_ref_get (&db->store);
  GQueue results = G_QUEUE_INIT;
  Result *result;

  g_mutex_lock (&db->results_lock);
  results = db->results;
  g_queue_init (&db->results);
  db->drain_scheduled = FALSE;
  g_mutex_unlock (&db->results_lock);

  /* One pass over everything that arrived since the last main loop iteration: the list
   * model coalesces its items-changed per pass. */
  if (store != NULL)
    _genkit_trace_store_apply_results (store, &results);
  else
    {
      /* The store was disposed: tasks still complete (they hold their own source object). */
      for (GList *l = results.head; l != NULL; l = l->next)
        {
          Result *r = l->data;

          for (guint i = 0; r->ops && i < r->ops->len; i++)
            {
              WriteOp *op = g_ptr_array_index (r->ops, i);

              if (op->task != NULL)
                g_task_return_new_error (op->task, GENKIT_ERROR, GENKIT_ERROR_CANCELLED,
                                         "The trace store was closed");
            }
          if (r->read != NULL && r->read->task != NULL)
            g_task_return_new_error (r->read->task, GENKIT_ERROR, GENKIT_ERROR_CANCELLED,
                                     "The trace store was closed");
        }
    }
  while ((result = g_queue_pop_head (&results)))
    _result_free (result);
  return G_SOURCE_REMOVE;
}

/* Called on the writer thread and on reader threads. */
void
_genkit_trace_db_post_result (GenkitTraceDb *db,
                              Result        *result)
{
  gboolean schedule;

  g_mutex_lock (&db->results_lock);
  g_queue_push_tail (&db->results, result);
  schedule = !db->drain_scheduled;
  db->drain_scheduled = TRUE;
  g_mutex_unlock (&db->results_lock);

  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, drain_results_cb, _genkit_trace_db_ref (db),
                             (GDestroyNotify) _genkit_trace_db_unref);
      g_source_set_static_name (source, "[genkit] trace store results");
      g_source_attach (source, db->context);
      g_source_unref (source);
    }
}

WriteOp *
_write_op_new (WriteKind  kind,
               GTask     *task)
{
  WriteOp *op = g_new0 (WriteOp, 1);

  op->kind = kind;
  op->task = task;
  return op;
}

void
_write_op_free (WriteOp *op)
{
  if (op == NULL)
    return;
  g_clear_object (&op->task);
  g_clear_pointer (&op->trace, _genkit_ingest_trace_free);
  g_clear_pointer (&op->logs, g_ptr_array_unref);
  g_clear_error (&op->error);
  g_free (op->trace_id);
  g_free (op->runtime_id);
  g_free (op->new_runtime_id);
  g_free (op);
}

void
_span_event_free (SpanEvent *event)
{
  g_free (event->trace_id);
  g_free (event->span_json);
  g_free (event);
}

void
_summary_row_free (SummaryRow *row)
{
  g_free (row->trace_id);
  g_free (row->name);
  g_free (row->type);
  g_free (row->runtime_id);
  g_free (row);
}

void
_read_job_free (ReadJob *job)
{
  if (job == NULL)
    return;
  g_clear_object (&job->task);
  g_free (job->trace_id);
  g_free (job->span_id);
  g_free (job->key);
  g_clear_pointer (&job->filter, json_node_unref);
  g_free (job->search);
  g_free (job->text);
  g_clear_pointer (&job->node, json_node_unref);
  g_clear_error (&job->error);
  g_free (job);
}

void
_result_free (Result *result)
{
  g_clear_pointer (&result->ops, g_ptr_array_unref);
  g_clear_pointer (&result->events, g_ptr_array_unref);
  g_clear_pointer (&result->summaries, g_ptr_array_unref);
  g_clear_pointer (&result->read, _read_job_free);
  g_free (result);
}
