/* test-app-playground.c — the model playground: side by side runs, diff, Save as .prompt
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>
#include <genkit-dotprompt-lib.h>

#include "genkit-samples.h"
#include "studio-json-editor.h"
#include "studio-playground.h"
#include "studio-result-view.h"
#include "studio-schema-form.h"
#include "studio-test-util.h"
#include "studio-window.h"

/* A 1×1 PNG, for a media part. */
#define PIXEL_PNG "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="

typedef struct
{
  GenkitRuntime           *runtime;
  GenkitProgrammableModel *scripted;
  StudioInputStore        *input_store;
  StudioWindow            *window;
  char                    *dir;
} Fixture;

static gboolean
actions_listed (gpointer user_data)
{
  Fixture *fixture = user_data;
  StudioActionSidebar *sidebar = studio_actions_pane_get_sidebar (studio_window_get_actions_pane (fixture->window));

  return !studio_action_sidebar_get_loading (sidebar) &&
         studio_action_list_get_n_actions (studio_action_sidebar_get_list (sidebar)) > 0;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;

  /* The built-in samples (with the echo model) and a second, scripted model. */
  genkit_samples_register (registry, &error);
  g_assert_no_error (error);
  fixture->scripted = genkit_define_programmable_model (registry, "scripted", NULL, &error);
  g_assert_no_error (error);
  fixture->runtime = GENKIT_RUNTIME (genkit_local_runtime_new (registry));
  fixture->dir = g_dir_make_tmp ("studio-playground-XXXXXX", &error);
  g_assert_no_error (error);

  {
    g_autofree char *inputs = g_build_filename (fixture->dir, "inputs.json", NULL);

    fixture->input_store = studio_input_store_new (inputs);
  }
  fixture->window = studio_window_new (NULL, fixture->runtime, fixture->input_store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (studio_test_wait (actions_listed, fixture, 60000));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->input_store);
  fixture->scripted = NULL;   /* owned by its model action, in the runtime's registry */
  g_clear_object (&fixture->runtime);
  studio_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static gboolean
not_loading (gpointer user_data)
{
  return !studio_playground_get_loading (user_data);
}

static gboolean
not_running (gpointer user_data)
{
  return !studio_playground_get_running (user_data);
}

static StudioPlayground *
open_playground (Fixture    *fixture,
                 const char *key)
{
  StudioActionsPane *pane = studio_window_get_actions_pane (fixture->window);
  StudioPlayground *playground;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-action", g_variant_new_string (key));
  playground = studio_actions_pane_get_visible_playground (pane);
  g_assert_nonnull (playground);
  g_assert_null (studio_actions_pane_get_visible_runner (pane));
  g_assert_true (studio_test_wait (not_loading, playground, 60000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  return playground;
}

static void
test_side_by_side (Fixture       *fixture,
                   gconstpointer  data)
{
  StudioPlayground *playground;
  StudioPlaygroundColumn *echo, *scripted;
  GtkWidget *diff_view;
  GtkTextBuffer *diff;
  GtkTextIter start, end;
  g_autofree char *diff_text = NULL;
  g_autofree char *echo_text = NULL;
  g_autofree char *scripted_text = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextTagTable *tags;

  g_test_summary ("A model opens in the playground; Compare runs the same messages on two models "
                  "side by side, each with its latency and tokens, and shows how the answers differ");

  genkit_programmable_model_push_response_json (fixture->scripted,
    "{\"message\": {\"role\": \"model\", \"content\": [{\"text\": \"hello small world\"},"
    " {\"media\": {\"url\": \"" PIXEL_PNG "\", \"contentType\": \"image/png\"}}]},"
    " \"finishReason\": \"stop\", \"usage\": {\"inputTokens\": 3, \"outputTokens\": 3}}", &error);
  g_assert_no_error (error);

  playground = open_playground (fixture, "/model/echo");
  g_assert_cmpuint (studio_playground_get_n_columns (playground), ==, 1);
  /* Compare offers a model that is not shown yet (the list is sorted: echo, echoModel, ...). */
  {
    GtkDropDown *models = GTK_DROP_DOWN (studio_test_find (GTK_WIDGET (playground), "model_dropdown"));

    g_assert_cmpstr (gtk_string_object_get_string (gtk_drop_down_get_selected_item (models)), ==, "echoModel");
  }
  studio_playground_clear_messages (playground);
  studio_playground_add_message (playground, "user", "hello big world", NULL);

  scripted = studio_playground_add_column (playground, "/model/scripted");
  echo = studio_playground_get_column (playground, 0);
  g_assert_cmpuint (studio_playground_get_n_columns (playground), ==, 2);

  /* Ctrl+Enter's action runs the playground shown. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "run", NULL);
  g_assert_true (studio_playground_get_running (playground));
  g_assert_true (studio_test_wait (not_running, playground, 60000));

  g_assert_cmpint (studio_playground_column_get_state (echo), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  g_assert_cmpint (studio_playground_column_get_state (scripted), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  echo_text = studio_playground_column_dup_text (echo);
  scripted_text = studio_playground_column_dup_text (scripted);
  g_assert_cmpstr (echo_text, ==, "hello big world");
  g_assert_cmpstr (scripted_text, ==, "hello small world");
  /* The echo model streams a chunk per word. */
  g_assert_cmpuint (studio_playground_column_get_n_chunks (echo), >=, 3);
  g_assert_cmpint (studio_playground_column_get_latency (echo), >, 0);
  g_assert_cmpint (studio_playground_column_get_latency (scripted), >, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (scripted), "usage_label"))),
                   ==, "3 input · 3 output tokens");
  /* The echo model counts characters, as Genkit's echo model does. */
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (echo), "usage_label"))),
                                   " output characters"));

  /* The scripted model's request was the playground's: the same message. */
  {
    JsonObject *request = genkit_generate_request_get_json_object (genkit_programmable_model_get_last_request (fixture->scripted));
    JsonArray *messages = json_object_get_array_member (request, "messages");
    JsonObject *message = json_array_get_object_element (messages, json_array_get_length (messages) - 1);

    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (message, "content"), 0), "text"),
                     ==, "hello big world");
  }

  /* The media part of the answer is shown as an image. */
  g_assert_cmpuint (studio_result_view_get_n_media (STUDIO_RESULT_VIEW (studio_test_find (GTK_WIDGET (scripted), "result_view"))), ==, 1);
  g_assert_true (GTK_IS_PICTURE (gtk_flow_box_child_get_child (GTK_FLOW_BOX_CHILD (gtk_widget_get_first_child (studio_test_find (GTK_WIDGET (scripted), "media_box"))))));
  g_assert_cmpuint (studio_result_view_get_n_media (STUDIO_RESULT_VIEW (studio_test_find (GTK_WIDGET (echo), "result_view"))), ==, 0);

  /* The second column shows its difference from the first: "big" struck out, "small" added. */
  g_assert_true (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (scripted), "diff_expander")));
  g_assert_false (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (echo), "diff_expander")));
  diff_view = studio_test_find (GTK_WIDGET (scripted), "diff_view");
  diff = gtk_text_view_get_buffer (GTK_TEXT_VIEW (diff_view));
  gtk_text_buffer_get_bounds (diff, &start, &end);
  diff_text = gtk_text_buffer_get_text (diff, &start, &end, FALSE);
  g_assert_cmpstr (diff_text, ==, "hello big small world");
  tags = gtk_text_buffer_get_tag_table (diff);
  gtk_text_buffer_get_iter_at_offset (diff, &start, strlen ("hello "));
  g_assert_true (gtk_text_iter_has_tag (&start, gtk_text_tag_table_lookup (tags, "diff-removed")));
  gtk_text_buffer_get_iter_at_offset (diff, &start, strlen ("hello big "));
  g_assert_true (gtk_text_iter_has_tag (&start, gtk_text_tag_table_lookup (tags, "diff-added")));
  gtk_text_buffer_get_iter_at_offset (diff, &start, 0);
  g_assert_false (gtk_text_iter_has_tag (&start, gtk_text_tag_table_lookup (tags, "diff-added")));

  studio_test_save_png (GTK_WIDGET (fixture->window), "playground-side-by-side");
}

