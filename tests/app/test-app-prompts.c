/* test-app-prompts.c — the prompt editor: render, run, errors where they are, Save as .prompt
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
#include "studio-prompts-pane.h"
#include "studio-schema-form.h"
#include "studio-test-util.h"
#include "studio-window.h"

static const char *greet_source =
  "---\n"
  "model: echo\n"
  "input:\n"
  "  schema:\n"
  "    name: string\n"
  "---\n"
  "{{role \"system\"}}\n"
  "Be brief.\n"
  "{{role \"user\"}}\n"
  "Hello {{name}}!\n";

static const char *story_source =
  "---\n"
  "model: echo\n"
  "config:\n"
  "  temperature: 0.9\n"
  "input:\n"
  "  schema:\n"
  "    topic: string\n"
  "---\n"
  "Tell a short story about {{topic}}.\n";

typedef struct
{
  GenkitRuntime     *runtime;
  StudioWindow      *window;
  StudioPromptsPane *pane;
  char              *project;
  char              *greet_path;
} Fixture;

static gboolean
actions_listed (gpointer user_data)
{
  Fixture *fixture = user_data;
  StudioActionSidebar *sidebar = studio_actions_pane_get_sidebar (studio_window_get_actions_pane (fixture->window));

  return !studio_action_sidebar_get_loading (sidebar) &&
         studio_action_list_get_n_actions (studio_action_sidebar_get_list (sidebar)) > 0 &&
         !studio_prompts_pane_get_loading (fixture->pane);
}

static void
write_file (const char *path,
            const char *text)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *marker = NULL;
  g_autofree char *prompts = NULL;
  g_autofree char *partial = NULL;

  /* A project (package.json marks its root) with prompts/greet.prompt and a partial. */
  fixture->project = g_dir_make_tmp ("studio-prompts-XXXXXX", &error);
  g_assert_no_error (error);
  marker = g_build_filename (fixture->project, "package.json", NULL);
  write_file (marker, "{}");
  prompts = g_build_filename (fixture->project, "prompts", NULL);
  g_mkdir (prompts, 0700);
  fixture->greet_path = g_build_filename (prompts, "greet.prompt", NULL);
  write_file (fixture->greet_path, greet_source);
  partial = g_build_filename (prompts, "_signature.prompt", NULL);
  write_file (partial, "-- the studio");

  /* The built-in samples, and a prompt the runtime loads from a folder that is not the
   * project's prompts/ (as an app with another promptDir would). */
  {
    g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
    g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
    g_autoptr(GPtrArray) loaded = NULL;
    g_autofree char *elsewhere = g_build_filename (fixture->project, "elsewhere", NULL);
    g_autofree char *story = g_build_filename (elsewhere, "story.prompt", NULL);

    g_mkdir (elsewhere, 0700);
    write_file (story, story_source);
    genkit_samples_register (registry, &error);
    g_assert_no_error (error);
    loaded = genkit_prompt_load_directory (dotprompt, registry, elsewhere, NULL, &error);
    g_assert_no_error (error);
    fixture->runtime = GENKIT_RUNTIME (genkit_local_runtime_new (registry));
  }
  fixture->window = studio_window_new (NULL, fixture->runtime, NULL);
  fixture->pane = STUDIO_PROMPTS_PANE (studio_test_find_type (GTK_WIDGET (fixture->window), STUDIO_TYPE_PROMPTS_PANE));
  g_assert_nonnull (fixture->pane);
  g_assert_true (studio_window_open_project (fixture->window, fixture->project, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (fixture->window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (studio_test_wait (actions_listed, fixture, 60000));
  /* The Prompts page, as the view switcher shows it. */
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (fixture->window), "pane_stack")),
                                         "prompts");
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->runtime);
  studio_test_remove_tree (fixture->project);
  g_free (fixture->project);
  g_free (fixture->greet_path);
}

static void
open_greet (Fixture *fixture)
{
  g_autoptr(GFile) file = g_file_new_for_path (fixture->greet_path);
  g_autoptr(GError) error = NULL;

  g_assert_true (studio_prompts_pane_open_file (fixture->pane, file, &error));
  g_assert_no_error (error);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static GtkTextBuffer *
source_buffer (Fixture *fixture)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (studio_test_find (GTK_WIDGET (fixture->pane), "source_view")));
}

