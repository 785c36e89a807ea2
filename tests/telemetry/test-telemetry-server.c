/* test-telemetry-server.c — Genkit's telemetry API: the captured exchanges with the real
 * server, live streams, bad input, loopback hardening, OTLP
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "telemetry-test-util.h"

typedef struct
{
  GenkitTraceStore      *store;
  GenkitTelemetryServer *server;
  char                  *url;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->store = tt_store_new ();
  f->server = tt_server_new (f->store, &f->url);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  g_free (f->url);
}

static JsonObject *
exchange_part (JsonNode   *exchange,
               const char *part)
{
  return json_object_get_object_member (json_node_get_object (exchange), part);
}

static void
post_json (Fixture    *f,
           const char *path,
           JsonNode   *body,
           guint       expected_status,
           const char *expected_body)
{
  g_autofree char *text = tt_to_json (body);
  g_autoptr(TtResponse) response = tt_request (f->url, "POST", path, text, -1, NULL);
  g_autofree char *answer = tt_response_text (response);

  g_assert_cmpuint (response->status, ==, expected_status);
  if (expected_body != NULL)
    g_assert_cmpstr (answer, ==, expected_body);
}

static void
assert_get_matches (Fixture    *f,
                    const char *path,
                    JsonNode   *expected_body,
                    const char *what)
{
  g_autoptr(TtResponse) response = tt_request (f->url, "GET", path, NULL, 0, NULL);
  g_autoptr(JsonNode) body = NULL;

  if (response->status != 200)
    {
      g_autofree char *text = tt_response_text (response);

      g_test_message ("GET %s: %u %s", path, response->status, text);
    }
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (response->headers, NULL),
                                   "application/json"));
  body = tt_response_json (response);
  tt_assert_json_equal (expected_body, body, TRUE, what);
}

/* The store the real server held when the telemetry-server fixtures were captured, rebuilt from
 * what they show: every trace read back in full (06–11), the listed single-span traces (02–05)
 * and the trace posted by hand (16). */
static void
load_captured_store (Fixture *f)
{
  static const char *traces[] = {
    "06-get-trace-flow-greet.json", "07-get-trace-flow-countdown-stream.json",
    "08-get-trace-flow-useTool.json", "09-get-trace-model-echo.json",
    "10-get-trace-evaluator.json", "11-get-trace-flow-whoami-labels.json",
  };
  static const char *lists[] = {
    "02-list-traces.json", "03-list-traces-page1.json", "04-list-traces-page2.json",
    "05-list-traces-filter.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (traces); i++)
    {
      g_autofree char *path = tt_fixture_path ("telemetry-server", traces[i], NULL);
      g_autoptr(JsonNode) exchange = tt_load_json (path);

      post_json (f, "/api/traces", json_object_get_member (exchange_part (exchange, "response"), "body"),
                 200, "OK");
    }
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    {
      g_autofree char *path = tt_fixture_path ("telemetry-server", lists[i], NULL);
      g_autoptr(JsonNode) exchange = tt_load_json (path);
      JsonObject *body = json_object_get_object_member (exchange_part (exchange, "response"), "body");
      JsonArray *listed = json_object_get_array_member (body, "traces");

      for (guint j = 0; j < json_array_get_length (listed); j++)
        post_json (f, "/api/traces", json_array_get_element (listed, j), 200, "OK");
    }
  {
    g_autofree char *path = tt_fixture_path ("telemetry-server", "16-post-trace.json", NULL);
    g_autoptr(JsonNode) exchange = tt_load_json (path);
    JsonObject *request = exchange_part (exchange, "request");

    post_json (f, "/api/traces", json_object_get_member (request, "body"), 200, "OK");
  }
}

static void
test_health (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = tt_fixture_path ("telemetry-server", "01-health.json", NULL);
  g_autoptr(JsonNode) exchange = tt_load_json (path);
  g_autoptr(TtResponse) response = tt_request (f->url, "GET", "/api/__health", NULL, 0, NULL);
  g_autofree char *text = tt_response_text (response);

  g_test_summary ("GET /api/__health answers 200 OK like the captured server");
  g_assert_cmpuint (response->status, ==,
                    json_object_get_int_member (exchange_part (exchange, "response"), "status"));
  g_assert_cmpstr (text, ==, json_object_get_string_member (exchange_part (exchange, "response"), "body"));
}

/* Every captured GET of the real server, replayed against ours over the same data. */
static void
test_captured_reads (Fixture       *f,
                     gconstpointer  data)
{
  static const char *reads[] = {
    "02-list-traces.json", "03-list-traces-page1.json", "04-list-traces-page2.json",
    "05-list-traces-filter.json", "06-get-trace-flow-greet.json",
    "07-get-trace-flow-countdown-stream.json", "08-get-trace-flow-useTool.json",
    "09-get-trace-model-echo.json", "10-get-trace-evaluator.json",
    "11-get-trace-flow-whoami-labels.json",
  };

  g_test_summary ("Listings (limit, continuationToken, filter) and whole traces come back field for "
                  "field, in the same key order, as the real telemetry server served them");

  load_captured_store (f);

  for (guint i = 0; i < G_N_ELEMENTS (reads); i++)
    {
      g_autofree char *path = tt_fixture_path ("telemetry-server", reads[i], NULL);
      g_autoptr(JsonNode) exchange = tt_load_json (path);
      JsonObject *request = exchange_part (exchange, "request");
      JsonObject *response = exchange_part (exchange, "response");

      g_assert_cmpint (json_object_get_int_member (response, "status"), ==, 200);
      assert_get_matches (f, json_object_get_string_member (request, "path"),
                          json_object_get_member (response, "body"), reads[i]);
    }

  /* 12: an unknown trace is 200 with an empty body. */
  {
    g_autofree char *path = tt_fixture_path ("telemetry-server", "12-get-trace-unknown.json", NULL);
    g_autoptr(JsonNode) exchange = tt_load_json (path);
    JsonObject *request = exchange_part (exchange, "request");
    g_autoptr(TtResponse) response = tt_request (f->url, "GET", json_object_get_string_member (request, "path"),
                                                 NULL, 0, NULL);

    g_assert_cmpuint (response->status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (response->body), ==, 0);
    g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (response->headers, NULL),
                                     "application/json"));
  }
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every POST a JavaScript runtime made (telemetry-export/, realtime and simple exports), then
 * what the real server answered after the same POSTs (data/export-expected.json, made by
 * data/make-export-expected.py with @genkit-ai/telemetry-server 1.43.0). */
