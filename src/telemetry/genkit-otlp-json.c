/* genkit-otlp-json.c — OTLP/JSON spans and logs to and from Genkit's TraceData
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <genkit.h>

#include "genkit-telemetry-json-private.h"
#include "genkit-trace-data-private.h"

/* OTLP/JSON is the protobuf JSON mapping of opentelemetry-proto's
 * `ExportTraceServiceRequest`/`ExportLogsServiceRequest`, with ids as hex strings; 64-bit
 * integers may be strings or numbers, enums numbers or names. The conversion to Genkit's
 * `SpanData` follows genkit-tools/telemetry-server/src/utils/otlp.ts (`toSpanData`,
 * `toLogRecordData`), plus what that file leaves out: `doubleValue`, `kvlistValue` and
 * `bytesValue` attribute values, span events (as `timeEvents`), links, and sub-millisecond
 * times (Genkit rounds to whole milliseconds; spans from Genkit runtimes carry fractions). */

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static JsonArray *
member_array (JsonObject *object,
              const char *key,
              gboolean   *ok)
{
  JsonNode *node = object ? json_object_get_member (object, key) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) == JSON_NODE_NULL)
    return NULL;
  if (JSON_NODE_TYPE (node) != JSON_NODE_ARRAY)
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_array (node);
}

