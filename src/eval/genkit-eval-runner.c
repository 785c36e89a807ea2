/* genkit-eval-runner.c — runs a target on every test case of a dataset and scores the outputs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-eval-private.h"

/* How often the run's aggregates are refreshed while it goes on. */
#define AGGREGATE_INTERVAL_MS 250

/**
 * GenkitEvalRunner:
 *
 * Runs an evaluation the way `genkit eval:flow` and the Dev UI's "run new evaluation" do
 * (`genkit-tools/common/src/eval/evaluate.ts`), on any [iface@Genkit.Runtime]:
 *
 * 1. the target — a flow (`/flow/…`), a model (`/model/…`, the input a string or a
 *    `GenerateRequest`, [property@Genkit.EvalRunner:action-config] its config) or an
 *    executable prompt (`/executable-prompt/…`, rendered, then generated with `/util/generate`
 *    and the model named by the action config's `model`) — runs on each test case, up to
 *    [property@Genkit.EvalRunner:concurrency] at once, with the action context given;
 * 2. each test case's trace is read from [property@Genkit.EvalRunner:trace-store] (which
 *    receives the runtime's spans: attach a [class@Genkit.StoreSpanProcessor] to the built-in
 *    runtime — the runner does it unless told not to — or serve a
 *    [class@Genkit.TelemetryServer] on it for a runtime in another process) and the input,
 *    output, retrieved context and error are taken from it as Genkit's default extractors
 *    take them; the target's latency and its model calls' token usage are recorded;
 * 3. the evaluator actions score the test cases that did not fail, in chunks of
 *    [property@Genkit.EvalRunner:evaluation-chunk-size], with the run's id as `evalRunId`
 *    (and `batchSize` when one is set and the evaluators' runtime batches: JavaScript and
 *    this runtime); a failing evaluator gives those test cases an error score and the run
 *    goes on;
 * 4. every finished test case is written to the [class@Genkit.EvalStore] at once, so nothing
 *    done is lost if the run is cancelled or the process dies; at the end Genkit's
 *    `metricSummaries` and the studio's aggregates are computed and stored.
 *
 * A test case whose target fails is recorded as failed, with Genkit's error message, and the
 * others go on. Cancelling the #GCancellable stops the run: test cases in progress go back to
 * pending, the run is stored as cancelled, and [method@Genkit.EvalRunner.resume_async] later
 * runs only the pending ones.
 *
 * ```c
 * runner = genkit_eval_runner_new (runtime, eval_store);
 * genkit_eval_runner_set_trace_store (runner, trace_store);
 * genkit_eval_runner_set_target (runner, "/flow/greet");
 * genkit_eval_runner_set_evaluators (runner, (const char *[]) { "exactMatch", NULL });
 * genkit_eval_runner_set_rows (runner, rows, "greetings", 3);
 * g_signal_connect (runner, "row-completed", G_CALLBACK (row_completed_cb), self);
 * genkit_eval_runner_run_async (runner, cancellable, run_done_cb, self);
 * ```
 */
struct _GenkitEvalRunner
{
  GObject            parent_instance;

  GenkitRuntime     *runtime;
  GenkitRuntime     *evaluator_runtime;
  GenkitEvalStore   *store;
  GenkitTraceStore  *trace_store;
  gboolean           attach_span_processor;
  char              *target;
  GStrv              evaluators;
  JsonObject        *context;
  JsonNode          *action_config;
  JsonObject        *evaluator_options;
  guint              concurrency;
  guint              batch_size;
  guint              chunk_size;
  guint              trace_timeout;
  GPtrArray         *rows;
  char              *dataset_id;
  gint64             dataset_version;

  GenkitEvalRun     *run;
  gboolean           running;
};

G_DEFINE_FINAL_TYPE (GenkitEvalRunner, genkit_eval_runner, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RUNTIME,
  PROP_STORE,
  PROP_EVALUATOR_RUNTIME,
  PROP_TRACE_STORE,
  PROP_ATTACH_SPAN_PROCESSOR,
  PROP_TARGET,
  PROP_EVALUATORS,
  PROP_CONCURRENCY,
  PROP_BATCH_SIZE,
  PROP_EVALUATION_CHUNK_SIZE,
  PROP_TRACE_TIMEOUT,
  PROP_RUN,
  PROP_RUNNING,
  N_PROPS
};

enum {
  ROW_COMPLETED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef enum
{
  TARGET_FLOW,
  TARGET_MODEL,
  TARGET_EXECUTABLE_PROMPT,
} TargetType;

typedef struct _Execution Execution;

/* One test case on its way through the target and the trace. */
typedef struct
{
  Execution        *exec;
  GenkitEvalResult *result;
  JsonNode         *sample_input;
  GPtrArray        *trace_ids;       /* char * */
  char             *started_trace;
  char             *eval_error;
  JsonNode         *response;
  gint64            started_us;
  double            latency_ms;
  JsonNode         *traces[2];       /* the target's (last) trace, the prompt's render trace */
  guint             fetching;        /* which of traces[] is being read */
  gint64            fetch_deadline_us;
  guint             fetch_delay_ms;
  JsonNode         *data_point;      /* the EvalInput sent to evaluators */
} Row;

/* One chunk of test cases being scored. */
typedef struct
{
  Execution  *exec;
  GPtrArray  *rows;                  /* Row * */
  JsonNode  **responses;             /* per evaluator: the EvalResponse array, or NULL */
  char      **errors;                /* per evaluator: why it failed, or NULL */
  guint       pending;
} Chunk;

struct _Execution
{
  GenkitEvalRunner    *self;
  GTask               *task;          /* its first reference is held until the run ends */
  GenkitEvalRun       *run;
  GCancellable        *cancellable;
  TargetType           target_type;
  char                *target;
  GenkitRuntime       *runtime;
  GenkitRuntime       *evaluator_runtime;
  GStrv                evaluator_names;
  GStrv                evaluators;    /* keys */
  JsonObject          *context;
  JsonNode            *action_config;
  JsonObject          *evaluator_options;   /* evaluator key → options */
  guint                concurrency;
  guint                batch_size;
  guint                chunk_size;
  guint                trace_timeout;
  gboolean             send_batch_size;
  GenkitTraceStore    *trace_store;
  GenkitSpanProcessor *processor;
  GenkitTracer        *tracer;
  JsonNode            *actions;       /* the target runtime's listing */
  JsonNode            *metrics_metadata;
  GQueue               pending;       /* GenkitEvalResult */
  guint                n_inflight;
  GPtrArray           *ready;         /* Row * */
  guint                n_evaluating;
  GPtrArray           *dirty;         /* GenkitEvalResult */
  guint                n_saving;
  guint                aggregate_id;
  GError              *error;
  gboolean             resuming;
  gboolean             finishing;
  gboolean             listening;
};

static void exec_pump (Execution *exec);
static void row_fetch_trace (Row *row);

/* GObject ----------------------------------------------------------------------------- */

static void
genkit_eval_runner_dispose (GObject *object)
{
  GenkitEvalRunner *self = GENKIT_EVAL_RUNNER (object);

  g_clear_object (&self->runtime);
  g_clear_object (&self->evaluator_runtime);
  g_clear_object (&self->store);
  g_clear_object (&self->trace_store);
  g_clear_object (&self->run);

  G_OBJECT_CLASS (genkit_eval_runner_parent_class)->dispose (object);
}

static void
genkit_eval_runner_finalize (GObject *object)
{
  GenkitEvalRunner *self = GENKIT_EVAL_RUNNER (object);

  g_free (self->target);
  g_strfreev (self->evaluators);
  g_clear_pointer (&self->context, json_object_unref);
  g_clear_pointer (&self->action_config, json_node_unref);
  g_clear_pointer (&self->evaluator_options, json_object_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->dataset_id);

  G_OBJECT_CLASS (genkit_eval_runner_parent_class)->finalize (object);
}

static void
genkit_eval_runner_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GenkitEvalRunner *self = GENKIT_EVAL_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      g_value_set_object (value, self->runtime);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_EVALUATOR_RUNTIME:
      g_value_set_object (value, self->evaluator_runtime);
      break;
    case PROP_TRACE_STORE:
      g_value_set_object (value, self->trace_store);
      break;
    case PROP_ATTACH_SPAN_PROCESSOR:
      g_value_set_boolean (value, self->attach_span_processor);
      break;
    case PROP_TARGET:
      g_value_set_string (value, self->target);
      break;
    case PROP_EVALUATORS:
      g_value_set_boxed (value, self->evaluators);
      break;
    case PROP_CONCURRENCY:
      g_value_set_uint (value, self->concurrency);
      break;
    case PROP_BATCH_SIZE:
      g_value_set_uint (value, self->batch_size);
      break;
    case PROP_EVALUATION_CHUNK_SIZE:
      g_value_set_uint (value, self->chunk_size);
      break;
    case PROP_TRACE_TIMEOUT:
      g_value_set_uint (value, self->trace_timeout);
      break;
    case PROP_RUN:
      g_value_set_object (value, self->run);
      break;
    case PROP_RUNNING:
      g_value_set_boolean (value, self->running);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_eval_runner_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GenkitEvalRunner *self = GENKIT_EVAL_RUNNER (object);

