/* genkit-model.c — a model: an action of type `model` that answers GenerateRequests
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-private.h"
#include "genkit-action-result.h"
#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-json-schema.h"
#include "genkit-middleware-call.h"
#include "genkit-model.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"
#include "genkit-run-options-private.h"

/**
 * GenkitModel:
 *
 * A generative model, Genkit's `defineModel` (`js/ai/src/model.ts`): an action `/model/<name>`
 * whose input is a `GenerateRequest` and whose output is a `GenerateResponse`, described for
 * tools exactly as the JavaScript runtime describes its models:
 *
 * ```json
 * {"model": {"label": "Echo (test model)",
 *            "customOptions": {"type": "object", "properties": {...}},
 *            "versions": ["echo-1"],
 *            "supports": {"multiturn": true, "tools": true, "systemRole": true,
 *                         "media": false, "output": ["text", "json"]}}}
 * ```
 *
 * The options of [ctor@Genkit.Model.new] are that object's source: `label` (defaults to the
 * name; also the action's description), `versions`, `supports` (`multiturn`, `media`, `tools`,
 * `toolChoice`, `systemRole`, `context`, `longRunning` booleans; `output` and `contentType`
 * arrays of strings; `constrained` one of `none`, `all`, `no-tools`), `configSchema` (the JSON
 * Schema of `config`, published as `customOptions`) and `stage` (`featured`, `stable`,
 * `unstable`, `legacy`, `deprecated`).
 *
 * The model's own middleware ([method@Genkit.Model.use]) runs when the model action is
 * invoked, before its span starts, in the order added, followed by Genkit's built-in
 * `augmentWithContext` (unless `supports.context`) and the constrained-output simulation
 * (unless `supports.constrained` is `all`, or `no-tools` without tools). The function comes in
 * Genkit's two forms: [callback@Genkit.ModelFunc] (v2, one options object) and
 * [callback@Genkit.ModelStreamingFunc] (request and streaming callback).
 */
struct _GenkitModel
{
  GenkitAction              parent_instance;

  GenkitModelFunc           func;
  GenkitModelStreamingFunc  streaming_func;
  gpointer                  user_data;
  GDestroyNotify            destroy;

  GPtrArray                *use;          /* GenkitModelMiddleware */
  GenkitModelMiddleware    *augment;
  GenkitModelMiddleware    *constrained;
  GenkitModelMiddleware    *constrained_gate;
};

G_DEFINE_FINAL_TYPE (GenkitModel, genkit_model, GENKIT_TYPE_ACTION)

static const char * const constrained_values[] = { "none", "all", "no-tools", NULL };
static const char * const stage_values[] = { "featured", "stable", "unstable", "legacy", "deprecated", NULL };
static const char * const supports_booleans[] = {
  "multiturn", "media", "tools", "toolChoice", "systemRole", "context", "longRunning",
};
static const char * const option_keys[] = {
  "label", "versions", "supports", "configSchema", "stage", NULL,
};

static gboolean
check_options (JsonObject  *options,
               GError     **error)
{
  GkCheck check = { "model options", error };
  g_autoptr(GList) keys = NULL;

  if (options == NULL)
    return TRUE;

  keys = json_object_get_members (options);
  for (GList *l = keys; l != NULL; l = l->next)
    if (!g_strv_contains (option_keys, l->data))
      return _gk_fail (&check, l->data, "is not a model option (label, versions, supports, "
                                        "configSchema, stage)");

  if (!_gk_check_member (&check, options, "", "label", GK_STRING, FALSE) ||
      !_gk_check_member (&check, options, "", "versions", GK_STRING_ARRAY, FALSE) ||
      !_gk_check_member (&check, options, "", "supports", GK_OBJECT, FALSE) ||
      !_gk_check_member (&check, options, "", "configSchema", GK_OBJECT, FALSE) ||
      !_gk_check_enum_member (&check, options, "", "stage", stage_values, FALSE))
    return FALSE;

  if (json_object_has_member (options, "supports"))
    {
      JsonObject *supports = json_object_get_object_member (options, "supports");

      for (guint i = 0; i < G_N_ELEMENTS (supports_booleans); i++)
        if (!_gk_check_member (&check, supports, "supports", supports_booleans[i], GK_BOOLEAN, FALSE))
          return FALSE;
      if (!_gk_check_member (&check, supports, "supports", "output", GK_STRING_ARRAY, FALSE) ||
          !_gk_check_member (&check, supports, "supports", "contentType", GK_STRING_ARRAY, FALSE) ||
          !_gk_check_enum_member (&check, supports, "supports", "constrained", constrained_values, FALSE))
        return FALSE;
    }

  if (json_object_has_member (options, "configSchema"))
    {
      g_autoptr(GenkitJsonSchema) schema = NULL;
      g_autoptr(GError) schema_error = NULL;

      schema = genkit_json_schema_new (json_object_get_member (options, "configSchema"), &schema_error);
      if (schema == NULL)
        return _gk_fail (&check, "configSchema", "is not a valid JSON Schema: %s", schema_error->message);
    }
  return TRUE;
}

