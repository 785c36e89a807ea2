/* genkit-evaluator.c — an evaluator action: scores a dataset of test cases
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-private.h"
#include "genkit-action-run.h"
#include "genkit-error.h"
#include "genkit-evaluator.h"
#include "genkit-json-schema.h"
#include "genkit-registry.h"
#include "genkit-span.h"
#include "genkit-tracer.h"

/* Genkit's EvalRequest and EvalResponses schemas, as the JavaScript runtime publishes them
 * for every evaluator (js/ai/src/evaluator.ts). */
static const char input_schema_json[] =
  "{\"type\":\"object\",\"properties\":{"
  "\"dataset\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
  "\"input\":{},\"output\":{},\"context\":{\"type\":\"array\",\"items\":{}},\"reference\":{},"
  "\"testCaseId\":{\"type\":\"string\"},\"traceIds\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}}},"
  "\"additionalProperties\":true}},"
  "\"evalRunId\":{\"type\":\"string\"},\"options\":{},\"batchSize\":{\"type\":\"number\"}},"
  "\"required\":[\"dataset\",\"evalRunId\"],\"additionalProperties\":true,"
  "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}";

static const char output_schema_json[] =
  "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
  "\"sampleIndex\":{\"type\":\"number\"},\"testCaseId\":{\"type\":\"string\"},"
  "\"traceId\":{\"type\":\"string\"},\"spanId\":{\"type\":\"string\"},"
  "\"evaluation\":{\"anyOf\":[{\"type\":\"object\",\"properties\":{"
  "\"id\":{\"type\":\"string\",\"description\":\"Optional ID to differentiate different scores if applying in a single evaluation\"},"
  "\"score\":{\"type\":[\"number\",\"string\",\"boolean\"]},"
  "\"status\":{\"type\":\"string\",\"enum\":[\"UNKNOWN\",\"PASS\",\"FAIL\"]},"
  "\"error\":{\"type\":\"string\"},"
  "\"details\":{\"type\":\"object\",\"properties\":{\"reasoning\":{\"type\":\"string\"}},\"additionalProperties\":true}},"
  "\"additionalProperties\":true},"
  "{\"type\":\"array\",\"items\":{\"$ref\":\"#/items/properties/evaluation/anyOf/0\"}}]}},"
  "\"required\":[\"testCaseId\",\"evaluation\"],\"additionalProperties\":true},"
  "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}";

/**
 * GenkitEvaluator:
 *
 * An evaluator, Genkit's `defineEvaluator` (`js/ai/src/evaluator.ts`): an action
 * `/evaluator/<name>` whose input is an `EvalRequest` (`dataset`, `evalRunId`, `options`,
 * `batchSize`) and whose output is one `EvalResponse` per data point (`testCaseId`,
 * `evaluation`, `traceId`, `spanId`, `sampleIndex`).
 *
 * As in Genkit, data points without a `testCaseId` get a random UUID; batches of `batchSize`
 * (default 1) run one after the other, the points of a batch at the same time; each point is
 * scored in a span `Test Case <id>` carrying `genkit:metadata:evaluator:evalRunId`, inside a
 * span `Batch <i>` when batches hold more than one point; a scorer that fails gives that point
 * `{"evaluation": {"error": "Evaluation of test case <id> failed: \n<message>"}}` and the
 * others go on. The metadata (`evaluatorIsBilled`, `evaluatorDisplayName`,
 * `evaluatorDefinition`, `customOptions`) tells tools how to present it.
 */
struct _GenkitEvaluator
{
  GenkitAction         parent_instance;

  GenkitEvaluatorFunc  func;
  gpointer             func_data;
  GDestroyNotify       func_destroy;

  char                *display_name;
  char                *definition;
  gboolean             is_billed;
  GenkitJsonSchema    *options_schema;
};

G_DEFINE_FINAL_TYPE (GenkitEvaluator, genkit_evaluator, GENKIT_TYPE_ACTION)

/* One evaluation request in progress. */
typedef struct
{
  GenkitEvaluator *self;
  GenkitActionRun *run;
  JsonArray       *dataset;
  char            *eval_run_id;
  JsonNode        *options;
  guint            batch_size;
  guint            next;          /* first data point of the next batch */
  guint            batch_index;
  guint            pending;       /* test cases of the current batch still scoring */
  GenkitSpan      *batch_span;    /* NULL when batches hold one point */
  JsonNode       **responses;     /* by sample index */
} Evaluation;

typedef struct
{
  Evaluation *evaluation;
  guint       index;
  char       *test_case_id;
  JsonNode   *data_point;
} TestCase;

static void evaluation_run_batch (Evaluation *evaluation);

