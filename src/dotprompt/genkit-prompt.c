/* genkit-prompt.c — a .prompt file as Genkit's /prompt and /executable-prompt actions
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt.h"
#include "genkit-dotprompt-json-private.h"
#include "genkit-dotprompt-private.h"
#include "genkit-prompt.h"

/**
 * GenkitPrompt:
 *
 * A prompt loaded from a `.prompt` file, the way Genkit's `loadPromptFolder()`
 * (js/ai/src/prompt.ts) defines one: two actions, `/prompt/NAME` — whose output is the
 * rendered `GenerateRequest` — and `/executable-prompt/NAME` — whose output is the rendered
 * `GenerateActionOptions` — with the metadata the JavaScript runtime publishes:
 *
 * ```json
 * {"type": "prompt",
 *  "prompt": {"ext": {}, "metadata": {}, "config": {…}, "model": "…", "input": {"schema": …},
 *             "output": {…}, "raw": {…}, "use": [], "template": "…", "name": "greet",
 *             "variant": "formal", "tools": []},
 *  "metadata": {…the frontmatter's metadata…}}
 * ```
 *
 * A file `greet.formal.prompt` is the prompt `greet`, variant `formal`, registered as
 * `greet.formal`; files in sub-directories are named by their path (`sub/greet`); files
 * named `_NAME.prompt` are partials. [func@Genkit.prompt_load_directory] loads a whole
 * directory.
 *
 * [method@Genkit.Prompt.render] renders the template into generate options (messages, model,
 * config, tools, output, …); [method@Genkit.Prompt.generate_async] renders and generates with
 * the model, as calling an executable prompt does in Genkit.
 */

struct _GenkitPrompt
{
  GObject             parent_instance;

  GenkitDotprompt    *dotprompt;
  GenkitParsedPrompt *parsed;
  GenkitParsedPrompt *template_only;  /* the body alone, as Genkit compiles `messages` */
  char               *name;           /* registered name: [ns/]name[.variant] */
  char               *base_name;
  char               *variant;
  JsonObject         *prompt_metadata; /* renderMetadata() of the file, computed once */
};

G_DEFINE_FINAL_TYPE (GenkitPrompt, genkit_prompt, G_TYPE_OBJECT)

static void
genkit_prompt_finalize (GObject *object)
{
  GenkitPrompt *self = GENKIT_PROMPT (object);

  g_clear_object (&self->dotprompt);
  g_clear_object (&self->parsed);
  g_clear_object (&self->template_only);
  g_free (self->name);
  g_free (self->base_name);
  g_free (self->variant);
  g_clear_pointer (&self->prompt_metadata, json_object_unref);

  G_OBJECT_CLASS (genkit_prompt_parent_class)->finalize (object);
}

static void
genkit_prompt_class_init (GenkitPromptClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_prompt_finalize;
}

static void
genkit_prompt_init (GenkitPrompt *self)
{
}

/**
 * genkit_prompt_new:
 * @dotprompt: the Dotprompt environment it renders in (partials, helpers, schemas)
 * @parsed: the parsed `.prompt` file
 * @name: the prompt's name (`greet`, `sub/greet`)
 * @variant: (nullable): its variant (`formal`)
 * @ns: (nullable): a namespace to register it under (`ns/greet`), or %NULL
 *
 * Makes a prompt of a parsed file. Its registered name is `[NS/]NAME[.VARIANT]`.
 *
 * Returns: (transfer full): the prompt
 */
