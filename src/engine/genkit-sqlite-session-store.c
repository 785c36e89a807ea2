/* genkit-sqlite-session-store.c — session snapshots in SQLite, the studio's default store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <sqlite3.h>

#include <glib/gstdio.h>

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-json.h"
#include "genkit-session-private.h"
#include "genkit-session-store-private.h"
#include "genkit-sqlite-session-store.h"

/**
 * GenkitSqliteSessionStore:
 *
 * A [iface@Genkit.SessionStore] in an SQLite database: the store agents use unless told
 * otherwise, at `$XDG_DATA_HOME/genkit-studio/sessions.db`
 * ([func@Genkit.SqliteSessionStore.get_default_path]).
 *
 * One table holds each snapshot's JSON document with the columns a lookup needs (prefix,
 * snapshot, session and parent ids, creation time, status). All SQL runs on one worker
 * thread fed by a queue, so the main loop never waits on the disk. Saves that queue up are
 * written in one transaction (`BEGIN IMMEDIATE`, which also keeps other processes out while
 * a save reads, mutates and writes), and a save is acknowledged only after its transaction
 * committed. The database is in WAL mode with `synchronous = FULL`: a process killed in the
 * middle of a burst of saves loses none it acknowledged.
 *
 * Ids are checked ([func@Genkit.session_check_id]) and bound as parameters. Another process
 * may share the database (the studio and a `genkit-studio-cli serve`): watched snapshots
 * ([method@Genkit.SessionStore.watch_snapshot]) are re-read when SQLite reports that someone
 * else committed (`PRAGMA data_version`), every
 * [property@Genkit.SqliteSessionStore:watch-interval] milliseconds.
 *
 * Mutators run on the worker thread, inside the transaction.
 */

#define MAX_BATCH 64

typedef enum
{
  JOB_GET,
  JOB_SAVE,
  JOB_LIST,
  JOB_POLL,
  JOB_STOP,
} JobKind;


typedef struct
{
  JobKind                kind;
  GenkitSqliteSessionStore *self;  /* owned */
  GTask                 *task;
  char                  *prefix;
  char                  *snapshot_id;
  char                  *session_id;
  gboolean               reject_branching;
  GenkitSnapshotMutator  mutator;
  gpointer               mutator_data;
  GDestroyNotify         mutator_destroy;
  GPtrArray             *watch_keys;      /* JOB_POLL: of GenkitSessionWatch (prefix, id) */
  gboolean               force;           /* JOB_POLL: read even if nobody else wrote */

  /* Results */
  GError                *error;
  GenkitSessionSnapshot *snapshot;
  char                  *id;
  GPtrArray             *snapshots;
  GPtrArray             *texts;           /* JOB_POLL: compact documents, NULL for missing */
} Job;

struct _GenkitSqliteSessionStore
{
  GObject                  parent_instance;

  char                    *path;
  sqlite3                 *db;            /* used by the worker only, once it runs */
  GThread                 *thread;
  GAsyncQueue             *queue;         /* of Job */
  gint64                   data_version;  /* worker only */

  gboolean                 reject_branching;
  GenkitSessionPrefix      prefix;

  GMainContext            *context;       /* where watch reports go */
  guint                    watch_interval;
  GHashTable              *watches;       /* key → GenkitSessionWatch */
  guint                    watch_source;
  gboolean                 poll_pending;
};

