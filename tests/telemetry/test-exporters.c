/* test-exporters.c — span processors and exporters: to our telemetry server, realtime
 * export, straight into a store, OTLP/HTTP JSON with presets, flushing
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "telemetry-test-util.h"

/* A SoupServer that records every request and answers 200 (after an optional delay). */
typedef struct
{
  SoupServer *server;
  char       *url;
  GPtrArray  *paths;
  GPtrArray  *bodies;       /* char * */
  GPtrArray  *headers;      /* SoupMessageHeaders */
  guint       delay_ms;
  guint       status;
  guint       answered;
} Capture;

typedef struct
{
  Capture           *capture;
  SoupServerMessage *msg;
} Delayed;

static gboolean
answer_later_cb (gpointer data)
{
  Delayed *delayed = data;

  soup_server_message_set_status (delayed->msg, delayed->capture->status, NULL);
  soup_server_message_set_response (delayed->msg, "text/plain", SOUP_MEMORY_STATIC, "OK", 2);
  soup_server_message_unpause (delayed->msg);
  delayed->capture->answered++;
  g_object_unref (delayed->msg);
  g_free (delayed);
  return G_SOURCE_REMOVE;
}

static void
capture_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  Capture *capture = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);

  g_ptr_array_add (capture->paths, g_strdup (path));
  g_ptr_array_add (capture->bodies, g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes)));
  g_ptr_array_add (capture->headers, soup_message_headers_ref (soup_server_message_get_request_headers (msg)));

  if (capture->delay_ms > 0)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->capture = capture;
      delayed->msg = g_object_ref (msg);
      soup_server_message_pause (msg);
      g_timeout_add (capture->delay_ms, answer_later_cb, delayed);
      return;
    }
  soup_server_message_set_status (msg, capture->status, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "OK", 2);
  capture->answered++;
}

static Capture *
capture_new (void)
{
  Capture *capture = g_new0 (Capture, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GSocketAddress) bound = NULL;

  capture->server = soup_server_new (NULL, NULL);
  capture->paths = g_ptr_array_new_with_free_func (g_free);
  capture->bodies = g_ptr_array_new_with_free_func (g_free);
  capture->headers = g_ptr_array_new_with_free_func ((GDestroyNotify) soup_message_headers_unref);
  capture->status = 200;
  soup_server_add_handler (capture->server, NULL, capture_cb, capture, NULL);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  soup_server_listen_socket (capture->server, socket, 0, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  capture->url = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  return capture;
}

static void
capture_free (Capture *capture)
{
  soup_server_disconnect (capture->server);
  g_object_unref (capture->server);
  g_ptr_array_unref (capture->paths);
  g_ptr_array_unref (capture->bodies);
  g_ptr_array_unref (capture->headers);
  g_free (capture->url);
  g_free (capture);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Capture, capture_free)

static void
flush_processor (GenkitSpanProcessor *processor)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  genkit_span_processor_flush_async (processor, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_true (genkit_span_processor_flush_finish (processor, result, &error));
  g_assert_no_error (error);
}

static JsonObject *
start_attributes (const char *type,
                  const char *subtype,
                  const char *key)
{
  JsonObject *attributes = json_object_new ();

  json_object_set_string_member (attributes, "genkit:type", type);
  if (subtype != NULL)
    json_object_set_string_member (attributes, "genkit:metadata:subtype", subtype);
  if (key != NULL)
    json_object_set_string_member (attributes, "genkit:key", key);
  return attributes;
}

/* A root flow span with one step, both ended. Returns the trace id. */
static char *
run_two_spans (GenkitTracer *tracer,
               gboolean      fail_step)
{
  g_autoptr(JsonObject) flow_attributes = start_attributes ("action", "flow", "/flow/greet");
  g_autoptr(JsonObject) step_attributes = start_attributes ("flowStep", NULL, NULL);
  g_autoptr(GenkitSpan) root = genkit_tracer_start_span (tracer, NULL, "greet", flow_attributes);
  g_autoptr(GenkitSpan) step = genkit_tracer_start_span (tracer, root, "build-prompt", step_attributes);
  g_autoptr(JsonNode) output = json_node_init_string (json_node_alloc (), "Hello, Ada!");

  genkit_span_set_json_attribute (step, "genkit:output", output);
  if (fail_step)
    {
      g_autoptr(GError) error = g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "no");

      genkit_span_record_error (step, error);
    }
  genkit_span_end (step);
  genkit_span_set_json_attribute (root, "genkit:output", output);
  genkit_span_end (root);
  return g_strdup (genkit_span_get_trace_id (root));
}

