/* studio-window-actions.c — the window's actions (win.*)
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-chat-pane.h"
#include "studio-util.h"
#include "studio-window-private.h"

/* These are GActions of the window rather than widget actions, so that
 * gtk_application_set_accels_for_action() reaches them and, like every GtkApplicationWindow
 * action, they are exported on the session bus with the application's. */

static void
open_project_response_cb (GtkNativeDialog *dialog,
                          int              response,
                          StudioWindow    *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      path = folder ? g_file_get_path (folder) : NULL;
      if (path != NULL && !studio_window_open_project (self, path, &error))
        {
          g_autofree char *message = g_strdup_printf (_("Cannot open the project: %s"), error->message);

          studio_window_add_toast (self, adw_toast_new (message));
        }
    }
  g_object_unref (dialog);
}

static void
open_project_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  StudioWindow *self = user_data;
  GtkFileChooserNative *dialog;

  /* GtkFileChooserNative goes through the file chooser portal inside Flatpak. */
  dialog = gtk_file_chooser_native_new (_("Open a Genkit Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                        _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_project_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_project_path_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  StudioWindow *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!studio_window_open_project (self, g_variant_get_string (parameter, NULL), &error))
    {
      g_autofree char *message = g_strdup_printf (_("Cannot open the project: %s"), error->message);

      studio_window_add_toast (self, adw_toast_new (message));
    }
}

static void
close_project_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  studio_window_close_project (user_data);
}

static void
reload_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  StudioWindow *self = user_data;

  studio_action_sidebar_reload (studio_actions_pane_get_sidebar (self->actions_pane));
}

static void
run_action (GSimpleAction *action,
            GVariant      *parameter,
            gpointer       user_data)
{
  StudioWindow *self = user_data;
  StudioRunner *runner = studio_actions_pane_get_visible_runner (self->actions_pane);
  StudioPlayground *playground = studio_actions_pane_get_visible_playground (self->actions_pane);

  if (adw_view_stack_get_visible_child (self->pane_stack) == GTK_WIDGET (self->prompts_pane))
    studio_prompts_pane_run (self->prompts_pane);
  else if (runner != NULL)
    studio_runner_run (runner);
  else if (playground != NULL)
    studio_playground_run (playground);
}

static void
cancel_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  StudioWindow *self = user_data;
  StudioRunner *runner = studio_actions_pane_get_visible_runner (self->actions_pane);
  StudioPlayground *playground = studio_actions_pane_get_visible_playground (self->actions_pane);

  if (adw_view_stack_get_visible_child (self->pane_stack) == GTK_WIDGET (self->prompts_pane))
    studio_prompts_pane_cancel (self->prompts_pane);
  else if (runner != NULL)
    studio_runner_cancel (runner);
  else if (playground != NULL)
    studio_playground_cancel (playground);
}

static void
focus_search_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  StudioWindow *self = user_data;

  studio_action_sidebar_focus_search (studio_actions_pane_get_sidebar (self->actions_pane));
}

static void
show_action_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  StudioWindow *self = user_data;
  const char *key = g_variant_get_string (parameter, NULL);

  /* From another page too (the prompt editor): runners live on the actions page. */
  adw_view_stack_set_visible_child (self->pane_stack, GTK_WIDGET (self->actions_pane));
  if (studio_actions_pane_show_action (self->actions_pane, key) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This runtime has no action %s"), key);

      studio_window_add_toast (self, adw_toast_new (message));
    }
}

static void
select_runtime_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  StudioWindow *self = user_data;

  if (!studio_window_select_runtime (self, g_variant_get_string (parameter, NULL)))
    studio_window_add_toast (self, adw_toast_new (_("That runtime is not running any more")));
}

static void
open_trace_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  StudioWindow *self = user_data;

  if (self->trace_store == NULL)
    {
      studio_window_add_toast (self, adw_toast_new (_("The studio keeps no traces: its trace store is not open")));
      return;
    }
  /* The traces pane follows the trace live, also while the run is still going. */
  adw_view_stack_set_visible_child (self->pane_stack, GTK_WIDGET (self->traces_pane));
  studio_traces_pane_open_trace (self->traces_pane, g_variant_get_string (parameter, NULL));
}

/* Switches to a pane of the view stack by its name (`actions`, `traces`, `datasets`…). */
static void
show_pane_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  StudioWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);

  if (adw_view_stack_get_child_by_name (self->pane_stack, name) == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The studio has no pane %s"), name);

      studio_window_add_toast (self, adw_toast_new (message));
      return;
    }
  adw_view_stack_set_visible_child_name (self->pane_stack, name);
}

