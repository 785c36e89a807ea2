/* studio-command.c — the project's own Genkit app, started by the studio ("Run a command")
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>
#include <genkit.h>

#include "genkit-reflection-private.h"
#include "studio-command.h"
#include "studio-enums.h"

/* How long a stopped app gets to end on SIGTERM before its process group gets SIGKILL. */
#define STOP_GRACE_MS 5000
#define READ_SIZE 8192

/**
 * StudioCommand:
 *
 * Starts a project's Genkit app the way `genkit start -- <cmd>` does (protocol §1.4): through
 * `/bin/sh -c` in the project directory, with `GENKIT_ENV=dev`,
 * `GENKIT_ENABLE_REALTIME_TELEMETRY=true` and, when the studio runs a telemetry server,
 * `GENKIT_TELEMETRY_SERVER`. The app then writes its discovery file and the project's
 * [class@Genkit.RuntimeMonitor] finds it.
 *
 * Every trace in the studio names the runtime that sent it, but the app's runtime id is
 * only known once its discovery file is there, and a Genkit runtime started with
 * `GENKIT_TELEMETRY_SERVER` ignores the per-runtime URL `/api/notify` brings it later. So
 * each run gets a provisional runtime id ([property@Studio.Command:provisional-runtime-id])
 * and the telemetry URL `<server>/runtimes/<provisional id>`; once the runtime of one of the
 * command's processes ([method@Studio.Command.owns_process]) is found, the window renames
 * the provisional id to the runtime's ([method@Genkit.TraceStore.rename_runtime_async]); an
 * app restarted within the run (`tsx --watch`) is a new runtime, which takes the provisional
 * id over. `GENKIT_RUNTIME_ID` would name the runtime up front, but the JavaScript and Go
 * runtimes then fail the CLI's (and the studio's) health check, which asks for
 * `<pid>-<port>` (protocol §1.6), and Python's discovery file ignores it. Python's exporter
 * joins `/api/traces` to the URL as an absolute path (`urljoin`), so a Python app posts to
 * the plain URL whatever it is given, and its traces have no runtime.
 *
 * The command runs in a process group of its own, so that stopping it reaches what it
 * started (`npx` → `tsx` → `node`): SIGTERM to the group, SIGKILL five seconds later.
 * Its standard output and error come out of [signal@Studio.Command::output] as text, with
 * terminal escape sequences (colours, cursor moves) removed.
 */
struct _StudioCommand
{
  GObject             parent_instance;

  char               *command_line;
  char               *directory;
  char               *telemetry_server_url;
  char               *provisional_runtime_id;   /* of the current or last run */

  /* The process of the current run, and what cancels its reads and wait. */
  GSubprocess        *subprocess;
  GCancellable       *cancellable;
  int                 pid;
  StudioCommandState  state;

  gboolean            exited_by_signal;
  int                 exit_code;
  guint               kill_timeout_id;
  gboolean            restart_pending;
};

G_DEFINE_FINAL_TYPE (StudioCommand, studio_command, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_COMMAND_LINE,
  PROP_DIRECTORY,
  PROP_TELEMETRY_SERVER_URL,
  PROP_STATE,
  PROP_PID,
  PROP_PROVISIONAL_RUNTIME_ID,
  N_PROPS
};

