/* genkit-trace-summary.c — one trace as the trace store's list shows it
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-trace-store-private.h"
#include "genkit-trace-summary.h"

/**
 * GenkitTraceSummary:
 *
 * One trace in the list model of a [class@Genkit.TraceStore]: the fields of Genkit's trace
 * index (`Index.add` in `genkit-tools/telemetry-server/src/file-trace-store.ts`), taken from
 * the trace's root span. The store updates a summary in place as spans arrive; watch
 * [signal@GObject.Object::notify] to follow a running trace.
 *
 * ```c
 * GenkitTraceSummary *summary = g_list_model_get_item (G_LIST_MODEL (store), 0);
 *
 * g_print ("%s %s %.1f ms\n", genkit_trace_summary_get_name (summary),
 *          genkit_trace_summary_get_trace_id (summary),
 *          genkit_trace_summary_get_end_time (summary) -
 *          genkit_trace_summary_get_start_time (summary));
 * g_object_unref (summary);
 * ```
 */
struct _GenkitTraceSummary
{
  GObject  parent_instance;

  char    *trace_id;
  char    *name;
  char    *type;
  double   start_time;
  double   end_time;
  int      status;
  guint    n_spans;
  gint64   seq;
  char    *runtime_id;
};

G_DEFINE_FINAL_TYPE (GenkitTraceSummary, genkit_trace_summary, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TRACE_ID,
  PROP_NAME,
  PROP_TRACE_TYPE,
  PROP_START_TIME,
  PROP_END_TIME,
  PROP_STATUS,
  PROP_N_SPANS,
  PROP_RUNNING,
  PROP_RUNTIME_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
genkit_trace_summary_finalize (GObject *object)
{
  GenkitTraceSummary *self = GENKIT_TRACE_SUMMARY (object);

  g_free (self->trace_id);
  g_free (self->name);
  g_free (self->type);
  g_free (self->runtime_id);

  G_OBJECT_CLASS (genkit_trace_summary_parent_class)->finalize (object);
}

static void
genkit_trace_summary_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GenkitTraceSummary *self = GENKIT_TRACE_SUMMARY (object);

  switch (prop_id)
    {
    case PROP_TRACE_ID:
      g_value_set_string (value, self->trace_id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_TRACE_TYPE:
      g_value_set_string (value, self->type);
      break;
    case PROP_START_TIME:
      g_value_set_double (value, self->start_time);
      break;
    case PROP_END_TIME:
      g_value_set_double (value, self->end_time);
      break;
    case PROP_STATUS:
      g_value_set_int (value, self->status);
      break;
    case PROP_N_SPANS:
      g_value_set_uint (value, self->n_spans);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, genkit_trace_summary_is_running (self));
      break;
    case PROP_RUNTIME_ID:
      g_value_set_string (value, self->runtime_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_trace_summary_class_init (GenkitTraceSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_trace_summary_finalize;
  object_class->get_property = genkit_trace_summary_get_property;

  /**
   * GenkitTraceSummary:trace-id:
   *
   * The trace id, normally 32 lowercase hex digits.
   */
  properties[PROP_TRACE_ID] =
    g_param_spec_string ("trace-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceSummary:name:
   *
   * The root span's `displayName` (the root action's name, such as `greet`), or %NULL when
   * it has none.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceSummary:trace-type:
   *
   * The index `type`: the root span's `genkit:metadata:subtype` (`flow`, `model`, `tool`,
   * …), else its `genkit:type`, else `UNKNOWN`.
   */
  properties[PROP_TRACE_TYPE] =
    g_param_spec_string ("trace-type", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceSummary:start-time:
   *
   * When the root span started, in milliseconds since the Unix epoch (fractional), or 0
   * when unknown.
   */
  properties[PROP_START_TIME] =
    g_param_spec_double ("start-time", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceSummary:end-time:
   *
   * When the root span ended, in milliseconds since the Unix epoch, or 0 while it runs.
   */
  properties[PROP_END_TIME] =
    g_param_spec_double ("end-time", NULL, NULL, -G_MAXDOUBLE, G_MAXDOUBLE, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceSummary:status:
   *
   * The root span's `status.code` (a [enum@Genkit.SpanStatus]: 0 for success, 2 for an
   * error), or -1 when the root has no status (Genkit's index says `UNKNOWN`).
   */
  properties[PROP_STATUS] =
    g_param_spec_int ("status", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceSummary:n-spans:
   *
   * How many spans of the trace are stored.
   */
  properties[PROP_N_SPANS] =
    g_param_spec_uint ("n-spans", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceSummary:running:
   *
   * Whether the root span has not ended yet ([property@Genkit.TraceSummary:end-time] is 0).
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceSummary:runtime-id:
   *
   * The id of the runtime that sent the trace (a [property@Genkit.Runtime:id]), or %NULL
   * when it is not known. Genkit's `TraceData` carries no runtime: the telemetry server
   * learns it from the URL a runtime posts to (`/runtimes/<id>/api/traces`), and the
   * built-in runtime's spans are stored with its id. Traces posted to the plain
   * `/api/traces` have none.
   */
  properties[PROP_RUNTIME_ID] =
    g_param_spec_string ("runtime-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_trace_summary_init (GenkitTraceSummary *self)
{
  self->status = -1;
}

GenkitTraceSummary *
_genkit_trace_summary_new (const SummaryRow *row)
{
  GenkitTraceSummary *self = g_object_new (GENKIT_TYPE_TRACE_SUMMARY, NULL);

  self->trace_id = g_strdup (row->trace_id);
  self->name = g_strdup (row->name);
  self->type = g_strdup (row->type);
  self->start_time = row->start_time;
  self->end_time = row->end_time;
  self->status = row->status;
  self->n_spans = row->n_spans;
  self->seq = row->seq;
  self->runtime_id = g_strdup (row->runtime_id);
  return self;
}

static double
trace_number (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE
      || (json_node_get_value_type (node) != G_TYPE_INT64
          && json_node_get_value_type (node) != G_TYPE_DOUBLE))
    return 0;
  return json_node_get_double (node);
}

/**
 * genkit_trace_summary_new_for_trace_data:
 * @trace_data: a Genkit `TraceData` object, e.g. one trace of a
 *   [method@Genkit.TraceStore.list_traces_async] page (which holds the root span only)
 *
 * Makes a summary of a trace outside the store's list model, the way the store's index
 * summarizes it: the name is `displayName` (else the root span's), the type the root's
 * `genkit:metadata:subtype` or `genkit:type` (else `UNKNOWN`), the status the root's
 * `status.code` (-1 without one), the span count how many spans @trace_data holds, the
 * runtime id the listing's `runtimeId` (ours; absent from Genkit's `TraceData`).
 *
 * Returns: (transfer full) (nullable): the summary, %NULL if @trace_data has no `traceId`
 */
GenkitTraceSummary *
genkit_trace_summary_new_for_trace_data (JsonNode *trace_data)
{
  GenkitTraceSummary *self;
  JsonObject *object, *spans = NULL, *root = NULL, *attributes = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *span;

  g_return_val_if_fail (trace_data != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (trace_data))
    return NULL;
  object = json_node_get_object (trace_data);
  if (json_object_get_string_member_with_default (object, "traceId", NULL) == NULL)
    return NULL;
  if (json_object_has_member (object, "spans") && JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "spans")))
    spans = json_object_get_object_member (object, "spans");

  self = g_object_new (GENKIT_TYPE_TRACE_SUMMARY, NULL);
  self->trace_id = g_strdup (json_object_get_string_member (object, "traceId"));
  self->status = -1;
  if (spans != NULL)
    {
      self->n_spans = json_object_get_size (spans);
      json_object_iter_init (&iter, spans);
      while (root == NULL && json_object_iter_next (&iter, &name, &span))
        if (JSON_NODE_HOLDS_OBJECT (span)
            && json_object_get_string_member_with_default (json_node_get_object (span), "parentSpanId", NULL) == NULL)
          root = json_node_get_object (span);
    }
  if (root != NULL && json_object_has_member (root, "attributes")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "attributes")))
    attributes = json_object_get_object_member (root, "attributes");
  self->name = g_strdup (json_object_get_string_member_with_default (object, "displayName",
                         root ? json_object_get_string_member_with_default (root, "displayName", NULL) : NULL));
  if (attributes != NULL)
    self->type = g_strdup (json_object_get_string_member_with_default (attributes, "genkit:metadata:subtype",
                           json_object_get_string_member_with_default (attributes, "genkit:type", NULL)));
  if (self->type == NULL)
    self->type = g_strdup ("UNKNOWN");
  self->start_time = trace_number (object, "startTime");
  self->end_time = trace_number (object, "endTime");
  self->runtime_id = g_strdup (json_object_get_string_member_with_default (object, "runtimeId", NULL));
  if (root != NULL && json_object_has_member (root, "status")
      && JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "status")))
    self->status = (int) trace_number (json_object_get_object_member (root, "status"), "code");
  return self;
}

static void
set_string (GenkitTraceSummary  *self,
            char               **field,
            const char          *value,
            int                  prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_genkit_trace_summary_update (GenkitTraceSummary *self,
                              const SummaryRow   *row)
{
  gboolean was_running = genkit_trace_summary_is_running (self);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->name, row->name, PROP_NAME);
  set_string (self, &self->type, row->type, PROP_TRACE_TYPE);
  set_string (self, &self->runtime_id, row->runtime_id, PROP_RUNTIME_ID);
  if (self->start_time != row->start_time)
    {
      self->start_time = row->start_time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_TIME]);
    }
  if (self->end_time != row->end_time)
    {
      self->end_time = row->end_time;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END_TIME]);
    }
  if (self->status != row->status)
    {
      self->status = row->status;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
    }
  if (self->n_spans != row->n_spans)
    {
      self->n_spans = row->n_spans;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SPANS]);
    }
  if (was_running != genkit_trace_summary_is_running (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  self->seq = row->seq;
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
_genkit_trace_summary_get_seq (GenkitTraceSummary *self)
{
  return self->seq;
}

/**
 * genkit_trace_summary_get_trace_id:
 * @self: a [class@Genkit.TraceSummary]
 *
 * Gets the trace id.
 *
 * Returns: (transfer none): the trace id
 */
const char *
genkit_trace_summary_get_trace_id (GenkitTraceSummary *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_SUMMARY (self), NULL);
  return self->trace_id;
}

/**
 * genkit_trace_summary_get_name:
 * @self: a [class@Genkit.TraceSummary]
 *
 * Gets the root span's display name.
 *
 * Returns: (transfer none) (nullable): the root span's display name
 */
const char *
genkit_trace_summary_get_name (GenkitTraceSummary *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_SUMMARY (self), NULL);
  return self->name;
}

