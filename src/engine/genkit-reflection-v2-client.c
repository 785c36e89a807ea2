/* genkit-reflection-v2-client.c — a runtime served over Genkit's reflection API v2: it
 * connects to the tools' WebSocket and answers their JSON-RPC calls
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <unistd.h>

#include <libsoup/soup.h>

#include "genkit-error.h"
#include "genkit-input-channel.h"
#include "genkit-local-runtime.h"
#include "genkit-reflection-private.h"
#include "genkit-reflection-server.h"
#include "genkit-reflection-v2-client.h"

/* Reconnection backoff of js/core/src/reflection-v2.ts: 500 ms × 2^n, at most 5 s. */
#define RECONNECT_BASE_MS 500
#define RECONNECT_MAX_MS  5000

/**
 * GenkitReflectionV2Client:
 *
 * Serves a [iface@Genkit.Runtime] over Genkit's experimental reflection API v2
 * (`js/core/src/reflection-v2.ts`, protocol §3): the direction of v1 reversed. The Genkit tools
 * (`genkit start --experimental-reflection-v2`, `genkit eval:flow … -- <cmd>`, or the studio's
 * [class@Genkit.ReflectionV2Server]) listen on a WebSocket and name it in
 * `GENKIT_REFLECTION_V2_SERVER`; the runtime connects there, sends `register` and answers, one
 * JSON-RPC 2.0 message a text frame:
 *
 * | method | answer |
 * |---|---|
 * | `listActions` | `{actions: {<key>: ActionDescriptor}}` |
 * | `listValues {type}` | `{values: {…}}`; an unsupported type is error -32602 |
 * | `runAction {key, input?, init?, context?, telemetryLabels?, stream?, streamInput?}` | `{result, telemetry: {traceId}}`, after a `runActionState {requestId, state: {traceId}}` notification once the span exists and, with `stream`, one `streamChunk {requestId, chunk}` per chunk; an unknown action is -32602, a failed run -32000 with the Genkit `Status` (code, message, `details.traceId`) as data |
 * | `cancelAction {traceId}` | `{message: "Action cancelled"}`, or -32602 when nothing runs under that trace |
 * | `configure {telemetryServerUrl}` (notification) | the runtime's telemetry server changes, unless `GENKIT_TELEMETRY_SERVER` is set |
 * | `sendInputStreamChunk {requestId, chunk}`, `endInputStream {requestId}` (notifications) | input of a bidirectional run (`streamInput`, such as an agent's turns), through a [class@Genkit.InputChannel] |
 *
 * `register` sends `id` (`GENKIT_RUNTIME_ID`, else the process id), `pid`, `name` (the
 * runtime's, else the id), `genkitVersion` (`c/<version>`), `reflectionApiSpecVersion` and
 * `envs: ["dev"]`; the `telemetryServerUrl` of its answer is passed to
 * [method@Genkit.Runtime.notify_async]. When the connection closes, open input streams end
 * and the runs it carried are cancelled (nobody can read their answers), and the client
 * connects again after 0.5, 1, 2, 4, then every 5 seconds until
 * [method@Genkit.ReflectionV2Client.stop].
 *
 * [func@Genkit.ReflectionServer.start_dev] starts one instead of the HTTP server when
 * `GENKIT_REFLECTION_V2_SERVER` is set.
 */
struct _GenkitReflectionV2Client
{
  GObject                  parent_instance;

  GenkitRuntime           *runtime;
  char                    *url;
  char                    *runtime_id;
  SoupSession             *session;
  SoupWebsocketConnection *connection;
  GCancellable            *connect_cancellable;
  GSource                 *reconnect_source;
  GHashTable              *runs;            /* request id → borrowed V2Run of this connection */
  guint                    reconnect_count;
  guint                    n_connects;
  guint64                  last_request_id;
  char                    *register_id;
  gboolean                 running;
  gboolean                 registered;
};