enum {
  OUTPUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Output ------------------------------------------------------------------------------------ */

typedef struct
{
  StudioCommand *self;          /* valid while the cancellable is not cancelled */
  GInputStream  *stream;
  GCancellable  *cancellable;
  GByteArray    *pending;       /* bytes not emitted yet: a cut UTF-8 character or escape */
  gboolean       is_error;
} Reader;

static void
reader_free (Reader *reader)
{
  g_clear_object (&reader->stream);
  g_clear_object (&reader->cancellable);
  g_byte_array_unref (reader->pending);
  g_free (reader);
}

/* Length of the escape sequence at @p (which is ESC), 0 if it is cut short at @end. */
static gsize
escape_length (const guchar *p,
               const guchar *end)
{
  const guchar *q = p + 1;

  if (q >= end)
    return 0;

  if (*q == '[')                          /* CSI: parameters, intermediates, final byte */
    {
      for (q++; q < end; q++)
        if (*q >= 0x40 && *q <= 0x7e)
          return q - p + 1;
      return 0;
    }
  if (*q == ']')                          /* OSC: ends with BEL or ESC \ */
    {
      for (q++; q < end; q++)
        {
          if (*q == 0x07)
            return q - p + 1;
          if (*q == 0x1b && q + 1 < end && q[1] == '\\')
            return q - p + 2;
        }
      return 0;
    }
  return 2;                               /* a two-byte escape such as ESC ( B */
}

/* Appends the printable text of @data to @out and returns how many bytes it used: the rest
 * (a cut UTF-8 character or escape sequence) waits for more. @final takes everything. */
static gsize
reader_clean (const guchar *data,
              gsize         length,
              gboolean      final,
              GString      *out)
{
  const guchar *p = data;
  const guchar *end = data + length;

  while (p < end)
    {
      if (*p == 0x1b)
        {
          gsize n = escape_length (p, end);

          if (n == 0)
            {
              if (final)
                return length;
              break;
            }
          p += n;
        }
      else if (*p == '\r')
        p++;
      else if (*p < 0x80)
        g_string_append_c (out, *p++);
      else
        {
          gunichar c = g_utf8_get_char_validated ((const char *) p, end - p);

          if (c == (gunichar) -2 && !final)
            break;
          if (c == (gunichar) -1 || c == (gunichar) -2)
            {
              g_string_append_unichar (out, 0xfffd);
              p++;
            }
          else
            {
              const guchar *next = (const guchar *) g_utf8_next_char (p);

              g_string_append_len (out, (const char *) p, next - p);
              p = next;
            }
        }
    }
  return p - data;
}

static void
reader_emit (Reader   *reader,
             gboolean  final)
{
  g_autoptr(GString) text = g_string_new (NULL);
  gsize used = reader_clean (reader->pending->data, reader->pending->len, final, text);

  g_byte_array_remove_range (reader->pending, 0, used);
  if (text->len > 0)
    g_signal_emit (reader->self, signals[OUTPUT], 0, text->str, reader->is_error);
}

static void reader_read_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
reader_read_next (Reader *reader)
{
  g_input_stream_read_bytes_async (reader->stream, READ_SIZE, G_PRIORITY_DEFAULT,
                                   reader->cancellable, reader_read_cb, reader);
}

static void
reader_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Reader *reader = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (g_cancellable_is_cancelled (reader->cancellable))
    {
      reader_free (reader);
      return;
    }

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      reader_emit (reader, TRUE);
      if (error != NULL)
        g_debug ("Reading the command's output failed: %s", error->message);
      reader_free (reader);
      return;
    }

  g_byte_array_append (reader->pending, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  reader_emit (reader, FALSE);
  reader_read_next (reader);
}

static void
studio_command_read (StudioCommand *self,
                     GInputStream  *stream,
                     gboolean       is_error)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->self = self;
  reader->stream = g_object_ref (stream);
  reader->cancellable = g_object_ref (self->cancellable);
  reader->pending = g_byte_array_new ();
  reader->is_error = is_error;
  reader_read_next (reader);
}

/* Process ----------------------------------------------------------------------------------- */

