/* studio-prompts-pane.h — the prompt editor: .prompt files, live preview, errors, runs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "studio-pane.h"
#include "studio-playground-column.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_PROMPTS_PANE (studio_prompts_pane_get_type ())

G_DECLARE_FINAL_TYPE (StudioPromptsPane, studio_prompts_pane, STUDIO, PROMPTS_PANE, StudioPane)

GtkWidget              *studio_prompts_pane_new              (void);
const char             *studio_prompts_pane_get_project_root (StudioPromptsPane  *self);
void                    studio_prompts_pane_set_project_root (StudioPromptsPane  *self,
                                                              const char         *project_root);
guint                   studio_prompts_pane_get_n_prompts    (StudioPromptsPane  *self);
gboolean                studio_prompts_pane_open_file        (StudioPromptsPane  *self,
                                                              GFile              *file,
                                                              GError            **error);
void                    studio_prompts_pane_ask_open_file    (StudioPromptsPane  *self,
                                                              GFile              *file);
gboolean                studio_prompts_pane_open_action      (StudioPromptsPane  *self,
                                                              const char         *key,
                                                              GError            **error);
GFile                  *studio_prompts_pane_get_file         (StudioPromptsPane  *self);
gboolean                studio_prompts_pane_get_modified     (StudioPromptsPane  *self);
gboolean                studio_prompts_pane_save             (StudioPromptsPane  *self,
                                                              GError            **error);
gboolean                studio_prompts_pane_close_request    (StudioPromptsPane  *self);
void                    studio_prompts_pane_update_now       (StudioPromptsPane  *self);
const GError           *studio_prompts_pane_get_error        (StudioPromptsPane  *self);
JsonObject             *studio_prompts_pane_get_rendered     (StudioPromptsPane  *self);
gboolean                studio_prompts_pane_run              (StudioPromptsPane  *self);
void                    studio_prompts_pane_cancel           (StudioPromptsPane  *self);
StudioPlaygroundColumn *studio_prompts_pane_get_output       (StudioPromptsPane  *self);
gboolean                studio_prompts_pane_get_loading      (StudioPromptsPane  *self);

G_END_DECLS
