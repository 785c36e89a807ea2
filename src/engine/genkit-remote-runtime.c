/* genkit-remote-runtime.c — a Genkit runtime in another process, driven over its reflection API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "genkit-action-result.h"
#include "genkit-error.h"
#include "genkit-json.h"
#include "genkit-reflection-server.h"
#include "genkit-remote-runtime.h"
#include "genkit-remote-runtime-private.h"
#include "genkit-run-options.h"
#include "genkit-run-options-private.h"
#include "genkit-runtime.h"

/* Short calls (everything but runAction) give up after this long unless told otherwise. */
#define DEFAULT_TIMEOUT_MS 30000

/* After the caller cancels a run and `POST /api/cancelAction` went out, how long the runtime
 * gets to answer with its CANCELLED error before the connection is dropped. */
#define CANCEL_GRACE_MS 3000

/* Bodies of error answers end up in messages; keep those readable. */
#define MAX_MESSAGE_BODY 1000

#define READ_SIZE 16384

/**
 * GenkitRemoteRuntime:
 *
 * A Genkit runtime in another process — a JavaScript, Go or Python app started with
 * `GENKIT_ENV=dev`, or another C program — driven through its reflection API v1 over HTTP.
 * It implements [iface@Genkit.Runtime] the way the Genkit CLI's runtime manager
 * (`RuntimeManager` in `genkit-tools/common/src/manager/manager.ts`) talks to a runtime:
 *
 * | operation | request |
 * |---|---|
 * | [method@Genkit.Runtime.list_actions_async] | `GET /api/actions` |
 * | [method@Genkit.Runtime.run_action_async] | `POST /api/runAction` (`?stream=true` with a stream callback) |
 * | [method@Genkit.Runtime.cancel_action_async] | `POST /api/cancelAction` |
 * | [method@Genkit.Runtime.list_values_async] | `GET /api/values?type=` |
 * | [method@Genkit.Runtime.notify_async] | `POST /api/notify` |
 * | [method@Genkit.RemoteRuntime.check_health_async] | `GET /api/__health?id=` |
 * | [method@Genkit.RemoteRuntime.list_envs_async] | `GET /api/envs` |
 * | [method@Genkit.RemoteRuntime.quit_async] | `GET /api/__quitquitquit` |
 *
 * Make one from a runtime discovery file ([ctor@Genkit.RemoteRuntime.new_from_info]), as
 * [class@Genkit.RuntimeMonitor] does for every file in a project's `.genkit/runtimes/`, or
 * from the base URL of a reflection server ([ctor@Genkit.RemoteRuntime.new_for_url]).
 *
 * Each runtime has one HTTP session. Short calls time out after
 * [property@Genkit.RemoteRuntime:timeout] milliseconds; an action run has no time limit.
 * A runtime that refuses the connection gives `GENKIT_ERROR_UNAVAILABLE`.
 *
 * Runs read the response headers as soon as they arrive: the started callback of the
 * [struct@Genkit.RunOptions] gets `X-Genkit-Trace-Id` and `X-Genkit-Span-Id` before the
 * action has finished, and streamed chunks reach the stream callback as each line arrives.
 * Cancelling a run's #GCancellable sends `POST /api/cancelAction` with its trace id (as soon as
 * the headers brought it); the run then finishes with `GENKIT_ERROR_CANCELLED` when the
 * runtime ends it, or 3 seconds later when the runtime does not.
 *
 * A failed run gives the runtime's `Status` as a [const@Genkit.ERROR] error with the runtime's
 * message. The JavaScript runtime reports errors thrown before the action's span (such as
 * input that fails the schema) with code 13 whatever they are; when such a message starts with
 * a status name (`INVALID_ARGUMENT: …`) that status is the error's code. When a failed run
 * sent no `X-Genkit-Trace-Id` header but its error names a trace (`details.traceId`), the
 * started callback gets that trace id with an empty span id. A `404` text answer
 * (`action /flow/x not found`) is `GENKIT_ERROR_NOT_FOUND`; an answer that is not JSON, or a
 * stream that ends without its final object, is `GENKIT_ERROR_INTERNAL`.
 *
 * ```c
 * g_autoptr(GError) error = NULL;
 * g_autoptr(GenkitRemoteRuntime) runtime =
 *   genkit_remote_runtime_new_for_url ("http://127.0.0.1:3100", &error);
 *
 * genkit_runtime_list_actions_async (GENKIT_RUNTIME (runtime), NULL, on_actions_cb, self);
 * ```
 */
struct _GenkitRemoteRuntime
{
  GObject      parent_instance;

  SoupSession *session;
  JsonObject  *info;             /* the discovery file, NULL when made from a URL */
  char        *id;
  char        *name;
  char        *genkit_version;
  char        *url;
  char        *project_name;
  GDateTime   *timestamp;
  gint64       pid;
  int          spec_version;
  guint        timeout_ms;
};

static void runtime_iface_init (GenkitRuntimeInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitRemoteRuntime, genkit_remote_runtime, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_RUNTIME, runtime_iface_init))

enum {
  PROP_0,
  PROP_PID,
  PROP_TIMESTAMP,
  PROP_REFLECTION_API_SPEC_VERSION,
  PROP_PROJECT_NAME,
  PROP_INFO,
  PROP_TIMEOUT,
  N_PROPS,

  /* GenkitRuntime's */
  PROP_ID = N_PROPS,
  PROP_NAME,
  PROP_GENKIT_VERSION,
  PROP_REFLECTION_SERVER_URL,
};

static GParamSpec *properties[N_PROPS];

/* The body reader ------------------------------------------------------------------------- */

struct _GenkitNdjsonReader
{
  GByteArray       *buffer;
  gsize             scanned;      /* bytes of buffer known to hold no '\n' */
  gboolean          split_lines;
  GenkitStreamFunc  chunk_func;
  gpointer          chunk_data;
  guint             n_chunks;
};

GenkitNdjsonReader *
_genkit_ndjson_reader_new (gboolean         split_lines,
                           GenkitStreamFunc chunk_func,
                           gpointer         chunk_data)
{
  GenkitNdjsonReader *reader = g_new0 (GenkitNdjsonReader, 1);

  reader->buffer = g_byte_array_new ();
  reader->split_lines = split_lines;
  reader->chunk_func = chunk_func;
  reader->chunk_data = chunk_data;
  return reader;
}

void
_genkit_ndjson_reader_free (GenkitNdjsonReader *reader)
{
  if (reader == NULL)
    return;
  g_byte_array_unref (reader->buffer);
  g_free (reader);
}

static char *
snippet (const guint8 *data,
         gsize         len)
{
  g_autofree char *text = g_utf8_make_valid ((const char *) data,
                                             (gssize) MIN (len, MAX_MESSAGE_BODY));

  g_strstrip (text);
  if (len > MAX_MESSAGE_BODY)
    {
      char *longer = g_strconcat (text, "…", NULL);

      g_free (text);
      text = longer;
    }
  return g_steal_pointer (&text);
}

static gboolean
is_blank (const guint8 *data,
          gsize         len)
{
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;
  return TRUE;
}

/* Another runtime's answer is untrusted input: parsed strictly, and a failure to parse it is
 * the runtime's fault (INTERNAL), not the caller's. */
static JsonNode *
parse_json (const guint8  *data,
            gsize          len,
            GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = genkit_json_parse ((const char *) data, (gssize) len, &local_error);

  if (node == NULL)
    g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, local_error->message);
  return node;
}

