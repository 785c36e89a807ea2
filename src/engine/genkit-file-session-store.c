/* genkit-file-session-store.c — session snapshots as JSON files in Genkit's FileSessionStore layout
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-file-session-store.h"
#include "genkit-json.h"
#include "genkit-session-private.h"
#include "genkit-session-store-private.h"

/**
 * GenkitFileSessionStore:
 *
 * A [iface@Genkit.SessionStore] that keeps each snapshot in a JSON file, in exactly the layout
 * of Genkit's `FileSessionStore` (`js/ai/src/session-stores.ts`), so that a directory can be
 * shared with, or moved to and from, a JavaScript Genkit app:
 *
 * - `<directory>/<prefix>/<snapshotId>.json`: the snapshot, as `JSON.stringify (snapshot,
 *   null, 2)` writes it; the prefix is `global` unless a prefix function picks one per
 *   tenant ([method@Genkit.FileSessionStore.set_prefix_func]);
 * - `<directory>/<prefix>/.pointers/<sessionId>.json`: `{"currentSnapshotId", "updatedAt"}`,
 *   the session's leaf, so that a lookup by session id reads two files instead of scanning
 *   the directory (a missing or stale pointer falls back to the scan and is rewritten).
 *
 * Files are written to a temporary name, synced and renamed over the target, so a reader
 * never sees half a snapshot. Ids with path separators, NUL, `.` or `..` are refused. Saves
 * of one store are serialized, so a read-modify-write is atomic within the process. The file
 * work and the mutators run on worker threads. Watched snapshots are re-read every
 * [property@Genkit.FileSessionStore:watch-interval] milliseconds (other processes may write
 * them).
 */

#define POINTERS_DIR ".pointers"

struct _GenkitFileSessionStore
{
  GObject                  parent_instance;

  char                    *directory;
  gboolean                 reject_branching;
  guint                    max_chain_length;
  GMutex                   write_lock;     /* serializes saves (worker threads) */

  GenkitSessionPrefix      prefix;

  GMainContext            *context;
  guint                    watch_interval;
  GHashTable              *watches;        /* "prefix\x1fid" → GenkitSessionWatch */
  guint                    watch_source;
  gboolean                 poll_pending;
};

static void session_store_iface_init (GenkitSessionStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitFileSessionStore, genkit_file_session_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SESSION_STORE,
                                                      session_store_iface_init))

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_REJECT_BRANCHING,
  PROP_MAX_CHAIN_LENGTH,
  PROP_WATCH_INTERVAL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* JSON.stringify (value, null, 2) ------------------------------------------------------------- */

static void
append_indent (GString *out,
               guint    level)
{
  g_string_append_c (out, '\n');
  for (guint i = 0; i < level; i++)
    g_string_append (out, "  ");
}

static void
append_pretty (GString  *out,
               JsonNode *node,
               guint     level)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      if (members == NULL)
        {
          g_string_append (out, "{}");
          return;
        }
      g_string_append_c (out, '{');
      for (GList *l = members; l != NULL; l = l->next)
        {
          g_autoptr(JsonNode) key = json_node_init_string (json_node_alloc (), l->data);
          g_autofree char *key_text = _gk_json_stringify (key);

          append_indent (out, level + 1);
          g_string_append (out, key_text);
          g_string_append (out, ": ");
          append_pretty (out, json_object_get_member (object, l->data), level + 1);
          if (l->next != NULL)
            g_string_append_c (out, ',');
        }
      append_indent (out, level);
      g_string_append_c (out, '}');
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint n = json_array_get_length (array);

      if (n == 0)
        {
          g_string_append (out, "[]");
          return;
        }
      g_string_append_c (out, '[');
      for (guint i = 0; i < n; i++)
        {
          append_indent (out, level + 1);
          append_pretty (out, json_array_get_element (array, i), level + 1);
          if (i + 1 < n)
            g_string_append_c (out, ',');
        }
      append_indent (out, level);
      g_string_append_c (out, ']');
    }
  else
    {
      g_autofree char *text = _gk_json_stringify (node);

      g_string_append (out, text);
    }
}

static char *
stringify_pretty (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  append_pretty (out, node, 0);
  return g_string_free (out, FALSE);
}

/* Files (worker threads) ---------------------------------------------------------------------- */

