/* genkit-session-store.c — where agents keep their session snapshots: Genkit's SessionStore
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-error.h"
#include "genkit-session-private.h"
#include "genkit-session-store.h"
#include "genkit-session-store-private.h"

/**
 * GenkitSessionStore:
 *
 * Persistent storage for agent session snapshots, Genkit's `SessionStore` contract
 * (`js/ai/src/session.ts`):
 *
 * - whole [struct@Genkit.SessionSnapshot] documents keyed by their `snapshotId`;
 * - an atomic read-modify-write save ([method@Genkit.SessionStore.save_snapshot_async]): the
 *   store reads the snapshot stored under the id, hands it to a mutator and stores what the
 *   mutator returns, with no other write in between (a turn's `completed` write can never
 *   overwrite a concurrent `aborted`);
 * - lookup by `snapshotId`, or by `sessionId` returning the session's leaf: the snapshot no
 *   other snapshot of the session names as its parent. When a session has branched (a
 *   regenerated turn) the most recently created leaf wins, or, for a store asked to reject
 *   branching, the lookup fails with `FAILED_PRECONDITION`;
 * - change notification: [signal@Genkit.SessionStore::snapshot-changed] for every snapshot
 *   written through the store, and, for the snapshots someone watches
 *   ([method@Genkit.SessionStore.watch_snapshot]), for changes other processes make. Agents
 *   need it to notice an abort while a detached turn runs.
 *
 * Beyond Genkit's contract a store lists snapshots
 * ([method@Genkit.SessionStore.list_snapshots_async]), for the studio's history of sessions.
 *
 * The engine has three stores: [class@Genkit.SqliteSessionStore] (the default),
 * [class@Genkit.MemorySessionStore] and [class@Genkit.FileSessionStore] (Genkit's file layout).
 *
 * Every call takes an action context (`auth`…) so that a store may keep tenants apart.
 */

G_DEFINE_INTERFACE (GenkitSessionStore, genkit_session_store, G_TYPE_OBJECT)

enum {
  SNAPSHOT_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
genkit_session_store_default_init (GenkitSessionStoreInterface *iface)
{
  /**
   * GenkitSessionStore::snapshot-changed:
   * @self: the store
   * @snapshot: the snapshot as now stored
   *
   * Emitted on the main context after a snapshot was written through this store, and when a
   * watched snapshot was changed by another process.
   */
  signals[SNAPSHOT_CHANGED] =
    g_signal_new ("snapshot-changed",
                  G_TYPE_FROM_INTERFACE (iface),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, GENKIT_TYPE_SESSION_SNAPSHOT);
}

/**
 * genkit_session_check_id:
 * @id: (nullable): a snapshot or session id
 * @label: what the id is, for the message (`snapshotId`)
 * @error: return location for an `INVALID_ARGUMENT` error
 *
 * Checks an id as every store does before using it: non-blank UTF-8 of at most 256 bytes,
 * without `/`, `\`, NUL or other control characters, neither `.` nor `..` — usable as a file
 * name in Genkit's file layout, whichever store holds it.
 *
 * Returns: %TRUE if @id is acceptable
 */
gboolean
genkit_session_check_id (const char  *id,
                         const char  *label,
                         GError     **error)
{
  g_return_val_if_fail (label != NULL, FALSE);
  return _genkit_session_check_id (id, label, error);
}

static gint
compare_created_at (gconstpointer a,
                    gconstpointer b)
{
  GenkitSessionSnapshot *x = *(GenkitSessionSnapshot **) a;
  GenkitSessionSnapshot *y = *(GenkitSessionSnapshot **) b;

  return g_strcmp0 (genkit_session_snapshot_get_created_at (x),
                    genkit_session_snapshot_get_created_at (y));
}

/**
 * genkit_session_select_leaf:
 * @snapshots: (element-type GenkitSessionSnapshot): the snapshots of one session
 * @session_id: the session, for messages
 * @reject_branching: fail instead of choosing when the session has several leaves
 * @error: return location for a `FAILED_PRECONDITION` error (no leaf: a cyclic history; or
 *   several leaves with @reject_branching)
 *
 * Picks a session's latest snapshot as Genkit's `selectLeafSnapshot` does: the leaves are
 * the snapshots no other one names as parent; a linear history has one; a branched one gives
 * the most recently created leaf (by `createdAt`, RFC 3339 strings compare in time order).
 * A leaf's status does not matter here.
 *
 * Returns: (transfer full) (nullable): the leaf, %NULL with no snapshots (no error) or with
 *   @error set
 */
GenkitSessionSnapshot *
genkit_session_select_leaf (GPtrArray   *snapshots,
                            const char  *session_id,
                            gboolean     reject_branching,
                            GError     **error)
{
  g_autoptr(GHashTable) parents = NULL;
  g_autoptr(GPtrArray) leaves = NULL;
  GenkitSessionSnapshot *latest = NULL;

  g_return_val_if_fail (snapshots != NULL, NULL);

  if (snapshots->len == 0)
    return NULL;

  parents = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < snapshots->len; i++)
    {
      const char *parent = genkit_session_snapshot_get_parent_id (snapshots->pdata[i]);

      if (parent != NULL)
        g_hash_table_add (parents, (gpointer) parent);
    }

