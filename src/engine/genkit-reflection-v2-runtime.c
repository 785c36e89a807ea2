/* genkit-reflection-v2-runtime.c — a Genkit runtime connected to the studio's reflection API v2
 * WebSocket, driven over JSON-RPC
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <libsoup/soup.h>

#include "genkit-error.h"
#include "genkit-input-channel.h"
#include "genkit-json.h"
#include "genkit-reflection-private.h"
#include "genkit-reflection-v2-runtime.h"
#include "genkit-remote-runtime-private.h"
#include "genkit-run-options-private.h"

/* The Genkit tools give up on calls other than runAction after 30 s (manager-v2.ts). */
#define DEFAULT_TIMEOUT_MS 30000

/**
 * GenkitReflectionV2Runtime:
 *
 * A Genkit runtime that connected to a [class@Genkit.ReflectionV2Server] and registered
 * (reflection API v2, protocol §3). It implements [iface@Genkit.Runtime] the way the Genkit
 * tools' `RuntimeManagerV2` (`genkit-tools/common/src/manager/manager-v2.ts`) drives a runtime,
 * one JSON-RPC 2.0 message a WebSocket text frame:
 *
 * | operation | message |
 * |---|---|
 * | [method@Genkit.Runtime.list_actions_async] | request `listActions` |
 * | [method@Genkit.Runtime.run_action_async] | request `runAction` (`stream` with a stream callback, `streamInput` with an input channel) |
 * | [method@Genkit.Runtime.cancel_action_async] | request `cancelAction {traceId}` |
 * | [method@Genkit.Runtime.list_values_async] | request `listValues {type}` |
 * | [method@Genkit.Runtime.notify_async] | notification `configure {telemetryServerUrl}` |
 *
 * A run's started callback gets the trace id of the runtime's `runActionState` notification
 * (with an empty span id: v2 does not carry it), its stream callback every `streamChunk`; the
 * inputs of the run options' [class@Genkit.InputChannel] go out as `sendInputStreamChunk`
 * notifications and its end as `endInputStream`, so agents and other bidirectional actions
 * run as they do under the Genkit Dev UI. Cancelling a run's #GCancellable finishes it at
 * once with `GENKIT_ERROR_CANCELLED` and sends `cancelAction` as soon as the trace id is
 * known.
 *
 * Errors: a failed run gives the runtime's `Status` (the JSON-RPC error's `data`) as a
 * [const@Genkit.ERROR] error; -32602 (an unknown action or trace) is `NOT_FOUND` for
 * `runAction` and `cancelAction`, `INVALID_ARGUMENT` otherwise; -32601 is `UNIMPLEMENTED`.
 * Calls other than `runAction` fail with `DEADLINE_EXCEEDED` after
 * [property@Genkit.ReflectionV2Runtime:timeout] milliseconds, and every call under way fails
 * with `UNAVAILABLE` when the runtime's connection closes.
 */
struct _GenkitReflectionV2Runtime
{
  GObject                  parent_instance;

  SoupWebsocketConnection *connection;
  char                    *id;
  char                    *name;
  char                    *genkit_version;
  char                    *server_url;
  GDateTime               *timestamp;
  gint64                   pid;
  guint                    timeout_ms;
  guint64                  last_request_id;
  GHashTable              *calls;      /* request id → owned Call */
  gboolean                 connected;
};

static void runtime_iface_init (GenkitRuntimeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitReflectionV2Runtime, genkit_reflection_v2_runtime, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_RUNTIME, runtime_iface_init))

enum {
  PROP_0,
  PROP_PID,
  PROP_TIMESTAMP,
  PROP_CONNECTED,
  PROP_TIMEOUT,
  N_PROPS,
  PROP_ID = N_PROPS,
  PROP_NAME,
  PROP_GENKIT_VERSION,
  PROP_REFLECTION_SERVER_URL,
};

static GParamSpec *properties[N_PROPS];

/* Calls ------------------------------------------------------------------------------------- */

/* One request under way. A finished (answered, timed out, cancelled) run stays in the table
 * until the runtime answers, so a late trace id still gets its cancelAction. */
