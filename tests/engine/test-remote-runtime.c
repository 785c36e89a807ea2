/* test-remote-runtime.c — GenkitRemoteRuntime against the JavaScript runtime's captured answers
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "test-util.h"
#include "genkit-remote-runtime-private.h"
#include "genkit-soup-private.h"

/* Fixtures ---------------------------------------------------------------------------------- */

static char *fixtures_dir;   /* …/shared/fixtures/genkit-js */

typedef struct
{
  char       *file;
  JsonNode   *root;
  const char *method;
  const char *path;          /* with the query */
  JsonNode   *request_body;  /* NULL when none was sent */
  guint       status;
  JsonObject *headers;
  char       *text;          /* the response body */
  GBytes     *body;          /* the same, as bytes */
  gboolean    chunked;
} Fixture;

static void
fixture_free (Fixture *f)
{
  g_free (f->file);
  json_node_unref (f->root);
  g_bytes_unref (f->body);
  g_free (f->text);
  g_free (f);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fixture, fixture_free)

static Fixture *
fixture_load (const char *subdir,
              const char *file)
{
  g_autofree char *path = g_build_filename (fixtures_dir, subdir, file, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Fixture *f = g_new0 (Fixture, 1);
  JsonObject *request;
  JsonObject *response;
  JsonNode *body;
  const char *encoding;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  f->file = g_strdup (file);
  f->root = json_node_ref (json_parser_get_root (parser));
  request = json_object_get_object_member (json_node_get_object (f->root), "request");
  response = json_object_get_object_member (json_node_get_object (f->root), "response");
  f->method = json_object_get_string_member (request, "method");
  f->path = json_object_get_string_member (request, "path");
  f->request_body = json_object_get_member (request, "body");
  if (JSON_NODE_HOLDS_NULL (f->request_body))
    f->request_body = NULL;
  f->status = (guint) json_object_get_int_member (response, "status");
  f->headers = json_object_get_object_member (response, "headers");

  body = json_object_get_member (response, "body");
  /* A string body is the text as sent; anything else was JSON (compact, from Express). */
  if (JSON_NODE_HOLDS_VALUE (body) && json_node_get_value_type (body) == G_TYPE_STRING)
    f->text = g_strdup (json_node_get_string (body));
  else
    f->text = json_to_string (body, FALSE);
  f->body = g_bytes_new_static (f->text, strlen (f->text));

  encoding = json_object_has_member (f->headers, "Transfer-Encoding")
             ? json_object_get_string_member (f->headers, "Transfer-Encoding") : NULL;
  f->chunked = g_strcmp0 (encoding, "chunked") == 0;
  return f;
}

static const char *
fixture_header (Fixture    *f,
                const char *name)
{
  g_autoptr(GList) members = json_object_get_members (f->headers);

  for (GList *l = members; l != NULL; l = l->next)
    if (g_ascii_strcasecmp (l->data, name) == 0)
      return json_object_get_string_member (f->headers, l->data);
  return NULL;
}

static JsonObject *
fixture_request_object (Fixture *f)
{
  g_assert_nonnull (f->request_body);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (f->request_body));
  return json_node_get_object (f->request_body);
}

/* The replaying server ---------------------------------------------------------------------- */

typedef enum
{
  PIECES_LINES,      /* each streamed line its own HTTP chunk, as a runtime sends them */
  PIECES_BYTES,      /* one byte per HTTP chunk */
  PIECES_SPLIT,      /* two chunks, split at split_at */
} PieceMode;

typedef struct
{
  char   *method;
  char   *path;
  char   *content_type;
  GBytes *body;
} Recorded;

typedef struct _Replay Replay;

typedef struct
{
  Replay            *replay;
  SoupServerMessage *msg;
  GPtrArray         *pieces;
  guint              next;
  guint              delay_ms;
  guint              source_id;
  gboolean           finished;
} Job;

struct _Replay
{
  SoupServer *server;
  char       *url;
  GHashTable *routes;        /* "METHOD /path" → borrowed Fixture */
  GPtrArray  *requests;      /* Recorded */
  GPtrArray  *jobs;
  PieceMode   piece_mode;
  gsize       split_at;
  gboolean   *release_flag;  /* runAction bodies wait for *release_flag */
  gboolean    hold_until_cancel;
  gboolean    cancel_seen;
  gboolean    never_answer;
};

static void
recorded_free (Recorded *r)
{
  g_free (r->method);
  g_free (r->path);
  g_free (r->content_type);
  g_clear_pointer (&r->body, g_bytes_unref);
  g_free (r);
}

static void
job_free (Job *job)
{
  if (job->source_id != 0)
    g_source_remove (job->source_id);
  g_clear_pointer (&job->pieces, g_ptr_array_unref);
  g_clear_object (&job->msg);
  g_free (job);
}

static void
job_finished_cb (SoupServerMessage *msg,
                 Job               *job)
{
  job->finished = TRUE;
}

static gboolean job_write_next (gpointer data);

static void
job_schedule (Job   *job,
              guint  delay_ms)
{
  if (delay_ms == 0)
    job->source_id = g_idle_add (job_write_next, job);
  else
    job->source_id = g_timeout_add (delay_ms, job_write_next, job);
}

static gboolean
job_released (Job *job)
{
  Replay *replay = job->replay;

  if (replay->hold_until_cancel && !replay->cancel_seen)
    return FALSE;
  if (replay->release_flag != NULL && !*replay->release_flag)
    return FALSE;
  return TRUE;
}

static gboolean
job_write_next (gpointer data)
{
  Job *job = data;
  SoupMessageBody *body;

  job->source_id = 0;
  if (job->finished)
    return G_SOURCE_REMOVE;

  if (job->next == 0 && !job_released (job))
    {
      job_schedule (job, 5);
      return G_SOURCE_REMOVE;
    }

  body = soup_server_message_get_response_body (job->msg);
  if (job->next < job->pieces->len)
    {
      soup_message_body_append_bytes (body, g_ptr_array_index (job->pieces, job->next));
      job->next++;
      soup_server_message_unpause (job->msg);
      job_schedule (job, job->delay_ms);
    }
  else
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (job->msg);
    }
  return G_SOURCE_REMOVE;
}

static GPtrArray *
split_pieces (GBytes    *bytes,
              PieceMode  mode,
              gsize      split_at)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  gsize len = g_bytes_get_size (bytes);
  const char *data = g_bytes_get_data (bytes, NULL);
  gsize start = 0;

  switch (mode)
    {
    case PIECES_LINES:
      for (gsize i = 0; i < len; i++)
        if (data[i] == '\n')
          {
            g_ptr_array_add (pieces, g_bytes_new_from_bytes (bytes, start, i + 1 - start));
            start = i + 1;
          }
      if (start < len)
        g_ptr_array_add (pieces, g_bytes_new_from_bytes (bytes, start, len - start));
      break;
    case PIECES_BYTES:
      for (gsize i = 0; i < len; i++)
        g_ptr_array_add (pieces, g_bytes_new_from_bytes (bytes, i, 1));
      break;
    case PIECES_SPLIT:
      if (split_at > 0)
        g_ptr_array_add (pieces, g_bytes_new_from_bytes (bytes, 0, split_at));
      if (split_at < len)
        g_ptr_array_add (pieces, g_bytes_new_from_bytes (bytes, split_at, len - split_at));
      break;
    default:
      g_assert_not_reached ();
    }
  return pieces;
}

