/* studio-command-panel.h — runs the project's app and shows its output
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>

#include "studio-command.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_COMMAND_PANEL (studio_command_panel_get_type ())

G_DECLARE_FINAL_TYPE (StudioCommandPanel, studio_command_panel, STUDIO, COMMAND_PANEL, GtkWidget)

GtkWidget     *studio_command_panel_new            (void);
StudioCommand *studio_command_panel_get_command    (StudioCommandPanel *self);
void           studio_command_panel_set_project    (StudioCommandPanel *self,
                                                    const char         *project_root,
                                                    GSettings          *settings);
void           studio_command_panel_set_command_line (StudioCommandPanel *self,
                                                      const char         *command_line);
GtkTextBuffer *studio_command_panel_get_output     (StudioCommandPanel *self);
gboolean       studio_command_panel_start          (StudioCommandPanel *self);
void           studio_command_panel_stop           (StudioCommandPanel *self);
gboolean       studio_command_panel_restart        (StudioCommandPanel *self);

G_END_DECLS
