/* genkit-retriever.c — a retriever: finds the documents that answer a query
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-private.h"
#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-registry.h"
#include "genkit-retriever.h"

/**
 * GenkitRetriever:
 *
 * A retriever, Genkit's `defineRetriever` (`js/ai/src/retriever.ts`): an action
 * `/retriever/<name>` whose input is `{"query": DocumentData, "options"?}` (the options typed by
 * the config schema, `k` by convention) and whose output is `{"documents": DocumentData[]}`. Its
 * metadata is `{"type": "retriever", "info"?: {"label", "supports": {"media"}}, "retriever":
 * {"customOptions"?}}`.
 *
 * [func@Genkit.define_simple_retriever] is Genkit's `defineSimpleRetriever`: its handler returns
 * plain items (strings, or objects whose content and metadata fields are named by the
 * retriever) and the retriever makes the documents.
 */
struct _GenkitRetriever
{
  GenkitAction               parent_instance;

  GenkitRetrieverFunc        func;
  gpointer                   user_data;
  GDestroyNotify             destroy;

  /* simple retrievers */
  GenkitSimpleRetrieverFunc  simple;
  char                      *content_key;
  GStrv                      metadata_keys;
};

G_DEFINE_FINAL_TYPE (GenkitRetriever, genkit_retriever, GENKIT_TYPE_ACTION)

/* Genkit's itemToDocument and itemToMetadata. */
static JsonObject *
item_to_document (GenkitRetriever  *self,
                  JsonNode         *item,
                  GError          **error)
{
  g_autoptr(GenkitDocument) document = NULL;
  JsonObject *object;
  JsonObject *metadata;

  if (!_gk_node_is_truthy (item))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Items returned from simple retriever must be non-null.");
      return NULL;
    }
  if (JSON_NODE_HOLDS_VALUE (item) && json_node_get_value_type (item) == G_TYPE_STRING)
    {
      document = genkit_document_new_from_text (json_node_get_string (item), NULL);
      return json_object_ref (genkit_document_get_json_object (document));
    }

  object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
  if (object == NULL || self->content_key == NULL ||
      _gk_object_get_string (object, self->content_key) == NULL)
    {
      g_autofree char *json = _gk_json_stringify (item);

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Cannot convert item to document without content option. Item: %s", json);
      return NULL;
    }

  metadata = json_object_new ();
  if (self->metadata_keys != NULL)
    {
      for (guint i = 0; self->metadata_keys[i] != NULL; i++)
        if (json_object_has_member (object, self->metadata_keys[i]))
          json_object_set_member (metadata, self->metadata_keys[i],
                                  _gk_node_copy (json_object_get_member (object, self->metadata_keys[i])));
    }
  else
    {
      g_autoptr(GList) keys = json_object_get_members (object);

      for (GList *l = keys; l != NULL; l = l->next)
        if (!g_str_equal (l->data, self->content_key))
          json_object_set_member (metadata, l->data, _gk_node_copy (json_object_get_member (object, l->data)));
    }
  document = genkit_document_new_from_text (_gk_object_get_string (object, self->content_key), metadata);
  json_object_unref (metadata);
  return json_object_ref (genkit_document_get_json_object (document));
}

typedef struct
{
  GenkitRetriever *self;
  GenkitActionRun *outer;
} SimpleRun;

static void
simple_run_free (SimpleRun *simple)
{
  g_clear_object (&simple->self);
  g_clear_object (&simple->outer);
  g_free (simple);
}

static void
simple_complete (GenkitActionRun *inner,
                 JsonNode        *value,
                 const GError    *error,
                 gpointer         user_data)
{
  SimpleRun *simple = user_data;
  JsonArray *items;
  JsonArray *documents;
  JsonObject *response;

  if (error != NULL)
    {
      genkit_action_run_return_error (simple->outer, g_error_copy (error));
      return;
    }
  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value))
    {
      genkit_action_run_return_new_error (simple->outer, GENKIT_ERROR_INVALID_ARGUMENT,
                                          "A simple retriever's handler must return an array of items");
      return;
    }

  items = json_node_get_array (value);
  documents = json_array_new ();
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      GError *item_error = NULL;
      JsonObject *document = item_to_document (simple->self, json_array_get_element (items, i), &item_error);

      if (document == NULL)
        {
          json_array_unref (documents);
          genkit_action_run_return_error (simple->outer, item_error);
          return;
        }
      json_array_add_object_element (documents, document);
    }
  response = json_object_new ();
  json_object_set_array_member (response, "documents", documents);
  genkit_action_run_return_value (simple->outer, _gk_node_take_object (response));
}

