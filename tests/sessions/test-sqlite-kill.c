/* test-sqlite-kill.c — the SQLite session store loses no acknowledged snapshot to SIGKILL
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The test runs itself as a writer (`--writer DB`): it keeps several saves in flight, new
 * snapshots and read-modify-writes of one counter snapshot, and prints `ACK <id> <n>` once a
 * save reported success. The parent kills it with SIGKILL in the middle of the burst, then
 * opens the database: every acknowledged snapshot must be there, whole, and the counter at
 * least at its last acknowledged value.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>

#include <glib/gstdio.h>
#include <genkit.h>

#include "session-test-util.h"

#define IN_FLIGHT 8

/* The writer ------------------------------------------------------------------------------ */

typedef struct
{
  GenkitSessionStore *store;
  guint               next;
} Writer;

static char *
payload_text (guint n)
{
  GString *text = g_string_new (NULL);

  /* A few kilobytes, so that a write takes a while. */
  for (guint i = 0; i < 64; i++)
    g_string_append_printf (text, "snapshot %u line %u; ", n, i);
  return g_string_free (text, FALSE);
}

static GenkitSessionSnapshot *
numbered_snapshot (guint n)
{
  g_autofree char *id = g_strdup_printf ("k-%u", n);
  g_autofree char *text = payload_text (n);
  g_autofree char *now = g_strdup_printf ("2026-01-01T00:00:00.%03uZ", n % 1000);
  GenkitSessionSnapshot *snapshot = genkit_session_snapshot_new (id);
  g_autoptr(GenkitMessage) message = genkit_message_new_text (GENKIT_ROLE_USER, text);
  g_autoptr(JsonObject) state = json_object_new ();
  JsonArray *messages = json_array_new ();

  json_array_add_element (messages, genkit_message_to_json (message));
  json_object_set_array_member (state, "messages", messages);
  json_object_set_int_member (state, "custom", n);
  genkit_session_snapshot_set_session_id (snapshot, "burst");
  genkit_session_snapshot_set_created_at (snapshot, now);
  genkit_session_snapshot_set_state (snapshot, state);
  genkit_session_snapshot_set_status (snapshot, GENKIT_SNAPSHOT_STATUS_COMPLETED);
  return snapshot;
}

static GenkitSessionSnapshot *
copy_mutator (GenkitSessionSnapshot  *current,
              gpointer                user_data,
              GError                **error)
{
  return genkit_session_snapshot_copy (user_data);
}

static GenkitSessionSnapshot *
count_mutator (GenkitSessionSnapshot  *current,
               gpointer                user_data,
               GError                **error)
{
  GenkitSessionSnapshot *next = genkit_session_snapshot_new ("counter");
  g_autoptr(JsonObject) state = json_object_new ();
  gint64 count = 0;

  if (current != NULL)
    count = json_node_get_int (genkit_session_snapshot_get_custom (current));
  json_object_set_int_member (state, "custom", count + 1);
  genkit_session_snapshot_set_created_at (next, "2026-01-01T00:00:00.000Z");
  genkit_session_snapshot_set_state (next, state);
  return next;
}

static void writer_issue (Writer *writer);

static void
writer_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Writer *writer = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  id = genkit_session_store_save_snapshot_finish (GENKIT_SESSION_STORE (object), result, NULL, &error);
  if (error != NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      exit (2);
    }
  if (g_str_equal (id, "counter"))
    {
      g_autoptr(GAsyncResult) read_result = NULL;
      g_autoptr(GenkitSessionSnapshot) counter = NULL;

      /* Report the counter as this save left it: a read after the commit. */
      counter = st_get_snapshot (writer->store, "counter", NULL, &error);
      g_assert_no_error (error);
      printf ("ACK counter %" G_GINT64_FORMAT "\n", json_node_get_int (genkit_session_snapshot_get_custom (counter)));
    }
  else
    printf ("ACK %s 0\n", id);
  fflush (stdout);
  writer_issue (writer);
}

static void
writer_issue (Writer *writer)
{
  guint n = writer->next++;

  if (n % 3 == 2)
    genkit_session_store_save_snapshot_async (writer->store, "counter", count_mutator, NULL, NULL,
                                              NULL, NULL, writer_saved_cb, writer);
  else
    {
      GenkitSessionSnapshot *snapshot = numbered_snapshot (n);

      genkit_session_store_save_snapshot_async (writer->store, genkit_session_snapshot_get_snapshot_id (snapshot),
                                                copy_mutator, snapshot,
                                                (GDestroyNotify) genkit_session_snapshot_unref,
                                                NULL, NULL, writer_saved_cb, writer);
    }
}

