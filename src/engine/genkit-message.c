/* genkit-message.c — a message of a conversation: a role and parts
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-message.h"

/**
 * GenkitMessage:
 *
 * A message, Genkit's `MessageData` (`js/ai/src/model-types.ts`):
 * `{"role": "system"|"user"|"model"|"tool", "content": Part[], "metadata"?: {...}}`.
 *
 * Like [struct@Genkit.Part] it is its JSON object: reading it checks every part and keeps
 * members the engine does not know; [method@Genkit.Message.get_part] returns views of the
 * content, [method@Genkit.Message.add_part] appends a copy.
 */
struct _GenkitMessage
{
  gatomicrefcount  ref_count;
  JsonObject      *object;
};

G_DEFINE_BOXED_TYPE (GenkitMessage, genkit_message, genkit_message_ref, genkit_message_unref)

static const char * const role_names[] = {
  [GENKIT_ROLE_SYSTEM] = "system",
  [GENKIT_ROLE_USER] = "user",
  [GENKIT_ROLE_MODEL] = "model",
  [GENKIT_ROLE_TOOL] = "tool",
  NULL,
};

/**
 * genkit_role_to_string:
 * @role: a role
 *
 * Gets the role's name on the wire.
 *
 * Returns: (transfer none): `system`, `user`, `model` or `tool`
 */
const char *
genkit_role_to_string (GenkitRole role)
{
  g_return_val_if_fail ((guint) role <= GENKIT_ROLE_TOOL, "user");
  return role_names[role];
}

/**
 * genkit_role_from_string:
 * @string: a role name
 * @role: (out) (optional): the role
 *
 * Parses a role name.
 *
 * Returns: %TRUE if @string is one of Genkit's four roles
 */
gboolean
genkit_role_from_string (const char *string,
                         GenkitRole *role)
{
  g_return_val_if_fail (string != NULL, FALSE);

  for (guint i = 0; role_names[i] != NULL; i++)
    if (g_str_equal (string, role_names[i]))
      {
        if (role != NULL)
          *role = (GenkitRole) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
_genkit_message_check (GkCheck    *check,
                       JsonNode   *node,
                       const char *path)
{
  JsonObject *object;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);

  return _gk_check_enum_member (check, object, path, "role", role_names, TRUE) &&
         _genkit_parts_check (check, object, path, "content", TRUE) &&
         _gk_check_member (check, object, path, "metadata", GK_OBJECT, FALSE);
}

GenkitMessage *
_genkit_message_wrap (JsonObject *object)
{
  GenkitMessage *self = g_new0 (GenkitMessage, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->object = json_object_ref (object);
  return self;
}

/**
 * genkit_message_new:
 * @role: the role
 *
 * Makes an empty message, `{"role": role, "content": []}`.
 *
 * Returns: (transfer full): the new message
 */
GenkitMessage *
genkit_message_new (GenkitRole role)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "role", genkit_role_to_string (role));
  json_object_set_array_member (object, "content", json_array_new ());
  return _genkit_message_wrap (object);
}

/**
 * genkit_message_new_text:
 * @role: the role
 * @text: the text of its one part
 *
 * Makes a message with one text part.
 *
 * Returns: (transfer full): the new message
 */
GenkitMessage *
genkit_message_new_text (GenkitRole  role,
                         const char *text)
{
  GenkitMessage *self;
  g_autoptr(GenkitPart) part = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  self = genkit_message_new (role);
  part = genkit_part_new_text (text);
  genkit_message_add_part (self, part);
  return self;
}

/**
 * genkit_message_new_from_json:
 * @node: a JSON object
 * @error: return location for an error: `INVALID_ARGUMENT` naming the offending field
 *
 * Reads a message, checking it as Genkit's `MessageSchema` does. @node is copied.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with @error set
 */
GenkitMessage *
genkit_message_new_from_json (JsonNode  *node,
                              GError   **error)
{
  GkCheck check = { "Message", error };
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!_genkit_message_check (&check, node, ""))
    return NULL;
  copy = _gk_node_copy (node);
  return _genkit_message_wrap (json_node_get_object (copy));
}

/**
 * genkit_message_ref:
 * @self: a [struct@Genkit.Message]
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
GenkitMessage *
genkit_message_ref (GenkitMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_message_unref:
 * @self: (transfer full): a [struct@Genkit.Message]
 *
 * Drops a reference.
 */
void
genkit_message_unref (GenkitMessage *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      json_object_unref (self->object);
      g_free (self);
    }
}

/**
 * genkit_message_copy:
 * @self: a [struct@Genkit.Message]
 *
 * Makes a deep copy.
 *
 * Returns: (transfer full): the copy
 */
GenkitMessage *
genkit_message_copy (GenkitMessage *self)
{
  g_autoptr(JsonObject) copy = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  copy = _gk_object_copy (self->object);
  return _genkit_message_wrap (copy);
}

/**
 * genkit_message_to_json:
 * @self: a [struct@Genkit.Message]
 *
 * Serializes the message, unknown members included.
 *
 * Returns: (transfer full): a copy of the message's JSON object
 */
JsonNode *
genkit_message_to_json (GenkitMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_node_take_object (_gk_object_copy (self->object));
}

/**
 * genkit_message_get_json_object:
 * @self: a [struct@Genkit.Message]
 *
 * Gets the JSON object the message is; changes to it change the message.
 *
 * Returns: (transfer none): the message's object
 */
JsonObject *
genkit_message_get_json_object (GenkitMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->object;
}