typedef struct
{
  GenkitReflectionV2Runtime *self;          /* borrowed: the table is the runtime's */
  char                      *id;
  char                      *method;
  GTask                     *task;          /* NULL once finished */
  GSource                   *timeout;
  GenkitRunOptions          *options;       /* runAction only */
  GCancellable              *pump_cancellable;
  char                      *trace_id;
  gulong                     cancelled_id;
  gboolean                   cancel_wanted;
} Call;

static void
call_free (Call *call)
{
  if (call->timeout != NULL)
    {
      g_source_destroy (call->timeout);
      g_source_unref (call->timeout);
    }
  if (call->pump_cancellable != NULL)
    {
      g_cancellable_cancel (call->pump_cancellable);
      g_object_unref (call->pump_cancellable);
    }
  if (call->task != NULL && call->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (call->task), call->cancelled_id);
  g_clear_object (&call->task);
  g_clear_pointer (&call->options, genkit_run_options_unref);
  g_free (call->id);
  g_free (call->method);
  g_free (call->trace_id);
  g_free (call);
}

/* Hands the task its outcome and stops the call's timers and input pump. */
static void
call_complete (Call               *call,
               GError             *error,
               gpointer            value,
               GDestroyNotify      value_free)
{
  g_autoptr(GTask) task = g_steal_pointer (&call->task);

  if (task == NULL)
    {
      if (error != NULL)
        g_error_free (error);
      else if (value != NULL && value_free != NULL)
        value_free (value);
      return;
    }
  if (call->cancelled_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (task), call->cancelled_id);
  call->cancelled_id = 0;
  if (call->timeout != NULL)
    {
      g_source_destroy (call->timeout);
      g_clear_pointer (&call->timeout, g_source_unref);
    }
  if (call->pump_cancellable != NULL)
    g_cancellable_cancel (call->pump_cancellable);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, value, value_free);
}

static gboolean
call_timeout_cb (gpointer user_data)
{
  Call *call = user_data;
  GenkitReflectionV2Runtime *self = call->self;

  call_complete (call, g_error_new (GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED,
                                    "The runtime %s did not answer %s within %u ms",
                                    self->id, call->method, self->timeout_ms), NULL, NULL);
  g_hash_table_remove (self->calls, call->id);
  return G_SOURCE_REMOVE;
}

static Call *
call_start (GenkitReflectionV2Runtime *self,
            GTask                     *task,
            const char                *method,
            JsonNode                  *params,
            gboolean                   timed)
{
  Call *call = g_new0 (Call, 1);

  call->self = self;
  call->id = g_strdup_printf ("%" G_GUINT64_FORMAT, ++self->last_request_id);
  call->method = g_strdup (method);
  call->task = task;
  g_hash_table_insert (self->calls, call->id, call);

  if (!self->connected)
    {
      if (params != NULL)
        json_node_unref (params);
      call_complete (call, g_error_new (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                                        "The runtime %s is no longer connected", self->id), NULL, NULL);
      g_hash_table_remove (self->calls, call->id);
      return NULL;
    }

  if (timed && self->timeout_ms > 0)
    {
      call->timeout = g_timeout_source_new (self->timeout_ms);
      g_source_set_callback (call->timeout, call_timeout_cb, call, NULL);
      g_source_attach (call->timeout, g_main_context_get_thread_default ());
    }
  _genkit_jsonrpc_send_request (self->connection, call->id, method, params);
  return call;
}

/* A JSON-RPC error as a GError: Genkit's `Status` when the runtime sent one as `data`. */
static GError *
error_from_jsonrpc (Call       *call,
                    JsonObject *error)
{
  JsonNode *data = json_object_get_member (error, "data");
  gint64 code = json_object_get_int_member_with_default (error, "code", 0);
  const char *message = json_object_get_string_member_with_default (error, "message", "");

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data) &&
      json_object_has_member (json_node_get_object (data), "code"))
    return _genkit_remote_error_from_status (data);

  if (code == GENKIT_JSONRPC_INVALID_PARAMS)
    return g_error_new_literal (GENKIT_ERROR,
                                g_str_equal (call->method, "runAction") ||
                                g_str_equal (call->method, "cancelAction")
                                ? GENKIT_ERROR_NOT_FOUND : GENKIT_ERROR_INVALID_ARGUMENT,
                                message);
  if (code == GENKIT_JSONRPC_METHOD_NOT_FOUND)
    return g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNIMPLEMENTED, message);
  return g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL, message);
}

