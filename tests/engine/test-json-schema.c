/* test-json-schema.c — the JSON Schema validator: draft-07 conformance and Genkit's messages
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <genkit.h>

/* The official JSON-Schema-Test-Suite as Debian ships it. */
#define SUITE_PACKAGE     "json-schema-test-suite"
#define SUITE_DEFAULT_DIR "/usr/share/json-schema-test-suite/tests/draft7"
#define SUITE_DIR_ENV     "GENKIT_JSON_SCHEMA_SUITE_DIR"

/* Suite files that need a network (or the suite's own HTTP server on localhost:1234). */
static const char * const suite_skipped_files[] = {
  "refRemote.json",
  NULL
};

/* Suite cases the validator is known to get wrong, and why. They are reported with
 * g_test_message() instead of failing; one that starts passing fails the test, so this
 * table cannot go stale. Empty today: every case of the draft-07 suite passes. */
static const struct
{
  const char *file;
  const char *group;
  const char *test;
  const char *reason;
} known_failures[] = {
  { NULL, NULL, NULL, NULL }
};

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static GenkitJsonSchema *
compile_or_die (const char *schema_text)
{
  g_autoptr(JsonNode) schema = parse_json (schema_text);
  g_autoptr(GError) error = NULL;
  GenkitJsonSchema *compiled = genkit_json_schema_new (schema, &error);

  g_assert_no_error (error);
  g_assert_true (GENKIT_IS_JSON_SCHEMA (compiled));
  return compiled;
}

/* Validates in every mode and checks that they agree with each other: the boolean, the
 * violations (empty exactly when valid), the GError (set exactly when invalid). */
static gboolean
validate_all_ways (GenkitJsonSchema  *schema,
                   JsonNode          *instance,
                   GPtrArray        **out_violations,
                   GError           **out_error)
{
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GPtrArray) violations_only = NULL;
  g_autoptr(GError) error = NULL;
  gboolean valid;
  gboolean quiet;
  gboolean with_violations;

  valid = genkit_json_schema_validate (schema, instance, &violations, &error);
  quiet = genkit_json_schema_validate (schema, instance, NULL, NULL);
  with_violations = genkit_json_schema_validate (schema, instance, &violations_only, NULL);

  g_assert_cmpint (valid, ==, quiet);
  g_assert_cmpint (valid, ==, with_violations);
  g_assert_nonnull (violations);
  g_assert_cmpuint (violations->len, ==, violations_only->len);
  if (valid)
    {
      g_assert_no_error (error);
      g_assert_cmpuint (violations->len, ==, 0);
    }
  else
    {
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_assert_cmpuint (violations->len, >, 0);
    }

  if (out_violations != NULL)
    *out_violations = g_steal_pointer (&violations);
  if (out_error != NULL)
    *out_error = g_steal_pointer (&error);
  return valid;
}

/* ----------------------------------------------------------------------------------- */
/* The JSON-Schema-Test-Suite                                                          */
/* ----------------------------------------------------------------------------------- */

typedef struct
{
  char     *file;       /* "ref.json" */
  JsonNode *group;      /* {"description": ..., "schema": ..., "tests": [...]} */
} SuiteGroup;

static void
suite_group_free (gpointer data)
{
  SuiteGroup *group = data;

  g_free (group->file);
  json_node_unref (group->group);
  g_free (group);
}

static const char *
known_failure_reason (const char *file,
                      const char *group,
                      const char *test)
{
  for (guint i = 0; known_failures[i].file != NULL; i++)
    if (g_str_equal (known_failures[i].file, file) &&
        g_str_equal (known_failures[i].group, group) &&
        g_str_equal (known_failures[i].test, test))
      return known_failures[i].reason;
  return NULL;
}

static void
test_suite_group (gconstpointer data)
{
  const SuiteGroup *group = data;
  JsonObject *object = json_node_get_object (group->group);
  const char *description = json_object_get_string_member (object, "description");
  JsonArray *tests = json_object_get_array_member (object, "tests");
  g_autoptr(GenkitJsonSchema) schema = NULL;
  g_autoptr(GError) error = NULL;

  schema = genkit_json_schema_new (json_object_get_member (object, "schema"), &error);
  g_assert_no_error (error);

  for (guint i = 0; i < json_array_get_length (tests); i++)
    {
      JsonObject *test = json_array_get_object_element (tests, i);
      const char *test_description = json_object_get_string_member (test, "description");
      gboolean expected = json_object_get_boolean_member (test, "valid");
      const char *reason = known_failure_reason (group->file, description, test_description);
      gboolean valid;

      valid = validate_all_ways (schema, json_object_get_member (test, "data"), NULL, NULL);

      if (valid == expected && reason != NULL)
        g_test_fail_printf ("%s / %s / %s: listed as a known failure but passes now; "
                            "remove it from known_failures", group->file, description,
                            test_description);
      else if (valid != expected && reason != NULL)
        g_test_message ("known failure: %s / %s / %s: %s", group->file, description,
                        test_description, reason);
      else if (valid != expected)
        g_test_fail_printf ("%s / %s / %s: expected %s, got %s", group->file, description,
                            test_description, expected ? "valid" : "invalid",
                            valid ? "valid" : "invalid");
    }
}

static void
test_suite_missing (gconstpointer data)
{
  const char *directory = data;

  g_test_fail_printf ("The JSON-Schema-Test-Suite is not at %s. Install the Debian package "
                      "%s (apt install %s), or point %s at its tests/draft7 folder.",
                      directory, SUITE_PACKAGE, SUITE_PACKAGE, SUITE_DIR_ENV);
}

static char *
test_path_component (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (out, g_ascii_isalnum (*p) ? *p : '-');
  return g_string_free (out, FALSE);
}

/* g_ptr_array_sort() passes pointers to the elements. */
static int
compare_file_names (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_suite_tests (void)
{
  const char *directory = g_getenv (SUITE_DIR_ENV);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (directory == NULL)
    directory = SUITE_DEFAULT_DIR;

  dir = g_dir_open (directory, 0, NULL);
  if (dir == NULL)
    {
      g_test_add_data_func_full ("/json-schema/draft7/suite-present", g_strdup (directory),
                                 test_suite_missing, g_free);
      return;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".json") && !g_strv_contains (suite_skipped_files, name))
      g_ptr_array_add (files, g_strdup (name));
  g_ptr_array_sort (files, compare_file_names);

  for (guint f = 0; f < files->len; f++)
    {
      const char *file = g_ptr_array_index (files, f);
      g_autofree char *path = g_build_filename (directory, file, NULL);
      g_autofree char *stem = g_strndup (file, strlen (file) - strlen (".json"));
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *groups;

      if (!json_parser_load_from_file (parser, path, &error))
        g_error ("Cannot read %s: %s", path, error->message);
      groups = json_node_get_array (json_parser_get_root (parser));

      for (guint i = 0; i < json_array_get_length (groups); i++)
        {
          JsonNode *node = json_array_get_element (groups, i);
          const char *description = json_object_get_string_member (json_node_get_object (node),
                                                                   "description");
          g_autofree char *component = test_path_component (description);
          g_autofree char *test_path = g_strdup_printf ("/json-schema/draft7/%s/%02u-%s",
                                                        stem, i, component);
          SuiteGroup *group = g_new0 (SuiteGroup, 1);

          group->file = g_strdup (file);
          group->group = json_node_ref (node);
          g_test_add_data_func_full (test_path, group, test_suite_group, suite_group_free);
        }
    }
}

/* ----------------------------------------------------------------------------------- */
/* Genkit's error message                                                              */
/* ----------------------------------------------------------------------------------- */

