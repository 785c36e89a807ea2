/* test-dotprompt.c — Dotprompt rendering beyond the conformance suite: messages, history,
 * resolvers, tools, model configs, helpers, errors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "dotprompt-test-util.h"

static JsonObject *
render (GenkitDotprompt *dotprompt,
        const char      *source,
        const char      *data_json,
        const char      *options_json)
{
  g_autoptr(JsonNode) data = data_json != NULL ? dotprompt_test_json (data_json) : NULL;
  g_autoptr(JsonNode) options = options_json != NULL ? dotprompt_test_json (options_json) : NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  result = genkit_dotprompt_render_source (dotprompt, source,
                                           data != NULL ? json_node_get_object (data) : NULL,
                                           options != NULL ? json_node_get_object (options) : NULL,
                                           &error);
  g_assert_no_error (error);
  return result;
}

static void
assert_messages (GenkitDotprompt *dotprompt,
                 const char      *source,
                 const char      *data_json,
                 const char      *expected_json)
{
  g_autoptr(JsonObject) result = render (dotprompt, source, data_json, NULL);

  dotprompt_test_assert_json_string (json_object_get_member (result, "messages"), expected_json);
}

static void
test_messages (void)
{
  g_autoptr(GenkitDotprompt) dp = genkit_dotprompt_new ();

  g_test_summary ("Role, history, media and section markers become messages and parts");

  assert_messages (dp, "{{role \"system\"}}You are terse.\n{{role \"user\"}}Hi {{name}}",
                   "{\"input\": {\"name\": \"Ann\"}}",
                   "[{\"role\": \"system\", \"content\": [{\"text\": \"You are terse.\\n\"}]},"
                   " {\"role\": \"user\", \"content\": [{\"text\": \"Hi Ann\"}]}]");
  /* history before the last user message when there is no {{history}} */
  assert_messages (dp, "{{role \"system\"}}S{{role \"user\"}}U",
                   "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"h1\"}]},"
                   " {\"role\": \"model\", \"content\": [{\"text\": \"h2\"}]}]}",
                   "[{\"role\": \"system\", \"content\": [{\"text\": \"S\"}]},"
                   " {\"role\": \"user\", \"content\": [{\"text\": \"h1\"}]},"
                   " {\"role\": \"model\", \"content\": [{\"text\": \"h2\"}]},"
                   " {\"role\": \"user\", \"content\": [{\"text\": \"U\"}]}]");
  /* history at the end after a model message, alone when there are no messages */
  assert_messages (dp, "{{role \"model\"}}M",
                   "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"h\"}]}]}",
                   "[{\"role\": \"model\", \"content\": [{\"text\": \"M\"}]},"
                   " {\"role\": \"user\", \"content\": [{\"text\": \"h\"}]}]");
  assert_messages (dp, "  ", "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"h\"}]}]}",
                   "[{\"role\": \"user\", \"content\": [{\"text\": \"h\"}]}]");
  assert_messages (dp, "{{media url=u}}{{media url=u contentType=t}} {{section \"s\"}}after",
                   "{\"input\": {\"u\": \"https://x/y.png\", \"t\": \"image/png\"}}",
                   "[{\"role\": \"user\", \"content\": [{\"media\": {\"url\": \"https://x/y.png\"}},"
                   " {\"media\": {\"url\": \"https://x/y.png\", \"contentType\": \"image/png\"}},"
                   " {\"metadata\": {\"purpose\": \"s\", \"pending\": true}}, {\"text\": \"after\"}]}]");
  /* a role marker with nothing before it changes the first message's role */
  assert_messages (dp, "\n{{role \"model\"}}m{{role \"user\"}}{{role \"system\"}}s", NULL,
                   "[{\"role\": \"model\", \"content\": [{\"text\": \"m\"}]},"
                   " {\"role\": \"system\", \"content\": [{\"text\": \"s\"}]}]");
}

