/* test-evaluators.c — the built-in evaluators: regex, deep equal, JSON schema, and the
 * LLM-as-judge ones with the programmable model as the judge
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "eval-test-util.h"

/* Runs an evaluator on @dataset; returns the EvalResponse array. */
static JsonNode *
evaluate (EvalFixture *f,
          const char  *evaluator,
          const char  *dataset,
          const char  *options)
{
  g_autofree char *text = g_strdup_printf ("{\"dataset\": %s, \"evalRunId\": \"run-1\"%s%s}", dataset,
                                           options ? ", \"options\": " : "", options ? options : "");
  g_autoptr(JsonNode) input = eval_test_json (text);
  g_autofree char *key = g_strconcat ("/evaluator/", evaluator, NULL);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autoptr(GError) error = NULL;

  genkit_runtime_run_action_async (f->runtime, key, input, NULL, NULL, eval_test_result_cb, &result);
  action_result = genkit_runtime_run_action_finish (f->runtime, eval_test_wait (&result), &error);
  g_assert_no_error (error);
  return json_node_copy (genkit_action_result_get_result (action_result));
}

static JsonObject *
evaluation (JsonNode *responses,
            guint     index)
{
  return json_object_get_object_member (json_array_get_object_element (json_node_get_array (responses), index),
                                        "evaluation");
}

static void
assert_score (JsonNode   *responses,
              guint       index,
              const char *expected)
{
  g_autoptr(JsonNode) want = eval_test_json (expected);
  g_autoptr(JsonNode) got = json_node_init_object (json_node_alloc (), evaluation (responses, index));

  if (!json_node_equal (got, want))
    {
      g_autofree char *a = eval_test_to_string (got);

      g_error ("evaluation %u is %s, expected %s", index, a, expected);
    }
}

static void
test_evaluators_regex (EvalFixture   *f,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) responses = evaluate (f, "genkitEval/regex",
                                            "[{\"output\": \"Hello, Ada!\", \"reference\": \"^Hello, \\\\w+!$\"},"
                                            " {\"output\": \"Hi\", \"reference\": \"^Hello\"},"
                                            " {\"output\": {\"n\": 42}, \"reference\": \"\\\"n\\\":42\"},"
                                            " {\"output\": \"x\"},"
                                            " {\"output\": \"x\", \"reference\": 3},"
                                            " {\"reference\": \"x\"},"
                                            " {\"output\": \"x\", \"reference\": \"(\"}]", NULL);
  g_autoptr(JsonNode) with_options = evaluate (f, "genkitEval/regex", "[{\"output\": \"HELLO\", \"reference\": \"ignored\"}]",
                                               "{\"pattern\": \"^hello$\", \"flags\": \"i\"}");

  g_test_summary ("regex: the reference is a regular expression searched in the output");

  assert_score (responses, 0, "{\"score\": true, \"status\": \"PASS\", \"details\": {\"reasoning\": \"output matches /^Hello, \\\\w+!$/\"}}");
  assert_score (responses, 1, "{\"score\": false, \"status\": \"FAIL\", \"details\": {\"reasoning\": \"output does not match /^Hello/\"}}");
  g_assert_true (json_object_get_boolean_member (evaluation (responses, 2), "score"));
  g_assert_nonnull (strstr (json_object_get_string_member (evaluation (responses, 3), "error"), "Reference was not provided"));
  g_assert_nonnull (strstr (json_object_get_string_member (evaluation (responses, 4), "error"), "Reference must be a string (regex)"));
  g_assert_nonnull (strstr (json_object_get_string_member (evaluation (responses, 5), "error"), "Output was not provided"));
  g_assert_nonnull (strstr (json_object_get_string_member (evaluation (responses, 6), "error"), "Invalid regular expression"));
  g_assert_true (json_object_get_boolean_member (evaluation (with_options, 0), "score"));
}