static void
test_genkit_message (void)
{
  g_autoptr(GenkitJsonSchema) schema = NULL;
  g_autoptr(JsonNode) data = parse_json ("{\"count\": \"three\"}");
  g_autoptr(GError) error = NULL;

  g_test_summary ("The error is Genkit's ValidationError message, byte for byte.");

  schema = compile_or_die ("{\"type\": \"object\", "
                           "\"properties\": {\"count\": {\"type\": \"integer\"}}}");
  g_assert_false (genkit_json_schema_validate (schema, data, NULL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "Schema validation failed. Parse Errors:\n"
                   "\n"
                   "- count: must be integer\n"
                   "\n"
                   "Provided data:\n"
                   "\n"
                   "{\n"
                   "  \"count\": \"three\"\n"
                   "}\n"
                   "\n"
                   "Required JSON schema:\n"
                   "\n"
                   "{\n"
                   "  \"type\": \"object\",\n"
                   "  \"properties\": {\n"
                   "    \"count\": {\n"
                   "      \"type\": \"integer\"\n"
                   "    }\n"
                   "  }\n"
                   "}");
}

static void
test_genkit_message_multiple (void)
{
  g_autoptr(GenkitJsonSchema) schema = NULL;
  g_autoptr(JsonNode) data = parse_json ("{\"count\": 1.5, \"tags\": [\"a\", 2, [], {}]}");
  g_autoptr(GError) error = NULL;

  schema = compile_or_die ("{\"type\": \"object\", \"required\": [\"name\", \"count\"], "
                           "\"properties\": {\"count\": {\"type\": \"integer\", \"minimum\": 2}, "
                           "\"tags\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}}}");
  g_assert_false (genkit_json_schema_validate (schema, data, NULL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Schema validation failed. Parse Errors:\n"
                                   "\n"
                                   "- (root): must have required property 'name'\n"
                                   "- count: must be integer\n"
                                   "- count: must be >= 2\n"
                                   "- tags.1: must be string\n"
                                   "- tags.2: must be string\n"
                                   "- tags.3: must be string\n"
                                   "\n"
                                   "Provided data:\n"
                                   "\n"
                                   "{\n"
                                   "  \"count\": 1.5,\n"
                                   "  \"tags\": [\n"
                                   "    \"a\",\n"
                                   "    2,\n"
                                   "    [],\n"
                                   "    {}\n"
                                   "  ]\n"
                                   "}\n"
                                   "\n"
                                   "Required JSON schema:\n"
                                   "\n"
                                   "{\n"
                                   "  \"type\": \"object\",\n"
                                   "  \"required\": [\n"
                                   "    \"name\",\n"
                                   "    \"count\"\n"
                                   "  ],\n"));
}

/* JSON.stringify() details: how JavaScript writes numbers, orders keys, escapes strings. */
static void
test_genkit_message_stringify (void)
{
  static const struct
  {
    const char *data;
    const char *printed;
  } cases[] = {
    { "1.0", "1" },
    { "-1.5", "-1.5" },
    { "-1e-300", "-1e-300" },
    { "-42", "-42" },
    { "-0", "0" },
    { "-0.0", "0" },
    { "0.1", "0.1" },
    { "1e21", "1e+21" },
    { "1e20", "100000000000000000000" },
    { "1.5e-7", "1.5e-7" },
    { "0.000001", "0.000001" },
    { "123456789.125", "123456789.125" },
    { "9007199254740993", "9007199254740992" },
    { "1.7976931348623157e308", "1.7976931348623157e+308" },
    { "\"tab\\t quote\\\" slash\\\\ ctl\\u0001 é\"",
        "\"tab\\t quote\\\" slash\\\\ ctl\\u0001 é\"" },
    { "{\"b\": 1, \"2\": 2, \"a\": 3, \"1\": 4, \"01\": 5}",
      "{\n  \"1\": 4,\n  \"2\": 2,\n  \"b\": 1,\n  \"a\": 3,\n  \"01\": 5\n}" },
    { "[[], {}, [null, true, false]]",
      "[\n  [],\n  {},\n  [\n    null,\n    true,\n    false\n  ]\n]" },
  };
  g_autoptr(GenkitJsonSchema) schema = compile_or_die ("false");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) data = parse_json (cases[i].data);
      g_autoptr(GError) error = NULL;
      g_autofree char *expected = g_strdup_printf ("Schema validation failed. Parse Errors:\n\n"
                                                   "- (root): boolean schema is false\n\n"
                                                   "Provided data:\n\n%s\n\n"
                                                   "Required JSON schema:\n\nfalse",
                                                   cases[i].printed);

      g_assert_false (genkit_json_schema_validate (schema, data, NULL, &error));
      g_assert_cmpstr (error->message, ==, expected);
    }
}

/* ----------------------------------------------------------------------------------- */
/* Violations: paths, keywords, ajv's messages                                         */
/* ----------------------------------------------------------------------------------- */

