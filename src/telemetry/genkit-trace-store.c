/* genkit-trace-store.c — Genkit traces in SQLite: ingest, list, search, live updates
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-telemetry-json-private.h"
#include "genkit-trace-store.h"
#include "genkit-trace-store-private.h"

/* How often a retention policy, once set, is applied again. */
#define RETENTION_INTERVAL_SECONDS 60

#define DEFAULT_MODEL_LIMIT 10000

/**
 * GenkitTraceStore:
 *
 * Every Genkit trace the studio has seen, in one SQLite database: what runtimes send to the
 * [class@Genkit.TelemetryServer], what the built-in runtime's [class@Genkit.StoreSpanProcessor]
 * records, and what `genkit-studio-cli traces` reads. It plays the part of Genkit's
 * `LocalFileTraceStore` (`genkit-tools/telemetry-server/src/file-trace-store.ts`) and keeps
 * its semantics where a client can see them:
 *
 * - a payload's spans are merged into the stored trace; a span that arrives with `endTime` 0
 *   never replaces one that has ended (realtime exports arrive out of order);
 * - the trace's `displayName`, `startTime` and `endTime` change only when a payload has them;
 * - spans whose `genkit:metadata:subtype` is `prompt` are not stored, nor a lone
 *   `dev-run-action-wrapper` span;
 * - a trace is listed once a payload brought its root span; listings are newest first by the
 *   root's start time and show the root span only, string attributes cut to 1000 characters
 *   plus `...`; filters are Genkit's `TraceQueryFilter` over `id`, `type`, `name`, `start`,
 *   `end`, `status` and `genkitx:*`.
 *
 * Beyond Genkit's store: traces can be deleted, a retention policy
 * ([property@Genkit.TraceStore:max-age], [property@Genkit.TraceStore:max-traces]) keeps the
 * database bounded, span names and `genkit:input`/`genkit:output` text are in a full-text
 * index ([method@Genkit.TraceStore.list_traces_async] with a search text), nothing is
 * forgotten: every trace stays listed, not only the last thousand, and a viewer reads a trace
 * with its large payloads left out ([method@Genkit.TraceStore.get_trace_elided_async]), then
 * one of them whole when asked ([method@Genkit.TraceStore.get_span_attribute_async]).
 *
 * Each trace also records the runtime that sent it, when known
 * ([method@Genkit.TraceStore.add_for_runtime], the telemetry server's `/runtimes/:runtimeId`
 * routes), and a runtime first known by a provisional id can be given its real one later
 * ([method@Genkit.TraceStore.rename_runtime_async]).
 *
 * The store is a [iface@Gio.ListModel] of [class@Genkit.TraceSummary], newest first, which
 * follows the database as spans arrive (at most [property@Genkit.TraceStore:model-limit]
 * items); [signal@Genkit.TraceStore::span-started], [signal@Genkit.TraceStore::span-ended]
 * and [signal@Genkit.TraceStore::trace-added] announce what was just stored.
 *
 * Writes go to one writer thread through a queue and are committed in batches, one
 * transaction per batch, in SQLite's write-ahead-log mode: a write whose call completed
 * survives the process being killed. Reads run on a small pool of threads with read-only
 * connections and never wait for the writer. Results, signals and list changes are delivered
 * on the thread-default main context of the thread that created the store; use the store
 * from that thread.
 *
 * ```c
 * g_autoptr(GenkitTraceStore) store = genkit_trace_store_new (NULL, &error);
 *
 * genkit_trace_store_list_traces_async (store, NULL, "Ada", 0, 10, NULL, on_listed_cb, NULL);
 * ```
 */
struct _GenkitTraceStore
{
  GObject          parent_instance;

  /* Owned */
  char            *path;
  GenkitTraceDb   *db;
  GPtrArray       *items;          /* GenkitTraceSummary, newest first */
  GHashTable      *by_id;          /* trace id → GenkitTraceSummary (borrowed from items) */
  GArray          *watches;        /* EventWatch */
  GHashTable      *renames;        /* runtime id → the runtime id its traces are recorded as */

  gint64           max_age;        /* seconds, 0 = no limit */
  guint            max_traces;     /* 0 = no limit */
  guint            model_limit;
  guint            retention_id;
  guint            next_watch_id;
  gboolean         durable;
};

typedef struct
{
  guint                id;
  GenkitSpanEventFunc  func;
  gpointer             user_data;
} EventWatch;

static void genkit_trace_store_list_model_init  (GListModelInterface    *iface);
static void genkit_trace_store_initable_init    (GInitableIface         *iface);
static void genkit_trace_store_async_initable_init (GAsyncInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitTraceStore, genkit_trace_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      genkit_trace_store_list_model_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      genkit_trace_store_initable_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_ASYNC_INITABLE,
                                                      genkit_trace_store_async_initable_init))

