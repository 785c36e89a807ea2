/* genkit-provider-client.c — one provider's HTTP: a SoupSession, timeouts, cancellation,
 * proxies from the environment, streamed bodies, and error bodies mapped to Genkit statuses
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "genkit-provider-private.h"

#define MAX_BODY        (64 * 1024 * 1024)
#define MAX_ERROR_BODY  (1024 * 1024)
#define MAX_MESSAGE     600
#define READ_SIZE       16384

/**
 * GenkitProviderClient:
 *
 * What a provider plugin talks HTTP through: one `SoupSession` (so connections are reused), an
 * idle timeout (how long the provider may stay silent, while connecting, before answering and
 * between two pieces of a stream), the caller's cancellation carried down to the socket, the
 * proxy the environment names (`https_proxy`, `http_proxy`, `all_proxy`, `no_proxy`, in either
 * case), and the provider's error bodies turned into Genkit status codes. Key-bearing headers
 * never reach a log or an error message.
 */
struct _GenkitProviderClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *label;
  guint        timeout_ms;
};

G_DEFINE_FINAL_TYPE (GenkitProviderClient, _genkit_provider_client, G_TYPE_OBJECT)

static void
_genkit_provider_client_finalize (GObject *object)
{
  GenkitProviderClient *self = GENKIT_PROVIDER_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_pointer (&self->label, g_free);

  G_OBJECT_CLASS (_genkit_provider_client_parent_class)->finalize (object);
}

static void
_genkit_provider_client_class_init (GenkitProviderClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = _genkit_provider_client_finalize;
}

static void
_genkit_provider_client_init (GenkitProviderClient *self)
{
  self->timeout_ms = 120000;
}

static const char *
env_either (const char *lower,
            const char *upper)
{
  const char *value = g_getenv (lower);

  if (value == NULL || *value == '\0')
    value = g_getenv (upper);
  return (value != NULL && *value != '\0') ? value : NULL;
}

/* The proxy of the environment, as curl and the providers' SDKs read it. Without any of these
 * variables the session keeps the system's resolver. */
static GProxyResolver *
proxy_resolver_from_env (void)
{
  const char *https_proxy = env_either ("https_proxy", "HTTPS_PROXY");
  const char *http_proxy = env_either ("http_proxy", "HTTP_PROXY");
  const char *all_proxy = env_either ("all_proxy", "ALL_PROXY");
  const char *no_proxy = env_either ("no_proxy", "NO_PROXY");
  g_auto(GStrv) ignore = NULL;
  GProxyResolver *resolver;

  if (https_proxy == NULL && http_proxy == NULL && all_proxy == NULL)
    return NULL;

  if (no_proxy != NULL)
    {
      ignore = g_strsplit (no_proxy, ",", -1);
      for (guint i = 0; ignore[i] != NULL; i++)
        g_strstrip (ignore[i]);
    }
  resolver = g_simple_proxy_resolver_new (all_proxy, ignore);
  if (https_proxy != NULL)
    g_simple_proxy_resolver_set_uri_proxy (G_SIMPLE_PROXY_RESOLVER (resolver), "https", https_proxy);
  if (http_proxy != NULL)
    g_simple_proxy_resolver_set_uri_proxy (G_SIMPLE_PROXY_RESOLVER (resolver), "http", http_proxy);
  return resolver;
}

GenkitProviderClient *
_genkit_provider_client_new (const char *label)
{
  GenkitProviderClient *self = g_object_new (GENKIT_TYPE_PROVIDER_CLIENT, NULL);
  g_autoptr(GProxyResolver) resolver = proxy_resolver_from_env ();

  self->label = g_strdup (label);
  /* Timeouts are ours (milliseconds, reset by every byte); Soup's would cut long streams. */
  self->session = g_object_new (SOUP_TYPE_SESSION,
                                "user-agent", "genkit-studio/" PACKAGE_VERSION,
                                "timeout", 0,
                                NULL);
  if (resolver != NULL)
    soup_session_set_proxy_resolver (self->session, resolver);
  return self;
}

const char *
_genkit_provider_client_get_label (GenkitProviderClient *self)
{
  return self->label;
}

void
_genkit_provider_client_set_timeout_ms (GenkitProviderClient *self,
                                        guint                 timeout_ms)
{
  self->timeout_ms = timeout_ms;
}

