/* genkit-samples.c — the sample flows of the built-in runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-samples.h"

/* The same flows as the JavaScript reference app (shared/fixtures/genkit-js/app/app.mjs), so a
 * newcomer sees something real and the two runtimes can be compared run for run. */

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  /* The schemas below are literals of this file: failing to parse one is a bug here. */
  g_assert_no_error (error);
  return node;
}

static gboolean
set_schemas (GenkitAction  *action,
             const char    *input_schema,
             const char    *output_schema,
             GError       **error)
{
  g_autoptr(JsonNode) input = input_schema ? parse_json (input_schema) : NULL;
  g_autoptr(JsonNode) output = output_schema ? parse_json (output_schema) : NULL;

  return genkit_action_set_input_schema (action, input, error) &&
         genkit_action_set_output_schema (action, output, error);
}

static JsonNode *
string_node (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* greet ------------------------------------------------------------------------------------ */

static JsonNode *
greet_build_prompt_step (GenkitActionRun  *step,
                         JsonNode         *input,
                         gpointer          user_data,
                         GError          **error)
{
  const char *name = user_data;
  g_autofree char *text = g_strdup_printf ("Hello, %s!", name);

  return string_node (text);
}

static void
greet_flow (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  const char *name = json_object_get_string_member (json_node_get_object (input), "name");
  g_autoptr(GError) error = NULL;
  JsonNode *greeting;

  greeting = genkit_run (run, "build-prompt", NULL, greet_build_prompt_step, (gpointer) name, &error);
  if (greeting == NULL)
    genkit_action_run_return_error (run, g_steal_pointer (&error));
  else
    genkit_action_run_return_value (run, greeting);
}

/* countdown -------------------------------------------------------------------------------- */

static void
countdown_flow (GenkitActionRun *run,
                JsonNode        *input,
                gpointer         user_data)
{
  gint64 count = json_object_get_int_member (json_node_get_object (input), "count");
  g_autoptr(JsonObject) result = json_object_new ();

  for (gint64 n = count; n > 0; n--)
    {
      g_autoptr(JsonObject) chunk = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_int_member (chunk, "n", n);
      node = json_node_init_object (json_node_alloc (), chunk);
      genkit_action_run_send_chunk (run, node);
    }

  json_object_set_boolean_member (result, "done", TRUE);
  json_object_set_int_member (result, "total", count);
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), result));
}

/* textStats: two named steps ---------------------------------------------------------------- */

static JsonNode *
text_stats_split_step (GenkitActionRun  *step,
                       JsonNode         *input,
                       gpointer          user_data,
                       GError          **error)
{
  g_auto(GStrv) words = g_regex_split_simple ("\\s+", json_node_get_string (input),
                                              G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT);
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      json_array_add_string_element (array, words[i]);

  node = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);
  return node;
}

static JsonNode *
text_stats_count_step (GenkitActionRun  *step,
                       JsonNode         *input,
                       gpointer          user_data,
                       GError          **error)
{
  JsonArray *words = json_node_get_array (input);
  g_autoptr(JsonObject) stats = json_object_new ();
  guint longest = 0;

  for (guint i = 0; i < json_array_get_length (words); i++)
    longest = MAX (longest, g_utf8_strlen (json_array_get_string_element (words, i), -1));

  json_object_set_int_member (stats, "words", json_array_get_length (words));
  json_object_set_int_member (stats, "longestWord", longest);
  return json_node_init_object (json_node_alloc (), stats);
}

static void
text_stats_flow (GenkitActionRun *run,
                 JsonNode        *input,
                 gpointer         user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) words = NULL;
  JsonNode *stats;

  words = genkit_run (run, "split-words", input, text_stats_split_step, NULL, &error);
  if (words == NULL)
    {
      genkit_action_run_return_error (run, g_steal_pointer (&error));
      return;
    }

  stats = genkit_run (run, "count", words, text_stats_count_step, NULL, &error);
  if (stats == NULL)
    genkit_action_run_return_error (run, g_steal_pointer (&error));
  else
    genkit_action_run_return_value (run, stats);
}

/* fail ------------------------------------------------------------------------------------- */

static void
fail_flow (GenkitActionRun *run,
           JsonNode        *input,
           gpointer         user_data)
{
  const char *what = input && json_node_get_value_type (input) == G_TYPE_STRING
                     ? json_node_get_string (input) : "no input";

  genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT,
                                      "fail flow was asked to fail (%s)", what);
}

