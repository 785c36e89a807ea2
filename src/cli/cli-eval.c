/* cli-eval.c — `genkit-studio-cli eval`: eval runs of a flow, model or prompt on a dataset, on
 * any runtime, with thresholds for CI
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <glib-unix.h>

#include <genkit-eval.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-dataset.h"
#include "cli-runtime.h"

/* How often progress is printed on stderr, in microseconds. */
#define CLI_EVAL_PROGRESS_INTERVAL_US (G_USEC_PER_SEC)

/* The options `eval run` and `eval resume` share. */
typedef struct
{
  CliRuntimeOptions  runtime;
  char              *store_path;
  char              *trace_store_path;
  char              *output;
  char              *format;
  char              *genkit_dir;
  char             **min_pass_rates;
  char             **min_scores;
  int                max_failed;
  int                concurrency;
  int                trace_timeout;
  gboolean           builtin_evaluators;
  gboolean           quiet;
} CliEvalOptions;

static void
cli_eval_options_clear (CliEvalOptions *options)
{
  cli_runtime_options_clear (&options->runtime);
  g_clear_pointer (&options->store_path, g_free);
  g_clear_pointer (&options->trace_store_path, g_free);
  g_clear_pointer (&options->output, g_free);
  g_clear_pointer (&options->format, g_free);
  g_clear_pointer (&options->genkit_dir, g_free);
  g_clear_pointer (&options->min_pass_rates, g_strfreev);
  g_clear_pointer (&options->min_scores, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliEvalOptions, cli_eval_options_clear)

#define CLI_EVAL_COMMON_ENTRIES(o) \
  CLI_RUNTIME_OPTION_ENTRIES (&(o)->runtime), \
  { "concurrency", 'j', G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &(o)->concurrency, \
    "Run up to N test cases at once (default 4)", "N" }, \
  { "builtin-evaluators", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &(o)->builtin_evaluators, \
    "Score with the built-in runtime's evaluators, whatever runtime the target is on", NULL }, \
  { "output", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &(o)->output, \
    "Also write the results to FILE, as 'genkit eval:flow -o' does", "FILE" }, \
  { "format", 'f', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &(o)->format, \
    "The format of --output: json (default) or csv", "json|csv" }, \
  { "genkit-evals", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &(o)->genkit_dir, \
    "Also save the run into the Genkit CLI's eval store of DIR (DIR/.genkit/evals), for the Dev UI", \
    "DIR" }, \
  { "min-pass-rate", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &(o)->min_pass_rates, \
    "Fail (exit 1) unless every metric's pass rate, or METRIC's, is at least X (0.9 or 90%); repeatable", \
    "[METRIC=]X" }, \
  { "min-score", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING_ARRAY, &(o)->min_scores, \
    "Fail (exit 1) unless METRIC's mean score is at least X; repeatable", "METRIC=X" }, \
  { "max-failed", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &(o)->max_failed, \
    "Fail (exit 1) when more than N test cases' target failed", "N" }, \
  { "store", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &(o)->store_path, \
    "The studio's evaluation store (default: $XDG_DATA_HOME/genkit-studio/evals.db)", "FILE" }, \
  { "trace-store", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &(o)->trace_store_path, \
    "The trace store the runs' traces go to (default: $XDG_DATA_HOME/genkit-studio/traces.db)", "FILE" }, \
  { "trace-timeout", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &(o)->trace_timeout, \
    "Wait up to MS milliseconds for a test case's trace (default 10000)", "MS" }, \
  { "quiet", 'q', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &(o)->quiet, \
    "Print no progress on stderr", NULL }

/* One threshold of the command line, checked against the run's aggregates. */
typedef struct
{
  char   *metric;    /* NULL: every metric */
  double  limit;
  gboolean mean;     /* --min-score, else --min-pass-rate */
} Threshold;

static void
threshold_free (Threshold *threshold)
{
  g_free (threshold->metric);
  g_free (threshold);
}

static gboolean
parse_fraction (const char *text,
                double     *value)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gboolean percent = g_str_has_suffix (copy, "%");
  char *end = NULL;

  if (percent)
    copy[strlen (copy) - 1] = '\0';
  *value = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (*value))
    return FALSE;
  if (percent)
    *value /= 100;
  return TRUE;
}

static gboolean
cli_eval_parse_thresholds (CliEvalOptions  *options,
                           GPtrArray       *thresholds,
                           GError         **error)
{
  for (guint kind = 0; kind < 2; kind++)
    {
      char **values = kind == 0 ? options->min_pass_rates : options->min_scores;

      for (guint i = 0; values != NULL && values[i] != NULL; i++)
        {
          const char *equals = strrchr (values[i], '=');
          Threshold *threshold = g_new0 (Threshold, 1);

          threshold->mean = kind == 1;
          if (equals != NULL)
            threshold->metric = g_strndup (values[i], equals - values[i]);
          if (!parse_fraction (equals ? equals + 1 : values[i], &threshold->limit) ||
              (kind == 1 && equals == NULL) || (threshold->metric != NULL && *threshold->metric == '\0'))
            {
              g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "%s: not %s", values[i],
                           kind == 0 ? "[METRIC=]X (a number, or a percentage)" : "METRIC=X");
              threshold_free (threshold);
              return FALSE;
            }
          g_ptr_array_add (thresholds, threshold);
        }
    }
  return TRUE;
}

