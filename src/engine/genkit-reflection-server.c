/* genkit-reflection-server.c — Genkit's reflection API v1 over HTTP, for any runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "genkit-action-result.h"
#include "genkit-error.h"
#include "genkit-json.h"
#include "genkit-local-runtime.h"
#include "genkit-project.h"
#include "genkit-reflection-private.h"
#include "genkit-reflection-server.h"
#include "genkit-reflection-v2-client.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"
#include "genkit-soup-private.h"

/* Genkit's port range for reflection servers (js/core/src/reflection.ts). */
#define FIRST_PORT 3100
#define LAST_PORT  3200

/**
 * GenkitReflectionServer:
 *
 * Serves a [iface@Genkit.Runtime] over Genkit's reflection API v1 (`js/core/src/reflection.ts`,
 * protocol §2), so the Genkit CLI (`genkit start`, `genkit flow:run`, `genkit eval:flow`, the
 * browser Dev UI) can list and run its actions:
 *
 * - `GET /api/__health[?id=]`, `GET /api/actions`, `GET /api/values?type=`, `GET /api/envs`
 * - `POST /api/runAction[?stream=true]`: headers (`X-Genkit-Trace-Id`, `X-Genkit-Span-Id`,
 *   `X-Genkit-Version`) go out as soon as the run's span exists; a streamed run sends one
 *   compact JSON chunk per line and the final object without a trailing newline
 * - `POST /api/cancelAction`, `POST /api/notify`, `GET /api/__quitquitquit`
 *
 * with the JavaScript runtime's status codes and error JSON. It binds 127.0.0.1 only and adds
 * what the JavaScript runtime lacks: a `Host` header that is not a loopback name is refused
 * (DNS rebinding), cross-origin requests are answered only for loopback origins, request bodies
 * are limited ([method@Genkit.ReflectionServer.set_max_body_size]), and malformed JSON or
 * unknown request fields get a Genkit error JSON with status 400.
 *
 * [method@Genkit.ReflectionServer.write_runtime_file] writes the discovery file the CLI
 * watches; [method@Genkit.ReflectionServer.stop] removes it again.
 */
struct _GenkitReflectionServer
{
  GObject        parent_instance;

  GenkitRuntime *runtime;
  SoupServer    *server;
  guint          port;
  char          *url;
  char          *runtime_id;
  char          *runtime_file;
  gsize          max_body_size;
  GenkitReflectionV2Client *v2_client;  /* set instead of listening, see start_dev */
};

G_DEFINE_FINAL_TYPE (GenkitReflectionServer, genkit_reflection_server, G_TYPE_OBJECT)

enum {
  QUIT_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Responses --------------------------------------------------------------------------------- */

static void
add_common_headers (SoupServerMessage *msg)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "X-Genkit-Version", "c/" GENKIT_VERSION_STRING);
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, FALSE);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

/* `{"error": Status}`, the envelope of every failed reflection call. */
static JsonNode *
error_envelope (const GError *error,
                const char   *trace_id,
                int           force_code)
{
  g_autoptr(JsonObject) envelope = json_object_new ();
  JsonNode *status = genkit_error_to_status (error, trace_id);

  if (force_code > 0)
    json_object_set_int_member (json_node_get_object (status), "code", force_code);
  json_object_set_member (envelope, "error", status);
  return json_node_init_object (json_node_alloc (), envelope);
}

static void
respond_error (SoupServerMessage *msg,
               guint              http_status,
               GenkitError        code,
               const char        *message)
{
  g_autoptr(GError) error = g_error_new_literal (GENKIT_ERROR, code, message);
  g_autoptr(JsonNode) envelope = error_envelope (error, NULL, 0);

  respond_json (msg, http_status, envelope);
}

/* Hardening --------------------------------------------------------------------------------- */

/* Refuses what a browser page from elsewhere (or a rebound DNS name) could send. Returns
 * FALSE when the message has been answered. */
static gboolean
check_request_origin (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *host = soup_message_headers_get_one (request, "Host");
  const char *origin = soup_message_headers_get_one (request, "Origin");

  if (host != NULL && !_genkit_reflection_is_loopback_host (host))
    {
      respond_error (msg, SOUP_STATUS_FORBIDDEN, GENKIT_ERROR_PERMISSION_DENIED,
                     "The reflection API only answers requests addressed to a loopback host name");
      return FALSE;
    }

  if (origin != NULL)
    {
      if (!_genkit_reflection_is_loopback_origin (origin))
        {
          respond_error (msg, SOUP_STATUS_FORBIDDEN, GENKIT_ERROR_PERMISSION_DENIED,
                         "Cross-origin requests are only answered for loopback origins");
          return FALSE;
        }
      soup_message_headers_replace (response, "Access-Control-Allow-Origin", origin);
      soup_message_headers_append (response, "Vary", "Origin");
    }
  return TRUE;
}

