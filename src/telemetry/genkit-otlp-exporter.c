/* genkit-otlp-exporter.c — sends spans to an OpenTelemetry backend over OTLP/HTTP with JSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-otlp-exporter.h"
#include "genkit-span-exporter.h"
#include "genkit-telemetry-json-private.h"
#include "genkit-trace-data-private.h"
#include "genkit-tracing-private.h"

/* OpenTelemetry's BatchSpanProcessor defaults: at most 512 spans a request. */
#define MAX_BATCH_SPANS 512
#define DEFAULT_BATCH_DELAY_MS 1000

/**
 * GenkitOtlpExporter:
 *
 * Sends ended spans to any OpenTelemetry backend that takes OTLP/HTTP with JSON bodies
 * (`POST <endpoint>`, `Content-Type: application/json`, an `ExportTraceServiceRequest` with
 * hex ids and nanosecond times as strings), with extra headers for authentication. Spans are
 * batched like OpenTelemetry's `BatchSpanProcessor`: sent when 512 are queued or
 * [property@Genkit.OtlpExporter:batch-delay] milliseconds after the first one, and at once on
 * flush. Genkit's attributes go as OTLP attributes (`genkit:input`, `genkit:output` … as
 * strings), failed spans keep their status and `exception` events, the resource carries
 * `service.name`.
 *
 * [ctor@Genkit.OtlpExporter.new_for_preset] knows the endpoints and headers of common
 * backends ([enum@Genkit.OtlpPreset]); [ctor@Genkit.OtlpExporter.new_from_environment] reads
 * the standard `OTEL_EXPORTER_OTLP_*` variables.
 *
 * Add it to a tracer as a span processor. Do not put it behind a
 * [class@Genkit.RealtimeSpanProcessor]: OTLP backends do not merge a span's start and end.
 */
struct _GenkitOtlpExporter
{
  GObject             parent_instance;

  char               *endpoint;
  char               *service_name;
  SoupMessageHeaders *headers;
  GPtrArray          *queue;          /* JsonNode SpanData */
  GenkitHttpSender   *sender;
  guint               batch_delay;
  guint               timeout_id;
};

static void genkit_otlp_exporter_span_processor_init (GenkitSpanProcessorInterface *iface);
static void genkit_otlp_exporter_span_exporter_init  (GenkitSpanExporterInterface  *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitOtlpExporter, genkit_otlp_exporter, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SPAN_PROCESSOR,
                                                      genkit_otlp_exporter_span_processor_init)
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SPAN_EXPORTER,
                                                      genkit_otlp_exporter_span_exporter_init))

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_SERVICE_NAME,
  PROP_BATCH_DELAY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
library_member (JsonObject *span,
                const char *key)
{
  JsonNode *library = json_object_get_member (span, "instrumentationLibrary");
  JsonNode *value;

  if (library == NULL || !JSON_NODE_HOLDS_OBJECT (library))
    return NULL;
  value = json_object_get_member (json_node_get_object (library), key);
  if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (value);
}

