/* genkit-model-call.c — one call of a model's function: the request, streaming and the answer
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdarg.h>

#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-model-call.h"

/**
 * GenkitModelCall:
 *
 * What a model's function gets for one request (Genkit's `ActionFnArg` of a model): the
 * request, the run it belongs to (context, cancellable, span), a way to stream chunks, and the
 * way to answer. Answering with [method@Genkit.ModelCall.return_response] adds `latencyMs`,
 * the time in milliseconds since the function was called, as Genkit's model wrapper does.
 *
 * ```c
 * static void
 * shout_model (GenkitModelCall *call, GenkitGenerateRequest *request, gpointer user_data)
 * {
 *   g_autoptr(GenkitGenerateResponse) response = genkit_generate_response_new ();
 *   g_autoptr(GenkitMessage) message = genkit_message_new_text (GENKIT_ROLE_MODEL, "HELLO");
 *
 *   genkit_generate_response_set_message (response, message);
 *   genkit_generate_response_set_finish_reason (response, GENKIT_FINISH_REASON_STOP);
 *   genkit_model_call_return_response (call, response);
 * }
 * ```
 */
struct _GenkitModelCall
{
  GObject                parent_instance;

  GenkitAction          *model;
  GenkitActionRun       *run;
  GenkitGenerateRequest *request;
  gint64                 start_us;
};

G_DEFINE_FINAL_TYPE (GenkitModelCall, genkit_model_call, G_TYPE_OBJECT)

static void
genkit_model_call_finalize (GObject *object)
{
  GenkitModelCall *self = GENKIT_MODEL_CALL (object);

  g_clear_object (&self->model);
  g_clear_object (&self->run);
  g_clear_pointer (&self->request, genkit_generate_request_unref);

  G_OBJECT_CLASS (genkit_model_call_parent_class)->finalize (object);
}

static void
genkit_model_call_class_init (GenkitModelCallClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_model_call_finalize;
}

static void
genkit_model_call_init (GenkitModelCall *self)
{
}

GenkitModelCall *
_genkit_model_call_new (GenkitAction          *model,
                        GenkitActionRun       *run,
                        GenkitGenerateRequest *request)
{
  GenkitModelCall *self = g_object_new (GENKIT_TYPE_MODEL_CALL, NULL);

  self->model = g_object_ref (model);
  self->run = g_object_ref (run);
  self->request = genkit_generate_request_ref (request);
  self->start_us = g_get_monotonic_time ();
  return self;
}

/**
 * genkit_model_call_get_model:
 * @self: a [class@Genkit.ModelCall]
 *
 * Gets the model being called.
 *
 * Returns: (transfer none): the model action
 */
GenkitAction *
genkit_model_call_get_model (GenkitModelCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_CALL (self), NULL);
  return self->model;
}

/**
 * genkit_model_call_get_action_run:
 * @self: a [class@Genkit.ModelCall]
 *
 * Gets the model action's run: its span, registry and trace id.
 *
 * Returns: (transfer none): the run
 */
GenkitActionRun *
genkit_model_call_get_action_run (GenkitModelCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_CALL (self), NULL);
  return self->run;
}

/**
 * genkit_model_call_get_request:
 * @self: a [class@Genkit.ModelCall]
 *
 * Gets the request (also given to the model's function).
 *
 * Returns: (transfer none): the request
 */
GenkitGenerateRequest *
genkit_model_call_get_request (GenkitModelCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_CALL (self), NULL);
  return self->request;
}

/**
 * genkit_model_call_get_context:
 * @self: a [class@Genkit.ModelCall]
 *
 * Gets the action context (`auth`, …), the v2 API's `context`.
 *
 * Returns: (transfer none): the context, `{}` when there is none
 */
JsonObject *
genkit_model_call_get_context (GenkitModelCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_CALL (self), NULL);
  return genkit_action_run_get_context (self->run);
}

/**
 * genkit_model_call_get_cancellable:
 * @self: a [class@Genkit.ModelCall]
 *
 * Gets the abort signal: pass it to the HTTP request so cancelling the run stops it.
 *
 * Returns: (transfer none): the cancellable
 */
GCancellable *
genkit_model_call_get_cancellable (GenkitModelCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_CALL (self), NULL);
  return genkit_action_run_get_cancellable (self->run);
}

/**
 * genkit_model_call_is_streaming:
 * @self: a [class@Genkit.ModelCall]
 *
 * Genkit's `streamingRequested`.
 *
 * Returns: whether the caller wants chunks
 */
gboolean
genkit_model_call_is_streaming (GenkitModelCall *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL_CALL (self), FALSE);
  return genkit_action_run_is_streaming (self->run);
}

/**
 * genkit_model_call_send_chunk:
 * @self: a [class@Genkit.ModelCall]
 * @chunk: the chunk: usually `{"index": 0, "role": "model", "content": [...]}` with the new
 *   parts only
 *
 * Streams a chunk to the caller (Genkit's `sendChunk`). Harmless when nobody streams.
 */
void
genkit_model_call_send_chunk (GenkitModelCall             *self,
                              GenkitGenerateResponseChunk *chunk)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_if_fail (GENKIT_IS_MODEL_CALL (self));
  g_return_if_fail (chunk != NULL);

  node = genkit_generate_response_chunk_to_json (chunk);
  genkit_action_run_send_chunk (self->run, node);
}

/**
 * genkit_model_call_return_response:
 * @self: a [class@Genkit.ModelCall]
 * @response: the answer; copied, with `latencyMs` added
 *
 * Completes the call successfully. The output is `response` with `latencyMs` (milliseconds
 * since the model's function was called, fractional) added last, and is checked against
 * Genkit's `GenerateResponse` schema.
 */
void
genkit_model_call_return_response (GenkitModelCall        *self,
                                   GenkitGenerateResponse *response)
{
  JsonNode *output;

  g_return_if_fail (GENKIT_IS_MODEL_CALL (self));
  g_return_if_fail (response != NULL);

  output = genkit_generate_response_to_json (response);
  json_object_set_double_member (json_node_get_object (output), "latencyMs",
                                 (g_get_monotonic_time () - self->start_us) / 1000.0);
  genkit_action_run_return_value (self->run, output);
}

/**
 * genkit_model_call_return_error:
 * @self: a [class@Genkit.ModelCall]
 * @error: (transfer full): why the model failed; use [const@Genkit.ERROR] codes
 *   (`UNAVAILABLE`, `RESOURCE_EXHAUSTED`, …) so retry and fallback middleware can act on them
 *
 * Completes the call with an error.
 */
void
genkit_model_call_return_error (GenkitModelCall *self,
                                GError          *error)
{
  g_return_if_fail (GENKIT_IS_MODEL_CALL (self));
  g_return_if_fail (error != NULL);

  genkit_action_run_return_error (self->run, error);
}

/**
 * genkit_model_call_return_new_error:
 * @self: a [class@Genkit.ModelCall]
 * @code: a [enum@Genkit.Error] code
 * @format: printf-style message format
 * @...: the format's arguments
 *
 * Completes the call with a new error in [const@Genkit.ERROR].
 */
void
genkit_model_call_return_new_error (GenkitModelCall *self,
                                    GenkitError      code,
                                    const char      *format,
                                    ...)
{
  va_list args;
  GError *error;

  g_return_if_fail (GENKIT_IS_MODEL_CALL (self));

  va_start (args, format);
  error = g_error_new_valist (GENKIT_ERROR, code, format, args);
  va_end (args);
  genkit_action_run_return_error (self->run, error);
}
