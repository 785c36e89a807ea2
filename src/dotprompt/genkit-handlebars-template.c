/* genkit-handlebars-template.c — a compiled Handlebars template
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt-json-private.h"
#include "genkit-handlebars-private.h"

/**
 * GenkitHandlebarsTemplate:
 *
 * A template compiled by [method@Genkit.Handlebars.compile], ready to render any number of
 * times with different contexts. It keeps its environment: helpers and partials are looked
 * up there when it renders.
 */

struct _GenkitHandlebarsTemplate
{
  GObject           parent_instance;

  GenkitHandlebars *env;             /* owned unless env_borrowed */
  gboolean          env_borrowed;
  char             *source;
  char             *filename;
  HbSource          src;
  HbProgram        *root;
};

G_DEFINE_FINAL_TYPE (GenkitHandlebarsTemplate, genkit_handlebars_template, G_TYPE_OBJECT)

static void
genkit_handlebars_template_finalize (GObject *object)
{
  GenkitHandlebarsTemplate *self = GENKIT_HANDLEBARS_TEMPLATE (object);

  g_clear_pointer (&self->root, _hb_program_free);
  if (self->env_borrowed)
    self->env = NULL;
  else
    g_clear_object (&self->env);
  g_free (self->source);
  g_free (self->filename);

  G_OBJECT_CLASS (genkit_handlebars_template_parent_class)->finalize (object);
}

static void
genkit_handlebars_template_class_init (GenkitHandlebarsTemplateClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_handlebars_template_finalize;
}

static void
genkit_handlebars_template_init (GenkitHandlebarsTemplate *self)
{
}

