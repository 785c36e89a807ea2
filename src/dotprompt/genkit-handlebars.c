/* genkit-handlebars.c — a Handlebars environment: helpers, partials, settings, compilation
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "genkit-dotprompt-json-private.h"
#include "genkit-dotprompt-private.h"
#include "genkit-handlebars-private.h"

/**
 * GenkitHandlebars:
 *
 * A Handlebars environment, the C counterpart of a `Handlebars.create()` instance: the
 * helpers and partials templates can use, and the compile settings Dotprompt relies on.
 *
 * The template language is Handlebars 4.x as handlebars.js implements it — the grammar of
 * `handlebars.l`/`handlebars.yy`, HTML escaping and `{{{triple-stash}}}`, paths (`.`, `../`,
 * `this`, `@root`, `@index`, `@first`, `@last`, `@key`, `[literal segments]`), blocks with
 * `{{else}}` and `{{else if …}}` chains, inverted sections, block parameters, sub-expressions,
 * hash arguments, literals, comments, raw blocks, whitespace control (`{{~x~}}`) and the
 * standalone-line rules, partials with a context, hash arguments, dynamic names, partial
 * blocks and `{{#*inline}}` partials — with the built-in helpers `if`, `unless`, `each`,
 * `with`, `lookup` and `log`. Values are JSON (json-glib nodes); what prints, what is true
 * and how values compare are JavaScript's rules, so output matches handlebars.js byte for
 * byte.
 *
 * Two settings match handlebars.js' compile options: [property@Genkit.Handlebars:no-escape]
 * (`noEscape`) and [property@Genkit.Handlebars:known-helpers-only] (`knownHelpersOnly`,
 * where every registered helper is a known helper). Both are off by default, as in
 * Handlebars; Dotprompt turns both on.
 *
 * ```c
 * g_autoptr(GenkitHandlebars) hbs = genkit_handlebars_new ();
 * g_autoptr(JsonNode) input = json_from_string ("{\"items\": [\"a\", \"b\"]}", NULL);
 * g_autofree char *text = NULL;
 *
 * text = genkit_handlebars_render (hbs, "{{#each items}}{{@index}}={{this}} {{/each}}",
 *                                  input, NULL, &error);
 * // "0=a 1=b "
 * ```
 *
 * An environment is not thread-safe; use it from one thread.
 */

typedef struct
{
  char                     *source;
  char                     *filename;
  GenkitHandlebarsTemplate *compiled;
  guint                     generation;
} HbPartialEntry;

struct _GenkitHandlebars
{
  GObject     parent_instance;

  GHashTable *helpers;       /* name → HbHelper */
  GHashTable *partials;      /* name → HbPartialEntry */
  gboolean    no_escape;
  gboolean    known_helpers_only;
  gsize       max_output;
  guint64     max_steps;
  guint       generation;    /* changes when compiled partials must be compiled again */
};

G_DEFINE_FINAL_TYPE (GenkitHandlebars, genkit_handlebars, G_TYPE_OBJECT)

/**
 * genkit_handlebars_error_quark:
 *
 * The quark of the [const@Genkit.HANDLEBARS_ERROR] domain.
 *
 * Returns: the error domain's quark
 */
G_DEFINE_QUARK (genkit-handlebars-error-quark, genkit_handlebars_error)

enum {
  PROP_0,
  PROP_NO_ESCAPE,
  PROP_KNOWN_HELPERS_ONLY,
  N_PROPS
};

enum {
  LOG,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
helper_free (HbHelper *helper)
{
  if (helper->destroy != NULL)
    helper->destroy (helper->user_data);
  g_free (helper);
}

static void
partial_entry_free (HbPartialEntry *entry)
{
  g_free (entry->source);
  g_free (entry->filename);
  g_clear_object (&entry->compiled);
  g_free (entry);
}

static int
log_level_number (const char *level)
{
  static const char * const names[] = { "debug", "info", "warn", "error" };
  g_autofree char *lower = g_ascii_strdown (level, -1);
  char *end = NULL;
  long value;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (lower, names[i]))
      return (int) i;
  value = strtol (level, &end, 10);
  if (end == level)
    return -1;
  return (int) CLAMP (value, -1, 1000);
}

