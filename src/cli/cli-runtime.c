/* cli-runtime.c — which Genkit runtime a command talks to: the built-in one, the one at a
 * reflection URL (--runtime), the newest one of a project (--project), or one started for the
 * command (--spawn)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "cli-common.h"
#include "cli-runtime.h"

/* How long a spawned runtime gets to register: the Genkit CLI waits 30 s
 * (`waitForRuntime` in genkit-cli/src/utils/manager-utils.ts); a loaded machine gets more. */
#define SPAWN_REGISTER_TIMEOUT_S 60

/* How long a spawned runtime gets to exit after SIGTERM before it is killed. */
#define SPAWN_EXIT_TIMEOUT_S 5

/* A runtime started for --spawn and the reflection v2 server it connects to. */
typedef struct
{
  GenkitReflectionV2Server *server;
  GSubprocess              *process;
  gboolean                  exited;
} CliSpawned;

static gboolean
cli_spawned_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
cli_spawned_process_exited_cb (GObject      *object,
                               GAsyncResult *result,
                               gpointer      user_data)
{
  CliSpawned *spawned = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  spawned->exited = TRUE;
}

/* Ends the runtime as the Genkit CLI's process manager does: SIGTERM, then SIGKILL. */
static void
cli_spawned_free (CliSpawned *spawned)
{
  /* The wait started at spawn time sets `exited`; it must have run before the struct goes. */
  if (spawned->process != NULL && !spawned->exited)
    {
      gboolean late = FALSE;
      guint source;

      g_subprocess_send_signal (spawned->process, SIGTERM);
      source = g_timeout_add_seconds (SPAWN_EXIT_TIMEOUT_S, cli_spawned_flag_cb, &late);
      while (!spawned->exited && !late)
        g_main_context_iteration (NULL, TRUE);
      if (!spawned->exited)
        {
          g_subprocess_force_exit (spawned->process);
          while (!spawned->exited)
            g_main_context_iteration (NULL, TRUE);
        }
      else
        g_source_remove (source);
    }
  if (spawned->server != NULL)
    genkit_reflection_v2_server_stop (spawned->server);
  g_clear_object (&spawned->server);
  g_clear_object (&spawned->process);
  g_free (spawned);
}

/**
 * cli_runtime_options_clear:
 * @options: the options
 *
 * Frees the option values, and stops the runtime `--spawn` started.
 */
void
cli_runtime_options_clear (CliRuntimeOptions *options)
{
  g_clear_pointer (&options->runtime, g_free);
  g_clear_pointer (&options->project, g_free);
  g_clear_pointer (&options->spawn, g_free);
  g_clear_pointer ((CliSpawned **) &options->spawned, cli_spawned_free);
}

/**
 * cli_runtime_options_is_builtin:
 * @options: the options
 *
 * Returns: %TRUE when the command uses the built-in runtime (no option was given)
 */
gboolean
cli_runtime_options_is_builtin (CliRuntimeOptions *options)
{
  return options->runtime == NULL && options->project == NULL && options->spawn == NULL;
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
  /* That may be any Genkit telemetry server, which has no per-runtime routes. */
  genkit_runtime_monitor_set_runtime_telemetry_urls (monitor, FALSE);
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

/* Starts the `--spawn` command as `genkit eval:flow … -- <cmd>` starts a runtime: in development mode,
 * told to connect to our reflection v2 server (Genkit's port range), and waits until it has
 * registered. */
static GenkitRuntime *
cli_runtime_spawn (CliRuntimeOptions  *options,
                   GError            **error)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) local_error = NULL;
  CliSpawned *spawned;
  gboolean late = FALSE;
  guint source;

  if (!g_shell_parse_argv (options->spawn, NULL, &argv, &local_error))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "--spawn: %s", local_error->message);
      return NULL;
    }

  spawned = g_new0 (CliSpawned, 1);
  options->spawned = spawned;
  spawned->server = genkit_reflection_v2_server_new ();
  if (!genkit_reflection_v2_server_listen (spawned->server, 0, error))
    return NULL;

  g_subprocess_launcher_setenv (launcher, "GENKIT_ENV", "dev", TRUE);
  g_subprocess_launcher_setenv (launcher, "GENKIT_REFLECTION_V2_SERVER",
                                genkit_reflection_v2_server_get_url (spawned->server), TRUE);
  /* The runtime's output is the user's to see, on stderr: stdout is the command's answer. */
  g_subprocess_launcher_take_stdout_fd (launcher, dup (STDERR_FILENO));
  spawned->process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv, &local_error);
  if (spawned->process == NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "--spawn: cannot start %s: %s", argv[0], local_error->message);
      return NULL;
    }
  g_subprocess_wait_async (spawned->process, NULL, cli_spawned_process_exited_cb, spawned);

  source = g_timeout_add_seconds (SPAWN_REGISTER_TIMEOUT_S, cli_spawned_flag_cb, &late);
  while (genkit_reflection_v2_server_get_current_runtime (spawned->server) == NULL &&
         !spawned->exited && !late)
    g_main_context_iteration (NULL, TRUE);
  if (!late)
    g_source_remove (source);

  if (genkit_reflection_v2_server_get_current_runtime (spawned->server) == NULL)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAVAILABLE,
                   spawned->exited ? "--spawn: %s exited before its runtime registered"
                                   : "--spawn: %s did not register a runtime within %d s (does it "
                                     "start Genkit's reflection API when GENKIT_ENV=dev?)",
                   options->spawn, SPAWN_REGISTER_TIMEOUT_S);
      return NULL;
    }
  return g_object_ref (genkit_reflection_v2_server_get_current_runtime (spawned->server));
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
 *   as the Genkit CLI finds it), or with `--runtime ID` the one with that id;
 * - `--spawn COMMAND`: a [class@Genkit.ReflectionV2Runtime] for the runtime COMMAND starts,
 *   with `GENKIT_ENV=dev` and `GENKIT_REFLECTION_V2_SERVER` naming a reflection v2 server of
 *   ours, once it has registered; cli_runtime_options_clear() stops it.
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

  if (options->spawn != NULL)
    {
      if (options->runtime != NULL || options->project != NULL)
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "--spawn starts its own runtime; it goes without --runtime and --project");
          return NULL;
        }
      return cli_runtime_spawn (options, error);
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