static void
replay_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Replay *replay = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  g_autofree char *key = g_strconcat (method, " ", path, NULL);
  g_autoptr(GList) header_names = NULL;
  Recorded *recorded;
  Fixture *f;

  recorded = g_new0 (Recorded, 1);
  recorded->method = g_strdup (method);
  recorded->path = g_uri_get_query (uri)
                   ? g_strconcat (path, "?", g_uri_get_query (uri), NULL)
                   : g_strdup (path);
  recorded->content_type = g_strdup (soup_message_headers_get_content_type (
                                       soup_server_message_get_request_headers (msg), NULL));
  if (request_body->length > 0)
    recorded->body = soup_message_body_flatten (request_body);
  g_ptr_array_add (replay->requests, recorded);

  if (g_str_equal (path, "/api/cancelAction"))
    replay->cancel_seen = TRUE;

  if (replay->never_answer)
    {
      soup_server_message_pause (msg);
      return;
    }

  if (!(f = g_hash_table_lookup (replay->routes, key)))
    {
      soup_server_message_set_status (msg, 500, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, "no route", 8);
      return;
    }

  soup_server_message_set_status (msg, f->status, NULL);
  header_names = json_object_get_members (f->headers);
  for (GList *l = header_names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_ascii_strcasecmp (name, "Content-Length") == 0 ||
          g_ascii_strcasecmp (name, "Transfer-Encoding") == 0 ||
          g_ascii_strcasecmp (name, "Connection") == 0 ||
          g_ascii_strcasecmp (name, "Keep-Alive") == 0 ||
          g_ascii_strcasecmp (name, "Date") == 0)
        continue;
      soup_message_headers_append (response_headers, name,
                                   json_object_get_string_member (f->headers, name));
    }

  if (!f->chunked)
    {
      gsize len = 0;
      const char *data = g_bytes_get_data (f->body, &len);

      soup_message_headers_set_content_length (response_headers, (goffset) len);
      soup_message_body_append (soup_server_message_get_response_body (msg), SOUP_MEMORY_COPY,
                                data, len);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
      return;
    }

  {
    Job *job = g_new0 (Job, 1);

    /* Headers now, the body later, as the JavaScript runtime does. */
    soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
    job->replay = replay;
    job->msg = g_object_ref (msg);
    job->pieces = split_pieces (f->body, replay->piece_mode, replay->split_at);
    job->delay_ms = replay->piece_mode == PIECES_BYTES ? 0 : 2;
    g_signal_connect (msg, "finished", G_CALLBACK (job_finished_cb), job);
    g_ptr_array_add (replay->jobs, job);
    job_schedule (job, 1);
  }
}

static Replay *
replay_new (void)
{
  Replay *replay = g_new0 (Replay, 1);

  replay->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (replay->server, NULL, replay_handler, replay, NULL);
  replay->url = test_listen_on_loopback (replay->server);

  replay->routes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  replay->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) recorded_free);
  replay->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) job_free);
  return replay;
}

static void
replay_free (Replay *replay)
{
  for (guint i = 0; i < replay->jobs->len; i++)
    {
      Job *job = g_ptr_array_index (replay->jobs, i);

      g_signal_handlers_disconnect_by_data (job->msg, job);
    }
  soup_server_disconnect (replay->server);
  g_clear_object (&replay->server);
  g_ptr_array_unref (replay->jobs);
  g_ptr_array_unref (replay->requests);
  g_hash_table_unref (replay->routes);
  g_free (replay->url);
  g_free (replay);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Replay, replay_free)

/* Answer requests for @f's method and path (without query) with @f. */
static void
replay_route (Replay  *replay,
              Fixture *f)
{
  g_autofree char *path = g_strdup (f->path);
  char *query = strchr (path, '?');

  if (query != NULL)
    *query = '\0';
  g_hash_table_replace (replay->routes, g_strconcat (f->method, " ", path, NULL), f);
}

static void
replay_route_as (Replay     *replay,
                 const char *method,
                 const char *path,
                 Fixture    *f)
{
  g_hash_table_replace (replay->routes, g_strconcat (method, " ", path, NULL), f);
}

static Recorded *
replay_find_request (Replay     *replay,
                     const char *path_prefix)
{
  for (guint i = 0; i < replay->requests->len; i++)
    {
      Recorded *r = g_ptr_array_index (replay->requests, i);

      if (g_str_has_prefix (r->path, path_prefix))
        return r;
    }
  return NULL;
}

/* Our request is the one the fixture recorded: method, path and query, JSON body. */
static void
assert_request_matches (Recorded *r,
                        Fixture  *f)
{
  g_assert_nonnull (r);
  g_assert_cmpstr (r->method, ==, f->method);
  g_assert_cmpstr (r->path, ==, f->path);
  if (f->request_body == NULL)
    g_assert_null (r->body);
  else
    {
      g_autoptr(JsonNode) sent = NULL;
      g_autofree char *sent_text = NULL;
      g_autofree char *want_text = json_to_string (f->request_body, FALSE);

      g_assert_nonnull (r->body);
      g_assert_cmpstr (r->content_type, ==, "application/json");
      sent_text = g_strndup (g_bytes_get_data (r->body, NULL), g_bytes_get_size (r->body));
      sent = test_json (sent_text);
      if (!json_node_equal (sent, f->request_body))
        g_error ("%s: sent %s, the fixture has %s", f->file, sent_text, want_text);
    }
}

/* Waiting ----------------------------------------------------------------------------------- */

static gboolean
watchdog_cb (gpointer data)
{
  g_error ("%s: nothing happened for 30 s", (const char *) data);
  return G_SOURCE_REMOVE;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  guint watchdog = g_timeout_add_seconds (30, watchdog_cb, (gpointer) "wait_result");

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (watchdog);
  return *slot;
}

static GenkitRemoteRuntime *
runtime_for (Replay *replay)
{
  g_autoptr(GError) error = NULL;
  GenkitRemoteRuntime *runtime = genkit_remote_runtime_new_for_url (replay->url, &error);

  g_assert_no_error (error);
  return runtime;
}

