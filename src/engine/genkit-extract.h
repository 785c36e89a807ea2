/* genkit-extract.h — lenient JSON extraction from model text, complete or still streaming
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
JsonNode  *genkit_parse_json5         (const char  *text,
                                       GError     **error);
GENKIT_AVAILABLE_IN_ALL
JsonNode  *genkit_parse_partial_json  (const char  *text,
                                       GError     **error);
GENKIT_AVAILABLE_IN_ALL
JsonNode  *genkit_extract_json        (const char  *text,
                                       GError     **error);
GENKIT_AVAILABLE_IN_ALL
JsonArray *genkit_extract_items       (const char  *text,
                                       gsize        cursor,
                                       gsize       *new_cursor);

G_END_DECLS
