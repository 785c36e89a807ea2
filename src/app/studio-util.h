/* studio-util.h — small helpers shared by the studio's widgets: JSON text, errors, durations
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit.h>

G_BEGIN_DECLS

char       *studio_json_to_pretty_string        (JsonNode      *node);
char       *studio_json_to_compact_string       (JsonNode      *node);
const char *studio_error_status_name            (const GError  *error);
char       *studio_error_describe               (const GError  *error);
char       *studio_format_duration              (gint64         microseconds);
gboolean    studio_is_generate_response         (JsonNode      *node);
char       *studio_generate_response_dup_text   (JsonNode      *node);
char      **studio_generate_response_dup_media  (JsonNode      *node);
JsonArray  *studio_json_object_get_array        (JsonObject    *object,
                                                 const char    *name);
JsonObject *studio_json_object_get_object       (JsonObject    *object,
                                                 const char    *name);
char      **studio_actions_dup_model_names      (JsonObject    *actions);
JsonObject *studio_tool_definition_new          (const char    *key,
                                                 JsonObject    *descriptor);
char       *studio_generate_response_dup_usage  (JsonNode      *node);
char       *studio_chunk_dup_text               (JsonNode      *chunk);
char       *studio_action_key_dup_type          (const char    *key);
char       *studio_action_key_dup_name          (const char    *key);
char       *studio_shorten_path                 (const char    *path);
void        studio_scrolled_window_follow_end   (GtkScrolledWindow *scroller);
void        studio_widget_add_toast             (GtkWidget     *widget,
                                                 const char    *message);

const char *studio_json_get_string              (JsonObject    *object,
                                                 const char    *name,
                                                 const char    *fallback);
JsonObject *studio_json_get_object              (JsonObject    *object,
                                                 const char    *name);
JsonArray  *studio_json_get_array               (JsonObject    *object,
                                                 const char    *name);

G_END_DECLS
