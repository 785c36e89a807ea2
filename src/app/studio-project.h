/* studio-project.h — an open Genkit project: its root directory and its runtimes
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_PROJECT (studio_project_get_type ())

G_DECLARE_FINAL_TYPE (StudioProject, studio_project, STUDIO, PROJECT, GObject)

StudioProject        *studio_project_new            (const char     *directory);
const char           *studio_project_get_root       (StudioProject  *self);
const char           *studio_project_get_name       (StudioProject  *self);
GenkitRuntimeMonitor *studio_project_get_monitor    (StudioProject  *self);
GListModel           *studio_project_get_runtimes   (StudioProject  *self);
gboolean              studio_project_start          (StudioProject  *self,
                                                     const char     *telemetry_server_url,
                                                     GError        **error);
char                 *studio_project_dup_inputs_dir (StudioProject  *self);

G_END_DECLS
