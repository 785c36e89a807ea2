/* cli-dataset.c — `genkit-studio-cli dataset`: the evaluation datasets of the studio's store
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include <genkit-eval.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-dataset.h"
#include "cli-runtime.h"

#define CLI_STORE_OPTION_ENTRY(path) \
  { "store", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, (path), \
    "The studio's evaluation store (SQLite; default: $XDG_DATA_HOME/genkit-studio/evals.db)", "FILE" }

/**
 * cli_genkit_store_dir:
 * @dir: the directory the Genkit CLI runs in (its dataset and eval stores are under
 *   `.genkit/` there), or such a store folder itself
 * @kind: `datasets` or `evals`
 *
 * Where the Genkit CLI keeps its datasets or eval runs when it runs in @dir.
 *
 * Returns: (transfer full): the folder
 */
char *
cli_genkit_store_dir (const char *dir,
                      const char *kind)
{
  g_autofree char *base = g_path_get_basename (dir);
  g_autofree char *parent = g_path_get_dirname (dir);
  g_autofree char *parent_base = g_path_get_basename (parent);

  if (g_str_equal (base, kind) && g_str_equal (parent_base, ".genkit"))
    return g_strdup (dir);
  return g_build_filename (dir, ".genkit", kind, NULL);
}

/**
 * cli_wait:
 *
 * Waits for one async call of a store: iterates the main context until @result is set.
 */
static GAsyncResult *
cli_wait (GAsyncResult **result)
{
  cli_wait_for_result (result);
  return *result;
}

static int
cli_dataset_exit_status (const GError *error)
{
  return g_error_matches (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT) ||
         g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT)
         ? CLI_EXIT_USAGE : CLI_EXIT_FAILURE;
}

static gboolean
cli_dataset_type_from_option (const char        *option,
                              GenkitDatasetType *type)
{
  g_autofree char *upper = NULL;

  if (option == NULL)
    {
      *type = GENKIT_DATASET_TYPE_UNKNOWN;
      return TRUE;
    }
  upper = g_ascii_strup (option, -1);
  g_strdelimit (upper, "-", '_');
  return genkit_dataset_type_from_string (upper, type);
}

static gboolean
cli_dataset_format_from_option (const char          *option,
                                const char          *path,
                                GenkitDatasetFormat *format)
{
  if (option == NULL)
    {
      if (path != NULL && genkit_dataset_format_from_path (path, format))
        return TRUE;
      *format = GENKIT_DATASET_FORMAT_JSON;
      return path == NULL;
    }
  if (g_ascii_strcasecmp (option, "json") == 0)
    *format = GENKIT_DATASET_FORMAT_JSON;
  else if (g_ascii_strcasecmp (option, "jsonl") == 0)
    *format = GENKIT_DATASET_FORMAT_JSONL;
  else if (g_ascii_strcasecmp (option, "csv") == 0)
    *format = GENKIT_DATASET_FORMAT_CSV;
  else
    return FALSE;
  return TRUE;
}

/* dataset list ------------------------------------------------------------------------- */

static int
cli_dataset_list (int    argc,
                  char **argv)
{
  g_autofree char *store_path = NULL;
  const GOptionEntry entries[] = {
    CLI_STORE_OPTION_ENTRY (&store_path),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDatasetStore) store = NULL;
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  guint n;

  context = cli_option_context_new (NULL,
                                    "Lists the datasets as Genkit's DatasetMetadata (JSON): id, size, "
                                    "version, type,\ntarget action, times.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) > 1)
    {
      cli_printerr ("unexpected argument '%s'", args[1]);
      return CLI_EXIT_USAGE;
    }

  if (!(store = genkit_dataset_store_new (store_path, &error)))
    return cli_fail (error, CLI_EXIT_FAILURE);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GenkitDataset) dataset = g_list_model_get_item (G_LIST_MODEL (store), i);

      json_array_add_element (list, genkit_dataset_to_metadata_json (dataset));
    }
  node = json_node_init_array (json_node_alloc (), list);
  cli_print_json (node, TRUE);
  return CLI_EXIT_OK;
}

/* dataset show ------------------------------------------------------------------------- */

