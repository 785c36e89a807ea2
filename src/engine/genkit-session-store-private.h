/* genkit-session-store-private.h — what the engine's session stores share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-session-store.h"

G_BEGIN_DECLS

char *_genkit_session_store_finish_snapshot (GenkitSessionSnapshot  *snapshot,
                                             const char             *snapshot_id,
                                             GError                **error);

/* The partition a persistent store reads and writes for a call (Genkit's `snapshotPathPrefix`):
 * the file and SQLite stores both keep the application's prefix function and ask it the same
 * way, so they share this. */
typedef struct
{
  GenkitSessionPrefixFunc func;
  gpointer                data;
  GDestroyNotify          destroy;
} GenkitSessionPrefix;

void  _genkit_session_prefix_set   (GenkitSessionPrefix     *prefix,
                                    GenkitSessionPrefixFunc  func,
                                    gpointer                 user_data,
                                    GDestroyNotify           destroy);
void  _genkit_session_prefix_clear (GenkitSessionPrefix     *prefix);
char *_genkit_session_prefix_call  (GenkitSessionPrefix     *prefix,
                                    JsonObject              *context,
                                    GError                 **error);
char *_genkit_session_watch_key    (const char              *prefix,
                                    const char              *snapshot_id);

/* The snapshots a persistent store polls for watchers, counted per (prefix, id), with the
 * document it last reported; the file and SQLite stores keep the same table. */
typedef struct
{
  char  *prefix;
  char  *snapshot_id;
  guint  count;
  char  *last;          /* the document last reported, or %NULL */
} GenkitSessionWatch;

GHashTable         *_genkit_session_watches_new    (void);
GenkitSessionWatch *_genkit_session_watches_lookup (GHashTable              *watches,
                                                    const char              *prefix,
                                                    const char              *snapshot_id);
gboolean            _genkit_session_watches_add    (GHashTable              *watches,
                                                    const char              *prefix,
                                                    const char              *snapshot_id);
gboolean            _genkit_session_watches_remove (GHashTable              *watches,
                                                    const char              *prefix,
                                                    const char              *snapshot_id);
GPtrArray          *_genkit_session_watches_ids    (GHashTable              *watches);

G_END_DECLS
