/* test-trace-store.c — the SQLite trace store: Genkit's merge rules, listing, filters and
 * paging, full-text search, deletion, retention, the live list model and signals
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <sqlite3.h>

#include "telemetry-test-util.h"

#define TRACE_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define ROOT_A  "a000000000000001"
#define CHILD_A "a000000000000002"

static JsonObject *
trace_spans (JsonNode *trace)
{
  return json_object_get_object_member (json_node_get_object (trace), "spans");
}

static JsonArray *
page_traces (JsonNode *page)
{
  return json_object_get_array_member (json_node_get_object (page), "traces");
}

static const char *
page_token (JsonNode *page)
{
  JsonObject *object = json_node_get_object (page);

  return json_object_has_member (object, "continuationToken")
         ? json_object_get_string_member (object, "continuationToken") : NULL;
}

static const char *
listed_id (JsonNode *page,
           guint     index)
{
  return json_object_get_string_member (json_array_get_object_element (page_traces (page), index),
                                        "traceId");
}

/* A root flow span (ended unless @end is 0), TraceData with root fields. */
static JsonNode *
root_payload (const char *trace_id,
              const char *span_id,
              const char *name,
              double      start,
              double      end,
              const char *attributes)
{
  g_autoptr(JsonNode) span = tt_span (trace_id, span_id, NULL, name, start, end, attributes);

  return tt_trace_of (span, TRUE);
}

static void
test_round_trip (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autoptr(JsonNode) payload = root_payload (TRACE_A, ROOT_A, "greet", 1000.25, 2000.5,
                                              "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                                              "\"genkit:input\":\"{\\\"name\\\":\\\"Ada\\\"}\",\"n\":1.5e-7,\"big\":1e21}");
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("A stored trace reads back as Genkit's TraceData: same fields, zod's key order, "
                  "numbers as JavaScript writes them; an unknown id is NOT_FOUND");

  /* An unknown key is dropped, as zod does. */
  json_object_set_string_member (json_node_get_object (payload), "extra", "dropped");
  json_object_set_string_member (json_object_get_object_member (trace_spans (payload), ROOT_A), "extra", "x");
  tt_ingest (store, payload);

  trace = tt_get_trace (store, TRACE_A, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (trace), "displayName"), ==, "greet");

  /* The text as served, not as json-glib would print the parsed value. */
  {
    g_autofree char *url = NULL;
    g_autoptr(GenkitTelemetryServer) server = tt_server_new (store, &url);
    g_autoptr(TtResponse) response = tt_request (url, "GET", "/api/traces/" TRACE_A, NULL, 0, NULL);

    text = tt_response_text (response);
  }
  g_assert_cmpstr (text, ==,
                   "{\"traceId\":\"" TRACE_A "\",\"displayName\":\"greet\",\"startTime\":1000.25,"
                   "\"endTime\":2000.5,\"spans\":{\"" ROOT_A "\":{\"spanId\":\"" ROOT_A "\","
                   "\"traceId\":\"" TRACE_A "\",\"startTime\":1000.25,\"endTime\":2000.5,"
                   "\"attributes\":{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                   "\"genkit:input\":\"{\\\"name\\\":\\\"Ada\\\"}\",\"n\":1.5e-7,\"big\":1e+21},"
                   "\"displayName\":\"greet\",\"links\":[],\"instrumentationLibrary\":{\"name\":"
                   "\"genkit-tracer\",\"version\":\"v1\"},\"spanKind\":\"INTERNAL\","
                   "\"sameProcessAsParentSpan\":{\"value\":true},\"status\":{\"code\":0},"
                   "\"timeEvents\":{\"timeEvent\":[]}}}}");

  g_clear_pointer (&trace, json_node_unref);
  trace = tt_get_trace (store, "0123456789abcdef0123456789abcdef", &error);
  g_assert_null (trace);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
}

static void
test_merge_realtime (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autoptr(JsonNode) root_start = root_payload (TRACE_A, ROOT_A, "greet", 100, 0,
                                                 "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\"}");
  g_autoptr(JsonNode) root_end = root_payload (TRACE_A, ROOT_A, "greet", 100, 150,
                                               "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                                               "\"genkit:state\":\"success\"}");
  g_autoptr(JsonNode) child_end_span = tt_span (TRACE_A, CHILD_A, ROOT_A, "step", 110, 120,
                                                "{\"genkit:type\":\"flowStep\",\"genkit:state\":\"success\"}");
  g_autoptr(JsonNode) child_start_span = tt_span (TRACE_A, CHILD_A, ROOT_A, "step", 110, 0,
                                                  "{\"genkit:type\":\"flowStep\"}");
  g_autoptr(JsonNode) child_end = tt_trace_of (child_end_span, FALSE);
  g_autoptr(JsonNode) child_start = tt_trace_of (child_start_span, FALSE);
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonObject *object;
  JsonObject *child;
  g_autoptr(GList) keys = NULL;

  g_test_summary ("Realtime exports merge like Genkit's store: a start never overwrites an ended "
                  "span (even arriving late); trace fields change only when present; span order "
                  "is first-stored order");

  tt_ingest (store, root_start);
  tt_ingest (store, child_end);     /* the end overtook the start */
  tt_ingest (store, child_start);   /* stale: ignored */
  tt_ingest (store, root_end);

  trace = tt_get_trace (store, TRACE_A, NULL);
  object = json_node_get_object (trace);
  g_assert_cmpfloat (json_object_get_double_member (object, "endTime"), ==, 150);
  child = json_object_get_object_member (trace_spans (trace), CHILD_A);
  g_assert_cmpfloat (json_object_get_double_member (child, "endTime"), ==, 120);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (child, "attributes"),
                                                  "genkit:state"), ==, "success");
  keys = json_object_get_members (trace_spans (trace));
  g_assert_cmpstr (keys->data, ==, ROOT_A);
  g_assert_cmpstr (keys->next->data, ==, CHILD_A);

  /* A payload without root fields leaves them alone. */
  tt_ingest (store, child_end);
  g_clear_pointer (&trace, json_node_unref);
  trace = tt_get_trace (store, TRACE_A, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (trace), "displayName"), ==, "greet");

  page = tt_list (store, NULL, NULL, 0, 10);
  g_assert_cmpuint (json_array_get_length (page_traces (page)), ==, 1);
}

static void
test_filters_on_save (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autoptr(JsonNode) prompt_span = tt_span (TRACE_A, "b000000000000001", NULL, "hello", 1, 2,
                                             "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"prompt\"}");
  g_autoptr(JsonNode) wrapper_span = tt_span ("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "b000000000000002", NULL,
                                              "dev-run-action-wrapper", 1, 2,
                                              "{\"genkit:name\":\"dev-run-action-wrapper\"}");
  g_autoptr(JsonNode) prompt = tt_trace_of (prompt_span, TRUE);
  g_autoptr(JsonNode) wrapper = tt_trace_of (wrapper_span, TRUE);
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Prompt spans and a lone dev-run-action-wrapper are not stored; a payload that "
                  "ends up empty makes orphan spans roots");

  tt_ingest (store, prompt);
  trace = tt_get_trace (store, TRACE_A, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (trace_spans (trace)), ==, 0);

  tt_ingest (store, wrapper);
  g_clear_pointer (&trace, json_node_unref);
  trace = tt_get_trace (store, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", NULL);
  g_assert_cmpuint (json_object_get_size (trace_spans (trace)), ==, 0);

  page = tt_list (store, NULL, NULL, 0, 10);
  g_assert_cmpuint (json_array_get_length (page_traces (page)), ==, 0);

  /* An orphan (its parent was the filtered wrapper) becomes a root on the next empty payload. */
  {
    g_autoptr(JsonNode) orphan_span = tt_span ("cccccccccccccccccccccccccccccccc", "c000000000000002",
                                               "c000000000000001", "flow", 5, 6,
                                               "{\"genkit:type\":\"action\"}");
    g_autoptr(JsonNode) orphan = tt_trace_of (orphan_span, FALSE);
    g_autoptr(JsonNode) empty = tt_parse_json ("{\"traceId\":\"cccccccccccccccccccccccccccccccc\",\"spans\":{}}");
    JsonObject *span;

    tt_ingest (store, orphan);
    tt_ingest (store, empty);
    g_clear_pointer (&trace, json_node_unref);
    trace = tt_get_trace (store, "cccccccccccccccccccccccccccccccc", NULL);
    span = json_object_get_object_member (trace_spans (trace), "c000000000000002");
    g_assert_false (json_object_has_member (span, "parentSpanId"));
    g_assert_cmpstr (json_object_get_string_member (span, "displayName"), ==, "flow");
  }
}