GenkitPrompt *
genkit_prompt_new (GenkitDotprompt    *dotprompt,
                   GenkitParsedPrompt *parsed,
                   const char         *name,
                   const char         *variant,
                   const char         *ns)
{
  GenkitPrompt *self;

  g_return_val_if_fail (GENKIT_IS_DOTPROMPT (dotprompt), NULL);
  g_return_val_if_fail (GENKIT_IS_PARSED_PROMPT (parsed), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  self = g_object_new (GENKIT_TYPE_PROMPT, NULL);
  self->dotprompt = g_object_ref (dotprompt);
  self->parsed = g_object_ref (parsed);
  self->template_only = _genkit_parsed_prompt_new_template_only (parsed);
  self->base_name = g_strdup (name);
  self->variant = variant != NULL && variant[0] != '\0' ? g_strdup (variant) : NULL;
  /* registryDefinitionKey() */
  self->name = g_strdup_printf ("%s%s%s%s%s",
                                ns != NULL && ns[0] != '\0' ? ns : "",
                                ns != NULL && ns[0] != '\0' ? "/" : "",
                                name,
                                self->variant != NULL ? "." : "",
                                self->variant != NULL ? self->variant : "");
  return self;
}

/* loadPrompt()'s naming: `greet.formal` is greet, variant formal (pieces past the second
 * dropped). */
static void
split_variant (const char  *full,
               char       **name,
               char       **variant)
{
  g_auto(GStrv) pieces = g_strsplit (full, ".", -1);

  if (pieces[1] == NULL)
    {
      *name = g_strdup (full);
      *variant = NULL;
      return;
    }
  *name = g_strdup (pieces[0]);
  *variant = g_strdup (pieces[1]);
}

/**
 * genkit_prompt_new_from_file:
 * @dotprompt: the Dotprompt environment
 * @path: a `.prompt` file
 * @ns: (nullable): a namespace, or %NULL
 * @error: return location for an error: a #GFileError, or a %GENKIT_DOTPROMPT_ERROR with the
 *   file, line and column
 *
 * Reads one `.prompt` file; its name and variant come from the file name.
 *
 * Returns: (transfer full) (nullable): the prompt, or %NULL with @error set
 */
GenkitPrompt *
genkit_prompt_new_from_file (GenkitDotprompt  *dotprompt,
                             const char       *path,
                             const char       *ns,
                             GError          **error)
{
  g_autoptr(GenkitParsedPrompt) parsed = NULL;
  g_autofree char *base = NULL;
  g_autofree char *name = NULL;
  g_autofree char *variant = NULL;

  g_return_val_if_fail (GENKIT_IS_DOTPROMPT (dotprompt), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(parsed = genkit_parsed_prompt_new_from_file (path, GENKIT_PARSED_PROMPT_NONE, error)))
    return NULL;

  base = g_path_get_basename (path);
  if (g_str_has_suffix (base, ".prompt"))
    base[strlen (base) - strlen (".prompt")] = '\0';
  split_variant (base, &name, &variant);
  return genkit_prompt_new (dotprompt, parsed, name, variant, ns);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
load_directory (GenkitDotprompt  *dotprompt,
                GenkitRegistry   *registry,
                const char       *root,
                const char       *sub_dir,
                const char       *ns,
                GPtrArray        *prompts,
                GError          **error)
{
  g_autofree char *dir_path = sub_dir[0] != '\0' ? g_build_filename (root, sub_dir, NULL)
                                                 : g_strdup (root);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *entry;

  if (!(dir = g_dir_open (dir_path, 0, error)))
    return FALSE;
  while ((entry = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (entry));
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *file_name = names->pdata[i];
      g_autofree char *path = g_build_filename (dir_path, file_name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_autofree char *child = sub_dir[0] != '\0' ? g_strconcat (sub_dir, "/", file_name, NULL)
                                                      : g_strdup (file_name);

          if (!load_directory (dotprompt, registry, root, child, ns, prompts, error))
            return FALSE;
          continue;
        }

      if (!g_str_has_suffix (file_name, ".prompt") || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;

      if (file_name[0] == '_')
        {
          /* A partial: the whole file, named without `_` and `.prompt`. */
          g_autofree char *contents = NULL;
          g_autofree char *partial_name = g_strndup (file_name + 1,
                                                     strlen (file_name) - 1 - strlen (".prompt"));

          if (!g_file_get_contents (path, &contents, NULL, error))
            return FALSE;
          genkit_dotprompt_define_partial (dotprompt, partial_name, contents, path);
        }
      else
        {
          g_autoptr(GenkitParsedPrompt) parsed = NULL;
          g_autoptr(GenkitPrompt) prompt = NULL;
          g_autofree char *full = g_strndup (file_name, strlen (file_name) - strlen (".prompt"));
          g_autofree char *prefixed = sub_dir[0] != '\0' ? g_strconcat (sub_dir, "/", full, NULL)
                                                         : g_strdup (full);
          g_autofree char *name = NULL;
          g_autofree char *variant = NULL;

          if (!(parsed = genkit_parsed_prompt_new_from_file (path, GENKIT_PARSED_PROMPT_NONE, error)))
            return FALSE;
          split_variant (prefixed, &name, &variant);
          prompt = genkit_prompt_new (dotprompt, parsed, name, variant, ns);
          g_ptr_array_add (prompts, g_steal_pointer (&prompt));
        }
    }
  return TRUE;
}

/**
 * genkit_prompt_load_directory:
 * @dotprompt: the Dotprompt environment the prompts render in
 * @registry: (nullable): the registry to register the prompts' actions in, or %NULL to only
 *   load them
 * @directory: the prompt directory (Genkit's `promptDir`, `./prompts` by default)
 * @ns: (nullable): a namespace for the prompts' names, or %NULL (Genkit uses none)
 * @error: return location for an error: the first file that cannot be read, parsed or
 *   registered, with its file, line and column where it has one
 *
 * Loads a prompt directory as Genkit's `loadPromptFolder()` does: every `NAME.prompt` below
 * @directory, sub-directories included, is a prompt named by its path (`sub/greet`) with its
 * variant (`greet.formal.prompt`); every `_NAME.prompt` is the partial `NAME` (the whole
 * file). Files are taken in name order. A directory that does not exist holds no prompts.
 *
 * Returns: (transfer full) (element-type GenkitPrompt): the prompts, or %NULL with @error set
 */
GPtrArray *
genkit_prompt_load_directory (GenkitDotprompt  *dotprompt,
                              GenkitRegistry   *registry,
                              const char       *directory,
                              const char       *ns,
                              GError          **error)
{
  g_autoptr(GPtrArray) prompts = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (GENKIT_IS_DOTPROMPT (dotprompt), NULL);
  g_return_val_if_fail (registry == NULL || GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (directory != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&prompts);

  if (!load_directory (dotprompt, registry, directory, "", ns, prompts, error))
    return NULL;

  if (registry != NULL)
    for (guint i = 0; i < prompts->len; i++)
      if (!genkit_prompt_register (prompts->pdata[i], registry, error))
        return NULL;

  return g_steal_pointer (&prompts);
}

/**
 * genkit_prompt_get_name:
 * @self: a [class@Genkit.Prompt]
 *
 * The registered name: `[NS/]NAME[.VARIANT]`, the last part of the action keys.
 *
 * Returns: (transfer none): the name
 */
const char *
genkit_prompt_get_name (GenkitPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PROMPT (self), NULL);

  return self->name;
}

/**
 * genkit_prompt_get_variant:
 * @self: a [class@Genkit.Prompt]
 *
 * The prompt's variant, from a file name like `greet.formal.prompt`.
 *
 * Returns: (transfer none) (nullable): the variant
 */
const char *
genkit_prompt_get_variant (GenkitPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PROMPT (self), NULL);

  return self->variant;
}

/**
 * genkit_prompt_get_parsed:
 * @self: a [class@Genkit.Prompt]
 *
 * The parsed `.prompt` file.
 *
 * Returns: (transfer none): the parsed prompt
 */
GenkitParsedPrompt *
genkit_prompt_get_parsed (GenkitPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PROMPT (self), NULL);

  return self->parsed;
}

/**
 * genkit_prompt_get_dotprompt:
 * @self: a [class@Genkit.Prompt]
 *
 * The Dotprompt environment the prompt renders in.
 *
 * Returns: (transfer none): the environment
 */
GenkitDotprompt *
genkit_prompt_get_dotprompt (GenkitPrompt *self)
{
  g_return_val_if_fail (GENKIT_IS_PROMPT (self), NULL);

  return self->dotprompt;
}

/* Metadata ------------------------------------------------------------------------------- */

/* The file's renderMetadata(), with the variant (loadPrompt()'s promptMetadata2). */
static JsonObject *
prompt_metadata (GenkitPrompt  *self,
                 GError       **error)
{
  if (self->prompt_metadata == NULL)
    {
      JsonObject *metadata = genkit_dotprompt_render_metadata (self->dotprompt, self->parsed, NULL,
                                                               error);

      if (metadata == NULL)
        return NULL;
      if (self->variant != NULL)
        json_object_set_string_member (metadata, "variant", self->variant);
      self->prompt_metadata = metadata;
    }
  return self->prompt_metadata;
}

static JsonNode *
raw_member (JsonObject *metadata,
            const char *key)
{
  JsonNode *raw = json_object_get_member (metadata, "raw");

  if (raw == NULL || !JSON_NODE_HOLDS_OBJECT (raw))
    return NULL;
  return json_object_get_member (json_node_get_object (raw), key);
}

static JsonNode *
sub_member (JsonObject *metadata,
            const char *member,
            const char *key)
{
  JsonNode *holder = json_object_get_member (metadata, member);

  if (holder == NULL || !JSON_NODE_HOLDS_OBJECT (holder))
    return NULL;
  return json_object_get_member (json_node_get_object (holder), key);
}

static JsonNode *
array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

/* toMiddlewareMetadata() over a `use` list: names become {name}, {name, config} objects
 * keep both, anything else is dropped. */
static JsonArray *
middleware_metadata (JsonNode *use)
{
  JsonArray *out = json_array_new ();

  if (use == NULL || !JSON_NODE_HOLDS_ARRAY (use))
    return out;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (use)); i++)
    {
      JsonNode *entry = json_array_get_element (json_node_get_array (use), i);

      if (_genkit_js_kind (entry) == GENKIT_JS_STRING)
        {
          JsonObject *ref = json_object_new ();

          json_object_set_string_member (ref, "name", json_node_get_string (entry));
          json_array_add_object_element (out, ref);
        }
      else if (JSON_NODE_HOLDS_OBJECT (entry) &&
               _genkit_js_truthy (json_object_get_member (json_node_get_object (entry), "name")))
        {
          JsonObject *from = json_node_get_object (entry);
          JsonObject *ref = json_object_new ();
          JsonNode *config = json_object_get_member (from, "config");

          json_object_set_member (ref, "name", _genkit_js_node_copy (json_object_get_member (from, "name")));
          if (config != NULL)
            json_object_set_member (ref, "config", _genkit_js_node_copy (config));
          json_array_add_object_element (out, ref);
        }
    }
  return out;
}

