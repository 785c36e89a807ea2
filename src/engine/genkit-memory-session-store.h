/* genkit-memory-session-store.h — session snapshots kept in memory: Genkit's InMemorySessionStore
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-session-store.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_MEMORY_SESSION_STORE (genkit_memory_session_store_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitMemorySessionStore, genkit_memory_session_store, GENKIT, MEMORY_SESSION_STORE, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitMemorySessionStore *genkit_memory_session_store_new                  (void);
GENKIT_AVAILABLE_IN_ALL
gboolean                  genkit_memory_session_store_get_reject_branching (GenkitMemorySessionStore *self);
GENKIT_AVAILABLE_IN_ALL
void                      genkit_memory_session_store_set_reject_branching (GenkitMemorySessionStore *self,
                                                                            gboolean                  reject_branching);
GENKIT_AVAILABLE_IN_ALL
guint                     genkit_memory_session_store_get_n_snapshots      (GenkitMemorySessionStore *self);

G_END_DECLS
