/* studio-traces-pane.c — every trace of the studio's store, live, searchable, one at a time
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "studio-span-payload.h"
#include "studio-trace-file.h"
#include "studio-traces-pane.h"
#include "studio-util.h"
#include "studio-window.h"

/**
 * StudioTracesPane:
 *
 * The Traces page of the window: a [class@Gtk.ColumnView] over the studio's
 * [class@Genkit.TraceStore] (root action, type, status, start, duration, spans, tokens,
 * runtime), newest first and live — traces appear when their root span starts, from any
 * runtime, and running ones say so until they end. The runtime of a trace is the one that
 * sent it ([property@Genkit.TraceSummary:runtime-id]), shown by name when it is one of the
 * window's runtimes, else by id, and `—` when unknown (traces posted to the telemetry
 * server's plain URL by an app the studio did not start; one started from Run a Command is
 * known by a provisional id until its runtime is found, see [class@Studio.Command]). Quick
 * filters (status, type, runtime, in progress) apply to the rows; the search entry asks the
 * store's full-text index (span names, inputs, outputs) for up to a thousand matching
 * traces. Traces can be deleted (the selection, or everything older than
 * an hour, a day, a week), exported as Genkit trace JSON or OTLP JSON, and opened from such
 * a file without any server.
 *
 * Activating a row (double click, Enter) shows the trace in the pane's
 * [class@Studio.TraceView]; Back (Alt+Left) returns to the list. The window's
 * `win.open-trace` lands here too, so a runner's Open Trace follows its run live.
 */
struct _StudioTracesPane
{
  StudioPane          parent_instance;

  /* Template children */
  GtkStack           *stack;
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkDropDown        *type_dropdown;
  GtkDropDown        *runtime_dropdown;
  GtkToggleButton    *running_toggle;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  AdwStatusPage      *empty_page;
  GtkLabel           *count_label;
  StudioTraceView    *trace_view;

  /* Owned */
  GListStore         *results;      /* GenkitTraceSummary: the last search's matches */
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GtkMultiSelection  *selection;
  GCancellable       *search_cancellable;
  char               *search_text;   /* of the search under way */
  guint               search_offset; /* of the page asked for */
  GCancellable       *preload_cancellable;
  gboolean            preloaded;     /* the rows are a first page read while the store loads */
  GenkitTraceStore   *store;        /* whose span-ended we follow */
  GHashTable         *tokens;       /* trace id → TraceTokens */
  GHashTable         *token_cells;  /* trace id → GtkListItem showing its tokens (borrowed) */
  GCancellable       *tokens_cancellable;
  GPtrArray          *tokens_queue; /* trace ids whose tokens are to be read */
  guint               tokens_idle_id;
  GListModel         *runtimes;     /* the window's GenkitRuntime: names, the runtime filter */
  GPtrArray          *runtime_ids;  /* of the runtime filter's entries after the first two */
  gboolean            searching;
};

G_DEFINE_FINAL_TYPE (StudioTracesPane, studio_traces_pane, STUDIO_TYPE_PANE)

enum {
  PROP_0,
  PROP_SEARCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The most matches a search shows, and how many come first: a common word matches in most
 * traces, and the store walks them newest first, so a small first page shows soonest. */
#define SEARCH_LIMIT 1000
#define SEARCH_FIRST_PAGE 50
/* How many old traces a clean-up deletes per listing. */
#define CLEAR_PAGE 500

typedef enum
{
  COLUMN_NAME,
  COLUMN_TYPE,
  COLUMN_STATUS,
  COLUMN_START,
  COLUMN_DURATION,
  COLUMN_SPANS,
  COLUMN_TOKENS,
  COLUMN_RUNTIME,
} Column;

/* The token usage of one trace, summed over its model spans; read when its row is shown. */
typedef struct
{
  gint64   input_tokens;
  gint64   output_tokens;
  double   end_time;      /* of the summary when read: a trace that grew is read again */
  guint    n_spans;
  gboolean ready;
  gboolean pending;
} TraceTokens;

typedef struct
{
  StudioTracesPane *self;   /* unowned: the read is cancelled before the pane goes */
  char             *trace_id;
} TokensRead;

/* The types of the type filter; the first means any. */
static const char *const trace_types[] = {
  NULL, "flow", "model", "tool", "prompt", "retriever", "embedder", "evaluator", "util",
};

/* ---- filtering ---- */

static gboolean
studio_traces_pane_match (gpointer item,
                          gpointer user_data)
{
  StudioTracesPane *self = user_data;
  GenkitTraceSummary *summary = item;
  guint status = gtk_drop_down_get_selected (self->status_dropdown);
  guint type = gtk_drop_down_get_selected (self->type_dropdown);
  guint runtime = gtk_drop_down_get_selected (self->runtime_dropdown);
  const char *runtime_id = genkit_trace_summary_get_runtime_id (summary);

  if (gtk_toggle_button_get_active (self->running_toggle) && !genkit_trace_summary_is_running (summary))
    return FALSE;
  if (status == 1 && (genkit_trace_summary_is_running (summary) || genkit_trace_summary_get_status (summary) == 2))
    return FALSE;
  if (status == 2 && genkit_trace_summary_get_status (summary) != 2)
    return FALSE;
  if (type > 0 && type < G_N_ELEMENTS (trace_types)
      && g_strcmp0 (genkit_trace_summary_get_trace_type (summary), trace_types[type]) != 0)
    return FALSE;
  /* Runtime entries: any, none known, then the window's runtimes. */
  if (runtime == 1 && runtime_id != NULL)
    return FALSE;
  if (runtime >= 2 && runtime - 2 < self->runtime_ids->len
      && g_strcmp0 (runtime_id, g_ptr_array_index (self->runtime_ids, runtime - 2)) != 0)
    return FALSE;
  return TRUE;
}

static void
studio_traces_pane_update_count (StudioTracesPane *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autofree char *text = NULL;

  if (self->searching)
    text = g_strdup_printf (ngettext ("%u matching trace", "%u matching traces", n), n);
  else
    text = g_strdup_printf (ngettext ("%u trace", "%u traces", n), n);
  gtk_label_set_text (self->count_label, text);
  adw_status_page_set_title (self->empty_page, self->searching ? _("No Matching Traces") : _("No Traces"));
  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "traces" : "empty");
}

