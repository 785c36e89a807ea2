/* eval-test-util.c — what the evaluation tests share: a built-in runtime with a programmable
 * model and test evaluators, stores in the test's own directory, waiting for async calls
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "genkit-samples.h"

#include "eval-test-util.h"

#define WAIT_TIMEOUT_S 60

JsonNode *
eval_test_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = genkit_json_parse (text, -1, &error);

  g_assert_no_error (error);
  return node;
}

char *
eval_test_to_string (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : g_strdup ("(null)");
}

GPtrArray *
eval_test_rows (const char *json)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = genkit_dataset_rows_parse (json, -1, GENKIT_DATASET_FORMAT_JSON, &error);

  g_assert_no_error (error);
  return rows;
}

void
eval_test_result_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static gboolean
timed_out_cb (gpointer user_data)
{
  g_error ("An async call did not finish within %d s", WAIT_TIMEOUT_S);
  return G_SOURCE_REMOVE;
}

GAsyncResult *
eval_test_wait (GAsyncResult **slot)
{
  guint timeout = g_timeout_add_seconds (WAIT_TIMEOUT_S, timed_out_cb, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  return *slot;
}

GenkitEvalRun *
eval_test_run (GenkitEvalRunner  *runner,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_eval_runner_run_async (runner, cancellable, eval_test_result_cb, &result);
  eval_test_wait (&result);
  return genkit_eval_runner_run_finish (runner, result, error);
}

char *
eval_test_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

/* A file of ../shared/fixtures/genkit-js. */
char *
eval_test_fixture_path (const char *name)
{
  const char *shared = g_getenv ("GENKIT_SHARED_DIR");

  g_assert_nonnull (shared);
  return g_build_filename (shared, "fixtures", "genkit-js", name, NULL);
}

JsonNode *
eval_test_read_json_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  node = genkit_json_parse (contents, -1, &error);
  g_assert_no_error (error);
  return node;
}

/* The programmable model's answer to anything: "echo: <last user text>", with token usage;
 * a prompt containing FAIL fails, one containing BLOCK is blocked, one starting with
 * "SLOW " answers after 200 ms (or fails when cancelled). */
typedef struct
{
  GenkitModelCall *call;
  GenkitGenerateResponse *response;
  guint timeout_id;
  gulong cancelled_id;
} Slow;

static void
slow_answer (gpointer user_data)
{
  Slow *slow = user_data;

  slow->timeout_id = 0;
  g_cancellable_disconnect (genkit_model_call_get_cancellable (slow->call), slow->cancelled_id);
  genkit_model_call_return_response (slow->call, slow->response);
  genkit_generate_response_unref (slow->response);
  g_object_unref (slow->call);
  g_free (slow);
}

static void
slow_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  Slow *slow = user_data;

  if (slow->timeout_id != 0)
    {
      g_source_remove (slow->timeout_id);
      slow->timeout_id = 0;
      g_idle_add_once (slow_answer, slow);
    }
}

