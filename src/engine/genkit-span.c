/* genkit-span.c — one span of a Genkit trace
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-error.h"
#include "genkit-json-private.h"
#include "genkit-span.h"
#include "genkit-span-private.h"

/**
 * GenkitSpan:
 *
 * One timed operation of a trace: an action run, a flow step, a generate turn. Spans are made
 * by [method@Genkit.Tracer.start_span] (every [method@Genkit.Action.run_async] does it for
 * you), carry Genkit's attributes (`genkit:type`, `genkit:name`, `genkit:path`,
 * `genkit:input`, `genkit:output`, `genkit:state`, …) and end once with
 * [method@Genkit.Span.end], which hands them to the tracer's span processors.
 *
 * [method@Genkit.Span.to_json] gives Genkit's `SpanData` JSON exactly as the JavaScript
 * runtime exports it (`js/core/src/tracing/exporter.ts`), times in milliseconds since the
 * Unix epoch.
 */
struct _GenkitSpan
{
  GObject           parent_instance;

  /* Owned references */
  GenkitTracer     *tracer;
  GenkitSpan       *parent;
  char             *trace_id;
  char             *span_id;
  char             *name;
  char             *path;
  JsonObject       *attributes;         /* known at start, then all of them once ended */
  JsonObject       *late_attributes;    /* set while running; NULL once ended */
  JsonArray        *time_events;
  char             *status_message;

  double            start_time;
  double            end_time;
  GenkitSpanStatus  status;
  guint             child_failed : 1;
  guint             ended : 1;
};

G_DEFINE_FINAL_TYPE (GenkitSpan, genkit_span, G_TYPE_OBJECT)

static double
now_ms (void)
{
  return (double) g_get_real_time () / 1000.0;
}

static void
genkit_span_finalize (GObject *object)
{
  GenkitSpan *self = GENKIT_SPAN (object);

  g_clear_object (&self->tracer);
  g_clear_object (&self->parent);
  g_free (self->trace_id);
  g_free (self->span_id);
  g_free (self->name);
  g_free (self->path);
  g_clear_pointer (&self->attributes, json_object_unref);
  g_clear_pointer (&self->late_attributes, json_object_unref);
  g_clear_pointer (&self->time_events, json_array_unref);
  g_free (self->status_message);

  G_OBJECT_CLASS (genkit_span_parent_class)->finalize (object);
}

static void
genkit_span_class_init (GenkitSpanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_span_finalize;
}

static void
genkit_span_init (GenkitSpan *self)
{
  self->attributes = json_object_new ();
  self->late_attributes = json_object_new ();
  self->time_events = json_array_new ();
}

/* The path segment of a span: `{name}` or `{name,t:type}`, where the type is `flow` for a flow
 * action and the span's `genkit:type` otherwise (`js/core/src/tracing/instrumentation.ts`). */
static char *
build_path (GenkitSpan *parent,
            const char *name,
            JsonObject *attributes)
{
  const char *type = NULL;
  const char *subtype = NULL;
  const char *parent_path = parent ? parent->path : "";

  if (attributes != NULL)
    {
      if (json_object_has_member (attributes, "genkit:type"))
        type = json_object_get_string_member (attributes, "genkit:type");
      if (json_object_has_member (attributes, "genkit:metadata:subtype"))
        subtype = json_object_get_string_member (attributes, "genkit:metadata:subtype");
    }
  if (g_strcmp0 (subtype, "flow") == 0)
    type = "flow";

  if (type != NULL)
    return g_strdup_printf ("%s/{%s,t:%s}", parent_path, name, type);
  return g_strdup_printf ("%s/{%s}", parent_path, name);
}

GenkitSpan *
_genkit_span_new (GenkitTracer *tracer,
                  GenkitSpan   *parent,
                  const char   *trace_id,
                  const char   *span_id,
                  const char   *name,
                  JsonObject   *start_attributes)
{
  GenkitSpan *self = g_object_new (GENKIT_TYPE_SPAN, NULL);

  self->tracer = g_object_ref (tracer);
  self->parent = parent ? g_object_ref (parent) : NULL;
  self->trace_id = g_strdup (trace_id);
  self->span_id = g_strdup (span_id);
  self->name = g_strdup (name);
  self->path = build_path (parent, name, start_attributes);
  self->start_time = now_ms ();

  if (start_attributes != NULL)
    _genkit_json_object_copy_members (start_attributes, self->attributes);

  return self;
}

/**
 * genkit_span_get_trace_id:
 * @self: a [class@Genkit.Span]
 *
 * Gets the trace id, 32 lowercase hex digits.
 *
 * Returns: (transfer none): the trace id, 32 lowercase hex digits
 */
