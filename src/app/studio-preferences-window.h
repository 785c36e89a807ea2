/* studio-preferences-window.h — providers, telemetry and trace retention
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <adwaita.h>
#include <genkit-telemetry.h>

#include "studio-providers.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_PREFERENCES_WINDOW (studio_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (StudioPreferencesWindow, studio_preferences_window, STUDIO, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

StudioPreferencesWindow *studio_preferences_window_new              (StudioProviders         *providers,
                                                                     GSettings               *settings,
                                                                     GenkitTraceStore        *trace_store);
GtkWidget               *studio_preferences_window_get_provider_row (StudioPreferencesWindow *self,
                                                                     const char              *name);

G_END_DECLS