static void
evaluation_free (Evaluation *evaluation)
{
  guint n = json_array_get_length (evaluation->dataset);

  for (guint i = 0; i < n; i++)
    g_clear_pointer (&evaluation->responses[i], json_node_unref);
  g_free (evaluation->responses);
  g_clear_object (&evaluation->batch_span);
  g_clear_pointer (&evaluation->options, json_node_unref);
  g_free (evaluation->eval_run_id);
  json_array_unref (evaluation->dataset);
  g_clear_object (&evaluation->run);
  g_clear_object (&evaluation->self);
  g_free (evaluation);
}

static void
test_case_free (TestCase *test_case)
{
  g_free (test_case->test_case_id);
  g_clear_pointer (&test_case->data_point, json_node_unref);
  g_free (test_case);
}

static void
evaluation_finish (Evaluation *evaluation)
{
  guint n = json_array_get_length (evaluation->dataset);
  JsonArray *responses = json_array_new ();

  for (guint i = 0; i < n; i++)
    json_array_add_element (responses, g_steal_pointer (&evaluation->responses[i]));

  if (!genkit_action_run_is_completed (evaluation->run))
    genkit_action_run_return_value (evaluation->run, json_node_init_array (json_node_alloc (), responses));
  json_array_unref (responses);
  evaluation_free (evaluation);
}

static void
test_case_complete (GenkitActionRun *run,
                    JsonNode        *value,
                    const GError    *error,
                    gpointer         user_data)
{
  TestCase *test_case = user_data;
  Evaluation *evaluation = test_case->evaluation;
  GenkitSpan *span = genkit_action_run_get_span (run);
  g_autoptr(JsonObject) response = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_string_member (response, "testCaseId", test_case->test_case_id);
  if (error != NULL)
    {
      JsonObject *failed = json_object_new ();
      g_autofree char *message = g_strdup_printf ("Evaluation of test case %s failed: \n%s",
                                                  test_case->test_case_id, error->message);

      json_object_set_string_member (failed, "error", message);
      json_object_set_object_member (response, "evaluation", failed);
    }
  else if (value != NULL && (JSON_NODE_HOLDS_OBJECT (value) || JSON_NODE_HOLDS_ARRAY (value)))
    json_object_set_member (response, "evaluation", json_node_copy (value));
  else
    {
      JsonObject *failed = json_object_new ();
      g_autofree char *message = g_strdup_printf ("Evaluation of test case %s failed: \nthe "
                                                  "evaluator returned no score",
                                                  test_case->test_case_id);

      json_object_set_string_member (failed, "error", message);
      json_object_set_object_member (response, "evaluation", failed);
    }
  json_object_set_string_member (response, "traceId", genkit_span_get_trace_id (span));
  json_object_set_string_member (response, "spanId", genkit_span_get_span_id (span));
  json_object_set_int_member (response, "sampleIndex", test_case->index);

  node = json_node_init_object (json_node_alloc (), response);
  genkit_span_set_json_attribute (span, "genkit:input", test_case->data_point);
  if (error != NULL)
    genkit_span_record_error (span, error);
  else
    genkit_span_set_json_attribute (span, "genkit:output", node);
  genkit_span_end (span);

  evaluation->responses[test_case->index] = g_steal_pointer (&node);
  if (--evaluation->pending > 0)
    return;

  if (evaluation->batch_span != NULL)
    {
      genkit_span_end (evaluation->batch_span);
      g_clear_object (&evaluation->batch_span);
    }
  evaluation_run_batch (evaluation);
}

static GenkitTracer *
evaluation_tracer (Evaluation *evaluation)
{
  GenkitRegistry *registry = genkit_action_run_get_registry (evaluation->run);

  return registry ? genkit_registry_get_tracer (registry) : _genkit_default_tracer ();
}

static void
evaluation_start_test_case (Evaluation *evaluation,
                            guint       index)
{
  GenkitEvaluator *self = evaluation->self;
  TestCase *test_case = g_new0 (TestCase, 1);
  JsonNode *element = json_array_get_element (evaluation->dataset, index);
  g_autoptr(JsonObject) attributes = json_object_new ();
  g_autoptr(GenkitSpan) span = NULL;
  g_autoptr(GenkitActionRun) run = NULL;
  g_autofree char *name = NULL;
  JsonObject *point;

  test_case->evaluation = evaluation;
  test_case->index = index;
  test_case->data_point = json_node_copy (element);
  point = json_node_get_object (test_case->data_point);
  if (json_object_has_member (point, "testCaseId") &&
      json_node_get_value_type (json_object_get_member (point, "testCaseId")) == G_TYPE_STRING)
    test_case->test_case_id = g_strdup (json_object_get_string_member (point, "testCaseId"));
  else
    {
      test_case->test_case_id = g_uuid_string_random ();
      json_object_set_string_member (point, "testCaseId", test_case->test_case_id);
    }

  name = g_strdup_printf ("Test Case %s", test_case->test_case_id);
  json_object_set_string_member (attributes, "genkit:metadata:evaluator:evalRunId", evaluation->eval_run_id);
  span = genkit_tracer_start_span (evaluation_tracer (evaluation),
                                   evaluation->batch_span ? evaluation->batch_span
                                                          : genkit_action_run_get_span (evaluation->run),
                                   name, attributes);
  run = _genkit_action_run_new (NULL, genkit_action_run_get_registry (evaluation->run), span,
                                genkit_action_run_get_context (evaluation->run),
                                genkit_action_run_get_cancellable (evaluation->run),
                                NULL, NULL, test_case_complete, test_case,
                                (GDestroyNotify) test_case_free);

  self->func (run, test_case->data_point, evaluation->options, self->func_data);
}

