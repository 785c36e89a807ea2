/* studio-action-item.c — one row of the action list: a group header or an action
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <glib/gi18n.h>

#include "studio-action-item.h"
#include "studio-enums.h"
#include "studio-util.h"

/**
 * StudioActionItem:
 *
 * An item of [class@Studio.ActionList]: either the header of a group ("Flows 6") — GTK 4.8
 * has no section headers, so they are items — or one action, from its descriptor in the
 * runtime's `GET /api/actions` answer (protocol §2.3).
 */
struct _StudioActionItem
{
  GObject            parent_instance;

  StudioActionGroup  group;
  gboolean           is_header;
  guint              count;

  char              *key;
  char              *name;
  char              *action_type;
  char              *description;
  char              *search_text;     /* name, key and description, case-folded */
  JsonNode          *descriptor;
};

G_DEFINE_FINAL_TYPE (StudioActionItem, studio_action_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_IS_HEADER,
  PROP_IS_ACTION,
  PROP_GROUP,
  PROP_TITLE,
  PROP_SUBTITLE,
  PROP_HAS_SUBTITLE,
  PROP_KEY,
  PROP_ACTION_TYPE,
  PROP_COUNT,
  PROP_COUNT_LABEL,
  PROP_DESCRIPTOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * studio_action_group_for_type:
 * @action_type: an action type such as `flow` (protocol §5.1)
 *
 * Returns: the group actions of @action_type are listed in
 */
StudioActionGroup
studio_action_group_for_type (const char *action_type)
{
  static const struct { const char *type; StudioActionGroup group; } map[] = {
    { "flow", STUDIO_ACTION_GROUP_FLOWS },
    { "model", STUDIO_ACTION_GROUP_MODELS },
    { "background-model", STUDIO_ACTION_GROUP_MODELS },
    { "prompt", STUDIO_ACTION_GROUP_PROMPTS },
    { "executable-prompt", STUDIO_ACTION_GROUP_PROMPTS },
    { "tool", STUDIO_ACTION_GROUP_TOOLS },
    { "tool.v2", STUDIO_ACTION_GROUP_TOOLS },
    { "retriever", STUDIO_ACTION_GROUP_RETRIEVERS },
    { "embedder", STUDIO_ACTION_GROUP_EMBEDDERS },
    { "evaluator", STUDIO_ACTION_GROUP_EVALUATORS },
  };

  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_strcmp0 (action_type, map[i].type) == 0)
      return map[i].group;
  return STUDIO_ACTION_GROUP_OTHER;
}

/**
 * studio_action_group_get_label:
 * @group: a group
 *
 * Returns: the group's title, translated ("Flows")
 */
const char *
studio_action_group_get_label (StudioActionGroup group)
{
  switch (group)
    {
    case STUDIO_ACTION_GROUP_FLOWS:
      return _("Flows");
    case STUDIO_ACTION_GROUP_MODELS:
      return _("Models");
    case STUDIO_ACTION_GROUP_PROMPTS:
      return _("Prompts");
    case STUDIO_ACTION_GROUP_TOOLS:
      return _("Tools");
    case STUDIO_ACTION_GROUP_RETRIEVERS:
      return _("Retrievers");
    case STUDIO_ACTION_GROUP_EMBEDDERS:
      return _("Embedders");
    case STUDIO_ACTION_GROUP_EVALUATORS:
      return _("Evaluators");
    case STUDIO_ACTION_GROUP_OTHER:
    default:
      return _("Other");
    }
}

static const char *
descriptor_string (JsonObject *object,
                   const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  /* Go runtimes send "description": "" or null; both mean none. */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  if (json_node_get_string (node)[0] == '\0')
    return NULL;
  return json_node_get_string (node);
}

/**
 * studio_action_item_new_action:
 * @key: the action key, e.g. `/flow/greet`
 * @descriptor: (transfer none): the action's descriptor (an object node)
 *
 * Makes the item of one action. An action provided by a dynamic action provider
 * (`/dynamic-action-provider/mcp-host:tool/fetch_url`) is listed with the type it provides.
 *
 * Returns: (transfer full): a new item
 */
StudioActionItem *
studio_action_item_new_action (const char *key,
                               JsonNode   *descriptor)
{
  StudioActionItem *self;
  JsonObject *object;
  g_autofree char *folded = NULL;
  const char *description;
  const char *name;

  g_return_val_if_fail (key != NULL, NULL);
  g_return_val_if_fail (descriptor != NULL && JSON_NODE_HOLDS_OBJECT (descriptor), NULL);

  object = json_node_get_object (descriptor);
  self = g_object_new (STUDIO_TYPE_ACTION_ITEM, NULL);
  self->key = g_strdup (key);
  self->descriptor = json_node_ref (descriptor);
  self->action_type = studio_action_key_dup_type (key);
  if (self->action_type == NULL)
    self->action_type = g_strdup ("custom");

  name = descriptor_string (object, "name");
  self->name = name ? g_strdup (name) : studio_action_key_dup_name (key);
  if (self->name == NULL)
    self->name = g_strdup (key);

  description = descriptor_string (object, "description");
  self->description = g_strdup (description);

  if (g_strcmp0 (self->action_type, "dynamic-action-provider") == 0 && strchr (self->name, ':') != NULL)
    {
      const char *provided = strchr (self->name, ':') + 1;
      const char *slash = strchr (provided, '/');
      g_autofree char *provided_type = slash ? g_strndup (provided, slash - provided) : NULL;

      self->group = provided_type ? studio_action_group_for_type (provided_type)
                                  : STUDIO_ACTION_GROUP_OTHER;
    }
  else
    self->group = studio_action_group_for_type (self->action_type);

  folded = g_strjoin ("\n", self->name, key, description ? description : "", NULL);
  self->search_text = g_utf8_casefold (folded, -1);
  return self;
}

