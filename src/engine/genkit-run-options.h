/* genkit-run-options.h — how one action run is made: context, parent, streaming, labels
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_RUN_OPTIONS (genkit_run_options_get_type ())

GENKIT_AVAILABLE_IN_ALL
GType             genkit_run_options_get_type          (void) G_GNUC_CONST;
GENKIT_AVAILABLE_IN_ALL
GenkitRunOptions *genkit_run_options_new               (void);
GENKIT_AVAILABLE_IN_ALL
GenkitRunOptions *genkit_run_options_copy              (GenkitRunOptions     *self);
GENKIT_AVAILABLE_IN_ALL
GenkitRunOptions *genkit_run_options_ref               (GenkitRunOptions     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_run_options_unref             (GenkitRunOptions     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_run_options_set_context       (GenkitRunOptions     *self,
                                                        JsonObject           *context);
GENKIT_AVAILABLE_IN_ALL
JsonObject       *genkit_run_options_get_context       (GenkitRunOptions     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_run_options_set_parent        (GenkitRunOptions     *self,
                                                        GenkitActionRun      *parent);
GENKIT_AVAILABLE_IN_ALL
GenkitActionRun  *genkit_run_options_get_parent        (GenkitRunOptions     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_run_options_set_stream_func   (GenkitRunOptions     *self,
                                                        GenkitStreamFunc      func,
                                                        gpointer              user_data,
                                                        GDestroyNotify        destroy);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_run_options_get_streaming     (GenkitRunOptions     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_run_options_set_started_func  (GenkitRunOptions     *self,
                                                        GenkitRunStartedFunc  func,
                                                        gpointer              user_data,
                                                        GDestroyNotify        destroy);
GENKIT_AVAILABLE_IN_ALL
void              genkit_run_options_set_telemetry_labels (GenkitRunOptions  *self,
                                                           JsonObject        *labels);
GENKIT_AVAILABLE_IN_ALL
JsonObject       *genkit_run_options_get_telemetry_labels (GenkitRunOptions  *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_run_options_set_init          (GenkitRunOptions     *self,
                                                        JsonNode             *init);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_run_options_get_init          (GenkitRunOptions     *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_run_options_set_input_channel (GenkitRunOptions     *self,
                                                        GenkitInputChannel   *channel);
GENKIT_AVAILABLE_IN_ALL
GenkitInputChannel *genkit_run_options_get_input_channel (GenkitRunOptions   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GenkitRunOptions, genkit_run_options_unref)

G_END_DECLS