  switch (prop_id)
    {
    case PROP_RUNTIME:
      self->runtime = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_EVALUATOR_RUNTIME:
      genkit_eval_runner_set_evaluator_runtime (self, g_value_get_object (value));
      break;
    case PROP_TRACE_STORE:
      genkit_eval_runner_set_trace_store (self, g_value_get_object (value));
      break;
    case PROP_ATTACH_SPAN_PROCESSOR:
      genkit_eval_runner_set_attach_span_processor (self, g_value_get_boolean (value));
      break;
    case PROP_TARGET:
      genkit_eval_runner_set_target (self, g_value_get_string (value));
      break;
    case PROP_EVALUATORS:
      genkit_eval_runner_set_evaluators (self, g_value_get_boxed (value));
      break;
    case PROP_CONCURRENCY:
      genkit_eval_runner_set_concurrency (self, g_value_get_uint (value));
      break;
    case PROP_BATCH_SIZE:
      genkit_eval_runner_set_batch_size (self, g_value_get_uint (value));
      break;
    case PROP_EVALUATION_CHUNK_SIZE:
      genkit_eval_runner_set_evaluation_chunk_size (self, g_value_get_uint (value));
      break;
    case PROP_TRACE_TIMEOUT:
      genkit_eval_runner_set_trace_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_eval_runner_class_init (GenkitEvalRunnerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_eval_runner_dispose;
  object_class->finalize = genkit_eval_runner_finalize;
  object_class->get_property = genkit_eval_runner_get_property;
  object_class->set_property = genkit_eval_runner_set_property;

  /**
   * GenkitEvalRunner:runtime:
   *
   * The runtime the target runs on.
   */
  properties[PROP_RUNTIME] =
    g_param_spec_object ("runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:store:
   *
   * Where runs are written.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GENKIT_TYPE_EVAL_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:evaluator-runtime:
   *
   * The runtime whose evaluator actions score the outputs; %NULL for the target's runtime (as
   * in Genkit). Setting the built-in runtime here scores any runtime's outputs with the
   * studio's evaluators.
   */
  properties[PROP_EVALUATOR_RUNTIME] =
    g_param_spec_object ("evaluator-runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:trace-store:
   *
   * The trace store the target runtime's spans reach, read for outputs and retrieved context.
   * Without one, outputs are taken from the runs' results and the context from the dataset.
   */
  properties[PROP_TRACE_STORE] =
    g_param_spec_object ("trace-store", NULL, NULL, GENKIT_TYPE_TRACE_STORE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:attach-span-processor:
   *
   * Whether, for a [class@Genkit.LocalRuntime], the runner adds a
   * [class@Genkit.StoreSpanProcessor] writing to [property@Genkit.EvalRunner:trace-store] to the
   * runtime's tracer for the run. Turn it off when the runtime already records its spans there
   * (the studio's built-in runtime does).
   */
  properties[PROP_ATTACH_SPAN_PROCESSOR] =
    g_param_spec_boolean ("attach-span-processor", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:target:
   *
   * The key of the action to evaluate: `/flow/…`, `/model/…` or `/executable-prompt/…`.
   */
  properties[PROP_TARGET] =
    g_param_spec_string ("target", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:evaluators:
   *
   * The evaluators: names (`exactMatch`, `genkitEval/regex`) or keys (`/evaluator/…`).
   */
  properties[PROP_EVALUATORS] =
    g_param_spec_boxed ("evaluators", NULL, NULL, G_TYPE_STRV,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:concurrency:
   *
   * How many test cases run at once (and how many evaluation chunks may be scored at once).
   */
  properties[PROP_CONCURRENCY] =
    g_param_spec_uint ("concurrency", NULL, NULL, 1, 1024, 4,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:batch-size:
   *
   * The `batchSize` evaluators get (test cases scored at once inside one evaluator call); 0
   * sends none, which evaluators take as 1.
   */
  properties[PROP_BATCH_SIZE] =
    g_param_spec_uint ("batch-size", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:evaluation-chunk-size:
   *
   * How many finished test cases each evaluator call scores.
   */
  properties[PROP_EVALUATION_CHUNK_SIZE] =
    g_param_spec_uint ("evaluation-chunk-size", NULL, NULL, 1, G_MAXUINT, 16,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:trace-timeout:
   *
   * How long to wait for a test case's trace to be complete in the trace store, in
   * milliseconds (spans of a runtime in another process arrive over HTTP).
   */
  properties[PROP_TRACE_TIMEOUT] =
    g_param_spec_uint ("trace-timeout", NULL, NULL, 0, G_MAXUINT, 10000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:run:
   *
   * The run being made (or the last one), from the moment it starts; its results and counts
   * change as it goes.
   */
  properties[PROP_RUN] =
    g_param_spec_object ("run", NULL, NULL, GENKIT_TYPE_EVAL_RUN, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitEvalRunner:running:
   *
   * Whether a run is going on.
   */
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GenkitEvalRunner::row-completed:
   * @self: the runner
   * @result: the test case, done or failed
   *
   * Emitted when a test case is finished: scored, or failed. The run's counts are already
   * updated.
   */
  signals[ROW_COMPLETED] =
    g_signal_new ("row-completed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GENKIT_TYPE_EVAL_RESULT);
}

static void
genkit_eval_runner_init (GenkitEvalRunner *self)
{
  self->attach_span_processor = TRUE;
  self->concurrency = 4;
  self->chunk_size = 16;
  self->trace_timeout = 10000;
  self->evaluators = g_new0 (char *, 1);
}

/**
 * genkit_eval_runner_new:
 * @runtime: the runtime the target runs on
 * @store: where runs are written
 *
 * Creates a runner.
 *
 * Returns: (transfer full): the runner
 */
GenkitEvalRunner *
genkit_eval_runner_new (GenkitRuntime   *runtime,
                        GenkitEvalStore *store)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (runtime), NULL);
  g_return_val_if_fail (GENKIT_IS_EVAL_STORE (store), NULL);

  return g_object_new (GENKIT_TYPE_EVAL_RUNNER, "runtime", runtime, "store", store, NULL);
}

/**
 * genkit_eval_runner_get_runtime:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the target's runtime.
 *
 * Returns: (transfer none): the target's runtime
 */
GenkitRuntime *
genkit_eval_runner_get_runtime (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return self->runtime;
}

/**
 * genkit_eval_runner_get_store:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the eval store.
 *
 * Returns: (transfer none): the eval store
 */
GenkitEvalStore *
genkit_eval_runner_get_store (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return self->store;
}

/**
 * genkit_eval_runner_get_evaluator_runtime:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the evaluators' runtime, %NULL for the target's.
 *
 * Returns: (transfer none) (nullable): the evaluators' runtime, %NULL for the target's
 */
GenkitRuntime *
genkit_eval_runner_get_evaluator_runtime (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return self->evaluator_runtime;
}

/**
 * genkit_eval_runner_set_evaluator_runtime:
 * @self: a [class@Genkit.EvalRunner]
 * @runtime: (nullable): the evaluators' runtime
 *
 * Sets [property@Genkit.EvalRunner:evaluator-runtime].
 */
void
genkit_eval_runner_set_evaluator_runtime (GenkitEvalRunner *self,
                                          GenkitRuntime    *runtime)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));
  g_return_if_fail (runtime == NULL || GENKIT_IS_RUNTIME (runtime));

  if (g_set_object (&self->evaluator_runtime, runtime))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATOR_RUNTIME]);
}

/**
 * genkit_eval_runner_get_trace_store:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the trace store.
 *
 * Returns: (transfer none) (nullable): the trace store
 */
GenkitTraceStore *
genkit_eval_runner_get_trace_store (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return self->trace_store;
}

/**
 * genkit_eval_runner_set_trace_store:
 * @self: a [class@Genkit.EvalRunner]
 * @trace_store: (nullable): the trace store
 *
 * Sets [property@Genkit.EvalRunner:trace-store].
 */
void
genkit_eval_runner_set_trace_store (GenkitEvalRunner *self,
                                    GenkitTraceStore *trace_store)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));

  if (g_set_object (&self->trace_store, trace_store))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE_STORE]);
}

/**
 * genkit_eval_runner_get_attach_span_processor:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Tells whether the runner records a local runtime's spans itself.
 *
 * Returns: whether the runner records a local runtime's spans itself
 */
gboolean
genkit_eval_runner_get_attach_span_processor (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), FALSE);

  return self->attach_span_processor;
}

/**
 * genkit_eval_runner_set_attach_span_processor:
 * @self: a [class@Genkit.EvalRunner]
 * @attach: whether to record a local runtime's spans
 *
 * Sets [property@Genkit.EvalRunner:attach-span-processor].
 */
void
genkit_eval_runner_set_attach_span_processor (GenkitEvalRunner *self,
                                              gboolean          attach)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));

  attach = !!attach;
  if (self->attach_span_processor == attach)
    return;
  self->attach_span_processor = attach;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ATTACH_SPAN_PROCESSOR]);
}

/**
 * genkit_eval_runner_get_target:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the target's key.
 *
 * Returns: (nullable): the target's key
 */
const char *
genkit_eval_runner_get_target (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return self->target;
}

/**
 * genkit_eval_runner_set_target:
 * @self: a [class@Genkit.EvalRunner]
 * @target: (nullable): an action key: `/flow/…`, `/model/…` or `/executable-prompt/…`
 *
 * Sets [property@Genkit.EvalRunner:target].
 */
void
genkit_eval_runner_set_target (GenkitEvalRunner *self,
                               const char       *target)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));

  if (g_strcmp0 (self->target, target) == 0)
    return;
  g_free (self->target);
  self->target = g_strdup (target);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TARGET]);
}

/**
 * genkit_eval_runner_get_evaluators:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the evaluators, as set.
 *
 * Returns: (transfer none): the evaluators, as set
 */
const char * const *
genkit_eval_runner_get_evaluators (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return (const char * const *) self->evaluators;
}

