/* genkit-ai-schemas.c — the JSON Schemas Genkit publishes for models, generate, tools and retrieval
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"

/* The JavaScript runtime describes its AI actions with JSON Schemas that zod-to-json-schema
 * generates from the Zod types of `js/ai/src/parts.ts`, `model-types.ts`, `document.ts`,
 * `embedder.ts`, `retriever.ts` and `reranker.ts`. A Dev UI builds its forms from them, so we
 * publish the same documents, byte for byte in structure.
 *
 * zod-to-json-schema writes a Zod schema object the first time it meets it and a `$ref` to
 * that first place every later time (its "seen" strategy). The builder below does the same:
 * each shared Zod instance has an id; the first use records its JSON pointer, later uses get
 * `{"$ref": "#<pointer>"}`. The ids, the property order and the optional/required split follow
 * the Zod definitions, and the result is checked against the captured `/api/actions`. */

typedef struct
{
  GHashTable *seen;   /* instance id → JSON pointer of its first use */
} Builder;

static void
builder_init (Builder *b)
{
  b->seen = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
}

static void
builder_clear (Builder *b)
{
  g_clear_pointer (&b->seen, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Builder, builder_clear)

/* %NULL when @id is used for the first time (and records @path), else a `$ref` to it. */
static JsonNode *
seen (Builder    *b,
      const char *id,
      const char *path)
{
  const char *first = g_hash_table_lookup (b->seen, id);
  JsonObject *ref;
  g_autofree char *pointer = NULL;

  if (first == NULL)
    {
      g_hash_table_insert (b->seen, (char *) id, g_strdup (path));
      return NULL;
    }
  ref = json_object_new ();
  pointer = g_strconcat ("#", first, NULL);
  json_object_set_string_member (ref, "$ref", pointer);
  return _gk_node_take_object (ref);
}

#define SEEN(b, id, path) G_STMT_START {                  \
    JsonNode *seen_ref_ = seen ((b), (id), (path));       \
    if (seen_ref_ != NULL)                                \
      return seen_ref_;                                   \
  } G_STMT_END

static char *
child (const char *path,
       const char *segment)
{
  return g_strconcat (path, "/", segment, NULL);
}

static JsonNode *
literal (const char *json)
{
  return _gk_parse_literal (json);
}

static JsonNode *
type_only (const char *type)
{
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "type", type);
  return _gk_node_take_object (object);
}

/* An object schema under construction: `type`, `properties`, `required`,
 * `additionalProperties: true`, in zod-to-json-schema's order. */
typedef struct
{
  JsonObject *object;
  JsonObject *properties;
  JsonArray  *required;
  char       *path;
} ObjectSchema;

static void
object_begin (ObjectSchema *o,
              const char   *path)
{
  o->object = json_object_new ();
  json_object_set_string_member (o->object, "type", "object");
  o->properties = json_object_new ();
  o->required = json_array_new ();
  o->path = g_strdup (path);
}

/* The pointer of property @name, for building its schema. */
static char *
object_prop_path (ObjectSchema *o,
                  const char   *name)
{
  return g_strconcat (o->path, "/properties/", name, NULL);
}

static void
object_add (ObjectSchema *o,
            const char   *name,
            JsonNode     *schema,
            gboolean      required)
{
  json_object_set_member (o->properties, name, schema);
  if (required)
    json_array_add_string_element (o->required, name);
}

static JsonNode *
object_end (ObjectSchema *o)
{
  json_object_set_object_member (o->object, "properties", o->properties);
  if (json_array_get_length (o->required) > 0)
    json_object_set_array_member (o->object, "required", o->required);
  else
    json_array_unref (o->required);
  json_object_set_boolean_member (o->object, "additionalProperties", TRUE);
  g_free (o->path);
  return _gk_node_take_object (o->object);
}

/* Builds a schema at JSON pointer `path` (or a `$ref` to where it was built first). */
typedef JsonNode *(*SchemaFunc) (Builder    *b,
                                 const char *path);

static JsonNode *
array_of (const char *path,
          Builder    *b,
          SchemaFunc  items)
{
  JsonObject *object = json_object_new ();
  g_autofree char *items_path = child (path, "items");

  json_object_set_string_member (object, "type", "array");
  json_object_set_member (object, "items", items (b, items_path));
  return _gk_node_take_object (object);
}

