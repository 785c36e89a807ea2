/* genkit-input-channel.h — the input stream of a bidirectional action run
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_INPUT_CHANNEL (genkit_input_channel_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitInputChannel, genkit_input_channel, GENKIT, INPUT_CHANNEL, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitInputChannel *genkit_input_channel_new          (void);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_input_channel_send         (GenkitInputChannel   *self,
                                                       JsonNode             *input);
GENKIT_AVAILABLE_IN_ALL
void                genkit_input_channel_close        (GenkitInputChannel   *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_input_channel_fail         (GenkitInputChannel   *self,
                                                       const GError         *error);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_input_channel_is_closed    (GenkitInputChannel   *self);
GENKIT_AVAILABLE_IN_ALL
guint               genkit_input_channel_get_n_queued (GenkitInputChannel   *self);
GENKIT_AVAILABLE_IN_ALL
void                genkit_input_channel_receive_async  (GenkitInputChannel   *self,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode           *genkit_input_channel_receive_finish (GenkitInputChannel   *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_END_DECLS
