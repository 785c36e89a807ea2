/* genkit-eval-trace.c — what an eval run reads from a test case's trace, as Genkit's eval
 * extractors read it: input, output, retrieved context, error, token usage
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-eval-private.h"

static JsonObject *
trace_spans (JsonNode *trace)
{
  JsonNode *spans;

  if (trace == NULL || !JSON_NODE_HOLDS_OBJECT (trace))
    return NULL;
  spans = json_object_get_member (json_node_get_object (trace), "spans");
  if (spans == NULL || !JSON_NODE_HOLDS_OBJECT (spans))
    return NULL;
  return json_node_get_object (spans);
}

static JsonObject *
span_attributes (JsonObject *span)
{
  JsonNode *attributes = json_object_get_member (span, "attributes");

  return attributes && JSON_NODE_HOLDS_OBJECT (attributes) ? json_node_get_object (attributes) : NULL;
}

static const char *
span_string (JsonObject *span,
             const char *member)
{
  JsonNode *node = json_object_get_member (span, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static const char *
attribute_string (JsonObject *span,
                  const char *name)
{
  JsonObject *attributes = span_attributes (span);

  return attributes ? span_string (attributes, name) : NULL;
}

static gboolean
attribute_truthy (JsonObject *span,
                  const char *name)
{
  JsonObject *attributes = span_attributes (span);
  JsonNode *node = attributes ? json_object_get_member (attributes, name) : NULL;
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (type == G_TYPE_STRING)
    return *json_node_get_string (node) != '\0';
  return json_node_get_double (node) != 0;
}

static double
span_number (JsonObject *span,
             const char *member)
{
  JsonNode *node = json_object_get_member (span, member);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) != G_TYPE_STRING)
    return json_node_get_double (node);
  return 0;
}

/* The earliest-starting child of @parent, or %NULL. */
static JsonObject *
first_child (JsonObject *spans,
             const char *parent)
{
  g_autoptr(GList) members = json_object_get_members (spans);
  JsonObject *best = NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (spans, l->data);
      JsonObject *span;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      span = json_node_get_object (node);
      if (g_strcmp0 (span_string (span, "parentSpanId"), parent) != 0)
        continue;
      if (best == NULL || span_number (span, "startTime") < span_number (best, "startTime"))
        best = span;
    }
  return best;
}

/**
 * _genkit_eval_trace_root_span:
 * @trace: a `TraceData`
 *
 * Genkit's `stackTraceSpans()` root: the span without a parent (or, when none has, one whose
 * parent is missing), then past wrapper spans (`genkit:metadata:genkit-dev-internal`,
 * `genkit:metadata:flow:wrapperAction`) to their first child.
 *
 * Returns: (transfer none) (nullable): the span, or %NULL for a trace without spans
 */
JsonObject *
_genkit_eval_trace_root_span (JsonNode *trace)
{
  JsonObject *spans = trace_spans (trace);
  g_autoptr(GList) members = NULL;
  JsonObject *root = NULL;

  if (spans == NULL || json_object_get_size (spans) == 0)
    return NULL;

  members = json_object_get_members (spans);
  for (GList *l = members; l != NULL && root == NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (spans, l->data);

      if (JSON_NODE_HOLDS_OBJECT (node) && span_string (json_node_get_object (node), "parentSpanId") == NULL)
        root = json_node_get_object (node);
    }
  for (GList *l = members; l != NULL && root == NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (spans, l->data);
      const char *parent;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      parent = span_string (json_node_get_object (node), "parentSpanId");
      if (parent != NULL && !json_object_has_member (spans, parent))
        root = json_node_get_object (node);
    }
  if (root == NULL)
    return NULL;

  while (attribute_truthy (root, "genkit:metadata:genkit-dev-internal") ||
         attribute_truthy (root, "genkit:metadata:flow:wrapperAction"))
    {
      JsonObject *child = first_child (spans, span_string (root, "spanId"));

      if (child == NULL)
        break;
      root = child;
    }
  return root;
}

/**
 * _genkit_eval_trace_is_complete:
 * @trace: (nullable): a `TraceData`
 *
 * Whether the trace's root span (the one without a parent) is stored and has ended, so the
 * run's output and state are known.
 *
 * Returns: %TRUE when there is a root span with an end time and a state
 */
