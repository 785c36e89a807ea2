/* genkit-runtime-monitor.c — the Genkit runtimes of a project, found as the Genkit CLI finds them
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <gio/gio.h>

#include "genkit-error.h"
#include "genkit-json.h"
#include "genkit-reflection-private.h"
#include "genkit-reflection-server.h"
#include "genkit-project.h"
#include "genkit-remote-runtime.h"
#include "genkit-remote-runtime-private.h"
#include "genkit-reflection-v2-runtime.h"
#include "genkit-reflection-v2-server.h"
#include "genkit-runtime-monitor.h"

/* `HEALTH_CHECK_INTERVAL` of genkit-tools/common/src/manager/manager.ts. */
#define DEFAULT_HEALTH_CHECK_INTERVAL_MS 5000

/* The CLI reads a new file up to 10 times, 500 ms apart, so a file still being written
 * gets a chance (`retriable()` in genkit-tools/common/src/utils/utils.ts). */
#define READ_ATTEMPTS 10
#define READ_RETRY_MS 500

/* File events come in bursts (created, changed, changes done); they are handled once
 * the burst is over. */
#define EVENT_SETTLE_MS 50

/**
 * GenkitRuntimeMonitor:
 *
 * The Genkit runtimes running for one project, found the way the Genkit CLI's runtime
 * manager finds them (`RuntimeManager` in `genkit-tools/common/src/manager/manager.ts`,
 * protocol §1.6). It is a [iface@Gio.ListModel] of [iface@Genkit.Runtime] — each one a
 * [class@Genkit.RemoteRuntime] — for the studio's runtime list.
 *
 * Once started it:
 *
 * 1. watches `<project_root>/.genkit/runtimes/` (creating it if needed) and reads every
 *    discovery file already there;
 * 2. reads a new or changed file (again up to 10 times, 500 ms apart, while it is not yet
 *    complete JSON) and checks it as the CLI does
 *    ([ctor@Genkit.RemoteRuntime.new_from_info]); `projectName` is set to the project
 *    directory's name;
 * 3. checks the runtime's health ([method@Genkit.RemoteRuntime.check_health_async]): a
 *    runtime that refuses the connection or answers anything but 200 is dropped and its
 *    file deleted, as the CLI does; any other failure counts as healthy;
 * 4. refuses, with a warning and [signal@Genkit.RuntimeMonitor::runtime-refused], a runtime
 *    whose `reflectionApiSpecVersion` is higher than
 *    [const@Genkit.REFLECTION_API_SPEC_VERSION] (where the CLI exits), and accepts older
 *    ones;
 * 5. adds the runtime and sends it `POST /api/notify` with its own telemetry URL,
 *    `<telemetry-server-url>/runtimes/<runtime id>` (the id percent-encoded), so that a
 *    [class@Genkit.TelemetryServer] knows which runtime each trace comes from (Genkit's
 *    `TraceData` does not say) — or the plain URL when
 *    [property@Genkit.RuntimeMonitor:runtime-telemetry-urls] is off; without a
 *    [property@Genkit.RuntimeMonitor:telemetry-server-url] it sends none;
 * 6. checks every runtime's health again every
 *    [property@Genkit.RuntimeMonitor:health-check-interval] milliseconds, dropping and
 *    deleting the dead; a deleted file removes its runtime at once.
 *
 * [property@Genkit.RuntimeMonitor:current-runtime] is the runtime with the latest
 * `timestamp`, the one the CLI sends requests to when none is named.
 *
 * With [method@Genkit.RuntimeMonitor.listen_v2] the monitor also accepts runtimes over
 * reflection API v2 (protocol §3): they connect to its
 * [class@Genkit.ReflectionV2Server] and follow the runtimes of discovery files in the model,
 * each a [class@Genkit.ReflectionV2Runtime] whose timestamp is its registration time.
 *
 * ```c
 * g_autofree char *root = genkit_find_project_root (NULL);
 * g_autoptr(GenkitRuntimeMonitor) monitor = genkit_runtime_monitor_new (root);
 *
 * genkit_runtime_monitor_set_telemetry_server_url (monitor, "http://127.0.0.1:4033");
 * if (!genkit_runtime_monitor_start (monitor, &error))
 *   return FALSE;
 * gtk_list_view_set_model (view, GTK_SELECTION_MODEL (gtk_single_selection_new (
 *   g_object_ref (G_LIST_MODEL (monitor)))));
 * ```
 */

typedef struct
{
  char                *name;
  GFile               *file;
  GenkitRemoteRuntime *runtime;     /* registered, in the model */
  JsonNode            *content;     /* what the registered runtime was read from */
  GCancellable        *cancellable; /* the current read-and-check pass */
  GSource             *pending;     /* a settle delay or a retry */
  guint                attempts;
  gboolean             initial;     /* found at start and not yet decided */
  gboolean             checking;    /* a periodic health check is under way */
} FileEntry;

struct _GenkitRuntimeMonitor
{
  GObject        parent_instance;

  char          *project_root;
  char          *project_name;
  GFile         *dir;
  GFileMonitor  *file_monitor;
  GMainContext  *context;
  GCancellable  *cancellable;
  GSource       *health_source;
  char          *telemetry_server_url;
  gboolean       runtime_telemetry_urls;
  guint          health_check_interval;

  GHashTable    *files;      /* name → owned FileEntry */
  GPtrArray     *runtimes;   /* owned GenkitRemoteRuntime, model order */
  GenkitRuntime *current;    /* borrowed from runtimes or the v2 server */
  GenkitReflectionV2Server *v2_server;  /* its runtimes follow ours in the model */