static void
test_exporter_to_our_server (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autofree char *url = NULL;
  g_autoptr(GenkitTelemetryServer) server = tt_server_new (store, &url);
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitTelemetryExporter) exporter = genkit_telemetry_exporter_new (url);
  g_autofree char *trace_id = NULL;
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_test_summary ("Spans of the engine's tracer, exported when they end, arrive in our telemetry "
                  "server whole; the trace gets its name and times from the root's payload");

  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (exporter));
  trace_id = run_two_spans (tracer, TRUE);
  flush_processor (GENKIT_SPAN_PROCESSOR (exporter));
  g_assert_cmpuint (genkit_telemetry_exporter_get_n_sent (exporter), ==, 2);
  g_assert_cmpuint (genkit_telemetry_exporter_get_n_failed (exporter), ==, 0);

  trace = tt_get_trace (store, trace_id, &error);
  g_assert_no_error (error);
  object = json_node_get_object (trace);
  g_assert_cmpstr (json_object_get_string_member (object, "displayName"), ==, "greet");
  g_assert_cmpfloat (json_object_get_double_member (object, "endTime"), >, 0);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (object, "spans")), ==, 2);
  tt_flush (store);
  {
    g_autoptr(JsonNode) page = tt_list (store, "{\"eq\":{\"type\":\"flow\",\"status\":0}}", "Hello", 0, 10);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "traces")), ==, 1);
  }
}

static JsonNode *
captured_json (Capture *capture,
               guint    index)
{
  return tt_parse_json (g_ptr_array_index (capture->bodies, index));
}

static void
test_realtime_export (void)
{
  g_autoptr(Capture) capture = capture_new ();
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitTelemetryExporter) exporter = genkit_telemetry_exporter_new (capture->url);
  g_autoptr(GenkitRealtimeSpanProcessor) realtime =
    genkit_realtime_span_processor_new (GENKIT_SPAN_EXPORTER (exporter));
  g_autofree char *trace_id = NULL;
  guint n_starts = 0;

  g_test_summary ("The realtime processor exports each span at its start (endTime 0, status 0, "
                  "start attributes only) and at its end, one TraceData per span, root fields only "
                  "with the root, as JSON POSTs to /api/traces; flushing waits for slow answers");

  capture->delay_ms = 300;
  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (realtime));
  trace_id = run_two_spans (tracer, FALSE);
  flush_processor (GENKIT_SPAN_PROCESSOR (realtime));
  g_assert_cmpuint (capture->answered, ==, 4);
  g_assert_cmpuint (capture->bodies->len, ==, 4);

  for (guint i = 0; i < 4; i++)
    {
      SoupMessageHeaders *headers = g_ptr_array_index (capture->headers, i);
      g_autoptr(JsonNode) body = captured_json (capture, i);
      JsonObject *object = json_node_get_object (body);
      JsonObject *spans = json_object_get_object_member (object, "spans");
      g_autoptr(GList) span_ids = json_object_get_members (spans);
      g_autoptr(GList) keys = json_object_get_members (object);
      JsonObject *span;
      gboolean is_root;
      gboolean is_start;

      g_assert_cmpstr (g_ptr_array_index (capture->paths, i), ==, "/api/traces");
      g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
      g_assert_cmpstr (soup_message_headers_get_one (headers, "Accept"), ==, "application/json");
      g_assert_cmpuint (g_list_length (span_ids), ==, 1);
      g_assert_cmpstr (keys->data, ==, "traceId");
      g_assert_cmpstr (keys->next->data, ==, "spans");
      g_assert_cmpstr (json_object_get_string_member (object, "traceId"), ==, trace_id);
      span = json_object_get_object_member (spans, span_ids->data);
      is_root = !json_object_has_member (span, "parentSpanId");
      is_start = json_object_get_double_member (span, "endTime") == 0;
      g_assert_cmpint (json_object_has_member (object, "displayName"), ==, is_root);
      g_assert_cmpint (json_object_has_member (object, "startTime"), ==, is_root);
      if (is_start)
        {
          JsonObject *attributes = json_object_get_object_member (span, "attributes");

          g_assert_false (json_object_has_member (attributes, "genkit:output"));
          g_assert_false (json_object_has_member (attributes, "genkit:state"));
          g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (span, "status"), "code"), ==, 0);
        }
      n_starts += is_start;
    }
  /* Requests run in parallel, so they may arrive in any order, as with Genkit's exporter. */
  g_assert_cmpuint (n_starts, ==, 2);
}