typedef struct
{
  char                  *directory;       /* <directory>/<prefix> */
  char                  *snapshot_id;
  char                  *session_id;
  gboolean               reject_branching;
  guint                  max_chain_length;
  GenkitSnapshotMutator  mutator;
  gpointer               mutator_data;
  GDestroyNotify         mutator_destroy;
  GPtrArray             *watched;         /* poll: of GenkitSessionWatch (prefix, id) */
  char                  *root;            /* poll: the store's directory */
} Call;

typedef struct
{
  char                  *id;
  GenkitSessionSnapshot *snapshot;
} Saved;

static void
call_free (Call *call)
{
  if (call->mutator_destroy != NULL)
    call->mutator_destroy (call->mutator_data);
  g_free (call->directory);
  g_free (call->snapshot_id);
  g_free (call->session_id);
  g_clear_pointer (&call->watched, g_ptr_array_unref);
  g_free (call->root);
  g_free (call);
}

static void
saved_free (Saved *saved)
{
  g_free (saved->id);
  g_clear_pointer (&saved->snapshot, genkit_session_snapshot_unref);
  g_free (saved);
}

static char *
snapshot_path (const char *directory,
               const char *snapshot_id)
{
  g_autofree char *name = g_strconcat (snapshot_id, ".json", NULL);

  return g_build_filename (directory, name, NULL);
}

static char *
pointer_path (const char *directory,
              const char *session_id)
{
  g_autofree char *name = g_strconcat (session_id, ".json", NULL);

  return g_build_filename (directory, POINTERS_DIR, name, NULL);
}

/* Reads one snapshot file: %TRUE and *out = NULL when it does not exist. */
static gboolean
read_snapshot_file (const char             *path,
                    const char             *snapshot_id,
                    GenkitSessionSnapshot **out,
                    char                  **text_out,
                    GError                **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length = 0;

  *out = NULL;
  if (!g_file_get_contents (path, &text, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   "Session store: %s", local_error->message);
      return FALSE;
    }
  if ((node = genkit_json_parse (text, length, &local_error)) == NULL ||
      (*out = genkit_session_snapshot_new_from_json (node, &local_error)) == NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_DATA_LOSS,
                   "Session store: snapshot %s is damaged: %s", snapshot_id, local_error->message);
      return FALSE;
    }
  if (text_out != NULL)
    *text_out = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