/**
 * genkit_prompt_get_action_metadata:
 * @self: a [class@Genkit.Prompt]
 * @error: return location for an error (the prompt's metadata cannot be resolved: a bad
 *   Picoschema, with the file's line and column)
 *
 * The `metadata` of the prompt's action descriptors, as Genkit's `loadPrompt()` and
 * `promptMetadata()` build it (protocol 5.4): `type` is `prompt`; `prompt` holds the
 * resolved metadata (`ext`, `metadata`, `config`, `model`, `description`, `input` (`schema`
 * only), `output`, `raw`, …) with `use`, `toolChoice`, `template`, `name` (without the
 * variant), `variant` and `tools`; `metadata` copies the frontmatter's `metadata`.
 *
 * Returns: (transfer full) (nullable): the metadata object, or %NULL with @error set
 */
JsonObject *
genkit_prompt_get_action_metadata (GenkitPrompt  *self,
                                   GError       **error)
{
  JsonObject *pm;
  JsonObject *prompt;
  JsonObject *metadata;
  JsonNode *tool_choice;
  JsonNode *tools;
  JsonNode *model;
  JsonNode *input_schema;

  g_return_val_if_fail (GENKIT_IS_PROMPT (self), NULL);

  if ((pm = prompt_metadata (self, error)) == NULL)
    return NULL;

  /* prompt: {...promptMetadata2, use, toolChoice, template} */
  prompt = _genkit_js_object_copy (pm);
  _genkit_js_object_set (prompt, "use", array_node (middleware_metadata (raw_member (pm, "use"))));
  tool_choice = raw_member (pm, "toolChoice");
  if (tool_choice != NULL)
    _genkit_js_object_set (prompt, "toolChoice", _genkit_js_node_copy (tool_choice));
  else
    json_object_remove_member (prompt, "toolChoice");
  json_object_set_string_member (prompt, "template", genkit_parsed_prompt_get_template (self->parsed));

  /* promptMetadata(): config, input {schema}, name, model, tools, toolChoice, use */
  if (json_object_has_member (pm, "config"))
    _genkit_js_object_set (prompt, "config", _genkit_js_node_copy (json_object_get_member (pm, "config")));
  else
    json_object_remove_member (prompt, "config");
  {
    JsonObject *input = json_object_new ();
    JsonNode *input_node = json_node_new (JSON_NODE_OBJECT);

    input_schema = sub_member (pm, "input", "schema");
    if (_genkit_js_truthy (input_schema))
      json_object_set_member (input, "schema", _genkit_js_node_copy (input_schema));
    else
      json_object_set_null_member (input, "schema");
    json_node_take_object (input_node, input);
    _genkit_js_object_set (prompt, "input", input_node);
  }
  _genkit_js_object_set (prompt, "name", _genkit_js_string_node (self->base_name));
  model = json_object_get_member (pm, "model");
  if (model != NULL && !JSON_NODE_HOLDS_NULL (model))
    _genkit_js_object_set (prompt, "model", _genkit_js_node_copy (model));
  else
    json_object_remove_member (prompt, "model");
  {
    JsonArray *names = json_array_new ();
    JsonNode *names_node = json_node_new (JSON_NODE_ARRAY);

    tools = json_object_get_member (pm, "tools");
    if (tools != NULL && JSON_NODE_HOLDS_ARRAY (tools))
      for (guint i = 0; i < json_array_get_length (json_node_get_array (tools)); i++)
        {
          JsonNode *tool = json_array_get_element (json_node_get_array (tools), i);

          if (_genkit_js_kind (tool) == GENKIT_JS_STRING)
            json_array_add_element (names, _genkit_js_node_copy (tool));
        }
    json_node_take_array (names_node, names);
    _genkit_js_object_set (prompt, "tools", names_node);
  }
  if (tool_choice != NULL)
    _genkit_js_object_set (prompt, "toolChoice", _genkit_js_node_copy (tool_choice));
  _genkit_js_object_set (prompt, "use", array_node (middleware_metadata (raw_member (pm, "use"))));

  /* {...promptMetadata2.metadata, type, prompt, metadata?} */
  metadata = json_object_new ();
  _genkit_js_object_spread (metadata, json_object_get_member (pm, "metadata"));
  json_object_set_string_member (metadata, "type", "prompt");
  json_object_set_object_member (metadata, "prompt", prompt);
  if (_genkit_js_truthy (raw_member (pm, "metadata")))
    {
      JsonObject *copy = json_object_new ();

      _genkit_js_object_spread (copy, raw_member (pm, "metadata"));
      json_object_set_object_member (metadata, "metadata", copy);
    }
  return metadata;
}

/* Rendering ------------------------------------------------------------------------------ */

/* stripUndefinedProps(): JSON has no undefined; nothing to strip but members we never set. */
static void
set_if (JsonObject *object,
        const char *key,
        JsonNode   *value)
{
  if (value != NULL)
    _genkit_js_object_set (object, key, _genkit_js_node_copy (value));
}

/**
 * genkit_prompt_render:
 * @self: a [class@Genkit.Prompt]
 * @input: (nullable): the prompt's input (its template variables)
 * @context: (nullable): the action context (`@auth`, … in the template; `@state` is a
 *   session's state, so a `state` member is not passed on, as in Genkit without a session;
 *   see [method@Genkit.Prompt.render_with_state])
 * @render_options: (nullable): options that override the rendered ones (Genkit's
 *   `PromptGenerateOptions`): `config` is merged over the prompt's, `messages` is the
 *   conversation history, any other member replaces the rendered one
 * @error: return location for an error (template errors with the file's line and column)
 *
 * Renders the prompt into generate options, as the render step of a Genkit prompt does:
 * `model`, `maxTurns`, `messages` (the template rendered with @input, @context and the
 * history), `tools`, `returnToolRequests`, `toolChoice`, `output` (`{format, jsonSchema}`),
 * `use`, `config` (left out when empty), `metadata` (`{prompt: …}` when the frontmatter has
 * `metadata`). As in Genkit, `input.default` from the frontmatter is not applied.
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with @error set
 */
JsonObject *
genkit_prompt_render (GenkitPrompt  *self,
                      JsonNode      *input,
                      JsonObject    *context,
                      JsonObject    *render_options,
                      GError       **error)
{
  return genkit_prompt_render_with_state (self, input, context, NULL, render_options, error);
}

/**
 * genkit_prompt_render_with_state:
 * @self: a [class@Genkit.Prompt]
 * @input: (nullable): the prompt's input (its template variables)
 * @context: (nullable): the action context (`@auth`, … in the template)
 * @state: (nullable): the session's custom state, `@state` in the template; %NULL when the
 *   prompt renders outside a session (then a `state` member of @context is not passed on)
 * @render_options: (nullable): as for [method@Genkit.Prompt.render]
 * @error: return location for an error (template errors with the file's line and column)
 *
 * Renders the prompt as [method@Genkit.Prompt.render] does, inside a session: Genkit renders
 * a prompt's templates with `context: {...context, state: session?.getCustom()}` where
 * `session` is the session the call runs in (`getCurrentSession()`, `js/ai/src/prompt.ts`),
 * which is how a prompt agent's template reads the conversation's custom state.
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with @error set
 */
