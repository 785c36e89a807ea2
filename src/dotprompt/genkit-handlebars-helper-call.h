/* genkit-handlebars-helper-call.h — one call of a helper: its arguments, blocks and result
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_DOTPROMPT_INSIDE) && !defined (GENKIT_DOTPROMPT_COMPILATION)
# error "Only <genkit-dotprompt-lib.h> can be included directly."
#endif

#include <genkit.h>

#include "genkit-handlebars.h"

G_BEGIN_DECLS

GENKIT_AVAILABLE_IN_ALL
const char *genkit_handlebars_helper_call_get_name         (GenkitHandlebarsHelperCall  *self);
GENKIT_AVAILABLE_IN_ALL
guint       genkit_handlebars_helper_call_get_n_params     (GenkitHandlebarsHelperCall  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode   *genkit_handlebars_helper_call_get_param        (GenkitHandlebarsHelperCall  *self,
                                                            guint                        index);
GENKIT_AVAILABLE_IN_ALL
gboolean    genkit_handlebars_helper_call_has_hash         (GenkitHandlebarsHelperCall  *self,
                                                            const char                  *key);
GENKIT_AVAILABLE_IN_ALL
JsonNode   *genkit_handlebars_helper_call_get_hash         (GenkitHandlebarsHelperCall  *self,
                                                            const char                  *key);
GENKIT_AVAILABLE_IN_ALL
GStrv       genkit_handlebars_helper_call_get_hash_keys    (GenkitHandlebarsHelperCall  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode   *genkit_handlebars_helper_call_get_context      (GenkitHandlebarsHelperCall  *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode   *genkit_handlebars_helper_call_lookup_data      (GenkitHandlebarsHelperCall  *self,
                                                            const char                  *name);
GENKIT_AVAILABLE_IN_ALL
gboolean    genkit_handlebars_helper_call_is_block         (GenkitHandlebarsHelperCall  *self);
GENKIT_AVAILABLE_IN_ALL
guint       genkit_handlebars_helper_call_get_n_block_params (GenkitHandlebarsHelperCall *self);
GENKIT_AVAILABLE_IN_ALL
char       *genkit_handlebars_helper_call_render_block     (GenkitHandlebarsHelperCall  *self,
                                                            JsonNode                    *context,
                                                            GError                     **error);
GENKIT_AVAILABLE_IN_ALL
char       *genkit_handlebars_helper_call_render_block_full (GenkitHandlebarsHelperCall *self,
                                                             JsonNode                   *context,
                                                             JsonObject                 *data,
                                                             JsonNode * const           *block_params,
                                                             guint                       n_block_params,
                                                             GError                    **error);
GENKIT_AVAILABLE_IN_ALL
char       *genkit_handlebars_helper_call_render_inverse   (GenkitHandlebarsHelperCall  *self,
                                                            JsonNode                    *context,
                                                            GError                     **error);
GENKIT_AVAILABLE_IN_ALL
void        genkit_handlebars_helper_call_return_value     (GenkitHandlebarsHelperCall  *self,
                                                            JsonNode                    *value);
GENKIT_AVAILABLE_IN_ALL
void        genkit_handlebars_helper_call_return_string    (GenkitHandlebarsHelperCall  *self,
                                                            const char                  *text);
GENKIT_AVAILABLE_IN_ALL
void        genkit_handlebars_helper_call_return_safe_string (GenkitHandlebarsHelperCall *self,
                                                              const char                 *text);
GENKIT_AVAILABLE_IN_ALL
void        genkit_handlebars_helper_call_take_safe_string (GenkitHandlebarsHelperCall  *self,
                                                            char                        *text);

G_END_DECLS