static JsonObject *
element_object (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  if (JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
    return NULL;
  return json_node_get_object (node);
}

static const char *
member_string (JsonObject *object,
               const char *key)
{
  JsonNode *node = object ? json_object_get_member (object, key) : NULL;

  return node_is_string (node) ? json_node_get_string (node) : NULL;
}

/* A uint64 given as a decimal string or a JSON number. */
static gboolean
member_uint64 (JsonObject *object,
               const char *key,
               guint64    *value)
{
  JsonNode *node = object ? json_object_get_member (object, key) : NULL;

  if (node_is_string (node))
    return g_ascii_string_to_unsigned (json_node_get_string (node), 10, 0, G_MAXUINT64,
                                       value, NULL);
  if (_genkit_json_node_is_number (node))
    {
      double d = _genkit_json_node_get_number (node);

      if (!isfinite (d) || d < 0)
        return FALSE;
      *value = (guint64) d;
      return TRUE;
    }
  return FALSE;
}

static double
nanos_to_ms (guint64 nanos)
{
  return (double) (nanos / 1000000) + (double) (nanos % 1000000) / 1e6;
}

/* OTLP `AnyValue` as a JSON value, %NULL for an empty or unknown one (Genkit's
 * `fromOtlpValue` returns undefined then, and the attribute is left out). */
static JsonNode *
any_value_to_json (JsonNode *value)
{
  JsonObject *object;
  JsonNode *member;

  if (value == NULL || JSON_NODE_TYPE (value) != JSON_NODE_OBJECT)
    return NULL;
  object = json_node_get_object (value);

  if ((member = json_object_get_member (object, "stringValue")) && node_is_string (member))
    return json_node_copy (member);
  if ((member = json_object_get_member (object, "boolValue")) &&
      JSON_NODE_TYPE (member) == JSON_NODE_VALUE &&
      json_node_get_value_type (member) == G_TYPE_BOOLEAN)
    return json_node_copy (member);
  if ((member = json_object_get_member (object, "intValue")))
    {
      gint64 v;

      if (node_is_string (member) &&
          g_ascii_string_to_signed (json_node_get_string (member), 10, G_MININT64, G_MAXINT64,
                                    &v, NULL))
        return json_node_init_int (json_node_alloc (), v);
      if (_genkit_json_node_is_number (member))
        return json_node_copy (member);
    }
  if ((member = json_object_get_member (object, "doubleValue")))
    {
      if (_genkit_json_node_is_number (member))
        return json_node_init_double (json_node_alloc (), _genkit_json_node_get_number (member));
      if (node_is_string (member))
        return json_node_init_double (json_node_alloc (),
                                      g_ascii_strtod (json_node_get_string (member), NULL));
    }
  if ((member = json_object_get_member (object, "bytesValue")) && node_is_string (member))
    return json_node_copy (member);
  if ((member = json_object_get_member (object, "arrayValue")) &&
      JSON_NODE_TYPE (member) == JSON_NODE_OBJECT)
    {
      JsonArray *values = NULL;
      g_autoptr(JsonArray) out = json_array_new ();
      gboolean ok = TRUE;

      values = member_array (json_node_get_object (member), "values", &ok);
      for (guint i = 0; values && i < json_array_get_length (values); i++)
        {
          JsonNode *element = any_value_to_json (json_array_get_element (values, i));

          json_array_add_element (out, element ? element : json_node_new (JSON_NODE_NULL));
        }
      /* json_node_init_array() takes its own reference. */
      return json_node_init_array (json_node_alloc (), out);
    }
  if ((member = json_object_get_member (object, "kvlistValue")) &&
      JSON_NODE_TYPE (member) == JSON_NODE_OBJECT)
    {
      JsonArray *values;
      JsonObject *out = json_object_new ();
      gboolean ok = TRUE;
      JsonNode *node;

      values = member_array (json_node_get_object (member), "values", &ok);
      for (guint i = 0; values && i < json_array_get_length (values); i++)
        {
          JsonObject *kv = element_object (values, i);
          const char *key = member_string (kv, "key");
          JsonNode *element;

          if (key == NULL)
            continue;
          element = any_value_to_json (json_object_get_member (kv, "value"));
          if (element != NULL)
            json_object_set_member (out, key, element);
        }
      node = json_node_init_object (json_node_alloc (), out);
      json_object_unref (out);
      return node;
    }
  return NULL;
}

static JsonObject *
attributes_to_json (JsonArray *attributes)
{
  JsonObject *out = json_object_new ();

  for (guint i = 0; attributes && i < json_array_get_length (attributes); i++)
    {
      JsonObject *kv = element_object (attributes, i);
      const char *key = member_string (kv, "key");
      JsonNode *value;

      if (key == NULL)
        continue;
      value = any_value_to_json (json_object_get_member (kv, "value"));
      if (value != NULL)
        json_object_set_member (out, key, value);
    }
  return out;
}

static const char *
span_kind_name (JsonNode *kind)
{
  static const char *names[] = { "UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER" };

  if (_genkit_json_node_is_number (kind))
    {
      double k = _genkit_json_node_get_number (kind);

      if (k >= 1 && k <= 5 && k == floor (k))
        return names[(int) k];
    }
  else if (node_is_string (kind))
    {
      const char *s = json_node_get_string (kind);

      if (g_str_has_prefix (s, "SPAN_KIND_"))
        s += strlen ("SPAN_KIND_");
      for (guint i = 1; i < G_N_ELEMENTS (names); i++)
        if (g_str_equal (s, names[i]))
          return names[i];
    }
  return "UNSPECIFIED";
}

static gboolean
status_code (JsonNode *code,
             double   *value)
{
  if (_genkit_json_node_is_number (code))
    {
      *value = _genkit_json_node_get_number (code);
      return TRUE;
    }
  if (node_is_string (code))
    {
      const char *s = json_node_get_string (code);

      if (g_str_equal (s, "STATUS_CODE_UNSET"))
        *value = 0;
      else if (g_str_equal (s, "STATUS_CODE_OK"))
        *value = 1;
      else if (g_str_equal (s, "STATUS_CODE_ERROR"))
        *value = 2;
      else
        return FALSE;
      return TRUE;
    }
  return FALSE;
}

static JsonObject *
otlp_span_to_span_data (JsonObject *span,
                        JsonObject *scope,
                        GError    **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  const char *trace_id = member_string (span, "traceId");
  const char *span_id = member_string (span, "spanId");
  const char *parent = member_string (span, "parentSpanId");
  const char *name = member_string (span, "name");
  JsonObject *library;
  JsonObject *status;
  JsonArray *events;
  JsonArray *links;
  guint64 start = 0;
  guint64 end = 0;
  gboolean ok = TRUE;

  if (trace_id == NULL || trace_id[0] == '\0' || span_id == NULL || span_id[0] == '\0')
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Invalid OTLP span: traceId and spanId are required hex strings");
      return NULL;
    }
  if (!member_uint64 (span, "startTimeUnixNano", &start))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Invalid OTLP span %s: startTimeUnixNano is required", span_id);
      return NULL;
    }
  member_uint64 (span, "endTimeUnixNano", &end);

  json_object_set_string_member (out, "traceId", trace_id);
  json_object_set_string_member (out, "spanId", span_id);
  if (parent != NULL && parent[0] != '\0')
    json_object_set_string_member (out, "parentSpanId", parent);
  json_object_set_double_member (out, "startTime", nanos_to_ms (start));
  json_object_set_double_member (out, "endTime", nanos_to_ms (end));
  json_object_set_string_member (out, "displayName", name ? name : "");
  json_object_set_object_member (out, "attributes",
                                 attributes_to_json (member_array (span, "attributes", &ok)));

  library = json_object_new ();
  json_object_set_string_member (library, "name", member_string (scope, "name") ?: "");
  if (member_string (scope, "version") != NULL)
    json_object_set_string_member (library, "version", member_string (scope, "version"));
  json_object_set_object_member (out, "instrumentationLibrary", library);
  json_object_set_string_member (out, "spanKind",
                                 span_kind_name (json_object_get_member (span, "kind")));

  status = json_object_has_member (span, "status") &&
           JSON_NODE_TYPE (json_object_get_member (span, "status")) == JSON_NODE_OBJECT
           ? json_object_get_object_member (span, "status") : NULL;
  if (status != NULL)
    {
      double code = 0;

      if (status_code (json_object_get_member (status, "code"), &code) && code != 0)
        {
          JsonObject *s = json_object_new ();
          const char *message = member_string (status, "message");

          json_object_set_double_member (s, "code", code);
          if (message != NULL && message[0] != '\0')
            json_object_set_string_member (s, "message", message);
          json_object_set_object_member (out, "status", s);
        }
    }

  events = member_array (span, "events", &ok);
  if (events != NULL && json_array_get_length (events) > 0)
    {
      JsonObject *time_events = json_object_new ();
      JsonArray *list = json_array_new ();

      for (guint i = 0; i < json_array_get_length (events); i++)
        {
          JsonObject *event = element_object (events, i);
          JsonObject *te;
          JsonObject *annotation;
          guint64 t = 0;

          if (event == NULL)
            continue;
          member_uint64 (event, "timeUnixNano", &t);
          te = json_object_new ();
          annotation = json_object_new ();
          json_object_set_double_member (te, "time", nanos_to_ms (t));
          json_object_set_object_member (annotation, "attributes",
                                         attributes_to_json (member_array (event, "attributes", &ok)));
          json_object_set_string_member (annotation, "description",
                                         member_string (event, "name") ?: "");
          json_object_set_object_member (te, "annotation", annotation);
          json_array_add_object_element (list, te);
        }
      json_object_set_array_member (time_events, "timeEvent", list);
      json_object_set_object_member (out, "timeEvents", time_events);
    }

  links = member_array (span, "links", &ok);
  if (links != NULL && json_array_get_length (links) > 0)
    {
      JsonArray *list = json_array_new ();

      for (guint i = 0; i < json_array_get_length (links); i++)
        {
          JsonObject *link = element_object (links, i);
          JsonObject *l;
          JsonObject *context;
          guint64 flags = 0;

          if (link == NULL || member_string (link, "traceId") == NULL ||
              member_string (link, "spanId") == NULL)
            continue;
          l = json_object_new ();
          context = json_object_new ();
          member_uint64 (link, "flags", &flags);
          json_object_set_string_member (context, "traceId", member_string (link, "traceId"));
          json_object_set_string_member (context, "spanId", member_string (link, "spanId"));
          json_object_set_int_member (context, "traceFlags", (gint64) (flags & 0xff));
          json_object_set_object_member (l, "context", context);
          json_object_set_object_member (l, "attributes",
                                         attributes_to_json (member_array (link, "attributes", &ok)));
          json_array_add_object_element (list, l);
        }
      json_object_set_array_member (out, "links", list);
    }

  if (!ok)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Invalid OTLP span %s: attributes, events and links must be arrays", span_id);
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* `resourceSpans` → one TraceData (JsonNode) per trace id, in order of first appearance.
 * Returns an empty array when there are no spans, %NULL with an error for a malformed
 * payload. */
