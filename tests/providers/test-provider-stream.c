/* test-provider-stream.c — the SSE and NDJSON readers, fed in every possible pieces
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "genkit-provider-stream.h"

/* Events are collected as "event|data|id" lines. */
static gboolean
collect_event_cb (const char  *event,
                  const char  *data,
                  gsize        data_len,
                  const char  *id,
                  gpointer     user_data,
                  GError     **error)
{
  GString *out = user_data;

  g_assert_cmpuint (strlen (data), ==, data_len);
  g_string_append_printf (out, "%s|%s|%s\n", event ? event : "-", data, id ? id : "-");
  return TRUE;
}

static char *
sse_read (const char *input,
          gsize       len,
          gsize       split)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GenkitSseReader) reader = _genkit_sse_reader_new (collect_event_cb, out);
  g_autoptr(GError) error = NULL;

  if (split == 0)
    {
      /* One byte at a time. */
      for (gsize i = 0; i < len; i++)
        {
          g_assert_true (_genkit_sse_reader_feed (reader, (const guint8 *) input + i, 1, &error));
          g_assert_no_error (error);
        }
    }
  else
    {
      g_assert_true (_genkit_sse_reader_feed (reader, (const guint8 *) input, split, &error));
      g_assert_true (_genkit_sse_reader_feed (reader, (const guint8 *) input + split, len - split, &error));
    }
  g_assert_true (_genkit_sse_reader_finish (reader, &error));
  g_assert_no_error (error);
  return g_string_free (out, FALSE);
}

static void
test_sse_cases (void)
{
  static const struct { const char *input; const char *events; } cases[] = {
    { "data: {\"a\":1}\n\n", "-|{\"a\":1}|-\n" },
    { "data: x\r\n\r\ndata: y\r\n\r\n", "-|x|-\n-|y|-\n" },
    { "data: x\r\rdata: y\r\r", "-|x|-\n-|y|-\n" },
    { "data: one\ndata: two\n\n", "-|one\ntwo|-\n" },
    { ": keep-alive\n\ndata: x\n\n", "-|x|-\n" },
    { "event: message_start\ndata: {}\n\nevent: ping\ndata: {\"type\": \"ping\"}\n\n",
      "message_start|{}|-\nping|{\"type\": \"ping\"}|-\n" },
    { "id: 7\ndata: a\n\ndata: b\n\n", "-|a|7\n-|b|7\n" },
    { "data:no-space\n\n", "-|no-space|-\n" },
    { "data:  two spaces\n\n", "-| two spaces|-\n" },
    { "\xEF\xBB\xBF" "data: bom\n\n", "-|bom|-\n" },
    { "data\n\n", "-||-\n" },
    { "event: x\n\n", "" },
    { "retry: 1000\nfoo: bar\ndata: z\n\n", "-|z|-\n" },
    { "data: [DONE]\n\n", "-|[DONE]|-\n" },
    { "data: unfinished\n", "" },
    { "data: a\n\ndata: unfinished", "-|a|-\n" },
    { "data: é ✓\n\n", "-|é ✓|-\n" },
  };

  g_test_summary ("Server-sent events as the HTML standard reads them, whatever the pieces: every "
                  "split point and one byte at a time give the same events");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gsize len = strlen (cases[c].input);

      for (gsize split = 0; split < len; split++)
        {
          g_autofree char *events = sse_read (cases[c].input, len, split);

          if (g_strcmp0 (events, cases[c].events) != 0)
            g_error ("case %u split %" G_GSIZE_FORMAT ": got «%s», wanted «%s»", c, split, events,
                     cases[c].events);
        }
    }
}

static gboolean
fail_event_cb (const char  *event,
               const char  *data,
               gsize        data_len,
               const char  *id,
               gpointer     user_data,
               GError     **error)
{
  guint *n = user_data;

  if (++(*n) == 2)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS, "second event refused");
      return FALSE;
    }
  return TRUE;
}