/* A runtime made from the JavaScript runtime's own discovery file, pointing at @url. */
static GenkitRemoteRuntime *
runtime_from_discovery_file (const char *url)
{
  g_autofree char *path = g_build_filename (fixtures_dir, "discovery", "runtime-file.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *info;
  GenkitRemoteRuntime *runtime;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  info = json_node_get_object (json_parser_get_root (parser));
  json_object_set_string_member (info, "reflectionServerUrl", url);
  runtime = genkit_remote_runtime_new_from_info (info, &error);
  g_assert_no_error (error);
  return runtime;
}

typedef struct
{
  GenkitActionResult *result;
  GError             *error;
  GPtrArray          *chunks;
  char               *trace_id;
  char               *span_id;
  guint               n_started;
  guint               chunks_when_started;
  gboolean            started;     /* the replay's release flag */
  GCancellable       *cancel_on_start;
  GAsyncResult       *async_result;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->result, genkit_action_result_unref);
  g_clear_error (&run->error);
  g_clear_pointer (&run->chunks, g_ptr_array_unref);
  g_clear_pointer (&run->trace_id, g_free);
  g_clear_pointer (&run->span_id, g_free);
  g_clear_object (&run->cancel_on_start);
  g_clear_object (&run->async_result);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_chunk_cb (JsonNode *chunk,
              gpointer  user_data)
{
  Run *run = user_data;

  g_assert_cmpuint (run->n_started, <=, 1);
  g_ptr_array_add (run->chunks, json_node_copy (chunk));
}

static void
run_started_cb (const char *trace_id,
                const char *span_id,
                gpointer    user_data)
{
  Run *run = user_data;

  run->n_started++;
  run->chunks_when_started = run->chunks->len;
  g_free (run->trace_id);
  g_free (run->span_id);
  run->trace_id = g_strdup (trace_id);
  run->span_id = g_strdup (span_id);
  run->started = TRUE;
  if (run->cancel_on_start != NULL)
    g_cancellable_cancel (run->cancel_on_start);
}

static void
run_remote (GenkitRuntime *runtime,
            const char    *key,
            JsonNode      *input,
            JsonObject    *context,
            JsonObject    *labels,
            gboolean       stream,
            GCancellable  *cancellable,
            Run           *run)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();

  run->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (context != NULL)
    genkit_run_options_set_context (options, context);
  if (labels != NULL)
    genkit_run_options_set_telemetry_labels (options, labels);
  if (stream)
    genkit_run_options_set_stream_func (options, run_chunk_cb, run, NULL);
  genkit_run_options_set_started_func (options, run_started_cb, run, NULL);

  genkit_runtime_run_action_async (runtime, key, input, options, cancellable, result_cb,
                                   &run->async_result);
  wait_result (&run->async_result);
  run->result = genkit_runtime_run_action_finish (runtime, run->async_result, &run->error);
  g_assert_true ((run->result == NULL) != (run->error == NULL));
}

/* What a run fixture's body says: the chunk lines and the final object. */
static void
fixture_expected_run (Fixture    *f,
                      GPtrArray **chunks,
                      JsonNode  **final)
{
  const char *text = f->text;
  gboolean stream = strstr (f->path, "stream=true") != NULL;

  *chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (stream)
    {
      g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
      guint n = g_strv_length (lines);

      for (guint i = 0; i + 1 < n; i++)
        g_ptr_array_add (*chunks, test_json (lines[i]));
      *final = test_json (lines[n - 1]);
    }
  else
    *final = test_json (text);
}

/* Runs the fixture's request through the client and checks the client's view of the
 * fixture's answer. @error_code: 0 when the fixture is a success. */
static void
check_run_fixture (Fixture *f,
                   int      error_code,
                   gboolean request_reproducible,
                   Replay  *replay_in)
{
  g_autoptr(Replay) own_replay = replay_in ? NULL : replay_new ();
  Replay *replay = replay_in ? replay_in : own_replay;
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GPtrArray) want_chunks = NULL;
  g_autoptr(JsonNode) final = NULL;
  g_auto(Run) run = { 0 };
  /* 41's request is not even JSON: our client makes the nearest request it can. */
  JsonObject *request = JSON_NODE_HOLDS_OBJECT (f->request_body)
                        ? json_node_get_object (f->request_body) : NULL;
  const char *key = request && json_object_has_member (request, "key")
                    ? json_object_get_string_member (request, "key") : "/flow/greet";
  JsonNode *input = request ? json_object_get_member (request, "input") : NULL;
  JsonObject *context = request && json_object_has_member (request, "context")
                        ? json_object_get_object_member (request, "context") : NULL;
  JsonObject *labels = request && json_object_has_member (request, "telemetryLabels")
                       ? json_object_get_object_member (request, "telemetryLabels") : NULL;
  gboolean stream = strstr (f->path, "stream=true") != NULL;
  const char *header_trace = fixture_header (f, "X-Genkit-Trace-Id");
  const char *header_span = fixture_header (f, "X-Genkit-Span-Id");

  replay_route (replay, f);
  /* Bodies wait until the client reported the trace id it read from the headers. */
  if (header_trace != NULL)
    replay->release_flag = &run.started;

  run_remote (GENKIT_RUNTIME (runtime), key, input, context, labels, stream, NULL, &run);
  replay->release_flag = NULL;

  if (request_reproducible)
    assert_request_matches (replay_find_request (replay, "/api/runAction"), f);

  if (header_trace != NULL)
    {
      g_assert_cmpuint (run.n_started, ==, 1);
      g_assert_cmpuint (run.chunks_when_started, ==, 0);
      g_assert_cmpstr (run.trace_id, ==, header_trace);
      g_assert_cmpstr (run.span_id, ==, header_span);
    }

  if (f->status != 200)
    {
      g_assert_error (run.error, GENKIT_ERROR, error_code);
      g_assert_cmpstr (run.error->message, ==, f->text);
      return;
    }

  fixture_expected_run (f, &want_chunks, &final);
  g_assert_cmpuint (run.chunks->len, ==, want_chunks->len);
  for (guint i = 0; i < want_chunks->len; i++)
    g_assert_true (json_node_equal (g_ptr_array_index (run.chunks, i),
                                    g_ptr_array_index (want_chunks, i)));

  if (error_code != 0)
    {
      JsonObject *status = json_object_get_object_member (json_node_get_object (final), "error");

      g_assert_error (run.error, GENKIT_ERROR, error_code);
      g_assert_cmpstr (run.error->message, ==, json_object_get_string_member (status, "message"));
      if (header_trace == NULL)
        g_assert_cmpuint (run.n_started, ==, 0);
      else if (json_object_has_member (status, "details") &&
               json_object_has_member (json_object_get_object_member (status, "details"), "traceId"))
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (status, "details"),
                                                        "traceId"), ==, run.trace_id);
    }
  else
    {
      JsonObject *object = json_node_get_object (final);
      JsonNode *want = json_object_get_member (object, "result");
      JsonNode *got;

      g_assert_no_error (run.error);
      got = genkit_action_result_get_result (run.result);
      if (want == NULL)
        g_assert_null (got);
      else
        {
          g_autofree char *got_text = test_to_string (got);
          g_autofree char *want_text = test_to_string (want);

          if (got == NULL || !json_node_equal (got, want))
            g_error ("%s: result %s, the fixture has %s", f->file, got_text, want_text);
        }
      g_assert_cmpstr (genkit_action_result_get_trace_id (run.result), ==,
                       json_object_get_string_member (json_object_get_object_member (object,
                                                                                      "telemetry"),
                                                      "traceId"));
      g_assert_cmpstr (genkit_action_result_get_span_id (run.result), ==, header_span);
    }
}

/* One test per fixture ---------------------------------------------------------------------- */

static void
check_health (GenkitRemoteRuntime *runtime,
              gboolean            *healthy,
              GError             **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_remote_runtime_check_health_async (runtime, NULL, result_cb, &result);
  *healthy = genkit_remote_runtime_check_health_finish (runtime, wait_result (&result), error);
}