G_DEFINE_FINAL_TYPE (GenkitReflectionV2Client, genkit_reflection_v2_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_REGISTERED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void connect_now (GenkitReflectionV2Client *self);

/* One runAction being served. The table of the client borrows it; the run owns it. */
typedef struct
{
  GenkitReflectionV2Client *self;
  SoupWebsocketConnection  *connection;   /* where the answer goes */
  char                     *request_id;
  GCancellable             *cancellable;
  GenkitInputChannel       *input;
  char                     *key;
  char                     *trace_id;
} V2Run;

static void
v2_run_free (V2Run *run)
{
  g_clear_object (&run->self);
  g_clear_object (&run->connection);
  g_free (run->request_id);
  g_clear_object (&run->cancellable);
  g_clear_object (&run->input);
  g_free (run->key);
  g_free (run->trace_id);
  g_free (run);
}

static void
set_registered (GenkitReflectionV2Client *self,
                gboolean                  registered)
{
  if (self->registered == registered)
    return;
  self->registered = registered;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REGISTERED]);
}

/* Ends what the connection carried: input streams close (the action sees its input end),
 * runs are cancelled. */
static void
end_runs (GenkitReflectionV2Client *self)
{
  GHashTableIter iter;
  V2Run *run;

  g_hash_table_iter_init (&iter, self->runs);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &run))
    {
      if (run->input != NULL)
        genkit_input_channel_close (run->input);
      g_cancellable_cancel (run->cancellable);
    }
  g_hash_table_remove_all (self->runs);
}

/* Answers ------------------------------------------------------------------------------------ */

static void
send_status_error (SoupWebsocketConnection *connection,
                   const char              *id,
                   const GError            *error,
                   const char              *trace_id)
{
  JsonNode *status = genkit_error_to_status (error, trace_id);
  const char *message = error->message;

  if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      message = "Action was cancelled";
      json_object_set_int_member (json_node_get_object (status), "code", GENKIT_ERROR_CANCELLED);
      json_object_set_string_member (json_node_get_object (status), "message", message);
    }
  _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_ACTION_FAILED, message, status);
}

typedef struct
{
  SoupWebsocketConnection *connection;
  char                    *id;
} Reply;

static Reply *
reply_new (SoupWebsocketConnection *connection,
           const char              *id)
{
  Reply *reply = g_new0 (Reply, 1);

  reply->connection = g_object_ref (connection);
  reply->id = g_strdup (id);
  return reply;
}

static void
reply_free (Reply *reply)
{
  g_object_unref (reply->connection);
  g_free (reply->id);
  g_free (reply);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Reply, reply_free)

static void
list_actions_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *listing = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);
  g_autoptr(JsonObject) answer = json_object_new ();

  if (listing == NULL)
    {
      send_status_error (reply->connection, reply->id, error, NULL);
      return;
    }
  json_object_set_member (answer, "actions", listing);
  _genkit_jsonrpc_send_result (reply->connection, reply->id,
                               json_node_init_object (json_node_alloc (), answer));
}

static void
list_values_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *values = genkit_runtime_list_values_finish (GENKIT_RUNTIME (object), result, &error);
  g_autoptr(JsonObject) answer = json_object_new ();

  if (values == NULL)
    {
      if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT))
        _genkit_jsonrpc_send_error (reply->connection, reply->id, GENKIT_JSONRPC_INVALID_PARAMS,
                                    error->message, NULL);
      else
        send_status_error (reply->connection, reply->id, error, NULL);
      return;
    }
  json_object_set_member (answer, "values", values);
  _genkit_jsonrpc_send_result (reply->connection, reply->id,
                               json_node_init_object (json_node_alloc (), answer));
}

static void
cancel_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(Reply) reply = user_data;
  g_autoptr(GError) error = NULL;

  if (genkit_runtime_cancel_action_finish (GENKIT_RUNTIME (object), result, &error))
    {
      g_autoptr(JsonObject) answer = json_object_new ();

      json_object_set_string_member (answer, "message", "Action cancelled");
      _genkit_jsonrpc_send_result (reply->connection, reply->id,
                                   json_node_init_object (json_node_alloc (), answer));
    }
  else if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND))
    _genkit_jsonrpc_send_error (reply->connection, reply->id, GENKIT_JSONRPC_INVALID_PARAMS,
                                "Action not found or already completed", NULL);
  else
    send_status_error (reply->connection, reply->id, error, NULL);
}