JsonObject *
genkit_prompt_render_with_state (GenkitPrompt  *self,
                                 JsonNode      *input,
                                 JsonObject    *context,
                                 JsonNode      *state,
                                 JsonObject    *render_options,
                                 GError       **error)
{
  g_autoptr(JsonObject) data = json_object_new ();
  g_autoptr(JsonObject) rendered = NULL;
  g_autoptr(JsonObject) opts = json_object_new ();
  JsonObject *pm;
  JsonObject *config;
  JsonObject *output;
  JsonNode *history;

  g_return_val_if_fail (GENKIT_IS_PROMPT (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if ((pm = prompt_metadata (self, error)) == NULL)
    return NULL;

  /* the template, compiled alone: {input, context: {...context, state}, messages} */
  if (input != NULL)
    json_object_set_member (data, "input", _genkit_js_node_copy (input));
  {
    JsonObject *ctx = json_object_new ();

    if (context != NULL)
      {
        g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

        json_node_set_object (node, context);
        _genkit_js_object_spread (ctx, node);
      }
    /* {...context, state: session?.getCustom()}: without a session, no @state. */
    json_object_remove_member (ctx, "state");
    if (state != NULL)
      json_object_set_member (ctx, "state", _genkit_js_node_copy (state));
    json_object_set_object_member (data, "context", ctx);
  }
  history = render_options != NULL ? json_object_get_member (render_options, "messages") : NULL;
  if (history != NULL)
    json_object_set_member (data, "messages", _genkit_js_node_copy (history));

  rendered = genkit_dotprompt_render (self->dotprompt, self->template_only, data, NULL, error);
  if (rendered == NULL)
    return NULL;

  set_if (opts, "model", json_object_get_member (pm, "model"));
  set_if (opts, "maxTurns", raw_member (pm, "maxTurns"));
  set_if (opts, "messages", json_object_get_member (rendered, "messages"));
  set_if (opts, "tools", json_object_get_member (pm, "tools"));
  set_if (opts, "returnToolRequests", raw_member (pm, "returnToolRequests"));
  set_if (opts, "toolChoice", raw_member (pm, "toolChoice"));
  output = json_object_new ();
  set_if (output, "jsonSchema", sub_member (pm, "output", "schema"));
  set_if (output, "format", sub_member (pm, "output", "format"));
  json_object_set_object_member (opts, "output", output);
  set_if (opts, "use", raw_member (pm, "use"));

  if (render_options != NULL)
    {
      g_autoptr(GPtrArray) keys = _genkit_js_object_keys (render_options);

      for (guint i = 0; i < keys->len; i++)
        if (!g_str_equal (keys->pdata[i], "messages"))
          set_if (opts, keys->pdata[i], json_object_get_member (render_options, keys->pdata[i]));
    }

  /* config: {...prompt config, ...render options config}, left out when empty */
  config = json_object_new ();
  _genkit_js_object_spread (config, json_object_get_member (pm, "config"));
  if (render_options != NULL)
    _genkit_js_object_spread (config, json_object_get_member (render_options, "config"));
  if (json_object_get_size (config) > 0 ||
      (render_options != NULL && _genkit_js_truthy (json_object_get_member (render_options, "config"))))
    {
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (node, config);
      _genkit_js_object_set (opts, "config", node);
    }
  else
    {
      json_object_unref (config);
      json_object_remove_member (opts, "config");
    }

  if (_genkit_js_truthy (raw_member (pm, "metadata")))
    {
      JsonObject *meta = json_object_new ();

      json_object_set_member (meta, "prompt", _genkit_js_node_copy (raw_member (pm, "metadata")));
      json_object_set_object_member (opts, "metadata", meta);
    }

  return g_steal_pointer (&opts);
}

/* Output formats --------------------------------------------------------------------------- */

/* The output configuration of Genkit's default formats (js/ai/src/formats/). */
static JsonObject *
format_config (const char *format)
{
  JsonObject *config;

  if (format == NULL)
    return NULL;

  config = json_object_new ();
  if (g_str_equal (format, "json"))
    {
      json_object_set_string_member (config, "format", "json");
      json_object_set_string_member (config, "contentType", "application/json");
      json_object_set_boolean_member (config, "constrained", TRUE);
      json_object_set_boolean_member (config, "defaultInstructions", FALSE);
    }
  else if (g_str_equal (format, "array"))
    {
      json_object_set_string_member (config, "contentType", "application/json");
      json_object_set_boolean_member (config, "constrained", TRUE);
    }
  else if (g_str_equal (format, "text"))
    {
      json_object_set_string_member (config, "contentType", "text/plain");
    }
  else if (g_str_equal (format, "enum"))
    {
      json_object_set_string_member (config, "contentType", "text/enum");
      json_object_set_boolean_member (config, "constrained", TRUE);
    }
  else if (g_str_equal (format, "jsonl"))
    {
      json_object_set_string_member (config, "contentType", "application/jsonl");
    }
  else
    {
      json_object_unref (config);
      return NULL;
    }
  return config;
}

static const char *
schema_type (JsonNode *schema)
{
  JsonNode *type;

  if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema))
    return NULL;
  type = json_object_get_member (json_node_get_object (schema), "type");
  return _genkit_js_kind (type) == GENKIT_JS_STRING ? json_node_get_string (type) : NULL;
}

/* The format handler's instructions for @schema, or its INVALID_ARGUMENT error. */
static gboolean
format_instructions (const char  *format,
                     JsonNode    *schema,
                     char       **instructions,
                     GError     **error)
{
  gboolean has_schema = _genkit_js_truthy (schema);
  const char *type = schema_type (schema);
  g_autoptr(GString) text = g_string_new (NULL);

  *instructions = NULL;

  if (g_str_equal (format, "json"))
    {
      if (!has_schema)
        return TRUE;
      g_string_append (text, "Output should be in JSON format and conform to the following "
                             "schema:\n\n```\n");
      _genkit_js_json_stringify (text, schema, NULL);
      g_string_append (text, "\n```\n");
    }
  else if (g_str_equal (format, "array"))
    {
      if (has_schema && g_strcmp0 (type, "array") != 0)
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Must supply an 'array' schema type when using the 'items' "
                               "parser format.");
          return FALSE;
        }
      if (!has_schema)
        return TRUE;
      g_string_append (text, "Output should be a JSON array conforming to the following "
                             "schema:\n    \n```\n");
      _genkit_js_json_stringify (text, schema, NULL);
      g_string_append (text, "\n```\n    ");
    }
  else if (g_str_equal (format, "enum"))
    {
      JsonNode *values;

      if (has_schema && g_strcmp0 (type, "string") != 0 && g_strcmp0 (type, "enum") != 0)
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Must supply a 'string' or 'enum' schema type when using the "
                               "enum parser format.");
          return FALSE;
        }
      values = has_schema && JSON_NODE_HOLDS_OBJECT (schema)
                 ? json_object_get_member (json_node_get_object (schema), "enum") : NULL;
      if (!_genkit_js_truthy (values))
        return TRUE;
      g_string_append (text, "Output should be ONLY one of the following enum values. Do not "
                             "output any additional information or add quotes.\n\n");
      if (JSON_NODE_HOLDS_ARRAY (values))
        for (guint i = 0; i < json_array_get_length (json_node_get_array (values)); i++)
          {
            if (i > 0)
              g_string_append_c (text, '\n');
            _genkit_js_append_string (text, json_array_get_element (json_node_get_array (values), i));
          }
    }
  else if (g_str_equal (format, "jsonl"))
    {
      JsonNode *items = has_schema && JSON_NODE_HOLDS_OBJECT (schema)
                          ? json_object_get_member (json_node_get_object (schema), "items") : NULL;

      if (has_schema && (g_strcmp0 (type, "array") != 0 || g_strcmp0 (schema_type (items), "object") != 0))
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "Must supply an 'array' schema type containing 'object' items "
                               "when using the 'jsonl' parser format.");
          return FALSE;
        }
      if (!_genkit_js_truthy (items))
        return TRUE;
      g_string_append (text, "Output should be JSONL format, a sequence of JSON objects (one per "
                             "line) separated by a newline `\\n` character. Each line should be a "
                             "JSON object conforming to the following schema:\n\n```\n");
      _genkit_js_json_stringify (text, items, NULL);
      g_string_append (text, "\n```\n    ");
    }
  else
    {
      return TRUE;
    }

  *instructions = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

