/* provider-test-util.c — a local server replaying a provider's wire format, and model runs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "../engine/test-util.h"

struct _ReplayServer
{
  SoupServer *server;
  char       *url;
  GQueue      exchanges;        /* ReplayExchange copies (shallow: the tests' strings are static) */
  GString    *failures;
  char       *last_body;
  GSocket    *stalled;          /* the socket of a stream that stalled, to watch it close */
  GPtrArray  *streams;
};

typedef struct
{
  ReplayServer      *owner;
  SoupServerMessage *msg;
  ReplayExchange     exchange;
  gsize              pos;
  guint              source;
} Stream;

static void
stream_free (Stream *stream)
{
  g_clear_handle_id (&stream->source, g_source_remove);
  g_clear_object (&stream->msg);
  g_free (stream);
}

gboolean
test_json_equal (JsonNode *a,
                 JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;
  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_NULL:
      return TRUE;
    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a), *y = json_node_get_array (b);

        if (json_array_get_length (x) != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < json_array_get_length (x); i++)
          if (!test_json_equal (json_array_get_element (x, i), json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a), *y = json_node_get_object (b);
        g_autoptr(GList) members = json_object_get_members (x);

        if (json_object_get_size (x) != json_object_get_size (y))
          return FALSE;
        for (GList *l = members; l != NULL; l = l->next)
          if (!json_object_has_member (y, l->data) ||
              !test_json_equal (json_object_get_member (x, l->data), json_object_get_member (y, l->data)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      {
        GType ta = json_node_get_value_type (a), tb = json_node_get_value_type (b);
        gboolean na = ta == G_TYPE_INT64 || ta == G_TYPE_DOUBLE;
        gboolean nb = tb == G_TYPE_INT64 || tb == G_TYPE_DOUBLE;

        if (na && nb)
          return G_APPROX_VALUE (json_node_get_double (a), json_node_get_double (b), 1e-9);
        if (ta != tb)
          return FALSE;
        if (ta == G_TYPE_STRING)
          return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
        if (ta == G_TYPE_BOOLEAN)
          return json_node_get_boolean (a) == json_node_get_boolean (b);
        return FALSE;
      }
    default:
      return FALSE;
    }
}

static gboolean
stream_tick_cb (gpointer user_data)
{
  Stream *stream = user_data;
  ReplayExchange *ex = &stream->exchange;
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);
  gsize len = ex->body_len ? ex->body_len : strlen (ex->body);
  gsize n = MIN (ex->chunk_size, len - stream->pos);

  if (ex->stall_after > 0 && stream->pos >= ex->stall_after)
    {
      /* Stalled: the socket stays open, nothing more comes. */
      g_set_object (&stream->owner->stalled, soup_server_message_get_socket (stream->msg));
      stream->source = 0;
      return G_SOURCE_REMOVE;
    }
  if (ex->stall_after > 0)
    n = MIN (n, ex->stall_after - stream->pos);

  if (n > 0)
    {
      soup_message_body_append (body, SOUP_MEMORY_COPY, ex->body + stream->pos, n);
      stream->pos += n;
    }
  if (stream->pos >= len)
    {
      soup_message_body_complete (body);
      soup_server_message_unpause (stream->msg);
      stream->source = 0;
      return G_SOURCE_REMOVE;
    }
  soup_server_message_unpause (stream->msg);
  return G_SOURCE_CONTINUE;
}