static const char *
message_text (JsonObject *rendered,
              guint       index)
{
  JsonArray *messages = json_object_get_array_member (rendered, "messages");
  JsonObject *message = json_array_get_object_element (messages, index);

  return json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (message, "content"), 0),
                                        "text");
}

static gboolean
preview_says_ada (gpointer user_data)
{
  Fixture *fixture = user_data;
  JsonObject *rendered = studio_prompts_pane_get_rendered (fixture->pane);

  return rendered != NULL && g_strcmp0 (message_text (rendered, 1), "\nHello Ada!") == 0;
}

static gboolean
output_finished (gpointer user_data)
{
  StudioPlaygroundColumn *output = studio_prompts_pane_get_output (user_data);

  return output != NULL && studio_playground_column_get_state (output) != STUDIO_RUNNER_STATE_RUNNING;
}

static void
test_render_and_run (Fixture       *fixture,
                     gconstpointer  data)
{
  StudioSchemaForm *form;
  StudioPlaygroundColumn *output;
  g_autofree char *answer = NULL;
  GtkWidget *preview;

  g_test_summary ("The project's .prompt files are listed; one opens with Dotprompt highlighting, an "
                  "input form from its schema and the rendered messages, which follow the input; Run "
                  "streams the prompt's model's answer");

  /* greet and the partial, from prompts/, and the runtime's story */
  g_assert_cmpuint (studio_prompts_pane_get_n_prompts (fixture->pane), ==, 3);
  open_greet (fixture);
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (GTK_SOURCE_BUFFER (source_buffer (fixture)))),
                   ==, "dotprompt");
  g_assert_null (studio_prompts_pane_get_error (fixture->pane));
  g_assert_false (studio_prompts_pane_get_modified (fixture->pane));

  /* The frontmatter and the {{...}} expressions are code; the template's prose is text (the
   * frontmatter ends at its closing line). */
  {
    GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (source_buffer (fixture));
    GtkTextIter start, end, iter;

    gtk_text_buffer_get_bounds (GTK_TEXT_BUFFER (buffer), &start, &end);
    gtk_source_buffer_ensure_highlight (buffer, &start, &end);
    gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (buffer), &iter, 1, 1);       /* model: echo */
    g_assert_true (gtk_source_buffer_iter_has_context_class (buffer, &iter, "no-spell-check"));
    gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (buffer), &iter, 6, 4);       /* {{role "system"}} */
    g_assert_true (gtk_source_buffer_iter_has_context_class (buffer, &iter, "no-spell-check"));
    gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (buffer), &iter, 7, 2);       /* Be brief. */
    g_assert_false (gtk_source_buffer_iter_has_context_class (buffer, &iter, "no-spell-check"));
    gtk_text_buffer_get_iter_at_line_offset (GTK_TEXT_BUFFER (buffer), &iter, 9, 8);       /* {{name}} */
    g_assert_true (gtk_source_buffer_iter_has_context_class (buffer, &iter, "no-spell-check"));
  }

  /* What each pause in typing costs: parse, metadata, render, preview. */
  {
    gint64 started = g_get_monotonic_time ();

    for (guint i = 0; i < 20; i++)
      studio_prompts_pane_update_now (fixture->pane);
    g_test_message ("parse and render as you type: %" G_GINT64_FORMAT " us each",
                    (g_get_monotonic_time () - started) / 20);
  }

  /* The form comes from the Picoschema; typing in it renders again. */
  form = STUDIO_SCHEMA_FORM (studio_test_find (GTK_WIDGET (fixture->pane), "input_form"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (form)));
  g_assert_nonnull (studio_schema_form_get_editor (form, "name"));
  gtk_editable_set_text (GTK_EDITABLE (studio_schema_form_get_editor (form, "name")), "Ada");
  g_assert_true (studio_test_wait (preview_says_ada, fixture, 60000));
  g_assert_cmpstr (message_text (studio_prompts_pane_get_rendered (fixture->pane), 0), ==, "\nBe brief.\n");
  preview = studio_test_find (GTK_WIDGET (fixture->pane), "preview_box");
  g_assert_nonnull (gtk_widget_get_first_child (preview));
  g_assert_nonnull (gtk_widget_get_next_sibling (gtk_widget_get_first_child (preview)));

  /* Ctrl+Enter's action runs the prompt on its model, echo, streamed. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "run", NULL);
  output = studio_prompts_pane_get_output (fixture->pane);
  g_assert_nonnull (output);
  g_assert_cmpstr (studio_playground_column_get_model_key (output), ==, "/model/echo");
  g_assert_true (studio_test_wait (output_finished, fixture->pane, 60000));
  g_assert_cmpint (studio_playground_column_get_state (output), ==, STUDIO_RUNNER_STATE_SUCCEEDED);
  answer = studio_playground_column_dup_text (output);
  g_assert_cmpstr (answer, ==, "\nHello Ada!");
  g_assert_cmpuint (studio_playground_column_get_n_chunks (output), >=, 2);

  /* Or on another model of the runtime: Genkit's test echoModel echoes the roles too. */
  {
    GtkDropDown *models = GTK_DROP_DOWN (studio_test_find (GTK_WIDGET (fixture->pane), "model_dropdown"));
    GListModel *names = gtk_drop_down_get_model (models);
    g_autofree char *other = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (names); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), "echoModel") == 0)
        gtk_drop_down_set_selected (models, i);
    g_assert_true (studio_prompts_pane_run (fixture->pane));
    output = studio_prompts_pane_get_output (fixture->pane);
    g_assert_cmpstr (studio_playground_column_get_model_key (output), ==, "/model/echoModel");
    g_assert_true (studio_test_wait (output_finished, fixture->pane, 60000));
    other = studio_playground_column_dup_text (output);
    g_assert_true (g_str_has_prefix (other, "Echo: system: "));
  }

  studio_test_save_png (GTK_WIDGET (fixture->window), "prompts-run.png");
}

