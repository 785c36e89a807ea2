/* test-model-middleware.c — Genkit's model middleware, at call time and at definition time
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "ai-test-util.h"

typedef struct
{
  GenkitRegistry          *registry;
  GenkitProgrammableModel *pm;
  GenkitProgrammableModel *pm2;
  GenkitProgrammableModel *cm;      /* constrained: all */
  TestSpanRecorder        *recorder;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) constrained = test_json ("{\"supports\": {\"constrained\": \"all\"}}");

  f->registry = genkit_registry_new ();
  f->recorder = test_span_recorder_new (f->registry);
  f->pm = genkit_define_programmable_model (f->registry, "pm", NULL, &error);
  f->pm2 = genkit_define_programmable_model (f->registry, "pm2", NULL, &error);
  f->cm = genkit_define_programmable_model (f->registry, "cm", json_node_get_object (constrained), &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->recorder);
  g_clear_object (&f->registry);
}

static GenkitGenerateOptions *
options_for (const char *model,
             const char *prompt)
{
  GenkitGenerateOptions *options = genkit_generate_options_new ();

  genkit_generate_options_set_model (options, model);
  genkit_generate_options_set_prompt (options, prompt);
  return options;
}

static GenkitModelMiddleware *
builtin (const char *name,
         const char *config_json5)
{
  g_autoptr(JsonNode) config = config_json5 ? ai_json5 (config_json5) : NULL;
  g_autoptr(GError) error = NULL;
  GenkitModelMiddleware *middleware = genkit_model_middleware_new_builtin (name, config, &error);

  g_assert_no_error (error);
  g_assert_nonnull (middleware);
  return middleware;
}

static void
count_error_cb (const GError *error,
                guint         attempt,
                gpointer      user_data)
{
  GArray *attempts = user_data;

  g_array_append_val (attempts, attempt);
}

static void
forward_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GenkitModelMiddlewareCall) call = user_data;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  GError *error = NULL;

  response = genkit_model_middleware_call_next_finish (call, result, &error);
  if (response == NULL)
    genkit_model_middleware_call_return_error (call, error);
  else
    genkit_model_middleware_call_return_response (call, response);
}

static void
noop_tool (GenkitActionRun *run,
           JsonNode        *input,
           gpointer         user_data)
{
  genkit_action_run_return_value (run, NULL);
}

static JsonObject *
object_json5 (const char *text)
{
  g_autoptr(JsonNode) node = ai_json5 (text);

  return json_object_ref (json_node_get_object (node));
}

/* Marks the request with its name: a text part appended to the last message. */
static void
marker_mw (GenkitModelMiddlewareCall *call,
           GenkitGenerateRequest     *request,
           gpointer                   user_data)
{
  g_autoptr(GenkitGenerateRequest) marked = genkit_generate_request_copy (request);
  guint n = genkit_generate_request_get_n_messages (marked);
  g_autoptr(GenkitMessage) last = genkit_generate_request_get_message (marked, n - 1);
  g_autoptr(GenkitPart) part = genkit_part_new_text (user_data);

  genkit_message_add_part (last, part);
  genkit_model_middleware_call_next_async (call, marked, forward_cb, g_object_ref (call));
}

/* retry --------------------------------------------------------------------------------------------- */

