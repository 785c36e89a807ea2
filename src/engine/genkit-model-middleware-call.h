/* genkit-model-middleware-call.h — one invocation of a model middleware
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-generate-request.h"
#include "genkit-generate-response.h"
#include "genkit-generate-response-chunk.h"
#include "genkit-model-middleware.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_MODEL_MIDDLEWARE_CALL (genkit_model_middleware_call_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitModelMiddlewareCall, genkit_model_middleware_call, GENKIT, MODEL_MIDDLEWARE_CALL, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitModelMiddleware  *genkit_model_middleware_call_get_middleware  (GenkitModelMiddlewareCall  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateRequest  *genkit_model_middleware_call_get_request     (GenkitModelMiddlewareCall  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRegistry         *genkit_model_middleware_call_get_registry    (GenkitModelMiddlewareCall  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitActionRun        *genkit_model_middleware_call_get_parent_run  (GenkitModelMiddlewareCall  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject             *genkit_model_middleware_call_get_context     (GenkitModelMiddlewareCall  *self);
GENKIT_AVAILABLE_IN_ALL
GCancellable           *genkit_model_middleware_call_get_cancellable (GenkitModelMiddlewareCall  *self);
GENKIT_AVAILABLE_IN_ALL
gboolean                genkit_model_middleware_call_is_streaming    (GenkitModelMiddlewareCall  *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_model_middleware_call_send_chunk      (GenkitModelMiddlewareCall  *self,
                                                                      GenkitGenerateResponseChunk *chunk);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_model_middleware_call_next_async      (GenkitModelMiddlewareCall  *self,
                                                                      GenkitGenerateRequest      *request,
                                                                      GAsyncReadyCallback         callback,
                                                                      gpointer                    user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponse *genkit_model_middleware_call_next_finish     (GenkitModelMiddlewareCall  *self,
                                                                      GAsyncResult               *result,
                                                                      GError                    **error);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_model_middleware_call_return_response (GenkitModelMiddlewareCall  *self,
                                                                      GenkitGenerateResponse     *response);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_model_middleware_call_return_error    (GenkitModelMiddlewareCall  *self,
                                                                      GError                     *error);

G_END_DECLS
