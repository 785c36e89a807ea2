/* genkit-part.c — one part of a message or document: text, media, tool call, data…
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-part.h"

/**
 * GenkitPart:
 *
 * One part of a message or document, Genkit's `Part` (`js/ai/src/parts.ts`): a JSON object
 * with exactly one kind key (`text`, `media`, `toolRequest`, `toolResponse`, `reasoning`,
 * `resource`, or `data` / `custom`, which Genkit also tolerates beside another kind) and an
 * optional `metadata` object. See [enum@Genkit.PartKind].
 *
 * A part is its JSON object: [ctor@Genkit.Part.new_from_json] checks the shape the way
 * Genkit's schema does (one kind, the right types, `name` and `url` present) and keeps every
 * other member, so [method@Genkit.Part.to_json] gives back exactly what came in. Parts taken
 * from a [struct@Genkit.Message] are views of that message's content: changing one changes the
 * message.
 *
 * ```c
 * g_autoptr(GenkitPart) part = genkit_part_new_tool_request ("add", "call-1", input);
 * g_assert_cmpint (genkit_part_get_kind (part), ==, GENKIT_PART_KIND_TOOL_REQUEST);
 * ```
 */
struct _GenkitPart
{
  gatomicrefcount  ref_count;
  JsonObject      *object;
};

G_DEFINE_BOXED_TYPE (GenkitPart, genkit_part, genkit_part_ref, genkit_part_unref)

static const char * const kind_keys[] = {
  [GENKIT_PART_KIND_TEXT] = "text",
  [GENKIT_PART_KIND_MEDIA] = "media",
  [GENKIT_PART_KIND_TOOL_REQUEST] = "toolRequest",
  [GENKIT_PART_KIND_TOOL_RESPONSE] = "toolResponse",
  [GENKIT_PART_KIND_DATA] = "data",
  [GENKIT_PART_KIND_CUSTOM] = "custom",
  [GENKIT_PART_KIND_REASONING] = "reasoning",
  [GENKIT_PART_KIND_RESOURCE] = "resource",
};

/* The kinds that exclude each other (`z.never()` in every other part of the union). */
static const GenkitPartKind exclusive_kinds[] = {
  GENKIT_PART_KIND_TEXT, GENKIT_PART_KIND_MEDIA, GENKIT_PART_KIND_TOOL_REQUEST,
  GENKIT_PART_KIND_TOOL_RESPONSE, GENKIT_PART_KIND_REASONING, GENKIT_PART_KIND_RESOURCE,
};

static GenkitPartKind
part_kind (JsonObject *object)
{
  for (guint i = 0; i < G_N_ELEMENTS (exclusive_kinds); i++)
    if (json_object_has_member (object, kind_keys[exclusive_kinds[i]]))
      return exclusive_kinds[i];
  if (!json_object_has_member (object, "data") && json_object_has_member (object, "custom"))
    return GENKIT_PART_KIND_CUSTOM;
  return GENKIT_PART_KIND_DATA;
}

gboolean
_genkit_part_check (GkCheck    *check,
                    JsonNode   *node,
                    const char *path)
{
  JsonObject *object;
  const char *found = NULL;
  g_autofree char *inner = NULL;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);

  for (guint i = 0; i < G_N_ELEMENTS (exclusive_kinds); i++)
    {
      const char *key = kind_keys[exclusive_kinds[i]];

      if (!json_object_has_member (object, key))
        continue;
      if (found != NULL)
        return _gk_fail (check, path, "has both “%s” and “%s”: a part has one kind", found, key);
      found = key;
    }

  if (!_gk_check_member (check, object, path, "text", GK_STRING, FALSE) ||
      !_gk_check_member (check, object, path, "reasoning", GK_STRING, FALSE) ||
      !_gk_check_member (check, object, path, "media", GK_OBJECT, FALSE) ||
      !_gk_check_member (check, object, path, "toolRequest", GK_OBJECT, FALSE) ||
      !_gk_check_member (check, object, path, "toolResponse", GK_OBJECT, FALSE) ||
      !_gk_check_member (check, object, path, "resource", GK_OBJECT, FALSE) ||
      !_gk_check_member (check, object, path, "custom", GK_OBJECT, FALSE) ||
      !_gk_check_member (check, object, path, "metadata", GK_OBJECT, FALSE))
    return FALSE;

  if (json_object_has_member (object, "media"))
    {
      JsonObject *media = json_object_get_object_member (object, "media");

      inner = _gk_path_member (path, "media");
      if (!_gk_check_member (check, media, inner, "url", GK_STRING, TRUE) ||
          !_gk_check_member (check, media, inner, "contentType", GK_STRING, FALSE))
        return FALSE;
    }
  else if (json_object_has_member (object, "toolRequest"))
    {
      JsonObject *request = json_object_get_object_member (object, "toolRequest");

      inner = _gk_path_member (path, "toolRequest");
      if (!_gk_check_member (check, request, inner, "name", GK_STRING, TRUE) ||
          !_gk_check_member (check, request, inner, "ref", GK_STRING, FALSE) ||
          !_gk_check_member (check, request, inner, "partial", GK_BOOLEAN, FALSE))
        return FALSE;
    }
  else if (json_object_has_member (object, "toolResponse"))
    {
      JsonObject *response = json_object_get_object_member (object, "toolResponse");

      inner = _gk_path_member (path, "toolResponse");
      if (!_gk_check_member (check, response, inner, "name", GK_STRING, TRUE) ||
          !_gk_check_member (check, response, inner, "ref", GK_STRING, FALSE) ||
          !_gk_check_member (check, response, inner, "content", GK_ARRAY, FALSE))
        return FALSE;
    }
  else if (json_object_has_member (object, "resource"))
    {
      JsonObject *resource = json_object_get_object_member (object, "resource");

      inner = _gk_path_member (path, "resource");
      if (!_gk_check_member (check, resource, inner, "uri", GK_STRING, TRUE))
        return FALSE;
    }
  return TRUE;
}

