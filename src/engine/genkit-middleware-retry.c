/* genkit-middleware-retry.c — the retry and fallback model middleware
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>

#include "genkit-action.h"
#include "genkit-action-result.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-model-middleware.h"
#include "genkit-model-middleware-call.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"
#include "genkit-tool.h"

/* `retry` and `fallback` of `js/ai/src/model/middleware.ts`. */

static const char * const default_retry_statuses[] = {
  "UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "INTERNAL", NULL,
};

static const char * const default_fallback_statuses[] = {
  "UNAVAILABLE", "DEADLINE_EXCEEDED", "RESOURCE_EXHAUSTED", "ABORTED", "INTERNAL", "NOT_FOUND",
  "UNIMPLEMENTED", NULL,
};

/* Reads `statuses` (an array of Genkit status names) into a list of codes. */
static GArray *
read_statuses (JsonObject          *options,
               const char          *middleware,
               const char * const  *defaults,
               GError             **error)
{
  GArray *codes = g_array_new (FALSE, FALSE, sizeof (int));
  JsonNode *node = options ? json_object_get_member (options, "statuses") : NULL;

  if (node == NULL)
    {
      for (guint i = 0; defaults[i] != NULL; i++)
        {
          int code = genkit_error_code_from_name (defaults[i]);

          g_array_append_val (codes, code);
        }
      return codes;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint i;

      for (i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *item = json_array_get_element (array, i);
          int code;

          if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
            break;
          code = genkit_error_code_from_name (json_node_get_string (item));
          if (code <= 0)
            break;
          g_array_append_val (codes, code);
        }
      if (i == json_array_get_length (array))
        return codes;
    }

  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
               "%s: statuses must be an array of Genkit status names such as \"UNAVAILABLE\"",
               middleware);
  g_array_unref (codes);
  return NULL;
}

static gboolean
number_option (JsonObject  *options,
               const char  *middleware,
               const char  *name,
               double       minimum,
               double      *value,
               GError     **error)
{
  JsonNode *node = options ? json_object_get_member (options, name) : NULL;
  GType type;

  if (node == NULL)
    return TRUE;
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if ((type != G_TYPE_INT64 && type != G_TYPE_DOUBLE) || json_node_get_double (node) < minimum)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "%s: %s must be a number >= %g", middleware, name, minimum);
      return FALSE;
    }
  *value = json_node_get_double (node);
  return TRUE;
}

static gboolean
status_listed (GArray       *codes,
               const GError *error)
{
  if (error->domain != GENKIT_ERROR)
    return FALSE;
  for (guint i = 0; i < codes->len; i++)
    if (g_array_index (codes, int, i) == error->code)
      return TRUE;
  return FALSE;
}

/* retry ------------------------------------------------------------------------------------ */

typedef struct
{
  guint                      max_retries;
  GArray                    *statuses;
  double                     initial_delay_ms;
  double                     max_delay_ms;
  double                     backoff_factor;
  gboolean                   no_jitter;
  GenkitMiddlewareErrorFunc  on_error;
  gpointer                   user_data;
  GDestroyNotify             destroy;
} Retry;

static void
retry_free (Retry *retry)
{
  if (retry->destroy != NULL)
    retry->destroy (retry->user_data);
  g_array_unref (retry->statuses);
  g_free (retry);
}

/* One retrying model call. */
typedef struct
{
  Retry                     *retry;
  GenkitModelMiddlewareCall *call;
  GenkitGenerateRequest     *request;
  guint                      attempt;         /* i of Genkit's loop */
  double                     current_delay;
  GSource                   *wait;            /* the delay before the next attempt */
  GSource                   *wait_cancelled;  /* ends the delay early when cancelled */
} RetryState;

static void retry_attempt (RetryState *state);

static void
retry_stop_waiting (RetryState *state)
{
  if (state->wait != NULL)
    {
      g_source_destroy (state->wait);
      g_clear_pointer (&state->wait, g_source_unref);
    }
  if (state->wait_cancelled != NULL)
    {
      g_source_destroy (state->wait_cancelled);
      g_clear_pointer (&state->wait_cancelled, g_source_unref);
    }
}

