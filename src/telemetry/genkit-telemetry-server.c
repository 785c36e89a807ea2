/* genkit-telemetry-server.c — Genkit's telemetry server API on loopback, over a trace store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "genkit-telemetry-json-private.h"
#include "genkit-telemetry-server.h"
#include "genkit-trace-store-private.h"

/* An SSE comment every so often lets a dead client be noticed (the write fails) and keeps
 * proxies from timing the stream out; EventSource clients ignore comments. */
#define SSE_HEARTBEAT_SECONDS 15

#define LAST_DEFAULT_PORT 4999

#define LISTEN_BACKLOG 1024

/**
 * GenkitTelemetryServer:
 *
 * Serves Genkit's telemetry API (`genkit-tools/telemetry-server/src/index.ts`, protocol
 * §6.7) over a [class@Genkit.TraceStore], so that unmodified Genkit runtimes (JavaScript, Go,
 * Python) started with `GENKIT_TELEMETRY_SERVER=<url>` export their traces into the studio,
 * and Genkit's own tools can read them back:
 *
 * | method and path | answer |
 * |---|---|
 * | `GET /api/__health` | `200` `OK` |
 * | `POST /api/traces` | `TraceData`; `200` `OK` once committed, `400` with a Genkit error JSON (`{"code": 3, "message"}`) for an invalid payload (Genkit answers 500) |
 * | `GET /api/traces?limit=&continuationToken=&filter=` | `{"traces", "continuationToken"?}`; `filter` is a URL-encoded `TraceQueryFilter`; `search=` adds a full-text query (ours); a trace whose runtime is known has a `runtimeId` member, and `runtimeId` filters (ours) |
 * | `GET /api/traces/:traceId` | the whole `TraceData`, or `200` with an empty body for an unknown id, as Genkit does |
 * | `GET /api/traces/:traceId/stream` | Server-Sent Events: the trace as it is, then `{"type": "span_start"\|"span_end", "traceId", "span"}` per event; never ends |
 * | `GET /api/logs`, `/api/traces/:traceId/logs`, `/api/traces/:traceId/spans/:spanId/logs` | `{"logs", "continuationToken"?}` (`limit` default 100) |
 * | `POST /api/otlp`, `/api/otlp/v1/traces`, `/api/otlp/v1/logs`, `/api/otlp/v1/metrics` | OTLP/JSON: spans are stored as Genkit spans, logs as log records; `200` `{}` |
 * | `POST /runtimes/:runtimeId/api/traces`, `/runtimes/:runtimeId/api/otlp…` | as without the prefix, and the traces are stored as sent by that runtime ([property@Genkit.TraceSummary:runtime-id]); ours |
 * | `GET /runtimes/:runtimeId/api/…` | as without the prefix (all traces, not only the runtime's): a Genkit CLI given the per-runtime URL as `GENKIT_TELEMETRY_SERVER` reads its traces there; ours |
 *
 * It listens on 127.0.0.1 only, answers `403` to a request whose `Host` is not a loopback
 * name (`127.0.0.1`, `localhost`, `[::1]`, any port: DNS rebinding) or whose `Origin` is not
 * a loopback origin, sends CORS headers to loopback origins only, refuses bodies over
 * [method@Genkit.TelemetryServer.get_max_body_size] with `413`, and answers malformed JSON
 * and invalid spans with `400` and a Genkit error JSON. Trace ids containing `/`, `\`, NUL,
 * or equal to `.` or `..` are refused with `400`, as Genkit's file store refuses them.
 *
 * Genkit's `TraceData` does not say which runtime sent it, so a runtime is told the
 * per-runtime base URL `<url>/runtimes/<runtime id>` (what [class@Genkit.RuntimeMonitor]
 * sends in `POST /api/notify`): Genkit runtimes post to `<base>/api/traces` and
 * `<base>/api/otlp`, which lands on the prefixed routes. The runtime id is one
 * percent-encoded path segment; an id that is not valid UTF-8, is empty, `.` or `..`, or
 * contains `/`, `\`, NUL or a control character is refused with `400`.
 *
 * A runtime started with `GENKIT_TELEMETRY_SERVER` set ignores the URL `/api/notify` brings,
 * so an app the studio starts gets `<url>/runtimes/<provisional id>` in its environment
 * instead, and the store learns the runtime behind that id once it is found
 * ([method@Genkit.TraceStore.rename_runtime_async]).
 */
struct _GenkitTelemetryServer
{
  GObject           parent_instance;

  /* Owned */
  GenkitTraceStore *store;
  SoupServer       *server;
  GHashTable       *streams;          /* trace id → GPtrArray of SseClient (borrowed) */
  GPtrArray        *clients;          /* SseClient (owned) */

  gsize             max_body_size;
  guint64           next_client_id;
  guint             port;
  guint             watch_id;
  guint             heartbeat_id;
};

G_DEFINE_FINAL_TYPE (GenkitTelemetryServer, genkit_telemetry_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  PROP_PORT,
  PROP_MAX_BODY_SIZE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  GenkitTelemetryServer *server;      /* borrowed: clients go before the server */
  guint64                id;
  SoupServerMessage     *msg;
  char                  *trace_id;
  GPtrArray             *pending;     /* events that came before the snapshot was written */
  gulong                 finished_id;
  gboolean               ready;
} SseClient;