GenkitPart *
_genkit_part_wrap (JsonObject *object)
{
  GenkitPart *self = g_new0 (GenkitPart, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->object = json_object_ref (object);
  return self;
}

static GenkitPart *
part_new_with (const char *key,
               JsonNode   *value)
{
  JsonObject *object = json_object_new ();
  GenkitPart *self;

  json_object_set_member (object, key, value);
  self = _genkit_part_wrap (object);
  json_object_unref (object);
  return self;
}

/**
 * genkit_part_new_text:
 * @text: the text
 *
 * Makes a text part, `{"text": text}`.
 *
 * Returns: (transfer full): the new part
 */
GenkitPart *
genkit_part_new_text (const char *text)
{
  g_return_val_if_fail (text != NULL, NULL);
  return part_new_with ("text", _gk_node_new_string (text));
}

/**
 * genkit_part_new_media:
 * @url: the media's URL: `https://…`, `gs://…` or a `data:<mime>;base64,…` URL
 * @content_type: (nullable): its MIME type, e.g. `image/png`
 *
 * Makes a media part, `{"media": {"url", "contentType"?}}`.
 *
 * Returns: (transfer full): the new part
 */
GenkitPart *
genkit_part_new_media (const char *url,
                       const char *content_type)
{
  JsonObject *media;

  g_return_val_if_fail (url != NULL, NULL);

  media = json_object_new ();
  if (content_type != NULL)
    json_object_set_string_member (media, "contentType", content_type);
  json_object_set_string_member (media, "url", url);
  return part_new_with ("media", _gk_node_take_object (media));
}

/**
 * genkit_part_new_tool_request:
 * @name: the tool's name as the model knows it
 * @ref: (nullable): the id that pairs the request with its response
 * @input: (nullable): the tool's input; copied
 *
 * Makes a tool request part, what a model answers to ask for a tool call:
 * `{"toolRequest": {"name", "ref"?, "input"?}}`.
 *
 * Returns: (transfer full): the new part
 */
GenkitPart *
genkit_part_new_tool_request (const char *name,
                              const char *ref,
                              JsonNode   *input)
{
  JsonObject *request;

  g_return_val_if_fail (name != NULL, NULL);

  request = json_object_new ();
  json_object_set_string_member (request, "name", name);
  if (ref != NULL)
    json_object_set_string_member (request, "ref", ref);
  if (input != NULL)
    json_object_set_member (request, "input", _gk_node_copy (input));
  return part_new_with ("toolRequest", _gk_node_take_object (request));
}

/**
 * genkit_part_new_tool_response:
 * @name: the tool's name
 * @ref: (nullable): the `ref` of the request this answers
 * @output: (nullable): the tool's output; copied
 *
 * Makes a tool response part, `{"toolResponse": {"name", "ref"?, "output"?}}`.
 *
 * Returns: (transfer full): the new part
 */
GenkitPart *
genkit_part_new_tool_response (const char *name,
                               const char *ref,
                               JsonNode   *output)
{
  JsonObject *response;

  g_return_val_if_fail (name != NULL, NULL);

  response = json_object_new ();
  json_object_set_string_member (response, "name", name);
  if (ref != NULL)
    json_object_set_string_member (response, "ref", ref);
  if (output != NULL)
    json_object_set_member (response, "output", _gk_node_copy (output));
  return part_new_with ("toolResponse", _gk_node_take_object (response));
}

/**
 * genkit_part_new_data:
 * @data: any JSON value; copied
 *
 * Makes a data part (structured output), `{"data": data}`.
 *
 * Returns: (transfer full): the new part
 */
GenkitPart *
genkit_part_new_data (JsonNode *data)
{
  g_return_val_if_fail (data != NULL, NULL);
  return part_new_with ("data", _gk_node_copy (data));
}

/**
 * genkit_part_new_custom:
 * @custom: a provider-specific object; copied
 *
 * Makes a custom part, `{"custom": custom}`.
 *
 * Returns: (transfer full): the new part
 */
GenkitPart *
genkit_part_new_custom (JsonObject *custom)
{
  g_return_val_if_fail (custom != NULL, NULL);
  return part_new_with ("custom", _gk_node_take_object (_gk_object_copy (custom)));
}

/**
 * genkit_part_new_reasoning:
 * @reasoning: the model's reasoning text
 *
 * Makes a reasoning part, `{"reasoning": reasoning}`.
 *
 * Returns: (transfer full): the new part
 */
GenkitPart *
genkit_part_new_reasoning (const char *reasoning)
{
  g_return_val_if_fail (reasoning != NULL, NULL);
  return part_new_with ("reasoning", _gk_node_new_string (reasoning));
}

/**
 * genkit_part_new_resource:
 * @uri: the resource's URI, e.g. `file:///notes.txt` or `my://thing/1`
 *
 * Makes a resource part, `{"resource": {"uri": uri}}`; generate replaces it by the parts the
 * matching resource action returns.
 *
 * Returns: (transfer full): the new part
 */
GenkitPart *
genkit_part_new_resource (const char *uri)
{
  JsonObject *resource;

  g_return_val_if_fail (uri != NULL, NULL);

  resource = json_object_new ();
  json_object_set_string_member (resource, "uri", uri);
  return part_new_with ("resource", _gk_node_take_object (resource));
}

/**
 * genkit_part_new_from_json:
 * @node: a JSON object
 * @error: return location for an error: `INVALID_ARGUMENT` naming the offending field
 *
 * Reads a part. Its shape is checked as Genkit's `PartSchema` checks it; members the engine
 * does not know are kept. @node is copied.
 *
 * Returns: (transfer full) (nullable): the part, or %NULL with @error set
 */
GenkitPart *
genkit_part_new_from_json (JsonNode  *node,
                           GError   **error)
{
  GkCheck check = { "Part", error };
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!_genkit_part_check (&check, node, ""))
    return NULL;
  copy = _gk_node_copy (node);
  return _genkit_part_wrap (json_node_get_object (copy));
}