static void
replay_handler (SoupServer        *soup_server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  ReplayServer *self = user_data;
  ReplayExchange *ex = g_queue_pop_head (&self->exchanges);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *path_query = NULL;
  SoupMessageBody *request_body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) request_bytes = soup_message_body_flatten (request_body);
  SoupMessageHeaders *request_headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);

  path_query = g_uri_get_query (uri) ? g_strdup_printf ("%s?%s", g_uri_get_path (uri), g_uri_get_query (uri))
                                     : g_strdup (g_uri_get_path (uri));
  g_free (self->last_body);
  self->last_body = g_strndup (g_bytes_get_data (request_bytes, NULL), g_bytes_get_size (request_bytes));

  if (ex == NULL)
    {
      g_string_append_printf (self->failures, "unexpected request %s %s\n",
                              soup_server_message_get_method (msg), path_query);
      soup_server_message_set_status (msg, 599, "Unexpected");
      return;
    }
  if (g_strcmp0 (ex->method, soup_server_message_get_method (msg)) != 0 ||
      g_strcmp0 (ex->path, path_query) != 0)
    g_string_append_printf (self->failures, "expected %s %s, got %s %s\n", ex->method, ex->path,
                            soup_server_message_get_method (msg), path_query);
  if (ex->expect_body != NULL)
    {
      g_autoptr(JsonNode) want = test_json (ex->expect_body);
      g_autoptr(JsonNode) got = genkit_json_parse (self->last_body, -1, NULL);

      if (!test_json_equal (want, got))
        g_string_append_printf (self->failures, "%s %s: body\n  %s\nwanted\n  %s\n", ex->method, ex->path,
                                self->last_body, ex->expect_body);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ex->expect_contains) && ex->expect_contains[i] != NULL; i++)
    if (strstr (self->last_body, ex->expect_contains[i]) == NULL)
      g_string_append_printf (self->failures, "%s %s: body\n  %s\nlacks\n  %s\n", ex->method, ex->path,
                              self->last_body, ex->expect_contains[i]);
  for (guint i = 0; ex->expect_headers[i] != NULL; i += 2)
    {
      const char *value = soup_message_headers_get_one (request_headers, ex->expect_headers[i]);

      if (g_strcmp0 (value, ex->expect_headers[i + 1]) != 0)
        g_string_append_printf (self->failures, "%s %s: header %s is %s, wanted %s\n", ex->method, ex->path,
                                ex->expect_headers[i], value ? value : "(absent)", ex->expect_headers[i + 1]);
    }

  soup_server_message_set_status (msg, ex->status ? ex->status : 200, NULL);
  for (guint i = 0; ex->headers[i] != NULL; i += 2)
    soup_message_headers_replace (response_headers, ex->headers[i], ex->headers[i + 1]);

  if (ex->chunk_size == 0 && ex->stall_after == 0)
    {
      soup_server_message_set_response (msg, ex->content_type, SOUP_MEMORY_COPY, ex->body,
                                        ex->body_len ? ex->body_len : strlen (ex->body));
    }
  else
    {
      Stream *stream = g_new0 (Stream, 1);

      stream->owner = self;
      stream->msg = g_object_ref (msg);
      stream->exchange = *ex;
      if (stream->exchange.chunk_size == 0)
        stream->exchange.chunk_size = 64;
      soup_message_headers_set_content_type (response_headers, ex->content_type, NULL);
      soup_message_headers_set_encoding (response_headers, SOUP_ENCODING_CHUNKED);
      soup_server_message_pause (msg);
      stream->source = g_timeout_add (1, stream_tick_cb, stream);
      g_ptr_array_add (self->streams, stream);
    }
  g_free (ex);
}

ReplayServer *
replay_server_new (void)
{
  ReplayServer *self = g_new0 (ReplayServer, 1);

  self->server = soup_server_new (NULL, NULL);
  self->failures = g_string_new (NULL);
  self->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) stream_free);
  g_queue_init (&self->exchanges);
  soup_server_add_handler (self->server, NULL, replay_handler, self, NULL);
  self->url = test_listen_on_loopback (self->server);
  return self;
}

void
replay_server_free (ReplayServer *self)
{
  g_ptr_array_unref (self->streams);
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_object (&self->stalled);
  g_queue_clear_full (&self->exchanges, g_free);
  g_string_free (self->failures, TRUE);
  g_free (self->last_body);
  g_free (self->url);
  g_free (self);
}

