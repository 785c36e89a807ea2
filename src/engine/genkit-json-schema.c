/* genkit-json-schema.c — a compiled JSON Schema (draft-07) and its validator
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "genkit-error.h"
#include "genkit-json-schema.h"

/* How deeply a schema document may nest (keywords and literal values alike). Checked
 * while copying it, so every later recursion over the schema is bounded. */
#define MAX_SCHEMA_DEPTH 512

/* How deeply a validated instance may nest. Deeper instances are one violation. */
#define MAX_INSTANCE_DEPTH 256

/* How many subschema evaluations may be nested while validating (instance levels plus
 * $ref, allOf, anyOf... hops). A schema that needs more is given up on. */
#define MAX_EVAL_DEPTH 2048

/* The evaluation budget of one validation: a fixed allowance plus so many subschema
 * evaluations per instance value. It stops schemas whose $ref graph fans out
 * exponentially from running for hours. */
#define BASE_STEPS      G_GUINT64_CONSTANT (1000000)
#define STEPS_PER_VALUE G_GUINT64_CONSTANT (64)

/* Written in front of every compiled pattern: PCRE2 gives up on a match after this much
 * backtracking instead of running for minutes, and the pattern then counts as not matching. */
#define REGEX_LIMITS "(*LIMIT_MATCH=1000000)(*LIMIT_DEPTH=10000)(*LIMIT_HEAP=32768)"

/* Base URI of a schema without `$id`, so relative references have something to resolve
 * against. The scheme is ours; nothing is ever fetched. */
#define DEFAULT_BASE_URI "genkit-schema:///root.json"

/* The draft-07 meta-schema, bundled the way ajv bundles it, so that
 * `{"$ref": "http://json-schema.org/draft-07/schema#"}` works without a network. */
#define DRAFT7_URI "http://json-schema.org/draft-07/schema"

static const char draft7_meta_schema[] =
  "{\n"
  "  \"$schema\": \"http://json-schema.org/draft-07/schema#\",\n"
  "  \"$id\": \"http://json-schema.org/draft-07/schema#\",\n"
  "  \"title\": \"Core schema meta-schema\",\n"
  "  \"definitions\": {\n"
  "    \"schemaArray\": {\"type\": \"array\", \"minItems\": 1, "
  "      \"items\": {\"$ref\": \"#\"}},\n"
  "    \"nonNegativeInteger\": {\"type\": \"integer\", \"minimum\": 0},\n"
  "    \"nonNegativeIntegerDefault0\": {\"allOf\": [ "
  "      {\"$ref\": \"#/definitions/nonNegativeInteger\"}, {\"default\": 0}]},\n"
  "    \"simpleTypes\": {\"enum\": [\"array\", \"boolean\", \"integer\", \"null\", "
  "      \"number\", \"object\", \"string\"]},\n"
  "    \"stringArray\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}, "
  "      \"uniqueItems\": true, \"default\": []}\n"
  "  },\n"
  "  \"type\": [\"object\", \"boolean\"],\n"
  "  \"properties\": {\n"
  "    \"$id\": {\"type\": \"string\", \"format\": \"uri-reference\"},\n"
  "    \"$schema\": {\"type\": \"string\", \"format\": \"uri\"},\n"
  "    \"$ref\": {\"type\": \"string\", \"format\": \"uri-reference\"},\n"
  "    \"$comment\": {\"type\": \"string\"},\n"
  "    \"title\": {\"type\": \"string\"},\n"
  "    \"description\": {\"type\": \"string\"},\n"
  "    \"default\": true,\n"
  "    \"readOnly\": {\"type\": \"boolean\", \"default\": false},\n"
  "    \"examples\": {\"type\": \"array\", \"items\": true},\n"
  "    \"multipleOf\": {\"type\": \"number\", \"exclusiveMinimum\": 0},\n"
  "    \"maximum\": {\"type\": \"number\"},\n"
  "    \"exclusiveMaximum\": {\"type\": \"number\"},\n"
  "    \"minimum\": {\"type\": \"number\"},\n"
  "    \"exclusiveMinimum\": {\"type\": \"number\"},\n"
  "    \"maxLength\": {\"$ref\": \"#/definitions/nonNegativeInteger\"},\n"
  "    \"minLength\": {\"$ref\": \"#/definitions/nonNegativeIntegerDefault0\"},\n"
  "    \"pattern\": {\"type\": \"string\", \"format\": \"regex\"},\n"
  "    \"additionalItems\": {\"$ref\": \"#\"},\n"
  "    \"items\": {\"anyOf\": [{\"$ref\": \"#\"}, "
  "      {\"$ref\": \"#/definitions/schemaArray\"}], \"default\": true},\n"
  "    \"maxItems\": {\"$ref\": \"#/definitions/nonNegativeInteger\"},\n"
  "    \"minItems\": {\"$ref\": \"#/definitions/nonNegativeIntegerDefault0\"},\n"
  "    \"uniqueItems\": {\"type\": \"boolean\", \"default\": false},\n"
  "    \"contains\": {\"$ref\": \"#\"},\n"
  "    \"maxProperties\": {\"$ref\": \"#/definitions/nonNegativeInteger\"},\n"
  "    \"minProperties\": {\"$ref\": \"#/definitions/nonNegativeIntegerDefault0\"},\n"
  "    \"required\": {\"$ref\": \"#/definitions/stringArray\"},\n"
  "    \"additionalProperties\": {\"$ref\": \"#\"},\n"
  "    \"definitions\": {\"type\": \"object\", "
  "      \"additionalProperties\": {\"$ref\": \"#\"}, \"default\": {}},\n"
  "    \"properties\": {\"type\": \"object\", "
  "      \"additionalProperties\": {\"$ref\": \"#\"}, \"default\": {}},\n"
  "    \"patternProperties\": {\"type\": \"object\", "
  "      \"additionalProperties\": {\"$ref\": \"#\"}, "
  "      \"propertyNames\": {\"format\": \"regex\"}, \"default\": {}},\n"
  "    \"dependencies\": {\"type\": \"object\", "
  "      \"additionalProperties\": {\"anyOf\": [{\"$ref\": \"#\"}, "
  "      {\"$ref\": \"#/definitions/stringArray\"}]}},\n"
  "    \"propertyNames\": {\"$ref\": \"#\"},\n"
  "    \"const\": true,\n"
  "    \"enum\": {\"type\": \"array\", \"items\": true},\n"
  "    \"type\": {\"anyOf\": [{\"$ref\": \"#/definitions/simpleTypes\"}, "
  "      {\"type\": \"array\", "
  "      \"items\": {\"$ref\": \"#/definitions/simpleTypes\"}, \"minItems\": 1, "
  "      \"uniqueItems\": true}]},\n"
  "    \"format\": {\"type\": \"string\"},\n"
  "    \"contentMediaType\": {\"type\": \"string\"},\n"
  "    \"contentEncoding\": {\"type\": \"string\"},\n"
  "    \"if\": {\"$ref\": \"#\"},\n"
  "    \"then\": {\"$ref\": \"#\"},\n"
  "    \"else\": {\"$ref\": \"#\"},\n"
  "    \"allOf\": {\"$ref\": \"#/definitions/schemaArray\"},\n"
  "    \"anyOf\": {\"$ref\": \"#/definitions/schemaArray\"},\n"
  "    \"oneOf\": {\"$ref\": \"#/definitions/schemaArray\"},\n"
  "    \"not\": {\"$ref\": \"#\"}\n"
  "  },\n"
  "  \"default\": true\n"
  "}\n";

/* JSON Schema's types, as bits. An instance has one or two (an integer is also a number). */
enum
{
  JS_TYPE_NULL    = 1 << 0,
  JS_TYPE_BOOLEAN = 1 << 1,
  JS_TYPE_OBJECT  = 1 << 2,
  JS_TYPE_ARRAY   = 1 << 3,
  JS_TYPE_NUMBER  = 1 << 4,
  JS_TYPE_STRING  = 1 << 5,
  JS_TYPE_INTEGER = 1 << 6,
};

static const struct
{
  const char *name;
  guint       bit;
} type_names[] = {
  { "array", JS_TYPE_ARRAY },
  { "boolean", JS_TYPE_BOOLEAN },
  { "integer", JS_TYPE_INTEGER },
  { "null", JS_TYPE_NULL },
  { "number", JS_TYPE_NUMBER },
  { "object", JS_TYPE_OBJECT },
  { "string", JS_TYPE_STRING },
};

/* ajv checks its keywords in groups, one per instance type, and a "type" error for a
 * single type that has keywords in the schema is reported where that group would run.
 * These lists say which keywords belong to which group (ajv's `RULES`). */
static const char * const number_group_keywords[] = {
  "maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum", "multipleOf", "format", NULL
};
static const char * const string_group_keywords[] = {
  "maxLength", "minLength", "pattern", "format", NULL
};
static const char * const array_group_keywords[] = {
  "maxItems", "minItems", "uniqueItems", "additionalItems", "items", "contains", NULL
};
static const char * const object_group_keywords[] = {
  "maxProperties", "minProperties", "required", "propertyNames", "additionalProperties",
  "dependencies", "properties", "patternProperties", NULL
};

typedef enum
{
  LIMIT_MAXIMUM,
  LIMIT_MINIMUM,
  LIMIT_EXCLUSIVE_MAXIMUM,
  LIMIT_EXCLUSIVE_MINIMUM,
  N_LIMITS
} NumberLimit;

static const struct
{
  const char *keyword;
  const char *comparison;   /* as ajv prints it: "must be <= 3" */
} limit_info[N_LIMITS] = {
  { "maximum", "<=" },
  { "minimum", ">=" },
  { "exclusiveMaximum", "<" },
  { "exclusiveMinimum", ">" },
};

typedef enum
{
  COUNT_MAX_LENGTH,
  COUNT_MIN_LENGTH,
  COUNT_MAX_ITEMS,
  COUNT_MIN_ITEMS,
  COUNT_MAX_PROPERTIES,
  COUNT_MIN_PROPERTIES,
  N_COUNTS
} CountLimit;

static const struct
{
  const char *keyword;
  const char *comparison;  /* ajv: "must NOT have more than 3 characters" */
  const char *unit;
} count_info[N_COUNTS] = {
  { "maxLength", "more", "characters" },
  { "minLength", "fewer", "characters" },
  { "maxItems", "more", "items" },
  { "minItems", "fewer", "items" },
  { "maxProperties", "more", "properties" },
  { "minProperties", "fewer", "properties" },
};

typedef struct _FormatDef FormatDef;
typedef struct _SchemaNode SchemaNode;

typedef struct
{
  const char *name;        /* borrowed from the schema document */
  SchemaNode *schema;
} NamedSchema;

typedef struct
{
  const char *source;      /* the pattern as written, borrowed from the schema document */
  GRegex     *regex;       /* borrowed from the schema's regex cache */
  SchemaNode *schema;
} PatternSchema;

typedef struct
{
  const char *name;        /* the property whose presence triggers the dependency */
  JsonArray  *required;    /* array form: the properties then required (borrowed), or NULL */
  char       *deps_text;   /* array form: those names joined by ", ", for the message */
  SchemaNode *schema;      /* schema form, or NULL */
} Dependency;

/* One compiled subschema. Everything borrowed points into the schema documents that
 * the GenkitJsonSchema owns; SchemaNode pointers point into its `nodes` array. */
struct _SchemaNode
{
  char            *location;          /* "#/properties/a", for error messages */
  const char      *ref_text;          /* $ref as written, borrowed */
  char            *ref_uri;           /* $ref resolved to an absolute URI, or NULL */
  SchemaNode      *ref;               /* what ref_uri resolved to */

  guint            is_boolean : 1;
  guint            boolean_value : 1;
  guint            unique_items : 1;
  guint            cycle_mark : 2;    /* 0 unvisited, 1 on the DFS stack, 2 done */

  guint            types;             /* JS_TYPE_* bits, 0 without "type" */
  guint            late_type_group;   /* see number_group_keywords */
  char            *types_text;        /* "integer", "string,null" */

  JsonNode        *const_value;       /* borrowed */
  JsonArray       *enum_values;       /* borrowed */

  JsonNode        *limits[N_LIMITS];  /* borrowed number nodes */
  JsonNode        *multiple_of;       /* borrowed */
  gint64           counts[N_COUNTS];  /* -1 when absent */
  JsonNode        *count_nodes[N_COUNTS];

  const char      *pattern_source;    /* borrowed */
  GRegex          *pattern;           /* borrowed from the regex cache */
  const char      *format_name;       /* borrowed */
  const FormatDef *format;            /* NULL for formats we do not know: they pass */

  GPtrArray       *properties;        /* NamedSchema*, owned */
  GHashTable      *property_index;    /* name → SchemaNode*, for additionalProperties */
  GPtrArray       *pattern_properties;/* PatternSchema*, owned */
  SchemaNode      *additional_properties;
  JsonArray       *required;          /* borrowed */
  GPtrArray       *dependencies;      /* Dependency*, owned */
  SchemaNode      *property_names;

  SchemaNode      *items;             /* "items" as one schema */
  GPtrArray       *tuple_items;       /* "items" as an array of schemas */
  SchemaNode      *additional_items;
  SchemaNode      *contains;

  GPtrArray       *all_of;
  GPtrArray       *any_of;
  GPtrArray       *one_of;
  SchemaNode      *not_schema;
  SchemaNode      *if_schema;
  SchemaNode      *then_schema;
  SchemaNode      *else_schema;
};

