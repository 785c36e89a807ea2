/* genkit-reflection-v2-server.c — the studio's side of Genkit's reflection API v2: a WebSocket
 * that runtimes connect to, each one a GenkitRuntime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <libsoup/soup.h>

#include "genkit-error.h"
#include "genkit-reflection-private.h"
#include "genkit-reflection-server.h"
#include "genkit-reflection-v2-runtime.h"
#include "genkit-reflection-v2-server.h"
#include "genkit-soup-private.h"

/**
 * GenkitReflectionV2Server:
 *
 * What the Genkit tools' `RuntimeManagerV2` (`genkit-tools/common/src/manager/manager-v2.ts`,
 * protocol §3) is: a WebSocket server on 127.0.0.1 that Genkit runtimes connect to when
 * `GENKIT_REFLECTION_V2_SERVER` holds its [property@Genkit.ReflectionV2Server:url]. A
 * runtime that sends `register` becomes a [class@Genkit.ReflectionV2Runtime], which
 * implements [iface@Genkit.Runtime], so the studio and `genkit-studio-cli` drive it like
 * any other runtime. The server is a [iface@Gio.ListModel] of those runtimes in the order
 * they registered; a runtime leaves it when its connection closes, and one registering again
 * with the same id replaces the older one (as the tools' map does).
 *
 * The answer to `register` carries [property@Genkit.ReflectionV2Server:telemetry-server-url],
 * where the runtime then sends its traces (unless its own `GENKIT_TELEMETRY_SERVER` says
 * otherwise); the server of a [class@Genkit.RuntimeMonitor] gives each runtime its own URL
 * under it instead, as the monitor's
 * [property@Genkit.RuntimeMonitor:runtime-telemetry-urls] says. Runtimes' requests other than `register`, `streamChunk` and `runActionState`
 * get JSON-RPC error -32601. A WebSocket opened from a web page elsewhere (an `Origin` that
 * is not a loopback address) is closed at once, against DNS rebinding and cross-site pages.
 *
 * ```c
 * g_autoptr(GenkitReflectionV2Server) server = genkit_reflection_v2_server_new ();
 *
 * if (!genkit_reflection_v2_server_listen (server, 0, &error))
 *   return FALSE;
 * g_subprocess_launcher_setenv (launcher, "GENKIT_REFLECTION_V2_SERVER",
 *                               genkit_reflection_v2_server_get_url (server), TRUE);
 * ```
 */
struct _GenkitReflectionV2Server
{
  GObject     parent_instance;

  SoupServer *server;
  guint       port;
  char       *url;
  char       *telemetry_server_url;
  gboolean    runtime_telemetry_urls;
  GHashTable *connections;   /* owned SoupWebsocketConnection → owned runtime, or NULL before register */
  GPtrArray  *runtimes;      /* owned GenkitReflectionV2Runtime, model order */
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitReflectionV2Server, genkit_reflection_v2_server, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_URL,
  PROP_TELEMETRY_SERVER_URL,
  PROP_CURRENT_RUNTIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* GListModel ---------------------------------------------------------------------------------- */

static GType
genkit_reflection_v2_server_get_item_type (GListModel *model)
{
  return GENKIT_TYPE_RUNTIME;
}

static guint
genkit_reflection_v2_server_get_n_items (GListModel *model)
{
  return GENKIT_REFLECTION_V2_SERVER (model)->runtimes->len;
}

static gpointer
genkit_reflection_v2_server_get_item (GListModel *model,
                                      guint       position)
{
  GenkitReflectionV2Server *self = GENKIT_REFLECTION_V2_SERVER (model);

  if (position >= self->runtimes->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->runtimes, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = genkit_reflection_v2_server_get_item_type;
  iface->get_n_items = genkit_reflection_v2_server_get_n_items;
  iface->get_item = genkit_reflection_v2_server_get_item;
}

/* Runtimes ------------------------------------------------------------------------------------- */

static void
remove_runtime (GenkitReflectionV2Server  *self,
                GenkitReflectionV2Runtime *runtime)
{
  guint position;
  gboolean was_current;

  if (!g_ptr_array_find (self->runtimes, runtime, &position))
    return;
  was_current = position == self->runtimes->len - 1;
  _genkit_reflection_v2_runtime_disconnected (runtime);
  g_ptr_array_remove_index (self->runtimes, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  if (was_current)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_RUNTIME]);
}

static void
add_runtime (GenkitReflectionV2Server  *self,
             GenkitReflectionV2Runtime *runtime)
{
  GenkitRuntime *older = genkit_reflection_v2_server_lookup_runtime (
    self, genkit_reflection_v2_runtime_get_id (runtime));

  if (older != NULL)
    remove_runtime (self, GENKIT_REFLECTION_V2_RUNTIME (older));
  g_ptr_array_add (self->runtimes, g_object_ref (runtime));
  g_list_model_items_changed (G_LIST_MODEL (self), self->runtimes->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_RUNTIME]);
}

