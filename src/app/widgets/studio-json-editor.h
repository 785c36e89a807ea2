/* studio-json-editor.h — a GtkSourceView for JSON, coloured for the light or dark style
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtksourceview/gtksource.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_JSON_EDITOR (studio_json_editor_get_type ())

G_DECLARE_FINAL_TYPE (StudioJsonEditor, studio_json_editor, STUDIO, JSON_EDITOR, GtkSourceView)

GtkWidget *studio_json_editor_new          (void);
char      *studio_json_editor_dup_text     (StudioJsonEditor *self);
void       studio_json_editor_set_text     (StudioJsonEditor *self,
                                            const char       *text);
void       studio_json_editor_mark_error   (StudioJsonEditor *self,
                                            const char       *message);
void       studio_json_editor_clear_error  (StudioJsonEditor *self);
void       studio_json_editor_set_language (StudioJsonEditor *self,
                                            const char       *language_id);

G_END_DECLS
