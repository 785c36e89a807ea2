/* genkit-agent.c — a multi-turn agent with session snapshots: /agent, /agent-snapshot, /agent-abort
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action.h"
#include "genkit-action-private.h"
#include "genkit-action-run.h"
#include "genkit-agent.h"
#include "genkit-agent-private.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-json-patch.h"
#include "genkit-json-schema.h"
#include "genkit-registry.h"
#include "genkit-session-private.h"
#include "genkit-span.h"
#include "genkit-tracer.h"

/**
 * GenkitAgent:
 *
 * A multi-turn conversational agent, Genkit's agent (`js/ai/src/agent.ts`, 1.41 and later):
 * a bidirectional action `/agent/<name>` that runs one turn per input and keeps the
 * conversation's state (messages, custom state, artifacts) as a session, with two companion
 * actions, `/agent-snapshot/<name>` and `/agent-abort/<name>`. The shapes are Genkit's:
 * `AgentInit` as the run's init, `AgentInput` per turn, `AgentStreamChunk` chunks
 * (`modelChunk`, `customPatch` as JSON Patch, `artifact`, `turnEnd`) and an `AgentOutput`.
 *
 * With a [iface@Genkit.SessionStore] the agent is *server-managed*: every turn writes a
 * [struct@Genkit.SessionSnapshot] (`completed`, or `failed` with its error) whose parent is
 * the previous one, and the caller resumes with `init.snapshotId` (that exact point: a
 * branch when it is not the latest) or `init.sessionId` (the session's latest resumable
 * snapshot). Without a store it is *client-managed*: the caller sends the whole `state` in
 * `init` and gets the new state back.
 *
 * An input with `detach: true` makes the run return at once with finish reason `detached`
 * and a `pending` snapshot, while the turn goes on in the background; the pending snapshot's
 * `heartbeatAt` is refreshed every [property@Genkit.Agent:heartbeat-interval] milliseconds,
 * and a reader sees it as `expired` once the heartbeat is older than
 * [property@Genkit.Agent:heartbeat-timeout]. `/agent-abort/<name>` marks a running snapshot
 * `aborted`, which stops its detached turn (the store reports the change).
 *
 * Each turn runs in a `flowStep` span `runTurn-<n>` (its input the `AgentInput`, its output
 * `{state}`, attribute `genkit:metadata:agent:snapshotId` for server-managed agents) inside
 * the agent's action span, which carries `genkit:metadata:agent:sessionId`.
 *
 * Three ways to make one: a turn function ([func@Genkit.define_agent], Genkit's
 * `defineCustomAgent`), a prompt configuration ([func@Genkit.define_prompt_agent], Genkit's
 * `defineAgent`), or a render function ([ctor@Genkit.Agent.new_rendered], what a `.prompt`
 * file agent uses).
 *
 * ```c
 * static void
 * echo_turn (GenkitAgentTurn *turn, gpointer user_data)
 * {
 *   GenkitMessage *said = genkit_agent_turn_get_message (turn);
 *   g_autofree char *text = said ? genkit_message_get_text (said) : g_strdup ("");
 *   g_autoptr(GenkitMessage) reply = genkit_message_new_text (GENKIT_ROLE_MODEL, text);
 *
 *   genkit_agent_turn_add_message (turn, reply);
 *   genkit_agent_turn_return_finish_reason (turn, "stop");
 * }
 *
 * genkit_define_agent (registry, "echo", store, echo_turn, NULL, NULL, &error);
 * ```
 */

typedef enum
{
  AGENT_KIND_FUNC,
  AGENT_KIND_RENDER,
} AgentKind;

struct _GenkitAgent
{
  GenkitAction           parent_instance;

  GenkitSessionStore    *store;           /* NULL: client-managed */
  GenkitJsonSchema      *state_schema;
  guint                  heartbeat_interval;
  guint                  heartbeat_timeout;

  AgentKind              kind;
  GenkitAgentTurnFunc    func;
  GenkitAgentRenderFunc  render;
  gpointer               func_data;
  GDestroyNotify         func_destroy;

  GenkitAction          *snapshot_action;
  GenkitAction          *abort_action;
};

G_DEFINE_FINAL_TYPE (GenkitAgent, genkit_agent, GENKIT_TYPE_ACTION)

enum {
  PROP_0,
  PROP_STORE,
  PROP_HEARTBEAT_INTERVAL,
  PROP_HEARTBEAT_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* One run of /agent/<name> -------------------------------------------------------------------- */

typedef struct _Invocation Invocation;

struct _Invocation
{
  gatomicrefcount         ref_count;

  GenkitAgent            *agent;
  GenkitActionRun        *run;            /* the agent action's run */
  GenkitSessionStore     *store;          /* NULL for a client-managed agent */
  JsonObject             *context;
  GCancellable           *abort;          /* Genkit's abortController */
  GCancellable           *run_cancellable;
  gulong                  run_cancelled_id;
  GMainContext           *main_context;

  /* The session */
  char                   *session_id;
  JsonObject             *state;          /* SessionState */
  guint                   version;

  /* The runner (Genkit's SessionRunner) */
  GenkitSessionSnapshot  *last_snapshot;
  guint                   last_snapshot_version;
  char                   *new_snapshot_id;
  char                   *detached_parent_id;
  guint                   turn_index;
  char                   *last_finish_reason;
  JsonNode               *last_error;      /* RuntimeError of the last failed turn */
  JsonObject             *last_good_state;
  char                   *last_good_snapshot_id;
  gboolean                first_custom_patch;
  JsonNode               *last_sent_custom;

  /* Inputs and turns */
  GQueue                  inputs;          /* of JsonNode: read, not yet run */
  gboolean                reading;
  gboolean                inputs_done;
  gboolean                detaching;
  gboolean                turn_running;
  gboolean                stopped;         /* a turn failed or was aborted: run no more */
  gboolean                finished;
  GError                 *fatal;           /* fails the action (Genkit throws) */

  /* Detached runs */
  gboolean                detached;
  char                   *detached_snapshot_id;
  guint                   heartbeat_source;
  gulong                  store_changed_id;
  gboolean                watching;
};

static Invocation *
invocation_ref (Invocation *inv)
{
  g_atomic_ref_count_inc (&inv->ref_count);
  return inv;
}

static void
invocation_stop_background (Invocation *inv)
{
  if (inv->heartbeat_source != 0)
    {
      GSource *source = g_main_context_find_source_by_id (inv->main_context, inv->heartbeat_source);

      if (source != NULL)
        g_source_destroy (source);
      inv->heartbeat_source = 0;
    }
  if (inv->store_changed_id != 0)
    {
      g_signal_handler_disconnect (inv->store, inv->store_changed_id);
      inv->store_changed_id = 0;
    }
  if (inv->watching)
    {
      genkit_session_store_unwatch_snapshot (inv->store, inv->detached_snapshot_id, inv->context);
      inv->watching = FALSE;
    }
  if (inv->run_cancelled_id != 0)
    {
      g_cancellable_disconnect (inv->run_cancellable, inv->run_cancelled_id);
      inv->run_cancelled_id = 0;
    }
}

static void
invocation_unref (Invocation *inv)
{
  if (!g_atomic_ref_count_dec (&inv->ref_count))
    return;

  invocation_stop_background (inv);
  g_clear_object (&inv->agent);
  g_clear_object (&inv->run);
  g_clear_object (&inv->store);
  g_clear_pointer (&inv->context, json_object_unref);
  g_clear_object (&inv->abort);
  g_clear_object (&inv->run_cancellable);
  g_clear_pointer (&inv->main_context, g_main_context_unref);
  g_free (inv->session_id);
  g_clear_pointer (&inv->state, json_object_unref);
  g_clear_pointer (&inv->last_snapshot, genkit_session_snapshot_unref);
  g_free (inv->new_snapshot_id);
  g_free (inv->detached_parent_id);
  g_free (inv->last_finish_reason);
  g_clear_pointer (&inv->last_error, json_node_unref);
  g_clear_pointer (&inv->last_good_state, json_object_unref);
  g_free (inv->last_good_snapshot_id);
  g_clear_pointer (&inv->last_sent_custom, json_node_unref);
  g_queue_clear_full (&inv->inputs, (GDestroyNotify) json_node_unref);
  g_clear_error (&inv->fatal);
  g_free (inv->detached_snapshot_id);
  g_free (inv);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Invocation, invocation_unref)

/* GenkitAgentTurn ----------------------------------------------------------------------------- */

/**
 * GenkitAgentTurn:
 *
 * One turn of an agent as its turn function sees it (Genkit's `SessionRunner` and
 * `TurnContext` during `sess.run()`): the turn's `AgentInput`, the session state to read and
 * change, streaming to the caller, and the turn's completion. Changes to the custom state and
 * new artifacts stream at once; the session is saved when the turn completes.
 */
struct _GenkitAgentTurn
{
  GObject          parent_instance;