/**
 * GenkitJsonSchema:
 *
 * A JSON Schema (draft-07) compiled once and used to validate many values, the way
 * Genkit's JavaScript runtime validates action inputs and outputs with ajv
 * (`validateSchema()` and `parseSchema()` in `js/core/src/schema.ts`).
 *
 * Compiling checks the schema itself, compiles each `pattern` once, and resolves `$ref`s
 * to local definitions, JSON pointers (`#/properties/a/items`, with `~0`, `~1` and
 * `%25` escapes) and `$id`-identified subschemas. The draft-07 meta-schema
 * (`http://json-schema.org/draft-07/schema#`) is bundled; no other remote reference is
 * ever fetched.
 *
 * Validation follows draft-07 and reports every violation it finds, worded as ajv words
 * them, and fails with the same "Schema validation failed" message Genkit produces:
 *
 * ```c
 * g_autoptr(JsonNode) json =
 *   json_from_string ("{\"type\": \"object\", "
 *                     "\"properties\": {\"count\": {\"type\": \"integer\"}}}", NULL);
 * g_autoptr(JsonNode) input = json_from_string ("{\"count\": \"three\"}", NULL);
 * g_autoptr(GenkitJsonSchema) schema = NULL;
 * g_autoptr(GError) error = NULL;
 *
 * schema = genkit_json_schema_new (json, &error);
 * if (schema != NULL && !genkit_json_schema_validate (schema, input, NULL, &error))
 *   g_printerr ("%s\n", error->message);    // "... - count: must be integer ..."
 * ```
 *
 * Where draft-07 leaves room, ajv's behaviour (with Genkit's `ajv-formats`) is followed:
 * `1.0` is an integer, `1` equals `1.0` in `const`, `enum` and `uniqueItems`, string
 * lengths count Unicode code points, and `pattern` is an unanchored ECMAScript regular
 * expression. Unlike ajv, siblings of `$ref` are ignored as draft-07 says, `multipleOf`
 * tolerates floating-point rounding (`0.0075` is a multiple of `0.0001`), and unknown
 * formats pass.
 *
 * A compiled schema is immutable: it may be used from several threads at once.
 */
struct _GenkitJsonSchema
{
  GObject     parent_instance;

  /* Owned References */
  JsonNode   *schema;        /* sealed deep copy of what the caller gave us */
  GPtrArray  *documents;     /* JsonNode* of bundled documents loaded for $refs */
  GPtrArray  *nodes;         /* SchemaNode*, every compiled subschema */
  GHashTable *regexes;       /* pattern source → GRegex*, each pattern compiled once */

  /* Borrowed References */
  SchemaNode *root;          /* in nodes */
};

G_DEFINE_FINAL_TYPE (GenkitJsonSchema, genkit_json_schema, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SCHEMA,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --------------------------------------------------------------------------------------
 * JSON values the JavaScript way
 * ------------------------------------------------------------------------------------ */

static gboolean
json_is_number (JsonNode *node)
{
  GType type;

  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* Exact for every gint64 and double on platforms where long double is wider than double;
 * no worse than double elsewhere. */
static long double
json_number_value (JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (long double) json_node_get_int (node);
  return (long double) json_node_get_double (node);
}

static gboolean
json_is_integral (JsonNode *node)
{
  double value;

  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return TRUE;
  value = json_node_get_double (node);
  return isfinite (value) && floor (value) == value;
}

static guint
json_type_of (JsonNode *node)
{
  GType type;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return JS_TYPE_OBJECT;
    case JSON_NODE_ARRAY:
      return JS_TYPE_ARRAY;
    case JSON_NODE_NULL:
      return JS_TYPE_NULL;
    case JSON_NODE_VALUE:
    default:
      break;
    }

  type = json_node_get_value_type (node);
  if (type == G_TYPE_BOOLEAN)
    return JS_TYPE_BOOLEAN;
  if (type == G_TYPE_STRING)
    return JS_TYPE_STRING;
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    return JS_TYPE_NUMBER | (json_is_integral (node) ? JS_TYPE_INTEGER : 0);
  return JS_TYPE_NULL;
}

/* Deep equality as ajv's fast-deep-equal sees it: numbers by value, so 1 equals 1.0.
 * Recursion is bounded by the depth limits of schemas and instances. */
static gboolean
json_equal (JsonNode *a,
            JsonNode *b)
{
  guint type_a = json_type_of (a);
  guint type_b = json_type_of (b);

  if ((type_a & ~JS_TYPE_INTEGER) != (type_b & ~JS_TYPE_INTEGER))
    return FALSE;

  switch (type_a & ~JS_TYPE_INTEGER)
    {
    case JS_TYPE_NULL:
      return TRUE;

    case JS_TYPE_BOOLEAN:
      return !json_node_get_boolean (a) == !json_node_get_boolean (b);

    case JS_TYPE_STRING:
      return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;

    case JS_TYPE_NUMBER:
      if (json_node_get_value_type (a) == G_TYPE_INT64 &&
          json_node_get_value_type (b) == G_TYPE_INT64)
        return json_node_get_int (a) == json_node_get_int (b);
      return json_number_value (a) == json_number_value (b);

    case JS_TYPE_ARRAY:
      {
        JsonArray *array_a = json_node_get_array (a);
        JsonArray *array_b = json_node_get_array (b);
        guint length = json_array_get_length (array_a);

        if (length != json_array_get_length (array_b))
          return FALSE;
        for (guint i = 0; i < length; i++)
          if (!json_equal (json_array_get_element (array_a, i),
                           json_array_get_element (array_b, i)))
            return FALSE;
        return TRUE;
      }

    case JS_TYPE_OBJECT:
      {
        JsonObject *object_a = json_node_get_object (a);
        JsonObject *object_b = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (json_object_get_size (object_a) != json_object_get_size (object_b))
          return FALSE;
        json_object_iter_init (&iter, object_a);
        while (json_object_iter_next (&iter, &name, &member))
          {
            JsonNode *other = json_object_get_member (object_b, name);

            if (other == NULL || !json_equal (member, other))
              return FALSE;
          }
        return TRUE;
      }

    default:
      return FALSE;
    }
}

/* A hash consistent with json_equal(): equal values hash alike. Only the first few
 * levels are looked at; that is plenty to spread the items of a uniqueItems array. */
static guint
json_hash (JsonNode *node,
           guint     depth)
{
  guint type = json_type_of (node) & ~JS_TYPE_INTEGER;
  guint hash = type * 2654435761u;

  if (depth > 4)
    return hash;

  switch (type)
    {
    case JS_TYPE_BOOLEAN:
      return hash ^ (json_node_get_boolean (node) ? 1 : 2);

    case JS_TYPE_STRING:
      return hash ^ g_str_hash (json_node_get_string (node));

    case JS_TYPE_NUMBER:
      {
        long double value = json_number_value (node);
        gint64 as_int;
        double as_double;

        if (value >= -9.2e18L && value <= 9.2e18L && floorl (value) == value)
          {
            as_int = (gint64) value;
            return hash ^ g_int64_hash (&as_int);
          }
        as_double = (double) value;
        return hash ^ g_double_hash (&as_double);
      }

    case JS_TYPE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint length = json_array_get_length (array);

        hash ^= length;
        for (guint i = 0; i < length && i < 8; i++)
          hash = hash * 31 + json_hash (json_array_get_element (array, i), depth + 1);
        return hash;
      }

    case JS_TYPE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;
        guint members = 0;

        /* Member order does not matter for equality, so combine commutatively. */
        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          members += g_str_hash (name) * 31 + json_hash (member, depth + 1);
        return hash ^ members;
      }

    case JS_TYPE_NULL:
    default:
      return hash;
    }
}

/* json_node_copy() shares objects, arrays and values with the original; a compiled
 * schema must not change when the caller later edits its JSON, so copy for real. The
 * depth limit keeps every later recursion over the schema bounded. */
static JsonNode *
json_deep_copy (JsonNode  *node,
                guint      depth,
                GError   **error)
{
  JsonNode *copy;

  if (depth > MAX_SCHEMA_DEPTH)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Invalid JSON schema: the schema is nested more than %d levels deep",
                   MAX_SCHEMA_DEPTH);
      return NULL;
    }

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_object_new ();
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            JsonNode *member_copy = json_deep_copy (member, depth + 1, error);

            if (member_copy == NULL)
              {
                json_object_unref (object);
                return NULL;
              }
            json_object_set_member (object, name, member_copy);
          }
        copy = json_node_init_object (json_node_alloc (), object);
        json_object_unref (object);
        return copy;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        guint length = json_array_get_length (source);
        JsonArray *array = json_array_sized_new (length);

        for (guint i = 0; i < length; i++)
          {
            JsonNode *element = json_deep_copy (json_array_get_element (source, i),
                                                depth + 1, error);

            if (element == NULL)
              {
                json_array_unref (array);
                return NULL;
              }
            json_array_add_element (array, element);
          }
        copy = json_node_init_array (json_node_alloc (), array);
        json_array_unref (array);
        return copy;
      }

    case JSON_NODE_NULL:
      return json_node_init_null (json_node_alloc ());

    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_init_int (json_node_alloc (), json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return json_node_init_double (json_node_alloc (), json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), json_node_get_boolean (node));
    case G_TYPE_STRING:
      return json_node_init_string (json_node_alloc (), json_node_get_string (node));
    default:
      return json_node_init_null (json_node_alloc ());
    }
}

/* Counts the values of @instance without recursion, and says whether it nests no deeper
 * than MAX_INSTANCE_DEPTH. */
static gboolean
json_measure (JsonNode *instance,
              guint64  *n_values)
{
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();
  g_autoptr(GArray) depths = g_array_new (FALSE, FALSE, sizeof (guint));
  guint64 count = 0;
  guint depth = 0;

  g_ptr_array_add (stack, instance);
  g_array_append_val (depths, depth);

  while (stack->len > 0)
    {
      JsonNode *node = g_ptr_array_steal_index (stack, stack->len - 1);

      depth = g_array_index (depths, guint, depths->len - 1);
      g_array_set_size (depths, depths->len - 1);
      count++;

      if (depth > MAX_INSTANCE_DEPTH)
        {
          *n_values = count;
          return FALSE;
        }

      depth++;
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObjectIter iter;
          const char *name;
          JsonNode *member;

          json_object_iter_init (&iter, json_node_get_object (node));
          while (json_object_iter_next (&iter, &name, &member))
            {
              g_ptr_array_add (stack, member);
              g_array_append_val (depths, depth);
            }
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint length = json_array_get_length (array);

          for (guint i = 0; i < length; i++)
            {
              g_ptr_array_add (stack, json_array_get_element (array, i));
              g_array_append_val (depths, depth);
            }
        }
    }

  *n_values = count;
  return TRUE;
}

/* Appends @value as JavaScript's Number.prototype.toString() would: the shortest digits
 * that read back to the same double, laid out per ECMA-262 Number::toString. */
static void
js_append_double (GString *out,
                  double   value)
{
  static const char * const formats[] = {
    "%.0e", "%.1e", "%.2e", "%.3e", "%.4e", "%.5e", "%.6e", "%.7e", "%.8e",
    "%.9e", "%.10e", "%.11e", "%.12e", "%.13e", "%.14e", "%.15e", "%.16e",
  };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  char digits[32];
  guint n_digits = 0;
  int exponent;
  int point;
  const char *p;

  if (!isfinite (value))
    {
      /* JSON.stringify() writes Infinity as null; json-glib reads 1e400 as infinity. */
      g_string_append (out, "null");
      return;
    }
  if (value == 0)
    {
      g_string_append_c (out, '0');
      return;
    }
  if (value < 0)
    {
      g_string_append_c (out, '-');
      value = -value;
    }

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_ascii_formatd (buffer, sizeof buffer, formats[i], value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }

  for (p = buffer; *p != '\0' && *p != 'e' && n_digits < sizeof digits - 1; p++)
    if (g_ascii_isdigit (*p))
      digits[n_digits++] = *p;
  while (n_digits > 1 && digits[n_digits - 1] == '0')
    n_digits--;
  digits[n_digits] = '\0';
  exponent = *p == 'e' ? atoi (p + 1) : 0;

  /* ECMA-262: value = 0.d1d2...dk × 10^point */
  point = exponent + 1;
  if ((int) n_digits <= point && point <= 21)
    {
      g_string_append_len (out, digits, n_digits);
      for (int i = 0; i < point - (int) n_digits; i++)
        g_string_append_c (out, '0');
    }
  else if (0 < point && point <= 21)
    {
      g_string_append_len (out, digits, point);
      g_string_append_c (out, '.');
      g_string_append (out, digits + point);
    }
  else if (-6 < point && point <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -point; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (n_digits > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%d", point - 1 >= 0 ? '+' : '-', ABS (point - 1));
    }
}

static void
js_append_number (GString  *out,
                  JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 value = json_node_get_int (node);

      /* Beyond 2^53 JavaScript would already have rounded the number. */
      if (value >= -(G_GINT64_CONSTANT (1) << 53) && value <= (G_GINT64_CONSTANT (1) << 53))
        g_string_append_printf (out, "%" G_GINT64_FORMAT, value);
      else
        js_append_double (out, (double) value);
      return;
    }

  js_append_double (out, json_node_get_double (node));
}

static char *
js_number_to_string (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  js_append_number (out, node);
  return g_string_free (out, FALSE);
}

/* A string literal as JSON.stringify() writes it. */
static void
js_append_string (GString    *out,
                  const char *str)
{
  g_string_append_c (out, '"');
  for (const guchar *p = (const guchar *) str; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (*p < 0x20)
            g_string_append_printf (out, "\\u%04x", *p);
          else
            g_string_append_c (out, (char) *p);
          break;
        }
    }
  g_string_append_c (out, '"');
}

/* Whether JavaScript treats @name as an array index, which objects list first. */
static gboolean
js_is_array_index (const char *name,
                   guint32    *value)
{
  guint64 parsed = 0;

  if (name[0] == '\0' || (name[0] == '0' && name[1] != '\0'))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      parsed = parsed * 10 + (guint64) (*p - '0');
      if (parsed >= G_MAXUINT32)
        return FALSE;
    }
  *value = (guint32) parsed;
  return TRUE;
}

typedef struct
{
  guint32     index;
  const char *name;
} IndexKey;

static int
index_key_compare (gconstpointer a,
                   gconstpointer b)
{
  const IndexKey *key_a = a;
  const IndexKey *key_b = b;

  return key_a->index < key_b->index ? -1 : key_a->index > key_b->index;
}

/* The member names of @object in the order JavaScript enumerates them: array indices in
 * ascending order, then the other names in insertion order. */
static GPtrArray *
js_object_keys (JsonObject *object)
{
  GPtrArray *keys = g_ptr_array_new ();
  g_autoptr(GArray) indices = g_array_new (FALSE, FALSE, sizeof (IndexKey));
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      IndexKey key = { 0, name };

      if (js_is_array_index (name, &key.index))
        g_array_append_val (indices, key);
    }
  g_array_sort (indices, index_key_compare);
  for (guint i = 0; i < indices->len; i++)
    g_ptr_array_add (keys, (gpointer) g_array_index (indices, IndexKey, i).name);

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    {
      guint32 unused;

      if (!js_is_array_index (name, &unused))
        g_ptr_array_add (keys, (gpointer) name);
    }

  return keys;
}