/**
 * genkit_eval_runner_set_evaluators:
 * @self: a [class@Genkit.EvalRunner]
 * @evaluators: (nullable) (array zero-terminated=1): evaluator names or keys
 *
 * Sets [property@Genkit.EvalRunner:evaluators]. A run without evaluators only records the
 * outputs.
 */
void
genkit_eval_runner_set_evaluators (GenkitEvalRunner   *self,
                                   const char * const *evaluators)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));

  g_strfreev (self->evaluators);
  self->evaluators = evaluators ? g_strdupv ((char **) evaluators) : g_new0 (char *, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATORS]);
}

/**
 * genkit_eval_runner_get_context:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the action context the target runs with.
 *
 * Returns: (transfer none) (nullable): the action context the target runs with
 */
JsonObject *
genkit_eval_runner_get_context (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return self->context;
}

/**
 * genkit_eval_runner_set_context:
 * @self: a [class@Genkit.EvalRunner]
 * @context: (nullable): the action context for flows and prompts (`genkit eval:flow -c`)
 *
 * Sets the action context.
 */
void
genkit_eval_runner_set_context (GenkitEvalRunner *self,
                                JsonObject       *context)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));

  g_clear_pointer (&self->context, json_object_unref);
  if (context != NULL)
    self->context = json_object_ref (context);
}

/**
 * genkit_eval_runner_get_action_config:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the action config.
 *
 * Returns: (transfer none) (nullable): the action config
 */
JsonNode *
genkit_eval_runner_get_action_config (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return self->action_config;
}

/**
 * genkit_eval_runner_set_action_config:
 * @self: a [class@Genkit.EvalRunner]
 * @action_config: (nullable): Genkit's `actionConfig`: the `config` of a model target's
 *   requests; for an executable prompt, `{"model": "/model/…", …config}`
 *
 * Sets the action config, copied.
 */
void
genkit_eval_runner_set_action_config (GenkitEvalRunner *self,
                                      JsonNode         *action_config)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));

  g_clear_pointer (&self->action_config, json_node_unref);
  self->action_config = _genkit_eval_json_copy (action_config);
}

/**
 * genkit_eval_runner_get_evaluator_options:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the evaluators' options.
 *
 * Returns: (transfer none) (nullable): the evaluators' options
 */
JsonObject *
genkit_eval_runner_get_evaluator_options (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return self->evaluator_options;
}

/**
 * genkit_eval_runner_set_evaluator_options:
 * @self: a [class@Genkit.EvalRunner]
 * @options: (nullable): evaluator name or key → the `options` of its requests (checked by the
 *   evaluator against its options schema), such as
 *   `{"genkitEval/faithfulness": {"judge": "googleai/gemini-2.5-flash"}}`
 *
 * Sets the options each evaluator is called with (Genkit's `EvalRequest.options`); an
 * evaluator without an entry gets none.
 */
void
genkit_eval_runner_set_evaluator_options (GenkitEvalRunner *self,
                                          JsonObject       *options)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));

  g_clear_pointer (&self->evaluator_options, json_object_unref);
  if (options != NULL)
    self->evaluator_options = json_object_ref (options);
}

/**
 * genkit_eval_runner_get_concurrency:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets how many test cases run at once.
 *
 * Returns: how many test cases run at once
 */
guint
genkit_eval_runner_get_concurrency (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), 1);

  return self->concurrency;
}

/**
 * genkit_eval_runner_set_concurrency:
 * @self: a [class@Genkit.EvalRunner]
 * @concurrency: how many test cases run at once, 1 to 1024
 *
 * Sets [property@Genkit.EvalRunner:concurrency].
 */
void
genkit_eval_runner_set_concurrency (GenkitEvalRunner *self,
                                    guint             concurrency)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));
  g_return_if_fail (concurrency >= 1 && concurrency <= 1024);

  if (self->concurrency == concurrency)
    return;
  self->concurrency = concurrency;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONCURRENCY]);
}

/**
 * genkit_eval_runner_get_batch_size:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the evaluators' `batchSize`, or 0.
 *
 * Returns: the evaluators' `batchSize`, or 0
 */
guint
genkit_eval_runner_get_batch_size (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), 0);

  return self->batch_size;
}

/**
 * genkit_eval_runner_set_batch_size:
 * @self: a [class@Genkit.EvalRunner]
 * @batch_size: the evaluators' `batchSize`; 0 for none
 *
 * Sets [property@Genkit.EvalRunner:batch-size].
 */
void
genkit_eval_runner_set_batch_size (GenkitEvalRunner *self,
                                   guint             batch_size)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));

  if (self->batch_size == batch_size)
    return;
  self->batch_size = batch_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BATCH_SIZE]);
}

/**
 * genkit_eval_runner_get_evaluation_chunk_size:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets how many test cases each evaluator call scores.
 *
 * Returns: how many test cases each evaluator call scores
 */
guint
genkit_eval_runner_get_evaluation_chunk_size (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), 1);

  return self->chunk_size;
}

/**
 * genkit_eval_runner_set_evaluation_chunk_size:
 * @self: a [class@Genkit.EvalRunner]
 * @chunk_size: how many test cases each evaluator call scores (at least 1)
 *
 * Sets [property@Genkit.EvalRunner:evaluation-chunk-size].
 */
void
genkit_eval_runner_set_evaluation_chunk_size (GenkitEvalRunner *self,
                                              guint             chunk_size)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));
  g_return_if_fail (chunk_size >= 1);

  if (self->chunk_size == chunk_size)
    return;
  self->chunk_size = chunk_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATION_CHUNK_SIZE]);
}

/**
 * genkit_eval_runner_get_trace_timeout:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets how long to wait for a trace, in milliseconds.
 *
 * Returns: how long to wait for a trace, in milliseconds
 */
guint
genkit_eval_runner_get_trace_timeout (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), 0);

  return self->trace_timeout;
}

/**
 * genkit_eval_runner_set_trace_timeout:
 * @self: a [class@Genkit.EvalRunner]
 * @timeout_ms: how long to wait for a trace, in milliseconds
 *
 * Sets [property@Genkit.EvalRunner:trace-timeout].
 */
void
genkit_eval_runner_set_trace_timeout (GenkitEvalRunner *self,
                                      guint             timeout_ms)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));

  if (self->trace_timeout == timeout_ms)
    return;
  self->trace_timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TRACE_TIMEOUT]);
}

/**
 * genkit_eval_runner_set_rows:
 * @self: a [class@Genkit.EvalRunner]
 * @rows: (element-type GenkitDatasetRow): the test cases, copied
 * @dataset_id: (nullable): the dataset they are from, or %NULL for rows from a file
 * @dataset_version: the dataset's version, or 0
 *
 * Sets the test cases of the next run.
 */
void
genkit_eval_runner_set_rows (GenkitEvalRunner *self,
                             GPtrArray        *rows,
                             const char       *dataset_id,
                             gint64            dataset_version)
{
  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));
  g_return_if_fail (rows != NULL);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (self->rows, genkit_dataset_row_copy (g_ptr_array_index (rows, i)));
  g_free (self->dataset_id);
  self->dataset_id = g_strdup (dataset_id);
  self->dataset_version = dataset_version;
}

/**
 * genkit_eval_runner_get_run:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Gets the run being made, or the last one.
 *
 * Returns: (transfer none) (nullable): the run being made, or the last one
 */
GenkitEvalRun *
genkit_eval_runner_get_run (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);

  return self->run;
}

/**
 * genkit_eval_runner_get_running:
 * @self: a [class@Genkit.EvalRunner]
 *
 * Tells whether a run is going on.
 *
 * Returns: whether a run is going on
 */
gboolean
genkit_eval_runner_get_running (GenkitEvalRunner *self)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), FALSE);

  return self->running;
}

/* Execution --------------------------------------------------------------------------- */

static void
row_free (Row *row)
{
  g_clear_object (&row->result);
  g_clear_pointer (&row->sample_input, json_node_unref);
  g_clear_pointer (&row->trace_ids, g_ptr_array_unref);
  g_free (row->started_trace);
  g_free (row->eval_error);
  g_clear_pointer (&row->response, json_node_unref);
  g_clear_pointer (&row->traces[0], json_node_unref);
  g_clear_pointer (&row->traces[1], json_node_unref);
  g_clear_pointer (&row->data_point, json_node_unref);
  g_free (row);
}

static void
execution_free (Execution *exec)
{
  g_clear_handle_id (&exec->aggregate_id, g_source_remove);
  g_queue_clear_full (&exec->pending, g_object_unref);
  g_clear_pointer (&exec->ready, g_ptr_array_unref);
  g_clear_pointer (&exec->dirty, g_ptr_array_unref);
  g_clear_object (&exec->run);
  g_clear_object (&exec->cancellable);
  g_free (exec->target);
  g_clear_object (&exec->runtime);
  g_clear_object (&exec->evaluator_runtime);
  g_strfreev (exec->evaluator_names);
  g_strfreev (exec->evaluators);
  g_clear_pointer (&exec->context, json_object_unref);
  g_clear_pointer (&exec->action_config, json_node_unref);
  g_clear_pointer (&exec->evaluator_options, json_object_unref);
  g_clear_object (&exec->trace_store);
  g_clear_object (&exec->processor);
  g_clear_object (&exec->tracer);
  g_clear_pointer (&exec->actions, json_node_unref);
  g_clear_pointer (&exec->metrics_metadata, json_node_unref);
  g_clear_error (&exec->error);
  g_clear_object (&exec->self);
  g_free (exec);
}

static gboolean
exec_stopping (Execution *exec)
{
  return exec->error != NULL || g_cancellable_is_cancelled (exec->cancellable);
}