gboolean
_genkit_eval_trace_is_complete (JsonNode *trace)
{
  JsonObject *spans = trace_spans (trace);
  g_autoptr(GList) members = spans ? json_object_get_members (spans) : NULL;

  /* A span without a parent that has ended: the run's own span. While only its children
   * are stored (they end, and are exported, first), a child whose parent is missing would
   * pass for the root. */
  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (spans, l->data);
      JsonObject *span;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      span = json_node_get_object (node);
      if (span_string (span, "parentSpanId") == NULL)
        return span_number (span, "endTime") > 0 && attribute_string (span, "genkit:state") != NULL &&
               _genkit_eval_trace_root_span (trace) != NULL;
    }
  return FALSE;
}

/**
 * _genkit_eval_span_attribute_json:
 * @span: a span
 * @name: an attribute holding JSON text, such as `genkit:output`
 *
 * Genkit's `safeParse()` of an attribute.
 *
 * Returns: (transfer full) (nullable): the value; %NULL when the attribute is missing or
 *   empty, an empty string when it is not JSON
 */
JsonNode *
_genkit_eval_span_attribute_json (JsonObject *span,
                                  const char *name)
{
  const char *text = attribute_string (span, name);
  JsonNode *node;

  if (text == NULL || *text == '\0')
    return NULL;
  if ((node = genkit_json_parse (text, -1, NULL)) == NULL)
    return _genkit_eval_json_string ("");
  return node;
}

/**
 * _genkit_eval_trace_input:
 * @trace: a `TraceData`
 *
 * Genkit's default input extractor: the root span's `genkit:input`.
 *
 * Returns: (transfer full) (nullable): the input
 */
JsonNode *
_genkit_eval_trace_input (JsonNode *trace)
{
  JsonObject *root = _genkit_eval_trace_root_span (trace);

  return root ? _genkit_eval_span_attribute_json (root, "genkit:input") : NULL;
}

/**
 * _genkit_eval_trace_output:
 * @trace: a `TraceData`
 *
 * Genkit's default output extractor: the root span's `genkit:output`.
 *
 * Returns: (transfer full) (nullable): the output
 */
JsonNode *
_genkit_eval_trace_output (JsonNode *trace)
{
  JsonObject *root = _genkit_eval_trace_root_span (trace);

  return root ? _genkit_eval_span_attribute_json (root, "genkit:output") : NULL;
}

/**
 * _genkit_eval_trace_context:
 * @trace: a `TraceData`
 *
 * Genkit's default context extractor: the texts of every document output by a span whose
 * `genkit:metadata:subtype` is `retriever`, in span order.
 *
 * Returns: (transfer full): a JSON array of strings
 */
JsonNode *
_genkit_eval_trace_context (JsonNode *trace)
{
  JsonObject *spans = trace_spans (trace);
  g_autoptr(GList) members = spans ? json_object_get_members (spans) : NULL;
  g_autoptr(JsonArray) texts = json_array_new ();

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (spans, l->data);
      g_autoptr(JsonNode) output = NULL;
      JsonNode *documents;
      JsonObject *span;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      span = json_node_get_object (node);
      if (g_strcmp0 (attribute_string (span, "genkit:metadata:subtype"), "retriever") != 0)
        continue;
      output = _genkit_eval_span_attribute_json (span, "genkit:output");
      if (output == NULL || !JSON_NODE_HOLDS_OBJECT (output) ||
          !(documents = json_object_get_member (json_node_get_object (output), "documents")) ||
          !JSON_NODE_HOLDS_ARRAY (documents))
        continue;

      for (guint d = 0; d < json_array_get_length (json_node_get_array (documents)); d++)
        {
          JsonNode *document = json_array_get_element (json_node_get_array (documents), d);
          JsonNode *content;

          if (!JSON_NODE_HOLDS_OBJECT (document) ||
              !(content = json_object_get_member (json_node_get_object (document), "content")) ||
              !JSON_NODE_HOLDS_ARRAY (content))
            continue;
          for (guint p = 0; p < json_array_get_length (json_node_get_array (content)); p++)
            {
              JsonNode *part = json_array_get_element (json_node_get_array (content), p);
              const char *text;

              if (JSON_NODE_HOLDS_OBJECT (part) &&
                  (text = span_string (json_node_get_object (part), "text")) != NULL && *text != '\0')
                json_array_add_string_element (texts, text);
            }
        }
    }

  return json_node_init_array (json_node_alloc (), texts);
}

