/* genkit-eval-evaluators.c — the built-in evaluators: regex, JSON schema, deep equal; the
 * LLM-as-judge ones are in genkit-eval-judges.c
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "genkit-eval-private.h"

static const char * const builtin_names[] = {
  "genkitEval/regex",
  "genkitEval/deep_equal",
  "genkitEval/json_schema",
  "genkitEval/faithfulness",
  "genkitEval/answer_relevancy",
  "genkitEval/maliciousness",
  NULL
};

/**
 * genkit_eval_get_builtin_evaluators:
 *
 * The names of the evaluators [func@Genkit.eval_define_builtin_evaluators] registers, under
 * the `genkitEval/` namespace of Genkit's evaluator plugin so that metrics compare across
 * runtimes: `genkitEval/regex`, `genkitEval/deep_equal`, `genkitEval/json_schema`,
 * `genkitEval/faithfulness`, `genkitEval/answer_relevancy`, `genkitEval/maliciousness`.
 *
 * Returns: (transfer none): the names
 */
const char * const *
genkit_eval_get_builtin_evaluators (void)
{
  return builtin_names;
}

/**
 * genkit_eval_find_prompt:
 * @name: a prompt file name, such as `faithfulness_nli.prompt`
 * @error: return location for an error
 *
 * Finds one of the LLM-as-judge evaluators' `.prompt` files, data files installed with the
 * studio: in `$GENKIT_EVAL_PROMPTS_DIR` when that is set (a build tree, a test), else in
 * `genkit-studio/evaluators/` of the install's data directory, of `$XDG_DATA_HOME` and of
 * `$XDG_DATA_DIRS`.
 *
 * Returns: (transfer full) (nullable): the file's path, or %NULL with
 *   `GENKIT_ERROR_FAILED_PRECONDITION` naming the places looked in
 */
char *
genkit_eval_find_prompt (const char  *name,
                         GError     **error)
{
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) looked = g_string_new (NULL);
  const char *env = g_getenv ("GENKIT_EVAL_PROMPTS_DIR");
  const char * const *system_dirs = g_get_system_data_dirs ();

  g_return_val_if_fail (name != NULL, NULL);

  if (env != NULL && *env != '\0')
    g_ptr_array_add (dirs, g_strdup (env));
  g_ptr_array_add (dirs, g_strdup (GENKIT_EVAL_PROMPTS_INSTALL_DIR));
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "genkit-studio", "evaluators", NULL));
  for (guint i = 0; system_dirs[i] != NULL; i++)
    g_ptr_array_add (dirs, g_build_filename (system_dirs[i], "genkit-studio", "evaluators", NULL));

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&path);
      g_string_append_printf (looked, "%s%s", i ? ", " : "", (const char *) g_ptr_array_index (dirs, i));
    }

  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
               "Cannot find the evaluator prompt %s (looked in %s; set GENKIT_EVAL_PROMPTS_DIR)",
               name, looked->str);
  return NULL;
}

/* Helpers for scorers ----------------------------------------------------------------- */

static JsonObject *
point_object (JsonNode *data_point)
{
  return json_node_get_object (data_point);
}

static JsonNode *
point_member (JsonNode   *data_point,
              const char *name)
{
  JsonNode *node = json_object_get_member (point_object (data_point), name);

  return node == NULL || JSON_NODE_HOLDS_NULL (node) ? NULL : node;
}

