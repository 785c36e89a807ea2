/* test-provider-keys.c — keys from the keyring over a private D-Bus with a Secret Service of
 * the test's own, and the environment as the fallback
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "provider-test-util.h"
#include "../engine/test-util.h"
#include "genkit-provider-private.h"


/* Just enough of the freedesktop Secret Service API for libsecret's lookup: a plain session,
 * SearchItems on the `provider` attribute, GetSecrets. */
static const char service_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Secret.Service'>"
  "    <method name='OpenSession'>"
  "      <arg name='algorithm' type='s' direction='in'/>"
  "      <arg name='input' type='v' direction='in'/>"
  "      <arg name='output' type='v' direction='out'/>"
  "      <arg name='result' type='o' direction='out'/>"
  "    </method>"
  "    <method name='SearchItems'>"
  "      <arg name='attributes' type='a{ss}' direction='in'/>"
  "      <arg name='unlocked' type='ao' direction='out'/>"
  "      <arg name='locked' type='ao' direction='out'/>"
  "    </method>"
  "    <method name='GetSecrets'>"
  "      <arg name='items' type='ao' direction='in'/>"
  "      <arg name='session' type='o' direction='in'/>"
  "      <arg name='secrets' type='a{o(oayays)}' direction='out'/>"
  "    </method>"
  "    <property name='Collections' type='ao' access='read'/>"
  "  </interface>"
  "</node>";

#define SESSION_PATH "/org/freedesktop/secrets/session/s1"
#define ITEM_PATH    "/org/freedesktop/secrets/collection/login/1"

typedef struct
{
  GHashTable *keys;          /* provider → secret */
  char       *last_schema;   /* the xdg:schema libsecret searched with */
  guint       n_searches;
} FakeKeyring;

static void
service_method_cb (GDBusConnection       *connection,
                   const char            *sender,
                   const char            *object_path,
                   const char            *interface_name,
                   const char            *method_name,
                   GVariant              *parameters,
                   GDBusMethodInvocation *invocation,
                   gpointer               user_data)
{
  FakeKeyring *keyring = user_data;

  if (g_str_equal (method_name, "OpenSession"))
    {
      const char *algorithm = NULL;

      g_variant_get (parameters, "(&sv)", &algorithm, NULL);
      if (!g_str_equal (algorithm, "plain"))
        {
          g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.NotSupported",
                                                      "only plain sessions here");
          return;
        }
      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(vo)", g_variant_new_string (""), SESSION_PATH));
    }
  else if (g_str_equal (method_name, "SearchItems"))
    {
      g_autoptr(GVariant) attributes = g_variant_get_child_value (parameters, 0);
      const char *provider = NULL;
      const char *schema = NULL;
      GVariantBuilder unlocked;

      keyring->n_searches++;
      g_variant_lookup (attributes, "provider", "&s", &provider);
      g_variant_lookup (attributes, "xdg:schema", "&s", &schema);
      g_free (keyring->last_schema);
      keyring->last_schema = g_strdup (schema);
      g_variant_builder_init (&unlocked, G_VARIANT_TYPE ("ao"));
      if (provider != NULL && g_hash_table_contains (keyring->keys, provider))
        {
          g_autofree char *path = g_strdup_printf ("%s_%s", ITEM_PATH, provider);

          g_strcanon (path + strlen (ITEM_PATH), "abcdefghijklmnopqrstuvwxyz0123456789_", '_');
          g_variant_builder_add (&unlocked, "o", path);
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@ao@ao)", g_variant_builder_end (&unlocked),
                                                                     g_variant_new_objv (NULL, 0)));
    }
  else if (g_str_equal (method_name, "GetSecrets"))
    {
      g_autoptr(GVariantIter) items = NULL;
      const char *item;
      GVariantBuilder secrets;

      g_variant_get (parameters, "(aoo)", &items, NULL);
      g_variant_builder_init (&secrets, G_VARIANT_TYPE ("a{o(oayays)}"));
      while (g_variant_iter_next (items, "&o", &item))
        {
          GHashTableIter iter;
          gpointer provider, secret;

          g_hash_table_iter_init (&iter, keyring->keys);
          while (g_hash_table_iter_next (&iter, &provider, &secret))
            {
              g_autofree char *path = g_strdup_printf ("%s_%s", ITEM_PATH, (char *) provider);

              g_strcanon (path + strlen (ITEM_PATH), "abcdefghijklmnopqrstuvwxyz0123456789_", '_');
              if (!g_str_equal (path, item))
                continue;
              g_variant_builder_add (&secrets, "{o(o@ay@ays)}", item, SESSION_PATH,
                                     g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, "", 0, 1),
                                     g_variant_new_fixed_array (G_VARIANT_TYPE_BYTE, secret, strlen (secret), 1),
                                     "text/plain");
            }
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(a{o(oayays)})", &secrets));
    }
  else
    g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.UnknownMethod", method_name);
}

static GVariant *
service_property_cb (GDBusConnection  *connection,
                     const char       *sender,
                     const char       *object_path,
                     const char       *interface_name,
                     const char       *property_name,
                     GError          **error,
                     gpointer          user_data)
{
  return g_variant_new_objv (NULL, 0);
}

/* One private bus for the whole program: libsecret keeps its connection for the life of the
 * process, and GTestDBus's watcher ends the dbus-daemon when the process exits. */
static GTestDBus       *test_bus;
static GDBusConnection *service_connection;
static GDBusNodeInfo   *service_info;

typedef struct
{
  guint       object_id;
  FakeKeyring keyring;
} Fixture;

static void
bus_set_up (void)
{
  g_autoptr(GError) error = NULL;
  gboolean owned = FALSE;

  test_bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (test_bus);
  service_connection = g_dbus_connection_new_for_address_sync (g_test_dbus_get_bus_address (test_bus),
                                                               G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                               G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                               NULL, NULL, &error);
  g_assert_no_error (error);
  service_info = g_dbus_node_info_new_for_xml (service_xml, &error);
  g_assert_no_error (error);
  g_bus_own_name_on_connection (service_connection, "org.freedesktop.secrets", G_BUS_NAME_OWNER_FLAGS_NONE,
                                NULL, NULL, NULL, NULL);
  while (!owned)
    {
      g_autoptr(GVariant) reply = NULL;

      g_main_context_iteration (NULL, FALSE);
      reply = g_dbus_connection_call_sync (service_connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                           "org.freedesktop.DBus", "NameHasOwner",
                                           g_variant_new ("(s)", "org.freedesktop.secrets"), G_VARIANT_TYPE ("(b)"),
                                           G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL);
      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const GDBusInterfaceVTable vtable = { service_method_cb, service_property_cb, NULL };
  g_autoptr(GError) error = NULL;

  fixture->keyring.keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  fixture->object_id = g_dbus_connection_register_object (service_connection, "/org/freedesktop/secrets",
                                                          service_info->interfaces[0], &vtable,
                                                          &fixture->keyring, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_dbus_connection_unregister_object (service_connection, fixture->object_id);
  g_hash_table_unref (fixture->keyring.keys);
  g_free (fixture->keyring.last_schema);
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

int
main (int   argc,
      char *argv[])
{
  test_provider_init (&argc, &argv);
  bus_set_up ();

  g_test_add ("/provider-keys/keyring-first", Fixture, NULL, fixture_set_up, test_keys_keyring_first,
              fixture_tear_down);
  g_test_add ("/provider-keys/plugin-uses-keyring", Fixture, NULL, fixture_set_up, test_keys_plugin_uses_keyring,
              fixture_tear_down);

  return g_test_run ();
}
