/* genkit-trace-store-reader.c — the trace store's reads: a pool of threads, each with its own
 * read-only connection, writing Genkit's JSON directly from the stored text
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <genkit.h>

#include "genkit-telemetry-json-private.h"
#include "genkit-trace-store-private.h"

/* A search with a filter reads at most this many matching spans, newest first, to find the
 * traces of a page (a word in every span of 10-span traces fills a 1000-trace page at
 * 10,000); older traces passing the filter are then probed one by one, a full-text lookup
 * each, which costs less when the filter keeps few of them. Without a filter, reading on
 * costs less than probing every trace (a span read is some twenty times cheaper than a
 * probe, and traces have spans). */
#define SEARCH_WALK_MAX 20000

static sqlite3 *
take_connection (GenkitTraceDb  *db,
                 GError        **error)
{
  sqlite3 *conn = NULL;

  g_mutex_lock (&db->readers_lock);
  if (db->idle_read_conns->len > 0)
    conn = g_ptr_array_steal_index_fast (db->idle_read_conns, db->idle_read_conns->len - 1);
  g_mutex_unlock (&db->readers_lock);

  if (conn == NULL)
    conn = _genkit_trace_db_open_connection (db->path, TRUE, FALSE, error);
  return conn;
}

static void
give_connection (GenkitTraceDb *db,
                 sqlite3       *conn)
{
  g_mutex_lock (&db->readers_lock);
  g_ptr_array_add (db->idle_read_conns, conn);
  g_mutex_unlock (&db->readers_lock);
}

static void
append_number_member (GString    *out,
                      const char *key,
                      double      value)
{
  g_string_append_printf (out, ",\"%s\":", key);
  _genkit_json_write_number (out, value);
}

/* `,"displayName":…,"startTime":…,"endTime":…` for the members the trace has. */
static void
append_trace_members (GString      *out,
                      sqlite3_stmt *s,
                      int           first_column)
{
  if (sqlite3_column_type (s, first_column) != SQLITE_NULL)
    {
      g_string_append (out, ",\"displayName\":");
      _genkit_json_write_string (out, (const char *) sqlite3_column_text (s, first_column), -1);
    }
  if (sqlite3_column_type (s, first_column + 1) != SQLITE_NULL)
    append_number_member (out, "startTime", sqlite3_column_double (s, first_column + 1));
  if (sqlite3_column_type (s, first_column + 2) != SQLITE_NULL)
    append_number_member (out, "endTime", sqlite3_column_double (s, first_column + 2));
}

static gboolean
prepare (sqlite3       *conn,
         const char    *sql,
         sqlite3_stmt **s,
         GError       **error)
{
  if (sqlite3_prepare_v2 (conn, sql, -1, s, NULL) != SQLITE_OK)
    {
      _genkit_trace_db_set_error (error, conn, "Cannot read the trace store");
      return FALSE;
    }
  return TRUE;
}

static gboolean
step_error (sqlite3  *conn,
            int       rc,
            GError  **error)
{
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return FALSE;
  _genkit_trace_db_set_error (error, conn, "Cannot read the trace store");
  return TRUE;
}

/* A stored span for viewing: every string attribute longer than @max_bytes bytes becomes its
 * first @max_bytes bytes (cut at a character boundary), and an `elidedAttributes` member
 * (after the span's own) gives, by attribute name, `{"bytes": whole size in bytes, "usage"?}`,
 * `usage` being that of a JSON object value (a model's token counts, for the roll-ups).
 * SQLite's JSON functions do it, about twice as fast as a JsonParser over the megabyte;
 * they keep the rest of the span's text as stored. An attribute whose name holds `"` (which
 * a JSON path cannot name) stays whole. %NULL text when nothing is that long. */