static void
studio_command_set_state (StudioCommand      *self,
                          StudioCommandState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
studio_command_signal_group (StudioCommand *self,
                             int            signal_number)
{
  if (self->pid <= 0)
    return;
  /* The group first (the app's children); the shell itself if setpgid() did not happen. */
  if (kill (-self->pid, signal_number) != 0 && errno == ESRCH)
    kill (self->pid, signal_number);
}

static void
studio_command_kill_timeout_cb (gpointer user_data)
{
  StudioCommand *self = user_data;

  self->kill_timeout_id = 0;
  g_debug ("The command did not stop within %d ms: killing it", STOP_GRACE_MS);
  studio_command_signal_group (self, SIGKILL);
}

static void
studio_command_wait_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GSubprocess *subprocess = G_SUBPROCESS (object);
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(GError) error = NULL;
  StudioCommand *self;

  if (!g_subprocess_wait_finish (subprocess, result, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_cancellable_is_cancelled (cancellable))
    return;

  self = g_object_get_data (G_OBJECT (cancellable), "studio-command");
  g_assert (STUDIO_IS_COMMAND (self));

  self->exited_by_signal = g_subprocess_get_if_signaled (subprocess);
  self->exit_code = self->exited_by_signal ? g_subprocess_get_term_sig (subprocess)
                                           : g_subprocess_get_exit_status (subprocess);
  g_clear_handle_id (&self->kill_timeout_id, g_source_remove);
  g_clear_object (&self->subprocess);

  g_object_freeze_notify (G_OBJECT (self));
  self->pid = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PID]);
  studio_command_set_state (self, STUDIO_COMMAND_STATE_EXITED);
  g_object_thaw_notify (G_OBJECT (self));

  if (self->restart_pending)
    {
      g_autoptr(GError) start_error = NULL;

      self->restart_pending = FALSE;
      if (!studio_command_start (self, &start_error))
        {
          g_autofree char *text = g_strdup_printf ("%s\n", start_error->message);

          g_signal_emit (self, signals[OUTPUT], 0, text, TRUE);
        }
    }
}

static void
studio_command_child_setup (gpointer user_data)
{
  /* Runs in the child between fork and exec: async-signal-safe calls only. */
  setpgid (0, 0);
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/**
 * studio_command_start:
 * @self: a [class@Studio.Command]
 * @error: return location for an error
 *
 * Starts [property@Studio.Command:command-line] in [property@Studio.Command:directory].
 *
 * Returns: %TRUE if the process started; %FALSE with `G_IO_ERROR_PENDING` when it already
 *   runs, `G_IO_ERROR_INVALID_ARGUMENT` without a command or directory, or the spawn error
 */
gboolean
studio_command_start (StudioCommand  *self,
                      GError        **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) subprocess = NULL;
  const char *identifier;

  g_return_val_if_fail (STUDIO_IS_COMMAND (self), FALSE);

  if (self->state == STUDIO_COMMAND_STATE_RUNNING || self->state == STUDIO_COMMAND_STATE_STOPPING)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_PENDING, _("The command is already running"));
      return FALSE;
    }
  if (is_blank (self->command_line))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("There is no command to run"));
      return FALSE;
    }
  if (self->directory == NULL || !g_file_test (self->directory, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The project directory “%s” does not exist"),
                   self->directory ? self->directory : "");
      return FALSE;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_cwd (launcher, self->directory);
  g_subprocess_launcher_setenv (launcher, "GENKIT_ENV", "dev", TRUE);
  g_subprocess_launcher_setenv (launcher, "GENKIT_ENABLE_REALTIME_TELEMETRY", "true", TRUE);
  g_free (self->provisional_runtime_id);
  self->provisional_runtime_id = g_strdup_printf ("studio-command-%08x", g_random_int ());
  if (self->telemetry_server_url != NULL)
    {
      g_autofree char *url = _genkit_runtime_telemetry_url (self->telemetry_server_url,
                                                            self->provisional_runtime_id);

      g_subprocess_launcher_setenv (launcher, "GENKIT_TELEMETRY_SERVER", url, TRUE);
    }
  else
    g_subprocess_launcher_unsetenv (launcher, "GENKIT_TELEMETRY_SERVER");
  g_subprocess_launcher_set_child_setup (launcher, studio_command_child_setup, NULL, NULL);

  subprocess = g_subprocess_launcher_spawn (launcher, error, "/bin/sh", "-c", self->command_line, NULL);
  if (subprocess == NULL)
    return FALSE;

  /* Nothing to read from us: the app sees end-of-file on its standard input. */
  g_output_stream_close (g_subprocess_get_stdin_pipe (subprocess), NULL, NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_object_set_data (G_OBJECT (self->cancellable), "studio-command", self);

  self->subprocess = g_steal_pointer (&subprocess);
  identifier = g_subprocess_get_identifier (self->subprocess);
  self->exited_by_signal = FALSE;
  self->exit_code = 0;

  studio_command_read (self, g_subprocess_get_stdout_pipe (self->subprocess), FALSE);
  studio_command_read (self, g_subprocess_get_stderr_pipe (self->subprocess), TRUE);
  g_subprocess_wait_async (self->subprocess, self->cancellable, studio_command_wait_cb,
                           g_object_ref (self->cancellable));

  g_object_freeze_notify (G_OBJECT (self));
  self->pid = identifier ? atoi (identifier) : 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVISIONAL_RUNTIME_ID]);
  studio_command_set_state (self, STUDIO_COMMAND_STATE_RUNNING);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

