/* studio-chat-message.h — one message of a conversation: its role and its parts
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_CHAT_MESSAGE (studio_chat_message_get_type ())

G_DECLARE_FINAL_TYPE (StudioChatMessage, studio_chat_message, STUDIO, CHAT_MESSAGE, GtkWidget)

GtkWidget  *studio_chat_message_new         (JsonObject        *message);
JsonObject *studio_chat_message_get_message (StudioChatMessage *self);
const char *studio_chat_message_get_role    (StudioChatMessage *self);
void        studio_chat_message_add_footer  (StudioChatMessage *self,
                                             GtkWidget         *child);
void        studio_chat_message_add_after_part (StudioChatMessage *self,
                                                guint              part_index,
                                                GtkWidget         *child);
GtkWidget  *studio_chat_parts_new           (JsonArray         *parts);
GtkWidget  *studio_chat_text_new            (const char        *markdown);

G_END_DECLS
