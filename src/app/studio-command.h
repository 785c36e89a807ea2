/* studio-command.h — the project's own Genkit app, started by the studio ("Run a command")
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * StudioCommandState:
 * @STUDIO_COMMAND_STATE_IDLE: never started
 * @STUDIO_COMMAND_STATE_RUNNING: the process runs
 * @STUDIO_COMMAND_STATE_STOPPING: asked to stop, not gone yet
 * @STUDIO_COMMAND_STATE_EXITED: the process ended
 */
typedef enum
{
  STUDIO_COMMAND_STATE_IDLE,
  STUDIO_COMMAND_STATE_RUNNING,
  STUDIO_COMMAND_STATE_STOPPING,
  STUDIO_COMMAND_STATE_EXITED,
} StudioCommandState;

#define STUDIO_TYPE_COMMAND (studio_command_get_type ())

G_DECLARE_FINAL_TYPE (StudioCommand, studio_command, STUDIO, COMMAND, GObject)

StudioCommand      *studio_command_new                      (void);
const char         *studio_command_get_command_line         (StudioCommand  *self);
void                studio_command_set_command_line         (StudioCommand  *self,
                                                             const char     *command_line);
const char         *studio_command_get_directory            (StudioCommand  *self);
void                studio_command_set_directory            (StudioCommand  *self,
                                                             const char     *directory);
const char         *studio_command_get_telemetry_server_url (StudioCommand  *self);
void                studio_command_set_telemetry_server_url (StudioCommand  *self,
                                                             const char     *url);
StudioCommandState  studio_command_get_state                (StudioCommand  *self);
int                 studio_command_get_pid                  (StudioCommand  *self);
const char         *studio_command_get_provisional_runtime_id (StudioCommand *self);
gboolean            studio_command_owns_process             (StudioCommand  *self,
                                                             gint64          pid);
char               *studio_command_dup_exit_description     (StudioCommand  *self);
gboolean            studio_command_start                    (StudioCommand  *self,
                                                             GError        **error);
void                studio_command_stop                     (StudioCommand  *self);
gboolean            studio_command_restart                  (StudioCommand  *self,
                                                             GError        **error);

G_END_DECLS
