/* test-trace-data.c — JSON written as JavaScript writes it, TraceData checked like Genkit's
 * zod schema, OTLP/JSON conversions both ways
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "telemetry-test-util.h"

#include "genkit-telemetry-json-private.h"
#include "genkit-trace-data-private.h"

static char *
number_text (double value)
{
  GString *out = g_string_new (NULL);

  _genkit_json_write_number (out, value);
  return g_string_free (out, FALSE);
}

static void
test_numbers (void)
{
  static const struct { double value; const char *js; } cases[] = {
    { 0, "0" }, { -0.0, "0" }, { 1, "1" }, { -42, "-42" },
    { 1795303454381.2473, "1795303454381.2473" },
    { 1795303456690.798, "1795303456690.798" },
    { 0.4933609999998225, "0.4933609999998225" },
    { 0.1, "0.1" }, { 0.1 + 0.2, "0.30000000000000004" },
    { 1e21, "1e+21" }, { 1e20, "100000000000000000000" }, { 123456789012345680000.0, "123456789012345680000" },
    { 1.5e-7, "1.5e-7" }, { 0.000001, "0.000001" }, { 1e-7, "1e-7" }, { 2.5e-300, "2.5e-300" },
    { 1.7976931348623157e308, "1.7976931348623157e+308" }, { 5e-324, "5e-324" },
    { 123.456, "123.456" }, { -0.5, "-0.5" },
  };

  g_test_summary ("Numbers are written as ECMAScript's Number::toString writes them (shortest "
                  "round-trip digits, its exponent rules); non-finite numbers as null");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = number_text (cases[i].value);

      g_assert_cmpstr (text, ==, cases[i].js);
    }
  {
    g_autofree char *inf = number_text (INFINITY);
    g_autofree char *nan = number_text (NAN);

    g_assert_cmpstr (inf, ==, "null");
    g_assert_cmpstr (nan, ==, "null");
  }
}

static void
test_strings (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_test_summary ("Strings are escaped as JSON.stringify escapes them");

  _genkit_json_write_string (out, "a\"b\\c\b\f\n\r\t\x01\x1f\x7f é \xe2\x80\xa8 😀", -1);
  g_assert_cmpstr (out->str, ==, "\"a\\\"b\\\\c\\b\\f\\n\\r\\t\\u0001\\u001f\x7f é \xe2\x80\xa8 😀\"");

  g_string_truncate (out, 0);
  _genkit_json_write_string_utf16_truncated (out, "ab😀cd", 3, "...", TRUE);
  g_assert_cmpstr (out->str, ==, "\"ab\\ud83d...\"");
  g_string_truncate (out, 0);
  _genkit_json_write_string_utf16_truncated (out, "ab😀cd", 3, "...", FALSE);
  g_assert_cmpstr (out->str, ==, "\"ab...\"");
  g_string_truncate (out, 0);
  _genkit_json_write_string_utf16_truncated (out, "ab😀cd", 4, "...", TRUE);
  g_assert_cmpstr (out->str, ==, "\"ab😀...\"");
  g_assert_cmpuint (_genkit_utf16_length ("ab😀é"), ==, 5);
}

static void
test_parse_guards (void)
{
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) ok = NULL;

  g_test_summary ("Untrusted JSON: deep nesting, invalid UTF-8 and trailing garbage are refused "
                  "without touching json-glib's recursive parser");

  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  g_assert_null (_genkit_json_parse (deep->str, deep->len, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (_genkit_json_parse ("{\"a\":\"\xc3\x28\"}", 10, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_null (_genkit_json_parse ("{} {}", 5, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* Brackets inside strings do not count. */
  g_string_assign (deep, "{\"a\":\"");
  for (guint i = 0; i < 1000; i++)
    g_string_append (deep, "[[{{");
  g_string_append (deep, "\\\"\"}");
  ok = _genkit_json_parse (deep->str, deep->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ok);
}