  guint          n_initial;
  gboolean       loading;
  gboolean       started;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitRuntimeMonitor, genkit_runtime_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_PROJECT_ROOT,
  PROP_TELEMETRY_SERVER_URL,
  PROP_RUNTIME_TELEMETRY_URLS,
  PROP_HEALTH_CHECK_INTERVAL,
  PROP_CURRENT_RUNTIME,
  PROP_LOADING,
  N_PROPS
};

enum {
  RUNTIME_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void process_file (GenkitRuntimeMonitor *self,
                          FileEntry            *entry);

/* A callback's hold on an entry: the monitor is borrowed and only touched while the
 * cancellable is not cancelled (dispose and every new pass cancel it). */
typedef struct
{
  GenkitRuntimeMonitor *self;
  GCancellable         *cancellable;
  char                 *name;
  GenkitRemoteRuntime  *runtime;
} PassData;

static PassData *
pass_data_new (GenkitRuntimeMonitor *self,
               GCancellable         *cancellable,
               const char           *name,
               GenkitRemoteRuntime  *runtime)
{
  PassData *data = g_new0 (PassData, 1);

  data->self = self;
  data->cancellable = g_object_ref (cancellable);
  data->name = g_strdup (name);
  data->runtime = runtime ? g_object_ref (runtime) : NULL;
  return data;
}

static void
pass_data_free (PassData *data)
{
  g_clear_object (&data->cancellable);
  g_clear_object (&data->runtime);
  g_free (data->name);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PassData, pass_data_free)

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
file_entry_free (FileEntry *entry)
{
  if (entry->cancellable != NULL)
    g_cancellable_cancel (entry->cancellable);
  clear_source (&entry->pending);
  g_clear_object (&entry->cancellable);
  g_clear_object (&entry->file);
  g_clear_object (&entry->runtime);
  g_clear_pointer (&entry->content, json_node_unref);
  g_free (entry->name);
  g_free (entry);
}

/* GListModel ------------------------------------------------------------------------------ */

static GType
genkit_runtime_monitor_get_item_type (GListModel *model)
{
  return GENKIT_TYPE_RUNTIME;
}

static guint
genkit_runtime_monitor_get_n_items (GListModel *model)
{
  GenkitRuntimeMonitor *self = GENKIT_RUNTIME_MONITOR (model);
  guint n_v2 = self->v2_server ? g_list_model_get_n_items (G_LIST_MODEL (self->v2_server)) : 0;

  return self->runtimes->len + n_v2;
}

static gpointer
genkit_runtime_monitor_get_item (GListModel *model,
                                 guint       position)
{
  GenkitRuntimeMonitor *self = GENKIT_RUNTIME_MONITOR (model);

  if (position < self->runtimes->len)
    return g_object_ref (g_ptr_array_index (self->runtimes, position));
  if (self->v2_server != NULL)
    return g_list_model_get_item (G_LIST_MODEL (self->v2_server), position - self->runtimes->len);
  return NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = genkit_runtime_monitor_get_item_type;
  iface->get_n_items = genkit_runtime_monitor_get_n_items;
  iface->get_item = genkit_runtime_monitor_get_item;
}

/* The model and its current runtime ------------------------------------------------------- */

static GDateTime *
runtime_timestamp (GenkitRuntime *runtime)
{
  if (GENKIT_IS_REFLECTION_V2_RUNTIME (runtime))
    return genkit_reflection_v2_runtime_get_timestamp (GENKIT_REFLECTION_V2_RUNTIME (runtime));
  return genkit_remote_runtime_get_timestamp (GENKIT_REMOTE_RUNTIME (runtime));
}

/* `getMostRecentRuntime()`: the greatest timestamp; on a tie the later one in the list. */
static void
update_current (GenkitRuntimeMonitor *self)
{
  GenkitRuntime *best = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitRuntime) runtime = g_list_model_get_item (G_LIST_MODEL (self), i);

      if (best == NULL ||
          g_date_time_compare (runtime_timestamp (runtime), runtime_timestamp (best)) >= 0)
        best = runtime;
    }

  if (self->current == best)
    return;
  self->current = best;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT_RUNTIME]);
}

static void
entry_unregister (GenkitRuntimeMonitor *self,
                  FileEntry            *entry)
{
  guint position;

  if (entry->runtime == NULL)
    return;

  if (g_ptr_array_find (self->runtimes, entry->runtime, &position))
    {
      g_debug ("Removed runtime %s (%s)", genkit_remote_runtime_get_id (entry->runtime),
               entry->name);
      g_ptr_array_remove_index (self->runtimes, position);
      g_clear_object (&entry->runtime);
      g_clear_pointer (&entry->content, json_node_unref);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      update_current (self);
    }
  else
    {
      g_clear_object (&entry->runtime);
      g_clear_pointer (&entry->content, json_node_unref);
    }
}

