/* genkit-samples.c — the sample flows of the built-in runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <stdlib.h>

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
greet_generated_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GenkitActionRun) run = user_data;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  response = genkit_generate_finish (GENKIT_REGISTRY (source), result, &error);
  if (response == NULL)
    {
      genkit_action_run_return_error (run, g_steal_pointer (&error));
      return;
    }
  text = genkit_generate_response_get_text (response);
  genkit_action_run_return_value (run, string_node (text));
}

/* As the reference app's greet: a named step builds the prompt, the echo model answers it. */
static void
greet_flow (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  const char *name = json_object_get_string_member (json_node_get_object (input), "name");
  g_autoptr(GenkitGenerateOptions) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) greeting = NULL;

  greeting = genkit_run (run, "build-prompt", NULL, greet_build_prompt_step, (gpointer) name, &error);
  if (greeting == NULL)
    {
      genkit_action_run_return_error (run, g_steal_pointer (&error));
      return;
    }

  options = genkit_generate_options_new ();
  genkit_generate_options_set_model (options, "echo");
  genkit_generate_options_set_prompt (options, json_node_get_string (greeting));
  genkit_generate_async (NULL, run, options, NULL, greet_generated_cb, g_object_ref (run));
}

/* streamEcho: forwards the echo model's stream ---------------------------------------------- */

static void
stream_echo_chunk_cb (GenkitGenerateResponseChunk *chunk,
                      gpointer                     user_data)
{
  GenkitActionRun *run = user_data;
  g_autofree char *text = genkit_generate_response_chunk_get_text (chunk);
  g_autoptr(JsonNode) node = string_node (text);

  genkit_action_run_send_chunk (run, node);
}

static void
stream_echo_flow (GenkitActionRun *run,
                  JsonNode        *input,
                  gpointer         user_data)
{
  g_autoptr(GenkitGenerateOptions) options = genkit_generate_options_new ();

  genkit_generate_options_set_model (options, "echo");
  genkit_generate_options_set_prompt (options, json_node_get_string (input));
  genkit_generate_options_set_chunk_func (options, stream_echo_chunk_cb, g_object_ref (run), g_object_unref);
  genkit_generate_async (NULL, run, options, NULL, greet_generated_cb, g_object_ref (run));
}

/* useTool: the echo model's tool loop ------------------------------------------------------ */

static void
use_tool_flow (GenkitActionRun *run,
               JsonNode        *input,
               gpointer         user_data)
{
  JsonObject *object = json_node_get_object (input);
  g_autoptr(JsonObject) arguments = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GenkitGenerateOptions) options = genkit_generate_options_new ();
  g_autofree char *json = NULL;
  g_autofree char *prompt = NULL;

  json_object_set_member (arguments, "a", json_node_copy (json_object_get_member (object, "a")));
  json_object_set_member (arguments, "b", json_node_copy (json_object_get_member (object, "b")));
  node = json_node_init_object (json_node_alloc (), arguments);
  json = json_to_string (node, FALSE);
  prompt = g_strdup_printf ("/tool add %s", json);

  genkit_generate_options_set_model (options, "echo");
  genkit_generate_options_set_prompt (options, prompt);
  genkit_generate_options_add_tool (options, "add");
  genkit_generate_async (NULL, run, options, NULL, greet_generated_cb, g_object_ref (run));
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

/* memRetriever: cosine similarity over a tiny corpus, with the fake embedder's vectors ------- */

static const char * const corpus[] = {
  "Genkit is a framework for building AI apps.",
  "The reflection API lets tools inspect a running app.",
  "Traces are stored by the telemetry server.",
  "Dotprompt files live in the prompts directory.",
};

typedef struct
{
  guint  index;
  double score;
} Scored;

static int
compare_scored (gconstpointer a,
                gconstpointer b)
{
  const Scored *x = a;
  const Scored *y = b;

  /* Descending by score; equal scores keep corpus order, as JavaScript's stable sort does. */
  if (x->score != y->score)
    return x->score < y->score ? 1 : -1;
  return (int) x->index - (int) y->index;
}

