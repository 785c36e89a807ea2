/* genkit-cloudflare-plugin.h — Cloudflare Workers AI: text generation, embeddings, images
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-provider-plugin.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_CLOUDFLARE_PLUGIN (genkit_cloudflare_plugin_get_type ())

G_DECLARE_FINAL_TYPE (GenkitCloudflarePlugin, genkit_cloudflare_plugin, GENKIT, CLOUDFLARE_PLUGIN,
                      GenkitProviderPlugin)

GenkitProviderPlugin *genkit_cloudflare_plugin_new (void);

G_END_DECLS
