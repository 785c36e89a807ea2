/* genkit-agent-private.h — what the agent files of the engine share
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "genkit-agent.h"
#include "genkit-generate-options.h"

G_BEGIN_DECLS

/* genkit-agent-prompt.c: prompt agents (a generate per turn). */
void                   _genkit_agent_run_rendered_turn    (GenkitAgentTurn        *turn,
                                                           GenkitAgentRenderFunc   render,
                                                           gpointer                user_data);
JsonObject            *_genkit_agent_prompt_config_check  (JsonObject             *prompt,
                                                           GError                **error);
JsonObject            *_genkit_agent_render_prompt_config (GenkitAgentTurn        *turn,
                                                           JsonArray              *history,
                                                           gpointer                user_data,
                                                           GError                **error);
GenkitGenerateOptions *_genkit_generate_options_from_action_options (JsonObject      *raw,
                                                                     GenkitRegistry  *registry,
                                                                     GError         **error);
gboolean               _genkit_agent_check_resume         (JsonObject             *resume,
                                                           JsonArray              *history,
                                                           GError                **error);

G_END_DECLS