/* `{"model": {label, customOptions?, versions?, supports?, stage?}}`, in Genkit's key order. */
static JsonObject *
model_metadata (const char *name,
                JsonObject *options)
{
  JsonObject *metadata = json_object_new ();
  JsonObject *info = json_object_new ();
  const char *label = _gk_object_get_string (options, "label");
  static const struct { const char *option; const char *key; } copied[] = {
    { "configSchema", "customOptions" }, { "versions", "versions" }, { "supports", "supports" },
    { "stage", "stage" },
  };

  json_object_set_string_member (info, "label", label ? label : name);
  for (guint i = 0; i < G_N_ELEMENTS (copied); i++)
    if (options != NULL && json_object_has_member (options, copied[i].option))
      json_object_set_member (info, copied[i].key,
                              _gk_node_copy (json_object_get_member (options, copied[i].option)));
  json_object_set_object_member (metadata, "model", info);
  return metadata;
}

JsonObject *
_genkit_model_get_supports (GenkitAction *model)
{
  JsonObject *info = _gk_object_get_object (genkit_action_get_metadata (model), "model");

  return _gk_object_get_object (info, "supports");
}

/* The model's run ------------------------------------------------------------------------------ */

static void
model_send_chunk (GenkitModelCall             *call,
                  GenkitGenerateResponseChunk *chunk)
{
  genkit_model_call_send_chunk (call, chunk);
}

static void
genkit_model_run (GenkitAction    *action,
                  GenkitActionRun *run,
                  JsonNode        *input)
{
  GenkitModel *self = GENKIT_MODEL (action);
  g_autoptr(GenkitGenerateRequest) request = NULL;
  g_autoptr(GenkitModelCall) call = NULL;
  g_autoptr(JsonNode) copy = NULL;

  /* The input passed the GenerateRequest schema before the span started. */
  copy = _gk_node_copy (input);
  request = _genkit_request_wrap (json_node_get_object (copy));
  call = _genkit_model_call_new (action, run, request);

  if (self->func != NULL)
    self->func (call, request, self->user_data);
  else
    self->streaming_func (request, genkit_action_run_is_streaming (run) ? model_send_chunk : NULL,
                          call, self->user_data);
}

/* Model-level middleware -------------------------------------------------------------------- */

typedef struct
{
  gatomicrefcount       ref_count;
  GenkitMiddlewareCall *mw_call;
  GenkitActionResult   *last;       /* what the model action returned last, for its ids */
} ModelMiddlewareRun;

static ModelMiddlewareRun *
mw_run_ref (ModelMiddlewareRun *mw_run)
{
  g_atomic_ref_count_inc (&mw_run->ref_count);
  return mw_run;
}

static void
mw_run_unref (ModelMiddlewareRun *mw_run)
{
  if (!g_atomic_ref_count_dec (&mw_run->ref_count))
    return;
  g_clear_object (&mw_run->mw_call);
  g_clear_pointer (&mw_run->last, genkit_action_result_unref);
  g_free (mw_run);
}

typedef struct
{
  ModelMiddlewareRun *mw_run;
  GTask              *task;
} FinalCall;

static void
model_final_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  FinalCall *final = user_data;
  g_autoptr(GenkitActionResult) action_result = NULL;
  GenkitGenerateResponse *response = NULL;
  GError *error = NULL;

  action_result = genkit_middleware_call_next_finish (GENKIT_MIDDLEWARE_CALL (source), result, &error);
  if (action_result != NULL)
    {
      g_clear_pointer (&final->mw_run->last, genkit_action_result_unref);
      final->mw_run->last = genkit_action_result_ref (action_result);
      response = genkit_generate_response_new_from_json (genkit_action_result_get_result (action_result),
                                                         &error);
    }

  if (response != NULL)
    g_task_return_pointer (final->task, response, (GDestroyNotify) genkit_generate_response_unref);
  else
    g_task_return_error (final->task, error);
  g_object_unref (final->task);
  mw_run_unref (final->mw_run);
  g_free (final);
}

