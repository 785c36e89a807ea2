/* test-crash-safety.c — no data loss: a writer process killed with SIGKILL in the middle of a
 * burst leaves a consistent store holding every span whose ingest had returned
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "telemetry-test-util.h"

typedef struct
{
  GDataInputStream *lines;
  GPtrArray        *acked;        /* "trace span" strings */
  gboolean          ready;
  gboolean          eof;
  gboolean          reading;
} HelperOutput;

static void
line_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  HelperOutput *out = user_data;
  g_autofree char *line = g_data_input_stream_read_line_finish (G_DATA_INPUT_STREAM (object), result,
                                                                NULL, NULL);

  out->reading = FALSE;
  if (line == NULL)
    {
      out->eof = TRUE;
      return;
    }
  if (g_str_equal (line, "ready"))
    out->ready = TRUE;
  else if (g_str_has_prefix (line, "ok "))
    g_ptr_array_add (out->acked, g_strdup (line + 3));
}

static void
pump (HelperOutput *out)
{
  if (!out->reading && !out->eof)
    {
      out->reading = TRUE;
      g_data_input_stream_read_line_async (out->lines, G_PRIORITY_DEFAULT, NULL, line_cb, out);
    }
  g_main_context_iteration (NULL, TRUE);
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Kills the helper after @kill_after acknowledged spans; returns what it acknowledged. */
static GPtrArray *
run_and_kill (const char *store_path,
              guint       n_traces,
              guint       kill_after,
              gboolean   *finished)
{
  const char *helper = g_getenv ("GENKIT_TRACE_WRITER_HELPER");
  g_autofree char *count = g_strdup_printf ("%u", n_traces);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  HelperOutput out = { 0 };

  g_assert_nonnull (helper);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, helper, store_path, count, NULL);
  g_assert_no_error (error);
  out.lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  out.acked = g_ptr_array_new_with_free_func (g_free);

  while (!out.eof && out.acked->len < kill_after)
    pump (&out);
  *finished = out.eof;
  if (!out.eof)
    g_subprocess_force_exit (process);   /* SIGKILL */

  /* Lines already written before the kill are acknowledgements too. */
  while (!out.eof)
    pump (&out);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  if (!*finished)
    {
      g_assert_true (g_subprocess_get_if_signaled (process));
      g_assert_cmpint (g_subprocess_get_term_sig (process), ==, SIGKILL);
    }

  g_clear_object (&out.lines);
  return out.acked;
}

static void
check_store (const char *store_path,
             GPtrArray  *acked)
{
  sqlite3 *db = NULL;
  g_autofree char *integrity = NULL;
  sqlite3_stmt *stmt = NULL;

  /* SQLite's own check, and FTS5's, on the file as the killed process left it. */
  g_assert_cmpint (sqlite3_open_v2 (store_path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  integrity = query_text (db, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO spans_fts (spans_fts, rank) VALUES ('integrity-check', 0)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);

  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT count(*) FROM spans JOIN traces ON traces.id = spans.trace_rowid"
                                       " WHERE traces.trace_id = ?1 AND spans.span_id = ?2",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < acked->len; i++)
    {
      g_auto(GStrv) ids = g_strsplit (g_ptr_array_index (acked, i), " ", 2);

      sqlite3_bind_text (stmt, 1, ids[0], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, ids[1], -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      if (sqlite3_column_int (stmt, 0) != 1)
        g_error ("span %s of trace %s was acknowledged but is not in the store", ids[1], ids[0]);
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_sigkill_mid_burst (void)
{
  g_autofree char *store_path = tt_store_path ();
  guint total = 0;

  g_test_summary ("A writer process SIGKILLed while it ingests a burst (64 ingests in flight, "
                  "batched transactions) leaves a store that passes PRAGMA integrity_check and "
                  "FTS5's integrity-check and holds every span whose ingest had returned; the "
                  "store then opens, reads and takes new spans");

  /* Several rounds on the same file, killed at different points. */
  for (guint round = 0; round < 4; round++)
    {
      gboolean finished = FALSE;
      g_autoptr(GPtrArray) acked = run_and_kill (store_path, 20000, 300 + round * 1700, &finished);

      g_test_message ("round %u: %u spans acknowledged before SIGKILL%s", round, acked->len,
                      finished ? " (finished first)" : "");
      g_assert_false (finished);
      g_assert_cmpuint (acked->len, >=, 300 + round * 1700);
      check_store (store_path, acked);
      total += acked->len;
    }

  /* The store opens normally afterwards, lists and takes writes. */
  {
    g_autoptr(GenkitTraceStore) store = tt_store_new ();
    g_autoptr(JsonNode) page = NULL;
    g_autoptr(JsonNode) span = tt_span ("ffffffffffffffffffffffffffffffff", "ffffffffffffffff", NULL, "after",
                                        1, 2, NULL);
    g_autoptr(JsonNode) payload = tt_trace_of (span, TRUE);

    /* Spans the killed process had queued for the full-text index get indexed now. */
    tt_flush (store);
    page = tt_list (store, NULL, "word5", 0, 5);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page),
                                                                           "traces")), >, 0);
    tt_ingest (store, payload);
  }
  g_assert_cmpuint (total, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/crash-safety/sigkill-mid-burst", test_sigkill_mid_burst);

  return g_test_run ();
}
