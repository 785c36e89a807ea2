/* main.c — genkit-studio: the Genkit Studio window
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <locale.h>

#include <glib/gi18n.h>

#include "studio-application.h"
#include "studio-config.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(StudioApplication) application = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  gboolean needs_settings = TRUE;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Without its schema GSettings aborts; say what is missing instead (--help and --version
   * need no settings). */
  for (int i = 1; i < argc; i++)
    if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h") || g_str_equal (argv[i], "--version") ||
        g_str_has_prefix (argv[i], "--help-"))
      needs_settings = FALSE;
  schema = needs_settings
           ? g_settings_schema_source_lookup (g_settings_schema_source_get_default (), STUDIO_SCHEMA_ID, TRUE)
           : NULL;
  if (needs_settings && schema == NULL)
    {
      g_printerr ("genkit-studio: the settings schema %s is not installed; run 'meson install', or run "
                  "from the build tree with 'meson devenv -C BUILDDIR genkit-studio'\n", STUDIO_SCHEMA_ID);
      return 1;
    }

  application = studio_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