/* Past the model's middleware: validation, the span and the model's function. */
static void
model_final (GkModelChain          *chain,
             GenkitGenerateRequest *request,
             GTask                 *task,
             gpointer               user_data)
{
  ModelMiddlewareRun *mw_run = user_data;
  FinalCall *final = g_new0 (FinalCall, 1);
  g_autoptr(JsonNode) input = genkit_generate_request_to_json (request);

  final->mw_run = mw_run_ref (mw_run);
  final->task = task;
  genkit_middleware_call_next_async (mw_run->mw_call, input, NULL, model_final_cb, final);
}

static void
model_chain_done_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ModelMiddlewareRun *mw_run = user_data;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(JsonNode) output = NULL;
  GError *error = NULL;

  response = _gk_model_chain_run_finish (result, &error);
  if (response == NULL)
    {
      genkit_middleware_call_return_error (mw_run->mw_call, error);
      mw_run_unref (mw_run);
      return;
    }

  output = genkit_generate_response_to_json (response);
  action_result = genkit_action_result_new (output,
                                            mw_run->last ? genkit_action_result_get_trace_id (mw_run->last) : NULL,
                                            mw_run->last ? genkit_action_result_get_span_id (mw_run->last) : NULL);
  genkit_middleware_call_return_result (mw_run->mw_call, action_result);
  mw_run_unref (mw_run);
}

static void
passthrough_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GenkitMiddlewareCall) mw_call = user_data;
  g_autoptr(GenkitActionResult) action_result = NULL;
  GError *error = NULL;

  action_result = genkit_middleware_call_next_finish (mw_call, result, &error);
  if (action_result == NULL)
    genkit_middleware_call_return_error (mw_call, error);
  else
    genkit_middleware_call_return_result (mw_call, action_result);
}

static gboolean
supports_flag (JsonObject *supports,
               const char *name)
{
  return _gk_object_get_boolean (supports, name, FALSE);
}

static void
model_action_middleware (GenkitMiddlewareCall *mw_call,
                         JsonNode             *input,
                         gpointer              user_data)
{
  GenkitModel *self = user_data;
  g_autoptr(GenkitGenerateRequest) request = NULL;
  g_autoptr(GPtrArray) chain_list = NULL;
  g_autoptr(GkModelChain) chain = NULL;
  GenkitRunOptions *options = genkit_middleware_call_get_options (mw_call);
  GenkitActionRun *parent = options->parent;
  JsonObject *supports = _genkit_model_get_supports (GENKIT_ACTION (self));
  JsonObject *context = options->context;
  ModelMiddlewareRun *mw_run;

  /* A malformed request goes on unchanged: the action's validation reports it. */
  if (input == NULL || (request = genkit_generate_request_new_from_json (input, NULL)) == NULL)
    {
      genkit_middleware_call_next_async (mw_call, NULL, NULL, passthrough_cb, g_object_ref (mw_call));
      return;
    }

  chain_list = g_ptr_array_new ();
  for (guint i = 0; i < self->use->len; i++)
    g_ptr_array_add (chain_list, g_ptr_array_index (self->use, i));
  if (!supports_flag (supports, "context"))
    g_ptr_array_add (chain_list, self->augment);
  g_ptr_array_add (chain_list, self->constrained_gate);

  if (context == NULL && parent != NULL)
    context = genkit_action_run_get_context (parent);

  mw_run = g_new0 (ModelMiddlewareRun, 1);
  g_atomic_ref_count_init (&mw_run->ref_count);
  mw_run->mw_call = g_object_ref (mw_call);

  chain = _gk_model_chain_new (chain_list, genkit_action_get_registry (GENKIT_ACTION (self)), parent,
                               context, genkit_middleware_call_get_cancellable (mw_call),
                               genkit_run_options_get_streaming (options),
                               options->stream_func, options->stream_data,
                               model_final, mw_run_ref (mw_run), (GDestroyNotify) mw_run_unref);
  _gk_model_chain_run_async (chain, 0, request, model_chain_done_cb, mw_run);
}

