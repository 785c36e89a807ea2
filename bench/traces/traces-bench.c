/* traces-bench.c — the traces pane on a large store: first page, search, a 5,000-span trace,
 * resident memory (issue #9)
 *
 * SPDX-License-Identifier: Apache-2.0
 *
 *   genkit-traces-bench generate STORE N_TRACES
 *       Writes N_TRACES traces of 10 spans (a flow, a step, a generate call, a model span and
 *       six tool/util spans) into STORE; every 5000th trace's model span carries a 1 MB output;
 *       one more trace, named bigTrace, has 5,000 spans (50 steps of 99 calls).
 *   genkit-traces-bench measure STORE
 *       Opens STORE cold in a window holding the studio's traces pane (needs a display) and
 *       prints JSON: store open + first page drawn (ms), search latencies until the matches
 *       are drawn (ms; 2 s after the first page and between searches, as a person would
 *       pause), opening bigTrace until its tree and timeline are drawn (ms), reading a
 *       trace whose model span has a 1 MB output from the store whole (Genkit's read), for
 *       viewing (payloads elided) and that output alone, opening that trace with the model
 *       span's details drawn (ms, the median of 5), VmRSS and VmHWM (KiB).
 */

#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "studio-span-payload.h"
#include "studio-traces-pane.h"
#include "../../tests/telemetry/telemetry-test-util.h"

#define SPANS_PER_TRACE 10
#define BIG_SPANS 5000
#define BIG_PAYLOAD (1024 * 1024)
#define SETTLE_MS 2000
/* The first trace generate gives a 1 MB output (i = 4999), and its model span. */
#define PAYLOAD_TRACE "00000000000000000000000000001388"
#define PAYLOAD_SPAN  "0000138800000004"
/* A trace of the same shape without it, opened before each opening of the payload trace. */
#define SMALL_TRACE   "00000000000000000000000000000001"
#define PAYLOAD_REPS  5

/* One TraceData payload holding one ended span (the root fields when it is the root). */
static void
add_span (GenkitTraceStore *store,
          const char       *trace_id,
          const char       *span_id,
          const char       *parent_id,
          const char       *name,
          const char       *attributes,
          double            start,
          double            end)
{
  g_autoptr(GString) body = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_string_append_printf (body, "{\"traceId\":\"%s\",", trace_id);
  if (parent_id == NULL)
    g_string_append_printf (body, "\"displayName\":\"%s\",\"startTime\":%.17g,\"endTime\":%.17g,", name, start, end);
  g_string_append_printf (body, "\"spans\":{\"%s\":{\"spanId\":\"%s\",\"traceId\":\"%s\",", span_id, span_id, trace_id);
  if (parent_id != NULL)
    g_string_append_printf (body, "\"parentSpanId\":\"%s\",", parent_id);
  g_string_append_printf (body,
                          "\"startTime\":%.17g,\"endTime\":%.17g,\"attributes\":%s,\"displayName\":\"%s\","
                          "\"links\":[],\"instrumentationLibrary\":{\"name\":\"genkit-tracer\",\"version\":\"v1\"},"
                          "\"spanKind\":\"INTERNAL\",\"sameProcessAsParentSpan\":{\"value\":true},"
                          "\"status\":{\"code\":0},\"timeEvents\":{\"timeEvent\":[]}}}}",
                          start, end, attributes, name);
  if (!json_parser_load_from_data (parser, body->str, body->len, &error)
      || !genkit_trace_store_add (store, json_parser_get_root (parser), &error))
    g_error ("%s", error->message);
}

static const char *words[] = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
                               "hotel", "india", "juliet", "kilo", "lima", "mike", "november" };

