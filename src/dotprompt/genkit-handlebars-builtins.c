/* genkit-handlebars-builtins.c — Handlebars' built-in helpers: if, unless, each, with,
 * lookup, log
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * Each follows its counterpart in handlebars.js' lib/handlebars/helpers/, including the
 * argument checks and their messages.
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt-json-private.h"
#include "genkit-handlebars-private.h"

/* Returns what options.fn() or options.inverse() returned, as the JavaScript helpers do. */
static gboolean
render_and_return (GenkitHandlebarsHelperCall  *call,
                   gboolean                     inverse,
                   HbValue                      context,
                   HbFrame                     *data,
                   HbValue                     *block_params,
                   guint                        n_block_params,
                   GError                     **error)
{
  HbValue result;

  if (!_hb_helper_call_render (call, inverse, context, data, block_params, n_block_params,
                               &result, error))
    return FALSE;
  _hb_helper_call_set_result (call, result);
  return TRUE;
}

static gboolean
require_one_argument (GenkitHandlebarsHelperCall  *call,
                      GError                     **error)
{
  if (genkit_handlebars_helper_call_get_n_params (call) == 1)
    return TRUE;
  g_set_error (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_HELPER,
               "#%s requires exactly one argument", genkit_handlebars_helper_call_get_name (call));
  return FALSE;
}

/* if: the block unless the value is falsy (0 only with includeZero=false) or an empty
 * array. */
static gboolean
hb_if (GenkitHandlebarsHelperCall  *call,
       gpointer                     user_data,
       GError                     **error)
{
  gboolean negate = GPOINTER_TO_INT (user_data);
  HbValue conditional;
  gboolean include_zero;
  gboolean show;

  if (!require_one_argument (call, error))
    return FALSE;

  conditional = _hb_helper_call_get_param_value (call, 0);
  include_zero = _genkit_js_truthy (genkit_handlebars_helper_call_get_hash (call, "includeZero"));
  show = !((!include_zero && !conditional.safe && !_genkit_js_truthy (conditional.node)) ||
           _hb_value_is_empty (conditional));

  /* unless is if with the blocks swapped */
  return render_and_return (call, show == negate, _hb_helper_call_get_context_value (call),
                            NULL, NULL, 0, error);
}

/* with: the block with the value as context (and block parameter), unless it is empty. */
static gboolean
hb_with (GenkitHandlebarsHelperCall  *call,
         gpointer                     user_data,
         GError                     **error)
{
  HbValue context;

  if (!require_one_argument (call, error))
    return FALSE;

  context = _hb_helper_call_get_param_value (call, 0);
  if (!_hb_value_is_empty (context))
    return render_and_return (call, FALSE, context, NULL, &context, 1, error);
  return render_and_return (call, TRUE, _hb_helper_call_get_context_value (call), NULL, NULL, 0,
                            error);
}

/* each: the block once per array element or object member, with @index, @key, @first,
 * @last and the block parameters |value key|; the inverse when there is none. */
static gboolean
hb_each (GenkitHandlebarsHelperCall  *call,
         gpointer                     user_data,
         GError                     **error)
{
  HbRender *r = _hb_helper_call_get_render (call);
  HbValue context;
  GenkitJsKind kind;
  GString *out;
  guint count = 0;

  if (genkit_handlebars_helper_call_get_n_params (call) == 0)
    {
      g_set_error_literal (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_HELPER,
                           "Must pass iterator to #each");
      return FALSE;
    }
  if (genkit_handlebars_helper_call_get_n_params (call) > 1)
    {
      g_set_error_literal (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_HELPER,
                           "#each takes one argument (its second would be taken for the "
                           "helper's options)");
      return FALSE;
    }
  if (!genkit_handlebars_helper_call_is_block (call))
    {
      g_set_error_literal (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_HELPER,
                           "the helper 'each' has no block to render: use it as "
                           "{{#each …}}…{{/each}}");
      return FALSE;
    }

  context = _hb_helper_call_get_param_value (call, 0);
  if (context.safe)
    {
      /* A SafeString is an object, {string: "…"}: Object.keys() gives "string". */
      JsonObject *wrapper = json_object_new ();
      JsonNode *node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_member (wrapper, "string", json_node_ref (context.node));
      json_node_take_object (node, wrapper);
      context.node = _hb_render_keep (r, node);
      context.safe = FALSE;
    }
  kind = _genkit_js_kind (context.node);
  /* ret = ret + fn(...), from '': always a string */
  out = g_string_new (NULL);

  if (kind == GENKIT_JS_ARRAY || kind == GENKIT_JS_OBJECT)
    {
      HbFrame *frame = _hb_frame_new (r, _hb_helper_call_get_frame (call));
      g_autoptr(GPtrArray) keys = NULL;
      JsonArray *array = NULL;
      JsonObject *object = NULL;
      guint n;

      if (kind == GENKIT_JS_ARRAY)
        {
          array = json_node_get_array (context.node);
          n = json_array_get_length (array);
        }
      else
        {
          object = json_node_get_object (context.node);
          keys = _genkit_js_object_keys (object);
          n = keys->len;
        }

      for (guint i = 0; i < n; i++)
        {
          HbValue params[2] = { { NULL, FALSE }, { NULL, FALSE } };
          HbValue index = { _hb_render_keep (r, _genkit_js_number_node (i)), FALSE };
          HbValue first = { i == 0 ? r->true_node : r->false_node, FALSE };
          HbValue last = { i == n - 1 ? r->true_node : r->false_node, FALSE };
          HbValue key;

          if (array != NULL)
            {
              params[0].node = json_array_get_element (array, i);
              key = index;
            }
          else
            {
              JsonNode *name = json_node_new (JSON_NODE_VALUE);

              json_node_set_string (name, keys->pdata[i]);
              params[0].node = json_object_get_member (object, keys->pdata[i]);
              key.node = _hb_render_keep (r, name);
              key.safe = FALSE;
            }
          params[1] = key;

          _hb_frame_set (frame, "key", key);
          _hb_frame_set (frame, "index", index);
          _hb_frame_set (frame, "first", first);
          _hb_frame_set (frame, "last", last);

          if (!_hb_helper_call_render_append (call, FALSE, params[0], frame, params, 2, out,
                                              error))
            {
              g_string_free (out, TRUE);
              return FALSE;
            }
          count++;
        }
    }

  if (count == 0)
    {
      g_string_free (out, TRUE);
      return render_and_return (call, TRUE, _hb_helper_call_get_context_value (call), NULL,
                                NULL, 0, error);
    }

  _hb_helper_call_set_result (call, _hb_value_string (r, g_string_free (out, FALSE)));
  return TRUE;
}

