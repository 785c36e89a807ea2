/* genkit-message.h — a message of a conversation: a role and parts
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-part.h"

G_BEGIN_DECLS

/**
 * GenkitRole:
 * @GENKIT_ROLE_SYSTEM: `system`: instructions for the model
 * @GENKIT_ROLE_USER: `user`: what the person said
 * @GENKIT_ROLE_MODEL: `model`: what the model answered
 * @GENKIT_ROLE_TOOL: `tool`: tool responses
 *
 * The role of a message, Genkit's `Role`.
 */
typedef enum
{
  GENKIT_ROLE_SYSTEM,
  GENKIT_ROLE_USER,
  GENKIT_ROLE_MODEL,
  GENKIT_ROLE_TOOL,
} GenkitRole;

GENKIT_AVAILABLE_IN_ALL
const char *genkit_role_to_string   (GenkitRole   role);
GENKIT_AVAILABLE_IN_ALL
gboolean    genkit_role_from_string (const char  *string,
                                     GenkitRole  *role);

/**
 * GENKIT_TYPE_MESSAGE:
 *
 * The #GType of [struct@Genkit.Message].
 */
#define GENKIT_TYPE_MESSAGE (genkit_message_get_type ())

typedef struct _GenkitMessage GenkitMessage;

GENKIT_AVAILABLE_IN_ALL
GType          genkit_message_get_type          (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitMessage *genkit_message_new               (GenkitRole      role);
GENKIT_AVAILABLE_IN_ALL
GenkitMessage *genkit_message_new_text          (GenkitRole      role,
                                                 const char     *text);
GENKIT_AVAILABLE_IN_ALL
GenkitMessage *genkit_message_new_from_json     (JsonNode       *node,
                                                 GError        **error);
GENKIT_AVAILABLE_IN_ALL
GenkitMessage *genkit_message_ref               (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
void           genkit_message_unref             (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitMessage *genkit_message_copy              (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode      *genkit_message_to_json           (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject    *genkit_message_get_json_object   (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRole     genkit_message_get_role          (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
void           genkit_message_set_role          (GenkitMessage  *self,
                                                 GenkitRole      role);
GENKIT_AVAILABLE_IN_ALL
guint          genkit_message_get_n_parts       (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitPart    *genkit_message_get_part          (GenkitMessage  *self,
                                                 guint           index);
GENKIT_AVAILABLE_IN_ALL
void           genkit_message_add_part          (GenkitMessage  *self,
                                                 GenkitPart     *part);
GENKIT_AVAILABLE_IN_ALL
char          *genkit_message_get_text          (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
char          *genkit_message_get_reasoning     (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
GPtrArray     *genkit_message_get_tool_requests (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
GPtrArray     *genkit_message_get_interrupts    (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject    *genkit_message_get_metadata      (GenkitMessage  *self);
GENKIT_AVAILABLE_IN_ALL
void           genkit_message_set_metadata      (GenkitMessage  *self,
                                                 JsonObject     *metadata);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitMessage, genkit_message_unref)

G_END_DECLS
