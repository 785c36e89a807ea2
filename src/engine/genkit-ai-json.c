/* genkit-ai-json.c — strict shape checks and JSON helpers of the generate data model
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "genkit-action.h"
#include "genkit-action-result.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-json-schema.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"

char *
_gk_path_member (const char *path,
                 const char *member)
{
  if (path == NULL || *path == '\0')
    return g_strdup (member);
  return g_strdup_printf ("%s.%s", path, member);
}

char *
_gk_path_index (const char *path,
                guint       index)
{
  return g_strdup_printf ("%s[%u]", path ? path : "", index);
}

gboolean
_gk_fail (GkCheck    *check,
          const char *path,
          const char *format,
          ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (check->error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
               "Invalid %s: %s %s", check->what,
               (path != NULL && *path != '\0') ? path : "(root)", what);
  return FALSE;
}

static const char *
type_description (GkType type)
{
  switch (type)
    {
    case GK_STRING:
      return "must be a string";
    case GK_BOOLEAN:
      return "must be a boolean";
    case GK_NUMBER:
      return "must be a number";
    case GK_OBJECT:
      return "must be an object";
    case GK_ARRAY:
      return "must be an array";
    case GK_STRING_ARRAY:
      return "must be an array of strings";
    case GK_NUMBER_ARRAY:
      return "must be an array of numbers";
    case GK_ANY:
    default:
      return "is not allowed";
    }
}

static gboolean
node_is_number (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
node_has_type (JsonNode *node,
               GkType    type)
{
  switch (type)
    {
    case GK_STRING:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
    case GK_BOOLEAN:
      return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
    case GK_NUMBER:
      return node_is_number (node);
    case GK_OBJECT:
      return JSON_NODE_HOLDS_OBJECT (node);
    case GK_ARRAY:
      return JSON_NODE_HOLDS_ARRAY (node);
    case GK_STRING_ARRAY:
    case GK_NUMBER_ARRAY:
      {
        JsonArray *array;

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return FALSE;
        array = json_node_get_array (node);
        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!node_has_type (json_array_get_element (array, i),
                              type == GK_STRING_ARRAY ? GK_STRING : GK_NUMBER))
            return FALSE;
        return TRUE;
      }
    case GK_ANY:
    default:
      return TRUE;
    }
}

gboolean
_gk_check_node (GkCheck    *check,
                JsonNode   *node,
                const char *path,
                GkType      type)
{
  if (node == NULL || !node_has_type (node, type))
    return _gk_fail (check, path, "%s", type_description (type));
  return TRUE;
}

gboolean
_gk_check_member (GkCheck    *check,
                  JsonObject *object,
                  const char *path,
                  const char *member,
                  GkType      type,
                  gboolean    required)
{
  g_autofree char *inner = _gk_path_member (path, member);
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    {
      if (required)
        return _gk_fail (check, inner, "is required");
      return TRUE;
    }
  /* Zod's `.optional()` takes undefined, never null: JSON null is a wrong type here. */
  return _gk_check_node (check, node, inner, type);
}

gboolean
_gk_check_enum_member (GkCheck            *check,
                       JsonObject         *object,
                       const char         *path,
                       const char         *member,
                       const char * const *allowed,
                       gboolean            required)
{
  g_autofree char *inner = _gk_path_member (path, member);
  const char *value;

  if (!_gk_check_member (check, object, path, member, GK_STRING, required))
    return FALSE;
  if (!json_object_has_member (object, member))
    return TRUE;

  value = json_object_get_string_member (object, member);
  if (!g_strv_contains (allowed, value))
    {
      g_autofree char *list = g_strjoinv (", ", (char **) allowed);

      return _gk_fail (check, inner, "must be one of %s, not “%s”", list, value);
    }
  return TRUE;
}

gboolean
_genkit_parts_check (GkCheck    *check,
                     JsonObject *object,
                     const char *path,
                     const char *member,
                     gboolean    required)
{
  g_autofree char *inner = _gk_path_member (path, member);
  JsonArray *parts;

  if (!_gk_check_member (check, object, path, member, GK_ARRAY, required))
    return FALSE;
  if (!json_object_has_member (object, member))
    return TRUE;

  parts = json_object_get_array_member (object, member);
  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      g_autofree char *item = _gk_path_index (inner, i);

      if (!_genkit_part_check (check, json_array_get_element (parts, i), item))
        return FALSE;
    }
  return TRUE;
}