/* Genkit simulates constrained output unless the model supports it for this request. */
static void
constrained_gate_mw (GenkitModelMiddlewareCall *call,
                     GenkitGenerateRequest     *request,
                     gpointer                   user_data)
{
  GenkitModel *self = user_data;
  JsonObject *supports = _genkit_model_get_supports (GENKIT_ACTION (self));
  const char *constrained = _gk_object_get_string (supports, "constrained");

  if (constrained == NULL || g_str_equal (constrained, "none") ||
      (g_str_equal (constrained, "no-tools") && genkit_generate_request_get_n_tools (request) > 0))
    _genkit_model_middleware_invoke (self->constrained, call, request);
  else
    _gk_middleware_forward (call, request);
}

/* The object ------------------------------------------------------------------------------------ */

static void
genkit_model_finalize (GObject *object)
{
  GenkitModel *self = GENKIT_MODEL (object);

  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_clear_pointer (&self->use, g_ptr_array_unref);
  g_clear_object (&self->augment);
  g_clear_object (&self->constrained);
  g_clear_object (&self->constrained_gate);

  G_OBJECT_CLASS (genkit_model_parent_class)->finalize (object);
}

static void
genkit_model_class_init (GenkitModelClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_model_finalize;
  GENKIT_ACTION_CLASS (klass)->run = genkit_model_run;
}

static void
genkit_model_init (GenkitModel *self)
{
  self->use = g_ptr_array_new_with_free_func (g_object_unref);
  self->augment = genkit_augment_with_context_middleware_new (NULL, NULL, NULL, NULL, NULL);
  self->constrained = genkit_simulate_constrained_generation_middleware_new (NULL, NULL, NULL);
  /* The gate and the action middleware point back at the model without a reference: the
   * model owns them. */
  self->constrained_gate = genkit_model_middleware_new ("simulateConstrainedGeneration",
                                                        constrained_gate_mw, self, NULL);
  genkit_action_add_middleware (GENKIT_ACTION (self), model_action_middleware, self, NULL);
}

static GenkitModel *
model_new (const char                *name,
           JsonObject                *options,
           GenkitModelFunc            func,
           GenkitModelStreamingFunc   streaming_func,
           gpointer                   user_data,
           GDestroyNotify             destroy,
           GError                   **error)
{
  g_autoptr(GenkitModel) self = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(JsonNode) input_schema = NULL;
  g_autoptr(JsonNode) output_schema = NULL;

  if (!check_options (options, error))
    {
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }

  self = g_object_new (GENKIT_TYPE_MODEL, "action-type", GENKIT_ACTION_TYPE_MODEL, "name", name, NULL);
  self->func = func;
  self->streaming_func = streaming_func;
  self->user_data = user_data;
  self->destroy = destroy;

  metadata = model_metadata (name, options);
  genkit_action_set_description (GENKIT_ACTION (self),
                                 json_object_get_string_member (json_object_get_object_member (metadata, "model"),
                                                                "label"));
  genkit_action_set_metadata (GENKIT_ACTION (self), metadata);

  input_schema = _genkit_schema_generate_request ();
  output_schema = _genkit_schema_generate_response ();
  if (!genkit_action_set_input_schema (GENKIT_ACTION (self), input_schema, error) ||
      !genkit_action_set_output_schema (GENKIT_ACTION (self), output_schema, error))
    return NULL;
  return g_steal_pointer (&self);
}

/**
 * genkit_model_new:
 * @name: the model's name, e.g. `echo` or `myplugin/my-model`
 * @options: (nullable): `label`, `versions`, `supports`, `configSchema`, `stage` (see
 *   [class@Genkit.Model])
 * @func: (scope notified) (closure user_data) (destroy destroy): the model's function, in
 *   Genkit's v2 form
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the model
 * @error: return location for an error: `INVALID_ARGUMENT` naming a bad option
 *
 * Makes a model whose function takes one options object (Genkit's `defineModel({apiVersion:
 * 'v2', ...})`). Register it with [method@Genkit.Registry.register_action], or use
 * [func@Genkit.define_model].
 *
 * Returns: (transfer full) (nullable): the model, or %NULL with @error set
 */
GenkitModel *
genkit_model_new (const char       *name,
                  JsonObject       *options,
                  GenkitModelFunc   func,
                  gpointer          user_data,
                  GDestroyNotify    destroy,
                  GError          **error)
{
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return model_new (name, options, func, NULL, user_data, destroy, error);
}

/**
 * genkit_model_new_streaming:
 * @name: the model's name
 * @options: (nullable): `label`, `versions`, `supports`, `configSchema`, `stage`
 * @func: (scope notified) (closure user_data) (destroy destroy): the model's function, in
 *   Genkit's original `(request, streamingCallback)` form
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the model
 * @error: return location for an error: `INVALID_ARGUMENT` naming a bad option
 *
 * Makes a model whose function takes the request and a streaming callback, %NULL unless the
 * caller streams (Genkit's default `defineModel` form).
 *
 * Returns: (transfer full) (nullable): the model, or %NULL with @error set
 */