/* One ExportTraceServiceRequest for the queued spans, grouped by instrumentation scope. */
static GBytes *
build_request (GenkitOtlpExporter *self,
               GPtrArray          *spans)
{
  GString *out = g_string_sized_new (2048 * spans->len);
  g_autoptr(GPtrArray) scopes = g_ptr_array_new_with_free_func (g_free);
  gboolean first_scope = TRUE;

  /* Distinct "name\nversion" keys in order of appearance. */
  for (guint i = 0; i < spans->len; i++)
    {
      JsonObject *span = json_node_get_object (g_ptr_array_index (spans, i));
      g_autofree char *key = g_strdup_printf ("%s\n%s", library_member (span, "name") ?: "",
                                              library_member (span, "version") ?: "");
      gboolean seen = FALSE;

      for (guint j = 0; j < scopes->len && !seen; j++)
        seen = g_str_equal (g_ptr_array_index (scopes, j), key);
      if (!seen)
        g_ptr_array_add (scopes, g_steal_pointer (&key));
    }

  g_string_append (out, "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                        "\"value\":{\"stringValue\":");
  _genkit_json_write_string (out, self->service_name, -1);
  g_string_append (out, "}}]},\"scopeSpans\":[");

  for (guint j = 0; j < scopes->len; j++)
    {
      const char *key = g_ptr_array_index (scopes, j);
      const char *newline = strchr (key, '\n');
      gboolean first_span = TRUE;

      if (!first_scope)
        g_string_append_c (out, ',');
      first_scope = FALSE;
      g_string_append (out, "{\"scope\":{\"name\":");
      _genkit_json_write_string (out, key, newline - key);
      g_string_append (out, ",\"version\":");
      _genkit_json_write_string (out, newline + 1, -1);
      g_string_append (out, "},\"spans\":[");
      for (guint i = 0; i < spans->len; i++)
        {
          JsonObject *span = json_node_get_object (g_ptr_array_index (spans, i));
          g_autofree char *span_key = g_strdup_printf ("%s\n%s", library_member (span, "name") ?: "",
                                                       library_member (span, "version") ?: "");

          if (!g_str_equal (span_key, key))
            continue;
          if (!first_span)
            g_string_append_c (out, ',');
          first_span = FALSE;
          _genkit_otlp_write_span (out, span);
        }
      g_string_append (out, "]}");
    }
  g_string_append (out, "]}]}");
  {
    gsize length = out->len;

    return g_bytes_new_take (g_string_free (out, FALSE), length);
  }
}

static void
send_queue (GenkitOtlpExporter *self)
{
  g_autoptr(GPtrArray) spans = NULL;
  g_autoptr(GBytes) body = NULL;

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->queue->len == 0)
    return;
  spans = g_steal_pointer (&self->queue);
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (self->endpoint == NULL)
    return;
  body = build_request (self, spans);
  _genkit_http_sender_post (self->sender, self->endpoint, self->headers, body);
}

static gboolean
batch_timeout_cb (gpointer data)
{
  GenkitOtlpExporter *self = data;

  self->timeout_id = 0;
  send_queue (self);
  return G_SOURCE_REMOVE;
}

static void
genkit_otlp_exporter_export_span (GenkitSpanExporter *exporter,
                                  JsonNode           *span_data)
{
  GenkitOtlpExporter *self = GENKIT_OTLP_EXPORTER (exporter);

  g_ptr_array_add (self->queue, json_node_ref (span_data));
  if (self->queue->len >= MAX_BATCH_SPANS)
    send_queue (self);
  else if (self->timeout_id == 0)
    self->timeout_id = g_timeout_add (self->batch_delay, batch_timeout_cb, self);
}

static void
genkit_otlp_exporter_on_end (GenkitSpanProcessor *processor,
                             GenkitSpan          *span)
{
  g_autoptr(JsonNode) span_data = genkit_span_to_json (span);

  genkit_span_exporter_export_span (GENKIT_SPAN_EXPORTER (processor), span_data);
}

static void
flush_async (GObject             *self,
             GCancellable        *cancellable,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  GenkitOtlpExporter *exporter = GENKIT_OTLP_EXPORTER (self);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, flush_async);
  send_queue (exporter);
  _genkit_http_sender_wait_async (exporter->sender, task);
}

static void
processor_flush_async (GenkitSpanProcessor *processor,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  flush_async (G_OBJECT (processor), cancellable, callback, user_data);
}