static void
genkit_reflection_server_got_chunk_cb (SoupServerMessage *msg,
                                       GBytes            *chunk,
                                       gpointer           user_data)
{
  GenkitReflectionServer *self = user_data;
  gsize received = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (msg), "genkit-received"));

  received += g_bytes_get_size (chunk);
  g_object_set_data (G_OBJECT (msg), "genkit-received", GSIZE_TO_POINTER (received));

  /* A chunked upload that outgrows the limit: drop the connection rather than buffer it. */
  if (received > self->max_body_size)
    {
      g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

      if (stream != NULL)
        g_io_stream_close (stream, NULL, NULL);
    }
}

static void
genkit_reflection_server_early_handler (SoupServer        *server,
                                        SoupServerMessage *msg,
                                        const char        *path,
                                        GHashTable        *query,
                                        gpointer           user_data)
{
  GenkitReflectionServer *self = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (request);

  add_common_headers (msg);

  if (soup_message_headers_get_encoding (request) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > (goffset) self->max_body_size)
    {
      g_autofree char *text = g_strdup_printf ("The request body is larger than %" G_GSIZE_FORMAT
                                               " bytes", self->max_body_size);

      respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, GENKIT_ERROR_RESOURCE_EXHAUSTED, text);
      return;
    }

  /* Only a chunked upload can grow past the limit unannounced. */
  if (soup_message_headers_get_encoding (request) == SOUP_ENCODING_CHUNKED)
    g_signal_connect_object (msg, "got-chunk", G_CALLBACK (genkit_reflection_server_got_chunk_cb),
                             self, 0);
}

/* Parses a JSON object body; answers 400 and returns NULL for anything else. */
static JsonObject *
parse_object_body (SoupServerMessage   *msg,
                   const char * const  *allowed_keys)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0 || !(root = genkit_json_parse (data, size, &error)))
    {
      g_autofree char *message = g_strdup_printf ("The request body is not valid JSON: %s",
                                                  error ? error->message : "it is empty");

      respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT, message);
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT,
                     "The request body must be a JSON object");
      return NULL;
    }

  {
    g_autoptr(GList) keys = json_object_get_members (json_node_get_object (root));

    for (GList *l = keys; l != NULL; l = l->next)
      if (!g_strv_contains (allowed_keys, l->data))
        {
          g_autofree char *message = g_strdup_printf ("Unknown field “%s” in the request body",
                                                      (const char *) l->data);

          respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT, message);
          return NULL;
        }
  }

  return json_object_ref (json_node_get_object (root));
}

/* Simple routes ----------------------------------------------------------------------------- */

static void
handle_health (GenkitReflectionServer *self,
               SoupServerMessage      *msg,
               GHashTable             *query)
{
  const char *id = query ? g_hash_table_lookup (query, "id") : NULL;
  g_autofree char *pid_port = g_strdup_printf ("%d-%u", (int) getpid (), self->port);

  /* Both ids pass: the CLI asks with the file's id, which GENKIT_RUNTIME_ID may have set. */
  if (id != NULL && !g_str_equal (id, self->runtime_id) && !g_str_equal (id, pid_port))
    respond_text (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "Invalid runtime ID");
  else
    respond_text (msg, SOUP_STATUS_OK, "OK");
}

static void
handle_envs (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) envs = json_from_string ("[\"dev\"]", NULL);

  respond_json (msg, SOUP_STATUS_OK, envs);
}

static void
genkit_reflection_server_actions_cb (GObject      *object,
                                     GAsyncResult *result,
                                     gpointer      user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) listing = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);

  if (listing == NULL)
    {
      g_autoptr(JsonNode) envelope = error_envelope (error, NULL, 0);

      respond_json (msg, SOUP_STATUS_OK, envelope);
    }
  else
    respond_json (msg, SOUP_STATUS_OK, listing);
  soup_server_message_unpause (msg);
}

static void
genkit_reflection_server_values_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) values = genkit_runtime_list_values_finish (GENKIT_RUNTIME (object), result, &error);

  if (values != NULL)
    respond_json (msg, SOUP_STATUS_OK, values);
  else if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT))
    respond_text (msg, SOUP_STATUS_BAD_REQUEST, error->message);
  else
    {
      g_autoptr(JsonNode) envelope = error_envelope (error, NULL, 0);

      respond_json (msg, SOUP_STATUS_OK, envelope);
    }
  soup_server_message_unpause (msg);
}

static void
handle_values (GenkitReflectionServer *self,
               SoupServerMessage      *msg,
               GHashTable             *query)
{
  const char *type = query ? g_hash_table_lookup (query, "type") : NULL;

  if (type == NULL || *type == '\0')
    {
      respond_text (msg, SOUP_STATUS_BAD_REQUEST, "Query parameter \"type\" is required.");
      return;
    }

  soup_server_message_pause (msg);
  genkit_runtime_list_values_async (self->runtime, type, NULL,
                                    genkit_reflection_server_values_cb, g_object_ref (msg));
}

static void
genkit_reflection_server_notify_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  g_autoptr(GError) error = NULL;

  if (!genkit_runtime_notify_finish (GENKIT_RUNTIME (object), result, &error))
    {
      g_autoptr(JsonNode) envelope = error_envelope (error, NULL, 0);

      respond_json (msg, SOUP_STATUS_OK, envelope);
    }
  else
    respond_text (msg, SOUP_STATUS_OK, "OK");
  soup_server_message_unpause (msg);
}

