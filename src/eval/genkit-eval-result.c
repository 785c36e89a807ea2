/* genkit-eval-result.c — one test case of an eval run: what the target did and the scores
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-eval-private.h"

/**
 * GenkitEvalResult:
 *
 * One test case of a [class@Genkit.EvalRun]: Genkit's `EvalResult` — the test case id, the
 * input, the output and the retrieved context read from the run's trace, the reference, the
 * error when the target failed, the trace ids — with the scores of every evaluator as
 * Genkit's `EvalMetric`s (`evaluator`, `scoreId`, `score`, `status`, `rationale`, `error`,
 * `traceId`, `spanId`), and what the studio measures besides: the target's latency and the
 * tokens its model calls used.
 *
 * A result starts [enum@Genkit.EvalResultStatus.PENDING] and becomes `DONE` or `FAILED`
 * while its run goes on; its properties are notified then, so a results table can follow a
 * live run.
 */
struct _GenkitEvalResult
{
  GObject                 parent_instance;

  guint                   index;
  char                   *test_case_id;
  GenkitEvalResultStatus  status;
  JsonNode               *input;
  JsonNode               *output;
  JsonNode               *reference;
  JsonNode               *context;
  JsonNode               *custom;
  char                   *error;
  GStrv                   trace_ids;
  JsonObject             *responses;    /* evaluator key → EvalResponse */
  JsonNode               *metrics;      /* EvalMetric[], from responses */
  double                  latency_ms;
  JsonObject             *usage;
};

