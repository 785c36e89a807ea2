/* studio-action-list.c — a runtime's actions, grouped by type, filtered by a search
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "studio-action-list.h"

/**
 * StudioActionList:
 *
 * A #GListModel of [class@Studio.ActionItem]s for the sidebar: the actions of one runtime
 * (the map of `GET /api/actions`) in groups — flows, models, prompts, tools, retrievers,
 * embedders, evaluators, other — each led by a header item with the number of actions it
 * shows, sorted by name within the group. A filter keeps the actions whose name, key or
 * description hold every word of it; empty groups are left out.
 *
 * Twins are listed once: the `/tool.v2/` twin that every JavaScript `defineTool` registers,
 * and the `/executable-prompt/` twin of each `/prompt/` (protocol §5.2, §5.4).
 */
struct _StudioActionList
{
  GObject     parent_instance;

  GPtrArray  *actions;      /* every StudioActionItem, sorted by group then name */
  GPtrArray  *items;        /* what the model shows: headers and matching actions */
  GHashTable *by_key;       /* key → StudioActionItem (borrowed from actions) */
  char       *filter;
  GStrv       words;
  guint       n_matches;
};

static void studio_action_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (StudioActionList, studio_action_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      studio_action_list_list_model_init))

enum {
  PROP_0,
  PROP_FILTER,
  PROP_N_ACTIONS,
  PROP_N_MATCHES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
studio_action_list_get_item_type (GListModel *model)
{
  return STUDIO_TYPE_ACTION_ITEM;
}

static guint
studio_action_list_get_n_items (GListModel *model)
{
  return STUDIO_ACTION_LIST (model)->items->len;
}

static gpointer
studio_action_list_get_item (GListModel *model,
                             guint       position)
{
  StudioActionList *self = STUDIO_ACTION_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
studio_action_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = studio_action_list_get_item_type;
  iface->get_n_items = studio_action_list_get_n_items;
  iface->get_item = studio_action_list_get_item;
}

static int
compare_actions (gconstpointer a,
                 gconstpointer b)
{
  StudioActionItem *item_a = *(StudioActionItem **) a;
  StudioActionItem *item_b = *(StudioActionItem **) b;
  int by_group = (int) studio_action_item_get_group (item_a) - (int) studio_action_item_get_group (item_b);
  int by_name;

  if (by_group != 0)
    return by_group;
  by_name = g_utf8_collate (studio_action_item_get_name (item_a), studio_action_item_get_name (item_b));
  if (by_name != 0)
    return by_name;
  return strcmp (studio_action_item_get_key (item_a), studio_action_item_get_key (item_b));
}

static void
studio_action_list_rebuild (StudioActionList *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint old_n = self->items->len;
  guint old_matches = self->n_matches;
  guint i = 0;

  self->n_matches = 0;
  while (i < self->actions->len)
    {
      StudioActionGroup group = studio_action_item_get_group (g_ptr_array_index (self->actions, i));
      g_autoptr(GPtrArray) matches = g_ptr_array_new ();

      for (; i < self->actions->len; i++)
        {
          StudioActionItem *item = g_ptr_array_index (self->actions, i);

          if (studio_action_item_get_group (item) != group)
            break;
          if (studio_action_item_matches (item, (const char * const *) self->words))
            g_ptr_array_add (matches, item);
        }

      if (matches->len == 0)
        continue;
      g_ptr_array_add (items, studio_action_item_new_header (group, matches->len));
      for (guint m = 0; m < matches->len; m++)
        g_ptr_array_add (items, g_object_ref (g_ptr_array_index (matches, m)));
      self->n_matches += matches->len;
    }

  g_ptr_array_unref (self->items);
  self->items = g_steal_pointer (&items);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);
  if (old_matches != self->n_matches)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
}

static gboolean
has_twin (JsonObject *actions,
          const char *key,
          const char *twin_prefix,
          const char *prefix)
{
  g_autofree char *twin = NULL;

  if (!g_str_has_prefix (key, twin_prefix))
    return FALSE;
  twin = g_strconcat (prefix, key + strlen (twin_prefix), NULL);
  return json_object_has_member (actions, twin);
}

/**
 * studio_action_list_set_actions:
 * @self: a [class@Studio.ActionList]
 * @actions: (nullable): the runtime's actions: an object of action key → descriptor
 *
 * Replaces the actions. Members that are not objects are skipped (a runtime's answer is
 * untrusted input).
 */
void
studio_action_list_set_actions (StudioActionList *self,
                                JsonNode         *actions)
{
  JsonObject *object;
  JsonObjectIter iter;
  const char *key;
  JsonNode *descriptor;
  guint old_n_actions;

  g_return_if_fail (STUDIO_IS_ACTION_LIST (self));

  old_n_actions = self->actions->len;
  g_ptr_array_set_size (self->actions, 0);
  g_hash_table_remove_all (self->by_key);

  if (actions != NULL && JSON_NODE_HOLDS_OBJECT (actions))
    {
      object = json_node_get_object (actions);
      json_object_iter_init_ordered (&iter, object);
      while (json_object_iter_next_ordered (&iter, &key, &descriptor))
        {
          StudioActionItem *item;

          if (!JSON_NODE_HOLDS_OBJECT (descriptor) || key[0] != '/')
            continue;
          if (has_twin (object, key, "/tool.v2/", "/tool/") ||
              has_twin (object, key, "/executable-prompt/", "/prompt/"))
            continue;

          item = studio_action_item_new_action (key, descriptor);
          g_ptr_array_add (self->actions, item);
          g_hash_table_insert (self->by_key, (gpointer) studio_action_item_get_key (item), item);
        }
    }

  g_ptr_array_sort (self->actions, compare_actions);
  studio_action_list_rebuild (self);
  if (old_n_actions != self->actions->len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ACTIONS]);
}