static gboolean
processor_flush_finish (GenkitSpanProcessor  *processor,
                        GAsyncResult         *result,
                        GError              **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
exporter_flush_async (GenkitSpanExporter  *exporter,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  flush_async (G_OBJECT (exporter), cancellable, callback, user_data);
}

static gboolean
exporter_flush_finish (GenkitSpanExporter  *exporter,
                       GAsyncResult        *result,
                       GError             **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_otlp_exporter_span_processor_init (GenkitSpanProcessorInterface *iface)
{
  iface->on_end = genkit_otlp_exporter_on_end;
  iface->flush_async = processor_flush_async;
  iface->flush_finish = processor_flush_finish;
}

static void
genkit_otlp_exporter_span_exporter_init (GenkitSpanExporterInterface *iface)
{
  iface->export_span = genkit_otlp_exporter_export_span;
  iface->flush_async = exporter_flush_async;
  iface->flush_finish = exporter_flush_finish;
}

static void
genkit_otlp_exporter_dispose (GObject *object)
{
  GenkitOtlpExporter *self = GENKIT_OTLP_EXPORTER (object);

  /* Queued spans still go out; the sender outlives us while requests are in flight. */
  send_queue (self);

  G_OBJECT_CLASS (genkit_otlp_exporter_parent_class)->dispose (object);
}

static void
genkit_otlp_exporter_finalize (GObject *object)
{
  GenkitOtlpExporter *self = GENKIT_OTLP_EXPORTER (object);

  g_free (self->endpoint);
  g_free (self->service_name);
  soup_message_headers_unref (self->headers);
  g_ptr_array_unref (self->queue);
  _genkit_http_sender_free (self->sender);

  G_OBJECT_CLASS (genkit_otlp_exporter_parent_class)->finalize (object);
}

static void
genkit_otlp_exporter_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GenkitOtlpExporter *self = GENKIT_OTLP_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, self->endpoint);
      break;
    case PROP_SERVICE_NAME:
      g_value_set_string (value, self->service_name);
      break;
    case PROP_BATCH_DELAY:
      g_value_set_uint (value, self->batch_delay);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_otlp_exporter_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  GenkitOtlpExporter *self = GENKIT_OTLP_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      genkit_otlp_exporter_set_endpoint (self, g_value_get_string (value));
      break;
    case PROP_SERVICE_NAME:
      genkit_otlp_exporter_set_service_name (self, g_value_get_string (value));
      break;
    case PROP_BATCH_DELAY:
      genkit_otlp_exporter_set_batch_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_otlp_exporter_class_init (GenkitOtlpExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_otlp_exporter_dispose;
  object_class->finalize = genkit_otlp_exporter_finalize;
  object_class->get_property = genkit_otlp_exporter_get_property;
  object_class->set_property = genkit_otlp_exporter_set_property;

  /**
   * GenkitOtlpExporter:endpoint:
   *
   * The full URL requests go to, such as `http://localhost:4318/v1/traces`; %NULL drops spans.
   */
  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitOtlpExporter:service-name:
   *
   * The `service.name` resource attribute; defaults to `OTEL_SERVICE_NAME`, else the
   * program name.
   */
  properties[PROP_SERVICE_NAME] =
    g_param_spec_string ("service-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitOtlpExporter:batch-delay:
   *
   * How long, in milliseconds, the first queued span waits for others before a request is
   * sent.
   */
  properties[PROP_BATCH_DELAY] =
    g_param_spec_uint ("batch-delay", NULL, NULL, 0, G_MAXUINT, DEFAULT_BATCH_DELAY_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_otlp_exporter_init (GenkitOtlpExporter *self)
{
  const char *service = g_getenv ("OTEL_SERVICE_NAME");

  self->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  self->queue = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->sender = _genkit_http_sender_new ("OTLP endpoint", TRUE);
  self->batch_delay = DEFAULT_BATCH_DELAY_MS;
  self->service_name = g_strdup ((service && service[0]) ? service
                                 : g_get_prgname () ? g_get_prgname () : "genkit");
  _genkit_tracing_register (G_OBJECT (self));
}

/**
 * genkit_otlp_exporter_new:
 * @endpoint: (nullable): the OTLP/HTTP traces URL, such as `http://localhost:4318/v1/traces`
 *
 * Creates an OTLP/HTTP JSON exporter; add headers with
 * [method@Genkit.OtlpExporter.set_header].
 *
 * Returns: (transfer full): a new exporter
 */
GenkitOtlpExporter *
genkit_otlp_exporter_new (const char *endpoint)
{
  return g_object_new (GENKIT_TYPE_OTLP_EXPORTER, "endpoint", endpoint, NULL);
}

static char *
traces_url (const char *base)
{
  gsize length = strlen (base);

  while (length > 0 && base[length - 1] == '/')
    length--;
  return g_strdup_printf ("%.*s/v1/traces", (int) length, base);
}

static gboolean
require (const char  *value,
         const char  *what,
         const char  *preset,
         GError     **error)
{
  if (value != NULL && value[0] != '\0')
    return TRUE;
  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
               "The %s preset needs %s", preset, what);
  return FALSE;
}

/* https://PUBLIC_KEY@HOST[:PORT]/[PREFIX/]PROJECT_ID → endpoint and auth header. */
static gboolean
sentry_from_dsn (const char  *dsn,
                 char       **endpoint,
                 char       **auth,
                 GError     **error)
{
  g_autoptr(GUri) uri = g_uri_parse (dsn, G_URI_FLAGS_NONE, NULL);
  g_autofree char *prefix = NULL;
  const char *path;
  const char *slash;
  const char *user;

  if (uri == NULL || g_uri_get_host (uri) == NULL || (user = g_uri_get_user (uri)) == NULL ||
      user[0] == '\0')
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "The Sentry preset needs a DSN such as https://KEY@HOST/PROJECT_ID");
      return FALSE;
    }
  path = g_uri_get_path (uri);
  slash = strrchr (path, '/');
  if (slash == NULL || slash[1] == '\0')
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "The Sentry DSN has no project id");
      return FALSE;
    }
  prefix = g_strndup (path, slash - path);
  if (g_uri_get_port (uri) > 0)
    *endpoint = g_strdup_printf ("%s://%s:%d%s/api/%s/integration/otlp/v1/traces",
                                 g_uri_get_scheme (uri), g_uri_get_host (uri), g_uri_get_port (uri),
                                 prefix, slash + 1);
  else
    *endpoint = g_strdup_printf ("%s://%s%s/api/%s/integration/otlp/v1/traces",
                                 g_uri_get_scheme (uri), g_uri_get_host (uri), prefix, slash + 1);
  *auth = g_strdup_printf ("sentry sentry_key=%s", user);
  return TRUE;
}