static void
test_error_in_column (Fixture       *fixture,
                      gconstpointer  data)
{
  StudioPlayground *playground;
  StudioPlaygroundColumn *scripted;

  g_test_summary ("A model that fails shows Genkit's status and message in its column; the other "
                  "column still answers");

  genkit_programmable_model_push_error (fixture->scripted,
                                        g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_RESOURCE_EXHAUSTED,
                                                             "quota used up"));
  playground = open_playground (fixture, "/model/echo");
  scripted = studio_playground_add_column (playground, "/model/scripted");
  g_assert_true (studio_playground_run (playground));
  g_assert_true (studio_test_wait (not_running, playground, 60000));

  g_assert_cmpint (studio_playground_column_get_state (studio_playground_get_column (playground, 0)), ==,
                   STUDIO_RUNNER_STATE_SUCCEEDED);
  g_assert_cmpint (studio_playground_column_get_state (scripted), ==, STUDIO_RUNNER_STATE_FAILED);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (scripted), "error_title_label"))),
                   ==, "RESOURCE_EXHAUSTED");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (scripted), "error_message_label"))),
                   ==, "quota used up");
}

/* Fills the playground with everything a .prompt file can hold. */
static void
fill_playground (StudioPlayground *playground)
{
  StudioSchemaForm *form = STUDIO_SCHEMA_FORM (studio_test_find (GTK_WIDGET (playground), "config_form"));
  GtkWidget *format = studio_test_find (GTK_WIDGET (playground), "format_dropdown");
  GtkWidget *schema = studio_test_find (GTK_WIDGET (playground), "schema_editor");
  g_autoptr(JsonNode) config = genkit_json_parse ("{\"prefix\": \"» \", \"temperature\": 0.5}", -1, NULL);

  studio_playground_clear_messages (playground);
  studio_playground_add_message (playground, "system", "You answer in one line.", NULL);
  studio_playground_add_message (playground, "user", "What is in this picture?", PIXEL_PNG);
  studio_playground_add_message (playground, "model", "A pixel.", NULL);
  studio_playground_add_message (playground, "user", "Add 1 and 2.", NULL);
  studio_schema_form_set_value (form, config);
  g_assert_true (studio_playground_set_tool_active (playground, "/tool/add", TRUE));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (format), 2);   /* json */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (schema)),
                            "{\"type\": \"object\", \"properties\": {\"answer\": {\"type\": \"string\"}}}", -1);
}

