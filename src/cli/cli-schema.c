/* cli-schema.c — `genkit-studio-cli schema …`: JSON Schema tools
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "cli-commands.h"
#include "cli-common.h"

static JsonNode *
cli_schema_violations_to_json (GPtrArray *violations)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; violations != NULL && i < violations->len; i++)
    {
      GenkitSchemaViolation *violation = g_ptr_array_index (violations, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, genkit_schema_violation_get_path (violation));
      json_builder_set_member_name (builder, "keyword");
      json_builder_add_string_value (builder, genkit_schema_violation_get_keyword (violation));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, genkit_schema_violation_get_message (violation));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static int
cli_schema_validate (int    argc,
                     char **argv)
{
  gboolean json_output = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json_output,
      "Print the violations as a JSON array of {path, keyword, message} objects", NULL },
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) schema_node = NULL;
  g_autoptr(JsonNode) instance = NULL;
  g_autoptr(GenkitJsonSchema) schema = NULL;
  g_autoptr(GPtrArray) violations = NULL;
  const char *schema_path;
  const char *instance_path;

  context = cli_option_context_new ("SCHEMA.json INSTANCE.json",
                                    "Checks a JSON document against a JSON Schema (draft-07) "
                                    "with the engine's validator.\n"
                                    "Either file may be '-' for standard input.\n"
                                    "\n"
                                    "Prints nothing and exits with 0 when the document is valid.\n"
                                    "Prints one line 'PATH: MESSAGE' per violation and exits "
                                    "with 1 when it is not\n"
                                    "(PATH as Genkit writes it: '(root)', 'count', "
                                    "'items.0.name').\n"
                                    "Exits with 2 when a file cannot be read, is not JSON, or "
                                    "the schema is unusable.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;

  if (g_strv_length (args) != 3)
    {
      cli_printerr ("expected two arguments, SCHEMA.json and INSTANCE.json");
      return CLI_EXIT_USAGE;
    }
  schema_path = args[1];
  instance_path = args[2];

  if (g_str_equal (schema_path, "-") && g_str_equal (instance_path, "-"))
    {
      cli_printerr ("only one of SCHEMA.json and INSTANCE.json can be standard input ('-')");
      return CLI_EXIT_USAGE;
    }

  if (!(schema_node = cli_read_json_file (schema_path, &error)))
    return cli_fail (error, CLI_EXIT_USAGE);

  if (!(schema = genkit_json_schema_new (schema_node, &error)))
    {
      cli_printerr ("%s: not a usable JSON schema: %s",
                    g_str_equal (schema_path, "-") ? "<stdin>" : schema_path, error->message);
      return CLI_EXIT_USAGE;
    }

  if (!(instance = cli_read_json_file (instance_path, &error)))
    return cli_fail (error, CLI_EXIT_USAGE);

  if (genkit_json_schema_validate (schema, instance, &violations, &error))
    {
      if (json_output)
        {
          g_autoptr(JsonNode) empty = cli_schema_violations_to_json (NULL);

          cli_print_json (empty, FALSE);
        }
      return CLI_EXIT_OK;
    }

  /* Without violations the validator could not check the instance at all (a schema that
   * only fails at validation time, such as an unresolvable $ref): unusable input. */
  if (violations == NULL || violations->len == 0)
    {
      cli_printerr ("%s: %s", g_str_equal (schema_path, "-") ? "<stdin>" : schema_path,
                    error ? error->message : "validation failed without a reason");
      return CLI_EXIT_USAGE;
    }

  if (json_output)
    {
      g_autoptr(JsonNode) node = cli_schema_violations_to_json (violations);

      cli_print_json (node, TRUE);
    }
  else
    {
      for (guint i = 0; i < violations->len; i++)
        {
          GenkitSchemaViolation *violation = g_ptr_array_index (violations, i);

          g_print ("%s: %s\n",
                   genkit_schema_violation_get_path (violation),
                   genkit_schema_violation_get_message (violation));
        }
    }

  return CLI_EXIT_FAILURE;
}

static const CliCommand cli_schema_commands[] = {
  { "validate", "Check a JSON document against a JSON Schema", cli_schema_validate },
};

/**
 * cli_schema_main:
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): `schema`, then a subcommand and its arguments
 *
 * The `schema` command group: `schema validate SCHEMA.json INSTANCE.json`.
 *
 * Returns: a #CliExit status
 */
int
cli_schema_main (int    argc,
                 char **argv)
{
  return cli_dispatch ("genkit-studio-cli schema",
                       "JSON Schema tools, using the engine's draft-07 validator.",
                       cli_schema_commands, G_N_ELEMENTS (cli_schema_commands),
                       argc, argv);
}
