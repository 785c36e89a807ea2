/* test-cli-remote.c — genkit-studio-cli actions/run against another runtime (--runtime, --project)
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The other runtime is a SoupServer that answers with the JavaScript runtime's captured
 * exchanges (../shared/fixtures/genkit-js/reflection/).
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include "genkit-soup-private.h"

static char *fixtures_dir;

/* The replaying runtime ------------------------------------------------------------------ */

typedef struct
{
  JsonNode   *root;
  guint       status;
  JsonObject *headers;
  char       *body;
  gboolean    chunked;
} Fixture;

static void
fixture_free (Fixture *f)
{
  json_node_unref (f->root);
  g_free (f->body);
  g_free (f);
}

typedef struct
{
  SoupServer *server;
  char       *url;
  GHashTable *routes;     /* "METHOD /path" → owned Fixture */
  GPtrArray  *requests;   /* "METHOD /path?query BODY" */
} Replay;

static Fixture *
fixture_load (const char *file,
              char      **route)
{
  g_autofree char *path = g_build_filename (fixtures_dir, "reflection", file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *request_path = NULL;
  Fixture *f = g_new0 (Fixture, 1);
  JsonObject *request;
  JsonObject *response;
  JsonNode *body;
  char *query;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  f->root = json_node_ref (json_parser_get_root (parser));
  request = json_object_get_object_member (json_node_get_object (f->root), "request");
  response = json_object_get_object_member (json_node_get_object (f->root), "response");
  f->status = (guint) json_object_get_int_member (response, "status");
  f->headers = json_object_get_object_member (response, "headers");
  body = json_object_get_member (response, "body");
  if (JSON_NODE_HOLDS_VALUE (body) && json_node_get_value_type (body) == G_TYPE_STRING)
    f->body = g_strdup (json_node_get_string (body));
  else
    f->body = json_to_string (body, FALSE);
  f->chunked = json_object_has_member (f->headers, "Transfer-Encoding");

  request_path = g_strdup (json_object_get_string_member (request, "path"));
  if ((query = strchr (request_path, '?')) != NULL)
    *query = '\0';
  *route = g_strconcat (json_object_get_string_member (request, "method"), " ", request_path, NULL);
  return f;
}

static void
replay_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Replay *replay = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *route = g_strconcat (method, " ", path, NULL);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *uri_query = g_uri_get_query (soup_server_message_get_uri (msg));
  g_autoptr(GList) names = NULL;
  Fixture *f;

  g_ptr_array_add (replay->requests,
                   g_strdup_printf ("%s %s%s%s %.*s", method, path, uri_query ? "?" : "",
                                    uri_query ? uri_query : "", (int) request_body->length,
                                    request_body->data ? request_body->data : ""));

  if (!(f = g_hash_table_lookup (replay->routes, route)))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }

  soup_server_message_set_status (msg, f->status, NULL);
  names = json_object_get_members (f->headers);
  for (GList *l = names; l != NULL; l = l->next)
    if (g_str_has_prefix (l->data, "X-Genkit") || g_str_has_prefix (l->data, "x-genkit") ||
        g_ascii_strcasecmp (l->data, "Content-Type") == 0)
      soup_message_headers_append (headers, l->data,
                                   json_object_get_string_member (f->headers, l->data));
  if (f->chunked)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                            f->body, strlen (f->body));
  soup_message_body_complete (soup_server_message_get_response_body (msg));
}

static Replay *
replay_new (const char * const *files)
{
  Replay *replay = g_new0 (Replay, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  replay->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) fixture_free);
  replay->requests = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; files[i] != NULL; i++)
    {
      char *route = NULL;
      Fixture *f = fixture_load (files[i], &route);

      g_hash_table_replace (replay->routes, route, f);
    }

  replay->server = soup_server_new (NULL, NULL);
  _genkit_soup_server_plug_accept_leak (replay->server);
  soup_server_add_handler (replay->server, NULL, replay_handler, replay, NULL);

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  soup_server_listen_socket (replay->server, socket, 0, &error);
  g_assert_no_error (error);
  replay->url = g_strdup_printf ("http://127.0.0.1:%u",
                                 g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return replay;
}

static void
replay_free (Replay *replay)
{
  soup_server_disconnect (replay->server);
  g_object_unref (replay->server);
  g_hash_table_unref (replay->routes);
  g_ptr_array_unref (replay->requests);
  g_free (replay->url);
  g_free (replay);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Replay, replay_free)

static gboolean
replay_saw (Replay     *replay,
            const char *prefix)
{
  for (guint i = 0; i < replay->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (replay->requests, i), prefix))
      return TRUE;
  return FALSE;
}

/* Running the program --------------------------------------------------------------------- */

typedef struct
{
  char     *out;
  char     *err;
  int       status;
  gboolean  done;
} CliResult;

