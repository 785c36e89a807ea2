/* test-runtime-monitor.c — GenkitRuntimeMonitor finds, checks and drops runtimes as the CLI does
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "test-util.h"
#include "genkit-soup-private.h"

/* A runtime that answers health checks and notifications --------------------------------- */

typedef struct
{
  SoupServer *server;
  char       *url;
  char       *id;
  GPtrArray  *notifies;   /* JsonNode bodies of POST /api/notify */
  guint       n_health;
} FakeRuntime;

static void
fake_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  FakeRuntime *fake = user_data;

  if (g_str_equal (path, "/api/__health"))
    {
      const char *id = query ? g_hash_table_lookup (query, "id") : NULL;

      fake->n_health++;
      if (id != NULL && g_strcmp0 (id, fake->id) != 0)
        {
          soup_server_message_set_status (msg, 503, NULL);
          soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC,
                                            "Invalid runtime ID", 18);
          return;
        }
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "OK", 2);
      return;
    }

  if (g_str_equal (path, "/api/notify"))
    {
      g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
      g_autofree char *text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

      g_ptr_array_add (fake->notifies, test_json (text));
      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "text/html", SOUP_MEMORY_STATIC, "OK", 2);
      return;
    }

  soup_server_message_set_status (msg, 404, NULL);
}

static FakeRuntime *
fake_runtime_new (const char *id)
{
  FakeRuntime *fake = g_new0 (FakeRuntime, 1);

  fake->id = g_strdup (id);
  fake->notifies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  fake->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (fake->server, NULL, fake_handler, fake, NULL);
  fake->url = test_listen_on_loopback (fake->server);
  return fake;
}

/* From now on connections are refused. */
static void
fake_runtime_stop (FakeRuntime *fake)
{
  if (fake->server == NULL)
    return;
  soup_server_disconnect (fake->server);
  g_clear_object (&fake->server);
}

static void
fake_runtime_free (FakeRuntime *fake)
{
  fake_runtime_stop (fake);
  g_ptr_array_unref (fake->notifies);
  g_free (fake->url);
  g_free (fake->id);
  g_free (fake);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (FakeRuntime, fake_runtime_free)

/* A port nothing listens on. */
static char *
dead_url (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  guint16 port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* The project and the monitor ------------------------------------------------------------- */

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  char                 *root;
  char                 *runtimes_dir;
  GenkitRuntimeMonitor *monitor;
  GArray               *changes;    /* Change */
  GPtrArray            *refused;    /* owned file names */
  GPtrArray            *refusals;   /* owned GError */
  guint                 n_current_notifies;
} Project;

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     Project    *p)
{
  Change change = { position, removed, added };

  g_array_append_val (p->changes, change);
}

static void
on_refused_cb (GenkitRuntimeMonitor *monitor,
               const char           *file_name,
               const GError         *error,
               Project              *p)
{
  g_ptr_array_add (p->refused, g_strdup (file_name));
  g_ptr_array_add (p->refusals, g_error_copy (error));
}

static void
on_current_cb (GObject    *object,
               GParamSpec *pspec,
               Project    *p)
{
  p->n_current_notifies++;
}

