/* genkit-telemetry-json-private.h — JSON text the way Genkit's JavaScript tools write it
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Deepest nesting of arrays and objects accepted in a request body; json-glib 1.6 parses
 * recursively and would overflow the stack on a body of a million `[`. */
#define GENKIT_TELEMETRY_JSON_MAX_DEPTH 256

/* The length at which Genkit's trace listing truncates string attributes
 * (`MAX_LIST_ATTR_LENGTH` in genkit-tools/telemetry-server/src/file-trace-store.ts). */
#define GENKIT_TELEMETRY_LIST_ATTR_LENGTH 1000

void      _genkit_json_write_string        (GString     *out,
                                            const char  *str,
                                            gssize       len);
void      _genkit_json_write_string_utf16_truncated (GString    *out,
                                                     const char *str,
                                                     gsize       max_units,
                                                     const char *suffix,
                                                     gboolean    keep_lone_surrogate);
gsize     _genkit_utf16_length             (const char  *str);
void      _genkit_json_write_number        (GString     *out,
                                            double       value);
void      _genkit_json_write_node          (GString     *out,
                                            JsonNode    *node);
char     *_genkit_json_node_to_string      (JsonNode    *node);
gboolean  _genkit_json_node_is_number      (JsonNode    *node);
double    _genkit_json_node_get_number     (JsonNode    *node);

JsonNode *_genkit_json_parse               (const char  *data,
                                            gsize        length,
                                            GError     **error);

char     *_genkit_js_string_coerce         (JsonNode    *node);

G_END_DECLS
