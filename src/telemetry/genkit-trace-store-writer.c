/* genkit-trace-store-writer.c — the trace store's one writer thread: batched transactions,
 * Genkit's merge rules, the trace index, full-text index upkeep, retention
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <genkit.h>

#include "genkit-telemetry-json-private.h"
#include "genkit-trace-store-private.h"

typedef enum
{
  STMT_FIND_TRACE,
  STMT_INSERT_TRACE,
  STMT_UPDATE_TRACE,
  STMT_FIND_SPAN,
  STMT_INSERT_SPAN,
  STMT_UPDATE_SPAN,
  STMT_SPAN_TEXT,
  STMT_FTS_PENDING,
  STMT_FTS_INDEX,
  STMT_FTS_MARK,
  STMT_FTS_UNQUEUE,
  STMT_FTS_COUNT,
  STMT_DELETE_PENDING,
  STMT_FTS_DELETE,
  STMT_FIND_ROOT,
  STMT_UPDATE_INDEX,
  STMT_REROOT,
  STMT_TRACE_ROW,
  STMT_TRACE_SPANS,
  STMT_DELETE_SPANS,
  STMT_DELETE_TRACE,
  STMT_DELETE_TRACE_LOGS,
  STMT_INSERT_LOG,
  STMT_MAX_SEQ,
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  N_STMTS
} StmtId;

static const char *stmt_sql[N_STMTS] = {
  [STMT_FIND_TRACE] = "SELECT id, listed FROM traces WHERE trace_id = ?1",
  [STMT_INSERT_TRACE] = "INSERT INTO traces (trace_id, created_ms) VALUES (?1, ?2)",
  [STMT_UPDATE_TRACE] =
    "UPDATE traces SET"
    " display_name = CASE WHEN ?2 THEN ?3 ELSE display_name END,"
    " start_time = CASE WHEN ?4 THEN ?5 ELSE start_time END,"
    " end_time = CASE WHEN ?6 THEN ?7 ELSE end_time END,"
    " n_spans = n_spans + ?8,"
    " runtime_id = COALESCE (runtime_id, ?9)"   /* the first runtime to send it keeps it */
    " WHERE id = ?1",
  [STMT_FIND_SPAN] = "SELECT id, end_time, fts_state FROM spans WHERE trace_rowid = ?1 AND span_id = ?2",
  [STMT_INSERT_SPAN] =
    "INSERT INTO spans (trace_rowid, span_id, parent_span_id, name, start_time, end_time,"
    " status_code, idx_type, genkitx, data, fts_state)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
  [STMT_UPDATE_SPAN] =
    "UPDATE spans SET parent_span_id = ?3, name = ?4, start_time = ?5, end_time = ?6,"
    " status_code = ?7, idx_type = ?8, genkitx = ?9, data = ?10, fts_state = ?11 WHERE id = ?1",
  [STMT_SPAN_TEXT] = "SELECT name, data FROM spans WHERE id = ?1",
  [STMT_FTS_PENDING] =
    "INSERT OR REPLACE INTO fts_pending (span_rowid, name, input, output) VALUES (?1, ?2, ?3, ?4)",
  [STMT_FTS_INDEX] =
    "INSERT INTO spans_fts (rowid, name, input, output)"
    " SELECT span_rowid, name, input, output FROM fts_pending ORDER BY span_rowid LIMIT ?1",
  [STMT_FTS_MARK] =
    "UPDATE spans SET fts_state = 2 WHERE id IN"
    " (SELECT span_rowid FROM fts_pending ORDER BY span_rowid LIMIT ?1)",
  [STMT_FTS_UNQUEUE] =
    "DELETE FROM fts_pending WHERE span_rowid IN"
    " (SELECT span_rowid FROM fts_pending ORDER BY span_rowid LIMIT ?1)",
  [STMT_FTS_COUNT] = "SELECT count(*) FROM fts_pending",
  [STMT_DELETE_PENDING] =
    "DELETE FROM fts_pending WHERE span_rowid IN (SELECT id FROM spans WHERE trace_rowid = ?1)",
  [STMT_FTS_DELETE] =
    "INSERT INTO spans_fts (spans_fts, rowid, name, input, output) VALUES ('delete', ?1, ?2, ?3, ?4)",
  [STMT_FIND_ROOT] =
    "SELECT name, start_time, end_time, status_code, idx_type, genkitx FROM spans"
    " WHERE trace_rowid = ?1 AND parent_span_id IS NULL ORDER BY id LIMIT 1",
  [STMT_UPDATE_INDEX] =
    "UPDATE traces SET listed = 1, idx_type = ?2, idx_name = ?3, idx_start = ?4, idx_end = ?5,"
    " idx_status = ?6, idx_genkitx = ?7, idx_seq = ?8 WHERE id = ?1",
  [STMT_REROOT] =
    "UPDATE spans SET parent_span_id = NULL, data = json_remove (data, '$.parentSpanId')"
    " WHERE trace_rowid = ?1 AND parent_span_id IS NOT NULL"
    " AND parent_span_id NOT IN (SELECT span_id FROM spans WHERE trace_rowid = ?1)",
  [STMT_TRACE_ROW] =
    "SELECT trace_id, listed, idx_name, idx_type, idx_start, idx_end, idx_status, n_spans, idx_seq,"
    " runtime_id FROM traces WHERE id = ?1",
  [STMT_TRACE_SPANS] = "SELECT id, name, data FROM spans WHERE trace_rowid = ?1 AND fts_state = 2",
  [STMT_DELETE_SPANS] = "DELETE FROM spans WHERE trace_rowid = ?1",
  [STMT_DELETE_TRACE] = "DELETE FROM traces WHERE id = ?1",
  [STMT_DELETE_TRACE_LOGS] = "DELETE FROM logs WHERE trace_id = ?1",
  [STMT_INSERT_LOG] =
    "INSERT INTO logs (log_id, trace_id, span_id, timestamp, data) VALUES (?1, ?2, ?3, ?4, ?5)",
  [STMT_MAX_SEQ] = "SELECT COALESCE (MAX (idx_seq), 0) FROM traces",
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
};

