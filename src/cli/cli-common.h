/* cli-common.h — what every command of genkit-studio-cli shares: exit codes, the command
 * table, option parsing, JSON in and out, the built-in runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

/**
 * CliExit:
 * @CLI_EXIT_OK: the command did what was asked (a valid instance, a successful run)
 * @CLI_EXIT_FAILURE: the command ran and the answer is "no": an invalid instance, a run
 *   that failed with a Genkit error
 * @CLI_EXIT_USAGE: the command could not run: bad options or arguments, an unreadable file,
 *   malformed JSON, an unusable schema
 * @CLI_EXIT_INTERRUPTED: a run was cancelled by SIGINT (128 + 2, as shells report it)
 *
 * The exit statuses of `genkit-studio-cli`, the same for every command.
 */
typedef enum
{
  CLI_EXIT_OK = 0,
  CLI_EXIT_FAILURE = 1,
  CLI_EXIT_USAGE = 2,
  CLI_EXIT_INTERRUPTED = 130,
} CliExit;

/**
 * CliCommandFunc:
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): the command's arguments, the command's own name first
 *
 * Runs one command. Its options are parsed by the command itself; by then
 * g_get_prgname() is `genkit-studio-cli COMMAND`, which is how the command's
 * `--help` and its diagnostics name it.
 *
 * Returns: a #CliExit status
 */
typedef int (*CliCommandFunc) (int    argc,
                               char **argv);

/**
 * CliCommand:
 * @name: what the user types, such as `run`
 * @summary: one line for the command list of `--help`
 * @func: runs the command
 *
 * One entry of a command table: the top level's (`main.c`) or a command group's
 * (`schema validate`). Adding a command is adding a row.
 */
typedef struct
{
  const char     *name;
  const char     *summary;
  CliCommandFunc  func;
} CliCommand;

int             cli_dispatch               (const char          *group,
                                            const char          *summary,
                                            const CliCommand    *commands,
                                            gsize                n_commands,
                                            int                  argc,
                                            char               **argv);

void            cli_printerr               (const char          *format,
                                            ...) G_GNUC_PRINTF (1, 2);
int             cli_fail                   (const GError        *error,
                                            int                  status);

GOptionContext *cli_option_context_new     (const char          *parameter_string,
                                            const char          *summary,
                                            const GOptionEntry  *entries);
gboolean        cli_option_context_parse   (GOptionContext      *context,
                                            int                  argc,
                                            char               **argv,
                                            GStrv               *arguments);

void            cli_print_json             (JsonNode            *node,
                                            gboolean             pretty);
JsonNode       *cli_parse_json             (const char          *text,
                                            gssize               length,
                                            const char          *label,
                                            GError             **error);
JsonNode       *cli_read_json_file         (const char          *path,
                                            GError             **error);

GenkitRegistry *cli_registry_new           (GError             **error);

void            cli_store_result_cb        (GObject             *object,
                                            GAsyncResult        *result,
                                            gpointer             user_data);
void            cli_wait_for_result        (GAsyncResult       **result);
void            cli_drain_main_context     (void);

G_END_DECLS