static void session_store_iface_init (GenkitSessionStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitSqliteSessionStore, genkit_sqlite_session_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SESSION_STORE,
                                                      session_store_iface_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_REJECT_BRANCHING,
  PROP_WATCH_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* SQL ---------------------------------------------------------------------------------------- */

static gboolean
db_fail (sqlite3     *db,
         const char  *what,
         GError     **error)
{
  int code = sqlite3_extended_errcode (db);

  g_set_error (error, GENKIT_ERROR,
               (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED
                 ? GENKIT_ERROR_UNAVAILABLE : GENKIT_ERROR_INTERNAL,
               "Session store: %s: %s", what, sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
db_exec (sqlite3     *db,
         const char  *sql,
         GError     **error)
{
  if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
    return db_fail (db, sql, error);
  return TRUE;
}

static const char schema_sql[] =
  "CREATE TABLE IF NOT EXISTS snapshots ("
  "  prefix      TEXT NOT NULL,"
  "  snapshot_id TEXT NOT NULL,"
  "  session_id  TEXT,"
  "  parent_id   TEXT,"
  "  created_at  TEXT NOT NULL,"
  "  updated_at  TEXT,"
  "  status      TEXT,"
  "  document    TEXT NOT NULL CHECK (json_valid (document)),"
  "  PRIMARY KEY (prefix, snapshot_id)"
  ") STRICT;"
  "CREATE INDEX IF NOT EXISTS snapshots_by_session ON snapshots (prefix, session_id, created_at);"
  "CREATE INDEX IF NOT EXISTS snapshots_by_parent ON snapshots (prefix, parent_id);"
  "PRAGMA user_version = 1;";

static sqlite3 *
db_open (const char  *path,
         GError     **error)
{
  sqlite3 *db = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   "Session store: cannot create %s: %s", dir, g_strerror (saved));
      return NULL;
    }
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                       SQLITE_OPEN_FULLMUTEX, NULL) != SQLITE_OK)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   "Session store: cannot open %s: %s", path,
                   db ? sqlite3_errmsg (db) : "out of memory");
      sqlite3_close (db);
      return NULL;
    }
  sqlite3_busy_timeout (db, 10000);
  sqlite3_extended_result_codes (db, 1);
  /* WAL and a sync on every commit: an acknowledged snapshot is on disk, whatever happens to
   * the process after. */
  if (!db_exec (db, "PRAGMA journal_mode = WAL;", error) ||
      !db_exec (db, "PRAGMA synchronous = FULL;", error) ||
      !db_exec (db, "PRAGMA foreign_keys = OFF;", error) ||
      !db_exec (db, schema_sql, error))
    {
      sqlite3_close (db);
      return NULL;
    }
  return db;
}

/* Reads and checks a stored document; a row that fails is reported as lost data. */
static GenkitSessionSnapshot *
parse_document (const char  *text,
                const char  *snapshot_id,
                GError     **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  GenkitSessionSnapshot *snapshot;

  if ((node = genkit_json_parse (text, -1, &local_error)) == NULL ||
      (snapshot = genkit_session_snapshot_new_from_json (node, &local_error)) == NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                   "Session store: snapshot %s is damaged: %s", snapshot_id, local_error->message);
      return NULL;
    }
  return snapshot;
}

static gboolean
db_read (sqlite3                *db,
         const char             *prefix,
         const char             *snapshot_id,
         GenkitSessionSnapshot **out,
         char                  **text_out,
         GError                **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  *out = NULL;
  if (text_out != NULL)
    *text_out = NULL;
  if (sqlite3_prepare_v2 (db, "SELECT document FROM snapshots WHERE prefix = ?1 AND snapshot_id = ?2",
                          -1, &stmt, NULL) != SQLITE_OK)
    return db_fail (db, "read", error);
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, snapshot_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, 0);

      if (text_out != NULL)
        *text_out = g_strdup (text);
      *out = parse_document (text, snapshot_id, error);
      sqlite3_finalize (stmt);
      return *out != NULL;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_fail (db, "read", error);
  return TRUE;
}

static GPtrArray *
db_query_list (sqlite3     *db,
               const char  *sql,
               const char  *prefix,
               const char  *session_id,
               GError     **error)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_session_snapshot_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      db_fail (db, "list", error);
      return NULL;
    }
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_TRANSIENT);
  if (session_id != NULL)
    sqlite3_bind_text (stmt, 2, session_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GenkitSessionSnapshot *snapshot;

      snapshot = parse_document ((const char *) sqlite3_column_text (stmt, 0),
                                 (const char *) sqlite3_column_text (stmt, 1), error);
      if (snapshot == NULL)
        {
          sqlite3_finalize (stmt);
          return NULL;
        }
      g_ptr_array_add (list, snapshot);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      db_fail (db, "list", error);
      return NULL;
    }
  return g_steal_pointer (&list);
}