typedef struct
{
  GenkitTraceDb *db;
  sqlite3       *conn;
  sqlite3_stmt  *stmts[N_STMTS];
  gint64         next_seq;
  guint          n_pending;     /* spans queued for the full-text index, roughly */
} Writer;

/* What a batch did to one trace, for the list model. */
typedef struct
{
  gint64   rowid;
  gboolean was_listed;
  gboolean deleted;
} Touched;

static sqlite3_stmt *
stmt (Writer *w,
      StmtId  id)
{
  sqlite3_stmt *s = w->stmts[id];

  sqlite3_reset (s);
  sqlite3_clear_bindings (s);
  return s;
}

static gboolean
step_done (Writer       *w,
           sqlite3_stmt *s,
           GError      **error)
{
  int rc = sqlite3_step (s);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _genkit_trace_db_set_error (error, w->conn, "Cannot write the trace store");
      sqlite3_reset (s);
      return FALSE;
    }
  sqlite3_reset (s);
  return TRUE;
}

static void
bind_text_or_null (sqlite3_stmt *s,
                   int           index,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (s, index, text, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (s, index);
}

static gboolean
lookup_trace (Writer     *w,
              const char *trace_id,
              gint64     *rowid,
              gboolean   *listed)
{
  sqlite3_stmt *s = stmt (w, STMT_FIND_TRACE);
  gboolean found = FALSE;

  sqlite3_bind_text (s, 1, trace_id, -1, SQLITE_STATIC);
  if (sqlite3_step (s) == SQLITE_ROW)
    {
      *rowid = sqlite3_column_int64 (s, 0);
      *listed = sqlite3_column_int (s, 1) != 0;
      found = TRUE;
    }
  sqlite3_reset (s);
  return found;
}

static gboolean
find_or_insert_trace (Writer      *w,
                      const char  *trace_id,
                      gint64       now_ms,
                      gint64      *rowid,
                      gboolean    *listed,
                      GError     **error)
{
  sqlite3_stmt *s;

  if (lookup_trace (w, trace_id, rowid, listed))
    return TRUE;

  s = stmt (w, STMT_INSERT_TRACE);
  sqlite3_bind_text (s, 1, trace_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, 2, now_ms);
  if (!step_done (w, s, error))
    return FALSE;
  *rowid = sqlite3_last_insert_rowid (w->conn);
  *listed = FALSE;
  return TRUE;
}

static void
touch (GHashTable *touched,
       const char *trace_id,
       gint64      rowid,
       gboolean    was_listed,
       gboolean    deleted)
{
  Touched *t = g_hash_table_lookup (touched, trace_id);

  if (t == NULL)
    {
      t = g_new0 (Touched, 1);
      t->was_listed = was_listed;
      g_hash_table_insert (touched, g_strdup (trace_id), t);
    }
  t->rowid = rowid;
  t->deleted = deleted;
}

/* Takes a span's old version out of the full-text index, with exactly the values it went in
 * with (a contentless FTS5 table needs them). */
static gboolean
fts_delete_span (Writer      *w,
                 gint64       span_rowid,
                 const char  *name,
                 const char  *data,
                 GError     **error)
{
  g_autofree char *input = NULL;
  g_autofree char *output = NULL;
  sqlite3_stmt *s;

  if (strstr (data, "\"genkit:input\"") != NULL || strstr (data, "\"genkit:output\"") != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, data, -1, NULL))
        {
          JsonObject *span = json_node_get_object (json_parser_get_root (parser));
          JsonNode *attributes = json_object_get_member (span, "attributes");

          if (attributes != NULL && JSON_NODE_TYPE (attributes) == JSON_NODE_OBJECT)
            {
              input = _genkit_fts_text (json_node_get_object (attributes), "genkit:input");
              output = _genkit_fts_text (json_node_get_object (attributes), "genkit:output");
            }
        }
    }

  s = stmt (w, STMT_FTS_DELETE);
  sqlite3_bind_int64 (s, 1, span_rowid);
  sqlite3_bind_text (s, 2, name, -1, SQLITE_STATIC);
  bind_text_or_null (s, 3, input);
  bind_text_or_null (s, 4, output);
  return step_done (w, s, error);
}

