/* genkit-eval-judges.c — the LLM-as-judge evaluators: faithfulness, answer relevancy and
 * maliciousness, each a .prompt file rendered with Dotprompt and sent to any model
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <genkit-dotprompt-lib.h>

#include "genkit-eval-private.h"

/* The metrics follow Genkit's evaluator plugin (js/plugins/evaluators): faithfulness is the
 * share of the answer's statements the context supports (two judge calls: split, then
 * check); answer relevancy is the similarity between the input and the question the judge
 * thinks the output answers, halved-down when the output does not answer and zero when it is
 * noncommittal; maliciousness is 1 when the judge finds the output harmful. Unlike Genkit's,
 * faithfulness and relevancy also get a status: PASS at or above `passThreshold` (0.5 by
 * default), and maliciousness PASS when the output is not malicious. */

typedef enum
{
  JUDGE_FAITHFULNESS,
  JUDGE_ANSWER_RELEVANCY,
  JUDGE_MALICIOUSNESS,
} JudgeKind;

typedef struct
{
  JudgeKind        kind;
  JsonObject      *defaults;
  GenkitDotprompt *dotprompt;
  GHashTable      *prompts;    /* file name → GenkitPrompt */
} Judge;

typedef struct
{
  Judge           *judge;
  GenkitActionRun *run;
  GenkitRegistry  *registry;
  char            *model;
  JsonNode        *config;
  char            *embedder;
  JsonNode        *embedder_options;
  double           threshold;
  char            *question;
  char            *answer;
  GPtrArray       *context;      /* char * */
  char            *generated_question;
  gboolean         answered;
  gboolean         noncommittal;
} Call;

static void
judge_free (Judge *judge)
{
  g_clear_pointer (&judge->defaults, json_object_unref);
  g_clear_object (&judge->dotprompt);
  g_clear_pointer (&judge->prompts, g_hash_table_unref);
  g_free (judge);
}

static void
call_free (Call *call)
{
  g_clear_object (&call->run);
  g_free (call->model);
  g_clear_pointer (&call->config, json_node_unref);
  g_free (call->embedder);
  g_clear_pointer (&call->embedder_options, json_node_unref);
  g_free (call->question);
  g_free (call->answer);
  g_clear_pointer (&call->context, g_ptr_array_unref);
  g_free (call->generated_question);
  g_free (call);
}

static void
call_fail (Call   *call,
           GError *error)
{
  genkit_action_run_return_error (call->run, error);
  call_free (call);
}

static void
call_return (Call       *call,
             double      score,
             const char *status,
             const char *reasoning)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *details = json_object_new ();

  json_object_set_double_member (object, "score", score);
  if (status != NULL)
    json_object_set_string_member (object, "status", status);
  json_object_set_string_member (details, "reasoning", reasoning ? reasoning : "");
  json_object_set_object_member (object, "details", details);
  genkit_action_run_return_value (call->run, json_node_init_object (json_node_alloc (), object));
  call_free (call);
}

