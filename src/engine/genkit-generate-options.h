/* genkit-generate-options.h — what to generate: model, prompt, tools, output, resume, middleware
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-part.h"
#include "genkit-message.h"
#include "genkit-document.h"
#include "genkit-generate-response-chunk.h"
#include "genkit-model-middleware.h"

G_BEGIN_DECLS

/**
 * GenkitGenerateChunkFunc:
 * @chunk: (transfer none): the chunk: the new parts of the message at its index; its
 *   accumulated text and partial output are known (see [struct@Genkit.GenerateResponseChunk])
 * @user_data: the data given with the callback
 *
 * Receives the chunks of a streaming generate (Genkit's `onChunk`), on the caller's main
 * context, model chunks and tool response chunks alike.
 */
typedef void (*GenkitGenerateChunkFunc) (GenkitGenerateResponseChunk *chunk,
                                         gpointer                     user_data);

/**
 * GENKIT_TYPE_GENERATE_OPTIONS:
 *
 * The #GType of [struct@Genkit.GenerateOptions].
 */
#define GENKIT_TYPE_GENERATE_OPTIONS (genkit_generate_options_get_type ())

typedef struct _GenkitGenerateOptions GenkitGenerateOptions;

GENKIT_AVAILABLE_IN_ALL
GType                  genkit_generate_options_get_type          (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateOptions *genkit_generate_options_new               (void);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateOptions *genkit_generate_options_ref               (GenkitGenerateOptions   *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_unref             (GenkitGenerateOptions   *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_model         (GenkitGenerateOptions   *self,
                                                                  const char              *model);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_system        (GenkitGenerateOptions   *self,
                                                                  const char              *system);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_prompt        (GenkitGenerateOptions   *self,
                                                                  const char              *prompt);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_add_prompt_part   (GenkitGenerateOptions   *self,
                                                                  GenkitPart              *part);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_add_message       (GenkitGenerateOptions   *self,
                                                                  GenkitMessage           *message);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_add_doc           (GenkitGenerateOptions   *self,
                                                                  GenkitDocument          *doc);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_add_tool          (GenkitGenerateOptions   *self,
                                                                  const char              *tool);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_add_resource      (GenkitGenerateOptions   *self,
                                                                  const char              *resource);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_tool_choice   (GenkitGenerateOptions   *self,
                                                                  const char              *tool_choice);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_config        (GenkitGenerateOptions   *self,
                                                                  JsonNode                *config);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_output_format (GenkitGenerateOptions   *self,
                                                                  const char              *format);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_output_schema (GenkitGenerateOptions   *self,
                                                                  JsonNode                *schema);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_output_content_type (GenkitGenerateOptions *self,
                                                                        const char            *content_type);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_output_constrained (GenkitGenerateOptions *self,
                                                                       gboolean               constrained);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_output_instructions (GenkitGenerateOptions *self,
                                                                        gboolean               enabled,
                                                                        const char            *instructions);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_add_resume_respond (GenkitGenerateOptions  *self,
                                                                   GenkitPart             *tool_response);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_add_resume_restart (GenkitGenerateOptions  *self,
                                                                   GenkitPart             *tool_request);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_resume_metadata (GenkitGenerateOptions *self,
                                                                    JsonNode              *metadata);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_return_tool_requests (GenkitGenerateOptions *self,
                                                                         gboolean               return_tool_requests);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_max_turns     (GenkitGenerateOptions   *self,
                                                                  guint                    max_turns);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_step_name     (GenkitGenerateOptions   *self,
                                                                  const char              *step_name);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_add_middleware    (GenkitGenerateOptions   *self,
                                                                  GenkitModelMiddleware   *middleware);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_context       (GenkitGenerateOptions   *self,
                                                                  JsonObject              *context);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generate_options_set_chunk_func    (GenkitGenerateOptions   *self,
                                                                  GenkitGenerateChunkFunc  func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
GENKIT_AVAILABLE_IN_ALL
JsonNode              *genkit_generate_options_to_action_options (GenkitGenerateOptions   *self,
                                                                  GenkitRegistry          *registry,
                                                                  GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitGenerateOptions, genkit_generate_options_unref)

G_END_DECLS