static void
generate_trace (GenkitTraceStore *store,
                guint             i,
                double            start,
                const char       *big_output)
{
  g_autofree char *trace_id = g_strdup_printf ("%032x", i + 1);
  char ids[SPANS_PER_TRACE][17];

  for (guint s = 0; s < SPANS_PER_TRACE; s++)
    g_snprintf (ids[s], sizeof ids[s], "%08x%08x", i + 1, s + 1);
  for (guint s = 0; s < SPANS_PER_TRACE; s++)
    {
      g_autofree char *attributes = NULL;
      const char *parent = s == 0 ? NULL : ids[s < 3 ? s - 1 : 2];
      const char *name = s == 0 ? (i % 2 ? "otherFlow" : "genFlow") : s == 1 ? "step" : s == 2 ? "generate"
                         : s == 3 ? "echoModel" : "lookup";

      if (s == 3)
        attributes = g_strdup_printf ("{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"model\","
                                      "\"genkit:name\":\"echoModel\",\"genkit:input\":\"{\\\"messages\\\":[]}\","
                                      "\"genkit:output\":\"%s\"}",
                                      big_output ? big_output
                                      : "{\\\"message\\\":{\\\"role\\\":\\\"model\\\",\\\"content\\\":[{\\\"text\\\":\\\"ok\\\"}]},"
                                        "\\\"usage\\\":{\\\"inputTokens\\\":12,\\\"outputTokens\\\":30}}");
      else
        attributes = g_strdup_printf ("{\"genkit:type\":\"%s\",%s\"genkit:name\":\"%s\","
                                      "\"genkit:input\":\"\\\"question %u\\\"\","
                                      "\"genkit:output\":\"\\\"hello %s %s tok%u\\\"\",\"genkit:state\":\"success\"}",
                                      s == 0 ? "action" : s == 1 ? "flowStep" : "util",
                                      s == 0 ? "\"genkit:metadata:subtype\":\"flow\"," : "",
                                      name, i, words[(i * 7 + s) % G_N_ELEMENTS (words)],
                                      words[(i + s * 3) % G_N_ELEMENTS (words)], i);
      add_span (store, trace_id, ids[s], parent, name, attributes, start + s, start + 20 - s);
    }
}

static void
generate_big_trace (GenkitTraceStore *store,
                    double            start)
{
  const char *trace_id = "b16b16b16b16b16b16b16b16b16b16b1";

  add_span (store, trace_id, "b000000000000000", NULL, "bigTrace",
            "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\",\"genkit:name\":\"bigTrace\"}",
            start, start + BIG_SPANS);
  for (guint step = 0; step < 50; step++)
    {
      g_autofree char *step_id = g_strdup_printf ("a%015x", step);

      add_span (store, trace_id, step_id, "b000000000000000", "step",
                "{\"genkit:type\":\"flowStep\",\"genkit:name\":\"step\"}",
                start + step * 100, start + step * 100 + 99);
      for (guint call = 0; call < 99 && 1 + step * 100 + call + 1 < BIG_SPANS; call++)
        {
          g_autofree char *span_id = g_strdup_printf ("c%07x%08x", step, call);

          add_span (store, trace_id, span_id, step_id, "lookup",
                    "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"tool\",\"genkit:name\":\"lookup\","
                    "\"genkit:input\":\"{\\\"q\\\":1}\",\"genkit:output\":\"\\\"found\\\"\"}",
                    start + step * 100 + call, start + step * 100 + call + 0.8);
        }
    }
}

static int
cmd_generate (const char *path,
              guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = genkit_trace_store_new (path, &error);
  g_autoptr(GString) big = g_string_sized_new (BIG_PAYLOAD + 16);
  double base = g_get_real_time () / 1000.0 - 86400000.0;
  gint64 t0 = g_get_monotonic_time ();

  if (store == NULL)
    g_error ("%s", error->message);
  genkit_trace_store_set_model_limit (store, 1);
  /* A 1 MB JSON string, as the output of a model span (escaped for the attribute). */
  g_string_append (big, "\\\"");
  while (big->len < BIG_PAYLOAD)
    g_string_append (big, "lorem ipsum dolor sit amet ");
  g_string_append (big, "\\\"");

  for (guint i = 0; i < n; i++)
    {
      generate_trace (store, i, base + i * 100.0, i % 5000 == 4999 ? big->str : NULL);
      if (i % 2000 == 1999)
        tt_flush (store);
    }
  generate_big_trace (store, base + n * 100.0 + 1000);
  tt_flush (store);
  printf ("{\"traces\":%u,\"spans\":%u,\"seconds\":%.1f}\n", n + 1, n * SPANS_PER_TRACE + BIG_SPANS,
          (g_get_monotonic_time () - t0) / 1e6);
  return 0;
}

/* ---- measure ---- */

static gboolean
drawn_cb (GtkWidget     *widget,
          GdkFrameClock *clock,
          gpointer       user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Waits for a condition, then for the next frame to be painted. */
static double
wait_shown (GtkWidget  *window,
            gboolean  (*condition) (gpointer),
            gpointer    data,
            gint64      t0)
{
  gboolean drawn = FALSE;

  while (!condition (data))
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_queue_draw (window);
  gtk_widget_add_tick_callback (window, drawn_cb, &drawn, NULL);
  while (!drawn)
    g_main_context_iteration (NULL, TRUE);
  /* The tick comes before the paint of its frame: wait for that frame's paint too. */
  gtk_test_widget_wait_for_draw (window);
  return (g_get_monotonic_time () - t0) / 1000.0;
}

static gboolean
settled_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds. */
static void
settle (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, settled_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static gboolean
has_rows (gpointer data)
{
  return g_list_model_get_n_items (studio_traces_pane_get_traces (data)) > 0;
}

static gboolean
search_done (gpointer data)
{
  StudioTracesPane *pane = data;

  return studio_traces_pane_get_searching (pane)
         && GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (pane), "searched")) > 0;
}

