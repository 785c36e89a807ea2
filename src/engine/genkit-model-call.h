/* genkit-model-call.h — one call of a model's function: the request, streaming and the answer
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-error.h"
#include "genkit-generate-request.h"
#include "genkit-generate-response.h"
#include "genkit-generate-response-chunk.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_MODEL_CALL (genkit_model_call_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitModelCall, genkit_model_call, GENKIT, MODEL_CALL, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitAction          *genkit_model_call_get_model       (GenkitModelCall             *self);
GENKIT_AVAILABLE_IN_ALL
GenkitActionRun       *genkit_model_call_get_action_run  (GenkitModelCall             *self);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateRequest *genkit_model_call_get_request     (GenkitModelCall             *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject            *genkit_model_call_get_context     (GenkitModelCall             *self);
GENKIT_AVAILABLE_IN_ALL
GCancellable          *genkit_model_call_get_cancellable (GenkitModelCall             *self);
GENKIT_AVAILABLE_IN_ALL
gboolean               genkit_model_call_is_streaming    (GenkitModelCall             *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_model_call_send_chunk      (GenkitModelCall             *self,
                                                          GenkitGenerateResponseChunk *chunk);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_model_call_return_response (GenkitModelCall             *self,
                                                          GenkitGenerateResponse      *response);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_model_call_return_error    (GenkitModelCall             *self,
                                                          GError                      *error);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_model_call_return_new_error (GenkitModelCall            *self,
                                                           GenkitError                 code,
                                                           const char                 *format,
                                                           ...) G_GNUC_PRINTF (3, 4);

G_END_DECLS
