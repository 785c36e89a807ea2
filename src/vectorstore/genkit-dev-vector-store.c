/* genkit-dev-vector-store.c — a development vector store on SQLite: index, embed, find by cosine
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include <sqlite3.h>

#include "genkit-dev-vector-store.h"

/**
 * GenkitDevVectorStore:
 *
 * The local default vector store of the studio, Genkit's `devLocalVectorstore` plugin
 * (`js/plugins/dev-local-vectorstore`) on SQLite instead of a JSON file: documents with their
 * metadata and embedding, per index, found again by cosine similarity. For development; it
 * reads every vector of an index for each query.
 *
 * [func@Genkit.define_dev_vector_store] registers, as the plugin does, an indexer and a
 * retriever called `devLocalVectorstore/<index>`: the indexer embeds documents with the
 * given embedder and stores them (a document already stored, same content and metadata, is
 * replaced); the retriever embeds the query and returns the `k` (default 3) most similar
 * documents.
 *
 * The database is SQLite in WAL mode; every read and write runs on a worker thread, in a
 * transaction, so the main loop never waits on the disk.
 */
struct _GenkitDevVectorStore
{
  GObject  parent_instance;

  sqlite3 *db;
  GMutex   lock;       /* one statement sequence at a time */
};

G_DEFINE_FINAL_TYPE (GenkitDevVectorStore, genkit_dev_vector_store, G_TYPE_OBJECT)

static const char schema_sql[] =
  "PRAGMA journal_mode = WAL;"
  "PRAGMA synchronous = NORMAL;"
  "CREATE TABLE IF NOT EXISTS documents ("
  "  index_name TEXT NOT NULL,"
  "  id TEXT NOT NULL,"             /* MD5 of the document's JSON, as the plugin keys them */
  "  content TEXT NOT NULL,"        /* JSON array of parts */
  "  metadata TEXT,"                /* JSON object, or NULL */
  "  embedding BLOB NOT NULL,"      /* native-endian float64 values */
  "  dimensions INTEGER NOT NULL,"
  "  PRIMARY KEY (index_name, id)"
  ") STRICT;";

static void
genkit_dev_vector_store_finalize (GObject *object)
{
  GenkitDevVectorStore *self = GENKIT_DEV_VECTOR_STORE (object);

  g_clear_pointer (&self->db, sqlite3_close_v2);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (genkit_dev_vector_store_parent_class)->finalize (object);
}

static void
genkit_dev_vector_store_class_init (GenkitDevVectorStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_dev_vector_store_finalize;
}

static void
genkit_dev_vector_store_init (GenkitDevVectorStore *self)
{
  g_mutex_init (&self->lock);
}

static gboolean
sql_error (GenkitDevVectorStore  *self,
           GError               **error)
{
  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "Vector store: %s", sqlite3_errmsg (self->db));
  return FALSE;
}

/**
 * genkit_dev_vector_store_new:
 * @path: the SQLite database file; created with its folder when missing
 * @error: return location for an error: `INTERNAL` when the database cannot be opened
 *
 * Opens (or creates) a vector store.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
GenkitDevVectorStore *
genkit_dev_vector_store_new (const char  *path,
                             GError     **error)
{
  g_autoptr(GenkitDevVectorStore) self = NULL;
  g_autofree char *folder = NULL;
  char *message = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "Vector store: cannot create %s: %s",
                   folder, g_strerror (errno));
      return NULL;
    }

  self = g_object_new (GENKIT_TYPE_DEV_VECTOR_STORE, NULL);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                       NULL) != SQLITE_OK)
    {
      sql_error (self, error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (sqlite3_exec (self->db, schema_sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "Vector store: %s", message);
      sqlite3_free (message);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* Adding ----------------------------------------------------------------------------------------- */

typedef struct
{
  char      *index_name;
  GPtrArray *contents;    /* char*: JSON of content */
  GPtrArray *metadata;    /* char* or NULL */
  GPtrArray *ids;         /* char* */
  GPtrArray *vectors;     /* GArray of double */
} AddJob;

