/* genkit-file-session-store.h — session snapshots as JSON files in Genkit's FileSessionStore layout
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-session-store.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_FILE_SESSION_STORE (genkit_file_session_store_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitFileSessionStore, genkit_file_session_store, GENKIT, FILE_SESSION_STORE, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitFileSessionStore *genkit_file_session_store_new                  (const char             *directory);
GENKIT_AVAILABLE_IN_ALL
const char             *genkit_file_session_store_get_directory        (GenkitFileSessionStore *self);
GENKIT_AVAILABLE_IN_ALL
gboolean                genkit_file_session_store_get_reject_branching (GenkitFileSessionStore *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_file_session_store_set_reject_branching (GenkitFileSessionStore *self,
                                                                        gboolean                reject_branching);
GENKIT_AVAILABLE_IN_ALL
guint                   genkit_file_session_store_get_max_chain_length (GenkitFileSessionStore *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_file_session_store_set_max_chain_length (GenkitFileSessionStore *self,
                                                                        guint                   max_chain_length);
GENKIT_AVAILABLE_IN_ALL
guint                   genkit_file_session_store_get_watch_interval   (GenkitFileSessionStore *self);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_file_session_store_set_watch_interval   (GenkitFileSessionStore *self,
                                                                        guint                   interval_ms);
GENKIT_AVAILABLE_IN_ALL
void                    genkit_file_session_store_set_prefix_func      (GenkitFileSessionStore *self,
                                                                        GenkitSessionPrefixFunc func,
                                                                        gpointer                user_data,
                                                                        GDestroyNotify          destroy);

G_END_DECLS