static void
studio_traces_pane_filter_changed_cb (StudioTracesPane *self)
{
  gboolean any = gtk_drop_down_get_selected (self->status_dropdown) > 0
                 || gtk_drop_down_get_selected (self->type_dropdown) > 0
                 || gtk_drop_down_get_selected (self->runtime_dropdown) > 0
                 || gtk_toggle_button_get_active (self->running_toggle);

  /* Without a quick filter the rows pass straight through: no pass over the store's rows. */
  if (!any)
    {
      gtk_filter_list_model_set_filter (self->filtered, NULL);
      return;
    }
  if (gtk_filter_list_model_get_filter (self->filtered) == NULL)
    gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (self->filter));
  else
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* ---- runtimes ---- */

/* The window's runtime of id @runtime_id, or %NULL. */
static GenkitRuntime *
studio_traces_pane_find_runtime (StudioTracesPane *self,
                                 const char       *runtime_id)
{
  for (guint i = 0; self->runtimes != NULL && i < g_list_model_get_n_items (self->runtimes); i++)
    {
      g_autoptr(GenkitRuntime) runtime = g_list_model_get_item (self->runtimes, i);
      g_autofree char *id = genkit_runtime_dup_id (runtime);

      if (g_strcmp0 (id, runtime_id) == 0)
        return runtime;
    }
  return NULL;
}

/* What the Runtime column shows: the runtime's name when the window knows it, its id
 * otherwise, a dash when the trace came without one. */
static char *
studio_traces_pane_dup_runtime_label (StudioTracesPane   *self,
                                      GenkitTraceSummary *summary)
{
  const char *runtime_id = genkit_trace_summary_get_runtime_id (summary);
  GenkitRuntime *runtime;

  if (runtime_id == NULL)
    return g_strdup ("—");
  if (self != NULL && (runtime = studio_traces_pane_find_runtime (self, runtime_id)) != NULL)
    {
      g_autofree char *name = genkit_runtime_dup_name (runtime);

      if (name != NULL && name[0] != '\0')
        return g_steal_pointer (&name);
    }
  return g_strdup (runtime_id);
}

/* Rebuilds the runtime filter's entries from the window's runtimes, keeping the chosen one
 * while it is there. */
static void
studio_traces_pane_update_runtimes (StudioTracesPane *self)
{
  g_autoptr(GtkStringList) entries = gtk_string_list_new (NULL);
  guint selected = gtk_drop_down_get_selected (self->runtime_dropdown);
  g_autofree char *selected_id = NULL;
  guint new_selected = selected == 1 ? 1 : 0;

  if (selected >= 2 && selected - 2 < self->runtime_ids->len)
    selected_id = g_strdup (g_ptr_array_index (self->runtime_ids, selected - 2));
  g_ptr_array_set_size (self->runtime_ids, 0);
  gtk_string_list_append (entries, _("Any Runtime"));
  gtk_string_list_append (entries, _("Unknown Runtime"));
  for (guint i = 0; self->runtimes != NULL && i < g_list_model_get_n_items (self->runtimes); i++)
    {
      g_autoptr(GenkitRuntime) runtime = g_list_model_get_item (self->runtimes, i);
      g_autofree char *id = genkit_runtime_dup_id (runtime);
      g_autofree char *name = genkit_runtime_dup_name (runtime);

      if (id == NULL)
        continue;
      if (g_strcmp0 (id, selected_id) == 0)
        new_selected = self->runtime_ids->len + 2;
      gtk_string_list_append (entries, name != NULL && name[0] != '\0' ? name : id);
      g_ptr_array_add (self->runtime_ids, g_steal_pointer (&id));
    }
  g_signal_handlers_block_by_func (self->runtime_dropdown, studio_traces_pane_filter_changed_cb, self);
  gtk_drop_down_set_model (self->runtime_dropdown, G_LIST_MODEL (entries));
  gtk_drop_down_set_selected (self->runtime_dropdown, new_selected);
  g_signal_handlers_unblock_by_func (self->runtime_dropdown, studio_traces_pane_filter_changed_cb, self);
  /* The chosen runtime may be gone. (A runtime is added before it is told where to send its
   * traces, so its rows are bound after it is known and show its name.) */
  studio_traces_pane_filter_changed_cb (self);
}

