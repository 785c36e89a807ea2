/* genkit-handlebars-template.h — a compiled Handlebars template
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_DOTPROMPT_INSIDE) && !defined (GENKIT_DOTPROMPT_COMPILATION)
# error "Only <genkit-dotprompt-lib.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-handlebars.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_HANDLEBARS_TEMPLATE (genkit_handlebars_template_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitHandlebarsTemplate, genkit_handlebars_template,
                      GENKIT, HANDLEBARS_TEMPLATE, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitHandlebars *genkit_handlebars_template_get_environment   (GenkitHandlebarsTemplate *self);
GENKIT_AVAILABLE_IN_ALL
const char       *genkit_handlebars_template_get_source        (GenkitHandlebarsTemplate *self);
GENKIT_AVAILABLE_IN_ALL
const char       *genkit_handlebars_template_get_filename      (GenkitHandlebarsTemplate *self);
GENKIT_AVAILABLE_IN_ALL
GStrv             genkit_handlebars_template_get_partial_names (GenkitHandlebarsTemplate *self);
GENKIT_AVAILABLE_IN_ALL
char             *genkit_handlebars_template_render            (GenkitHandlebarsTemplate *self,
                                                                JsonNode                 *context,
                                                                JsonObject               *data,
                                                                GError                  **error);

G_END_DECLS
