/* studio-util.c — small helpers shared by the studio's widgets: JSON text, errors, durations
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-util.h"

static void
append_indent (GString *out,
               guint    depth)
{
  for (guint i = 0; i < depth; i++)
    g_string_append (out, "  ");
}

static void
append_pretty (GString  *out,
               JsonNode *node,
               guint     depth)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      guint n = json_object_get_size (object);
      guint i = 0;
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      if (n == 0)
        {
          g_string_append (out, "{}");
          return;
        }
      g_string_append (out, "{\n");
      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), name);
          g_autofree char *quoted = json_to_string (key, FALSE);

          append_indent (out, depth + 1);
          g_string_append (out, quoted);
          g_string_append (out, ": ");
          append_pretty (out, member, depth + 1);
          g_string_append (out, ++i < n ? ",\n" : "\n");
        }
      append_indent (out, depth);
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      if (n == 0)
        {
          g_string_append (out, "[]");
          return;
        }
      g_string_append (out, "[\n");
      for (guint i = 0; i < n; i++)
        {
          append_indent (out, depth + 1);
          append_pretty (out, json_array_get_element (array, i), depth + 1);
          g_string_append (out, i + 1 < n ? ",\n" : "\n");
        }
      append_indent (out, depth);
      g_string_append_c (out, ']');
    }
  else
    {
      g_autofree char *scalar = json_to_string (node, FALSE);

      g_string_append (out, scalar);
    }
}

/**
 * studio_json_to_pretty_string:
 * @node: (nullable): a JSON value
 *
 * Writes @node as JSON indented by two spaces, exactly as `JSON.stringify (v, null, 2)`
 * does — the form the Genkit Dev UI shows and people paste.
 *
 * Returns: (transfer full): the text; an empty string for %NULL
 */
char *
studio_json_to_pretty_string (JsonNode *node)
{
  GString *out;

  if (node == NULL)
    return g_strdup ("");

  out = g_string_new (NULL);
  append_pretty (out, node, 0);
  return g_string_free (out, FALSE);
}

/**
 * studio_json_to_compact_string:
 * @node: (nullable): a JSON value
 *
 * Returns: (transfer full): @node as compact JSON on one line; "" for %NULL
 */
char *
studio_json_to_compact_string (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("");
  return json_to_string (node, FALSE);
}

/**
 * studio_error_status_name:
 * @error: an error from a runtime or the studio
 *
 * Returns: Genkit's status name for @error (`INVALID_ARGUMENT`, `CANCELLED`, ...): the code's
 *   name for errors in `GENKIT_ERROR`, `CANCELLED` for a cancelled #GIOError, else `UNKNOWN`
 */
const char *
studio_error_status_name (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == GENKIT_ERROR)
    {
      const char *name = genkit_error_code_to_name (error->code);

      if (name != NULL)
        return name;
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return "CANCELLED";
  if (error->domain == G_IO_ERROR || error->domain == G_RESOLVER_ERROR)
    return "UNAVAILABLE";
  return "UNKNOWN";
}

/**
 * studio_error_describe:
 * @error: an error
 *
 * Returns: (transfer full): "STATUS: message", as Genkit writes a status on one line
 */
char *
studio_error_describe (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  return g_strdup_printf ("%s: %s", studio_error_status_name (error), error->message);
}

/**
 * studio_format_duration:
 * @microseconds: a duration
 *
 * Returns: (transfer full): "12 ms" below ten seconds, "12.3 s" above
 */
char *
studio_format_duration (gint64 microseconds)
{
  double ms = microseconds / 1000.0;

  if (ms < 10)
    /* Translators: a duration in milliseconds with one decimal */
    return g_strdup_printf (_("%.1f ms"), ms);
  if (ms < 10000)
    /* Translators: a duration in whole milliseconds */
    return g_strdup_printf (_("%.0f ms"), ms);
  /* Translators: a duration in seconds with one decimal */
  return g_strdup_printf (_("%.1f s"), ms / 1000.0);
}