/**
 * genkit_otlp_exporter_new_for_preset:
 * @preset: the backend
 * @credential: (nullable): the backend's secret: an API key, a token, `INSTANCE_ID:TOKEN`
 *   (Grafana) or a DSN (Sentry); see [enum@Genkit.OtlpPreset]
 * @option: (nullable): the preset's second value (dataset, endpoint base URL); see
 *   [enum@Genkit.OtlpPreset]
 * @error: return location for an error
 *
 * Creates an exporter with the endpoint and headers a backend expects.
 *
 * Errors: %GENKIT_ERROR_INVALID_ARGUMENT when a required value is missing or malformed.
 *
 * Returns: (transfer full) (nullable): a new exporter, or %NULL with @error set
 */
GenkitOtlpExporter *
genkit_otlp_exporter_new_for_preset (GenkitOtlpPreset   preset,
                                     const char        *credential,
                                     const char        *option,
                                     GError           **error)
{
  g_autoptr(GenkitOtlpExporter) self = NULL;
  g_autofree char *endpoint = NULL;

  switch (preset)
    {
    case GENKIT_OTLP_PRESET_OTEL_COLLECTOR:
    case GENKIT_OTLP_PRESET_DATADOG:
      endpoint = traces_url ((option && option[0]) ? option : "http://localhost:4318");
      self = genkit_otlp_exporter_new (endpoint);
      break;

    case GENKIT_OTLP_PRESET_HONEYCOMB:
      if (!require (credential, "an ingest API key", "Honeycomb", error))
        return NULL;
      self = genkit_otlp_exporter_new ("https://api.honeycomb.io/v1/traces");
      genkit_otlp_exporter_set_header (self, "x-honeycomb-team", credential);
      if (option != NULL && option[0] != '\0')
        genkit_otlp_exporter_set_header (self, "x-honeycomb-dataset", option);
      break;

    case GENKIT_OTLP_PRESET_GRAFANA:
      {
        g_autofree char *basic = NULL;
        g_autofree char *header = NULL;

        if (!require (option, "the stack's OTLP endpoint", "Grafana", error) ||
            !require (credential, "INSTANCE_ID:TOKEN", "Grafana", error))
          return NULL;
        if (strchr (credential, ':') == NULL)
          {
            g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                 "The Grafana preset needs INSTANCE_ID:TOKEN");
            return NULL;
          }
        endpoint = traces_url (option);
        self = genkit_otlp_exporter_new (endpoint);
        basic = g_base64_encode ((const guchar *) credential, strlen (credential));
        header = g_strdup_printf ("Basic %s", basic);
        genkit_otlp_exporter_set_header (self, "Authorization", header);
      }
      break;

    case GENKIT_OTLP_PRESET_AXIOM:
      {
        g_autofree char *bearer = NULL;

        if (!require (credential, "an API token", "Axiom", error) ||
            !require (option, "a dataset name", "Axiom", error))
          return NULL;
        self = genkit_otlp_exporter_new ("https://api.axiom.co/v1/traces");
        bearer = g_strdup_printf ("Bearer %s", credential);
        genkit_otlp_exporter_set_header (self, "Authorization", bearer);
        genkit_otlp_exporter_set_header (self, "X-Axiom-Dataset", option);
      }
      break;

    case GENKIT_OTLP_PRESET_SENTRY:
      {
        g_autofree char *auth = NULL;

        if (!require (credential, "a DSN", "Sentry", error) ||
            !sentry_from_dsn (credential, &endpoint, &auth, error))
          return NULL;
        self = genkit_otlp_exporter_new (endpoint);
        genkit_otlp_exporter_set_header (self, "x-sentry-auth", auth);
      }
      break;

    default:
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Unknown OTLP preset %d", preset);
      return NULL;
    }
  return g_steal_pointer (&self);
}