static void
test_invalid_input (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  static const char *bad[] = {
    "{}",
    "{\"traceId\":5,\"spans\":{}}",
    "{\"traceId\":\"x\",\"spans\":[]}",
    "{\"traceId\":\"x\",\"spans\":{\"s\":{\"spanId\":\"s\"}}}",
    "{\"traceId\":\"..\",\"spans\":{}}",
    "{\"traceId\":\"a/b\",\"spans\":{}}",
    "{\"traceId\":\"x\",\"displayName\":null,\"spans\":{}}",
    "\"just a string\"",
  };

  g_test_summary ("Invalid TraceData is refused with INVALID_ARGUMENT naming the problem; nothing "
                  "is stored");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = tt_parse_json (bad[i]);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;

      genkit_trace_store_ingest_async (store, node, NULL, tt_store_result_cb, &result);
      tt_wait (&result);
      g_assert_false (genkit_trace_store_ingest_finish (store, result, &error));
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_test_message ("%s → %s", bad[i], error->message);
      g_clear_error (&error);
      g_assert_false (genkit_trace_store_add (store, node, &error));
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
    }
  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, NULL, 0, 10);
    g_assert_cmpuint (json_array_get_length (page_traces (page)), ==, 0);
  }
}

static void
test_listing_preview (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autoptr(GString) long_value = g_string_new (NULL);
  g_autoptr(GString) attributes = g_string_new (NULL);
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) child_span = tt_span (TRACE_A, CHILD_A, ROOT_A, "child", 2, 3, NULL);
  g_autoptr(JsonNode) child = tt_trace_of (child_span, FALSE);
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) whole = NULL;
  JsonObject *listed;
  JsonObject *spans;
  JsonObject *listed_attributes;
  g_autoptr(GList) keys = NULL;

  g_test_summary ("Listings show the root span only, attributes first, string attributes over "
                  "1000 UTF-16 units cut to 1000 plus \"...\" (a split surrogate pair kept as "
                  "JavaScript keeps it); the stored trace stays whole");

  for (guint i = 0; i < 999; i++)
    g_string_append_c (long_value, 'x');
  g_string_append (long_value, "\xf0\x9f\x98\x80 tail");   /* U+1F600 straddles unit 1000 */
  g_string_append (attributes, "{\"genkit:type\":\"action\",\"genkit:output\":\"");
  g_string_append (attributes, long_value->str);
  g_string_append (attributes, "\",\"short\":\"ok\",\"num\":7}");
  payload = root_payload (TRACE_A, ROOT_A, "big", 1, 5, attributes->str);
  tt_ingest (store, payload);
  tt_ingest (store, child);

  page = tt_list (store, NULL, NULL, 0, 10);
  listed = json_array_get_object_element (page_traces (page), 0);
  keys = json_object_get_members (listed);
  g_assert_cmpstr (keys->data, ==, "spans");
  spans = json_object_get_object_member (listed, "spans");
  g_assert_cmpuint (json_object_get_size (spans), ==, 1);
  {
    JsonObject *root = json_object_get_object_member (spans, ROOT_A);
    g_autoptr(GList) root_keys = json_object_get_members (root);
    const char *cut;

    g_assert_cmpstr (root_keys->data, ==, "attributes");
    listed_attributes = json_object_get_object_member (root, "attributes");
    cut = json_object_get_string_member (listed_attributes, "genkit:output");
    /* JSON cannot carry the lone surrogate JavaScript leaves when the cut splits U+1F600 into
     * parsed values: the parsed listing drops it, the server's text keeps it (below). */
    g_assert_cmpuint (strspn (cut, "x"), ==, 999);
    g_assert_cmpstr (cut + 999, ==, "...");
    g_assert_cmpstr (json_object_get_string_member (listed_attributes, "short"), ==, "ok");
  }

  /* The raw listing text carries the escape exactly as JSON.stringify writes it. */
  {
    g_autoptr(GenkitTelemetryServer) server = NULL;
    g_autofree char *url = NULL;
    g_autofree char *text = NULL;

    server = tt_server_new (store, &url);
    {
      g_autoptr(TtResponse) response = tt_request (url, "GET", "/api/traces", NULL, 0, NULL);

      text = tt_response_text (response);
    }
    g_assert_nonnull (strstr (text, "xxx\\ud83d...\""));
  }

  whole = tt_get_trace (store, TRACE_A, NULL);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (
                       json_object_get_object_member (trace_spans (whole), ROOT_A), "attributes"),
                     "genkit:output"), ==, long_value->str);
}

static void
ingest_listed (GenkitTraceStore *store,
               guint             i,
               const char       *name,
               const char       *subtype,
               int               status,
               const char       *extra_attributes)
{
  g_autofree char *trace_id = g_strdup_printf ("%032x", i);
  g_autofree char *span_id = g_strdup_printf ("%016x", i);
  g_autofree char *attributes = g_strdup_printf ("{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"%s\"%s%s}",
                                                 subtype, extra_attributes ? "," : "",
                                                 extra_attributes ? extra_attributes : "");
  g_autoptr(JsonNode) payload = root_payload (trace_id, span_id, name, 1000 + i, 1000 + i + 0.5, attributes);

  if (status != 0)
    json_object_set_int_member (json_object_get_object_member (
                                  json_object_get_object_member (trace_spans (payload), span_id), "status"),
                                "code", status);
  tt_ingest (store, payload);
}

static guint
count_listed (GenkitTraceStore *store,
              const char       *filter)
{
  g_autoptr(JsonNode) page = tt_list (store, filter, NULL, 0, 1000);

  return json_array_get_length (page_traces (page));
}

