/* genkit-dotprompt-helpers.c — Dotprompt's template helpers: role, history, section, media,
 * json, ifEquals, unlessEquals
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * As js/src/helpers.ts: the marker helpers return SafeStrings that toMessages() later splits
 * into messages and parts; json is JSON.stringify(); ifEquals/unlessEquals compare with ===.
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "genkit-dotprompt-json-private.h"
#include "genkit-dotprompt-private.h"
#include "genkit-handlebars-private.h"

/* `${value}` of a template literal: String(), a SafeString's text. */
static void
append_template_value (GString *out,
                       HbValue  value)
{
  _genkit_js_append_string (out, value.node);
}

static gboolean
marker_helper (GenkitHandlebarsHelperCall  *call,
               gpointer                     user_data,
               GError                     **error)
{
  const char *kind = user_data;
  GString *marker = g_string_new ("<<<dotprompt:");

  if (g_str_equal (kind, "role"))
    {
      g_string_append (marker, "role:");
      append_template_value (marker, _hb_helper_call_get_param_value (call, 0));
    }
  else if (g_str_equal (kind, "section"))
    {
      g_string_append (marker, "section ");
      append_template_value (marker, _hb_helper_call_get_param_value (call, 0));
    }
  else
    {
      g_string_append (marker, "history");
    }
  g_string_append (marker, ">>>");
  genkit_handlebars_helper_call_take_safe_string (call, g_string_free (marker, FALSE));
  return TRUE;
}

/* media(options): `<<<dotprompt:media:url ${hash.url}[ ${hash.contentType}]>>>` */
static gboolean
media_helper (GenkitHandlebarsHelperCall  *call,
              gpointer                     user_data,
              GError                     **error)
{
  GString *marker;
  JsonNode *content_type;

  if (genkit_handlebars_helper_call_get_n_params (call) > 0)
    {
      /* The first argument would be taken for the options object, which has no hash. */
      g_set_error_literal (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_HELPER,
                           "media takes hash arguments only: {{media url=… contentType=…}}");
      return FALSE;
    }

  marker = g_string_new ("<<<dotprompt:media:url ");
  _genkit_js_append_string (marker, genkit_handlebars_helper_call_get_hash (call, "url"));
  content_type = genkit_handlebars_helper_call_get_hash (call, "contentType");
  if (_genkit_js_truthy (content_type))
    {
      g_string_append_c (marker, ' ');
      _genkit_js_append_string (marker, content_type);
    }
  g_string_append (marker, ">>>");
  genkit_handlebars_helper_call_take_safe_string (call, g_string_free (marker, FALSE));
  return TRUE;
}

/* JSON.stringify's gap: a number of spaces (at most 10) or the first 10 characters of a
 * string; `indent || 0`. */
static char *
json_gap (JsonNode *indent)
{
  switch (_genkit_js_kind (indent))
    {
    case GENKIT_JS_NUMBER:
      {
        double n = _genkit_js_number (indent);

        if (isnan (n) || n < 1)
          return NULL;
        return g_strnfill ((gsize) MIN (10, floor (n)), ' ');
      }
    case GENKIT_JS_STRING:
      {
        const char *s = json_node_get_string (indent);

        if (s[0] == '\0')
          return NULL;
        if (g_utf8_strlen (s, -1) <= 10)
          return g_strdup (s);
        return g_utf8_substring (s, 0, 10);
      }
    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
    case GENKIT_JS_BOOLEAN:
    case GENKIT_JS_ARRAY:
    case GENKIT_JS_OBJECT:
    default:
      return NULL;
    }
}

/* json(serializable, {hash: {indent}}): JSON.stringify() as a SafeString */
static gboolean
json_helper (GenkitHandlebarsHelperCall  *call,
             gpointer                     user_data,
             GError                     **error)
{
  HbValue value = _hb_helper_call_get_param_value (call, 0);
  g_autofree char *gap = json_gap (genkit_handlebars_helper_call_get_hash (call, "indent"));
  GString *out = g_string_new (NULL);

  if (value.safe)
    {
      /* a SafeString object: {"string": "…"} */
      g_autoptr(JsonNode) wrapper = json_node_new (JSON_NODE_OBJECT);
      JsonObject *object = json_object_new ();

      json_object_set_member (object, "string", json_node_ref (value.node));
      json_node_take_object (wrapper, object);
      _genkit_js_json_stringify (out, wrapper, gap);
    }
  else if (!_genkit_js_json_stringify (out, value.node, gap))
    {
      /* JSON.stringify(undefined) is undefined; new SafeString(undefined) prints so. */
      g_string_append (out, "undefined");
    }

  genkit_handlebars_helper_call_take_safe_string (call, g_string_free (out, FALSE));
  return TRUE;
}

static gboolean
value_strict_equals (HbValue a,
                     HbValue b)
{
  if (a.safe || b.safe)
    return a.safe && b.safe && a.node == b.node;
  return _genkit_js_strict_equals (a.node, b.node);
}

/* ifEquals(a, b, options) / unlessEquals(a, b, options) */
static gboolean
equals_helper (GenkitHandlebarsHelperCall  *call,
               gpointer                     user_data,
               GError                     **error)
{
  gboolean negate = GPOINTER_TO_INT (user_data);
  const char *name = genkit_handlebars_helper_call_get_name (call);
  gboolean equal;
  HbValue result;

  if (genkit_handlebars_helper_call_get_n_params (call) != 2)
    {
      g_set_error (error, GENKIT_HANDLEBARS_ERROR, GENKIT_HANDLEBARS_ERROR_HELPER,
                   "#%s takes two arguments to compare", name);
      return FALSE;
    }

  equal = value_strict_equals (_hb_helper_call_get_param_value (call, 0),
                               _hb_helper_call_get_param_value (call, 1));

  if (!_hb_helper_call_render (call, equal == negate, _hb_helper_call_get_context_value (call),
                               NULL, NULL, 0, &result, error))
    return FALSE;
  _hb_helper_call_set_result (call, result);
  return TRUE;
}

/**
 * _genkit_dotprompt_register_helpers:
 * @handlebars: the environment of a [class@Genkit.Dotprompt]
 *
 * Registers Dotprompt's built-in helpers.
 */
void
_genkit_dotprompt_register_helpers (GenkitHandlebars *handlebars)
{
  genkit_handlebars_register_helper (handlebars, "json", json_helper, NULL, NULL);
  genkit_handlebars_register_helper (handlebars, "role", marker_helper, (gpointer) "role", NULL);
  genkit_handlebars_register_helper (handlebars, "history", marker_helper, (gpointer) "history",
                                     NULL);
  genkit_handlebars_register_helper (handlebars, "section", marker_helper, (gpointer) "section",
                                     NULL);
  genkit_handlebars_register_helper (handlebars, "media", media_helper, NULL, NULL);
  genkit_handlebars_register_helper (handlebars, "ifEquals", equals_helper,
                                     GINT_TO_POINTER (FALSE), NULL);
  genkit_handlebars_register_helper (handlebars, "unlessEquals", equals_helper,
                                     GINT_TO_POINTER (TRUE), NULL);
}
