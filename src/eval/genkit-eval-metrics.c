/* genkit-eval-metrics.c — scores as Genkit merges and sums them up, and the studio's
 * aggregates (pass rates, means, percentiles)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "genkit-eval-private.h"

/* JavaScript's `String(value)` of the values countBy/groupBy key objects by. */
static char *
js_key (JsonNode *node)
{
  GType type;

  if (node == NULL)
    return g_strdup ("undefined");
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (!JSON_NODE_HOLDS_VALUE (node))
    return g_strdup (JSON_NODE_HOLDS_ARRAY (node) ? "" : "[object Object]");
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return json_to_string (node, FALSE);
}

/* The scores of one EvalResponse: `evaluation` is one Score or an array of them. */
static GPtrArray *
response_scores (JsonObject *response)
{
  GPtrArray *scores = g_ptr_array_new ();
  JsonNode *evaluation = json_object_get_member (response, "evaluation");

  if (evaluation == NULL)
    return scores;
  if (JSON_NODE_HOLDS_ARRAY (evaluation))
    {
      JsonArray *array = json_node_get_array (evaluation);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
          g_ptr_array_add (scores, json_array_get_object_element (array, i));
    }
  else if (JSON_NODE_HOLDS_OBJECT (evaluation))
    g_ptr_array_add (scores, json_node_get_object (evaluation));
  return scores;
}

/**
 * _genkit_eval_metrics_for_result:
 * @evaluators: the run's evaluator keys, in order
 * @responses: (nullable): evaluator key → that evaluator's `EvalResponse` for the test case
 *
 * Genkit's `enrichResultsWithScoring` for one test case: every score of every evaluator
 * becomes an `EvalMetric` `{evaluator, score, scoreId, status, rationale, error, traceId,
 * spanId}`.
 *
 * Returns: (transfer full): a JSON array
 */
JsonNode *
_genkit_eval_metrics_for_result (const char * const *evaluators,
                                 JsonObject         *responses)
{
  g_autoptr(JsonArray) metrics = json_array_new ();

  for (guint e = 0; responses != NULL && evaluators != NULL && evaluators[e] != NULL; e++)
    {
      JsonNode *node = json_object_get_member (responses, evaluators[e]);
      g_autoptr(GPtrArray) scores = NULL;
      JsonObject *response;

      if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      response = json_node_get_object (node);
      scores = response_scores (response);
      for (guint i = 0; i < scores->len; i++)
        {
          JsonObject *score = g_ptr_array_index (scores, i);
          JsonObject *metric = json_object_new ();
          JsonNode *member;

          json_object_set_string_member (metric, "evaluator", evaluators[e]);
          if ((member = json_object_get_member (score, "score")) != NULL)
            json_object_set_member (metric, "score", json_node_copy (member));
          if ((member = json_object_get_member (score, "id")) != NULL)
            json_object_set_member (metric, "scoreId", json_node_copy (member));
          if ((member = json_object_get_member (score, "status")) != NULL)
            json_object_set_member (metric, "status", json_node_copy (member));
          if ((member = json_object_get_member (score, "details")) != NULL && JSON_NODE_HOLDS_OBJECT (member) &&
              (member = json_object_get_member (json_node_get_object (member), "reasoning")) != NULL)
            json_object_set_member (metric, "rationale", json_node_copy (member));
          if ((member = json_object_get_member (score, "error")) != NULL)
            json_object_set_member (metric, "error", json_node_copy (member));
          if ((member = json_object_get_member (response, "traceId")) != NULL)
            json_object_set_member (metric, "traceId", json_node_copy (member));
          if ((member = json_object_get_member (response, "spanId")) != NULL)
            json_object_set_member (metric, "spanId", json_node_copy (member));
          json_array_add_object_element (metrics, metric);
        }
    }

  return json_node_init_array (json_node_alloc (), metrics);
}

/* An ordered group-by with JavaScript's object key order (integer-like keys first). */
typedef struct
{
  GPtrArray  *keys;     /* char *, first-seen order */
  GHashTable *groups;   /* key → GPtrArray */
} Groups;

static void
groups_init (Groups *groups)
{
  groups->keys = g_ptr_array_new_with_free_func (g_free);
  groups->groups = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
}

static void
groups_clear (Groups *groups)
{
  g_clear_pointer (&groups->groups, g_hash_table_unref);
  g_clear_pointer (&groups->keys, g_ptr_array_unref);
}

