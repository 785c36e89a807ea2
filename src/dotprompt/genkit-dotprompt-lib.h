/* genkit-dotprompt-lib.h — the one header of the Dotprompt library: Handlebars templates,
 * Picoschema, .prompt files, and prompts as Genkit actions
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

#define GENKIT_DOTPROMPT_INSIDE
# include "genkit-dotprompt-enums.h"
# include "genkit-dotprompt-json.h"
# include "genkit-handlebars.h"
# include "genkit-handlebars-template.h"
# include "genkit-handlebars-helper-call.h"
# include "genkit-picoschema.h"
# include "genkit-parsed-prompt.h"
# include "genkit-dotprompt.h"
# include "genkit-prompt.h"
#undef GENKIT_DOTPROMPT_INSIDE
