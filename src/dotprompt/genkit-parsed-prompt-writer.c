/* genkit-parsed-prompt-writer.c — a prompt from generate options, to save as a .prompt file
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt.h"
#include "genkit-dotprompt-json-private.h"
#include "genkit-dotprompt-private.h"
#include "genkit-parsed-prompt.h"

#define MARKER "<<<dotprompt:"

typedef struct
{
  GString  *out;
  gboolean  after_tag;   /* the last thing written is a tag ending in `}}` */
  GError  **error;
} TemplateWriter;

static gboolean
write_fail (TemplateWriter *w,
            const char     *format,
            ...) G_GNUC_PRINTF (2, 3);

static gboolean
write_fail (TemplateWriter *w,
            const char     *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (w->error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE, message);
  return FALSE;
}

/* A backslash right before `{{` would escape (or be eaten by) the tag: end the text with a
 * space and a comment that strips it (`\ {{~!}}`). */
static void
guard_backslash (TemplateWriter *w)
{
  if (w->out->len > 0 && w->out->str[w->out->len - 1] == '\\' && !w->after_tag)
    g_string_append (w->out, " {{~!}}");
}

static void
write_tag (TemplateWriter *w,
           const char     *tag)
{
  guard_backslash (w);
  g_string_append (w->out, tag);
  w->after_tag = TRUE;
}

/* Literal text: every `{{` escaped as `\{{`. */
static void
write_text (TemplateWriter *w,
            const char     *text)
{
  const char *p = text;

  /* `}` right after a tag would extend its `}}`. */
  if (w->after_tag && text[0] == '}')
    g_string_append (w->out, "{{!}}");
  w->after_tag = FALSE;

  for (;;)
    {
      const char *open = strstr (p, "{{");

      if (open == NULL)
        {
          g_string_append (w->out, p);
          break;
        }
      g_string_append_len (w->out, p, open - p);
      guard_backslash (w);
      w->after_tag = FALSE;
      g_string_append (w->out, "\\{{");
      p = open + 2;
    }
}

/* A Handlebars string literal: `"` escaped; a trailing backslash cannot be written. */
static gboolean
write_string_literal (TemplateWriter *w,
                      GString        *tag,
                      const char     *value,
                      const char     *what)
{
  gsize len = strlen (value);

  if (len > 0 && value[len - 1] == '\\')
    return write_fail (w, "%s '%s' ends with a backslash, which a template string cannot hold",
                       what, value);
  g_string_append_c (tag, '"');
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append (tag, "\\\"");
      else
        g_string_append_c (tag, *p);
    }
  g_string_append_c (tag, '"');
  return TRUE;
}

/* What a media URL, a content type or a section name must not hold to survive the marker:
 * spaces (the marker is split on them), line breaks, `>>>`. */
static gboolean
check_marker_word (TemplateWriter *w,
                   const char     *value,
                   const char     *what)
{
  if (value[0] == '\0' || strpbrk (value, " \n\r") != NULL || strstr (value, ">>>") != NULL ||
      strstr (value, "\xe2\x80\xa8") != NULL || strstr (value, "\xe2\x80\xa9") != NULL)
    return write_fail (w, "%s '%s' cannot be written: it is empty or holds a space, a line "
                          "break or '>>>'", what, value);
  return TRUE;
}

static const char *
part_kind (JsonObject *part)
{
  static const char * const kinds[] = {
    "toolRequest", "toolResponse", "data", "custom", "reasoning", "resource", "media", "text",
    "metadata",
  };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (json_object_has_member (part, kinds[i]))
      return kinds[i];
  return "unknown";
}

