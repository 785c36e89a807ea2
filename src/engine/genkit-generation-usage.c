/* genkit-generation-usage.c — token, character and media counts of a generation
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-generation-usage.h"

/**
 * GenkitGenerationUsage:
 *
 * Usage statistics of a generation, Genkit's `GenerationUsage`: optional numbers
 * `inputTokens`, `outputTokens`, `totalTokens`, `inputCharacters`, `outputCharacters`,
 * `inputImages`, `outputImages`, `inputVideos`, `outputVideos`, `inputAudioFiles`,
 * `outputAudioFiles`, `thoughtsTokens`, `cachedContentTokens`, and `custom`, an object of
 * numbers. Tokens and characters are counts, not bytes.
 *
 * Like the other data types it is its checked JSON object; other members are kept.
 */
struct _GenkitGenerationUsage
{
  gatomicrefcount  ref_count;
  JsonObject      *object;
};

G_DEFINE_BOXED_TYPE (GenkitGenerationUsage, genkit_generation_usage,
                     genkit_generation_usage_ref, genkit_generation_usage_unref)

static const char * const number_keys[] = {
  "inputTokens", "outputTokens", "totalTokens", "inputCharacters", "outputCharacters",
  "inputImages", "outputImages", "inputVideos", "outputVideos", "inputAudioFiles",
  "outputAudioFiles", "thoughtsTokens", "cachedContentTokens",
};

gboolean
_genkit_usage_check (GkCheck    *check,
                     JsonNode   *node,
                     const char *path)
{
  JsonObject *object;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);

  for (guint i = 0; i < G_N_ELEMENTS (number_keys); i++)
    if (!_gk_check_member (check, object, path, number_keys[i], GK_NUMBER, FALSE))
      return FALSE;

  if (!_gk_check_member (check, object, path, "custom", GK_OBJECT, FALSE))
    return FALSE;
  if (json_object_has_member (object, "custom"))
    {
      JsonObject *custom = json_object_get_object_member (object, "custom");
      g_autofree char *inner = _gk_path_member (path, "custom");
      g_autoptr(GList) keys = json_object_get_members (custom);

      for (GList *l = keys; l != NULL; l = l->next)
        if (!_gk_check_member (check, custom, inner, l->data, GK_NUMBER, TRUE))
          return FALSE;
    }
  return TRUE;
}

GenkitGenerationUsage *
_genkit_usage_wrap (JsonObject *object)
{
  GenkitGenerationUsage *self = g_new0 (GenkitGenerationUsage, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->object = json_object_ref (object);
  return self;
}

/**
 * genkit_generation_usage_new:
 *
 * Makes empty usage statistics, `{}`.
 *
 * Returns: (transfer full): the new usage
 */
GenkitGenerationUsage *
genkit_generation_usage_new (void)
{
  g_autoptr(JsonObject) object = json_object_new ();

  return _genkit_usage_wrap (object);
}

/**
 * genkit_generation_usage_new_from_json:
 * @node: a JSON object
 * @error: return location for an error: `INVALID_ARGUMENT` naming a field that is not a number
 *
 * Reads usage statistics. @node is copied.
 *
 * Returns: (transfer full) (nullable): the usage, or %NULL with @error set
 */
GenkitGenerationUsage *
genkit_generation_usage_new_from_json (JsonNode  *node,
                                       GError   **error)
{
  GkCheck check = { "GenerationUsage", error };
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!_genkit_usage_check (&check, node, ""))
    return NULL;
  copy = _gk_node_copy (node);
  return _genkit_usage_wrap (json_node_get_object (copy));
}

/**
 * genkit_generation_usage_ref:
 * @self: a [struct@Genkit.GenerationUsage]
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
GenkitGenerationUsage *
genkit_generation_usage_ref (GenkitGenerationUsage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_generation_usage_unref:
 * @self: (transfer full): a [struct@Genkit.GenerationUsage]
 *
 * Drops a reference.
 */
void
genkit_generation_usage_unref (GenkitGenerationUsage *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      json_object_unref (self->object);
      g_free (self);
    }
}

/**
 * genkit_generation_usage_to_json:
 * @self: a [struct@Genkit.GenerationUsage]
 *
 * Serializes the statistics.
 *
 * Returns: (transfer full): a copy of the usage's JSON object
 */
JsonNode *
genkit_generation_usage_to_json (GenkitGenerationUsage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_node_take_object (_gk_object_copy (self->object));
}

/**
 * genkit_generation_usage_has_value:
 * @self: a [struct@Genkit.GenerationUsage]
 * @name: a key such as `inputTokens`
 *
 * Tells whether the statistic is present.
 *
 * Returns: %TRUE if @name holds a number
 */
gboolean
genkit_generation_usage_has_value (GenkitGenerationUsage *self,
                                   const char            *name)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  node = json_object_get_member (self->object, name);
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

/**
 * genkit_generation_usage_get_value:
 * @self: a [struct@Genkit.GenerationUsage]
 * @name: a key such as `inputTokens` or `outputCharacters`
 *
 * Gets one statistic.
 *
 * Returns: its value, 0 when absent
 */
double
genkit_generation_usage_get_value (GenkitGenerationUsage *self,
                                   const char            *name)
{
  g_return_val_if_fail (self != NULL, 0);

  if (!genkit_generation_usage_has_value (self, name))
    return 0;
  return json_node_get_double (json_object_get_member (self->object, name));
}

/**
 * genkit_generation_usage_set_value:
 * @self: a [struct@Genkit.GenerationUsage]
 * @name: a key such as `inputTokens`
 * @value: the count
 *
 * Sets one statistic; whole numbers are written as JSON integers.
 */
void
genkit_generation_usage_set_value (GenkitGenerationUsage *self,
                                   const char            *name,
                                   double                 value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  if (value == (double) (gint64) value)
    json_object_set_int_member (self->object, name, (gint64) value);
  else
    json_object_set_double_member (self->object, name, value);
}

/**
 * genkit_generation_usage_get_custom:
 * @self: a [struct@Genkit.GenerationUsage]
 *
 * Gets `custom`, provider-specific counts by name.
 *
 * Returns: (transfer none) (nullable): the object, or %NULL when absent
 */
JsonObject *
genkit_generation_usage_get_custom (GenkitGenerationUsage *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_object (self->object, "custom");
}