static void
search_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         StudioTracesPane *pane)
{
  g_object_set_data (G_OBJECT (pane), "searched", GUINT_TO_POINTER (1));
}

static void
model_loaded_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 gint64     *loaded_at)
{
  if (*loaded_at == 0)
    *loaded_at = g_get_monotonic_time ();
}

static gboolean
trace_loaded (gpointer data)
{
  return studio_trace_view_get_loaded (data);
}

/* The trace is shown and its model span, with its 1 MB output, is selected. */
static gboolean
payload_span_selected (gpointer data)
{
  return studio_trace_view_get_loaded (data) && studio_trace_view_select_span (data, PAYLOAD_SPAN);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Opens the payload trace on its model span until painted, PAYLOAD_REPS times, each time
 * replacing a small trace: the median, in ms (one opening varies with the machine's load). */
static double
open_payload_trace (GtkWidget        *window,
                    StudioTracesPane *pane,
                    StudioTraceView  *view)
{
  double ms[PAYLOAD_REPS];

  for (guint i = 0; i < PAYLOAD_REPS; i++)
    {
      gint64 t0;

      studio_traces_pane_open_trace (pane, SMALL_TRACE);
      wait_shown (window, trace_loaded, view, g_get_monotonic_time ());
      settle (SETTLE_MS / 4);
      t0 = g_get_monotonic_time ();
      studio_traces_pane_open_trace (pane, PAYLOAD_TRACE);
      ms[i] = wait_shown (window, payload_span_selected, view, t0);
    }
  qsort (ms, PAYLOAD_REPS, sizeof ms[0], compare_doubles);
  return ms[PAYLOAD_REPS / 2];
}

/* Reads the payload trace as the trace view does, and the output alone as Load All does:
 * the store's part of showing it. */
static void
read_payload_trace (GenkitTraceStore *store,
                    double           *elided_ms,
                    double           *attribute_ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) attribute = NULL;
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(JsonNode) output = NULL;
  gint64 t0 = g_get_monotonic_time ();

  genkit_trace_store_get_trace_elided_async (store, PAYLOAD_TRACE, STUDIO_SPAN_PAYLOAD_PREVIEW_BYTES,
                                             NULL, tt_store_result_cb, &result);
  tt_wait (&result);
  trace = genkit_trace_store_get_trace_elided_finish (store, result, NULL);
  *elided_ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_assert (trace != NULL);

  t0 = g_get_monotonic_time ();
  genkit_trace_store_get_span_attribute_async (store, PAYLOAD_TRACE, PAYLOAD_SPAN, "genkit:output",
                                               NULL, tt_store_result_cb, &attribute);
  tt_wait (&attribute);
  output = genkit_trace_store_get_span_attribute_finish (store, attribute, NULL);
  *attribute_ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_assert (output != NULL);
}

static long
status_kib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, field)) == NULL)
    return -1;
  return strtol (line + strlen (field) + 1, NULL, 10);
}

