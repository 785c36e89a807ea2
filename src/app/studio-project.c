/* studio-project.c — an open Genkit project: its root directory and its runtimes
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "studio-project.h"

/**
 * StudioProject:
 *
 * A project directory opened in the studio. Its root is found the way the Genkit CLI finds
 * it (the nearest directory up with `package.json`, `go.mod`, `pyproject.toml`, ...; protocol
 * §1.2), so the studio watches the same `.genkit/runtimes/` as `genkit start` would, and
 * the runtimes found there are [property@Studio.Project:runtimes].
 */
struct _StudioProject
{
  GObject               parent_instance;

  char                 *root;
  char                 *name;
  GenkitRuntimeMonitor *monitor;
};

G_DEFINE_FINAL_TYPE (StudioProject, studio_project, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROOT,
  PROP_NAME,
  PROP_RUNTIMES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * studio_project_new:
 * @directory: (type filename): a directory inside the project
 *
 * Returns: (transfer full): the project @directory belongs to; call
 *   studio_project_start() to watch its runtimes
 */
StudioProject *
studio_project_new (const char *directory)
{
  StudioProject *self;
  g_autofree char *canonical = NULL;

  g_return_val_if_fail (directory != NULL, NULL);

  canonical = g_canonicalize_filename (directory, NULL);
  self = g_object_new (STUDIO_TYPE_PROJECT, NULL);
  self->root = genkit_find_project_root (canonical);
  self->name = g_path_get_basename (self->root);
  self->monitor = genkit_runtime_monitor_new (self->root);
  return self;
}

/**
 * studio_project_start:
 * @self: a [class@Studio.Project]
 * @telemetry_server_url: (nullable): the studio's telemetry server, sent to each runtime
 *   found with `POST /api/notify`
 * @error: return location for an error
 *
 * Starts watching the project's `.genkit/runtimes/` (creating it if needed).
 *
 * Returns: %TRUE on success
 */
gboolean
studio_project_start (StudioProject  *self,
                      const char     *telemetry_server_url,
                      GError        **error)
{
  g_return_val_if_fail (STUDIO_IS_PROJECT (self), FALSE);

  genkit_runtime_monitor_set_telemetry_server_url (self->monitor, telemetry_server_url);
  return genkit_runtime_monitor_start (self->monitor, error);
}

/**
 * studio_project_get_root:
 * @self: a [class@Studio.Project]
 *
 * Returns: (type filename): the project root
 */
const char *
studio_project_get_root (StudioProject *self)
{
  g_return_val_if_fail (STUDIO_IS_PROJECT (self), NULL);
  return self->root;
}

/**
 * studio_project_get_name:
 * @self: a [class@Studio.Project]
 *
 * Returns: the project's name: the base name of its root, as the Genkit CLI's `projectName`
 */
const char *
studio_project_get_name (StudioProject *self)
{
  g_return_val_if_fail (STUDIO_IS_PROJECT (self), NULL);
  return self->name;
}

/**
 * studio_project_get_monitor:
 * @self: a [class@Studio.Project]
 *
 * Returns: (transfer none): the monitor of the project's runtimes
 */
GenkitRuntimeMonitor *
studio_project_get_monitor (StudioProject *self)
{
  g_return_val_if_fail (STUDIO_IS_PROJECT (self), NULL);
  return self->monitor;
}

/**
 * studio_project_get_runtimes:
 * @self: a [class@Studio.Project]
 *
 * Returns: (transfer none): a #GListModel of the project's running [iface@Genkit.Runtime]s
 */
GListModel *
studio_project_get_runtimes (StudioProject *self)
{
  g_return_val_if_fail (STUDIO_IS_PROJECT (self), NULL);
  return G_LIST_MODEL (self->monitor);
}

/**
 * studio_project_dup_inputs_dir:
 * @self: a [class@Studio.Project]
 *
 * Returns: (transfer full) (type filename): `<root>/.genkit/studio/inputs`, where named
 *   input presets are kept
 */
char *
studio_project_dup_inputs_dir (StudioProject *self)
{
  g_return_val_if_fail (STUDIO_IS_PROJECT (self), NULL);
  return g_build_filename (self->root, ".genkit", "studio", "inputs", NULL);
}

static void
studio_project_dispose (GObject *object)
{
  StudioProject *self = STUDIO_PROJECT (object);

  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (studio_project_parent_class)->dispose (object);
}

static void
studio_project_finalize (GObject *object)
{
  StudioProject *self = STUDIO_PROJECT (object);

  g_free (self->root);
  g_free (self->name);

  G_OBJECT_CLASS (studio_project_parent_class)->finalize (object);
}

static void
studio_project_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  StudioProject *self = STUDIO_PROJECT (object);

  switch (prop_id)
    {
    case PROP_ROOT:
      g_value_set_string (value, self->root);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_RUNTIMES:
      g_value_set_object (value, self->monitor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_project_class_init (StudioProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = studio_project_dispose;
  object_class->finalize = studio_project_finalize;
  object_class->get_property = studio_project_get_property;

  properties[PROP_ROOT] =
    g_param_spec_string ("root", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNTIMES] =
    g_param_spec_object ("runtimes", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
studio_project_init (StudioProject *self)
{
}
