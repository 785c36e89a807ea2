/* genkit-trace-data.c — Genkit TraceData checked and normalized for the trace store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <genkit.h>

#include "genkit-telemetry-json-private.h"
#include "genkit-trace-data-private.h"

/* How many problems one error message lists before it says "and N more". */
#define MAX_REPORTED_ISSUES 8

/* The checks below follow Genkit's zod schemas (`TraceDataSchema`, `SpanDataSchema` in
 * genkit-tools/common/src/types/trace.ts) as `POST /api/traces` applies them: required keys,
 * value types, unknown keys dropped, optional keys absent (a JSON `null` is not "absent" for
 * zod). The normalized JSON keeps zod's key order, which is what Genkit stores and serves. */
typedef struct
{
  GString   *path;
  GPtrArray *issues;
} Check;

static const char *
json_kind (JsonNode *node)
{
  if (node == NULL)
    return "undefined";
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return "string";
        if (type == G_TYPE_BOOLEAN)
          return "boolean";
        if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
          return "number";
        return "null";
      }
    }
}

static void G_GNUC_PRINTF (2, 3)
check_issue (Check      *c,
             const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (c->issues,
                   g_strdup_printf ("%s: %s", c->path->len ? c->path->str : "(body)", message));
}

static gsize
check_push (Check      *c,
            const char *key)
{
  gsize old = c->path->len;

  if (c->path->len > 0)
    g_string_append_c (c->path, '.');
  g_string_append (c->path, key);
  return old;
}

static gsize
check_push_index (Check *c,
                  guint  index)
{
  gsize old = c->path->len;

  g_string_append_printf (c->path, "[%u]", index);
  return old;
}

static void
check_pop (Check *c,
           gsize  old)
{
  g_string_truncate (c->path, old);
}

static void
check_type_issue (Check      *c,
                  const char *key,
                  const char *expected,
                  JsonNode   *node)
{
  gsize old = check_push (c, key);

  if (node == NULL)
    check_issue (c, "Required");
  else
    check_issue (c, "Expected %s, received %s", expected, json_kind (node));
  check_pop (c, old);
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_VALUE &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static gboolean
node_is_finite_number (JsonNode *node)
{
  return _genkit_json_node_is_number (node) && isfinite (_genkit_json_node_get_number (node));
}

/* JavaScript truthiness of a JSON value. */
static gboolean
node_is_truthy (JsonNode *node)
{
  if (node == NULL)
    return FALSE;
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
      return TRUE;
    case JSON_NODE_NULL:
      return FALSE;
    case JSON_NODE_VALUE:
    default:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          return json_node_get_string (node)[0] != '\0';
        if (type == G_TYPE_BOOLEAN)
          return json_node_get_boolean (node);
        if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
          {
            double v = _genkit_json_node_get_number (node);
            return v != 0 && !isnan (v);
          }
        return FALSE;
      }
    }
}

/* Writes `,"key":` (no comma before the first member). */
static void
write_key (GString    *out,
           gboolean   *first,
           const char *key)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  _genkit_json_write_string (out, key, -1);
  g_string_append_c (out, ':');
}