static void
test_captured_exports (Fixture       *f,
                       gconstpointer  data)
{
  static const char *variants[] = { "realtime", "simple" };
  g_autofree char *expected_path = g_test_build_filename (G_TEST_DIST, "data", "export-expected.json", NULL);
  g_autoptr(JsonNode) expected = tt_load_json (expected_path);
  JsonObject *traces = json_object_get_object_member (json_node_get_object (expected), "traces");
  g_autoptr(GList) trace_ids = json_object_get_members (traces);
  guint n_posts = 0;

  g_test_summary ("Every captured runtime POST (realtime start/end pairs, plain ends, OTLP logs) is "
                  "accepted with the captured answer, and the merged traces, the listing and the "
                  "logs read back as the real server gives them");

  for (guint v = 0; v < G_N_ELEMENTS (variants); v++)
    {
      g_autofree char *dir_path = tt_fixture_path ("telemetry-export", variants[v], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)))
        g_ptr_array_add (names, g_strdup (name));
      g_ptr_array_sort (names, compare_names);

      for (guint i = 0; i < names->len; i++)
        {
          g_autofree char *path = g_build_filename (dir_path, g_ptr_array_index (names, i), NULL);
          g_autoptr(JsonNode) exchange = tt_load_json (path);
          JsonObject *request = exchange_part (exchange, "request");
          JsonObject *response = exchange_part (exchange, "response");
          JsonNode *expected_body = json_object_get_member (response, "body");
          g_autofree char *body_text = tt_to_json (json_object_get_member (request, "body"));
          g_autoptr(TtResponse) answer = tt_request (f->url, "POST",
                                                     json_object_get_string_member (request, "path"),
                                                     body_text, -1,
                                                     "Content-Type", "application/json", NULL);

          g_assert_cmpuint (answer->status, ==, json_object_get_int_member (response, "status"));
          if (JSON_NODE_HOLDS_VALUE (expected_body))
            {
              g_autofree char *text = tt_response_text (answer);

              g_assert_cmpstr (text, ==, json_node_get_string (expected_body));
            }
          else
            {
              g_autoptr(JsonNode) got = tt_response_json (answer);

              tt_assert_json_equal (expected_body, got, TRUE, g_ptr_array_index (names, i));
            }
          n_posts++;
        }
    }
  g_assert_cmpuint (n_posts, ==, 14);

  for (GList *l = trace_ids; l != NULL; l = l->next)
    {
      g_autofree char *path = g_strdup_printf ("/api/traces/%s", (const char *) l->data);

      assert_get_matches (f, path, json_object_get_member (traces, l->data), path);
    }
  assert_get_matches (f, "/api/traces?limit=10",
                      json_object_get_member (json_node_get_object (expected), "list"), "listing");

  /* Logs: log ids are random on both sides. */
  {
    g_autoptr(TtResponse) response = tt_request (f->url, "GET", "/api/logs?limit=10", NULL, 0, NULL);
    g_autoptr(JsonNode) got = tt_response_json (response);
    JsonArray *logs = json_object_get_array_member (json_node_get_object (got), "logs");

    for (guint i = 0; i < json_array_get_length (logs); i++)
      {
        JsonObject *log = json_array_get_object_element (logs, i);

        g_assert_cmpuint (strlen (json_object_get_string_member (log, "logId")), ==, 36);
        json_object_set_string_member (log, "logId", "<random>");
      }
    tt_assert_json_equal (json_object_get_member (json_node_get_object (expected), "logs"), got, TRUE,
                          "logs");
  }
}

static void
test_captured_errors (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *invalid_path = tt_fixture_path ("telemetry-server", "17-post-trace-invalid.json", NULL);
  g_autofree char *otlp_path = tt_fixture_path ("telemetry-server", "18-post-otlp-empty.json", NULL);
  g_autoptr(JsonNode) invalid = tt_load_json (invalid_path);
  g_autoptr(JsonNode) otlp = tt_load_json (otlp_path);
  g_autofree char *invalid_body = tt_to_json (json_object_get_member (exchange_part (invalid, "request"), "body"));
  g_autoptr(TtResponse) response = tt_request (f->url, "POST", "/api/traces", invalid_body, -1, NULL);
  g_autoptr(JsonNode) error = tt_response_json (response);
  JsonObject *object = json_node_get_object (error);

  g_test_summary ("An invalid TraceData gets a clear 400 Genkit error naming the missing fields "
                  "(Genkit: 500 with a zod dump); an empty OTLP payload is acknowledged with {}");

  g_assert_cmpuint (response->status, ==, 400);
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, 3);
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), "traceId: Required"));
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), "spans: Required"));

  post_json (f, "/api/otlp", json_object_get_member (exchange_part (otlp, "request"), "body"), 200, "{}");
}

/* SSE reading */

typedef struct
{
  GInputStream *stream;
  GString      *buffer;
  gboolean      reading;
  gboolean      eof;
} SseReader;