enum {
  PROP_0,
  PROP_PATH,
  PROP_DURABLE,
  PROP_MAX_AGE,
  PROP_MAX_TRACES,
  PROP_MODEL_LIMIT,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  SPAN_STARTED,
  SPAN_ENDED,
  TRACE_ADDED,
  RUNTIME_RENAMED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GType
genkit_trace_store_get_item_type (GListModel *model)
{
  return GENKIT_TYPE_TRACE_SUMMARY;
}

static guint
genkit_trace_store_get_n_items (GListModel *model)
{
  return GENKIT_TRACE_STORE (model)->items->len;
}

static gpointer
genkit_trace_store_get_item (GListModel *model,
                             guint       position)
{
  GenkitTraceStore *self = GENKIT_TRACE_STORE (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
genkit_trace_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = genkit_trace_store_get_item_type;
  iface->get_n_items = genkit_trace_store_get_n_items;
  iface->get_item = genkit_trace_store_get_item;
}

static void
items_changed (GenkitTraceStore *self,
               guint             position,
               guint             removed,
               guint             added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
queue_retention (GenkitTraceStore *self)
{
  WriteOp *op;

  if (self->db == NULL || (self->max_age <= 0 && self->max_traces == 0))
    return;
  op = _write_op_new (WRITE_RETENTION, NULL);
  op->max_age_ms = self->max_age * 1000;
  op->max_traces = self->max_traces;
  _genkit_trace_db_push_write (self->db, op);
}

static gboolean
retention_timeout_cb (gpointer data)
{
  queue_retention (GENKIT_TRACE_STORE (data));
  return G_SOURCE_CONTINUE;
}

static void
update_retention_timer (GenkitTraceStore *self)
{
  gboolean wanted = self->db != NULL && (self->max_age > 0 || self->max_traces > 0);

  if (wanted && self->retention_id == 0)
    self->retention_id = g_timeout_add_seconds (RETENTION_INTERVAL_SECONDS,
                                                retention_timeout_cb, self);
  else if (!wanted)
    g_clear_handle_id (&self->retention_id, g_source_remove);
}

static void
start_db (GenkitTraceStore *self,
          GenkitTraceDb    *db)
{
  WriteOp *op;

  self->db = db;
  _genkit_trace_db_start (db, self);
  queue_retention (self);
  op = _write_op_new (WRITE_LOAD_MODEL, NULL);
  op->model_limit = self->model_limit;
  _genkit_trace_db_push_write (db, op);
  update_retention_timer (self);
}

static gboolean
genkit_trace_store_initable_init_impl (GInitable     *initable,
                                       GCancellable  *cancellable,
                                       GError       **error)
{
  GenkitTraceStore *self = GENKIT_TRACE_STORE (initable);
  GenkitTraceDb *db;

  if (self->db != NULL)
    return TRUE;
  if (!(db = _genkit_trace_db_new (self->path, self->durable, error)))
    return FALSE;
  start_db (self, db);
  return TRUE;
}

static void
genkit_trace_store_initable_init (GInitableIface *iface)
{
  iface->init = genkit_trace_store_initable_init_impl;
}

static void
open_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GenkitTraceStore *self = source_object;
  GError *error = NULL;
  GenkitTraceDb *db = _genkit_trace_db_new (self->path, self->durable, &error);

  if (db == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, db, (GDestroyNotify) _genkit_trace_db_unref);
}

static void
opened_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GenkitTraceStore *self = GENKIT_TRACE_STORE (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GenkitTraceDb *db = g_task_propagate_pointer (G_TASK (result), &error);

  if (db == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* The threads start here, on the caller's context, so results are delivered there. */
  start_db (self, db);
  g_task_return_boolean (task, TRUE);
}

static void
genkit_trace_store_init_async (GAsyncInitable      *initable,
                               int                  io_priority,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GenkitTraceStore *self = GENKIT_TRACE_STORE (initable);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) open_task = NULL;

  g_task_set_source_tag (task, genkit_trace_store_init_async);
  if (self->db != NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  open_task = g_task_new (self, cancellable, opened_cb, g_steal_pointer (&task));
  g_task_set_priority (open_task, io_priority);
  g_task_run_in_thread (open_task, open_in_thread);
}

static gboolean
genkit_trace_store_init_finish (GAsyncInitable  *initable,
                                GAsyncResult    *result,
                                GError         **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
genkit_trace_store_async_initable_init (GAsyncInitableIface *iface)
{
  iface->init_async = genkit_trace_store_init_async;
  iface->init_finish = genkit_trace_store_init_finish;
}

static void
genkit_trace_store_dispose (GObject *object)
{
  GenkitTraceStore *self = GENKIT_TRACE_STORE (object);

  g_clear_handle_id (&self->retention_id, g_source_remove);
  if (self->db != NULL)
    {
      /* Everything queued is written before the writer stops. */
      _genkit_trace_db_close (self->db);
      g_clear_pointer (&self->db, _genkit_trace_db_unref);
    }
  g_hash_table_remove_all (self->by_id);
  if (self->items->len > 0)
    g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (genkit_trace_store_parent_class)->dispose (object);
}

static void
genkit_trace_store_finalize (GObject *object)
{
  GenkitTraceStore *self = GENKIT_TRACE_STORE (object);

  g_free (self->path);
  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->by_id);
  g_array_unref (self->watches);
  g_hash_table_unref (self->renames);

  G_OBJECT_CLASS (genkit_trace_store_parent_class)->finalize (object);
}

static void
genkit_trace_store_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GenkitTraceStore *self = GENKIT_TRACE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_DURABLE:
      g_value_set_boolean (value, self->durable);
      break;
    case PROP_MAX_AGE:
      g_value_set_int64 (value, self->max_age);
      break;
    case PROP_MAX_TRACES:
      g_value_set_uint (value, self->max_traces);
      break;
    case PROP_MODEL_LIMIT:
      g_value_set_uint (value, self->model_limit);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_trace_store_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GenkitTraceStore *self = GENKIT_TRACE_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      if (self->path == NULL)
        self->path = genkit_trace_store_get_default_path ();
      break;
    case PROP_DURABLE:
      self->durable = g_value_get_boolean (value);
      break;
    case PROP_MAX_AGE:
      genkit_trace_store_set_max_age (self, g_value_get_int64 (value));
      break;
    case PROP_MAX_TRACES:
      genkit_trace_store_set_max_traces (self, g_value_get_uint (value));
      break;
    case PROP_MODEL_LIMIT:
      genkit_trace_store_set_model_limit (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_trace_store_class_init (GenkitTraceStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_trace_store_dispose;
  object_class->finalize = genkit_trace_store_finalize;
  object_class->get_property = genkit_trace_store_get_property;
  object_class->set_property = genkit_trace_store_set_property;

  /**
   * GenkitTraceStore:path:
   *
   * The database file; %NULL at construction means
   * [func@Genkit.TraceStore.get_default_path]. Its folder is created if missing. SQLite keeps
   * `-wal` and `-shm` files beside it while the store is open.
   */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceStore:durable:
   *
   * Whether every commit is synced to disk (SQLite `synchronous=FULL`). By default a
   * committed write survives the process being killed but may be lost in a power cut, which
   * costs far less.
   */
  properties[PROP_DURABLE] =
    g_param_spec_boolean ("durable", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceStore:max-age:
   *
   * Retention by age, in seconds: traces whose first span reached the store longer ago are
   * deleted (with their spans and logs), when the property is set and every minute after.
   * The age counts from when the store first saw the trace, not from the spans' own
   * timestamps, so traces replayed from old exports are not dropped on arrival. 0 keeps
   * traces forever.
   */
  properties[PROP_MAX_AGE] =
    g_param_spec_int64 ("max-age", NULL, NULL, 0, G_MAXINT64 / 1000, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceStore:max-traces:
   *
   * Retention by count: only this many traces, the ones the store saw first most recently,
   * are kept; applied like [property@Genkit.TraceStore:max-age]. 0 means no limit.
   */
  properties[PROP_MAX_TRACES] =
    g_param_spec_uint ("max-traces", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceStore:model-limit:
   *
   * How many of the newest listed traces the store's [iface@Gio.ListModel] holds; older ones
   * stay in the database and are reached with [method@Genkit.TraceStore.list_traces_async].
   */
  properties[PROP_MODEL_LIMIT] =
    g_param_spec_uint ("model-limit", NULL, NULL, 1, G_MAXUINT, DEFAULT_MODEL_LIMIT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);

  /**
   * GenkitTraceStore:n-items:
   *
   * The number of traces in the list model.
   */
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GenkitTraceStore::span-started:
   * @self: the store
   * @trace_id: the span's trace id
   * @span: the span as stored: Genkit `SpanData`, `endTime` 0 while it runs
   *
   * Emitted after a commit for every span of a stored payload, like the `span_start` events of
   * Genkit's telemetry server (`spanBroadcastEvents()`): also for a span that arrives already
   * ended (then followed by [signal@Genkit.TraceStore::span-ended]), but not for a start that
   * arrived after the span's end. Events of one payload come in time order.
   */
  signals[SPAN_STARTED] =
    g_signal_new ("span-started",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_NODE);

  /**
   * GenkitTraceStore::span-ended:
   * @self: the store
   * @trace_id: the span's trace id
   * @span: the ended span as stored (Genkit `SpanData`)
   *
   * Emitted after a commit for every stored span whose `endTime` is set (Genkit's `span_end`
   * event).
   */
  signals[SPAN_ENDED] =
    g_signal_new ("span-ended",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_NODE);

  /**
   * GenkitTraceStore::trace-added:
   * @self: the store
   * @summary: the new trace
   *
   * Emitted when a trace becomes listed: the first time one of its payloads brought a root
   * span. The list model already holds @summary (unless it is older than the model's
   * newest [property@Genkit.TraceStore:model-limit] traces).
   */
  signals[TRACE_ADDED] =
    g_signal_new ("trace-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GENKIT_TYPE_TRACE_SUMMARY);

  /**
   * GenkitTraceStore::runtime-renamed:
   * @self: the store
   * @runtime_id: the provisional runtime id
   * @new_runtime_id: the runtime id its traces are now recorded as
   *
   * Emitted once [method@Genkit.TraceStore.rename_runtime_async] has committed, after the
   * summaries in the list model have their new [property@Genkit.TraceSummary:runtime-id]
   * (each notified), so that views filtering by runtime can filter again.
   */
  signals[RUNTIME_RENAMED] =
    g_signal_new ("runtime-renamed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
}

static void
genkit_trace_store_init (GenkitTraceStore *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->watches = g_array_new (FALSE, FALSE, sizeof (EventWatch));
  self->renames = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->model_limit = DEFAULT_MODEL_LIMIT;
  self->next_watch_id = 1;
}

/**
 * genkit_trace_store_get_default_path:
 *
 * Gets where the studio keeps its traces: `$XDG_DATA_HOME/genkit-studio/traces.db`.
 *
 * Returns: (transfer full) (type filename): the default database path
 */
char *
genkit_trace_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "genkit-studio", "traces.db", NULL);
}

/**
 * genkit_trace_store_new:
 * @path: (nullable) (type filename): the database file, %NULL for the default
 * @error: return location for an error
 *
 * Opens (creating if needed) a trace store, on the calling thread: the file is opened, its
 * schema checked, the writer thread started. Results and signals of the store are delivered
 * on the caller's thread-default main context. See [func@Genkit.TraceStore.new_async] to open
 * without blocking.
 *
 * Errors: %GENKIT_ERROR_UNAVAILABLE when the file cannot be opened or created,
 * %GENKIT_ERROR_FAILED_PRECONDITION when it was written by a newer version.
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
GenkitTraceStore *
genkit_trace_store_new (const char  *path,
                        GError     **error)
{
  return g_initable_new (GENKIT_TYPE_TRACE_STORE, NULL, error, "path", path, NULL);
}

/**
 * genkit_trace_store_new_async:
 * @path: (nullable) (type filename): the database file, %NULL for the default
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the store is open
 * @user_data: data for @callback
 *
 * Opens a trace store, doing the file work on a worker thread.
 */
void
genkit_trace_store_new_async (const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_async_initable_new_async (GENKIT_TYPE_TRACE_STORE, G_PRIORITY_DEFAULT, cancellable,
                              callback, user_data, "path", path, NULL);
}

/**
 * genkit_trace_store_new_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [func@Genkit.TraceStore.new_async].
 *
 * Returns: (transfer full) (nullable): the store, or %NULL with @error set
 */
GenkitTraceStore *
genkit_trace_store_new_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_autoptr(GObject) source = g_async_result_get_source_object (result);
  GObject *object = g_async_initable_new_finish (G_ASYNC_INITABLE (source), result, error);

  return object ? GENKIT_TRACE_STORE (object) : NULL;
}

/**
 * genkit_trace_store_get_path:
 * @self: a [class@Genkit.TraceStore]
 *
 * Gets the database file.
 *
 * Returns: (transfer none) (type filename): the database path
 */
const char *
genkit_trace_store_get_path (GenkitTraceStore *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), NULL);
  return self->path;
}

/**
 * genkit_trace_store_get_max_age:
 * @self: a [class@Genkit.TraceStore]
 *
 * Gets [property@Genkit.TraceStore:max-age].
 *
 * Returns: the maximum age of a trace in seconds, 0 for no limit
 */
gint64
genkit_trace_store_get_max_age (GenkitTraceStore *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), 0);
  return self->max_age;
}

/**
 * genkit_trace_store_set_max_age:
 * @self: a [class@Genkit.TraceStore]
 * @max_age: seconds after the store first saw a trace at which it is deleted, 0 for no limit
 *
 * Sets the age part of the retention policy and applies the policy soon.
 */
void
genkit_trace_store_set_max_age (GenkitTraceStore *self,
                                gint64            max_age)
{
  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));
  g_return_if_fail (max_age >= 0 && max_age <= G_MAXINT64 / 1000);

