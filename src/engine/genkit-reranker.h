/* genkit-reranker.h — a reranker: scores and orders documents against a query
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
 * GenkitRerankerFunc:
 * @run: the run; complete it with `{"documents": [{"content", "metadata": {"score", …}}]}`
 * @query: the query document
 * @documents: (element-type GenkitDocument): the documents to rank
 * @options: (nullable): the request's `options`
 * @user_data: the data given when the reranker was made
 *
 * A reranker's function, Genkit's `(query, documents, options) => {documents}`; every returned
 * document must have a numeric `metadata.score`.
 */
typedef void (*GenkitRerankerFunc) (GenkitActionRun *run,
                                    GenkitDocument  *query,
                                    GPtrArray       *documents,
                                    JsonNode        *options,
                                    gpointer         user_data);

#define GENKIT_TYPE_RERANKER (genkit_reranker_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitReranker, genkit_reranker, GENKIT, RERANKER, GenkitAction)

GENKIT_AVAILABLE_IN_ALL
GenkitReranker *genkit_define_reranker (GenkitRegistry      *registry,
                                        const char          *name,
                                        JsonObject          *info,
                                        JsonNode            *config_schema,
                                        GenkitRerankerFunc   func,
                                        gpointer             user_data,
                                        GDestroyNotify       destroy,
                                        GError             **error);
GENKIT_AVAILABLE_IN_ALL
void            genkit_rerank_async    (GenkitRegistry      *registry,
                                        GenkitActionRun     *parent,
                                        const char          *reranker,
                                        GenkitDocument      *query,
                                        GPtrArray           *documents,
                                        JsonNode            *options,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
GENKIT_AVAILABLE_IN_ALL
GPtrArray      *genkit_rerank_finish   (GenkitRegistry      *registry,
                                        GAsyncResult        *result,
                                        GError             **error);

G_END_DECLS
