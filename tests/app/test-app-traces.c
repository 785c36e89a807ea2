/* test-app-traces.c — the traces pane and trace view: live traces, search, timeline, files
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "studio-test-util.h"
#include "studio-result-view.h"
#include "studio-span-payload.h"
#include "studio-trace-file.h"
#include "studio-window.h"
#include "../telemetry/telemetry-test-util.h"

typedef struct
{
  GenkitRuntime    *runtime;
  GenkitTraceStore *store;
  StudioWindow     *window;
  StudioTracesPane *pane;
  StudioTraceView  *view;
  char             *path;
  gint64            started_at;   /* when the store announced the watched span, µs */
  char             *watched;      /* the span id whose start is timed */
} Fixture;

static void
span_started_cb (GenkitTraceStore *store,
                 const char       *trace_id,
                 JsonNode         *span,
                 Fixture          *fixture)
{
  if (fixture->started_at == 0
      && g_strcmp0 (json_object_get_string_member (json_node_get_object (span), "spanId"), fixture->watched) == 0)
    fixture->started_at = g_get_monotonic_time ();
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  static guint n;
  AdwViewStack *stack;

  fixture->path = g_strdup_printf ("%s/traces-%u.db", g_get_user_data_dir (), n++);
  fixture->store = genkit_trace_store_new (fixture->path, &error);
  g_assert_no_error (error);
  g_signal_connect (fixture->store, "span-started", G_CALLBACK (span_started_cb), fixture);
  fixture->runtime = studio_test_builtin_runtime ();
  fixture->window = studio_window_new (NULL, fixture->runtime, NULL);
  studio_window_set_trace_store (fixture->window, fixture->store);
  gtk_window_present (GTK_WINDOW (fixture->window));
  stack = ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (fixture->window), "pane_stack"));
  adw_view_stack_set_visible_child_name (stack, "traces");
  fixture->pane = studio_window_get_traces_pane (fixture->window);
  fixture->view = studio_traces_pane_get_trace_view (fixture->pane);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_signal_handlers_disconnect_by_data (fixture->store, fixture);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->runtime);
  g_free (fixture->path);
  g_free (fixture->watched);
}

/* Ingests one span as a runtime's realtime export would, without waiting for the commit. */
static void
ingest (Fixture    *fixture,
        JsonNode   *span,
        gboolean    root)
{
  g_autoptr(JsonNode) trace = tt_trace_of (span, root);

  genkit_trace_store_ingest_async (fixture->store, trace, NULL, NULL, NULL);
  json_node_unref (span);
}

static GenkitTraceSummary *
find_row (Fixture    *fixture,
          const char *trace_id)
{
  GListModel *rows = studio_traces_pane_get_traces (fixture->pane);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GenkitTraceSummary) summary = g_list_model_get_item (rows, i);

      if (g_str_equal (genkit_trace_summary_get_trace_id (summary), trace_id))
        return summary;
    }
  return NULL;
}

typedef struct
{
  Fixture    *fixture;
  const char *trace_id;
  const char *span_id;
} Probe;

static gboolean
row_listed (gpointer user_data)
{
  Probe *probe = user_data;

  return find_row (probe->fixture, probe->trace_id) != NULL;
}

static gboolean
row_finished (gpointer user_data)
{
  Probe *probe = user_data;
  GenkitTraceSummary *summary = find_row (probe->fixture, probe->trace_id);

  return summary != NULL && !genkit_trace_summary_is_running (summary);
}

static gboolean
span_shown (gpointer user_data)
{
  Probe *probe = user_data;

  return studio_trace_view_find_span (probe->fixture->view, probe->span_id) != NULL;
}

static gboolean
span_ended (gpointer user_data)
{
  Probe *probe = user_data;
  StudioSpanNode *node = studio_trace_view_find_span (probe->fixture->view, probe->span_id);

  return node != NULL && !studio_span_node_is_running (node);
}

static gboolean
run_has_trace (gpointer user_data)
{
  return studio_runner_get_trace_id (user_data) != NULL;
}

static gboolean actions_listed (gpointer user_data);

/* The root span of the trace shown: the first row of the span tree. */
static StudioSpanNode *
shown_root (Fixture *fixture)
{
  GListModel *rows = G_LIST_MODEL (studio_trace_view_get_selection (fixture->view));
  g_autoptr(GtkTreeListRow) row = NULL;

  if (!studio_trace_view_get_loaded (fixture->view) || g_list_model_get_n_items (rows) == 0)
    return NULL;
  row = g_list_model_get_item (rows, 0);
  return gtk_tree_list_row_get_item (row);
}

static gboolean
root_running (gpointer user_data)
{
  g_autoptr(StudioSpanNode) root = shown_root (user_data);

  return root != NULL && studio_span_node_is_running (root);
}

static gboolean
root_ended (gpointer user_data)
{
  g_autoptr(StudioSpanNode) root = shown_root (user_data);

  return root != NULL && !studio_span_node_is_running (root);
}

