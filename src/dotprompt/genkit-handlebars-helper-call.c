/* genkit-handlebars-helper-call.c — one call of a helper: its arguments, blocks and result
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt-json-private.h"
#include "genkit-handlebars-private.h"

/**
 * GenkitHandlebarsHelperCall:
 *
 * What a helper registered with [method@Genkit.Handlebars.register_helper] receives: the
 * evaluated arguments and hash, the context (`this`), the data variables (`@index`, `@root`,
 * ...), and, for a block helper, the block and its inverse (`{{else}}`) to render. This is
 * the `options` object of a Handlebars helper written in JavaScript, plus its arguments.
 *
 * A call lives on the stack of the render: it and the values it returns are valid only
 * while the helper function runs. Values are JSON nodes; %NULL stands for `undefined`. They
 * are the render's own data (the context and data given to the render, shared, not copied):
 * read them, never modify them; a helper that needs a changed value builds a new node.
 *
 * ```c
 * static gboolean
 * shout_helper (GenkitHandlebarsHelperCall  *call,
 *               gpointer                     user_data,
 *               GError                     **error)
 * {
 *   JsonNode *value = genkit_handlebars_helper_call_get_param (call, 0);
 *   g_autofree char *text = NULL;
 *
 *   if (value == NULL || !JSON_NODE_HOLDS_VALUE (value) ||
 *       json_node_get_value_type (value) != G_TYPE_STRING)
 *     return TRUE;  // prints nothing
 *
 *   text = g_utf8_strup (json_node_get_string (value), -1);
 *   genkit_handlebars_helper_call_return_string (call, text);
 *   return TRUE;
 * }
 * ```
 */

/**
 * genkit_handlebars_helper_call_get_name:
 * @self: a helper call
 *
 * The name the helper was called by.
 *
 * Returns: (transfer none): the helper's name
 */
const char *
genkit_handlebars_helper_call_get_name (GenkitHandlebarsHelperCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

/**
 * genkit_handlebars_helper_call_get_n_params:
 * @self: a helper call
 *
 * The number of positional arguments (`{{helper a b}}` has 2; hash arguments do not count).
 *
 * Returns: the number of arguments
 */
guint
genkit_handlebars_helper_call_get_n_params (GenkitHandlebarsHelperCall *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_params;
}

/**
 * genkit_handlebars_helper_call_get_param:
 * @self: a helper call
 * @index: which argument, from 0
 *
 * A positional argument's value. Literals (`"text"`, `12`, `true`, `null`) give their value,
 * paths the value they name, sub-expressions their helper's result.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL for `undefined` (a missing value,
 *   or @index past the last argument)
 */
JsonNode *
genkit_handlebars_helper_call_get_param (GenkitHandlebarsHelperCall *self,
                                         guint                       index)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (index >= self->n_params)
    return NULL;
  return self->params[index].node;
}

static int
hash_index (GenkitHandlebarsHelperCall *self,
            const char                 *key)
{
  if (self->hash_keys == NULL || self->hash_values == NULL)
    return -1;
  for (guint i = self->hash_keys->len; i > 0; i--)
    if (g_str_equal (self->hash_keys->pdata[i - 1], key))
      return (int) i - 1;
  return -1;
}

/**
 * genkit_handlebars_helper_call_has_hash:
 * @self: a helper call
 * @key: a hash argument's name
 *
 * Whether the call has the hash argument @key (`{{helper key=value}}`), even if its value is
 * `undefined`.
 *
 * Returns: %TRUE if @key was given
 */
gboolean
genkit_handlebars_helper_call_has_hash (GenkitHandlebarsHelperCall *self,
                                        const char                 *key)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  return hash_index (self, key) >= 0;
}

/**
 * genkit_handlebars_helper_call_get_hash:
 * @self: a helper call
 * @key: a hash argument's name
 *
 * A hash argument's value (`options.hash[key]`); when a key is given twice, the last wins.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL for `undefined`
 */
JsonNode *
genkit_handlebars_helper_call_get_hash (GenkitHandlebarsHelperCall *self,
                                        const char                 *key)
{
  int i;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if ((i = hash_index (self, key)) < 0)
    return NULL;
  return self->hash_values[i].node;
}

