/* test-spec.c — the Dotprompt conformance suite (google/dotprompt spec/), case by case
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * Every test of every suite of every YAML file under $GENKIT_SHARED_DIR/fixtures/dotprompt-spec
 * becomes one GLib test, run with the semantics of the reference runner
 * (js/test/spec.test.ts, README of the fixtures):
 *
 * 1. define the suite's partials, schemas and tools, and a partial resolver for its
 *    resolverPartials; render `template` with `{...suite.data, ...test.data}` and the test's
 *    options;
 * 2. compare the result without `raw` to `expect` without `raw` and `input`, `ext`, `config`
 *    and `metadata` defaulting to `{}`; compare `raw` when `expect.raw` is given;
 * 3. compare renderMetadata(template, options) without `raw` to `expect` without `messages`
 *    and `raw`, with the same defaults.
 *
 * Set DOTPROMPT_SPEC_DIR to a checkout's spec/ folder to run a newer upstream suite as well.
 */

#include "config.h"

#include <string.h>

#include "dotprompt-test-util.h"

typedef struct
{
  char     *name;
  JsonNode *suite;
  JsonNode *test;
} SpecCase;

static void
spec_case_free (gpointer data)
{
  SpecCase *c = data;

  g_free (c->name);
  json_node_unref (c->suite);
  json_node_unref (c->test);
  g_free (c);
}

static char *
resolve_partial_cb (const char  *name,
                    gpointer     user_data,
                    GError     **error)
{
  JsonObject *partials = user_data;
  JsonNode *node = partials != NULL ? json_object_get_member (partials, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

/* expect minus the given keys, with ext, config and metadata defaulting to {} */
static JsonNode *
expected_without (JsonObject  *expect,
                  const char **drop)
{
  JsonObject *out = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (expect);
  JsonNode *node;

  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean skip = FALSE;

      for (guint i = 0; drop[i] != NULL; i++)
        skip |= g_str_equal (l->data, drop[i]);
      if (!skip)
        json_object_set_member (out, l->data, json_node_copy (json_object_get_member (expect, l->data)));
    }
  for (guint i = 0; i < 3; i++)
    {
      const char *key = (const char *[]) { "ext", "config", "metadata" }[i];

      if (!json_object_has_member (out, key) || JSON_NODE_HOLDS_NULL (json_object_get_member (out, key)))
        json_object_set_object_member (out, key, json_object_new ());
    }
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, out);
  return node;
}

static JsonNode *
without_raw (JsonObject *result)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) members = json_object_get_members (result);
  JsonNode *node;

  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "raw"))
      json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (result, l->data)));
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (node, copy);
  return node;
}

static void
test_spec_case (gconstpointer data)
{
  const SpecCase *c = data;
  JsonObject *suite = json_node_get_object (c->suite);
  JsonObject *test = json_node_get_object (c->test);
  JsonObject *expect = member_object (test, "expect");
  JsonObject *options = member_object (test, "options");
  const char *template_text = json_object_get_string_member (suite, "template");
  g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
  g_autoptr(JsonObject) render_data = json_object_new ();
  g_autoptr(GenkitParsedPrompt) prompt = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *section;

  g_test_summary ("Dotprompt conformance case: render and renderMetadata match `expect`");

  if ((section = member_object (suite, "schemas")) != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (section);

      for (GList *l = names; l != NULL; l = l->next)
        genkit_dotprompt_define_schema (dotprompt, l->data, json_object_get_member (section, l->data));
    }
  if ((section = member_object (suite, "tools")) != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (section);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *def = json_object_get_member (section, l->data);
          g_autoptr(JsonObject) copy = json_object_new ();

          if (JSON_NODE_HOLDS_OBJECT (def))
            {
              g_autoptr(GList) keys = json_object_get_members (json_node_get_object (def));

              for (GList *k = keys; k != NULL; k = k->next)
                json_object_set_member (copy, k->data,
                                        json_node_copy (json_object_get_member (json_node_get_object (def), k->data)));
            }
          if (!json_object_has_member (copy, "name"))
            json_object_set_string_member (copy, "name", l->data);
          genkit_dotprompt_define_tool (dotprompt, copy);
        }
    }
  genkit_dotprompt_set_partial_resolver (dotprompt, resolve_partial_cb,
                                         member_object (suite, "resolverPartials"), NULL);
  if ((section = member_object (suite, "partials")) != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (section);

      for (GList *l = names; l != NULL; l = l->next)
        genkit_dotprompt_define_partial (dotprompt, l->data,
                                         json_object_get_string_member (section, l->data), NULL);
    }

  /* {...s.data, ...tc.data} */
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *from = member_object (i == 0 ? suite : test, "data");
      g_autoptr(GList) keys = NULL;

      if (from == NULL)
        continue;
      keys = json_object_get_members (from);
      for (GList *l = keys; l != NULL; l = l->next)
        json_object_set_member (render_data, l->data, json_node_copy (json_object_get_member (from, l->data)));
    }

  prompt = genkit_parsed_prompt_new_from_string (template_text, -1, c->name,
                                                 GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);

  result = genkit_dotprompt_render (dotprompt, prompt, render_data, options, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);

  {
    g_autoptr(JsonNode) actual = without_raw (result);
    g_autoptr(JsonNode) expected = expected_without (expect, (const char *[]) { "raw", "input", NULL });

    dotprompt_test_assert_json (actual, expected);
  }

  if (json_object_has_member (expect, "raw"))
    dotprompt_test_assert_json (json_object_get_member (result, "raw"),
                                json_object_get_member (expect, "raw"));

  metadata = genkit_dotprompt_render_metadata (dotprompt, prompt, options, &error);
  g_assert_no_error (error);
  {
    g_autoptr(JsonNode) actual = without_raw (metadata);
    g_autoptr(JsonNode) expected = expected_without (expect, (const char *[]) { "messages", "raw", NULL });

    dotprompt_test_assert_json (actual, expected);
  }
}