static void
test_filters_and_paging (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();

  g_test_summary ("TraceQueryFilter eq/neq/gt/gte/lt/lte/contains on id, type, name, start, end, "
                  "status and genkitx:* behave like Genkit's index search (JavaScript ===, "
                  "numbers-only comparisons, case-insensitive contains); paging by "
                  "continuationToken walks every trace once, newest first");

  for (guint i = 1; i <= 25; i++)
    ingest_listed (store, i, i % 3 == 0 ? "Summarize" : "greet", i % 5 == 0 ? "model" : "flow",
                   i % 4 == 0 ? 2 : 0, i % 2 ? "\"genkitx:ignore-trace\":\"true\"" : NULL);

  g_assert_cmpuint (count_listed (store, NULL), ==, 25);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"type\":\"model\"}}"), ==, 5);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"type\":[\"model\",\"flow\"]}}"), ==, 25);
  g_assert_cmpuint (count_listed (store, "{\"neq\":{\"type\":\"model\"}}"), ==, 20);
  g_assert_cmpuint (count_listed (store, "{\"neq\":{\"type\":[\"model\",\"flow\"]}}"), ==, 0);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"type\":[]}}"), ==, 0);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"status\":2}}"), ==, 6);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"status\":\"2\"}}"), ==, 0);     /* === */
  g_assert_cmpuint (count_listed (store, "{\"neq\":{\"status\":0}}"), ==, 6);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"name\":\"greet\"}}"), ==, 17);
  g_assert_cmpuint (count_listed (store, "{\"contains\":{\"name\":\"SUMM\"}}"), ==, 8);
  g_assert_cmpuint (count_listed (store, "{\"contains\":{\"name\":[\"summ\",\"gre\"]}}"), ==, 25);
  g_assert_cmpuint (count_listed (store, "{\"contains\":{\"start\":\"10\"}}"), ==, 0);  /* not a string */
  g_assert_cmpuint (count_listed (store, "{\"gt\":{\"start\":1020}}"), ==, 5);
  g_assert_cmpuint (count_listed (store, "{\"gte\":{\"start\":1020}}"), ==, 6);
  g_assert_cmpuint (count_listed (store, "{\"lt\":{\"start\":1003},\"gt\":{\"end\":1001.5}}"), ==, 1);
  g_assert_cmpuint (count_listed (store, "{\"lte\":{\"end\":1003.5}}"), ==, 3);
  g_assert_cmpuint (count_listed (store, "{\"gt\":{\"name\":1}}"), ==, 0);             /* not a number */
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"id\":\"00000000000000000000000000000007\"}}"), ==, 1);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"id\":7}}"), ==, 0);
  g_assert_cmpuint (count_listed (store, "{\"neq\":{\"genkitx:ignore-trace\":[\"true\"]}}"), ==, 12);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"genkitx:ignore-trace\":\"true\"}}"), ==, 13);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"nope\":\"x\"}}"), ==, 0);           /* undefined */
  g_assert_cmpuint (count_listed (store, "{\"neq\":{\"nope\":\"x\"}}"), ==, 25);
  g_assert_cmpuint (count_listed (store, "{\"eq\":{\"type\":\"flow\",\"status\":2},\"contains\":{\"name\":\"e\"}}"), ==, 5);

  /* Paging */
  {
    g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    guint offset = 0;
    double last_start = G_MAXDOUBLE;

    for (;;)
      {
        g_autoptr(JsonNode) page = tt_list (store, NULL, NULL, offset, 7);
        JsonArray *traces = page_traces (page);
        const char *token = page_token (page);

        for (guint i = 0; i < json_array_get_length (traces); i++)
          {
            JsonObject *trace = json_array_get_object_element (traces, i);
            double start = json_object_get_double_member (trace, "startTime");

            g_assert_cmpfloat (start, <, last_start);
            last_start = start;
            g_assert_true (g_hash_table_add (seen, g_strdup (json_object_get_string_member (trace, "traceId"))));
          }
        if (token == NULL)
          {
            g_assert_cmpuint (json_array_get_length (traces), ==, 4);
            break;
          }
        g_assert_cmpuint (json_array_get_length (traces), ==, 7);
        g_assert_cmpuint (g_ascii_strtoull (token, NULL, 10), ==, offset + 7);
        offset += 7;
      }
    g_assert_cmpuint (g_hash_table_size (seen), ==, 25);
  }
  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, NULL, 0, 25);
    g_assert_null (page_token (page));
    g_assert_cmpstr (listed_id (page, 0), ==, "00000000000000000000000000000019");
  }
  {
    g_autoptr(JsonNode) page = tt_list (store, "{\"eq\":{\"type\":\"model\"}}", NULL, 3, 1);
    g_assert_cmpstr (page_token (page), ==, "4");
    g_assert_cmpstr (listed_id (page, 0), ==, "0000000000000000000000000000000a");
  }
}

static void
test_search (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autoptr(JsonNode) root = root_payload (TRACE_A, ROOT_A, "travelPlanner", 10, 20,
                                           "{\"genkit:type\":\"action\",\"genkit:input\":\"\\\"Plan a trip\\\"\"}");
  g_autoptr(JsonNode) model_span = tt_span (TRACE_A, CHILD_A, ROOT_A, "gemini", 11, 19,
                                            "{\"genkit:type\":\"action\",\"genkit:output\":"
                                            "\"{\\\"message\\\":{\\\"content\\\":[{\\\"text\\\":\\\"Visit Kraków and Zürich\\\"}]}}\"}");
  g_autoptr(JsonNode) model = tt_trace_of (model_span, FALSE);
  g_autoptr(JsonNode) other = root_payload ("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "b000000000000001", "greet", 30, 40,
                                            "{\"genkit:type\":\"action\",\"genkit:output\":\"\\\"Hello, Ada!\\\"\"}");

  g_test_summary ("Full-text search finds a trace by a word in a child span's output, its input or "
                  "a span name, ignoring case and accents; combined with filters; quoting makes "
                  "FTS syntax plain text");

  tt_ingest (store, root);
  tt_ingest (store, model);
  tt_ingest (store, other);
  /* Spans reach the full-text index in batches off the ingest path; a flush waits for it. */
  tt_flush (store);

#define SEARCH(text, filter, n) \
  G_STMT_START { \
    g_autoptr(JsonNode) _page = tt_list (store, filter, text, 0, 10); \
    g_assert_cmpuint (json_array_get_length (page_traces (_page)), ==, n); \
  } G_STMT_END

  SEARCH ("zurich", NULL, 1);
  SEARCH ("KRAKOW", NULL, 1);
  SEARCH ("visit zurich", NULL, 1);
  SEARCH ("visit ada", NULL, 0);          /* words of one span */
  SEARCH ("trip", NULL, 1);               /* input */
  SEARCH ("gemini", NULL, 1);             /* span name */
  SEARCH ("ada", NULL, 1);
  SEARCH ("hello", "{\"eq\":{\"name\":\"travelPlanner\"}}", 0);
  SEARCH ("hello", "{\"eq\":{\"name\":\"greet\"}}", 1);
  SEARCH ("\"unbalanced OR NOT *", NULL, 0);
  SEARCH ("nothinglikethis", NULL, 0);
  SEARCH ("   ", NULL, 2);                /* no words: no search */

  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, "zürich", 0, 10);
    g_assert_cmpstr (listed_id (page, 0), ==, TRACE_A);
  }

  /* An updated span is searched by its new text only. */
  {
    g_autoptr(JsonNode) updated_span = tt_span (TRACE_A, CHILD_A, ROOT_A, "gemini", 11, 19,
                                                "{\"genkit:type\":\"action\",\"genkit:output\":\"\\\"Go to Oslo\\\"\"}");
    g_autoptr(JsonNode) updated = tt_trace_of (updated_span, FALSE);

    tt_ingest (store, updated);
    tt_flush (store);
    SEARCH ("zurich", NULL, 0);
    SEARCH ("oslo", NULL, 1);
  }
#undef SEARCH
}

