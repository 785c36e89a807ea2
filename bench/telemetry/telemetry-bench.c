/* telemetry-bench.c — load and measurement driver for the telemetry benchmark (run.sh)
 *
 *   genkit-telemetry-bench serve PORT STORE_DIR
 *       our telemetry server over STORE_DIR/traces.db on 127.0.0.1:PORT (the harness's
 *       TSRV_CMD contract: `$TSRV_CMD PORT STORE_DIR`)
 *   genkit-telemetry-bench ingest URL N_TRACES MODE CONC [IDS_FILE]
 *       POSTs runtime-shaped TraceData to URL/api/traces exactly like the harness's
 *       ingest.mjs/tracegen.mjs (genFlow → generate → echoModel; MODE plain = 3 POSTs per
 *       trace, realtime = 6) over CONC keep-alive connections; prints one JSON line
 *   genkit-telemetry-bench query URL PATH N
 *       N sequential GETs of PATH over one keep-alive connection (after 3 warm-up requests);
 *       prints one JSON line with latency percentiles and the response size
 *   genkit-telemetry-bench synth STORE_DIR N_TRACES SPANS_PER_TRACE|tracegen [IDS_FILE]
 *       writes N traces straight into STORE_DIR/traces.db through GenkitTraceStore, for the
 *       query-only points (100k traces): `tracegen` stores exactly what `ingest … plain`
 *       would (the traces the harness's synth-store.mjs writes for the JavaScript server);
 *       a number stores traces of that many spans whose outputs hold words drawn from a
 *       small vocabulary plus a token unique to the trace (`tok<i>`), for full-text search
 *
 * The HTTP client is plain blocking sockets, one thread per connection: the client costs
 * little next to either server, and the same client drives both.
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>

#include <genkit-telemetry.h>

/* HTTP client ---------------------------------------------------------------------------- */

typedef struct
{
  int      fd;
  char     host[64];
  guint    port;
  GString *in;
} Conn;

static gboolean
parse_url (const char *url,
           guint      *port)
{
  const char *p = strrchr (url, ':');

  if (!g_str_has_prefix (url, "http://127.0.0.1:") || p == NULL)
    return FALSE;
  *port = (guint) g_ascii_strtoull (p + 1, NULL, 10);
  return *port > 0;
}

