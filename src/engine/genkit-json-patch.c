/* genkit-json-patch.c — RFC 6902 JSON Patch: the diffs agents stream for their custom state
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "genkit-error.h"
#include "genkit-json-patch.h"
#include "genkit-session-private.h"

/* Genkit streams changes of an agent's custom state as JSON Patch (`customPatch` chunks,
 * `js/ai/src/json-patch.ts`). The diff below emits what Genkit's does, operation for
 * operation: members in the order of the old object then the new one, arrays index by index
 * with `-` appends and tail removals from the back, a `replace` wherever types or primitives
 * differ. Applying is as lenient as Genkit's (missing containers are created, removing what
 * is not there does nothing) but never reads or writes out of bounds: patches come from other
 * processes. */

/* Equality -------------------------------------------------------------------------------- */

static gboolean
node_is_number (JsonNode *node,
                double   *value)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    *value = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *value = json_node_get_double (node);
  else
    return FALSE;
  return TRUE;
}

/**
 * genkit_json_equal:
 * @a: (nullable): a JSON value, %NULL for "no value"
 * @b: (nullable): a JSON value, %NULL for "no value"
 *
 * Compares two JSON values structurally as JavaScript's `deepEqual` over parsed JSON does:
 * numbers by value (`1` equals `1.0`), objects regardless of member order, arrays element by
 * element.
 *
 * Returns: %TRUE if @a and @b hold the same JSON value
 */
gboolean
genkit_json_equal (JsonNode *a,
                   JsonNode *b)
{
  double da, db;

  if (a == NULL || b == NULL)
    return a == b;

  if (node_is_number (a, &da) && node_is_number (b, &db))
    return da == db;

  if (JSON_NODE_TYPE (a) != JSON_NODE_TYPE (b))
    return FALSE;

  switch (JSON_NODE_TYPE (a))
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      if (json_node_get_value_type (a) != json_node_get_value_type (b))
        return FALSE;
      if (json_node_get_value_type (a) == G_TYPE_STRING)
        return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
      if (json_node_get_value_type (a) == G_TYPE_BOOLEAN)
        return json_node_get_boolean (a) == json_node_get_boolean (b);
      return FALSE;

    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a);
        JsonArray *y = json_node_get_array (b);
        guint n = json_array_get_length (x);

        if (n != json_array_get_length (y))
          return FALSE;
        for (guint i = 0; i < n; i++)
          if (!genkit_json_equal (json_array_get_element (x, i), json_array_get_element (y, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a);
        JsonObject *y = json_node_get_object (b);
        g_autoptr(GList) members = NULL;

        if (json_object_get_size (x) != json_object_get_size (y))
          return FALSE;
        members = json_object_get_members (x);
        for (GList *l = members; l != NULL; l = l->next)
          {
            JsonNode *other = json_object_get_member (y, l->data);

            if (other == NULL || !genkit_json_equal (json_object_get_member (x, l->data), other))
              return FALSE;
          }
        return TRUE;
      }

    default:
      return FALSE;
    }
}

/* Diff ------------------------------------------------------------------------------------ */

static char *
escape_token (const char *token)
{
  GString *out = g_string_new (NULL);

  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p == '~')
        g_string_append (out, "~0");
      else if (*p == '/')
        g_string_append (out, "~1");
      else
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
add_operation (JsonArray  *patch,
               const char *op,
               const char *path,
               JsonNode   *value)
{
  JsonObject *operation = json_object_new ();

  json_object_set_string_member (operation, "op", op);
  json_object_set_string_member (operation, "path", path);
  /* An undefined value is dropped by JSON.stringify: so is ours. */
  if (value != NULL)
    json_object_set_member (operation, "value", _genkit_json_deep_copy (value));
  json_array_add_object_element (patch, operation);
}