static void
test_search_common_word (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  guint n_traces = 800;

  g_test_summary ("A word in every span of 800 traces finds them newest first, a page at a time, "
                  "also with a filter that keeps only old ones; a word in every 100th trace finds "
                  "those");

  for (guint i = 0; i < n_traces; i++)
    {
      g_autofree char *trace_id = g_strdup_printf ("%032x", i + 1);
      g_autofree char *root_id = g_strdup_printf ("%016x", 3 * i + 1);

      for (guint j = 0; j < 3; j++)
        {
          g_autofree char *span_id = g_strdup_printf ("%016x", 3 * i + 1 + j);
          g_autofree char *attributes = g_strdup_printf ("{\"genkit:output\":\"common %s\"}",
                                                         i % 100 == 7 && j == 2 ? "rareword" : "text");
          g_autoptr(JsonNode) span = tt_span (trace_id, span_id, j ? root_id : NULL, "step",
                                              1000.0 + i, 1001.0 + i, attributes);
          g_autoptr(JsonNode) payload = tt_trace_of (span, j == 0);

          g_assert_true (genkit_trace_store_add (store, payload, NULL));
        }
    }
  tt_flush (store);

  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, "common", 0, 10);
    g_assert_cmpuint (json_array_get_length (page_traces (page)), ==, 10);
    g_assert_cmpstr (page_token (page), ==, "10");
    g_assert_cmpstr (listed_id (page, 0), ==, "00000000000000000000000000000320");
  }
  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, "common", 795, 10);
    g_assert_cmpuint (json_array_get_length (page_traces (page)), ==, 5);
    g_assert_null (page_token (page));
  }
  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, "rareword", 0, 100);
    g_assert_cmpuint (json_array_get_length (page_traces (page)), ==, 8);
  }
  {
    g_autoptr(JsonNode) page = tt_list (store, "{\"lt\":{\"start\":1100}}", "common", 0, 1000);
    g_assert_cmpuint (json_array_get_length (page_traces (page)), ==, 100);
  }
}

/* test_search_exact's store: EXACT_TRACES traces of four spans, stored eight at a time with
 * their spans interleaved and the root last (as concurrent runs export them), their start
 * times unrelated to that order and equal in pairs; a 300-span trace that starts last but is
 * stored first; and a trace without a root span, never listed, stored last. */
#define EXACT_TRACES 240
#define EXACT_BIG "b16b16b16b16b16b16b16b16b16b16b1"
#define EXACT_ORPHAN "0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f"

/* Trace i holds "common" unless i % 4 == 3, in one child span; "rareword" is only in trace 0,
 * the oldest. */
static gboolean
exact_has_word (guint       i,
                const char *word)
{
  if (g_str_equal (word, "common"))
    return i % 4 != 3;
  return i == 0;
}

static void
exact_add_span (GenkitTraceStore *store,
                const char       *trace_id,
                guint             span,
                const char       *name,
                double            start,
                const char       *text)
{
  g_autofree char *span_id = g_strdup_printf ("%s%04x", trace_id + 20, span);
  g_autofree char *parent_id = g_strdup_printf ("%s%04x", trace_id + 20, 0);
  g_autofree char *attributes = g_strdup_printf ("{\"genkit:type\":\"action\",\"genkit:output\":\"%s\"}", text);
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) node = tt_span (trace_id, span_id, span ? parent_id : NULL, name, start + span * 0.001,
                                      start + 1, attributes);

  payload = tt_trace_of (node, span == 0);
  g_assert_true (genkit_trace_store_add (store, payload, NULL));
}

static void
exact_fill (GenkitTraceStore *store)
{
  for (guint span = 0; span < 300; span++)
    exact_add_span (store, EXACT_BIG, span, span ? "step" : "bigFlow", 9000,
                    span == 150 ? "common deep inside" : "nothing to see");
  for (guint group = 0; group < EXACT_TRACES / 8; group++)
    for (int span = 3; span >= 0; span--)
      for (guint i = group * 8; i < group * 8 + 8; i++)
        {
          g_autofree char *trace_id = g_strdup_printf ("%032x", i + 1);
          double start = 5000 + ((i * 97) % EXACT_TRACES) / 2;
          const char *text = span == 0 ? "root"
                             : (guint) span == 1 + i % 3 && exact_has_word (i, "common") ? "common words"
                             : span == 2 && exact_has_word (i, "rareword") ? "a rareword here"
                             : "plain words";

          exact_add_span (store, trace_id, (guint) span, span ? "step" : i % 2 ? "flowA" : "flowB",
                          start, text);
        }
  for (guint span = 1; span < 4; span++)
    exact_add_span (store, EXACT_ORPHAN, span, "step", 9500, "common orphan");
  tt_flush (store);
}

/* The trace ids a search must give: the listing's (same filter, newest first), kept when the
 * trace holds @word. */
static GPtrArray *
exact_expected (GenkitTraceStore *store,
                const char       *filter,
                const char       *word)
{
  g_autoptr(JsonNode) all = tt_list (store, filter, NULL, 0, 1000);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k < json_array_get_length (page_traces (all)); k++)
    {
      const char *id = listed_id (all, k);

      if (g_str_equal (id, EXACT_BIG) ? g_str_equal (word, "common")
          : exact_has_word ((guint) g_ascii_strtoull (id, NULL, 16) - 1, word))
        g_ptr_array_add (ids, g_strdup (id));
    }
  return ids;
}

/* Pages through a search with continuation tokens, checking every page against the listing. */
static void
exact_check_pages (GenkitTraceStore *store,
                   const char       *filter,
                   const char       *word,
                   guint             limit)
{
  g_autoptr(GPtrArray) expected = exact_expected (store, filter, word);
  guint offset = 0;

  for (;;)
    {
      g_autoptr(JsonNode) page = tt_list (store, filter, word, offset, limit);
      guint n = json_array_get_length (page_traces (page));
      const char *token = page_token (page);

      g_assert_cmpuint (n, ==, MIN (limit, expected->len - offset));
      for (guint k = 0; k < n; k++)
        g_assert_cmpstr (listed_id (page, k), ==, g_ptr_array_index (expected, offset + k));
      if (token == NULL)
        {
          g_assert_cmpuint (offset + n, ==, expected->len);
          break;
        }
      g_assert_cmpuint (g_ascii_strtoull (token, NULL, 10), ==, offset + limit);
      offset += limit;
    }
}

static void
test_search_exact (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();

  g_test_summary ("Searching for a word in most traces gives exactly the listing's traces that "
                  "hold it, newest first, page after page, whatever order their spans were "
                  "stored in: a trace stored before all others but started last, ties of start "
                  "time, unlisted traces, a filter; a word only in the oldest trace is found");

  exact_fill (store);
  {
    g_autoptr(GPtrArray) common = exact_expected (store, NULL, "common");

    /* More traces than the first pages' searches look for among the newest matches. */
    g_assert_cmpuint (common->len, >, 150);
  }

  exact_check_pages (store, NULL, "common", 50);
  exact_check_pages (store, NULL, "common", 7);
  exact_check_pages (store, NULL, "common", 1000);
  exact_check_pages (store, "{\"eq\":{\"name\":\"flowA\"}}", "common", 9);
  exact_check_pages (store, "{\"eq\":{\"name\":\"bigFlow\"}}", "common", 5);
  exact_check_pages (store, "{\"lt\":{\"start\":5030}}", "common", 4);
  exact_check_pages (store, NULL, "rareword", 10);
  exact_check_pages (store, "{\"eq\":{\"name\":\"flowB\"}}", "rareword", 10);

  /* The newest match, stored before everything else, leads; a page deep in the list. */
  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, "common", 0, 3);
    g_autoptr(GPtrArray) expected = exact_expected (store, NULL, "common");
    g_autoptr(JsonNode) deep = tt_list (store, NULL, "common", 100, 2);

    g_assert_cmpstr (listed_id (page, 0), ==, EXACT_BIG);
    g_assert_cmpstr (page_token (page), ==, "3");
    g_assert_cmpstr (listed_id (deep, 0), ==, g_ptr_array_index (expected, 100));
    g_assert_cmpstr (listed_id (deep, 1), ==, g_ptr_array_index (expected, 101));
    g_assert_cmpstr (page_token (deep), ==, "102");
  }
}