static gboolean
write_part (TemplateWriter *w,
            JsonNode       *part_node,
            guint           m,
            guint           i,
            gboolean       *previous_text)
{
  JsonObject *part;
  guint n_members;

  if (!JSON_NODE_HOLDS_OBJECT (part_node))
    return write_fail (w, "message %u, part %u: a part must be an object", m, i);
  part = json_node_get_object (part_node);
  n_members = json_object_get_size (part);

  if (n_members == 1 && json_object_has_member (part, "text") &&
      _genkit_js_kind (json_object_get_member (part, "text")) == GENKIT_JS_STRING)
    {
      const char *text = json_object_get_string_member (part, "text");

      if (_genkit_js_is_blank (text, -1))
        return write_fail (w, "message %u, part %u: a text part of only white space would be "
                              "dropped when the template renders", m, i);
      if (strstr (text, MARKER) != NULL)
        return write_fail (w, "message %u, part %u: the text holds '" MARKER "', which "
                              "would render as a Dotprompt marker", m, i);
      if (*previous_text)
        return write_fail (w, "message %u, part %u: two text parts in a row would render as "
                              "one", m, i);
      write_text (w, text);
      *previous_text = TRUE;
      return TRUE;
    }

  *previous_text = FALSE;

  if (n_members == 1 && json_object_has_member (part, "media") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (part, "media")))
    {
      JsonObject *media = json_object_get_object_member (part, "media");
      JsonNode *url = json_object_get_member (media, "url");
      JsonNode *content_type = json_object_get_member (media, "contentType");
      g_autoptr(GString) tag = g_string_new ("{{media url=");
      guint expected = 1;

      if (_genkit_js_kind (url) != GENKIT_JS_STRING ||
          !check_marker_word (w, json_node_get_string (url), "the media URL") ||
          !write_string_literal (w, tag, json_node_get_string (url), "the media URL"))
        return (w->error != NULL && *w->error != NULL)
               ? FALSE
               : write_fail (w, "message %u, part %u: a media part needs a string url", m, i);
      if (content_type != NULL)
        {
          expected++;
          if (_genkit_js_kind (content_type) != GENKIT_JS_STRING ||
              !check_marker_word (w, json_node_get_string (content_type), "the content type"))
            return (w->error != NULL && *w->error != NULL)
                   ? FALSE
                   : write_fail (w, "message %u, part %u: contentType must be a string", m, i);
          g_string_append (tag, " contentType=");
          if (!write_string_literal (w, tag, json_node_get_string (content_type),
                                     "the content type"))
            return FALSE;
        }
      if (json_object_get_size (media) != expected)
        return write_fail (w, "message %u, part %u: a media part may only have url and "
                              "contentType", m, i);
      g_string_append (tag, "}}");
      write_tag (w, tag->str);
      return TRUE;
    }

  if (n_members == 1 && json_object_has_member (part, "metadata") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (part, "metadata")))
    {
      JsonObject *metadata = json_object_get_object_member (part, "metadata");
      JsonNode *purpose = json_object_get_member (metadata, "purpose");
      JsonNode *pending = json_object_get_member (metadata, "pending");
      g_autoptr(GString) tag = g_string_new ("{{section ");

      if (json_object_get_size (metadata) == 2 &&
          _genkit_js_kind (purpose) == GENKIT_JS_STRING &&
          _genkit_js_kind (pending) == GENKIT_JS_BOOLEAN && json_node_get_boolean (pending))
        {
          if (!check_marker_word (w, json_node_get_string (purpose), "the section name") ||
              !write_string_literal (w, tag, json_node_get_string (purpose), "the section name"))
            return FALSE;
          g_string_append (tag, "}}");
          write_tag (w, tag->str);
          return TRUE;
        }
    }

  return write_fail (w, "message %u, part %u: a %s part cannot be written in a .prompt "
                        "template (only text, media and pending section parts can)",
                     m, i, part_kind (part));
}

