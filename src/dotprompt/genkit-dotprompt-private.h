/* genkit-dotprompt-private.h — what the Dotprompt library's files share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

#include "genkit-dotprompt.h"
#include "genkit-handlebars.h"
#include "genkit-handlebars-template.h"
#include "genkit-parsed-prompt.h"
#include "genkit-picoschema.h"

G_BEGIN_DECLS

/* The reserved frontmatter keys of Dotprompt's parseDocument(), sorted. */
extern const char * const _genkit_dotprompt_reserved_keys[];

char      *_genkit_parsed_prompt_location_prefix (GenkitParsedPrompt  *self,
                                                  const char          *pointer,
                                                  gboolean             key);
GenkitParsedPrompt *_genkit_parsed_prompt_new_template_only (GenkitParsedPrompt *self);
GenkitHandlebarsTemplate *_genkit_parsed_prompt_get_compiled (GenkitParsedPrompt *self,
                                                              GenkitHandlebars   *handlebars,
                                                              GError            **error);

JsonNode  *_genkit_picoschema_parse_full         (GenkitPicoschema    *self,
                                                  JsonNode            *schema,
                                                  GenkitParsedPrompt  *prompt,
                                                  const char          *pointer,
                                                  GError             **error);

guint      _genkit_handlebars_get_generation     (GenkitHandlebars    *self);
GPtrArray *_genkit_handlebars_parse_partial_names (GenkitHandlebars   *self,
                                                  const char         *source,
                                                  const char         *filename,
                                                  guint               first_line,
                                                  guint               first_column,
                                                  GError            **error);

void       _genkit_dotprompt_register_helpers    (GenkitHandlebars    *handlebars);

G_END_DECLS