  Invocation      *inv;          /* owned reference */
  GenkitActionRun *step;         /* the runTurn-<n> step */
  JsonObject      *input;        /* AgentInput */
  GenkitMessage   *message;
  char            *snapshot_id;
  char            *parent_snapshot_id;
  guint            index;
  gboolean         returned;
};

G_DEFINE_FINAL_TYPE (GenkitAgentTurn, genkit_agent_turn, G_TYPE_OBJECT)

static void
genkit_agent_turn_finalize (GObject *object)
{
  GenkitAgentTurn *self = GENKIT_AGENT_TURN (object);

  g_clear_pointer (&self->inv, invocation_unref);
  g_clear_object (&self->step);
  g_clear_pointer (&self->input, json_object_unref);
  g_clear_pointer (&self->message, genkit_message_unref);
  g_free (self->snapshot_id);
  g_free (self->parent_snapshot_id);

  G_OBJECT_CLASS (genkit_agent_turn_parent_class)->finalize (object);
}

static void
genkit_agent_turn_class_init (GenkitAgentTurnClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_agent_turn_finalize;
}

static void
genkit_agent_turn_init (GenkitAgentTurn *self)
{
}

/* Chunks and state ------------------------------------------------------------------------------ */

static void
emit_chunk (Invocation *inv,
            JsonObject *chunk)
{
  g_autoptr(JsonNode) node = _gk_node_take_object (chunk);

  /* A detached run has no reader any more. */
  if (inv->detached || genkit_action_run_is_completed (inv->run))
    return;
  genkit_action_run_send_chunk (inv->run, node);
}

static JsonArray *
state_array (JsonObject *state,
             const char *member)
{
  JsonArray *array = _gk_object_get_array (state, member);

  if (array == NULL)
    {
      array = json_array_new ();
      json_object_set_array_member (state, member, array);
    }
  return array;
}

static void
send_custom_patch (Invocation *inv)
{
  JsonNode *custom = json_object_get_member (inv->state, "custom");
  g_autoptr(JsonNode) patch = NULL;
  JsonObject *chunk;

  if (inv->detached)
    return;

  if (inv->first_custom_patch)
    {
      /* The first patch of a turn re-bases the client on the whole state. */
      JsonArray *ops = json_array_new ();
      JsonObject *op = json_object_new ();

      json_object_set_string_member (op, "op", "replace");
      json_object_set_string_member (op, "path", "");
      if (custom != NULL)
        json_object_set_member (op, "value", _gk_node_copy (custom));
      json_array_add_object_element (ops, op);
      patch = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (patch, ops);
      inv->first_custom_patch = FALSE;
    }
  else
    patch = genkit_json_patch_diff (inv->last_sent_custom, custom);

  g_clear_pointer (&inv->last_sent_custom, json_node_unref);
  inv->last_sent_custom = custom ? _gk_node_copy (custom) : NULL;

  if (json_array_get_length (json_node_get_array (patch)) == 0)
    return;
  chunk = json_object_new ();
  json_object_set_member (chunk, "customPatch", g_steal_pointer (&patch));
  emit_chunk (inv, chunk);
}

static void
add_artifact (Invocation *inv,
              JsonObject *artifact)
{
  JsonArray *artifacts = state_array (inv->state, "artifacts");
  const char *name = _gk_object_get_string (artifact, "name");
  JsonObject *chunk;
  gboolean replaced = FALSE;

  /* Same name replaces, as Genkit's Session.addArtifacts. */
  if (name != NULL)
    for (guint i = 0; i < json_array_get_length (artifacts); i++)
      {
        JsonObject *existing = json_array_get_object_element (artifacts, i);

        if (g_strcmp0 (_gk_object_get_string (existing, "name"), name) == 0)
          {
            g_autoptr(GPtrArray) rest = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
            guint n = json_array_get_length (artifacts);

            for (guint j = i + 1; j < n; j++)
              g_ptr_array_add (rest, json_node_ref (json_array_get_element (artifacts, j)));
            for (guint j = n; j > i; j--)
              json_array_remove_element (artifacts, j - 1);
            json_array_add_object_element (artifacts, _gk_object_copy (artifact));
            for (guint j = 0; j < rest->len; j++)
              json_array_add_element (artifacts, json_node_ref (rest->pdata[j]));
            replaced = TRUE;
            break;
          }
      }
  if (!replaced)
    json_array_add_object_element (artifacts, _gk_object_copy (artifact));
  inv->version++;

  chunk = json_object_new ();
  json_object_set_object_member (chunk, "artifact", _gk_object_copy (artifact));
  if (!inv->detached)
    emit_chunk (inv, chunk);
  else
    json_object_unref (chunk);
}

/* Snapshots (Genkit's SessionRunner.maybeSnapshot) ---------------------------------------------- */

typedef struct
{
  GenkitSessionSnapshot *snapshot;
} AbortAwareData;

static void
abort_aware_data_free (AbortAwareData *data)
{
  g_clear_pointer (&data->snapshot, genkit_session_snapshot_unref);
  g_free (data);
}

/* Skips the write when the stored snapshot was aborted meanwhile: a turn's final write never
 * overwrites an abort. */
static GenkitSessionSnapshot *
abort_aware_mutator (GenkitSessionSnapshot  *current,
                     gpointer                user_data,
                     GError                **error)
{
  AbortAwareData *data = user_data;

  if (current != NULL && genkit_session_snapshot_get_status (current) == GENKIT_SNAPSHOT_STATUS_ABORTED)
    return NULL;
  return genkit_session_snapshot_copy (data->snapshot);
}

typedef void (*SnapshotDoneFunc) (Invocation   *inv,
                                  const char   *snapshot_id,
                                  const GError *error,
                                  gpointer      user_data);

typedef struct
{
  Invocation            *inv;
  GenkitSessionSnapshot *snapshot;
  guint                  version;
  char                  *effective_id;
  SnapshotDoneFunc       done;
  gpointer               done_data;
} SnapshotCall;

static void
snapshot_call_free (SnapshotCall *call)
{
  invocation_unref (call->inv);
  g_clear_pointer (&call->snapshot, genkit_session_snapshot_unref);
  g_free (call->effective_id);
  g_free (call);
}

static void
maybe_snapshot_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SnapshotCall *call = user_data;
  Invocation *inv = call->inv;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  gboolean skipped = FALSE;

  id = genkit_session_store_save_snapshot_finish (GENKIT_SESSION_STORE (object), result, &skipped,
                                                  &error);
  if (error != NULL)
    call->done (inv, NULL, error, call->done_data);
  else if (skipped)
    /* Aborted meanwhile: keep the id, leave the abort in place. */
    call->done (inv, call->effective_id, NULL, call->done_data);
  else
    {
      genkit_session_snapshot_set_snapshot_id (call->snapshot, id);
      g_clear_pointer (&inv->last_snapshot, genkit_session_snapshot_unref);
      inv->last_snapshot = genkit_session_snapshot_ref (call->snapshot);
      inv->last_snapshot_version = call->version;
      call->done (inv, id, NULL, call->done_data);
    }
  snapshot_call_free (call);
}

/* Writes the session's state as a snapshot with @status under @snapshot_id (or the reserved
 * id), then calls @done with the id; a client-managed agent writes nothing. */
static void
maybe_snapshot (Invocation           *inv,
                GenkitSnapshotStatus  status,
                JsonNode             *runtime_error,
                const char           *snapshot_id,
                const char           *finish_reason,
                SnapshotDoneFunc      done,
                gpointer              done_data)
{
  const char *last_id = inv->last_snapshot ? genkit_session_snapshot_get_snapshot_id (inv->last_snapshot) : NULL;
  g_autofree char *now = _genkit_iso_timestamp_now ();
  const char *effective_id = snapshot_id ? snapshot_id : inv->new_snapshot_id;
  const char *parent_id = last_id;
  GenkitSessionSnapshot *snapshot;
  SnapshotCall *call;

  if (inv->store == NULL || (inv->detached && g_strcmp0 (snapshot_id, last_id) != 0))
    {
      done (inv, last_id, NULL, done_data);
      return;
    }

  /* Rewriting the pending snapshot of a detached turn: its parent is the pending one's, not
   * itself (Genkit 1.42 writes the snapshot as its own parent, which leaves the session
   * without a leaf). */
  if (effective_id != NULL && g_strcmp0 (effective_id, last_id) == 0)
    parent_id = inv->detached_parent_id;

  snapshot = genkit_session_snapshot_new (effective_id);
  genkit_session_snapshot_set_session_id (snapshot, inv->session_id);
  genkit_session_snapshot_set_created_at (snapshot, now);
  genkit_session_snapshot_set_updated_at (snapshot, now);
  genkit_session_snapshot_set_state (snapshot, inv->state);
  genkit_session_snapshot_set_parent_id (snapshot, parent_id);
  genkit_session_snapshot_set_status (snapshot, status);
  if (status == GENKIT_SNAPSHOT_STATUS_PENDING)
    genkit_session_snapshot_set_heartbeat_at (snapshot, now);
  if (finish_reason != NULL)
    genkit_session_snapshot_set_finish_reason (snapshot, finish_reason);
  if (runtime_error != NULL)
    genkit_session_snapshot_set_error (snapshot, json_node_get_object (runtime_error));

  call = g_new0 (SnapshotCall, 1);
  call->inv = invocation_ref (inv);
  call->snapshot = snapshot;
  call->version = inv->version;
  call->effective_id = g_strdup (effective_id);
  call->done = done;
  call->done_data = done_data;

  {
    AbortAwareData *data = g_new0 (AbortAwareData, 1);

    data->snapshot = genkit_session_snapshot_ref (snapshot);
    genkit_session_store_save_snapshot_async (inv->store, effective_id, abort_aware_mutator, data,
                                              (GDestroyNotify) abort_aware_data_free,
                                              inv->context, NULL, maybe_snapshot_cb, call);
  }
}

/* Output ------------------------------------------------------------------------------------ */

static JsonObject *
client_state (Invocation *inv,
              JsonObject *state)
{
  return _gk_object_copy (state);
}

static void
invocation_finish (Invocation *inv)
{
  g_autoptr(JsonObject) output = NULL;
  gboolean server = inv->store != NULL;
  JsonArray *artifacts;
  JsonArray *messages;

  if (inv->finished)
    return;
  inv->finished = TRUE;
  invocation_stop_background (inv);

  if (inv->fatal != NULL)
    {
      if (!genkit_action_run_is_completed (inv->run))
        genkit_action_run_return_error (inv->run, g_error_copy (inv->fatal));
      return;
    }
  if (inv->detached || genkit_action_run_is_completed (inv->run))
    return;

  output = json_object_new ();
  json_object_set_string_member (output, "sessionId", inv->session_id);
  artifacts = _gk_object_get_array (inv->state, "artifacts");

  if (g_strcmp0 (inv->last_finish_reason, "failed") == 0 && inv->last_error != NULL)
    {
      /* Genkit resolves a failed turn gracefully: the error, and the last good state. */
      JsonObject *good = inv->last_good_state ? inv->last_good_state : inv->state;

      messages = _gk_object_get_array (good, "messages");
      json_object_set_string_member (output, "finishReason", "failed");
      json_object_set_member (output, "error", _gk_node_copy (inv->last_error));
      if (artifacts != NULL && json_array_get_length (artifacts) > 0)
        json_object_set_array_member (output, "artifacts", _gk_array_copy (artifacts));
      if (messages != NULL && json_array_get_length (messages) > 0)
        json_object_set_member (output, "message",
                                _gk_node_copy (json_array_get_element (messages,
                                                                       json_array_get_length (messages) - 1)));
      if (server && inv->last_good_snapshot_id != NULL)
        json_object_set_string_member (output, "snapshotId", inv->last_good_snapshot_id);
      if (!server)
        json_object_set_object_member (output, "state", client_state (inv, good));
    }
  else
    {
      messages = _gk_object_get_array (inv->state, "messages");
      if (artifacts != NULL && json_array_get_length (artifacts) > 0)
        json_object_set_array_member (output, "artifacts", _gk_array_copy (artifacts));
      if (messages != NULL && json_array_get_length (messages) > 0)
        json_object_set_member (output, "message",
                                _gk_node_copy (json_array_get_element (messages,
                                                                       json_array_get_length (messages) - 1)));
      if (inv->last_finish_reason != NULL)
        json_object_set_string_member (output, "finishReason", inv->last_finish_reason);
      if (server && inv->last_snapshot != NULL)
        json_object_set_string_member (output, "snapshotId",
                                       genkit_session_snapshot_get_snapshot_id (inv->last_snapshot));
      if (!server)
        json_object_set_object_member (output, "state", client_state (inv, inv->state));
    }

  genkit_action_run_return_value (inv->run, _gk_node_take_object (g_steal_pointer (&output)));
}

