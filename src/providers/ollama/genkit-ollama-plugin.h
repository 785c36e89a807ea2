/* genkit-ollama-plugin.h — Ollama's native API: /api/chat, /api/embed, /api/tags
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-provider-plugin.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_OLLAMA_PLUGIN (genkit_ollama_plugin_get_type ())

G_DECLARE_FINAL_TYPE (GenkitOllamaPlugin, genkit_ollama_plugin, GENKIT, OLLAMA_PLUGIN, GenkitProviderPlugin)

GenkitProviderPlugin *genkit_ollama_plugin_new   (const char *base_url);

/* For tests: `OLLAMA_HOST` read as the Ollama CLI reads it. */
char                 *_genkit_ollama_host_to_url (const char *host);

G_END_DECLS
