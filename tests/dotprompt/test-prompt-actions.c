/* test-prompt-actions.c — .prompt files as Genkit actions, against the JavaScript runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * data/prompts/ is loaded as Genkit's loadPromptFolder() loads it; every /prompt/ and
 * /executable-prompt/ action must have the metadata and description, and give the output,
 * that Genkit JS 1.42 gives (data/prompt-actions.json, made by data/capture-prompt-actions.mjs).
 * The shared fixtures' hello.prompt is checked against the captured reflection exchanges
 * (04-actions.json, 26- and 27-run-*-prompt-hello.json).
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dotprompt-test-util.h"

typedef struct
{
  GenkitRegistry  *registry;
  GenkitDotprompt *dotprompt;
  GPtrArray       *prompts;
} Fixture;

static JsonNode *
schema_json (const char *text)
{
  return dotprompt_test_json (text);
}

static void
add_tool_run (GenkitActionRun *run,
              JsonNode        *input,
              gpointer         user_data)
{
  genkit_action_run_return_value (run, dotprompt_test_json ("1"));
}

static void
fixture_set_up (Fixture    *f,
                const char *directory)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitAction) add = NULL;
  g_autoptr(JsonNode) input = schema_json ("{\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"number\"}},"
                                           "\"required\":[\"a\"],\"additionalProperties\":true,"
                                           "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");
  g_autoptr(JsonNode) output = schema_json ("{\"type\":\"number\","
                                            "\"$schema\":\"http://json-schema.org/draft-07/schema#\"}");

  f->registry = genkit_registry_new ();
  genkit_define_generate_action (f->registry, &error);
  g_assert_no_error (error);
  genkit_define_echo_model (f->registry, &error);
  g_assert_no_error (error);

  add = genkit_action_new (GENKIT_ACTION_TYPE_TOOL, "add", add_tool_run, NULL, NULL);
  genkit_action_set_description (add, "adds");
  g_assert_true (genkit_action_set_input_schema (add, input, &error));
  g_assert_true (genkit_action_set_output_schema (add, output, &error));
  g_assert_true (genkit_registry_register_action (f->registry, add, &error));

  f->dotprompt = genkit_dotprompt_new ();
  f->prompts = genkit_prompt_load_directory (f->dotprompt, f->registry, directory, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->prompts);
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_pointer (&f->prompts, g_ptr_array_unref);
  g_clear_object (&f->dotprompt);
  g_clear_object (&f->registry);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs @key with @input (and the context {state: {mood: calm}}). */
static GenkitActionResult *
run_action (GenkitRegistry  *registry,
            const char      *key,
            JsonNode        *input,
            GError         **error)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) context = dotprompt_test_json ("{\"state\": {\"mood\": \"calm\"}}");
  g_autoptr(GAsyncResult) result = NULL;

  genkit_run_options_set_context (options, json_node_get_object (context));
  genkit_registry_run_action_async (registry, key, input, options, NULL, store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return genkit_registry_run_action_finish (registry, result, error);
}

static const char * const prompt_inputs[][2] = {
  { "hello", "{\"name\": \"Ada\", \"style\": \"pirate\"}" },
  { "recipe", "{\"dish\": \"soup\", \"count\": 2}" },
  { "greet.formal", "{\"name\": \"Bo\"}" },
  { "sub/list", "{\"n\": 3, \"topic\": \"C\"}" },
  { "nomodel", "{\"name\": \"Z\"}" },
};

