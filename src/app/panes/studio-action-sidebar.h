/* studio-action-sidebar.h — the action browser: a runtime's actions by type, with search
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit.h>

#include "studio-action-list.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_ACTION_SIDEBAR (studio_action_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (StudioActionSidebar, studio_action_sidebar, STUDIO, ACTION_SIDEBAR, GtkWidget)

GtkWidget        *studio_action_sidebar_new           (void);
GenkitRuntime    *studio_action_sidebar_get_runtime   (StudioActionSidebar *self);
void              studio_action_sidebar_set_runtime   (StudioActionSidebar *self,
                                                       GenkitRuntime       *runtime);
StudioActionList *studio_action_sidebar_get_list      (StudioActionSidebar *self);
gboolean          studio_action_sidebar_get_loading   (StudioActionSidebar *self);
void              studio_action_sidebar_reload        (StudioActionSidebar *self);
gboolean          studio_action_sidebar_select        (StudioActionSidebar *self,
                                                       const char          *key);
const char       *studio_action_sidebar_get_selected_key (StudioActionSidebar *self);
void              studio_action_sidebar_focus_search  (StudioActionSidebar *self);
void              studio_action_sidebar_set_search    (StudioActionSidebar *self,
                                                       const char          *text);

G_END_DECLS