static gboolean
db_write (sqlite3                *db,
          const char             *prefix,
          GenkitSessionSnapshot  *snapshot,
          GError                **error)
{
  g_autoptr(JsonNode) node = genkit_session_snapshot_to_json (snapshot);
  g_autofree char *text = _gk_json_stringify (node);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db,
                          "INSERT OR REPLACE INTO snapshots (prefix, snapshot_id, session_id, "
                          "parent_id, created_at, updated_at, status, document) "
                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", -1, &stmt, NULL) != SQLITE_OK)
    return db_fail (db, "write", error);
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, genkit_session_snapshot_get_snapshot_id (snapshot), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, genkit_session_snapshot_get_session_id (snapshot), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, genkit_session_snapshot_get_parent_id (snapshot), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, genkit_session_snapshot_get_created_at (snapshot), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, genkit_session_snapshot_get_updated_at (snapshot), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7,
                     genkit_snapshot_status_to_string (genkit_session_snapshot_get_status (snapshot)),
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, text, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return db_fail (db, "write", error);
  return TRUE;
}

/* Jobs --------------------------------------------------------------------------------------- */

static Job *
job_new (GenkitSqliteSessionStore *self,
         JobKind                   kind,
         GTask                    *task,
         const char               *prefix)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->self = g_object_ref (self);
  job->task = task;
  job->prefix = g_strdup (prefix);
  return job;
}

