/* test-json-patch.c — JSON Patch diffs and their application, as Genkit streams custom state
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <genkit.h>

#include "session-test-util.h"

static void
assert_diff (const char *from,
             const char *to,
             const char *patch)
{
  g_autoptr(JsonNode) a = from ? st_json (from) : NULL;
  g_autoptr(JsonNode) b = to ? st_json (to) : NULL;
  g_autoptr(JsonNode) want = st_json (patch);
  g_autoptr(JsonNode) got = genkit_json_patch_diff (a, b);
  g_autoptr(JsonNode) applied = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *got_text = st_to_string (got);
  g_autofree char *want_text = st_to_string (want);

  g_assert_cmpstr (got_text, ==, want_text);

  /* Whatever the diff, applying it gives the target. */
  g_assert_true (genkit_json_patch_apply (a, got, &applied, &error));
  g_assert_no_error (error);
  g_assert_true (genkit_json_equal (applied, b));
}

static void
test_diff (void)
{
  g_test_summary ("The diff emits Genkit's operations in Genkit's order (js/ai/src/json-patch.ts)");

  /* What the counter agent of the JavaScript runtime streamed. */
  assert_diff ("{'turns': 1}", "{'turns': 1, 'last': 'one'}",
               "[{'op': 'add', 'path': '/last', 'value': 'one'}]");
  assert_diff ("{'a': 1, 'b': 2}", "{'a': 1, 'b': 2}", "[]");
  assert_diff ("{'a': 1, 'b': 2}", "{'b': 3, 'c': 4}",
               "[{'op': 'remove', 'path': '/a'}, {'op': 'replace', 'path': '/b', 'value': 3},"
               " {'op': 'add', 'path': '/c', 'value': 4}]");
  assert_diff ("{'x': [1, 2, 3]}", "{'x': [1, 5]}",
               "[{'op': 'replace', 'path': '/x/1', 'value': 5}, {'op': 'remove', 'path': '/x/2'}]");
  assert_diff ("[1]", "[1, {'k': true}, null]",
               "[{'op': 'add', 'path': '/-', 'value': {'k': true}}, {'op': 'add', 'path': '/-', 'value': null}]");
  assert_diff ("[1, 2, 3, 4]", "[1]",
               "[{'op': 'remove', 'path': '/3'}, {'op': 'remove', 'path': '/2'}, {'op': 'remove', 'path': '/1'}]");
  assert_diff ("{'a/b': {'c~d': 1}}", "{'a/b': {'c~d': 2}}",
               "[{'op': 'replace', 'path': '/a~1b/c~0d', 'value': 2}]");
  assert_diff ("{'a': 1}", "[1]", "[{'op': 'replace', 'path': '', 'value': [1]}]");
  assert_diff ("1", "1.0", "[]");
  assert_diff (NULL, "{'a': 1}", "[{'op': 'replace', 'path': '', 'value': {'a': 1}}]");
  assert_diff ("{'a': 1}", NULL, "[{'op': 'replace', 'path': ''}]");
}

static void
assert_apply (const char *doc,
              const char *patch,
              const char *want)
{
  g_autoptr(JsonNode) d = doc ? st_json (doc) : NULL;
  g_autoptr(JsonNode) p = st_json (patch);
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = d ? st_to_string (d) : NULL;
  g_autofree char *after = NULL;

  g_assert_true (genkit_json_patch_apply (d, p, &result, &error));
  g_assert_no_error (error);
  if (want == NULL)
    g_assert_null (result);
  else
    {
      g_autoptr(JsonNode) w = st_json (want);

      if (!genkit_json_equal (result, w))
        {
          g_autofree char *got = st_to_string (result);

          g_error ("patch %s on %s gave %s, not %s", patch, doc, got, want);
        }
    }
  /* The document given is never changed. */
  after = d ? st_to_string (d) : NULL;
  g_assert_cmpstr (before, ==, after);
}

static void
test_apply (void)
{
  g_test_summary ("All six operations, with Genkit's leniency and without leaving the document");

  assert_apply ("{'a': 1}", "[{'op': 'replace', 'path': '', 'value': {'turns': 1}}]", "{'turns': 1}");
  assert_apply (NULL, "[{'op': 'add', 'path': '/status', 'value': 'ok'}]", "{'status': 'ok'}");
  assert_apply ("{'a': {'b': 1}}", "[{'op': 'add', 'path': '/a/c', 'value': 2}]", "{'a': {'b': 1, 'c': 2}}");
  assert_apply ("{}", "[{'op': 'add', 'path': '/x/y/z', 'value': 1}]", "{'x': {'y': {'z': 1}}}");
  assert_apply ("{'l': [1, 3]}", "[{'op': 'add', 'path': '/l/1', 'value': 2}]", "{'l': [1, 2, 3]}");
  assert_apply ("{'l': [1, 3]}", "[{'op': 'add', 'path': '/l/-', 'value': 4}]", "{'l': [1, 3, 4]}");
  assert_apply ("{'l': [1, 2, 3]}", "[{'op': 'replace', 'path': '/l/0', 'value': 9}]", "{'l': [9, 2, 3]}");
  assert_apply ("{'l': [1, 2, 3]}", "[{'op': 'remove', 'path': '/l/1'}]", "{'l': [1, 3]}");
  assert_apply ("{'a': 1}", "[{'op': 'remove', 'path': '/missing'}]", "{'a': 1}");
  assert_apply ("{'l': [1]}", "[{'op': 'remove', 'path': '/l/7'}]", "{'l': [1]}");
  assert_apply ("{'a': {'b': 1}}", "[{'op': 'move', 'from': '/a/b', 'path': '/c'}]", "{'a': {}, 'c': 1}");
  assert_apply ("{'a': [1, 2]}", "[{'op': 'copy', 'from': '/a', 'path': '/b'}]", "{'a': [1, 2], 'b': [1, 2]}");
  assert_apply ("{'a': 1}", "[{'op': 'test', 'path': '/a', 'value': 1.0}]", "{'a': 1}");
  assert_apply ("{'a': 1}", "[{'op': 'remove', 'path': ''}]", NULL);
  assert_apply ("{'a~b': 1, 'c/d': 2}", "[{'op': 'remove', 'path': '/a~0b'}, {'op': 'remove', 'path': '/c~1d'}]", "{}");
}

static void
test_apply_errors (void)
{
  static const char *const bad[] = {
    "{'op': 'add'}",
    "[{'op': 'add'}]",
    "[{'op': 'frobnicate', 'path': '/a'}]",
    "[{'op': 'add', 'path': 'no-slash', 'value': 1}]",
    "[{'op': 'move', 'path': '/a'}]",
    "[1]",
  };
  g_autoptr(JsonNode) doc = st_json ("{'a': 1}");

  g_test_summary ("Malformed patches and failed tests are errors, not crashes");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) patch = st_json (bad[i]);
      g_autoptr(JsonNode) result = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_false (genkit_json_patch_apply (doc, patch, &result, &error));
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_assert_null (result);
    }

  {
    g_autoptr(JsonNode) patch = st_json ("[{'op': 'test', 'path': '/a', 'value': 2}]");
    g_autoptr(JsonNode) result = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_false (genkit_json_patch_apply (doc, patch, &result, &error));
    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json-patch/diff", test_diff);
  g_test_add_func ("/json-patch/apply", test_apply);
  g_test_add_func ("/json-patch/apply-errors", test_apply_errors);

  return g_test_run ();
}
