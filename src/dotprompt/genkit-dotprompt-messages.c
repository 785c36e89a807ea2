/* genkit-dotprompt-messages.c — a rendered template split into messages and parts
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * Dotprompt's toMessages() (js/src/parse.ts): the text is split at role and history markers
 * into messages, each message's text at media and section markers into parts, and the
 * conversation history is inserted where `{{history}}` was, or before the last user message.
 */

#include "config.h"

#include <string.h>

#include "genkit-dotprompt.h"
#include "genkit-dotprompt-json-private.h"
#include "genkit-dotprompt-private.h"

#define ROLE_MARKER_PREFIX "<<<dotprompt:role:"
#define HISTORY_MARKER_PREFIX "<<<dotprompt:history"
#define MEDIA_MARKER_PREFIX "<<<dotprompt:media:"
#define SECTION_MARKER_PREFIX "<<<dotprompt:section"

/* At @p (an occurrence of "<<<dotprompt:"), the length of what
 * /(<<<dotprompt:(?:role:[a-z]+|history))>>>/ captures, or 0. */
static gsize
match_role_or_history (const char *p)
{
  const char *q = p + strlen ("<<<dotprompt:");

  if (g_str_has_prefix (q, "role:"))
    {
      const char *r = q + 5;
      const char *start = r;

      while (*r >= 'a' && *r <= 'z')
        r++;
      if (r > start && g_str_has_prefix (r, ">>>"))
        return r - p;
      return 0;
    }
  if (g_str_has_prefix (q, "history>>>"))
    return q + strlen ("history") - p;
  return 0;
}

static gboolean
is_line_terminator (const char *p)
{
  return *p == '\n' || *p == '\r' ||
         ((guchar) p[0] == 0xe2 && (guchar) p[1] == 0x80 &&
          ((guchar) p[2] == 0xa8 || (guchar) p[2] == 0xa9));
}

/* /(<<<dotprompt:(?:media:url|section).*?)>>>/: `.` does not match line terminators. */
static gsize
match_media_or_section (const char *p)
{
  const char *q = p + strlen ("<<<dotprompt:");
  const char *r;

  if (g_str_has_prefix (q, "media:url"))
    r = q + strlen ("media:url");
  else if (g_str_has_prefix (q, "section"))
    r = q + strlen ("section");
  else
    return 0;

  for (; *r != '\0' && !is_line_terminator (r); r++)
    if (g_str_has_prefix (r, ">>>"))
      return r - p;
  return 0;
}

/* splitByRegex(): String.prototype.split with a capturing group, pieces of only white space
 * dropped. The captured markers are kept, without their `>>>`. */
static GPtrArray *
split_by_markers (const char *source,
                  gsize     (*match) (const char *p))
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);
  const char *start = source;
  const char *p = source;

#define ADD_PIECE(from, to) G_STMT_START { \
    if (!_genkit_js_is_blank ((from), (to) - (from))) \
      g_ptr_array_add (pieces, g_strndup ((from), (to) - (from))); \
  } G_STMT_END

  while ((p = strstr (p, "<<<dotprompt:")) != NULL)
    {
      gsize n = match (p);

      if (n == 0)
        {
          p++;
          continue;
        }
      ADD_PIECE (start, p);
      ADD_PIECE (p, p + n);
      p += n + 3;
      start = p;
    }
  ADD_PIECE (start, source + strlen (source));

#undef ADD_PIECE
  return pieces;
}

/* parseMediaPart(), parseSectionPart(), parseTextPart() */
static JsonNode *
parse_part (const char *piece)
{
  JsonObject *part = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  if (g_str_has_prefix (piece, MEDIA_MARKER_PREFIX))
    {
      g_auto(GStrv) words = g_strsplit (piece, " ", -1);
      JsonObject *media = json_object_new ();

      if (words[0] != NULL && words[1] != NULL)
        {
          json_object_set_string_member (media, "url", words[1]);
          if (words[2] != NULL && words[2][0] != '\0')
            json_object_set_string_member (media, "contentType", words[2]);
        }
      json_object_set_object_member (part, "media", media);
    }
  else if (g_str_has_prefix (piece, SECTION_MARKER_PREFIX))
    {
      g_auto(GStrv) words = g_strsplit (piece, " ", -1);
      JsonObject *metadata = json_object_new ();

      if (words[0] != NULL && words[1] != NULL)
        json_object_set_string_member (metadata, "purpose", words[1]);
      json_object_set_boolean_member (metadata, "pending", TRUE);
      json_object_set_object_member (part, "metadata", metadata);
    }
  else
    {
      json_object_set_string_member (part, "text", piece);
    }

  json_node_take_object (node, part);
  return node;
}