static void
fixture_health (Fixture *f)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = NULL;
  g_autoptr(GError) error = NULL;
  gboolean healthy = FALSE;

  replay_route (replay, f);
  if (g_str_equal (f->path, "/api/__health"))
    runtime = runtime_for (replay);
  else
    {
      /* The discovery file's id is 20204-3100; 03 asked with another one. */
      runtime = runtime_from_discovery_file (replay->url);
      if (g_str_has_suffix (f->path, "?id=0-0"))
        {
          JsonObject *info = json_object_ref (genkit_remote_runtime_get_info (runtime));

          json_object_set_string_member (info, "id", "0-0");
          g_clear_object (&runtime);
          runtime = genkit_remote_runtime_new_from_info (info, &error);
          json_object_unref (info);
          g_assert_no_error (error);
        }
    }

  check_health (runtime, &healthy, &error);
  assert_request_matches (g_ptr_array_index (replay->requests, 0), f);
  if (f->status == 200)
    {
      g_assert_no_error (error);
      g_assert_true (healthy);
    }
  else
    {
      g_assert_false (healthy);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
      g_assert_cmpstr (error->message, ==, "Invalid runtime ID");
    }
}

static void
fixture_actions (Fixture *f)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(JsonNode) want = NULL;
  g_autoptr(GList) keys = NULL;
  JsonObject *object;

  replay_route (replay, f);
  genkit_runtime_list_actions_async (GENKIT_RUNTIME (runtime), NULL, result_cb, &result);
  actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (runtime), wait_result (&result),
                                                &error);
  g_assert_no_error (error);
  assert_request_matches (g_ptr_array_index (replay->requests, 0), f);

  want = test_json (f->text);
  g_assert_true (json_node_equal (actions, want));

  object = json_node_get_object (actions);
  g_assert_cmpuint (json_object_get_size (object), ==, 18);
  for (const char *const *k = (const char *const[]) { "/flow/greet", "/flow/countdown",
                                                       "/model/echo", "/tool/add",
                                                       "/tool.v2/add", "/util/generate",
                                                       "/prompt/hello",
                                                       "/executable-prompt/hello",
                                                       "/evaluator/exactMatch",
                                                       "/embedder/fakeEmbedder",
                                                       "/retriever/memRetriever", NULL };
       *k != NULL; k++)
    g_assert_true (json_object_has_member (object, *k));

  keys = json_object_get_members (object);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonObject *desc = json_object_get_object_member (object, l->data);

      g_assert_cmpstr (json_object_get_string_member (desc, "key"), ==, l->data);
      g_assert_nonnull (json_object_get_string_member (desc, "name"));
    }
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "/model/echo"),
                                                  "name"), ==, "echo");
}

static void
fixture_envs (Fixture *f)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) envs = NULL;
  g_autofree char *text = NULL;

  replay_route (replay, f);
  genkit_remote_runtime_list_envs_async (runtime, NULL, result_cb, &result);
  envs = genkit_remote_runtime_list_envs_finish (runtime, wait_result (&result), &error);
  g_assert_no_error (error);
  assert_request_matches (g_ptr_array_index (replay->requests, 0), f);
  text = test_to_string (envs);
  g_assert_cmpstr (text, ==, "[\"dev\"]");
}

static JsonNode *
list_values (GenkitRemoteRuntime  *runtime,
             const char           *type,
             GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_runtime_list_values_async (GENKIT_RUNTIME (runtime), type, NULL, result_cb, &result);
  return genkit_runtime_list_values_finish (GENKIT_RUNTIME (runtime), wait_result (&result), error);
}

static void
fixture_values (Fixture *f)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) values = NULL;
  const char *type = strstr (f->path, "type=");

  replay_route (replay, f);
  if (type != NULL)
    {
      values = list_values (runtime, type + strlen ("type="), &error);
      assert_request_matches (g_ptr_array_index (replay->requests, 0), f);
    }
  else
    /* Our client always names a type; the answer to a request without one is the same
     * 400 as to an empty type. */
    values = list_values (runtime, "", &error);

  if (f->status == 200)
    {
      g_autofree char *text = test_to_string (values);

      g_assert_no_error (error);
      g_assert_cmpstr (text, ==, "{}");
    }
  else
    {
      g_assert_null (values);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, f->text);
    }
}

static void
fixture_notify (Fixture *f)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *request = fixture_request_object (f);
  const char *url = json_object_get_string_member (request, "telemetryServerUrl");
  gboolean ok;

  replay_route (replay, f);
  genkit_runtime_notify_async (GENKIT_RUNTIME (runtime), url, NULL, result_cb, &result);
  ok = genkit_runtime_notify_finish (GENKIT_RUNTIME (runtime), wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (ok);

  /* 11 recorded a notify without `reflectionApiSpecVersion`, which we always send. */
  if (json_object_has_member (request, "reflectionApiSpecVersion"))
    assert_request_matches (g_ptr_array_index (replay->requests, 0), f);
}

static void
fixture_run_ok (Fixture *f)
{
  check_run_fixture (f, 0, TRUE, NULL);
}

static void
fixture_run_unknown_action (Fixture *f)
{
  check_run_fixture (f, GENKIT_ERROR_NOT_FOUND, TRUE, NULL);
}

static void
fixture_run_internal_unreproducible (Fixture *f)
{
  /* 41 (a malformed body) and 42 (no key) are requests our client cannot make; their
   * answers still have to read as the runtime's INTERNAL errors. */
  check_run_fixture (f, GENKIT_ERROR_INTERNAL, FALSE, NULL);
}

static void
fixture_run_invalid_argument (Fixture *f)
{
  check_run_fixture (f, GENKIT_ERROR_INVALID_ARGUMENT, TRUE, NULL);
}

static gboolean
cancel_action (GenkitRemoteRuntime  *runtime,
               const char           *trace_id,
               GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_runtime_cancel_action_async (GENKIT_RUNTIME (runtime), trace_id, NULL, result_cb, &result);
  return genkit_runtime_cancel_action_finish (GENKIT_RUNTIME (runtime), wait_result (&result), error);
}

static void
fixture_cancel (Fixture *f)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GError) error = NULL;
  JsonObject *request = fixture_request_object (f);
  gboolean reproducible = json_object_has_member (request, "traceId");
  gboolean ok;

  replay_route (replay, f);
  ok = cancel_action (runtime,
                      reproducible ? json_object_get_string_member (request, "traceId") : "",
                      &error);
  if (reproducible)
    assert_request_matches (g_ptr_array_index (replay->requests, 0), f);

  switch (f->status)
    {
    case 200:
      g_assert_no_error (error);
      g_assert_true (ok);
      break;
    case 400:
      g_assert_false (ok);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error->message, ==, "traceId is required");
      break;
    case 404:
      g_assert_false (ok);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
      g_assert_cmpstr (error->message, ==, "Action not found or already completed");
      break;
    default:
      g_assert_not_reached ();
    }
}

/* 50/52: a run of the slow flow, cancelled through its GCancellable once the trace id is
 * known: the client sends the cancelAction the fixture's partner recorded (51/53), and the
 * runtime's CANCELLED answer ends the run. */