static void
genkit_retriever_run (GenkitAction    *action,
                      GenkitActionRun *run,
                      JsonNode        *input)
{
  GenkitRetriever *self = GENKIT_RETRIEVER (action);
  JsonObject *request = json_node_get_object (input);
  g_autoptr(GenkitDocument) query = _genkit_document_wrap (json_object_get_object_member (request, "query"));
  JsonNode *options = json_object_get_member (request, "options");

  if (self->simple != NULL)
    {
      SimpleRun *simple = g_new0 (SimpleRun, 1);
      g_autoptr(GenkitActionRun) inner = NULL;

      simple->self = g_object_ref (self);
      simple->outer = g_object_ref (run);
      inner = _genkit_action_run_new (action, genkit_action_run_get_registry (run),
                                      genkit_action_run_get_span (run), genkit_action_run_get_context (run),
                                      genkit_action_run_get_cancellable (run), NULL, run,
                                      simple_complete, simple, (GDestroyNotify) simple_run_free);
      self->simple (inner, query, options, self->user_data);
      return;
    }
  self->func (run, query, options, self->user_data);
}

static void
genkit_retriever_finalize (GObject *object)
{
  GenkitRetriever *self = GENKIT_RETRIEVER (object);

  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_free (self->content_key);
  g_strfreev (self->metadata_keys);

  G_OBJECT_CLASS (genkit_retriever_parent_class)->finalize (object);
}

static void
genkit_retriever_class_init (GenkitRetrieverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_retriever_finalize;
  GENKIT_ACTION_CLASS (klass)->run = genkit_retriever_run;
}

static void
genkit_retriever_init (GenkitRetriever *self)
{
}

static GenkitRetriever *
retriever_new (const char  *name,
               JsonObject  *info,
               JsonNode    *config_schema,
               GError     **error)
{
  g_autoptr(GenkitRetriever) self = NULL;
  g_autoptr(JsonNode) input_schema = _genkit_schema_retriever_request (config_schema);
  g_autoptr(JsonNode) output_schema = _genkit_schema_retriever_response ();

  self = g_object_new (GENKIT_TYPE_RETRIEVER, "action-type", GENKIT_ACTION_TYPE_RETRIEVER, "name", name, NULL);
  if (!_gk_describe_retrieval_action (GENKIT_ACTION (self), "retriever", "info", info,
                                      config_schema, input_schema, output_schema, error))
    return NULL;
  return g_steal_pointer (&self);
}

static GenkitRetriever *
register_retriever (GenkitRegistry   *registry,
                    GenkitRetriever  *retriever,
                    GError          **error)
{
  g_autoptr(GenkitRetriever) owned = retriever;

  if (!genkit_registry_register_action (registry, GENKIT_ACTION (owned), error))
    return NULL;
  return owned;   /* held by the registry */
}

/**
 * genkit_define_retriever:
 * @registry: the registry
 * @name: the retriever's name
 * @info: (nullable): `{"label", "supports": {"media"}}`; copied into the metadata as given
 * @config_schema: (nullable): JSON Schema of `options`; also the input schema's `options`
 * @func: (scope notified) (closure user_data) (destroy destroy): the retriever's function
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the retriever
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad schema,
 *   `ALREADY_EXISTS` when `/retriever/<name>` is taken
 *
 * Defines a retriever, Genkit's `ai.defineRetriever`.
 *
 * Returns: (transfer none) (nullable): the retriever, owned by the registry, or %NULL with
 *   @error set
 */