static gboolean
fts_delete_span_rowid (Writer  *w,
                       gint64   span_rowid,
                       GError **error)
{
  sqlite3_stmt *s = stmt (w, STMT_SPAN_TEXT);
  g_autofree char *name = NULL;
  g_autofree char *data = NULL;

  sqlite3_bind_int64 (s, 1, span_rowid);
  if (sqlite3_step (s) != SQLITE_ROW)
    {
      sqlite3_reset (s);
      return TRUE;
    }
  name = g_strdup ((const char *) sqlite3_column_text (s, 0));
  data = g_strdup ((const char *) sqlite3_column_text (s, 1));
  sqlite3_reset (s);
  return fts_delete_span (w, span_rowid, name, data, error);
}

static void
bind_span (sqlite3_stmt     *s,
           GenkitIngestSpan *span)
{
  bind_text_or_null (s, 3, span->parent_span_id);
  sqlite3_bind_text (s, 4, span->display_name, -1, SQLITE_STATIC);
  sqlite3_bind_double (s, 5, span->start_time);
  sqlite3_bind_double (s, 6, span->end_time);
  if (span->has_status)
    sqlite3_bind_double (s, 7, span->status_code);
  else
    sqlite3_bind_null (s, 7);
  sqlite3_bind_text (s, 8, span->index_type, -1, SQLITE_STATIC);
  bind_text_or_null (s, 9, span->genkitx);
  sqlite3_bind_text (s, 10, span->json, (int) span->json_len, SQLITE_STATIC);
}

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const SpanEvent *ea = *(const SpanEvent * const *) a;
  const SpanEvent *eb = *(const SpanEvent * const *) b;

  if (ea->time != eb->time)
    return ea->time < eb->time ? -1 : 1;
  if (ea->is_end != eb->is_end)
    return ea->is_end ? 1 : -1;
  return 0;
}

static void
add_event (GPtrArray        *events,
           const char       *trace_id,
           GenkitIngestSpan *span,
           gboolean          is_end)
{
  SpanEvent *event = g_new0 (SpanEvent, 1);

  event->trace_id = g_strdup (trace_id);
  event->span_json = g_strndup (span->json, span->json_len);
  event->time = is_end ? span->end_time : span->start_time;
  event->is_end = is_end;
  g_ptr_array_add (events, event);
}

/* Genkit's trace index entry (`Index.add` in file-trace-store.ts) from the trace's root span:
 * the first span without a parent, in the order spans were first stored. */
static gboolean
update_index (Writer  *w,
              gint64   rowid,
              GError **error)
{
  sqlite3_stmt *root = stmt (w, STMT_FIND_ROOT);
  sqlite3_stmt *s;
  gboolean ok;

  sqlite3_bind_int64 (root, 1, rowid);
  s = stmt (w, STMT_UPDATE_INDEX);
  sqlite3_bind_int64 (s, 1, rowid);
  sqlite3_bind_int64 (s, 8, ++w->next_seq);

  if (sqlite3_step (root) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (root, 0);
      double start = sqlite3_column_double (root, 1);
      double end = sqlite3_column_double (root, 2);
      gboolean named = name != NULL && name[0] != '\0';

      sqlite3_bind_text (s, 2, (const char *) sqlite3_column_text (root, 4), -1, SQLITE_TRANSIENT);
      if (named)
        sqlite3_bind_text (s, 3, name, -1, SQLITE_TRANSIENT);
      if (start != 0)
        sqlite3_bind_double (s, 4, start);
      if (end != 0)
        sqlite3_bind_double (s, 5, end);
      if (named)
        {
          if (sqlite3_column_type (root, 3) == SQLITE_NULL)
            sqlite3_bind_text (s, 6, "UNKNOWN", -1, SQLITE_STATIC);
          else
            sqlite3_bind_double (s, 6, sqlite3_column_double (root, 3));
        }
      if (sqlite3_column_type (root, 5) != SQLITE_NULL)
        sqlite3_bind_text (s, 7, (const char *) sqlite3_column_text (root, 5), -1, SQLITE_TRANSIENT);
    }
  else
    sqlite3_bind_text (s, 2, "UNKNOWN", -1, SQLITE_STATIC);

  ok = step_done (w, s, error);
  sqlite3_reset (root);
  return ok;
}

/* Genkit's LocalFileTraceStore.save(): merge the payload's spans into the stored trace
 * (a start with endTime 0 never replaces an ended span), update displayName/startTime/endTime
 * only when given, re-root orphans when the filtered payload is empty, and write an index
 * entry when the payload had a root span. Events follow spanBroadcastEvents(). */