static void
studio_traces_pane_root (GtkWidget *widget)
{
  StudioTracesPane *self = STUDIO_TRACES_PANE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (studio_traces_pane_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (STUDIO_IS_WINDOW (root))
    {
      self->runtimes = g_object_ref (studio_window_get_runtimes (STUDIO_WINDOW (root)));
      g_signal_connect_object (self->runtimes, "items-changed",
                               G_CALLBACK (studio_traces_pane_update_runtimes), self, G_CONNECT_SWAPPED);
      studio_traces_pane_update_runtimes (self);
    }
}

static void
studio_traces_pane_unroot (GtkWidget *widget)
{
  StudioTracesPane *self = STUDIO_TRACES_PANE (widget);

  if (self->runtimes != NULL)
    g_signal_handlers_disconnect_by_data (self->runtimes, self);
  g_clear_object (&self->runtimes);

  GTK_WIDGET_CLASS (studio_traces_pane_parent_class)->unroot (widget);
}

/* ---- searching ---- */

static void
studio_traces_pane_set_source (StudioTracesPane *self,
                               GListModel       *source,
                               gboolean          searching)
{
  gtk_filter_list_model_set_model (self->filtered, source);
  if (self->searching != searching)
    {
      self->searching = searching;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
    }
  studio_traces_pane_update_count (self);
}

/* The traces of a page of the store's listing, as summaries: the store's own items where its
 * list model holds them, so that rows already showing them are kept when the page replaces
 * the rows shown (a list view destroys and builds again the rows of items it no longer
 * has), and that they show their whole trace and follow its updates. A page following
 * others (@appending) may repeat a trace they hold, pushed down by new traces: that one gets
 * an object of its own, as a list view wants no item twice. */
static GPtrArray *
summaries_of_page (StudioTracesPane *self,
                   JsonNode         *page,
                   gboolean          appending)
{
  GenkitTraceStore *store = studio_pane_get_trace_store (STUDIO_PANE (self));
  GPtrArray *summaries = g_ptr_array_new_with_free_func (g_object_unref);
  JsonNode *traces = json_object_get_member (json_node_get_object (page), "traces");

  for (guint i = 0; traces && JSON_NODE_HOLDS_ARRAY (traces) && i < json_array_get_length (json_node_get_array (traces)); i++)
    {
      JsonNode *trace = json_array_get_element (json_node_get_array (traces), i);
      const char *trace_id = JSON_NODE_HOLDS_OBJECT (trace)
                             ? json_object_get_string_member_with_default (json_node_get_object (trace), "traceId", NULL)
                             : NULL;
      GenkitTraceSummary *summary = store != NULL && trace_id != NULL
                                    ? genkit_trace_store_lookup_summary (store, trace_id) : NULL;
      guint position;

      if (summary != NULL && !(appending && g_list_store_find (self->results, summary, &position)))
        g_ptr_array_add (summaries, g_object_ref (summary));
      else if ((summary = genkit_trace_summary_new_for_trace_data (trace)) != NULL)
        g_ptr_array_add (summaries, summary);
    }
  return summaries;
}

static void studio_traces_pane_searched_cb (GObject      *object,
                                            GAsyncResult *result,
                                            gpointer      user_data);

static void
studio_traces_pane_search_page (StudioTracesPane *self,
                                guint             offset,
                                guint             limit)
{
  self->search_offset = offset;
  self->search_cancellable = g_cancellable_new ();
  /* The callback runs only while the pane lives: dispose cancels the search. */
  genkit_trace_store_list_traces_async (studio_pane_get_trace_store (STUDIO_PANE (self)), NULL,
                                        self->search_text, offset, limit, self->search_cancellable,
                                        studio_traces_pane_searched_cb, self);
}

static void
studio_traces_pane_searched_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = genkit_trace_store_list_traces_finish (GENKIT_TRACE_STORE (object), result, &error);
  g_autoptr(GPtrArray) summaries = NULL;
  StudioTracesPane *self;

  if (page == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = STUDIO_TRACES_PANE (user_data);
  g_clear_object (&self->search_cancellable);
  if (page == NULL)
    {
      g_autofree char *description = studio_error_describe (error);

      studio_widget_add_toast (GTK_WIDGET (self), description);
      return;
    }
  summaries = summaries_of_page (self, page, self->search_offset > 0);
  /* The first page replaces the last search's matches, the next one follows it. */
  if (self->search_offset == 0)
    g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                         summaries->pdata, summaries->len);
  else
    g_list_store_splice (self->results, g_list_model_get_n_items (G_LIST_MODEL (self->results)), 0,
                         summaries->pdata, summaries->len);
  studio_traces_pane_set_source (self, G_LIST_MODEL (self->results), TRUE);

  if (json_object_has_member (json_node_get_object (page), "continuationToken")
      && g_list_model_get_n_items (G_LIST_MODEL (self->results)) < SEARCH_LIMIT)
    studio_traces_pane_search_page (self, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                                    SEARCH_LIMIT - g_list_model_get_n_items (G_LIST_MODEL (self->results)));
}

/* The store fills its list model on its writer thread once opened, which takes a while on
 * a large store: meanwhile its newest traces are shown from a plain listing, which a reader
 * thread answers at once. The store's own rows take over as soon as they are there. */
static void
studio_traces_pane_preloaded_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = genkit_trace_store_list_traces_finish (GENKIT_TRACE_STORE (object), result, &error);
  g_autoptr(GPtrArray) summaries = NULL;
  StudioTracesPane *self;

  if (page == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = STUDIO_TRACES_PANE (user_data);
  g_clear_object (&self->preload_cancellable);
  /* Errors show with the store's own rows; a search or the store's rows came first. */
  if (page == NULL || self->searching || g_list_model_get_n_items (G_LIST_MODEL (object)) > 0)
    return;
  summaries = summaries_of_page (self, page, FALSE);
  if (summaries->len == 0)
    return;
  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       summaries->pdata, summaries->len);
  self->preloaded = TRUE;
  studio_traces_pane_set_source (self, G_LIST_MODEL (self->results), FALSE);
}

static void
studio_traces_pane_store_items_changed_cb (StudioTracesPane *self)
{
  GenkitTraceStore *store = studio_pane_get_trace_store (STUDIO_PANE (self));

  g_cancellable_cancel (self->preload_cancellable);
  g_clear_object (&self->preload_cancellable);
  if (!self->preloaded || self->searching || store == NULL)
    return;
  self->preloaded = FALSE;
  studio_traces_pane_set_source (self, G_LIST_MODEL (store), FALSE);
}

