/* genkit-sqlite-session-store.h — session snapshots in SQLite, the studio's default store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-session-store.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_SQLITE_SESSION_STORE (genkit_sqlite_session_store_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitSqliteSessionStore, genkit_sqlite_session_store, GENKIT, SQLITE_SESSION_STORE, GObject)

GENKIT_AVAILABLE_IN_ALL
char                     *genkit_sqlite_session_store_get_default_path     (void);
GENKIT_AVAILABLE_IN_ALL
GenkitSqliteSessionStore *genkit_sqlite_session_store_new                  (const char               *path,
                                                                            GError                  **error);
GENKIT_AVAILABLE_IN_ALL
GenkitSqliteSessionStore *genkit_sqlite_session_store_new_default          (GError                  **error);
GENKIT_AVAILABLE_IN_ALL
const char               *genkit_sqlite_session_store_get_path             (GenkitSqliteSessionStore *self);
GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_sqlite_session_store_get_reject_branching (GenkitSqliteSessionStore *self);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_sqlite_session_store_set_reject_branching (GenkitSqliteSessionStore *self,
                                                                            gboolean                  reject_branching);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_sqlite_session_store_set_prefix_func      (GenkitSqliteSessionStore *self,
                                                                            GenkitSessionPrefixFunc   func,
                                                                            gpointer                  user_data,
                                                                            GDestroyNotify            destroy);
GENKIT_AVAILABLE_IN_ALL
guint                     genkit_sqlite_session_store_get_watch_interval   (GenkitSqliteSessionStore *self);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_sqlite_session_store_set_watch_interval   (GenkitSqliteSessionStore *self,
                                                                            guint                     interval_ms);

G_END_DECLS
