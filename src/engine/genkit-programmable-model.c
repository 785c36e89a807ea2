/* genkit-programmable-model.c — a model for tests: scripted answers, errors and delays; records requests
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-extract.h"
#include "genkit-programmable-model.h"
#include "genkit-registry.h"

/**
 * GenkitProgrammableModel:
 *
 * A model whose answers a test writes in advance, like Genkit's testing `programmableModel`
 * (`js/ai/tests/helpers.ts`): each call takes the next scripted step, which is a response (with
 * optional chunks streamed first and an optional delay) or an error; with the script used up,
 * an optional handler answers. Every request the model function received (after the model's
 * own middleware) is recorded, so a test can assert exactly what the model saw.
 *
 * ```c
 * GenkitProgrammableModel *pm = genkit_define_programmable_model (registry, "pm", NULL, &error);
 *
 * genkit_programmable_model_push_response_json (pm,
 *   "{\"message\": {\"role\": \"model\", \"content\": [{\"text\": \"hi\"}]},"
 *   " \"finishReason\": \"stop\"}", &error);
 * // ... generate with model "pm" ...
 * request = genkit_programmable_model_get_last_request (pm);
 * ```
 */
struct _GenkitProgrammableModel
{
  GObject          parent_instance;

  GenkitModel     *model;       /* owned by the registry; weak */
  GQueue           steps;       /* Step */
  GPtrArray       *requests;    /* GenkitGenerateRequest */

  GenkitModelFunc  handler;
  gpointer         handler_data;
  GDestroyNotify   handler_destroy;
};

G_DEFINE_FINAL_TYPE (GenkitProgrammableModel, genkit_programmable_model, G_TYPE_OBJECT)

typedef struct
{
  GenkitGenerateResponse *response;
  GError                 *error;
  GPtrArray              *chunks;     /* GenkitGenerateResponseChunk */
  guint                   delay_ms;
} Step;

static void
step_free (Step *step)
{
  g_clear_pointer (&step->response, genkit_generate_response_unref);
  g_clear_error (&step->error);
  g_clear_pointer (&step->chunks, g_ptr_array_unref);
  g_free (step);
}

/* A delayed answer, cut short when the run is cancelled. */
typedef struct
{
  GenkitModelCall *call;
  Step            *step;
  GSource         *timeout;
  GSource         *cancelled;
} Delayed;

static void
answer (GenkitModelCall *call,
        Step            *step)
{
  for (guint i = 0; step->chunks != NULL && i < step->chunks->len; i++)
    genkit_model_call_send_chunk (call, g_ptr_array_index (step->chunks, i));
  if (step->error != NULL)
    genkit_model_call_return_error (call, g_error_copy (step->error));
  else
    genkit_model_call_return_response (call, step->response);
}

static void
delayed_free (Delayed *delayed)
{
  g_source_destroy (delayed->timeout);
  g_source_unref (delayed->timeout);
  g_source_destroy (delayed->cancelled);
  g_source_unref (delayed->cancelled);
  g_object_unref (delayed->call);
  step_free (delayed->step);
  g_free (delayed);
}

static gboolean
delayed_timeout_cb (gpointer user_data)
{
  Delayed *delayed = user_data;

  answer (delayed->call, delayed->step);
  delayed_free (delayed);
  return G_SOURCE_REMOVE;
}

static gboolean
delayed_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  /* The run completes itself with CANCELLED; the answer is dropped. */
  delayed_free (user_data);
  return G_SOURCE_REMOVE;
}

static void
programmable_model_func (GenkitModelCall       *call,
                         GenkitGenerateRequest *request,
                         gpointer               user_data)
{
  GenkitProgrammableModel *self = user_data;
  Step *step;

  g_ptr_array_add (self->requests, genkit_generate_request_copy (request));

  step = g_queue_pop_head (&self->steps);
  if (step == NULL)
    {
      if (self->handler != NULL)
        self->handler (call, request, self->handler_data);
      else
        genkit_model_call_return_new_error (call, GENKIT_ERROR_FAILED_PRECONDITION,
                                            "The programmable model %s has no answer scripted",
                                            genkit_action_get_name (GENKIT_ACTION (self->model)));
      return;
    }

  if (step->delay_ms == 0)
    {
      answer (call, step);
      step_free (step);
      return;
    }

  {
    Delayed *delayed = g_new0 (Delayed, 1);

    delayed->call = g_object_ref (call);
    delayed->step = step;
    delayed->timeout = g_timeout_source_new (step->delay_ms);
    g_source_set_callback (delayed->timeout, delayed_timeout_cb, delayed, NULL);
    g_source_attach (delayed->timeout, g_main_context_get_thread_default ());
    delayed->cancelled = g_cancellable_source_new (genkit_model_call_get_cancellable (call));
    g_source_set_callback (delayed->cancelled, G_SOURCE_FUNC (delayed_cancelled_cb), delayed, NULL);
    g_source_attach (delayed->cancelled, g_main_context_get_thread_default ());
  }
}

