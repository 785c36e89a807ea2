/* eval-bench.c — an eval run of N test cases on the built-in runtime's echo model: time, memory
 * and how long the main loop (the studio's UI thread) was ever kept busy
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 *   genkit-eval-bench [--rows 1000] [--concurrency 8] [--target /model/echo] [--dir DIR]
 *
 * Prints one JSON object: rows, seconds, rows per second, the run's status and counts, peak
 * and final resident memory (VmHWM, VmRSS, in KiB), the database's size, and the main loop's
 * responsiveness: a 10 ms timer runs through the whole eval run and the gaps between its ticks
 * are the longest time anything (the runner, the stores' callbacks, the aggregates) held the
 * loop — what a window on that loop would feel.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include <genkit-eval.h>

#include "genkit-samples.h"

#define TICK_MS 10

typedef struct
{
  gint64  last;
  GArray *gaps;     /* double, ms */
} Ticker;

static gboolean
tick_cb (gpointer user_data)
{
  Ticker *ticker = user_data;
  gint64 now = g_get_monotonic_time ();
  double gap = (now - ticker->last) / 1000.0;

  g_array_append_val (ticker->gaps, gap);
  ticker->last = now;
  return G_SOURCE_CONTINUE;
}

static gint64
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(line = strstr (status, field)))
    return -1;
  return g_ascii_strtoll (line + strlen (field), NULL, 10);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The database with its write-ahead log (not checkpointed yet while the store is open). */
static gint64
file_size (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  GStatBuf buf;
  gint64 size = 0;

  if (g_stat (path, &buf) == 0)
    size += buf.st_size;
  if (g_stat (wal, &buf) == 0)
    size += buf.st_size;
  return size;
}