typedef struct
{
  JsonNode  *container;
  GPtrArray *keys;          /* objects only */
  guint      position;
  guint      length;
} StringifyFrame;

static void
js_append_indent (GString *out,
                  guint    level)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

/* JSON.stringify (value, null, 2), without recursion so that no instance, however deep,
 * can exhaust the stack while an error message is written. */
static void
js_stringify_pretty (GString  *out,
                     JsonNode *value)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (StringifyFrame));
  JsonNode *next = value;

  for (;;)
    {
      StringifyFrame *frame;

      if (next != NULL)
        {
          StringifyFrame opened = { next, NULL, 0, 0 };

          switch (JSON_NODE_TYPE (next))
            {
            case JSON_NODE_OBJECT:
              opened.keys = js_object_keys (json_node_get_object (next));
              opened.length = opened.keys->len;
              if (opened.length == 0)
                {
                  g_ptr_array_unref (opened.keys);
                  g_string_append (out, "{}");
                }
              else
                {
                  g_string_append_c (out, '{');
                  g_array_append_val (stack, opened);
                }
              break;

            case JSON_NODE_ARRAY:
              opened.length = json_array_get_length (json_node_get_array (next));
              if (opened.length == 0)
                g_string_append (out, "[]");
              else
                {
                  g_string_append_c (out, '[');
                  g_array_append_val (stack, opened);
                }
              break;

            case JSON_NODE_NULL:
              g_string_append (out, "null");
              break;

            case JSON_NODE_VALUE:
            default:
              switch (json_node_get_value_type (next))
                {
                case G_TYPE_STRING:
                  js_append_string (out, json_node_get_string (next));
                  break;
                case G_TYPE_BOOLEAN:
                  g_string_append (out, json_node_get_boolean (next) ? "true" : "false");
                  break;
                case G_TYPE_INT64:
                case G_TYPE_DOUBLE:
                  js_append_number (out, next);
                  break;
                default:
                  g_string_append (out, "null");
                  break;
                }
              break;
            }
          next = NULL;
        }

      if (stack->len == 0)
        break;

      frame = &g_array_index (stack, StringifyFrame, stack->len - 1);
      if (frame->position < frame->length)
        {
          if (frame->position > 0)
            g_string_append_c (out, ',');
          js_append_indent (out, stack->len);
          if (frame->keys != NULL)
            {
              const char *name = g_ptr_array_index (frame->keys, frame->position);

              js_append_string (out, name);
              g_string_append (out, ": ");
              next = json_object_get_member (json_node_get_object (frame->container), name);
            }
          else
            next = json_array_get_element (json_node_get_array (frame->container),
                                           frame->position);
          frame->position++;
        }
      else
        {
          gboolean is_object = frame->keys != NULL;

          g_clear_pointer (&frame->keys, g_ptr_array_unref);
          g_array_set_size (stack, stack->len - 1);
          js_append_indent (out, stack->len);
          g_string_append_c (out, is_object ? '}' : ']');
        }
    }
}

/* --------------------------------------------------------------------------------------
 * ECMAScript regular expressions on GRegex (PCRE2)
 * ------------------------------------------------------------------------------------ */

static gboolean
parse_hex (const char *p,
           guint       n_digits,
           gunichar   *value)
{
  gunichar result = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isxdigit (p[i]))
        return FALSE;
      result = result * 16 + (gunichar) g_ascii_xdigit_value (p[i]);
    }
  *value = result;
  return TRUE;
}

/* Rewrites the parts of an ECMAScript (ajv's "u" flag) pattern that PCRE2 reads
 * differently: \d, \w and \b are ASCII-only in JavaScript but Unicode-aware in GRegex,
 * \uXXXX and \u{X} do not exist in PCRE2, and `[]` / `[^]` mean "nothing" / "anything".
 * Everything else is passed through; PCRE2 reports what it cannot read. */
static char *
ecma_regex_to_pcre (const char  *source,
                    GError     **error)
{
  GString *out = g_string_sized_new (strlen (source) + 16);
  gboolean in_class = FALSE;
  const char *p = source;

  while (*p != '\0')
    {
      if (*p == '\\' && p[1] != '\0')
        {
          char c = p[1];
          gunichar code;

          p += 2;
          switch (c)
            {
            case 'd':
              g_string_append (out, in_class ? "0-9" : "[0-9]");
              break;
            case 'D':
              g_string_append (out, in_class ? "\\x00-\\x2f\\x3a-\\x{10ffff}" : "[^0-9]");
              break;
            case 'w':
              g_string_append (out, in_class ? "A-Za-z0-9_" : "[A-Za-z0-9_]");
              break;
            case 'W':
              g_string_append (out, in_class
                                    ? "\\x00-\\x2f\\x3a-\\x40\\x5b-\\x5e\\x60\\x7b-\\x{10ffff}"
                                    : "[^A-Za-z0-9_]");
              break;
            case 'b':
              if (in_class)
                g_string_append (out, "\\x08");
              else
                g_string_append (out, "(?:(?<=[A-Za-z0-9_])(?![A-Za-z0-9_])"
                                      "|(?<![A-Za-z0-9_])(?=[A-Za-z0-9_]))");
              break;
            case 'B':
              if (in_class)
                g_string_append (out, "\\B");
              else
                g_string_append (out, "(?:(?<=[A-Za-z0-9_])(?=[A-Za-z0-9_])"
                                      "|(?<![A-Za-z0-9_])(?![A-Za-z0-9_]))");
              break;
            case 'u':
              if (*p == '{')
                {
                  const char *end = strchr (p, '}');

                  if (end != NULL && end - p > 1 && end - p <= 9 &&
                      parse_hex (p + 1, (guint) (end - p - 1), &code))
                    {
                      g_string_append_printf (out, "\\x{%x}", code);
                      p = end + 1;
                      break;
                    }
                }
              else if (parse_hex (p, 4, &code))
                {
                  gunichar low;

                  p += 4;
                  if (code >= 0xd800 && code <= 0xdbff && p[0] == '\\' && p[1] == 'u' &&
                      parse_hex (p + 2, 4, &low) && low >= 0xdc00 && low <= 0xdfff)
                    {
                      code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
                      p += 6;
                    }
                  g_string_append_printf (out, "\\x{%x}", code);
                  break;
                }
              /* Not a valid escape: let PCRE2 reject it, as JavaScript would. */
              g_string_append (out, "\\u");
              break;
            default:
              g_string_append_c (out, '\\');
              g_string_append_c (out, c);
              /* Keep multi-byte characters whole. */
              while ((*p & 0xc0) == 0x80)
                g_string_append_c (out, *p++);
              break;
            }
          continue;
        }

      if (!in_class && *p == '[')
        {
          if (p[1] == ']')
            {
              g_string_append (out, "(?!)");
              p += 2;
              continue;
            }
          if (p[1] == '^' && p[2] == ']')
            {
              g_string_append (out, "[\\s\\S]");
              p += 3;
              continue;
            }
          in_class = TRUE;
          g_string_append_c (out, '[');
          p++;
          if (*p == '^')
            g_string_append_c (out, *p++);
          /* In JavaScript a ']' here closes the class; in PCRE2 it would be literal. */
          continue;
        }

      if (in_class && *p == ']')
        in_class = FALSE;

      /* A syntax error in JavaScript ("nothing to repeat"), and in PCRE2 a verb that could
       * lift the limits of REGEX_LIMITS. */
      if (!in_class && p[0] == '(' && p[1] == '*')
        {
          g_set_error_literal (error, G_REGEX_ERROR, G_REGEX_ERROR_COMPILE,
                               "\"(*\" is not valid in an ECMAScript regular expression");
          g_string_free (out, TRUE);
          return NULL;
        }

      g_string_append_c (out, *p++);
    }

  return g_string_free (out, FALSE);
}

static GRegex *
ecma_regex_compile (const char          *source,
                    GRegexCompileFlags   flags,
                    GError             **error)
{
  g_autofree char *translated = ecma_regex_to_pcre (source, error);
  g_autofree char *pattern = NULL;

  if (translated == NULL)
    return NULL;

  pattern = g_strconcat (REGEX_LIMITS, translated, NULL);
  return g_regex_new (pattern,
                      flags | G_REGEX_DOLLAR_ENDONLY | G_REGEX_NEWLINE_ANYCRLF,
                      0, error);
}

/* RegExp.prototype.test(): an unanchored search. A match that hits the backtracking
 * limits counts as no match. */
static gboolean
ecma_regex_test (GRegex     *regex,
                 const char *subject)
{
  g_autoptr(GError) local_error = NULL;

  return g_regex_match_full (regex, subject, -1, 0, 0, NULL, &local_error);
}

/* --------------------------------------------------------------------------------------
 * Formats (ajv-formats 3, "full" mode, as Genkit installs it)
 * ------------------------------------------------------------------------------------ */

struct _FormatDef
{
  const char          *name;
  gboolean           (*check_string) (const char *value);   /* also required when regex set */
  const char          *regex;                               /* ECMAScript source */
  GRegexCompileFlags   regex_flags;
  gboolean           (*check_number) (JsonNode *value);
};

static gboolean
parse_digits (const char *p,
              guint       n_digits,
              int        *value)
{
  int result = 0;

  for (guint i = 0; i < n_digits; i++)
    {
      if (!g_ascii_isdigit (p[i]))
        return FALSE;
      result = result * 10 + (p[i] - '0');
    }
  *value = result;
  return TRUE;
}

static gboolean
format_date_len (const char *value,
                 gsize       length)
{
  static const int days[] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int year, month, day;
  gboolean leap;

  if (length != 10 || value[4] != '-' || value[7] != '-' ||
      !parse_digits (value, 4, &year) ||
      !parse_digits (value + 5, 2, &month) ||
      !parse_digits (value + 8, 2, &day))
    return FALSE;

  leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month >= 1 && month <= 12 && day >= 1 &&
         day <= (month == 2 && leap ? 29 : days[month]);
}

static gboolean
format_date (const char *value)
{
  return format_date_len (value, strlen (value));
}

/* ajv-formats' TIME: HH:MM:SS(.frac)?(z|±HH(:?MM)?)?, with its leap-second rule. Only
 * the whole seconds matter to the range checks (a fraction never reaches the next one). */
static gboolean
format_time_len (const char *value,
                 gsize       length,
                 gboolean    strict_time_zone)
{
  const char *p = value;
  const char *end = value + length;
  int hour, minute, second, tz_hour = 0, tz_minute = 0, tz_sign = 1;
  int utc_minute, utc_hour;
  gboolean has_time_zone = FALSE;

  if (length < 8 || p[2] != ':' || p[5] != ':' ||
      !parse_digits (p, 2, &hour) || !parse_digits (p + 3, 2, &minute) ||
      !parse_digits (p + 6, 2, &second))
    return FALSE;

  p += 8;
  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return FALSE;
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < end)
    {
      has_time_zone = TRUE;
      if (*p == 'z' || *p == 'Z')
        p++;
      else if (*p == '+' || *p == '-')
        {
          tz_sign = *p == '-' ? -1 : 1;
          p++;
          if (end - p < 2 || !parse_digits (p, 2, &tz_hour))
            return FALSE;
          p += 2;
          if (p < end && *p == ':')
            {
              p++;
              if (end - p < 2 || !parse_digits (p, 2, &tz_minute))
                return FALSE;
              p += 2;
            }
          else if (end - p >= 2 && parse_digits (p, 2, &tz_minute))
            p += 2;
        }
      else
        return FALSE;
    }
  if (p != end)
    return FALSE;

  if (tz_hour > 23 || tz_minute > 59 || (strict_time_zone && !has_time_zone))
    return FALSE;
  if (hour <= 23 && minute <= 59 && second <= 59)
    return TRUE;

  utc_minute = minute - tz_minute * tz_sign;
  utc_hour = hour - tz_hour * tz_sign - (utc_minute < 0 ? 1 : 0);
  return (utc_hour == 23 || utc_hour == -1) && (utc_minute == 59 || utc_minute == -1) &&
         second <= 60;
}

static gboolean
format_time (const char *value)
{
  return format_time_len (value, strlen (value), TRUE);
}

static gboolean
format_iso_time (const char *value)
{
  return format_time_len (value, strlen (value), FALSE);
}

/* JavaScript's \s, which `str.split(/t|\s/i)` uses to separate date and time. */
static gboolean
js_is_space (gunichar c)
{
  switch (c)
    {
    case '\t': case '\n': case 0x0b: case '\f': case '\r': case ' ':
    case 0xa0: case 0x1680: case 0x2028: case 0x2029: case 0x202f:
    case 0x205f: case 0x3000: case 0xfeff:
      return TRUE;
    default:
      return c >= 0x2000 && c <= 0x200a;
    }
}

static gboolean
format_date_time_common (const char *value,
                         gboolean    strict_time_zone)
{
  const char *separator = NULL;
  const char *after = NULL;

  if (!g_utf8_validate (value, -1, NULL))
    return FALSE;

  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == 't' || c == 'T' || js_is_space (c))
        {
          if (separator != NULL)
            return FALSE;   /* split() would give more than two parts */
          separator = p;
          after = g_utf8_next_char (p);
        }
    }

  return separator != NULL &&
         format_date_len (value, (gsize) (separator - value)) &&
         format_time_len (after, strlen (after), strict_time_zone);
}

static gboolean
format_date_time (const char *value)
{
  return format_date_time_common (value, TRUE);
}

static gboolean
format_iso_date_time (const char *value)
{
  return format_date_time_common (value, FALSE);
}

static gboolean
format_uri_precondition (const char *value)
{
  /* ajv-formats' NOT_URI_FRAGMENT: a URI has a "/" or a ":" somewhere. */
  return strchr (value, '/') != NULL || strchr (value, ':') != NULL;
}

static gboolean
format_regex (const char *value)
{
  g_autoptr(GRegex) regex = NULL;

  /* ajv-formats' Z_ANCHOR: JavaScript has no \Z. */
  for (const char *p = value; *p != '\0'; p++)
    if (p > value && p[-1] != '\\' && p[0] == '\\' && p[1] == 'Z')
      return FALSE;

  regex = ecma_regex_compile (value, 0, NULL);
  return regex != NULL;
}

