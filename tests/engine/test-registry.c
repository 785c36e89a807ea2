/* test-registry.c — registration, resolution order, plugins, dynamic action providers, values
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "test-util.h"

/* A plugin whose initialization takes a while (so lookups can race it) and that resolves
 * the names it was told about. */

#define TEST_TYPE_PLUGIN (test_plugin_get_type ())
G_DECLARE_FINAL_TYPE (TestPlugin, test_plugin, TEST, PLUGIN, GObject)

struct _TestPlugin
{
  GObject   parent_instance;
  char     *name;
  GStrv     models;        /* model names it resolves */
  guint     n_inits;
  guint     n_resolves;
  gboolean  fail_init;
};

static void test_plugin_iface_init (GenkitPluginInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestPlugin, test_plugin, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (GENKIT_TYPE_PLUGIN, test_plugin_iface_init))

static const char *
test_plugin_get_name (GenkitPlugin *plugin)
{
  return TEST_PLUGIN (plugin)->name;
}

static void
model_body (GenkitActionRun *run,
            JsonNode        *input,
            gpointer         user_data)
{
  genkit_action_run_return_value (run, json_node_init_string (json_node_alloc (), user_data));
}

static gboolean
init_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  TestPlugin *self = g_task_get_source_object (task);
  GenkitRegistry *registry = g_task_get_task_data (task);
  g_autofree char *name = g_strconcat (self->name, "/eager", NULL);
  g_autoptr(GenkitAction) eager = NULL;
  g_autoptr(JsonNode) model = test_json ("{\"name\": \"x/eager\"}");

  if (self->fail_init)
    {
      g_task_return_new_error (task, GENKIT_ERROR, GENKIT_ERROR_UNAUTHENTICATED, "no key");
      return G_SOURCE_REMOVE;
    }

  eager = genkit_action_new (GENKIT_ACTION_TYPE_MODEL, name, model_body, (gpointer) "eager", NULL);
  genkit_registry_register_action (registry, eager, NULL);
  genkit_registry_register_value (registry, "defaultModel", "defaultModel", model);
  g_task_return_boolean (task, TRUE);
  return G_SOURCE_REMOVE;
}

static void
test_plugin_init_async (GenkitPlugin        *plugin,
                        GenkitRegistry      *registry,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  TestPlugin *self = TEST_PLUGIN (plugin);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  self->n_inits++;
  g_task_set_task_data (task, g_object_ref (registry), g_object_unref);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 20, init_done_cb, task, g_object_unref);
}

static GenkitAction *
test_plugin_resolve (GenkitPlugin      *plugin,
                     GenkitRegistry    *registry,
                     GenkitActionType   type,
                     const char        *name,
                     GError           **error)
{
  TestPlugin *self = TEST_PLUGIN (plugin);

  self->n_resolves++;
  if (type != GENKIT_ACTION_TYPE_MODEL || !g_strv_contains ((const char * const *) self->models, name))
    return NULL;
  /* Returned without namespace: the registry adds it. */
  return genkit_action_new (GENKIT_ACTION_TYPE_MODEL, name, model_body, self->name, NULL);
}

static JsonNode *
test_plugin_list_actions (GenkitPlugin  *plugin,
                          GError       **error)
{
  TestPlugin *self = TEST_PLUGIN (plugin);
  g_autoptr(JsonArray) array = json_array_new ();

  for (guint i = 0; self->models[i] != NULL; i++)
    {
      JsonObject *meta = json_object_new ();

      json_object_set_string_member (meta, "actionType", "model");
      json_object_set_string_member (meta, "name", self->models[i]);
      json_object_set_object_member (meta, "inputJsonSchema", json_object_new ());
      json_array_add_object_element (array, meta);
    }
  /* Malformed entries are skipped with a warning. */
  json_array_add_object_element (array, json_object_new ());
  return json_node_init_array (json_node_alloc (), array);
}

static void
test_plugin_iface_init (GenkitPluginInterface *iface)
{
  iface->get_name = test_plugin_get_name;
  iface->init_async = test_plugin_init_async;
  iface->resolve = test_plugin_resolve;
  iface->list_actions = test_plugin_list_actions;
}

static void
test_plugin_finalize (GObject *object)
{
  TestPlugin *self = TEST_PLUGIN (object);

  g_free (self->name);
  g_strfreev (self->models);
  G_OBJECT_CLASS (test_plugin_parent_class)->finalize (object);
}

static void
test_plugin_class_init (TestPluginClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = test_plugin_finalize;
}

static void
test_plugin_init (TestPlugin *self)
{
}