/* A required or optional string member; writes it when valid. */
static gboolean
take_string (Check       *c,
             JsonObject  *object,
             const char  *key,
             gboolean     required,
             GString     *out,
             gboolean    *first,
             const char **value)
{
  JsonNode *node = json_object_get_member (object, key);

  if (value)
    *value = NULL;
  if (node == NULL && !required)
    return TRUE;
  if (!node_is_string (node))
    {
      check_type_issue (c, key, "string", node);
      return FALSE;
    }
  if (out)
    {
      write_key (out, first, key);
      _genkit_json_write_string (out, json_node_get_string (node), -1);
    }
  if (value)
    *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
take_number (Check      *c,
             JsonObject *object,
             const char *key,
             gboolean    required,
             GString    *out,
             gboolean   *first,
             gboolean   *present,
             double     *value)
{
  JsonNode *node = json_object_get_member (object, key);

  if (present)
    *present = FALSE;
  if (node == NULL && !required)
    return TRUE;
  if (!node_is_finite_number (node))
    {
      if (_genkit_json_node_is_number (node))
        {
          gsize old = check_push (c, key);
          check_issue (c, "Expected a finite number");
          check_pop (c, old);
        }
      else
        check_type_issue (c, key, "number", node);
      return FALSE;
    }
  if (out)
    {
      write_key (out, first, key);
      _genkit_json_write_node (out, node);
    }
  if (present)
    *present = TRUE;
  if (value)
    *value = _genkit_json_node_get_number (node);
  return TRUE;
}

static gboolean
take_boolean (Check      *c,
              JsonObject *object,
              const char *key,
              gboolean    required,
              GString    *out,
              gboolean   *first)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL && !required)
    return TRUE;
  if (!node_is_boolean (node))
    {
      check_type_issue (c, key, "boolean", node);
      return FALSE;
    }
  write_key (out, first, key);
  g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
  return TRUE;
}

/* Returns the member as an object, %NULL (with an issue when required or mistyped) otherwise. */
static JsonObject *
get_object (Check      *c,
            JsonObject *object,
            const char *key,
            gboolean    required,
            gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL && !required)
    return NULL;
  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
    {
      check_type_issue (c, key, "object", node);
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_object (node);
}

static JsonArray *
get_array (Check      *c,
           JsonObject *object,
           const char *key,
           gboolean   *ok)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return NULL;
  if (JSON_NODE_TYPE (node) != JSON_NODE_ARRAY)
    {
      check_type_issue (c, key, "array", node);
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_array (node);
}

/* `z.record(z.string(), z.unknown())`: any object, written as is. */
static gboolean
take_record (Check      *c,
             JsonObject *object,
             const char *key,
             gboolean    required,
             GString    *out,
             gboolean   *first)
{
  gboolean ok = TRUE;
  JsonObject *record = get_object (c, object, key, required, &ok);

  if (record != NULL)
    {
      write_key (out, first, key);
      _genkit_json_write_node (out, json_object_get_member (object, key));
    }
  return ok;
}

static gboolean
take_time_event (Check      *c,
                 JsonNode   *node,
                 GString    *out)
{
  JsonObject *event;
  JsonObject *annotation;
  gboolean first = TRUE;
  gboolean ok = TRUE;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
    {
      check_issue (c, "Expected object, received %s", json_kind (node));
      return FALSE;
    }
  event = json_node_get_object (node);

  g_string_append_c (out, '{');
  ok &= take_number (c, event, "time", TRUE, out, &first, NULL, NULL);
  annotation = get_object (c, event, "annotation", TRUE, &ok);
  if (annotation != NULL)
    {
      gboolean afirst = TRUE;
      gsize old = check_push (c, "annotation");

      write_key (out, &first, "annotation");
      g_string_append_c (out, '{');
      ok &= take_record (c, annotation, "attributes", TRUE, out, &afirst);
      ok &= take_string (c, annotation, "description", TRUE, out, &afirst, NULL);
      g_string_append_c (out, '}');
      check_pop (c, old);
    }
  g_string_append_c (out, '}');
  return ok;
}

static gboolean
take_link (Check    *c,
           JsonNode *node,
           GString  *out)
{
  JsonObject *link;
  JsonObject *context;
  gboolean first = TRUE;
  gboolean ok = TRUE;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
    {
      check_issue (c, "Expected object, received %s", json_kind (node));
      return FALSE;
    }
  link = json_node_get_object (node);

  g_string_append_c (out, '{');
  context = get_object (c, link, "context", FALSE, &ok);
  if (context != NULL)
    {
      gboolean cfirst = TRUE;
      gsize old = check_push (c, "context");

      write_key (out, &first, "context");
      g_string_append_c (out, '{');
      ok &= take_string (c, context, "traceId", TRUE, out, &cfirst, NULL);
      ok &= take_string (c, context, "spanId", TRUE, out, &cfirst, NULL);
      ok &= take_boolean (c, context, "isRemote", FALSE, out, &cfirst);
      ok &= take_number (c, context, "traceFlags", TRUE, out, &cfirst, NULL, NULL);
      g_string_append_c (out, '}');
      check_pop (c, old);
    }
  ok &= take_record (c, link, "attributes", FALSE, out, &first);
  ok &= take_number (c, link, "droppedAttributesCount", FALSE, out, &first, NULL, NULL);
  g_string_append_c (out, '}');
  return ok;
}