static void
test_delete (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autoptr(JsonNode) payload = root_payload (TRACE_A, ROOT_A, "doomed", 1, 2,
                                              "{\"genkit:output\":\"\\\"findme\\\"\"}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = NULL;

  g_test_summary ("Deleting a trace removes it from reads, listings, search and the model; "
                  "deleting it again is NOT_FOUND");

  tt_ingest (store, payload);
  tt_flush (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  genkit_trace_store_delete_trace_async (store, TRACE_A, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_true (genkit_trace_store_delete_trace_finish (store, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  trace = tt_get_trace (store, TRACE_A, &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (count_listed (store, NULL), ==, 0);
  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, "findme", 0, 10);
    g_assert_cmpuint (json_array_get_length (page_traces (page)), ==, 0);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  genkit_trace_store_delete_trace_async (store, TRACE_A, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_false (genkit_trace_store_delete_trace_finish (store, result, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);

  /* The same id can be stored again, and found by its text. */
  tt_ingest (store, payload);
  tt_flush (store);
  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, "findme", 0, 10);
    g_assert_cmpuint (json_array_get_length (page_traces (page)), ==, 1);
  }
}

static guint
apply_retention (GenkitTraceStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  genkit_trace_store_apply_retention_async (store, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_true (genkit_trace_store_apply_retention_finish (store, result, &n, &error));
  g_assert_no_error (error);
  return n;
}

static void
test_retention (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();

  g_test_summary ("Retention keeps the most recently updated max-traces traces and drops traces "
                  "older than max-age; the model follows");

  for (guint i = 1; i <= 10; i++)
    ingest_listed (store, i, "t", "flow", 0, NULL);
  g_assert_cmpuint (apply_retention (store), ==, 0);

  genkit_trace_store_set_max_traces (store, 4);
  g_assert_cmpuint (apply_retention (store), ==, 0);   /* setting it already applied it */
  g_assert_cmpuint (count_listed (store, NULL), ==, 4);
  tt_flush (store);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);
  {
    g_autoptr(JsonNode) page = tt_list (store, NULL, NULL, 0, 10);
    g_assert_cmpstr (listed_id (page, 0), ==, "0000000000000000000000000000000a");
    g_assert_cmpstr (listed_id (page, 3), ==, "00000000000000000000000000000007");
  }

  genkit_trace_store_set_max_traces (store, 0);
  g_usleep (1100 * 1000);
  ingest_listed (store, 11, "fresh", "flow", 0, NULL);
  genkit_trace_store_set_max_age (store, 1);
  g_assert_cmpuint (apply_retention (store), ==, 0);
  g_assert_cmpuint (count_listed (store, NULL), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
}

/* The live model */

typedef struct
{
  guint     n_changes;
  guint     added;
  guint     removed;
  GPtrArray *started;      /* span ids */
  GPtrArray *ended;
  GPtrArray *traces_added; /* trace ids */
} Watch;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  watch->n_changes++;
  watch->added += added;
  watch->removed += removed;
}

static void
span_started_cb (GenkitTraceStore *store,
                 const char       *trace_id,
                 JsonNode         *span,
                 Watch            *watch)
{
  g_ptr_array_add (watch->started, g_strdup (json_object_get_string_member (json_node_get_object (span), "spanId")));
}

static void
span_ended_cb (GenkitTraceStore *store,
               const char       *trace_id,
               JsonNode         *span,
               Watch            *watch)
{
  g_assert_cmpfloat (json_object_get_double_member (json_node_get_object (span), "endTime"), >, 0);
  g_ptr_array_add (watch->ended, g_strdup (json_object_get_string_member (json_node_get_object (span), "spanId")));
}

static void
trace_added_cb (GenkitTraceStore   *store,
                GenkitTraceSummary *summary,
                Watch              *watch)
{
  g_assert_true (GENKIT_IS_TRACE_SUMMARY (summary));
  /* Already in the model when announced. */
  g_assert_true (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0);
  g_ptr_array_add (watch->traces_added, g_strdup (genkit_trace_summary_get_trace_id (summary)));
}

static void
count_notify_cb (guint *count)
{
  (*count)++;
}

static void
test_model_and_signals (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  Watch watch = { 0 };
  g_autoptr(GenkitTraceSummary) first = NULL;

  g_test_summary ("The store is a GListModel of summaries, newest first; a burst of traces gives "
                  "one items-changed; span-started/span-ended follow Genkit's broadcast rules; "
                  "trace-added comes once per trace; summaries update in place");

  watch.started = g_ptr_array_new_with_free_func (g_free);
  watch.ended = g_ptr_array_new_with_free_func (g_free);
  watch.traces_added = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (store, "items-changed", G_CALLBACK (items_changed_cb), &watch);
  g_signal_connect (store, "span-started", G_CALLBACK (span_started_cb), &watch);
  g_signal_connect (store, "span-ended", G_CALLBACK (span_ended_cb), &watch);
  g_signal_connect (store, "trace-added", G_CALLBACK (trace_added_cb), &watch);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (store)) == GENKIT_TYPE_TRACE_SUMMARY);
  tt_flush (store);   /* the initial (empty) load */
  watch.n_changes = 0;

  /* 50 traces queued without waiting: one main-loop pass, one items-changed (not 50). */
  for (guint i = 1; i <= 50; i++)
    {
      g_autofree char *trace_id = g_strdup_printf ("%032x", i);
      g_autofree char *span_id = g_strdup_printf ("%016x", i);
      g_autoptr(JsonNode) payload = root_payload (trace_id, span_id, "burst", 5000 + i, 0,
                                                  "{\"genkit:type\":\"action\"}");

      g_assert_true (genkit_trace_store_add (store, payload, NULL));
    }
  /* Let the writer commit everything (in however many batches) before the main loop runs
   * again: the next pass delivers all of it, as one change. */
  g_usleep (300 * 1000);
  tt_flush (store);
  g_assert_cmpuint (watch.n_changes, ==, 1);
  g_assert_cmpuint (watch.added, ==, 50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 50);
  g_assert_cmpuint (watch.traces_added->len, ==, 50);
  g_assert_cmpuint (watch.started->len, ==, 50);
  g_assert_cmpuint (watch.ended->len, ==, 0);

  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_assert_cmpstr (genkit_trace_summary_get_trace_id (first), ==, "00000000000000000000000000000032");
  g_assert_true (genkit_trace_summary_is_running (first));
  g_assert_cmpstr (genkit_trace_summary_get_name (first), ==, "burst");
  g_assert_cmpstr (genkit_trace_summary_get_trace_type (first), ==, "action");
  g_assert_cmpint (genkit_trace_summary_get_status (first), ==, 0);
  g_assert_cmpfloat (genkit_trace_summary_get_start_time (first), ==, 5050);

  /* The root ends: the summary changes in place, no items-changed, no second trace-added. */
  watch.n_changes = 0;
  {
    g_autoptr(JsonNode) end = root_payload ("00000000000000000000000000000032", "0000000000000032", "burst",
                                            5050, 5060, "{\"genkit:type\":\"action\"}");
    guint notified = 0;
    gulong id = g_signal_connect_swapped (first, "notify::end-time", G_CALLBACK (count_notify_cb), &notified);

    json_object_set_int_member (json_object_get_object_member (
                                  json_object_get_object_member (trace_spans (end), "0000000000000032"),
                                  "status"), "code", 2);
    tt_ingest (store, end);
    g_assert_cmpuint (notified, ==, 1);
    g_signal_handler_disconnect (first, id);
  }
  g_assert_cmpuint (watch.n_changes, ==, 0);
  g_assert_cmpuint (watch.traces_added->len, ==, 50);
  g_assert_false (genkit_trace_summary_is_running (first));
  g_assert_cmpint (genkit_trace_summary_get_status (first), ==, 2);
  g_assert_cmpuint (watch.ended->len, ==, 1);
  g_assert_cmpuint (watch.started->len, ==, 51);   /* an ended span is also announced as started */

  /* An older trace goes to its place. */
  {
    g_autoptr(JsonNode) old = root_payload ("000000000000000000000000000000ff", "00000000000000ff", "old",
                                            10, 20, "{\"genkit:type\":\"action\"}");
    g_autoptr(GenkitTraceSummary) last = NULL;

    tt_ingest (store, old);
    last = g_list_model_get_item (G_LIST_MODEL (store), 50);
    g_assert_cmpstr (genkit_trace_summary_get_trace_id (last), ==, "000000000000000000000000000000ff");
  }

  /* A span of a trace without root yet: no model change, but the span signal. */
  {
    g_autoptr(JsonNode) span = tt_span ("eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", "e000000000000002", "e000000000000001",
                                        "child", 1, 0, NULL);
    g_autoptr(JsonNode) payload = tt_trace_of (span, FALSE);

    watch.n_changes = 0;
    tt_ingest (store, payload);
    g_assert_cmpuint (watch.n_changes, ==, 0);
    g_assert_cmpstr (g_ptr_array_index (watch.started, watch.started->len - 1), ==, "e000000000000002");
  }

  /* A smaller model limit trims the oldest; the model's items are found by trace id, as
   * long as they are items. */
  {
    g_autoptr(GenkitTraceSummary) oldest = g_list_model_get_item (G_LIST_MODEL (store),
                                                                 g_list_model_get_n_items (G_LIST_MODEL (store)) - 1);
    g_autoptr(GenkitTraceSummary) newest = NULL;

    g_assert_true (genkit_trace_store_lookup_summary (store, genkit_trace_summary_get_trace_id (oldest)) == oldest);
    genkit_trace_store_set_model_limit (store, 10);
    tt_flush (store);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 10);
    newest = g_list_model_get_item (G_LIST_MODEL (store), 0);
    g_assert_true (genkit_trace_store_lookup_summary (store, genkit_trace_summary_get_trace_id (newest)) == newest);
    g_assert_null (genkit_trace_store_lookup_summary (store, genkit_trace_summary_get_trace_id (oldest)));
    g_assert_null (genkit_trace_store_lookup_summary (store, "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"));  /* unlisted */
  }

  g_signal_handlers_disconnect_by_data (store, &watch);
  g_ptr_array_unref (watch.started);
  g_ptr_array_unref (watch.ended);
  g_ptr_array_unref (watch.traces_added);
}

static void
test_reopen_and_async_open (void)
{
  g_autofree char *path = tt_store_path ();

  g_test_summary ("Traces survive closing and reopening the store; opening asynchronously loads "
                  "the model");

  {
    g_autoptr(GenkitTraceStore) store = tt_store_new ();

    for (guint i = 1; i <= 3; i++)
      ingest_listed (store, i, "kept", "flow", 0, NULL);
  }
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GenkitTraceStore) store = NULL;

    genkit_trace_store_new_async (path, NULL, tt_store_result_cb, &result);
    tt_wait (&result);
    store = genkit_trace_store_new_finish (result, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (genkit_trace_store_get_path (store), ==, path);
    tt_flush (store);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
    g_assert_cmpuint (count_listed (store, NULL), ==, 3);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GenkitTraceStore) store = genkit_trace_store_new ("/proc/not-writable/traces.db", &error);

    g_assert_null (store);
    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  }
}

