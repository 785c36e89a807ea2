/* studio-input-store.c — the last input of every action, kept across restarts
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <genkit.h>

#include "studio-input-store.h"
#include "studio-util.h"

/* Edits are written this long after the last one, so typing does not write on every key. */
#define SAVE_DELAY_MS 1000

/**
 * StudioInputStore:
 *
 * What the user last typed into each action's runner — the input JSON and the context
 * JSON, as text, so that a half-written input survives too — and whether the action
 * streamed. Kept in `$XDG_DATA_HOME/genkit-studio/inputs.json`:
 *
 * ```json
 * {"version": 1,
 *  "scopes": {"builtin": {"/flow/greet": {"input": "{\"name\": \"Ada\"}", "context": "", "streams": false}},
 *             "/home/ada/my-app": {...}}}
 * ```
 *
 * A scope keeps actions of the same key apart when they belong to different apps: the
 * built-in runtime's scope is `builtin`, a project's runtimes share the project root.
 * Changes are written a second after the last one, and at once by
 * studio_input_store_flush() (on dispose too).
 */
struct _StudioInputStore
{
  GObject     parent_instance;

  char       *path;
  JsonObject *scopes;     /* loaded on first use */
  guint       save_id;
  gboolean    dirty;
};

G_DEFINE_FINAL_TYPE (StudioInputStore, studio_input_store, G_TYPE_OBJECT)

static void
studio_input_store_load (StudioInputStore *self)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  gsize length;

  if (self->scopes != NULL)
    return;

  self->scopes = json_object_new ();
  if (!g_file_get_contents (self->path, &contents, &length, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("Cannot read the saved inputs: %s", error->message);
      return;
    }

  root = genkit_json_parse (contents, length, &error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_warning ("Ignoring the saved inputs in %s: %s", self->path,
                 error ? error->message : "not a JSON object");
      return;
    }

  if (json_object_has_member (json_node_get_object (root), "scopes") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (json_node_get_object (root), "scopes")))
    {
      /* The parser's nodes are immutable; take a mutable copy. */
      g_autoptr(JsonNode) scopes = json_node_copy (json_object_get_member (json_node_get_object (root), "scopes"));

      json_object_unref (self->scopes);
      self->scopes = json_object_ref (json_node_get_object (scopes));
    }
}

static char *
studio_input_store_serialize (StudioInputStore *self)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) node = NULL;

  json_object_set_int_member (root, "version", 1);
  json_object_set_object_member (root, "scopes", json_object_ref (self->scopes));
  node = json_node_init_object (json_node_alloc (), root);
  return studio_json_to_pretty_string (node);
}

static void
studio_input_store_save_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_warning ("Cannot save the inputs: %s", error->message);
}

static void
studio_input_store_save_timeout_cb (gpointer user_data)
{
  StudioInputStore *self = user_data;
  g_autoptr(GFile) file = g_file_new_for_path (self->path);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = g_path_get_dirname (self->path);
  char *text;

  self->save_id = 0;
  self->dirty = FALSE;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_warning ("Cannot create %s: %s", dir, g_strerror (errno));
      return;
    }
  text = studio_input_store_serialize (self);
  bytes = g_bytes_new_take (text, strlen (text));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE, G_FILE_CREATE_PRIVATE,
                                       NULL, studio_input_store_save_cb, NULL);
}

/**
 * studio_input_store_lookup:
 * @self: a [class@Studio.InputStore]
 * @scope: `builtin` or a project root
 * @key: an action key
 * @input_text: (out) (optional) (transfer full): the input JSON text
 * @context_text: (out) (optional) (transfer full): the context JSON text
 * @streams: (out) (optional): whether the action streamed when last run
 *
 * Returns: %TRUE if something was kept for the action
 */
gboolean
studio_input_store_lookup (StudioInputStore  *self,
                           const char        *scope,
                           const char        *key,
                           char             **input_text,
                           char             **context_text,
                           gboolean          *streams)
{
  JsonObject *actions;
  JsonObject *entry;

  g_return_val_if_fail (STUDIO_IS_INPUT_STORE (self), FALSE);
  g_return_val_if_fail (scope != NULL && key != NULL, FALSE);

  studio_input_store_load (self);

  if (!json_object_has_member (self->scopes, scope) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (self->scopes, scope)))
    return FALSE;
  actions = json_object_get_object_member (self->scopes, scope);
  if (!json_object_has_member (actions, key) || !JSON_NODE_HOLDS_OBJECT (json_object_get_member (actions, key)))
    return FALSE;
  entry = json_object_get_object_member (actions, key);

  if (input_text != NULL)
    *input_text = g_strdup (json_object_get_string_member_with_default (entry, "input", ""));
  if (context_text != NULL)
    *context_text = g_strdup (json_object_get_string_member_with_default (entry, "context", ""));
  if (streams != NULL)
    *streams = json_object_get_boolean_member_with_default (entry, "streams", FALSE);
  return TRUE;
}

