/* genkit-dotprompt.c — Dotprompt: render .prompt templates to prompt metadata and messages
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt.h"
#include "genkit-dotprompt-json-private.h"
#include "genkit-dotprompt-private.h"
#include "genkit-yaml-private.h"

/**
 * GenkitDotprompt:
 *
 * A Dotprompt environment, the C counterpart of the `Dotprompt` class of
 * google/dotprompt (js/src/dotprompt.ts): helpers, partials, tools, schemas and resolvers,
 * with `render()` and `renderMetadata()` producing the same objects.
 *
 * Templates are Handlebars compiled with `noEscape` and `knownHelpersOnly`, with Dotprompt's
 * helpers (`role`, `history`, `section`, `media`, `json`, `ifEquals`, `unlessEquals`) next to
 * Handlebars' built-ins. A render's root context is `{...options.input.default,
 * ...data.input}`; its data variables are `@metadata.prompt` (the prompt's metadata),
 * `@metadata.docs`, `@metadata.messages` and every key of `data.context` (`@state`,
 * `@auth`, …).
 *
 * ```c
 * g_autoptr(GenkitDotprompt) dotprompt = genkit_dotprompt_new ();
 * g_autoptr(GenkitParsedPrompt) prompt =
 *   genkit_parsed_prompt_new_from_file ("prompts/greet.prompt", 0, &error);
 * g_autoptr(JsonObject) data = json_object_new ();  // {"input": {"name": "Ann"}}
 * g_autoptr(JsonObject) rendered = NULL;
 *
 * ...
 * rendered = genkit_dotprompt_render (dotprompt, prompt, data, NULL, &error);
 * // {"ext": {}, "metadata": {}, "config": {...}, "model": "...", "raw": {...},
 * //  "messages": [{"role": "system", "content": [{"text": "..."}]}, ...]}
 * ```
 *
 * An environment is not thread-safe; use it from one thread.
 */

typedef struct
{
  gpointer        func;
  gpointer        data;
  GDestroyNotify  destroy;
} Resolver;

struct _GenkitDotprompt
{
  GObject           parent_instance;

  GenkitHandlebars *handlebars;
  GenkitPicoschema *picoschema;
  char             *default_model;
  GHashTable       *model_configs;  /* model → JsonObject */
  GHashTable       *tools;          /* name → JsonObject */
  GPtrArray        *tool_order;     /* names, in definition order */
  GHashTable       *schemas;        /* name → JsonNode */
  Resolver          tool_resolver;
  Resolver          schema_resolver;
  Resolver          partial_resolver;
};

G_DEFINE_FINAL_TYPE (GenkitDotprompt, genkit_dotprompt, G_TYPE_OBJECT)

/**
 * genkit_dotprompt_error_quark:
 *
 * The quark of the [const@Genkit.DOTPROMPT_ERROR] domain.
 *
 * Returns: the error domain's quark
 */
G_DEFINE_QUARK (genkit-dotprompt-error-quark, genkit_dotprompt_error)

static void
resolver_clear (Resolver *resolver)
{
  if (resolver->destroy != NULL)
    resolver->destroy (resolver->data);
  memset (resolver, 0, sizeof *resolver);
}

static void
genkit_dotprompt_finalize (GObject *object)
{
  GenkitDotprompt *self = GENKIT_DOTPROMPT (object);

  g_clear_object (&self->handlebars);
  g_clear_object (&self->picoschema);
  g_free (self->default_model);
  g_clear_pointer (&self->model_configs, g_hash_table_unref);
  g_clear_pointer (&self->tools, g_hash_table_unref);
  g_clear_pointer (&self->tool_order, g_ptr_array_unref);
  g_clear_pointer (&self->schemas, g_hash_table_unref);
  resolver_clear (&self->tool_resolver);
  resolver_clear (&self->schema_resolver);
  resolver_clear (&self->partial_resolver);

  G_OBJECT_CLASS (genkit_dotprompt_parent_class)->finalize (object);
}

static void
genkit_dotprompt_class_init (GenkitDotpromptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_dotprompt_finalize;
}