/* lookup: obj[field], or obj itself when it is falsy. */
static gboolean
hb_lookup (GenkitHandlebarsHelperCall  *call,
           gpointer                     user_data,
           GError                     **error)
{
  HbValue obj = _hb_helper_call_get_param_value (call, 0);
  HbValue field = _hb_helper_call_get_param_value (call, 1);
  HbValue result = { NULL, FALSE };
  g_autofree char *key = NULL;

  if (!obj.safe && !_genkit_js_truthy (obj.node))
    {
      _hb_helper_call_set_result (call, obj);
      return TRUE;
    }

  if (genkit_handlebars_helper_call_get_n_params (call) < 2)
    key = g_strdup ("[object Object]");   /* the options object taken as the field */
  else
    key = _genkit_js_to_string (field.node);

  if (obj.safe)
    {
      /* A SafeString's only own property is `string`. */
      if (g_str_equal (key, "string"))
        result.node = obj.node;
    }
  else
    {
      result.node = _genkit_js_get_property (obj.node, key, _hb_helper_call_get_render (call)->arena);
    }
  _hb_helper_call_set_result (call, result);
  return TRUE;
}

static void
append_log_argument (GString  *out,
                     JsonNode *node)
{
  switch (_genkit_js_kind (node))
    {
    case GENKIT_JS_STRING:
      g_string_append (out, json_node_get_string (node));
      break;
    case GENKIT_JS_ARRAY:
    case GENKIT_JS_OBJECT:
      _genkit_js_json_stringify (out, node, NULL);
      break;
    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
    case GENKIT_JS_BOOLEAN:
    case GENKIT_JS_NUMBER:
    default:
      _genkit_js_append_string (out, node);
      break;
    }
}

/* log: the arguments to the environment's log, at hash.level, @level or "info". */
static gboolean
hb_log (GenkitHandlebarsHelperCall  *call,
        gpointer                     user_data,
        GError                     **error)
{
  HbRender *r = _hb_helper_call_get_render (call);
  g_autoptr(GString) message = g_string_new (NULL);
  g_autofree char *level = NULL;
  JsonNode *level_node = NULL;

  if (genkit_handlebars_helper_call_has_hash (call, "level") &&
      _genkit_js_kind (genkit_handlebars_helper_call_get_hash (call, "level")) > GENKIT_JS_NULL)
    level_node = genkit_handlebars_helper_call_get_hash (call, "level");
  else
    {
      JsonNode *data_level = genkit_handlebars_helper_call_lookup_data (call, "level");

      if (_genkit_js_kind (data_level) > GENKIT_JS_NULL)
        level_node = data_level;
    }
  level = level_node != NULL ? _genkit_js_to_string (level_node) : g_strdup ("info");

  for (guint i = 0; i < genkit_handlebars_helper_call_get_n_params (call); i++)
    {
      if (i > 0)
        g_string_append_c (message, ' ');
      append_log_argument (message, genkit_handlebars_helper_call_get_param (call, i));
    }

  _genkit_handlebars_emit_log (r->env, level, message->str);
  return TRUE;
}

void
_genkit_handlebars_register_builtins (GenkitHandlebars *self)
{
  genkit_handlebars_register_helper (self, "if", hb_if, GINT_TO_POINTER (FALSE), NULL);
  genkit_handlebars_register_helper (self, "unless", hb_if, GINT_TO_POINTER (TRUE), NULL);
  genkit_handlebars_register_helper (self, "each", hb_each, NULL, NULL);
  genkit_handlebars_register_helper (self, "with", hb_with, NULL, NULL);
  genkit_handlebars_register_helper (self, "lookup", hb_lookup, NULL, NULL);
  genkit_handlebars_register_helper (self, "log", hb_log, NULL, NULL);
}