GPtrArray *
_genkit_otlp_to_trace_data (JsonNode  *payload,
                            GError   **error)
{
  g_autoptr(GPtrArray) traces = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  JsonObject *root;
  JsonArray *resource_spans;
  gboolean ok = TRUE;

  if (payload == NULL || JSON_NODE_TYPE (payload) != JSON_NODE_OBJECT)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Invalid OTLP payload: expected an object");
      return NULL;
    }
  root = json_node_get_object (payload);
  resource_spans = member_array (root, "resourceSpans", &ok);

  for (guint i = 0; ok && resource_spans && i < json_array_get_length (resource_spans); i++)
    {
      JsonObject *resource_span = element_object (resource_spans, i);
      JsonArray *scope_spans = member_array (resource_span, "scopeSpans", &ok);

      for (guint j = 0; ok && scope_spans && j < json_array_get_length (scope_spans); j++)
        {
          JsonObject *scope_span = element_object (scope_spans, j);
          JsonNode *scope_node = scope_span ? json_object_get_member (scope_span, "scope") : NULL;
          JsonObject *scope = (scope_node && JSON_NODE_TYPE (scope_node) == JSON_NODE_OBJECT)
                              ? json_node_get_object (scope_node) : NULL;
          JsonArray *spans = member_array (scope_span, "spans", &ok);

          for (guint k = 0; ok && spans && k < json_array_get_length (spans); k++)
            {
              JsonObject *span = element_object (spans, k);
              JsonObject *span_data;
              JsonNode *trace;
              JsonObject *trace_object;

              if (span == NULL)
                {
                  ok = FALSE;
                  break;
                }
              if (!(span_data = otlp_span_to_span_data (span, scope, error)))
                return NULL;

              trace = g_hash_table_lookup (by_id, json_object_get_string_member (span_data, "traceId"));
              if (trace == NULL)
                {
                  trace_object = json_object_new ();
                  json_object_set_string_member (trace_object, "traceId",
                                                 json_object_get_string_member (span_data, "traceId"));
                  json_object_set_object_member (trace_object, "spans", json_object_new ());
                  trace = json_node_init_object (json_node_alloc (), trace_object);
                  json_object_unref (trace_object);
                  g_ptr_array_add (traces, trace);
                  g_hash_table_insert (by_id,
                                       (gpointer) json_object_get_string_member (trace_object, "traceId"),
                                       trace);
                }
              trace_object = json_node_get_object (trace);
              json_object_set_object_member (json_object_get_object_member (trace_object, "spans"),
                                             json_object_get_string_member (span_data, "spanId"),
                                             span_data);
            }
        }
    }

  if (!ok)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Invalid OTLP payload: resourceSpans, scopeSpans and spans must be "
                           "arrays of objects");
      return NULL;
    }
  return g_steal_pointer (&traces);
}

