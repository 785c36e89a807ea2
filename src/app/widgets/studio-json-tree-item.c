/* studio-json-tree-item.c — one member or element of a JSON value, for the foldable tree
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-json-tree-item.h"

/* Strings longer than this are cut in the tree; the JSON view shows them whole. */
#define MAX_SUMMARY_CHARS 400

/**
 * StudioJsonTreeItem:
 *
 * A row of [class@Studio.ResultView]'s tree: a label (the member name, or `[3]` for an
 * array element) and the JSON value. Objects and arrays have children, made when the row
 * is expanded by a #GtkTreeListModel.
 */
struct _StudioJsonTreeItem
{
  GObject   parent_instance;

  char     *label;
  JsonNode *node;
};

G_DEFINE_FINAL_TYPE (StudioJsonTreeItem, studio_json_tree_item, G_TYPE_OBJECT)

/**
 * studio_json_tree_item_new:
 * @label: (nullable): the member name or element index to show
 * @node: (transfer none): the value
 *
 * Returns: (transfer full): a new item
 */
StudioJsonTreeItem *
studio_json_tree_item_new (const char *label,
                           JsonNode   *node)
{
  StudioJsonTreeItem *self = g_object_new (STUDIO_TYPE_JSON_TREE_ITEM, NULL);

  self->label = g_strdup (label);
  self->node = json_node_ref (node);
  return self;
}

const char *
studio_json_tree_item_get_label (StudioJsonTreeItem *self)
{
  g_return_val_if_fail (STUDIO_IS_JSON_TREE_ITEM (self), NULL);
  return self->label;
}

/**
 * studio_json_tree_item_get_node:
 * @self: an item
 *
 * Returns: (transfer none): the value
 */
JsonNode *
studio_json_tree_item_get_node (StudioJsonTreeItem *self)
{
  g_return_val_if_fail (STUDIO_IS_JSON_TREE_ITEM (self), NULL);
  return self->node;
}

/**
 * studio_json_tree_item_get_kind:
 * @self: an item
 *
 * Returns: the value's JSON type, for styling: `object`, `array`, `string`, `number`,
 *   `boolean` or `null`
 */
const char *
studio_json_tree_item_get_kind (StudioJsonTreeItem *self)
{
  g_return_val_if_fail (STUDIO_IS_JSON_TREE_ITEM (self), NULL);

  switch (json_node_get_node_type (self->node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      switch (json_node_get_value_type (self->node))
        {
        case G_TYPE_STRING:
          return "string";
        case G_TYPE_BOOLEAN:
          return "boolean";
        default:
          return "number";
        }
    }
}

/**
 * studio_json_tree_item_dup_summary:
 * @self: an item
 *
 * Returns: (transfer full): what the row shows for the value: a scalar as JSON (long strings
 *   cut), an object as `{…} 3 members`, an array as `[…] 5 items`
 */
char *
studio_json_tree_item_dup_summary (StudioJsonTreeItem *self)
{
  g_return_val_if_fail (STUDIO_IS_JSON_TREE_ITEM (self), NULL);

  if (JSON_NODE_HOLDS_OBJECT (self->node))
    {
      guint n = json_object_get_size (json_node_get_object (self->node));

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "{…} %u member", "{…} %u members", n), n);
    }
  if (JSON_NODE_HOLDS_ARRAY (self->node))
    {
      guint n = json_array_get_length (json_node_get_array (self->node));

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "[…] %u item", "[…] %u items", n), n);
    }
  if (JSON_NODE_HOLDS_VALUE (self->node) && json_node_get_value_type (self->node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (self->node);

      if (g_utf8_strlen (text, -1) > MAX_SUMMARY_CHARS)
        {
          g_autofree char *cut = g_utf8_substring (text, 0, MAX_SUMMARY_CHARS);
          g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), cut);
          g_autofree char *json = json_to_string (node, FALSE);

          return g_strconcat (json, "…", NULL);
        }
    }
  return json_to_string (self->node, FALSE);
}

/**
 * studio_json_tree_item_dup_children:
 * @self: an item
 *
 * Returns: (transfer full) (nullable): a model of the members or elements, or %NULL for a
 *   scalar or an empty container
 */
GListModel *
studio_json_tree_item_dup_children (StudioJsonTreeItem *self)
{
  GListStore *store;

  g_return_val_if_fail (STUDIO_IS_JSON_TREE_ITEM (self), NULL);

  if (JSON_NODE_HOLDS_OBJECT (self->node))
    {
      JsonObject *object = json_node_get_object (self->node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      if (json_object_get_size (object) == 0)
        return NULL;
      store = g_list_store_new (STUDIO_TYPE_JSON_TREE_ITEM);
      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &name, &member))
        {
          g_autoptr(StudioJsonTreeItem) child = studio_json_tree_item_new (name, member);

          g_list_store_append (store, child);
        }
      return G_LIST_MODEL (store);
    }

  if (JSON_NODE_HOLDS_ARRAY (self->node))
    {
      JsonArray *array = json_node_get_array (self->node);

      if (json_array_get_length (array) == 0)
        return NULL;
      store = g_list_store_new (STUDIO_TYPE_JSON_TREE_ITEM);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *label = g_strdup_printf ("[%u]", i);
          g_autoptr(StudioJsonTreeItem) child =
            studio_json_tree_item_new (label, json_array_get_element (array, i));

          g_list_store_append (store, child);
        }
      return G_LIST_MODEL (store);
    }

  return NULL;
}

/**
 * studio_json_tree_item_count_nodes:
 * @node: a JSON value
 * @limit: stop counting past this
 *
 * Returns: how many values @node holds, itself included, up to @limit + 1
 */
guint
studio_json_tree_item_count_nodes (JsonNode *node,
                                   guint     limit)
{
  guint count = 1;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_values (json_node_get_object (node));

      for (GList *l = members; l != NULL && count <= limit; l = l->next)
        count += studio_json_tree_item_count_nodes (l->data, limit - MIN (count, limit));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array) && count <= limit; i++)
        count += studio_json_tree_item_count_nodes (json_array_get_element (array, i),
                                                    limit - MIN (count, limit));
    }
  return count;
}

static void
studio_json_tree_item_finalize (GObject *object)
{
  StudioJsonTreeItem *self = STUDIO_JSON_TREE_ITEM (object);

  g_free (self->label);
  g_clear_pointer (&self->node, json_node_unref);

  G_OBJECT_CLASS (studio_json_tree_item_parent_class)->finalize (object);
}

static void
studio_json_tree_item_class_init (StudioJsonTreeItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = studio_json_tree_item_finalize;
}

static void
studio_json_tree_item_init (StudioJsonTreeItem *self)
{
}
