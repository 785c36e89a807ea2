/* studio-telemetry-settings.h — the OTLP export and trace retention the settings ask for
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>
#include <genkit-telemetry.h>

G_BEGIN_DECLS

/* The keyring's `provider` attribute for the OTLP preset's credential. */
#define STUDIO_OTLP_KEYRING_NAME "otlp-export"

gboolean            studio_telemetry_settings_needs_credential (GSettings   *settings);
GenkitOtlpExporter *studio_telemetry_settings_new_exporter     (GSettings   *settings,
                                                           const char  *credential,
                                                           GError     **error);

void                studio_telemetry_settings_bind_retention (GSettings        *settings,
                                                              GenkitTraceStore *store);

G_END_DECLS