static void
studio_traces_pane_search_changed_cb (StudioTracesPane *self)
{
  GenkitTraceStore *store = studio_pane_get_trace_store (STUDIO_PANE (self));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->preloaded = FALSE;
  if (store == NULL || *stripped == '\0')
    {
      studio_traces_pane_set_source (self, store ? G_LIST_MODEL (store) : NULL, FALSE);
      if (store != NULL && g_list_model_get_n_items (G_LIST_MODEL (store)) == 0 && self->preload_cancellable == NULL)
        {
          self->preload_cancellable = g_cancellable_new ();
          genkit_trace_store_list_traces_async (store, NULL, NULL, 0, SEARCH_FIRST_PAGE, self->preload_cancellable,
                                                studio_traces_pane_preloaded_cb, self);
        }
      return;
    }
  g_free (self->search_text);
  self->search_text = g_steal_pointer (&stripped);
  studio_traces_pane_search_page (self, 0, SEARCH_FIRST_PAGE);
}

/* ---- cells ---- */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);
  Column column = GPOINTER_TO_INT (user_data);

  /* Numbers line up on the right; the runtime, a name, does not. */
  gtk_label_set_xalign (GTK_LABEL (label), column >= COLUMN_DURATION && column <= COLUMN_TOKENS ? 1 : 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (column >= COLUMN_START && column <= COLUMN_TOKENS)
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "column", user_data);
  gtk_list_item_set_child (list_item, label);
}

/* Tokens cells need the pane, for its cache and store. */
static void
cell_setup_tokens_cb (StudioTracesPane *self,
                      GtkListItem      *list_item)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (list_item)), "pane", self);
}

static char *
format_start (double start_ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local ((gint64) (start_ms / 1000));

  return time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
}

static void cell_update (GtkListItem *list_item);

/* Only model spans report usage: the others are skipped without a node. */
static gboolean
span_is_model (JsonNode *span)
{
  JsonNode *attributes;

  if (!JSON_NODE_HOLDS_OBJECT (span))
    return FALSE;
  attributes = json_object_get_member (json_node_get_object (span), "attributes");
  return attributes != NULL && JSON_NODE_HOLDS_OBJECT (attributes)
         && g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (attributes),
                                                                   "genkit:metadata:subtype", NULL), "model") == 0;
}

static void
studio_traces_pane_tokens_read_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  TokensRead *read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = genkit_trace_store_get_trace_elided_finish (GENKIT_TRACE_STORE (object), result, &error);
  g_autofree char *trace_id = read->trace_id;
  StudioTracesPane *self = read->self;
  TraceTokens *tokens;
  JsonNode *spans;
  GtkListItem *cell;

  g_free (read);
  /* Reads are cancelled when the pane goes or its store changes: then the pane is not
   * touched (GTask reports the cancellation even for a read that had finished). */
  if (trace == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if ((tokens = g_hash_table_lookup (self->tokens, trace_id)) == NULL)
    return;
  tokens->pending = FALSE;
  tokens->ready = TRUE;
  tokens->input_tokens = tokens->output_tokens = 0;
  spans = trace ? json_object_get_member (json_node_get_object (trace), "spans") : NULL;
  if (spans != NULL && JSON_NODE_HOLDS_OBJECT (spans))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *span;

      json_object_iter_init (&iter, json_node_get_object (spans));
      while (json_object_iter_next (&iter, &name, &span))
        if (span_is_model (span))
          {
            g_autoptr(StudioSpanNode) node = studio_span_node_new (span);
            gint64 in, out;

            studio_span_node_get_tokens (node, &in, &out);
            tokens->input_tokens += in;
            tokens->output_tokens += out;
          }
    }
  if ((cell = g_hash_table_lookup (self->token_cells, trace_id)) != NULL)
    cell_update (cell);
}

static gboolean
studio_traces_pane_read_tokens_cb (gpointer data)
{
  StudioTracesPane *self = data;
  GenkitTraceStore *store = studio_pane_get_trace_store (STUDIO_PANE (self));

  self->tokens_idle_id = 0;
  for (guint i = 0; store != NULL && i < self->tokens_queue->len; i++)
    {
      TokensRead *read = g_new0 (TokensRead, 1);

      read->self = self;
      read->trace_id = g_strdup (g_ptr_array_index (self->tokens_queue, i));
      /* Long payloads stay in the store: the token counts of a model's output are kept. */
      genkit_trace_store_get_trace_elided_async (store, read->trace_id, STUDIO_SPAN_PAYLOAD_PREVIEW_BYTES,
                                                 self->tokens_cancellable, studio_traces_pane_tokens_read_cb, read);
    }
  g_ptr_array_set_size (self->tokens_queue, 0);
  return G_SOURCE_REMOVE;
}

/* The tokens of a trace as its Tokens cell shows them: "in / out", or %NULL while they are
 * read (a read starts when the cached sum is missing or the trace changed since). */
