/* genkit-picoschema.c — Picoschema to JSON Schema
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt.h"
#include "genkit-dotprompt-json-private.h"
#include "genkit-dotprompt-private.h"
#include "genkit-parsed-prompt.h"
#include "genkit-picoschema.h"
#include "genkit-yaml-private.h"

/**
 * GenkitPicoschema:
 *
 * Turns Picoschema — Dotprompt's compact schema notation — into JSON Schema, as Dotprompt's
 * `picoschema()` (js/src/picoschema.ts) does:
 *
 * - `string`, `number`, `integer`, `boolean`, `null`, `any`, each optionally followed by
 *   `, description`, are scalar types; any other word is a named schema, found through the
 *   resolver (its description can be overridden the same way);
 * - an object maps property names to types: `name?` is optional (left out of `required`, its
 *   scalar type becomes `[type, "null"]`), `name(array, description)` is an array of the
 *   value's type, `name(object, description)` a nested object, `name(enum, description)` an
 *   enumeration of the listed values, `(*)` the type of any other property;
 * - a JSON Schema whose `type` is a JSON Schema type, or that has `properties`, passes
 *   through (with `"type": "object"` added in the second case).
 *
 * ```yaml
 * schema:
 *   title: string, the title
 *   tags?(array): string
 *   mood(enum): [HAPPY, SAD]
 * ```
 *
 * becomes `{"type": "object", "properties": {"title": {"type": "string", "description":
 * "the title"}, "tags": {"type": ["array", "null"], "items": {"type": "string"}}, "mood":
 * {"enum": ["HAPPY", "SAD"]}}, "required": ["title", "mood"], "additionalProperties":
 * false}`.
 */

struct _GenkitPicoschema
{
  GObject                   parent_instance;

  GenkitSchemaResolverFunc  resolver;
  gpointer                  resolver_data;
  GDestroyNotify            resolver_destroy;
};

G_DEFINE_FINAL_TYPE (GenkitPicoschema, genkit_picoschema, G_TYPE_OBJECT)

static const char * const scalar_types[] = {
  "any", "boolean", "integer", "null", "number", "string",
};

static void
genkit_picoschema_finalize (GObject *object)
{
  GenkitPicoschema *self = GENKIT_PICOSCHEMA (object);

  if (self->resolver_destroy != NULL)
    self->resolver_destroy (self->resolver_data);

  G_OBJECT_CLASS (genkit_picoschema_parent_class)->finalize (object);
}

static void
genkit_picoschema_class_init (GenkitPicoschemaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_picoschema_finalize;
}

static void
genkit_picoschema_init (GenkitPicoschema *self)
{
}

/**
 * genkit_picoschema_new:
 *
 * Creates a converter without a schema resolver: every type name that is not a scalar type
 * is then an error.
 *
 * Returns: (transfer full): a new converter
 */
GenkitPicoschema *
genkit_picoschema_new (void)
{
  return g_object_new (GENKIT_TYPE_PICOSCHEMA, NULL);
}

/**
 * genkit_picoschema_set_resolver:
 * @self: a [class@Genkit.Picoschema]
 * @resolver: (nullable) (scope notified): finds named schemas
 * @user_data: (closure resolver): data for @resolver
 * @destroy: (nullable): frees @user_data
 *
 * Sets how named schemas (`Foo` in `item: Foo`) are found.
 */
void
genkit_picoschema_set_resolver (GenkitPicoschema         *self,
                                GenkitSchemaResolverFunc  resolver,
                                gpointer                  user_data,
                                GDestroyNotify            destroy)
{
  g_return_if_fail (GENKIT_IS_PICOSCHEMA (self));

  if (self->resolver_destroy != NULL)
    self->resolver_destroy (self->resolver_data);
  self->resolver = resolver;
  self->resolver_data = user_data;
  self->resolver_destroy = destroy;
}

static gboolean
is_scalar_type (const char *type)
{
  for (guint i = 0; i < G_N_ELEMENTS (scalar_types); i++)
    if (g_str_equal (type, scalar_types[i]))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GenkitPicoschema   *self;
  GenkitParsedPrompt *prompt;
  GError            **error;
} PicoContext;

