/* test-app-action-list.c — the action browser's model: groups, counts, twins, search
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "studio-action-list.h"
#include "studio-test-util.h"

/* A runtime's GET /api/actions answer, as a JavaScript app with a bit of everything sends it. */
static const char actions_json[] =
  "{"
  " \"/flow/summarize\": {\"key\": \"/flow/summarize\", \"name\": \"summarize\", \"description\": \"Summarizes a text\"},"
  " \"/flow/greet\": {\"key\": \"/flow/greet\", \"name\": \"greet\"},"
  " \"/model/googleai/gemini-2.5-flash\": {\"key\": \"/model/googleai/gemini-2.5-flash\", \"name\": \"googleai/gemini-2.5-flash\","
  "    \"description\": \"Google AI - Gemini 2.5 Flash\"},"
  " \"/prompt/story\": {\"key\": \"/prompt/story\", \"name\": \"story\"},"
  " \"/executable-prompt/story\": {\"key\": \"/executable-prompt/story\", \"name\": \"story\"},"
  " \"/tool/lookupWeather\": {\"key\": \"/tool/lookupWeather\", \"name\": \"lookupWeather\", \"description\": \"Weather of a city\"},"
  " \"/tool.v2/lookupWeather\": {\"key\": \"/tool.v2/lookupWeather\", \"name\": \"lookupWeather\"},"
  " \"/retriever/docs\": {\"key\": \"/retriever/docs\", \"name\": \"docs\", \"description\": null},"
  " \"/embedder/googleai/text-embedding-004\": {\"key\": \"/embedder/googleai/text-embedding-004\", \"name\": \"googleai/text-embedding-004\", \"description\": \"\"},"
  " \"/evaluator/genkitEval/faithfulness\": {\"key\": \"/evaluator/genkitEval/faithfulness\", \"name\": \"genkitEval/faithfulness\"},"
  " \"/indexer/docs\": {\"key\": \"/indexer/docs\", \"name\": \"docs\"},"
  " \"/util/generate\": {\"key\": \"/util/generate\", \"name\": \"generate\"},"
  " \"/dynamic-action-provider/mcp-host:tool/fetch_url\": {\"key\": \"/dynamic-action-provider/mcp-host:tool/fetch_url\","
  "    \"name\": \"mcp-host:tool/fetch_url\"},"
  " \"/flow/broken\": 42"
  "}";

static StudioActionList *
make_list (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) actions = genkit_json_parse (actions_json, -1, &error);
  StudioActionList *list = studio_action_list_new ();

  g_assert_no_error (error);
  studio_action_list_set_actions (list, actions);
  return list;
}

/* "Flows(2) greet summarize Models(1) ..." */
static char *
describe (StudioActionList *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(StudioActionItem) item = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (studio_action_item_is_header (item))
        g_string_append_printf (out, "%s(%u)", studio_action_group_get_label (studio_action_item_get_group (item)),
                                studio_action_item_get_count (item));
      else
        g_string_append (out, studio_action_item_get_name (item));
    }
  return g_string_free (out, FALSE);
}

static void
test_groups (void)
{
  g_autoptr(StudioActionList) list = make_list ();
  g_autofree char *text = describe (list);

  g_test_summary ("Actions are grouped by type in a fixed order under headers with counts, sorted by name; "
                  "tool.v2 and executable-prompt twins are listed once; a DAP's actions go with the type "
                  "they provide; non-object descriptors are skipped");
  g_assert_cmpstr (text, ==,
                   "Flows(2) greet summarize "
                   "Models(1) googleai/gemini-2.5-flash "
                   "Prompts(1) story "
                   "Tools(2) lookupWeather mcp-host:tool/fetch_url "
                   "Retrievers(1) docs "
                   "Embedders(1) googleai/text-embedding-004 "
                   "Evaluators(1) genkitEval/faithfulness "
                   "Other(2) docs generate");
  g_assert_cmpuint (studio_action_list_get_n_actions (list), ==, 11);
  g_assert_cmpuint (studio_action_list_get_n_matches (list), ==, 11);
}