/* The runtime id of the listed trace number @i in @store's model. */
static const char *
model_runtime_id (GenkitTraceStore *store,
                  guint             i)
{
  g_autofree char *trace_id = g_strdup_printf ("%032x", i);

  return tt_model_runtime_id (store, trace_id);
}

static void
test_runtime_id_and_migration (void)
{
  g_autofree char *path = tt_store_path ();
  g_autofree char *trace_id = g_strdup_printf ("%032x", 1);
  g_autoptr(JsonNode) before = NULL;

  g_test_summary ("A trace records the runtime that sent it (summary property, `runtimeId` "
                  "filter), and a store of schema 1, without runtimes, is migrated losing "
                  "nothing");

  {
    g_autoptr(GenkitTraceStore) store = tt_store_new ();

    for (guint i = 1; i <= 3; i++)
      ingest_listed (store, i, "old", "flow", 0, NULL);
    tt_flush (store);
    before = tt_get_trace (store, trace_id, NULL);
  }
  /* Back to schema 1: the same tables without the runtime column. */
  {
    sqlite3 *conn = NULL;

    g_assert_cmpint (sqlite3_open (path, &conn), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (conn, "ALTER TABLE traces DROP COLUMN runtime_id;"
                                         "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (conn);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GenkitTraceStore) store = genkit_trace_store_new (path, &error);
    g_autoptr(JsonNode) after = NULL;
    g_autoptr(JsonNode) span = NULL;
    g_autoptr(JsonNode) payload = NULL;
    g_autoptr(GenkitTraceSummary) first = NULL;
    g_autofree char *runtime_id = NULL;

    g_assert_no_error (error);
    tt_flush (store);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
    after = tt_get_trace (store, trace_id, NULL);
    tt_assert_json_equal (before, after, TRUE, "a migrated trace");
    g_assert_cmpuint (count_listed (store, NULL), ==, 3);
    g_assert_null (model_runtime_id (store, 1));

    /* New traces get their runtime; the old ones keep theirs (none) until one sends more. */
    span = tt_span ("00000000000000000000000000000009", "00000000000000f1", NULL, "new", 5000, 5001,
                    "{\"genkit:type\":\"action\"}");
    payload = tt_trace_of (span, TRUE);
    g_assert_true (genkit_trace_store_add_for_runtime (store, payload, "4242-1", &error));
    g_assert_no_error (error);
    tt_flush (store);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);
    g_assert_cmpstr (model_runtime_id (store, 9), ==, "4242-1");
    g_assert_null (model_runtime_id (store, 2));
    g_assert_cmpuint (count_listed (store, "{\"eq\":{\"runtimeId\":\"4242-1\"}}"), ==, 1);
    g_assert_cmpuint (count_listed (store, "{\"eq\":{\"runtimeId\":[\"4242-1\",\"other\"]}}"), ==, 1);

    first = g_list_model_get_item (G_LIST_MODEL (store), 0);
    g_object_get (first, "runtime-id", &runtime_id, NULL);
    g_assert_cmpstr (runtime_id, ==, "4242-1");
  }
  {
    /* Schema 2 is kept as it is on the next opening. */
    g_autoptr(GError) error = NULL;
    g_autoptr(GenkitTraceStore) store = genkit_trace_store_new (path, &error);

    g_assert_no_error (error);
    tt_flush (store);
    g_assert_cmpstr (model_runtime_id (store, 9), ==, "4242-1");
  }
}

/* Adds the listed trace number @i as sent by @runtime_id, without waiting for the write. */
static void
add_for_runtime (GenkitTraceStore *store,
                 guint             i,
                 const char       *runtime_id)
{
  g_autofree char *trace_id = g_strdup_printf ("%032x", i);
  g_autofree char *span_id = g_strdup_printf ("%016x", i);
  g_autoptr(JsonNode) payload = root_payload (trace_id, span_id, "run", 1000 + i, 1000 + i + 0.5,
                                              "{\"genkit:type\":\"action\"}");
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_trace_store_add_for_runtime (store, payload, runtime_id, &error));
  g_assert_no_error (error);
}

