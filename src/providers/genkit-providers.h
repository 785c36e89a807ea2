/* genkit-providers.h — the model provider plugins and the built-in runtime's set of them
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

#include "genkit-provider-plugin.h"
#include "genkit-compat-oai-plugin.h"
#include "genkit-ollama-plugin.h"
#include "genkit-anthropic-plugin.h"
#include "genkit-googleai-plugin.h"
#include "genkit-cloudflare-plugin.h"

G_BEGIN_DECLS

GStrv                 genkit_providers_list_builtin     (void);
GenkitProviderPlugin *genkit_providers_new_builtin      (const char      *name);
gboolean              genkit_providers_register_builtin (GenkitRegistry  *registry,
                                                         GError         **error);

G_END_DECLS
