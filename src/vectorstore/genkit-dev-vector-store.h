/* genkit-dev-vector-store.h — a development vector store on SQLite: index, embed, find by cosine
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

#define GENKIT_TYPE_DEV_VECTOR_STORE (genkit_dev_vector_store_get_type ())

G_DECLARE_FINAL_TYPE (GenkitDevVectorStore, genkit_dev_vector_store, GENKIT, DEV_VECTOR_STORE, GObject)

GenkitDevVectorStore *genkit_dev_vector_store_new          (const char            *path,
                                                            GError               **error);
GenkitDevVectorStore *genkit_define_dev_vector_store       (GenkitRegistry        *registry,
                                                            const char            *index_name,
                                                            const char            *embedder,
                                                            JsonNode              *embedder_options,
                                                            const char            *path,
                                                            GError               **error);
void                  genkit_dev_vector_store_add_async    (GenkitDevVectorStore  *self,
                                                            const char            *index_name,
                                                            GPtrArray             *documents,
                                                            GPtrArray             *vectors,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
gboolean              genkit_dev_vector_store_add_finish   (GenkitDevVectorStore  *self,
                                                            GAsyncResult          *result,
                                                            GError               **error);
void                  genkit_dev_vector_store_query_async  (GenkitDevVectorStore  *self,
                                                            const char            *index_name,
                                                            GArray                *vector,
                                                            guint                  k,
                                                            GCancellable          *cancellable,
                                                            GAsyncReadyCallback    callback,
                                                            gpointer               user_data);
GPtrArray            *genkit_dev_vector_store_query_finish (GenkitDevVectorStore  *self,
                                                            GAsyncResult          *result,
                                                            GArray               **scores,
                                                            GError               **error);
gint64                genkit_dev_vector_store_count        (GenkitDevVectorStore  *self,
                                                            const char            *index_name,
                                                            GError               **error);

G_END_DECLS