static void
notify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!genkit_runtime_notify_finish (GENKIT_RUNTIME (object), result, &error))
    g_warning ("Cannot use the telemetry server the Genkit tools named: %s", error->message);
}

/* runAction ----------------------------------------------------------------------------------- */

static void
v2_run_started_cb (const char *trace_id,
                   const char *span_id,
                   gpointer    user_data)
{
  V2Run *run = user_data;
  g_autoptr(JsonObject) state = json_object_new ();

  if (run->trace_id != NULL)
    return;
  run->trace_id = g_strdup (trace_id);
  json_object_set_string_member (state, "traceId", trace_id);
  _genkit_jsonrpc_send_notification (run->connection, "runActionState",
                                     _genkit_jsonrpc_params_new (run->request_id, "state",
                                                                 json_node_init_object (json_node_alloc (), state)));
}

static void
v2_run_chunk_cb (JsonNode *chunk,
                 gpointer  user_data)
{
  V2Run *run = user_data;

  _genkit_jsonrpc_send_notification (run->connection, "streamChunk",
                                     _genkit_jsonrpc_params_new (run->request_id, "chunk",
                                                                 json_node_copy (chunk)));
}

static void
v2_run_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  V2Run *run = user_data;
  GenkitReflectionV2Client *self = run->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitActionResult) action_result = _genkit_reflection_run_finish (result, &error);

  if (g_hash_table_lookup (self->runs, run->request_id) == run)
    g_hash_table_remove (self->runs, run->request_id);

  if (action_result != NULL)
    _genkit_jsonrpc_send_result (run->connection, run->request_id,
                                 _genkit_reflection_run_response (action_result));
  else if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND) && run->trace_id == NULL)
    {
      g_autofree char *message = g_strdup_printf ("action %s not found", run->key);

      _genkit_jsonrpc_send_error (run->connection, run->request_id, GENKIT_JSONRPC_INVALID_PARAMS,
                                  message, NULL);
    }
  else
    send_status_error (run->connection, run->request_id, error, run->trace_id);

  v2_run_free (run);
}

static void
handle_run_action (GenkitReflectionV2Client *self,
                   SoupWebsocketConnection  *connection,
                   const char               *id,
                   JsonObject               *params)
{
  g_autoptr(GenkitRunOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *key = json_object_get_member (params, "key");
  V2Run *run;

  if (key == NULL || json_node_get_value_type (key) != G_TYPE_STRING)
    {
      _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_INVALID_PARAMS,
                                  "runAction needs a string “key”, the action key such as /flow/name", NULL);
      return;
    }
  if (g_hash_table_contains (self->runs, id))
    {
      _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_INVALID_PARAMS,
                                  "A run with this request id is already under way", NULL);
      return;
    }
  if (!(options = _genkit_reflection_run_options_new (params, &error)))
    {
      _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_INVALID_PARAMS, error->message, NULL);
      return;
    }

  run = g_new0 (V2Run, 1);
  run->self = g_object_ref (self);
  run->connection = g_object_ref (connection);
  run->request_id = g_strdup (id);
  run->cancellable = g_cancellable_new ();
  run->key = g_strdup (json_node_get_string (key));
  g_hash_table_insert (self->runs, run->request_id, run);

  genkit_run_options_set_started_func (options, v2_run_started_cb, run, NULL);
  if (json_object_get_boolean_member_with_default (params, "stream", FALSE))
    genkit_run_options_set_stream_func (options, v2_run_chunk_cb, run, NULL);
  if (json_object_get_boolean_member_with_default (params, "streamInput", FALSE))
    {
      run->input = genkit_input_channel_new ();
      genkit_run_options_set_input_channel (options, run->input);
    }

  _genkit_reflection_run_async (self->runtime, run->key, json_object_get_member (params, "input"),
                                options, run->cancellable, v2_run_cb, run);
}