typedef struct
{
  char      *role;
  GString   *source;     /* NULL for a history message */
  JsonNode  *message;    /* a history message, as is */
} MessageSource;

static void
message_source_free (MessageSource *ms)
{
  g_free (ms->role);
  if (ms->source != NULL)
    g_string_free (ms->source, TRUE);
  g_clear_pointer (&ms->message, json_node_unref);
  g_free (ms);
}

static MessageSource *
message_source_new (const char *role)
{
  MessageSource *ms = g_new0 (MessageSource, 1);

  ms->role = g_strdup (role);
  ms->source = g_string_new (NULL);
  return ms;
}

/* transformMessagesToHistory(): {...m, metadata: {...m.metadata, purpose: 'history'}} */
static JsonNode *
as_history (JsonNode *message)
{
  JsonNode *copy = _genkit_js_node_copy (message);
  JsonObject *object;
  JsonObject *metadata = json_object_new ();
  JsonNode *metadata_node;

  if (!JSON_NODE_HOLDS_OBJECT (copy))
    return copy;
  object = json_node_get_object (copy);
  _genkit_js_object_spread (metadata, json_object_get_member (object, "metadata"));
  json_object_set_string_member (metadata, "purpose", "history");
  metadata_node = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (metadata_node, metadata);
  _genkit_js_object_set (object, "metadata", metadata_node);
  return copy;
}

static gboolean
has_history_purpose (JsonNode *message)
{
  JsonNode *metadata;
  JsonNode *purpose;

  if (!JSON_NODE_HOLDS_OBJECT (message))
    return FALSE;
  metadata = json_object_get_member (json_node_get_object (message), "metadata");
  if (metadata == NULL || !JSON_NODE_HOLDS_OBJECT (metadata))
    return FALSE;
  purpose = json_object_get_member (json_node_get_object (metadata), "purpose");
  return _genkit_js_kind (purpose) == GENKIT_JS_STRING &&
         g_str_equal (json_node_get_string (purpose), "history");
}

/**
 * genkit_dotprompt_to_messages:
 * @rendered: the text a template rendered to
 * @data: (nullable): the render's data argument; its `messages` are the history
 * @error: return location for a %GENKIT_DOTPROMPT_ERROR_INVALID error (`messages` that is
 *   not a list)
 *
 * Splits a rendered template into messages, as Dotprompt's `toMessages()` does:
 *
 * 1. The text is split at role markers (`{{role "system"}}`) and history markers
 *    (`{{history}}`), pieces of only white space dropped, into messages; the first message
 *    is a `user` message; a role marker starts a new message unless the current one has no
 *    text yet, whose role it then changes.
 * 2. A history marker inserts the history messages (with `metadata.purpose` = `history`) and
 *    starts a `model` message.
 * 3. Each message's text is split into parts at media markers (`{"media": {"url",
 *    "contentType"}}`) and section markers (`{"metadata": {"purpose", "pending": true}}`);
 *    the rest are text parts.
 * 4. Without a history marker, the history goes before the last message if that is a `user`
 *    message, else at the end.
 *
 * Returns: (transfer full) (nullable): the messages, or %NULL with @error set
 */
