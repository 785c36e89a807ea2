/* studio-application-actions.c — the application's actions (app.*) and accelerators
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-application-private.h"
#include "studio-config.h"

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  StudioApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Closing each window stops its project's app and cancels its runs. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  StudioApplication *self = user_data;
  static const char *developers[] = { "The Genkit Studio developers", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-icon", APP_ID,
                        "application-name", _("Genkit Studio"),
                        "developer-name", _("The Genkit Studio developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A native developer studio for Genkit AI apps: run and inspect "
                                      "their flows, models, prompts and tools."),
                        "website", "https://github.com/genkitstudio/genkit-studio",
                        "issue-url", "https://github.com/genkitstudio/genkit-studio/issues",
                        "license-type", GTK_LICENSE_APACHE_2_0,
                        "copyright", "© 2026 The Genkit Studio developers",
                        "developers", developers,
                        /* Translators: your names, one per line, as you want them credited */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_window_present (GTK_WINDOW (_studio_application_new_window (user_data)));
}

static const GActionEntry app_entries[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "new-window", new_window_action },
};

static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.new-window", { "<Control>n", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.open-project", { "<Control>o", NULL } },
  { "win.reload", { "F5", "<Control>r", NULL } },
  { "win.run", { "<Control>Return", "<Control>KP_Enter", NULL } },
  { "win.focus-search", { "<Control>f", NULL } },
  { "win.show-command-panel", { "<Control>grave", NULL } },
  { "win.restart-command", { "<Control><Shift>r", NULL } },
};

void
_studio_application_actions_init (StudioApplication *self)
{
  g_autoptr(GAction) color_scheme = g_settings_create_action (self->settings, "color-scheme");

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_entries, G_N_ELEMENTS (app_entries), self);
  g_action_map_add_action (G_ACTION_MAP (self), color_scheme);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}