/* Checks the thresholds; returns the checks as JSON and whether all held. */
static gboolean
cli_eval_check_thresholds (GenkitEvalRun  *run,
                           GPtrArray      *thresholds,
                           int             max_failed,
                           JsonArray      *checks)
{
  JsonNode *aggregates = genkit_eval_run_get_aggregates (run);
  JsonArray *metrics = aggregates ? json_object_get_array_member (json_node_get_object (aggregates), "metrics") : NULL;
  gboolean all = TRUE;

  for (guint i = 0; i < thresholds->len; i++)
    {
      Threshold *threshold = g_ptr_array_index (thresholds, i);
      const char *member = threshold->mean ? "mean" : "passRate";
      gboolean found = FALSE;

      for (guint m = 0; metrics != NULL && m < json_array_get_length (metrics); m++)
        {
          JsonObject *metric = json_array_get_object_element (metrics, m);
          const char *name = json_object_get_string_member (metric, "metric");
          JsonObject *check;
          gboolean passed;
          double value;

          if (threshold->metric != NULL && genkit_eval_run_get_metric_aggregate (run, threshold->metric) != metric)
            continue;
          found = TRUE;
          if (!json_object_has_member (metric, member))
            continue;        /* no numeric scores: no mean to check */
          value = json_object_get_double_member (metric, member);
          passed = value >= threshold->limit;
          all = all && passed;
          check = json_object_new ();
          json_object_set_string_member (check, "check", threshold->mean ? "minScore" : "minPassRate");
          json_object_set_string_member (check, "metric", name);
          json_object_set_double_member (check, "value", value);
          json_object_set_double_member (check, "limit", threshold->limit);
          json_object_set_boolean_member (check, "passed", passed);
          json_array_add_object_element (checks, check);
          if (!passed)
            cli_printerr ("%s of %s is %g, below %g", threshold->mean ? "the mean score" : "the pass rate",
                          name, value, threshold->limit);
        }
      if (!found && threshold->metric != NULL)
        {
          JsonObject *check = json_object_new ();

          all = FALSE;
          json_object_set_string_member (check, "check", threshold->mean ? "minScore" : "minPassRate");
          json_object_set_string_member (check, "metric", threshold->metric);
          json_object_set_double_member (check, "limit", threshold->limit);
          json_object_set_boolean_member (check, "passed", FALSE);
          json_array_add_object_element (checks, check);
          cli_printerr ("the run has no metric %s", threshold->metric);
        }
    }

  if (max_failed >= 0)
    {
      JsonObject *check = json_object_new ();
      gboolean passed = genkit_eval_run_get_n_failed (run) <= (guint) max_failed;

      all = all && passed;
      json_object_set_string_member (check, "check", "maxFailed");
      json_object_set_int_member (check, "value", genkit_eval_run_get_n_failed (run));
      json_object_set_int_member (check, "limit", max_failed);
      json_object_set_boolean_member (check, "passed", passed);
      json_array_add_object_element (checks, check);
      if (!passed)
        cli_printerr ("%u test cases failed, more than %d", genkit_eval_run_get_n_failed (run), max_failed);
    }
  return all;
}

/* A run in progress: the runner, Ctrl+C, progress lines. */
typedef struct
{
  GCancellable *cancellable;
  guint         sigint_id;
  gboolean      interrupted;
  gboolean      quiet;
  gint64        last_progress;
} CliEvalRun;

static gboolean
cli_eval_sigint_cb (gpointer user_data)
{
  CliEvalRun *state = user_data;

  state->interrupted = TRUE;
  state->sigint_id = 0;
  g_cancellable_cancel (state->cancellable);
  return G_SOURCE_REMOVE;
}

static void
cli_eval_print_progress (GenkitEvalRun *run)
{
  g_printerr ("eval %s: %u/%u done, %u failed\n", genkit_eval_run_get_id (run),
              genkit_eval_run_get_n_done (run) + genkit_eval_run_get_n_failed (run),
              genkit_eval_run_get_n_rows (run), genkit_eval_run_get_n_failed (run));
}

static void
cli_eval_row_completed_cb (GenkitEvalRunner *runner,
                           GenkitEvalResult *result,
                           gpointer          user_data)
{
  CliEvalRun *state = user_data;
  gint64 now = g_get_monotonic_time ();

  if (state->quiet || now - state->last_progress < CLI_EVAL_PROGRESS_INTERVAL_US)
    return;
  state->last_progress = now;
  cli_eval_print_progress (genkit_eval_runner_get_run (runner));
}