static void
test_coercion (void)
{
  static const struct { const char *json; const char *js; } cases[] = {
    { "\"x\"", "x" }, { "true", "true" }, { "null", "null" }, { "12.5", "12.5" },
    { "[1,\"a\",null,[2,3]]", "1,a,,2,3" }, { "{\"a\":1}", "[object Object]" },
  };

  g_test_summary ("genkitx:* index values are JavaScript's `${value}`");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = tt_parse_json (cases[i].json);
      g_autofree char *text = _genkit_js_string_coerce (node);

      g_assert_cmpstr (text, ==, cases[i].js);
    }
}

static void
test_normalize_span (void)
{
  g_autoptr(JsonNode) node = tt_parse_json (
    "{\"spans\":{\"k1\":{\"truncated\":false,\"timeEvents\":{\"timeEvent\":[{\"annotation\":"
    "{\"description\":\"exception\",\"attributes\":{\"exception.message\":\"boom\"},\"x\":1},\"time\":5}]},"
    "\"status\":{\"message\":\"boom\",\"code\":2,\"extra\":1},\"spanKind\":\"INTERNAL\","
    "\"instrumentationLibrary\":{\"schemaUrl\":\"s\",\"version\":\"v1\",\"name\":\"genkit-tracer\"},"
    "\"links\":[{\"attributes\":{},\"context\":{\"traceFlags\":1,\"spanId\":\"s\",\"traceId\":\"t\",\"isRemote\":false}}],"
    "\"displayName\":\"x\",\"attributes\":{\"z\":1,\"a\":[1,{\"b\":null}],\"genkitx:tag\":true,"
    "\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"\",\"genkit:output\":\"out\"},"
    "\"endTime\":2,\"startTime\":1,\"parentSpanId\":\"\",\"traceId\":\"t\",\"spanId\":\"s\",\"unknown\":7}},"
    "\"endTime\":2,\"traceId\":\"t\"}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitIngestTrace) trace = _genkit_ingest_trace_new_from_json (node, &error);
  GenkitIngestSpan *span;

  g_test_summary ("A span is rewritten in zod's key order with unknown keys dropped; an empty "
                  "parentSpanId makes a root, as Genkit's `!span.parentSpanId`; the index type "
                  "falls back from an empty subtype to genkit:type");

  g_assert_no_error (error);
  g_assert_nonnull (trace);
  g_assert_cmpuint (trace->spans->len, ==, 1);
  g_assert_true (trace->has_root);
  g_assert_false (trace->has_display_name);
  g_assert_false (trace->has_start_time);
  g_assert_true (trace->has_end_time);
  span = g_ptr_array_index (trace->spans, 0);
  g_assert_cmpstr (span->span_id, ==, "k1");
  g_assert_null (span->parent_span_id);
  g_assert_cmpstr (span->index_type, ==, "action");
  g_assert_cmpstr (span->genkitx, ==, "{\"genkitx:tag\":\"true\"}");
  g_assert_cmpstr (span->fts_output, ==, "out");
  g_assert_null (span->fts_input);
  g_assert_true (span->has_status);
  g_assert_cmpfloat (span->status_code, ==, 2);
  g_assert_cmpstr (span->json, ==,
                   "{\"spanId\":\"s\",\"traceId\":\"t\",\"parentSpanId\":\"\",\"startTime\":1,\"endTime\":2,"
                   "\"attributes\":{\"z\":1,\"a\":[1,{\"b\":null}],\"genkitx:tag\":true,\"genkit:type\":\"action\","
                   "\"genkit:metadata:subtype\":\"\",\"genkit:output\":\"out\"},\"displayName\":\"x\","
                   "\"links\":[{\"context\":{\"traceId\":\"t\",\"spanId\":\"s\",\"isRemote\":false,\"traceFlags\":1},"
                   "\"attributes\":{}}],\"instrumentationLibrary\":{\"name\":\"genkit-tracer\",\"version\":\"v1\","
                   "\"schemaUrl\":\"s\"},\"spanKind\":\"INTERNAL\",\"status\":{\"code\":2,\"message\":\"boom\"},"
                   "\"timeEvents\":{\"timeEvent\":[{\"time\":5,\"annotation\":{\"attributes\":"
                   "{\"exception.message\":\"boom\"},\"description\":\"exception\"}}]},\"truncated\":false}");
}

static void
test_validation_messages (void)
{
  static const struct { const char *json; const char *message; } cases[] = {
    { "{\"nope\":true}", "traceId: Required; spans: Required" },
    { "{\"traceId\":\"t\",\"spans\":{\"s\":5}}", "spans.s: Expected object, received number" },
    { "{\"traceId\":\"t\",\"spans\":{},\"startTime\":\"1\"}", "startTime: Expected number, received string" },
    { "{\"traceId\":\"t\",\"spans\":{},\"displayName\":null}", "displayName: Expected string, received null" },
    { "{\"traceId\":\"t\",\"spans\":{\"s\":{\"spanId\":\"s\",\"traceId\":\"t\",\"startTime\":1,\"endTime\":2,"
      "\"attributes\":{},\"displayName\":\"d\",\"instrumentationLibrary\":{\"name\":\"n\"},\"spanKind\":\"K\","
      "\"links\":[5],\"timeEvents\":{\"timeEvent\":[{\"time\":\"x\"}]},\"status\":{},\"truncated\":1}}}",
      "spans.s.links[0]: Expected object, received number; spans.s.status.code: Required; "
      "spans.s.timeEvents.timeEvent[0].time: Expected number, received string; "
      "spans.s.timeEvents.timeEvent[0].annotation: Required; spans.s.truncated: Expected boolean, received number" },
    { "{\"traceId\":\"t\",\"spans\":{\"s\":{\"startTime\":1e400}}}", "spans.s.startTime: Expected a finite number" },
    { "{\"traceId\":\"..\",\"spans\":{}}", "Invalid trace id: \"..\"" },
    { "[]", "expected an object, received array" },
  };

  g_test_summary ("Invalid TraceData errors name every offending field with its path, as zod "
                  "does, in Genkit's field order");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = tt_parse_json (cases[i].json);
      g_autoptr(GError) error = NULL;
      g_autoptr(GenkitIngestTrace) trace = _genkit_ingest_trace_new_from_json (node, &error);

      g_assert_null (trace);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("“%s” not in “%s”", cases[i].message, error->message);
    }
}

