/* session-test-util.h — what the sessions tests share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

typedef struct
{
  GenkitActionResult *result;
  GError             *error;
  GPtrArray          *chunks;         /* owned JsonNode */
  char               *trace_id;
} StRun;

JsonNode     *st_json              (const char     *text);
char         *st_to_string         (JsonNode       *node);
void          st_result_cb         (GObject        *object,
                                    GAsyncResult   *result,
                                    gpointer        user_data);
GAsyncResult *st_wait              (GAsyncResult  **slot);
void          st_wait_until        (gboolean       *flag,
                                    guint           timeout_ms);
void          st_sleep             (guint           ms);
void          st_run_clear         (StRun          *run);
void          st_run_key           (GenkitRuntime  *runtime,
                                    const char     *key,
                                    const char     *input_json,
                                    const char     *init_json,
                                    gboolean        stream,
                                    StRun          *out);
JsonObject   *st_run_output        (StRun          *run);
void          st_assert_subset     (JsonNode       *actual,
                                    const char     *expected_json);
void          st_assert_chunks     (StRun          *run,
                                    const char     *expected_json);
GenkitSessionSnapshot *st_get_snapshot (GenkitSessionStore *store,
                                        const char         *snapshot_id,
                                        const char         *session_id,
                                        GError            **error);

typedef struct
{
  guint model_calls;
  guint cancelled;          /* slow answers cut short by cancellation */
} StCalls;

typedef struct
{
  GenkitProgrammableModel *pm;
  GenkitAgent             *server;
  GenkitAgent             *client;
  GenkitAgent             *counter;
  StCalls                 *calls;          /* owned by the model */
} StAgents;

StAgents      st_define_test_agents (GenkitRegistry     *registry,
                                     GenkitSessionStore *store);
void          st_counter_turn       (GenkitAgentTurn    *turn,
                                     gpointer            user_data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (StRun, st_run_clear)

G_END_DECLS