static char *
studio_traces_pane_dup_tokens (StudioTracesPane   *self,
                               GenkitTraceSummary *summary)
{
  const char *trace_id = genkit_trace_summary_get_trace_id (summary);
  TraceTokens *tokens = g_hash_table_lookup (self->tokens, trace_id);
  GenkitTraceStore *store = studio_pane_get_trace_store (STUDIO_PANE (self));
  g_autofree char *in = NULL;
  g_autofree char *out = NULL;

  if (tokens == NULL)
    {
      tokens = g_new0 (TraceTokens, 1);
      g_hash_table_insert (self->tokens, g_strdup (trace_id), tokens);
    }
  if (!tokens->pending && store != NULL
      && (!tokens->ready || tokens->end_time != genkit_trace_summary_get_end_time (summary)
          || tokens->n_spans != genkit_trace_summary_get_n_spans (summary)))
    {
      tokens->pending = TRUE;
      tokens->end_time = genkit_trace_summary_get_end_time (summary);
      tokens->n_spans = genkit_trace_summary_get_n_spans (summary);
      /* The reads start once the rows are painted, not in the way of the first frame. */
      g_ptr_array_add (self->tokens_queue, g_strdup (trace_id));
      if (self->tokens_idle_id == 0)
        self->tokens_idle_id = g_idle_add_full (G_PRIORITY_LOW, studio_traces_pane_read_tokens_cb, self, NULL);
    }
  if (!tokens->ready)
    return NULL;
  in = g_strdup_printf ("%" G_GINT64_FORMAT, tokens->input_tokens);
  out = g_strdup_printf ("%" G_GINT64_FORMAT, tokens->output_tokens);
  return g_strdup_printf ("%s / %s", in, out);
}

static void
cell_update (GtkListItem *list_item)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (list_item));
  GenkitTraceSummary *summary = gtk_list_item_get_item (list_item);
  Column column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (label), "column"));
  g_autofree char *text = NULL;

  if (summary == NULL)
    return;
  switch (column)
    {
    case COLUMN_NAME:
      text = g_strdup (genkit_trace_summary_get_name (summary));
      break;
    case COLUMN_TYPE:
      text = g_strdup (genkit_trace_summary_get_trace_type (summary));
      break;
    case COLUMN_STATUS:
      if (genkit_trace_summary_is_running (summary))
        text = g_strdup (_("● Running"));
      else if (genkit_trace_summary_get_status (summary) == 2)
        text = g_strdup (_("Error"));
      else
        text = g_strdup (_("Success"));
      gtk_widget_set_css_classes (GTK_WIDGET (label),
                                  genkit_trace_summary_is_running (summary) ? (const char *[]) { "accent", NULL }
                                  : genkit_trace_summary_get_status (summary) == 2 ? (const char *[]) { "error", NULL }
                                  : (const char *[]) { NULL });
      break;
    case COLUMN_START:
      text = format_start (genkit_trace_summary_get_start_time (summary));
      break;
    case COLUMN_DURATION:
      if (!genkit_trace_summary_is_running (summary))
        text = studio_format_duration ((gint64) ((genkit_trace_summary_get_end_time (summary)
                                                  - genkit_trace_summary_get_start_time (summary)) * 1000));
      break;
    case COLUMN_SPANS:
      if (genkit_trace_summary_get_n_spans (summary) > 0)
        text = g_strdup_printf ("%u", genkit_trace_summary_get_n_spans (summary));
      break;
    case COLUMN_TOKENS:
      text = studio_traces_pane_dup_tokens (g_object_get_data (G_OBJECT (label), "pane"), summary);
      break;
    case COLUMN_RUNTIME:
      text = studio_traces_pane_dup_runtime_label (g_object_get_data (G_OBJECT (label), "runtime-pane"), summary);
      break;
    default:
      g_assert_not_reached ();
    }
  gtk_label_set_text (label, text ? text : "");
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              gpointer                  user_data)
{
  StudioTracesPane *self = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "pane");

  /* The store updates summaries in place as spans arrive. */
  g_signal_connect_swapped (gtk_list_item_get_item (list_item), "notify",
                            G_CALLBACK (cell_update), list_item);
  if (self != NULL)
    g_hash_table_insert (self->token_cells,
                         g_strdup (genkit_trace_summary_get_trace_id (gtk_list_item_get_item (list_item))), list_item);
  cell_update (list_item);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  StudioTracesPane *self = g_object_get_data (G_OBJECT (gtk_list_item_get_child (list_item)), "pane");
  const char *trace_id = genkit_trace_summary_get_trace_id (gtk_list_item_get_item (list_item));

  g_signal_handlers_disconnect_by_func (gtk_list_item_get_item (list_item), cell_update, list_item);
  if (self != NULL && g_hash_table_lookup (self->token_cells, trace_id) == list_item)
    g_hash_table_remove (self->token_cells, trace_id);
}

/* Runtime cells look names up in the pane's runtimes. */
static void
cell_setup_runtime_cb (GtkSignalListItemFactory *factory,
                       GtkListItem              *list_item,
                       StudioTracesPane         *self)
{
  g_object_set_data (G_OBJECT (gtk_list_item_get_child (list_item)), "runtime-pane", self);
}

static void
studio_traces_pane_add_column (StudioTracesPane *self,
                               const char       *title,
                               Column            column,
                               int               width)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *view_column;

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (column));
  if (column == COLUMN_TOKENS)
    g_signal_connect_swapped (factory, "setup", G_CALLBACK (cell_setup_tokens_cb), self);
  if (column == COLUMN_RUNTIME)
    g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_runtime_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), NULL);
  view_column = gtk_column_view_column_new (title, factory);
  /* Fixed widths spare measuring every cell of every shown row; the name takes the rest. */
  if (width > 0)
    gtk_column_view_column_set_fixed_width (view_column, width);
  else
    gtk_column_view_column_set_expand (view_column, TRUE);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
  g_object_unref (view_column);
}

/* ---- opening ---- */

/**
 * studio_traces_pane_open_trace:
 * @self: a [class@Studio.TracesPane]
 * @trace_id: a trace of the pane's store, stored or about to be
 *
 * Shows a trace in the pane's trace view, live while it runs.
 */