static void
invocation_fail (Invocation *inv,
                 GError     *error)
{
  if (inv->fatal == NULL)
    inv->fatal = error;
  else
    g_error_free (error);
  inv->stopped = TRUE;
}

/* The turn loop ----------------------------------------------------------------------------- */

static void invocation_read_next (Invocation *inv);
static void invocation_start_turn (Invocation *inv);

static void
invocation_continue (Invocation *inv)
{
  if (inv->finished)
    return;
  if (inv->stopped)
    {
      if (!inv->turn_running && !inv->detaching)
        invocation_finish (inv);
      return;
    }
  if (!inv->turn_running && !inv->detaching && !g_queue_is_empty (&inv->inputs))
    {
      invocation_start_turn (inv);
      return;
    }
  if (!inv->turn_running && !inv->detaching && inv->inputs_done)
    {
      invocation_finish (inv);
      return;
    }
  invocation_read_next (inv);
}

static void
turn_end_chunk (Invocation *inv,
                const char *snapshot_id,
                const char *finish_reason)
{
  JsonObject *chunk;
  JsonObject *turn_end;

  if (inv->detached)
    return;
  turn_end = json_object_new ();
  if (inv->store != NULL && snapshot_id != NULL)
    json_object_set_string_member (turn_end, "snapshotId", snapshot_id);
  if (finish_reason != NULL)
    json_object_set_string_member (turn_end, "finishReason", finish_reason);
  chunk = json_object_new ();
  json_object_set_object_member (chunk, "turnEnd", turn_end);
  emit_chunk (inv, chunk);
}

static JsonObject *
step_output_state (Invocation *inv)
{
  JsonObject *out = json_object_new ();

  json_object_set_object_member (out, "state", _gk_object_copy (inv->state));
  return out;
}

static void
failed_snapshot_done (Invocation   *inv,
                      const char   *snapshot_id,
                      const GError *error,
                      gpointer      user_data)
{
  if (error != NULL)
    invocation_fail (inv, g_error_copy (error));
  else
    turn_end_chunk (inv, snapshot_id, "failed");
  inv->turn_running = FALSE;
  invocation_continue (inv);
}

typedef struct
{
  Invocation *inv;
  char       *snapshot_id;
  JsonNode   *input;
} StepData;

static void
step_data_free (StepData *data)
{
  invocation_unref (data->inv);
  g_free (data->snapshot_id);
  g_clear_pointer (&data->input, json_node_unref);
  g_free (data);
}

/* The runTurn-<n> step ended: Genkit's `run()` resolving or throwing inside the runner. */
static void
turn_step_complete (GenkitActionRun *step,
                    JsonNode        *value,
                    const GError    *error,
                    gpointer         user_data)
{
  StepData *data = user_data;
  Invocation *inv = data->inv;
  GenkitSpan *span = genkit_action_run_get_span (step);

  genkit_span_set_json_attribute (span, "genkit:input", data->input);
  if (error != NULL)
    genkit_span_record_error (span, error);
  else
    genkit_span_set_json_attribute (span, "genkit:output", value);
  genkit_span_end (span);

  if (error == NULL)
    {
      inv->turn_index++;
      inv->turn_running = FALSE;
      invocation_continue (inv);
      return;
    }

  inv->stopped = TRUE;
  if (g_cancellable_is_cancelled (inv->abort))
    {
      /* Aborted: the abort already recorded itself; no failed snapshot. */
      g_free (inv->last_finish_reason);
      inv->last_finish_reason = g_strdup ("aborted");
      g_clear_pointer (&inv->last_error, json_node_unref);
      turn_end_chunk (inv, inv->last_snapshot ? genkit_session_snapshot_get_snapshot_id (inv->last_snapshot)
                                              : NULL, "aborted");
      inv->turn_running = FALSE;
      invocation_continue (inv);
      return;
    }

  g_free (inv->last_finish_reason);
  inv->last_finish_reason = g_strdup ("failed");
  g_clear_pointer (&inv->last_error, json_node_unref);
  inv->last_error = _genkit_runtime_error_from_gerror (error);
  maybe_snapshot (inv, GENKIT_SNAPSHOT_STATUS_FAILED, inv->last_error, data->snapshot_id, "failed",
                  failed_snapshot_done, NULL);
}

static void
turn_succeeded (Invocation      *inv,
                GenkitAgentTurn *turn,
                const char      *snapshot_id)
{
  g_clear_pointer (&inv->last_good_state, json_object_unref);
  inv->last_good_state = _gk_object_copy (inv->state);
  g_free (inv->last_good_snapshot_id);
  inv->last_good_snapshot_id = g_strdup (snapshot_id);

  if (snapshot_id != NULL && inv->store != NULL)
    genkit_span_set_string_attribute (genkit_action_run_get_span (turn->step),
                                      "genkit:metadata:agent:snapshotId", snapshot_id);
  turn_end_chunk (inv, snapshot_id, inv->last_finish_reason);
  genkit_action_run_return_value (turn->step, _gk_node_take_object (step_output_state (inv)));
}

static void
completed_snapshot_done (Invocation   *inv,
                         const char   *snapshot_id,
                         const GError *error,
                         gpointer      user_data)
{
  g_autoptr(GenkitAgentTurn) turn = user_data;

  if (genkit_action_run_is_completed (turn->step))
    return;
  if (error != NULL)
    {
      genkit_action_run_return_error (turn->step, g_error_copy (error));
      return;
    }
  turn_succeeded (inv, turn, snapshot_id);
}

static void
turn_step_func (GenkitActionRun *step,
                JsonNode        *input,
                gpointer         user_data)
{
  GenkitAgentTurn *turn = user_data;
  GenkitAgent *agent = turn->inv->agent;

  if (agent->kind == AGENT_KIND_FUNC)
    agent->func (turn, agent->func_data);
  else
    _genkit_agent_run_rendered_turn (turn, agent->render, agent->func_data);
}

static GenkitActionRun *
start_step (Invocation *inv,
            const char *name,
            StepData   *data)
{
  g_autoptr(JsonObject) attributes = json_object_new ();
  g_autoptr(GenkitSpan) span = NULL;
  GenkitRegistry *registry = genkit_action_run_get_registry (inv->run);
  GenkitTracer *tracer = registry ? genkit_registry_get_tracer (registry) : _genkit_default_tracer ();

  /* Genkit's `run()` step, but cancelled by the agent's own abort signal: the turns of a
   * detached run outlive the run's caller. */
  json_object_set_string_member (attributes, "genkit:type", "flowStep");
  span = genkit_tracer_start_span (tracer, genkit_action_run_get_span (inv->run), name, attributes);
  return _genkit_action_run_new (NULL, registry, span, inv->context, inv->abort, NULL, inv->run,
                                 turn_step_complete, data, (GDestroyNotify) step_data_free);
}

static void
invocation_start_turn (Invocation *inv)
{
  g_autoptr(JsonNode) input = g_queue_pop_head (&inv->inputs);
  g_autoptr(GenkitAgentTurn) turn = NULL;
  g_autofree char *step_name = NULL;
  JsonObject *input_object = json_node_get_object (input);
  JsonObject *message = _gk_object_get_object (input_object, "message");
  StepData *data;

  inv->turn_running = TRUE;
  if (message != NULL)
    {
      json_array_add_object_element (state_array (inv->state, "messages"), _gk_object_copy (message));
      inv->version++;
    }
  inv->first_custom_patch = TRUE;

  turn = g_object_new (GENKIT_TYPE_AGENT_TURN, NULL);
  turn->inv = invocation_ref (inv);
  turn->input = _gk_object_copy (input_object);
  turn->index = inv->turn_index;
  turn->parent_snapshot_id = g_strdup (inv->last_snapshot ? genkit_session_snapshot_get_snapshot_id (inv->last_snapshot)
                                                          : NULL);
  if (message != NULL)
    turn->message = genkit_message_new_from_json (json_object_get_member (input_object, "message"), NULL);

  /* The turn's snapshot id is known before the turn runs (a detach may have reserved it). */
  if (inv->store != NULL && inv->new_snapshot_id == NULL)
    inv->new_snapshot_id = _genkit_new_uuid ();
  turn->snapshot_id = g_steal_pointer (&inv->new_snapshot_id);

  data = g_new0 (StepData, 1);
  data->inv = invocation_ref (inv);
  data->snapshot_id = g_strdup (turn->snapshot_id);
  data->input = json_node_copy (input);

  step_name = g_strdup_printf ("runTurn-%u", inv->turn_index + 1);
  turn->step = start_step (inv, step_name, data);

  if (genkit_action_run_return_error_if_cancelled (turn->step))
    return;
  turn_step_func (turn->step, input, turn);
}

/* Detaching ------------------------------------------------------------------------------- */

static GenkitSessionSnapshot *
heartbeat_mutator (GenkitSessionSnapshot  *current,
                   gpointer                user_data,
                   GError                **error)
{
  g_autofree char *now = NULL;
  GenkitSessionSnapshot *next;

  if (current == NULL || genkit_session_snapshot_get_status (current) != GENKIT_SNAPSHOT_STATUS_PENDING)
    return NULL;
  now = _genkit_iso_timestamp_now ();
  next = genkit_session_snapshot_copy (current);
  genkit_session_snapshot_set_heartbeat_at (next, now);
  return next;
}

static void
heartbeat_saved_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree char *id = NULL;

  /* Best effort, as in Genkit: a missed beat is not an error. */
  id = genkit_session_store_save_snapshot_finish (GENKIT_SESSION_STORE (object), result, NULL, NULL);
}

static gboolean
heartbeat_cb (gpointer user_data)
{
  Invocation *inv = user_data;

  genkit_session_store_save_snapshot_async (inv->store, inv->detached_snapshot_id, heartbeat_mutator,
                                            NULL, NULL, inv->context, NULL, heartbeat_saved_cb, NULL);
  return G_SOURCE_CONTINUE;
}

static void
store_snapshot_changed_cb (GenkitSessionStore    *store,
                           GenkitSessionSnapshot *snapshot,
                           gpointer               user_data)
{
  Invocation *inv = user_data;

  if (g_strcmp0 (genkit_session_snapshot_get_snapshot_id (snapshot), inv->detached_snapshot_id) != 0 ||
      genkit_session_snapshot_get_status (snapshot) != GENKIT_SNAPSHOT_STATUS_ABORTED)
    return;

  /* Aborted: stop beating and stop the turn. */
  if (inv->heartbeat_source != 0)
    {
      GSource *source = g_main_context_find_source_by_id (inv->main_context, inv->heartbeat_source);

      if (source != NULL)
        g_source_destroy (source);
      inv->heartbeat_source = 0;
    }
  g_cancellable_cancel (inv->abort);
}