static void pico_fail (PicoContext *ctx,
                       const char  *pointer,
                       gboolean     key,
                       int          code,
                       const char  *format,
                       ...) G_GNUC_PRINTF (5, 6);

static void
pico_fail (PicoContext *ctx,
           const char  *pointer,
           gboolean     key,
           int          code,
           const char  *format,
           ...)
{
  g_autofree char *message = NULL;
  g_autofree char *where = NULL;
  va_list args;

  if (ctx->error == NULL || *ctx->error != NULL)
    return;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (ctx->prompt != NULL && pointer != NULL)
    where = _genkit_parsed_prompt_location_prefix (ctx->prompt, pointer, key);
  g_set_error (ctx->error, GENKIT_DOTPROMPT_ERROR, code, "%s%s", where != NULL ? where : "",
               message);
}

/* extractDescription(): `type, description` split at the first comma (of the last line, as
 * the regular expression /(.*?), *(.*)$/ finds it). */
static void
extract_description (const char  *input,
                     char       **type,
                     char       **description)
{
  const char *line = input;
  const char *comma;
  const char *p;

  *description = NULL;
  if (strchr (input, ',') == NULL)
    {
      *type = g_strdup (input);
      return;
    }

  for (p = input; *p != '\0'; p++)
    {
      if (*p == '\n' || *p == '\r')
        line = p + 1;
      else if ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 &&
               ((guchar) p[2] == 0xa8 || (guchar) p[2] == 0xa9))
        line = p + 3;
    }

  if ((comma = strchr (line, ',')) == NULL)
    {
      *type = g_strdup (input);
      return;
    }

  *type = g_strndup (line, comma - line);
  p = comma + 1;
  while (*p == ' ')
    p++;
  *description = g_strdup (p);
}

static JsonObject *
new_object_with_type (const char *type)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  return object;
}

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

/* mustResolveSchema() */
static JsonNode *
resolve_named (PicoContext *ctx,
               const char  *name,
               const char  *pointer)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *schema;

  if (ctx->self->resolver == NULL)
    {
      pico_fail (ctx, pointer, FALSE, GENKIT_DOTPROMPT_ERROR_PICOSCHEMA,
                 "Picoschema: unsupported scalar type '%s'.", name);
      return NULL;
    }

  schema = ctx->self->resolver (name, ctx->self->resolver_data, &local_error);
  if (local_error != NULL)
    {
      g_autofree char *where = NULL;

      g_clear_pointer (&schema, json_node_unref);
      if (ctx->prompt != NULL)
        where = _genkit_parsed_prompt_location_prefix (ctx->prompt, pointer, FALSE);
      if (where != NULL)
        g_prefix_error (&local_error, "%s", where);
      g_propagate_error (ctx->error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (schema == NULL)
    {
      pico_fail (ctx, pointer, FALSE, GENKIT_DOTPROMPT_ERROR_SCHEMA_NOT_FOUND,
                 "Picoschema: could not find schema with name '%s'", name);
      return NULL;
    }
  return schema;
}

/* {...schema, description} */
static JsonNode *
with_description (JsonNode   *schema,
                  const char *description)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (schema))
    return schema;
  object = json_node_get_object (schema);
  json_object_set_string_member (object, "description", description);
  return schema;
}

/* A type string: a scalar, or a named schema. @top is the parse() case, where `any` stays
 * `{"type": "any"}`. */
static JsonNode *
parse_type_string (PicoContext *ctx,
                   const char  *text,
                   const char  *pointer,
                   gboolean     top)
{
  g_autofree char *type = NULL;
  g_autofree char *description = NULL;
  gboolean has_description;
  JsonObject *object;

  extract_description (text, &type, &description);
  has_description = description != NULL && description[0] != '\0';

  if (!is_scalar_type (type))
    {
      JsonNode *resolved = resolve_named (ctx, type, pointer);

      if (resolved == NULL)
        return NULL;
      if (has_description)
        {
          JsonNode *copy = _genkit_js_node_copy (resolved);

          json_node_unref (resolved);
          return with_description (copy, description);
        }
      return resolved;
    }

  if (!top && g_str_equal (type, "any"))
    object = json_object_new ();
  else
    object = new_object_with_type (type);
  if (has_description)
    json_object_set_string_member (object, "description", description);
  return object_node (object);
}