static void
fixture_run_cancelled (Fixture *f)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(Fixture) ack = fixture_load ("reflection",
                                         strstr (f->path, "stream=true")
                                         ? "53-cancel-running-action-stream.json"
                                         : "51-cancel-running-action.json");
  g_auto(Run) run = { 0 };
  JsonObject *request = fixture_request_object (f);
  gboolean stream = strstr (f->path, "stream=true") != NULL;
  Recorded *cancel;
  gint64 start;

  replay_route (replay, f);
  replay_route (replay, ack);
  replay->hold_until_cancel = TRUE;
  run.cancel_on_start = g_cancellable_new ();

  start = g_get_monotonic_time ();
  run_remote (GENKIT_RUNTIME (runtime), json_object_get_string_member (request, "key"),
              json_object_get_member (request, "input"), NULL, NULL, stream,
              run.cancel_on_start, &run);

  assert_request_matches (replay_find_request (replay, "/api/runAction"), f);
  cancel = replay_find_request (replay, "/api/cancelAction");
  g_assert_nonnull (cancel);
  g_assert_cmpstr (run.trace_id, ==, fixture_header (f, "X-Genkit-Trace-Id"));
  /* The cancel names the run's trace id, as in the recorded pair. */
  assert_request_matches (cancel, ack);

  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpuint (run.chunks->len, ==, 0);
  /* The runtime's answer ended it, not the grace period. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

static void
fixture_cancel_ack (Fixture *f)
{
  fixture_cancel (f);
}

/* 54/55: Express's HTML 404 for a route the runtime does not have. */
static void
fixture_unknown_route (Fixture *f)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *want = g_strdup_printf ("Cannot GET %s", f->path);

  if (g_str_equal (f->path, "/api/doesNotExist"))
    {
      /* A runtime without /api/values has no values, as the CLI reads it. */
      g_autofree char *text = NULL;

      replay_route_as (replay, "GET", "/api/values", f);
      node = list_values (runtime, "defaultModel", &error);
      g_assert_no_error (error);
      text = test_to_string (node);
      g_assert_cmpstr (text, ==, "{}");

      /* Elsewhere the page's text is the error. */
      replay_route_as (replay, "GET", "/api/envs", f);
      genkit_remote_runtime_list_envs_async (runtime, NULL, result_cb, &result);
      g_clear_pointer (&node, json_node_unref);
      node = genkit_remote_runtime_list_envs_finish (runtime, wait_result (&result), &error);
    }
  else
    {
      replay_route_as (replay, "GET", "/api/actions", f);
      genkit_runtime_list_actions_async (GENKIT_RUNTIME (runtime), NULL, result_cb, &result);
      node = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (runtime), wait_result (&result),
                                                 &error);
    }

  g_assert_null (node);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, want);
}

static void
fixture_quit (Fixture *f)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  replay_route (replay, f);
  genkit_remote_runtime_quit_async (runtime, NULL, result_cb, &result);
  ok = genkit_remote_runtime_quit_finish (runtime, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  assert_request_matches (g_ptr_array_index (replay->requests, 0), f);
}

typedef void (*FixtureCheck) (Fixture *f);

static const struct
{
  const char   *file;
  FixtureCheck  check;
} fixture_checks[] = {
  { "01-health.json", fixture_health },
  { "02-health-id-match.json", fixture_health },
  { "03-health-id-mismatch.json", fixture_health },
  { "04-actions.json", fixture_actions },
  { "05-envs.json", fixture_envs },
  { "06-values-defaultModel.json", fixture_values },
  { "07-values-middleware.json", fixture_values },
  { "08-values-missing-type.json", fixture_values },
  { "09-values-bad-type.json", fixture_values },
  { "10-notify.json", fixture_notify },
  { "11-notify-no-spec-version.json", fixture_notify },
  { "12-run-flow-greet.json", fixture_run_ok },
  { "13-run-flow-greet-stream.json", fixture_run_ok },
  { "14-run-flow-countdown.json", fixture_run_ok },
  { "15-run-flow-countdown-stream.json", fixture_run_ok },
  { "16-run-flow-streamEcho-stream.json", fixture_run_ok },
  { "17-run-flow-useTool.json", fixture_run_ok },
  { "18-run-flow-whoami-context-labels.json", fixture_run_ok },
  { "19-run-model-echo.json", fixture_run_ok },
  { "20-run-model-echo-stream.json", fixture_run_ok },
  { "21-run-model-echo-json-output.json", fixture_run_ok },
  { "22-run-model-echo-tool-request.json", fixture_run_ok },
  { "23-run-util-generate.json", fixture_run_ok },
  { "24-run-util-generate-stream.json", fixture_run_ok },
  { "25-run-util-generate-tool-loop.json", fixture_run_ok },
  { "26-run-prompt-hello.json", fixture_run_ok },
  { "27-run-executable-prompt-hello.json", fixture_run_ok },
  { "28-run-prompt-codeGreeting.json", fixture_run_ok },
  { "29-run-executable-prompt-codeGreeting.json", fixture_run_ok },
  { "30-run-tool-add.json", fixture_run_ok },
  { "31-run-tool-v2-add.json", fixture_run_ok },
  { "32-run-evaluator-exactMatch.json", fixture_run_ok },
  { "33-run-embedder-fakeEmbedder.json", fixture_run_ok },
  { "34-run-retriever-memRetriever.json", fixture_run_ok },
  { "40-error-unknown-action.json", fixture_run_unknown_action },
  { "41-error-malformed-json.json", fixture_run_internal_unreproducible },
  { "42-error-missing-key.json", fixture_run_internal_unreproducible },
  { "43-error-invalid-input.json", fixture_run_invalid_argument },
  { "44-error-invalid-input-stream.json", fixture_run_invalid_argument },
  { "45-error-flow-throws.json", fixture_run_invalid_argument },
  { "46-error-flow-throws-stream.json", fixture_run_invalid_argument },
  { "47-error-unknown-action-stream.json", fixture_run_unknown_action },
  { "48-cancel-missing-traceId.json", fixture_cancel },
  { "49-cancel-unknown-traceId.json", fixture_cancel },
  { "50-run-flow-sleep-cancelled.json", fixture_run_cancelled },
  { "51-cancel-running-action.json", fixture_cancel_ack },
  { "52-run-flow-sleep-cancelled-stream.json", fixture_run_cancelled },
  { "53-cancel-running-action-stream.json", fixture_cancel_ack },
  { "54-unknown-route.json", fixture_unknown_route },
  { "55-get-runAction.json", fixture_unknown_route },
  { "99-quitquitquit.json", fixture_quit },
};

static void
test_fixture (gconstpointer data)
{
  guint index = GPOINTER_TO_UINT (data);
  g_autoptr(Fixture) f = fixture_load ("reflection", fixture_checks[index].file);

  fixture_checks[index].check (f);
}

static void
test_every_fixture_checked (void)
{
  g_autofree char *dir_path = g_build_filename (fixtures_dir, "reflection", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n = 0;

  g_test_summary ("Every captured reflection exchange has a check in this file");

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      gboolean found = FALSE;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      n++;
      for (guint i = 0; i < G_N_ELEMENTS (fixture_checks); i++)
        found = found || g_str_equal (fixture_checks[i].file, name);
      if (!found)
        g_error ("The fixture %s has no check in test-remote-runtime.c", name);
    }
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (fixture_checks));
}

/* Streams split anywhere -------------------------------------------------------------------- */

static void
collect_cb (JsonNode *chunk,
            gpointer  user_data)
{
  g_ptr_array_add (user_data, json_node_copy (chunk));
}

