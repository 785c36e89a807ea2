/* telemetry-test-util.c — helpers shared by the telemetry tests: fixtures, stores, an HTTP
 * client, JSON comparison
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "telemetry-test-util.h"

char *
tt_fixture_path (const char *first,
                 ...)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  const char *shared = g_getenv ("GENKIT_SHARED_DIR");
  va_list args;

  g_assert_nonnull (shared);
  g_ptr_array_add (parts, (gpointer) shared);
  g_ptr_array_add (parts, (gpointer) "fixtures");
  g_ptr_array_add (parts, (gpointer) "genkit-js");
  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

JsonNode *
tt_load_json (const char *path)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

JsonNode *
tt_parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_ref (json_parser_get_root (parser));
}

char *
tt_to_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

char *
tt_store_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "test-traces.db", NULL);
}

GenkitTraceStore *
tt_store_new (void)
{
  g_autofree char *path = tt_store_path ();
  g_autoptr(GError) error = NULL;
  GenkitTraceStore *store = genkit_trace_store_new (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

void
tt_store_result_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

void
tt_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
}

void
tt_ingest (GenkitTraceStore *store,
           JsonNode         *trace_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  genkit_trace_store_ingest_async (store, trace_data, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_true (genkit_trace_store_ingest_finish (store, result, &error));
  g_assert_no_error (error);
}

void
tt_flush (GenkitTraceStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  genkit_trace_store_flush_async (store, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_true (genkit_trace_store_flush_finish (store, result, &error));
  g_assert_no_error (error);
}

JsonNode *
tt_list (GenkitTraceStore *store,
         const char       *filter_json,
         const char       *search,
         guint             offset,
         guint             limit)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) filter = filter_json ? tt_parse_json (filter_json) : NULL;
  JsonNode *page;

  genkit_trace_store_list_traces_async (store, filter, search, offset, limit, NULL,
                                        tt_store_result_cb, &result);
  tt_wait (&result);
  page = genkit_trace_store_list_traces_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  return page;
}

JsonNode *
tt_get_trace (GenkitTraceStore  *store,
              const char        *trace_id,
              GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_trace_store_get_trace_async (store, trace_id, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  return genkit_trace_store_get_trace_finish (store, result, error);
}

/* A SpanData shaped like the JavaScript runtime's, with the given attributes (JSON text). */
JsonNode *
tt_span (const char *trace_id,
         const char *span_id,
         const char *parent_id,
         const char *name,
         double      start,
         double      end,
         const char *attributes_json)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *escaped_name = g_strescape (name, NULL);

  g_string_append_printf (text, "{\"spanId\":\"%s\",\"traceId\":\"%s\",", span_id, trace_id);
  if (parent_id != NULL)
    g_string_append_printf (text, "\"parentSpanId\":\"%s\",", parent_id);
  g_string_append_printf (text,
                          "\"startTime\":%.17g,\"endTime\":%.17g,\"attributes\":%s,"
                          "\"displayName\":\"%s\",\"links\":[],"
                          "\"instrumentationLibrary\":{\"name\":\"genkit-tracer\",\"version\":\"v1\"},"
                          "\"spanKind\":\"INTERNAL\",\"sameProcessAsParentSpan\":{\"value\":true},"
                          "\"status\":{\"code\":0},\"timeEvents\":{\"timeEvent\":[]}}",
                          start, end, attributes_json ? attributes_json : "{}", escaped_name);
  return tt_parse_json (text->str);
}

/* TraceData holding one span, root fields when asked. */
JsonNode *
tt_trace_of (JsonNode *span,
             gboolean  with_root_fields)
{
  JsonObject *object = json_node_get_object (span);
  g_autoptr(JsonObject) trace = json_object_new ();
  JsonObject *spans = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (trace, "traceId", json_object_get_string_member (object, "traceId"));
  json_object_set_member (spans, json_object_get_string_member (object, "spanId"), json_node_copy (span));
  json_object_set_object_member (trace, "spans", spans);
  if (with_root_fields)
    {
      json_object_set_string_member (trace, "displayName",
                                     json_object_get_string_member (object, "displayName"));
      json_object_set_member (trace, "startTime",
                              json_node_copy (json_object_get_member (object, "startTime")));
      json_object_set_member (trace, "endTime",
                              json_node_copy (json_object_get_member (object, "endTime")));
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, trace);
  return node;
}

