/* studio-command-panel.c — runs the project's app and shows its output
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-command-panel.h"
#include "studio-util.h"

/* Output lines kept; older ones are dropped from the top. */
#define MAX_OUTPUT_LINES 5000

/**
 * StudioCommandPanel:
 *
 * "Run a command": the command line that starts the project's Genkit app (kept per project
 * in the `run-commands` setting), Start, Restart and Stop, and the app's output as it comes
 * (standard error in the error colour, the studio's own notes dimmed). The app runs as
 * a [class@Studio.Command] in the project root.
 */
struct _StudioCommandPanel
{
  GtkWidget      parent_instance;

  /* Template children */
  GtkWidget     *box;
  GtkEntry      *command_entry;
  GtkLabel      *status_label;
  GtkTextView   *output_view;
  GtkScrolledWindow *output_scroller;

  /* Owned */
  StudioCommand *command;
  GSettings     *settings;
  char          *project_root;
  GtkTextTag    *stderr_tag;
  GtkTextTag    *note_tag;
};

G_DEFINE_FINAL_TYPE (StudioCommandPanel, studio_command_panel, GTK_TYPE_WIDGET)

static void
studio_command_panel_append (StudioCommandPanel *self,
                             const char         *text,
                             GtkTextTag         *tag)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->output_view);
  GtkTextIter end;
  int excess;

  gtk_text_buffer_get_end_iter (buffer, &end);
  if (tag != NULL)
    gtk_text_buffer_insert_with_tags (buffer, &end, text, -1, tag, NULL);
  else
    gtk_text_buffer_insert (buffer, &end, text, -1);

  excess = gtk_text_buffer_get_line_count (buffer) - MAX_OUTPUT_LINES;
  if (excess > 0)
    {
      GtkTextIter start, cut;

      gtk_text_buffer_get_start_iter (buffer, &start);
      gtk_text_buffer_get_iter_at_line (buffer, &cut, excess);
      gtk_text_buffer_delete (buffer, &start, &cut);
    }

}

static void
studio_command_panel_note (StudioCommandPanel *self,
                           const char         *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->output_view);
  GtkTextIter end;
  g_autofree char *line = NULL;

  gtk_text_buffer_get_end_iter (buffer, &end);
  line = g_strdup_printf ("%s%s\n",
                          gtk_text_iter_starts_line (&end) ? "" : "\n", text);
  studio_command_panel_append (self, line, self->note_tag);
}

static void
studio_command_panel_output_cb (StudioCommandPanel *self,
                                const char         *text,
                                gboolean            is_error)
{
  studio_command_panel_append (self, text, is_error ? self->stderr_tag : NULL);
}

static void
studio_command_panel_update (StudioCommandPanel *self)
{
  StudioCommandState state = studio_command_get_state (self->command);
  gboolean running = state == STUDIO_COMMAND_STATE_RUNNING || state == STUDIO_COMMAND_STATE_STOPPING;
  gboolean has_project = self->project_root != NULL;
  g_autofree char *status = NULL;

  switch (state)
    {
    case STUDIO_COMMAND_STATE_RUNNING:
      status = g_strdup_printf (_("Running, process %d"), studio_command_get_pid (self->command));
      break;
    case STUDIO_COMMAND_STATE_STOPPING:
      status = g_strdup (_("Stopping…"));
      break;
    case STUDIO_COMMAND_STATE_EXITED:
      status = studio_command_dup_exit_description (self->command);
      break;
    case STUDIO_COMMAND_STATE_IDLE:
    default:
      status = g_strdup (has_project ? _("Not running") : _("Open a project to run its app"));
      break;
    }
  gtk_label_set_text (self->status_label, status);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.start", has_project && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.restart", has_project && state == STUDIO_COMMAND_STATE_RUNNING);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.stop", state == STUDIO_COMMAND_STATE_RUNNING);
  gtk_widget_set_sensitive (GTK_WIDGET (self->command_entry), has_project);
}

static void
studio_command_panel_state_changed_cb (StudioCommandPanel *self)
{
  if (studio_command_get_state (self->command) == STUDIO_COMMAND_STATE_EXITED)
    {
      g_autofree char *how = studio_command_dup_exit_description (self->command);

      studio_command_panel_note (self, how);
    }
  studio_command_panel_update (self);
}

