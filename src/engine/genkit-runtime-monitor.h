/* genkit-runtime-monitor.h — the Genkit runtimes of a project, found as the Genkit CLI finds them
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-runtime.h"
#include "genkit-reflection-v2-server.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_RUNTIME_MONITOR (genkit_runtime_monitor_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitRuntimeMonitor, genkit_runtime_monitor, GENKIT, RUNTIME_MONITOR, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitRuntimeMonitor *genkit_runtime_monitor_new                   (const char           *project_root);
GENKIT_AVAILABLE_IN_ALL
gboolean              genkit_runtime_monitor_start                 (GenkitRuntimeMonitor *self,
                                                                    GError              **error);
GENKIT_AVAILABLE_IN_ALL
const char           *genkit_runtime_monitor_get_project_root      (GenkitRuntimeMonitor *self);
GENKIT_AVAILABLE_IN_ALL
const char           *genkit_runtime_monitor_get_telemetry_server_url (GenkitRuntimeMonitor *self);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_runtime_monitor_set_telemetry_server_url (GenkitRuntimeMonitor *self,
                                                                       const char           *url);
GENKIT_AVAILABLE_IN_ALL
gboolean              genkit_runtime_monitor_get_runtime_telemetry_urls (GenkitRuntimeMonitor *self);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_runtime_monitor_set_runtime_telemetry_urls (GenkitRuntimeMonitor *self,
                                                                         gboolean              runtime_telemetry_urls);
GENKIT_AVAILABLE_IN_ALL
guint                 genkit_runtime_monitor_get_health_check_interval (GenkitRuntimeMonitor *self);
GENKIT_AVAILABLE_IN_ALL
void                  genkit_runtime_monitor_set_health_check_interval (GenkitRuntimeMonitor *self,
                                                                        guint                 interval_ms);
GENKIT_AVAILABLE_IN_ALL
gboolean              genkit_runtime_monitor_get_loading           (GenkitRuntimeMonitor *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRuntime        *genkit_runtime_monitor_get_current_runtime   (GenkitRuntimeMonitor *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRuntime        *genkit_runtime_monitor_lookup_runtime        (GenkitRuntimeMonitor *self,
                                                                    const char           *id);

GENKIT_AVAILABLE_IN_ALL
gboolean              genkit_runtime_monitor_listen_v2             (GenkitRuntimeMonitor *self,
                                                                    guint                 port,
                                                                    GError              **error);
GENKIT_AVAILABLE_IN_ALL
GenkitReflectionV2Server *genkit_runtime_monitor_get_v2_server     (GenkitRuntimeMonitor *self);

G_END_DECLS
