/* test-reflection-server.c — the reflection API v1 as the Genkit CLI sees it
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <unistd.h>

#include "test-util.h"
#include "genkit-samples.h"

typedef struct
{
  GenkitRegistry         *registry;
  GenkitLocalRuntime     *runtime;
  GenkitReflectionServer *server;
  SoupSession            *session;
} Fixture;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  char               *text;
  JsonNode           *json;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->text, g_free);
  g_clear_pointer (&reply->json, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->registry = genkit_registry_new ();
  g_assert_true (genkit_samples_register (f->registry, &error));
  f->runtime = genkit_local_runtime_new (f->registry);
  f->server = genkit_reflection_server_new (GENKIT_RUNTIME (f->runtime));
  g_assert_true (genkit_reflection_server_listen_any (f->server, &error));
  g_assert_no_error (error);
  f->session = soup_session_new ();
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  genkit_reflection_server_stop (f->server);
  g_assert_finalize_object (g_steal_pointer (&f->server));
  g_clear_object (&f->runtime);
  g_clear_object (&f->registry);
  /* Let the closed connections' sources run and drop their sockets. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef struct
{
  GBytes  *body;
  GError  *error;
  gboolean done;
} Pending;

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Pending *pending = user_data;

  pending->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &pending->error);
  pending->done = TRUE;
}

static SoupMessage *
make_message (Fixture    *f,
              const char *method,
              const char *path,
              const char *body)
{
  g_autofree char *url = g_strconcat (genkit_reflection_server_get_url (f->server), path, NULL);
  SoupMessage *msg = soup_message_new (method, url);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

static void
send_message (Fixture     *f,
              SoupMessage *msg,
              Reply       *reply)
{
  Pending pending = { 0 };
  gsize size;
  const char *data;

  reply_clear (reply);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent_cb, &pending);
  test_wait_until (&pending.done);
  g_assert_no_error (pending.error);

  reply->status = soup_message_get_status (msg);
  reply->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  reply->body = pending.body;
  data = g_bytes_get_data (reply->body, &size);
  reply->text = g_strndup (data ? data : "", size);
  reply->json = genkit_json_parse (reply->text, -1, NULL);
}

static void
request (Fixture    *f,
         const char *method,
         const char *path,
         const char *body,
         Reply      *reply)
{
  g_autoptr(SoupMessage) msg = make_message (f, method, path, body);

  send_message (f, msg, reply);
}

static JsonObject *
reply_object (Reply *reply)
{
  g_assert_nonnull (reply->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (reply->json));
  return json_node_get_object (reply->json);
}

/* Tests ------------------------------------------------------------------------------------- */

static void
test_health_and_envs (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };
  g_autofree char *pid_port = g_strdup_printf ("/api/__health?id=%d-%u", (int) getpid (),
                                               genkit_reflection_server_get_port (f->server));

  request (f, "GET", "/api/__health", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (reply.text, ==, "OK");
  g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "X-Genkit-Version"), ==, "c/" GENKIT_VERSION_STRING);

  request (f, "GET", pid_port, NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  request (f, "GET", "/api/__health?id=0-0", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 503);
  g_assert_cmpstr (reply.text, ==, "Invalid runtime ID");

  request (f, "GET", "/api/envs", NULL, &reply);
  g_assert_cmpstr (reply.text, ==, "[\"dev\"]");

  request (f, "GET", "/api/doesNotExist", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 404);
  request (f, "GET", "/api/runAction", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 404);
  g_assert_nonnull (strstr (reply.text, "<pre>Cannot GET /api/runAction</pre>"));
}

static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };
  JsonObject *greet;

  request (f, "GET", "/api/actions", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  greet = json_object_get_object_member (reply_object (&reply), "/flow/greet");
  g_assert_nonnull (greet);
  g_assert_cmpstr (json_object_get_string_member (greet, "key"), ==, "/flow/greet");
  g_assert_cmpstr (json_object_get_string_member (greet, "name"), ==, "greet");
  g_assert_true (json_object_has_member (greet, "inputSchema"));
  g_assert_true (json_object_has_member (greet, "outputSchema"));
  g_assert_true (json_object_has_member (reply_object (&reply), "/tool/add"));
}