static void
test_store_processor (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitStoreSpanProcessor) processor = genkit_store_span_processor_new (store);
  g_autoptr(JsonObject) attributes = start_attributes ("action", "flow", "/flow/live");
  g_autoptr(GenkitSpan) root = NULL;
  g_autoptr(GenkitTraceSummary) summary = NULL;
  g_autoptr(JsonNode) trace = NULL;

  g_test_summary ("The store processor records running spans (the model shows the running trace) "
                  "and completes them when they end; realtime off stores ends only; a processor "
                  "for a runtime records its traces as that runtime's");

  g_assert_true (genkit_store_span_processor_get_realtime (processor));
  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (processor));
  root = genkit_tracer_start_span (tracer, NULL, "live", attributes);
  flush_processor (GENKIT_SPAN_PROCESSOR (processor));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  summary = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_true (genkit_trace_summary_is_running (summary));
  g_assert_cmpstr (genkit_trace_summary_get_trace_type (summary), ==, "flow");

  genkit_span_end (root);
  flush_processor (GENKIT_SPAN_PROCESSOR (processor));
  g_assert_false (genkit_trace_summary_is_running (summary));
  trace = tt_get_trace (store, genkit_span_get_trace_id (root), NULL);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_object_get_object_member (
                         json_object_get_object_member (json_node_get_object (trace), "spans"),
                         genkit_span_get_span_id (root)), "attributes"), "genkit:state"), ==, "success");

  genkit_store_span_processor_set_realtime (processor, FALSE);
  {
    g_autoptr(GenkitSpan) quiet = genkit_tracer_start_span (tracer, NULL, "quiet", attributes);
    flush_processor (GENKIT_SPAN_PROCESSOR (processor));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
    genkit_span_end (quiet);
    flush_processor (GENKIT_SPAN_PROCESSOR (processor));
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  }
  g_assert_null (genkit_trace_summary_get_runtime_id (summary));

  /* A processor for a runtime (the studio's built-in one) records its traces as that runtime's. */
  {
    g_autoptr(GenkitStoreSpanProcessor) builtin = genkit_store_span_processor_new_for_runtime (store, "builtin");
    g_autoptr(GenkitTracer) builtin_tracer = genkit_tracer_new ();
    g_autoptr(GenkitSpan) span = NULL;

    g_assert_cmpstr (genkit_store_span_processor_get_runtime_id (builtin), ==, "builtin");
    genkit_tracer_add_processor (builtin_tracer, GENKIT_SPAN_PROCESSOR (builtin));
    span = genkit_tracer_start_span (builtin_tracer, NULL, "mine", attributes);
    genkit_span_end (span);
    flush_processor (GENKIT_SPAN_PROCESSOR (builtin));
    g_assert_cmpstr (tt_model_runtime_id (store, genkit_span_get_trace_id (span)), ==, "builtin");
  }
}

static void
greet_flow (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  genkit_action_run_return_value (run, json_node_init_string (json_node_alloc (), "Hello from C"));
}

