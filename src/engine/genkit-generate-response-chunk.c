/* genkit-generate-response-chunk.c — one streamed piece of a generation
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-generate-response-chunk.h"

/**
 * GenkitGenerateResponseChunk:
 *
 * One piece of a streamed generation, Genkit's `GenerateResponseChunk`
 * (`js/ai/src/generate/chunk.ts`): `{"role"?, "index"?, "content": Part[], "custom"?,
 * "aggregated"?}`. A chunk carries only the new parts; `index` is the message the parts
 * belong to (model turn 0, tool responses 1, next model turn 2, …).
 *
 * Chunks that generate hands to a [callback@Genkit.GenerateChunkFunc] also know the text
 * streamed before them in the same turn, so
 * [method@Genkit.GenerateResponseChunk.get_accumulated_text] and the partial structured
 * output [method@Genkit.GenerateResponseChunk.get_output] work while the model is still
 * writing (`{"name": "Ad` already reads as `{"name": "Ad"}`).
 */
struct _GenkitGenerateResponseChunk
{
  gatomicrefcount  ref_count;
  JsonObject      *object;

  char            *previous_text;
  gboolean         has_previous;
  char            *format;
};

G_DEFINE_BOXED_TYPE (GenkitGenerateResponseChunk, genkit_generate_response_chunk,
                     genkit_generate_response_chunk_ref, genkit_generate_response_chunk_unref)

static const char * const roles[] = { "system", "user", "model", "tool", NULL };

static gboolean
chunk_check (GkCheck    *check,
             JsonNode   *node,
             const char *path)
{
  JsonObject *object;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);

  return _gk_check_enum_member (check, object, path, "role", roles, FALSE) &&
         _gk_check_member (check, object, path, "index", GK_NUMBER, FALSE) &&
         _genkit_parts_check (check, object, path, "content", TRUE) &&
         _gk_check_member (check, object, path, "aggregated", GK_BOOLEAN, FALSE);
}

GenkitGenerateResponseChunk *
_genkit_chunk_wrap (JsonObject *object)
{
  GenkitGenerateResponseChunk *self = g_new0 (GenkitGenerateResponseChunk, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->object = json_object_ref (object);
  return self;
}

void
_genkit_chunk_set_stream_state (GenkitGenerateResponseChunk *self,
                                const char                  *previous_text,
                                gboolean                     has_previous,
                                const char                  *format)
{
  g_free (self->previous_text);
  self->previous_text = g_strdup (previous_text ? previous_text : "");
  self->has_previous = has_previous;
  g_free (self->format);
  self->format = g_strdup (format);
}

/**
 * genkit_generate_response_chunk_new:
 *
 * Makes an empty chunk, `{"content": []}`, for a model to fill and stream.
 *
 * Returns: (transfer full): the new chunk
 */
GenkitGenerateResponseChunk *
genkit_generate_response_chunk_new (void)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_array_member (object, "content", json_array_new ());
  return _genkit_chunk_wrap (object);
}

/**
 * genkit_generate_response_chunk_new_text:
 * @text: the text
 *
 * Makes a chunk with one text part, what a model streams most of the time.
 *
 * Returns: (transfer full): the new chunk
 */
GenkitGenerateResponseChunk *
genkit_generate_response_chunk_new_text (const char *text)
{
  GenkitGenerateResponseChunk *self = genkit_generate_response_chunk_new ();
  g_autoptr(GenkitPart) part = genkit_part_new_text (text);

  genkit_generate_response_chunk_add_part (self, part);
  return self;
}

/**
 * genkit_generate_response_chunk_new_from_json:
 * @node: a JSON object
 * @error: return location for an error: `INVALID_ARGUMENT` naming the offending field
 *
 * Reads a chunk, checking it as Genkit's `GenerateResponseChunkSchema` does. @node is copied.
 *
 * Returns: (transfer full) (nullable): the chunk, or %NULL with @error set
 */
GenkitGenerateResponseChunk *
genkit_generate_response_chunk_new_from_json (JsonNode  *node,
                                              GError   **error)
{
  GkCheck check = { "GenerateResponseChunk", error };
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!chunk_check (&check, node, ""))
    return NULL;
  copy = _gk_node_copy (node);
  return _genkit_chunk_wrap (json_node_get_object (copy));
}

/**
 * genkit_generate_response_chunk_ref:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
GenkitGenerateResponseChunk *
genkit_generate_response_chunk_ref (GenkitGenerateResponseChunk *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_generate_response_chunk_unref:
 * @self: (transfer full): a [struct@Genkit.GenerateResponseChunk]
 *
 * Drops a reference.
 */
void
genkit_generate_response_chunk_unref (GenkitGenerateResponseChunk *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      json_object_unref (self->object);
      g_free (self->previous_text);
      g_free (self->format);
      g_free (self);
    }
}