static void
groups_add (Groups     *groups,
            const char *key,
            gpointer    item)
{
  GPtrArray *group = g_hash_table_lookup (groups->groups, key);

  if (group == NULL)
    {
      char *owned = g_strdup (key);

      group = g_ptr_array_new ();
      g_ptr_array_add (groups->keys, owned);
      g_hash_table_insert (groups->groups, owned, group);
    }
  g_ptr_array_add (group, item);
}

static gboolean
is_index_key (const char *key)
{
  if (key[0] == '\0' || !g_ascii_isdigit (key[0]) || (key[0] == '0' && key[1] != '\0'))
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return strlen (key) < 10 || g_ascii_strtoull (key, NULL, 10) < G_MAXUINT32;
}

static int
compare_index_keys (gconstpointer a,
                    gconstpointer b)
{
  guint64 x = g_ascii_strtoull (*(const char * const *) a, NULL, 10);
  guint64 y = g_ascii_strtoull (*(const char * const *) b, NULL, 10);

  return x < y ? -1 : x > y;
}

/* The keys in the order `Object.keys()` gives them. */
static GPtrArray *
groups_js_order (Groups *groups)
{
  GPtrArray *ordered = g_ptr_array_new ();
  g_autoptr(GPtrArray) indexes = g_ptr_array_new ();

  for (guint i = 0; i < groups->keys->len; i++)
    if (is_index_key (g_ptr_array_index (groups->keys, i)))
      g_ptr_array_add (indexes, g_ptr_array_index (groups->keys, i));
  g_ptr_array_sort (indexes, compare_index_keys);
  for (guint i = 0; i < indexes->len; i++)
    g_ptr_array_add (ordered, g_ptr_array_index (indexes, i));
  for (guint i = 0; i < groups->keys->len; i++)
    if (!is_index_key (g_ptr_array_index (groups->keys, i)))
      g_ptr_array_add (ordered, g_ptr_array_index (groups->keys, i));
  return ordered;
}

/* One score of one evaluator (or evaluator/scoreId), as Genkit's summary code flattens them. */
typedef struct
{
  char       *evaluator;
  gint64      test_case_count;
  JsonObject *score;          /* borrowed */
} Entry;

static void
entry_free (Entry *entry)
{
  g_free (entry->evaluator);
  g_free (entry);
}

static Entry *
entry_new (const char *evaluator,
           gint64      test_case_count,
           JsonObject *score)
{
  Entry *entry = g_new0 (Entry, 1);

  entry->evaluator = g_strdup (evaluator);
  entry->test_case_count = test_case_count;
  entry->score = score;
  return entry;
}

static JsonNode *
count_by (GPtrArray  *entries,
          const char *member)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = g_ptr_array_index (entries, i);
      char *key = js_key (json_object_get_member (entry->score, member));
      gpointer count;

      if (g_hash_table_lookup_extended (counts, key, NULL, &count))
        {
          g_hash_table_insert (counts, g_strdup (key), GINT_TO_POINTER (GPOINTER_TO_INT (count) + 1));
          g_free (key);
        }
      else
        {
          g_ptr_array_add (keys, g_strdup (key));
          g_hash_table_insert (counts, key, GINT_TO_POINTER (1));
        }
    }
  return _genkit_eval_json_object_sorted_counts (keys, counts);
}

/* Genkit's scores map: for each evaluator, its responses over the test cases, in order. */
static GPtrArray *
responses_of (const char *evaluator,
              GPtrArray  *results)
{
  GPtrArray *responses = g_ptr_array_new ();

  for (guint i = 0; i < results->len; i++)
    {
      GenkitEvalResult *result = g_ptr_array_index (results, i);
      JsonObject *all = _genkit_eval_result_get_responses (result);
      JsonNode *node;

      if (genkit_eval_result_get_status (result) != GENKIT_EVAL_RESULT_STATUS_DONE || all == NULL)
        continue;
      if ((node = json_object_get_member (all, evaluator)) != NULL && JSON_NODE_HOLDS_OBJECT (node))
        g_ptr_array_add (responses, json_node_get_object (node));
    }
  return responses;
}