static const char *
option_string (JsonNode   *options,
               const char *name)
{
  JsonNode *node;

  if (options == NULL || !JSON_NODE_HOLDS_OBJECT (options) ||
      !(node = json_object_get_member (json_node_get_object (options), name)) ||
      !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
return_score (GenkitActionRun *run,
              JsonNode        *score,
              const char      *status,
              const char      *reasoning)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_member (object, "score", score);
  if (status != NULL)
    json_object_set_string_member (object, "status", status);
  if (reasoning != NULL)
    {
      JsonObject *details = json_object_new ();

      json_object_set_string_member (details, "reasoning", reasoning);
      json_object_set_object_member (object, "details", details);
    }
  genkit_action_run_return_value (run, json_node_init_object (json_node_alloc (), object));
}

static JsonNode *
boolean_node (gboolean value)
{
  return json_node_init_boolean (json_node_alloc (), value);
}

/* regex ------------------------------------------------------------------------------- */

/* Genkit's regexp evaluator: the reference (or the `pattern` option) is a regular expression
 * searched for in the output (JSON text for anything but a string). */
static void
regex_evaluator (GenkitActionRun *run,
                 JsonNode        *data_point,
                 JsonNode        *options,
                 gpointer         user_data)
{
  JsonNode *output = point_member (data_point, "output");
  JsonNode *reference = point_member (data_point, "reference");
  const char *pattern = option_string (options, "pattern");
  const char *flags = option_string (options, "flags");
  GRegexCompileFlags compile = G_REGEX_DEFAULT;
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gboolean matched;

  if (output == NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT, "Output was not provided");
      return;
    }
  if (pattern == NULL)
    {
      if (reference == NULL)
        {
          genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT, "Reference was not provided");
          return;
        }
      if (!JSON_NODE_HOLDS_VALUE (reference) || json_node_get_value_type (reference) != G_TYPE_STRING)
        {
          genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT,
                                              "Reference must be a string (regex)");
          return;
        }
      pattern = json_node_get_string (reference);
    }

  for (const char *f = flags; f != NULL && *f; f++)
    switch (*f)
      {
      case 'i': compile |= G_REGEX_CASELESS; break;
      case 'm': compile |= G_REGEX_MULTILINE; break;
      case 's': compile |= G_REGEX_DOTALL; break;
      case 'x': compile |= G_REGEX_EXTENDED; break;
      default: break;
      }

  if (!(regex = g_regex_new (pattern, compile, G_REGEX_MATCH_DEFAULT, &error)))
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT,
                                          "Invalid regular expression %s: %s", pattern, error->message);
      return;
    }
  text = _genkit_eval_json_display (output);
  matched = g_regex_match (regex, text, G_REGEX_MATCH_DEFAULT, NULL);
  {
    g_autofree char *reasoning = g_strdup_printf ("%s /%s/", matched ? "output matches" : "output does not match",
                                                  pattern);

    return_score (run, boolean_node (matched), matched ? "PASS" : "FAIL", reasoning);
  }
}

/* deep_equal -------------------------------------------------------------------------- */

static char *
value_text (JsonNode *node)
{
  return node ? json_to_string (node, FALSE) : g_strdup ("undefined");
}

/* Strict deep equality as Node's `assert.deepStrictEqual` sees JSON values: same types
 * (numbers by value, 1 equals 1.0), objects with the same members in any order, arrays in
 * order. On a difference, @where says where. */
static gboolean
deep_equal (JsonNode  *a,
            JsonNode  *b,
            GString   *path,
            char     **where)
{
  JsonNodeType type_a = JSON_NODE_TYPE (a);
  gsize path_len = path->len;

  if (type_a != JSON_NODE_TYPE (b))
    goto differ;

  switch (type_a)
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      {
        GType ta = json_node_get_value_type (a);
        GType tb = json_node_get_value_type (b);
        gboolean na = ta == G_TYPE_INT64 || ta == G_TYPE_DOUBLE;
        gboolean nb = tb == G_TYPE_INT64 || tb == G_TYPE_DOUBLE;

        if (na && nb)
          {
            if (json_node_get_double (a) == json_node_get_double (b))
              return TRUE;
            goto differ;
          }
        if (ta != tb)
          goto differ;
        if (ta == G_TYPE_STRING && g_str_equal (json_node_get_string (a), json_node_get_string (b)))
          return TRUE;
        if (ta == G_TYPE_BOOLEAN && json_node_get_boolean (a) == json_node_get_boolean (b))
          return TRUE;
        goto differ;
      }

    case JSON_NODE_ARRAY:
      {
        JsonArray *x = json_node_get_array (a);
        JsonArray *y = json_node_get_array (b);

        if (json_array_get_length (x) != json_array_get_length (y))
          {
            *where = g_strdup_printf ("%s: %u items != %u items", path->len ? path->str : "(root)",
                                      json_array_get_length (x), json_array_get_length (y));
            return FALSE;
          }
        for (guint i = 0; i < json_array_get_length (x); i++)
          {
            g_string_append_printf (path, "[%u]", i);
            if (!deep_equal (json_array_get_element (x, i), json_array_get_element (y, i), path, where))
              return FALSE;
            g_string_truncate (path, path_len);
          }
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *x = json_node_get_object (a);
        JsonObject *y = json_node_get_object (b);
        g_autoptr(GList) members = json_object_get_members (x);
        g_autoptr(GList) others = json_object_get_members (y);

        for (GList *l = members; l != NULL; l = l->next)
          {
            if (!json_object_has_member (y, l->data))
              {
                *where = g_strdup_printf ("%s%s%s: missing from the reference", path->str,
                                          path->len ? "." : "", (const char *) l->data);
                return FALSE;
              }
            g_string_append_printf (path, "%s%s", path->len ? "." : "", (const char *) l->data);
            if (!deep_equal (json_object_get_member (x, l->data), json_object_get_member (y, l->data), path, where))
              return FALSE;
            g_string_truncate (path, path_len);
          }
        for (GList *l = others; l != NULL; l = l->next)
          if (!json_object_has_member (x, l->data))
            {
              *where = g_strdup_printf ("%s%s%s: missing from the output", path->str,
                                        path->len ? "." : "", (const char *) l->data);
              return FALSE;
            }
        return TRUE;
      }

    default:
      break;
    }