/* wrappedSchemaResolver(): defined schemas first, then the resolver. */
static JsonNode *
wrapped_schema_resolver (const char  *name,
                         gpointer     user_data,
                         GError     **error)
{
  GenkitDotprompt *self = user_data;
  JsonNode *schema = g_hash_table_lookup (self->schemas, name);

  if (schema != NULL)
    return _genkit_js_node_copy (schema);
  if (self->schema_resolver.func != NULL)
    return ((GenkitSchemaResolverFunc) self->schema_resolver.func) (name,
                                                                    self->schema_resolver.data,
                                                                    error);
  return NULL;
}

static void
genkit_dotprompt_init (GenkitDotprompt *self)
{
  self->handlebars = genkit_handlebars_new ();
  genkit_handlebars_set_no_escape (self->handlebars, TRUE);
  genkit_handlebars_set_known_helpers_only (self->handlebars, TRUE);
  _genkit_dotprompt_register_helpers (self->handlebars);

  self->picoschema = genkit_picoschema_new ();
  genkit_picoschema_set_resolver (self->picoschema, wrapped_schema_resolver, self, NULL);

  self->model_configs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) json_object_unref);
  self->tools = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) json_object_unref);
  self->tool_order = g_ptr_array_new_with_free_func (g_free);
  self->schemas = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) json_node_unref);
}

/**
 * genkit_dotprompt_new:
 *
 * Creates an environment with Dotprompt's helpers and no partials, tools or schemas.
 *
 * Returns: (transfer full): a new environment
 */
GenkitDotprompt *
genkit_dotprompt_new (void)
{
  return g_object_new (GENKIT_TYPE_DOTPROMPT, NULL);
}

/**
 * genkit_dotprompt_get_handlebars:
 * @self: a [class@Genkit.Dotprompt]
 *
 * The Handlebars environment templates compile in (`noEscape` and `knownHelpersOnly` on).
 *
 * Returns: (transfer none): the environment
 */
GenkitHandlebars *
genkit_dotprompt_get_handlebars (GenkitDotprompt *self)
{
  g_return_val_if_fail (GENKIT_IS_DOTPROMPT (self), NULL);

  return self->handlebars;
}

/**
 * genkit_dotprompt_get_picoschema:
 * @self: a [class@Genkit.Dotprompt]
 *
 * The Picoschema converter, which resolves names with the defined schemas and the schema
 * resolver.
 *
 * Returns: (transfer none): the converter
 */
GenkitPicoschema *
genkit_dotprompt_get_picoschema (GenkitDotprompt *self)
{
  g_return_val_if_fail (GENKIT_IS_DOTPROMPT (self), NULL);

  return self->picoschema;
}

/**
 * genkit_dotprompt_get_default_model:
 * @self: a [class@Genkit.Dotprompt]
 *
 * The model used for a prompt that names none (Dotprompt's `defaultModel`).
 *
 * Returns: (transfer none) (nullable): the model name
 */
const char *
genkit_dotprompt_get_default_model (GenkitDotprompt *self)
{
  g_return_val_if_fail (GENKIT_IS_DOTPROMPT (self), NULL);

  return self->default_model;
}

/**
 * genkit_dotprompt_set_default_model:
 * @self: a [class@Genkit.Dotprompt]
 * @model: (nullable): a model name
 *
 * Sets the model whose configuration applies to prompts that name no model.
 */
void
genkit_dotprompt_set_default_model (GenkitDotprompt *self,
                                    const char      *model)
{
  g_return_if_fail (GENKIT_IS_DOTPROMPT (self));

  g_free (self->default_model);
  self->default_model = g_strdup (model);
}

/**
 * genkit_dotprompt_set_model_config:
 * @self: a [class@Genkit.Dotprompt]
 * @model: a model name
 * @config: (nullable): its default configuration, or %NULL to remove it
 *
 * Sets a model's default configuration (Dotprompt's `modelConfigs`): a prompt for @model
 * gets @config with its own `config` merged over it. @config is copied.
 */