/* JSON helpers ----------------------------------------------------------------------------- */

JsonNode *
_gk_node_take_object (JsonObject *object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_node_take_object (node, object);
  return node;
}

JsonNode *
_gk_node_new_string (const char *string)
{
  return json_node_init_string (json_node_alloc (), string);
}

/* A new value node holding what @node holds. json_node_copy() would share @node's JsonValue,
 * whose reference count json-glib 1.6 changes without atomics. */
static JsonNode *
value_copy (JsonNode *node)
{
  JsonNode *copy = json_node_alloc ();

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_init_int (copy, json_node_get_int (node));
    case G_TYPE_DOUBLE:
      return json_node_init_double (copy, json_node_get_double (node));
    case G_TYPE_BOOLEAN:
      return json_node_init_boolean (copy, json_node_get_boolean (node));
    case G_TYPE_STRING:
      return json_node_init_string (copy, json_node_get_string (node));
    default:
      return json_node_init_null (copy);
    }
}

/* json-glib's json_node_copy() shares the objects, arrays and values inside; generate rewrites
 * requests while their originals stay recorded (spans, a programmable model's log), and session
 * stores copy snapshots on their worker threads while the main thread uses the originals, so
 * the engine's copies share nothing with their originals. Member order is kept. */
JsonNode *
_gk_node_copy (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return _gk_node_take_object (_gk_object_copy (json_node_get_object (node)));
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonNode *copy = json_node_new (JSON_NODE_ARRAY);

      json_node_take_array (copy, _gk_array_copy (json_node_get_array (node)));
      return copy;
    }
  if (JSON_NODE_HOLDS_VALUE (node))
    return value_copy (node);
  return json_node_init_null (json_node_alloc ());
}

JsonObject *
_gk_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  g_autoptr(GList) keys = json_object_get_members (object);

  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, _gk_node_copy (json_object_get_member (object, l->data)));
  return copy;
}

JsonArray *
_gk_array_copy (JsonArray *array)
{
  guint n = json_array_get_length (array);
  JsonArray *copy = json_array_sized_new (n);

  for (guint i = 0; i < n; i++)
    json_array_add_element (copy, _gk_node_copy (json_array_get_element (array, i)));
  return copy;
}

const char *
_gk_object_get_string (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
_gk_object_get_object (JsonObject *object,
                       const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
_gk_object_get_array (JsonObject *object,
                      const char *member)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return NULL;
  return JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
_gk_object_get_boolean (JsonObject *object,
                        const char *member,
                        gboolean    default_value)
{
  JsonNode *node;

  if (object == NULL || (node = json_object_get_member (object, member)) == NULL)
    return default_value;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return default_value;
  return json_node_get_boolean (node);
}

/* JavaScript truthiness of a JSON value: what `if (part.metadata?.pending)` sees. */
gboolean
_gk_node_is_truthy (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return FALSE;
  if (JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node))
    return TRUE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node);
    case G_TYPE_STRING:
      return *json_node_get_string (node) != '\0';
    case G_TYPE_INT64:
      return json_node_get_int (node) != 0;
    case G_TYPE_DOUBLE:
      return json_node_get_double (node) != 0.0;
    default:
      return TRUE;
    }
}

/* The concatenated `text` (or `reasoning`) of the parts, as Genkit's `Message.text` does. */
char *
_gk_parts_text (JsonArray  *parts,
                const char *kind)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonNode *element = json_array_get_element (parts, i);
      const char *piece;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      piece = _gk_object_get_string (json_node_get_object (element), kind);
      if (piece != NULL)
        g_string_append (text, piece);
    }
  return g_string_free (text, FALSE);
}

/* Parses JSON that is a literal of the engine's own source; failing is a bug here. */
JsonNode *
_gk_parse_literal (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  if (node == NULL)
    g_error ("Bad JSON literal in the engine: %s", error->message);
  return node;
}