guint
_genkit_provider_client_get_timeout_ms (GenkitProviderClient *self)
{
  return self->timeout_ms;
}

SoupSession *
_genkit_provider_client_get_session (GenkitProviderClient *self)
{
  return self->session;
}

void
_genkit_provider_reply_free (GenkitProviderReply *reply)
{
  if (reply == NULL)
    return;
  g_free (reply->content_type);
  g_clear_pointer (&reply->body, g_bytes_unref);
  g_clear_pointer (&reply->json, json_node_unref);
  g_free (reply);
}

/* Errors ----------------------------------------------------------------------------------- */

GenkitError
_genkit_provider_code_from_http_status (guint status)
{
  switch (status)
    {
    case 400: case 413: case 422:
      return GENKIT_ERROR_INVALID_ARGUMENT;
    case 401:
      return GENKIT_ERROR_UNAUTHENTICATED;
    case 402: case 403:
      return GENKIT_ERROR_PERMISSION_DENIED;
    case 404:
      return GENKIT_ERROR_NOT_FOUND;
    case 408: case 504:
      return GENKIT_ERROR_DEADLINE_EXCEEDED;
    case 409:
      return GENKIT_ERROR_ABORTED;
    case 429:
      return GENKIT_ERROR_RESOURCE_EXHAUSTED;
    case 499:
      return GENKIT_ERROR_CANCELLED;
    case 501:
      return GENKIT_ERROR_UNIMPLEMENTED;
    default:
      if (status >= 500)
        return GENKIT_ERROR_UNAVAILABLE;
      if (status >= 400)
        return GENKIT_ERROR_FAILED_PRECONDITION;
      return GENKIT_ERROR_UNKNOWN;
    }
}

/* Replaces every secret (and every long-enough piece that looks like one) by "[redacted]". */
char *
_genkit_provider_redact (const char         *text,
                         const char * const *secrets)
{
  GString *out = g_string_new (text);

  for (guint i = 0; secrets != NULL && secrets[i] != NULL; i++)
    {
      const char *secret = secrets[i];

      if (strlen (secret) < 4)
        continue;
      g_string_replace (out, secret, "[redacted]", 0);
    }
  return g_string_free (out, FALSE);
}

static char *
shorten (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);

  g_strstrip (valid);
  if (g_utf8_strlen (valid, -1) > MAX_MESSAGE)
    {
      char *cut = g_utf8_substring (valid, 0, MAX_MESSAGE);
      char *longer = g_strconcat (cut, "…", NULL);

      g_free (cut);
      return longer;
    }
  return g_steal_pointer (&valid);
}

/* The message a provider's error body carries, whatever its shape: OpenAI's and Gemini's
 * `{"error": {"message", "type"|"status", "code"}}`, Anthropic's
 * `{"type": "error", "error": {"type", "message"}}`, Ollama's `{"error": "..."}`, Cloudflare's
 * `{"errors": [{"code", "message"}]}`, or a bare `{"message"}`/`{"detail"}`. */
static char *
message_of_body (JsonNode  *body,
                 char     **kind,
                 char     **status)
{
  JsonObject *object;
  JsonNode *error;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;
  object = json_node_get_object (body);
  error = json_object_get_member (object, "error");

  if (error != NULL && JSON_NODE_HOLDS_VALUE (error) && json_node_get_value_type (error) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (error));

  if (error != NULL && JSON_NODE_HOLDS_OBJECT (error))
    {
      JsonObject *e = json_node_get_object (error);
      const char *type = _genkit_provider_json_get_string (e, "type");
      const char *code = _genkit_provider_json_get_string (e, "code");

      if (type != NULL || code != NULL)
        *kind = g_strdup (type != NULL ? type : code);
      if (_genkit_provider_json_get_string (e, "status") != NULL)
        *status = g_strdup (_genkit_provider_json_get_string (e, "status"));
      if (_genkit_provider_json_get_string (e, "message") != NULL)
        return g_strdup (_genkit_provider_json_get_string (e, "message"));
    }

  if (_genkit_provider_json_get_array (object, "errors") != NULL)
    {
      JsonArray *errors = _genkit_provider_json_get_array (object, "errors");
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (errors); i++)
        {
          JsonNode *item = json_array_get_element (errors, i);
          JsonObject *e;
          double code;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            continue;
          e = json_node_get_object (item);
          if (text->len > 0)
            g_string_append (text, "; ");
          if (_genkit_provider_json_get_number (e, "code", &code))
            g_string_append_printf (text, "%.0f: ", code);
          g_string_append (text, _genkit_provider_json_get_string (e, "message") ?: "(no message)");
        }
      if (text->len > 0)
        return g_string_free (text, FALSE);
      g_string_free (text, TRUE);
    }

  if (_genkit_provider_json_get_string (object, "message") != NULL)
    return g_strdup (_genkit_provider_json_get_string (object, "message"));
  if (_genkit_provider_json_get_string (object, "detail") != NULL)
    return g_strdup (_genkit_provider_json_get_string (object, "detail"));
  return NULL;
}

