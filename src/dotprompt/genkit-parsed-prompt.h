/* genkit-parsed-prompt.h — a .prompt file: YAML frontmatter and template, read and written
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_DOTPROMPT_INSIDE) && !defined (GENKIT_DOTPROMPT_COMPILATION)
# error "Only <genkit-dotprompt-lib.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-picoschema.h"

G_BEGIN_DECLS

/**
 * GenkitParsedPromptFlags:
 * @GENKIT_PARSED_PROMPT_NONE: a frontmatter that is not valid YAML is an error
 * @GENKIT_PARSED_PROMPT_LENIENT: do what Dotprompt's parseDocument() does with invalid
 *   YAML: keep the whole source, trimmed, as the template, with default metadata; the YAML
 *   error stays available from [method@Genkit.ParsedPrompt.get_frontmatter_error]
 *
 * How [ctor@Genkit.ParsedPrompt.new_from_string] treats a broken frontmatter.
 */
typedef enum /*< flags >*/
{
  GENKIT_PARSED_PROMPT_NONE = 0,
  GENKIT_PARSED_PROMPT_LENIENT = 1 << 0,
} GenkitParsedPromptFlags;

#define GENKIT_TYPE_PARSED_PROMPT (genkit_parsed_prompt_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitParsedPrompt, genkit_parsed_prompt, GENKIT, PARSED_PROMPT, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitParsedPrompt *genkit_parsed_prompt_new_from_string   (const char               *source,
                                                            gssize                    length,
                                                            const char               *filename,
                                                            GenkitParsedPromptFlags   flags,
                                                            GError                  **error);
GENKIT_AVAILABLE_IN_ALL
GenkitParsedPrompt *genkit_parsed_prompt_new_from_file     (const char               *path,
                                                            GenkitParsedPromptFlags   flags,
                                                            GError                  **error);
GENKIT_AVAILABLE_IN_ALL
GenkitParsedPrompt *genkit_parsed_prompt_new               (JsonObject               *frontmatter,
                                                            const char               *template_text);
GENKIT_AVAILABLE_IN_ALL
GenkitParsedPrompt *genkit_parsed_prompt_new_from_generate_options (JsonObject       *options,
                                                                    GError          **error);

GENKIT_AVAILABLE_IN_ALL
const char         *genkit_parsed_prompt_get_template      (GenkitParsedPrompt       *self);
GENKIT_AVAILABLE_IN_ALL
guint               genkit_parsed_prompt_get_template_line (GenkitParsedPrompt       *self);
GENKIT_AVAILABLE_IN_ALL
guint               genkit_parsed_prompt_get_template_column (GenkitParsedPrompt     *self);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_parsed_prompt_has_frontmatter   (GenkitParsedPrompt       *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject         *genkit_parsed_prompt_get_raw           (GenkitParsedPrompt       *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject         *genkit_parsed_prompt_get_metadata      (GenkitParsedPrompt       *self);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_parsed_prompt_get_filename      (GenkitParsedPrompt       *self);
GENKIT_AVAILABLE_IN_ALL
const GError       *genkit_parsed_prompt_get_frontmatter_error (GenkitParsedPrompt   *self);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_parsed_prompt_locate            (GenkitParsedPrompt       *self,
                                                            const char               *pointer,
                                                            gboolean                  key,
                                                            guint                    *line,
                                                            guint                    *column);
GENKIT_AVAILABLE_IN_ALL
char               *genkit_parsed_prompt_to_string         (GenkitParsedPrompt       *self,
                                                            GError                  **error);

G_END_DECLS