static gboolean
ingest_trace (Writer            *w,
              GenkitIngestTrace *trace,
              gint64             now_ms,
              GPtrArray         *events,
              GHashTable        *touched,
              GError           **error)
{
  sqlite3_stmt *s;
  gint64 rowid;
  gboolean listed;
  guint n_new = 0;
  guint first_event = events->len;

  if (!find_or_insert_trace (w, trace->trace_id, now_ms, &rowid, &listed, error))
    return FALSE;

  for (guint i = 0; i < trace->spans->len; i++)
    {
      GenkitIngestSpan *span = g_ptr_array_index (trace->spans, i);
      gboolean exists = FALSE;
      gint64 span_rowid = 0;
      double old_end = 0;
      int old_fts_state = 0;
      int fts_state = span->end_time != 0 ? 1 : 0;
      double merged_end;

      s = stmt (w, STMT_FIND_SPAN);
      sqlite3_bind_int64 (s, 1, rowid);
      sqlite3_bind_text (s, 2, span->span_id, -1, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW)
        {
          exists = TRUE;
          span_rowid = sqlite3_column_int64 (s, 0);
          old_end = sqlite3_column_double (s, 1);
          old_fts_state = sqlite3_column_int (s, 2);
        }
      sqlite3_reset (s);

      if (exists && old_end != 0 && span->end_time == 0)
        {
          /* A stale start that arrived after the end: kept out of the store. */
          merged_end = old_end;
        }
      else
        {
          if (exists)
            {
              /* Replacing an indexed (ended) span, which is rare: its old text leaves the
               * full-text index now. */
              if (old_fts_state == 2 && !fts_delete_span_rowid (w, span_rowid, error))
                return FALSE;
              s = stmt (w, STMT_UPDATE_SPAN);
              sqlite3_bind_int64 (s, 1, span_rowid);
              bind_span (s, span);
              sqlite3_bind_int (s, 11, fts_state);
              if (!step_done (w, s, error))
                return FALSE;
            }
          else
            {
              s = stmt (w, STMT_INSERT_SPAN);
              sqlite3_bind_int64 (s, 1, rowid);
              sqlite3_bind_text (s, 2, span->span_id, -1, SQLITE_STATIC);
              bind_span (s, span);
              sqlite3_bind_int (s, 11, fts_state);
              if (!step_done (w, s, error))
                return FALSE;
              span_rowid = sqlite3_last_insert_rowid (w->conn);
              n_new++;
            }

          /* Ended spans are queued for the full-text index (running ones are indexed once
           * they end). */
          if (fts_state == 1)
            {
              s = stmt (w, STMT_FTS_PENDING);
              sqlite3_bind_int64 (s, 1, span_rowid);
              sqlite3_bind_text (s, 2, span->display_name, -1, SQLITE_STATIC);
              bind_text_or_null (s, 3, span->fts_input);
              bind_text_or_null (s, 4, span->fts_output);
              if (!step_done (w, s, error))
                return FALSE;
              w->n_pending++;
            }
          merged_end = span->end_time;
        }

      if (span->end_time > 0 || !(merged_end > 0))
        add_event (events, trace->trace_id, span, FALSE);
      if (span->end_time > 0)
        add_event (events, trace->trace_id, span, TRUE);
    }

  if (events->len - first_event > 1)
    {
      /* Chronological, start before end on ties: a stable sort of this payload's events. */
      g_autoptr(GPtrArray) mine = g_ptr_array_new ();

      for (guint i = first_event; i < events->len; i++)
        g_ptr_array_add (mine, g_ptr_array_index (events, i));
      g_ptr_array_sort (mine, compare_events);
      for (guint i = 0; i < mine->len; i++)
        events->pdata[first_event + i] = g_ptr_array_index (mine, i);
    }

  s = stmt (w, STMT_UPDATE_TRACE);
  sqlite3_bind_int64 (s, 1, rowid);
  sqlite3_bind_int (s, 2, trace->has_display_name);
  bind_text_or_null (s, 3, trace->display_name);
  sqlite3_bind_int (s, 4, trace->has_start_time);
  sqlite3_bind_double (s, 5, trace->start_time);
  sqlite3_bind_int (s, 6, trace->has_end_time);
  sqlite3_bind_double (s, 7, trace->end_time);
  sqlite3_bind_int (s, 8, (int) n_new);
  bind_text_or_null (s, 9, trace->runtime_id);
  if (!step_done (w, s, error))
    return FALSE;

  if (trace->spans->len == 0)
    {
      /* "If everything is filtered, it's probably the root": spans whose parent is not in
       * the trace become roots. */
      s = stmt (w, STMT_REROOT);
      sqlite3_bind_int64 (s, 1, rowid);
      if (!step_done (w, s, error))
        return FALSE;
    }

  if (trace->has_root && !update_index (w, rowid, error))
    return FALSE;

  touch (touched, trace->trace_id, rowid, listed, FALSE);
  return TRUE;
}

