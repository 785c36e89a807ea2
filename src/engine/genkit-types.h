/* genkit-types.h — forward declarations and callback types shared by the engine's headers
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "genkit-version-macros.h"

G_BEGIN_DECLS

typedef struct _GenkitAction           GenkitAction;
typedef struct _GenkitActionResult     GenkitActionResult;
typedef struct _GenkitActionRun        GenkitActionRun;
typedef struct _GenkitInputChannel     GenkitInputChannel;
typedef struct _GenkitMiddlewareCall   GenkitMiddlewareCall;
typedef struct _GenkitPlugin           GenkitPlugin;
typedef struct _GenkitRegistry         GenkitRegistry;
typedef struct _GenkitRunOptions       GenkitRunOptions;
typedef struct _GenkitSpan             GenkitSpan;
typedef struct _GenkitTracer           GenkitTracer;

/**
 * GenkitStreamFunc:
 * @chunk: (transfer none): one streamed chunk, e.g. a `GenerateResponseChunk` for a model or
 *   whatever a flow sends
 * @user_data: the data given with the callback
 *
 * Receives the chunks of a streaming action run, on the main context of the caller that
 * started the run, in the order the action sent them.
 */
typedef void (*GenkitStreamFunc) (JsonNode *chunk,
                                  gpointer  user_data);

/**
 * GenkitRunStartedFunc:
 * @trace_id: the 32-hex-digit id of the run's trace
 * @span_id: the 16-hex-digit id of the run's root span
 * @user_data: the data given with the callback
 *
 * Called once, as soon as an action run has its span and before the action's function runs:
 * the moment Genkit's reflection server sends the `X-Genkit-Trace-Id` header.
 */
typedef void (*GenkitRunStartedFunc) (const char *trace_id,
                                      const char *span_id,
                                      gpointer    user_data);

/**
 * GenkitActionFunc:
 * @run: the run in progress: its context, span, cancellable and streaming callback
 * @input: (transfer none) (nullable): the input, already validated against the action's
 *   input schema; %NULL when the caller gave none
 * @user_data: the data given when the action was made
 *
 * The body of an action, flow or step. It must complete @run exactly once, now or later,
 * with [method@Genkit.ActionRun.return_value] or [method@Genkit.ActionRun.return_error];
 * keep a reference to @run for as long as the work goes on. This is Genkit's action function
 * `(input, {context, sendChunk, abortSignal}) => output` in C.
 */
typedef void (*GenkitActionFunc) (GenkitActionRun *run,
                                  JsonNode        *input,
                                  gpointer         user_data);

/**
 * GenkitStepFunc:
 * @step: the step's own run (for nested steps and action calls)
 * @input: (transfer none) (nullable): the step's input, if one was given
 * @user_data: the data given to [func@Genkit.run]
 * @error: return location for an error
 *
 * The body of a synchronous named step (Genkit's `ai.run(name, fn)`).
 *
 * Returns: (transfer full) (nullable): the step's output, or %NULL with @error set on failure
 *   (%NULL without an error means the step returned nothing)
 */
typedef JsonNode *(*GenkitStepFunc) (GenkitActionRun  *step,
                                     JsonNode         *input,
                                     gpointer          user_data,
                                     GError          **error);

/**
 * GenkitMiddlewareFunc:
 * @call: this invocation of the middleware: call [method@Genkit.MiddlewareCall.next_async]
 *   to run the rest of the chain, then complete @call
 * @input: (transfer none) (nullable): the input the caller gave
 * @user_data: the data given when the middleware was added
 *
 * An action middleware, Genkit's `(req, options, next) => Promise<output>`. It may change the
 * input before calling the next layer, call it several times (retry) or not at all (cache),
 * and change the result. It must complete @call exactly once.
 */
typedef void (*GenkitMiddlewareFunc) (GenkitMiddlewareCall *call,
                                      JsonNode             *input,
                                      gpointer              user_data);

G_END_DECLS
