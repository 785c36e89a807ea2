/* genkit-session-snapshot.c — one saved point of an agent conversation: Genkit's SessionSnapshot
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-session-private.h"
#include "genkit-session-snapshot.h"

/**
 * GenkitSessionSnapshot:
 *
 * A snapshot of an agent conversation, Genkit's `SessionSnapshot`
 * (`js/ai/src/agent-types.ts`): the whole session state (`messages`, `custom` state,
 * `artifacts`) at one point, with its lineage (`parentId`, so a session's snapshots form a
 * tree), its lifecycle `status`, and why the turn that wrote it finished.
 *
 * A snapshot is a view of its JSON document: [method@Genkit.SessionSnapshot.to_json] gives
 * exactly what Genkit stores and what `/agent-snapshot/<name>` returns, member order included.
 *
 * ```json
 * {"snapshotId": "6186e42e-…", "sessionId": "25a137ad-…",
 *  "createdAt": "2026-11-22T02:37:00.304Z", "updatedAt": "2026-11-22T02:37:00.304Z",
 *  "state": {"artifacts": [], "messages": [...], "sessionId": "25a137ad-…"},
 *  "parentId": "0ec023d2-…", "status": "completed", "finishReason": "stop"}
 * ```
 */
struct _GenkitSessionSnapshot
{
  gatomicrefcount  ref_count;
  JsonObject      *object;
};

G_DEFINE_BOXED_TYPE (GenkitSessionSnapshot, genkit_session_snapshot,
                     genkit_session_snapshot_ref, genkit_session_snapshot_unref)

static const char *const status_names[] = {
  [GENKIT_SNAPSHOT_STATUS_UNKNOWN] = NULL,
  [GENKIT_SNAPSHOT_STATUS_PENDING] = "pending",
  [GENKIT_SNAPSHOT_STATUS_COMPLETED] = "completed",
  [GENKIT_SNAPSHOT_STATUS_ABORTED] = "aborted",
  [GENKIT_SNAPSHOT_STATUS_FAILED] = "failed",
  [GENKIT_SNAPSHOT_STATUS_EXPIRED] = "expired",
};

static const char *const status_enum[] = {
  "pending", "completed", "aborted", "failed", "expired", NULL,
};

static const char *const finish_reason_enum[] = {
  "stop", "length", "blocked", "interrupted", "other", "unknown", "aborted", "detached",
  "failed", NULL,
};

/**
 * genkit_snapshot_status_to_string:
 * @status: a status
 *
 * Gets the status as Genkit writes it, e.g. `completed`.
 *
 * Returns: (nullable): the status string, %NULL for [enum@Genkit.SnapshotStatus.UNKNOWN]
 */
