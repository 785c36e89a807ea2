/* genkit-json.h — strict JSON parsing for untrusted input
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

GENKIT_AVAILABLE_IN_ALL
JsonNode *genkit_json_parse (const char  *data,
                             gssize       length,
                             GError     **error);

G_END_DECLS
