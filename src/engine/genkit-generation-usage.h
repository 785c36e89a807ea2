/* genkit-generation-usage.h — token, character and media counts of a generation
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

/**
 * GENKIT_TYPE_GENERATION_USAGE:
 *
 * The #GType of [struct@Genkit.GenerationUsage].
 */
#define GENKIT_TYPE_GENERATION_USAGE (genkit_generation_usage_get_type ())

typedef struct _GenkitGenerationUsage GenkitGenerationUsage;

GENKIT_AVAILABLE_IN_ALL
GType                  genkit_generation_usage_get_type        (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitGenerationUsage *genkit_generation_usage_new             (void);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerationUsage *genkit_generation_usage_new_from_json   (JsonNode               *node,
                                                                GError                **error);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerationUsage *genkit_generation_usage_ref             (GenkitGenerationUsage  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generation_usage_unref           (GenkitGenerationUsage  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode              *genkit_generation_usage_to_json         (GenkitGenerationUsage  *self);
GENKIT_AVAILABLE_IN_ALL
gboolean               genkit_generation_usage_has_value       (GenkitGenerationUsage  *self,
                                                                const char             *name);
GENKIT_AVAILABLE_IN_ALL
double                 genkit_generation_usage_get_value       (GenkitGenerationUsage  *self,
                                                                const char             *name);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_generation_usage_set_value       (GenkitGenerationUsage  *self,
                                                                const char             *name,
                                                                double                  value);
GENKIT_AVAILABLE_IN_ALL
JsonObject            *genkit_generation_usage_get_custom      (GenkitGenerationUsage  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitGenerationUsage, genkit_generation_usage_unref)

G_END_DECLS