gboolean
_genkit_ndjson_reader_feed (GenkitNdjsonReader  *reader,
                            const guint8        *data,
                            gsize                len,
                            GError             **error)
{
  if (len == 0)
    return TRUE;
  g_byte_array_append (reader->buffer, data, len);
  if (!reader->split_lines)
    return TRUE;

  for (;;)
    {
      const guint8 *start = reader->buffer->data;
      const guint8 *newline = NULL;
      gsize line_len;

      if (reader->scanned < reader->buffer->len)
        newline = memchr (start + reader->scanned, '\n', reader->buffer->len - reader->scanned);
      if (newline == NULL)
        {
          reader->scanned = reader->buffer->len;
          return TRUE;
        }

      line_len = (gsize) (newline - start);
      /* The CLI would fail on a blank line; a stray one costs nothing to skip. */
      if (!is_blank (start, line_len))
        {
          g_autoptr(GError) parse_error = NULL;
          g_autoptr(JsonNode) chunk = parse_json (start, line_len, &parse_error);

          if (chunk == NULL)
            {
              g_autofree char *text = snippet (start, line_len);

              g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                           "The runtime streamed a line that is not JSON (%s): %s",
                           parse_error->message, text);
              return FALSE;
            }

          reader->n_chunks++;
          if (reader->chunk_func != NULL)
            reader->chunk_func (chunk, reader->chunk_data);
        }

      g_byte_array_remove_range (reader->buffer, 0, (guint) line_len + 1);
      reader->scanned = 0;
    }
}

JsonNode *
_genkit_ndjson_reader_finish (GenkitNdjsonReader  *reader,
                              GError             **error)
{
  g_autoptr(GError) parse_error = NULL;
  JsonNode *node;

  if (is_blank (reader->buffer->data, reader->buffer->len))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                           reader->split_lines
                           ? "The runtime's stream ended without a final object"
                           : "The runtime answered with an empty body");
      return NULL;
    }

  node = parse_json (reader->buffer->data, reader->buffer->len, &parse_error);
  if (node == NULL)
    {
      g_autofree char *text = snippet (reader->buffer->data, reader->buffer->len);

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                   "The runtime answered with something that is not JSON (%s): %s",
                   parse_error->message, text);
    }
  return node;
}

const guint8 *
_genkit_ndjson_reader_peek (GenkitNdjsonReader *reader,
                            gsize              *len)
{
  *len = reader->buffer->len;
  return reader->buffer->data;
}

guint
_genkit_ndjson_reader_get_n_chunks (GenkitNdjsonReader *reader)
{
  return reader->n_chunks;
}

/* Errors ---------------------------------------------------------------------------------- */

/* Genkit status for an HTTP status, the reverse of `httpStatusCode()` in
 * js/core/src/statusTypes.ts where it is one to one. */
static int
code_from_http_status (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_BAD_REQUEST:
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return GENKIT_ERROR_INVALID_ARGUMENT;
    case SOUP_STATUS_UNAUTHORIZED:
      return GENKIT_ERROR_UNAUTHENTICATED;
    case SOUP_STATUS_FORBIDDEN:
      return GENKIT_ERROR_PERMISSION_DENIED;
    case SOUP_STATUS_NOT_FOUND:
      return GENKIT_ERROR_NOT_FOUND;
    case SOUP_STATUS_METHOD_NOT_ALLOWED:
    case SOUP_STATUS_NOT_IMPLEMENTED:
      return GENKIT_ERROR_UNIMPLEMENTED;
    case SOUP_STATUS_CONFLICT:
      return GENKIT_ERROR_ABORTED;
    case 429:
      return GENKIT_ERROR_RESOURCE_EXHAUSTED;
    case 499:
      return GENKIT_ERROR_CANCELLED;
    case SOUP_STATUS_BAD_GATEWAY:
    case SOUP_STATUS_SERVICE_UNAVAILABLE:
      return GENKIT_ERROR_UNAVAILABLE;
    case SOUP_STATUS_GATEWAY_TIMEOUT:
      return GENKIT_ERROR_DEADLINE_EXCEEDED;
    default:
      if (status >= 400 && status < 500)
        return GENKIT_ERROR_FAILED_PRECONDITION;
      if (status >= 500 && status < 600)
        return GENKIT_ERROR_INTERNAL;
      return GENKIT_ERROR_UNKNOWN;
    }
}

/* The status name a GenkitError message starts with: `INVALID_ARGUMENT: …` or
 * `<source>: INVALID_ARGUMENT: …` (`GenkitError` in js/core/src/error.ts); -1 if none. */
static int
code_from_message_prefix (const char *message)
{
  const char *segment = message;

  for (guint i = 0; i < 2 && segment != NULL; i++)
    {
      const char *colon = strstr (segment, ": ");
      g_autofree char *name = NULL;
      int code;

      if (colon == NULL)
        return -1;
      name = g_strndup (segment, (gsize) (colon - segment));
      code = genkit_error_code_from_name (name);
      if (code > 0)
        return code;
      segment = colon + 2;
    }
  return -1;
}

/* A `Status` from the runtime as a GError. The JavaScript reflection server's catch-all
 * handler reports errors thrown before the action's span (input validation) with code 13
 * whatever they are; their message still names the real status, and that is the one kept,
 * so the same invalid input reads as INVALID_ARGUMENT streamed or not. */
GError *
_genkit_remote_error_from_status (JsonNode *status)
{
  GError *error = genkit_error_from_status (status);

  if (error->code == GENKIT_ERROR_INTERNAL)
    {
      int code = code_from_message_prefix (error->message);

      if (code > 0)
        error->code = code;
    }
  return error;
}

static const char *
get_string_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* An HTML page's `<pre>` text: what Express puts in its default 404 page
 * ("Cannot GET /api/doesNotExist"). */
static char *
text_of_html (const char *html)
{
  const char *pre = strstr (html, "<pre>");
  const char *end;

  if (pre == NULL || (end = strstr (pre, "</pre>")) == NULL)
    return NULL;
  pre += strlen ("<pre>");
  return g_strndup (pre, (gsize) (end - pre));
}

/* The error for an answer that is not HTTP 200, from whatever its body holds: a Genkit
 * `{"error": Status}`, `{"error": "text"}` (cancelAction, Go), `{"message": "text"}`,
 * a bare Status, or text ("action /flow/x not found"). */
static GError *
error_from_http_answer (guint         status,
                        const guint8 *body,
                        gsize         len)
{
  g_autoptr(JsonNode) node = body ? parse_json (body, len, NULL) : NULL;
  g_autofree char *text = NULL;
  int code = code_from_http_status (status);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonNode *error_node = json_object_get_member (object, "error");
      const char *message;

      if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
        return _genkit_remote_error_from_status (error_node);
      if ((message = get_string_member (object, "error")) != NULL ||
          (message = get_string_member (object, "message")) != NULL)
        return g_error_new_literal (GENKIT_ERROR, code, message);
    }

  if (body != NULL && len > 0)
    {
      g_autofree char *whole = snippet (body, len);

      text = text_of_html (whole);
      if (text == NULL)
        text = g_steal_pointer (&whole);
    }

  if (text == NULL || *text == '\0')
    return g_error_new (GENKIT_ERROR, code, "The runtime answered HTTP %u %s",
                        status, soup_status_get_phrase (status));
  return g_error_new_literal (GENKIT_ERROR, code, g_strstrip (text));
}