static guint
rename_runtime (GenkitTraceStore *store,
                const char       *runtime_id,
                const char       *new_runtime_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint n = G_MAXUINT;

  genkit_trace_store_rename_runtime_async (store, runtime_id, new_runtime_id, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_true (genkit_trace_store_rename_runtime_finish (store, result, &n, &error));
  g_assert_no_error (error);
  return n;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
renamed_cb (GenkitTraceStore *store,
            const char       *runtime_id,
            const char       *new_runtime_id,
            GString          *log)
{
  g_string_append_printf (log, "%s→%s;", runtime_id, new_runtime_id);
}

static void
test_rename_runtime (void)
{
  g_autofree char *path = tt_store_path ();
  g_autoptr(GString) log = g_string_new (NULL);
  guint notified = 0;

  g_test_summary ("Traces sent under a provisional runtime id (an app the studio started, whose "
                  "runtime is not known yet) are re-tagged with the runtime's id once it is known: "
                  "stored ones in the database and the model (notified, filterable), later ones "
                  "on arrival, also through a second rename, and a restarted app's new runtime "
                  "takes the provisional id over");

  {
    g_autoptr(GenkitTraceStore) store = tt_store_new ();
    g_autoptr(GenkitTraceSummary) first = NULL;

    g_signal_connect (store, "runtime-renamed", G_CALLBACK (renamed_cb), log);
    add_for_runtime (store, 1, "studio-command-1");
    add_for_runtime (store, 2, "studio-command-1");
    add_for_runtime (store, 3, "4242-3100");
    add_for_runtime (store, 4, NULL);
    tt_flush (store);
    g_assert_cmpstr (model_runtime_id (store, 1), ==, "studio-command-1");
    first = g_list_model_get_item (G_LIST_MODEL (store), 3);
    g_assert_cmpstr (genkit_trace_summary_get_trace_id (first), ==, "00000000000000000000000000000001");
    g_signal_connect_swapped (first, "notify::runtime-id", G_CALLBACK (count_cb), &notified);

    /* Queued before the rename: renamed with the stored ones. */
    add_for_runtime (store, 5, "studio-command-1");
    g_assert_cmpuint (rename_runtime (store, "studio-command-1", "5151-3101"), ==, 3);
    g_assert_cmpstr (log->str, ==, "studio-command-1→5151-3101;");
    g_assert_cmpuint (notified, ==, 1);
    for (guint i = 1; i <= 5; i++)
      g_assert_cmpstr (model_runtime_id (store, i), ==, i == 3 ? "4242-3100" : i == 4 ? NULL : "5151-3101");
    g_assert_cmpuint (count_listed (store, "{\"eq\":{\"runtimeId\":\"5151-3101\"}}"), ==, 3);
    g_assert_cmpuint (count_listed (store, "{\"eq\":{\"runtimeId\":\"studio-command-1\"}}"), ==, 0);

    /* Sent under the provisional id afterwards: recorded as the runtime's on arrival. */
    add_for_runtime (store, 6, "studio-command-1");
    tt_flush (store);
    g_assert_cmpstr (model_runtime_id (store, 6), ==, "5151-3101");

    /* Renamed again (to itself: nothing), then on: the provisional id follows. */
    g_assert_cmpuint (rename_runtime (store, "5151-3101", "5151-3101"), ==, 4);
    g_assert_cmpuint (rename_runtime (store, "5151-3101", "app-2"), ==, 4);
    add_for_runtime (store, 7, "studio-command-1");
    tt_flush (store);
    g_assert_cmpstr (model_runtime_id (store, 7), ==, "app-2");
    g_assert_cmpstr (model_runtime_id (store, 1), ==, "app-2");
    g_assert_cmpstr (model_runtime_id (store, 3), ==, "4242-3100");
    /* Nothing under an id no trace has. */
    g_assert_cmpuint (rename_runtime (store, "nobody", "app-3"), ==, 0);
    g_assert_cmpuint (notified, ==, 2);

    /* The app restarted within the same run (`tsx --watch`): a new runtime takes the
     * provisional id over; the old runtime keeps its traces. */
    g_assert_cmpuint (rename_runtime (store, "studio-command-1", "watch-2"), ==, 0);
    add_for_runtime (store, 8, "studio-command-1");
    tt_flush (store);
    g_assert_cmpstr (model_runtime_id (store, 8), ==, "watch-2");
    g_assert_cmpstr (model_runtime_id (store, 7), ==, "app-2");
    g_signal_handlers_disconnect_by_func (first, count_cb, &notified);
  }
  {
    /* The new ids are in the database. */
    g_autoptr(GError) error = NULL;
    g_autoptr(GenkitTraceStore) store = genkit_trace_store_new (path, &error);

    g_assert_no_error (error);
    tt_flush (store);
    g_assert_cmpuint (count_listed (store, "{\"eq\":{\"runtimeId\":\"app-2\"}}"), ==, 5);
    g_assert_cmpuint (count_listed (store, "{\"eq\":{\"runtimeId\":\"watch-2\"}}"), ==, 1);
    g_assert_cmpstr (model_runtime_id (store, 2), ==, "app-2");
  }
}

static void
test_default_path (void)
{
  g_autofree char *path = genkit_trace_store_get_default_path ();
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "genkit-studio", "traces.db", NULL);

  g_test_summary ("The default store is $XDG_DATA_HOME/genkit-studio/traces.db");
  g_assert_cmpstr (path, ==, expected);
}

static void
test_logs (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autoptr(JsonNode) logs = tt_parse_json (
    "[{\"timestamp\":3,\"traceId\":\"t1\",\"body\":\"third\",\"severityText\":\"INFO\"},"
    " {\"timestamp\":1,\"body\":\"first\",\"logId\":\"given-id\"},"
    " {\"timestamp\":2,\"traceId\":\"t1\",\"spanId\":\"s1\",\"body\":{\"a\":1}}]");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  JsonArray *list;

  g_test_summary ("Log records are stored and listed newest first, by trace and span, with ids");

  genkit_trace_store_add_logs_async (store, logs, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  g_assert_true (genkit_trace_store_add_logs_finish (store, result, &error));
  g_clear_object (&result);

  genkit_trace_store_list_logs_async (store, NULL, NULL, 0, 10, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  page = genkit_trace_store_list_logs_finish (store, result, &error);
  g_assert_no_error (error);
  list = json_object_get_array_member (json_node_get_object (page), "logs");
  g_assert_cmpuint (json_array_get_length (list), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0), "body"), ==, "third");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 2), "logId"), ==, "given-id");
  g_clear_object (&result);
  g_clear_pointer (&page, json_node_unref);

  genkit_trace_store_list_logs_async (store, "t1", "s1", 0, 10, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  page = genkit_trace_store_list_logs_finish (store, result, &error);
  list = json_object_get_array_member (json_node_get_object (page), "logs");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
}

#define ELIDE_LIMIT 1000

