/* studio-providers.h — the built-in runtime's model providers, configured from the settings
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>
#include <genkit.h>

#include "genkit-providers.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_PROVIDERS (studio_providers_get_type ())

G_DECLARE_FINAL_TYPE (StudioProviders, studio_providers, STUDIO, PROVIDERS, GObject)

StudioProviders      *studio_providers_new             (GenkitRegistry  *registry,
                                                        GSettings       *settings);
const char * const   *studio_providers_get_names       (StudioProviders *self);
GenkitProviderPlugin *studio_providers_get_plugin      (StudioProviders *self,
                                                        const char      *name);
char                 *studio_providers_dup_default_base_url (StudioProviders *self,
                                                        const char      *name);
void                  studio_providers_reconfigure     (StudioProviders *self,
                                                        const char      *name);

G_END_DECLS