static char *
genkitx_attributes_json (JsonObject *attributes)
{
  g_autoptr(GList) keys = json_object_get_members (attributes);
  GString *out = NULL;

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      g_autofree char *value = NULL;

      if (!g_str_has_prefix (key, "genkitx:"))
        continue;
      if (out == NULL)
        out = g_string_new ("{");
      else
        g_string_append_c (out, ',');
      value = _genkit_js_string_coerce (json_object_get_member (attributes, key));
      _genkit_json_write_string (out, key, -1);
      g_string_append_c (out, ':');
      _genkit_json_write_string (out, value, -1);
    }
  if (out == NULL)
    return NULL;
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* The text the full-text index gets for a string attribute: its first
 * GENKIT_TRACE_FTS_MAX_BYTES bytes, cut at a character boundary; %NULL when the attribute is
 * absent or not a string. The writer computes it the same way when a span is indexed and when
 * its old version is taken out again, so the two always agree. */
char *
_genkit_fts_text (JsonObject *attributes,
                  const char *key)
{
  JsonNode *node = attributes ? json_object_get_member (attributes, key) : NULL;
  const char *text;
  gsize length;

  if (!node_is_string (node))
    return NULL;
  text = json_node_get_string (node);
  length = strlen (text);
  if (length > GENKIT_TRACE_FTS_MAX_BYTES)
    {
      const char *end = g_utf8_find_prev_char (text, text + GENKIT_TRACE_FTS_MAX_BYTES + 1);

      length = end ? (gsize) (end - text) : 0;
    }
  return g_strndup (text, length);
}

void
_genkit_ingest_span_free (GenkitIngestSpan *span)
{
  if (span == NULL)
    return;
  g_free (span->fts_input);
  g_free (span->fts_output);
  g_free (span->span_id);
  g_free (span->parent_span_id);
  g_free (span->display_name);
  g_free (span->index_type);
  g_free (span->genkitx);
  g_free (span->json);
  g_free (span);
}