static gboolean
delete_trace_rowid (Writer      *w,
                    const char  *trace_id,
                    gint64       rowid,
                    GHashTable  *touched,
                    GError     **error)
{
  sqlite3_stmt *s = stmt (w, STMT_TRACE_SPANS);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) datas = g_ptr_array_new_with_free_func (g_free);
  gboolean was_listed = FALSE;
  gint64 unused;

  lookup_trace (w, trace_id, &unused, &was_listed);

  sqlite3_bind_int64 (s, 1, rowid);
  while (sqlite3_step (s) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (s, 0);

      g_array_append_val (ids, id);
      g_ptr_array_add (names, g_strdup ((const char *) sqlite3_column_text (s, 1)));
      g_ptr_array_add (datas, g_strdup ((const char *) sqlite3_column_text (s, 2)));
    }
  sqlite3_reset (s);

  for (guint i = 0; i < ids->len; i++)
    if (!fts_delete_span (w, g_array_index (ids, gint64, i), g_ptr_array_index (names, i),
                          g_ptr_array_index (datas, i), error))
      return FALSE;

  s = stmt (w, STMT_DELETE_PENDING);
  sqlite3_bind_int64 (s, 1, rowid);
  if (!step_done (w, s, error))
    return FALSE;
  s = stmt (w, STMT_DELETE_SPANS);
  sqlite3_bind_int64 (s, 1, rowid);
  if (!step_done (w, s, error))
    return FALSE;
  s = stmt (w, STMT_DELETE_TRACE);
  sqlite3_bind_int64 (s, 1, rowid);
  if (!step_done (w, s, error))
    return FALSE;
  s = stmt (w, STMT_DELETE_TRACE_LOGS);
  sqlite3_bind_text (s, 1, trace_id, -1, SQLITE_STATIC);
  if (!step_done (w, s, error))
    return FALSE;

  touch (touched, trace_id, rowid, was_listed, TRUE);
  return TRUE;
}

static gboolean
delete_trace (Writer      *w,
              WriteOp     *op,
              GHashTable  *touched,
              GError     **error)
{
  gint64 rowid;
  gboolean listed;

  if (!lookup_trace (w, op->trace_id, &rowid, &listed))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                   "No trace with id %s in the store", op->trace_id);
      return FALSE;
    }
  if (!delete_trace_rowid (w, op->trace_id, rowid, touched, error))
    return FALSE;
  op->count = 1;
  return TRUE;
}

/* Deletes traces first stored more than max_age_ms ago, then all but the max_traces most
 * recently created ones; logs older than max_age_ms go too. */
static gboolean
apply_retention (Writer      *w,
                 WriteOp     *op,
                 gint64       now_ms,
                 GHashTable  *touched,
                 GError     **error)
{
  g_autoptr(GArray) rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) trace_ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *s = NULL;

  for (int pass = 0; pass < 2; pass++)
    {
      const char *sql;

      if (pass == 0 && op->max_age_ms <= 0)
        continue;
      if (pass == 1 && op->max_traces == 0)
        continue;
      sql = pass == 0
        ? "SELECT id, trace_id FROM traces WHERE created_ms < ?1"
        : "SELECT id, trace_id FROM traces ORDER BY id DESC LIMIT -1 OFFSET ?1";
      if (sqlite3_prepare_v2 (w->conn, sql, -1, &s, NULL) != SQLITE_OK)
        {
          _genkit_trace_db_set_error (error, w->conn, "Cannot apply the retention policy");
          return FALSE;
        }
      if (pass == 0)
        sqlite3_bind_int64 (s, 1, now_ms - op->max_age_ms);
      else
        sqlite3_bind_int64 (s, 1, op->max_traces);
      g_array_set_size (rowids, 0);
      g_ptr_array_set_size (trace_ids, 0);
      while (sqlite3_step (s) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (s, 0);

          g_array_append_val (rowids, id);
          g_ptr_array_add (trace_ids, g_strdup ((const char *) sqlite3_column_text (s, 1)));
        }
      sqlite3_finalize (s);

      for (guint i = 0; i < rowids->len; i++)
        {
          if (!delete_trace_rowid (w, g_ptr_array_index (trace_ids, i),
                                   g_array_index (rowids, gint64, i), touched, error))
            return FALSE;
          op->count++;
        }
    }

  if (op->max_age_ms > 0)
    {
      if (sqlite3_prepare_v2 (w->conn, "DELETE FROM logs WHERE timestamp < ?1", -1, &s, NULL) != SQLITE_OK)
        {
          _genkit_trace_db_set_error (error, w->conn, "Cannot apply the retention policy");
          return FALSE;
        }
      sqlite3_bind_double (s, 1, (double) (now_ms - op->max_age_ms));
      sqlite3_step (s);
      sqlite3_finalize (s);
    }
  return TRUE;
}

/* Records the traces of runtime op->runtime_id as sent by op->new_runtime_id (a runtime
 * known by a provisional id at first, see genkit_trace_store_rename_runtime_async()). */