/* sleep: a slow flow that honours cancellation --------------------------------------------- */

typedef struct
{
  GenkitActionRun *run;
  gint64           ms;
  guint            timeout_id;
  gulong           cancelled_id;
} SleepState;

static void
sleep_state_finish (SleepState *state)
{
  g_autoptr(JsonObject) result = json_object_new ();

  g_cancellable_disconnect (genkit_action_run_get_cancellable (state->run), state->cancelled_id);
  json_object_set_int_member (result, "sleptMs", state->ms);
  genkit_action_run_return_value (state->run, json_node_init_object (json_node_alloc (), result));
  g_object_unref (state->run);
  g_free (state);
}

static void
sleep_timeout_cb (gpointer user_data)
{
  SleepState *state = user_data;

  state->timeout_id = 0;
  sleep_state_finish (state);
}

static void
sleep_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  SleepState *state = user_data;

  /* The run completes itself with CANCELLED; the timer just stops early. */
  if (state->timeout_id != 0)
    {
      g_source_remove (state->timeout_id);
      state->timeout_id = 0;
      g_idle_add_once ((GSourceOnceFunc) sleep_state_finish, state);
    }
}

static void
sleep_flow (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  SleepState *state = g_new0 (SleepState, 1);

  state->run = g_object_ref (run);
  state->ms = json_object_get_int_member (json_node_get_object (input), "ms");
  state->timeout_id = g_timeout_add_once (state->ms, sleep_timeout_cb, state);
  state->cancelled_id = g_cancellable_connect (genkit_action_run_get_cancellable (run),
                                               G_CALLBACK (sleep_cancelled_cb), state, NULL);
}

/* whoami ----------------------------------------------------------------------------------- */

static void
whoami_flow (GenkitActionRun *run,
             JsonNode        *input,
             gpointer         user_data)
{
  g_autoptr(JsonObject) result = json_object_new ();

  json_object_set_member (result, "input", input ? json_node_copy (input) : json_node_new (JSON_NODE_NULL));
  json_object_set_object_member (result, "context", json_object_ref (genkit_action_run_get_context (run)));
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), result));
}

/* add: a tool ------------------------------------------------------------------------------ */

static void
add_tool (GenkitActionRun *run,
          JsonNode        *input,
          gpointer         user_data)
{
  JsonObject *object = json_node_get_object (input);
  double sum = json_object_get_double_member (object, "a") + json_object_get_double_member (object, "b");

  genkit_action_run_return_value (run, json_node_init_double (json_node_alloc (), sum));
}

/* exactMatch: an evaluator ------------------------------------------------------------------ */

/* Strings as they are, anything else as compact JSON: JavaScript's `JSON.stringify` rule of the
 * reference app's evaluator. */
static char *
comparable_text (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

static void
exact_match_evaluator (GenkitActionRun *run,
                       JsonNode        *data_point,
                       JsonNode        *options,
                       gpointer         user_data)
{
  JsonObject *point = json_node_get_object (data_point);
  g_autofree char *output = comparable_text (json_object_get_member (point, "output"));
  g_autofree char *reference = comparable_text (json_object_get_member (point, "reference"));
  g_autoptr(JsonObject) score = json_object_new ();
  JsonObject *details = json_object_new ();
  gboolean ok = reference != NULL && g_strcmp0 (output, reference) == 0;

  json_object_set_boolean_member (score, "score", ok);
  json_object_set_string_member (score, "status", ok ? "PASS" : "FAIL");
  if (ok)
    json_object_set_string_member (details, "reasoning", "output == reference");
  else
    {
      g_autofree char *reasoning = g_strdup_printf ("output %s != reference %s",
                                                    output ? output : "undefined",
                                                    reference ? reference : "undefined");

      json_object_set_string_member (details, "reasoning", reasoning);
    }
  json_object_set_object_member (score, "details", details);
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), score));
}

