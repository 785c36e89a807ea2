/* genkit-telemetry-exporter.c — sends spans to a Genkit telemetry server (`POST /api/traces`)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-span-exporter.h"
#include "genkit-telemetry-exporter.h"
#include "genkit-tracing-private.h"

/**
 * GenkitTelemetryExporter:
 *
 * Genkit's `TraceServerExporter` (`js/core/src/tracing/exporter.ts`): every span it is given
 * goes to `<server-url>/api/traces` as one `TraceData` (`Content-Type: application/json`,
 * `Accept: application/json`) holding just that span, with the trace's `displayName`,
 * `startTime` and `endTime` only when the span is the root (protocol §6.6). Requests are
 * asynchronous; [method@Genkit.SpanProcessor.flush_async] waits for every one in flight.
 *
 * As a [iface@Genkit.SpanProcessor] it exports spans when they end (Genkit's dev mode);
 * wrapped in a [class@Genkit.RealtimeSpanProcessor] (and not added to the tracer itself) it
 * also exports them when they start. [func@Genkit.tracing_setup_telemetry_export] does the
 * wiring from `GENKIT_TELEMETRY_SERVER` and `GENKIT_ENABLE_REALTIME_TELEMETRY`.
 *
 * Without a server URL spans are dropped, as Genkit does before it learns the URL. A failed
 * request is counted ([method@Genkit.TelemetryExporter.get_n_failed]) and never retried;
 * the first failure is logged with g_message().
 */
struct _GenkitTelemetryExporter
{
  GObject           parent_instance;

  char             *server_url;
  char             *traces_url;
  GenkitHttpSender *sender;
};

static void genkit_telemetry_exporter_span_processor_init (GenkitSpanProcessorInterface *iface);
static void genkit_telemetry_exporter_span_exporter_init  (GenkitSpanExporterInterface  *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitTelemetryExporter, genkit_telemetry_exporter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SPAN_PROCESSOR,
                                                      genkit_telemetry_exporter_span_processor_init)
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SPAN_EXPORTER,
                                                      genkit_telemetry_exporter_span_exporter_init))

enum {
  PROP_0,
  PROP_SERVER_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
genkit_telemetry_exporter_export_span (GenkitSpanExporter *exporter,
                                       JsonNode           *span_data)
{
  GenkitTelemetryExporter *self = GENKIT_TELEMETRY_EXPORTER (exporter);
  g_autoptr(GBytes) body = NULL;
  char *text;
  gsize length;

  if (self->traces_url == NULL)
    return;
  text = _genkit_trace_data_text_for_span (span_data, &length);
  body = g_bytes_new_take (text, length);
  _genkit_http_sender_post (self->sender, self->traces_url, NULL, body);
}

static void
genkit_telemetry_exporter_flush_async (GenkitTelemetryExporter *self,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_telemetry_exporter_flush_async);
  _genkit_http_sender_wait_async (self->sender, task);
}