static void
add_job_free (AddJob *job)
{
  g_free (job->index_name);
  g_ptr_array_unref (job->contents);
  g_ptr_array_unref (job->metadata);
  g_ptr_array_unref (job->ids);
  g_ptr_array_unref (job->vectors);
  g_free (job);
}

static gboolean
add_in_transaction (GenkitDevVectorStore  *self,
                    AddJob                *job,
                    GError               **error)
{
  sqlite3_stmt *statement = NULL;
  gboolean ok = TRUE;

  if (sqlite3_prepare_v2 (self->db,
                          "INSERT OR REPLACE INTO documents (index_name, id, content, metadata, embedding, dimensions)"
                          " VALUES (?, ?, ?, ?, ?, ?)", -1, &statement, NULL) != SQLITE_OK)
    return sql_error (self, error);

  for (guint i = 0; ok && i < job->ids->len; i++)
    {
      GArray *vector = g_ptr_array_index (job->vectors, i);
      const char *metadata = g_ptr_array_index (job->metadata, i);

      sqlite3_reset (statement);
      sqlite3_bind_text (statement, 1, job->index_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 2, g_ptr_array_index (job->ids, i), -1, SQLITE_STATIC);
      sqlite3_bind_text (statement, 3, g_ptr_array_index (job->contents, i), -1, SQLITE_STATIC);
      if (metadata != NULL)
        sqlite3_bind_text (statement, 4, metadata, -1, SQLITE_STATIC);
      else
        sqlite3_bind_null (statement, 4);
      sqlite3_bind_blob (statement, 5, vector->data, vector->len * sizeof (double), SQLITE_STATIC);
      sqlite3_bind_int64 (statement, 6, vector->len);
      if (sqlite3_step (statement) != SQLITE_DONE)
        ok = sql_error (self, error);
    }
  sqlite3_finalize (statement);
  return ok;
}

static void
add_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  GenkitDevVectorStore *self = source;
  GError *error = NULL;
  gboolean ok;

  g_mutex_lock (&self->lock);
  ok = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK ||
       sql_error (self, &error);
  if (ok)
    {
      ok = add_in_transaction (self, task_data, &error);
      sqlite3_exec (self->db, ok ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    }
  g_mutex_unlock (&self->lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * genkit_dev_vector_store_add_async:
 * @self: a [class@Genkit.DevVectorStore]
 * @index_name: the index
 * @documents: (element-type GenkitDocument): the documents
 * @vectors: (element-type GArray): their embeddings, `GArray`s of `double`, in the same order
 * @cancellable: (nullable): cancels the call before it starts writing
 * @callback: called when the documents are stored
 * @user_data: data for @callback
 *
 * Stores documents with their embeddings, in one transaction. A document with the same content
 * and metadata as a stored one replaces it.
 */
void
genkit_dev_vector_store_add_async (GenkitDevVectorStore *self,
                                   const char           *index_name,
                                   GPtrArray            *documents,
                                   GPtrArray            *vectors,
                                   GCancellable         *cancellable,
                                   GAsyncReadyCallback   callback,
                                   gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  AddJob *job;

  g_return_if_fail (GENKIT_IS_DEV_VECTOR_STORE (self));
  g_return_if_fail (index_name != NULL);
  g_return_if_fail (documents != NULL && vectors != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_dev_vector_store_add_async);

  if (documents->len != vectors->len)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Vector store: %u documents but %u embeddings", documents->len, vectors->len);
      return;
    }

  job = g_new0 (AddJob, 1);
  job->index_name = g_strdup (index_name);
  job->contents = g_ptr_array_new_with_free_func (g_free);
  job->metadata = g_ptr_array_new_with_free_func (g_free);
  job->ids = g_ptr_array_new_with_free_func (g_free);
  job->vectors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < documents->len; i++)
    {
      GenkitDocument *document = g_ptr_array_index (documents, i);
      JsonObject *object = genkit_document_get_json_object (document);
      g_autoptr(JsonNode) whole = genkit_document_to_json (document);
      g_autofree char *json = json_to_string (whole, FALSE);
      JsonNode *content = json_object_get_member (object, "content");
      JsonObject *metadata = genkit_document_get_metadata (document);
      GArray *vector = g_ptr_array_index (vectors, i);
      GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (double), vector->len);

      g_ptr_array_add (job->ids, g_compute_checksum_for_string (G_CHECKSUM_MD5, json, -1));
      g_ptr_array_add (job->contents, content ? json_to_string (content, FALSE) : g_strdup ("[]"));
      if (metadata != NULL)
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), metadata);

          g_ptr_array_add (job->metadata, json_to_string (node, FALSE));
        }
      else
        g_ptr_array_add (job->metadata, NULL);
      g_array_append_vals (copy, vector->data, vector->len);
      g_ptr_array_add (job->vectors, copy);
    }
  g_task_set_task_data (task, job, (GDestroyNotify) add_job_free);
  g_task_run_in_thread (task, add_thread);
}