static void
mem_retriever (GenkitActionRun *run,
               GenkitDocument  *query,
               JsonNode        *options,
               gpointer         user_data)
{
  g_autofree char *text = genkit_document_get_text (query);
  g_autoptr(GArray) q = genkit_test_embedding (text);
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_document_unref);
  Scored scored[G_N_ELEMENTS (corpus)];
  gint64 k = 2;

  if (options != NULL && JSON_NODE_HOLDS_OBJECT (options) &&
      json_object_has_member (json_node_get_object (options), "k"))
    k = json_object_get_int_member (json_node_get_object (options), "k");

  for (guint i = 0; i < G_N_ELEMENTS (corpus); i++)
    {
      g_autoptr(GArray) v = genkit_test_embedding (corpus[i]);
      double score = 0;

      for (guint j = 0; j < v->len; j++)
        score += g_array_index (v, double, j) * g_array_index (q, double, j);
      scored[i].index = i;
      scored[i].score = score;
    }
  qsort (scored, G_N_ELEMENTS (corpus), sizeof (Scored), compare_scored);

  for (guint i = 0; i < MIN ((guint) k, G_N_ELEMENTS (corpus)); i++)
    {
      g_autoptr(JsonObject) metadata = json_object_new ();

      json_object_set_double_member (metadata, "score", floor (scored[i].score * 1e6 + 0.5) / 1e6);
      g_ptr_array_add (documents, genkit_document_new_from_text (corpus[scored[i].index], metadata));
    }
  genkit_retriever_return_documents (run, documents);
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
  { GENKIT_ACTION_TYPE_FLOW, "streamEcho", "Streams the echo model's answer word by word",
    stream_echo_flow,
    "{\"type\":\"string\",\"$schema\":\"http://json-schema.org/draft-07/schema#\"}",
    "{\"type\":\"string\",\"$schema\":\"http://json-schema.org/draft-07/schema#\"}" },
  { GENKIT_ACTION_TYPE_FLOW, "useTool", "Runs the add tool through the echo model's tool loop",
    use_tool_flow,
    "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},\"b\":{\"type\":\"number\"}},"
    "\"required\":[\"a\",\"b\"],\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}",
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
};

/**
 * genkit_samples_register:
 * @registry: the built-in runtime's registry
 * @error: return location for an error
 *
 * Registers the sample actions: `/util/generate`, the echo model and Genkit's test
 * `echoModel` (a second model, for side-by-side runs in the playground), flows `greet` (a step and a
 * generate call), `streamEcho` (the model's stream), `useTool` (the tool loop), `countdown`
 * (streaming), `textStats` (two steps), `fail`, `sleep` (cancellable), `whoami` (context), the
 * tool `add` (with its `tool.v2` twin), the evaluator `exactMatch`, the embedder
 * `fakeEmbedder` and the retriever `memRetriever`.
 *
 * Returns: %TRUE on success; %FALSE with `ALREADY_EXISTS` if one of the keys is taken
 */
gboolean
genkit_samples_register (GenkitRegistry  *registry,
                         GError         **error)
{
  g_autoptr(GenkitEvaluator) exact_match = NULL;
  g_autoptr(JsonNode) add_input = NULL;
  g_autoptr(JsonNode) add_output = NULL;
  g_autoptr(JsonNode) retriever_options = NULL;
  g_autoptr(JsonNode) retriever_info = NULL;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), FALSE);

  /* The generate utility and two models, so the studio works (and compares models) without
   * a provider key. */
  if (genkit_define_generate_action (registry, error) == NULL ||
      genkit_define_echo_model (registry, error) == NULL ||
      genkit_define_test_echo_model (registry, NULL, error) == NULL)
    return FALSE;

  /* add, as a tool with its tool.v2 twin */
  add_input = parse_json ("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"},"
                          "\"b\":{\"type\":\"number\"}},\"required\":[\"a\",\"b\"],"
                          "\"additionalProperties\":true,\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");
  add_output = parse_json ("{\"type\":\"number\",\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");
  if (genkit_define_tool (registry, "add", "Adds two numbers", add_input, add_output, add_tool,
                          NULL, NULL, error) == NULL)
    return FALSE;

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
  if (!genkit_registry_register_action (registry, GENKIT_ACTION (exact_match), error))
    return FALSE;

  /* fakeEmbedder and memRetriever, as in the reference app */
  retriever_options = parse_json ("{\"type\":\"object\",\"properties\":{\"k\":{\"type\":\"integer\","
                                  "\"minimum\":1,\"maximum\":4}},\"additionalProperties\":true,"
                                  "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");
  retriever_info = parse_json ("{\"label\":\"In-memory retriever\"}");
  return genkit_define_test_embedder (registry, "fakeEmbedder", error) != NULL &&
         genkit_define_retriever (registry, "memRetriever", json_node_get_object (retriever_info),
                                  retriever_options, mem_retriever, NULL, NULL, error) != NULL;
}