static void
genkit_handlebars_real_log (GenkitHandlebars *self,
                            const char       *level,
                            const char       *message)
{
  /* Handlebars' logger prints at its default level, "info", and above. */
  if (log_level_number (level) < 1)
    return;
  g_log (G_LOG_DOMAIN, G_LOG_LEVEL_MESSAGE, "{{log}} %s: %s", level, message);
}

static void
genkit_handlebars_finalize (GObject *object)
{
  GenkitHandlebars *self = GENKIT_HANDLEBARS (object);

  g_clear_pointer (&self->helpers, g_hash_table_unref);
  g_clear_pointer (&self->partials, g_hash_table_unref);

  G_OBJECT_CLASS (genkit_handlebars_parent_class)->finalize (object);
}

static void
genkit_handlebars_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GenkitHandlebars *self = GENKIT_HANDLEBARS (object);

  switch (prop_id)
    {
    case PROP_NO_ESCAPE:
      g_value_set_boolean (value, self->no_escape);
      break;
    case PROP_KNOWN_HELPERS_ONLY:
      g_value_set_boolean (value, self->known_helpers_only);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_handlebars_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GenkitHandlebars *self = GENKIT_HANDLEBARS (object);

  switch (prop_id)
    {
    case PROP_NO_ESCAPE:
      genkit_handlebars_set_no_escape (self, g_value_get_boolean (value));
      break;
    case PROP_KNOWN_HELPERS_ONLY:
      genkit_handlebars_set_known_helpers_only (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_handlebars_class_init (GenkitHandlebarsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_handlebars_finalize;
  object_class->get_property = genkit_handlebars_get_property;
  object_class->set_property = genkit_handlebars_set_property;

  /**
   * GenkitHandlebars:no-escape:
   *
   * Print `{{values}}` without HTML escaping, as handlebars.js' `noEscape` compile option
   * does. Off by default: `&<>"'`=` are escaped as in Handlebars.
   */
  properties[PROP_NO_ESCAPE] =
    g_param_spec_boolean ("no-escape", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitHandlebars:known-helpers-only:
   *
   * Refuse to compile templates that call helpers which are not registered, as
   * handlebars.js' `knownHelpersOnly` compile option does with the known helpers; a
   * `{{name}}` that is not a helper is then always a value lookup. Off by default: helpers
   * are then also looked up when a template runs.
   */
  properties[PROP_KNOWN_HELPERS_ONLY] =
    g_param_spec_boolean ("known-helpers-only", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GenkitHandlebars::log:
   * @self: the environment
   * @level: the level given to `{{log}}`: `debug`, `info`, `warn`, `error` or a number
   * @message: the arguments of `{{log}}`, separated by spaces
   *
   * Emitted by the `{{log}}` helper. The default handler prints the message with g_log()
   * (level MESSAGE) when @level is `info` or above, as Handlebars' default logger prints to
   * the console at level `info`.
   */
  signals[LOG] =
    g_signal_new_class_handler ("log",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (genkit_handlebars_real_log),
                                NULL, NULL, NULL,
                                G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
genkit_handlebars_init (GenkitHandlebars *self)
{
  self->helpers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) helper_free);
  self->partials = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) partial_entry_free);
  self->max_output = 256 * 1024 * 1024;
  self->max_steps = 100 * 1000 * 1000;
  _genkit_handlebars_register_builtins (self);
}

/**
 * genkit_handlebars_new:
 *
 * Creates an environment with Handlebars' built-in helpers (`if`, `unless`, `each`,
 * `with`, `lookup`, `log`), no partials, HTML escaping on and `known-helpers-only` off.
 *
 * Returns: (transfer full): a new environment
 */
GenkitHandlebars *
genkit_handlebars_new (void)
{
  return g_object_new (GENKIT_TYPE_HANDLEBARS, NULL);
}

/**
 * genkit_handlebars_get_no_escape:
 * @self: a [class@Genkit.Handlebars]
 *
 * Gets [property@Genkit.Handlebars:no-escape].
 *
 * Returns: %TRUE if values print without HTML escaping
 */
gboolean
genkit_handlebars_get_no_escape (GenkitHandlebars *self)
{
  g_return_val_if_fail (GENKIT_IS_HANDLEBARS (self), FALSE);

  return self->no_escape;
}

/**
 * genkit_handlebars_set_no_escape:
 * @self: a [class@Genkit.Handlebars]
 * @no_escape: %TRUE to print values without HTML escaping
 *
 * Sets [property@Genkit.Handlebars:no-escape]; it applies to templates compiled before too.
 */
void
genkit_handlebars_set_no_escape (GenkitHandlebars *self,
                                 gboolean          no_escape)
{
  g_return_if_fail (GENKIT_IS_HANDLEBARS (self));

  no_escape = !!no_escape;
  if (self->no_escape == no_escape)
    return;
  self->no_escape = no_escape;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NO_ESCAPE]);
}

/**
 * genkit_handlebars_get_known_helpers_only:
 * @self: a [class@Genkit.Handlebars]
 *
 * Gets [property@Genkit.Handlebars:known-helpers-only].
 *
 * Returns: %TRUE if templates may only call registered helpers
 */
gboolean
genkit_handlebars_get_known_helpers_only (GenkitHandlebars *self)
{
  g_return_val_if_fail (GENKIT_IS_HANDLEBARS (self), FALSE);

  return self->known_helpers_only;
}

/**
 * genkit_handlebars_set_known_helpers_only:
 * @self: a [class@Genkit.Handlebars]
 * @known_helpers_only: %TRUE to refuse unknown helpers when compiling
 *
 * Sets [property@Genkit.Handlebars:known-helpers-only] for templates compiled from now on.
 */
void
genkit_handlebars_set_known_helpers_only (GenkitHandlebars *self,
                                          gboolean          known_helpers_only)
{
  g_return_if_fail (GENKIT_IS_HANDLEBARS (self));

  known_helpers_only = !!known_helpers_only;
  if (self->known_helpers_only == known_helpers_only)
    return;
  self->known_helpers_only = known_helpers_only;
  self->generation++;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KNOWN_HELPERS_ONLY]);
}

