/* dotprompt-test-util.c — what the Dotprompt tests share: JSON comparison, fixtures
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdarg.h>

#include "dotprompt-test-util.h"
#include "genkit-dotprompt-json-private.h"
#include "genkit-yaml-private.h"

/* Deep equality as vitest's toEqual() sees JSON: numbers by value, object members in any
 * order. @where gets the path of the first difference. */
gboolean
dotprompt_test_json_equal (JsonNode *a,
                           JsonNode *b,
                           GString  *where)
{
  GenkitJsKind ka = _genkit_js_kind (a);
  GenkitJsKind kb = _genkit_js_kind (b);

  if (ka != kb)
    return FALSE;

  switch (ka)
    {
    case GENKIT_JS_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        g_autoptr(GList) members = json_object_get_members (oa);

        if (json_object_get_size (oa) != json_object_get_size (ob))
          {
            g_autoptr(GList) mb = json_object_get_members (ob);

            for (GList *l = members; l != NULL; l = l->next)
              if (!json_object_has_member (ob, l->data))
                {
                  g_string_append_printf (where, "/%s (only in actual)", (const char *) l->data);
                  return FALSE;
                }
            for (GList *l = mb; l != NULL; l = l->next)
              if (!json_object_has_member (oa, l->data))
                {
                  g_string_append_printf (where, "/%s (only in expected)", (const char *) l->data);
                  return FALSE;
                }
            return FALSE;
          }
        for (GList *l = members; l != NULL; l = l->next)
          {
            gsize len = where->len;

            g_string_append_printf (where, "/%s", (const char *) l->data);
            if (!json_object_has_member (ob, l->data) ||
                !dotprompt_test_json_equal (json_object_get_member (oa, l->data),
                                            json_object_get_member (ob, l->data), where))
              return FALSE;
            g_string_truncate (where, len);
          }
        return TRUE;
      }
    case GENKIT_JS_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ab = json_node_get_array (b);

        if (json_array_get_length (aa) != json_array_get_length (ab))
          {
            g_string_append (where, " (length)");
            return FALSE;
          }
        for (guint i = 0; i < json_array_get_length (aa); i++)
          {
            gsize len = where->len;

            g_string_append_printf (where, "/%u", i);
            if (!dotprompt_test_json_equal (json_array_get_element (aa, i),
                                            json_array_get_element (ab, i), where))
              return FALSE;
            g_string_truncate (where, len);
          }
        return TRUE;
      }
    case GENKIT_JS_UNDEFINED:
    case GENKIT_JS_NULL:
    case GENKIT_JS_BOOLEAN:
    case GENKIT_JS_NUMBER:
    case GENKIT_JS_STRING:
    default:
      return _genkit_js_strict_equals (a, b);
    }
}

void
dotprompt_test_assert_json (JsonNode *actual,
                            JsonNode *expected)
{
  g_autoptr(GString) where = g_string_new (NULL);

  if (!dotprompt_test_json_equal (actual, expected, where))
    {
      g_autofree char *a = genkit_dotprompt_json_stringify (actual, 2);
      g_autofree char *e = genkit_dotprompt_json_stringify (expected, 2);

      g_test_message ("actual:   %s", a != NULL ? a : "undefined");
      g_test_message ("expected: %s", e != NULL ? e : "undefined");
      g_test_message ("first difference at: %s", where->len > 0 ? where->str : "(root)");
      g_test_fail ();
    }
}

JsonNode *
dotprompt_test_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

void
dotprompt_test_assert_json_string (JsonNode   *actual,
                                   const char *expected_json)
{
  g_autoptr(JsonNode) expected = dotprompt_test_json (expected_json);

  dotprompt_test_assert_json (actual, expected);
}

/* $GENKIT_SHARED_DIR/first/... (the tests' meson env sets it to ../shared) */
char *
dotprompt_test_shared_path (const char *first,
                            ...)
{
  const char *shared = g_getenv ("GENKIT_SHARED_DIR");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  if (shared == NULL)
    return NULL;

  g_ptr_array_add (parts, (gpointer) shared);
  g_ptr_array_add (parts, (gpointer) first);
  va_start (args, first);
  for (const char *p = va_arg (args, const char *); p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

JsonNode *
dotprompt_test_read_yaml (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length;
  JsonNode *node;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  node = _genkit_yaml_parse (contents, length, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  return node;
}

JsonNode *
dotprompt_test_object_node (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return node;
}