/* The runtime, trace store and telemetry server an eval needs. */
typedef struct
{
  GenkitRuntime         *runtime;
  GenkitRuntime         *evaluator_runtime;
  GenkitTraceStore      *trace_store;
  GenkitTelemetryServer *telemetry;
} CliEvalSetup;

static void
cli_eval_setup_clear (CliEvalSetup *setup)
{
  if (setup->telemetry != NULL)
    genkit_telemetry_server_disconnect (setup->telemetry);
  g_clear_object (&setup->telemetry);
  g_clear_object (&setup->evaluator_runtime);
  g_clear_object (&setup->runtime);
  g_clear_object (&setup->trace_store);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliEvalSetup, cli_eval_setup_clear)

/* A runtime in another process sends its traces to the telemetry server it was told of: ours,
 * over our trace store, as `genkit eval:flow` points runtimes at its own. */
static gboolean
cli_eval_setup (CliEvalOptions  *options,
                CliEvalSetup    *setup,
                int             *status,
                GError         **error)
{
  if (!(setup->runtime = cli_runtime_open (&options->runtime, error)))
    {
      *status = cli_runtime_options_is_builtin (&options->runtime) ? CLI_EXIT_FAILURE
                                                                   : cli_runtime_exit_status (*error);
      return FALSE;
    }
  if (!(setup->trace_store = genkit_trace_store_new (options->trace_store_path, error)))
    {
      *status = CLI_EXIT_FAILURE;
      return FALSE;
    }

  if (!GENKIT_IS_LOCAL_RUNTIME (setup->runtime))
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *url = NULL;

      setup->telemetry = genkit_telemetry_server_new (setup->trace_store);
      if (!genkit_telemetry_server_listen_default (setup->telemetry, error))
        {
          *status = CLI_EXIT_FAILURE;
          return FALSE;
        }
      url = genkit_telemetry_server_get_url (setup->telemetry);
      genkit_runtime_notify_async (setup->runtime, url, NULL, cli_store_result_cb, &result);
      cli_wait_for_result (&result);
      if (!genkit_runtime_notify_finish (setup->runtime, result, error))
        {
          g_prefix_error (error, "cannot send the runtime's traces to %s: ", url);
          *status = CLI_EXIT_FAILURE;
          return FALSE;
        }
    }

  if (options->builtin_evaluators)
    {
      if (GENKIT_IS_LOCAL_RUNTIME (setup->runtime))
        setup->evaluator_runtime = g_object_ref (setup->runtime);
      else
        {
          g_autoptr(GenkitRegistry) registry = cli_registry_new (error);

          if (registry == NULL)
            {
              *status = CLI_EXIT_FAILURE;
              return FALSE;
            }
          setup->evaluator_runtime = GENKIT_RUNTIME (genkit_local_runtime_new (registry));
        }
    }
  return TRUE;
}

static gboolean
cli_eval_check_options (CliEvalOptions  *options,
                        gboolean        *csv,
                        GError         **error)
{
  *csv = FALSE;
  if (options->format != NULL)
    {
      if (g_ascii_strcasecmp (options->format, "csv") == 0)
        *csv = TRUE;
      else if (g_ascii_strcasecmp (options->format, "json") != 0)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "--format must be json or csv");
          return FALSE;
        }
      if (options->output == NULL)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "--format is the format of --output");
          return FALSE;
        }
    }
  if (options->concurrency < 0 || options->concurrency > 1024)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "--concurrency must be from 1 to 1024");
      return FALSE;
    }
  if (options->trace_timeout < 0)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "--trace-timeout cannot be negative");
      return FALSE;
    }
  return TRUE;
}