static void
handle_notify (GenkitReflectionServer *self,
               SoupServerMessage      *msg)
{
  static const char *const keys[] = { "telemetryServerUrl", "reflectionApiSpecVersion", NULL };
  g_autoptr(JsonObject) body = parse_object_body (msg, keys);
  JsonNode *url;
  JsonNode *version;

  if (body == NULL)
    return;

  version = json_object_get_member (body, "reflectionApiSpecVersion");
  if (version != NULL && !JSON_NODE_HOLDS_NULL (version) &&
      (json_node_get_value_type (version) != G_TYPE_INT64 ||
       json_node_get_int (version) != GENKIT_REFLECTION_API_SPEC_VERSION))
    {
      g_autofree char *told = json_to_string (version, FALSE);

      g_warning ("The Genkit tools speak reflection API version %s, this runtime speaks %d",
                 told, GENKIT_REFLECTION_API_SPEC_VERSION);
    }

  url = json_object_get_member (body, "telemetryServerUrl");
  if (url == NULL || json_node_get_value_type (url) != G_TYPE_STRING)
    {
      respond_text (msg, SOUP_STATUS_OK, "OK");
      return;
    }

  soup_server_message_pause (msg);
  genkit_runtime_notify_async (self->runtime, json_node_get_string (url), NULL,
                               genkit_reflection_server_notify_cb, g_object_ref (msg));
}

static void
genkit_reflection_server_cancel_cb (GObject      *object,
                                    GAsyncResult *result,
                                    gpointer      user_data)
{
  g_autoptr(SoupServerMessage) msg = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) body = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  guint status = SOUP_STATUS_OK;

  if (genkit_runtime_cancel_action_finish (GENKIT_RUNTIME (object), result, &error))
    json_object_set_string_member (body, "message", "Action cancelled");
  else
    {
      status = g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND)
               ? SOUP_STATUS_NOT_FOUND
               : genkit_error_code_to_http_status (genkit_error_get_code (error));
      json_object_set_string_member (body, "message", error->message);
    }

  node = json_node_init_object (json_node_alloc (), body);
  respond_json (msg, status, node);
  soup_server_message_unpause (msg);
}

static void
handle_cancel (GenkitReflectionServer *self,
               SoupServerMessage      *msg)
{
  static const char *const keys[] = { "traceId", NULL };
  g_autoptr(JsonObject) body = parse_object_body (msg, keys);
  JsonNode *trace_id;

  if (body == NULL)
    return;

  trace_id = json_object_get_member (body, "traceId");
  if (trace_id == NULL || json_node_get_value_type (trace_id) != G_TYPE_STRING)
    {
      g_autoptr(JsonNode) answer = json_from_string ("{\"error\": \"traceId is required\"}", NULL);

      respond_json (msg, SOUP_STATUS_BAD_REQUEST, answer);
      return;
    }

  soup_server_message_pause (msg);
  genkit_runtime_cancel_action_async (self->runtime, json_node_get_string (trace_id), NULL,
                                      genkit_reflection_server_cancel_cb, g_object_ref (msg));
}

static gboolean
genkit_reflection_server_emit_quit (gpointer user_data)
{
  g_signal_emit (user_data, signals[QUIT_REQUESTED], 0);
  return G_SOURCE_REMOVE;
}

/* runAction ---------------------------------------------------------------------------------- */

typedef struct
{
  GenkitReflectionServer *self;
  SoupServerMessage      *msg;
  GCancellable           *cancellable;
  char                   *key;
  char                   *trace_id;
  char                   *span_id;
  gboolean                streaming;
  gboolean                span_started;     /* errors from now on travel in a 200 body */
  gboolean                headers_flushed;  /* the headers went out; the body is chunked */
  gboolean                finished;
  guint                   flush_id;         /* idle that sends the headers, while pending */
  GenkitActionResult     *result;
  GError                 *error;
  gulong                  disconnected_id;
} RunRequest;

static void
run_request_free (RunRequest *request)
{
  g_clear_handle_id (&request->flush_id, g_source_remove);
  if (request->disconnected_id != 0)
    g_signal_handler_disconnect (request->msg, request->disconnected_id);
  g_clear_object (&request->self);
  g_clear_object (&request->msg);
  g_clear_object (&request->cancellable);
  g_free (request->key);
  g_free (request->trace_id);
  g_free (request->span_id);
  g_clear_pointer (&request->result, genkit_action_result_unref);
  g_clear_error (&request->error);
  g_free (request);
}

static void
run_request_disconnected_cb (SoupServerMessage *msg,
                             gpointer           user_data)
{
  RunRequest *request = user_data;

  /* Nobody will read the result: stop the work. */
  request->finished = TRUE;
  g_clear_handle_id (&request->flush_id, g_source_remove);
  g_cancellable_cancel (request->cancellable);
}

static void
run_request_set_headers (RunRequest *request)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (request->msg);

  soup_server_message_set_status (request->msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (headers, "Content-Type",
                                request->streaming ? "text/plain" : "application/json");
  if (request->trace_id != NULL)
    soup_message_headers_replace (headers, "X-Genkit-Trace-Id", request->trace_id);
  if (request->span_id != NULL)
    soup_message_headers_replace (headers, "X-Genkit-Span-Id", request->span_id);
}