static gboolean
has_error (gpointer user_data)
{
  return studio_prompts_pane_get_error (user_data) != NULL;
}

static gboolean
has_no_error (gpointer user_data)
{
  return studio_prompts_pane_get_error (user_data) == NULL;
}

/* Whether the error underline is on (1-based) @line and starts at @column. */
static void
assert_underlined_at (Fixture *fixture,
                      int      line,
                      int      column)
{
  GtkTextBuffer *buffer = source_buffer (fixture);
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "json-error");
  GtkTextIter iter, before;

  g_assert_nonnull (tag);
  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, line - 1, column - 1);
  g_assert_true (gtk_text_iter_has_tag (&iter, tag));
  before = iter;
  if (gtk_text_iter_backward_char (&before) && gtk_text_iter_get_line (&before) == line - 1)
    g_assert_false (gtk_text_iter_has_tag (&before, tag));
  /* Nothing on the other lines. */
  gtk_text_buffer_get_start_iter (buffer, &iter);
  do
    if (gtk_text_iter_get_line (&iter) != line - 1)
      g_assert_false (gtk_text_iter_has_tag (&iter, tag));
  while (gtk_text_iter_forward_char (&iter));
}

static void
test_error_underlined (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  const GError *error;
  GtkWidget *error_label;

  g_test_summary ("As you type, an error in a .prompt file is underlined at the line and column "
                  "Dotprompt names, and said below the editor; fixing it clears both");

  open_greet (fixture);
  buffer = source_buffer (fixture);
  error_label = studio_test_find (GTK_WIDGET (fixture->pane), "error_label");

  /* A template error: an {{#if}} never closed, on line 11. */
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "{{#if name}}Welcome back.\n", -1);
  g_assert_true (studio_prompts_pane_get_modified (fixture->pane));
  g_assert_true (studio_test_wait (has_error, fixture->pane, 60000));
  error = studio_prompts_pane_get_error (fixture->pane);
  g_test_message ("template error: %s", error->message);
  /* Where the block opens. */
  g_assert_true (g_str_has_prefix (error->message, "greet.prompt:11:1: "));
  assert_underlined_at (fixture, 11, 1);
  g_assert_true (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (fixture->pane), "error_bar")));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (error_label)), ==, error->message);
  studio_test_save_png (GTK_WIDGET (fixture->window), "prompts-error.png");

  /* Fixed: no error, no underline. */
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "{{/if}}\n", -1);
  g_assert_true (studio_test_wait (has_no_error, fixture->pane, 60000));
  g_assert_false (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (fixture->pane), "error_bar")));

  /* A frontmatter error: a YAML flow sequence never closed, on line 5; libyaml finds it out
   * on the next line. */
  gtk_text_buffer_get_iter_at_line (buffer, &iter, 4);
  gtk_text_buffer_insert (buffer, &iter, "    tags: [a, b\n", -1);
  g_assert_true (studio_test_wait (has_error, fixture->pane, 60000));
  error = studio_prompts_pane_get_error (fixture->pane);
  g_test_message ("frontmatter error: %s", error->message);
  g_assert_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_FRONTMATTER);
  g_assert_true (g_str_has_prefix (error->message, "greet.prompt:"));
  {
    int line = atoi (error->message + strlen ("greet.prompt:"));
    int column = atoi (strchr (error->message + strlen ("greet.prompt:"), ':') + 1);

    g_assert_cmpint (line, >=, 5);
    g_assert_cmpint (line, <=, 6);
    assert_underlined_at (fixture, line, column);
  }
}