/**
 * genkit_handlebars_set_limits:
 * @self: a [class@Genkit.Handlebars]
 * @max_output_bytes: the most text one render may produce, in bytes (0: no limit)
 * @max_steps: the most statements one render may run (0: no limit)
 *
 * Bounds the work of a render, so a template from an untrusted editor cannot run away
 * (`{{#each}}` nested over large data, partials that include each other many times).
 * A render that reaches a limit fails with %GENKIT_HANDLEBARS_ERROR_LIMIT. The defaults are
 * 256 MiB and 100 million statements. Nesting is always bounded to 200 levels.
 */
void
genkit_handlebars_set_limits (GenkitHandlebars *self,
                              gsize             max_output_bytes,
                              guint64           max_steps)
{
  g_return_if_fail (GENKIT_IS_HANDLEBARS (self));

  self->max_output = max_output_bytes;
  self->max_steps = max_steps;
}

void
_genkit_handlebars_get_limits (GenkitHandlebars *self,
                               gsize            *max_output,
                               guint64          *max_steps)
{
  *max_output = self->max_output;
  *max_steps = self->max_steps;
}

/**
 * genkit_handlebars_register_helper:
 * @self: a [class@Genkit.Handlebars]
 * @name: the helper's name
 * @func: (scope notified): the helper
 * @user_data: (closure func): data for @func
 * @destroy: (nullable): frees @user_data when the helper is replaced or the environment
 *   goes away
 *
 * Registers a helper (`Handlebars.registerHelper()`), replacing one of the same name — the
 * built-in ones included. Registered helpers are the known helpers of
 * [property@Genkit.Handlebars:known-helpers-only].
 */
