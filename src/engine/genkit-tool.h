/* genkit-tool.h — a tool a model can call, its multipart twin, and interrupts
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-action.h"
#include "genkit-part.h"

G_BEGIN_DECLS

/**
 * GENKIT_INTERRUPT_ERROR:
 *
 * The error domain of a tool interrupt (Genkit's `ToolInterruptError`): a tool that calls
 * [func@Genkit.tool_interrupt] completes its run with an error in this domain, code
 * %GENKIT_INTERRUPT_ERROR_INTERRUPTED, whose metadata
 * [func@Genkit.interrupt_error_get_metadata] returns. Generate turns it into an interrupted
 * tool request instead of a failure.
 */
#define GENKIT_INTERRUPT_ERROR (genkit_interrupt_error_quark ())

/**
 * GenkitInterruptError:
 * @GENKIT_INTERRUPT_ERROR_INTERRUPTED: the tool interrupted the generation
 *
 * Codes of [const@Genkit.INTERRUPT_ERROR].
 */
typedef enum
{
  GENKIT_INTERRUPT_ERROR_INTERRUPTED,
} GenkitInterruptError;

GENKIT_AVAILABLE_IN_ALL
GQuark     genkit_interrupt_error_quark        (void);
GENKIT_AVAILABLE_IN_ALL
JsonNode  *genkit_interrupt_error_get_metadata (const GError  *error);

#define GENKIT_TYPE_TOOL (genkit_tool_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitTool, genkit_tool, GENKIT, TOOL, GenkitAction)

GENKIT_AVAILABLE_IN_ALL
GenkitTool *genkit_tool_new              (const char       *name,
                                          const char       *description,
                                          JsonNode         *input_schema,
                                          JsonNode         *output_schema,
                                          GenkitActionFunc  func,
                                          gpointer          user_data,
                                          GDestroyNotify    destroy,
                                          GError          **error);
GENKIT_AVAILABLE_IN_ALL
GenkitTool *genkit_tool_new_multipart    (const char       *name,
                                          const char       *description,
                                          JsonNode         *input_schema,
                                          GenkitActionFunc  func,
                                          gpointer          user_data,
                                          GDestroyNotify    destroy,
                                          GError          **error);
GENKIT_AVAILABLE_IN_ALL
GenkitTool *genkit_define_tool           (GenkitRegistry   *registry,
                                          const char       *name,
                                          const char       *description,
                                          JsonNode         *input_schema,
                                          JsonNode         *output_schema,
                                          GenkitActionFunc  func,
                                          gpointer          user_data,
                                          GDestroyNotify    destroy,
                                          GError          **error);
GENKIT_AVAILABLE_IN_ALL
GenkitTool *genkit_define_multipart_tool (GenkitRegistry   *registry,
                                          const char       *name,
                                          const char       *description,
                                          JsonNode         *input_schema,
                                          GenkitActionFunc  func,
                                          gpointer          user_data,
                                          GDestroyNotify    destroy,
                                          GError          **error);
GENKIT_AVAILABLE_IN_ALL
GenkitTool *genkit_define_interrupt      (GenkitRegistry   *registry,
                                          const char       *name,
                                          const char       *description,
                                          JsonNode         *input_schema,
                                          JsonNode         *output_schema,
                                          JsonNode         *request_metadata,
                                          GError          **error);
GENKIT_AVAILABLE_IN_ALL
gboolean    genkit_tool_is_multipart     (GenkitTool       *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode   *genkit_tool_to_definition    (GenkitTool       *self);
GENKIT_AVAILABLE_IN_ALL
GenkitPart *genkit_tool_respond          (GenkitTool       *self,
                                          GenkitPart       *interrupt,
                                          JsonNode         *output,
                                          JsonNode         *metadata,
                                          GError          **error);
GENKIT_AVAILABLE_IN_ALL
GenkitPart *genkit_tool_restart          (GenkitTool       *self,
                                          GenkitPart       *interrupt,
                                          JsonNode         *resumed_metadata,
                                          JsonNode         *replace_input,
                                          GError          **error);

GENKIT_AVAILABLE_IN_ALL
void        genkit_tool_interrupt        (GenkitActionRun  *run,
                                          JsonNode         *metadata);
GENKIT_AVAILABLE_IN_ALL
JsonNode   *genkit_tool_get_resumed      (GenkitActionRun  *run);
GENKIT_AVAILABLE_IN_ALL
JsonObject *genkit_tool_get_request_metadata (GenkitActionRun *run);

G_END_DECLS