static void
job_free (Job *job)
{
  if (job->mutator_destroy != NULL)
    job->mutator_destroy (job->mutator_data);
  g_clear_object (&job->task);
  g_free (job->prefix);
  g_free (job->snapshot_id);
  g_free (job->session_id);
  g_clear_pointer (&job->watch_keys, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_clear_pointer (&job->snapshot, genkit_session_snapshot_unref);
  g_free (job->id);
  g_clear_pointer (&job->snapshots, g_ptr_array_unref);
  g_clear_pointer (&job->texts, g_ptr_array_unref);
  g_clear_object (&job->self);
  g_free (job);
}

static void
report_if_changed (GenkitSqliteSessionStore *self,
                   const char               *prefix,
                   const char               *snapshot_id,
                   const char               *text,
                   GenkitSessionSnapshot    *snapshot)
{
  GenkitSessionWatch *watch = _genkit_session_watches_lookup (self->watches, prefix, snapshot_id);

  if (watch != NULL)
    {
      if (g_strcmp0 (watch->last, text) == 0)
        return;
      g_free (watch->last);
      watch->last = g_strdup (text);
    }
  genkit_session_store_emit_snapshot_changed (GENKIT_SESSION_STORE (self), snapshot);
}

/* Back on the caller's main context. */
static gboolean
job_complete_cb (gpointer user_data)
{
  Job *job = user_data;
  GenkitSqliteSessionStore *self = job->self;

  switch (job->kind)
    {
    case JOB_GET:
      if (job->error != NULL)
        g_task_return_error (job->task, g_steal_pointer (&job->error));
      else
        g_task_return_pointer (job->task, g_steal_pointer (&job->snapshot),
                               (GDestroyNotify) genkit_session_snapshot_unref);
      break;

    case JOB_SAVE:
      if (job->error != NULL)
        g_task_return_error (job->task, g_steal_pointer (&job->error));
      else
        {
          if (job->snapshot != NULL)
            {
              g_autoptr(JsonNode) node = genkit_session_snapshot_to_json (job->snapshot);
              g_autofree char *text = _gk_json_stringify (node);

              report_if_changed (self, job->prefix, job->id, text, job->snapshot);
            }
          g_task_return_pointer (job->task, g_steal_pointer (&job->id), g_free);
        }
      break;

    case JOB_LIST:
      if (job->error != NULL)
        g_task_return_error (job->task, g_steal_pointer (&job->error));
      else
        g_task_return_pointer (job->task, g_steal_pointer (&job->snapshots),
                               (GDestroyNotify) g_ptr_array_unref);
      break;

    case JOB_POLL:
      self->poll_pending = FALSE;
      for (guint i = 0; job->texts != NULL && i < job->texts->len; i++)
        {
          GenkitSessionWatch *key = job->watch_keys->pdata[i];
          GenkitSessionSnapshot *snapshot = job->snapshots->pdata[i];

          if (snapshot != NULL)
            report_if_changed (self, key->prefix, key->snapshot_id, job->texts->pdata[i], snapshot);
        }
      break;

    case JOB_STOP:
    default:
      g_assert_not_reached ();
    }

  job_free (job);
  return G_SOURCE_REMOVE;
}

static void
job_complete (Job *job)
{
  GMainContext *context = job->task ? g_task_get_context (job->task) : job->self->context;

  g_main_context_invoke_full (context, G_PRIORITY_DEFAULT, job_complete_cb, job, NULL);
}

static void
worker_get (GenkitSqliteSessionStore *self,
            Job                      *job)
{
  g_autoptr(GPtrArray) leaves = NULL;

  if (job->snapshot_id != NULL)
    {
      db_read (self->db, job->prefix, job->snapshot_id, &job->snapshot, NULL, &job->error);
      return;
    }

  /* The leaves of the session, newest first; two are enough to see a branch. */
  leaves = db_query_list (self->db,
                          "SELECT document, snapshot_id FROM snapshots AS s "
                          "WHERE prefix = ?1 AND session_id = ?2 AND NOT EXISTS ("
                          "  SELECT 1 FROM snapshots AS c WHERE c.prefix = ?1 AND "
                          "  c.session_id = ?2 AND c.parent_id = s.snapshot_id) "
                          "ORDER BY created_at DESC, rowid ASC LIMIT 2",
                          job->prefix, job->session_id, &job->error);
  if (leaves == NULL)
    return;

  if (leaves->len == 0)
    {
      g_autoptr(GPtrArray) all = NULL;

      /* Snapshots but no leaf: a cyclic history, which the leaf rule reports. */
      all = db_query_list (self->db,
                           "SELECT document, snapshot_id FROM snapshots WHERE prefix = ?1 AND "
                           "session_id = ?2 ORDER BY created_at, rowid",
                           job->prefix, job->session_id, &job->error);
      if (all != NULL)
        job->snapshot = genkit_session_select_leaf (all, job->session_id, job->reject_branching,
                                                    &job->error);
      return;
    }
  if (leaves->len > 1 && job->reject_branching)
    {
      g_autoptr(GPtrArray) all = NULL;

      all = db_query_list (self->db,
                           "SELECT document, snapshot_id FROM snapshots WHERE prefix = ?1 AND "
                           "session_id = ?2 ORDER BY created_at, rowid",
                           job->prefix, job->session_id, &job->error);
      if (all != NULL)
        job->snapshot = genkit_session_select_leaf (all, job->session_id, TRUE, &job->error);
      return;
    }
  job->snapshot = genkit_session_snapshot_ref (leaves->pdata[0]);
}

static void
worker_list (GenkitSqliteSessionStore *self,
             Job                      *job)
{
  if (job->session_id != NULL)
    job->snapshots = db_query_list (self->db,
                                    "SELECT document, snapshot_id FROM snapshots WHERE prefix = ?1 "
                                    "AND session_id = ?2 ORDER BY created_at, rowid",
                                    job->prefix, job->session_id, &job->error);
  else
    job->snapshots = db_query_list (self->db,
                                    "SELECT document, snapshot_id FROM snapshots WHERE prefix = ?1 "
                                    "ORDER BY created_at, rowid",
                                    job->prefix, NULL, &job->error);
}

static void
worker_save_one (GenkitSqliteSessionStore *self,
                 Job                      *job)
{
  g_autoptr(GenkitSessionSnapshot) current = NULL;
  g_autoptr(GenkitSessionSnapshot) next = NULL;

  if (job->snapshot_id != NULL &&
      !db_read (self->db, job->prefix, job->snapshot_id, &current, NULL, &job->error))
    return;

  next = job->mutator (current, job->mutator_data, &job->error);
  if (job->error != NULL || next == NULL)
    return;
  if ((job->id = _genkit_session_store_finish_snapshot (next, job->snapshot_id, &job->error)) == NULL)
    return;
  if (!db_write (self->db, job->prefix, next, &job->error))
    {
      g_clear_pointer (&job->id, g_free);
      return;
    }
  job->snapshot = g_steal_pointer (&next);
}

/* Runs queued saves in one transaction and acknowledges them once it committed. */
static void
worker_save_batch (GenkitSqliteSessionStore *self,
                   GPtrArray                *batch)
{
  g_autoptr(GError) error = NULL;

  if (db_exec (self->db, "BEGIN IMMEDIATE;", &error))
    {
      for (guint i = 0; i < batch->len; i++)
        worker_save_one (self, batch->pdata[i]);
      if (!db_exec (self->db, "COMMIT;", &error))
        db_exec (self->db, "ROLLBACK;", NULL);
    }

  for (guint i = 0; i < batch->len; i++)
    {
      Job *job = batch->pdata[i];

      if (error != NULL)
        {
          /* Nothing of the batch reached the disk: nothing is acknowledged. */
          g_clear_error (&job->error);
          g_clear_pointer (&job->snapshot, genkit_session_snapshot_unref);
          g_clear_pointer (&job->id, g_free);
          job->error = g_error_copy (error);
        }
      job_complete (job);
    }
}

static void
worker_poll (GenkitSqliteSessionStore *self,
             Job                      *job)
{
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;

  if (sqlite3_prepare_v2 (self->db, "PRAGMA data_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  /* Only another connection's commits change data_version. */
  if (!job->force && version == self->data_version)
    return;
  self->data_version = version;

  job->texts = g_ptr_array_new_with_free_func (g_free);
  job->snapshots = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_session_snapshot_unref);
  for (guint i = 0; i < job->watch_keys->len; i++)
    {
      GenkitSessionWatch *key = job->watch_keys->pdata[i];
      GenkitSessionSnapshot *snapshot = NULL;
      char *text = NULL;

      if (!db_read (self->db, key->prefix, key->snapshot_id, &snapshot, &text, NULL))
        g_clear_pointer (&text, g_free);
      if (snapshot != NULL)
        {
          g_autoptr(JsonNode) node = genkit_session_snapshot_to_json (snapshot);

          /* Compare what a save would report: the compact form of the document. */
          g_free (text);
          text = _gk_json_stringify (node);
        }
      g_ptr_array_add (job->texts, text);
      g_ptr_array_add (job->snapshots, snapshot);
    }
}

static gpointer
worker_thread (gpointer data)
{
  GenkitSqliteSessionStore *self = data;
  Job *pending = NULL;

  for (;;)
    {
      Job *job = pending ? pending : g_async_queue_pop (self->queue);

      pending = NULL;
      switch (job->kind)
        {
        case JOB_STOP:
          g_free (job);
          return NULL;

        case JOB_SAVE:
          {
            g_autoptr(GPtrArray) batch = g_ptr_array_new ();
            Job *next;

            g_ptr_array_add (batch, job);
            while (batch->len < MAX_BATCH && (next = g_async_queue_try_pop (self->queue)) != NULL)
              {
                if (next->kind != JOB_SAVE)
                  {
                    pending = next;
                    break;
                  }
                g_ptr_array_add (batch, next);
              }
            worker_save_batch (self, batch);
          }
          break;

        case JOB_GET:
          worker_get (self, job);
          job_complete (job);
          break;

        case JOB_LIST:
          worker_list (self, job);
          job_complete (job);
          break;

        case JOB_POLL:
          worker_poll (self, job);
          job_complete (job);
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

/* GObject ------------------------------------------------------------------------------------- */

static void restart_watch_timer (GenkitSqliteSessionStore *self);

static void
genkit_sqlite_session_store_stop (GenkitSqliteSessionStore *self)
{
  if (self->thread != NULL)
    {
      Job *stop = g_new0 (Job, 1);

      stop->kind = JOB_STOP;
      g_async_queue_push (self->queue, stop);
      g_thread_join (g_steal_pointer (&self->thread));
    }
  g_clear_pointer (&self->db, sqlite3_close);
}

static void
genkit_sqlite_session_store_dispose (GObject *object)
{
  GenkitSqliteSessionStore *self = GENKIT_SQLITE_SESSION_STORE (object);

  g_hash_table_remove_all (self->watches);
  restart_watch_timer (self);
  genkit_sqlite_session_store_stop (self);

  G_OBJECT_CLASS (genkit_sqlite_session_store_parent_class)->dispose (object);
}

static void
genkit_sqlite_session_store_finalize (GObject *object)
{
  GenkitSqliteSessionStore *self = GENKIT_SQLITE_SESSION_STORE (object);

  _genkit_session_prefix_clear (&self->prefix);
  g_clear_pointer (&self->queue, g_async_queue_unref);
  g_clear_pointer (&self->watches, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);

  G_OBJECT_CLASS (genkit_sqlite_session_store_parent_class)->finalize (object);
}

static void
genkit_sqlite_session_store_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  GenkitSqliteSessionStore *self = GENKIT_SQLITE_SESSION_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_REJECT_BRANCHING:
      g_value_set_boolean (value, self->reject_branching);
      break;
    case PROP_WATCH_INTERVAL:
      g_value_set_uint (value, self->watch_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_sqlite_session_store_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  GenkitSqliteSessionStore *self = GENKIT_SQLITE_SESSION_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_REJECT_BRANCHING:
      genkit_sqlite_session_store_set_reject_branching (self, g_value_get_boolean (value));
      break;
    case PROP_WATCH_INTERVAL:
      genkit_sqlite_session_store_set_watch_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_sqlite_session_store_class_init (GenkitSqliteSessionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_sqlite_session_store_dispose;
  object_class->finalize = genkit_sqlite_session_store_finalize;
  object_class->get_property = genkit_sqlite_session_store_get_property;
  object_class->set_property = genkit_sqlite_session_store_set_property;

  /**
   * GenkitSqliteSessionStore:path:
   *
   * The database file.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitSqliteSessionStore:reject-branching:
   *
   * Whether a lookup by session id fails with `FAILED_PRECONDITION` when the session has
   * branched, instead of returning its most recent leaf (Genkit's `rejectBranchingSessions`).
   */
  properties[PROP_REJECT_BRANCHING] =
    g_param_spec_boolean ("reject-branching", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitSqliteSessionStore:watch-interval:
   *
   * How often, in milliseconds, watched snapshots are checked for changes made by other
   * processes.
   */
  properties[PROP_WATCH_INTERVAL] =
    g_param_spec_uint ("watch-interval", NULL, NULL, 10, 60000, 500,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_sqlite_session_store_init (GenkitSqliteSessionStore *self)
{
  self->queue = g_async_queue_new ();
  self->watches = _genkit_session_watches_new ();
  self->watch_interval = 500;
  self->data_version = -1;
  self->context = g_main_context_ref_thread_default ();
}

/**
 * genkit_sqlite_session_store_get_default_path:
 *
 * Gets where the studio keeps its sessions: `$XDG_DATA_HOME/genkit-studio/sessions.db`.
 *
 * Returns: (transfer full): the path
 */
char *
genkit_sqlite_session_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "genkit-studio", "sessions.db", NULL);
}

/**
 * genkit_sqlite_session_store_new:
 * @path: the database file; it and its directory are created if needed
 * @error: return location for an `UNAVAILABLE` error when the database cannot be opened
 *
 * Opens (or creates) a session database.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
GenkitSqliteSessionStore *
genkit_sqlite_session_store_new (const char  *path,
                                 GError     **error)
{
  g_autoptr(GenkitSqliteSessionStore) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_SQLITE_SESSION_STORE, "path", path, NULL);
  if ((self->db = db_open (path, error)) == NULL)
    return NULL;
  self->thread = g_thread_new ("genkit-session-store", worker_thread, self);
  return g_steal_pointer (&self);
}

/**
 * genkit_sqlite_session_store_new_default:
 * @error: return location for an error
 *
 * Opens the studio's session database, at
 * [func@Genkit.SqliteSessionStore.get_default_path].
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
GenkitSqliteSessionStore *
genkit_sqlite_session_store_new_default (GError **error)
{
  g_autofree char *path = genkit_sqlite_session_store_get_default_path ();

  return genkit_sqlite_session_store_new (path, error);
}

/**
 * genkit_sqlite_session_store_get_path:
 * @self: a [class@Genkit.SqliteSessionStore]
 *
 * Gets the database file.
 *
 * Returns: the path
 */
const char *
genkit_sqlite_session_store_get_path (GenkitSqliteSessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_SQLITE_SESSION_STORE (self), NULL);
  return self->path;
}

/**
 * genkit_sqlite_session_store_get_reject_branching:
 * @self: a [class@Genkit.SqliteSessionStore]
 *
 * Gets [property@Genkit.SqliteSessionStore:reject-branching].
 *
 * Returns: whether branched sessions are rejected in lookups by session id
 */
gboolean
genkit_sqlite_session_store_get_reject_branching (GenkitSqliteSessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_SQLITE_SESSION_STORE (self), FALSE);
  return self->reject_branching;
}

/**
 * genkit_sqlite_session_store_set_reject_branching:
 * @self: a [class@Genkit.SqliteSessionStore]
 * @reject_branching: whether to reject branched sessions in lookups by session id
 *
 * Sets [property@Genkit.SqliteSessionStore:reject-branching].
 */
void
genkit_sqlite_session_store_set_reject_branching (GenkitSqliteSessionStore *self,
                                                  gboolean                  reject_branching)
{
  g_return_if_fail (GENKIT_IS_SQLITE_SESSION_STORE (self));

  reject_branching = !!reject_branching;
  if (self->reject_branching == reject_branching)
    return;
  self->reject_branching = reject_branching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REJECT_BRANCHING]);
}

/**
 * genkit_sqlite_session_store_set_prefix_func:
 * @self: a [class@Genkit.SqliteSessionStore]
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy): picks each
 *   call's partition from its context; %NULL for the single partition `global`
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Partitions the store per tenant (see [callback@Genkit.SessionPrefixFunc]): every call
 * reads and writes only the snapshots of the partition its context selects. Called on the
 * main context.
 */
void
genkit_sqlite_session_store_set_prefix_func (GenkitSqliteSessionStore *self,
                                             GenkitSessionPrefixFunc   func,
                                             gpointer                  user_data,
                                             GDestroyNotify            destroy)
{
  g_return_if_fail (GENKIT_IS_SQLITE_SESSION_STORE (self));

  _genkit_session_prefix_set (&self->prefix, func, user_data, destroy);
}

/**
 * genkit_sqlite_session_store_get_watch_interval:
 * @self: a [class@Genkit.SqliteSessionStore]
 *
 * Gets [property@Genkit.SqliteSessionStore:watch-interval].
 *
 * Returns: the interval in milliseconds
 */
guint
genkit_sqlite_session_store_get_watch_interval (GenkitSqliteSessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_SQLITE_SESSION_STORE (self), 0);
  return self->watch_interval;
}

static gboolean poll_watches_cb (gpointer user_data);

static void
restart_watch_timer (GenkitSqliteSessionStore *self)
{
  if (self->watch_source != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->watch_source);

      if (source != NULL)
        g_source_destroy (source);
      self->watch_source = 0;
    }
  if (g_hash_table_size (self->watches) > 0)
    {
      GSource *source = g_timeout_source_new (self->watch_interval);

      g_source_set_callback (source, poll_watches_cb, self, NULL);
      g_source_set_name (source, "[genkit] session store watch");
      self->watch_source = g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

/**
 * genkit_sqlite_session_store_set_watch_interval:
 * @self: a [class@Genkit.SqliteSessionStore]
 * @interval_ms: the interval in milliseconds (10–60000)
 *
 * Sets [property@Genkit.SqliteSessionStore:watch-interval].
 */
void
genkit_sqlite_session_store_set_watch_interval (GenkitSqliteSessionStore *self,
                                                guint                     interval_ms)
{
  g_return_if_fail (GENKIT_IS_SQLITE_SESSION_STORE (self));
  g_return_if_fail (interval_ms >= 10 && interval_ms <= 60000);

  if (self->watch_interval == interval_ms)
    return;
  self->watch_interval = interval_ms;
  if (self->watch_source != 0)
    restart_watch_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH_INTERVAL]);
}

/* GenkitSessionStore ------------------------------------------------------------------------ */

static void
queue_job (GenkitSqliteSessionStore *self,
           Job                      *job)
{
  if (self->thread == NULL)
    {
      job->error = g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                                        "Session store is closed");
      job_complete (job);
      return;
    }
  g_async_queue_push (self->queue, job);
}