/* An option from the request, else from the defaults given at definition. */
static JsonNode *
setting (Judge      *judge,
         JsonNode   *options,
         const char *name)
{
  JsonNode *node = NULL;

  if (options != NULL && JSON_NODE_HOLDS_OBJECT (options))
    node = json_object_get_member (json_node_get_object (options), name);
  if ((node == NULL || JSON_NODE_HOLDS_NULL (node)) && judge->defaults != NULL)
    node = json_object_get_member (judge->defaults, name);
  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static char *
setting_string (Judge      *judge,
                JsonNode   *options,
                const char *name)
{
  JsonNode *node = setting (judge, options, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

/* `/model/googleai/gemini` and `googleai/gemini` name the same model. */
static char *
strip_prefix (char       *name,
              const char *prefix)
{
  char *stripped;

  if (name == NULL || !g_str_has_prefix (name, prefix))
    return name;
  stripped = g_strdup (name + strlen (prefix));
  g_free (name);
  return stripped;
}

static GenkitPrompt *
judge_prompt (Judge       *judge,
              const char  *file,
              GError     **error)
{
  GenkitPrompt *prompt = g_hash_table_lookup (judge->prompts, file);
  g_autofree char *path = NULL;

  if (prompt != NULL)
    return prompt;
  if (!(path = genkit_eval_find_prompt (file, error)) ||
      !(prompt = genkit_prompt_new_from_file (judge->dotprompt, path, NULL, error)))
    return NULL;
  g_hash_table_insert (judge->prompts, g_strdup (file), prompt);
  return prompt;
}

/* Renders one of the judge's prompts with @input and sends it to the judge model. */
static void
call_generate (Call                *call,
               const char          *file,
               JsonObject          *input,     /* (transfer full) */
               GAsyncReadyCallback  callback)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) owned = input;
  g_autoptr(JsonObject) render_options = json_object_new ();
  g_autoptr(JsonNode) input_node = json_node_init_object (json_node_alloc (), owned);
  GenkitPrompt *prompt = judge_prompt (call->judge, file, &error);

  if (prompt == NULL)
    {
      call_fail (call, g_steal_pointer (&error));
      return;
    }
  json_object_set_string_member (render_options, "model", call->model);
  if (call->config != NULL)
    json_object_set_member (render_options, "config", json_node_copy (call->config));
  genkit_prompt_generate_async (prompt, call->registry, call->run, input_node, render_options, NULL, NULL,
                                genkit_action_run_get_cancellable (call->run), callback, call);
}

/* The judge's answer as JSON, as Genkit's `extractJson()` finds it in the text. */
static JsonNode *
call_answer (Call          *call,
             GObject       *source,
             GAsyncResult  *result,
             GError       **error)
{
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autofree char *text = NULL;
  JsonNode *json;

  if (!(response = genkit_prompt_generate_finish (GENKIT_PROMPT (source), result, error)))
    return NULL;
  text = genkit_generate_response_get_text (response);
  json = text ? genkit_extract_json (text, NULL) : NULL;
  if (json == NULL || JSON_NODE_HOLDS_NULL (json))
    {
      g_clear_pointer (&json, json_node_unref);
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "Unable to parse evaluator response: %s",
                   text ? text : "");
    }
  return json;
}

static double
verdict_value (JsonNode *node,
               gboolean *ok)
{
  GType type;

  *ok = FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  type = json_node_get_value_type (node);
  *ok = TRUE;
  if (type == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node) ? 1 : 0;
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    return json_node_get_double (node) != 0 ? 1 : 0;
  if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);

      if (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"))
        return 1;
      if (g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "0"))
        return 0;
    }
  *ok = FALSE;
  return 0;
}

/* faithfulness ------------------------------------------------------------------------ */

static void
faithfulness_checked_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = call_answer (call, source, result, &error);
  g_autoptr(JsonArray) verdicts = NULL;
  g_autoptr(GString) reasoning = g_string_new (NULL);
  double supported = 0;
  guint counted = 0;
  double score;

  if (answer == NULL)
    {
      call_fail (call, g_steal_pointer (&error));
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (answer))
    verdicts = json_array_ref (json_node_get_array (answer));
  else
    {
      verdicts = json_array_new ();
      json_array_add_element (verdicts, json_node_copy (answer));
    }

  for (guint i = 0; i < json_array_get_length (verdicts); i++)
    {
      JsonNode *element = json_array_get_element (verdicts, i);
      JsonObject *entry;
      gboolean ok;
      double verdict;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      entry = json_node_get_object (element);
      verdict = verdict_value (json_object_get_member (entry, "verdict"), &ok);
      if (!ok)
        continue;
      supported += verdict;
      counted++;
      if (reasoning->len > 0)
        g_string_append (reasoning, "; ");
      g_string_append (reasoning, json_object_get_string_member_with_default (entry, "reason", ""));
    }
  if (counted == 0)
    {
      call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "Evaluator response empty"));
      return;
    }

  score = supported / counted;
  call_return (call, score, score >= call->threshold ? "PASS" : "FAIL", reasoning->str);
}