static const struct
{
  const char *schema;
  const char *data;
  guint       n_violations;
  const char *path;
  const char *keyword;
  const char *message;
} violation_cases[] = {
  { "{\"type\": \"integer\"}", "3.5", 1, "(root)", "type", "must be integer" },
  { "{\"type\": \"integer\"}", "\"3\"", 1, "(root)", "type", "must be integer" },
  { "{\"type\": [\"string\", \"null\"]}", "1", 1, "(root)", "type", "must be string,null" },
  { "{\"properties\": {\"count\": {\"type\": \"integer\"}}}", "{\"count\": \"three\"}",
    1, "count", "type", "must be integer" },
  { "{\"required\": [\"name\"]}", "{}", 1, "(root)", "required",
    "must have required property 'name'" },
  { "{\"properties\": {\"a\": {\"required\": [\"x\", \"y\"]}}}", "{\"a\": {}}", 2, "a",
    "required", "must have required property 'y'" },
  { "{\"properties\": {\"a\": {}}, \"additionalProperties\": false}", "{\"a\": 1, \"b\": 2}",
    1, "(root)", "additionalProperties", "must NOT have additional properties" },
  { "{\"additionalProperties\": {\"type\": \"string\"}}", "{\"x\": 1}", 1, "x", "type",
    "must be string" },
  { "{\"patternProperties\": {\"^n\": {\"type\": \"number\"}}}", "{\"num\": \"1\"}", 1, "num",
    "type", "must be number" },
  { "{\"minimum\": 0}", "-1", 1, "(root)", "minimum", "must be >= 0" },
  { "{\"maximum\": 3.5}", "4", 1, "(root)", "maximum", "must be <= 3.5" },
  { "{\"exclusiveMinimum\": 0}", "0", 1, "(root)", "exclusiveMinimum", "must be > 0" },
  { "{\"exclusiveMaximum\": 1e21}", "2e21", 1, "(root)", "exclusiveMaximum", "must be < 1e+21" },
  { "{\"multipleOf\": 0.01}", "0.015", 1, "(root)", "multipleOf", "must be multiple of 0.01" },
  { "{\"maxLength\": 3}", "\"abcd\"", 1, "(root)", "maxLength",
    "must NOT have more than 3 characters" },
  { "{\"minLength\": 2}", "\"é\"", 1, "(root)", "minLength",
    "must NOT have fewer than 2 characters" },
  { "{\"minLength\": 2.0}", "\"\"", 1, "(root)", "minLength",
    "must NOT have fewer than 2 characters" },
  { "{\"pattern\": \"^a\"}", "\"ba\"", 1, "(root)", "pattern", "must match pattern \"^a\"" },
  { "{\"format\": \"email\"}", "\"nope\"", 1, "(root)", "format", "must match format \"email\"" },
  { "{\"format\": \"date-time\"}", "\"2024-13-01T00:00:00Z\"", 1, "(root)", "format",
    "must match format \"date-time\"" },
  { "{\"enum\": [1, \"a\"]}",
      "2", 1, "(root)", "enum", "must be equal to one of the allowed values" },
  { "{\"const\": {\"a\": 1}}", "{\"a\": 2}", 1, "(root)", "const", "must be equal to constant" },
  { "{\"minItems\": 2}", "[1]", 1, "(root)", "minItems", "must NOT have fewer than 2 items" },
  { "{\"maxItems\": 0}", "[1]", 1, "(root)", "maxItems", "must NOT have more than 0 items" },
  { "{\"uniqueItems\": true}", "[1, 2, 1, 3, 2]", 1, "(root)", "uniqueItems",
    "must NOT have duplicate items (items ## 1 and 4 are identical)" },
  { "{\"uniqueItems\": true}", "[{\"a\": [1]}, {\"a\": [1.0]}]", 1, "(root)", "uniqueItems",
    "must NOT have duplicate items (items ## 0 and 1 are identical)" },
  { "{\"items\": [{}], \"additionalItems\": false}", "[1, 2]", 1, "(root)", "additionalItems",
    "must NOT have more than 1 items" },
  { "{\"contains\": {\"const\": 1}}", "[2]", 2, "(root)", "contains",
    "must contain at least 1 valid item(s)" },
  { "{\"maxProperties\": 1}", "{\"a\": 1, \"b\": 2}", 1, "(root)", "maxProperties",
    "must NOT have more than 1 properties" },
  { "{\"minProperties\": 1}", "{}", 1, "(root)", "minProperties",
    "must NOT have fewer than 1 properties" },
  { "{\"dependencies\": {\"a\": [\"b\", \"c\"]}}", "{\"a\": 1, \"b\": 1}", 1, "(root)",
    "dependencies", "must have properties b, c when property a is present" },
  { "{\"dependencies\": {\"a\": [\"b\"]}}", "{\"a\": 1}", 1, "(root)", "dependencies",
    "must have property b when property a is present" },
  { "{\"propertyNames\": {\"maxLength\": 1}}", "{\"ab\": 1}", 2, "(root)", "propertyNames",
    "property name must be valid" },
  { "{\"anyOf\": [{\"type\": \"string\"}, {\"type\": \"number\"}]}", "null", 3, "(root)", "anyOf",
    "must match a schema in anyOf" },
  { "{\"oneOf\": [{\"type\": \"integer\"}, {\"minimum\": 0}]}", "1", 1, "(root)", "oneOf",
    "must match exactly one schema in oneOf" },
  { "{\"not\": {\"type\": \"string\"}}", "\"x\"", 1, "(root)", "not", "must NOT be valid" },
  { "{\"if\": {\"minimum\": 10}, \"then\": {\"multipleOf\": 2}}", "11", 2, "(root)", "if",
    "must match \"then\" schema" },
  { "{\"if\": {\"minimum\": 10}, \"else\": {\"const\": 0}}", "3", 2, "(root)", "if",
    "must match \"else\" schema" },
  { "false", "1", 1, "(root)", "false schema", "boolean schema is false" },
  { "{\"properties\": {\"a\": false}}", "{\"a\": 1}", 1, "a", "false schema",
    "boolean schema is false" },
  { "{\"properties\": {\"items\": {\"type\": \"array\", \"items\": {\"properties\": "
    "{\"name\": {\"type\": \"string\"}}}}}}", "{\"items\": [{\"name\": \"x\"}, {\"name\": 1}]}",
    1, "items.1.name", "type", "must be string" },
  { "{\"properties\": {\"a/b\": {\"type\": \"string\"}, \"c~d\": {\"type\": \"string\"}}}",
    "{\"a/b\": 1}", 1, "a~1b", "type", "must be string" },
  { "{\"properties\": {\"a/b\": {\"type\": \"string\"}, \"c~d\": {\"type\": \"string\"}}}",
    "{\"c~d\": 1}", 1, "c~0d", "type", "must be string" },
  { "{\"definitions\": {\"pos\": {\"minimum\": 1}}, \"items\": {\"$ref\": \"#/definitions/pos\"}}",
    "[1, 0]", 1, "1", "minimum", "must be >= 1" },
  /* ajv reports a single "type" with keywords of its group where the group would run. */
  { "{\"type\": \"object\", \"required\": [\"a\"], \"enum\": [1]}", "2", 2, "(root)", "type",
    "must be object" },
  { "{\"type\": \"number\", \"minimum\": 1, \"maxLength\": 1}", "\"ab\"", 2, "(root)", "maxLength",
    "must NOT have more than 1 characters" },
  { "{\"type\": \"string\", \"maxLength\": 1, \"const\": \"a\"}", "1", 2, "(root)", "type",
    "must be string" },
  { "{\"type\": \"array\", \"maxItems\": 1, \"minimum\": 5}", "1", 2, "(root)", "type",
    "must be array" },
  { "{\"type\": \"integer\", \"minimum\": 5, \"enum\": [7]}", "\"x\"", 2, "(root)", "enum",
    "must be equal to one of the allowed values" },
};

static void
test_violations (void)
{
  g_test_summary ("Each keyword reports ajv's keyword name and message at Genkit's path.");

  for (guint i = 0; i < G_N_ELEMENTS (violation_cases); i++)
    {
      g_autoptr(GenkitJsonSchema) schema = compile_or_die (violation_cases[i].schema);
      g_autoptr(JsonNode) data = parse_json (violation_cases[i].data);
      g_autoptr(GPtrArray) violations = NULL;
      GenkitSchemaViolation *last;

      g_test_message ("schema %s, data %s", violation_cases[i].schema, violation_cases[i].data);
      g_assert_false (validate_all_ways (schema, data, &violations, NULL));
      g_assert_cmpuint (violations->len, ==, violation_cases[i].n_violations);

      last = g_ptr_array_index (violations, violations->len - 1);
      g_assert_cmpstr (genkit_schema_violation_get_path (last), ==, violation_cases[i].path);
      g_assert_cmpstr (genkit_schema_violation_get_keyword (last), ==, violation_cases[i].keyword);
      g_assert_cmpstr (genkit_schema_violation_get_message (last), ==, violation_cases[i].message);
    }
}

static void
test_violation_boxed (void)
{
  g_autoptr(GenkitSchemaViolation) violation = NULL;
  GenkitSchemaViolation *copy;

  g_assert_cmpstr (g_type_name (GENKIT_TYPE_SCHEMA_VIOLATION), ==, "GenkitSchemaViolation");
  g_assert_true (G_TYPE_IS_BOXED (GENKIT_TYPE_SCHEMA_VIOLATION));

  violation = genkit_schema_violation_new ("items.0", "type", "must be string");
  copy = g_boxed_copy (GENKIT_TYPE_SCHEMA_VIOLATION, violation);
  g_assert_true (copy == violation);
  g_boxed_free (GENKIT_TYPE_SCHEMA_VIOLATION, copy);

  g_assert_true (genkit_schema_violation_ref (violation) == violation);
  genkit_schema_violation_unref (violation);
  g_assert_cmpstr (genkit_schema_violation_get_path (violation), ==, "items.0");
  g_assert_cmpstr (genkit_schema_violation_get_keyword (violation), ==, "type");
  g_assert_cmpstr (genkit_schema_violation_get_message (violation), ==, "must be string");
}

/* ----------------------------------------------------------------------------------- */
/* Semantics where JSON, JavaScript and ajv meet                                       */
/* ----------------------------------------------------------------------------------- */