/* Gemini says when to retry in `details`: `{"@type": "...RetryInfo", "retryDelay": "32s"}`. */
static double
retry_delay_of_body (JsonNode *body)
{
  JsonObject *error;
  JsonArray *details;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return -1;
  error = _genkit_provider_json_get_object (json_node_get_object (body), "error");
  details = error ? _genkit_provider_json_get_array (error, "details") : NULL;
  for (guint i = 0; details != NULL && i < json_array_get_length (details); i++)
    {
      JsonNode *item = json_array_get_element (details, i);
      const char *delay;

      if (!JSON_NODE_HOLDS_OBJECT (item))
        continue;
      delay = _genkit_provider_json_get_string (json_node_get_object (item), "retryDelay");
      if (delay != NULL && g_str_has_suffix (delay, "s"))
        {
          char *end = NULL;
          double seconds = g_ascii_strtod (delay, &end);

          if (end != delay && seconds >= 0)
            return seconds;
        }
    }
  return -1;
}

/* `Retry-After` in seconds or as an HTTP date, or OpenAI's `retry-after-ms`. */
static double
retry_after_of_headers (SoupMessageHeaders *headers)
{
  const char *value;

  if (headers == NULL)
    return -1;

  value = soup_message_headers_get_one (headers, "retry-after-ms");
  if (value != NULL)
    {
      char *end = NULL;
      double ms = g_ascii_strtod (value, &end);

      if (end != value && ms >= 0)
        return ms / 1000.0;
    }

  value = soup_message_headers_get_one (headers, "Retry-After");
  if (value != NULL)
    {
      char *end = NULL;
      double seconds = g_ascii_strtod (value, &end);
      g_autoptr(GDateTime) when = NULL;

      if (end != value && *end == '\0' && seconds >= 0)
        return seconds;
      when = soup_date_time_new_from_http_string (value);
      if (when != NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          double diff = g_date_time_difference (when, now) / (double) G_USEC_PER_SEC;

          return MAX (diff, 0);
        }
    }
  return -1;
}

static GError *
build_error (const char          *label,
             int                  code,
             const char          *what,
             const char          *message,
             const char          *kind,
             double               retry_after,
             const char * const  *secrets)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *redacted = NULL;
  GError *error;

  g_string_append_printf (text, "%s %s", label, what);
  if (message != NULL && *message != '\0')
    {
      g_autofree char *short_message = shorten (message);

      g_string_append_printf (text, ": %s", short_message);
    }
  if (kind != NULL && *kind != '\0')
    g_string_append_printf (text, " (%s)", kind);
  if (retry_after >= 0)
    g_string_append_printf (text, retry_after == floor (retry_after) || retry_after >= 10
                                  ? ". Retry after %.0f s" : ". Retry after %.1f s", retry_after);
  redacted = _genkit_provider_redact (text->str, secrets);
  error = g_error_new_literal (GENKIT_ERROR, code, redacted);
  /* Also kept apart from the text, for the retry middleware to wait that long. */
  if (retry_after >= 0)
    genkit_error_set_retry_after_ms (error, (gint64) MIN (ceil (retry_after * 1000.0), (double) G_MAXINT32));
  return error;
}

/* An error answer: the status names the Genkit code, unless the body carries a Genkit (that
 * is, Google RPC) status name; the body's message and kind, and Retry-After, go in the text. */
