/* genkit-reranker.c — a reranker: scores and orders documents against a query
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-registry.h"
#include "genkit-reranker.h"

/**
 * GenkitReranker:
 *
 * A reranker, Genkit's `defineReranker` (`js/ai/src/reranker.ts`): an action
 * `/reranker/<name>` whose input is `{"query": DocumentData, "documents": DocumentData[],
 * "options"?}` and whose output is `{"documents": [{"content", "metadata": {"score": number,
 * …}}]}`. Its metadata is `{"type": "reranker", "info"?: {...}, "reranker": {"customOptions"?}}`.
 */
struct _GenkitReranker
{
  GenkitAction        parent_instance;

  GenkitRerankerFunc  func;
  gpointer            user_data;
  GDestroyNotify      destroy;
};

G_DEFINE_FINAL_TYPE (GenkitReranker, genkit_reranker, GENKIT_TYPE_ACTION)

static void
genkit_reranker_run (GenkitAction    *action,
                     GenkitActionRun *run,
                     JsonNode        *input)
{
  GenkitReranker *self = GENKIT_RERANKER (action);
  JsonObject *request = json_node_get_object (input);
  g_autoptr(GenkitDocument) query = _genkit_document_wrap (json_object_get_object_member (request, "query"));
  g_autoptr(GPtrArray) documents = _gk_documents_from_array (_gk_object_get_array (request, "documents"));

  self->func (run, query, documents, json_object_get_member (request, "options"), self->user_data);
}

static void
genkit_reranker_finalize (GObject *object)
{
  GenkitReranker *self = GENKIT_RERANKER (object);

  if (self->destroy != NULL)
    self->destroy (self->user_data);

  G_OBJECT_CLASS (genkit_reranker_parent_class)->finalize (object);
}

static void
genkit_reranker_class_init (GenkitRerankerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_reranker_finalize;
  GENKIT_ACTION_CLASS (klass)->run = genkit_reranker_run;
}

static void
genkit_reranker_init (GenkitReranker *self)
{
}

/**
 * genkit_define_reranker:
 * @registry: the registry
 * @name: the reranker's name
 * @info: (nullable): the reranker's info (`label`, …); copied into the metadata as given
 * @config_schema: (nullable): JSON Schema of `options`; also the input schema's `options`
 * @func: (scope notified) (closure user_data) (destroy destroy): the reranker's function
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the reranker
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad schema,
 *   `ALREADY_EXISTS` when `/reranker/<name>` is taken
 *
 * Defines a reranker, Genkit's `ai.defineReranker`. Its output is checked: every document must
 * have a numeric `metadata.score`.
 *
 * Returns: (transfer none) (nullable): the reranker, owned by the registry, or %NULL with
 *   @error set
 */
GenkitReranker *
genkit_define_reranker (GenkitRegistry      *registry,
                        const char          *name,
                        JsonObject          *info,
                        JsonNode            *config_schema,
                        GenkitRerankerFunc   func,
                        gpointer             user_data,
                        GDestroyNotify       destroy,
                        GError             **error)
{
  g_autoptr(GenkitReranker) self = NULL;
  g_autoptr(JsonNode) input_schema = _genkit_schema_reranker_request (config_schema);
  g_autoptr(JsonNode) output_schema = _genkit_schema_reranker_response ();

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_RERANKER, "action-type", GENKIT_ACTION_TYPE_RERANKER, "name", name, NULL);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;

  if (!_gk_describe_retrieval_action (GENKIT_ACTION (self), "reranker", "info", info,
                                      config_schema, input_schema, output_schema, error) ||
      !genkit_registry_register_action (registry, GENKIT_ACTION (self), error))
    return NULL;
  return self;   /* held by the registry */
}

/**
 * genkit_rerank_async:
 * @registry: the registry
 * @parent: (nullable): the run to nest the reranker's span in
 * @reranker: the reranker's name or key
 * @query: the query
 * @documents: (element-type GenkitDocument): the documents to rank
 * @options: (nullable): the reranker's options
 * @cancellable: (nullable): cancels the call
 * @callback: called when the ranking is ready
 * @user_data: data for @callback
 *
 * Reranks documents, Genkit's `ai.rerank`.
 */
void
genkit_rerank_async (GenkitRegistry      *registry,
                     GenkitActionRun     *parent,
                     const char          *reranker,
                     GenkitDocument      *query,
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
  g_return_if_fail (reranker != NULL);
  g_return_if_fail (query != NULL);
  g_return_if_fail (documents != NULL);

  json_object_set_member (request, "query", genkit_document_to_json (query));
  json_object_set_array_member (request, "documents", _gk_documents_to_array (documents));
  if (options != NULL)
    json_object_set_member (request, "options", _gk_node_copy (options));
  input = json_node_init_object (json_node_alloc (), request);
  key = _gk_action_key ("reranker", reranker);
  _gk_run_key_async (registry, parent, key, input, cancellable, registry, genkit_rerank_async,
                     callback, user_data);
}

/**
 * genkit_rerank_finish:
 * @registry: the registry given to [func@Genkit.rerank_async]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` for an unknown reranker, or its error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full) (element-type GenkitDocument): the ranked documents, each with
 *   `metadata.score`, or %NULL with @error set
 */
GPtrArray *
genkit_rerank_finish (GenkitRegistry  *registry,
                      GAsyncResult    *result,
                      GError         **error)
{
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonArray) documents = NULL;

  g_return_val_if_fail (g_task_is_valid (result, registry), NULL);

  if ((output = _gk_run_key_finish (result, error)) == NULL)
    return NULL;
  documents = JSON_NODE_HOLDS_OBJECT (output) ? _gk_object_get_array (json_node_get_object (output), "documents")
                                              : NULL;
  documents = documents ? _gk_array_copy (documents) : json_array_new ();
  return _gk_documents_from_array (documents);
}