static void
retry_state_finish (RetryState             *state,
                    GenkitGenerateResponse *response,
                    GError                 *error)
{
  retry_stop_waiting (state);
  if (response != NULL)
    genkit_model_middleware_call_return_response (state->call, response);
  else
    genkit_model_middleware_call_return_error (state->call, error);
  g_object_unref (state->call);
  genkit_generate_request_unref (state->request);
  g_free (state);
}

static gboolean
retry_wait_done_cb (gpointer user_data)
{
  RetryState *state = user_data;

  retry_stop_waiting (state);
  retry_attempt (state);
  return G_SOURCE_REMOVE;
}

static gboolean
retry_wait_cancelled_cb (GCancellable *cancellable,
                         gpointer      user_data)
{
  RetryState *state = user_data;

  retry_state_finish (state, NULL, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_CANCELLED,
                                                        "Action was cancelled"));
  return G_SOURCE_REMOVE;
}

static void
retry_wait (RetryState *state,
            guint       delay_ms)
{
  GCancellable *cancellable = genkit_model_middleware_call_get_cancellable (state->call);

  state->wait = g_timeout_source_new (delay_ms);
  g_source_set_callback (state->wait, retry_wait_done_cb, state, NULL);
  g_source_set_name (state->wait, "[genkit] retry delay");
  g_source_attach (state->wait, g_main_context_get_thread_default ());
  if (cancellable != NULL)
    {
      state->wait_cancelled = g_cancellable_source_new (cancellable);
      g_source_set_callback (state->wait_cancelled, G_SOURCE_FUNC (retry_wait_cancelled_cb), state, NULL);
      g_source_attach (state->wait_cancelled, g_main_context_get_thread_default ());
    }
}

static gboolean
retry_should_retry (Retry        *retry,
                    const GError *error)
{
  /* Genkit never retries an abort or a tool interrupt. */
  if (g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      error->domain == GENKIT_INTERRUPT_ERROR)
    return FALSE;
  if (error->domain == GENKIT_ERROR)
    return status_listed (retry->statuses, error);
  /* Anything that is not a Genkit error is retried, as Genkit does for plain errors. */
  return TRUE;
}

static void
retry_next_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RetryState *state = user_data;
  Retry *retry = state->retry;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  GError *error = NULL;
  double delay;
  gint64 retry_after;
  GCancellable *cancellable;

  response = genkit_model_middleware_call_next_finish (state->call, result, &error);
  if (response != NULL)
    {
      retry_state_finish (state, response, NULL);
      return;
    }

  if (state->attempt >= retry->max_retries || !retry_should_retry (retry, error))
    {
      if (state->attempt >= retry->max_retries)
        g_debug ("retry: attempts exhausted (%u). Last error: %s", retry->max_retries, error->message);
      else
        g_debug ("retry: skipped for %s: not retryable", error->message);
      retry_state_finish (state, NULL, error);
      return;
    }

  /* A service that says how long to wait (Retry-After) is taken at its word; one that asks for
   * longer than maxDelayMs would only refuse an earlier retry again, so its error is returned
   * at once rather than after a pointless wait. */
  retry_after = genkit_error_get_retry_after_ms (error);
  if (retry_after > retry->max_delay_ms)
    {
      g_debug ("retry: skipped for %s: the service asks to wait %" G_GINT64_FORMAT " ms, more than %.0f ms",
               error->message, retry_after, retry->max_delay_ms);
      retry_state_finish (state, NULL, error);
      return;
    }

  if (retry->on_error != NULL)
    retry->on_error (error, state->attempt + 1, retry->user_data);

  delay = state->current_delay;
  if (!retry->no_jitter)
    delay += 1000.0 * pow (2, state->attempt) * g_random_double ();
  if (retry_after >= 0)
    delay = (double) retry_after;
  g_debug ("retry: retry %u of %u in %.0fms due to error: %s", state->attempt + 1,
           retry->max_retries, delay, error->message);
  state->current_delay = MIN (state->current_delay * retry->backoff_factor, retry->max_delay_ms);
  state->attempt++;
  g_error_free (error);

  cancellable = genkit_model_middleware_call_get_cancellable (state->call);
  if (cancellable != NULL && g_cancellable_is_cancelled (cancellable))
    {
      retry_state_finish (state, NULL, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_CANCELLED,
                                                            "Action was cancelled"));
      return;
    }
  retry_wait (state, (guint) CLAMP (round (delay), 0, (double) G_MAXUINT));
}