static void
exec_fail (Execution *exec,
           GError    *error)
{
  if (exec->error == NULL)
    exec->error = error;
  else
    g_error_free (error);
}

static void
exec_update_aggregates (Execution *exec)
{
  g_autoptr(GPtrArray) results = _genkit_eval_run_get_results_array (exec->run);
  g_autoptr(JsonNode) aggregates = _genkit_eval_aggregates ((const char * const *) exec->evaluators, results);

  _genkit_eval_run_set_summaries (exec->run, genkit_eval_run_get_metric_summaries (exec->run), aggregates);
}

static void
aggregate_timeout_cb (gpointer user_data)
{
  Execution *exec = user_data;

  exec->aggregate_id = 0;
  exec_update_aggregates (exec);
}

static void
exec_schedule_aggregates (Execution *exec)
{
  if (exec->aggregate_id == 0)
    exec->aggregate_id = g_timeout_add_once (AGGREGATE_INTERVAL_MS, aggregate_timeout_cb, exec);
}

/* A test case is finished: counted, saved with the next write, announced. */
static void
exec_complete_result (Execution              *exec,
                      GenkitEvalResult       *result,
                      GenkitEvalResultStatus  status)
{
  _genkit_eval_result_set_status (result, status);
  g_ptr_array_add (exec->dirty, g_object_ref (result));
  _genkit_eval_run_recount (exec->run);
  exec_schedule_aggregates (exec);
  g_signal_emit (exec->self, signals[ROW_COMPLETED], 0, result);
}

static void
exec_saved_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Execution *exec = g_task_get_task_data (task);
  GError *error = NULL;

  exec->n_saving--;
  if (!_genkit_eval_store_save_finish (GENKIT_EVAL_STORE (object), result, &error))
    exec_fail (exec, error);
  exec_pump (exec);
}

static void
exec_save_dirty (Execution *exec)
{
  g_autoptr(GPtrArray) dirty = NULL;

  if (exec->dirty->len == 0 || exec->n_saving > 0 || exec->finishing)
    return;
  dirty = g_steal_pointer (&exec->dirty);
  exec->dirty = g_ptr_array_new_with_free_func (g_object_unref);
  exec->n_saving++;
  _genkit_eval_store_save_async (exec->self->store, exec->run, dirty, exec_saved_cb, g_object_ref (exec->task));
}

static void
exec_final_saved_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Execution *exec = g_task_get_task_data (task);
  GenkitEvalRunner *self = exec->self;
  GError *error = NULL;

  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);

  if (!_genkit_eval_store_save_finish (GENKIT_EVAL_STORE (object), result, &error))
    g_task_return_error (task, error);
  else if (exec->error != NULL)
    g_task_return_error (task, g_error_copy (exec->error));
  /* What exec_finish() stored is the outcome: a cancel that comes while the completed run
   * is being saved is too late to make it a cancelled one. */
  else if (genkit_eval_run_get_status (exec->run) == GENKIT_EVAL_RUN_STATUS_CANCELLED)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The eval run was cancelled");
  else
    g_task_return_pointer (task, g_object_ref (exec->run), g_object_unref);
}

static void
exec_finish (Execution *exec)
{
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(JsonNode) aggregates = NULL;
  g_autoptr(JsonNode) summaries = NULL;

  exec->finishing = TRUE;
  g_clear_handle_id (&exec->aggregate_id, g_source_remove);

  if (exec->processor != NULL)
    {
      genkit_tracer_remove_processor (exec->tracer, exec->processor);
      g_clear_object (&exec->processor);
    }

  results = _genkit_eval_run_get_results_array (exec->run);
  aggregates = _genkit_eval_aggregates ((const char * const *) exec->evaluators, results);
  if (exec->error != NULL)
    _genkit_eval_run_set_status (exec->run, GENKIT_EVAL_RUN_STATUS_FAILED, exec->error->message);
  else if (g_cancellable_is_cancelled (exec->cancellable))
    _genkit_eval_run_set_status (exec->run, GENKIT_EVAL_RUN_STATUS_CANCELLED, NULL);
  else
    {
      summaries = _genkit_eval_metric_summaries ((const char * const *) exec->evaluators, results);
      _genkit_eval_run_set_finished_at (exec->run, _genkit_eval_now_ms ());
      _genkit_eval_run_set_status (exec->run, GENKIT_EVAL_RUN_STATUS_COMPLETED, NULL);
    }
  _genkit_eval_run_set_summaries (exec->run, summaries, aggregates);

  /* The task's first reference, held while the run went on, goes to the last callback. */
  _genkit_eval_store_save_async (exec->self->store, exec->run, exec->dirty, exec_final_saved_cb, exec->task);
  g_ptr_array_set_size (exec->dirty, 0);
}

/* Targets ----------------------------------------------------------------------------- */

static void
row_started_cb (const char *trace_id,
                const char *span_id,
                gpointer    user_data)
{
  Row *row = user_data;

  if (row->started_trace == NULL)
    row->started_trace = g_strdup (trace_id);
}

/* Runs one action of the target runtime for @row; the trace id comes from the result, or for
 * a failure from the started callback (Genkit reads the error's `details.traceId`). */
static void
row_run_action (Row                 *row,
                const char          *key,
                JsonNode            *input,
                gboolean             with_context,
                GAsyncReadyCallback  callback)
{
  Execution *exec = row->exec;
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();

  g_clear_pointer (&row->started_trace, g_free);
  if (with_context && exec->context != NULL)
    genkit_run_options_set_context (options, exec->context);
  genkit_run_options_set_started_func (options, row_started_cb, row, NULL);
  genkit_runtime_run_action_async (exec->runtime, key, input, options, exec->cancellable, callback, row);
}

static char *
row_take_trace_id (Row                *row,
                   GenkitActionResult *result)
{
  const char *id = result ? genkit_action_result_get_trace_id (result) : row->started_trace;

  if (id == NULL || *id == '\0')
    return NULL;
  g_ptr_array_add (row->trace_ids, g_strdup (id));
  return g_strdup (id);
}

/* Back to pending: the test case was in progress when the run stopped. */
static void
row_abandon (Row *row)
{
  Execution *exec = row->exec;

  _genkit_eval_result_reset (row->result);
  exec->n_inflight--;
  row_free (row);
  exec_pump (exec);
}

static void
row_fail (Row        *row,
          const char *message)
{
  Execution *exec = row->exec;

  _genkit_eval_result_set_error (row->result, message);
  exec_complete_result (exec, row->result, GENKIT_EVAL_RESULT_STATUS_FAILED);
  exec->n_inflight--;
  row_free (row);
  exec_pump (exec);
}

/* Genkit's `getErrorFromModelResponse()`: what makes a model's answer unusable. */
static char *
model_error (JsonNode *output)
{
  JsonObject *response;
  JsonNode *candidates;
  JsonObject *source = NULL;
  gboolean has_legacy, has_new;
  const char *reason, *message;

  if (output == NULL || !JSON_NODE_HOLDS_OBJECT (output))
    goto none;
  response = json_node_get_object (output);
  candidates = json_object_get_member (response, "candidates");
  has_legacy = candidates && JSON_NODE_HOLDS_ARRAY (candidates) &&
               json_array_get_length (json_node_get_array (candidates)) > 0;
  has_new = json_object_has_member (response, "message") &&
            !JSON_NODE_HOLDS_NULL (json_object_get_member (response, "message"));
  if (!has_legacy && !has_new)
    goto none;

  if (has_legacy && JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (candidates), 0)))
    source = json_array_get_object_element (json_node_get_array (candidates), 0);
  else if (has_new)
    source = response;
  if (source == NULL)
    return NULL;
  reason = json_object_get_string_member_with_default (source, "finishReason", NULL);
  message = json_object_get_string_member_with_default (source, "finishMessage", NULL);
  if (g_strcmp0 (reason, "blocked") == 0)
    return g_strdup (message && *message ? message : "Generation was blocked by the model.");
  return NULL;

none:
  {
    g_autofree char *text = output ? json_to_string (output, FALSE) : g_strdup ("undefined");

    return g_strdup_printf ("No response was extracted from the output. '%s'", text);
  }
}

static void
row_ready (Row *row)
{
  Execution *exec = row->exec;
  GenkitEvalResult *result = row->result;
  g_autoptr(JsonObject) point = json_object_new ();
  JsonArray *trace_ids = json_array_new ();

  json_object_set_string_member (point, "testCaseId", genkit_eval_result_get_test_case_id (result));
  if (genkit_eval_result_get_input (result) != NULL)
    json_object_set_member (point, "input", json_node_copy (genkit_eval_result_get_input (result)));
  if (genkit_eval_result_get_output (result) != NULL)
    json_object_set_member (point, "output", json_node_copy (genkit_eval_result_get_output (result)));
  if (genkit_eval_result_get_context (result) != NULL)
    json_object_set_member (point, "context", json_node_copy (genkit_eval_result_get_context (result)));
  if (genkit_eval_result_get_reference (result) != NULL)
    json_object_set_member (point, "reference", json_node_copy (genkit_eval_result_get_reference (result)));
  if (genkit_eval_result_get_custom (result) != NULL)
    json_object_set_member (point, "custom", json_node_copy (genkit_eval_result_get_custom (result)));
  for (guint i = 0; i < row->trace_ids->len; i++)
    json_array_add_string_element (trace_ids, g_ptr_array_index (row->trace_ids, i));
  json_object_set_array_member (point, "traceIds", trace_ids);
  row->data_point = json_node_init_object (json_node_alloc (), point);

  exec->n_inflight--;
  g_ptr_array_add (exec->ready, row);
  exec_pump (exec);
}