static void
pending_snapshot_done (Invocation   *inv,
                       const char   *snapshot_id,
                       const GError *error,
                       gpointer      user_data)
{
  g_autoptr(JsonNode) input = user_data;
  JsonObject *input_object = json_node_get_object (input);
  JsonObject *resume = _gk_object_get_object (input_object, "resume");
  JsonObject *output;
  GSource *source;

  inv->detaching = FALSE;
  if (error != NULL)
    {
      invocation_fail (inv, g_error_copy (error));
      invocation_continue (inv);
      return;
    }

  /* The caller gets its answer now; the turns go on without it. */
  inv->detached = TRUE;
  inv->detached_snapshot_id = g_strdup (snapshot_id);
  if (inv->run_cancelled_id != 0)
    {
      g_cancellable_disconnect (inv->run_cancellable, inv->run_cancelled_id);
      inv->run_cancelled_id = 0;
    }
  output = json_object_new ();
  json_object_set_string_member (output, "sessionId", inv->session_id);
  json_object_set_string_member (output, "snapshotId", snapshot_id);
  json_object_set_string_member (output, "finishReason", "detached");
  genkit_action_run_return_value (inv->run, _gk_node_take_object (output));

  source = g_timeout_source_new (inv->agent->heartbeat_interval);
  g_source_set_callback (source, heartbeat_cb, invocation_ref (inv), (GDestroyNotify) invocation_unref);
  g_source_set_name (source, "[genkit] agent heartbeat");
  inv->heartbeat_source = g_source_attach (source, inv->main_context);
  g_source_unref (source);

  if (genkit_session_store_can_watch (inv->store))
    {
      inv->store_changed_id = g_signal_connect (inv->store, "snapshot-changed",
                                                G_CALLBACK (store_snapshot_changed_cb), inv);
      genkit_session_store_watch_snapshot (inv->store, snapshot_id, inv->context);
      inv->watching = TRUE;
    }

  /* A detach-only input has no turn to run. */
  if (_gk_object_get_object (input_object, "message") != NULL ||
      (resume != NULL && ((_gk_object_get_array (resume, "restart") != NULL &&
                           json_array_get_length (_gk_object_get_array (resume, "restart")) > 0) ||
                          (_gk_object_get_array (resume, "respond") != NULL &&
                           json_array_get_length (_gk_object_get_array (resume, "respond")) > 0))))
    g_queue_push_tail (&inv->inputs, g_steal_pointer (&input));
  invocation_continue (inv);
}

static void
invocation_detach (Invocation *inv,
                   JsonNode   *input)
{
  const char *last_id;

  if (inv->store == NULL)
    {
      invocation_fail (inv, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                                                 "Detach is only supported when a session store "
                                                 "is provided."));
      invocation_continue (inv);
      return;
    }

  /* Reserve the id the pending snapshot and its turn share. */
  if (inv->new_snapshot_id == NULL)
    inv->new_snapshot_id = _genkit_new_uuid ();
  last_id = inv->last_snapshot ? genkit_session_snapshot_get_snapshot_id (inv->last_snapshot) : NULL;
  g_free (inv->detached_parent_id);
  inv->detached_parent_id = g_strdup (last_id);
  inv->detaching = TRUE;
  maybe_snapshot (inv, GENKIT_SNAPSHOT_STATUS_PENDING, NULL, inv->new_snapshot_id, NULL,
                  pending_snapshot_done, json_node_copy (input));
}

static void
invocation_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Invocation) inv = user_data;
  g_autoptr(JsonNode) input = NULL;
  GError *error = NULL;

  inv->reading = FALSE;
  input = genkit_action_run_next_input_finish (GENKIT_ACTION_RUN (object), result, &error);
  if (inv->finished)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_clear_error (&error);
          inv->inputs_done = TRUE;
        }
      else
        invocation_fail (inv, error);
      invocation_continue (inv);
      return;
    }
  if (input == NULL || !JSON_NODE_HOLDS_OBJECT (input))
    {
      inv->inputs_done = TRUE;
      invocation_continue (inv);
      return;
    }
  if (_gk_object_get_boolean (json_node_get_object (input), "detach", FALSE))
    {
      invocation_detach (inv, input);
      return;
    }
  g_queue_push_tail (&inv->inputs, g_steal_pointer (&input));
  invocation_continue (inv);
}

static void
invocation_read_next (Invocation *inv)
{
  if (inv->reading || inv->inputs_done || inv->detaching || inv->stopped)
    return;
  inv->reading = TRUE;
  genkit_action_run_next_input_async (inv->run, invocation_read_cb, invocation_ref (inv));
}

/* Starting: the session from init (Genkit's resolveSession) -------------------------------- */

static void
run_cancelled_cb (GCancellable *cancellable,
                  gpointer      user_data)
{
  GCancellable *abort = user_data;

  g_cancellable_cancel (abort);
}

static gboolean
check_custom_state (GenkitAgent  *agent,
                    JsonNode     *custom,
                    GError      **error)
{
  if (agent->state_schema == NULL || custom == NULL)
    return TRUE;
  return genkit_json_schema_validate (agent->state_schema, custom, NULL, error);
}

/* Graceful failure before any turn: `{finishReason: "failed", error, state?}`. */
static void
invocation_fail_gracefully (Invocation *inv,
                            GError     *error,
                            JsonObject *client_state_in)
{
  g_autoptr(GError) owned = error;
  JsonObject *output = json_object_new ();

  inv->finished = TRUE;
  invocation_stop_background (inv);
  json_object_set_string_member (output, "finishReason", "failed");
  json_object_set_member (output, "error", _genkit_runtime_error_from_gerror (error));
  if (inv->store == NULL && client_state_in != NULL)
    json_object_set_object_member (output, "state", _gk_object_copy (client_state_in));
  genkit_action_run_return_value (inv->run, _gk_node_take_object (output));
}

static void
invocation_start_session (Invocation *inv,
                          JsonObject *state)
{
  const char *session_id = _gk_object_get_string (state, "sessionId");

  g_clear_pointer (&inv->state, json_object_unref);
  inv->state = _gk_object_copy (state);
  inv->session_id = session_id ? g_strdup (session_id) : _genkit_new_uuid ();
  json_object_set_string_member (inv->state, "sessionId", inv->session_id);

  inv->last_good_state = _gk_object_copy (inv->state);
  inv->last_good_snapshot_id = g_strdup (inv->last_snapshot ? genkit_session_snapshot_get_snapshot_id (inv->last_snapshot)
                                                            : NULL);
  genkit_span_set_string_attribute (genkit_action_run_get_span (inv->run),
                                    "genkit:metadata:agent:sessionId", inv->session_id);
  invocation_continue (inv);
}

static JsonObject *
fresh_state (const char *session_id)
{
  JsonObject *state = json_object_new ();

  json_object_set_array_member (state, "artifacts", json_array_new ());
  json_object_set_array_member (state, "messages", json_array_new ());
  if (session_id != NULL)
    json_object_set_string_member (state, "sessionId", session_id);
  return state;
}

typedef struct
{
  Invocation *inv;
  char       *session_id;      /* resuming a session (walking back over failed leaves) */
  char       *guard_session;   /* snapshotId resume: the snapshot must belong to this one */
  char       *snapshot_id;
  GHashTable *visited;
} Resolve;

static void
resolve_free (Resolve *resolve)
{
  invocation_unref (resolve->inv);
  g_free (resolve->session_id);
  g_free (resolve->guard_session);
  g_free (resolve->snapshot_id);
  g_clear_pointer (&resolve->visited, g_hash_table_unref);
  g_free (resolve);
}

static void
resolve_resumed (Resolve               *resolve,
                 GenkitSessionSnapshot *snapshot)
{
  Invocation *inv = resolve->inv;
  JsonObject *state = genkit_session_snapshot_get_state (snapshot);
  g_autoptr(JsonObject) empty = NULL;
  GError *error = NULL;

  if (!check_custom_state (inv->agent, genkit_session_snapshot_get_custom (snapshot), &error))
    {
      invocation_fail_gracefully (inv, error, NULL);
      return;
    }
  inv->last_snapshot = genkit_session_snapshot_ref (snapshot);
  if (state == NULL)
    state = empty = fresh_state (genkit_session_snapshot_get_session_id (snapshot));
  invocation_start_session (inv, state);
}

static void
resolve_session_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Resolve *resolve = user_data;
  Invocation *inv = resolve->inv;
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  GError *error = NULL;

  snapshot = genkit_session_store_get_snapshot_finish (GENKIT_SESSION_STORE (object), result, &error);
  if (error != NULL)
    {
      invocation_fail_gracefully (inv, error, NULL);
      resolve_free (resolve);
      return;
    }

  if (resolve->snapshot_id != NULL && resolve->session_id == NULL)
    {
      /* init.snapshotId: exactly that snapshot, which must be resumable. */
      const char *owner;

      if (snapshot == NULL)
        {
          invocation_fail_gracefully (inv, g_error_new (GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                                                        "Snapshot %s not found", resolve->snapshot_id),
                                      NULL);
          resolve_free (resolve);
          return;
        }
      owner = genkit_session_snapshot_get_session_id (snapshot);
      if (resolve->guard_session != NULL && g_strcmp0 (owner, resolve->guard_session) != 0)
        {
          /* Misuse: thrown, not a graceful failure. */
          invocation_fail (inv, g_error_new (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                             "Snapshot %s does not belong to session %s (it "
                                             "belongs to %s).", resolve->snapshot_id,
                                             resolve->guard_session,
                                             owner ? owner : "an unknown session"));
          invocation_finish (inv);
          resolve_free (resolve);
          return;
        }
      if (!genkit_session_snapshot_is_resumable (snapshot))
        {
          const char *status = genkit_snapshot_status_to_string (genkit_session_snapshot_get_status (snapshot));

          invocation_fail_gracefully (inv, g_error_new (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                                                        "Snapshot %s is not resumable (status: %s). "
                                                        "Only 'completed' snapshots can be resumed.",
                                                        resolve->snapshot_id,
                                                        status ? status : "unknown"),
                                      NULL);
          resolve_free (resolve);
          return;
        }
      resolve_resumed (resolve, snapshot);
      resolve_free (resolve);
      return;
    }

  /* init.sessionId: the latest leaf, walking back over turns that cannot be resumed. */
  if (snapshot != NULL && !genkit_session_snapshot_is_resumable (snapshot))
    {
      const char *id = genkit_session_snapshot_get_snapshot_id (snapshot);
      const char *parent = genkit_session_snapshot_get_parent_id (snapshot);

      if (g_hash_table_contains (resolve->visited, id))
        {
          invocation_fail_gracefully (inv, g_error_new (GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                                                        "Session '%s' has a cyclic snapshot parent "
                                                        "chain (snapshot '%s' was visited twice). "
                                                        "Resume by snapshotId instead.",
                                                        resolve->session_id, id), NULL);
          resolve_free (resolve);
          return;
        }
      g_hash_table_add (resolve->visited, g_strdup (id));
      if (parent != NULL)
        {
          genkit_session_store_get_snapshot_async (inv->store, parent, NULL, inv->context, NULL,
                                                   resolve_session_cb, resolve);
          return;
        }
      g_clear_pointer (&snapshot, genkit_session_snapshot_unref);
    }

  if (snapshot != NULL)
    resolve_resumed (resolve, snapshot);
  else
    {
      g_autoptr(JsonObject) state = fresh_state (resolve->session_id);

      invocation_start_session (inv, state);
    }
  resolve_free (resolve);
}