static void
assert_reader_result (Fixture            *f,
                      GenkitNdjsonReader *reader,
                      GPtrArray          *got,
                      const char         *how)
{
  g_autoptr(GPtrArray) want_chunks = NULL;
  g_autoptr(JsonNode) want_final = NULL;
  g_autoptr(JsonNode) final = NULL;
  g_autoptr(GError) error = NULL;

  fixture_expected_run (f, &want_chunks, &want_final);
  final = _genkit_ndjson_reader_finish (reader, &error);
  g_assert_no_error (error);
  if (got->len != want_chunks->len || !json_node_equal (final, want_final))
    g_error ("%s split %s: %u chunks (want %u)", f->file, how, got->len, want_chunks->len);
  for (guint i = 0; i < got->len; i++)
    g_assert_true (json_node_equal (g_ptr_array_index (got, i), g_ptr_array_index (want_chunks, i)));
}

static void
test_stream_split_everywhere (void)
{
  g_autofree char *dir_path = g_build_filename (fixtures_dir, "reflection", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  guint n_fixtures = 0;

  g_test_summary ("Every streamed fixture body parses the same whichever byte the network "
                  "splits it at, and fed one byte at a time");

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(Fixture) f = fixture_load ("reflection", name);
      const guint8 *data;
      gsize len = 0;

      if (f->status != 200 || strstr (f->path, "/api/runAction?stream=true") == NULL)
        continue;
      n_fixtures++;
      data = g_bytes_get_data (f->body, &len);

      for (gsize split = 0; split <= len; split++)
        {
          g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
          g_autoptr(GenkitNdjsonReader) reader = _genkit_ndjson_reader_new (TRUE, collect_cb, got);
          g_autofree char *how = g_strdup_printf ("at %" G_GSIZE_FORMAT, split);

          g_assert_true (_genkit_ndjson_reader_feed (reader, data, split, &error));
          g_assert_true (_genkit_ndjson_reader_feed (reader, data + split, len - split, &error));
          assert_reader_result (f, reader, got, how);
        }

      {
        g_autoptr(GPtrArray) got = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
        g_autoptr(GenkitNdjsonReader) reader = _genkit_ndjson_reader_new (TRUE, collect_cb, got);

        for (gsize i = 0; i < len; i++)
          g_assert_true (_genkit_ndjson_reader_feed (reader, data + i, 1, &error));
        assert_reader_result (f, reader, got, "into bytes");
      }
    }
  /* 13, 15, 16, 20, 24, 44, 46, 52 */
  g_assert_cmpuint (n_fixtures, ==, 8);
}

static void
test_stream_split_over_http (void)
{
  g_autoptr(Fixture) countdown = fixture_load ("reflection", "15-run-flow-countdown-stream.json");
  g_autofree char *dir_path = g_build_filename (fixtures_dir, "reflection", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = g_bytes_get_size (countdown->body);
  const char *name;

  g_test_summary ("Over HTTP: the countdown stream split into two HTTP chunks at every byte, "
                  "and every streamed fixture sent one byte per HTTP chunk");

  for (gsize split = 1; split < len; split++)
    {
      g_autoptr(Replay) replay = replay_new ();

      replay->piece_mode = PIECES_SPLIT;
      replay->split_at = split;
      check_run_fixture (countdown, 0, TRUE, replay);
    }

  dir = g_dir_open (dir_path, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(Fixture) f = fixture_load ("reflection", name);
      g_autoptr(Replay) replay = NULL;
      int code = 0;

      if (f->status != 200 || strstr (f->path, "/api/runAction?stream=true") == NULL ||
          strstr (name, "cancelled") != NULL)
        continue;
      if (strstr (name, "error") != NULL)
        code = GENKIT_ERROR_INVALID_ARGUMENT;

      replay = replay_new ();
      replay->piece_mode = PIECES_BYTES;
      check_run_fixture (f, code, TRUE, replay);
    }
}

/* Beyond the fixtures ----------------------------------------------------------------------- */

/* A port nothing listens on: bound, read, closed. */
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

static void
test_connection_refused (void)
{
  g_autofree char *url = dead_url ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitRemoteRuntime) runtime = genkit_remote_runtime_new_for_url (url, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_auto(Run) run = { 0 };
  gboolean healthy = TRUE;

  g_test_summary ("A runtime that refuses the connection: UNAVAILABLE everywhere, unhealthy");

  g_assert_no_error (error);
  genkit_runtime_list_actions_async (GENKIT_RUNTIME (runtime), NULL, result_cb, &result);
  actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (runtime), wait_result (&result),
                                                &error);
  g_assert_null (actions);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  run_remote (GENKIT_RUNTIME (runtime), "/flow/greet", NULL, NULL, NULL, TRUE, NULL, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  g_assert_cmpuint (run.n_started, ==, 0);

  check_health (runtime, &healthy, &error);
  g_assert_false (healthy);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
}

/* A server answering every request with one canned response. */
typedef struct
{
  guint       status;
  const char *content_type;
  const char *body;
  gboolean    chunked;
  const char *trace_id;
} Canned;

static void
canned_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  Canned *canned = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_server_message_set_status (msg, canned->status, NULL);
  if (canned->trace_id != NULL)
    {
      soup_message_headers_append (headers, "X-Genkit-Trace-Id", canned->trace_id);
      soup_message_headers_append (headers, "X-Genkit-Span-Id", "0123456789abcdef");
    }
  soup_server_message_set_response (msg, canned->content_type, SOUP_MEMORY_STATIC,
                                    canned->body, strlen (canned->body));
  if (canned->chunked)
    {
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_body_complete (soup_server_message_get_response_body (msg));
    }
}

static SoupServer *
canned_server (Canned  *canned,
               char   **url)
{
  SoupServer *server = soup_server_new (NULL, NULL);
  g_autofree char *base = NULL;

  soup_server_add_handler (server, NULL, canned_handler, canned, NULL);
  base = test_listen_on_loopback (server);
  *url = g_strconcat (base, "/", NULL);
  return server;
}

static void
run_canned (Canned   *canned,
            gboolean  stream,
            Run      *run)
{
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = canned_server (canned, &url);
  g_autoptr(GError) error = NULL;
  /* The trailing slash of the URL is dropped. */
  g_autoptr(GenkitRemoteRuntime) runtime = genkit_remote_runtime_new_for_url (url, &error);

  g_assert_no_error (error);
  run_remote (GENKIT_RUNTIME (runtime), "/flow/x", NULL, NULL, NULL, stream, NULL, run);
}