static void
sse_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SseReader *reader = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  reader->reading = FALSE;
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      reader->eof = TRUE;
      return;
    }
  g_string_append_len (reader->buffer, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Reads until @n complete `data:` messages have arrived; returns them (without "data: "). */
static GPtrArray *
sse_wait_messages (SseReader *reader,
                   guint      n)
{
  gboolean timed_out = FALSE;
  guint timeout_id = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  GPtrArray *messages = NULL;

  for (;;)
    {
      g_auto(GStrv) parts = g_strsplit (reader->buffer->str, "\n\n", -1);
      guint n_parts = g_strv_length (parts);
      guint complete = n_parts > 0 ? n_parts - 1 : 0;

      g_clear_pointer (&messages, g_ptr_array_unref);
      messages = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < complete; i++)
        if (g_str_has_prefix (parts[i], "data: "))
          g_ptr_array_add (messages, g_strdup (parts[i] + strlen ("data: ")));
      if (messages->len >= n || reader->eof || timed_out)
        break;
      if (!reader->reading)
        {
          reader->reading = TRUE;
          g_input_stream_read_bytes_async (reader->stream, 65536, G_PRIORITY_DEFAULT, NULL,
                                           sse_read_cb, reader);
        }
      g_main_context_iteration (NULL, TRUE);
    }
  if (!timed_out)
    g_source_remove (timeout_id);
  g_assert_false (timed_out);
  return messages;
}

static void
sse_open (Fixture     *f,
          const char  *trace_id,
          SoupSession *session,
          SseReader   *reader,
          SoupMessage **out_msg)
{
  g_autofree char *url = g_strdup_printf ("%s/api/traces/%s/stream", f->url, trace_id);
  SoupMessage *msg = soup_message_new ("GET", url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "text/event-stream");
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  reader->stream = soup_session_send_finish (session, result, &error);
  g_assert_no_error (error);
  reader->buffer = g_string_new (NULL);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "text/event-stream");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Cache-Control"),
                   ==, "no-cache");
  *out_msg = msg;
}

static void
sse_close (SseReader   *reader,
           SoupMessage *msg)
{
  /* A read may be pending: wait for it to fail after the close. */
  g_input_stream_close (reader->stream, NULL, NULL);
  while (reader->reading)
    g_main_context_iteration (NULL, TRUE);
  g_clear_object (&reader->stream);
  g_string_free (reader->buffer, TRUE);
  g_object_unref (msg);
}

static void
test_stream (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *path = tt_fixture_path ("telemetry-server", "13-trace-stream-sse.json", NULL);
  g_autoptr(JsonNode) exchange = tt_load_json (path);
  const char *captured = json_object_get_string_member (exchange_part (exchange, "response"), "body");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(JsonNode) captured_snapshot = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  SseReader reader = { 0 };
  SoupMessage *msg = NULL;
  const char *trace_id = "a1b6659fa9515e3d304fba71b4aa325b";

  g_test_summary ("The live stream starts with the whole trace as the captured stream does, then "
                  "sends span_start/span_end events for spans posted later, in time order, and "
                  "suppresses a stale start for a span that already ended");

  load_captured_store (f);
  sse_open (f, trace_id, session, &reader, &msg);

  messages = sse_wait_messages (&reader, 1);
  g_assert_true (g_str_has_prefix (captured, "data: "));
  captured_snapshot = tt_parse_json (captured + strlen ("data: "));
  snapshot = tt_parse_json (g_ptr_array_index (messages, 0));
  tt_assert_json_equal (captured_snapshot, snapshot, TRUE, "SSE snapshot");

  /* A new child span, first its start, then its end, then a stale start again. */
  {
    g_autoptr(JsonNode) start = tt_span (trace_id, "00000000000000f1", "7810625c1668bbf7", "late-step",
                                         1795303454000, 0, "{\"genkit:type\":\"flowStep\"}");
    g_autoptr(JsonNode) end = tt_span (trace_id, "00000000000000f1", "7810625c1668bbf7", "late-step",
                                       1795303454000, 1795303454010.5,
                                       "{\"genkit:type\":\"flowStep\",\"genkit:state\":\"success\"}");
    g_autoptr(JsonNode) start_payload = tt_trace_of (start, FALSE);
    g_autoptr(JsonNode) end_payload = tt_trace_of (end, FALSE);

    post_json (f, "/api/traces", start_payload, 200, "OK");
    post_json (f, "/api/traces", end_payload, 200, "OK");
    post_json (f, "/api/traces", start_payload, 200, "OK");
  }

  g_clear_pointer (&messages, g_ptr_array_unref);
  messages = sse_wait_messages (&reader, 4);
  g_assert_cmpuint (messages->len, ==, 4);
  {
    static const char *expected_types[] = { "span_start", "span_start", "span_end" };

    for (guint i = 0; i < 3; i++)
      {
        g_autoptr(JsonNode) event = tt_parse_json (g_ptr_array_index (messages, i + 1));
        JsonObject *object = json_node_get_object (event);
        g_autoptr(GList) keys = json_object_get_members (object);

        g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, expected_types[i]);
        g_assert_cmpstr (json_object_get_string_member (object, "traceId"), ==, trace_id);
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (object, "span"),
                                                        "spanId"), ==, "00000000000000f1");
        g_assert_cmpstr (keys->data, ==, "type");
      }
  }

  /* The stale start is kept out of the store too. */
  {
    g_autoptr(JsonNode) trace = tt_get_trace (f->store, trace_id, NULL);
    JsonObject *span = json_object_get_object_member (
      json_object_get_object_member (json_node_get_object (trace), "spans"), "00000000000000f1");

    g_assert_cmpfloat (json_object_get_double_member (span, "endTime"), ==, 1795303454010.5);
  }

  sse_close (&reader, msg);
}

static void
test_stream_unknown_trace (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(JsonNode) root = tt_span ("ffff0000ffff0000ffff0000ffff0000", "1111111111111111", NULL, "later",
                                      1700000000000, 0, "{\"genkit:type\":\"action\"}");
  g_autoptr(JsonNode) payload = tt_trace_of (root, TRUE);
  SseReader reader = { 0 };
  SoupMessage *msg = NULL;

  g_test_summary ("A stream opened before its trace exists sends no snapshot, then the events");

  sse_open (f, "ffff0000ffff0000ffff0000ffff0000", session, &reader, &msg);
  post_json (f, "/api/traces", payload, 200, "OK");
  messages = sse_wait_messages (&reader, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (messages, 0), "{\"type\":\"span_start\""));
  sse_close (&reader, msg);
}