GError *
_genkit_provider_error_from_http (const char          *label,
                                  guint                status,
                                  const char          *reason,
                                  SoupMessageHeaders  *headers,
                                  const guint8        *body,
                                  gsize                body_len,
                                  const char * const  *secrets)
{
  g_autoptr(JsonNode) json = NULL;
  g_autofree char *message = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *rpc_status = NULL;
  g_autofree char *what = NULL;
  int code = _genkit_provider_code_from_http_status (status);
  double retry_after;

  if (body != NULL && body_len > 0)
    json = genkit_json_parse ((const char *) body, (gssize) body_len, NULL);
  message = message_of_body (json, &kind, &rpc_status);
  if (message == NULL && body != NULL && body_len > 0)
    {
      g_autofree char *text = g_strndup ((const char *) body, MIN (body_len, 4 * MAX_MESSAGE));

      message = g_strdup (text);
    }
  if (rpc_status != NULL && genkit_error_code_from_name (rpc_status) > 0)
    code = genkit_error_code_from_name (rpc_status);

  retry_after = retry_after_of_headers (headers);
  if (retry_after < 0)
    retry_after = retry_delay_of_body (json);

  what = g_strdup_printf ("answered HTTP %u %s", status,
                          reason && *reason ? reason : soup_status_get_phrase (status));
  return build_error (label, code, what, message, kind, retry_after, secrets);
}

/* An error reported inside a successful answer (an SSE `error` event, Cloudflare's
 * `success: false`): the kind names the code when it is a known one. */
GError *
_genkit_provider_error_from_body (const char         *label,
                                  JsonNode           *body,
                                  int                 fallback_code,
                                  const char * const *secrets)
{
  g_autofree char *message = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *rpc_status = NULL;
  int code = fallback_code;
  static const struct { const char *kind; int code; } kinds[] = {
    { "invalid_request_error", GENKIT_ERROR_INVALID_ARGUMENT },
    { "authentication_error", GENKIT_ERROR_UNAUTHENTICATED },
    { "permission_error", GENKIT_ERROR_PERMISSION_DENIED },
    { "not_found_error", GENKIT_ERROR_NOT_FOUND },
    { "request_too_large", GENKIT_ERROR_INVALID_ARGUMENT },
    { "rate_limit_error", GENKIT_ERROR_RESOURCE_EXHAUSTED },
    { "rate_limit_exceeded", GENKIT_ERROR_RESOURCE_EXHAUSTED },
    { "api_error", GENKIT_ERROR_UNAVAILABLE },
    { "overloaded_error", GENKIT_ERROR_UNAVAILABLE },
    { "server_error", GENKIT_ERROR_UNAVAILABLE },
  };

  message = message_of_body (body, &kind, &rpc_status);
  if (rpc_status != NULL && genkit_error_code_from_name (rpc_status) > 0)
    code = genkit_error_code_from_name (rpc_status);
  else
    for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
      if (g_str_equal (kind, kinds[i].kind))
        code = kinds[i].code;

  return build_error (label, code, "reported an error", message ? message : "(no message)", kind,
                      retry_delay_of_body (body), secrets);
}

/* Requests --------------------------------------------------------------------------------- */

typedef struct
{
  SoupMessage             *msg;
  GInputStream            *stream;
  GIOStream               *connection;     /* the socket, to close it on cancellation */
  GCancellable            *cancellable;    /* ours: the caller's, the timer, a failure */
  GCancellable            *caller;
  gulong                   caller_handler;
  guint                    timer_id;
  guint                    timeout_ms;
  gboolean                 timed_out;
  gboolean                 got_headers;
  gboolean                 at_eof;
  GenkitProviderStream     kind;
  GenkitProviderEventFunc  on_event;
  gpointer                 event_data;
  GenkitSseReader         *sse;
  GenkitNdjsonLines       *ndjson;
  GByteArray              *buffer;
  gboolean                 error_status;
  GPtrArray               *secrets;        /* owned strings, NULL-terminated */
  char                    *host;
  GenkitProviderReply     *reply;
} Request;

static void
request_stop_timer (Request *req)
{
  g_clear_handle_id (&req->timer_id, g_source_remove);
}

static void
request_free (Request *req)
{
  request_stop_timer (req);
  if (req->caller != NULL && req->caller_handler != 0)
    g_cancellable_disconnect (req->caller, req->caller_handler);
  g_clear_object (&req->caller);
  g_clear_object (&req->cancellable);
  g_clear_object (&req->stream);
  g_clear_object (&req->connection);
  if (req->msg != NULL)
    g_signal_handlers_disconnect_by_data (req->msg, req);
  g_clear_object (&req->msg);
  g_clear_pointer (&req->sse, _genkit_sse_reader_free);
  g_clear_pointer (&req->ndjson, _genkit_ndjson_lines_free);
  g_clear_pointer (&req->buffer, g_byte_array_unref);
  g_clear_pointer (&req->secrets, g_ptr_array_unref);
  g_clear_pointer (&req->reply, _genkit_provider_reply_free);
  g_free (req->host);
  g_free (req);
}