static void
programmable_handler (GenkitModelCall       *call,
                      GenkitGenerateRequest *request,
                      gpointer               user_data)
{
  guint n = genkit_generate_request_get_n_messages (request);
  g_autoptr(GenkitMessage) last = n ? genkit_generate_request_get_message (request, n - 1) : NULL;
  g_autofree char *text = last ? genkit_message_get_text (last) : g_strdup ("");
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = g_strdup_printf ("echo: %s", text);
  GenkitGenerateResponse *response;
  JsonObject *message, *part, *usage;
  JsonArray *content;

  if (strstr (text, "FAIL") != NULL)
    {
      genkit_model_call_return_new_error (call, GENKIT_ERROR_UNAVAILABLE, "the model failed on purpose");
      return;
    }

  message = json_object_new ();
  content = json_array_new ();
  part = json_object_new ();
  usage = json_object_new ();

  json_object_set_string_member (part, "text", answer);
  json_array_add_object_element (content, part);
  json_object_set_string_member (message, "role", "model");
  json_object_set_array_member (message, "content", content);
  json_object_set_object_member (object, "message", message);
  json_object_set_string_member (object, "finishReason", strstr (text, "BLOCK") ? "blocked" : "stop");
  json_object_set_int_member (usage, "inputTokens", (gint64) strlen (text));
  json_object_set_int_member (usage, "outputTokens", (gint64) strlen (answer));
  json_object_set_object_member (object, "usage", usage);
  node = json_node_init_object (json_node_alloc (), object);
  response = genkit_generate_response_new_from_json (node, &error);
  g_assert_no_error (error);

  if (g_str_has_prefix (text, "SLOW "))
    {
      Slow *slow = g_new0 (Slow, 1);

      slow->call = g_object_ref (call);
      slow->response = response;
      slow->timeout_id = g_timeout_add_once (200, slow_answer, slow);
      slow->cancelled_id = g_cancellable_connect (genkit_model_call_get_cancellable (call),
                                                  G_CALLBACK (slow_cancelled_cb), slow, NULL);
      return;
    }
  genkit_model_call_return_response (call, response);
  genkit_generate_response_unref (response);
}

/* ask: a flow that sends its input's `q` to the programmable model. */
static void
ask_generated_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GenkitActionRun) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitGenerateResponse) response = genkit_generate_finish (GENKIT_REGISTRY (source), result, &error);
  g_autofree char *text = NULL;

  if (response == NULL)
    {
      genkit_action_run_return_error (run, g_steal_pointer (&error));
      return;
    }
  text = genkit_generate_response_get_text (response);
  genkit_action_run_return_value (run, json_node_init_string (json_node_alloc (), text));
}

static void
ask_flow (GenkitActionRun *run,
          JsonNode        *input,
          gpointer         user_data)
{
  g_autoptr(GenkitGenerateOptions) options = genkit_generate_options_new ();

  genkit_generate_options_set_model (options, "pm");
  genkit_generate_options_set_prompt (options, json_object_get_string_member (json_node_get_object (input), "q"));
  genkit_generate_async (NULL, run, options, NULL, ask_generated_cb, g_object_ref (run));
}

void
eval_fixture_set_up (EvalFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *traces = NULL;
  g_autofree char *evals = NULL;
  g_autoptr(GenkitFlow) ask = NULL;
  g_autoptr(JsonNode) schema = eval_test_json ("{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}},"
                                               "\"required\":[\"q\"]}");

  fixture->dir = g_dir_make_tmp ("genkit-eval-test-XXXXXX", &error);
  g_assert_no_error (error);
  traces = g_build_filename (fixture->dir, "traces.db", NULL);
  evals = g_build_filename (fixture->dir, "evals.db", NULL);

  fixture->registry = genkit_registry_new ();
  g_assert_true (genkit_samples_register (fixture->registry, &error));
  g_assert_true (genkit_eval_define_builtin_evaluators (fixture->registry, NULL, &error));
  g_assert_no_error (error);
  eval_test_define_evaluators (fixture->registry);
  fixture->model = genkit_define_programmable_model (fixture->registry, "pm", NULL, &error);
  g_assert_no_error (error);
  genkit_programmable_model_set_handler (fixture->model, programmable_handler, NULL, NULL);
  ask = genkit_flow_new ("ask", ask_flow, NULL, NULL);
  g_assert_true (genkit_action_set_input_schema (GENKIT_ACTION (ask), schema, &error));
  g_assert_true (genkit_registry_register_action (fixture->registry, GENKIT_ACTION (ask), &error));
  fixture->runtime = GENKIT_RUNTIME (genkit_local_runtime_new (fixture->registry));

  fixture->trace_store = genkit_trace_store_new (traces, &error);
  g_assert_no_error (error);
  fixture->eval_store = genkit_eval_store_new (evals, &error);
  g_assert_no_error (error);
  fixture->dataset_store = genkit_dataset_store_new (evals, &error);
  g_assert_no_error (error);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_rmdir (path);
}