static void
test_runner_open_trace (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GenkitStoreSpanProcessor) processor = genkit_store_span_processor_new (fixture->store);
  GenkitRegistry *registry = genkit_local_runtime_get_registry (GENKIT_LOCAL_RUNTIME (fixture->runtime));
  StudioActionsPane *actions = studio_window_get_actions_pane (fixture->window);
  AdwViewStack *stack = ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (fixture->window), "pane_stack"));
  StudioRunner *runner;

  g_test_summary ("Open Trace of a runner whose run is still going shows the run's trace at once, "
                  "running, and it ends in place when the run does");

  genkit_tracer_add_processor (genkit_registry_get_tracer (registry), GENKIT_SPAN_PROCESSOR (processor));
  g_assert_true (studio_test_wait (actions_listed, actions, 10000));
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-action", g_variant_new_string ("/flow/sleep"));
  runner = studio_actions_pane_get_visible_runner (actions);
  g_assert_nonnull (runner);
  studio_runner_set_input_text (runner, "{\"ms\": 1500}");
  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "run", NULL);
  g_assert_true (studio_test_wait (run_has_trace, runner, 10000));

  gtk_widget_activate_action (GTK_WIDGET (runner), "runner.open-trace", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "traces");
  g_assert_cmpstr (studio_trace_view_get_trace_id (fixture->view), ==, studio_runner_get_trace_id (runner));
  g_assert_true (studio_test_wait (root_running, fixture, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (studio_test_wait (root_ended, fixture, 20000));
}

static gboolean
row_gone (gpointer user_data)
{
  Probe *probe = user_data;

  return find_row (probe->fixture, probe->trace_id) == NULL;
}

static gboolean
view_loaded (gpointer user_data)
{
  return studio_trace_view_get_loaded (user_data);
}

static void
test_live (Fixture       *fixture,
           gconstpointer  data)
{
  const char *trace_id = "1111aaaa1111aaaa1111aaaa1111aaaa";
  double now = g_get_real_time () / 1000.0;
  Probe probe = { fixture, trace_id, NULL };
  GListModel *children;
  GtkToggleButton *running = GTK_TOGGLE_BUTTON (studio_test_find (GTK_WIDGET (fixture->pane), "running_toggle"));
  StudioSpanNode *root;
  gint64 shown_at, sent_at;

  g_test_summary ("A trace ingested while the pane is open is listed within 100 ms of its start "
                  "event, marked running, and its spans fill in live in the trace view");

  fixture->watched = g_strdup ("r0000000000000001");
  sent_at = g_get_monotonic_time ();
  ingest (fixture, tt_span (trace_id, "r0000000000000001", NULL, "liveFlow", now, 0,
                            "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                            "\"genkit:name\":\"liveFlow\",\"genkit:isRoot\":true}"), TRUE);
  g_assert_true (studio_test_wait (row_listed, &probe, 10000));
  shown_at = g_get_monotonic_time ();
  g_assert_cmpint (fixture->started_at, >, 0);
  g_test_message ("listed %.1f ms after the start event, %.1f ms after the runtime sent it",
                  (shown_at - fixture->started_at) / 1000.0, (shown_at - sent_at) / 1000.0);
  g_assert_cmpint (shown_at - fixture->started_at, <, 100 * 1000);
  g_assert_true (genkit_trace_summary_is_running (find_row (fixture, trace_id)));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  /* Opened while it runs, it grows with every span. */
  studio_traces_pane_open_trace (fixture->pane, trace_id);
  g_assert_true (studio_test_wait (view_loaded, fixture->view, 10000));
  g_assert_cmpuint (studio_trace_view_get_n_spans (fixture->view), ==, 1);

  ingest (fixture, tt_span (trace_id, "c0000000000000001", "r0000000000000001", "step-one", now + 5, 0,
                            "{\"genkit:type\":\"flowStep\",\"genkit:name\":\"step-one\"}"), FALSE);
  probe.span_id = "c0000000000000001";
  g_assert_true (studio_test_wait (span_shown, &probe, 10000));
  g_assert_true (studio_span_node_is_running (studio_trace_view_find_span (fixture->view, "c0000000000000001")));
  root = studio_trace_view_find_span (fixture->view, "r0000000000000001");
  children = G_LIST_MODEL (studio_span_node_get_children (root));
  g_assert_cmpuint (g_list_model_get_n_items (children), ==, 1);

  ingest (fixture, tt_span (trace_id, "c0000000000000001", "r0000000000000001", "step-one", now + 5, now + 20,
                            "{\"genkit:type\":\"flowStep\",\"genkit:name\":\"step-one\",\"genkit:output\":\"\\\"done\\\"\"}"), FALSE);
  g_assert_true (studio_test_wait (span_ended, &probe, 10000));

  /* In Progress shows it while it runs, not once it ended. */
  gtk_toggle_button_set_active (running, TRUE);
  g_assert_nonnull (find_row (fixture, trace_id));
  ingest (fixture, tt_span (trace_id, "r0000000000000001", NULL, "liveFlow", now, now + 30,
                            "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                            "\"genkit:name\":\"liveFlow\",\"genkit:isRoot\":true}"), TRUE);
  g_assert_true (studio_test_wait (row_gone, &probe, 10000));
  gtk_toggle_button_set_active (running, FALSE);
  g_assert_true (studio_test_wait (row_finished, &probe, 10000));
  probe.span_id = "r0000000000000001";
  g_assert_true (studio_test_wait (span_ended, &probe, 10000));
  g_assert_cmpuint (studio_trace_view_get_n_spans (fixture->view), ==, 2);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

/* Whether a label under @root shows @text. */
static gboolean
shows_text (GtkWidget  *root,
            const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0
      && gtk_widget_get_mapped (root))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static gboolean
tokens_shown (gpointer user_data)
{
  Probe *probe = user_data;

  return shows_text (GTK_WIDGET (probe->fixture->pane), "12 / 30");
}

static gboolean
search_done (gpointer user_data)
{
  Probe *probe = user_data;
  GListModel *rows = studio_traces_pane_get_traces (probe->fixture->pane);

  return studio_traces_pane_get_searching (probe->fixture->pane) && g_list_model_get_n_items (rows) == 1
         && find_row (probe->fixture, probe->trace_id) != NULL;
}

static gboolean
search_cleared (gpointer user_data)
{
  Probe *probe = user_data;

  return !studio_traces_pane_get_searching (probe->fixture->pane)
         && g_list_model_get_n_items (studio_traces_pane_get_traces (probe->fixture->pane)) == 2;
}

static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  double now = g_get_real_time () / 1000.0;
  Probe probe = { fixture, "2222bbbb2222bbbb2222bbbb2222bbbb", NULL };
  GtkEditable *entry = GTK_EDITABLE (studio_test_find (GTK_WIDGET (fixture->pane), "search_entry"));
  g_autoptr(JsonNode) root = NULL;

  g_test_summary ("Searching finds the trace whose span has a word in its output, through the "
                  "store's full-text index, and shows it with the store's own item (whose row a "
                  "list that showed the store keeps)");

  root = tt_span (probe.trace_id, "r0000000000000002", NULL, "travel", now, now + 40,
                  "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\",\"genkit:name\":\"travel\"}");
  ingest (fixture, json_node_ref (root), TRUE);
  ingest (fixture, tt_span (probe.trace_id, "c0000000000000002", "r0000000000000002", "plan", now + 1, now + 30,
                            "{\"genkit:type\":\"flowStep\",\"genkit:name\":\"plan\","
                            "\"genkit:output\":\"\\\"Fly to Zanzibar on Tuesday\\\"\"}"), FALSE);
  ingest (fixture, tt_span (probe.trace_id, "m0000000000000002", "c0000000000000002", "echo", now + 2, now + 20,
                            "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"model\",\"genkit:name\":\"echo\","
                            "\"genkit:output\":\"{\\\"usage\\\":{\\\"inputTokens\\\":12,\\\"outputTokens\\\":30}}\"}"), FALSE);
  ingest (fixture, tt_span ("3333cccc3333cccc3333cccc3333cccc", "r0000000000000003", NULL, "other", now + 50, now + 60,
                            "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\",\"genkit:name\":\"other\","
                            "\"genkit:output\":\"\\\"Stay at home\\\"\"}"), TRUE);
  tt_flush (fixture->store);

  gtk_editable_set_text (entry, "zanzibar");
  g_assert_true (studio_test_wait (search_done, &probe, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  /* The match is the store's own row: its three spans, not the listing's root alone. */
  {
    g_autoptr(GenkitTraceSummary) match = g_list_model_get_item (studio_traces_pane_get_traces (fixture->pane), 0);

    g_assert_true (match == genkit_trace_store_lookup_summary (fixture->store, probe.trace_id));
    g_assert_cmpuint (genkit_trace_summary_get_n_spans (match), ==, 3);
  }
  /* Its row sums the tokens of its model calls. */
  g_assert_true (studio_test_wait (tokens_shown, &probe, 10000));

  gtk_editable_set_text (entry, "");
  g_assert_true (studio_test_wait (search_cleared, &probe, 10000));
}

/* A root with three children, 0–100 ms, for the timeline. */
static JsonNode *
timeline_trace (void)
{
  const char *id = "4444dddd4444dddd4444dddd4444dddd";
  double t = 1795303453940;
  g_autoptr(JsonNode) root = tt_span (id, "r0000000000000004", NULL, "pipeline", t, t + 100,
                                      "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\",\"genkit:name\":\"pipeline\","
                                      "\"genkit:input\":\"{\\\"topic\\\":\\\"owls\\\"}\"}");
  JsonNode *trace = tt_trace_of (root, TRUE);
  JsonObject *spans = json_object_get_object_member (json_node_get_object (trace), "spans");
  const char *names[] = { "fetch", "generate", "format" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *span_id = g_strdup_printf ("c00000000000000%u", i);
      g_autofree char *attributes = g_strdup_printf ("{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"%s\",\"genkit:name\":\"%s\"%s}",
                                                     i == 1 ? "model" : "tool", names[i],
                                                     i == 1 ? ",\"genkit:output\":\"{\\\"usage\\\":{\\\"inputTokens\\\":12,\\\"outputTokens\\\":30}}\"" : "");

      json_object_set_member (spans, span_id,
                              tt_span (id, span_id, "r0000000000000004", names[i], t + 10 + 30 * i, t + 35 + 30 * i, attributes));
    }
  return trace;
}

/* The first event controller of @type on @widget. */
static GtkEventController *
controller_of (GtkWidget *widget,
               GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      /* The widget holds it. */
      if (G_TYPE_CHECK_INSTANCE_TYPE (controller, type))
        return GTK_EVENT_CONTROLLER (controller);
    }
  g_assert_not_reached ();
}

/* A key press as the tree's key controller receives it. */
static void
press (GtkWidget *widget,
       guint      keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller_of (widget, GTK_TYPE_EVENT_CONTROLLER_KEY), "key-pressed", keyval, 0, 0, &handled);
  g_assert_true (handled);
}

static void
test_timeline (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) trace = timeline_trace ();
  StudioTraceTimeline *timeline = studio_trace_view_get_timeline (fixture->view);
  GtkSingleSelection *selection = studio_trace_view_get_selection (fixture->view);
  GtkListView *tree = GTK_LIST_VIEW (studio_test_find (GTK_WIDGET (fixture->view), "tree_view"));
  GtkLabel *span_title = GTK_LABEL (studio_test_find (GTK_WIDGET (fixture->view), "span_title_label"));
  GtkLabel *meta = GTK_LABEL (studio_test_find (GTK_WIDGET (fixture->view), "span_meta_label"));
  double start, end, zoomed_start, zoomed_end, width;
  StudioSpanNode *selected;
  guint row;

  g_test_summary ("The timeline maps time to x, zooms around a point and back, and its selection "
                  "is the span tree's selection, both ways");

  studio_trace_view_show_trace (fixture->view, trace);
  gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "traces.back", NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (studio_test_find (GTK_WIDGET (fixture->pane), "stack")), "trace");
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 4);
  g_assert_true (gtk_list_view_get_model (tree) == GTK_SELECTION_MODEL (selection));

  /* The whole trace fills the width. */
  width = gtk_widget_get_width (GTK_WIDGET (timeline));
  g_assert_cmpfloat (width, >, 0);
  studio_trace_timeline_get_visible_range (timeline, &start, &end);
  g_assert_cmpfloat_with_epsilon (end - start, 100, 0.001);
  g_assert_cmpfloat_with_epsilon (studio_trace_timeline_time_to_x (timeline, start), 0, 0.001);
  g_assert_cmpfloat_with_epsilon (studio_trace_timeline_time_to_x (timeline, end), width, 0.001);

  /* Zoom ×4 around the middle: a quarter of the time, the middle stays put. */
  studio_trace_timeline_zoom (timeline, 4, width / 2);
  studio_trace_timeline_get_visible_range (timeline, &zoomed_start, &zoomed_end);
  g_assert_cmpfloat_with_epsilon (zoomed_end - zoomed_start, 25, 0.001);
  g_assert_cmpfloat_with_epsilon ((zoomed_start + zoomed_end) / 2, (start + end) / 2, 0.001);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "trace.zoom-in", NULL);
  studio_trace_timeline_get_visible_range (timeline, &zoomed_start, &zoomed_end);
  g_assert_cmpfloat (zoomed_end - zoomed_start, <, 25);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  /* A range selected by dragging; Zoom to Fit zooms to it, then to the whole trace. */
  studio_trace_timeline_select_range (timeline, start + 40, start + 60);
  g_assert_true (studio_trace_timeline_get_selected_range (timeline, NULL, NULL));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "trace.zoom-fit", NULL);
  studio_trace_timeline_get_visible_range (timeline, &zoomed_start, &zoomed_end);
  g_assert_cmpfloat_with_epsilon (zoomed_start, start + 40, 0.001);
  g_assert_cmpfloat_with_epsilon (zoomed_end, start + 60, 0.001);
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "trace.zoom-fit", NULL);
  studio_trace_timeline_get_visible_range (timeline, &zoomed_start, &zoomed_end);
  g_assert_cmpfloat_with_epsilon (zoomed_end - zoomed_start, 100, 0.001);

  /* A click on the third row of the timeline selects that span in the tree... */
  row = studio_trace_timeline_row_at (timeline, STUDIO_TRACE_TIMELINE_AXIS_HEIGHT + 2.5 * STUDIO_TRACE_TIMELINE_ROW_HEIGHT);
  g_assert_cmpuint (row, ==, 2);
  gtk_single_selection_set_selected (studio_trace_timeline_get_model (timeline), row);
  selected = studio_trace_view_get_selected_span (fixture->view);
  g_assert_cmpstr (studio_span_node_get_name (selected), ==, "generate");
  g_assert_cmpstr (gtk_label_get_text (span_title), ==, "generate");
  g_assert_nonnull (strstr (gtk_label_get_text (meta), "12 tokens in, 30 out"));

  /* ...and a span selected through the tree is the timeline's selected row. */
  g_assert_true (studio_trace_view_select_span (fixture->view, "c000000000000002"));
  g_assert_cmpuint (gtk_single_selection_get_selected (studio_trace_timeline_get_model (timeline)), ==, 3);

  /* Left on a leaf goes to its parent, Left again collapses it (the timeline follows), Right
   * expands it. */
  press (GTK_WIDGET (tree), GDK_KEY_Left);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 0);
  press (GTK_WIDGET (tree), GDK_KEY_Left);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (studio_trace_timeline_get_model (timeline))), ==, 1);
  press (GTK_WIDGET (tree), GDK_KEY_Right);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, 4);

  /* The root's roll-up counts its model call's tokens. */
  g_assert_true (studio_trace_view_select_span (fixture->view, "r0000000000000004"));
  g_assert_nonnull (strstr (gtk_label_get_text (meta), "4 spans in its subtree · 12 tokens in, 30 out"));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