static gboolean
part_is_output (JsonNode *part,
                gboolean  pending)
{
  JsonNode *metadata;
  JsonNode *purpose;
  JsonNode *is_pending;

  if (part == NULL || !JSON_NODE_HOLDS_OBJECT (part))
    return FALSE;
  metadata = json_object_get_member (json_node_get_object (part), "metadata");
  if (metadata == NULL || !JSON_NODE_HOLDS_OBJECT (metadata))
    return FALSE;
  purpose = json_object_get_member (json_node_get_object (metadata), "purpose");
  is_pending = json_object_get_member (json_node_get_object (metadata), "pending");
  return _genkit_js_kind (purpose) == GENKIT_JS_STRING &&
         g_str_equal (json_node_get_string (purpose), "output") &&
         _genkit_js_truthy (is_pending) == pending;
}

static const char *
message_role (JsonNode *message)
{
  JsonNode *role;

  if (!JSON_NODE_HOLDS_OBJECT (message))
    return NULL;
  role = json_object_get_member (json_node_get_object (message), "role");
  return _genkit_js_kind (role) == GENKIT_JS_STRING ? json_node_get_string (role) : NULL;
}

/* injectInstructions(): the instructions as an output part of the system message, or of the
 * last user message; a pending output section is replaced (past the first part). */
static void
inject_instructions (JsonArray  *messages,
                     const char *instructions)
{
  int target = -1;
  JsonArray *content;
  JsonObject *part;
  JsonObject *metadata;
  int pending = -1;

  if (instructions == NULL)
    return;

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonNode *message = json_array_get_element (messages, i);
      JsonNode *parts = JSON_NODE_HOLDS_OBJECT (message)
                          ? json_object_get_member (json_node_get_object (message), "content") : NULL;

      if (parts != NULL && JSON_NODE_HOLDS_ARRAY (parts))
        for (guint j = 0; j < json_array_get_length (json_node_get_array (parts)); j++)
          if (part_is_output (json_array_get_element (json_node_get_array (parts), j), FALSE))
            return;
    }

  for (guint i = 0; i < json_array_get_length (messages) && target < 0; i++)
    if (g_strcmp0 (message_role (json_array_get_element (messages, i)), "system") == 0)
      target = (int) i;
  for (guint i = json_array_get_length (messages); i > 0 && target < 0; i--)
    if (g_strcmp0 (message_role (json_array_get_element (messages, i - 1)), "user") == 0)
      target = (int) i - 1;
  if (target < 0)
    return;

  content = json_object_get_array_member (json_array_get_object_element (messages, target), "content");
  if (content == NULL)
    return;

  part = json_object_new ();
  json_object_set_string_member (part, "text", instructions);
  metadata = json_object_new ();
  json_object_set_string_member (metadata, "purpose", "output");
  json_object_set_object_member (part, "metadata", metadata);

  for (guint j = 0; j < json_array_get_length (content) && pending < 0; j++)
    if (part_is_output (json_array_get_element (content, j), TRUE))
      pending = (int) j;

  if (pending > 0)
    {
      JsonArray *replaced = json_array_new ();

      for (guint j = 0; j < json_array_get_length (content); j++)
        {
          if ((int) j == pending)
            json_array_add_object_element (replaced, json_object_ref (part));
          else
            json_array_add_element (replaced, _genkit_js_node_copy (json_array_get_element (content, j)));
        }
      json_object_set_array_member (json_array_get_object_element (messages, target), "content",
                                    replaced);
      json_object_unref (part);
    }
  else
    {
      json_array_add_object_element (content, part);
    }
}

/* Tools ---------------------------------------------------------------------------------- */

static GenkitAction *
lookup_tool (GenkitRegistry *registry,
             const char     *name)
{
  static const char * const prefixes[] = {
    "", "/tool/", "/tool.v2/", "/prompt/", "/dynamic-action-provider/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *key = g_strconcat (prefixes[i], name, NULL);
      GenkitAction *action;

      if (key[0] == '/' && (action = genkit_registry_lookup_action (registry, key)) != NULL)
        return action;
    }
  return NULL;
}

static JsonNode *
void_schema (void)
{
  JsonObject *schema = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (schema, "$schema", "http://json-schema.org/draft-07/schema#");
  json_node_take_object (node, schema);
  return node;
}

/* toToolDefinition() */
static JsonObject *
tool_definition (GenkitAction *action)
{
  JsonObject *def = json_object_new ();
  const char *original = genkit_action_get_name (action);
  const char *slash = strrchr (original, '/');
  const char *description = genkit_action_get_description (action);
  JsonNode *output = genkit_action_get_output_schema (action);
  JsonNode *input = genkit_action_get_input_schema (action);

  json_object_set_string_member (def, "name", slash != NULL ? slash + 1 : original);
  json_object_set_string_member (def, "description", description != NULL ? description : "");
  json_object_set_member (def, "outputSchema", output != NULL ? _genkit_js_node_copy (output) : void_schema ());
  json_object_set_member (def, "inputSchema", input != NULL ? _genkit_js_node_copy (input) : void_schema ());
  json_object_set_string_member (def, "key", genkit_action_get_key (action));
  if (slash != NULL)
    {
      JsonObject *metadata = json_object_new ();

      json_object_set_string_member (metadata, "originalName", original);
      json_object_set_object_member (def, "metadata", metadata);
    }
  return def;
}

/* resolveFullToolNames() */
static char *
tool_key (GenkitRegistry  *registry,
          const char      *name,
          GError         **error)
{
  static const char * const prefixes[] = { "/tool/", "/tool.v2/", "/prompt/" };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *key = g_strconcat (prefixes[i], name, NULL);

      if (genkit_registry_lookup_action (registry, key) != NULL)
        return g_steal_pointer (&key);
    }
  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "Unable to resolve tool: %s", name);
  return NULL;
}

static gboolean
check_messages (JsonObject  *rendered,
                GError     **error)
{
  JsonNode *messages = json_object_get_member (rendered, "messages");

  if (messages != NULL && JSON_NODE_HOLDS_ARRAY (messages) &&
      json_array_get_length (json_node_get_array (messages)) > 0)
    return TRUE;
  g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "at least one message is required in generate request");
  return FALSE;
}

/**
 * genkit_prompt_to_generate_request:
 * @self: a [class@Genkit.Prompt]
 * @registry: the registry tools are looked up in
 * @rendered: what [method@Genkit.Prompt.render] returned
 * @error: return location for a %GENKIT_ERROR: `INVALID_ARGUMENT` (no messages, a schema
 *   that does not suit the output format), `NOT_FOUND` (a tool)
 *
 * The `GenerateRequest` a rendered prompt makes (Genkit's `toGenerateRequest()`, the
 * output of `/prompt/NAME`): `messages` (with the output format's instructions added),
 * `config`, `tools` (full definitions), `resources`, `output` (the format's configuration,
 * the rendered output options, `schema`).
 *
 * Returns: (transfer full) (nullable): the request, or %NULL with @error set
 */