static void
agent_action_run (GenkitActionRun *run,
                  JsonNode        *input,
                  gpointer         user_data)
{
  GenkitAgent *self = user_data;
  g_autoptr(Invocation) inv = NULL;
  JsonNode *init_node = genkit_action_run_get_init (run);
  JsonObject *init = init_node && JSON_NODE_HOLDS_OBJECT (init_node) ? json_node_get_object (init_node) : NULL;
  const char *snapshot_id = _gk_object_get_string (init, "snapshotId");
  const char *session_id = _gk_object_get_string (init, "sessionId");
  JsonObject *state = _gk_object_get_object (init, "state");
  GError *error = NULL;

  inv = g_new0 (Invocation, 1);
  g_atomic_ref_count_init (&inv->ref_count);
  inv->agent = g_object_ref (self);
  inv->run = g_object_ref (run);
  inv->store = self->store ? g_object_ref (self->store) : NULL;
  inv->context = json_object_ref (genkit_action_run_get_context (run));
  inv->abort = g_cancellable_new ();
  inv->run_cancellable = g_object_ref (genkit_action_run_get_cancellable (run));
  inv->main_context = g_main_context_ref_thread_default ();
  g_queue_init (&inv->inputs);
  inv->run_cancelled_id = g_cancellable_connect (inv->run_cancellable, G_CALLBACK (run_cancelled_cb),
                                                 g_object_ref (inv->abort), g_object_unref);

  /* Init that does not fit the agent's state management is misuse: thrown. */
  if ((snapshot_id != NULL || session_id != NULL) && self->store == NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_FAILED_PRECONDITION,
                                          "Cannot use '%s' with agent '%s': this agent has no store "
                                          "configured (client-managed state). Send 'state' instead.",
                                          snapshot_id ? "snapshotId" : "sessionId",
                                          genkit_action_get_name (GENKIT_ACTION (self)));
      inv->finished = TRUE;
      return;
    }
  if (state != NULL && self->store != NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_FAILED_PRECONDITION,
                                          "Cannot send 'state' to agent '%s': this agent uses a "
                                          "server-managed store. Send 'snapshotId' or 'sessionId' "
                                          "instead.", genkit_action_get_name (GENKIT_ACTION (self)));
      inv->finished = TRUE;
      return;
    }

  if (snapshot_id != NULL || session_id != NULL)
    {
      Resolve *resolve = g_new0 (Resolve, 1);

      resolve->inv = invocation_ref (inv);
      resolve->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      if (snapshot_id != NULL)
        {
          resolve->snapshot_id = g_strdup (snapshot_id);
          resolve->guard_session = g_strdup (session_id);
          genkit_session_store_get_snapshot_async (self->store, snapshot_id, NULL, inv->context,
                                                   NULL, resolve_session_cb, resolve);
        }
      else
        {
          resolve->session_id = g_strdup (session_id);
          genkit_session_store_get_snapshot_async (self->store, NULL, session_id, inv->context,
                                                   NULL, resolve_session_cb, resolve);
        }
      return;
    }

  if (state != NULL)
    {
      if (!check_custom_state (self, json_object_get_member (state, "custom"), &error))
        {
          invocation_fail_gracefully (inv, error, state);
          return;
        }
      invocation_start_session (inv, state);
      return;
    }

  {
    g_autoptr(JsonObject) fresh = fresh_state (NULL);

    invocation_start_session (inv, fresh);
  }
}

/* GenkitAgentTurn API ------------------------------------------------------------------------ */

/**
 * genkit_agent_turn_get_agent:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the agent the turn belongs to.
 *
 * Returns: (transfer none): the agent
 */
GenkitAgent *
genkit_agent_turn_get_agent (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return self->inv->agent;
}

/**
 * genkit_agent_turn_get_run:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the run of the turn's `runTurn-<n>` step: the parent to give nested work (a
 * generate, a tool call) so that its spans nest in the turn and it sees the action context.
 *
 * Returns: (transfer none): the step's run
 */
GenkitActionRun *
genkit_agent_turn_get_run (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return self->step;
}

/**
 * genkit_agent_turn_get_cancellable:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the turn's abort signal: cancelled when the run is cancelled before it detached, or
 * when the detached run's snapshot is aborted. Pass it to what the turn waits on.
 *
 * Returns: (transfer none): the cancellable
 */
GCancellable *
genkit_agent_turn_get_cancellable (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return self->inv->abort;
}

/**
 * genkit_agent_turn_get_context:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the action context of the agent's run (`auth`…).
 *
 * Returns: (transfer none): the context
 */
JsonObject *
genkit_agent_turn_get_context (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return self->inv->context;
}

/**
 * genkit_agent_turn_get_input:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the turn's `AgentInput`: `{message?, resume?: {respond?, restart?}, detach?}`.
 *
 * Returns: (transfer none): the input
 */
JsonObject *
genkit_agent_turn_get_input (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return self->input;
}

/**
 * genkit_agent_turn_get_message:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the user's message of this turn; it is already in the session's messages.
 *
 * Returns: (transfer none) (nullable): the message, %NULL for a turn that only resumes
 */
GenkitMessage *
genkit_agent_turn_get_message (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return self->message;
}

/**
 * genkit_agent_turn_get_resume:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets how to continue an interrupted generation: `{respond?: ToolResponsePart[],
 * restart?: ToolRequestPart[]}`.
 *
 * Returns: (transfer none) (nullable): the input's `resume`
 */
JsonObject *
genkit_agent_turn_get_resume (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return _gk_object_get_object (self->input, "resume");
}

/**
 * genkit_agent_turn_get_session_id:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the id of the session, stable across the conversation's turns.
 *
 * Returns: the session id
 */
const char *
genkit_agent_turn_get_session_id (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return self->inv->session_id;
}

/**
 * genkit_agent_turn_get_snapshot_id:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the id the snapshot of this turn will be saved under, reserved before the turn runs
 * (Genkit's `TurnContext.snapshotId`), so that the turn can name things after it.
 *
 * Returns: (nullable): the id; %NULL for a client-managed agent
 */
const char *
genkit_agent_turn_get_snapshot_id (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return self->snapshot_id;
}

/**
 * genkit_agent_turn_get_parent_snapshot_id:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the snapshot this turn continues from.
 *
 * Returns: (nullable): its id; %NULL on the first turn of a session
 */
const char *
genkit_agent_turn_get_parent_snapshot_id (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return self->parent_snapshot_id;
}

/**
 * genkit_agent_turn_get_index:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the index of the turn within this run, from 0.
 *
 * Returns: the index
 */
guint
genkit_agent_turn_get_index (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), 0);
  return self->index;
}

/**
 * genkit_agent_turn_is_detached:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Tells whether the run was detached: its caller has its answer and nothing streams any
 * more.
 *
 * Returns: %TRUE if detached
 */
gboolean
genkit_agent_turn_is_detached (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), FALSE);
  return self->inv->detached;
}

/**
 * genkit_agent_turn_dup_state:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Copies the session state: `{sessionId, messages, custom?, artifacts}`.
 *
 * Returns: (transfer full): a deep copy of the state
 */
JsonObject *
genkit_agent_turn_dup_state (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return _gk_object_copy (self->inv->state);
}

/**
 * genkit_agent_turn_get_messages:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the conversation so far, this turn's user message included.
 *
 * Returns: (transfer none): the session's messages; change them only through the turn
 */
JsonArray *
genkit_agent_turn_get_messages (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return state_array (self->inv->state, "messages");
}

/**
 * genkit_agent_turn_add_message:
 * @self: a [class@Genkit.AgentTurn]
 * @message: a message to append
 *
 * Appends a message (a reply) to the session.
 */
void
genkit_agent_turn_add_message (GenkitAgentTurn *self,
                               GenkitMessage   *message)
{
  g_return_if_fail (GENKIT_IS_AGENT_TURN (self));
  g_return_if_fail (message != NULL);

  json_array_add_element (state_array (self->inv->state, "messages"), genkit_message_to_json (message));
  self->inv->version++;
}

/**
 * genkit_agent_turn_set_messages:
 * @self: a [class@Genkit.AgentTurn]
 * @messages: the whole conversation, copied
 *
 * Replaces the session's messages.
 */
void
genkit_agent_turn_set_messages (GenkitAgentTurn *self,
                                JsonArray       *messages)
{
  g_return_if_fail (GENKIT_IS_AGENT_TURN (self));
  g_return_if_fail (messages != NULL);

  json_object_set_array_member (self->inv->state, "messages", _gk_array_copy (messages));
  self->inv->version++;
}

/**
 * genkit_agent_turn_get_custom:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the agent's custom state.
 *
 * Returns: (transfer none) (nullable): the custom state, %NULL when none was set
 */
JsonNode *
genkit_agent_turn_get_custom (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return json_object_get_member (self->inv->state, "custom");
}

/**
 * genkit_agent_turn_set_custom:
 * @self: a [class@Genkit.AgentTurn]
 * @custom: (nullable): the new custom state, copied; %NULL removes it
 *
 * Replaces the agent's custom state (Genkit's `updateCustom`) and streams the change as a
 * `customPatch` chunk: the whole state the first time in a turn, a JSON Patch diff after.
 */
void
genkit_agent_turn_set_custom (GenkitAgentTurn *self,
                              JsonNode        *custom)
{
  g_return_if_fail (GENKIT_IS_AGENT_TURN (self));

  if (custom == NULL)
    json_object_remove_member (self->inv->state, "custom");
  else
    json_object_set_member (self->inv->state, "custom", _gk_node_copy (custom));
  self->inv->version++;
  send_custom_patch (self->inv);
}

/**
 * genkit_agent_turn_get_artifacts:
 * @self: a [class@Genkit.AgentTurn]
 *
 * Gets the artifacts the conversation produced.
 *
 * Returns: (transfer none): the session's artifacts
 */
JsonArray *
genkit_agent_turn_get_artifacts (GenkitAgentTurn *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT_TURN (self), NULL);
  return state_array (self->inv->state, "artifacts");
}