/* Network failures: the runtime is gone (refused), unreachable, or the connection broke. */
static GError *
error_from_transport (GenkitRemoteRuntime *self,
                      const GError        *error,
                      gboolean             timed_out)
{
  if (timed_out)
    return g_error_new (GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED,
                        "The Genkit runtime at %s did not answer within %u ms",
                        self->url, self->timeout_ms);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                        "The Genkit runtime at %s refused the connection: %s",
                        self->url, error->message);
  return g_error_new (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                      "Could not talk to the Genkit runtime at %s: %s",
                      self->url, error->message);
}

/* Requests -------------------------------------------------------------------------------- */

static SoupMessage *
build_message (GenkitRemoteRuntime  *self,
               const char           *method,
               const char           *path,
               JsonNode             *body,
               GError              **error)
{
  g_autofree char *uri = g_strconcat (self->url, path, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  if (msg == NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a URL the reflection API can be reached at", uri);
      return NULL;
    }

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "*/*");
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  return msg;
}

static GSource *
watch_cancellable (GCancellable   *cancellable,
                   GSourceFunc     func,
                   gpointer        data,
                   GDestroyNotify  destroy)
{
  GSource *source = g_cancellable_source_new (cancellable);

  /* A source rather than a `cancelled` handler: it runs on our main context, never inside
   * g_cancellable_cancel() on whatever thread called it. */
  g_source_set_callback (source, func, data, destroy);
  g_source_attach (source, g_main_context_get_thread_default ());
  return source;
}

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* A short call: send, read the whole answer, give status and body. */
typedef struct
{
  SoupMessage  *msg;
  GCancellable *io_cancellable;
  GSource      *cancel_source;
  GSource      *timeout_source;
  gboolean      timed_out;
  guint         status;
  GBytes       *body;
} CallState;

static void
call_state_free (CallState *state)
{
  clear_source (&state->cancel_source);
  clear_source (&state->timeout_source);
  g_clear_object (&state->msg);
  g_clear_object (&state->io_cancellable);
  g_clear_pointer (&state->body, g_bytes_unref);
  g_free (state);
}

static gboolean
call_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  CallState *state = g_task_get_task_data (task);

  g_cancellable_cancel (state->io_cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
call_timeout_cb (gpointer user_data)
{
  GTask *task = user_data;
  CallState *state = g_task_get_task_data (task);

  state->timed_out = TRUE;
  g_cancellable_cancel (state->io_cancellable);
  return G_SOURCE_REMOVE;
}

static void
call_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CallState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  clear_source (&state->cancel_source);
  clear_source (&state->timeout_source);

  state->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (state->body == NULL)
    {
      /* The raw transport error: the health check needs to tell "refused" apart. */
      if (state->timed_out)
        {
          g_clear_error (&error);
          g_set_error_literal (&error, GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED, "timed out");
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state->status = soup_message_get_status (state->msg);
  g_task_return_boolean (task, TRUE);
}

static void
call_async (GenkitRemoteRuntime *self,
            const char          *method,
            const char          *path,
            JsonNode            *body,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, callback, user_data);
  g_autoptr(GError) error = NULL;
  CallState *state;

  g_task_set_source_tag (task, call_async);

  state = g_new0 (CallState, 1);
  g_task_set_task_data (task, state, (GDestroyNotify) call_state_free);

  if (!(state->msg = build_message (self, method, path, body, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  state->io_cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    state->cancel_source = watch_cancellable (cancellable, G_SOURCE_FUNC (call_cancelled_cb),
                                              g_object_ref (task), g_object_unref);
  if (self->timeout_ms > 0)
    {
      state->timeout_source = g_timeout_source_new (self->timeout_ms);
      g_source_set_callback (state->timeout_source, call_timeout_cb, g_object_ref (task),
                             g_object_unref);
      g_source_attach (state->timeout_source, g_main_context_get_thread_default ());
    }

  soup_session_send_and_read_async (self->session, state->msg, G_PRIORITY_DEFAULT,
                                    state->io_cancellable, call_read_cb, g_steal_pointer (&task));
}

/* Gives the status and body of a short call, or the raw transport error (a
 * `DEADLINE_EXCEEDED` one after a timeout). */
static gboolean
call_finish (GAsyncResult  *result,
             guint         *status,
             GBytes       **body,
             GError       **error)
{
  CallState *state = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  *status = state->status;
  *body = g_bytes_ref (state->body);
  return TRUE;
}

/* call_finish() for the operations that only want an answer or a GENKIT_ERROR. */
static gboolean
call_finish_mapped (GenkitRemoteRuntime  *self,
                    GAsyncResult         *result,
                    guint                *status,
                    GBytes              **body,
                    GError              **error)
{
  g_autoptr(GError) local_error = NULL;

  if (call_finish (result, status, body, &local_error))
    return TRUE;

  if (g_error_matches (local_error, GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED))
    g_propagate_error (error, error_from_transport (self, local_error, TRUE));
  else
    g_propagate_error (error, error_from_transport (self, local_error, FALSE));
  return FALSE;
}

/* The body of a 200 answer as JSON, with Genkit's `{"error": Status}` turned into an error
 * (the JavaScript reflection server's error handler answers 200). */
static JsonNode *
parse_answer (guint    status,
              GBytes  *body,
              GError **error)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (body, &len);
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (status != SOUP_STATUS_OK)
    {
      g_propagate_error (error, error_from_http_answer (status, data, len));
      return NULL;
    }

  if (!(node = parse_json (data, len, &parse_error)))
    {
      g_autofree char *text = snippet (data, len);

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                   "The runtime answered with something that is not JSON (%s): %s",
                   parse_error->message, text);
      return NULL;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *error_node = json_object_get_member (json_node_get_object (node), "error");

      if (error_node != NULL && JSON_NODE_HOLDS_OBJECT (error_node))
        {
          g_propagate_error (error, _genkit_remote_error_from_status (error_node));
          return NULL;
        }
    }

  return g_steal_pointer (&node);
}

/* Finishes @task with %TRUE for a 200 answer, else with the error the answer carries. */
static void
return_ok_answer (GTask  *task,
                  guint   status,
                  GBytes *body)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (body, &len);

  if (status != SOUP_STATUS_OK)
    g_task_return_error (task, error_from_http_answer (status, data, len));
  else
    g_task_return_boolean (task, TRUE);
}

/* The callback of the calls whose whole answer is "200 or an error": cancelAction (200
 * `{"message": "Action cancelled"}`, 404 unknown or finished, 400 no trace id), notify and
 * quit. */
static void
ok_answer_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status = 0;

  if (!call_finish_mapped (GENKIT_REMOTE_RUNTIME (object), result, &status, &body, &error))
    g_task_return_error (task, error);
  else
    return_ok_answer (task, status, body);
}

/* The JSON of a call's 200 answer; %NULL when the call failed, after finishing @task with
 * the error. */
static JsonNode *
finish_json_answer (GenkitRemoteRuntime *self,
                    GAsyncResult        *result,
                    GTask               *task)
{
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status = 0;
  JsonNode *node = NULL;

  if (!call_finish_mapped (self, result, &status, &body, &error) ||
      !(node = parse_answer (status, body, &error)))
    g_task_return_error (task, error);
  return node;
}

/* GET /api/actions ------------------------------------------------------------------------ */

/* Go emits `"metadata": null`, `"inputSchema": null`, `"description": ""`; an absent member
 * and a null one mean the same, so nulls go, and every descriptor has its `key` and `name`. */