static void
sqlite_get_snapshot_async (GenkitSessionStore  *store,
                           const char          *snapshot_id,
                           const char          *session_id,
                           JsonObject          *context,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GenkitSqliteSessionStore *self = GENKIT_SQLITE_SESSION_STORE (store);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *prefix = NULL;
  GError *error = NULL;
  Job *job;

  g_task_set_source_tag (task, sqlite_get_snapshot_async);
  if ((prefix = _genkit_session_prefix_call (&self->prefix, context, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  job = job_new (self, JOB_GET, task, prefix);
  job->snapshot_id = g_strdup (snapshot_id);
  job->session_id = g_strdup (session_id);
  job->reject_branching = self->reject_branching;
  queue_job (self, job);
}

static GenkitSessionSnapshot *
sqlite_get_snapshot_finish (GenkitSessionStore  *store,
                            GAsyncResult        *result,
                            GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sqlite_save_snapshot_async (GenkitSessionStore    *store,
                            const char            *snapshot_id,
                            GenkitSnapshotMutator  mutator,
                            gpointer               mutator_data,
                            GDestroyNotify         mutator_destroy,
                            JsonObject            *context,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  GenkitSqliteSessionStore *self = GENKIT_SQLITE_SESSION_STORE (store);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *prefix = NULL;
  GError *error = NULL;
  Job *job;

  g_task_set_source_tag (task, sqlite_save_snapshot_async);
  /* Once queued, a save runs to the end: cancelling only stops the wait. */
  if ((prefix = _genkit_session_prefix_call (&self->prefix, context, &error)) == NULL)
    {
      if (mutator_destroy != NULL)
        mutator_destroy (mutator_data);
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  job = job_new (self, JOB_SAVE, task, prefix);
  job->snapshot_id = g_strdup (snapshot_id);
  job->mutator = mutator;
  job->mutator_data = mutator_data;
  job->mutator_destroy = mutator_destroy;
  queue_job (self, job);
}

static char *
sqlite_save_snapshot_finish (GenkitSessionStore  *store,
                             GAsyncResult        *result,
                             GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
sqlite_list_snapshots_async (GenkitSessionStore  *store,
                             const char          *session_id,
                             JsonObject          *context,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GenkitSqliteSessionStore *self = GENKIT_SQLITE_SESSION_STORE (store);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *prefix = NULL;
  GError *error = NULL;
  Job *job;

  g_task_set_source_tag (task, sqlite_list_snapshots_async);
  if ((prefix = _genkit_session_prefix_call (&self->prefix, context, &error)) == NULL)
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  job = job_new (self, JOB_LIST, task, prefix);
  job->session_id = g_strdup (session_id);
  queue_job (self, job);
}

static GPtrArray *
sqlite_list_snapshots_finish (GenkitSessionStore  *store,
                              GAsyncResult        *result,
                              GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
poll_watches_cb (gpointer user_data)
{
  GenkitSqliteSessionStore *self = user_data;
  GHashTableIter iter;
  gpointer value;
  Job *job;

  if (self->poll_pending || self->thread == NULL)
    return G_SOURCE_CONTINUE;

  job = job_new (self, JOB_POLL, NULL, NULL);
  job->watch_keys = _genkit_session_watches_ids (self->watches);
  g_hash_table_iter_init (&iter, self->watches);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((GenkitSessionWatch *) value)->last == NULL)
      job->force = TRUE;
  self->poll_pending = TRUE;
  g_async_queue_push (self->queue, job);
  return G_SOURCE_CONTINUE;
}

static void
sqlite_watch_snapshot (GenkitSessionStore *store,
                       const char         *snapshot_id,
                       JsonObject         *context)
{
  GenkitSqliteSessionStore *self = GENKIT_SQLITE_SESSION_STORE (store);
  g_autofree char *prefix = _genkit_session_prefix_call (&self->prefix, context, NULL);

  if (prefix == NULL || !_genkit_session_check_id (snapshot_id, "snapshotId", NULL))
    return;
  if (_genkit_session_watches_add (self->watches, prefix, snapshot_id) && self->watch_source == 0)
    restart_watch_timer (self);
}

static void
sqlite_unwatch_snapshot (GenkitSessionStore *store,
                         const char         *snapshot_id,
                         JsonObject         *context)
{
  GenkitSqliteSessionStore *self = GENKIT_SQLITE_SESSION_STORE (store);
  g_autofree char *prefix = _genkit_session_prefix_call (&self->prefix, context, NULL);

  if (prefix != NULL && _genkit_session_watches_remove (self->watches, prefix, snapshot_id))
    restart_watch_timer (self);
}

static void
session_store_iface_init (GenkitSessionStoreInterface *iface)
{
  iface->get_snapshot_async = sqlite_get_snapshot_async;
  iface->get_snapshot_finish = sqlite_get_snapshot_finish;
  iface->save_snapshot_async = sqlite_save_snapshot_async;
  iface->save_snapshot_finish = sqlite_save_snapshot_finish;
  iface->list_snapshots_async = sqlite_list_snapshots_async;
  iface->list_snapshots_finish = sqlite_list_snapshots_finish;
  iface->watch_snapshot = sqlite_watch_snapshot;
  iface->unwatch_snapshot = sqlite_unwatch_snapshot;
}