  leaves = g_ptr_array_new ();
  for (guint i = 0; i < snapshots->len; i++)
    if (!g_hash_table_contains (parents,
                                genkit_session_snapshot_get_snapshot_id (snapshots->pdata[i])))
      g_ptr_array_add (leaves, snapshots->pdata[i]);

  if (leaves->len == 0)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                   "Session '%s' has no leaf snapshot (corrupt or cyclic history). Resume by "
                   "snapshotId instead.", session_id);
      return NULL;
    }
  if (leaves->len > 1 && reject_branching)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                   "Session '%s' has branching snapshots (%u leaves), so there is no single "
                   "latest snapshot. This happens when a conversation is branched (e.g. "
                   "regenerate). Resume by snapshotId instead.", session_id, leaves->len);
      return NULL;
    }

  /* The first of the latest ones, as Genkit's reduce keeps the first on ties. */
  for (guint i = 0; i < leaves->len; i++)
    if (latest == NULL || compare_created_at (&leaves->pdata[i], &latest) > 0)
      latest = leaves->pdata[i];
  return genkit_session_snapshot_ref (latest);
}

/* Calls ------------------------------------------------------------------------------------- */

/**
 * genkit_session_store_get_snapshot_async:
 * @self: a [iface@Genkit.SessionStore]
 * @snapshot_id: (nullable): the snapshot to read
 * @session_id: (nullable): the session whose leaf to read
 * @context: (nullable): the action context of the caller
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the snapshot was read
 * @user_data: data for @callback
 *
 * Reads a snapshot by its id, or a session's leaf (see
 * [func@Genkit.session_select_leaf]). Exactly one of @snapshot_id and @session_id must be
 * given; both are checked with [func@Genkit.session_check_id] first.
 */
void
genkit_session_store_get_snapshot_async (GenkitSessionStore  *self,
                                         const char          *snapshot_id,
                                         const char          *session_id,
                                         JsonObject          *context,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (GENKIT_IS_SESSION_STORE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if ((snapshot_id != NULL && *snapshot_id != '\0') == (session_id != NULL && *session_id != '\0'))
    error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                         "getSnapshot requires exactly one of 'snapshotId' or 'sessionId' "
                         "(got %s%s).", snapshot_id ? "snapshotId" : "neither",
                         session_id ? " and sessionId" : "");
  else if (snapshot_id != NULL)
    _genkit_session_check_id (snapshot_id, "snapshotId", &error);
  else
    _genkit_session_check_id (session_id, "sessionId", &error);

  if (error != NULL)
    {
      g_task_report_error (self, callback, user_data, genkit_session_store_get_snapshot_async,
                           error);
      return;
    }

  GENKIT_SESSION_STORE_GET_IFACE (self)->get_snapshot_async (self, snapshot_id, session_id,
                                                             context, cancellable, callback,
                                                             user_data);
}

/**
 * genkit_session_store_get_snapshot_finish:
 * @self: a [iface@Genkit.SessionStore]
 * @result: the result given to the callback
 * @error: return location for an error: `INVALID_ARGUMENT` for bad ids,
 *   `FAILED_PRECONDITION` for a session without a single leaf, or the store's own
 *
 * Finishes [method@Genkit.SessionStore.get_snapshot_async].
 *
 * Returns: (transfer full) (nullable): the snapshot, %NULL when there is none (@error unset)
 */