const char *
genkit_snapshot_status_to_string (GenkitSnapshotStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

/**
 * genkit_snapshot_status_from_string:
 * @string: (nullable): a status string such as `pending`
 *
 * Parses a status string.
 *
 * Returns: the status, [enum@Genkit.SnapshotStatus.UNKNOWN] for %NULL or an unknown string
 */
GenkitSnapshotStatus
genkit_snapshot_status_from_string (const char *string)
{
  if (string == NULL)
    return GENKIT_SNAPSHOT_STATUS_UNKNOWN;
  for (guint i = 1; i < G_N_ELEMENTS (status_names); i++)
    if (g_str_equal (string, status_names[i]))
      return (GenkitSnapshotStatus) i;
  return GENKIT_SNAPSHOT_STATUS_UNKNOWN;
}

static GenkitSessionSnapshot *
snapshot_wrap (JsonObject *object)
{
  GenkitSessionSnapshot *self = g_new0 (GenkitSessionSnapshot, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->object = object;
  return self;
}

/**
 * genkit_session_snapshot_new:
 * @snapshot_id: (nullable): the snapshot's id, or %NULL to let the store assign one
 *
 * Creates an empty snapshot. Set its members in Genkit's order (session id, times, state,
 * parent, status…) so that its JSON reads like Genkit's.
 *
 * Returns: (transfer full): a new snapshot
 */
GenkitSessionSnapshot *
genkit_session_snapshot_new (const char *snapshot_id)
{
  GenkitSessionSnapshot *self = snapshot_wrap (json_object_new ());

  if (snapshot_id != NULL)
    json_object_set_string_member (self->object, "snapshotId", snapshot_id);
  return self;
}

/* Checks -------------------------------------------------------------------------------------- */

static gboolean
check_artifact (GkCheck    *check,
                JsonNode   *node,
                const char *path)
{
  JsonObject *object;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);
  return _gk_check_member (check, object, path, "name", GK_STRING, FALSE) &&
         _genkit_parts_check (check, object, path, "parts", TRUE) &&
         _gk_check_member (check, object, path, "metadata", GK_OBJECT, FALSE);
}

static gboolean
check_state (GkCheck    *check,
             JsonNode   *node,
             const char *path)
{
  JsonObject *object;
  JsonArray *array;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);
  if (!_gk_check_member (check, object, path, "sessionId", GK_STRING, FALSE) ||
      !_gk_check_member (check, object, path, "messages", GK_ARRAY, FALSE) ||
      !_gk_check_member (check, object, path, "artifacts", GK_ARRAY, FALSE))
    return FALSE;

  if ((array = _gk_object_get_array (object, "messages")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        g_autofree char *member = _gk_path_member (path, "messages");
        g_autofree char *item = _gk_path_index (member, i);

        if (!_genkit_message_check (check, json_array_get_element (array, i), item))
          return FALSE;
      }
  if ((array = _gk_object_get_array (object, "artifacts")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        g_autofree char *member = _gk_path_member (path, "artifacts");
        g_autofree char *item = _gk_path_index (member, i);

        if (!check_artifact (check, json_array_get_element (array, i), item))
          return FALSE;
      }
  return TRUE;
}

static gboolean
check_runtime_error (GkCheck    *check,
                     JsonNode   *node,
                     const char *path)
{
  JsonObject *object;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);
  return _gk_check_member (check, object, path, "status", GK_STRING, FALSE) &&
         _gk_check_member (check, object, path, "message", GK_STRING, TRUE);
}

/**
 * genkit_session_state_check:
 * @state: a `SessionState` document
 * @error: return location for an `INVALID_ARGUMENT` error naming the offending member
 *
 * Checks a session state the way Genkit's `SessionStateSchema` does: an object with an
 * optional string `sessionId`, `messages` (Messages), any `custom` value and `artifacts`
 * (`{name?, parts, metadata?}`).
 *
 * Returns: %TRUE if @state is well formed
 */
gboolean
genkit_session_state_check (JsonNode  *state,
                            GError   **error)
{
  GkCheck check = { "SessionState", error };

  g_return_val_if_fail (state != NULL, FALSE);
  return check_state (&check, state, "");
}

static gboolean
check_snapshot (JsonNode  *node,
                GError   **error)
{
  GkCheck check = { "SessionSnapshot", error };
  JsonObject *object;
  JsonNode *member;

  if (!_gk_check_node (&check, node, "", GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);
  if (!_gk_check_member (&check, object, "", "snapshotId", GK_STRING, TRUE) ||
      !_gk_check_member (&check, object, "", "sessionId", GK_STRING, FALSE) ||
      !_gk_check_member (&check, object, "", "parentId", GK_STRING, FALSE) ||
      !_gk_check_member (&check, object, "", "createdAt", GK_STRING, TRUE) ||
      !_gk_check_member (&check, object, "", "updatedAt", GK_STRING, FALSE) ||
      !_gk_check_member (&check, object, "", "heartbeatAt", GK_STRING, FALSE) ||
      !_gk_check_enum_member (&check, object, "", "status", status_enum, FALSE) ||
      !_gk_check_enum_member (&check, object, "", "finishReason", finish_reason_enum, FALSE))
    return FALSE;
  if ((member = json_object_get_member (object, "error")) != NULL &&
      !check_runtime_error (&check, member, "error"))
    return FALSE;
  if ((member = json_object_get_member (object, "state")) != NULL &&
      !check_state (&check, member, "state"))
    return FALSE;
  return TRUE;
}

/**
 * genkit_session_snapshot_new_from_json:
 * @node: a `SessionSnapshot` document
 * @error: return location for an `INVALID_ARGUMENT` error naming the offending member
 *
 * Reads a snapshot, checked as Genkit's `SessionSnapshotSchema` checks it: a string
 * `snapshotId` and `createdAt`, `status` and `finishReason` from their enums, an `error`
 * with a `message`, and a well-formed `state`. @node is copied.
 *
 * Returns: (transfer full) (nullable): the snapshot, or %NULL with @error set
 */
GenkitSessionSnapshot *
genkit_session_snapshot_new_from_json (JsonNode  *node,
                                       GError   **error)
{
  g_return_val_if_fail (node != NULL, NULL);

  if (!check_snapshot (node, error))
    return NULL;
  return snapshot_wrap (_gk_object_copy (json_node_get_object (node)));
}

/**
 * genkit_session_snapshot_ref:
 * @self: a snapshot
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
GenkitSessionSnapshot *
genkit_session_snapshot_ref (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_session_snapshot_unref:
 * @self: a snapshot
 *
 * Drops a reference.
 */
void
genkit_session_snapshot_unref (GenkitSessionSnapshot *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  json_object_unref (self->object);
  g_free (self);
}

/**
 * genkit_session_snapshot_copy:
 * @self: a snapshot
 *
 * Makes a deep copy that can be changed independently.
 *
 * Returns: (transfer full): the copy
 */
GenkitSessionSnapshot *
genkit_session_snapshot_copy (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return snapshot_wrap (_gk_object_copy (self->object));
}

/**
 * genkit_session_snapshot_to_json:
 * @self: a snapshot
 *
 * Gets the snapshot's JSON document.
 *
 * Returns: (transfer full): a deep copy of the document
 */
JsonNode *
genkit_session_snapshot_to_json (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_node_take_object (_gk_object_copy (self->object));
}

/**
 * genkit_session_snapshot_get_json_object:
 * @self: a snapshot
 *
 * Gets the snapshot's JSON document itself, for reading.
 *
 * Returns: (transfer none): the document
 */
JsonObject *
genkit_session_snapshot_get_json_object (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->object;
}

/* Accessors ----------------------------------------------------------------------------------- */

static void
set_string (JsonObject *object,
            const char *member,
            const char *value)
{
  if (value == NULL)
    json_object_remove_member (object, member);
  else
    json_object_set_string_member (object, member, value);
}

/**
 * genkit_session_snapshot_get_snapshot_id:
 * @self: a snapshot
 *
 * Gets the snapshot's id.
 *
 * Returns: (nullable): the id, %NULL before a store assigned one
 */
const char *
genkit_session_snapshot_get_snapshot_id (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "snapshotId");
}

/**
 * genkit_session_snapshot_set_snapshot_id:
 * @self: a snapshot
 * @snapshot_id: (nullable): the id
 *
 * Sets the snapshot's id.
 */
void
genkit_session_snapshot_set_snapshot_id (GenkitSessionSnapshot *self,
                                         const char            *snapshot_id)
{
  g_return_if_fail (self != NULL);
  set_string (self->object, "snapshotId", snapshot_id);
}

/**
 * genkit_session_snapshot_get_session_id:
 * @self: a snapshot
 *
 * Gets the id of the session the snapshot belongs to: its `sessionId`, or for snapshots
 * written before snapshots carried one, the `sessionId` of its state (as Genkit reads it).
 *
 * Returns: (nullable): the session id
 */
const char *
genkit_session_snapshot_get_session_id (GenkitSessionSnapshot *self)
{
  const char *id;

  g_return_val_if_fail (self != NULL, NULL);

  if ((id = _gk_object_get_string (self->object, "sessionId")) != NULL)
    return id;
  return _gk_object_get_string (_gk_object_get_object (self->object, "state"), "sessionId");
}

/**
 * genkit_session_snapshot_set_session_id:
 * @self: a snapshot
 * @session_id: (nullable): the session id
 *
 * Sets the id of the session the snapshot belongs to.
 */
void
genkit_session_snapshot_set_session_id (GenkitSessionSnapshot *self,
                                        const char            *session_id)
{
  g_return_if_fail (self != NULL);
  set_string (self->object, "sessionId", session_id);
}

/**
 * genkit_session_snapshot_get_parent_id:
 * @self: a snapshot
 *
 * Gets the id of the snapshot this one continues from.
 *
 * Returns: (nullable): the parent's id, %NULL for a session's first snapshot
 */
const char *
genkit_session_snapshot_get_parent_id (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "parentId");
}

