/* fuzz-sse-ndjson.c — libFuzzer target for the providers' SSE and NDJSON stream readers
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 * The input's first byte picks the reader (even: server-sent events, odd: NDJSON) and, with
 * the second, the size of the pieces the rest is fed in. Every input is read twice, whole and
 * in pieces: both readings must agree exactly (events or lines, then success or the same
 * failure), nothing may crash, leak or hang. SSE data is parsed as JSON the way the provider
 * client parses it, `[DONE]` aside.
 *
 * Built and run by run-fuzzers.sh, which reads the next two lines.
 * FUZZ_SOURCES: ALL ../providers/genkit-provider-stream.c
 * FUZZ_PKGS: json-glib-1.0 gio-2.0 libsoup-3.0 sqlite3
 */

#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "genkit.h"
#include "../providers/genkit-provider-stream.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static gboolean
sse_event_cb (const char  *event,
              const char  *data,
              gsize        data_len,
              const char  *id,
              gpointer     user_data,
              GError     **error)
{
  GString *out = user_data;
  g_autoptr(JsonNode) node = NULL;

  g_string_append_printf (out, "event=%s id=%s len=%" G_GSIZE_FORMAT "\n", event ? event : "-", id ? id : "-",
                          data_len);
  g_string_append_len (out, data, (gssize) data_len);
  g_string_append_c (out, '\n');
  if (data_len == 6 && memcmp (data, "[DONE]", 6) == 0)
    return TRUE;
  node = genkit_json_parse (data, (gssize) data_len, NULL);
  g_string_append (out, node ? "json\n" : "not-json\n");
  /* A consumer may refuse an event; the reader must stop cleanly. */
  if (data_len > 0 && data[0] == '!')
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "refused");
      return FALSE;
    }
  return TRUE;
}

static gboolean
ndjson_line_cb (JsonNode  *line,
                gpointer   user_data,
                GError   **error)
{
  GString *out = user_data;
  g_autofree char *text = json_to_string (line, FALSE);

  g_string_append_printf (out, "%s\n", text);
  if (JSON_NODE_HOLDS_OBJECT (line) && json_object_has_member (json_node_get_object (line), "error"))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL, "error line");
      return FALSE;
    }
  return TRUE;
}

/* Reads @body in pieces of @piece bytes (0: whole); the transcript of what was read. */
static char *
read_sse (const uint8_t *body,
          size_t         len,
          size_t         piece)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GenkitSseReader) reader = _genkit_sse_reader_new (sse_event_cb, out);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (piece == 0)
    piece = len ? len : 1;
  for (size_t at = 0; ok && at < len; at += piece)
    ok = _genkit_sse_reader_feed (reader, body + at, MIN (piece, len - at), &error);
  if (ok)
    ok = _genkit_sse_reader_finish (reader, &error);
  g_string_append_printf (out, "end %s %s\n", ok ? "ok" : "failed", error ? error->message : "");
  return g_string_free (out, FALSE);
}

static char *
read_ndjson (const uint8_t *body,
             size_t         len,
             size_t         piece)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GenkitNdjsonLines) lines = _genkit_ndjson_lines_new ("Fuzz", ndjson_line_cb, out);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (piece == 0)
    piece = len ? len : 1;
  for (size_t at = 0; ok && at < len; at += piece)
    ok = _genkit_ndjson_lines_feed (lines, body + at, MIN (piece, len - at), &error);
  if (ok)
    ok = _genkit_ndjson_lines_finish (lines, &error);
  /* Only success or failure is compared: a parse error names the piece it was found in. */
  g_string_append_printf (out, "end %s\n", ok ? "ok" : "failed");
  return g_string_free (out, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *whole = NULL;
  g_autofree char *pieces = NULL;
  gboolean sse;
  size_t piece;

  if (size < 2)
    return 0;
  sse = (data[0] & 1) == 0;
  piece = 1 + data[1] % 17;
  data += 2;
  size -= 2;

  if (sse)
    {
      whole = read_sse (data, size, 0);
      pieces = read_sse (data, size, piece);
    }
  else
    {
      whole = read_ndjson (data, size, 0);
      pieces = read_ndjson (data, size, piece);
    }
  if (strcmp (whole, pieces) != 0)
    {
      fprintf (stderr, "whole:\n%s\npieces of %zu:\n%s\n", whole, piece, pieces);
      abort ();
    }
  return 0;
}