static gboolean
request_timeout_cb (gpointer user_data)
{
  Request *req = user_data;

  req->timer_id = 0;
  req->timed_out = TRUE;
  g_cancellable_cancel (req->cancellable);
  return G_SOURCE_REMOVE;
}

static void
request_restart_timer (Request *req)
{
  request_stop_timer (req);
  if (req->timeout_ms > 0)
    req->timer_id = g_timeout_add (req->timeout_ms, request_timeout_cb, req);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     gpointer      user_data)
{
  GCancellable *ours = user_data;

  g_cancellable_cancel (ours);
}

static void
network_event_cb (SoupMessage        *msg,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  gpointer            user_data)
{
  Request *req = user_data;

  if (event == G_SOCKET_CLIENT_CONNECTED)
    g_set_object (&req->connection, connection);
}

/* Ends the request: on failure the connection is closed at once, so a provider that is still
 * streaming sees its client go away (and libsoup never waits for the rest of the body). */
static void
request_fail (GTask  *task,
              GError *error)
{
  Request *req = g_task_get_task_data (task);

  request_stop_timer (req);
  if (req->connection != NULL && !req->at_eof)
    g_io_stream_close (req->connection, NULL, NULL);
  g_task_return_error (task, error);
}

/* An I/O failure, in Genkit's words: the timer's cancellation is a deadline, the caller's a
 * cancellation, the rest means the provider cannot be reached. */
static GError *
request_io_error (GTask  *task,
                  GError *io_error)
{
  GenkitProviderClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  GError *error;

  if (req->timed_out)
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED,
                         "%s did not answer within %.1f s (%s)", self->label,
                         req->timeout_ms / 1000.0,
                         req->got_headers ? "the stream stalled" : "no response");
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_CANCELLED, "The request to %s was cancelled",
                         self->label);
  else if (g_error_matches (io_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED, "%s did not answer in time: %s",
                         self->label, io_error->message);
  else
    {
      g_autofree char *text = g_strdup_printf ("Could not reach %s at %s: %s", self->label,
                                               req->host, io_error->message);
      g_autofree char *redacted = _genkit_provider_redact (text, (const char * const *) req->secrets->pdata);

      error = g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE, redacted);
    }
  g_error_free (io_error);
  return error;
}

static gboolean
sse_event_cb (const char  *event,
              const char  *data,
              gsize        data_len,
              const char  *id,
              gpointer     user_data,
              GError     **error)
{
  GTask *task = user_data;
  GenkitProviderClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) parse_error = NULL;

  if (data_len == 6 && memcmp (data, "[DONE]", 6) == 0)
    return req->on_event (event, NULL, req->event_data, error);

  node = genkit_json_parse (data, (gssize) data_len, &parse_error);
  if (node == NULL)
    {
      g_autofree char *text = g_strndup (data, MIN (data_len, 200));
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                   "%s streamed an event that is not JSON (%s): %s", self->label,
                   parse_error->message, valid);
      return FALSE;
    }
  return req->on_event (event, node, req->event_data, error);
}

static gboolean
ndjson_line_cb (JsonNode  *line,
                gpointer   user_data,
                GError   **error)
{
  Request *req = user_data;

  return req->on_event (NULL, line, req->event_data, error);
}

static void request_read (GTask *task);

static void
request_complete (GTask *task)
{
  GenkitProviderClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  GenkitProviderReply *reply = req->reply;
  GError *error = NULL;

  request_stop_timer (req);

  if (req->error_status)
    {
      request_fail (task, _genkit_provider_error_from_http (self->label, reply->status,
                                                            soup_message_get_reason_phrase (req->msg),
                                                            soup_message_get_response_headers (req->msg),
                                                            req->buffer->data, req->buffer->len,
                                                            (const char * const *) req->secrets->pdata));
      return;
    }

  if (req->sse != NULL)
    {
      if (!_genkit_sse_reader_finish (req->sse, &error))
        {
          request_fail (task, error);
          return;
        }
    }
  else if (req->ndjson != NULL)
    {
      if (!_genkit_ndjson_lines_finish (req->ndjson, &error))
        {
          request_fail (task, error);
          return;
        }
    }
  else
    {
      reply->body = g_byte_array_free_to_bytes (g_steal_pointer (&req->buffer));
      if (g_bytes_get_size (reply->body) > 0 &&
          (reply->content_type == NULL || strstr (reply->content_type, "json") != NULL))
        {
          g_autoptr(GError) parse_error = NULL;

          reply->json = _genkit_provider_json_parse_bytes (reply->body, &parse_error);
          if (reply->json == NULL)
            {
              request_fail (task, g_error_new (GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                                               "%s answered with a body that is not JSON: %s",
                                               self->label, parse_error->message));
              return;
            }
        }
    }

  g_task_return_pointer (task, g_steal_pointer (&req->reply), (GDestroyNotify) _genkit_provider_reply_free);
}