static void
entry_register (GenkitRuntimeMonitor *self,
                FileEntry            *entry,
                GenkitRemoteRuntime  *runtime,
                JsonNode             *content)
{
  guint position;

  g_clear_pointer (&entry->content, json_node_unref);
  entry->content = json_node_ref (content);
  entry->checking = FALSE;

  if (entry->runtime != NULL && g_ptr_array_find (self->runtimes, entry->runtime, &position))
    {
      /* The file changed: the new runtime takes the old one's place. */
      GenkitRemoteRuntime *old = g_ptr_array_index (self->runtimes, position);

      g_ptr_array_index (self->runtimes, position) = g_object_ref (runtime);
      g_object_unref (old);
      g_set_object (&entry->runtime, runtime);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
  else
    {
      g_clear_object (&entry->runtime);
      entry->runtime = g_object_ref (runtime);
      g_ptr_array_add (self->runtimes, g_object_ref (runtime));
      g_list_model_items_changed (G_LIST_MODEL (self), self->runtimes->len - 1, 0, 1);
    }

  g_debug ("Added runtime %s at %s (%s)", genkit_remote_runtime_get_id (runtime),
           genkit_remote_runtime_get_reflection_server_url (runtime), entry->name);
  update_current (self);
}

/* A file found at start got its verdict. */
static void
entry_decided (GenkitRuntimeMonitor *self,
               FileEntry            *entry)
{
  if (!entry->initial)
    return;
  entry->initial = FALSE;
  g_assert (self->n_initial > 0);
  if (--self->n_initial == 0 && self->loading)
    {
      self->loading = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
    }
}

static void
entry_forget (GenkitRuntimeMonitor *self,
              const char           *name)
{
  FileEntry *entry = g_hash_table_lookup (self->files, name);

  if (entry == NULL)
    return;
  entry_unregister (self, entry);
  entry_decided (self, entry);
  g_hash_table_remove (self->files, name);
}

static void
delete_runtime_file (GenkitRuntimeMonitor *self,
                     FileEntry            *entry)
{
  g_autoptr(GError) error = NULL;

  /* `removeRuntime()`: the CLI deletes the file of an unhealthy runtime. */
  if (!g_file_delete (entry->file, NULL, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    g_debug ("Could not delete the runtime file %s: %s", entry->name, error->message);
}

static void
refuse (GenkitRuntimeMonitor *self,
        FileEntry            *entry,
        const GError         *error)
{
  entry_unregister (self, entry);
  g_signal_emit (self, signals[RUNTIME_REFUSED], 0, entry->name, error);
}

/* One pass over a file: read, parse, check, health-check, register ------------------------- */

static void
notify_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* `notifyRuntime()` only logs a failure. */
  if (!_genkit_remote_runtime_notify_finish (GENKIT_REMOTE_RUNTIME (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Failed to notify runtime %s: %s",
             genkit_remote_runtime_get_id (GENKIT_REMOTE_RUNTIME (object)), error->message);
}

static void
health_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autofree char *telemetry_url = NULL;
  g_autoptr(PassData) data = user_data;
  GenkitRemoteRuntime *runtime = GENKIT_REMOTE_RUNTIME (object);
  g_autoptr(GError) error = NULL;
  GenkitRuntimeMonitor *self;
  FileEntry *entry;
  gboolean healthy;
  int spec_version;

  healthy = genkit_remote_runtime_check_health_finish (runtime, result, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  self = data->self;
  entry = g_hash_table_lookup (self->files, data->name);
  g_assert (entry != NULL && entry->cancellable == data->cancellable);

  if (!healthy)
    {
      g_debug ("Removed unhealthy runtime %s: %s", entry->name, error->message);
      delete_runtime_file (self, entry);
      entry_forget (self, data->name);
      return;
    }

  /* The spec-version check of `handleNewRuntime()`. */
  spec_version = genkit_remote_runtime_get_reflection_api_spec_version (runtime);
  if (spec_version > GENKIT_REFLECTION_API_SPEC_VERSION)
    {
      g_autoptr(GError) refusal =
        g_error_new (GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                     "The runtime %s speaks reflection API version %d; this Genkit Studio "
                     "speaks version %d. Update Genkit Studio to use it.",
                     genkit_remote_runtime_get_id (runtime), spec_version,
                     GENKIT_REFLECTION_API_SPEC_VERSION);

      g_warning ("%s", refusal->message);
      refuse (self, entry, refusal);
      entry_decided (self, entry);
      return;
    }
  if (spec_version < GENKIT_REFLECTION_API_SPEC_VERSION)
    g_debug ("The runtime %s is older than this Genkit Studio; some features may not be "
             "supported (expected reflection API %d, got %d)",
             genkit_remote_runtime_get_id (runtime), GENKIT_REFLECTION_API_SPEC_VERSION,
             spec_version);

  entry_register (self, entry, runtime, g_object_get_data (G_OBJECT (runtime), "genkit-content"));
  entry_decided (self, entry);

  if (self->runtime_telemetry_urls)
    telemetry_url = _genkit_runtime_telemetry_url (self->telemetry_server_url,
                                                   genkit_remote_runtime_get_id (runtime));
  else
    telemetry_url = g_strdup (self->telemetry_server_url);
  _genkit_remote_runtime_notify_async (runtime, telemetry_url, self->cancellable, notify_cb, NULL);
}

static gboolean retry_cb (gpointer user_data);

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(PassData) data = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) content = NULL;
  g_autoptr(JsonObject) info = NULL;
  g_autoptr(GenkitRemoteRuntime) runtime = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  GenkitRuntimeMonitor *self;
  FileEntry *entry;

  g_file_load_contents_finish (G_FILE (object), result, &text, &len, NULL, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  self = data->self;
  entry = g_hash_table_lookup (self->files, data->name);
  g_assert (entry != NULL && entry->cancellable == data->cancellable);

  if (error != NULL &&
      (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND) ||
       g_error_matches (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY)))
    {
      entry_forget (self, data->name);
      return;
    }

  if (error == NULL)
    content = genkit_json_parse (text, (gssize) len, &error);

  if (content == NULL)
    {
      /* Maybe still being written: try again a little later. */
      if (++entry->attempts < READ_ATTEMPTS)
        {
          entry->pending = g_timeout_source_new (READ_RETRY_MS);
          g_source_set_callback (entry->pending, retry_cb,
                                 pass_data_new (self, entry->cancellable, entry->name, NULL),
                                 (GDestroyNotify) pass_data_free);
          g_source_attach (entry->pending, self->context);
          return;
        }

      g_debug ("Error processing file %s: %s", entry->name, error->message);
      g_prefix_error (&error, "Error processing file %s: ", entry->name);
      refuse (self, entry, error);
      entry_decided (self, entry);
      return;
    }

  /* Rewritten with the same content: nothing changed. */
  if (entry->runtime != NULL && entry->content != NULL && json_node_equal (entry->content, content))
    {
      entry_decided (self, entry);
      return;
    }

  if (!JSON_NODE_HOLDS_OBJECT (content))
    {
      g_set_error (&error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Unexpected file in the runtimes directory: %s is not a JSON object",
                   entry->name);
      refuse (self, entry, error);
      entry_decided (self, entry);
      return;
    }

  /* The CLI sets `projectName` to the name of the directory that holds `.genkit`. */
  info = json_object_new ();
  {
    g_autoptr(GList) members = json_object_get_members (json_node_get_object (content));

    for (GList *l = members; l != NULL; l = l->next)
      json_object_set_member (info, l->data,
                              json_node_copy (json_object_get_member (json_node_get_object (content),
                                                                      l->data)));
  }
  json_object_set_string_member (info, "projectName", self->project_name);

  if (!(runtime = genkit_remote_runtime_new_from_info (info, &error)))
    {
      g_debug ("Unexpected file in the runtimes directory: %s: %s", entry->name, error->message);
      g_prefix_error (&error, "Unexpected file in the runtimes directory (%s): ", entry->name);
      refuse (self, entry, error);
      entry_decided (self, entry);
      return;
    }

  g_object_set_data_full (G_OBJECT (runtime), "genkit-content", json_node_ref (content),
                          (GDestroyNotify) json_node_unref);
  genkit_remote_runtime_check_health_async (runtime, entry->cancellable, health_cb,
                                            pass_data_new (self, entry->cancellable,
                                                           entry->name, runtime));
}

static void
read_file (GenkitRuntimeMonitor *self,
           FileEntry            *entry)
{
  g_file_load_contents_async (entry->file, entry->cancellable, load_cb,
                              pass_data_new (self, entry->cancellable, entry->name, NULL));
}

static gboolean
retry_cb (gpointer user_data)
{
  PassData *data = user_data;
  FileEntry *entry;

  if (g_cancellable_is_cancelled (data->cancellable))
    return G_SOURCE_REMOVE;

  entry = g_hash_table_lookup (data->self->files, data->name);
  g_clear_pointer (&entry->pending, g_source_unref);
  read_file (data->self, entry);
  return G_SOURCE_REMOVE;
}

static gboolean
settled_cb (gpointer user_data)
{
  PassData *data = user_data;
  FileEntry *entry;

  if (g_cancellable_is_cancelled (data->cancellable))
    return G_SOURCE_REMOVE;

  entry = g_hash_table_lookup (data->self->files, data->name);
  g_clear_pointer (&entry->pending, g_source_unref);
  process_file (data->self, entry);
  return G_SOURCE_REMOVE;
}

/* Starts a new pass over @entry's file, abandoning the one under way. */
static void
process_file (GenkitRuntimeMonitor *self,
              FileEntry            *entry)
{
  clear_source (&entry->pending);
  if (entry->cancellable != NULL)
    g_cancellable_cancel (entry->cancellable);
  g_clear_object (&entry->cancellable);

  entry->cancellable = g_cancellable_new ();
  entry->attempts = 0;
  read_file (self, entry);
}

static FileEntry *
ensure_entry (GenkitRuntimeMonitor *self,
              const char           *name)
{
  FileEntry *entry = g_hash_table_lookup (self->files, name);

  if (entry == NULL)
    {
      entry = g_new0 (FileEntry, 1);
      entry->name = g_strdup (name);
      entry->file = g_file_get_child (self->dir, name);
      g_hash_table_insert (self->files, entry->name, entry);
    }
  return entry;
}

/* A burst of events for @name: handle the file once the burst is over. */
static void
schedule_file (GenkitRuntimeMonitor *self,
               const char           *name)
{
  FileEntry *entry = ensure_entry (self, name);

  clear_source (&entry->pending);
  if (entry->cancellable != NULL)
    g_cancellable_cancel (entry->cancellable);
  g_clear_object (&entry->cancellable);
  entry->cancellable = g_cancellable_new ();

  entry->pending = g_timeout_source_new (EVENT_SETTLE_MS);
  g_source_set_callback (entry->pending, settled_cb,
                         pass_data_new (self, entry->cancellable, name, NULL),
                         (GDestroyNotify) pass_data_free);
  g_source_attach (entry->pending, self->context);
}

static char *
child_name (GenkitRuntimeMonitor *self,
            GFile                *file)
{
  if (file == NULL)
    return NULL;
  /* Only the directory's own entries, not the directory. */
  if (!g_file_has_parent (file, self->dir))
    return NULL;
  return g_file_get_basename (file);
}

static void
file_changed_cb (GFileMonitor      *file_monitor,
                 GFile             *file,
                 GFile             *other_file,
                 GFileMonitorEvent  event,
                 gpointer           user_data)
{
  GenkitRuntimeMonitor *self = user_data;
  g_autofree char *name = child_name (self, file);
  g_autofree char *other_name = child_name (self, other_file);

  switch (event)
    {
    case G_FILE_MONITOR_EVENT_CREATED:
    case G_FILE_MONITOR_EVENT_CHANGED:
    case G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT:
    case G_FILE_MONITOR_EVENT_MOVED_IN:
      if (name != NULL)
        schedule_file (self, name);
      break;

    case G_FILE_MONITOR_EVENT_DELETED:
    case G_FILE_MONITOR_EVENT_MOVED_OUT:
      if (name != NULL)
        entry_forget (self, name);
      break;

    case G_FILE_MONITOR_EVENT_RENAMED:
      /* An atomic write: a temporary file renamed over the runtime file. */
      if (name != NULL)
        entry_forget (self, name);
      if (other_name != NULL)
        schedule_file (self, other_name);
      break;

    case G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED:
    case G_FILE_MONITOR_EVENT_PRE_UNMOUNT:
    case G_FILE_MONITOR_EVENT_UNMOUNTED:
    default:
      break;
    }
}

/* Periodic health checks ------------------------------------------------------------------ */

static void
periodic_health_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(PassData) data = user_data;
  g_autoptr(GError) error = NULL;
  GenkitRuntimeMonitor *self;
  FileEntry *entry;
  gboolean healthy;

  healthy = genkit_remote_runtime_check_health_finish (GENKIT_REMOTE_RUNTIME (object), result,
                                                       &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;

  self = data->self;
  entry = g_hash_table_lookup (self->files, data->name);
  /* The file changed or went while the check ran. */
  if (entry == NULL || entry->runtime != data->runtime)
    return;
  entry->checking = FALSE;

  if (!healthy)
    {
      g_debug ("Removed unhealthy runtime %s: %s", entry->name, error->message);
      delete_runtime_file (self, entry);
      entry_forget (self, data->name);
    }
}

static gboolean
health_timer_cb (gpointer user_data)
{
  GenkitRuntimeMonitor *self = user_data;
  GHashTableIter iter;
  FileEntry *entry;

  g_hash_table_iter_init (&iter, self->files);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &entry))
    {
      if (entry->runtime == NULL || entry->checking)
        continue;

      entry->checking = TRUE;
      genkit_remote_runtime_check_health_async (entry->runtime, self->cancellable,
                                                periodic_health_cb,
                                                pass_data_new (self, self->cancellable,
                                                               entry->name, entry->runtime));
    }
  return G_SOURCE_CONTINUE;
}