static int
cli_dataset_show (int    argc,
                  char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *format_option = NULL;
  gint64 version = 0;
  const GOptionEntry entries[] = {
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT64, &version,
      "Show this version instead of the current one", "N" },
    { "format", 'f', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &format_option,
      "json (default), jsonl or csv", "FORMAT" },
    CLI_STORE_OPTION_ENTRY (&store_path),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDatasetStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *text = NULL;
  GenkitDatasetFormat format;

  context = cli_option_context_new ("ID", "Prints the rows of a dataset (of one of its versions).", entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) != 2)
    {
      cli_printerr ("give the ID of one dataset (see 'genkit-studio-cli dataset list')");
      return CLI_EXIT_USAGE;
    }
  if (!cli_dataset_format_from_option (format_option, NULL, &format))
    {
      cli_printerr ("--format must be json, jsonl or csv");
      return CLI_EXIT_USAGE;
    }

  if (!(store = genkit_dataset_store_new (store_path, &error)))
    return cli_fail (error, CLI_EXIT_FAILURE);
  genkit_dataset_store_get_rows_async (store, args[1], version, NULL, cli_store_result_cb, &result);
  if (!(rows = genkit_dataset_store_get_rows_finish (store, cli_wait (&result), &error)))
    return cli_fail (error, CLI_EXIT_FAILURE);
  text = genkit_dataset_rows_serialize (rows, format);
  g_print ("%s", text);
  return CLI_EXIT_OK;
}

/* dataset import ----------------------------------------------------------------------- */