static void
test_run_plain (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };
  JsonObject *object;
  const char *trace_id;

  request (f, "POST", "/api/runAction", "{\"key\": \"/flow/greet\", \"input\": {\"name\": \"Ada\"}}", &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply.headers, NULL), ==, "application/json");
  trace_id = soup_message_headers_get_one (reply.headers, "X-Genkit-Trace-Id");
  g_assert_cmpuint (strlen (trace_id), ==, 32);
  g_assert_cmpuint (strlen (soup_message_headers_get_one (reply.headers, "X-Genkit-Span-Id")), ==, 16);
  object = reply_object (&reply);
  g_assert_cmpstr (json_object_get_string_member (object, "result"), ==, "Hello, Ada!");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "telemetry"), "traceId"),
                   ==, trace_id);
}

static void
test_run_stream (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(JsonNode) final = NULL;

  g_test_summary ("A streamed run sends one chunk per line, then the final object without a newline");

  request (f, "POST", "/api/runAction?stream=true", "{\"key\": \"/flow/countdown\", \"input\": {\"count\": 3}}", &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (reply.headers, NULL), ==, "text/plain");
  g_assert_false (g_str_has_suffix (reply.text, "\n"));

  lines = g_strsplit (reply.text, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[0], ==, "{\"n\":3}");
  g_assert_cmpstr (lines[1], ==, "{\"n\":2}");
  g_assert_cmpstr (lines[2], ==, "{\"n\":1}");
  final = test_json (lines[3]);
  g_assert_true (json_object_get_boolean_member (json_object_get_object_member (json_node_get_object (final), "result"), "done"));
}

static void
test_run_errors (Fixture       *f,
                 gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };
  JsonObject *error;

  g_test_summary ("Errors have the JavaScript runtime's statuses and codes");

  /* Unknown action: 404 in text, streaming or not. */
  request (f, "POST", "/api/runAction", "{\"key\": \"/flow/doesNotExist\", \"input\": {}}", &reply);
  g_assert_cmpuint (reply.status, ==, 404);
  g_assert_cmpstr (reply.text, ==, "action /flow/doesNotExist not found");
  request (f, "POST", "/api/runAction?stream=true", "{\"key\": \"/flow/doesNotExist\"}", &reply);
  g_assert_cmpuint (reply.status, ==, 404);

  /* Input validation happens before the span: code 13 plain, the error's own code streamed. */
  request (f, "POST", "/api/runAction", "{\"key\": \"/flow/countdown\", \"input\": {\"count\": \"three\"}}", &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_null (soup_message_headers_get_one (reply.headers, "X-Genkit-Trace-Id"));
  error = json_object_get_object_member (reply_object (&reply), "error");
  g_assert_cmpint (json_object_get_int_member (error, "code"), ==, 13);
  g_assert_true (g_str_has_prefix (json_object_get_string_member (error, "message"),
                                   "INVALID_ARGUMENT: Schema validation failed. Parse Errors:\n\n- count: must be integer"));
  request (f, "POST", "/api/runAction?stream=true", "{\"key\": \"/flow/countdown\", \"input\": {\"count\": \"three\"}}", &reply);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (reply_object (&reply), "error"), "code"), ==, 3);

  /* A failing flow: headers were sent, the error travels in the body with the trace id. */
  request (f, "POST", "/api/runAction", "{\"key\": \"/flow/fail\", \"input\": \"please\"}", &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  error = json_object_get_object_member (reply_object (&reply), "error");
  g_assert_cmpint (json_object_get_int_member (error, "code"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (error, "message"), ==,
                   "INVALID_ARGUMENT: fail flow was asked to fail (please)");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (error, "details"), "traceId"), ==,
                   soup_message_headers_get_one (reply.headers, "X-Genkit-Trace-Id"));
}