/* Sends the status and headers now and keeps the body open (chunked). */
static void
run_request_flush_headers (RunRequest *request)
{
  g_clear_handle_id (&request->flush_id, g_source_remove);
  if (request->headers_flushed)
    return;

  run_request_set_headers (request);
  soup_message_headers_set_encoding (soup_server_message_get_response_headers (request->msg),
                                     SOUP_ENCODING_CHUNKED);
  request->headers_flushed = TRUE;
  soup_server_message_unpause (request->msg);
}

static gboolean
run_request_flush_idle_cb (gpointer user_data)
{
  RunRequest *request = user_data;

  request->flush_id = 0;
  if (!request->finished)
    run_request_flush_headers (request);
  return G_SOURCE_REMOVE;
}

static void
run_request_write (RunRequest *request,
                   const char *text,
                   gboolean    newline)
{
  SoupMessageBody *body = soup_server_message_get_response_body (request->msg);

  soup_message_body_append (body, SOUP_MEMORY_COPY, text, strlen (text));
  if (newline)
    soup_message_body_append (body, SOUP_MEMORY_STATIC, "\n", 1);
  soup_server_message_unpause (request->msg);
}

static void
run_request_started_cb (const char *trace_id,
                        const char *span_id,
                        gpointer    user_data)
{
  RunRequest *request = user_data;

  if (request->span_started || request->finished)
    return;

  request->span_started = TRUE;
  request->trace_id = g_strdup (trace_id);
  request->span_id = g_strdup (span_id);

  /* The headers go out once the callbacks already queued have run: a run that ends within
   * this turn of the main loop is then answered in one write with a length, a longer one gets
   * its trace id before anything else, as Genkit's clients expect. */
  request->flush_id = g_idle_add (run_request_flush_idle_cb, request);
}

static void
run_request_chunk_cb (JsonNode *chunk,
                      gpointer  user_data)
{
  RunRequest *request = user_data;
  g_autofree char *text = NULL;

  if (request->finished)
    return;

  run_request_flush_headers (request);

  /* Compact JSON never holds a raw newline, so a line is a chunk. */
  text = json_to_string (chunk, FALSE);
  run_request_write (request, text, TRUE);
}

static void
run_request_finish (RunRequest *request)
{
  g_autoptr(JsonNode) final = NULL;
  g_autofree char *text = NULL;

  if (request->finished)
    return;
  request->finished = TRUE;

  if (request->error != NULL && !request->span_started)
    {
      /* Failed before the span existed: an unknown key is a 404 in text, anything else (input
       * validation) the JavaScript runtime's catch-all answer — code 13 when not streaming. */
      if (g_error_matches (request->error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND))
        {
          g_autofree char *message = g_strdup_printf ("action %s not found", request->key);

          respond_text (request->msg, SOUP_STATUS_NOT_FOUND, message);
        }
      else
        {
          final = error_envelope (request->error, NULL, request->streaming ? 0 : GENKIT_ERROR_INTERNAL);
          respond_json (request->msg, SOUP_STATUS_OK, final);
        }
      soup_server_message_unpause (request->msg);
      return;
    }

  if (request->error != NULL)
    final = error_envelope (request->error, request->trace_id, 0);
  else
    final = _genkit_reflection_run_response (request->result);
  text = json_to_string (final, FALSE);

  if (!request->headers_flushed)
    {
      /* Still in time for one write with a length. */
      gsize length = strlen (text);

      g_clear_handle_id (&request->flush_id, g_source_remove);
      run_request_set_headers (request);
      soup_server_message_set_response (request->msg,
                                        request->streaming ? "text/plain" : "application/json",
                                        SOUP_MEMORY_TAKE, g_steal_pointer (&text), length);
      soup_server_message_unpause (request->msg);
      return;
    }

  run_request_write (request, text, FALSE);
  soup_message_body_complete (soup_server_message_get_response_body (request->msg));
  soup_server_message_unpause (request->msg);
}

static void
genkit_reflection_server_run_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  RunRequest *request = user_data;

  request->result = _genkit_reflection_run_finish (result, &request->error);
  run_request_finish (request);
  run_request_free (request);
}