/* The test case's EvalInput, from its traces as Genkit's `gatherEvalInput()` builds it. */
static void
row_extract (Row *row)
{
  Execution *exec = row->exec;
  GenkitEvalResult *result = row->result;
  JsonNode *trace = row->traces[0];
  g_autoptr(JsonObject) usage = json_object_new ();
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autoptr(JsonNode) context = NULL;
  g_autofree char *error = NULL;

  _genkit_eval_result_set_trace_ids (result, row->trace_ids);
  _genkit_eval_result_set_latency_ms (result, row->latency_ms);
  for (guint i = 0; i < G_N_ELEMENTS (row->traces); i++)
    if (row->traces[i] != NULL)
      _genkit_eval_trace_add_usage (row->traces[i], usage);
  _genkit_eval_result_set_usage (result, usage);

  if (exec->target_type == TARGET_FLOW)
    {
      input = trace ? _genkit_eval_trace_input (trace) : NULL;
      _genkit_eval_result_set_input (result, input ? input : NULL);
      if (input == NULL)
        {
          g_autoptr(JsonNode) empty = _genkit_eval_json_string ("");

          /* Genkit's safeParse gives '' for a missing attribute. */
          if (trace != NULL && _genkit_eval_trace_root_span (trace) != NULL)
            _genkit_eval_result_set_input (result, empty);
        }
    }
  if (exec->target_type == TARGET_EXECUTABLE_PROMPT)
    {
      g_autoptr(JsonObject) custom = json_object_new ();
      g_autoptr(JsonNode) custom_node = NULL;
      g_autoptr(JsonNode) rendered = row->traces[1] ? _genkit_eval_trace_output (row->traces[1]) : NULL;

      json_object_set_member (custom, "renderedPrompt", rendered ? g_steal_pointer (&rendered)
                                                                 : _genkit_eval_json_string (""));
      custom_node = json_node_init_object (json_node_alloc (), custom);
      _genkit_eval_result_set_custom (result, custom_node);
    }

  if (trace == NULL || _genkit_eval_trace_root_span (trace) == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Unable to extract any spans from trace %s",
                                                  (const char *) g_ptr_array_index (row->trace_ids,
                                                                                    row->trace_ids->len - 1));
      row_fail (row, message);
      return;
    }
  if ((error = _genkit_eval_trace_error (trace)) != NULL)
    {
      row_fail (row, error);
      return;
    }

  output = _genkit_eval_trace_output (trace);
  if (output == NULL)
    output = _genkit_eval_json_string ("");
  context = _genkit_eval_trace_context (trace);
  _genkit_eval_result_set_output (result, output);
  /* No retrieval in the trace: the dataset's own context, if it has one, is what evaluators
   * judge against. */
  if (json_array_get_length (json_node_get_array (context)) > 0 || genkit_eval_result_get_context (result) == NULL)
    _genkit_eval_result_set_context (result, context);

  if (exec->target_type == TARGET_MODEL && (error = model_error (output)) != NULL)
    {
      row_fail (row, error);
      return;
    }
  row_ready (row);
}

/* Without a trace store: the outputs are the runs' results. */
static void
row_extract_without_traces (Row *row)
{
  Execution *exec = row->exec;
  GenkitEvalResult *result = row->result;
  g_autofree char *error = NULL;

  _genkit_eval_result_set_trace_ids (row->result, row->trace_ids);
  _genkit_eval_result_set_latency_ms (row->result, row->latency_ms);
  if (exec->target_type == TARGET_MODEL && row->response != NULL && JSON_NODE_HOLDS_OBJECT (row->response))
    {
      JsonNode *usage = json_object_get_member (json_node_get_object (row->response), "usage");

      if (usage != NULL && JSON_NODE_HOLDS_OBJECT (usage))
        _genkit_eval_result_set_usage (result, json_node_get_object (usage));
    }
  _genkit_eval_result_set_output (result, row->response);
  if (genkit_eval_result_get_context (result) == NULL)
    {
      g_autoptr(JsonNode) empty = json_node_init_array (json_node_alloc (), json_array_new ());

      json_array_unref (json_node_get_array (empty));
      _genkit_eval_result_set_context (result, empty);
    }
  if (exec->target_type == TARGET_MODEL && (error = model_error (row->response)) != NULL)
    {
      row_fail (row, error);
      return;
    }
  row_ready (row);
}

static void
row_trace_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Row *row = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = NULL;

  trace = genkit_trace_store_get_trace_finish (GENKIT_TRACE_STORE (object), result, &error);
  if (error != NULL && !g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND))
    {
      exec_fail (row->exec, g_steal_pointer (&error));
      row_abandon (row);
      return;
    }

  if (trace != NULL)
    {
      g_clear_pointer (&row->traces[row->fetching], json_node_unref);
      row->traces[row->fetching] = g_steal_pointer (&trace);
    }

  if (!_genkit_eval_trace_is_complete (row->traces[row->fetching]) &&
      g_get_monotonic_time () < row->fetch_deadline_us && !g_cancellable_is_cancelled (row->exec->cancellable))
    {
      /* Spans of another process's runtime are still on their way. */
      g_timeout_add_once (row->fetch_delay_ms, (GSourceOnceFunc) row_fetch_trace, row);
      row->fetch_delay_ms = MIN (row->fetch_delay_ms * 2, 500);
      return;
    }

  if (g_cancellable_is_cancelled (row->exec->cancellable))
    {
      row_abandon (row);
      return;
    }

  /* The target's trace is read; for an executable prompt, its render trace next. */
  if (row->exec->target_type == TARGET_EXECUTABLE_PROMPT && row->fetching == 0)
    {
      row->fetching = 1;
      row->fetch_deadline_us = g_get_monotonic_time () + (gint64) row->exec->trace_timeout * 1000;
      row->fetch_delay_ms = 10;
      row_fetch_trace (row);
      return;
    }
  row_extract (row);
}

static void
row_flushed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Row *row = user_data;
  const char *trace_id;
  g_autoptr(GError) error = NULL;

  if (!genkit_trace_store_flush_finish (GENKIT_TRACE_STORE (object), result, &error))
    g_debug ("Flushing the trace store failed: %s", error->message);

  trace_id = row->fetching == 0 ? g_ptr_array_index (row->trace_ids, row->trace_ids->len - 1)
                                : g_ptr_array_index (row->trace_ids, 0);
  genkit_trace_store_get_trace_async (row->exec->trace_store, trace_id, NULL, row_trace_cb, row);
}

static void
row_fetch_trace (Row *row)
{
  genkit_trace_store_flush_async (row->exec->trace_store, NULL, row_flushed_cb, row);
}

/* The run of the target is over: read its traces, or fail the test case as Genkit does. */
static void
row_gather (Row *row)
{
  Execution *exec = row->exec;
  guint needed = exec->target_type == TARGET_EXECUTABLE_PROMPT ? 2 : 1;

  if (g_cancellable_is_cancelled (exec->cancellable))
    {
      row_abandon (row);
      return;
    }

  if (row->trace_ids->len < needed || row->eval_error != NULL)
    {
      /* Without its traces Genkit records the inference error alone. */
      if (row->trace_ids->len < needed || exec->trace_store == NULL)
        {
          _genkit_eval_result_set_trace_ids (row->result, row->trace_ids);
          _genkit_eval_result_set_latency_ms (row->result, row->latency_ms);
          row_fail (row, row->eval_error ? row->eval_error : "No valid traceId available");
          return;
        }
    }

  if (exec->trace_store == NULL)
    {
      row_extract_without_traces (row);
      return;
    }

  row->fetching = 0;
  row->fetch_deadline_us = g_get_monotonic_time () + (gint64) exec->trace_timeout * 1000;
  row->fetch_delay_ms = 10;
  row_fetch_trace (row);
}

static void
row_gather_idle (gpointer user_data)
{
  row_gather (user_data);
}

static void
row_target_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Row *row = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autofree char *trace_id = NULL;

  action_result = genkit_runtime_run_action_finish (GENKIT_RUNTIME (object), result, &error);
  row->latency_ms = (g_get_monotonic_time () - row->started_us) / 1000.0;
  trace_id = row_take_trace_id (row, action_result);
  if (action_result == NULL)
    {
      if (g_cancellable_is_cancelled (row->exec->cancellable))
        {
          row_abandon (row);
          return;
        }
      row->eval_error = g_strdup_printf ("Error when running inference. Details: %s", error->message);
    }
  else
    row->response = _genkit_eval_json_copy (genkit_action_result_get_result (action_result));
  row_gather (row);
}

/* Genkit's `getModelInput()`: a string becomes one user message; anything else must be a
 * `GenerateRequest`. Either way `config` is the action config. */
static JsonNode *
model_input (JsonNode  *input,
             JsonNode  *action_config,
             GError   **error)
{
  g_autoptr(GenkitGenerateRequest) request = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  if (input != NULL && JSON_NODE_HOLDS_VALUE (input) && json_node_get_value_type (input) == G_TYPE_STRING)
    {
      g_autoptr(JsonObject) built = json_object_new ();
      JsonArray *messages = json_array_new ();
      JsonObject *message = json_object_new ();
      JsonArray *content = json_array_new ();
      JsonObject *part = json_object_new ();

      json_object_set_string_member (part, "text", json_node_get_string (input));
      json_array_add_object_element (content, part);
      json_object_set_string_member (message, "role", "user");
      json_object_set_array_member (message, "content", content);
      json_array_add_object_element (messages, message);
      json_object_set_array_member (built, "messages", messages);
      if (action_config != NULL)
        json_object_set_member (built, "config", json_node_copy (action_config));
      return json_node_init_object (json_node_alloc (), built);
    }

  if (input == NULL || !(request = genkit_generate_request_new_from_json (input, error)))
    {
      if (input == NULL)
        g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "the input is missing");
      g_prefix_error (error, "Unable to parse model input as MessageSchema. Details: ");
      return NULL;
    }
  node = json_node_copy (input);
  object = json_node_get_object (node);
  if (action_config != NULL)
    json_object_set_member (object, "config", json_node_copy (action_config));
  else
    json_object_remove_member (object, "config");
  return g_steal_pointer (&node);
}