static void
test_bad_requests (Fixture       *f,
                   gconstpointer  data)
{
  static const char *const bodies[] = {
    "{\"key\": \"/flow/greet\", \"input\": ",   /* truncated */
    "[1, 2]",
    "{}",
    "{\"key\": 42}",
    "{\"key\": \"/flow/greet\", \"inptu\": {}}",
    "{\"key\": \"/flow/greet\", \"context\": 3}",
    "\xff\xfe",
    "{\"key\": \"/flow/greet\", \"input\": {\"name\": \"x\"}} {\"key\": 2}",   /* two values */
  };
  g_auto(Reply) reply = { 0 };

  g_test_summary ("Malformed JSON, a missing key and unknown fields get a 400 with Genkit error JSON");

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      JsonObject *error;

      request (f, "POST", "/api/runAction", bodies[i], &reply);
      g_assert_cmpuint (reply.status, ==, 400);
      error = json_object_get_object_member (reply_object (&reply), "error");
      g_assert_cmpint (json_object_get_int_member (error, "code"), ==, 3);
      g_assert_true (g_str_has_prefix (json_object_get_string_member (error, "message"), "INVALID_ARGUMENT: "));
    }
}

static void
test_hardening (Fixture       *f,
                gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };

  g_test_summary ("Foreign Host names and origins are refused; loopback origins get CORS; bodies are limited");

  {
    g_autoptr(SoupMessage) msg = make_message (f, "GET", "/api/actions", NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Host", "evil.example:3100");
    send_message (f, msg, &reply);
    g_assert_cmpuint (reply.status, ==, 403);
  }
  {
    g_autoptr(SoupMessage) msg = make_message (f, "GET", "/api/actions", NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Host", "localhost:3100");
    send_message (f, msg, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
  }
  {
    g_autoptr(SoupMessage) msg = make_message (f, "GET", "/api/actions", NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", "https://evil.example");
    send_message (f, msg, &reply);
    g_assert_cmpuint (reply.status, ==, 403);
  }
  {
    g_autoptr(SoupMessage) msg = make_message (f, "GET", "/api/actions", NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", "http://localhost:4000");
    send_message (f, msg, &reply);
    g_assert_cmpuint (reply.status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (reply.headers, "Access-Control-Allow-Origin"), ==,
                     "http://localhost:4000");
  }
  {
    g_autoptr(SoupMessage) msg = make_message (f, "OPTIONS", "/api/runAction", NULL);

    soup_message_headers_replace (soup_message_get_request_headers (msg), "Origin", "http://127.0.0.1:4000");
    send_message (f, msg, &reply);
    g_assert_cmpuint (reply.status, ==, 204);
  }

  genkit_reflection_server_set_max_body_size (f->server, 64);
  request (f, "POST", "/api/runAction",
           "{\"key\": \"/flow/greet\", \"input\": {\"name\": \"a name long enough to pass the limit\"}}", &reply);
  g_assert_cmpuint (reply.status, ==, 413);
}

typedef struct
{
  Fixture    *f;
  SoupMessage *msg;
  GInputStream *stream;
  GError     *error;
  gboolean    done;
} Streamed;

static void
on_send_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Streamed *s = user_data;

  s->stream = soup_session_send_finish (SOUP_SESSION (object), result, &s->error);
  s->done = TRUE;
}

static void
on_spliced_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(SoupMessage) run = make_message (f, "POST", "/api/runAction?stream=true",
                                             "{\"key\": \"/flow/sleep\", \"input\": {\"ms\": 20000}}");
  Streamed s = { f, run, NULL, NULL, FALSE };
  g_auto(Reply) reply = { 0 };
  g_autofree char *cancel_body = NULL;
  g_autoptr(GBytes) rest = NULL;
  g_autofree char *rest_text = NULL;
  g_autoptr(JsonNode) final = NULL;
  const char *trace_id;

  g_test_summary ("Headers arrive while the action runs; cancelAction by trace id ends it with code 1");

  soup_session_send_async (f->session, run, G_PRIORITY_DEFAULT, NULL, on_send_cb, &s);
  test_wait_until (&s.done);
  g_assert_no_error (s.error);
  trace_id = soup_message_headers_get_one (soup_message_get_response_headers (run), "X-Genkit-Trace-Id");
  g_assert_nonnull (trace_id);
  g_assert_cmpuint (genkit_local_runtime_get_n_running (f->runtime), ==, 1);

  request (f, "POST", "/api/cancelAction", "{}", &reply);
  g_assert_cmpuint (reply.status, ==, 400);
  g_assert_cmpstr (reply.text, ==, "{\"error\":\"traceId is required\"}");
  request (f, "POST", "/api/cancelAction", "{\"traceId\": \"00000000000000000000000000000000\"}", &reply);
  g_assert_cmpuint (reply.status, ==, 404);
  g_assert_cmpstr (reply.text, ==, "{\"message\":\"Action not found or already completed\"}");

  cancel_body = g_strdup_printf ("{\"traceId\": \"%s\"}", trace_id);
  request (f, "POST", "/api/cancelAction", cancel_body, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (reply.text, ==, "{\"message\":\"Action cancelled\"}");

  {
    g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
    gboolean spliced = FALSE;

    g_output_stream_splice_async (out, s.stream,
                                  G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                  G_PRIORITY_DEFAULT, NULL, on_spliced_cb, &spliced);
    test_wait_until (&spliced);
    rest = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  }
  rest_text = g_strndup (g_bytes_get_data (rest, NULL), g_bytes_get_size (rest));
  final = test_json (rest_text);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (final), "error"), "code"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (final), "error"), "message"),
                   ==, "Action was cancelled");
  g_clear_object (&s.stream);

  while (genkit_local_runtime_get_n_running (f->runtime) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_values_and_notify (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(Reply) reply = { 0 };

  request (f, "GET", "/api/values?type=defaultModel", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (reply.text, ==, "{}");
  request (f, "GET", "/api/values", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 400);
  g_assert_cmpstr (reply.text, ==, "Query parameter \"type\" is required.");
  request (f, "GET", "/api/values?type=model", NULL, &reply);
  g_assert_cmpuint (reply.status, ==, 400);
  g_assert_cmpstr (reply.text, ==, "'type' model is not supported. Only 'defaultModel' and 'middleware' are supported");

  request (f, "POST", "/api/notify", "{\"telemetryServerUrl\": \"http://localhost:4033\", \"reflectionApiSpecVersion\": 1}", &reply);
  g_assert_cmpuint (reply.status, ==, 200);
  g_assert_cmpstr (reply.text, ==, "OK");
  g_assert_cmpstr (genkit_local_runtime_get_telemetry_server_url (f->runtime), ==, "http://localhost:4033");

  g_test_expect_message ("Genkit", G_LOG_LEVEL_WARNING, "*reflection API version*");
  request (f, "POST", "/api/notify", "{\"telemetryServerUrl\": \"http://localhost:4034\", \"reflectionApiSpecVersion\": 2}", &reply);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (genkit_local_runtime_get_telemetry_server_url (f->runtime), ==, "http://localhost:4034");
}

static void
on_quit_cb (GenkitReflectionServer *server,
            gpointer                user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_runtime_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *root = g_dir_make_tmp ("genkit-project-XXXXXX", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *expected_url = NULL;
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Reply) reply = { 0 };
  JsonObject *info;
  gboolean quit = FALSE;

  g_test_summary ("The discovery file has Genkit's fields, is written atomically, and goes on stop");

  g_assert_true (genkit_reflection_server_write_runtime_file (f->server, root, &error));
  g_assert_no_error (error);
  path = g_strdup (genkit_reflection_server_get_runtime_file (f->server));
  g_assert_true (g_str_has_prefix (path, root));
  g_assert_true (g_str_has_suffix (path, ".json"));

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  node = test_json (contents);
  info = json_node_get_object (node);
  expected_url = g_strdup_printf ("http://127.0.0.1:%u", genkit_reflection_server_get_port (f->server));
  g_assert_cmpstr (json_object_get_string_member (info, "id"), ==, genkit_reflection_server_get_runtime_id (f->server));
  g_assert_cmpint (json_object_get_int_member (info, "pid"), ==, getpid ());
  g_assert_cmpstr (json_object_get_string_member (info, "reflectionServerUrl"), ==, expected_url);
  g_assert_cmpstr (json_object_get_string_member (info, "genkitVersion"), ==, "c/" GENKIT_VERSION_STRING);
  g_assert_cmpint (json_object_get_int_member (info, "reflectionApiSpecVersion"), ==, 1);
  {
    g_autoptr(GDateTime) when = g_date_time_new_from_iso8601 (json_object_get_string_member (info, "timestamp"), NULL);
    g_assert_nonnull (when);
  }

  g_signal_connect (f->server, "quit-requested", G_CALLBACK (on_quit_cb), &quit);
  request (f, "GET", "/api/__quitquitquit", NULL, &reply);
  g_assert_cmpstr (reply.text, ==, "OK");
  test_wait_until (&quit);

  genkit_reflection_server_stop (f->server);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_null (genkit_reflection_server_get_runtime_file (f->server));

  {
    g_autofree char *runtimes = g_build_filename (root, ".genkit", "runtimes", NULL);
    g_autofree char *dot_genkit = g_build_filename (root, ".genkit", NULL);

    g_rmdir (runtimes);
    g_rmdir (dot_genkit);
    g_rmdir (root);
  }
}


/* Fixture replay ------------------------------------------------------------------------------ */

/* Requests of the captured exchanges that our samples can answer, with the ones we answer
 * differently on purpose. */
static const struct
{
  const char *prefix;
  const char *reason;
} not_replayed[] = {
  { "02-", "the id in the fixture is the JavaScript runtime's pid-port; covered by /reflection/health-and-envs" },
  { "04-", "the JavaScript app's actions (echo model, prompts, evaluator) are not our samples; covered by /reflection/actions" },
  { "26-", "prompt files arrive with the Dotprompt work" }, { "27-", "prompt" },
  { "28-", "prompt" }, { "29-", "prompt" },
  { "41-", "hardening: malformed JSON is a 400 with INVALID_ARGUMENT, not the JavaScript runtime's 200 with code 13" },
  { "42-", "hardening: a missing key is a 400 with INVALID_ARGUMENT, not a JavaScript TypeError with code 13" },
  { "50-", "cancellation needs two requests at once; covered by /reflection/cancel" },
  { "51-", "cancellation" }, { "52-", "cancellation" }, { "53-", "cancellation" },
  { "99-", "stops the server; covered by /reflection/runtime-file" },
};

static const char *
json_kind (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "array";
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return "string";
    case G_TYPE_BOOLEAN:
      return "boolean";
    default:
      return "number";
    }
}

/* Same fields and types all the way down; values (ids, times, stacks) may differ. */
static void
assert_same_shape (JsonNode   *theirs,
                   JsonNode   *ours,
                   const char *where)
{
  if (g_strcmp0 (json_kind (theirs), json_kind (ours)) != 0)
    g_error ("%s: %s in the fixture, %s here", where, json_kind (theirs), json_kind (ours));

  if (JSON_NODE_HOLDS_OBJECT (theirs))
    {
      JsonObject *a = json_node_get_object (theirs);
      JsonObject *b = json_node_get_object (ours);
      g_autoptr(GList) keys = json_object_get_members (a);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          g_autofree char *inner = g_strdup_printf ("%s.%s", where, (const char *) l->data);

          if (!json_object_has_member (b, l->data))
            g_error ("%s: missing here", inner);
          assert_same_shape (json_object_get_member (a, l->data), json_object_get_member (b, l->data), inner);
        }
      if (json_object_get_size (a) != json_object_get_size (b))
        g_error ("%s: %u fields in the fixture, %u here", where,
                 json_object_get_size (a), json_object_get_size (b));
    }
  else if (JSON_NODE_HOLDS_ARRAY (theirs))
    {
      JsonArray *a = json_node_get_array (theirs);
      JsonArray *b = json_node_get_array (ours);

      g_assert_cmpuint (json_array_get_length (a), ==, json_array_get_length (b));
      for (guint i = 0; i < json_array_get_length (a); i++)
        {
          g_autofree char *inner = g_strdup_printf ("%s[%u]", where, i);

          assert_same_shape (json_array_get_element (a, i), json_array_get_element (b, i), inner);
        }
    }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static void
test_fixture_shapes (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *dir = g_build_filename (g_getenv ("GENKIT_SHARED_DIR"), "fixtures", "genkit-js",
                                           "reflection", NULL);
  g_autoptr(GDir) listing = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;
  guint replayed = 0;

  g_test_summary ("Our answers to the captured requests have the JavaScript runtime's status and shape");

  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autofree char *contents = NULL;
      g_autoptr(JsonNode) exchange = NULL;
      g_autofree char *body_text = NULL;
      g_auto(Reply) reply = { 0 };
      JsonObject *req, *resp;
      JsonNode *body, *expected;
      gboolean skip = FALSE;

      name = g_ptr_array_index (names, i);
      for (guint j = 0; j < G_N_ELEMENTS (not_replayed); j++)
        skip |= g_str_has_prefix (name, not_replayed[j].prefix);
      if (skip || !g_str_has_suffix (name, ".json"))
        continue;

      g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
      exchange = test_json (contents);
      req = json_object_get_object_member (json_node_get_object (exchange), "request");
      resp = json_object_get_object_member (json_node_get_object (exchange), "response");
      body = json_object_get_member (req, "body");
      if (body != NULL && !JSON_NODE_HOLDS_NULL (body))
        body_text = json_to_string (body, FALSE);

      request (f, json_object_get_string_member (req, "method"), json_object_get_string_member (req, "path"),
               body_text, &reply);
      g_test_message ("%s: %u", name, reply.status);
      g_assert_cmpint (reply.status, ==, json_object_get_int_member (resp, "status"));

      expected = json_object_get_member (resp, "body");
      if (strstr (json_object_get_string_member (req, "path"), "stream=true") != NULL &&
          reply.status == SOUP_STATUS_OK)
        {
          /* Streamed bodies are captured as text: compare line by line. */
          g_auto(GStrv) theirs = g_strsplit (json_node_get_string (expected), "\n", -1);
          g_auto(GStrv) ours = g_strsplit (reply.text, "\n", -1);

          g_assert_cmpuint (g_strv_length (theirs), ==, g_strv_length (ours));
          for (guint k = 0; theirs[k] != NULL; k++)
            {
              g_autoptr(JsonNode) a = test_json (theirs[k]);
              g_autoptr(JsonNode) b = test_json (ours[k]);

              assert_same_shape (a, b, name);
            }
        }
      else if (JSON_NODE_HOLDS_VALUE (expected) && json_node_get_value_type (expected) == G_TYPE_STRING)
        g_assert_cmpstr (reply.text, ==, json_node_get_string (expected));
      else
        assert_same_shape (expected, reply.json, name);
      replayed++;
    }

  g_assert_cmpuint (replayed, >=, 20);
}