/* Most properties are a shared schema (or an array of one) built at the property's own
 * pointer, so that a later use of the same schema can `$ref` it there: these two add such a
 * property in one step instead of spelling out the pointer at every use. */
static void
object_add_built (ObjectSchema *o,
                  const char   *name,
                  Builder      *b,
                  SchemaFunc    schema,
                  gboolean      required)
{
  g_autofree char *path = object_prop_path (o, name);

  object_add (o, name, schema (b, path), required);
}

static void
object_add_array (ObjectSchema *o,
                  const char   *name,
                  Builder      *b,
                  SchemaFunc    items,
                  gboolean      required)
{
  g_autofree char *path = object_prop_path (o, name);

  object_add (o, name, array_of (path, b, items), required);
}

/* Parts ------------------------------------------------------------------------------------- */

static const char * const part_keys[] = {
  "text", "media", "toolRequest", "toolResponse", "data", "metadata", "custom", "reasoning",
  "resource",
};

static JsonNode *
empty_part_property (Builder    *b,
                     const char *key,
                     const char *path)
{
  g_autofree char *id = g_strconcat ("EmptyPart.", key, NULL);
  const char *interned = g_intern_string (id);

  SEEN (b, interned, path);
  if (g_str_equal (key, "data"))
    return literal ("{}");
  if (g_str_equal (key, "metadata") || g_str_equal (key, "custom"))
    return literal ("{\"type\":\"object\",\"additionalProperties\":{}}");
  return literal ("{\"not\":{}}");
}

static JsonNode *
media_schema (Builder    *b,
              const char *path)
{
  ObjectSchema o;

  SEEN (b, "Media", path);
  object_begin (&o, path);
  object_add (&o, "contentType", type_only ("string"), FALSE);
  object_add (&o, "url", type_only ("string"), TRUE);
  return object_end (&o);
}

static JsonNode *
tool_request_schema (Builder    *b,
                     const char *path)
{
  ObjectSchema o;

  SEEN (b, "ToolRequest", path);
  object_begin (&o, path);
  object_add (&o, "ref", type_only ("string"), FALSE);
  object_add (&o, "name", type_only ("string"), TRUE);
  object_add (&o, "input", literal ("{}"), FALSE);
  object_add (&o, "partial", type_only ("boolean"), FALSE);
  return object_end (&o);
}

static JsonNode *
tool_response_schema (Builder    *b,
                      const char *path)
{
  ObjectSchema o;

  SEEN (b, "ToolResponse", path);
  object_begin (&o, path);
  object_add (&o, "ref", type_only ("string"), FALSE);
  object_add (&o, "name", type_only ("string"), TRUE);
  object_add (&o, "output", literal ("{}"), FALSE);
  object_add (&o, "content", type_only ("array"), FALSE);
  return object_end (&o);
}

static JsonNode *
resource_schema (Builder    *b,
                 const char *path)
{
  ObjectSchema o;

  SEEN (b, "Resource", path);
  object_begin (&o, path);
  object_add (&o, "uri", type_only ("string"), TRUE);
  return object_end (&o);
}

/* One member of the Part union: every key of EmptyPartSchema, with @own replaced. */
static JsonNode *
part_variant (Builder    *b,
              const char *path,
              const char *id,
              const char *own,
              gboolean    own_required)
{
  ObjectSchema o;

  SEEN (b, id, path);
  object_begin (&o, path);
  for (guint i = 0; i < G_N_ELEMENTS (part_keys); i++)
    {
      const char *key = part_keys[i];
      g_autofree char *prop_path = object_prop_path (&o, key);
      JsonNode *schema;

      if (g_strcmp0 (key, own) != 0)
        schema = empty_part_property (b, key, prop_path);
      else if (g_str_equal (key, "text") || g_str_equal (key, "reasoning"))
        schema = type_only ("string");
      else if (g_str_equal (key, "media"))
        schema = media_schema (b, prop_path);
      else if (g_str_equal (key, "toolRequest"))
        schema = tool_request_schema (b, prop_path);
      else if (g_str_equal (key, "toolResponse"))
        schema = tool_response_schema (b, prop_path);
      else if (g_str_equal (key, "data"))
        schema = literal ("{}");
      else if (g_str_equal (key, "custom"))
        schema = literal ("{\"type\":\"object\",\"additionalProperties\":{}}");
      else
        schema = resource_schema (b, prop_path);
      object_add (&o, key, schema, g_strcmp0 (key, own) == 0 && own_required);
    }
  return object_end (&o);
}