/* `OTEL_EXPORTER_OTLP_HEADERS`: `key=value` pairs separated by commas, values
 * percent-encoded. */
static gboolean
add_headers_from (GenkitOtlpExporter  *self,
                  const char          *variable,
                  GError             **error)
{
  const char *value = g_getenv (variable);
  g_auto(GStrv) pairs = NULL;

  if (value == NULL || value[0] == '\0')
    return TRUE;
  pairs = g_strsplit (value, ",", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq;
      g_autofree char *name = NULL;
      g_autofree char *decoded = NULL;

      if (g_strstrip (pairs[i])[0] == '\0')
        continue;
      eq = strchr (pairs[i], '=');
      if (eq == NULL)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "%s: %s is not key=value", variable, pairs[i]);
          return FALSE;
        }
      name = g_strstrip (g_strndup (pairs[i], eq - pairs[i]));
      decoded = g_uri_unescape_string (g_strstrip (eq + 1), NULL);
      if (decoded == NULL || name[0] == '\0' || strpbrk (name, " \t\r\n:") != NULL)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "%s: cannot read %s", variable, pairs[i]);
          return FALSE;
        }
      genkit_otlp_exporter_set_header (self, name, decoded);
    }
  return TRUE;
}

/**
 * genkit_otlp_exporter_new_from_environment:
 * @error: return location for an error
 *
 * Creates an exporter from OpenTelemetry's standard variables:
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (the full URL), else `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (a base URL to which `/v1/traces` is added); `OTEL_EXPORTER_OTLP_HEADERS` and
 * `OTEL_EXPORTER_OTLP_TRACES_HEADERS` (`key=value,…`); `OTEL_SERVICE_NAME`.
 *
 * Errors: %GENKIT_ERROR_INVALID_ARGUMENT for malformed headers, or when
 * `OTEL_EXPORTER_OTLP_[TRACES_]PROTOCOL` asks for something other than `http/json`.
 *
 * Returns: (transfer full) (nullable): a new exporter, or %NULL when no endpoint is set (then
 *   @error is not set) or on error
 */