static gboolean
format_int32 (JsonNode *value)
{
  long double number = json_number_value (value);

  return json_is_integral (value) && number >= -2147483648.0L && number <= 2147483647.0L;
}

static gboolean
format_int64 (JsonNode *value)
{
  return json_is_integral (value);
}

/* Regular expressions are ajv-formats' own sources, translated like a schema pattern. */
static const FormatDef formats[] = {
  { "date", format_date, NULL, 0, NULL },
  { "time", format_time, NULL, 0, NULL },
  { "date-time", format_date_time, NULL, 0, NULL },
  { "iso-time", format_iso_time, NULL, 0, NULL },
  { "iso-date-time", format_iso_date_time, NULL, 0, NULL },
  { "duration", NULL,
    "^P(?!$)((\\d+Y)?(\\d+M)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?|(\\d+W)?)$",
    0, NULL },
  { "uri", format_uri_precondition,
    "^(?:[a-z][a-z0-9+\\-.]*:)(?:\\/?\\/(?:(?:[a-z0-9\\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)"
    "?(?:\\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?"
    ":[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}"
    "|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4"
    "}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)"
    "(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)\\.){3}(?:25[0-5"
    "]|2[0-4]\\d|[01]?\\d\\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|"
    "(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\\.[a-z0-9\\-._~!$&'()*+,;"
    "=:]+)\\]|(?:(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)\\.){3}(?:25[0-5]|2[0-4]\\d|[01]?\\d\\"
    "d?)|(?:[a-z0-9\\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\\d*)?(?:\\/(?:[a-z0-9\\-._~!$&'"
    "()*+,;=:@]|%[0-9a-f]{2})*)*|\\/(?:(?:[a-z0-9\\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\\"
    "/(?:[a-z0-9\\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\\-._~!$&'()*+,;=:@]|%["
    "0-9a-f]{2})+(?:\\/(?:[a-z0-9\\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\\?(?:[a-z0-9\\"
    "-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{"
    "2})*)?$",
    G_REGEX_CASELESS, NULL },
  { "uri-reference", NULL,
    "^(?:[a-z][a-z0-9+\\-.]*:)?(?:\\/?\\/(?:(?:[a-z0-9\\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@"
    ")?(?:\\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::("
    "?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3"
    "}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,"
    "4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::"
    ")(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)\\.){3}(?:25[0-"
    "5]|2[0-4]\\d|[01]?\\d\\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}"
    "|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\\.[a-z0-9\\-._~!$&'()*+,"
    ";=:]+)\\]|(?:(?:25[0-5]|2[0-4]\\d|[01]?\\d\\d?)\\.){3}(?:25[0-5]|2[0-4]\\d|[01]?\\d"
    "\\d?)|(?:[a-z0-9\\-._~!$&'\"()*+,;=]|%[0-9a-f]{2})*)(?::\\d*)?(?:\\/(?:[a-z0-9\\-._~"
    "!$&'\"()*+,;=:@]|%[0-9a-f]{2})*)*|\\/(?:(?:[a-z0-9\\-._~!$&'\"()*+,;=:@]|%[0-9a-f]{2"
    "})+(?:\\/(?:[a-z0-9\\-._~!$&'\"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\\-._~!$&'\"("
    ")*+,;=:@]|%[0-9a-f]{2})+(?:\\/(?:[a-z0-9\\-._~!$&'\"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:"
    "\\?(?:[a-z0-9\\-._~!$&'\"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\\-._~!$&'\"()*+"
    ",;=:@/?]|%[0-9a-f]{2})*)?$",
    G_REGEX_CASELESS, NULL },
  { "uri-template", NULL,
    "^(?:(?:[^\\x00-\\x20\"'<>%\\\\^`{|}]|%[0-9a-f]{2})|\\{[+#./;?&=,!@|]?(?:[a-z0-9_]|%["
    "0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\\*)?(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0"
    ",3}|\\*)?)*\\})*$",
    G_REGEX_CASELESS, NULL },
  { "url", NULL,
    "^(?:https?|ftp):\\/\\/(?:\\S+(?::\\S*)?@)?(?:(?!(?:10|127)(?:\\.\\d{1,3}){3})(?!(?:1"
    "69\\.254|192\\.168)(?:\\.\\d{1,3}){2})(?!172\\.(?:1[6-9]|2\\d|3[0-1])(?:\\.\\d{1,3})"
    "{2})(?:[1-9]\\d?|1\\d\\d|2[01]\\d|22[0-3])(?:\\.(?:1?\\d{1,2}|2[0-4]\\d|25[0-5])){2}"
    "(?:\\.(?:[1-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-4]))|(?:(?:[a-z0-9\\u{00a1}-\\u{ffff}]+-)*"
    "[a-z0-9\\u{00a1}-\\u{ffff}]+)(?:\\.(?:[a-z0-9\\u{00a1}-\\u{ffff}]+-)*[a-z0-9\\u{00a1"
    "}-\\u{ffff}]+)*(?:\\.(?:[a-z\\u{00a1}-\\u{ffff}]{2,})))(?::\\d{2,5})?(?:\\/[^\\s]*)?"
    "$",
    G_REGEX_CASELESS, NULL },
  { "email", NULL,
    "^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z"
    "0-9-]*[a-z0-9])?\\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
    G_REGEX_CASELESS, NULL },
  { "hostname", NULL,
    "^(?=.{1,253}\\.?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[-0-9a-z]{0,6"
    "1}[0-9a-z])?)*\\.?$",
    G_REGEX_CASELESS, NULL },
  { "ipv4", NULL,
    "^(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]"
    "?\\d)$",
    0, NULL },
  { "ipv6", NULL,
    "^((([0-9a-f]{1,4}:){7}([0-9a-f]{1,4}|:))|(([0-9a-f]{1,4}:){6}(:[0-9a-f]{1,4}|((25[0-"
    "5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})|:))|(("
    "[0-9a-f]{1,4}:){5}(((:[0-9a-f]{1,4}){1,2})|:((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)("
    "\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})|:))|(([0-9a-f]{1,4}:){4}(((:[0-9a-f]{1"
    ",4}){1,3})|((:[0-9a-f]{1,4})?:((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0"
    "-4]\\d|1\\d\\d|[1-9]?\\d)){3}))|:))|(([0-9a-f]{1,4}:){3}(((:[0-9a-f]{1,4}){1,4})|((:"
    "[0-9a-f]{1,4}){0,2}:((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\"
    "d\\d|[1-9]?\\d)){3}))|:))|(([0-9a-f]{1,4}:){2}(((:[0-9a-f]{1,4}){1,5})|((:[0-9a-f]{1"
    ",4}){0,3}:((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]"
    "?\\d)){3}))|:))|(([0-9a-f]{1,4}:){1}(((:[0-9a-f]{1,4}){1,6})|((:[0-9a-f]{1,4}){0,4}:"
    "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3})"
    ")|:))|(:(((:[0-9a-f]{1,4}){1,7})|((:[0-9a-f]{1,4}){0,5}:((25[0-5]|2[0-4]\\d|1\\d\\d|"
    "[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}))|:)))$",
    G_REGEX_CASELESS, NULL },
  { "regex", format_regex, NULL, 0, NULL },
  { "uuid", NULL,
    "^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$",
    G_REGEX_CASELESS, NULL },
  { "json-pointer", NULL,
    "^(?:\\/(?:[^~/]|~0|~1)*)*$",
    0, NULL },
  { "json-pointer-uri-fragment", NULL,
    "^#(?:\\/(?:[a-z0-9_\\-.!$&'()*+,;:=@]|%[0-9a-f]{2}|~0|~1)*)*$",
    G_REGEX_CASELESS, NULL },
  { "relative-json-pointer", NULL,
    "^(?:0|[1-9][0-9]*)(?:#|(?:\\/(?:[^~/]|~0|~1)*)*)$",
    0, NULL },
  { "byte", NULL,
    "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$",
    G_REGEX_MULTILINE, NULL },
  { "int32", NULL, NULL, 0, format_int32 },
  { "int64", NULL, NULL, 0, format_int64 },
};

static GRegex **
format_regexes (void)
{
  static GRegex **regexes = NULL;

  if (g_once_init_enter (&regexes))
    {
      GRegex **compiled = g_new0 (GRegex *, G_N_ELEMENTS (formats));

      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        {
          g_autoptr(GError) local_error = NULL;

          if (formats[i].regex == NULL)
            continue;
          compiled[i] = ecma_regex_compile (formats[i].regex, formats[i].regex_flags,
                                            &local_error);
          if (compiled[i] == NULL)
            g_critical ("Cannot compile the regular expression of format “%s”: %s",
                        formats[i].name, local_error->message);
        }
      g_once_init_leave (&regexes, compiled);
    }

  return regexes;
}

static const FormatDef *
format_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (formats[i].name, name))
      return &formats[i];
  return NULL;
}

/* Whether @value passes @format; values of other types always do. */
static gboolean
format_check (const FormatDef *format,
              JsonNode        *value,
              guint            value_types)
{
  if (format->check_number != NULL)
    return (value_types & JS_TYPE_NUMBER) == 0 || format->check_number (value);

  if ((value_types & JS_TYPE_STRING) == 0)
    return TRUE;
  if (format->check_string != NULL && !format->check_string (json_node_get_string (value)))
    return FALSE;
  if (format->regex != NULL)
    {
      GRegex *regex = format_regexes ()[format - formats];

      return regex == NULL || ecma_regex_test (regex, json_node_get_string (value));
    }
  return TRUE;
}

/* --------------------------------------------------------------------------------------
 * Compiling
 * ------------------------------------------------------------------------------------ */

static void
named_schema_free (gpointer data)
{
  g_free (data);
}

static void
dependency_free (gpointer data)
{
  Dependency *dependency = data;

  g_free (dependency->deps_text);
  g_free (dependency);
}

static void
schema_node_free (gpointer data)
{
  SchemaNode *node = data;

  g_free (node->location);
  g_free (node->ref_uri);
  g_free (node->types_text);
  g_clear_pointer (&node->properties, g_ptr_array_unref);
  g_clear_pointer (&node->property_index, g_hash_table_unref);
  g_clear_pointer (&node->pattern_properties, g_ptr_array_unref);
  g_clear_pointer (&node->dependencies, g_ptr_array_unref);
  g_clear_pointer (&node->tuple_items, g_ptr_array_unref);
  g_clear_pointer (&node->all_of, g_ptr_array_unref);
  g_clear_pointer (&node->any_of, g_ptr_array_unref);
  g_clear_pointer (&node->one_of, g_ptr_array_unref);
  g_free (node);
}

typedef struct
{
  JsonNode *root;
  char     *base;          /* the base URI in effect at root */
} Document;

static void
document_free (gpointer data)
{
  Document *document = data;

  g_free (document->base);
  g_free (document);
}

typedef struct
{
  GenkitJsonSchema *self;
  char             *root_base;   /* base URI of the caller's schema document */
  GHashTable       *by_json;     /* JsonNode* → SchemaNode*: each subschema compiled once */
  GHashTable       *documents;   /* absolute URI without fragment → Document* */
  GHashTable       *anchors;     /* absolute URI with a plain-name fragment → Document* */
  GQueue            pending;     /* SchemaNode* whose $ref is still to resolve */
} Compiler;

static gboolean compile_error (GError     **error,
                               const char  *location,
                               const char  *keyword,
                               const char  *format,
                               ...) G_GNUC_PRINTF (4, 5);

static gboolean
compile_error (GError     **error,
               const char  *location,
               const char  *keyword,
               const char  *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
               "Invalid JSON schema at %s%s%s: %s",
               location, keyword != NULL ? "/" : "", keyword != NULL ? keyword : "", message);
  return FALSE;
}

/* @name escaped as a JSON-pointer token (RFC 6901), which is how both schema locations
 * and ajv's instancePath spell property names. */
static void
append_pointer_token (GString    *out,
                      const char *name)
{
  g_string_append_c (out, '/');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (out, "~0");
      else if (*p == '/')
        g_string_append (out, "~1");
      else
        g_string_append_c (out, *p);
    }
}

static char *
child_location (const char *location,
                const char *keyword,
                const char *name)
{
  GString *out = g_string_new (location);

  append_pointer_token (out, keyword);
  if (name != NULL)
    append_pointer_token (out, name);
  return g_string_free (out, FALSE);
}

static char *
child_location_index (const char *location,
                      const char *keyword,
                      guint       position)
{
  GString *out = g_string_new (location);

  append_pointer_token (out, keyword);
  g_string_append_printf (out, "/%u", position);
  return g_string_free (out, FALSE);
}

/* g_uri_resolve_relative() without a GLib 2.74 trap: a reference such as "..//a" against a
 * base without authority ("urn:x") resolves to a path starting with "//", which GUri cannot
 * write back; it then emits a critical and returns NULL without setting an error. */
static char *
resolve_uri_reference (const char  *base,
                       const char  *reference,
                       GError     **error)
{
  g_autoptr(GUri) base_uri = NULL;
  g_autoptr(GUri) resolved = NULL;
  const char *path;

  base_uri = g_uri_parse (base, G_URI_FLAGS_ENCODED, error);
  if (base_uri == NULL)
    return NULL;
  resolved = g_uri_parse_relative (base_uri, reference, G_URI_FLAGS_ENCODED, error);
  if (resolved == NULL)
    return NULL;

  path = g_uri_get_path (resolved);
  if (g_uri_get_host (resolved) == NULL && path[0] == '/' && path[1] == '/')
    {
      g_set_error_literal (error, G_URI_ERROR, G_URI_ERROR_BAD_PATH,
                           "the resolved path starts with \"//\" but there is no authority");
      return NULL;
    }

  return g_uri_to_string (resolved);
}

/* Splits an absolute URI at its fragment. */
static char *
uri_without_fragment (const char  *uri,
                      const char **fragment)
{
  const char *hash = strchr (uri, '#');

  if (fragment != NULL)
    *fragment = hash != NULL ? hash + 1 : "";
  return hash != NULL ? g_strndup (uri, (gsize) (hash - uri)) : g_strdup (uri);
}

/* The base URI inside @object given the one around it: its `$id` applies, unless `$ref`
 * is present (draft-07 ignores every sibling of `$ref`, `$id` included). */
