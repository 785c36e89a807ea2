/* studio-application.h — the studio's application: built-in runtime, telemetry, windows
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <adwaita.h>
#include <genkit.h>
#include <genkit-telemetry.h>

#include "studio-input-store.h"
#include "studio-providers.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_APPLICATION (studio_application_get_type ())

G_DECLARE_FINAL_TYPE (StudioApplication, studio_application, STUDIO, APPLICATION, AdwApplication)

StudioApplication *studio_application_new                      (void);
GenkitRuntime     *studio_application_get_builtin_runtime      (StudioApplication *self);
GSettings         *studio_application_get_settings             (StudioApplication *self);
StudioInputStore  *studio_application_get_input_store          (StudioApplication *self);
GenkitTraceStore  *studio_application_get_trace_store          (StudioApplication *self);
const char        *studio_application_get_telemetry_server_url (StudioApplication *self);
StudioProviders   *studio_application_get_providers            (StudioApplication *self);
void               studio_application_apply_otlp_export        (StudioApplication *self);

G_END_DECLS
