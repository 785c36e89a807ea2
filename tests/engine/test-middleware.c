/* test-middleware.c — action middleware: order, changed input, retries, short circuits
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "test-util.h"

static GString *trail;

static void
echo_body (GenkitActionRun *run,
           JsonNode        *input,
           gpointer         user_data)
{
  guint *calls = user_data;

  (*calls)++;
  g_string_append (trail, "body;");
  if (*calls == 1 && json_node_get_value_type (input) == G_TYPE_STRING &&
      g_str_equal (json_node_get_string (input), "flaky"))
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_UNAVAILABLE, "try again");
      return;
    }
  genkit_action_run_return_value (run, json_node_copy (input));
}

static void
pass_through_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GenkitMiddlewareCall) call = GENKIT_MIDDLEWARE_CALL (object);
  g_autoptr(GenkitActionResult) r = NULL;
  g_autoptr(GError) error = NULL;

  g_string_append_printf (trail, "after:%s;", (const char *) user_data);
  r = genkit_middleware_call_next_finish (call, result, &error);
  if (r == NULL)
    genkit_middleware_call_return_error (call, g_steal_pointer (&error));
  else
    genkit_middleware_call_return_result (call, r);
}

static void
tag_mw (GenkitMiddlewareCall *call,
        JsonNode             *input,
        gpointer              user_data)
{
  g_string_append_printf (trail, "before:%s;", (const char *) user_data);
  genkit_middleware_call_next_async (g_object_ref (call), NULL, NULL, pass_through_done_cb, user_data);
}

static void
rewrite_mw (GenkitMiddlewareCall *call,
            JsonNode             *input,
            gpointer              user_data)
{
  g_autoptr(JsonNode) changed = json_node_init_string (json_node_alloc (), "rewritten");

  genkit_middleware_call_next_async (g_object_ref (call), changed, NULL, pass_through_done_cb, (gpointer) "rewrite");
}

static void
retry_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GenkitMiddlewareCall) call = GENKIT_MIDDLEWARE_CALL (object);
  g_autoptr(GenkitActionResult) r = NULL;
  g_autoptr(GError) error = NULL;
  guint attempt = GPOINTER_TO_UINT (user_data);

  r = genkit_middleware_call_next_finish (call, result, &error);
  if (r != NULL)
    genkit_middleware_call_return_result (call, r);
  else if (attempt < 3 && g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE))
    genkit_middleware_call_next_async (g_object_ref (call), NULL, NULL, retry_done_cb,
                                       GUINT_TO_POINTER (attempt + 1));
  else
    genkit_middleware_call_return_error (call, g_steal_pointer (&error));
}

static void
retry_mw (GenkitMiddlewareCall *call,
          JsonNode             *input,
          gpointer              user_data)
{
  genkit_middleware_call_next_async (g_object_ref (call), NULL, NULL, retry_done_cb, GUINT_TO_POINTER (1));
}

static void
cache_mw (GenkitMiddlewareCall *call,
          JsonNode             *input,
          gpointer              user_data)
{
  g_autoptr(JsonNode) cached = json_node_init_string (json_node_alloc (), "from cache");
  g_autoptr(GenkitActionResult) r = genkit_action_result_new (cached, NULL, NULL);

  g_string_append (trail, "cache;");
  genkit_middleware_call_return_result (call, r);
}

static void
test_middleware_order (void)
{
  guint calls = 0;
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_MODEL, "m", echo_body, &calls, NULL);
  g_autoptr(JsonNode) input = test_json ("\"hi\"");
  g_auto(TestRun) run = { 0 };

  g_test_summary ("The first middleware added is outermost; each wraps the next and the body");

  trail = g_string_new (NULL);
  genkit_action_add_middleware (action, tag_mw, (gpointer) "a", NULL);
  genkit_action_add_middleware (action, tag_mw, (gpointer) "b", NULL);
  g_assert_cmpuint (genkit_action_get_n_middleware (action), ==, 2);

  test_run_action (action, input, NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpstr (trail->str, ==, "before:a;before:b;body;after:b;after:a;");
  g_assert_cmpstr (json_node_get_string (genkit_action_result_get_result (run.result)), ==, "hi");
  g_string_free (trail, TRUE);
}

static void
test_middleware_rewrites_input (void)
{
  guint calls = 0;
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_MODEL, "m", echo_body, &calls, NULL);
  g_autoptr(JsonNode) input = test_json ("\"original\"");
  g_auto(TestRun) run = { 0 };

  trail = g_string_new (NULL);
  genkit_action_add_middleware (action, rewrite_mw, NULL, NULL);
  test_run_action (action, input, NULL, NULL, FALSE, &run);
  g_assert_cmpstr (json_node_get_string (genkit_action_result_get_result (run.result)), ==, "rewritten");
  g_string_free (trail, TRUE);
}

static void
test_middleware_retry_makes_spans (void)
{
  guint calls = 0;
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitMemorySpanProcessor) memory = genkit_memory_span_processor_new ();
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_MODEL, "flaky", echo_body, &calls, NULL);
  g_autoptr(JsonNode) input = test_json ("\"flaky\"");
  g_auto(TestRun) run = { 0 };

  g_test_summary ("A retrying middleware calls the action again; every attempt has its own span");

  trail = g_string_new (NULL);
  genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (memory));
  genkit_action_add_middleware (action, retry_mw, NULL, NULL);
  g_assert_true (genkit_registry_register_action (registry, action, NULL));

  test_run_action (action, input, NULL, NULL, FALSE, &run);
  g_assert_no_error (run.error);
  g_assert_cmpuint (calls, ==, 2);
  g_assert_cmpuint (run.n_started, ==, 2);
  g_assert_cmpuint (genkit_memory_span_processor_get_n_started (memory), ==, 2);
  g_string_free (trail, TRUE);
}

static void
test_middleware_short_circuit (void)
{
  guint calls = 0;
  g_autoptr(GenkitAction) action = genkit_action_new (GENKIT_ACTION_TYPE_MODEL, "m", echo_body, &calls, NULL);
  g_auto(TestRun) run = { 0 };

  g_test_summary ("A middleware may answer without running the action (no span, no body)");

  trail = g_string_new (NULL);
  genkit_action_add_middleware (action, cache_mw, NULL, NULL);
  test_run_action (action, NULL, NULL, NULL, FALSE, &run);
  g_assert_cmpstr (json_node_get_string (genkit_action_result_get_result (run.result)), ==, "from cache");
  g_assert_cmpuint (calls, ==, 0);
  g_assert_cmpuint (run.n_started, ==, 0);
  g_assert_cmpstr (trail->str, ==, "cache;");
  g_string_free (trail, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/middleware/order", test_middleware_order);
  g_test_add_func ("/middleware/rewrites-input", test_middleware_rewrites_input);
  g_test_add_func ("/middleware/retry-makes-spans", test_middleware_retry_makes_spans);
  g_test_add_func ("/middleware/short-circuit", test_middleware_short_circuit);

  return g_test_run ();
}