static void
project_init (Project *p)
{
  memset (p, 0, sizeof *p);
  p->root = g_dir_make_tmp ("genkit-monitor-XXXXXX", NULL);
  g_assert_nonnull (p->root);
  p->runtimes_dir = g_build_filename (p->root, ".genkit", "runtimes", NULL);
  p->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  p->refused = g_ptr_array_new_with_free_func (g_free);
  p->refusals = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
project_clear (Project *p)
{
  if (p->root == NULL)
    return;
  g_clear_object (&p->monitor);
  /* Let what the monitor cancelled come back (each holds a reference on its runtime). */
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  remove_tree (p->root);
  g_free (p->root);
  g_free (p->runtimes_dir);
  g_array_unref (p->changes);
  g_ptr_array_unref (p->refused);
  g_ptr_array_unref (p->refusals);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Project, project_clear)

static void
project_start (Project    *p,
               const char *telemetry_url,
               guint       health_interval_ms)
{
  g_autoptr(GError) error = NULL;

  p->monitor = genkit_runtime_monitor_new (p->root);
  genkit_runtime_monitor_set_telemetry_server_url (p->monitor, telemetry_url);
  genkit_runtime_monitor_set_health_check_interval (p->monitor, health_interval_ms);
  g_signal_connect (p->monitor, "items-changed", G_CALLBACK (on_items_changed_cb), p);
  g_signal_connect (p->monitor, "runtime-refused", G_CALLBACK (on_refused_cb), p);
  g_signal_connect (p->monitor, "notify::current-runtime", G_CALLBACK (on_current_cb), p);
  g_assert_true (genkit_runtime_monitor_start (p->monitor, &error));
  g_assert_no_error (error);
}

static char *
runtime_file_text (const char *id,
                   const char *url,
                   const char *timestamp,
                   const char *extra)
{
  return g_strdup_printf ("{\n  \"id\": \"%s\",\n  \"pid\": 4242,\n"
                          "  \"reflectionServerUrl\": \"%s\",\n  \"timestamp\": \"%s\",\n"
                          "  \"genkitVersion\": \"nodejs/1.42.0\"%s%s\n}",
                          id, url, timestamp, extra ? ",\n  " : "", extra ? extra : "");
}

static char *
project_file (Project    *p,
              const char *name)
{
  return g_build_filename (p->runtimes_dir, name, NULL);
}

/* Atomically, as a careful runtime writes it (a temporary file renamed over). */
static void
write_runtime_file (Project    *p,
                    const char *name,
                    const char *text)
{
  g_autofree char *path = project_file (p, name);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (p->runtimes_dir, 0755), ==, 0);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static gboolean
timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Condition) (Project *p, gconstpointer data);

static void
wait_for (Project       *p,
          Condition      condition,
          gconstpointer  data,
          const char    *what)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (20, timeout_cb, &timed_out);

  while (!condition (p, data))
    {
      g_main_context_iteration (NULL, TRUE);
      if (timed_out)
        g_error ("Waited 20 s for %s", what);
    }
  g_source_remove (source);
}

/* Lets the monitor run for @ms milliseconds. */
static void
spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
n_items_is (Project       *p,
            gconstpointer  data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (p->monitor)) == GPOINTER_TO_UINT (data);
}

static gboolean
not_loading (Project       *p,
             gconstpointer  data)
{
  return !genkit_runtime_monitor_get_loading (p->monitor);
}

static gboolean
n_refused_is (Project       *p,
              gconstpointer  data)
{
  return p->refused->len == GPOINTER_TO_UINT (data);
}

static gboolean
file_gone (Project       *p,
           gconstpointer  data)
{
  g_autofree char *path = project_file (p, data);

  return !g_file_test (path, G_FILE_TEST_EXISTS);
}

static gboolean
fake_notified (Project       *p,
               gconstpointer  data)
{
  const FakeRuntime *fake = data;

  return fake->notifies->len > 0;
}

static GenkitRemoteRuntime *
item (Project *p,
      guint    position)
{
  GenkitRemoteRuntime *runtime = g_list_model_get_item (G_LIST_MODEL (p->monitor), position);

  g_assert_nonnull (runtime);
  g_object_unref (runtime);   /* the model keeps it */
  return runtime;
}

static const char *
current_id (Project *p)
{
  GenkitRuntime *current = genkit_runtime_monitor_get_current_runtime (p->monitor);

  return current ? genkit_remote_runtime_get_id (GENKIT_REMOTE_RUNTIME (current)) : NULL;
}