static gboolean
rename_runtime (Writer      *w,
                WriteOp     *op,
                GHashTable  *touched,
                GError     **error)
{
  sqlite3_stmt *s = NULL;
  int rc;

  if (sqlite3_prepare_v2 (w->conn, "UPDATE traces SET runtime_id = ?2 WHERE runtime_id = ?1"
                          " RETURNING id, trace_id, listed", -1, &s, NULL) != SQLITE_OK)
    {
      _genkit_trace_db_set_error (error, w->conn, "Cannot rename the runtime of traces");
      return FALSE;
    }
  sqlite3_bind_text (s, 1, op->runtime_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, op->new_runtime_id, -1, SQLITE_STATIC);
  op->count = 0;
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      gboolean listed = sqlite3_column_int (s, 2) != 0;

      touch (touched, (const char *) sqlite3_column_text (s, 1), sqlite3_column_int64 (s, 0),
             listed, FALSE);
      op->count++;
    }
  sqlite3_finalize (s);
  if (rc != SQLITE_DONE)
    {
      _genkit_trace_db_set_error (error, w->conn, "Cannot rename the runtime of traces");
      return FALSE;
    }
  return TRUE;
}

static gboolean
insert_logs (Writer     *w,
             GPtrArray  *logs,
             GError    **error)
{
  for (guint i = 0; i < logs->len; i++)
    {
      GenkitIngestLog *log = g_ptr_array_index (logs, i);
      sqlite3_stmt *s = stmt (w, STMT_INSERT_LOG);

      sqlite3_bind_text (s, 1, log->log_id, -1, SQLITE_STATIC);
      bind_text_or_null (s, 2, log->trace_id);
      bind_text_or_null (s, 3, log->span_id);
      sqlite3_bind_double (s, 4, log->timestamp);
      sqlite3_bind_text (s, 5, log->json, -1, SQLITE_STATIC);
      if (!step_done (w, s, error))
        return FALSE;
    }
  return TRUE;
}

static SummaryRow *
read_summary (sqlite3_stmt *s)
{
  SummaryRow *row = g_new0 (SummaryRow, 1);

  row->trace_id = g_strdup ((const char *) sqlite3_column_text (s, 0));
  row->listed = sqlite3_column_int (s, 1) != 0;
  if (sqlite3_column_type (s, 2) != SQLITE_NULL)
    row->name = g_strdup ((const char *) sqlite3_column_text (s, 2));
  if (sqlite3_column_type (s, 3) != SQLITE_NULL)
    row->type = g_strdup ((const char *) sqlite3_column_text (s, 3));
  row->start_time = sqlite3_column_double (s, 4);
  row->end_time = sqlite3_column_double (s, 5);
  if (sqlite3_column_type (s, 6) == SQLITE_INTEGER || sqlite3_column_type (s, 6) == SQLITE_FLOAT)
    row->status = (int) sqlite3_column_double (s, 6);
  else
    row->status = -1;
  row->n_spans = (guint) sqlite3_column_int64 (s, 7);
  row->seq = sqlite3_column_int64 (s, 8);
  if (sqlite3_column_type (s, 9) != SQLITE_NULL)
    row->runtime_id = g_strdup ((const char *) sqlite3_column_text (s, 9));
  return row;
}

static void
collect_summaries (Writer     *w,
                   GHashTable *touched,
                   GPtrArray  *summaries)
{
  GHashTableIter iter;
  const char *trace_id;
  Touched *t;

  g_hash_table_iter_init (&iter, touched);
  while (g_hash_table_iter_next (&iter, (gpointer *) &trace_id, (gpointer *) &t))
    {
      SummaryRow *row = NULL;

      if (!t->deleted)
        {
          sqlite3_stmt *s = stmt (w, STMT_TRACE_ROW);

          sqlite3_bind_int64 (s, 1, t->rowid);
          if (sqlite3_step (s) == SQLITE_ROW)
            row = read_summary (s);
          sqlite3_reset (s);
          if (row == NULL || !row->listed)
            {
              g_clear_pointer (&row, _summary_row_free);
              continue;
            }
          row->newly_listed = !t->was_listed;
        }
      else
        {
          if (!t->was_listed)
            continue;
          row = g_new0 (SummaryRow, 1);
          row->trace_id = g_strdup (trace_id);
          row->deleted = TRUE;
          row->status = -1;
        }
      g_ptr_array_add (summaries, row);
    }
}

static Result *
load_model (Writer *w,
            guint   limit)
{
  Result *result = g_new0 (Result, 1);
  sqlite3_stmt *s = NULL;

  result->kind = RESULT_WRITE_BATCH;
  result->model_reset = TRUE;
  result->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) _summary_row_free);

  if (sqlite3_prepare_v2 (w->conn,
                          "SELECT trace_id, listed, idx_name, idx_type, idx_start, idx_end,"
                          " idx_status, n_spans, idx_seq, runtime_id FROM traces WHERE listed = 1"
                          " ORDER BY idx_start DESC, idx_seq DESC LIMIT ?1",
                          -1, &s, NULL) == SQLITE_OK)
    {
      sqlite3_bind_int64 (s, 1, limit);
      while (sqlite3_step (s) == SQLITE_ROW)
        g_ptr_array_add (result->summaries, read_summary (s));
    }
  sqlite3_finalize (s);
  return result;
}

static guint index_pending     (Writer *w);
static void  index_all_pending (Writer *w);