void
genkit_dotprompt_set_model_config (GenkitDotprompt *self,
                                   const char      *model,
                                   JsonObject      *config)
{
  g_return_if_fail (GENKIT_IS_DOTPROMPT (self));
  g_return_if_fail (model != NULL);

  if (config == NULL)
    g_hash_table_remove (self->model_configs, model);
  else
    g_hash_table_replace (self->model_configs, g_strdup (model), _genkit_js_object_copy (config));
}

/**
 * genkit_dotprompt_define_helper:
 * @self: a [class@Genkit.Dotprompt]
 * @name: the helper's name
 * @func: (scope notified): the helper
 * @user_data: (closure func): data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Registers a template helper (Dotprompt's `defineHelper()`); it becomes a known helper.
 */
void
genkit_dotprompt_define_helper (GenkitDotprompt            *self,
                                const char                 *name,
                                GenkitHandlebarsHelperFunc  func,
                                gpointer                    user_data,
                                GDestroyNotify              destroy)
{
  g_return_if_fail (GENKIT_IS_DOTPROMPT (self));

  genkit_handlebars_register_helper (self->handlebars, name, func, user_data, destroy);
}

/**
 * genkit_dotprompt_define_partial:
 * @self: a [class@Genkit.Dotprompt]
 * @name: the partial's name (`{{> name}}`)
 * @source: its template
 * @filename: (nullable): the file it comes from, for error messages
 *
 * Registers a partial (Dotprompt's `definePartial()`).
 */
void
genkit_dotprompt_define_partial (GenkitDotprompt *self,
                                 const char      *name,
                                 const char      *source,
                                 const char      *filename)
{
  g_return_if_fail (GENKIT_IS_DOTPROMPT (self));

  genkit_handlebars_register_partial (self->handlebars, name, source, filename);
}

/**
 * genkit_dotprompt_define_tool:
 * @self: a [class@Genkit.Dotprompt]
 * @definition: a tool definition with at least a string `name`
 *
 * Registers a tool definition (Dotprompt's `defineTool()`): prompts listing its name get it
 * in `toolDefs` instead of `tools`. @definition is copied.
 */
void
genkit_dotprompt_define_tool (GenkitDotprompt *self,
                              JsonObject      *definition)
{
  const char *name;

  g_return_if_fail (GENKIT_IS_DOTPROMPT (self));
  g_return_if_fail (definition != NULL);

  name = json_object_get_string_member_with_default (definition, "name", NULL);
  g_return_if_fail (name != NULL);

  if (!g_hash_table_contains (self->tools, name))
    g_ptr_array_add (self->tool_order, g_strdup (name));
  g_hash_table_replace (self->tools, g_strdup (name), _genkit_js_object_copy (definition));
}

/**
 * genkit_dotprompt_define_schema:
 * @self: a [class@Genkit.Dotprompt]
 * @name: the schema's name, as Picoschema uses it
 * @schema: a JSON Schema
 *
 * Registers a named schema (Dotprompt's `schemas` option). @schema is copied.
 */
