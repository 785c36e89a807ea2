/* test-retrieval.c — embedders, retrievers, indexers, rerankers and the SQLite development vector store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include <math.h>

#include "ai-test-util.h"
#include "genkit-samples.h"
#include "genkit-dev-vector-store.h"

static GenkitRegistry *
samples_registry (void)
{
  GenkitRegistry *registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_samples_register (registry, &error));
  g_assert_no_error (error);
  return registry;
}

static void
test_fixtures (void)
{
  g_autoptr(GenkitRegistry) registry = samples_registry ();
  g_autoptr(JsonNode) actions = ai_fixture ("reflection/04-actions.json");
  static const char * const keys[] = { "/embedder/fakeEmbedder", "/retriever/memRetriever" };
  static const char * const runs[] = {
    "reflection/33-run-embedder-fakeEmbedder.json", "reflection/34-run-retriever-memRetriever.json",
  };

  g_test_summary ("The test embedder and the sample retriever are described and answer exactly as the "
                  "JavaScript app's fakeEmbedder and memRetriever");

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(JsonNode) ours = genkit_action_to_descriptor (genkit_registry_lookup_action (registry, keys[i]));

      ai_assert_json_equal (json_object_get_member (ai_member_object (actions, "response.body"), keys[i]), ours);
    }

  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      g_autoptr(JsonNode) exchange = ai_fixture (runs[i]);
      JsonObject *request = ai_member_object (exchange, "request.body");
      g_auto(TestRun) run = { 0 };

      test_run_key (registry, json_object_get_string_member (request, "key"),
                    json_object_get_member (request, "input"), &run);
      g_assert_no_error (run.error);
      ai_assert_json_equal (json_object_get_member (ai_member_object (exchange, "response.body"), "result"),
                            genkit_action_result_get_result (run.result));
    }
}

/* The helper APIs ------------------------------------------------------------------------------------ */

typedef struct
{
  GObject      *source;
  GAsyncResult *result;
} Waited;

