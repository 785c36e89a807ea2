/* trace-writer-helper.c — writes a burst of spans into a trace store and prints a line for
 * every ingest that completed; test-crash-safety kills it with SIGKILL in the middle
 *
 * usage: trace-writer-helper STORE_PATH N_TRACES
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <genkit-telemetry.h>

/* Ingests in flight at once: enough for the writer to batch them into transactions. */
#define WINDOW 64

typedef struct
{
  GenkitTraceStore *store;
  guint             n_traces;
  guint             next;          /* next span to send, 3 per trace */
  guint             in_flight;
  guint             done;
  GMainLoop        *loop;
} Writer;

typedef struct
{
  Writer *writer;
  char   *trace_id;
  char   *span_id;
} Pending;

static void send_more (Writer *writer);

static void
ingested_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Pending *pending = user_data;
  Writer *writer = pending->writer;
  g_autoptr(GError) error = NULL;

  if (!genkit_trace_store_ingest_finish (GENKIT_TRACE_STORE (object), result, &error))
    {
      g_printerr ("ingest failed: %s\n", error->message);
      exit (2);
    }
  /* Printed only now: the span is committed. */
  printf ("ok %s %s\n", pending->trace_id, pending->span_id);
  fflush (stdout);
  g_free (pending->trace_id);
  g_free (pending->span_id);
  g_free (pending);

  writer->in_flight--;
  writer->done++;
  if (writer->done == writer->n_traces * 3)
    g_main_loop_quit (writer->loop);
  else
    send_more (writer);
}

static void
send_more (Writer *writer)
{
  while (writer->in_flight < WINDOW && writer->next < writer->n_traces * 3)
    {
      guint trace = writer->next / 3;
      guint role = writer->next % 3;
      g_autofree char *text = NULL;
      g_autofree char *parent = role ? g_strdup_printf ("\"parentSpanId\":\"%016x\",", trace * 3 + 1)
                                     : g_strdup ("");
      g_autoptr(JsonParser) parser = json_parser_new ();
      Pending *pending = g_new0 (Pending, 1);
      GString *output = g_string_new (NULL);

      for (guint i = 0; i < 40; i++)
        g_string_append_printf (output, "word%u ", (trace * 7 + i) % 997);
      pending->writer = writer;
      pending->trace_id = g_strdup_printf ("%032x", trace + 1);
      pending->span_id = g_strdup_printf ("%016x", writer->next + 1);
      text = g_strdup_printf (
        "{\"traceId\":\"%s\",\"spans\":{\"%s\":{\"spanId\":\"%s\",\"traceId\":\"%s\",%s"
        "\"startTime\":%u,\"endTime\":%u,\"attributes\":{\"genkit:type\":\"action\","
        "\"genkit:output\":\"%s\"},\"displayName\":\"span%u\",\"instrumentationLibrary\":"
        "{\"name\":\"genkit-tracer\",\"version\":\"v1\"},\"spanKind\":\"INTERNAL\"}}%s}",
        pending->trace_id, pending->span_id, pending->span_id, pending->trace_id,
        parent, 1000 + trace, 1001 + trace, output->str, role,
        role ? "" : ",\"displayName\":\"root\"");
      g_string_free (output, TRUE);
      if (!json_parser_load_from_data (parser, text, -1, NULL))
        abort ();
      genkit_trace_store_ingest_async (writer->store, json_parser_get_root (parser), NULL,
                                       ingested_cb, pending);
      writer->in_flight++;
      writer->next++;
    }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  Writer writer = { 0 };

  if (argc != 3)
    {
      g_printerr ("usage: %s STORE_PATH N_TRACES\n", argv[0]);
      return 2;
    }
  store = genkit_trace_store_new (argv[1], &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  loop = g_main_loop_new (NULL, FALSE);
  writer.store = store;
  writer.n_traces = (guint) g_ascii_strtoull (argv[2], NULL, 10);
  writer.loop = loop;
  printf ("ready\n");
  fflush (stdout);
  send_more (&writer);
  g_main_loop_run (loop);
  return 0;
}
