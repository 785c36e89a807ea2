/* genkit-dotprompt.h — Dotprompt: render .prompt templates to prompt metadata and messages
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_DOTPROMPT_INSIDE) && !defined (GENKIT_DOTPROMPT_COMPILATION)
# error "Only <genkit-dotprompt-lib.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-handlebars.h"
#include "genkit-parsed-prompt.h"
#include "genkit-picoschema.h"

G_BEGIN_DECLS

/**
 * GENKIT_DOTPROMPT_ERROR:
 *
 * The error domain of Dotprompt: `.prompt` files, Picoschema, rendering. Codes are
 * [enum@Genkit.DotpromptError]. Where the problem is in a file, the message starts with
 * `FILE:LINE:COLUMN: `. Template errors are in %GENKIT_HANDLEBARS_ERROR.
 */
#define GENKIT_DOTPROMPT_ERROR (genkit_dotprompt_error_quark ())

/**
 * GenkitDotpromptError:
 * @GENKIT_DOTPROMPT_ERROR_FRONTMATTER: the YAML frontmatter does not parse (syntax, keys that
 *   are not unique, several documents)
 * @GENKIT_DOTPROMPT_ERROR_PICOSCHEMA: a schema is not valid Picoschema (an unknown type in
 *   parentheses, a value that is neither an object nor a string)
 * @GENKIT_DOTPROMPT_ERROR_SCHEMA_NOT_FOUND: a Picoschema names a schema that is neither
 *   defined nor found by the schema resolver
 * @GENKIT_DOTPROMPT_ERROR_TOOL_NOT_FOUND: the tool resolver does not know a tool the prompt
 *   lists
 * @GENKIT_DOTPROMPT_ERROR_INVALID: render data or options do not have Dotprompt's shape
 *   (`messages` that are not a list of messages, `tools` that is not a list, ...)
 * @GENKIT_DOTPROMPT_ERROR_WRITE: a prompt cannot be written as a `.prompt` file without
 *   losing something (a tool request part, a text that contains a Dotprompt marker, ...)
 *
 * Errors of the Dotprompt library.
 */
typedef enum
{
  GENKIT_DOTPROMPT_ERROR_FRONTMATTER,
  GENKIT_DOTPROMPT_ERROR_PICOSCHEMA,
  GENKIT_DOTPROMPT_ERROR_SCHEMA_NOT_FOUND,
  GENKIT_DOTPROMPT_ERROR_TOOL_NOT_FOUND,
  GENKIT_DOTPROMPT_ERROR_INVALID,
  GENKIT_DOTPROMPT_ERROR_WRITE,
} GenkitDotpromptError;

GENKIT_AVAILABLE_IN_ALL
GQuark genkit_dotprompt_error_quark (void);

/**
 * GenkitToolResolverFunc:
 * @name: a tool name listed in a prompt's `tools`
 * @user_data: the data given with the resolver
 * @error: return location for an error
 *
 * Finds a tool definition (`{name, description, inputSchema, outputSchema}`), as Dotprompt's
 * `ToolResolver` does.
 *
 * Returns: (transfer full) (nullable): the definition, or %NULL (with or without @error) when
 *   the tool is unknown, which makes the render fail
 */
typedef JsonObject *(*GenkitToolResolverFunc) (const char  *name,
                                               gpointer     user_data,
                                               GError     **error);

/**
 * GenkitPartialResolverFunc:
 * @name: a partial name included by a template (`{{> name}}`)
 * @user_data: the data given with the resolver
 * @error: return location for an error
 *
 * Finds the source of a partial that is not defined, as Dotprompt's `PartialResolver` does.
 *
 * Returns: (transfer full) (nullable): the partial's template, or %NULL when there is none
 *   (with @error set to fail the render)
 */
typedef char *(*GenkitPartialResolverFunc) (const char  *name,
                                            gpointer     user_data,
                                            GError     **error);

#define GENKIT_TYPE_DOTPROMPT (genkit_dotprompt_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitDotprompt, genkit_dotprompt, GENKIT, DOTPROMPT, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitDotprompt  *genkit_dotprompt_new                  (void);
GENKIT_AVAILABLE_IN_ALL
GenkitHandlebars *genkit_dotprompt_get_handlebars       (GenkitDotprompt            *self);
GENKIT_AVAILABLE_IN_ALL
GenkitPicoschema *genkit_dotprompt_get_picoschema       (GenkitDotprompt            *self);

GENKIT_AVAILABLE_IN_ALL
const char       *genkit_dotprompt_get_default_model    (GenkitDotprompt            *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dotprompt_set_default_model    (GenkitDotprompt            *self,
                                                         const char                 *model);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dotprompt_set_model_config     (GenkitDotprompt            *self,
                                                         const char                 *model,
                                                         JsonObject                 *config);

GENKIT_AVAILABLE_IN_ALL
void              genkit_dotprompt_define_helper        (GenkitDotprompt            *self,
                                                         const char                 *name,
                                                         GenkitHandlebarsHelperFunc  func,
                                                         gpointer                    user_data,
                                                         GDestroyNotify              destroy);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dotprompt_define_partial       (GenkitDotprompt            *self,
                                                         const char                 *name,
                                                         const char                 *source,
                                                         const char                 *filename);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dotprompt_define_tool          (GenkitDotprompt            *self,
                                                         JsonObject                 *definition);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dotprompt_define_schema        (GenkitDotprompt            *self,
                                                         const char                 *name,
                                                         JsonNode                   *schema);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dotprompt_set_tool_resolver    (GenkitDotprompt            *self,
                                                         GenkitToolResolverFunc      resolver,
                                                         gpointer                    user_data,
                                                         GDestroyNotify              destroy);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dotprompt_set_schema_resolver  (GenkitDotprompt            *self,
                                                         GenkitSchemaResolverFunc    resolver,
                                                         gpointer                    user_data,
                                                         GDestroyNotify              destroy);
GENKIT_AVAILABLE_IN_ALL
void              genkit_dotprompt_set_partial_resolver (GenkitDotprompt            *self,
                                                         GenkitPartialResolverFunc   resolver,
                                                         gpointer                    user_data,
                                                         GDestroyNotify              destroy);

GENKIT_AVAILABLE_IN_ALL
JsonObject       *genkit_dotprompt_render               (GenkitDotprompt            *self,
                                                         GenkitParsedPrompt         *prompt,
                                                         JsonObject                 *data,
                                                         JsonObject                 *options,
                                                         GError                    **error);
GENKIT_AVAILABLE_IN_ALL
JsonObject       *genkit_dotprompt_render_metadata      (GenkitDotprompt            *self,
                                                         GenkitParsedPrompt         *prompt,
                                                         JsonObject                 *options,
                                                         GError                    **error);
GENKIT_AVAILABLE_IN_ALL
JsonObject       *genkit_dotprompt_render_source        (GenkitDotprompt            *self,
                                                         const char                 *source,
                                                         JsonObject                 *data,
                                                         JsonObject                 *options,
                                                         GError                    **error);
GENKIT_AVAILABLE_IN_ALL
JsonArray        *genkit_dotprompt_to_messages          (const char                 *rendered,
                                                         JsonObject                 *data,
                                                         GError                    **error);

G_END_DECLS