/* Bad input */

static void
assert_error (TtResponse *response,
              guint       status,
              int         code,
              const char *message_part)
{
  g_autoptr(JsonNode) body = tt_response_json (response);
  JsonObject *object = json_node_get_object (body);

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, code);
  if (message_part != NULL && strstr (json_object_get_string_member (object, "message"), message_part) == NULL)
    g_error ("“%s” not in “%s”", message_part, json_object_get_string_member (object, "message"));
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_test_summary ("Malformed JSON, invalid spans, path-like trace ids, deep nesting and bad query "
                  "parameters get 400 with a Genkit error JSON; unknown routes 404; the server "
                  "keeps serving");

  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", "{\"traceId\": ", -1, NULL);
    assert_error (r, 400, 3, "Malformed JSON");
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", "", 0, NULL);
    assert_error (r, 400, 3, "empty");
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", "[1,2]", -1, NULL);
    assert_error (r, 400, 3, "expected an object");
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", "{\"traceId\":\"ab\xff\"}", -1, NULL);
    assert_error (r, 400, 3, "UTF-8");
  }
  {
    /* zod's required span fields, one by one */
    static const char *fields[] = { "instrumentationLibrary", "spanKind", "displayName",
                                    "attributes", "startTime", "endTime" };

    for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
      {
        g_autoptr(JsonNode) span = tt_span ("abababababababababababababababab", "cdcdcdcdcdcdcdcd", NULL,
                                            "x", 1, 2, NULL);
        g_autoptr(JsonNode) payload = NULL;
        g_autofree char *text = NULL;
        g_autofree char *expected = g_strdup_printf ("spans.cdcdcdcdcdcdcdcd.%s: Required", fields[i]);

        json_object_remove_member (json_node_get_object (span), fields[i]);
        payload = tt_trace_of (span, FALSE);
        text = tt_to_json (payload);
        {
          g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", text, -1, NULL);
          assert_error (r, 400, 3, expected);
        }
      }
  }
  {
    g_autoptr(JsonNode) span = tt_span ("abababababababababababababababab", "cdcdcdcdcdcdcdcd", NULL, "x", 1, 2, NULL);
    g_autoptr(JsonNode) payload = NULL;
    g_autofree char *text = NULL;

    json_object_set_object_member (json_node_get_object (span), "instrumentationLibrary", json_object_new ());
    json_object_set_string_member (json_node_get_object (span), "startTime", "yesterday");
    payload = tt_trace_of (span, FALSE);
    text = tt_to_json (payload);
    {
      g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", text, -1, NULL);
      assert_error (r, 400, 3, "startTime: Expected number, received string");
      assert_error (r, 400, 3, "instrumentationLibrary.name: Required");
    }
  }
  {
    static const char *bad_ids[] = { "../../etc/passwd", "a/b", "..", ".", "a\\\\b" };

    for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
      {
        g_autofree char *text = g_strdup_printf ("{\"traceId\":\"%s\",\"spans\":{}}", bad_ids[i]);
        g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", text, -1, NULL);

        assert_error (r, 400, 3, "Invalid trace id");
      }
  }
  {
    /* Sent as is: an HTTP client would normalize the dot segments away. An encoded `/`, `\`
     * or NUL keeps the segment one id, which is refused. */
    static const char *bad_ids[] = { "/api/traces/a%2Fb", "/api/traces/a%5Cb", "/api/traces/a%00b",
                                     "/api/traces/a%2Fb/stream", "/api/traces/a%2F..%2F..%2Fb/logs",
                                     "/api/traces/%2Fetc%2Fpasswd" };
    /* Dot segments are resolved before routing (RFC 3986 §5.2.4, §6.2.2.2 for `%2E`), so
     * `..` can never reach a handler as a trace id: these name other resources. */
    static const struct { const char *path; const char *status; } dots[] = {
      { "/api/traces/..", "HTTP/1.1 404" },
      { "/api/traces/%2E%2E", "HTTP/1.1 404" },
      { "/api/traces/../../../etc/passwd", "HTTP/1.1 404" },
      { "/api/traces/%2e%2e/logs", "HTTP/1.1 200" },     /* = /api/logs */
      { "/api/traces/%2E", "HTTP/1.1 200" },
      /* libsoup refuses a request line it cannot parse before any handler runs */
      { "/api/traces/%zz", "HTTP/1.1 400" },
    };
    guint port = genkit_telemetry_server_get_port (f->server);

    for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
      {
        g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                    "Connection: close\r\n\r\n", bad_ids[i]);
        g_autofree char *answer = tt_raw_request (port, request);

        if (!g_str_has_prefix (answer, "HTTP/1.1 400") || strstr (answer, "\"code\":3") == NULL ||
            strstr (answer, "Invalid trace id") == NULL)
          g_error ("GET %s: %s", bad_ids[i], answer);
      }
    for (guint i = 0; i < G_N_ELEMENTS (dots); i++)
      {
        g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                    "Connection: close\r\n\r\n", dots[i].path);
        g_autofree char *answer = tt_raw_request (port, request);

        if (!g_str_has_prefix (answer, dots[i].status))
          g_error ("GET %s: %s", dots[i].path, answer);
      }
  }
  {
    g_autoptr(GString) deep = g_string_new ("{\"traceId\":\"x\",\"spans\":");

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    {
      g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", deep->str, deep->len, NULL);
      assert_error (r, 400, 3, "nested deeper");
    }
  }
  {
    g_autoptr(TtResponse) r1 = tt_request (f->url, "GET", "/api/traces?limit=ten", NULL, 0, NULL);
    g_autoptr(TtResponse) r2 = tt_request (f->url, "GET", "/api/traces?continuationToken=-4", NULL, 0, NULL);
    g_autoptr(TtResponse) r3 = tt_request (f->url, "GET", "/api/traces?filter=%7Bnope", NULL, 0, NULL);
    g_autoptr(TtResponse) r4 = tt_request (f->url, "GET", "/api/traces?filter=%7B%22eq%22%3A5%7D", NULL, 0, NULL);
    g_autoptr(TtResponse) r5 = tt_request (f->url, "GET",
                                           "/api/traces?filter=%7B%22gt%22%3A%7B%22start%22%3A%22x%22%7D%7D",
                                           NULL, 0, NULL);

    assert_error (r1, 400, 3, "limit");
    assert_error (r2, 400, 3, "continuationToken");
    assert_error (r3, 400, 3, "Malformed JSON");
    assert_error (r4, 400, 3, "eq");
    assert_error (r5, 400, 3, "gt.start");
  }
  {
    g_autoptr(TtResponse) r1 = tt_request (f->url, "GET", "/api/nothing", NULL, 0, NULL);
    g_autoptr(TtResponse) r2 = tt_request (f->url, "DELETE", "/api/traces", NULL, 0, NULL);
    g_autoptr(TtResponse) r3 = tt_request (f->url, "GET", "/index.html", NULL, 0, NULL);

    assert_error (r1, 404, 5, "Cannot GET /api/nothing");
    assert_error (r2, 404, 5, "Cannot DELETE");
    assert_error (r3, 404, 5, NULL);
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/otlp", "{\"resourceSpans\":[{\"scopeSpans\":5}]}", -1, NULL);
    assert_error (r, 400, 3, "Invalid OTLP payload");
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/otlp", "\x0a\x0b", 2,
                                          "Content-Type", "application/x-protobuf", NULL);
    assert_error (r, 415, 3, "OTLP/JSON");
  }

  /* Still serving. */
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/api/__health", NULL, 0, NULL);
    g_assert_cmpuint (r->status, ==, 200);
  }
}

