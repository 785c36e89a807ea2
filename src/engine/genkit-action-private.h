/* genkit-action-private.h — what other engine files may call on actions and runs
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-action.h"
#include "genkit-action-run.h"
#include "genkit-tracer.h"

G_BEGIN_DECLS

/* How a run reports its end to whoever started it (the action's task, a step's task). The
 * function is called exactly once; @value and @error are borrowed. */
typedef void (*GenkitRunCompleteFunc) (GenkitActionRun *run,
                                       JsonNode        *value,
                                       const GError    *error,
                                       gpointer         user_data);

void             _genkit_action_set_func      (GenkitAction          *self,
                                               GenkitActionFunc       func,
                                               gpointer               user_data,
                                               GDestroyNotify         destroy);
void             _genkit_action_set_registry  (GenkitAction          *self,
                                               GenkitRegistry        *registry);
GenkitTracer    *_genkit_default_tracer       (void);

GenkitActionRun *_genkit_action_run_new       (GenkitAction          *action,
                                               GenkitRegistry        *registry,
                                               GenkitSpan            *span,
                                               JsonObject            *context,
                                               GCancellable          *cancellable,
                                               GenkitRunOptions      *stream_options,
                                               GenkitActionRun       *stream_parent,
                                               GenkitRunCompleteFunc  complete,
                                               gpointer               complete_data,
                                               GDestroyNotify         complete_destroy);

void             _genkit_action_run_set_inputs (GenkitActionRun     *run,
                                                JsonNode            *input,
                                                JsonNode            *init,
                                                GenkitInputChannel  *channel);

GenkitMiddlewareCall *_genkit_middleware_call_new (GenkitAction      *action,
                                                   guint              index,
                                                   JsonNode          *input,
                                                   GenkitRunOptions  *options,
                                                   GCancellable      *cancellable,
                                                   GTask             *task);
void             _genkit_action_dispatch      (GenkitAction          *self,
                                               guint                  index,
                                               JsonNode              *input,
                                               GenkitRunOptions      *options,
                                               GCancellable          *cancellable,
                                               GTask                 *task);
GenkitMiddlewareFunc _genkit_action_get_middleware (GenkitAction     *self,
                                                    guint             index,
                                                    gpointer         *user_data);

G_END_DECLS

G_BEGIN_DECLS
void             _genkit_action_set_name      (GenkitAction          *self,
                                               const char            *name);
G_END_DECLS
