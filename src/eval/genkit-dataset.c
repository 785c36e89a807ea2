/* genkit-dataset.c — a dataset's metadata: id, target, schema, version, size, times
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-eval-private.h"

/**
 * GenkitDataset:
 *
 * What the studio knows about a dataset, Genkit's `DatasetMetadata`: its id (the name users
 * give it), the kind of target it is for and that target's key, an optional schema
 * (`{inputSchema, referenceSchema}`), the metrics it is meant for (`metricRefs`), its version
 * (incremented on every change), its number of rows, and when it was created and last
 * changed.
 *
 * Datasets come from a [class@Genkit.DatasetStore], which keeps them up to date: the same
 * object changes (and notifies its properties) when the dataset does. The rows are read
 * with [method@Genkit.DatasetStore.get_rows_async].
 */
struct _GenkitDataset
{
  GObject            parent_instance;

  char              *id;
  GenkitDatasetType  dataset_type;
  char              *target_action;
  JsonNode          *schema;
  GStrv              metric_refs;
  gint64             version;
  guint              size;
  gint64             create_time;
  gint64             update_time;
};

G_DEFINE_FINAL_TYPE (GenkitDataset, genkit_dataset, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_DATASET_TYPE,
  PROP_TARGET_ACTION,
  PROP_SCHEMA,
  PROP_METRIC_REFS,
  PROP_VERSION,
  PROP_SIZE,
  PROP_CREATE_TIME,
  PROP_UPDATE_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const type_names[] = { "UNKNOWN", "FLOW", "MODEL", "EXECUTABLE_PROMPT" };

/**
 * genkit_dataset_type_to_string:
 * @type: a dataset type
 *
 * Gets Genkit's name of a dataset type.
 *
 * Returns: Genkit's name of @type: `UNKNOWN`, `FLOW`, `MODEL`, `EXECUTABLE_PROMPT`
 */
const char *
genkit_dataset_type_to_string (GenkitDatasetType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (type_names), "UNKNOWN");

  return type_names[type];
}

/**
 * genkit_dataset_type_from_string:
 * @string: one of Genkit's dataset type names
 * @type: (out): the type
 *
 * Reads a dataset type from Genkit's name of it.
 *
 * Returns: %TRUE if @string names a dataset type
 */
gboolean
genkit_dataset_type_from_string (const char        *string,
                                 GenkitDatasetType *type)
{
  g_return_val_if_fail (type != NULL, FALSE);

  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (type_names); i++)
    if (g_str_equal (string, type_names[i]))
      {
        *type = (GenkitDatasetType) i;
        return TRUE;
      }
  return FALSE;
}

/**
 * genkit_dataset_id_is_valid:
 * @id: a dataset id a user chose
 *
 * Checks an id as Genkit's dataset store does: 6 to 36 characters, letters, digits, `_`, `.`
 * and `-`, starting with a letter and ending with a letter or digit
 * (`^[A-Za-z][A-Za-z0-9_.-]{4,34}[A-Za-z0-9]$`). Ids generated for datasets created
 * without one are UUIDs.
 *
 * Returns: %TRUE if Genkit accepts @id
 */
gboolean
genkit_dataset_id_is_valid (const char *id)
{
  g_return_val_if_fail (id != NULL, FALSE);

  return g_regex_match_simple ("^[A-Za-z][A-Za-z0-9_.-]{4,34}[A-Za-z0-9]$", id,
                               G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT);
}

static void
genkit_dataset_finalize (GObject *object)
{
  GenkitDataset *self = GENKIT_DATASET (object);

  g_free (self->id);
  g_free (self->target_action);
  g_clear_pointer (&self->schema, json_node_unref);
  g_strfreev (self->metric_refs);

  G_OBJECT_CLASS (genkit_dataset_parent_class)->finalize (object);
}