typedef struct
{
  GByteArray *data;
  gsize       limit;
  gboolean    too_big;
} BodyState;

/* A request answered later, from a store callback. */
typedef struct
{
  GenkitTelemetryServer *server;
  SoupServerMessage     *msg;
  gulong                 finished_id;
  gboolean               finished;
  guint                  waiting;
  GError                *error;
} Pending;

/* Responses */

static void
set_text_response (SoupServerMessage *msg,
                   guint              status,
                   const char        *content_type,
                   char              *body,
                   gsize              length)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_TAKE, body, length);
}

static void
respond_error (SoupServerMessage *msg,
               guint              http_status,
               int                code,
               const char        *message)
{
  GString *body = g_string_new ("{\"code\":");

  g_string_append_printf (body, "%d,\"message\":", code);
  _genkit_json_write_string (body, message, -1);
  g_string_append_c (body, '}');
  set_text_response (msg, http_status, "application/json; charset=utf-8", body->str, body->len);
  g_string_free (body, FALSE);
}

static void
respond_gerror (SoupServerMessage *msg,
                const GError      *error)
{
  int code = genkit_error_get_code (error);
  guint status = genkit_error_code_to_http_status (code);

  if (code == GENKIT_ERROR_CANCELLED)
    status = SOUP_STATUS_SERVICE_UNAVAILABLE;
  respond_error (msg, status, code, error->message);
}

static void
respond_json_text (SoupServerMessage *msg,
                   char              *text)
{
  gsize length = text ? strlen (text) : 0;

  set_text_response (msg, SOUP_STATUS_OK, "application/json; charset=utf-8",
                     text ? text : g_strdup (""), length);
}

static void
respond_ok (SoupServerMessage *msg)
{
  set_text_response (msg, SOUP_STATUS_OK, "text/plain; charset=utf-8", g_strdup ("OK"), 2);
}

/* Pending answers */

static void
pending_finished_cb (SoupServerMessage *msg,
                     Pending           *pending)
{
  pending->finished = TRUE;
}

static Pending *
pending_new (GenkitTelemetryServer *server,
             SoupServerMessage     *msg)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->server = g_object_ref (server);
  pending->msg = g_object_ref (msg);
  pending->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (pending_finished_cb),
                                           pending);
  soup_server_message_pause (msg);
  return pending;
}

static void
pending_free (Pending *pending)
{
  g_clear_signal_handler (&pending->finished_id, pending->msg);
  g_clear_object (&pending->msg);
  g_clear_object (&pending->server);
  g_clear_error (&pending->error);
  g_free (pending);
}

/* Resumes the message once its response is set, unless the client went away. */
static void
pending_done (Pending *pending)
{
  if (!pending->finished)
    soup_server_message_unpause (pending->msg);
  pending_free (pending);
}

/* Host and Origin checks */

static gboolean
is_loopback_host (const char *host,
                  gsize       length)
{
  return (length == 9 && g_ascii_strncasecmp (host, "localhost", 9) == 0) ||
         (length == 9 && memcmp (host, "127.0.0.1", 9) == 0) ||
         (length == 5 && memcmp (host, "[::1]", 5) == 0);
}

/* `host[:port]` whose host is a loopback name. */
static gboolean
is_loopback_authority (const char *authority)
{
  const char *colon;
  gsize host_length;

  if (authority[0] == '[')
    {
      const char *close = strchr (authority, ']');

      if (close == NULL)
        return FALSE;
      host_length = close - authority + 1;
    }
  else
    {
      colon = strchr (authority, ':');
      host_length = colon ? (gsize) (colon - authority) : strlen (authority);
    }
  if (!is_loopback_host (authority, host_length))
    return FALSE;

  authority += host_length;
  if (*authority == '\0')
    return TRUE;
  if (*authority != ':' || authority[1] == '\0')
    return FALSE;
  for (authority++; *authority; authority++)
    if (!g_ascii_isdigit (*authority))
      return FALSE;
  return TRUE;
}

static gboolean
is_loopback_origin (const char *origin)
{
  if (g_str_has_prefix (origin, "http://"))
    origin += strlen ("http://");
  else if (g_str_has_prefix (origin, "https://"))
    origin += strlen ("https://");
  else
    return FALSE;
  return is_loopback_authority (origin);
}

/* Refuses a request not meant for this loopback server; adds CORS headers for a loopback
 * origin. Returns %FALSE when the request was answered. */
static gboolean
check_request (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *host = soup_message_headers_get_one (request, "Host");
  const char *origin = soup_message_headers_get_one (request, "Origin");

  if (host != NULL && !is_loopback_authority (host))
    {
      g_autofree char *message = g_strdup_printf ("Host %s is not a loopback name", host);

      respond_error (msg, SOUP_STATUS_FORBIDDEN, GENKIT_ERROR_PERMISSION_DENIED, message);
      return FALSE;
    }
  if (origin != NULL)
    {
      if (!is_loopback_origin (origin))
        {
          g_autofree char *message = g_strdup_printf ("Origin %s is not allowed", origin);

          respond_error (msg, SOUP_STATUS_FORBIDDEN, GENKIT_ERROR_PERMISSION_DENIED, message);
          return FALSE;
        }
      soup_message_headers_replace (response, "Access-Control-Allow-Origin", origin);
      soup_message_headers_append (response, "Vary", "Origin");
      soup_message_headers_replace (response, "Access-Control-Expose-Headers", "X-Genkit-Trace-Id");
    }
  return TRUE;
}