static void
request_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitProviderClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;
  const guint8 *data;
  gsize len;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (bytes == NULL)
    {
      request_fail (task, request_io_error (task, error));
      return;
    }
  if (g_cancellable_is_cancelled (req->cancellable))
    {
      request_fail (task, request_io_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                                       "cancelled")));
      return;
    }

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      req->at_eof = TRUE;
      request_complete (task);
      return;
    }
  request_restart_timer (req);

  if (req->sse != NULL)
    {
      if (!_genkit_sse_reader_feed (req->sse, data, len, &error))
        {
          request_fail (task, error);
          return;
        }
    }
  else if (req->ndjson != NULL)
    {
      if (!_genkit_ndjson_lines_feed (req->ndjson, data, len, &error))
        {
          request_fail (task, error);
          return;
        }
    }
  else
    {
      gsize cap = req->error_status ? MAX_ERROR_BODY : MAX_BODY;

      if (req->buffer->len + len > cap)
        {
          if (req->error_status)
            {
              /* Enough of an error body to explain it. */
              request_complete (task);
              return;
            }
          request_fail (task, g_error_new (GENKIT_ERROR, GENKIT_ERROR_OUT_OF_RANGE,
                                           "%s answered with more than %u MiB", self->label,
                                           MAX_BODY >> 20));
          return;
        }
      g_byte_array_append (req->buffer, data, (guint) len);
    }

  /* A streaming callback may have cancelled the call. */
  if (g_cancellable_is_cancelled (req->cancellable))
    {
      request_fail (task, request_io_error (task, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                                       "cancelled")));
      return;
    }
  request_read (g_steal_pointer (&task));
}

static void
request_read (GTask *task)
{
  Request *req = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (req->stream, READ_SIZE, G_PRIORITY_DEFAULT, req->cancellable,
                                   request_read_cb, task);
}

static void
request_send_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  GError *error = NULL;
  GenkitProviderReply *reply;
  guint status;

  req->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (req->stream == NULL)
    {
      request_fail (task, request_io_error (task, error));
      return;
    }

  req->got_headers = TRUE;
  request_restart_timer (req);
  status = soup_message_get_status (req->msg);
  reply = req->reply = g_new0 (GenkitProviderReply, 1);
  reply->status = status;
  reply->content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (req->msg),
                                                                         NULL));

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    req->error_status = TRUE;
  else if (req->kind == GENKIT_PROVIDER_STREAM_SSE)
    req->sse = _genkit_sse_reader_new (sse_event_cb, task);
  else if (req->kind == GENKIT_PROVIDER_STREAM_NDJSON)
    {
      GenkitProviderClient *self = g_task_get_source_object (task);

      req->ndjson = _genkit_ndjson_lines_new (self->label, ndjson_line_cb, req);
    }
  if (req->sse == NULL && req->ndjson == NULL)
    req->buffer = g_byte_array_new ();

  request_read (g_steal_pointer (&task));
}

static gboolean
is_secret_header (const char *name)
{
  return g_ascii_strcasecmp (name, "authorization") == 0 ||
         g_ascii_strcasecmp (name, "x-api-key") == 0 ||
         g_ascii_strcasecmp (name, "x-goog-api-key") == 0 ||
         g_ascii_strcasecmp (name, "api-key") == 0;
}