/* One SpanData: checked and written in zod's key order. Returns %NULL after adding issues. */
static GenkitIngestSpan *
take_span (Check      *c,
           const char *key,
           JsonNode   *node)
{
  g_autoptr(GString) out = NULL;
  GenkitIngestSpan *span;
  JsonObject *object;
  JsonObject *attributes;
  JsonObject *library;
  JsonObject *same_process;
  JsonObject *status;
  JsonObject *time_events;
  JsonArray *links;
  const char *parent = NULL;
  const char *display_name = NULL;
  double start_time = 0;
  double end_time = 0;
  double status_code = 0;
  gboolean has_status = FALSE;
  gboolean first = TRUE;
  gboolean ok = TRUE;
  gsize issues_before = c->issues->len;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
    {
      check_issue (c, "Expected object, received %s", json_kind (node));
      return NULL;
    }
  object = json_node_get_object (node);
  out = g_string_sized_new (1024);

  g_string_append_c (out, '{');
  ok &= take_string (c, object, "spanId", TRUE, out, &first, NULL);
  ok &= take_string (c, object, "traceId", TRUE, out, &first, NULL);
  ok &= take_string (c, object, "parentSpanId", FALSE, out, &first, &parent);
  ok &= take_number (c, object, "startTime", TRUE, out, &first, NULL, &start_time);
  ok &= take_number (c, object, "endTime", TRUE, out, &first, NULL, &end_time);

  attributes = get_object (c, object, "attributes", TRUE, &ok);
  if (attributes != NULL)
    {
      write_key (out, &first, "attributes");
      _genkit_json_write_node (out, json_object_get_member (object, "attributes"));
    }

  ok &= take_string (c, object, "displayName", TRUE, out, &first, &display_name);

  links = get_array (c, object, "links", &ok);
  if (links != NULL)
    {
      gsize old = check_push (c, "links");

      write_key (out, &first, "links");
      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (links); i++)
        {
          gsize old_index = check_push_index (c, i);

          if (i > 0)
            g_string_append_c (out, ',');
          ok &= take_link (c, json_array_get_element (links, i), out);
          check_pop (c, old_index);
        }
      g_string_append_c (out, ']');
      check_pop (c, old);
    }

  library = get_object (c, object, "instrumentationLibrary", TRUE, &ok);
  if (library != NULL)
    {
      gboolean lfirst = TRUE;
      gsize old = check_push (c, "instrumentationLibrary");

      write_key (out, &first, "instrumentationLibrary");
      g_string_append_c (out, '{');
      ok &= take_string (c, library, "name", TRUE, out, &lfirst, NULL);
      ok &= take_string (c, library, "version", FALSE, out, &lfirst, NULL);
      ok &= take_string (c, library, "schemaUrl", FALSE, out, &lfirst, NULL);
      g_string_append_c (out, '}');
      check_pop (c, old);
    }

  ok &= take_string (c, object, "spanKind", TRUE, out, &first, NULL);

  same_process = get_object (c, object, "sameProcessAsParentSpan", FALSE, &ok);
  if (same_process != NULL)
    {
      gboolean sfirst = TRUE;
      gsize old = check_push (c, "sameProcessAsParentSpan");

      write_key (out, &first, "sameProcessAsParentSpan");
      g_string_append_c (out, '{');
      ok &= take_boolean (c, same_process, "value", TRUE, out, &sfirst);
      g_string_append_c (out, '}');
      check_pop (c, old);
    }

  status = get_object (c, object, "status", FALSE, &ok);
  if (status != NULL)
    {
      gboolean sfirst = TRUE;
      gsize old = check_push (c, "status");

      write_key (out, &first, "status");
      g_string_append_c (out, '{');
      ok &= take_number (c, status, "code", TRUE, out, &sfirst, &has_status, &status_code);
      ok &= take_string (c, status, "message", FALSE, out, &sfirst, NULL);
      g_string_append_c (out, '}');
      check_pop (c, old);
    }

  time_events = get_object (c, object, "timeEvents", FALSE, &ok);
  if (time_events != NULL)
    {
      gboolean tfirst = TRUE;
      gsize old = check_push (c, "timeEvents");
      JsonArray *events = get_array (c, time_events, "timeEvent", &ok);

      write_key (out, &first, "timeEvents");
      g_string_append_c (out, '{');
      if (events != NULL)
        {
          gsize old_events = check_push (c, "timeEvent");

          write_key (out, &tfirst, "timeEvent");
          g_string_append_c (out, '[');
          for (guint i = 0; i < json_array_get_length (events); i++)
            {
              gsize old_index = check_push_index (c, i);

              if (i > 0)
                g_string_append_c (out, ',');
              ok &= take_time_event (c, json_array_get_element (events, i), out);
              check_pop (c, old_index);
            }
          g_string_append_c (out, ']');
          check_pop (c, old_events);
        }
      g_string_append_c (out, '}');
      check_pop (c, old);
    }

  ok &= take_boolean (c, object, "truncated", FALSE, out, &first);
  g_string_append_c (out, '}');

  if (!ok || c->issues->len > issues_before)
    return NULL;

  span = g_new0 (GenkitIngestSpan, 1);
  span->span_id = g_strdup (key);
  /* Genkit tests `!span.parentSpanId`: an empty parent id makes a root too. */
  span->parent_span_id = (parent != NULL && parent[0] != '\0') ? g_strdup (parent) : NULL;
  span->display_name = g_strdup (display_name);
  span->start_time = start_time;
  span->end_time = end_time;
  span->has_status = has_status;
  span->status_code = status_code;

  {
    JsonNode *subtype = json_object_get_member (attributes, "genkit:metadata:subtype");
    JsonNode *type = json_object_get_member (attributes, "genkit:type");

    if (node_is_truthy (subtype))
      span->index_type = _genkit_js_string_coerce (subtype);
    else if (node_is_truthy (type))
      span->index_type = _genkit_js_string_coerce (type);
    else
      span->index_type = g_strdup ("UNKNOWN");
  }
  span->genkitx = genkitx_attributes_json (attributes);
  span->fts_input = _genkit_fts_text (attributes, "genkit:input");
  span->fts_output = _genkit_fts_text (attributes, "genkit:output");
  span->json_len = out->len;
  span->json = g_string_free (g_steal_pointer (&out), FALSE);
  return span;
}

