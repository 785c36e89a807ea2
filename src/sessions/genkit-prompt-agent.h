/* genkit-prompt-agent.h — agents whose turns render a .prompt file (Genkit's definePromptAgent)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>
#include <genkit-dotprompt-lib.h>

G_BEGIN_DECLS

GENKIT_AVAILABLE_IN_ALL
GenkitAgent *genkit_prompt_agent_new      (GenkitPrompt        *prompt,
                                           JsonNode            *prompt_input,
                                           GenkitSessionStore  *store);
GENKIT_AVAILABLE_IN_ALL
GenkitAgent *genkit_define_prompt_file_agent (GenkitRegistry   *registry,
                                              GenkitPrompt     *prompt,
                                              JsonNode         *prompt_input,
                                              GenkitSessionStore *store,
                                              const char       *description,
                                              GError          **error);

G_END_DECLS