static void
row_generated_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  row_target_done_cb (object, result, user_data);
}

static void
row_rendered_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Row *row = user_data;
  Execution *exec = row->exec;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autofree char *trace_id = NULL;
  g_autofree char *model = NULL;
  g_autoptr(JsonNode) generate_input = NULL;
  g_autoptr(JsonObject) rest = json_object_new ();
  JsonObject *config = json_node_get_object (exec->action_config);
  JsonNode *rendered;
  g_autoptr(GList) members = NULL;

  action_result = genkit_runtime_run_action_finish (GENKIT_RUNTIME (object), result, &error);
  trace_id = row_take_trace_id (row, action_result);
  if (action_result == NULL)
    {
      if (g_cancellable_is_cancelled (exec->cancellable))
        {
          row_abandon (row);
          return;
        }
      row->latency_ms = (g_get_monotonic_time () - row->started_us) / 1000.0;
      row->eval_error = g_strdup_printf ("Error when rendering prompt. Details: %s", error->message);
      row_gather (row);
      return;
    }

  rendered = genkit_action_result_get_result (action_result);
  if (rendered != NULL && JSON_NODE_HOLDS_OBJECT (rendered))
    generate_input = json_node_copy (rendered);
  else
    {
      g_autoptr(JsonObject) empty = json_object_new ();

      generate_input = json_node_init_object (json_node_alloc (), empty);
    }

  /* `model` is the action config's, less `/model/`; the rest of it is the config. */
  model = g_strdup (json_object_get_string_member (config, "model"));
  if (strstr (model, "/model/") != NULL)
    {
      char *tail = g_strdup (g_strrstr (model, "/model/") + strlen ("/model/"));

      g_free (model);
      model = tail;
    }
  members = json_object_get_members (config);
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "model"))
      json_object_set_member (rest, l->data, json_node_copy (json_object_get_member (config, l->data)));
  json_object_set_string_member (json_node_get_object (generate_input), "model", model);
  if (json_object_get_size (rest) > 0)
    json_object_set_object_member (json_node_get_object (generate_input), "config", json_object_ref (rest));

  row_run_action (row, "/util/generate", generate_input, FALSE, row_generated_cb);
}

static void
row_start (Execution        *exec,
           GenkitEvalResult *result)
{
  Row *row = g_new0 (Row, 1);
  g_autoptr(JsonNode) input = NULL;
  g_autoptr(GError) error = NULL;

  row->exec = exec;
  row->result = result;   /* the reference the queue held */
  row->sample_input = _genkit_eval_json_copy (genkit_eval_result_get_input (result));
  row->trace_ids = g_ptr_array_new_with_free_func (g_free);
  row->started_us = g_get_monotonic_time ();
  exec->n_inflight++;

  switch (exec->target_type)
    {
    case TARGET_FLOW:
      row_run_action (row, exec->target, row->sample_input, TRUE, row_target_done_cb);
      break;

    case TARGET_MODEL:
      if (!(input = model_input (row->sample_input, exec->action_config, &error)))
        {
          row->eval_error = g_strdup_printf ("Error when running inference. Details: %s", error->message);
          /* Later, not inside the loop that starts rows. */
          g_idle_add_once (row_gather_idle, row);
          return;
        }
      row_run_action (row, exec->target, input, FALSE, row_target_done_cb);
      break;

    case TARGET_EXECUTABLE_PROMPT:
    default:
      row_run_action (row, exec->target, row->sample_input, TRUE, row_rendered_cb);
      break;
    }
}

/* Evaluation -------------------------------------------------------------------------- */

static void
chunk_free (Chunk *chunk)
{
  guint n = g_strv_length (chunk->exec->evaluators);

  for (guint i = 0; i < n; i++)
    {
      g_clear_pointer (&chunk->responses[i], json_node_unref);
      g_free (chunk->errors[i]);
    }
  g_free (chunk->responses);
  g_free (chunk->errors);
  g_clear_pointer (&chunk->rows, g_ptr_array_unref);
  g_free (chunk);
}

/* The response of one evaluator for the @index-th test case of a chunk: by `sampleIndex` when
 * the evaluator gives it (test case ids may repeat in a file), else by test case id. */
static JsonNode *
chunk_find_response (JsonNode   *responses,
                     guint       index,
                     const char *test_case_id)
{
  JsonArray *array;

  if (responses == NULL || !JSON_NODE_HOLDS_ARRAY (responses))
    return NULL;
  array = json_node_get_array (responses);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *response;
      JsonNode *sample;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      response = json_node_get_object (element);
      sample = json_object_get_member (response, "sampleIndex");
      if (sample != NULL && JSON_NODE_HOLDS_VALUE (sample) && json_node_get_value_type (sample) != G_TYPE_STRING)
        {
          if ((guint) json_node_get_double (sample) == index)
            return element;
          continue;
        }
      if (g_strcmp0 (json_object_get_string_member_with_default (response, "testCaseId", NULL), test_case_id) == 0)
        return element;
    }
  return NULL;
}

static void
chunk_complete (Chunk *chunk)
{
  Execution *exec = chunk->exec;

  exec->n_evaluating--;
  if (g_cancellable_is_cancelled (exec->cancellable) || exec->error != NULL)
    {
      /* Not scored: these test cases run again when the run is resumed. */
      for (guint i = 0; i < chunk->rows->len; i++)
        _genkit_eval_result_reset (((Row *) g_ptr_array_index (chunk->rows, i))->result);
      chunk_free (chunk);
      exec_pump (exec);
      return;
    }

  for (guint i = 0; i < chunk->rows->len; i++)
    {
      Row *row = g_ptr_array_index (chunk->rows, i);
      const char *test_case_id = genkit_eval_result_get_test_case_id (row->result);
      g_autoptr(JsonObject) responses = json_object_new ();

      for (guint e = 0; exec->evaluators[e] != NULL; e++)
        {
          JsonNode *response;

          if (chunk->errors[e] != NULL)
            {
              JsonObject *failed = json_object_new ();
              JsonObject *evaluation = json_object_new ();
              g_autofree char *message = g_strdup_printf ("Evaluator %s failed: %s", exec->evaluators[e],
                                                          chunk->errors[e]);

              json_object_set_string_member (failed, "testCaseId", test_case_id);
              json_object_set_string_member (evaluation, "error", message);
              json_object_set_object_member (failed, "evaluation", evaluation);
              json_object_set_object_member (responses, exec->evaluators[e], failed);
            }
          else if ((response = chunk_find_response (chunk->responses[e], i, test_case_id)) != NULL)
            json_object_set_member (responses, exec->evaluators[e], json_node_copy (response));
        }
      _genkit_eval_result_set_responses (row->result, responses, (const char * const *) exec->evaluators);
      exec_complete_result (exec, row->result, GENKIT_EVAL_RESULT_STATUS_DONE);
    }
  chunk_free (chunk);
  exec_pump (exec);
}

typedef struct
{
  Chunk *chunk;
  guint  evaluator;
} EvaluatorCall;

static void
chunk_evaluated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  EvaluatorCall *call = user_data;
  Chunk *chunk = call->chunk;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;

  action_result = genkit_runtime_run_action_finish (GENKIT_RUNTIME (object), result, &error);
  if (action_result == NULL)
    chunk->errors[call->evaluator] = g_strdup (error->message);
  else
    chunk->responses[call->evaluator] = _genkit_eval_json_copy (genkit_action_result_get_result (action_result));
  g_free (call);

  if (--chunk->pending == 0)
    chunk_complete (chunk);
}

static void
chunk_complete_idle (gpointer user_data)
{
  chunk_complete (user_data);
}

static void
exec_evaluate_chunk (Execution *exec)
{
  Chunk *chunk = g_new0 (Chunk, 1);
  guint n = MIN (exec->chunk_size, exec->ready->len);
  guint n_evaluators = g_strv_length (exec->evaluators);
  g_autoptr(JsonArray) dataset = json_array_new ();
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) input = NULL;

  chunk->exec = exec;
  chunk->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  for (guint i = 0; i < n; i++)
    {
      Row *row = g_ptr_array_steal_index (exec->ready, 0);

      json_array_add_element (dataset, json_node_copy (row->data_point));
      g_ptr_array_add (chunk->rows, row);
    }
  chunk->responses = g_new0 (JsonNode *, n_evaluators + 1);
  chunk->errors = g_new0 (char *, n_evaluators + 1);
  exec->n_evaluating++;

  if (n_evaluators == 0)
    {
      g_idle_add_once (chunk_complete_idle, chunk);
      return;
    }

  json_object_set_array_member (request, "dataset", json_array_ref (dataset));
  json_object_set_string_member (request, "evalRunId", genkit_eval_run_get_id (exec->run));
  if (exec->send_batch_size)
    json_object_set_int_member (request, "batchSize", exec->batch_size);
  input = json_node_init_object (json_node_alloc (), request);

  chunk->pending = n_evaluators;
  for (guint e = 0; e < n_evaluators; e++)
    {
      EvaluatorCall *call = g_new0 (EvaluatorCall, 1);
      JsonNode *options = exec->evaluator_options
                          ? json_object_get_member (exec->evaluator_options, exec->evaluators[e]) : NULL;
      g_autoptr(JsonNode) with_options = NULL;

      call->chunk = chunk;
      call->evaluator = e;
      if (options != NULL)
        {
          with_options = json_node_copy (input);
          json_object_set_member (json_node_get_object (with_options), "options", json_node_copy (options));
        }
      genkit_runtime_run_action_async (exec->evaluator_runtime, exec->evaluators[e],
                                       with_options ? with_options : input, NULL,
                                       exec->cancellable, chunk_evaluated_cb, call);
    }
}