/* ---- the span tree and the timeline as one view ---- */

#define ROW_HEIGHT STUDIO_TRACE_TIMELINE_ROW_HEIGHT
#define AXIS_HEIGHT STUDIO_TRACE_TIMELINE_AXIS_HEIGHT
#define N_STEPS 12
#define N_CALLS 8

/* A root with N_STEPS steps of N_CALLS calls each: more rows than fit. Ids sort as they start. */
static JsonNode *
deep_trace (const char *trace_id)
{
  double t = 1795303453940;
  g_autoptr(JsonNode) root = tt_span (trace_id, "r000000000000005", NULL, "deep", t, t + 200,
                                      "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\",\"genkit:name\":\"deep\"}");
  JsonNode *trace = tt_trace_of (root, TRUE);
  JsonObject *spans = json_object_get_object_member (json_node_get_object (trace), "spans");

  for (guint i = 0; i < N_STEPS; i++)
    {
      g_autofree char *step_id = g_strdup_printf ("s%015u", i);
      g_autofree char *step = g_strdup_printf ("step-%u", i);

      json_object_set_member (spans, step_id,
                              tt_span (trace_id, step_id, "r000000000000005", step, t + 10 * i, t + 10 * i + 9,
                                       "{\"genkit:type\":\"flowStep\"}"));
      for (guint j = 0; j < N_CALLS; j++)
        {
          g_autofree char *call_id = g_strdup_printf ("c%03u%012u", i, j);
          g_autofree char *call = g_strdup_printf ("call-%u.%u", i, j);

          json_object_set_member (spans, call_id,
                                  tt_span (trace_id, call_id, step_id, call, t + 10 * i + j, t + 10 * i + j + 1,
                                           "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"tool\"}"));
        }
    }
  return trace;
}