static void
test_registry_flow_to_store (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitStoreSpanProcessor) processor = genkit_store_span_processor_new (store);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) run = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) input = tt_parse_json ("{\"name\":\"Ada\"}");
  g_autoptr(JsonNode) page = NULL;
  JsonObject *listed;

  g_test_summary ("A flow run through the registry lands in the store with Genkit's attributes, "
                  "listed as a flow and found by its output");

  genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (processor));
  genkit_registry_define_flow (registry, "greetC", greet_flow, NULL, NULL);
  genkit_registry_run_action_async (registry, "/flow/greetC", input, NULL, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  run = genkit_registry_run_action_finish (registry, result, &error);
  g_assert_no_error (error);
  g_assert_true (genkit_flush_tracing (&error));
  g_assert_no_error (error);

  page = tt_list (store, "{\"eq\":{\"type\":\"flow\",\"name\":\"greetC\"}}", "hello", 0, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (page), "traces")), ==, 1);
  listed = json_array_get_object_element (json_object_get_array_member (json_node_get_object (page), "traces"), 0);
  g_assert_cmpstr (json_object_get_string_member (listed, "traceId"), ==, genkit_action_result_get_trace_id (run));
}

static void
test_flush_tracing_waits (void)
{
  g_autoptr(Capture) capture = capture_new ();
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitTelemetryExporter) exporter = genkit_telemetry_exporter_new (capture->url);
  g_autoptr(GenkitOtlpExporter) otlp = NULL;
  g_autofree char *otlp_url = g_strconcat (capture->url, "/v1/traces", NULL);
  g_autofree char *trace_id = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("genkit_flush_tracing_async() waits for every exporter: requests in flight "
                  "and spans still batched");

  otlp = genkit_otlp_exporter_new (otlp_url);
  genkit_otlp_exporter_set_batch_delay (otlp, 60000);
  capture->delay_ms = 200;
  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (exporter));
  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (otlp));
  trace_id = run_two_spans (tracer, FALSE);

  genkit_flush_tracing_async (NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_true (genkit_flush_tracing_finish (result, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (capture->answered, ==, 3);     /* 2 spans + 1 OTLP batch */
  g_assert_cmpuint (genkit_otlp_exporter_get_n_sent (otlp), ==, 1);
}

static void
test_otlp_export (void)
{
  g_autoptr(Capture) capture = capture_new ();
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitOtlpExporter) otlp = genkit_otlp_exporter_new_for_preset (GENKIT_OTLP_PRESET_OTEL_COLLECTOR,
                                                                            NULL, capture->url, &error);
  g_autofree char *trace_id = NULL;
  g_autoptr(JsonNode) request = NULL;
  JsonObject *resource_span;
  JsonArray *spans;
  SoupMessageHeaders *headers;

  g_test_summary ("The OTLP exporter batches ended spans into one ExportTraceServiceRequest "
                  "(service.name, scope genkit-tracer, hex ids, nanosecond times, typed attributes, "
                  "error status) sent to the endpoint with the configured headers");

  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (genkit_otlp_exporter_get_endpoint (otlp), "/v1/traces"));
  genkit_otlp_exporter_set_header (otlp, "Authorization", "Bearer secret");
  genkit_otlp_exporter_set_service_name (otlp, "my-genkit-app");
  genkit_otlp_exporter_set_batch_delay (otlp, 50);
  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (otlp));
  trace_id = run_two_spans (tracer, TRUE);

  /* The batch goes out on its own after the delay. */
  while (capture->answered < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (capture->bodies->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (capture->paths, 0), ==, "/v1/traces");
  headers = g_ptr_array_index (capture->headers, 0);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Authorization"), ==, "Bearer secret");
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");

  request = captured_json (capture, 0);
  resource_span = json_array_get_object_element (json_object_get_array_member (json_node_get_object (request),
                                                                               "resourceSpans"), 0);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_array_get_object_element (
                         json_object_get_array_member (json_object_get_object_member (resource_span, "resource"),
                                                       "attributes"), 0), "value"), "stringValue"),
                   ==, "my-genkit-app");
  {
    JsonObject *scope_span = json_array_get_object_element (json_object_get_array_member (resource_span, "scopeSpans"), 0);
    JsonObject *step;
    JsonObject *root;

    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (scope_span, "scope"), "name"),
                     ==, "genkit-tracer");
    spans = json_object_get_array_member (scope_span, "spans");
    g_assert_cmpuint (json_array_get_length (spans), ==, 2);
    step = json_array_get_object_element (spans, 0);
    root = json_array_get_object_element (spans, 1);
    g_assert_cmpstr (json_object_get_string_member (root, "traceId"), ==, trace_id);
    g_assert_cmpuint (strlen (json_object_get_string_member (root, "spanId")), ==, 16);
    g_assert_false (json_object_has_member (root, "parentSpanId"));
    g_assert_cmpstr (json_object_get_string_member (step, "parentSpanId"), ==,
                     json_object_get_string_member (root, "spanId"));
    g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (step, "status"), "code"), ==, 2);
    g_assert_cmpuint (strlen (json_object_get_string_member (root, "startTimeUnixNano")), ==, 19);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (step, "events")), ==, 1);
  }
}

