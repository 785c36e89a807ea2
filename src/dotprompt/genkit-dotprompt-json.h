/* genkit-dotprompt-json.h — JSON text as JavaScript's JSON.stringify() writes it
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_DOTPROMPT_INSIDE) && !defined (GENKIT_DOTPROMPT_COMPILATION)
# error "Only <genkit-dotprompt-lib.h> can be included directly."
#endif

#include <genkit.h>

G_BEGIN_DECLS

GENKIT_AVAILABLE_IN_ALL
char *genkit_dotprompt_json_stringify (JsonNode *node,
                                       guint     indent);

G_END_DECLS