static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  GtkTextBuffer *buffer;
  GtkTextIter iter;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;

  g_test_summary ("Save writes the edited source back to the project's file");

  open_greet (fixture);
  buffer = source_buffer (fixture);
  gtk_text_buffer_get_end_iter (buffer, &iter);
  gtk_text_buffer_insert (buffer, &iter, "{{> signature}}\n", -1);
  studio_prompts_pane_update_now (fixture->pane);
  g_assert_null (studio_prompts_pane_get_error (fixture->pane));
  g_assert_cmpstr (message_text (studio_prompts_pane_get_rendered (fixture->pane), 1), ==, "\nHello !\n-- the studio");

  g_assert_true (studio_prompts_pane_get_modified (fixture->pane));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (fixture->pane), "name_label"))), ==,
                   "• greet.prompt");
  g_assert_true (studio_prompts_pane_save (fixture->pane, &error));
  g_assert_no_error (error);
  g_assert_false (studio_prompts_pane_get_modified (fixture->pane));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (fixture->pane), "name_label"))), ==,
                   "greet.prompt");
  g_file_get_contents (fixture->greet_path, &saved, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (saved, "Hello {{name}}!\n{{> signature}}\n"));
}

static gboolean
playground_ready (gpointer user_data)
{
  return !studio_playground_get_loading (user_data);
}

static gboolean
four_prompts (gpointer user_data)
{
  return studio_prompts_pane_get_n_prompts (user_data) == 4;
}