const char *
replay_server_get_url (ReplayServer *self)
{
  return self->url;
}

void
replay_server_expect (ReplayServer         *self,
                      const ReplayExchange *exchange)
{
  g_queue_push_tail (&self->exchanges, g_memdup2 (exchange, sizeof *exchange));
}

void
replay_server_assert_done (ReplayServer *self)
{
  if (self->failures->len > 0)
    g_error ("The replay server saw:\n%s", self->failures->str);
  g_assert_cmpuint (g_queue_get_length (&self->exchanges), ==, 0);
}

const char *
replay_server_get_last_body (ReplayServer *self)
{
  return self->last_body;
}

/* Whether the client closed the stalled stream's socket within @timeout_ms: its end of the
 * connection reads as end-of-file. */
gboolean
replay_server_wait_client_gone (ReplayServer *self,
                                guint         timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + timeout_ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      if (self->stalled != NULL)
        {
          char byte;
          g_autoptr(GError) error = NULL;
          gssize n = g_socket_receive_with_blocking (self->stalled, &byte, 1, FALSE, NULL, &error);

          if (n == 0 || (n < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK)))
            return TRUE;
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return FALSE;
}

char *
test_closed_port_url (void)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  guint port;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_assert_nonnull (socket);
  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* Runs ----------------------------------------------------------------------------------- */

void
model_run_clear (ModelRun *run)
{
  g_clear_pointer (&run->output, json_node_unref);
  g_clear_error (&run->error);
  g_clear_pointer (&run->chunks, g_ptr_array_unref);
}

typedef struct
{
  ModelRun     *out;
  GCancellable *cancellable;
  guint         cancel_after;
  gboolean      done;
} RunWait;

static void
run_chunk_cb (JsonNode *chunk,
              gpointer  user_data)
{
  RunWait *wait = user_data;

  g_ptr_array_add (wait->out->chunks, json_node_copy (chunk));
  if (wait->cancel_after > 0 && wait->out->chunks->len == wait->cancel_after)
    g_cancellable_cancel (wait->cancellable);
}

static void
run_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunWait *wait = user_data;
  g_autoptr(GenkitActionResult) action_result = NULL;

  action_result = genkit_action_run_finish (GENKIT_ACTION (object), result, &wait->out->error);
  if (action_result != NULL)
    wait->out->output = json_node_copy (genkit_action_result_get_result (action_result));
  wait->done = TRUE;
}

void
test_run_model (GenkitRegistry *registry,
                const char     *key,
                const char     *input_json,
                gboolean        stream,
                guint           cancel_after_chunks,
                ModelRun       *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitAction) action = test_lookup (registry, key, &error);
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonNode) input = test_json (input_json);
  RunWait wait = { out, cancellable, cancel_after_chunks, FALSE };

  g_assert_no_error (error);
  g_assert_nonnull (action);
  model_run_clear (out);
  out->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (stream)
    genkit_run_options_set_stream_func (options, run_chunk_cb, &wait, NULL);
  genkit_action_run_async (action, input, options, cancellable, run_done_cb, &wait);
  test_wait_until (&wait.done);
}

char *
model_run_text (ModelRun *run)
{
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_no_error (run->error);
  response = genkit_generate_response_new_from_json (run->output, &error);
  g_assert_no_error (error);
  return genkit_generate_response_get_text (response);
}

char *
model_run_chunk_text (ModelRun *run)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < run->chunks->len; i++)
    {
      g_autoptr(GenkitGenerateResponseChunk) chunk = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *piece = NULL;

      chunk = genkit_generate_response_chunk_new_from_json (g_ptr_array_index (run->chunks, i), &error);
      g_assert_no_error (error);
      piece = genkit_generate_response_chunk_get_text (chunk);
      g_string_append (text, piece);
    }
  return g_string_free (text, FALSE);
}