static void
studio_command_panel_remember (StudioCommandPanel *self)
{
  g_autoptr(GVariant) commands = NULL;
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{ss}"));
  const char *line = gtk_editable_get_text (GTK_EDITABLE (self->command_entry));
  GVariantIter iter;
  const char *root, *command;

  if (self->settings == NULL || self->project_root == NULL)
    return;

  commands = g_settings_get_value (self->settings, "run-commands");
  g_variant_iter_init (&iter, commands);
  while (g_variant_iter_next (&iter, "{&s&s}", &root, &command))
    if (g_strcmp0 (root, self->project_root) != 0)
      g_variant_builder_add (&builder, "{ss}", root, command);
  if (line[0] != '\0')
    g_variant_builder_add (&builder, "{ss}", self->project_root, line);
  g_settings_set_value (self->settings, "run-commands", g_variant_builder_end (&builder));
}

/**
 * studio_command_panel_start:
 * @self: a [class@Studio.CommandPanel]
 *
 * Starts the command in the entry, in the project root.
 *
 * Returns: %TRUE if it started; an error is shown in the output otherwise
 */
gboolean
studio_command_panel_start (StudioCommandPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  const char *line;

  g_return_val_if_fail (STUDIO_IS_COMMAND_PANEL (self), FALSE);

  line = gtk_editable_get_text (GTK_EDITABLE (self->command_entry));
  studio_command_set_command_line (self->command, line);
  studio_command_set_directory (self->command, self->project_root);
  studio_command_panel_remember (self);

  note = g_strdup_printf ("$ %s", line);
  studio_command_panel_note (self, note);
  if (!studio_command_start (self->command, &error))
    {
      studio_command_panel_note (self, error->message);
      return FALSE;
    }
  return TRUE;
}

/**
 * studio_command_panel_stop:
 * @self: a [class@Studio.CommandPanel]
 *
 * Stops the running command.
 */
void
studio_command_panel_stop (StudioCommandPanel *self)
{
  g_return_if_fail (STUDIO_IS_COMMAND_PANEL (self));
  studio_command_stop (self->command);
}

/**
 * studio_command_panel_restart:
 * @self: a [class@Studio.CommandPanel]
 *
 * Stops the command and starts the one in the entry once it is gone.
 *
 * Returns: %FALSE if it could not be started at once
 */
gboolean
studio_command_panel_restart (StudioCommandPanel *self)
{
  g_autoptr(GError) error = NULL;
  const char *line;

  g_return_val_if_fail (STUDIO_IS_COMMAND_PANEL (self), FALSE);

  line = gtk_editable_get_text (GTK_EDITABLE (self->command_entry));
  studio_command_set_command_line (self->command, line);
  studio_command_set_directory (self->command, self->project_root);
  studio_command_panel_remember (self);
  studio_command_panel_note (self, _("Restarting…"));
  if (!studio_command_restart (self->command, &error))
    {
      studio_command_panel_note (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static void
studio_command_panel_start_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  studio_command_panel_start (STUDIO_COMMAND_PANEL (widget));
}

static void
studio_command_panel_stop_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  studio_command_panel_stop (STUDIO_COMMAND_PANEL (widget));
}

static void
studio_command_panel_restart_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  studio_command_panel_restart (STUDIO_COMMAND_PANEL (widget));
}

static void
studio_command_panel_clear_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  StudioCommandPanel *self = STUDIO_COMMAND_PANEL (widget);

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->output_view), "", 0);
}

static void
studio_command_panel_entry_activate_cb (StudioCommandPanel *self)
{
  StudioCommandState state = studio_command_get_state (self->command);

  if (state == STUDIO_COMMAND_STATE_RUNNING)
    studio_command_panel_restart (self);
  else if (state != STUDIO_COMMAND_STATE_STOPPING)
    studio_command_panel_start (self);
}

/**
 * studio_command_panel_get_command:
 * @self: a [class@Studio.CommandPanel]
 *
 * Returns: (transfer none): the command the panel runs
 */
StudioCommand *
studio_command_panel_get_command (StudioCommandPanel *self)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND_PANEL (self), NULL);
  return self->command;
}

/**
 * studio_command_panel_set_project:
 * @self: a [class@Studio.CommandPanel]
 * @project_root: (nullable): the project the app belongs to; %NULL disables the panel
 * @settings: (nullable): the studio's settings, where each project's command is kept
 *
 * Switches to a project: a running command is stopped, and the project's command is put
 * in the entry.
 */
