/* studio-result-view.h — an action's result: Markdown text, a foldable tree, or JSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_RESULT_VIEW (studio_result_view_get_type ())

G_DECLARE_FINAL_TYPE (StudioResultView, studio_result_view, STUDIO, RESULT_VIEW, GtkWidget)

GtkWidget  *studio_result_view_new          (void);
JsonNode   *studio_result_view_get_value    (StudioResultView *self);
void        studio_result_view_set_value    (StudioResultView *self,
                                             JsonNode         *value);
const char *studio_result_view_get_mode     (StudioResultView *self);
void        studio_result_view_set_mode     (StudioResultView *self,
                                             const char       *mode);
GListModel *studio_result_view_get_tree     (StudioResultView *self);
const char *studio_result_view_get_markdown (StudioResultView *self);
guint       studio_result_view_get_n_media  (StudioResultView *self);

G_END_DECLS