static TestPlugin *
test_plugin_new (const char         *name,
                 const char * const *models)
{
  TestPlugin *self = g_object_new (TEST_TYPE_PLUGIN, NULL);

  self->name = g_strdup (name);
  self->models = g_strdupv ((char **) models);
  return self;
}

/* Tests ------------------------------------------------------------------------------------- */

static void
noop_body (GenkitActionRun *run,
           JsonNode        *input,
           gpointer         user_data)
{
  genkit_action_run_return_value (run, NULL);
}

static void
on_items_changed_cb (GListModel *model,
                     guint       position,
                     guint       removed,
                     guint       added,
                     gpointer    user_data)
{
  guint *n = user_data;

  g_assert_cmpuint (position, ==, g_list_model_get_n_items (model) - 1);
  g_assert_cmpuint (added, ==, 1);
  (*n)++;
}

static void
test_registry_register_and_cache (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(GenkitAction) flow = genkit_action_new (GENKIT_ACTION_TYPE_FLOW, "f", noop_body, NULL, NULL);
  g_autoptr(GenkitAction) twin = genkit_action_new (GENKIT_ACTION_TYPE_FLOW, "f", noop_body, NULL, NULL);
  g_autoptr(GenkitRegistry) other = genkit_registry_new ();
  g_autoptr(GenkitAction) found = NULL;
  g_autoptr(GError) error = NULL;
  guint n_changed = 0;

  g_test_summary ("Registered actions are found by key, listed as a GListModel; duplicates refused");

  g_signal_connect (registry, "items-changed", G_CALLBACK (on_items_changed_cb), &n_changed);
  g_assert_true (genkit_registry_register_action (registry, flow, &error));
  g_assert_cmpuint (n_changed, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (registry)), ==, 1);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (registry)) == GENKIT_TYPE_ACTION);
  g_assert_true (genkit_action_get_registry (flow) == registry);

  g_assert_false (genkit_registry_register_action (registry, twin, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS);
  g_clear_error (&error);
  g_assert_false (genkit_registry_register_action (other, flow, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
  g_clear_error (&error);

  g_assert_true (genkit_registry_lookup_action (registry, "/flow/f") == flow);
  g_assert_null (genkit_registry_lookup_action (registry, "/flow/g"));
  found = test_lookup (registry, "/flow/f", &error);
  g_assert_no_error (error);
  g_assert_true (found == flow);
}

static void
test_registry_bad_keys (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  static const char *const keys[] = { "", "flow", "/flow", "/nope/x", "//x", "/flow/" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GenkitAction) action = test_lookup (registry, keys[i], &error);

      g_assert_null (action);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GenkitAction) action = test_lookup (registry, "/flow/missing", &error);

    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
    g_assert_cmpstr (error->message, ==, "Action /flow/missing not found");
  }
}

typedef struct
{
  guint          pending;
  GenkitAction  *first;
  gboolean       all_same;
} Race;

static void
on_race_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Race *race = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitAction) action = genkit_registry_lookup_action_finish (GENKIT_REGISTRY (object), result, &error);

  g_assert_no_error (error);
  if (race->first == NULL)
    race->first = g_object_ref (action);
  else if (race->first != action)
    race->all_same = FALSE;
  race->pending--;
}

