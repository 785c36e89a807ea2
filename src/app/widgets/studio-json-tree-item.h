/* studio-json-tree-item.h — one member or element of a JSON value, for the foldable tree
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_JSON_TREE_ITEM (studio_json_tree_item_get_type ())

G_DECLARE_FINAL_TYPE (StudioJsonTreeItem, studio_json_tree_item, STUDIO, JSON_TREE_ITEM, GObject)

StudioJsonTreeItem *studio_json_tree_item_new           (const char         *label,
                                                         JsonNode           *node);
const char         *studio_json_tree_item_get_label     (StudioJsonTreeItem *self);
JsonNode           *studio_json_tree_item_get_node      (StudioJsonTreeItem *self);
char               *studio_json_tree_item_dup_summary   (StudioJsonTreeItem *self);
const char         *studio_json_tree_item_get_kind      (StudioJsonTreeItem *self);
GListModel         *studio_json_tree_item_dup_children  (StudioJsonTreeItem *self);
guint               studio_json_tree_item_count_nodes   (JsonNode           *node,
                                                         guint               limit);

G_END_DECLS
