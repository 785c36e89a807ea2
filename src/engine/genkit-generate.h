/* genkit-generate.h — generate: the model call, the tool loop, interrupts, output formats
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-generate-options.h"
#include "genkit-generate-response.h"

G_BEGIN_DECLS

GENKIT_AVAILABLE_IN_ALL
void                    genkit_generate_async          (GenkitRegistry         *registry,
                                                        GenkitActionRun        *parent,
                                                        GenkitGenerateOptions  *options,
                                                        GCancellable           *cancellable,
                                                        GAsyncReadyCallback     callback,
                                                        gpointer                user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponse *genkit_generate_finish         (GenkitRegistry         *registry,
                                                        GAsyncResult           *result,
                                                        GError                **error);
GENKIT_AVAILABLE_IN_ALL
GenkitAction           *genkit_define_generate_action  (GenkitRegistry         *registry,
                                                        GError                **error);

G_END_DECLS