static gboolean
conn_open (Conn  *conn,
           guint  port)
{
  struct sockaddr_in addr = { 0 };
  int one = 1;

  conn->fd = socket (AF_INET, SOCK_STREAM, 0);
  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (conn->fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    return FALSE;
  setsockopt (conn->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  conn->port = port;
  g_snprintf (conn->host, sizeof conn->host, "127.0.0.1:%u", port);
  if (conn->in == NULL)
    conn->in = g_string_sized_new (65536);
  g_string_truncate (conn->in, 0);
  return TRUE;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Reads one response; returns its status (0 on failure) and body size. */
static guint
read_response (Conn  *conn,
               gsize *body_size)
{
  char buffer[65536];
  const char *end;
  gsize header_len;
  gsize content_length = 0;
  gboolean chunked = FALSE;
  guint status;

  for (;;)
    {
      end = conn->in->len ? g_strstr_len (conn->in->str, conn->in->len, "\r\n\r\n") : NULL;
      if (end != NULL)
        break;
      {
        ssize_t n = read (conn->fd, buffer, sizeof buffer);

        if (n <= 0)
          return 0;
        g_string_append_len (conn->in, buffer, n);
      }
    }
  header_len = end - conn->in->str + 4;
  status = (guint) g_ascii_strtoull (conn->in->str + 9, NULL, 10);
  {
    g_autofree char *headers = g_ascii_strdown (conn->in->str, header_len);
    const char *cl = strstr (headers, "\r\ncontent-length:");

    if (cl != NULL)
      content_length = g_ascii_strtoull (cl + strlen ("\r\ncontent-length:"), NULL, 10);
    else if (strstr (headers, "\r\ntransfer-encoding: chunked") != NULL)
      chunked = TRUE;
  }
  g_string_erase (conn->in, 0, header_len);

  if (chunked)
    {
      gsize total = 0;

      for (;;)
        {
          const char *line_end;
          gsize size;

          while ((line_end = g_strstr_len (conn->in->str, conn->in->len, "\r\n")) == NULL)
            {
              ssize_t n = read (conn->fd, buffer, sizeof buffer);

              if (n <= 0)
                return 0;
              g_string_append_len (conn->in, buffer, n);
            }
          size = g_ascii_strtoull (conn->in->str, NULL, 16);
          g_string_erase (conn->in, 0, line_end - conn->in->str + 2);
          while (conn->in->len < size + 2)
            {
              ssize_t n = read (conn->fd, buffer, sizeof buffer);

              if (n <= 0)
                return 0;
              g_string_append_len (conn->in, buffer, n);
            }
          g_string_erase (conn->in, 0, size + 2);
          total += size;
          if (size == 0)
            break;
        }
      *body_size = total;
      return status;
    }

  while (conn->in->len < content_length)
    {
      ssize_t n = read (conn->fd, buffer, sizeof buffer);

      if (n <= 0)
        return 0;
      g_string_append_len (conn->in, buffer, n);
    }
  g_string_erase (conn->in, 0, content_length);
  *body_size = content_length;
  return status;
}

static guint
http_request (Conn       *conn,
              const char *method,
              const char *path,
              const char *body,
              gsize       body_len,
              gsize      *response_size)
{
  g_autofree char *head = NULL;
  gsize size = 0;

  if (body != NULL)
    head = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n", method, path, conn->host, body_len);
  else
    head = g_strdup_printf ("%s %s HTTP/1.1\r\nHost: %s\r\n\r\n", method, path, conn->host);
  if (!write_all (conn->fd, head, strlen (head)) || (body && !write_all (conn->fd, body, body_len)))
    return 0;
  {
    guint status = read_response (conn, &size);

    if (response_size)
      *response_size = size;
    return status;
  }
}

/* Trace bodies, as tracegen.mjs makes them ------------------------------------------------- */

static void
random_hex (char *out,
            guint n_bytes)
{
  static const char hex[] = "0123456789abcdef";

  for (guint i = 0; i < n_bytes; i++)
    {
      guint8 b = (guint8) g_random_int_range (0, 256);

      out[2 * i] = hex[b >> 4];
      out[2 * i + 1] = hex[b & 15];
    }
  out[2 * n_bytes] = '\0';
}

static double
now_ms (void)
{
  return (double) (g_get_real_time () / 1000);
}

static void
append_span (GString    *out,
             const char *trace_id,
             const char *span_id,
             const char *parent,
             const char *name,
             const char *attributes,
             double      start,
             double      end)
{
  char endbuf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (endbuf, sizeof endbuf, end == (gint64) end ? "%.0f" : "%.1f", end);
  g_string_append_printf (out,
                          "{\"spanId\":\"%s\",\"traceId\":\"%s\",\"startTime\":%.0f,\"endTime\":%s,"
                          "\"attributes\":%s,\"displayName\":\"%s\",\"links\":[],\"spanKind\":\"INTERNAL\","
                          "\"sameProcessAsParentSpan\":{\"value\":true},\"status\":{\"code\":0},"
                          "\"timeEvents\":{\"timeEvent\":[]},\"instrumentationLibrary\":{\"name\":\"genkit-tracer\","
                          "\"version\":\"v1\"}",
                          span_id, trace_id, start, endbuf, attributes, name);
  if (parent != NULL)
    g_string_append_printf (out, ",\"parentSpanId\":\"%s\"", parent);
  g_string_append_c (out, '}');
}

static char *
one_payload (const char *trace_id,
             const char *span_id,
             const char *parent,
             const char *name,
             const char *attributes,
             double      start,
             double      end,
             gboolean    root)
{
  GString *out = g_string_sized_new (1024);

  g_string_append_printf (out, "{\"traceId\":\"%s\",\"spans\":{\"%s\":", trace_id, span_id);
  append_span (out, trace_id, span_id, parent, name, attributes, start, end);
  g_string_append_c (out, '}');
  if (root)
    {
      char endbuf[64];

      g_snprintf (endbuf, sizeof endbuf, end == (gint64) end ? "%.0f" : "%.1f", end);
      g_string_append_printf (out, ",\"displayName\":\"%s\",\"startTime\":%.0f,\"endTime\":%s",
                              name, start, endbuf);
    }
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

/* The POST bodies of trace @i (3 in plain mode, 6 in realtime mode), as tracegen.mjs. */
static GPtrArray *
trace_bodies (guint       i,
              gboolean    realtime,
              char        trace_id[33])
{
  GPtrArray *bodies = g_ptr_array_new_with_free_func (g_free);
  char root_id[17], gen_id[17], model_id[17];
  const char *flow = i % 2 ? "otherFlow" : "genFlow";
  g_autofree char *text = g_strdup_printf ("hello world %u", i);
  double t0 = now_ms ();
  g_autofree char *req = g_strdup_printf ("{\\\"messages\\\":[{\\\"role\\\":\\\"user\\\",\\\"content\\\":[{\\\"text\\\":\\\"%s\\\"}]}],"
                                          "\\\"config\\\":{},\\\"tools\\\":[],\\\"output\\\":{}}", text);
  g_autofree char *mres = g_strdup_printf ("{\\\"message\\\":{\\\"role\\\":\\\"model\\\",\\\"content\\\":[{\\\"text\\\":\\\"%s\\\"}]},"
                                           "\\\"finishReason\\\":\\\"stop\\\",\\\"latencyMs\\\":0.27}", text);
  g_autofree char *root_start = g_strdup_printf ("{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                                                 "\"genkit:key\":\"/flow/%s\"}", flow);
  g_autofree char *root_end = g_strdup_printf ("{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                                               "\"genkit:key\":\"/flow/%s\",\"genkit:name\":\"%s\",\"genkit:isRoot\":true,"
                                               "\"genkit:path\":\"/{%s,t:flow}\",\"genkit:metadata:context\":\"{}\","
                                               "\"genkit:input\":\"\\\"%s\\\"\",\"genkit:output\":\"\\\"%s\\\"\","
                                               "\"genkit:state\":\"success\"}", flow, flow, flow, text, text);
  g_autofree char *gen_start = g_strdup ("{\"genkit:type\":\"util\"}");
  g_autofree char *gen_end = g_strdup_printf ("{\"genkit:type\":\"util\",\"genkit:name\":\"generate\","
                                              "\"genkit:path\":\"/{%s,t:flow}/{generate,t:util}\","
                                              "\"genkit:input\":\"{\\\"model\\\":\\\"echoModel\\\",\\\"messages\\\":[{\\\"role\\\":\\\"user\\\",\\\"content\\\":[{\\\"text\\\":\\\"%s\\\"}]}],\\\"config\\\":{},\\\"use\\\":[]}\","
                                              "\"genkit:output\":\"%s\",\"genkit:state\":\"success\"}",
                                              flow, text, mres);
  g_autofree char *model_start = g_strdup ("{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"model\","
                                           "\"genkit:key\":\"/model/echoModel\"}");
  g_autofree char *model_end = g_strdup_printf ("{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"model\","
                                                "\"genkit:key\":\"/model/echoModel\",\"genkit:name\":\"echoModel\","
                                                "\"genkit:path\":\"/{%s,t:flow}/{generate,t:util}/{echoModel,t:action,s:model}\","
                                                "\"genkit:input\":\"%s\",\"genkit:output\":\"%s\",\"genkit:state\":\"success\"}",
                                                flow, req, mres);

  random_hex (trace_id, 16);
  random_hex (root_id, 8);
  random_hex (gen_id, 8);
  random_hex (model_id, 8);

  if (realtime)
    {
      g_ptr_array_add (bodies, one_payload (trace_id, root_id, NULL, flow, root_start, t0, 0, TRUE));
      g_ptr_array_add (bodies, one_payload (trace_id, gen_id, root_id, "generate", gen_start, t0 + 1, 0, FALSE));
      g_ptr_array_add (bodies, one_payload (trace_id, model_id, gen_id, "echoModel", model_start, t0 + 2, 0, FALSE));
    }
  g_ptr_array_add (bodies, one_payload (trace_id, model_id, gen_id, "echoModel", model_end, t0 + 2, t0 + 3.2, FALSE));
  g_ptr_array_add (bodies, one_payload (trace_id, gen_id, root_id, "generate", gen_end, t0 + 1, t0 + 4.5, FALSE));
  g_ptr_array_add (bodies, one_payload (trace_id, root_id, NULL, flow, root_end, t0, t0 + 5.1, TRUE));
  return bodies;
}

/* ingest --------------------------------------------------------------------------------- */

typedef struct
{
  GPtrArray    *traces;     /* GPtrArray of bodies per trace */
  volatile gint next;
  guint         port;
  GMutex        lock;
  GArray       *latencies;  /* double ms */
  gint          failures;
} Ingest;

static gpointer
ingest_thread (gpointer data)
{
  Ingest *ingest = data;
  Conn conn = { 0 };
  g_autoptr(GArray) lat = g_array_new (FALSE, FALSE, sizeof (double));

  if (!conn_open (&conn, ingest->port))
    {
      g_atomic_int_inc (&ingest->failures);
      return NULL;
    }
  for (;;)
    {
      gint i = g_atomic_int_add (&ingest->next, 1);
      GPtrArray *bodies;

      if (i >= (gint) ingest->traces->len)
        break;
      bodies = g_ptr_array_index (ingest->traces, i);
      for (guint b = 0; b < bodies->len; b++)
        {
          const char *body = g_ptr_array_index (bodies, b);
          gint64 t0 = g_get_monotonic_time ();
          guint status = http_request (&conn, "POST", "/api/traces", body, strlen (body), NULL);
          double ms = (g_get_monotonic_time () - t0) / 1000.0;

          if (status != 200)
            {
              g_atomic_int_inc (&ingest->failures);
              close (conn.fd);
              conn_open (&conn, ingest->port);
            }
          g_array_append_val (lat, ms);
        }
    }
  close (conn.fd);
  g_string_free (conn.in, TRUE);
  g_mutex_lock (&ingest->lock);
  g_array_append_vals (ingest->latencies, lat->data, lat->len);
  g_mutex_unlock (&ingest->lock);
  return NULL;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
percentile (GArray *sorted,
            double  p)
{
  guint index;

  if (sorted->len == 0)
    return 0;
  index = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, index);
}

static int
cmd_ingest (int    argc,
            char **argv)
{
  Ingest ingest = { 0 };
  guint n;
  guint conc;
  gboolean realtime;
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  gsize bytes = 0;
  guint posts = 0;
  gint64 t0;
  double wall;
  FILE *ids = NULL;

  if (argc < 6 || !parse_url (argv[2], &ingest.port))
    {
      g_printerr ("usage: ingest http://127.0.0.1:PORT N_TRACES plain|realtime CONC [IDS_FILE]\n");
      return 2;
    }
  n = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  realtime = g_str_equal (argv[4], "realtime");
  conc = MAX (1, (guint) g_ascii_strtoull (argv[5], NULL, 10));
  if (argc > 6)
    ids = fopen (argv[6], "w");

  ingest.traces = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  ingest.latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_mutex_init (&ingest.lock);
  for (guint i = 0; i < n; i++)
    {
      char trace_id[33];
      GPtrArray *bodies = trace_bodies (i, realtime, trace_id);

      for (guint b = 0; b < bodies->len; b++)
        bytes += strlen (g_ptr_array_index (bodies, b));
      posts += bodies->len;
      g_ptr_array_add (ingest.traces, bodies);
      if (ids != NULL)
        fprintf (ids, "%s\n", trace_id);
    }
  if (ids != NULL)
    fclose (ids);

  t0 = g_get_monotonic_time ();
  for (guint c = 0; c < conc; c++)
    g_ptr_array_add (threads, g_thread_new ("ingest", ingest_thread, &ingest));
  for (guint c = 0; c < conc; c++)
    g_thread_join (g_ptr_array_index (threads, c));
  wall = (g_get_monotonic_time () - t0) / 1e6;

  g_array_sort (ingest.latencies, compare_doubles);
  printf ("{\"mode\":\"%s\",\"n_traces\":%u,\"conc\":%u,\"posts\":%u,\"spans_stored\":%u,"
          "\"body_bytes_avg\":%" G_GSIZE_FORMAT ",\"wall_s\":%.3f,\"traces_per_s\":%.0f,"
          "\"posts_per_s\":%.0f,\"spans_per_s\":%.0f,\"failures\":%d,"
          "\"post_ms\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f}}\n",
          realtime ? "realtime" : "plain", n, conc, posts, n * 3, posts ? bytes / posts : 0, wall,
          n / wall, posts / wall, n * 3 / wall, ingest.failures,
          percentile (ingest.latencies, 0.5), percentile (ingest.latencies, 0.9),
          percentile (ingest.latencies, 0.99), percentile (ingest.latencies, 1.0));
  g_ptr_array_unref (ingest.traces);
  g_array_unref (ingest.latencies);
  g_mutex_clear (&ingest.lock);
  return ingest.failures ? 1 : 0;
}

/* query ---------------------------------------------------------------------------------- */

static int
cmd_query (int    argc,
           char **argv)
{
  g_autoptr(GArray) lat = g_array_new (FALSE, FALSE, sizeof (double));
  Conn conn = { 0 };
  guint port;
  guint n;
  gsize size = 0;
  guint bad = 0;

  if (argc < 5 || !parse_url (argv[2], &port))
    {
      g_printerr ("usage: query http://127.0.0.1:PORT PATH N\n");
      return 2;
    }
  n = MAX (1, (guint) g_ascii_strtoull (argv[4], NULL, 10));
  if (!conn_open (&conn, port))
    return 1;
  for (guint i = 0; i < n + 3; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      guint status = http_request (&conn, "GET", argv[3], NULL, 0, &size);
      double ms = (g_get_monotonic_time () - t0) / 1000.0;

      if (status != 200)
        bad++;
      if (i >= 3)
        g_array_append_val (lat, ms);
    }
  close (conn.fd);
  g_string_free (conn.in, TRUE);
  g_array_sort (lat, compare_doubles);
  printf ("{\"path\":\"%s\",\"n\":%u,\"bad\":%u,\"bytes\":%" G_GSIZE_FORMAT ","
          "\"ms\":{\"min\":%.3f,\"p50\":%.3f,\"p90\":%.3f,\"max\":%.3f}}\n",
          argv[3], n, bad, size, percentile (lat, 0), percentile (lat, 0.5), percentile (lat, 0.9),
          percentile (lat, 1.0));
  return bad ? 1 : 0;
}

/* synth ---------------------------------------------------------------------------------- */

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
flush_store (GenkitTraceStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;

  genkit_trace_store_flush_async (store, NULL, result_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  genkit_trace_store_flush_finish (store, result, NULL);
}

static int
cmd_synth (int    argc,
           char **argv)
{
  static const char *words[] = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
                                 "hotel", "india", "juliet", "kilo", "lima", "mike", "november" };
  g_autofree char *path = NULL;
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GError) error = NULL;
  guint n;
  guint per_trace;
  gboolean tracegen;
  gint64 t0;
  FILE *ids = NULL;
  double base = now_ms () - 86400000.0;

  if (argc < 5)
    {
      g_printerr ("usage: synth STORE_DIR N_TRACES SPANS_PER_TRACE|tracegen [IDS_FILE]\n");
      return 2;
    }
  path = g_build_filename (argv[2], "traces.db", NULL);
  n = (guint) g_ascii_strtoull (argv[3], NULL, 10);
  tracegen = g_str_equal (argv[4], "tracegen");
  per_trace = tracegen ? 3 : MAX (1, (guint) g_ascii_strtoull (argv[4], NULL, 10));
  if (argc > 5)
    ids = fopen (argv[5], "w");
  store = genkit_trace_store_new (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  genkit_trace_store_set_model_limit (store, 100);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      char trace_id[33];
      char root_id[17];
      const char *flow = i % 2 ? "otherFlow" : "genFlow";
      double start = base + i * 10.0;

      if (tracegen)
        {
          g_autoptr(GPtrArray) bodies = trace_bodies (i, FALSE, trace_id);

          for (guint b = 0; b < bodies->len; b++)
            {
              g_autoptr(JsonParser) parser = json_parser_new ();

              if (!json_parser_load_from_data (parser, g_ptr_array_index (bodies, b), -1, &error) ||
                  !genkit_trace_store_add (store, json_parser_get_root (parser), &error))
                {
                  g_printerr ("%s\n", error->message);
                  return 1;
                }
            }
          if (ids != NULL)
            fprintf (ids, "%s\n", trace_id);
          if (i % 2000 == 1999)
            flush_store (store);
          continue;
        }
      random_hex (trace_id, 16);
      random_hex (root_id, 8);
      if (ids != NULL)
        fprintf (ids, "%s\n", trace_id);
      for (guint s = 0; s < per_trace; s++)
        {
          char span_id[17];
          g_autoptr(GString) attributes = g_string_new (NULL);
          g_autofree char *text = NULL;
          g_autoptr(JsonParser) parser = json_parser_new ();
          g_autofree char *body = NULL;

          if (s == 0)
            memcpy (span_id, root_id, sizeof span_id);
          else
            random_hex (span_id, 8);
          /* Varied output text: a word drawn per span, plus one unique token per trace. */
          text = g_strdup_printf ("hello %s %s tok%u", words[(i * 7 + s) % G_N_ELEMENTS (words)],
                                  words[(i + s * 3) % G_N_ELEMENTS (words)], i);
          g_string_append_printf (attributes,
                                  "{\"genkit:type\":\"%s\",%s\"genkit:name\":\"%s\","
                                  "\"genkit:input\":\"\\\"question %u\\\"\",\"genkit:output\":\"\\\"%s\\\"\","
                                  "\"genkit:state\":\"success\"}",
                                  s == 0 ? "action" : "util",
                                  s == 0 ? "\"genkit:metadata:subtype\":\"flow\"," : "",
                                  s == 0 ? flow : "generate", i, text);
          body = one_payload (trace_id, span_id, s == 0 ? NULL : root_id, s == 0 ? flow : "generate",
                              attributes->str, start + s, start + s + 5.5, s == 0);
          if (!json_parser_load_from_data (parser, body, -1, &error) ||
              !genkit_trace_store_add (store, json_parser_get_root (parser), &error))
            {
              g_printerr ("%s\n", error->message);
              return 1;
            }
        }
      if (i % 2000 == 1999)
        flush_store (store);
    }
  flush_store (store);
  if (ids != NULL)
    fclose (ids);
  printf ("{\"synthesized\":%u,\"spans\":%u,\"seconds\":%.1f,\"spans_per_s\":%.0f}\n", n, n * per_trace,
          (g_get_monotonic_time () - t0) / 1e6, n * per_trace / ((g_get_monotonic_time () - t0) / 1e6));
  return 0;
}

/* serve ---------------------------------------------------------------------------------- */

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static int
cmd_serve (int    argc,
           char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = NULL;
  g_autoptr(GenkitTelemetryServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *path = NULL;
  g_autofree char *url = NULL;

  if (argc < 4)
    {
      g_printerr ("usage: serve PORT STORE_DIR\n");
      return 2;
    }
  g_mkdir_with_parents (argv[3], 0700);
  path = g_build_filename (argv[3], "traces.db", NULL);
  store = genkit_trace_store_new (path, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  genkit_trace_store_set_model_limit (store, 100);
  server = genkit_telemetry_server_new (store);
  if (!genkit_telemetry_server_listen (server, (guint) g_ascii_strtoull (argv[2], NULL, 10), &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  url = genkit_telemetry_server_get_url (server);
  g_print ("telemetry: %s\n", url);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

int
main (int    argc,
      char **argv)
{
  signal (SIGPIPE, SIG_IGN);
  if (argc >= 2 && g_str_equal (argv[1], "serve"))
    return cmd_serve (argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "ingest"))
    return cmd_ingest (argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "query"))
    return cmd_query (argc, argv);
  if (argc >= 2 && g_str_equal (argv[1], "synth"))
    return cmd_synth (argc, argv);
  g_printerr ("usage: %s serve|ingest|query|synth ...\n", argv[0]);
  return 2;
}