/* The bidirectional run a `sendInputStreamChunk` or `endInputStream` names. */
static V2Run *
lookup_input_run (GenkitReflectionV2Client *self,
                  JsonObject               *params,
                  const char               *method)
{
  const char *request_id = json_object_get_string_member_with_default (params, "requestId", NULL);
  V2Run *run = request_id ? g_hash_table_lookup (self->runs, request_id) : NULL;

  if (run == NULL || run->input == NULL)
    {
      g_debug ("%s for a request that has no open input stream: %s", method,
               request_id ? request_id : "(none)");
      return NULL;
    }
  return run;
}

/* Dispatch ------------------------------------------------------------------------------------ */

static void
handle_request (GenkitReflectionV2Client *self,
                SoupWebsocketConnection  *connection,
                const char               *method,
                const char               *id,
                JsonObject               *params)
{
  const char *text;
  V2Run *run;

  if (g_str_equal (method, "listActions") && id != NULL)
    genkit_runtime_list_actions_async (self->runtime, NULL, list_actions_cb, reply_new (connection, id));
  else if (g_str_equal (method, "listValues") && id != NULL)
    {
      if (!(text = json_object_get_string_member_with_default (params, "type", NULL)))
        _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_INVALID_PARAMS,
                                    "listValues needs a string “type”", NULL);
      else
        genkit_runtime_list_values_async (self->runtime, text, NULL, list_values_cb,
                                          reply_new (connection, id));
    }
  else if (g_str_equal (method, "runAction") && id != NULL)
    handle_run_action (self, connection, id, params);
  else if (g_str_equal (method, "cancelAction") && id != NULL)
    {
      if (!(text = json_object_get_string_member_with_default (params, "traceId", NULL)))
        _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_INVALID_PARAMS,
                                    "cancelAction needs a string “traceId”", NULL);
      else
        genkit_runtime_cancel_action_async (self->runtime, text, NULL, cancel_cb,
                                            reply_new (connection, id));
    }
  else if (g_str_equal (method, "configure"))
    {
      if ((text = json_object_get_string_member_with_default (params, "telemetryServerUrl", NULL)))
        genkit_runtime_notify_async (self->runtime, text, NULL, notify_cb, NULL);
    }
  else if (g_str_equal (method, "sendInputStreamChunk"))
    {
      if ((run = lookup_input_run (self, params, method)) && json_object_has_member (params, "chunk"))
        genkit_input_channel_send (run->input, json_object_get_member (params, "chunk"));
    }
  else if (g_str_equal (method, "endInputStream"))
    {
      if ((run = lookup_input_run (self, params, method)))
        genkit_input_channel_close (run->input);
    }
  else if (id != NULL)
    {
      g_autofree char *message = g_strdup_printf ("Method not found: %s", method);

      _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_METHOD_NOT_FOUND, message, NULL);
    }
}

/* The answer to our `register`, the only request this side sends. */
static void
handle_response (GenkitReflectionV2Client *self,
                 JsonObject               *message)
{
  const char *id = _genkit_jsonrpc_get_id (message);
  JsonNode *result = json_object_get_member (message, "result");
  const char *url;

  if (g_strcmp0 (id, self->register_id) != 0)
    {
      g_debug ("Reflection v2: an answer to no request of ours (id %s)", id ? id : "(none)");
      return;
    }
  g_clear_pointer (&self->register_id, g_free);

  if (json_object_has_member (message, "error"))
    {
      g_autoptr(JsonNode) error = json_node_copy (json_object_get_member (message, "error"));
      g_autofree char *text = json_to_string (error, FALSE);

      g_warning ("The Genkit tools at %s refused this runtime: %s", self->url, text);
      return;
    }

  set_registered (self, TRUE);
  if (result != NULL && JSON_NODE_HOLDS_OBJECT (result) &&
      (url = json_object_get_string_member_with_default (json_node_get_object (result),
                                                         "telemetryServerUrl", NULL)) != NULL)
    genkit_runtime_notify_async (self->runtime, url, NULL, notify_cb, NULL);
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *data,
            gpointer                 user_data)
{
  GenkitReflectionV2Client *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(JsonObject) no_params = NULL;
  JsonNode *params;
  const char *method;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || !(message = _genkit_jsonrpc_parse (data, &error)))
    {
      g_warning ("Reflection v2: an unreadable message from %s: %s", self->url,
                 error ? error->message : "not a text frame");
      return;
    }

  method = json_object_get_string_member_with_default (message, "method", NULL);
  if (method == NULL)
    {
      handle_response (self, message);
      return;
    }

  params = json_object_get_member (message, "params");
  if (params == NULL || !JSON_NODE_HOLDS_OBJECT (params))
    {
      const char *id = _genkit_jsonrpc_get_id (message);

      if (params != NULL && !JSON_NODE_HOLDS_NULL (params))
        {
          if (id != NULL)
            _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_INVALID_PARAMS,
                                        "“params” must be an object", NULL);
          return;
        }
      no_params = json_object_new ();
    }
  handle_request (self, connection, method, _genkit_jsonrpc_get_id (message),
                  no_params ? no_params : json_node_get_object (params));
}