static void
restart_health_timer (GenkitRuntimeMonitor *self)
{
  clear_source (&self->health_source);
  if (!self->started || self->health_check_interval == 0)
    return;

  self->health_source = g_timeout_source_new (self->health_check_interval);
  g_source_set_callback (self->health_source, health_timer_cb, self, NULL);
  g_source_attach (self->health_source, self->context);
}

/* Public API ------------------------------------------------------------------------------ */

/**
 * genkit_runtime_monitor_new:
 * @project_root: (type filename): the project's root directory, e.g. from
 *   [func@Genkit.find_project_root]
 *
 * Makes a monitor of the runtimes of the project at @project_root. It watches nothing until
 * [method@Genkit.RuntimeMonitor.start] is called.
 *
 * Returns: (transfer full): a new monitor
 */
GenkitRuntimeMonitor *
genkit_runtime_monitor_new (const char *project_root)
{
  g_return_val_if_fail (project_root != NULL, NULL);

  return g_object_new (GENKIT_TYPE_RUNTIME_MONITOR, "project-root", project_root, NULL);
}

/**
 * genkit_runtime_monitor_start:
 * @self: a [class@Genkit.RuntimeMonitor]
 * @error: return location for an error (a #GIOError when the runtimes directory cannot be
 *   created, listed or watched)
 *
 * Creates `<project_root>/.genkit/runtimes/` if it is missing, starts watching it, and
 * starts reading the discovery files already there, on the thread-default main context.
 * [property@Genkit.RuntimeMonitor:loading] stays %TRUE until every one of them has been
 * added or turned away. Calling it again does nothing.
 *
 * Returns: %TRUE on success
 */