static JsonNode *
part_schema (Builder    *b,
             const char *path)
{
  static const struct { const char *id; const char *own; gboolean required; } variants[] = {
    { "TextPart", "text", TRUE },
    { "MediaPart", "media", TRUE },
    { "ToolRequestPart", "toolRequest", TRUE },
    { "ToolResponsePart", "toolResponse", TRUE },
    { "DataPart", "data", FALSE },
    { "CustomPart", "custom", TRUE },
    { "ReasoningPart", "reasoning", TRUE },
    { "ResourcePart", "resource", TRUE },
  };
  JsonObject *object;
  JsonArray *any_of;

  SEEN (b, "Part", path);
  object = json_object_new ();
  any_of = json_array_new ();
  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *index = g_strdup_printf ("%u", i);
      g_autofree char *any_of_path = child (path, "anyOf");
      g_autofree char *variant_path = child (any_of_path, index);

      json_array_add_element (any_of, part_variant (b, variant_path, variants[i].id,
                                                    variants[i].own, variants[i].required));
    }
  json_object_set_array_member (object, "anyOf", any_of);
  return _gk_node_take_object (object);
}

static JsonNode *
parts_array (Builder    *b,
             const char *path)
{
  return array_of (path, b, part_schema);
}

/* Messages and documents ----------------------------------------------------------------- */

static JsonNode *
role_schema (Builder    *b,
             const char *path)
{
  SEEN (b, "Role", path);
  return literal ("{\"type\":\"string\",\"enum\":[\"system\",\"user\",\"model\",\"tool\"]}");
}

static JsonNode *
message_schema (Builder    *b,
                const char *path)
{
  ObjectSchema o;

  SEEN (b, "Message", path);
  object_begin (&o, path);
  object_add_built (&o, "role", b, role_schema, TRUE);
  object_add_built (&o, "content", b, parts_array, TRUE);
  object_add (&o, "metadata", literal ("{\"type\":\"object\",\"additionalProperties\":{}}"), FALSE);
  return object_end (&o);
}

static JsonNode *
document_schema (Builder    *b,
                 const char *path)
{
  ObjectSchema o;

  SEEN (b, "Document", path);
  object_begin (&o, path);
  object_add_built (&o, "content", b, parts_array, TRUE);
  object_add (&o, "metadata", literal ("{\"type\":\"object\",\"additionalProperties\":{}}"), FALSE);
  return object_end (&o);
}

/* Requests and responses ------------------------------------------------------------------ */

static JsonNode *
tool_definition_schema (Builder    *b,
                        const char *path)
{
  ObjectSchema o;

  SEEN (b, "ToolDefinition", path);
  object_begin (&o, path);
  object_add (&o, "name", type_only ("string"), TRUE);
  object_add (&o, "key", type_only ("string"), FALSE);
  object_add (&o, "description", type_only ("string"), TRUE);
  object_add (&o, "inputSchema", literal (
    "{\"anyOf\":[{\"type\":\"object\",\"additionalProperties\":{},"
    "\"description\":\"Valid JSON Schema representing the input of the tool.\"},{\"type\":\"null\"}],"
    "\"description\":\"Valid JSON Schema representing the input of the tool.\"}"), FALSE);
  object_add (&o, "outputSchema", literal (
    "{\"anyOf\":[{\"type\":\"object\",\"additionalProperties\":{},"
    "\"description\":\"Valid JSON Schema describing the output of the tool.\"},{\"type\":\"null\"}],"
    "\"description\":\"Valid JSON Schema describing the output of the tool.\"}"), FALSE);
  object_add (&o, "metadata", literal (
    "{\"type\":\"object\",\"additionalProperties\":{},"
    "\"description\":\"additional metadata for this tool definition\"}"), FALSE);
  return object_end (&o);
}