static gboolean
elide_span (sqlite3     *conn,
            const char  *data,
            gsize        length,
            gsize        max_bytes,
            char       **text,
            GError     **error)
{
  sqlite3_stmt *attributes = NULL;
  sqlite3_stmt *usage = NULL;
  sqlite3_stmt *set = NULL;
  g_autoptr(GString) elided = g_string_new (NULL);
  g_autofree char *span = NULL;
  gboolean failed;
  int rc;

  *text = NULL;
  /* Each use of json_each's `value` decodes the string again: it is used once, and the
   * lengths are compared here. */
  if (!prepare (conn, "SELECT key, value FROM json_each (?1, '$.attributes') WHERE type = 'text'",
                &attributes, error))
    return FALSE;
  if (!prepare (conn, "SELECT CASE WHEN json_valid (?1) AND json_type (?1, '$.usage') = 'object'"
                      " THEN json_extract (?1, '$.usage') END", &usage, error)
      || !prepare (conn, "SELECT json_set (?1, ?2, ?3)", &set, error))
    {
      sqlite3_finalize (usage);
      sqlite3_finalize (attributes);
      return FALSE;
    }
  sqlite3_bind_text (attributes, 1, data, (int) length, SQLITE_STATIC);
  while ((rc = sqlite3_step (attributes)) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (attributes, 0);
      const char *value = (const char *) sqlite3_column_text (attributes, 1);
      int bytes = sqlite3_column_bytes (attributes, 1);
      g_autofree char *path = NULL;
      const char *end;

      if ((gsize) bytes <= max_bytes || strchr (key, '"') != NULL)
        continue;
      /* Cut at a character boundary: the preview stays valid UTF-8. */
      g_utf8_validate (value, (gssize) max_bytes, &end);
      path = g_strdup_printf ("$.attributes.\"%s\"", key);
      sqlite3_bind_text (set, 1, span ? span : data, span ? -1 : (int) length, SQLITE_STATIC);
      sqlite3_bind_text (set, 2, path, -1, SQLITE_STATIC);
      sqlite3_bind_text (set, 3, value, (int) (end - value), SQLITE_STATIC);
      if (sqlite3_step (set) != SQLITE_ROW)
        break;
      g_free (span);
      span = g_strdup ((const char *) sqlite3_column_text (set, 0));
      sqlite3_reset (set);

      g_string_append_c (elided, elided->len > 0 ? ',' : '{');
      _genkit_json_write_string (elided, key, -1);
      g_string_append_printf (elided, ":{\"bytes\":%d", bytes);
      /* Only a value that names it is parsed for its `usage`. */
      if (strstr (value, "\"usage\"") != NULL)
        {
          sqlite3_bind_text (usage, 1, value, bytes, SQLITE_STATIC);
          if (sqlite3_step (usage) != SQLITE_ROW)
            break;
          if (sqlite3_column_type (usage, 0) != SQLITE_NULL)
            {
              g_string_append (elided, ",\"usage\":");
              g_string_append (elided, (const char *) sqlite3_column_text (usage, 0));
            }
          sqlite3_reset (usage);
        }
      g_string_append_c (elided, '}');
    }
  /* A json_set() or usage read that failed stopped the walk: its error is the connection's. */
  if (rc == SQLITE_ROW)
    rc = sqlite3_errcode (conn);
  failed = step_error (conn, rc, error);
  sqlite3_finalize (set);
  sqlite3_finalize (usage);
  sqlite3_finalize (attributes);
  if (failed)
    return FALSE;
  if (span == NULL)
    return TRUE;

  /* json_set() writes the object compact: its last character closes it. */
  span[strlen (span) - 1] = '\0';
  *text = g_strconcat (span, ",\"elidedAttributes\":", elided->str, "}}", NULL);
  return TRUE;
}

/* TraceData of one trace: `{"traceId", "displayName"?, "startTime"?, "endTime"?, "spans"}`,
 * spans in the order they were first stored (Genkit's key order). %NULL text if unknown.
 * With @max_value_bytes, a span longer than that has its longer string attributes elided
 * (elide_span()), here on the reader thread. */
