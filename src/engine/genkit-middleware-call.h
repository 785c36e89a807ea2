/* genkit-middleware-call.h — one invocation of an action middleware
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_MIDDLEWARE_CALL (genkit_middleware_call_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitMiddlewareCall, genkit_middleware_call, GENKIT, MIDDLEWARE_CALL, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitAction       *genkit_middleware_call_get_action      (GenkitMiddlewareCall *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRunOptions   *genkit_middleware_call_get_options     (GenkitMiddlewareCall *self);
GENKIT_AVAILABLE_IN_ALL
GCancellable       *genkit_middleware_call_get_cancellable (GenkitMiddlewareCall *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_middleware_call_next_async      (GenkitMiddlewareCall *self,
                                                            JsonNode             *input,
                                                            GenkitRunOptions     *options,
                                                            GAsyncReadyCallback   callback,
                                                            gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitActionResult *genkit_middleware_call_next_finish     (GenkitMiddlewareCall *self,
                                                            GAsyncResult         *result,
                                                            GError              **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_middleware_call_return_result   (GenkitMiddlewareCall *self,
                                                            GenkitActionResult   *result);
GENKIT_AVAILABLE_IN_ALL
void                genkit_middleware_call_return_error    (GenkitMiddlewareCall *self,
                                                            GError               *error);

G_END_DECLS