/* Running an action by key ----------------------------------------------------------------- */

typedef struct
{
  JsonNode         *input;
  GenkitActionRun  *parent;
} RunKey;

static void
run_key_free (RunKey *state)
{
  g_clear_pointer (&state->input, json_node_unref);
  g_clear_object (&state->parent);
  g_free (state);
}

static void
run_key_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GenkitActionResult) action_result = NULL;
  GError *error = NULL;
  JsonNode *output;

  action_result = genkit_action_run_finish (GENKIT_ACTION (source), result, &error);
  if (action_result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  output = genkit_action_result_get_result (action_result);
  g_task_return_pointer (task, output ? _gk_node_copy (output) : json_node_new (JSON_NODE_NULL),
                         (GDestroyNotify) json_node_unref);
}

static void
run_key_lookup_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunKey *state = g_task_get_task_data (task);
  g_autoptr(GenkitAction) action = NULL;
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  GError *error = NULL;

  action = genkit_registry_lookup_action_finish (GENKIT_REGISTRY (source), result, &error);
  if (action == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (state->parent != NULL)
    genkit_run_options_set_parent (options, state->parent);
  genkit_action_run_async (action, state->input, options, g_task_get_cancellable (task),
                           run_key_done_cb, g_object_ref (task));
}

/* Looks up @key in @registry and runs it with @input, nested in @parent; the task's source is
 * @source, so the public _finish functions can check it. */
void
_gk_run_key_async (GenkitRegistry      *registry,
                   GenkitActionRun     *parent,
                   const char          *key,
                   JsonNode            *input,
                   GCancellable        *cancellable,
                   gpointer             source,
                   gpointer             source_tag,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  GTask *task = g_task_new (source, cancellable, callback, user_data);
  RunKey *state = g_new0 (RunKey, 1);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);
  state->input = input ? _gk_node_copy (input) : NULL;
  state->parent = parent ? g_object_ref (parent) : NULL;
  g_task_set_task_data (task, state, (GDestroyNotify) run_key_free);
  genkit_registry_lookup_action_async (registry, key, cancellable, run_key_lookup_cb, task);
}

JsonNode *
_gk_run_key_finish (GAsyncResult  *result,
                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

GPtrArray *
_gk_documents_from_array (JsonArray *array)
{
  GPtrArray *documents = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_document_unref);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *object = json_array_get_object_element (array, i);

      if (object != NULL)
        g_ptr_array_add (documents, _genkit_document_wrap (object));
    }
  return documents;
}

JsonArray *
_gk_documents_to_array (GPtrArray *documents)
{
  JsonArray *array = json_array_new ();

  for (guint i = 0; documents != NULL && i < documents->len; i++)
    json_array_add_element (array, genkit_document_to_json (g_ptr_array_index (documents, i)));
  return array;
}

/* `/type/name`, unless @name already is a key. */
char *
_gk_action_key (const char *type,
                const char *name)
{
  if (name[0] == '/')
    return g_strdup (name);
  return g_strdup_printf ("/%s/%s", type, name);
}

/* %TRUE when @schema is %NULL or compiles as a JSON Schema. */
gboolean
_gk_check_schema (JsonNode  *schema,
                  GError   **error)
{
  g_autoptr(GenkitJsonSchema) compiled = NULL;

  if (schema == NULL)
    return TRUE;
  compiled = genkit_json_schema_new (schema, error);
  return compiled != NULL;
}

/* What Genkit's defineEmbedder, defineIndexer, defineReranker and defineRetriever publish
 * alike: metadata `type`, @info under @info_member, `<type>.customOptions` (the options'
 * schema, which must compile), and the input and output schemas. */