static void
test_helpers (void)
{
  g_autoptr(GenkitDotprompt) dp = genkit_dotprompt_new ();

  g_test_summary ("json is JSON.stringify, ifEquals/unlessEquals compare with ===, @data "
                  "variables come from the context and the metadata");

  assert_messages (dp, "{{json v}}|{{json v indent=3}}|{{json n}}|{{json missing}}|{{json s indent=\"--\"}}",
                   "{\"input\": {\"v\": {\"b\": [1, 0.1, 1e21], \"a\": \"é\\\"\"}, \"n\": -0.0, \"s\": [1]}}",
                   "[{\"role\": \"user\", \"content\": [{\"text\": "
                   "\"{\\\"b\\\":[1,0.1,1e+21],\\\"a\\\":\\\"é\\\\\\\"\\\"}|{\\n   \\\"b\\\": [\\n      1,\\n      0.1,\\n"
                   "      1e+21\\n   ],\\n   \\\"a\\\": \\\"é\\\\\\\"\\\"\\n}|0|undefined|[\\n--1\\n]\"}]}]");
  assert_messages (dp, "{{#ifEquals a b}}eq{{else}}ne{{/ifEquals}} {{#unlessEquals a c}}u{{/unlessEquals}}",
                   "{\"input\": {\"a\": 1, \"b\": 1.0, \"c\": \"1\"}}",
                   "[{\"role\": \"user\", \"content\": [{\"text\": \"eq u\"}]}]");
  assert_messages (dp, "{{@auth.uid}} {{@metadata.prompt.model}} {{@root.x}}",
                   "{\"input\": {\"x\": \"X\"}, \"context\": {\"auth\": {\"uid\": \"u1\"}}}",
                   "[{\"role\": \"user\", \"content\": [{\"text\": \"u1  X\"}]}]");
}

static char *
partial_resolver (const char  *name,
                  gpointer     user_data,
                  GError     **error)
{
  guint *calls = user_data;

  (*calls)++;
  if (g_str_equal (name, "a"))
    return g_strdup ("A[{{> b}}]");
  if (g_str_equal (name, "b"))
    return g_strdup ("B{{#if deep}}{{> a}}{{/if}}");
  return NULL;
}

static void
test_partial_resolver (void)
{
  g_autoptr(GenkitDotprompt) dp = genkit_dotprompt_new ();
  g_autoptr(JsonObject) first = NULL;
  guint calls = 0;

  g_test_summary ("Partials come from the resolver recursively, each name once, cycles included");

  genkit_dotprompt_set_partial_resolver (dp, partial_resolver, &calls, NULL);
  first = render (dp, "{{> a}}", NULL, NULL);
  dotprompt_test_assert_json_string (json_object_get_member (first, "messages"),
                                     "[{\"role\": \"user\", \"content\": [{\"text\": \"A[B]\"}]}]");
  g_assert_cmpuint (calls, ==, 2);
  g_assert_true (genkit_handlebars_has_partial (genkit_dotprompt_get_handlebars (dp), "a"));

  /* defined now: the resolver is not asked again */
  g_clear_pointer (&first, json_object_unref);
  first = render (dp, "{{> a}}", NULL, NULL);
  g_assert_cmpuint (calls, ==, 2);
}

static JsonObject *
tool_resolver (const char  *name,
               gpointer     user_data,
               GError     **error)
{
  g_autoptr(JsonNode) def = NULL;

  if (!g_str_equal (name, "resolved"))
    return NULL;
  def = dotprompt_test_json ("{\"name\": \"resolved\", \"description\": \"r\", \"inputSchema\": {}}");
  return json_object_ref (json_node_get_object (def));
}

static void
test_tools_and_configs (void)
{
  g_autoptr(GenkitDotprompt) dp = genkit_dotprompt_new ();
  g_autoptr(JsonNode) known = dotprompt_test_json ("{\"name\": \"known\", \"description\": \"k\"}");
  g_autoptr(JsonNode) config = dotprompt_test_json ("{\"temperature\": 1, \"topK\": 3}");
  g_autoptr(GenkitParsedPrompt) prompt = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(GError) error = NULL;
  const char *source = "---\nmodel: m1\nconfig:\n  temperature: 0.5\ntools: [known, other]\n---\nx";

  g_test_summary ("Known tools move to toolDefs; model configs merge under the prompt's config");

  genkit_dotprompt_define_tool (dp, json_node_get_object (known));
  genkit_dotprompt_set_model_config (dp, "m1", json_node_get_object (config));
  prompt = genkit_parsed_prompt_new_from_string (source, -1, NULL, GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);

  metadata = genkit_dotprompt_render_metadata (dp, prompt, NULL, &error);
  g_assert_no_error (error);
  dotprompt_test_assert_json_string (json_object_get_member (metadata, "config"),
                                     "{\"temperature\": 0.5, \"topK\": 3}");
  dotprompt_test_assert_json_string (json_object_get_member (metadata, "tools"), "[\"other\"]");
  dotprompt_test_assert_json_string (json_object_get_member (metadata, "toolDefs"),
                                     "[{\"name\": \"known\", \"description\": \"k\"}]");
  g_clear_pointer (&metadata, json_object_unref);

  /* options override; the default model picks the config when the prompt names none */
  {
    g_autoptr(JsonNode) options = dotprompt_test_json ("{\"config\": {\"topK\": 9}}");

    metadata = genkit_dotprompt_render_metadata (dp, prompt, json_node_get_object (options), &error);
    g_assert_no_error (error);
    dotprompt_test_assert_json_string (json_object_get_member (metadata, "config"),
                                       "{\"temperature\": 0.5, \"topK\": 9}");
    g_clear_pointer (&metadata, json_object_unref);
  }

  /* with a resolver, an unknown tool is an error */
  genkit_dotprompt_set_tool_resolver (dp, tool_resolver, NULL, NULL);
  metadata = genkit_dotprompt_render_metadata (dp, prompt, NULL, &error);
  g_assert_null (metadata);
  g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_TOOL_NOT_FOUND);
  g_assert_cmpstr (error->message, ==,
                   "Dotprompt: Unable to resolve tool 'other' to a recognized tool definition.");
}