static const struct
{
  const char *schema;
  const char *data;
  gboolean    valid;
} semantic_cases[] = {
  /* numbers */
  { "{\"type\": \"integer\"}", "1.0", TRUE },
  { "{\"type\": \"integer\"}", "1e2", TRUE },
  { "{\"type\": \"integer\"}", "1.5", FALSE },
  { "{\"type\": \"number\"}", "7", TRUE },
  { "{\"const\": 1}", "1.0", TRUE },
  { "{\"const\": [1, {\"a\": 2.0}]}", "[1.0, {\"a\": 2}]", TRUE },
  { "{\"const\": {\"a\": 1, \"b\": 2}}", "{\"b\": 2, \"a\": 1}", TRUE },
  { "{\"const\": {\"a\": 1}}", "{\"a\": 1, \"b\": 2}", FALSE },
  { "{\"const\": false}", "0", FALSE },
  { "{\"const\": null}", "null", TRUE },
  { "{\"enum\": [1.0, \"x\"]}", "1", TRUE },
  { "{\"uniqueItems\": true}", "[1, 1.0]", FALSE },
  { "{\"uniqueItems\": true}", "[1, true, \"1\", [1], {\"1\": 1}, null, 0, false]", TRUE },
  { "{\"multipleOf\": 0.1}", "0.3", TRUE },
  { "{\"multipleOf\": 0.01}", "19.99", TRUE },
  { "{\"multipleOf\": 0.0001}", "0.0075", TRUE },
  { "{\"multipleOf\": 0.01}", "123456.78", TRUE },
  { "{\"multipleOf\": 1}", "10000000000.5", FALSE },
  { "{\"multipleOf\": 3}", "9.0", TRUE },
  { "{\"multipleOf\": 3}", "-9", TRUE },
  { "{\"multipleOf\": 3}", "10", FALSE },
  { "{\"multipleOf\": 0.5}", "1e308", TRUE },
  { "{\"maximum\": 9007199254740993}", "9007199254740992", TRUE },
  { "{\"minimum\": 9223372036854775807}", "9223372036854775806", FALSE },
  /* strings count code points */
  { "{\"maxLength\": 1}", "\"é\"", TRUE },
  { "{\"maxLength\": 1}", "\"\xf0\x9f\x98\x80\"", TRUE },
  { "{\"minLength\": 2}", "\"\xf0\x9f\x98\x80\"", FALSE },
  /* ECMAScript regular expressions */
  { "{\"pattern\": \"b\"}", "\"abc\"", TRUE },
  { "{\"pattern\": \"^a$\"}", "\"a\\n\"", FALSE },
  { "{\"pattern\": \"^\\\\d+$\"}", "\"123\"", TRUE },
  { "{\"pattern\": \"^\\\\d$\"}", "\"\xd9\xa3\"", FALSE },
  { "{\"pattern\": \"^\\\\w$\"}", "\"é\"", FALSE },
  { "{\"pattern\": \"^[\\\\w-]+$\"}", "\"a-b_c\"", TRUE },
  { "{\"pattern\": \"^[\\\\D]$\"}", "\"x\"", TRUE },
  { "{\"pattern\": \"^[\\\\D]$\"}", "\"5\"", FALSE },
  { "{\"pattern\": \"\\\\bcat\\\\b\"}", "\"a cat!\"", TRUE },
  { "{\"pattern\": \"\\\\bcat\\\\b\"}", "\"écat\"", TRUE },
  { "{\"pattern\": \"^\\\\u0041\\\\u{1F600}$\"}", "\"A\xf0\x9f\x98\x80\"", TRUE },
  { "{\"pattern\": \"^\\\\uD83D\\\\uDE00$\"}", "\"\xf0\x9f\x98\x80\"", TRUE },
  { "{\"pattern\": \"^[^]$\"}", "\"\\n\"", TRUE },
  { "{\"pattern\": \"^\\\\W$\"}", "\"-\"", TRUE },
  { "{\"pattern\": \"^\\\\W$\"}", "\"é\"", TRUE },
  { "{\"pattern\": \"^\\\\W$\"}", "\"a\"", FALSE },
  { "{\"pattern\": \"^[\\\\W]$\"}", "\"_\"", FALSE },
  { "{\"pattern\": \"^[\\\\W]$\"}", "\"{\"", TRUE },
  { "{\"pattern\": \"a\\\\Bb\"}", "\"ab\"", TRUE },
  { "{\"pattern\": \"a\\\\Bb\"}", "\"a b\"", FALSE },
  { "{\"pattern\": \"^[\\\\b]$\"}", "\"\\b\"", TRUE },
  { "{\"pattern\": \"^\\\\/\\\\é$\"}", "\"/é\"", TRUE },
  { "{\"properties\": {\"a\": {\"pattern\": \"^x\"}, \"b\": {\"pattern\": \"^x\"}}, "
    "\"patternProperties\": {\"^x\": {\"minLength\": 2}}}",
    "{\"a\": \"xy\", \"b\": \"y\"}", FALSE },
  { "{\"pattern\": \"[]\"}", "\"anything\"", FALSE },
  { "{\"pattern\": \"^\\\\p{Lu}\"}", "\"Élan\"", TRUE },
  { "{\"pattern\": \"^(a+)+$\"}",
      "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"", FALSE },
  { "{\"patternProperties\": {\"^x-\": {\"type\": \"string\"}}, \"additionalProperties\": false}",
    "{\"x-a\": \"1\"}", TRUE },
  /* $ref and its siblings */
  { "{\"definitions\": {\"s\": {\"type\": \"string\"}}, \"$ref\": \"#/definitions/s\", "
    "\"minLength\": 5}", "\"ab\"", TRUE },
  { "{\"$id\": \"http://example.com/root.json\", \"definitions\": {\"a\": {\"$id\": \"#foo\", "
    "\"type\": \"integer\"}}, \"$ref\": \"#foo\"}", "1", TRUE },
  { "{\"$id\": \"http://example.com/root.json\", \"definitions\": {\"a\": {\"$id\": \"#foo\", "
    "\"type\": \"integer\"}}, \"$ref\": \"#foo\"}", "\"1\"", FALSE },
  { "{\"definitions\": {\"a\": {\"$id\": \"http://example.com/other.json\", "
    "\"definitions\": {\"b\": {\"type\": \"string\"}}}}, "
    "\"$ref\": \"http://example.com/other.json#/definitions/b\"}", "\"x\"", TRUE },
  { "{\"definitions\": {\"a\": {\"$id\": \"http://example.com/other.json\", "
    "\"definitions\": {\"b\": {\"type\": \"string\"}}}}, "
    "\"$ref\": \"http://example.com/other.json#/definitions/b\"}", "1", FALSE },
  { "{\"definitions\": {\"a b\": {\"type\": \"string\"}}, \"$ref\": \"#/definitions/a%20b\"}",
    "1", FALSE },
  { "{\"items\": [{\"type\": \"string\"}, {\"$ref\": \"#/items/0\"}]}", "[\"a\", 1]", FALSE },
  /* the bundled meta-schema */
  { "{\"$ref\": \"http://json-schema.org/draft-07/schema#\"}", "{\"type\": \"string\"}", TRUE },
  { "{\"$ref\": \"http://json-schema.org/draft-07/schema#\"}", "{\"type\": \"strng\"}", FALSE },
  { "{\"$ref\": \"http://json-schema.org/draft-07/schema#\"}", "{\"pattern\": \"(\"}", FALSE },
  { "{\"$ref\": \"http://json-schema.org/draft-07/schema#\"}", "{\"minLength\": -1}", FALSE },
  /* if without then/else, then/else without if */
  { "{\"if\": false}", "1", TRUE },
  { "{\"then\": false, \"else\": false}", "1", TRUE },
};

static void
test_semantics (void)
{
  g_test_summary ("Integers, equality, string lengths, regular expressions and $ref "
                  "behave as in Genkit's ajv, or as draft-07 says where it is explicit.");

  for (guint i = 0; i < G_N_ELEMENTS (semantic_cases); i++)
    {
      g_autoptr(GenkitJsonSchema) schema = compile_or_die (semantic_cases[i].schema);
      g_autoptr(JsonNode) data = parse_json (semantic_cases[i].data);

      g_test_message ("schema %s, data %s", semantic_cases[i].schema, semantic_cases[i].data);
      g_assert_cmpint (validate_all_ways (schema, data, NULL, NULL), ==, semantic_cases[i].valid);
    }
}

static const struct
{
  const char *format;
  const char *value;
  gboolean    valid;
} format_cases[] = {
  { "date-time", "\"2024-02-29T12:34:56Z\"", TRUE },
  { "date-time", "\"2024-02-29t12:34:56.789+05:30\"", TRUE },
  { "date-time", "\"2024-02-29 12:34:56-0800\"", TRUE },
  { "date-time", "\"2023-02-29T12:34:56Z\"", FALSE },
  { "date-time", "\"2024-01-01T12:34:56\"", FALSE },
  { "date-time", "\"2024-01-01T24:00:00Z\"", FALSE },
  { "date-time", "\"1998-12-31T23:59:60Z\"", TRUE },
  { "date-time", "\"1998-12-31T15:59:60-08:00\"", TRUE },
  { "date-time", "\"1998-12-31T22:59:60Z\"", FALSE },
  { "date-time", "\"2024-01-01T12:34:56ZT\"", FALSE },
  { "date", "\"2024-01-31\"", TRUE },
  { "date", "\"2024-04-31\"", FALSE },
  { "date", "\"2024-1-31\"", FALSE },
  { "time", "\"08:30:06Z\"", TRUE },
  { "time", "\"08:30:06\"", FALSE },
  { "time", "\"08:30:06.5+01:00\"", TRUE },
  { "time", "\"08:30:06+24:00\"", FALSE },
  { "iso-time", "\"08:30:06\"", TRUE },
  { "email", "\"joe.bloggs@example.com\"", TRUE },
  { "email", "\"joe..bloggs@example.com\"", FALSE },
  { "email", "\"@example.com\"", FALSE },
  { "uri", "\"http://example.com/a?b#c\"", TRUE },
  { "uri", "\"urn:isbn:0451450523\"", TRUE },
  { "uri", "\"//example.com\"", FALSE },
  { "uri", "\"example\"", FALSE },
  { "uri-reference", "\"#/definitions/a\"", TRUE },
  { "uri-reference", "\"../x y\"", FALSE },
  { "uri-template", "\"http://example.com/{id}\"", TRUE },
  { "ipv4", "\"192.168.0.1\"", TRUE },
  { "ipv4", "\"256.0.0.1\"", FALSE },
  { "ipv4", "\"01.2.3.4\"", FALSE },
  { "ipv6", "\"::1\"", TRUE },
  { "ipv6", "\"2001:db8::ff00:42:8329\"", TRUE },
  { "ipv6", "\"12345::\"", FALSE },
  { "hostname", "\"www.example.com\"", TRUE },
  { "hostname", "\"-bad.example.com\"", FALSE },
  { "uuid", "\"123e4567-e89b-12d3-a456-426614174000\"", TRUE },
  { "uuid", "\"123e4567e89b12d3a456426614174000\"", FALSE },
  { "duration", "\"P1Y2M3DT4H5M6S\"", TRUE },
  { "duration", "\"PT\"", FALSE },
  { "json-pointer", "\"/a~1b/0\"", TRUE },
  { "json-pointer", "\"a\"", FALSE },
  { "relative-json-pointer", "\"1/a\"", TRUE },
  { "regex", "\"^[a-z]+$\"", TRUE },
  { "regex", "\"(\"", FALSE },
  { "regex", "\"a\\\\Z\"", FALSE },
  { "byte", "\"aGVsbG8=\"", TRUE },
  { "byte", "\"aGVsbG8\"", FALSE },
  { "int32", "2147483647", TRUE },
  { "int32", "2147483648", FALSE },
  { "int32", "\"not a number\"", TRUE },
  { "int64", "1.5", FALSE },
  { "int64", "-7", TRUE },
  { "iso-date-time", "\"2024-01-01T10:00:00\"", TRUE },
  { "iso-date-time", "\"2024-01-01T10:00\"", FALSE },
  { "time", "\"10:00:00+0530\"", TRUE },
  { "time", "\"10:00:00+05:3\"", FALSE },
  { "time", "\"10:00:00+5\"", FALSE },
  { "time", "\"10:00:00.\"", FALSE },
  { "time", "\"10:00:00X\"", FALSE },
  { "email", "42", TRUE },
  { "no-such-format", "\"anything\"", TRUE },
};

static void
test_formats (void)
{
  g_test_summary ("The formats of ajv-formats (full mode, as Genkit installs it).");

  for (guint i = 0; i < G_N_ELEMENTS (format_cases); i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"format\": \"%s\"}", format_cases[i].format);
      g_autoptr(GenkitJsonSchema) schema = compile_or_die (text);
      g_autoptr(JsonNode) data = parse_json (format_cases[i].value);

      g_test_message ("format %s, value %s", format_cases[i].format, format_cases[i].value);
      g_assert_cmpint (validate_all_ways (schema, data, NULL, NULL), ==, format_cases[i].valid);
    }
}