JsonObject *
genkit_prompt_to_generate_request (GenkitPrompt    *self,
                                   GenkitRegistry  *registry,
                                   JsonObject      *rendered,
                                   GError         **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *messages;
  JsonArray *tools = json_array_new ();
  JsonNode *tools_node;
  JsonNode *output = json_object_get_member (rendered, "output");
  JsonNode *json_schema = NULL;
  const char *format = NULL;
  g_autoptr(JsonObject) config = NULL;
  g_autofree char *instructions = NULL;
  JsonNode *instructions_option = NULL;
  JsonObject *out_output;

  g_return_val_if_fail (GENKIT_IS_PROMPT (self), NULL);
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (rendered != NULL, NULL);

  if (!check_messages (rendered, error))
    {
      json_array_unref (tools);
      return NULL;
    }
  {
    g_autoptr(JsonNode) copy = _genkit_js_node_copy (json_object_get_member (rendered, "messages"));

    messages = json_array_ref (json_node_get_array (copy));
  }

  tools_node = json_object_get_member (rendered, "tools");
  if (_genkit_js_truthy (tools_node) && JSON_NODE_HOLDS_ARRAY (tools_node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (tools_node)); i++)
      {
        g_autofree char *name = _genkit_js_to_string (json_array_get_element (json_node_get_array (tools_node), i));
        GenkitAction *tool = lookup_tool (registry, name);

        if (tool == NULL)
          {
            json_array_unref (tools);
            json_array_unref (messages);
            g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "Tool %s not found", name);
            return NULL;
          }
        json_array_add_object_element (tools, tool_definition (tool));
      }

  /* resolveFormat(), resolveInstructions(), shouldInjectFormatInstructions() */
  if (output != NULL && JSON_NODE_HOLDS_OBJECT (output))
    {
      JsonObject *o = json_node_get_object (output);
      JsonNode *f = json_object_get_member (o, "format");

      json_schema = json_object_get_member (o, "jsonSchema");
      instructions_option = json_object_get_member (o, "instructions");
      if (_genkit_js_truthy (json_schema) && !_genkit_js_truthy (f))
        format = "json";
      else if (_genkit_js_truthy (f) && _genkit_js_kind (f) == GENKIT_JS_STRING)
        format = json_node_get_string (f);
      config = format_config (format);
      if (config == NULL)
        format = NULL;
    }

  if (_genkit_js_kind (instructions_option) == GENKIT_JS_STRING)
    instructions = g_strdup (json_node_get_string (instructions_option));
  else if (!(_genkit_js_kind (instructions_option) == GENKIT_JS_BOOLEAN &&
             !json_node_get_boolean (instructions_option)) && format != NULL)
    {
      if (!format_instructions (format, _genkit_js_truthy (json_schema) ? json_schema : NULL,
                                &instructions, error))
        {
          json_array_unref (tools);
          json_array_unref (messages);
          return NULL;
        }
    }

  if (config == NULL ||
      !json_object_has_member (config, "defaultInstructions") ||
      _genkit_js_truthy (json_object_get_member (config, "defaultInstructions")) ||
      _genkit_js_truthy (instructions_option))
    inject_instructions (messages, instructions);

  json_object_set_array_member (out, "messages", messages);
  set_if (out, "config", json_object_get_member (rendered, "config"));
  set_if (out, "docs", json_object_get_member (rendered, "docs"));
  json_object_set_array_member (out, "tools", tools);
  json_object_set_array_member (out, "resources", json_array_new ());

  out_output = json_object_new ();
  if (config != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, config);
      _genkit_js_object_spread (out_output, node);
    }
  if (output != NULL)
    _genkit_js_object_spread (out_output, output);
  if (_genkit_js_truthy (json_schema))
    _genkit_js_object_set (out_output, "schema", _genkit_js_node_copy (json_schema));
  else
    json_object_remove_member (out_output, "schema");
  json_object_set_object_member (out, "output", out_output);

  return g_steal_pointer (&out);
}

/**
 * genkit_prompt_to_action_options:
 * @self: a [class@Genkit.Prompt]
 * @registry: the registry the model and tools are looked up in
 * @rendered: what [method@Genkit.Prompt.render] returned
 * @error: return location for a %GENKIT_ERROR: `NOT_FOUND` (the model), `INVALID_ARGUMENT`
 *   (no messages), or an unresolvable tool
 *
 * The `GenerateActionOptions` a rendered prompt makes (Genkit's `toGenerateActionOptions()`,
 * the output of `/executable-prompt/NAME`): `model`, `messages`, `tools` (as action keys),
 * `toolChoice`, `config`, `output` (`format`, `jsonSchema`),
 * `returnToolRequests`, `maxTurns`, `use`.
 *
 * Returns: (transfer full) (nullable): the options, or %NULL with @error set
 */
JsonObject *
genkit_prompt_to_action_options (GenkitPrompt    *self,
                                 GenkitRegistry  *registry,
                                 JsonObject      *rendered,
                                 GError         **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  JsonNode *model = json_object_get_member (rendered, "model");
  JsonNode *tools = json_object_get_member (rendered, "tools");
  JsonNode *output = json_object_get_member (rendered, "output");
  JsonNode *config = json_object_get_member (rendered, "config");

  g_return_val_if_fail (GENKIT_IS_PROMPT (self), NULL);
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (rendered != NULL, NULL);

  if (_genkit_js_truthy (model))
    {
      g_autofree char *name = _genkit_js_to_string (model);
      g_autofree char *key = g_strconcat ("/model/", name, NULL);
      g_autofree char *background = g_strconcat ("/background-model/", name, NULL);
      GenkitAction *action = genkit_registry_lookup_action (registry, key);

      if (action == NULL)
        action = genkit_registry_lookup_action (registry, background);
      if (action == NULL)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "Model '%s' not found", name);
          return NULL;
        }
      json_object_set_string_member (out, "model", genkit_action_get_name (action));
    }

  set_if (out, "docs", json_object_get_member (rendered, "docs"));
  if (!check_messages (rendered, error))
    return NULL;
  set_if (out, "messages", json_object_get_member (rendered, "messages"));

  if (tools != NULL && JSON_NODE_HOLDS_ARRAY (tools))
    {
      JsonArray *keys = json_array_new ();

      for (guint i = 0; i < json_array_get_length (json_node_get_array (tools)); i++)
        {
          g_autofree char *name = _genkit_js_to_string (json_array_get_element (json_node_get_array (tools), i));
          g_autofree char *key = tool_key (registry, name, error);

          if (key == NULL)
            {
              json_array_unref (keys);
              return NULL;
            }
          json_array_add_string_element (keys, key);
        }
      json_object_set_array_member (out, "tools", keys);
    }

  set_if (out, "toolChoice", json_object_get_member (rendered, "toolChoice"));
  /* {version: model?.version, ...model?.config, ...config}: the `version` key keeps it from
   * ever being empty, so an empty config is still written. */
  {
    JsonObject *merged = json_object_new ();

    if (config != NULL)
      _genkit_js_object_spread (merged, config);
    json_object_set_object_member (out, "config", merged);
  }

  if (output != NULL && JSON_NODE_HOLDS_OBJECT (output))
    {
      JsonObject *o = json_object_new ();
      JsonNode *schema = json_object_get_member (json_node_get_object (output), "jsonSchema");

      _genkit_js_object_spread (o, output);
      if (_genkit_js_truthy (schema) && !_genkit_js_truthy (json_object_get_member (o, "format")))
        json_object_set_string_member (o, "format", "json");
      if (_genkit_js_truthy (json_object_get_member (o, "format")))
        _genkit_js_object_set (o, "format", _genkit_js_node_copy (json_object_get_member (o, "format")));
      else
        json_object_remove_member (o, "format");
      _genkit_js_object_set (o, "jsonSchema", _genkit_js_truthy (schema) ? _genkit_js_node_copy (schema)
                                                                        : json_node_new (JSON_NODE_NULL));
      json_object_set_object_member (out, "output", o);
    }

  set_if (out, "returnToolRequests", json_object_get_member (rendered, "returnToolRequests"));
  set_if (out, "maxTurns", json_object_get_member (rendered, "maxTurns"));
  set_if (out, "use", json_object_get_member (rendered, "use"));

  return g_steal_pointer (&out);
}