/* The scheduler: keeps `concurrency` test cases running, scores finished ones in chunks,
 * writes what is finished, and ends the run when nothing is left to do. */
static void
exec_pump (Execution *exec)
{
  gboolean stopping;

  if (exec->finishing)
    return;
  stopping = exec_stopping (exec);

  if (!stopping)
    {
      while (exec->n_inflight < exec->concurrency && !g_queue_is_empty (&exec->pending))
        {
          row_start (exec, g_queue_pop_head (&exec->pending));
          if (exec->finishing)
            return;
        }
      while (exec->ready->len > 0 && exec->n_evaluating < exec->concurrency &&
             (exec->ready->len >= exec->chunk_size ||
              (g_queue_is_empty (&exec->pending) && exec->n_inflight == 0)))
        exec_evaluate_chunk (exec);
    }
  else if (exec->ready->len > 0)
    {
      /* Scored never: back to pending. */
      for (guint i = 0; i < exec->ready->len; i++)
        _genkit_eval_result_reset (((Row *) g_ptr_array_index (exec->ready, i))->result);
      g_ptr_array_set_size (exec->ready, 0);
    }

  exec_save_dirty (exec);

  if (exec->n_inflight == 0 && exec->n_evaluating == 0 && exec->n_saving == 0 &&
      (stopping || (g_queue_is_empty (&exec->pending) && exec->ready->len == 0)))
    exec_finish (exec);
}

/* Starting ---------------------------------------------------------------------------- */

static gboolean
target_type_from_key (const char *key,
                      TargetType *type)
{
  if (g_str_has_prefix (key, "/flow/"))
    *type = TARGET_FLOW;
  else if (g_str_has_prefix (key, "/model/"))
    *type = TARGET_MODEL;
  else if (g_str_has_prefix (key, "/executable-prompt/"))
    *type = TARGET_EXECUTABLE_PROMPT;
  else
    return FALSE;
  return TRUE;
}

static char *
evaluator_key (const char *name)
{
  if (g_str_has_prefix (name, "/evaluator/"))
    return g_strdup (name);
  return g_strconcat ("/evaluator/", name, NULL);
}

static gboolean
version_batches (GenkitRuntime *runtime)
{
  g_autofree char *version = genkit_runtime_dup_genkit_version (runtime);

  /* Genkit's CLI sends batchSize to JavaScript runtimes only; ours batches too. */
  return version != NULL && (g_str_has_prefix (version, "nodejs") || g_str_has_prefix (version, "c/"));
}

static void
exec_begin (Execution *exec)
{
  GenkitEvalRunner *self = exec->self;
  guint n;

  /* The built-in runtime's spans go to the trace store while the run lasts. */
  if (exec->trace_store != NULL && self->attach_span_processor && GENKIT_IS_LOCAL_RUNTIME (exec->runtime))
    {
      GenkitRegistry *registry = genkit_local_runtime_get_registry (GENKIT_LOCAL_RUNTIME (exec->runtime));

      exec->tracer = g_object_ref (genkit_registry_get_tracer (registry));
      exec->processor = GENKIT_SPAN_PROCESSOR (genkit_store_span_processor_new (exec->trace_store));
      genkit_store_span_processor_set_realtime (GENKIT_STORE_SPAN_PROCESSOR (exec->processor), FALSE);
      genkit_tracer_add_processor (exec->tracer, exec->processor);
    }

  _genkit_eval_run_set_metrics_metadata (exec->run, exec->metrics_metadata);
  _genkit_eval_run_set_status (exec->run, GENKIT_EVAL_RUN_STATUS_RUNNING, NULL);
  _genkit_eval_run_set_finished_at (exec->run, 0);
  if (g_set_object (&self->run, exec->run))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUN]);

  n = g_list_model_get_n_items (genkit_eval_run_get_results (exec->run));
  for (guint i = 0; i < n; i++)
    {
      GenkitEvalResult *result = g_list_model_get_item (genkit_eval_run_get_results (exec->run), i);

      if (genkit_eval_result_get_status (result) == GENKIT_EVAL_RESULT_STATUS_PENDING)
        {
          _genkit_eval_result_reset (result);
          g_queue_push_tail (&exec->pending, result);
        }
      else
        g_object_unref (result);
    }

  /* The run (and on a first start every test case, pending) is written first. */
  {
    g_autoptr(GPtrArray) all = exec->resuming ? NULL : _genkit_eval_run_get_results_array (exec->run);

    exec->n_saving++;
    _genkit_eval_store_save_async (self->store, exec->run, all, exec_saved_cb, g_object_ref (exec->task));
  }
  exec_update_aggregates (exec);
  exec_pump (exec);
}

static JsonObject *
find_action (JsonNode   *actions,
             const char *key)
{
  JsonNode *node;

  if (actions == NULL || !JSON_NODE_HOLDS_OBJECT (actions) ||
      !(node = json_object_get_member (json_node_get_object (actions), key)) || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

static void
exec_return_error (Execution *exec,
                   GError    *error)
{
  GTask *task = exec->task;
  GenkitEvalRunner *self = exec->self;

  self->running = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  g_task_return_error (task, error);
  g_object_unref (task);
}

/* The evaluators exist, their metadata becomes the run's `metricsMetadata`. */
static void
exec_resolve_evaluators (Execution *exec,
                         JsonNode  *actions)
{
  g_autoptr(JsonObject) metadata = json_object_new ();
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();

  for (guint i = 0; exec->evaluator_names[i] != NULL; i++)
    {
      g_autofree char *key = evaluator_key (exec->evaluator_names[i]);
      JsonObject *action = find_action (actions, key);
      JsonObject *info = NULL;
      JsonObject *entry;
      JsonNode *node;

      if (action == NULL)
        {
          exec_return_error (exec, g_error_new (GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                                                "No matching evaluator %s (the runtime has no action %s)",
                                                exec->evaluator_names[i], key));
          return;
        }
      if ((node = json_object_get_member (action, "metadata")) != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
          (node = json_object_get_member (json_node_get_object (node), "evaluator")) != NULL &&
          JSON_NODE_HOLDS_OBJECT (node))
        info = json_node_get_object (node);

      entry = json_object_new ();
      if (info != NULL && json_object_has_member (info, "evaluatorDisplayName"))
        json_object_set_member (entry, "displayName", json_node_copy (json_object_get_member (info, "evaluatorDisplayName")));
      if (info != NULL && json_object_has_member (info, "evaluatorDefinition"))
        json_object_set_member (entry, "definition", json_node_copy (json_object_get_member (info, "evaluatorDefinition")));
      json_object_set_object_member (metadata, key + strlen ("/evaluator/"), entry);
      g_strv_builder_add (keys, key);
    }

  /* Options may be keyed by name or key; requests use keys. */
  if (exec->evaluator_options != NULL)
    {
      g_autoptr(JsonObject) by_key = json_object_new ();
      g_autoptr(GList) names = json_object_get_members (exec->evaluator_options);

      for (GList *l = names; l != NULL; l = l->next)
        {
          g_autofree char *key = evaluator_key (l->data);

          json_object_set_member (by_key, key, json_node_copy (json_object_get_member (exec->evaluator_options, l->data)));
        }
      json_object_unref (exec->evaluator_options);
      exec->evaluator_options = json_object_ref (by_key);
    }

  g_strfreev (exec->evaluators);
  exec->evaluators = g_strv_builder_end (keys);
  exec->metrics_metadata = json_node_init_object (json_node_alloc (), metadata);
  exec->send_batch_size = exec->batch_size > 0 && version_batches (exec->evaluator_runtime);

  if (exec->run == NULL)
    {
      GenkitEvalRunner *self = exec->self;
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *runtime_id = genkit_runtime_dup_id (exec->runtime);
      g_autofree char *runtime_name = genkit_runtime_dup_name (exec->runtime);
      g_autofree char *runtime_version = genkit_runtime_dup_genkit_version (exec->runtime);
      g_autoptr(GPtrArray) results = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(JsonObject) config = json_object_new ();

      exec->run = _genkit_eval_run_new (id, exec->target, (const char * const *) exec->evaluators);
      _genkit_eval_run_set_runtime (exec->run, runtime_id, runtime_name, runtime_version);
      _genkit_eval_run_set_dataset (exec->run, self->dataset_id, self->dataset_version);
      if (exec->context != NULL)
        json_object_set_object_member (config, "context", json_object_ref (exec->context));
      if (exec->action_config != NULL)
        json_object_set_member (config, "actionConfig", json_node_copy (exec->action_config));
      if (exec->batch_size > 0)
        json_object_set_int_member (config, "batchSize", exec->batch_size);
      if (exec->evaluator_options != NULL)
        json_object_set_object_member (config, "evaluatorOptions", json_object_ref (exec->evaluator_options));
      json_object_set_int_member (config, "concurrency", exec->concurrency);
      json_object_set_string_member (config, "evaluatorRuntime",
                                     exec->evaluator_runtime == exec->runtime ? "target" : "other");
      _genkit_eval_run_set_config (exec->run, config);

      for (guint i = 0; i < self->rows->len; i++)
        {
          GenkitDatasetRow *row = g_ptr_array_index (self->rows, i);

          g_ptr_array_add (results, genkit_eval_result_new (i, genkit_dataset_row_get_test_case_id (row),
                                                            genkit_dataset_row_get_input (row),
                                                            genkit_dataset_row_get_reference (row),
                                                            genkit_dataset_row_get_context (row)));
        }
      _genkit_eval_run_set_results (exec->run, results);
    }

  exec_begin (exec);
}

static void
exec_evaluator_actions_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  Execution *exec = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);

  if (actions == NULL)
    {
      g_prefix_error (&error, "Cannot list the evaluators' runtime's actions: ");
      exec_return_error (exec, g_steal_pointer (&error));
      return;
    }
  exec_resolve_evaluators (exec, actions);
}