/* ----------------------------------------------------------------------------------- */
/* Unusable schemas                                                                    */
/* ----------------------------------------------------------------------------------- */

static const struct
{
  const char *schema;
  const char *message;
} compile_error_cases[] = {
  { "42", "Invalid JSON schema at #: a schema must be an object or a boolean" },
  { "null", "Invalid JSON schema at #: a schema must be an object or a boolean" },
  { "{\"items\": 3}", "Invalid JSON schema at #/items: a schema must be an object or a boolean" },
  { "{\"properties\": {\"a\": {\"minLength\": \"3\"}}}",
    "Invalid JSON schema at #/properties/a/minLength: must be a non-negative integer" },
  { "{\"maxItems\": -1}", "Invalid JSON schema at #/maxItems: must be a non-negative integer" },
  { "{\"maxItems\": 1.5}", "Invalid JSON schema at #/maxItems: must be a non-negative integer" },
  { "{\"minimum\": \"0\"}", "Invalid JSON schema at #/minimum: must be a number" },
  { "{\"exclusiveMinimum\": true}", "Invalid JSON schema at #/exclusiveMinimum: must be a number" },
  { "{\"multipleOf\": 0}", "Invalid JSON schema at #/multipleOf: must be greater than 0" },
  { "{\"type\": \"strng\"}", "Invalid JSON schema at #/type: unknown type \"strng\"" },
  { "{\"type\": []}",
      "Invalid JSON schema at #/type: must be a type name or a non-empty array of them" },
  { "{\"type\": [\"string\", \"string\"]}",
      "Invalid JSON schema at #/type: type \"string\" is repeated" },
  { "{\"enum\": 1}", "Invalid JSON schema at #/enum: must be an array" },
  { "{\"type\": [\"string\", 1]}",
    "Invalid JSON schema at #/type: must be a type name or a non-empty array of them" },
  { "{\"dependencies\": []}", "Invalid JSON schema at #/dependencies: must be an object" },
  { "{\"patternProperties\": true}",
    "Invalid JSON schema at #/patternProperties: must be an object of schemas" },
  { "{\"pattern\": 1}", "Invalid JSON schema at #/pattern: must be a string" },
  { "{\"$ref\": \"#/definitions/a/b\", \"definitions\": {\"a\": 1}}",
    "Invalid JSON schema at #/definitions/a: a schema must be an object or a boolean" },
  { "{\"$ref\": \"#/items/b\", \"items\": [true]}",
    "Invalid JSON schema at #/$ref: cannot resolve \"#/items/b\": the pointer leads nowhere" },
  { "{\"required\": [\"a\", \"a\"]}",
      "Invalid JSON schema at #/required: must be an array of unique strings" },
  { "{\"required\": \"a\"}",
      "Invalid JSON schema at #/required: must be an array of unique strings" },
  { "{\"dependencies\": {\"a\": [1]}}",
    "Invalid JSON schema at #/dependencies/a: must be an array of unique strings" },
  { "{\"dependencies\": {\"a\": 1}}",
    "Invalid JSON schema at #/dependencies/a: a schema must be an object or a boolean" },
  { "{\"anyOf\": []}", "Invalid JSON schema at #/anyOf: must be a non-empty array of schemas" },
  { "{\"allOf\": {}}", "Invalid JSON schema at #/allOf: must be a non-empty array of schemas" },
  { "{\"items\": []}", "Invalid JSON schema at #/items: must be a non-empty array of schemas" },
  { "{\"oneOf\": [{}, 1]}",
      "Invalid JSON schema at #/oneOf/1: a schema must be an object or a boolean" },
  { "{\"properties\": []}", "Invalid JSON schema at #/properties: must be an object of schemas" },
  { "{\"uniqueItems\": 1}", "Invalid JSON schema at #/uniqueItems: must be a boolean" },
  { "{\"format\": 1}", "Invalid JSON schema at #/format: must be a string" },
  { "{\"pattern\": \"(\"}",
      "Invalid JSON schema at #/pattern: invalid regular expression \"(\": " },
  { "{\"pattern\": \"\\\\uZZZZ\"}",
      "Invalid JSON schema at #/pattern: invalid regular expression" },
  { "{\"patternProperties\": {\"[a\": {}}}",
    "Invalid JSON schema at #/patternProperties/[a: invalid regular expression \"[a\": " },
  { "{\"$ref\": 1}", "Invalid JSON schema at #/$ref: must be a string" },
  { "{\"$ref\": \"#/definitions/missing\"}",
    "Invalid JSON schema at #/$ref: cannot resolve \"#/definitions/missing\": "
    "the pointer leads nowhere" },
  { "{\"properties\": {\"a\": {\"$ref\": \"http://example.com/x.json\"}}}",
    "Invalid JSON schema at #/properties/a/$ref: cannot resolve \"http://example.com/x.json\": "
    "remote references are not fetched" },
  { "{\"$ref\": \"#nowhere\"}", "Invalid JSON schema at #/$ref: cannot resolve" },
  { "{\"$ref\": \"#/a%zz\"}", "Invalid JSON schema at #/$ref: cannot resolve \"#/a%zz\"" },
  { "{\"$ref\": \"#/a%00\"}",
      "Invalid JSON schema at #/$ref: cannot resolve \"#/a%00\": bad %-escape" },
  { "{\"pattern\": \"(*LIMIT_MATCH=99999999)a\"}",
    "Invalid JSON schema at #/pattern: invalid regular expression \"(*LIMIT_MATCH=99999999)a\": "
    "\"(*\" is not valid in an ECMAScript regular expression" },
  { "{\"$ref\": \"#/~2\"}", "Invalid JSON schema at #/$ref: cannot resolve" },
  { "{\"$ref\": \"#/enum\", \"enum\": [1]}",
    "Invalid JSON schema at #/enum: a schema must be an object or a boolean" },
  { "{\"$id\": 5}", "Invalid JSON schema at #/$id: must be a string" },
  { "{\"definitions\": {\"a\": {\"$id\": \"#x\"}, \"b\": {\"$id\": \"#x\"}}}",
    "Invalid JSON schema at #/definitions/b/$id: \"#x\" is already used" },
  /* $ref cycles that never move into the instance */
  { "{\"$ref\": \"#\"}",
      "Invalid JSON schema at #: $ref cycle that never moves into the instance" },
  { "{\"definitions\": {\"a\": {\"$ref\": \"#/definitions/b\"}, "
    "\"b\": {\"allOf\": [{\"$ref\": \"#/definitions/a\"}]}}, \"$ref\": \"#/definitions/a\"}",
    "$ref cycle that never moves into the instance" },
  { "{\"anyOf\": [{\"type\": \"string\"}, {\"not\": {\"$ref\": \"#\"}}]}",
    "$ref cycle that never moves into the instance" },
  { "{\"dependencies\": {\"a\": {\"if\": {\"$ref\": \"#\"}, \"then\": true}}}",
    "$ref cycle that never moves into the instance" },
};

