/* cli-runtime.h — which Genkit runtime a command talks to: the built-in one, the one at a
 * reflection URL (--runtime), the newest one of a project (--project), or one started for the
 * command (--spawn)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

/**
 * CliRuntimeOptions:
 * @runtime: `--runtime`: a reflection server URL, or with @project a runtime id
 * @project: `--project`: a directory of a Genkit project
 * @spawn: `--spawn`: a command line that starts a Genkit runtime
 * @spawned: the runtime process started for @spawn and the reflection v2 server it connected
 *   to, ended by cli_runtime_options_clear()
 *
 * The options that choose the runtime of `actions`, `run`, `eval` and `dataset`. With none,
 * the command uses the built-in runtime.
 */
typedef struct
{
  char     *runtime;
  char     *project;
  char     *spawn;
  gpointer  spawned;
} CliRuntimeOptions;

/* The GOptionEntry rows of CliRuntimeOptions, for a command's option table. */
#define CLI_RUNTIME_OPTION_ENTRIES(options) \
  { "runtime", 'r', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &(options)->runtime, \
    "Use the Genkit runtime whose reflection API is at URL (such as http://127.0.0.1:3100, " \
    "a JavaScript, Go, Python or C runtime started with GENKIT_ENV=dev); with --project, the " \
    "project's runtime with that ID", "URL|ID" }, \
  { "project", 'p', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &(options)->project, \
    "Use the newest runtime running for the Genkit project at DIR, found in its " \
    ".genkit/runtimes/ as the Genkit CLI finds it", "DIR" }, \
  { "spawn", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &(options)->spawn, \
    "Start the Genkit runtime COMMAND (a shell-style command line such as 'node app.mjs') " \
    "and use it over reflection API v2, as 'genkit eval:flow ... -- COMMAND' does; it is " \
    "stopped when this command ends", "COMMAND" }

void           cli_runtime_options_clear      (CliRuntimeOptions  *options);
gboolean       cli_runtime_options_is_builtin (CliRuntimeOptions  *options);
GenkitRuntime *cli_runtime_open               (CliRuntimeOptions  *options,
                                               GError            **error);
int            cli_runtime_exit_status        (const GError       *error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliRuntimeOptions, cli_runtime_options_clear)

G_END_DECLS