static JsonNode *
get_trace_elided (GenkitTraceStore *store,
                  const char       *trace_id,
                  GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_trace_store_get_trace_elided_async (store, trace_id, ELIDE_LIMIT, NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  return genkit_trace_store_get_trace_elided_finish (store, result, error);
}

static JsonNode *
get_attribute (GenkitTraceStore *store,
               const char       *trace_id,
               const char       *span_id,
               const char       *key,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_trace_store_get_span_attribute_async (store, trace_id, span_id, key, cancellable,
                                               tt_store_result_cb, &result);
  tt_wait (&result);
  return genkit_trace_store_get_span_attribute_finish (store, result, error);
}

/* A megabyte of a model's GenerateResponse, with its token counts at the end. */
static char *
big_model_output (void)
{
  g_autoptr(GString) text = g_string_new ("{\"message\":{\"role\":\"model\",\"content\":[{\"text\":\"");

  while (text->len < 1024 * 1024)
    g_string_append (text, "lorem ipsum dolor sit amet ");
  g_string_append (text, "\"}]},\"usage\":{\"inputTokens\":12,\"outputTokens\":3000}}");
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A root flow span and a model span with @input and @output, and small attributes of other
 * types and an awkward name. */
static JsonNode *
big_payload_trace (const char *output,
                   const char *input)
{
  g_autoptr(JsonNode) root = tt_span (TRACE_A, ROOT_A, NULL, "greet", 1000, 2000,
                                      "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                                      "\"genkit:output\":\"\\\"hi\\\"\"}");
  g_autoptr(JsonNode) model = tt_span (TRACE_A, CHILD_A, ROOT_A, "echoModel", 1100, 1900,
                                       "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"model\","
                                       "\"n\":1.5,\"ok\":true,\"a\\\"b\":\"quoted key\"}");
  JsonObject *attributes = json_object_get_object_member (json_node_get_object (model), "attributes");
  JsonNode *trace = tt_trace_of (root, TRUE);

  json_object_set_string_member (attributes, "genkit:input", input);
  json_object_set_string_member (attributes, "genkit:output", output);
  json_object_set_member (json_object_get_object_member (json_node_get_object (trace), "spans"), CHILD_A,
                          g_steal_pointer (&model));
  return trace;
}

static void
test_elided_read (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autofree char *output = big_model_output ();
  g_autofree char *input = g_strnfill (ELIDE_LIMIT - 1, 'x');
  g_autofree char *long_input = NULL;
  g_autoptr(JsonNode) payload = NULL;
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(JsonNode) whole = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *model, *attributes, *elided, *entry, *root;
  const char *preview;

  g_test_summary ("The studio's read of a trace leaves out string attributes over the limit: "
                  "a preview cut at a character boundary, the whole size in bytes and the "
                  "token counts stay, other members keep their values; an attribute whose name "
                  "holds a quote stays whole; the whole read (Genkit's) is unchanged");

  /* Two-byte characters across the cut: the preview stops before the split one. */
  long_input = g_strconcat (input, "\u00e9\u00e9\u00e9", NULL);
  payload = big_payload_trace (output, long_input);
  /* A name a JSON path cannot hold: the attribute stays whole. */
  json_object_set_string_member (json_object_get_object_member (json_object_get_object_member (trace_spans (payload), CHILD_A),
                                                                "attributes"),
                                 "long\"name", long_input);
  tt_ingest (store, payload);

  trace = get_trace_elided (store, TRACE_A, &error);
  g_assert_no_error (error);
  model = json_object_get_object_member (trace_spans (trace), CHILD_A);
  attributes = json_object_get_object_member (model, "attributes");
  preview = json_object_get_string_member (attributes, "genkit:output");
  g_assert_cmpuint (strlen (preview), ==, ELIDE_LIMIT);
  g_assert_true (strncmp (preview, output, ELIDE_LIMIT) == 0);
  preview = json_object_get_string_member (attributes, "genkit:input");
  g_assert_cmpuint (strlen (preview), ==, ELIDE_LIMIT - 1);
  g_assert_true (g_utf8_validate (preview, -1, NULL));
  g_assert_cmpfloat (json_object_get_double_member (attributes, "n"), ==, 1.5);
  g_assert_true (json_object_get_boolean_member (attributes, "ok"));
  g_assert_cmpstr (json_object_get_string_member (attributes, "a\"b"), ==, "quoted key");
  g_assert_cmpstr (json_object_get_string_member (attributes, "long\"name"), ==, long_input);
  g_assert_cmpstr (json_object_get_string_member (model, "displayName"), ==, "echoModel");

  elided = json_object_get_object_member (model, "elidedAttributes");
  g_assert_nonnull (elided);
  g_assert_cmpuint (json_object_get_size (elided), ==, 2);
  entry = json_object_get_object_member (elided, "genkit:output");
  g_assert_cmpint (json_object_get_int_member (entry, "bytes"), ==, (gint64) strlen (output));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (entry, "usage"), "outputTokens"), ==, 3000);
  entry = json_object_get_object_member (elided, "genkit:input");
  g_assert_cmpint (json_object_get_int_member (entry, "bytes"), ==, (gint64) strlen (long_input));
  g_assert_false (json_object_has_member (entry, "usage"));

  root = json_object_get_object_member (trace_spans (trace), ROOT_A);
  g_assert_false (json_object_has_member (root, "elidedAttributes"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "attributes"), "genkit:output"),
                   ==, "\"hi\"");

  /* Genkit's read, which GET /api/traces/:id serves, is whole. */
  whole = tt_get_trace (store, TRACE_A, &error);
  g_assert_no_error (error);
  model = json_object_get_object_member (trace_spans (whole), CHILD_A);
  g_assert_false (json_object_has_member (model, "elidedAttributes"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (model, "attributes"), "genkit:output"),
                   ==, output);

  g_clear_pointer (&trace, json_node_unref);
  trace = get_trace_elided (store, "0123456789abcdef0123456789abcdef", &error);
  g_assert_null (trace);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
}

static void
test_span_attribute (void)
{
  g_autoptr(GenkitTraceStore) store = tt_store_new ();
  g_autofree char *output = big_model_output ();
  g_autoptr(JsonNode) payload = big_payload_trace (output, "{}");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *value;

  g_test_summary ("One attribute of one span reads back whole, of any type and name; an unknown "
                  "trace, span or attribute is NOT_FOUND saying which; a cancelled read is cancelled");

  tt_ingest (store, payload);

  value = get_attribute (store, TRACE_A, CHILD_A, "genkit:output", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (value), ==, output);
  json_node_unref (value);
  value = get_attribute (store, TRACE_A, CHILD_A, "n", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (json_node_get_double (value), ==, 1.5);
  json_node_unref (value);
  value = get_attribute (store, TRACE_A, CHILD_A, "ok", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_get_boolean (value));
  json_node_unref (value);
  value = get_attribute (store, TRACE_A, CHILD_A, "a\"b", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_node_get_string (value), ==, "quoted key");
  json_node_unref (value);

  value = get_attribute (store, "0123456789abcdef0123456789abcdef", CHILD_A, "genkit:output", NULL, &error);
  g_assert_null (value);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No trace with id 0123456789abcdef0123456789abcdef"));
  g_clear_error (&error);
  value = get_attribute (store, TRACE_A, "ffffffffffffffff", "genkit:output", NULL, &error);
  g_assert_null (value);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No span with id ffffffffffffffff in trace " TRACE_A));
  g_clear_error (&error);
  value = get_attribute (store, TRACE_A, ROOT_A, "genkit:input", NULL, &error);
  g_assert_null (value);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "No attribute genkit:input in span " ROOT_A));
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  value = get_attribute (store, TRACE_A, CHILD_A, "genkit:output", cancellable, &error);
  g_assert_null (value);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/trace-store/round-trip", test_round_trip);
  g_test_add_func ("/trace-store/merge-realtime", test_merge_realtime);
  g_test_add_func ("/trace-store/filters-on-save", test_filters_on_save);
  g_test_add_func ("/trace-store/invalid-input", test_invalid_input);
  g_test_add_func ("/trace-store/listing-preview", test_listing_preview);
  g_test_add_func ("/trace-store/filters-and-paging", test_filters_and_paging);
  g_test_add_func ("/trace-store/search", test_search);
  g_test_add_func ("/trace-store/search-common-word", test_search_common_word);
  g_test_add_func ("/trace-store/search-exact", test_search_exact);
  g_test_add_func ("/trace-store/delete", test_delete);
  g_test_add_func ("/trace-store/retention", test_retention);
  g_test_add_func ("/trace-store/model-and-signals", test_model_and_signals);
  g_test_add_func ("/trace-store/reopen-and-async-open", test_reopen_and_async_open);
  g_test_add_func ("/trace-store/runtime-id-and-migration", test_runtime_id_and_migration);
  g_test_add_func ("/trace-store/rename-runtime", test_rename_runtime);
  g_test_add_func ("/trace-store/default-path", test_default_path);
  g_test_add_func ("/trace-store/logs", test_logs);
  g_test_add_func ("/trace-store/elided-read", test_elided_read);
  g_test_add_func ("/trace-store/span-attribute", test_span_attribute);

  return g_test_run ();
}
