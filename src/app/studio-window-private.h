/* studio-window-private.h — what studio-window.c and studio-window-actions.c share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit-telemetry.h>

#include "studio-window.h"

G_BEGIN_DECLS

struct _StudioWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwToastOverlay      *toast_overlay;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewStack         *pane_stack;
  GtkDropDown          *runtime_dropdown;
  GtkPaned             *main_paned;
  StudioActionsPane    *actions_pane;
  StudioPromptsPane    *prompts_pane;
  StudioTracesPane     *traces_pane;
  StudioCommandPanel   *command_panel;
  GMenu                *recent_menu;

  /* Owned references */
  GSettings            *settings;
  GenkitRuntime        *builtin_runtime;
  StudioInputStore     *input_store;
  GenkitTraceStore     *trace_store;
  char                 *telemetry_server_url;
  StudioProject        *project;
  GListStore           *runtime_sources;   /* GListModels: the built-in runtime, the project's */
  GtkFlattenListModel  *runtimes;
  GenkitRuntime        *runtime;           /* the one selected */
  gulong                monitor_changed_id;
};

void _studio_window_actions_init          (StudioWindow *self);
void _studio_window_update_actions        (StudioWindow *self);

G_END_DECLS