/* Request bodies */

static void
body_state_free (BodyState *state)
{
  g_byte_array_unref (state->data);
  g_free (state);
}

static void
got_chunk_cb (SoupServerMessage *msg,
              GBytes            *chunk,
              BodyState         *state)
{
  gsize size = g_bytes_get_size (chunk);

  if (state->too_big)
    return;
  if (state->data->len + size > state->limit)
    {
      state->too_big = TRUE;
      g_byte_array_set_size (state->data, 0);
      return;
    }
  g_byte_array_append (state->data, g_bytes_get_data (chunk, NULL), size);
}

static void
respond_too_big (SoupServerMessage *msg,
                 gsize              limit)
{
  g_autofree char *message =
    g_strdup_printf ("The request body is larger than the limit of %" G_GSIZE_FORMAT " bytes",
                     limit);

  respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, GENKIT_ERROR_RESOURCE_EXHAUSTED,
                 message);
}

/* Runs once the headers are read: refuses foreign hosts and over-long bodies before the body
 * arrives, and collects the body ourselves, bounded, instead of libsoup's list of chunks. */
static void
early_handler_cb (SoupServer        *soup_server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  GenkitTelemetryServer *self = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  BodyState *state;
  goffset length = 0;

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);

  if (!check_request (msg))
    return;

  if (soup_message_headers_get_encoding (request) == SOUP_ENCODING_CONTENT_LENGTH)
    {
      length = soup_message_headers_get_content_length (request);
      if (length > 0 && (gsize) length > self->max_body_size)
        {
          respond_too_big (msg, self->max_body_size);
          return;
        }
    }

  state = g_new0 (BodyState, 1);
  state->limit = self->max_body_size;
  state->data = g_byte_array_sized_new (MAX (length, 0));
  g_object_set_data_full (G_OBJECT (msg), "genkit-body", state, (GDestroyNotify) body_state_free);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (got_chunk_cb), state);
}

/* Parses the request body as JSON; answers and returns %NULL when it cannot. */
static JsonNode *
request_json (GenkitTelemetryServer *self,
              SoupServerMessage     *msg)
{
  BodyState *state = g_object_get_data (G_OBJECT (msg), "genkit-body");
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  if (state == NULL || state->too_big)
    {
      respond_too_big (msg, self->max_body_size);
      return NULL;
    }
  if (!(node = _genkit_json_parse ((const char *) state->data->data, state->data->len, &error)))
    {
      respond_gerror (msg, error);
      return NULL;
    }
  return node;
}

/* Query parameters */

static gboolean
query_uint (SoupServerMessage *msg,
            GHashTable        *query,
            const char        *name,
            guint              fallback,
            guint             *value)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  guint64 v;

  if (text == NULL || text[0] == '\0')
    {
      *value = fallback;
      return TRUE;
    }
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &v, NULL))
    {
      g_autofree char *message =
        g_strdup_printf ("Invalid %s %s: expected a non-negative integer", name, text);

      respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT, message);
      return FALSE;
    }
  *value = (guint) v;
  return TRUE;
}

/* Routes */

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;
  char *text = _genkit_trace_store_read_text_finish (GENKIT_TRACE_STORE (object), result, &error);

  if (!pending->finished)
    {
      if (error != NULL)
        respond_gerror (pending->msg, error);
      else
        respond_json_text (pending->msg, text);
    }
  else
    g_free (text);
  pending_done (pending);
}

static void
read_text (GenkitTelemetryServer *self,
           SoupServerMessage     *msg,
           ReadJob               *job)
{
  _genkit_trace_store_read_text_async (self->store, job, NULL, read_text_cb,
                                       pending_new (self, msg));
}

static void
handle_list_traces (GenkitTelemetryServer *self,
                    SoupServerMessage     *msg,
                    GHashTable            *query)
{
  g_autoptr(JsonNode) filter = NULL;
  const char *filter_text = query ? g_hash_table_lookup (query, "filter") : NULL;
  const char *search = query ? g_hash_table_lookup (query, "search") : NULL;
  guint limit;
  guint offset;

  if (!query_uint (msg, query, "limit", 10, &limit) ||
      !query_uint (msg, query, "continuationToken", 0, &offset))
    return;

  if (filter_text != NULL && filter_text[0] != '\0')
    {
      g_autoptr(GError) error = NULL;

      if (!(filter = _genkit_json_parse (filter_text, strlen (filter_text), &error)) ||
          !genkit_trace_store_check_filter (filter, &error))
        {
          respond_gerror (msg, error);
          return;
        }
    }

  read_text (self, msg, _genkit_trace_store_list_job_new (filter, search, offset, limit));
}

static void
handle_get_trace (GenkitTelemetryServer *self,
                  SoupServerMessage     *msg,
                  const char            *trace_id)
{
  ReadJob *job = g_new0 (ReadJob, 1);

  job->kind = READ_GET_TRACE;
  job->trace_id = g_strdup (trace_id);
  read_text (self, msg, job);
}