static void
assert_json_equal (JsonNode *a,
                   JsonNode *b)
{
  g_autofree char *a_text = json_to_string (a, FALSE);
  g_autofree char *b_text = json_to_string (b, FALSE);

  g_assert_cmpstr (a_text, ==, b_text);
}

static void
test_save_as_prompt (Fixture       *fixture,
                     gconstpointer  data)
{
  StudioPlayground *playground;
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "saved.prompt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GenkitParsedPrompt) parsed = NULL;
  g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
  g_autoptr(JsonObject) rendered = NULL;
  JsonObject *output;

  g_test_summary ("Save as .prompt writes the playground's messages (with media), config, tools and "
                  "output schema, and rendering the file gives them back unchanged");

  /* An image from the disk travels as a data: URL. */
  {
    g_autofree char *png = g_build_filename (fixture->dir, "pixel.png", NULL);
    g_autoptr(GFile) png_file = g_file_new_for_path (png);
    gsize length = 0;
    g_autofree guchar *bytes = g_base64_decode (PIXEL_PNG + strlen ("data:image/png;base64,"), &length);
    g_autofree char *url = NULL;

    g_file_set_contents (png, (const char *) bytes, length, &error);
    g_assert_no_error (error);
    url = studio_playground_dup_data_url (png_file, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (url, ==, PIXEL_PNG);
  }

  playground = open_playground (fixture, "/model/echo");
  fill_playground (playground);
  options = studio_playground_dup_options (playground, &error);
  g_assert_no_error (error);
  /* The request shown is the one the models get: the tool as a definition. */
  gtk_expander_set_expanded (GTK_EXPANDER (studio_test_find (GTK_WIDGET (playground), "request_expander")), TRUE);
  {
    g_autofree char *shown = studio_json_editor_dup_text (STUDIO_JSON_EDITOR (studio_test_find (GTK_WIDGET (playground), "request_view")));
    g_autoptr(JsonNode) shown_node = genkit_json_parse (shown, -1, &error);
    g_autoptr(JsonNode) request = studio_playground_dup_request (playground, NULL);

    g_assert_no_error (error);
    assert_json_equal (shown_node, request);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (shown_node), "tools"), 0), "name"),
                     ==, "add");
  }
  g_assert_true (studio_playground_save_prompt (playground, file, &error));
  g_assert_no_error (error);

  parsed = genkit_parsed_prompt_new_from_file (path, GENKIT_PARSED_PROMPT_NONE, &error);
  g_assert_no_error (error);
  rendered = genkit_dotprompt_render (dotprompt, parsed, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (json_object_get_string_member (rendered, "model"), ==, "echo");
  assert_json_equal (json_object_get_member (rendered, "messages"), json_object_get_member (options, "messages"));
  assert_json_equal (json_object_get_member (rendered, "config"), json_object_get_member (options, "config"));
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (rendered, "tools"), 0), ==, "add");
  output = json_object_get_object_member (rendered, "output");
  g_assert_cmpstr (json_object_get_string_member (output, "format"), ==, "json");
  assert_json_equal (json_object_get_member (output, "schema"),
                     json_object_get_member (json_object_get_object_member (options, "output"), "jsonSchema"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (rendered, "messages")), ==, 4);
}

