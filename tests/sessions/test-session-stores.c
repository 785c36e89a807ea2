/* test-session-stores.c — the SessionStore contract, for the memory, SQLite and file stores
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include <glib/gstdio.h>
#include <genkit.h>

#include "session-test-util.h"

typedef enum
{
  KIND_MEMORY,
  KIND_SQLITE,
  KIND_FILE,
} Kind;

typedef struct
{
  Kind                kind;
  char               *dir;
  GenkitSessionStore *store;
} Fixture;

static char *
store_path (Fixture *f)
{
  return f->kind == KIND_SQLITE ? g_build_filename (f->dir, "sessions.db", NULL)
                                : g_build_filename (f->dir, "snapshots", NULL);
}

/* A second store over the same data, as another process would open it. */
static GenkitSessionStore *
open_store (Fixture *f)
{
  g_autofree char *path = store_path (f);
  g_autoptr(GError) error = NULL;
  GenkitSessionStore *store = NULL;

  switch (f->kind)
    {
    case KIND_MEMORY:
      store = GENKIT_SESSION_STORE (genkit_memory_session_store_new ());
      break;
    case KIND_SQLITE:
      store = GENKIT_SESSION_STORE (genkit_sqlite_session_store_new (path, &error));
      g_assert_no_error (error);
      genkit_sqlite_session_store_set_watch_interval (GENKIT_SQLITE_SESSION_STORE (store), 20);
      break;
    case KIND_FILE:
      store = GENKIT_SESSION_STORE (genkit_file_session_store_new (path));
      genkit_file_session_store_set_watch_interval (GENKIT_FILE_SESSION_STORE (store), 20);
      break;
    }
  return store;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->kind = GPOINTER_TO_INT (data);
  f->dir = g_dir_make_tmp ("genkit-stores-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->store = open_store (f);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
}

/* Helpers --------------------------------------------------------------------------------- */

static GenkitSessionSnapshot *
snapshot_new (const char *id,
              const char *session_id,
              const char *parent_id,
              const char *created_at,
              const char *status)
{
  GenkitSessionSnapshot *snapshot = genkit_session_snapshot_new (id);
  g_autoptr(JsonNode) state = st_json ("{'artifacts': [], 'messages': [{'role': 'user', 'content': [{'text': 'hi'}]}]}");

  if (session_id != NULL)
    {
      genkit_session_snapshot_set_session_id (snapshot, session_id);
      json_object_set_string_member (json_node_get_object (state), "sessionId", session_id);
    }
  genkit_session_snapshot_set_created_at (snapshot, created_at);
  genkit_session_snapshot_set_updated_at (snapshot, created_at);
  genkit_session_snapshot_set_state (snapshot, json_node_get_object (state));
  genkit_session_snapshot_set_parent_id (snapshot, parent_id);
  genkit_session_snapshot_set_status (snapshot, genkit_snapshot_status_from_string (status));
  return snapshot;
}

static char *
put (GenkitSessionStore    *store,
     GenkitSessionSnapshot *snapshot,
     JsonObject            *context,
     GError               **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_session_store_put_snapshot_async (store, snapshot, context, NULL, st_result_cb, &result);
  return genkit_session_store_put_snapshot_finish (store, st_wait (&result), error);
}

static void
put_ok (GenkitSessionStore    *store,
        GenkitSessionSnapshot *snapshot)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = put (store, snapshot, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, genkit_session_snapshot_get_snapshot_id (snapshot));
}

static GPtrArray *
list (GenkitSessionStore *store,
      const char         *session_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *snapshots;

  genkit_session_store_list_snapshots_async (store, session_id, NULL, NULL, st_result_cb, &result);
  snapshots = genkit_session_store_list_snapshots_finish (store, st_wait (&result), &error);
  g_assert_no_error (error);
  return snapshots;
}

/* Tests ----------------------------------------------------------------------------------- */

