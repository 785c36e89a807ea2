/* studio-chat-pane.h — a conversation with an agent or a model of the current runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "studio-pane.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_CHAT_PANE (studio_chat_pane_get_type ())

G_DECLARE_FINAL_TYPE (StudioChatPane, studio_chat_pane, STUDIO, CHAT_PANE, StudioPane)

GtkWidget       *studio_chat_pane_new              (void);
gboolean         studio_chat_pane_set_target       (StudioChatPane *self,
                                                    const char     *key);
const char      *studio_chat_pane_get_target       (StudioChatPane *self);
guint            studio_chat_pane_get_n_targets    (StudioChatPane *self);
GenkitAgentChat *studio_chat_pane_get_chat         (StudioChatPane *self);
JsonArray       *studio_chat_pane_get_messages     (StudioChatPane *self);
gboolean         studio_chat_pane_get_busy         (StudioChatPane *self);
const char      *studio_chat_pane_get_stream_text  (StudioChatPane *self);
const char      *studio_chat_pane_get_error        (StudioChatPane *self);
const char      *studio_chat_pane_get_background_snapshot (StudioChatPane *self);
const char      *studio_chat_pane_get_background_note     (StudioChatPane *self);
guint            studio_chat_pane_get_n_snapshots  (StudioChatPane *self);
guint            studio_chat_pane_get_n_sessions   (StudioChatPane *self);
void             studio_chat_pane_send_text        (StudioChatPane *self,
                                                    const char     *text);
void             studio_chat_pane_send_background  (StudioChatPane *self,
                                                    const char     *text);
void             studio_chat_pane_new_conversation (StudioChatPane *self);

G_END_DECLS
