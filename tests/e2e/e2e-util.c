/* e2e-util.c — what the end-to-end tests share: the JavaScript sample app's packages from npm,
 * child processes, temporary projects
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "e2e-util.h"

#define NPM_TIMEOUT_S 240

static char *app_dir;     /* the sample app's sources */
static char *cache_dir;

/**
 * e2e_init:
 *
 * Finds the sample app (`$GENKIT_SHARED_DIR/fixtures/genkit-js/app`) and the install cache
 * (`$GENKIT_E2E_CACHE_DIR`, else `$XDG_CACHE_HOME/genkit-studio/e2e`).
 *
 * Returns: %FALSE, having said why on stderr, when the sample app is missing
 */
gboolean
e2e_init (void)
{
  const char *shared = g_getenv ("GENKIT_SHARED_DIR");
  const char *cache = g_getenv ("GENKIT_E2E_CACHE_DIR");

  if (shared != NULL)
    app_dir = g_build_filename (shared, "fixtures", "genkit-js", "app", NULL);
  else
    app_dir = g_test_build_filename (G_TEST_DIST, "..", "..", "..", "shared", "fixtures",
                                     "genkit-js", "app", NULL);
  if (!g_file_test (app_dir, G_FILE_TEST_IS_DIR))
    {
      g_printerr ("The Genkit sample app is missing: %s is not a directory (set "
                  "GENKIT_SHARED_DIR to the shared directory that holds fixtures/genkit-js)\n",
                  app_dir);
      return FALSE;
    }
  cache_dir = cache ? g_strdup (cache)
                    : g_build_filename (g_get_user_cache_dir (), "genkit-studio", "e2e", NULL);
  return TRUE;
}

/**
 * e2e_app_dir:
 *
 * Returns: (transfer none): the sample app's source directory
 */
const char *
e2e_app_dir (void)
{
  return app_dir;
}

void
e2e_die_with_parent (gpointer data)
{
  /* The app must not outlive a test that crashed. */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

gboolean
e2e_flag_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

typedef struct
{
  gboolean  done;
  char     *output;
  gboolean  ok;
  GError   *error;
} Communicate;

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Communicate *c = user_data;

  c->ok = g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, &c->output,
                                                NULL, &c->error);
  c->done = TRUE;
}

/* Runs @argv in @cwd, stdout and stderr together, for at most @timeout_s seconds. */
gboolean
e2e_run_command (const char * const  *argv,
             const char          *cwd,
             guint                timeout_s,
             char               **output,
             GError             **error)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autofree char *npm_cache = g_build_filename (cache_dir, "npm", NULL);
  Communicate c = { 0 };
  gboolean timed_out = FALSE;
  guint source;

  g_subprocess_launcher_set_cwd (launcher, cwd);
  g_subprocess_launcher_setenv (launcher, "npm_config_cache", npm_cache, TRUE);
  g_subprocess_launcher_setenv (launcher, "npm_config_update_notifier", "false", TRUE);
  g_subprocess_launcher_set_child_setup (launcher, e2e_die_with_parent, NULL, NULL);
  if (!(process = g_subprocess_launcher_spawnv (launcher, argv, error)))
    return FALSE;

  source = g_timeout_add_seconds (timeout_s, e2e_flag_timeout_cb, &timed_out);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &c);
  while (!c.done && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  if (timed_out)
    {
      g_subprocess_force_exit (process);
      while (!c.done)
        g_main_context_iteration (NULL, TRUE);
      *output = g_steal_pointer (&c.output);
      g_clear_error (&c.error);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "%s did not finish within %u s",
                   argv[0], timeout_s);
      return FALSE;
    }
  g_source_remove (source);

  *output = g_steal_pointer (&c.output);
  if (!c.ok)
    {
      g_propagate_error (error, c.error);
      return FALSE;
    }
  if (!g_subprocess_get_successful (process))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s exited with status %d", argv[0],
                   g_subprocess_get_exit_status (process));
      return FALSE;
    }
  return TRUE;
}