static void
assert_change (Project *p,
               guint    index,
               guint    position,
               guint    removed,
               guint    added)
{
  Change *change;

  g_assert_cmpuint (index, <, p->changes->len);
  change = &g_array_index (p->changes, Change, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
}

/* Tests ------------------------------------------------------------------------------------ */

static void
test_existing_file (void)
{
  g_auto(Project) p = { 0 };
  g_autoptr(FakeRuntime) fake = fake_runtime_new ("4242-1");
  g_autofree char *text = runtime_file_text ("4242-1", fake->url, "2026-11-21T23:24:11.071Z",
                                             "\"name\": \"peer-sample\", \"reflectionApiSpecVersion\": 1");
  g_autofree char *project_name = NULL;
  g_autofree char *notify_text = NULL;
  g_autofree char *want_notify = NULL;
  GenkitRemoteRuntime *runtime;

  g_test_summary ("A file already there at start: read, health-checked, added, notified");

  project_init (&p);
  write_runtime_file (&p, "4242-1-1755800012345.json", text);
  project_start (&p, "http://127.0.0.1:4033", 0);
  g_assert_true (genkit_runtime_monitor_get_loading (p.monitor));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 0);

  wait_for (&p, not_loading, NULL, "the initial scan");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (p.monitor)) == GENKIT_TYPE_RUNTIME);
  assert_change (&p, 0, 0, 0, 1);

  runtime = item (&p, 0);
  g_assert_cmpstr (genkit_remote_runtime_get_id (runtime), ==, "4242-1");
  g_assert_cmpstr (genkit_remote_runtime_get_name (runtime), ==, "peer-sample");
  project_name = g_path_get_basename (p.root);
  g_assert_cmpstr (genkit_remote_runtime_get_project_name (runtime), ==, project_name);
  g_assert_cmpstr (current_id (&p), ==, "4242-1");
  g_assert_true (genkit_runtime_monitor_lookup_runtime (p.monitor, "4242-1") == GENKIT_RUNTIME (runtime));
  g_assert_null (genkit_runtime_monitor_lookup_runtime (p.monitor, "nope"));
  g_assert_cmpuint (fake->n_health, >=, 1);

  wait_for (&p, fake_notified, fake, "the notification");
  notify_text = test_to_string (g_ptr_array_index (fake->notifies, 0));
  /* Its own URL under the studio's telemetry server, which thus knows its traces. */
  want_notify = g_strdup ("{\"telemetryServerUrl\":\"http://127.0.0.1:4033/runtimes/4242-1\","
                          "\"reflectionApiSpecVersion\":1}");
  g_assert_cmpstr (notify_text, ==, want_notify);
  g_assert_cmpuint (p.refused->len, ==, 0);
}

static void
test_notify_escapes_id (void)
{
  g_auto(Project) p = { 0 };
  g_autoptr(FakeRuntime) fake = fake_runtime_new ("my app/1");
  g_autofree char *text = runtime_file_text ("my app/1", fake->url, "2026-11-21T23:24:11.071Z",
                                             "\"reflectionApiSpecVersion\": 1");
  g_autoptr(FakeRuntime) other = fake_runtime_new ("other");
  g_autofree char *other_text = runtime_file_text ("other", other->url, "2026-11-21T23:24:12.071Z",
                                                   "\"reflectionApiSpecVersion\": 1");
  g_autofree char *notify_text = NULL;

  g_test_summary ("The per-runtime telemetry URL holds the runtime id as one escaped path "
                  "segment, after the server URL without its trailing slash; with runtime-telemetry-urls off "
                  "the URL is sent as it is");

  project_init (&p);
  write_runtime_file (&p, "my-app-1755800012345.json", text);
  project_start (&p, "http://127.0.0.1:4033/", 0);
  wait_for (&p, fake_notified, fake, "the notification");
  notify_text = test_to_string (g_ptr_array_index (fake->notifies, 0));
  g_assert_cmpstr (notify_text, ==,
                   "{\"telemetryServerUrl\":\"http://127.0.0.1:4033/runtimes/my%20app%2F1\","
                   "\"reflectionApiSpecVersion\":1}");

  /* Turned off (a telemetry server that may be Genkit's own): the URL as it is. */
  g_assert_true (genkit_runtime_monitor_get_runtime_telemetry_urls (p.monitor));
  genkit_runtime_monitor_set_runtime_telemetry_urls (p.monitor, FALSE);
  write_runtime_file (&p, "other-1755800012346.json", other_text);
  wait_for (&p, fake_notified, other, "the second notification");
  g_clear_pointer (&notify_text, g_free);
  notify_text = test_to_string (g_ptr_array_index (other->notifies, 0));
  g_assert_cmpstr (notify_text, ==,
                   "{\"telemetryServerUrl\":\"http://127.0.0.1:4033/\",\"reflectionApiSpecVersion\":1}");
}