/**
 * studio_input_store_remember:
 * @self: a [class@Studio.InputStore]
 * @scope: `builtin` or a project root
 * @key: an action key
 * @input_text: the input JSON text, as typed
 * @context_text: the context JSON text, as typed
 * @streams: whether the action streamed
 *
 * Keeps the action's input; it is written to disk a second later.
 */
void
studio_input_store_remember (StudioInputStore *self,
                             const char       *scope,
                             const char       *key,
                             const char       *input_text,
                             const char       *context_text,
                             gboolean          streams)
{
  JsonObject *actions;
  JsonObject *entry;

  g_return_if_fail (STUDIO_IS_INPUT_STORE (self));
  g_return_if_fail (scope != NULL && key != NULL);

  studio_input_store_load (self);

  if (!json_object_has_member (self->scopes, scope) ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (self->scopes, scope)))
    json_object_set_object_member (self->scopes, scope, json_object_new ());
  actions = json_object_get_object_member (self->scopes, scope);

  entry = json_object_new ();
  json_object_set_string_member (entry, "input", input_text ? input_text : "");
  json_object_set_string_member (entry, "context", context_text ? context_text : "");
  json_object_set_boolean_member (entry, "streams", streams);
  json_object_set_object_member (actions, key, entry);

  self->dirty = TRUE;
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add_once (SAVE_DELAY_MS, studio_input_store_save_timeout_cb, self);
}

/**
 * studio_input_store_flush:
 * @self: a [class@Studio.InputStore]
 * @error: return location for an error
 *
 * Writes pending changes now, synchronously (when the studio closes).
 *
 * Returns: %TRUE on success
 */
gboolean
studio_input_store_flush (StudioInputStore  *self,
                          GError           **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (STUDIO_IS_INPUT_STORE (self), FALSE);

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (!self->dirty)
    return TRUE;
  self->dirty = FALSE;

  dir = g_path_get_dirname (self->path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "Cannot create %s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }
  text = studio_input_store_serialize (self);
  return g_file_set_contents_full (self->path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error);
}

const char *
studio_input_store_get_path (StudioInputStore *self)
{
  g_return_val_if_fail (STUDIO_IS_INPUT_STORE (self), NULL);
  return self->path;
}

/**
 * studio_input_store_new:
 * @path: (nullable) (type filename): the file, or %NULL for
 *   `$XDG_DATA_HOME/genkit-studio/inputs.json`
 *
 * Returns: (transfer full): a store; the file is read on first use
 */
StudioInputStore *
studio_input_store_new (const char *path)
{
  StudioInputStore *self = g_object_new (STUDIO_TYPE_INPUT_STORE, NULL);

  self->path = path ? g_strdup (path)
                    : g_build_filename (g_get_user_data_dir (), "genkit-studio", "inputs.json", NULL);
  return self;
}

static void
studio_input_store_dispose (GObject *object)
{
  StudioInputStore *self = STUDIO_INPUT_STORE (object);
  g_autoptr(GError) error = NULL;

  if (self->dirty && !studio_input_store_flush (self, &error))
    g_warning ("Cannot save the inputs: %s", error->message);
  g_clear_handle_id (&self->save_id, g_source_remove);

  G_OBJECT_CLASS (studio_input_store_parent_class)->dispose (object);
}

static void
studio_input_store_finalize (GObject *object)
{
  StudioInputStore *self = STUDIO_INPUT_STORE (object);

  g_free (self->path);
  g_clear_pointer (&self->scopes, json_object_unref);

  G_OBJECT_CLASS (studio_input_store_parent_class)->finalize (object);
}

static void
studio_input_store_class_init (StudioInputStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = studio_input_store_dispose;
  object_class->finalize = studio_input_store_finalize;
}

static void
studio_input_store_init (StudioInputStore *self)
{
}