static void
open_in_runner_action (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  StudioWindow *self = user_data;
  const char *key, *input;
  g_autoptr(JsonNode) request = NULL;
  GtkWidget *runner;

  g_variant_get (parameter, "(&s&s)", &key, &input);
  runner = studio_actions_pane_show_action (self->actions_pane, key);
  if (runner == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("This runtime has no action %s"), key);

      studio_window_add_toast (self, adw_toast_new (message));
      return;
    }
  /* A model opens in the playground, which takes the span's GenerateRequest. */
  if (STUDIO_IS_PLAYGROUND (runner) && (request = genkit_json_parse (input, -1, NULL)) != NULL &&
      JSON_NODE_HOLDS_OBJECT (request))
    studio_playground_set_request (STUDIO_PLAYGROUND (runner), json_node_get_object (request));
  else if (STUDIO_IS_RUNNER (runner) && *input != '\0')
    studio_runner_set_input_text (STUDIO_RUNNER (runner), input);
  adw_view_stack_set_visible_child (self->pane_stack, GTK_WIDGET (self->actions_pane));
}

/* The chat pane, shown. */
static StudioChatPane *
show_chat_pane (StudioWindow *self)
{
  GtkWidget *pane = adw_view_stack_get_child_by_name (self->pane_stack, "chat");

  adw_view_stack_set_visible_child (self->pane_stack, pane);
  return STUDIO_CHAT_PANE (pane);
}

static void
chat_with_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  StudioWindow *self = user_data;

  if (!studio_chat_pane_set_target (show_chat_pane (self), g_variant_get_string (parameter, NULL)))
    studio_window_add_toast (self, adw_toast_new (_("The runtime has no such agent or model")));
}

static void
chat_send_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  StudioWindow *self = user_data;

  studio_chat_pane_send_text (show_chat_pane (self), g_variant_get_string (parameter, NULL));
}

static void
chat_send_background_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  StudioWindow *self = user_data;

  studio_chat_pane_send_background (show_chat_pane (self), g_variant_get_string (parameter, NULL));
}

static void
show_command_panel_change_state (GSimpleAction *action,
                                 GVariant      *value,
                                 gpointer       user_data)
{
  StudioWindow *self = user_data;
  gboolean show = g_variant_get_boolean (value);

  gtk_widget_set_visible (GTK_WIDGET (self->command_panel), show);
  g_simple_action_set_state (action, value);
}

static void
show_command_panel (StudioWindow *self)
{
  g_action_group_change_action_state (G_ACTION_GROUP (self), "show-command-panel", g_variant_new_boolean (TRUE));
}

static void
start_command_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  StudioWindow *self = user_data;

  show_command_panel (self);
  studio_command_panel_start (self->command_panel);
}

static void
stop_command_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  StudioWindow *self = user_data;

  studio_command_panel_stop (self->command_panel);
}

static void
restart_command_action (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  StudioWindow *self = user_data;

  show_command_panel (self);
  studio_command_panel_restart (self->command_panel);
}

static void
open_prompt_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  StudioWindow *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));

  adw_view_stack_set_visible_child (self->pane_stack, GTK_WIDGET (self->prompts_pane));
  studio_prompts_pane_ask_open_file (self->prompts_pane, file);
}

static const GActionEntry window_entries[] = {
  { "open-project", open_project_action },
  { "open-project-path", open_project_path_action, "s" },
  { "close-project", close_project_action },
  { "reload", reload_action },
  { "run", run_action },
  { "cancel", cancel_action },
  { "focus-search", focus_search_action },
  { "show-action", show_action_action, "s" },
  { "show-pane", show_pane_action, "s" },
  { "open-prompt", open_prompt_action, "s" },
  { "select-runtime", select_runtime_action, "s" },
  { "open-trace", open_trace_action, "s" },
  { "open-in-runner", open_in_runner_action, "(ss)" },
  { "chat-with", chat_with_action, "s" },
  { "chat-send", chat_send_action, "s" },
  { "chat-send-background", chat_send_background_action, "s" },
  { "show-command-panel", NULL, NULL, "false", show_command_panel_change_state },
  { "start-command", start_command_action },
  { "stop-command", stop_command_action },
  { "restart-command", restart_command_action },
};

static void
set_enabled (StudioWindow *self,
             const char   *name,
             gboolean      enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* Enables what makes sense for the project and its command. */
void
_studio_window_update_actions (StudioWindow *self)
{
  StudioCommandState state = studio_command_get_state (studio_command_panel_get_command (self->command_panel));
  gboolean has_project = self->project != NULL;
  gboolean running = state == STUDIO_COMMAND_STATE_RUNNING;

  set_enabled (self, "close-project", has_project);
  set_enabled (self, "start-command", has_project && !running && state != STUDIO_COMMAND_STATE_STOPPING);
  set_enabled (self, "stop-command", running);
  set_enabled (self, "restart-command", has_project);
}

void
_studio_window_actions_init (StudioWindow *self)
{
  g_action_map_add_action_entries (G_ACTION_MAP (self), window_entries, G_N_ELEMENTS (window_entries), self);
  gtk_widget_set_visible (GTK_WIDGET (self->command_panel), FALSE);
  g_signal_connect_object (studio_command_panel_get_command (self->command_panel), "notify::state",
                           G_CALLBACK (_studio_window_update_actions), self, G_CONNECT_SWAPPED);
}