gboolean
genkit_runtime_monitor_start (GenkitRuntimeMonitor  *self,
                              GError               **error)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) initial = g_ptr_array_new ();

  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), FALSE);

  if (self->started)
    return TRUE;

  /* `setupRuntimesWatcher()`: `fs.mkdir(runtimesDir, {recursive: true})`. */
  if (!g_file_make_directory_with_parents (self->dir, NULL, &local_error) &&
      !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_error (&local_error);

  self->context = g_main_context_ref_thread_default ();
  self->file_monitor = g_file_monitor_directory (self->dir, G_FILE_MONITOR_WATCH_MOVES, NULL,
                                                 error);
  if (self->file_monitor == NULL)
    {
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }
  g_signal_connect_object (self->file_monitor, "changed", G_CALLBACK (file_changed_cb), self, 0);

  children = g_file_enumerate_children (self->dir, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NONE, NULL, error);
  if (children == NULL)
    {
      g_file_monitor_cancel (self->file_monitor);
      g_clear_object (&self->file_monitor);
      g_clear_pointer (&self->context, g_main_context_unref);
      return FALSE;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      FileEntry *entry;

      if (!g_file_enumerator_iterate (children, &info, NULL, NULL, &local_error))
        {
          g_debug ("Could not list %s: %s", g_file_peek_path (self->dir), local_error->message);
          g_clear_error (&local_error);
          break;
        }
      if (info == NULL)
        break;

      entry = ensure_entry (self, g_file_info_get_name (info));
      if (!entry->initial)
        {
          entry->initial = TRUE;
          self->n_initial++;
          g_ptr_array_add (initial, entry);
        }
    }

  self->started = TRUE;
  self->loading = self->n_initial > 0;
  if (self->loading)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  for (guint i = 0; i < initial->len; i++)
    process_file (self, g_ptr_array_index (initial, i));

  restart_health_timer (self);
  return TRUE;
}