static void
test_playground_round_trip (Fixture       *fixture,
                            gconstpointer  data)
{
  StudioPlayground *playground;
  g_autoptr(JsonObject) options = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->project, "prompts", "from-playground.prompt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  JsonObject *rendered;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_test_summary ("Save as .prompt from the playground, opened in the prompt editor, renders the "
                  "same messages, config, tools and output schema");

  /* From the Prompts page, show-action goes to the actions page. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-action", g_variant_new_string ("/model/echo"));
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (fixture->window), "pane_stack"))),
                   ==, "actions");
  playground = studio_actions_pane_get_visible_playground (studio_window_get_actions_pane (fixture->window));
  g_assert_nonnull (playground);
  g_assert_true (studio_test_wait (playground_ready, playground, 60000));
  studio_playground_clear_messages (playground);
  studio_playground_add_message (playground, "system", "Answer with a number.", NULL);
  studio_playground_add_message (playground, "user", "What is 1 + 2?", "https://example.com/sum.png");
  g_assert_true (studio_playground_set_tool_active (playground, "/tool/add", TRUE));
  options = studio_playground_dup_options (playground, &error);
  g_assert_no_error (error);
  g_assert_true (studio_playground_save_prompt (playground, file, &error));
  g_assert_no_error (error);

  /* The new file in prompts/ joins the list (greet, the partial, the runtime's story). */
  g_assert_true (studio_test_wait (four_prompts, fixture->pane, 60000));

  g_assert_true (studio_prompts_pane_open_file (fixture->pane, file, &error));
  g_assert_no_error (error);
  g_assert_null (studio_prompts_pane_get_error (fixture->pane));
  rendered = studio_prompts_pane_get_rendered (fixture->pane);
  a = json_to_string (json_object_get_member (rendered, "messages"), FALSE);
  b = json_to_string (json_object_get_member (options, "messages"), FALSE);
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (json_object_get_string_member (rendered, "model"), ==, "echo");
  /* The tool is resolved from the runtime, as a definition. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (rendered, "toolDefs"), 0), "name"),
                   ==, "add");
}

static void
test_runtime_prompt (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  JsonObject *rendered;
  g_autofree char *source = NULL;
  GtkTextIter start, end;

  g_test_summary ("A prompt of the runtime that is not a file of the project opens from the "
                  "frontmatter and template its action publishes, and renders the same");

  g_assert_true (studio_prompts_pane_open_action (fixture->pane, "/prompt/story", &error));
  g_assert_no_error (error);
  g_assert_null (studio_prompts_pane_get_file (fixture->pane));
  g_assert_null (studio_prompts_pane_get_error (fixture->pane));
  gtk_text_buffer_get_bounds (source_buffer (fixture), &start, &end);
  source = gtk_text_buffer_get_text (source_buffer (fixture), &start, &end, FALSE);
  g_assert_nonnull (strstr (source, "Tell a short story about {{topic}}."));
  rendered = studio_prompts_pane_get_rendered (fixture->pane);
  g_assert_cmpstr (json_object_get_string_member (rendered, "model"), ==, "echo");
  g_assert_cmpfloat (json_object_get_double_member (json_object_get_object_member (rendered, "config"), "temperature"), ==, 0.9);
  g_assert_cmpstr (message_text (rendered, 0), ==, "Tell a short story about .");

  /* Not in the runtime: said, not opened. */
  g_assert_false (studio_prompts_pane_open_action (fixture->pane, "/prompt/missing", &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

static gboolean
message_dialog_shown (gpointer user_data)
{
  return find_message_dialog () != NULL;
}

static void
test_unsaved_changes (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *partial = g_build_filename (fixture->project, "prompts", "_signature.prompt", NULL);
  g_autoptr(GFile) partial_file = g_file_new_for_path (partial);
  g_autofree char *saved = NULL;
  GtkTextIter end;
  AdwMessageDialog *dialog;

  g_test_summary ("Opening another prompt with unsaved changes asks first: Cancel keeps them, Save "
                  "writes them, then the other prompt opens");

  open_greet (fixture);
  gtk_text_buffer_get_end_iter (source_buffer (fixture), &end);
  gtk_text_buffer_insert (source_buffer (fixture), &end, "Bye.\n", -1);

  /* win.open-prompt, as over D-Bus: asks, and Cancel keeps greet open and changed. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "open-prompt", g_variant_new_string (partial));
  g_assert_true (studio_test_wait (message_dialog_shown, NULL, 60000));
  dialog = g_object_ref (find_message_dialog ());
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  g_assert_true (studio_prompts_pane_get_modified (fixture->pane));
  g_assert_true (g_str_has_suffix (g_file_peek_path (studio_prompts_pane_get_file (fixture->pane)), "greet.prompt"));

  /* Save: written, then the partial opens. */
  studio_prompts_pane_ask_open_file (fixture->pane, partial_file);
  g_assert_true (studio_test_wait (message_dialog_shown, NULL, 60000));
  dialog = g_object_ref (find_message_dialog ());
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  g_assert_true (g_file_equal (studio_prompts_pane_get_file (fixture->pane), partial_file));
  g_assert_false (studio_prompts_pane_get_modified (fixture->pane));
  g_file_get_contents (fixture->greet_path, &saved, NULL, NULL);
  g_assert_true (g_str_has_suffix (saved, "Hello {{name}}!\nBye.\n"));
}

static void
test_close_with_changes (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkTextIter end;
  AdwMessageDialog *dialog;
  g_autofree char *saved = NULL;

  g_test_summary ("Closing the window with unsaved changes to a prompt asks first; Discard closes it "
                  "and leaves the file as it was");

  open_greet (fixture);
  gtk_text_buffer_get_end_iter (source_buffer (fixture), &end);
  gtk_text_buffer_insert (source_buffer (fixture), &end, "Bye.\n", -1);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);

  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_true (studio_test_wait (message_dialog_shown, NULL, 60000));
  g_assert_nonnull (fixture->window);
  dialog = g_object_ref (find_message_dialog ());
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  g_assert_null (fixture->window);
  g_file_get_contents (fixture->greet_path, &saved, NULL, NULL);
  g_assert_cmpstr (saved, ==, greet_source);
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/prompts/render-and-run", test_render_and_run);
  ADD ("/app/prompts/error-underlined", test_error_underlined);
  ADD ("/app/prompts/save", test_save);
  ADD ("/app/prompts/playground-round-trip", test_playground_round_trip);
  ADD ("/app/prompts/runtime-prompt", test_runtime_prompt);
  ADD ("/app/prompts/unsaved-changes", test_unsaved_changes);
  ADD ("/app/prompts/close-with-changes", test_close_with_changes);
#undef ADD

  return g_test_run ();
}
