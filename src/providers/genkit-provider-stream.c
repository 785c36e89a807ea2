/* genkit-provider-stream.c — incremental readers of streamed model answers: SSE and NDJSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-provider-stream.h"
#include "genkit-remote-runtime-private.h"

/* A provider that streams megabytes without a line break is broken or hostile. */
#define MAX_LINE  (16 * 1024 * 1024)
#define MAX_EVENT (64 * 1024 * 1024)

/* Server-sent events -------------------------------------------------------------------- */

struct _GenkitSseReader
{
  GenkitSseEventFunc  func;
  gpointer            user_data;

  GString            *line;         /* the line being read, without its terminator */
  GString            *data;         /* the event's data lines, each followed by "\n" */
  char               *event;        /* the event type, or NULL */
  char               *last_id;
  gboolean            has_data;
  gboolean            skip_lf;      /* the last byte fed was a CR: a following LF ends nothing */
  gboolean            first_line;   /* a byte order mark may start the stream */
  guint               n_events;
};

GenkitSseReader *
_genkit_sse_reader_new (GenkitSseEventFunc func,
                        gpointer           user_data)
{
  GenkitSseReader *reader = g_new0 (GenkitSseReader, 1);

  reader->func = func;
  reader->user_data = user_data;
  reader->line = g_string_new (NULL);
  reader->data = g_string_new (NULL);
  reader->first_line = TRUE;
  return reader;
}

void
_genkit_sse_reader_free (GenkitSseReader *reader)
{
  if (reader == NULL)
    return;
  g_string_free (reader->line, TRUE);
  g_string_free (reader->data, TRUE);
  g_free (reader->event);
  g_free (reader->last_id);
  g_free (reader);
}

static gboolean
sse_dispatch (GenkitSseReader  *reader,
              GError          **error)
{
  gboolean ok = TRUE;

  if (reader->has_data)
    {
      /* The data buffer's last "\n" is not part of the data. */
      g_string_truncate (reader->data, reader->data->len - 1);
      reader->n_events++;
      if (reader->func != NULL)
        ok = reader->func (reader->event, reader->data->str, reader->data->len, reader->last_id,
                           reader->user_data, error);
    }
  g_string_truncate (reader->data, 0);
  g_clear_pointer (&reader->event, g_free);
  reader->has_data = FALSE;
  return ok;
}

static gboolean
sse_process_line (GenkitSseReader  *reader,
                  const char       *line,
                  gsize             len,
                  GError          **error)
{
  const char *colon;
  const char *value;
  gsize field_len;
  gsize value_len;

  if (reader->first_line)
    {
      reader->first_line = FALSE;
      if (len >= 3 && memcmp (line, "\xEF\xBB\xBF", 3) == 0)
        {
          line += 3;
          len -= 3;
        }
    }

  if (len == 0)
    return sse_dispatch (reader, error);
  if (line[0] == ':')
    return TRUE;

  colon = memchr (line, ':', len);
  if (colon != NULL)
    {
      field_len = (gsize) (colon - line);
      value = colon + 1;
      value_len = len - field_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      field_len = len;
      value = line + len;
      value_len = 0;
    }

  if (field_len == 4 && memcmp (line, "data", 4) == 0)
    {
      if (reader->data->len + value_len + 1 > MAX_EVENT)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                       "The event stream sent an event larger than %u MiB", MAX_EVENT >> 20);
          return FALSE;
        }
      g_string_append_len (reader->data, value, (gssize) value_len);
      g_string_append_c (reader->data, '\n');
      reader->has_data = TRUE;
    }
  else if (field_len == 5 && memcmp (line, "event", 5) == 0)
    {
      g_free (reader->event);
      reader->event = g_strndup (value, value_len);
    }
  else if (field_len == 2 && memcmp (line, "id", 2) == 0)
    {
      if (memchr (value, '\0', value_len) == NULL)
        {
          g_free (reader->last_id);
          reader->last_id = g_strndup (value, value_len);
        }
    }
  /* `retry` and unknown fields mean nothing to a client that does not reconnect. */
  return TRUE;
}

gboolean
_genkit_sse_reader_feed (GenkitSseReader  *reader,
                         const guint8     *data,
                         gsize             len,
                         GError          **error)
{
  const char *p = (const char *) data;
  const char *end = p + len;

  g_return_val_if_fail (reader != NULL, FALSE);

  while (p < end)
    {
      const char *q;

      if (reader->skip_lf)
        {
          reader->skip_lf = FALSE;
          if (*p == '\n')
            {
              p++;
              continue;
            }
        }

      for (q = p; q < end && *q != '\n' && *q != '\r'; q++)
        ;

      if (reader->line->len + (gsize) (q - p) > MAX_LINE)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                       "The event stream sent a line longer than %u MiB", MAX_LINE >> 20);
          return FALSE;
        }

      if (q == end)
        {
          g_string_append_len (reader->line, p, (gssize) (q - p));
          break;
        }

      if (reader->line->len == 0)
        {
          if (!sse_process_line (reader, p, (gsize) (q - p), error))
            return FALSE;
        }
      else
        {
          g_string_append_len (reader->line, p, (gssize) (q - p));
          if (!sse_process_line (reader, reader->line->str, reader->line->len, error))
            return FALSE;
          g_string_truncate (reader->line, 0);
        }

      reader->skip_lf = (*q == '\r');
      p = q + 1;
    }

  return TRUE;
}