static void
test_roundtrip (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GenkitSessionSnapshot) snapshot = snapshot_new ("s1", "sess", NULL,
                                                            "2026-01-01T00:00:00.000Z", "completed");
  g_autoptr(GenkitSessionSnapshot) read = NULL;
  g_autoptr(GenkitSessionSnapshot) missing = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A stored snapshot reads back whole, member order included; an unknown id reads as none");

  put_ok (f->store, snapshot);
  read = st_get_snapshot (f->store, "s1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (read);
  a = genkit_session_snapshot_to_json (snapshot);
  b = genkit_session_snapshot_to_json (read);
  {
    g_autofree char *x = st_to_string (a);
    g_autofree char *y = st_to_string (b);

    g_assert_cmpstr (x, ==, y);
  }
  g_assert_true (genkit_session_snapshot_is_resumable (read));

  missing = st_get_snapshot (f->store, "nope", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (missing);

  all = list (f->store, NULL);
  g_assert_cmpuint (all->len, ==, 1);
}

typedef struct
{
  guint calls;
} Counter;

static GenkitSessionSnapshot *
increment_mutator (GenkitSessionSnapshot  *current,
                   gpointer                user_data,
                   GError                **error)
{
  GenkitSessionSnapshot *next;
  g_autoptr(JsonObject) state = json_object_new ();
  gint64 count = 0;

  if (current != NULL && genkit_session_snapshot_get_custom (current) != NULL)
    count = json_node_get_int (genkit_session_snapshot_get_custom (current));
  next = current ? genkit_session_snapshot_copy (current) : genkit_session_snapshot_new (NULL);
  json_object_set_int_member (state, "custom", count + 1);
  genkit_session_snapshot_set_state (next, state);
  genkit_session_snapshot_set_status (next, GENKIT_SNAPSHOT_STATUS_PENDING);
  return next;
}

static void
test_read_modify_write (Fixture       *f,
                        gconstpointer  data)
{
  GAsyncResult *results[25] = { NULL };
  g_autoptr(GenkitSessionSnapshot) final = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Saves of one snapshot queued together each see the previous one's result: "
                  "the read-modify-write is atomic");

  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    genkit_session_store_save_snapshot_async (f->store, "counter", increment_mutator, NULL, NULL,
                                              NULL, NULL, st_result_cb, &results[i]);
  for (guint i = 0; i < G_N_ELEMENTS (results); i++)
    {
      g_autofree char *id = NULL;

      id = genkit_session_store_save_snapshot_finish (f->store, st_wait (&results[i]), NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (id, ==, "counter");
      g_clear_object (&results[i]);
    }

  final = st_get_snapshot (f->store, "counter", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (genkit_session_snapshot_get_custom (final)), ==, 25);
  /* The store filled in what the mutator left out. */
  g_assert_nonnull (genkit_session_snapshot_get_created_at (final));
}

static GenkitSessionSnapshot *
skip_mutator (GenkitSessionSnapshot  *current,
              gpointer                user_data,
              GError                **error)
{
  *(gboolean *) user_data = current != NULL;
  return NULL;
}

static GenkitSessionSnapshot *
failing_mutator (GenkitSessionSnapshot  *current,
                 gpointer                user_data,
                 GError                **error)
{
  g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_ABORTED, "changed my mind");
  return NULL;
}

static GenkitSessionSnapshot *
new_snapshot_mutator (GenkitSessionSnapshot  *current,
                      gpointer                user_data,
                      GError                **error)
{
  return snapshot_new (NULL, user_data, NULL, "2026-01-01T00:00:00.000Z", "completed");
}