/**
 * studio_command_stop:
 * @self: a [class@Studio.Command]
 *
 * Asks the running command to stop: SIGTERM to its process group now, SIGKILL if it is
 * still there five seconds later. [property@Studio.Command:state] becomes
 * %STUDIO_COMMAND_STATE_STOPPING, then %STUDIO_COMMAND_STATE_EXITED when it is gone.
 */
void
studio_command_stop (StudioCommand *self)
{
  g_return_if_fail (STUDIO_IS_COMMAND (self));

  self->restart_pending = FALSE;
  if (self->state != STUDIO_COMMAND_STATE_RUNNING)
    return;

  studio_command_set_state (self, STUDIO_COMMAND_STATE_STOPPING);
  studio_command_signal_group (self, SIGTERM);
  self->kill_timeout_id = g_timeout_add_once (STOP_GRACE_MS, studio_command_kill_timeout_cb, self);
}

/**
 * studio_command_restart:
 * @self: a [class@Studio.Command]
 * @error: return location for an error of studio_command_start()
 *
 * Stops the command if it runs and starts it again once it is gone; starts it if it does
 * not run.
 *
 * Returns: %FALSE if starting at once failed
 */
gboolean
studio_command_restart (StudioCommand  *self,
                        GError        **error)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND (self), FALSE);

  switch (self->state)
    {
    case STUDIO_COMMAND_STATE_RUNNING:
      studio_command_stop (self);
      self->restart_pending = TRUE;
      return TRUE;
    case STUDIO_COMMAND_STATE_STOPPING:
      self->restart_pending = TRUE;
      return TRUE;
    case STUDIO_COMMAND_STATE_IDLE:
    case STUDIO_COMMAND_STATE_EXITED:
    default:
      return studio_command_start (self, error);
    }
}

/**
 * studio_command_dup_exit_description:
 * @self: a [class@Studio.Command]
 *
 * Returns: (transfer full) (nullable): how the last run ended ("Exited with status 1",
 *   "Stopped by signal Terminated"), or %NULL if it has not ended
 */
char *
studio_command_dup_exit_description (StudioCommand *self)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND (self), NULL);

  if (self->state != STUDIO_COMMAND_STATE_EXITED)
    return NULL;
  if (self->exited_by_signal)
    return g_strdup_printf (_("Stopped by signal %s"), g_strsignal (self->exit_code));
  return g_strdup_printf (_("Exited with status %d"), self->exit_code);
}

/* Properties -------------------------------------------------------------------------------- */

const char *
studio_command_get_command_line (StudioCommand *self)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND (self), NULL);
  return self->command_line;
}

void
studio_command_set_command_line (StudioCommand *self,
                                 const char    *command_line)
{
  g_return_if_fail (STUDIO_IS_COMMAND (self));

  if (g_strcmp0 (self->command_line, command_line) == 0)
    return;
  g_free (self->command_line);
  self->command_line = g_strdup (command_line);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMMAND_LINE]);
}

