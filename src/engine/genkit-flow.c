/* genkit-flow.c — a flow: an action of type `flow` defined from a C function
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-private.h"
#include "genkit-flow.h"

/**
 * GenkitFlow:
 *
 * A flow, Genkit's `defineFlow`: an action of type `flow` whose body is a C function. Inside,
 * [func@Genkit.run] makes named steps (child spans), [method@Genkit.ActionRun.call_async]
 * calls other actions, [method@Genkit.ActionRun.send_chunk] streams, and
 * [method@Genkit.ActionRun.get_context] gives the caller's context (`auth`).
 *
 * Register one with [method@Genkit.Registry.define_flow], or make it with
 * [ctor@Genkit.Flow.new], set schemas, and [method@Genkit.Registry.register_action] it.
 */
struct _GenkitFlow
{
  GenkitAction parent_instance;
};

G_DEFINE_FINAL_TYPE (GenkitFlow, genkit_flow, GENKIT_TYPE_ACTION)

static void
genkit_flow_class_init (GenkitFlowClass *klass)
{
}

static void
genkit_flow_init (GenkitFlow *self)
{
}

/**
 * genkit_flow_new:
 * @name: the flow's name, e.g. `menuSuggestion`; its key is `/flow/<name>`
 * @func: (scope notified) (closure user_data) (destroy destroy): the flow's body
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the flow
 *
 * Creates a new flow, not yet registered.
 *
 * Returns: (transfer full): a new flow, not yet registered
 */
GenkitFlow *
genkit_flow_new (const char       *name,
                 GenkitActionFunc  func,
                 gpointer          user_data,
                 GDestroyNotify    destroy)
{
  GenkitFlow *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_FLOW,
                       "action-type", GENKIT_ACTION_TYPE_FLOW,
                       "name", name,
                       NULL);
  _genkit_action_set_func (GENKIT_ACTION (self), func, user_data, destroy);
  return self;
}