static int
run_writer (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Writer writer = { 0 };

  writer.store = GENKIT_SESSION_STORE (genkit_sqlite_session_store_new (path, &error));
  if (writer.store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 2;
    }
  printf ("READY\n");
  fflush (stdout);
  for (guint i = 0; i < IN_FLIGHT; i++)
    writer_issue (&writer);
  g_main_loop_run (loop);   /* until killed */
  return 0;
}

/* The test -------------------------------------------------------------------------------- */

static void
kill_mid_burst (guint kill_after)
{
  g_autofree char *dir = g_dir_make_tmp ("genkit-kill-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sessions.db", NULL);
  g_autofree char *self_exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autoptr(GSubprocess) writer = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitSessionStore) store = NULL;
  g_autoptr(GenkitSessionSnapshot) counter = NULL;
  gint64 counter_acked = 0;
  guint n_acks = 0;
  char *line;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key;

  g_assert_nonnull (self_exe);
  writer = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, self_exe, "--writer", path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (writer));

  line = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "READY");
  g_free (line);

  /* Read acknowledgements, then kill while saves are still in flight. */
  while (n_acks < kill_after &&
         (line = g_data_input_stream_read_line (lines, NULL, NULL, &error)) != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (line, " ", 3);

      g_free (line);
      g_assert_cmpstr (fields[0], ==, "ACK");
      if (g_str_equal (fields[1], "counter"))
        counter_acked = MAX (counter_acked, g_ascii_strtoll (fields[2], NULL, 10));
      else
        g_hash_table_add (acked, g_strdup (fields[1]));
      n_acks++;
    }
  g_assert_no_error (error);
  g_subprocess_send_signal (writer, SIGKILL);

  /* Whatever it acknowledged before dying is in the pipe. */
  while ((line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)) != NULL)
    {
      g_auto(GStrv) fields = g_strsplit (line, " ", 3);

      g_free (line);
      if (fields[0] == NULL || fields[1] == NULL || fields[2] == NULL || !g_str_equal (fields[0], "ACK"))
        continue;   /* a line cut by the kill */
      if (g_str_equal (fields[1], "counter"))
        counter_acked = MAX (counter_acked, g_ascii_strtoll (fields[2], NULL, 10));
      else
        g_hash_table_add (acked, g_strdup (fields[1]));
    }
  g_subprocess_wait (writer, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (writer));
  g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);

  /* The database is consistent... */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  /* ... and holds every acknowledged snapshot, whole. */
  store = GENKIT_SESSION_STORE (genkit_sqlite_session_store_new (path, &error));
  g_assert_no_error (error);
  g_test_message ("%u acknowledged snapshots, counter at %" G_GINT64_FORMAT " when killed",
                  g_hash_table_size (acked), counter_acked);
  g_assert_cmpuint (g_hash_table_size (acked), >, 0);
  g_hash_table_iter_init (&iter, acked);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GenkitSessionSnapshot) snapshot = st_get_snapshot (store, key, NULL, &error);
      g_autoptr(GenkitSessionSnapshot) expected = NULL;
      g_autoptr(JsonNode) a = NULL;
      g_autoptr(JsonNode) b = NULL;
      guint n = (guint) g_ascii_strtoull ((const char *) key + 2, NULL, 10);

      g_assert_no_error (error);
      g_assert_nonnull (snapshot);
      expected = numbered_snapshot (n);
      a = genkit_session_snapshot_to_json (snapshot);
      b = genkit_session_snapshot_to_json (expected);
      g_assert_true (genkit_json_equal (a, b));
    }
  counter = st_get_snapshot (store, "counter", NULL, &error);
  g_assert_no_error (error);
  if (counter_acked > 0)
    {
      g_assert_nonnull (counter);
      g_assert_cmpint (json_node_get_int (genkit_session_snapshot_get_custom (counter)), >=, counter_acked);
    }

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
    g_remove (path);
    g_rmdir (dir);
  }
}

static void
test_kill (void)
{
  g_test_summary ("A writer killed with SIGKILL mid-burst loses no acknowledged snapshot and "
                  "leaves a consistent database (WAL, a sync per commit)");

  kill_mid_burst (50);
  kill_mid_burst (300);
  kill_mid_burst (1000);
}

int
main (int    argc,
      char **argv)
{
  if (argc == 3 && g_str_equal (argv[1], "--writer"))
    return run_writer (argv[2]);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/sqlite-session-store/sigkill", test_kill);
  return g_test_run ();
}