  if (self->max_age == max_age)
    return;
  self->max_age = max_age;
  queue_retention (self);
  update_retention_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_AGE]);
}

/**
 * genkit_trace_store_get_max_traces:
 * @self: a [class@Genkit.TraceStore]
 *
 * Gets [property@Genkit.TraceStore:max-traces].
 *
 * Returns: how many traces are kept, 0 for no limit
 */
guint
genkit_trace_store_get_max_traces (GenkitTraceStore *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), 0);
  return self->max_traces;
}

/**
 * genkit_trace_store_set_max_traces:
 * @self: a [class@Genkit.TraceStore]
 * @max_traces: how many traces to keep (the most recently first seen), 0 for no limit
 *
 * Sets the count part of the retention policy and applies the policy soon.
 */
void
genkit_trace_store_set_max_traces (GenkitTraceStore *self,
                                   guint             max_traces)
{
  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));

  if (self->max_traces == max_traces)
    return;
  self->max_traces = max_traces;
  queue_retention (self);
  update_retention_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_TRACES]);
}

/**
 * genkit_trace_store_get_model_limit:
 * @self: a [class@Genkit.TraceStore]
 *
 * Gets [property@Genkit.TraceStore:model-limit].
 *
 * Returns: the most traces the list model holds
 */
guint
genkit_trace_store_get_model_limit (GenkitTraceStore *self)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), 0);
  return self->model_limit;
}

/**
 * genkit_trace_store_lookup_summary:
 * @self: a [class@Genkit.TraceStore]
 * @trace_id: a trace id
 *
 * Finds a trace among the items of the store's list model, e.g. to show a trace of a
 * [method@Genkit.TraceStore.list_traces_async] page with the very object the list model
 * holds (a list view that showed the model then keeps that trace's row, and the row follows
 * the trace's updates).
 *
 * Returns: (transfer none) (nullable): the trace's summary, %NULL when the trace is not an
 *   item of the list model (not listed yet, deleted, or past
 *   [property@Genkit.TraceStore:model-limit])
 */
GenkitTraceSummary *
genkit_trace_store_lookup_summary (GenkitTraceStore *self,
                                   const char       *trace_id)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), NULL);
  g_return_val_if_fail (trace_id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, trace_id);
}

/**
 * genkit_trace_store_set_model_limit:
 * @self: a [class@Genkit.TraceStore]
 * @model_limit: the most traces the list model holds, at least 1
 *
 * Sets [property@Genkit.TraceStore:model-limit]; the model is reloaded from the database.
 */
void
genkit_trace_store_set_model_limit (GenkitTraceStore *self,
                                    guint             model_limit)
{
  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));
  g_return_if_fail (model_limit > 0);

  if (self->model_limit == model_limit)
    return;
  self->model_limit = model_limit;
  if (self->db != NULL)
    {
      WriteOp *op = _write_op_new (WRITE_LOAD_MODEL, NULL);

      op->model_limit = model_limit;
      _genkit_trace_db_push_write (self->db, op);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL_LIMIT]);
}

/* List model upkeep */

/* Newest first: by start time (unknown last), then by most recent index write. */
static gboolean
sorts_before (double a_start,
              gint64 a_seq,
              double b_start,
              gint64 b_seq)
{
  if (a_start != b_start)
    {
      if (a_start == 0)
        return FALSE;
      if (b_start == 0)
        return TRUE;
      return a_start > b_start;
    }
  return a_seq > b_seq;
}

static gboolean
summary_before (GenkitTraceSummary *a,
                GenkitTraceSummary *b)
{
  return sorts_before (genkit_trace_summary_get_start_time (a), _genkit_trace_summary_get_seq (a),
                       genkit_trace_summary_get_start_time (b), _genkit_trace_summary_get_seq (b));
}