/**
 * genkit_part_ref:
 * @self: a [struct@Genkit.Part]
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
GenkitPart *
genkit_part_ref (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_part_unref:
 * @self: (transfer full): a [struct@Genkit.Part]
 *
 * Drops a reference.
 */
void
genkit_part_unref (GenkitPart *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      json_object_unref (self->object);
      g_free (self);
    }
}

/**
 * genkit_part_copy:
 * @self: a [struct@Genkit.Part]
 *
 * Makes a deep copy that shares nothing with @self.
 *
 * Returns: (transfer full): the copy
 */
GenkitPart *
genkit_part_copy (GenkitPart *self)
{
  g_autoptr(JsonObject) copy = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  copy = _gk_object_copy (self->object);
  return _genkit_part_wrap (copy);
}

/**
 * genkit_part_to_json:
 * @self: a [struct@Genkit.Part]
 *
 * Serializes the part, unknown members included.
 *
 * Returns: (transfer full): a copy of the part's JSON object
 */
JsonNode *
genkit_part_to_json (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_node_take_object (_gk_object_copy (self->object));
}

/**
 * genkit_part_get_json_object:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the JSON object the part is; changes to it change the part.
 *
 * Returns: (transfer none): the part's object
 */
JsonObject *
genkit_part_get_json_object (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->object;
}

/**
 * genkit_part_get_kind:
 * @self: a [struct@Genkit.Part]
 *
 * Gets what kind of part this is.
 *
 * Returns: the part's kind
 */
GenkitPartKind
genkit_part_get_kind (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, GENKIT_PART_KIND_DATA);
  return part_kind (self->object);
}

/**
 * genkit_part_get_text:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the text of a text part.
 *
 * Returns: (transfer none) (nullable): the text, or %NULL for another kind
 */
const char *
genkit_part_get_text (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "text");
}

/**
 * genkit_part_get_reasoning:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the text of a reasoning part.
 *
 * Returns: (transfer none) (nullable): the reasoning, or %NULL for another kind
 */
const char *
genkit_part_get_reasoning (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "reasoning");
}