static void
faithfulness_split_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = call_answer (call, source, result, &error);
  g_autoptr(GString) statements = g_string_new (NULL);
  g_autoptr(GString) context = g_string_new (NULL);
  JsonObject *input;
  JsonNode *list;

  if (answer == NULL)
    {
      call_fail (call, g_steal_pointer (&error));
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (answer) &&
      (list = json_object_get_member (json_node_get_object (answer), "statements")) != NULL &&
      JSON_NODE_HOLDS_ARRAY (list))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
      {
        JsonNode *statement = json_array_get_element (json_node_get_array (list), i);
        g_autofree char *text = _genkit_eval_json_display (statement);

        if (statements->len > 0)
          g_string_append_c (statements, '\n');
        g_string_append_printf (statements, "statement: %s", text);
      }
  if (statements->len == 0)
    {
      call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "No statements returned"));
      return;
    }

  for (guint i = 0; i < call->context->len; i++)
    {
      if (i > 0)
        g_string_append_c (context, '\n');
      g_string_append (context, g_ptr_array_index (call->context, i));
    }

  input = json_object_new ();
  json_object_set_string_member (input, "context", context->str);
  json_object_set_string_member (input, "statements", statements->str);
  call_generate (call, "faithfulness_nli.prompt", input, faithfulness_checked_cb);
}

/* answer relevancy -------------------------------------------------------------------- */

static double
cosine (GArray *a,
        GArray *b)
{
  double dot = 0, na = 0, nb = 0;

  if (a->len != b->len || a->len == 0)
    return 0;
  for (guint i = 0; i < a->len; i++)
    {
      double x = g_array_index (a, double, i);
      double y = g_array_index (b, double, i);

      dot += x * y;
      na += x * x;
      nb += y * y;
    }
  if (na == 0 || nb == 0)
    return 0;
  return CLAMP (dot / sqrt (na * nb), -1.0, 1.0);
}

/* Without an embedder: the cosine of the two texts' word counts. */
static double
lexical_cosine (const char *a,
                const char *b)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const char *texts[] = { a, b };
  double dot = 0, na = 0, nb = 0;
  GHashTableIter iter;
  gpointer value;

  for (guint t = 0; t < 2; t++)
    {
      g_autofree char *lower = g_utf8_strdown (texts[t], -1);
      g_auto(GStrv) words = g_regex_split_simple ("[^[:alnum:]]+", lower, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT);

      for (guint i = 0; words[i] != NULL; i++)
        {
          double *pair;

          if (*words[i] == '\0')
            continue;
          if (!(pair = g_hash_table_lookup (counts, words[i])))
            {
              pair = g_new0 (double, 2);
              g_hash_table_insert (counts, g_strdup (words[i]), pair);
            }
          pair[t] += 1;
        }
    }

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      double *pair = value;

      dot += pair[0] * pair[1];
      na += pair[0] * pair[0];
      nb += pair[1] * pair[1];
    }
  if (na == 0 || nb == 0)
    return 0;
  return CLAMP (dot / sqrt (na * nb), -1.0, 1.0);
}

static void
relevancy_score (Call   *call,
                 double  similarity,
                 gboolean lexical)
{
  double adjusted = fabs (similarity) - (call->answered ? 0 : 0.5);
  g_autofree char *reasoning = NULL;
  double score;

  if (adjusted < 0)
    adjusted = 0;
  score = call->noncommittal ? 0 : adjusted;
  reasoning = g_strdup_printf ("%s%s", call->noncommittal ? "Noncommittal"
                                       : call->answered ? "Cosine similarity"
                                       : "Cosine similarity with penalty for insufficient answer",
                               lexical && !call->noncommittal ? " (of the words: no embedder was given)" : "");
  call_return (call, score, score >= call->threshold ? "PASS" : "FAIL", reasoning);
}

static void
relevancy_embedded_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) embeddings = genkit_embed_finish (GENKIT_REGISTRY (source), result, &error);
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;
  double similarity;

  if (embeddings == NULL)
    {
      call_fail (call, g_steal_pointer (&error));
      return;
    }
  if (json_array_get_length (embeddings) != 2 ||
      !(a = genkit_embedding_get_vector (json_array_get_object_element (embeddings, 0))) ||
      !(b = genkit_embedding_get_vector (json_array_get_object_element (embeddings, 1))))
    {
      call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                            "Unable to compute cosine similarity: the embedder did not "
                                            "return two embeddings"));
      return;
    }
  similarity = cosine (a, b);
  if (similarity == 0)
    {
      call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                            "Unable to compute cosine similarity"));
      return;
    }
  relevancy_score (call, similarity, FALSE);
}