static guint
insertion_position (GenkitTraceStore   *self,
                    GenkitTraceSummary *summary)
{
  guint lo = 0;
  guint hi = self->items->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;

      if (summary_before (g_ptr_array_index (self->items, mid), summary))
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean
find_position (GenkitTraceStore   *self,
               GenkitTraceSummary *summary,
               guint              *position)
{
  return g_ptr_array_find (self->items, summary, position);
}

static void
remove_at (GenkitTraceStore *self,
           guint             position)
{
  GenkitTraceSummary *summary = g_ptr_array_index (self->items, position);

  g_hash_table_remove (self->by_id, genkit_trace_summary_get_trace_id (summary));
  g_ptr_array_remove_index (self->items, position);
}

static void
trim_model (GenkitTraceStore *self)
{
  guint n = self->items->len;

  if (n <= self->model_limit)
    return;
  for (guint i = self->model_limit; i < n; i++)
    g_hash_table_remove (self->by_id,
                         genkit_trace_summary_get_trace_id (g_ptr_array_index (self->items, i)));
  g_ptr_array_set_size (self->items, self->model_limit);
  items_changed (self, self->model_limit, n - self->model_limit, 0);
}

static void
reset_model (GenkitTraceStore *self,
             GPtrArray        *rows)
{
  guint old = self->items->len;

  g_hash_table_remove_all (self->by_id);
  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < rows->len; i++)
    {
      GenkitTraceSummary *summary = _genkit_trace_summary_new (g_ptr_array_index (rows, i));

      g_ptr_array_add (self->items, summary);
      g_hash_table_insert (self->by_id, (gpointer) genkit_trace_summary_get_trace_id (summary),
                           summary);
    }
  if (old > 0 || self->items->len > 0)
    items_changed (self, 0, old, self->items->len);
}

static int
compare_summaries_newest_first (gconstpointer a,
                                gconstpointer b)
{
  GenkitTraceSummary *sa = *(GenkitTraceSummary * const *) a;
  GenkitTraceSummary *sb = *(GenkitTraceSummary * const *) b;

  if (summary_before (sa, sb))
    return -1;
  if (summary_before (sb, sa))
    return 1;
  return 0;
}

/* Applies one commit's trace changes: in-place updates, removals, then the new traces,
 * inserted with a single items-changed when they all go to the front (the usual case). */
static void
apply_summaries (GenkitTraceStore *self,
                 GPtrArray        *rows,
                 GPtrArray        *added)
{
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < rows->len; i++)
    {
      SummaryRow *row = g_ptr_array_index (rows, i);
      GenkitTraceSummary *summary = g_hash_table_lookup (self->by_id, row->trace_id);
      guint position;

      if (row->deleted)
        {
          if (summary != NULL && find_position (self, summary, &position))
            {
              remove_at (self, position);
              items_changed (self, position, 1, 0);
            }
          continue;
        }

      if (summary != NULL)
        {
          _genkit_trace_summary_update (summary, row);
          if (find_position (self, summary, &position))
            {
              gboolean misplaced =
                (position > 0 && !summary_before (g_ptr_array_index (self->items, position - 1), summary)) ||
                (position + 1 < self->items->len &&
                 !summary_before (summary, g_ptr_array_index (self->items, position + 1)));

              if (misplaced)
                {
                  guint target;

                  g_object_ref (summary);
                  remove_at (self, position);
                  items_changed (self, position, 1, 0);
                  target = insertion_position (self, summary);
                  g_ptr_array_insert (self->items, target, summary);
                  g_hash_table_insert (self->by_id,
                                       (gpointer) genkit_trace_summary_get_trace_id (summary), summary);
                  items_changed (self, target, 0, 1);
                }
            }
          if (row->newly_listed)
            g_ptr_array_add (added, g_object_ref (summary));
          continue;
        }

      summary = _genkit_trace_summary_new (row);
      g_ptr_array_add (fresh, g_object_ref (summary));
      if (row->newly_listed)
        g_ptr_array_add (added, summary);
      else
        g_object_unref (summary);
    }

  if (fresh->len == 0)
    return;

  g_ptr_array_sort (fresh, compare_summaries_newest_first);
  if (self->items->len == 0 ||
      summary_before (g_ptr_array_index (fresh, fresh->len - 1), g_ptr_array_index (self->items, 0)))
    {
      for (guint i = 0; i < fresh->len; i++)
        {
          GenkitTraceSummary *summary = g_ptr_array_index (fresh, i);

          g_ptr_array_insert (self->items, i, g_object_ref (summary));
          g_hash_table_insert (self->by_id, (gpointer) genkit_trace_summary_get_trace_id (summary),
                               summary);
        }
      items_changed (self, 0, 0, fresh->len);
    }
  else
    {
      for (guint i = 0; i < fresh->len; i++)
        {
          GenkitTraceSummary *summary = g_ptr_array_index (fresh, i);
          guint position = insertion_position (self, summary);

          g_ptr_array_insert (self->items, position, g_object_ref (summary));
          g_hash_table_insert (self->by_id, (gpointer) genkit_trace_summary_get_trace_id (summary),
                               summary);
          items_changed (self, position, 0, 1);
        }
    }
}

static void
emit_events (GenkitTraceStore *self,
             GPtrArray        *events)
{
  gboolean want_started;
  gboolean want_ended;

  if (events == NULL || events->len == 0)
    return;

  want_started = g_signal_has_handler_pending (self, signals[SPAN_STARTED], 0, FALSE);
  want_ended = g_signal_has_handler_pending (self, signals[SPAN_ENDED], 0, FALSE);

  for (guint i = 0; i < events->len; i++)
    {
      SpanEvent *event = g_ptr_array_index (events, i);

      for (guint w = 0; w < self->watches->len; w++)
        {
          EventWatch *watch = &g_array_index (self->watches, EventWatch, w);

          watch->func (event->trace_id, event->span_json, event->is_end, watch->user_data);
        }

      if (event->is_end ? want_ended : want_started)
        {
          g_autoptr(JsonNode) span = _genkit_json_parse (event->span_json,
                                                         strlen (event->span_json), NULL);

          if (span != NULL)
            g_signal_emit (self, signals[event->is_end ? SPAN_ENDED : SPAN_STARTED], 0,
                           event->trace_id, span);
        }
    }
}

static void
complete_op (GenkitTraceStore *self,
             WriteOp          *op)
{
  if (op->kind == WRITE_RENAME_RUNTIME && op->error == NULL)
    g_signal_emit (self, signals[RUNTIME_RENAMED], 0, op->runtime_id, op->new_runtime_id);
  if (op->task == NULL)
    return;
  if (op->error != NULL)
    {
      g_task_return_error (op->task, g_steal_pointer (&op->error));
      return;
    }
  if (op->kind == WRITE_RETENTION || op->kind == WRITE_RENAME_RUNTIME)
    g_task_return_int (op->task, op->count);
  else
    g_task_return_boolean (op->task, TRUE);
}

static void
complete_read (ReadJob *job)
{
  if (job->error != NULL)
    {
      g_task_return_error (job->task, g_steal_pointer (&job->error));
      return;
    }
  /* The server's text reads say "unknown trace" with NULL text, as Genkit answers an empty
   * body; the public API says it with an error. */
  if (job->kind == READ_GET_TRACE && job->text == NULL && job->parse_result)
    {
      g_task_return_new_error (job->task, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                               "No trace with id %s in the store", job->trace_id);
      return;
    }
  if (job->parse_result)
    g_task_return_pointer (job->task, g_steal_pointer (&job->node),
                           (GDestroyNotify) json_node_unref);
  else
    g_task_return_pointer (job->task, g_steal_pointer (&job->text), g_free);
}

/* Applies everything the threads delivered since the last main loop iteration: first the
 * list model changes, merged so that a burst of commits yields one items-changed, then the
 * span signals and trace-added, then the completions, all in commit order. */