/**
 * genkit_runtime_monitor_get_project_root:
 * @self: a [class@Genkit.RuntimeMonitor]
 *
 * Gets [property@Genkit.RuntimeMonitor:project-root].
 *
 * Returns: (type filename): the project root
 */
const char *
genkit_runtime_monitor_get_project_root (GenkitRuntimeMonitor *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), NULL);
  return self->project_root;
}

/**
 * genkit_runtime_monitor_get_telemetry_server_url:
 * @self: a [class@Genkit.RuntimeMonitor]
 *
 * Gets [property@Genkit.RuntimeMonitor:telemetry-server-url].
 *
 * Returns: (nullable): the URL sent to new runtimes
 */
const char *
genkit_runtime_monitor_get_telemetry_server_url (GenkitRuntimeMonitor *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), NULL);
  return self->telemetry_server_url;
}

/**
 * genkit_runtime_monitor_set_telemetry_server_url:
 * @self: a [class@Genkit.RuntimeMonitor]
 * @url: (nullable): the base URL of a Genkit telemetry server, or %NULL
 *
 * Sets [property@Genkit.RuntimeMonitor:telemetry-server-url]. Runtimes added from now on
 * are told about it; runtimes already added are not, except those connected over
 * reflection API v2, which get a `configure` notification.
 */
void
genkit_runtime_monitor_set_telemetry_server_url (GenkitRuntimeMonitor *self,
                                                 const char           *url)
{
  g_return_if_fail (GENKIT_IS_RUNTIME_MONITOR (self));

  if (g_strcmp0 (self->telemetry_server_url, url) == 0)
    return;
  g_free (self->telemetry_server_url);
  self->telemetry_server_url = g_strdup (url);
  if (self->v2_server != NULL)
    genkit_reflection_v2_server_set_telemetry_server_url (self->v2_server, url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TELEMETRY_SERVER_URL]);
}

/**
 * genkit_runtime_monitor_get_runtime_telemetry_urls:
 * @self: a [class@Genkit.RuntimeMonitor]
 *
 * Gets [property@Genkit.RuntimeMonitor:runtime-telemetry-urls].
 *
 * Returns: whether runtimes are told their own telemetry URL
 */
gboolean
genkit_runtime_monitor_get_runtime_telemetry_urls (GenkitRuntimeMonitor *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), FALSE);
  return self->runtime_telemetry_urls;
}

/**
 * genkit_runtime_monitor_set_runtime_telemetry_urls:
 * @self: a [class@Genkit.RuntimeMonitor]
 * @runtime_telemetry_urls: whether to tell runtimes their own telemetry URL
 *
 * Sets [property@Genkit.RuntimeMonitor:runtime-telemetry-urls]. Runtimes added from now on
 * are told accordingly.
 */
void
genkit_runtime_monitor_set_runtime_telemetry_urls (GenkitRuntimeMonitor *self,
                                                   gboolean              runtime_telemetry_urls)
{
  g_return_if_fail (GENKIT_IS_RUNTIME_MONITOR (self));

  runtime_telemetry_urls = !!runtime_telemetry_urls;
  if (self->runtime_telemetry_urls == runtime_telemetry_urls)
    return;
  self->runtime_telemetry_urls = runtime_telemetry_urls;
  if (self->v2_server != NULL)
    _genkit_reflection_v2_server_set_runtime_telemetry_urls (self->v2_server, runtime_telemetry_urls);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNTIME_TELEMETRY_URLS]);
}

/**
 * genkit_runtime_monitor_get_health_check_interval:
 * @self: a [class@Genkit.RuntimeMonitor]
 *
 * Gets [property@Genkit.RuntimeMonitor:health-check-interval].
 *
 * Returns: the interval in milliseconds, 0 when periodic checks are off
 */
guint
genkit_runtime_monitor_get_health_check_interval (GenkitRuntimeMonitor *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), 0);
  return self->health_check_interval;
}

/**
 * genkit_runtime_monitor_set_health_check_interval:
 * @self: a [class@Genkit.RuntimeMonitor]
 * @interval_ms: the interval in milliseconds, 0 to stop periodic checks
 *
 * Sets [property@Genkit.RuntimeMonitor:health-check-interval].
 */
void
genkit_runtime_monitor_set_health_check_interval (GenkitRuntimeMonitor *self,
                                                  guint                 interval_ms)
{
  g_return_if_fail (GENKIT_IS_RUNTIME_MONITOR (self));

  if (self->health_check_interval == interval_ms)
    return;
  self->health_check_interval = interval_ms;
  restart_health_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEALTH_CHECK_INTERVAL]);
}

/**
 * genkit_runtime_monitor_get_loading:
 * @self: a [class@Genkit.RuntimeMonitor]
 *
 * Gets [property@Genkit.RuntimeMonitor:loading].
 *
 * Returns: %TRUE while files found at start are still being checked
 */
gboolean
genkit_runtime_monitor_get_loading (GenkitRuntimeMonitor *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), FALSE);
  return self->loading;
}

/**
 * genkit_runtime_monitor_get_current_runtime:
 * @self: a [class@Genkit.RuntimeMonitor]
 *
 * Gets [property@Genkit.RuntimeMonitor:current-runtime].
 *
 * Returns: (transfer none) (nullable): the runtime with the latest `timestamp`, or %NULL
 *   when there is none
 */