static char *
object_base (JsonObject *object,
             const char *inherited_base)
{
  JsonNode *id = json_object_get_member (object, "$id");
  g_autofree char *resolved = NULL;

  if (id == NULL || json_object_has_member (object, "$ref") ||
      json_node_get_value_type (id) != G_TYPE_STRING)
    return g_strdup (inherited_base);

  resolved = resolve_uri_reference (inherited_base, json_node_get_string (id), NULL);
  if (resolved == NULL)
    return g_strdup (inherited_base);
  return uri_without_fragment (resolved, NULL);
}

static SchemaNode *compile_schema (Compiler    *compiler,
                                   JsonNode    *json,
                                   const char  *location,
                                   const char  *inherited_base,
                                   GError     **error);

static gboolean
compile_subschema (Compiler     *compiler,
                   SchemaNode   *node,
                   JsonObject   *object,
                   const char   *keyword,
                   const char   *base,
                   SchemaNode  **out,
                   GError      **error)
{
  JsonNode *member = json_object_get_member (object, keyword);
  g_autofree char *location = NULL;

  if (member == NULL)
    return TRUE;

  location = child_location (node->location, keyword, NULL);
  *out = compile_schema (compiler, member, location, base, error);
  return *out != NULL;
}

static gboolean
compile_schema_array (Compiler     *compiler,
                      SchemaNode   *node,
                      JsonObject   *object,
                      const char   *keyword,
                      const char   *base,
                      GPtrArray   **out,
                      GError      **error)
{
  JsonNode *member = json_object_get_member (object, keyword);
  JsonArray *array;
  guint length;

  if (member == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (member) ||
      (length = json_array_get_length (array = json_node_get_array (member))) == 0)
    return compile_error (error, node->location, keyword, "must be a non-empty array of schemas");

  *out = g_ptr_array_sized_new (length);
  for (guint i = 0; i < length; i++)
    {
      g_autofree char *location = child_location_index (node->location, keyword, i);
      SchemaNode *child = compile_schema (compiler, json_array_get_element (array, i),
                                          location, base, error);

      if (child == NULL)
        return FALSE;
      g_ptr_array_add (*out, child);
    }
  return TRUE;
}

/* "properties", "definitions": an object whose values are schemas. */
static gboolean
compile_schema_map (Compiler     *compiler,
                    SchemaNode   *node,
                    JsonObject   *object,
                    const char   *keyword,
                    const char   *base,
                    GPtrArray   **out,
                    GError      **error)
{
  JsonNode *member = json_object_get_member (object, keyword);
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (member == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (member))
    return compile_error (error, node->location, keyword, "must be an object of schemas");

  if (out != NULL)
    *out = g_ptr_array_new_with_free_func (named_schema_free);

  json_object_iter_init_ordered (&iter, json_node_get_object (member));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      g_autofree char *location = child_location (node->location, keyword, name);
      SchemaNode *child = compile_schema (compiler, value, location, base, error);
      NamedSchema *named;

      if (child == NULL)
        return FALSE;
      if (out == NULL)
        continue;

      named = g_new0 (NamedSchema, 1);
      named->name = name;
      named->schema = child;
      g_ptr_array_add (*out, named);
    }
  return TRUE;
}

static gboolean
compile_number (SchemaNode   *node,
                JsonObject   *object,
                const char   *keyword,
                JsonNode    **out,
                GError      **error)
{
  JsonNode *member = json_object_get_member (object, keyword);

  if (member == NULL)
    return TRUE;
  if (!json_is_number (member))
    return compile_error (error, node->location, keyword, "must be a number");
  *out = member;
  return TRUE;
}

static gboolean
compile_count (SchemaNode  *node,
               JsonObject  *object,
               CountLimit   which,
               GError     **error)
{
  const char *keyword = count_info[which].keyword;
  JsonNode *member = json_object_get_member (object, keyword);
  long double value;

  if (member == NULL)
    return TRUE;
  if (!json_is_number (member) || !json_is_integral (member) ||
      (value = json_number_value (member)) < 0)
    return compile_error (error, node->location, keyword, "must be a non-negative integer");

  node->counts[which] = value >= (long double) G_MAXINT64 ? G_MAXINT64 : (gint64) value;
  node->count_nodes[which] = member;
  return TRUE;
}

/* A JSON array of distinct strings, as "required" and array-form dependencies need. */
static gboolean
check_string_array (JsonNode   *member,
                    const char *location,
                    const char *keyword,
                    const char *name,
                    GError    **error)
{
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *where = NULL;
  JsonArray *array;
  guint length;

  where = name != NULL ? child_location (location, keyword, name) : NULL;
  if (!JSON_NODE_HOLDS_ARRAY (member))
    return compile_error (error, where != NULL ? where : location,
                          where != NULL ? NULL : keyword,
                          "must be an array of unique strings");

  array = json_node_get_array (member);
  length = json_array_get_length (array);
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (json_node_get_value_type (element) != G_TYPE_STRING ||
          !g_hash_table_add (seen, (gpointer) json_node_get_string (element)))
        return compile_error (error, where != NULL ? where : location,
                              where != NULL ? NULL : keyword,
                              "must be an array of unique strings");
    }
  return TRUE;
}

static GRegex *
compile_pattern (Compiler    *compiler,
                 const char  *source,
                 const char  *location,
                 const char  *keyword,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  GRegex *regex = g_hash_table_lookup (compiler->self->regexes, source);

  if (regex != NULL)
    return regex;

  regex = ecma_regex_compile (source, 0, &local_error);
  if (regex == NULL)
    {
      compile_error (error, location, keyword, "invalid regular expression \"%s\": %s",
                     source, local_error->message);
      return NULL;
    }

  g_hash_table_insert (compiler->self->regexes, g_strdup (source), regex);
  return regex;
}

static gboolean
compile_type (SchemaNode  *node,
              JsonObject  *object,
              GError     **error)
{
  JsonNode *member = json_object_get_member (object, "type");
  g_autoptr(GString) text = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  if (member == NULL)
    return TRUE;

  if (json_node_get_value_type (member) == G_TYPE_STRING)
    g_ptr_array_add (names, (gpointer) json_node_get_string (member));
  else if (JSON_NODE_HOLDS_ARRAY (member) &&
           json_array_get_length (json_node_get_array (member)) > 0)
    {
      JsonArray *array = json_node_get_array (member);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (json_node_get_value_type (element) != G_TYPE_STRING)
            return compile_error (error, node->location, "type",
                                  "must be a type name or a non-empty array of them");
          g_ptr_array_add (names, (gpointer) json_node_get_string (element));
        }
    }
  else
    return compile_error (error, node->location, "type",
                          "must be a type name or a non-empty array of them");

  text = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      guint bit = 0;

      for (guint j = 0; j < G_N_ELEMENTS (type_names); j++)
        if (g_str_equal (type_names[j].name, name))
          bit = type_names[j].bit;

      if (bit == 0)
        return compile_error (error, node->location, "type", "unknown type \"%s\"", name);
      if ((node->types & bit) != 0)
        return compile_error (error, node->location, "type", "type \"%s\" is repeated", name);

      node->types |= bit;
      if (i > 0)
        g_string_append_c (text, ',');
      g_string_append (text, name);
    }
  node->types_text = g_string_free (g_steal_pointer (&text), FALSE);

  /* Where ajv reports a failed "type" (see number_group_keywords). */
  if (names->len == 1)
    {
      static const struct
      {
        guint               bit;
        const char * const *keywords;
      } groups[] = {
        { JS_TYPE_NUMBER, number_group_keywords },
        { JS_TYPE_STRING, string_group_keywords },
        { JS_TYPE_ARRAY, array_group_keywords },
        { JS_TYPE_OBJECT, object_group_keywords },
      };

      for (guint i = 0; i < G_N_ELEMENTS (groups); i++)
        if (node->types == groups[i].bit)
          for (guint j = 0; groups[i].keywords[j] != NULL; j++)
            if (json_object_has_member (object, groups[i].keywords[j]))
              node->late_type_group = groups[i].bit;
    }

  return TRUE;
}

static gboolean
compile_dependencies (Compiler    *compiler,
                      SchemaNode  *node,
                      JsonObject  *object,
                      const char  *base,
                      GError     **error)
{
  JsonNode *member = json_object_get_member (object, "dependencies");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (member == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (member))
    return compile_error (error, node->location, "dependencies", "must be an object");

  node->dependencies = g_ptr_array_new_with_free_func (dependency_free);
  json_object_iter_init_ordered (&iter, json_node_get_object (member));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      Dependency *dependency = g_new0 (Dependency, 1);

      dependency->name = name;
      g_ptr_array_add (node->dependencies, dependency);

      if (JSON_NODE_HOLDS_ARRAY (value))
        {
          GString *text = g_string_new (NULL);
          JsonArray *array = json_node_get_array (value);

          if (!check_string_array (value, node->location, "dependencies", name, error))
            {
              g_string_free (text, TRUE);
              return FALSE;
            }
          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              if (i > 0)
                g_string_append (text, ", ");
              g_string_append (text, json_array_get_string_element (array, i));
            }
          dependency->required = array;
          dependency->deps_text = g_string_free (text, FALSE);
        }
      else
        {
          g_autofree char *location = child_location (node->location, "dependencies", name);

          dependency->schema = compile_schema (compiler, value, location, base, error);
          if (dependency->schema == NULL)
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
compile_pattern_properties (Compiler    *compiler,
                            SchemaNode  *node,
                            JsonObject  *object,
                            const char  *base,
                            GError     **error)
{
  JsonNode *member = json_object_get_member (object, "patternProperties");
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (member == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (member))
    return compile_error (error, node->location, "patternProperties",
                          "must be an object of schemas");

  node->pattern_properties = g_ptr_array_new_with_free_func (g_free);
  json_object_iter_init_ordered (&iter, json_node_get_object (member));
  while (json_object_iter_next_ordered (&iter, &name, &value))
    {
      g_autofree char *location = child_location (node->location, "patternProperties", name);
      PatternSchema *pattern = g_new0 (PatternSchema, 1);

      g_ptr_array_add (node->pattern_properties, pattern);
      pattern->source = name;
      pattern->regex = compile_pattern (compiler, name, location, NULL, error);
      if (pattern->regex == NULL)
        return FALSE;
      pattern->schema = compile_schema (compiler, value, location, base, error);
      if (pattern->schema == NULL)
        return FALSE;
    }
  return TRUE;
}

/* Registers the `$id` of @object: a document for its URI, an anchor for a plain-name
 * fragment (`"$id": "#foo"`). Returns the base URI inside @object. */
static char *
compile_id (Compiler    *compiler,
            SchemaNode  *node,
            JsonNode    *json,
            const char  *inherited_base,
            GError     **error)
{
  JsonObject *object = json_node_get_object (json);
  JsonNode *id = json_object_get_member (object, "$id");
  g_autofree char *resolved = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *fragment;
  Document *existing;

  if (id == NULL)
    return g_strdup (inherited_base);
  if (json_node_get_value_type (id) != G_TYPE_STRING)
    {
      compile_error (error, node->location, "$id", "must be a string");
      return NULL;
    }

  resolved = resolve_uri_reference (inherited_base, json_node_get_string (id), &local_error);
  if (resolved == NULL)
    {
      compile_error (error, node->location, "$id", "\"%s\" is not a valid URI reference: %s",
                     json_node_get_string (id), local_error->message);
      return NULL;
    }

  base = uri_without_fragment (resolved, &fragment);

  if (*fragment != '\0')
    {
      existing = g_hash_table_lookup (compiler->anchors, resolved);
      if (existing != NULL && existing->root != json)
        {
          compile_error (error, node->location, "$id", "\"%s\" is already used",
                         json_node_get_string (id));
          return NULL;
        }
      if (existing == NULL)
        {
          Document *anchor = g_new0 (Document, 1);

          anchor->root = json;
          anchor->base = g_strdup (base);
          g_hash_table_insert (compiler->anchors, g_strdup (resolved), anchor);
        }
    }

  if (json_node_get_string (id)[0] != '#')
    {
      existing = g_hash_table_lookup (compiler->documents, base);
      if (existing != NULL && existing->root != json)
        {
          compile_error (error, node->location, "$id", "\"%s\" is already used",
                         json_node_get_string (id));
          return NULL;
        }
      if (existing == NULL)
        {
          Document *document = g_new0 (Document, 1);

          document->root = json;
          document->base = g_strdup (base);
          g_hash_table_insert (compiler->documents, g_strdup (base), document);
        }
    }

  return g_steal_pointer (&base);
}

static SchemaNode *
compile_schema (Compiler    *compiler,
                JsonNode    *json,
                const char  *location,
                const char  *inherited_base,
                GError     **error)
{
  SchemaNode *node = g_hash_table_lookup (compiler->by_json, json);
  g_autofree char *base = NULL;
  JsonObject *object;
  JsonNode *member;

  if (node != NULL)
    return node;

  node = g_new0 (SchemaNode, 1);
  node->location = g_strdup (location);
  for (guint i = 0; i < N_COUNTS; i++)
    node->counts[i] = -1;
  g_ptr_array_add (compiler->self->nodes, node);
  g_hash_table_insert (compiler->by_json, json, node);

  if (json_node_get_value_type (json) == G_TYPE_BOOLEAN)
    {
      node->is_boolean = TRUE;
      node->boolean_value = json_node_get_boolean (json);
      return node;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json))
    {
      compile_error (error, location, NULL, "a schema must be an object or a boolean");
      return NULL;
    }
  object = json_node_get_object (json);

  if ((member = json_object_get_member (object, "$ref")) != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (json_node_get_value_type (member) != G_TYPE_STRING)
        {
          compile_error (error, location, "$ref", "must be a string");
          return NULL;
        }
      node->ref_text = json_node_get_string (member);
      node->ref_uri = resolve_uri_reference (inherited_base, node->ref_text, &local_error);
      if (node->ref_uri == NULL)
        {
          compile_error (error, location, "$ref", "cannot resolve \"%s\": %s",
                         node->ref_text, local_error->message);
          return NULL;
        }
      g_queue_push_tail (&compiler->pending, node);

      /* Everything else next to $ref is ignored, but definitions may still be the
       * target of other references. */
      if (!compile_schema_map (compiler, node, object, "definitions", inherited_base, NULL, error))
        return NULL;
      return node;
    }

  if ((base = compile_id (compiler, node, json, inherited_base, error)) == NULL)
    return NULL;

  if (!compile_type (node, object, error))
    return NULL;

  node->const_value = json_object_get_member (object, "const");
  if ((member = json_object_get_member (object, "enum")) != NULL)
    {
      if (!JSON_NODE_HOLDS_ARRAY (member))
        {
          compile_error (error, location, "enum", "must be an array");
          return NULL;
        }
      node->enum_values = json_node_get_array (member);
    }

  for (guint i = 0; i < N_LIMITS; i++)
    if (!compile_number (node, object, limit_info[i].keyword, &node->limits[i], error))
      return NULL;
  if (!compile_number (node, object, "multipleOf", &node->multiple_of, error))
    return NULL;
  if (node->multiple_of != NULL && json_number_value (node->multiple_of) <= 0)
    {
      compile_error (error, location, "multipleOf", "must be greater than 0");
      return NULL;
    }
  for (guint i = 0; i < N_COUNTS; i++)
    if (!compile_count (node, object, i, error))
      return NULL;

  if ((member = json_object_get_member (object, "pattern")) != NULL)
    {
      if (json_node_get_value_type (member) != G_TYPE_STRING)
        {
          compile_error (error, location, "pattern", "must be a string");
          return NULL;
        }
      node->pattern_source = json_node_get_string (member);
      node->pattern = compile_pattern (compiler, node->pattern_source, location, "pattern",
                                       error);
      if (node->pattern == NULL)
        return NULL;
    }

  if ((member = json_object_get_member (object, "format")) != NULL)
    {
      if (json_node_get_value_type (member) != G_TYPE_STRING)
        {
          compile_error (error, location, "format", "must be a string");
          return NULL;
        }
      node->format_name = json_node_get_string (member);
      node->format = format_lookup (node->format_name);
    }

  if ((member = json_object_get_member (object, "uniqueItems")) != NULL)
    {
      if (json_node_get_value_type (member) != G_TYPE_BOOLEAN)
        {
          compile_error (error, location, "uniqueItems", "must be a boolean");
          return NULL;
        }
      node->unique_items = json_node_get_boolean (member);
    }

  if ((member = json_object_get_member (object, "required")) != NULL)
    {
      if (!check_string_array (member, location, "required", NULL, error))
        return NULL;
      node->required = json_node_get_array (member);
    }

  if (!compile_schema_map (compiler, node, object, "definitions", base, NULL, error) ||
      !compile_schema_map (compiler, node, object, "properties", base, &node->properties, error) ||
      !compile_pattern_properties (compiler, node, object, base, error) ||
      !compile_subschema (compiler, node, object, "additionalProperties", base,
                          &node->additional_properties, error) ||
      !compile_dependencies (compiler, node, object, base, error) ||
      !compile_subschema (compiler, node, object, "propertyNames", base,
                          &node->property_names, error) ||
      !compile_subschema (compiler, node, object, "additionalItems", base,
                          &node->additional_items, error) ||
      !compile_subschema (compiler, node, object, "contains", base, &node->contains, error) ||
      !compile_schema_array (compiler, node, object, "allOf", base, &node->all_of, error) ||
      !compile_schema_array (compiler, node, object, "anyOf", base, &node->any_of, error) ||
      !compile_schema_array (compiler, node, object, "oneOf", base, &node->one_of, error) ||
      !compile_subschema (compiler, node, object, "not", base, &node->not_schema, error) ||
      !compile_subschema (compiler, node, object, "if", base, &node->if_schema, error) ||
      !compile_subschema (compiler, node, object, "then", base, &node->then_schema, error) ||
      !compile_subschema (compiler, node, object, "else", base, &node->else_schema, error))
    return NULL;

  if (node->properties != NULL)
    {
      node->property_index = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < node->properties->len; i++)
        {
          NamedSchema *named = g_ptr_array_index (node->properties, i);

          g_hash_table_insert (node->property_index, (gpointer) named->name, named->schema);
        }
    }

  if ((member = json_object_get_member (object, "items")) != NULL)
    {
      if (JSON_NODE_HOLDS_ARRAY (member))
        {
          if (!compile_schema_array (compiler, node, object, "items", base,
                                     &node->tuple_items, error))
            return NULL;
        }
      else if (!compile_subschema (compiler, node, object, "items", base, &node->items, error))
        return NULL;
    }

  return node;
}