/* Connection ------------------------------------------------------------------------------------ */

static JsonNode *
register_params (GenkitReflectionV2Client *self)
{
  g_autoptr(JsonObject) params = json_object_new ();
  g_autofree char *name = genkit_runtime_dup_name (self->runtime);
  JsonArray *envs = json_array_new ();

  json_object_set_string_member (params, "id", self->runtime_id);
  json_object_set_int_member (params, "pid", getpid ());
  json_object_set_string_member (params, "name", name && *name ? name : self->runtime_id);
  json_object_set_string_member (params, "genkitVersion", "c/" GENKIT_VERSION_STRING);
  json_object_set_int_member (params, "reflectionApiSpecVersion", GENKIT_REFLECTION_API_SPEC_VERSION);
  json_array_add_string_element (envs, "dev");
  json_object_set_array_member (params, "envs", envs);
  return json_node_init_object (json_node_alloc (), params);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  GenkitReflectionV2Client *self = user_data;

  g_clear_pointer (&self->reconnect_source, g_source_unref);
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (GenkitReflectionV2Client *self)
{
  guint delay = RECONNECT_BASE_MS;

  if (!self->running || self->reconnect_source != NULL)
    return;

  for (guint i = 0; i < self->reconnect_count && delay < RECONNECT_MAX_MS; i++)
    delay *= 2;
  delay = MIN (delay, RECONNECT_MAX_MS);
  self->reconnect_count++;

  g_debug ("Reflection v2: connecting to %s again in %u ms", self->url, delay);
  self->reconnect_source = g_timeout_source_new (delay);
  g_source_set_callback (self->reconnect_source, reconnect_cb, self, NULL);
  g_source_attach (self->reconnect_source, g_main_context_get_thread_default ());
}

static void
drop_connection (GenkitReflectionV2Client *self)
{
  if (self->connection == NULL)
    return;
  g_signal_handlers_disconnect_by_data (self->connection, self);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
  g_clear_pointer (&self->register_id, g_free);
  end_runs (self);
  set_registered (self, FALSE);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  GenkitReflectionV2Client *self = user_data;

  g_debug ("Reflection v2: the connection to %s closed (%u)", self->url,
           soup_websocket_connection_get_close_code (connection));
  drop_connection (self);
  schedule_reconnect (self);
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GenkitReflectionV2Client *self = user_data;
  g_autoptr(GError) error = NULL;
  SoupWebsocketConnection *connection;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->connect_cancellable);

  if (connection == NULL)
    {
      g_debug ("Reflection v2: cannot connect to %s: %s", self->url, error->message);
      schedule_reconnect (self);
      g_object_unref (self);
      return;
    }

  self->connection = connection;
  self->reconnect_count = 0;
  self->n_connects++;
  soup_websocket_connection_set_max_incoming_payload_size (connection,
                                                           GENKIT_REFLECTION_V2_MAX_MESSAGE_SIZE);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);

  self->register_id = g_strdup_printf ("%" G_GUINT64_FORMAT, ++self->last_request_id);
  _genkit_jsonrpc_send_request (connection, self->register_id, "register", register_params (self));
  g_object_unref (self);
}