GenkitSessionSnapshot *
genkit_session_store_get_snapshot_finish (GenkitSessionStore  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (GENKIT_IS_SESSION_STORE (self), NULL);

  if (g_async_result_is_tagged (result, genkit_session_store_get_snapshot_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  return GENKIT_SESSION_STORE_GET_IFACE (self)->get_snapshot_finish (self, result, error);
}

/**
 * genkit_session_store_save_snapshot_async:
 * @self: a [iface@Genkit.SessionStore]
 * @snapshot_id: (nullable): the snapshot to rewrite or create; %NULL to create one with an
 *   id the store assigns (the mutator's snapshot may carry one)
 * @mutator: (scope notified) (closure mutator_data) (destroy mutator_destroy): computes the
 *   new snapshot from the stored one
 * @mutator_data: data for @mutator
 * @mutator_destroy: (nullable): frees @mutator_data once the save is done
 * @context: (nullable): the action context of the caller
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the snapshot was written (or the write skipped)
 * @user_data: data for @callback
 *
 * Genkit's `saveSnapshot(snapshotId, mutator)`: atomically reads the snapshot stored under
 * @snapshot_id (none for %NULL), calls @mutator with it and stores the result under
 * @snapshot_id (else the result's own id, else a new UUID), unless the mutator returned
 * %NULL. The write is durable when the callback reports success. Then
 * [signal@Genkit.SessionStore::snapshot-changed] is emitted.
 */
void
genkit_session_store_save_snapshot_async (GenkitSessionStore    *self,
                                          const char            *snapshot_id,
                                          GenkitSnapshotMutator  mutator,
                                          gpointer               mutator_data,
                                          GDestroyNotify         mutator_destroy,
                                          JsonObject            *context,
                                          GCancellable          *cancellable,
                                          GAsyncReadyCallback    callback,
                                          gpointer               user_data)
{
  GError *error = NULL;

  g_return_if_fail (GENKIT_IS_SESSION_STORE (self));
  g_return_if_fail (mutator != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  if (snapshot_id != NULL && !_genkit_session_check_id (snapshot_id, "snapshotId", &error))
    {
      if (mutator_destroy != NULL)
        mutator_destroy (mutator_data);
      g_task_report_error (self, callback, user_data, genkit_session_store_save_snapshot_async,
                           error);
      return;
    }

  GENKIT_SESSION_STORE_GET_IFACE (self)->save_snapshot_async (self, snapshot_id, mutator,
                                                              mutator_data, mutator_destroy,
                                                              context, cancellable, callback,
                                                              user_data);
}

/**
 * genkit_session_store_save_snapshot_finish:
 * @self: a [iface@Genkit.SessionStore]
 * @result: the result given to the callback
 * @skipped: (out) (optional): set to %TRUE when the mutator skipped the write
 * @error: return location for an error: `INVALID_ARGUMENT` for bad ids, the mutator's, or
 *   the store's own
 *
 * Finishes [method@Genkit.SessionStore.save_snapshot_async].
 *
 * Returns: (transfer full) (nullable): the id the snapshot was stored under; %NULL when the
 *   write was skipped (@skipped set, @error unset) or failed (@error set)
 */
char *
genkit_session_store_save_snapshot_finish (GenkitSessionStore  *self,
                                           GAsyncResult        *result,
                                           gboolean            *skipped,
                                           GError             **error)
{
  GError *local_error = NULL;
  char *id;

  g_return_val_if_fail (GENKIT_IS_SESSION_STORE (self), NULL);

  if (g_async_result_is_tagged (result, genkit_session_store_save_snapshot_async))
    id = g_task_propagate_pointer (G_TASK (result), &local_error);
  else
    id = GENKIT_SESSION_STORE_GET_IFACE (self)->save_snapshot_finish (self, result, &local_error);

  if (skipped != NULL)
    *skipped = id == NULL && local_error == NULL;
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return id;
}

static GenkitSessionSnapshot *
put_mutator (GenkitSessionSnapshot  *current,
             gpointer                user_data,
             GError                **error)
{
  return genkit_session_snapshot_copy (user_data);
}

static void
put_snapshot_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *id;

  id = genkit_session_store_save_snapshot_finish (GENKIT_SESSION_STORE (object), result, NULL,
                                                  &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

/**
 * genkit_session_store_put_snapshot_async:
 * @self: a [iface@Genkit.SessionStore]
 * @snapshot: the snapshot to store as it is, under its own id (or a new one)
 * @context: (nullable): the action context of the caller
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the snapshot was written
 * @user_data: data for @callback
 *
 * Stores a whole snapshot, replacing any stored under its id: a save whose mutator ignores
 * the current snapshot. For importing snapshots from another store.
 */
void
genkit_session_store_put_snapshot_async (GenkitSessionStore    *self,
                                         GenkitSessionSnapshot *snapshot,
                                         JsonObject            *context,
                                         GCancellable          *cancellable,
                                         GAsyncReadyCallback    callback,
                                         gpointer               user_data)
{
  GTask *task;

  g_return_if_fail (GENKIT_IS_SESSION_STORE (self));
  g_return_if_fail (snapshot != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_session_store_put_snapshot_async);
  genkit_session_store_save_snapshot_async (self, genkit_session_snapshot_get_snapshot_id (snapshot),
                                            put_mutator, genkit_session_snapshot_ref (snapshot),
                                            (GDestroyNotify) genkit_session_snapshot_unref,
                                            context, cancellable, put_snapshot_cb, task);
}

/**
 * genkit_session_store_put_snapshot_finish:
 * @self: a [iface@Genkit.SessionStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.SessionStore.put_snapshot_async].
 *
 * Returns: (transfer full) (nullable): the id the snapshot was stored under
 */
char *
genkit_session_store_put_snapshot_finish (GenkitSessionStore  *self,
                                          GAsyncResult        *result,
                                          GError             **error)
{
  g_return_val_if_fail (GENKIT_IS_SESSION_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * genkit_session_store_list_snapshots_async:
 * @self: a [iface@Genkit.SessionStore]
 * @session_id: (nullable): only the snapshots of this session; %NULL for all
 * @context: (nullable): the action context of the caller
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the snapshots
 * @user_data: data for @callback
 *
 * Lists stored snapshots, oldest first (by `createdAt`): the tree of one session, or every
 * session's for a history view.
 */
void
genkit_session_store_list_snapshots_async (GenkitSessionStore  *self,
                                           const char          *session_id,
                                           JsonObject          *context,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data)
{
  GError *error = NULL;

  g_return_if_fail (GENKIT_IS_SESSION_STORE (self));

  if (session_id != NULL && !_genkit_session_check_id (session_id, "sessionId", &error))
    {
      g_task_report_error (self, callback, user_data, genkit_session_store_list_snapshots_async,
                           error);
      return;
    }
  GENKIT_SESSION_STORE_GET_IFACE (self)->list_snapshots_async (self, session_id, context,
                                                               cancellable, callback, user_data);
}

/**
 * genkit_session_store_list_snapshots_finish:
 * @self: a [iface@Genkit.SessionStore]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.SessionStore.list_snapshots_async].
 *
 * Returns: (transfer full) (element-type GenkitSessionSnapshot): the snapshots, oldest
 *   first, or %NULL with @error set
 */
GPtrArray *
genkit_session_store_list_snapshots_finish (GenkitSessionStore  *self,
                                            GAsyncResult        *result,
                                            GError             **error)
{
  GPtrArray *snapshots;

  g_return_val_if_fail (GENKIT_IS_SESSION_STORE (self), NULL);

  if (g_async_result_is_tagged (result, genkit_session_store_list_snapshots_async))
    return g_task_propagate_pointer (G_TASK (result), error);
  snapshots = GENKIT_SESSION_STORE_GET_IFACE (self)->list_snapshots_finish (self, result, error);
  if (snapshots != NULL)
    g_ptr_array_sort (snapshots, compare_created_at);
  return snapshots;
}

/**
 * genkit_session_store_can_watch:
 * @self: a [iface@Genkit.SessionStore]
 *
 * Tells whether the store reports changes to watched snapshots (Genkit's optional
 * `onSnapshotStateChange`): what makes an agent abortable.
 *
 * Returns: %TRUE if the store implements watching
 */
gboolean
genkit_session_store_can_watch (GenkitSessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_SESSION_STORE (self), FALSE);
  return GENKIT_SESSION_STORE_GET_IFACE (self)->watch_snapshot != NULL;
}

/**
 * genkit_session_store_watch_snapshot:
 * @self: a [iface@Genkit.SessionStore]
 * @snapshot_id: the snapshot to watch
 * @context: (nullable): the action context of the caller
 *
 * Asks the store to report changes to @snapshot_id that other processes make (a store shared
 * with another process, an abort sent to another runtime) through
 * [signal@Genkit.SessionStore::snapshot-changed], until as many
 * [method@Genkit.SessionStore.unwatch_snapshot] calls were made.
 */
void
genkit_session_store_watch_snapshot (GenkitSessionStore *self,
                                     const char         *snapshot_id,
                                     JsonObject         *context)
{
  GenkitSessionStoreInterface *iface;

  g_return_if_fail (GENKIT_IS_SESSION_STORE (self));
  g_return_if_fail (snapshot_id != NULL);

  iface = GENKIT_SESSION_STORE_GET_IFACE (self);
  if (iface->watch_snapshot != NULL)
    iface->watch_snapshot (self, snapshot_id, context);
}

/**
 * genkit_session_store_unwatch_snapshot:
 * @self: a [iface@Genkit.SessionStore]
 * @snapshot_id: a watched snapshot
 * @context: (nullable): the action context given to the watch
 *
 * Undoes one [method@Genkit.SessionStore.watch_snapshot].
 */
void
genkit_session_store_unwatch_snapshot (GenkitSessionStore *self,
                                       const char         *snapshot_id,
                                       JsonObject         *context)
{
  GenkitSessionStoreInterface *iface;

  g_return_if_fail (GENKIT_IS_SESSION_STORE (self));
  g_return_if_fail (snapshot_id != NULL);

  iface = GENKIT_SESSION_STORE_GET_IFACE (self);
  if (iface->unwatch_snapshot != NULL)
    iface->unwatch_snapshot (self, snapshot_id, context);
}

/**
 * genkit_session_store_emit_snapshot_changed:
 * @self: a [iface@Genkit.SessionStore]
 * @snapshot: the snapshot as now stored
 *
 * Emits [signal@Genkit.SessionStore::snapshot-changed]; for store implementations.
 */
void
genkit_session_store_emit_snapshot_changed (GenkitSessionStore    *self,
                                            GenkitSessionSnapshot *snapshot)
{
  g_return_if_fail (GENKIT_IS_SESSION_STORE (self));
  g_return_if_fail (snapshot != NULL);

  g_signal_emit (self, signals[SNAPSHOT_CHANGED], 0, snapshot);
}

/* Replaces the prefix function, freeing the previous one's data. */
void
_genkit_session_prefix_set (GenkitSessionPrefix     *prefix,
                            GenkitSessionPrefixFunc  func,
                            gpointer                 user_data,
                            GDestroyNotify           destroy)
{
  _genkit_session_prefix_clear (prefix);
  prefix->func = func;
  prefix->data = user_data;
  prefix->destroy = destroy;
}

void
_genkit_session_prefix_clear (GenkitSessionPrefix *prefix)
{
  if (prefix->destroy != NULL)
    prefix->destroy (prefix->data);
  prefix->func = NULL;
  prefix->data = NULL;
  prefix->destroy = NULL;
}

/* The partition of a call with @context: `global` without a prefix function, else what it
 * answers, which must be a valid id (it names a directory or a key column). Returns %NULL
 * with @error set when it is not. */
char *
_genkit_session_prefix_call (GenkitSessionPrefix  *prefix,
                             JsonObject           *context,
                             GError              **error)
{
  g_autofree char *partition = NULL;

  if (prefix->func == NULL)
    return g_strdup ("global");
  partition = prefix->func (context, prefix->data);
  if (!_genkit_session_check_id (partition, "prefix", error))
    return NULL;
  return g_steal_pointer (&partition);
}

/* The key of a watched snapshot in a store's table of watches: ids hold no control character,
 * so U+001F cannot be part of either. */
char *
_genkit_session_watch_key (const char *prefix,
                           const char *snapshot_id)
{
  return g_strconcat (prefix, "\x1f", snapshot_id, NULL);
}

static void
session_watch_free (GenkitSessionWatch *watch)
{
  g_free (watch->prefix);
  g_free (watch->snapshot_id);
  g_free (watch->last);
  g_free (watch);
}

static GenkitSessionWatch *
session_watch_new (const char *prefix,
                   const char *snapshot_id)
{
  GenkitSessionWatch *watch = g_new0 (GenkitSessionWatch, 1);

  watch->prefix = g_strdup (prefix);
  watch->snapshot_id = g_strdup (snapshot_id);
  return watch;
}

/* A table of watches: watch key → GenkitSessionWatch. */
GHashTable *
_genkit_session_watches_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) session_watch_free);
}

GenkitSessionWatch *
_genkit_session_watches_lookup (GHashTable *watches,
                                const char *prefix,
                                const char *snapshot_id)
{
  g_autofree char *key = _genkit_session_watch_key (prefix, snapshot_id);

  return g_hash_table_lookup (watches, key);
}

/* Counts one more watcher of the snapshot; %TRUE when it is the first (the store then polls
 * it). */
gboolean
_genkit_session_watches_add (GHashTable *watches,
                             const char *prefix,
                             const char *snapshot_id)
{
  GenkitSessionWatch *watch = _genkit_session_watches_lookup (watches, prefix, snapshot_id);
  gboolean first = watch == NULL;

  if (first)
    {
      watch = session_watch_new (prefix, snapshot_id);
      g_hash_table_insert (watches, _genkit_session_watch_key (prefix, snapshot_id), watch);
    }
  watch->count++;
  return first;
}

/* Counts one watcher less; %TRUE when that left the table empty (the store then stops
 * polling). An unknown snapshot changes nothing. */
gboolean
_genkit_session_watches_remove (GHashTable *watches,
                                const char *prefix,
                                const char *snapshot_id)
{
  g_autofree char *key = _genkit_session_watch_key (prefix, snapshot_id);
  GenkitSessionWatch *watch = g_hash_table_lookup (watches, key);

  if (watch == NULL)
    return FALSE;
  if (--watch->count == 0)
    g_hash_table_remove (watches, key);
  return g_hash_table_size (watches) == 0;
}

/* What a poll reads: a copy of each watch's prefix and id, for a worker thread. */
GPtrArray *
_genkit_session_watches_ids (GHashTable *watches)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func ((GDestroyNotify) session_watch_free);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, watches);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GenkitSessionWatch *watch = value;

      g_ptr_array_add (ids, session_watch_new (watch->prefix, watch->snapshot_id));
    }
  return ids;
}

