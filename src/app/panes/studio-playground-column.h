/* studio-playground-column.h — one model's answer in the playground: run, stream, diff
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit.h>

#include "studio-runner.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_PLAYGROUND_COLUMN (studio_playground_column_get_type ())

G_DECLARE_FINAL_TYPE (StudioPlaygroundColumn, studio_playground_column, STUDIO, PLAYGROUND_COLUMN, GtkWidget)

StudioPlaygroundColumn *studio_playground_column_new           (const char             *model_key);
const char             *studio_playground_column_get_model_key (StudioPlaygroundColumn *self);
StudioRunnerState       studio_playground_column_get_state     (StudioPlaygroundColumn *self);
JsonNode               *studio_playground_column_get_result    (StudioPlaygroundColumn *self);
char                   *studio_playground_column_dup_text      (StudioPlaygroundColumn *self);
const GError           *studio_playground_column_get_error     (StudioPlaygroundColumn *self);
gint64                  studio_playground_column_get_latency   (StudioPlaygroundColumn *self);
guint                   studio_playground_column_get_n_chunks  (StudioPlaygroundColumn *self);
void                    studio_playground_column_set_removable (StudioPlaygroundColumn *self,
                                                                gboolean                removable);
void                    studio_playground_column_set_diff_base (StudioPlaygroundColumn *self,
                                                                const char             *base_name,
                                                                const char             *base_text);
gboolean                studio_playground_column_run           (StudioPlaygroundColumn *self,
                                                                GenkitRuntime          *runtime,
                                                                JsonNode               *request,
                                                                gboolean                streaming);
void                    studio_playground_column_cancel        (StudioPlaygroundColumn *self);

G_END_DECLS
