/* studio-actions-pane.h — the action browser beside the runner of the selected action
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "studio-action-sidebar.h"
#include "studio-input-store.h"
#include "studio-pane.h"
#include "studio-playground.h"
#include "studio-runner.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_ACTIONS_PANE (studio_actions_pane_get_type ())

G_DECLARE_FINAL_TYPE (StudioActionsPane, studio_actions_pane, STUDIO, ACTIONS_PANE, StudioPane)

GtkWidget           *studio_actions_pane_new                (StudioInputStore  *input_store);
StudioActionSidebar *studio_actions_pane_get_sidebar        (StudioActionsPane *self);
StudioRunner        *studio_actions_pane_get_visible_runner (StudioActionsPane *self);
StudioPlayground    *studio_actions_pane_get_visible_playground (StudioActionsPane *self);
GtkWidget           *studio_actions_pane_show_action        (StudioActionsPane *self,
                                                             const char        *key);
void                 studio_actions_pane_set_project_root   (StudioActionsPane *self,
                                                             const char        *project_root);
void                 studio_actions_pane_cancel_runs        (StudioActionsPane *self);

G_END_DECLS