static void
handle_list_logs (GenkitTelemetryServer *self,
                  SoupServerMessage     *msg,
                  GHashTable            *query,
                  const char            *trace_id,
                  const char            *span_id)
{
  ReadJob *job;
  guint limit;
  guint offset;

  if (!query_uint (msg, query, "limit", 100, &limit) ||
      !query_uint (msg, query, "continuationToken", 0, &offset))
    return;

  job = g_new0 (ReadJob, 1);
  job->kind = READ_LIST_LOGS;
  job->trace_id = g_strdup (trace_id);
  job->span_id = g_strdup (span_id);
  job->offset = offset;
  job->limit = limit;
  read_text (self, msg, job);
}

static void
write_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Pending *pending = user_data;
  g_autoptr(GError) error = NULL;

  /* Ingest and add-logs tasks both finish with a boolean. */
  if (!g_task_propagate_boolean (G_TASK (result), &error) && pending->error == NULL)
    pending->error = g_steal_pointer (&error);

  if (--pending->waiting > 0)
    return;

  if (!pending->finished)
    {
      if (pending->error != NULL)
        respond_gerror (pending->msg, pending->error);
      else if (soup_server_message_get_status (pending->msg) == 0)
        respond_ok (pending->msg);
    }
  pending_done (pending);
}

static void
handle_post_traces (GenkitTelemetryServer *self,
                    SoupServerMessage     *msg,
                    const char            *runtime_id)
{
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  GenkitIngestTrace *trace;
  Pending *pending;

  if (!(body = request_json (self, msg)))
    return;
  if (!(trace = _genkit_ingest_trace_new_from_json (body, &error)))
    {
      respond_gerror (msg, error);
      return;
    }
  trace->runtime_id = g_strdup (runtime_id);

  pending = pending_new (self, msg);
  pending->waiting = 1;
  _genkit_trace_store_ingest_parsed_async (self->store, trace, NULL, write_done_cb, pending);
}

static gboolean
array_has_elements (JsonObject *object,
                    const char *key)
{
  JsonNode *node = json_object_get_member (object, key);

  return node != NULL && JSON_NODE_TYPE (node) == JSON_NODE_ARRAY &&
         json_array_get_length (json_node_get_array (node)) > 0;
}

static void
handle_post_otlp (GenkitTelemetryServer *self,
                  SoupServerMessage     *msg,
                  const char            *runtime_id)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (request, NULL);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) traces = NULL;
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) _genkit_ingest_trace_free);
  g_autoptr(GPtrArray) logs = NULL;
  Pending *pending;
  JsonObject *object;

  if (content_type != NULL && g_str_has_suffix (content_type, "protobuf"))
    {
      respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, GENKIT_ERROR_INVALID_ARGUMENT,
                     "Only OTLP/JSON is accepted here (Content-Type: application/json); "
                     "configure the exporter for http/json");
      return;
    }
  if (!(body = request_json (self, msg)))
    return;
  if (JSON_NODE_TYPE (body) != JSON_NODE_OBJECT)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT,
                     "Invalid OTLP payload: expected an object");
      return;
    }
  object = json_node_get_object (body);

  /* Genkit acknowledges and ignores payloads without spans or logs (metrics included). */
  if (!array_has_elements (object, "resourceSpans") && !array_has_elements (object, "resourceLogs"))
    {
      set_text_response (msg, SOUP_STATUS_OK, "application/json; charset=utf-8", g_strdup ("{}"), 2);
      return;
    }

  if (!(traces = _genkit_otlp_to_trace_data (body, &error)))
    {
      respond_gerror (msg, error);
      return;
    }
  for (guint i = 0; i < traces->len; i++)
    {
      GenkitIngestTrace *trace = _genkit_ingest_trace_new_from_json (g_ptr_array_index (traces, i),
                                                                     &error);

      if (trace == NULL)
        {
          respond_gerror (msg, error);
          return;
        }
      trace->runtime_id = g_strdup (runtime_id);
      g_ptr_array_add (parsed, trace);
    }
  if (array_has_elements (object, "resourceLogs"))
    {
      g_autoptr(JsonNode) records = _genkit_otlp_to_log_records (body, &error);

      if (records == NULL || !(logs = _genkit_ingest_logs_new_from_json (records, &error)))
        {
          respond_gerror (msg, error);
          return;
        }
    }

  /* The success answer is `{}`; set now, errors replace it. */
  set_text_response (msg, SOUP_STATUS_OK, "application/json; charset=utf-8", g_strdup ("{}"), 2);
  if (parsed->len == 0 && logs == NULL)
    return;

  pending = pending_new (self, msg);
  pending->waiting = parsed->len + (logs != NULL ? 1 : 0);
  {
    gsize n_traces = 0;
    g_autofree GenkitIngestTrace **owned = (GenkitIngestTrace **) g_ptr_array_steal (parsed, &n_traces);

    for (gsize i = 0; i < n_traces; i++)
      _genkit_trace_store_ingest_parsed_async (self->store, owned[i], NULL, write_done_cb, pending);
  }
  if (logs != NULL)
    _genkit_trace_store_add_logs_parsed_async (self->store, g_steal_pointer (&logs), NULL,
                                               write_done_cb, pending);
}

/* Server-Sent Events */

static void
sse_client_free (SseClient *client)
{
  g_clear_signal_handler (&client->finished_id, client->msg);
  g_clear_object (&client->msg);
  g_clear_pointer (&client->pending, g_ptr_array_unref);
  g_free (client->trace_id);
  g_free (client);
}