/* The row of the span tree at @position, if it is wholly in view; its bounds in the
 * timeline's coordinates. */
static GtkWidget *
tree_row_in_view (Fixture         *fixture,
                  guint            position,
                  graphene_rect_t *bounds)
{
  GtkWidget *tree = studio_test_find (GTK_WIDGET (fixture->view), "tree_view");
  GtkWidget *timeline = GTK_WIDGET (studio_trace_view_get_timeline (fixture->view));

  for (GtkWidget *row = gtk_widget_get_first_child (tree); row; row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *expander = gtk_widget_get_first_child (row);
      GtkTreeListRow *list_row;

      if (!gtk_widget_get_child_visible (row) || !GTK_IS_TREE_EXPANDER (expander)
          || (list_row = gtk_tree_expander_get_list_row (GTK_TREE_EXPANDER (expander))) == NULL
          || gtk_tree_list_row_get_position (list_row) != position
          || !gtk_widget_compute_bounds (row, timeline, bounds))
        continue;
      if (bounds->origin.y >= AXIS_HEIGHT && bounds->origin.y + bounds->size.height <= gtk_widget_get_height (timeline))
        return row;
    }
  return NULL;
}

/* Asserts that every row of the tree in view is as high as the timeline's and level with the
 * timeline's row of the same span, and that the tree's rows start where the timeline's do.
 * Returns how many rows are in view. */
static guint
assert_rows_level (Fixture *fixture)
{
  GtkWidget *tree = studio_test_find (GTK_WIDGET (fixture->view), "tree_view");
  StudioTraceTimeline *timeline = studio_trace_view_get_timeline (fixture->view);
  GListModel *rows = G_LIST_MODEL (studio_trace_view_get_selection (fixture->view));
  graphene_rect_t viewport, bounds;
  guint n_level = 0;

  g_assert_true (gtk_widget_compute_bounds (gtk_widget_get_parent (tree), GTK_WIDGET (timeline), &viewport));
  g_assert_cmpfloat (viewport.origin.y, ==, AXIS_HEIGHT);
  g_assert_cmpfloat (viewport.size.height, ==, gtk_widget_get_height (GTK_WIDGET (timeline)) - AXIS_HEIGHT);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      if (tree_row_in_view (fixture, i, &bounds) == NULL)
        continue;
      g_assert_cmpfloat (bounds.size.height, ==, ROW_HEIGHT);
      g_assert_cmpuint (studio_trace_timeline_row_at (timeline, bounds.origin.y + 1), ==, i);
      g_assert_cmpuint (studio_trace_timeline_row_at (timeline, bounds.origin.y + ROW_HEIGHT - 1), ==, i);
      n_level++;
    }
  g_test_message ("%u rows level, offset %.0f px", n_level, gtk_adjustment_get_value (studio_trace_timeline_get_vadjustment (timeline)));
  /* All rows that fit, but the two the edges may cut. */
  g_assert_cmpuint (n_level, >=, MIN ((guint) (viewport.size.height / ROW_HEIGHT) - 1, g_list_model_get_n_items (rows)));
  return n_level;
}

typedef struct
{
  Fixture *fixture;
  guint    position;
} RowProbe;

static gboolean
row_in_view (gpointer user_data)
{
  RowProbe *probe = user_data;
  graphene_rect_t bounds;

  return tree_row_in_view (probe->fixture, probe->position, &bounds) != NULL;
}

/* Waits until the tree shows the row at @position after a scroll or a change of its rows,
 * and then until the frame that shows it is drawn. */
static void
wait_row_in_view (Fixture *fixture,
                  guint    position)
{
  RowProbe probe = { fixture, position };

  g_assert_true (studio_test_wait (row_in_view, &probe, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
}

/* A scroll as the timeline's scroll controller receives it. */
static void
scroll (GtkWidget *widget,
        double     dx,
        double     dy)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller_of (widget, GTK_TYPE_EVENT_CONTROLLER_SCROLL), "scroll", dx, dy, &handled);
  g_assert_true (handled);
}