static void
fail_ops (GPtrArray    *ops,
          const GError *error)
{
  for (guint i = 0; i < ops->len; i++)
    {
      WriteOp *op = g_ptr_array_index (ops, i);

      if (op->error == NULL && op->kind != WRITE_CLOSE)
        op->error = g_error_copy (error);
    }
}

static gboolean
has_flush (GPtrArray *ops)
{
  for (guint i = 0; i < ops->len; i++)
    if (((WriteOp *) g_ptr_array_index (ops, i))->kind == WRITE_FLUSH)
      return TRUE;
  return FALSE;
}

static gboolean
is_data_op (WriteOp *op)
{
  return op->kind == WRITE_INGEST || op->kind == WRITE_DELETE ||
         op->kind == WRITE_RETENTION || op->kind == WRITE_LOGS ||
         op->kind == WRITE_RENAME_RUNTIME;
}

/* Runs one write operation in the current transaction. Returns %FALSE when the transaction
 * must be rolled back (a database error); an operation refused before it wrote anything
 * (deleting an unknown trace) sets op->error and returns %TRUE. */
static gboolean
run_op (Writer     *w,
        WriteOp    *op,
        gint64      now_ms,
        GPtrArray  *events,
        GHashTable *touched)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  switch (op->kind)
    {
    case WRITE_INGEST:
      ok = ingest_trace (w, op->trace, now_ms, events, touched, &error);
      break;
    case WRITE_DELETE:
      ok = delete_trace (w, op, touched, &error);
      break;
    case WRITE_RETENTION:
      op->count = 0;
      ok = apply_retention (w, op, now_ms, touched, &error);
      break;
    case WRITE_LOGS:
      ok = insert_logs (w, op->logs, &error);
      break;
    case WRITE_RENAME_RUNTIME:
      ok = rename_runtime (w, op, touched, &error);
      break;
    case WRITE_FLUSH:
    case WRITE_LOAD_MODEL:
    case WRITE_CLOSE:
    default:
      break;
    }
  if (ok)
    return TRUE;
  g_clear_error (&op->error);
  op->error = g_steal_pointer (&error);
  return g_error_matches (op->error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
}

static gboolean
run_statement (Writer  *w,
               StmtId   id,
               GError **error)
{
  return step_done (w, stmt (w, id), error);
}

/* Runs a batch in one transaction (group commit) and posts the results after the commit. A
 * savepoint per operation would isolate failures, but FTS5 flushes its pending terms at every
 * savepoint, which costs more than the rest of an insert; so the batch runs bare, and only if
 * the database refuses something is it rolled back and replayed one operation per transaction,
 * so that the one bad operation fails alone. */
static void
process_batch (Writer    *w,
               GPtrArray *ops,
               gboolean  *closing)
{
  g_autoptr(GHashTable) touched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  Result *result = g_new0 (Result, 1);
  gint64 now_ms = g_get_real_time () / 1000;
  gboolean failed = FALSE;

  result->kind = RESULT_WRITE_BATCH;
  result->ops = ops;
  result->events = g_ptr_array_new_with_free_func ((GDestroyNotify) _span_event_free);
  result->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) _summary_row_free);

  for (guint i = 0; i < ops->len; i++)
    if (((WriteOp *) g_ptr_array_index (ops, i))->kind == WRITE_CLOSE)
      *closing = TRUE;

  if (!run_statement (w, STMT_BEGIN, &error))
    {
      fail_ops (ops, error);
      _genkit_trace_db_post_result (w->db, result);
      return;
    }

  for (guint i = 0; i < ops->len && !failed; i++)
    {
      WriteOp *op = g_ptr_array_index (ops, i);
      g_autoptr(GPtrArray) events = NULL;

      if (op->kind == WRITE_LOAD_MODEL)
        {
          _genkit_trace_db_post_result (w->db, load_model (w, op->model_limit));
          continue;
        }
      if (!is_data_op (op))
        continue;
      events = g_ptr_array_new_with_free_func ((GDestroyNotify) _span_event_free);
      if (run_op (w, op, now_ms, events, touched))
        g_ptr_array_extend_and_steal (result->events, g_steal_pointer (&events));
      else
        failed = TRUE;
    }

  if (!failed)
    {
      collect_summaries (w, touched, result->summaries);
      if (run_statement (w, STMT_COMMIT, &error))
        {
          if (has_flush (ops))
            index_all_pending (w);
          _genkit_trace_db_post_result (w->db, result);
          return;
        }
      g_clear_error (&error);
    }

  /* Replay, one operation per transaction. */
  run_statement (w, STMT_ROLLBACK, NULL);
  g_ptr_array_set_size (result->events, 0);
  g_ptr_array_set_size (result->summaries, 0);
  g_hash_table_remove_all (touched);
  for (guint i = 0; i < ops->len; i++)
    {
      WriteOp *op = g_ptr_array_index (ops, i);
      g_autoptr(GPtrArray) events = NULL;

      if (!is_data_op (op))
        continue;
      g_clear_error (&op->error);
      if (!run_statement (w, STMT_BEGIN, &op->error))
        continue;
      events = g_ptr_array_new_with_free_func ((GDestroyNotify) _span_event_free);
      if (run_op (w, op, now_ms, events, touched) &&
          run_statement (w, STMT_COMMIT, op->error ? NULL : &op->error))
        g_ptr_array_extend_and_steal (result->events, g_steal_pointer (&events));
      else
        run_statement (w, STMT_ROLLBACK, NULL);
    }
  collect_summaries (w, touched, result->summaries);
  if (has_flush (ops))
    index_all_pending (w);
  _genkit_trace_db_post_result (w->db, result);
}