/* Actions --------------------------------------------------------------------------------- */

typedef struct
{
  GenkitPrompt *prompt;
  JsonObject   *context;
  JsonObject   *rendered;
} RenderStep;

/* The body of the `render` span (type promptTemplate), as Genkit's renderOptionsFn() runs. */
static JsonNode *
render_step (GenkitActionRun  *step,
             JsonNode         *input,
             gpointer          user_data,
             GError          **error)
{
  RenderStep *rs = user_data;
  GenkitSpan *span = genkit_action_run_get_span (step);
  JsonNode *node;

  if (span != NULL)
    {
      genkit_span_set_string_attribute (span, "genkit:type", "promptTemplate");
      genkit_span_set_string_attribute (span, "genkit:metadata:promptName", rs->prompt->name);
    }

  rs->rendered = genkit_prompt_render (rs->prompt, input, rs->context, NULL, error);
  if (rs->rendered == NULL)
    return NULL;
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, rs->rendered);
  return node;
}

static void
prompt_action_run (GenkitActionRun *run,
                   JsonNode        *input,
                   gpointer         user_data)
{
  GenkitPrompt *self = user_data;
  GenkitAction *action = genkit_action_run_get_action (run);
  gboolean executable = genkit_action_get_action_type (action) == GENKIT_ACTION_TYPE_EXECUTABLE_PROMPT;
  RenderStep rs = { self, genkit_action_run_get_context (run), NULL };
  g_autoptr(JsonNode) step_output = NULL;
  g_autoptr(JsonObject) result = NULL;
  GError *error = NULL;

  step_output = genkit_run (run, "render", input, render_step, &rs, &error);
  if (step_output == NULL)
    {
      g_clear_pointer (&rs.rendered, json_object_unref);
      genkit_action_run_return_error (run, error);
      return;
    }

  if (executable)
    result = genkit_prompt_to_action_options (self, genkit_action_run_get_registry (run),
                                              rs.rendered, &error);
  else
    result = genkit_prompt_to_generate_request (self, genkit_action_run_get_registry (run),
                                                rs.rendered, &error);
  g_clear_pointer (&rs.rendered, json_object_unref);

  if (result == NULL)
    {
      genkit_action_run_return_error (run, error);
      return;
    }

  {
    g_autoptr(JsonNode) value = json_node_new (JSON_NODE_OBJECT);

    json_node_set_object (value, result);
    genkit_action_run_return_value (run, g_steal_pointer (&value));
  }
}

/* GenerateActionOptions' JSON Schema, as the engine's /util/generate declares it. */
static JsonNode *
generate_action_options_schema (GenkitRegistry  *registry,
                                GError         **error)
{
  GenkitAction *generate = genkit_registry_lookup_action (registry, "/util/generate");
  g_autoptr(GenkitRegistry) scratch = NULL;

  if (generate == NULL)
    {
      scratch = genkit_registry_new ();
      if ((generate = genkit_define_generate_action (scratch, error)) == NULL)
        return NULL;
    }
  return _genkit_js_node_copy (genkit_action_get_input_schema (generate));
}

/**
 * genkit_prompt_register:
 * @self: a [class@Genkit.Prompt]
 * @registry: the registry
 * @error: return location for an error: the prompt's metadata cannot be resolved (with the
 *   file's line and column), or an action of that name exists (`ALREADY_EXISTS`)
 *
 * Registers `/prompt/NAME` and `/executable-prompt/NAME` with the metadata of
 * [method@Genkit.Prompt.get_action_metadata], the prompt's description and its input schema.
 * `/prompt/NAME` returns the rendered `GenerateRequest`; `/executable-prompt/NAME` returns the
 * rendered `GenerateActionOptions` and declares its schema. Both render in a `render` span.
 *
 * Returns: %TRUE on success
 */
gboolean
genkit_prompt_register (GenkitPrompt    *self,
                        GenkitRegistry  *registry,
                        GError         **error)
{
  g_autoptr(JsonObject) metadata = NULL;
  JsonObject *pm;
  JsonNode *description;
  JsonNode *input_schema;

  g_return_val_if_fail (GENKIT_IS_PROMPT (self), FALSE);
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if ((pm = prompt_metadata (self, error)) == NULL ||
      (metadata = genkit_prompt_get_action_metadata (self, error)) == NULL)
    return FALSE;
  description = json_object_get_member (pm, "description");
  input_schema = sub_member (pm, "input", "schema");

  for (guint i = 0; i < 2; i++)
    {
      GenkitActionType type = i == 0 ? GENKIT_ACTION_TYPE_PROMPT : GENKIT_ACTION_TYPE_EXECUTABLE_PROMPT;
      g_autoptr(GenkitAction) action = genkit_action_new (type, self->name, prompt_action_run,
                                                          g_object_ref (self), g_object_unref);

      if (_genkit_js_kind (description) == GENKIT_JS_STRING)
        genkit_action_set_description (action, json_node_get_string (description));
      if (_genkit_js_truthy (input_schema) &&
          !genkit_action_set_input_schema (action, input_schema, error))
        return FALSE;
      if (type == GENKIT_ACTION_TYPE_EXECUTABLE_PROMPT)
        {
          g_autoptr(JsonNode) output_schema = generate_action_options_schema (registry, error);

          if (output_schema == NULL || !genkit_action_set_output_schema (action, output_schema, error))
            return FALSE;
        }
      genkit_action_set_metadata (action, metadata);
      if (!genkit_registry_register_action (registry, action, error))
        return FALSE;
    }
  return TRUE;
}

/* Render and generate ------------------------------------------------------------------------ */

typedef struct
{
  GenkitGenerateChunkFunc on_chunk;
  gpointer                chunk_data;
} GenerateData;

static void
generate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GenkitGenerateResponse *response;

  response = genkit_generate_finish (GENKIT_REGISTRY (source), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, response, (GDestroyNotify) genkit_generate_response_unref);
}

static gboolean
add_middleware (GenkitGenerateOptions  *options,
                GenkitRegistry         *registry,
                JsonNode               *use,
                GError                **error)
{
  if (use == NULL || !JSON_NODE_HOLDS_ARRAY (use))
    return TRUE;
  for (guint i = 0; i < json_array_get_length (json_node_get_array (use)); i++)
    {
      JsonNode *entry = json_array_get_element (json_node_get_array (use), i);
      JsonNode *config = NULL;
      const char *name = NULL;
      g_autoptr(GenkitModelMiddleware) middleware = NULL;

      if (_genkit_js_kind (entry) == GENKIT_JS_STRING)
        name = json_node_get_string (entry);
      else if (JSON_NODE_HOLDS_OBJECT (entry))
        {
          JsonObject *ref = json_node_get_object (entry);

          name = json_object_get_string_member_with_default (ref, "name", NULL);
          config = json_object_get_member (ref, "config");
        }
      if (name == NULL)
        continue;
      if (!(middleware = genkit_lookup_model_middleware (registry, name, config, error)))
        return FALSE;
      genkit_generate_options_add_middleware (options, middleware);
    }
  return TRUE;
}