/* `resourceLogs` → an array of LogRecordData (genkit-tools/common/src/types/log.ts), key
 * order as `toLogRecordData` builds them. */
JsonNode *
_genkit_otlp_to_log_records (JsonNode  *payload,
                             GError   **error)
{
  g_autoptr(JsonArray) logs = json_array_new ();
  JsonObject *root;
  JsonArray *resource_logs;
  gboolean ok = TRUE;

  if (payload == NULL || JSON_NODE_TYPE (payload) != JSON_NODE_OBJECT)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Invalid OTLP payload: expected an object");
      return NULL;
    }
  root = json_node_get_object (payload);
  resource_logs = member_array (root, "resourceLogs", &ok);

  for (guint i = 0; ok && resource_logs && i < json_array_get_length (resource_logs); i++)
    {
      JsonArray *scope_logs = member_array (element_object (resource_logs, i), "scopeLogs", &ok);

      for (guint j = 0; ok && scope_logs && j < json_array_get_length (scope_logs); j++)
        {
          JsonObject *scope_log = element_object (scope_logs, j);
          JsonNode *scope_node = scope_log ? json_object_get_member (scope_log, "scope") : NULL;
          JsonObject *scope = (scope_node && JSON_NODE_TYPE (scope_node) == JSON_NODE_OBJECT)
                              ? json_node_get_object (scope_node) : NULL;
          JsonArray *records = member_array (scope_log, "logRecords", &ok);

          for (guint k = 0; ok && records && k < json_array_get_length (records); k++)
            {
              JsonObject *record = element_object (records, k);
              JsonObject *log;
              JsonObject *library;
              JsonNode *body;
              const char *trace_id;
              const char *span_id;
              const char *severity_text;
              JsonNode *severity_number;
              guint64 nanos = 0;

              if (record == NULL)
                {
                  ok = FALSE;
                  break;
                }
              if (!member_uint64 (record, "timeUnixNano", &nanos) || nanos == 0)
                member_uint64 (record, "observedTimeUnixNano", &nanos);

              log = json_object_new ();
              json_object_set_string_member (log, "logId", "");
              trace_id = member_string (record, "traceId");
              span_id = member_string (record, "spanId");
              if (trace_id != NULL && trace_id[0] != '\0')
                json_object_set_string_member (log, "traceId", trace_id);
              if (span_id != NULL && span_id[0] != '\0')
                json_object_set_string_member (log, "spanId", span_id);
              json_object_set_int_member (log, "timestamp", (gint64) llround ((double) nanos / 1e6));
              severity_number = json_object_get_member (record, "severityNumber");
              if (_genkit_json_node_is_number (severity_number))
                json_object_set_member (log, "severityNumber", json_node_copy (severity_number));
              severity_text = member_string (record, "severityText");
              if (severity_text != NULL)
                json_object_set_string_member (log, "severityText", severity_text);
              body = any_value_to_json (json_object_get_member (record, "body"));
              if (body != NULL)
                json_object_set_member (log, "body", body);
              json_object_set_object_member (log, "attributes",
                                             attributes_to_json (member_array (record, "attributes", &ok)));
              library = json_object_new ();
              json_object_set_string_member (library, "name", member_string (scope, "name") ?: "");
              json_object_set_string_member (library, "version", member_string (scope, "version") ?: "");
              json_object_set_object_member (log, "instrumentationLibrary", library);
              json_array_add_object_element (logs, log);
            }
        }
    }

  if (!ok)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Invalid OTLP payload: resourceLogs, scopeLogs and logRecords must be "
                           "arrays of objects");
      return NULL;
    }
  return json_node_init_array (json_node_alloc (), logs);
}