/* Loads a document we bundle, the first time a $ref names it. */
static Document *
compiler_load_bundled (Compiler   *compiler,
                       const char *uri)
{
  JsonNode *root;
  Document *document;

  if (!g_str_equal (uri, DRAFT7_URI))
    return NULL;

  root = json_from_string (draft7_meta_schema, NULL);
  g_assert (root != NULL);
  json_node_seal (root);
  g_ptr_array_add (compiler->self->documents, root);

  document = g_new0 (Document, 1);
  document->root = root;
  document->base = g_strdup (uri);
  g_hash_table_insert (compiler->documents, g_strdup (uri), document);
  return document;
}

/* A JSON-pointer token (already percent-decoded) with ~1 and ~0 undone, in that order. */
static char *
pointer_token_unescape (const char *token,
                        gsize       length,
                        gboolean   *valid)
{
  GString *out = g_string_sized_new (length);

  *valid = TRUE;
  for (gsize i = 0; i < length; i++)
    {
      if (token[i] == '~')
        {
          if (i + 1 < length && token[i + 1] == '1')
            g_string_append_c (out, '/');
          else if (i + 1 < length && token[i + 1] == '0')
            g_string_append_c (out, '~');
          else
            *valid = FALSE;
          i++;
        }
      else
        g_string_append_c (out, token[i]);
    }
  return g_string_free (out, FALSE);
}

/* Walks the JSON pointer @pointer from @document's root. Returns the target and, in
 * @out_base, the base URI around it (with the `$id`s of the objects passed on the way). */
static JsonNode *
pointer_walk (Document    *document,
              const char  *pointer,
              char       **out_base)
{
  JsonNode *node = document->root;
  g_autofree char *base = g_strdup (document->base);
  const char *p = pointer;

  g_assert (*p == '/');
  while (*p == '/')
    {
      const char *start = ++p;
      const char *end = strchr (start, '/');
      g_autofree char *token = NULL;
      gboolean valid;

      if (end == NULL)
        end = start + strlen (start);
      p = end;
      token = pointer_token_unescape (start, (gsize) (end - start), &valid);
      if (!valid)
        return NULL;

      if (node != document->root && JSON_NODE_HOLDS_OBJECT (node))
        {
          char *inner = object_base (json_node_get_object (node), base);

          g_free (base);
          base = inner;
        }

      if (JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), token);
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint64 position;

          if (token[0] == '\0' || (token[0] == '0' && token[1] != '\0') ||
              !g_ascii_string_to_unsigned (token, 10, 0, G_MAXUINT, &position, NULL) ||
              position >= json_array_get_length (array))
            return NULL;
          node = json_array_get_element (array, (guint) position);
        }
      else
        return NULL;

      if (node == NULL)
        return NULL;
    }

  *out_base = g_steal_pointer (&base);
  return node;
}

static gboolean
compiler_resolve (Compiler    *compiler,
                  SchemaNode  *node,
                  GError     **error)
{
  const char *fragment;
  g_autofree char *document_uri = uri_without_fragment (node->ref_uri, &fragment);
  g_autofree char *pointer = NULL;
  g_autofree char *base = NULL;
  g_autofree char *location = NULL;
  Document *document = NULL;
  JsonNode *target = NULL;

  pointer = g_uri_unescape_string (fragment, NULL);
  if (pointer == NULL)
    return compile_error (error, node->location, "$ref", "cannot resolve \"%s\": bad %%-escape",
                          node->ref_text);

  if (*pointer != '\0' && *pointer != '/')
    {
      Document *anchor = g_hash_table_lookup (compiler->anchors, node->ref_uri);

      if (anchor != NULL)
        {
          target = anchor->root;
          base = g_strdup (anchor->base);
        }
    }
  else
    {
      document = g_hash_table_lookup (compiler->documents, document_uri);
      if (document == NULL)
        document = compiler_load_bundled (compiler, document_uri);

      if (document != NULL && *pointer == '\0')
        {
          target = document->root;
          base = g_strdup (document->base);
        }
      else if (document != NULL)
        target = pointer_walk (document, pointer, &base);
    }

  if (target == NULL)
    {
      if (document == NULL && *pointer != '\0' && *pointer != '/')
        return compile_error (error, node->location, "$ref",
                              "cannot resolve \"%s\": no schema has that $id", node->ref_text);
      if (document == NULL)
        return compile_error (error, node->location, "$ref",
                              "cannot resolve \"%s\": remote references are not fetched",
                              node->ref_text);
      return compile_error (error, node->location, "$ref",
                            "cannot resolve \"%s\": the pointer leads nowhere", node->ref_text);
    }

  /* Name targets inside the caller's document the way other locations are named. */
  if (g_str_equal (document_uri, compiler->root_base))
    location = g_strconcat ("#", pointer, NULL);
  else
    location = g_strdup (node->ref_uri);

  node->ref = compile_schema (compiler, target, location, base, error);
  return node->ref != NULL;
}

/* The subschemas evaluated against the same instance as @node (the edges along which
 * validation makes no progress into the instance), one at a time. */
static SchemaNode *
in_place_child (SchemaNode *node,
                guint       position)
{
  GPtrArray *arrays[] = { node->all_of, node->any_of, node->one_of };
  SchemaNode *singles[] = {
    node->not_schema,
    node->if_schema,
    node->if_schema != NULL ? node->then_schema : NULL,
    node->if_schema != NULL ? node->else_schema : NULL,
  };

  if (node->ref != NULL)
    return position == 0 ? node->ref : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    if (arrays[i] != NULL)
      {
        if (position < arrays[i]->len)
          return g_ptr_array_index (arrays[i], position);
        position -= arrays[i]->len;
      }

  for (guint i = 0; i < G_N_ELEMENTS (singles); i++)
    if (singles[i] != NULL)
      {
        if (position == 0)
          return singles[i];
        position--;
      }

  if (node->dependencies != NULL)
    for (guint i = 0; i < node->dependencies->len; i++)
      {
        Dependency *dependency = g_ptr_array_index (node->dependencies, i);

        if (dependency->schema == NULL)
          continue;
        if (position == 0)
          return dependency->schema;
        position--;
      }

  return NULL;
}

typedef struct
{
  SchemaNode *node;
  guint       next;
} CycleFrame;

/* A cycle of in-place edges (`{"$ref": "#"}` at the root, or two definitions referring
 * to each other) would make validation recurse forever: reject it. Iterative DFS. */
static gboolean
check_ref_cycles (GenkitJsonSchema  *self,
                  GError           **error)
{
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (CycleFrame));

  for (guint i = 0; i < self->nodes->len; i++)
    {
      SchemaNode *start = g_ptr_array_index (self->nodes, i);
      CycleFrame first = { start, 0 };

      if (start->cycle_mark != 0)
        continue;

      start->cycle_mark = 1;
      g_array_append_val (stack, first);
      while (stack->len > 0)
        {
          CycleFrame *frame = &g_array_index (stack, CycleFrame, stack->len - 1);
          SchemaNode *child = in_place_child (frame->node, frame->next++);

          if (child == NULL)
            {
              frame->node->cycle_mark = 2;
              g_array_set_size (stack, stack->len - 1);
            }
          else if (child->cycle_mark == 1)
            return compile_error (error, child->location, NULL,
                                  "$ref cycle that never moves into the instance, "
                                  "validation would not terminate");
          else if (child->cycle_mark == 0)
            {
              CycleFrame next = { child, 0 };

              child->cycle_mark = 1;
              g_array_append_val (stack, next);
            }
        }
    }

  return TRUE;
}

static gboolean
genkit_json_schema_compile (GenkitJsonSchema  *self,
                            GError           **error)
{
  Compiler compiler = { 0 };
  gboolean ok = FALSE;
  SchemaNode *node;
  Document *document;

  compiler.self = self;
  compiler.by_json = g_hash_table_new (NULL, NULL);
  compiler.documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, document_free);
  compiler.anchors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, document_free);
  g_queue_init (&compiler.pending);

  compiler.root_base = JSON_NODE_HOLDS_OBJECT (self->schema)
                       ? object_base (json_node_get_object (self->schema), DEFAULT_BASE_URI)
                       : g_strdup (DEFAULT_BASE_URI);
  document = g_new0 (Document, 1);
  document->root = self->schema;
  document->base = g_strdup (compiler.root_base);
  g_hash_table_insert (compiler.documents, g_strdup (compiler.root_base), document);

  self->root = compile_schema (&compiler, self->schema, "#", DEFAULT_BASE_URI, error);
  if (self->root == NULL)
    goto out;

  while ((node = g_queue_pop_head (&compiler.pending)) != NULL)
    if (!compiler_resolve (&compiler, node, error))
      goto out;

  ok = check_ref_cycles (self, error);

out:
  g_queue_clear (&compiler.pending);
  g_hash_table_unref (compiler.by_json);
  g_hash_table_unref (compiler.documents);
  g_hash_table_unref (compiler.anchors);
  g_free (compiler.root_base);
  return ok;
}

/* --------------------------------------------------------------------------------------
 * Validating
 * ------------------------------------------------------------------------------------ */

typedef struct
{
  GPtrArray *violations;   /* GenkitSchemaViolation*, only filled when collecting */
  GString   *path;         /* ajv's instancePath of the value being checked */
  guint64    steps;
  guint64    max_steps;
  guint      depth;
  gboolean   aborted;
} Validation;

static void
validation_report (Validation *validation,
                   const char *keyword,
                   char       *message)
{
  g_autofree char *owned_message = message;
  g_autofree char *path = NULL;

  /* Genkit's toErrorDetail(): instancePath.substring(1).replace(/\//g, '.') || '(root)' */
  if (validation->path->len == 0)
    path = g_strdup ("(root)");
  else
    {
      path = g_strdup (validation->path->str + 1);
      g_strdelimit (path, "/", '.');
    }

  g_ptr_array_add (validation->violations,
                   genkit_schema_violation_new (path, keyword, owned_message));
}

static gsize
validation_push_name (Validation *validation,
                      const char *name)
{
  gsize mark = validation->path->len;

  append_pointer_token (validation->path, name);
  return mark;
}