static void
test_items (void)
{
  g_autoptr(StudioActionList) list = make_list ();
  StudioActionItem *item;
  g_autofree char *title = NULL;
  gboolean has_subtitle;

  item = studio_action_list_lookup (list, "/model/googleai/gemini-2.5-flash");
  g_assert_nonnull (item);
  g_assert_cmpstr (studio_action_item_get_action_type (item), ==, "model");
  g_assert_cmpstr (studio_action_item_get_description (item), ==, "Google AI - Gemini 2.5 Flash");
  g_assert_cmpint (studio_action_item_get_group (item), ==, STUDIO_ACTION_GROUP_MODELS);

  /* Go sends null and "" for "no description". */
  item = studio_action_list_lookup (list, "/retriever/docs");
  g_assert_null (studio_action_item_get_description (item));
  g_object_get (item, "title", &title, "has-subtitle", &has_subtitle, NULL);
  g_assert_cmpstr (title, ==, "docs");
  g_assert_false (has_subtitle);
  g_assert_null (studio_action_item_get_description (studio_action_list_lookup (list, "/embedder/googleai/text-embedding-004")));

  g_assert_null (studio_action_list_lookup (list, "/tool.v2/lookupWeather"));
  g_assert_null (studio_action_list_lookup (list, "/flow/broken"));
  g_assert_cmpuint (studio_action_list_find_position (list, "/flow/greet"), ==, 1);
}

static void
test_search (void)
{
  g_autoptr(StudioActionList) list = make_list ();
  g_autofree char *one = NULL;
  g_autofree char *two = NULL;
  g_autofree char *none = NULL;

  g_test_summary ("The search keeps actions whose name, key or description holds every word, any case");

  studio_action_list_set_filter (list, "WEATHER");
  one = describe (list);
  g_assert_cmpstr (one, ==, "Tools(1) lookupWeather");

  studio_action_list_set_filter (list, "  docs   /indexer ");
  two = describe (list);
  g_assert_cmpstr (two, ==, "Other(1) docs");
  g_assert_cmpuint (studio_action_list_get_n_matches (list), ==, 1);
  g_assert_cmpuint (studio_action_list_get_n_actions (list), ==, 11);
  g_assert_cmpuint (studio_action_list_find_position (list, "/flow/greet"), ==, G_MAXUINT);

  studio_action_list_set_filter (list, "nothing-like-this");
  none = describe (list);
  g_assert_cmpstr (none, ==, "");

  studio_action_list_set_filter (list, NULL);
  g_assert_cmpuint (studio_action_list_get_n_matches (list), ==, 11);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *counts)
{
  counts[0] = position;
  counts[1] = removed;
  counts[2] = added;
}

static void
test_items_changed (void)
{
  g_autoptr(StudioActionList) list = make_list ();
  guint counts[3] = { 99, 99, 99 };

  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), counts);
  studio_action_list_set_filter (list, "greet");
  g_assert_cmpuint (counts[0], ==, 0);
  g_assert_cmpuint (counts[1], ==, 19);
  g_assert_cmpuint (counts[2], ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);

  studio_action_list_clear (list);
  g_assert_cmpuint (counts[1], ==, 2);
  g_assert_cmpuint (counts[2], ==, 0);
  g_assert_cmpuint (studio_action_list_get_n_actions (list), ==, 0);
}

static void
test_builtin_runtime (void)
{
  g_autoptr(GenkitRuntime) runtime = studio_test_builtin_runtime ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) actions = NULL;
  g_autoptr(StudioActionList) list = studio_action_list_new ();
  g_autoptr(GError) error = NULL;
  StudioActionItem *greet;

  g_test_summary ("The built-in runtime's sample actions fill the list");

  genkit_runtime_list_actions_async (runtime, NULL, studio_test_store_result_cb, &result);
  actions = genkit_runtime_list_actions_finish (runtime, studio_test_wait_result (&result), &error);
  g_assert_no_error (error);
  studio_action_list_set_actions (list, actions);

  greet = studio_action_list_lookup (list, "/flow/greet");
  g_assert_nonnull (greet);
  g_assert_nonnull (studio_action_item_get_input_schema (greet));
  g_assert_nonnull (studio_action_list_lookup (list, "/flow/countdown"));
  g_assert_nonnull (studio_action_list_lookup (list, "/tool/add"));
  g_assert_nonnull (studio_action_list_lookup (list, "/evaluator/exactMatch"));
  g_assert_cmpuint (studio_action_list_find_position (list, "/flow/countdown"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init_headless (&argc, &argv);

  g_test_add_func ("/app/action-list/groups", test_groups);
  g_test_add_func ("/app/action-list/items", test_items);
  g_test_add_func ("/app/action-list/search", test_search);
  g_test_add_func ("/app/action-list/items-changed", test_items_changed);
  g_test_add_func ("/app/action-list/builtin-runtime", test_builtin_runtime);

  return g_test_run ();
}