void
genkit_dotprompt_define_schema (GenkitDotprompt *self,
                                const char      *name,
                                JsonNode        *schema)
{
  g_return_if_fail (GENKIT_IS_DOTPROMPT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (schema != NULL);

  g_hash_table_replace (self->schemas, g_strdup (name), _genkit_js_node_copy (schema));
}

static void
resolver_set (Resolver       *resolver,
              gpointer        func,
              gpointer        data,
              GDestroyNotify  destroy)
{
  resolver_clear (resolver);
  resolver->func = func;
  resolver->data = data;
  resolver->destroy = destroy;
}

/**
 * genkit_dotprompt_set_tool_resolver:
 * @self: a [class@Genkit.Dotprompt]
 * @resolver: (nullable) (scope notified): finds tool definitions by name
 * @user_data: (closure resolver): data for @resolver
 * @destroy: (nullable): frees @user_data
 *
 * Sets how tools that are not defined are found. Without a resolver they stay in `tools`;
 * with one, a tool it does not find fails the render.
 */
void
genkit_dotprompt_set_tool_resolver (GenkitDotprompt        *self,
                                    GenkitToolResolverFunc  resolver,
                                    gpointer                user_data,
                                    GDestroyNotify          destroy)
{
  g_return_if_fail (GENKIT_IS_DOTPROMPT (self));

  resolver_set (&self->tool_resolver, resolver, user_data, destroy);
}

/**
 * genkit_dotprompt_set_schema_resolver:
 * @self: a [class@Genkit.Dotprompt]
 * @resolver: (nullable) (scope notified): finds schemas by name
 * @user_data: (closure resolver): data for @resolver
 * @destroy: (nullable): frees @user_data
 *
 * Sets how named schemas that are not defined are found.
 */
void
genkit_dotprompt_set_schema_resolver (GenkitDotprompt          *self,
                                      GenkitSchemaResolverFunc  resolver,
                                      gpointer                  user_data,
                                      GDestroyNotify            destroy)
{
  g_return_if_fail (GENKIT_IS_DOTPROMPT (self));

  resolver_set (&self->schema_resolver, resolver, user_data, destroy);
}

/**
 * genkit_dotprompt_set_partial_resolver:
 * @self: a [class@Genkit.Dotprompt]
 * @resolver: (nullable) (scope notified): finds partial sources by name
 * @user_data: (closure resolver): data for @resolver
 * @destroy: (nullable): frees @user_data
 *
 * Sets how partials that are not defined are found before a template renders; partials they
 * include are resolved in turn (each name once).
 */
void
genkit_dotprompt_set_partial_resolver (GenkitDotprompt           *self,
                                       GenkitPartialResolverFunc  resolver,
                                       gpointer                   user_data,
                                       GDestroyNotify             destroy)
{
  g_return_if_fail (GENKIT_IS_DOTPROMPT (self));

  resolver_set (&self->partial_resolver, resolver, user_data, destroy);
}

/* Metadata ------------------------------------------------------------------------------ */

static JsonNode *
object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

/* out = {...out, ...merge}; out.config = {...(out.config || {}), ...(merge.config || {})} */
static void
merge_metadata (JsonObject *out,
                JsonObject *merge)
{
  JsonNode *original_config = json_object_get_member (out, "config");
  g_autoptr(JsonNode) original = original_config != NULL ? _genkit_js_node_copy (original_config) : NULL;
  g_autoptr(GPtrArray) keys = _genkit_js_object_keys (merge);
  JsonObject *config = json_object_new ();

  for (guint i = 0; i < keys->len; i++)
    _genkit_js_object_set (out, keys->pdata[i],
                           _genkit_js_node_copy (json_object_get_member (merge, keys->pdata[i])));

  if (_genkit_js_truthy (original))
    _genkit_js_object_spread (config, original);
  if (_genkit_js_truthy (json_object_get_member (merge, "config")))
    _genkit_js_object_spread (config, json_object_get_member (merge, "config"));
  _genkit_js_object_set (out, "config", object_node (config));
}

/* resolveTools() */
static gboolean
resolve_tools (GenkitDotprompt  *self,
               JsonObject       *out,
               GError          **error)
{
  JsonNode *tools = json_object_get_member (out, "tools");
  JsonNode *tool_defs = json_object_get_member (out, "toolDefs");
  JsonArray *defs;
  JsonArray *unregistered;

  if (!_genkit_js_truthy (tools))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (tools))
    {
      g_set_error_literal (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_INVALID,
                           "tools must be a list of tool names");
      return FALSE;
    }

  if (_genkit_js_truthy (tool_defs) && JSON_NODE_HOLDS_ARRAY (tool_defs))
    defs = json_array_ref (json_node_get_array (tool_defs));
  else
    defs = json_array_new ();
  unregistered = json_array_new ();

  for (guint i = 0; i < json_array_get_length (json_node_get_array (tools)); i++)
    {
      JsonNode *name_node = json_array_get_element (json_node_get_array (tools), i);
      g_autofree char *name = _genkit_js_to_string (name_node);
      JsonObject *def = g_hash_table_lookup (self->tools, name);

      if (def != NULL)
        {
          json_array_add_object_element (defs, _genkit_js_object_copy (def));
        }
      else if (self->tool_resolver.func != NULL)
        {
          g_autoptr(GError) local_error = NULL;
          JsonObject *resolved;

          resolved = ((GenkitToolResolverFunc) self->tool_resolver.func) (name,
                                                                          self->tool_resolver.data,
                                                                          &local_error);
          if (resolved == NULL)
            {
              json_array_unref (defs);
              json_array_unref (unregistered);
              if (local_error != NULL)
                g_propagate_error (error, g_steal_pointer (&local_error));
              else
                g_set_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_TOOL_NOT_FOUND,
                             "Dotprompt: Unable to resolve tool '%s' to a recognized tool "
                             "definition.", name);
              return FALSE;
            }
          json_array_add_element (defs, object_node (resolved));
        }
      else
        {
          json_array_add_element (unregistered, _genkit_js_node_copy (name_node));
        }
    }

  {
    JsonNode *defs_node = json_node_new (JSON_NODE_ARRAY);
    JsonNode *tools_node = json_node_new (JSON_NODE_ARRAY);

    json_node_take_array (defs_node, defs);
    _genkit_js_object_set (out, "toolDefs", defs_node);
    json_node_take_array (tools_node, unregistered);
    _genkit_js_object_set (out, "tools", tools_node);
  }
  return TRUE;
}