JsonObject *
model_run_message_part (ModelRun *run,
                        guint     index)
{
  JsonObject *message;
  JsonArray *content;

  g_assert_no_error (run->error);
  message = json_object_get_object_member (json_node_get_object (run->output), "message");
  content = json_object_get_array_member (message, "content");
  g_assert_cmpuint (index, <, json_array_get_length (content));
  return json_array_get_object_element (content, index);
}

double
model_run_usage (ModelRun   *run,
                 const char *name)
{
  JsonObject *usage = json_object_get_object_member (json_node_get_object (run->output), "usage");

  g_assert_true (json_object_has_member (usage, name));
  return json_object_get_double_member (usage, name);
}

typedef struct
{
  JsonNode *listing;
  gboolean  done;
} ListWait;

static void
list_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ListWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->listing = genkit_registry_list_actions_finish (GENKIT_REGISTRY (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

JsonNode *
model_run_listing (GenkitRegistry *registry)
{
  ListWait wait = { NULL, FALSE };

  genkit_registry_list_actions_async (registry, NULL, list_done_cb, &wait);
  test_wait_until (&wait.done);
  return wait.listing;
}

void
test_provider_init (int    *argc,
                    char ***argv)
{
  static const char * const proxy_vars[] = {
    "http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
    "no_proxy", "NO_PROXY",
  };

  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* The replay servers are on 127.0.0.1: no proxy of the machine may stand in between. */
  for (guint i = 0; i < G_N_ELEMENTS (proxy_vars); i++)
    g_unsetenv (proxy_vars[i]);
}

/* Tests every provider shares ---------------------------------------------------------------- */

GenkitRegistry *
test_registry_with (GenkitProviderPlugin *plugin)
{
  GenkitRegistry *registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_registry_register_plugin (registry, GENKIT_PLUGIN (plugin), &error));
  g_assert_no_error (error);
  g_assert_nonnull (genkit_define_generate_action (registry, &error));
  g_assert_no_error (error);
  return registry;
}

/* @user_data: the member, the value expected in it and the answer (a GStrv). */
static void
canned_tool_run (GenkitActionRun *run,
                 JsonNode        *input,
                 gpointer         user_data)
{
  const char * const *canned = user_data;

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (input), canned[0]), ==, canned[1]);
  genkit_action_run_return_value (run, test_json (canned[2]));
}

/* The tool of a provider's tool round trip: it checks that the model's call gave @member the
 * value @expected and answers @answer (JSON text). */
void
test_define_canned_tool (GenkitRegistry *registry,
                         const char     *name,
                         const char     *description,
                         const char     *input_schema,
                         const char     *member,
                         const char     *expected,
                         const char     *answer)
{
  g_autoptr(JsonNode) schema = test_json (input_schema);
  g_autoptr(GError) error = NULL;
  const char * const canned[] = { member, expected, answer, NULL };

  g_assert_nonnull (genkit_define_tool (registry, name, description, schema, NULL, canned_tool_run,
                                        g_strdupv ((char **) canned), (GDestroyNotify) g_strfreev, &error));
  g_assert_no_error (error);
}

static void
common_streamed (gconstpointer data)
{
  const ProviderSpec *spec = data;
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = spec->make (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autofree char *text = NULL;
  g_autofree char *streamed = NULL;

  g_test_summary ("A real streamed answer sent one byte per HTTP chunk: the chunks add up to the "
                  "final text");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = spec->stream_path, .content_type = spec->stream_content_type,
    .body = spec->stream_body, .chunk_size = 1,
  });
  test_run_model (registry, spec->model_key, spec->request, TRUE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
  text = model_run_text (&run);
  streamed = model_run_chunk_text (&run);
  g_assert_cmpstr (text, ==, spec->stream_text);
  g_assert_cmpstr (streamed, ==, spec->stream_text);
  if (spec->stream_chunks > 0)
    g_assert_cmpuint (run.chunks->len, ==, spec->stream_chunks);
  g_assert_true (json_object_has_member (json_node_get_object (run.output), "latencyMs"));
  g_assert_true (json_object_has_member (json_node_get_object (run.output), "usage"));
}