static void
sse_send (SseClient *client,
          char      *data,
          gsize      length)
{
  soup_message_body_append (soup_server_message_get_response_body (client->msg),
                            SOUP_MEMORY_TAKE, data, length);
  soup_server_message_unpause (client->msg);
}

static void
heartbeat_update (GenkitTelemetryServer *self);

static void
sse_client_remove (GenkitTelemetryServer *self,
                   SseClient             *client)
{
  GPtrArray *list = g_hash_table_lookup (self->streams, client->trace_id);

  if (list != NULL)
    {
      g_ptr_array_remove_fast (list, client);
      if (list->len == 0)
        g_hash_table_remove (self->streams, client->trace_id);
    }
  g_ptr_array_remove_fast (self->clients, client);
  heartbeat_update (self);
}

static void
sse_finished_cb (SoupServerMessage *msg,
                 SseClient         *client)
{
  sse_client_remove (client->server, client);
}

static gboolean
heartbeat_cb (gpointer data)
{
  GenkitTelemetryServer *self = data;

  for (guint i = 0; i < self->clients->len; i++)
    {
      SseClient *client = g_ptr_array_index (self->clients, i);

      if (client->ready)
        sse_send (client, g_strdup (": keep-alive\n\n"), strlen (": keep-alive\n\n"));
    }
  return G_SOURCE_CONTINUE;
}

static void
heartbeat_update (GenkitTelemetryServer *self)
{
  if (self->clients->len > 0 && self->heartbeat_id == 0)
    self->heartbeat_id = g_timeout_add_seconds (SSE_HEARTBEAT_SECONDS, heartbeat_cb, self);
  else if (self->clients->len == 0)
    g_clear_handle_id (&self->heartbeat_id, g_source_remove);
}

/* `data: {"type":"span_start","traceId":…,"span":…}` — the key order of Genkit's events. */
static void
store_event_cb (const char *trace_id,
                const char *span_json,
                gboolean    is_end,
                gpointer    user_data)
{
  GenkitTelemetryServer *self = user_data;
  GPtrArray *list = g_hash_table_lookup (self->streams, trace_id);

  if (list == NULL)
    return;

  for (guint i = 0; i < list->len; i++)
    {
      SseClient *client = g_ptr_array_index (list, i);
      GString *data = g_string_new ("data: {\"type\":");

      g_string_append (data, is_end ? "\"span_end\"" : "\"span_start\"");
      g_string_append (data, ",\"traceId\":");
      _genkit_json_write_string (data, trace_id, -1);
      g_string_append (data, ",\"span\":");
      g_string_append (data, span_json);
      g_string_append (data, "}\n\n");

      if (client->ready)
        {
          gsize length = data->len;

          sse_send (client, g_string_free (data, FALSE), length);
        }
      else
        g_ptr_array_add (client->pending, g_string_free (data, FALSE));
    }
}

typedef struct
{
  GenkitTelemetryServer *server;
  guint64                client_id;
} SnapshotRequest;

static SseClient *
find_client (GenkitTelemetryServer *self,
             guint64                id)
{
  for (guint i = 0; i < self->clients->len; i++)
    {
      SseClient *client = g_ptr_array_index (self->clients, i);

      if (client->id == id)
        return client;
    }
  return NULL;
}

static void
snapshot_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  SnapshotRequest *request = user_data;
  g_autoptr(GenkitTelemetryServer) self = request->server;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = _genkit_trace_store_read_text_finish (GENKIT_TRACE_STORE (object),
                                                                result, &error);
  SseClient *client = find_client (self, request->client_id);
  gboolean sent = FALSE;

  g_free (request);
  if (client == NULL)
    return;   /* the client went away meanwhile */

  client->ready = TRUE;
  if (text != NULL)
    {
      g_autofree char *data = g_strdup_printf ("data: %s\n\n", text);
      gsize length = strlen (data);

      sse_send (client, g_steal_pointer (&data), length);
      sent = TRUE;
    }
  for (guint i = 0; i < client->pending->len; i++)
    {
      char *data = g_ptr_array_index (client->pending, i);

      sse_send (client, g_strdup (data), strlen (data));
      sent = TRUE;
    }
  g_ptr_array_set_size (client->pending, 0);
  /* Nothing to say yet: still send the status line and headers. */
  if (!sent)
    soup_server_message_unpause (client->msg);
}

static void
handle_stream (GenkitTelemetryServer *self,
               SoupServerMessage     *msg,
               const char            *trace_id)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  SnapshotRequest *request;
  SseClient *client;
  GPtrArray *list;
  ReadJob *job;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_set_encoding (response, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (response, "Content-Type", "text/event-stream");
  soup_message_headers_replace (response, "Cache-Control", "no-cache");
  soup_message_headers_replace (response, "Connection", "keep-alive");
  soup_message_headers_replace (response, "Access-Control-Allow-Headers", "Content-Type");

  /* Subscribed before the snapshot is read: events in between are held, then sent after it,
   * so none is lost. */
  client = g_new0 (SseClient, 1);
  client->server = self;
  client->id = ++self->next_client_id;
  client->msg = g_object_ref (msg);
  client->trace_id = g_strdup (trace_id);
  client->pending = g_ptr_array_new_with_free_func (g_free);
  client->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (sse_finished_cb), client);
  g_ptr_array_add (self->clients, client);
  list = g_hash_table_lookup (self->streams, trace_id);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->streams, g_strdup (trace_id), list);
    }
  g_ptr_array_add (list, client);
  heartbeat_update (self);

  soup_server_message_pause (msg);

  job = g_new0 (ReadJob, 1);
  job->kind = READ_GET_TRACE;
  job->trace_id = g_strdup (trace_id);
  request = g_new0 (SnapshotRequest, 1);
  request->server = g_object_ref (self);
  request->client_id = client->id;
  _genkit_trace_store_read_text_async (self->store, job, NULL, snapshot_cb, request);
}