/**
 * genkit_session_snapshot_set_parent_id:
 * @self: a snapshot
 * @parent_id: (nullable): the parent's id
 *
 * Sets the id of the snapshot this one continues from.
 */
void
genkit_session_snapshot_set_parent_id (GenkitSessionSnapshot *self,
                                       const char            *parent_id)
{
  g_return_if_fail (self != NULL);
  set_string (self->object, "parentId", parent_id);
}

/**
 * genkit_session_snapshot_get_created_at:
 * @self: a snapshot
 *
 * Gets when the snapshot was created, RFC 3339 (`2026-11-22T02:37:00.304Z`).
 *
 * Returns: (nullable): the time
 */
const char *
genkit_session_snapshot_get_created_at (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "createdAt");
}

/**
 * genkit_session_snapshot_set_created_at:
 * @self: a snapshot
 * @created_at: (nullable): an RFC 3339 time
 *
 * Sets when the snapshot was created.
 */
void
genkit_session_snapshot_set_created_at (GenkitSessionSnapshot *self,
                                        const char            *created_at)
{
  g_return_if_fail (self != NULL);
  set_string (self->object, "createdAt", created_at);
}

/**
 * genkit_session_snapshot_get_updated_at:
 * @self: a snapshot
 *
 * Gets when the snapshot was last written, RFC 3339.
 *
 * Returns: (nullable): the time
 */