static void
test_start_dev (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitReflectionServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("genkit-dev-XXXXXX", NULL);
  g_autofree char *marker = g_build_filename (root, "package.json", NULL);
  g_autofree char *old_cwd = g_get_current_dir ();
  g_autofree char *file = NULL;

  g_test_summary ("A C app serves the reflection API like a JavaScript one, only when GENKIT_ENV=dev");

  g_unsetenv ("GENKIT_ENV");
  g_assert_null (genkit_reflection_server_start_dev (registry, "my-app", &error));
  g_assert_no_error (error);

  g_setenv ("GENKIT_ENV", "dev", TRUE);
  g_setenv ("GENKIT_REFLECTION_PORT", "not-a-port", TRUE);
  g_assert_null (genkit_reflection_server_start_dev (registry, "my-app", &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_unsetenv ("GENKIT_REFLECTION_PORT");

  g_assert_true (g_file_set_contents (marker, "{}", -1, NULL));
  g_assert_cmpint (g_chdir (root), ==, 0);
  server = genkit_reflection_server_start_dev (registry, "my-app", &error);
  g_assert_cmpint (g_chdir (old_cwd), ==, 0);
  g_assert_no_error (error);
  g_assert_nonnull (server);
  g_assert_cmpuint (genkit_reflection_server_get_port (server), >=, 3100);
  file = g_strdup (genkit_reflection_server_get_runtime_file (server));
  g_assert_true (g_str_has_prefix (file, root));
  {
    g_autofree char *contents = NULL;
    g_autoptr(JsonNode) info = NULL;

    g_assert_true (g_file_get_contents (file, &contents, NULL, NULL));
    info = test_json (contents);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (info), "name"), ==, "my-app");
  }

  genkit_reflection_server_stop (server);
  g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
  g_unsetenv ("GENKIT_ENV");
  {
    g_autofree char *runtimes = g_build_filename (root, ".genkit", "runtimes", NULL);
    g_autofree char *dot_genkit = g_build_filename (root, ".genkit", NULL);

    g_rmdir (runtimes);
    g_rmdir (dot_genkit);
    g_unlink (marker);
    g_rmdir (root);
  }
}

