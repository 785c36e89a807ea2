/* genkit-store-span-processor.c — records the tracer's spans in a trace store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-store-span-processor.h"
#include "genkit-tracing-private.h"

/**
 * GenkitStoreSpanProcessor:
 *
 * Writes the spans of the built-in runtime straight into a [class@Genkit.TraceStore], without
 * a round trip through HTTP: each span as it ends, and — while
 * [property@Genkit.StoreSpanProcessor:realtime] is set, the default — also as it starts, so
 * the store's list and span signals show a run while it goes on. Each span is stored as a
 * `TraceData` holding that span alone, exactly what a Genkit runtime would send to a
 * telemetry server, so the store merges it the same way.
 *
 * Writes are queued (they never block the tracer); flushing the processor waits until they
 * are committed.
 */
struct _GenkitStoreSpanProcessor
{
  GObject           parent_instance;

  GenkitTraceStore *store;
  char             *runtime_id;
  gboolean          realtime;
};

static void genkit_store_span_processor_span_processor_init (GenkitSpanProcessorInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitStoreSpanProcessor, genkit_store_span_processor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SPAN_PROCESSOR,
                                                      genkit_store_span_processor_span_processor_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_REALTIME,
  PROP_RUNTIME_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
store_span (GenkitStoreSpanProcessor *self,
            GenkitSpan               *span)
{
  g_autoptr(JsonNode) span_data = genkit_span_to_json (span);
  g_autoptr(JsonNode) trace_data = _genkit_trace_data_for_span (span_data);
  g_autoptr(GError) error = NULL;

  /* Spans made by the engine are always valid TraceData; a failure here is a bug. */
  if (trace_data == NULL || !genkit_trace_store_add_for_runtime (self->store, trace_data, self->runtime_id, &error))
    g_critical ("Cannot store span %s: %s", genkit_span_get_span_id (span),
                error ? error->message : "not serializable");
}

static void
genkit_store_span_processor_on_start (GenkitSpanProcessor *processor,
                                      GenkitSpan          *span)
{
  GenkitStoreSpanProcessor *self = GENKIT_STORE_SPAN_PROCESSOR (processor);

  if (self->realtime)
    store_span (self, span);
}

static void
genkit_store_span_processor_on_end (GenkitSpanProcessor *processor,
                                    GenkitSpan          *span)
{
  store_span (GENKIT_STORE_SPAN_PROCESSOR (processor), span);
}

static void
store_flushed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!genkit_trace_store_flush_finish (GENKIT_TRACE_STORE (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
genkit_store_span_processor_flush_async (GenkitSpanProcessor *processor,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GenkitStoreSpanProcessor *self = GENKIT_STORE_SPAN_PROCESSOR (processor);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_store_span_processor_flush_async);
  genkit_trace_store_flush_async (self->store, cancellable, store_flushed_cb, task);
}

static gboolean
genkit_store_span_processor_flush_finish (GenkitSpanProcessor  *processor,
                                          GAsyncResult         *result,
                                          GError              **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_store_span_processor_span_processor_init (GenkitSpanProcessorInterface *iface)
{
  iface->on_start = genkit_store_span_processor_on_start;
  iface->on_end = genkit_store_span_processor_on_end;
  iface->flush_async = genkit_store_span_processor_flush_async;
  iface->flush_finish = genkit_store_span_processor_flush_finish;
}

static void
genkit_store_span_processor_dispose (GObject *object)
{
  GenkitStoreSpanProcessor *self = GENKIT_STORE_SPAN_PROCESSOR (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (genkit_store_span_processor_parent_class)->dispose (object);
}

static void
genkit_store_span_processor_finalize (GObject *object)
{
  GenkitStoreSpanProcessor *self = GENKIT_STORE_SPAN_PROCESSOR (object);

  g_free (self->runtime_id);

  G_OBJECT_CLASS (genkit_store_span_processor_parent_class)->finalize (object);
}

static void
genkit_store_span_processor_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  GenkitStoreSpanProcessor *self = GENKIT_STORE_SPAN_PROCESSOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_REALTIME:
      g_value_set_boolean (value, self->realtime);
      break;
    case PROP_RUNTIME_ID:
      g_value_set_string (value, self->runtime_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_store_span_processor_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  GenkitStoreSpanProcessor *self = GENKIT_STORE_SPAN_PROCESSOR (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_REALTIME:
      genkit_store_span_processor_set_realtime (self, g_value_get_boolean (value));
      break;
    case PROP_RUNTIME_ID:
      self->runtime_id = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_store_span_processor_class_init (GenkitStoreSpanProcessorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_store_span_processor_dispose;
  object_class->finalize = genkit_store_span_processor_finalize;
  object_class->get_property = genkit_store_span_processor_get_property;
  object_class->set_property = genkit_store_span_processor_set_property;

  /**
   * GenkitStoreSpanProcessor:store:
   *
   * The store spans go to.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GENKIT_TYPE_TRACE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitStoreSpanProcessor:realtime:
   *
   * Whether spans are also stored when they start (with `endTime` 0 and their start
   * attributes), so live views see running spans.
   */
  properties[PROP_REALTIME] =
    g_param_spec_boolean ("realtime", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS);

  /**
   * GenkitStoreSpanProcessor:runtime-id:
   *
   * The id of the runtime whose spans these are, recorded with each trace
   * ([property@Genkit.TraceSummary:runtime-id]), or %NULL for none.
   */
  properties[PROP_RUNTIME_ID] =
    g_param_spec_string ("runtime-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_store_span_processor_init (GenkitStoreSpanProcessor *self)
{
  self->realtime = TRUE;
  _genkit_tracing_register (G_OBJECT (self));
}

/**
 * genkit_store_span_processor_new:
 * @store: the trace store to write to
 *
 * Creates a processor that records spans in @store; add it with
 * [method@Genkit.Tracer.add_processor].
 *
 * Returns: (transfer full): a new processor
 */
GenkitStoreSpanProcessor *
genkit_store_span_processor_new (GenkitTraceStore *store)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (store), NULL);

  return g_object_new (GENKIT_TYPE_STORE_SPAN_PROCESSOR, "store", store, NULL);
}

/**
 * genkit_store_span_processor_new_for_runtime:
 * @store: the trace store to write to
 * @runtime_id: (nullable): the id of the runtime whose spans these are
 *
 * Creates a processor that records spans in @store as sent by the runtime @runtime_id (see
 * [property@Genkit.StoreSpanProcessor:runtime-id]).
 *
 * Returns: (transfer full): a new processor
 */
GenkitStoreSpanProcessor *
genkit_store_span_processor_new_for_runtime (GenkitTraceStore *store,
                                             const char       *runtime_id)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (store), NULL);

  return g_object_new (GENKIT_TYPE_STORE_SPAN_PROCESSOR, "store", store, "runtime-id", runtime_id,
                       NULL);
}

/**
 * genkit_store_span_processor_get_runtime_id:
 * @self: a [class@Genkit.StoreSpanProcessor]
 *
 * Gets [property@Genkit.StoreSpanProcessor:runtime-id].
 *
 * Returns: (transfer none) (nullable): the runtime id recorded with the traces
 */
const char *
genkit_store_span_processor_get_runtime_id (GenkitStoreSpanProcessor *self)
{
  g_return_val_if_fail (GENKIT_IS_STORE_SPAN_PROCESSOR (self), NULL);
  return self->runtime_id;
}

/**
 * genkit_store_span_processor_get_store:
 * @self: a [class@Genkit.StoreSpanProcessor]
 *
 * Gets the store spans go to.
 *
 * Returns: (transfer none): the store
 */
GenkitTraceStore *
genkit_store_span_processor_get_store (GenkitStoreSpanProcessor *self)
{
  g_return_val_if_fail (GENKIT_IS_STORE_SPAN_PROCESSOR (self), NULL);
  return self->store;
}

/**
 * genkit_store_span_processor_get_realtime:
 * @self: a [class@Genkit.StoreSpanProcessor]
 *
 * Gets [property@Genkit.StoreSpanProcessor:realtime].
 *
 * Returns: whether running spans are stored too
 */
gboolean
genkit_store_span_processor_get_realtime (GenkitStoreSpanProcessor *self)
{
  g_return_val_if_fail (GENKIT_IS_STORE_SPAN_PROCESSOR (self), FALSE);
  return self->realtime;
}

/**
 * genkit_store_span_processor_set_realtime:
 * @self: a [class@Genkit.StoreSpanProcessor]
 * @realtime: whether to store spans when they start as well
 *
 * Sets [property@Genkit.StoreSpanProcessor:realtime].
 */
void
genkit_store_span_processor_set_realtime (GenkitStoreSpanProcessor *self,
                                          gboolean                  realtime)
{
  g_return_if_fail (GENKIT_IS_STORE_SPAN_PROCESSOR (self));

  realtime = !!realtime;
  if (self->realtime == realtime)
    return;
  self->realtime = realtime;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REALTIME]);
}
