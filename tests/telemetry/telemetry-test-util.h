/* telemetry-test-util.h — helpers shared by the telemetry tests: fixtures, stores, an HTTP
 * client, JSON comparison
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <libsoup/soup.h>

#include <genkit-telemetry.h>

G_BEGIN_DECLS

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
} TtResponse;

char             *tt_fixture_path        (const char         *first,
                                          ...) G_GNUC_NULL_TERMINATED;
JsonNode         *tt_load_json           (const char         *path);
JsonNode         *tt_parse_json          (const char         *text);
char             *tt_to_json             (JsonNode           *node);

GenkitTraceStore *tt_store_new           (void);
char             *tt_store_path          (void);
void              tt_wait                (GAsyncResult      **result);
void              tt_store_result_cb     (GObject            *object,
                                          GAsyncResult       *result,
                                          gpointer            user_data);
void              tt_ingest              (GenkitTraceStore   *store,
                                          JsonNode           *trace_data);
void              tt_flush               (GenkitTraceStore   *store);
JsonNode         *tt_list                (GenkitTraceStore   *store,
                                          const char         *filter_json,
                                          const char         *search,
                                          guint               offset,
                                          guint               limit);
JsonNode         *tt_get_trace           (GenkitTraceStore   *store,
                                          const char         *trace_id,
                                          GError            **error);
JsonNode         *tt_span                (const char         *trace_id,
                                          const char         *span_id,
                                          const char         *parent_id,
                                          const char         *name,
                                          double              start,
                                          double              end,
                                          const char         *attributes_json);
JsonNode         *tt_trace_of            (JsonNode           *span,
                                          gboolean            with_root_fields);
const char       *tt_model_runtime_id    (GenkitTraceStore   *store,
                                          const char         *trace_id);

GenkitTelemetryServer *tt_server_new     (GenkitTraceStore   *store,
                                          char              **base_url);
TtResponse       *tt_request             (const char         *base_url,
                                          const char         *method,
                                          const char         *path,
                                          const char         *body,
                                          gssize              length,
                                          ...) G_GNUC_NULL_TERMINATED;
char             *tt_raw_request         (guint               port,
                                          const char         *request);
void              tt_response_free       (TtResponse         *response);
char             *tt_response_text       (TtResponse         *response);
JsonNode         *tt_response_json       (TtResponse         *response);

void              tt_assert_json_equal   (JsonNode           *expected,
                                          JsonNode           *actual,
                                          gboolean            check_order,
                                          const char         *what);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TtResponse, tt_response_free)

G_END_DECLS
