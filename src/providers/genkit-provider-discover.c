/* genkit-provider-discover.c — one reader for the providers' model lists
 *
 * Every provider lists its models the same way: a GET answered with an object whose one
 * array member holds an object per model. Only the URL, the member and how an entry's id and
 * kind are read differ, so the request, the walk and the result are done here once.
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-provider-private.h"

typedef struct
{
  const char              *list_member;   /* static */
  GenkitProviderModelFunc  read_model;
} Discovery;

static void
discover_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitProviderPlugin *plugin = g_task_get_source_object (task);
  Discovery *discovery = g_task_get_task_data (task);
  g_autoptr(GenkitProviderReply) reply = NULL;
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *models = NULL;
  GError *error = NULL;

  reply = _genkit_provider_client_request_finish (GENKIT_PROVIDER_CLIENT (object), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (reply->json != NULL && JSON_NODE_HOLDS_OBJECT (reply->json))
    models = _genkit_provider_json_get_array (json_node_get_object (reply->json), discovery->list_member);
  for (guint i = 0; models != NULL && i < json_array_get_length (models); i++)
    {
      JsonNode *item = json_array_get_element (models, i);
      const char *id = NULL, *kind = NULL;
      JsonObject *entry;

      if (!JSON_NODE_HOLDS_OBJECT (item) || !discovery->read_model (plugin, json_node_get_object (item), &id, &kind))
        continue;
      entry = json_object_new ();
      json_object_set_string_member (entry, "id", id);
      json_object_set_string_member (entry, "kind", kind);
      g_ptr_array_add (found, entry);
    }
  g_task_return_pointer (task, g_steal_pointer (&found), (GDestroyNotify) g_ptr_array_unref);
}

void
_genkit_provider_discover_async (GenkitProviderPlugin    *plugin,
                                 const char              *url,
                                 const char * const      *headers,
                                 guint                    timeout_ms,
                                 const char              *list_member,
                                 GenkitProviderModelFunc  read_model,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  GenkitProviderClient *client = _genkit_provider_plugin_get_client (plugin);
  GTask *task = g_task_new (plugin, cancellable, callback, user_data);
  Discovery *discovery = g_new0 (Discovery, 1);

  discovery->list_member = list_member;
  discovery->read_model = read_model;
  g_task_set_task_data (task, discovery, g_free);
  _genkit_provider_client_request_full_async (client, "GET", url, headers, NULL, GENKIT_PROVIDER_STREAM_NONE,
                                              NULL, NULL,
                                              timeout_ms ? timeout_ms : _genkit_provider_client_get_timeout_ms (client),
                                              cancellable, discover_cb, task);
}

GPtrArray *
_genkit_provider_discover_finish (GenkitProviderPlugin  *plugin,
                                  GAsyncResult          *result,
                                  GError               **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}