/* The result object of a call, or %NULL with @error for a result of another shape. */
static JsonObject *
result_object (JsonNode    *result,
               const char  *method,
               GError     **error)
{
  if (result == NULL || !JSON_NODE_HOLDS_OBJECT (result))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                   "The runtime's %s answer is not a JSON object", method);
      return NULL;
    }
  return json_node_get_object (result);
}

static void
run_notify_started (Call       *call,
                    const char *trace_id)
{
  GenkitRunOptions *options = call->options;

  if (call->trace_id != NULL)
    return;
  call->trace_id = g_strdup (trace_id);
  if (call->task != NULL && options != NULL && options->started_func != NULL)
    options->started_func (trace_id, "", options->started_data);
}

static void cancel_sent_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
run_send_cancel (Call *call)
{
  if (!call->cancel_wanted || call->trace_id == NULL)
    return;
  call->cancel_wanted = FALSE;
  genkit_runtime_cancel_action_async (GENKIT_RUNTIME (call->self), call->trace_id, NULL,
                                      cancel_sent_cb, NULL);
}

/* The runtime's answer to a runAction: the result, or its Status. */
static void
run_answered (Call       *call,
              JsonObject *message)
{
  JsonNode *error_node = json_object_get_member (message, "error");
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  JsonObject *telemetry;

  if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
    {
      JsonNode *data = json_object_get_member (json_node_get_object (error_node), "data");

      /* A run that failed before runActionState still names its trace. */
      if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
        {
          JsonObject *details = json_object_get_object_member (json_node_get_object (data), "details");
          const char *trace_id = details ? json_object_get_string_member_with_default (details, "traceId", NULL)
                                         : NULL;

          if (trace_id != NULL)
            run_notify_started (call, trace_id);
        }
      call_complete (call, error_from_jsonrpc (call, json_node_get_object (error_node)), NULL, NULL);
      return;
    }

  if (!(result = result_object (json_object_get_member (message, "result"), "runAction", &error)))
    {
      call_complete (call, g_steal_pointer (&error), NULL, NULL);
      return;
    }
  telemetry = json_object_get_member (result, "telemetry") &&
              JSON_NODE_HOLDS_OBJECT (json_object_get_member (result, "telemetry"))
              ? json_object_get_object_member (result, "telemetry") : NULL;
  if (telemetry != NULL && json_object_get_string_member_with_default (telemetry, "traceId", NULL))
    run_notify_started (call, json_object_get_string_member (telemetry, "traceId"));

  call_complete (call, NULL,
                 genkit_action_result_new (json_object_get_member (result, "result"),
                                           call->trace_id, NULL),
                 (GDestroyNotify) genkit_action_result_unref);
}

/* Messages from the runtime ------------------------------------------------------------------- */

static Call *
call_for_notification (GenkitReflectionV2Runtime *self,
                       JsonObject                *params)
{
  const char *request_id = params ? json_object_get_string_member_with_default (params, "requestId", NULL)
                                  : NULL;

  return request_id ? g_hash_table_lookup (self->calls, request_id) : NULL;
}

void
_genkit_reflection_v2_runtime_handle (GenkitReflectionV2Runtime *self,
                                      JsonObject                *message)
{
  const char *method = json_object_get_string_member_with_default (message, "method", NULL);
  JsonNode *params_node = json_object_get_member (message, "params");
  JsonObject *params = params_node && JSON_NODE_HOLDS_OBJECT (params_node)
                       ? json_node_get_object (params_node) : NULL;
  const char *id = _genkit_jsonrpc_get_id (message);
  Call *call;

  if (method != NULL && g_str_equal (method, "streamChunk"))
    {
      call = call_for_notification (self, params);
      if (call != NULL && call->task != NULL && call->options != NULL &&
          call->options->stream_func != NULL && json_object_has_member (params, "chunk"))
        call->options->stream_func (json_object_get_member (params, "chunk"), call->options->stream_data);
    }
  else if (method != NULL && g_str_equal (method, "runActionState"))
    {
      JsonNode *state = params ? json_object_get_member (params, "state") : NULL;
      const char *trace_id = state && JSON_NODE_HOLDS_OBJECT (state)
                             ? json_object_get_string_member_with_default (json_node_get_object (state), "traceId", NULL)
                             : NULL;

      if ((call = call_for_notification (self, params)) != NULL && trace_id != NULL)
        {
          run_notify_started (call, trace_id);
          run_send_cancel (call);
        }
    }
  else if (method != NULL)
    g_debug ("Reflection v2: runtime %s sent an unknown method %s", self->id, method);
  else if (id != NULL && (call = g_hash_table_lookup (self->calls, id)) != NULL)
    {
      if (g_str_equal (call->method, "runAction"))
        run_answered (call, message);
      else if (json_object_has_member (message, "error") &&
               JSON_NODE_HOLDS_OBJECT (json_object_get_member (message, "error")))
        call_complete (call, error_from_jsonrpc (call, json_object_get_object_member (message, "error")),
                       NULL, NULL);
      else
        call_complete (call, NULL,
                       json_node_copy (json_object_get_member (message, "result") ?: json_node_new (JSON_NODE_NULL)),
                       (GDestroyNotify) json_node_unref);
      g_hash_table_remove (self->calls, id);
    }
  else
    g_debug ("Reflection v2: runtime %s answered an unknown request %s", self->id, id ? id : "(none)");
}