static void
retry_attempt (RetryState *state)
{
  genkit_model_middleware_call_next_async (state->call, state->request, retry_next_cb, state);
}

static void
retry_mw (GenkitModelMiddlewareCall *call,
          GenkitGenerateRequest     *request,
          gpointer                   user_data)
{
  RetryState *state = g_new0 (RetryState, 1);

  state->retry = user_data;
  state->call = g_object_ref (call);
  state->request = genkit_generate_request_ref (request);
  state->current_delay = state->retry->initial_delay_ms;
  retry_attempt (state);
}

/**
 * genkit_retry_middleware_new:
 * @options: (nullable): Genkit's `RetryOptions`: `maxRetries` (default 3), `statuses` (status
 *   names that are retried; default `UNAVAILABLE`, `DEADLINE_EXCEEDED`, `RESOURCE_EXHAUSTED`,
 *   `ABORTED`, `INTERNAL`), `initialDelayMs` (default 1000), `maxDelayMs` (default 60000),
 *   `backoffFactor` (default 2), `noJitter` (default false)
 * @on_error: (nullable) (scope notified) (closure user_data) (destroy destroy): told about each
 *   error before it is retried, with the number of the retry
 * @user_data: data for @on_error
 * @destroy: (nullable): frees @user_data
 * @error: return location for an error: `INVALID_ARGUMENT` for bad options
 *
 * Makes Genkit's `retry` middleware: a failed model call is tried again up to `maxRetries`
 * times when its error has one of `statuses` (errors from outside Genkit's domain are retried
 * too; cancellation and tool interrupts never are). The wait before retry *n* (from 0) is the
 * current delay plus, unless `noJitter`, a random 0–1000·2ⁿ ms; the delay starts at
 * `initialDelayMs` and is multiplied by `backoffFactor` up to `maxDelayMs`. Cancelling the call
 * stops the wait.
 *
 * Beyond Genkit's middleware, an error that says how long the service asked to wait
 * ([func@Genkit.error_get_retry_after_ms], from a provider's `Retry-After`) is honoured: the
 * wait is exactly that long instead of the backoff; when it is longer than `maxDelayMs` the
 * error is returned at once, without a retry.
 *
 * Returns: (transfer full) (nullable): the middleware, or %NULL with @error set
 */
GenkitModelMiddleware *
genkit_retry_middleware_new (JsonObject                 *options,
                             GenkitMiddlewareErrorFunc   on_error,
                             gpointer                    user_data,
                             GDestroyNotify              destroy,
                             GError                    **error)
{
  double max_retries = 3, initial = 1000, max_delay = 60000, factor = 2;
  g_autoptr(GArray) statuses = NULL;
  JsonNode *no_jitter = options ? json_object_get_member (options, "noJitter") : NULL;
  Retry *retry;

  if (!number_option (options, "retry", "maxRetries", 0, &max_retries, error) ||
      !number_option (options, "retry", "initialDelayMs", 0, &initial, error) ||
      !number_option (options, "retry", "maxDelayMs", 0, &max_delay, error) ||
      !number_option (options, "retry", "backoffFactor", 0, &factor, error) ||
      !(statuses = read_statuses (options, "retry", default_retry_statuses, error)))
    goto fail;
  if (no_jitter != NULL && (!JSON_NODE_HOLDS_VALUE (no_jitter) ||
                            json_node_get_value_type (no_jitter) != G_TYPE_BOOLEAN))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "retry: noJitter must be a boolean");
      goto fail;
    }
  if (max_retries != floor (max_retries) || max_retries > 1000)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "retry: maxRetries must be a whole number up to 1000");
      goto fail;
    }

  retry = g_new0 (Retry, 1);
  retry->max_retries = (guint) max_retries;
  retry->statuses = g_steal_pointer (&statuses);
  retry->initial_delay_ms = initial;
  retry->max_delay_ms = max_delay;
  retry->backoff_factor = factor;
  retry->no_jitter = no_jitter != NULL && json_node_get_boolean (no_jitter);
  retry->on_error = on_error;
  retry->user_data = user_data;
  retry->destroy = destroy;
  return genkit_model_middleware_new ("retry", retry_mw, retry, (GDestroyNotify) retry_free);

