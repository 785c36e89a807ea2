/* studio-json-editor.c — a GtkSourceView for JSON, coloured for the light or dark style
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <adwaita.h>

#include "studio-json-editor.h"

/**
 * StudioJsonEditor:
 *
 * The studio's JSON text views: the input and context editors of a runner, and the raw
 * view of a result. JSON highlighting (GtkSourceView's `json` language), a monospace font,
 * two-space indents, matching brackets, and the Adwaita style scheme of the current light
 * or dark style. studio_json_editor_mark_error() underlines the place a parse error names
 * (`<data>:LINE:COLUMN: ...`, as genkit_json_parse() reports it).
 *
 * studio_json_editor_set_language() makes it an editor of another language with the same
 * looks and error marks: the prompt editor's Dotprompt (`dotprompt`, the studio's own
 * `dotprompt.lang`, found in its resources).
 */
struct _StudioJsonEditor
{
  GtkSourceView  parent_instance;

  GtkTextTag    *error_tag;
};

G_DEFINE_FINAL_TYPE (StudioJsonEditor, studio_json_editor, GTK_SOURCE_TYPE_VIEW)

static void
studio_json_editor_update_scheme (StudioJsonEditor *self)
{
  GtkSourceStyleSchemeManager *manager = gtk_source_style_scheme_manager_get_default ();
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  GtkSourceStyleScheme *scheme;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  scheme = gtk_source_style_scheme_manager_get_scheme (manager, dark ? "Adwaita-dark" : "Adwaita");
  if (scheme != NULL)
    gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
}

static void
studio_json_editor_dark_changed_cb (StudioJsonEditor *self)
{
  studio_json_editor_update_scheme (self);
}

/**
 * studio_json_editor_new:
 *
 * Returns: (transfer floating): a new, editable JSON editor
 */
GtkWidget *
studio_json_editor_new (void)
{
  return g_object_new (STUDIO_TYPE_JSON_EDITOR, NULL);
}

/**
 * studio_json_editor_dup_text:
 * @self: a [class@Studio.JsonEditor]
 *
 * Returns: (transfer full): the whole text
 */
char *
studio_json_editor_dup_text (StudioJsonEditor *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (STUDIO_IS_JSON_EDITOR (self), NULL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/**
 * studio_json_editor_set_text:
 * @self: a [class@Studio.JsonEditor]
 * @text: (nullable): the new text
 *
 * Replaces the text, as one undoable step; does nothing when it is the same.
 */
void
studio_json_editor_set_text (StudioJsonEditor *self,
                             const char       *text)
{
  GtkTextBuffer *buffer;
  g_autofree char *current = NULL;
  GtkTextIter start, end;

  g_return_if_fail (STUDIO_IS_JSON_EDITOR (self));

  current = studio_json_editor_dup_text (self);
  if (g_strcmp0 (current, text ? text : "") == 0)
    return;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_begin_user_action (buffer);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);
  gtk_text_buffer_insert (buffer, &start, text ? text : "", -1);
  gtk_text_buffer_end_user_action (buffer);
}

/**
 * studio_json_editor_mark_error:
 * @self: a [class@Studio.JsonEditor]
 * @message: a parse error message holding `LINE:COLUMN:`
 *
 * Underlines the rest of the line from the position @message names; without a position, the
 * whole text.
 */
void
studio_json_editor_mark_error (StudioJsonEditor *self,
                               const char       *message)
{
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (STUDIO_IS_JSON_EDITOR (self));

  studio_json_editor_clear_error (self);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  regex = g_regex_new (":([0-9]+):([0-9]+):", G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  if (message != NULL && g_regex_match (regex, message, G_REGEX_MATCH_DEFAULT, &match))
    {
      g_autofree char *line_text = g_match_info_fetch (match, 1);
      g_autofree char *column_text = g_match_info_fetch (match, 2);
      int line = MAX (1, atoi (line_text)) - 1;
      int column = MAX (1, atoi (column_text)) - 1;

      gtk_text_buffer_get_iter_at_line_offset (buffer, &start, line, 0);
      if (column < gtk_text_iter_get_chars_in_line (&start))
        gtk_text_iter_set_line_offset (&start, column);
      end = start;
      if (!gtk_text_iter_ends_line (&end))
        gtk_text_iter_forward_to_line_end (&end);
      if (gtk_text_iter_equal (&start, &end))
        {
          /* At the end of a line (or the text): mark the character before. */
          gtk_text_iter_backward_char (&start);
        }
    }
  gtk_text_buffer_apply_tag (buffer, self->error_tag, &start, &end);
}

/**
 * studio_json_editor_clear_error:
 * @self: a [class@Studio.JsonEditor]
 *
 * Removes the underline of studio_json_editor_mark_error().
 */
void
studio_json_editor_clear_error (StudioJsonEditor *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_if_fail (STUDIO_IS_JSON_EDITOR (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->error_tag, &start, &end);
}

static void
studio_json_editor_constructed (GObject *object)
{
  StudioJsonEditor *self = STUDIO_JSON_EDITOR (object);
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkSourceBuffer *buffer;

  G_OBJECT_CLASS (studio_json_editor_parent_class)->constructed (object);

  /* GtkSourceView's own buffer: replacing it before GtkSourceView is constructed upsets its
   * snippet handling. */
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
  gtk_source_buffer_set_language (buffer, gtk_source_language_manager_get_language (languages, "json"));
  gtk_source_buffer_set_highlight_matching_brackets (buffer, TRUE);
  self->error_tag = gtk_text_buffer_create_tag (GTK_TEXT_BUFFER (buffer), "json-error",
                                                "underline", PANGO_UNDERLINE_ERROR_LINE,
                                                NULL);
  studio_json_editor_update_scheme (self);
}

/**
 * studio_json_editor_set_language:
 * @self: a [class@Studio.JsonEditor]
 * @language_id: a GtkSourceView language id: `json`, `dotprompt`, ...
 *
 * Highlights the text as @language_id instead of JSON.
 */
void
studio_json_editor_set_language (StudioJsonEditor *self,
                                 const char       *language_id)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkTextBuffer *buffer;

  g_return_if_fail (STUDIO_IS_JSON_EDITOR (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
                                  gtk_source_language_manager_get_language (languages, language_id));
}

static void
studio_json_editor_class_init (StudioJsonEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* The studio's own languages, before the manager reads its search path the first time
   * (it cannot change afterwards). */
  gtk_source_language_manager_append_search_path (gtk_source_language_manager_get_default (),
                                                  "resource:///io/github/genkitstudio/Studio/language-specs");

  object_class->constructed = studio_json_editor_constructed;

  gtk_widget_class_set_css_name (widget_class, "jsoneditor");
}

static void
studio_json_editor_init (StudioJsonEditor *self)
{
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (self), TRUE);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (self), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (self), 6);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), 6);
  gtk_source_view_set_auto_indent (GTK_SOURCE_VIEW (self), TRUE);
  gtk_source_view_set_indent_width (GTK_SOURCE_VIEW (self), 2);
  gtk_source_view_set_tab_width (GTK_SOURCE_VIEW (self), 2);
  gtk_source_view_set_insert_spaces_instead_of_tabs (GTK_SOURCE_VIEW (self), TRUE);
  gtk_source_view_set_smart_backspace (GTK_SOURCE_VIEW (self), TRUE);

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (studio_json_editor_dark_changed_cb), self,
                           G_CONNECT_SWAPPED);
}
