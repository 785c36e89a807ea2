/* genkit-generate-request.c — what a model action receives: Genkit's GenerateRequest
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-generate-request.h"

/**
 * GenkitGenerateRequest:
 *
 * The input of a model action, Genkit's `GenerateRequest` (`js/ai/src/model-types.ts`):
 *
 * - `messages`: the conversation (required);
 * - `config`: the model's options (validated by the model against its `customOptions`);
 * - `tools`: `ToolDefinition`s (`name`, `description`, `inputSchema`, `outputSchema`,
 *   `metadata`, `key`);
 * - `toolChoice`: `auto`, `required` or `none`;
 * - `output`: `{format, schema, constrained, contentType}`;
 * - `docs`: context documents;
 * - `candidates`: deprecated.
 *
 * The request is its checked JSON object; unknown members are kept, and messages and
 * documents taken from it are views.
 */
struct _GenkitGenerateRequest
{
  gatomicrefcount  ref_count;
  JsonObject      *object;
};

G_DEFINE_BOXED_TYPE (GenkitGenerateRequest, genkit_generate_request,
                     genkit_generate_request_ref, genkit_generate_request_unref)

static const char * const tool_choices[] = { "auto", "required", "none", NULL };

static gboolean
check_schema_or_null (GkCheck    *check,
                      JsonObject *object,
                      const char *path,
                      const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return _gk_check_member (check, object, path, member, GK_OBJECT, FALSE);
}

static gboolean
check_array_of (GkCheck    *check,
                JsonObject *object,
                const char *path,
                const char *member,
                gboolean    required,
                gboolean  (*item_check) (GkCheck *, JsonNode *, const char *))
{
  g_autofree char *inner = _gk_path_member (path, member);
  JsonArray *array;

  if (!_gk_check_member (check, object, path, member, GK_ARRAY, required))
    return FALSE;
  if ((array = _gk_object_get_array (object, member)) == NULL)
    return TRUE;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item = _gk_path_index (inner, i);

      if (!item_check (check, json_array_get_element (array, i), item))
        return FALSE;
    }
  return TRUE;
}

static gboolean
tool_definition_check (GkCheck    *check,
                       JsonNode   *node,
                       const char *path)
{
  JsonObject *object;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);

  return _gk_check_member (check, object, path, "name", GK_STRING, TRUE) &&
         _gk_check_member (check, object, path, "description", GK_STRING, TRUE) &&
         _gk_check_member (check, object, path, "key", GK_STRING, FALSE) &&
         check_schema_or_null (check, object, path, "inputSchema") &&
         check_schema_or_null (check, object, path, "outputSchema") &&
         _gk_check_member (check, object, path, "metadata", GK_OBJECT, FALSE);
}

gboolean
_genkit_request_check (GkCheck    *check,
                       JsonNode   *node,
                       const char *path)
{
  JsonObject *object;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);

  if (!check_array_of (check, object, path, "messages", TRUE, _genkit_message_check) ||
      !check_array_of (check, object, path, "tools", FALSE, tool_definition_check) ||
      !_gk_check_enum_member (check, object, path, "toolChoice", tool_choices, FALSE) ||
      !_gk_check_member (check, object, path, "output", GK_OBJECT, FALSE) ||
      !check_array_of (check, object, path, "docs", FALSE, _genkit_document_check) ||
      !_gk_check_member (check, object, path, "candidates", GK_NUMBER, FALSE))
    return FALSE;

  if (json_object_has_member (object, "output"))
    {
      JsonObject *output = json_object_get_object_member (object, "output");
      g_autofree char *inner = _gk_path_member (path, "output");

      if (!_gk_check_member (check, output, inner, "format", GK_STRING, FALSE) ||
          !_gk_check_member (check, output, inner, "schema", GK_OBJECT, FALSE) ||
          !_gk_check_member (check, output, inner, "constrained", GK_BOOLEAN, FALSE) ||
          !_gk_check_member (check, output, inner, "contentType", GK_STRING, FALSE))
        return FALSE;
    }
  return TRUE;
}