static void
test_listen_errors (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitLocalRuntime) runtime = genkit_local_runtime_new (registry);
  g_autoptr(GenkitReflectionServer) first = genkit_reflection_server_new (GENKIT_RUNTIME (runtime));
  g_autoptr(GenkitReflectionServer) second = genkit_reflection_server_new (GENKIT_RUNTIME (runtime));
  g_autoptr(GenkitReflectionServer) unlistened = genkit_reflection_server_new (GENKIT_RUNTIME (runtime));
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_reflection_server_listen_any (first, &error));
  g_assert_false (genkit_reflection_server_listen_any (first, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_clear_error (&error);

  g_assert_false (genkit_reflection_server_listen (second, genkit_reflection_server_get_port (first), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (genkit_reflection_server_write_runtime_file (unlistened, "/tmp", &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_unsetenv ("GENKIT_RUNTIME_ID");
  g_unsetenv ("GENKIT_TELEMETRY_SERVER");

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/reflection/health-and-envs", test_health_and_envs);
  ADD ("/reflection/actions", test_actions);
  ADD ("/reflection/run-plain", test_run_plain);
  ADD ("/reflection/run-stream", test_run_stream);
  ADD ("/reflection/run-errors", test_run_errors);
  ADD ("/reflection/bad-requests", test_bad_requests);
  ADD ("/reflection/hardening", test_hardening);
  ADD ("/reflection/cancel", test_cancel);
  ADD ("/reflection/values-and-notify", test_values_and_notify);
  ADD ("/reflection/runtime-file", test_runtime_file);
  ADD ("/reflection/fixture-shapes", test_fixture_shapes);
#undef ADD
  g_test_add_func ("/reflection/listen-errors", test_listen_errors);
  g_test_add_func ("/reflection/start-dev", test_start_dev);

  return g_test_run ();
}
