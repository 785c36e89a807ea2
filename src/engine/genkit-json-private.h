/* genkit-json-private.h — JSON helpers shared by the engine's files
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* json-glib 1.6's JsonObjectIter walks a hash table; Genkit's JSON keeps insertion order (the
 * attribute order of exported spans, the key order of listings), so copies go through the
 * ordered member list. Copies every member of @from into @to, replacing same-named ones. */
static inline void
_genkit_json_object_copy_members (JsonObject *from,
                                  JsonObject *to)
{
  g_autoptr(GList) keys = json_object_get_members (from);

  for (GList *l = keys; l != NULL; l = l->next)
    json_object_set_member (to, l->data, json_node_copy (json_object_get_member (from, l->data)));
}

G_END_DECLS