/* renderPicoschema() for `input` or `output` */
static gboolean
render_schema (GenkitDotprompt     *self,
               JsonObject          *out,
               const char          *member,
               GenkitParsedPrompt  *prompt,
               gboolean             from_frontmatter,
               GError             **error)
{
  JsonNode *holder = json_object_get_member (out, member);
  JsonObject *copy;
  g_autofree char *pointer = g_strdup_printf ("/%s/schema", member);
  g_autoptr(GError) local_error = NULL;
  JsonNode *schema;

  if (holder == NULL || !JSON_NODE_HOLDS_OBJECT (holder) ||
      !_genkit_js_truthy (json_object_get_member (json_node_get_object (holder), "schema")))
    return TRUE;

  /* newMeta[member] = {...meta[member]} */
  copy = json_object_new ();
  _genkit_js_object_spread (copy, holder);
  schema = _genkit_picoschema_parse_full (self->picoschema,
                                          json_object_get_member (copy, "schema"),
                                          from_frontmatter ? prompt : NULL, pointer,
                                          &local_error);
  if (local_error != NULL)
    {
      json_object_unref (copy);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (schema != NULL)
    json_object_set_member (copy, "schema", schema);
  _genkit_js_object_set (out, member, object_node (copy));
  return TRUE;
}

static const char *
string_or_null (JsonNode *node)
{
  if (_genkit_js_kind (node) == GENKIT_JS_STRING && json_node_get_string (node)[0] != '\0')
    return json_node_get_string (node);
  return NULL;
}

/**
 * genkit_dotprompt_render_metadata:
 * @self: a [class@Genkit.Dotprompt]
 * @prompt: a parsed prompt
 * @options: (nullable): metadata that overrides the prompt's (`PromptMetadata`), such as
 *   `{"model": …, "config": {…}, "input": {"default": {…}}}`
 * @error: return location for a %GENKIT_DOTPROMPT_ERROR
 *
 * The prompt's resolved metadata, as Dotprompt's `renderMetadata()` gives it: the model's
 * configured defaults, the prompt's metadata and @options merged in that order (each level
 * shallow, `config` merged key by key), without `template`, tools resolved (known ones move
 * to `toolDefs`), input and output schemas turned from Picoschema into JSON Schema.
 *
 * Returns: (transfer full) (nullable): the metadata, or %NULL with @error set
 */
JsonObject *
genkit_dotprompt_render_metadata (GenkitDotprompt     *self,
                                  GenkitParsedPrompt  *prompt,
                                  JsonObject          *options,
                                  GError             **error)
{
  JsonObject *parsed;
  g_autoptr(JsonObject) out = json_object_new ();
  const char *model;
  JsonObject *model_config;

  g_return_val_if_fail (GENKIT_IS_DOTPROMPT (self), NULL);
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (prompt), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parsed = genkit_parsed_prompt_get_metadata (prompt);

  /* additionalMetadata?.model || parsedSource.model || this.defaultModel */
  model = options != NULL ? string_or_null (json_object_get_member (options, "model")) : NULL;
  if (model == NULL)
    model = string_or_null (json_object_get_member (parsed, "model"));
  if (model == NULL)
    model = self->default_model;

  if (model != NULL && (model_config = g_hash_table_lookup (self->model_configs, model)) != NULL)
    json_object_set_object_member (out, "config", _genkit_js_object_copy (model_config));

  merge_metadata (out, parsed);
  if (options != NULL)
    merge_metadata (out, options);

  json_object_remove_member (out, "template");

  if (!resolve_tools (self, out, error))
    return NULL;
  if (!render_schema (self, out, "input", prompt,
                      options == NULL || !json_object_has_member (options, "input"), error))
    return NULL;
  if (!render_schema (self, out, "output", prompt,
                      options == NULL || !json_object_has_member (options, "output"), error))
    return NULL;

  return g_steal_pointer (&out);
}

/* Rendering ----------------------------------------------------------------------------- */

/* resolvePartials(): partials the template includes and nobody defined, from the resolver,
 * recursively, each name once. */
static gboolean
resolve_partials (GenkitDotprompt  *self,
                  const char       *source,
                  const char       *filename,
                  guint             first_line,
                  guint             first_column,
                  GHashTable       *visited,
                  GError          **error)
{
  g_autoptr(GPtrArray) names = NULL;

  if (self->partial_resolver.func == NULL)
    return TRUE;

  names = _genkit_handlebars_parse_partial_names (self->handlebars, source, filename,
                                                  first_line, first_column, error);
  if (names == NULL)
    return FALSE;

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];
      g_autoptr(GError) local_error = NULL;
      g_autofree char *content = NULL;
      g_autofree char *partial_file = NULL;

      if (genkit_handlebars_has_partial (self->handlebars, name) ||
          g_hash_table_contains (visited, name))
        continue;
      g_hash_table_add (visited, g_strdup (name));

      content = ((GenkitPartialResolverFunc) self->partial_resolver.func) (name,
                                                                          self->partial_resolver.data,
                                                                          &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (content == NULL || content[0] == '\0')
        continue;

      partial_file = g_strdup_printf ("<partial %s>", name);
      genkit_handlebars_register_partial (self->handlebars, name, content, partial_file);
      if (!resolve_partials (self, content, partial_file, 1, 1, visited, error))
        return FALSE;
    }
  return TRUE;
}