static gsize
validation_push_index (Validation *validation,
                       guint       position)
{
  gsize mark = validation->path->len;

  g_string_append_printf (validation->path, "/%u", position);
  return mark;
}

static void
validation_pop (Validation *validation,
                gsize       mark)
{
  g_string_truncate (validation->path, mark);
}

/* Drops the violations reported since @mark (a passing anyOf branch, say). */
static void
validation_rewind (Validation *validation,
                   guint       mark)
{
  if (validation->violations->len > mark)
    g_ptr_array_remove_range (validation->violations, mark, validation->violations->len - mark);
}

static gboolean validate_schema (Validation *validation,
                                 SchemaNode *node,
                                 JsonNode   *instance,
                                 gboolean    collect);

static void
report_type (Validation *validation,
             SchemaNode *node)
{
  validation_report (validation, "type", g_strdup_printf ("must be %s", node->types_text));
}

static gboolean
is_multiple_of (JsonNode *value,
                JsonNode *divisor)
{
  long double quotient;
  long double tolerance;

  if (json_node_get_value_type (value) == G_TYPE_INT64 &&
      json_node_get_value_type (divisor) == G_TYPE_INT64)
    return json_node_get_int (value) % json_node_get_int (divisor) == 0;

  quotient = json_number_value (value) / json_number_value (divisor);
  if (!isfinite (quotient))
    return TRUE;   /* so large that no fraction is representable */

  /* Binary floating point cannot represent 0.01 exactly; 0.3 / 0.1 is 2.9999999999999996.
   * Accept a quotient within rounding noise of an integer. */
  tolerance = MAX (1e-9L, fabsl (quotient) * 8 * DBL_EPSILON);
  return fabsl (quotient - roundl (quotient)) <= tolerance;
}

static gboolean
validate_number (Validation *validation,
                 SchemaNode *node,
                 JsonNode   *instance,
                 gboolean    collect)
{
  long double value = json_number_value (instance);
  gboolean ok = TRUE;

  for (guint i = 0; i < N_LIMITS; i++)
    {
      long double limit;
      gboolean pass;

      if (node->limits[i] == NULL)
        continue;

      limit = json_number_value (node->limits[i]);
      switch ((NumberLimit) i)
        {
        case LIMIT_MAXIMUM:
          pass = value <= limit;
          break;
        case LIMIT_MINIMUM:
          pass = value >= limit;
          break;
        case LIMIT_EXCLUSIVE_MAXIMUM:
          pass = value < limit;
          break;
        case LIMIT_EXCLUSIVE_MINIMUM:
        case N_LIMITS:
        default:
          pass = value > limit;
          break;
        }

      if (!pass)
        {
          g_autofree char *text = NULL;

          if (!collect)
            return FALSE;
          text = js_number_to_string (node->limits[i]);
          validation_report (validation, limit_info[i].keyword,
                             g_strdup_printf ("must be %s %s", limit_info[i].comparison, text));
          ok = FALSE;
        }
    }

  if (node->multiple_of != NULL && !is_multiple_of (instance, node->multiple_of))
    {
      g_autofree char *text = NULL;

      if (!collect)
        return FALSE;
      text = js_number_to_string (node->multiple_of);
      validation_report (validation, "multipleOf",
                         g_strdup_printf ("must be multiple of %s", text));
      ok = FALSE;
    }

  if (node->format != NULL && !format_check (node->format, instance, JS_TYPE_NUMBER))
    {
      if (!collect)
        return FALSE;
      validation_report (validation, "format",
                         g_strdup_printf ("must match format \"%s\"", node->format_name));
      ok = FALSE;
    }

  return ok;
}

static gboolean
check_count (Validation *validation,
             SchemaNode *node,
             CountLimit  which,
             gint64      actual,
             gboolean    collect)
{
  gint64 limit = node->counts[which];
  gboolean is_max = which == COUNT_MAX_LENGTH || which == COUNT_MAX_ITEMS ||
                    which == COUNT_MAX_PROPERTIES;
  g_autofree char *text = NULL;

  if (limit < 0 || (is_max ? actual <= limit : actual >= limit))
    return TRUE;

  if (collect)
    {
      text = js_number_to_string (node->count_nodes[which]);
      validation_report (validation, count_info[which].keyword,
                         g_strdup_printf ("must NOT have %s than %s %s",
                                          count_info[which].comparison, text,
                                          count_info[which].unit));
    }
  return FALSE;
}

static gboolean
validate_string (Validation *validation,
                 SchemaNode *node,
                 JsonNode   *instance,
                 gboolean    collect)
{
  const char *value = json_node_get_string (instance);
  gboolean ok = TRUE;

  if (node->counts[COUNT_MAX_LENGTH] >= 0 || node->counts[COUNT_MIN_LENGTH] >= 0)
    {
      /* ajv counts Unicode code points (its ucs2length), not UTF-16 units or bytes. */
      gint64 length = g_utf8_strlen (value, (gssize) strlen (value));

      if (!check_count (validation, node, COUNT_MAX_LENGTH, length, collect))
        {
          if (!collect)
            return FALSE;
          ok = FALSE;
        }
      if (!check_count (validation, node, COUNT_MIN_LENGTH, length, collect))
        {
          if (!collect)
            return FALSE;
          ok = FALSE;
        }
    }

  if (node->pattern != NULL && !ecma_regex_test (node->pattern, value))
    {
      if (!collect)
        return FALSE;
      validation_report (validation, "pattern",
                         g_strdup_printf ("must match pattern \"%s\"", node->pattern_source));
      ok = FALSE;
    }

  if (node->format != NULL && !format_check (node->format, instance, JS_TYPE_STRING))
    {
      if (!collect)
        return FALSE;
      validation_report (validation, "format",
                         g_strdup_printf ("must match format \"%s\"", node->format_name));
      ok = FALSE;
    }

  return ok;
}

/* The pair ajv reports for a duplicate: the last item that repeats an earlier one (@later)
 * and the nearest earlier item equal to it (@earlier). Hashing keeps this O(n). */
static gboolean
find_duplicate (JsonArray *array,
                guint     *earlier,
                guint     *later)
{
  g_autoptr(GHashTable) buckets = NULL;
  guint length = json_array_get_length (array);
  gboolean found = FALSE;

  if (length < 2)
    return FALSE;

  buckets = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_array_unref);
  for (guint i = 0; i < length; i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      gpointer key = GUINT_TO_POINTER (json_hash (item, 0));
      GArray *bucket = g_hash_table_lookup (buckets, key);

      if (bucket == NULL)
        {
          bucket = g_array_new (FALSE, FALSE, sizeof (guint));
          g_hash_table_insert (buckets, key, bucket);
        }

      for (guint k = bucket->len; k > 0; k--)
        {
          guint j = g_array_index (bucket, guint, k - 1);

          if (json_equal (item, json_array_get_element (array, j)))
            {
              *earlier = j;
              *later = i;
              found = TRUE;
              break;
            }
        }
      g_array_append_val (bucket, i);
    }

  return found;
}

static gboolean
validate_array (Validation *validation,
                SchemaNode *node,
                JsonNode   *instance,
                gboolean    collect)
{
  JsonArray *array = json_node_get_array (instance);
  guint length = json_array_get_length (array);
  gboolean ok = TRUE;

#define FAIL() G_STMT_START { ok = FALSE; if (!collect) return FALSE; } G_STMT_END

  if (!check_count (validation, node, COUNT_MAX_ITEMS, length, collect))
    FAIL ();
  if (!check_count (validation, node, COUNT_MIN_ITEMS, length, collect))
    FAIL ();

  if (node->items != NULL)
    {
      for (guint i = 0; i < length; i++)
        {
          gsize mark = validation_push_index (validation, i);
          gboolean item_ok = validate_schema (validation, node->items,
                                              json_array_get_element (array, i), collect);

          validation_pop (validation, mark);
          if (!item_ok)
            FAIL ();
        }
    }
  else if (node->tuple_items != NULL)
    {
      guint n_tuple = node->tuple_items->len;

      for (guint i = 0; i < length && i < n_tuple; i++)
        {
          gsize mark = validation_push_index (validation, i);
          gboolean item_ok = validate_schema (validation,
                                              g_ptr_array_index (node->tuple_items, i),
                                              json_array_get_element (array, i), collect);

          validation_pop (validation, mark);
          if (!item_ok)
            FAIL ();
        }

      if (node->additional_items != NULL && length > n_tuple)
        {
          if (node->additional_items->is_boolean && !node->additional_items->boolean_value)
            {
              if (collect)
                validation_report (validation, "additionalItems",
                                   g_strdup_printf ("must NOT have more than %u items", n_tuple));
              FAIL ();
            }
          else
            for (guint i = n_tuple; i < length; i++)
              {
                gsize mark = validation_push_index (validation, i);
                gboolean item_ok = validate_schema (validation, node->additional_items,
                                                    json_array_get_element (array, i), collect);

                validation_pop (validation, mark);
                if (!item_ok)
                  FAIL ();
              }
        }
    }

  if (node->contains != NULL)
    {
      guint mark = validation->violations->len;
      gboolean found = FALSE;

      /* ajv keeps the items' errors when none matches, and drops them when one does. */
      for (guint i = 0; i < length && !found; i++)
        {
          gsize path_mark = validation_push_index (validation, i);

          found = validate_schema (validation, node->contains,
                                   json_array_get_element (array, i), collect);
          validation_pop (validation, path_mark);
        }

      if (found)
        validation_rewind (validation, mark);
      else
        {
          if (collect)
            validation_report (validation, "contains",
                               g_strdup ("must contain at least 1 valid item(s)"));
          FAIL ();
        }
    }

  if (node->unique_items)
    {
      guint earlier = 0, later = 0;

      if (find_duplicate (array, &earlier, &later))
        {
          if (collect)
            validation_report (validation, "uniqueItems",
                               g_strdup_printf ("must NOT have duplicate items "
                                                "(items ## %u and %u are identical)",
                                                earlier, later));
          FAIL ();
        }
    }

#undef FAIL

  return ok;
}

static gboolean
validate_object (Validation *validation,
                 SchemaNode *node,
                 JsonNode   *instance,
                 gboolean    collect)
{
  JsonObject *object = json_node_get_object (instance);
  gint64 size = json_object_get_size (object);
  gboolean ok = TRUE;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

#define FAIL() G_STMT_START { ok = FALSE; if (!collect) return FALSE; } G_STMT_END

  if (!check_count (validation, node, COUNT_MAX_PROPERTIES, size, collect))
    FAIL ();
  if (!check_count (validation, node, COUNT_MIN_PROPERTIES, size, collect))
    FAIL ();

  if (node->required != NULL)
    for (guint i = 0; i < json_array_get_length (node->required); i++)
      {
        const char *required = json_array_get_string_element (node->required, i);

        if (!json_object_has_member (object, required))
          {
            if (collect)
              validation_report (validation, "required",
                                 g_strdup_printf ("must have required property '%s'", required));
            FAIL ();
          }
      }

  if (node->property_names != NULL)
    {
      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), name);

          if (!validate_schema (validation, node->property_names, key, collect))
            {
              if (collect)
                validation_report (validation, "propertyNames",
                                   g_strdup ("property name must be valid"));
              FAIL ();
            }
        }
    }

  if (node->additional_properties != NULL &&
      !(node->additional_properties->is_boolean && node->additional_properties->boolean_value))
    {
      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          gboolean additional = node->property_index == NULL ||
                                !g_hash_table_contains (node->property_index, name);

          if (additional && node->pattern_properties != NULL)
            for (guint i = 0; i < node->pattern_properties->len && additional; i++)
              {
                PatternSchema *pattern = g_ptr_array_index (node->pattern_properties, i);

                additional = !ecma_regex_test (pattern->regex, name);
              }

          if (!additional)
            continue;

          if (node->additional_properties->is_boolean)
            {
              if (collect)
                validation_report (validation, "additionalProperties",
                                   g_strdup ("must NOT have additional properties"));
              FAIL ();
            }
          else
            {
              gsize mark = validation_push_name (validation, name);
              gboolean member_ok = validate_schema (validation, node->additional_properties,
                                                    member, collect);

              validation_pop (validation, mark);
              if (!member_ok)
                FAIL ();
            }
        }
    }

  if (node->dependencies != NULL)
    {
      /* ajv checks every property dependency first, then the schema dependencies. */
      for (guint i = 0; i < node->dependencies->len; i++)
        {
          Dependency *dependency = g_ptr_array_index (node->dependencies, i);
          guint n_deps;

          if (dependency->required == NULL ||
              !json_object_has_member (object, dependency->name))
            continue;

          n_deps = json_array_get_length (dependency->required);
          for (guint j = 0; j < n_deps; j++)
            if (!json_object_has_member (object,
                                         json_array_get_string_element (dependency->required, j)))
              {
                if (collect)
                  validation_report (validation, "dependencies",
                                     g_strdup_printf ("must have %s %s when property %s is present",
                                                      n_deps == 1 ? "property" : "properties",
                                                      dependency->deps_text,
                                                      dependency->name));
                FAIL ();
              }
        }

      for (guint i = 0; i < node->dependencies->len; i++)
        {
          Dependency *dependency = g_ptr_array_index (node->dependencies, i);

          if (dependency->schema != NULL &&
              json_object_has_member (object, dependency->name) &&
              !validate_schema (validation, dependency->schema, instance, collect))
            FAIL ();
        }
    }

  if (node->properties != NULL)
    for (guint i = 0; i < node->properties->len; i++)
      {
        NamedSchema *named = g_ptr_array_index (node->properties, i);
        gsize mark;
        gboolean member_ok;

        member = json_object_get_member (object, named->name);
        if (member == NULL)
          continue;

        mark = validation_push_name (validation, named->name);
        member_ok = validate_schema (validation, named->schema, member, collect);
        validation_pop (validation, mark);
        if (!member_ok)
          FAIL ();
      }

  if (node->pattern_properties != NULL)
    for (guint i = 0; i < node->pattern_properties->len; i++)
      {
        PatternSchema *pattern = g_ptr_array_index (node->pattern_properties, i);

        json_object_iter_init_ordered (&iter, object);
        while (json_object_iter_next_ordered (&iter, &name, &member))
          {
            gsize mark;
            gboolean member_ok;

            if (!ecma_regex_test (pattern->regex, name))
              continue;

            mark = validation_push_name (validation, name);
            member_ok = validate_schema (validation, pattern->schema, member, collect);
            validation_pop (validation, mark);
            if (!member_ok)
              FAIL ();
          }
      }