static void
test_otlp_into_our_server (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autofree char *url = NULL;
  g_autoptr(GenkitTelemetryServer) server = tt_server_new (store, &url);
  g_autofree char *endpoint = g_strconcat (url, "/api/otlp/v1/traces", NULL);
  g_autoptr(GenkitOtlpExporter) otlp = genkit_otlp_exporter_new (endpoint);
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autofree char *trace_id = NULL;
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("What the OTLP exporter sends, our server's OTLP endpoint reads back as the "
                  "same Genkit spans");

  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (otlp));
  trace_id = run_two_spans (tracer, FALSE);
  flush_processor (GENKIT_SPAN_PROCESSOR (otlp));
  g_assert_cmpuint (genkit_otlp_exporter_get_n_sent (otlp), ==, 1);
  trace = tt_get_trace (store, trace_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (json_object_get_object_member (json_node_get_object (trace), "spans")), ==, 2);
}

static void
test_presets (void)
{
  g_autoptr(GError) error = NULL;

  g_test_summary ("Each preset sets its backend's endpoint and header names; missing or malformed "
                  "credentials are refused");

#define PRESET(p, cred, opt) genkit_otlp_exporter_new_for_preset (p, cred, opt, &error)
  {
    g_autoptr(GenkitOtlpExporter) e = PRESET (GENKIT_OTLP_PRESET_OTEL_COLLECTOR, NULL, NULL);
    g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (e), ==, "http://localhost:4318/v1/traces");
  }
  {
    g_autoptr(GenkitOtlpExporter) e = PRESET (GENKIT_OTLP_PRESET_HONEYCOMB, "hc-key", "classic");
    g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (e), ==, "https://api.honeycomb.io/v1/traces");
    g_assert_cmpstr (genkit_otlp_exporter_get_header (e, "x-honeycomb-team"), ==, "hc-key");
    g_assert_cmpstr (genkit_otlp_exporter_get_header (e, "x-honeycomb-dataset"), ==, "classic");
  }
  {
    g_autoptr(GenkitOtlpExporter) e = PRESET (GENKIT_OTLP_PRESET_GRAFANA, "123456:glc_token",
                                              "https://otlp-gateway-prod-eu-west-2.grafana.net/otlp/");
    g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (e), ==,
                     "https://otlp-gateway-prod-eu-west-2.grafana.net/otlp/v1/traces");
    g_assert_cmpstr (genkit_otlp_exporter_get_header (e, "Authorization"), ==, "Basic MTIzNDU2OmdsY190b2tlbg==");
  }
  {
    g_autoptr(GenkitOtlpExporter) e = PRESET (GENKIT_OTLP_PRESET_AXIOM, "xaat-1", "traces");
    g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (e), ==, "https://api.axiom.co/v1/traces");
    g_assert_cmpstr (genkit_otlp_exporter_get_header (e, "Authorization"), ==, "Bearer xaat-1");
    g_assert_cmpstr (genkit_otlp_exporter_get_header (e, "X-Axiom-Dataset"), ==, "traces");
  }
  {
    g_autoptr(GenkitOtlpExporter) e = PRESET (GENKIT_OTLP_PRESET_DATADOG, NULL, "http://agent:4318");
    g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (e), ==, "http://agent:4318/v1/traces");
  }
  {
    g_autoptr(GenkitOtlpExporter) e = PRESET (GENKIT_OTLP_PRESET_SENTRY,
                                              "https://abc123@o42.ingest.sentry.io/4505281256090153", NULL);
    g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (e), ==,
                     "https://o42.ingest.sentry.io/api/4505281256090153/integration/otlp/v1/traces");
    g_assert_cmpstr (genkit_otlp_exporter_get_header (e, "x-sentry-auth"), ==, "sentry sentry_key=abc123");
  }
  {
    g_autoptr(GenkitOtlpExporter) e = PRESET (GENKIT_OTLP_PRESET_SENTRY, "http://key@sentry.local:9000/prefix/7", NULL);
    g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (e), ==,
                     "http://sentry.local:9000/prefix/api/7/integration/otlp/v1/traces");
  }
  g_assert_no_error (error);

  {
    static const struct { GenkitOtlpPreset preset; const char *credential; const char *option; } bad[] = {
      { GENKIT_OTLP_PRESET_HONEYCOMB, NULL, NULL },
      { GENKIT_OTLP_PRESET_GRAFANA, "no-colon", "https://x" },
      { GENKIT_OTLP_PRESET_GRAFANA, "1:t", NULL },
      { GENKIT_OTLP_PRESET_AXIOM, "t", NULL },
      { GENKIT_OTLP_PRESET_SENTRY, "not a dsn", NULL },
      { GENKIT_OTLP_PRESET_SENTRY, "https://host/1", NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GenkitOtlpExporter) e = PRESET (bad[i].preset, bad[i].credential, bad[i].option);

        g_assert_null (e);
        g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
  }
#undef PRESET
}