void
_genkit_trace_store_apply_results (GenkitTraceStore *self,
                                   GQueue           *results)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autoptr(GHashTable) row_index = g_hash_table_new (g_str_hash, g_str_equal);

  for (GList *l = results->head; l != NULL; l = l->next)
    {
      Result *result = l->data;

      if (result->kind != RESULT_WRITE_BATCH || result->summaries == NULL)
        continue;
      if (result->model_reset)
        {
          if (rows->len > 0)
            apply_summaries (self, rows, added);
          g_ptr_array_set_size (rows, 0);
          g_hash_table_remove_all (row_index);
          reset_model (self, result->summaries);
          trim_model (self);
          continue;
        }
      for (guint i = 0; i < result->summaries->len; i++)
        {
          SummaryRow *row = g_ptr_array_index (result->summaries, i);
          gpointer index;

          /* A later commit's state of a trace replaces an earlier one, keeping "newly
           * listed" if either said so. */
          if (g_hash_table_lookup_extended (row_index, row->trace_id, NULL, &index))
            {
              SummaryRow *old = g_ptr_array_index (rows, GPOINTER_TO_UINT (index));

              row->newly_listed |= old->newly_listed;
              g_ptr_array_index (rows, GPOINTER_TO_UINT (index)) = row;
            }
          else
            {
              g_hash_table_insert (row_index, row->trace_id, GUINT_TO_POINTER (rows->len));
              g_ptr_array_add (rows, row);
            }
        }
    }
  if (rows->len > 0)
    {
      apply_summaries (self, rows, added);
      trim_model (self);
    }

  for (GList *l = results->head; l != NULL; l = l->next)
    {
      Result *result = l->data;

      if (result->kind == RESULT_WRITE_BATCH)
        emit_events (self, result->events);
    }
  for (guint i = 0; i < added->len; i++)
    g_signal_emit (self, signals[TRACE_ADDED], 0, g_ptr_array_index (added, i));

  for (GList *l = results->head; l != NULL; l = l->next)
    {
      Result *result = l->data;

      if (result->kind == RESULT_READ)
        complete_read (result->read);
      for (guint i = 0; result->ops != NULL && i < result->ops->len; i++)
        complete_op (self, g_ptr_array_index (result->ops, i));
    }
}

guint
_genkit_trace_store_add_event_watch (GenkitTraceStore    *self,
                                     GenkitSpanEventFunc  func,
                                     gpointer             user_data)
{
  EventWatch watch = { self->next_watch_id++, func, user_data };

  g_array_append_val (self->watches, watch);
  return watch.id;
}

void
_genkit_trace_store_remove_event_watch (GenkitTraceStore *self,
                                        guint             watch_id)
{
  for (guint i = 0; i < self->watches->len; i++)
    if (g_array_index (self->watches, EventWatch, i).id == watch_id)
      {
        g_array_remove_index (self->watches, i);
        return;
      }
}

/* Writes */

static gboolean
check_open (GenkitTraceStore  *self,
            GError           **error)
{
  if (self->db == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                           "The trace store is not open");
      return FALSE;
    }
  return TRUE;
}

/* The tagged task of a job for the database; %NULL when the store is closed, after failing
 * the task and freeing @job with @job_free. */
static GTask *
job_task_new (GenkitTraceStore    *self,
              gpointer             job,
              GDestroyNotify       job_free,
              GCancellable        *cancellable,
              GAsyncReadyCallback  callback,
              gpointer             user_data,
              gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;

  g_task_set_source_tag (task, source_tag);
  if (!check_open (self, &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      job_free (job);
      return NULL;
    }
  return task;
}

/* A trace sent under a provisional runtime id that has been renamed is recorded as the
 * runtime's; renaming happens on the owner context, in the order writes are queued, so no
 * trace queued after a rename keeps the old id. */
static void
rename_ingest (GenkitTraceStore  *self,
               GenkitIngestTrace *trace)
{
  const char *renamed;

  if (trace->runtime_id != NULL &&
      (renamed = g_hash_table_lookup (self->renames, trace->runtime_id)) != NULL)
    {
      g_free (trace->runtime_id);
      trace->runtime_id = g_strdup (renamed);
    }
}

/**
 * genkit_trace_store_add:
 * @self: a [class@Genkit.TraceStore]
 * @trace_data: Genkit `TraceData`: `{"traceId", "spans": {id: SpanData}, …}`
 * @error: return location for an error
 *
 * Checks @trace_data and queues it for writing, without waiting for the write: what span
 * processors use. [method@Genkit.TraceStore.flush_async] tells when it is on disk. The
 * trace gets no runtime; see [method@Genkit.TraceStore.add_for_runtime].
 *
 * Errors: %GENKIT_ERROR_INVALID_ARGUMENT when @trace_data is not valid `TraceData` (Genkit's
 * `TraceDataSchema`) or its trace id could name a path (`/`, `\`, `.`, `..`).
 *
 * Returns: %TRUE if queued, %FALSE with @error set
 */
gboolean
genkit_trace_store_add (GenkitTraceStore  *self,
                        JsonNode          *trace_data,
                        GError           **error)
{
  return genkit_trace_store_add_for_runtime (self, trace_data, NULL, error);
}

/**
 * genkit_trace_store_add_for_runtime:
 * @self: a [class@Genkit.TraceStore]
 * @trace_data: Genkit `TraceData`: `{"traceId", "spans": {id: SpanData}, …}`
 * @runtime_id: (nullable): the id of the runtime that made the trace, or %NULL
 * @error: return location for an error
 *
 * Like [method@Genkit.TraceStore.add], and records @runtime_id as the trace's runtime
 * ([property@Genkit.TraceSummary:runtime-id], the `runtimeId` filter field) unless the
 * trace already has one: Genkit's `TraceData` does not say which runtime sent it.
 *
 * Errors: as [method@Genkit.TraceStore.add].
 *
 * Returns: %TRUE if queued, %FALSE with @error set
 */
gboolean
genkit_trace_store_add_for_runtime (GenkitTraceStore  *self,
                                    JsonNode          *trace_data,
                                    const char        *runtime_id,
                                    GError           **error)
{
  GenkitIngestTrace *trace;
  WriteOp *op;

  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), FALSE);
  g_return_val_if_fail (trace_data != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;
  if (!(trace = _genkit_ingest_trace_new_from_json (trace_data, error)))
    return FALSE;
  trace->runtime_id = g_strdup (runtime_id);
  rename_ingest (self, trace);
  op = _write_op_new (WRITE_INGEST, NULL);
  op->trace = trace;
  _genkit_trace_db_push_write (self->db, op);
  return TRUE;
}

void
_genkit_trace_store_ingest_parsed_async (GenkitTraceStore    *self,
                                         GenkitIngestTrace   *trace,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GTask *task = job_task_new (self, trace, (GDestroyNotify) _genkit_ingest_trace_free, cancellable, callback,
                              user_data, genkit_trace_store_ingest_async);
  WriteOp *op;

  if (task == NULL)
    return;
  rename_ingest (self, trace);
  op = _write_op_new (WRITE_INGEST, task);
  op->trace = trace;
  _genkit_trace_db_push_write (self->db, op);
}

