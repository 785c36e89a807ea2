/* test-util.c — shared helpers of the engine tests
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "test-util.h"
#include "genkit-soup-private.h"

JsonNode *
test_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

char *
test_to_string (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : g_strdup ("(none)");
}

void
test_run_clear (TestRun *run)
{
  g_clear_pointer (&run->result, genkit_action_result_unref);
  g_clear_error (&run->error);
  g_clear_pointer (&run->chunks, g_ptr_array_unref);
  g_clear_pointer (&run->started_trace_id, g_free);
  run->n_started = 0;
}

typedef struct
{
  TestRun  *out;
  gboolean  done;
} Waiter;

static void
on_chunk_cb (JsonNode *chunk,
             gpointer  user_data)
{
  TestRun *out = user_data;

  g_assert_false (out->result != NULL || out->error != NULL);
  g_ptr_array_add (out->chunks, json_node_copy (chunk));
}

static void
on_started_cb (const char *trace_id,
               const char *span_id,
               gpointer    user_data)
{
  TestRun *out = user_data;

  g_assert_cmpuint (strlen (trace_id), ==, 32);
  g_assert_cmpuint (strlen (span_id), ==, 16);
  out->n_started++;
  g_free (out->started_trace_id);
  out->started_trace_id = g_strdup (trace_id);
}

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  if (GENKIT_IS_REGISTRY (object))
    waiter->out->result = genkit_registry_run_action_finish (GENKIT_REGISTRY (object), result,
                                                             &waiter->out->error);
  else
    waiter->out->result = genkit_action_run_finish (GENKIT_ACTION (object), result,
                                                    &waiter->out->error);
  waiter->done = TRUE;
}

void
test_wait_until (gboolean *flag)
{
  while (!*flag)
    g_main_context_iteration (NULL, TRUE);
}

void
test_run_action (GenkitAction     *action,
                 JsonNode         *input,
                 GenkitRunOptions *options,
                 GCancellable     *cancellable,
                 gboolean          stream,
                 TestRun          *out)
{
  g_autoptr(GenkitRunOptions) opts = options ? genkit_run_options_ref (options) : genkit_run_options_new ();
  Waiter waiter = { out, FALSE };

  test_run_clear (out);
  out->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  if (stream)
    genkit_run_options_set_stream_func (opts, on_chunk_cb, out, NULL);
  genkit_run_options_set_started_func (opts, on_started_cb, out, NULL);

  genkit_action_run_async (action, input, opts, cancellable, on_done_cb, &waiter);
  test_wait_until (&waiter.done);
  g_assert_true ((out->result == NULL) != (out->error == NULL));
}

void
test_run_key (GenkitRegistry *registry,
              const char     *key,
              JsonNode       *input,
              TestRun        *out)
{
  Waiter waiter = { out, FALSE };

  test_run_clear (out);
  out->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  genkit_registry_run_action_async (registry, key, input, NULL, NULL, on_done_cb, &waiter);
  test_wait_until (&waiter.done);
}

typedef struct
{
  GenkitAction *action;
  GError      **error;
  gboolean      done;
} LookupWaiter;

static void
on_lookup_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LookupWaiter *waiter = user_data;

  waiter->action = genkit_registry_lookup_action_finish (GENKIT_REGISTRY (object), result,
                                                         waiter->error);
  waiter->done = TRUE;
}

GenkitAction *
test_lookup (GenkitRegistry  *registry,
             const char      *key,
             GError         **error)
{
  LookupWaiter waiter = { NULL, error, FALSE };

  genkit_registry_lookup_action_async (registry, key, NULL, on_lookup_cb, &waiter);
  test_wait_until (&waiter.done);
  return waiter.action;
}

/* Listens on 127.0.0.1 at a port the system picks and gives the base URL. (Through our own
 * socket: libsoup 3.2's soup_server_get_uris() leaks the address it reads.) */
char *
test_listen_on_loopback (SoupServer *server)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GError) error = NULL;

  _genkit_soup_server_plug_accept_leak (server);
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  soup_server_listen_socket (server, socket, 0, &error);
  g_assert_no_error (error);
  return g_strdup_printf ("http://127.0.0.1:%u",
                          g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}