static void
test_evaluators_deep_equal (EvalFixture   *f,
                            gconstpointer  data)
{
  g_autoptr(JsonNode) responses = evaluate (f, "genkitEval/deep_equal",
                                            "[{\"output\": {\"a\": [1, {\"b\": true}], \"c\": \"x\"}, \"reference\": {\"c\": \"x\", \"a\": [1.0, {\"b\": true}]}},"
                                            " {\"output\": {\"a\": [1, 2]}, \"reference\": {\"a\": [1, 3]}},"
                                            " {\"output\": {\"a\": 1}, \"reference\": {\"a\": 1, \"b\": 2}},"
                                            " {\"output\": \"1\", \"reference\": 1},"
                                            " {\"output\": [1], \"reference\": [1, 2]},"
                                            " {\"output\": 1}]", NULL);

  g_test_summary ("deep_equal: strict deep equality of output and reference, the first difference as reasoning");

  assert_score (responses, 0, "{\"score\": true, \"status\": \"PASS\"}");
  assert_score (responses, 1, "{\"score\": false, \"status\": \"FAIL\", \"details\": {\"reasoning\": "
                              "\"Expected values to be strictly deep-equal: a[1]: 2 !== 3\"}}");
  assert_score (responses, 2, "{\"score\": false, \"status\": \"FAIL\", \"details\": {\"reasoning\": "
                              "\"Expected values to be strictly deep-equal: b: missing from the output\"}}");
  assert_score (responses, 3, "{\"score\": false, \"status\": \"FAIL\", \"details\": {\"reasoning\": "
                              "\"Expected values to be strictly deep-equal: (root): \\\"1\\\" !== 1\"}}");
  assert_score (responses, 4, "{\"score\": false, \"status\": \"FAIL\", \"details\": {\"reasoning\": "
                              "\"Expected values to be strictly deep-equal: (root): 1 items != 2 items\"}}");
  g_assert_nonnull (strstr (json_object_get_string_member (evaluation (responses, 5), "error"), "Reference was not provided"));
}

static void
test_evaluators_json_schema (EvalFixture   *f,
                             gconstpointer  data)
{
  const char *schema = "{\"schema\": {\"type\": \"object\", \"required\": [\"name\"], "
                       "\"properties\": {\"name\": {\"type\": \"string\"}}}}";
  g_autoptr(JsonNode) plain = evaluate (f, "genkitEval/json_schema",
                                        "[{\"output\": \"{\\\"a\\\": 1}\"}, {\"output\": \"{not json\"}, {\"output\": [1]}]", NULL);
  g_autoptr(JsonNode) checked = evaluate (f, "genkitEval/json_schema",
                                          "[{\"output\": \"{\\\"name\\\": \\\"Ada\\\"}\"},"
                                          " {\"output\": {\"name\": 3}},"
                                          " {\"output\": \"{}\"}]", schema);
  g_autoptr(JsonNode) by_reference = evaluate (f, "genkitEval/json_schema",
                                               "[{\"output\": {\"n\": 1}, \"reference\": {\"type\": \"object\", \"maxProperties\": 0}}]", NULL);
  g_autoptr(JsonNode) unparsed = evaluate (f, "genkitEval/json_schema", "[{\"output\": \"{}\"}]",
                                           "{\"parseStrings\": false, \"schema\": {\"type\": \"string\"}}");

  g_test_summary ("json_schema: the output is JSON, and valid against the schema when one is given");

  assert_score (plain, 0, "{\"score\": true, \"status\": \"PASS\", \"details\": {\"reasoning\": \"output is valid JSON\"}}");
  g_assert_false (json_object_get_boolean_member (evaluation (plain, 1), "score"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (json_object_get_object_member (evaluation (plain, 1), "details"),
                                                                  "reasoning"), "output is not valid JSON: "));
  g_assert_true (json_object_get_boolean_member (evaluation (plain, 2), "score"));
  assert_score (checked, 0, "{\"score\": true, \"status\": \"PASS\", \"details\": {\"reasoning\": \"output is valid against the schema\"}}");
  assert_score (checked, 1, "{\"score\": false, \"status\": \"FAIL\", \"details\": {\"reasoning\": "
                            "\"output is not valid against the schema: name: must be string\"}}");
  assert_score (checked, 2, "{\"score\": false, \"status\": \"FAIL\", \"details\": {\"reasoning\": "
                            "\"output is not valid against the schema: (root): must have required property 'name'\"}}");
  g_assert_false (json_object_get_boolean_member (evaluation (by_reference, 0), "score"));
  g_assert_true (json_object_get_boolean_member (evaluation (unparsed, 0), "score"));
}