/**
 * genkit_generate_response_chunk_to_json:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 *
 * Serializes the chunk, unknown members included.
 *
 * Returns: (transfer full): a copy of the chunk's JSON object
 */
JsonNode *
genkit_generate_response_chunk_to_json (GenkitGenerateResponseChunk *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_node_take_object (_gk_object_copy (self->object));
}

/**
 * genkit_generate_response_chunk_get_json_object:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 *
 * Gets the JSON object the chunk is; changes to it change the chunk.
 *
 * Returns: (transfer none): the chunk's object
 */
JsonObject *
genkit_generate_response_chunk_get_json_object (GenkitGenerateResponseChunk *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->object;
}

/**
 * genkit_generate_response_chunk_get_role:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 * @role: (out) (optional): the role of the message the chunk belongs to
 *
 * Gets the chunk's `role`.
 *
 * Returns: %TRUE if the chunk has a role
 */
gboolean
genkit_generate_response_chunk_get_role (GenkitGenerateResponseChunk *self,
                                         GenkitRole                  *role)
{
  const char *name;

  g_return_val_if_fail (self != NULL, FALSE);

  name = _gk_object_get_string (self->object, "role");
  return name != NULL && genkit_role_from_string (name, role);
}

/**
 * genkit_generate_response_chunk_get_index:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 *
 * Gets `index`, the position of the chunk's message in the generation.
 *
 * Returns: the index, or -1 when absent
 */
int
genkit_generate_response_chunk_get_index (GenkitGenerateResponseChunk *self)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL, -1);

  node = json_object_get_member (self->object, "index");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  return (int) json_node_get_int (node);
}

static JsonArray *
chunk_content (GenkitGenerateResponseChunk *self)
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
 * genkit_generate_response_chunk_get_n_parts:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 *
 * Counts the chunk's parts.
 *
 * Returns: the number of parts
 */
guint
genkit_generate_response_chunk_get_n_parts (GenkitGenerateResponseChunk *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return json_array_get_length (chunk_content (self));
}

/**
 * genkit_generate_response_chunk_get_part:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 * @index: which part, from 0
 *
 * Gets a view of one part.
 *
 * Returns: (transfer full): the part
 */
GenkitPart *
genkit_generate_response_chunk_get_part (GenkitGenerateResponseChunk *self,
                                         guint                        index)
{
  JsonArray *content;

  g_return_val_if_fail (self != NULL, NULL);
  content = chunk_content (self);
  g_return_val_if_fail (index < json_array_get_length (content), NULL);

  return _genkit_part_wrap (json_array_get_object_element (content, index));
}

/**
 * genkit_generate_response_chunk_add_part:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 * @part: the part; copied
 *
 * Appends a copy of @part.
 */
void
genkit_generate_response_chunk_add_part (GenkitGenerateResponseChunk *self,
                                         GenkitPart                  *part)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (part != NULL);

  json_array_add_element (chunk_content (self), genkit_part_to_json (part));
}

/**
 * genkit_generate_response_chunk_get_custom:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 *
 * Gets `custom`, provider-specific data.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL when absent
 */
JsonNode *
genkit_generate_response_chunk_get_custom (GenkitGenerateResponseChunk *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return json_object_get_member (self->object, "custom");
}

/**
 * genkit_generate_response_chunk_get_text:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 *
 * Concatenates the text parts of this chunk only.
 *
 * Returns: (transfer full): the text, `""` when there is none
 */
char *
genkit_generate_response_chunk_get_text (GenkitGenerateResponseChunk *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_parts_text (chunk_content (self), "text");
}

/**
 * genkit_generate_response_chunk_get_accumulated_text:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 *
 * Gets the text streamed so far in this turn, this chunk's included (Genkit's
 * `chunk.accumulatedText`). A chunk that did not come from generate knows only its own text.
 *
 * Returns: (transfer full): the accumulated text
 */
char *
genkit_generate_response_chunk_get_accumulated_text (GenkitGenerateResponseChunk *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  text = genkit_generate_response_chunk_get_text (self);
  return g_strconcat (self->previous_text ? self->previous_text : "", text, NULL);
}

/**
 * genkit_generate_response_chunk_get_output:
 * @self: a [struct@Genkit.GenerateResponseChunk]
 *
 * Parses the output streamed so far with the request's output format, Genkit's
 * `chunk.output`: for `json` the partial JSON of the accumulated text (unfinished strings,
 * arrays and objects are closed), for `array` the complete items of this chunk, for `jsonl` the
 * complete lines of this chunk, for `text` this chunk's text. Without a format: the first data
 * part, else the (partial) JSON of the accumulated text.
 *
 * Returns: (transfer full) (nullable): the partial output, or %NULL when there is none yet
 */
JsonNode *
genkit_generate_response_chunk_get_output (GenkitGenerateResponseChunk *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _genkit_format_parse_chunk (self->format, self->previous_text, self->has_previous,
                                     chunk_content (self));
}
