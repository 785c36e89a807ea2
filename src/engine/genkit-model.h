/* genkit-model.h — a model: an action of type `model` that answers GenerateRequests
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-action.h"
#include "genkit-generate-request.h"
#include "genkit-generate-response-chunk.h"
#include "genkit-model-call.h"
#include "genkit-model-middleware.h"

G_BEGIN_DECLS

/**
 * GenkitModelFunc:
 * @call: this call: its context, cancellable, chunk sending and the way to answer
 * @request: (transfer none): the request, already checked against `GenerateRequest` and
 *   through the model's middleware
 * @user_data: the data given when the model was made
 *
 * A model's function in Genkit's "v2" form, `(request, {context, sendChunk, abortSignal,
 * streamingRequested}) => Promise<GenerateResponse>`: everything comes through @call. It must
 * answer exactly once, now or later, with [method@Genkit.ModelCall.return_response] or
 * [method@Genkit.ModelCall.return_error].
 */
typedef void (*GenkitModelFunc) (GenkitModelCall       *call,
                                 GenkitGenerateRequest *request,
                                 gpointer               user_data);

/**
 * GenkitModelChunkFunc:
 * @call: the call the chunk belongs to
 * @chunk: the chunk to stream
 *
 * The streaming callback a [callback@Genkit.ModelStreamingFunc] receives; it is
 * [method@Genkit.ModelCall.send_chunk].
 */
typedef void (*GenkitModelChunkFunc) (GenkitModelCall             *call,
                                      GenkitGenerateResponseChunk *chunk);

/**
 * GenkitModelStreamingFunc:
 * @request: (transfer none): the request
 * @send_chunk: (nullable): the streaming callback, %NULL when the caller did not ask for
 *   streaming
 * @call: the call to answer through
 * @user_data: the data given when the model was made
 *
 * A model's function in Genkit's original form, `(request, streamingCallback?) =>
 * Promise<GenerateResponse>`: the streaming callback is given only when the caller streams.
 * It must answer exactly once through @call.
 */
typedef void (*GenkitModelStreamingFunc) (GenkitGenerateRequest *request,
                                          GenkitModelChunkFunc   send_chunk,
                                          GenkitModelCall       *call,
                                          gpointer               user_data);

#define GENKIT_TYPE_MODEL (genkit_model_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitModel, genkit_model, GENKIT, MODEL, GenkitAction)

GENKIT_AVAILABLE_IN_ALL
GenkitModel *genkit_model_new                  (const char                *name,
                                                JsonObject                *options,
                                                GenkitModelFunc            func,
                                                gpointer                   user_data,
                                                GDestroyNotify             destroy,
                                                GError                   **error);
GENKIT_AVAILABLE_IN_ALL
GenkitModel *genkit_model_new_streaming        (const char                *name,
                                                JsonObject                *options,
                                                GenkitModelStreamingFunc   func,
                                                gpointer                   user_data,
                                                GDestroyNotify             destroy,
                                                GError                   **error);
GENKIT_AVAILABLE_IN_ALL
GenkitModel *genkit_define_model               (GenkitRegistry            *registry,
                                                const char                *name,
                                                JsonObject                *options,
                                                GenkitModelFunc            func,
                                                gpointer                   user_data,
                                                GDestroyNotify             destroy,
                                                GError                   **error);
GENKIT_AVAILABLE_IN_ALL
GenkitModel *genkit_define_streaming_model     (GenkitRegistry            *registry,
                                                const char                *name,
                                                JsonObject                *options,
                                                GenkitModelStreamingFunc   func,
                                                gpointer                   user_data,
                                                GDestroyNotify             destroy,
                                                GError                   **error);
GENKIT_AVAILABLE_IN_ALL
void         genkit_model_use                  (GenkitModel               *self,
                                                GenkitModelMiddleware     *middleware);
GENKIT_AVAILABLE_IN_ALL
JsonObject  *genkit_model_get_info             (GenkitModel               *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject  *genkit_model_get_supports         (GenkitModel               *self);

G_END_DECLS
