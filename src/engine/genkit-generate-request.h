/* genkit-generate-request.h — what a model action receives: Genkit's GenerateRequest
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-message.h"
#include "genkit-document.h"

G_BEGIN_DECLS

/**
 * GENKIT_TYPE_GENERATE_REQUEST:
 *
 * The #GType of [struct@Genkit.GenerateRequest].
 */
#define GENKIT_TYPE_GENERATE_REQUEST (genkit_generate_request_get_type ())

typedef struct _GenkitGenerateRequest GenkitGenerateRequest;

GENKIT_AVAILABLE_IN_ALL
GType                  genkit_generate_request_get_type        (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateRequest *genkit_generate_request_new             (void);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateRequest *genkit_generate_request_new_from_json   (JsonNode               *node,
                                                                GError                **error);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateRequest *genkit_generate_request_ref             (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_request_unref           (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateRequest *genkit_generate_request_copy            (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode              *genkit_generate_request_to_json         (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject            *genkit_generate_request_get_json_object (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
guint                  genkit_generate_request_get_n_messages  (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitMessage         *genkit_generate_request_get_message     (GenkitGenerateRequest  *self,
                                                                guint                   index);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_request_add_message     (GenkitGenerateRequest  *self,
                                                                GenkitMessage          *message);
GENKIT_AVAILABLE_IN_ALL
JsonNode              *genkit_generate_request_get_config      (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_request_set_config      (GenkitGenerateRequest  *self,
                                                                JsonNode               *config);
GENKIT_AVAILABLE_IN_ALL
guint                  genkit_generate_request_get_n_tools     (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject            *genkit_generate_request_get_tool        (GenkitGenerateRequest  *self,
                                                                guint                   index);
GENKIT_AVAILABLE_IN_ALL
const char            *genkit_generate_request_get_tool_choice (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject            *genkit_generate_request_get_output      (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
guint                  genkit_generate_request_get_n_docs      (GenkitGenerateRequest  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitDocument        *genkit_generate_request_get_doc         (GenkitGenerateRequest  *self,
                                                                guint                   index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitGenerateRequest, genkit_generate_request_unref)

G_END_DECLS