static void
test_sync (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonNode) trace = deep_trace ("5555eeee5555eeee5555eeee5555eeee");
  StudioTraceTimeline *timeline = studio_trace_view_get_timeline (fixture->view);
  GtkSingleSelection *selection = studio_trace_view_get_selection (fixture->view);
  GtkWidget *tree = studio_test_find (GTK_WIDGET (fixture->view), "tree_view");
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (tree)));
  guint n_rows = 1 + N_STEPS * (1 + N_CALLS), last = n_rows - 1, step_3 = 1 + 3 * (1 + N_CALLS);
  double value, start, end, panned_start, panned_end;
  g_autoptr(GtkTreeListRow) row = NULL;
  g_autoptr(StudioSpanNode) node = NULL;

  g_test_summary ("The span tree and the timeline are one view: their rows are level, scrolling "
                  "either scrolls both, a span selected out of view is scrolled into both, a "
                  "collapsed subtree leaves both");

  studio_trace_view_show_trace (fixture->view, trace);
  gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "traces.back", NULL);
  gtk_stack_set_visible_child_name (GTK_STACK (studio_test_find (GTK_WIDGET (fixture->pane), "stack")), "trace");
  wait_row_in_view (fixture, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n_rows);
  g_assert_true (studio_trace_timeline_get_vadjustment (timeline) == vadjustment);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), ==, n_rows * ROW_HEIGHT);
  g_assert_cmpfloat (gtk_adjustment_get_page_size (vadjustment), <, n_rows * ROW_HEIGHT);
  g_assert_true (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (fixture->view), "rows_scrollbar")));
  assert_rows_level (fixture);

  /* Scrolling the tree scrolls the timeline's rows: row 40 at the top of both. */
  gtk_adjustment_set_value (vadjustment, 40 * ROW_HEIGHT);
  wait_row_in_view (fixture, 40);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (vadjustment), 40 * ROW_HEIGHT, 0.5);
  g_assert_cmpuint (studio_trace_timeline_row_at (timeline, AXIS_HEIGHT + 1), ==, 40);
  assert_rows_level (fixture);

  /* A wheel over the timeline scrolls the tree; a horizontal scroll pans the time instead. */
  value = gtk_adjustment_get_value (vadjustment);
  scroll (GTK_WIDGET (timeline), 0, 2);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, value + ROW_HEIGHT);
  wait_row_in_view (fixture, studio_trace_timeline_row_at (timeline, AXIS_HEIGHT + ROW_HEIGHT * 1.5));
  assert_rows_level (fixture);
  value = gtk_adjustment_get_value (vadjustment);
  studio_trace_timeline_get_visible_range (timeline, &start, &end);
  scroll (GTK_WIDGET (timeline), 2, 0);
  studio_trace_timeline_get_visible_range (timeline, &panned_start, &panned_end);
  g_assert_cmpfloat (panned_start, >, start);
  g_assert_cmpfloat_with_epsilon (panned_end - panned_start, end - start, 0.001);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, value);

  /* The last row, selected in the timeline, is scrolled into the tree's view and the
   * timeline's. */
  gtk_single_selection_set_selected (studio_trace_timeline_get_model (timeline), last);
  wait_row_in_view (fixture, last);
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (vadjustment),
                                  gtk_adjustment_get_upper (vadjustment) - gtk_adjustment_get_page_size (vadjustment), 0.5);
  assert_rows_level (fixture);

  /* Up in the timeline selects the row above, Down the one below, and keeps it in view. */
  gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.select-previous", NULL);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, last - 1);
  gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.select-next", NULL);
  gtk_widget_activate_action (GTK_WIDGET (timeline), "timeline.select-next", NULL);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, last);
  wait_row_in_view (fixture, last);

  /* A span selected through the tree, far up, is scrolled into both. */
  g_assert_true (studio_trace_view_select_span (fixture->view, "s000000000000001"));
  wait_row_in_view (fixture, 1 + N_CALLS + 1);
  assert_rows_level (fixture);

  /* Left on a call goes to its step and keeps it in view; Left again collapses the step: its
   * calls leave the timeline's rows too, the next step is the row below it in both. */
  g_assert_true (studio_trace_view_select_span (fixture->view, "c003000000000007"));
  wait_row_in_view (fixture, step_3 + N_CALLS);
  press (tree, GDK_KEY_Left);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, step_3);
  wait_row_in_view (fixture, step_3);
  press (tree, GDK_KEY_Left);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (studio_trace_timeline_get_model (timeline))), ==, n_rows - N_CALLS);
  row = g_list_model_get_item (G_LIST_MODEL (studio_trace_timeline_get_model (timeline)), step_3 + 1);
  node = gtk_tree_list_row_get_item (row);
  g_assert_cmpstr (studio_span_node_get_name (node), ==, "step-4");
  wait_row_in_view (fixture, step_3 + 1);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadjustment), ==, (n_rows - N_CALLS) * ROW_HEIGHT);
  assert_rows_level (fixture);
  press (tree, GDK_KEY_Right);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (selection)), ==, n_rows);
  wait_row_in_view (fixture, step_3 + 1);
  assert_rows_level (fixture);
  studio_test_save_png (GTK_WIDGET (fixture->window), "trace-scrolled.png");
}

static void
test_sync_live (Fixture       *fixture,
                gconstpointer  data)
{
  const char *trace_id = "6666ffff6666ffff6666ffff6666ffff";
  double now = g_get_real_time () / 1000.0;
  Probe probe = { fixture, trace_id, NULL };
  GtkWidget *tree = studio_test_find (GTK_WIDGET (fixture->view), "tree_view");
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (gtk_widget_get_parent (tree)));
  GListModel *rows = G_LIST_MODEL (studio_trace_view_get_selection (fixture->view));

  g_test_summary ("A running trace that grows while it is scrolled keeps the span tree and the "
                  "timeline level");

  ingest (fixture, tt_span (trace_id, "r000000000000006", NULL, "growing", now, 0,
                            "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                            "\"genkit:name\":\"growing\",\"genkit:isRoot\":true}"), TRUE);
  g_assert_true (studio_test_wait (row_listed, &probe, 10000));
  studio_traces_pane_open_trace (fixture->pane, trace_id);
  g_assert_true (studio_test_wait (view_loaded, fixture->view, 10000));

  /* Three bursts of running steps, each while the view is scrolled to its end. */
  for (guint burst = 0; burst < 3; burst++)
    {
      for (guint i = 0; i < 20; i++)
        {
          guint n = burst * 20 + i;
          g_autofree char *span_id = g_strdup_printf ("s%015u", n);
          g_autofree char *name = g_strdup_printf ("step-%u", n);

          ingest (fixture, tt_span (trace_id, span_id, "r000000000000006", name, now + n, 0,
                                    "{\"genkit:type\":\"flowStep\"}"), FALSE);
          if (i == 19)
            {
              g_free (fixture->watched);
              fixture->watched = g_strdup (span_id);
              probe.span_id = fixture->watched;
            }
        }
      g_assert_true (studio_test_wait (span_shown, &probe, 10000));
      gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
      assert_rows_level (fixture);
      gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_upper (vadjustment));
      wait_row_in_view (fixture, g_list_model_get_n_items (rows) - 1);
      assert_rows_level (fixture);
    }
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 61);
  studio_test_save_png (GTK_WIDGET (fixture->window), "trace-growing.png");
}