static gboolean
read_trace (sqlite3     *conn,
            const char  *trace_id,
            gsize        max_value_bytes,
            char       **text,
            GError     **error)
{
  sqlite3_stmt *s = NULL;
  g_autoptr(GString) out = NULL;
  gint64 rowid;
  gboolean first = TRUE;
  int rc;

  *text = NULL;
  if (!prepare (conn, "SELECT id, display_name, start_time, end_time FROM traces WHERE trace_id = ?1",
                &s, error))
    return FALSE;
  sqlite3_bind_text (s, 1, trace_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (s);
  if (rc != SQLITE_ROW)
    {
      gboolean failed = step_error (conn, rc, error);

      sqlite3_finalize (s);
      return !failed;
    }

  out = g_string_sized_new (4096);
  g_string_append (out, "{\"traceId\":");
  _genkit_json_write_string (out, trace_id, -1);
  append_trace_members (out, s, 1);
  rowid = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);

  if (!prepare (conn, "SELECT span_id, data FROM spans WHERE trace_rowid = ?1 ORDER BY id", &s, error))
    return FALSE;
  sqlite3_bind_int64 (s, 1, rowid);
  g_string_append (out, ",\"spans\":{");
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      const char *data = (const char *) sqlite3_column_text (s, 1);
      gsize length = (gsize) sqlite3_column_bytes (s, 1);
      g_autofree char *elided = NULL;

      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      _genkit_json_write_string (out, (const char *) sqlite3_column_text (s, 0), -1);
      g_string_append_c (out, ':');
      /* Only a span longer than the limit can hold a longer attribute: the others are
       * copied as stored, unparsed. */
      if (max_value_bytes > 0 && length > max_value_bytes
          && !elide_span (conn, data, length, max_value_bytes, &elided, error))
        {
          sqlite3_finalize (s);
          return FALSE;
        }
      if (elided != NULL)
        g_string_append (out, elided);
      else
        g_string_append_len (out, data, (gssize) length);
    }
  sqlite3_finalize (s);
  if (step_error (conn, rc, error))
    return FALSE;
  g_string_append (out, "}}");

  *text = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/* One attribute of one stored span, whole: a string attribute as a string node built from
 * SQLite's decoded text (a megabyte is not re-parsed), any other as its JSON. */
static gboolean
read_attribute (sqlite3     *conn,
                ReadJob     *job,
                JsonNode   **node,
                GError     **error)
{
  sqlite3_stmt *s = NULL;
  gint64 span_rowid;
  int rc;

  *node = NULL;
  if (!prepare (conn, "SELECT spans.id FROM traces LEFT JOIN spans ON spans.trace_rowid = traces.id"
                      " AND spans.span_id = ?2 WHERE traces.trace_id = ?1", &s, error))
    return FALSE;
  sqlite3_bind_text (s, 1, job->trace_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (s, 2, job->span_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (s);
  if (rc != SQLITE_ROW || sqlite3_column_type (s, 0) == SQLITE_NULL)
    {
      gboolean failed = step_error (conn, rc, error);

      sqlite3_finalize (s);
      if (!failed && rc == SQLITE_ROW)
        g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                     "No span with id %s in trace %s", job->span_id, job->trace_id);
      else if (!failed)
        g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                     "No trace with id %s in the store", job->trace_id);
      return FALSE;
    }
  span_rowid = sqlite3_column_int64 (s, 0);
  sqlite3_finalize (s);

  /* json_each walks the attributes by name, so any name works (a JSON path would need
   * quoting); `json_quote` gives the JSON of a non-string value (its own for a container). */
  if (!prepare (conn, "SELECT type, CASE WHEN type = 'text' THEN value"
                      " WHEN type IN ('true', 'false', 'null') THEN type ELSE json_quote (value) END"
                      " FROM spans, json_each (spans.data, '$.attributes')"
                      " WHERE spans.id = ?1 AND json_each.key = ?2", &s, error))
    return FALSE;
  sqlite3_bind_int64 (s, 1, span_rowid);
  sqlite3_bind_text (s, 2, job->key, -1, SQLITE_STATIC);
  rc = sqlite3_step (s);
  if (rc != SQLITE_ROW)
    {
      gboolean failed = step_error (conn, rc, error);

      sqlite3_finalize (s);
      if (!failed)
        g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                     "No attribute %s in span %s of trace %s", job->key, job->span_id, job->trace_id);
      return FALSE;
    }
  if (g_str_equal ((const char *) sqlite3_column_text (s, 0), "text"))
    {
      *node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (*node, (const char *) sqlite3_column_text (s, 1));
    }
  else
    *node = json_from_string ((const char *) sqlite3_column_text (s, 1), error);
  sqlite3_finalize (s);
  return *node != NULL;
}