int
main (int    argc,
      char **argv)
{
  int rows = 1000;
  int concurrency = 8;
  g_autofree char *target = NULL;
  g_autofree char *dir = NULL;
  const GOptionEntry entries[] = {
    { "rows", 'n', 0, G_OPTION_ARG_INT, &rows, "Test cases (1000)", "N" },
    { "concurrency", 'j', 0, G_OPTION_ARG_INT, &concurrency, "Test cases at once (8)", "N" },
    { "target", 't', 0, G_OPTION_ARG_STRING, &target, "/model/echo (default) or /flow/greet", "KEY" },
    { "dir", 'd', 0, G_OPTION_ARG_FILENAME, &dir, "Where the stores go (a new temporary folder)", "DIR" },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(GenkitLocalRuntime) runtime = NULL;
  g_autoptr(GenkitTraceStore) traces = NULL;
  g_autoptr(GenkitEvalStore) store = NULL;
  g_autoptr(GenkitEvalRunner) runner = NULL;
  g_autoptr(GPtrArray) data = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitEvalRun) run = NULL;
  g_autofree char *traces_path = NULL;
  g_autofree char *evals_path = NULL;
  g_autoptr(JsonObject) report = json_object_new ();
  g_autoptr(JsonNode) report_node = NULL;
  g_autofree char *text = NULL;
  Ticker ticker = { 0 };
  gint64 start, rss_before;
  double seconds, p99, longest = 0;
  guint over_50 = 0, tick_id;
  gboolean flow;
  const char *evaluators_model[] = { "genkitEval/regex", "genkitEval/json_schema", NULL };
  const char *evaluators_flow[] = { "exactMatch", "genkitEval/regex", NULL };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (target == NULL)
    target = g_strdup ("/model/echo");
  flow = g_str_equal (target, "/flow/greet");
  if (dir == NULL)
    dir = g_dir_make_tmp ("genkit-eval-bench-XXXXXX", NULL);
  traces_path = g_build_filename (dir, "traces.db", NULL);
  evals_path = g_build_filename (dir, "evals.db", NULL);

  registry = genkit_registry_new ();
  if (!genkit_samples_register (registry, &error) ||
      !genkit_eval_define_builtin_evaluators (registry, NULL, &error) ||
      !(traces = genkit_trace_store_new (traces_path, &error)) ||
      !(store = genkit_eval_store_new (evals_path, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  runtime = genkit_local_runtime_new (registry);

  for (int i = 0; i < rows; i++)
    {
      g_autofree char *name = g_strdup_printf ("person %d", i);
      g_autofree char *id = g_strdup_printf ("case-%04d", i);
      g_autoptr(JsonNode) input = NULL;
      g_autoptr(JsonNode) reference = NULL;

      if (flow)
        {
          g_autoptr(JsonObject) object = json_object_new ();
          g_autofree char *greeting = g_strdup_printf ("Hello, %s!", name);

          json_object_set_string_member (object, "name", name);
          input = json_node_init_object (json_node_alloc (), object);
          /* One in ten references differs: a realistic mix of passes and failures. */
          reference = json_node_init_string (json_node_alloc (), i % 10 ? greeting : "Hi!");
        }
      else
        {
          input = json_node_init_string (json_node_alloc (), name);
          reference = json_node_init_string (json_node_alloc (), i % 10 ? name : "nobody");
        }
      g_ptr_array_add (data, genkit_dataset_row_new (id, input, reference, NULL));
    }

  runner = genkit_eval_runner_new (GENKIT_RUNTIME (runtime), store);
  genkit_eval_runner_set_trace_store (runner, traces);
  genkit_eval_runner_set_target (runner, target);
  genkit_eval_runner_set_evaluators (runner, flow ? evaluators_flow : evaluators_model);
  genkit_eval_runner_set_concurrency (runner, (guint) concurrency);
  genkit_eval_runner_set_rows (runner, data, NULL, 0);

  rss_before = status_kib ("VmRSS:");
  ticker.gaps = g_array_new (FALSE, FALSE, sizeof (double));
  ticker.last = g_get_monotonic_time ();
  tick_id = g_timeout_add (TICK_MS, tick_cb, &ticker);
  start = g_get_monotonic_time ();
  genkit_eval_runner_run_async (runner, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  g_source_remove (tick_id);

  if (!(run = genkit_eval_runner_run_finish (runner, result, &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_array_sort (ticker.gaps, compare_doubles);
  for (guint i = 0; i < ticker.gaps->len; i++)
    {
      double gap = g_array_index (ticker.gaps, double, i) - TICK_MS;

      longest = MAX (longest, gap);
      if (gap > 50)
        over_50++;
    }
  p99 = ticker.gaps->len ? g_array_index (ticker.gaps, double, (guint) (0.99 * (ticker.gaps->len - 1))) - TICK_MS : 0;

  json_object_set_string_member (report, "target", target);
  json_object_set_int_member (report, "rows", rows);
  json_object_set_int_member (report, "concurrency", concurrency);
  json_object_set_double_member (report, "seconds", seconds);
  json_object_set_double_member (report, "rowsPerSecond", rows / seconds);
  json_object_set_string_member (report, "status", genkit_eval_run_status_to_string (genkit_eval_run_get_status (run)));
  json_object_set_int_member (report, "done", genkit_eval_run_get_n_done (run));
  json_object_set_int_member (report, "failed", genkit_eval_run_get_n_failed (run));
  json_object_set_double_member (report, "passRate",
                                 json_object_get_double_member (genkit_eval_run_get_metric_aggregate (run, flow ? "exactMatch" : "genkitEval/regex"),
                                                                "passRate"));
  json_object_set_int_member (report, "rssBeforeKiB", rss_before);
  json_object_set_int_member (report, "peakRssKiB", status_kib ("VmHWM:"));
  json_object_set_int_member (report, "rssAfterKiB", status_kib ("VmRSS:"));
  json_object_set_int_member (report, "evalsDbBytes", file_size (evals_path));
  json_object_set_int_member (report, "tracesDbBytes", file_size (traces_path));
  json_object_set_int_member (report, "loopTicks", ticker.gaps->len);
  json_object_set_double_member (report, "loopLongestStallMs", longest);
  json_object_set_double_member (report, "loopP99StallMs", p99);
  json_object_set_int_member (report, "loopStallsOver50Ms", over_50);
  report_node = json_node_init_object (json_node_alloc (), report);
  text = json_to_string (report_node, FALSE);
  g_print ("%s\n", text);
  g_array_unref (ticker.gaps);

  /* Let the stores' last callbacks run before they are closed. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  return 0;
}