const char *
genkit_session_snapshot_get_updated_at (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "updatedAt");
}

/**
 * genkit_session_snapshot_set_updated_at:
 * @self: a snapshot
 * @updated_at: (nullable): an RFC 3339 time
 *
 * Sets when the snapshot was last written.
 */
void
genkit_session_snapshot_set_updated_at (GenkitSessionSnapshot *self,
                                        const char            *updated_at)
{
  g_return_if_fail (self != NULL);
  set_string (self->object, "updatedAt", updated_at);
}

/**
 * genkit_session_snapshot_get_heartbeat_at:
 * @self: a snapshot
 *
 * Gets the last heartbeat of a detached turn's pending snapshot, RFC 3339.
 *
 * Returns: (nullable): the time
 */
const char *
genkit_session_snapshot_get_heartbeat_at (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "heartbeatAt");
}

/**
 * genkit_session_snapshot_set_heartbeat_at:
 * @self: a snapshot
 * @heartbeat_at: (nullable): an RFC 3339 time
 *
 * Sets the last heartbeat of a detached turn.
 */
void
genkit_session_snapshot_set_heartbeat_at (GenkitSessionSnapshot *self,
                                          const char            *heartbeat_at)
{
  g_return_if_fail (self != NULL);
  set_string (self->object, "heartbeatAt", heartbeat_at);
}

/**
 * genkit_session_snapshot_get_status:
 * @self: a snapshot
 *
 * Gets the snapshot's lifecycle status as stored (an expired snapshot reads as pending here;
 * see [method@Genkit.SessionSnapshot.is_expired]).
 *
 * Returns: the status
 */
GenkitSnapshotStatus
genkit_session_snapshot_get_status (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, GENKIT_SNAPSHOT_STATUS_UNKNOWN);
  return genkit_snapshot_status_from_string (_gk_object_get_string (self->object, "status"));
}

/**
 * genkit_session_snapshot_set_status:
 * @self: a snapshot
 * @status: the status; [enum@Genkit.SnapshotStatus.UNKNOWN] removes it
 *
 * Sets the snapshot's lifecycle status.
 */
void
genkit_session_snapshot_set_status (GenkitSessionSnapshot *self,
                                    GenkitSnapshotStatus   status)
{
  g_return_if_fail (self != NULL);
  set_string (self->object, "status", genkit_snapshot_status_to_string (status));
}

/**
 * genkit_session_snapshot_get_finish_reason:
 * @self: a snapshot
 *
 * Gets why the turn that wrote the snapshot finished (`stop`, `interrupted`, `failed`…).
 *
 * Returns: (nullable): the finish reason
 */
const char *
genkit_session_snapshot_get_finish_reason (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "finishReason");
}

/**
 * genkit_session_snapshot_set_finish_reason:
 * @self: a snapshot
 * @finish_reason: (nullable): an `AgentFinishReason`
 *
 * Sets why the turn finished.
 */
void
genkit_session_snapshot_set_finish_reason (GenkitSessionSnapshot *self,
                                           const char            *finish_reason)
{
  g_return_if_fail (self != NULL);
  set_string (self->object, "finishReason", finish_reason);
}

/**
 * genkit_session_snapshot_get_error:
 * @self: a snapshot
 *
 * Gets the failure of a failed turn, a `RuntimeError` (`{status, message, details?}`).
 *
 * Returns: (transfer none) (nullable): the error
 */