G_DEFINE_FINAL_TYPE (GenkitEvalResult, genkit_eval_result, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_INDEX,
  PROP_TEST_CASE_ID,
  PROP_STATUS,
  PROP_INPUT,
  PROP_OUTPUT,
  PROP_REFERENCE,
  PROP_CONTEXT,
  PROP_ERROR,
  PROP_METRICS,
  PROP_LATENCY_MS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const status_names[] = { "pending", "done", "failed" };

static void
genkit_eval_result_finalize (GObject *object)
{
  GenkitEvalResult *self = GENKIT_EVAL_RESULT (object);

  g_free (self->test_case_id);
  g_clear_pointer (&self->input, json_node_unref);
  g_clear_pointer (&self->output, json_node_unref);
  g_clear_pointer (&self->reference, json_node_unref);
  g_clear_pointer (&self->context, json_node_unref);
  g_clear_pointer (&self->custom, json_node_unref);
  g_free (self->error);
  g_strfreev (self->trace_ids);
  g_clear_pointer (&self->responses, json_object_unref);
  g_clear_pointer (&self->metrics, json_node_unref);
  g_clear_pointer (&self->usage, json_object_unref);

  G_OBJECT_CLASS (genkit_eval_result_parent_class)->finalize (object);
}

static void
genkit_eval_result_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GenkitEvalResult *self = GENKIT_EVAL_RESULT (object);

  switch (prop_id)
    {
    case PROP_INDEX:
      g_value_set_uint (value, self->index);
      break;
    case PROP_TEST_CASE_ID:
      g_value_set_string (value, self->test_case_id);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_INPUT:
      g_value_set_boxed (value, self->input);
      break;
    case PROP_OUTPUT:
      g_value_set_boxed (value, self->output);
      break;
    case PROP_REFERENCE:
      g_value_set_boxed (value, self->reference);
      break;
    case PROP_CONTEXT:
      g_value_set_boxed (value, self->context);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_METRICS:
      g_value_set_boxed (value, self->metrics);
      break;
    case PROP_LATENCY_MS:
      g_value_set_double (value, self->latency_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_eval_result_class_init (GenkitEvalResultClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_eval_result_finalize;
  object_class->get_property = genkit_eval_result_get_property;

  /**
   * GenkitEvalResult:index:
   *
   * The test case's place in the run, from 0.
   */
  properties[PROP_INDEX] =
    g_param_spec_uint ("index", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalResult:test-case-id:
   *
   * The test case id.
   */
  properties[PROP_TEST_CASE_ID] =
    g_param_spec_string ("test-case-id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalResult:status:
   *
   * Whether the test case is pending, done or failed.
   */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, GENKIT_TYPE_EVAL_RESULT_STATUS,
                       GENKIT_EVAL_RESULT_STATUS_PENDING, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalResult:input:
   *
   * The input: the dataset's, or for a flow the root span's `genkit:input`.
   */
  properties[PROP_INPUT] =
    g_param_spec_boxed ("input", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalResult:output:
   *
   * The output the trace recorded, or %NULL.
   */
  properties[PROP_OUTPUT] =
    g_param_spec_boxed ("output", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalResult:reference:
   *
   * The dataset's reference, or %NULL.
   */
  properties[PROP_REFERENCE] =
    g_param_spec_boxed ("reference", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalResult:context:
   *
   * The retrieved context (a JSON array of texts), or %NULL.
   */
  properties[PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalResult:error:
   *
   * Why the target failed, or %NULL.
   */
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalResult:metrics:
   *
   * The scores, a JSON array of Genkit `EvalMetric`s (empty until evaluated).
   */
  properties[PROP_METRICS] =
    g_param_spec_boxed ("metrics", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalResult:latency-ms:
   *
   * How long the target took, in milliseconds; -1 until it ran.
   */
  properties[PROP_LATENCY_MS] =
    g_param_spec_double ("latency-ms", NULL, NULL, -1, G_MAXDOUBLE, -1,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_eval_result_init (GenkitEvalResult *self)
{
  self->latency_ms = -1;
  self->trace_ids = g_new0 (char *, 1);
  self->metrics = json_node_init_array (json_node_alloc (), json_array_new ());
  json_array_unref (json_node_get_array (self->metrics));
}

/**
 * genkit_eval_result_new:
 * @index: the test case's place in the run
 * @test_case_id: the test case id
 * @input: (nullable): the dataset's input, copied
 * @reference: (nullable): the dataset's reference, copied
 * @context: (nullable): the dataset's context (a JSON array), copied
 *
 * Creates a pending result for a test case (what a runner does for each row).
 *
 * Returns: (transfer full): the result
 */
GenkitEvalResult *
genkit_eval_result_new (guint       index,
                        const char *test_case_id,
                        JsonNode   *input,
                        JsonNode   *reference,
                        JsonNode   *context)
{
  GenkitEvalResult *self;

  g_return_val_if_fail (test_case_id != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_EVAL_RESULT, NULL);
  self->index = index;
  self->test_case_id = g_strdup (test_case_id);
  self->input = _genkit_eval_json_copy (input);
  self->reference = _genkit_eval_json_copy (reference);
  self->context = _genkit_eval_json_is_array (context) ? json_node_copy (context) : NULL;
  return self;
}

static GStrv
strv_from_json (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (_genkit_eval_json_is_array (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        JsonNode *element = json_array_get_element (json_node_get_array (node), i);

        if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
          g_strv_builder_add (builder, json_node_get_string (element));
      }
  return g_strv_builder_end (builder);
}

/* A result from `SELECT idx, test_case_id, status, input, output, reference, context, custom,
 * error, trace_ids, responses, latency_ms, usage FROM eval_results`; the run sets the metrics
 * (it knows the evaluators' order). */
GenkitEvalResult *
_genkit_eval_result_new_from_row (sqlite3_stmt *stmt)
{
  GenkitEvalResult *self = g_object_new (GENKIT_TYPE_EVAL_RESULT, NULL);
  const char *status = (const char *) sqlite3_column_text (stmt, 2);
  g_autoptr(JsonNode) trace_ids = _genkit_eval_sql_column_json (stmt, 9);
  g_autoptr(JsonNode) responses = _genkit_eval_sql_column_json (stmt, 10);
  g_autoptr(JsonNode) usage = _genkit_eval_sql_column_json (stmt, 12);

  self->index = (guint) sqlite3_column_int64 (stmt, 0);
  self->test_case_id = _genkit_eval_sql_column_text (stmt, 1);
  for (guint i = 0; i < G_N_ELEMENTS (status_names); i++)
    if (g_strcmp0 (status, status_names[i]) == 0)
      self->status = (GenkitEvalResultStatus) i;
  self->input = _genkit_eval_sql_column_json (stmt, 3);
  self->output = _genkit_eval_sql_column_json (stmt, 4);
  self->reference = _genkit_eval_sql_column_json (stmt, 5);
  self->context = _genkit_eval_sql_column_json (stmt, 6);
  self->custom = _genkit_eval_sql_column_json (stmt, 7);
  self->error = _genkit_eval_sql_column_text (stmt, 8);
  g_strfreev (self->trace_ids);
  self->trace_ids = strv_from_json (trace_ids);
  if (responses != NULL && JSON_NODE_HOLDS_OBJECT (responses))
    self->responses = json_object_ref (json_node_get_object (responses));
  self->latency_ms = sqlite3_column_type (stmt, 11) == SQLITE_NULL ? -1 : sqlite3_column_double (stmt, 11);
  if (usage != NULL && JSON_NODE_HOLDS_OBJECT (usage))
    self->usage = json_object_ref (json_node_get_object (usage));
  return self;
}

/**
 * _genkit_eval_result_status_to_string:
 *
 * The status as the store writes it.
 */
const char *
_genkit_eval_result_status_to_string (GenkitEvalResultStatus status)
{
  return status_names[status];
}

void
_genkit_eval_result_set_status (GenkitEvalResult       *self,
                                GenkitEvalResultStatus  status)
{
  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
set_json (GenkitEvalResult  *self,
          JsonNode         **field,
          JsonNode          *value,
          int                prop)
{
  if (*field == NULL && value == NULL)
    return;
  if (*field != NULL && value != NULL && json_node_equal (*field, value))
    return;
  g_clear_pointer (field, json_node_unref);
  *field = _genkit_eval_json_copy (value);
  if (prop > 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
_genkit_eval_result_set_output (GenkitEvalResult *self,
                                JsonNode         *output)
{
  set_json (self, &self->output, output, PROP_OUTPUT);
}

void
_genkit_eval_result_set_input (GenkitEvalResult *self,
                               JsonNode         *input)
{
  set_json (self, &self->input, input, PROP_INPUT);
}

void
_genkit_eval_result_set_context (GenkitEvalResult *self,
                                 JsonNode         *context)
{
  set_json (self, &self->context, context, PROP_CONTEXT);
}

void
_genkit_eval_result_set_custom (GenkitEvalResult *self,
                                JsonNode         *custom)
{
  set_json (self, &self->custom, custom, -1);
}

void
_genkit_eval_result_set_error (GenkitEvalResult *self,
                               const char       *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

void
_genkit_eval_result_set_trace_ids (GenkitEvalResult *self,
                                   GPtrArray        *trace_ids)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; trace_ids != NULL && i < trace_ids->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (trace_ids, i));
  g_strfreev (self->trace_ids);
  self->trace_ids = g_strv_builder_end (builder);
}

/* Sets the evaluators' responses; the metrics follow, in the run's evaluator order. */
void
_genkit_eval_result_set_responses (GenkitEvalResult   *self,
                                   JsonObject         *responses,
                                   const char * const *evaluators)
{
  JsonObject *old = self->responses;

  /* @responses may be the result's own. */
  self->responses = responses ? json_object_ref (responses) : NULL;
  g_clear_pointer (&old, json_object_unref);
  g_clear_pointer (&self->metrics, json_node_unref);
  self->metrics = _genkit_eval_metrics_for_result (evaluators, self->responses);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_METRICS]);
}

JsonObject *
_genkit_eval_result_get_responses (GenkitEvalResult *self)
{
  return self->responses;
}

void
_genkit_eval_result_set_latency_ms (GenkitEvalResult *self,
                                    double            latency_ms)
{
  if (self->latency_ms == latency_ms)
    return;
  self->latency_ms = latency_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MS]);
}

void
_genkit_eval_result_set_usage (GenkitEvalResult *self,
                               JsonObject       *usage)
{
  g_clear_pointer (&self->usage, json_object_unref);
  if (usage != NULL && json_object_get_size (usage) > 0)
    self->usage = json_object_ref (usage);
}

/* Back to pending, for a test case whose work was interrupted. */
void
_genkit_eval_result_reset (GenkitEvalResult *self)
{
  _genkit_eval_result_set_status (self, GENKIT_EVAL_RESULT_STATUS_PENDING);
  _genkit_eval_result_set_output (self, NULL);
  _genkit_eval_result_set_error (self, NULL);
  _genkit_eval_result_set_custom (self, NULL);
  _genkit_eval_result_set_trace_ids (self, NULL);
  _genkit_eval_result_set_latency_ms (self, -1);
  _genkit_eval_result_set_usage (self, NULL);
  if (self->responses != NULL)
    _genkit_eval_result_set_responses (self, NULL, NULL);
}

/**
 * genkit_eval_result_get_index:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets the test case's place in the run, from 0.
 *
 * Returns: the test case's place in the run, from 0
 */
guint
genkit_eval_result_get_index (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), 0);

  return self->index;
}

/**
 * genkit_eval_result_get_test_case_id:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets the test case id.
 *
 * Returns: the test case id
 */
const char *
genkit_eval_result_get_test_case_id (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return self->test_case_id;
}

/**
 * genkit_eval_result_get_status:
 * @self: a [class@Genkit.EvalResult]
 *
 * Tells whether the test case is pending, done or failed.
 *
 * Returns: whether the test case is pending, done or failed
 */
GenkitEvalResultStatus
genkit_eval_result_get_status (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), GENKIT_EVAL_RESULT_STATUS_PENDING);

  return self->status;
}

/**
 * genkit_eval_result_get_input:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets the input.
 *
 * Returns: (transfer none) (nullable): the input
 */
JsonNode *
genkit_eval_result_get_input (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return self->input;
}

/**
 * genkit_eval_result_get_output:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets the output.
 *
 * Returns: (transfer none) (nullable): the output
 */
JsonNode *
genkit_eval_result_get_output (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return self->output;
}

/**
 * genkit_eval_result_get_reference:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets the reference.
 *
 * Returns: (transfer none) (nullable): the reference
 */
JsonNode *
genkit_eval_result_get_reference (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return self->reference;
}

/**
 * genkit_eval_result_get_context:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets the context, a JSON array.
 *
 * Returns: (transfer none) (nullable): the context, a JSON array
 */
JsonNode *
genkit_eval_result_get_context (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return self->context;
}

/**
 * genkit_eval_result_get_custom:
 * @self: a [class@Genkit.EvalResult]
 *
 * Genkit's `custom` of a result: `{"renderedPrompt": …}` for an executable prompt target.
 *
 * Returns: (transfer none) (nullable): the custom data
 */
JsonNode *
genkit_eval_result_get_custom (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return self->custom;
}

/**
 * genkit_eval_result_get_error:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets why the target failed.
 *
 * Returns: (nullable): why the target failed
 */
const char *
genkit_eval_result_get_error (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return self->error;
}

/**
 * genkit_eval_result_get_trace_ids:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets the traces of the target's runs.
 *
 * Returns: (transfer none): the traces of the target's runs (two for an executable prompt:
 *   the render, then the generate)
 */
const char * const *
genkit_eval_result_get_trace_ids (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return (const char * const *) self->trace_ids;
}

/**
 * genkit_eval_result_get_metrics:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets a JSON array of Genkit `EvalMetric`s, in the run's evaluator order.
 *
 * Returns: (transfer none): a JSON array of Genkit `EvalMetric`s, in the run's evaluator
 *   order
 */
JsonNode *
genkit_eval_result_get_metrics (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return self->metrics;
}

/**
 * genkit_eval_result_get_metric:
 * @self: a [class@Genkit.EvalResult]
 * @name: a metric: an evaluator key (`/evaluator/exactMatch`) or name (`exactMatch`), followed
 *   by `/<scoreId>` for an evaluator that gives several scores
 *
 * Finds one score.
 *
 * Returns: (transfer none) (nullable): the `EvalMetric`, or %NULL
 */
JsonObject *
genkit_eval_result_get_metric (GenkitEvalResult *self,
                               const char       *name)
{
  JsonArray *metrics;

  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  metrics = json_node_get_array (self->metrics);
  for (guint i = 0; i < json_array_get_length (metrics); i++)
    {
      JsonObject *metric = json_array_get_object_element (metrics, i);
      const char *evaluator = json_object_get_string_member_with_default (metric, "evaluator", "");
      const char *score_id = json_object_get_string_member_with_default (metric, "scoreId", NULL);
      g_autofree char *full = score_id ? g_strdup_printf ("%s/%s", evaluator, score_id) : g_strdup (evaluator);

      if (g_str_equal (full, name) ||
          (g_str_has_prefix (full, "/evaluator/") && g_str_equal (full + strlen ("/evaluator/"), name)))
        return metric;
    }
  return NULL;
}

/**
 * genkit_eval_result_get_latency_ms:
 * @self: a [class@Genkit.EvalResult]
 *
 * Gets how long the target took, in milliseconds, or -1 before it ran.
 *
 * Returns: how long the target took, in milliseconds, or -1 before it ran
 */
double
genkit_eval_result_get_latency_ms (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), -1);

  return self->latency_ms;
}

/**
 * genkit_eval_result_get_usage:
 * @self: a [class@Genkit.EvalResult]
 *
 * The usage the target's model calls reported, summed over the calls: Genkit's
 * `GenerationUsage` members that were present (`inputTokens`, `outputTokens`,
 * `totalTokens`, `inputCharacters`, …).
 *
 * Returns: (transfer none) (nullable): the usage, or %NULL when no model call reported any
 */
JsonObject *
genkit_eval_result_get_usage (GenkitEvalResult *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  return self->usage;
}

/**
 * genkit_eval_result_to_json:
 * @self: a [class@Genkit.EvalResult]
 *
 * The result as Genkit's `EvalResult` of an `EvalRun`: `testCaseId`, `input`, `output`,
 * `error`, `context`, `reference`, `custom`, `traceIds`, `metrics` (absent members left out,
 * as JavaScript's `JSON.stringify` leaves `undefined` out).
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
genkit_eval_result_to_json (GenkitEvalResult *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonArray *trace_ids = json_array_new ();

  g_return_val_if_fail (GENKIT_IS_EVAL_RESULT (self), NULL);

  json_object_set_string_member (object, "testCaseId", self->test_case_id);
  if (self->input != NULL)
    json_object_set_member (object, "input", json_node_copy (self->input));
  if (self->output != NULL)
    json_object_set_member (object, "output", json_node_copy (self->output));
  if (self->error != NULL)
    json_object_set_string_member (object, "error", self->error);
  if (self->context != NULL)
    json_object_set_member (object, "context", json_node_copy (self->context));
  if (self->reference != NULL)
    json_object_set_member (object, "reference", json_node_copy (self->reference));
  if (self->custom != NULL)
    json_object_set_member (object, "custom", json_node_copy (self->custom));
  for (guint i = 0; self->trace_ids[i] != NULL; i++)
    json_array_add_string_element (trace_ids, self->trace_ids[i]);
  json_object_set_array_member (object, "traceIds", trace_ids);
  json_object_set_member (object, "metrics", json_node_copy (self->metrics));
  return json_node_init_object (json_node_alloc (), object);
}