static void
test_registry_plugin_init_once (void)
{
  static const char *const models[] = { "llama3", NULL };
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(TestPlugin) plugin = test_plugin_new ("ollama", models);
  Race race = { 20, NULL, TRUE };
  g_autoptr(GError) error = NULL;

  g_test_summary ("Twenty concurrent lookups in a plugin's namespace initialize it exactly once");

  g_assert_true (genkit_registry_register_plugin (registry, GENKIT_PLUGIN (plugin), &error));
  g_assert_false (genkit_registry_register_plugin (registry, GENKIT_PLUGIN (plugin), &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_ALREADY_EXISTS);
  g_assert_true (genkit_registry_lookup_plugin (registry, "ollama") == GENKIT_PLUGIN (plugin));
  g_assert_cmpuint (plugin->n_inits, ==, 0);

  for (guint i = 0; i < 20; i++)
    genkit_registry_lookup_action_async (registry, i % 2 ? "/model/ollama/llama3" : "/model/ollama/eager",
                                         NULL, on_race_lookup_cb, &race);
  while (race.pending > 0)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (plugin->n_inits, ==, 1);
  g_assert_nonnull (genkit_registry_lookup_action (registry, "/model/ollama/eager"));
  g_assert_nonnull (genkit_registry_lookup_action (registry, "/model/ollama/llama3"));
  g_clear_object (&race.first);
}

static void
test_registry_namespaced_resolve (void)
{
  static const char *const models[] = { "llama3", "qwen", NULL };
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(TestPlugin) plugin = test_plugin_new ("ollama", models);
  g_autoptr(GenkitAction) action = NULL;
  g_autoptr(GenkitAction) again = NULL;
  g_autoptr(GenkitAction) missing = NULL;
  g_autoptr(GError) error = NULL;
  guint resolves;

  g_test_summary ("A namespaced key is resolved by its plugin once, then served from the cache");

  genkit_registry_register_plugin (registry, GENKIT_PLUGIN (plugin), NULL);
  action = test_lookup (registry, "/model/ollama/qwen", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_action_get_name (action), ==, "ollama/qwen");
  g_assert_cmpstr (genkit_action_get_key (action), ==, "/model/ollama/qwen");

  resolves = plugin->n_resolves;
  again = test_lookup (registry, "/model/ollama/qwen", &error);
  g_assert_true (again == action);
  g_assert_cmpuint (plugin->n_resolves, ==, resolves);

  missing = test_lookup (registry, "/model/ollama/mistral", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
}

static void
on_aborted_lookup_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(GenkitAction) action = genkit_registry_lookup_action_finish (GENKIT_REGISTRY (object), result, error);

  g_assert_null (action);
}

static void
set_flag_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_registry_unregister_plugin (void)
{
  static const char *const old_models[] = { "qwen", NULL };
  static const char *const new_models[] = { "mistral", NULL };
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(TestPlugin) old = test_plugin_new ("ollama", old_models);
  g_autoptr(TestPlugin) replacement = test_plugin_new ("ollama", new_models);
  g_autoptr(TestPlugin) slow = test_plugin_new ("slow", old_models);
  g_autoptr(GenkitAction) qwen = NULL;
  g_autoptr(GenkitAction) mistral = NULL;
  g_autoptr(GenkitAction) gone = NULL;
  g_autoptr(GError) error = NULL;
  GError *aborted = NULL;
  gboolean waited = FALSE;

  g_test_summary ("Unregistering a plugin drops it and the actions it resolved, so a plugin of that "
                  "name configured anew takes its place; lookups waiting for it fail with ABORTED");

  g_assert_false (genkit_registry_unregister_plugin (registry, "ollama"));
  genkit_registry_register_plugin (registry, GENKIT_PLUGIN (old), NULL);
  qwen = test_lookup (registry, "/model/ollama/qwen", &error);
  g_assert_no_error (error);
  g_assert_nonnull (genkit_registry_lookup_action (registry, "/model/ollama/eager"));

  g_assert_true (genkit_registry_unregister_plugin (registry, "ollama"));
  g_assert_null (genkit_registry_lookup_plugin (registry, "ollama"));
  g_assert_null (genkit_registry_lookup_action (registry, "/model/ollama/qwen"));
  g_assert_null (genkit_registry_lookup_action (registry, "/model/ollama/eager"));
  /* A run already started keeps its action. */
  g_assert_cmpstr (genkit_action_get_key (qwen), ==, "/model/ollama/qwen");

  g_assert_true (genkit_registry_register_plugin (registry, GENKIT_PLUGIN (replacement), &error));
  g_assert_no_error (error);
  mistral = test_lookup (registry, "/model/ollama/mistral", &error);
  g_assert_no_error (error);
  gone = test_lookup (registry, "/model/ollama/qwen", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);

  /* Unregistered while it initializes. */
  genkit_registry_register_plugin (registry, GENKIT_PLUGIN (slow), NULL);
  genkit_registry_lookup_action_async (registry, "/model/slow/qwen", NULL, on_aborted_lookup_cb, &aborted);
  g_assert_true (genkit_registry_unregister_plugin (registry, "slow"));
  while (aborted == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (aborted, GENKIT_ERROR, GENKIT_ERROR_ABORTED);
  g_clear_error (&aborted);
  /* Its initialization ends later (20 ms) and changes nothing. */
  g_timeout_add_once (100, set_flag_cb, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (genkit_registry_lookup_plugin (registry, "slow"));
}

static void
test_registry_unprefixed_and_ambiguous (void)
{
  static const char *const a_models[] = { "shared", "only-a", NULL };
  static const char *const b_models[] = { "shared", NULL };
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(TestPlugin) a = test_plugin_new ("a", a_models);
  g_autoptr(TestPlugin) b = test_plugin_new ("b", b_models);
  g_autoptr(GenkitAction) action = NULL;
  g_autoptr(GenkitAction) ambiguous = NULL;
  g_autoptr(GenkitAction) none = NULL;
  g_autoptr(GError) error = NULL;

  g_test_summary ("An unprefixed key goes to the one plugin that claims it; two claims are an error");

  genkit_registry_register_plugin (registry, GENKIT_PLUGIN (a), NULL);
  genkit_registry_register_plugin (registry, GENKIT_PLUGIN (b), NULL);

  action = test_lookup (registry, "/model/only-a", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_action_get_key (action), ==, "/model/a/only-a");

  ambiguous = test_lookup (registry, "/model/shared", &error);
  g_assert_null (ambiguous);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "/model/a/shared"));
  g_assert_nonnull (strstr (error->message, "/model/b/shared"));
  g_clear_error (&error);

  none = test_lookup (registry, "/model/nobody", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_assert_cmpuint (a->n_inits, ==, 1);
  g_assert_cmpuint (b->n_inits, ==, 1);
}

static void
test_registry_plugin_init_failure (void)
{
  static const char *const models[] = { "m", NULL };
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(TestPlugin) plugin = test_plugin_new ("broken", models);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitAction) first = NULL;
  g_autoptr(GenkitAction) second = NULL;

  g_test_summary ("A plugin that fails to initialize fails its lookups, and is not retried");

  plugin->fail_init = TRUE;
  genkit_registry_register_plugin (registry, GENKIT_PLUGIN (plugin), NULL);
  first = test_lookup (registry, "/model/broken/m", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAUTHENTICATED);
  g_assert_nonnull (strstr (error->message, "broken"));
  g_clear_error (&error);
  second = test_lookup (registry, "/model/broken/m", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_UNAUTHENTICATED);
  g_assert_cmpuint (plugin->n_inits, ==, 1);
}

/* Dynamic action providers */

static GPtrArray *
dap_fetch (GenkitDynamicActionProvider  *dap,
           gpointer                      user_data,
           GError                      **error)
{
  guint *n = user_data;
  GPtrArray *actions = g_ptr_array_new_with_free_func (g_object_unref);

  (*n)++;
  g_ptr_array_add (actions, genkit_action_new (GENKIT_ACTION_TYPE_TOOL, "fetch_url", noop_body, NULL, NULL));
  g_ptr_array_add (actions, genkit_action_new (GENKIT_ACTION_TYPE_TOOL, "fs_read", noop_body, NULL, NULL));
  return actions;
}

static void
test_registry_dap_ttl (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  guint n_fetches = 0;
  g_autoptr(GenkitDynamicActionProvider) dap = genkit_dynamic_action_provider_new ("mcp-host", dap_fetch, &n_fetches, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitAction) a = NULL;
  g_autoptr(GenkitAction) b = NULL;
  g_autoptr(GenkitAction) c = NULL;
  g_autoptr(GenkitAction) missing = NULL;

  g_test_summary ("DAP actions resolve by their DAP keys, from a cache that expires after its TTL");

  g_assert_cmpint (genkit_dynamic_action_provider_get_cache_ttl (dap), ==, 3000);
  g_assert_true (genkit_registry_register_action (registry, GENKIT_ACTION (dap), NULL));
  g_assert_cmpstr (genkit_action_get_key (GENKIT_ACTION (dap)), ==, "/dynamic-action-provider/mcp-host");

  a = test_lookup (registry, "/dynamic-action-provider/mcp-host:tool/fetch_url", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (genkit_action_get_name (a), ==, "fetch_url");
  b = test_lookup (registry, "/dynamic-action-provider/mcp-host:tool/fs_read", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_fetches, ==, 1);

  missing = test_lookup (registry, "/dynamic-action-provider/mcp-host:model/fetch_url", &error);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  genkit_dynamic_action_provider_set_cache_ttl (dap, 30);
  g_usleep (40 * 1000);
  c = test_lookup (registry, "/dynamic-action-provider/mcp-host:tool/fetch_url", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_fetches, ==, 2);
  g_assert_true (c != a);

  genkit_dynamic_action_provider_set_cache_ttl (dap, -1);
  g_clear_object (&c);
  c = test_lookup (registry, "/dynamic-action-provider/mcp-host:tool/fetch_url", &error);
  g_clear_object (&c);
  c = test_lookup (registry, "/dynamic-action-provider/mcp-host:tool/fetch_url", &error);
  g_assert_cmpuint (n_fetches, ==, 4);
  g_assert_cmpuint (genkit_dynamic_action_provider_get_n_fetches (dap), ==, 4);
}

typedef struct
{
  JsonNode *listing;
  gboolean  done;
} ListWait;

static void
on_listed_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ListWait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->listing = genkit_registry_list_actions_finish (GENKIT_REGISTRY (object), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static void
test_registry_listing (void)
{
  static const char *const models[] = { "llama3", NULL };
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(TestPlugin) plugin = test_plugin_new ("ollama", models);
  guint n_fetches = 0;
  g_autoptr(GenkitDynamicActionProvider) dap = genkit_dynamic_action_provider_new ("mcp", dap_fetch, &n_fetches, NULL);
  g_autoptr(GenkitAction) flow = genkit_action_new (GENKIT_ACTION_TYPE_FLOW, "f", noop_body, NULL, NULL);
  ListWait wait = { NULL, FALSE };
  JsonObject *listing;
  JsonObject *llama;

  g_test_summary ("The listing merges registered, plugin-resolvable and DAP-provided actions");

  genkit_registry_register_plugin (registry, GENKIT_PLUGIN (plugin), NULL);
  genkit_registry_register_action (registry, GENKIT_ACTION (dap), NULL);
  genkit_registry_register_action (registry, flow, NULL);

  g_test_expect_message ("Genkit", G_LOG_LEVEL_WARNING, "*without a valid name and actionType*");
  genkit_registry_list_actions_async (registry, NULL, on_listed_cb, &wait);
  test_wait_until (&wait.done);
  g_test_assert_expected_messages ();

  listing = json_node_get_object (wait.listing);
  g_assert_true (json_object_has_member (listing, "/flow/f"));
  g_assert_true (json_object_has_member (listing, "/model/ollama/eager"));   /* registered at init */
  g_assert_true (json_object_has_member (listing, "/dynamic-action-provider/mcp"));
  g_assert_true (json_object_has_member (listing, "/dynamic-action-provider/mcp:tool/fetch_url"));
  g_assert_true (json_object_has_member (listing, "/dynamic-action-provider/mcp:tool/fs_read"));
  llama = json_object_get_object_member (listing, "/model/ollama/llama3");
  g_assert_nonnull (llama);
  g_assert_cmpstr (json_object_get_string_member (llama, "name"), ==, "ollama/llama3");
  g_assert_cmpstr (json_object_get_string_member (llama, "key"), ==, "/model/ollama/llama3");
  g_assert_true (json_object_has_member (llama, "inputSchema"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (listing, "/dynamic-action-provider/mcp:tool/fetch_url"), "key"),
                   ==, "/dynamic-action-provider/mcp:tool/fetch_url");
  g_assert_cmpuint (json_object_get_size (listing), ==, 6);
  json_node_unref (wait.listing);
}

static void
test_registry_values (void)
{
  g_autoptr(GenkitRegistry) registry = genkit_registry_new ();
  g_autoptr(JsonNode) model = test_json ("{\"name\": \"googleai/gemini-2.5-flash\"}");
  g_autoptr(JsonNode) other = test_json ("{\"name\": \"ollama/llama3\"}");
  g_autoptr(JsonNode) empty = NULL;
  g_autoptr(JsonNode) listed = NULL;
  g_autofree char *text = NULL;

  empty = genkit_registry_list_values (registry, "defaultModel");
  text = test_to_string (empty);
  g_assert_cmpstr (text, ==, "{}");
  g_clear_pointer (&text, g_free);

  genkit_registry_register_value (registry, "defaultModel", "defaultModel", model);
  genkit_registry_register_value (registry, "defaultModel", "defaultModel", other);
  g_assert_nonnull (genkit_registry_lookup_value (registry, "defaultModel", "defaultModel"));
  g_assert_null (genkit_registry_lookup_value (registry, "defaultModel", "x"));
  g_assert_null (genkit_registry_lookup_value (registry, "middleware", "x"));
  listed = genkit_registry_list_values (registry, "defaultModel");
  text = test_to_string (listed);
  g_assert_cmpstr (text, ==, "{\"defaultModel\":{\"name\":\"ollama/llama3\"}}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/registry/register-and-cache", test_registry_register_and_cache);
  g_test_add_func ("/registry/bad-keys", test_registry_bad_keys);
  g_test_add_func ("/registry/plugin-init-once", test_registry_plugin_init_once);
  g_test_add_func ("/registry/namespaced-resolve", test_registry_namespaced_resolve);
  g_test_add_func ("/registry/unprefixed-and-ambiguous", test_registry_unprefixed_and_ambiguous);
  g_test_add_func ("/registry/unregister-plugin", test_registry_unregister_plugin);
  g_test_add_func ("/registry/plugin-init-failure", test_registry_plugin_init_failure);
  g_test_add_func ("/registry/dap-ttl", test_registry_dap_ttl);
  g_test_add_func ("/registry/listing", test_registry_listing);
  g_test_add_func ("/registry/values", test_registry_values);

  return g_test_run ();
}
