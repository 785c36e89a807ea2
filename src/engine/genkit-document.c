/* genkit-document.c — a document: content parts and metadata, for retrieval and context
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-document.h"
#include "genkit-error.h"

/**
 * GenkitDocument:
 *
 * A document, Genkit's `DocumentData` (`js/ai/src/document.ts`):
 * `{"content": Part[], "metadata"?: {...}}`. Documents are what retrievers return, indexers
 * store, embedders embed and `docs` hands to a model as context.
 *
 * As with [struct@Genkit.Part], a document is its checked JSON object; unknown members are
 * kept and parts taken from it are views.
 */
struct _GenkitDocument
{
  gatomicrefcount  ref_count;
  JsonObject      *object;
};

G_DEFINE_BOXED_TYPE (GenkitDocument, genkit_document, genkit_document_ref, genkit_document_unref)

gboolean
_genkit_document_check (GkCheck    *check,
                        JsonNode   *node,
                        const char *path)
{
  JsonObject *object;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);

  return _genkit_parts_check (check, object, path, "content", TRUE) &&
         _gk_check_member (check, object, path, "metadata", GK_OBJECT, FALSE);
}

GenkitDocument *
_genkit_document_wrap (JsonObject *object)
{
  GenkitDocument *self = g_new0 (GenkitDocument, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->object = json_object_ref (object);
  return self;
}

static GenkitDocument *
document_new (GenkitPart *part,
              JsonObject *metadata)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *content = json_array_new ();

  json_array_add_element (content, genkit_part_to_json (part));
  json_object_set_array_member (object, "content", content);
  if (metadata != NULL)
    json_object_set_object_member (object, "metadata", _gk_object_copy (metadata));
  return _genkit_document_wrap (object);
}

/**
 * genkit_document_new_from_text:
 * @text: the document's text
 * @metadata: (nullable): its metadata; copied
 *
 * Makes a one-part text document, Genkit's `Document.fromText(text, metadata)`.
 *
 * Returns: (transfer full): the new document
 */
GenkitDocument *
genkit_document_new_from_text (const char *text,
                               JsonObject *metadata)
{
  g_autoptr(GenkitPart) part = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  part = genkit_part_new_text (text);
  return document_new (part, metadata);
}

/**
 * genkit_document_new_from_media:
 * @url: the media URL
 * @content_type: (nullable): its MIME type
 * @metadata: (nullable): the document's metadata; copied
 *
 * Makes a one-part media document, Genkit's `Document.fromMedia(url, contentType, metadata)`.
 *
 * Returns: (transfer full): the new document
 */
GenkitDocument *
genkit_document_new_from_media (const char *url,
                                const char *content_type,
                                JsonObject *metadata)
{
  g_autoptr(GenkitPart) part = NULL;

  g_return_val_if_fail (url != NULL, NULL);

  part = genkit_part_new_media (url, content_type);
  return document_new (part, metadata);
}

/**
 * genkit_document_new_from_json:
 * @node: a JSON object
 * @error: return location for an error: `INVALID_ARGUMENT` naming the offending field
 *
 * Reads a document, checking it as Genkit's `DocumentDataSchema` does. @node is copied.
 *
 * Returns: (transfer full) (nullable): the document, or %NULL with @error set
 */
GenkitDocument *
genkit_document_new_from_json (JsonNode  *node,
                               GError   **error)
{
  GkCheck check = { "Document", error };
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!_genkit_document_check (&check, node, ""))
    return NULL;
  copy = _gk_node_copy (node);
  return _genkit_document_wrap (json_node_get_object (copy));
}

/**
 * genkit_document_ref:
 * @self: a [struct@Genkit.Document]
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
GenkitDocument *
genkit_document_ref (GenkitDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_document_unref:
 * @self: (transfer full): a [struct@Genkit.Document]
 *
 * Drops a reference.
 */
void
genkit_document_unref (GenkitDocument *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      json_object_unref (self->object);
      g_free (self);
    }
}

/**
 * genkit_document_copy:
 * @self: a [struct@Genkit.Document]
 *
 * Makes a deep copy.
 *
 * Returns: (transfer full): the copy
 */
GenkitDocument *
genkit_document_copy (GenkitDocument *self)
{
  g_autoptr(JsonObject) copy = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  copy = _gk_object_copy (self->object);
  return _genkit_document_wrap (copy);
}

/**
 * genkit_document_to_json:
 * @self: a [struct@Genkit.Document]
 *
 * Serializes the document, unknown members included.
 *
 * Returns: (transfer full): a copy of the document's JSON object
 */
JsonNode *
genkit_document_to_json (GenkitDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_node_take_object (_gk_object_copy (self->object));
}

/**
 * genkit_document_get_json_object:
 * @self: a [struct@Genkit.Document]
 *
 * Gets the JSON object the document is; changes to it change the document.
 *
 * Returns: (transfer none): the document's object
 */
JsonObject *
genkit_document_get_json_object (GenkitDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->object;
}

static JsonArray *
document_content (GenkitDocument *self)
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
 * genkit_document_get_n_parts:
 * @self: a [struct@Genkit.Document]
 *
 * Counts the parts of `content`.
 *
 * Returns: the number of parts
 */
guint
genkit_document_get_n_parts (GenkitDocument *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return json_array_get_length (document_content (self));
}

/**
 * genkit_document_get_part:
 * @self: a [struct@Genkit.Document]
 * @index: which part, from 0
 *
 * Gets a view of one part.
 *
 * Returns: (transfer full): the part
 */
GenkitPart *
genkit_document_get_part (GenkitDocument *self,
                          guint           index)
{
  JsonArray *content;

  g_return_val_if_fail (self != NULL, NULL);
  content = document_content (self);
  g_return_val_if_fail (index < json_array_get_length (content), NULL);

  return _genkit_part_wrap (json_array_get_object_element (content, index));
}

/**
 * genkit_document_add_part:
 * @self: a [struct@Genkit.Document]
 * @part: the part to append; copied
 *
 * Appends a copy of @part to `content`.
 */
void
genkit_document_add_part (GenkitDocument *self,
                          GenkitPart     *part)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (part != NULL);

  json_array_add_element (document_content (self), genkit_part_to_json (part));
}

/**
 * genkit_document_get_text:
 * @self: a [struct@Genkit.Document]
 *
 * Concatenates the text parts, Genkit's `Document.text`.
 *
 * Returns: (transfer full): the text, `""` when there is none
 */
char *
genkit_document_get_text (GenkitDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_parts_text (document_content (self), "text");
}

/**
 * genkit_document_get_metadata:
 * @self: a [struct@Genkit.Document]
 *
 * Gets the document's `metadata`.
 *
 * Returns: (transfer none) (nullable): the metadata, or %NULL when absent
 */
JsonObject *
genkit_document_get_metadata (GenkitDocument *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_object (self->object, "metadata");
}

/**
 * genkit_document_set_metadata:
 * @self: a [struct@Genkit.Document]
 * @metadata: (nullable): the new metadata; %NULL removes it
 *
 * Replaces the document's `metadata` (a reference to @metadata is kept).
 */
void
genkit_document_set_metadata (GenkitDocument *self,
                              JsonObject     *metadata)
{
  g_return_if_fail (self != NULL);

  if (metadata == NULL)
    json_object_remove_member (self->object, "metadata");
  else
    json_object_set_object_member (self->object, "metadata", json_object_ref (metadata));
}
