/* genkit-action-result.h — what an action run returned, and where it was traced
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_ACTION_RESULT (genkit_action_result_get_type ())

GENKIT_AVAILABLE_IN_ALL
GType               genkit_action_result_get_type     (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitActionResult *genkit_action_result_new          (JsonNode           *result,
                                                       const char         *trace_id,
                                                       const char         *span_id);
GENKIT_AVAILABLE_IN_ALL
GenkitActionResult *genkit_action_result_ref          (GenkitActionResult *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_action_result_unref        (GenkitActionResult *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode           *genkit_action_result_get_result   (GenkitActionResult *self);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_action_result_get_trace_id (GenkitActionResult *self);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_action_result_get_span_id  (GenkitActionResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitActionResult, genkit_action_result_unref)

G_END_DECLS