static void
test_files (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(JsonNode) trace = timeline_trace ();
  g_autoptr(GError) error = NULL;

  g_test_summary ("A trace written as Genkit JSON or OTLP JSON reads back with all its spans; "
                  "other files are refused with a clear error");

  for (StudioTraceFormat format = STUDIO_TRACE_FORMAT_GENKIT; format <= STUDIO_TRACE_FORMAT_OTLP; format++)
    {
      g_autofree char *text = studio_trace_file_write (trace, format);
      g_autoptr(JsonNode) back = studio_trace_file_parse (text, strlen (text), &error);
      JsonObject *spans;

      g_assert_no_error (error);
      g_assert_nonnull (back);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (back), "traceId"), ==,
                       "4444dddd4444dddd4444dddd4444dddd");
      spans = json_object_get_object_member (json_node_get_object (back), "spans");
      g_assert_cmpuint (json_object_get_size (spans), ==, 4);
      g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (spans, "c000000000000001"),
                                                      "parentSpanId"), ==, "r0000000000000004");
      studio_trace_view_show_trace (fixture->view, back);
      g_assert_cmpuint (studio_trace_view_get_n_spans (fixture->view), ==, 4);
    }

  g_assert_null (studio_trace_file_parse ("{\"hello\": 1}", -1, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (studio_trace_file_parse ("not json", -1, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
}

static gboolean
has_thumbnail (gpointer user_data)
{
  return gtk_widget_get_first_child (user_data) != NULL;
}

static void
test_details (Fixture       *fixture,
              gconstpointer  data)
{
  const char *id = "8888bbbb8888bbbb8888bbbb8888bbbb";
  /* A 1×1 PNG. */
  const char *image = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
  g_autofree char *input = g_strdup_printf ("{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi there\"},"
                                            "{\"media\":{\"url\":\"%s\",\"contentType\":\"image/png\"}}]}]}", image);
  g_autoptr(GString) output = g_string_new ("\"");
  g_autoptr(JsonNode) root = tt_span (id, "r0000000000000008", NULL, "echo", 1795303453940, 1795303453990,
                                      "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"model\",\"genkit:name\":\"echo\"}");
  g_autoptr(JsonNode) trace = NULL;
  StudioSpanPayload *output_payload = STUDIO_SPAN_PAYLOAD (studio_test_find (GTK_WIDGET (fixture->view), "output_payload"));
  GtkLabel *error = GTK_LABEL (studio_test_find (GTK_WIDGET (fixture->view), "error_label"));
  GtkWidget *conversation = studio_test_find (GTK_WIDGET (fixture->view), "conversation_box");
  GtkWidget *media = studio_test_find (GTK_WIDGET (fixture->view), "media_box");
  JsonObject *span = json_node_get_object (root);
  JsonObject *attributes = json_object_get_object_member (span, "attributes");
  JsonObject *status = json_object_new ();

  g_test_summary ("A span's details: a large output cut with its size, the model call's messages as "
                  "a conversation with its image as a thumbnail, a failed span's message and stack");

  while (output->len < 400 * 1024)
    g_string_append (output, "lorem ipsum ");
  g_string_append_c (output, '"');
  json_object_set_string_member (attributes, "genkit:input", input);
  json_object_set_string_member (attributes, "genkit:output", output->str);
  json_object_set_int_member (status, "code", 2);
  json_object_set_string_member (status, "message", "Model exploded");
  json_object_set_object_member (span, "status", status);
  json_object_set_member (span, "timeEvents",
                          json_from_string ("{\"timeEvent\":[{\"time\":1795303453990,\"annotation\":{\"description\":\"exception\","
                                            "\"attributes\":{\"exception.stacktrace\":\"Error: Model exploded\\n    at echo (model.ts:12)\"}}}]}", NULL));
  trace = tt_trace_of (root, TRUE);
  studio_trace_view_show_trace (fixture->view, trace);

  /* g_format_size() puts a no-break space before the unit. */
  g_assert_nonnull (strstr (studio_span_payload_get_heading (output_payload), "first 262.1\u00a0kB shown"));
  g_assert_false (studio_span_payload_get_elided (output_payload));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error)));
  g_assert_nonnull (strstr (gtk_label_get_text (error), "Model exploded"));
  g_assert_nonnull (strstr (gtk_label_get_text (error), "model.ts:12"));
  g_assert_true (gtk_widget_get_visible (conversation));
  g_assert_nonnull (gtk_widget_get_first_child (conversation));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (conversation))), "Hi there"));
  g_assert_true (studio_test_wait (has_thumbnail, media, 10000));
  g_assert_true (gtk_widget_get_visible (media));
}

static gboolean
actions_listed (gpointer user_data)
{
  StudioActionSidebar *sidebar = studio_actions_pane_get_sidebar (user_data);

  return !studio_action_sidebar_get_loading (sidebar)
         && studio_action_list_get_n_actions (studio_action_sidebar_get_list (sidebar)) > 0;
}

static void
test_open_in_runner (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *id = "7777aaaa7777aaaa7777aaaa7777aaaa";
  g_autoptr(JsonNode) root = tt_span (id, "r0000000000000007", NULL, "greet", 1795303453940, 1795303453990,
                                      "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                                      "\"genkit:name\":\"greet\",\"genkit:input\":\"{\\\"name\\\":\\\"Grace\\\"}\"}");
  g_autoptr(JsonNode) trace = tt_trace_of (root, TRUE);
  StudioActionsPane *actions = studio_window_get_actions_pane (fixture->window);
  AdwViewStack *stack = ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (fixture->window), "pane_stack"));
  g_autofree char *input = NULL;
  StudioRunner *runner;

  g_test_summary ("Open in Runner opens the span's action with the span's input");

  g_assert_true (studio_test_wait (actions_listed, actions, 10000));
  studio_trace_view_show_trace (fixture->view, trace);
  g_assert_true (studio_trace_view_select_span (fixture->view, "r0000000000000007"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "trace.open-in-runner", NULL);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (stack), ==, "actions");
  runner = studio_actions_pane_get_visible_runner (actions);
  g_assert_nonnull (runner);
  g_assert_cmpstr (studio_runner_get_key (runner), ==, "/flow/greet");
  input = studio_runner_dup_input_text (runner);
  g_assert_nonnull (strstr (input, "Grace"));
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  double now = g_get_real_time () / 1000.0;
  Probe probe = { fixture, "5555eeee5555eeee5555eeee5555eeee", NULL };
  Probe old = { fixture, "6666ffff6666ffff6666ffff6666ffff", NULL };
  GtkColumnView *view = GTK_COLUMN_VIEW (studio_test_find (GTK_WIDGET (fixture->pane), "column_view"));

  g_test_summary ("Delete removes the selected traces; clearing removes those older than a day");

  ingest (fixture, tt_span (probe.trace_id, "r0000000000000005", NULL, "doomed", now, now + 5,
                            "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\",\"genkit:name\":\"doomed\"}"), TRUE);
  ingest (fixture, tt_span (old.trace_id, "r0000000000000006", NULL, "ancient", now - 3 * 86400000.0, now - 3 * 86400000.0 + 5,
                            "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\",\"genkit:name\":\"ancient\"}"), TRUE);
  g_assert_true (studio_test_wait (row_listed, &probe, 10000));
  g_assert_true (studio_test_wait (row_listed, &old, 10000));

  gtk_selection_model_select_item (gtk_column_view_get_model (view), 0, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "traces.delete-selected", NULL);
  g_assert_true (studio_test_wait (row_gone, &probe, 10000));
  g_assert_nonnull (find_row (fixture, old.trace_id));

  gtk_widget_activate_action (GTK_WIDGET (fixture->pane), "traces.clear-older-than", "u", 86400);
  g_assert_true (studio_test_wait (row_gone, &old, 10000));
}

/* Whether a label under @widget shows @text. */
/* Adds a finished root span of trace @trace_id as sent by @runtime_id (nullable). */
static void
add_for_runtime (Fixture    *fixture,
                 const char *trace_id,
                 const char *span_id,
                 const char *name,
                 double      start,
                 const char *runtime_id)
{
  g_autofree char *attributes = g_strdup_printf ("{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                                                 "\"genkit:name\":\"%s\"}", name);
  g_autoptr(JsonNode) span = tt_span (trace_id, span_id, NULL, name, start, start + 5, attributes);
  g_autoptr(JsonNode) trace = tt_trace_of (span, TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_trace_store_add_for_runtime (fixture->store, trace, runtime_id, &error));
  g_assert_no_error (error);
}