/**
 * genkit_dev_vector_store_add_finish:
 * @self: a [class@Genkit.DevVectorStore]
 * @result: the result given to the callback
 * @error: return location for an error: `INVALID_ARGUMENT` when documents and vectors do not
 *   pair up, `INTERNAL` for a database failure
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: %TRUE when the documents are stored
 */
gboolean
genkit_dev_vector_store_add_finish (GenkitDevVectorStore  *self,
                                    GAsyncResult          *result,
                                    GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Querying ------------------------------------------------------------------------------------- */

typedef struct
{
  char   *index_name;
  GArray *vector;
  guint   k;
} QueryJob;

typedef struct
{
  double  score;
  char   *content;
  char   *metadata;
} Hit;

typedef struct
{
  GPtrArray *documents;   /* GenkitDocument */
  GArray    *scores;      /* double */
} QueryResult;

static void
query_job_free (QueryJob *job)
{
  g_free (job->index_name);
  g_array_unref (job->vector);
  g_free (job);
}

static void
hit_clear (Hit *hit)
{
  g_free (hit->content);
  g_free (hit->metadata);
}

static void
query_result_free (QueryResult *result)
{
  g_ptr_array_unref (result->documents);
  g_array_unref (result->scores);
  g_free (result);
}

static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const Hit *x = a;
  const Hit *y = b;

  return x->score < y->score ? 1 : x->score > y->score ? -1 : 0;
}

static double
cosine (const double *a,
        const double *b,
        gsize         n)
{
  double dot = 0, na = 0, nb = 0;

  for (gsize i = 0; i < n; i++)
    {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
  if (na == 0 || nb == 0)
    return 0;
  return dot / (sqrt (na) * sqrt (nb));
}

static void
query_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GenkitDevVectorStore *self = source;
  QueryJob *job = task_data;
  g_autoptr(GArray) hits = g_array_new (FALSE, TRUE, sizeof (Hit));
  sqlite3_stmt *statement = NULL;
  QueryResult *out;
  GError *error = NULL;
  int rc;

  g_array_set_clear_func (hits, (GDestroyNotify) hit_clear);

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db, "SELECT content, metadata, embedding, dimensions FROM documents"
                                    " WHERE index_name = ? ORDER BY rowid", -1, &statement, NULL) != SQLITE_OK)
    {
      sql_error (self, &error);
      g_mutex_unlock (&self->lock);
      g_task_return_error (task, error);
      return;
    }
  sqlite3_bind_text (statement, 1, job->index_name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (statement)) == SQLITE_ROW)
    {
      gint64 dimensions = sqlite3_column_int64 (statement, 3);
      const double *embedding = sqlite3_column_blob (statement, 2);
      Hit hit = { 0 };

      /* Vectors of another embedder (another length) cannot be compared: skipped. */
      if (dimensions != job->vector->len ||
          sqlite3_column_bytes (statement, 2) != (int) (dimensions * sizeof (double)))
        continue;
      hit.score = cosine ((const double *) job->vector->data, embedding, dimensions);
      hit.content = g_strdup ((const char *) sqlite3_column_text (statement, 0));
      hit.metadata = sqlite3_column_type (statement, 1) == SQLITE_NULL
                     ? NULL : g_strdup ((const char *) sqlite3_column_text (statement, 1));
      g_array_append_val (hits, hit);
    }
  if (rc != SQLITE_DONE)
    sql_error (self, &error);
  sqlite3_finalize (statement);
  g_mutex_unlock (&self->lock);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* Stable: equal scores keep insertion order. */
  g_array_sort (hits, compare_hits);
  out = g_new0 (QueryResult, 1);
  out->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_document_unref);
  out->scores = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < MIN (job->k, hits->len); i++)
    {
      Hit *hit = &g_array_index (hits, Hit, i);
      g_autoptr(JsonObject) object = json_object_new ();
      g_autoptr(JsonNode) node = NULL;
      JsonNode *content = genkit_json_parse (hit->content, -1, NULL);
      JsonNode *metadata = hit->metadata ? genkit_json_parse (hit->metadata, -1, NULL) : NULL;
      GenkitDocument *document;

      if (content != NULL)
        json_object_set_member (object, "content", content);
      else
        json_object_set_array_member (object, "content", json_array_new ());
      if (metadata != NULL)
        json_object_set_member (object, "metadata", metadata);
      node = json_node_init_object (json_node_alloc (), object);
      document = genkit_document_new_from_json (node, NULL);
      if (document == NULL)
        continue;
      g_ptr_array_add (out->documents, document);
      g_array_append_val (out->scores, hit->score);
    }
  g_task_return_pointer (task, out, (GDestroyNotify) query_result_free);
}