static gboolean
write_messages (TemplateWriter *w,
                JsonArray      *messages)
{
  for (guint m = 0; m < json_array_get_length (messages); m++)
    {
      JsonNode *node = json_array_get_element (messages, m);
      JsonObject *message;
      JsonNode *role;
      JsonNode *content;
      g_autoptr(GString) tag = g_string_new ("{{role ");
      gboolean previous_text = FALSE;
      JsonArray *parts;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return write_fail (w, "message %u: a message must be an object", m);
      message = json_node_get_object (node);
      role = json_object_get_member (message, "role");
      content = json_object_get_member (message, "content");

      if (_genkit_js_kind (role) != GENKIT_JS_STRING)
        return write_fail (w, "message %u: the role must be a string", m);
      for (const char *p = json_node_get_string (role); *p != '\0'; p++)
        if (*p < 'a' || *p > 'z')
          return write_fail (w, "message %u: the role '%s' is not lowercase letters only, "
                                "which Dotprompt's role markers need", m,
                             json_node_get_string (role));
      if (json_node_get_string (role)[0] == '\0')
        return write_fail (w, "message %u: the role is empty", m);
      if (json_object_has_member (message, "metadata"))
        return write_fail (w, "message %u: message metadata (such as history) cannot be "
                              "written in a .prompt template", m);
      if (content == NULL || !JSON_NODE_HOLDS_ARRAY (content) ||
          json_array_get_length (json_node_get_array (content)) == 0)
        return write_fail (w, "message %u: a message needs content parts", m);
      {
        g_autoptr(GList) members = json_object_get_members (message);

        for (GList *it = members; it != NULL; it = it->next)
          if (!g_str_equal (it->data, "role") && !g_str_equal (it->data, "content"))
            return write_fail (w, "message %u: the member '%s' cannot be written in a .prompt "
                                  "template", m, (const char *) it->data);
      }

      g_string_append (tag, "\"");
      g_string_append (tag, json_node_get_string (role));
      g_string_append (tag, "\"}}");
      write_tag (w, tag->str);

      parts = json_node_get_array (content);
      for (guint i = 0; i < json_array_get_length (parts); i++)
        if (!write_part (w, json_array_get_element (parts, i), m, i, &previous_text))
          return FALSE;
    }

  /* The template is trimmed when read back: keep trailing white space of the last text
   * behind two comments (two, so neither is a standalone line). */
  if (!w->after_tag && w->out->len > 0 &&
      _genkit_js_space_at (g_utf8_find_prev_char (w->out->str, w->out->str + w->out->len),
                           w->out->str + w->out->len) > 0)
    g_string_append (w->out, "{{!}}{{!}}");

  return TRUE;
}

/* Whether Picoschema would read @schema as something else than the JSON Schema it is. */
static gboolean
schema_passes_through (JsonNode *schema)
{
  JsonObject *object;
  JsonNode *type;
  JsonNode *properties;

  if (!JSON_NODE_HOLDS_OBJECT (schema))
    return FALSE;
  object = json_node_get_object (schema);
  type = json_object_get_member (object, "type");
  properties = json_object_get_member (object, "properties");
  if (_genkit_js_kind (type) == GENKIT_JS_STRING)
    {
      static const char * const types[] = {
        "any", "boolean", "integer", "null", "number", "string", "object", "array",
      };

      for (guint i = 0; i < G_N_ELEMENTS (types); i++)
        if (g_str_equal (json_node_get_string (type), types[i]))
          return TRUE;
    }
  return properties != NULL && type == NULL && JSON_NODE_HOLDS_OBJECT (properties);
}

static gboolean
copy_schema (JsonObject  *to,
             JsonNode    *schema,
             const char  *where,
             GError     **error)
{
  if (schema == NULL || JSON_NODE_HOLDS_NULL (schema))
    return TRUE;
  if (!schema_passes_through (schema))
    {
      g_set_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE,
                   "the %s schema cannot be written: a JSON Schema in a .prompt file needs a "
                   "'type' of string, number, integer, boolean, null, object or array (or "
                   "'properties'), or Dotprompt reads it as Picoschema", where);
      return FALSE;
    }
  json_object_set_member (to, "schema", _genkit_js_node_copy (schema));
  return TRUE;
}

/* A tool reference as the `tools` list of a .prompt names it: `/tool/x` → `x`. */
static char *
tool_name (const char *ref)
{
  static const char * const prefixes[] = {
    "/tool/", "/tool.v2/", "/prompt/", "/executable-prompt/", "/dynamic-action-provider/",
  };

  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (ref, prefixes[i]))
      return g_strdup (ref + strlen (prefixes[i]));
  return g_strdup (ref);
}