const char *
studio_command_get_directory (StudioCommand *self)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND (self), NULL);
  return self->directory;
}

void
studio_command_set_directory (StudioCommand *self,
                              const char    *directory)
{
  g_return_if_fail (STUDIO_IS_COMMAND (self));

  if (g_strcmp0 (self->directory, directory) == 0)
    return;
  g_free (self->directory);
  self->directory = g_strdup (directory);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIRECTORY]);
}

const char *
studio_command_get_telemetry_server_url (StudioCommand *self)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND (self), NULL);
  return self->telemetry_server_url;
}

void
studio_command_set_telemetry_server_url (StudioCommand *self,
                                         const char    *url)
{
  g_return_if_fail (STUDIO_IS_COMMAND (self));

  if (g_strcmp0 (self->telemetry_server_url, url) == 0)
    return;
  g_free (self->telemetry_server_url);
  self->telemetry_server_url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TELEMETRY_SERVER_URL]);
}

StudioCommandState
studio_command_get_state (StudioCommand *self)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND (self), STUDIO_COMMAND_STATE_IDLE);
  return self->state;
}

int
studio_command_get_pid (StudioCommand *self)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND (self), 0);
  return self->pid;
}

/**
 * studio_command_get_provisional_runtime_id:
 * @self: a [class@Studio.Command]
 *
 * Gets [property@Studio.Command:provisional-runtime-id].
 *
 * Returns: (nullable): the provisional runtime id of the current or last run, %NULL before
 *   the first
 */
const char *
studio_command_get_provisional_runtime_id (StudioCommand *self)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND (self), NULL);
  return self->provisional_runtime_id;
}

/* The parent and the process group of process @pid, from `/proc/<pid>/stat` (Linux):
 * `pid (comm) state ppid pgrp …`, where comm may hold spaces and parentheses. */
static gboolean
read_process_stat (gint64  pid,
                   gint64 *ppid,
                   gint64 *pgrp)
{
  g_autofree char *path = g_strdup_printf ("/proc/%" G_GINT64_FORMAT "/stat", pid);
  g_autofree char *contents = NULL;
  const char *rest;
  long long parent = 0;
  long long group = 0;
  char state;

  if (!g_file_get_contents (path, &contents, NULL, NULL) ||
      (rest = strrchr (contents, ')')) == NULL ||
      sscanf (rest + 1, " %c %lld %lld", &state, &parent, &group) != 3)
    return FALSE;
  *ppid = parent;
  *pgrp = group;
  return TRUE;
}

/**
 * studio_command_owns_process:
 * @self: a [class@Studio.Command]
 * @pid: a process id, such as the `pid` of a runtime's discovery file
 *
 * Tells whether @pid is one of the running command's processes: the shell, a process of its
 * process group, or a descendant of either (`npx` → `tsx` → `node`, or a Genkit CLI started
 * by the command and its app). The ancestry comes from `/proc`.
 *
 * Returns: %TRUE if the command runs and @pid is one of its processes
 */
gboolean
studio_command_owns_process (StudioCommand *self,
                             gint64         pid)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND (self), FALSE);

  if (self->state != STUDIO_COMMAND_STATE_RUNNING || self->pid <= 0)
    return FALSE;
  /* A bounded walk up the tree: a cycle is impossible, but /proc can change under us. */
  for (guint depth = 0; depth < 64 && pid > 1; depth++)
    {
      gint64 ppid;
      gint64 pgrp;

      if (pid == self->pid)
        return TRUE;
      if (!read_process_stat (pid, &ppid, &pgrp))
        return FALSE;
      if (pgrp == self->pid)
        return TRUE;
      pid = ppid;
    }
  return FALSE;
}

/**
 * studio_command_new:
 *
 * Returns: (transfer full): a command with nothing to run yet
 */
StudioCommand *
studio_command_new (void)
{
  return g_object_new (STUDIO_TYPE_COMMAND, NULL);
}