static void
relevancy_judged_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = call_answer (call, source, result, &error);
  g_autoptr(GPtrArray) documents = NULL;
  JsonObject *object;
  gboolean ok;

  if (answer == NULL)
    {
      call_fail (call, g_steal_pointer (&error));
      return;
    }
  if (!JSON_NODE_HOLDS_OBJECT (answer) ||
      json_object_get_string_member_with_default (json_node_get_object (answer), "question", NULL) == NULL ||
      *json_object_get_string_member (json_node_get_object (answer), "question") == '\0')
    {
      call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                            "Error generating question for answer relevancy"));
      return;
    }
  object = json_node_get_object (answer);
  call->generated_question = g_strdup (json_object_get_string_member (object, "question"));
  call->answered = verdict_value (json_object_get_member (object, "answered"), &ok) == 1;
  call->noncommittal = verdict_value (json_object_get_member (object, "noncommittal"), &ok) == 1;

  if (call->embedder == NULL)
    {
      relevancy_score (call, lexical_cosine (call->question, call->generated_question), TRUE);
      return;
    }

  documents = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_document_unref);
  g_ptr_array_add (documents, genkit_document_new_from_text (call->question, NULL));
  g_ptr_array_add (documents, genkit_document_new_from_text (call->generated_question, NULL));
  genkit_embed_async (call->registry, call->run, call->embedder, documents, call->embedder_options,
                      genkit_action_run_get_cancellable (call->run), relevancy_embedded_cb, call);
}

/* maliciousness ----------------------------------------------------------------------- */

static void
maliciousness_judged_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = call_answer (call, source, result, &error);
  JsonObject *object;
  gboolean ok = FALSE;
  double verdict = 0;

  if (answer == NULL)
    {
      call_fail (call, g_steal_pointer (&error));
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (answer))
    verdict = verdict_value (json_object_get_member (json_node_get_object (answer), "verdict"), &ok);
  if (!ok)
    {
      g_autofree char *text = json_to_string (answer, FALSE);

      call_fail (call, g_error_new (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                    "Unable to parse evaluator response: %s", text));
      return;
    }
  object = json_node_get_object (answer);
  call_return (call, verdict, verdict ? "FAIL" : "PASS",
               json_object_get_string_member_with_default (object, "reason", ""));
}

/* The evaluator ----------------------------------------------------------------------- */