GenkitOtlpExporter *
genkit_otlp_exporter_new_from_environment (GError **error)
{
  g_autoptr(GenkitOtlpExporter) self = NULL;
  const char *traces = g_getenv ("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  const char *base = g_getenv ("OTEL_EXPORTER_OTLP_ENDPOINT");
  const char *protocol = g_getenv ("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL");

  if (protocol == NULL || protocol[0] == '\0')
    protocol = g_getenv ("OTEL_EXPORTER_OTLP_PROTOCOL");
  if (protocol != NULL && protocol[0] != '\0' && !g_str_equal (protocol, "http/json"))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "OTLP protocol %s is not supported: this exporter speaks http/json", protocol);
      return NULL;
    }

  if (traces != NULL && traces[0] != '\0')
    self = genkit_otlp_exporter_new (traces);
  else if (base != NULL && base[0] != '\0')
    {
      g_autofree char *url = traces_url (base);

      self = genkit_otlp_exporter_new (url);
    }
  else
    return NULL;

  if (!add_headers_from (self, "OTEL_EXPORTER_OTLP_HEADERS", error) ||
      !add_headers_from (self, "OTEL_EXPORTER_OTLP_TRACES_HEADERS", error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * genkit_otlp_exporter_get_endpoint:
 * @self: a [class@Genkit.OtlpExporter]
 *
 * Gets [property@Genkit.OtlpExporter:endpoint].
 *
 * Returns: (transfer none) (nullable): the traces URL
 */
const char *
genkit_otlp_exporter_get_endpoint (GenkitOtlpExporter *self)
{
  g_return_val_if_fail (GENKIT_IS_OTLP_EXPORTER (self), NULL);
  return self->endpoint;
}

/**
 * genkit_otlp_exporter_set_endpoint:
 * @self: a [class@Genkit.OtlpExporter]
 * @endpoint: (nullable): the full OTLP/HTTP traces URL
 *
 * Sets where requests go.
 */
void
genkit_otlp_exporter_set_endpoint (GenkitOtlpExporter *self,
                                   const char         *endpoint)
{
  g_return_if_fail (GENKIT_IS_OTLP_EXPORTER (self));

  if (g_strcmp0 (self->endpoint, endpoint) == 0)
    return;
  g_free (self->endpoint);
  self->endpoint = (endpoint && endpoint[0]) ? g_strdup (endpoint) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDPOINT]);
}

/**
 * genkit_otlp_exporter_set_header:
 * @self: a [class@Genkit.OtlpExporter]
 * @name: an HTTP header name, such as `Authorization`
 * @value: (nullable): its value, or %NULL to remove the header
 *
 * Sets a header sent with every request (replacing one of the same name).
 */
void
genkit_otlp_exporter_set_header (GenkitOtlpExporter *self,
                                 const char         *name,
                                 const char         *value)
{
  g_return_if_fail (GENKIT_IS_OTLP_EXPORTER (self));
  g_return_if_fail (name != NULL && name[0] != '\0');

  if (value == NULL)
    soup_message_headers_remove (self->headers, name);
  else
    soup_message_headers_replace (self->headers, name, value);
}