GenkitRuntime *
genkit_runtime_monitor_get_current_runtime (GenkitRuntimeMonitor *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), NULL);
  return self->current;
}

/**
 * genkit_runtime_monitor_lookup_runtime:
 * @self: a [class@Genkit.RuntimeMonitor]
 * @id: a runtime id, as in [property@Genkit.Runtime:id]
 *
 * Finds a runtime by its id (`getRuntimeById()` in the CLI's manager).
 *
 * Returns: (transfer none) (nullable): the runtime, or %NULL
 */
GenkitRuntime *
genkit_runtime_monitor_lookup_runtime (GenkitRuntimeMonitor *self,
                                       const char           *id)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->runtimes->len; i++)
    {
      GenkitRemoteRuntime *runtime = g_ptr_array_index (self->runtimes, i);

      if (g_strcmp0 (genkit_remote_runtime_get_id (runtime), id) == 0)
        return GENKIT_RUNTIME (runtime);
    }
  return self->v2_server ? genkit_reflection_v2_server_lookup_runtime (self->v2_server, id) : NULL;
}

static void
v2_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  GenkitRuntimeMonitor *self = user_data;

  g_list_model_items_changed (G_LIST_MODEL (self), self->runtimes->len + position, removed, added);
  update_current (self);
}

/**
 * genkit_runtime_monitor_listen_v2:
 * @self: a [class@Genkit.RuntimeMonitor]
 * @port: the port, or 0 for Genkit's choice: the first free one from 3200 to 3400
 * @error: return location for an error
 *
 * Also accepts runtimes over reflection API v2, as `genkit start
 * --experimental-reflection-v2` does: starts a [class@Genkit.ReflectionV2Server] whose
 * runtimes join this model and whose `register` answers name
 * [property@Genkit.RuntimeMonitor:telemetry-server-url]. Start runtimes with
 * `GENKIT_REFLECTION_V2_SERVER` set to [method@Genkit.RuntimeMonitor.get_v2_server]'s URL.
 *
 * Returns: %TRUE when listening; %FALSE with the server's error (`UNAVAILABLE` when no port
 *   is free, `FAILED_PRECONDITION` when already listening)
 */
gboolean
genkit_runtime_monitor_listen_v2 (GenkitRuntimeMonitor  *self,
                                  guint                  port,
                                  GError               **error)
{
  g_autoptr(GenkitReflectionV2Server) server = NULL;

  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), FALSE);

  if (self->v2_server != NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                   "The runtime monitor already accepts v2 runtimes at %s",
                   genkit_reflection_v2_server_get_url (self->v2_server));
      return FALSE;
    }

  server = genkit_reflection_v2_server_new ();
  _genkit_reflection_v2_server_set_runtime_telemetry_urls (server, self->runtime_telemetry_urls);
  genkit_reflection_v2_server_set_telemetry_server_url (server, self->telemetry_server_url);
  if (!genkit_reflection_v2_server_listen (server, port, error))
    return FALSE;
  self->v2_server = g_steal_pointer (&server);
  g_signal_connect (self->v2_server, "items-changed", G_CALLBACK (v2_items_changed_cb), self);
  return TRUE;
}

/**
 * genkit_runtime_monitor_get_v2_server:
 * @self: a [class@Genkit.RuntimeMonitor]
 *
 * Gets the reflection API v2 server of [method@Genkit.RuntimeMonitor.listen_v2].
 *
 * Returns: (transfer none) (nullable): the server, or %NULL when v2 is not accepted
 */
GenkitReflectionV2Server *
genkit_runtime_monitor_get_v2_server (GenkitRuntimeMonitor *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME_MONITOR (self), NULL);
  return self->v2_server;
}

/* GObject --------------------------------------------------------------------------------- */

static void
genkit_runtime_monitor_constructed (GObject *object)
{
  GenkitRuntimeMonitor *self = GENKIT_RUNTIME_MONITOR (object);
  g_autofree char *runtimes_dir = NULL;

  G_OBJECT_CLASS (genkit_runtime_monitor_parent_class)->constructed (object);

  g_return_if_fail (self->project_root != NULL);
  runtimes_dir = genkit_project_get_runtimes_dir (self->project_root);
  self->dir = g_file_new_for_path (runtimes_dir);
  self->project_name = g_path_get_basename (self->project_root);
}

static void
genkit_runtime_monitor_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  GenkitRuntimeMonitor *self = GENKIT_RUNTIME_MONITOR (object);

  switch (prop_id)
    {
    case PROP_PROJECT_ROOT:
      g_value_set_string (value, self->project_root);
      break;
    case PROP_TELEMETRY_SERVER_URL:
      g_value_set_string (value, self->telemetry_server_url);
      break;
    case PROP_RUNTIME_TELEMETRY_URLS:
      g_value_set_boolean (value, self->runtime_telemetry_urls);
      break;
    case PROP_HEALTH_CHECK_INTERVAL:
      g_value_set_uint (value, self->health_check_interval);
      break;
    case PROP_CURRENT_RUNTIME:
      g_value_set_object (value, self->current);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_runtime_monitor_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  GenkitRuntimeMonitor *self = GENKIT_RUNTIME_MONITOR (object);

  switch (prop_id)
    {
    case PROP_PROJECT_ROOT:
      self->project_root = g_value_dup_string (value);
      break;
    case PROP_TELEMETRY_SERVER_URL:
      genkit_runtime_monitor_set_telemetry_server_url (self, g_value_get_string (value));
      break;
    case PROP_RUNTIME_TELEMETRY_URLS:
      genkit_runtime_monitor_set_runtime_telemetry_urls (self, g_value_get_boolean (value));
      break;
    case PROP_HEALTH_CHECK_INTERVAL:
      genkit_runtime_monitor_set_health_check_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_runtime_monitor_dispose (GObject *object)
{
  GenkitRuntimeMonitor *self = GENKIT_RUNTIME_MONITOR (object);

  g_cancellable_cancel (self->cancellable);
  clear_source (&self->health_source);
  if (self->file_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->file_monitor, self);
      g_file_monitor_cancel (self->file_monitor);
      g_clear_object (&self->file_monitor);
    }
  g_hash_table_remove_all (self->files);
  g_ptr_array_set_size (self->runtimes, 0);
  self->current = NULL;
  if (self->v2_server != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->v2_server, self);
      genkit_reflection_v2_server_stop (self->v2_server);
      g_clear_object (&self->v2_server);
    }

  G_OBJECT_CLASS (genkit_runtime_monitor_parent_class)->dispose (object);
}