static const struct
{
  GenkitActionType  type;
  const char       *name;
  const char       *description;
  GenkitActionFunc  func;
  const char       *input_schema;
  const char       *output_schema;
} samples[] = {
  { GENKIT_ACTION_TYPE_FLOW, "greet", "Greets someone by name, through a named step",
    greet_flow,
    "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}},\"required\":[\"name\"],"
    "\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}",
    "{\"type\":\"string\",\"$schema\":\"http://json-schema.org/draft-07/schema#\"}" },
  { GENKIT_ACTION_TYPE_FLOW, "countdown", "Streams the numbers from count down to 1",
    countdown_flow,
    "{\"type\":\"object\",\"properties\":{\"count\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":100}},"
    "\"required\":[\"count\"],\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}",
    "{\"type\":\"object\",\"properties\":{\"done\":{\"type\":\"boolean\"},\"total\":{\"type\":\"number\"}},"
    "\"required\":[\"done\",\"total\"],\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}" },
  { GENKIT_ACTION_TYPE_FLOW, "textStats", "Counts the words of a text in two named steps",
    text_stats_flow,
    "{\"type\":\"string\",\"$schema\":\"http://json-schema.org/draft-07/schema#\"}",
    "{\"type\":\"object\",\"properties\":{\"words\":{\"type\":\"integer\"},\"longestWord\":{\"type\":\"integer\"}},"
    "\"required\":[\"words\",\"longestWord\"],\"$schema\":\"http://json-schema.org/draft-07/schema#\"}" },
  { GENKIT_ACTION_TYPE_FLOW, "fail", "Always fails with INVALID_ARGUMENT (to see errors)",
    fail_flow,
    "{\"type\":\"string\",\"$schema\":\"http://json-schema.org/draft-07/schema#\"}", NULL },
  { GENKIT_ACTION_TYPE_FLOW, "sleep", "Waits the given milliseconds; can be cancelled",
    sleep_flow,
    "{\"type\":\"object\",\"properties\":{\"ms\":{\"type\":\"integer\",\"minimum\":0,\"maximum\":60000}},"
    "\"required\":[\"ms\"],\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}",
    "{\"type\":\"object\",\"properties\":{\"sleptMs\":{\"type\":\"number\"}},\"required\":[\"sleptMs\"],"
    "\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}" },
  { GENKIT_ACTION_TYPE_FLOW, "whoami", "Returns its input and the caller's action context",
    whoami_flow, NULL, NULL },
  { GENKIT_ACTION_TYPE_TOOL, "add", "Adds two numbers",
    add_tool,
    "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},"
    "\"required\":[\"a\",\"b\"],\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}",
    "{\"type\":\"number\",\"$schema\":\"http://json-schema.org/draft-07/schema#\"}" },
};

/**
 * genkit_samples_register:
 * @registry: the built-in runtime's registry
 * @error: return location for an error
 *
 * Registers the sample actions: flows `greet`, `countdown` (streaming), `textStats` (two
 * steps), `fail`, `sleep` (cancellable), `whoami` (context), the tool `add` and the
 * evaluator `exactMatch`.
 *
 * Returns: %TRUE on success; %FALSE with `ALREADY_EXISTS` if one of the keys is taken
 */
gboolean
genkit_samples_register (GenkitRegistry  *registry,
                         GError         **error)
{
  g_autoptr(GenkitEvaluator) exact_match = NULL;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      g_autoptr(GenkitAction) action = NULL;

      if (samples[i].type == GENKIT_ACTION_TYPE_FLOW)
        action = GENKIT_ACTION (genkit_flow_new (samples[i].name, samples[i].func, NULL, NULL));
      else
        action = genkit_action_new (samples[i].type, samples[i].name, samples[i].func, NULL, NULL);

      genkit_action_set_description (action, samples[i].description);
      if (samples[i].type == GENKIT_ACTION_TYPE_TOOL)
        json_object_set_string_member (genkit_action_get_metadata (action), "type", "tool");

      if (!set_schemas (action, samples[i].input_schema, samples[i].output_schema, error) ||
          !genkit_registry_register_action (registry, action, error))
        return FALSE;
    }

  exact_match = genkit_evaluator_new ("exactMatch", exact_match_evaluator, NULL, NULL);
  genkit_evaluator_set_display_name (exact_match, "Exact match");
  genkit_evaluator_set_definition (exact_match, "PASS when the output equals the reference exactly");
  genkit_evaluator_set_is_billed (exact_match, FALSE);
  return genkit_registry_register_action (registry, GENKIT_ACTION (exact_match), error);
}