/**
 * genkit_message_get_role:
 * @self: a [struct@Genkit.Message]
 *
 * Gets the role.
 *
 * Returns: the role
 */
GenkitRole
genkit_message_get_role (GenkitMessage *self)
{
  GenkitRole role = GENKIT_ROLE_USER;
  const char *name;

  g_return_val_if_fail (self != NULL, GENKIT_ROLE_USER);

  name = _gk_object_get_string (self->object, "role");
  if (name != NULL)
    genkit_role_from_string (name, &role);
  return role;
}

/**
 * genkit_message_set_role:
 * @self: a [struct@Genkit.Message]
 * @role: the new role
 *
 * Sets the role.
 */
void
genkit_message_set_role (GenkitMessage *self,
                         GenkitRole     role)
{
  g_return_if_fail (self != NULL);
  json_object_set_string_member (self->object, "role", genkit_role_to_string (role));
}

static JsonArray *
message_content (GenkitMessage *self)
{
  JsonArray *content = _gk_object_get_array (self->object, "content");

  if (content == NULL)
    {
      content = json_array_new ();
      json_object_set_array_member (self->object, "content", content);
    }
  return content;
}

/**
 * genkit_message_get_n_parts:
 * @self: a [struct@Genkit.Message]
 *
 * Counts the parts of `content`.
 *
 * Returns: the number of parts
 */
guint
genkit_message_get_n_parts (GenkitMessage *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return json_array_get_length (message_content (self));
}

/**
 * genkit_message_get_part:
 * @self: a [struct@Genkit.Message]
 * @index: which part, from 0
 *
 * Gets a view of one part: changing it changes the message.
 *
 * Returns: (transfer full): the part
 */
GenkitPart *
genkit_message_get_part (GenkitMessage *self,
                         guint          index)
{
  JsonArray *content;

  g_return_val_if_fail (self != NULL, NULL);
  content = message_content (self);
  g_return_val_if_fail (index < json_array_get_length (content), NULL);

  return _genkit_part_wrap (json_array_get_object_element (content, index));
}

/**
 * genkit_message_add_part:
 * @self: a [struct@Genkit.Message]
 * @part: the part to append; copied
 *
 * Appends a copy of @part to `content`.
 */
void
genkit_message_add_part (GenkitMessage *self,
                         GenkitPart    *part)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (part != NULL);

  json_array_add_element (message_content (self), genkit_part_to_json (part));
}

/**
 * genkit_message_get_text:
 * @self: a [struct@Genkit.Message]
 *
 * Concatenates the text of all text parts, Genkit's `Message.text`.
 *
 * Returns: (transfer full): the text, `""` when there is none
 */
char *
genkit_message_get_text (GenkitMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_parts_text (message_content (self), "text");
}

/**
 * genkit_message_get_reasoning:
 * @self: a [struct@Genkit.Message]
 *
 * Concatenates the reasoning parts, Genkit's `Message.reasoning`.
 *
 * Returns: (transfer full): the reasoning, `""` when there is none
 */
char *
genkit_message_get_reasoning (GenkitMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_parts_text (message_content (self), "reasoning");
}

static GPtrArray *
tool_requests (GenkitMessage *self,
               gboolean       only_interrupts)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_part_unref);
  JsonArray *content = message_content (self);

  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);
      JsonObject *metadata;

      if (part == NULL || !json_object_has_member (part, "toolRequest"))
        continue;
      metadata = _gk_object_get_object (part, "metadata");
      if (only_interrupts &&
          (metadata == NULL || !_gk_node_is_truthy (json_object_get_member (metadata, "interrupt"))))
        continue;
      g_ptr_array_add (out, _genkit_part_wrap (part));
    }
  return out;
}

/**
 * genkit_message_get_tool_requests:
 * @self: a [struct@Genkit.Message]
 *
 * Gets views of the tool request parts, Genkit's `Message.toolRequests`.
 *
 * Returns: (transfer full) (element-type GenkitPart): the tool request parts
 */
GPtrArray *
genkit_message_get_tool_requests (GenkitMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return tool_requests (self, FALSE);
}

/**
 * genkit_message_get_interrupts:
 * @self: a [struct@Genkit.Message]
 *
 * Gets views of the tool requests whose tool interrupted (`metadata.interrupt` set), Genkit's
 * `Message.interrupts`.
 *
 * Returns: (transfer full) (element-type GenkitPart): the interrupted tool request parts
 */
GPtrArray *
genkit_message_get_interrupts (GenkitMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return tool_requests (self, TRUE);
}

/**
 * genkit_message_get_metadata:
 * @self: a [struct@Genkit.Message]
 *
 * Gets the message's `metadata` (keys in use: `purpose`, `resumed`, `generate`).
 *
 * Returns: (transfer none) (nullable): the metadata, or %NULL when absent
 */
JsonObject *
genkit_message_get_metadata (GenkitMessage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_object (self->object, "metadata");
}

/**
 * genkit_message_set_metadata:
 * @self: a [struct@Genkit.Message]
 * @metadata: (nullable): the new metadata; %NULL removes it
 *
 * Replaces the message's `metadata` (a reference to @metadata is kept).
 */
void
genkit_message_set_metadata (GenkitMessage *self,
                             JsonObject    *metadata)
{
  g_return_if_fail (self != NULL);

  if (metadata == NULL)
    json_object_remove_member (self->object, "metadata");
  else
    json_object_set_object_member (self->object, "metadata", json_object_ref (metadata));
}
