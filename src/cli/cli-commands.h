/* cli-commands.h — the entry points of genkit-studio-cli's top-level commands
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

int cli_actions_main (int    argc,
                      char **argv);
int cli_dataset_main (int    argc,
                      char **argv);
int cli_eval_main    (int    argc,
                      char **argv);
int cli_prompt_main  (int    argc,
                      char **argv);
int cli_run_main     (int    argc,
                      char **argv);
int cli_schema_main  (int    argc,
                      char **argv);
int cli_serve_main   (int    argc,
                      char **argv);
int cli_traces_main  (int    argc,
                      char **argv);

G_END_DECLS