static gboolean
attribute_equals (JsonNode   *span,
                  const char *key,
                  const char *value)
{
  JsonObject *attributes;
  JsonNode *node;

  attributes = json_object_get_object_member (json_node_get_object (span), "attributes");
  node = json_object_get_member (attributes, key);
  return node_is_string (node) && g_str_equal (json_node_get_string (node), value);
}

void
_genkit_ingest_trace_free (GenkitIngestTrace *trace)
{
  if (trace == NULL)
    return;
  g_free (trace->trace_id);
  g_free (trace->display_name);
  g_free (trace->runtime_id);
  g_clear_pointer (&trace->spans, g_ptr_array_unref);
  g_free (trace);
}

/* Genkit's LocalFileTraceStore refuses ids that could leave its directory:
 * empty, `.`, `..`, or containing `/`, `\` or NUL. */
gboolean
_genkit_trace_id_is_valid (const char *trace_id,
                           gsize       length)
{
  if (trace_id == NULL || length == 0)
    return FALSE;
  if (memchr (trace_id, '\0', length) != NULL || memchr (trace_id, '/', length) != NULL ||
      memchr (trace_id, '\\', length) != NULL)
    return FALSE;
  if ((length == 1 && trace_id[0] == '.') || (length == 2 && memcmp (trace_id, "..", 2) == 0))
    return FALSE;
  return TRUE;
}

static void
set_issues_error (GError    **error,
                  const char *what,
                  GPtrArray  *issues)
{
  g_autoptr(GString) message = g_string_new (NULL);

  g_string_append_printf (message, "Invalid %s: ", what);
  for (guint i = 0; i < issues->len && i < MAX_REPORTED_ISSUES; i++)
    {
      if (i > 0)
        g_string_append (message, "; ");
      g_string_append (message, g_ptr_array_index (issues, i));
    }
  if (issues->len > MAX_REPORTED_ISSUES)
    g_string_append_printf (message, "; and %u more", issues->len - MAX_REPORTED_ISSUES);
  g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, message->str);
}

/* Checks a TraceData payload like `POST /api/traces` does (zod), then applies the
 * LocalFileTraceStore's filters: spans whose `genkit:metadata:subtype` is `prompt` are dropped,
 * and a single remaining `dev-run-action-wrapper` span too. */
