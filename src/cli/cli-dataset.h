/* cli-dataset.h — what `eval` shares with `dataset`: where the Genkit CLI keeps its stores
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *cli_genkit_store_dir (const char *dir,
                            const char *kind);

G_END_DECLS