static void
test_files_come_and_go (void)
{
  g_auto(Project) p = { 0 };
  g_autoptr(FakeRuntime) a = fake_runtime_new ("a");
  g_autoptr(FakeRuntime) b = fake_runtime_new ("b");
  g_autoptr(FakeRuntime) c = fake_runtime_new ("c");
  g_autofree char *a_text = runtime_file_text ("a", a->url, "2026-11-21T10:00:00.000Z", NULL);
  g_autofree char *b_text = runtime_file_text ("b", b->url, "2026-11-21T12:00:00.000Z", NULL);
  /* Go's form of the timestamp, earlier than b's. */
  g_autofree char *c_text = runtime_file_text ("c", c->url, "2026-11-21T11_00_00Z", NULL);
  g_autofree char *a_path = NULL;
  g_autofree char *notify_text = NULL;

  g_test_summary ("Files appear and disappear: exact model changes, newest timestamp is current");

  project_init (&p);
  g_assert_false (g_file_test (p.runtimes_dir, G_FILE_TEST_EXISTS));
  project_start (&p, NULL, 0);
  /* The directory is made if missing, and there is nothing to load. */
  g_assert_true (g_file_test (p.runtimes_dir, G_FILE_TEST_IS_DIR));
  g_assert_false (genkit_runtime_monitor_get_loading (p.monitor));
  g_assert_null (genkit_runtime_monitor_get_current_runtime (p.monitor));

  write_runtime_file (&p, "a.json", a_text);
  wait_for (&p, n_items_is, GUINT_TO_POINTER (1), "a");
  assert_change (&p, 0, 0, 0, 1);
  g_assert_cmpstr (current_id (&p), ==, "a");

  write_runtime_file (&p, "b.json", b_text);
  wait_for (&p, n_items_is, GUINT_TO_POINTER (2), "b");
  assert_change (&p, 1, 1, 0, 1);
  g_assert_cmpstr (current_id (&p), ==, "b");

  write_runtime_file (&p, "c.json", c_text);
  wait_for (&p, n_items_is, GUINT_TO_POINTER (3), "c");
  assert_change (&p, 2, 2, 0, 1);
  g_assert_cmpstr (current_id (&p), ==, "b");
  g_assert_cmpstr (genkit_remote_runtime_get_id (item (&p, 2)), ==, "c");

  /* No telemetry server: the notification carries only the spec version. */
  wait_for (&p, fake_notified, c, "c's notification");
  notify_text = test_to_string (g_ptr_array_index (c->notifies, 0));
  g_assert_cmpstr (notify_text, ==, "{\"reflectionApiSpecVersion\":1}");

  a_path = project_file (&p, "a.json");
  g_assert_cmpint (g_remove (a_path), ==, 0);
  wait_for (&p, n_items_is, GUINT_TO_POINTER (2), "a's removal");
  assert_change (&p, 3, 0, 1, 0);
  g_assert_cmpstr (genkit_remote_runtime_get_id (item (&p, 0)), ==, "b");
  g_assert_cmpstr (genkit_remote_runtime_get_id (item (&p, 1)), ==, "c");

  {
    g_autofree char *b_path = project_file (&p, "b.json");

    g_assert_cmpint (g_remove (b_path), ==, 0);
    wait_for (&p, n_items_is, GUINT_TO_POINTER (1), "b's removal");
    assert_change (&p, 4, 0, 1, 0);
    g_assert_cmpstr (current_id (&p), ==, "c");
  }
  g_assert_cmpuint (p.changes->len, ==, 5);
  g_assert_cmpuint (p.refused->len, ==, 0);
}