GenkitIngestTrace *
_genkit_ingest_trace_new_from_json (JsonNode  *trace_data,
                                    GError   **error)
{
  g_autoptr(GenkitIngestTrace) trace = NULL;
  g_autoptr(GPtrArray) issues = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) path = g_string_new (NULL);
  g_autoptr(GPtrArray) kept = g_ptr_array_new ();
  Check c = { path, issues };
  JsonObject *object;
  JsonObject *spans;
  const char *trace_id = NULL;
  const char *display_name = NULL;
  gboolean has_start = FALSE;
  gboolean has_end = FALSE;
  double start_time = 0;
  double end_time = 0;
  gboolean ok = TRUE;

  if (trace_data == NULL || JSON_NODE_TYPE (trace_data) != JSON_NODE_OBJECT)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Invalid TraceData: expected an object, received %s", json_kind (trace_data));
      return NULL;
    }
  object = json_node_get_object (trace_data);

  ok &= take_string (&c, object, "traceId", TRUE, NULL, NULL, &trace_id);
  ok &= take_string (&c, object, "displayName", FALSE, NULL, NULL, &display_name);
  ok &= take_number (&c, object, "startTime", FALSE, NULL, NULL, &has_start, &start_time);
  ok &= take_number (&c, object, "endTime", FALSE, NULL, NULL, &has_end, &end_time);
  spans = get_object (&c, object, "spans", TRUE, &ok);

  trace = g_new0 (GenkitIngestTrace, 1);
  trace->spans = g_ptr_array_new_with_free_func ((GDestroyNotify) _genkit_ingest_span_free);

  if (spans != NULL)
    {
      g_autoptr(GList) keys = json_object_get_members (spans);
      gsize old = check_push (&c, "spans");

      for (GList *l = keys; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (spans, l->data);
          gsize old_key = check_push (&c, l->data);
          GenkitIngestSpan *span = take_span (&c, l->data, node);

          check_pop (&c, old_key);
          if (span == NULL)
            continue;
          if (attribute_equals (node, "genkit:metadata:subtype", "prompt"))
            {
              _genkit_ingest_span_free (span);
              continue;
            }
          g_ptr_array_add (trace->spans, span);
          g_ptr_array_add (kept, node);
        }
      check_pop (&c, old);
    }

  if (!ok || issues->len > 0)
    {
      set_issues_error (error, "TraceData", issues);
      return NULL;
    }
  if (!_genkit_trace_id_is_valid (trace_id, strlen (trace_id)))
    {
      g_autoptr(GString) quoted = g_string_new (NULL);

      _genkit_json_write_string (quoted, trace_id, -1);
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Invalid trace id: %s", quoted->str);
      return NULL;
    }

  if (trace->spans->len == 1 &&
      attribute_equals (g_ptr_array_index (kept, 0), "genkit:name", "dev-run-action-wrapper"))
    g_ptr_array_set_size (trace->spans, 0);

  trace->trace_id = g_strdup (trace_id);
  trace->display_name = g_strdup (display_name);
  trace->has_display_name = display_name != NULL;
  trace->start_time = start_time;
  trace->has_start_time = has_start;
  trace->end_time = end_time;
  trace->has_end_time = has_end;
  for (guint i = 0; i < trace->spans->len; i++)
    if (((GenkitIngestSpan *) g_ptr_array_index (trace->spans, i))->parent_span_id == NULL)
      trace->has_root = TRUE;

  return g_steal_pointer (&trace);
}

double
_genkit_ingest_trace_bytes (GenkitIngestTrace *trace)
{
  double bytes = 0;

  for (guint i = 0; i < trace->spans->len; i++)
    bytes += ((GenkitIngestSpan *) g_ptr_array_index (trace->spans, i))->json_len;
  return bytes;
}

/* The root span as Genkit's listing shows it (`trucateTraceDetails`): `attributes` first,
 * every string attribute longer than 1000 UTF-16 units cut to 1000 plus `...`, then the other
 * members in their stored order. @exact keeps a high surrogate split by the cut as a `\ud…`
 * escape, as JavaScript does; text to be parsed again leaves it out. */