static gboolean
genkit_telemetry_exporter_flush_finish (GenkitTelemetryExporter  *self,
                                        GAsyncResult             *result,
                                        GError                  **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_telemetry_exporter_on_end (GenkitSpanProcessor *processor,
                                  GenkitSpan          *span)
{
  g_autoptr(JsonNode) span_data = genkit_span_to_json (span);

  genkit_span_exporter_export_span (GENKIT_SPAN_EXPORTER (processor), span_data);
}

static void
exporter_flush_async (GenkitSpanExporter  *exporter,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  genkit_telemetry_exporter_flush_async (GENKIT_TELEMETRY_EXPORTER (exporter), cancellable,
                                         callback, user_data);
}

static gboolean
exporter_flush_finish (GenkitSpanExporter  *exporter,
                       GAsyncResult        *result,
                       GError             **error)
{
  return genkit_telemetry_exporter_flush_finish (GENKIT_TELEMETRY_EXPORTER (exporter), result, error);
}

static void
processor_flush_async (GenkitSpanProcessor *processor,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  genkit_telemetry_exporter_flush_async (GENKIT_TELEMETRY_EXPORTER (processor), cancellable,
                                         callback, user_data);
}

static gboolean
processor_flush_finish (GenkitSpanProcessor  *processor,
                        GAsyncResult         *result,
                        GError              **error)
{
  return genkit_telemetry_exporter_flush_finish (GENKIT_TELEMETRY_EXPORTER (processor), result, error);
}

static void
genkit_telemetry_exporter_span_processor_init (GenkitSpanProcessorInterface *iface)
{
  iface->on_end = genkit_telemetry_exporter_on_end;
  iface->flush_async = processor_flush_async;
  iface->flush_finish = processor_flush_finish;
}

static void
genkit_telemetry_exporter_span_exporter_init (GenkitSpanExporterInterface *iface)
{
  iface->export_span = genkit_telemetry_exporter_export_span;
  iface->flush_async = exporter_flush_async;
  iface->flush_finish = exporter_flush_finish;
}

static void
genkit_telemetry_exporter_finalize (GObject *object)
{
  GenkitTelemetryExporter *self = GENKIT_TELEMETRY_EXPORTER (object);

  g_free (self->server_url);
  g_free (self->traces_url);
  _genkit_http_sender_free (self->sender);

  G_OBJECT_CLASS (genkit_telemetry_exporter_parent_class)->finalize (object);
}

static void
genkit_telemetry_exporter_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GenkitTelemetryExporter *self = GENKIT_TELEMETRY_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_telemetry_exporter_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  GenkitTelemetryExporter *self = GENKIT_TELEMETRY_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      genkit_telemetry_exporter_set_server_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_telemetry_exporter_class_init (GenkitTelemetryExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_telemetry_exporter_finalize;
  object_class->get_property = genkit_telemetry_exporter_get_property;
  object_class->set_property = genkit_telemetry_exporter_set_property;

  /**
   * GenkitTelemetryExporter:server-url:
   *
   * The telemetry server's base URL, such as `http://127.0.0.1:4033` (a trailing `/` is
   * ignored); spans go to `<server-url>/api/traces`. %NULL drops spans.
   */
  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_telemetry_exporter_init (GenkitTelemetryExporter *self)
{
  self->sender = _genkit_http_sender_new ("Genkit telemetry server", FALSE);
  _genkit_tracing_register (G_OBJECT (self));
}

/**
 * genkit_telemetry_exporter_new:
 * @server_url: (nullable): the telemetry server's base URL, such as `http://127.0.0.1:4033`
 *
 * Creates an exporter to a Genkit telemetry server.
 *
 * Returns: (transfer full): a new exporter
 */
GenkitTelemetryExporter *
genkit_telemetry_exporter_new (const char *server_url)
{
  return g_object_new (GENKIT_TYPE_TELEMETRY_EXPORTER, "server-url", server_url, NULL);
}

/**
 * genkit_telemetry_exporter_get_server_url:
 * @self: a [class@Genkit.TelemetryExporter]
 *
 * Gets [property@Genkit.TelemetryExporter:server-url].
 *
 * Returns: (transfer none) (nullable): the server's base URL
 */
const char *
genkit_telemetry_exporter_get_server_url (GenkitTelemetryExporter *self)
{
  g_return_val_if_fail (GENKIT_IS_TELEMETRY_EXPORTER (self), NULL);
  return self->server_url;
}

/**
 * genkit_telemetry_exporter_set_server_url:
 * @self: a [class@Genkit.TelemetryExporter]
 * @server_url: (nullable): the telemetry server's base URL, or %NULL to drop spans
 *
 * Sets where spans go from now on.
 */
void
genkit_telemetry_exporter_set_server_url (GenkitTelemetryExporter *self,
                                          const char              *server_url)
{
  g_return_if_fail (GENKIT_IS_TELEMETRY_EXPORTER (self));

  if (g_strcmp0 (self->server_url, server_url) == 0)
    return;
  g_free (self->server_url);
  g_free (self->traces_url);
  self->server_url = g_strdup (server_url);
  self->traces_url = NULL;
  if (server_url != NULL && server_url[0] != '\0')
    {
      gsize length = strlen (server_url);

      while (length > 0 && server_url[length - 1] == '/')
        length--;
      self->traces_url = g_strdup_printf ("%.*s/api/traces", (int) length, server_url);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVER_URL]);
}

/**
 * genkit_telemetry_exporter_get_n_sent:
 * @self: a [class@Genkit.TelemetryExporter]
 *
 * Gets how many payloads the server accepted (a 2xx answer).
 *
 * Returns: the number of payloads delivered
 */
guint
genkit_telemetry_exporter_get_n_sent (GenkitTelemetryExporter *self)
{
  g_return_val_if_fail (GENKIT_IS_TELEMETRY_EXPORTER (self), 0);
  return _genkit_http_sender_get_n_sent (self->sender);
}

/**
 * genkit_telemetry_exporter_get_n_failed:
 * @self: a [class@Genkit.TelemetryExporter]
 *
 * Gets how many payloads could not be delivered (connection failure or non-2xx answer).
 *
 * Returns: the number of failed payloads
 */
guint
genkit_telemetry_exporter_get_n_failed (GenkitTelemetryExporter *self)
{
  g_return_val_if_fail (GENKIT_IS_TELEMETRY_EXPORTER (self), 0);
  return _genkit_http_sender_get_n_failed (self->sender);
}