static void
test_file_changes (void)
{
  g_auto(Project) p = { 0 };
  g_autoptr(FakeRuntime) a = fake_runtime_new ("a");
  g_autoptr(FakeRuntime) b = fake_runtime_new ("b");
  g_autofree char *a_text = runtime_file_text ("a", a->url, "2026-11-21T10:00:00.000Z", NULL);
  g_autofree char *b_text = runtime_file_text ("b", b->url, "2026-11-21T11:00:00.000Z", NULL);
  g_autofree char *a2_text = runtime_file_text ("a", a->url, "2026-11-21T10:00:00.000Z",
                                                "\"name\": \"renamed\"");

  g_test_summary ("A rewritten file: same content changes nothing, new content replaces the "
                  "runtime in place");

  project_init (&p);
  write_runtime_file (&p, "a.json", a_text);
  write_runtime_file (&p, "b.json", b_text);
  project_start (&p, NULL, 0);
  wait_for (&p, not_loading, NULL, "the initial scan");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 2);
  g_array_set_size (p.changes, 0);

  {
    guint a_position = g_str_equal (genkit_remote_runtime_get_id (item (&p, 0)), "a") ? 0 : 1;

    write_runtime_file (&p, "a.json", a_text);
    spin (300);
    g_assert_cmpuint (p.changes->len, ==, 0);

    write_runtime_file (&p, "a.json", a2_text);
    while (p.changes->len == 0)
      g_main_context_iteration (NULL, TRUE);
    assert_change (&p, 0, a_position, 1, 1);
    g_assert_cmpstr (genkit_remote_runtime_get_name (item (&p, a_position)), ==, "renamed");
    g_assert_cmpstr (current_id (&p), ==, "b");
  }
}

static void
test_garbage (void)
{
  g_auto(Project) p = { 0 };
  g_autoptr(FakeRuntime) a = fake_runtime_new ("a");
  g_autofree char *a_text = runtime_file_text ("a", a->url, "2026-11-21T10:00:00.000Z", NULL);
  g_autofree char *bad_text = runtime_file_text ("bad", a->url, "yesterday", NULL);
  GError *error;

  g_test_summary ("Files that are not runtimes: refused, left alone, never in the model");

  project_init (&p);
  write_runtime_file (&p, "bad.json", bad_text);
  write_runtime_file (&p, "array.json", "[1, 2]");
  project_start (&p, NULL, 0);
  wait_for (&p, not_loading, NULL, "the initial scan");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 0);
  g_assert_cmpuint (p.refused->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_error ((GError *) g_ptr_array_index (p.refusals, i), GENKIT_ERROR,
                    GENKIT_ERROR_INVALID_ARGUMENT);

  /* Not JSON: read 10 times, 500 ms apart, then refused. */
  write_runtime_file (&p, "garbage.json", "this is not JSON {");
  write_runtime_file (&p, "a.json", a_text);
  wait_for (&p, n_items_is, GUINT_TO_POINTER (1), "a next to the garbage");
  wait_for (&p, n_refused_is, GUINT_TO_POINTER (3), "the garbage to be given up on");
  g_assert_cmpstr (g_ptr_array_index (p.refused, 2), ==, "garbage.json");
  error = g_ptr_array_index (p.refusals, 2);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);

  /* The CLI leaves such files alone, and so do we. */
  {
    g_autofree char *garbage = project_file (&p, "garbage.json");
    g_autofree char *bad = project_file (&p, "bad.json");

    g_assert_true (g_file_test (garbage, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (bad, G_FILE_TEST_EXISTS));
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 1);
}