static void
diff_recursive (JsonNode   *from,
                JsonNode   *to,
                const char *pointer,
                JsonArray  *patch)
{
  if (genkit_json_equal (from, to))
    return;

  if (from != NULL && to != NULL && JSON_NODE_HOLDS_OBJECT (from) && JSON_NODE_HOLDS_OBJECT (to))
    {
      JsonObject *a = json_node_get_object (from);
      JsonObject *b = json_node_get_object (to);
      g_autoptr(GList) from_keys = json_object_get_members (a);
      g_autoptr(GList) to_keys = json_object_get_members (b);

      for (GList *l = from_keys; l != NULL; l = l->next)
        {
          g_autofree char *token = escape_token (l->data);
          g_autofree char *child = g_strconcat (pointer, "/", token, NULL);
          JsonNode *other = json_object_get_member (b, l->data);

          if (other == NULL)
            add_operation (patch, "remove", child, NULL);
          else
            diff_recursive (json_object_get_member (a, l->data), other, child, patch);
        }
      for (GList *l = to_keys; l != NULL; l = l->next)
        {
          g_autofree char *token = NULL;
          g_autofree char *child = NULL;

          if (json_object_has_member (a, l->data))
            continue;
          token = escape_token (l->data);
          child = g_strconcat (pointer, "/", token, NULL);
          add_operation (patch, "add", child, json_object_get_member (b, l->data));
        }
      return;
    }

  if (from != NULL && to != NULL && JSON_NODE_HOLDS_ARRAY (from) && JSON_NODE_HOLDS_ARRAY (to))
    {
      JsonArray *a = json_node_get_array (from);
      JsonArray *b = json_node_get_array (to);
      guint na = json_array_get_length (a);
      guint nb = json_array_get_length (b);

      for (guint i = 0; i < MIN (na, nb); i++)
        {
          g_autofree char *child = g_strdup_printf ("%s/%u", pointer, i);

          diff_recursive (json_array_get_element (a, i), json_array_get_element (b, i), child, patch);
        }
      if (nb > na)
        {
          g_autofree char *append = g_strconcat (pointer, "/-", NULL);

          for (guint i = na; i < nb; i++)
            add_operation (patch, "add", append, json_array_get_element (b, i));
        }
      else
        for (guint i = na; i > nb; i--)
          {
            g_autofree char *child = g_strdup_printf ("%s/%u", pointer, i - 1);

            add_operation (patch, "remove", child, NULL);
          }
      return;
    }

  add_operation (patch, "replace", pointer, to);
}

/**
 * genkit_json_patch_diff:
 * @from: (nullable): the old document, %NULL for none
 * @to: (nullable): the new document, %NULL for none
 *
 * Computes the JSON Patch that turns @from into @to, with only `add`, `remove` and `replace`
 * operations, exactly as Genkit's `diff()` (`js/ai/src/json-patch.ts`) orders them. Equal
 * documents give an empty patch.
 *
 * Returns: (transfer full): the patch, a JSON array of operations
 */
JsonNode *
genkit_json_patch_diff (JsonNode *from,
                        JsonNode *to)
{
  JsonArray *patch = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  diff_recursive (from, to, "", patch);
  json_node_take_array (node, patch);
  return node;
}

/* Apply ----------------------------------------------------------------------------------- */

static gboolean
parse_pointer (const char  *pointer,
               GPtrArray  **tokens,
               GError     **error)
{
  g_auto(GStrv) parts = NULL;

  *tokens = g_ptr_array_new_with_free_func (g_free);
  if (pointer[0] == '\0')
    return TRUE;
  if (pointer[0] != '/')
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Invalid JSON Pointer: \"%s\" must start with \"/\".", pointer);
      g_clear_pointer (tokens, g_ptr_array_unref);
      return FALSE;
    }
  parts = g_strsplit (pointer + 1, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      GString *token = g_string_new (NULL);

      for (const char *p = parts[i]; *p != '\0'; p++)
        {
          if (p[0] == '~' && p[1] == '1')
            g_string_append_c (token, '/'), p++;
          else if (p[0] == '~' && p[1] == '0')
            g_string_append_c (token, '~'), p++;
          else
            g_string_append_c (token, *p);
        }
      g_ptr_array_add (*tokens, g_string_free (token, FALSE));
    }
  return TRUE;
}

/* An array index token: digits only, as JSON Pointer wants; -1 otherwise. */
static gint64
parse_index (const char *token)
{
  gint64 value = 0;

  if (token[0] == '\0' || strlen (token) > 9)
    return -1;
  for (const char *p = token; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return -1;
      value = value * 10 + (*p - '0');
    }
  return value;
}

static JsonNode *
child_of (JsonNode   *node,
          const char *token)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_member (json_node_get_object (node), token);
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      gint64 index = parse_index (token);

      if (index >= 0 && index < json_array_get_length (array))
        return json_array_get_element (array, (guint) index);
    }
  return NULL;
}

static JsonNode *
get_value (JsonNode  *doc,
           GPtrArray *tokens,
           guint      n_tokens)
{
  JsonNode *cur = doc;

  for (guint i = 0; i < n_tokens && cur != NULL; i++)
    cur = child_of (cur, tokens->pdata[i]);
  return cur;
}