static void
test_garbage (void)
{
  Canned not_json = { 200, "application/json", "<html>oops</html>", TRUE, "0123456789abcdef0123456789abcdef" };
  Canned truncated = { 200, "text/plain", "{\"n\":1}\n{\"result\":", TRUE, NULL };
  Canned trailing_newline = { 200, "text/plain", "{\"n\":1}\n", TRUE, NULL };
  Canned bad_line = { 200, "text/plain", "{\"n\":1}\nnope\n{\"result\":1}", TRUE, NULL };
  Canned not_object = { 200, "application/json", "[1,2]", FALSE, NULL };
  Canned empty = { 200, "application/json", "", FALSE, NULL };
  Canned go_not_found = { 200, "application/json",
                          "{\"error\":{\"code\":5,\"message\":\"NOT_FOUND: no action /flow/x\","
                          "\"details\":{\"traceId\":\"fedcba9876543210fedcba9876543210\"}}}",
                          FALSE, NULL };
  Canned server_error = { 500, "text/plain", "", FALSE, NULL };

  g_test_summary ("Answers that are not Genkit's: garbage, truncated streams, a Go-style 200 "
                  "error, an empty 500");

  {
    g_auto(Run) run = { 0 };

    run_canned (&not_json, FALSE, &run);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
    g_assert_nonnull (strstr (run.error->message, "<html>oops</html>"));
    g_assert_cmpuint (run.n_started, ==, 1);
  }
  {
    g_auto(Run) run = { 0 };

    run_canned (&truncated, TRUE, &run);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
    g_assert_cmpuint (run.chunks->len, ==, 1);
  }
  {
    g_auto(Run) run = { 0 };

    run_canned (&trailing_newline, TRUE, &run);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
    g_assert_cmpstr (run.error->message, ==, "The runtime's stream ended without a final object");
  }
  {
    g_auto(Run) run = { 0 };

    run_canned (&bad_line, TRUE, &run);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
    g_assert_nonnull (strstr (run.error->message, "nope"));
    g_assert_cmpuint (run.chunks->len, ==, 1);
  }
  {
    g_auto(Run) run = { 0 };

    run_canned (&not_object, FALSE, &run);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
  }
  {
    g_auto(Run) run = { 0 };

    run_canned (&empty, FALSE, &run);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
  }
  {
    g_auto(Run) run = { 0 };

    /* No X-Genkit-Trace-Id: the trace id in `details` reaches the started callback. */
    run_canned (&go_not_found, FALSE, &run);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
    g_assert_cmpuint (run.n_started, ==, 1);
    g_assert_cmpstr (run.trace_id, ==, "fedcba9876543210fedcba9876543210");
    g_assert_cmpstr (run.span_id, ==, "");
  }
  {
    g_auto(Run) run = { 0 };

    run_canned (&server_error, FALSE, &run);
    g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
    g_assert_cmpstr (run.error->message, ==, "The runtime answered HTTP 500 Internal Server Error");
  }
}

static void
test_go_nulls (void)
{
  Canned go = { 200, "application/json",
                "{\"/flow/hello\":{\"key\":\"/flow/hello\",\"name\":\"hello\",\"type\":\"flow\","
                "\"description\":\"\",\"metadata\":null,\"inputSchema\":null,\"outputSchema\":null},"
                "\"/model/googleai/gemini\":{\"metadata\":null}}",
                FALSE, NULL };
  g_autofree char *url = NULL;
  g_autoptr(SoupServer) server = canned_server (&go, &url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitRemoteRuntime) runtime = genkit_remote_runtime_new_for_url (url, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("Go's listing: nulls are dropped, key and name filled in");

  genkit_runtime_list_actions_async (GENKIT_RUNTIME (runtime), NULL, result_cb, &result);
  actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (runtime), wait_result (&result),
                                                &error);
  g_assert_no_error (error);
  text = test_to_string (actions);
  g_assert_cmpstr (text, ==,
                   "{\"/flow/hello\":{\"key\":\"/flow/hello\",\"name\":\"hello\",\"type\":\"flow\","
                   "\"description\":\"\"},"
                   "\"/model/googleai/gemini\":{\"key\":\"/model/googleai/gemini\","
                   "\"name\":\"googleai/gemini\"}}");
}

static void
test_timeout (void)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) actions = NULL;
  gboolean healthy = FALSE;

  g_test_summary ("A runtime that never answers: short calls time out, its health counts as "
                  "good (as in the CLI)");

  replay->never_answer = TRUE;
  genkit_remote_runtime_set_timeout (runtime, 200);
  g_assert_cmpuint (genkit_remote_runtime_get_timeout (runtime), ==, 200);

  genkit_runtime_list_actions_async (GENKIT_RUNTIME (runtime), NULL, result_cb, &result);
  actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (runtime), wait_result (&result),
                                                &error);
  g_assert_null (actions);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED);
  g_clear_error (&error);

  check_health (runtime, &healthy, &error);
  g_assert_no_error (error);
  g_assert_true (healthy);
}

static void
test_cancel_short_call (void)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) actions = NULL;

  g_test_summary ("Cancelling a short call gives G_IO_ERROR_CANCELLED");

  replay->never_answer = TRUE;
  genkit_runtime_list_actions_async (GENKIT_RUNTIME (runtime), cancellable, result_cb, &result);
  while (replay->requests->len == 0)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (runtime), wait_result (&result),
                                                &error);
  g_assert_null (actions);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_cancel_ignored (void)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(Fixture) run_fixture = fixture_load ("reflection", "50-run-flow-sleep-cancelled.json");
  g_autoptr(Fixture) unknown = fixture_load ("reflection", "49-cancel-unknown-traceId.json");
  g_auto(Run) run = { 0 };
  gboolean never = FALSE;
  gint64 start;

  g_test_summary ("A runtime that never ends a cancelled run: the run still ends CANCELLED, "
                  "after the grace period");

  replay_route (replay, run_fixture);
  /* The runtime says it knows no such run, and the run's body never comes. */
  replay_route (replay, unknown);
  replay->release_flag = &never;
  run.cancel_on_start = g_cancellable_new ();

  start = g_get_monotonic_time ();
  run_remote (GENKIT_RUNTIME (runtime), "/flow/sleep", NULL, NULL, NULL, FALSE,
              run.cancel_on_start, &run);
  replay->release_flag = NULL;

  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_nonnull (replay_find_request (replay, "/api/cancelAction"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 2 * G_USEC_PER_SEC);
}

