/* genkit-action-result.c — what an action run returned, and where it was traced
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-result.h"

/**
 * GenkitActionResult:
 *
 * The outcome of a successful action run, Genkit's `ActionResult`: the output (absent when
 * the action returned nothing) and the ids of the trace and root span it produced — what a
 * reflection `runAction` response reports as `result` and `telemetry.traceId`.
 */
struct _GenkitActionResult
{
  gatomicrefcount  ref_count;
  JsonNode        *result;
  char            *trace_id;
  char            *span_id;
};

G_DEFINE_BOXED_TYPE (GenkitActionResult, genkit_action_result, genkit_action_result_ref, genkit_action_result_unref)

/**
 * genkit_action_result_new:
 * @result: (nullable): the output; copied
 * @trace_id: (nullable): the trace id, 32 hex digits
 * @span_id: (nullable): the root span id, 16 hex digits
 *
 * Creates a new result.
 *
 * Returns: (transfer full): a new result
 */
GenkitActionResult *
genkit_action_result_new (JsonNode   *result,
                          const char *trace_id,
                          const char *span_id)
{
  GenkitActionResult *self = g_new0 (GenkitActionResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->result = result ? json_node_copy (result) : NULL;
  self->trace_id = g_strdup (trace_id);
  self->span_id = g_strdup (span_id);
  return self;
}

/**
 * genkit_action_result_ref:
 * @self: a result
 *
 * Gets @self with one more reference.
 *
 * Returns: (transfer full): @self with one more reference
 */
GenkitActionResult *
genkit_action_result_ref (GenkitActionResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_action_result_unref:
 * @self: (transfer full): a result
 *
 * Drops a reference, freeing the result with the last one.
 */
void
genkit_action_result_unref (GenkitActionResult *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->result, json_node_unref);
  g_free (self->trace_id);
  g_free (self->span_id);
  g_free (self);
}

/**
 * genkit_action_result_get_result:
 * @self: a result
 *
 * Gets the action's output, %NULL if it returned nothing.
 *
 * Returns: (transfer none) (nullable): the action's output, %NULL if it returned nothing
 */
JsonNode *
genkit_action_result_get_result (GenkitActionResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->result;
}

/**
 * genkit_action_result_get_trace_id:
 * @self: a result
 *
 * Gets the id of the run's trace.
 *
 * Returns: (transfer none) (nullable): the id of the run's trace
 */
const char *
genkit_action_result_get_trace_id (GenkitActionResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->trace_id;
}

/**
 * genkit_action_result_get_span_id:
 * @self: a result
 *
 * Gets the id of the run's span.
 *
 * Returns: (transfer none) (nullable): the id of the run's span
 */
const char *
genkit_action_result_get_span_id (GenkitActionResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->span_id;
}
