/* studio-window.h — the studio's main window
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <adwaita.h>
#include <genkit.h>
#include <genkit-telemetry.h>

#include "studio-actions-pane.h"
#include "studio-command-panel.h"
#include "studio-input-store.h"
#include "studio-project.h"
#include "studio-prompts-pane.h"
#include "studio-traces-pane.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_WINDOW (studio_window_get_type ())

G_DECLARE_FINAL_TYPE (StudioWindow, studio_window, STUDIO, WINDOW, AdwApplicationWindow)

StudioWindow       *studio_window_new                  (GtkApplication    *application,
                                                        GenkitRuntime     *builtin_runtime,
                                                        StudioInputStore  *input_store);
GenkitRuntime      *studio_window_get_builtin_runtime  (StudioWindow      *self);
GenkitRuntime      *studio_window_get_runtime          (StudioWindow      *self);
gboolean            studio_window_select_runtime       (StudioWindow      *self,
                                                        const char        *id);
GListModel         *studio_window_get_runtimes         (StudioWindow      *self);
StudioProject      *studio_window_get_project          (StudioWindow      *self);
gboolean            studio_window_open_project         (StudioWindow      *self,
                                                        const char        *directory,
                                                        GError           **error);
void                studio_window_close_project        (StudioWindow      *self);
StudioActionsPane  *studio_window_get_actions_pane     (StudioWindow      *self);
StudioTracesPane   *studio_window_get_traces_pane      (StudioWindow      *self);
StudioCommandPanel *studio_window_get_command_panel    (StudioWindow      *self);
const char         *studio_window_get_telemetry_server_url (StudioWindow  *self);
void                studio_window_set_telemetry_server_url (StudioWindow  *self,
                                                            const char    *url);
void                studio_window_set_trace_store      (StudioWindow      *self,
                                                        GenkitTraceStore  *store);
void                studio_window_add_toast            (StudioWindow      *self,
                                                        AdwToast          *toast);

G_END_DECLS