/* Decodes one path segment; %NULL for an invalid escape or an escaped NUL. */
static char *
decode_segment (const char *segment)
{
  return g_uri_unescape_string (segment, NULL);
}

static gboolean
check_trace_id (SoupServerMessage *msg,
                const char        *trace_id)
{
  if (trace_id == NULL || !_genkit_trace_id_is_valid (trace_id, strlen (trace_id)))
    {
      g_autoptr(GString) message = g_string_new ("Invalid trace id: ");

      if (trace_id != NULL)
        _genkit_json_write_string (message, trace_id, -1);
      else
        g_string_append (message, "not a valid URL path segment");
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT, message->str);
      return FALSE;
    }
  return TRUE;
}

/* The runtime id of a `/runtimes/:runtimeId/api/…` path, decoded, or %NULL (answered with
 * 400) when it could not be a runtime id in a path. */
static char *
runtime_id_from_path (SoupServerMessage *msg,
                      const char        *segment)
{
  g_autofree char *id = decode_segment (segment);
  gboolean valid = id != NULL && id[0] != '\0' && g_utf8_validate (id, -1, NULL) &&
                   _genkit_trace_id_is_valid (id, strlen (id));

  for (const char *p = id; valid && *p != '\0'; p++)
    valid = !g_ascii_iscntrl (*p);
  if (!valid)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT,
                     "Invalid runtime id: not a valid URL path segment");
      return NULL;
    }
  return g_steal_pointer (&id);
}

static void
not_found (SoupServerMessage *msg,
           const char        *method,
           const char        *path)
{
  g_autofree char *message = g_strdup_printf ("Cannot %s %s", method, path);

  respond_error (msg, SOUP_STATUS_NOT_FOUND, GENKIT_ERROR_NOT_FOUND, message);
}

static void
handler_cb (SoupServer        *soup_server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  GenkitTelemetryServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const char *request_path = path;    /* `path` loses a `/runtimes/:runtimeId` prefix */
  gboolean get = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  gboolean post = g_str_equal (method, "POST");
  g_auto(GStrv) segments = NULL;
  g_autofree char *id = NULL;
  g_autofree char *span_id = NULL;
  g_autofree char *runtime_id = NULL;
  guint n;

  if (!check_request (msg))
    return;

  if (g_str_equal (method, "OPTIONS"))
    {
      SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

      soup_message_headers_replace (response, "Access-Control-Allow-Methods",
                                    "GET,HEAD,PUT,PATCH,POST,DELETE");
      soup_message_headers_replace (response, "Access-Control-Allow-Headers", "Content-Type");
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  /* `/runtimes/:runtimeId/api/…`: a runtime told its own base URL posts its spans there, and
   * a `genkit start` given that URL in its environment (Run a Command) reads them back. */
  if (g_str_has_prefix (path, "/runtimes/"))
    {
      const char *rest = strchr (path + strlen ("/runtimes/"), '/');
      g_autofree char *segment = NULL;

      if (rest == NULL || !g_str_has_prefix (rest, "/api/"))
        {
          not_found (msg, method, request_path);
          return;
        }
      segment = g_strndup (path + strlen ("/runtimes/"), rest - path - strlen ("/runtimes/"));
      if (!(runtime_id = runtime_id_from_path (msg, segment)))
        return;
      path = rest;
    }
  if (!g_str_has_prefix (path, "/api/"))
    {
      not_found (msg, method, request_path);
      return;
    }
  segments = g_strsplit (path + strlen ("/api/"), "/", -1);
  n = g_strv_length (segments);
  if (n > 1 && segments[n - 1][0] == '\0')
    n--;    /* a trailing slash, as Express allows */
  if (n == 0 || segments[0][0] == '\0')
    {
      not_found (msg, method, request_path);
      return;
    }

  if (n == 1 && g_str_equal (segments[0], "__health") && get)
    {
      respond_ok (msg);
      return;
    }
  if (n == 1 && g_str_equal (segments[0], "logs") && get)
    {
      handle_list_logs (self, msg, query, NULL, NULL);
      return;
    }
  if (g_str_equal (segments[0], "otlp") && post &&
      (n == 1 || (n == 3 && g_str_equal (segments[1], "v1") &&
                  (g_str_equal (segments[2], "traces") || g_str_equal (segments[2], "logs") ||
                   g_str_equal (segments[2], "metrics")))))
    {
      handle_post_otlp (self, msg, runtime_id);
      return;
    }
  if (g_str_equal (segments[0], "traces"))
    {
      if (n == 1 && get)
        {
          handle_list_traces (self, msg, query);
          return;
        }
      if (n == 1 && post)
        {
          handle_post_traces (self, msg, runtime_id);
          return;
        }
      if (n >= 2 && get)
        {
          id = decode_segment (segments[1]);
          if (n == 2)
            {
              if (check_trace_id (msg, id))
                handle_get_trace (self, msg, id);
              return;
            }
          if (n == 3 && g_str_equal (segments[2], "stream"))
            {
              if (check_trace_id (msg, id))
                handle_stream (self, msg, id);
              return;
            }
          if (n == 3 && g_str_equal (segments[2], "logs"))
            {
              if (check_trace_id (msg, id))
                handle_list_logs (self, msg, query, id, NULL);
              return;
            }
          if (n == 5 && g_str_equal (segments[2], "spans") && g_str_equal (segments[4], "logs"))
            {
              span_id = decode_segment (segments[3]);
              if (check_trace_id (msg, id))
                {
                  if (span_id == NULL)
                    respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT,
                                   "Invalid span id");
                  else
                    handle_list_logs (self, msg, query, id, span_id);
                }
              return;
            }
        }
    }
  not_found (msg, method, request_path);
}