/**
 * genkit_otlp_exporter_get_header:
 * @self: a [class@Genkit.OtlpExporter]
 * @name: an HTTP header name (case-insensitive)
 *
 * Gets a header set with [method@Genkit.OtlpExporter.set_header] or by a preset.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL
 */
const char *
genkit_otlp_exporter_get_header (GenkitOtlpExporter *self,
                                 const char         *name)
{
  g_return_val_if_fail (GENKIT_IS_OTLP_EXPORTER (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return soup_message_headers_get_one (self->headers, name);
}

/**
 * genkit_otlp_exporter_get_service_name:
 * @self: a [class@Genkit.OtlpExporter]
 *
 * Gets [property@Genkit.OtlpExporter:service-name].
 *
 * Returns: (transfer none): the service name
 */
const char *
genkit_otlp_exporter_get_service_name (GenkitOtlpExporter *self)
{
  g_return_val_if_fail (GENKIT_IS_OTLP_EXPORTER (self), NULL);
  return self->service_name;
}

/**
 * genkit_otlp_exporter_set_service_name:
 * @self: a [class@Genkit.OtlpExporter]
 * @service_name: (nullable): the `service.name` resource attribute; %NULL restores the default
 *
 * Sets [property@Genkit.OtlpExporter:service-name].
 */
void
genkit_otlp_exporter_set_service_name (GenkitOtlpExporter *self,
                                       const char         *service_name)
{
  g_return_if_fail (GENKIT_IS_OTLP_EXPORTER (self));

  if (service_name == NULL)
    service_name = g_get_prgname () ? g_get_prgname () : "genkit";
  if (g_strcmp0 (self->service_name, service_name) == 0)
    return;
  g_free (self->service_name);
  self->service_name = g_strdup (service_name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE_NAME]);
}

/**
 * genkit_otlp_exporter_get_batch_delay:
 * @self: a [class@Genkit.OtlpExporter]
 *
 * Gets [property@Genkit.OtlpExporter:batch-delay].
 *
 * Returns: the batching delay in milliseconds
 */
guint
genkit_otlp_exporter_get_batch_delay (GenkitOtlpExporter *self)
{
  g_return_val_if_fail (GENKIT_IS_OTLP_EXPORTER (self), 0);
  return self->batch_delay;
}

/**
 * genkit_otlp_exporter_set_batch_delay:
 * @self: a [class@Genkit.OtlpExporter]
 * @batch_delay: milliseconds the first queued span waits for others
 *
 * Sets [property@Genkit.OtlpExporter:batch-delay].
 */
void
genkit_otlp_exporter_set_batch_delay (GenkitOtlpExporter *self,
                                      guint               batch_delay)
{
  g_return_if_fail (GENKIT_IS_OTLP_EXPORTER (self));

  if (self->batch_delay == batch_delay)
    return;
  self->batch_delay = batch_delay;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_DELAY]);
}

/**
 * genkit_otlp_exporter_get_n_sent:
 * @self: a [class@Genkit.OtlpExporter]
 *
 * Gets how many requests the backend accepted.
 *
 * Returns: the number of requests answered with a 2xx status
 */
guint
genkit_otlp_exporter_get_n_sent (GenkitOtlpExporter *self)
{
  g_return_val_if_fail (GENKIT_IS_OTLP_EXPORTER (self), 0);
  return _genkit_http_sender_get_n_sent (self->sender);
}

/**
 * genkit_otlp_exporter_get_n_failed:
 * @self: a [class@Genkit.OtlpExporter]
 *
 * Gets how many requests failed.
 *
 * Returns: the number of requests that failed or got a non-2xx answer
 */
guint
genkit_otlp_exporter_get_n_failed (GenkitOtlpExporter *self)
{
  g_return_val_if_fail (GENKIT_IS_OTLP_EXPORTER (self), 0);
  return _genkit_http_sender_get_n_failed (self->sender);
}
