/* genkit-yaml-private.h — YAML frontmatter to JSON and back, with source positions
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Where a key or value starts, from 1; column in characters. */
typedef struct
{
  guint line;
  guint column;
} GenkitYamlMark;

/* For each JSON Pointer of the document ("" is the root, "/input/schema/name?" a member),
 * where its key (if any) and its value start. */
typedef struct
{
  GenkitYamlMark key;
  GenkitYamlMark value;
  gboolean       has_key;
} GenkitYamlLocation;

JsonNode   *_genkit_yaml_parse           (const char    *text,
                                          gsize          length,
                                          guint          first_line,
                                          GHashTable    *locations,
                                          GenkitYamlMark *error_mark,
                                          GError       **error);
GHashTable *_genkit_yaml_locations_new   (void);
char       *_genkit_json_pointer_append  (const char    *pointer,
                                          const char    *key);

gboolean    _genkit_yaml_emit            (GString       *out,
                                          JsonNode      *node,
                                          GError       **error);
gboolean    _genkit_yaml_plain_is_string (const char    *text);

G_END_DECLS