/**
 * genkit_handlebars_helper_call_get_hash_keys:
 * @self: a helper call
 *
 * The names of the hash arguments, in the order they were written.
 *
 * Returns: (transfer full): a %NULL-terminated array of names, empty without a hash
 */
GStrv
genkit_handlebars_helper_call_get_hash_keys (GenkitHandlebarsHelperCall *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (self != NULL, NULL);

  if (self->hash_keys != NULL)
    for (guint i = 0; i < self->hash_keys->len; i++)
      g_strv_builder_add (builder, self->hash_keys->pdata[i]);
  return g_strv_builder_end (builder);
}

/**
 * genkit_handlebars_helper_call_get_context:
 * @self: a helper call
 *
 * The context the helper was called in: `this` in a JavaScript helper.
 *
 * Returns: (transfer none) (nullable): the context, or %NULL for `undefined`
 */
JsonNode *
genkit_handlebars_helper_call_get_context (GenkitHandlebarsHelperCall *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->scope->context.node;
}

/**
 * genkit_handlebars_helper_call_lookup_data:
 * @self: a helper call
 * @name: a data variable's name without the `@`: `root`, `index`, `key`, `first`, `last`,
 *   or one given with the render's data
 *
 * A data variable of the current frame (`options.data[name]`), as `{{@name}}` would find it.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL for `undefined`
 */
JsonNode *
genkit_handlebars_helper_call_lookup_data (GenkitHandlebarsHelperCall *self,
                                           const char                 *name)
{
  HbValue value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  _hb_frame_lookup (self->scope->data, name, &value);
  return value.node;
}

/**
 * genkit_handlebars_helper_call_is_block:
 * @self: a helper call
 *
 * Whether the helper was called as a block (`{{#helper}}…{{/helper}}`), so that
 * [method@Genkit.HandlebarsHelperCall.render_block] and
 * [method@Genkit.HandlebarsHelperCall.render_inverse] can be used.
 *
 * Returns: %TRUE for a block call
 */
gboolean
genkit_handlebars_helper_call_is_block (GenkitHandlebarsHelperCall *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->fn != NULL;
}

/**
 * genkit_handlebars_helper_call_get_n_block_params:
 * @self: a helper call
 *
 * How many block parameters the block declares (`{{#helper x as |a b|}}` declares 2).
 *
 * Returns: the number of declared block parameters
 */
guint
genkit_handlebars_helper_call_get_n_block_params (GenkitHandlebarsHelperCall *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_block_params;
}

static char *
render_closure (GenkitHandlebarsHelperCall  *self,
                HbClosure                   *closure,
                HbValue                      context,
                HbFrame                     *data,
                HbValue                     *block_params,
                guint                        n_block_params,
                GError                     **error)
{
  HbValue result;

  if (!_hb_call_closure (self->render, closure, context, data, block_params, n_block_params,
                         &result, error))
    {
      self->nested_failed = TRUE;
      return NULL;
    }
  return _hb_value_to_string (result);
}

static gboolean
check_block (GenkitHandlebarsHelperCall  *self,
             GError                     **error)
{
  if (self->fn != NULL)
    return TRUE;
  g_set_error (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_HELPER,
               "the helper '%s' has no block to render: use it as {{#%s …}}…{{/%s}}",
               self->name, self->name, self->name);
  return FALSE;
}

/**
 * _hb_helper_call_render:
 * @self: a helper call
 * @inverse: %TRUE for the inverse (`{{else}}`) program
 * @context: the block's context
 * @data: (nullable): its data frame, or %NULL for the helper's
 * @block_params: (array length=n_block_params): the block parameters' values
 * @n_block_params: their number
 * @result: (out): what the program returns (a string, or a lone value as is)
 * @error: return location for an error
 *
 * options.fn(context, {data, blockParams}) with full values (SafeStrings included).
 *
 * Returns: %TRUE on success
 */
