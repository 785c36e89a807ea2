/* main.c — genkit-studio-cli, the headless Genkit Studio: picks the command to run
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <locale.h>

#include "cli-commands.h"
#include "cli-common.h"

/* A new command is one row here and one cli-NAME.c with its cli_NAME_main(). */
static const CliCommand cli_commands[] = {
  { "actions", "List the actions of a runtime (the built-in one by default)", cli_actions_main },
  { "dataset", "Evaluation datasets: list, show, import, export, validate, delete", cli_dataset_main },
  { "eval", "Evaluate a flow, model or prompt on a dataset (run, resume, list, show, export)", cli_eval_main },
  { "prompt", "Dotprompt: render a .prompt file, or render and generate", cli_prompt_main },
  { "run", "Run an action of a runtime (the built-in one by default)", cli_run_main },
  { "schema", "JSON Schema tools (validate)", cli_schema_main },
  { "serve", "Serve the built-in runtime's reflection API until interrupted", cli_serve_main },
  { "traces", "List and show the traces of a trace store", cli_traces_main },
};

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_set_prgname ("genkit-studio-cli");

  if (argc == 2 && g_str_equal (argv[1], "--version"))
    {
      g_print ("genkit-studio-cli %s\n", PACKAGE_VERSION);
      return CLI_EXIT_OK;
    }

  return cli_dispatch ("genkit-studio-cli",
                       "The headless Genkit Studio: runs and inspects the Genkit actions of "
                       "the built-in runtime,\nor of any Genkit runtime with --runtime URL or "
                       "--project DIR.\n"
                       "Results go to stdout as JSON, diagnostics to stderr.\n"
                       "'genkit-studio-cli --version' prints the version.",
                       cli_commands, G_N_ELEMENTS (cli_commands), argc, argv);
}