static gboolean
normalize_actions (JsonObject  *actions,
                   GError     **error)
{
  g_autoptr(GList) keys = json_object_get_members (actions);

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *node = json_object_get_member (actions, key);
      JsonObject *desc;
      g_autoptr(GList) members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                       "The runtime listed action “%s” with a descriptor that is not an object",
                       key);
          return FALSE;
        }

      desc = json_node_get_object (node);
      members = json_object_get_members (desc);
      for (GList *m = members; m != NULL; m = m->next)
        if (JSON_NODE_HOLDS_NULL (json_object_get_member (desc, m->data)))
          json_object_remove_member (desc, m->data);

      if (get_string_member (desc, "key") == NULL)
        json_object_set_string_member (desc, "key", key);
      if (get_string_member (desc, "name") == NULL)
        {
          /* `/flow/greet` → `greet`, `/model/googleai/gemini` → `googleai/gemini`. */
          const char *slash = key[0] == '/' ? strchr (key + 1, '/') : NULL;

          json_object_set_string_member (desc, "name", slash ? slash + 1 : key);
        }
    }
  return TRUE;
}

static void
list_actions_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!(node = finish_json_answer (GENKIT_REMOTE_RUNTIME (object), result, task)))
    return;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                               "The runtime's action list is not a JSON object");
      return;
    }

  if (!normalize_actions (json_node_get_object (node), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&node), (GDestroyNotify) json_node_unref);
}

static void
genkit_remote_runtime_list_actions_async (GenkitRuntime       *runtime,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (runtime);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, genkit_remote_runtime_list_actions_async);
  call_async (self, SOUP_METHOD_GET, "/api/actions", NULL, cancellable, list_actions_cb, task);
}

static JsonNode *
genkit_remote_runtime_list_actions_finish (GenkitRuntime  *runtime,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, runtime), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* POST /api/runAction --------------------------------------------------------------------- */

typedef struct
{
  GenkitRunOptions   *options;
  SoupMessage        *msg;
  GInputStream       *body;
  GenkitNdjsonReader *reader;
  GCancellable       *io_cancellable;
  GSource            *cancel_source;
  GSource            *grace_source;
  char               *trace_id;
  char               *span_id;
  guint               status;
  gboolean            streaming;
  gboolean            started_notified;
  gboolean            cancel_requested;
  gboolean            cancel_sent;
  gboolean            completed;
} RunState;

static void
run_state_free (RunState *state)
{
  clear_source (&state->cancel_source);
  clear_source (&state->grace_source);
  g_clear_pointer (&state->options, genkit_run_options_unref);
  g_clear_object (&state->msg);
  g_clear_object (&state->body);
  g_clear_pointer (&state->reader, _genkit_ndjson_reader_free);
  g_clear_object (&state->io_cancellable);
  g_free (state->trace_id);
  g_free (state->span_id);
  g_free (state);
}

static void
run_complete (GTask  *task,
              GError *error,
              GenkitActionResult *action_result)
{
  RunState *state = g_task_get_task_data (task);

  g_assert (!state->completed);
  state->completed = TRUE;
  clear_source (&state->cancel_source);
  clear_source (&state->grace_source);
  /* Stop whatever is still being read. */
  g_cancellable_cancel (state->io_cancellable);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, action_result, (GDestroyNotify) genkit_action_result_unref);
}

static void
run_complete_cancelled (GTask *task)
{
  run_complete (task,
                g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_CANCELLED, "Action was cancelled"),
                NULL);
}

static void
run_notify_started (RunState   *state,
                    const char *trace_id,
                    const char *span_id)
{
  if (state->started_notified)
    return;
  state->started_notified = TRUE;
  if (state->options != NULL && state->options->started_func != NULL)
    state->options->started_func (trace_id, span_id ? span_id : "", state->options->started_data);
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
run_send_cancel (GenkitRemoteRuntime *self,
                 RunState            *state)
{
  if (state->cancel_sent || state->trace_id == NULL)
    return;
  state->cancel_sent = TRUE;
  genkit_runtime_cancel_action_async (GENKIT_RUNTIME (self), state->trace_id, NULL,
                                      cancel_sent_cb, NULL);
}

static gboolean
run_grace_cb (gpointer user_data)
{
  GTask *task = user_data;
  RunState *state = g_task_get_task_data (task);

  /* The runtime did not end the run in time (or the action ignores its abort signal):
   * drop the connection; the read fails and the run ends CANCELLED. */
  g_cancellable_cancel (state->io_cancellable);
  return G_SOURCE_REMOVE;
}

static gboolean
run_cancelled_cb (GCancellable *cancellable,
                  gpointer      user_data)
{
  GTask *task = user_data;
  RunState *state = g_task_get_task_data (task);

  if (state->completed || state->cancel_requested)
    return G_SOURCE_REMOVE;

  state->cancel_requested = TRUE;
  /* Before the headers there is no trace id to cancel by; the send callback sends the
   * cancel when they come. */
  run_send_cancel (g_task_get_source_object (task), state);

  state->grace_source = g_timeout_source_new (CANCEL_GRACE_MS);
  g_source_set_callback (state->grace_source, run_grace_cb, g_object_ref (task), g_object_unref);
  g_source_attach (state->grace_source, g_main_context_get_thread_default ());

  return G_SOURCE_REMOVE;
}

static void
run_chunk_cb (JsonNode *chunk,
              gpointer  user_data)
{
  RunState *state = user_data;

  /* Nothing reaches the caller after it cancelled. */
  if (state->cancel_requested || state->completed)
    return;
  if (state->options != NULL && state->options->stream_func != NULL)
    state->options->stream_func (chunk, state->options->stream_data);
}

static void
run_finish_body (GTask *task)
{
  RunState *state = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) final = NULL;
  JsonObject *object;
  JsonNode *error_node;
  JsonNode *telemetry;
  const char *trace_id = state->trace_id;

  if (state->cancel_requested)
    {
      run_complete_cancelled (task);
      return;
    }

  if (state->status != SOUP_STATUS_OK)
    {
      gsize len = 0;
      const guint8 *data = _genkit_ndjson_reader_peek (state->reader, &len);

      run_complete (task, error_from_http_answer (state->status, data, len), NULL);
      return;
    }

  if (!(final = _genkit_ndjson_reader_finish (state->reader, &error)))
    {
      run_complete (task, g_steal_pointer (&error), NULL);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (final))
    {
      run_complete (task, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                               "The runtime's runAction answer is not a JSON object"),
                    NULL);
      return;
    }

  object = json_node_get_object (final);
  error_node = json_object_get_member (object, "error");
  if (error_node != NULL && !JSON_NODE_HOLDS_NULL (error_node))
    {
      if (JSON_NODE_HOLDS_OBJECT (error_node))
        {
          JsonNode *details = json_object_get_member (json_node_get_object (error_node), "details");

          /* Without an X-Genkit-Trace-Id header (an error before the span, or a runtime that
           * does not send it) the trace id in `details` is the caller's only handle. */
          if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
            {
              const char *details_trace = get_string_member (json_node_get_object (details),
                                                             "traceId");

              if (details_trace != NULL && trace_id == NULL)
                run_notify_started (state, details_trace, NULL);
            }
          run_complete (task, _genkit_remote_error_from_status (error_node), NULL);
        }
      else if (JSON_NODE_HOLDS_VALUE (error_node) &&
               json_node_get_value_type (error_node) == G_TYPE_STRING)
        run_complete (task, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                                 json_node_get_string (error_node)), NULL);
      else
        run_complete (task, genkit_error_from_status (error_node), NULL);
      return;
    }

  /* `telemetry.traceId`, else the header's (what the CLI does for older runtimes). */
  telemetry = json_object_get_member (object, "telemetry");
  if (telemetry != NULL && JSON_NODE_HOLDS_OBJECT (telemetry) &&
      get_string_member (json_node_get_object (telemetry), "traceId") != NULL)
    trace_id = get_string_member (json_node_get_object (telemetry), "traceId");

  run_complete (task, NULL,
                genkit_action_result_new (json_object_get_member (object, "result"),
                                          trace_id, state->span_id));
}