/* The telemetry server URL @runtime is told: its own when a runtime monitor asks for that. */
static char *
runtime_telemetry_url (GenkitReflectionV2Server *self,
                       GenkitRuntime            *runtime,
                       const char               *url)
{
  g_autofree char *runtime_id = NULL;

  if (!self->runtime_telemetry_urls)
    return g_strdup (url);
  runtime_id = genkit_runtime_dup_id (runtime);
  return _genkit_runtime_telemetry_url (url, runtime_id);
}

static void
handle_register (GenkitReflectionV2Server *self,
                 SoupWebsocketConnection  *connection,
                 JsonObject               *message)
{
  const char *id = _genkit_jsonrpc_get_id (message);
  JsonNode *params = json_object_get_member (message, "params");
  g_autoptr(GenkitReflectionV2Runtime) runtime = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) answer = NULL;
  GenkitReflectionV2Runtime *previous = g_hash_table_lookup (self->connections, connection);

  runtime = _genkit_reflection_v2_runtime_new (connection,
                                               params && JSON_NODE_HOLDS_OBJECT (params)
                                               ? json_node_get_object (params) : NULL,
                                               self->url, &error);
  if (runtime == NULL)
    {
      if (id != NULL)
        _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_INVALID_PARAMS, error->message, NULL);
      return;
    }

  /* A second register on one connection replaces the first. */
  if (previous != NULL)
    remove_runtime (self, previous);
  g_hash_table_replace (self->connections, g_object_ref (connection), g_object_ref (runtime));
  add_runtime (self, runtime);

  if (id != NULL)
    {
      g_autofree char *telemetry_url = runtime_telemetry_url (self, GENKIT_RUNTIME (runtime),
                                                              self->telemetry_server_url);

      answer = json_object_new ();
      if (telemetry_url != NULL)
        json_object_set_string_member (answer, "telemetryServerUrl", telemetry_url);
      _genkit_jsonrpc_send_result (connection, id, json_node_init_object (json_node_alloc (), answer));
    }
}

static void
message_cb (SoupWebsocketConnection *connection,
            gint                     type,
            GBytes                  *data,
            gpointer                 user_data)
{
  GenkitReflectionV2Server *self = user_data;
  GenkitReflectionV2Runtime *runtime = g_hash_table_lookup (self->connections, connection);
  g_autoptr(JsonObject) message = NULL;
  g_autoptr(GError) error = NULL;
  const char *method;
  const char *id;

  if (type != SOUP_WEBSOCKET_DATA_TEXT || !(message = _genkit_jsonrpc_parse (data, &error)))
    {
      g_warning ("Reflection v2: an unreadable message from a runtime: %s",
                 error ? error->message : "not a text frame");
      return;
    }

  method = json_object_get_string_member_with_default (message, "method", NULL);
  id = _genkit_jsonrpc_get_id (message);
  if (g_strcmp0 (method, "register") == 0)
    handle_register (self, connection, message);
  else if (runtime != NULL && (method == NULL || g_str_equal (method, "streamChunk") ||
                               g_str_equal (method, "runActionState")))
    _genkit_reflection_v2_runtime_handle (runtime, message);
  else if (method != NULL && id != NULL)
    {
      g_autofree char *text = g_strdup_printf ("Method not found: %s", method);

      _genkit_jsonrpc_send_error (connection, id, GENKIT_JSONRPC_METHOD_NOT_FOUND, text, NULL);
    }
  else
    g_debug ("Reflection v2: a message from a connection that has not registered");
}