/* Exporter side: Genkit SpanData → OTLP/JSON. */

static void
write_any_value (GString  *out,
                 JsonNode *value)
{
  switch (JSON_NODE_TYPE (value))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (value);
        g_autoptr(GList) keys = json_object_get_members (object);
        gboolean first = TRUE;

        g_string_append (out, "{\"kvlistValue\":{\"values\":[");
        for (GList *l = keys; l != NULL; l = l->next)
          {
            JsonNode *member = json_object_get_member (object, l->data);

            if (JSON_NODE_TYPE (member) == JSON_NODE_NULL)
              continue;
            if (!first)
              g_string_append_c (out, ',');
            first = FALSE;
            g_string_append (out, "{\"key\":");
            _genkit_json_write_string (out, l->data, -1);
            g_string_append (out, ",\"value\":");
            write_any_value (out, member);
            g_string_append_c (out, '}');
          }
        g_string_append (out, "]}}");
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (value);

        g_string_append (out, "{\"arrayValue\":{\"values\":[");
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            write_any_value (out, json_array_get_element (array, i));
          }
        g_string_append (out, "]}}");
      }
      break;

    case JSON_NODE_NULL:
      g_string_append (out, "{}");
      break;

    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (value);

        if (type == G_TYPE_STRING)
          {
            g_string_append (out, "{\"stringValue\":");
            _genkit_json_write_string (out, json_node_get_string (value), -1);
            g_string_append_c (out, '}');
          }
        else if (type == G_TYPE_BOOLEAN)
          g_string_append_printf (out, "{\"boolValue\":%s}",
                                  json_node_get_boolean (value) ? "true" : "false");
        else if (type == G_TYPE_INT64)
          g_string_append_printf (out, "{\"intValue\":\"%" G_GINT64_FORMAT "\"}",
                                  json_node_get_int (value));
        else if (type == G_TYPE_DOUBLE)
          {
            g_string_append (out, "{\"doubleValue\":");
            _genkit_json_write_number (out, json_node_get_double (value));
            g_string_append_c (out, '}');
          }
        else
          g_string_append (out, "{}");
      }
      break;
    }
}

static void
write_attributes (GString    *out,
                  JsonObject *attributes)
{
  g_autoptr(GList) keys = attributes ? json_object_get_members (attributes) : NULL;
  gboolean first = TRUE;

  g_string_append_c (out, '[');
  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (attributes, l->data);

      if (JSON_NODE_TYPE (value) == JSON_NODE_NULL)
        continue;
      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      g_string_append (out, "{\"key\":");
      _genkit_json_write_string (out, l->data, -1);
      g_string_append (out, ",\"value\":");
      write_any_value (out, value);
      g_string_append_c (out, '}');
    }
  g_string_append_c (out, ']');
}