static JsonNode *parse_pico (PicoContext *ctx,
                             JsonNode    *value,
                             const char  *pointer);

/* One property of a Picoschema object. */
static gboolean
parse_property (PicoContext *ctx,
                JsonObject  *schema,
                JsonArray   *required,
                const char  *key,
                JsonNode    *value,
                const char  *pointer)
{
  JsonObject *properties = json_object_get_object_member (schema, "properties");
  g_autofree char *child = _genkit_json_pointer_append (pointer, key);
  g_autofree char *name = NULL;
  g_autofree char *type_info = NULL;
  g_autofree char *type = NULL;
  g_autofree char *description = NULL;
  const char *paren;
  gboolean optional;
  const char *property_name;
  g_autofree char *property_name_owned = NULL;
  JsonNode *prop = NULL;

  /* wildcard property */
  if (g_str_equal (key, "(*)"))
    {
      JsonNode *additional = parse_pico (ctx, value, child);

      if (additional == NULL)
        return FALSE;
      json_object_set_member (schema, "additionalProperties", additional);
      return TRUE;
    }

  /* const [name, typeInfo] = key.split('(') */
  paren = strchr (key, '(');
  if (paren != NULL)
    {
      const char *next = strchr (paren + 1, '(');

      name = g_strndup (key, paren - key);
      type_info = next != NULL ? g_strndup (paren + 1, next - paren - 1) : g_strdup (paren + 1);
    }
  else
    {
      name = g_strdup (key);
    }

  optional = g_str_has_suffix (name, "?");
  property_name_owned = optional ? g_strndup (name, strlen (name) - 1) : g_strdup (name);
  property_name = property_name_owned;

  if (!optional)
    json_array_add_string_element (required, property_name);

  if (type_info == NULL || type_info[0] == '\0')
    {
      JsonNode *parsed = parse_pico (ctx, value, child);
      JsonObject *object;

      if (parsed == NULL)
        return FALSE;
      /* {...parsed}: a copy, so named schemas stay as they are */
      prop = _genkit_js_node_copy (parsed);
      json_node_unref (parsed);
      if (optional && JSON_NODE_HOLDS_OBJECT (prop))
        {
          JsonNode *t;

          object = json_node_get_object (prop);
          t = json_object_get_member (object, "type");
          if (_genkit_js_kind (t) == GENKIT_JS_STRING)
            {
              JsonArray *types = json_array_new ();

              json_array_add_string_element (types, json_node_get_string (t));
              json_array_add_string_element (types, "null");
              json_object_set_array_member (object, "type", types);
            }
        }
      _genkit_js_object_set (properties, property_name, prop);
      return TRUE;
    }

  /* typeInfo.substring(0, typeInfo.length - 1): drop the `)` */
  {
    glong n = g_utf8_strlen (type_info, -1);
    g_autofree char *inner = g_utf8_substring (type_info, 0, MAX (n - 1, 0));

    extract_description (inner, &type, &description);
  }

  if (g_str_equal (type, "array"))
    {
      JsonObject *object = json_object_new ();
      JsonNode *items;

      if (optional)
        {
          JsonArray *types = json_array_new ();

          json_array_add_string_element (types, "array");
          json_array_add_string_element (types, "null");
          json_object_set_array_member (object, "type", types);
        }
      else
        json_object_set_string_member (object, "type", "array");

      if ((items = parse_pico (ctx, value, child)) == NULL)
        {
          json_object_unref (object);
          return FALSE;
        }
      json_object_set_member (object, "items", items);
      prop = object_node (object);
    }
  else if (g_str_equal (type, "object"))
    {
      JsonNode *parsed = parse_pico (ctx, value, child);

      if (parsed == NULL)
        return FALSE;
      prop = _genkit_js_node_copy (parsed);
      json_node_unref (parsed);
      if (optional && JSON_NODE_HOLDS_OBJECT (prop))
        {
          JsonObject *object = json_node_get_object (prop);
          JsonNode *t = json_object_get_member (object, "type");
          JsonArray *types = json_array_new ();

          if (t != NULL)
            json_array_add_element (types, _genkit_js_node_copy (t));
          else
            json_array_add_null_element (types);
          json_array_add_string_element (types, "null");
          json_object_set_array_member (object, "type", types);
        }
    }
  else if (g_str_equal (type, "enum"))
    {
      JsonObject *object = json_object_new ();
      JsonNode *values = value != NULL ? _genkit_js_node_copy (value) : json_node_new (JSON_NODE_NULL);

      if (optional)
        {
          gboolean has_null = FALSE;
          JsonArray *array;

          if (!JSON_NODE_HOLDS_ARRAY (values))
            {
              json_node_unref (values);
              json_object_unref (object);
              pico_fail (ctx, child, FALSE, GENKIT_DOTPROMPT_ERROR_PICOSCHEMA,
                         "Picoschema: the values of enum '%s' must be a list", property_name);
              return FALSE;
            }
          array = json_node_get_array (values);
          for (guint i = 0; i < json_array_get_length (array); i++)
            has_null |= JSON_NODE_HOLDS_NULL (json_array_get_element (array, i));
          if (!has_null)
            json_array_add_null_element (array);
        }
      json_object_set_member (object, "enum", values);
      prop = object_node (object);
    }
  else
    {
      pico_fail (ctx, child, TRUE, GENKIT_DOTPROMPT_ERROR_PICOSCHEMA,
                 "Picoschema: parenthetical types must be 'object' or 'array', got: %s", type);
      return FALSE;
    }

  if (description != NULL && description[0] != '\0' && JSON_NODE_HOLDS_OBJECT (prop))
    json_object_set_string_member (json_node_get_object (prop), "description", description);

  _genkit_js_object_set (properties, property_name, prop);
  return TRUE;
}