JsonObject *
genkit_session_snapshot_get_error (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_object (self->object, "error");
}

/**
 * genkit_session_snapshot_set_error:
 * @self: a snapshot
 * @error: (nullable): a `RuntimeError`, copied
 *
 * Sets the failure of a failed turn.
 */
void
genkit_session_snapshot_set_error (GenkitSessionSnapshot *self,
                                   JsonObject            *error)
{
  g_return_if_fail (self != NULL);

  if (error == NULL)
    json_object_remove_member (self->object, "error");
  else
    json_object_set_object_member (self->object, "error", _gk_object_copy (error));
}

/**
 * genkit_session_snapshot_get_state:
 * @self: a snapshot
 *
 * Gets the session state captured by the snapshot (`SessionState`: `sessionId`, `messages`,
 * `custom`, `artifacts`); empty on a pending snapshot.
 *
 * Returns: (transfer none) (nullable): the state
 */
JsonObject *
genkit_session_snapshot_get_state (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_object (self->object, "state");
}

/**
 * genkit_session_snapshot_set_state:
 * @self: a snapshot
 * @state: (nullable): a `SessionState`, copied
 *
 * Sets the session state captured by the snapshot.
 */
void
genkit_session_snapshot_set_state (GenkitSessionSnapshot *self,
                                   JsonObject            *state)
{
  g_return_if_fail (self != NULL);

  if (state == NULL)
    json_object_remove_member (self->object, "state");
  else
    json_object_set_object_member (self->object, "state", _gk_object_copy (state));
}

/**
 * genkit_session_snapshot_get_messages:
 * @self: a snapshot
 *
 * Gets the conversation's messages at this point.
 *
 * Returns: (transfer none) (nullable): the messages of the state
 */
JsonArray *
genkit_session_snapshot_get_messages (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_array (_gk_object_get_object (self->object, "state"), "messages");
}

/**
 * genkit_session_snapshot_get_custom:
 * @self: a snapshot
 *
 * Gets the agent's custom state at this point.
 *
 * Returns: (transfer none) (nullable): the custom state
 */
JsonNode *
genkit_session_snapshot_get_custom (GenkitSessionSnapshot *self)
{
  JsonObject *state;

  g_return_val_if_fail (self != NULL, NULL);

  state = _gk_object_get_object (self->object, "state");
  return state ? json_object_get_member (state, "custom") : NULL;
}

/**
 * genkit_session_snapshot_get_artifacts:
 * @self: a snapshot
 *
 * Gets the artifacts (`{name?, parts, metadata?}`) the conversation produced so far.
 *
 * Returns: (transfer none) (nullable): the artifacts of the state
 */
JsonArray *
genkit_session_snapshot_get_artifacts (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_array (_gk_object_get_object (self->object, "state"), "artifacts");
}

/**
 * genkit_session_snapshot_is_resumable:
 * @self: a snapshot
 *
 * Tells whether a turn may continue from this snapshot: only `completed` ones are resumable
 * in Genkit.
 *
 * Returns: %TRUE if the status is `completed`
 */
gboolean
genkit_session_snapshot_is_resumable (GenkitSessionSnapshot *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return genkit_session_snapshot_get_status (self) == GENKIT_SNAPSHOT_STATUS_COMPLETED;
}

/**
 * genkit_session_snapshot_is_expired:
 * @self: a snapshot
 * @now_ms: the current time in milliseconds since the epoch
 * @timeout_ms: how old a heartbeat may be, in milliseconds (Genkit's default is 60000)
 *
 * Tells whether the snapshot is a `pending` one whose detached worker is presumed dead: its
 * heartbeat is older than @timeout_ms (Genkit's `isHeartbeatExpired`). A pending snapshot
 * without a heartbeat yet is not expired.
 *
 * Returns: %TRUE if the snapshot should read as `expired`
 */
gboolean
genkit_session_snapshot_is_expired (GenkitSessionSnapshot *self,
                                    gint64                 now_ms,
                                    guint                  timeout_ms)
{
  gint64 last;

  g_return_val_if_fail (self != NULL, FALSE);

  if (genkit_session_snapshot_get_status (self) != GENKIT_SNAPSHOT_STATUS_PENDING)
    return FALSE;
  last = _genkit_iso_timestamp_parse (genkit_session_snapshot_get_heartbeat_at (self));
  if (last < 0)
    return FALSE;
  return now_ms - last > (gint64) timeout_ms;
}
