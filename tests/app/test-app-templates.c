/* test-app-templates.c — every Studio* widget builds from its template and draws
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <adwaita.h>
#include <genkit-telemetry.h>

#include "studio-action-item.h"
#include "studio-action-sidebar.h"
#include "studio-actions-pane.h"
#include "studio-command-panel.h"
#include "studio-json-editor.h"
#include "studio-markdown-view.h"
#include "studio-result-view.h"
#include "studio-runner.h"
#include "studio-schema-form.h"
#include "studio-test-util.h"
#include "studio-traces-pane.h"
#include "studio-window.h"

static void
show_in_window (GtkWidget *widget)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_set_child (GTK_WINDOW (window), widget);
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_plain_widgets (void)
{
  const GType types[] = {
    STUDIO_TYPE_ACTIONS_PANE,
    STUDIO_TYPE_ACTION_SIDEBAR,
    STUDIO_TYPE_COMMAND_PANEL,
    STUDIO_TYPE_JSON_EDITOR,
    STUDIO_TYPE_MARKDOWN_VIEW,
    STUDIO_TYPE_RESULT_VIEW,
    STUDIO_TYPE_SCHEMA_FORM,
  };

  g_test_summary ("Every Studio* widget without required properties builds from its template and draws");

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      GtkWidget *widget = g_object_new (types[i], NULL);

      g_test_message ("building %s", g_type_name (types[i]));
      g_assert_true (GTK_IS_WIDGET (widget));
      show_in_window (widget);
    }
}

static void
test_runner (void)
{
  g_autoptr(GenkitRuntime) runtime = studio_test_builtin_runtime ();
  g_autoptr(JsonNode) descriptor = json_from_string ("{\"key\": \"/flow/x\", \"name\": \"x\"}", NULL);
  g_autoptr(StudioActionItem) item = studio_action_item_new_action ("/flow/x", descriptor);
  StudioRunner *runner = studio_runner_new (runtime, item, NULL, NULL, NULL);

  g_assert_true (STUDIO_IS_RUNNER (runner));
  g_assert_cmpstr (studio_runner_get_key (runner), ==, "/flow/x");
  show_in_window (GTK_WIDGET (runner));
}

static void
test_window (void)
{
  g_autoptr(GenkitRuntime) runtime = studio_test_builtin_runtime ();
  StudioWindow *window = studio_window_new (NULL, runtime, NULL);

  g_assert_true (STUDIO_IS_WINDOW (window));
  gtk_window_present (GTK_WINDOW (window));
  gtk_test_widget_wait_for_draw (GTK_WIDGET (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_traces_pane (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "traces.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitTraceStore) store = genkit_trace_store_new (path, &error);
  StudioTracesPane *pane = g_object_new (STUDIO_TYPE_TRACES_PANE, NULL);

  g_test_summary ("The traces pane builds with a store and draws, also while it waits for a trace "
                  "that is not stored yet");

  g_assert_no_error (error);
  studio_pane_set_trace_store (STUDIO_PANE (pane), store);
  studio_traces_pane_open_trace (pane, "4bf92f3577b34da6a3ce929d0e0e4736");
  g_assert_cmpstr (studio_trace_view_get_trace_id (studio_traces_pane_get_trace_view (pane)), ==,
                   "4bf92f3577b34da6a3ce929d0e0e4736");
  show_in_window (GTK_WIDGET (pane));
}

static void
test_help_overlay (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/genkitstudio/Studio/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");

  g_test_summary ("The shortcuts window GtkApplication loads from gtk/help-overlay.ui builds");

  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (overlay));
  gtk_window_destroy (GTK_WINDOW (overlay));
}

static void
test_resources (void)
{
  const char *files[] = {
    "/io/github/genkitstudio/Studio/style.css",
    "/io/github/genkitstudio/Studio/icons/scalable/apps/io.github.genkitstudio.Studio-symbolic.svg",
    "/io/github/genkitstudio/Studio/icons/scalable/apps/io.github.genkitstudio.Studio.svg",
    "/io/github/genkitstudio/Studio/ui/panes/studio-action-row.ui",
  };

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autoptr(GBytes) bytes = g_resources_lookup_data (files[i], 0, NULL);

      g_test_message ("%s", files[i]);
      g_assert_nonnull (bytes);
    }
}

static void
test_icons (void)
{
  const char *icons[][2] = {
    { "hicolor/scalable/apps/io.github.genkitstudio.Studio.svg", "128" },
    { "hicolor/symbolic/apps/io.github.genkitstudio.Studio-symbolic.svg", "16" },
  };

  g_test_summary ("The application icons are SVGs GTK can render, of the sizes GNOME asks for");

  for (guint i = 0; i < G_N_ELEMENTS (icons); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "..", "data", "icons", icons[i][0], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkTexture) texture = gdk_texture_new_from_filename (path, &error);

      g_test_message ("%s", path);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_texture_get_width (texture), ==, atoi (icons[i][1]));
      g_assert_cmpint (gdk_texture_get_height (texture), ==, atoi (icons[i][1]));
    }
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init (&argc, &argv);

  g_test_add_func ("/app/templates/plain-widgets", test_plain_widgets);
  g_test_add_func ("/app/templates/runner", test_runner);
  g_test_add_func ("/app/templates/window", test_window);
  g_test_add_func ("/app/templates/traces-pane", test_traces_pane);
  g_test_add_func ("/app/templates/help-overlay", test_help_overlay);
  g_test_add_func ("/app/templates/resources", test_resources);
  g_test_add_func ("/app/templates/icons", test_icons);

  return g_test_run ();
}