static void
run_read_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunState *state = g_task_get_task_data (task);
  GenkitRemoteRuntime *self = g_task_get_source_object (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len = 0;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (state->completed)
    return;

  if (bytes == NULL)
    {
      if (state->cancel_requested)
        run_complete_cancelled (task);
      else
        run_complete (task,
                      g_error_new (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                                   "The connection to the Genkit runtime at %s broke during the run: %s",
                                   self->url, error->message),
                      NULL);
      return;
    }

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      run_finish_body (task);
      return;
    }

  if (!_genkit_ndjson_reader_feed (state->reader, data, len, &error))
    {
      run_complete (task, g_steal_pointer (&error), NULL);
      return;
    }
  if (state->completed)
    return;

  g_input_stream_read_bytes_async (state->body, READ_SIZE, G_PRIORITY_DEFAULT,
                                   state->io_cancellable, run_read_cb, g_steal_pointer (&task));
}

static void
run_send_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunState *state = g_task_get_task_data (task);
  GenkitRemoteRuntime *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;

  state->body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (state->completed)
    return;

  if (state->body == NULL)
    {
      if (state->cancel_requested)
        run_complete_cancelled (task);
      else
        run_complete (task, error_from_transport (self, error, FALSE), NULL);
      return;
    }

  /* The headers are here while the action may still be running. */
  state->status = soup_message_get_status (state->msg);
  headers = soup_message_get_response_headers (state->msg);
  if (state->status == SOUP_STATUS_OK)
    {
      const char *trace_id = soup_message_headers_get_one (headers, "X-Genkit-Trace-Id");
      const char *span_id = soup_message_headers_get_one (headers, "X-Genkit-Span-Id");

      if (trace_id != NULL && *trace_id != '\0')
        {
          state->trace_id = g_strdup (trace_id);
          state->span_id = g_strdup (span_id);
          run_notify_started (state, trace_id, span_id);
        }
    }

  if (state->cancel_requested)
    run_send_cancel (self, state);

  state->reader = _genkit_ndjson_reader_new (state->streaming && state->status == SOUP_STATUS_OK,
                                             run_chunk_cb, state);
  if (state->completed)
    return;

  g_input_stream_read_bytes_async (state->body, READ_SIZE, G_PRIORITY_DEFAULT,
                                   state->io_cancellable, run_read_cb, g_steal_pointer (&task));
}

static void
genkit_remote_runtime_run_action_async (GenkitRuntime       *runtime,
                                        const char          *key,
                                        JsonNode            *input,
                                        GenkitRunOptions    *options,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (runtime);
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  RunState *state;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_remote_runtime_run_action_async);
  /* A cancelled run ends with GENKIT_ERROR_CANCELLED, as a local one does, not with
   * G_IO_ERROR_CANCELLED. */
  g_task_set_check_cancellable (task, FALSE);

  state = g_new0 (RunState, 1);
  state->options = options ? genkit_run_options_ref (options) : NULL;
  state->streaming = options != NULL && genkit_run_options_get_streaming (options);
  g_task_set_task_data (task, state, (GDestroyNotify) run_state_free);

  if (g_cancellable_is_cancelled (cancellable))
    {
      run_complete_cancelled (task);
      return;
    }

  /* The `RunActionRequest` of genkit-tools/common/src/types/apis.ts. */
  json_object_set_string_member (request, "key", key);
  if (input != NULL)
    json_object_set_member (request, "input", json_node_copy (input));
  if (options != NULL && options->context != NULL)
    json_object_set_object_member (request, "context", json_object_ref (options->context));
  if (options != NULL && options->telemetry_labels != NULL)
    json_object_set_object_member (request, "telemetryLabels",
                                   json_object_ref (options->telemetry_labels));
  if (options != NULL && options->init != NULL)
    json_object_set_member (request, "init", json_node_copy (options->init));
  body = json_node_init_object (json_node_alloc (), request);

  state->io_cancellable = g_cancellable_new ();
  if (!(state->msg = build_message (self, SOUP_METHOD_POST,
                                    state->streaming ? "/api/runAction?stream=true"
                                                     : "/api/runAction",
                                    body, &error)))
    {
      run_complete (task, g_steal_pointer (&error), NULL);
      return;
    }

  if (cancellable != NULL)
    state->cancel_source = watch_cancellable (cancellable, G_SOURCE_FUNC (run_cancelled_cb),
                                              g_object_ref (task), g_object_unref);

  soup_session_send_async (self->session, state->msg, G_PRIORITY_DEFAULT,
                           state->io_cancellable, run_send_cb, g_steal_pointer (&task));
}

static GenkitActionResult *
genkit_remote_runtime_run_action_finish (GenkitRuntime  *runtime,
                                         GAsyncResult   *result,
                                         GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, runtime), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* POST /api/cancelAction ------------------------------------------------------------------ */

static void
genkit_remote_runtime_cancel_action_async (GenkitRuntime       *runtime,
                                           const char          *trace_id,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (runtime);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  g_task_set_source_tag (task, genkit_remote_runtime_cancel_action_async);
  json_object_set_string_member (request, "traceId", trace_id);
  body = json_node_init_object (json_node_alloc (), request);
  call_async (self, SOUP_METHOD_POST, "/api/cancelAction", body, cancellable,
              ok_answer_cb, task);
}

static gboolean
genkit_remote_runtime_cancel_action_finish (GenkitRuntime  *runtime,
                                            GAsyncResult   *result,
                                            GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, runtime), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GET /api/values ------------------------------------------------------------------------- */

static void
list_values_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status = 0;

  if (!call_finish_mapped (self, result, &status, &body, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* `listValues` in the CLI's manager: a runtime without the endpoint has no values. */
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      g_autoptr(JsonObject) empty = json_object_new ();

      g_task_return_pointer (task, json_node_init_object (json_node_alloc (), empty),
                             (GDestroyNotify) json_node_unref);
      return;
    }

  if (!(node = parse_answer (status, body, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                               "The runtime's values are not a JSON object");
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&node), (GDestroyNotify) json_node_unref);
}

static void
genkit_remote_runtime_list_values_async (GenkitRuntime       *runtime,
                                         const char          *type,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (runtime);
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *escaped = g_uri_escape_string (type, NULL, FALSE);
  g_autofree char *path = g_strconcat ("/api/values?type=", escaped, NULL);

  g_task_set_source_tag (task, genkit_remote_runtime_list_values_async);
  call_async (self, SOUP_METHOD_GET, path, NULL, cancellable, list_values_cb, task);
}

static JsonNode *
genkit_remote_runtime_list_values_finish (GenkitRuntime  *runtime,
                                          GAsyncResult   *result,
                                          GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, runtime), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* POST /api/notify ------------------------------------------------------------------------ */