/**
 * genkit_parsed_prompt_new_from_generate_options:
 * @options: a `GenerateActionOptions` object (protocol 7.8) — what a playground holds — with
 *   optionally `input` (`{schema, default}`) for the prompt's input
 * @error: return location for a %GENKIT_DOTPROMPT_ERROR_WRITE error
 *
 * Builds the `.prompt` file of a generate request, for the studio's "save as .prompt"; write
 * it with [method@Genkit.ParsedPrompt.to_string]. The frontmatter holds `model`, `config`,
 * `input`, `output` (`jsonSchema` becomes `schema`, the other output options are kept),
 * `tools` (by name), `toolChoice`, `maxTurns`, `returnToolRequests`, `use`, `metadata` and any
 * other member as it is. The template has a `{{role}}` tag per message, then its parts: text
 * (with `{{` escaped), `{{media url=… contentType=…}}`, `{{section …}}`.
 *
 * Rendering the file gives back the same messages, and its metadata the same values. What
 * a `.prompt` file cannot hold is refused rather than dropped: `docs`, `resume`, message
 * metadata, tool request/response, data, custom and reasoning parts, two text parts in a row,
 * white-space-only texts, texts containing a Dotprompt marker, JSON Schemas Picoschema would
 * misread.
 *
 * Returns: (transfer full) (nullable): the prompt, or %NULL with @error set
 */
GenkitParsedPrompt *
genkit_parsed_prompt_new_from_generate_options (JsonObject  *options,
                                                GError     **error)
{
  g_autoptr(JsonObject) frontmatter = json_object_new ();
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(GList) members = NULL;
  TemplateWriter w = { body, FALSE, error };
  JsonNode *messages;

  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  members = json_object_get_members (options);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *value = json_object_get_member (options, key);

      if (g_str_equal (key, "messages"))
        continue;
      if (g_str_equal (key, "docs") || g_str_equal (key, "resume"))
        {
          if (value == NULL || JSON_NODE_HOLDS_NULL (value))
            continue;
          g_set_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE,
                       "'%s' cannot be written in a .prompt file", key);
          return NULL;
        }

      if (g_str_equal (key, "tools") && JSON_NODE_HOLDS_ARRAY (value))
        {
          JsonArray *tools = json_node_get_array (value);
          JsonArray *names = json_array_new ();

          for (guint i = 0; i < json_array_get_length (tools); i++)
            {
              JsonNode *tool = json_array_get_element (tools, i);

              if (_genkit_js_kind (tool) != GENKIT_JS_STRING)
                {
                  json_array_unref (names);
                  g_set_error (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE,
                               "tools[%u] is not a tool name", i);
                  return NULL;
                }
              {
                g_autofree char *name = tool_name (json_node_get_string (tool));

                json_array_add_string_element (names, name);
              }
            }
          json_object_set_array_member (frontmatter, "tools", names);
          continue;
        }

      if ((g_str_equal (key, "output") || g_str_equal (key, "input")) &&
          JSON_NODE_HOLDS_OBJECT (value))
        {
          JsonObject *from = json_node_get_object (value);
          JsonObject *to = json_object_new ();
          g_autoptr(GList) fields = json_object_get_members (from);

          for (GList *f = fields; f != NULL; f = f->next)
            {
              JsonNode *field = json_object_get_member (from, f->data);

              if (g_str_equal (f->data, "jsonSchema") || g_str_equal (f->data, "schema"))
                {
                  if (!copy_schema (to, field, key, error))
                    {
                      json_object_unref (to);
                      return NULL;
                    }
                  continue;
                }
              json_object_set_member (to, f->data, _genkit_js_node_copy (field));
            }
          json_object_set_object_member (frontmatter, key, to);
          continue;
        }

      json_object_set_member (frontmatter, key, _genkit_js_node_copy (value));
    }

  messages = json_object_get_member (options, "messages");
  if (messages != NULL && !JSON_NODE_HOLDS_NULL (messages))
    {
      if (!JSON_NODE_HOLDS_ARRAY (messages))
        {
          g_set_error_literal (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_WRITE,
                               "messages must be a list");
          return NULL;
        }
      if (!write_messages (&w, json_node_get_array (messages)))
        return NULL;
    }

  return genkit_parsed_prompt_new (frontmatter, body->str);
}