static void
handle_run_action (GenkitReflectionServer *self,
                   SoupServerMessage      *msg,
                   GHashTable             *query)
{
  static const char *const keys[] = { "key", "input", "init", "context", "telemetryLabels",
                                      "runtimeId", NULL };
  g_autoptr(JsonObject) body = parse_object_body (msg, keys);
  g_autoptr(GenkitRunOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  const char *stream = query ? g_hash_table_lookup (query, "stream") : NULL;
  RunRequest *request;
  JsonNode *key;

  if (body == NULL)
    return;

  key = json_object_get_member (body, "key");
  if (key == NULL || json_node_get_value_type (key) != G_TYPE_STRING)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT,
                     "The request needs a string “key”, the action key such as /flow/name");
      return;
    }

  if (!(options = _genkit_reflection_run_options_new (body, &error)))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, GENKIT_ERROR_INVALID_ARGUMENT, error->message);
      return;
    }

  request = g_new0 (RunRequest, 1);
  request->self = g_object_ref (self);
  request->msg = g_object_ref (msg);
  request->cancellable = g_cancellable_new ();
  request->key = g_strdup (json_node_get_string (key));
  request->streaming = g_strcmp0 (stream, "true") == 0;
  request->disconnected_id = g_signal_connect (msg, "disconnected",
                                               G_CALLBACK (run_request_disconnected_cb), request);

  genkit_run_options_set_started_func (options, run_request_started_cb, request, NULL);
  if (request->streaming)
    genkit_run_options_set_stream_func (options, run_request_chunk_cb, request, NULL);

  soup_server_message_pause (msg);
  _genkit_reflection_run_async (self->runtime, request->key, json_object_get_member (body, "input"),
                                options, request->cancellable,
                                genkit_reflection_server_run_cb, request);
}

/* Dispatch ---------------------------------------------------------------------------------- */

static void
genkit_reflection_server_handler (SoupServer        *server,
                                  SoupServerMessage *msg,
                                  const char        *path,
                                  GHashTable        *query,
                                  gpointer           user_data)
{
  GenkitReflectionServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = g_str_equal (method, SOUP_METHOD_GET);
  gboolean post = g_str_equal (method, SOUP_METHOD_POST);

  /* The early handler already answered an oversized body. */
  if (soup_server_message_get_status (msg) != 0)
    return;

  add_common_headers (msg);
  if (!check_request_origin (msg))
    return;

  if (g_str_equal (method, SOUP_METHOD_OPTIONS))
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

      soup_message_headers_replace (headers, "Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      soup_message_headers_replace (headers, "Access-Control-Allow-Headers", "Content-Type");
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
    }
  else if (get && g_str_equal (path, "/api/__health"))
    handle_health (self, msg, query);
  else if (get && g_str_equal (path, "/api/actions"))
    {
      soup_server_message_pause (msg);
      genkit_runtime_list_actions_async (self->runtime, NULL, genkit_reflection_server_actions_cb,
                                         g_object_ref (msg));
    }
  else if (get && g_str_equal (path, "/api/values"))
    handle_values (self, msg, query);
  else if (get && g_str_equal (path, "/api/envs"))
    handle_envs (msg);
  else if (post && g_str_equal (path, "/api/runAction"))
    handle_run_action (self, msg, query);
  else if (post && g_str_equal (path, "/api/cancelAction"))
    handle_cancel (self, msg);
  else if (post && g_str_equal (path, "/api/notify"))
    handle_notify (self, msg);
  else if (get && g_str_equal (path, "/api/__quitquitquit"))
    {
      respond_text (msg, SOUP_STATUS_OK, "OK");
      g_idle_add_full (G_PRIORITY_DEFAULT, genkit_reflection_server_emit_quit,
                       g_object_ref (self), g_object_unref);
    }
  else
    {
      /* Express's answer, word for word, so tools that match on it keep working. */
      g_autofree char *page = g_strdup_printf ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
                                               "<meta charset=\"utf-8\">\n<title>Error</title>\n"
                                               "</head>\n<body>\n<pre>Cannot %s %s</pre>\n</body>\n"
                                               "</html>\n", method, path);

      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                        page, strlen (page));
    }
}

/* GObject ----------------------------------------------------------------------------------- */

static void
genkit_reflection_server_dispose (GObject *object)
{
  GenkitReflectionServer *self = GENKIT_REFLECTION_SERVER (object);

  genkit_reflection_server_stop (self);
  g_clear_object (&self->server);
  g_clear_object (&self->v2_client);
  g_clear_object (&self->runtime);

  G_OBJECT_CLASS (genkit_reflection_server_parent_class)->dispose (object);
}

static void
genkit_reflection_server_finalize (GObject *object)
{
  GenkitReflectionServer *self = GENKIT_REFLECTION_SERVER (object);

  g_free (self->url);
  g_free (self->runtime_id);
  g_free (self->runtime_file);

  G_OBJECT_CLASS (genkit_reflection_server_parent_class)->finalize (object);
}