static void
test_body_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GString) big = g_string_new ("{\"traceId\":\"");

  g_test_summary ("Bodies over the limit get 413 and a Genkit error, whether announced by "
                  "Content-Length or sent chunked; nothing is stored");

  genkit_telemetry_server_set_max_body_size (f->server, 4096);
  while (big->len < 20000)
    g_string_append_c (big, 'a');
  g_string_append (big, "\",\"spans\":{}}");
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", big->str, big->len, NULL);
    assert_error (r, 413, 8, "4096 bytes");
  }
  {
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (big->str, big->len, NULL);
    g_autoptr(SoupSession) session = soup_session_new ();
    g_autofree char *url = g_strconcat (f->url, "/api/traces", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;

    /* A stream of unknown length goes out chunked. */
    soup_message_set_request_body (msg, "application/json", stream, -1);
    soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, tt_store_result_cb, &result);
    tt_wait (&result);
    body = soup_session_send_and_read_finish (session, result, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (soup_message_get_status (msg), ==, 413);
    g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_request_headers (msg),
                                                   "Transfer-Encoding"), ==, "chunked");
  }
  {
    JsonNode *page = tt_list (f->store, NULL, NULL, 0, 10);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page),
                                                                           "traces")), ==, 0);
    json_node_unref (page);
  }
}

static void
test_host_and_origin (Fixture       *f,
                      gconstpointer  data)
{
  guint port = genkit_telemetry_server_get_port (f->server);
  g_autofree char *localhost = g_strdup_printf ("localhost:%u", port);

  g_test_summary ("Only loopback Host names are served (DNS rebinding); CORS answers loopback "
                  "origins only and refuses others");

  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/api/__health", NULL, 0, "Host", "evil.example:80", NULL);
    assert_error (r, 403, 7, "Host");
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/api/__health", NULL, 0, "Host", "127.0.0.1.evil.example", NULL);
    assert_error (r, 403, 7, "Host");
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", "{}", -1, "Host", "evil.example", NULL);
    assert_error (r, 403, 7, "Host");
  }
  {
    static const char *good[] = { "localhost", "LOCALHOST:4033", "[::1]:9", "127.0.0.1" };

    for (guint i = 0; i < G_N_ELEMENTS (good); i++)
      {
        g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/api/__health", NULL, 0, "Host", good[i], NULL);
        g_assert_cmpuint (r->status, ==, 200);
      }
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/api/__health", NULL, 0,
                                          "Host", localhost, "Origin", "http://localhost:4000", NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Access-Control-Allow-Origin"), ==,
                     "http://localhost:4000");
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Access-Control-Expose-Headers"), ==,
                     "X-Genkit-Trace-Id");
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "OPTIONS", "/api/traces", NULL, 0,
                                          "Origin", "http://127.0.0.1:3000",
                                          "Access-Control-Request-Method", "POST", NULL);

    g_assert_cmpuint (r->status, ==, 204);
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Access-Control-Allow-Origin"), ==,
                     "http://127.0.0.1:3000");
    g_assert_nonnull (strstr (soup_message_headers_get_one (r->headers, "Access-Control-Allow-Methods"), "POST"));
    g_assert_cmpstr (soup_message_headers_get_one (r->headers, "Access-Control-Allow-Headers"), ==, "Content-Type");
  }
  {
    static const char *bad[] = { "https://evil.example", "http://localhost.evil.example:3000", "null",
                                 "file://", "http://127.0.0.2:80" };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/traces", "{}", -1, "Origin", bad[i], NULL);

        assert_error (r, 403, 7, "Origin");
        g_assert_null (soup_message_headers_get_one (r->headers, "Access-Control-Allow-Origin"));
      }
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/api/__health", NULL, 0, NULL);
    g_assert_null (soup_message_headers_get_one (r->headers, "Access-Control-Allow-Origin"));
  }
}