void
studio_traces_pane_open_trace (StudioTracesPane *self,
                               const char       *trace_id)
{
  GenkitTraceStore *store;

  g_return_if_fail (STUDIO_IS_TRACES_PANE (self));
  g_return_if_fail (trace_id != NULL);

  store = studio_pane_get_trace_store (STUDIO_PANE (self));
  if (store == NULL)
    {
      studio_widget_add_toast (GTK_WIDGET (self), _("The studio keeps no traces: its trace store is not open"));
      return;
    }
  studio_trace_view_load (self->trace_view, store, trace_id);
  gtk_stack_set_visible_child_name (self->stack, "trace");
}

/**
 * studio_traces_pane_show_list:
 * @self: a [class@Studio.TracesPane]
 *
 * Goes back from a trace to the list.
 */
void
studio_traces_pane_show_list (StudioTracesPane *self)
{
  g_return_if_fail (STUDIO_IS_TRACES_PANE (self));

  gtk_stack_set_visible_child_name (self->stack, "list");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
studio_traces_pane_activate_cb (StudioTracesPane *self,
                                guint             position)
{
  g_autoptr(GenkitTraceSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

  if (summary != NULL)
    studio_traces_pane_open_trace (self, genkit_trace_summary_get_trace_id (summary));
}

static void
studio_traces_pane_back_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  studio_traces_pane_show_list (STUDIO_TRACES_PANE (widget));
}

static void
studio_traces_pane_file_opened_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(StudioTracesPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = studio_trace_file_open_finish (result, &error);

  if (trace == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot open the trace: %s"), error->message);

          studio_widget_add_toast (GTK_WIDGET (self), message);
        }
      return;
    }
  studio_trace_view_show_trace (self->trace_view, trace);
  gtk_stack_set_visible_child_name (self->stack, "trace");
}

static void
studio_traces_pane_open_file_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  studio_trace_file_open (widget, studio_traces_pane_file_opened_cb, g_object_ref (widget));
}

/* The trace ids of the selected rows. */
static GPtrArray *
studio_traces_pane_dup_selected_ids (StudioTracesPane *self)
{
  g_autoptr(GtkBitset) selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  GtkBitsetIter iter;
  guint position;

  if (gtk_bitset_iter_init_first (&iter, selected, &position))
    do
      {
        g_autoptr(GenkitTraceSummary) summary = g_list_model_get_item (G_LIST_MODEL (self->filtered), position);

        if (summary != NULL)
          g_ptr_array_add (ids, g_strdup (genkit_trace_summary_get_trace_id (summary)));
      }
    while (gtk_bitset_iter_next (&iter, &position));
  return ids;
}

static void
studio_traces_pane_export_read_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data)
{
  g_autoptr(StudioTracesPane) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) trace = genkit_trace_store_get_trace_finish (GENKIT_TRACE_STORE (object), result, &error);

  if (trace == NULL)
    {
      g_autofree char *description = studio_error_describe (error);

      studio_widget_add_toast (GTK_WIDGET (self), description);
      return;
    }
  studio_trace_file_export (GTK_WIDGET (self), trace);
}

static void
studio_traces_pane_export_selected_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  StudioTracesPane *self = STUDIO_TRACES_PANE (widget);
  g_autoptr(GPtrArray) ids = studio_traces_pane_dup_selected_ids (self);
  GenkitTraceStore *store = studio_pane_get_trace_store (STUDIO_PANE (self));

  if (ids->len == 0 || store == NULL)
    {
      studio_widget_add_toast (widget, _("Select a trace to export"));
      return;
    }
  genkit_trace_store_get_trace_async (store, g_ptr_array_index (ids, 0), NULL,
                                      studio_traces_pane_export_read_cb, g_object_ref (self));
}

/* ---- deleting ---- */

/* One Delete or clean-up: deletions go out in batches (a clean-up lists the next batch of
 * old traces once a batch is done) and one toast tells how it went. */
typedef struct
{
  StudioTracesPane *self;
  guint             pending;     /* deletions of the batch */
  guint             done;        /* of them, finished */
  guint             batch_deleted;
  guint             total;       /* traces deleted in all */
  double            cutoff_ms;   /* a clean-up: traces that started before; 0 for Delete */
  char             *error;
} Deletion;

static void
deletion_free (Deletion *deletion)
{
  g_object_unref (deletion->self);
  g_free (deletion->error);
  g_free (deletion);
}

static void studio_traces_pane_clear_page (Deletion *deletion);

static void
studio_traces_pane_batch_done (Deletion *deletion)
{
  StudioTracesPane *self = deletion->self;
  g_autofree char *message = NULL;

  /* A clean-up goes on while batches delete something. */
  if (deletion->error == NULL && deletion->cutoff_ms > 0 && deletion->batch_deleted > 0)
    {
      studio_traces_pane_clear_page (deletion);
      return;
    }
  if (deletion->error != NULL)
    message = g_strdup_printf (_("Cannot delete traces: %s"), deletion->error);
  else
    message = g_strdup_printf (ngettext ("Deleted %u trace", "Deleted %u traces", deletion->total),
                               deletion->total);
  studio_widget_add_toast (GTK_WIDGET (self), message);
  /* Search results are a snapshot: search again. */
  if (self->searching)
    studio_traces_pane_search_changed_cb (self);
  deletion_free (deletion);
}

static void
studio_traces_pane_deleted_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  Deletion *deletion = user_data;
  g_autoptr(GError) error = NULL;

  if (genkit_trace_store_delete_trace_finish (GENKIT_TRACE_STORE (object), result, &error))
    {
      deletion->batch_deleted++;
      deletion->total++;
    }
  else if (!g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND) && deletion->error == NULL)
    deletion->error = studio_error_describe (error);
  if (++deletion->done == deletion->pending)
    studio_traces_pane_batch_done (deletion);
}