GenkitHandlebarsTemplate *
_genkit_handlebars_template_new (GenkitHandlebars  *env,
                                 const char        *source,
                                 gsize              length,
                                 const char        *filename,
                                 guint              first_line,
                                 guint              first_column,
                                 GError           **error)
{
  g_autoptr(GenkitHandlebarsTemplate) self = g_object_new (GENKIT_TYPE_HANDLEBARS_TEMPLATE, NULL);
  const char *bad = NULL;

  self->env = g_object_ref (env);
  self->source = g_strndup (source, length);
  self->filename = g_strdup (filename);
  self->src.source = self->source;
  self->src.length = length;
  self->src.filename = self->filename;
  self->src.first_line = first_line;
  self->src.first_column = first_column;

  if (!g_utf8_validate (source, length, &bad))
    {
      _hb_set_error (error, &self->src, bad - source, GENKIT_HANDLEBARS_ERROR_SYNTAX,
                     bad - source < (gssize) length && *bad == '\0'
                       ? "the template contains a NUL character"
                       : "the template is not valid UTF-8");
      return NULL;
    }

  if (!(self->root = _hb_parse (&self->src, error)))
    return NULL;
  _hb_whitespace_control (self->root);
  if (!_hb_classify (self->root, env, &self->src, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* For a template its environment keeps (a compiled partial): drops the template's reference
 * to the environment, which would otherwise keep both alive. The environment must outlive
 * the template; it does, as it frees its cache when it goes. */
void
_genkit_handlebars_template_borrow_env (GenkitHandlebarsTemplate *self)
{
  if (self->env_borrowed)
    return;
  self->env_borrowed = TRUE;
  g_object_unref (self->env);
}

const HbSource *
_genkit_handlebars_template_get_hb_source (GenkitHandlebarsTemplate *self)
{
  return &self->src;
}

HbProgram *
_genkit_handlebars_template_get_program (GenkitHandlebarsTemplate *self)
{
  return self->root;
}

/**
 * genkit_handlebars_template_get_environment:
 * @self: a [class@Genkit.HandlebarsTemplate]
 *
 * The environment the template was compiled in.
 *
 * Returns: (transfer none): the environment
 */
GenkitHandlebars *
genkit_handlebars_template_get_environment (GenkitHandlebarsTemplate *self)
{
  g_return_val_if_fail (GENKIT_IS_HANDLEBARS_TEMPLATE (self), NULL);

  return self->env;
}

/**
 * genkit_handlebars_template_get_source:
 * @self: a [class@Genkit.HandlebarsTemplate]
 *
 * The template's text.
 *
 * Returns: (transfer none): the source
 */
const char *
genkit_handlebars_template_get_source (GenkitHandlebarsTemplate *self)
{
  g_return_val_if_fail (GENKIT_IS_HANDLEBARS_TEMPLATE (self), NULL);

  return self->source;
}

/**
 * genkit_handlebars_template_get_filename:
 * @self: a [class@Genkit.HandlebarsTemplate]
 *
 * The file name given when compiling, used in error messages.
 *
 * Returns: (transfer none) (nullable): the file name
 */
const char *
genkit_handlebars_template_get_filename (GenkitHandlebarsTemplate *self)
{
  g_return_val_if_fail (GENKIT_IS_HANDLEBARS_TEMPLATE (self), NULL);

  return self->filename;
}

/**
 * genkit_handlebars_template_get_partial_names:
 * @self: a [class@Genkit.HandlebarsTemplate]
 *
 * The names of the partials the template includes by a fixed name (`{{> name}}` and
 * `{{> "name"}}`, not dynamic `{{> (expr)}}` names nor partial blocks), once each, in order
 * of appearance: what must be registered before it renders. Dotprompt resolves these
 * through its partial resolver.
 *
 * Returns: (transfer full): a %NULL-terminated array of names
 */
GStrv
genkit_handlebars_template_get_partial_names (GenkitHandlebarsTemplate *self)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (GENKIT_IS_HANDLEBARS_TEMPLATE (self), NULL);

  _hb_collect_partials (self->root, names);
  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

static void
frame_free_cb (gpointer data)
{
  HbFrame *frame = data;

  g_ptr_array_unref (frame->names);
  g_array_unref (frame->values);
  g_free (frame);
}

void
_hb_render_init (HbRender         *render,
                 GenkitHandlebars *env)
{
  memset (render, 0, sizeof *render);
  render->env = env;
  render->arena = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  render->frames = g_ptr_array_new_with_free_func (frame_free_cb);
  _genkit_handlebars_get_limits (env, &render->max_output, &render->max_steps);
  render->true_node = json_node_new (JSON_NODE_VALUE);
  json_node_set_boolean (render->true_node, TRUE);
  render->false_node = json_node_new (JSON_NODE_VALUE);
  json_node_set_boolean (render->false_node, FALSE);
  _hb_render_keep (render, render->true_node);
  _hb_render_keep (render, render->false_node);
}

void
_hb_render_clear (HbRender *render)
{
  g_clear_pointer (&render->frames, g_ptr_array_unref);
  g_clear_pointer (&render->arena, g_ptr_array_unref);
}

/**
 * genkit_handlebars_template_render:
 * @self: a [class@Genkit.HandlebarsTemplate]
 * @context: (nullable): the template's context (`this` at the top level); %NULL stands for
 *   `undefined`
 * @data: (nullable): data variables (`@name` in the template), as handlebars.js' `data`
 *   render option; `@root` is @context unless @data has a `root` member
 * @error: return location for a %GENKIT_HANDLEBARS_ERROR, or the error of a helper
 *
 * Renders the template. Failures during the render — an unknown partial, a helper's error, a
 * limit — are reported with the line and column of the tag that failed.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL with @error set
 */
char *
genkit_handlebars_template_render (GenkitHandlebarsTemplate  *self,
                                   JsonNode                  *context,
                                   JsonObject                *data,
                                   GError                   **error)
{
  HbRender render;
  HbFrame *frame = NULL;
  HbValue ctx = { context, FALSE };
  HbValue result;
  char *text = NULL;

  g_return_val_if_fail (GENKIT_IS_HANDLEBARS_TEMPLATE (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  _hb_render_init (&render, self->env);

  /* initData(): the given data, and over it a frame with `root` unless it has one. */
  if (data != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (data);

      frame = _hb_frame_new (&render, NULL);
      for (GList *l = members; l != NULL; l = l->next)
        {
          HbValue value = { json_object_get_member (data, l->data), FALSE };

          _hb_frame_set (frame, l->data, value);
        }
    }
  if (data == NULL || !json_object_has_member (data, "root"))
    {
      frame = _hb_frame_new (&render, frame);
      _hb_frame_set (frame, "root", ctx);
    }

  /* A template returns a lone value as is (`{{count}}`); the text is its string form. */
  if (_hb_render_template (&render, self, ctx, frame, &result, error))
    text = _hb_value_to_string (result);
  _hb_render_clear (&render);
  return text;
}