/**
 * genkit_agent_turn_add_artifact:
 * @self: a [class@Genkit.AgentTurn]
 * @artifact: an `Artifact`: `{name?, parts: Part[], metadata?}`, copied
 *
 * Adds an artifact to the session (one with the same name is replaced) and streams it as an
 * `artifact` chunk.
 */
void
genkit_agent_turn_add_artifact (GenkitAgentTurn *self,
                                JsonObject      *artifact)
{
  g_return_if_fail (GENKIT_IS_AGENT_TURN (self));
  g_return_if_fail (artifact != NULL);
  g_return_if_fail (_gk_object_get_array (artifact, "parts") != NULL);

  add_artifact (self->inv, artifact);
}

/**
 * genkit_agent_turn_send_chunk:
 * @self: a [class@Genkit.AgentTurn]
 * @chunk: an `AgentStreamChunk`, copied
 *
 * Streams a chunk to the run's caller (dropped once the run detached).
 */
void
genkit_agent_turn_send_chunk (GenkitAgentTurn *self,
                              JsonObject      *chunk)
{
  g_return_if_fail (GENKIT_IS_AGENT_TURN (self));
  g_return_if_fail (chunk != NULL);

  emit_chunk (self->inv, _gk_object_copy (chunk));
}

/**
 * genkit_agent_turn_send_model_chunk:
 * @self: a [class@Genkit.AgentTurn]
 * @chunk: a model's chunk
 *
 * Streams a model's chunk as `{"modelChunk": …}`.
 */
void
genkit_agent_turn_send_model_chunk (GenkitAgentTurn             *self,
                                    GenkitGenerateResponseChunk *chunk)
{
  JsonObject *wrapper;

  g_return_if_fail (GENKIT_IS_AGENT_TURN (self));
  g_return_if_fail (chunk != NULL);

  wrapper = json_object_new ();
  json_object_set_member (wrapper, "modelChunk", genkit_generate_response_chunk_to_json (chunk));
  emit_chunk (self->inv, wrapper);
}

/**
 * genkit_agent_turn_return_finish_reason:
 * @self: a [class@Genkit.AgentTurn]
 * @finish_reason: (nullable): why the turn finished, an `AgentFinishReason` (`stop`,
 *   `interrupted`, `length`…), or %NULL for none
 *
 * Completes the turn successfully: the session is saved as a `completed` snapshot (for a
 * server-managed agent), a `turnEnd` chunk is streamed, and the next input runs.
 */
void
genkit_agent_turn_return_finish_reason (GenkitAgentTurn *self,
                                        const char      *finish_reason)
{
  Invocation *inv;

  g_return_if_fail (GENKIT_IS_AGENT_TURN (self));

  if (self->returned)
    {
      g_critical ("Agent turn %u of %s completed twice", self->index, genkit_action_get_name (GENKIT_ACTION (self->inv->agent)));
      return;
    }
  self->returned = TRUE;
  if (genkit_action_run_is_completed (self->step))
    return;   /* cancelled meanwhile */

  inv = self->inv;
  g_free (inv->last_finish_reason);
  inv->last_finish_reason = g_strdup (finish_reason);
  g_clear_pointer (&inv->last_error, json_node_unref);

  if (inv->store == NULL)
    {
      turn_succeeded (inv, self, NULL);
      return;
    }
  maybe_snapshot (inv, GENKIT_SNAPSHOT_STATUS_COMPLETED, NULL, self->snapshot_id, finish_reason,
                  completed_snapshot_done, g_object_ref (self));
}

/**
 * genkit_agent_turn_return_error:
 * @self: a [class@Genkit.AgentTurn]
 * @error: (transfer full): why the turn failed
 *
 * Completes the turn with an error. Genkit resolves the run gracefully: the turn is saved as
 * a `failed` snapshot (not resumable) with the error as a `RuntimeError`, no further input
 * runs, and the run answers with finish reason `failed`, the error and the last good state.
 */
void
genkit_agent_turn_return_error (GenkitAgentTurn *self,
                                GError          *error)
{
  g_autoptr(GError) owned = error;

  g_return_if_fail (GENKIT_IS_AGENT_TURN (self));
  g_return_if_fail (error != NULL);

  if (self->returned)
    {
      g_critical ("Agent turn %u of %s completed twice", self->index, genkit_action_get_name (GENKIT_ACTION (self->inv->agent)));
      return;
    }
  self->returned = TRUE;
  if (!genkit_action_run_is_completed (self->step))
    genkit_action_run_return_error (self->step, g_steal_pointer (&owned));
}

/* Companion actions -------------------------------------------------------------------------- */

static void
agent_snapshot_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitAgent *self = g_task_get_source_object (task);
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  GError *error = NULL;

  snapshot = genkit_session_store_get_snapshot_finish (GENKIT_SESSION_STORE (object), result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Expired is computed on reading, never stored. */
  if (snapshot != NULL &&
      genkit_session_snapshot_is_expired (snapshot, g_get_real_time () / 1000, self->heartbeat_timeout))
    genkit_session_snapshot_set_status (snapshot, GENKIT_SNAPSHOT_STATUS_EXPIRED);
  g_task_return_pointer (task, g_steal_pointer (&snapshot), (GDestroyNotify) genkit_session_snapshot_unref);
}

/**
 * genkit_agent_get_snapshot_async:
 * @self: a [class@Genkit.Agent]
 * @snapshot_id: (nullable): the snapshot to read
 * @session_id: (nullable): the session whose latest snapshot to read
 * @context: (nullable): the caller's action context
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the snapshot
 * @user_data: data for @callback
 *
 * Reads a snapshot of the agent's store (Genkit's `getSnapshotData`), exactly one of
 * @snapshot_id and @session_id given. A `pending` snapshot whose heartbeat is older than
 * [property@Genkit.Agent:heartbeat-timeout] reads as `expired`.
 */
void
genkit_agent_get_snapshot_async (GenkitAgent         *self,
                                 const char          *snapshot_id,
                                 const char          *session_id,
                                 JsonObject          *context,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (GENKIT_IS_AGENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_agent_get_snapshot_async);
  if (self->store == NULL)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                               "getSnapshotData requires a persistent store. Provide a 'store' "
                               "when defining '%s'.", genkit_action_get_name (GENKIT_ACTION (self)));
      return;
    }
  genkit_session_store_get_snapshot_async (self->store, snapshot_id, session_id, context,
                                           cancellable, agent_snapshot_cb, g_steal_pointer (&task));
}

/**
 * genkit_agent_get_snapshot_finish:
 * @self: a [class@Genkit.Agent]
 * @result: the result given to the callback
 * @error: return location for an error: `FAILED_PRECONDITION` for a client-managed agent,
 *   `INVALID_ARGUMENT` for a bad lookup, or the store's
 *
 * Finishes [method@Genkit.Agent.get_snapshot_async].
 *
 * Returns: (transfer full) (nullable): the snapshot, %NULL when there is none (@error unset)
 */
GenkitSessionSnapshot *
genkit_agent_get_snapshot_finish (GenkitAgent   *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (GENKIT_IS_AGENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  GenkitSnapshotStatus previous;
} AbortData;

static GenkitSessionSnapshot *
abort_mutator (GenkitSessionSnapshot  *current,
               gpointer                user_data,
               GError                **error)
{
  AbortData *data = user_data;
  GenkitSnapshotStatus status;
  GenkitSessionSnapshot *next;

  if (current == NULL)
    return NULL;
  status = genkit_session_snapshot_get_status (current);
  data->previous = status;
  if (status == GENKIT_SNAPSHOT_STATUS_COMPLETED || status == GENKIT_SNAPSHOT_STATUS_FAILED ||
      status == GENKIT_SNAPSHOT_STATUS_ABORTED)
    return NULL;   /* already settled */
  next = genkit_session_snapshot_copy (current);
  genkit_session_snapshot_set_status (next, GENKIT_SNAPSHOT_STATUS_ABORTED);
  return next;
}

static void
agent_abort_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  AbortData *data = g_task_get_task_data (task);
  g_autofree char *id = NULL;
  GError *error = NULL;

  id = genkit_session_store_save_snapshot_finish (GENKIT_SESSION_STORE (object), result, NULL, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, data->previous);
}

/**
 * genkit_agent_abort_async:
 * @self: a [class@Genkit.Agent]
 * @snapshot_id: the snapshot of a running (detached) turn
 * @context: (nullable): the caller's action context
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the snapshot's status before the abort
 * @user_data: data for @callback
 *
 * Aborts a run by its snapshot (Genkit's `abort`): a snapshot that has not settled
 * (`pending`) becomes `aborted`, which stops its detached turn; a `completed`, `failed` or
 * `aborted` one is left as it is.
 */
void
genkit_agent_abort_async (GenkitAgent         *self,
                          const char          *snapshot_id,
                          JsonObject          *context,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  AbortData *data;

  g_return_if_fail (GENKIT_IS_AGENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_agent_abort_async);
  if (self->store == NULL)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                               "abort requires a persistent store. Provide a 'store' when "
                               "defining '%s'.", genkit_action_get_name (GENKIT_ACTION (self)));
      return;
    }
  data = g_new0 (AbortData, 1);
  g_task_set_task_data (task, data, g_free);
  /* The mutator fills @data, possibly on the store's thread; the task outlives the save. */
  genkit_session_store_save_snapshot_async (self->store, snapshot_id, abort_mutator, data, NULL,
                                            context, cancellable, agent_abort_cb,
                                            g_steal_pointer (&task));
}

/**
 * genkit_agent_abort_finish:
 * @self: a [class@Genkit.Agent]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.Agent.abort_async].
 *
 * Returns: the status the snapshot had before the abort;
 *   [enum@Genkit.SnapshotStatus.UNKNOWN] when there is no such snapshot (or on error)
 */
GenkitSnapshotStatus
genkit_agent_abort_finish (GenkitAgent   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  gssize status;

  g_return_val_if_fail (GENKIT_IS_AGENT (self), GENKIT_SNAPSHOT_STATUS_UNKNOWN);
  g_return_val_if_fail (g_task_is_valid (result, self), GENKIT_SNAPSHOT_STATUS_UNKNOWN);

  status = g_task_propagate_int (G_TASK (result), error);
  return status < 0 ? GENKIT_SNAPSHOT_STATUS_UNKNOWN : (GenkitSnapshotStatus) status;
}