#undef FAIL

  return ok;
}

/* The keywords of one object schema, in ajv's order: the type check where ajv puts it,
 * the keywords that apply to any type, then the number, string, array and object groups. */
/* The keywords that apply to one JSON type, validated after the type-independent ones. */
static const struct
{
  guint     type;
  gboolean (*validate) (Validation *validation,
                        SchemaNode *node,
                        JsonNode   *instance,
                        gboolean    collect);
} type_groups[] = {
  { JS_TYPE_NUMBER, validate_number },
  { JS_TYPE_STRING, validate_string },
  { JS_TYPE_ARRAY,  validate_array },
  { JS_TYPE_OBJECT, validate_object },
};

static gboolean
validate_keywords (Validation *validation,
                   SchemaNode *node,
                   JsonNode   *instance,
                   gboolean    collect)
{
  guint types = json_type_of (instance);
  gboolean type_ok = node->types == 0 || (node->types & types) != 0;
  gboolean ok = TRUE;

#define FAIL() G_STMT_START {                   \
    ok = FALSE;                                  \
    if (!collect || validation->aborted)         \
      return FALSE;                              \
  } G_STMT_END

  if (!type_ok && node->late_type_group == 0)
    {
      if (collect)
        report_type (validation, node);
      FAIL ();
    }

  if (node->const_value != NULL && !json_equal (instance, node->const_value))
    {
      if (collect)
        validation_report (validation, "const", g_strdup ("must be equal to constant"));
      FAIL ();
    }

  if (node->enum_values != NULL)
    {
      guint length = json_array_get_length (node->enum_values);
      gboolean found = FALSE;

      for (guint i = 0; i < length && !found; i++)
        found = json_equal (instance, json_array_get_element (node->enum_values, i));
      if (!found)
        {
          if (collect)
            validation_report (validation, "enum",
                               g_strdup ("must be equal to one of the allowed values"));
          FAIL ();
        }
    }

  if (node->not_schema != NULL &&
      validate_schema (validation, node->not_schema, instance, FALSE))
    {
      if (collect)
        validation_report (validation, "not", g_strdup ("must NOT be valid"));
      FAIL ();
    }

  if (node->any_of != NULL)
    {
      guint mark = validation->violations->len;
      gboolean found = FALSE;

      for (guint i = 0; i < node->any_of->len && !found; i++)
        found = validate_schema (validation, g_ptr_array_index (node->any_of, i), instance,
                                 collect);
      if (found)
        validation_rewind (validation, mark);
      else
        {
          if (collect)
            validation_report (validation, "anyOf", g_strdup ("must match a schema in anyOf"));
          FAIL ();
        }
    }

  if (node->one_of != NULL)
    {
      guint mark = validation->violations->len;
      guint passing = 0;

      for (guint i = 0; i < node->one_of->len; i++)
        {
          /* Once one branch passed, only whether another passes matters. */
          gboolean collect_branch = collect && passing == 0;

          if (validate_schema (validation, g_ptr_array_index (node->one_of, i), instance,
                               collect_branch))
            passing++;
          if (passing > 1 || validation->aborted)
            break;
        }
      if (passing == 1)
        validation_rewind (validation, mark);
      else
        {
          if (collect)
            validation_report (validation, "oneOf",
                               g_strdup ("must match exactly one schema in oneOf"));
          FAIL ();
        }
    }

  if (node->all_of != NULL)
    for (guint i = 0; i < node->all_of->len; i++)
      if (!validate_schema (validation, g_ptr_array_index (node->all_of, i), instance, collect))
        FAIL ();

  if (node->if_schema != NULL && (node->then_schema != NULL || node->else_schema != NULL))
    {
      gboolean condition = validate_schema (validation, node->if_schema, instance, FALSE);
      SchemaNode *clause = condition ? node->then_schema : node->else_schema;

      if (clause != NULL && !validate_schema (validation, clause, instance, collect))
        {
          if (collect)
            validation_report (validation, "if",
                               g_strdup_printf ("must match \"%s\" schema",
                                                condition ? "then" : "else"));
          FAIL ();
        }
    }

  /* Each type's keywords, in ajv's order of groups; a wrong type that ajv reports where a
   * group would run (late_type_group, see number_group_keywords) is reported there. */
  for (guint i = 0; i < G_N_ELEMENTS (type_groups); i++)
    {
      if (types & type_groups[i].type)
        {
          if (!type_groups[i].validate (validation, node, instance, collect))
            FAIL ();
        }
      else if (!type_ok && node->late_type_group == type_groups[i].type)
        {
          if (collect)
            report_type (validation, node);
          FAIL ();
        }
    }

#undef FAIL

  return ok;
}

/* Whether @instance satisfies @node. With @collect, every violation found is appended to
 * validation->violations (and at least one whenever the result is FALSE); without it the
 * first failure ends the check. */
static gboolean
validate_schema (Validation *validation,
                 SchemaNode *node,
                 JsonNode   *instance,
                 gboolean    collect)
{
  gboolean ok;

  if (validation->aborted)
    return FALSE;
  if (++validation->steps > validation->max_steps || validation->depth >= MAX_EVAL_DEPTH)
    {
      validation->aborted = TRUE;
      return FALSE;
    }

  if (node->ref != NULL)
    {
      validation->depth++;
      ok = validate_schema (validation, node->ref, instance, collect);
      validation->depth--;
      return ok;
    }

  if (node->is_boolean)
    {
      if (!node->boolean_value && collect)
        validation_report (validation, "false schema", g_strdup ("boolean schema is false"));
      return node->boolean_value;
    }

  validation->depth++;
  ok = validate_keywords (validation, node, instance, collect);
  validation->depth--;
  return ok && !validation->aborted;
}

/* Genkit's ValidationError message (js/core/src/schema.ts). */
static char *
format_genkit_message (GPtrArray *violations,
                       JsonNode  *data,
                       JsonNode  *schema)
{
  GString *message = g_string_new ("Schema validation failed. Parse Errors:\n\n");

  for (guint i = 0; i < violations->len; i++)
    {
      GenkitSchemaViolation *violation = g_ptr_array_index (violations, i);

      if (i > 0)
        g_string_append_c (message, '\n');
      g_string_append_printf (message, "- %s: %s",
                              genkit_schema_violation_get_path (violation),
                              genkit_schema_violation_get_message (violation));
    }

  g_string_append (message, "\n\nProvided data:\n\n");
  js_stringify_pretty (message, data);
  g_string_append (message, "\n\nRequired JSON schema:\n\n");
  js_stringify_pretty (message, schema);

  return g_string_free (message, FALSE);
}

/* --------------------------------------------------------------------------------------
 * GObject
 * ------------------------------------------------------------------------------------ */

static void
genkit_json_schema_finalize (GObject *object)
{
  GenkitJsonSchema *self = GENKIT_JSON_SCHEMA (object);

  g_clear_pointer (&self->nodes, g_ptr_array_unref);
  g_clear_pointer (&self->regexes, g_hash_table_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->schema, json_node_unref);

  G_OBJECT_CLASS (genkit_json_schema_parent_class)->finalize (object);
}

static void
genkit_json_schema_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GenkitJsonSchema *self = GENKIT_JSON_SCHEMA (object);

  switch (prop_id)
    {
    case PROP_SCHEMA:
      g_value_set_boxed (value, self->schema);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_json_schema_class_init (GenkitJsonSchemaClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_json_schema_finalize;
  object_class->get_property = genkit_json_schema_get_property;

  /**
   * GenkitJsonSchema:schema:
   *
   * The schema as JSON: a sealed (immutable) copy of the node given to
   * [ctor@Genkit.JsonSchema.new].
   */
  properties[PROP_SCHEMA] =
    g_param_spec_boxed ("schema", NULL, NULL,
                        JSON_TYPE_NODE,
                        (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_json_schema_init (GenkitJsonSchema *self)
{
  self->nodes = g_ptr_array_new_with_free_func (schema_node_free);
  self->regexes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_regex_unref);
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
}

/**
 * genkit_json_schema_new:
 * @schema: a JSON Schema (draft-07): an object or a boolean
 * @error: return location for a #GError
 *
 * Compiles @schema for validation. @schema is copied, so later changes to it do not
 * affect the compiled schema.
 *
 * Compiling fails with %GENKIT_ERROR_INVALID_ARGUMENT, and a message naming the place in
 * the schema (`Invalid JSON schema at #/properties/count/minimum: must be a number`),
 * when the schema is not usable: it or one of its subschemas is neither an object nor a
 * boolean, a keyword has a value of the wrong type (a negative `minLength`, a `required`
 * that is not an array of distinct strings, an empty `anyOf`...), a `pattern` or
 * `patternProperties` key is not a valid regular expression, a `$ref` cannot be resolved
 * locally (only the draft-07 meta-schema is known beyond the document), two subschemas
 * claim the same `$id`, `$ref`s form a cycle that validation would follow forever without
 * moving into the instance (such as a root `{"$ref": "#"}`), or the schema nests more
 * than 512 levels deep.
 *
 * Returns: (transfer full): the compiled schema, or %NULL with @error set
 */
GenkitJsonSchema *
genkit_json_schema_new (JsonNode  *schema,
                        GError   **error)
{
  g_autoptr(GenkitJsonSchema) self = NULL;

  g_return_val_if_fail (schema != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (GENKIT_TYPE_JSON_SCHEMA, NULL);
  self->schema = json_deep_copy (schema, 0, error);
  if (self->schema == NULL)
    return NULL;
  json_node_seal (self->schema);

  if (!genkit_json_schema_compile (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * genkit_json_schema_get_schema:
 * @self: a [class@Genkit.JsonSchema]
 *
 * The schema @self was compiled from, as JSON. The node is sealed: it cannot be changed.
 *
 * Returns: (transfer none): the schema
 */
JsonNode *
genkit_json_schema_get_schema (GenkitJsonSchema *self)
{
  g_return_val_if_fail (GENKIT_IS_JSON_SCHEMA (self), NULL);

  return self->schema;
}

/**
 * genkit_json_schema_validate:
 * @self: a [class@Genkit.JsonSchema]
 * @instance: the JSON value to check
 * @violations: (out) (optional) (transfer container) (element-type GenkitSchemaViolation):
 *   return location for every violation found, in the order ajv reports them; an empty
 *   array when @instance is valid
 * @error: return location for a #GError
 *
 * Checks @instance against the schema, as Genkit's `parseSchema()` does with ajv.
 *
 * When @instance is invalid, @error is set to %GENKIT_ERROR_INVALID_ARGUMENT with exactly
 * the message of Genkit's `ValidationError`: `Schema validation failed. Parse Errors:`,
 * one `- path: message` line per violation, then the data and the schema as
 * `JSON.stringify (value, null, 2)` writes them.
 *
 * Two limits keep hostile input from exhausting the process. An instance nested more
 * than 256 levels deep is not examined further and gets one violation (keyword `depth`,
 * `must NOT be nested more than 256 levels deep`). A schema whose evaluation would take
 * more than 1,000,000 + 64 × (number of values in @instance) subschema evaluations, or
 * nest them more than 2048 deep, is given up on: @error is then
 * %GENKIT_ERROR_RESOURCE_EXHAUSTED and @violations holds what was found until then.
 *
 * This function may be called from several threads at once.
 *
 * Returns: %TRUE if @instance is valid
 */
gboolean
genkit_json_schema_validate (GenkitJsonSchema  *self,
                             JsonNode          *instance,
                             GPtrArray        **violations,
                             GError           **error)
{
  Validation validation = { 0 };
  gboolean collect = violations != NULL || error != NULL;
  guint64 n_values = 0;
  gboolean valid;

  g_return_val_if_fail (GENKIT_IS_JSON_SCHEMA (self), FALSE);
  g_return_val_if_fail (instance != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  validation.violations =
    g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_schema_violation_unref);
  validation.path = g_string_new (NULL);

  if (!json_measure (instance, &n_values))
    {
      valid = FALSE;
      validation_report (&validation, "depth",
                         g_strdup_printf ("must NOT be nested more than %d levels deep",
                                          MAX_INSTANCE_DEPTH));
    }
  else
    {
      validation.max_steps = BASE_STEPS + STEPS_PER_VALUE * n_values;
      valid = validate_schema (&validation, self->root, instance, collect);
    }

  if (validation.aborted)
    {
      valid = FALSE;
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_RESOURCE_EXHAUSTED,
                   "Schema validation gave up: the schema needs more than %" G_GUINT64_FORMAT
                   " subschema evaluations or more than %d nested ones for this input",
                   validation.max_steps, MAX_EVAL_DEPTH);
    }
  else if (!valid && error != NULL)
    {
      g_autofree char *message = format_genkit_message (validation.violations, instance,
                                                        self->schema);

      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, message);
    }

  if (violations != NULL)
    *violations = g_steal_pointer (&validation.violations);
  g_clear_pointer (&validation.violations, g_ptr_array_unref);
  g_string_free (validation.path, TRUE);

  return valid;
}

/**
 * genkit_json_schema_validate_node:
 * @schema: a JSON Schema (draft-07)
 * @instance: the JSON value to check
 * @error: return location for a #GError
 *
 * Compiles @schema and validates @instance against it in one go, for a schema used once.
 * Keep a [class@Genkit.JsonSchema] around instead when validating repeatedly.
 *
 * Errors are those of [ctor@Genkit.JsonSchema.new] (the schema is unusable) and of
 * [method@Genkit.JsonSchema.validate] (the instance is invalid).
 *
 * Returns: %TRUE if @schema compiles and @instance is valid
 */
gboolean
genkit_json_schema_validate_node (JsonNode  *schema,
                                  JsonNode  *instance,
                                  GError   **error)
{
  g_autoptr(GenkitJsonSchema) compiled = NULL;

  g_return_val_if_fail (schema != NULL, FALSE);
  g_return_val_if_fail (instance != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  compiled = genkit_json_schema_new (schema, error);
  if (compiled == NULL)
    return FALSE;

  return genkit_json_schema_validate (compiled, instance, NULL, error);
}