/* libsoup connects WebSockets through an HTTP message: ws:// and wss:// become http(s)://. */
static char *
handshake_url (const char *url)
{
  if (g_str_has_prefix (url, "ws://"))
    return g_strconcat ("http://", url + strlen ("ws://"), NULL);
  if (g_str_has_prefix (url, "wss://"))
    return g_strconcat ("https://", url + strlen ("wss://"), NULL);
  return g_strdup (url);
}

static void
connect_now (GenkitReflectionV2Client *self)
{
  g_autofree char *http_url = handshake_url (self->url);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, http_url);

  if (!self->running || self->connection != NULL || self->connect_cancellable != NULL)
    return;

  if (msg == NULL)
    {
      g_warning ("GENKIT_REFLECTION_V2_SERVER is not a WebSocket URL: “%s”", self->url);
      return;
    }

  self->connect_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (self->session, msg, NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->connect_cancellable, connected_cb, g_object_ref (self));
}

/* GObject ---------------------------------------------------------------------------------------- */

static void
genkit_reflection_v2_client_dispose (GObject *object)
{
  GenkitReflectionV2Client *self = GENKIT_REFLECTION_V2_CLIENT (object);

  genkit_reflection_v2_client_stop (self);
  g_clear_object (&self->session);
  g_clear_object (&self->runtime);

  G_OBJECT_CLASS (genkit_reflection_v2_client_parent_class)->dispose (object);
}

static void
genkit_reflection_v2_client_finalize (GObject *object)
{
  GenkitReflectionV2Client *self = GENKIT_REFLECTION_V2_CLIENT (object);

  g_hash_table_unref (self->runs);
  g_free (self->url);
  g_free (self->runtime_id);
  g_free (self->register_id);

  G_OBJECT_CLASS (genkit_reflection_v2_client_parent_class)->finalize (object);
}

static void
genkit_reflection_v2_client_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  GenkitReflectionV2Client *self = GENKIT_REFLECTION_V2_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REGISTERED:
      g_value_set_boolean (value, self->registered);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_reflection_v2_client_class_init (GenkitReflectionV2ClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_reflection_v2_client_dispose;
  object_class->finalize = genkit_reflection_v2_client_finalize;
  object_class->get_property = genkit_reflection_v2_client_get_property;

  /**
   * GenkitReflectionV2Client:registered:
   *
   * Whether the Genkit tools answered this connection's `register`: from then on they list
   * and run the runtime's actions. %FALSE again while the connection is down.
   */
  properties[PROP_REGISTERED] =
    g_param_spec_boolean ("registered", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_reflection_v2_client_init (GenkitReflectionV2Client *self)
{
  self->runs = g_hash_table_new (g_str_hash, g_str_equal);
  /* The runs of a connection last as long as their actions; no I/O timeout may end them. */
  self->session = soup_session_new_with_options ("timeout", 0, "idle-timeout", 0, NULL);
}

/**
 * genkit_reflection_v2_client_new:
 * @runtime: the runtime to serve, usually a [class@Genkit.LocalRuntime]
 * @url: the WebSocket of the Genkit tools, `ws://host:port` (what
 *   `GENKIT_REFLECTION_V2_SERVER` holds)
 *
 * Creates a client that serves @runtime to the tools at @url once
 * [method@Genkit.ReflectionV2Client.start] is called. The runtime id it registers with is
 * `GENKIT_RUNTIME_ID` when set, else the process id (as the JavaScript runtime's); a
 * [class@Genkit.LocalRuntime] takes that id and @url as its reflection server URL.
 *
 * Returns: (transfer full): a new client
 */
GenkitReflectionV2Client *
genkit_reflection_v2_client_new (GenkitRuntime *runtime,
                                 const char    *url)
{
  GenkitReflectionV2Client *self;
  const char *env_id = g_getenv ("GENKIT_RUNTIME_ID");

  g_return_val_if_fail (GENKIT_IS_RUNTIME (runtime), NULL);
  g_return_val_if_fail (url != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_REFLECTION_V2_CLIENT, NULL);
  self->runtime = g_object_ref (runtime);
  self->url = g_strdup (url);
  self->runtime_id = env_id && *env_id ? g_strdup (env_id) : g_strdup_printf ("%d", (int) getpid ());
  if (GENKIT_IS_LOCAL_RUNTIME (runtime))
    {
      genkit_local_runtime_set_id (GENKIT_LOCAL_RUNTIME (runtime), self->runtime_id);
      genkit_local_runtime_set_reflection_server_url (GENKIT_LOCAL_RUNTIME (runtime), url);
    }
  return self;
}

/**
 * genkit_reflection_v2_client_get_runtime:
 * @self: a [class@Genkit.ReflectionV2Client]
 *
 * Gets the runtime served.
 *
 * Returns: (transfer none): the runtime
 */
GenkitRuntime *
genkit_reflection_v2_client_get_runtime (GenkitReflectionV2Client *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_CLIENT (self), NULL);
  return self->runtime;
}

/**
 * genkit_reflection_v2_client_get_url:
 * @self: a [class@Genkit.ReflectionV2Client]
 *
 * Gets the WebSocket URL of the Genkit tools this client connects to.
 *
 * Returns: (transfer none): the URL
 */
const char *
genkit_reflection_v2_client_get_url (GenkitReflectionV2Client *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_CLIENT (self), NULL);
  return self->url;
}