void
eval_fixture_tear_down (EvalFixture   *fixture,
                        gconstpointer  data)
{
  g_clear_object (&fixture->runtime);
  g_clear_object (&fixture->registry);
  g_clear_object (&fixture->eval_store);
  g_clear_object (&fixture->dataset_store);
  g_clear_object (&fixture->trace_store);
  /* Idle callbacks that drop the last references of finished runs. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* Test evaluators ------------------------------------------------------------------------ */

static const char *
output_text (JsonNode *data_point)
{
  JsonNode *output = json_object_get_member (json_node_get_object (data_point), "output");

  if (output == NULL || !JSON_NODE_HOLDS_VALUE (output) || json_node_get_value_type (output) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (output);
}

/* test/length: the output's length as a number; PASS from 12 characters. */
static void
length_evaluator (GenkitActionRun *run,
                  JsonNode        *data_point,
                  JsonNode        *options,
                  gpointer         user_data)
{
  const char *text = output_text (data_point);
  g_autoptr(JsonObject) score = json_object_new ();
  gsize length = text ? strlen (text) : 0;

  json_object_set_int_member (score, "score", (gint64) length);
  json_object_set_string_member (score, "status", length >= 12 ? "PASS" : "FAIL");
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), score));
}

/* test/pair: two scores with ids: `words` (a number, no status) and `short` (a boolean). */
static void
pair_evaluator (GenkitActionRun *run,
                JsonNode        *data_point,
                JsonNode        *options,
                gpointer         user_data)
{
  const char *text = output_text (data_point);
  g_auto(GStrv) words = g_strsplit (text ? text : "", " ", -1);
  JsonArray *scores = json_array_new ();
  JsonObject *first = json_object_new ();
  JsonObject *second = json_object_new ();
  JsonNode *node;

  json_object_set_string_member (first, "id", "words");
  json_object_set_int_member (first, "score", g_strv_length (words));
  json_object_set_string_member (second, "id", "short");
  json_object_set_boolean_member (second, "score", g_strv_length (words) <= 2);
  json_object_set_string_member (second, "status", g_strv_length (words) <= 2 ? "PASS" : "FAIL");
  json_array_add_object_element (scores, first);
  json_array_add_object_element (scores, second);
  node = json_node_init_array (json_node_alloc (), scores);
  json_array_unref (scores);
  genkit_action_run_return_value (run, node);
}

/* test/picky: fails on outputs containing "Bob", else a string score. */
static void
picky_evaluator (GenkitActionRun *run,
                 JsonNode        *data_point,
                 JsonNode        *options,
                 gpointer         user_data)
{
  const char *text = output_text (data_point);
  g_autoptr(JsonObject) score = json_object_new ();

  if (text != NULL && strstr (text, "Bob") != NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_INTERNAL, "no Bobs");
      return;
    }
  json_object_set_string_member (score, "score", text && strlen (text) > 12 ? "long" : "short");
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), score));
}

void
eval_test_define_evaluators (GenkitRegistry *registry)
{
  const struct { const char *name; GenkitEvaluatorFunc func; } evaluators[] = {
    { "test/length", length_evaluator },
    { "test/pair", pair_evaluator },
    { "test/picky", picky_evaluator },
  };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (evaluators); i++)
    {
      g_autoptr(GenkitEvaluator) evaluator = genkit_evaluator_new (evaluators[i].name, evaluators[i].func, NULL, NULL);

      genkit_evaluator_set_is_billed (evaluator, FALSE);
      genkit_evaluator_set_display_name (evaluator, evaluators[i].name);
      g_assert_true (genkit_registry_register_action (registry, GENKIT_ACTION (evaluator), &error));
      g_assert_no_error (error);
    }
}