static void
test_skip_and_fail (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GenkitSessionSnapshot) snapshot = snapshot_new ("s1", "sess", NULL, "2026-01-01T00:00:00.000Z", "completed");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GAsyncResult) result3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *assigned = NULL;
  gboolean saw_current = FALSE;
  gboolean skipped = FALSE;
  g_autoptr(GenkitSessionSnapshot) read = NULL;

  g_test_summary ("A mutator returning nothing skips the write; one failing fails the save and "
                  "writes nothing; without an id the store assigns a UUID");

  put_ok (f->store, snapshot);
  genkit_session_store_save_snapshot_async (f->store, "s1", skip_mutator, &saw_current, NULL, NULL,
                                            NULL, st_result_cb, &result);
  id = genkit_session_store_save_snapshot_finish (f->store, st_wait (&result), &skipped, &error);
  g_assert_no_error (error);
  g_assert_null (id);
  g_assert_true (skipped);
  g_assert_true (saw_current);

  genkit_session_store_save_snapshot_async (f->store, "s2", failing_mutator, NULL, NULL, NULL, NULL,
                                            st_result_cb, &result2);
  id = genkit_session_store_save_snapshot_finish (f->store, st_wait (&result2), &skipped, &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_ABORTED);
  g_assert_false (skipped);
  g_clear_error (&error);
  read = st_get_snapshot (f->store, "s2", NULL, &error);
  g_assert_no_error (error);
  g_assert_null (read);

  genkit_session_store_save_snapshot_async (f->store, NULL, new_snapshot_mutator, (gpointer) "sess", NULL, NULL,
                                            NULL, st_result_cb, &result3);
  assigned = genkit_session_store_save_snapshot_finish (f->store, st_wait (&result3), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (assigned);
  g_assert_true (g_uuid_string_is_valid (assigned));
}

static void
test_session_leaf (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GenkitSessionSnapshot) a = snapshot_new ("a", "sess", NULL, "2026-01-01T00:00:01.000Z", "completed");
  g_autoptr(GenkitSessionSnapshot) b = snapshot_new ("b", "sess", "a", "2026-01-01T00:00:02.000Z", "completed");
  g_autoptr(GenkitSessionSnapshot) c = snapshot_new ("c", "sess", "b", "2026-01-01T00:00:03.000Z", "failed");
  g_autoptr(GenkitSessionSnapshot) d = snapshot_new ("d", "sess", "b", "2026-01-01T00:00:04.000Z", "completed");
  g_autoptr(GenkitSessionSnapshot) other = snapshot_new ("x", "other", NULL, "2026-01-01T00:00:09.000Z", "completed");
  g_autoptr(GenkitSessionSnapshot) leaf = NULL;
  g_autoptr(GPtrArray) tree = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A session id reads the session's leaf whatever its status; after a branch, the "
                  "most recent leaf, or FAILED_PRECONDITION when branching is rejected");

  put_ok (f->store, a);
  put_ok (f->store, b);
  put_ok (f->store, c);
  put_ok (f->store, other);

  leaf = st_get_snapshot (f->store, NULL, "sess", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (leaf), ==, "c");
  g_clear_pointer (&leaf, genkit_session_snapshot_unref);

  /* Regenerating from b makes a branch; d is newer than c. */
  put_ok (f->store, d);
  leaf = st_get_snapshot (f->store, NULL, "sess", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (leaf), ==, "d");
  g_clear_pointer (&leaf, genkit_session_snapshot_unref);

  tree = list (f->store, "sess");
  g_assert_cmpuint (tree->len, ==, 4);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (tree->pdata[0]), ==, "a");
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (tree->pdata[3]), ==, "d");

  g_object_set (f->store, "reject-branching", TRUE, NULL);
  leaf = st_get_snapshot (f->store, NULL, "sess", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_null (leaf);
  g_clear_error (&error);

  /* A linear session is fine either way. */
  leaf = st_get_snapshot (f->store, NULL, "other", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (leaf), ==, "x");
  g_clear_pointer (&leaf, genkit_session_snapshot_unref);

  leaf = st_get_snapshot (f->store, NULL, "nobody", &error);
  g_assert_no_error (error);
  g_assert_null (leaf);
}