static void
genkit_runtime_monitor_finalize (GObject *object)
{
  GenkitRuntimeMonitor *self = GENKIT_RUNTIME_MONITOR (object);

  g_clear_pointer (&self->files, g_hash_table_unref);
  g_clear_pointer (&self->runtimes, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->dir);
  g_free (self->project_root);
  g_free (self->project_name);
  g_free (self->telemetry_server_url);

  G_OBJECT_CLASS (genkit_runtime_monitor_parent_class)->finalize (object);
}

static void
genkit_runtime_monitor_class_init (GenkitRuntimeMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = genkit_runtime_monitor_constructed;
  object_class->get_property = genkit_runtime_monitor_get_property;
  object_class->set_property = genkit_runtime_monitor_set_property;
  object_class->dispose = genkit_runtime_monitor_dispose;
  object_class->finalize = genkit_runtime_monitor_finalize;

  /**
   * GenkitRuntimeMonitor:project-root:
   *
   * The project's root directory; the discovery files are in its `.genkit/runtimes/`.
   */
  properties[PROP_PROJECT_ROOT] =
    g_param_spec_string ("project-root", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRuntimeMonitor:telemetry-server-url:
   *
   * The telemetry server every newly added runtime is told about with `POST /api/notify`
   * (the studio's own, so it receives their traces), as the runtime's own URL
   * `<url>/runtimes/<runtime id>` (see [class@Genkit.TelemetryServer]) so that its traces
   * are recorded as the runtime's. When %NULL the notification carries
   * only `reflectionApiSpecVersion`, as the CLI's does when it has no telemetry server.
   */
  properties[PROP_TELEMETRY_SERVER_URL] =
    g_param_spec_string ("telemetry-server-url", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRuntimeMonitor:runtime-telemetry-urls:
   *
   * Whether `POST /api/notify` (and, for v2 runtimes, the `register` answer and
   * `configure`) gives each runtime its own URL under
   * [property@Genkit.RuntimeMonitor:telemetry-server-url] (`<url>/runtimes/<runtime id>`,
   * which only a [class@Genkit.TelemetryServer] serves) rather than the URL itself. On by
   * default; turn it off when the telemetry server may be Genkit's own.
   */
  properties[PROP_RUNTIME_TELEMETRY_URLS] =
    g_param_spec_boolean ("runtime-telemetry-urls", NULL, NULL, TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRuntimeMonitor:health-check-interval:
   *
   * How often, in milliseconds, every runtime's health is checked again; 0 turns the
   * periodic checks off. The Genkit CLI's interval is 5000 ms.
   */
  properties[PROP_HEALTH_CHECK_INTERVAL] =
    g_param_spec_uint ("health-check-interval", NULL, NULL, 0, G_MAXUINT,
                       DEFAULT_HEALTH_CHECK_INTERVAL_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRuntimeMonitor:current-runtime:
   *
   * The runtime with the latest [property@Genkit.RemoteRuntime:timestamp], the one the
   * Genkit CLI talks to when no runtime is named (`getMostRecentRuntime()`); %NULL while
   * there is none.
   */
  properties[PROP_CURRENT_RUNTIME] =
    g_param_spec_object ("current-runtime", NULL, NULL, GENKIT_TYPE_RUNTIME,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitRuntimeMonitor:loading:
   *
   * %TRUE from [method@Genkit.RuntimeMonitor.start] until every discovery file that was
   * already there has been read, checked, and its runtime added or turned away.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GenkitRuntimeMonitor::runtime-refused:
   * @self: the monitor
   * @file_name: the discovery file's name in the runtimes directory
   * @error: why: `GENKIT_ERROR_INVALID_ARGUMENT` for a file that is not a valid discovery
   *   file, a #JsonParserError for one that is still not JSON after 10 reads,
   *   `GENKIT_ERROR_FAILED_PRECONDITION` for a runtime that speaks a newer reflection API
   *
   * Emitted when a file in the runtimes directory does not give a runtime the monitor can
   * use. The file is left alone (as the Genkit CLI leaves it); a runtime it described
   * before is removed.
   */
  signals[RUNTIME_REFUSED] =
    g_signal_new ("runtime-refused",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
genkit_runtime_monitor_init (GenkitRuntimeMonitor *self)
{
  self->cancellable = g_cancellable_new ();
  self->health_check_interval = DEFAULT_HEALTH_CHECK_INTERVAL_MS;
  self->runtime_telemetry_urls = TRUE;
  self->files = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                       (GDestroyNotify) file_entry_free);
  self->runtimes = g_ptr_array_new_with_free_func (g_object_unref);
}