/**
 * _genkit_eval_trace_error:
 * @trace: a `TraceData`
 *
 * For a root span in `genkit:state` `error`: the `exception.message` of its `exception` event
 * (`Error` when it has none), as Genkit's `getSpanErrorMessage()` reads it.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL when the run did not fail
 */
char *
_genkit_eval_trace_error (JsonNode *trace)
{
  JsonObject *root = _genkit_eval_trace_root_span (trace);
  JsonNode *status;
  JsonNode *events;

  if (root == NULL || g_strcmp0 (attribute_string (root, "genkit:state"), "error") != 0)
    return NULL;

  status = json_object_get_member (root, "status");
  if (status == NULL || !JSON_NODE_HOLDS_OBJECT (status) ||
      span_number (json_node_get_object (status), "code") != 2)
    return g_strdup_printf ("Unknown error in trace %s",
                            span_string (json_node_get_object (trace), "traceId"));

  events = json_object_get_member (root, "timeEvents");
  if (events != NULL && JSON_NODE_HOLDS_OBJECT (events) &&
      (events = json_object_get_member (json_node_get_object (events), "timeEvent")) != NULL &&
      JSON_NODE_HOLDS_ARRAY (events))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (events)); i++)
      {
        JsonNode *event = json_array_get_element (json_node_get_array (events), i);
        JsonNode *annotation;
        JsonNode *attributes;
        const char *message;

        if (!JSON_NODE_HOLDS_OBJECT (event) ||
            !(annotation = json_object_get_member (json_node_get_object (event), "annotation")) ||
            !JSON_NODE_HOLDS_OBJECT (annotation) ||
            g_strcmp0 (span_string (json_node_get_object (annotation), "description"), "exception") != 0)
          continue;
        attributes = json_object_get_member (json_node_get_object (annotation), "attributes");
        if (attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes) &&
            (message = span_string (json_node_get_object (attributes), "exception.message")) != NULL)
          return g_strdup (message);
        return g_strdup ("Error");
      }
  return g_strdup ("Error");
}

/**
 * _genkit_eval_trace_add_usage:
 * @trace: a `TraceData`
 * @usage: where to add
 *
 * Adds the `usage` of every model call of the trace (spans of subtype `model`) to @usage,
 * member by member.
 */
void
_genkit_eval_trace_add_usage (JsonNode   *trace,
                              JsonObject *usage)
{
  JsonObject *spans = trace_spans (trace);
  g_autoptr(GList) members = spans ? json_object_get_members (spans) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *node = json_object_get_member (spans, l->data);
      g_autoptr(JsonNode) output = NULL;
      g_autoptr(GList) fields = NULL;
      JsonNode *span_usage;
      JsonObject *span;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      span = json_node_get_object (node);
      if (g_strcmp0 (attribute_string (span, "genkit:metadata:subtype"), "model") != 0)
        continue;
      output = _genkit_eval_span_attribute_json (span, "genkit:output");
      if (output == NULL || !JSON_NODE_HOLDS_OBJECT (output) ||
          !(span_usage = json_object_get_member (json_node_get_object (output), "usage")) ||
          !JSON_NODE_HOLDS_OBJECT (span_usage))
        continue;

      fields = json_object_get_members (json_node_get_object (span_usage));
      for (GList *f = fields; f != NULL; f = f->next)
        {
          JsonNode *value = json_object_get_member (json_node_get_object (span_usage), f->data);
          GType type;

          if (!JSON_NODE_HOLDS_VALUE (value))
            continue;
          type = json_node_get_value_type (value);
          if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
            continue;
          _genkit_eval_json_add_number (usage, f->data, json_node_get_double (value));
        }
    }
}