static void
evaluation_run_batch (Evaluation *evaluation)
{
  guint n = json_array_get_length (evaluation->dataset);
  guint end;

  if (evaluation->next >= n || genkit_action_run_is_completed (evaluation->run))
    {
      evaluation_finish (evaluation);
      return;
    }

  end = MIN (n, evaluation->next + evaluation->batch_size);
  if (evaluation->batch_size > 1)
    {
      g_autofree char *name = g_strdup_printf ("Batch %u", evaluation->batch_index);

      evaluation->batch_span = genkit_tracer_start_span (evaluation_tracer (evaluation),
                                                         genkit_action_run_get_span (evaluation->run),
                                                         name, NULL);
    }
  evaluation->batch_index++;
  evaluation->pending = end - evaluation->next;

  /* Start every point of the batch before any can finish and start the next batch. */
  evaluation->pending++;
  for (guint i = evaluation->next; i < end; i++)
    evaluation_start_test_case (evaluation, i);
  evaluation->next = end;
  evaluation->pending--;

  if (evaluation->pending == 0)
    {
      if (evaluation->batch_span != NULL)
        {
          genkit_span_end (evaluation->batch_span);
          g_clear_object (&evaluation->batch_span);
        }
      evaluation_run_batch (evaluation);
    }
}

static void
genkit_evaluator_run (GenkitAction    *action,
                      GenkitActionRun *run,
                      JsonNode        *input)
{
  GenkitEvaluator *self = GENKIT_EVALUATOR (action);
  JsonObject *request = json_node_get_object (input);
  g_autoptr(GError) error = NULL;
  Evaluation *evaluation;
  JsonNode *options = json_object_get_member (request, "options");
  JsonNode *batch = json_object_get_member (request, "batchSize");
  double batch_size = 1;

  if (options != NULL && self->options_schema != NULL &&
      !genkit_json_schema_validate (self->options_schema, options, NULL, &error))
    {
      genkit_action_run_return_error (run, g_steal_pointer (&error));
      return;
    }

  if (batch != NULL && JSON_NODE_HOLDS_VALUE (batch))
    batch_size = json_node_get_double (batch);
  if (batch_size < 1 || batch_size > G_MAXUINT)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT,
                                          "batchSize must be at least 1");
      return;
    }

  evaluation = g_new0 (Evaluation, 1);
  evaluation->self = g_object_ref (self);
  evaluation->run = g_object_ref (run);
  evaluation->dataset = json_array_ref (json_object_get_array_member (request, "dataset"));
  evaluation->eval_run_id = g_strdup (json_object_get_string_member (request, "evalRunId"));
  evaluation->options = options ? json_node_copy (options) : NULL;
  evaluation->batch_size = (guint) batch_size;
  evaluation->responses = g_new0 (JsonNode *, json_array_get_length (evaluation->dataset) + 1);

  for (guint i = 0; i < json_array_get_length (evaluation->dataset); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (evaluation->dataset, i)))
      {
        evaluation_free (evaluation);
        genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT,
                                            "dataset[%u] must be an object", i);
        return;
      }

  evaluation_run_batch (evaluation);
}

static void
genkit_evaluator_update_metadata (GenkitEvaluator *self)
{
  g_autoptr(JsonObject) metadata = json_object_new ();
  JsonObject *info = json_object_new ();

  json_object_set_boolean_member (info, "evaluatorIsBilled", self->is_billed);
  json_object_set_string_member (info, "evaluatorDisplayName",
                                 self->display_name ? self->display_name
                                                    : genkit_action_get_name (GENKIT_ACTION (self)));
  json_object_set_string_member (info, "evaluatorDefinition", self->definition ? self->definition : "");
  if (self->options_schema != NULL)
    json_object_set_member (info, "customOptions",
                            json_node_copy (genkit_json_schema_get_schema (self->options_schema)));

  json_object_set_string_member (metadata, "type", "evaluator");
  json_object_set_object_member (metadata, "evaluator", info);
  genkit_action_set_metadata (GENKIT_ACTION (self), metadata);
}