/**
 * genkit_part_get_media_url:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the URL of a media part.
 *
 * Returns: (transfer none) (nullable): `media.url`, or %NULL for another kind
 */
const char *
genkit_part_get_media_url (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (_gk_object_get_object (self->object, "media"), "url");
}

/**
 * genkit_part_get_media_content_type:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the MIME type of a media part.
 *
 * Returns: (transfer none) (nullable): `media.contentType`, or %NULL when absent
 */
const char *
genkit_part_get_media_content_type (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (_gk_object_get_object (self->object, "media"), "contentType");
}

static JsonObject *
tool_object (GenkitPart *self)
{
  JsonObject *object = _gk_object_get_object (self->object, "toolRequest");

  return object ? object : _gk_object_get_object (self->object, "toolResponse");
}

/**
 * genkit_part_get_tool_name:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the tool name of a tool request or tool response part.
 *
 * Returns: (transfer none) (nullable): the tool's name, or %NULL for another kind
 */
const char *
genkit_part_get_tool_name (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (tool_object (self), "name");
}

/**
 * genkit_part_get_tool_ref:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the `ref` of a tool request or tool response part.
 *
 * Returns: (transfer none) (nullable): the ref, or %NULL when absent
 */
const char *
genkit_part_get_tool_ref (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (tool_object (self), "ref");
}

/**
 * genkit_part_get_tool_input:
 * @self: a [struct@Genkit.Part]
 *
 * Gets `toolRequest.input`.
 *
 * Returns: (transfer none) (nullable): the input, or %NULL when absent
 */
JsonNode *
genkit_part_get_tool_input (GenkitPart *self)
{
  JsonObject *request;

  g_return_val_if_fail (self != NULL, NULL);

  request = _gk_object_get_object (self->object, "toolRequest");
  return request ? json_object_get_member (request, "input") : NULL;
}

/**
 * genkit_part_get_tool_output:
 * @self: a [struct@Genkit.Part]
 *
 * Gets `toolResponse.output`.
 *
 * Returns: (transfer none) (nullable): the output, or %NULL when absent
 */
JsonNode *
genkit_part_get_tool_output (GenkitPart *self)
{
  JsonObject *response;

  g_return_val_if_fail (self != NULL, NULL);

  response = _gk_object_get_object (self->object, "toolResponse");
  return response ? json_object_get_member (response, "output") : NULL;
}

/**
 * genkit_part_get_tool_content:
 * @self: a [struct@Genkit.Part]
 *
 * Gets `toolResponse.content`, the parts a multipart (`tool.v2`) tool answered with.
 *
 * Returns: (transfer none) (nullable): the content array, or %NULL when absent
 */
JsonArray *
genkit_part_get_tool_content (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_array (_gk_object_get_object (self->object, "toolResponse"), "content");
}

/**
 * genkit_part_get_data:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the `data` of a data part.
 *
 * Returns: (transfer none) (nullable): the data, or %NULL when absent
 */
JsonNode *
genkit_part_get_data (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return json_object_get_member (self->object, "data");
}

/**
 * genkit_part_get_custom:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the `custom` object of a custom part.
 *
 * Returns: (transfer none) (nullable): the object, or %NULL when absent
 */
JsonObject *
genkit_part_get_custom (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_object (self->object, "custom");
}

/**
 * genkit_part_get_resource_uri:
 * @self: a [struct@Genkit.Part]
 *
 * Gets `resource.uri`.
 *
 * Returns: (transfer none) (nullable): the URI, or %NULL for another kind
 */
const char *
genkit_part_get_resource_uri (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (_gk_object_get_object (self->object, "resource"), "uri");
}

/**
 * genkit_part_get_metadata:
 * @self: a [struct@Genkit.Part]
 *
 * Gets the part's `metadata`; well-known keys are `purpose` (`context`, `output`, `history`),
 * `pending`, `interrupt`, `resumed`, `pendingOutput`, `resolvedInterrupt`, `source`.
 *
 * Returns: (transfer none) (nullable): the metadata object, or %NULL when absent
 */
JsonObject *
genkit_part_get_metadata (GenkitPart *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_object (self->object, "metadata");
}

/**
 * genkit_part_set_metadata:
 * @self: a [struct@Genkit.Part]
 * @metadata: (nullable): the new metadata; %NULL removes it
 *
 * Replaces the part's `metadata` (a reference to @metadata is kept).
 */
void
genkit_part_set_metadata (GenkitPart *self,
                          JsonObject *metadata)
{
  g_return_if_fail (self != NULL);

  if (metadata == NULL)
    json_object_remove_member (self->object, "metadata");
  else
    json_object_set_object_member (self->object, "metadata", json_object_ref (metadata));
}