static JsonNode *
tool_choice_schema (void)
{
  return literal ("{\"type\":\"string\",\"enum\":[\"auto\",\"required\",\"none\"]}");
}

static JsonNode *
output_config_schema (Builder    *b,
                      const char *path)
{
  ObjectSchema o;

  SEEN (b, "OutputConfig", path);
  object_begin (&o, path);
  object_add (&o, "format", type_only ("string"), FALSE);
  object_add (&o, "schema", literal ("{\"type\":\"object\",\"additionalProperties\":{}}"), FALSE);
  object_add (&o, "constrained", type_only ("boolean"), FALSE);
  object_add (&o, "contentType", type_only ("string"), FALSE);
  return object_end (&o);
}

static JsonNode *
request_schema (Builder    *b,
                const char *path)
{
  ObjectSchema o;

  SEEN (b, "GenerateRequest", path);
  object_begin (&o, path);
  object_add_array (&o, "messages", b, message_schema, TRUE);
  object_add (&o, "config", literal ("{}"), FALSE);
  object_add_array (&o, "tools", b, tool_definition_schema, FALSE);
  object_add (&o, "toolChoice", tool_choice_schema (), FALSE);
  object_add_built (&o, "output", b, output_config_schema, FALSE);
  object_add_array (&o, "docs", b, document_schema, FALSE);
  object_add (&o, "candidates", type_only ("number"), FALSE);
  return object_end (&o);
}

static JsonNode *
finish_reason_schema (Builder    *b,
                      const char *path)
{
  SEEN (b, "FinishReason", path);
  return literal ("{\"type\":\"string\",\"enum\":[\"stop\",\"length\",\"blocked\",\"aborted\","
                  "\"failed\",\"interrupted\",\"other\",\"unknown\"]}");
}

static JsonNode *
usage_schema (Builder    *b,
              const char *path)
{
  static const char * const before_custom[] = {
    "inputTokens", "outputTokens", "totalTokens", "inputCharacters", "outputCharacters",
    "inputImages", "outputImages", "inputVideos", "outputVideos", "inputAudioFiles",
    "outputAudioFiles",
  };
  ObjectSchema o;

  SEEN (b, "GenerationUsage", path);
  object_begin (&o, path);
  for (guint i = 0; i < G_N_ELEMENTS (before_custom); i++)
    object_add (&o, before_custom[i], type_only ("number"), FALSE);
  object_add (&o, "custom", literal ("{\"type\":\"object\",\"additionalProperties\":{\"type\":\"number\"}}"), FALSE);
  object_add (&o, "thoughtsTokens", type_only ("number"), FALSE);
  object_add (&o, "cachedContentTokens", type_only ("number"), FALSE);
  return object_end (&o);
}

static JsonNode *
operation_schema (Builder    *b,
                  const char *path)
{
  ObjectSchema o;

  SEEN (b, "Operation", path);
  object_begin (&o, path);
  object_add (&o, "action", type_only ("string"), FALSE);
  object_add (&o, "id", type_only ("string"), TRUE);
  object_add (&o, "done", type_only ("boolean"), FALSE);
  object_add (&o, "output", literal ("{}"), FALSE);
  object_add (&o, "error", literal ("{\"type\":\"object\",\"properties\":{\"message\":{\"type\":\"string\"}},"
                                    "\"required\":[\"message\"],\"additionalProperties\":true}"), FALSE);
  object_add (&o, "metadata", literal ("{\"type\":\"object\",\"additionalProperties\":{}}"), FALSE);
  return object_end (&o);
}

static JsonNode *
candidate_schema (Builder    *b,
                  const char *path)
{
  ObjectSchema o;

  SEEN (b, "Candidate", path);
  object_begin (&o, path);
  object_add (&o, "index", type_only ("number"), TRUE);
  object_add_built (&o, "message", b, message_schema, TRUE);
  object_add_built (&o, "usage", b, usage_schema, FALSE);
  object_add_built (&o, "finishReason", b, finish_reason_schema, TRUE);
  object_add (&o, "finishMessage", type_only ("string"), FALSE);
  object_add (&o, "custom", literal ("{}"), FALSE);
  return object_end (&o);
}