static void
cli_result_clear (CliResult *self)
{
  g_clear_pointer (&self->out, g_free);
  g_clear_pointer (&self->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  CliResult *self = user_data;
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (process, result, &self->out, &self->err, &error);
  g_assert_no_error (error);
  self->status = g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1;
  self->done = TRUE;
}

/* Runs genkit-studio-cli with @args while this process keeps serving the replay. */
static void
run_cli_args (CliResult          *result,
              const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("GENKIT_STUDIO_CLI");

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, "", NULL, communicate_cb, result);
  while (!result->done)
    g_main_context_iteration (NULL, TRUE);

  g_test_message ("exit %d\nstdout:\n%s\nstderr:\n%s", result->status, result->out, result->err);
}

#define run_cli(result, ...) \
  run_cli_args ((result), (const char * const []) { __VA_ARGS__, NULL })

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static const char *const all_routes[] = {
  "02-health-id-match.json",
  "04-actions.json",
  "10-notify.json",
  "12-run-flow-greet.json",
  NULL
};

/* Tests ----------------------------------------------------------------------------------- */

static void
test_actions_runtime_url (void)
{
  g_autoptr(Replay) replay = replay_new (all_routes);
  g_auto(CliResult) table = { 0 };
  g_auto(CliResult) json = { 0 };
  g_autoptr(JsonNode) listing = NULL;
  g_autofree char *fixture_path = g_build_filename (fixtures_dir, "reflection", "04-actions.json",
                                                    NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *want;

  g_test_summary ("actions --runtime URL lists a JavaScript runtime's actions, as a table and "
                  "as the reflection API's JSON");

  run_cli (&table, "actions", "--runtime", replay->url);
  g_assert_cmpint (table.status, ==, 0);
  g_assert_nonnull (strstr (table.out, "\nflow\n"));
  g_assert_nonnull (strstr (table.out, "  /flow/greet"));
  g_assert_nonnull (strstr (table.out, "/model/echo"));
  g_assert_true (replay_saw (replay, "GET /api/actions"));

  run_cli (&json, "actions", "--json", "-r", replay->url);
  g_assert_cmpint (json.status, ==, 0);
  listing = parse_json (json.out);
  json_parser_load_from_file (parser, fixture_path, NULL);
  want = json_object_get_member (json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                                                "response"), "body");
  g_assert_true (json_node_equal (listing, want));
}

static void
test_run_runtime_url (void)
{
  static const char *const routes[] = {
    "12-run-flow-greet.json", NULL
  };
  g_autoptr(Replay) replay = replay_new (routes);
  g_auto(CliResult) result = { 0 };
  g_autoptr(JsonNode) output = NULL;

  g_test_summary ("run --runtime URL runs a flow of another runtime");

  run_cli (&result, "run", "--runtime", replay->url, "-v", "/flow/greet", "{\"name\": \"Ada\"}");
  g_assert_cmpint (result.status, ==, 0);
  output = parse_json (result.out);
  g_assert_cmpstr (json_node_get_string (output), ==, "Hello, Ada!");
  g_assert_nonnull (strstr (result.err, "trace: a1b6659fa9515e3d304fba71b4aa325b"));
  g_assert_true (replay_saw (replay, "POST /api/runAction {\"key\":\"/flow/greet\",\"input\":{\"name\":\"Ada\"}}"));
}

static void
test_run_stream (void)
{
  static const char *const routes[] = {
    "15-run-flow-countdown-stream.json", NULL
  };
  g_autoptr(Replay) replay = replay_new (routes);
  g_auto(CliResult) result = { 0 };
  g_auto(GStrv) lines = NULL;

  g_test_summary ("run --stream --runtime URL prints each chunk as a line, then the result");

  run_cli (&result, "run", "--stream", "--runtime", replay->url, "/flow/countdown", "{\"count\": 3}");
  g_assert_cmpint (result.status, ==, 0);
  lines = g_strsplit (result.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "{\"n\":3}");
  g_assert_cmpstr (lines[1], ==, "{\"n\":2}");
  g_assert_cmpstr (lines[2], ==, "{\"n\":1}");
  g_assert_nonnull (strstr (result.out, "\"done\" : true"));
  g_assert_true (replay_saw (replay, "POST /api/runAction?stream=true "));
}

static void
test_run_errors (void)
{
  static const char *const routes[] = {
    "45-error-flow-throws.json", NULL
  };
  static const char *const unknown_routes[] = {
    "40-error-unknown-action.json", NULL
  };
  g_autoptr(Replay) replay = replay_new (routes);
  g_autoptr(Replay) unknown = replay_new (unknown_routes);
  g_auto(CliResult) failed = { 0 };
  g_auto(CliResult) missing = { 0 };
  g_auto(CliResult) traced = { 0 };

  g_test_summary ("A failing remote run keeps its Genkit status; --trace needs the built-in "
                  "runtime");

  run_cli (&failed, "run", "--runtime", replay->url, "/flow/fail", "\"please\"");
  g_assert_cmpint (failed.status, ==, 1);
  g_assert_nonnull (strstr (failed.err, "INVALID_ARGUMENT: fail flow was asked to fail (please)"));
  g_assert_nonnull (strstr (failed.err, "trace: 967211bdbc7d39e21701bebec1461ec3"));

  run_cli (&missing, "run", "--runtime", unknown->url, "/flow/doesNotExist", "{}");
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "NOT_FOUND: action /flow/doesNotExist not found"));

  run_cli (&traced, "run", "--trace", "--runtime", replay->url, "/flow/fail");
  g_assert_cmpint (traced.status, ==, 2);
  g_assert_nonnull (strstr (traced.err, "--trace needs the built-in runtime"));
}

