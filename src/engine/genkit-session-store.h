/* genkit-session-store.h — where agents keep their session snapshots: Genkit's SessionStore
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-session-snapshot.h"

G_BEGIN_DECLS

/**
 * GenkitSnapshotMutator:
 * @current: (nullable): the snapshot as stored now, %NULL when there is none; a private
 *   copy the mutator may change and return
 * @user_data: data given with the mutator
 * @error: return location for an error that aborts the save
 *
 * Computes the snapshot to store from the one stored now, inside the store's atomic
 * read-modify-write ([method@Genkit.SessionStore.save_snapshot_async]). It may run on the
 * store's worker thread while the store is locked: it must not block and must not touch
 * anything but its arguments and @user_data.
 *
 * Returns: (transfer full) (nullable): the snapshot to store; %NULL without @error set to
 *   skip the write, %NULL with @error set to fail it
 */
typedef GenkitSessionSnapshot *(*GenkitSnapshotMutator) (GenkitSessionSnapshot  *current,
                                                         gpointer                user_data,
                                                         GError                **error);

/**
 * GenkitSessionPrefixFunc:
 * @context: (nullable): the action context of the call (`auth`…)
 * @user_data: data given with the function
 *
 * Chooses the partition ("prefix") a call's snapshots live in, Genkit's
 * `snapshotPathPrefix`: e.g. the authenticated user's id, so that tenants never see each
 * other's snapshots. The result must be a valid id ([func@Genkit.session_check_id]).
 *
 * Returns: (transfer full): the prefix
 */
typedef char *(*GenkitSessionPrefixFunc) (JsonObject *context,
                                          gpointer    user_data);

#define GENKIT_TYPE_SESSION_STORE (genkit_session_store_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_INTERFACE (GenkitSessionStore, genkit_session_store, GENKIT, SESSION_STORE, GObject)

struct _GenkitSessionStoreInterface
{
  GTypeInterface parent_iface;

  void                   (*get_snapshot_async)    (GenkitSessionStore    *self,
                                                   const char            *snapshot_id,
                                                   const char            *session_id,
                                                   JsonObject            *context,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
  GenkitSessionSnapshot *(*get_snapshot_finish)   (GenkitSessionStore    *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);
  void                   (*save_snapshot_async)   (GenkitSessionStore    *self,
                                                   const char            *snapshot_id,
                                                   GenkitSnapshotMutator  mutator,
                                                   gpointer               mutator_data,
                                                   GDestroyNotify         mutator_destroy,
                                                   JsonObject            *context,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
  char                  *(*save_snapshot_finish)  (GenkitSessionStore    *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);
  void                   (*list_snapshots_async)  (GenkitSessionStore    *self,
                                                   const char            *session_id,
                                                   JsonObject            *context,
                                                   GCancellable          *cancellable,
                                                   GAsyncReadyCallback    callback,
                                                   gpointer               user_data);
  GPtrArray             *(*list_snapshots_finish) (GenkitSessionStore    *self,
                                                   GAsyncResult          *result,
                                                   GError               **error);
  void                   (*watch_snapshot)        (GenkitSessionStore    *self,
                                                   const char            *snapshot_id,
                                                   JsonObject            *context);
  void                   (*unwatch_snapshot)      (GenkitSessionStore    *self,
                                                   const char            *snapshot_id,
                                                   JsonObject            *context);

  /*< private >*/
  gpointer padding[8];
};

GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_store_get_snapshot_async    (GenkitSessionStore    *self,
                                                                   const char            *snapshot_id,
                                                                   const char            *session_id,
                                                                   JsonObject            *context,
                                                                   GCancellable          *cancellable,
                                                                   GAsyncReadyCallback    callback,
                                                                   gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitSessionSnapshot *genkit_session_store_get_snapshot_finish   (GenkitSessionStore    *self,
                                                                   GAsyncResult          *result,
                                                                   GError               **error);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_store_save_snapshot_async   (GenkitSessionStore    *self,
                                                                   const char            *snapshot_id,
                                                                   GenkitSnapshotMutator  mutator,
                                                                   gpointer               mutator_data,
                                                                   GDestroyNotify         mutator_destroy,
                                                                   JsonObject            *context,
                                                                   GCancellable          *cancellable,
                                                                   GAsyncReadyCallback    callback,
                                                                   gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
char                  *genkit_session_store_save_snapshot_finish  (GenkitSessionStore    *self,
                                                                   GAsyncResult          *result,
                                                                   gboolean              *skipped,
                                                                   GError               **error);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_store_put_snapshot_async    (GenkitSessionStore    *self,
                                                                   GenkitSessionSnapshot *snapshot,
                                                                   JsonObject            *context,
                                                                   GCancellable          *cancellable,
                                                                   GAsyncReadyCallback    callback,
                                                                   gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
char                  *genkit_session_store_put_snapshot_finish   (GenkitSessionStore    *self,
                                                                   GAsyncResult          *result,
                                                                   GError               **error);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_store_list_snapshots_async  (GenkitSessionStore    *self,
                                                                   const char            *session_id,
                                                                   JsonObject            *context,
                                                                   GCancellable          *cancellable,
                                                                   GAsyncReadyCallback    callback,
                                                                   gpointer               user_data);
GENKIT_AVAILABLE_IN_ALL
GPtrArray             *genkit_session_store_list_snapshots_finish (GenkitSessionStore    *self,
                                                                   GAsyncResult          *result,
                                                                   GError               **error);
GENKIT_AVAILABLE_IN_ALL
gboolean               genkit_session_store_can_watch             (GenkitSessionStore    *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_store_watch_snapshot        (GenkitSessionStore    *self,
                                                                   const char            *snapshot_id,
                                                                   JsonObject            *context);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_store_unwatch_snapshot      (GenkitSessionStore    *self,
                                                                   const char            *snapshot_id,
                                                                   JsonObject            *context);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_store_emit_snapshot_changed (GenkitSessionStore    *self,
                                                                   GenkitSessionSnapshot *snapshot);

GENKIT_AVAILABLE_IN_ALL
gboolean               genkit_session_check_id                    (const char            *id,
                                                                   const char            *label,
                                                                   GError               **error);
GENKIT_AVAILABLE_IN_ALL
GenkitSessionSnapshot *genkit_session_select_leaf                 (GPtrArray             *snapshots,
                                                                   const char            *session_id,
                                                                   gboolean               reject_branching,
                                                                   GError               **error);

G_END_DECLS