/* The generate options of a rendered prompt: Genkit's generate(registry, renderOptions). */
static GenkitGenerateOptions *
generate_options (GenkitRegistry  *registry,
                  JsonObject      *rendered,
                  GError         **error)
{
  g_autoptr(GenkitGenerateOptions) options = genkit_generate_options_new ();
  JsonNode *node;

  if ((node = json_object_get_member (rendered, "model")) != NULL &&
      _genkit_js_kind (node) == GENKIT_JS_STRING)
    genkit_generate_options_set_model (options, json_node_get_string (node));

  if ((node = json_object_get_member (rendered, "messages")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        g_autoptr(GenkitMessage) message =
          genkit_message_new_from_json (json_array_get_element (json_node_get_array (node), i), error);

        if (message == NULL)
          return NULL;
        genkit_generate_options_add_message (options, message);
      }

  if ((node = json_object_get_member (rendered, "docs")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        g_autoptr(GenkitDocument) doc =
          genkit_document_new_from_json (json_array_get_element (json_node_get_array (node), i), error);

        if (doc == NULL)
          return NULL;
        genkit_generate_options_add_doc (options, doc);
      }

  if ((node = json_object_get_member (rendered, "tools")) != NULL && JSON_NODE_HOLDS_ARRAY (node))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
      {
        g_autofree char *name = _genkit_js_to_string (json_array_get_element (json_node_get_array (node), i));

        genkit_generate_options_add_tool (options, name);
      }

  if ((node = json_object_get_member (rendered, "toolChoice")) != NULL &&
      _genkit_js_kind (node) == GENKIT_JS_STRING)
    genkit_generate_options_set_tool_choice (options, json_node_get_string (node));
  if ((node = json_object_get_member (rendered, "config")) != NULL)
    genkit_generate_options_set_config (options, node);
  if ((node = json_object_get_member (rendered, "returnToolRequests")) != NULL &&
      _genkit_js_kind (node) == GENKIT_JS_BOOLEAN)
    genkit_generate_options_set_return_tool_requests (options, json_node_get_boolean (node));
  if ((node = json_object_get_member (rendered, "maxTurns")) != NULL &&
      _genkit_js_kind (node) == GENKIT_JS_NUMBER && _genkit_js_number (node) >= 0)
    genkit_generate_options_set_max_turns (options, (guint) _genkit_js_number (node));

  if ((node = json_object_get_member (rendered, "output")) != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *output = json_node_get_object (node);
      JsonNode *value;

      if ((value = json_object_get_member (output, "format")) != NULL &&
          _genkit_js_kind (value) == GENKIT_JS_STRING)
        genkit_generate_options_set_output_format (options, json_node_get_string (value));
      if ((value = json_object_get_member (output, "jsonSchema")) != NULL && _genkit_js_truthy (value))
        genkit_generate_options_set_output_schema (options, value);
      if ((value = json_object_get_member (output, "contentType")) != NULL &&
          _genkit_js_kind (value) == GENKIT_JS_STRING)
        genkit_generate_options_set_output_content_type (options, json_node_get_string (value));
      if ((value = json_object_get_member (output, "constrained")) != NULL &&
          _genkit_js_kind (value) == GENKIT_JS_BOOLEAN)
        genkit_generate_options_set_output_constrained (options, json_node_get_boolean (value));
      if ((value = json_object_get_member (output, "instructions")) != NULL)
        {
          if (_genkit_js_kind (value) == GENKIT_JS_STRING)
            genkit_generate_options_set_output_instructions (options, TRUE, json_node_get_string (value));
          else if (_genkit_js_kind (value) == GENKIT_JS_BOOLEAN)
            genkit_generate_options_set_output_instructions (options, json_node_get_boolean (value), NULL);
        }
    }

  if (!add_middleware (options, registry, json_object_get_member (rendered, "use"), error))
    return NULL;

  return g_steal_pointer (&options);
}

static void
generate_chunk_cb (GenkitGenerateResponseChunk *chunk,
                   gpointer                     user_data)
{
  GenerateData *data = user_data;

  if (data->on_chunk != NULL)
    data->on_chunk (chunk, data->chunk_data);
}

/**
 * genkit_prompt_generate_async:
 * @self: a [class@Genkit.Prompt]
 * @registry: the registry with the model, tools and middleware
 * @parent: (nullable): the action run this runs in (for the trace and the context)
 * @input: (nullable): the prompt's input
 * @render_options: (nullable): render options (see [method@Genkit.Prompt.render])
 * @on_chunk: (nullable) (scope notified): receives the model's streamed chunks
 * @chunk_data: (closure on_chunk): data for @on_chunk
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the response is complete
 * @user_data: data for @callback
 *
 * Renders the prompt and generates with its model: calling an executable prompt in
 * Genkit. The render's context is @parent's.
 */
void
genkit_prompt_generate_async (GenkitPrompt            *self,
                              GenkitRegistry          *registry,
                              GenkitActionRun         *parent,
                              JsonNode                *input,
                              JsonObject              *render_options,
                              GenkitGenerateChunkFunc  on_chunk,
                              gpointer                 chunk_data,
                              GCancellable            *cancellable,
                              GAsyncReadyCallback      callback,
                              gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonObject) rendered = NULL;
  g_autoptr(GenkitGenerateOptions) options = NULL;
  GError *error = NULL;
  JsonObject *context;

  g_return_if_fail (GENKIT_IS_PROMPT (self));
  g_return_if_fail (GENKIT_IS_REGISTRY (registry));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_prompt_generate_async);

  context = NULL;
  if (render_options != NULL)
    {
      JsonNode *ctx = json_object_get_member (render_options, "context");

      if (ctx != NULL && JSON_NODE_HOLDS_OBJECT (ctx))
        context = json_node_get_object (ctx);
    }
  if (context == NULL && parent != NULL)
    context = genkit_action_run_get_context (parent);

  if (!(rendered = genkit_prompt_render (self, input, context, render_options, &error)) ||
      !(options = generate_options (registry, rendered, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (context != NULL)
    genkit_generate_options_set_context (options, context);
  if (on_chunk != NULL)
    {
      GenerateData *data = g_new0 (GenerateData, 1);

      data->on_chunk = on_chunk;
      data->chunk_data = chunk_data;
      genkit_generate_options_set_chunk_func (options, generate_chunk_cb, data, g_free);
    }

  genkit_generate_async (registry, parent, options, cancellable, generate_done_cb,
                         g_steal_pointer (&task));
}

/**
 * genkit_prompt_generate_finish:
 * @self: a [class@Genkit.Prompt]
 * @result: the result given to the callback
 * @error: return location for an error: the render's, or generate's
 *
 * Finishes the call started with [method@Genkit.Prompt.generate_async].
 *
 * Returns: (transfer full) (nullable): the model's response, or %NULL with @error set
 */
GenkitGenerateResponse *
genkit_prompt_generate_finish (GenkitPrompt  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (GENKIT_IS_PROMPT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