/**
 * genkit_dev_vector_store_query_async:
 * @self: a [class@Genkit.DevVectorStore]
 * @index_name: the index
 * @vector: (element-type gdouble): the query's embedding
 * @k: how many documents to return at most
 * @cancellable: (nullable): cancels the call before it starts reading
 * @callback: called with the documents
 * @user_data: data for @callback
 *
 * Finds the @k stored documents most similar to @vector (cosine similarity; documents whose
 * embedding has another length are skipped).
 */
void
genkit_dev_vector_store_query_async (GenkitDevVectorStore *self,
                                     const char           *index_name,
                                     GArray               *vector,
                                     guint                 k,
                                     GCancellable         *cancellable,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryJob *job;

  g_return_if_fail (GENKIT_IS_DEV_VECTOR_STORE (self));
  g_return_if_fail (index_name != NULL);
  g_return_if_fail (vector != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_dev_vector_store_query_async);
  job = g_new0 (QueryJob, 1);
  job->index_name = g_strdup (index_name);
  job->vector = g_array_sized_new (FALSE, FALSE, sizeof (double), vector->len);
  g_array_append_vals (job->vector, vector->data, vector->len);
  job->k = k;
  g_task_set_task_data (task, job, (GDestroyNotify) query_job_free);
  g_task_run_in_thread (task, query_thread);
}

/**
 * genkit_dev_vector_store_query_finish:
 * @self: a [class@Genkit.DevVectorStore]
 * @result: the result given to the callback
 * @scores: (out) (optional) (transfer full) (element-type gdouble): the cosine similarity of
 *   each returned document
 * @error: return location for an error: `INTERNAL` for a database failure
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full) (element-type GenkitDocument): the documents, most similar first
 */
GPtrArray *
genkit_dev_vector_store_query_finish (GenkitDevVectorStore  *self,
                                      GAsyncResult          *result,
                                      GArray               **scores,
                                      GError               **error)
{
  QueryResult *out;
  GPtrArray *documents;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if ((out = g_task_propagate_pointer (G_TASK (result), error)) == NULL)
    return NULL;
  documents = g_ptr_array_ref (out->documents);
  if (scores != NULL)
    *scores = g_array_ref (out->scores);
  query_result_free (out);
  return documents;
}

/**
 * genkit_dev_vector_store_count:
 * @self: a [class@Genkit.DevVectorStore]
 * @index_name: the index
 * @error: return location for an error: `INTERNAL` for a database failure
 *
 * Counts the documents of an index (a quick indexed read on the calling thread).
 *
 * Returns: the number of documents, or -1 with @error set
 */