void
_genkit_reflection_v2_runtime_disconnected (GenkitReflectionV2Runtime *self)
{
  GHashTableIter iter;
  Call *call;

  if (!self->connected)
    return;
  self->connected = FALSE;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &call))
    call_complete (call, g_error_new (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                                      "The runtime %s disconnected before it answered %s",
                                      self->id, call->method), NULL, NULL);
  g_hash_table_remove_all (self->calls);
  g_clear_object (&self->connection);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

/* GenkitRuntime --------------------------------------------------------------------------------- */

static gpointer
genkit_reflection_v2_runtime_pointer_finish (GenkitRuntime  *runtime,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, runtime), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
genkit_reflection_v2_runtime_boolean_finish (GenkitRuntime  *runtime,
                                             GAsyncResult   *result,
                                             GError        **error)
{
  g_autoptr(JsonNode) answer = genkit_reflection_v2_runtime_pointer_finish (runtime, result, error);

  return answer != NULL;
}

/* A call whose answer's member @member is the caller's result. */
typedef struct
{
  const char *method;
  const char *member;
} Unwrap;

static void
unwrap_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  const Unwrap *unwrap = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = g_task_propagate_pointer (G_TASK (result), &error);
  JsonObject *object_answer;
  JsonNode *value;

  if (answer == NULL || !(object_answer = result_object (answer, unwrap->method, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  value = json_object_get_member (object_answer, unwrap->member);
  if (value == NULL || !JSON_NODE_HOLDS_OBJECT (value))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                               "The runtime's %s answer has no “%s” object", unwrap->method, unwrap->member);
      return;
    }

  /* Genkit's manager fills in a missing key from the map (manager-v2.ts `listActions`). */
  if (g_str_equal (unwrap->method, "listActions"))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *descriptor;

      json_object_iter_init (&iter, json_node_get_object (value));
      while (json_object_iter_next (&iter, &key, &descriptor))
        if (JSON_NODE_HOLDS_OBJECT (descriptor) && !json_object_has_member (json_node_get_object (descriptor), "key"))
          json_object_set_string_member (json_node_get_object (descriptor), "key", key);
    }
  g_task_return_pointer (task, json_node_copy (value), (GDestroyNotify) json_node_unref);
}

static void
request_unwrapped (GenkitReflectionV2Runtime *self,
                   const Unwrap              *unwrap,
                   JsonNode                  *params,
                   GCancellable              *cancellable,
                   GAsyncReadyCallback        callback,
                   gpointer                   user_data,
                   gpointer                   source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GTask *inner = g_task_new (self, cancellable, unwrap_cb, task);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) unwrap, NULL);
  call_start (self, inner, unwrap->method, params, TRUE);
}

static void
genkit_reflection_v2_runtime_list_actions_async (GenkitRuntime       *runtime,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  static const Unwrap unwrap = { "listActions", "actions" };

  request_unwrapped (GENKIT_REFLECTION_V2_RUNTIME (runtime), &unwrap, NULL, cancellable,
                     callback, user_data, genkit_reflection_v2_runtime_list_actions_async);
}

