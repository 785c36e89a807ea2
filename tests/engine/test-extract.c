/* test-extract.c — lenient and partial JSON reading of model output
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "ai-test-util.h"

static void
assert_json5 (const char *text,
              const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = genkit_parse_json5 (text, &error);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  json = test_to_string (node);
  g_assert_cmpstr (json, ==, expected);
}

static void
test_json5 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad = NULL;

  g_test_summary ("JSON5 as model output uses it: quotes, keys, commas, comments, numbers");

  assert_json5 ("{\"a\": [1, 2.5, -3e2], \"b\": true, \"c\": null}", "{\"a\":[1,2.5,-300],\"b\":true,\"c\":null}");
  assert_json5 ("{'single': 'quotes', unquoted: 1, trailing: [1, 2,],}",
                "{\"single\":\"quotes\",\"unquoted\":1,\"trailing\":[1,2]}");
  assert_json5 ("// a comment\n{/* inline */ \"a\": 0x1F, \"b\": .5, \"c\": +7}", "{\"a\":31,\"b\":0.5,\"c\":7}");
  assert_json5 ("[Infinity, -Infinity, NaN]", "[null,null,null]");
  assert_json5 ("\"\\u00e9\\ud83d\\ude00\\x41\\n\"", "\"é😀A\\n\"");

  bad = genkit_parse_json5 ("{\"a\": }", &error);
  g_assert_null (bad);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  bad = genkit_parse_json5 ("{\"a\": 1} trailing", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  bad = genkit_parse_json5 ("\"line\nbreak\"", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

static void
assert_partial (const char *text,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = genkit_parse_partial_json (text, &error);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  json = test_to_string (node);
  g_assert_cmpstr (json, ==, expected);
}

static void
test_partial (void)
{
  g_test_summary ("Cut-off JSON reads as far as it goes, as partial-json does for Genkit");

  assert_partial ("{\"items\": [1, 2, {\"name\": \"Ad", "{\"items\":[1,2,{\"name\":\"Ad\"}]}");
  assert_partial ("{\"a\": 1, \"b", "{\"a\":1}");
  assert_partial ("{\"a\": 1, \"b\":", "{\"a\":1}");
  assert_partial ("{\"a\": 1, \"b\": tr", "{\"a\":1,\"b\":true}");
  assert_partial ("{\"a\": 1, \"b\": nu", "{\"a\":1,\"b\":null}");
  assert_partial ("[1, 2.", "[1,2]");
  assert_partial ("[1, -", "[1]");
  assert_partial ("[1, 2e", "[1,2]");
  assert_partial ("\"unfinished \\", "\"unfinished \"");
  assert_partial ("[{\"a\": [", "[{\"a\":[]}]");
  assert_partial ("{\"done\": true}", "{\"done\":true}");
}

static void
assert_extract (const char *text,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = genkit_extract_json (text, &error);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  json = test_to_string (node);
  g_assert_cmpstr (json, ==, expected);
}

static void
test_extract (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) bad = NULL;

  g_test_summary ("extractJson finds the first object or array in prose and code fences");

  assert_extract ("Sure! Here it is:\n```json\n{\"name\": \"Ada\", \"tags\": [\"x\"]}\n```\nAnything else?",
                  "{\"name\":\"Ada\",\"tags\":[\"x\"]}");
  assert_extract ("[1, [2, 3]] and then {\"b\": 1}", "[1,[2,3]]");
  assert_extract ("text with \"{quoted}\" braces then {'a': 'b'}", "{\"a\":\"b\"}");
  assert_extract ("partial: {\"name\": \"Gra", "{\"name\":\"Gra\"}");
  assert_extract ("no json here", "(none)");
  assert_extract ("", "(none)");

  /* A complete but invalid value is an error, as JSON5.parse throws for Genkit. */
  bad = genkit_extract_json ("{\"a\": 1 \"b\": 2}", &error);
  g_assert_null (bad);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

static void
test_items (void)
{
  const char *text = "Here you go: [{\"a\": 1}, {\"b\": \"}\"}, {\"c\": 3";
  g_autoptr(JsonArray) first = NULL;
  g_autoptr(JsonArray) rest = NULL;
  g_autoptr(JsonArray) none = NULL;
  g_autoptr(JsonNode) first_node = NULL;
  gsize cursor = 0;
  gsize end = 0;

  g_test_summary ("extractItems hands out the complete objects of an array once, as they stream in");

  first = genkit_extract_items ("Here you go: [{\"a\": 1}, {\"b\"", 0, &cursor);
  first_node = json_node_init_array (json_node_alloc (), first);
  ai_assert_json (first_node, "[{a: 1}]");
  rest = genkit_extract_items (text, cursor, &end);
  g_assert_cmpuint (json_array_get_length (rest), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rest, 0), "b"), ==, "}");
  g_assert_cmpuint (end, >, cursor);

  none = genkit_extract_items ("no array", 0, &end);
  g_assert_cmpuint (json_array_get_length (none), ==, 0);
  g_assert_cmpuint (end, ==, strlen ("no array"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/extract/json5", test_json5);
  g_test_add_func ("/extract/partial", test_partial);
  g_test_add_func ("/extract/extract-json", test_extract);
  g_test_add_func ("/extract/items", test_items);

  return g_test_run ();
}