static void
test_cyclic (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GenkitSessionSnapshot) x = snapshot_new ("x", "cyc", "y", "2026-01-01T00:00:01.000Z", "completed");
  g_autoptr(GenkitSessionSnapshot) y = snapshot_new ("y", "cyc", "x", "2026-01-01T00:00:02.000Z", "completed");
  g_autoptr(GenkitSessionSnapshot) leaf = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A session whose snapshots are all someone's parent has no leaf: FAILED_PRECONDITION");

  put_ok (f->store, x);
  put_ok (f->store, y);
  if (f->kind == KIND_FILE)
    {
      /* Like Genkit's, the file store trusts its session pointer; without one it scans. */
      g_autofree char *pointers = g_build_filename (f->dir, "snapshots", "global", ".pointers", NULL);

      remove_tree (pointers);
    }
  leaf = st_get_snapshot (f->store, NULL, "cyc", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_null (leaf);
}

static void
test_ids (Fixture       *f,
          gconstpointer  data)
{
  static const char *const bad[] = {
    "", "   ", ".", "..", "../escape", "a/b", "a\\b", "tab\tid", "nul\001id",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitSessionSnapshot) read = NULL;
  g_autoptr(GString) long_id = g_string_new (NULL);

  g_test_summary ("Ids that could not be file names are refused, on reads and on writes, and "
                  "lookups need exactly one of snapshotId and sessionId");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GenkitSessionSnapshot) snapshot = snapshot_new (bad[i], "sess", NULL, "2026-01-01T00:00:00.000Z", "completed");
      g_autoptr(GenkitSessionSnapshot) with_bad_session = snapshot_new ("fine", bad[i], NULL, "2026-01-01T00:00:00.000Z", "completed");
      g_autofree char *id = NULL;

      if (bad[i][0] != '\0')
        {
          read = st_get_snapshot (f->store, bad[i], NULL, &error);
          g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
          g_assert_null (read);
          g_clear_error (&error);
          read = st_get_snapshot (f->store, NULL, bad[i], &error);
          g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
          g_clear_error (&error);

          id = put (f->store, snapshot, NULL, &error);
          g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
          g_assert_null (id);
          g_clear_error (&error);
        }

      id = put (f->store, with_bad_session, NULL, &error);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  for (guint i = 0; i < 300; i++)
    g_string_append_c (long_id, 'x');
  read = st_get_snapshot (f->store, long_id->str, NULL, &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  read = st_get_snapshot (f->store, "a", "b", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  read = st_get_snapshot (f->store, NULL, NULL, &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message, "getSnapshot requires exactly one of"));
}

static void
changed_cb (GenkitSessionStore    *store,
            GenkitSessionSnapshot *snapshot,
            gpointer               user_data)
{
  GPtrArray *seen = user_data;

  g_ptr_array_add (seen, genkit_session_snapshot_ref (snapshot));
}