differ:
  {
    g_autofree char *x = value_text (a);
    g_autofree char *y = value_text (b);

    *where = g_strdup_printf ("%s: %s !== %s", path->len ? path->str : "(root)", x, y);
    return FALSE;
  }
}

static void
deep_equal_evaluator (GenkitActionRun *run,
                      JsonNode        *data_point,
                      JsonNode        *options,
                      gpointer         user_data)
{
  JsonNode *output = point_member (data_point, "output");
  JsonNode *reference = point_member (data_point, "reference");
  g_autoptr(GString) path = g_string_new (NULL);
  g_autofree char *where = NULL;
  g_autofree char *reasoning = NULL;

  if (output == NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT, "Output was not provided");
      return;
    }
  if (reference == NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT, "Reference was not provided");
      return;
    }

  if (deep_equal (output, reference, path, &where))
    {
      return_score (run, boolean_node (TRUE), "PASS", NULL);
      return;
    }
  reasoning = g_strdup_printf ("Expected values to be strictly deep-equal: %s", where);
  return_score (run, boolean_node (FALSE), "FAIL", reasoning);
}

/* json_schema ------------------------------------------------------------------------- */

/* The output is valid JSON (a string output is parsed first, unless `parseStrings` is false)
 * and, when a schema is given (the `schema` option, else an object or boolean reference),
 * valid against it. */
static void
json_schema_evaluator (GenkitActionRun *run,
                       JsonNode        *data_point,
                       JsonNode        *options,
                       gpointer         user_data)
{
  JsonNode *output = point_member (data_point, "output");
  JsonNode *reference = point_member (data_point, "reference");
  JsonNode *schema = NULL;
  JsonNode *parse_strings;
  g_autoptr(JsonNode) parsed = NULL;
  g_autoptr(GenkitJsonSchema) compiled = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) reasoning = NULL;
  gboolean parse = TRUE;
  JsonNode *instance;

  if (options != NULL && JSON_NODE_HOLDS_OBJECT (options))
    {
      schema = json_object_get_member (json_node_get_object (options), "schema");
      parse_strings = json_object_get_member (json_node_get_object (options), "parseStrings");
      if (parse_strings != NULL && JSON_NODE_HOLDS_VALUE (parse_strings) &&
          json_node_get_value_type (parse_strings) == G_TYPE_BOOLEAN)
        parse = json_node_get_boolean (parse_strings);
    }
  if (schema == NULL && reference != NULL &&
      (JSON_NODE_HOLDS_OBJECT (reference) ||
       (JSON_NODE_HOLDS_VALUE (reference) && json_node_get_value_type (reference) == G_TYPE_BOOLEAN)))
    schema = reference;

  if (output == NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT, "Output was not provided");
      return;
    }
  if (schema != NULL && !(compiled = genkit_json_schema_new (schema, &error)))
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_INVALID_ARGUMENT, "Unusable JSON schema: %s",
                                          error->message);
      return;
    }

  instance = output;
  if (parse && JSON_NODE_HOLDS_VALUE (output) && json_node_get_value_type (output) == G_TYPE_STRING)
    {
      if (!(parsed = genkit_json_parse (json_node_get_string (output), -1, &error)))
        {
          g_autofree char *message = g_strdup_printf ("output is not valid JSON: %s", error->message);

          return_score (run, boolean_node (FALSE), "FAIL", message);
          return;
        }
      instance = parsed;
    }

  if (compiled == NULL)
    {
      return_score (run, boolean_node (TRUE), "PASS", "output is valid JSON");
      return;
    }
  if (genkit_json_schema_validate (compiled, instance, &violations, NULL))
    {
      return_score (run, boolean_node (TRUE), "PASS", "output is valid against the schema");
      return;
    }

  reasoning = g_string_new ("output is not valid against the schema:");
  for (guint i = 0; violations != NULL && i < violations->len; i++)
    {
      GenkitSchemaViolation *violation = g_ptr_array_index (violations, i);
      const char *at = genkit_schema_violation_get_path (violation);

      g_string_append_printf (reasoning, " %s%s %s;", at && *at ? at : "(root)", at && *at ? ":" : ":",
                              genkit_schema_violation_get_message (violation));
    }
  if (reasoning->str[reasoning->len - 1] == ';')
    g_string_truncate (reasoning, reasoning->len - 1);
  return_score (run, boolean_node (FALSE), "FAIL", reasoning->str);
}

