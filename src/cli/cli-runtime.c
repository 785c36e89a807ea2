/* cli-runtime.c — which Genkit runtime a command talks to: the built-in one, the one at a
 * reflection URL (--runtime), or the newest one of a project (--project)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "cli-common.h"
#include "cli-runtime.h"

/**
 * cli_runtime_options_clear:
 * @options: the options
 *
 * Frees the option values.
 */
void
cli_runtime_options_clear (CliRuntimeOptions *options)
{
  g_clear_pointer (&options->runtime, g_free);
  g_clear_pointer (&options->project, g_free);
}

/**
 * cli_runtime_options_is_builtin:
 * @options: the options
 *
 * Returns: %TRUE when the command uses the built-in runtime (neither option was given)
 */
gboolean
cli_runtime_options_is_builtin (CliRuntimeOptions *options)
{
  return options->runtime == NULL && options->project == NULL;
}

static void
loading_changed_cb (GObject    *object,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  *(gboolean *) user_data = !genkit_runtime_monitor_get_loading (GENKIT_RUNTIME_MONITOR (object));
}

/* The runtimes of a project, as `genkit flow:run` finds them: every discovery file read,
 * validated and health-checked, dead ones dropped (and their files deleted), each live one
 * notified of GENKIT_TELEMETRY_SERVER when that is set. */
static GenkitRuntime *
cli_runtime_open_project (const char  *directory,
                          const char  *id,
                          GError     **error)
{
  g_autofree char *root = NULL;
  g_autoptr(GenkitRuntimeMonitor) monitor = NULL;
  GenkitRuntime *runtime;
  gboolean loaded = FALSE;

  if (!g_file_test (directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "--project: %s is not a directory", directory);
      return NULL;
    }

  root = genkit_find_project_root (directory);
  monitor = genkit_runtime_monitor_new (root);
  genkit_runtime_monitor_set_telemetry_server_url (monitor, g_getenv ("GENKIT_TELEMETRY_SERVER"));
  genkit_runtime_monitor_set_health_check_interval (monitor, 0);
  g_signal_connect (monitor, "notify::loading", G_CALLBACK (loading_changed_cb), &loaded);
  if (!genkit_runtime_monitor_start (monitor, error))
    return NULL;

  loaded = !genkit_runtime_monitor_get_loading (monitor);
  while (!loaded)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (monitor, &loaded);

  if (id != NULL)
    runtime = genkit_runtime_monitor_lookup_runtime (monitor, id);
  else
    runtime = genkit_runtime_monitor_get_current_runtime (monitor);

  if (runtime == NULL)
    {
      g_autofree char *runtimes_dir = genkit_project_get_runtimes_dir (root);

      if (id != NULL)
        g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                     "no runtime with id '%s' is running for the project at %s (in %s)",
                     id, root, runtimes_dir);
      else
        g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND,
                     "no runtime is running for the project at %s (%s has no live runtime); "
                     "start one with GENKIT_ENV=dev, or 'genkit-studio-cli serve'",
                     root, runtimes_dir);
      return NULL;
    }

  return g_object_ref (runtime);
}

/**
 * cli_runtime_open:
 * @options: the parsed `--runtime` and `--project` options
 * @error: return location for an error: `GENKIT_ERROR_INVALID_ARGUMENT` for options that
 *   do not name a runtime (see cli_runtime_exit_status()), `GENKIT_ERROR_NOT_FOUND` when
 *   the project has no such runtime
 *
 * Opens the runtime the options name:
 *
 * - neither: the built-in runtime, a [class@Genkit.LocalRuntime] over cli_registry_new();
 * - `--runtime URL`: a [class@Genkit.RemoteRuntime] for that reflection server;
 * - `--project DIR`: the newest live runtime of the project DIR belongs to (its root found
 *   as the Genkit CLI finds it), or with `--runtime ID` the one with that id.
 *
 * Returns: (transfer full): the runtime, or %NULL with @error set
 */
GenkitRuntime *
cli_runtime_open (CliRuntimeOptions  *options,
                  GError            **error)
{
  if (cli_runtime_options_is_builtin (options))
    {
      g_autoptr(GenkitRegistry) registry = cli_registry_new (error);

      if (registry == NULL)
        return NULL;
      return GENKIT_RUNTIME (genkit_local_runtime_new (registry));
    }

  if (options->project != NULL)
    {
      if (options->runtime != NULL && g_strstr_len (options->runtime, -1, "://") != NULL)
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "with --project, --runtime takes a runtime id, not a URL");
          return NULL;
        }
      return cli_runtime_open_project (options->project, options->runtime, error);
    }

  return GENKIT_RUNTIME (genkit_remote_runtime_new_for_url (options->runtime, error));
}

/**
 * cli_runtime_exit_status:
 * @error: an error of cli_runtime_open()
 *
 * Returns: %CLI_EXIT_USAGE when the options themselves were wrong, else %CLI_EXIT_FAILURE
 */
int
cli_runtime_exit_status (const GError *error)
{
  return g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT)
         ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
}