static void
test_located_errors (void)
{
  g_autoptr(GenkitDotprompt) dp = genkit_dotprompt_new ();
  g_autoptr(GenkitParsedPrompt) prompt = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("Template errors in a .prompt file point into the file");

  prompt = genkit_parsed_prompt_new_from_string ("---\nmodel: m\n---\n\nHello {{name}}\n{{> footer}}\n",
                                                 -1, "greet.prompt", GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);
  result = genkit_dotprompt_render (dp, prompt, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_UNKNOWN_PARTIAL);
  g_assert_cmpstr (error->message, ==, "greet.prompt:6:1: The partial footer could not be found");
  g_clear_error (&error);
  g_clear_object (&prompt);

  prompt = genkit_parsed_prompt_new_from_string ("---\nmodel: m\n---\nA {{upper name}}\n", -1,
                                                 "up.prompt", GENKIT_PARSED_PROMPT_NONE, &error);
  result = genkit_dotprompt_render (dp, prompt, NULL, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_UNKNOWN_HELPER);
  g_assert_cmpstr (error->message, ==, "up.prompt:4:3: unknown helper 'upper' (only registered helpers may be used)");
}

static void
test_defaults (void)
{
  g_autoptr(GenkitDotprompt) dp = genkit_dotprompt_new ();
  g_autoptr(JsonObject) with_options = render (dp, "---\ninput:\n  default:\n    name: File\n---\n{{name}}",
                                               "{\"input\": {}}", "{\"input\": {\"default\": {\"name\": \"Opt\"}}}");
  g_autoptr(JsonObject) without = render (dp, "---\ninput:\n  default:\n    name: File\n---\n[{{name}}]",
                                          "{\"input\": {}}", NULL);

  g_test_summary ("Only input.default given as a render option applies, as in Dotprompt");

  dotprompt_test_assert_json_string (json_object_get_member (with_options, "messages"),
                                     "[{\"role\": \"user\", \"content\": [{\"text\": \"Opt\"}]}]");
  dotprompt_test_assert_json_string (json_object_get_member (without, "messages"),
                                     "[{\"role\": \"user\", \"content\": [{\"text\": \"[]\"}]}]");
}

/* Numbers print as JavaScript's Number::toString: the fewest digits that read back,
 * including subnormals and powers of two (whose closest 16-digit decimal may not read back
 * while the next one up does). Expected texts from node's String(v). */
static void
test_number_text (void)
{
  static const struct
  {
    double      value;
    const char *text;
  } cases[] = {
    { 5e-324, "5e-324" },
    { 0x1p-1017, "7.120236347223045e-307" },
    { 0x1p-1000, "9.332636185032189e-302" },
    { 0x1p-30, "9.313225746154785e-10" },
    { 0x1p70, "1.1805916207174113e+21" },
    { 0.1 + 0.2, "0.30000000000000004" },
    { 1e21, "1e+21" },
    { 1e-7, "1e-7" },
    { 1e-6, "0.000001" },
    { 123456789012345680000.0, "123456789012345680000" },
    { -0.5, "-0.5" },
    { 1.0 / 3, "0.3333333333333333" },
    { 9007199254740992.0, "9007199254740992" },
    { 9007199254740994.0, "9007199254740994" },
    { 1.7976931348623157e308, "1.7976931348623157e+308" },
    { 2.2250738585072014e-308, "2.2250738585072014e-308" },
    { 3.99, "3.99" },
    { 1000, "1000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
      g_autofree char *text = NULL;

      json_node_set_double (node, cases[i].value);
      text = genkit_dotprompt_json_stringify (node, 0);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/dotprompt/render/messages", test_messages);
  g_test_add_func ("/dotprompt/render/helpers", test_helpers);
  g_test_add_func ("/dotprompt/render/partial-resolver", test_partial_resolver);
  g_test_add_func ("/dotprompt/render/tools-and-configs", test_tools_and_configs);
  g_test_add_func ("/dotprompt/render/located-errors", test_located_errors);
  g_test_add_func ("/dotprompt/render/defaults", test_defaults);
  g_test_add_func ("/dotprompt/json/number-text", test_number_text);

  return g_test_run ();
}