static void
genkit_programmable_model_finalize (GObject *object)
{
  GenkitProgrammableModel *self = GENKIT_PROGRAMMABLE_MODEL (object);

  g_queue_clear_full (&self->steps, (GDestroyNotify) step_free);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  if (self->handler_destroy != NULL)
    self->handler_destroy (self->handler_data);
  g_clear_weak_pointer (&self->model);

  G_OBJECT_CLASS (genkit_programmable_model_parent_class)->finalize (object);
}

static void
genkit_programmable_model_class_init (GenkitProgrammableModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_programmable_model_finalize;
}

static void
genkit_programmable_model_init (GenkitProgrammableModel *self)
{
  g_queue_init (&self->steps);
  self->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_generate_request_unref);
}

/**
 * genkit_define_programmable_model:
 * @registry: the registry
 * @name: the model's name, e.g. `programmableModel`
 * @options: (nullable): the model's options (`supports`, `label`, …), as for
 *   [ctor@Genkit.Model.new]; Genkit's test helper declares `{"supports": {"tools": true}}`
 * @error: return location for an error: `INVALID_ARGUMENT` for bad options,
 *   `ALREADY_EXISTS` when the key is taken
 *
 * Defines a programmable model as `/model/<name>`. The returned object scripts it; the
 * model action itself lives in the registry (and holds a reference to the script).
 *
 * Returns: (transfer none) (nullable): the programmable model, owned by its model action, or
 *   %NULL with @error set
 */
GenkitProgrammableModel *
genkit_define_programmable_model (GenkitRegistry  *registry,
                                  const char      *name,
                                  JsonObject      *options,
                                  GError         **error)
{
  GenkitProgrammableModel *self;
  GenkitModel *model;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_PROGRAMMABLE_MODEL, NULL);
  model = genkit_define_model (registry, name, options, programmable_model_func, self, g_object_unref, error);
  if (model == NULL)
    return NULL;
  g_set_weak_pointer (&self->model, model);
  return self;
}

/**
 * genkit_programmable_model_get_model:
 * @self: a [class@Genkit.ProgrammableModel]
 *
 * Gets the model action.
 *
 * Returns: (transfer none): the model
 */
GenkitModel *
genkit_programmable_model_get_model (GenkitProgrammableModel *self)
{
  g_return_val_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self), NULL);
  return self->model;
}

static void
push_step (GenkitProgrammableModel *self,
           GenkitGenerateResponse  *response,
           GError                  *error)
{
  Step *step = g_new0 (Step, 1);

  step->response = response ? genkit_generate_response_ref (response) : NULL;
  step->error = error;
  g_queue_push_tail (&self->steps, step);
}

/**
 * genkit_programmable_model_push_response:
 * @self: a [class@Genkit.ProgrammableModel]
 * @response: the answer of a future call; a reference is taken
 *
 * Scripts the next answer.
 */
void
genkit_programmable_model_push_response (GenkitProgrammableModel *self,
                                         GenkitGenerateResponse  *response)
{
  g_return_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self));
  g_return_if_fail (response != NULL);

  push_step (self, response, NULL);
}

/**
 * genkit_programmable_model_push_response_json:
 * @self: a [class@Genkit.ProgrammableModel]
 * @json: a `GenerateResponse` as JSON text
 * @error: return location for an error: `INVALID_ARGUMENT` for JSON that is not a response
 *
 * Scripts the next answer from JSON.
 *
 * Returns: %TRUE on success
 */