static void
write_nanos (GString *out,
             double   ms)
{
  double whole;
  gint64 nanos;

  if (!isfinite (ms) || ms <= 0)
    {
      g_string_append (out, "\"0\"");
      return;
    }
  whole = floor (ms);
  nanos = (gint64) whole * 1000000 + (gint64) llround ((ms - whole) * 1e6);
  g_string_append_printf (out, "\"%" G_GINT64_FORMAT "\"", nanos);
}

static int
span_kind_number (const char *kind)
{
  static const char *names[] = { "UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER" };

  for (guint i = 1; kind && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (kind, names[i]))
      return (int) i;
  return 1;
}

static double
object_number (JsonObject *object,
               const char *key)
{
  JsonNode *node = object ? json_object_get_member (object, key) : NULL;

  return _genkit_json_node_is_number (node) ? _genkit_json_node_get_number (node) : 0;
}

static JsonObject *
object_object (JsonObject *object,
               const char *key)
{
  JsonNode *node = object ? json_object_get_member (object, key) : NULL;

  return (node && JSON_NODE_TYPE (node) == JSON_NODE_OBJECT) ? json_node_get_object (node) : NULL;
}

/* One OTLP span from a Genkit SpanData object. */
void
_genkit_otlp_write_span (GString    *out,
                         JsonObject *span)
{
  JsonObject *status = object_object (span, "status");
  JsonObject *time_events = object_object (span, "timeEvents");
  JsonNode *events = time_events ? json_object_get_member (time_events, "timeEvent") : NULL;
  JsonNode *links = json_object_get_member (span, "links");

  g_string_append (out, "{\"traceId\":");
  _genkit_json_write_string (out, member_string (span, "traceId") ?: "", -1);
  g_string_append (out, ",\"spanId\":");
  _genkit_json_write_string (out, member_string (span, "spanId") ?: "", -1);
  if (member_string (span, "parentSpanId") != NULL)
    {
      g_string_append (out, ",\"parentSpanId\":");
      _genkit_json_write_string (out, member_string (span, "parentSpanId"), -1);
    }
  g_string_append (out, ",\"name\":");
  _genkit_json_write_string (out, member_string (span, "displayName") ?: "", -1);
  g_string_append_printf (out, ",\"kind\":%d", span_kind_number (member_string (span, "spanKind")));
  g_string_append (out, ",\"startTimeUnixNano\":");
  write_nanos (out, object_number (span, "startTime"));
  g_string_append (out, ",\"endTimeUnixNano\":");
  write_nanos (out, object_number (span, "endTime"));
  g_string_append (out, ",\"attributes\":");
  write_attributes (out, object_object (span, "attributes"));

  g_string_append (out, ",\"events\":[");
  if (events != NULL && JSON_NODE_TYPE (events) == JSON_NODE_ARRAY)
    {
      JsonArray *array = json_node_get_array (events);
      gboolean first = TRUE;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *event = element_object (array, i);
          JsonObject *annotation = object_object (event, "annotation");

          if (event == NULL)
            continue;
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          g_string_append (out, "{\"timeUnixNano\":");
          write_nanos (out, object_number (event, "time"));
          g_string_append (out, ",\"name\":");
          _genkit_json_write_string (out, member_string (annotation, "description") ?: "", -1);
          g_string_append (out, ",\"attributes\":");
          write_attributes (out, object_object (annotation, "attributes"));
          g_string_append_c (out, '}');
        }
    }
  g_string_append_c (out, ']');

  g_string_append (out, ",\"links\":[");
  if (links != NULL && JSON_NODE_TYPE (links) == JSON_NODE_ARRAY)
    {
      JsonArray *array = json_node_get_array (links);
      gboolean first = TRUE;

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *link = element_object (array, i);
          JsonObject *context = object_object (link, "context");

          if (context == NULL)
            continue;
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          g_string_append (out, "{\"traceId\":");
          _genkit_json_write_string (out, member_string (context, "traceId") ?: "", -1);
          g_string_append (out, ",\"spanId\":");
          _genkit_json_write_string (out, member_string (context, "spanId") ?: "", -1);
          g_string_append (out, ",\"attributes\":");
          write_attributes (out, object_object (link, "attributes"));
          g_string_append_c (out, '}');
        }
    }
  g_string_append_c (out, ']');

  g_string_append_printf (out, ",\"status\":{\"code\":%d", (int) object_number (status, "code"));
  if (member_string (status, "message") != NULL)
    {
      g_string_append (out, ",\"message\":");
      _genkit_json_write_string (out, member_string (status, "message"), -1);
    }
  g_string_append (out, "}}");
}