static void
snapshot_action_done_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  g_autoptr(GenkitActionRun) run = user_data;
  GenkitAgent *self = GENKIT_AGENT (object);
  g_autoptr(GenkitSessionSnapshot) snapshot = NULL;
  GError *error = NULL;

  snapshot = genkit_agent_get_snapshot_finish (self, result, &error);
  if (error != NULL)
    {
      genkit_action_run_return_error (run, error);
      return;
    }
  if (snapshot == NULL)
    {
      const char *target = g_object_get_data (G_OBJECT (run), "genkit-agent-lookup");

      genkit_action_run_return_new_error (run, GENKIT_ERROR_NOT_FOUND,
                                          "Snapshot '%s' not found for agent '%s'.",
                                          target ? target : "unknown",
                                          genkit_action_get_name (GENKIT_ACTION (self)));
      return;
    }
  genkit_action_run_return_value (run, genkit_session_snapshot_to_json (snapshot));
}

static gboolean
companion_agent (GenkitActionRun  *run,
                 gpointer          user_data,
                 GenkitAgent     **agent)
{
  *agent = g_weak_ref_get (user_data);
  if (*agent == NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_UNAVAILABLE, "The agent is gone");
      return FALSE;
    }
  return TRUE;
}

static void
snapshot_action_run (GenkitActionRun *run,
                     JsonNode        *input,
                     gpointer         user_data)
{
  g_autoptr(GenkitAgent) self = NULL;
  JsonObject *lookup = input && JSON_NODE_HOLDS_OBJECT (input) ? json_node_get_object (input) : NULL;
  const char *snapshot_id = _gk_object_get_string (lookup, "snapshotId");
  const char *session_id = _gk_object_get_string (lookup, "sessionId");

  if (!companion_agent (run, user_data, &self))
    return;
  g_object_set_data_full (G_OBJECT (run), "genkit-agent-lookup",
                          g_strdup (snapshot_id ? snapshot_id : session_id), g_free);
  genkit_agent_get_snapshot_async (self, snapshot_id, session_id, genkit_action_run_get_context (run),
                                   NULL, snapshot_action_done_cb, g_object_ref (run));
}

static void
abort_action_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GenkitActionRun) run = user_data;
  GenkitAgent *self = GENKIT_AGENT (object);
  const char *snapshot_id = g_object_get_data (G_OBJECT (run), "genkit-agent-lookup");
  GenkitSnapshotStatus previous;
  GError *error = NULL;
  JsonObject *output;

  previous = genkit_agent_abort_finish (self, result, &error);
  if (error != NULL)
    {
      genkit_action_run_return_error (run, error);
      return;
    }
  output = json_object_new ();
  json_object_set_string_member (output, "snapshotId", snapshot_id);
  if (previous != GENKIT_SNAPSHOT_STATUS_UNKNOWN)
    json_object_set_string_member (output, "status", genkit_snapshot_status_to_string (previous));
  genkit_action_run_return_value (run, _gk_node_take_object (output));
}

static void
abort_action_run (GenkitActionRun *run,
                  JsonNode        *input,
                  gpointer         user_data)
{
  g_autoptr(GenkitAgent) self = NULL;
  const char *snapshot_id = _gk_object_get_string (json_node_get_object (input), "snapshotId");

  if (!companion_agent (run, user_data, &self))
    return;
  g_object_set_data_full (G_OBJECT (run), "genkit-agent-lookup", g_strdup (snapshot_id), g_free);
  genkit_agent_abort_async (self, snapshot_id, genkit_action_run_get_context (run), NULL,
                            abort_action_done_cb, g_object_ref (run));
}

/* GObject ------------------------------------------------------------------------------------- */

static void
genkit_agent_update_metadata (GenkitAgent *self)
{
  JsonObject *metadata = json_object_new ();
  JsonObject *agent = json_object_new ();

  json_object_set_string_member (agent, "stateManagement", self->store ? "server" : "client");
  json_object_set_boolean_member (agent, "abortable",
                                  self->store != NULL && genkit_session_store_can_watch (self->store));
  if (self->state_schema != NULL)
    json_object_set_member (agent, "stateSchema",
                            _gk_node_copy (genkit_json_schema_get_schema (self->state_schema)));
  json_object_set_object_member (metadata, "agent", agent);
  json_object_set_boolean_member (metadata, "bidi", TRUE);
  genkit_action_set_metadata (GENKIT_ACTION (self), metadata);
  json_object_unref (metadata);
}

static void
genkit_agent_dispose (GObject *object)
{
  GenkitAgent *self = GENKIT_AGENT (object);

  g_clear_object (&self->snapshot_action);
  g_clear_object (&self->abort_action);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (genkit_agent_parent_class)->dispose (object);
}

static void
genkit_agent_finalize (GObject *object)
{
  GenkitAgent *self = GENKIT_AGENT (object);

  if (self->func_destroy != NULL)
    self->func_destroy (self->func_data);
  g_clear_object (&self->state_schema);

  G_OBJECT_CLASS (genkit_agent_parent_class)->finalize (object);
}

