/* genkit-part.h — one part of a message or document: text, media, tool call, data…
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
 * GenkitPartKind:
 * @GENKIT_PART_KIND_TEXT: `{"text": "..."}`
 * @GENKIT_PART_KIND_MEDIA: `{"media": {"url", "contentType"?}}`
 * @GENKIT_PART_KIND_TOOL_REQUEST: `{"toolRequest": {"name", "ref"?, "input"?, "partial"?}}`
 * @GENKIT_PART_KIND_TOOL_RESPONSE: `{"toolResponse": {"name", "ref"?, "output"?, "content"?}}`
 * @GENKIT_PART_KIND_DATA: `{"data": any}` (also a part with no kind key at all, which Genkit's
 *   schema accepts as a data part)
 * @GENKIT_PART_KIND_CUSTOM: `{"custom": {...}}`, provider specific
 * @GENKIT_PART_KIND_REASONING: `{"reasoning": "..."}`, a model's thinking
 * @GENKIT_PART_KIND_RESOURCE: `{"resource": {"uri"}}`, replaced by the resource's parts before
 *   a model sees it
 *
 * The kinds of part of Genkit's `Part` union (`js/ai/src/parts.ts`).
 */
typedef enum
{
  GENKIT_PART_KIND_TEXT,
  GENKIT_PART_KIND_MEDIA,
  GENKIT_PART_KIND_TOOL_REQUEST,
  GENKIT_PART_KIND_TOOL_RESPONSE,
  GENKIT_PART_KIND_DATA,
  GENKIT_PART_KIND_CUSTOM,
  GENKIT_PART_KIND_REASONING,
  GENKIT_PART_KIND_RESOURCE,
} GenkitPartKind;

/**
 * GENKIT_TYPE_PART:
 *
 * The #GType of [struct@Genkit.Part].
 */
#define GENKIT_TYPE_PART (genkit_part_get_type ())

typedef struct _GenkitPart GenkitPart;

GENKIT_AVAILABLE_IN_ALL
GType           genkit_part_get_type               (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_new_text               (const char   *text);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_new_media              (const char   *url,
                                                    const char   *content_type);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_new_tool_request       (const char   *name,
                                                    const char   *ref,
                                                    JsonNode     *input);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_new_tool_response      (const char   *name,
                                                    const char   *ref,
                                                    JsonNode     *output);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_new_data               (JsonNode     *data);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_new_custom             (JsonObject   *custom);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_new_reasoning          (const char   *reasoning);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_new_resource           (const char   *uri);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_new_from_json          (JsonNode     *node,
                                                    GError      **error);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_ref                    (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
void            genkit_part_unref                  (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
GenkitPart     *genkit_part_copy                   (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_part_to_json                (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject     *genkit_part_get_json_object        (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
GenkitPartKind  genkit_part_get_kind               (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
const char     *genkit_part_get_text               (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
const char     *genkit_part_get_reasoning          (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
const char     *genkit_part_get_media_url          (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
const char     *genkit_part_get_media_content_type (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
const char     *genkit_part_get_tool_name          (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
const char     *genkit_part_get_tool_ref           (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_part_get_tool_input         (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_part_get_tool_output        (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
JsonArray      *genkit_part_get_tool_content       (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_part_get_data               (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject     *genkit_part_get_custom             (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
const char     *genkit_part_get_resource_uri       (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject     *genkit_part_get_metadata           (GenkitPart   *self);
GENKIT_AVAILABLE_IN_ALL
void            genkit_part_set_metadata           (GenkitPart   *self,
                                                    JsonObject   *metadata);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitPart, genkit_part_unref)

G_END_DECLS