const char *
genkit_span_get_trace_id (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), NULL);
  return self->trace_id;
}

/**
 * genkit_span_get_span_id:
 * @self: a [class@Genkit.Span]
 *
 * Gets the span id, 16 lowercase hex digits.
 *
 * Returns: (transfer none): the span id, 16 lowercase hex digits
 */
const char *
genkit_span_get_span_id (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), NULL);
  return self->span_id;
}

/**
 * genkit_span_get_parent_span_id:
 * @self: a [class@Genkit.Span]
 *
 * Gets the parent's span id, %NULL for a root span.
 *
 * Returns: (transfer none) (nullable): the parent's span id, %NULL for a root span
 */
const char *
genkit_span_get_parent_span_id (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), NULL);
  return self->parent ? self->parent->span_id : NULL;
}

/**
 * genkit_span_get_parent:
 * @self: a [class@Genkit.Span]
 *
 * Gets the parent span, %NULL for a root span.
 *
 * Returns: (transfer none) (nullable): the parent span, %NULL for a root span
 */
GenkitSpan *
genkit_span_get_parent (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), NULL);
  return self->parent;
}

/**
 * genkit_span_get_name:
 * @self: a [class@Genkit.Span]
 *
 * Gets the span's name, `displayName` in `SpanData`.
 *
 * Returns: (transfer none): the span's name, `displayName` in `SpanData`
 */
const char *
genkit_span_get_name (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), NULL);
  return self->name;
}

/**
 * genkit_span_get_path:
 * @self: a [class@Genkit.Span]
 *
 * The span's annotated path, such as `/{summarize,t:flow}/{fetch,t:flowStep}`; once the span
 * has ended it includes the `,s:<subtype>` suffix Genkit adds to non-root action spans
 * (protocol §6.4).
 *
 * Returns: (transfer none): the path
 */
const char *
genkit_span_get_path (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), NULL);
  return self->path;
}

/**
 * genkit_span_get_start_time:
 * @self: a [class@Genkit.Span]
 *
 * Tells when the span started, in milliseconds since the Unix epoch (fractional).
 *
 * Returns: when the span started, in milliseconds since the Unix epoch (fractional)
 */
double
genkit_span_get_start_time (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), 0);
  return self->start_time;
}

/**
 * genkit_span_get_end_time:
 * @self: a [class@Genkit.Span]
 *
 * Tells when the span ended, in milliseconds since the Unix epoch, or 0 while it runs.
 *
 * Returns: when the span ended, in milliseconds since the Unix epoch, or 0 while it runs
 */
double
genkit_span_get_end_time (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), 0);
  return self->end_time;
}

/**
 * genkit_span_is_ended:
 * @self: a [class@Genkit.Span]
 *
 * Tells whether [method@Genkit.Span.end] was called.
 *
 * Returns: whether [method@Genkit.Span.end] was called
 */
gboolean
genkit_span_is_ended (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), FALSE);
  return self->ended;
}

/**
 * genkit_span_get_status:
 * @self: a [class@Genkit.Span]
 *
 * Gets the span's status code.
 *
 * Returns: the span's status code
 */
GenkitSpanStatus
genkit_span_get_status (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), GENKIT_SPAN_STATUS_UNSET);
  return self->status;
}

/**
 * genkit_span_get_status_message:
 * @self: a [class@Genkit.Span]
 *
 * Gets the error message of a failed span.
 *
 * Returns: (transfer none) (nullable): the error message of a failed span
 */
const char *
genkit_span_get_status_message (GenkitSpan *self)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), NULL);
  return self->status_message;
}

/**
 * genkit_span_get_attribute:
 * @self: a [class@Genkit.Span]
 * @key: an attribute name such as `genkit:state`
 *
 * Gets the attribute's value (a string, number or boolean node), or %NULL if the span has no such
 * attribute.
 *
 * Returns: (transfer none) (nullable): the attribute's value (a string, number or boolean
 *   node), or %NULL if the span has no such attribute
 */