static void
test_unreachable (void)
{
  g_auto(CliResult) refused = { 0 };
  g_auto(CliResult) bad_url = { 0 };
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *url = NULL;

  g_test_summary ("A runtime nobody serves, a URL that is none");

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  run_cli (&refused, "actions", "--runtime", url);
  g_assert_cmpint (refused.status, ==, 1);
  g_assert_nonnull (strstr (refused.err, "refused the connection"));

  run_cli (&bad_url, "actions", "--runtime", "localhost:3100");
  g_assert_cmpint (bad_url.status, ==, 2);
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
test_project (void)
{
  g_autoptr(Replay) replay = replay_new (all_routes);
  g_autofree char *project = g_dir_make_tmp ("genkit-cli-project-XXXXXX", NULL);
  g_autofree char *src = g_build_filename (project, "src", NULL);
  g_autofree char *marker = g_build_filename (project, "package.json", NULL);
  g_autofree char *runtimes = g_build_filename (project, ".genkit", "runtimes", NULL);
  g_autofree char *file = g_build_filename (runtimes, "20204-3100-1795300000000.json", NULL);
  g_autofree char *text = NULL;
  g_auto(CliResult) listed = { 0 };
  g_auto(CliResult) by_id = { 0 };
  g_auto(CliResult) unknown_id = { 0 };
  g_auto(CliResult) ran = { 0 };
  g_auto(CliResult) empty = { 0 };

  g_test_summary ("--project DIR finds the project's runtime from a subdirectory, as the "
                  "Genkit CLI does; --runtime ID picks one");

  g_assert_cmpint (g_mkdir_with_parents (src, 0755), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtimes, 0755), ==, 0);
  g_assert_true (g_file_set_contents (marker, "{}", -1, NULL));
  /* The JavaScript runtime's own discovery file, pointing at the replay. */
  text = g_strdup_printf ("{\n  \"id\": \"20204-3100\",\n  \"pid\": 20204,\n"
                          "  \"name\": \"peer-sample\",\n  \"reflectionServerUrl\": \"%s\",\n"
                          "  \"timestamp\": \"2026-11-21T23:24:11.071Z\",\n"
                          "  \"genkitVersion\": \"nodejs/1.42.0\",\n"
                          "  \"reflectionApiSpecVersion\": 1\n}", replay->url);
  g_assert_true (g_file_set_contents (file, text, -1, NULL));

  run_cli (&listed, "actions", "--project", src);
  g_assert_cmpint (listed.status, ==, 0);
  g_assert_nonnull (strstr (listed.out, "/flow/greet"));
  g_assert_true (replay_saw (replay, "GET /api/__health?id=20204-3100"));

  run_cli (&by_id, "actions", "--project", project, "--runtime", "20204-3100");
  g_assert_cmpint (by_id.status, ==, 0);

  run_cli (&unknown_id, "actions", "--project", project, "--runtime", "nope");
  g_assert_cmpint (unknown_id.status, ==, 1);
  g_assert_nonnull (strstr (unknown_id.err, "no runtime with id 'nope'"));

  run_cli (&ran, "run", "-p", project, "/flow/greet", "{\"name\": \"Ada\"}");
  g_assert_cmpint (ran.status, ==, 0);
  g_assert_nonnull (strstr (ran.out, "Hello, Ada!"));

  g_remove (file);
  run_cli (&empty, "actions", "--project", project);
  g_assert_cmpint (empty.status, ==, 1);
  g_assert_nonnull (strstr (empty.err, "no runtime is running"));

  remove_tree (project);
}

int
main (int   argc,
      char *argv[])
{
  const char *shared = g_getenv ("GENKIT_SHARED_DIR");

  g_test_init (&argc, &argv, NULL);

  if (shared != NULL)
    fixtures_dir = g_build_filename (shared, "fixtures", "genkit-js", NULL);
  else
    fixtures_dir = g_test_build_filename (G_TEST_DIST, "..", "..", "..", "shared", "fixtures",
                                          "genkit-js", NULL);
  if (!g_file_test (fixtures_dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("The Genkit JS fixtures are missing: %s is not a directory (set "
                  "GENKIT_SHARED_DIR to the shared directory that holds fixtures/genkit-js)\n",
                  fixtures_dir);
      return 1;
    }

  g_test_add_func ("/cli-remote/actions-runtime-url", test_actions_runtime_url);
  g_test_add_func ("/cli-remote/run-runtime-url", test_run_runtime_url);
  g_test_add_func ("/cli-remote/run-stream", test_run_stream);
  g_test_add_func ("/cli-remote/run-errors", test_run_errors);
  g_test_add_func ("/cli-remote/unreachable", test_unreachable);
  g_test_add_func ("/cli-remote/project", test_project);

  {
    int status = g_test_run ();

    g_free (fixtures_dir);
    return status;
  }
}