static void
test_otlp (Fixture       *f,
           gconstpointer  data)
{
  const char *payload =
    "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{"
    "\"scope\":{\"name\":\"my-lib\",\"version\":\"2.0\"},\"spans\":["
    "{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\",\"parentSpanId\":\"\","
    " \"name\":\"root-op\",\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\","
    " \"endTimeUnixNano\":\"1700000000250500000\",\"attributes\":["
    "  {\"key\":\"genkit:input\",\"value\":{\"stringValue\":\"{\\\"q\\\":1}\"}},"
    "  {\"key\":\"count\",\"value\":{\"intValue\":\"42\"}},"
    "  {\"key\":\"ratio\",\"value\":{\"doubleValue\":0.5}},"
    "  {\"key\":\"ok\",\"value\":{\"boolValue\":true}},"
    "  {\"key\":\"tags\",\"value\":{\"arrayValue\":{\"values\":[{\"stringValue\":\"a\"},{\"intValue\":1}]}}},"
    "  {\"key\":\"empty\",\"value\":{}}],"
    " \"events\":[{\"timeUnixNano\":\"1700000000100000000\",\"name\":\"exception\","
    "   \"attributes\":[{\"key\":\"exception.message\",\"value\":{\"stringValue\":\"boom\"}}]}],"
    " \"status\":{\"code\":2,\"message\":\"boom\"}},"
    "{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"00f067aa0ba902b7\","
    " \"parentSpanId\":\"b7ad6b7169203331\",\"name\":\"child\",\"kind\":\"SPAN_KIND_CLIENT\","
    " \"startTimeUnixNano\":1700000000050000000,\"endTimeUnixNano\":\"1700000000060000000\","
    " \"attributes\":[],\"status\":{\"code\":0}}]}]}]}";
  g_autoptr(JsonNode) trace = NULL;
  JsonObject *spans;
  JsonObject *root;
  JsonObject *attributes;
  JsonObject *child;

  g_test_summary ("OTLP/JSON spans become Genkit spans (ids, times in ms, attributes of every "
                  "value kind, span kind, status, events) and are listed like any trace");

  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/otlp/v1/traces", payload, -1, NULL);
    g_autofree char *text = tt_response_text (r);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (text, ==, "{}");
  }
  trace = tt_get_trace (f->store, "0af7651916cd43dd8448eb211c80319c", NULL);
  g_assert_nonnull (trace);
  spans = json_object_get_object_member (json_node_get_object (trace), "spans");
  root = json_object_get_object_member (spans, "b7ad6b7169203331");
  child = json_object_get_object_member (spans, "00f067aa0ba902b7");
  g_assert_cmpstr (json_object_get_string_member (root, "displayName"), ==, "root-op");
  g_assert_cmpstr (json_object_get_string_member (root, "spanKind"), ==, "SERVER");
  g_assert_cmpstr (json_object_get_string_member (child, "spanKind"), ==, "CLIENT");
  g_assert_false (json_object_has_member (root, "parentSpanId"));
  g_assert_cmpstr (json_object_get_string_member (child, "parentSpanId"), ==, "b7ad6b7169203331");
  g_assert_cmpfloat (json_object_get_double_member (root, "startTime"), ==, 1700000000000.0);
  g_assert_cmpfloat (json_object_get_double_member (root, "endTime"), ==, 1700000000250.5);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "status"), "code"), ==, 2);
  g_assert_false (json_object_has_member (child, "status"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "instrumentationLibrary"),
                                                  "name"), ==, "my-lib");
  attributes = json_object_get_object_member (root, "attributes");
  g_assert_cmpstr (json_object_get_string_member (attributes, "genkit:input"), ==, "{\"q\":1}");
  g_assert_cmpint (json_object_get_int_member (attributes, "count"), ==, 42);
  g_assert_cmpfloat (json_object_get_double_member (attributes, "ratio"), ==, 0.5);
  g_assert_true (json_object_get_boolean_member (attributes, "ok"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (attributes, "tags")), ==, 2);
  g_assert_false (json_object_has_member (attributes, "empty"));
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_array_get_object_element (
                         json_object_get_array_member (json_object_get_object_member (root, "timeEvents"),
                                                       "timeEvent"), 0), "annotation"), "description"),
                   ==, "exception");

  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/api/traces", NULL, 0, NULL);
    g_autoptr(JsonNode) page = tt_response_json (r);
    JsonArray *traces = json_object_get_array_member (json_node_get_object (page), "traces");

    g_assert_cmpuint (json_array_get_length (traces), ==, 1);
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/otlp/v1/metrics",
                                          "{\"resourceMetrics\":[{\"scopeMetrics\":[]}]}", -1, NULL);
    g_autofree char *text = tt_response_text (r);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (text, ==, "{}");
  }
}