/**
 * genkit_trace_store_ingest_async:
 * @self: a [class@Genkit.TraceStore]
 * @trace_data: Genkit `TraceData` (protocol §6.2), as `POST /api/traces` receives it
 * @cancellable: (nullable): a #GCancellable (the write itself is not undone)
 * @callback: called once the payload is committed
 * @user_data: data for @callback
 *
 * Checks @trace_data like Genkit's telemetry server does (`TraceDataSchema`: required
 * `traceId`, `spans`, and per span `spanId`, `traceId`, `startTime`, `endTime`, `attributes`,
 * `displayName`, `instrumentationLibrary.name`, `spanKind`; unknown keys are dropped), merges
 * it into the stored trace with Genkit's rules and completes once the transaction holding it
 * is committed: from then on the spans survive the process being killed.
 */
void
genkit_trace_store_ingest_async (GenkitTraceStore    *self,
                                 JsonNode            *trace_data,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GenkitIngestTrace *trace;
  GError *error = NULL;

  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));
  g_return_if_fail (trace_data != NULL);

  if (!(trace = _genkit_ingest_trace_new_from_json (trace_data, &error)))
    {
      g_task_report_error (self, callback, user_data, genkit_trace_store_ingest_async, error);
      return;
    }
  _genkit_trace_store_ingest_parsed_async (self, trace, cancellable, callback, user_data);
}

/**
 * genkit_trace_store_ingest_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.ingest_async].
 *
 * Errors: %GENKIT_ERROR_INVALID_ARGUMENT for invalid `TraceData` (the message names the
 * offending fields), %GENKIT_ERROR_UNAVAILABLE or %GENKIT_ERROR_RESOURCE_EXHAUSTED when the
 * database cannot be written.
 *
 * Returns: %TRUE once committed, %FALSE with @error set
 */
gboolean
genkit_trace_store_ingest_finish (GenkitTraceStore  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
push_write_with_task (GenkitTraceStore    *self,
                      WriteOp             *op,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data,
                      gpointer             source_tag)
{
  GTask *task = job_task_new (self, op, (GDestroyNotify) _write_op_free, cancellable, callback, user_data,
                              source_tag);

  if (task == NULL)
    return;
  op->task = task;
  _genkit_trace_db_push_write (self->db, op);
}

/**
 * genkit_trace_store_delete_trace_async:
 * @self: a [class@Genkit.TraceStore]
 * @trace_id: the trace to delete
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the deletion is committed
 * @user_data: data for @callback
 *
 * Deletes a trace with all its spans and logs. Genkit's file store has no deletion.
 */
void
genkit_trace_store_delete_trace_async (GenkitTraceStore    *self,
                                       const char          *trace_id,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));
  g_return_if_fail (trace_id != NULL);

  op = _write_op_new (WRITE_DELETE, NULL);
  op->trace_id = g_strdup (trace_id);
  push_write_with_task (self, op, cancellable, callback, user_data,
                        genkit_trace_store_delete_trace_async);
}

/**
 * genkit_trace_store_delete_trace_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.delete_trace_async].
 *
 * Errors: %GENKIT_ERROR_NOT_FOUND when the store has no such trace.
 *
 * Returns: %TRUE if the trace was deleted
 */
gboolean
genkit_trace_store_delete_trace_finish (GenkitTraceStore  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The count a write task returned (traces deleted or renamed), into @n when given. */
static gboolean
propagate_count (GAsyncResult  *result,
                 guint         *n,
                 GError       **error)
{
  gssize count = g_task_propagate_int (G_TASK (result), error);

  if (count < 0)
    return FALSE;
  if (n != NULL)
    *n = (guint) count;
  return TRUE;
}

/**
 * genkit_trace_store_apply_retention_async:
 * @self: a [class@Genkit.TraceStore]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once done
 * @user_data: data for @callback
 *
 * Applies the retention policy now ([property@Genkit.TraceStore:max-age],
 * [property@Genkit.TraceStore:max-traces]); the store also does it by itself every minute
 * while a policy is set.
 */
void
genkit_trace_store_apply_retention_async (GenkitTraceStore    *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));

  op = _write_op_new (WRITE_RETENTION, NULL);
  op->max_age_ms = self->max_age * 1000;
  op->max_traces = self->max_traces;
  push_write_with_task (self, op, cancellable, callback, user_data,
                        genkit_trace_store_apply_retention_async);
}

/**
 * genkit_trace_store_apply_retention_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @n_deleted: (out) (optional): how many traces were deleted
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.apply_retention_async].
 *
 * Returns: %TRUE on success
 */
gboolean
genkit_trace_store_apply_retention_finish (GenkitTraceStore  *self,
                                           GAsyncResult      *result,
                                           guint             *n_deleted,
                                           GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return propagate_count (result, n_deleted, error);
}

/**
 * genkit_trace_store_rename_runtime_async:
 * @self: a [class@Genkit.TraceStore]
 * @runtime_id: a provisional runtime id traces were recorded under
 * @new_runtime_id: the id of the runtime that sent them
 * @cancellable: (nullable): a #GCancellable (the write itself is not undone)
 * @callback: called once the change is committed
 * @user_data: data for @callback
 *
 * Records the traces of @runtime_id as sent by @new_runtime_id
 * ([property@Genkit.TraceSummary:runtime-id]), those stored and those added from now on
 * (while this store is open), then emits [signal@Genkit.TraceStore::runtime-renamed].
 *
 * For a runtime that sends traces before its id is known: the studio gives an app it starts
 * the telemetry URL `<server>/runtimes/<provisional id>` and renames that id to the runtime's
 * once the app's runtime is discovered. Renaming a runtime to itself does nothing.
 */
void
genkit_trace_store_rename_runtime_async (GenkitTraceStore    *self,
                                         const char          *runtime_id,
                                         const char          *new_runtime_id,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  WriteOp *op;

  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));
  g_return_if_fail (runtime_id != NULL);
  g_return_if_fail (new_runtime_id != NULL);

  if (!g_str_equal (runtime_id, new_runtime_id))
    {
      GHashTableIter iter;
      gpointer value;

      /* What was renamed to @runtime_id before follows it. */
      g_hash_table_iter_init (&iter, self->renames);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (g_str_equal (value, runtime_id))
          g_hash_table_iter_replace (&iter, g_strdup (new_runtime_id));
      g_hash_table_remove (self->renames, new_runtime_id);
      g_hash_table_insert (self->renames, g_strdup (runtime_id), g_strdup (new_runtime_id));
    }

  op = _write_op_new (WRITE_RENAME_RUNTIME, NULL);
  op->runtime_id = g_strdup (runtime_id);
  op->new_runtime_id = g_strdup (new_runtime_id);
  push_write_with_task (self, op, cancellable, callback, user_data,
                        genkit_trace_store_rename_runtime_async);
}

/**
 * genkit_trace_store_rename_runtime_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @n_traces: (out) (optional): how many stored traces changed their runtime
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.rename_runtime_async].
 *
 * Returns: %TRUE on success
 */
gboolean
genkit_trace_store_rename_runtime_finish (GenkitTraceStore  *self,
                                          GAsyncResult      *result,
                                          guint             *n_traces,
                                          GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return propagate_count (result, n_traces, error);
}

void
_genkit_trace_store_add_logs_parsed_async (GenkitTraceStore    *self,
                                           GPtrArray           *logs,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  WriteOp *op = _write_op_new (WRITE_LOGS, NULL);

  op->logs = logs;
  push_write_with_task (self, op, cancellable, callback, user_data,
                        genkit_trace_store_add_logs_async);
}

/**
 * genkit_trace_store_add_logs_async:
 * @self: a [class@Genkit.TraceStore]
 * @logs: a JSON array of Genkit `LogRecordData` (`genkit-tools/common/src/types/log.ts`):
 *   `timestamp` (ms) required; `logId` generated when missing
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once the logs are committed
 * @user_data: data for @callback
 *
 * Stores log records, as `POST /api/otlp` does with `resourceLogs`.
 */