/* parsePico() */
static JsonNode *
parse_pico (PicoContext *ctx,
            JsonNode    *value,
            const char  *pointer)
{
  GenkitJsKind kind = _genkit_js_kind (value);
  JsonObject *schema;
  JsonArray *required;

  if (kind == GENKIT_JS_STRING)
    return parse_type_string (ctx, json_node_get_string (value), pointer, FALSE);

  if (kind != GENKIT_JS_OBJECT && kind != GENKIT_JS_ARRAY && kind != GENKIT_JS_NULL)
    {
      g_autoptr(GString) got = g_string_new (NULL);

      if (!_genkit_js_json_stringify (got, value, NULL))
        g_string_append (got, "undefined");
      pico_fail (ctx, pointer, FALSE, GENKIT_DOTPROMPT_ERROR_PICOSCHEMA,
                 "Picoschema: only consists of objects and strings. Got: %s", got->str);
      return NULL;
    }

  schema = new_object_with_type ("object");
  json_object_set_object_member (schema, "properties", json_object_new ());
  required = json_array_new ();
  json_object_set_array_member (schema, "required", required);
  json_object_set_boolean_member (schema, "additionalProperties", FALSE);

  if (kind == GENKIT_JS_OBJECT)
    {
      JsonObject *object = json_node_get_object (value);
      g_autoptr(GPtrArray) keys = _genkit_js_object_keys (object);

      for (guint i = 0; i < keys->len; i++)
        if (!parse_property (ctx, schema, required, keys->pdata[i],
                             json_object_get_member (object, keys->pdata[i]), pointer))
          {
            json_object_unref (schema);
            return NULL;
          }
    }
  else if (kind == GENKIT_JS_ARRAY)
    {
      JsonArray *array = json_node_get_array (value);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          char key[16];

          g_snprintf (key, sizeof key, "%u", i);
          if (!parse_property (ctx, schema, required, key, json_array_get_element (array, i),
                               pointer))
            {
              json_object_unref (schema);
              return NULL;
            }
        }
    }

  if (json_array_get_length (required) == 0)
    json_object_remove_member (schema, "required");

  return object_node (schema);
}