/**
 * studio_action_list_clear:
 * @self: a [class@Studio.ActionList]
 *
 * Removes every action.
 */
void
studio_action_list_clear (StudioActionList *self)
{
  studio_action_list_set_actions (self, NULL);
}

const char *
studio_action_list_get_filter (StudioActionList *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_LIST (self), NULL);
  return self->filter;
}

/**
 * studio_action_list_set_filter:
 * @self: a [class@Studio.ActionList]
 * @filter: (nullable): words to look for, any case
 *
 * Shows only the actions whose name, key or description contain every word of @filter.
 */
void
studio_action_list_set_filter (StudioActionList *self,
                               const char       *filter)
{
  g_autofree char *folded = NULL;

  g_return_if_fail (STUDIO_IS_ACTION_LIST (self));

  if (filter != NULL && filter[0] == '\0')
    filter = NULL;
  if (g_strcmp0 (self->filter, filter) == 0)
    return;

  g_free (self->filter);
  self->filter = g_strdup (filter);
  g_clear_pointer (&self->words, g_strfreev);
  if (filter != NULL)
    {
      folded = g_utf8_casefold (filter, -1);
      self->words = g_strsplit_set (g_strstrip (folded), " \t\n", -1);
      /* Runs of spaces leave empty words, which would match anything anyway. */
      for (guint i = 0, j = 0; ; i++)
        {
          if (self->words[i] == NULL)
            {
              self->words[j] = NULL;
              break;
            }
          if (self->words[i][0] == '\0')
            g_free (self->words[i]);
          else
            self->words[j++] = self->words[i];
        }
    }

  studio_action_list_rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

/**
 * studio_action_list_get_n_actions:
 * @self: a [class@Studio.ActionList]
 *
 * Returns: how many actions the runtime has (twins counted once), whatever the filter
 */
guint
studio_action_list_get_n_actions (StudioActionList *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_LIST (self), 0);
  return self->actions->len;
}

/**
 * studio_action_list_get_n_matches:
 * @self: a [class@Studio.ActionList]
 *
 * Returns: how many actions the filter lets through
 */
guint
studio_action_list_get_n_matches (StudioActionList *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_LIST (self), 0);
  return self->n_matches;
}

/**
 * studio_action_list_lookup:
 * @self: a [class@Studio.ActionList]
 * @key: an action key
 *
 * Returns: (transfer none) (nullable): the item of the action with @key, shown or filtered out
 */
StudioActionItem *
studio_action_list_lookup (StudioActionList *self,
                           const char       *key)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_LIST (self), NULL);
  return key ? g_hash_table_lookup (self->by_key, key) : NULL;
}

/**
 * studio_action_list_find_position:
 * @self: a [class@Studio.ActionList]
 * @key: an action key
 *
 * Returns: the position of the action's item, or %GTK_INVALID_LIST_POSITION (%G_MAXUINT)
 *   when it is not shown
 */
guint
studio_action_list_find_position (StudioActionList *self,
                                  const char       *key)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_LIST (self), G_MAXUINT);

  for (guint i = 0; key != NULL && i < self->items->len; i++)
    if (g_strcmp0 (studio_action_item_get_key (g_ptr_array_index (self->items, i)), key) == 0)
      return i;
  return G_MAXUINT;
}

/**
 * studio_action_list_new:
 *
 * Returns: (transfer full): an empty list
 */
StudioActionList *
studio_action_list_new (void)
{
  return g_object_new (STUDIO_TYPE_ACTION_LIST, NULL);
}

static void
studio_action_list_finalize (GObject *object)
{
  StudioActionList *self = STUDIO_ACTION_LIST (object);

  g_ptr_array_unref (self->items);
  g_hash_table_unref (self->by_key);
  g_ptr_array_unref (self->actions);
  g_free (self->filter);
  g_strfreev (self->words);

  G_OBJECT_CLASS (studio_action_list_parent_class)->finalize (object);
}

static void
studio_action_list_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  StudioActionList *self = STUDIO_ACTION_LIST (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_string (value, self->filter);
      break;
    case PROP_N_ACTIONS:
      g_value_set_uint (value, self->actions->len);
      break;
    case PROP_N_MATCHES:
      g_value_set_uint (value, self->n_matches);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_action_list_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  switch (prop_id)
    {
    case PROP_FILTER:
      studio_action_list_set_filter (STUDIO_ACTION_LIST (object), g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_action_list_class_init (StudioActionListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = studio_action_list_finalize;
  object_class->get_property = studio_action_list_get_property;
  object_class->set_property = studio_action_list_set_property;

  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ACTIONS] =
    g_param_spec_uint ("n-actions", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MATCHES] =
    g_param_spec_uint ("n-matches", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
studio_action_list_init (StudioActionList *self)
{
  self->actions = g_ptr_array_new_with_free_func (g_object_unref);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_key = g_hash_table_new (g_str_hash, g_str_equal);
}