static void
test_notification (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_session_snapshot_unref);
  g_autoptr(GenkitSessionSnapshot) snapshot = snapshot_new ("n1", "sess", NULL, "2026-01-01T00:00:00.000Z", "pending");
  g_autoptr(GenkitSessionSnapshot) aborted = NULL;
  g_autoptr(GenkitSessionStore) other = NULL;
  gulong id;

  g_test_summary ("Every save is reported; a watched snapshot changed by another store over the "
                  "same data (another process) is reported too");

  g_assert_true (genkit_session_store_can_watch (f->store));
  id = g_signal_connect (f->store, "snapshot-changed", G_CALLBACK (changed_cb), seen);
  put_ok (f->store, snapshot);
  g_assert_cmpuint (seen->len, ==, 1);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (seen->pdata[0]), ==, "n1");

  if (f->kind == KIND_MEMORY)
    {
      g_signal_handler_disconnect (f->store, id);
      return;
    }

  genkit_session_store_watch_snapshot (f->store, "n1", NULL);
  /* The first look at a watched snapshot reports its current state. */
  while (seen->len < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (genkit_session_snapshot_get_status (seen->pdata[1]), ==, GENKIT_SNAPSHOT_STATUS_PENDING);

  other = open_store (f);
  aborted = genkit_session_snapshot_copy (snapshot);
  genkit_session_snapshot_set_status (aborted, GENKIT_SNAPSHOT_STATUS_ABORTED);
  put_ok (other, aborted);
  while (seen->len < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (genkit_session_snapshot_get_status (seen->pdata[2]), ==, GENKIT_SNAPSHOT_STATUS_ABORTED);

  /* Nothing changed: nothing more reported. */
  st_sleep (150);
  g_assert_cmpuint (seen->len, ==, 3);

  genkit_session_store_unwatch_snapshot (f->store, "n1", NULL);
  g_signal_handler_disconnect (f->store, id);
}

static char *
tenant_prefix (JsonObject *context,
               gpointer    user_data)
{
  JsonObject *auth = context ? json_object_get_object_member (context, "auth") : NULL;

  return g_strdup (auth ? json_object_get_string_member (auth, "uid") : "anonymous");
}

static void
test_tenants (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GenkitSessionSnapshot) snapshot = snapshot_new ("shared-id", "sess", NULL, "2026-01-01T00:00:00.000Z", "completed");
  g_autoptr(JsonNode) alice = st_json ("{'auth': {'uid': 'alice'}}");
  g_autoptr(JsonNode) bob = st_json ("{'auth': {'uid': 'bob'}}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GenkitSessionSnapshot) seen_by_bob = NULL;
  g_autoptr(GenkitSessionSnapshot) seen_by_alice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_test_summary ("A prefix function keeps each tenant's snapshots apart (Genkit's snapshotPathPrefix)");

  if (f->kind == KIND_SQLITE)
    genkit_sqlite_session_store_set_prefix_func (GENKIT_SQLITE_SESSION_STORE (f->store), tenant_prefix, NULL, NULL);
  else
    genkit_file_session_store_set_prefix_func (GENKIT_FILE_SESSION_STORE (f->store), tenant_prefix, NULL, NULL);

  id = put (f->store, snapshot, json_node_get_object (alice), &error);
  g_assert_no_error (error);

  genkit_session_store_get_snapshot_async (f->store, "shared-id", NULL, json_node_get_object (bob),
                                           NULL, st_result_cb, &result);
  seen_by_bob = genkit_session_store_get_snapshot_finish (f->store, st_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_null (seen_by_bob);

  genkit_session_store_get_snapshot_async (f->store, NULL, "sess", json_node_get_object (alice),
                                           NULL, st_result_cb, &result2);
  seen_by_alice = genkit_session_store_get_snapshot_finish (f->store, st_wait (&result2), &error);
  g_assert_no_error (error);
  g_assert_nonnull (seen_by_alice);

  if (f->kind == KIND_FILE)
    {
      g_autofree char *path = g_build_filename (f->dir, "snapshots", "alice", "shared-id.json", NULL);

      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    }
}

/* The file store and Genkit's layout ---------------------------------------------------------- */

/* Written by Genkit's FileSessionStore (JSON.stringify (snapshot, null, 2)). */
static const char js_written[] =
  "{\n"
  "  \"snapshotId\": \"js-1\",\n"
  "  \"sessionId\": \"js-session\",\n"
  "  \"createdAt\": \"2026-11-22T02:37:00.304Z\",\n"
  "  \"updatedAt\": \"2026-11-22T02:37:00.304Z\",\n"
  "  \"state\": {\n"
  "    \"artifacts\": [],\n"
  "    \"messages\": [\n"
  "      {\n"
  "        \"role\": \"user\",\n"
  "        \"content\": [\n"
  "          {\n"
  "            \"text\": \"hello\"\n"
  "          }\n"
  "        ]\n"
  "      }\n"
  "    ],\n"
  "    \"sessionId\": \"js-session\"\n"
  "  },\n"
  "  \"status\": \"completed\",\n"
  "  \"finishReason\": \"stop\"\n"
  "}";

static void
test_file_layout (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *root = g_build_filename (f->dir, "snapshots", "global", NULL);
  g_autofree char *js_path = g_build_filename (root, "js-1.json", NULL);
  g_autofree char *ours = NULL;
  g_autofree char *pointer = NULL;
  g_autofree char *pointer_path = g_build_filename (root, ".pointers", "js-session.json", NULL);
  g_autofree char *child_path = g_build_filename (root, "c-1.json", NULL);
  g_autoptr(GenkitSessionSnapshot) read = NULL;
  g_autoptr(GenkitSessionSnapshot) child = snapshot_new ("c-1", "js-session", "js-1", "2026-11-22T02:38:00.000Z", "completed");
  g_autoptr(GenkitSessionSnapshot) leaf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) pointer_json = NULL;
  gsize length;

  g_test_summary ("The file store reads what Genkit's FileSessionStore writes and writes the same "
                  "layout: <prefix>/<id>.json as JSON.stringify (…, null, 2), and session pointers");

  g_assert_cmpint (g_mkdir_with_parents (root, 0700), ==, 0);
  g_assert_true (g_file_set_contents (js_path, js_written, -1, NULL));

  /* No pointer yet: a session lookup scans, then writes the pointer. */
  leaf = st_get_snapshot (f->store, NULL, "js-session", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (leaf), ==, "js-1");
  g_assert_true (g_file_get_contents (pointer_path, &pointer, &length, NULL));
  pointer_json = st_json (pointer);
  st_assert_subset (pointer_json, "{'currentSnapshotId': 'js-1'}");
  g_clear_pointer (&leaf, genkit_session_snapshot_unref);

  /* A new snapshot moves the pointer; its file reads like Genkit's. */
  put_ok (f->store, child);
  g_clear_pointer (&pointer, g_free);
  g_assert_true (g_file_get_contents (pointer_path, &pointer, &length, NULL));
  g_clear_pointer (&pointer_json, json_node_unref);
  pointer_json = st_json (pointer);
  st_assert_subset (pointer_json, "{'currentSnapshotId': 'c-1'}");

  read = st_get_snapshot (f->store, "js-1", NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) node = genkit_session_snapshot_to_json (read);
    g_autofree char *compact = st_to_string (node);

    g_assert_cmpstr (compact, ==, "{\"snapshotId\":\"js-1\",\"sessionId\":\"js-session\","
                                  "\"createdAt\":\"2026-11-22T02:37:00.304Z\",\"updatedAt\":"
                                  "\"2026-11-22T02:37:00.304Z\",\"state\":{\"artifacts\":[],"
                                  "\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hello\"}]}],"
                                  "\"sessionId\":\"js-session\"},\"status\":\"completed\","
                                  "\"finishReason\":\"stop\"}");
  }

  /* Rewritten by us, byte for byte what Genkit writes. */
  put_ok (f->store, read);
  g_assert_true (g_file_get_contents (js_path, &ours, NULL, NULL));
  g_assert_cmpstr (ours, ==, js_written);

  /* A stale pointer (its snapshot deleted) falls back to the scan. */
  g_assert_cmpint (g_remove (child_path), ==, 0);
  leaf = st_get_snapshot (f->store, NULL, "js-session", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (leaf), ==, "js-1");
}