gboolean
_gk_describe_retrieval_action (GenkitAction  *action,
                               const char    *type,
                               const char    *info_member,
                               JsonObject    *info,
                               JsonNode      *config_schema,
                               JsonNode      *input_schema,
                               JsonNode      *output_schema,
                               GError       **error)
{
  JsonObject *metadata = genkit_action_get_metadata (action);
  JsonObject *options = json_object_new ();

  json_object_set_string_member (metadata, "type", type);
  if (info != NULL)
    json_object_set_object_member (metadata, info_member, _gk_object_copy (info));
  if (config_schema != NULL)
    json_object_set_member (options, "customOptions", _gk_node_copy (config_schema));
  json_object_set_object_member (metadata, type, options);

  return _gk_check_schema (config_schema, error) &&
         genkit_action_set_input_schema (action, input_schema, error) &&
         genkit_action_set_output_schema (action, output_schema, error);
}

/* JSON.stringify ----------------------------------------------------------------------------- */

/* JavaScript's Number.prototype.toString: the shortest digits that read back as @value, in
 * plain notation from 1e-7 to 1e21 and exponential outside. */
static void
append_js_number (GString *out,
                  double   value)
{
  char buffer[64];
  char digits[32];
  int exponent = 0;
  int k = 0, n;

  if (isnan (value) || isinf (value))
    {
      g_string_append (out, "null");
      return;
    }
  if (value == 0)
    {
      g_string_append_c (out, '0');
      return;
    }
  if (value < 0)
    {
      g_string_append_c (out, '-');
      value = -value;
    }

  for (int precision = 1; precision <= 17; precision++)
    {
      g_snprintf (buffer, sizeof buffer, "%.*e", precision - 1, value);
      if (g_ascii_strtod (buffer, NULL) == value || precision == 17)
        break;
    }

  /* buffer is d[.ddd]e±x */
  for (const char *p = buffer; *p && *p != 'e'; p++)
    if (g_ascii_isdigit (*p))
      digits[k++] = *p;
  digits[k] = '\0';
  exponent = atoi (strchr (buffer, 'e') + 1);
  while (k > 1 && digits[k - 1] == '0')
    digits[--k] = '\0';
  n = exponent + 1;

  if (k <= n && n <= 21)
    {
      g_string_append (out, digits);
      for (int i = 0; i < n - k; i++)
        g_string_append_c (out, '0');
    }
  else if (0 < n && n <= 21)
    {
      g_string_append_len (out, digits, n);
      g_string_append_c (out, '.');
      g_string_append (out, digits + n);
    }
  else if (-6 < n && n <= 0)
    {
      g_string_append (out, "0.");
      for (int i = 0; i < -n; i++)
        g_string_append_c (out, '0');
      g_string_append (out, digits);
    }
  else
    {
      g_string_append_c (out, digits[0]);
      if (k > 1)
        {
          g_string_append_c (out, '.');
          g_string_append (out, digits + 1);
        }
      g_string_append_printf (out, "e%c%d", n - 1 >= 0 ? '+' : '-', ABS (n - 1));
    }
}

static void
append_js_string (GString    *out,
                  const char *string)
{
  g_string_append_c (out, '"');
  for (const char *p = string; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

static void
append_js_json (GString  *out,
                JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    g_string_append (out, "null");
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) keys = json_object_get_members (object);

      g_string_append_c (out, '{');
      for (GList *l = keys; l != NULL; l = l->next)
        {
          if (l != keys)
            g_string_append_c (out, ',');
          append_js_string (out, l->data);
          g_string_append_c (out, ':');
          append_js_json (out, json_object_get_member (object, l->data));
        }
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      g_string_append_c (out, '[');
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (i > 0)
            g_string_append_c (out, ',');
          append_js_json (out, json_array_get_element (array, i));
        }
      g_string_append_c (out, ']');
    }
  else
    switch (json_node_get_value_type (node))
      {
      case G_TYPE_STRING:
        append_js_string (out, json_node_get_string (node));
        break;
      case G_TYPE_BOOLEAN:
        g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        break;
      case G_TYPE_INT64:
        g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
        break;
      default:
        append_js_number (out, json_node_get_double (node));
      }
}

/* Compact JSON text as JavaScript's JSON.stringify writes it (`5`, not `5.0`), for the texts
 * Genkit builds from JSON: format instructions, the echo model's answers. */
char *
_gk_json_stringify (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  append_js_json (out, node);
  return g_string_free (out, FALSE);
}
