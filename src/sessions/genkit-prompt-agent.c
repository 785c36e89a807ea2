/* genkit-prompt-agent.c — agents whose turns render a .prompt file (Genkit's definePromptAgent)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-prompt-agent.h"

/* Genkit's definePromptAgent (js/ai/src/agent.ts) renders the prompt each turn with the
 * agent's `promptInput` (`{}` when none) and `{messages: history}`, so the template places the
 * history ({{history}}, or Dotprompt's default placement), and generates with the rendered
 * options. [ctor@Genkit.Agent.new_rendered] does the rest: tagging the history, dropping the
 * preamble from the session afterwards, resume checks, streaming. */

typedef struct
{
  GenkitPrompt *prompt;
  JsonNode     *input;
} PromptAgent;

static void
prompt_agent_free (gpointer data)
{
  PromptAgent *self = data;

  g_object_unref (self->prompt);
  json_node_unref (self->input);
  g_free (self);
}

static JsonObject *
render_prompt (GenkitAgentTurn  *turn,
               JsonArray        *history,
               gpointer          user_data,
               GError          **error)
{
  PromptAgent *self = user_data;
  GenkitRegistry *registry = genkit_action_run_get_registry (genkit_agent_turn_get_run (turn));
  g_autoptr(JsonObject) options = json_object_new ();
  g_autoptr(JsonObject) rendered = NULL;

  json_object_set_array_member (options, "messages", json_array_ref (history));
  /* The turn runs in the session: the template sees its custom state as @state. */
  rendered = genkit_prompt_render_with_state (self->prompt, self->input, genkit_agent_turn_get_context (turn),
                                              genkit_agent_turn_get_custom (turn), options, error);
  if (rendered == NULL)
    return NULL;
  return genkit_prompt_to_action_options (self->prompt, registry, rendered, error);
}

/**
 * genkit_prompt_agent_new:
 * @prompt: the prompt (a `.prompt` file, see [ctor@Genkit.Prompt.new_from_file])
 * @prompt_input: (nullable): the values of the prompt's input variables, the same every
 *   turn; %NULL for `{}`
 * @store: (nullable): where to keep snapshots; %NULL for a client-managed agent
 *
 * Makes a prompt agent from a Dotprompt prompt, Genkit's `definePromptAgent`: the agent has
 * the prompt's registered name, and each turn renders the prompt with @prompt_input and the
 * session's messages as its history — where the template's `{{history}}` is, or where
 * Dotprompt puts history by default — then generates with what the prompt configures (model,
 * tools, config, output). Only the history and what the generation added are kept in the
 * session; the prompt's own messages are not. As [ctor@Genkit.Agent.new_rendered], the model
 * and tools are looked up in the registry the agent is registered in.
 *
 * The template sees the turn's action context as `@auth` and the like, and the session's
 * custom state, as the turn starts, as `@state` (Genkit renders a prompt inside the session
 * the call runs in, with `state: session.getCustom()` in its context).
 *
 * Returns: (transfer full): the agent, not yet registered
 */
GenkitAgent *
genkit_prompt_agent_new (GenkitPrompt       *prompt,
                         JsonNode           *prompt_input,
                         GenkitSessionStore *store)
{
  PromptAgent *self;

  g_return_val_if_fail (GENKIT_IS_PROMPT (prompt), NULL);
  g_return_val_if_fail (store == NULL || GENKIT_IS_SESSION_STORE (store), NULL);

  self = g_new0 (PromptAgent, 1);
  self->prompt = g_object_ref (prompt);
  if (prompt_input != NULL)
    self->input = json_node_copy (prompt_input);
  else
    {
      self->input = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (self->input, json_object_new ());
    }
  return genkit_agent_new_rendered (genkit_prompt_get_name (prompt), store, render_prompt,
                                    self, prompt_agent_free);
}

/**
 * genkit_define_prompt_file_agent:
 * @registry: the registry
 * @prompt: the prompt
 * @prompt_input: (nullable): the values of the prompt's input variables; %NULL for `{}`
 * @store: (nullable): where to keep snapshots; %NULL for a client-managed agent
 * @description: (nullable): the agent's description
 * @error: return location for an `ALREADY_EXISTS` error
 *
 * Makes an agent with [ctor@Genkit.PromptAgent.new] and registers its actions
 * (`/agent/NAME`, `/agent-snapshot/NAME`, `/agent-abort/NAME`, NAME being the prompt's).
 *
 * Returns: (transfer none) (nullable): the registered agent, owned by @registry, or %NULL
 *   with @error set
 */
GenkitAgent *
genkit_define_prompt_file_agent (GenkitRegistry      *registry,
                                 GenkitPrompt        *prompt,
                                 JsonNode            *prompt_input,
                                 GenkitSessionStore  *store,
                                 const char          *description,
                                 GError             **error)
{
  g_autoptr(GenkitAgent) agent = NULL;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (GENKIT_IS_PROMPT (prompt), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  agent = genkit_prompt_agent_new (prompt, prompt_input, store);
  if (description != NULL)
    genkit_action_set_description (GENKIT_ACTION (agent), description);
  if (!genkit_agent_register (agent, registry, error))
    return NULL;
  return agent;
}