/* Spans move into the full-text index in batches of this many, one transaction each: a
 * write that arrives meanwhile waits for at most one batch (~10 ms). */
#define FTS_CHUNK 512

/* Indexing runs once the writer has had nothing to do for this long (microseconds)... */
#define FTS_IDLE_US (50 * 1000)

/* ...or, under sustained load, whenever more spans than this wait for it. */
#define FTS_BACKLOG 50000

/* Moves up to FTS_CHUNK queued spans into the full-text index in one transaction (FTS5 pays
 * per transaction for writing a segment, so big batches cost far less per span than indexing
 * inside every ingest commit). Returns how many spans were indexed. */
static guint
index_pending (Writer *w)
{
  g_autoptr(GError) error = NULL;
  StmtId steps[] = { STMT_FTS_INDEX, STMT_FTS_MARK, STMT_FTS_UNQUEUE };
  guint n = 0;

  if (!run_statement (w, STMT_BEGIN, &error))
    goto fail;
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      sqlite3_stmt *s = stmt (w, steps[i]);

      sqlite3_bind_int (s, 1, FTS_CHUNK);
      if (!step_done (w, s, &error))
        {
          run_statement (w, STMT_ROLLBACK, NULL);
          goto fail;
        }
      if (i == 0)
        n = (guint) sqlite3_changes (w->conn);
    }
  if (!run_statement (w, STMT_COMMIT, &error))
    {
      run_statement (w, STMT_ROLLBACK, NULL);
      goto fail;
    }
  w->n_pending = n < FTS_CHUNK ? 0 : w->n_pending - MIN (w->n_pending, n);
  return n;

fail:
  /* Left queued; the next attempt comes with the next write. */
  g_debug ("Cannot update the full-text index: %s", error ? error->message : "unknown error");
  w->n_pending = 0;
  return 0;
}

static void
index_all_pending (Writer *w)
{
  while (w->n_pending > 0 && index_pending (w) == FTS_CHUNK)
    ;
}

static gsize
op_bytes (WriteOp *op)
{
  return op->kind == WRITE_INGEST ? (gsize) _genkit_ingest_trace_bytes (op->trace) : 256;
}

gpointer
_genkit_trace_db_writer_thread (gpointer data)
{
  Writer w = { 0 };
  gboolean closing = FALSE;

  w.db = data;
  w.conn = g_steal_pointer (&w.db->write_conn);

  for (guint i = 0; i < N_STMTS; i++)
    if (sqlite3_prepare_v3 (w.conn, stmt_sql[i], -1, SQLITE_PREPARE_PERSISTENT, &w.stmts[i],
                            NULL) != SQLITE_OK)
      g_error ("Trace store: cannot prepare statement %u: %s", i, sqlite3_errmsg (w.conn));

  {
    sqlite3_stmt *s = stmt (&w, STMT_MAX_SEQ);

    if (sqlite3_step (s) == SQLITE_ROW)
      w.next_seq = sqlite3_column_int64 (s, 0);
    sqlite3_reset (s);
    s = stmt (&w, STMT_FTS_COUNT);
    if (sqlite3_step (s) == SQLITE_ROW)
      w.n_pending = (guint) sqlite3_column_int64 (s, 0);
    sqlite3_reset (s);
  }

  while (!closing)
    {
      GPtrArray *ops;
      WriteOp *op;
      gsize bytes;

      /* Writes first; the full-text index catches up when they pause. */
      if (w.n_pending > 0)
        {
          op = g_async_queue_timeout_pop (w.db->write_queue, FTS_IDLE_US);
          if (op == NULL)
            {
              index_pending (&w);
              continue;
            }
        }
      else
        op = g_async_queue_pop (w.db->write_queue);

      ops = g_ptr_array_new_with_free_func ((GDestroyNotify) _write_op_free);
      bytes = op_bytes (op);
      g_ptr_array_add (ops, op);
      while (op->kind != WRITE_CLOSE && ops->len < GENKIT_TRACE_STORE_BATCH_MAX_OPS &&
             bytes < GENKIT_TRACE_STORE_BATCH_MAX_BYTES &&
             (op = g_async_queue_try_pop (w.db->write_queue)))
        {
          g_ptr_array_add (ops, op);
          bytes += op_bytes (op);
        }
      process_batch (&w, ops, &closing);

      if (!closing && w.n_pending >= FTS_BACKLOG)
        index_pending (&w);
    }

  for (guint i = 0; i < N_STMTS; i++)
    sqlite3_finalize (w.stmts[i]);
  sqlite3_close (w.conn);
  _genkit_trace_db_unref (w.db);
  return NULL;
}