static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "hi");
  g_autoptr(GArray) attempts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonNode) config = ai_json5 ("{maxRetries: 3, initialDelayMs: 20, backoffFactor: 2, noJitter: true}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitModelMiddleware) retry = NULL;
  g_auto(AiGenerate) run = { 0 };
  gint64 start;

  g_test_summary ("retry repeats the model call on retryable statuses with exponential backoff and "
                  "reports each retry; other statuses and exhausted retries fail");

  retry = genkit_retry_middleware_new (json_node_get_object (config), count_error_cb, attempts, NULL, &error);
  g_assert_no_error (error);
  genkit_generate_options_add_middleware (options, retry);

  genkit_programmable_model_push_error (f->pm, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE, "busy"));
  genkit_programmable_model_push_error (f->pm, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_RESOURCE_EXHAUSTED, "quota"));
  ai_push_text (f->pm, "'third time'");
  start = g_get_monotonic_time ();
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  /* 20 ms, then 40 ms */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 60 * 1000);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 3);
  g_assert_cmpuint (attempts->len, ==, 2);
  g_assert_cmpuint (g_array_index (attempts, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (attempts, guint, 1), ==, 2);
  /* Each attempt is its own model span. */
  g_assert_nonnull (test_span_find (f->recorder, "pm", 2));
  ai_assert_request (f->pm, 2, "{messages: [{role: 'user', content: [{text: 'hi'}]}], config: {}, tools: [], output: {}}");

  /* Not a retryable status: one call. */
  genkit_programmable_model_push_error (f->pm, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "bad"));
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 4);

  /* Exhausted: 1 + 3 calls, the last error returned. Errors from outside Genkit are retried. */
  for (guint i = 0; i < 3; i++)
    genkit_programmable_model_push_error (f->pm, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "io"));
  genkit_programmable_model_push_error (f->pm, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED, "slow"));
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_DEADLINE_EXCEEDED);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 8);
}

static void
test_retry_model_level_and_cancel (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GenkitModelMiddleware) retry = builtin ("retry", "{initialDelayMs: 1, noJitter: true, statuses: ['INTERNAL']}");
  g_autoptr(GenkitModelMiddleware) slow = builtin ("retry", "{initialDelayMs: 60000}");
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "hi");
  g_autoptr(GenkitGenerateOptions) slow_options = options_for ("pm2", "hi");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  AiGenerate cancelled = { 0 };
  g_auto(AiGenerate) run = { 0 };
  gint64 start;

  g_test_summary ("retry declared by the model runs around every call of it; cancelling stops the wait");

  genkit_model_use (genkit_programmable_model_get_model (f->pm), retry);
  genkit_programmable_model_push_error (f->pm, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "oops"));
  ai_push_text (f->pm, "'ok'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 2);

  genkit_model_use (genkit_programmable_model_get_model (f->pm2), slow);
  genkit_programmable_model_push_error (f->pm2, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE, "down"));
  start = g_get_monotonic_time ();
  g_timeout_add_once (30, (GSourceOnceFunc) g_cancellable_cancel, cancellable);
  genkit_generate_async (f->registry, NULL, slow_options, cancellable, ai_generate_done_cb, &cancelled);
  test_wait_until (&cancelled.done);
  g_assert_error (cancelled.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ai_generate_clear (&cancelled);

  {
    g_autoptr(JsonObject) negative = object_json5 ("{maxRetries: -1}");
    g_autoptr(JsonObject) unknown = object_json5 ("{statuses: ['NOT_A_STATUS']}");

    g_assert_null (genkit_retry_middleware_new (negative, NULL, NULL, NULL, &error));
    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
    g_clear_error (&error);
    g_assert_null (genkit_retry_middleware_new (unknown, NULL, NULL, NULL, &error));
    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  }
}