void
_genkit_remote_runtime_notify_async (GenkitRemoteRuntime *self,
                                     const char          *telemetry_server_url,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  g_task_set_source_tag (task, _genkit_remote_runtime_notify_async);
  /* `notifyRuntime()` in the CLI's manager, key order included. */
  if (telemetry_server_url != NULL)
    json_object_set_string_member (request, "telemetryServerUrl", telemetry_server_url);
  json_object_set_int_member (request, "reflectionApiSpecVersion",
                              GENKIT_REFLECTION_API_SPEC_VERSION);
  body = json_node_init_object (json_node_alloc (), request);
  call_async (self, SOUP_METHOD_POST, "/api/notify", body, cancellable, ok_answer_cb, task);
}

gboolean
_genkit_remote_runtime_notify_finish (GenkitRemoteRuntime  *self,
                                      GAsyncResult         *result,
                                      GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_remote_runtime_notify_async (GenkitRuntime       *runtime,
                                    const char          *telemetry_server_url,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  _genkit_remote_runtime_notify_async (GENKIT_REMOTE_RUNTIME (runtime), telemetry_server_url,
                                       cancellable, callback, user_data);
}

static gboolean
genkit_remote_runtime_notify_finish (GenkitRuntime  *runtime,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  return _genkit_remote_runtime_notify_finish (GENKIT_REMOTE_RUNTIME (runtime), result, error);
}

static void
runtime_iface_init (GenkitRuntimeInterface *iface)
{
  iface->list_actions_async = genkit_remote_runtime_list_actions_async;
  iface->list_actions_finish = genkit_remote_runtime_list_actions_finish;
  iface->run_action_async = genkit_remote_runtime_run_action_async;
  iface->run_action_finish = genkit_remote_runtime_run_action_finish;
  iface->cancel_action_async = genkit_remote_runtime_cancel_action_async;
  iface->cancel_action_finish = genkit_remote_runtime_cancel_action_finish;
  iface->list_values_async = genkit_remote_runtime_list_values_async;
  iface->list_values_finish = genkit_remote_runtime_list_values_finish;
  iface->notify_async = genkit_remote_runtime_notify_async;
  iface->notify_finish = genkit_remote_runtime_notify_finish;
}

/* Health, envs, quit ---------------------------------------------------------------------- */

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status = 0;

  if (!call_finish (result, &status, &body, &error))
    {
      /* `checkServerHealth()` in genkit-tools/common/src/utils/utils.ts: only a refused
       * connection means the runtime is gone; any other failure (a timeout, a reset)
       * counts as alive. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          g_task_return_error_if_cancelled (task))
        return;
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
        {
          g_task_return_error (task, error_from_transport (self, error, FALSE));
          return;
        }
      g_debug ("Health check of %s failed (%s); counting it as alive, as the Genkit CLI does",
               self->url, error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }

  return_ok_answer (task, status, body);
}

/**
 * genkit_remote_runtime_check_health_async:
 * @self: a [class@Genkit.RemoteRuntime]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Asks the runtime whether it is alive and is the runtime its discovery file describes:
 * `GET /api/__health?id=<id>` (without `id` for a runtime made from a URL), as the Genkit
 * CLI's `checkServerHealth()` (`genkit-tools/common/src/utils/utils.ts`) does before it
 * registers a runtime and every 5 seconds afterwards.
 */
void
genkit_remote_runtime_check_health_async (GenkitRemoteRuntime *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  GTask *task;
  g_autofree char *path = NULL;

  g_return_if_fail (GENKIT_IS_REMOTE_RUNTIME (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_remote_runtime_check_health_async);

  if (self->id != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (self->id, NULL, FALSE);

      path = g_strconcat ("/api/__health?id=", escaped, NULL);
    }
  else
    path = g_strdup ("/api/__health");

  call_async (self, SOUP_METHOD_GET, path, NULL, cancellable, health_cb, task);
}

/**
 * genkit_remote_runtime_check_health_finish:
 * @self: a [class@Genkit.RemoteRuntime]
 * @result: the result given to the callback
 * @error: return location for the reason the runtime is not healthy:
 *   `GENKIT_ERROR_UNAVAILABLE` when it refused the connection (it is gone) or answered 503
 *   (`Invalid runtime ID`: another runtime now has its port), another [enum@Genkit.Error]
 *   for another HTTP status; `G_IO_ERROR_CANCELLED` when @cancellable was cancelled
 *
 * Finishes [method@Genkit.RemoteRuntime.check_health_async].
 *
 * Like the Genkit CLI, only a refused connection or an answer other than HTTP 200 makes a
 * runtime unhealthy: a runtime that does not answer within
 * [property@Genkit.RemoteRuntime:timeout], or fails in any other way on the network, counts
 * as healthy. The Genkit CLI deletes the discovery file of an unhealthy runtime.
 *
 * Returns: %TRUE if the runtime counts as healthy
 */
gboolean
genkit_remote_runtime_check_health_finish (GenkitRemoteRuntime  *self,
                                           GAsyncResult         *result,
                                           GError              **error)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
list_envs_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(JsonNode) node = NULL;

  if (!(node = finish_json_answer (GENKIT_REMOTE_RUNTIME (object), result, task)))
    return;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                               "The runtime's environments are not a JSON array");
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&node), (GDestroyNotify) json_node_unref);
}

/**
 * genkit_remote_runtime_list_envs_async:
 * @self: a [class@Genkit.RemoteRuntime]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the list
 * @user_data: data for @callback
 *
 * Lists the runtime's environments, `GET /api/envs`. Only JavaScript runtimes serve it
 * (`js/core/src/reflection.ts`), always with `["dev"]`; the Genkit CLI never asks.
 */
void
genkit_remote_runtime_list_envs_async (GenkitRemoteRuntime *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GENKIT_IS_REMOTE_RUNTIME (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_remote_runtime_list_envs_async);
  call_async (self, SOUP_METHOD_GET, "/api/envs", NULL, cancellable, list_envs_cb, task);
}

/**
 * genkit_remote_runtime_list_envs_finish:
 * @self: a [class@Genkit.RemoteRuntime]
 * @result: the result given to the callback
 * @error: return location for an error: `GENKIT_ERROR_NOT_FOUND` from a runtime that does
 *   not serve the endpoint, `GENKIT_ERROR_UNAVAILABLE` when it cannot be reached
 *
 * Finishes [method@Genkit.RemoteRuntime.list_envs_async].
 *
 * Returns: (transfer full): a JSON array of environment names, or %NULL with @error set
 */
JsonNode *
genkit_remote_runtime_list_envs_finish (GenkitRemoteRuntime  *self,
                                        GAsyncResult         *result,
                                        GError              **error)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_remote_runtime_quit_async:
 * @self: a [class@Genkit.RemoteRuntime]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the runtime acknowledged
 * @user_data: data for @callback
 *
 * Asks the runtime to stop its reflection server, `GET /api/__quitquitquit`. A JavaScript
 * runtime answers `OK`, stops serving and deletes its discovery file (which makes it leave
 * a [class@Genkit.RuntimeMonitor]); the process itself goes on running.
 */
void
genkit_remote_runtime_quit_async (GenkitRemoteRuntime *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GENKIT_IS_REMOTE_RUNTIME (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_remote_runtime_quit_async);
  call_async (self, SOUP_METHOD_GET, "/api/__quitquitquit", NULL, cancellable,
              ok_answer_cb, task);
}