static void
test_cancel_before_start (void)
{
  g_autoptr(Replay) replay = replay_new ();
  g_autoptr(GenkitRemoteRuntime) runtime = runtime_for (replay);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(Run) run = { 0 };

  g_test_summary ("A run whose cancellable is already cancelled sends nothing");

  g_cancellable_cancel (cancellable);
  run_remote (GENKIT_RUNTIME (runtime), "/flow/greet", NULL, NULL, NULL, FALSE, cancellable, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpuint (replay->requests->len, ==, 0);
}

/* Discovery files, as the CLI's isValidRuntimeInfo() and discovery/attach-matrix.json have
 * them. */
static GenkitRemoteRuntime *
runtime_from_text (const char  *text,
                   GError     **error)
{
  g_autoptr(JsonNode) node = test_json (text);

  return genkit_remote_runtime_new_from_info (json_node_get_object (node), error);
}

static void
test_discovery_files (void)
{
  g_autofree char *path = g_build_filename (fixtures_dir, "discovery", "runtime-file.json", NULL);
  g_autofree char *minimal_path = g_build_filename (fixtures_dir, "discovery",
                                                    "minimal-runtime-file.json", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitRemoteRuntime) runtime = NULL;
  g_autoptr(GDateTime) expected = NULL;
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;
  g_autofree char *version = NULL;
  g_autofree char *url = NULL;
  static const char *const refused[] = {
    "{\"pid\":1,\"reflectionServerUrl\":\"http://localhost:3100\",\"timestamp\":\"2026-11-21T23:24:11.071Z\"}",
    "{\"id\":\"a\",\"reflectionServerUrl\":\"http://localhost:3100\",\"timestamp\":\"2026-11-21T23:24:11.071Z\"}",
    "{\"id\":\"a\",\"pid\":\"123\",\"reflectionServerUrl\":\"http://localhost:3100\",\"timestamp\":\"2026-11-21T23:24:11.071Z\"}",
    "{\"id\":\"a\",\"pid\":1,\"name\":5,\"reflectionServerUrl\":\"http://localhost:3100\",\"timestamp\":\"2026-11-21T23:24:11.071Z\"}",
    "{\"id\":\"a\",\"pid\":1,\"reflectionServerUrl\":\"http://localhost:3100\"}",
    "{\"id\":\"a\",\"pid\":1,\"reflectionServerUrl\":\"http://localhost:3100\",\"timestamp\":\"yesterday\"}",
    "{\"id\":\"a\",\"pid\":1,\"reflectionServerUrl\":\"http://localhost:3100\",\"timestamp\":\"1755800012345\"}",
    "{\"id\":\"a\",\"pid\":1,\"timestamp\":\"2026-11-21T23:24:11.071Z\"}",
    "{\"id\":\"a\",\"pid\":1,\"reflectionServerUrl\":\"ftp://localhost\",\"timestamp\":\"2026-11-21T23:24:11.071Z\"}",
    "{\"id\":\"a\",\"pid\":1,\"name\":null,\"reflectionServerUrl\":\"http://localhost:3100\",\"timestamp\":\"2026-11-21T23:24:11.071Z\"}",
  };

  g_test_summary ("Discovery files accepted and refused as the Genkit CLI does");

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  runtime = runtime_from_text (text, &error);
  g_assert_no_error (error);

  g_object_get (runtime, "id", &id, "name", &name, "genkit-version", &version,
                "reflection-server-url", &url, NULL);
  g_assert_cmpstr (id, ==, "20204-3100");
  g_assert_cmpstr (name, ==, "peer-sample");
  g_assert_cmpstr (version, ==, "nodejs/1.42.0");
  g_assert_cmpstr (url, ==, "http://localhost:3100");
  g_assert_cmpint (genkit_remote_runtime_get_pid (runtime), ==, 20204);
  g_assert_cmpint (genkit_remote_runtime_get_reflection_api_spec_version (runtime), ==, 1);
  expected = g_date_time_new_utc (2026, 11, 21, 23, 24, 11.071);
  g_assert_cmpint (ABS (g_date_time_difference (genkit_remote_runtime_get_timestamp (runtime),
                                                expected)), <=, 1);
  g_clear_object (&runtime);
  g_clear_pointer (&text, g_free);

  g_file_get_contents (minimal_path, &text, NULL, &error);
  g_assert_no_error (error);
  runtime = runtime_from_text (text, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_remote_runtime_get_name (runtime), ==, "c-rt-1");
  g_assert_null (genkit_remote_runtime_get_genkit_version (runtime));
  g_assert_cmpint (genkit_remote_runtime_get_reflection_api_spec_version (runtime), ==, 0);
  g_clear_object (&runtime);

  /* Go's file-name-friendly timestamp, and a spec version given as a string. */
  runtime = runtime_from_text ("{\"id\":\"a\",\"pid\":1.0,\"reflectionServerUrl\":\"http://127.0.0.1:1\","
                               "\"timestamp\":\"2026-11-21T23_28_28.000Z\","
                               "\"reflectionApiSpecVersion\":\"1\",\"name\":\"\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_date_time_get_minute (genkit_remote_runtime_get_timestamp (runtime)), ==, 28);
  g_assert_cmpint (genkit_remote_runtime_get_reflection_api_spec_version (runtime), ==, 1);
  g_assert_cmpstr (genkit_remote_runtime_get_name (runtime), ==, "a");
  g_clear_object (&runtime);

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      runtime = runtime_from_text (refused[i], &error);
      if (runtime != NULL)
        g_error ("accepted %s", refused[i]);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
    }

  runtime = genkit_remote_runtime_new_for_url ("localhost:3100", &error);
  g_assert_null (runtime);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

static void
test_project_root (void)
{
  g_autofree char *base = g_dir_make_tmp ("genkit-project-XXXXXX", NULL);
  g_autofree char *deep = g_build_filename (base, "app", "src", "lib", NULL);
  g_autofree char *app = g_build_filename (base, "app", NULL);
  g_autofree char *marker = g_build_filename (app, "go.mod", NULL);
  g_autofree char *root = NULL;
  g_autofree char *runtimes = NULL;

  g_test_summary ("The project root: nearest directory with one of the CLI's markers, else "
                  "the start directory");

  g_assert_cmpint (g_mkdir_with_parents (deep, 0755), ==, 0);
  root = genkit_find_project_root (deep);
  /* No marker up to / (the test's temporary directory has none). */
  g_assert_cmpstr (root, ==, deep);
  g_clear_pointer (&root, g_free);

  g_assert_true (g_file_set_contents (marker, "module x\n", -1, NULL));
  root = genkit_find_project_root (deep);
  g_assert_cmpstr (root, ==, app);
  runtimes = genkit_project_get_runtimes_dir (root);
  g_assert_true (g_str_has_suffix (runtimes, "/app/.genkit/runtimes"));

  g_remove (marker);
  g_rmdir (deep);
  {
    g_autofree char *src = g_path_get_dirname (deep);

    g_rmdir (src);
  }
  g_rmdir (app);
  g_rmdir (base);
}

int
main (int   argc,
      char *argv[])
{
  const char *shared = g_getenv ("GENKIT_SHARED_DIR");

  g_test_init (&argc, &argv, NULL);

  /* The captured exchanges live next to the repository, in ../shared/fixtures. */
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

  for (guint i = 0; i < G_N_ELEMENTS (fixture_checks); i++)
    {
      g_autofree char *name = g_strndup (fixture_checks[i].file,
                                         strlen (fixture_checks[i].file) - strlen (".json"));
      g_autofree char *test_path = g_strconcat ("/remote-runtime/fixture/", name, NULL);

      g_test_add_data_func (test_path, GUINT_TO_POINTER (i), test_fixture);
    }
  g_test_add_func ("/remote-runtime/fixtures/every-one-checked", test_every_fixture_checked);
  g_test_add_func ("/remote-runtime/stream/split-everywhere", test_stream_split_everywhere);
  g_test_add_func ("/remote-runtime/stream/split-over-http", test_stream_split_over_http);
  g_test_add_func ("/remote-runtime/connection-refused", test_connection_refused);
  g_test_add_func ("/remote-runtime/garbage", test_garbage);
  g_test_add_func ("/remote-runtime/go-nulls", test_go_nulls);
  g_test_add_func ("/remote-runtime/timeout", test_timeout);
  g_test_add_func ("/remote-runtime/cancel/short-call", test_cancel_short_call);
  g_test_add_func ("/remote-runtime/cancel/ignored", test_cancel_ignored);
  g_test_add_func ("/remote-runtime/cancel/before-start", test_cancel_before_start);
  g_test_add_func ("/remote-runtime/discovery-files", test_discovery_files);
  g_test_add_func ("/remote-runtime/project-root", test_project_root);

  {
    int status = g_test_run ();

    g_free (fixtures_dir);
    return status;
  }
}
