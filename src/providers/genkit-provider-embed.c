/* genkit-provider-embed.c — one reader for the embeddings answers that list a vector per
 * document, in order
 *
 * Cloudflare Workers AI, the Gemini API and Ollama all answer an embed request with an array
 * that holds one vector per document, in the order of the documents; only where that array
 * sits and how a vector is wrapped differ. Sending the request and checking the answer is
 * therefore done here, once, and each plugin only says where to look.
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-provider-private.h"

typedef struct
{
  GenkitActionRun              *run;
  guint                         n_documents;
  char                         *label;
  GenkitProviderEmbeddingsFunc  embeddings_of;
  GenkitProviderVectorFunc      vector_of;
} Embedding;

/* Reads one vector per document from @embeddings, or sets @error. */
static GPtrArray *
read_vectors (Embedding  *emb,
              JsonArray  *embeddings,
              GError    **error)
{
  g_autoptr(GPtrArray) vectors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);

  if (embeddings == NULL || json_array_get_length (embeddings) != emb->n_documents)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered without one embedding per document",
                   emb->label);
      return NULL;
    }
  for (guint i = 0; i < emb->n_documents; i++)
    {
      GArray *vector = emb->vector_of (json_array_get_element (embeddings, i));

      if (vector == NULL)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s answered with a malformed embedding",
                       emb->label);
          return NULL;
        }
      g_ptr_array_add (vectors, vector);
    }
  return g_steal_pointer (&vectors);
}

static void
embed_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Embedding *emb = user_data;
  g_autoptr(GenkitProviderReply) reply = NULL;
  g_autoptr(GPtrArray) vectors = NULL;
  GError *error = NULL;

  reply = _genkit_provider_client_request_finish (GENKIT_PROVIDER_CLIENT (object), result, &error);
  if (reply != NULL)
    {
      JsonArray *embeddings = emb->embeddings_of (reply->json, emb->label, &error);

      if (error == NULL)
        vectors = read_vectors (emb, embeddings, &error);
    }

  if (error != NULL)
    genkit_action_run_return_error (emb->run, error);
  else
    genkit_embedder_return_vectors (emb->run, vectors);
  g_object_unref (emb->run);
  g_free (emb->label);
  g_free (emb);
}

void
_genkit_provider_embed_async (GenkitProviderPlugin         *plugin,
                              GenkitActionRun              *run,
                              guint                         n_documents,
                              const char                   *url,
                              const char * const           *headers,
                              JsonNode                     *body,
                              GenkitProviderEmbeddingsFunc  embeddings_of,
                              GenkitProviderVectorFunc      vector_of)
{
  Embedding *emb = g_new0 (Embedding, 1);

  emb->run = g_object_ref (run);
  emb->n_documents = n_documents;
  emb->label = g_strdup (genkit_provider_plugin_get_label (plugin));
  emb->embeddings_of = embeddings_of;
  emb->vector_of = vector_of;
  _genkit_provider_client_request_async (_genkit_provider_plugin_get_client (plugin), "POST", url, headers, body,
                                         GENKIT_PROVIDER_STREAM_NONE, NULL, NULL,
                                         genkit_action_run_get_cancellable (run), embed_cb, emb);
}

GArray *
_genkit_provider_vector_of_node (JsonNode *item)
{
  return JSON_NODE_HOLDS_ARRAY (item) ? _genkit_provider_vector_of_array (json_node_get_array (item)) : NULL;
}

JsonArray *
_genkit_provider_embeddings_member (JsonNode    *answer,
                                    const char  *label,
                                    GError     **error)
{
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return NULL;
  return _genkit_provider_json_get_array (json_node_get_object (answer), "embeddings");
}