static void
studio_traces_pane_delete_ids (Deletion  *deletion,
                               GPtrArray *ids)
{
  GenkitTraceStore *store = studio_pane_get_trace_store (STUDIO_PANE (deletion->self));

  deletion->pending = ids->len;
  deletion->done = deletion->batch_deleted = 0;
  for (guint i = 0; i < ids->len; i++)
    genkit_trace_store_delete_trace_async (store, g_ptr_array_index (ids, i), NULL,
                                           studio_traces_pane_deleted_cb, deletion);
}

static Deletion *
deletion_new (StudioTracesPane *self)
{
  Deletion *deletion = g_new0 (Deletion, 1);

  deletion->self = g_object_ref (self);
  return deletion;
}

static void
studio_traces_pane_delete_selected_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  StudioTracesPane *self = STUDIO_TRACES_PANE (widget);
  g_autoptr(GPtrArray) ids = studio_traces_pane_dup_selected_ids (self);

  if (ids->len == 0 || studio_pane_get_trace_store (STUDIO_PANE (self)) == NULL)
    return;
  studio_traces_pane_delete_ids (deletion_new (self), ids);
}

static void
studio_traces_pane_old_listed_cb (GObject      *object,
                                  GAsyncResult *result,
                                  gpointer      user_data)
{
  Deletion *deletion = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = genkit_trace_store_list_traces_finish (GENKIT_TRACE_STORE (object), result, &error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  JsonNode *traces;

  if (page == NULL)
    {
      deletion->error = studio_error_describe (error);
      studio_traces_pane_batch_done (deletion);
      return;
    }
  traces = json_object_get_member (json_node_get_object (page), "traces");
  for (guint i = 0; traces && JSON_NODE_HOLDS_ARRAY (traces) && i < json_array_get_length (json_node_get_array (traces)); i++)
    {
      JsonNode *trace = json_array_get_element (json_node_get_array (traces), i);

      if (JSON_NODE_HOLDS_OBJECT (trace))
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member_with_default (json_node_get_object (trace), "traceId", "")));
    }
  if (ids->len == 0)
    {
      deletion->cutoff_ms = 0;
      studio_traces_pane_batch_done (deletion);
      return;
    }
  studio_traces_pane_delete_ids (deletion, ids);
}

/* Lists the next batch of traces that started before the cut-off (Genkit's
 * `TraceQueryFilter`: `{"lt": {"start": ms}}`). */
static void
studio_traces_pane_clear_page (Deletion *deletion)
{
  GenkitTraceStore *store = studio_pane_get_trace_store (STUDIO_PANE (deletion->self));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) filter = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "lt");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "start");
  json_builder_add_double_value (builder, deletion->cutoff_ms);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  filter = json_builder_get_root (builder);
  genkit_trace_store_list_traces_async (store, filter, NULL, 0, CLEAR_PAGE, NULL,
                                        studio_traces_pane_old_listed_cb, deletion);
}

static void
studio_traces_pane_clear_older_than_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  StudioTracesPane *self = STUDIO_TRACES_PANE (widget);
  Deletion *deletion;

  if (studio_pane_get_trace_store (STUDIO_PANE (self)) == NULL)
    return;
  deletion = deletion_new (self);
  deletion->cutoff_ms = g_get_real_time () / 1000.0 - g_variant_get_uint32 (parameter) * 1000.0;
  studio_traces_pane_clear_page (deletion);
}

/* ---- StudioPane ---- */

/* A running trace that ends leaves the In Progress rows. */
static void
studio_traces_pane_span_ended_cb (StudioTracesPane *self)
{
  if (gtk_toggle_button_get_active (self->running_toggle))
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_MORE_STRICT);
}

/* Traces sent under a provisional runtime id now name their runtime: the store's summaries
 * changed in place (their cells follow), the runtime filter must look again, and search
 * results, copies, are fetched again. */
static void
studio_traces_pane_runtime_renamed_cb (StudioTracesPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped != '\0' || self->preloaded)
    studio_traces_pane_search_changed_cb (self);
  else if (gtk_drop_down_get_selected (self->runtime_dropdown) > 0)
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
studio_traces_pane_trace_store_changed (StudioPane       *pane,
                                        GenkitTraceStore *store)
{
  StudioTracesPane *self = STUDIO_TRACES_PANE (pane);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  /* Token sums belong to the old store. */
  g_cancellable_cancel (self->tokens_cancellable);
  g_clear_object (&self->tokens_cancellable);
  self->tokens_cancellable = g_cancellable_new ();
  self->tokens_queue = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_remove_all (self->tokens);
  g_ptr_array_set_size (self->tokens_queue, 0);
  g_cancellable_cancel (self->preload_cancellable);
  g_clear_object (&self->preload_cancellable);
  if (store != NULL)
    {
      g_signal_connect_swapped (store, "span-ended", G_CALLBACK (studio_traces_pane_span_ended_cb), self);
      g_signal_connect_swapped (store, "items-changed", G_CALLBACK (studio_traces_pane_store_items_changed_cb), self);
      g_signal_connect_swapped (store, "runtime-renamed", G_CALLBACK (studio_traces_pane_runtime_renamed_cb), self);
    }

  g_list_store_remove_all (self->results);
  studio_traces_pane_search_changed_cb (self);
}

/**
 * studio_traces_pane_get_trace_view:
 * @self: a [class@Studio.TracesPane]
 *
 * Returns: (transfer none): the view that shows one trace
 */
StudioTraceView *
studio_traces_pane_get_trace_view (StudioTracesPane *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACES_PANE (self), NULL);
  return self->trace_view;
}