/* After a run: exports, thresholds, the summary on stdout. */
static int
cli_eval_report (CliEvalOptions *options,
                 GenkitEvalStore *store,
                 GenkitEvalRun  *run,
                 GPtrArray      *thresholds,
                 gboolean        csv)
{
  g_autoptr(JsonObject) summary = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *checks = json_array_new ();
  gboolean passed;

  if (options->output != NULL)
    {
      g_autofree char *text = csv ? genkit_eval_run_export_csv (run) : genkit_eval_run_export_json (run);

      if (!g_file_set_contents (options->output, text, -1, &error))
        {
          cli_printerr ("%s", error->message);
          json_array_unref (checks);
          return CLI_EXIT_FAILURE;
        }
    }
  if (options->genkit_dir != NULL)
    {
      g_autofree char *dir = cli_genkit_store_dir (options->genkit_dir, "evals");
      g_autoptr(GAsyncResult) result = NULL;
      const char *ids[] = { genkit_eval_run_get_id (run), NULL };

      genkit_eval_store_export_genkit_async (store, ids, dir, NULL, cli_store_result_cb, &result);
      cli_wait_for_result (&result);
      if (!genkit_eval_store_export_genkit_finish (store, result, &error))
        {
          cli_printerr ("%s", error->message);
          json_array_unref (checks);
          return CLI_EXIT_FAILURE;
        }
    }

  passed = cli_eval_check_thresholds (run, thresholds, options->max_failed, checks);
  json_object_set_string_member (summary, "evalRunId", genkit_eval_run_get_id (run));
  json_object_set_string_member (summary, "status", genkit_eval_run_status_to_string (genkit_eval_run_get_status (run)));
  json_object_set_member (summary, "key", genkit_eval_run_to_key_json (run));
  if (genkit_eval_run_get_aggregates (run) != NULL)
    json_object_set_member (summary, "aggregates", json_node_copy (genkit_eval_run_get_aggregates (run)));
  json_object_set_array_member (summary, "thresholds", checks);
  json_object_set_boolean_member (summary, "passed", passed);
  node = json_node_init_object (json_node_alloc (), summary);
  cli_print_json (node, TRUE);
  return passed ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

/* The rows of --dataset: a file, or a dataset of the store. */
static GPtrArray *
cli_eval_read_rows (const char  *dataset,
                    const char  *store_path,
                    char       **dataset_id,
                    gint64      *dataset_version,
                    gboolean    *usage,
                    GError     **error)
{
  g_autoptr(GenkitDatasetStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GenkitDatasetFormat format;
  GenkitDataset *found;
  GPtrArray *rows;

  *dataset_id = NULL;
  *dataset_version = 0;
  *usage = FALSE;
  if (genkit_dataset_format_from_path (dataset, &format) && g_file_test (dataset, G_FILE_TEST_EXISTS))
    {
      if (!(rows = genkit_dataset_rows_read_file (dataset, error)))
        *usage = TRUE;
      return rows;
    }

  if (!(store = genkit_dataset_store_new (store_path, error)))
    return NULL;
  if (!(found = genkit_dataset_store_lookup (store, dataset)))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                   "%s is neither a dataset of %s nor a .json, .jsonl or .csv file",
                   dataset, genkit_dataset_store_get_path (store));
      *usage = TRUE;
      return NULL;
    }
  *dataset_version = genkit_dataset_get_version (found);
  genkit_dataset_store_get_rows_async (store, dataset, *dataset_version, NULL, cli_store_result_cb, &result);
  cli_wait_for_result (&result);
  if (!(rows = genkit_dataset_store_get_rows_finish (store, result, error)))
    return NULL;
  *dataset_id = g_strdup (dataset);
  return rows;
}

static JsonNode *
cli_eval_parse_object (const char  *text,
                       const char  *label,
                       GError     **error)
{
  g_autoptr(JsonNode) node = NULL;

  if (text == NULL)
    return NULL;
  if (!(node = cli_parse_json (text, -1, label, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "%s: must be a JSON object", label);
      return NULL;
    }
  return g_steal_pointer (&node);
}

/* Runs (or resumes) with the runner set up, until done, cancelled or failed. */
static int
cli_eval_execute (CliEvalOptions   *options,
                  GenkitEvalStore  *store,
                  GenkitEvalRunner *runner,
                  const char       *resume_id,
                  GPtrArray        *thresholds,
                  gboolean          csv)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitEvalRun) run = NULL;
  g_autoptr(GError) error = NULL;
  CliEvalRun state = { 0 };
  int status;

  state.cancellable = g_cancellable_new ();
  state.quiet = options->quiet;
  state.last_progress = g_get_monotonic_time ();
  g_signal_connect (runner, "row-completed", G_CALLBACK (cli_eval_row_completed_cb), &state);
  state.sigint_id = g_unix_signal_add (SIGINT, cli_eval_sigint_cb, &state);

  if (resume_id != NULL)
    genkit_eval_runner_resume_async (runner, resume_id, state.cancellable, cli_store_result_cb, &result);
  else
    genkit_eval_runner_run_async (runner, state.cancellable, cli_store_result_cb, &result);
  cli_wait_for_result (&result);
  run = resume_id ? genkit_eval_runner_resume_finish (runner, result, &error)
                  : genkit_eval_runner_run_finish (runner, result, &error);

  g_clear_handle_id (&state.sigint_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (runner, &state);
  g_clear_object (&state.cancellable);

  if (run == NULL)
    {
      GenkitEvalRun *partial = genkit_eval_runner_get_run (runner);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && partial != NULL)
        {
          if (!options->quiet)
            cli_eval_print_progress (partial);
          cli_printerr ("eval run %s cancelled; resume it with 'genkit-studio-cli eval resume %s'",
                        genkit_eval_run_get_id (partial), genkit_eval_run_get_id (partial));
          return state.interrupted ? CLI_EXIT_INTERRUPTED : CLI_EXIT_FAILURE;
        }
      cli_printerr ("%s", error->message);
      if (partial != NULL && genkit_eval_run_can_resume (partial))
        g_printerr ("The finished test cases are kept: 'genkit-studio-cli eval resume %s' goes on.\n",
                    genkit_eval_run_get_id (partial));
      return partial == NULL && g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT)
             ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
    }

  if (!options->quiet)
    cli_eval_print_progress (run);
  status = cli_eval_report (options, store, run, thresholds, csv);
  return status;
}

