/* genkit-retriever.h — a retriever: finds the documents that answer a query
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
 * GenkitRetrieverFunc:
 * @run: the run; complete it with `{"documents": [DocumentData…]}` (see
 *   [func@Genkit.retriever_return_documents])
 * @query: the query document
 * @options: (nullable): the request's `options` (`k` by convention), already checked against
 *   the retriever's config schema
 * @user_data: the data given when the retriever was made
 *
 * A retriever's function, Genkit's `(query: Document, options) => {documents}`.
 */
typedef void (*GenkitRetrieverFunc) (GenkitActionRun *run,
                                     GenkitDocument  *query,
                                     JsonNode        *options,
                                     gpointer         user_data);

/**
 * GenkitSimpleRetrieverFunc:
 * @run: the run; complete it with a JSON array of items: strings, or objects to turn into
 *   documents with the retriever's content key and metadata keys
 * @query: the query document
 * @options: (nullable): the request's `options`
 * @user_data: the data given to [func@Genkit.define_simple_retriever]
 *
 * The handler of a simple retriever, Genkit's `defineSimpleRetriever` handler.
 */
typedef void (*GenkitSimpleRetrieverFunc) (GenkitActionRun *run,
                                           GenkitDocument  *query,
                                           JsonNode        *options,
                                           gpointer         user_data);

#define GENKIT_TYPE_RETRIEVER (genkit_retriever_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitRetriever, genkit_retriever, GENKIT, RETRIEVER, GenkitAction)

GENKIT_AVAILABLE_IN_ALL
GenkitRetriever *genkit_define_retriever        (GenkitRegistry            *registry,
                                                 const char                *name,
                                                 JsonObject                *info,
                                                 JsonNode                  *config_schema,
                                                 GenkitRetrieverFunc        func,
                                                 gpointer                   user_data,
                                                 GDestroyNotify             destroy,
                                                 GError                   **error);
GENKIT_AVAILABLE_IN_ALL
GenkitRetriever *genkit_define_simple_retriever (GenkitRegistry            *registry,
                                                 const char                *name,
                                                 JsonNode                  *config_schema,
                                                 const char                *content_key,
                                                 const char * const        *metadata_keys,
                                                 GenkitSimpleRetrieverFunc  handler,
                                                 gpointer                   user_data,
                                                 GDestroyNotify             destroy,
                                                 GError                   **error);
GENKIT_AVAILABLE_IN_ALL
void             genkit_retriever_return_documents (GenkitActionRun        *run,
                                                    GPtrArray              *documents);
GENKIT_AVAILABLE_IN_ALL
void             genkit_retrieve_async          (GenkitRegistry            *registry,
                                                 GenkitActionRun           *parent,
                                                 const char                *retriever,
                                                 GenkitDocument            *query,
                                                 JsonNode                  *options,
                                                 GCancellable              *cancellable,
                                                 GAsyncReadyCallback        callback,
                                                 gpointer                   user_data);
GENKIT_AVAILABLE_IN_ALL
GPtrArray       *genkit_retrieve_finish         (GenkitRegistry            *registry,
                                                 GAsyncResult              *result,
                                                 GError                   **error);

G_END_DECLS
