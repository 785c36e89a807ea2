/* fuzz-action-input.c — libFuzzer target for decoding and running a runAction request
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The input is what a client sends to POST /api/runAction: it is parsed strictly, its key,
 * input, context and telemetry labels are taken the way the reflection server takes them,
 * and the built-in runtime's action for that key runs to completion (validation, span,
 * body, output check). Nothing may crash, leak or hang.
 *
 * Built and run by run-fuzzers.sh, which reads the next two lines.
 * FUZZ_SOURCES: ALL ../samples/genkit-samples.c
 * FUZZ_PKGS: json-glib-1.0 gio-2.0 libsoup-3.0 sqlite3
 */

#include "config.h"

#include <stdint.h>

#include "genkit.h"
#include "../samples/genkit-samples.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static GenkitRegistry *registry;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  registry = genkit_registry_new ();
  if (!genkit_samples_register (registry, NULL))
    g_error ("cannot register the samples");
  return 0;
}

typedef struct
{
  gboolean done;
  guint    n_chunks;
} Run;

static void
on_chunk_cb (JsonNode *chunk,
             gpointer  user_data)
{
  ((Run *) user_data)->n_chunks++;
}

static void
on_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;

  action_result = genkit_registry_run_action_finish (GENKIT_REGISTRY (object), result, &error);
  g_assert ((action_result == NULL) != (error == NULL));
  if (error != NULL)
    g_assert (error->domain == GENKIT_ERROR);
  run->done = TRUE;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) body = genkit_json_parse ((const char *) data, size, NULL);
  g_autoptr(GenkitRunOptions) options = NULL;
  JsonObject *request;
  JsonNode *key;
  JsonNode *member;
  Run run = { FALSE, 0 };

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return 0;

  request = json_node_get_object (body);
  key = json_object_get_member (request, "key");
  if (key == NULL || json_node_get_value_type (key) != G_TYPE_STRING)
    return 0;

  /* The one sample that waits (up to a minute) would only slow the fuzzer down. */
  if (g_str_equal (json_node_get_string (key), "/flow/sleep"))
    return 0;

  options = genkit_run_options_new ();
  if ((member = json_object_get_member (request, "context")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    genkit_run_options_set_context (options, json_node_get_object (member));
  if ((member = json_object_get_member (request, "telemetryLabels")) != NULL && JSON_NODE_HOLDS_OBJECT (member))
    genkit_run_options_set_telemetry_labels (options, json_node_get_object (member));
  if (json_object_has_member (request, "stream"))
    genkit_run_options_set_stream_func (options, on_chunk_cb, &run, NULL);

  genkit_registry_run_action_async (registry, json_node_get_string (key),
                                    json_object_get_member (request, "input"), options, NULL,
                                    on_done_cb, &run);
  while (!run.done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  return 0;
}
