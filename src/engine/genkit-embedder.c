/* genkit-embedder.c — an embedder: turns documents into vectors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-embedder.h"
#include "genkit-error.h"
#include "genkit-json-schema.h"
#include "genkit-registry.h"

/**
 * GenkitEmbedder:
 *
 * An embedder, Genkit's `defineEmbedder` (`js/ai/src/embedder.ts`): an action
 * `/embedder/<name>` whose input is `{"input": DocumentData[], "options"?}` and whose output is
 * `{"embeddings": [{"embedding": number[], "metadata"?}]}`, one embedding per document. Its
 * metadata is `{"type": "embedder", "info": {...}, "embedder": {"customOptions"?}}`, where
 * `info` says `label`, `dimensions` and `supports` (`input`: `text`, `image`, `video`;
 * `multilingual`).
 */
struct _GenkitEmbedder
{
  GenkitAction        parent_instance;

  GenkitEmbedderFunc  func;
  gpointer            user_data;
  GDestroyNotify      destroy;
};

G_DEFINE_FINAL_TYPE (GenkitEmbedder, genkit_embedder, GENKIT_TYPE_ACTION)

static void
genkit_embedder_run (GenkitAction    *action,
                     GenkitActionRun *run,
                     JsonNode        *input)
{
  GenkitEmbedder *self = GENKIT_EMBEDDER (action);
  JsonObject *request = json_node_get_object (input);
  g_autoptr(GPtrArray) documents = _gk_documents_from_array (_gk_object_get_array (request, "input"));

  self->func (run, documents, json_object_get_member (request, "options"), self->user_data);
}

static void
genkit_embedder_finalize (GObject *object)
{
  GenkitEmbedder *self = GENKIT_EMBEDDER (object);

  if (self->destroy != NULL)
    self->destroy (self->user_data);

  G_OBJECT_CLASS (genkit_embedder_parent_class)->finalize (object);
}

static void
genkit_embedder_class_init (GenkitEmbedderClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_embedder_finalize;
  GENKIT_ACTION_CLASS (klass)->run = genkit_embedder_run;
}

static void
genkit_embedder_init (GenkitEmbedder *self)
{
}

/**
 * genkit_define_embedder:
 * @registry: the registry
 * @name: the embedder's name
 * @info: (nullable): `{"label", "dimensions", "supports": {"input": [...], "multilingual"}}`;
 *   copied into the metadata as given
 * @config_schema: (nullable): JSON Schema of `options`, published as `customOptions`
 * @func: (scope notified) (closure user_data) (destroy destroy): the embedder's function
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the embedder
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad schema,
 *   `ALREADY_EXISTS` when `/embedder/<name>` is taken
 *
 * Defines an embedder, Genkit's `ai.defineEmbedder`.
 *
 * Returns: (transfer none) (nullable): the embedder, owned by the registry, or %NULL with @error
 */
GenkitEmbedder *
genkit_define_embedder (GenkitRegistry      *registry,
                        const char          *name,
                        JsonObject          *info,
                        JsonNode            *config_schema,
                        GenkitEmbedderFunc   func,
                        gpointer             user_data,
                        GDestroyNotify       destroy,
                        GError             **error)
{
  g_autoptr(GenkitEmbedder) self = NULL;
  g_autoptr(JsonNode) input_schema = _genkit_schema_embed_request (NULL);
  g_autoptr(JsonNode) output_schema = _genkit_schema_embed_response ();

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_EMBEDDER, "action-type", GENKIT_ACTION_TYPE_EMBEDDER, "name", name, NULL);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;

  if (!_gk_describe_retrieval_action (GENKIT_ACTION (self), "embedder", "info", info,
                                      config_schema, input_schema, output_schema, error) ||
      !genkit_registry_register_action (registry, GENKIT_ACTION (self), error))
    return NULL;
  return self;   /* held by the registry */
}

/**
 * genkit_embedder_return_vectors:
 * @run: an embedder's run
 * @vectors: (element-type GArray): one `GArray` of `double` per document, in order
 *
 * Completes an embedder's run with `{"embeddings": [{"embedding": [...]}, ...]}`.
 */
