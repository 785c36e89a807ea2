/* studio-markdown-view.c — Markdown (a model's text) shown as formatted text, with md4c
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <md4c.h>

#include "studio-markdown-view.h"

/**
 * StudioMarkdownView:
 *
 * Shows Markdown — what models write — as formatted, selectable text: headings, emphasis,
 * code spans and blocks, block quotes, bullet, numbered and task lists, tables (cells
 * separated by bars), rules and links (opened with a click when they are http, https or
 * mailto). The text is parsed by md4c (GitHub dialect) into a #GtkTextBuffer with tags;
 * nothing is fetched, and raw HTML is shown as text.
 */
struct _StudioMarkdownView
{
  GtkWidget    parent_instance;

  GtkTextView *text_view;
  char        *markdown;
};

G_DEFINE_FINAL_TYPE (StudioMarkdownView, studio_markdown_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MARKDOWN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rendering --------------------------------------------------------------------------------- */

typedef struct
{
  gboolean ordered;
  unsigned counter;
} ListFrame;

typedef struct
{
  GtkTextBuffer *buffer;
  GPtrArray     *tags;          /* the tags in effect, innermost last */
  GArray        *lists;         /* ListFrame */
  guint          cells_in_row;
  gboolean       dark;
} Render;

static GtkTextTag *
render_tag (Render     *render,
            const char *name)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (render->buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);

  if (tag != NULL)
    return tag;

  /* Colours depend on the style; everything else is the same in light and dark. */
  if (g_str_equal (name, "h1"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "weight", PANGO_WEIGHT_BOLD, "scale", 1.6, NULL);
  else if (g_str_equal (name, "h2"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "weight", PANGO_WEIGHT_BOLD, "scale", 1.4, NULL);
  else if (g_str_equal (name, "h3"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "weight", PANGO_WEIGHT_BOLD, "scale", 1.2, NULL);
  else if (g_str_has_prefix (name, "h"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "weight", PANGO_WEIGHT_BOLD, NULL);
  else if (g_str_equal (name, "em"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "style", PANGO_STYLE_ITALIC, NULL);
  else if (g_str_equal (name, "strong"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "weight", PANGO_WEIGHT_BOLD, NULL);
  else if (g_str_equal (name, "del"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "strikethrough", TRUE, NULL);
  else if (g_str_equal (name, "u"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "underline", PANGO_UNDERLINE_SINGLE, NULL);
  else if (g_str_equal (name, "code"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "family", "monospace",
                                      "background", render->dark ? "#3a3a3a" : "#ececec", NULL);
  else if (g_str_equal (name, "codeblock"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "family", "monospace",
                                      "paragraph-background", render->dark ? "#303030" : "#f2f2f2",
                                      "left-margin", 12, "right-margin", 12, NULL);
  else if (g_str_equal (name, "quote"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "style", PANGO_STYLE_ITALIC,
                                      "left-margin", 18,
                                      "foreground", render->dark ? "#c0bfbc" : "#5e5c64", NULL);
  else if (g_str_equal (name, "rule"))
    tag = gtk_text_buffer_create_tag (render->buffer, name,
                                      "foreground", render->dark ? "#77767b" : "#9a9996", NULL);
  else if (g_str_equal (name, "link"))
    tag = gtk_text_buffer_create_tag (render->buffer, name, "underline", PANGO_UNDERLINE_SINGLE,
                                      "foreground", render->dark ? "#78aeed" : "#1c71d8", NULL);
  else
    tag = gtk_text_buffer_create_tag (render->buffer, name, NULL);
  return tag;
}

static gboolean
render_is_empty (Render *render)
{
  return gtk_text_buffer_get_char_count (render->buffer) == 0;
}

static gunichar
render_last_char (Render *render,
                  guint   back)
{
  GtkTextIter end;

  gtk_text_buffer_get_end_iter (render->buffer, &end);
  for (guint i = 0; i <= back; i++)
    if (!gtk_text_iter_backward_char (&end))
      return 0;
  return gtk_text_iter_get_char (&end);
}

static void
render_insert_with (Render     *render,
                    const char *text,
                    gssize      length,
                    GtkTextTag *extra)
{
  GtkTextIter start, end;
  int offset;

  gtk_text_buffer_get_end_iter (render->buffer, &end);
  offset = gtk_text_iter_get_offset (&end);
  gtk_text_buffer_insert (render->buffer, &end, text, length);
  gtk_text_buffer_get_iter_at_offset (render->buffer, &start, offset);
  gtk_text_buffer_get_end_iter (render->buffer, &end);
  for (guint i = 0; i < render->tags->len; i++)
    gtk_text_buffer_apply_tag (render->buffer, g_ptr_array_index (render->tags, i), &start, &end);
  if (extra != NULL)
    gtk_text_buffer_apply_tag (render->buffer, extra, &start, &end);
}

static void
render_insert (Render     *render,
               const char *text,
               gssize      length)
{
  render_insert_with (render, text, length, NULL);
}

/* Line breaks go in without the tags of the block that follows. */
static void
render_newlines (Render *render,
                 guint   wanted)
{
  GtkTextIter end;
  guint have = 0;

  if (render_is_empty (render))
    return;
  while (have < wanted && render_last_char (render, have) == '\n')
    have++;
  gtk_text_buffer_get_end_iter (render->buffer, &end);
  for (; have < wanted; have++)
    gtk_text_buffer_insert (render->buffer, &end, "\n", 1);
}

/* A top-level block is set off by an empty line; one inside a list or quote by a line break. */
static void
render_start_block (Render *render)
{
  render_newlines (render, render->lists->len == 0 ? 2 : 1);
}

static void
render_push (Render     *render,
             const char *name)
{
  g_ptr_array_add (render->tags, render_tag (render, name));
}

static void
render_pop (Render *render)
{
  if (render->tags->len > 0)
    g_ptr_array_set_size (render->tags, render->tags->len - 1);
}

static int
render_enter_block (MD_BLOCKTYPE  type,
                    void         *detail,
                    void         *user_data)
{
  Render *render = user_data;

  switch (type)
    {
    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
      break;
    case MD_BLOCK_QUOTE:
      render_start_block (render);
      render_push (render, "quote");
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      {
        ListFrame frame = { type == MD_BLOCK_OL, 1 };

        if (type == MD_BLOCK_OL)
          frame.counter = ((MD_BLOCK_OL_DETAIL *) detail)->start;
        if (render->lists->len == 0)
          render_start_block (render);
        g_array_append_val (render->lists, frame);
      }
      break;
    case MD_BLOCK_LI:
      {
        MD_BLOCK_LI_DETAIL *li = detail;
        ListFrame *frame = &g_array_index (render->lists, ListFrame, render->lists->len - 1);
        g_autoptr(GString) mark = g_string_new (NULL);

        render_newlines (render, 1);
        for (guint depth = 1; depth < render->lists->len; depth++)
          g_string_append (mark, "    ");
        if (li->is_task)
          g_string_append (mark, li->task_mark == ' ' ? "☐ " : "☑ ");
        else if (frame->ordered)
          g_string_append_printf (mark, "%u. ", frame->counter++);
        else
          g_string_append (mark, "• ");
        render_insert (render, mark->str, mark->len);
      }
      break;
    case MD_BLOCK_HR:
      render_start_block (render);
      render_insert_with (render, "――――――――――――――――――――", -1, render_tag (render, "rule"));
      break;
    case MD_BLOCK_H:
      {
        char name[3] = { 'h', '0' + MIN (((MD_BLOCK_H_DETAIL *) detail)->level, 6), '\0' };

        render_start_block (render);
        render_push (render, name);
      }
      break;
    case MD_BLOCK_CODE:
      render_start_block (render);
      render_push (render, "codeblock");
      break;
    case MD_BLOCK_HTML:
      render_start_block (render);
      render_push (render, "code");
      break;
    case MD_BLOCK_P:
      /* The first paragraph of a list item goes on the item's line. */
      if (render->lists->len == 0 || render_last_char (render, 0) == '\n')
        render_start_block (render);
      else if (render_last_char (render, 0) != ' ')
        render_newlines (render, 1);
      break;
    case MD_BLOCK_TABLE:
      render_start_block (render);
      break;
    case MD_BLOCK_TR:
      render_newlines (render, 1);
      render->cells_in_row = 0;
      break;
    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      if (render->cells_in_row++ > 0)
        render_insert_with (render, "  │  ", -1, render_tag (render, "rule"));
      if (type == MD_BLOCK_TH)
        render_push (render, "strong");
      break;
    default:
      break;
    }
  return 0;
}

static int
render_leave_block (MD_BLOCKTYPE  type,
                    void         *detail,
                    void         *user_data)
{
  Render *render = user_data;

  switch (type)
    {
    case MD_BLOCK_QUOTE:
    case MD_BLOCK_H:
    case MD_BLOCK_HTML:
    case MD_BLOCK_TH:
      render_pop (render);
      break;
    case MD_BLOCK_CODE:
      /* md4c ends every code line with a newline; the block's last one is ours to place. */
      if (render_last_char (render, 0) == '\n')
        {
          GtkTextIter start, end;

          gtk_text_buffer_get_end_iter (render->buffer, &end);
          start = end;
          gtk_text_iter_backward_char (&start);
          gtk_text_buffer_delete (render->buffer, &start, &end);
        }
      render_pop (render);
      break;
    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      g_array_set_size (render->lists, render->lists->len - 1);
      break;
    default:
      break;
    }
  return 0;
}

static int
render_enter_span (MD_SPANTYPE  type,
                   void        *detail,
                   void        *user_data)
{
  Render *render = user_data;

  switch (type)
    {
    case MD_SPAN_EM:
      render_push (render, "em");
      break;
    case MD_SPAN_STRONG:
      render_push (render, "strong");
      break;
    case MD_SPAN_CODE:
    case MD_SPAN_LATEXMATH:
    case MD_SPAN_LATEXMATH_DISPLAY:
      render_push (render, "code");
      break;
    case MD_SPAN_DEL:
      render_push (render, "del");
      break;
    case MD_SPAN_U:
      render_push (render, "u");
      break;
    case MD_SPAN_IMG:
      render_push (render, "em");
      break;
    case MD_SPAN_A:
      {
        MD_SPAN_A_DETAIL *a = detail;
        GtkTextTag *tag = gtk_text_buffer_create_tag (render->buffer, NULL, NULL);

        g_object_set_data_full (G_OBJECT (tag), "href", g_strndup (a->href.text, a->href.size), g_free);
        g_ptr_array_add (render->tags, tag);
        render_push (render, "link");
      }
      break;
    case MD_SPAN_WIKILINK:
    default:
      render_push (render, "u");
      break;
    }
  return 0;
}

static int
render_leave_span (MD_SPANTYPE  type,
                   void        *detail,
                   void        *user_data)
{
  Render *render = user_data;

  render_pop (render);
  if (type == MD_SPAN_A)
    render_pop (render);
  return 0;
}

static void
render_entity (Render     *render,
               const char *text,
               gsize       size)
{
  static const struct { const char *name; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" }, { "&apos;", "'" },
    { "&nbsp;", "\u00a0" }, { "&copy;", "©" }, { "&reg;", "®" }, { "&hellip;", "…" },
    { "&mdash;", "—" }, { "&ndash;", "–" }, { "&laquo;", "«" }, { "&raquo;", "»" },
  };
  g_autofree char *entity = g_strndup (text, size);

  if (size > 3 && entity[1] == '#')
    {
      gboolean hex = entity[2] == 'x' || entity[2] == 'X';
      gunichar c = (gunichar) g_ascii_strtoull (entity + (hex ? 3 : 2), NULL, hex ? 16 : 10);
      char utf8[8] = { 0 };

      if (c == 0 || !g_unichar_validate (c))
        c = 0xfffd;
      g_unichar_to_utf8 (c, utf8);
      render_insert (render, utf8, -1);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_str_equal (entity, entities[i].name))
      {
        render_insert (render, entities[i].text, -1);
        return;
      }
  render_insert (render, text, size);
}

static int
render_text (MD_TEXTTYPE   type,
             const MD_CHAR *text,
             MD_SIZE        size,
             void          *user_data)
{
  Render *render = user_data;

  switch (type)
    {
    case MD_TEXT_NULLCHAR:
      render_insert (render, "\ufffd", -1);
      break;
    case MD_TEXT_BR:
      render_insert (render, "\n", 1);
      break;
    case MD_TEXT_SOFTBR:
      render_insert (render, " ", 1);
      break;
    case MD_TEXT_ENTITY:
      render_entity (render, text, size);
      break;
    case MD_TEXT_NORMAL:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    case MD_TEXT_LATEXMATH:
    default:
      render_insert (render, text, size);
      break;
    }
  return 0;
}

static void
collect_link_tag (GtkTextTag *tag,
                  gpointer    user_data)
{
  if (g_object_get_data (G_OBJECT (tag), "href") != NULL)
    g_ptr_array_add (user_data, tag);
}

/**
 * studio_markdown_render:
 * @buffer: the buffer to fill; its text is replaced
 * @markdown: (nullable): the Markdown text
 * @dark: whether the colours are for the dark style
 *
 * Renders @markdown into @buffer with formatting tags.
 */
void
studio_markdown_render (GtkTextBuffer *buffer,
                        const char    *markdown,
                        gboolean       dark)
{
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MD_DIALECT_GITHUB | MD_FLAG_NOHTML,
    .enter_block = render_enter_block,
    .leave_block = render_leave_block,
    .enter_span = render_enter_span,
    .leave_span = render_leave_span,
    .text = render_text,
  };
  Render render = { 0 };
  GtkTextTagTable *table;
  GtkTextIter start, end;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_delete (buffer, &start, &end);

  /* Colours are baked into the tags: start from an empty table when the style changed. */
  table = gtk_text_buffer_get_tag_table (buffer);
  if (GPOINTER_TO_INT (g_object_get_data (G_OBJECT (buffer), "studio-markdown-dark")) != dark + 1)
    {
      const char *names[] = { "code", "codeblock", "quote", "rule", "link" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          GtkTextTag *tag = gtk_text_tag_table_lookup (table, names[i]);

          if (tag != NULL)
            gtk_text_tag_table_remove (table, tag);
        }
      g_object_set_data (G_OBJECT (buffer), "studio-markdown-dark", GINT_TO_POINTER (dark + 1));
    }

  /* The per-link tags of the last rendering. */
  {
    g_autoptr(GPtrArray) links = g_ptr_array_new ();

    gtk_text_tag_table_foreach (table, collect_link_tag, links);
    for (guint i = 0; i < links->len; i++)
      gtk_text_tag_table_remove (table, g_ptr_array_index (links, i));
  }

  if (markdown == NULL || markdown[0] == '\0')
    return;

  render.buffer = buffer;
  render.tags = g_ptr_array_new ();
  render.lists = g_array_new (FALSE, FALSE, sizeof (ListFrame));
  render.dark = dark;

  md_parse (markdown, strlen (markdown), &parser, &render);

  g_ptr_array_unref (render.tags);
  g_array_unref (render.lists);
}

/* Widget ------------------------------------------------------------------------------------ */

static void
studio_markdown_view_rerender (StudioMarkdownView *self)
{
  studio_markdown_render (gtk_text_view_get_buffer (self->text_view), self->markdown,
                          adw_style_manager_get_dark (adw_style_manager_get_default ()));
}

static const char *
href_at (StudioMarkdownView *self,
         double              x,
         double              y)
{
  g_autoptr(GSList) tags = NULL;
  GtkTextIter iter;
  int bx, by;

  gtk_text_view_window_to_buffer_coords (self->text_view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->text_view, &iter, bx, by))
    return NULL;
  tags = gtk_text_iter_get_tags (&iter);
  for (GSList *l = tags; l != NULL; l = l->next)
    {
      const char *href = g_object_get_data (l->data, "href");

      if (href != NULL)
        return href;
    }
  return NULL;
}

static void
studio_markdown_view_released_cb (StudioMarkdownView *self,
                                  int                 n_press,
                                  double              x,
                                  double              y,
                                  GtkGestureClick    *gesture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const char *href;

  /* A click, not the end of a selection drag. */
  if (gtk_text_buffer_get_has_selection (buffer))
    return;
  href = href_at (self, x, y);
  if (href == NULL)
    return;
  if (!g_str_has_prefix (href, "https://") && !g_str_has_prefix (href, "http://") &&
      !g_str_has_prefix (href, "mailto:"))
    return;
  g_app_info_launch_default_for_uri_async (href, NULL, NULL, NULL, NULL);
}

/**
 * studio_markdown_view_new:
 *
 * Returns: (transfer floating): a new, empty view
 */
GtkWidget *
studio_markdown_view_new (void)
{
  return g_object_new (STUDIO_TYPE_MARKDOWN_VIEW, NULL);
}

const char *
studio_markdown_view_get_markdown (StudioMarkdownView *self)
{
  g_return_val_if_fail (STUDIO_IS_MARKDOWN_VIEW (self), NULL);
  return self->markdown;
}

/**
 * studio_markdown_view_set_markdown:
 * @self: a [class@Studio.MarkdownView]
 * @markdown: (nullable): the Markdown text to show
 */
void
studio_markdown_view_set_markdown (StudioMarkdownView *self,
                                   const char         *markdown)
{
  g_return_if_fail (STUDIO_IS_MARKDOWN_VIEW (self));

  if (g_strcmp0 (self->markdown, markdown) == 0)
    return;
  g_free (self->markdown);
  self->markdown = g_strdup (markdown);
  studio_markdown_view_rerender (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKDOWN]);
}

/**
 * studio_markdown_view_get_buffer:
 * @self: a [class@Studio.MarkdownView]
 *
 * Returns: (transfer none): the rendered text
 */
GtkTextBuffer *
studio_markdown_view_get_buffer (StudioMarkdownView *self)
{
  g_return_val_if_fail (STUDIO_IS_MARKDOWN_VIEW (self), NULL);
  return gtk_text_view_get_buffer (self->text_view);
}

static void
studio_markdown_view_dispose (GObject *object)
{
  StudioMarkdownView *self = STUDIO_MARKDOWN_VIEW (object);

  if (self->text_view != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->text_view));
      self->text_view = NULL;
    }

  G_OBJECT_CLASS (studio_markdown_view_parent_class)->dispose (object);
}

static void
studio_markdown_view_finalize (GObject *object)
{
  StudioMarkdownView *self = STUDIO_MARKDOWN_VIEW (object);

  g_free (self->markdown);

  G_OBJECT_CLASS (studio_markdown_view_parent_class)->finalize (object);
}

static void
studio_markdown_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  StudioMarkdownView *self = STUDIO_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_MARKDOWN:
      g_value_set_string (value, self->markdown);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_markdown_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  StudioMarkdownView *self = STUDIO_MARKDOWN_VIEW (object);

  switch (prop_id)
    {
    case PROP_MARKDOWN:
      studio_markdown_view_set_markdown (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_markdown_view_class_init (StudioMarkdownViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_markdown_view_dispose;
  object_class->finalize = studio_markdown_view_finalize;
  object_class->get_property = studio_markdown_view_get_property;
  object_class->set_property = studio_markdown_view_set_property;

  properties[PROP_MARKDOWN] =
    g_param_spec_string ("markdown", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "markdownview");
}

static void
studio_markdown_view_init (StudioMarkdownView *self)
{
  GtkGesture *click = gtk_gesture_click_new ();

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_text_view_set_editable (self->text_view, FALSE);
  gtk_text_view_set_cursor_visible (self->text_view, FALSE);
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->text_view, 12);
  gtk_text_view_set_bottom_margin (self->text_view, 12);
  gtk_text_view_set_left_margin (self->text_view, 12);
  gtk_text_view_set_right_margin (self->text_view, 12);
  gtk_text_view_set_pixels_below_lines (self->text_view, 2);
  gtk_widget_set_parent (GTK_WIDGET (self->text_view), GTK_WIDGET (self));

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_swapped (click, "released", G_CALLBACK (studio_markdown_view_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (studio_markdown_view_rerender), self, G_CONNECT_SWAPPED);
}