gboolean
genkit_programmable_model_push_response_json (GenkitProgrammableModel  *self,
                                              const char               *json,
                                              GError                  **error)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GenkitGenerateResponse) response = NULL;

  g_return_val_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self), FALSE);
  g_return_val_if_fail (json != NULL, FALSE);

  if ((node = genkit_parse_json5 (json, error)) == NULL ||
      (response = genkit_generate_response_new_from_json (node, error)) == NULL)
    return FALSE;
  push_step (self, response, NULL);
  return TRUE;
}

/**
 * genkit_programmable_model_push_error:
 * @self: a [class@Genkit.ProgrammableModel]
 * @error: (transfer full): the error a future call fails with
 *
 * Scripts the next call to fail.
 */
void
genkit_programmable_model_push_error (GenkitProgrammableModel *self,
                                      GError                  *error)
{
  g_return_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self));
  g_return_if_fail (error != NULL);

  push_step (self, NULL, error);
}

/**
 * genkit_programmable_model_add_chunk:
 * @self: a [class@Genkit.ProgrammableModel]
 * @chunk: a chunk to stream before the last scripted answer; a reference is taken
 *
 * Adds a chunk to the step scripted last (streamed only when the caller streams).
 */
void
genkit_programmable_model_add_chunk (GenkitProgrammableModel     *self,
                                     GenkitGenerateResponseChunk *chunk)
{
  Step *step;

  g_return_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self));
  g_return_if_fail (chunk != NULL);
  g_return_if_fail (!g_queue_is_empty (&self->steps));

  step = g_queue_peek_tail (&self->steps);
  if (step->chunks == NULL)
    step->chunks = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_generate_response_chunk_unref);
  g_ptr_array_add (step->chunks, genkit_generate_response_chunk_ref (chunk));
}

/**
 * genkit_programmable_model_set_delay:
 * @self: a [class@Genkit.ProgrammableModel]
 * @delay_ms: how long the last scripted step waits before answering, in milliseconds
 *
 * Delays the step scripted last; cancelling the run ends the wait.
 */
void
genkit_programmable_model_set_delay (GenkitProgrammableModel *self,
                                     guint                    delay_ms)
{
  Step *step;

  g_return_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self));
  g_return_if_fail (!g_queue_is_empty (&self->steps));

  step = g_queue_peek_tail (&self->steps);
  step->delay_ms = delay_ms;
}

/**
 * genkit_programmable_model_set_handler:
 * @self: a [class@Genkit.ProgrammableModel]
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy): answers calls when
 *   no scripted step is left (Genkit's `handleResponse`)
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the fallback answer function.
 */
void
genkit_programmable_model_set_handler (GenkitProgrammableModel *self,
                                       GenkitModelFunc          func,
                                       gpointer                 user_data,
                                       GDestroyNotify           destroy)
{
  g_return_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self));

  if (self->handler_destroy != NULL)
    self->handler_destroy (self->handler_data);
  self->handler = func;
  self->handler_data = user_data;
  self->handler_destroy = destroy;
}

/**
 * genkit_programmable_model_get_n_pending:
 * @self: a [class@Genkit.ProgrammableModel]
 *
 * Counts the scripted steps not used yet.
 *
 * Returns: the number of steps left
 */
guint
genkit_programmable_model_get_n_pending (GenkitProgrammableModel *self)
{
  g_return_val_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self), 0);
  return g_queue_get_length (&self->steps);
}

/**
 * genkit_programmable_model_get_requests:
 * @self: a [class@Genkit.ProgrammableModel]
 *
 * Gets every request the model function received, oldest first.
 *
 * Returns: (transfer none) (element-type GenkitGenerateRequest): the requests
 */
GPtrArray *
genkit_programmable_model_get_requests (GenkitProgrammableModel *self)
{
  g_return_val_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self), NULL);
  return self->requests;
}

/**
 * genkit_programmable_model_get_last_request:
 * @self: a [class@Genkit.ProgrammableModel]
 *
 * Gets the latest request, Genkit's `lastRequest`.
 *
 * Returns: (transfer none) (nullable): the request, or %NULL before the first call
 */
GenkitGenerateRequest *
genkit_programmable_model_get_last_request (GenkitProgrammableModel *self)
{
  g_return_val_if_fail (GENKIT_IS_PROGRAMMABLE_MODEL (self), NULL);

  if (self->requests->len == 0)
    return NULL;
  return g_ptr_array_index (self->requests, self->requests->len - 1);
}
