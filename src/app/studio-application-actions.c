/* studio-application-actions.c — the application's actions (app.*) and accelerators
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-application-private.h"
#include "studio-config.h"
#include "studio-preferences-window.h"

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

/* One preferences window at a time: an open one is brought forward. */
static StudioPreferencesWindow *
find_preferences_window (StudioApplication *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (STUDIO_IS_PREFERENCES_WINDOW (l->data))
      return l->data;
  return NULL;
}

/* app.preferences-page("telemetry") opens the preferences on a page, and
 * app.preferences-page("providers/openai") with a provider's settings shown (for scripts). */
static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  StudioApplication *self = user_data;
  StudioPreferencesWindow *window = find_preferences_window (self);

  if (window == NULL)
    {
      GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

      window = studio_preferences_window_new (self->providers, self->settings, self->trace_store);
      gtk_window_set_transient_for (GTK_WINDOW (window), parent);
      /* Joining the application makes it the active window: the parent is taken before. */
      gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
    }
  if (parameter != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), "/", 2);
      GtkWidget *row = parts[0] && parts[1] ? studio_preferences_window_get_provider_row (window, parts[1]) : NULL;

      if (parts[0] != NULL)
        adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (window), parts[0]);
      if (row != NULL)
        adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
    }
  gtk_window_present (GTK_WINDOW (window));
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
  { "preferences", preferences_action },
  { "preferences-page", preferences_action, "s" },
  { "new-window", new_window_action },
};

static const struct
{
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.new-window", { "<Control>n", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
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
