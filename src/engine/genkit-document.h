/* genkit-document.h — a document: content parts and metadata, for retrieval and context
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-part.h"

G_BEGIN_DECLS

/**
 * GENKIT_TYPE_DOCUMENT:
 *
 * The #GType of [struct@Genkit.Document].
 */
#define GENKIT_TYPE_DOCUMENT (genkit_document_get_type ())

typedef struct _GenkitDocument GenkitDocument;

GENKIT_AVAILABLE_IN_ALL
GType           genkit_document_get_type         (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitDocument *genkit_document_new_from_text    (const char      *text,
                                                  JsonObject      *metadata);
GENKIT_AVAILABLE_IN_ALL
GenkitDocument *genkit_document_new_from_media   (const char      *url,
                                                  const char      *content_type,
                                                  JsonObject      *metadata);
GENKIT_AVAILABLE_IN_ALL
GenkitDocument *genkit_document_new_from_json    (JsonNode        *node,
                                                  GError         **error);
GENKIT_AVAILABLE_IN_ALL
GenkitDocument *genkit_document_ref              (GenkitDocument  *self);
GENKIT_AVAILABLE_IN_ALL
void            genkit_document_unref            (GenkitDocument  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitDocument *genkit_document_copy             (GenkitDocument  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_document_to_json          (GenkitDocument  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject     *genkit_document_get_json_object  (GenkitDocument  *self);
GENKIT_AVAILABLE_IN_ALL
guint           genkit_document_get_n_parts      (GenkitDocument  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_document_get_part         (GenkitDocument  *self,
                                                  guint            index);
GENKIT_AVAILABLE_IN_ALL
void            genkit_document_add_part         (GenkitDocument  *self,
                                                  GenkitPart      *part);
GENKIT_AVAILABLE_IN_ALL
char           *genkit_document_get_text         (GenkitDocument  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject     *genkit_document_get_metadata     (GenkitDocument  *self);
GENKIT_AVAILABLE_IN_ALL
void            genkit_document_set_metadata     (GenkitDocument  *self,
                                                  JsonObject      *metadata);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitDocument, genkit_document_unref)

G_END_DECLS