static void
forget_connection (GenkitReflectionV2Server *self,
                   SoupWebsocketConnection  *connection)
{
  GenkitReflectionV2Runtime *runtime = g_hash_table_lookup (self->connections, connection);

  g_signal_handlers_disconnect_by_data (connection, self);
  if (runtime != NULL)
    remove_runtime (self, runtime);
  g_hash_table_remove (self->connections, connection);
}

static void
closed_cb (SoupWebsocketConnection *connection,
           gpointer                 user_data)
{
  forget_connection (user_data, connection);
}

static void
websocket_cb (SoupServer              *server,
              SoupServerMessage       *msg,
              const char              *path,
              SoupWebsocketConnection *connection,
              gpointer                 user_data)
{
  GenkitReflectionV2Server *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *origin = soup_message_headers_get_one (headers, "Origin");
  const char *host = soup_message_headers_get_one (headers, "Host");

  /* Runtimes send no Origin; a browser page does, and only a local one may connect. */
  if ((origin != NULL && !_genkit_reflection_is_loopback_origin (origin)) ||
      (host != NULL && !_genkit_reflection_is_loopback_host (host)))
    {
      soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_POLICY_VIOLATION,
                                       "Only runtimes of this machine may connect");
      return;
    }

  soup_websocket_connection_set_max_incoming_payload_size (connection,
                                                           GENKIT_REFLECTION_V2_MAX_MESSAGE_SIZE);
  g_hash_table_insert (self->connections, g_object_ref (connection), NULL);
  g_signal_connect (connection, "message", G_CALLBACK (message_cb), self);
  g_signal_connect (connection, "closed", G_CALLBACK (closed_cb), self);
}

/* GObject ------------------------------------------------------------------------------------- */

static void
genkit_reflection_v2_server_dispose (GObject *object)
{
  GenkitReflectionV2Server *self = GENKIT_REFLECTION_V2_SERVER (object);

  genkit_reflection_v2_server_stop (self);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (genkit_reflection_v2_server_parent_class)->dispose (object);
}

static void
genkit_reflection_v2_server_finalize (GObject *object)
{
  GenkitReflectionV2Server *self = GENKIT_REFLECTION_V2_SERVER (object);

  g_hash_table_unref (self->connections);
  g_ptr_array_unref (self->runtimes);
  g_free (self->url);
  g_free (self->telemetry_server_url);

  G_OBJECT_CLASS (genkit_reflection_v2_server_parent_class)->finalize (object);
}