static void
studio_command_dispose (GObject *object)
{
  StudioCommand *self = STUDIO_COMMAND (object);

  /* Leaving the app running with nobody to show its output or stop it would be worse. */
  if (self->subprocess != NULL)
    studio_command_signal_group (self, SIGTERM);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->subprocess);
  g_clear_handle_id (&self->kill_timeout_id, g_source_remove);

  G_OBJECT_CLASS (studio_command_parent_class)->dispose (object);
}

static void
studio_command_finalize (GObject *object)
{
  StudioCommand *self = STUDIO_COMMAND (object);

  g_free (self->command_line);
  g_free (self->directory);
  g_free (self->telemetry_server_url);
  g_free (self->provisional_runtime_id);

  G_OBJECT_CLASS (studio_command_parent_class)->finalize (object);
}

static void
studio_command_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  StudioCommand *self = STUDIO_COMMAND (object);

  switch (prop_id)
    {
    case PROP_COMMAND_LINE:
      g_value_set_string (value, self->command_line);
      break;
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;
    case PROP_TELEMETRY_SERVER_URL:
      g_value_set_string (value, self->telemetry_server_url);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PID:
      g_value_set_int (value, self->pid);
      break;
    case PROP_PROVISIONAL_RUNTIME_ID:
      g_value_set_string (value, self->provisional_runtime_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_command_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  StudioCommand *self = STUDIO_COMMAND (object);

  switch (prop_id)
    {
    case PROP_COMMAND_LINE:
      studio_command_set_command_line (self, g_value_get_string (value));
      break;
    case PROP_DIRECTORY:
      studio_command_set_directory (self, g_value_get_string (value));
      break;
    case PROP_TELEMETRY_SERVER_URL:
      studio_command_set_telemetry_server_url (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_command_class_init (StudioCommandClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = studio_command_dispose;
  object_class->finalize = studio_command_finalize;
  object_class->get_property = studio_command_get_property;
  object_class->set_property = studio_command_set_property;

  /**
   * StudioCommand:command-line:
   *
   * The shell command that starts the app, e.g. `npx tsx --watch src/index.ts`.
   */
  properties[PROP_COMMAND_LINE] =
    g_param_spec_string ("command-line", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * StudioCommand:directory:
   *
   * The directory the command runs in: the project root.
   */
  properties[PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * StudioCommand:telemetry-server-url:
   *
   * The studio's telemetry server; the app gets its URL for the run's provisional runtime
   * id as `GENKIT_TELEMETRY_SERVER`. %NULL when the studio runs none.
   */
  properties[PROP_TELEMETRY_SERVER_URL] =
    g_param_spec_string ("telemetry-server-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * StudioCommand:state:
   *
   * Whether the command runs.
   */
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, STUDIO_TYPE_COMMAND_STATE, STUDIO_COMMAND_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * StudioCommand:pid:
   *
   * The process id of the running shell (and of its process group), 0 when none runs.
   */
  properties[PROP_PID] =
    g_param_spec_int ("pid", NULL, NULL, 0, G_MAXINT, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * StudioCommand:provisional-runtime-id:
   *
   * The runtime id the app's traces are recorded under until its runtime is found, such as
   * `studio-command-0f3a9c2e`: the app gets `<telemetry server>/runtimes/<this id>` as
   * `GENKIT_TELEMETRY_SERVER`. A new one for every run; %NULL before the first.
   */
  properties[PROP_PROVISIONAL_RUNTIME_ID] =
    g_param_spec_string ("provisional-runtime-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * StudioCommand::output:
   * @self: the command
   * @text: text the app wrote, as UTF-8 without escape sequences
   * @is_error: %TRUE for standard error
   *
   * Emitted for what the app writes, in pieces as they arrive.
   */
  signals[OUTPUT] =
    g_signal_new ("output",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
studio_command_init (StudioCommand *self)
{
  self->cancellable = g_cancellable_new ();
}
