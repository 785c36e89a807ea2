/* genkit-project.h — where a Genkit project's root and its .genkit directory are
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

GENKIT_AVAILABLE_IN_ALL
char *genkit_find_project_root       (const char *start_dir);

GENKIT_AVAILABLE_IN_ALL
char *genkit_project_get_runtimes_dir (const char *project_root);

G_END_DECLS
