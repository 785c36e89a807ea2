/* genkit-json-patch.h — RFC 6902 JSON Patch: the diffs agents stream for their custom state
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
JsonNode *genkit_json_patch_diff  (JsonNode   *from,
                                   JsonNode   *to);
GENKIT_AVAILABLE_IN_ALL
gboolean  genkit_json_patch_apply (JsonNode   *document,
                                   JsonNode   *patch,
                                   JsonNode  **result,
                                   GError    **error);
GENKIT_AVAILABLE_IN_ALL
gboolean  genkit_json_equal       (JsonNode   *a,
                                   JsonNode   *b);

G_END_DECLS