static void
genkit_reflection_v2_server_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  GenkitReflectionV2Server *self = GENKIT_REFLECTION_V2_SERVER (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;
    case PROP_TELEMETRY_SERVER_URL:
      g_value_set_string (value, self->telemetry_server_url);
      break;
    case PROP_CURRENT_RUNTIME:
      g_value_set_object (value, genkit_reflection_v2_server_get_current_runtime (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_reflection_v2_server_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  GenkitReflectionV2Server *self = GENKIT_REFLECTION_V2_SERVER (object);

  switch (prop_id)
    {
    case PROP_TELEMETRY_SERVER_URL:
      genkit_reflection_v2_server_set_telemetry_server_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_reflection_v2_server_class_init (GenkitReflectionV2ServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_reflection_v2_server_dispose;
  object_class->finalize = genkit_reflection_v2_server_finalize;
  object_class->get_property = genkit_reflection_v2_server_get_property;
  object_class->set_property = genkit_reflection_v2_server_set_property;

  /**
   * GenkitReflectionV2Server:url:
   *
   * The WebSocket URL runtimes connect to, `ws://127.0.0.1:<port>`: the value for their
   * `GENKIT_REFLECTION_V2_SERVER`. %NULL before listening.
   */
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitReflectionV2Server:telemetry-server-url:
   *
   * The telemetry server named to runtimes in the answer to their `register`; runtimes that
   * registered earlier get a `configure` notification when it changes.
   */
  properties[PROP_TELEMETRY_SERVER_URL] =
    g_param_spec_string ("telemetry-server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitReflectionV2Server:current-runtime:
   *
   * The runtime that registered last, the one the Genkit tools send requests to when none
   * is named (`getMostRecentRuntime()`), or %NULL when none is connected.
   */
  properties[PROP_CURRENT_RUNTIME] =
    g_param_spec_object ("current-runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
unref_if_set (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
genkit_reflection_v2_server_init (GenkitReflectionV2Server *self)
{
  self->connections = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref,
                                             unref_if_set);
  self->runtimes = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * genkit_reflection_v2_server_new:
 *
 * Creates a reflection API v2 server; it accepts runtimes once
 * [method@Genkit.ReflectionV2Server.listen] is called.
 *
 * Returns: (transfer full): a new server
 */
GenkitReflectionV2Server *
genkit_reflection_v2_server_new (void)
{
  return g_object_new (GENKIT_TYPE_REFLECTION_V2_SERVER, NULL);
}

static gboolean
listen_range (GenkitReflectionV2Server  *self,
              guint                      first,
              guint                      last,
              GError                   **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GError) local_error = NULL;

  if (self->server != NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                   "The reflection v2 server is already listening on %s", self->url);
      return FALSE;
    }

  self->server = soup_server_new ("server-header", "genkit-studio/" GENKIT_VERSION_STRING " ", NULL);
  _genkit_soup_server_plug_accept_leak (self->server);
  soup_server_add_websocket_handler (self->server, NULL, NULL, NULL, websocket_cb, self, NULL);

  for (guint candidate = first; candidate <= last; candidate++)
    {
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, candidate);

      g_clear_error (&local_error);
      if (soup_server_listen (self->server, address, 0, &local_error))
        break;
    }
  if (local_error != NULL)
    {
      g_clear_object (&self->server);
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   first == last ? "Cannot listen on 127.0.0.1:%u: %s"
                                 : "No free port for the reflection v2 server from %u: %s",
                   first, local_error->message);
      return FALSE;
    }

  {
    GSList *listeners = soup_server_get_listeners (self->server);
    g_autoptr(GSocketAddress) address = g_socket_get_local_address (listeners->data, NULL);

    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (address));
    g_slist_free (listeners);
  }
  /* A literal address: `localhost` may resolve to ::1, where nothing listens. */
  self->url = g_strdup_printf ("ws://127.0.0.1:%u", self->port);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  return TRUE;
}

/**
 * genkit_reflection_v2_server_listen:
 * @self: a [class@Genkit.ReflectionV2Server]
 * @port: the port, or 0 for Genkit's choice: the first free one from 3200 to 3400
 * @error: return location for an error
 *
 * Starts accepting runtimes on 127.0.0.1.
 *
 * Returns: %TRUE when listening; %FALSE with `UNAVAILABLE` when the port (or the whole
 *   range) is taken, or `FAILED_PRECONDITION` when already listening
 */
gboolean
genkit_reflection_v2_server_listen (GenkitReflectionV2Server  *self,
                                    guint                      port,
                                    GError                   **error)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_SERVER (self), FALSE);

  if (port == 0)
    return listen_range (self, GENKIT_REFLECTION_V2_FIRST_PORT, GENKIT_REFLECTION_V2_LAST_PORT, error);
  return listen_range (self, port, port, error);
}

/**
 * genkit_reflection_v2_server_listen_any:
 * @self: a [class@Genkit.ReflectionV2Server]
 * @error: return location for an error
 *
 * Starts accepting runtimes on 127.0.0.1, on any free port the system picks (for tests and
 * programs that do not want Genkit's range).
 *
 * Returns: %TRUE when listening
 */
gboolean
genkit_reflection_v2_server_listen_any (GenkitReflectionV2Server  *self,
                                        GError                   **error)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_SERVER (self), FALSE);
  return listen_range (self, 0, 0, error);
}

/**
 * genkit_reflection_v2_server_get_port:
 * @self: a [class@Genkit.ReflectionV2Server]
 *
 * Gets the port listened on.
 *
 * Returns: the port, or 0 before listening
 */
guint
genkit_reflection_v2_server_get_port (GenkitReflectionV2Server *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_SERVER (self), 0);
  return self->port;
}

/**
 * genkit_reflection_v2_server_get_url:
 * @self: a [class@Genkit.ReflectionV2Server]
 *
 * Gets [property@Genkit.ReflectionV2Server:url].
 *
 * Returns: (transfer none) (nullable): `ws://127.0.0.1:<port>`, or %NULL before listening
 */
const char *
genkit_reflection_v2_server_get_url (GenkitReflectionV2Server *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_SERVER (self), NULL);
  return self->url;
}

/**
 * genkit_reflection_v2_server_get_telemetry_server_url:
 * @self: a [class@Genkit.ReflectionV2Server]
 *
 * Gets [property@Genkit.ReflectionV2Server:telemetry-server-url].
 *
 * Returns: (transfer none) (nullable): the URL
 */
