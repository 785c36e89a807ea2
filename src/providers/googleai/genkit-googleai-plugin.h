/* genkit-googleai-plugin.h — the Gemini API (Google GenAI): generateContent and embeddings
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-provider-plugin.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_GOOGLEAI_PLUGIN (genkit_googleai_plugin_get_type ())

G_DECLARE_FINAL_TYPE (GenkitGoogleaiPlugin, genkit_googleai_plugin, GENKIT, GOOGLEAI_PLUGIN,
                      GenkitProviderPlugin)

GenkitProviderPlugin *genkit_googleai_plugin_new (void);

G_END_DECLS