static void
test_save_refuses_loss (Fixture       *fixture,
                        gconstpointer  data)
{
  StudioPlayground *playground;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_test_summary ("What a .prompt file cannot hold is refused with a clear error, not dropped");

  playground = open_playground (fixture, "/model/echo");
  /* A JSON Schema without a type: Dotprompt would read it back as Picoschema. */
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (studio_test_find (GTK_WIDGET (playground), "schema_editor"))),
                            "{\"description\": \"anything\"}", -1);
  text = studio_playground_dup_prompt_text (playground, &error);
  g_assert_null (text);
  g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE);
}

static void
test_kept (Fixture       *fixture,
           gconstpointer  data)
{
  StudioPlayground *playground;
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(JsonNode) before_node = NULL;
  g_autoptr(JsonNode) after_node = NULL;
  g_autofree char *before_text = NULL;
  g_autofree char *after_text = NULL;

  g_test_summary ("The playground (messages, config, tools, output, the models compared, Stream) is "
                  "kept per model and comes back in a new window");

  playground = open_playground (fixture, "/model/echo");
  fill_playground (playground);
  studio_playground_add_column (playground, "/model/scripted");
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (studio_test_find (GTK_WIDGET (playground), "stream_toggle")), FALSE);
  before = studio_playground_dup_options (playground, NULL);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = studio_window_new (NULL, fixture->runtime, fixture->input_store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (studio_test_wait (actions_listed, fixture, 60000));
  playground = open_playground (fixture, "/model/echo");

  after = studio_playground_dup_options (playground, NULL);
  before_node = json_node_init_object (json_node_alloc (), before);
  after_node = json_node_init_object (json_node_alloc (), after);
  before_text = json_to_string (before_node, FALSE);
  after_text = json_to_string (after_node, FALSE);
  g_assert_cmpstr (after_text, ==, before_text);
  g_assert_cmpuint (studio_playground_get_n_columns (playground), ==, 2);
  g_assert_cmpstr (studio_playground_column_get_model_key (studio_playground_get_column (playground, 1)), ==,
                   "/model/scripted");
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (studio_test_find (GTK_WIDGET (playground), "stream_toggle"))));
}

