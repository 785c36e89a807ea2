/* studio-markdown-view.h — Markdown (a model's text) shown as formatted text, with md4c
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_MARKDOWN_VIEW (studio_markdown_view_get_type ())

G_DECLARE_FINAL_TYPE (StudioMarkdownView, studio_markdown_view, STUDIO, MARKDOWN_VIEW, GtkWidget)

GtkWidget     *studio_markdown_view_new           (void);
const char    *studio_markdown_view_get_markdown  (StudioMarkdownView *self);
void           studio_markdown_view_set_markdown  (StudioMarkdownView *self,
                                                   const char         *markdown);
GtkTextBuffer *studio_markdown_view_get_buffer    (StudioMarkdownView *self);
void           studio_markdown_render             (GtkTextBuffer      *buffer,
                                                   const char         *markdown,
                                                   gboolean            dark);

G_END_DECLS