static void
common_errors (gconstpointer data)
{
  const ProviderSpec *spec = data;
  static const guint statuses[] = { 400, 401, 429, 500 };

  g_test_summary ("The provider's error bodies for 400, 401, 429 (with Retry-After) and 500 become "
                  "Genkit statuses carrying its message; the key never shows");

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(ReplayServer) server = replay_server_new ();
      g_autoptr(GenkitProviderPlugin) plugin = spec->make (replay_server_get_url (server));
      g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
      g_auto(ModelRun) run = { 0 };
      gboolean stream = i % 2 == 1;

      replay_server_expect (server, &(ReplayExchange) {
        .method = "POST", .path = stream ? spec->stream_path : spec->path, .status = statuses[i],
        .headers = { statuses[i] == 429 ? "Retry-After" : NULL, "17", NULL },
        .content_type = spec->error_content_type, .body = spec->error_bodies[i],
      });
      test_run_model (registry, spec->model_key, spec->request, stream, 0, &run);
      replay_server_assert_done (server);
      g_assert_nonnull (run.error);
      if (!g_error_matches (run.error, GENKIT_ERROR, (int) spec->error_codes[i]))
        g_error ("HTTP %u: got %s (%d), wanted %s", statuses[i], run.error->message, run.error->code,
                 genkit_error_code_to_name (spec->error_codes[i]));
      if (statuses[i] == 429)
        {
          g_assert_nonnull (strstr (run.error->message, "Retry after 17 s"));
          g_assert_cmpint (genkit_error_get_retry_after_ms (run.error), ==, 17000);
        }
      g_assert_nonnull (strstr (run.error->message, "HTTP"));
      if (spec->key != NULL)
        g_assert_null (strstr (run.error->message, spec->key));
    }
}

static void
common_retry_after_date (gconstpointer data)
{
  const ProviderSpec *spec = data;
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = spec->make (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_seconds (now, 30);
  g_autofree char *date = soup_date_time_to_string (later, SOUP_DATE_HTTP);
  gint64 wait;

  g_test_summary ("A 503 with Retry-After as an HTTP date: the error carries the wait until then "
                  "(for the retry middleware) and says it");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = spec->path, .status = 503,
    .headers = { "Retry-After", date, NULL },
    .content_type = spec->error_content_type, .body = spec->error_bodies[3],
  });
  test_run_model (registry, spec->model_key, spec->request, FALSE, 0, &run);
  replay_server_assert_done (server);
  g_assert_nonnull (run.error);
  g_assert_true (run.error->domain == GENKIT_ERROR);
  g_assert_nonnull (strstr (run.error->message, "HTTP 503"));
  g_assert_nonnull (strstr (run.error->message, "Retry after"));
  /* The date has whole seconds, and the run took some time. */
  wait = genkit_error_get_retry_after_ms (run.error);
  g_assert_cmpint (wait, >, 10 * 1000);
  g_assert_cmpint (wait, <=, 30 * 1000);
}

static void
common_refused (gconstpointer data)
{
  const ProviderSpec *spec = data;
  g_autofree char *url = test_closed_port_url ();
  g_autoptr(GenkitProviderPlugin) plugin = spec->make (url);
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("Nothing listening: UNAVAILABLE, naming the address");

  test_run_model (registry, spec->model_key, spec->request, TRUE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  g_assert_nonnull (strstr (run.error->message, "Could not reach"));
  g_assert_nonnull (strstr (run.error->message, "127.0.0.1:"));
}

static void
common_stalled (gconstpointer data)
{
  const ProviderSpec *spec = data;
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = spec->make (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };
  gint64 start = g_get_monotonic_time ();

  g_test_summary ("A stream that stops sending ends with DEADLINE_EXCEEDED after the idle timeout, "
                  "and the connection is closed");

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = spec->stream_path, .content_type = spec->stream_content_type,
    .body = spec->stream_body, .stall_after = spec->stall_after,
  });
  test_run_model (registry, spec->model_key, spec->request, TRUE, 0, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 400 * 1000);
  g_assert_cmpuint (run.chunks->len, >=, 1);
  g_assert_true (replay_server_wait_client_gone (server, 5000));
  replay_server_assert_done (server);
}

