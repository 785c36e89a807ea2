/* test-app-command.c — Run a Command: environment, output, exit, stop, restart
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <signal.h>
#include <unistd.h>

#include "studio-command.h"
#include "studio-test-util.h"

typedef struct
{
  GString *out;
  GString *err;
} Output;

static void
output_cb (StudioCommand *command,
           const char    *text,
           gboolean       is_error,
           Output        *output)
{
  g_string_append (is_error ? output->err : output->out, text);
}

static gboolean
is_exited (gpointer user_data)
{
  return studio_command_get_state (user_data) == STUDIO_COMMAND_STATE_EXITED;
}

static gboolean
has_output (gpointer user_data)
{
  Output *output = user_data;

  return strstr (output->out->str, "ready") != NULL;
}

static StudioCommand *
command_new (const char *line,
             Output     *output)
{
  StudioCommand *command = studio_command_new ();
  g_autofree char *dir = g_dir_make_tmp ("studio-command-XXXXXX", NULL);

  output->out = g_string_new (NULL);
  output->err = g_string_new (NULL);
  studio_command_set_command_line (command, line);
  studio_command_set_directory (command, dir);
  g_signal_connect (command, "output", G_CALLBACK (output_cb), output);
  return command;
}

static void
output_clear (Output *output)
{
  g_string_free (output->out, TRUE);
  g_string_free (output->err, TRUE);
}

static void
test_environment (void)
{
  Output output;
  g_autoptr(StudioCommand) command =
    /* The short sleep keeps the process alive while its pid is checked: GLib reaps a child
     * that exits at once from its worker thread, which can beat the check. */
    command_new ("sleep 0.5; echo \"env=$GENKIT_ENV rt=$GENKIT_ENABLE_REALTIME_TELEMETRY ts=$GENKIT_TELEMETRY_SERVER\"; "
                 "pwd; printf 'to stderr' >&2; exit 3", &output);
  g_autoptr(GError) error = NULL;
  g_autofree char *how = NULL;
  g_autofree char *expected_dir = NULL;

  g_test_summary ("The app runs in the project directory with GENKIT_ENV=dev, realtime telemetry and "
                  "the studio's telemetry server, as `genkit start` runs it, at the URL of the run's "
                  "provisional runtime id; output and exit status arrive");

  g_assert_null (studio_command_get_provisional_runtime_id (command));
  studio_command_set_telemetry_server_url (command, "http://127.0.0.1:4033");
  g_assert_true (studio_command_start (command, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (studio_command_get_provisional_runtime_id (command), "studio-command-"));
  g_assert_cmpint (studio_command_get_state (command), ==, STUDIO_COMMAND_STATE_RUNNING);
  g_assert_cmpint (studio_command_get_pid (command), >, 0);

  g_assert_true (studio_test_wait (is_exited, command, 10000));
  studio_test_wait_ms (100);    /* the last reads */

  expected_dir = g_strdup_printf ("env=dev rt=true ts=http://127.0.0.1:4033/runtimes/%s\n%s\n",
                                  studio_command_get_provisional_runtime_id (command),
                                  studio_command_get_directory (command));
  g_assert_cmpstr (output.out->str, ==, expected_dir);
  g_assert_cmpstr (output.err->str, ==, "to stderr");
  how = studio_command_dup_exit_description (command);
  g_assert_cmpstr (how, ==, "Exited with status 3");
  g_assert_cmpint (studio_command_get_pid (command), ==, 0);
  output_clear (&output);
}

static void
test_escapes (void)
{
  Output output;
  g_autoptr(StudioCommand) command =
    command_new ("printf '\\033[32mgreen\\033[0m \\033]0;title\\007plain\\r\\n'; printf '\\303'; printf '\\251\\n'",
                 &output);

  g_test_summary ("Colours and other escape sequences are removed; a UTF-8 character cut between two "
                  "writes arrives whole");

  g_assert_true (studio_command_start (command, NULL));
  g_assert_true (studio_test_wait (is_exited, command, 10000));
  studio_test_wait_ms (100);
  g_assert_cmpstr (output.out->str, ==, "green plain\né\n");
  output_clear (&output);
}

static void
test_stop (void)
{
  Output output;
  g_autoptr(StudioCommand) command = command_new ("sleep 60 & echo ready; wait", &output);
  g_autofree char *how = NULL;

  g_test_summary ("Stop ends the whole process group, children included");

  g_assert_true (studio_command_start (command, NULL));
  g_assert_true (studio_test_wait (has_output, &output, 10000));
  studio_command_stop (command);
  g_assert_cmpint (studio_command_get_state (command), ==, STUDIO_COMMAND_STATE_STOPPING);
  g_assert_true (studio_test_wait (is_exited, command, 10000));
  how = studio_command_dup_exit_description (command);
  g_assert_cmpstr (how, ==, "Stopped by signal Terminated");
  output_clear (&output);
}

