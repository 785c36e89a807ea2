/* studio-playground.h — the runner of models: messages, config, tools, output, side by side
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit.h>

#include "studio-action-item.h"
#include "studio-input-store.h"
#include "studio-playground-column.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_PLAYGROUND (studio_playground_get_type ())

G_DECLARE_FINAL_TYPE (StudioPlayground, studio_playground, STUDIO, PLAYGROUND, GtkWidget)

StudioPlayground       *studio_playground_new             (GenkitRuntime     *runtime,
                                                           StudioActionItem  *item,
                                                           StudioInputStore  *input_store,
                                                           const char        *scope);
StudioActionItem       *studio_playground_get_item        (StudioPlayground  *self);
void                    studio_playground_set_item        (StudioPlayground  *self,
                                                           StudioActionItem  *item);
gboolean                studio_playground_get_loading     (StudioPlayground  *self);
void                    studio_playground_add_message     (StudioPlayground  *self,
                                                           const char        *role,
                                                           const char        *text,
                                                           const char        *media_url);
void                    studio_playground_clear_messages  (StudioPlayground  *self);
void                    studio_playground_set_request     (StudioPlayground  *self,
                                                           JsonObject        *request);
gboolean                studio_playground_set_tool_active (StudioPlayground  *self,
                                                           const char        *key,
                                                           gboolean           active);
StudioPlaygroundColumn *studio_playground_add_column      (StudioPlayground  *self,
                                                           const char        *model_key);
guint                   studio_playground_get_n_columns   (StudioPlayground  *self);
StudioPlaygroundColumn *studio_playground_get_column      (StudioPlayground  *self,
                                                           guint              position);
JsonObject             *studio_playground_dup_options     (StudioPlayground  *self,
                                                           GError           **error);
JsonNode               *studio_playground_dup_request     (StudioPlayground  *self,
                                                           GError           **error);
char                   *studio_playground_dup_prompt_text (StudioPlayground  *self,
                                                           GError           **error);
gboolean                studio_playground_save_prompt     (StudioPlayground  *self,
                                                           GFile             *file,
                                                           GError           **error);
char                   *studio_playground_dup_data_url    (GFile             *file,
                                                           GError           **error);
gboolean                studio_playground_get_running     (StudioPlayground  *self);
gboolean                studio_playground_run             (StudioPlayground  *self);
void                    studio_playground_cancel          (StudioPlayground  *self);

G_END_DECLS