void
genkit_trace_store_add_logs_async (GenkitTraceStore    *self,
                                   JsonNode            *logs,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GPtrArray *records;
  GError *error = NULL;

  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));
  g_return_if_fail (logs != NULL);

  if (!(records = _genkit_ingest_logs_new_from_json (logs, &error)))
    {
      g_task_report_error (self, callback, user_data, genkit_trace_store_add_logs_async, error);
      return;
    }
  _genkit_trace_store_add_logs_parsed_async (self, records, cancellable, callback, user_data);
}

/**
 * genkit_trace_store_add_logs_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.add_logs_async].
 *
 * Returns: %TRUE once committed
 */
gboolean
genkit_trace_store_add_logs_finish (GenkitTraceStore  *self,
                                    GAsyncResult      *result,
                                    GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/**
 * genkit_trace_store_flush_async:
 * @self: a [class@Genkit.TraceStore]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called once everything queued before this call is committed
 * @user_data: data for @callback
 *
 * Waits for the writes queued so far (including [method@Genkit.TraceStore.add]) to be
 * committed, their spans added to the full-text index, and their signals and list changes
 * delivered.
 */
void
genkit_trace_store_flush_async (GenkitTraceStore    *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));

  push_write_with_task (self, _write_op_new (WRITE_FLUSH, NULL), cancellable, callback,
                        user_data, genkit_trace_store_flush_async);
}

/**
 * genkit_trace_store_flush_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.flush_async].
 *
 * Returns: %TRUE when flushed
 */
gboolean
genkit_trace_store_flush_finish (GenkitTraceStore  *self,
                                 GAsyncResult      *result,
                                 GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Reads */

/* Queues a read job on the store's reader; a closed store fails the task at once. A job with
 * @parse_result hands its JSON to the task parsed, else as text. */
static void
push_read (GenkitTraceStore    *self,
           ReadJob             *job,
           gboolean             parse_result,
           GCancellable        *cancellable,
           GAsyncReadyCallback  callback,
           gpointer             user_data,
           gpointer             source_tag)
{
  GTask *task = job_task_new (self, job, (GDestroyNotify) _read_job_free, cancellable, callback, user_data,
                              source_tag);

  if (task == NULL)
    return;
  job->task = task;
  job->parse_result = parse_result;
  _genkit_trace_db_push_read (self->db, job);
}

void
_genkit_trace_store_read_text_async (GenkitTraceStore    *self,
                                     ReadJob             *job,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  push_read (self, job, FALSE, cancellable, callback, user_data, _genkit_trace_store_read_text_async);
}

char *
_genkit_trace_store_read_text_finish (GenkitTraceStore  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
push_get_trace (GenkitTraceStore    *self,
                const char          *trace_id,
                gsize                max_value_bytes,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  ReadJob *job = g_new0 (ReadJob, 1);

  job->kind = READ_GET_TRACE;
  job->trace_id = g_strdup (trace_id);
  job->max_value_bytes = max_value_bytes;
  push_read (self, job, TRUE, cancellable, callback, user_data, source_tag);
}

/**
 * genkit_trace_store_get_trace_async:
 * @self: a [class@Genkit.TraceStore]
 * @trace_id: the trace id
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the trace
 * @user_data: data for @callback
 *
 * Reads one whole trace, on a reader thread: what `GET /api/traces/:traceId` serves.
 */
void
genkit_trace_store_get_trace_async (GenkitTraceStore    *self,
                                    const char          *trace_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));
  g_return_if_fail (trace_id != NULL);

  push_get_trace (self, trace_id, 0, cancellable, callback, user_data, genkit_trace_store_get_trace_async);
}

/**
 * genkit_trace_store_get_trace_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.get_trace_async].
 *
 * Errors: %GENKIT_ERROR_NOT_FOUND for an unknown trace id.
 *
 * Returns: (transfer full) (nullable): Genkit `TraceData`: `traceId`, `displayName`,
 *   `startTime`, `endTime` (when known) and every stored span under `spans`, in the order the
 *   spans were first stored; %NULL with @error set otherwise
 */
JsonNode *
genkit_trace_store_get_trace_finish (GenkitTraceStore  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_trace_store_get_trace_elided_async:
 * @self: a [class@Genkit.TraceStore]
 * @trace_id: the trace id
 * @max_value_bytes: string attributes longer than this many bytes are elided; 0 elides none
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the trace
 * @user_data: data for @callback
 *
 * Reads one trace for viewing, on a reader thread, with its large payloads left out: every
 * string attribute (e.g. a megabyte of `genkit:output`) longer than @max_value_bytes bytes
 * is cut to its first @max_value_bytes bytes (at a character boundary) before the trace
 * leaves the reader, so opening a trace never hands its large payloads to the caller's
 * thread. [method@Genkit.TraceStore.get_span_attribute_async] reads one of them whole.
 *
 * This is the studio's read, not Genkit's: `GET /api/traces/:traceId` serves
 * [method@Genkit.TraceStore.get_trace_async], whole.
 */
void
genkit_trace_store_get_trace_elided_async (GenkitTraceStore    *self,
                                           const char          *trace_id,
                                           gsize                max_value_bytes,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));
  g_return_if_fail (trace_id != NULL);

  push_get_trace (self, trace_id, max_value_bytes, cancellable, callback, user_data,
                  genkit_trace_store_get_trace_elided_async);
}

/**
 * genkit_trace_store_get_trace_elided_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.get_trace_elided_async].
 *
 * A span that had attributes elided carries, after its own members, an `elidedAttributes`
 * object (not Genkit's): by attribute name, `{"bytes": N}` with N the whole value's size in
 * bytes (UTF-8), plus `"usage"`, a copy of the value's `usage` member when the value is a
 * JSON object that has one (a model call's token counts stay readable).
 *
 * Errors: %GENKIT_ERROR_NOT_FOUND for an unknown trace id.
 *
 * Returns: (transfer full) (nullable): Genkit `TraceData` as
 *   [method@Genkit.TraceStore.get_trace_finish] gives it, with the long attributes elided;
 *   %NULL with @error set otherwise
 */
JsonNode *
genkit_trace_store_get_trace_elided_finish (GenkitTraceStore  *self,
                                            GAsyncResult      *result,
                                            GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_trace_store_get_span_attribute_async:
 * @self: a [class@Genkit.TraceStore]
 * @trace_id: the trace id
 * @span_id: the span id in that trace
 * @key: the attribute's name, e.g. `genkit:output`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the value
 * @user_data: data for @callback
 *
 * Reads one attribute of one stored span whole, on a reader thread: the value
 * [method@Genkit.TraceStore.get_trace_elided_async] left out.
 */
void
genkit_trace_store_get_span_attribute_async (GenkitTraceStore    *self,
                                             const char          *trace_id,
                                             const char          *span_id,
                                             const char          *key,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  ReadJob *job;

  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));
  g_return_if_fail (trace_id != NULL);
  g_return_if_fail (span_id != NULL);
  g_return_if_fail (key != NULL);

  job = g_new0 (ReadJob, 1);
  job->kind = READ_GET_ATTRIBUTE;
  job->trace_id = g_strdup (trace_id);
  job->span_id = g_strdup (span_id);
  job->key = g_strdup (key);
  push_read (self, job, TRUE, cancellable, callback, user_data, genkit_trace_store_get_span_attribute_async);
}

