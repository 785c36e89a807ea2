/* studio-presets.c — named inputs of an action, saved in the project for code review
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>

#include "studio-presets.h"
#include "studio-util.h"

/* Presets live in the project, one readable JSON file each, so that they can be committed
 * and reviewed like code:
 *
 *   <root>/.genkit/studio/inputs/flow/greet/ada.json
 *   {
 *     "name": "Ada",
 *     "action": "/flow/greet",
 *     "input": {
 *       "name": "Ada"
 *     }
 *   }
 *
 * The directory follows the action key (whose name may hold "/", e.g.
 * model/googleai/gemini-2.5-flash); the file name is a slug of the preset's name, which
 * the file keeps as it was typed. Files are small, so they are read and written in a
 * worker thread with plain GLib file calls. */

void
studio_preset_free (StudioPreset *preset)
{
  if (preset == NULL)
    return;
  g_free (preset->name);
  g_free (preset->path);
  g_clear_pointer (&preset->input, json_node_unref);
  g_clear_pointer (&preset->context, json_object_unref);
  g_free (preset);
}

/* One path component of a key: nothing that climbs out of the directory or hides. */
static char *
safe_component (const char *part)
{
  GString *out = g_string_new (NULL);

  for (const char *p = part; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("._:@+-", *p) != NULL)
        g_string_append_c (out, *p);
      else
        g_string_append_c (out, '_');
    }
  if (out->str[0] == '.')
    out->str[0] = '_';
  if (out->len == 0)
    g_string_append_c (out, '_');
  return g_string_free (out, FALSE);
}

/**
 * studio_presets_dup_dir:
 * @inputs_dir: the project's `.genkit/studio/inputs`
 * @key: an action key such as `/flow/greet`
 *
 * Returns: (transfer full) (type filename): the directory of @key's presets
 */
char *
studio_presets_dup_dir (const char *inputs_dir,
                        const char *key)
{
  g_auto(GStrv) parts = g_strsplit (key, "/", -1);
  g_autoptr(GPtrArray) components = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (components, g_strdup (inputs_dir));
  for (guint i = 0; parts[i] != NULL; i++)
    if (parts[i][0] != '\0')
      g_ptr_array_add (components, safe_component (parts[i]));
  g_ptr_array_add (components, NULL);
  return g_build_filenamev ((char **) components->pdata);
}

static char *
slug (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  GString *out = g_string_new (NULL);

  for (const char *p = ascii; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (out->len > 0 && out->str[out->len - 1] != '-')
        g_string_append_c (out, '-');
    }
  while (out->len > 0 && out->str[out->len - 1] == '-')
    g_string_truncate (out, out->len - 1);
  if (out->len == 0)
    g_string_append (out, "preset");
  return g_string_free (out, FALSE);
}

/**
 * studio_presets_dup_file:
 * @inputs_dir: the project's `.genkit/studio/inputs`
 * @key: an action key
 * @name: a preset name
 *
 * Returns: (transfer full) (type filename): the file the preset @name of @key is kept in
 */
char *
studio_presets_dup_file (const char *inputs_dir,
                         const char *key,
                         const char *name)
{
  g_autofree char *dir = studio_presets_dup_dir (inputs_dir, key);
  g_autofree char *base = slug (name);
  g_autofree char *file = g_strconcat (base, ".json", NULL);

  return g_build_filename (dir, file, NULL);
}

static StudioPreset *
read_preset (const char  *path,
             GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(StudioPreset) preset = NULL;
  JsonObject *object;
  JsonNode *context;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  if (!(root = genkit_json_parse (contents, length, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "%s is not a JSON object", path);
      return NULL;
    }
  object = json_node_get_object (root);

  preset = g_new0 (StudioPreset, 1);
  preset->path = g_strdup (path);
  if (json_object_has_member (object, "name") &&
      JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "name")) &&
      json_node_get_value_type (json_object_get_member (object, "name")) == G_TYPE_STRING)
    preset->name = g_strdup (json_object_get_string_member (object, "name"));
  else
    {
      g_autofree char *base = g_path_get_basename (path);

      preset->name = g_strndup (base, strlen (base) - strlen (".json"));
    }
  if (json_object_has_member (object, "input"))
    preset->input = json_node_copy (json_object_get_member (object, "input"));
  context = json_object_get_member (object, "context");
  if (context != NULL && JSON_NODE_HOLDS_OBJECT (context))
    {
      g_autoptr(JsonNode) copy = json_node_copy (context);

      preset->context = json_object_ref (json_node_get_object (copy));
    }
  return g_steal_pointer (&preset);
}