static void
test_file_chain_limit (Fixture       *f,
                       gconstpointer  data)
{
  const char *ids[] = { "k1", "k2", "k3", "k4" };
  g_autoptr(GPtrArray) left = NULL;

  g_test_summary ("max-chain-length keeps only the newest snapshots of a chain (maxPersistedChainLength)");

  genkit_file_session_store_set_max_chain_length (GENKIT_FILE_SESSION_STORE (f->store), 2);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *time = g_strdup_printf ("2026-01-01T00:00:0%u.000Z", i);
      g_autoptr(GenkitSessionSnapshot) s = snapshot_new (ids[i], "chain", i ? ids[i - 1] : NULL, time, "completed");

      put_ok (f->store, s);
    }
  left = list (f->store, "chain");
  g_assert_cmpuint (left->len, ==, 2);
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (left->pdata[0]), ==, "k3");
  g_assert_cmpstr (genkit_session_snapshot_get_snapshot_id (left->pdata[1]), ==, "k4");
}

static void
test_sqlite_damage (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = store_path (f);
  g_autoptr(GenkitSessionSnapshot) snapshot = snapshot_new ("d1", "sess", NULL, "2026-01-01T00:00:00.000Z", "completed");
  g_autoptr(GenkitSessionSnapshot) read = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  g_test_summary ("A stored document that no longer passes the snapshot checks reads as DATA_LOSS");

  put_ok (f->store, snapshot);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE snapshots SET document = '{\"snapshotId\": 5}' "
                                     "WHERE snapshot_id = 'd1'", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  read = st_get_snapshot (f->store, "d1", NULL, &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS);
  g_assert_null (read);
}