static GError *
error_with_retry_after (int         code,
                        const char *message,
                        gint64      retry_after_ms)
{
  GError *error = g_error_new_literal (GENKIT_ERROR, code, message);

  genkit_error_set_retry_after_ms (error, retry_after_ms);
  return error;
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GenkitModelMiddleware) retry = builtin ("retry", "{initialDelayMs: 1, maxDelayMs: 5000, noJitter: true}");
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "hi");
  g_autoptr(GenkitGenerateOptions) cancel_options = options_for ("pm", "hi");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) original = NULL;
  g_autoptr(GError) copy = NULL;
  g_autoptr(JsonNode) status = NULL;
  g_autoptr(GError) back = NULL;
  AiGenerate cancelled = { 0 };
  g_auto(AiGenerate) run = { 0 };
  gint64 start;

  g_test_summary ("retry waits as long as the service's Retry-After says (not its own 1 ms backoff), "
                  "returns at once when that is longer than maxDelayMs, and a cancel ends the wait; "
                  "the wait survives copies of the error and its status JSON");

  /* The error carries it, its copies too, and its status says it. */
  original = error_with_retry_after (GENKIT_ERROR_UNAVAILABLE, "x", 1500);
  copy = g_error_copy (original);
  g_assert_cmpint (genkit_error_get_retry_after_ms (copy), ==, 1500);
  status = genkit_error_to_status (copy, NULL);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (json_node_get_object (status), "details"),
                                               "retryAfterMs"), ==, 1500);
  back = genkit_error_from_status (status);
  g_assert_cmpint (genkit_error_get_retry_after_ms (back), ==, 1500);
  g_clear_error (&back);
  back = g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "plain");
  g_assert_cmpint (genkit_error_get_retry_after_ms (back), ==, -1);

  genkit_generate_options_add_middleware (options, retry);
  genkit_generate_options_add_middleware (cancel_options, retry);

  /* Honoured: 300 ms instead of the 1 ms backoff. */
  genkit_programmable_model_push_error (f->pm, error_with_retry_after (GENKIT_ERROR_RESOURCE_EXHAUSTED, "quota", 300));
  ai_push_text (f->pm, "'after the wait'");
  start = g_get_monotonic_time ();
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 2);

  /* Longer than maxDelayMs: no retry, the error with its wait comes back at once. */
  genkit_programmable_model_push_error (f->pm, error_with_retry_after (GENKIT_ERROR_UNAVAILABLE, "later", 3600 * 1000));
  start = g_get_monotonic_time ();
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE);
  g_assert_cmpint (genkit_error_get_retry_after_ms (run.error), ==, 3600 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 3);

  /* Cancelled during a 4 s wait: ends early with CANCELLED. */
  genkit_programmable_model_push_error (f->pm, error_with_retry_after (GENKIT_ERROR_UNAVAILABLE, "soon", 4000));
  start = g_get_monotonic_time ();
  genkit_generate_async (f->registry, NULL, cancel_options, cancellable, ai_generate_done_cb, &cancelled);
  /* Cancelled once the failing call was made, so during the wait. */
  while (genkit_programmable_model_get_requests (f->pm)->len < 4 && !cancelled.done)
    g_main_context_iteration (NULL, TRUE);
  g_cancellable_cancel (cancellable);
  test_wait_until (&cancelled.done);
  g_assert_error (cancelled.error, GENKIT_ERROR, GENKIT_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3500 * 1000);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 4);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ai_generate_clear (&cancelled);
}

/* fallback ------------------------------------------------------------------------------------------ */