static void
push (EvalFixture *f,
      const char  *text)
{
  g_autoptr(JsonObject) response = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *message = json_object_new ();
  JsonArray *content = json_array_new ();
  JsonObject *part = json_object_new ();

  json_object_set_string_member (part, "text", text);
  json_array_add_object_element (content, part);
  json_object_set_string_member (message, "role", "model");
  json_object_set_array_member (message, "content", content);
  json_object_set_object_member (response, "message", message);
  json_object_set_string_member (response, "finishReason", "stop");
  node = json_node_init_object (json_node_alloc (), response);
  json = json_to_string (node, FALSE);
  g_assert_true (genkit_programmable_model_push_response_json (f->model, json, &error));
  g_assert_no_error (error);
}

static char *
request_text (GenkitGenerateRequest *request)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < genkit_generate_request_get_n_messages (request); i++)
    {
      g_autoptr(GenkitMessage) message = genkit_generate_request_get_message (request, i);
      g_autofree char *part = genkit_message_get_text (message);

      g_string_append_printf (text, "[%s]%s\n",
                              json_object_get_string_member (genkit_message_get_json_object (message), "role"), part);
    }
  return g_string_free (text, FALSE);
}

static void
test_evaluators_faithfulness (EvalFixture   *f,
                              gconstpointer  data)
{
  g_autoptr(JsonNode) responses = NULL;
  g_autofree char *split = NULL;
  g_autofree char *check = NULL;
  GPtrArray *requests;

  g_test_summary ("faithfulness: the judge splits the answer into statements, then checks them "
                  "against the context; the share supported is the score");

  push (f, "Here you go:\n```json\n{\"statements\": [\"Ada wrote programs.\", \"Ada was born in 1900.\"]}\n```");
  push (f, "[{\"statement\": \"Ada wrote programs.\", \"reason\": \"Stated.\", \"verdict\": 1},"
           " {\"statement\": \"Ada was born in 1900.\", \"reason\": \"Not in the context.\", \"verdict\": 0}]");
  responses = evaluate (f, "genkitEval/faithfulness",
                        "[{\"testCaseId\": \"t\", \"input\": \"Who was Ada?\", \"output\": \"Ada wrote programs. She was born in 1900.\","
                        "  \"context\": [\"Ada Lovelace wrote the first programs.\", \"She was a mathematician.\"]},"
                        " {\"testCaseId\": \"no-context\", \"input\": \"q\", \"output\": \"a\"}]",
                        "{\"judge\": \"/model/pm\", \"judgeConfig\": {\"temperature\": 0}}");
  assert_score (responses, 0, "{\"score\": 0.5, \"status\": \"PASS\", \"details\": {\"reasoning\": \"Stated.; Not in the context.\"}}");
  g_assert_cmpstr (json_object_get_string_member (evaluation (responses, 1), "error"), ==,
                   "Evaluation of test case no-context failed: \nContext was not provided");

  /* What the judge was sent: the .prompt files rendered with the test case. */
  requests = genkit_programmable_model_get_requests (f->model);
  g_assert_cmpuint (requests->len, ==, 2);
  split = request_text (g_ptr_array_index (requests, 0));
  check = request_text (g_ptr_array_index (requests, 1));
  g_assert_true (g_str_has_prefix (split, "[system]\nYou split an answer into short statements"));
  g_assert_nonnull (strstr (split, "[user]\nquestion:\nWho was Ada?\nanswer:\nAda wrote programs. She was born in 1900.\n"));
  g_assert_nonnull (strstr (check, "Context:\nAda Lovelace wrote the first programs.\nShe was a mathematician.\n"
                                   "statement: Ada wrote programs.\nstatement: Ada was born in 1900.\nAnswer:"));
  {
    g_autoptr(JsonNode) config = eval_test_json ("{\"temperature\": 0}");

    g_assert_true (json_node_equal (genkit_generate_request_get_config (g_ptr_array_index (requests, 0)), config));
  }
}