static gboolean
cli_eval_apply_common (CliEvalOptions   *options,
                       CliEvalSetup     *setup,
                       GenkitEvalRunner *runner)
{
  genkit_eval_runner_set_trace_store (runner, setup->trace_store);
  if (setup->evaluator_runtime != NULL)
    genkit_eval_runner_set_evaluator_runtime (runner, setup->evaluator_runtime);
  if (options->concurrency > 0)
    genkit_eval_runner_set_concurrency (runner, (guint) options->concurrency);
  if (options->trace_timeout > 0)
    genkit_eval_runner_set_trace_timeout (runner, (guint) options->trace_timeout);
  return TRUE;
}

/* eval run --------------------------------------------------------------------------- */

static int
cli_eval_run (int    argc,
              char **argv)
{
  g_auto(CliEvalOptions) options = { .max_failed = -1 };
  g_autofree char *target = NULL;
  g_autofree char *dataset = NULL;
  g_autofree char *evaluators = NULL;
  g_autofree char *context_json = NULL;
  g_autofree char *config_json = NULL;
  g_autofree char *evaluator_options_json = NULL;
  g_autofree char *judge = NULL;
  int batch_size = 0;
  const GOptionEntry entries[] = {
    { "target", 't', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &target,
      "The action to evaluate: /flow/NAME, /model/NAME or /executable-prompt/NAME (a bare NAME is a flow)",
      "KEY" },
    { "dataset", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &dataset,
      "The test cases: a dataset of the store (see 'genkit-studio-cli dataset list'), or a .json, "
      ".jsonl or .csv file", "NAME|FILE" },
    { "evaluators", 'e', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &evaluators,
      "Comma-separated evaluator names or keys (exactMatch,genkitEval/regex); none: outputs only", "A,B" },
    { "context", 'c', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &context_json,
      "The action context of flow and prompt runs, a JSON object", "JSON" },
    { "config", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &config_json,
      "Genkit's actionConfig: a model target's config; for a prompt {\"model\": \"/model/…\", …}", "JSON" },
    { "evaluator-options", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &evaluator_options_json,
      "The evaluators' options, a JSON object of evaluator name → options", "JSON" },
    { "judge", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &judge,
      "The model the LLM-as-judge evaluators (genkitEval/faithfulness, …) use", "MODEL" },
    { "batch-size", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT, &batch_size,
      "The evaluators' batchSize (test cases scored at once)", "N" },
    CLI_EVAL_COMMON_ENTRIES (&options),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) thresholds = g_ptr_array_new_with_free_func ((GDestroyNotify) threshold_free);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonNode) action_context = NULL;
  g_autoptr(JsonNode) action_config = NULL;
  g_autoptr(JsonNode) evaluator_options = NULL;
  g_autoptr(GenkitEvalStore) store = NULL;
  g_autoptr(GenkitEvalRunner) runner = NULL;
  g_auto(CliEvalSetup) setup = { 0 };
  g_auto(GStrv) evaluator_list = NULL;
  g_autofree char *dataset_id = NULL;
  g_autofree char *key = NULL;
  gint64 dataset_version = 0;
  gboolean csv, usage;
  int status;

  context = cli_option_context_new (NULL,
                                    "Runs a target on every test case of a dataset and scores the outputs "
                                    "with evaluators,\nas 'genkit eval:flow' does, on the built-in runtime "
                                    "or the one --runtime or --project names.\nThe run is stored (see 'eval "
                                    "list'); its summary is printed as JSON on stdout.\n"
                                    "\n"
                                    "Exits with 0 when the run completes and every threshold holds, 1 "
                                    "when a threshold\nis not met or the run fails, 2 for unusable "
                                    "arguments, 130 when interrupted (then\n'eval resume' goes on).",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) > 1)
    {
      cli_printerr ("unexpected argument '%s'", args[1]);
      return CLI_EXIT_USAGE;
    }
  if (target == NULL || dataset == NULL)
    {
      cli_printerr ("give the target (--target KEY) and the test cases (--dataset NAME|FILE)");
      return CLI_EXIT_USAGE;
    }
  if (batch_size < 0)
    {
      cli_printerr ("--batch-size cannot be negative");
      return CLI_EXIT_USAGE;
    }
  if (!cli_eval_check_options (&options, &csv, &error) ||
      !cli_eval_parse_thresholds (&options, thresholds, &error) ||
      (context_json && !(action_context = cli_eval_parse_object (context_json, "--context", &error))) ||
      (evaluator_options_json &&
       !(evaluator_options = cli_eval_parse_object (evaluator_options_json, "--evaluator-options", &error))) ||
      (config_json && !(action_config = cli_parse_json (config_json, -1, "--config", &error))))
    {
      cli_printerr ("%s", error->message);
      return CLI_EXIT_USAGE;
    }

  key = target[0] == '/' ? g_strdup (target) : g_strconcat ("/flow/", target, NULL);
  evaluator_list = evaluators ? g_strsplit (evaluators, ",", -1) : g_new0 (char *, 1);
  for (guint i = 0; evaluator_list[i] != NULL; i++)
    g_strstrip (evaluator_list[i]);

  /* --judge: the judge evaluators' model, unless their options say otherwise. */
  if (judge != NULL)
    {
      JsonObject *all;

      if (evaluator_options == NULL)
        {
          g_autoptr(JsonObject) empty = json_object_new ();

          evaluator_options = json_node_init_object (json_node_alloc (), empty);
        }
      all = json_node_get_object (evaluator_options);
      for (guint i = 0; evaluator_list[i] != NULL; i++)
        {
          const char *name = g_str_has_prefix (evaluator_list[i], "/evaluator/")
                             ? evaluator_list[i] + strlen ("/evaluator/") : evaluator_list[i];
          JsonObject *entry;

          if (!g_str_equal (name, "genkitEval/faithfulness") && !g_str_equal (name, "genkitEval/answer_relevancy") &&
              !g_str_equal (name, "genkitEval/maliciousness"))
            continue;
          if (!json_object_has_member (all, evaluator_list[i]))
            json_object_set_object_member (all, evaluator_list[i], json_object_new ());
          entry = json_object_get_object_member (all, evaluator_list[i]);
          if (!json_object_has_member (entry, "judge"))
            json_object_set_string_member (entry, "judge", judge);
        }
    }

  if (!(rows = cli_eval_read_rows (dataset, options.store_path, &dataset_id, &dataset_version, &usage, &error)))
    return cli_fail (error, usage ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE);
  if (!(store = genkit_eval_store_new (options.store_path, &error)))
    return cli_fail (error, CLI_EXIT_FAILURE);
  if (!cli_eval_setup (&options, &setup, &status, &error))
    return cli_fail (error, status);

  runner = genkit_eval_runner_new (setup.runtime, store);
  cli_eval_apply_common (&options, &setup, runner);
  genkit_eval_runner_set_target (runner, key);
  genkit_eval_runner_set_evaluators (runner, (const char * const *) evaluator_list);
  genkit_eval_runner_set_rows (runner, rows, dataset_id, dataset_version);
  if (action_context != NULL)
    genkit_eval_runner_set_context (runner, json_node_get_object (action_context));
  genkit_eval_runner_set_action_config (runner, action_config);
  if (evaluator_options != NULL)
    genkit_eval_runner_set_evaluator_options (runner, json_node_get_object (evaluator_options));
  genkit_eval_runner_set_batch_size (runner, (guint) batch_size);

  status = cli_eval_execute (&options, store, runner, NULL, thresholds, csv);
  cli_drain_main_context ();
  return status;
}