static JsonArray *
response_content (JsonNode *node)
{
  JsonObject *object;
  JsonNode *message;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);

  /* GenerateResponse (protocol §7.5): `message`, or the legacy `candidates[0].message`. */
  message = json_object_get_member (object, "message");
  if (message == NULL && json_object_has_member (object, "candidates"))
    {
      JsonNode *candidates = json_object_get_member (object, "candidates");

      if (JSON_NODE_HOLDS_ARRAY (candidates) && json_array_get_length (json_node_get_array (candidates)) > 0)
        {
          JsonNode *first = json_array_get_element (json_node_get_array (candidates), 0);

          if (JSON_NODE_HOLDS_OBJECT (first))
            message = json_object_get_member (json_node_get_object (first), "message");
        }
    }
  if (message == NULL || !JSON_NODE_HOLDS_OBJECT (message))
    return NULL;

  object = json_node_get_object (message);
  if (!json_object_has_member (object, "role") || !json_object_has_member (object, "content"))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "content")))
    return NULL;
  return json_object_get_array_member (object, "content");
}

/**
 * studio_is_generate_response:
 * @node: (nullable): an action's result
 *
 * Returns: %TRUE if @node looks like a Genkit `GenerateResponse` (a model's output): an
 *   object whose `message` (or `candidates[0].message`) has a `role` and a `content` array
 */
gboolean
studio_is_generate_response (JsonNode *node)
{
  return response_content (node) != NULL;
}

static void
append_parts_text (GString   *text,
                   JsonArray *parts)
{
  for (guint i = 0; i < json_array_get_length (parts); i++)
    {
      JsonNode *part = json_array_get_element (parts, i);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (part))
        continue;
      object = json_node_get_object (part);
      if (json_object_has_member (object, "text") &&
          JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "text")) &&
          json_node_get_value_type (json_object_get_member (object, "text")) == G_TYPE_STRING)
        g_string_append (text, json_object_get_string_member (object, "text"));
    }
}

/**
 * studio_generate_response_dup_text:
 * @node: a `GenerateResponse`
 *
 * Returns: (transfer full) (nullable): the text of the response message's text parts, in
 *   order, or %NULL if @node is not a `GenerateResponse`
 */
char *
studio_generate_response_dup_text (JsonNode *node)
{
  JsonArray *content = response_content (node);
  GString *text;

  if (content == NULL)
    return NULL;

  text = g_string_new (NULL);
  append_parts_text (text, content);
  return g_string_free (text, FALSE);
}

/**
 * studio_generate_response_dup_media:
 * @node: a `GenerateResponse`
 *
 * Returns: (transfer full) (nullable) (array zero-terminated=1): the URLs of the response
 *   message's media parts (`{"media": {"url": ...}}`, often `data:` URLs), in order, or
 *   %NULL when it has none
 */
char **
studio_generate_response_dup_media (JsonNode *node)
{
  JsonArray *content = response_content (node);
  g_autoptr(GStrvBuilder) urls = g_strv_builder_new ();
  guint n = 0;

  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    {
      JsonNode *part = json_array_get_element (content, i);
      JsonNode *media;
      const char *url;

      if (!JSON_NODE_HOLDS_OBJECT (part))
        continue;
      media = json_object_get_member (json_node_get_object (part), "media");
      if (media == NULL || !JSON_NODE_HOLDS_OBJECT (media))
        continue;
      url = json_object_get_string_member_with_default (json_node_get_object (media), "url", NULL);
      if (url != NULL)
        {
          g_strv_builder_add (urls, url);
          n++;
        }
    }
  return n > 0 ? g_strv_builder_end (urls) : NULL;
}

/**
 * studio_json_object_get_array:
 * @object: (nullable): a JSON object
 * @name: a member name
 *
 * Returns: (transfer none) (nullable): the member @name if it is an array; %NULL when it is
 *   missing or something else (where json_object_get_array_member() would complain)
 */
JsonArray *
studio_json_object_get_array (JsonObject *object,
                              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/**
 * studio_json_object_get_object:
 * @object: (nullable): a JSON object
 * @name: a member name
 *
 * Returns: (transfer none) (nullable): the member @name if it is an object; %NULL when it is
 *   missing or something else
 */
JsonObject *
studio_json_object_get_object (JsonObject *object,
                               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * studio_actions_dup_model_names:
 * @actions: a runtime's actions, as listed: key → descriptor
 *
 * Returns: (transfer full) (array zero-terminated=1): the names of the model actions
 *   (`/model/NAME`), sorted, for the studio's model choosers
 */
char **
studio_actions_dup_model_names (JsonObject *actions)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GList) keys = g_list_sort (json_object_get_members (actions), (GCompareFunc) g_strcmp0);

  for (GList *l = keys; l != NULL; l = l->next)
    if (g_str_has_prefix (l->data, "/model/"))
      g_strv_builder_add (names, (const char *) l->data + strlen ("/model/"));
  return g_strv_builder_end (names);
}

