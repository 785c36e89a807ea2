/* genkit-anthropic-plugin.h — Anthropic's Messages API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-provider-plugin.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_ANTHROPIC_PLUGIN (genkit_anthropic_plugin_get_type ())

G_DECLARE_FINAL_TYPE (GenkitAnthropicPlugin, genkit_anthropic_plugin, GENKIT, ANTHROPIC_PLUGIN,
                      GenkitProviderPlugin)

GenkitProviderPlugin *genkit_anthropic_plugin_new (void);

G_END_DECLS