void
genkit_handlebars_register_helper (GenkitHandlebars           *self,
                                   const char                 *name,
                                   GenkitHandlebarsHelperFunc  func,
                                   gpointer                    user_data,
                                   GDestroyNotify              destroy)
{
  HbHelper *helper;

  g_return_if_fail (GENKIT_IS_HANDLEBARS (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (func != NULL);

  helper = g_new0 (HbHelper, 1);
  helper->func = func;
  helper->user_data = user_data;
  helper->destroy = destroy;
  g_hash_table_replace (self->helpers, g_strdup (name), helper);
  self->generation++;
}

/**
 * genkit_handlebars_unregister_helper:
 * @self: a [class@Genkit.Handlebars]
 * @name: a helper's name
 *
 * Removes a helper (`Handlebars.unregisterHelper()`), if there is one named @name.
 */
void
genkit_handlebars_unregister_helper (GenkitHandlebars *self,
                                     const char       *name)
{
  g_return_if_fail (GENKIT_IS_HANDLEBARS (self));
  g_return_if_fail (name != NULL);

  if (g_hash_table_remove (self->helpers, name))
    self->generation++;
}

/**
 * genkit_handlebars_has_helper:
 * @self: a [class@Genkit.Handlebars]
 * @name: a helper's name
 *
 * Whether a helper named @name is registered.
 *
 * Returns: %TRUE if it is
 */
gboolean
genkit_handlebars_has_helper (GenkitHandlebars *self,
                              const char       *name)
{
  g_return_val_if_fail (GENKIT_IS_HANDLEBARS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return g_hash_table_contains (self->helpers, name);
}

HbHelper *
_genkit_handlebars_lookup_helper (GenkitHandlebars *self,
                                  const char       *name)
{
  return g_hash_table_lookup (self->helpers, name);
}

/**
 * genkit_handlebars_register_partial:
 * @self: a [class@Genkit.Handlebars]
 * @name: the partial's name, as `{{> name}}` uses it
 * @source: the partial's template
 * @filename: (nullable): the file @source comes from, for error messages
 *
 * Registers a partial (`Handlebars.registerPartial()`), replacing one of the same name. The
 * partial is compiled when a template first includes it, with the environment's settings;
 * errors in it are reported then, with @filename and the line and column in @source.
 */
void
genkit_handlebars_register_partial (GenkitHandlebars *self,
                                    const char       *name,
                                    const char       *source,
                                    const char       *filename)
{
  HbPartialEntry *entry;

  g_return_if_fail (GENKIT_IS_HANDLEBARS (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (source != NULL);

  entry = g_new0 (HbPartialEntry, 1);
  entry->source = g_strdup (source);
  entry->filename = filename != NULL ? g_strdup (filename)
                                     : g_strdup_printf ("<partial %s>", name);
  g_hash_table_replace (self->partials, g_strdup (name), entry);
}

/**
 * genkit_handlebars_unregister_partial:
 * @self: a [class@Genkit.Handlebars]
 * @name: a partial's name
 *
 * Removes a partial, if there is one named @name.
 */
void
genkit_handlebars_unregister_partial (GenkitHandlebars *self,
                                      const char       *name)
{
  g_return_if_fail (GENKIT_IS_HANDLEBARS (self));
  g_return_if_fail (name != NULL);

  g_hash_table_remove (self->partials, name);
}

/**
 * genkit_handlebars_has_partial:
 * @self: a [class@Genkit.Handlebars]
 * @name: a partial's name
 *
 * Whether a partial named @name is registered.
 *
 * Returns: %TRUE if it is
 */
gboolean
genkit_handlebars_has_partial (GenkitHandlebars *self,
                               const char       *name)
{
  g_return_val_if_fail (GENKIT_IS_HANDLEBARS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return g_hash_table_contains (self->partials, name);
}

/* The compiled partial named @name (a new reference), or NULL without an error when there
 * is none. */
GenkitHandlebarsTemplate *
_genkit_handlebars_get_partial (GenkitHandlebars  *self,
                                const char        *name,
                                GError           **error)
{
  HbPartialEntry *entry = g_hash_table_lookup (self->partials, name);

  if (entry == NULL)
    return NULL;

  if (entry->compiled == NULL || entry->generation != self->generation)
    {
      GenkitHandlebarsTemplate *compiled;

      compiled = genkit_handlebars_compile (self, entry->source, -1, entry->filename, error);
      if (compiled == NULL)
        return NULL;
      /* The cache is the environment's: no reference back to it. */
      _genkit_handlebars_template_borrow_env (compiled);
      g_set_object (&entry->compiled, compiled);
      g_object_unref (compiled);
      entry->generation = self->generation;
    }

  return g_object_ref (entry->compiled);
}

void
_genkit_handlebars_emit_log (GenkitHandlebars *self,
                             const char       *level,
                             const char       *message)
{
  g_signal_emit (self, signals[LOG], 0, level, message);
}

/**
 * genkit_handlebars_compile:
 * @self: a [class@Genkit.Handlebars]
 * @source: the template
 * @length: the length of @source in bytes, or -1 if it is nul-terminated
 * @filename: (nullable): the file @source comes from, for error messages
 * @error: return location for a %GENKIT_HANDLEBARS_ERROR
 *
 * Compiles a template (`Handlebars.compile()`): parses it, applies whitespace control and
 * decides which names are helpers. Syntax errors, unclosed or mismatched blocks and (with
 * [property@Genkit.Handlebars:known-helpers-only]) unknown helpers are reported here with
 * their line and column; unknown partials when the template runs.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL with @error set
 */
GenkitHandlebarsTemplate *
genkit_handlebars_compile (GenkitHandlebars  *self,
                           const char        *source,
                           gssize             length,
                           const char        *filename,
                           GError           **error)
{
  return genkit_handlebars_compile_at (self, source, length, filename, 1, 1, error);
}

/**
 * genkit_handlebars_render:
 * @self: a [class@Genkit.Handlebars]
 * @source: the template
 * @context: (nullable): the context (`this`); %NULL for `undefined`
 * @data: (nullable): data variables for the template (`@name`); `@root` is @context unless
 *   @data has a `root` member
 * @error: return location for a %GENKIT_HANDLEBARS_ERROR, or an error of a helper
 *
 * Compiles @source and renders it once.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error set
 */
char *
genkit_handlebars_render (GenkitHandlebars  *self,
                          const char        *source,
                          JsonNode          *context,
                          JsonObject        *data,
                          GError           **error)
{
  g_autoptr(GenkitHandlebarsTemplate) template = NULL;

  g_return_val_if_fail (GENKIT_IS_HANDLEBARS (self), NULL);
  g_return_val_if_fail (source != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(template = genkit_handlebars_compile (self, source, -1, NULL, error)))
    return NULL;
  return genkit_handlebars_template_render (template, context, data, error);
}

/**
 * genkit_handlebars_compile_at:
 * @self: a [class@Genkit.Handlebars]
 * @source: the template
 * @length: the length of @source in bytes, or -1 if it is nul-terminated
 * @filename: (nullable): the file @source comes from, for error messages
 * @first_line: the line of @source's first character in that file, from 1
 * @first_column: the column of @source's first character in that file, from 1
 * @error: return location for a %GENKIT_HANDLEBARS_ERROR
 *
 * Like [method@Genkit.Handlebars.compile] for a template that starts inside a file, such as
 * the body of a `.prompt` file after its frontmatter: error positions are then positions in
 * the file.
 *
 * Returns: (transfer full) (nullable): the template, or %NULL with @error set
 */
GenkitHandlebarsTemplate *
genkit_handlebars_compile_at (GenkitHandlebars  *self,
                              const char        *source,
                              gssize             length,
                              const char        *filename,
                              guint              first_line,
                              guint              first_column,
                              GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_HANDLEBARS (self), NULL);
  g_return_val_if_fail (source != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return _genkit_handlebars_template_new (self, source != NULL ? source : "",
                                          length < 0 ? strlen (source) : (gsize) length,
                                          filename, MAX (first_line, 1), MAX (first_column, 1),
                                          error);
}

/* Changes whenever templates compiled before may classify names differently. */
guint
_genkit_handlebars_get_generation (GenkitHandlebars *self)
{
  return self->generation;
}

/* Dotprompt's identifyPartials(): the static partial names of @source, from the parse tree
 * alone (Handlebars.parse(), no helper checks). */
GPtrArray *
_genkit_handlebars_parse_partial_names (GenkitHandlebars  *self,
                                        const char        *source,
                                        const char        *filename,
                                        guint              first_line,
                                        guint              first_column,
                                        GError           **error)
{
  HbSource src = { source, strlen (source), filename, first_line, first_column };
  GPtrArray *names;
  HbProgram *root;
  const char *bad;

  if (!g_utf8_validate (source, -1, &bad))
    {
      _hb_set_error (error, &src, bad - source, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                     "the template is not valid UTF-8");
      return NULL;
    }
  if ((root = _hb_parse (&src, error)) == NULL)
    return NULL;
  names = g_ptr_array_new_with_free_func (g_free);
  _hb_collect_partials (root, names);
  _hb_program_free (root);
  return names;
}