GenkitRetriever *
genkit_define_retriever (GenkitRegistry       *registry,
                         const char           *name,
                         JsonObject           *info,
                         JsonNode             *config_schema,
                         GenkitRetrieverFunc   func,
                         gpointer              user_data,
                         GDestroyNotify        destroy,
                         GError              **error)
{
  GenkitRetriever *self;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  if ((self = retriever_new (name, info, config_schema, error)) == NULL)
    {
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return register_retriever (registry, self, error);
}

/**
 * genkit_define_simple_retriever:
 * @registry: the registry
 * @name: the retriever's name
 * @config_schema: (nullable): JSON Schema of `options`
 * @content_key: (nullable): the field of an object item that holds the document's text
 * @metadata_keys: (nullable) (array zero-terminated=1): the fields of an object item to keep as
 *   metadata; %NULL keeps every field but @content_key
 * @handler: (scope notified) (closure user_data) (destroy destroy): returns the items
 * @user_data: data for @handler
 * @destroy: (nullable): frees @user_data with the retriever
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad schema,
 *   `ALREADY_EXISTS` when `/retriever/<name>` is taken
 *
 * Defines a retriever from a handler that returns plain items, Genkit's
 * `ai.defineSimpleRetriever`: a string item becomes a text document; an object item becomes a
 * text document of its @content_key field with metadata from @metadata_keys. A null item, or an
 * object without the content field, fails the retrieval with `INVALID_ARGUMENT`.
 *
 * Returns: (transfer none) (nullable): the retriever, owned by the registry, or %NULL with
 *   @error set
 */
GenkitRetriever *
genkit_define_simple_retriever (GenkitRegistry             *registry,
                                const char                 *name,
                                JsonNode                   *config_schema,
                                const char                 *content_key,
                                const char * const         *metadata_keys,
                                GenkitSimpleRetrieverFunc   handler,
                                gpointer                    user_data,
                                GDestroyNotify              destroy,
                                GError                    **error)
{
  GenkitRetriever *self;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (handler != NULL, NULL);

  if ((self = retriever_new (name, NULL, config_schema, error)) == NULL)
    {
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }
  self->simple = handler;
  self->user_data = user_data;
  self->destroy = destroy;
  self->content_key = g_strdup (content_key);
  self->metadata_keys = g_strdupv ((char **) metadata_keys);
  return register_retriever (registry, self, error);
}

/**
 * genkit_retriever_return_documents:
 * @run: a retriever's run
 * @documents: (element-type GenkitDocument): the documents found, best first
 *
 * Completes a retriever's run with `{"documents": [...]}`.
 */
void
genkit_retriever_return_documents (GenkitActionRun *run,
                                   GPtrArray       *documents)
{
  JsonObject *response;

  g_return_if_fail (GENKIT_IS_ACTION_RUN (run));
  g_return_if_fail (documents != NULL);

  response = json_object_new ();
  json_object_set_array_member (response, "documents", _gk_documents_to_array (documents));
  genkit_action_run_return_value (run, _gk_node_take_object (response));
}

/**
 * genkit_retrieve_async:
 * @registry: the registry
 * @parent: (nullable): the run to nest the retriever's span in
 * @retriever: the retriever's name or key
 * @query: the query
 * @options: (nullable): the retriever's options, e.g. `{"k": 3}`
 * @cancellable: (nullable): cancels the call
 * @callback: called when the documents are ready
 * @user_data: data for @callback
 *
 * Retrieves documents, Genkit's `ai.retrieve`.
 */
void
genkit_retrieve_async (GenkitRegistry      *registry,
                       GenkitActionRun     *parent,
                       const char          *retriever,
                       GenkitDocument      *query,
                       JsonNode            *options,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) input = NULL;
  g_autofree char *key = NULL;

  g_return_if_fail (GENKIT_IS_REGISTRY (registry));
  g_return_if_fail (retriever != NULL);
  g_return_if_fail (query != NULL);

  json_object_set_member (request, "query", genkit_document_to_json (query));
  if (options != NULL)
    json_object_set_member (request, "options", _gk_node_copy (options));
  input = json_node_init_object (json_node_alloc (), request);
  key = _gk_action_key ("retriever", retriever);
  _gk_run_key_async (registry, parent, key, input, cancellable, registry, genkit_retrieve_async,
                     callback, user_data);
}

/**
 * genkit_retrieve_finish:
 * @registry: the registry given to [func@Genkit.retrieve_async]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` for an unknown retriever, or its error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full) (element-type GenkitDocument): the documents, or %NULL with @error
 */
GPtrArray *
genkit_retrieve_finish (GenkitRegistry  *registry,
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