/**
 * genkit_trace_summary_get_trace_type:
 * @self: a [class@Genkit.TraceSummary]
 *
 * Gets the index type of the trace, such as `flow` or `model`.
 *
 * Returns: (transfer none) (nullable): the index type
 */
const char *
genkit_trace_summary_get_trace_type (GenkitTraceSummary *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_SUMMARY (self), NULL);
  return self->type;
}

/**
 * genkit_trace_summary_get_start_time:
 * @self: a [class@Genkit.TraceSummary]
 *
 * Gets when the root span started, in milliseconds since the Unix epoch.
 *
 * Returns: the start time in milliseconds, 0 if unknown
 */
double
genkit_trace_summary_get_start_time (GenkitTraceSummary *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_SUMMARY (self), 0);
  return self->start_time;
}

/**
 * genkit_trace_summary_get_end_time:
 * @self: a [class@Genkit.TraceSummary]
 *
 * Gets when the root span ended, in milliseconds since the Unix epoch.
 *
 * Returns: the end time in milliseconds, 0 while the trace runs
 */
double
genkit_trace_summary_get_end_time (GenkitTraceSummary *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_SUMMARY (self), 0);
  return self->end_time;
}

/**
 * genkit_trace_summary_get_status:
 * @self: a [class@Genkit.TraceSummary]
 *
 * Gets the root span's status code.
 *
 * Returns: a [enum@Genkit.SpanStatus] value, or -1 when unknown
 */