static void
genkit_agent_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GenkitAgent *self = GENKIT_AGENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_HEARTBEAT_INTERVAL:
      g_value_set_uint (value, self->heartbeat_interval);
      break;
    case PROP_HEARTBEAT_TIMEOUT:
      g_value_set_uint (value, self->heartbeat_timeout);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_agent_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GenkitAgent *self = GENKIT_AGENT (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_HEARTBEAT_INTERVAL:
      genkit_agent_set_heartbeat_interval (self, g_value_get_uint (value));
      break;
    case PROP_HEARTBEAT_TIMEOUT:
      genkit_agent_set_heartbeat_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_agent_class_init (GenkitAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = genkit_agent_dispose;
  object_class->finalize = genkit_agent_finalize;
  object_class->get_property = genkit_agent_get_property;
  object_class->set_property = genkit_agent_set_property;

  /**
   * GenkitAgent:store:
   *
   * Where the agent keeps its snapshots; %NULL for a client-managed agent.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, GENKIT_TYPE_SESSION_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAgent:heartbeat-interval:
   *
   * How often, in milliseconds, a detached run refreshes its pending snapshot's
   * `heartbeatAt` (Genkit: 30000).
   */
  properties[PROP_HEARTBEAT_INTERVAL] =
    g_param_spec_uint ("heartbeat-interval", NULL, NULL, 1, G_MAXUINT,
                       GENKIT_AGENT_HEARTBEAT_INTERVAL_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * GenkitAgent:heartbeat-timeout:
   *
   * How old, in milliseconds, a pending snapshot's heartbeat may be before the snapshot
   * reads as `expired` (Genkit: 60000).
   */
  properties[PROP_HEARTBEAT_TIMEOUT] =
    g_param_spec_uint ("heartbeat-timeout", NULL, NULL, 1, G_MAXUINT,
                       GENKIT_AGENT_HEARTBEAT_TIMEOUT_MS,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_agent_init (GenkitAgent *self)
{
  self->heartbeat_interval = GENKIT_AGENT_HEARTBEAT_INTERVAL_MS;
  self->heartbeat_timeout = GENKIT_AGENT_HEARTBEAT_TIMEOUT_MS;
}

static gboolean
set_schemas (GenkitAction  *action,
             JsonNode      *input,
             JsonNode      *output,
             GError       **error)
{
  g_autoptr(JsonNode) owned_input = input;
  g_autoptr(JsonNode) owned_output = output;

  return genkit_action_set_input_schema (action, input, error) &&
         genkit_action_set_output_schema (action, output, error);
}

/* The companions hold their agent weakly: the agent holds them, and the registry both. */
static void
weak_agent_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

static GWeakRef *
weak_agent_new (GenkitAgent *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

static GenkitAgent *
agent_new (const char         *name,
           GenkitSessionStore *store)
{
  g_autoptr(GenkitAgent) self = NULL;
  g_autoptr(JsonNode) init_schema = _genkit_schema_agent_init ();
  g_autofree char *snapshot_description = NULL;
  g_autofree char *abort_description = NULL;

  self = g_object_new (GENKIT_TYPE_AGENT, "action-type", GENKIT_ACTION_TYPE_AGENT, "name", name,
                       "store", store, NULL);
  _genkit_action_set_func (GENKIT_ACTION (self), agent_action_run, self, NULL);
  self->snapshot_action = genkit_action_new (GENKIT_ACTION_TYPE_AGENT_SNAPSHOT, name,
                                             snapshot_action_run, weak_agent_new (self),
                                             (GDestroyNotify) weak_agent_free);
  self->abort_action = genkit_action_new (GENKIT_ACTION_TYPE_AGENT_ABORT, name, abort_action_run,
                                          weak_agent_new (self), (GDestroyNotify) weak_agent_free);

  /* The schemas are Genkit's, so they compile. */
  if (!set_schemas (GENKIT_ACTION (self), _genkit_schema_agent_input (), _genkit_schema_agent_output (), NULL) ||
      !genkit_action_set_init_schema (GENKIT_ACTION (self), init_schema, NULL) ||
      !set_schemas (self->snapshot_action, _genkit_schema_agent_snapshot_request (),
                    _genkit_schema_session_snapshot (), NULL) ||
      !set_schemas (self->abort_action, _genkit_schema_agent_abort_request (),
                    _genkit_schema_agent_abort_response (), NULL))
    g_return_val_if_reached (NULL);

  snapshot_description = g_strdup_printf ("Gets snapshot data for %s by snapshotId or sessionId", name);
  genkit_action_set_description (self->snapshot_action, snapshot_description);
  abort_description = g_strdup_printf ("Aborts %s agent by snapshotId. Returns the snapshot id and "
                                       "its status after the abort attempt.", name);
  genkit_action_set_description (self->abort_action, abort_description);
  genkit_agent_update_metadata (self);
  return g_steal_pointer (&self);
}

/**
 * genkit_agent_new:
 * @name: the agent's name
 * @store: (nullable): where to keep snapshots; %NULL for a client-managed agent
 * @func: (scope notified) (closure user_data) (destroy destroy): runs each turn
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the agent
 *
 * Makes an agent whose turns @func runs, Genkit's `defineCustomAgent`. The run answers with
 * the session's last message and artifacts, and the last turn's finish reason.
 *
 * Returns: (transfer full): the agent; register it with [method@Genkit.Agent.register]
 */
GenkitAgent *
genkit_agent_new (const char          *name,
                  GenkitSessionStore  *store,
                  GenkitAgentTurnFunc  func,
                  gpointer             user_data,
                  GDestroyNotify       destroy)
{
  GenkitAgent *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (store == NULL || GENKIT_IS_SESSION_STORE (store), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = agent_new (name, store);
  self->kind = AGENT_KIND_FUNC;
  self->func = func;
  self->func_data = user_data;
  self->func_destroy = destroy;
  return self;
}

/**
 * genkit_agent_new_rendered:
 * @name: the agent's name
 * @store: (nullable): where to keep snapshots; %NULL for a client-managed agent
 * @render: (scope notified) (closure user_data) (destroy destroy): renders each turn's
 *   generate request around the history
 * @user_data: data for @render
 * @destroy: (nullable): frees @user_data with the agent
 *
 * Makes a prompt agent (Genkit's `definePromptAgent`): each turn @render renders the request
 * with the session's history, the model generates (streaming its chunks as `modelChunk`s,
 * running tools, stopping at interrupts), and the history becomes the request's messages
 * without the preamble, plus the model's reply. A turn with `resume` continues an
 * interrupted generation; its entries must name tool requests of the history (a restart with
 * the very same input), else the turn fails with `INVALID_ARGUMENT`. The turn's finish reason
 * is the generation's.
 *
 * Returns: (transfer full): the agent; register it with [method@Genkit.Agent.register]
 */
GenkitAgent *
genkit_agent_new_rendered (const char            *name,
                           GenkitSessionStore    *store,
                           GenkitAgentRenderFunc  render,
                           gpointer               user_data,
                           GDestroyNotify         destroy)
{
  GenkitAgent *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (store == NULL || GENKIT_IS_SESSION_STORE (store), NULL);
  g_return_val_if_fail (render != NULL, NULL);

  self = agent_new (name, store);
  self->kind = AGENT_KIND_RENDER;
  self->render = render;
  self->func_data = user_data;
  self->func_destroy = destroy;
  return self;
}

/**
 * genkit_agent_new_for_prompt:
 * @name: the agent's name
 * @store: (nullable): where to keep snapshots; %NULL for a client-managed agent
 * @prompt: the prompt, as Genkit's `PromptConfig`: `model`, `system` (text), `messages`,
 *   `tools` (names), `toolChoice`, `config`, `output` (`format`, `schema` or `jsonSchema`,
 *   `contentType`, `constrained`), `maxTurns`, `returnToolRequests`, `use` (`[{name,
 *   config}]` of registered model middleware), `docs`, `description`
 * @error: return location for an `INVALID_ARGUMENT` error naming a malformed member
 *
 * Makes an agent from a prompt defined in code, Genkit's `defineAgent`: a prompt agent (see
 * [ctor@Genkit.Agent.new_rendered]) whose preamble is the prompt's system text and messages.
 *
 * Returns: (transfer full) (nullable): the agent, or %NULL with @error set
 */
GenkitAgent *
genkit_agent_new_for_prompt (const char          *name,
                             GenkitSessionStore  *store,
                             JsonObject          *prompt,
                             GError             **error)
{
  GenkitAgent *self;
  JsonObject *config;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (store == NULL || GENKIT_IS_SESSION_STORE (store), NULL);
  g_return_val_if_fail (prompt != NULL, NULL);

  if ((config = _genkit_agent_prompt_config_check (prompt, error)) == NULL)
    return NULL;
  self = genkit_agent_new_rendered (name, store, _genkit_agent_render_prompt_config, config,
                                    (GDestroyNotify) json_object_unref);
  genkit_action_set_description (GENKIT_ACTION (self), _gk_object_get_string (config, "description"));
  return self;
}

/**
 * genkit_agent_register:
 * @self: a [class@Genkit.Agent]
 * @registry: the registry
 * @error: return location for an `ALREADY_EXISTS` error
 *
 * Registers the agent's three actions: `/agent/<name>` (metadata
 * `{"agent": {"stateManagement", "abortable", "stateSchema"?}, "bidi": true}`),
 * `/agent-snapshot/<name>` and `/agent-abort/<name>`.
 *
 * Returns: %TRUE if the three were registered
 */
gboolean
genkit_agent_register (GenkitAgent     *self,
                       GenkitRegistry  *registry,
                       GError         **error)
{
  g_return_val_if_fail (GENKIT_IS_AGENT (self), FALSE);
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), FALSE);

  return genkit_registry_register_action (registry, GENKIT_ACTION (self), error) &&
         genkit_registry_register_action (registry, self->snapshot_action, error) &&
         genkit_registry_register_action (registry, self->abort_action, error);
}

/**
 * genkit_define_agent:
 * @registry: the registry
 * @name: the agent's name
 * @store: (nullable): where to keep snapshots; %NULL for a client-managed agent
 * @func: (scope notified) (closure user_data) (destroy destroy): runs each turn
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the agent
 * @error: return location for an error
 *
 * Makes an agent from a turn function ([ctor@Genkit.Agent.new]) and registers it.
 *
 * Returns: (transfer none) (nullable): the agent, owned by the registry, or %NULL with
 *   @error set
 */
GenkitAgent *
genkit_define_agent (GenkitRegistry       *registry,
                     const char           *name,
                     GenkitSessionStore   *store,
                     GenkitAgentTurnFunc   func,
                     gpointer              user_data,
                     GDestroyNotify        destroy,
                     GError              **error)
{
  g_autoptr(GenkitAgent) self = NULL;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);

  self = genkit_agent_new (name, store, func, user_data, destroy);
  if (self == NULL || !genkit_agent_register (self, registry, error))
    return NULL;
  return self;   /* held by the registry */
}

/**
 * genkit_define_prompt_agent:
 * @registry: the registry
 * @name: the agent's name
 * @prompt: the prompt configuration (see [ctor@Genkit.Agent.new_for_prompt])
 * @store: (nullable): where to keep snapshots; %NULL for a client-managed agent
 * @error: return location for an error
 *
 * Genkit's `defineAgent`: makes an agent from a prompt configuration and registers it.
 *
 * Returns: (transfer none) (nullable): the agent, owned by the registry, or %NULL with
 *   @error set
 */
GenkitAgent *
genkit_define_prompt_agent (GenkitRegistry      *registry,
                            const char          *name,
                            JsonObject          *prompt,
                            GenkitSessionStore  *store,
                            GError             **error)
{
  g_autoptr(GenkitAgent) self = NULL;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);

  self = genkit_agent_new_for_prompt (name, store, prompt, error);
  if (self == NULL || !genkit_agent_register (self, registry, error))
    return NULL;
  return self;   /* held by the registry */
}

/**
 * genkit_agent_get_store:
 * @self: a [class@Genkit.Agent]
 *
 * Gets the agent's snapshot store.
 *
 * Returns: (transfer none) (nullable): the store, %NULL for a client-managed agent
 */
GenkitSessionStore *
genkit_agent_get_store (GenkitAgent *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT (self), NULL);
  return self->store;
}

/**
 * genkit_agent_get_state_schema:
 * @self: a [class@Genkit.Agent]
 *
 * Gets the JSON Schema of the agent's custom state.
 *
 * Returns: (transfer none) (nullable): the schema
 */
JsonNode *
genkit_agent_get_state_schema (GenkitAgent *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT (self), NULL);
  return self->state_schema ? genkit_json_schema_get_schema (self->state_schema) : NULL;
}

/**
 * genkit_agent_set_state_schema:
 * @self: a [class@Genkit.Agent]
 * @schema: (nullable): a JSON Schema (draft-07) for the custom state, or %NULL
 * @error: return location for an `INVALID_ARGUMENT` error when @schema does not compile
 *
 * Sets the schema of the agent's custom state (Genkit's `stateSchema`): it appears in the
 * action's metadata (`agent.stateSchema`), and the custom state a run starts from (a stored
 * snapshot's or the client's) must satisfy it, else the run fails gracefully.
 *
 * Returns: %TRUE if the schema compiled
 */
gboolean
genkit_agent_set_state_schema (GenkitAgent  *self,
                               JsonNode     *schema,
                               GError      **error)
{
  g_autoptr(GenkitJsonSchema) compiled = NULL;

  g_return_val_if_fail (GENKIT_IS_AGENT (self), FALSE);

  if (schema != NULL && (compiled = genkit_json_schema_new (schema, error)) == NULL)
    return FALSE;
  g_clear_object (&self->state_schema);
  self->state_schema = g_steal_pointer (&compiled);
  genkit_agent_update_metadata (self);
  return TRUE;
}

/**
 * genkit_agent_get_heartbeat_interval:
 * @self: a [class@Genkit.Agent]
 *
 * Gets [property@Genkit.Agent:heartbeat-interval].
 *
 * Returns: the interval in milliseconds
 */
guint
genkit_agent_get_heartbeat_interval (GenkitAgent *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT (self), 0);
  return self->heartbeat_interval;
}

/**
 * genkit_agent_set_heartbeat_interval:
 * @self: a [class@Genkit.Agent]
 * @interval_ms: the interval in milliseconds
 *
 * Sets [property@Genkit.Agent:heartbeat-interval] (runs detached afterwards use it).
 */
void
genkit_agent_set_heartbeat_interval (GenkitAgent *self,
                                     guint        interval_ms)
{
  g_return_if_fail (GENKIT_IS_AGENT (self));
  g_return_if_fail (interval_ms > 0);

  if (self->heartbeat_interval == interval_ms)
    return;
  self->heartbeat_interval = interval_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEARTBEAT_INTERVAL]);
}

/**
 * genkit_agent_get_heartbeat_timeout:
 * @self: a [class@Genkit.Agent]
 *
 * Gets [property@Genkit.Agent:heartbeat-timeout].
 *
 * Returns: the timeout in milliseconds
 */
guint
genkit_agent_get_heartbeat_timeout (GenkitAgent *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT (self), 0);
  return self->heartbeat_timeout;
}

/**
 * genkit_agent_set_heartbeat_timeout:
 * @self: a [class@Genkit.Agent]
 * @timeout_ms: the timeout in milliseconds
 *
 * Sets [property@Genkit.Agent:heartbeat-timeout].
 */
void
genkit_agent_set_heartbeat_timeout (GenkitAgent *self,
                                    guint        timeout_ms)
{
  g_return_if_fail (GENKIT_IS_AGENT (self));
  g_return_if_fail (timeout_ms > 0);

  if (self->heartbeat_timeout == timeout_ms)
    return;
  self->heartbeat_timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEARTBEAT_TIMEOUT]);
}

/**
 * genkit_agent_get_snapshot_action:
 * @self: a [class@Genkit.Agent]
 *
 * Gets `/agent-snapshot/<name>`: input `{snapshotId?, sessionId?}` (exactly one), output a
 * `SessionSnapshot`, `NOT_FOUND` when there is none.
 *
 * Returns: (transfer none): the action
 */
GenkitAction *
genkit_agent_get_snapshot_action (GenkitAgent *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT (self), NULL);
  return self->snapshot_action;
}

/**
 * genkit_agent_get_abort_action:
 * @self: a [class@Genkit.Agent]
 *
 * Gets `/agent-abort/<name>`: input `{snapshotId}`, output `{snapshotId, status?}` with the
 * status before the abort.
 *
 * Returns: (transfer none): the action
 */
GenkitAction *
genkit_agent_get_abort_action (GenkitAgent *self)
{
  g_return_val_if_fail (GENKIT_IS_AGENT (self), NULL);
  return self->abort_action;
}
