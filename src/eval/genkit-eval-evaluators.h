/* genkit-eval-evaluators.h — the built-in evaluators: regex, JSON schema, deep equal, and
 * LLM-as-judge faithfulness, answer relevancy and maliciousness
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_EVAL_INSIDE) && !defined (GENKIT_EVAL_COMPILATION)
# error "Only <genkit-eval.h> can be included directly."
#endif

#include <genkit.h>

G_BEGIN_DECLS

GENKIT_AVAILABLE_IN_ALL
gboolean            genkit_eval_define_builtin_evaluators (GenkitRegistry  *registry,
                                                           JsonObject      *judge_defaults,
                                                           GError         **error);
GENKIT_AVAILABLE_IN_ALL
const char * const *genkit_eval_get_builtin_evaluators    (void);
GENKIT_AVAILABLE_IN_ALL
char               *genkit_eval_find_prompt               (const char      *name,
                                                           GError         **error);

G_END_DECLS