/**
 * studio_tool_definition_new:
 * @key: a tool's action key, such as `/tool/add`
 * @descriptor: the tool's action descriptor (protocol §2.3)
 *
 * Makes the `ToolDefinition` (protocol §7.4) a model is offered the tool with: `name`,
 * `description`, `inputSchema`, `outputSchema`; a name with `/` is sent as its last piece,
 * with the full name in `metadata.originalName`, as Genkit does.
 *
 * Returns: (transfer full): the definition
 */
JsonObject *
studio_tool_definition_new (const char *key,
                            JsonObject *descriptor)
{
  g_autofree char *name = studio_action_key_dup_name (key);
  const char *short_name;
  JsonObject *definition = json_object_new ();

  if (name == NULL)
    name = g_strdup (key);
  short_name = strrchr (name, '/') ? strrchr (name, '/') + 1 : name;
  json_object_set_string_member (definition, "name", short_name);
  json_object_set_string_member (definition, "description",
                                 json_object_get_string_member_with_default (descriptor, "description", ""));
  if (json_object_has_member (descriptor, "inputSchema"))
    json_object_set_member (definition, "inputSchema",
                            json_node_copy (json_object_get_member (descriptor, "inputSchema")));
  if (json_object_has_member (descriptor, "outputSchema"))
    json_object_set_member (definition, "outputSchema",
                            json_node_copy (json_object_get_member (descriptor, "outputSchema")));
  if (short_name != name)
    {
      JsonObject *metadata = json_object_new ();

      json_object_set_string_member (metadata, "originalName", name);
      json_object_set_object_member (definition, "metadata", metadata);
    }
  return definition;
}

static gboolean
get_count (JsonObject *usage,
           const char *name,
           gint64     *count)
{
  JsonNode *node = json_object_get_member (usage, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return FALSE;
  *count = json_node_get_int (node);
  return TRUE;
}

/**
 * studio_generate_response_dup_usage:
 * @node: an action's result
 *
 * Returns: (transfer full) (nullable): "12 input · 34 output tokens" from a
 *   `GenerateResponse`'s `usage` (or "… characters" from a model that counts characters),
 *   or %NULL when it has no counts
 */
char *
studio_generate_response_dup_usage (JsonNode *node)
{
  JsonObject *usage;
  gint64 input = 0;
  gint64 output = 0;
  gboolean has_input;
  gboolean has_output;

  if (!studio_is_generate_response (node))
    return NULL;
  if (!json_object_has_member (json_node_get_object (node), "usage") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (node), "usage")))
    return NULL;
  usage = json_object_get_object_member (json_node_get_object (node), "usage");

  has_input = get_count (usage, "inputTokens", &input);
  has_output = get_count (usage, "outputTokens", &output);
  if (!has_input && !has_output)
    {
      /* Models that count characters instead (GenerationUsage's inputCharacters, ...). */
      has_input = get_count (usage, "inputCharacters", &input);
      has_output = get_count (usage, "outputCharacters", &output);
      if (!has_input && !has_output)
        return NULL;

      {
        g_autofree char *input_text = g_strdup_printf ("%" G_GINT64_FORMAT, input);
        g_autofree char *output_text = g_strdup_printf ("%" G_GINT64_FORMAT, output);

        /* Translators: character counts of a model response, e.g. "12 input · 34 output characters" */
        return g_strdup_printf (_("%s input · %s output characters"), input_text, output_text);
      }
    }

  {
    g_autofree char *input_text = g_strdup_printf ("%" G_GINT64_FORMAT, input);
    g_autofree char *output_text = g_strdup_printf ("%" G_GINT64_FORMAT, output);

    /* Translators: token counts of a model response, e.g. "12 input · 34 output tokens" */
    return g_strdup_printf (_("%s input · %s output tokens"), input_text, output_text);
  }
}

/**
 * studio_chunk_dup_text:
 * @chunk: a streamed chunk
 *
 * Returns: (transfer full) (nullable): the text of a `GenerateResponseChunk` (its `content`
 *   parts' text), or %NULL if @chunk is something else, such as a flow's own stream value
 */
char *
studio_chunk_dup_text (JsonNode *chunk)
{
  JsonObject *object;
  GString *text;

  if (chunk == NULL || !JSON_NODE_HOLDS_OBJECT (chunk))
    return NULL;
  object = json_node_get_object (chunk);
  if (!json_object_has_member (object, "content") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "content")))
    return NULL;

  text = g_string_new (NULL);
  append_parts_text (text, json_object_get_array_member (object, "content"));
  return g_string_free (text, FALSE);
}