static void
test_otlp_environment (void)
{
  g_autoptr(GError) error = NULL;

  g_test_summary ("OTEL_EXPORTER_OTLP_* variables configure the OTLP exporter");

  g_unsetenv ("OTEL_EXPORTER_OTLP_ENDPOINT");
  g_unsetenv ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  g_assert_null (genkit_otlp_exporter_new_from_environment (&error));
  g_assert_no_error (error);

  g_setenv ("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/", TRUE);
  g_setenv ("OTEL_EXPORTER_OTLP_HEADERS", "api-key=a%20b, x-team = t1", TRUE);
  g_setenv ("OTEL_SERVICE_NAME", "svc", TRUE);
  {
    g_autoptr(GenkitOtlpExporter) e = genkit_otlp_exporter_new_from_environment (&error);

    g_assert_no_error (error);
    g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (e), ==, "http://collector:4318/v1/traces");
    g_assert_cmpstr (genkit_otlp_exporter_get_header (e, "api-key"), ==, "a b");
    g_assert_cmpstr (genkit_otlp_exporter_get_header (e, "x-team"), ==, "t1");
    g_assert_cmpstr (genkit_otlp_exporter_get_service_name (e), ==, "svc");
  }
  g_setenv ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://other/traces", TRUE);
  {
    g_autoptr(GenkitOtlpExporter) e = genkit_otlp_exporter_new_from_environment (&error);
    g_assert_cmpstr (genkit_otlp_exporter_get_endpoint (e), ==, "http://other/traces");
  }
  g_setenv ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf", TRUE);
  g_assert_null (genkit_otlp_exporter_new_from_environment (&error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_unsetenv ("OTEL_EXPORTER_OTLP_PROTOCOL");
  g_setenv ("OTEL_EXPORTER_OTLP_HEADERS", "broken", TRUE);
  g_assert_null (genkit_otlp_exporter_new_from_environment (&error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_unsetenv ("OTEL_EXPORTER_OTLP_HEADERS");
  g_unsetenv ("OTEL_EXPORTER_OTLP_ENDPOINT");
  g_unsetenv ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  g_unsetenv ("OTEL_SERVICE_NAME");
}

static void
test_setup_from_environment (void)
{
  g_autoptr(Capture) capture = capture_new ();
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitTelemetryExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trace_id = NULL;

  g_test_summary ("GENKIT_TELEMETRY_SERVER, GENKIT_ENV=dev and GENKIT_ENABLE_REALTIME_TELEMETRY "
                  "wire the tracer like a Genkit runtime: realtime export to that URL");

  g_setenv ("GENKIT_TELEMETRY_SERVER", capture->url, TRUE);
  g_setenv ("GENKIT_ENV", "dev", TRUE);
  g_setenv ("GENKIT_ENABLE_REALTIME_TELEMETRY", "true", TRUE);
  g_assert_true (genkit_tracing_is_realtime_enabled ());
  exporter = genkit_tracing_setup_telemetry_export (tracer);
  g_assert_cmpstr (genkit_telemetry_exporter_get_server_url (exporter), ==, capture->url);
  trace_id = run_two_spans (tracer, FALSE);
  g_assert_true (genkit_flush_tracing (&error));
  g_assert_cmpuint (capture->bodies->len, ==, 4);

  g_setenv ("GENKIT_ENV", "prod", TRUE);
  g_assert_false (genkit_tracing_is_realtime_enabled ());
  g_unsetenv ("GENKIT_TELEMETRY_SERVER");
  g_unsetenv ("GENKIT_ENV");
  g_unsetenv ("GENKIT_ENABLE_REALTIME_TELEMETRY");

  /* Without a URL, spans are dropped until one is set (as /api/notify does). */
  {
    g_autoptr(GenkitTracer) quiet_tracer = genkit_tracer_new ();
    g_autoptr(GenkitTelemetryExporter) quiet = genkit_tracing_setup_telemetry_export (quiet_tracer);
    g_autofree char *id1 = run_two_spans (quiet_tracer, FALSE);
    g_autofree char *id2 = NULL;

    g_assert_null (genkit_telemetry_exporter_get_server_url (quiet));
    g_assert_true (genkit_flush_tracing (NULL));
    g_assert_cmpuint (capture->bodies->len, ==, 4);
    genkit_telemetry_exporter_set_server_url (quiet, capture->url);
    id2 = run_two_spans (quiet_tracer, FALSE);
    g_assert_true (genkit_flush_tracing (NULL));
    g_assert_cmpuint (capture->bodies->len, ==, 6);
  }
}

static void
test_unreachable_server (void)
{
  g_autoptr(GenkitTracer) tracer = genkit_tracer_new ();
  g_autoptr(GenkitTelemetryExporter) exporter = NULL;
  g_autoptr(Capture) capture = capture_new ();
  g_autofree char *url = g_strdup (capture->url);
  g_autofree char *trace_id = NULL;

  g_test_summary ("An unreachable server or an error status counts failures; flushing still "
                  "completes and nothing crashes");

  /* A port nobody listens on any more. */
  g_clear_pointer (&capture, capture_free);
  exporter = genkit_telemetry_exporter_new (url);
  genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (exporter));
  trace_id = run_two_spans (tracer, FALSE);
  flush_processor (GENKIT_SPAN_PROCESSOR (exporter));
  g_assert_cmpuint (genkit_telemetry_exporter_get_n_failed (exporter), ==, 2);
  g_assert_cmpuint (genkit_telemetry_exporter_get_n_sent (exporter), ==, 0);

  capture = capture_new ();
  capture->status = 500;
  genkit_telemetry_exporter_set_server_url (exporter, capture->url);
  g_free (trace_id);
  trace_id = run_two_spans (tracer, FALSE);
  flush_processor (GENKIT_SPAN_PROCESSOR (exporter));
  g_assert_cmpuint (genkit_telemetry_exporter_get_n_failed (exporter), ==, 4);

  genkit_telemetry_exporter_set_server_url (exporter, "not a url");
  g_free (trace_id);
  trace_id = run_two_spans (tracer, FALSE);
  flush_processor (GENKIT_SPAN_PROCESSOR (exporter));
  g_assert_cmpuint (genkit_telemetry_exporter_get_n_failed (exporter), ==, 6);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/exporters/telemetry-exporter-to-our-server", test_exporter_to_our_server);
  g_test_add_func ("/exporters/realtime-export", test_realtime_export);
  g_test_add_func ("/exporters/store-processor", test_store_processor);
  g_test_add_func ("/exporters/registry-flow-to-store", test_registry_flow_to_store);
  g_test_add_func ("/exporters/flush-tracing-waits", test_flush_tracing_waits);
  g_test_add_func ("/exporters/otlp-export", test_otlp_export);
  g_test_add_func ("/exporters/otlp-into-our-server", test_otlp_into_our_server);
  g_test_add_func ("/exporters/presets", test_presets);
  g_test_add_func ("/exporters/otlp-environment", test_otlp_environment);
  g_test_add_func ("/exporters/setup-from-environment", test_setup_from_environment);
  g_test_add_func ("/exporters/unreachable-server", test_unreachable_server);

  return g_test_run ();
}
