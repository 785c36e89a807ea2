/* genkit-tracing.c — flushing every span processor, tracing set up from Genkit's environment
 * variables, and the HTTP plumbing the exporters share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-realtime-span-processor.h"
#include "genkit-telemetry-exporter.h"
#include "genkit-telemetry-json-private.h"
#include "genkit-tracing.h"
#include "genkit-tracing-private.h"

/* Every processor and exporter of this library, held weakly. */
static GMutex registry_lock;
static GPtrArray *registry;   /* GWeakRef * */

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

void
_genkit_tracing_register (GObject *processor)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, processor);
  g_mutex_lock (&registry_lock);
  if (registry == NULL)
    registry = g_ptr_array_new_with_free_func ((GDestroyNotify) weak_ref_free);
  /* Forget processors that are gone. */
  for (guint i = registry->len; i > 0; i--)
    {
      GObject *object = g_weak_ref_get (g_ptr_array_index (registry, i - 1));

      if (object == NULL)
        g_ptr_array_remove_index_fast (registry, i - 1);
      else
        g_object_unref (object);
    }
  g_ptr_array_add (registry, ref);
  g_mutex_unlock (&registry_lock);
}

static GPtrArray *
live_processors (void)
{
  GPtrArray *live = g_ptr_array_new_with_free_func (g_object_unref);

  g_mutex_lock (&registry_lock);
  for (guint i = 0; registry != NULL && i < registry->len; i++)
    {
      GObject *object = g_weak_ref_get (g_ptr_array_index (registry, i));

      if (object != NULL)
        g_ptr_array_add (live, object);
    }
  g_mutex_unlock (&registry_lock);
  return live;
}

typedef struct
{
  guint   pending;
  GError *error;
} FlushAll;

static void
flush_all_free (FlushAll *state)
{
  g_clear_error (&state->error);
  g_free (state);
}

static void
flush_one_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FlushAll *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!genkit_span_processor_flush_finish (GENKIT_SPAN_PROCESSOR (object), result, &error) &&
      state->error == NULL)
    state->error = g_steal_pointer (&error);

  if (--state->pending > 0)
    return;
  if (state->error != NULL)
    g_task_return_error (task, g_steal_pointer (&state->error));
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * genkit_flush_tracing_async:
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once every span processor of the telemetry library has flushed
 * @user_data: data for @callback
 *
 * Flushes every live [class@Genkit.StoreSpanProcessor], [class@Genkit.RealtimeSpanProcessor],
 * [class@Genkit.TelemetryExporter] and [class@Genkit.OtlpExporter]: queued spans are written
 * or sent and requests in flight are waited for. Genkit's `flushTracing()`.
 */
void
genkit_flush_tracing_async (GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(GPtrArray) processors = live_processors ();
  FlushAll *state;

  g_task_set_source_tag (task, genkit_flush_tracing_async);
  if (processors->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  state = g_new0 (FlushAll, 1);
  state->pending = processors->len;
  g_task_set_task_data (task, state, (GDestroyNotify) flush_all_free);
  for (guint i = 0; i < processors->len; i++)
    genkit_span_processor_flush_async (g_ptr_array_index (processors, i), cancellable,
                                       flush_one_cb, g_object_ref (task));
}

/**
 * genkit_flush_tracing_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [func@Genkit.flush_tracing_async].
 *
 * Returns: %TRUE when everything was flushed, %FALSE with the first error otherwise
 */
gboolean
genkit_flush_tracing_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
store_result_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/**
 * genkit_flush_tracing:
 * @error: return location for an error
 *
 * Flushes like [func@Genkit.flush_tracing_async] and waits, iterating the thread-default main
 * context: for the end of a program (a command-line tool exiting), not for a running UI.
 *
 * Returns: %TRUE when everything was flushed
 */
gboolean
genkit_flush_tracing (GError **error)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  g_autoptr(GAsyncResult) result = NULL;

  genkit_flush_tracing_async (NULL, store_result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  return genkit_flush_tracing_finish (result, error);
}

/**
 * genkit_tracing_is_realtime_enabled:
 *
 * Tells whether spans should be exported when they start as well as when they end: Genkit's
 * rule, `GENKIT_ENV=dev` together with `GENKIT_ENABLE_REALTIME_TELEMETRY=true` (what
 * `genkit start` sets for the runtime it launches).
 *
 * Returns: %TRUE when realtime telemetry is on
 */
gboolean
genkit_tracing_is_realtime_enabled (void)
{
  return g_strcmp0 (g_getenv ("GENKIT_ENV"), "dev") == 0 &&
         g_strcmp0 (g_getenv ("GENKIT_ENABLE_REALTIME_TELEMETRY"), "true") == 0;
}

/**
 * genkit_tracing_setup_telemetry_export:
 * @tracer: the tracer whose spans to export (see [method@Genkit.Registry.get_tracer])
 *
 * Exports @tracer's spans to a Genkit telemetry server as a Genkit runtime in dev mode does:
 * a [class@Genkit.TelemetryExporter] for the URL in `GENKIT_TELEMETRY_SERVER`, added to
 * @tracer directly (spans sent when they end) or, when
 * [func@Genkit.tracing_is_realtime_enabled], through a [class@Genkit.RealtimeSpanProcessor]
 * (sent when they start and when they end).
 *
 * Without `GENKIT_TELEMETRY_SERVER` the exporter has no URL and drops spans until one is set
 * with [method@Genkit.TelemetryExporter.set_server_url], which is what a reflection server
 * does with the `telemetryServerUrl` of `POST /api/notify` — only when the environment
 * variable is unset, since Genkit gives the variable precedence.
 *
 * Returns: (transfer full): the exporter
 */
GenkitTelemetryExporter *
genkit_tracing_setup_telemetry_export (GenkitTracer *tracer)
{
  g_autoptr(GenkitTelemetryExporter) exporter = NULL;
  const char *url = g_getenv ("GENKIT_TELEMETRY_SERVER");

  g_return_val_if_fail (GENKIT_IS_TRACER (tracer), NULL);

  exporter = genkit_telemetry_exporter_new ((url && url[0]) ? url : NULL);
  if (genkit_tracing_is_realtime_enabled ())
    {
      g_autoptr(GenkitRealtimeSpanProcessor) realtime =
        genkit_realtime_span_processor_new (GENKIT_SPAN_EXPORTER (exporter));

      genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (realtime));
    }
  else
    genkit_tracer_add_processor (tracer, GENKIT_SPAN_PROCESSOR (exporter));
  return g_steal_pointer (&exporter);
}