const char *
genkit_reflection_v2_server_get_telemetry_server_url (GenkitReflectionV2Server *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_SERVER (self), NULL);
  return self->telemetry_server_url;
}

static void
configure_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!genkit_runtime_notify_finish (GENKIT_RUNTIME (object), result, &error))
    g_debug ("configure: %s", error->message);
}

/**
 * genkit_reflection_v2_server_set_telemetry_server_url:
 * @self: a [class@Genkit.ReflectionV2Server]
 * @url: (nullable): the telemetry server's base URL, such as `http://127.0.0.1:4033`
 *
 * Sets [property@Genkit.ReflectionV2Server:telemetry-server-url] and sends it to every
 * runtime connected (`configure`).
 */
void
genkit_reflection_v2_server_set_telemetry_server_url (GenkitReflectionV2Server *self,
                                                      const char               *url)
{
  g_return_if_fail (GENKIT_IS_REFLECTION_V2_SERVER (self));

  if (g_strcmp0 (self->telemetry_server_url, url) == 0)
    return;
  g_free (self->telemetry_server_url);
  self->telemetry_server_url = g_strdup (url);
  for (guint i = 0; url != NULL && i < self->runtimes->len; i++)
    {
      GenkitRuntime *runtime = g_ptr_array_index (self->runtimes, i);
      g_autofree char *telemetry_url = runtime_telemetry_url (self, runtime, url);

      genkit_runtime_notify_async (runtime, telemetry_url, NULL, configure_cb, NULL);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TELEMETRY_SERVER_URL]);
}

/**
 * genkit_reflection_v2_server_get_current_runtime:
 * @self: a [class@Genkit.ReflectionV2Server]
 *
 * Gets [property@Genkit.ReflectionV2Server:current-runtime].
 *
 * Returns: (transfer none) (nullable): the runtime that registered last
 */
GenkitRuntime *
genkit_reflection_v2_server_get_current_runtime (GenkitReflectionV2Server *self)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_SERVER (self), NULL);

  if (self->runtimes->len == 0)
    return NULL;
  return g_ptr_array_index (self->runtimes, self->runtimes->len - 1);
}

/**
 * genkit_reflection_v2_server_lookup_runtime:
 * @self: a [class@Genkit.ReflectionV2Server]
 * @id: a runtime id
 *
 * Finds the connected runtime that registered with @id.
 *
 * Returns: (transfer none) (nullable): the runtime, or %NULL
 */
GenkitRuntime *
genkit_reflection_v2_server_lookup_runtime (GenkitReflectionV2Server *self,
                                            const char               *id)
{
  g_return_val_if_fail (GENKIT_IS_REFLECTION_V2_SERVER (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->runtimes->len; i++)
    if (g_str_equal (genkit_reflection_v2_runtime_get_id (g_ptr_array_index (self->runtimes, i)), id))
      return g_ptr_array_index (self->runtimes, i);
  return NULL;
}

/**
 * genkit_reflection_v2_server_stop:
 * @self: a [class@Genkit.ReflectionV2Server]
 *
 * Stops listening and closes every runtime's connection; the runtimes leave the model and
 * their calls under way fail with `UNAVAILABLE`. Safe to call more than once.
 */
void
genkit_reflection_v2_server_stop (GenkitReflectionV2Server *self)
{
  GList *keys;
  GList *connections;

  g_return_if_fail (GENKIT_IS_REFLECTION_V2_SERVER (self));

  if (self->server != NULL)
    soup_server_disconnect (self->server);

  /* Held while forgotten: the table's reference goes with the entry. */
  keys = g_hash_table_get_keys (self->connections);
  connections = g_list_copy_deep (keys, (GCopyFunc) g_object_ref, NULL);
  g_list_free (keys);
  for (GList *l = connections; l != NULL; l = l->next)
    {
      SoupWebsocketConnection *connection = l->data;

      forget_connection (self, connection);
      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
    }
  g_list_free_full (connections, g_object_unref);
}

void
_genkit_reflection_v2_server_set_runtime_telemetry_urls (GenkitReflectionV2Server *self,
                                                         gboolean                  runtime_telemetry_urls)
{
  self->runtime_telemetry_urls = runtime_telemetry_urls;
}
