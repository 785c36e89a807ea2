/* test-app-eval-bench.c — a 1,000-row eval run of the echo model started from the Evaluations
 * pane, with the UI's responsiveness measured throughout (suite 'bench')
 *
 * Knobs: EVAL_BENCH_ROWS (default 1000); EVAL_BENCH_HEADLESS=1 runs the same eval with a bare
 * GenkitEvalRunner and no window (the engine's own cost, for comparison); EVAL_BENCH_NO_TRACES=1
 * leaves the trace store out; EVAL_BENCH_HIDE=1 shows another pane while the run goes on.
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>
#include <genkit-eval.h>
#include <genkit-telemetry.h>

#include "genkit-samples.h"
#include "studio-eval-stores.h"
#include "studio-evals-pane.h"
#include "studio-test-util.h"
#include "studio-window.h"

/* How often the main loop is asked to run a timeout, in milliseconds: its lateness is the
 * time the UI could not answer. */
#define TICK_MS 10

typedef struct
{
  gint64  start;
  gint64  last;
  gint64  max_stall_us;
  gint64  max_stall_at;   /* when, from the start, in microseconds */
  guint   ticks;
  guint   late_ticks;     /* more than 50 ms late: a visible hitch */
  guint64 stall_sum_us;
} Lateness;

static gboolean
tick_cb (gpointer user_data)
{
  Lateness *lateness = user_data;
  gint64 now = g_get_monotonic_time ();
  gint64 stall = now - lateness->last - TICK_MS * 1000;

  if (stall > lateness->max_stall_us)
    {
      lateness->max_stall_us = stall;
      lateness->max_stall_at = now - lateness->start;
    }
  if (stall > 50000)
    lateness->late_ticks++;
  if (stall > 0)
    lateness->stall_sum_us += stall;
  lateness->ticks++;
  lateness->last = now;
  return G_SOURCE_CONTINUE;
}

static gboolean
env_set (const char *name)
{
  return g_strcmp0 (g_getenv (name), "") > 0;
}

/* A line of /proc/self/status, in kB. */
static guint64
status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(line = strstr (status, field)))
    return 0;
  return g_ascii_strtoull (line + strlen (field) + 1, NULL, 10);
}

/* The same run without the studio: the engine's own cost on the main loop, for comparison. */
static void
run_headless (GenkitRuntime      *runtime,
              GenkitTraceStore   *trace_store,
              StudioEvalStores   *stores,
              GPtrArray          *rows,
              const char * const *evaluators)
{
  g_autoptr(GenkitEvalRunner) runner = genkit_eval_runner_new (runtime, studio_eval_stores_get_evals (stores));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitEvalRun) run = NULL;
  g_autoptr(GError) error = NULL;

  genkit_eval_runner_set_trace_store (runner, trace_store);
  genkit_eval_runner_set_attach_span_processor (runner, FALSE);
  genkit_eval_runner_set_target (runner, "/model/echo");
  genkit_eval_runner_set_evaluators (runner, evaluators);
  genkit_eval_runner_set_concurrency (runner, 4);
  genkit_eval_runner_set_rows (runner, rows, "echo-bench", 1);
  genkit_eval_runner_run_async (runner, NULL, studio_test_store_result_cb, &result);
  run = genkit_eval_runner_run_finish (runner, studio_test_wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), ==, rows->len);
}

static gboolean
idle (gpointer user_data)
{
  return !studio_evals_pane_get_busy (user_data);
}

static gboolean
finished (gpointer user_data)
{
  return !studio_evals_pane_get_running (user_data) && !studio_evals_pane_get_busy (user_data);
}