/* The flattened entries and each evaluator name's test case count. */
static GPtrArray *
summary_entries (const char * const *evaluators,
                 GPtrArray          *results,
                 GHashTable         *test_case_counts)
{
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  for (guint e = 0; evaluators != NULL && evaluators[e] != NULL; e++)
    {
      const char *evaluator = evaluators[e];
      g_autoptr(GPtrArray) responses = responses_of (evaluator, results);
      g_autoptr(GPtrArray) scores = g_ptr_array_new ();
      g_autoptr(GPtrArray) order = NULL;
      Groups by_id;

      g_hash_table_insert (test_case_counts, g_strdup (evaluator), GINT_TO_POINTER (responses->len));
      for (guint i = 0; i < responses->len; i++)
        {
          g_autoptr(GPtrArray) some = response_scores (g_ptr_array_index (responses, i));

          g_ptr_array_extend (scores, some, NULL, NULL);
        }

      groups_init (&by_id);
      for (guint i = 0; i < scores->len; i++)
        {
          g_autofree char *key = js_key (json_object_get_member (g_ptr_array_index (scores, i), "id"));

          groups_add (&by_id, key, g_ptr_array_index (scores, i));
        }
      order = groups_js_order (&by_id);

      if (order->len == 1 && g_str_equal (g_ptr_array_index (order, 0), "undefined"))
        {
          for (guint i = 0; i < scores->len; i++)
            g_ptr_array_add (entries, entry_new (evaluator, responses->len, g_ptr_array_index (scores, i)));
        }
      else
        for (guint g = 0; g < order->len; g++)
          {
            const char *id = g_ptr_array_index (order, g);
            GPtrArray *group = g_hash_table_lookup (by_id.groups, id);
            g_autofree char *name = g_str_equal (id, "undefined") ? g_strdup (evaluator)
                                                                  : g_strdup_printf ("%s/%s", evaluator, id);

            if (!g_str_equal (id, "undefined"))
              g_hash_table_insert (test_case_counts, g_strdup (name), GINT_TO_POINTER (responses->len));
            for (guint i = 0; i < group->len; i++)
              g_ptr_array_add (entries, entry_new (name, responses->len, g_ptr_array_index (group, i)));
          }
      groups_clear (&by_id);
    }
  return entries;
}

static JsonNode *
mean_score (GPtrArray *defined)
{
  double sum = 0;

  for (guint i = 0; i < defined->len; i++)
    {
      JsonNode *score = json_object_get_member (((Entry *) g_ptr_array_index (defined, i))->score, "score");
      GType type = JSON_NODE_HOLDS_VALUE (score) ? json_node_get_value_type (score) : G_TYPE_NONE;

      if (JSON_NODE_HOLDS_NULL (score))
        continue;
      if (type == G_TYPE_BOOLEAN)
        sum += json_node_get_boolean (score) ? 1 : 0;
      else if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        sum += json_node_get_double (score);
      else
        /* JavaScript's sum turns into a string and the mean into NaN, which JSON writes as
         * null. */
        return json_node_new (JSON_NODE_NULL);
    }
  return json_node_init_double (json_node_alloc (), sum / defined->len);
}

/**
 * _genkit_eval_metric_summaries:
 * @evaluators: the run's evaluator keys, in order
 * @results: (element-type GenkitEvalResult): the run's results
 *
 * Genkit's `extractMetricSummaries`: per evaluator (or `evaluator/scoreId` when scores carry
 * ids) the test case count, the error count, the count of scores without a value, the status
 * distribution, and the average score (numbers) or the score distribution (booleans, or
 * strings with at most 5 distinct values).
 *
 * Returns: (transfer full): a JSON array of summaries
 */