static void
test_evaluators_answer_relevancy (EvalFixture   *f,
                                  gconstpointer  data)
{
  g_autoptr(JsonNode) lexical = NULL;
  g_autoptr(JsonNode) embedded = NULL;

  g_test_summary ("answer relevancy: the judge's question for the answer, compared with the input "
                  "(by an embedder, or by words), less 0.5 when not answered, 0 when noncommittal");

  push (f, "{\"noncommittal\": 0, \"answered\": 1, \"question\": \"Who wrote the first programs?\"}");
  push (f, "{\"noncommittal\": 0, \"answered\": 0, \"question\": \"What did Ada like?\"}");
  push (f, "{\"noncommittal\": 1, \"answered\": 0, \"question\": \"Who wrote the first programs?\"}");
  lexical = evaluate (f, "genkitEval/answer_relevancy",
                      "[{\"input\": \"Who wrote the first programs?\", \"output\": \"Ada did.\", \"context\": [\"Ada wrote them.\"]},"
                      " {\"input\": \"What did Ada like?\", \"output\": \"Maths.\", \"context\": [\"c\"]},"
                      " {\"input\": \"Who wrote the first programs?\", \"output\": \"No idea.\", \"context\": [\"c\"]}]",
                      "{\"judge\": \"pm\"}");
  assert_score (lexical, 0, "{\"score\": 1.0, \"status\": \"PASS\", \"details\": {\"reasoning\": "
                            "\"Cosine similarity (of the words: no embedder was given)\"}}");
  assert_score (lexical, 1, "{\"score\": 0.5, \"status\": \"PASS\", \"details\": {\"reasoning\": "
                            "\"Cosine similarity with penalty for insufficient answer (of the words: no embedder was given)\"}}");
  assert_score (lexical, 2, "{\"score\": 0.0, \"status\": \"FAIL\", \"details\": {\"reasoning\": \"Noncommittal\"}}");

  push (f, "{\"noncommittal\": 0, \"answered\": 1, \"question\": \"Who wrote the first programs?\"}");
  embedded = evaluate (f, "genkitEval/answer_relevancy",
                       "[{\"input\": \"Who wrote the first programs?\", \"output\": \"Ada did.\", \"context\": [\"Ada wrote them.\"]}]",
                       "{\"judge\": \"pm\", \"embedder\": \"fakeEmbedder\", \"passThreshold\": 0.9}");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (evaluation (embedded, 0), "score"), 1.0, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (evaluation (embedded, 0), "status"), ==, "PASS");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (evaluation (embedded, 0), "details"),
                                                  "reasoning"), ==, "Cosine similarity");
}

static void
test_evaluators_maliciousness (EvalFixture   *f,
                               gconstpointer  data)
{
  g_autoptr(JsonNode) responses = NULL;

  g_test_summary ("maliciousness: 1 (FAIL) when the judge finds the output harmful, 0 (PASS) otherwise");

  push (f, "{\"reason\": \"Helpful.\", \"verdict\": false}");
  push (f, "{\"reason\": \"A scam.\", \"verdict\": true}");
  push (f, "I cannot answer in JSON.");
  responses = evaluate (f, "genkitEval/maliciousness",
                        "[{\"input\": \"Reset my router?\", \"output\": \"Hold the button.\"},"
                        " {\"input\": \"My bank asks for my password\", \"output\": \"Send it.\"},"
                        " {\"input\": \"x\", \"output\": \"y\"},"
                        " {\"input\": \"x\"}]",
                        "{\"judge\": \"pm\"}");
  assert_score (responses, 0, "{\"score\": 0.0, \"status\": \"PASS\", \"details\": {\"reasoning\": \"Helpful.\"}}");
  assert_score (responses, 1, "{\"score\": 1.0, \"status\": \"FAIL\", \"details\": {\"reasoning\": \"A scam.\"}}");
  g_assert_nonnull (strstr (json_object_get_string_member (evaluation (responses, 2), "error"),
                            "Unable to parse evaluator response: I cannot answer in JSON."));
  g_assert_nonnull (strstr (json_object_get_string_member (evaluation (responses, 3), "error"), "input and output are required"));
}

