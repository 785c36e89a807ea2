/* genkit-dotprompt-json-private.h — JavaScript's value semantics over json-glib nodes
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * Handlebars and Dotprompt are JavaScript: what a template prints, what is truthy, how two
 * values compare, in which order an object's keys come and how JSON.stringify() writes a
 * value are all JavaScript's rules. These functions apply them to JsonNode values, where a
 * NULL node stands for `undefined`.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  GENKIT_JS_UNDEFINED,
  GENKIT_JS_NULL,
  GENKIT_JS_BOOLEAN,
  GENKIT_JS_NUMBER,
  GENKIT_JS_STRING,
  GENKIT_JS_ARRAY,
  GENKIT_JS_OBJECT,
} GenkitJsKind;

GenkitJsKind  _genkit_js_kind               (JsonNode     *node);
double        _genkit_js_number             (JsonNode     *node);
gboolean      _genkit_js_truthy             (JsonNode     *node);
gboolean      _genkit_js_strict_equals      (JsonNode     *a,
                                             JsonNode     *b);
gboolean      _genkit_js_loose_equals       (JsonNode     *a,
                                             JsonNode     *b);

void          _genkit_js_append_number      (GString      *out,
                                             double        value);
void          _genkit_js_append_string      (GString      *out,
                                             JsonNode     *node);
char         *_genkit_js_to_string          (JsonNode     *node);

JsonNode     *_genkit_js_number_node        (double        value);
JsonNode     *_genkit_js_string_node        (const char   *value);
JsonNode     *_genkit_js_string_node_take   (char         *value);

GPtrArray    *_genkit_js_object_keys        (JsonObject   *object);
gboolean      _genkit_js_is_array_index     (const char   *key,
                                             guint        *index);
JsonNode     *_genkit_js_get_property       (JsonNode     *value,
                                             const char   *key,
                                             GPtrArray    *arena);

gsize         _genkit_js_utf16_length       (const char   *str,
                                             gssize        len);
gboolean      _genkit_js_is_space           (gunichar      c);
gsize         _genkit_js_space_at           (const char   *p,
                                             const char   *end);
gboolean      _genkit_js_is_blank           (const char   *str,
                                             gssize        len);

gboolean      _genkit_js_json_stringify     (GString      *out,
                                             JsonNode     *node,
                                             const char   *indent);
void          _genkit_js_json_append_quoted (GString      *out,
                                             const char   *str,
                                             gssize        len);

JsonObject   *_genkit_js_object_ordered     (JsonObject   *object);
JsonObject   *_genkit_js_object_copy        (JsonObject   *object);
JsonNode     *_genkit_js_node_copy          (JsonNode     *node);
void          _genkit_js_object_spread      (JsonObject   *target,
                                             JsonNode     *value);
void          _genkit_js_object_spread_shared (JsonObject *target,
                                               JsonNode   *value);
JsonNode     *_genkit_js_pointer_get        (JsonNode     *root,
                                             const char   *pointer);
void          _genkit_js_object_set         (JsonObject   *object,
                                             const char   *key,
                                             JsonNode     *value);

G_END_DECLS