static void
genkit_reflection_server_class_init (GenkitReflectionServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_reflection_server_dispose;
  object_class->finalize = genkit_reflection_server_finalize;

  /**
   * GenkitReflectionServer::quit-requested:
   * @self: the server
   *
   * Emitted after answering `GET /api/__quitquitquit`; the program should stop the server
   * (which removes its runtime file) and exit, as the JavaScript runtime does.
   */
  signals[QUIT_REQUESTED] =
    g_signal_new ("quit-requested",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
genkit_reflection_server_init (GenkitReflectionServer *self)
{
  self->max_body_size = GENKIT_REFLECTION_DEFAULT_MAX_BODY_SIZE;
}

/**
 * genkit_reflection_server_new:
 * @runtime: the runtime to serve, usually a [class@Genkit.LocalRuntime]
 *
 * Creates a reflection server for @runtime; it listens once
 * [method@Genkit.ReflectionServer.listen] is called.
 *
 * Returns: (transfer full): a new server
 */
GenkitReflectionServer *
genkit_reflection_server_new (GenkitRuntime *runtime)
{
  GenkitReflectionServer *self;

  g_return_val_if_fail (GENKIT_IS_RUNTIME (runtime), NULL);

  self = g_object_new (GENKIT_TYPE_REFLECTION_SERVER, NULL);
  self->runtime = g_object_ref (runtime);
  return self;
}

/**
 * genkit_reflection_server_get_runtime:
 * @self: a [class@Genkit.ReflectionServer]
 *
 * Gets the runtime served.
 *
 * Returns: (transfer none): the runtime
 */
GenkitRuntime *
genkit_reflection_server_get_runtime (GenkitReflectionServer *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_SERVER (self), NULL);
  return self->runtime;
}

static gboolean
try_listen (SoupServer  *server,
            guint        port,
            GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return soup_server_listen (server, address, 0, error);
}

static gboolean
genkit_reflection_server_listen_range (GenkitReflectionServer  *self,
                                       guint                    first,
                                       guint                    last,
                                       GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *env_id = g_getenv ("GENKIT_RUNTIME_ID");

  if (self->server != NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                   "The reflection server is already listening on %s", self->url);
      return FALSE;
    }

  self->server = soup_server_new ("server-header", "genkit-studio/" GENKIT_VERSION_STRING " ", NULL);
  _genkit_soup_server_plug_accept_leak (self->server);
  soup_server_add_early_handler (self->server, NULL, genkit_reflection_server_early_handler, self, NULL);
  soup_server_add_handler (self->server, NULL, genkit_reflection_server_handler, self, NULL);

  for (guint candidate = first; candidate <= last; candidate++)
    {
      g_clear_error (&local_error);
      if (try_listen (self->server, candidate, &local_error))
        break;
    }

  if (local_error != NULL)
    {
      g_clear_object (&self->server);
      if (first == last)
        g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                     "Cannot listen on 127.0.0.1:%u: %s", first, local_error->message);
      else
        g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                     "No free port for the reflection server between %u and %u", first, last);
      return FALSE;
    }

  {
    GSList *listeners = soup_server_get_listeners (self->server);
    g_autoptr(GSocketAddress) address = g_socket_get_local_address (listeners->data, NULL);

    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
    g_slist_free (listeners);
  }

  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  self->runtime_id = env_id && *env_id ? g_strdup (env_id)
                                       : g_strdup_printf ("%d-%u", (int) getpid (), self->port);
  if (GENKIT_IS_LOCAL_RUNTIME (self->runtime))
    {
      genkit_local_runtime_set_id (GENKIT_LOCAL_RUNTIME (self->runtime), self->runtime_id);
      genkit_local_runtime_set_reflection_server_url (GENKIT_LOCAL_RUNTIME (self->runtime), self->url);
    }
  return TRUE;
}

/**
 * genkit_reflection_server_listen:
 * @self: a [class@Genkit.ReflectionServer]
 * @port: the port to listen on, or 0 for Genkit's choice: the first free port from 3100 to
 *   3200
 * @error: return location for an error
 *
 * Starts serving on 127.0.0.1. Sets the runtime's id to `GENKIT_RUNTIME_ID` or
 * `<pid>-<port>` and, for a [class@Genkit.LocalRuntime], its reflection server URL.
 *
 * Returns: %TRUE when listening; %FALSE with `UNAVAILABLE` when the port (or every port of
 *   the range) is taken, or `FAILED_PRECONDITION` when already listening
 */
gboolean
genkit_reflection_server_listen (GenkitReflectionServer  *self,
                                 guint                    port,
                                 GError                 **error)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_SERVER (self), FALSE);

  if (port == 0)
    return genkit_reflection_server_listen_range (self, FIRST_PORT, LAST_PORT, error);
  return genkit_reflection_server_listen_range (self, port, port, error);
}

/**
 * genkit_reflection_server_listen_any:
 * @self: a [class@Genkit.ReflectionServer]
 * @error: return location for an error
 *
 * Starts serving on 127.0.0.1 on any free port the system picks, for tests and programs that
 * do not want Genkit's port range. Otherwise like [method@Genkit.ReflectionServer.listen].
 *
 * Returns: %TRUE when listening
 */
gboolean
genkit_reflection_server_listen_any (GenkitReflectionServer  *self,
                                     GError                 **error)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_SERVER (self), FALSE);

  return genkit_reflection_server_listen_range (self, 0, 0, error);
}

/**
 * genkit_reflection_server_get_port:
 * @self: a [class@Genkit.ReflectionServer]
 *
 * Gets the port listened on.
 *
 * Returns: the port, or 0 before [method@Genkit.ReflectionServer.listen]
 */
guint
genkit_reflection_server_get_port (GenkitReflectionServer *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_SERVER (self), 0);
  return self->port;
}

/**
 * genkit_reflection_server_get_url:
 * @self: a [class@Genkit.ReflectionServer]
 *
 * Gets the base URL, `http://127.0.0.1:<port>` (a literal address: `localhost` may resolve
 * to `::1`, where nothing listens).
 *
 * Returns: (transfer none) (nullable): the URL, or %NULL before listening
 */