static void
test_runtime (Fixture       *fixture,
              gconstpointer  data)
{
  double now = g_get_real_time () / 1000.0;
  Probe builtin = { fixture, "7777aaaa7777aaaa7777aaaa7777aaaa", NULL };
  Probe remote = { fixture, "8888bbbb8888bbbb8888bbbb8888bbbb", NULL };
  Probe plain = { fixture, "9999cccc9999cccc9999cccc9999cccc", NULL };
  GtkWidget *view = studio_test_find (GTK_WIDGET (fixture->pane), "column_view");
  GtkDropDown *dropdown = GTK_DROP_DOWN (studio_test_find (GTK_WIDGET (fixture->pane), "runtime_dropdown"));
  GListModel *rows = studio_traces_pane_get_traces (fixture->pane);
  GListModel *entries = gtk_drop_down_get_model (dropdown);
  g_autofree char *builtin_id = genkit_runtime_dup_id (fixture->runtime);

  g_test_summary ("The Runtime column names a runtime of the window, shows another's id and a "
                  "dash without one; the runtime quick filter picks a runtime's traces or those "
                  "without one");

  add_for_runtime (fixture, builtin.trace_id, "r0000000000000007", "mine", now, builtin_id);
  add_for_runtime (fixture, remote.trace_id, "r0000000000000008", "theirs", now - 10, "4242-1");
  add_for_runtime (fixture, plain.trace_id, "r0000000000000009", "nobody", now - 20, NULL);
  g_assert_true (studio_test_wait (row_listed, &builtin, 10000));
  g_assert_true (studio_test_wait (row_listed, &remote, 10000));
  g_assert_true (studio_test_wait (row_listed, &plain, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));

  g_assert_true (studio_test_shows_label (view, "Built-in runtime"));
  g_assert_true (studio_test_shows_label (view, "4242-1"));
  g_assert_true (studio_test_shows_label (view, "—"));

  /* Any, unknown, then the window's runtimes by name. */
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 3);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (entries), 2), ==, "Built-in runtime");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);

  gtk_drop_down_set_selected (dropdown, 2);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  g_assert_nonnull (find_row (fixture, builtin.trace_id));

  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 1);
  g_assert_nonnull (find_row (fixture, plain.trace_id));

  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3);

  /* A search's matches know their runtime too. */
  gtk_editable_set_text (GTK_EDITABLE (studio_test_find (GTK_WIDGET (fixture->pane), "search_entry")), "theirs");
  g_assert_true (studio_test_wait (search_done, &remote, 10000));
  g_assert_cmpstr (genkit_trace_summary_get_runtime_id (find_row (fixture, remote.trace_id)), ==, "4242-1");
  gtk_drop_down_set_selected (dropdown, 1);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
}

static gboolean
in_actions (gpointer user_data)
{
  return g_strcmp0 (adw_view_stack_get_visible_child_name (user_data), "actions") == 0;
}

static gboolean
payload_loaded (gpointer user_data)
{
  return !studio_span_payload_get_loading (user_data);
}

static gboolean
error_shown (gpointer user_data)
{
  return gtk_widget_get_visible (studio_test_find (user_data, "error_label"));
}

/* The text our own clipboard holds, read from its local content (reading it through
 * the display would have the main loop write to itself). */
static char *
clipboard_text (GtkWidget *widget)
{
  GdkContentProvider *content = gdk_clipboard_get_content (gtk_widget_get_clipboard (widget));
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, G_TYPE_STRING);
  if (content == NULL || !gdk_content_provider_get_value (content, &value, NULL))
    return NULL;
  return g_value_dup_string (&value);
}

static gboolean
clipboard_has_whole (gpointer user_data)
{
  GtkWidget *widget = user_data;
  g_autofree char *text = clipboard_text (widget);

  return text != NULL
         && strlen (text) == GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (widget), "expected-length"));
}

