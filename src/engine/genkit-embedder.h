/* genkit-embedder.h — an embedder: turns documents into vectors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-action.h"
#include "genkit-document.h"

G_BEGIN_DECLS

/**
 * GenkitEmbedderFunc:
 * @run: the run; complete it with `{"embeddings": [{"embedding": [numbers], "metadata"?}]}`, one
 *   per document in order (see [func@Genkit.embedder_return_vectors])
 * @documents: (element-type GenkitDocument): the documents to embed
 * @options: (nullable): the request's `options`
 * @user_data: the data given when the embedder was made
 *
 * An embedder's function, Genkit's `(input: Document[], options) => EmbedResponse`.
 */
typedef void (*GenkitEmbedderFunc) (GenkitActionRun *run,
                                    GPtrArray       *documents,
                                    JsonNode        *options,
                                    gpointer         user_data);

#define GENKIT_TYPE_EMBEDDER (genkit_embedder_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitEmbedder, genkit_embedder, GENKIT, EMBEDDER, GenkitAction)

GENKIT_AVAILABLE_IN_ALL
GenkitEmbedder *genkit_define_embedder          (GenkitRegistry      *registry,
                                                 const char          *name,
                                                 JsonObject          *info,
                                                 JsonNode            *config_schema,
                                                 GenkitEmbedderFunc   func,
                                                 gpointer             user_data,
                                                 GDestroyNotify       destroy,
                                                 GError             **error);
GENKIT_AVAILABLE_IN_ALL
void            genkit_embedder_return_vectors  (GenkitActionRun     *run,
                                                 GPtrArray           *vectors);
GENKIT_AVAILABLE_IN_ALL
GArray         *genkit_embedding_get_vector     (JsonObject          *embedding);
GENKIT_AVAILABLE_IN_ALL
void            genkit_embed_async              (GenkitRegistry      *registry,
                                                 GenkitActionRun     *parent,
                                                 const char          *embedder,
                                                 GPtrArray           *documents,
                                                 JsonNode            *options,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
GENKIT_AVAILABLE_IN_ALL
JsonArray      *genkit_embed_finish             (GenkitRegistry      *registry,
                                                 GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
