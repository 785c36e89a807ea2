/* test-app-markdown.c — a model's Markdown shown as formatted text
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "studio-markdown-view.h"
#include "studio-result-view.h"
#include "studio-test-util.h"
#include "studio-util.h"

static char *
buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* Whether the text @needle is in @buffer with the tag @tag_name. */
static gboolean
has_tagged (GtkTextBuffer *buffer,
            const char    *needle,
            const char    *tag_name)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter start, match_start, match_end;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (tag == NULL || !gtk_text_iter_forward_search (&start, needle, 0, &match_start, &match_end, NULL))
    return FALSE;
  return gtk_text_iter_has_tag (&match_start, tag);
}

static void
test_render (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autofree char *text = NULL;

  g_test_summary ("Headings, emphasis, code, lists, quotes, tables and entities become formatted text");

  studio_markdown_render (buffer,
                          "# Title\n"
                          "\n"
                          "Some **bold**, *italic* and `code` &amp; ~~gone~~.\n"
                          "\n"
                          "- one\n"
                          "- two\n"
                          "  1. nested\n"
                          "\n"
                          "> quoted\n"
                          "\n"
                          "```c\n"
                          "int x;\n"
                          "```\n"
                          "\n"
                          "| a | b |\n"
                          "|---|---|\n"
                          "| 1 | 2 |\n"
                          "\n"
                          "- [x] done\n"
                          "\n"
                          "[link](https://genkit.dev)\n",
                          FALSE);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==,
                   "Title\n"
                   "\n"
                   "Some bold, italic and code & gone.\n"
                   "\n"
                   "• one\n"
                   "• two\n"
                   "    1. nested\n"
                   "\n"
                   "quoted\n"
                   "\n"
                   "int x;\n"
                   "\n"
                   "a  │  b\n"
                   "1  │  2\n"
                   "\n"
                   "☑ done\n"
                   "\n"
                   "link");
  g_assert_true (has_tagged (buffer, "Title", "h1"));
  g_assert_true (has_tagged (buffer, "bold", "strong"));
  g_assert_true (has_tagged (buffer, "italic", "em"));
  g_assert_true (has_tagged (buffer, "code", "code"));
  g_assert_true (has_tagged (buffer, "gone", "del"));
  g_assert_true (has_tagged (buffer, "quoted", "quote"));
  g_assert_true (has_tagged (buffer, "int x;", "codeblock"));
  g_assert_true (has_tagged (buffer, "link", "link"));
}

static void
test_render_again (void)
{
  g_autoptr(GtkTextBuffer) buffer = gtk_text_buffer_new (NULL);
  g_autofree char *text = NULL;

  g_test_summary ("Rendering again replaces the text, also after switching to dark");

  studio_markdown_render (buffer, "[a](https://a.example) [b](https://b.example)", FALSE);
  studio_markdown_render (buffer, "plain", TRUE);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "plain");
  studio_markdown_render (buffer, NULL, TRUE);
  g_clear_pointer (&text, g_free);
  text = buffer_text (buffer);
  g_assert_cmpstr (text, ==, "");
}

static void
test_result_view_generate_response (void)
{
  GtkWidget *window = gtk_window_new ();
  StudioResultView *view = STUDIO_RESULT_VIEW (studio_result_view_new ());
  g_autoptr(JsonNode) response = json_from_string (
    "{\"message\": {\"role\": \"model\", \"content\": [{\"text\": \"# Hi\\n\\nI am **echo**.\"}]},"
    " \"finishReason\": \"stop\", \"usage\": {\"inputTokens\": 12, \"outputTokens\": 5}}", NULL);
  g_autoptr(JsonNode) flow_result = json_from_string ("{\"done\": true, \"total\": 3}", NULL);
  GListModel *tree;

  g_test_summary ("A model's GenerateResponse opens as Markdown text with its token usage; other "
                  "results open as a tree");

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_present (GTK_WINDOW (window));

  studio_result_view_set_value (view, response);
  gtk_test_widget_wait_for_draw (window);
  g_assert_cmpstr (studio_result_view_get_mode (view), ==, "text");
  g_assert_cmpstr (studio_result_view_get_markdown (view), ==, "# Hi\n\nI am **echo**.");
  g_assert_nonnull (studio_test_find (GTK_WIDGET (view), "summary_label"));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (view), "summary_label"))),
                   ==, "12 input · 5 output tokens");
  studio_test_save_png (window, "result-markdown.png");

  studio_result_view_set_value (view, flow_result);
  gtk_test_widget_wait_for_draw (window);
  g_assert_cmpstr (studio_result_view_get_mode (view), ==, "tree");
  tree = studio_result_view_get_tree (view);
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 2);
  studio_result_view_set_mode (view, "json");
  g_assert_cmpstr (studio_result_view_get_mode (view), ==, "json");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_fold (void)
{
  GtkWidget *window = gtk_window_new ();
  StudioResultView *view = STUDIO_RESULT_VIEW (studio_result_view_new ());
  g_autoptr(JsonNode) value = json_from_string ("{\"a\": {\"b\": [1, 2, {\"c\": null}]}, \"d\": \"x\"}", NULL);
  GListModel *tree;
  g_autoptr(GtkTreeListRow) row = NULL;

  g_test_summary ("The tree folds: collapsing a member hides what it holds");

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_present (GTK_WINDOW (window));
  studio_result_view_set_value (view, value);
  tree = studio_result_view_get_tree (view);
  /* a, b, 1, 2, {c}, c, d: small values open fully */
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 7);
  row = g_list_model_get_item (tree, 0);
  gtk_tree_list_row_set_expanded (row, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (tree), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_generate_helpers (void)
{
  g_autoptr(JsonNode) legacy = json_from_string (
    "{\"candidates\": [{\"index\": 0, \"message\": {\"role\": \"model\", \"content\": [{\"text\": \"a\"}, {\"media\": {\"url\": \"x\"}}, {\"text\": \"b\"}]}}]}", NULL);
  g_autoptr(JsonNode) chunk = json_from_string ("{\"content\": [{\"text\": \"Once\"}], \"index\": 0, \"role\": \"model\"}", NULL);
  g_autoptr(JsonNode) other = json_from_string ("{\"n\": 3}", NULL);
  g_autofree char *text = studio_generate_response_dup_text (legacy);
  g_autofree char *chunk_text = studio_chunk_dup_text (chunk);

  g_assert_true (studio_is_generate_response (legacy));
  g_assert_cmpstr (text, ==, "ab");
  g_assert_cmpstr (chunk_text, ==, "Once");
  g_assert_null (studio_chunk_dup_text (other));
  g_assert_false (studio_is_generate_response (other));
  g_assert_null (studio_generate_response_dup_usage (legacy));
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

  g_test_add_func ("/app/markdown/render", test_render);
  g_test_add_func ("/app/markdown/render-again", test_render_again);
  g_test_add_func ("/app/markdown/result-view-generate-response", test_result_view_generate_response);
  g_test_add_func ("/app/markdown/fold", test_fold);
  g_test_add_func ("/app/markdown/generate-helpers", test_generate_helpers);

  return g_test_run ();
}
