/* studio-runner.h — runs one action: input form and JSON, context, streaming, result, trace
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>
#include <genkit.h>

#include "studio-action-item.h"
#include "studio-input-store.h"

G_BEGIN_DECLS

/**
 * StudioRunnerState:
 * @STUDIO_RUNNER_STATE_IDLE: not run yet
 * @STUDIO_RUNNER_STATE_RUNNING: a run is in progress
 * @STUDIO_RUNNER_STATE_SUCCEEDED: the last run returned a result
 * @STUDIO_RUNNER_STATE_FAILED: the last run failed
 * @STUDIO_RUNNER_STATE_CANCELLED: the last run was cancelled
 */
typedef enum
{
  STUDIO_RUNNER_STATE_IDLE,
  STUDIO_RUNNER_STATE_RUNNING,
  STUDIO_RUNNER_STATE_SUCCEEDED,
  STUDIO_RUNNER_STATE_FAILED,
  STUDIO_RUNNER_STATE_CANCELLED,
} StudioRunnerState;

#define STUDIO_TYPE_RUNNER (studio_runner_get_type ())

G_DECLARE_FINAL_TYPE (StudioRunner, studio_runner, STUDIO, RUNNER, GtkWidget)

StudioRunner      *studio_runner_new                (GenkitRuntime    *runtime,
                                                     StudioActionItem *item,
                                                     StudioInputStore *input_store,
                                                     const char       *scope,
                                                     const char       *inputs_dir);
GenkitRuntime     *studio_runner_get_runtime        (StudioRunner     *self);
StudioActionItem  *studio_runner_get_item           (StudioRunner     *self);
void               studio_runner_set_item           (StudioRunner     *self,
                                                     StudioActionItem *item);
const char        *studio_runner_get_key            (StudioRunner     *self);
StudioRunnerState  studio_runner_get_state          (StudioRunner     *self);
gboolean           studio_runner_get_input_valid    (StudioRunner     *self);
gboolean           studio_runner_get_streaming      (StudioRunner     *self);
void               studio_runner_set_streaming      (StudioRunner     *self,
                                                     gboolean          streaming);
const char        *studio_runner_get_trace_id       (StudioRunner     *self);
guint              studio_runner_get_n_chunks       (StudioRunner     *self);
JsonNode          *studio_runner_get_result         (StudioRunner     *self);
const GError      *studio_runner_get_error          (StudioRunner     *self);
gint64             studio_runner_get_latency        (StudioRunner     *self);
char              *studio_runner_dup_input_text     (StudioRunner     *self);
void               studio_runner_set_input_text     (StudioRunner     *self,
                                                     const char       *text);
void               studio_runner_set_context_text   (StudioRunner     *self,
                                                     const char       *text);
gboolean           studio_runner_run                (StudioRunner     *self);
void               studio_runner_cancel             (StudioRunner     *self);

G_END_DECLS