write_file (const char  *path,
            const char  *text,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   "Session store: cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  /* A temporary file, synced, renamed over the target: readers see the old or the new. */
  if (!g_file_set_contents_full (path, text, -1,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   "Session store: %s", local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* The pointer is only a shortcut: failing to write it never fails a save. */
static void
write_pointer (const char *directory,
               const char *session_id,
               const char *snapshot_id)
{
  g_autofree char *path = pointer_path (directory, session_id);
  g_autofree char *now = _genkit_iso_timestamp_now ();
  g_autoptr(JsonObject) pointer = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  json_object_set_string_member (pointer, "currentSnapshotId", snapshot_id);
  json_object_set_string_member (pointer, "updatedAt", now);
  node = json_node_init_object (json_node_alloc (), pointer);
  text = stringify_pretty (node);
  write_file (path, text, NULL);
}

static char *
read_pointer (const char *directory,
              const char *session_id)
{
  g_autofree char *path = pointer_path (directory, session_id);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  gsize length = 0;
  const char *current;

  if (!g_file_get_contents (path, &text, &length, NULL) ||
      (node = genkit_json_parse (text, length, NULL)) == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  current = _genkit_json_get_string (json_node_get_object (node), "currentSnapshotId");
  if (current == NULL || !_genkit_session_check_id (current, "snapshotId", NULL))
    return NULL;
  return g_strdup (current);
}

static GPtrArray *
scan_snapshots (const char  *directory,
                const char  *session_id,
                GError     **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_session_snapshot_unref);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *name;

  if ((dir = g_dir_open (directory, 0, &local_error)) == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&found);
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   "Session store: %s", local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *id = NULL;
      g_autoptr(GenkitSessionSnapshot) snapshot = NULL;

      if (!g_str_has_suffix (name, ".json"))
        continue;
      path = g_build_filename (directory, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      id = g_strndup (name, strlen (name) - strlen (".json"));
      if (!read_snapshot_file (path, id, &snapshot, NULL, error))
        return NULL;
      if (snapshot != NULL &&
          (session_id == NULL ||
           g_strcmp0 (genkit_session_snapshot_get_session_id (snapshot), session_id) == 0))
        g_ptr_array_add (found, g_steal_pointer (&snapshot));
    }
  return g_steal_pointer (&found);
}

static void
get_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Call *call = task_data;
  g_autoptr(GPtrArray) owned = NULL;
  GenkitSessionSnapshot *snapshot = NULL;
  GError *error = NULL;

  if (call->snapshot_id != NULL)
    {
      g_autofree char *path = snapshot_path (call->directory, call->snapshot_id);

      if (!read_snapshot_file (path, call->snapshot_id, &snapshot, NULL, &error))
        g_task_return_error (task, error);
      else
        g_task_return_pointer (task, snapshot, (GDestroyNotify) genkit_session_snapshot_unref);
      return;
    }

  /* The pointer first, unless branches must be seen: that needs every leaf. */
  if (!call->reject_branching)
    {
      g_autofree char *current = read_pointer (call->directory, call->session_id);

      if (current != NULL)
        {
          g_autofree char *path = snapshot_path (call->directory, current);

          if (read_snapshot_file (path, current, &snapshot, NULL, NULL) && snapshot != NULL &&
              g_strcmp0 (genkit_session_snapshot_get_session_id (snapshot), call->session_id) == 0)
            {
              g_task_return_pointer (task, snapshot, (GDestroyNotify) genkit_session_snapshot_unref);
              return;
            }
          g_clear_pointer (&snapshot, genkit_session_snapshot_unref);
        }
    }

  if ((owned = scan_snapshots (call->directory, call->session_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  snapshot = genkit_session_select_leaf (owned, call->session_id, call->reject_branching, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (snapshot != NULL)
    write_pointer (call->directory, call->session_id, genkit_session_snapshot_get_snapshot_id (snapshot));
  g_task_return_pointer (task, snapshot, (GDestroyNotify) genkit_session_snapshot_unref);
}

/* Genkit's maxPersistedChainLength: keeps the newest snapshots of the chain ending at @leaf. */
static void
trim_chain (const char            *directory,
            GenkitSessionSnapshot *leaf,
            guint                  max_length)
{
  g_autoptr(GPtrArray) chain = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GenkitSessionSnapshot) current = genkit_session_snapshot_ref (leaf);

  while (current != NULL)
    {
      const char *parent = genkit_session_snapshot_get_parent_id (current);
      g_autoptr(GenkitSessionSnapshot) next = NULL;
      g_autofree char *path = NULL;

      g_ptr_array_add (chain, g_strdup (genkit_session_snapshot_get_snapshot_id (current)));
      g_hash_table_add (seen, chain->pdata[chain->len - 1]);
      if (parent == NULL || g_hash_table_contains (seen, parent))
        break;
      path = snapshot_path (directory, parent);
      if (!read_snapshot_file (path, parent, &next, NULL, NULL))
        break;
      g_clear_pointer (&current, genkit_session_snapshot_unref);
      current = g_steal_pointer (&next);
    }

  for (guint i = max_length; i < chain->len; i++)
    {
      g_autofree char *path = snapshot_path (directory, chain->pdata[i]);

      g_unlink (path);
    }
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GenkitFileSessionStore *self = source;
  Call *call = task_data;
  g_autoptr(GenkitSessionSnapshot) current = NULL;
  g_autoptr(GenkitSessionSnapshot) next = NULL;
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&self->write_lock);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  const char *session_id;
  GError *error = NULL;
  Saved *saved;
  char *id;

  if (call->snapshot_id != NULL)
    {
      g_autofree char *current_path = snapshot_path (call->directory, call->snapshot_id);

      if (!read_snapshot_file (current_path, call->snapshot_id, &current, NULL, &error))
        {
          g_task_return_error (task, error);
          return;
        }
    }

  next = call->mutator (current, call->mutator_data, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (next == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if ((id = _genkit_session_store_finish_snapshot (next, call->snapshot_id, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  saved = g_new0 (Saved, 1);
  saved->id = id;
  path = snapshot_path (call->directory, id);
  node = genkit_session_snapshot_to_json (next);
  text = stringify_pretty (node);
  if (!write_file (path, text, &error))
    {
      saved_free (saved);
      g_task_return_error (task, error);
      return;
    }

  /* Only a new snapshot is a new leaf; rewriting one (a heartbeat, a status) is not. */
  session_id = genkit_session_snapshot_get_session_id (next);
  if (session_id != NULL && current == NULL)
    write_pointer (call->directory, session_id, id);
  if (call->max_chain_length > 0)
    trim_chain (call->directory, next, call->max_chain_length);

  saved->snapshot = g_steal_pointer (&next);
  g_task_return_pointer (task, saved, (GDestroyNotify) saved_free);
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Call *call = task_data;
  GError *error = NULL;
  GPtrArray *snapshots;

  if ((snapshots = scan_snapshots (call->directory, call->session_id, &error)) == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, snapshots, (GDestroyNotify) g_ptr_array_unref);
}

/* Reads every watched file; the result holds their texts (NULL when missing or damaged). */
static void
poll_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Call *call = task_data;
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < call->watched->len; i++)
    {
      GenkitSessionWatch *watch = call->watched->pdata[i];
      g_autofree char *dir = g_build_filename (call->root, watch->prefix, NULL);
      g_autofree char *path = snapshot_path (dir, watch->snapshot_id);
      g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
      char *text = NULL;

      if (read_snapshot_file (path, watch->snapshot_id, &snapshot, &text, NULL) && snapshot == NULL)
        g_clear_pointer (&text, g_free);
      g_ptr_array_add (texts, text);
    }
  g_task_return_pointer (task, texts, (GDestroyNotify) g_ptr_array_unref);
}

/* GObject ------------------------------------------------------------------------------------- */

static void restart_watch_timer (GenkitFileSessionStore *self);

static void
genkit_file_session_store_dispose (GObject *object)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (object);

  g_hash_table_remove_all (self->watches);
  restart_watch_timer (self);

  G_OBJECT_CLASS (genkit_file_session_store_parent_class)->dispose (object);
}

static void
genkit_file_session_store_finalize (GObject *object)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (object);

  _genkit_session_prefix_clear (&self->prefix);
  g_mutex_clear (&self->write_lock);
  g_clear_pointer (&self->watches, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->directory);

  G_OBJECT_CLASS (genkit_file_session_store_parent_class)->finalize (object);
}

static void
genkit_file_session_store_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_REJECT_BRANCHING:
      g_value_set_boolean (value, self->reject_branching);
      break;
    case PROP_MAX_CHAIN_LENGTH:
      g_value_set_uint (value, self->max_chain_length);
      break;
    case PROP_WATCH_INTERVAL:
      g_value_set_uint (value, self->watch_interval);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_file_session_store_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      {
        const char *dir = g_value_get_string (value);

        self->directory = dir && !g_path_is_absolute (dir)
                          ? g_canonicalize_filename (dir, NULL) : g_strdup (dir);
      }
      break;
    case PROP_REJECT_BRANCHING:
      genkit_file_session_store_set_reject_branching (self, g_value_get_boolean (value));
      break;
    case PROP_MAX_CHAIN_LENGTH:
      genkit_file_session_store_set_max_chain_length (self, g_value_get_uint (value));
      break;
    case PROP_WATCH_INTERVAL:
      genkit_file_session_store_set_watch_interval (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_file_session_store_class_init (GenkitFileSessionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_file_session_store_dispose;
  object_class->finalize = genkit_file_session_store_finalize;
  object_class->get_property = genkit_file_session_store_get_property;
  object_class->set_property = genkit_file_session_store_set_property;

  /**
   * GenkitFileSessionStore:directory:
   *
   * The directory that holds the prefix directories (Genkit's `dirPath`).
   */
  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitFileSessionStore:reject-branching:
   *
   * Whether a lookup by session id fails with `FAILED_PRECONDITION` when the session has
   * branched (Genkit's `rejectBranchingSessions`); such lookups always scan the directory.
   */
  properties[PROP_REJECT_BRANCHING] =
    g_param_spec_boolean ("reject-branching", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitFileSessionStore:max-chain-length:
   *
   * When not 0, each save deletes the snapshots of its chain older than this many (Genkit's
   * `maxPersistedChainLength`).
   */
  properties[PROP_MAX_CHAIN_LENGTH] =
    g_param_spec_uint ("max-chain-length", NULL, NULL, 0, G_MAXUINT, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitFileSessionStore:watch-interval:
   *
   * How often, in milliseconds, watched snapshot files are re-read (Genkit's
   * `snapshotWatchPollIntervalMs`, 2000 by default).
   */
  properties[PROP_WATCH_INTERVAL] =
    g_param_spec_uint ("watch-interval", NULL, NULL, 10, 600000, 2000,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_file_session_store_init (GenkitFileSessionStore *self)
{
  g_mutex_init (&self->write_lock);
  self->watches = _genkit_session_watches_new ();
  self->watch_interval = 2000;
  self->context = g_main_context_ref_thread_default ();
}

/**
 * genkit_file_session_store_new:
 * @directory: the store's directory; created when the first snapshot is written
 *
 * Creates a store over a directory in Genkit's `FileSessionStore` layout.
 *
 * Returns: (transfer full): a new store
 */
GenkitFileSessionStore *
genkit_file_session_store_new (const char *directory)
{
  g_return_val_if_fail (directory != NULL, NULL);
  return g_object_new (GENKIT_TYPE_FILE_SESSION_STORE, "directory", directory, NULL);
}

/**
 * genkit_file_session_store_get_directory:
 * @self: a [class@Genkit.FileSessionStore]
 *
 * Gets the store's directory, absolute.
 *
 * Returns: the directory
 */
const char *
genkit_file_session_store_get_directory (GenkitFileSessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_FILE_SESSION_STORE (self), NULL);
  return self->directory;
}

/**
 * genkit_file_session_store_get_reject_branching:
 * @self: a [class@Genkit.FileSessionStore]
 *
 * Gets [property@Genkit.FileSessionStore:reject-branching].
 *
 * Returns: whether branched sessions are rejected in lookups by session id
 */
gboolean
genkit_file_session_store_get_reject_branching (GenkitFileSessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_FILE_SESSION_STORE (self), FALSE);
  return self->reject_branching;
}

/**
 * genkit_file_session_store_set_reject_branching:
 * @self: a [class@Genkit.FileSessionStore]
 * @reject_branching: whether to reject branched sessions in lookups by session id
 *
 * Sets [property@Genkit.FileSessionStore:reject-branching].
 */
void
genkit_file_session_store_set_reject_branching (GenkitFileSessionStore *self,
                                                gboolean                reject_branching)
{
  g_return_if_fail (GENKIT_IS_FILE_SESSION_STORE (self));

  reject_branching = !!reject_branching;
  if (self->reject_branching == reject_branching)
    return;
  self->reject_branching = reject_branching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REJECT_BRANCHING]);
}

/**
 * genkit_file_session_store_get_max_chain_length:
 * @self: a [class@Genkit.FileSessionStore]
 *
 * Gets [property@Genkit.FileSessionStore:max-chain-length].
 *
 * Returns: the longest chain kept, 0 for no limit
 */
guint
genkit_file_session_store_get_max_chain_length (GenkitFileSessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_FILE_SESSION_STORE (self), 0);
  return self->max_chain_length;
}

/**
 * genkit_file_session_store_set_max_chain_length:
 * @self: a [class@Genkit.FileSessionStore]
 * @max_chain_length: the longest chain to keep, 0 for no limit
 *
 * Sets [property@Genkit.FileSessionStore:max-chain-length].
 */
void
genkit_file_session_store_set_max_chain_length (GenkitFileSessionStore *self,
                                                guint                   max_chain_length)
{
  g_return_if_fail (GENKIT_IS_FILE_SESSION_STORE (self));

  if (self->max_chain_length == max_chain_length)
    return;
  self->max_chain_length = max_chain_length;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_CHAIN_LENGTH]);
}

/**
 * genkit_file_session_store_get_watch_interval:
 * @self: a [class@Genkit.FileSessionStore]
 *
 * Gets [property@Genkit.FileSessionStore:watch-interval].
 *
 * Returns: the interval in milliseconds
 */
guint
genkit_file_session_store_get_watch_interval (GenkitFileSessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_FILE_SESSION_STORE (self), 0);
  return self->watch_interval;
}

/**
 * genkit_file_session_store_set_watch_interval:
 * @self: a [class@Genkit.FileSessionStore]
 * @interval_ms: the interval in milliseconds (10–600000)
 *
 * Sets [property@Genkit.FileSessionStore:watch-interval].
 */
void
genkit_file_session_store_set_watch_interval (GenkitFileSessionStore *self,
                                              guint                   interval_ms)
{
  g_return_if_fail (GENKIT_IS_FILE_SESSION_STORE (self));
  g_return_if_fail (interval_ms >= 10 && interval_ms <= 600000);

  if (self->watch_interval == interval_ms)
    return;
  self->watch_interval = interval_ms;
  if (self->watch_source != 0)
    restart_watch_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WATCH_INTERVAL]);
}

/**
 * genkit_file_session_store_set_prefix_func:
 * @self: a [class@Genkit.FileSessionStore]
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy): picks each
 *   call's prefix directory from its context; %NULL for `global`
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Partitions the store per tenant, Genkit's `snapshotPathPrefix` (see
 * [callback@Genkit.SessionPrefixFunc]). Called on the main context.
 */
void
genkit_file_session_store_set_prefix_func (GenkitFileSessionStore  *self,
                                           GenkitSessionPrefixFunc  func,
                                           gpointer                 user_data,
                                           GDestroyNotify           destroy)
{
  g_return_if_fail (GENKIT_IS_FILE_SESSION_STORE (self));

  _genkit_session_prefix_set (&self->prefix, func, user_data, destroy);
}

/* GenkitSessionStore ------------------------------------------------------------------------ */

static Call *
call_new (GenkitFileSessionStore  *self,
          JsonObject              *context,
          GError                 **error)
{
  g_autofree char *prefix = _genkit_session_prefix_call (&self->prefix, context, error);
  Call *call;

  if (prefix == NULL)
    return NULL;
  call = g_new0 (Call, 1);
  call->directory = g_build_filename (self->directory, prefix, NULL);
  call->reject_branching = self->reject_branching;
  call->max_chain_length = self->max_chain_length;
  return call;
}

static void
file_get_snapshot_async (GenkitSessionStore  *store,
                         const char          *snapshot_id,
                         const char          *session_id,
                         JsonObject          *context,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  Call *call;

  g_task_set_source_tag (task, file_get_snapshot_async);
  if ((call = call_new (self, context, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  call->snapshot_id = g_strdup (snapshot_id);
  call->session_id = g_strdup (session_id);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  g_task_run_in_thread (task, get_thread);
}

static GenkitSessionSnapshot *
file_get_snapshot_finish (GenkitSessionStore  *store,
                          GAsyncResult        *result,
                          GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
file_save_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (object);
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  Saved *saved;

  saved = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (saved == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  {
    g_autoptr(JsonNode) node = genkit_session_snapshot_to_json (saved->snapshot);
    g_autofree char *text = stringify_pretty (node);
    Call *call = g_task_get_task_data (G_TASK (result));
    g_autofree char *prefix = g_path_get_basename (call->directory);
    GenkitSessionWatch *watch = _genkit_session_watches_lookup (self->watches, prefix, saved->id);

    if (watch != NULL)
      {
        g_free (watch->last);
        watch->last = g_steal_pointer (&text);
      }
  }
  genkit_session_store_emit_snapshot_changed (GENKIT_SESSION_STORE (self), saved->snapshot);
  g_task_return_pointer (task, g_steal_pointer (&saved->id), g_free);
  saved_free (saved);
}

static void
file_save_snapshot_async (GenkitSessionStore    *store,
                          const char            *snapshot_id,
                          GenkitSnapshotMutator  mutator,
                          gpointer               mutator_data,
                          GDestroyNotify         mutator_destroy,
                          JsonObject            *context,
                          GCancellable          *cancellable,
                          GAsyncReadyCallback    callback,
                          gpointer               user_data)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GTask) worker = NULL;
  GError *error = NULL;
  Call *call;

  g_task_set_source_tag (task, file_save_snapshot_async);
  if ((call = call_new (self, context, &error)) == NULL)
    {
      if (mutator_destroy != NULL)
        mutator_destroy (mutator_data);
      g_task_return_error (task, error);
      return;
    }
  call->snapshot_id = g_strdup (snapshot_id);
  call->mutator = mutator;
  call->mutator_data = mutator_data;
  call->mutator_destroy = mutator_destroy;

  /* The file work runs to the end once started; its result comes back here to be reported. */
  worker = g_task_new (self, NULL, file_save_done_cb, g_steal_pointer (&task));
  g_task_set_task_data (worker, call, (GDestroyNotify) call_free);
  g_task_run_in_thread (worker, save_thread);
}

static char *
file_save_snapshot_finish (GenkitSessionStore  *store,
                           GAsyncResult        *result,
                           GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
file_list_snapshots_async (GenkitSessionStore  *store,
                           const char          *session_id,
                           JsonObject          *context,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GError *error = NULL;
  Call *call;

  g_task_set_source_tag (task, file_list_snapshots_async);
  if ((call = call_new (self, context, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  call->session_id = g_strdup (session_id);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  g_task_run_in_thread (task, list_thread);
}

static GPtrArray *
file_list_snapshots_finish (GenkitSessionStore  *store,
                            GAsyncResult        *result,
                            GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Watching ------------------------------------------------------------------------------------ */

static void
poll_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (object);
  Call *call = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) texts = g_task_propagate_pointer (G_TASK (result), NULL);

  self->poll_pending = FALSE;
  for (guint i = 0; texts != NULL && i < texts->len; i++)
    {
      GenkitSessionWatch *polled = call->watched->pdata[i];
      GenkitSessionWatch *watch = _genkit_session_watches_lookup (self->watches, polled->prefix,
                                                                  polled->snapshot_id);
      const char *text = texts->pdata[i];
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GenkitSessionSnapshot) snapshot = NULL;

      if (watch == NULL || text == NULL || g_strcmp0 (watch->last, text) == 0)
        continue;
      g_free (watch->last);
      watch->last = g_strdup (text);
      if ((node = genkit_json_parse (text, -1, NULL)) != NULL &&
          (snapshot = genkit_session_snapshot_new_from_json (node, NULL)) != NULL)
        genkit_session_store_emit_snapshot_changed (GENKIT_SESSION_STORE (self), snapshot);
    }
}

static gboolean
poll_watches_cb (gpointer user_data)
{
  GenkitFileSessionStore *self = user_data;
  g_autoptr(GTask) task = NULL;
  Call *call;

  if (self->poll_pending)
    return G_SOURCE_CONTINUE;

  call = g_new0 (Call, 1);
  call->root = g_strdup (self->directory);
  call->watched = _genkit_session_watches_ids (self->watches);
  self->poll_pending = TRUE;
  task = g_task_new (self, NULL, poll_done_cb, NULL);
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  g_task_run_in_thread (task, poll_thread);
  return G_SOURCE_CONTINUE;
}

static void
restart_watch_timer (GenkitFileSessionStore *self)
{
  if (self->watch_source != 0)
    {
      GSource *source = g_main_context_find_source_by_id (self->context, self->watch_source);

      if (source != NULL)
        g_source_destroy (source);
      self->watch_source = 0;
    }
  if (g_hash_table_size (self->watches) > 0)
    {
      GSource *source = g_timeout_source_new (self->watch_interval);

      g_source_set_callback (source, poll_watches_cb, self, NULL);
      g_source_set_name (source, "[genkit] file session store watch");
      self->watch_source = g_source_attach (source, self->context);
      g_source_unref (source);
    }
}

static void
file_watch_snapshot (GenkitSessionStore *store,
                     const char         *snapshot_id,
                     JsonObject         *context)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (store);
  g_autofree char *prefix = _genkit_session_prefix_call (&self->prefix, context, NULL);

  if (prefix == NULL || !_genkit_session_check_id (snapshot_id, "snapshotId", NULL))
    return;
  if (_genkit_session_watches_add (self->watches, prefix, snapshot_id) && self->watch_source == 0)
    restart_watch_timer (self);
}

static void
file_unwatch_snapshot (GenkitSessionStore *store,
                       const char         *snapshot_id,
                       JsonObject         *context)
{
  GenkitFileSessionStore *self = GENKIT_FILE_SESSION_STORE (store);
  g_autofree char *prefix = _genkit_session_prefix_call (&self->prefix, context, NULL);

  if (prefix != NULL && _genkit_session_watches_remove (self->watches, prefix, snapshot_id))
    restart_watch_timer (self);
}

static void
session_store_iface_init (GenkitSessionStoreInterface *iface)
{
  iface->get_snapshot_async = file_get_snapshot_async;
  iface->get_snapshot_finish = file_get_snapshot_finish;
  iface->save_snapshot_async = file_save_snapshot_async;
  iface->save_snapshot_finish = file_save_snapshot_finish;
  iface->list_snapshots_async = file_list_snapshots_async;
  iface->list_snapshots_finish = file_list_snapshots_finish;
  iface->watch_snapshot = file_watch_snapshot;
  iface->unwatch_snapshot = file_unwatch_snapshot;
}
