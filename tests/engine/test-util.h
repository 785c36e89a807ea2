/* test-util.h — shared helpers of the engine tests
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* What a run produced, collected by test_run_action(). */
typedef struct
{
  GenkitActionResult *result;
  GError             *error;
  GPtrArray          *chunks;       /* owned JsonNode */
  char               *started_trace_id;
  guint               n_started;
} TestRun;

JsonNode *test_json       (const char      *text);
char     *test_to_string  (JsonNode        *node);
void      test_run_clear  (TestRun         *run);
void      test_run_action (GenkitAction    *action,
                           JsonNode        *input,
                           GenkitRunOptions *options,
                           GCancellable    *cancellable,
                           gboolean         stream,
                           TestRun         *out);
void      test_run_key    (GenkitRegistry  *registry,
                           const char      *key,
                           JsonNode        *input,
                           TestRun         *out);
GenkitAction *test_lookup (GenkitRegistry  *registry,
                           const char      *key,
                           GError         **error);
void      test_wait_until (gboolean        *flag);
char     *test_listen_on_loopback (SoupServer *server);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestRun, test_run_clear)

G_END_DECLS