static char *
sanitize (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (out, (g_ascii_isalnum (*p) || *p == '_' || *p == '-' || *p == '.') ? *p : '_');
  return g_string_free (out, FALSE);
}

static guint
add_file (const char *root,
          const char *relative,
          const char *prefix)
{
  g_autofree char *path = g_build_filename (root, relative, NULL);
  g_autoptr(JsonNode) suites = dotprompt_test_read_yaml (path);
  g_autofree char *base = g_strndup (relative, strlen (relative) - strlen (".yaml"));
  guint added = 0;

  g_assert_true (JSON_NODE_HOLDS_ARRAY (suites));
  for (guint s = 0; s < json_array_get_length (json_node_get_array (suites)); s++)
    {
      JsonNode *suite = json_array_get_element (json_node_get_array (suites), s);
      JsonObject *so = json_node_get_object (suite);
      JsonArray *tests = json_object_get_array_member (so, "tests");

      for (guint t = 0; t < json_array_get_length (tests); t++)
        {
          JsonObject *to = json_array_get_object_element (tests, t);
          SpecCase *c = g_new0 (SpecCase, 1);
          g_autofree char *suite_name = sanitize (json_object_get_string_member (so, "name"));
          g_autofree char *desc = sanitize (json_object_get_string_member_with_default (to, "desc",
                                                                                          "case"));
          g_autofree char *test_path = NULL;

          c->name = g_strdup_printf ("%s/%s.yaml", prefix, base);
          c->suite = json_node_ref (suite);
          c->test = json_node_ref (json_array_get_element (tests, t));
          test_path = g_strdup_printf ("/dotprompt/%s/%s/%s/%u-%s", prefix, base, suite_name, t, desc);
          g_test_add_data_func_full (test_path, c, test_spec_case, spec_case_free);
          added++;
        }
    }
  return added;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Every *.yaml under @root, recursively, in a stable order. */
static guint
add_directory (const char *root,
               const char *relative,
               const char *prefix)
{
  g_autofree char *dir_path = g_build_filename (root, relative, NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  guint added = 0;

  if (dir == NULL)
    return 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = relative[0] != '\0' ? g_build_filename (relative, names->pdata[i], NULL)
                                                   : g_strdup (names->pdata[i]);
      g_autofree char *full = g_build_filename (root, child, NULL);

      if (g_file_test (full, G_FILE_TEST_IS_DIR))
        added += add_directory (root, child, prefix);
      else if (g_str_has_suffix (child, ".yaml"))
        added += add_file (root, child, prefix);
    }
  return added;
}

static void
test_fixtures_missing (void)
{
  g_test_fail_printf ("the conformance cases are not at $GENKIT_SHARED_DIR/fixtures/dotprompt-spec "
                      "(GENKIT_SHARED_DIR=%s)", g_getenv ("GENKIT_SHARED_DIR"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *spec_dir = NULL;
  const char *upstream;
  guint n;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  spec_dir = dotprompt_test_shared_path ("fixtures", "dotprompt-spec", NULL);
  if (spec_dir == NULL || !g_file_test (spec_dir, G_FILE_TEST_IS_DIR))
    {
      g_test_add_func ("/dotprompt/spec/fixtures-present", test_fixtures_missing);
      return g_test_run ();
    }

  n = add_directory (spec_dir, "", "spec");
  g_test_message ("%u conformance cases from %s", n, spec_dir);
  g_assert_cmpuint (n, >, 0);

  if ((upstream = g_getenv ("DOTPROMPT_SPEC_DIR")) != NULL && upstream[0] != '\0')
    {
      guint m = add_directory (upstream, "", "upstream");

      g_test_message ("%u conformance cases from %s", m, upstream);
    }

  return g_test_run ();
}