/* Registration ------------------------------------------------------------------------ */

static JsonNode *
parse_literal (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  /* Literals of this file. */
  g_assert_no_error (error);
  return node;
}

gboolean
_genkit_eval_register_evaluator (GenkitRegistry      *registry,
                                 const char          *name,
                                 const char          *display_name,
                                 const char          *definition,
                                 gboolean             is_billed,
                                 const char          *options_schema,
                                 GenkitEvaluatorFunc  func,
                                 gpointer             user_data,
                                 GDestroyNotify       destroy,
                                 GError             **error)
{
  g_autoptr(GenkitEvaluator) evaluator = genkit_evaluator_new (name, func, user_data, destroy);
  g_autoptr(JsonNode) schema = options_schema ? parse_literal (options_schema) : NULL;

  genkit_evaluator_set_display_name (evaluator, display_name);
  genkit_evaluator_set_definition (evaluator, definition);
  genkit_evaluator_set_is_billed (evaluator, is_billed);
  if (schema != NULL && !genkit_evaluator_set_options_schema (evaluator, schema, error))
    return FALSE;
  return genkit_registry_register_action (registry, GENKIT_ACTION (evaluator), error);
}

/**
 * genkit_eval_define_builtin_evaluators:
 * @registry: the built-in runtime's registry
 * @judge_defaults: (nullable): what the LLM-as-judge evaluators use when a request's options
 *   do not say: `judge` (a model name or key), `judgeConfig`, `embedder`, `embedderOptions`,
 *   `passThreshold`
 * @error: return location for an error
 *
 * Registers the studio's evaluators (see [func@Genkit.eval_get_builtin_evaluators]):
 *
 * - `genkitEval/regex`: the reference (or the `pattern` option, with `flags` among `imsx`) is
 *   a regular expression the output must contain (JSON text for non-strings) — Genkit's regexp
 *   metric; a boolean score, PASS or FAIL;
 * - `genkitEval/deep_equal`: the output strictly deep-equals the reference (Genkit's deep
 *   equal metric), the first difference as reasoning;
 * - `genkitEval/json_schema`: the output is valid JSON (string outputs are parsed unless
 *   `parseStrings` is false) and, given a schema (the `schema` option, or an object
 *   reference), valid against it, the violations as reasoning;
 * - `genkitEval/faithfulness`, `genkitEval/answer_relevancy`, `genkitEval/maliciousness`:
 *   a judge model scores the output with the `.prompt` files found by
 *   [func@Genkit.eval_find_prompt] (see `genkit-eval-judges.c`); any model, named in the
 *   request's options (`judge`, `judgeConfig`; `embedder` for answer relevancy;
 *   `passThreshold`) or in @judge_defaults. They are billed (they call a model).
 *
 * The sample runtime's `exactMatch` evaluator stays where it is.
 *
 * Returns: %TRUE on success; %FALSE with `ALREADY_EXISTS` when a key is taken
 */
gboolean
genkit_eval_define_builtin_evaluators (GenkitRegistry  *registry,
                                       JsonObject      *judge_defaults,
                                       GError         **error)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), FALSE);

  return _genkit_eval_register_evaluator (registry, "genkitEval/regex", "RegExp",
                                          "Tests output against the regexp provided as reference",
                                          FALSE,
                                          "{\"type\":\"object\",\"properties\":{\"pattern\":{\"type\":\"string\"},"
                                          "\"flags\":{\"type\":\"string\",\"pattern\":\"^[imsx]*$\"}},"
                                          "\"additionalProperties\":false}",
                                          regex_evaluator, NULL, NULL, error) &&
         _genkit_eval_register_evaluator (registry, "genkitEval/deep_equal", "Deep Equals",
                                          "Tests equality of output against the provided reference",
                                          FALSE, NULL, deep_equal_evaluator, NULL, NULL, error) &&
         _genkit_eval_register_evaluator (registry, "genkitEval/json_schema", "JSON Schema",
                                          "PASS when the output is valid JSON and, given a schema (the "
                                          "schema option or the reference), valid against it",
                                          FALSE,
                                          "{\"type\":\"object\",\"properties\":{\"schema\":{\"type\":[\"object\",\"boolean\"]},"
                                          "\"parseStrings\":{\"type\":\"boolean\"}},\"additionalProperties\":false}",
                                          json_schema_evaluator, NULL, NULL, error) &&
         _genkit_eval_define_judges (registry, judge_defaults, error);
}