void
studio_command_panel_set_project (StudioCommandPanel *self,
                                  const char         *project_root,
                                  GSettings          *settings)
{
  g_autofree char *command = NULL;

  g_return_if_fail (STUDIO_IS_COMMAND_PANEL (self));

  g_set_object (&self->settings, settings);
  if (g_strcmp0 (self->project_root, project_root) != 0)
    {
      studio_command_stop (self->command);
      g_free (self->project_root);
      self->project_root = g_strdup (project_root);
    }

  if (settings != NULL && project_root != NULL)
    {
      g_autoptr(GVariant) commands = g_settings_get_value (settings, "run-commands");

      g_variant_lookup (commands, project_root, "s", &command);
    }
  gtk_editable_set_text (GTK_EDITABLE (self->command_entry), command ? command : "");
  studio_command_panel_update (self);
}

/**
 * studio_command_panel_set_command_line:
 * @self: a [class@Studio.CommandPanel]
 * @command_line: the command to put in the entry
 */
void
studio_command_panel_set_command_line (StudioCommandPanel *self,
                                       const char         *command_line)
{
  g_return_if_fail (STUDIO_IS_COMMAND_PANEL (self));
  gtk_editable_set_text (GTK_EDITABLE (self->command_entry), command_line);
}

/**
 * studio_command_panel_get_output:
 * @self: a [class@Studio.CommandPanel]
 *
 * Returns: (transfer none): the output shown
 */
GtkTextBuffer *
studio_command_panel_get_output (StudioCommandPanel *self)
{
  g_return_val_if_fail (STUDIO_IS_COMMAND_PANEL (self), NULL);
  return gtk_text_view_get_buffer (self->output_view);
}

/**
 * studio_command_panel_new:
 *
 * Returns: (transfer floating): a panel without a project
 */
GtkWidget *
studio_command_panel_new (void)
{
  return g_object_new (STUDIO_TYPE_COMMAND_PANEL, NULL);
}

static void
studio_command_panel_dispose (GObject *object)
{
  StudioCommandPanel *self = STUDIO_COMMAND_PANEL (object);

  if (self->command != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->command, self);
      studio_command_stop (self->command);
    }
  gtk_widget_dispose_template (GTK_WIDGET (self), STUDIO_TYPE_COMMAND_PANEL);
  g_clear_object (&self->command);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (studio_command_panel_parent_class)->dispose (object);
}

static void
studio_command_panel_finalize (GObject *object)
{
  StudioCommandPanel *self = STUDIO_COMMAND_PANEL (object);

  g_free (self->project_root);

  G_OBJECT_CLASS (studio_command_panel_parent_class)->finalize (object);
}

static void
studio_command_panel_class_init (StudioCommandPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = studio_command_panel_dispose;
  object_class->finalize = studio_command_panel_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/genkitstudio/Studio/ui/studio-command-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, StudioCommandPanel, box);
  gtk_widget_class_bind_template_child (widget_class, StudioCommandPanel, command_entry);
  gtk_widget_class_bind_template_child (widget_class, StudioCommandPanel, status_label);
  gtk_widget_class_bind_template_child (widget_class, StudioCommandPanel, output_view);
  gtk_widget_class_bind_template_child (widget_class, StudioCommandPanel, output_scroller);
  gtk_widget_class_bind_template_callback (widget_class, studio_command_panel_entry_activate_cb);

  gtk_widget_class_install_action (widget_class, "panel.start", NULL, studio_command_panel_start_action);
  gtk_widget_class_install_action (widget_class, "panel.stop", NULL, studio_command_panel_stop_action);
  gtk_widget_class_install_action (widget_class, "panel.restart", NULL, studio_command_panel_restart_action);
  gtk_widget_class_install_action (widget_class, "panel.clear", NULL, studio_command_panel_clear_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "commandpanel");
}

static void
studio_command_panel_init (StudioCommandPanel *self)
{
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  studio_scrolled_window_follow_end (self->output_scroller);
  buffer = gtk_text_view_get_buffer (self->output_view);
  self->stderr_tag = gtk_text_buffer_create_tag (buffer, "stderr", "foreground", "#e01b24", NULL);
  self->note_tag = gtk_text_buffer_create_tag (buffer, "note", "style", PANGO_STYLE_ITALIC,
                                               "foreground", "#77767b", NULL);

  self->command = studio_command_new ();
  g_signal_connect_swapped (self->command, "output", G_CALLBACK (studio_command_panel_output_cb), self);
  g_signal_connect_swapped (self->command, "notify::state", G_CALLBACK (studio_command_panel_state_changed_cb), self);
  studio_command_panel_update (self);
}