gint64
genkit_dev_vector_store_count (GenkitDevVectorStore  *self,
                               const char            *index_name,
                               GError               **error)
{
  sqlite3_stmt *statement = NULL;
  gint64 count = -1;

  g_return_val_if_fail (GENKIT_IS_DEV_VECTOR_STORE (self), -1);

  g_mutex_lock (&self->lock);
  if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM documents WHERE index_name = ?", -1, &statement,
                          NULL) == SQLITE_OK)
    {
      sqlite3_bind_text (statement, 1, index_name, -1, SQLITE_STATIC);
      if (sqlite3_step (statement) == SQLITE_ROW)
        count = sqlite3_column_int64 (statement, 0);
    }
  if (count < 0)
    sql_error (self, error);
  sqlite3_finalize (statement);
  g_mutex_unlock (&self->lock);
  return count;
}

/* The indexer and retriever ----------------------------------------------------------------------- */

typedef struct
{
  GenkitDevVectorStore *store;
  char                 *index_name;
  char                 *embedder;
  JsonNode             *embedder_options;
} Binding;

static void
binding_free (Binding *binding)
{
  g_clear_object (&binding->store);
  g_free (binding->index_name);
  g_free (binding->embedder);
  g_clear_pointer (&binding->embedder_options, json_node_unref);
  g_free (binding);
}

static Binding *
binding_new (GenkitDevVectorStore *store,
             const char           *index_name,
             const char           *embedder,
             JsonNode             *embedder_options)
{
  Binding *binding = g_new0 (Binding, 1);

  binding->store = g_object_ref (store);
  binding->index_name = g_strdup (index_name);
  binding->embedder = g_strdup (embedder);
  binding->embedder_options = embedder_options ? json_node_copy (embedder_options) : NULL;
  return binding;
}

typedef struct
{
  Binding         *binding;
  GenkitActionRun *run;
  GPtrArray       *documents;
  guint            k;
} Step;

static void
step_free (Step *step)
{
  g_clear_object (&step->run);
  g_clear_pointer (&step->documents, g_ptr_array_unref);
  g_free (step);
}

static GPtrArray *
vectors_of (JsonArray *embeddings)
{
  GPtrArray *vectors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  for (guint i = 0; i < json_array_get_length (embeddings); i++)
    g_ptr_array_add (vectors, genkit_embedding_get_vector (json_array_get_object_element (embeddings, i)));
  return vectors;
}

static void
index_added_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Step *step = user_data;
  GError *error = NULL;

  if (genkit_dev_vector_store_add_finish (GENKIT_DEV_VECTOR_STORE (source), result, &error))
    genkit_action_run_return_value (step->run, NULL);
  else
    genkit_action_run_return_error (step->run, error);
  step_free (step);
}

static void
index_embedded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Step *step = user_data;
  g_autoptr(JsonArray) embeddings = NULL;
  g_autoptr(GPtrArray) vectors = NULL;
  GError *error = NULL;

  embeddings = genkit_embed_finish (GENKIT_REGISTRY (source), result, &error);
  if (embeddings == NULL)
    {
      genkit_action_run_return_error (step->run, error);
      step_free (step);
      return;
    }
  vectors = vectors_of (embeddings);
  genkit_dev_vector_store_add_async (step->binding->store, step->binding->index_name, step->documents, vectors,
                                     genkit_action_run_get_cancellable (step->run), index_added_cb, step);
}

static void
dev_indexer (GenkitActionRun *run,
             GPtrArray       *documents,
             JsonNode        *options,
             gpointer         user_data)
{
  Binding *binding = user_data;
  Step *step = g_new0 (Step, 1);

  step->binding = binding;
  step->run = g_object_ref (run);
  step->documents = g_ptr_array_ref (documents);
  genkit_embed_async (genkit_action_run_get_registry (run), run, binding->embedder, documents,
                      binding->embedder_options, genkit_action_run_get_cancellable (run), index_embedded_cb, step);
}