static int
cli_dataset_import (int    argc,
                    char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *id = NULL;
  g_autofree char *type_option = NULL;
  g_autofree char *target = NULL;
  g_autofree char *genkit_dir = NULL;
  gboolean replace = FALSE;
  const GOptionEntry entries[] = {
    { "id", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &id,
      "The dataset's id (default: the file's name without its extension); 6-36 letters, digits, "
      "'_', '.' or '-', as Genkit wants", "ID" },
    { "type", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &type_option,
      "What the dataset is for: flow, model, executable-prompt (default: unknown)", "TYPE" },
    { "target", 't', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &target,
      "The key of the action the dataset is for, such as /flow/greet", "KEY" },
    { "replace", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &replace,
      "Import over an existing dataset of that id (its next version)", NULL },
    { "genkit", 'g', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &genkit_dir,
      "Import the Genkit CLI's datasets of DIR (DIR/.genkit/datasets, what 'genkit eval:flow' "
      "run in DIR uses) instead of a file; the IDs given, or all", "DIR" },
    CLI_STORE_OPTION_ENTRY (&store_path),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDatasetStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GenkitDatasetImportFlags flags;
  GenkitDatasetType type;
  guint n_args;

  context = cli_option_context_new ("FILE | --genkit DIR [ID…]",
                                    "Imports a dataset from a .json, .jsonl or .csv file (rows with "
                                    "testCaseId, input,\nreference, context), or the Genkit CLI's "
                                    "datasets with --genkit. Prints the imported\ndatasets' metadata.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  n_args = g_strv_length (args);
  if (!cli_dataset_type_from_option (type_option, &type))
    {
      cli_printerr ("--type must be flow, model, executable-prompt or unknown");
      return CLI_EXIT_USAGE;
    }
  if (genkit_dir == NULL && n_args != 2)
    {
      cli_printerr ("give one FILE to import (or --genkit DIR)");
      return CLI_EXIT_USAGE;
    }
  if (genkit_dir != NULL && (id != NULL || type_option != NULL || target != NULL))
    {
      cli_printerr ("--id, --type and --target are for a file; Genkit's datasets bring their own");
      return CLI_EXIT_USAGE;
    }
  flags = replace ? GENKIT_DATASET_IMPORT_REPLACE : GENKIT_DATASET_IMPORT_NONE;

  if (!(store = genkit_dataset_store_new (store_path, &error)))
    return cli_fail (error, CLI_EXIT_FAILURE);

  if (genkit_dir != NULL)
    {
      g_autofree char *dir = cli_genkit_store_dir (genkit_dir, "datasets");
      g_autoptr(GPtrArray) datasets = NULL;
      g_autoptr(JsonArray) list = json_array_new ();
      g_autoptr(JsonNode) node = NULL;

      genkit_dataset_store_import_genkit_async (store, dir, n_args > 1 ? (const char * const *) args + 1 : NULL,
                                                flags, NULL, cli_store_result_cb, &result);
      if (!(datasets = genkit_dataset_store_import_genkit_finish (store, cli_wait (&result), &error)))
        return cli_fail (error, cli_dataset_exit_status (error));
      for (guint i = 0; i < datasets->len; i++)
        json_array_add_element (list, genkit_dataset_to_metadata_json (g_ptr_array_index (datasets, i)));
      node = json_node_init_array (json_node_alloc (), list);
      cli_print_json (node, TRUE);
      return CLI_EXIT_OK;
    }

  {
    g_autoptr(GenkitDataset) dataset = NULL;
    g_autoptr(JsonNode) node = NULL;

    genkit_dataset_store_import_file_async (store, args[1], id, type, target, flags, NULL,
                                            cli_store_result_cb, &result);
    if (!(dataset = genkit_dataset_store_import_file_finish (store, cli_wait (&result), &error)))
      return cli_fail (error, cli_dataset_exit_status (error));
    node = genkit_dataset_to_metadata_json (dataset);
    cli_print_json (node, TRUE);
  }
  return CLI_EXIT_OK;
}

/* dataset export ----------------------------------------------------------------------- */

static int
cli_dataset_export (int    argc,
                    char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *format_option = NULL;
  g_autofree char *output = NULL;
  g_autofree char *genkit_dir = NULL;
  gint64 version = 0;
  const GOptionEntry entries[] = {
    { "output", 'o', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &output,
      "Write to FILE (its extension picks the format unless --format says)", "FILE" },
    { "format", 'f', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &format_option,
      "json, jsonl or csv", "FORMAT" },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_INT64, &version,
      "Export this version instead of the current one", "N" },
    { "genkit", 'g', G_OPTION_FLAG_NONE, G_OPTION_ARG_FILENAME, &genkit_dir,
      "Export into the Genkit CLI's datasets of DIR (DIR/.genkit/datasets), for 'genkit eval:flow "
      "--input ID' and the Dev UI; the IDs given, or all", "DIR" },
    CLI_STORE_OPTION_ENTRY (&store_path),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDatasetStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  GenkitDatasetFormat format;
  guint n_args;

  context = cli_option_context_new ("ID | --genkit DIR [ID…]",
                                    "Exports a dataset to a file (or standard output), or datasets "
                                    "into the Genkit CLI's\nstore with --genkit.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  n_args = g_strv_length (args);
  if (genkit_dir == NULL && n_args != 2)
    {
      cli_printerr ("give the ID of one dataset to export (or --genkit DIR)");
      return CLI_EXIT_USAGE;
    }
  if (genkit_dir != NULL && (output != NULL || format_option != NULL || version != 0))
    {
      cli_printerr ("--output, --format and --version are for a file; --genkit writes Genkit's format");
      return CLI_EXIT_USAGE;
    }
  if (genkit_dir == NULL && !cli_dataset_format_from_option (format_option, output, &format))
    {
      cli_printerr (format_option ? "--format must be json, jsonl or csv"
                                  : "cannot tell the format from the file's name: give --format");
      return CLI_EXIT_USAGE;
    }

  if (!(store = genkit_dataset_store_new (store_path, &error)))
    return cli_fail (error, CLI_EXIT_FAILURE);

  if (genkit_dir != NULL)
    {
      g_autofree char *dir = cli_genkit_store_dir (genkit_dir, "datasets");

      genkit_dataset_store_export_genkit_async (store, n_args > 1 ? (const char * const *) args + 1 : NULL, dir,
                                                NULL, cli_store_result_cb, &result);
      if (!genkit_dataset_store_export_genkit_finish (store, cli_wait (&result), &error))
        return cli_fail (error, cli_dataset_exit_status (error));
      g_printerr ("exported to %s\n", dir);
      return CLI_EXIT_OK;
    }

  if (output == NULL)
    {
      g_autoptr(GPtrArray) rows = NULL;
      g_autofree char *text = NULL;

      genkit_dataset_store_get_rows_async (store, args[1], version, NULL, cli_store_result_cb, &result);
      if (!(rows = genkit_dataset_store_get_rows_finish (store, cli_wait (&result), &error)))
        return cli_fail (error, CLI_EXIT_FAILURE);
      text = genkit_dataset_rows_serialize (rows, format);
      g_print ("%s", text);
      return CLI_EXIT_OK;
    }

  genkit_dataset_store_export_file_async (store, args[1], version, output, format, NULL, cli_store_result_cb, &result);
  if (!genkit_dataset_store_export_file_finish (store, cli_wait (&result), &error))
    return cli_fail (error, CLI_EXIT_FAILURE);
  return CLI_EXIT_OK;
}

/* dataset delete ----------------------------------------------------------------------- */

static int
cli_dataset_delete (int    argc,
                    char **argv)
{
  g_autofree char *store_path = NULL;
  const GOptionEntry entries[] = {
    CLI_STORE_OPTION_ENTRY (&store_path),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitDatasetStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  context = cli_option_context_new ("ID", "Deletes a dataset and all its versions.", entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) != 2)
    {
      cli_printerr ("give the ID of one dataset");
      return CLI_EXIT_USAGE;
    }
  if (!(store = genkit_dataset_store_new (store_path, &error)))
    return cli_fail (error, CLI_EXIT_FAILURE);
  genkit_dataset_store_delete_async (store, args[1], NULL, cli_store_result_cb, &result);
  if (!genkit_dataset_store_delete_finish (store, cli_wait (&result), &error))
    return cli_fail (error, CLI_EXIT_FAILURE);
  return CLI_EXIT_OK;
}

/* dataset validate --------------------------------------------------------------------- */

static int
cli_dataset_validate (int    argc,
                      char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *target = NULL;
  g_auto(CliRuntimeOptions) runtime_options = { 0 };
  const GOptionEntry entries[] = {
    { "target", 't', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, &target,
      "The action whose input schema the rows must fit (default: the dataset's target)", "KEY" },
    CLI_RUNTIME_OPTION_ENTRIES (&runtime_options),
    CLI_STORE_OPTION_ENTRY (&store_path),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitRuntime) runtime = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonNode) problems = NULL;
  GenkitDatasetFormat format;

  context = cli_option_context_new ("ID|FILE",
                                    "Checks every row's input against the input schema of the target "
                                    "action, on the built-in\nruntime or the one --runtime or --project "
                                    "names. Prints the invalid rows (JSON) and exits\nwith 1 when there "
                                    "are any.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;
  if (g_strv_length (args) != 2)
    {
      cli_printerr ("give one dataset ID or file");
      return CLI_EXIT_USAGE;
    }

  if (genkit_dataset_format_from_path (args[1], &format) && g_file_test (args[1], G_FILE_TEST_EXISTS))
    {
      if (!(rows = genkit_dataset_rows_read_file (args[1], &error)))
        return cli_fail (error, CLI_EXIT_USAGE);
    }
  else
    {
      g_autoptr(GenkitDatasetStore) store = genkit_dataset_store_new (store_path, &error);
      GenkitDataset *dataset;

      if (store == NULL)
        return cli_fail (error, CLI_EXIT_FAILURE);
      if (!(dataset = genkit_dataset_store_lookup (store, args[1])))
        {
          cli_printerr ("%s is neither a dataset nor a .json, .jsonl or .csv file", args[1]);
          return CLI_EXIT_USAGE;
        }
      if (target == NULL)
        target = g_strdup (genkit_dataset_get_target_action (dataset));
      genkit_dataset_store_get_rows_async (store, args[1], 0, NULL, cli_store_result_cb, &result);
      if (!(rows = genkit_dataset_store_get_rows_finish (store, cli_wait (&result), &error)))
        return cli_fail (error, CLI_EXIT_FAILURE);
      g_clear_object (&result);
    }
  if (target == NULL)
    {
      cli_printerr ("give the target action with --target KEY");
      return CLI_EXIT_USAGE;
    }

  if (!(runtime = cli_runtime_open (&runtime_options, &error)))
    return cli_fail (error, cli_runtime_options_is_builtin (&runtime_options) ? CLI_EXIT_FAILURE
                                                                             : cli_runtime_exit_status (error));
  genkit_dataset_rows_validate_for_action_async (rows, runtime, target, NULL, cli_store_result_cb, &result);
  if (!(problems = genkit_dataset_rows_validate_for_action_finish (cli_wait (&result), &error)))
    return cli_fail (error, CLI_EXIT_FAILURE);
  cli_print_json (problems, TRUE);
  return json_array_get_length (json_node_get_array (problems)) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAILURE;
}

static const CliCommand cli_dataset_commands[] = {
  { "list", "List the datasets", cli_dataset_list },
  { "show", "Print the rows of a dataset", cli_dataset_show },
  { "import", "Import a .json, .jsonl or .csv file, or the Genkit CLI's datasets", cli_dataset_import },
  { "export", "Export a dataset to a file, or into the Genkit CLI's datasets", cli_dataset_export },
  { "validate", "Check the rows against a target action's input schema", cli_dataset_validate },
  { "delete", "Delete a dataset", cli_dataset_delete },
};

/**
 * cli_dataset_main:
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): `dataset`, then a subcommand and its options
 *
 * The `dataset` command group, over the studio's [class@Genkit.DatasetStore] (`--store FILE`,
 * by default `$XDG_DATA_HOME/genkit-studio/evals.db`):
 *
 * - `dataset list`: the datasets as Genkit's `DatasetMetadata` (JSON);
 * - `dataset show ID [--version N] [--format json|jsonl|csv]`: the rows;
 * - `dataset import FILE [--id ID] [--type T] [--target KEY] [--replace]`, or
 *   `dataset import --genkit DIR [ID…] [--replace]` for the Genkit CLI's `.genkit/datasets`;
 * - `dataset export ID [--output FILE] [--format F] [--version N]`, or
 *   `dataset export --genkit DIR [ID…]`;
 * - `dataset validate ID|FILE [--target KEY] [--runtime URL|ID --project DIR]`: the rows that do
 *   not fit the target's input schema (exit 1 when there are any);
 * - `dataset delete ID`.
 *
 * Unusable arguments and files exit with 2, other failures with 1.
 *
 * Returns: a #CliExit status
 */
int
cli_dataset_main (int    argc,
                  char **argv)
{
  return cli_dispatch ("genkit-studio-cli dataset",
                       "The evaluation datasets of the studio's store: versioned, importable from and "
                       "exportable to\nJSON, JSONL, CSV and the Genkit CLI's .genkit/datasets.",
                       cli_dataset_commands, G_N_ELEMENTS (cli_dataset_commands), argc, argv);
}
