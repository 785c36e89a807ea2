/* test-provider-keys.c — keys from the keyring over a private D-Bus with a Secret Service of
 * the test's own (fake-secret-service.c), and the environment as the fallback
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "../engine/test-util.h"
#include "genkit-provider-private.h"
#include "fake-secret-service.h"


typedef struct
{
  FakeKeyring keyring;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fake_keyring_register (&fixture->keyring);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  fake_keyring_unregister (&fixture->keyring);
}

typedef struct
{
  char     *key;
  gboolean  done;
} KeyWait;

static void
key_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  KeyWait *wait = user_data;

  wait->key = _genkit_provider_lookup_key_finish (result);
  wait->done = TRUE;
}

static char *
lookup (const char         *provider,
        const char * const *env,
        gboolean            use_keyring)
{
  KeyWait wait = { NULL, FALSE };

  _genkit_provider_lookup_key_async (provider, env, use_keyring, NULL, key_cb, &wait);
  test_wait_until (&wait.done);
  return wait.key;
}

static void
test_keys_keyring_first (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const env[] = { "TEST_PROVIDER_KEY", NULL };
  g_autofree char *from_keyring = NULL;
  g_autofree char *from_env = NULL;
  g_autofree char *none = NULL;
  g_autofree char *ignored = NULL;

  g_test_summary ("The keyring (schema io.github.genkitstudio.Studio.ApiKey, attribute provider) "
                  "is asked first; the environment answers when it has no key; neither gives none");

  g_hash_table_insert (fixture->keyring.keys, g_strdup ("openai"), g_strdup ("sk-from-keyring"));
  g_setenv ("TEST_PROVIDER_KEY", "sk-from-env", TRUE);

  from_keyring = lookup ("openai", env, TRUE);
  g_assert_cmpstr (from_keyring, ==, "sk-from-keyring");
  g_assert_cmpstr (fixture->keyring.last_schema, ==, GENKIT_PROVIDER_KEYRING_SCHEMA);

  from_env = lookup ("anthropic", env, TRUE);
  g_assert_cmpstr (from_env, ==, "sk-from-env");

  ignored = lookup ("openai", env, FALSE);
  g_assert_cmpstr (ignored, ==, "sk-from-env");

  g_unsetenv ("TEST_PROVIDER_KEY");
  none = lookup ("anthropic", env, TRUE);
  g_assert_null (none);
  g_assert_cmpuint (fixture->keyring.n_searches, ==, 3);
}

static void
test_keys_plugin_uses_keyring (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(ReplayServer) server = replay_server_new ();
  g_autoptr(GenkitProviderPlugin) plugin = NULL;
  g_autoptr(GenkitRegistry) registry = NULL;
  g_autoptr(JsonNode) listing = NULL;
  g_autofree char *v1 = g_strconcat (replay_server_get_url (server), "/v1", NULL);
  g_auto(ModelRun) run = { 0 };
  JsonObject *model;

  g_test_summary ("A key saved in the keyring while the runtime runs counts at the next call and "
                  "listing, with no environment variable");

  g_unsetenv ("OPENAI_API_KEY");
  plugin = g_object_new (GENKIT_TYPE_COMPAT_OAI_PLUGIN, "name", "openai", "preset", "openai",
                         "base-url", v1, "discover-models", FALSE, NULL);
  registry = genkit_registry_new ();
  g_assert_true (genkit_registry_register_plugin (registry, GENKIT_PLUGIN (plugin), NULL));

  listing = model_run_listing (registry);
  model = json_object_get_object_member (json_node_get_object (listing), "/model/openai/gpt-4o-mini");
  model = json_object_get_object_member (json_object_get_object_member (model, "metadata"), "model");
  g_assert_false (json_object_get_boolean_member (model, "available"));

  g_hash_table_insert (fixture->keyring.keys, g_strdup ("openai"), g_strdup ("sk-saved-later"));
  g_clear_pointer (&listing, json_node_unref);
  listing = model_run_listing (registry);
  model = json_object_get_object_member (json_node_get_object (listing), "/model/openai/gpt-4o-mini");
  model = json_object_get_object_member (json_object_get_object_member (model, "metadata"), "model");
  g_assert_false (json_object_has_member (model, "available"));

  replay_server_expect (server, &(ReplayExchange) {
    .method = "POST", .path = "/v1/chat/completions",
    .expect_headers = { "Authorization", "Bearer sk-saved-later", NULL },
    .content_type = "application/json",
    .body = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
            "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}",
  });
  test_run_model (registry, "/model/openai/gpt-4o-mini",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"Hello\"}]}]}", FALSE, 0, &run);
  g_assert_no_error (run.error);
  replay_server_assert_done (server);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_keys_store_and_clear (Fixture       *fixture,
                           gconstpointer  data)
{
  static const char * const no_env[] = { NULL };
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) has = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GAsyncResult) has_not = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *found = NULL;
  g_autofree char *gone = NULL;

  g_test_summary ("A key stored through the public API lands in the keyring under the studio's "
                  "schema, is found, is reported as present without being shown, and is removed");

  genkit_provider_store_api_key_async ("anthropic", "sk-ant-stored", NULL, result_cb, &stored);
  g_assert_true (genkit_provider_store_api_key_finish (wait_result (&stored), &error));
  g_assert_no_error (error);
  g_assert_cmpstr (g_hash_table_lookup (fixture->keyring.keys, "anthropic"), ==, "sk-ant-stored");
  g_assert_cmpstr (fixture->keyring.last_schema, ==, GENKIT_PROVIDER_KEYRING_SCHEMA);

  genkit_provider_has_api_key_async ("anthropic", NULL, result_cb, &has);
  g_assert_true (genkit_provider_has_api_key_finish (wait_result (&has), &error));
  g_assert_no_error (error);
  found = lookup ("anthropic", no_env, TRUE);
  g_assert_cmpstr (found, ==, "sk-ant-stored");

  genkit_provider_clear_api_key_async ("anthropic", NULL, result_cb, &cleared);
  g_assert_true (genkit_provider_clear_api_key_finish (wait_result (&cleared), &error));
  g_assert_no_error (error);
  g_assert_false (g_hash_table_contains (fixture->keyring.keys, "anthropic"));
  genkit_provider_has_api_key_async ("anthropic", NULL, result_cb, &has_not);
  g_assert_false (genkit_provider_has_api_key_finish (wait_result (&has_not), &error));
  g_assert_no_error (error);
  gone = lookup ("anthropic", no_env, TRUE);
  g_assert_null (gone);
}

int
main (int   argc,
      char *argv[])
{
  test_provider_init (&argc, &argv);
  fake_secret_service_bus_up ();

  g_test_add ("/provider-keys/keyring-first", Fixture, NULL, fixture_set_up, test_keys_keyring_first,
              fixture_tear_down);
  g_test_add ("/provider-keys/plugin-uses-keyring", Fixture, NULL, fixture_set_up, test_keys_plugin_uses_keyring,
              fixture_tear_down);

  g_test_add ("/provider-keys/store-and-clear", Fixture, NULL, fixture_set_up, test_keys_store_and_clear,
              fixture_tear_down);

  return g_test_run ();
}