/* TraceQueryFilter → SQL. Fields are those of Genkit's trace index; any other field is
 * undefined there, so `eq` never matches it and `neq` always does. */
typedef struct
{
  GString   *sql;
  GPtrArray *binds;     /* JsonNode *, borrowed; or NULL for a text bind in texts */
  GPtrArray *texts;     /* owned strings, bound where binds has NULL */
} FilterSql;

typedef enum
{
  FIELD_UNKNOWN,
  FIELD_TEXT,           /* id: a TEXT column, strings only */
  FIELD_INDEX,          /* untyped idx_* column */
  FIELD_GENKITX,        /* json_extract of idx_genkitx */
} FieldKind;

static FieldKind
field_column (const char  *field,
              char       **column)
{
  static const struct { const char *field; const char *column; } index_fields[] = {
    { "type", "idx_type" },
    { "name", "idx_name" },
    { "start", "idx_start" },
    { "end", "idx_end" },
    { "status", "idx_status" },
  };

  if (g_str_equal (field, "id"))
    {
      *column = g_strdup ("trace_id");
      return FIELD_TEXT;
    }
  /* Ours: the runtime that sent the trace (not part of Genkit's index). */
  if (g_str_equal (field, "runtimeId"))
    {
      *column = g_strdup ("runtime_id");
      return FIELD_TEXT;
    }
  for (guint i = 0; i < G_N_ELEMENTS (index_fields); i++)
    if (g_str_equal (field, index_fields[i].field))
      {
        *column = g_strdup (index_fields[i].column);
        return FIELD_INDEX;
      }
  if (g_str_has_prefix (field, "genkitx:") && strchr (field, '"') == NULL &&
      strchr (field, '\\') == NULL)
    {
      *column = g_strdup ("json_extract (idx_genkitx, ?)");
      return FIELD_GENKITX;
    }
  *column = NULL;
  return FIELD_UNKNOWN;
}