static void
exec_target_actions_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  Execution *exec = user_data;
  g_autoptr(GError) error = NULL;

  exec->actions = genkit_runtime_list_actions_finish (GENKIT_RUNTIME (object), result, &error);
  if (exec->actions == NULL)
    {
      g_prefix_error (&error, "Cannot list the runtime's actions: ");
      exec_return_error (exec, g_steal_pointer (&error));
      return;
    }
  if (find_action (exec->actions, exec->target) == NULL)
    {
      exec_return_error (exec, g_error_new (GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                                            "Cannot find action %s.", exec->target));
      return;
    }
  if (exec->target_type == TARGET_EXECUTABLE_PROMPT && find_action (exec->actions, "/util/generate") == NULL)
    {
      exec_return_error (exec, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                                                    "Cannot find action /util/generate, which runs "
                                                    "an executable prompt's model"));
      return;
    }

  if (exec->evaluator_runtime == exec->runtime || exec->evaluator_names[0] == NULL)
    exec_resolve_evaluators (exec, exec->actions);
  else
    genkit_runtime_list_actions_async (exec->evaluator_runtime, exec->cancellable,
                                       exec_evaluator_actions_cb, exec);
}

static gboolean
exec_check_config (Execution  *exec,
                   GError    **error)
{
  if (exec->target == NULL || !target_type_from_key (exec->target, &exec->target_type))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Inference is only supported on flows, models and executable prompts "
                   "(/flow/…, /model/…, /executable-prompt/…), not %s",
                   exec->target ? exec->target : "no target");
      return FALSE;
    }
  if (exec->target_type == TARGET_EXECUTABLE_PROMPT)
    {
      JsonNode *model;

      if (exec->action_config == NULL || !JSON_NODE_HOLDS_OBJECT (exec->action_config) ||
          !(model = json_object_get_member (json_node_get_object (exec->action_config), "model")) ||
          !JSON_NODE_HOLDS_VALUE (model) || json_node_get_value_type (model) != G_TYPE_STRING ||
          *json_node_get_string (model) == '\0')
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Missing model: Please specific model for prompt evaluation "
                               "(the action config's \"model\")");
          return FALSE;
        }
    }
  return TRUE;
}

static Execution *
execution_new (GenkitEvalRunner *self,
               GTask            *task,
               GCancellable     *cancellable)
{
  Execution *exec = g_new0 (Execution, 1);

  exec->self = g_object_ref (self);
  exec->task = task;
  exec->cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  exec->runtime = g_object_ref (self->runtime);
  exec->evaluator_runtime = g_object_ref (self->evaluator_runtime ? self->evaluator_runtime : self->runtime);
  exec->concurrency = self->concurrency;
  exec->batch_size = self->batch_size;
  exec->chunk_size = self->chunk_size;
  exec->trace_timeout = self->trace_timeout;
  exec->trace_store = self->trace_store ? g_object_ref (self->trace_store) : NULL;
  exec->ready = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  exec->dirty = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&exec->pending);
  g_task_set_task_data (task, exec, (GDestroyNotify) execution_free);
  return exec;
}

/**
 * genkit_eval_runner_run_async:
 * @self: a [class@Genkit.EvalRunner] with a target and rows
 * @cancellable: (nullable): cancels the run (it can be resumed)
 * @callback: called when the run is over
 * @user_data: data for @callback
 *
 * Starts a new eval run of the target on the rows set with
 * [method@Genkit.EvalRunner.set_rows]. The run is [property@Genkit.EvalRunner:run] (and in the
 * store's list) as soon as the target and the evaluators are found.
 */
void
genkit_eval_runner_run_async (GenkitEvalRunner    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task;
  Execution *exec;
  GError *error = NULL;

  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_eval_runner_run_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->running)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                               "This runner is already running an eval run");
      g_object_unref (task);
      return;
    }

  exec = execution_new (self, task, cancellable);
  exec->target = g_strdup (self->target);
  exec->evaluator_names = g_strdupv (self->evaluators);
  exec->context = self->context ? json_object_ref (self->context) : NULL;
  exec->action_config = _genkit_eval_json_copy (self->action_config);
  exec->evaluator_options = self->evaluator_options ? json_object_ref (self->evaluator_options) : NULL;

  if (!exec_check_config (exec, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->rows == NULL || self->rows->len == 0)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Cannot run inference, no data provided");
      g_object_unref (task);
      return;
    }

  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  genkit_runtime_list_actions_async (exec->runtime, exec->cancellable, exec_target_actions_cb, exec);
}

/**
 * genkit_eval_runner_run_finish:
 * @self: a [class@Genkit.EvalRunner]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` (the target or an evaluator),
 *   `INVALID_ARGUMENT` (a target that is not a flow, model or executable prompt; no rows),
 *   `G_IO_ERROR_CANCELLED` (the run was cancelled and stored as such), or the store's error
 *
 * Finishes [method@Genkit.EvalRunner.run_async].
 *
 * Returns: (transfer full) (nullable): the completed run, or %NULL
 */
GenkitEvalRun *
genkit_eval_runner_run_finish (GenkitEvalRunner  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
exec_resume_loaded_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Execution *exec = user_data;
  g_autoptr(GError) error = NULL;

  if (!genkit_eval_store_load_results_finish (GENKIT_EVAL_STORE (object), result, &error))
    {
      exec_return_error (exec, g_steal_pointer (&error));
      return;
    }
  genkit_runtime_list_actions_async (exec->runtime, exec->cancellable, exec_target_actions_cb, exec);
}

/**
 * genkit_eval_runner_resume_async:
 * @self: a [class@Genkit.EvalRunner] on the runtime the run's target is on
 * @eval_run_id: the id of a cancelled, failed or interrupted run of the runner's store
 * @cancellable: (nullable): cancels the run again
 * @callback: called when the run is over
 * @user_data: data for @callback
 *
 * Takes an unfinished run up again: its target, evaluators, context and action config are the
 * run's own; the test cases already done or failed are kept, the pending ones are run.
 */
void
genkit_eval_runner_resume_async (GenkitEvalRunner    *self,
                                 const char          *eval_run_id,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  Execution *exec;
  GenkitEvalRun *run;
  JsonObject *config;
  JsonNode *node;
  GError *error = NULL;

  g_return_if_fail (GENKIT_IS_EVAL_RUNNER (self));
  g_return_if_fail (eval_run_id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_eval_runner_resume_async);
  g_task_set_check_cancellable (task, FALSE);

  if (self->running)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                               "This runner is already running an eval run");
      g_object_unref (task);
      return;
    }
  if ((run = genkit_eval_store_lookup (self->store, eval_run_id)) == NULL)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "No eval run %s", eval_run_id);
      g_object_unref (task);
      return;
    }
  if (!genkit_eval_run_can_resume (run))
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                               "The eval run %s is %s; only a cancelled, failed or interrupted run "
                               "can be resumed", eval_run_id,
                               genkit_eval_run_status_to_string (genkit_eval_run_get_status (run)));
      g_object_unref (task);
      return;
    }

  exec = execution_new (self, task, cancellable);
  exec->resuming = TRUE;
  exec->run = g_object_ref (run);
  exec->target = g_strdup (genkit_eval_run_get_target (run));
  exec->evaluator_names = g_strdupv ((char **) genkit_eval_run_get_evaluators (run));
  config = genkit_eval_run_get_config (run);
  if ((node = json_object_get_member (config, "context")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    exec->context = json_object_ref (json_node_get_object (node));
  exec->action_config = _genkit_eval_json_copy (json_object_get_member (config, "actionConfig"));
  if ((node = json_object_get_member (config, "batchSize")) != NULL && JSON_NODE_HOLDS_VALUE (node))
    exec->batch_size = (guint) json_node_get_int (node);
  if ((node = json_object_get_member (config, "evaluatorOptions")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    exec->evaluator_options = json_object_ref (json_node_get_object (node));

  if (!exec_check_config (exec, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }

  self->running = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
  genkit_eval_store_load_results_async (self->store, run, exec->cancellable, exec_resume_loaded_cb, exec);
}

/**
 * genkit_eval_runner_resume_finish:
 * @self: a [class@Genkit.EvalRunner]
 * @result: the result given to the callback
 * @error: return location for an error (as for [method@Genkit.EvalRunner.run_finish], and
 *   `FAILED_PRECONDITION` for a run that is running or completed)
 *
 * Finishes [method@Genkit.EvalRunner.resume_async].
 *
 * Returns: (transfer full) (nullable): the completed run, or %NULL
 */
GenkitEvalRun *
genkit_eval_runner_resume_finish (GenkitEvalRunner  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_EVAL_RUNNER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