static void
test_kept_edited (Fixture       *fixture,
                  gconstpointer  data)
{
  StudioPlayground *playground;
  g_autoptr(JsonObject) options = NULL;
  JsonArray *messages;

  g_test_summary ("A kept playground edited by hand into odd shapes opens with what makes sense");

  studio_input_store_remember (fixture->input_store, "builtin", "/model/echo",
                               "{\"messages\": [1, {\"role\": \"user\", \"content\": [{\"text\": \"hi\"}]}],"
                               " \"config\": [], \"output\": 3, \"models\": [\"/model/echo\", 5, \"/model/scripted\"]}",
                               "", TRUE);
  playground = open_playground (fixture, "/model/echo");
  options = studio_playground_dup_options (playground, NULL);
  messages = json_object_get_array_member (options, "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpuint (studio_playground_get_n_columns (playground), ==, 2);
  g_assert_false (json_object_has_member (options, "tools"));
  g_assert_false (json_object_has_member (options, "output"));
}

static void
test_remote_runtime (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GenkitReflectionServer) server = genkit_reflection_server_new (fixture->runtime);
  g_autoptr(GenkitRemoteRuntime) remote = NULL;
  g_autoptr(GError) error = NULL;
  StudioPlayground *playground;
  StudioPlaygroundColumn *echo, *scripted;
  g_autofree char *echo_text = NULL;
  g_autofree char *scripted_text = NULL;

  g_test_summary ("The playground drives models over the reflection API: two models of a runtime in "
                  "another process (here behind a reflection server) run side by side, streamed");

  g_assert_true (genkit_reflection_server_listen_any (server, &error));
  g_assert_no_error (error);
  remote = genkit_remote_runtime_new_for_url (genkit_reflection_server_get_url (server), &error);
  g_assert_no_error (error);
  genkit_programmable_model_push_response_json (fixture->scripted,
    "{\"message\": {\"role\": \"model\", \"content\": [{\"text\": \"from afar\"}]}, \"finishReason\": \"stop\"}",
    &error);
  g_assert_no_error (error);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = studio_window_new (NULL, GENKIT_RUNTIME (remote), fixture->input_store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  g_assert_true (studio_test_wait (actions_listed, fixture, 60000));

  playground = open_playground (fixture, "/model/echo");
  studio_playground_clear_messages (playground);
  studio_playground_add_message (playground, "user", "hello over http", NULL);
  scripted = studio_playground_add_column (playground, "/model/scripted");
  echo = studio_playground_get_column (playground, 0);
  g_assert_true (studio_playground_run (playground));
  g_assert_true (studio_test_wait (not_running, playground, 60000));

  g_assert_cmpint (studio_playground_column_get_state (echo), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  g_assert_cmpint (studio_playground_column_get_state (scripted), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  echo_text = studio_playground_column_dup_text (echo);
  scripted_text = studio_playground_column_dup_text (scripted);
  g_assert_cmpstr (echo_text, ==, "hello over http");
  g_assert_cmpstr (scripted_text, ==, "from afar");
  g_assert_cmpuint (studio_playground_column_get_n_chunks (echo), >=, 3);

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  genkit_reflection_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/playground/side-by-side", test_side_by_side);
  ADD ("/app/playground/error-in-column", test_error_in_column);
  ADD ("/app/playground/save-as-prompt", test_save_as_prompt);
  ADD ("/app/playground/save-refuses-loss", test_save_refuses_loss);
  ADD ("/app/playground/kept", test_kept);
  ADD ("/app/playground/kept-edited", test_kept_edited);
  ADD ("/app/playground/remote-runtime", test_remote_runtime);
#undef ADD

  return g_test_run ();
}