static void
test_eval_bench (void)
{
  guint n_rows = g_getenv ("EVAL_BENCH_ROWS") ? (guint) atoi (g_getenv ("EVAL_BENCH_ROWS")) : 1000;
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitRuntime) runtime = NULL;
  g_autoptr(GenkitTraceStore) trace_store = NULL;
  g_autoptr(GenkitStoreSpanProcessor) processor = NULL;
  g_autoptr(StudioEvalStores) stores = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitDataset) dataset = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *traces = g_build_filename (g_get_user_data_dir (), "bench-traces.db", NULL);
  const char * const evaluators[] = { "/evaluator/genkitEval/regex", "/evaluator/genkitEval/deep_equal", NULL };
  StudioWindow *window;
  StudioEvalsPane *pane;
  GenkitEvalRun *run;
  Lateness lateness = { 0 };
  guint64 rss_before, rss_after, hwm;
  gint64 start, elapsed;
  guint tick_id;

  g_test_summary ("A 1,000-row eval run of the echo model from the Evaluations pane, with the studio's trace "
                  "store as the application has it: run time, the main loop's worst stall, memory");

  /* The built-in runtime as the application makes it: its spans go into the trace store. */
  genkit_samples_register (registry, &error);
  g_assert_no_error (error);
  genkit_eval_define_builtin_evaluators (registry, NULL, &error);
  g_assert_no_error (error);
  trace_store = genkit_trace_store_new (traces, &error);
  g_assert_no_error (error);
  processor = genkit_store_span_processor_new (trace_store);
  if (!env_set ("EVAL_BENCH_NO_TRACES"))
    genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (processor));
  runtime = GENKIT_RUNTIME (genkit_local_runtime_new (registry));

  stores = studio_eval_stores_get_default (&error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *id = g_strdup_printf ("q%04u", i);
      g_autofree char *text = g_strdup_printf ("\"Question number %u: what is %u + %u?\"", i, i, i + 1);
      g_autoptr(JsonNode) input = json_from_string (text, NULL);
      g_autoptr(JsonNode) reference = json_from_string ("\"Question\"", NULL);

      g_ptr_array_add (rows, genkit_dataset_row_new (id, input, reference, NULL));
    }
  genkit_dataset_store_create_async (studio_eval_stores_get_datasets (stores), "echo-bench", GENKIT_DATASET_TYPE_MODEL,
                                     "/model/echo", rows, NULL, studio_test_store_result_cb, &result);
  dataset = genkit_dataset_store_create_finish (studio_eval_stores_get_datasets (stores),
                                                studio_test_wait_result (&result), &error);
  g_assert_no_error (error);

  if (env_set ("EVAL_BENCH_HEADLESS"))
    {
      lateness.last = g_get_monotonic_time ();
      tick_id = g_timeout_add (TICK_MS, tick_cb, &lateness);
      start = g_get_monotonic_time ();
      run_headless (runtime, trace_store, stores, rows, evaluators);
      elapsed = g_get_monotonic_time () - start;
      g_source_remove (tick_id);
      g_test_message ("headless run time: %.2f s; main loop: %u ticks, worst stall %.1f ms, mean lateness %.2f ms",
                      elapsed / 1e6, lateness.ticks, lateness.max_stall_us / 1000.0,
                      lateness.ticks ? lateness.stall_sum_us / 1000.0 / lateness.ticks : 0);
      return;
    }

  window = studio_window_new (NULL, runtime, NULL);
  if (!env_set ("EVAL_BENCH_NO_TRACES"))
    studio_window_set_trace_store (window, trace_store);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 760);
  gtk_window_present (GTK_WINDOW (window));
  pane = STUDIO_EVALS_PANE (studio_test_find_type (GTK_WIDGET (window), STUDIO_TYPE_EVALS_PANE));
  g_action_group_activate_action (G_ACTION_GROUP (window), "show-pane", g_variant_new_string ("evaluations"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  g_assert_true (studio_test_wait (idle, pane, 20000));

  g_assert_true (studio_evals_pane_set_target (pane, "/model/echo"));
  g_assert_true (studio_evals_pane_set_dataset (pane, "echo-bench"));
  studio_evals_pane_set_evaluators (pane, evaluators);
  studio_evals_pane_set_concurrency (pane, 4);

  rss_before = status_kb ("VmRSS:");
  lateness.last = lateness.start = g_get_monotonic_time ();
  tick_id = g_timeout_add (TICK_MS, tick_cb, &lateness);
  start = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (pane), "evals.start", NULL);
  if (env_set ("EVAL_BENCH_HIDE"))
    g_action_group_activate_action (G_ACTION_GROUP (window), "show-pane", g_variant_new_string ("datasets"));
  g_assert_true (studio_test_wait (finished, pane, 600000));
  elapsed = g_get_monotonic_time () - start;
  g_source_remove (tick_id);
  rss_after = status_kb ("VmRSS:");
  hwm = status_kb ("VmHWM:");

  run = studio_evals_pane_get_shown_run (pane);
  g_assert_nonnull (run);
  g_assert_cmpint (genkit_eval_run_get_status (run), ==, GENKIT_EVAL_RUN_STATUS_COMPLETED);
  g_assert_cmpuint (genkit_eval_run_get_n_done (run), ==, n_rows);
  g_assert_cmpuint (g_list_model_get_n_items (studio_evals_pane_get_results (pane)), ==, n_rows);

  g_test_message ("rows: %u, concurrency 4, evaluators: regex, deep_equal", n_rows);
  g_test_message ("run time: %.2f s (%.0f rows/s)", elapsed / 1e6, n_rows / (elapsed / 1e6));
  g_test_message ("main loop: %u ticks of %d ms, worst stall %.1f ms (ending %.2f s into the run), %u ticks "
                  "more than 50 ms late, mean lateness %.2f ms", lateness.ticks, TICK_MS,
                  lateness.max_stall_us / 1000.0, lateness.max_stall_at / 1e6, lateness.late_ticks,
                  lateness.ticks ? lateness.stall_sum_us / 1000.0 / lateness.ticks : 0);
  g_test_message ("RSS: %.1f MB before the run, %.1f MB after; peak %.1f MB", rss_before / 1024.0,
                  rss_after / 1024.0, hwm / 1024.0);
  /* The stall and timing figures are this benchmark's output, read by a person: a timed
   * assertion would fail on a loaded or sanitized build without saying anything new. */

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

  g_test_add_func ("/bench/eval/echo-1000", test_eval_bench);

  return g_test_run ();
}
