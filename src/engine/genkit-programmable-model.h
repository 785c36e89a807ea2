/* genkit-programmable-model.h — a model for tests: scripted answers, errors and delays; records requests
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-model.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_PROGRAMMABLE_MODEL (genkit_programmable_model_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitProgrammableModel, genkit_programmable_model, GENKIT, PROGRAMMABLE_MODEL, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitProgrammableModel *genkit_define_programmable_model       (GenkitRegistry           *registry,
                                                                 const char               *name,
                                                                 JsonObject               *options,
                                                                 GError                  **error);
GENKIT_AVAILABLE_IN_ALL
GenkitModel             *genkit_programmable_model_get_model    (GenkitProgrammableModel  *self);
GENKIT_AVAILABLE_IN_ALL
void                     genkit_programmable_model_push_response (GenkitProgrammableModel *self,
                                                                  GenkitGenerateResponse  *response);
GENKIT_AVAILABLE_IN_ALL
gboolean                 genkit_programmable_model_push_response_json (GenkitProgrammableModel *self,
                                                                       const char              *json,
                                                                       GError                 **error);
GENKIT_AVAILABLE_IN_ALL
void                     genkit_programmable_model_push_error   (GenkitProgrammableModel  *self,
                                                                 GError                   *error);
GENKIT_AVAILABLE_IN_ALL
void                     genkit_programmable_model_add_chunk    (GenkitProgrammableModel  *self,
                                                                 GenkitGenerateResponseChunk *chunk);
GENKIT_AVAILABLE_IN_ALL
void                     genkit_programmable_model_set_delay    (GenkitProgrammableModel  *self,
                                                                 guint                     delay_ms);
GENKIT_AVAILABLE_IN_ALL
void                     genkit_programmable_model_set_handler  (GenkitProgrammableModel  *self,
                                                                 GenkitModelFunc           func,
                                                                 gpointer                  user_data,
                                                                 GDestroyNotify            destroy);
GENKIT_AVAILABLE_IN_ALL
guint                    genkit_programmable_model_get_n_pending (GenkitProgrammableModel *self);
GENKIT_AVAILABLE_IN_ALL
GPtrArray               *genkit_programmable_model_get_requests (GenkitProgrammableModel  *self);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateRequest   *genkit_programmable_model_get_last_request (GenkitProgrammableModel *self);

G_END_DECLS