GenkitTelemetryServer *
tt_server_new (GenkitTraceStore  *store,
               char             **base_url)
{
  g_autoptr(GError) error = NULL;
  GenkitTelemetryServer *server = genkit_telemetry_server_new (store);

  genkit_telemetry_server_listen (server, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (genkit_telemetry_server_get_port (server), >, 0);
  if (base_url != NULL)
    *base_url = genkit_telemetry_server_get_url (server);
  return server;
}

static void
request_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* One request with a fresh session; extra request headers as NULL-terminated name/value pairs. */
TtResponse *
tt_request (const char *base_url,
            const char *method,
            const char *path,
            const char *body,
            gssize      length,
            ...)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strconcat (base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  TtResponse *response;
  va_list args;

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length < 0 ? strlen (body) : (gsize) length);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  va_start (args, length);
  for (const char *name = va_arg (args, const char *); name != NULL; name = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      soup_message_headers_replace (soup_message_get_request_headers (msg), name, value);
    }
  va_end (args);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, request_done_cb, &result);
  tt_wait (&result);

  response = g_new0 (TtResponse, 1);
  response->body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  return response;
}

typedef struct
{
  GSocketConnection *connection;
  GString           *answer;
  char               buffer[4096];
  gboolean           done;
} RawExchange;

static void
raw_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RawExchange *exchange = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (n <= 0)
    {
      exchange->done = TRUE;
      return;
    }
  g_string_append_len (exchange->answer, exchange->buffer, n);
  g_input_stream_read_async (G_INPUT_STREAM (object), exchange->buffer, sizeof exchange->buffer,
                             G_PRIORITY_DEFAULT, NULL, raw_read_cb, exchange);
}

/* Sends @request as is over a new TCP connection (with "Connection: close" in it) and returns
 * everything the server answers: for requests an HTTP client library would normalize. */
char *
tt_raw_request (guint       port,
                const char *request)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  RawExchange exchange = { 0 };
  GOutputStream *out;

  g_socket_client_connect_to_host_async (client, "127.0.0.1", port, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  exchange.connection = g_socket_client_connect_to_host_finish (client, result, &error);
  g_assert_no_error (error);
  g_clear_object (&result);

  out = g_io_stream_get_output_stream (G_IO_STREAM (exchange.connection));
  g_output_stream_write_all_async (out, request, strlen (request), G_PRIORITY_DEFAULT, NULL,
                                   tt_store_result_cb, &result);
  tt_wait (&result);
  g_output_stream_write_all_finish (out, result, NULL, &error);
  g_assert_no_error (error);

  exchange.answer = g_string_new (NULL);
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (exchange.connection)),
                             exchange.buffer, sizeof exchange.buffer, G_PRIORITY_DEFAULT, NULL,
                             raw_read_cb, &exchange);
  while (!exchange.done)
    g_main_context_iteration (NULL, TRUE);
  g_object_unref (exchange.connection);
  return g_string_free (exchange.answer, FALSE);
}