static void
test_partial_write (void)
{
  g_auto(Project) p = { 0 };
  g_autoptr(FakeRuntime) a = fake_runtime_new ("a");
  g_autofree char *text = runtime_file_text ("a", a->url, "2026-11-21T10:00:00.000Z", NULL);
  g_autofree char *path = NULL;
  gsize half = strlen (text) / 2;
  FILE *file;

  g_test_summary ("A file written in two goes, 700 ms apart, as a careless runtime writes it: "
                  "retried, then added");

  project_init (&p);
  project_start (&p, NULL, 0);
  path = project_file (&p, "a.json");

  file = fopen (path, "w");
  g_assert_nonnull (file);
  g_assert_cmpuint (fwrite (text, 1, half, file), ==, half);
  fflush (file);
  spin (700);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 0);
  g_assert_cmpuint (fwrite (text + half, 1, strlen (text) - half, file), ==, strlen (text) - half);
  fclose (file);

  wait_for (&p, n_items_is, GUINT_TO_POINTER (1), "the completed file");
  g_assert_cmpuint (p.refused->len, ==, 0);
  g_assert_cmpstr (genkit_remote_runtime_get_id (item (&p, 0)), ==, "a");
}

static void
test_dead_runtimes (void)
{
  g_auto(Project) p = { 0 };
  g_autofree char *dead = dead_url ();
  g_autoptr(FakeRuntime) other = fake_runtime_new ("someone-else");
  g_autofree char *dead_text = runtime_file_text ("dead", dead, "2026-11-21T10:00:00.000Z", NULL);
  /* Another runtime took the port: the health check's id does not match (503). */
  g_autofree char *stale_text = runtime_file_text ("stale", other->url, "2026-11-21T10:00:00.000Z",
                                                   NULL);

  g_test_summary ("A runtime that refuses the connection or answers 503 is dropped and its "
                  "file deleted, as the CLI does");

  project_init (&p);
  write_runtime_file (&p, "dead.json", dead_text);
  project_start (&p, NULL, 0);
  wait_for (&p, not_loading, NULL, "the initial scan");
  g_assert_true (file_gone (&p, "dead.json"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 0);

  write_runtime_file (&p, "stale.json", stale_text);
  wait_for (&p, file_gone, "stale.json", "the stale file's deletion");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 0);
  g_assert_cmpuint (p.changes->len, ==, 0);
  g_assert_cmpuint (p.refused->len, ==, 0);
  g_assert_cmpuint (other->notifies->len, ==, 0);
}

static void
test_runtime_dies (void)
{
  g_auto(Project) p = { 0 };
  g_autoptr(FakeRuntime) a = fake_runtime_new ("a");
  g_autoptr(FakeRuntime) b = fake_runtime_new ("b");
  g_autofree char *a_text = runtime_file_text ("a", a->url, "2026-11-21T10:00:00.000Z", NULL);
  g_autofree char *b_text = runtime_file_text ("b", b->url, "2026-11-21T11:00:00.000Z", NULL);
  guint b_position;

  g_test_summary ("The periodic health check drops a runtime that went away and deletes its file");

  project_init (&p);
  write_runtime_file (&p, "a.json", a_text);
  write_runtime_file (&p, "b.json", b_text);
  project_start (&p, NULL, 200);
  g_assert_cmpuint (genkit_runtime_monitor_get_health_check_interval (p.monitor), ==, 200);
  wait_for (&p, not_loading, NULL, "the initial scan");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 2);
  g_assert_cmpstr (current_id (&p), ==, "b");
  b_position = g_str_equal (genkit_remote_runtime_get_id (item (&p, 0)), "b") ? 0 : 1;
  g_array_set_size (p.changes, 0);

  /* Several periodic checks pass while both live. */
  {
    guint before = a->n_health;

    spin (700);
    g_assert_cmpuint (a->n_health, >=, before + 2);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 2);
  }

  fake_runtime_stop (b);
  wait_for (&p, n_items_is, GUINT_TO_POINTER (1), "b's removal");
  assert_change (&p, 0, b_position, 1, 0);
  g_assert_true (file_gone (&p, "b.json"));
  g_assert_false (file_gone (&p, "a.json"));
  g_assert_cmpstr (current_id (&p), ==, "a");
}