static void
test_otlp_round_trip (void)
{
  g_autoptr(JsonNode) span = tt_span ("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                                      "a1b2c3d4e5f60708", "generate", 1755800012350.5, 1755800012990.25,
                                      "{\"genkit:type\":\"util\",\"genkit:isRoot\":false,\"n\":3,\"r\":0.25,"
                                      "\"list\":[\"a\",1],\"obj\":{\"k\":\"v\"}}");
  g_autoptr(GString) out = g_string_new ("{\"resourceSpans\":[{\"scopeSpans\":[{\"scope\":{\"name\":\"genkit-tracer\","
                                         "\"version\":\"v1\"},\"spans\":[");
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GPtrArray) traces = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *otlp_span;
  JsonObject *back;
  JsonObject *attributes;

  g_test_summary ("A Genkit span written as OTLP/JSON (hex ids, nanosecond strings, typed "
                  "attribute values) reads back as the same span");

  json_object_set_member (json_node_get_object (span), "status",
                          tt_parse_json ("{\"code\":2,\"message\":\"bad\"}"));
  _genkit_otlp_write_span (out, json_node_get_object (span));
  g_string_append (out, "]}]}]}");
  request = tt_parse_json (out->str);

  otlp_span = json_array_get_object_element (
    json_object_get_array_member (
      json_array_get_object_element (
        json_object_get_array_member (
          json_array_get_object_element (
            json_object_get_array_member (json_node_get_object (request), "resourceSpans"), 0),
          "scopeSpans"), 0),
      "spans"), 0);
  g_assert_cmpstr (json_object_get_string_member (otlp_span, "startTimeUnixNano"), ==, "1755800012350500000");
  g_assert_cmpstr (json_object_get_string_member (otlp_span, "endTimeUnixNano"), ==, "1755800012990250000");
  g_assert_cmpint (json_object_get_int_member (otlp_span, "kind"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (otlp_span, "parentSpanId"), ==, "a1b2c3d4e5f60708");

  traces = _genkit_otlp_to_trace_data (request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (traces->len, ==, 1);
  back = json_object_get_object_member (
    json_object_get_object_member (json_node_get_object (g_ptr_array_index (traces, 0)), "spans"),
    "00f067aa0ba902b7");
  g_assert_cmpfloat (json_object_get_double_member (back, "startTime"), ==, 1755800012350.5);
  g_assert_cmpfloat (json_object_get_double_member (back, "endTime"), ==, 1755800012990.25);
  g_assert_cmpstr (json_object_get_string_member (back, "spanKind"), ==, "INTERNAL");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (back, "status"), "code"), ==, 2);
  attributes = json_object_get_object_member (back, "attributes");
  g_assert_cmpstr (json_object_get_string_member (attributes, "genkit:type"), ==, "util");
  g_assert_false (json_object_get_boolean_member (attributes, "genkit:isRoot"));
  g_assert_cmpint (json_object_get_int_member (attributes, "n"), ==, 3);
  g_assert_cmpfloat (json_object_get_double_member (attributes, "r"), ==, 0.25);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (attributes, "list")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (attributes, "obj"), "k"), ==, "v");
}