/* Puts @value (taken) into @array at @index, or at the end for `-` / one past the end. */
static void
array_put (JsonArray  *array,
           const char *token,
           JsonNode   *value,
           gboolean    insert)
{
  guint n = json_array_get_length (array);
  gint64 index = g_str_equal (token, "-") ? (gint64) n : parse_index (token);
  g_autoptr(GPtrArray) rest = NULL;

  if (index < 0)
    {
      json_node_unref (value);
      return;
    }
  if (index >= n)
    {
      json_array_add_element (array, value);
      return;
    }
  if (!insert)
    {
      /* json-glib has no element setter: rebuild the tail. */
      rest = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      for (guint i = (guint) index + 1; i < n; i++)
        g_ptr_array_add (rest, json_node_ref (json_array_get_element (array, i)));
      for (guint i = n; i > index; i--)
        json_array_remove_element (array, i - 1);
      json_array_add_element (array, value);
    }
  else
    {
      rest = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      for (guint i = (guint) index; i < n; i++)
        g_ptr_array_add (rest, json_node_ref (json_array_get_element (array, i)));
      for (guint i = n; i > index; i--)
        json_array_remove_element (array, i - 1);
      json_array_add_element (array, value);
    }
  for (guint i = 0; i < rest->len; i++)
    json_array_add_element (array, json_node_ref (rest->pdata[i]));
}

/* Walks to the parent of the last token, creating objects where containers are missing, as
 * Genkit's lenient `ensureParent` does; %NULL when there is nothing to set into. */
static JsonNode *
ensure_parent (JsonNode  *doc,
               GPtrArray *tokens)
{
  JsonNode *cur = doc;

  for (guint i = 0; i + 1 < tokens->len; i++)
    {
      const char *token = tokens->pdata[i];
      JsonNode *next;

      if (cur == NULL || !(JSON_NODE_HOLDS_OBJECT (cur) || JSON_NODE_HOLDS_ARRAY (cur)))
        return NULL;
      next = child_of (cur, token);
      if (next == NULL || !(JSON_NODE_HOLDS_OBJECT (next) || JSON_NODE_HOLDS_ARRAY (next)))
        {
          JsonNode *created = json_node_new (JSON_NODE_OBJECT);

          json_node_take_object (created, json_object_new ());
          if (JSON_NODE_HOLDS_OBJECT (cur))
            json_object_set_member (json_node_get_object (cur), token, created);
          else
            {
              JsonArray *array = json_node_get_array (cur);
              gint64 index = parse_index (token);

              if (index < 0 || index > json_array_get_length (array))
                {
                  json_node_unref (created);
                  return NULL;
                }
              array_put (array, token, created, FALSE);
            }
          next = child_of (cur, token);
        }
      cur = next;
    }
  return cur;
}

static void
set_value (JsonNode  *doc,
           GPtrArray *tokens,
           JsonNode  *value,
           gboolean   is_add)
{
  JsonNode *parent = ensure_parent (doc, tokens);
  const char *last = tokens->pdata[tokens->len - 1];

  if (parent == NULL)
    {
      json_node_unref (value);
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (parent))
    array_put (json_node_get_array (parent), last, value, is_add);
  else if (JSON_NODE_HOLDS_OBJECT (parent))
    json_object_set_member (json_node_get_object (parent), last, value);
  else
    json_node_unref (value);
}

static void
remove_value (JsonNode  *doc,
              GPtrArray *tokens)
{
  JsonNode *parent = get_value (doc, tokens, tokens->len - 1);
  const char *last = tokens->pdata[tokens->len - 1];

  if (parent == NULL)
    return;
  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      JsonArray *array = json_node_get_array (parent);
      gint64 index = parse_index (last);

      if (index >= 0 && index < json_array_get_length (array))
        json_array_remove_element (array, (guint) index);
    }
  else if (JSON_NODE_HOLDS_OBJECT (parent))
    json_object_remove_member (json_node_get_object (parent), last);
}

