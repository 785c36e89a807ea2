/* genkit-picoschema.h — Picoschema to JSON Schema
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_DOTPROMPT_INSIDE) && !defined (GENKIT_DOTPROMPT_COMPILATION)
# error "Only <genkit-dotprompt-lib.h> can be included directly."
#endif

#include <genkit.h>

G_BEGIN_DECLS

typedef struct _GenkitParsedPrompt GenkitParsedPrompt;

/**
 * GenkitSchemaResolverFunc:
 * @name: a schema name used in a Picoschema (`Foo` in `name: Foo, a description`)
 * @user_data: the data given with the resolver
 * @error: return location for an error
 *
 * Finds a named schema, as Dotprompt's `SchemaResolver` does; Genkit looks the name up in the
 * schemas registered with its registry.
 *
 * Returns: (transfer full) (nullable): the JSON Schema, or %NULL: with @error set to fail,
 *   without it for "no such schema"
 */
typedef JsonNode *(*GenkitSchemaResolverFunc) (const char  *name,
                                               gpointer     user_data,
                                               GError     **error);

#define GENKIT_TYPE_PICOSCHEMA (genkit_picoschema_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitPicoschema, genkit_picoschema, GENKIT, PICOSCHEMA, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitPicoschema *genkit_picoschema_new          (void);
GENKIT_AVAILABLE_IN_ALL
void              genkit_picoschema_set_resolver (GenkitPicoschema          *self,
                                                  GenkitSchemaResolverFunc   resolver,
                                                  gpointer                   user_data,
                                                  GDestroyNotify             destroy);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_picoschema_parse        (GenkitPicoschema          *self,
                                                  JsonNode                  *schema,
                                                  GError                   **error);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_picoschema_parse_in     (GenkitPicoschema          *self,
                                                  JsonNode                  *schema,
                                                  GenkitParsedPrompt        *prompt,
                                                  const char                *pointer,
                                                  GError                   **error);

G_END_DECLS