static void
genkit_reflection_v2_runtime_list_values_async (GenkitRuntime       *runtime,
                                                const char          *type,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  static const Unwrap unwrap = { "listValues", "values" };
  g_autoptr(JsonObject) params = json_object_new ();

  json_object_set_string_member (params, "type", type);
  request_unwrapped (GENKIT_REFLECTION_V2_RUNTIME (runtime), &unwrap,
                     json_node_init_object (json_node_alloc (), params), cancellable,
                     callback, user_data, genkit_reflection_v2_runtime_list_values_async);
}

static void
genkit_reflection_v2_runtime_cancel_action_async (GenkitRuntime       *runtime,
                                                  const char          *trace_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  GTask *task = g_task_new (runtime, cancellable, callback, user_data);
  g_autoptr(JsonObject) params = json_object_new ();

  g_task_set_source_tag (task, genkit_reflection_v2_runtime_cancel_action_async);
  json_object_set_string_member (params, "traceId", trace_id);
  call_start (GENKIT_REFLECTION_V2_RUNTIME (runtime), task, "cancelAction",
              json_node_init_object (json_node_alloc (), params), TRUE);
}

static void
cancel_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!genkit_runtime_cancel_action_finish (GENKIT_RUNTIME (object), result, &error))
    g_debug ("cancelAction: %s", error->message);
}

static void
genkit_reflection_v2_runtime_notify_async (GenkitRuntime       *runtime,
                                           const char          *telemetry_server_url,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GenkitReflectionV2Runtime *self = GENKIT_REFLECTION_V2_RUNTIME (runtime);
  g_autoptr(GTask) task = g_task_new (runtime, cancellable, callback, user_data);
  g_autoptr(JsonObject) params = json_object_new ();

  g_task_set_source_tag (task, genkit_reflection_v2_runtime_notify_async);
  if (!self->connected)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                               "The runtime %s is no longer connected", self->id);
      return;
    }
  /* `configure` is a notification: there is no answer to wait for. */
  json_object_set_string_member (params, "telemetryServerUrl", telemetry_server_url);
  _genkit_jsonrpc_send_notification (self->connection, "configure",
                                     json_node_init_object (json_node_alloc (), params));
  g_task_return_pointer (task, json_node_new (JSON_NODE_NULL), (GDestroyNotify) json_node_unref);
}

/* runAction ------------------------------------------------------------------------------------ */

static void pump_input (Call *call, GenkitInputChannel *channel);

static void
pump_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Call *call = user_data;
  GenkitInputChannel *channel = GENKIT_INPUT_CHANNEL (object);
  g_autoptr(GError) error = NULL;
  JsonNode *input = genkit_input_channel_receive_finish (channel, result, &error);

  /* Cancelled: the call is gone or finished, @call may be freed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (input != NULL)
    {
      _genkit_jsonrpc_send_notification (call->self->connection, "sendInputStreamChunk",
                                         _genkit_jsonrpc_params_new (call->id, "chunk", input));
      pump_input (call, channel);
      return;
    }
  /* The end of the input, or its failure: either way the runtime's stream ends. */
  if (error != NULL)
    g_debug ("The input of run %s failed: %s", call->id, error->message);
  if (call->self->connection != NULL)
    _genkit_jsonrpc_send_notification (call->self->connection, "endInputStream",
                                       _genkit_jsonrpc_params_new (call->id, NULL, NULL));
}

static void
pump_input (Call               *call,
            GenkitInputChannel *channel)
{
  genkit_input_channel_receive_async (channel, call->pump_cancellable, pump_cb, call);
}

static gboolean run_cancelled_idle_cb (gpointer user_data);

/* The cancellable may fire on any thread, and disconnecting inside its handler deadlocks:
 * the run ends from an idle on the task's own context. */
static void
run_cancelled_cb (GCancellable *cancellable,
                  gpointer      user_data)
{
  GTask *task = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_callback (source, run_cancelled_idle_cb, g_object_ref (task), g_object_unref);
  g_source_attach (source, g_task_get_context (task));
  g_source_unref (source);
}