/**
 * studio_action_item_new_header:
 * @group: the group
 * @count: how many actions it lists
 *
 * Returns: (transfer full): the header item of @group
 */
StudioActionItem *
studio_action_item_new_header (StudioActionGroup group,
                               guint             count)
{
  StudioActionItem *self = g_object_new (STUDIO_TYPE_ACTION_ITEM, NULL);

  self->is_header = TRUE;
  self->group = group;
  self->count = count;
  return self;
}

/**
 * studio_action_item_matches:
 * @self: an action item
 * @words: (array zero-terminated=1): case-folded words; %NULL or empty matches everything
 *
 * Returns: %TRUE if every word occurs in the action's name, key or description
 */
gboolean
studio_action_item_matches (StudioActionItem   *self,
                            const char * const *words)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), FALSE);

  if (self->is_header)
    return FALSE;
  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    if (strstr (self->search_text, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

gboolean
studio_action_item_is_header (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), FALSE);
  return self->is_header;
}

StudioActionGroup
studio_action_item_get_group (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), STUDIO_ACTION_GROUP_OTHER);
  return self->group;
}

const char *
studio_action_item_get_key (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), NULL);
  return self->key;
}

const char *
studio_action_item_get_name (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), NULL);
  return self->name;
}

const char *
studio_action_item_get_action_type (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), NULL);
  return self->action_type;
}

const char *
studio_action_item_get_description (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), NULL);
  return self->description;
}

/**
 * studio_action_item_get_descriptor:
 * @self: an action item
 *
 * Returns: (transfer none) (nullable): the action's descriptor; %NULL for a header
 */
JsonNode *
studio_action_item_get_descriptor (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), NULL);
  return self->descriptor;
}

static JsonNode *
descriptor_member (StudioActionItem *self,
                   const char       *member)
{
  JsonNode *node;

  if (self->descriptor == NULL)
    return NULL;
  node = json_object_get_member (json_node_get_object (self->descriptor), member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

/**
 * studio_action_item_get_input_schema:
 * @self: an action item
 *
 * Returns: (transfer none) (nullable): the action's input JSON Schema, if it has one
 */
JsonNode *
studio_action_item_get_input_schema (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), NULL);
  return descriptor_member (self, "inputSchema");
}

/**
 * studio_action_item_get_output_schema:
 * @self: an action item
 *
 * Returns: (transfer none) (nullable): the action's output JSON Schema, if it has one
 */
JsonNode *
studio_action_item_get_output_schema (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), NULL);
  return descriptor_member (self, "outputSchema");
}

/**
 * studio_action_item_get_metadata:
 * @self: an action item
 *
 * Returns: (transfer none) (nullable): the action's metadata object (protocol §5.4)
 */
JsonObject *
studio_action_item_get_metadata (StudioActionItem *self)
{
  JsonNode *node;

  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), NULL);

  node = descriptor_member (self, "metadata");
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

guint
studio_action_item_get_count (StudioActionItem *self)
{
  g_return_val_if_fail (STUDIO_IS_ACTION_ITEM (self), 0);
  return self->count;
}

static void
studio_action_item_finalize (GObject *object)
{
  StudioActionItem *self = STUDIO_ACTION_ITEM (object);

  g_free (self->key);
  g_free (self->name);
  g_free (self->action_type);
  g_free (self->description);
  g_free (self->search_text);
  g_clear_pointer (&self->descriptor, json_node_unref);

  G_OBJECT_CLASS (studio_action_item_parent_class)->finalize (object);
}

static void
studio_action_item_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  StudioActionItem *self = STUDIO_ACTION_ITEM (object);

  switch (prop_id)
    {
    case PROP_IS_HEADER:
      g_value_set_boolean (value, self->is_header);
      break;
    case PROP_IS_ACTION:
      g_value_set_boolean (value, !self->is_header);
      break;
    case PROP_GROUP:
      g_value_set_enum (value, self->group);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->is_header ? studio_action_group_get_label (self->group) : self->name);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->description);
      break;
    case PROP_HAS_SUBTITLE:
      g_value_set_boolean (value, self->description != NULL);
      break;
    case PROP_KEY:
      g_value_set_string (value, self->key);
      break;
    case PROP_ACTION_TYPE:
      g_value_set_string (value, self->action_type);
      break;
    case PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;
    case PROP_COUNT_LABEL:
      g_value_take_string (value, self->is_header ? g_strdup_printf ("%u", self->count) : NULL);
      break;
    case PROP_DESCRIPTOR:
      g_value_set_boxed (value, self->descriptor);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
studio_action_item_class_init (StudioActionItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = studio_action_item_finalize;
  object_class->get_property = studio_action_item_get_property;

  properties[PROP_IS_HEADER] =
    g_param_spec_boolean ("is-header", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IS_ACTION] =
    g_param_spec_boolean ("is-action", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_GROUP] =
    g_param_spec_enum ("group", NULL, NULL, STUDIO_TYPE_ACTION_GROUP, STUDIO_ACTION_GROUP_OTHER,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * StudioActionItem:title:
   *
   * The group's label for a header, the action's name otherwise.
   */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * StudioActionItem:subtitle:
   *
   * The action's description, if it has one.
   */
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_SUBTITLE] =
    g_param_spec_boolean ("has-subtitle", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTION_TYPE] =
    g_param_spec_string ("action-type", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /**
   * StudioActionItem:count:
   *
   * For a header, how many actions of the group the list shows.
   */
  properties[PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNT_LABEL] =
    g_param_spec_string ("count-label", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTOR] =
    g_param_spec_boxed ("descriptor", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
studio_action_item_init (StudioActionItem *self)
{
}