JsonArray *
genkit_dotprompt_to_messages (const char  *rendered,
                              JsonObject  *data,
                              GError     **error)
{
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func ((GDestroyNotify) message_source_free);
  g_autoptr(GPtrArray) pieces = NULL;
  JsonNode *history_node = data != NULL ? json_object_get_member (data, "messages") : NULL;
  JsonArray *history = NULL;
  MessageSource *current;
  JsonArray *messages;
  gboolean any_history = FALSE;
  guint n;

  g_return_val_if_fail (rendered != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (history_node != NULL && !JSON_NODE_HOLDS_NULL (history_node))
    {
      if (!JSON_NODE_HOLDS_ARRAY (history_node))
        {
          g_set_error_literal (error, GENKIT_DOTPROMPT_ERROR, GENKIT_DOTPROMPT_ERROR_INVALID,
                               "data.messages must be a list of messages");
          return NULL;
        }
      history = json_node_get_array (history_node);
    }

  current = message_source_new ("user");
  g_ptr_array_add (sources, current);

  pieces = split_by_markers (rendered, match_role_or_history);
  for (guint i = 0; i < pieces->len; i++)
    {
      const char *piece = pieces->pdata[i];

      if (g_str_has_prefix (piece, ROLE_MARKER_PREFIX))
        {
          const char *role = piece + strlen (ROLE_MARKER_PREFIX);

          if (current->source != NULL && !_genkit_js_is_blank (current->source->str, -1))
            {
              current = message_source_new (role);
              g_ptr_array_add (sources, current);
            }
          else
            {
              g_free (current->role);
              current->role = g_strdup (role);
            }
        }
      else if (g_str_has_prefix (piece, HISTORY_MARKER_PREFIX))
        {
          if (history != NULL)
            for (guint h = 0; h < json_array_get_length (history); h++)
              {
                MessageSource *ms = g_new0 (MessageSource, 1);

                ms->message = as_history (json_array_get_element (history, h));
                g_ptr_array_add (sources, ms);
              }
          current = message_source_new ("model");
          g_ptr_array_add (sources, current);
        }
      else
        {
          if (current->source == NULL)
            current->source = g_string_new (NULL);
          g_string_append (current->source, piece);
        }
    }

  /* messageSourcesToMessages() */
  messages = json_array_new ();
  for (guint i = 0; i < sources->len; i++)
    {
      MessageSource *ms = sources->pdata[i];
      JsonObject *message;
      JsonArray *content;
      g_autoptr(GPtrArray) parts = NULL;

      if (ms->message != NULL)
        {
          /* {role, content: m.content || toParts(m.source || ''), metadata?}, kept only with
           * content (or source) */
          JsonObject *from = JSON_NODE_HOLDS_OBJECT (ms->message)
                               ? json_node_get_object (ms->message) : NULL;
          JsonNode *role = from != NULL ? json_object_get_member (from, "role") : NULL;
          JsonNode *content_node = from != NULL ? json_object_get_member (from, "content") : NULL;
          JsonNode *source = from != NULL ? json_object_get_member (from, "source") : NULL;
          JsonNode *metadata = from != NULL ? json_object_get_member (from, "metadata") : NULL;

          if (!_genkit_js_truthy (content_node) && !_genkit_js_truthy (source))
            continue;
          message = json_object_new ();
          if (role != NULL)
            json_object_set_member (message, "role", _genkit_js_node_copy (role));
          if (_genkit_js_truthy (content_node))
            json_object_set_member (message, "content", _genkit_js_node_copy (content_node));
          else
            {
              content = json_array_new ();
              if (_genkit_js_kind (source) == GENKIT_JS_STRING)
                {
                  parts = split_by_markers (json_node_get_string (source), match_media_or_section);
                  for (guint p = 0; p < parts->len; p++)
                    json_array_add_element (content, parse_part (parts->pdata[p]));
                }
              json_object_set_array_member (message, "content", content);
            }
          if (_genkit_js_truthy (metadata))
            json_object_set_member (message, "metadata", _genkit_js_node_copy (metadata));
          any_history |= has_history_purpose (ms->message);
          json_array_add_object_element (messages, message);
          continue;
        }
      if (ms->source == NULL || ms->source->len == 0)
        continue;

      message = json_object_new ();
      json_object_set_string_member (message, "role", ms->role);
      content = json_array_new ();
      parts = split_by_markers (ms->source->str, match_media_or_section);
      for (guint p = 0; p < parts->len; p++)
        json_array_add_element (content, parse_part (parts->pdata[p]));
      json_object_set_array_member (message, "content", content);
      json_array_add_object_element (messages, message);
    }

  /* insertHistory() */
  if (history == NULL || any_history)
    return messages;

  n = json_array_get_length (messages);
  if (n == 0)
    {
      json_array_unref (messages);
      return json_array_ref (history);
    }

  {
    JsonNode *last = json_array_get_element (messages, n - 1);
    JsonNode *role = JSON_NODE_HOLDS_OBJECT (last)
                       ? json_object_get_member (json_node_get_object (last), "role") : NULL;
    gboolean last_is_user = _genkit_js_kind (role) == GENKIT_JS_STRING &&
                            g_str_equal (json_node_get_string (role), "user");
    JsonArray *out = json_array_new ();

    for (guint i = 0; i + (last_is_user ? 1 : 0) < n; i++)
      json_array_add_element (out, json_node_ref (json_array_get_element (messages, i)));
    for (guint i = 0; i < json_array_get_length (history); i++)
      json_array_add_element (out, _genkit_js_node_copy (json_array_get_element (history, i)));
    if (last_is_user)
      json_array_add_element (out, json_node_ref (last));
    json_array_unref (messages);
    return out;
  }
}