const char *
genkit_reflection_server_get_url (GenkitReflectionServer *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_SERVER (self), NULL);
  return self->url;
}

/**
 * genkit_reflection_server_get_runtime_id:
 * @self: a [class@Genkit.ReflectionServer]
 *
 * Gets the runtime id written to the discovery file: `GENKIT_RUNTIME_ID`, else
 * `<pid>-<port>`.
 *
 * Returns: (transfer none) (nullable): the id, or %NULL before listening
 */
const char *
genkit_reflection_server_get_runtime_id (GenkitReflectionServer *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_SERVER (self), NULL);
  return self->runtime_id;
}

/**
 * genkit_reflection_server_set_max_body_size:
 * @self: a [class@Genkit.ReflectionServer]
 * @max_bytes: the largest request body accepted, in bytes
 *
 * Sets the request body limit; larger bodies are refused with 413 (or, when sent chunked,
 * the connection is dropped). The default is [const@Genkit.REFLECTION_DEFAULT_MAX_BODY_SIZE].
 */
void
genkit_reflection_server_set_max_body_size (GenkitReflectionServer *self,
                                            gsize                   max_bytes)
{
  g_return_if_fail (GENKIT_IS_REFLECTION_SERVER (self));
  self->max_body_size = max_bytes;
}

static char *
iso8601_now (gint64 *epoch_ms)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");

  *epoch_ms = g_date_time_to_unix (now) * 1000 + g_date_time_get_microsecond (now) / 1000;
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (now) / 1000);
}

/**
 * genkit_reflection_server_write_runtime_file:
 * @self: a listening [class@Genkit.ReflectionServer]
 * @project_root: the project root, where `.genkit/runtimes/` is (see protocol §1.2)
 * @error: return location for an error
 *
 * Writes the runtime discovery file `<project_root>/.genkit/runtimes/<pid>-<port>-<ms>.json`
 * (protocol §1.3: `id`, `pid`, `name`, `reflectionServerUrl`, `timestamp`, `genkitVersion`,
 * `reflectionApiSpecVersion`), atomically, so the Genkit CLI and the studio find this runtime.
 *
 * Returns: %TRUE on success; %FALSE with `FAILED_PRECONDITION` before listening, or
 *   `INTERNAL` when the file cannot be written
 */
gboolean
genkit_reflection_server_write_runtime_file (GenkitReflectionServer  *self,
                                             const char              *project_root,
                                             GError                 **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *name = NULL;
  g_autofree char *timestamp = NULL;
  g_autofree char *text = NULL;
  g_autofree char *display_name = NULL;
  gint64 epoch_ms;

  g_return_val_if_fail (GENKIT_IS_REFLECTION_SERVER (self), FALSE);
  g_return_val_if_fail (project_root != NULL, FALSE);

  if (self->url == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                           "The reflection server must listen before it writes its runtime file");
      return FALSE;
    }

  timestamp = iso8601_now (&epoch_ms);
  display_name = genkit_runtime_dup_name (self->runtime);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, self->runtime_id);
  json_builder_set_member_name (builder, "pid");
  json_builder_add_int_value (builder, getpid ());
  if (display_name != NULL && !g_str_equal (display_name, self->runtime_id))
    {
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, display_name);
    }
  json_builder_set_member_name (builder, "reflectionServerUrl");
  json_builder_add_string_value (builder, self->url);
  json_builder_set_member_name (builder, "timestamp");
  json_builder_add_string_value (builder, timestamp);
  json_builder_set_member_name (builder, "genkitVersion");
  json_builder_add_string_value (builder, "c/" GENKIT_VERSION_STRING);
  json_builder_set_member_name (builder, "reflectionApiSpecVersion");
  json_builder_add_int_value (builder, GENKIT_REFLECTION_API_SPEC_VERSION);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  text = json_generator_to_data (generator, NULL);

  dir = g_build_filename (project_root, ".genkit", "runtimes", NULL);
  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                   "Cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }

  name = g_strdup_printf ("%d-%u-%" G_GINT64_FORMAT ".json", (int) getpid (), self->port, epoch_ms);
  g_free (self->runtime_file);
  self->runtime_file = g_build_filename (dir, name, NULL);

  /* g_file_set_contents writes a temporary file and renames it: the CLI never sees half. */
  if (!g_file_set_contents (self->runtime_file, text, -1, &local_error))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                   "Cannot write the runtime file: %s", local_error->message);
      g_clear_pointer (&self->runtime_file, g_free);
      return FALSE;
    }
  return TRUE;
}

/**
 * genkit_reflection_server_get_runtime_file:
 * @self: a [class@Genkit.ReflectionServer]
 *
 * Gets the path of the discovery file written, if any.
 *
 * Returns: (transfer none) (nullable): the path, or %NULL
 */
const char *
genkit_reflection_server_get_runtime_file (GenkitReflectionServer *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_SERVER (self), NULL);
  return self->runtime_file;
}

/* Deletes our runtime file if it is still ours: another process may have replaced it (the
 * same rule as Genkit's, which compares the file's pid with its own). */