static JsonNode *
response_schema (Builder    *b,
                 const char *path)
{
  ObjectSchema o;

  object_begin (&o, path);
  object_add_built (&o, "message", b, message_schema, FALSE);
  object_add_built (&o, "finishReason", b, finish_reason_schema, FALSE);
  object_add (&o, "finishMessage", type_only ("string"), FALSE);
  object_add (&o, "latencyMs", type_only ("number"), FALSE);
  object_add_built (&o, "usage", b, usage_schema, FALSE);
  object_add (&o, "custom", literal ("{}"), FALSE);
  object_add (&o, "raw", literal ("{}"), FALSE);
  object_add_built (&o, "request", b, request_schema, FALSE);
  object_add_built (&o, "operation", b, operation_schema, FALSE);
  object_add_array (&o, "candidates", b, candidate_schema, FALSE);
  return object_end (&o);
}

/* A top-level document: what `toJsonSchema` returns, `$schema` last. */
static JsonNode *
finish_root (JsonNode *schema)
{
  json_object_set_string_member (json_node_get_object (schema), "$schema",
                                 "http://json-schema.org/draft-07/schema#");
  return schema;
}

JsonNode *
_genkit_schema_generate_request (void)
{
  g_auto(Builder) b = { 0 };

  builder_init (&b);
  return finish_root (request_schema (&b, ""));
}

JsonNode *
_genkit_schema_generate_response (void)
{
  g_auto(Builder) b = { 0 };

  builder_init (&b);
  return finish_root (response_schema (&b, ""));
}

JsonNode *
_genkit_schema_generate_response_chunk (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add_built (&o, "role", &b, role_schema, FALSE);
  object_add (&o, "index", type_only ("number"), FALSE);
  object_add_built (&o, "content", &b, parts_array, TRUE);
  object_add (&o, "custom", literal ("{}"), FALSE);
  object_add (&o, "aggregated", type_only ("boolean"), FALSE);
  return finish_root (object_end (&o));
}

static JsonNode *
part_variant_ref (Builder    *b,
                  const char *path,
                  const char *id)
{
  /* Only reached after the Part union was written, so always a reference. */
  JsonNode *ref = seen (b, id, path);

  g_assert (ref != NULL);
  return ref;
}

static JsonNode *
tool_response_part_ref (Builder    *b,
                        const char *path)
{
  return part_variant_ref (b, path, "ToolResponsePart");
}

static JsonNode *
tool_request_part_ref (Builder    *b,
                       const char *path)
{
  return part_variant_ref (b, path, "ToolRequestPart");
}

static JsonNode *
string_schema (Builder    *b,
               const char *path)
{
  return type_only ("string");
}

static JsonNode *
middleware_ref_schema (Builder    *b,
                       const char *path)
{
  ObjectSchema o;

  object_begin (&o, path);
  object_add (&o, "name", type_only ("string"), TRUE);
  object_add (&o, "config", literal ("{}"), FALSE);
  return object_end (&o);
}

