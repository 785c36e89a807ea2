/* genkit-memory-session-store.c — session snapshots kept in memory: Genkit's InMemorySessionStore
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-error.h"
#include "genkit-memory-session-store.h"
#include "genkit-session-private.h"
#include "genkit-session-store-private.h"

/**
 * GenkitMemorySessionStore:
 *
 * A [iface@Genkit.SessionStore] that keeps snapshots in memory for the life of the object,
 * Genkit's `InMemorySessionStore`: for tests, and for agents whose conversations need not
 * outlive the process. Every call completes on the main context; the mutator of a save runs
 * there too.
 */
struct _GenkitMemorySessionStore
{
  GObject     parent_instance;

  GHashTable *snapshots;        /* snapshot id → Entry */
  guint64     next_seq;
  gboolean    reject_branching;
};

/* Snapshots keep the order they were first stored in, as a JavaScript Map does: a lookup
 * that must choose between equally recent leaves chooses as Genkit's would. */
typedef struct
{
  GenkitSessionSnapshot *snapshot;
  guint64                seq;
} Entry;

static void
entry_free (Entry *entry)
{
  genkit_session_snapshot_unref (entry->snapshot);
  g_free (entry);
}

static gint
entry_compare (gconstpointer a,
               gconstpointer b)
{
  const Entry *x = *(const Entry **) a;
  const Entry *y = *(const Entry **) b;

  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void session_store_iface_init (GenkitSessionStoreInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GenkitMemorySessionStore, genkit_memory_session_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_SESSION_STORE,
                                                      session_store_iface_init))

enum {
  PROP_0,
  PROP_REJECT_BRANCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
genkit_memory_session_store_finalize (GObject *object)
{
  GenkitMemorySessionStore *self = GENKIT_MEMORY_SESSION_STORE (object);

  g_clear_pointer (&self->snapshots, g_hash_table_unref);

  G_OBJECT_CLASS (genkit_memory_session_store_parent_class)->finalize (object);
}

static void
genkit_memory_session_store_get_property (GObject    *object,
                                          guint       prop_id,
                                          GValue     *value,
                                          GParamSpec *pspec)
{
  GenkitMemorySessionStore *self = GENKIT_MEMORY_SESSION_STORE (object);

  switch (prop_id)
    {
    case PROP_REJECT_BRANCHING:
      g_value_set_boolean (value, self->reject_branching);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_memory_session_store_set_property (GObject      *object,
                                          guint         prop_id,
                                          const GValue *value,
                                          GParamSpec   *pspec)
{
  GenkitMemorySessionStore *self = GENKIT_MEMORY_SESSION_STORE (object);

  switch (prop_id)
    {
    case PROP_REJECT_BRANCHING:
      genkit_memory_session_store_set_reject_branching (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_memory_session_store_class_init (GenkitMemorySessionStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_memory_session_store_finalize;
  object_class->get_property = genkit_memory_session_store_get_property;
  object_class->set_property = genkit_memory_session_store_set_property;

  /**
   * GenkitMemorySessionStore:reject-branching:
   *
   * Whether a lookup by session id fails with `FAILED_PRECONDITION` when the session has
   * branched, instead of returning its most recent leaf (Genkit's `rejectBranchingSessions`).
   */
  properties[PROP_REJECT_BRANCHING] =
    g_param_spec_boolean ("reject-branching", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_memory_session_store_init (GenkitMemorySessionStore *self)
{
  self->snapshots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) entry_free);
}

/**
 * genkit_memory_session_store_new:
 *
 * Creates an empty store.
 *
 * Returns: (transfer full): a new store
 */
GenkitMemorySessionStore *
genkit_memory_session_store_new (void)
{
  return g_object_new (GENKIT_TYPE_MEMORY_SESSION_STORE, NULL);
}

/**
 * genkit_memory_session_store_get_reject_branching:
 * @self: a [class@Genkit.MemorySessionStore]
 *
 * Gets [property@Genkit.MemorySessionStore:reject-branching].
 *
 * Returns: whether branched sessions are rejected in lookups by session id
 */
gboolean
genkit_memory_session_store_get_reject_branching (GenkitMemorySessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_MEMORY_SESSION_STORE (self), FALSE);
  return self->reject_branching;
}

/**
 * genkit_memory_session_store_set_reject_branching:
 * @self: a [class@Genkit.MemorySessionStore]
 * @reject_branching: whether to reject branched sessions in lookups by session id
 *
 * Sets [property@Genkit.MemorySessionStore:reject-branching].
 */
void
genkit_memory_session_store_set_reject_branching (GenkitMemorySessionStore *self,
                                                  gboolean                  reject_branching)
{
  g_return_if_fail (GENKIT_IS_MEMORY_SESSION_STORE (self));

  reject_branching = !!reject_branching;
  if (self->reject_branching == reject_branching)
    return;
  self->reject_branching = reject_branching;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REJECT_BRANCHING]);
}

/**
 * genkit_memory_session_store_get_n_snapshots:
 * @self: a [class@Genkit.MemorySessionStore]
 *
 * Counts the stored snapshots.
 *
 * Returns: the number of snapshots
 */
guint
genkit_memory_session_store_get_n_snapshots (GenkitMemorySessionStore *self)
{
  g_return_val_if_fail (GENKIT_IS_MEMORY_SESSION_STORE (self), 0);
  return g_hash_table_size (self->snapshots);
}

/* GenkitSessionStore ------------------------------------------------------------------------ */

static GPtrArray *
memory_session_snapshots (GenkitMemorySessionStore *self,
                          const char               *session_id)
{
  GPtrArray *owned = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_session_snapshot_unref);
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->snapshots);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Entry *entry = value;

      if (session_id == NULL ||
          g_strcmp0 (genkit_session_snapshot_get_session_id (entry->snapshot), session_id) == 0)
        g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, entry_compare);
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (owned, genkit_session_snapshot_copy (((Entry *) entries->pdata[i])->snapshot));
  return owned;
}

