/* test-picoschema.c — Picoschema to JSON Schema: conversions, named schemas, located errors
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "dotprompt-test-util.h"

static JsonNode *
convert (GenkitPicoschema *pico,
         const char       *schema_json)
{
  g_autoptr(JsonNode) schema = dotprompt_test_json (schema_json);
  g_autoptr(GError) error = NULL;
  JsonNode *out = genkit_picoschema_parse (pico, schema, &error);

  g_assert_no_error (error);
  return out;
}

static void
assert_converts (GenkitPicoschema *pico,
                 const char       *schema_json,
                 const char       *expected_json)
{
  g_autoptr(JsonNode) out = convert (pico, schema_json);

  dotprompt_test_assert_json_string (out, expected_json);
}

static JsonNode *
resolve_cb (const char  *name,
            gpointer     user_data,
            GError     **error)
{
  if (g_str_equal (name, "Point"))
    return dotprompt_test_json ("{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"number\"}}}");
  if (g_str_equal (name, "Broken"))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "Schema 'Broken' not found");
      return NULL;
    }
  return NULL;
}

static void
test_conversions (void)
{
  g_autoptr(GenkitPicoschema) pico = genkit_picoschema_new ();

  g_test_summary ("Scalars, optional fields, descriptions, arrays, objects, enums, wildcards, "
                  "named schemas and JSON Schema passthrough");

  genkit_picoschema_set_resolver (pico, resolve_cb, NULL, NULL);

  assert_converts (pico, "\"any, whatever\"", "{\"type\": \"any\", \"description\": \"whatever\"}");
  assert_converts (pico, "{\"a\": \"any\", \"b?\": \"integer\", \"c?(array, list)\": {\"d\": \"null\"}}",
                   "{\"type\": \"object\", \"properties\": {\"a\": {}, \"b\": {\"type\": [\"integer\", \"null\"]},"
                   " \"c\": {\"type\": [\"array\", \"null\"], \"items\": {\"type\": \"object\","
                   " \"properties\": {\"d\": {\"type\": \"null\"}}, \"required\": [\"d\"],"
                   " \"additionalProperties\": false}, \"description\": \"list\"}},"
                   " \"required\": [\"a\"], \"additionalProperties\": false}");
  assert_converts (pico, "{\"p\": \"Point, where\", \"q?(object)\": \"Point\"}",
                   "{\"type\": \"object\", \"properties\": {"
                   " \"p\": {\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"number\"}},"
                   "   \"description\": \"where\"},"
                   " \"q\": {\"type\": [\"object\", \"null\"], \"properties\": {\"x\": {\"type\": \"number\"}}}},"
                   " \"required\": [\"p\"], \"additionalProperties\": false}");
  assert_converts (pico, "{\"e?(enum)\": [\"A\", null]}",
                   "{\"type\": \"object\", \"properties\": {\"e\": {\"enum\": [\"A\", null]}},"
                   " \"additionalProperties\": false}");
  assert_converts (pico, "{\"(*)\": \"string\"}",
                   "{\"type\": \"object\", \"properties\": {}, \"additionalProperties\": {\"type\": \"string\"}}");
  assert_converts (pico, "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}",
                   "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}");
  assert_converts (pico, "{\"properties\": {\"a\": {\"type\": \"string\"}}}",
                   "{\"properties\": {\"a\": {\"type\": \"string\"}}, \"type\": \"object\"}");
  assert_converts (pico, "{\"x\": null}",
                   "{\"type\": \"object\", \"properties\": {\"x\": {\"type\": \"object\", \"properties\": {},"
                   " \"additionalProperties\": false}}, \"required\": [\"x\"], \"additionalProperties\": false}");

  /* falsy schemas are no schema */
  {
    g_autoptr(JsonNode) none = convert (pico, "\"\"");

    g_assert_null (none);
  }
}

typedef struct
{
  const char *schema;
  int         code;
  const char *message;
} ErrorCase;

static void
test_errors (void)
{
  static const ErrorCase cases[] = {
    { "\"Nope\"", GENKIT_DOTPROMPT_ERROR_SCHEMA_NOT_FOUND, "Picoschema: could not find schema with name 'Nope'" },
    { "{\"a(tuple)\": \"string\"}", GENKIT_DOTPROMPT_ERROR_PICOSCHEMA,
      "Picoschema: parenthetical types must be 'object' or 'array', got: tuple" },
    { "{\"a\": 5}", GENKIT_DOTPROMPT_ERROR_PICOSCHEMA, "Picoschema: only consists of objects and strings. Got: 5" },
    { "{\"a?(enum)\": \"x\"}", GENKIT_DOTPROMPT_ERROR_PICOSCHEMA, "Picoschema: the values of enum 'a' must be a list" },
  };
  g_autoptr(GenkitPicoschema) pico = genkit_picoschema_new ();
  g_autoptr(GenkitPicoschema) unresolved = genkit_picoschema_new ();

  genkit_picoschema_set_resolver (pico, resolve_cb, NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) schema = dotprompt_test_json (cases[i].schema);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) out = genkit_picoschema_parse (pico, schema, &error);

      g_assert_null (out);
      g_assert_error (error, GENKIT_DOTPROMPT_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* without a resolver, a name is an unsupported type */
  {
    g_autoptr(JsonNode) schema = dotprompt_test_json ("\"Point\"");
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) out = genkit_picoschema_parse (unresolved, schema, &error);

    g_assert_null (out);
    g_assert_cmpstr (error->message, ==, "Picoschema: unsupported scalar type 'Point'.");
  }

  /* a resolver's own error goes through */
  {
    g_autoptr(JsonNode) schema = dotprompt_test_json ("{\"b\": \"Broken\"}");
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) out = genkit_picoschema_parse (pico, schema, &error);

    g_assert_null (out);
    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  }
}

static void
test_errors_in_files (void)
{
  g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitParsedPrompt) prompt = NULL;
  g_autoptr(JsonObject) metadata = NULL;

  g_test_summary ("A bad Picoschema type in a .prompt file is reported at its line and column");

  prompt = genkit_parsed_prompt_new_from_string ("---\n"
                                                 "output:\n"
                                                 "  schema:\n"
                                                 "    title: string\n"
                                                 "    mood(feeling): [HAPPY]\n"
                                                 "---\nHi\n", -1, "mood.prompt",
                                                 GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);
  metadata = genkit_dotprompt_render_metadata (dotprompt, prompt, NULL, &error);
  g_assert_null (metadata);
  g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_PICOSCHEMA);
  g_assert_cmpstr (error->message, ==, "mood.prompt:5:5: Picoschema: parenthetical types must be "
                                       "'object' or 'array', got: feeling");
  g_clear_error (&error);
  g_clear_object (&prompt);

  prompt = genkit_parsed_prompt_new_from_string ("---\ninput:\n  schema:\n    who: Persn, a typo\n---\nHi\n",
                                                 -1, "who.prompt", GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);
  metadata = genkit_dotprompt_render_metadata (dotprompt, prompt, NULL, &error);
  g_assert_null (metadata);
  g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_SCHEMA_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "who.prompt:4:10: Picoschema: could not find schema with name 'Persn'");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/dotprompt/picoschema/conversions", test_conversions);
  g_test_add_func ("/dotprompt/picoschema/errors", test_errors);
  g_test_add_func ("/dotprompt/picoschema/errors-in-files", test_errors_in_files);

  return g_test_run ();
}
