/* genkit-compat-oai-plugin.h — OpenAI and every OpenAI-compatible chat completions API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-provider-plugin.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_COMPAT_OAI_PLUGIN (genkit_compat_oai_plugin_get_type ())

G_DECLARE_FINAL_TYPE (GenkitCompatOaiPlugin, genkit_compat_oai_plugin, GENKIT, COMPAT_OAI_PLUGIN,
                      GenkitProviderPlugin)

const char * const   *genkit_compat_oai_plugin_list_presets (void);
GenkitProviderPlugin *genkit_compat_oai_plugin_new_preset   (const char *preset);
GenkitProviderPlugin *genkit_compat_oai_plugin_new          (const char *name,
                                                             const char *label,
                                                             const char *base_url,
                                                             const char *api_key_env_var);

G_END_DECLS