static void
test_logs (Fixture       *f,
           gconstpointer  data)
{
  g_test_summary ("OTLP logs are stored; /api/logs lists them newest first with paging, "
                  "/api/traces/:id/logs and /spans/:id/logs filter them");

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *payload = g_strdup_printf (
        "{\"resourceLogs\":[{\"resource\":{\"attributes\":[]},\"scopeLogs\":[{\"scope\":{\"name\":\"genkit-logger\",\"version\":\"\"},"
        "\"logRecords\":[{\"timeUnixNano\":\"%u000000000\",\"severityNumber\":9,\"severityText\":\"INFO\","
        "\"body\":{\"stringValue\":\"line %u\"},\"attributes\":[],\"traceId\":\"%s\",\"spanId\":\"%s\"}]}]}]}",
        1700000000 + i, i, i % 2 ? "abababababababababababababababab" : "",
        i == 3 ? "1212121212121212" : "");
      g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/api/otlp", payload, -1, NULL);

      g_assert_cmpuint (r->status, ==, 200);
    }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/api/logs?limit=2", NULL, 0, NULL);
    g_autoptr(JsonNode) page = tt_response_json (r);
    JsonObject *object = json_node_get_object (page);
    JsonArray *logs = json_object_get_array_member (object, "logs");
    JsonObject *first = json_array_get_object_element (logs, 0);

    g_assert_cmpuint (json_array_get_length (logs), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (first, "body"), ==, "line 4");
    g_assert_cmpint (json_object_get_int_member (first, "timestamp"), ==, 1700000004000);
    g_assert_false (json_object_has_member (first, "traceId"));
    g_assert_cmpstr (json_object_get_string_member (object, "continuationToken"), ==, "2");
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/api/traces/abababababababababababababababab/logs",
                                          NULL, 0, NULL);
    g_autoptr(JsonNode) page = tt_response_json (r);

    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "logs")), ==, 2);
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET",
                                          "/api/traces/abababababababababababababababab/spans/1212121212121212/logs",
                                          NULL, 0, NULL);
    g_autoptr(JsonNode) page = tt_response_json (r);
    JsonArray *logs = json_object_get_array_member (json_node_get_object (page), "logs");

    g_assert_cmpuint (json_array_get_length (logs), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (logs, 0), "body"), ==, "line 3");
  }
}

typedef struct
{
  guint  remaining;
  guint  ok;
} Burst;

static void
burst_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Burst *burst = user_data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);

  if (soup_message_get_status (msg) == 200)
    burst->ok++;
  else
    g_test_message ("burst POST: %u %s %.*s", soup_message_get_status (msg),
                    error ? error->message : "",
                    body ? (int) g_bytes_get_size (body) : 0,
                    body ? (const char *) g_bytes_get_data (body, NULL) : "");
  burst->remaining--;
}

static void
test_concurrent_posts (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("max-conns", 32, "max-conns-per-host", 32, NULL);
  g_autofree char *url = g_strconcat (f->url, "/api/traces", NULL);
  Burst burst = { 300, 0 };
  g_autoptr(JsonNode) page = NULL;

  g_test_summary ("300 POSTs over 32 connections at once are all answered 200 and all listed");

  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *trace_id = g_strdup_printf ("%032x", i + 1);
      g_autofree char *span_id = g_strdup_printf ("%016x", i + 1);
      g_autoptr(JsonNode) span = tt_span (trace_id, span_id, NULL, "burst", 1700000000000.0 + i,
                                          1700000000001.0 + i, "{\"genkit:type\":\"action\"}");
      g_autoptr(JsonNode) payload = tt_trace_of (span, TRUE);
      g_autofree char *text = tt_to_json (payload);
      g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
      soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, burst_done_cb, &burst);
    }
  while (burst.remaining > 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (burst.ok, ==, 300);

  page = tt_list (f->store, NULL, NULL, 0, 1000);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "traces")),
                    ==, 300);
}

