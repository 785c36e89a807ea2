/* genkit-schema-violation.c — one way an instance fails a JSON schema
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-schema-violation.h"

/**
 * GenkitSchemaViolation:
 *
 * One reason why a JSON value does not satisfy a JSON schema, as found by
 * [method@Genkit.JsonSchema.validate].
 *
 * A violation carries the three things Genkit's JavaScript runtime reports for every
 * failed check (`ValidationErrorDetail` in `js/core/src/schema.ts`, fed by ajv's
 * `ErrorObject`):
 *
 * - the *path* of the offending value in Genkit's notation: `(root)` for the value
 *   itself, otherwise the JSON-pointer tokens joined by dots, such as `count` or
 *   `items.0.name`;
 * - the schema *keyword* that failed, such as `type` or `required`;
 * - a *message* worded as ajv words it, such as `must be integer`.
 *
 * ```c
 * g_autoptr(GPtrArray) violations = NULL;
 *
 * if (!genkit_json_schema_validate (schema, input, &violations, NULL))
 *   for (guint i = 0; i < violations->len; i++)
 *     {
 *       GenkitSchemaViolation *v = g_ptr_array_index (violations, i);
 *       g_print ("%s: %s\n",
 *                genkit_schema_violation_get_path (v),
 *                genkit_schema_violation_get_message (v));
 *     }
 * ```
 *
 * Violations are immutable and reference counted.
 */
struct _GenkitSchemaViolation
{
  gatomicrefcount  ref_count;

  char            *path;
  char            *keyword;
  char            *message;
};

G_DEFINE_BOXED_TYPE (GenkitSchemaViolation, genkit_schema_violation,
                     genkit_schema_violation_ref, genkit_schema_violation_unref)

/**
 * genkit_schema_violation_new:
 * @path: where the violation is, in Genkit's notation (`(root)`, `count`, `items.0.name`)
 * @keyword: the schema keyword that failed, such as `type`
 * @message: the human readable reason, such as `must be integer`
 *
 * Creates a violation. The validator makes these; other code only needs this to
 * report its own checks in the same shape.
 *
 * Returns: (transfer full): a new violation holding copies of the strings
 */
GenkitSchemaViolation *
genkit_schema_violation_new (const char *path,
                             const char *keyword,
                             const char *message)
{
  GenkitSchemaViolation *self;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (keyword != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  self = g_new0 (GenkitSchemaViolation, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->path = g_strdup (path);
  self->keyword = g_strdup (keyword);
  self->message = g_strdup (message);

  return self;
}

/**
 * genkit_schema_violation_ref:
 * @self: a violation
 *
 * Takes a reference on @self.
 *
 * Returns: (transfer full): @self
 */
GenkitSchemaViolation *
genkit_schema_violation_ref (GenkitSchemaViolation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_schema_violation_unref:
 * @self: (transfer full): a violation
 *
 * Drops a reference on @self, freeing it when the last one goes.
 */
void
genkit_schema_violation_unref (GenkitSchemaViolation *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->path);
  g_free (self->keyword);
  g_free (self->message);
  g_free (self);
}

/**
 * genkit_schema_violation_get_path:
 * @self: a violation
 *
 * Where the offending value sits in the validated instance, the way Genkit prints it:
 * `(root)` for the instance itself, otherwise ajv's `instancePath` without its leading
 * slash and with the remaining slashes turned into dots (`items.0.name`). Like ajv, a
 * missing required property is reported at the object that lacks it, and property names
 * keep JSON-pointer escaping (`a/b` appears as `a~1b`, `a~b` as `a~0b`).
 *
 * Returns: (transfer none): the path
 */
const char *
genkit_schema_violation_get_path (GenkitSchemaViolation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->path;
}

/**
 * genkit_schema_violation_get_keyword:
 * @self: a violation
 *
 * The schema keyword that failed, as ajv names it in `ErrorObject.keyword`: `type`,
 * `required`, `additionalProperties`, `minimum`, `format`, `false schema` (for a `false`
 * boolean schema) and so on.
 *
 * Returns: (transfer none): the keyword
 */
const char *
genkit_schema_violation_get_keyword (GenkitSchemaViolation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->keyword;
}

/**
 * genkit_schema_violation_get_message:
 * @self: a violation
 *
 * What is wrong, in ajv's English wording (`must be integer`,
 * `must have required property 'name'`), which is what Genkit shows after the path in
 * its "Schema validation failed" error.
 *
 * Returns: (transfer none): the message
 */
const char *
genkit_schema_violation_get_message (GenkitSchemaViolation *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->message;
}
