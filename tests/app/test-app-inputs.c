/* test-app-inputs.c — inputs kept across restarts, and named presets in the project
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "studio-input-store.h"
#include "studio-presets.h"
#include "studio-test-util.h"

static void
test_store_round_trip (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "genkit-studio", "inputs.json", NULL);
  g_autofree char *input = NULL;
  g_autofree char *context = NULL;
  g_autofree char *contents = NULL;
  gboolean streams = FALSE;

  g_test_summary ("What is typed is kept per scope and action key, drafts included, and read back by "
                  "the next studio");

  {
    g_autoptr(StudioInputStore) store = studio_input_store_new (NULL);
    g_autoptr(GError) error = NULL;

    g_assert_cmpstr (studio_input_store_get_path (store), ==, path);
    g_assert_false (studio_input_store_lookup (store, "builtin", "/flow/greet", NULL, NULL, NULL));
    studio_input_store_remember (store, "builtin", "/flow/greet", "{\"name\": \"Ada\"}", "", FALSE);
    studio_input_store_remember (store, "/home/ada/app", "/flow/greet", "{\"name\": ", "{\"auth\": {}}", TRUE);
    g_assert_true (studio_input_store_flush (store, &error));
    g_assert_no_error (error);
  }

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"version\": 1"));

  {
    g_autoptr(StudioInputStore) store = studio_input_store_new (NULL);

    g_assert_true (studio_input_store_lookup (store, "builtin", "/flow/greet", &input, &context, &streams));
    g_assert_cmpstr (input, ==, "{\"name\": \"Ada\"}");
    g_assert_cmpstr (context, ==, "");
    g_assert_false (streams);
    g_clear_pointer (&input, g_free);
    g_clear_pointer (&context, g_free);

    g_assert_true (studio_input_store_lookup (store, "/home/ada/app", "/flow/greet", &input, &context, &streams));
    g_assert_cmpstr (input, ==, "{\"name\": ");
    g_assert_cmpstr (context, ==, "{\"auth\": {}}");
    g_assert_true (streams);
  }
}

static void
test_store_debounced_write (void)
{
  g_autoptr(StudioInputStore) store = studio_input_store_new (NULL);
  g_autofree char *path = g_strdup (studio_input_store_get_path (store));

  g_test_summary ("Typing writes the file a second after the last change, not on every key");

  studio_input_store_remember (store, "builtin", "/flow/countdown", "{\"count\": 3}", "", TRUE);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  studio_test_wait_ms (1600);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_store_bad_file (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "bad-inputs.json", NULL);
  g_autoptr(StudioInputStore) store = NULL;

  g_test_summary ("A damaged file is ignored with a warning, not a crash");

  g_assert_cmpint (g_mkdir_with_parents (g_get_user_data_dir (), 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "{\"scopes\": [1, 2", -1, NULL));
  store = studio_input_store_new (path);
  g_test_expect_message ("Studio", G_LOG_LEVEL_WARNING, "Ignoring the saved inputs*");
  g_assert_false (studio_input_store_lookup (store, "builtin", "/flow/greet", NULL, NULL, NULL));
  g_test_assert_expected_messages ();
}

static void
test_presets (void)
{
  g_autofree char *root = g_dir_make_tmp ("studio-presets-XXXXXX", NULL);
  g_autofree char *inputs_dir = g_build_filename (root, ".genkit", "studio", "inputs", NULL);
  g_autofree char *expected_file = g_build_filename (inputs_dir, "model", "googleai", "gemini-2.5-flash",
                                                     "ada-lovelace.json", NULL);
  g_autoptr(JsonNode) input = json_from_string ("{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Hi\"}]}]}", NULL);
  g_autoptr(JsonNode) context_node = json_from_string ("{\"auth\": {\"uid\": \"ada\"}}", NULL);
  g_autoptr(GAsyncResult) saved = NULL;
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GPtrArray) presets = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  StudioPreset *preset;

  g_test_summary ("A preset is one readable JSON file under .genkit/studio/inputs/<action key>/, listed "
                  "back with its name, input and context, and deleted");

  studio_presets_save_async (inputs_dir, "/model/googleai/gemini-2.5-flash", "Ada Lovelace", input,
                             json_node_get_object (context_node), NULL, studio_test_store_result_cb, &saved);
  path = studio_presets_save_finish (studio_test_wait_result (&saved), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected_file);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==,
                   "{\n"
                   "  \"name\": \"Ada Lovelace\",\n"
                   "  \"action\": \"/model/googleai/gemini-2.5-flash\",\n"
                   "  \"input\": {\n"
                   "    \"messages\": [\n"
                   "      {\n"
                   "        \"role\": \"user\",\n"
                   "        \"content\": [\n"
                   "          {\n"
                   "            \"text\": \"Hi\"\n"
                   "          }\n"
                   "        ]\n"
                   "      }\n"
                   "    ]\n"
                   "  },\n"
                   "  \"context\": {\n"
                   "    \"auth\": {\n"
                   "      \"uid\": \"ada\"\n"
                   "    }\n"
                   "  }\n"
                   "}\n");

  studio_presets_list_async (inputs_dir, "/model/googleai/gemini-2.5-flash", NULL, studio_test_store_result_cb, &listed);
  presets = studio_presets_list_finish (studio_test_wait_result (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (presets->len, ==, 1);
  preset = g_ptr_array_index (presets, 0);
  g_assert_cmpstr (preset->name, ==, "Ada Lovelace");
  g_assert_true (json_node_equal (preset->input, input));
  g_assert_nonnull (preset->context);
  g_assert_true (studio_presets_delete (preset->path, &error));
  g_assert_false (g_file_test (expected_file, G_FILE_TEST_EXISTS));
}

static void
test_preset_paths (void)
{
  g_autofree char *dir = studio_presets_dup_dir ("/p/.genkit/studio/inputs", "/dynamic-action-provider/mcp-host:tool/fetch url");
  g_autofree char *sneaky = studio_presets_dup_dir ("/p/.genkit/studio/inputs", "/flow/../../etc");
  g_autofree char *file = studio_presets_dup_file ("/p/i", "/flow/greet", "  Ünïcode & stuff!! ");
  g_autofree char *empty = studio_presets_dup_file ("/p/i", "/flow/greet", "???");

  g_test_summary ("Preset paths stay inside the inputs directory whatever the key or name");

  g_assert_cmpstr (dir, ==, "/p/.genkit/studio/inputs/dynamic-action-provider/mcp-host:tool/fetch_url");
  g_assert_cmpstr (sneaky, ==, "/p/.genkit/studio/inputs/flow/_./_./etc");
  g_assert_cmpstr (file, ==, "/p/i/flow/greet/unicode-stuff.json");
  g_assert_cmpstr (empty, ==, "/p/i/flow/greet/preset.json");
}

static void
test_presets_missing_dir (void)
{
  g_autoptr(GAsyncResult) listed = NULL;
  g_autoptr(GPtrArray) presets = NULL;
  g_autoptr(GError) error = NULL;

  studio_presets_list_async ("/nonexistent/.genkit/studio/inputs", "/flow/greet", NULL, studio_test_store_result_cb, &listed);
  presets = studio_presets_list_finish (studio_test_wait_result (&listed), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (presets->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init_headless (&argc, &argv);

  g_test_add_func ("/app/inputs/store-round-trip", test_store_round_trip);
  g_test_add_func ("/app/inputs/store-debounced-write", test_store_debounced_write);
  g_test_add_func ("/app/inputs/store-bad-file", test_store_bad_file);
  g_test_add_func ("/app/inputs/presets", test_presets);
  g_test_add_func ("/app/inputs/preset-paths", test_preset_paths);
  g_test_add_func ("/app/inputs/presets-missing-dir", test_presets_missing_dir);

  return g_test_run ();
}