gboolean
_hb_helper_call_render (GenkitHandlebarsHelperCall  *self,
                        gboolean                     inverse,
                        HbValue                      context,
                        HbFrame                     *data,
                        HbValue                     *block_params,
                        guint                        n_block_params,
                        HbValue                     *result,
                        GError                     **error)
{
  if (!check_block (self, error))
    return FALSE;
  if (!_hb_call_closure (self->render, inverse ? self->inverse : self->fn, context, data,
                         block_params, n_block_params, result, error))
    {
      self->nested_failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

/* The same, appending the block's result to @out as `out + fn(...)` does, without making a
 * node of it: what #each does for every element. */
gboolean
_hb_helper_call_render_append (GenkitHandlebarsHelperCall  *self,
                               gboolean                     inverse,
                               HbValue                      context,
                               HbFrame                     *data,
                               HbValue                     *block_params,
                               guint                        n_block_params,
                               GString                     *out,
                               GError                     **error)
{
  HbValue result;

  if (!check_block (self, error))
    return FALSE;
  self->render->pending_sink = out;
  if (!_hb_call_closure (self->render, inverse ? self->inverse : self->fn, context, data,
                         block_params, n_block_params, &result, error))
    {
      self->render->pending_sink = NULL;
      self->nested_failed = TRUE;
      return FALSE;
    }
  if (self->render->pending_sink != NULL)
    {
      /* No program ran (an empty block): its result is "". */
      self->render->pending_sink = NULL;
    }
  return TRUE;
}

/**
 * genkit_handlebars_helper_call_render_block:
 * @self: a helper call
 * @context: (nullable): the context of the block (`this` inside it), usually
 *   [method@Genkit.HandlebarsHelperCall.get_context] or a value derived from the arguments
 * @error: return location for an error
 *
 * Renders the block of a block helper, `options.fn(context)`. Fails if the helper was not
 * called as a block.
 *
 * Returns: (transfer full) (nullable): the rendered text, or %NULL with @error set
 */
char *
genkit_handlebars_helper_call_render_block (GenkitHandlebarsHelperCall  *self,
                                            JsonNode                    *context,
                                            GError                     **error)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return genkit_handlebars_helper_call_render_block_full (self, context, NULL, NULL, 0, error);
}

/**
 * genkit_handlebars_helper_call_render_block_full:
 * @self: a helper call
 * @context: (nullable): the context of the block
 * @data: (nullable): data variables for the block, in a new frame over the current one
 *   (`@index`, `@first`, ... as `{{#each}}` sets them), or %NULL to keep the current frame
 * @block_params: (array length=n_block_params) (nullable): values for the block's
 *   parameters (`as |a b|`), in order
 * @n_block_params: the number of @block_params
 * @error: return location for an error
 *
 * Renders the block of a block helper as `options.fn(context, {data, blockParams})` does.
 *
 * Returns: (transfer full) (nullable): the rendered text, or %NULL with @error set
 */
char *
genkit_handlebars_helper_call_render_block_full (GenkitHandlebarsHelperCall  *self,
                                                 JsonNode                    *context,
                                                 JsonObject                  *data,
                                                 JsonNode * const            *block_params,
                                                 guint                        n_block_params,
                                                 GError                     **error)
{
  g_autofree HbValue *params = NULL;
  HbFrame *frame = NULL;
  HbValue ctx = { context, FALSE };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n_block_params == 0 || block_params != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_block (self, error))
    return NULL;

  /* Nodes the caller made may go away before the render ends: keep references. */
  if (context != NULL)
    _hb_render_keep (self->render, json_node_ref (context));

  if (data != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (data);

      frame = _hb_frame_new (self->render, self->scope->data);
      for (GList *l = members; l != NULL; l = l->next)
        {
          HbValue value = { json_object_get_member (data, l->data), FALSE };

          _hb_render_keep (self->render, json_node_ref (value.node));
          _hb_frame_set (frame, l->data, value);
        }
    }

  if (n_block_params > 0)
    {
      params = g_new0 (HbValue, n_block_params);
      for (guint i = 0; i < n_block_params; i++)
        {
          params[i].node = block_params[i];
          if (block_params[i] != NULL)
            _hb_render_keep (self->render, json_node_ref (block_params[i]));
        }
    }

  return render_closure (self, self->fn, ctx, frame, params, n_block_params, error);
}

