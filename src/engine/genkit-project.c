/* genkit-project.c — where a Genkit project's root and its .genkit directory are
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-project.h"

/* The marker files of `findProjectRoot()` in genkit-tools/common/src/utils/utils.ts, in its
 * order. A C project usually has none of them (protocol §1.2). */
static const char * const project_markers[] = {
  "package.json",
  "go.mod",
  "pyproject.toml",
  "requirements.txt",
  "pom.xml",
  "build.gradle",
  "pubspec.yaml",
};

static gboolean
has_project_marker (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (project_markers); i++)
    {
      g_autofree char *path = g_build_filename (dir, project_markers[i], NULL);

      /* `fs.access()`: anything by that name counts, file or not. */
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        return TRUE;
    }
  return FALSE;
}

/**
 * genkit_find_project_root:
 * @start_dir: (type filename) (nullable): the directory to start from; %NULL for the
 *   current working directory
 *
 * Finds the root of the Genkit project @start_dir belongs to, exactly as the Genkit CLI
 * does (`findProjectRoot()` in `genkit-tools/common/src/utils/utils.ts`): walking up from
 * @start_dir, the first directory that contains any of `package.json`, `go.mod`,
 * `pyproject.toml`, `requirements.txt`, `pom.xml`, `build.gradle` or `pubspec.yaml` is the
 * root. The filesystem root itself is never tested. When no directory has a marker, the
 * root is @start_dir.
 *
 * The runtime discovery files live in `<root>/.genkit/runtimes/`
 * ([func@Genkit.project_get_runtimes_dir]), so a runtime and the tools that look for it
 * must agree on the root: start both from the same directory.
 *
 * Returns: (transfer full) (type filename): the absolute, canonical path of the root
 */
char *
genkit_find_project_root (const char *start_dir)
{
  g_autofree char *cwd = g_get_current_dir ();
  g_autofree char *start = g_canonicalize_filename (start_dir ? start_dir : cwd, cwd);
  g_autofree char *dir = g_strdup (start);

  for (;;)
    {
      g_autofree char *parent = NULL;

      /* `while (currentDir !== path.parse(currentDir).root)`. */
      if (g_path_skip_root (dir) == NULL || *g_path_skip_root (dir) == '\0')
        break;

      if (has_project_marker (dir))
        return g_steal_pointer (&dir);

      parent = g_path_get_dirname (dir);
      if (g_str_equal (parent, dir))
        break;
      g_free (dir);
      dir = g_steal_pointer (&parent);
    }

  return g_steal_pointer (&start);
}

/**
 * genkit_project_get_runtimes_dir:
 * @project_root: (type filename): a project root, e.g. from [func@Genkit.find_project_root]
 *
 * Builds the path of the directory that holds the project's runtime discovery files,
 * `<project_root>/.genkit/runtimes` (`findRuntimesDir()` in the Genkit CLI). The directory
 * may not exist yet.
 *
 * Returns: (transfer full) (type filename): the path
 */
char *
genkit_project_get_runtimes_dir (const char *project_root)
{
  g_return_val_if_fail (project_root != NULL, NULL);

  return g_build_filename (project_root, ".genkit", "runtimes", NULL);
}