void
tt_response_free (TtResponse *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

char *
tt_response_text (TtResponse *response)
{
  gsize length;
  const char *data = g_bytes_get_data (response->body, &length);

  return g_strndup (data ? data : "", length);
}

JsonNode *
tt_response_json (TtResponse *response)
{
  g_autofree char *text = tt_response_text (response);

  return tt_parse_json (text);
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static double
number (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (double) json_node_get_int (node);
  return json_node_get_double (node);
}

static char *
json_diff (JsonNode   *expected,
           JsonNode   *actual,
           gboolean    check_order,
           const char *path)
{
  if (is_number (expected) && is_number (actual))
    return number (expected) == number (actual) ? NULL
           : g_strdup_printf ("%s: expected %.17g, got %.17g", path, number (expected), number (actual));

  if (JSON_NODE_TYPE (expected) != JSON_NODE_TYPE (actual))
    return g_strdup_printf ("%s: node types differ", path);

  switch (JSON_NODE_TYPE (expected))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *e = json_node_get_object (expected);
        JsonObject *a = json_node_get_object (actual);
        g_autoptr(GList) ekeys = json_object_get_members (e);
        g_autoptr(GList) akeys = json_object_get_members (a);
        GList *al = akeys;

        if (g_list_length (ekeys) != g_list_length (akeys))
          {
            g_autofree char *el = tt_to_json (expected);
            g_autofree char *alist = tt_to_json (actual);

            return g_strdup_printf ("%s: %u members expected, got %u\n  expected %.400s\n  got      %.400s",
                                    path, g_list_length (ekeys), g_list_length (akeys), el, alist);
          }
        for (GList *l = ekeys; l != NULL; l = l->next, al = al ? al->next : NULL)
          {
            g_autofree char *sub = g_strdup_printf ("%s.%s", path, (const char *) l->data);
            char *diff;

            if (!json_object_has_member (a, l->data))
              return g_strdup_printf ("%s: missing", sub);
            if (check_order && al != NULL && !g_str_equal (al->data, l->data))
              return g_strdup_printf ("%s: member order differs (got %s here)", sub,
                                      (const char *) al->data);
            diff = json_diff (json_object_get_member (e, l->data),
                              json_object_get_member (a, l->data), check_order, sub);
            if (diff != NULL)
              return diff;
          }
        return NULL;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *e = json_node_get_array (expected);
        JsonArray *a = json_node_get_array (actual);

        if (json_array_get_length (e) != json_array_get_length (a))
          return g_strdup_printf ("%s: %u elements expected, got %u", path,
                                  json_array_get_length (e), json_array_get_length (a));
        for (guint i = 0; i < json_array_get_length (e); i++)
          {
            g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);
            char *diff = json_diff (json_array_get_element (e, i), json_array_get_element (a, i),
                                    check_order, sub);

            if (diff != NULL)
              return diff;
          }
        return NULL;
      }

    case JSON_NODE_NULL:
      return NULL;

    case JSON_NODE_VALUE:
    default:
      if (json_node_get_value_type (expected) != json_node_get_value_type (actual))
        return g_strdup_printf ("%s: value types differ", path);
      if (json_node_get_value_type (expected) == G_TYPE_STRING)
        return g_str_equal (json_node_get_string (expected), json_node_get_string (actual)) ? NULL
               : g_strdup_printf ("%s: expected \"%.200s\", got \"%.200s\"", path,
                                  json_node_get_string (expected), json_node_get_string (actual));
      if (json_node_get_value_type (expected) == G_TYPE_BOOLEAN)
        return json_node_get_boolean (expected) == json_node_get_boolean (actual) ? NULL
               : g_strdup_printf ("%s: booleans differ", path);
      return NULL;
    }
}

/* Field-for-field equality (numbers by value, so 1795303453940 equals 1795303453940.0);
 * with @check_order, members must also come in the same order. */
void
tt_assert_json_equal (JsonNode   *expected,
                      JsonNode   *actual,
                      gboolean    check_order,
                      const char *what)
{
  g_autofree char *diff = json_diff (expected, actual, check_order, "$");

  if (diff != NULL)
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", what, diff);

      g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, message);
    }
}

/* The runtime id of the trace @trace_id in @store's list model, which must list it. */
const char *
tt_model_runtime_id (GenkitTraceStore *store,
                     const char       *trace_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(GenkitTraceSummary) summary = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (g_str_equal (genkit_trace_summary_get_trace_id (summary), trace_id))
        return genkit_trace_summary_get_runtime_id (summary);
    }
  g_assert_not_reached ();
}