/* For store implementations: gives the mutator's snapshot its final id (the one it was saved
 * under, else its own, else a new UUID, as Genkit's stores do) and checks the ids it carries.
 * Returns the id, or %NULL with @error set. */
char *
_genkit_session_store_finish_snapshot (GenkitSessionSnapshot  *snapshot,
                                       const char             *snapshot_id,
                                       GError                **error)
{
  const char *own = genkit_session_snapshot_get_snapshot_id (snapshot);
  const char *session_id = genkit_session_snapshot_get_session_id (snapshot);
  const char *parent_id = genkit_session_snapshot_get_parent_id (snapshot);
  g_autofree char *id = NULL;

  id = g_strdup (snapshot_id ? snapshot_id : own ? own : NULL);
  if (id == NULL)
    id = _genkit_new_uuid ();

  if (!_genkit_session_check_id (id, "snapshotId", error) ||
      (session_id != NULL && !_genkit_session_check_id (session_id, "sessionId", error)) ||
      (parent_id != NULL && !_genkit_session_check_id (parent_id, "parentId", error)))
    return NULL;
  if (genkit_session_snapshot_get_created_at (snapshot) == NULL)
    {
      g_autofree char *now = _genkit_iso_timestamp_now ();

      genkit_session_snapshot_set_created_at (snapshot, now);
    }

  genkit_session_snapshot_set_snapshot_id (snapshot, id);
  return g_steal_pointer (&id);
}
