/* genkit-reflection-jsonrpc.c — JSON-RPC 2.0 messages of the reflection API v2, as Genkit's
 * runtime (`js/core/src/reflection-v2.ts`) and tools (`manager-v2.ts`) write them
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-error.h"
#include "genkit-json.h"
#include "genkit-reflection-private.h"

static void
send_object (SoupWebsocketConnection *connection,
             JsonObject              *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = NULL;

  if (soup_websocket_connection_get_state (connection) != SOUP_WEBSOCKET_STATE_OPEN)
    return;
  text = json_to_string (node, FALSE);
  soup_websocket_connection_send_text (connection, text);
}

static JsonObject *
message_new (const char *id)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "jsonrpc", "2.0");
  if (id != NULL)
    json_object_set_string_member (object, "id", id);
  return object;
}

void
_genkit_jsonrpc_send_request (SoupWebsocketConnection *connection,
                              const char              *id,
                              const char              *method,
                              JsonNode                *params)
{
  g_autoptr(JsonObject) object = message_new (id);

  json_object_set_string_member (object, "method", method);
  if (params != NULL)
    json_object_set_member (object, "params", params);
  send_object (connection, object);
}

void
_genkit_jsonrpc_send_notification (SoupWebsocketConnection *connection,
                                   const char              *method,
                                   JsonNode                *params)
{
  _genkit_jsonrpc_send_request (connection, NULL, method, params);
}

void
_genkit_jsonrpc_send_result (SoupWebsocketConnection *connection,
                             const char              *id,
                             JsonNode                *result)
{
  g_autoptr(JsonObject) object = message_new (id);

  json_object_set_member (object, "result", result ? result : json_node_new (JSON_NODE_NULL));
  send_object (connection, object);
}

void
_genkit_jsonrpc_send_error (SoupWebsocketConnection *connection,
                            const char              *id,
                            int                      code,
                            const char              *message,
                            JsonNode                *data)
{
  g_autoptr(JsonObject) object = message_new (id);
  JsonObject *error = json_object_new ();

  json_object_set_int_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  if (data != NULL)
    json_object_set_member (error, "data", data);
  json_object_set_object_member (object, "error", error);
  send_object (connection, object);
}

JsonObject *
_genkit_jsonrpc_parse (GBytes  *message,
                       GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize size;
  const char *data = g_bytes_get_data (message, &size);
  JsonObject *object;

  if (!(root = genkit_json_parse (data, size, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root),
                                                             "jsonrpc", NULL), "2.0") != 0)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "A reflection v2 message must be a JSON-RPC 2.0 object");
      return NULL;
    }
  object = json_node_get_object (root);
  return json_object_ref (object);
}

const char *
_genkit_jsonrpc_get_id (JsonObject *message)
{
  JsonNode *id = json_object_get_member (message, "id");

  if (id == NULL || json_node_get_value_type (id) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (id);
}

JsonNode *
_genkit_jsonrpc_params_new (const char *request_id,
                            const char *member,
                            JsonNode   *value)
{
  g_autoptr(JsonObject) params = json_object_new ();

  json_object_set_string_member (params, "requestId", request_id);
  if (member != NULL)
    json_object_set_member (params, member, value);
  return json_node_init_object (json_node_alloc (), params);
}