/* The end of the stream: an incomplete line or event is dropped (HTML, "event stream
 * interpretation"). Never fails today; the error is there for callers to treat it as a step. */
gboolean
_genkit_sse_reader_finish (GenkitSseReader  *reader,
                           GError          **error)
{
  g_return_val_if_fail (reader != NULL, FALSE);

  g_string_truncate (reader->line, 0);
  g_string_truncate (reader->data, 0);
  g_clear_pointer (&reader->event, g_free);
  reader->has_data = FALSE;
  return TRUE;
}

guint
_genkit_sse_reader_get_n_events (GenkitSseReader *reader)
{
  return reader->n_events;
}

/* Newline-delimited JSON ---------------------------------------------------------------- */

struct _GenkitNdjsonLines
{
  GenkitNdjsonReader   *reader;
  char                 *source;
  GenkitNdjsonLineFunc  func;
  gpointer              user_data;
  GError               *error;      /* the line function's failure, reported by feed */
  guint                 n_lines;
};

static void
ndjson_line_cb (JsonNode *line,
                gpointer  user_data)
{
  GenkitNdjsonLines *lines = user_data;

  if (lines->error != NULL)
    return;
  lines->n_lines++;
  if (lines->func != NULL)
    lines->func (line, lines->user_data, &lines->error);
}

GenkitNdjsonLines *
_genkit_ndjson_lines_new (const char           *source,
                          GenkitNdjsonLineFunc  func,
                          gpointer              user_data)
{
  GenkitNdjsonLines *lines = g_new0 (GenkitNdjsonLines, 1);

  lines->reader = _genkit_ndjson_reader_new (TRUE, ndjson_line_cb, lines);
  lines->source = g_strdup (source ? source : "The server");
  lines->func = func;
  lines->user_data = user_data;
  return lines;
}

void
_genkit_ndjson_lines_free (GenkitNdjsonLines *lines)
{
  if (lines == NULL)
    return;
  g_clear_pointer (&lines->reader, _genkit_ndjson_reader_free);
  g_clear_error (&lines->error);
  g_free (lines->source);
  g_free (lines);
}

/* The reflection client's reader speaks of "the runtime"; here it is a model provider. */
static void
ndjson_reword_error (GenkitNdjsonLines  *lines,
                     GError            **error,
                     GError            *reader_error)
{
  const char *message = reader_error->message;

  if (g_str_has_prefix (message, "The runtime "))
    g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s %s", lines->source,
                 message + strlen ("The runtime "));
  else
    g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "%s: %s", lines->source, message);
  g_error_free (reader_error);
}

gboolean
_genkit_ndjson_lines_feed (GenkitNdjsonLines  *lines,
                           const guint8       *data,
                           gsize               len,
                           GError            **error)
{
  GError *reader_error = NULL;

  g_return_val_if_fail (lines != NULL, FALSE);

  if (lines->error == NULL && !_genkit_ndjson_reader_feed (lines->reader, data, len, &reader_error))
    {
      ndjson_reword_error (lines, error, reader_error);
      return FALSE;
    }
  if (lines->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&lines->error));
      return FALSE;
    }
  return TRUE;
}

gboolean
_genkit_ndjson_lines_finish (GenkitNdjsonLines  *lines,
                             GError            **error)
{
  g_autoptr(JsonNode) last = NULL;
  const guint8 *rest;
  gsize len;
  GError *reader_error = NULL;

  g_return_val_if_fail (lines != NULL, FALSE);

  if (lines->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&lines->error));
      return FALSE;
    }

  rest = _genkit_ndjson_reader_peek (lines->reader, &len);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isspace (rest[i]))
      {
        last = _genkit_ndjson_reader_finish (lines->reader, &reader_error);
        break;
      }
  if (reader_error != NULL)
    {
      ndjson_reword_error (lines, error, reader_error);
      return FALSE;
    }
  if (last != NULL)
    {
      ndjson_line_cb (last, lines);
      if (lines->error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&lines->error));
          return FALSE;
        }
    }
  return TRUE;
}

guint
_genkit_ndjson_lines_get_n_lines (GenkitNdjsonLines *lines)
{
  return lines->n_lines;
}