static void
genkit_dataset_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GenkitDataset *self = GENKIT_DATASET (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_DATASET_TYPE:
      g_value_set_enum (value, self->dataset_type);
      break;
    case PROP_TARGET_ACTION:
      g_value_set_string (value, self->target_action);
      break;
    case PROP_SCHEMA:
      g_value_set_boxed (value, self->schema);
      break;
    case PROP_METRIC_REFS:
      g_value_set_boxed (value, self->metric_refs);
      break;
    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;
    case PROP_SIZE:
      g_value_set_uint (value, self->size);
      break;
    case PROP_CREATE_TIME:
      g_value_set_int64 (value, self->create_time);
      break;
    case PROP_UPDATE_TIME:
      g_value_set_int64 (value, self->update_time);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
genkit_dataset_class_init (GenkitDatasetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = genkit_dataset_finalize;
  object_class->get_property = genkit_dataset_get_property;

  /**
   * GenkitDataset:id:
   *
   * The dataset's id (Genkit's `datasetId`), which is also its name.
   */
  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDataset:dataset-type:
   *
   * The kind of target the dataset is for.
   */
  properties[PROP_DATASET_TYPE] =
    g_param_spec_enum ("dataset-type", NULL, NULL, GENKIT_TYPE_DATASET_TYPE,
                       GENKIT_DATASET_TYPE_UNKNOWN, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDataset:target-action:
   *
   * The key of the action the dataset is for (`/flow/greet`), or %NULL.
   */
  properties[PROP_TARGET_ACTION] =
    g_param_spec_string ("target-action", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDataset:schema:
   *
   * Genkit's dataset `schema`, `{"inputSchema", "referenceSchema"}`, or %NULL.
   */
  properties[PROP_SCHEMA] =
    g_param_spec_boxed ("schema", NULL, NULL, JSON_TYPE_NODE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDataset:metric-refs:
   *
   * The evaluators the dataset is meant for (Genkit's `metricRefs`).
   */
  properties[PROP_METRIC_REFS] =
    g_param_spec_boxed ("metric-refs", NULL, NULL, G_TYPE_STRV, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDataset:version:
   *
   * The version: 1 when created, one more after each change.
   */
  properties[PROP_VERSION] =
    g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDataset:size:
   *
   * The number of rows of the current version.
   */
  properties[PROP_SIZE] =
    g_param_spec_uint ("size", NULL, NULL, 0, G_MAXUINT, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDataset:create-time:
   *
   * When the dataset was created, in milliseconds since the Unix epoch.
   */
  properties[PROP_CREATE_TIME] =
    g_param_spec_int64 ("create-time", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GenkitDataset:update-time:
   *
   * When the dataset last changed, in milliseconds since the Unix epoch.
   */
  properties[PROP_UPDATE_TIME] =
    g_param_spec_int64 ("update-time", NULL, NULL, 0, G_MAXINT64, 0, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
genkit_dataset_init (GenkitDataset *self)
{
}

static GStrv
strv_from_json (JsonNode *node)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

/* A dataset from `SELECT id, dataset_type, target_action, schema, metric_refs, version, size,
 * create_time, update_time FROM datasets`. */
GenkitDataset *
_genkit_dataset_new_from_row (sqlite3_stmt *stmt)
{
  GenkitDataset *self = g_object_new (GENKIT_TYPE_DATASET, NULL);
  g_autoptr(JsonNode) refs = _genkit_eval_sql_column_json (stmt, 4);

  self->id = _genkit_eval_sql_column_text (stmt, 0);
  if (!genkit_dataset_type_from_string ((const char *) sqlite3_column_text (stmt, 1), &self->dataset_type))
    self->dataset_type = GENKIT_DATASET_TYPE_UNKNOWN;
  self->target_action = _genkit_eval_sql_column_text (stmt, 2);
  self->schema = _genkit_eval_sql_column_json (stmt, 3);
  self->metric_refs = strv_from_json (refs);
  self->version = sqlite3_column_int64 (stmt, 5);
  self->size = (guint) sqlite3_column_int64 (stmt, 6);
  self->create_time = sqlite3_column_int64 (stmt, 7);
  self->update_time = sqlite3_column_int64 (stmt, 8);
  return self;
}

static gboolean
json_equal (JsonNode *a,
            JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return json_node_equal (a, b);
}

/* Takes @from's values (the same dataset, read again), notifying what changed. */
void
_genkit_dataset_update (GenkitDataset *self,
                        GenkitDataset *from)
{
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);
  if (self->dataset_type != from->dataset_type)
    {
      self->dataset_type = from->dataset_type;
      g_object_notify_by_pspec (object, properties[PROP_DATASET_TYPE]);
    }
  if (g_strcmp0 (self->target_action, from->target_action) != 0)
    {
      g_free (self->target_action);
      self->target_action = g_strdup (from->target_action);
      g_object_notify_by_pspec (object, properties[PROP_TARGET_ACTION]);
    }
  if (!json_equal (self->schema, from->schema))
    {
      g_clear_pointer (&self->schema, json_node_unref);
      self->schema = _genkit_eval_json_copy (from->schema);
      g_object_notify_by_pspec (object, properties[PROP_SCHEMA]);
    }
  if (!g_strv_equal ((const char * const *) self->metric_refs, (const char * const *) from->metric_refs))
    {
      g_strfreev (self->metric_refs);
      self->metric_refs = g_strdupv (from->metric_refs);
      g_object_notify_by_pspec (object, properties[PROP_METRIC_REFS]);
    }
  if (self->version != from->version)
    {
      self->version = from->version;
      g_object_notify_by_pspec (object, properties[PROP_VERSION]);
    }
  if (self->size != from->size)
    {
      self->size = from->size;
      g_object_notify_by_pspec (object, properties[PROP_SIZE]);
    }
  if (self->create_time != from->create_time)
    {
      self->create_time = from->create_time;
      g_object_notify_by_pspec (object, properties[PROP_CREATE_TIME]);
    }
  if (self->update_time != from->update_time)
    {
      self->update_time = from->update_time;
      g_object_notify_by_pspec (object, properties[PROP_UPDATE_TIME]);
    }
  g_object_thaw_notify (object);
}

/**
 * genkit_dataset_get_id:
 * @self: a [class@Genkit.Dataset]
 *
 * Gets the dataset's id.
 *
 * Returns: the dataset's id
 */
const char *
genkit_dataset_get_id (GenkitDataset *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET (self), NULL);

  return self->id;
}

/**
 * genkit_dataset_get_dataset_type:
 * @self: a [class@Genkit.Dataset]
 *
 * Gets the kind of target the dataset is for.
 *
 * Returns: the kind of target the dataset is for
 */
GenkitDatasetType
genkit_dataset_get_dataset_type (GenkitDataset *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET (self), GENKIT_DATASET_TYPE_UNKNOWN);

  return self->dataset_type;
}

/**
 * genkit_dataset_get_target_action:
 * @self: a [class@Genkit.Dataset]
 *
 * Gets the key of the dataset's target action.
 *
 * Returns: (nullable): the key of the dataset's target action
 */
const char *
genkit_dataset_get_target_action (GenkitDataset *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET (self), NULL);

  return self->target_action;
}

/**
 * genkit_dataset_get_schema:
 * @self: a [class@Genkit.Dataset]
 *
 * Gets the dataset's `schema`.
 *
 * Returns: (transfer none) (nullable): the dataset's `schema`
 */
JsonNode *
genkit_dataset_get_schema (GenkitDataset *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET (self), NULL);

  return self->schema;
}

/**
 * genkit_dataset_get_metric_refs:
 * @self: a [class@Genkit.Dataset]
 *
 * Gets the dataset's `metricRefs`, possibly empty.
 *
 * Returns: (transfer none): the dataset's `metricRefs`, possibly empty
 */
const char * const *
genkit_dataset_get_metric_refs (GenkitDataset *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET (self), NULL);

  return (const char * const *) self->metric_refs;
}

/**
 * genkit_dataset_get_version:
 * @self: a [class@Genkit.Dataset]
 *
 * Gets the current version.
 *
 * Returns: the current version
 */
gint64
genkit_dataset_get_version (GenkitDataset *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET (self), 0);

  return self->version;
}

/**
 * genkit_dataset_get_size:
 * @self: a [class@Genkit.Dataset]
 *
 * Gets the number of rows.
 *
 * Returns: the number of rows
 */
guint
genkit_dataset_get_size (GenkitDataset *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET (self), 0);

  return self->size;
}

/**
 * genkit_dataset_get_create_time:
 * @self: a [class@Genkit.Dataset]
 *
 * Gets when the dataset was created, in milliseconds since the Unix epoch.
 *
 * Returns: when the dataset was created, in milliseconds since the Unix epoch
 */
gint64
genkit_dataset_get_create_time (GenkitDataset *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET (self), 0);

  return self->create_time;
}

/**
 * genkit_dataset_get_update_time:
 * @self: a [class@Genkit.Dataset]
 *
 * Gets when the dataset last changed, in milliseconds since the Unix epoch.
 *
 * Returns: when the dataset last changed, in milliseconds since the Unix epoch
 */
gint64
genkit_dataset_get_update_time (GenkitDataset *self)
{
  g_return_val_if_fail (GENKIT_IS_DATASET (self), 0);

  return self->update_time;
}

/**
 * genkit_dataset_to_metadata_json:
 * @self: a [class@Genkit.Dataset]
 *
 * The dataset as Genkit's `DatasetMetadata`, in the order Genkit's dataset store writes its
 * `index.json` entries: `datasetId`, `schema`, `targetAction`, `metricRefs`, `size`,
 * `version`, `datasetType`, `createTime`, `updateTime` — the times in JavaScript's
 * `Date.toString()` form, as Genkit writes them.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
genkit_dataset_to_metadata_json (GenkitDataset *self)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *created = NULL;
  g_autofree char *updated = NULL;
  JsonArray *refs = json_array_new ();

  g_return_val_if_fail (GENKIT_IS_DATASET (self), NULL);

  created = _genkit_eval_js_date_string (self->create_time);
  updated = _genkit_eval_js_date_string (self->update_time);
  for (guint i = 0; self->metric_refs[i] != NULL; i++)
    json_array_add_string_element (refs, self->metric_refs[i]);

  json_object_set_string_member (object, "datasetId", self->id);
  if (self->schema != NULL)
    json_object_set_member (object, "schema", json_node_copy (self->schema));
  if (self->target_action != NULL)
    json_object_set_string_member (object, "targetAction", self->target_action);
  json_object_set_array_member (object, "metricRefs", refs);
  json_object_set_int_member (object, "size", self->size);
  json_object_set_int_member (object, "version", self->version);
  json_object_set_string_member (object, "datasetType", genkit_dataset_type_to_string (self->dataset_type));
  json_object_set_string_member (object, "createTime", created);
  json_object_set_string_member (object, "updateTime", updated);
  return json_node_init_object (json_node_alloc (), object);
}
