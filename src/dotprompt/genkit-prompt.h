/* genkit-prompt.h — a .prompt file as Genkit's /prompt and /executable-prompt actions
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_DOTPROMPT_INSIDE) && !defined (GENKIT_DOTPROMPT_COMPILATION)
# error "Only <genkit-dotprompt-lib.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-dotprompt.h"
#include "genkit-parsed-prompt.h"

G_BEGIN_DECLS

#define GENKIT_TYPE_PROMPT (genkit_prompt_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitPrompt, genkit_prompt, GENKIT, PROMPT, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitPrompt       *genkit_prompt_new                  (GenkitDotprompt      *dotprompt,
                                                        GenkitParsedPrompt   *parsed,
                                                        const char           *name,
                                                        const char           *variant,
                                                        const char           *ns);
GENKIT_AVAILABLE_IN_ALL
GenkitPrompt       *genkit_prompt_new_from_file        (GenkitDotprompt      *dotprompt,
                                                        const char           *path,
                                                        const char           *ns,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
GPtrArray          *genkit_prompt_load_directory       (GenkitDotprompt      *dotprompt,
                                                        GenkitRegistry       *registry,
                                                        const char           *directory,
                                                        const char           *ns,
                                                        GError              **error);

GENKIT_AVAILABLE_IN_ALL
const char         *genkit_prompt_get_name             (GenkitPrompt         *self);
GENKIT_AVAILABLE_IN_ALL
const char         *genkit_prompt_get_variant          (GenkitPrompt         *self);
GENKIT_AVAILABLE_IN_ALL
GenkitParsedPrompt *genkit_prompt_get_parsed           (GenkitPrompt         *self);
GENKIT_AVAILABLE_IN_ALL
GenkitDotprompt    *genkit_prompt_get_dotprompt        (GenkitPrompt         *self);
GENKIT_AVAILABLE_IN_ALL
JsonObject         *genkit_prompt_get_action_metadata  (GenkitPrompt         *self,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_prompt_register             (GenkitPrompt         *self,
                                                        GenkitRegistry       *registry,
                                                        GError              **error);

GENKIT_AVAILABLE_IN_ALL
JsonObject         *genkit_prompt_render               (GenkitPrompt         *self,
                                                        JsonNode             *input,
                                                        JsonObject           *context,
                                                        JsonObject           *render_options,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
JsonObject         *genkit_prompt_render_with_state    (GenkitPrompt         *self,
                                                        JsonNode             *input,
                                                        JsonObject           *context,
                                                        JsonNode             *state,
                                                        JsonObject           *render_options,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
JsonObject         *genkit_prompt_to_generate_request  (GenkitPrompt         *self,
                                                        GenkitRegistry       *registry,
                                                        JsonObject           *rendered,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
JsonObject         *genkit_prompt_to_action_options    (GenkitPrompt         *self,
                                                        GenkitRegistry       *registry,
                                                        JsonObject           *rendered,
                                                        GError              **error);
GENKIT_AVAILABLE_IN_ALL
void                genkit_prompt_generate_async       (GenkitPrompt         *self,
                                                        GenkitRegistry       *registry,
                                                        GenkitActionRun      *parent,
                                                        JsonNode             *input,
                                                        JsonObject           *render_options,
                                                        GenkitGenerateChunkFunc on_chunk,
                                                        gpointer              chunk_data,
                                                        GCancellable         *cancellable,
                                                        GAsyncReadyCallback   callback,
                                                        gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitGenerateResponse *genkit_prompt_generate_finish  (GenkitPrompt         *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

G_END_DECLS