static int
cmd_measure (const char *path)
{
  static const char *searches[] = { "tok4242", "question 4242", "charlie" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = NULL;
  GtkWidget *window, *pane, *entry;
  StudioTraceView *view;
  double open_ms, first_page, big_trace, read_ms;
  double payload_read_ms, payload_elided_ms, payload_attribute_ms, payload_trace;
  g_autoptr(JsonNode) payload = NULL;
  gint64 model_at = 0;
  gint64 t0;

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
  pane = g_object_new (STUDIO_TYPE_TRACES_PANE, NULL);
  gtk_window_set_child (GTK_WINDOW (window), pane);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);

  /* First page: open the store cold, hand it to the pane, wait for its rows to be painted. */
  t0 = g_get_monotonic_time ();
  store = genkit_trace_store_new (path, &error);
  if (store == NULL)
    g_error ("%s", error->message);
  open_ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_signal_connect (store, "items-changed", G_CALLBACK (model_loaded_cb), &model_at);
  studio_pane_set_trace_store (STUDIO_PANE (pane), store);
  first_page = wait_shown (window, has_rows, pane, t0);
  /* A person reads the page before typing: the rows' token sums are read meanwhile (and the
   * store's rows replace the first page if they were not there yet). */
  settle (SETTLE_MS);
  g_signal_handlers_disconnect_by_func (store, model_loaded_cb, &model_at);

  printf ("{\"store_open_ms\":%.1f,\"store_model_ms\":%.1f,\"first_page_ms\":%.1f,\"search_ms\":{",
          open_ms, model_at ? (model_at - t0) / 1000.0 : -1, first_page);
  entry = gtk_widget_get_first_child (gtk_widget_get_first_child (gtk_widget_get_first_child (gtk_widget_get_first_child (pane))));
  g_assert (GTK_IS_SEARCH_ENTRY (entry));
  /* The searches are started below, without the entry's typing delay. */
  gtk_search_entry_set_search_delay (GTK_SEARCH_ENTRY (entry), G_MAXINT);
  for (guint i = 0; i < G_N_ELEMENTS (searches); i++)
    {
      GListModel *rows = studio_traces_pane_get_traces (STUDIO_TRACES_PANE (pane));
      double ms;
      gulong id;

      g_object_set_data (G_OBJECT (pane), "searched", NULL);
      id = g_signal_connect (rows, "items-changed", G_CALLBACK (search_items_changed_cb), pane);
      gtk_editable_set_text (GTK_EDITABLE (entry), searches[i]);
      /* From the search itself, not the entry's typing delay. */
      t0 = g_get_monotonic_time ();
      g_signal_emit_by_name (entry, "search-changed");
      ms = wait_shown (window, search_done, pane, t0);
      g_signal_handler_disconnect (rows, id);
      printf ("%s\"%s\":{\"ms\":%.1f,\"matches\":%u}", i ? "," : "", searches[i], ms, g_list_model_get_n_items (rows));
      gtk_editable_set_text (GTK_EDITABLE (entry), "");
      g_signal_emit_by_name (entry, "search-changed");
      settle (SETTLE_MS);
    }

  view = studio_traces_pane_get_trace_view (STUDIO_TRACES_PANE (pane));
  /* What reading the trace alone costs (the store's part of opening it). */
  t0 = g_get_monotonic_time ();
  json_node_unref (tt_get_trace (store, "b16b16b16b16b16b16b16b16b16b16b1", NULL));
  read_ms = (g_get_monotonic_time () - t0) / 1000.0;
  t0 = g_get_monotonic_time ();
  studio_traces_pane_open_trace (STUDIO_TRACES_PANE (pane), "b16b16b16b16b16b16b16b16b16b16b1");
  big_trace = wait_shown (window, trace_loaded, view, t0);
  printf ("},\"big_trace_read_ms\":%.1f,\"big_trace_ms\":%.1f,\"big_trace_spans\":%u,",
          read_ms, big_trace, studio_trace_view_get_n_spans (view));
  settle (SETTLE_MS);

  /* A trace with a 1 MB model output, opened on that span's details (a store of fewer than
   * 5,000 traces has none: -1). */
  t0 = g_get_monotonic_time ();
  payload = tt_get_trace (store, PAYLOAD_TRACE, NULL);
  payload_read_ms = (g_get_monotonic_time () - t0) / 1000.0;
  payload_elided_ms = payload_attribute_ms = payload_trace = -1;
  if (payload != NULL)
    {
      read_payload_trace (store, &payload_elided_ms, &payload_attribute_ms);
      payload_trace = open_payload_trace (window, STUDIO_TRACES_PANE (pane), view);
    }
  printf ("\"payload_trace_read_ms\":%.1f,\"payload_trace_elided_read_ms\":%.1f,"
          "\"payload_output_read_ms\":%.1f,\"payload_trace_ms\":%.1f,\"vm_rss_kib\":%ld,\"vm_hwm_kib\":%ld}\n",
          payload_read_ms, payload_elided_ms, payload_attribute_ms, payload_trace,
          status_kib ("VmRSS:"), status_kib ("VmHWM:"));

  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 4 && g_str_equal (argv[1], "generate"))
    return cmd_generate (argv[2], (guint) g_ascii_strtoull (argv[3], NULL, 10));
  if (argc == 3 && g_str_equal (argv[1], "measure"))
    {
      gtk_init ();
      adw_init ();
      return cmd_measure (argv[2]);
    }
  g_printerr ("usage: %s generate STORE N_TRACES | measure STORE\n", argv[0]);
  return 2;
}