void
genkit_embedder_return_vectors (GenkitActionRun *run,
                                GPtrArray       *vectors)
{
  JsonObject *response = json_object_new ();
  JsonArray *embeddings = json_array_new ();

  g_return_if_fail (GENKIT_IS_ACTION_RUN (run));
  g_return_if_fail (vectors != NULL);

  for (guint i = 0; i < vectors->len; i++)
    {
      GArray *vector = g_ptr_array_index (vectors, i);
      JsonObject *embedding = json_object_new ();
      JsonArray *values = json_array_new ();

      for (guint j = 0; j < vector->len; j++)
        json_array_add_double_element (values, g_array_index (vector, double, j));
      json_object_set_array_member (embedding, "embedding", values);
      json_array_add_object_element (embeddings, embedding);
    }
  json_object_set_array_member (response, "embeddings", embeddings);
  genkit_action_run_return_value (run, _gk_node_take_object (response));
}

/**
 * genkit_embedding_get_vector:
 * @embedding: one element of `embeddings`: `{"embedding": [numbers], "metadata"?}`
 *
 * Reads an embedding's vector.
 *
 * Returns: (transfer full) (element-type gdouble): the vector (empty when there is none)
 */
GArray *
genkit_embedding_get_vector (JsonObject *embedding)
{
  GArray *vector = g_array_new (FALSE, FALSE, sizeof (double));
  JsonArray *values;

  g_return_val_if_fail (embedding != NULL, vector);

  values = _gk_object_get_array (embedding, "embedding");
  for (guint i = 0; values != NULL && i < json_array_get_length (values); i++)
    {
      double value = json_array_get_double_element (values, i);

      g_array_append_val (vector, value);
    }
  return vector;
}

/**
 * genkit_embed_async:
 * @registry: the registry
 * @parent: (nullable): the run to nest the embedder's span in
 * @embedder: the embedder's name or key
 * @documents: (element-type GenkitDocument): the documents to embed
 * @options: (nullable): the embedder's options
 * @cancellable: (nullable): cancels the call
 * @callback: called when the embeddings are ready
 * @user_data: data for @callback
 *
 * Embeds documents, Genkit's `ai.embedMany`.
 */
void
genkit_embed_async (GenkitRegistry      *registry,
                    GenkitActionRun     *parent,
                    const char          *embedder,
                    GPtrArray           *documents,
                    JsonNode            *options,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) input = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (GENKIT_IS_REGISTRY (registry));
  g_return_if_fail (embedder != NULL);
  g_return_if_fail (documents != NULL);

  json_object_set_array_member (request, "input", _gk_documents_to_array (documents));
  if (options != NULL)
    json_object_set_member (request, "options", _gk_node_copy (options));
  input = json_node_init_object (json_node_alloc (), request);
  key = _gk_action_key ("embedder", embedder);
  _gk_run_key_async (registry, parent, key, input, cancellable, registry, genkit_embed_async,
                     callback, user_data);
}

/**
 * genkit_embed_finish:
 * @registry: the registry given to [func@Genkit.embed_async]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` for an unknown embedder, or its error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full): the `embeddings` array, one `{"embedding", "metadata"?}` per
 *   document (see [func@Genkit.embedding_get_vector]), or %NULL with @error set
 */
JsonArray *
genkit_embed_finish (GenkitRegistry  *registry,
                     GAsyncResult    *result,
                     GError         **error)
{
  g_autoptr(JsonNode) output = NULL;
  JsonArray *embeddings;

  g_return_val_if_fail (g_task_is_valid (result, registry), NULL);

  if ((output = _gk_run_key_finish (result, error)) == NULL)
    return NULL;
  embeddings = JSON_NODE_HOLDS_OBJECT (output) ? _gk_object_get_array (json_node_get_object (output), "embeddings") : NULL;
  return embeddings ? json_array_ref (embeddings) : json_array_new ();
}