/* eval resume ------------------------------------------------------------------------ */

static int
cli_eval_resume (int    argc,
                 char **argv)
{
  g_auto(CliEvalOptions) options = { .max_failed = -1 };
  const GOptionEntry entries[] = {
    CLI_EVAL_COMMON_ENTRIES (&options),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) thresholds = g_ptr_array_new_with_free_func ((GDestroyNotify) threshold_free);
  g_autoptr(GenkitEvalStore) store = NULL;
  g_autoptr(GenkitEvalRunner) runner = NULL;
  g_auto(CliEvalSetup) setup = { 0 };
  GenkitEvalRun *run;
  gboolean csv;
  int status;

  context = cli_option_context_new ("ID",
                                    "Takes up a cancelled, failed or interrupted eval run: the finished "
                                    "test cases are kept,\nthe others run, on the runtime the options "
                                    "name (the run's own target, evaluators and\nsettings).",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) != 2)
    {
      cli_printerr ("give the ID of the eval run to resume (see 'genkit-studio-cli eval list')");
      return CLI_EXIT_USAGE;
    }
  if (!cli_eval_check_options (&options, &csv, &error) || !cli_eval_parse_thresholds (&options, thresholds, &error))
    return cli_fail (error, CLI_EXIT_USAGE);
  if (!(store = genkit_eval_store_new (options.store_path, &error)))
    return cli_fail (error, CLI_EXIT_FAILURE);
  /* A run scored by the built-in runtime's evaluators goes on being scored by them. */
  if ((run = genkit_eval_store_lookup (store, args[1])) != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (genkit_eval_run_get_config (run),
                                                             "evaluatorRuntime", NULL), "other") == 0)
    options.builtin_evaluators = TRUE;
  if (!cli_eval_setup (&options, &setup, &status, &error))
    return cli_fail (error, status);

  runner = genkit_eval_runner_new (setup.runtime, store);
  cli_eval_apply_common (&options, &setup, runner);
  status = cli_eval_execute (&options, store, runner, args[1], thresholds, csv);
  cli_drain_main_context ();
  return status;
}

/* eval list / show / export / import -------------------------------------------------- */