fail:
  if (destroy != NULL)
    destroy (user_data);
  return NULL;
}

/* fallback --------------------------------------------------------------------------------- */

typedef struct
{
  GStrv                      models;
  GArray                    *statuses;
  GenkitMiddlewareErrorFunc  on_error;
  gpointer                   user_data;
  GDestroyNotify             destroy;
} Fallback;

static void
fallback_free (Fallback *fallback)
{
  if (fallback->destroy != NULL)
    fallback->destroy (fallback->user_data);
  g_strfreev (fallback->models);
  g_array_unref (fallback->statuses);
  g_free (fallback);
}

typedef struct
{
  Fallback                  *fallback;
  GenkitModelMiddlewareCall *call;
  GenkitGenerateRequest     *request;
  guint                      next_model;
  GError                    *last_error;
} FallbackState;

static void fallback_try_next (FallbackState *state);

static void
fallback_state_finish (FallbackState          *state,
                       GenkitGenerateResponse *response,
                       GError                 *error)
{
  if (response != NULL)
    genkit_model_middleware_call_return_response (state->call, response);
  else
    genkit_model_middleware_call_return_error (state->call, error);
  g_clear_error (&state->last_error);
  g_object_unref (state->call);
  genkit_generate_request_unref (state->request);
  g_free (state);
}

/* A model that failed with a fallback status moves on to the next model; anything else ends
 * the sequence. */
static void
fallback_model_failed (FallbackState *state,
                       GError        *error)
{
  if (!status_listed (state->fallback->statuses, error))
    {
      g_debug ("fallback: aborting the fallback sequence for an unrecoverable error: %s", error->message);
      fallback_state_finish (state, NULL, error);
      return;
    }
  if (state->fallback->on_error != NULL)
    state->fallback->on_error (error, 0, state->fallback->user_data);
  g_clear_error (&state->last_error);
  state->last_error = error;
  fallback_try_next (state);
}

static void
fallback_run_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  FallbackState *state = user_data;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  GError *error = NULL;

  action_result = genkit_action_run_finish (GENKIT_ACTION (source), result, &error);
  if (action_result != NULL)
    response = genkit_generate_response_new_from_json (genkit_action_result_get_result (action_result),
                                                       &error);
  if (response != NULL)
    fallback_state_finish (state, response, NULL);
  else
    fallback_model_failed (state, error);
}

static void
fallback_lookup_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  FallbackState *state = user_data;
  g_autoptr(GenkitAction) model = NULL;
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) input = NULL;
  GError *error = NULL;

  model = genkit_registry_lookup_action_finish (GENKIT_REGISTRY (source), result, &error);
  if (model == NULL)
    {
      g_autoptr(GError) lookup_error = error;

      error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "Model '%s' not found",
                           state->fallback->models[state->next_model - 1]);
      fallback_model_failed (state, error);
      return;
    }

  g_debug ("fallback: falling back to model %s due to error %s", genkit_action_get_name (model),
           state->last_error->message);
  if (genkit_model_middleware_call_get_parent_run (state->call) != NULL)
    genkit_run_options_set_parent (options, genkit_model_middleware_call_get_parent_run (state->call));
  input = genkit_generate_request_to_json (state->request);
  genkit_action_run_async (model, input, options, genkit_model_middleware_call_get_cancellable (state->call),
                           fallback_run_cb, state);
}