static void
common_cancel (gconstpointer data)
{
  const ProviderSpec *spec = data;
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = spec->make (replay_server_get_url (server));
  g_autoptr(GenkitRegistry) registry = test_registry_with (plugin);
  g_auto(ModelRun) run = { 0 };

  g_test_summary ("Cancelling after the first chunk ends the run with CANCELLED, and the socket is "
                  "closed");

  genkit_provider_plugin_set_timeout_ms (plugin, 30000);
  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = spec->stream_path, .content_type = spec->stream_content_type,
    .body = spec->stream_body, .stall_after = spec->stall_after,
  });
  test_run_model (registry, spec->model_key, spec->request, TRUE, 1, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpuint (run.chunks->len, ==, 1);
  g_assert_true (replay_server_wait_client_gone (server, 5000));
  replay_server_assert_done (server);
}

static void
common_metadata (gconstpointer data)
{
  const ProviderSpec *spec = data;
  g_autoptr(GenkitProviderPlugin) plugin = spec->make ("http://127.0.0.1:9");
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(JsonNode) listing = NULL;
  g_autoptr(GList) keys = NULL;
  guint n = 0;

  g_test_summary ("Every listed model and embedder resolves, its supports pass the engine's model "
                  "options check, and its config schema compiles with the engine's validator");

  g_object_set (plugin, "discover-models", FALSE, NULL);
  registry = test_registry_with (plugin);
  listing = model_run_listing (registry);
  keys = json_object_get_members (json_node_get_object (listing));
  for (GList *l = keys; l != NULL; l = l->next)
    {
      JsonObject *action = json_object_get_object_member (json_node_get_object (listing), l->data);
      JsonObject *metadata;
      JsonObject *info;
      g_autoptr(GenkitJsonSchema) schema = NULL;
      g_autoptr(GenkitAction) resolved = NULL;
      g_autoptr(GError) error = NULL;

      if (!g_str_has_prefix (l->data, "/model/") && !g_str_has_prefix (l->data, "/embedder/"))
        continue;
      metadata = json_object_get_object_member (action, "metadata");
      info = json_object_has_member (metadata, "model") ? json_object_get_object_member (metadata, "model")
                                                        : json_object_get_object_member (metadata, "embedder");
      g_assert_false (json_object_has_member (info, "available"));
      if (json_object_has_member (info, "customOptions"))
        {
          schema = genkit_json_schema_new (json_object_get_member (info, "customOptions"), &error);
          g_assert_no_error (error);
        }
      resolved = test_lookup (registry, l->data, &error);
      g_assert_no_error (error);
      g_assert_nonnull (resolved);
      n++;
    }
  if (g_strcmp0 (spec->prefix, "/ollama") != 0)
    g_assert_cmpuint (n, >, 0);
}

void
provider_add_common_tests (const ProviderSpec *spec)
{
  static const struct { const char *name; GTestDataFunc func; } tests[] = {
    { "streamed-every-byte", common_streamed },
    { "errors", common_errors },
    { "retry-after-date", common_retry_after_date },
    { "connection-refused", common_refused },
    { "stalled-stream", common_stalled },
    { "cancel-mid-stream", common_cancel },
    { "metadata-schemas", common_metadata },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", spec->prefix, tests[i].name);

      g_test_add_data_func (path, spec, tests[i].func);
    }
}