static void
test_fallback (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "hi");
  g_autoptr(GenkitGenerateOptions) not_listed = options_for ("pm", "hi");
  g_autoptr(GArray) errors = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(JsonNode) config = ai_json5 ("{models: ['missing', 'pm2'], statuses: ['UNAVAILABLE', 'NOT_FOUND']}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitModelMiddleware) fallback = NULL;
  g_autoptr(GenkitModelMiddleware) plain = builtin ("fallback", "{models: ['pm2']}");
  g_auto(AiGenerate) run = { 0 };
  g_autofree char *text = NULL;

  g_test_summary ("fallback sends the same request to the next models on listed statuses and stops on others");

  fallback = genkit_fallback_middleware_new (json_node_get_object (config), count_error_cb, errors, NULL, &error);
  g_assert_no_error (error);
  genkit_generate_options_add_middleware (options, fallback);

  genkit_programmable_model_push_error (f->pm, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE, "down"));
  ai_push_text (f->pm2, "'from pm2'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  text = genkit_generate_response_get_text (run.response);
  g_assert_cmpstr (text, ==, "from pm2");
  /* down, then `missing` not found */
  g_assert_cmpuint (errors->len, ==, 2);
  ai_assert_request (f->pm2, 0, "{messages: [{role: 'user', content: [{text: 'hi'}]}], config: {}, tools: [], output: {}}");
  /* The fallback model is traced inside the generate span. */
  g_assert_cmpstr (genkit_span_get_name (genkit_span_get_parent (test_span_find (f->recorder, "pm2", 0))), ==, "generate");

  genkit_generate_options_add_middleware (not_listed, plain);
  genkit_programmable_model_push_error (f->pm, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_PERMISSION_DENIED, "no"));
  ai_generate (f->registry, not_listed, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_PERMISSION_DENIED);
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm2)->len, ==, 1);

  /* Every fallback fails with a listed status: the last error. */
  genkit_programmable_model_push_error (f->pm, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE, "down"));
  genkit_programmable_model_push_error (f->pm2, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_UNIMPLEMENTED, "nope"));
  ai_generate (f->registry, not_listed, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_UNIMPLEMENTED);

  g_assert_null (genkit_fallback_middleware_new (NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

/* simulateSystemPrompt ----------------------------------------------------------------------------- */

static void
test_simulate_system_prompt (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "hi");
  g_autoptr(GenkitModelMiddleware) simulate = genkit_simulate_system_prompt_middleware_new (NULL, NULL);
  g_autoptr(GenkitModelMiddleware) custom = builtin ("simulateSystemPrompt", "{preface: 'RULES: ', acknowledgement: 'Fine.'}");
  g_autoptr(JsonNode) assistant = test_json ("{\"role\": \"model\", \"content\": [{\"text\": \"earlier\"}]}");
  g_autoptr(GenkitMessage) earlier = genkit_message_new_from_json (assistant, NULL);
  g_autoptr(GenkitGenerateOptions) plain = options_for ("pm2", "hi");
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("simulateSystemPrompt turns the system message into a user message and an acknowledgement");

  genkit_generate_options_set_system (options, "Be terse.");
  genkit_generate_options_add_message (options, earlier);
  genkit_generate_options_add_middleware (options, simulate);
  ai_push_text (f->pm, "'ok'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm, 0,
                     "{messages: [{role: 'user', content: [{text: 'SYSTEM INSTRUCTIONS:\\n'}, {text: 'Be terse.'}]},"
                     "  {role: 'model', content: [{text: 'Understood.'}]},"
                     "  {role: 'model', content: [{text: 'earlier'}]},"
                     "  {role: 'user', content: [{text: 'hi'}]}], config: {}, tools: [], output: {}}");

  /* At definition time, with options. */
  genkit_model_use (genkit_programmable_model_get_model (f->pm2), custom);
  genkit_generate_options_set_system (plain, "Be terse.");
  genkit_generate_options_add_message (plain, earlier);
  ai_push_text (f->pm2, "'ok'");
  ai_generate (f->registry, plain, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm2, 0,
                     "{messages: [{role: 'user', content: [{text: 'RULES: '}, {text: 'Be terse.'}]},"
                     "  {role: 'model', content: [{text: 'Fine.'}]},"
                     "  {role: 'model', content: [{text: 'earlier'}]},"
                     "  {role: 'user', content: [{text: 'hi'}]}], config: {}, tools: [], output: {}}");
}

/* augmentWithContext -------------------------------------------------------------------------------- */

static char *
bullet_item (GenkitDocument *document,
             guint           index,
             gpointer        user_data)
{
  g_autofree char *text = genkit_document_get_text (document);

  return g_strdup_printf ("* %s (#%u)\n", text, index);
}

static void
test_augment_with_context (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "Question?");
  g_autoptr(JsonNode) meta = test_json ("{\"source\": \"wiki\", \"id\": \"ignored\"}");
  g_autoptr(GenkitDocument) doc = genkit_document_new_from_text ("Fact.", json_node_get_object (meta));
  g_autoptr(GenkitModelMiddleware) cited = builtin ("augmentWithContext", "{preface: null, citationKey: 'source'}");
  g_autoptr(GenkitModelMiddleware) templated = NULL;
  g_autoptr(JsonNode) pending_json = test_json ("{\"text\": \"\", \"metadata\": {\"purpose\": \"context\", \"pending\": true}}");
  g_autoptr(JsonNode) filled_json = test_json ("{\"text\": \"my own context\", \"metadata\": {\"purpose\": \"context\"}}");
  g_autoptr(GenkitPart) pending = genkit_part_new_from_json (pending_json, NULL);
  g_autoptr(GenkitPart) filled = genkit_part_new_from_json (filled_json, NULL);
  g_autoptr(GenkitGenerateOptions) with_pending = genkit_generate_options_new ();
  g_autoptr(GenkitGenerateOptions) with_filled = genkit_generate_options_new ();
  g_autoptr(GenkitPart) question = genkit_part_new_text ("Q?");
  g_autoptr(GError) error = NULL;
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("augmentWithContext renders docs into the last user message (citation key, preface, "
                  "item template), fills a pending context part and leaves a filled one alone");

  genkit_generate_options_add_doc (options, doc);
  genkit_generate_options_add_middleware (options, cited);
  ai_push_text (f->pm, "'a'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  /* The model's own augmentWithContext sees the context part and does nothing more. */
  ai_assert_request (f->pm, 0,
                     "{messages: [{role: 'user', content: [{text: 'Question?'},"
                     "  {text: '- [wiki]: Fact.\\n\\n', metadata: {purpose: 'context'}}]}],"
                     " config: {}, docs: [{content: [{text: 'Fact.'}], metadata: {source: 'wiki', id: 'ignored'}}],"
                     " tools: [], output: {}}");

  templated = genkit_augment_with_context_middleware_new (NULL, bullet_item, NULL, NULL, &error);
  g_assert_no_error (error);
  genkit_generate_options_set_model (with_pending, "pm");
  genkit_generate_options_add_prompt_part (with_pending, question);
  genkit_generate_options_add_prompt_part (with_pending, pending);
  genkit_generate_options_add_doc (with_pending, doc);
  genkit_generate_options_add_middleware (with_pending, templated);
  ai_push_text (f->pm, "'b'");
  ai_generate (f->registry, with_pending, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm, 1,
                     "{messages: [{role: 'user', content: [{text: 'Q?'},"
                     "  {text: '\\n\\nUse the following information to complete your task:\\n\\n* Fact. (#0)\\n\\n',"
                     "   metadata: {purpose: 'context'}}]}],"
                     " config: {}, docs: [{content: [{text: 'Fact.'}], metadata: {source: 'wiki', id: 'ignored'}}],"
                     " tools: [], output: {}}");

  genkit_generate_options_set_model (with_filled, "pm");
  genkit_generate_options_add_prompt_part (with_filled, question);
  genkit_generate_options_add_prompt_part (with_filled, filled);
  genkit_generate_options_add_doc (with_filled, doc);
  ai_push_text (f->pm, "'c'");
  ai_generate (f->registry, with_filled, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->pm, 2,
                     "{messages: [{role: 'user', content: [{text: 'Q?'}, {text: 'my own context', metadata: {purpose: 'context'}}]}],"
                     " config: {}, docs: [{content: [{text: 'Fact.'}], metadata: {source: 'wiki', id: 'ignored'}}],"
                     " tools: [], output: {}}");
}

/* validateSupport ----------------------------------------------------------------------------------- */

static void
test_validate_support (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GenkitModelMiddleware) validate = builtin ("validateSupport",
                                                       "{name: 'pm', supports: {media: false, tools: false, multiturn: false}}");
  g_autoptr(GenkitGenerateOptions) media = options_for ("pm", "Look:");
  g_autoptr(GenkitGenerateOptions) tools = options_for ("pm", "Use tools");
  g_autoptr(GenkitGenerateOptions) turns = options_for ("pm", "Again");
  g_autoptr(GenkitGenerateOptions) fine = options_for ("pm", "Just text");
  g_autoptr(GenkitPart) image = genkit_part_new_media ("https://example.com/cat.png", "image/png");
  g_autoptr(GenkitMessage) earlier = genkit_message_new_text (GENKIT_ROLE_USER, "first");
  g_autoptr(JsonNode) schema = test_json ("{\"type\": \"object\"}");
  g_autoptr(GError) error = NULL;
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("validateSupport refuses media, tools or several messages a model does not support");

  g_assert_nonnull (genkit_define_tool (f->registry, "noop", "Does nothing", schema, NULL,
                                        noop_tool, NULL, NULL, &error));
  genkit_model_use (genkit_programmable_model_get_model (f->pm), validate);

  genkit_generate_options_add_prompt_part (media, image);
  ai_generate (f->registry, media, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (run.error->message, "Model 'pm' does not support media, but media was provided. Request: {"));

  genkit_generate_options_add_tool (tools, "noop");
  ai_generate (f->registry, tools, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (run.error->message, "Model 'pm' does not support tool use, but tools were provided."));

  genkit_generate_options_add_message (turns, earlier);
  ai_generate (f->registry, turns, FALSE, &run);
  g_assert_error (run.error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (run.error->message, "Model 'pm' does not support multiple messages, but 2 were provided."));
  g_assert_cmpuint (genkit_programmable_model_get_requests (f->pm)->len, ==, 0);

  ai_push_text (f->pm, "'ok'");
  ai_generate (f->registry, fine, FALSE, &run);
  g_assert_no_error (run.error);
}

