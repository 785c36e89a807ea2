/* genkit-indexer.h — an indexer: stores documents for a retriever to find
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
 * GenkitIndexerFunc:
 * @run: the run; complete it with no value (`NULL`) once the documents are stored
 * @documents: (element-type GenkitDocument): the documents to index
 * @options: (nullable): the request's `options`
 * @user_data: the data given when the indexer was made
 *
 * An indexer's function, Genkit's `(docs: Document[], options) => void`.
 */
typedef void (*GenkitIndexerFunc) (GenkitActionRun *run,
                                   GPtrArray       *documents,
                                   JsonNode        *options,
                                   gpointer         user_data);

#define GENKIT_TYPE_INDEXER (genkit_indexer_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitIndexer, genkit_indexer, GENKIT, INDEXER, GenkitAction)

GENKIT_AVAILABLE_IN_ALL
GenkitIndexer *genkit_define_indexer  (GenkitRegistry      *registry,
                                       const char          *name,
                                       JsonObject          *embedder_info,
                                       JsonNode            *config_schema,
                                       GenkitIndexerFunc    func,
                                       gpointer             user_data,
                                       GDestroyNotify       destroy,
                                       GError             **error);
GENKIT_AVAILABLE_IN_ALL
void           genkit_index_async     (GenkitRegistry      *registry,
                                       GenkitActionRun     *parent,
                                       const char          *indexer,
                                       GPtrArray           *documents,
                                       JsonNode            *options,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean       genkit_index_finish    (GenkitRegistry      *registry,
                                       GAsyncResult        *result,
                                       GError             **error);

G_END_DECLS