static void
genkit_evaluator_finalize (GObject *object)
{
  GenkitEvaluator *self = GENKIT_EVALUATOR (object);

  if (self->func_destroy != NULL)
    self->func_destroy (self->func_data);
  g_free (self->display_name);
  g_free (self->definition);
  g_clear_object (&self->options_schema);

  G_OBJECT_CLASS (genkit_evaluator_parent_class)->finalize (object);
}

static void
genkit_evaluator_class_init (GenkitEvaluatorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_evaluator_finalize;
  GENKIT_ACTION_CLASS (klass)->run = genkit_evaluator_run;
}

static void
genkit_evaluator_init (GenkitEvaluator *self)
{
  self->is_billed = TRUE;
}

/**
 * genkit_evaluator_new:
 * @name: the evaluator's name; its key is `/evaluator/<name>`
 * @func: (scope notified) (closure user_data) (destroy destroy): scores one test case
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the evaluator
 *
 * Creates an evaluator (Genkit's `defineEvaluator`) with Genkit's request and response
 * schemas. It is billed until [method@Genkit.Evaluator.set_is_billed] says otherwise, as in
 * Genkit, which makes the Genkit CLI ask before running it.
 *
 * Returns: (transfer full): a new evaluator, not yet registered
 */
GenkitEvaluator *
genkit_evaluator_new (const char          *name,
                      GenkitEvaluatorFunc  func,
                      gpointer             user_data,
                      GDestroyNotify       destroy)
{
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonNode) output = NULL;
  GenkitEvaluator *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_EVALUATOR,
                       "action-type", GENKIT_ACTION_TYPE_EVALUATOR,
                       "name", name,
                       NULL);
  self->func = func;
  self->func_data = user_data;
  self->func_destroy = destroy;

  /* Literals of this file: they always parse and compile. */
  input = json_from_string (input_schema_json, NULL);
  output = json_from_string (output_schema_json, NULL);
  genkit_action_set_input_schema (GENKIT_ACTION (self), input, NULL);
  genkit_action_set_output_schema (GENKIT_ACTION (self), output, NULL);
  genkit_evaluator_update_metadata (self);
  return self;
}

/**
 * genkit_evaluator_set_display_name:
 * @self: a [class@Genkit.Evaluator]
 * @display_name: (nullable): the name to show, e.g. `Faithfulness`; %NULL shows the name
 *
 * Sets `evaluatorDisplayName`.
 */
void
genkit_evaluator_set_display_name (GenkitEvaluator *self,
                                   const char      *display_name)
{
  g_return_if_fail (GENKIT_IS_EVALUATOR (self));

  g_free (self->display_name);
  self->display_name = g_strdup (display_name);
  genkit_evaluator_update_metadata (self);
}

/**
 * genkit_evaluator_set_definition:
 * @self: a [class@Genkit.Evaluator]
 * @definition: (nullable): what the score means, e.g. "PASS when the output equals the
 *   reference exactly"
 *
 * Sets `evaluatorDefinition`.
 */
void
genkit_evaluator_set_definition (GenkitEvaluator *self,
                                 const char      *definition)
{
  g_return_if_fail (GENKIT_IS_EVALUATOR (self));

  g_free (self->definition);
  self->definition = g_strdup (definition);
  genkit_evaluator_update_metadata (self);
}

/**
 * genkit_evaluator_set_is_billed:
 * @self: a [class@Genkit.Evaluator]
 * @is_billed: whether running it costs money (calls a paid model)
 *
 * Sets `evaluatorIsBilled`; the Genkit CLI asks for confirmation before running billed
 * evaluators.
 */
void
genkit_evaluator_set_is_billed (GenkitEvaluator *self,
                                gboolean         is_billed)
{
  g_return_if_fail (GENKIT_IS_EVALUATOR (self));

  self->is_billed = !!is_billed;
  genkit_evaluator_update_metadata (self);
}

/**
 * genkit_evaluator_set_options_schema:
 * @self: a [class@Genkit.Evaluator]
 * @schema: (nullable): a JSON Schema for the request's `options`, copied
 * @error: return location for an error
 *
 * Sets the schema of the evaluator's options, published as `customOptions` and checked on
 * every request.
 *
 * Returns: %TRUE on success; %FALSE with `INVALID_ARGUMENT` if @schema is not usable
 */
gboolean
genkit_evaluator_set_options_schema (GenkitEvaluator  *self,
                                     JsonNode         *schema,
                                     GError          **error)
{
  g_autoptr(GenkitJsonSchema) compiled = NULL;

  g_return_val_if_fail (GENKIT_IS_EVALUATOR (self), FALSE);

  if (schema != NULL && !(compiled = genkit_json_schema_new (schema, error)))
    return FALSE;

  g_clear_object (&self->options_schema);
  self->options_schema = g_steal_pointer (&compiled);
  genkit_evaluator_update_metadata (self);
  return TRUE;
}