static gboolean
node_is_string (JsonNode *node)
{
  return JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

/* Appends the column expression, adding the JSON path bind of a genkitx field. */
static void
append_column (FilterSql  *f,
               FieldKind   kind,
               const char *column,
               const char *field)
{
  g_string_append (f->sql, column);
  if (kind == FIELD_GENKITX)
    {
      g_ptr_array_add (f->binds, NULL);
      g_ptr_array_add (f->texts, g_strdup_printf ("$.\"%s\"", field));
    }
}

static void
append_value_test (FilterSql  *f,
                   const char *op,
                   const char *field,
                   JsonNode   *value)
{
  g_autofree char *column = NULL;
  FieldKind kind = field_column (field, &column);
  gboolean is_eq = g_str_equal (op, "eq");
  gboolean is_neq = g_str_equal (op, "neq");
  gboolean is_contains = g_str_equal (op, "contains");

  if (kind == FIELD_UNKNOWN)
    {
      g_string_append (f->sql, is_neq ? "1" : "0");
      return;
    }

  if (is_eq || is_neq)
    {
      if (kind == FIELD_TEXT && !node_is_string (value))
        {
          g_string_append (f->sql, is_neq ? "1" : "0");
          return;
        }
      g_string_append_c (f->sql, '(');
      append_column (f, kind, column, field);
      g_string_append (f->sql, is_eq ? " IS ?)" : " IS NOT ?)");
      g_ptr_array_add (f->binds, value);
      g_ptr_array_add (f->texts, NULL);
      return;
    }

  if (is_contains)
    {
      g_string_append (f->sql, "(typeof (");
      append_column (f, kind, column, field);
      g_string_append (f->sql, ") = 'text' AND instr (genkit_lower (");
      append_column (f, kind, column, field);
      g_string_append (f->sql, "), genkit_lower (?)) > 0)");
      g_ptr_array_add (f->binds, NULL);
      g_ptr_array_add (f->texts, _genkit_js_string_coerce (value));
      return;
    }

  /* gt, gte, lt, lte: the field must hold a number */
  g_string_append (f->sql, "(typeof (");
  append_column (f, kind, column, field);
  g_string_append (f->sql, ") IN ('integer', 'real') AND ");
  append_column (f, kind, column, field);
  g_string_append_printf (f->sql, " %s ?)",
                          g_str_equal (op, "gt") ? ">" : g_str_equal (op, "gte") ? ">=" :
                          g_str_equal (op, "lt") ? "<" : "<=");
  g_ptr_array_add (f->binds, value);
  g_ptr_array_add (f->texts, NULL);
}

static void
append_filter (FilterSql *f,
               JsonNode  *filter)
{
  static const char *ops[] = { "eq", "neq", "gt", "gte", "lt", "lte", "contains" };
  JsonObject *object;

  if (filter == NULL || JSON_NODE_TYPE (filter) != JSON_NODE_OBJECT)
    return;
  object = json_node_get_object (filter);

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      JsonNode *record = json_object_get_member (object, ops[i]);
      g_autoptr(GList) fields = NULL;

      if (record == NULL || JSON_NODE_TYPE (record) != JSON_NODE_OBJECT)
        continue;
      fields = json_object_get_members (json_node_get_object (record));
      for (GList *l = fields; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (json_node_get_object (record), l->data);

          g_string_append (f->sql, " AND ");
          if (JSON_NODE_TYPE (value) == JSON_NODE_ARRAY)
            {
              JsonArray *values = json_node_get_array (value);
              gboolean all = g_str_equal (ops[i], "neq");
              guint n = json_array_get_length (values);

              if (n == 0)
                {
                  g_string_append (f->sql, all ? "1" : "0");
                  continue;
                }
              g_string_append_c (f->sql, '(');
              for (guint j = 0; j < n; j++)
                {
                  if (j > 0)
                    g_string_append (f->sql, all ? " AND " : " OR ");
                  append_value_test (f, ops[i], l->data, json_array_get_element (values, j));
                }
              g_string_append_c (f->sql, ')');
            }
          else
            append_value_test (f, ops[i], l->data, value);
        }
    }
}

static void
bind_filter (sqlite3_stmt *s,
             FilterSql    *f,
             int           first_index)
{
  for (guint i = 0; i < f->binds->len; i++)
    {
      JsonNode *value = g_ptr_array_index (f->binds, i);
      int index = first_index + (int) i;

      if (value == NULL)
        sqlite3_bind_text (s, index, g_ptr_array_index (f->texts, i), -1, SQLITE_STATIC);
      else if (node_is_string (value))
        sqlite3_bind_text (s, index, json_node_get_string (value), -1, SQLITE_STATIC);
      else if (json_node_get_value_type (value) == G_TYPE_INT64)
        sqlite3_bind_int64 (s, index, json_node_get_int (value));
      else
        sqlite3_bind_double (s, index, _genkit_json_node_get_number (value));
    }
}

/* A user's words as an FTS5 query: each word quoted (so FTS5 syntax characters are plain
 * text), all of them required. */
