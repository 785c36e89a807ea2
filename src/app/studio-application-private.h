/* studio-application-private.h — what studio-application.c and its actions share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "studio-application.h"
#include "studio-window.h"

G_BEGIN_DECLS

struct _StudioApplication
{
  AdwApplication         parent_instance;

  GSettings             *settings;
  GenkitRegistry        *registry;
  GenkitRuntime         *builtin_runtime;
  StudioInputStore      *input_store;
  GenkitTraceStore      *trace_store;
  GenkitTelemetryServer *telemetry_server;
  StudioProviders       *providers;
  GenkitOtlpExporter    *otlp_exporter;
  char                  *telemetry_server_url;
  gint64                 started_at;
  gboolean               first_frame_logged;
};

void          _studio_application_actions_init (StudioApplication *self);
StudioWindow *_studio_application_new_window   (StudioApplication *self);

G_END_DECLS