static void
memory_get_snapshot_async (GenkitSessionStore  *store,
                           const char          *snapshot_id,
                           const char          *session_id,
                           JsonObject          *context,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GenkitMemorySessionStore *self = GENKIT_MEMORY_SESSION_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  GenkitSessionSnapshot *found;
  GError *error = NULL;

  g_task_set_source_tag (task, memory_get_snapshot_async);

  if (snapshot_id != NULL)
    {
      Entry *entry = g_hash_table_lookup (self->snapshots, snapshot_id);

      g_task_return_pointer (task, entry ? genkit_session_snapshot_copy (entry->snapshot) : NULL,
                             (GDestroyNotify) genkit_session_snapshot_unref);
      return;
    }

  {
    g_autoptr(GPtrArray) owned = memory_session_snapshots (self, session_id);

    found = genkit_session_select_leaf (owned, session_id, self->reject_branching, &error);
  }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) genkit_session_snapshot_unref);
}

static GenkitSessionSnapshot *
memory_get_snapshot_finish (GenkitSessionStore  *store,
                            GAsyncResult        *result,
                            GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
memory_save_snapshot_async (GenkitSessionStore    *store,
                            const char            *snapshot_id,
                            GenkitSnapshotMutator  mutator,
                            gpointer               mutator_data,
                            GDestroyNotify         mutator_destroy,
                            JsonObject            *context,
                            GCancellable          *cancellable,
                            GAsyncReadyCallback    callback,
                            gpointer               user_data)
{
  GenkitMemorySessionStore *self = GENKIT_MEMORY_SESSION_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GenkitSessionSnapshot) current = NULL;
  g_autoptr(GenkitSessionSnapshot) next = NULL;
  Entry *stored;
  GError *error = NULL;
  char *id;

  g_task_set_source_tag (task, memory_save_snapshot_async);

  if (snapshot_id != NULL && (stored = g_hash_table_lookup (self->snapshots, snapshot_id)) != NULL)
    current = genkit_session_snapshot_copy (stored->snapshot);

  next = mutator (current, mutator_data, &error);
  if (mutator_destroy != NULL)
    mutator_destroy (mutator_data);

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
  if (!(id = _genkit_session_store_finish_snapshot (next, snapshot_id, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if ((stored = g_hash_table_lookup (self->snapshots, id)) != NULL)
    {
      genkit_session_snapshot_unref (stored->snapshot);
      stored->snapshot = genkit_session_snapshot_copy (next);
    }
  else
    {
      stored = g_new0 (Entry, 1);
      stored->snapshot = genkit_session_snapshot_copy (next);
      stored->seq = self->next_seq++;
      g_hash_table_insert (self->snapshots, g_strdup (id), stored);
    }
  genkit_session_store_emit_snapshot_changed (store, next);
  g_task_return_pointer (task, id, g_free);
}

static char *
memory_save_snapshot_finish (GenkitSessionStore  *store,
                             GAsyncResult        *result,
                             GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
memory_list_snapshots_async (GenkitSessionStore  *store,
                             const char          *session_id,
                             JsonObject          *context,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  GenkitMemorySessionStore *self = GENKIT_MEMORY_SESSION_STORE (store);
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, memory_list_snapshots_async);
  g_task_return_pointer (task, memory_session_snapshots (self, session_id),
                         (GDestroyNotify) g_ptr_array_unref);
}

static GPtrArray *
memory_list_snapshots_finish (GenkitSessionStore  *store,
                              GAsyncResult        *result,
                              GError             **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Every change goes through this object, so there is nothing more to watch. */
static void
memory_watch_snapshot (GenkitSessionStore *store,
                       const char         *snapshot_id,
                       JsonObject         *context)
{
}

static void
session_store_iface_init (GenkitSessionStoreInterface *iface)
{
  iface->get_snapshot_async = memory_get_snapshot_async;
  iface->get_snapshot_finish = memory_get_snapshot_finish;
  iface->save_snapshot_async = memory_save_snapshot_async;
  iface->save_snapshot_finish = memory_save_snapshot_finish;
  iface->list_snapshots_async = memory_list_snapshots_async;
  iface->list_snapshots_finish = memory_list_snapshots_finish;
  iface->watch_snapshot = memory_watch_snapshot;
  iface->unwatch_snapshot = memory_watch_snapshot;
}
