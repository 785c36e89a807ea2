/* genkit-indexer.c — an indexer: stores documents for a retriever to find
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-indexer.h"
#include "genkit-registry.h"

/**
 * GenkitIndexer:
 *
 * An indexer, Genkit's `defineIndexer` (`js/ai/src/retriever.ts`): an action `/indexer/<name>`
 * whose input is `{"documents": DocumentData[], "options"?}` and whose output is nothing. Its
 * metadata is `{"type": "indexer", "embedderInfo"?: {...}, "indexer": {"customOptions"?}}`.
 */
struct _GenkitIndexer
{
  GenkitAction       parent_instance;

  GenkitIndexerFunc  func;
  gpointer           user_data;
  GDestroyNotify     destroy;
};

G_DEFINE_FINAL_TYPE (GenkitIndexer, genkit_indexer, GENKIT_TYPE_ACTION)

static void
genkit_indexer_run (GenkitAction    *action,
                    GenkitActionRun *run,
                    JsonNode        *input)
{
  GenkitIndexer *self = GENKIT_INDEXER (action);
  JsonObject *request = json_node_get_object (input);
  g_autoptr(GPtrArray) documents = _gk_documents_from_array (_gk_object_get_array (request, "documents"));

  self->func (run, documents, json_object_get_member (request, "options"), self->user_data);
}

static void
genkit_indexer_finalize (GObject *object)
{
  GenkitIndexer *self = GENKIT_INDEXER (object);

  if (self->destroy != NULL)
    self->destroy (self->user_data);

  G_OBJECT_CLASS (genkit_indexer_parent_class)->finalize (object);
}

static void
genkit_indexer_class_init (GenkitIndexerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_indexer_finalize;
  GENKIT_ACTION_CLASS (klass)->run = genkit_indexer_run;
}

static void
genkit_indexer_init (GenkitIndexer *self)
{
}

/**
 * genkit_define_indexer:
 * @registry: the registry
 * @name: the indexer's name
 * @embedder_info: (nullable): the info of the embedder it uses (`label`, `dimensions`, …)
 * @config_schema: (nullable): JSON Schema of `options`; also the input schema's `options`
 * @func: (scope notified) (closure user_data) (destroy destroy): the indexer's function
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the indexer
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad schema,
 *   `ALREADY_EXISTS` when `/indexer/<name>` is taken
 *
 * Defines an indexer, Genkit's `ai.defineIndexer`. Its output schema is Genkit's schema of
 * `z.void()`: `{"$schema": "http://json-schema.org/draft-07/schema#"}`.
 *
 * Returns: (transfer none) (nullable): the indexer, owned by the registry, or %NULL with
 *   @error set
 */
GenkitIndexer *
genkit_define_indexer (GenkitRegistry     *registry,
                       const char         *name,
                       JsonObject         *embedder_info,
                       JsonNode           *config_schema,
                       GenkitIndexerFunc   func,
                       gpointer            user_data,
                       GDestroyNotify      destroy,
                       GError            **error)
{
  g_autoptr(GenkitIndexer) self = NULL;
  g_autoptr(JsonNode) input_schema = _genkit_schema_indexer_request (config_schema);
  g_autoptr(JsonNode) output_schema = _gk_parse_literal ("{\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_INDEXER, "action-type", GENKIT_ACTION_TYPE_INDEXER, "name", name, NULL);
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;

  if (!_gk_describe_retrieval_action (GENKIT_ACTION (self), "indexer", "embedderInfo", embedder_info,
                                      config_schema, input_schema, output_schema, error) ||
      !genkit_registry_register_action (registry, GENKIT_ACTION (self), error))
    return NULL;
  return self;   /* held by the registry */
}

/**
 * genkit_index_async:
 * @registry: the registry
 * @parent: (nullable): the run to nest the indexer's span in
 * @indexer: the indexer's name or key
 * @documents: (element-type GenkitDocument): the documents to store
 * @options: (nullable): the indexer's options
 * @cancellable: (nullable): cancels the call
 * @callback: called when the documents are stored
 * @user_data: data for @callback
 *
 * Indexes documents, Genkit's `ai.index`.
 */
void
genkit_index_async (GenkitRegistry      *registry,
                    GenkitActionRun     *parent,
                    const char          *indexer,
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
  g_return_if_fail (indexer != NULL);
  g_return_if_fail (documents != NULL);

  json_object_set_array_member (request, "documents", _gk_documents_to_array (documents));
  if (options != NULL)
    json_object_set_member (request, "options", _gk_node_copy (options));
  input = json_node_init_object (json_node_alloc (), request);
  key = _gk_action_key ("indexer", indexer);
  _gk_run_key_async (registry, parent, key, input, cancellable, registry, genkit_index_async,
                     callback, user_data);
}

/**
 * genkit_index_finish:
 * @registry: the registry given to [func@Genkit.index_async]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` for an unknown indexer, or its error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: %TRUE when the documents were indexed
 */
gboolean
genkit_index_finish (GenkitRegistry  *registry,
                     GAsyncResult    *result,
                     GError         **error)
{
  g_autoptr(JsonNode) output = NULL;

  g_return_val_if_fail (g_task_is_valid (result, registry), FALSE);

  output = _gk_run_key_finish (result, error);
  return output != NULL;
}