void
e2e_copy_file (const char *from_dir,
           const char *to_dir,
           const char *name)
{
  g_autofree char *from_path = g_build_filename (from_dir, name, NULL);
  g_autofree char *to_path = g_build_filename (to_dir, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (from_path);
  g_autoptr(GFile) to = g_file_new_for_path (to_path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

void
e2e_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* Never follow the node_modules link into the cache. */
  if (g_file_test (path, G_FILE_TEST_IS_SYMLINK) || !g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_remove (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      e2e_remove_tree (child);
    }
  g_rmdir (path);
}

/* The app's node_modules, installed by `npm ci` once per package-lock.json. */
char *
e2e_ensure_node_modules (void)
{
  g_autofree char *lock_path = g_build_filename (app_dir, "package-lock.json", NULL);
  g_autofree char *lock = NULL;
  g_autofree char *checksum = NULL;
  g_autofree char *install_dir = NULL;
  g_autofree char *stamp = NULL;
  g_autofree char *staging = NULL;
  g_autofree char *output = NULL;
  g_autofree char *template = NULL;
  g_autofree char *staging_stamp = NULL;
  g_autofree char *npm = g_find_program_in_path ("npm");
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const char *npm_argv[] = { "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error", NULL };

  g_file_get_contents (lock_path, &lock, &len, &error);
  g_assert_no_error (error);
  checksum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) lock, len);
  checksum[16] = '\0';
  install_dir = g_build_filename (cache_dir, checksum, NULL);
  stamp = g_build_filename (install_dir, ".installed", NULL);
  if (g_file_test (stamp, G_FILE_TEST_EXISTS))
    return g_build_filename (install_dir, "node_modules", NULL);

  if (npm == NULL)
    g_error ("npm is not installed: this end-to-end test needs npm and Node.js "
             "(Debian packages npm, nodejs)");

  g_assert_cmpint (g_mkdir_with_parents (cache_dir, 0755), ==, 0);
  template = g_build_filename (cache_dir, "install-XXXXXX", NULL);
  staging = g_mkdtemp (g_steal_pointer (&template));
  g_assert_nonnull (staging);
  e2e_copy_file (app_dir, staging, "package.json");
  e2e_copy_file (app_dir, staging, "package-lock.json");

  g_test_message ("npm ci into %s (once per package-lock.json)", install_dir);
  if (!e2e_run_command (npm_argv, staging, NPM_TIMEOUT_S, &output, &error))
    {
      e2e_remove_tree (staging);
      g_error ("`npm ci` for the Genkit sample app failed (%s); is the npm registry "
               "reachable? This end-to-end test cannot run without the JavaScript Genkit "
               "packages.\n%s", error->message, output ? output : "");
    }

  staging_stamp = g_build_filename (staging, ".installed", NULL);
  g_assert_true (g_file_set_contents (staging_stamp, "", 0, NULL));
  /* Another run may have won the race: then use its copy. */
  if (g_rename (staging, install_dir) != 0)
    e2e_remove_tree (staging);
  g_assert_true (g_file_test (stamp, G_FILE_TEST_EXISTS));
  return g_build_filename (install_dir, "node_modules", NULL);
}

/**
 * e2e_make_project:
 * @node_modules: the cached install, from e2e_ensure_node_modules()
 *
 * Returns: (transfer full): a new temporary project directory holding the sample app
 *   (`app.mjs`, `package.json`, its prompt), with `node_modules` linked from the cache
 */
char *
e2e_make_project (const char *node_modules)
{
  g_autofree char *root = g_dir_make_tmp ("genkit-e2e-XXXXXX", NULL);
  g_autofree char *prompts = NULL;
  g_autofree char *from_prompts = NULL;
  g_autofree char *link = NULL;

  g_assert_nonnull (root);
  e2e_copy_file (app_dir, root, "app.mjs");
  e2e_copy_file (app_dir, root, "package.json");
  prompts = g_build_filename (root, "prompts", NULL);
  from_prompts = g_build_filename (app_dir, "prompts", NULL);
  g_assert_cmpint (g_mkdir (prompts, 0755), ==, 0);
  e2e_copy_file (from_prompts, prompts, "hello.prompt");
  link = g_build_filename (root, "node_modules", NULL);
  g_assert_cmpint (symlink (node_modules, link), ==, 0);
  return g_steal_pointer (&root);
}

void
e2e_result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

GAsyncResult *
e2e_wait_result (GAsyncResult **slot,
             guint          timeout_s)
{
  gboolean timed_out = FALSE;
  guint source = g_timeout_add_seconds (timeout_s, e2e_flag_timeout_cb, &timed_out);

  while (*slot == NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (timed_out)
    g_error ("No answer from the JavaScript runtime within %u s", timeout_s);
  g_source_remove (source);
  return *slot;
}