static void
retrieve_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Step *step = user_data;
  g_autoptr(GPtrArray) documents = NULL;
  GError *error = NULL;

  documents = genkit_dev_vector_store_query_finish (GENKIT_DEV_VECTOR_STORE (source), result, NULL, &error);
  if (documents == NULL)
    genkit_action_run_return_error (step->run, error);
  else
    genkit_retriever_return_documents (step->run, documents);
  step_free (step);
}

static void
retrieve_embedded_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Step *step = user_data;
  g_autoptr(JsonArray) embeddings = NULL;
  g_autoptr(GArray) vector = NULL;
  GError *error = NULL;

  embeddings = genkit_embed_finish (GENKIT_REGISTRY (source), result, &error);
  if (embeddings == NULL || json_array_get_length (embeddings) == 0)
    {
      genkit_action_run_return_error (step->run, error ? error :
                                      g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                                           "The embedder returned no embedding for the query"));
      step_free (step);
      return;
    }
  vector = genkit_embedding_get_vector (json_array_get_object_element (embeddings, 0));
  genkit_dev_vector_store_query_async (step->binding->store, step->binding->index_name, vector, step->k,
                                       genkit_action_run_get_cancellable (step->run), retrieve_found_cb, step);
}

static void
dev_retriever (GenkitActionRun *run,
               GenkitDocument  *query,
               JsonNode        *options,
               gpointer         user_data)
{
  Binding *binding = user_data;
  Step *step = g_new0 (Step, 1);
  JsonNode *k = options && JSON_NODE_HOLDS_OBJECT (options)
                ? json_object_get_member (json_node_get_object (options), "k") : NULL;

  step->binding = binding;
  step->run = g_object_ref (run);
  step->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_document_unref);
  g_ptr_array_add (step->documents, genkit_document_ref (query));
  step->k = k && JSON_NODE_HOLDS_VALUE (k) ? (guint) MAX (0, json_node_get_double (k)) : 3;
  genkit_embed_async (genkit_action_run_get_registry (run), run, binding->embedder, step->documents,
                      binding->embedder_options, genkit_action_run_get_cancellable (run), retrieve_embedded_cb, step);
}

/**
 * genkit_define_dev_vector_store:
 * @registry: the registry
 * @index_name: the index, e.g. `menu`
 * @embedder: the embedder's name or key, e.g. `googleai/text-embedding-004`
 * @embedder_options: (nullable): options passed to the embedder
 * @path: the SQLite database file
 * @error: return location for an error: `INTERNAL` when the database cannot be opened,
 *   `ALREADY_EXISTS` when the actions exist
 *
 * Registers Genkit's `devLocalVectorstore` actions for an index: the indexer and the retriever
 * `devLocalVectorstore/<index_name>` (retriever option `k`, default 3).
 *
 * Returns: (transfer none) (nullable): the store, owned by the two actions, or %NULL with @error
 */
GenkitDevVectorStore *
genkit_define_dev_vector_store (GenkitRegistry  *registry,
                                const char      *index_name,
                                const char      *embedder,
                                JsonNode        *embedder_options,
                                const char      *path,
                                GError         **error)
{
  g_autoptr(GenkitDevVectorStore) store = NULL;
  g_autofree char *name = NULL;
  g_autoptr(JsonNode) options_schema = NULL;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (index_name != NULL && embedder != NULL && path != NULL, NULL);

  if ((store = genkit_dev_vector_store_new (path, error)) == NULL)
    return NULL;

  name = g_strdup_printf ("devLocalVectorstore/%s", index_name);
  options_schema = json_from_string ("{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"number\","
                                     "\"description\":\"Number of documents to retrieve\"}},"
                                     "\"additionalProperties\":true,"
                                     "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}", NULL);
  if (genkit_define_indexer (registry, name, NULL, NULL, dev_indexer,
                             binding_new (store, index_name, embedder, embedder_options),
                             (GDestroyNotify) binding_free, error) == NULL ||
      genkit_define_retriever (registry, name, NULL, options_schema, dev_retriever,
                               binding_new (store, index_name, embedder, embedder_options),
                               (GDestroyNotify) binding_free, error) == NULL)
    return NULL;
  return store;   /* the actions hold it */
}