/* TraceData of one span */

char *
_genkit_trace_data_text_for_span (JsonNode *span_data,
                                  gsize    *length)
{
  JsonObject *span = json_node_get_object (span_data);
  const char *trace_id = json_object_get_string_member_with_default (span, "traceId", "");
  const char *span_id = json_object_get_string_member_with_default (span, "spanId", "");
  JsonNode *parent = json_object_get_member (span, "parentSpanId");
  GString *out = g_string_sized_new (1024);

  g_string_append (out, "{\"traceId\":");
  _genkit_json_write_string (out, trace_id, -1);
  g_string_append (out, ",\"spans\":{");
  _genkit_json_write_string (out, span_id, -1);
  g_string_append_c (out, ':');
  _genkit_json_write_node (out, span_data);
  g_string_append_c (out, '}');

  if (parent == NULL || JSON_NODE_TYPE (parent) == JSON_NODE_NULL ||
      (JSON_NODE_HOLDS_VALUE (parent) && json_node_get_value_type (parent) == G_TYPE_STRING &&
       json_node_get_string (parent)[0] == '\0'))
    {
      JsonNode *name = json_object_get_member (span, "displayName");
      JsonNode *start = json_object_get_member (span, "startTime");
      JsonNode *end = json_object_get_member (span, "endTime");

      if (name != NULL)
        {
          g_string_append (out, ",\"displayName\":");
          _genkit_json_write_node (out, name);
        }
      if (start != NULL)
        {
          g_string_append (out, ",\"startTime\":");
          _genkit_json_write_node (out, start);
        }
      if (end != NULL)
        {
          g_string_append (out, ",\"endTime\":");
          _genkit_json_write_node (out, end);
        }
    }
  g_string_append_c (out, '}');
  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

JsonNode *
_genkit_trace_data_for_span (JsonNode *span_data)
{
  gsize length;
  g_autofree char *text = _genkit_trace_data_text_for_span (span_data, &length);

  return _genkit_json_parse (text, length, NULL);
}

/* HTTP */

struct _GenkitHttpSender
{
  SoupSession *session;
  char        *what;
  GPtrArray   *waiters;     /* GTask */
  GQueue       pending;     /* Request not sent yet, oldest first */
  gboolean     sending;
  guint        in_flight;   /* queued or being sent */
  guint        n_sent;
  guint        n_failed;
  gboolean     reported;
};

typedef struct
{
  GenkitHttpSender *sender;
  SoupMessage      *msg;
} Request;

GenkitHttpSender *
_genkit_http_sender_new (const char *what,
                         gboolean    use_proxy)
{
  GenkitHttpSender *sender = g_rc_box_new0 (GenkitHttpSender);
  g_autofree char *agent = g_strdup_printf ("genkit-studio/%s", PACKAGE_VERSION);

  sender->session = soup_session_new_with_options ("max-conns-per-host", 4,
                                                   "timeout", 30,
                                                   "user-agent", agent,
                                                   NULL);
  /* A Genkit telemetry server is a local tool: like Node's fetch in the JavaScript runtime,
   * do not route it through an http_proxy from the environment. OTLP backends are remote and
   * keep the system's proxy settings. */
  if (!use_proxy)
    soup_session_set_proxy_resolver (sender->session, NULL);
  sender->what = g_strdup (what);
  sender->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  return sender;
}

static void
sender_clear (GenkitHttpSender *sender)
{
  g_assert (g_queue_is_empty (&sender->pending));
  g_clear_object (&sender->session);
  g_free (sender->what);
  g_ptr_array_unref (sender->waiters);
}

void
_genkit_http_sender_free (GenkitHttpSender *sender)
{
  g_rc_box_release_full (sender, (GDestroyNotify) sender_clear);
}

static void
wake_waiters (GenkitHttpSender *sender)
{
  g_autoptr(GPtrArray) waiters = NULL;

  if (sender->in_flight > 0 || sender->waiters->len == 0)
    return;
  waiters = g_steal_pointer (&sender->waiters);
  sender->waiters = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waiters->len; i++)
    g_task_return_boolean (g_ptr_array_index (waiters, i), TRUE);
}