static int
compare_presets (gconstpointer a,
                 gconstpointer b)
{
  const StudioPreset *preset_a = *(StudioPreset **) a;
  const StudioPreset *preset_b = *(StudioPreset **) b;

  return g_utf8_collate (preset_a->name, preset_b->name);
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *dir = task_data;
  g_autoptr(GPtrArray) presets = g_ptr_array_new_with_free_func ((GDestroyNotify) studio_preset_free);
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  handle = g_dir_open (dir, 0, &error);
  if (handle == NULL)
    {
      if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_task_return_pointer (task, g_steal_pointer (&presets), (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) read_error = NULL;
      StudioPreset *preset;

      if (!g_str_has_suffix (name, ".json") || name[0] == '.')
        continue;
      path = g_build_filename (dir, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      preset = read_preset (path, &read_error);
      if (preset == NULL)
        {
          g_warning ("Skipping the preset %s: %s", path, read_error->message);
          continue;
        }
      g_ptr_array_add (presets, preset);
    }

  g_ptr_array_sort (presets, compare_presets);
  g_task_return_pointer (task, g_steal_pointer (&presets), (GDestroyNotify) g_ptr_array_unref);
}

/**
 * studio_presets_list_async:
 * @inputs_dir: the project's `.genkit/studio/inputs`
 * @key: an action key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the presets are read
 * @user_data: data for @callback
 *
 * Reads the presets of @key. Unreadable files are skipped with a warning.
 */
void
studio_presets_list_async (const char          *inputs_dir,
                           const char          *key,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, studio_presets_list_async);
  g_task_set_task_data (task, studio_presets_dup_dir (inputs_dir, key), g_free);
  g_task_run_in_thread (task, list_thread);
}

/**
 * studio_presets_list_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (element-type StudioPreset): the presets, sorted by name
 */
GPtrArray *
studio_presets_list_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *path;
  char *text;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_free (data->path);
  g_free (data->text);
  g_free (data);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autofree char *dir = g_path_get_dirname (data->path);
  GError *error = NULL;

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                               "Cannot create %s: %s", dir, g_strerror (saved_errno));
      return;
    }
  if (!g_file_set_contents_full (data->path, data->text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (data->path), g_free);
}

/**
 * studio_presets_save_async:
 * @inputs_dir: the project's `.genkit/studio/inputs`
 * @key: an action key
 * @name: the preset's name
 * @input: (nullable): the input
 * @context: (nullable): the action context; left out when empty
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the file is written
 * @user_data: data for @callback
 *
 * Writes the preset, replacing one of the same file name.
 */
void
studio_presets_save_async (const char          *inputs_dir,
                           const char          *key,
                           const char          *name,
                           JsonNode            *input,
                           JsonObject          *context,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;
  SaveData *data;

  g_task_set_source_tag (task, studio_presets_save_async);

  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "action", key);
  if (input != NULL)
    json_object_set_member (object, "input", json_node_copy (input));
  if (context != NULL && json_object_get_size (context) > 0)
    json_object_set_object_member (object, "context", json_object_ref (context));
  node = json_node_init_object (json_node_alloc (), object);
  text = studio_json_to_pretty_string (node);

  data = g_new0 (SaveData, 1);
  data->path = studio_presets_dup_file (inputs_dir, key, name);
  data->text = g_strconcat (text, "\n", NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (task, save_thread);
}

/**
 * studio_presets_save_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Returns: (transfer full) (type filename): the file written, or %NULL with @error set
 */
char *
studio_presets_save_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * studio_presets_delete:
 * @path: a preset's file
 * @error: return location for an error
 *
 * Deletes a preset's file (one small unlink, done at once).
 *
 * Returns: %TRUE on success
 */
gboolean
studio_presets_delete (const char  *path,
                       GError     **error)
{
  if (g_unlink (path) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot delete %s: %s", path, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}