JsonNode *
_genkit_schema_generate_action_options (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o, resume;
  g_autofree char *resume_path = NULL;

  builder_init (&b);
  object_begin (&o, "");
  object_add (&o, "model", type_only ("string"), FALSE);
  object_add_array (&o, "docs", &b, document_schema, FALSE);
  object_add_array (&o, "messages", &b, message_schema, TRUE);
  object_add_array (&o, "tools", &b, string_schema, FALSE);
  object_add_array (&o, "resources", &b, string_schema, FALSE);
  object_add (&o, "toolChoice", tool_choice_schema (), FALSE);
  object_add (&o, "config", literal ("{}"), FALSE);
  object_add (&o, "output", literal (
    "{\"type\":\"object\",\"properties\":{\"format\":{\"type\":\"string\"},"
    "\"contentType\":{\"type\":\"string\"},\"instructions\":{\"type\":[\"boolean\",\"string\"]},"
    "\"jsonSchema\":{},\"constrained\":{\"type\":\"boolean\"}},\"additionalProperties\":true}"), FALSE);

  resume_path = object_prop_path (&o, "resume");
  object_begin (&resume, resume_path);
  object_add_array (&resume, "respond", &b, tool_response_part_ref, FALSE);
  object_add_array (&resume, "restart", &b, tool_request_part_ref, FALSE);
  object_add (&resume, "metadata", literal ("{\"type\":\"object\",\"additionalProperties\":{}}"), FALSE);
  object_add (&o, "resume", object_end (&resume), FALSE);

  object_add (&o, "returnToolRequests", type_only ("boolean"), FALSE);
  object_add (&o, "maxTurns", type_only ("number"), FALSE);
  object_add (&o, "stepName", type_only ("string"), FALSE);
  object_add_array (&o, "use", &b, middleware_ref_schema, FALSE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_multipart_tool_response (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add (&o, "output", literal ("{}"), FALSE);
  object_add_built (&o, "content", &b, parts_array, FALSE);
  object_add (&o, "metadata", literal ("{\"type\":\"object\",\"additionalProperties\":{}}"), FALSE);
  return finish_root (object_end (&o));
}

/* The options schema as a nested property: without its own `$schema`. */
static JsonNode *
options_property (JsonNode *options_schema)
{
  JsonNode *copy;

  if (options_schema == NULL)
    return literal ("{}");
  copy = _gk_node_copy (options_schema);
  if (JSON_NODE_HOLDS_OBJECT (copy))
    json_object_remove_member (json_node_get_object (copy), "$schema");
  return copy;
}

JsonNode *
_genkit_schema_embed_request (JsonNode *options_schema)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add_array (&o, "input", &b, document_schema, TRUE);
  object_add (&o, "options", options_property (options_schema), FALSE);
  return finish_root (object_end (&o));
}

static JsonNode *
embedding_schema (Builder    *b,
                  const char *path)
{
  ObjectSchema o;

  object_begin (&o, path);
  object_add (&o, "embedding", literal ("{\"type\":\"array\",\"items\":{\"type\":\"number\"}}"), TRUE);
  object_add (&o, "metadata", literal ("{\"type\":\"object\",\"additionalProperties\":{}}"), FALSE);
  return object_end (&o);
}

JsonNode *
_genkit_schema_embed_response (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add_array (&o, "embeddings", &b, embedding_schema, TRUE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_retriever_request (JsonNode *options_schema)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add_built (&o, "query", &b, document_schema, TRUE);
  object_add (&o, "options", options_property (options_schema), FALSE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_retriever_response (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add_array (&o, "documents", &b, document_schema, TRUE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_indexer_request (JsonNode *options_schema)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add_array (&o, "documents", &b, document_schema, TRUE);
  object_add (&o, "options", options_property (options_schema), FALSE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_reranker_request (JsonNode *options_schema)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add_built (&o, "query", &b, document_schema, TRUE);
  object_add_array (&o, "documents", &b, document_schema, TRUE);
  object_add (&o, "options", options_property (options_schema), FALSE);
  return finish_root (object_end (&o));
}

static JsonNode *
ranked_document_schema (Builder    *b,
                        const char *path)
{
  ObjectSchema o;

  object_begin (&o, path);
  object_add_built (&o, "content", b, parts_array, TRUE);
  object_add (&o, "metadata", literal ("{\"type\":\"object\",\"properties\":{\"score\":{\"type\":\"number\"}},"
                                       "\"required\":[\"score\"],\"additionalProperties\":true}"), TRUE);
  return object_end (&o);
}

JsonNode *
_genkit_schema_reranker_response (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add_array (&o, "documents", &b, ranked_document_schema, TRUE);
  return finish_root (object_end (&o));
}

/* Agents (js/ai/src/agent-types.ts) ---------------------------------------------------------- */

static JsonNode *
finish_reason_enum_schema (void)
{
  return literal ("{\"type\":\"string\",\"enum\":[\"stop\",\"length\",\"blocked\",\"interrupted\","
                  "\"other\",\"unknown\",\"aborted\",\"detached\",\"failed\"]}");
}

static JsonNode *
snapshot_status_enum_schema (void)
{
  return literal ("{\"type\":\"string\",\"enum\":[\"pending\",\"completed\",\"aborted\",\"failed\","
                  "\"expired\"]}");
}

static JsonNode *
runtime_error_schema (void)
{
  return literal ("{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"string\"},"
                  "\"message\":{\"type\":\"string\"},\"details\":{}},\"required\":[\"message\"],"
                  "\"additionalProperties\":true}");
}

static JsonNode *
artifact_schema (Builder    *b,
                 const char *path)
{
  ObjectSchema o;

  SEEN (b, "Artifact", path);
  object_begin (&o, path);
  object_add (&o, "name", type_only ("string"), FALSE);
  object_add_built (&o, "parts", b, parts_array, TRUE);
  object_add (&o, "metadata", literal ("{\"type\":\"object\",\"additionalProperties\":{}}"), FALSE);
  return object_end (&o);
}

static JsonNode *
session_state_schema (Builder    *b,
                      const char *path)
{
  ObjectSchema o;

  SEEN (b, "SessionState", path);
  object_begin (&o, path);
  object_add (&o, "sessionId", type_only ("string"), FALSE);
  object_add_array (&o, "messages", b, message_schema, FALSE);
  object_add (&o, "custom", literal ("{}"), FALSE);
  object_add_array (&o, "artifacts", b, artifact_schema, FALSE);
  return object_end (&o);
}

JsonNode *
_genkit_schema_agent_input (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o, resume;
  g_autofree char *resume_path = NULL;

  builder_init (&b);
  object_begin (&o, "");
  object_add_built (&o, "message", &b, message_schema, FALSE);
  resume_path = object_prop_path (&o, "resume");
  object_begin (&resume, resume_path);
  object_add_array (&resume, "respond", &b, tool_response_part_ref, FALSE);
  object_add_array (&resume, "restart", &b, tool_request_part_ref, FALSE);
  object_add (&o, "resume", object_end (&resume), FALSE);
  object_add (&o, "detach", type_only ("boolean"), FALSE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_agent_init (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add (&o, "snapshotId", type_only ("string"), FALSE);
  object_add (&o, "sessionId", type_only ("string"), FALSE);
  object_add_built (&o, "state", &b, session_state_schema, FALSE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_agent_output (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add (&o, "sessionId", type_only ("string"), FALSE);
  object_add (&o, "snapshotId", type_only ("string"), FALSE);
  object_add_built (&o, "state", &b, session_state_schema, FALSE);
  object_add_built (&o, "message", &b, message_schema, FALSE);
  object_add_array (&o, "artifacts", &b, artifact_schema, FALSE);
  object_add (&o, "finishReason", finish_reason_enum_schema (), FALSE);
  object_add (&o, "error", runtime_error_schema (), FALSE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_agent_snapshot_request (void)
{
  ObjectSchema o;

  object_begin (&o, "");
  object_add (&o, "snapshotId", type_only ("string"), FALSE);
  object_add (&o, "sessionId", type_only ("string"), FALSE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_session_snapshot (void)
{
  g_auto(Builder) b = { 0 };
  ObjectSchema o;

  builder_init (&b);
  object_begin (&o, "");
  object_add (&o, "snapshotId", type_only ("string"), TRUE);
  object_add (&o, "sessionId", type_only ("string"), FALSE);
  object_add (&o, "parentId", type_only ("string"), FALSE);
  object_add (&o, "createdAt", type_only ("string"), TRUE);
  object_add (&o, "updatedAt", type_only ("string"), FALSE);
  object_add (&o, "heartbeatAt", type_only ("string"), FALSE);
  object_add (&o, "status", snapshot_status_enum_schema (), FALSE);
  object_add (&o, "finishReason", finish_reason_enum_schema (), FALSE);
  object_add (&o, "error", runtime_error_schema (), FALSE);
  object_add_built (&o, "state", &b, session_state_schema, FALSE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_agent_abort_request (void)
{
  ObjectSchema o;

  object_begin (&o, "");
  object_add (&o, "snapshotId", type_only ("string"), TRUE);
  return finish_root (object_end (&o));
}

JsonNode *
_genkit_schema_agent_abort_response (void)
{
  ObjectSchema o;

  object_begin (&o, "");
  object_add (&o, "snapshotId", type_only ("string"), TRUE);
  object_add (&o, "status", snapshot_status_enum_schema (), FALSE);
  return finish_root (object_end (&o));
}