/**
 * studio_action_key_dup_type:
 * @key: an action key such as `/flow/greet`
 *
 * Returns: (transfer full) (nullable): the action type (`flow`), or %NULL for a malformed key
 */
char *
studio_action_key_dup_type (const char *key)
{
  const char *end;

  if (key == NULL || key[0] != '/')
    return NULL;
  end = strchr (key + 1, '/');
  if (end == NULL || end == key + 1 || end[1] == '\0')
    return NULL;
  return g_strndup (key + 1, end - key - 1);
}

/**
 * studio_action_key_dup_name:
 * @key: an action key such as `/model/googleai/gemini-2.5-flash`
 *
 * Returns: (transfer full) (nullable): the name (`googleai/gemini-2.5-flash`), or %NULL for a
 *   malformed key
 */
char *
studio_action_key_dup_name (const char *key)
{
  const char *end;

  if (key == NULL || key[0] != '/')
    return NULL;
  end = strchr (key + 1, '/');
  if (end == NULL || end == key + 1 || end[1] == '\0')
    return NULL;
  return g_strdup (end + 1);
}

/**
 * studio_shorten_path:
 * @path: a file name
 *
 * Returns: (transfer full): @path with the home directory written as `~`
 */
char *
studio_shorten_path (const char *path)
{
  const char *home = g_get_home_dir ();
  gsize len = strlen (home);

  if (len > 1 && g_str_has_prefix (path, home) && (path[len] == '/' || path[len] == '\0'))
    return g_strconcat ("~", path + len, NULL);
  return g_strdup (path);
}

/**
 * studio_widget_add_toast:
 * @widget: a widget inside an #AdwToastOverlay (the window's)
 * @message: what to tell
 *
 * Shows @message as a toast over the window @widget is in; does nothing outside one.
 */
void
studio_widget_add_toast (GtkWidget  *widget,
                         const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* Follow-the-end state of a scrolled window, on its vertical adjustment. */
#define FOLLOW_KEY "studio-follow-end"

static void
follow_value_changed_cb (GtkAdjustment *adjustment)
{
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  /* Scrolled up by the user: stop following; back at the end: follow again. */
  g_object_set_data (G_OBJECT (adjustment), FOLLOW_KEY,
                     GINT_TO_POINTER (gtk_adjustment_get_value (adjustment) >= end - 1));
}

static void
follow_changed_cb (GtkAdjustment *adjustment)
{
  if (g_object_get_data (G_OBJECT (adjustment), FOLLOW_KEY) == NULL)
    return;
  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

/**
 * studio_scrolled_window_follow_end:
 * @scroller: a scrolled window around growing text (a stream, a command's output)
 *
 * Keeps @scroller at the end of its content as the content grows, like a terminal, for as
 * long as the user has not scrolled away from the end.
 */
void
studio_scrolled_window_follow_end (GtkScrolledWindow *scroller)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);

  g_object_set_data (G_OBJECT (adjustment), FOLLOW_KEY, GINT_TO_POINTER (TRUE));
  g_signal_connect (adjustment, "value-changed", G_CALLBACK (follow_value_changed_cb), NULL);
  g_signal_connect (adjustment, "changed", G_CALLBACK (follow_changed_cb), NULL);
}

/**
 * studio_json_get_string:
 * @object: (nullable): a JSON object, such as a Genkit part or message
 * @name: a member's name
 * @fallback: (nullable): what to give when the member is missing or not a string
 *
 * Reads a string member of JSON that came from a runtime, without json-glib's criticals
 * for a member of another type.
 *
 * Returns: (nullable): the string, owned by @object, or @fallback
 */
const char *
studio_json_get_string (JsonObject *object,
                        const char *name,
                        const char *fallback)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

/**
 * studio_json_get_object:
 * @object: (nullable): a JSON object
 * @name: a member's name
 *
 * Returns: (transfer none) (nullable): the member if it is an object, else %NULL
 */
JsonObject *
studio_json_get_object (JsonObject *object,
                        const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/**
 * studio_json_get_array:
 * @object: (nullable): a JSON object
 * @name: a member's name
 *
 * Returns: (transfer none) (nullable): the member if it is an array, else %NULL
 */
JsonArray *
studio_json_get_array (JsonObject *object,
                       const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}
