/* genkit-trace-store.h — Genkit traces in SQLite: ingest, list, search, live updates
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_TELEMETRY_INSIDE) && !defined (GENKIT_TELEMETRY_COMPILATION)
# error "Only <genkit-telemetry.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-trace-summary.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_TRACE_STORE (genkit_trace_store_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitTraceStore, genkit_trace_store, GENKIT, TRACE_STORE, GObject)

GENKIT_AVAILABLE_IN_ALL
char             *genkit_trace_store_get_default_path      (void);

GENKIT_AVAILABLE_IN_ALL
GenkitTraceStore *genkit_trace_store_new                   (const char           *path,
                                                            GError              **error);
GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_new_async             (const char           *path,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitTraceStore *genkit_trace_store_new_finish            (GAsyncResult         *result,
                                                            GError              **error);

GENKIT_AVAILABLE_IN_ALL
const char       *genkit_trace_store_get_path              (GenkitTraceStore     *self);

GENKIT_AVAILABLE_IN_ALL
gint64            genkit_trace_store_get_max_age           (GenkitTraceStore     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_set_max_age           (GenkitTraceStore     *self,
                                                            gint64                max_age);
GENKIT_AVAILABLE_IN_ALL
guint             genkit_trace_store_get_max_traces        (GenkitTraceStore     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_set_max_traces        (GenkitTraceStore     *self,
                                                            guint                 max_traces);
GENKIT_AVAILABLE_IN_ALL
guint             genkit_trace_store_get_model_limit       (GenkitTraceStore     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_set_model_limit       (GenkitTraceStore     *self,
                                                            guint                 model_limit);

GENKIT_AVAILABLE_IN_ALL
GenkitTraceSummary *genkit_trace_store_lookup_summary      (GenkitTraceStore     *self,
                                                            const char           *trace_id);

GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_trace_store_add                   (GenkitTraceStore     *self,
                                                            JsonNode             *trace_data,
                                                            GError              **error);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_trace_store_add_for_runtime       (GenkitTraceStore     *self,
                                                            JsonNode             *trace_data,
                                                            const char           *runtime_id,
                                                            GError              **error);
GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_ingest_async          (GenkitTraceStore     *self,
                                                            JsonNode             *trace_data,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_trace_store_ingest_finish         (GenkitTraceStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_rename_runtime_async  (GenkitTraceStore     *self,
                                                            const char           *runtime_id,
                                                            const char           *new_runtime_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_trace_store_rename_runtime_finish (GenkitTraceStore     *self,
                                                            GAsyncResult         *result,
                                                            guint                *n_traces,
                                                            GError              **error);

GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_get_trace_async       (GenkitTraceStore     *self,
                                                            const char           *trace_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_trace_store_get_trace_finish      (GenkitTraceStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_get_trace_elided_async  (GenkitTraceStore   *self,
                                                              const char         *trace_id,
                                                              gsize               max_value_bytes,
                                                              GCancellable       *cancellable,
                                                              GAsyncReadyCallback callback,
                                                              gpointer            user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_trace_store_get_trace_elided_finish (GenkitTraceStore   *self,
                                                              GAsyncResult       *result,
                                                              GError            **error);
GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_get_span_attribute_async  (GenkitTraceStore   *self,
                                                                const char         *trace_id,
                                                                const char         *span_id,
                                                                const char         *key,
                                                                GCancellable       *cancellable,
                                                                GAsyncReadyCallback callback,
                                                                gpointer            user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_trace_store_get_span_attribute_finish (GenkitTraceStore   *self,
                                                                GAsyncResult       *result,
                                                                GError            **error);

GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_trace_store_check_filter          (JsonNode             *filter,
                                                            GError              **error);
GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_list_traces_async     (GenkitTraceStore     *self,
                                                            JsonNode             *filter,
                                                            const char           *search,
                                                            guint                 offset,
                                                            guint                 limit,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_trace_store_list_traces_finish    (GenkitTraceStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_delete_trace_async    (GenkitTraceStore     *self,
                                                            const char           *trace_id,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_trace_store_delete_trace_finish   (GenkitTraceStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_apply_retention_async (GenkitTraceStore     *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_trace_store_apply_retention_finish (GenkitTraceStore    *self,
                                                             GAsyncResult        *result,
                                                             guint               *n_deleted,
                                                             GError             **error);

GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_add_logs_async        (GenkitTraceStore     *self,
                                                            JsonNode             *logs,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_trace_store_add_logs_finish       (GenkitTraceStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_list_logs_async       (GenkitTraceStore     *self,
                                                            const char           *trace_id,
                                                            const char           *span_id,
                                                            guint                 offset,
                                                            guint                 limit,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_trace_store_list_logs_finish      (GenkitTraceStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

GENKIT_AVAILABLE_IN_ALL
void              genkit_trace_store_flush_async           (GenkitTraceStore     *self,
                                                            GCancellable         *cancellable,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_trace_store_flush_finish          (GenkitTraceStore     *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);

G_END_DECLS