static gboolean
run_cancelled_idle_cb (gpointer user_data)
{
  GTask *task = user_data;
  GenkitReflectionV2Runtime *self = g_task_get_source_object (task);
  const char *id = g_task_get_task_data (task);
  Call *call = g_hash_table_lookup (self->calls, id);

  if (call != NULL && call->task == task)
    {
      call_complete (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_CANCELLED,
                                                "Action was cancelled"), NULL, NULL);
      call->cancel_wanted = TRUE;
      run_send_cancel (call);
    }
  return G_SOURCE_REMOVE;
}

static void
genkit_reflection_v2_runtime_run_action_async (GenkitRuntime       *runtime,
                                               const char          *key,
                                               JsonNode            *input,
                                               GenkitRunOptions    *options,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  GenkitReflectionV2Runtime *self = GENKIT_REFLECTION_V2_RUNTIME (runtime);
  GTask *task = g_task_new (runtime, cancellable, callback, user_data);
  g_autoptr(JsonObject) params = json_object_new ();
  GenkitInputChannel *channel = options ? options->input_channel : NULL;
  Call *call;

  g_task_set_source_tag (task, genkit_reflection_v2_runtime_run_action_async);
  /* A cancelled run ends with Genkit's CANCELLED, not GIO's. */
  g_task_set_check_cancellable (task, FALSE);
  json_object_set_string_member (params, "key", key);
  if (input != NULL)
    json_object_set_member (params, "input", json_node_copy (input));
  if (options != NULL && options->init != NULL)
    json_object_set_member (params, "init", json_node_copy (options->init));
  if (options != NULL && options->context != NULL)
    json_object_set_object_member (params, "context", json_object_ref (options->context));
  if (options != NULL && options->telemetry_labels != NULL)
    json_object_set_object_member (params, "telemetryLabels", json_object_ref (options->telemetry_labels));
  json_object_set_boolean_member (params, "stream", options != NULL && options->stream_func != NULL);
  json_object_set_boolean_member (params, "streamInput", channel != NULL);

  call = call_start (self, task, "runAction", json_node_init_object (json_node_alloc (), params), FALSE);
  if (call == NULL)
    return;
  call->options = options ? genkit_run_options_ref (options) : NULL;
  g_task_set_task_data (task, g_strdup (call->id), g_free);

  if (cancellable != NULL)
    call->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (run_cancelled_cb), task, NULL);
  if (channel != NULL)
    {
      call->pump_cancellable = g_cancellable_new ();
      pump_input (call, channel);
    }
}

static GenkitActionResult *
genkit_reflection_v2_runtime_run_action_finish (GenkitRuntime  *runtime,
                                                GAsyncResult   *result,
                                                GError        **error)
{
  return genkit_reflection_v2_runtime_pointer_finish (runtime, result, error);
}

static void
runtime_iface_init (GenkitRuntimeInterface *iface)
{
  iface->list_actions_async = genkit_reflection_v2_runtime_list_actions_async;
  iface->list_actions_finish = (gpointer) genkit_reflection_v2_runtime_pointer_finish;
  iface->run_action_async = genkit_reflection_v2_runtime_run_action_async;
  iface->run_action_finish = genkit_reflection_v2_runtime_run_action_finish;
  iface->cancel_action_async = genkit_reflection_v2_runtime_cancel_action_async;
  iface->cancel_action_finish = genkit_reflection_v2_runtime_boolean_finish;
  iface->list_values_async = genkit_reflection_v2_runtime_list_values_async;
  iface->list_values_finish = (gpointer) genkit_reflection_v2_runtime_pointer_finish;
  iface->notify_async = genkit_reflection_v2_runtime_notify_async;
  iface->notify_finish = genkit_reflection_v2_runtime_boolean_finish;
}

/* GObject --------------------------------------------------------------------------------------- */

static void
genkit_reflection_v2_runtime_dispose (GObject *object)
{
  GenkitReflectionV2Runtime *self = GENKIT_REFLECTION_V2_RUNTIME (object);

  _genkit_reflection_v2_runtime_disconnected (self);

  G_OBJECT_CLASS (genkit_reflection_v2_runtime_parent_class)->dispose (object);
}

static void
genkit_reflection_v2_runtime_finalize (GObject *object)
{
  GenkitReflectionV2Runtime *self = GENKIT_REFLECTION_V2_RUNTIME (object);

  g_hash_table_unref (self->calls);
  g_free (self->id);
  g_free (self->name);
  g_free (self->genkit_version);
  g_free (self->server_url);
  g_clear_pointer (&self->timestamp, g_date_time_unref);

  G_OBJECT_CLASS (genkit_reflection_v2_runtime_parent_class)->finalize (object);
}