/* GObject */

static void
genkit_telemetry_server_constructed (GObject *object)
{
  GenkitTelemetryServer *self = GENKIT_TELEMETRY_SERVER (object);

  G_OBJECT_CLASS (genkit_telemetry_server_parent_class)->constructed (object);

  g_assert (GENKIT_IS_TRACE_STORE (self->store));
  self->watch_id = _genkit_trace_store_add_event_watch (self->store, store_event_cb, self);
}

static void
genkit_telemetry_server_dispose (GObject *object)
{
  GenkitTelemetryServer *self = GENKIT_TELEMETRY_SERVER (object);

  genkit_telemetry_server_disconnect (self);
  if (self->store != NULL && self->watch_id != 0)
    _genkit_trace_store_remove_event_watch (self->store, self->watch_id);
  self->watch_id = 0;
  g_clear_object (&self->server);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (genkit_telemetry_server_parent_class)->dispose (object);
}

static void
genkit_telemetry_server_finalize (GObject *object)
{
  GenkitTelemetryServer *self = GENKIT_TELEMETRY_SERVER (object);

  g_hash_table_unref (self->streams);
  g_ptr_array_unref (self->clients);

  G_OBJECT_CLASS (genkit_telemetry_server_parent_class)->finalize (object);
}

static void
genkit_telemetry_server_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  GenkitTelemetryServer *self = GENKIT_TELEMETRY_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;
    case PROP_MAX_BODY_SIZE:
      g_value_set_uint64 (value, self->max_body_size);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_telemetry_server_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  GenkitTelemetryServer *self = GENKIT_TELEMETRY_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_MAX_BODY_SIZE:
      genkit_telemetry_server_set_max_body_size (self, g_value_get_uint64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_telemetry_server_class_init (GenkitTelemetryServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = genkit_telemetry_server_constructed;
  object_class->dispose = genkit_telemetry_server_dispose;
  object_class->finalize = genkit_telemetry_server_finalize;
  object_class->get_property = genkit_telemetry_server_get_property;
  object_class->set_property = genkit_telemetry_server_set_property;

  /**
   * GenkitTelemetryServer:store:
   *
   * The trace store the server reads and writes.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GENKIT_TYPE_TRACE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTelemetryServer:port:
   *
   * The port the server listens on, 0 before [method@Genkit.TelemetryServer.listen].
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL, 0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTelemetryServer:max-body-size:
   *
   * The largest request body accepted, in bytes; larger ones get `413`. Defaults to
   * %GENKIT_TELEMETRY_SERVER_MAX_BODY_SIZE (100 MiB, as Genkit).
   */
  properties[PROP_MAX_BODY_SIZE] =
    g_param_spec_uint64 ("max-body-size", NULL, NULL, 1, G_MAXSIZE,
                         GENKIT_TELEMETRY_SERVER_MAX_BODY_SIZE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_telemetry_server_init (GenkitTelemetryServer *self)
{
  self->max_body_size = GENKIT_TELEMETRY_SERVER_MAX_BODY_SIZE;
  self->streams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
  self->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) sse_client_free);
  /* raw-paths: a trace id with an encoded `/` stays one segment, so it can be refused. */
  self->server = soup_server_new ("raw-paths", TRUE, "server-header", NULL, NULL);
  soup_server_add_early_handler (self->server, NULL, early_handler_cb, self, NULL);
  soup_server_add_handler (self->server, NULL, handler_cb, self, NULL);
}

/**
 * genkit_telemetry_server_new:
 * @store: the trace store to serve
 *
 * Creates a telemetry server over @store; call [method@Genkit.TelemetryServer.listen] or
 * [method@Genkit.TelemetryServer.listen_default] to start it.
 *
 * Returns: (transfer full): a new server
 */
GenkitTelemetryServer *
genkit_telemetry_server_new (GenkitTraceStore *store)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (store), NULL);

  return g_object_new (GENKIT_TYPE_TELEMETRY_SERVER, "store", store, NULL);
}

/**
 * genkit_telemetry_server_get_store:
 * @self: a [class@Genkit.TelemetryServer]
 *
 * Gets the store the server serves.
 *
 * Returns: (transfer none): the trace store
 */
GenkitTraceStore *
genkit_telemetry_server_get_store (GenkitTelemetryServer *self)
{
  g_return_val_if_fail (GENKIT_IS_TELEMETRY_SERVER (self), NULL);
  return self->store;
}