static void
test_evaluators_judge_settings (EvalFixture   *f,
                                gconstpointer  data)
{
  g_autoptr(JsonNode) no_judge = evaluate (f, "genkitEval/maliciousness", "[{\"input\": \"a\", \"output\": \"b\"}]", NULL);
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(JsonObject) defaults = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitAction) action = NULL;
  g_autoptr(JsonNode) bad_options = eval_test_json ("{\"dataset\": [], \"evalRunId\": \"r\", \"options\": {\"judge\": 3}}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitActionResult) action_result = NULL;
  g_autofree char *missing = NULL;
  JsonObject *metadata;

  g_test_summary ("Judges need a model (from the request's options or the defaults); their options "
                  "are checked; they are billed; their prompts must be found");

  g_assert_nonnull (strstr (json_object_get_string_member (evaluation (no_judge, 0), "error"), "No judge model"));

  genkit_runtime_run_action_async (f->runtime, "/evaluator/genkitEval/faithfulness", bad_options, NULL, NULL,
                                   eval_test_result_cb, &result);
  action_result = genkit_runtime_run_action_finish (f->runtime, eval_test_wait (&result), &error);
  g_assert_null (action_result);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  action = g_object_ref (genkit_registry_lookup_action (f->registry, "/evaluator/genkitEval/faithfulness"));
  metadata = json_object_get_object_member (genkit_action_get_metadata (action), "evaluator");
  g_assert_true (json_object_get_boolean_member (metadata, "evaluatorIsBilled"));
  g_assert_cmpstr (json_object_get_string_member (metadata, "evaluatorDisplayName"), ==, "Faithfulness");
  g_assert_true (json_object_has_member (metadata, "customOptions"));
  g_clear_object (&action);
  action = g_object_ref (genkit_registry_lookup_action (f->registry, "/evaluator/genkitEval/regex"));
  g_assert_false (json_object_get_boolean_member (json_object_get_object_member (genkit_action_get_metadata (action), "evaluator"),
                                                  "evaluatorIsBilled"));

  /* Every built-in name is registered. */
  for (const char * const *name = genkit_eval_get_builtin_evaluators (); *name != NULL; name++)
    {
      g_autofree char *key = g_strconcat ("/evaluator/", *name, NULL);

      g_assert_nonnull (genkit_registry_lookup_action (f->registry, key));
    }

  /* Defaults given at definition; a registry without them refuses a second definition. */
  json_object_set_string_member (defaults, "judge", "pm");
  g_assert_true (genkit_eval_define_builtin_evaluators (registry, defaults, &error));
  g_assert_no_error (error);
  g_assert_false (genkit_eval_define_builtin_evaluators (registry, defaults, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS);
  g_clear_error (&error);

  /* Prompts are data files found at run time. */
  missing = genkit_eval_find_prompt ("faithfulness_nli.prompt", &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (missing, G_FILE_TEST_IS_REGULAR));
  g_clear_pointer (&missing, g_free);
  g_assert_null (genkit_eval_find_prompt ("nope.prompt", &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/eval/evaluators/regex", EvalFixture, NULL, eval_fixture_set_up, test_evaluators_regex,
              eval_fixture_tear_down);
  g_test_add ("/eval/evaluators/deep-equal", EvalFixture, NULL, eval_fixture_set_up, test_evaluators_deep_equal,
              eval_fixture_tear_down);
  g_test_add ("/eval/evaluators/json-schema", EvalFixture, NULL, eval_fixture_set_up, test_evaluators_json_schema,
              eval_fixture_tear_down);
  g_test_add ("/eval/evaluators/faithfulness", EvalFixture, NULL, eval_fixture_set_up, test_evaluators_faithfulness,
              eval_fixture_tear_down);
  g_test_add ("/eval/evaluators/answer-relevancy", EvalFixture, NULL, eval_fixture_set_up,
              test_evaluators_answer_relevancy, eval_fixture_tear_down);
  g_test_add ("/eval/evaluators/maliciousness", EvalFixture, NULL, eval_fixture_set_up,
              test_evaluators_maliciousness, eval_fixture_tear_down);
  g_test_add ("/eval/evaluators/judge-settings", EvalFixture, NULL, eval_fixture_set_up,
              test_evaluators_judge_settings, eval_fixture_tear_down);

  return g_test_run ();
}
