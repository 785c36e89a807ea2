/* genkit-generate-response.h — what a model or generate returns: Genkit's GenerateResponse
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-message.h"
#include "genkit-generation-usage.h"
#include "genkit-generate-request.h"

G_BEGIN_DECLS

/**
 * GenkitFinishReason:
 * @GENKIT_FINISH_REASON_STOP: `stop`: the model finished
 * @GENKIT_FINISH_REASON_LENGTH: `length`: the output hit the token limit
 * @GENKIT_FINISH_REASON_BLOCKED: `blocked`: a safety filter stopped it
 * @GENKIT_FINISH_REASON_ABORTED: `aborted`: the request was aborted
 * @GENKIT_FINISH_REASON_FAILED: `failed`: the generation failed
 * @GENKIT_FINISH_REASON_INTERRUPTED: `interrupted`: a tool interrupted the tool loop
 * @GENKIT_FINISH_REASON_OTHER: `other`
 * @GENKIT_FINISH_REASON_UNKNOWN: `unknown`, also what an absent or unrecognized reason reads as
 *
 * Why a generation ended, Genkit's `FinishReason`.
 */
typedef enum
{
  GENKIT_FINISH_REASON_STOP,
  GENKIT_FINISH_REASON_LENGTH,
  GENKIT_FINISH_REASON_BLOCKED,
  GENKIT_FINISH_REASON_ABORTED,
  GENKIT_FINISH_REASON_FAILED,
  GENKIT_FINISH_REASON_INTERRUPTED,
  GENKIT_FINISH_REASON_OTHER,
  GENKIT_FINISH_REASON_UNKNOWN,
} GenkitFinishReason;

GENKIT_AVAILABLE_IN_ALL
const char         *genkit_finish_reason_to_string   (GenkitFinishReason  reason);
GENKIT_AVAILABLE_IN_ALL
GenkitFinishReason  genkit_finish_reason_from_string (const char         *string);

/**
 * GENKIT_TYPE_GENERATE_RESPONSE:
 *
 * The #GType of [struct@Genkit.GenerateResponse].
 */
#define GENKIT_TYPE_GENERATE_RESPONSE (genkit_generate_response_get_type ())

typedef struct _GenkitGenerateResponse GenkitGenerateResponse;

GENKIT_AVAILABLE_IN_ALL
GType                   genkit_generate_response_get_type                (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponse *genkit_generate_response_new                     (void);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponse *genkit_generate_response_new_from_json           (JsonNode                *node,
                                                                          GError                 **error);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponse *genkit_generate_response_ref                     (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_generate_response_unref                   (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponse *genkit_generate_response_copy                    (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_generate_response_to_json                 (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject             *genkit_generate_response_get_json_object         (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitMessage          *genkit_generate_response_get_message             (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_generate_response_set_message             (GenkitGenerateResponse  *self,
                                                                          GenkitMessage           *message);
GENKIT_AVAILABLE_IN_ALL
GenkitFinishReason      genkit_generate_response_get_finish_reason       (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
const char             *genkit_generate_response_get_finish_reason_string (GenkitGenerateResponse *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_generate_response_set_finish_reason       (GenkitGenerateResponse  *self,
                                                                          GenkitFinishReason       reason);
GENKIT_AVAILABLE_IN_ALL
const char             *genkit_generate_response_get_finish_message      (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_generate_response_set_finish_message      (GenkitGenerateResponse  *self,
                                                                          const char              *message);
GENKIT_AVAILABLE_IN_ALL
double                  genkit_generate_response_get_latency_ms          (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerationUsage  *genkit_generate_response_get_usage               (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_generate_response_set_usage               (GenkitGenerateResponse  *self,
                                                                          GenkitGenerationUsage   *usage);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_generate_response_get_custom              (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateRequest  *genkit_generate_response_get_request             (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject             *genkit_generate_response_get_operation           (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
char                   *genkit_generate_response_get_text                (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
char                   *genkit_generate_response_get_reasoning           (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode               *genkit_generate_response_get_output              (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
GPtrArray              *genkit_generate_response_get_tool_requests       (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
GPtrArray              *genkit_generate_response_get_interrupts          (GenkitGenerateResponse  *self);
GENKIT_AVAILABLE_IN_ALL
GPtrArray              *genkit_generate_response_get_messages            (GenkitGenerateResponse  *self,
                                                                          GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitGenerateResponse, genkit_generate_response_unref)

G_END_DECLS