static void
test_runtime_routes (Fixture       *f,
                     gconstpointer  data)
{
  const char *otlp =
    "{\"resourceSpans\":[{\"resource\":{\"attributes\":[]},\"scopeSpans\":[{\"spans\":["
    "{\"traceId\":\"0af7651916cd43dd8448eb211c80319c\",\"spanId\":\"b7ad6b7169203331\","
    " \"name\":\"root-op\",\"startTimeUnixNano\":\"1700000000000000000\","
    " \"endTimeUnixNano\":\"1700000000250500000\",\"attributes\":[],\"status\":{\"code\":0}}]}]}]}";
  /* `.` and `..` (also encoded) never get here: libsoup removes dot segments first. */
  static const char *bad_ids[] = { "a%2Fb", "a%5Cb", "%01", "%FF", "%0A" };
  g_autoptr(JsonNode) span_a = tt_span ("000000000000000000000000000000aa", "00000000000000a1", NULL,
                                        "fromRuntime", 1700000000000.0, 1700000000001.0,
                                        "{\"genkit:type\":\"action\"}");
  g_autoptr(JsonNode) span_b = tt_span ("000000000000000000000000000000bb", "00000000000000b1", NULL,
                                        "plain", 1700000000002.0, 1700000000003.0,
                                        "{\"genkit:type\":\"action\"}");
  g_autoptr(JsonNode) trace_a = tt_trace_of (span_a, TRUE);
  g_autoptr(JsonNode) trace_b = tt_trace_of (span_b, TRUE);
  g_autoptr(JsonNode) page = NULL;
  JsonArray *listed;

  g_test_summary ("POST /runtimes/:runtimeId/api/traces and …/api/otlp store the traces as that "
                  "runtime's; the plain routes store none; GETs under the prefix read as the plain "
                  "ones; a runtime id that is not a path-safe "
                  "segment is refused with 400 and a Genkit error");

  post_json (f, "/runtimes/4242-1/api/traces", trace_a, 200, "OK");
  /* Later exports of the same trace keep the runtime that sent it first. */
  post_json (f, "/api/traces", trace_a, 200, "OK");
  post_json (f, "/api/traces", trace_b, 200, "OK");
  post_json (f, "/runtimes/my%20app/api/traces/", trace_b, 200, "OK");
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/runtimes/go%2Dapp/api/otlp/v1/traces",
                                          otlp, -1, NULL);
    g_autofree char *text = tt_response_text (r);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (text, ==, "{}");
  }
  for (guint i = 0; i < G_N_ELEMENTS (bad_ids); i++)
    {
      g_autofree char *path = g_strdup_printf ("/runtimes/%s/api/traces", bad_ids[i]);
      g_autoptr(JsonNode) expected = tt_parse_json ("{\"code\":3,\"message\":\"Invalid runtime id: "
                                                    "not a valid URL path segment\"}");
      g_autofree char *text = tt_to_json (trace_b);
      g_autoptr(TtResponse) r = tt_request (f->url, "POST", path, text, -1, NULL);
      g_autoptr(JsonNode) body = tt_response_json (r);

      g_test_message ("%s", path);
      g_assert_cmpuint (r->status, ==, 400);
      tt_assert_json_equal (expected, body, TRUE, path);
    }
  /* Unknown routes under the prefix are answered as Genkit does, naming the whole path. */
  {
    g_autofree char *text = tt_to_json (trace_b);
    g_autoptr(TtResponse) r = tt_request (f->url, "POST", "/runtimes/4242-1/api/nope", text, -1, NULL);
    g_autoptr(JsonNode) body = tt_response_json (r);
    g_autoptr(JsonNode) expected = tt_parse_json ("{\"code\":5,\"message\":\"Cannot POST /runtimes/4242-1/api/nope\"}");

    g_assert_cmpuint (r->status, ==, 404);
    tt_assert_json_equal (expected, body, TRUE, "unknown route under /runtimes");
  }
  tt_flush (f->store);
  /* Reads under the prefix are the plain reads, as a Genkit CLI given a runtime's URL makes
   * them: every trace, not only the runtime's. */
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/runtimes/4242-1/api/traces", NULL, 0, NULL);
    g_autoptr(JsonNode) body = tt_response_json (r);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (body), "traces")),
                      ==, 3);
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/runtimes/4242-1/api/traces/000000000000000000000000000000bb",
                                          NULL, 0, NULL);
    g_autoptr(JsonNode) body = tt_response_json (r);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "traceId"), ==,
                     "000000000000000000000000000000bb");
  }
  {
    g_autoptr(TtResponse) r = tt_request (f->url, "GET", "/runtimes/4242-1/api/__health", NULL, 0, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }

  g_assert_cmpstr (tt_model_runtime_id (f->store, "000000000000000000000000000000aa"), ==, "4242-1");
  /* Plain first, so no runtime; a runtime's export afterwards tags it. */
  g_assert_cmpstr (tt_model_runtime_id (f->store, "000000000000000000000000000000bb"), ==, "my app");
  g_assert_cmpstr (tt_model_runtime_id (f->store, "0af7651916cd43dd8448eb211c80319c"), ==, "go-app");

  page = tt_list (f->store, "{\"eq\":{\"runtimeId\":\"4242-1\"}}", NULL, 0, 10);
  listed = json_object_get_array_member (json_node_get_object (page), "traces");
  g_assert_cmpuint (json_array_get_length (listed), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (listed, 0), "traceId"),
                   ==, "000000000000000000000000000000aa");
  /* Listed traces say their runtime (ours), and summaries of them have it. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (listed, 0), "runtimeId"),
                   ==, "4242-1");
  {
    g_autoptr(GenkitTraceSummary) summary = genkit_trace_summary_new_for_trace_data (json_array_get_element (listed, 0));

    g_assert_cmpstr (genkit_trace_summary_get_runtime_id (summary), ==, "4242-1");
  }
}

static void
test_provisional_runtime (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(JsonNode) span_a = tt_span ("000000000000000000000000000000a1", "00000000000000a1", NULL,
                                        "early", 1700000000000.0, 1700000000001.0,
                                        "{\"genkit:type\":\"action\"}");
  g_autoptr(JsonNode) span_b = tt_span ("000000000000000000000000000000b1", "00000000000000b1", NULL,
                                        "late", 1700000000002.0, 1700000000003.0,
                                        "{\"genkit:type\":\"action\"}");
  g_autoptr(JsonNode) trace_a = tt_trace_of (span_a, TRUE);
  g_autoptr(JsonNode) trace_b = tt_trace_of (span_b, TRUE);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonArray *listed;

  g_test_summary ("An app started with the telemetry URL `/runtimes/<provisional id>` before its "
                  "runtime id is known: what it sent is re-tagged with the runtime's id once the "
                  "store renames the provisional id, and what it sends afterwards to the same URL "
                  "is stored as the runtime's, as Genkit's GET /api/traces then lists it");

  post_json (f, "/runtimes/studio-command-7f3a/api/traces", trace_a, 200, "OK");
  tt_flush (f->store);
  g_assert_cmpstr (tt_model_runtime_id (f->store, "000000000000000000000000000000a1"), ==,
                   "studio-command-7f3a");

  genkit_trace_store_rename_runtime_async (f->store, "studio-command-7f3a", "31337-3100", NULL,
                                           tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_true (genkit_trace_store_rename_runtime_finish (f->store, result, NULL, &error));
  g_assert_no_error (error);

  post_json (f, "/runtimes/studio-command-7f3a/api/traces", trace_b, 200, "OK");
  tt_flush (f->store);
  g_assert_cmpstr (tt_model_runtime_id (f->store, "000000000000000000000000000000a1"), ==, "31337-3100");
  g_assert_cmpstr (tt_model_runtime_id (f->store, "000000000000000000000000000000b1"), ==, "31337-3100");

  page = tt_list (f->store, "{\"eq\":{\"runtimeId\":\"31337-3100\"}}", NULL, 0, 10);
  listed = json_object_get_array_member (json_node_get_object (page), "traces");
  g_assert_cmpuint (json_array_get_length (listed), ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (listed, i), "runtimeId"),
                     ==, "31337-3100");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/telemetry-server/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("health", test_health);
  ADD ("captured-reads", test_captured_reads);
  ADD ("captured-exports", test_captured_exports);
  ADD ("captured-errors", test_captured_errors);
  ADD ("stream", test_stream);
  ADD ("stream-unknown-trace", test_stream_unknown_trace);
  ADD ("bad-input", test_bad_input);
  ADD ("body-limit", test_body_limit);
  ADD ("host-and-origin", test_host_and_origin);
  ADD ("otlp", test_otlp);
  ADD ("logs", test_logs);
  ADD ("concurrent-posts", test_concurrent_posts);
  ADD ("runtime-routes", test_runtime_routes);
  ADD ("provisional-runtime", test_provisional_runtime);

#undef ADD

  return g_test_run ();
}