static void
remove_runtime_file (GenkitReflectionServer *self)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (self->runtime_file == NULL)
    return;

  if (g_file_get_contents (self->runtime_file, &contents, NULL, NULL) &&
      (node = genkit_json_parse (contents, -1, NULL)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (node) &&
      json_object_has_member (json_node_get_object (node), "pid") &&
      json_node_get_value_type (json_object_get_member (json_node_get_object (node), "pid")) == G_TYPE_INT64 &&
      json_object_get_int_member (json_node_get_object (node), "pid") == getpid ())
    g_unlink (self->runtime_file);

  g_clear_pointer (&self->runtime_file, g_free);
}

/**
 * genkit_reflection_server_stop:
 * @self: a [class@Genkit.ReflectionServer]
 *
 * Stops listening and removes the runtime file (only if it still names this process). Safe
 * to call more than once, and from a SIGINT/SIGTERM handler installed with
 * `g_unix_signal_add()`.
 */
void
genkit_reflection_server_stop (GenkitReflectionServer *self)
{
  g_return_if_fail (GENKIT_IS_REFLECTION_SERVER (self));

  remove_runtime_file (self);
  if (self->server != NULL)
    soup_server_disconnect (self->server);
  if (self->v2_client != NULL)
    genkit_reflection_v2_client_stop (self->v2_client);
}

/**
 * genkit_reflection_server_get_v2_client:
 * @self: a [class@Genkit.ReflectionServer]
 *
 * Gets the reflection API v2 client that serves the runtime instead of this HTTP server, when
 * [func@Genkit.ReflectionServer.start_dev] found `GENKIT_REFLECTION_V2_SERVER` set.
 *
 * Returns: (transfer none) (nullable): the client, or %NULL when serving over HTTP
 */
GenkitReflectionV2Client *
genkit_reflection_server_get_v2_client (GenkitReflectionServer *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_SERVER (self), NULL);
  return self->v2_client;
}

/**
 * genkit_reflection_server_start_dev:
 * @registry: the app's registry
 * @name: (nullable): the name the Genkit tools show for the app (Genkit's
 *   `genkit({name})`), or %NULL for the runtime id
 * @error: return location for an error
 *
 * What a Genkit app does at start in development (`js/core/src/reflection.ts`): when
 * `GENKIT_ENV` is `dev`, serves @registry's actions on the reflection API (port
 * `GENKIT_REFLECTION_PORT`, else the first free one from 3100) and writes the discovery file
 * under the project root of the current directory, so `genkit start`, `genkit flow:run` and the
 * studio find the app. Stop it with [method@Genkit.ReflectionServer.stop] on exit (from a
 * SIGINT/SIGTERM handler too) to remove the file.
 *
 * When `GENKIT_REFLECTION_V2_SERVER` names the WebSocket of the Genkit tools (reflection API
 * v2: `genkit start --experimental-reflection-v2`, `genkit eval:flow … -- <cmd>`), there is no
 * HTTP server and no discovery file, as in Genkit's runtimes: the returned server does not
 * listen, and its [method@Genkit.ReflectionServer.get_v2_client] connects to the tools and
 * serves the actions there until [method@Genkit.ReflectionServer.stop].
 *
 * Returns: (transfer full) (nullable): the listening (or, in v2, connecting) server; %NULL
 *   without an error when `GENKIT_ENV` is not `dev`, or with @error set when the server
 *   cannot listen or the file cannot be written
 */
GenkitReflectionServer *
genkit_reflection_server_start_dev (GenkitRegistry  *registry,
                                    const char      *name,
                                    GError         **error)
{
  g_autoptr(GenkitLocalRuntime) runtime = NULL;
  g_autoptr(GenkitReflectionServer) server = NULL;
  g_autofree char *cwd = NULL;
  g_autofree char *root = NULL;
  const char *port_text = g_getenv ("GENKIT_REFLECTION_PORT");
  const char *v2_url;
  guint64 port = 0;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);

  if (g_strcmp0 (g_getenv ("GENKIT_ENV"), "dev") != 0)
    return NULL;

  if (port_text != NULL && *port_text != '\0' &&
      (!g_ascii_string_to_unsigned (port_text, 10, 1, 65535, &port, NULL)))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "GENKIT_REFLECTION_PORT is not a port number: “%s”", port_text);
      return NULL;
    }

  runtime = genkit_local_runtime_new (registry);
  if (name != NULL)
    genkit_local_runtime_set_name (runtime, name);
  server = genkit_reflection_server_new (GENKIT_RUNTIME (runtime));

  v2_url = g_getenv ("GENKIT_REFLECTION_V2_SERVER");
  if (v2_url != NULL && *v2_url != '\0')
    {
      server->v2_client = genkit_reflection_v2_client_new (GENKIT_RUNTIME (runtime), v2_url);
      genkit_reflection_v2_client_start (server->v2_client);
      return g_steal_pointer (&server);
    }

  cwd = g_get_current_dir ();
  root = genkit_find_project_root (cwd);
  if (!genkit_reflection_server_listen (server, (guint) port, error) ||
      !genkit_reflection_server_write_runtime_file (server, root, error))
    return NULL;

  return g_steal_pointer (&server);
}