JsonNode *
_genkit_eval_metric_summaries (const char * const *evaluators,
                               GPtrArray          *results)
{
  g_autoptr(GHashTable) test_case_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) entries = summary_entries (evaluators, results, test_case_counts);
  g_autoptr(JsonArray) summaries = json_array_new ();
  g_autoptr(GPtrArray) order = NULL;
  Groups by_evaluator;

  groups_init (&by_evaluator);
  for (guint i = 0; i < entries->len; i++)
    groups_add (&by_evaluator, ((Entry *) g_ptr_array_index (entries, i))->evaluator, g_ptr_array_index (entries, i));
  order = groups_js_order (&by_evaluator);

  for (guint g = 0; g < order->len; g++)
    {
      const char *evaluator = g_ptr_array_index (order, g);
      GPtrArray *items = g_hash_table_lookup (by_evaluator.groups, evaluator);
      g_autoptr(GPtrArray) defined = g_ptr_array_new ();
      JsonObject *summary = json_object_new ();
      gint64 undefined_count = 0, error_count = 0;
      JsonNode *status_distribution = count_by (items, "status");
      JsonNode *first_score = NULL;
      GType type = G_TYPE_NONE;

      for (guint i = 0; i < items->len; i++)
        {
          Entry *entry = g_ptr_array_index (items, i);

          if (json_object_has_member (entry->score, "score"))
            g_ptr_array_add (defined, entry);
          else
            undefined_count++;
          if (json_object_has_member (entry->score, "error"))
            error_count++;
        }

      json_object_set_string_member (summary, "evaluator", evaluator);
      if (defined->len > 0)
        {
          Entry *valid = g_ptr_array_index (defined, 0);

          first_score = json_object_get_member (valid->score, "score");
          if (JSON_NODE_HOLDS_VALUE (first_score))
            type = json_node_get_value_type (first_score);
          json_object_set_int_member (summary, "testCaseCount", valid->test_case_count);
        }
      else
        json_object_set_int_member (summary, "testCaseCount",
                                    GPOINTER_TO_INT (g_hash_table_lookup (test_case_counts, evaluator)));
      json_object_set_int_member (summary, "errorCount", error_count);
      json_object_set_int_member (summary, "scoreUndefinedCount", undefined_count);

      if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
        {
          json_object_set_member (summary, "statusDistribution", status_distribution);
          json_object_set_member (summary, "averageScore", mean_score (defined));
        }
      else if (type == G_TYPE_BOOLEAN)
        {
          json_object_set_member (summary, "statusDistribution", status_distribution);
          json_object_set_member (summary, "scoreDistribution", count_by (defined, "score"));
        }
      else if (type == G_TYPE_STRING)
        {
          JsonNode *distribution = count_by (defined, "score");

          if (json_object_get_size (json_node_get_object (distribution)) <= 5)
            {
              json_object_set_member (summary, "scoreDistribution", distribution);
              json_object_set_member (summary, "statusDistribution", status_distribution);
            }
          else
            {
              json_node_unref (distribution);
              json_object_set_int_member (summary, "testCaseCount",
                                          GPOINTER_TO_INT (g_hash_table_lookup (test_case_counts, evaluator)));
              json_object_set_member (summary, "statusDistribution", status_distribution);
            }
        }
      else
        {
          json_object_set_int_member (summary, "testCaseCount",
                                      GPOINTER_TO_INT (g_hash_table_lookup (test_case_counts, evaluator)));
          json_object_set_member (summary, "statusDistribution", status_distribution);
        }
      json_array_add_object_element (summaries, summary);
    }
  groups_clear (&by_evaluator);

  return json_node_init_array (json_node_alloc (), summaries);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/**
 * _genkit_eval_percentile:
 * @sorted: (element-type double): values in ascending order, at least one
 * @p: the percentile, 0 to 100
 *
 * The percentile with linear interpolation between the closest ranks (NumPy's default):
 * rank = p / 100 × (n − 1).
 *
 * Returns: the value
 */
double
_genkit_eval_percentile (GArray *sorted,
                         double  p)
{
  double rank = p / 100.0 * (sorted->len - 1);
  guint lo = (guint) floor (rank);
  guint hi = (guint) ceil (rank);
  double a = g_array_index (sorted, double, lo);
  double b = g_array_index (sorted, double, hi);

  return a + (b - a) * (rank - lo);
}

static void
add_stats (JsonObject *object,
           GArray     *values)
{
  double sum = 0;

  if (values->len == 0)
    return;
  g_array_sort (values, compare_doubles);
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  json_object_set_double_member (object, "mean", sum / values->len);
  json_object_set_double_member (object, "min", g_array_index (values, double, 0));
  json_object_set_double_member (object, "p50", _genkit_eval_percentile (values, 50));
  json_object_set_double_member (object, "p90", _genkit_eval_percentile (values, 90));
  json_object_set_double_member (object, "p95", _genkit_eval_percentile (values, 95));
  json_object_set_double_member (object, "p99", _genkit_eval_percentile (values, 99));
  json_object_set_double_member (object, "max", g_array_index (values, double, values->len - 1));
}