/**
 * genkit_remote_runtime_quit_finish:
 * @self: a [class@Genkit.RemoteRuntime]
 * @result: the result given to the callback
 * @error: return location for an error: `GENKIT_ERROR_NOT_FOUND` from a runtime that does
 *   not serve the endpoint (Go, Python), `GENKIT_ERROR_UNAVAILABLE` when it cannot be reached
 *
 * Finishes [method@Genkit.RemoteRuntime.quit_async].
 *
 * Returns: %TRUE if the runtime acknowledged
 */
gboolean
genkit_remote_runtime_quit_finish (GenkitRemoteRuntime  *self,
                                   GAsyncResult         *result,
                                   GError              **error)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Construction ---------------------------------------------------------------------------- */

GDateTime *
_genkit_parse_runtime_timestamp (const char *text)
{
  g_autofree char *fixed = NULL;
  g_autoptr(GTimeZone) local = NULL;
  GDateTime *parsed;

  if (text == NULL)
    return NULL;

  /* Go writes `2026-11-21T23_28_28Z` (file-name friendly); the CLI turns `_` back into `:`. */
  fixed = g_strdup (text);
  g_strdelimit (fixed, "_", ':');
  g_strstrip (fixed);

  /* `Date.parse()` takes a date alone as UTC midnight, a date and time without an offset as
   * local time. */
  if (strlen (fixed) == 10 && fixed[4] == '-' && fixed[7] == '-')
    {
      g_autofree char *midnight = g_strconcat (fixed, "T00:00:00Z", NULL);

      return g_date_time_new_from_iso8601 (midnight, NULL);
    }

  local = g_time_zone_new_local ();
  parsed = g_date_time_new_from_iso8601 (fixed, local);
  return parsed;
}

static gboolean
is_http_url (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  const char *scheme;

  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return FALSE;
  scheme = g_uri_get_scheme (uri);
  return g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0;
}

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options (
    /* A run holds its connection for as long as it streams; cancelAction and the health
     * checks must never queue behind runs (libsoup's default is 2 per host). */
    "max-conns-per-host", 64,
    "max-conns", 128,
    /* Runs have no I/O timeout; short calls get their own. */
    "timeout", 0,
    /* The reflection API is a loopback API: an http_proxy from the environment must not
     * catch it. */
    "proxy-resolver", NULL,
    "user-agent", "genkit-studio/" GENKIT_VERSION_STRING " ",
    NULL);
}

static gboolean
json_number (JsonNode *node,
             double   *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double) json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * genkit_remote_runtime_new_from_info:
 * @info: the JSON object of a runtime discovery file
 *   (`<projectRoot>/.genkit/runtimes/<pid>-<port>-<time>.json`)
 * @error: return location for a `GENKIT_ERROR_INVALID_ARGUMENT` error naming the field that
 *   is missing or wrong
 *
 * Makes the runtime a discovery file describes. @info is checked as the Genkit CLI's
 * `isValidRuntimeInfo()` (`genkit-tools/common/src/manager/manager.ts`) checks it: `id` a
 * string, `pid` a number, `reflectionServerUrl` a string, `timestamp` a string that parses
 * as a date once every `_` is replaced by `:`, and `name`, when present, a string. In
 * addition `reflectionServerUrl` must be an `http` or `https` URL. It is used as written:
 * like the CLI, requests go to `<reflectionServerUrl>/api/...`.
 *
 * Optional fields: `name` (an empty or absent name becomes the `id`, as in the CLI),
 * `genkitVersion`, `reflectionApiSpecVersion` (a number, or a string holding one),
 * `projectName`. @info is copied.
 *
 * Returns: (transfer full): the runtime, or %NULL with @error set
 */
GenkitRemoteRuntime *
genkit_remote_runtime_new_from_info (JsonObject  *info,
                                     GError     **error)
{
  g_autoptr(GenkitRemoteRuntime) self = NULL;
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonNode) wrapper = NULL;
  const char *id;
  const char *url;
  const char *timestamp;
  const char *name;
  JsonNode *node;
  double pid;
  double spec;

  g_return_val_if_fail (info != NULL, NULL);

  if ((id = get_string_member (info, "id")) == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "The runtime file has no “id” string");
      return NULL;
    }
  if (!json_number (json_object_get_member (info, "pid"), &pid))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "The runtime file has no “pid” number");
      return NULL;
    }
  if ((url = get_string_member (info, "reflectionServerUrl")) == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "The runtime file has no “reflectionServerUrl” string");
      return NULL;
    }
  if (!is_http_url (url))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "The runtime file's “reflectionServerUrl” is not an http URL: %s", url);
      return NULL;
    }
  if ((timestamp = get_string_member (info, "timestamp")) == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "The runtime file has no “timestamp” string");
      return NULL;
    }
  node = json_object_get_member (info, "name");
  if (node != NULL && json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "The runtime file's “name” is not a string");
      return NULL;
    }

  self = g_object_new (GENKIT_TYPE_REMOTE_RUNTIME, NULL);
  if (!(self->timestamp = _genkit_parse_runtime_timestamp (timestamp)))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "The runtime file's “timestamp” is not a date: %s", timestamp);
      return NULL;
    }

  wrapper = json_node_init_object (json_node_alloc (), info);
  copy = json_node_copy (wrapper);
  self->info = json_node_dup_object (copy);
  self->id = g_strdup (id);
  self->pid = (gint64) pid;
  self->url = g_strdup (url);
  name = get_string_member (info, "name");
  self->name = g_strdup (name != NULL && *name != '\0' ? name : id);
  self->genkit_version = g_strdup (get_string_member (info, "genkitVersion"));
  self->project_name = g_strdup (get_string_member (info, "projectName"));

  /* The CLI compares with `!=`, so `"1"` is as good as `1`. */
  node = json_object_get_member (info, "reflectionApiSpecVersion");
  if (json_number (node, &spec))
    self->spec_version = (int) spec;
  else if (node != NULL && json_node_get_value_type (node) == G_TYPE_STRING)
    self->spec_version = (int) g_ascii_strtoll (json_node_get_string (node), NULL, 10);

  return g_steal_pointer (&self);
}

/**
 * genkit_remote_runtime_new_for_url:
 * @url: the base URL of a reflection server, e.g. `http://127.0.0.1:3100`
 * @error: return location for a `GENKIT_ERROR_INVALID_ARGUMENT` error when @url is not an
 *   `http` or `https` URL
 *
 * Makes a runtime for a reflection server known only by its URL (`genkit-studio-cli
 * actions --runtime URL`). A trailing `/` is dropped. The runtime has no id (the health
 * check sends none), and its name is @url.
 *
 * Returns: (transfer full): the runtime, or %NULL with @error set
 */
GenkitRemoteRuntime *
genkit_remote_runtime_new_for_url (const char  *url,
                                   GError     **error)
{
  GenkitRemoteRuntime *self;
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  trimmed = g_strstrip (g_strdup (url));
  while (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';

  if (!is_http_url (trimmed))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an http URL of a reflection server", url);
      return NULL;
    }

  self = g_object_new (GENKIT_TYPE_REMOTE_RUNTIME, NULL);
  self->url = g_steal_pointer (&trimmed);
  self->name = g_strdup (self->url);
  return self;
}

/* Properties ------------------------------------------------------------------------------ */

/**
 * genkit_remote_runtime_get_id:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.Runtime:id]: the discovery file's `id`.
 *
 * Returns: (nullable): the id; %NULL for a runtime made from a URL
 */
const char *
genkit_remote_runtime_get_id (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), NULL);
  return self->id;
}