char *
_genkit_span_listing_preview (const char  *span_json,
                              gboolean     exact,
                              GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GList) members = NULL;
  GString *out;
  JsonObject *object;
  JsonNode *attributes;

  if (!json_parser_load_from_data (parser, span_json, -1, error))
    return NULL;
  object = json_node_get_object (json_parser_get_root (parser));
  attributes = json_object_get_member (object, "attributes");

  out = g_string_sized_new (strlen (span_json) + 16);
  g_string_append (out, "{\"attributes\":");
  if (attributes != NULL && JSON_NODE_TYPE (attributes) == JSON_NODE_OBJECT)
    {
      JsonObject *attrs = json_node_get_object (attributes);
      g_autoptr(GList) keys = json_object_get_members (attrs);
      gboolean first = TRUE;

      g_string_append_c (out, '{');
      for (GList *l = keys; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (attrs, l->data);

          write_key (out, &first, l->data);
          if (node_is_string (value) &&
              _genkit_utf16_length (json_node_get_string (value)) > GENKIT_TELEMETRY_LIST_ATTR_LENGTH)
            _genkit_json_write_string_utf16_truncated (out, json_node_get_string (value),
                                                       GENKIT_TELEMETRY_LIST_ATTR_LENGTH, "...",
                                                       exact);
          else
            _genkit_json_write_node (out, value);
        }
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "{}");

  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (g_str_equal (l->data, "attributes"))
        continue;
      g_string_append_c (out, ',');
      _genkit_json_write_string (out, l->data, -1);
      g_string_append_c (out, ':');
      _genkit_json_write_node (out, json_object_get_member (object, l->data));
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

void
_genkit_ingest_log_free (GenkitIngestLog *log)
{
  if (log == NULL)
    return;
  g_free (log->log_id);
  g_free (log->trace_id);
  g_free (log->span_id);
  g_free (log->json);
  g_free (log);
}

/* LogRecordData objects (genkit-tools/common/src/types/log.ts), as the OTLP conversion makes
 * them: written in their own key order with a random `logId` when none is given, the way
 * LocalFileLogStore.save() does. */
GPtrArray *
_genkit_ingest_logs_new_from_json (JsonNode  *logs,
                                   GError   **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) _genkit_ingest_log_free);
  JsonArray *array;

  if (logs == NULL || JSON_NODE_TYPE (logs) != JSON_NODE_ARRAY)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Invalid logs: expected an array of LogRecordData");
      return NULL;
    }
  array = json_node_get_array (logs);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GString) json = g_string_new ("{");
      JsonObject *object;
      g_autoptr(GList) members = NULL;
      GenkitIngestLog *log;
      JsonNode *timestamp;
      JsonNode *log_id;

      if (JSON_NODE_TYPE (node) != JSON_NODE_OBJECT)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "Invalid logs: [%u]: expected an object, received %s", i, json_kind (node));
          return NULL;
        }
      object = json_node_get_object (node);
      timestamp = json_object_get_member (object, "timestamp");
      if (!node_is_finite_number (timestamp))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "Invalid logs: [%u].timestamp: expected number, received %s", i,
                       json_kind (timestamp));
          return NULL;
        }

      log = g_new0 (GenkitIngestLog, 1);
      log_id = json_object_get_member (object, "logId");
      if (node_is_string (log_id) && json_node_get_string (log_id)[0] != '\0')
        log->log_id = g_strdup (json_node_get_string (log_id));
      else
        log->log_id = g_uuid_string_random ();
      if (node_is_string (json_object_get_member (object, "traceId")))
        log->trace_id = g_strdup (json_object_get_string_member (object, "traceId"));
      if (node_is_string (json_object_get_member (object, "spanId")))
        log->span_id = g_strdup (json_object_get_string_member (object, "spanId"));
      log->timestamp = _genkit_json_node_get_number (timestamp);

      g_string_append (json, "\"logId\":");
      _genkit_json_write_string (json, log->log_id, -1);
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (object, l->data);

          if (g_str_equal (l->data, "logId") || JSON_NODE_TYPE (value) == JSON_NODE_NULL)
            continue;
          g_string_append_c (json, ',');
          _genkit_json_write_string (json, l->data, -1);
          g_string_append_c (json, ':');
          _genkit_json_write_node (json, value);
        }
      g_string_append_c (json, '}');
      log->json = g_string_free (g_steal_pointer (&json), FALSE);
      g_ptr_array_add (out, log);
    }
  return g_steal_pointer (&out);
}