/* simulateConstrainedGeneration --------------------------------------------------------------------- */

static char *
short_instructions (JsonNode *schema,
                    gpointer  user_data)
{
  return g_strdup ("JSON please.");
}

static void
test_simulate_constrained (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("cm", "data");
  g_autoptr(GenkitModelMiddleware) simulate = genkit_simulate_constrained_generation_middleware_new (short_instructions,
                                                                                                      NULL, NULL);
  g_autoptr(JsonNode) schema = test_json ("{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"number\"}}}");
  g_autoptr(JsonNode) tools_options = test_json ("{\"supports\": {\"constrained\": \"no-tools\", \"tools\": true}}");
  g_autoptr(GError) error = NULL;
  GenkitProgrammableModel *nt;
  g_autoptr(GenkitGenerateOptions) with_tools = options_for ("nt", "data");
  g_autoptr(GenkitGenerateOptions) without_tools = options_for ("nt", "data");
  g_auto(AiGenerate) run = { 0 };

  g_test_summary ("simulateConstrainedGeneration injects instructions and unconstrains the request; "
                  "models simulate it unless they support constrained output for the request");

  /* At call time on a model that supports constrained output itself. */
  genkit_generate_options_set_output_schema (options, schema);
  genkit_generate_options_add_middleware (options, simulate);
  ai_push_text (f->cm, "'{\"x\": 1}'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (f->cm, 0,
                     "{messages: [{role: 'user', content: [{text: 'data'}, {text: 'JSON please.', metadata: {purpose: 'output'}}]}],"
                     " config: {}, tools: [], output: {constrained: false}}");

  /* `no-tools`: native without tools, simulated with them. */
  nt = genkit_define_programmable_model (f->registry, "nt", json_node_get_object (tools_options), &error);
  g_assert_no_error (error);
  g_assert_nonnull (genkit_define_tool (f->registry, "noop", "Does nothing", NULL, NULL,
                                        noop_tool, NULL, NULL, &error));
  genkit_generate_options_set_output_schema (without_tools, schema);
  ai_push_text (nt, "'{\"x\": 2}'");
  ai_generate (f->registry, without_tools, FALSE, &run);
  g_assert_no_error (run.error);
  ai_assert_request (nt, 0,
                     "{messages: [{role: 'user', content: [{text: 'data'}]}], config: {}, tools: [],"
                     " output: {constrained: true, contentType: 'application/json', format: 'json',"
                     "          schema: {type: 'object', properties: {x: {type: 'number'}}}}}");

  genkit_generate_options_set_output_schema (with_tools, schema);
  genkit_generate_options_add_tool (with_tools, "noop");
  ai_push_text (nt, "'{\"x\": 3}'");
  ai_generate (f->registry, with_tools, FALSE, &run);
  g_assert_no_error (run.error);
  {
    g_autoptr(JsonNode) request = ai_request_json (nt, 1);
    JsonObject *object = json_node_get_object (request);
    JsonArray *content = json_object_get_array_member (json_array_get_object_element (json_object_get_array_member (object, "messages"), 0),
                                                        "content");

    ai_assert_json (json_object_get_member (object, "output"), "{constrained: false}");
    g_assert_cmpuint (json_array_get_length (content), ==, 2);
    g_assert_true (g_str_has_prefix (json_object_get_string_member (json_array_get_object_element (content, 1), "text"),
                                     "Output should be in JSON format and conform to the following schema:"));
  }
}