GenkitGenerateRequest *
_genkit_request_wrap (JsonObject *object)
{
  GenkitGenerateRequest *self = g_new0 (GenkitGenerateRequest, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->object = json_object_ref (object);
  return self;
}

/**
 * genkit_generate_request_new:
 *
 * Makes a request with no messages yet, `{"messages": []}`.
 *
 * Returns: (transfer full): the new request
 */
GenkitGenerateRequest *
genkit_generate_request_new (void)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_array_member (object, "messages", json_array_new ());
  return _genkit_request_wrap (object);
}

/**
 * genkit_generate_request_new_from_json:
 * @node: a JSON object
 * @error: return location for an error: `INVALID_ARGUMENT` naming the offending field, e.g.
 *   `messages[1].content[0].toolRequest.name must be a string`
 *
 * Reads a request, checking it as Genkit's `GenerateRequestSchema` does. @node is copied.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL with @error set
 */
GenkitGenerateRequest *
genkit_generate_request_new_from_json (JsonNode  *node,
                                       GError   **error)
{
  GkCheck check = { "GenerateRequest", error };
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!_genkit_request_check (&check, node, ""))
    return NULL;
  copy = _gk_node_copy (node);
  return _genkit_request_wrap (json_node_get_object (copy));
}

/**
 * genkit_generate_request_ref:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
GenkitGenerateRequest *
genkit_generate_request_ref (GenkitGenerateRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_generate_request_unref:
 * @self: (transfer full): a [struct@Genkit.GenerateRequest]
 *
 * Drops a reference.
 */
void
genkit_generate_request_unref (GenkitGenerateRequest *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      json_object_unref (self->object);
      g_free (self);
    }
}

/**
 * genkit_generate_request_copy:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Makes a deep copy (what a middleware changes before calling the next layer).
 *
 * Returns: (transfer full): the copy
 */
GenkitGenerateRequest *
genkit_generate_request_copy (GenkitGenerateRequest *self)
{
  g_autoptr(JsonObject) copy = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  copy = _gk_object_copy (self->object);
  return _genkit_request_wrap (copy);
}

/**
 * genkit_generate_request_to_json:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Serializes the request, unknown members included.
 *
 * Returns: (transfer full): a copy of the request's JSON object
 */
JsonNode *
genkit_generate_request_to_json (GenkitGenerateRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_node_take_object (_gk_object_copy (self->object));
}

/**
 * genkit_generate_request_get_json_object:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Gets the JSON object the request is; changes to it change the request.
 *
 * Returns: (transfer none): the request's object
 */
JsonObject *
genkit_generate_request_get_json_object (GenkitGenerateRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->object;
}

static JsonArray *
request_messages (GenkitGenerateRequest *self)
{
  JsonArray *messages = _gk_object_get_array (self->object, "messages");

  if (messages == NULL)
    {
      messages = json_array_new ();
      json_object_set_array_member (self->object, "messages", messages);
    }
  return messages;
}

/**
 * genkit_generate_request_get_n_messages:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Counts the messages.
 *
 * Returns: the number of messages
 */
guint
genkit_generate_request_get_n_messages (GenkitGenerateRequest *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return json_array_get_length (request_messages (self));
}

/**
 * genkit_generate_request_get_message:
 * @self: a [struct@Genkit.GenerateRequest]
 * @index: which message, from 0
 *
 * Gets a view of one message.
 *
 * Returns: (transfer full): the message
 */
GenkitMessage *
genkit_generate_request_get_message (GenkitGenerateRequest *self,
                                     guint                  index)
{
  JsonArray *messages;

  g_return_val_if_fail (self != NULL, NULL);
  messages = request_messages (self);
  g_return_val_if_fail (index < json_array_get_length (messages), NULL);

  return _genkit_message_wrap (json_array_get_object_element (messages, index));
}

/**
 * genkit_generate_request_add_message:
 * @self: a [struct@Genkit.GenerateRequest]
 * @message: the message to append; copied
 *
 * Appends a copy of @message.
 */