int
genkit_trace_summary_get_status (GenkitTraceSummary *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_SUMMARY (self), -1);
  return self->status;
}

/**
 * genkit_trace_summary_get_n_spans:
 * @self: a [class@Genkit.TraceSummary]
 *
 * Gets how many spans of the trace are stored.
 *
 * Returns: the number of stored spans
 */
guint
genkit_trace_summary_get_n_spans (GenkitTraceSummary *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_SUMMARY (self), 0);
  return self->n_spans;
}

/**
 * genkit_trace_summary_is_running:
 * @self: a [class@Genkit.TraceSummary]
 *
 * Tells whether the root span has not ended yet.
 *
 * Returns: %TRUE while the trace runs
 */
gboolean
genkit_trace_summary_is_running (GenkitTraceSummary *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_SUMMARY (self), FALSE);
  return self->end_time == 0;
}

/**
 * genkit_trace_summary_get_runtime_id:
 * @self: a [class@Genkit.TraceSummary]
 *
 * Gets [property@Genkit.TraceSummary:runtime-id].
 *
 * Returns: (transfer none) (nullable): the id of the runtime that sent the trace, or %NULL
 *   when it is not known
 */
const char *
genkit_trace_summary_get_runtime_id (GenkitTraceSummary *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_SUMMARY (self), NULL);
  return self->runtime_id;
}