static void
test_otlp_logs (void)
{
  g_autofree char *path = tt_fixture_path ("telemetry-export", "realtime",
                                           "09-flow-countdown-invalid-input-POST-otlp.json", NULL);
  g_autoptr(JsonNode) exchange = tt_load_json (path);
  JsonNode *body = json_object_get_member (json_object_get_object_member (json_node_get_object (exchange),
                                                                          "request"), "body");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) records = _genkit_otlp_to_log_records (body, &error);
  g_autoptr(GPtrArray) logs = NULL;
  GenkitIngestLog *log;

  g_test_summary ("The captured OTLP log batch becomes LogRecordData as Genkit's toLogRecordData "
                  "builds it, with a generated logId");

  g_assert_no_error (error);
  logs = _genkit_ingest_logs_new_from_json (records, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (logs->len, ==, 1);
  log = g_ptr_array_index (logs, 0);
  g_assert_true (g_uuid_string_is_valid (log->log_id));
  g_assert_null (log->trace_id);
  g_assert_cmpfloat (log->timestamp, ==, 1795303512820);
  g_assert_true (g_str_has_prefix (log->json, "{\"logId\":\""));
  g_assert_nonnull (strstr (log->json, "\"timestamp\":1795303512820,\"severityNumber\":17,"
                                       "\"severityText\":\"ERROR\",\"body\":\"GenkitError: INVALID_ARGUMENT"));
  g_assert_true (g_str_has_suffix (log->json, "\"attributes\":{},\"instrumentationLibrary\":"
                                              "{\"name\":\"genkit-logger\",\"version\":\"\"}}"));
}

static void
test_fts_text (void)
{
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(JsonObject) attributes = json_object_new ();
  g_autofree char *text = NULL;

  g_test_summary ("The full-text index gets at most 256 KiB of an attribute, cut at a character "
                  "boundary");

  while (big->len < GENKIT_TRACE_FTS_MAX_BYTES - 1)
    g_string_append_c (big, 'a');
  g_string_append (big, "é and more");   /* é straddles the limit */
  json_object_set_string_member (attributes, "genkit:input", big->str);
  json_object_set_int_member (attributes, "genkit:output", 5);
  text = _genkit_fts_text (attributes, "genkit:input");
  g_assert_cmpuint (strlen (text), ==, GENKIT_TRACE_FTS_MAX_BYTES - 1);
  g_assert_true (g_utf8_validate (text, -1, NULL));
  g_assert_null (_genkit_fts_text (attributes, "genkit:output"));
  g_assert_null (_genkit_fts_text (attributes, "missing"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/trace-data/numbers", test_numbers);
  g_test_add_func ("/trace-data/strings", test_strings);
  g_test_add_func ("/trace-data/parse-guards", test_parse_guards);
  g_test_add_func ("/trace-data/coercion", test_coercion);
  g_test_add_func ("/trace-data/normalize-span", test_normalize_span);
  g_test_add_func ("/trace-data/validation-messages", test_validation_messages);
  g_test_add_func ("/trace-data/otlp-round-trip", test_otlp_round_trip);
  g_test_add_func ("/trace-data/otlp-logs", test_otlp_logs);
  g_test_add_func ("/trace-data/fts-text", test_fts_text);

  return g_test_run ();
}