void
genkit_generate_request_add_message (GenkitGenerateRequest *self,
                                     GenkitMessage         *message)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (message != NULL);

  json_array_add_element (request_messages (self), genkit_message_to_json (message));
}

/**
 * genkit_generate_request_get_config:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Gets `config`, the model options.
 *
 * Returns: (transfer none) (nullable): the config, or %NULL when absent
 */
JsonNode *
genkit_generate_request_get_config (GenkitGenerateRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return json_object_get_member (self->object, "config");
}

/**
 * genkit_generate_request_set_config:
 * @self: a [struct@Genkit.GenerateRequest]
 * @config: (nullable): the new config; copied. %NULL removes it
 *
 * Sets `config`.
 */
void
genkit_generate_request_set_config (GenkitGenerateRequest *self,
                                    JsonNode              *config)
{
  g_return_if_fail (self != NULL);

  if (config == NULL)
    json_object_remove_member (self->object, "config");
  else
    json_object_set_member (self->object, "config", _gk_node_copy (config));
}

/**
 * genkit_generate_request_get_n_tools:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Counts the tool definitions.
 *
 * Returns: the number of tools
 */
guint
genkit_generate_request_get_n_tools (GenkitGenerateRequest *self)
{
  JsonArray *tools;

  g_return_val_if_fail (self != NULL, 0);

  tools = _gk_object_get_array (self->object, "tools");
  return tools ? json_array_get_length (tools) : 0;
}

/**
 * genkit_generate_request_get_tool:
 * @self: a [struct@Genkit.GenerateRequest]
 * @index: which tool, from 0
 *
 * Gets one `ToolDefinition`: `name` (the short name the model calls), `description`,
 * `inputSchema`, `outputSchema`, `metadata` (`originalName` for a namespaced tool), `key`.
 *
 * Returns: (transfer none): the tool definition object
 */
JsonObject *
genkit_generate_request_get_tool (GenkitGenerateRequest *self,
                                  guint                  index)
{
  JsonArray *tools;

  g_return_val_if_fail (self != NULL, NULL);
  tools = _gk_object_get_array (self->object, "tools");
  g_return_val_if_fail (tools != NULL && index < json_array_get_length (tools), NULL);

  return json_array_get_object_element (tools, index);
}

/**
 * genkit_generate_request_get_tool_choice:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Gets `toolChoice`.
 *
 * Returns: (transfer none) (nullable): `auto`, `required`, `none`, or %NULL when absent
 */
const char *
genkit_generate_request_get_tool_choice (GenkitGenerateRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "toolChoice");
}

/**
 * genkit_generate_request_get_output:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Gets `output`: `format`, `schema` (JSON Schema), `constrained`, `contentType`.
 *
 * Returns: (transfer none) (nullable): the output config, or %NULL when absent
 */
JsonObject *
genkit_generate_request_get_output (GenkitGenerateRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_object (self->object, "output");
}

/**
 * genkit_generate_request_get_n_docs:
 * @self: a [struct@Genkit.GenerateRequest]
 *
 * Counts the context documents.
 *
 * Returns: the number of `docs`
 */
guint
genkit_generate_request_get_n_docs (GenkitGenerateRequest *self)
{
  JsonArray *docs;

  g_return_val_if_fail (self != NULL, 0);

  docs = _gk_object_get_array (self->object, "docs");
  return docs ? json_array_get_length (docs) : 0;
}

/**
 * genkit_generate_request_get_doc:
 * @self: a [struct@Genkit.GenerateRequest]
 * @index: which document, from 0
 *
 * Gets a view of one context document.
 *
 * Returns: (transfer full): the document
 */
GenkitDocument *
genkit_generate_request_get_doc (GenkitGenerateRequest *self,
                                 guint                  index)
{
  JsonArray *docs;

  g_return_val_if_fail (self != NULL, NULL);
  docs = _gk_object_get_array (self->object, "docs");
  g_return_val_if_fail (docs != NULL && index < json_array_get_length (docs), NULL);

  return _genkit_document_wrap (json_array_get_object_element (docs, index));
}