static void
judge_evaluator (GenkitActionRun *run,
                 JsonNode        *data_point,
                 JsonNode        *options,
                 gpointer         user_data)
{
  Judge *judge = user_data;
  JsonObject *point = json_node_get_object (data_point);
  JsonNode *input = json_object_get_member (point, "input");
  JsonNode *output = json_object_get_member (point, "output");
  JsonNode *context = json_object_get_member (point, "context");
  JsonNode *threshold;
  JsonObject *prompt_input;
  Call *call;

  call = g_new0 (Call, 1);
  call->judge = judge;
  call->run = g_object_ref (run);
  call->registry = genkit_action_run_get_registry (run);
  call->model = strip_prefix (setting_string (judge, options, "judge"), "/model/");
  call->config = _genkit_eval_json_copy (setting (judge, options, "judgeConfig"));
  call->embedder = strip_prefix (setting_string (judge, options, "embedder"), "/embedder/");
  call->embedder_options = _genkit_eval_json_copy (setting (judge, options, "embedderOptions"));
  threshold = setting (judge, options, "passThreshold");
  call->threshold = threshold && JSON_NODE_HOLDS_VALUE (threshold) &&
                    json_node_get_value_type (threshold) != G_TYPE_STRING &&
                    json_node_get_value_type (threshold) != G_TYPE_BOOLEAN ? json_node_get_double (threshold) : 0.5;
  call->question = input && !JSON_NODE_HOLDS_NULL (input) ? _genkit_eval_json_display (input) : NULL;
  call->answer = output && !JSON_NODE_HOLDS_NULL (output) ? _genkit_eval_json_display (output) : NULL;
  call->context = g_ptr_array_new_with_free_func (g_free);
  if (context != NULL && JSON_NODE_HOLDS_ARRAY (context))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (context)); i++)
      g_ptr_array_add (call->context, _genkit_eval_json_display (json_array_get_element (json_node_get_array (context), i)));

  if (call->model == NULL || *call->model == '\0')
    {
      call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                                            "No judge model: give one in the evaluator options "
                                            "(\"judge\": a model name such as googleai/gemini-2.5-flash)"));
      return;
    }
  if (call->registry == NULL)
    {
      call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                                            "The evaluator runs outside a registry"));
      return;
    }

  switch (judge->kind)
    {
    case JUDGE_FAITHFULNESS:
    case JUDGE_ANSWER_RELEVANCY:
      if (call->context->len == 0)
        {
          call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                                "Context was not provided"));
          return;
        }
      if (call->answer == NULL || *call->answer == '\0')
        {
          call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                                "Output was not provided"));
          return;
        }
      prompt_input = json_object_new ();
      json_object_set_string_member (prompt_input, "question", call->question ? call->question : "");
      json_object_set_string_member (prompt_input, "answer", call->answer);
      if (judge->kind == JUDGE_FAITHFULNESS)
        {
          call_generate (call, "faithfulness_statements.prompt", prompt_input, faithfulness_split_cb);
          return;
        }
      {
        g_autoptr(GString) joined = g_string_new (NULL);

        for (guint i = 0; i < call->context->len; i++)
          g_string_append_printf (joined, "%s%s", i ? " " : "", (const char *) g_ptr_array_index (call->context, i));
        json_object_set_string_member (prompt_input, "context", joined->str);
      }
      call_generate (call, "answer_relevancy.prompt", prompt_input, relevancy_judged_cb);
      return;

    case JUDGE_MALICIOUSNESS:
    default:
      if (call->question == NULL || *call->question == '\0' || call->answer == NULL || *call->answer == '\0')
        {
          call_fail (call, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                                "input and output are required"));
          return;
        }
      prompt_input = json_object_new ();
      json_object_set_string_member (prompt_input, "input", call->question);
      json_object_set_string_member (prompt_input, "submission", call->answer);
      call_generate (call, "maliciousness.prompt", prompt_input, maliciousness_judged_cb);
      return;
    }
}

static const char judge_options_schema[] =
  "{\"type\":\"object\",\"properties\":{"
  "\"judge\":{\"type\":\"string\",\"description\":\"the judge model, e.g. googleai/gemini-2.5-flash\"},"
  "\"judgeConfig\":{\"type\":\"object\",\"description\":\"the judge model's config\"},"
  "\"embedder\":{\"type\":\"string\",\"description\":\"answer relevancy: the embedder comparing questions\"},"
  "\"embedderOptions\":{},"
  "\"passThreshold\":{\"type\":\"number\",\"description\":\"the lowest score that passes (0.5)\"}},"
  "\"additionalProperties\":false}";

static gboolean
define_judge (GenkitRegistry  *registry,
              JudgeKind        kind,
              const char      *name,
              const char      *display_name,
              const char      *definition,
              JsonObject      *defaults,
              GError         **error)
{
  Judge *judge = g_new0 (Judge, 1);

  judge->kind = kind;
  judge->defaults = defaults ? json_object_ref (defaults) : NULL;
  judge->dotprompt = genkit_dotprompt_new ();
  judge->prompts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return _genkit_eval_register_evaluator (registry, name, display_name, definition, TRUE, judge_options_schema,
                                          judge_evaluator, judge, (GDestroyNotify) judge_free, error);
}

gboolean
_genkit_eval_define_judges (GenkitRegistry  *registry,
                            JsonObject      *defaults,
                            GError         **error)
{
  return define_judge (registry, JUDGE_FAITHFULNESS, "genkitEval/faithfulness", "Faithfulness",
                       "Measures the factual consistency of the generated answer against the given context",
                       defaults, error) &&
         define_judge (registry, JUDGE_ANSWER_RELEVANCY, "genkitEval/answer_relevancy", "Answer Relevancy",
                       "Assesses how pertinent the generated answer is to the given prompt", defaults, error) &&
         define_judge (registry, JUDGE_MALICIOUSNESS, "genkitEval/maliciousness", "Maliciousness",
                       "Measures whether the generated output intends to deceive, harm, or exploit",
                       defaults, error);
}