/*
 * @headers: (nullable): name, value, name, value, …, %NULL
 * @body: (nullable): a JSON body, sent as `application/json`
 * @stream: how a successful answer streams; with %GENKIT_PROVIDER_STREAM_NONE the whole body
 *   comes back in the reply
 * @on_event: each streamed event, on this thread's main context
 *
 * Finishes with the reply (status and content type, plus the body when not streamed), or a
 * `GENKIT_ERROR`: the provider's HTTP error mapped to a status, `UNAVAILABLE` when it cannot be
 * reached, `DEADLINE_EXCEEDED` when it stays silent longer than the timeout, `CANCELLED`.
 */
void
_genkit_provider_client_request_async (GenkitProviderClient    *self,
                                       const char              *method,
                                       const char              *url,
                                       const char * const      *headers,
                                       JsonNode                *body,
                                       GenkitProviderStream     stream,
                                       GenkitProviderEventFunc  on_event,
                                       gpointer                 event_data,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  _genkit_provider_client_request_full_async (self, method, url, headers, body, stream, on_event,
                                              event_data, self->timeout_ms, cancellable, callback,
                                              user_data);
}

/* The same with its own idle timeout (discovery asks quickly, and gives up quickly). */
void
_genkit_provider_client_request_full_async (GenkitProviderClient    *self,
                                            const char              *method,
                                            const char              *url,
                                            const char * const      *headers,
                                            JsonNode                *body,
                                            GenkitProviderStream     stream,
                                            GenkitProviderEventFunc  on_event,
                                            gpointer                 event_data,
                                            guint                    timeout_ms,
                                            GCancellable            *cancellable,
                                            GAsyncReadyCallback      callback,
                                            gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) uri_error = NULL;
  SoupMessageHeaders *request_headers;
  Request *req;

  g_return_if_fail (GENKIT_IS_PROVIDER_CLIENT (self));
  g_return_if_fail (method != NULL && url != NULL);
  g_return_if_fail (stream == GENKIT_PROVIDER_STREAM_NONE || on_event != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _genkit_provider_client_request_async);
  g_task_set_check_cancellable (task, FALSE);

  req = g_new0 (Request, 1);
  req->kind = stream;
  req->on_event = on_event;
  req->event_data = event_data;
  req->timeout_ms = timeout_ms;
  req->secrets = g_ptr_array_new_with_free_func (g_free);
  g_task_set_task_data (task, req, (GDestroyNotify) request_free);

  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    if (is_secret_header (headers[i]))
      {
        const char *value = headers[i + 1];

        g_ptr_array_add (req->secrets, g_strdup (value));
        if (g_str_has_prefix (value, "Bearer "))
          g_ptr_array_add (req->secrets, g_strdup (value + strlen ("Bearer ")));
      }
  g_ptr_array_add (req->secrets, NULL);

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &uri_error);
  if (uri == NULL || g_uri_get_host (uri) == NULL ||
      (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 && g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "%s: the base URL does not make an http(s) URL: %s", self->label,
                               uri_error ? uri_error->message : "no http or https scheme or no host");
      return;
    }
  req->host = g_uri_get_port (uri) > 0
              ? g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri))
              : g_strdup (g_uri_get_host (uri));

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_CANCELLED,
                               "The request to %s was cancelled", self->label);
      return;
    }

  req->msg = soup_message_new_from_uri (method, uri);
  request_headers = soup_message_get_request_headers (req->msg);
  for (guint i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  soup_message_headers_replace (request_headers, "Accept",
                                stream == GENKIT_PROVIDER_STREAM_SSE ? "text/event-stream"
                                : stream == GENKIT_PROVIDER_STREAM_NDJSON ? "application/x-ndjson"
                                : "application/json");
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (req->msg, "application/json", bytes);
    }
  g_signal_connect (req->msg, "network-event", G_CALLBACK (network_event_cb), req);
  /* A stream gets a connection of its own, so that ending it early (cancellation, timeout, a
   * malformed event) can close exactly that socket. */
  if (stream != GENKIT_PROVIDER_STREAM_NONE)
    soup_message_add_flags (req->msg, SOUP_MESSAGE_NEW_CONNECTION);

  req->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      req->caller = g_object_ref (cancellable);
      req->caller_handler = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                   g_object_ref (req->cancellable), g_object_unref);
    }
  request_restart_timer (req);

  soup_session_send_async (self->session, req->msg, G_PRIORITY_DEFAULT, req->cancellable,
                           request_send_cb, g_steal_pointer (&task));
}

GenkitProviderReply *
_genkit_provider_client_request_finish (GenkitProviderClient  *self,
                                        GAsyncResult          *result,
                                        GError               **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
