/* genkit-json-schema.h — a compiled JSON Schema (draft-07) and its validator
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "genkit-version-macros.h"
#include "genkit-schema-violation.h"

G_BEGIN_DECLS

/**
 * GENKIT_TYPE_JSON_SCHEMA:
 *
 * The #GType of [class@Genkit.JsonSchema].
 */
#define GENKIT_TYPE_JSON_SCHEMA (genkit_json_schema_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitJsonSchema, genkit_json_schema, GENKIT, JSON_SCHEMA, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitJsonSchema *genkit_json_schema_new           (JsonNode          *schema,
                                                    GError           **error);

GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_json_schema_get_schema    (GenkitJsonSchema  *self);

GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_json_schema_validate      (GenkitJsonSchema  *self,
                                                    JsonNode          *instance,
                                                    GPtrArray        **violations,
                                                    GError           **error);

GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_json_schema_validate_node (JsonNode          *schema,
                                                    JsonNode          *instance,
                                                    GError           **error);

G_END_DECLS