/**
 * _genkit_eval_aggregates:
 * @evaluators: the run's evaluator keys, in order
 * @results: (element-type GenkitEvalResult): the run's results
 *
 * The studio's summary of a run: counts of rows, the target's latency (mean, min,
 * percentiles, max, in milliseconds), summed token usage, and per metric (the names of
 * Genkit's summaries) the pass, fail, unknown and error counts, the pass rate over all the
 * run's rows (a row whose target failed counts as not passed) and numeric statistics of the
 * scores (booleans count as 1 and 0).
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
_genkit_eval_aggregates (const char * const *evaluators,
                         GPtrArray          *results)
{
  g_autoptr(JsonObject) aggregates = json_object_new ();
  g_autoptr(GHashTable) test_case_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) entries = summary_entries (evaluators, results, test_case_counts);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(JsonObject) usage = json_object_new ();
  JsonObject *latency = json_object_new ();
  JsonArray *metrics = json_array_new ();
  g_autoptr(GPtrArray) order = NULL;
  guint n_done = 0, n_failed = 0, n_pending = 0;
  Groups by_metric;

  for (guint i = 0; i < results->len; i++)
    {
      GenkitEvalResult *result = g_ptr_array_index (results, i);
      JsonObject *row_usage = genkit_eval_result_get_usage (result);
      double ms = genkit_eval_result_get_latency_ms (result);

      switch (genkit_eval_result_get_status (result))
        {
        case GENKIT_EVAL_RESULT_STATUS_DONE:
          n_done++;
          break;
        case GENKIT_EVAL_RESULT_STATUS_FAILED:
          n_failed++;
          break;
        case GENKIT_EVAL_RESULT_STATUS_PENDING:
        default:
          n_pending++;
          break;
        }
      if (ms >= 0 && genkit_eval_result_get_status (result) != GENKIT_EVAL_RESULT_STATUS_PENDING)
        g_array_append_val (latencies, ms);
      if (row_usage != NULL)
        {
          g_autoptr(GList) members = json_object_get_members (row_usage);

          for (GList *l = members; l != NULL; l = l->next)
            {
              JsonNode *value = json_object_get_member (row_usage, l->data);

              if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) != G_TYPE_STRING &&
                  json_node_get_value_type (value) != G_TYPE_BOOLEAN)
                _genkit_eval_json_add_number (usage, l->data, json_node_get_double (value));
            }
        }
    }

  json_object_set_int_member (aggregates, "rows", results->len);
  json_object_set_int_member (aggregates, "done", n_done);
  json_object_set_int_member (aggregates, "failed", n_failed);
  json_object_set_int_member (aggregates, "pending", n_pending);
  add_stats (latency, latencies);
  json_object_set_object_member (aggregates, "latencyMs", latency);
  json_object_set_object_member (aggregates, "usage", json_object_ref (usage));

  groups_init (&by_metric);
  for (guint i = 0; i < entries->len; i++)
    groups_add (&by_metric, ((Entry *) g_ptr_array_index (entries, i))->evaluator, g_ptr_array_index (entries, i));
  order = groups_js_order (&by_metric);

  for (guint g = 0; g < order->len; g++)
    {
      const char *name = g_ptr_array_index (order, g);
      GPtrArray *items = g_hash_table_lookup (by_metric.groups, name);
      g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));
      JsonObject *metric = json_object_new ();
      guint pass = 0, fail = 0, unknown = 0, errors = 0, scored = 0;

      for (guint i = 0; i < items->len; i++)
        {
          JsonObject *score = ((Entry *) g_ptr_array_index (items, i))->score;
          JsonNode *value = json_object_get_member (score, "score");
          const char *status = json_object_get_string_member_with_default (score, "status", NULL);

          if (json_object_has_member (score, "error"))
            errors++;
          else if (g_strcmp0 (status, "PASS") == 0)
            pass++;
          else if (g_strcmp0 (status, "FAIL") == 0)
            fail++;
          else
            unknown++;

          if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
            {
              GType type = json_node_get_value_type (value);
              double number;

              if (type == G_TYPE_BOOLEAN)
                number = json_node_get_boolean (value) ? 1 : 0;
              else if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
                number = json_node_get_double (value);
              else
                continue;
              scored++;
              g_array_append_val (values, number);
            }
        }

      json_object_set_string_member (metric, "metric", name);
      json_object_set_int_member (metric, "testCaseCount",
                                  GPOINTER_TO_INT (g_hash_table_lookup (test_case_counts, name)));
      json_object_set_int_member (metric, "scores", items->len);
      json_object_set_int_member (metric, "passCount", pass);
      json_object_set_int_member (metric, "failCount", fail);
      json_object_set_int_member (metric, "unknownCount", unknown);
      json_object_set_int_member (metric, "errorCount", errors);
      json_object_set_double_member (metric, "passRate", results->len ? (double) pass / results->len : 0);
      json_object_set_int_member (metric, "scoredCount", scored);
      add_stats (metric, values);
      json_array_add_object_element (metrics, metric);
    }
  groups_clear (&by_metric);
  json_object_set_array_member (aggregates, "metrics", metrics);

  return json_node_init_object (json_node_alloc (), aggregates);
}