static void
waited_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Waited *waited = user_data;

  waited->source = source;
  waited->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Waited *waited)
{
  while (waited->result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return waited->result;
}

static void
test_embed_and_retrieve (void)
{
  g_autoptr(GenkitRegistry) registry = samples_registry ();
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_document_unref);
  g_autoptr(GenkitDocument) query = genkit_document_new_from_text ("where are traces stored?", NULL);
  g_autoptr(JsonNode) options = test_json ("{\"k\": 1}");
  g_autoptr(JsonNode) bad_options = test_json ("{\"k\": 9}");
  g_autoptr(JsonArray) embeddings = NULL;
  g_autoptr(GArray) vector = NULL;
  g_autoptr(GArray) expected = genkit_test_embedding ("hello");
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  Waited w1 = { 0 }, w2 = { 0 }, w3 = { 0 }, w4 = { 0 };

  g_test_summary ("embed and retrieve call the actions by name and return typed results");

  g_ptr_array_add (documents, genkit_document_new_from_text ("hello", NULL));
  genkit_embed_async (registry, NULL, "fakeEmbedder", documents, NULL, NULL, waited_cb, &w1);
  embeddings = genkit_embed_finish (registry, wait_result (&w1), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (embeddings), ==, 1);
  vector = genkit_embedding_get_vector (json_array_get_object_element (embeddings, 0));
  g_assert_cmpuint (vector->len, ==, 8);
  for (guint i = 0; i < 8; i++)
    g_assert_cmpfloat (g_array_index (vector, double, i), ==, g_array_index (expected, double, i));
  g_assert_cmpfloat (g_array_index (vector, double, 0), ==, 0.43689);

  genkit_retrieve_async (registry, NULL, "memRetriever", query, options, NULL, waited_cb, &w2);
  found = genkit_retrieve_finish (registry, wait_result (&w2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  text = genkit_document_get_text (g_ptr_array_index (found, 0));
  g_assert_cmpstr (text, ==, "Genkit is a framework for building AI apps.");

  /* The options are checked against the retriever's config schema. */
  genkit_retrieve_async (registry, NULL, "/retriever/memRetriever", query, bad_options, NULL, waited_cb, &w3);
  g_assert_null (genkit_retrieve_finish (registry, wait_result (&w3), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  genkit_embed_async (registry, NULL, "nope", documents, NULL, NULL, waited_cb, &w4);
  g_assert_null (genkit_embed_finish (registry, wait_result (&w4), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);

  g_clear_object (&w1.result);
  g_clear_object (&w2.result);
  g_clear_object (&w3.result);
  g_clear_object (&w4.result);
}

/* Indexers and rerankers ------------------------------------------------------------------------ */

static void
memory_indexer (GenkitActionRun *run,
                GPtrArray       *documents,
                JsonNode        *options,
                gpointer         user_data)
{
  GPtrArray *stored = user_data;

  for (guint i = 0; i < documents->len; i++)
    g_ptr_array_add (stored, genkit_document_copy (g_ptr_array_index (documents, i)));
  genkit_action_run_return_value (run, NULL);
}

/* Scores each document by its length; "unscored" forgets the score (a broken reranker). */
static void
length_reranker (GenkitActionRun *run,
                 GenkitDocument  *query,
                 GPtrArray       *documents,
                 JsonNode        *options,
                 gpointer         user_data)
{
  JsonObject *response = json_object_new ();
  JsonArray *ranked = json_array_new ();

  for (guint i = 0; i < documents->len; i++)
    {
      g_autoptr(GenkitDocument) copy = genkit_document_copy (g_ptr_array_index (documents, i));
      g_autofree char *text = genkit_document_get_text (copy);
      JsonObject *metadata = json_object_new ();

      if (!g_str_equal (text, "unscored"))
        json_object_set_int_member (metadata, "score", (gint64) strlen (text));
      genkit_document_set_metadata (copy, metadata);
      json_object_unref (metadata);
      json_array_add_element (ranked, genkit_document_to_json (copy));
    }
  json_object_set_array_member (response, "documents", ranked);
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), response));
  json_object_unref (response);
}

static void
test_indexer_and_reranker (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_document_unref);
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_document_unref);
  g_autoptr(GPtrArray) broken = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_document_unref);
  g_autoptr(GenkitDocument) query = genkit_document_new_from_text ("q", NULL);
  g_autoptr(JsonNode) info = test_json ("{\"label\": \"By length\"}");
  g_autoptr(JsonNode) config = test_json ("{\"type\": \"object\", \"properties\": {\"k\": {\"type\": \"number\"}}}");
  g_autoptr(GPtrArray) ranked = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) indexer_descriptor = NULL;
  g_autoptr(JsonNode) reranker_descriptor = NULL;
  Waited w1 = { 0 }, w2 = { 0 }, w3 = { 0 };

  g_test_summary ("Indexers and rerankers are actions with Genkit's shapes, metadata and checks");

  g_assert_nonnull (genkit_define_indexer (registry, "memory", json_node_get_object (info), config,
                                           memory_indexer, stored, NULL, &error));
  g_assert_nonnull (genkit_define_reranker (registry, "byLength", json_node_get_object (info), NULL,
                                            length_reranker, NULL, NULL, &error));
  g_assert_no_error (error);

  indexer_descriptor = genkit_action_to_descriptor (genkit_registry_lookup_action (registry, "/indexer/memory"));
  ai_assert_json (json_object_get_member (json_node_get_object (indexer_descriptor), "metadata"),
                  "{type: 'indexer', embedderInfo: {label: 'By length'},"
                  " indexer: {customOptions: {type: 'object', properties: {k: {type: 'number'}}}}}");
  ai_assert_json (json_object_get_member (json_node_get_object (indexer_descriptor), "outputSchema"),
                  "{'$schema': 'http://json-schema.org/draft-07/schema#'}");
  reranker_descriptor = genkit_action_to_descriptor (genkit_registry_lookup_action (registry, "/reranker/byLength"));
  ai_assert_json (json_object_get_member (json_node_get_object (reranker_descriptor), "metadata"),
                  "{type: 'reranker', info: {label: 'By length'}, reranker: {}}");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (
                     json_object_get_object_member (json_object_get_object_member (json_node_get_object (reranker_descriptor),
                                                                                   "inputSchema"), "properties"),
                     "documents"), "type"), ==, "array");

  g_ptr_array_add (documents, genkit_document_new_from_text ("short", NULL));
  g_ptr_array_add (documents, genkit_document_new_from_text ("much longer", NULL));
  genkit_index_async (registry, NULL, "memory", documents, NULL, NULL, waited_cb, &w1);
  g_assert_true (genkit_index_finish (registry, wait_result (&w1), &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stored->len, ==, 2);

  genkit_rerank_async (registry, NULL, "byLength", query, documents, NULL, NULL, waited_cb, &w2);
  ranked = genkit_rerank_finish (registry, wait_result (&w2), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ranked->len, ==, 2);
  g_assert_cmpint (json_object_get_int_member (genkit_document_get_metadata (g_ptr_array_index (ranked, 1)), "score"), ==, 11);

  /* A ranked document without a score fails the output schema. */
  g_ptr_array_add (broken, genkit_document_new_from_text ("unscored", NULL));
  genkit_rerank_async (registry, NULL, "byLength", query, broken, NULL, NULL, waited_cb, &w3);
  g_assert_null (genkit_rerank_finish (registry, wait_result (&w3), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);

  g_clear_object (&w1.result);
  g_clear_object (&w2.result);
  g_clear_object (&w3.result);
}

/* defineSimpleRetriever ---------------------------------------------------------------------------- */

static void
items_handler (GenkitActionRun *run,
               GenkitDocument  *query,
               JsonNode        *options,
               gpointer         user_data)
{
  genkit_action_run_return_value (run, test_json (user_data));
}

static void
test_simple_retriever (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  static const char * const keys[] = { "rank", NULL };
  g_autoptr(JsonNode) query = test_json ("{\"query\": {\"content\": [{\"text\": \"q\"}]}}");
  g_autoptr(GError) error = NULL;
  g_auto(TestRun) run = { 0 };

  g_test_summary ("defineSimpleRetriever turns strings and objects into documents, content from a key, "
                  "metadata from chosen keys or all others");

  g_assert_nonnull (genkit_define_simple_retriever (registry, "all", NULL, "body", NULL, items_handler,
                                                    (gpointer) "[\"plain\", {\"body\": \"B\", \"rank\": 2, \"tag\": \"x\"}]",
                                                    NULL, &error));
  g_assert_nonnull (genkit_define_simple_retriever (registry, "picked", NULL, "body", keys, items_handler,
                                                    (gpointer) "[{\"body\": \"B\", \"rank\": 2, \"tag\": \"x\"}]",
                                                    NULL, &error));
  g_assert_nonnull (genkit_define_simple_retriever (registry, "nulls", NULL, "body", NULL, items_handler,
                                                    (gpointer) "[null]", NULL, &error));
  g_assert_nonnull (genkit_define_simple_retriever (registry, "nobody", NULL, NULL, NULL, items_handler,
                                                    (gpointer) "[{\"x\": 1}]", NULL, &error));
  g_assert_no_error (error);

  test_run_key (registry, "/retriever/all", query, &run);
  g_assert_no_error (run.error);
  ai_assert_json (genkit_action_result_get_result (run.result),
                  "{documents: [{content: [{text: 'plain'}]},"
                  "             {content: [{text: 'B'}], metadata: {rank: 2, tag: 'x'}}]}");

  test_run_key (registry, "/retriever/picked", query, &run);
  g_assert_no_error (run.error);
  ai_assert_json (genkit_action_result_get_result (run.result),
                  "{documents: [{content: [{text: 'B'}], metadata: {rank: 2}}]}");

  test_run_key (registry, "/retriever/nulls", query, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "Items returned from simple retriever must be non-null.");

  test_run_key (registry, "/retriever/nobody", query, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (run.error->message, ==, "Cannot convert item to document without content option. Item: {\"x\":1}");
}

/* The development vector store ----------------------------------------------------------------------- */

static double
similarity (const char *a,
            const char *b)
{
  g_autoptr(GArray) x = genkit_test_embedding (a);
  g_autoptr(GArray) y = genkit_test_embedding (b);
  double dot = 0, nx = 0, ny = 0;

  for (guint i = 0; i < x->len; i++)
    {
      dot += g_array_index (x, double, i) * g_array_index (y, double, i);
      nx += g_array_index (x, double, i) * g_array_index (x, double, i);
      ny += g_array_index (y, double, i) * g_array_index (y, double, i);
    }
  return dot / (sqrt (nx) * sqrt (ny));
}

static void
test_dev_vector_store (void)
{
  static const char * const corpus[] = {
    "Genkit is a framework for building AI apps.",
    "The reflection API lets tools inspect a running app.",
    "Traces are stored by the telemetry server.",
    "Dotprompt files live in the prompts directory.",
  };
  const char *query_text = "where are traces stored?";
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "genkit-studio", "vectors.db", NULL);
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonNode) query = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDevVectorStore) reopened = NULL;
  GenkitDevVectorStore *store;
  JsonArray *documents = json_array_new ();
  JsonArray *found;
  g_auto(TestRun) run = { 0 };
  guint best = 0, second = 0;

  g_test_summary ("The SQLite development vector store indexes documents with their metadata, finds "
                  "the most similar by cosine, replaces duplicates and keeps them on disk");

  g_assert_nonnull (genkit_define_test_embedder (registry, NULL, &error));
  store = genkit_define_dev_vector_store (registry, "docs", "fakeEmbedder", NULL, path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_nonnull (genkit_registry_lookup_action (registry, "/indexer/devLocalVectorstore/docs"));

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      JsonObject *metadata = json_object_new ();
      g_autoptr(GenkitDocument) document = NULL;

      json_object_set_int_member (metadata, "n", i);
      document = genkit_document_new_from_text (corpus[i], metadata);
      json_object_unref (metadata);
      json_array_add_element (documents, genkit_document_to_json (document));
    }
  json_object_set_array_member (request, "documents", documents);
  input = json_node_init_object (json_node_alloc (), request);
  test_run_key (registry, "/indexer/devLocalVectorstore/docs", input, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (genkit_dev_vector_store_count (store, "docs", &error), ==, 4);

  /* Indexing the same documents again replaces them. */
  test_run_key (registry, "/indexer/devLocalVectorstore/docs", input, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (genkit_dev_vector_store_count (store, "docs", &error), ==, 4);
  g_assert_cmpint (genkit_dev_vector_store_count (store, "other", &error), ==, 0);

  /* The two nearest by cosine similarity, computed here independently. */
  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    if (similarity (query_text, corpus[i]) > similarity (query_text, corpus[best]))
      best = i;
  second = best == 0 ? 1 : 0;
  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    if (i != best && similarity (query_text, corpus[i]) > similarity (query_text, corpus[second]))
      second = i;

  query = test_json ("{\"query\": {\"content\": [{\"text\": \"where are traces stored?\"}]}, \"options\": {\"k\": 2}}");
  test_run_key (registry, "/retriever/devLocalVectorstore/docs", query, &run);
  g_assert_no_error (run.error);
  found = json_object_get_array_member (json_node_get_object (genkit_action_result_get_result (run.result)), "documents");
  g_assert_cmpuint (json_array_get_length (found), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_array_get_object_element (found, 0), "metadata"), "n"),
                   ==, best);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_array_get_object_element (found, 1), "metadata"), "n"),
                   ==, second);

  /* What was written is on disk. */
  reopened = genkit_dev_vector_store_new (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (genkit_dev_vector_store_count (reopened, "docs", &error), ==, 4);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/retrieval/fixtures", test_fixtures);
  g_test_add_func ("/retrieval/embed-and-retrieve", test_embed_and_retrieve);
  g_test_add_func ("/retrieval/indexer-and-reranker", test_indexer_and_reranker);
  g_test_add_func ("/retrieval/simple-retriever", test_simple_retriever);
  g_test_add_func ("/retrieval/dev-vector-store", test_dev_vector_store);

  return g_test_run ();
}