static GenkitEvalStore *
cli_eval_open_store (const char *path)
{
  g_autoptr(GError) error = NULL;
  GenkitEvalStore *store = genkit_eval_store_new (path, &error);

  if (store == NULL)
    cli_printerr ("%s", error->message);
  return store;
}

static int
cli_eval_list (int    argc,
               char **argv)
{
  g_autofree char *store_path = NULL;
  const GOptionEntry entries[] = {
    { "store", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &store_path,
      "The studio's evaluation store (default: $XDG_DATA_HOME/genkit-studio/evals.db)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GenkitEvalStore) store = NULL;
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  guint n;

  context = cli_option_context_new (NULL, "Lists the eval runs, oldest first: id, status, progress, "
                                    "Genkit's EvalRunKey, aggregates.", entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) > 1)
    {
      cli_printerr ("unexpected argument '%s'", args[1]);
      return CLI_EXIT_USAGE;
    }
  if (!(store = cli_eval_open_store (store_path)))
    return CLI_EXIT_FAILURE;

  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitEvalRun) run = g_list_model_get_item (G_LIST_MODEL (store), i);
      JsonObject *entry = json_object_new ();

      json_object_set_string_member (entry, "evalRunId", genkit_eval_run_get_id (run));
      json_object_set_string_member (entry, "status", genkit_eval_run_status_to_string (genkit_eval_run_get_status (run)));
      json_object_set_int_member (entry, "rows", genkit_eval_run_get_n_rows (run));
      json_object_set_int_member (entry, "done", genkit_eval_run_get_n_done (run));
      json_object_set_int_member (entry, "failed", genkit_eval_run_get_n_failed (run));
      json_object_set_member (entry, "key", genkit_eval_run_to_key_json (run));
      if (genkit_eval_run_get_aggregates (run) != NULL)
        json_object_set_member (entry, "aggregates", json_node_copy (genkit_eval_run_get_aggregates (run)));
      json_array_add_object_element (list, entry);
    }
  node = json_node_init_array (json_node_alloc (), list);
  cli_print_json (node, TRUE);
  return CLI_EXIT_OK;
}