/* Asserts that @a and @b hold equal JSON in storage of their own: no node, object, array or
 * value (string storage included) of one is part of the other. */
static void
assert_shares_nothing (JsonNode *a,
                       JsonNode *b)
{
  g_assert_true (a != b);
  g_assert_cmpint (JSON_NODE_TYPE (a), ==, JSON_NODE_TYPE (b));
  if (JSON_NODE_HOLDS_OBJECT (a))
    {
      JsonObject *oa = json_node_get_object (a);
      JsonObject *ob = json_node_get_object (b);
      g_autoptr(GList) members = json_object_get_members (oa);

      g_assert_true (oa != ob);
      g_assert_cmpuint (json_object_get_size (oa), ==, json_object_get_size (ob));
      for (GList *l = members; l != NULL; l = l->next)
        assert_shares_nothing (json_object_get_member (oa, l->data), json_object_get_member (ob, l->data));
    }
  else if (JSON_NODE_HOLDS_ARRAY (a))
    {
      JsonArray *aa = json_node_get_array (a);
      JsonArray *ab = json_node_get_array (b);

      g_assert_true (aa != ab);
      g_assert_cmpuint (json_array_get_length (aa), ==, json_array_get_length (ab));
      for (guint i = 0; i < json_array_get_length (aa); i++)
        assert_shares_nothing (json_array_get_element (aa, i), json_array_get_element (ab, i));
    }
  else if (JSON_NODE_HOLDS_VALUE (a) && json_node_get_value_type (a) == G_TYPE_STRING)
    {
      g_assert_cmpstr (json_node_get_string (a), ==, json_node_get_string (b));
      g_assert_true (json_node_get_string (a) != json_node_get_string (b));
    }
  else
    g_assert_true (json_node_equal (a, b));
}

static void
test_snapshot_copy (void)
{
  g_autoptr(JsonNode) json = st_json ("{'snapshotId': 's', 'createdAt': 'x', 'status': 'completed',"
                                      " 'state': {'messages': [{'role': 'user', 'content': [{'text': 'hi'}]}],"
                                      " 'custom': {'n': 1, 'f': 0.5, 'b': true, 'z': null}}}");
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GenkitSessionSnapshot) copy = NULL;
  g_autoptr(JsonNode) a = NULL;
  g_autoptr(JsonNode) b = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A snapshot's copy shares nothing with it, down to its strings: session stores "
                  "copy snapshots on their worker threads while the main thread uses the same "
                  "snapshot, and json-glib 1.6 counts references to objects, arrays and values "
                  "without atomics (a race seen as heap corruption in `genkit-studio-cli serve`)");

  snapshot = genkit_session_snapshot_new_from_json (json, &error);
  g_assert_no_error (error);
  copy = genkit_session_snapshot_copy (snapshot);
  a = json_node_init_object (json_node_alloc (), genkit_session_snapshot_get_json_object (snapshot));
  b = json_node_init_object (json_node_alloc (), genkit_session_snapshot_get_json_object (copy));
  assert_shares_nothing (a, b);
}