static void
test_compile_errors (void)
{
  g_test_summary ("Unusable schemas fail to compile with INVALID_ARGUMENT and a message "
                  "naming the place in the schema.");

  for (guint i = 0; i < G_N_ELEMENTS (compile_error_cases); i++)
    {
      g_autoptr(JsonNode) schema = parse_json (compile_error_cases[i].schema);
      g_autoptr(GError) error = NULL;
      g_autoptr(GenkitJsonSchema) compiled = genkit_json_schema_new (schema, &error);
      g_autoptr(JsonNode) instance = parse_json ("{}");
      g_autoptr(GError) error2 = NULL;

      g_test_message ("schema %s", compile_error_cases[i].schema);
      g_assert_null (compiled);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      if (strstr (error->message, compile_error_cases[i].message) == NULL)
        g_error ("\"%s\" does not contain \"%s\"", error->message, compile_error_cases[i].message);

      g_assert_false (genkit_json_schema_validate_node (schema, instance, &error2));
      g_assert_error (error2, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
      g_assert_cmpstr (error2->message, ==, error->message);
    }
}

static void
test_compile_deep_schema (void)
{
  GString *text = g_string_new (NULL);
  g_autoptr(JsonNode) schema = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitJsonSchema) compiled = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < 600; i++)
    g_string_append (text, "{\"not\": ");
  g_string_append (text, "{}");
  for (guint i = 0; i < 600; i++)
    g_string_append_c (text, '}');
  json = g_string_free (text, FALSE);

  schema = parse_json (json);
  compiled = genkit_json_schema_new (schema, &error);
  g_assert_null (compiled);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   "Invalid JSON schema: the schema is nested more than 512 levels deep");
}

/* ----------------------------------------------------------------------------------- */
/* Hostile instances and schemas                                                       */
/* ----------------------------------------------------------------------------------- */

/* [[[...]]] @depth arrays deep, built without the parser (which recurses). */
static JsonNode *
nested_arrays (guint depth)
{
  JsonNode *node = json_node_init_int (json_node_alloc (), 1);

  for (guint i = 0; i < depth; i++)
    {
      JsonArray *array = json_array_new ();

      json_array_add_element (array, node);
      node = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }
  return node;
}