static gboolean
apply_operation (JsonNode   **doc,
                 JsonObject  *op,
                 guint        index,
                 GError     **error)
{
  static const char *const ops[] = { "add", "remove", "replace", "move", "copy", "test", NULL };
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) from_tokens = NULL;
  JsonNode *op_node = json_object_get_member (op, "op");
  JsonNode *path_node = json_object_get_member (op, "path");
  JsonNode *from_node = json_object_get_member (op, "from");
  JsonNode *value = json_object_get_member (op, "value");
  const char *name;

  if (op_node == NULL || json_node_get_value_type (op_node) != G_TYPE_STRING ||
      !g_strv_contains (ops, json_node_get_string (op_node)))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "JSON Patch operation %u: \"op\" must be one of add, remove, replace, move, "
                   "copy, test", index);
      return FALSE;
    }
  name = json_node_get_string (op_node);
  if (path_node == NULL || json_node_get_value_type (path_node) != G_TYPE_STRING)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "JSON Patch operation %u: \"path\" must be a string", index);
      return FALSE;
    }
  if (!parse_pointer (json_node_get_string (path_node), &tokens, error))
    return FALSE;
  if (g_str_equal (name, "move") || g_str_equal (name, "copy"))
    {
      if (from_node == NULL || json_node_get_value_type (from_node) != G_TYPE_STRING)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "JSON Patch operation %u: \"%s\" needs a string \"from\"", index, name);
          return FALSE;
        }
      if (!parse_pointer (json_node_get_string (from_node), &from_tokens, error))
        return FALSE;
    }

  if (tokens->len == 0)
    {
      JsonNode *replacement = NULL;

      if (g_str_equal (name, "test"))
        {
          if (!genkit_json_equal (*doc, value))
            {
              g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                                   "JSON Patch 'test' failed at root.");
              return FALSE;
            }
          return TRUE;
        }
      if (g_str_equal (name, "add") || g_str_equal (name, "replace"))
        replacement = value ? _genkit_json_deep_copy (value) : NULL;
      else if (g_str_equal (name, "move") || g_str_equal (name, "copy"))
        {
          JsonNode *source = get_value (*doc, from_tokens, from_tokens->len);

          replacement = source ? _genkit_json_deep_copy (source) : NULL;
        }
      g_clear_pointer (doc, json_node_unref);
      *doc = replacement;
      return TRUE;
    }

  if ((*doc == NULL || JSON_NODE_HOLDS_NULL (*doc)) &&
      (g_str_equal (name, "add") || g_str_equal (name, "replace")))
    {
      g_clear_pointer (doc, json_node_unref);
      *doc = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (*doc, json_object_new ());
    }

  if (g_str_equal (name, "add") || g_str_equal (name, "replace"))
    {
      /* A valueless add/replace sets "undefined": the member goes away. */
      if (value == NULL)
        remove_value (*doc, tokens);
      else
        set_value (*doc, tokens, _genkit_json_deep_copy (value), g_str_equal (name, "add"));
    }
  else if (g_str_equal (name, "remove"))
    remove_value (*doc, tokens);
  else if (g_str_equal (name, "test"))
    {
      if (!genkit_json_equal (get_value (*doc, tokens, tokens->len), value))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                       "JSON Patch 'test' failed at \"%s\".", json_node_get_string (path_node));
          return FALSE;
        }
    }
  else
    {
      JsonNode *source = get_value (*doc, from_tokens, from_tokens->len);
      JsonNode *copy = source ? _genkit_json_deep_copy (source) : NULL;

      if (g_str_equal (name, "move") && from_tokens->len > 0)
        remove_value (*doc, from_tokens);
      if (copy != NULL)
        set_value (*doc, tokens, copy, TRUE);
    }
  return TRUE;
}

/**
 * genkit_json_patch_apply:
 * @document: (nullable): the document to patch, %NULL for none; it is not changed
 * @patch: a JSON Patch: an array of operations
 * @result: (out) (transfer full) (nullable): the patched document, %NULL when the patch
 *   removed the whole document
 * @error: return location for an error: `INVALID_ARGUMENT` for a malformed patch,
 *   `FAILED_PRECONDITION` for a `test` that failed
 *
 * Applies a JSON Patch to a copy of @document with Genkit's `applyPatch()` leniency: an
 * `add` or `replace` below a missing container creates it as an object, removing a member or
 * element that is not there does nothing. All six RFC 6902 operations are understood.
 *
 * Returns: %TRUE if every operation applied
 */
gboolean
genkit_json_patch_apply (JsonNode   *document,
                         JsonNode   *patch,
                         JsonNode  **result,
                         GError    **error)
{
  g_autoptr(JsonNode) doc = NULL;
  JsonArray *operations;

  g_return_val_if_fail (patch != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  *result = NULL;
  if (!JSON_NODE_HOLDS_ARRAY (patch))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "A JSON Patch must be an array of operations");
      return FALSE;
    }

  doc = document ? _genkit_json_deep_copy (document) : NULL;
  operations = json_node_get_array (patch);
  for (guint i = 0; i < json_array_get_length (operations); i++)
    {
      JsonNode *op = json_array_get_element (operations, i);

      if (!JSON_NODE_HOLDS_OBJECT (op))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "JSON Patch operation %u is not an object", i);
          return FALSE;
        }
      if (!apply_operation (&doc, json_node_get_object (op), i, error))
        return FALSE;
    }
  *result = g_steal_pointer (&doc);
  return TRUE;
}