static void
fallback_try_next (FallbackState *state)
{
  GenkitRegistry *registry = genkit_model_middleware_call_get_registry (state->call);
  const char *name;
  g_autofree char *key = NULL;

  if (state->fallback->models[state->next_model] == NULL)
    {
      g_debug ("fallback: options exhausted. Last error: %s", state->last_error->message);
      fallback_state_finish (state, NULL, g_steal_pointer (&state->last_error));
      return;
    }
  if (registry == NULL)
    {
      fallback_state_finish (state, NULL,
                             g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                                                  "fallback: the model call is not in a registry"));
      return;
    }

  name = state->fallback->models[state->next_model++];
  key = name[0] == '/' ? g_strdup (name) : g_strconcat ("/model/", name, NULL);
  genkit_registry_lookup_action_async (registry, key, NULL, fallback_lookup_cb, state);
}

static void
fallback_next_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  FallbackState *state = user_data;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  GError *error = NULL;

  response = genkit_model_middleware_call_next_finish (state->call, result, &error);
  if (response != NULL)
    {
      fallback_state_finish (state, response, NULL);
      return;
    }
  if (!status_listed (state->fallback->statuses, error))
    {
      g_debug ("fallback: skipped for an unhandled error: %s", error->message);
      fallback_state_finish (state, NULL, error);
      return;
    }
  if (state->fallback->on_error != NULL)
    state->fallback->on_error (error, 0, state->fallback->user_data);
  state->last_error = error;
  fallback_try_next (state);
}

static void
fallback_mw (GenkitModelMiddlewareCall *call,
             GenkitGenerateRequest     *request,
             gpointer                   user_data)
{
  FallbackState *state = g_new0 (FallbackState, 1);

  state->fallback = user_data;
  state->call = g_object_ref (call);
  state->request = genkit_generate_request_ref (request);
  genkit_model_middleware_call_next_async (call, request, fallback_next_cb, state);
}

/**
 * genkit_fallback_middleware_new:
 * @options: Genkit's `FallbackOptions`: `models` (model names, tried in order; required) and
 *   `statuses` (status names that move on to the next model; default `UNAVAILABLE`,
 *   `DEADLINE_EXCEEDED`, `RESOURCE_EXHAUSTED`, `ABORTED`, `INTERNAL`, `NOT_FOUND`,
 *   `UNIMPLEMENTED`)
 * @on_error: (nullable) (scope notified) (closure user_data) (destroy destroy): told about
 *   each error that moves on to another model
 * @user_data: data for @on_error
 * @destroy: (nullable): frees @user_data
 * @error: return location for an error: `INVALID_ARGUMENT` for bad options
 *
 * Makes Genkit's `fallback` middleware: when the model call fails with one of `statuses`, the
 * same request goes to each of `models` in turn (looked up in the call's registry, run as an
 * action nested in the same run, without streaming) until one answers; a model failing with
 * another status ends the sequence with its error; when all fail, the last error is returned.
 *
 * Returns: (transfer full) (nullable): the middleware, or %NULL with @error set
 */
GenkitModelMiddleware *
genkit_fallback_middleware_new (JsonObject                 *options,
                                GenkitMiddlewareErrorFunc   on_error,
                                gpointer                    user_data,
                                GDestroyNotify              destroy,
                                GError                    **error)
{
  JsonNode *models = options ? json_object_get_member (options, "models") : NULL;
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GArray) statuses = NULL;
  Fallback *fallback;

  if (models == NULL || !JSON_NODE_HOLDS_ARRAY (models))
    goto bad_models;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (models)); i++)
    {
      JsonNode *item = json_array_get_element (json_node_get_array (models), i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        goto bad_models;
      g_strv_builder_add (names, json_node_get_string (item));
    }
  if ((statuses = read_statuses (options, "fallback", default_fallback_statuses, error)) == NULL)
    goto fail;

  fallback = g_new0 (Fallback, 1);
  fallback->models = g_strv_builder_end (names);
  fallback->statuses = g_steal_pointer (&statuses);
  fallback->on_error = on_error;
  fallback->user_data = user_data;
  fallback->destroy = destroy;
  return genkit_model_middleware_new ("fallback", fallback_mw, fallback, (GDestroyNotify) fallback_free);

bad_models:
  g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "fallback: models must be an array of model names");
fail:
  if (destroy != NULL)
    destroy (user_data);
  return NULL;
}