/**
 * genkit_handlebars_helper_call_render_inverse:
 * @self: a helper call
 * @context: (nullable): the context of the inverse block
 * @error: return location for an error
 *
 * Renders the inverse block (after `{{else}}`) of a block helper, `options.inverse(context)`;
 * the text is empty when the block has no `{{else}}`.
 *
 * Returns: (transfer full) (nullable): the rendered text, or %NULL with @error set
 */
char *
genkit_handlebars_helper_call_render_inverse (GenkitHandlebarsHelperCall  *self,
                                              JsonNode                    *context,
                                              GError                     **error)
{
  HbValue ctx = { context, FALSE };

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_block (self, error))
    return NULL;
  if (context != NULL)
    _hb_render_keep (self->render, json_node_ref (context));
  return render_closure (self, self->inverse, ctx, NULL, NULL, 0, error);
}

/**
 * genkit_handlebars_helper_call_return_value:
 * @self: a helper call
 * @value: (nullable): the result; %NULL for `undefined`
 *
 * Sets the helper's result to a JSON value: a mustache prints it the way JavaScript turns it
 * into a string (HTML-escaped unless the environment has `no-escape`), a sub-expression
 * passes it on as an argument. The call keeps a reference to @value.
 */
void
genkit_handlebars_helper_call_return_value (GenkitHandlebarsHelperCall *self,
                                            JsonNode                   *value)
{
  g_return_if_fail (self != NULL);

  self->result.node = value != NULL ? _hb_render_keep (self->render, json_node_ref (value)) : NULL;
  self->result.safe = FALSE;
}

/**
 * genkit_handlebars_helper_call_return_string:
 * @self: a helper call
 * @text: (nullable): the result text; %NULL for `undefined`
 *
 * Sets the helper's result to a string, which is HTML-escaped when printed (unless the
 * environment has `no-escape`).
 */
void
genkit_handlebars_helper_call_return_string (GenkitHandlebarsHelperCall *self,
                                             const char                 *text)
{
  JsonNode *node = NULL;

  g_return_if_fail (self != NULL);

  if (text != NULL)
    {
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, text);
    }
  self->result.node = _hb_render_keep (self->render, node);
  self->result.safe = FALSE;
}

/**
 * genkit_handlebars_helper_call_take_safe_string:
 * @self: a helper call
 * @text: (transfer full): the result text
 *
 * Like [method@Genkit.HandlebarsHelperCall.return_safe_string], taking @text.
 */
void
genkit_handlebars_helper_call_take_safe_string (GenkitHandlebarsHelperCall *self,
                                                char                       *text)
{
  JsonNode *node;

  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  node = _genkit_js_string_node_take (text);
  self->result.node = _hb_render_keep (self->render, node);
  self->result.safe = TRUE;
}

/**
 * genkit_handlebars_helper_call_return_safe_string:
 * @self: a helper call
 * @text: the result text
 *
 * Sets the helper's result to a `Handlebars.SafeString`: text that is printed as is, never
 * HTML-escaped. Like a SafeString object in JavaScript it counts as true in `{{#if}}` even
 * when empty.
 */
void
genkit_handlebars_helper_call_return_safe_string (GenkitHandlebarsHelperCall *self,
                                                  const char                 *text)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (text != NULL);

  genkit_handlebars_helper_call_take_safe_string (self, g_strdup (text));
}

/* Private accessors for the built-in and Dotprompt helpers, which need the full value. */

HbValue
_hb_helper_call_get_param_value (GenkitHandlebarsHelperCall *self,
                                 guint                       index)
{
  HbValue undefined = { NULL, FALSE };

  if (index >= self->n_params)
    return undefined;
  return self->params[index];
}

HbValue
_hb_helper_call_get_context_value (GenkitHandlebarsHelperCall *self)
{
  return self->scope->context;
}

void
_hb_helper_call_set_result (GenkitHandlebarsHelperCall *self,
                            HbValue                     value)
{
  self->result = value;
}

HbRender *
_hb_helper_call_get_render (GenkitHandlebarsHelperCall *self)
{
  return self->render;
}

HbFrame *
_hb_helper_call_get_frame (GenkitHandlebarsHelperCall *self)
{
  return self->scope->data;
}