/**
 * genkit_dotprompt_render:
 * @self: a [class@Genkit.Dotprompt]
 * @prompt: a parsed prompt
 * @data: (nullable): the `DataArgument`: `input` (the variables), `context` (data
 *   variables such as `state` and `auth`), `messages` (the history), `docs`
 * @options: (nullable): render options (`PromptMetadata`); as in Dotprompt, only
 *   `input.default` is used here: default values under the input
 * @error: return location for a %GENKIT_DOTPROMPT_ERROR or %GENKIT_HANDLEBARS_ERROR (with
 *   the file, line and column of the failing tag)
 *
 * Renders a prompt as Dotprompt's `render()` does: the prompt's metadata
 * ([method@Genkit.Dotprompt.render_metadata] without options, less `input`) plus
 * `messages`, the rendered template split by [func@Genkit.dotprompt_to_messages].
 *
 * Returns: (transfer full) (nullable): the rendered prompt, or %NULL with @error set
 */
JsonObject *
genkit_dotprompt_render (GenkitDotprompt     *self,
                         GenkitParsedPrompt  *prompt,
                         JsonObject          *data,
                         JsonObject          *options,
                         GError             **error)
{
  g_autoptr(GHashTable) visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GenkitHandlebarsTemplate) template = NULL;
  g_autoptr(JsonObject) metadata = NULL;
  g_autoptr(JsonNode) context = NULL;
  g_autoptr(JsonObject) frame = json_object_new ();
  g_autofree char *rendered = NULL;
  JsonObject *result;
  JsonArray *messages;

  g_return_val_if_fail (GENKIT_IS_DOTPROMPT (self), NULL);
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (prompt), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!resolve_partials (self, genkit_parsed_prompt_get_template (prompt),
                         genkit_parsed_prompt_get_filename (prompt),
                         genkit_parsed_prompt_get_template_line (prompt),
                         genkit_parsed_prompt_get_template_column (prompt), visited, error))
    return NULL;

  if (!(template = _genkit_parsed_prompt_get_compiled (prompt, self->handlebars, error)))
    return NULL;

  if (!(metadata = genkit_dotprompt_render_metadata (self, prompt, NULL, error)))
    return NULL;
  json_object_remove_member (metadata, "input");

  /* {...(options?.input?.default || {}), ...data.input} */
  {
    JsonObject *root = json_object_new ();
    JsonNode *options_input = options != NULL ? json_object_get_member (options, "input") : NULL;

    if (options_input != NULL && JSON_NODE_HOLDS_OBJECT (options_input))
      {
        JsonNode *defaults = json_object_get_member (json_node_get_object (options_input),
                                                     "default");

        if (_genkit_js_truthy (defaults))
          _genkit_js_object_spread_shared (root, defaults);
      }
    if (data != NULL)
      _genkit_js_object_spread_shared (root, json_object_get_member (data, "input"));
    context = object_node (root);
  }

  /* data: {metadata: {prompt, docs, messages}, ...data.context} */
  {
    JsonObject *meta = json_object_new ();
    JsonNode *docs = data != NULL ? json_object_get_member (data, "docs") : NULL;
    JsonNode *history = data != NULL ? json_object_get_member (data, "messages") : NULL;

    json_object_set_object_member (meta, "prompt", json_object_ref (metadata));
    if (docs != NULL)
      json_object_set_member (meta, "docs", _genkit_js_node_copy (docs));
    if (history != NULL)
      json_object_set_member (meta, "messages", _genkit_js_node_copy (history));
    json_object_set_object_member (frame, "metadata", meta);
    if (data != NULL)
      _genkit_js_object_spread_shared (frame, json_object_get_member (data, "context"));
  }

  if (!(rendered = genkit_handlebars_template_render (template, context, frame, error)))
    return NULL;

  if (!(messages = genkit_dotprompt_to_messages (rendered, data, error)))
    return NULL;

  result = json_object_ref (metadata);
  json_object_set_array_member (result, "messages", messages);
  return result;
}

/**
 * genkit_dotprompt_render_source:
 * @self: a [class@Genkit.Dotprompt]
 * @source: the text of a `.prompt` file
 * @data: (nullable): the data argument, as for [method@Genkit.Dotprompt.render]
 * @options: (nullable): render options, as for [method@Genkit.Dotprompt.render]
 * @error: return location for an error
 *
 * Parses @source and renders it (Dotprompt's `render(source, data, options)`).
 *
 * Returns: (transfer full) (nullable): the rendered prompt, or %NULL with @error set
 */
JsonObject *
genkit_dotprompt_render_source (GenkitDotprompt  *self,
                                const char       *source,
                                JsonObject       *data,
                                JsonObject       *options,
                                GError          **error)
{
  g_autoptr(GenkitParsedPrompt) prompt = NULL;

  g_return_val_if_fail (GENKIT_IS_DOTPROMPT (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);

  if (!(prompt = genkit_parsed_prompt_new_from_string (source, -1, NULL, GENKIT_PARSED_PROMPT_NONE,
                                                       error)))
    return NULL;
  return genkit_dotprompt_render (self, prompt, data, options, error);
}