static void
test_newer_spec_version (void)
{
  g_auto(Project) p = { 0 };
  g_autoptr(FakeRuntime) a = fake_runtime_new ("a");
  g_autoptr(FakeRuntime) old = fake_runtime_new ("old");
  g_autofree char *a_text = runtime_file_text ("a", a->url, "2026-11-21T10:00:00.000Z",
                                               "\"reflectionApiSpecVersion\": 2");
  g_autofree char *old_text = runtime_file_text ("old", old->url, "2026-11-21T10:00:00.000Z",
                                                 "\"reflectionApiSpecVersion\": 0");

  g_test_summary ("A runtime speaking a newer reflection API is refused with a warning (the "
                  "CLI exits); an older one is accepted");

  project_init (&p);
  write_runtime_file (&p, "a.json", a_text);
  write_runtime_file (&p, "old.json", old_text);
  g_test_expect_message ("Genkit", G_LOG_LEVEL_WARNING, "*reflection API version 2*");
  project_start (&p, NULL, 0);
  wait_for (&p, not_loading, NULL, "the initial scan");
  g_test_assert_expected_messages ();

  g_assert_cmpuint (p.refused->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (p.refused, 0), ==, "a.json");
  g_assert_error ((GError *) g_ptr_array_index (p.refusals, 0), GENKIT_ERROR,
                  GENKIT_ERROR_FAILED_PRECONDITION);
  g_assert_false (file_gone (&p, "a.json"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (p.monitor)), ==, 1);
  g_assert_cmpstr (current_id (&p), ==, "old");
  g_assert_cmpuint (a->notifies->len, ==, 0);
}

static void
test_dispose_while_busy (void)
{
  g_auto(Project) p = { 0 };
  g_autoptr(FakeRuntime) a = fake_runtime_new ("a");
  g_autofree char *a_text = runtime_file_text ("a", a->url, "2026-11-21T10:00:00.000Z", NULL);

  g_test_summary ("Dropping the monitor with reads, retries and checks under way is safe");

  project_init (&p);
  write_runtime_file (&p, "a.json", a_text);
  write_runtime_file (&p, "garbage.json", "{");
  project_start (&p, NULL, 50);
  g_main_context_iteration (NULL, FALSE);
  g_clear_object (&p.monitor);
  spin (200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runtime-monitor/existing-file", test_existing_file);
  g_test_add_func ("/runtime-monitor/notify-escapes-id", test_notify_escapes_id);
  g_test_add_func ("/runtime-monitor/files-come-and-go", test_files_come_and_go);
  g_test_add_func ("/runtime-monitor/file-changes", test_file_changes);
  g_test_add_func ("/runtime-monitor/garbage", test_garbage);
  g_test_add_func ("/runtime-monitor/partial-write", test_partial_write);
  g_test_add_func ("/runtime-monitor/dead-runtimes", test_dead_runtimes);
  g_test_add_func ("/runtime-monitor/runtime-dies", test_runtime_dies);
  g_test_add_func ("/runtime-monitor/newer-spec-version", test_newer_spec_version);
  g_test_add_func ("/runtime-monitor/dispose-while-busy", test_dispose_while_busy);

  return g_test_run ();
}
