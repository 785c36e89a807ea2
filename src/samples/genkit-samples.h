/* genkit-samples.h — the sample flows of the built-in runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

gboolean genkit_samples_register (GenkitRegistry  *registry,
                                  GError         **error);
gboolean genkit_samples_register_agents (GenkitRegistry      *registry,
                                         GenkitSessionStore  *store,
                                         GError             **error);

G_END_DECLS
