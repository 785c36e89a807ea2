/* genkit-schema-violation.h — one way an instance fails a JSON schema
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "genkit-version-macros.h"

G_BEGIN_DECLS

/**
 * GENKIT_TYPE_SCHEMA_VIOLATION:
 *
 * The #GType of [struct@Genkit.SchemaViolation].
 */
#define GENKIT_TYPE_SCHEMA_VIOLATION (genkit_schema_violation_get_type ())

typedef struct _GenkitSchemaViolation GenkitSchemaViolation;

GENKIT_AVAILABLE_IN_ALL
GType                  genkit_schema_violation_get_type    (void) G_GNUC_CONST;

GENKIT_AVAILABLE_IN_ALL
GenkitSchemaViolation *genkit_schema_violation_new         (const char            *path,
                                                            const char            *keyword,
                                                            const char            *message);

GENKIT_AVAILABLE_IN_ALL
GenkitSchemaViolation *genkit_schema_violation_ref         (GenkitSchemaViolation *self);

GENKIT_AVAILABLE_IN_ALL
void                   genkit_schema_violation_unref       (GenkitSchemaViolation *self);

GENKIT_AVAILABLE_IN_ALL
const char            *genkit_schema_violation_get_path    (GenkitSchemaViolation *self);

GENKIT_AVAILABLE_IN_ALL
const char            *genkit_schema_violation_get_keyword (GenkitSchemaViolation *self);

GENKIT_AVAILABLE_IN_ALL
const char            *genkit_schema_violation_get_message (GenkitSchemaViolation *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitSchemaViolation, genkit_schema_violation_unref)

G_END_DECLS