static int
cli_eval_show (int    argc,
               char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *format = NULL;
  g_autofree char *output = NULL;
  g_autofree char *baseline = NULL;
  const GOptionEntry entries[] = {
    { "format", 'f', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &format,
      "run (Genkit's EvalRun, the default), json (the results, as 'genkit eval:flow -o' writes) or csv",
      "FORMAT" },
    { "output", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &output, "Write to FILE", "FILE" },
    { "compare", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &baseline,
      "Compare the run with the run BASELINE instead: regressions, improvements, changed outputs", "BASELINE" },
    { "store", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &store_path,
      "The studio's evaluation store (default: $XDG_DATA_HOME/genkit-studio/evals.db)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitEvalStore) store = NULL;
  g_autofree char *text = NULL;
  GenkitEvalRun *runs[2] = { NULL, NULL };
  const char *ids[2];

  context = cli_option_context_new ("ID", "Prints an eval run with its results.", entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) != 2)
    {
      cli_printerr ("give the ID of one eval run (see 'genkit-studio-cli eval list')");
      return CLI_EXIT_USAGE;
    }
  if (format != NULL && !g_str_equal (format, "run") && !g_str_equal (format, "json") && !g_str_equal (format, "csv"))
    {
      cli_printerr ("--format must be run, json or csv");
      return CLI_EXIT_USAGE;
    }
  if (!(store = cli_eval_open_store (store_path)))
    return CLI_EXIT_FAILURE;

  ids[0] = args[1];
  ids[1] = baseline;
  for (guint i = 0; i < 2 && ids[i] != NULL; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;

      if (!(runs[i] = genkit_eval_store_lookup (store, ids[i])))
        {
          cli_printerr ("no eval run %s in %s", ids[i], genkit_eval_store_get_path (store));
          return CLI_EXIT_FAILURE;
        }
      genkit_eval_store_load_results_async (store, runs[i], NULL, cli_store_result_cb, &result);
      cli_wait_for_result (&result);
      if (!genkit_eval_store_load_results_finish (store, result, &error))
        return cli_fail (error, CLI_EXIT_FAILURE);
    }

  if (baseline != NULL)
    {
      g_autoptr(JsonNode) comparison = genkit_eval_run_compare (runs[1], runs[0]);

      text = json_to_string (comparison, TRUE);
    }
  else if (g_strcmp0 (format, "csv") == 0)
    text = genkit_eval_run_export_csv (runs[0]);
  else if (g_strcmp0 (format, "json") == 0)
    text = genkit_eval_run_export_json (runs[0]);
  else
    {
      g_autoptr(JsonNode) json = genkit_eval_run_to_json (runs[0]);

      text = json_to_string (json, TRUE);
    }

  if (output != NULL)
    {
      if (!g_file_set_contents (output, text, -1, &error))
        return cli_fail (error, CLI_EXIT_FAILURE);
      return CLI_EXIT_OK;
    }
  g_print ("%s\n", text);
  return CLI_EXIT_OK;
}

static int
cli_eval_genkit (int    argc,
                 char **argv,
                 gboolean export)
{
  g_autofree char *store_path = NULL;
  g_autofree char *genkit_dir = NULL;
  const GOptionEntry entries[] = {
    { "genkit", 'g', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &genkit_dir,
      "The directory the Genkit CLI runs in: its eval runs are DIR/.genkit/evals (required)", "DIR" },
    { "store", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &store_path,
      "The studio's evaluation store (default: $XDG_DATA_HOME/genkit-studio/evals.db)", "FILE" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitEvalStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *dir = NULL;
  const char * const *ids;

  context = cli_option_context_new ("--genkit DIR [ID…]",
                                    export ? "Writes eval runs (the IDs given, or every completed one) "
                                             "into the Genkit CLI's\n.genkit/evals, where the Dev UI "
                                             "lists them."
                                           : "Reads the eval runs of the Genkit CLI's .genkit/evals "
                                             "('genkit eval:flow', the Dev UI)\ninto the studio's store, "
                                             "to list and compare them with its own.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (genkit_dir == NULL)
    {
      cli_printerr ("give the Genkit CLI's directory with --genkit DIR");
      return CLI_EXIT_USAGE;
    }
  if (!(store = cli_eval_open_store (store_path)))
    return CLI_EXIT_FAILURE;

  dir = cli_genkit_store_dir (genkit_dir, "evals");
  ids = g_strv_length (args) > 1 ? (const char * const *) args + 1 : NULL;
  if (export)
    {
      genkit_eval_store_export_genkit_async (store, ids, dir, NULL, cli_store_result_cb, &result);
      cli_wait_for_result (&result);
      if (!genkit_eval_store_export_genkit_finish (store, result, &error))
        return cli_fail (error, CLI_EXIT_FAILURE);
      g_printerr ("exported to %s\n", dir);
    }
  else
    {
      g_autoptr(GPtrArray) runs = NULL;
      g_autoptr(JsonArray) list = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      genkit_eval_store_import_genkit_async (store, dir, ids, NULL, cli_store_result_cb, &result);
      cli_wait_for_result (&result);
      if (!(runs = genkit_eval_store_import_genkit_finish (store, result, &error)))
        return cli_fail (error, CLI_EXIT_FAILURE);
      for (guint i = 0; i < runs->len; i++)
        json_array_add_element (list, genkit_eval_run_to_key_json (g_ptr_array_index (runs, i)));
      node = json_node_init_array (json_node_alloc (), list);
      cli_print_json (node, TRUE);
    }
  return CLI_EXIT_OK;
}

static int
cli_eval_export (int    argc,
                 char **argv)
{
  return cli_eval_genkit (argc, argv, TRUE);
}

static int
cli_eval_import (int    argc,
                 char **argv)
{
  return cli_eval_genkit (argc, argv, FALSE);
}

static const CliCommand cli_eval_commands[] = {
  { "run", "Evaluate a target on a dataset (or a file) with evaluators", cli_eval_run },
  { "resume", "Take up a cancelled, failed or interrupted eval run", cli_eval_resume },
  { "list", "List the eval runs", cli_eval_list },
  { "show", "Print an eval run (Genkit's EvalRun, JSON results, CSV) or compare two", cli_eval_show },
  { "export", "Write eval runs into the Genkit CLI's .genkit/evals", cli_eval_export },
  { "import", "Read the Genkit CLI's .genkit/evals runs", cli_eval_import },
};

/**
 * cli_eval_main:
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): `eval`, then a subcommand and its options
 *
 * The `eval` command group over a [class@Genkit.EvalRunner] and the studio's
 * [class@Genkit.EvalStore]:
 *
 * - `eval run --target KEY --dataset NAME|FILE [--evaluators a,b] [--runtime URL|ID --project
 *   DIR] [--concurrency N] [--output FILE --format json|csv] [--min-pass-rate [METRIC=]X]…
 *   [--min-score METRIC=X]… [--max-failed N]`: evaluates; prints the run's summary (JSON) and
 *   exits with 1 when a threshold is not met;
 * - `eval resume ID`, `eval list`, `eval show ID [--format run|json|csv] [--compare BASELINE]`,
 *   `eval export --genkit DIR [ID…]`, `eval import --genkit DIR [ID…]`.
 *
 * Returns: a #CliExit status
 */
int
cli_eval_main (int    argc,
               char **argv)
{
  return cli_dispatch ("genkit-studio-cli eval",
                       "Evaluations: run a flow, model or executable prompt on every test case of a "
                       "dataset and\nscore the outputs with evaluators, on any Genkit runtime; the runs "
                       "are stored, can be\nresumed, compared, and exported in the Genkit CLI's formats.",
                       cli_eval_commands, G_N_ELEMENTS (cli_eval_commands), argc, argv);
}