GenkitModel *
genkit_model_new_streaming (const char                *name,
                            JsonObject                *options,
                            GenkitModelStreamingFunc   func,
                            gpointer                   user_data,
                            GDestroyNotify             destroy,
                            GError                   **error)
{
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (func != NULL, NULL);

  return model_new (name, options, NULL, func, user_data, destroy, error);
}

static GenkitModel *
register_model (GenkitRegistry  *registry,
                GenkitModel     *model,
                GError         **error)
{
  g_autoptr(GenkitModel) owned = model;

  if (owned == NULL || !genkit_registry_register_action (registry, GENKIT_ACTION (owned), error))
    return NULL;
  return owned;   /* the registry holds it: transfer none */
}

/**
 * genkit_define_model:
 * @registry: the registry to register it in
 * @name: the model's name
 * @options: (nullable): `label`, `versions`, `supports`, `configSchema`, `stage`
 * @func: (scope notified) (closure user_data) (destroy destroy): the model's function (v2 form)
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the model
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad option,
 *   `ALREADY_EXISTS` when `/model/<name>` is taken
 *
 * Makes a model (v2 form) and registers it as `/model/<name>`, Genkit's `ai.defineModel`.
 *
 * Returns: (transfer none) (nullable): the model, owned by the registry, or %NULL with @error
 */
GenkitModel *
genkit_define_model (GenkitRegistry   *registry,
                     const char       *name,
                     JsonObject       *options,
                     GenkitModelFunc   func,
                     gpointer          user_data,
                     GDestroyNotify    destroy,
                     GError          **error)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  return register_model (registry, genkit_model_new (name, options, func, user_data, destroy, error), error);
}

/**
 * genkit_define_streaming_model:
 * @registry: the registry to register it in
 * @name: the model's name
 * @options: (nullable): `label`, `versions`, `supports`, `configSchema`, `stage`
 * @func: (scope notified) (closure user_data) (destroy destroy): the model's function
 *   (request and streaming callback)
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the model
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad option,
 *   `ALREADY_EXISTS` when `/model/<name>` is taken
 *
 * Makes a model in Genkit's original form and registers it as `/model/<name>`.
 *
 * Returns: (transfer none) (nullable): the model, owned by the registry, or %NULL with @error
 */
GenkitModel *
genkit_define_streaming_model (GenkitRegistry            *registry,
                               const char                *name,
                               JsonObject                *options,
                               GenkitModelStreamingFunc   func,
                               gpointer                   user_data,
                               GDestroyNotify             destroy,
                               GError                   **error)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  return register_model (registry, genkit_model_new_streaming (name, options, func, user_data, destroy, error),
                         error);
}

/**
 * genkit_model_use:
 * @self: a [class@Genkit.Model]
 * @middleware: a middleware to run around every call of this model
 *
 * Appends a model-level middleware (Genkit's `use` option of `defineModel`). Model-level
 * middleware run in the order added, inside any call-time middleware and before the model's
 * span starts.
 */
void
genkit_model_use (GenkitModel           *self,
                  GenkitModelMiddleware *middleware)
{
  g_return_if_fail (GENKIT_IS_MODEL (self));
  g_return_if_fail (GENKIT_IS_MODEL_MIDDLEWARE (middleware));

  g_ptr_array_add (self->use, g_object_ref (middleware));
}

/**
 * genkit_model_get_info:
 * @self: a [class@Genkit.Model]
 *
 * Gets the model's `ModelInfo` as published in its metadata: `label`, `customOptions`,
 * `versions`, `supports`, `stage`.
 *
 * Returns: (transfer none): the `metadata.model` object
 */
JsonObject *
genkit_model_get_info (GenkitModel *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL (self), NULL);
  return json_object_get_object_member (genkit_action_get_metadata (GENKIT_ACTION (self)), "model");
}

/**
 * genkit_model_get_supports:
 * @self: a [class@Genkit.Model]
 *
 * Gets what the model supports.
 *
 * Returns: (transfer none) (nullable): the `supports` object, or %NULL when none was given
 */
JsonObject *
genkit_model_get_supports (GenkitModel *self)
{
  g_return_val_if_fail (GENKIT_IS_MODEL (self), NULL);
  return _genkit_model_get_supports (GENKIT_ACTION (self));
}