/* Order of the layers ---------------------------------------------------------------------------------- */

static void
test_layer_order (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GenkitGenerateOptions) options = options_for ("pm", "start");
  g_autoptr(GenkitModelMiddleware) a = genkit_model_middleware_new ("A", marker_mw, (gpointer) "A", NULL);
  g_autoptr(GenkitModelMiddleware) b = genkit_model_middleware_new ("B", marker_mw, (gpointer) "B", NULL);
  g_autoptr(GenkitModelMiddleware) c = genkit_model_middleware_new ("C", marker_mw, (gpointer) "C", NULL);
  g_autoptr(GenkitModelMiddleware) d = genkit_model_middleware_new ("D", marker_mw, (gpointer) "D", NULL);
  g_auto(AiGenerate) run = { 0 };
  GenkitSpan *model_span, *generate_span;
  g_autoptr(JsonNode) traced_input = NULL;
  g_autoptr(JsonNode) generate_input = NULL;

  g_test_summary ("Call-time middleware run outermost first, then the model's own, before its span starts");

  genkit_generate_options_add_middleware (options, a);
  genkit_generate_options_add_middleware (options, b);
  genkit_model_use (genkit_programmable_model_get_model (f->pm), c);
  genkit_model_use (genkit_programmable_model_get_model (f->pm), d);
  ai_push_text (f->pm, "'done'");
  ai_generate (f->registry, options, FALSE, &run);
  g_assert_no_error (run.error);

  ai_assert_request (f->pm, 0, "{messages: [{role: 'user', content: [{text: 'start'}, {text: 'A'}, {text: 'B'},"
                               " {text: 'C'}, {text: 'D'}]}], config: {}, tools: [], output: {}}");
  /* The model span records what the model function got: after the model's middleware. */
  model_span = test_span_find (f->recorder, "pm", 0);
  traced_input = test_json (genkit_span_get_string_attribute (model_span, "genkit:input"));
  ai_assert_json (traced_input, "{messages: [{role: 'user', content: [{text: 'start'}, {text: 'A'}, {text: 'B'},"
                                " {text: 'C'}, {text: 'D'}]}], config: {}, tools: [], output: {}}");
  /* The generate span records the options, with the call-time middleware by name. */
  generate_span = test_span_find (f->recorder, "generate", 0);
  generate_input = test_json (genkit_span_get_string_attribute (generate_span, "genkit:input"));
  ai_assert_json (generate_input, "{model: 'pm', messages: [{role: 'user', content: [{text: 'start'}]}], config: {},"
                                  " use: [{name: 'A'}, {name: 'B'}]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/model-middleware/retry", test_retry);
  ADD ("/model-middleware/retry-model-level-and-cancel", test_retry_model_level_and_cancel);
  ADD ("/model-middleware/retry-after", test_retry_after);
  ADD ("/model-middleware/fallback", test_fallback);
  ADD ("/model-middleware/simulate-system-prompt", test_simulate_system_prompt);
  ADD ("/model-middleware/augment-with-context", test_augment_with_context);
  ADD ("/model-middleware/validate-support", test_validate_support);
  ADD ("/model-middleware/simulate-constrained-generation", test_simulate_constrained);
  ADD ("/model-middleware/layer-order", test_layer_order);
#undef ADD

  return g_test_run ();
}