/**
 * genkit_trace_store_get_span_attribute_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.get_span_attribute_async].
 *
 * Errors: %GENKIT_ERROR_NOT_FOUND for an unknown trace, a span the trace does not have or
 * an attribute the span does not have (the message says which).
 *
 * Returns: (transfer full) (nullable): the attribute's value as stored (a string for
 *   `genkit:input` and `genkit:output`, which hold JSON text); %NULL with @error set otherwise
 */
JsonNode *
genkit_trace_store_get_span_attribute_finish (GenkitTraceStore  *self,
                                              GAsyncResult      *result,
                                              GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
filter_value_ok (JsonNode *value,
                 gboolean  numbers_only)
{
  GType type;

  if (JSON_NODE_TYPE (value) != JSON_NODE_VALUE)
    return FALSE;
  type = json_node_get_value_type (value);
  if (type == G_TYPE_INT64 || type == G_TYPE_DOUBLE)
    return TRUE;
  return !numbers_only && type == G_TYPE_STRING;
}

/**
 * genkit_trace_store_check_filter:
 * @filter: a Genkit `TraceQueryFilter`
 * @error: return location for an error
 *
 * Checks a filter against Genkit's `TraceQueryFilterSchema`
 * (`genkit-tools/common/src/types/apis.ts`): an object whose optional `eq`, `neq` and
 * `contains` map field names to a string, a number or an array of them, and whose optional
 * `gt`, `gte`, `lt` and `lte` map field names to numbers. Other members are ignored.
 *
 * Errors: %GENKIT_ERROR_INVALID_ARGUMENT naming the offending member.
 *
 * Returns: %TRUE if @filter is valid
 */
gboolean
genkit_trace_store_check_filter (JsonNode  *filter,
                                 GError   **error)
{
  static const char *ops[] = { "eq", "neq", "contains", "gt", "gte", "lt", "lte" };
  JsonObject *object;

  g_return_val_if_fail (filter != NULL, FALSE);

  if (JSON_NODE_TYPE (filter) != JSON_NODE_OBJECT)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Invalid filter: expected a TraceQueryFilter object");
      return FALSE;
    }
  object = json_node_get_object (filter);

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      JsonNode *record = json_object_get_member (object, ops[i]);
      gboolean numbers_only = i >= 3;
      g_autoptr(GList) fields = NULL;

      if (record == NULL)
        continue;
      if (JSON_NODE_TYPE (record) != JSON_NODE_OBJECT)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "Invalid filter: %s: expected an object of field names", ops[i]);
          return FALSE;
        }
      fields = json_object_get_members (json_node_get_object (record));
      for (GList *l = fields; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (json_node_get_object (record), l->data);
          gboolean ok;

          if (!numbers_only && JSON_NODE_TYPE (value) == JSON_NODE_ARRAY)
            {
              JsonArray *array = json_node_get_array (value);

              ok = TRUE;
              for (guint j = 0; ok && j < json_array_get_length (array); j++)
                ok = filter_value_ok (json_array_get_element (array, j), FALSE);
            }
          else
            ok = filter_value_ok (value, numbers_only);

          if (!ok)
            {
              g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "Invalid filter: %s.%s: expected %s", ops[i], (const char *) l->data,
                           numbers_only ? "a number" : "a string, a number or an array of them");
              return FALSE;
            }
        }
    }
  return TRUE;
}

ReadJob *
_genkit_trace_store_list_job_new (JsonNode   *filter,
                                  const char *search,
                                  guint       offset,
                                  guint       limit)
{
  ReadJob *job = g_new0 (ReadJob, 1);

  job->kind = READ_LIST_TRACES;
  /* A copy that shares nothing with the caller's: json_node_copy() would share its objects,
   * whose reference counts json-glib changes without atomics, with the reader thread. */
  if (filter != NULL)
    {
      g_autofree char *text = json_to_string (filter, FALSE);

      job->filter = json_from_string (text, NULL);
    }
  job->search = (search && search[0]) ? g_strdup (search) : NULL;
  job->offset = offset;
  job->limit = limit;
  return job;
}

/**
 * genkit_trace_store_list_traces_async:
 * @self: a [class@Genkit.TraceStore]
 * @filter: (nullable): a Genkit `TraceQueryFilter` (see
 *   [func@Genkit.TraceStore.check_filter]); fields are `id`, `type`, `name`, `start`, `end`,
 *   `status` and `genkitx:*` of the trace index, and `runtimeId` (ours: the
 *   [property@Genkit.TraceSummary:runtime-id], a string, also a member of each listed
 *   trace that has one)
 * @search: (nullable): words that must all appear in one span's name, `genkit:input` or
 *   `genkit:output` (full-text, case- and accent-insensitive)
 * @offset: how many matching traces to skip (Genkit's `continuationToken`)
 * @limit: the page size (Genkit's default is 10)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the page
 * @user_data: data for @callback
 *
 * Lists traces newest first on a reader thread, exactly as `GET /api/traces` answers.
 *
 * The full-text index is filled by the writer thread shortly after spans are stored (when
 * the write queue has been idle for 50 ms, or in chunks while a long burst is going on), so
 * a @search may miss spans stored in the last moments; after
 * [method@Genkit.TraceStore.flush_async] completes, every stored span is searchable.
 */
void
genkit_trace_store_list_traces_async (GenkitTraceStore    *self,
                                      JsonNode            *filter,
                                      const char          *search,
                                      guint                offset,
                                      guint                limit,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));

  if (filter != NULL && !genkit_trace_store_check_filter (filter, &error))
    {
      g_task_report_error (self, callback, user_data, genkit_trace_store_list_traces_async, error);
      return;
    }
  push_read (self, _genkit_trace_store_list_job_new (filter, search, offset, limit), TRUE,
             cancellable, callback, user_data, genkit_trace_store_list_traces_async);
}

/**
 * genkit_trace_store_list_traces_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.list_traces_async].
 *
 * Returns: (transfer full) (nullable): `{"traces": [TraceData…], "continuationToken"?: "N"}`,
 *   each trace holding only its root span with string attributes over 1000 characters cut to
 *   1000 plus `...`; `continuationToken` (the next offset, as a decimal string) is present
 *   when more traces match
 */
JsonNode *
genkit_trace_store_list_traces_finish (GenkitTraceStore  *self,
                                       GAsyncResult      *result,
                                       GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_trace_store_list_logs_async:
 * @self: a [class@Genkit.TraceStore]
 * @trace_id: (nullable): only logs of this trace
 * @span_id: (nullable): only logs of this span
 * @offset: how many logs to skip
 * @limit: the page size (Genkit's default is 100)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the page
 * @user_data: data for @callback
 *
 * Lists log records newest first, as `GET /api/logs` answers.
 */
void
genkit_trace_store_list_logs_async (GenkitTraceStore    *self,
                                    const char          *trace_id,
                                    const char          *span_id,
                                    guint                offset,
                                    guint                limit,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  ReadJob *job;

  g_return_if_fail (GENKIT_IS_TRACE_STORE (self));

  job = g_new0 (ReadJob, 1);
  job->kind = READ_LIST_LOGS;
  job->trace_id = g_strdup (trace_id);
  job->span_id = g_strdup (span_id);
  job->offset = offset;
  job->limit = limit;
  push_read (self, job, TRUE, cancellable, callback, user_data, genkit_trace_store_list_logs_async);
}

/**
 * genkit_trace_store_list_logs_finish:
 * @self: a [class@Genkit.TraceStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.TraceStore.list_logs_async].
 *
 * Returns: (transfer full) (nullable): `{"logs": [LogRecordData…], "continuationToken"?}`
 */
JsonNode *
genkit_trace_store_list_logs_finish (GenkitTraceStore  *self,
                                     GAsyncResult      *result,
                                     GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_TRACE_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