static gboolean
is_json_schema_type (JsonNode *type)
{
  const char *t;

  if (_genkit_js_kind (type) != GENKIT_JS_STRING)
    return FALSE;
  t = json_node_get_string (type);
  return is_scalar_type (t) || g_str_equal (t, "object") || g_str_equal (t, "array");
}

JsonNode *
_genkit_picoschema_parse_full (GenkitPicoschema    *self,
                               JsonNode            *schema,
                               GenkitParsedPrompt  *prompt,
                               const char          *pointer,
                               GError             **error)
{
  PicoContext ctx = { self, prompt, error };
  GenkitJsKind kind = _genkit_js_kind (schema);

  if (!_genkit_js_truthy (schema))
    return NULL;

  if (kind == GENKIT_JS_STRING)
    return parse_type_string (&ctx, json_node_get_string (schema), pointer, TRUE);

  if (kind == GENKIT_JS_OBJECT)
    {
      JsonObject *object = json_node_get_object (schema);
      JsonNode *properties = json_object_get_member (object, "properties");

      /* a JSON-Schema-ish type at the top: JSON Schema as it is */
      if (is_json_schema_type (json_object_get_member (object, "type")))
        return _genkit_js_node_copy (schema);

      /* typeof properties === 'object' (null included): {...schema, type: 'object'} */
      if (properties != NULL && (JSON_NODE_HOLDS_OBJECT (properties) ||
                                 JSON_NODE_HOLDS_ARRAY (properties) ||
                                 JSON_NODE_HOLDS_NULL (properties)))
        {
          JsonNode *copy = _genkit_js_node_copy (schema);

          json_object_set_string_member (json_node_get_object (copy), "type", "object");
          return copy;
        }
    }

  return parse_pico (&ctx, schema, pointer);
}

/**
 * genkit_picoschema_parse:
 * @self: a [class@Genkit.Picoschema]
 * @schema: (nullable): a Picoschema or JSON Schema, as parsed from YAML or JSON
 * @error: return location for a %GENKIT_DOTPROMPT_ERROR
 *
 * Converts @schema to JSON Schema. A falsy schema (%NULL, `null`, `""`, `0`, `false`) is no
 * schema: the result is %NULL without an error.
 *
 * Errors use Dotprompt's messages: `Picoschema: unsupported scalar type 'x'.` (no resolver),
 * `Picoschema: could not find schema with name 'x'`, `Picoschema: parenthetical types must be
 * 'object' or 'array', got: x`, `Picoschema: only consists of objects and strings. Got: 5`.
 *
 * Returns: (transfer full) (nullable): the JSON Schema, or %NULL
 */
JsonNode *
genkit_picoschema_parse (GenkitPicoschema  *self,
                         JsonNode          *schema,
                         GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_PICOSCHEMA (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _genkit_picoschema_parse_full (self, schema, NULL, NULL, error);
}

/**
 * genkit_picoschema_parse_in:
 * @self: a [class@Genkit.Picoschema]
 * @schema: (nullable): a Picoschema or JSON Schema taken from @prompt's frontmatter
 * @prompt: the prompt file it comes from
 * @pointer: where @schema is in the frontmatter, as a JSON Pointer (`/output/schema`)
 * @error: return location for a %GENKIT_DOTPROMPT_ERROR
 *
 * Like [method@Genkit.Picoschema.parse], with errors that start with the file, line and
 * column of the offending key or value.
 *
 * Returns: (transfer full) (nullable): the JSON Schema, or %NULL
 */
JsonNode *
genkit_picoschema_parse_in (GenkitPicoschema    *self,
                            JsonNode            *schema,
                            GenkitParsedPrompt  *prompt,
                            const char          *pointer,
                            GError             **error)
{
  g_return_val_if_fail (GENKIT_IS_PICOSCHEMA (self), NULL);
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (prompt), NULL);
  g_return_val_if_fail (pointer != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _genkit_picoschema_parse_full (self, schema, prompt, pointer, error);
}