static void
test_deep_instance (void)
{
  static const char * const schemas[] = {
    "{}",
    "{\"items\": {\"$ref\": \"#\"}}",
    "{\"anyOf\": [{\"type\": \"integer\"}, {\"items\": {\"$ref\": \"#\"}}]}",
    "{\"uniqueItems\": true, \"items\": {\"$ref\": \"#\"}}",
  };

  g_test_summary ("Instances nested beyond 256 levels are one violation, never a stack "
                  "overflow; up to 256 levels validate normally.");

  for (guint i = 0; i < G_N_ELEMENTS (schemas); i++)
    {
      g_autoptr(GenkitJsonSchema) schema = compile_or_die (schemas[i]);
      g_autoptr(JsonNode) ok_instance = nested_arrays (256);
      g_autoptr(JsonNode) deep_instance = nested_arrays (5000);
      g_autoptr(GPtrArray) violations = NULL;
      g_autoptr(GError) error = NULL;
      GenkitSchemaViolation *violation;

      g_assert_true (validate_all_ways (schema, ok_instance, NULL, NULL));

      g_assert_false (validate_all_ways (schema, deep_instance, &violations, &error));
      g_assert_cmpuint (violations->len, ==, 1);
      violation = g_ptr_array_index (violations, 0);
      g_assert_cmpstr (genkit_schema_violation_get_path (violation), ==, "(root)");
      g_assert_cmpstr (genkit_schema_violation_get_keyword (violation), ==, "depth");
      g_assert_cmpstr (genkit_schema_violation_get_message (violation), ==,
                       "must NOT be nested more than 256 levels deep");
      g_assert_true (g_str_has_prefix (error->message,
                                       "Schema validation failed. Parse Errors:\n\n"
                                       "- (root): must NOT be nested more than 256 levels deep\n\n"
                                       "Provided data:\n\n[\n  [\n    [\n"));
    }
}

static void
test_recursive_ref (void)
{
  g_autoptr(GenkitJsonSchema) schema = NULL;
  GString *text = g_string_new (NULL);
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) good = NULL;
  g_autoptr(JsonNode) bad = NULL;
  g_autoptr(GPtrArray) violations = NULL;

  g_test_summary ("A schema that refers to itself through a keyword that moves into the "
                  "instance terminates on recursive instances.");

  schema = compile_or_die ("{\"properties\": {\"foo\": {\"$ref\": \"#\"}}, "
                           "\"additionalProperties\": false}");
  for (guint i = 0; i < 200; i++)
    g_string_append (text, "{\"foo\": ");
  g_string_append (text, "false");
  for (guint i = 0; i < 200; i++)
    g_string_append_c (text, '}');
  json = g_string_free (text, FALSE);
  good = parse_json (json);
  g_assert_true (validate_all_ways (schema, good, NULL, NULL));

  bad = parse_json ("{\"foo\": {\"foo\": {\"bar\": 1}}}");
  g_assert_false (validate_all_ways (schema, bad, &violations, NULL));
  g_assert_cmpuint (violations->len, ==, 1);
  g_assert_cmpstr (genkit_schema_violation_get_path (g_ptr_array_index (violations, 0)), ==,
                   "foo.foo");
}

static void
test_evaluation_budget (void)
{
  GString *text = g_string_new ("{\"definitions\": {");
  g_autofree char *json = NULL;
  g_autoptr(GenkitJsonSchema) schema = NULL;
  g_autoptr(JsonNode) instance = parse_json ("[1]");
  g_autoptr(GPtrArray) violations = NULL;
  g_autoptr(GError) error = NULL;
  gdouble elapsed;

  g_test_summary ("A schema whose $refs fan out exponentially is given up on with "
                  "RESOURCE_EXHAUSTED instead of running for hours.");

  /* d0 → d1 twice → d2 four times ... → d40: 2^40 evaluations of "false". */
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (text, "\"d%u\": {\"allOf\": [{\"$ref\": \"#/definitions/d%u\"}, "
                            "{\"$ref\": \"#/definitions/d%u\"}]}, ", i, i + 1, i + 1);
  g_string_append (text, "\"d40\": false}, \"$ref\": \"#/definitions/d0\"}");
  json = g_string_free (text, FALSE);
  schema = compile_or_die (json);

  g_test_timer_start ();
  g_assert_false (genkit_json_schema_validate (schema, instance, &violations, &error));
  elapsed = g_test_timer_elapsed ();
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_RESOURCE_EXHAUSTED);
  g_assert_nonnull (violations);
  g_test_message ("gave up after %.2f s", elapsed);
  g_assert_cmpfloat (elapsed, <, 30.0);

  g_assert_false (genkit_json_schema_validate (schema, instance, NULL, NULL));
}

static char *
ref_chain_schema (guint length)
{
  GString *text = g_string_new ("{\"definitions\": {");

  for (guint i = 0; i < length; i++)
    g_string_append_printf (text, "\"d%u\": {\"allOf\": [{\"$ref\": \"#/definitions/d%u\"}]}, ",
                            i, i + 1);
  g_string_append_printf (text, "\"d%u\": {\"type\": \"integer\"}}, "
                          "\"$ref\": \"#/definitions/d0\"}", length);
  return g_string_free (text, FALSE);
}

static void
test_long_ref_chain (void)
{
  g_autofree char *short_chain = ref_chain_schema (500);
  g_autofree char *long_chain = ref_chain_schema (5000);
  g_autoptr(GenkitJsonSchema) short_schema = compile_or_die (short_chain);
  g_autoptr(GenkitJsonSchema) long_schema = compile_or_die (long_chain);
  g_autoptr(JsonNode) good = parse_json ("1");
  g_autoptr(JsonNode) bad = parse_json ("\"1\"");
  g_autoptr(GError) error = NULL;

  g_test_summary ("Long chains of $ref evaluate up to a nesting limit, then give up with "
                  "RESOURCE_EXHAUSTED rather than overflow the stack.");

  g_assert_true (validate_all_ways (short_schema, good, NULL, NULL));
  g_assert_false (validate_all_ways (short_schema, bad, NULL, NULL));

  g_assert_false (genkit_json_schema_validate (long_schema, good, NULL, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_RESOURCE_EXHAUSTED);
}

/* Inputs the fuzzer (tests/fuzz/fuzz-json-schema.c) found problems with, and other
 * hostile corners: each must compile or fail cleanly, and validate without crashing. */
static const struct
{
  const char *schema;
  const char *instance;
} hostile_cases[] = {
  { "{\"pattern\": \"\\\\\"}", "\"a\"" },
  { "{\"pattern\": \"[\\\\u\"}", "\"a\"" },
  { "{\"pattern\": \"\\\\u{110000}\"}", "\"a\"" },
  { "{\"pattern\": \"\\\\u{}\"}", "\"a\"" },
  { "{\"pattern\": \"\\\\uD800\"}", "\"a\"" },
  { "{\"pattern\": \"(*LIMIT_MATCH=99999999)(a+)+$\"}", "\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaab\"" },
  { "{\"$ref\": \"#/definitions/a/0\", \"definitions\": {\"a\": [true]}}", "1" },
  { "{\"$ref\": \"#/definitions/a/00\", \"definitions\": {\"a\": [true]}}", "1" },
  { "{\"$ref\": \"#/definitions/a/-1\", \"definitions\": {\"a\": [true]}}", "1" },
  { "{\"$ref\": \"#/definitions/a/99999999999999999999\", \"definitions\": {\"a\": [true]}}", "1" },
  { "{\"$ref\": \"http://[\"}", "1" },
  /* found by the fuzzer: GLib 2.74's g_uri_resolve_relative() emits a critical and
   * returns NULL without an error for these */
  { "{\"$ref\": \"x:/.//a\"}", "1" },
  { "{\"$id\": \"urn:x\", \"properties\": {\"a\": {\"$ref\": \"..//a\"}}}", "1" },
  { "{\"$id\": \"urn:x\", \"definitions\": {\"a\": {\"$id\": \".//b\"}}}", "1" },
  { "{\"$id\": \"urn:x\", \"definitions\": {\"a\": {\"$id\": \"y\", \"items\": "
    "{\"$ref\": \"#/definitions/b/items\"}}, \"b\": {\"$id\": \"..//z\", \"items\": true}}}",
    "[1]" },
  { "{\"$id\": \"http://[\"}", "1" },
  { "{\"$id\": \"#\", \"$ref\": \"#\"}", "1" },
  { "{\"$id\": \"x\", \"definitions\": {\"y\": {\"$id\": \"x\"}}}", "1" },
  { "{\"$ref\": \"#%2F\"}", "1" },
  { "{\"$ref\": \"#/\", \"\": true}", "1" },
  { "{\"$ref\": \"#/%00\"}", "1" },
  { "{\"$ref\": \"http://json-schema.org/draft-07/schema#/definitions/nope\"}", "1" },
  { "{\"$ref\": \"http://json-schema.org/draft-07/schema\"}", "{\"$ref\": 1}" },
  { "{\"maximum\": 1e400}", "1e400" },
  { "{\"multipleOf\": 1e-400}", "1" },
  { "{\"multipleOf\": 1e400}", "1e400" },
  { "{\"multipleOf\": 2}", "-9223372036854775808" },
  { "{\"minLength\": 1e300}", "\"a\"" },
  { "{\"type\": \"integer\", \"maximum\": -1e400}", "1e400" },
  { "{\"enum\": [[[[[]]]]], \"const\": {\"a\": {\"b\": []}}}", "[[[[[]]]]]" },
  { "{\"propertyNames\": {\"$ref\": \"#\"}, \"uniqueItems\": true}",
      "{\"a\": [1, [1], {\"a\": 1}]}" },
  { "{\"dependencies\": {\"a\": {\"$ref\": \"#/properties/b\"}}, \"properties\": {\"b\": false}}",
    "{\"a\": 1, \"b\": 2}" },
  { "{\"contains\": false, \"items\": [true], \"additionalItems\": {\"$ref\": \"#\"}}",
      "[1, [2, [3]]]" },
  { "{\"oneOf\": [true, true, {\"$ref\": \"#/oneOf/0\"}]}", "1" },
  { "{\"format\": \"date-time\"}", "\"2024-01-01T10:00:00.\"" },
  { "{\"format\": \"date-time\"}", "\"T\"" },
  { "{\"format\": \"time\"}", "\"23:59:60+99\"" },
  { "{\"format\": \"date-time\"}", "\"2024-01-01\xe2\x80\xa8" "10:00:00Z\"" },
  { "{\"format\": \"regex\"}", "\"\\\\Z\"" },
};

static void
test_hostile_inputs (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (hostile_cases); i++)
    {
      g_autoptr(JsonNode) schema = parse_json (hostile_cases[i].schema);
      g_autoptr(JsonNode) instance = parse_json (hostile_cases[i].instance);
      g_autoptr(GError) error = NULL;
      g_autoptr(GenkitJsonSchema) compiled = genkit_json_schema_new (schema, &error);

      g_test_message ("schema %s, instance %s", hostile_cases[i].schema, hostile_cases[i].instance);
      if (compiled == NULL)
        {
          g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
          continue;
        }
      g_assert_no_error (error);
      validate_all_ways (compiled, instance, NULL, NULL);
    }
}

