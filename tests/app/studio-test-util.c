/* studio-test-util.c — helpers of the studio's tests: headless set-up, waiting, finding widgets
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include <glib/gstdio.h>
#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "genkit-samples.h"
#include "studio-test-util.h"

/**
 * studio_test_init_headless:
 *
 * g_test_init() with isolated XDG directories, for tests that need no display.
 */
void
studio_test_init_headless (int    *argc,
                           char ***argv)
{
  g_test_init (argc, argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
}

static char *test_home;

/**
 * studio_test_remove_tree:
 * @path: a directory
 *
 * Removes @path and everything below it (symbolic links, not what they point to).
 */
void
studio_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        studio_test_remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static void
remove_test_home (void)
{
  if (test_home != NULL)
    studio_test_remove_tree (test_home);
}

/**
 * studio_test_init:
 *
 * g_test_init(), then GTK, libadwaita and GtkSourceView, with the studio's stylesheet and
 * icons as the application would load them. Without a display the whole program is
 * skipped (`1..0 # SKIP no display`, exit 0: a TAP skip).
 *
 * The user's directories (HOME, XDG_DATA_HOME, XDG_CONFIG_HOME, XDG_CACHE_HOME) point into a
 * fresh temporary directory, removed at exit. G_TEST_OPTION_ISOLATE_DIRS is not used here:
 * it also empties XDG_DATA_DIRS, and without the shared MIME database GTK cannot tell its own
 * SVG icons apart from other data.
 */
void
studio_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GtkCssProvider) css = NULL;
  const char *dirs[][2] = {
    { "HOME", "home" }, { "XDG_DATA_HOME", "data" }, { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
  };

  test_home = g_dir_make_tmp ("studio-test-XXXXXX", NULL);
  g_assert_nonnull (test_home);
  atexit (remove_test_home);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (test_home, dirs[i][1], NULL);

      g_mkdir_with_parents (dir, 0700);
      g_setenv (dirs[i][0], dir, TRUE);
    }

  g_test_init (argc, argv, NULL);

  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      exit (0);
    }
  adw_init ();
  gtk_source_init ();

  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/io/github/genkitstudio/Studio/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/genkitstudio/Studio/icons");
}

/**
 * studio_test_builtin_runtime:
 *
 * Returns: (transfer full): a built-in runtime as the studio makes it: a local runtime over
 *   a registry with the sample actions
 */
GenkitRuntime *
studio_test_builtin_runtime (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GError) error = NULL;
  GenkitLocalRuntime *runtime;

  genkit_samples_register (registry, &error);
  g_assert_no_error (error);
  runtime = genkit_local_runtime_new (registry);
  genkit_local_runtime_set_name (runtime, "Built-in runtime");
  return GENKIT_RUNTIME (runtime);
}

/**
 * studio_test_store_result_cb:
 *
 * A #GAsyncReadyCallback that keeps a reference to the result in the `GAsyncResult **`
 * given as user data.
 */
void
studio_test_store_result_cb (GObject      *object,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/**
 * studio_test_wait_result:
 * @result: where studio_test_store_result_cb() stores the result
 *
 * Runs the main loop until the result is there.
 *
 * Returns: (transfer none): the result
 */
GAsyncResult *
studio_test_wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

/**
 * studio_test_wait:
 * @condition: what to wait for
 * @user_data: its data
 * @timeout_ms: how long at most
 *
 * Runs the main loop until @condition holds.
 *
 * Returns: %TRUE if it held before @timeout_ms
 */
gboolean
studio_test_wait (StudioTestCondition condition,
                  gpointer            user_data,
                  guint               timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_once (timeout_ms, timeout_cb, &timed_out);

  while (!condition (user_data))
    {
      if (timed_out)
        return FALSE;
      g_main_context_iteration (NULL, TRUE);
    }
  /* The deadline may have passed in the iteration that met the condition: its source is
   * gone then. */
  if (!timed_out)
    g_source_remove (id);
  return TRUE;
}

static gboolean
never (gpointer user_data)
{
  return FALSE;
}

/**
 * studio_test_wait_ms:
 * @ms: how long
 *
 * Runs the main loop for @ms milliseconds.
 */
void
studio_test_wait_ms (guint ms)
{
  studio_test_wait (never, NULL, ms);
}

/**
 * studio_test_find:
 * @root: a widget
 * @buildable_id: the id a template gave a widget
 *
 * Returns: (transfer none) (nullable): the first widget under @root (depth first) whose
 *   template id is @buildable_id
 */
GtkWidget *
studio_test_find (GtkWidget  *root,
                  const char *buildable_id)
{
  if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (root)), buildable_id) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = studio_test_find (child, buildable_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * studio_test_find_type:
 * @root: a widget
 * @type: a widget type
 *
 * Returns: (transfer none) (nullable): the first widget of @type under @root, depth first
 */
GtkWidget *
studio_test_find_type (GtkWidget *root,
                       GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (root), type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = studio_test_find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/**
 * studio_test_shows_label:
 * @root: a widget
 * @text: a label's text
 *
 * Returns: whether a [class@Gtk.Label] under @root (or @root itself) reads @text
 */
gboolean
studio_test_shows_label (GtkWidget  *root,
                         const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (studio_test_shows_label (child, text))
      return TRUE;
  return FALSE;
}

/**
 * studio_test_save_png:
 * @widget: a drawn widget
 * @name: a file name
 *
 * When `STUDIO_TEST_SCREENSHOTS` names a directory, renders @widget into a PNG there
 * (STYLE.md §10), for looking at; otherwise does nothing.
 */
void
studio_test_save_png (GtkWidget  *widget,
                      const char *name)
{
  const char *dir = g_getenv ("STUDIO_TEST_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  if (dir == NULL || width <= 0 || height <= 0)
    return;

  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  gdk_texture_save_to_png (texture, path);
}