static void
genkit_reflection_v2_runtime_get_property (GObject    *object,
                                           guint       prop_id,
                                           GValue     *value,
                                           GParamSpec *pspec)
{
  GenkitReflectionV2Runtime *self = GENKIT_REFLECTION_V2_RUNTIME (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_GENKIT_VERSION:
      g_value_set_string (value, self->genkit_version);
      break;
    case PROP_REFLECTION_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;
    case PROP_PID:
      g_value_set_int64 (value, self->pid);
      break;
    case PROP_TIMESTAMP:
      g_value_set_boxed (value, self->timestamp);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->connected);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_reflection_v2_runtime_set_property (GObject      *object,
                                           guint         prop_id,
                                           const GValue *value,
                                           GParamSpec   *pspec)
{
  GenkitReflectionV2Runtime *self = GENKIT_REFLECTION_V2_RUNTIME (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      genkit_reflection_v2_runtime_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_reflection_v2_runtime_class_init (GenkitReflectionV2RuntimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_reflection_v2_runtime_dispose;
  object_class->finalize = genkit_reflection_v2_runtime_finalize;
  object_class->get_property = genkit_reflection_v2_runtime_get_property;
  object_class->set_property = genkit_reflection_v2_runtime_set_property;

  /**
   * GenkitReflectionV2Runtime:pid:
   *
   * The runtime's process id, from its `register`.
   */
  properties[PROP_PID] =
    g_param_spec_int64 ("pid", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitReflectionV2Runtime:timestamp:
   *
   * When the runtime registered (the Genkit tools' `timestamp` of a v2 runtime).
   */
  properties[PROP_TIMESTAMP] =
    g_param_spec_boxed ("timestamp", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitReflectionV2Runtime:connected:
   *
   * Whether the runtime's WebSocket is still open; once %FALSE every call fails with
   * `UNAVAILABLE` (a runtime that reconnects registers as a new object).
   */
  properties[PROP_CONNECTED] =
    g_param_spec_boolean ("connected", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitReflectionV2Runtime:timeout:
   *
   * How long calls other than `runAction` wait for an answer, in milliseconds; 0 waits
   * forever. The default is 30000, the Genkit tools' limit.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
  g_object_class_override_property (object_class, PROP_ID, "id");
  g_object_class_override_property (object_class, PROP_NAME, "name");
  g_object_class_override_property (object_class, PROP_GENKIT_VERSION, "genkit-version");
  g_object_class_override_property (object_class, PROP_REFLECTION_SERVER_URL, "reflection-server-url");
}

static void
genkit_reflection_v2_runtime_init (GenkitReflectionV2Runtime *self)
{
  self->calls = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) call_free);
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
}

/* A runtime from the params of its `register` (`ReflectionRegisterParamsSchema`: a string
 * `id` and a number `pid` are required, `name`, `genkitVersion` and
 * `reflectionApiSpecVersion` optional). Sets `INVALID_ARGUMENT` for params of another shape. */
GenkitReflectionV2Runtime *
_genkit_reflection_v2_runtime_new (SoupWebsocketConnection  *connection,
                                   JsonObject               *params,
                                   const char               *server_url,
                                   GError                  **error)
{
  GenkitReflectionV2Runtime *self;
  JsonNode *id = params ? json_object_get_member (params, "id") : NULL;
  JsonNode *pid = params ? json_object_get_member (params, "pid") : NULL;
  JsonNode *name = params ? json_object_get_member (params, "name") : NULL;
  JsonNode *version = params ? json_object_get_member (params, "genkitVersion") : NULL;

  if (id == NULL || json_node_get_value_type (id) != G_TYPE_STRING || *json_node_get_string (id) == '\0' ||
      pid == NULL || json_node_get_value_type (pid) != G_TYPE_INT64 ||
      (name != NULL && json_node_get_value_type (name) != G_TYPE_STRING) ||
      (version != NULL && json_node_get_value_type (version) != G_TYPE_STRING))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "register needs a string “id” and a number “pid”; “name” and "
                           "“genkitVersion” are strings");
      return NULL;
    }

  self = g_object_new (GENKIT_TYPE_REFLECTION_V2_RUNTIME, NULL);
  self->connection = g_object_ref (connection);
  self->connected = TRUE;
  self->id = g_strdup (json_node_get_string (id));
  self->name = g_strdup (name ? json_node_get_string (name) : self->id);
  self->genkit_version = version ? g_strdup (json_node_get_string (version)) : NULL;
  self->pid = json_node_get_int (pid);
  self->server_url = g_strdup (server_url);
  self->timestamp = g_date_time_new_now_utc ();
  return self;
}

/**
 * genkit_reflection_v2_runtime_get_id:
 * @self: a [class@Genkit.ReflectionV2Runtime]
 *
 * Gets the id the runtime registered with (`GENKIT_RUNTIME_ID`, or its process id).
 *
 * Returns: (transfer none): the id
 */
const char *
genkit_reflection_v2_runtime_get_id (GenkitReflectionV2Runtime *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_RUNTIME (self), NULL);
  return self->id;
}

/**
 * genkit_reflection_v2_runtime_get_name:
 * @self: a [class@Genkit.ReflectionV2Runtime]
 *
 * Gets the runtime's display name, its id when it sent none.
 *
 * Returns: (transfer none): the name
 */
const char *
genkit_reflection_v2_runtime_get_name (GenkitReflectionV2Runtime *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_RUNTIME (self), NULL);
  return self->name;
}

/**
 * genkit_reflection_v2_runtime_get_genkit_version:
 * @self: a [class@Genkit.ReflectionV2Runtime]
 *
 * Gets the `genkitVersion` of the runtime's `register`, such as `nodejs/1.42.0`.
 *
 * Returns: (transfer none) (nullable): the version
 */
const char *
genkit_reflection_v2_runtime_get_genkit_version (GenkitReflectionV2Runtime *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_RUNTIME (self), NULL);
  return self->genkit_version;
}