/**
 * genkit_remote_runtime_get_name:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.Runtime:name]: the discovery file's `name`, else its `id`, else the
 * URL.
 *
 * Returns: the name
 */
const char *
genkit_remote_runtime_get_name (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), NULL);
  return self->name;
}

/**
 * genkit_remote_runtime_get_genkit_version:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.Runtime:genkit-version]: the discovery file's `genkitVersion`,
 * such as `nodejs/1.42.0`.
 *
 * Returns: (nullable): the version, or %NULL if the file has none
 */
const char *
genkit_remote_runtime_get_genkit_version (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), NULL);
  return self->genkit_version;
}

/**
 * genkit_remote_runtime_get_reflection_server_url:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.Runtime:reflection-server-url].
 *
 * Returns: the base URL requests go to
 */
const char *
genkit_remote_runtime_get_reflection_server_url (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), NULL);
  return self->url;
}

/**
 * genkit_remote_runtime_get_pid:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.RemoteRuntime:pid].
 *
 * Returns: the runtime's process id, 0 when unknown
 */
gint64
genkit_remote_runtime_get_pid (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), 0);
  return self->pid;
}

/**
 * genkit_remote_runtime_get_timestamp:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.RemoteRuntime:timestamp].
 *
 * Returns: (transfer none) (nullable): when the runtime started, %NULL when unknown
 */
GDateTime *
genkit_remote_runtime_get_timestamp (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), NULL);
  return self->timestamp;
}

/**
 * genkit_remote_runtime_get_reflection_api_spec_version:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.RemoteRuntime:reflection-api-spec-version].
 *
 * Returns: the spec version the runtime declared, 0 when it declared none
 */
int
genkit_remote_runtime_get_reflection_api_spec_version (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), 0);
  return self->spec_version;
}

/**
 * genkit_remote_runtime_get_project_name:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.RemoteRuntime:project-name].
 *
 * Returns: (nullable): the project's name, or %NULL
 */
const char *
genkit_remote_runtime_get_project_name (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), NULL);
  return self->project_name;
}

/**
 * genkit_remote_runtime_get_info:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.RemoteRuntime:info]. Do not change it.
 *
 * Returns: (transfer none) (nullable): the discovery file's JSON object, or %NULL for a
 *   runtime made from a URL
 */
JsonObject *
genkit_remote_runtime_get_info (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), NULL);
  return self->info;
}

/**
 * genkit_remote_runtime_get_timeout:
 * @self: a [class@Genkit.RemoteRuntime]
 *
 * Gets [property@Genkit.RemoteRuntime:timeout].
 *
 * Returns: the time limit of short calls in milliseconds, 0 for none
 */
guint
genkit_remote_runtime_get_timeout (GenkitRemoteRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_REMOTE_RUNTIME (self), 0);
  return self->timeout_ms;
}

/**
 * genkit_remote_runtime_set_timeout:
 * @self: a [class@Genkit.RemoteRuntime]
 * @timeout_ms: the time limit in milliseconds, 0 for none
 *
 * Sets [property@Genkit.RemoteRuntime:timeout], for calls started afterwards.
 */
void
genkit_remote_runtime_set_timeout (GenkitRemoteRuntime *self,
                                   guint                timeout_ms)
{
  g_return_if_fail (GENKIT_IS_REMOTE_RUNTIME (self));

  if (self->timeout_ms == timeout_ms)
    return;
  self->timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

static void
genkit_remote_runtime_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (object);

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
      g_value_set_string (value, self->url);
      break;
    case PROP_PID:
      g_value_set_int64 (value, self->pid);
      break;
    case PROP_TIMESTAMP:
      g_value_set_boxed (value, self->timestamp);
      break;
    case PROP_REFLECTION_API_SPEC_VERSION:
      g_value_set_int (value, self->spec_version);
      break;
    case PROP_PROJECT_NAME:
      g_value_set_string (value, self->project_name);
      break;
    case PROP_INFO:
      g_value_set_boxed (value, self->info);
      break;
    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_remote_runtime_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (object);

  switch (prop_id)
    {
    case PROP_TIMEOUT:
      genkit_remote_runtime_set_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_remote_runtime_dispose (GObject *object)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (object);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (genkit_remote_runtime_parent_class)->dispose (object);
}

static void
genkit_remote_runtime_finalize (GObject *object)
{
  GenkitRemoteRuntime *self = GENKIT_REMOTE_RUNTIME (object);

  g_clear_pointer (&self->info, json_object_unref);
  g_clear_pointer (&self->timestamp, g_date_time_unref);
  g_free (self->id);
  g_free (self->name);
  g_free (self->genkit_version);
  g_free (self->url);
  g_free (self->project_name);

  G_OBJECT_CLASS (genkit_remote_runtime_parent_class)->finalize (object);
}

static void
genkit_remote_runtime_class_init (GenkitRemoteRuntimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = genkit_remote_runtime_get_property;
  object_class->set_property = genkit_remote_runtime_set_property;
  object_class->dispose = genkit_remote_runtime_dispose;
  object_class->finalize = genkit_remote_runtime_finalize;

  /**
   * GenkitRemoteRuntime:pid:
   *
   * The discovery file's `pid`: the runtime's process id (never checked for liveness, as
   * in the Genkit CLI); 0 for a runtime made from a URL.
   */
  properties[PROP_PID] =
    g_param_spec_int64 ("pid", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRemoteRuntime:timestamp:
   *
   * When the runtime started: the discovery file's `timestamp`. Among the runtimes of a
   * project the one with the latest timestamp is the current one
   * ([property@Genkit.RuntimeMonitor:current-runtime]). %NULL for a runtime made from a URL.
   */
  properties[PROP_TIMESTAMP] =
    g_param_spec_boxed ("timestamp", NULL, NULL, G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRemoteRuntime:reflection-api-spec-version:
   *
   * The discovery file's `reflectionApiSpecVersion`, 0 when absent. This engine speaks
   * version [const@Genkit.REFLECTION_API_SPEC_VERSION].
   */
  properties[PROP_REFLECTION_API_SPEC_VERSION] =
    g_param_spec_int ("reflection-api-spec-version", NULL, NULL, G_MININT, G_MAXINT, 0,
                      (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRemoteRuntime:project-name:
   *
   * The discovery file's `projectName`, which the Genkit CLI (and
   * [class@Genkit.RuntimeMonitor]) set to the name of the project directory.
   */
  properties[PROP_PROJECT_NAME] =
    g_param_spec_string ("project-name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRemoteRuntime:info:
   *
   * The discovery file's whole JSON object, as read; %NULL for a runtime made from a URL.
   */
  properties[PROP_INFO] =
    g_param_spec_boxed ("info", NULL, NULL, JSON_TYPE_OBJECT,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRemoteRuntime:timeout:
   *
   * How long, in milliseconds, a short call (listing actions or values, cancelling,
   * notifying, a health check) may take before it fails with
   * `GENKIT_ERROR_DEADLINE_EXCEEDED`; 0 for no limit. Action runs are never timed out.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, DEFAULT_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_ID, "id");
  g_object_class_override_property (object_class, PROP_NAME, "name");
  g_object_class_override_property (object_class, PROP_GENKIT_VERSION, "genkit-version");
  g_object_class_override_property (object_class, PROP_REFLECTION_SERVER_URL,
                                    "reflection-server-url");
}

static void
genkit_remote_runtime_init (GenkitRemoteRuntime *self)
{
  self->session = new_session ();
  self->timeout_ms = DEFAULT_TIMEOUT_MS;
}