/**
 * genkit_telemetry_server_listen:
 * @self: a [class@Genkit.TelemetryServer]
 * @port: a TCP port, or 0 for any free one
 * @error: return location for an error
 *
 * Starts listening on 127.0.0.1:@port; requests are served on the thread-default main
 * context. Read the port chosen with [method@Genkit.TelemetryServer.get_port].
 *
 * Errors: %G_IO_ERROR_ADDRESS_IN_USE and other #GIOErrorEnum codes from the socket.
 *
 * Returns: %TRUE if listening
 */
gboolean
genkit_telemetry_server_listen (GenkitTelemetryServer  *self,
                                guint                   port,
                                GError                **error)
{
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) bound = NULL;

  g_return_val_if_fail (GENKIT_IS_TELEMETRY_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (self->port == 0, FALSE);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, port);

  /* Our own socket: GSocketListener's backlog of 10 resets connections when a runtime opens
   * dozens at once (realtime export of a busy flow). */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, FALSE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->server, socket, 0, error))
    return FALSE;

  /* Read back from the socket: soup_server_get_uris() of libsoup 3.2 leaks an address. */
  bound = g_socket_get_local_address (socket, error);
  if (bound == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
  return TRUE;
}

/**
 * genkit_telemetry_server_listen_default:
 * @self: a [class@Genkit.TelemetryServer]
 * @error: return location for an error
 *
 * Listens on the first free port from %GENKIT_TELEMETRY_SERVER_DEFAULT_PORT (4033) to 4999,
 * as `genkit start` picks the port of its telemetry server.
 *
 * Returns: %TRUE if listening, %FALSE with %G_IO_ERROR_ADDRESS_IN_USE when every port is taken
 */
gboolean
genkit_telemetry_server_listen_default (GenkitTelemetryServer  *self,
                                        GError                **error)
{
  g_return_val_if_fail (GENKIT_IS_TELEMETRY_SERVER (self), FALSE);

  for (guint port = GENKIT_TELEMETRY_SERVER_DEFAULT_PORT; port <= LAST_DEFAULT_PORT; port++)
    {
      g_autoptr(GError) local_error = NULL;

      if (genkit_telemetry_server_listen (self, port, &local_error))
        return TRUE;
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
               "No free port between %d and %d", GENKIT_TELEMETRY_SERVER_DEFAULT_PORT,
               LAST_DEFAULT_PORT);
  return FALSE;
}

/**
 * genkit_telemetry_server_get_port:
 * @self: a [class@Genkit.TelemetryServer]
 *
 * Gets the port the server listens on.
 *
 * Returns: the port, 0 when not listening
 */
guint
genkit_telemetry_server_get_port (GenkitTelemetryServer *self)
{
  g_return_val_if_fail (GENKIT_IS_TELEMETRY_SERVER (self), 0);
  return self->port;
}

/**
 * genkit_telemetry_server_get_url:
 * @self: a [class@Genkit.TelemetryServer]
 *
 * Gets the base URL to give runtimes as `GENKIT_TELEMETRY_SERVER`, such as
 * `http://127.0.0.1:4033`.
 *
 * Returns: (transfer full) (nullable): the URL, %NULL when not listening
 */
char *
genkit_telemetry_server_get_url (GenkitTelemetryServer *self)
{
  g_return_val_if_fail (GENKIT_IS_TELEMETRY_SERVER (self), NULL);

  if (self->port == 0)
    return NULL;
  return g_strdup_printf ("http://127.0.0.1:%u", self->port);
}

/**
 * genkit_telemetry_server_get_max_body_size:
 * @self: a [class@Genkit.TelemetryServer]
 *
 * Gets [property@Genkit.TelemetryServer:max-body-size].
 *
 * Returns: the largest accepted request body, in bytes
 */
gsize
genkit_telemetry_server_get_max_body_size (GenkitTelemetryServer *self)
{
  g_return_val_if_fail (GENKIT_IS_TELEMETRY_SERVER (self), 0);
  return self->max_body_size;
}

/**
 * genkit_telemetry_server_set_max_body_size:
 * @self: a [class@Genkit.TelemetryServer]
 * @max_body_size: the largest accepted request body, in bytes
 *
 * Sets [property@Genkit.TelemetryServer:max-body-size].
 */
void
genkit_telemetry_server_set_max_body_size (GenkitTelemetryServer *self,
                                           gsize                  max_body_size)
{
  g_return_if_fail (GENKIT_IS_TELEMETRY_SERVER (self));
  g_return_if_fail (max_body_size > 0);

  if (self->max_body_size == max_body_size)
    return;
  self->max_body_size = max_body_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_BODY_SIZE]);
}

/**
 * genkit_telemetry_server_disconnect:
 * @self: a [class@Genkit.TelemetryServer]
 *
 * Stops listening and closes every connection, open event streams included.
 */
void
genkit_telemetry_server_disconnect (GenkitTelemetryServer *self)
{
  g_return_if_fail (GENKIT_IS_TELEMETRY_SERVER (self));

  /* Streams first: their "finished" handlers must not run on a half-torn server. */
  g_hash_table_remove_all (self->streams);
  g_ptr_array_set_size (self->clients, 0);
  g_clear_handle_id (&self->heartbeat_id, g_source_remove);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  if (self->port != 0)
    {
      self->port = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
    }
}
