/* genkit-testing.h — models and embedders for tests and for trying things without a key
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-model.h"
#include "genkit-embedder.h"

G_BEGIN_DECLS

GENKIT_AVAILABLE_IN_ALL
GenkitModel    *genkit_define_echo_model    (GenkitRegistry  *registry,
                                             GError         **error);
GENKIT_AVAILABLE_IN_ALL
GenkitModel    *genkit_define_test_echo_model (GenkitRegistry  *registry,
                                               const char      *name,
                                               GError         **error);
GENKIT_AVAILABLE_IN_ALL
GenkitEmbedder *genkit_define_test_embedder (GenkitRegistry  *registry,
                                             const char      *name,
                                             GError         **error);
GENKIT_AVAILABLE_IN_ALL
GArray         *genkit_test_embedding       (const char      *text);

G_END_DECLS