/* ----------------------------------------------------------------------------------- */
/* API                                                                                 */
/* ----------------------------------------------------------------------------------- */

static void
test_schema_is_copied (void)
{
  g_autoptr(JsonNode) schema = parse_json ("{\"type\": \"string\", \"maxLength\": 2}");
  g_autoptr(JsonNode) instance = parse_json ("\"abc\"");
  g_autoptr(GenkitJsonSchema) compiled = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) from_property = NULL;
  JsonNode *stored;

  compiled = genkit_json_schema_new (schema, &error);
  g_assert_no_error (error);

  /* Editing the caller's JSON afterwards changes nothing. */
  json_object_set_int_member (json_node_get_object (schema), "maxLength", 10);
  json_object_set_string_member (json_node_get_object (schema), "type", "number");
  g_assert_false (genkit_json_schema_validate (compiled, instance, NULL, NULL));

  stored = genkit_json_schema_get_schema (compiled);
  g_assert_true (json_node_is_immutable (stored));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (stored), "maxLength"), ==, 2);

  g_object_get (compiled, "schema", &from_property, NULL);
  g_assert_true (json_node_equal (from_property, stored));
}

static void
test_validate_node (void)
{
  g_autoptr(JsonNode) schema = parse_json ("{\"type\": \"array\", "
                                           "\"items\": {\"type\": \"string\"}}");
  g_autoptr(JsonNode) good = parse_json ("[\"a\"]");
  g_autoptr(JsonNode) bad = parse_json ("[\"a\", 1]");
  g_autoptr(GError) error = NULL;

  g_assert_true (genkit_json_schema_validate_node (schema, good, &error));
  g_assert_no_error (error);
  g_assert_false (genkit_json_schema_validate_node (schema, bad, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message,
                                   "Schema validation failed. Parse Errors:\n\n"
                                   "- 1: must be string\n"));
  g_assert_false (genkit_json_schema_validate_node (schema, bad, NULL));
}

typedef struct
{
  GenkitJsonSchema *schema;
  JsonNode         *good;
  JsonNode         *bad;
} ThreadData;

static gpointer
validate_thread (gpointer user_data)
{
  ThreadData *data = user_data;

  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(GPtrArray) violations = NULL;

      g_assert_true (genkit_json_schema_validate (data->schema, data->good, NULL, NULL));
      g_assert_false (genkit_json_schema_validate (data->schema, data->bad, &violations, NULL));
      g_assert_cmpuint (violations->len, ==, 2);
    }
  return NULL;
}

static void
test_threads (void)
{
  g_autoptr(GenkitJsonSchema) schema = NULL;
  g_autoptr(JsonNode) good = parse_json ("{\"name\": \"ab\", \"tags\": [\"x\", \"y\"]}");
  g_autoptr(JsonNode) bad = parse_json ("{\"name\": \"a1\", \"tags\": [\"x\", \"x\"]}");
  ThreadData data;
  GThread *threads[4];

  g_test_summary ("A compiled schema validates from several threads at once.");

  schema = compile_or_die ("{\"properties\": {\"name\": {\"pattern\": \"^[a-z]+$\"}, "
                           "\"tags\": {\"uniqueItems\": true, "
                           "\"items\": {\"format\": \"hostname\"}}}}");
  data.schema = schema;
  data.good = good;
  data.bad = bad;
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("validate", validate_thread, &data);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json-schema/genkit-message/format", test_genkit_message);
  g_test_add_func ("/json-schema/genkit-message/multiple", test_genkit_message_multiple);
  g_test_add_func ("/json-schema/genkit-message/stringify", test_genkit_message_stringify);
  g_test_add_func ("/json-schema/violations/keywords", test_violations);
  g_test_add_func ("/json-schema/violations/boxed", test_violation_boxed);
  g_test_add_func ("/json-schema/semantics", test_semantics);
  g_test_add_func ("/json-schema/formats", test_formats);
  g_test_add_func ("/json-schema/compile/errors", test_compile_errors);
  g_test_add_func ("/json-schema/compile/deep-schema", test_compile_deep_schema);
  g_test_add_func ("/json-schema/limits/deep-instance", test_deep_instance);
  g_test_add_func ("/json-schema/limits/recursive-ref", test_recursive_ref);
  g_test_add_func ("/json-schema/limits/evaluation-budget", test_evaluation_budget);
  g_test_add_func ("/json-schema/limits/long-ref-chain", test_long_ref_chain);
  g_test_add_func ("/json-schema/limits/hostile-inputs", test_hostile_inputs);
  g_test_add_func ("/json-schema/api/schema-is-copied", test_schema_is_copied);
  g_test_add_func ("/json-schema/api/validate-node", test_validate_node);
  g_test_add_func ("/json-schema/api/threads", test_threads);

  add_suite_tests ();

  return g_test_run ();
}