/**
 * genkit_reflection_v2_runtime_get_pid:
 * @self: a [class@Genkit.ReflectionV2Runtime]
 *
 * Gets [property@Genkit.ReflectionV2Runtime:pid].
 *
 * Returns: the process id
 */
gint64
genkit_reflection_v2_runtime_get_pid (GenkitReflectionV2Runtime *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_RUNTIME (self), 0);
  return self->pid;
}

/**
 * genkit_reflection_v2_runtime_get_timestamp:
 * @self: a [class@Genkit.ReflectionV2Runtime]
 *
 * Gets [property@Genkit.ReflectionV2Runtime:timestamp].
 *
 * Returns: (transfer none): when the runtime registered, in UTC
 */
GDateTime *
genkit_reflection_v2_runtime_get_timestamp (GenkitReflectionV2Runtime *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_RUNTIME (self), NULL);
  return self->timestamp;
}

/**
 * genkit_reflection_v2_runtime_get_connected:
 * @self: a [class@Genkit.ReflectionV2Runtime]
 *
 * Gets [property@Genkit.ReflectionV2Runtime:connected].
 *
 * Returns: %TRUE while the runtime's connection is open
 */
gboolean
genkit_reflection_v2_runtime_get_connected (GenkitReflectionV2Runtime *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_RUNTIME (self), FALSE);
  return self->connected;
}

/**
 * genkit_reflection_v2_runtime_get_timeout:
 * @self: a [class@Genkit.ReflectionV2Runtime]
 *
 * Gets [property@Genkit.ReflectionV2Runtime:timeout].
 *
 * Returns: the limit of calls other than `runAction`, in milliseconds
 */
guint
genkit_reflection_v2_runtime_get_timeout (GenkitReflectionV2Runtime *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_RUNTIME (self), 0);
  return self->timeout_ms;
}

/**
 * genkit_reflection_v2_runtime_set_timeout:
 * @self: a [class@Genkit.ReflectionV2Runtime]
 * @timeout_ms: the limit in milliseconds, 0 for none
 *
 * Sets [property@Genkit.ReflectionV2Runtime:timeout] for calls made from now on.
 */
void
genkit_reflection_v2_runtime_set_timeout (GenkitReflectionV2Runtime *self,
                                          guint                      timeout_ms)
{
  g_return_if_fail (GENKIT_IS_REFLECTION_V2_RUNTIME (self));

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}