static char *
fts_query (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " \t\r\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    {
      if (words[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, '"');
      for (const char *p = words[i]; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Which traces the search's walk counts: listed ones, then the listing's filter. */
#define ACCEPT_SQL "SELECT 1 FROM traces WHERE id = ? AND listed = 1"

/* The newest matches of a search, resolved to their traces: the full-text index is read from
 * its newest span back (span rowids grow with ingest, so recent traces come first) until
 * @wanted traces passing the listing's filter are found or, with a filter, SEARCH_WALK_MAX
 * spans were read. @json_ids gets those traces' rowids as a JSON array. Every matching span
 * at or above @span_floor was read, so a trace with no span below it matches only if it is
 * in the set, whatever order its spans and start times came in; @span_floor is 0 when the
 * whole index was read, the set then holding every listed match. */
static gboolean
search_newest_matches (sqlite3     *conn,
                       const char  *query,
                       JsonNode    *filter,
                       guint64      wanted,
                       char       **json_ids,
                       gint64      *span_floor,
                       GError     **error)
{
  g_autoptr(GString) accept_sql = g_string_new (ACCEPT_SQL);
  g_autoptr(GPtrArray) binds = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_autoptr(GString) ids = g_string_new ("[");
  FilterSql f = { accept_sql, binds, texts };
  sqlite3_stmt *walk = NULL;
  sqlite3_stmt *accept = NULL;
  guint64 n_found = 0;
  guint n_read = 0;
  guint max_read;
  gboolean failed = FALSE;
  int rc;

  *json_ids = NULL;
  *span_floor = 0;
  append_filter (&f, filter);
  max_read = accept_sql->len > strlen (ACCEPT_SQL) ? SEARCH_WALK_MAX : G_MAXUINT;
  if (!prepare (conn, accept_sql->str, &accept, error))
    return FALSE;
  bind_filter (accept, &f, 2);
  if (!prepare (conn,
                "SELECT spans_fts.rowid, spans.trace_rowid FROM spans_fts"
                " JOIN spans ON spans.id = spans_fts.rowid WHERE spans_fts MATCH ?1"
                " ORDER BY spans_fts.rowid DESC",
                &walk, error))
    {
      sqlite3_finalize (accept);
      return FALSE;
    }
  sqlite3_bind_text (walk, 1, query, -1, SQLITE_STATIC);

  while ((rc = sqlite3_step (walk)) == SQLITE_ROW)
    {
      gint64 trace_rowid = sqlite3_column_int64 (walk, 1);
      int accepted;

      if (n_found >= wanted || n_read == max_read)
        {
          /* Everything above this span was read; it and what lies below were not. */
          *span_floor = sqlite3_column_int64 (walk, 0) + 1;
          break;
        }
      n_read++;
      if (!g_hash_table_add (seen, g_memdup2 (&trace_rowid, sizeof trace_rowid)))
        continue;
      sqlite3_bind_int64 (accept, 1, trace_rowid);
      accepted = sqlite3_step (accept);
      sqlite3_reset (accept);
      if (accepted == SQLITE_ROW)
        {
          if (n_found++ > 0)
            g_string_append_c (ids, ',');
          g_string_append_printf (ids, "%" G_GINT64_FORMAT, trace_rowid);
        }
      else if ((failed = step_error (conn, accepted, error)))
        break;
    }
  if (!failed && rc != SQLITE_ROW)
    failed = step_error (conn, rc, error);
  sqlite3_finalize (walk);
  sqlite3_finalize (accept);
  if (failed)
    return FALSE;
  g_string_append_c (ids, ']');
  *json_ids = g_string_free (g_steal_pointer (&ids), FALSE);
  return TRUE;
}

/* Genkit's `GET /api/traces` answer: `{"traces": [...], "continuationToken"?}`, newest first
 * by root start time; each trace reduced to its root span with long attributes cut, plus
 * our `runtimeId` when the trace has one. */
static gboolean
list_traces (sqlite3     *conn,
             ReadJob     *job,
             char       **text,
             GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id, trace_id, display_name, start_time, end_time,"
                                         " runtime_id FROM traces WHERE listed = 1");
  g_autoptr(GPtrArray) binds = g_ptr_array_new ();
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) out = g_string_sized_new (16384);
  g_autofree char *query = job->search ? fts_query (job->search) : NULL;
  g_autofree char *id_set = NULL;
  gint64 span_floor = 0;
  FilterSql f = { sql, binds, texts };
  sqlite3_stmt *s = NULL;
  sqlite3_stmt *root = NULL;
  guint n = 0;
  gboolean more = FALSE;
  int next_index;
  int rc;

  append_filter (&f, job->filter);

  if (query != NULL)
    {
      /* The matches up to the end of this page, and some more: the traces stored out of
       * start order (concurrent ones) then seldom need the probe below. */
      guint64 wanted = (guint64) job->offset + job->limit + 1;

      if (!search_newest_matches (conn, query, job->filter, wanted + wanted / 4 + 8, &id_set,
                                  &span_floor, error))
        return FALSE;
      g_string_append (sql, " AND (id IN (SELECT value FROM json_each (?))");
      /* A trace with spans below the floor may still match there: the index is asked for
       * matches in the rowid range of its spans (mostly stored together, so one lookup
       * instead of one per span, which a 5,000-span trace would feel). */
      if (span_floor > 0)
        g_string_append (sql, " OR EXISTS (SELECT 1 FROM spans_fts JOIN spans ON spans.id = spans_fts.rowid"
                              " WHERE spans_fts MATCH ? AND spans.trace_rowid = traces.id"
                              " AND spans_fts.rowid BETWEEN"
                              " (SELECT min (id) FROM spans WHERE trace_rowid = traces.id)"
                              " AND min (?, (SELECT max (id) FROM spans WHERE trace_rowid = traces.id)))");
      g_string_append_c (sql, ')');
    }
  g_string_append (sql, " ORDER BY idx_start DESC, idx_seq DESC LIMIT ? OFFSET ?");

  if (!prepare (conn, sql->str, &s, error))
    return FALSE;
  bind_filter (s, &f, 1);
  next_index = (int) binds->len + 1;
  if (query != NULL)
    {
      sqlite3_bind_text (s, next_index++, id_set, -1, SQLITE_STATIC);
      if (span_floor > 0)
        {
          sqlite3_bind_text (s, next_index++, query, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (s, next_index++, span_floor - 1);
        }
    }
  sqlite3_bind_int64 (s, next_index++, (gint64) job->limit + 1);
  sqlite3_bind_int64 (s, next_index++, job->offset);

  if (!prepare (conn, "SELECT span_id, data FROM spans WHERE trace_rowid = ?1"
                      " AND parent_span_id IS NULL ORDER BY id LIMIT 1", &root, error))
    {
      sqlite3_finalize (s);
      return FALSE;
    }

  g_string_append (out, "{\"traces\":[");
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      if (n == job->limit)
        {
          more = TRUE;
          break;
        }
      if (n++ > 0)
        g_string_append_c (out, ',');

      g_string_append (out, "{\"spans\":{");
      sqlite3_bind_int64 (root, 1, sqlite3_column_int64 (s, 0));
      if (sqlite3_step (root) == SQLITE_ROW)
        {
          g_autofree char *preview = _genkit_span_listing_preview ((const char *) sqlite3_column_text (root, 1),
                                                                   !job->parse_result, NULL);

          if (preview != NULL)
            {
              _genkit_json_write_string (out, (const char *) sqlite3_column_text (root, 0), -1);
              g_string_append_c (out, ':');
              g_string_append (out, preview);
            }
        }
      sqlite3_reset (root);
      g_string_append (out, "},\"traceId\":");
      _genkit_json_write_string (out, (const char *) sqlite3_column_text (s, 1), -1);
      append_trace_members (out, s, 2);
      /* Ours: the runtime that sent the trace, when known. */
      if (sqlite3_column_type (s, 5) != SQLITE_NULL)
        {
          g_string_append (out, ",\"runtimeId\":");
          _genkit_json_write_string (out, (const char *) sqlite3_column_text (s, 5), -1);
        }
      g_string_append_c (out, '}');
    }
  sqlite3_finalize (root);
  sqlite3_finalize (s);
  if (!more && step_error (conn, rc, error))
    return FALSE;

  g_string_append_c (out, ']');
  /* Genkit gives a token when more results exist and the next offset is not 0. */
  if (more && job->offset + job->limit > 0)
    g_string_append_printf (out, ",\"continuationToken\":\"%u\"", job->offset + job->limit);
  g_string_append_c (out, '}');

  *text = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

/* Genkit's `GET /api/logs` answer: `{"logs": [...], "continuationToken"?}`, newest first. */
static gboolean
list_logs (sqlite3     *conn,
           ReadJob     *job,
           char       **text,
           GError     **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT data FROM logs WHERE 1");
  g_autoptr(GString) out = g_string_sized_new (4096);
  sqlite3_stmt *s = NULL;
  gboolean more = FALSE;
  guint n = 0;
  int index = 1;
  int rc;

  if (job->trace_id != NULL)
    g_string_append (sql, " AND trace_id = ?");
  if (job->span_id != NULL)
    g_string_append (sql, " AND span_id = ?");
  g_string_append (sql, " ORDER BY timestamp DESC, id ASC LIMIT ? OFFSET ?");
  if (!prepare (conn, sql->str, &s, error))
    return FALSE;
  if (job->trace_id != NULL)
    sqlite3_bind_text (s, index++, job->trace_id, -1, SQLITE_STATIC);
  if (job->span_id != NULL)
    sqlite3_bind_text (s, index++, job->span_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (s, index++, (gint64) job->limit + 1);
  sqlite3_bind_int64 (s, index++, job->offset);

  g_string_append (out, "{\"logs\":[");
  while ((rc = sqlite3_step (s)) == SQLITE_ROW)
    {
      if (n == job->limit)
        {
          more = TRUE;
          break;
        }
      if (n++ > 0)
        g_string_append_c (out, ',');
      g_string_append_len (out, (const char *) sqlite3_column_text (s, 0), sqlite3_column_bytes (s, 0));
    }
  sqlite3_finalize (s);
  if (!more && step_error (conn, rc, error))
    return FALSE;
  g_string_append_c (out, ']');
  if (more && job->offset + job->limit > 0)
    g_string_append_printf (out, ",\"continuationToken\":\"%u\"", job->offset + job->limit);
  g_string_append_c (out, '}');
  *text = g_string_free (g_steal_pointer (&out), FALSE);
  return TRUE;
}

void
_genkit_trace_db_read_job_run (gpointer data,
                               gpointer user_data)
{
  ReadJob *job = data;
  GenkitTraceDb *db = user_data;
  Result *result;
  sqlite3 *conn;

  if ((conn = take_connection (db, &job->error)))
    {
      gboolean ok = FALSE;

      /* One read transaction: a consistent snapshot for the whole answer. */
      if (_genkit_trace_db_exec (conn, "BEGIN", &job->error))
        {
          switch (job->kind)
            {
            case READ_GET_TRACE:
              ok = read_trace (conn, job->trace_id, job->max_value_bytes, &job->text, &job->error);
              break;
            case READ_GET_ATTRIBUTE:
              ok = read_attribute (conn, job, &job->node, &job->error);
              break;
            case READ_LIST_TRACES:
              ok = list_traces (conn, job, &job->text, &job->error);
              break;
            case READ_LIST_LOGS:
            default:
              ok = list_logs (conn, job, &job->text, &job->error);
              break;
            }
          sqlite3_exec (conn, "COMMIT", NULL, NULL, NULL);
        }

      if (ok && job->parse_result && job->text != NULL)
        job->node = _genkit_json_parse (job->text, strlen (job->text), &job->error);
      give_connection (db, conn);
    }

  result = g_new0 (Result, 1);
  result->kind = RESULT_READ;
  result->read = job;
  _genkit_trace_db_post_result (db, result);
}
