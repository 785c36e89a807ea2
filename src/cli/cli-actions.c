/* cli-actions.c — `genkit-studio-cli actions`: what a runtime (the built-in one by default) can run
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "cli-commands.h"
#include "cli-common.h"
#include "cli-runtime.h"

/* The type segment of a key (`flow` of `/flow/greet`), for grouping. */
static char *
cli_actions_key_type (const char *key)
{
  GenkitActionType type;
  const char *start;
  const char *end;

  if (genkit_parse_action_key (key, &type, NULL, NULL))
    return g_strdup (genkit_action_type_to_string (type));

  start = key[0] == '/' ? key + 1 : key;
  end = strchr (start, '/');
  return end != NULL ? g_strndup (start, end - start) : g_strdup ("other");
}

static void
cli_actions_print_table (JsonObject *actions)
{
  g_autoptr(GList) keys = json_object_get_members (actions);
  g_autofree char *current_type = NULL;
  glong width = 0;

  if (keys == NULL)
    {
      g_print ("No actions.\n");
      return;
    }

  /* Keys start with their type, so sorting them groups them too. */
  keys = g_list_sort (keys, (GCompareFunc) g_strcmp0);

  for (GList *l = keys; l != NULL; l = l->next)
    width = MAX (width, g_utf8_strlen (l->data, -1));

  for (GList *l = keys; l != NULL; l = l->next)
    {
      const char *key = l->data;
      JsonNode *descriptor = json_object_get_member (actions, key);
      g_autofree char *type = cli_actions_key_type (key);
      const char *description = NULL;

      if (JSON_NODE_HOLDS_OBJECT (descriptor))
        description = json_object_get_string_member_with_default (json_node_get_object (descriptor),
                                                                  "description", NULL);

      if (g_strcmp0 (type, current_type) != 0)
        {
          g_print ("%s%s\n", current_type != NULL ? "\n" : "", type);
          g_free (current_type);
          current_type = g_steal_pointer (&type);
        }

      if (description != NULL && *description != '\0')
        g_print ("  %-*s  %s\n", (int) (width + (glong) strlen (key) - g_utf8_strlen (key, -1)), key,
                 description);
      else
        g_print ("  %s\n", key);
    }
}

/**
 * cli_actions_main:
 * @argc: the number of arguments in @argv
 * @argv: (array length=argc): `actions`, then its options
 *
 * The `actions` command: lists a runtime's actions
 * ([method@Genkit.Runtime.list_actions_async]) as a table of keys and descriptions grouped
 * by action type, or with `--json` as the reflection API's `GET /api/actions` map of key to
 * descriptor. The runtime is the built-in one, or the one `--runtime` or `--project` names
 * (cli_runtime_open()).
 *
 * Returns: a #CliExit status
 */
int
cli_actions_main (int    argc,
                  char **argv)
{
  gboolean json_output = FALSE;
  g_auto(CliRuntimeOptions) runtime_options = { 0 };
  const GOptionEntry entries[] = {
    { "json", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, &json_output,
      "Print the map of action key to descriptor (key, name, description, metadata, "
      "inputSchema, outputSchema) as JSON", NULL },
    CLI_RUNTIME_OPTION_ENTRIES (&runtime_options),
    G_OPTION_ENTRY_NULL
  };
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) args = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitRuntime) runtime = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) actions = NULL;

  context = cli_option_context_new (NULL,
                                    "Lists the actions of a runtime: their keys and "
                                    "descriptions,\nor with --json everything the reflection "
                                    "API tells about them.\n"
                                    "The runtime is the built-in one, or the one --runtime or "
                                    "--project names.",
                                    entries);
  if (!cli_option_context_parse (context, argc, argv, &args))
    return CLI_EXIT_USAGE;

  if (g_strv_length (args) > 1)
    {
      cli_printerr ("unexpected argument '%s'", args[1]);
      return CLI_EXIT_USAGE;
    }

  if (!(runtime = cli_runtime_open (&runtime_options, &error)))
    {
      if (cli_runtime_options_is_builtin (&runtime_options))
        {
          cli_printerr ("cannot set up the built-in runtime: %s", error->message);
          return CLI_EXIT_FAILURE;
        }
      cli_printerr ("%s", error->message);
      return cli_runtime_exit_status (error);
    }

  genkit_runtime_list_actions_async (runtime, NULL, cli_store_result_cb, &result);
  cli_wait_for_result (&result);
  actions = genkit_runtime_list_actions_finish (runtime, result, &error);
  cli_drain_main_context ();

  if (actions == NULL)
    {
      cli_printerr ("cannot list the actions: %s", error->message);
      return CLI_EXIT_FAILURE;
    }

  if (json_output)
    cli_print_json (actions, TRUE);
  else
    cli_actions_print_table (json_node_get_object (actions));

  return CLI_EXIT_OK;
}