static void
test_big_payload (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *id = "9999cccc9999cccc9999cccc9999cccc";
  g_autoptr(GString) output = g_string_new ("{\"message\":{\"role\":\"model\",\"content\":[{\"text\":\"");
  g_autoptr(GString) input = g_string_new ("{\"name\":\"");
  g_autoptr(GString) medium = g_string_new ("{\"text\":\"");
  g_autoptr(JsonNode) trace = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *runner_input = NULL;
  StudioSpanPayload *in_view = STUDIO_SPAN_PAYLOAD (studio_test_find (GTK_WIDGET (fixture->view), "input_payload"));
  StudioSpanPayload *out_view = STUDIO_SPAN_PAYLOAD (studio_test_find (GTK_WIDGET (fixture->view), "output_payload"));
  StudioActionsPane *actions = studio_window_get_actions_pane (fixture->window);
  AdwViewStack *stack = ADW_VIEW_STACK (studio_test_find (GTK_WIDGET (fixture->window), "pane_stack"));
  JsonNode *shown;
  StudioSpanNode *model;
  gint64 in_tokens, out_tokens;
  gsize length;

  g_test_summary ("A stored trace opens with its large payloads left out: a 1 MB output shows its "
                  "size and its start, keeps its token counts, and Load All, Copy and Save read it "
                  "whole; a 100 kB one loads as folded JSON; Open in Runner gets a long input whole; "
                  "a payload whose trace is gone says so");

  while (output->len < 1024 * 1024)
    g_string_append (output, "lorem ipsum dolor sit amet ");
  g_string_append (output, "\"}]},\"usage\":{\"inputTokens\":12,\"outputTokens\":3000}}");
  while (input->len < 20 * 1024)
    g_string_append (input, "Grace ");
  g_string_append (input, "\"}");
  while (medium->len < 100 * 1000)
    g_string_append (medium, "medium ");
  g_string_append (medium, "\"}");
  {
    g_autoptr(JsonNode) root = tt_span (id, "r0000000000000009", NULL, "greet", 1795303453940, 1795303453990,
                                        "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"flow\","
                                        "\"genkit:name\":\"greet\"}");
    g_autoptr(JsonNode) span = tt_span (id, "m0000000000000009", "r0000000000000009", "echoModel",
                                        1795303453950, 1795303453980,
                                        "{\"genkit:type\":\"action\",\"genkit:metadata:subtype\":\"model\","
                                        "\"genkit:name\":\"echoModel\"}");
    JsonObject *attributes = json_object_get_object_member (json_node_get_object (root), "attributes");

    json_object_set_string_member (attributes, "genkit:input", input->str);
    json_object_set_string_member (attributes, "genkit:output", medium->str);
    json_object_set_string_member (attributes, "custom:notes", input->str);
    attributes = json_object_get_object_member (json_node_get_object (span), "attributes");
    json_object_set_string_member (attributes, "genkit:input", "{\"messages\":[]}");
    json_object_set_string_member (attributes, "genkit:output", output->str);
    trace = tt_trace_of (root, TRUE);
    json_object_set_member (json_object_get_object_member (json_node_get_object (trace), "spans"),
                            "m0000000000000009", g_steal_pointer (&span));
  }
  tt_ingest (fixture->store, trace);

  studio_traces_pane_open_trace (fixture->pane, id);
  g_assert_true (studio_test_wait (view_loaded, fixture->view, 10000));
  g_assert_true (studio_trace_view_select_span (fixture->view, "m0000000000000009"));
  model = studio_trace_view_find_span (fixture->view, "m0000000000000009");

  /* Only the start of the output came from the store, with its size and token counts. */
  g_assert_true (studio_span_node_is_elided (model, "genkit:output"));
  g_assert_cmpuint (strlen (studio_span_node_get_attribute (model, "genkit:output")), <=, STUDIO_SPAN_PAYLOAD_PREVIEW_BYTES);
  g_assert_cmpuint (studio_span_node_get_attribute_size (model, "genkit:output"), ==, output->len);
  studio_span_node_get_tokens (model, &in_tokens, &out_tokens);
  g_assert_cmpint (out_tokens, ==, 3000);
  g_assert_true (studio_span_payload_get_elided (out_view));
  g_assert_cmpuint (studio_span_payload_get_size (out_view), ==, output->len);
  /* g_format_size() puts a no-break space before the unit. */
  g_assert_nonnull (strstr (studio_span_payload_get_heading (out_view), "1.0\u00a0MB, first 16.4\u00a0kB shown"));
  shown = studio_span_payload_get_value (out_view);
  g_assert_cmpuint (json_node_get_value_type (shown), ==, G_TYPE_STRING);
  g_assert_true (g_str_has_prefix (output->str, json_node_get_string (shown)));
  g_assert_true (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (out_view), "load_button")));
  g_assert_false (studio_span_payload_get_elided (in_view));
  g_assert_false (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (in_view), "load_button")));
  /* Copy is there for a value not shown whole (the result view copies the others). */
  g_assert_true (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (out_view), "copy_button")));
  g_assert_false (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (in_view), "copy_button")));

  /* Save and Copy write the whole value, read from the store. */
  file = g_file_new_build_filename (g_get_user_data_dir (), "output.json", NULL);
  studio_span_payload_save_async (out_view, file, NULL, studio_test_store_result_cb, &result);
  g_assert_true (studio_span_payload_save_finish (out_view, studio_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_clear_object (&result);
  g_assert_true (g_file_load_contents (file, NULL, &saved, &length, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (length, ==, output->len);
  g_assert_cmpstr (saved, ==, output->str);
  gtk_widget_activate_action (GTK_WIDGET (out_view), "payload.copy", NULL);
  g_object_set_data (G_OBJECT (out_view), "expected-length", GSIZE_TO_POINTER (output->len));
  g_assert_true (studio_test_wait (clipboard_has_whole, out_view, 20000));
  copied = clipboard_text (GTK_WIDGET (out_view));
  g_assert_cmpstr (copied, ==, output->str);

  /* Load All: a megabyte stays cut for showing, now at the parse limit. */
  gtk_widget_activate_action (GTK_WIDGET (out_view), "payload.load", NULL);
  g_assert_true (studio_test_wait (payload_loaded, out_view, 20000));
  g_assert_false (studio_span_payload_get_elided (out_view));
  g_assert_false (gtk_widget_get_visible (studio_test_find (GTK_WIDGET (out_view), "load_button")));
  g_assert_nonnull (strstr (studio_span_payload_get_heading (out_view), "1.0\u00a0MB, first 262.1\u00a0kB shown"));
  shown = studio_span_payload_get_value (out_view);
  g_assert_cmpuint (strlen (json_node_get_string (shown)), ==, STUDIO_SPAN_PAYLOAD_MAX_PARSED);

  /* 100 kB: elided, then whole and folded. Another long attribute shows its start and size. */
  g_assert_true (studio_trace_view_select_span (fixture->view, "r0000000000000009"));
  shown = studio_result_view_get_value (STUDIO_RESULT_VIEW (studio_test_find (GTK_WIDGET (fixture->view),
                                                                              "attributes_view")));
  g_assert_true (g_str_has_suffix (json_object_get_string_member (json_node_get_object (shown), "custom:notes"),
                                   "\u2026 (20.5\u00a0kB in all)"));
  g_assert_true (studio_span_payload_get_elided (out_view));
  gtk_widget_activate_action (GTK_WIDGET (out_view), "payload.load", NULL);
  g_assert_true (studio_test_wait (payload_loaded, out_view, 20000));
  g_assert_false (studio_span_payload_get_elided (out_view));
  g_assert_cmpstr (studio_span_payload_get_heading (out_view), ==, "Output (100.0\u00a0kB)");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (studio_span_payload_get_value (out_view)));

  /* Open in Runner reads the 20 kB input whole. */
  g_assert_true (studio_span_payload_get_elided (in_view));
  g_assert_true (studio_test_wait (actions_listed, actions, 10000));
  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "trace.open-in-runner", NULL);
  g_assert_true (studio_test_wait (in_actions, stack, 10000));
  runner_input = studio_runner_dup_input_text (studio_actions_pane_get_visible_runner (actions));
  g_assert_cmpuint (strlen (runner_input), >=, input->len - 4);
  adw_view_stack_set_visible_child_name (stack, "traces");

  /* The trace is deleted: Load All says what went wrong, where it went wrong. */
  genkit_trace_store_delete_trace_async (fixture->store, id, NULL, studio_test_store_result_cb, &result);
  g_assert_true (genkit_trace_store_delete_trace_finish (fixture->store, studio_test_wait_result (&result), &error));
  g_assert_no_error (error);
  g_assert_true (studio_trace_view_select_span (fixture->view, "m0000000000000009"));
  gtk_widget_activate_action (GTK_WIDGET (out_view), "payload.load", NULL);
  g_assert_true (studio_test_wait (error_shown, out_view, 20000));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (studio_test_find (GTK_WIDGET (out_view), "error_label"))),
                            "NOT_FOUND"));
  g_assert_true (studio_span_payload_get_elided (out_view));
}

static gboolean
rows_are (gpointer user_data)
{
  Probe *probe = user_data;
  GListModel *rows = studio_traces_pane_get_traces (probe->fixture->pane);

  return g_list_model_get_n_items (rows) == 1 && find_row (probe->fixture, probe->trace_id) != NULL;
}

static void
test_runtime_renamed (Fixture       *fixture,
                      gconstpointer  data)
{
  double now = g_get_real_time () / 1000.0;
  Probe early = { fixture, "aaaa0000aaaa0000aaaa0000aaaa0000", NULL };
  GtkWidget *view = studio_test_find (GTK_WIDGET (fixture->pane), "column_view");
  GtkDropDown *dropdown = GTK_DROP_DOWN (studio_test_find (GTK_WIDGET (fixture->pane), "runtime_dropdown"));
  GListModel *rows = studio_traces_pane_get_traces (fixture->pane);
  g_autofree char *builtin_id = genkit_runtime_dup_id (fixture->runtime);

  g_test_summary ("A trace sent under an app's provisional runtime id shows that id, and once the "
                  "store learns the app's runtime it names the runtime, also through the "
                  "runtime quick filter that was set meanwhile");

  add_for_runtime (fixture, early.trace_id, "r000000000000000a", "early", now, "studio-command-0badcafe");
  g_assert_true (studio_test_wait (row_listed, &early, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (studio_test_shows_label (view, "studio-command-0badcafe"));

  gtk_drop_down_set_selected (dropdown, 2);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);

  genkit_trace_store_rename_runtime_async (fixture->store, "studio-command-0badcafe", builtin_id,
                                           NULL, NULL, NULL);
  g_assert_true (studio_test_wait (rows_are, &early, 10000));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (studio_test_shows_label (view, "Built-in runtime"));
  g_assert_false (studio_test_shows_label (view, "studio-command-0badcafe"));
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/app/traces/live", test_live);
  ADD ("/app/traces/search", test_search);
  ADD ("/app/traces/timeline", test_timeline);
  ADD ("/app/traces/sync", test_sync);
  ADD ("/app/traces/sync-live", test_sync_live);
  ADD ("/app/traces/files", test_files);
  ADD ("/app/traces/delete", test_delete);
  ADD ("/app/traces/runtime", test_runtime);
  ADD ("/app/traces/runtime-renamed", test_runtime_renamed);
  ADD ("/app/traces/open-in-runner", test_open_in_runner);
  ADD ("/app/traces/details", test_details);
  ADD ("/app/traces/big-payload", test_big_payload);
  ADD ("/app/traces/runner-open-trace", test_runner_open_trace);
#undef ADD

  return g_test_run ();
}
