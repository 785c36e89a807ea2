/* genkit-flow.h — a flow: an action of type `flow` defined from a C function
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-action.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_FLOW (genkit_flow_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitFlow, genkit_flow, GENKIT, FLOW, GenkitAction)

GENKIT_AVAILABLE_IN_ALL
GenkitFlow *genkit_flow_new (const char       *name,
                             GenkitActionFunc  func,
                             gpointer          user_data,
                             GDestroyNotify    destroy);

G_END_DECLS