static gboolean
is_running_again (gpointer user_data)
{
  Output *output = user_data;

  return strstr (output->out->str, "ready\nready\n") != NULL;
}

static void
test_restart (void)
{
  Output output;
  g_autoptr(StudioCommand) command = command_new ("echo ready; exec sleep 60", &output);
  g_autoptr(GError) error = NULL;

  g_test_summary ("Restart stops the app and starts it again once it is gone");

  g_assert_true (studio_command_start (command, NULL));
  g_assert_true (studio_test_wait (has_output, &output, 10000));
  g_assert_false (studio_command_start (command, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PENDING);

  g_assert_true (studio_command_restart (command, NULL));
  g_assert_true (studio_test_wait (is_running_again, &output, 10000));
  g_assert_cmpint (studio_command_get_state (command), ==, STUDIO_COMMAND_STATE_RUNNING);

  studio_command_stop (command);
  g_assert_true (studio_test_wait (is_exited, command, 10000));
  output_clear (&output);
}

/* The number after @key= in @text. */
static gint64
pid_after (const char *text,
           const char *key)
{
  g_autofree char *needle = g_strconcat (key, "=", NULL);
  const char *at = strstr (text, needle);

  g_assert_nonnull (at);
  return g_ascii_strtoll (at + strlen (needle), NULL, 10);
}

static void
test_owns_process (void)
{
  Output output;
  /* A child in the command's process group, and one that left it for a session of its own
   * (setsid, not a group leader, does not fork): both are the command's. */
  g_autoptr(StudioCommand) command =
    command_new ("sleep 60 & echo child=$!; setsid sleep 60 & echo away=$!; echo ready; wait", &output);
  g_autofree char *first_id = NULL;
  gint64 child;
  gint64 away;

  g_test_summary ("A process belongs to the running command when it is the shell, in its process "
                  "group, or a descendant; each run has its own provisional runtime id");

  g_assert_true (studio_command_start (command, NULL));
  g_assert_true (studio_test_wait (has_output, &output, 10000));
  child = pid_after (output.out->str, "child");
  away = pid_after (output.out->str, "away");
  g_assert_true (studio_command_owns_process (command, studio_command_get_pid (command)));
  g_assert_true (studio_command_owns_process (command, child));
  g_assert_true (studio_command_owns_process (command, away));
  g_assert_false (studio_command_owns_process (command, getpid ()));
  g_assert_false (studio_command_owns_process (command, 1));
  g_assert_false (studio_command_owns_process (command, 0));
  g_assert_false (studio_command_owns_process (command, G_MAXINT));
  first_id = g_strdup (studio_command_get_provisional_runtime_id (command));

  studio_command_stop (command);
  g_assert_true (studio_test_wait (is_exited, command, 10000));
  g_assert_false (studio_command_owns_process (command, child));
  /* setsid took it out of the group that Stop ends. */
  kill ((pid_t) away, SIGKILL);

  g_string_truncate (output.out, 0);
  g_assert_true (studio_command_start (command, NULL));
  g_assert_cmpstr (studio_command_get_provisional_runtime_id (command), !=, first_id);
  g_assert_true (studio_test_wait (has_output, &output, 10000));
  kill ((pid_t) pid_after (output.out->str, "away"), SIGKILL);
  studio_command_stop (command);
  g_assert_true (studio_test_wait (is_exited, command, 10000));
  output_clear (&output);
}

static void
test_errors (void)
{
  g_autoptr(StudioCommand) command = studio_command_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (studio_command_start (command, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  studio_command_set_command_line (command, "true");
  studio_command_set_directory (command, "/nonexistent/project");
  g_assert_false (studio_command_start (command, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_assert_cmpint (studio_command_get_state (command), ==, STUDIO_COMMAND_STATE_IDLE);
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init_headless (&argc, &argv);

  g_test_add_func ("/app/command/environment", test_environment);
  g_test_add_func ("/app/command/escapes", test_escapes);
  g_test_add_func ("/app/command/stop", test_stop);
  g_test_add_func ("/app/command/restart", test_restart);
  g_test_add_func ("/app/command/owns-process", test_owns_process);
  g_test_add_func ("/app/command/errors", test_errors);

  return g_test_run ();
}