JsonNode *
genkit_span_get_attribute (GenkitSpan *self,
                           const char *key)
{
  g_return_val_if_fail (GENKIT_IS_SPAN (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (self->late_attributes != NULL && json_object_has_member (self->late_attributes, key))
    return json_object_get_member (self->late_attributes, key);
  return json_object_get_member (self->attributes, key);
}

/**
 * genkit_span_get_string_attribute:
 * @self: a [class@Genkit.Span]
 * @key: an attribute name such as `genkit:output`
 *
 * Gets the attribute's value if it is a string, else %NULL.
 *
 * Returns: (transfer none) (nullable): the attribute's value if it is a string, else %NULL
 */
const char *
genkit_span_get_string_attribute (GenkitSpan *self,
                                  const char *key)
{
  JsonNode *node = genkit_span_get_attribute (self, key);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* Where a new attribute goes: after the start ones while running; once ended, processors
 * have seen the span, so a late change is a bug in the caller. */
static JsonObject *
writable_attributes (GenkitSpan *self,
                     const char *key)
{
  if (self->ended)
    {
      g_critical ("Attribute %s set on span %s after it ended", key, self->name);
      return NULL;
    }
  return self->late_attributes;
}

/**
 * genkit_span_set_string_attribute:
 * @self: a [class@Genkit.Span]
 * @key: the attribute name
 * @value: the value
 *
 * Sets a string attribute, replacing any earlier value.
 */
void
genkit_span_set_string_attribute (GenkitSpan *self,
                                  const char *key,
                                  const char *value)
{
  JsonObject *target;

  g_return_if_fail (GENKIT_IS_SPAN (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (value != NULL);

  if ((target = writable_attributes (self, key)))
    json_object_set_string_member (target, key, value);
}

/**
 * genkit_span_set_boolean_attribute:
 * @self: a [class@Genkit.Span]
 * @key: the attribute name
 * @value: the value
 *
 * Sets a boolean attribute such as `genkit:isRoot`.
 */
void
genkit_span_set_boolean_attribute (GenkitSpan *self,
                                   const char *key,
                                   gboolean    value)
{
  JsonObject *target;

  g_return_if_fail (GENKIT_IS_SPAN (self));
  g_return_if_fail (key != NULL);

  if ((target = writable_attributes (self, key)))
    json_object_set_boolean_member (target, key, value);
}

/**
 * genkit_span_set_json_attribute:
 * @self: a [class@Genkit.Span]
 * @key: the attribute name, such as `genkit:input`
 * @value: (nullable): any JSON value
 *
 * Stores @value serialized as compact JSON text in a string attribute, the way Genkit records
 * `genkit:input`, `genkit:output` and `genkit:metadata:context`. A %NULL @value removes the
 * attribute (Genkit leaves out undefined values).
 */
void
genkit_span_set_json_attribute (GenkitSpan *self,
                                const char *key,
                                JsonNode   *value)
{
  g_autofree char *text = NULL;

  g_return_if_fail (GENKIT_IS_SPAN (self));
  g_return_if_fail (key != NULL);

  if (value == NULL)
    {
      if (self->late_attributes != NULL)
        json_object_remove_member (self->late_attributes, key);
      return;
    }

  text = json_to_string (value, FALSE);
  genkit_span_set_string_attribute (self, key, text);
}

/**
 * genkit_span_record_error:
 * @self: a [class@Genkit.Span]
 * @error: the failure
 *
 * Marks the span failed the way Genkit's instrumentation does: status `{"code": 2,
 * "message": …}`, `genkit:state` `error`, an `exception` time event with `exception.type`,
 * `exception.message` and `exception.stacktrace`, and `genkit:isFailureSource` when no child
 * span failed first (the error started here rather than passing through).
 */
void
genkit_span_record_error (GenkitSpan   *self,
                          const GError *error)
{
  g_autoptr(JsonObject) event = json_object_new ();
  g_autoptr(JsonObject) annotation = json_object_new ();
  g_autoptr(JsonObject) attributes = json_object_new ();
  const char *type;

  g_return_if_fail (GENKIT_IS_SPAN (self));
  g_return_if_fail (error != NULL);

  self->status = GENKIT_SPAN_STATUS_ERROR;
  g_free (self->status_message);
  self->status_message = g_strdup (error->message);
  genkit_span_set_string_attribute (self, "genkit:state", "error");
  if (!self->child_failed)
    genkit_span_set_boolean_attribute (self, "genkit:isFailureSource", TRUE);

  type = error->domain == GENKIT_ERROR ? "GenkitError" : g_quark_to_string (error->domain);
  json_object_set_string_member (attributes, "exception.type", type);
  json_object_set_string_member (attributes, "exception.message", error->message);
  json_object_set_string_member (attributes, "exception.stacktrace", error->message);
  json_object_set_object_member (annotation, "attributes", g_steal_pointer (&attributes));
  json_object_set_string_member (annotation, "description", "exception");
  json_object_set_double_member (event, "time", now_ms ());
  json_object_set_object_member (event, "annotation", g_steal_pointer (&annotation));
  json_array_add_object_element (self->time_events, g_steal_pointer (&event));
}

/**
 * genkit_span_end:
 * @self: a [class@Genkit.Span]
 *
 * Ends the span: sets its end time, `genkit:name`, `genkit:path` (with the subtype suffix on
 * non-root spans), `genkit:isRoot` on a root span and `genkit:state` `success` unless an error
 * was recorded, then hands it to every span processor of its tracer. Ending twice is a
 * programmer error.
 */
void
genkit_span_end (GenkitSpan *self)
{
  const char *subtype;

  g_return_if_fail (GENKIT_IS_SPAN (self));
  g_return_if_fail (!self->ended);

  subtype = genkit_span_get_string_attribute (self, "genkit:metadata:subtype");
  if (self->parent != NULL && subtype != NULL && g_str_has_suffix (self->path, "}"))
    {
      g_autofree char *base = g_strndup (self->path, strlen (self->path) - 1);

      g_free (self->path);
      self->path = g_strdup_printf ("%s,s:%s}", base, subtype);
    }

  /* Genkit adds these at the end, after the attributes known at start and before the
   * ones set while running; the JavaScript exporter's order is kept. */
  json_object_set_string_member (self->attributes, "genkit:name", self->name);
  if (self->parent == NULL)
    json_object_set_boolean_member (self->attributes, "genkit:isRoot", TRUE);
  json_object_set_string_member (self->attributes, "genkit:path", self->path);
  json_object_remove_member (self->late_attributes, "genkit:state");
  _genkit_json_object_copy_members (self->late_attributes, self->attributes);
  json_object_set_string_member (self->attributes, "genkit:state",
                                 self->status == GENKIT_SPAN_STATUS_ERROR ? "error" : "success");
  g_clear_pointer (&self->late_attributes, json_object_unref);

  self->end_time = MAX (now_ms (), self->start_time);
  self->ended = TRUE;

  if (self->status == GENKIT_SPAN_STATUS_ERROR && self->parent != NULL)
    self->parent->child_failed = TRUE;

  _genkit_tracer_span_ended (self->tracer, self);

  /* An ended span needs its tracer no more; keeping it would make a cycle through processors
   * that keep spans (tracer → processor → span → tracer). */
  g_clear_object (&self->tracer);
}

/**
 * genkit_span_to_json:
 * @self: a [class@Genkit.Span]
 *
 * Serializes the span as Genkit's `SpanData` (protocol §6.2): `spanId`, `traceId`,
 * `parentSpanId` (absent on a root), `startTime`, `endTime` (0 while running), `attributes`,
 * `displayName`, `links`, `spanKind` `INTERNAL`, `sameProcessAsParentSpan`, `status`,
 * `timeEvents` and `instrumentationLibrary` `{"name": "genkit-tracer", "version": "v1"}`.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
genkit_span_to_json (GenkitSpan *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *status = json_object_new ();
  JsonObject *time_events = json_object_new ();
  JsonObject *library = json_object_new ();
  JsonObject *same_process = json_object_new ();
  JsonNode *node;

  g_return_val_if_fail (GENKIT_IS_SPAN (self), NULL);

  json_object_set_string_member (object, "spanId", self->span_id);
  json_object_set_string_member (object, "traceId", self->trace_id);
  json_object_set_double_member (object, "startTime", self->start_time);
  json_object_set_double_member (object, "endTime", self->end_time);
  json_object_set_object_member (object, "attributes", json_object_ref (self->attributes));
  json_object_set_string_member (object, "displayName", self->name);
  json_object_set_array_member (object, "links", json_array_new ());
  json_object_set_string_member (object, "spanKind", "INTERNAL");
  if (self->parent != NULL)
    {
      json_object_set_string_member (object, "parentSpanId", self->parent->span_id);
      json_object_set_boolean_member (same_process, "value", TRUE);
      json_object_set_object_member (object, "sameProcessAsParentSpan", same_process);
    }
  else
    json_object_unref (same_process);

  /* Genkit reports success as UNSET (0), failure as ERROR (2) with the message. */
  json_object_set_int_member (status, "code", self->status);
  if (self->status_message != NULL)
    json_object_set_string_member (status, "message", self->status_message);
  json_object_set_object_member (object, "status", status);

  json_object_set_array_member (time_events, "timeEvent", json_array_ref (self->time_events));
  json_object_set_object_member (object, "timeEvents", time_events);

  json_object_set_string_member (library, "name", "genkit-tracer");
  json_object_set_string_member (library, "version", "v1");
  json_object_set_object_member (object, "instrumentationLibrary", library);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, g_steal_pointer (&object));
  return node;
}