static void
test_against_javascript (void)
{
  g_autofree char *prompts = g_test_build_filename (G_TEST_DIST, "data", "prompts", NULL);
  g_autofree char *golden_path = g_test_build_filename (G_TEST_DIST, "data", "prompt-actions.json",
                                                        NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  JsonObject *golden;

  g_test_summary ("Every prompt action has the metadata, description and output Genkit JS gives");

  json_parser_load_from_file (parser, golden_path, &error);
  g_assert_no_error (error);
  golden = json_node_get_object (json_parser_get_root (parser));

  fixture_set_up (&f, prompts);
  g_assert_cmpuint (f.prompts->len, ==, G_N_ELEMENTS (prompt_inputs));

  for (guint i = 0; i < G_N_ELEMENTS (prompt_inputs); i++)
    for (guint t = 0; t < 2; t++)
      {
        g_autofree char *key = g_strdup_printf ("/%s/%s", t == 0 ? "prompt" : "executable-prompt",
                                                prompt_inputs[i][0]);
        JsonObject *expected = json_object_get_object_member (golden, key);
        GenkitAction *action = genkit_registry_lookup_action (f.registry, key);
        g_autoptr(JsonNode) metadata = NULL;
        g_autoptr(JsonNode) input = dotprompt_test_json (prompt_inputs[i][1]);
        g_autoptr(GenkitActionResult) result = NULL;
        g_autoptr(GError) run_error = NULL;

        g_test_message ("%s", key);
        g_assert_nonnull (action);
        g_assert_nonnull (expected);

        metadata = dotprompt_test_object_node (genkit_action_get_metadata (action));
        dotprompt_test_assert_json (metadata, json_object_get_member (expected, "metadata"));
        g_assert_cmpstr (genkit_action_get_description (action), ==,
                         json_object_get_string_member_with_default (expected, "description", NULL));

        result = run_action (f.registry, key, input, &run_error);
        if (json_object_has_member (expected, "error"))
          {
            g_assert_nonnull (run_error);
            g_test_message ("  fails as in JS: %s", run_error->message);
            continue;
          }
        g_assert_no_error (run_error);
        dotprompt_test_assert_json (genkit_action_result_get_result (result),
                                    json_object_get_member (expected, "result"));

        /* Key order too: the output must print as JavaScript prints it. */
        {
          g_autofree char *actual_text = genkit_dotprompt_json_stringify (genkit_action_result_get_result (result), 2);
          g_autofree char *expected_text = genkit_dotprompt_json_stringify (json_object_get_member (expected, "result"), 2);

          g_assert_cmpstr (actual_text, ==, expected_text);
        }
      }

  fixture_tear_down (&f);
}

static JsonObject *
read_fixture (const char *name)
{
  g_autofree char *path = dotprompt_test_shared_path ("fixtures", "genkit-js", "reflection", name, NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_reflection_fixtures (void)
{
  g_autofree char *prompts = dotprompt_test_shared_path ("fixtures", "genkit-js", "app", "prompts", NULL);
  g_autoptr(JsonObject) actions = read_fixture ("04-actions.json");
  g_autoptr(GError) error = NULL;
  JsonObject *listed;
  Fixture f = { 0 };

  g_test_summary ("hello.prompt gives the descriptors and outputs of the captured reflection API");

  fixture_set_up (&f, prompts);
  listed = json_object_get_object_member (json_object_get_object_member (actions, "response"), "body");

  for (guint t = 0; t < 2; t++)
    {
      const char *key = t == 0 ? "/prompt/hello" : "/executable-prompt/hello";
      JsonObject *expected = json_object_get_object_member (listed, key);
      g_autoptr(JsonNode) descriptor = genkit_action_to_descriptor (genkit_registry_lookup_action (f.registry, key));
      JsonObject *d = json_node_get_object (descriptor);
      g_autoptr(JsonObject) run = read_fixture (t == 0 ? "26-run-prompt-hello.json"
                                                       : "27-run-executable-prompt-hello.json");
      JsonObject *request = json_object_get_object_member (json_object_get_object_member (run, "request"), "body");
      JsonObject *response = json_object_get_object_member (json_object_get_object_member (run, "response"), "body");
      g_autoptr(GenkitActionResult) result = NULL;

      g_assert_cmpstr (json_object_get_string_member (d, "key"), ==, key);
      g_assert_cmpstr (json_object_get_string_member (d, "name"), ==, "hello");
      g_assert_cmpstr (json_object_get_string_member (d, "description"), ==,
                       json_object_get_string_member (expected, "description"));
      dotprompt_test_assert_json (json_object_get_member (d, "metadata"),
                                  json_object_get_member (expected, "metadata"));
      dotprompt_test_assert_json (json_object_get_member (d, "inputSchema"),
                                  json_object_get_member (expected, "inputSchema"));
      if (t == 1)
        g_assert_true (json_object_has_member (d, "outputSchema"));

      result = run_action (f.registry, key, json_object_get_member (request, "input"), &error);
      g_assert_no_error (error);
      dotprompt_test_assert_json (genkit_action_result_get_result (result),
                                  json_object_get_member (response, "result"));
    }

  fixture_tear_down (&f);
}

static void
test_render_and_generate (void)
{
  g_autofree char *prompts = g_test_build_filename (G_TEST_DIST, "data", "prompts", NULL);
  g_autoptr(JsonNode) input = dotprompt_test_json ("{\"name\": \"Ada\", \"style\": \"pirate\"}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) json = NULL;
  GenkitPrompt *hello = NULL;
  Fixture f = { 0 };

  g_test_summary ("Rendering a prompt and generating with its model (an executable prompt call)");

  fixture_set_up (&f, prompts);
  for (guint i = 0; i < f.prompts->len; i++)
    if (g_str_equal (genkit_prompt_get_name (f.prompts->pdata[i]), "hello"))
      hello = f.prompts->pdata[i];
  g_assert_nonnull (hello);

  genkit_prompt_generate_async (hello, f.registry, NULL, input, NULL, NULL, NULL, NULL,
                                store_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  response = genkit_prompt_generate_finish (hello, result, &error);
  g_assert_no_error (error);

  /* The echo model repeats the config's prefix and the last message. */
  json = genkit_generate_response_to_json (response);
  {
    g_autofree char *text = genkit_dotprompt_json_stringify (json, 0);

    g_assert_nonnull (strstr (text, "file> \\nHello Ada, in a pirate style!"));
  }

  fixture_tear_down (&f);
}

static void
test_load_errors (void)
{
  g_autofree char *dir = g_dir_make_tmp ("prompts-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.prompt", NULL);
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
  g_autoptr(GPtrArray) prompts = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("A prompt directory with a bad Picoschema fails with the file, line and column");

  g_file_set_contents (bad, "---\ninput:\n  schema:\n    name: string\n    tone(enumz): [A, B]\n---\nHi\n",
                       -1, &error);
  g_assert_no_error (error);
  prompts = genkit_prompt_load_directory (dotprompt, registry, dir, NULL, &error);
  g_assert_null (prompts);
  g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_PICOSCHEMA);
  g_assert_true (g_str_has_prefix (error->message, bad));
  g_assert_nonnull (strstr (error->message, ":5:5: Picoschema: parenthetical types must be "
                                            "'object' or 'array', got: enumz"));

  g_remove (bad);
  g_rmdir (dir);
}

static void
test_missing_directory (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
  g_autoptr(GPtrArray) prompts = NULL;
  g_autoptr(GError) error = NULL;

  prompts = genkit_prompt_load_directory (dotprompt, registry, "/nonexistent/prompts", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (prompts->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/dotprompt/prompt-actions/against-javascript", test_against_javascript);
  g_test_add_func ("/dotprompt/prompt-actions/reflection-fixtures", test_reflection_fixtures);
  g_test_add_func ("/dotprompt/prompt-actions/render-and-generate", test_render_and_generate);
  g_test_add_func ("/dotprompt/prompt-actions/load-errors", test_load_errors);
  g_test_add_func ("/dotprompt/prompt-actions/missing-directory", test_missing_directory);

  return g_test_run ();
}
