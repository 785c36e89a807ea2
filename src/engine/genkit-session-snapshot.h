/* genkit-session-snapshot.h — one saved point of an agent conversation: Genkit's SessionSnapshot
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

/**
 * GenkitSnapshotStatus:
 * @GENKIT_SNAPSHOT_STATUS_UNKNOWN: no status recorded (snapshots written before statuses existed)
 * @GENKIT_SNAPSHOT_STATUS_PENDING: a detached turn is still running; the state is empty until it ends
 * @GENKIT_SNAPSHOT_STATUS_COMPLETED: a settled state; the only status a turn can resume from
 * @GENKIT_SNAPSHOT_STATUS_ABORTED: the run was aborted (`/agent-abort/<name>`)
 * @GENKIT_SNAPSHOT_STATUS_FAILED: the turn ended in an error, recorded in the snapshot's `error`
 * @GENKIT_SNAPSHOT_STATUS_EXPIRED: a pending snapshot whose heartbeat went stale (computed when
 *   read, never stored)
 *
 * The lifecycle status of a snapshot, `SnapshotStatusSchema` of `js/ai/src/agent-types.ts`.
 */
typedef enum
{
  GENKIT_SNAPSHOT_STATUS_UNKNOWN,
  GENKIT_SNAPSHOT_STATUS_PENDING,
  GENKIT_SNAPSHOT_STATUS_COMPLETED,
  GENKIT_SNAPSHOT_STATUS_ABORTED,
  GENKIT_SNAPSHOT_STATUS_FAILED,
  GENKIT_SNAPSHOT_STATUS_EXPIRED,
} GenkitSnapshotStatus;

GENKIT_AVAILABLE_IN_ALL
const char           *genkit_snapshot_status_to_string   (GenkitSnapshotStatus  status);
GENKIT_AVAILABLE_IN_ALL
GenkitSnapshotStatus  genkit_snapshot_status_from_string (const char           *string);

#define GENKIT_TYPE_SESSION_SNAPSHOT (genkit_session_snapshot_get_type ())

typedef struct _GenkitSessionSnapshot GenkitSessionSnapshot;

GENKIT_AVAILABLE_IN_ALL
GType                  genkit_session_snapshot_get_type        (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitSessionSnapshot *genkit_session_snapshot_new             (const char             *snapshot_id);
GENKIT_AVAILABLE_IN_ALL
GenkitSessionSnapshot *genkit_session_snapshot_new_from_json   (JsonNode               *node,
                                                                GError                **error);
GENKIT_AVAILABLE_IN_ALL
GenkitSessionSnapshot *genkit_session_snapshot_ref             (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_unref           (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitSessionSnapshot *genkit_session_snapshot_copy            (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode              *genkit_session_snapshot_to_json         (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject            *genkit_session_snapshot_get_json_object (GenkitSessionSnapshot  *self);

GENKIT_AVAILABLE_IN_ALL
const char            *genkit_session_snapshot_get_snapshot_id (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_snapshot_id (GenkitSessionSnapshot  *self,
                                                                const char             *snapshot_id);
GENKIT_AVAILABLE_IN_ALL
const char            *genkit_session_snapshot_get_session_id  (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_session_id  (GenkitSessionSnapshot  *self,
                                                                const char             *session_id);
GENKIT_AVAILABLE_IN_ALL
const char            *genkit_session_snapshot_get_parent_id   (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_parent_id   (GenkitSessionSnapshot  *self,
                                                                const char             *parent_id);
GENKIT_AVAILABLE_IN_ALL
const char            *genkit_session_snapshot_get_created_at  (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_created_at  (GenkitSessionSnapshot  *self,
                                                                const char             *created_at);
GENKIT_AVAILABLE_IN_ALL
const char            *genkit_session_snapshot_get_updated_at  (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_updated_at  (GenkitSessionSnapshot  *self,
                                                                const char             *updated_at);
GENKIT_AVAILABLE_IN_ALL
const char            *genkit_session_snapshot_get_heartbeat_at (GenkitSessionSnapshot *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_heartbeat_at (GenkitSessionSnapshot *self,
                                                                 const char            *heartbeat_at);
GENKIT_AVAILABLE_IN_ALL
GenkitSnapshotStatus   genkit_session_snapshot_get_status      (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_status      (GenkitSessionSnapshot  *self,
                                                                GenkitSnapshotStatus    status);
GENKIT_AVAILABLE_IN_ALL
const char            *genkit_session_snapshot_get_finish_reason (GenkitSessionSnapshot *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_finish_reason (GenkitSessionSnapshot *self,
                                                                  const char            *finish_reason);
GENKIT_AVAILABLE_IN_ALL
JsonObject            *genkit_session_snapshot_get_error       (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_error       (GenkitSessionSnapshot  *self,
                                                                JsonObject             *error);
GENKIT_AVAILABLE_IN_ALL
JsonObject            *genkit_session_snapshot_get_state       (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
void                   genkit_session_snapshot_set_state       (GenkitSessionSnapshot  *self,
                                                                JsonObject             *state);
GENKIT_AVAILABLE_IN_ALL
JsonArray             *genkit_session_snapshot_get_messages    (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode              *genkit_session_snapshot_get_custom      (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
JsonArray             *genkit_session_snapshot_get_artifacts   (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
gboolean               genkit_session_snapshot_is_resumable    (GenkitSessionSnapshot  *self);
GENKIT_AVAILABLE_IN_ALL
gboolean               genkit_session_snapshot_is_expired      (GenkitSessionSnapshot  *self,
                                                                gint64                  now_ms,
                                                                guint                   timeout_ms);

GENKIT_AVAILABLE_IN_ALL
gboolean               genkit_session_state_check              (JsonNode               *state,
                                                                GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitSessionSnapshot, genkit_session_snapshot_unref)

G_END_DECLS