/**
 * studio_traces_pane_get_traces:
 * @self: a [class@Studio.TracesPane]
 *
 * Returns: (transfer none): the rows as shown: [class@Genkit.TraceSummary]s of the store or
 *   of the last search, filtered
 */
GListModel *
studio_traces_pane_get_traces (StudioTracesPane *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACES_PANE (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

/**
 * studio_traces_pane_get_searching:
 * @self: a [class@Studio.TracesPane]
 *
 * Returns: whether the rows are a search's matches
 */
gboolean
studio_traces_pane_get_searching (StudioTracesPane *self)
{
  g_return_val_if_fail (STUDIO_IS_TRACES_PANE (self), FALSE);
  return self->searching;
}

/* ---- GObject ---- */

static void
studio_traces_pane_dispose (GObject *object)
{
  StudioTracesPane *self = STUDIO_TRACES_PANE (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_cancellable_cancel (self->preload_cancellable);
  g_clear_object (&self->preload_cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_cancellable_cancel (self->tokens_cancellable);
  g_clear_handle_id (&self->tokens_idle_id, g_source_remove);
  if (self->column_view != NULL)
    gtk_column_view_set_model (self->column_view, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_TRACES_PANE);
  g_clear_object (&self->selection);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->results);
  g_clear_pointer (&self->search_text, g_free);
  g_clear_object (&self->tokens_cancellable);
  g_clear_pointer (&self->tokens, g_hash_table_unref);
  g_clear_pointer (&self->token_cells, g_hash_table_unref);
  g_clear_pointer (&self->tokens_queue, g_ptr_array_unref);
  g_clear_pointer (&self->runtime_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (studio_traces_pane_parent_class)->dispose (object);
}

static void
studio_traces_pane_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  StudioTracesPane *self = STUDIO_TRACES_PANE (object);

  switch (prop_id)
    {
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_traces_pane_class_init (StudioTracesPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  StudioPaneClass *pane_class = STUDIO_PANE_CLASS (klass);

  object_class->dispose = studio_traces_pane_dispose;
  object_class->get_property = studio_traces_pane_get_property;
  widget_class->root = studio_traces_pane_root;
  widget_class->unroot = studio_traces_pane_unroot;
  pane_class->trace_store_changed = studio_traces_pane_trace_store_changed;

  /**
   * StudioTracesPane:searching:
   *
   * Whether the rows are a search's matches rather than the live store.
   */
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/traces/studio-traces-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, stack);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, runtime_dropdown);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, running_toggle);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, list_stack);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, column_view);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, empty_page);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, count_label);
  gtk_widget_class_bind_template_child (widget_class, StudioTracesPane, trace_view);

  gtk_widget_class_install_action (widget_class, "traces.back", NULL, studio_traces_pane_back_action);
  gtk_widget_class_install_action (widget_class, "traces.open-file", NULL, studio_traces_pane_open_file_action);
  gtk_widget_class_install_action (widget_class, "traces.export-selected", NULL, studio_traces_pane_export_selected_action);
  gtk_widget_class_install_action (widget_class, "traces.delete-selected", NULL, studio_traces_pane_delete_selected_action);
  gtk_widget_class_install_action (widget_class, "traces.clear-older-than", "u", studio_traces_pane_clear_older_than_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "traces.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "traces.delete-selected", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

  g_type_ensure (STUDIO_TYPE_TRACE_VIEW);
}

static void
studio_traces_pane_init (StudioTracesPane *self)
{
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (types, _("Any Type"));
  for (guint i = 1; i < G_N_ELEMENTS (trace_types); i++)
    gtk_string_list_append (types, trace_types[i]);
  gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (types));

  self->results = g_list_store_new (GENKIT_TYPE_TRACE_SUMMARY);
  self->runtime_ids = g_ptr_array_new_with_free_func (g_free);
  self->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->token_cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tokens_cancellable = g_cancellable_new ();
  self->filter = gtk_custom_filter_new (studio_traces_pane_match, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, NULL);
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  g_signal_connect_swapped (self->filtered, "items-changed",
                            G_CALLBACK (studio_traces_pane_update_count), self);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  studio_traces_pane_add_column (self, _("Root Action"), COLUMN_NAME, 0);
  studio_traces_pane_add_column (self, _("Type"), COLUMN_TYPE, 90);
  studio_traces_pane_add_column (self, _("Status"), COLUMN_STATUS, 100);
  studio_traces_pane_add_column (self, _("Start"), COLUMN_START, 170);
  studio_traces_pane_add_column (self, _("Duration"), COLUMN_DURATION, 90);
  studio_traces_pane_add_column (self, _("Spans"), COLUMN_SPANS, 70);
  studio_traces_pane_add_column (self, _("Tokens In / Out"), COLUMN_TOKENS, 130);
  studio_traces_pane_add_column (self, _("Runtime"), COLUMN_RUNTIME, 140);

  g_signal_connect_swapped (self->column_view, "activate", G_CALLBACK (studio_traces_pane_activate_cb), self);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (studio_traces_pane_search_changed_cb), self);
  g_signal_connect_swapped (self->status_dropdown, "notify::selected",
                            G_CALLBACK (studio_traces_pane_filter_changed_cb), self);
  g_signal_connect_swapped (self->type_dropdown, "notify::selected",
                            G_CALLBACK (studio_traces_pane_filter_changed_cb), self);
  g_signal_connect_swapped (self->runtime_dropdown, "notify::selected",
                            G_CALLBACK (studio_traces_pane_filter_changed_cb), self);
  g_signal_connect_swapped (self->running_toggle, "toggled",
                            G_CALLBACK (studio_traces_pane_filter_changed_cb), self);
  studio_traces_pane_update_runtimes (self);
  studio_traces_pane_update_count (self);
}
