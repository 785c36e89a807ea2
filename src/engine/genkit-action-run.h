/* genkit-action-run.h — one run of an action in progress, as its body sees it
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"
#include "genkit-error.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_ACTION_RUN (genkit_action_run_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitActionRun, genkit_action_run, GENKIT, ACTION_RUN, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitAction   *genkit_action_run_get_action       (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRegistry *genkit_action_run_get_registry     (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject     *genkit_action_run_get_context      (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
GenkitSpan     *genkit_action_run_get_span         (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
const char     *genkit_action_run_get_trace_id     (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
GCancellable   *genkit_action_run_get_cancellable  (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
gboolean        genkit_action_run_is_streaming     (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
gboolean        genkit_action_run_is_completed     (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_action_run_get_init         (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
gboolean        genkit_action_run_is_bidi          (GenkitActionRun *self);
GENKIT_AVAILABLE_IN_ALL
void            genkit_action_run_next_input_async  (GenkitActionRun     *self,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_action_run_next_input_finish (GenkitActionRun     *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);
GENKIT_AVAILABLE_IN_ALL
void            genkit_action_run_send_chunk       (GenkitActionRun *self,
                                                    JsonNode        *chunk);
GENKIT_AVAILABLE_IN_ALL
void            genkit_action_run_return_value     (GenkitActionRun *self,
                                                    JsonNode        *value);
GENKIT_AVAILABLE_IN_ALL
void            genkit_action_run_return_error     (GenkitActionRun *self,
                                                    GError          *error);
GENKIT_AVAILABLE_IN_ALL
void            genkit_action_run_return_new_error (GenkitActionRun *self,
                                                    GenkitError      code,
                                                    const char      *format,
                                                    ...) G_GNUC_PRINTF (3, 4);
GENKIT_AVAILABLE_IN_ALL
gboolean        genkit_action_run_return_error_if_cancelled (GenkitActionRun *self);

GENKIT_AVAILABLE_IN_ALL
void            genkit_action_run_call_async       (GenkitActionRun     *self,
                                                    const char          *key,
                                                    JsonNode            *input,
                                                    GenkitStreamFunc     on_chunk,
                                                    gpointer             chunk_data,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_action_run_call_finish      (GenkitActionRun     *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);

GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_run                         (GenkitActionRun     *parent,
                                                    const char          *name,
                                                    JsonNode            *input,
                                                    GenkitStepFunc       func,
                                                    gpointer             user_data,
                                                    GError             **error);
GENKIT_AVAILABLE_IN_ALL
void            genkit_run_async                   (GenkitActionRun     *parent,
                                                    const char          *name,
                                                    JsonNode            *input,
                                                    GenkitActionFunc     func,
                                                    gpointer             func_data,
                                                    GDestroyNotify       func_data_destroy,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
GENKIT_AVAILABLE_IN_ALL
JsonNode       *genkit_run_finish                  (GenkitActionRun     *parent,
                                                    GAsyncResult        *result,
                                                    GError             **error);

G_END_DECLS
