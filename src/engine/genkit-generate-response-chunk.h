/* genkit-generate-response-chunk.h — one streamed piece of a generation
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-message.h"

G_BEGIN_DECLS

/**
 * GENKIT_TYPE_GENERATE_RESPONSE_CHUNK:
 *
 * The #GType of [struct@Genkit.GenerateResponseChunk].
 */
#define GENKIT_TYPE_GENERATE_RESPONSE_CHUNK (genkit_generate_response_chunk_get_type ())

typedef struct _GenkitGenerateResponseChunk GenkitGenerateResponseChunk;

GENKIT_AVAILABLE_IN_ALL
GType                        genkit_generate_response_chunk_get_type       (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponseChunk *genkit_generate_response_chunk_new            (void);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponseChunk *genkit_generate_response_chunk_new_text       (const char *text);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponseChunk *genkit_generate_response_chunk_new_from_json  (JsonNode    *node,
                                                                            GError     **error);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponseChunk *genkit_generate_response_chunk_ref            (GenkitGenerateResponseChunk *self);
GENKIT_AVAILABLE_IN_ALL
void                         genkit_generate_response_chunk_unref          (GenkitGenerateResponseChunk *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode                    *genkit_generate_response_chunk_to_json        (GenkitGenerateResponseChunk *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject                  *genkit_generate_response_chunk_get_json_object (GenkitGenerateResponseChunk *self);
GENKIT_AVAILABLE_IN_ALL
gboolean                     genkit_generate_response_chunk_get_role       (GenkitGenerateResponseChunk *self,
                                                                            GenkitRole                  *role);
GENKIT_AVAILABLE_IN_ALL
int                          genkit_generate_response_chunk_get_index      (GenkitGenerateResponseChunk *self);
GENKIT_AVAILABLE_IN_ALL
guint                        genkit_generate_response_chunk_get_n_parts    (GenkitGenerateResponseChunk *self);
GENKIT_AVAILABLE_IN_ALL
GenkitPart                  *genkit_generate_response_chunk_get_part       (GenkitGenerateResponseChunk *self,
                                                                            guint                        index);
GENKIT_AVAILABLE_IN_ALL
void                         genkit_generate_response_chunk_add_part       (GenkitGenerateResponseChunk *self,
                                                                            GenkitPart                  *part);
GENKIT_AVAILABLE_IN_ALL
JsonNode                    *genkit_generate_response_chunk_get_custom     (GenkitGenerateResponseChunk *self);
GENKIT_AVAILABLE_IN_ALL
char                        *genkit_generate_response_chunk_get_text       (GenkitGenerateResponseChunk *self);
GENKIT_AVAILABLE_IN_ALL
char                        *genkit_generate_response_chunk_get_accumulated_text (GenkitGenerateResponseChunk *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode                    *genkit_generate_response_chunk_get_output     (GenkitGenerateResponseChunk *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitGenerateResponseChunk, genkit_generate_response_chunk_unref)

G_END_DECLS