/**
 * genkit_reflection_v2_client_get_runtime_id:
 * @self: a [class@Genkit.ReflectionV2Client]
 *
 * Gets the id sent in `register`: `GENKIT_RUNTIME_ID`, else the process id.
 *
 * Returns: (transfer none): the id
 */
const char *
genkit_reflection_v2_client_get_runtime_id (GenkitReflectionV2Client *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_CLIENT (self), NULL);
  return self->runtime_id;
}

/**
 * genkit_reflection_v2_client_get_registered:
 * @self: a [class@Genkit.ReflectionV2Client]
 *
 * Gets [property@Genkit.ReflectionV2Client:registered].
 *
 * Returns: %TRUE while connected and registered
 */
gboolean
genkit_reflection_v2_client_get_registered (GenkitReflectionV2Client *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_CLIENT (self), FALSE);
  return self->registered;
}

/**
 * genkit_reflection_v2_client_get_n_connects:
 * @self: a [class@Genkit.ReflectionV2Client]
 *
 * Gets how many times a connection to the tools was made, reconnections included.
 *
 * Returns: the number of successful connections since creation
 */
guint
genkit_reflection_v2_client_get_n_connects (GenkitReflectionV2Client *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_CLIENT (self), 0);
  return self->n_connects;
}

/**
 * genkit_reflection_v2_client_start:
 * @self: a [class@Genkit.ReflectionV2Client]
 *
 * Connects to the tools (again with backoff whenever the connection fails or closes) and
 * serves the runtime on every connection. Connection errors are not reported: the tools may
 * simply not be up yet, and the client keeps trying, as Genkit's does.
 */
void
genkit_reflection_v2_client_start (GenkitReflectionV2Client *self)
{
  g_return_if_fail (GENKIT_IS_REFLECTION_V2_CLIENT (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->reconnect_count = 0;
  connect_now (self);
}

/**
 * genkit_reflection_v2_client_stop:
 * @self: a [class@Genkit.ReflectionV2Client]
 *
 * Closes the connection, cancels the runs it carried and stops reconnecting. Safe to call
 * more than once.
 */
void
genkit_reflection_v2_client_stop (GenkitReflectionV2Client *self)
{
  g_return_if_fail (GENKIT_IS_REFLECTION_V2_CLIENT (self));

  self->running = FALSE;
  if (self->reconnect_source != NULL)
    {
      g_source_destroy (self->reconnect_source);
      g_clear_pointer (&self->reconnect_source, g_source_unref);
    }
  if (self->connect_cancellable != NULL)
    {
      g_cancellable_cancel (self->connect_cancellable);
      g_clear_object (&self->connect_cancellable);
    }
  drop_connection (self);
}