static void
test_snapshot_json (void)
{
  static const char *const bad[] = {
    "[]",
    "{'createdAt': 'x'}",
    "{'snapshotId': 's'}",
    "{'snapshotId': 's', 'createdAt': 'x', 'status': 'done'}",
    "{'snapshotId': 's', 'createdAt': 'x', 'finishReason': 'maybe'}",
    "{'snapshotId': 's', 'createdAt': 'x', 'error': {'status': 'X'}}",
    "{'snapshotId': 's', 'createdAt': 'x', 'state': {'messages': [{'role': 'user'}]}}",
    "{'snapshotId': 's', 'createdAt': 'x', 'state': {'artifacts': [{'name': 'a'}]}}",
    "{'snapshotId': 's', 'createdAt': 'x', 'parentId': null}",
  };
  g_autoptr(JsonNode) good = st_json ("{'snapshotId': 's', 'createdAt': 'x', 'status': 'pending',"
                                      " 'heartbeatAt': '2026-01-01T00:00:00.000Z',"
                                      " 'state': {'custom': {'n': 1}, 'artifacts': [{'parts': [{'text': 'a'}]}]}}");
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  g_autoptr(GError) error = NULL;
  gint64 heartbeat = 1767225600000;   /* 2026-01-01T00:00:00Z */

  g_test_summary ("Snapshots from the wire or a file are checked as SessionSnapshotSchema checks "
                  "them; a pending snapshot expires when its heartbeat is too old");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = st_json (bad[i]);
      g_autoptr(GenkitSessionSnapshot) s = genkit_session_snapshot_new_from_json (node, &error);

      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_assert_null (s);
      g_clear_error (&error);
    }

  snapshot = genkit_session_snapshot_new_from_json (good, &error);
  g_assert_no_error (error);
  g_assert_false (genkit_session_snapshot_is_resumable (snapshot));
  g_assert_false (genkit_session_snapshot_is_expired (snapshot, heartbeat + 60000, 60000));
  g_assert_true (genkit_session_snapshot_is_expired (snapshot, heartbeat + 60001, 60000));
  genkit_session_snapshot_set_heartbeat_at (snapshot, NULL);
  g_assert_false (genkit_session_snapshot_is_expired (snapshot, heartbeat + 600000, 60000));
}

static void
add_store_tests (const char *kind_name,
                 Kind        kind)
{
  static const struct { const char *name; void (*func) (Fixture *, gconstpointer); } tests[] = {
    { "roundtrip", test_roundtrip },
    { "read-modify-write", test_read_modify_write },
    { "skip-and-fail", test_skip_and_fail },
    { "session-leaf", test_session_leaf },
    { "cyclic", test_cyclic },
    { "ids", test_ids },
    { "notification", test_notification },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = g_strdup_printf ("/session-store/%s/%s", kind_name, tests[i].name);

      g_test_add (path, Fixture, GINT_TO_POINTER (kind), fixture_setup, tests[i].func, fixture_teardown);
    }

  /* Only the stores on disk partition snapshots by tenant; the memory store has no prefix. */
  if (kind != KIND_MEMORY)
    {
      g_autofree char *path = g_strdup_printf ("/session-store/%s/tenants", kind_name);

      g_test_add (path, Fixture, GINT_TO_POINTER (kind), fixture_setup, test_tenants, fixture_teardown);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/session-store/snapshot-json", test_snapshot_json);
  g_test_add_func ("/session-store/snapshot-copy", test_snapshot_copy);
  add_store_tests ("memory", KIND_MEMORY);
  add_store_tests ("sqlite", KIND_SQLITE);
  add_store_tests ("file", KIND_FILE);
  g_test_add ("/session-store/file/layout", Fixture, GINT_TO_POINTER (KIND_FILE),
              fixture_setup, test_file_layout, fixture_teardown);
  g_test_add ("/session-store/file/chain-limit", Fixture, GINT_TO_POINTER (KIND_FILE),
              fixture_setup, test_file_chain_limit, fixture_teardown);
  g_test_add ("/session-store/sqlite/damage", Fixture, GINT_TO_POINTER (KIND_SQLITE),
              fixture_setup, test_sqlite_damage, fixture_teardown);

  return g_test_run ();
}