static void
report_failure (GenkitHttpSender *sender,
                const char       *url,
                const char       *reason)
{
  sender->n_failed++;
  if (!sender->reported)
    {
      sender->reported = TRUE;
      g_message ("Cannot send spans to the %s at %s: %s (later failures are logged at debug level)",
                 sender->what, url, reason);
    }
  else
    g_debug ("Cannot send spans to the %s at %s: %s", sender->what, url, reason);
}

static void post_done_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data);

/* One request at a time, in the order they were posted: a span's end must not overtake its
 * start (Genkit's stores take a late start's endTime 0 for the trace's end time). */
static void
send_next (GenkitHttpSender *sender)
{
  Request *request;

  if (sender->sending || (request = g_queue_pop_head (&sender->pending)) == NULL)
    return;
  sender->sending = TRUE;
  soup_session_send_and_read_async (sender->session, request->msg, G_PRIORITY_DEFAULT, NULL,
                                    post_done_cb, request);
}

static void
post_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Request *request = user_data;
  GenkitHttpSender *sender = request->sender;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  g_autofree char *url = g_uri_to_string (soup_message_get_uri (request->msg));
  guint status = soup_message_get_status (request->msg);

  if (error != NULL)
    report_failure (sender, url, error->message);
  else if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_autofree char *reason = g_strdup_printf ("HTTP %u %s", status,
                                                 soup_message_get_reason_phrase (request->msg));

      report_failure (sender, url, reason);
    }
  else
    sender->n_sent++;

  sender->in_flight--;
  sender->sending = FALSE;
  g_object_unref (request->msg);
  g_free (request);
  send_next (sender);
  wake_waiters (sender);
  g_rc_box_release_full (sender, (GDestroyNotify) sender_clear);
}

void
_genkit_http_sender_post (GenkitHttpSender   *sender,
                          const char         *url,
                          SoupMessageHeaders *extra_headers,
                          GBytes             *body)
{
  SoupMessage *msg = soup_message_new ("POST", url);
  SoupMessageHeaders *headers;
  Request *request;

  if (msg == NULL)
    {
      report_failure (sender, url, "not a valid http(s) URL");
      return;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (extra_headers != NULL)
    {
      SoupMessageHeadersIter iter;
      const char *name;
      const char *value;

      soup_message_headers_iter_init (&iter, extra_headers);
      while (soup_message_headers_iter_next (&iter, &name, &value))
        soup_message_headers_replace (headers, name, value);
    }
  soup_message_set_request_body_from_bytes (msg, "application/json", body);

  request = g_new0 (Request, 1);
  request->sender = g_rc_box_acquire (sender);
  request->msg = msg;
  sender->in_flight++;
  g_queue_push_tail (&sender->pending, request);
  send_next (sender);
}

void
_genkit_http_sender_wait_async (GenkitHttpSender *sender,
                                GTask            *task)
{
  g_ptr_array_add (sender->waiters, task);
  wake_waiters (sender);
}

guint
_genkit_http_sender_get_n_sent (GenkitHttpSender *sender)
{
  return sender->n_sent;
}

guint
_genkit_http_sender_get_n_failed (GenkitHttpSender *sender)
{
  return sender->n_failed;
}

guint
_genkit_http_sender_get_in_flight (GenkitHttpSender *sender)
{
  return sender->in_flight;
}