static void
test_sse_errors (void)
{
  g_autoptr(GenkitSseReader) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  guint n = 0;

  g_test_summary ("An event function's failure stops the reader; a line over 16 MiB is refused");

  reader = _genkit_sse_reader_new (fail_event_cb, &n);
  g_assert_false (_genkit_sse_reader_feed (reader, (const guint8 *) "data: 1\n\ndata: 2\n\ndata: 3\n\n", 27, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS);
  g_assert_cmpuint (n, ==, 2);
  g_clear_pointer (&reader, _genkit_sse_reader_free);
  g_clear_error (&error);

  reader = _genkit_sse_reader_new (fail_event_cb, &n);
  line = g_malloc (1024 * 1024);
  memset (line, 'x', 1024 * 1024);
  for (guint i = 0; i < 16 && error == NULL; i++)
    _genkit_sse_reader_feed (reader, (const guint8 *) line, 1024 * 1024, &error);
  g_assert_no_error (error);
  g_assert_false (_genkit_sse_reader_feed (reader, (const guint8 *) "x", 1, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS);
}

static gboolean
collect_line_cb (JsonNode  *line,
                 gpointer   user_data,
                 GError   **error)
{
  GString *out = user_data;
  g_autofree char *text = json_to_string (line, FALSE);

  g_string_append_printf (out, "%s\n", text);
  return TRUE;
}

static void
test_ndjson_cases (void)
{
  static const struct { const char *input; const char *lines; } cases[] = {
    { "{\"a\":1}\n{\"b\":2}\n", "{\"a\":1}\n{\"b\":2}\n" },
    { "{\"a\":1}\n\n  \n{\"b\":2}", "{\"a\":1}\n{\"b\":2}\n" },
    { "{\"done\":true}\r\n", "{\"done\":true}\n" },
    { "", "" },
  };

  g_test_summary ("NDJSON lines (Ollama's stream) at every split point, blank lines skipped, a last "
                  "line without newline read at the end");

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      gsize len = strlen (cases[c].input);

      for (gsize split = 0; split <= len; split++)
        {
          GString *out = g_string_new (NULL);
          g_autoptr(GenkitNdjsonLines) lines = _genkit_ndjson_lines_new ("Ollama", collect_line_cb, out);
          g_autoptr(GError) error = NULL;
          g_autofree char *got = NULL;

          g_assert_true (_genkit_ndjson_lines_feed (lines, (const guint8 *) cases[c].input, split, &error));
          g_assert_true (_genkit_ndjson_lines_feed (lines, (const guint8 *) cases[c].input + split, len - split, &error));
          g_assert_true (_genkit_ndjson_lines_finish (lines, &error));
          g_assert_no_error (error);
          got = g_string_free (out, FALSE);
          g_assert_cmpstr (got, ==, cases[c].lines);
        }
    }
}

static void
test_ndjson_errors (void)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GenkitNdjsonLines) lines = _genkit_ndjson_lines_new ("Ollama", collect_line_cb, out);
  g_autoptr(GError) error = NULL;

  g_test_summary ("A line that is not JSON fails, naming the provider");

  g_assert_true (_genkit_ndjson_lines_feed (lines, (const guint8 *) "{\"a\":1}\n", 8, &error));
  g_assert_false (_genkit_ndjson_lines_feed (lines, (const guint8 *) "{\"a\":\n", 6, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS);
  g_assert_true (g_str_has_prefix (error->message, "Ollama "));
  g_string_free (out, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  test_provider_init (&argc, &argv);

  g_test_add_func ("/provider-stream/sse", test_sse_cases);
  g_test_add_func ("/provider-stream/sse-errors", test_sse_errors);
  g_test_add_func ("/provider-stream/ndjson", test_ndjson_cases);
  g_test_add_func ("/provider-stream/ndjson-errors", test_ndjson_errors);

  return g_test_run ();
}
