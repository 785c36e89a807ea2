/* fake-secret-service.c — a Secret Service of the test's own on a private D-Bus, for libsecret
 *
 * libsecret has no in-process mock on Debian, so the tests that keep keys in the keyring talk
 * to this one: just enough of the freedesktop Secret Service API for libsecret 0.20's
 * lookup, store and clear with a plain (unencrypted) session: OpenSession, SearchItems on the
 * `provider` attribute, GetSecrets, ReadAlias, Collection.CreateItem and Item.Delete.
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "fake-secret-service.h"

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
  "    <method name='ReadAlias'>"
  "      <arg name='name' type='s' direction='in'/>"
  "      <arg name='collection' type='o' direction='out'/>"
  "    </method>"
  "    <property name='Collections' type='ao' access='read'/>"
  "  </interface>"
  "  <interface name='org.freedesktop.Secret.Collection'>"
  "    <method name='CreateItem'>"
  "      <arg name='properties' type='a{sv}' direction='in'/>"
  "      <arg name='secret' type='(oayays)' direction='in'/>"
  "      <arg name='replace' type='b' direction='in'/>"
  "      <arg name='item' type='o' direction='out'/>"
  "      <arg name='prompt' type='o' direction='out'/>"
  "    </method>"
  "  </interface>"
  "  <interface name='org.freedesktop.Secret.Item'>"
  "    <method name='Delete'>"
  "      <arg name='prompt' type='o' direction='out'/>"
  "    </method>"
  "  </interface>"
  "</node>";

#define SERVICE_PATH    "/org/freedesktop/secrets"
#define SESSION_PATH    "/org/freedesktop/secrets/session/s1"
/* libsecret stores in the default collection by its alias path, without ReadAlias. */
#define COLLECTION_PATH "/org/freedesktop/secrets/aliases/default"
#define ITEMS_PATH      "/org/freedesktop/secrets/item"

/* One private bus for the whole program: libsecret keeps its connection for the life of the
 * process, and GTestDBus's watcher ends the dbus-daemon when the process exits. */
static GTestDBus       *test_bus;
static GDBusConnection *service_connection;
static GDBusNodeInfo   *service_info;

static char *
item_path (const char *provider)
{
  g_autofree char *node = g_strdup (provider);

  g_strcanon (node, "abcdefghijklmnopqrstuvwxyz0123456789_", '_');
  return g_strconcat (ITEMS_PATH "/", node, NULL);
}

static void
remember_schema (FakeKeyring *keyring,
                 GVariant    *attributes)
{
  const char *schema = NULL;

  g_variant_lookup (attributes, "xdg:schema", "&s", &schema);
  g_free (keyring->last_schema);
  keyring->last_schema = g_strdup (schema);
}

static void
search_items (FakeKeyring           *keyring,
              GVariant              *parameters,
              GDBusMethodInvocation *invocation)
{
  g_autoptr(GVariant) attributes = g_variant_get_child_value (parameters, 0);
  const char *provider = NULL;
  GVariantBuilder unlocked;

  keyring->n_searches++;
  g_variant_lookup (attributes, "provider", "&s", &provider);
  remember_schema (keyring, attributes);
  g_variant_builder_init (&unlocked, G_VARIANT_TYPE ("ao"));
  if (provider != NULL && g_hash_table_contains (keyring->keys, provider))
    {
      g_autofree char *path = item_path (provider);

      g_variant_builder_add (&unlocked, "o", path);
    }
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(@ao@ao)", g_variant_builder_end (&unlocked),
                                                                 g_variant_new_objv (NULL, 0)));
}

static void
get_secrets (FakeKeyring           *keyring,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation)
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
          g_autofree char *path = item_path (provider);

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

static void
create_item (FakeKeyring           *keyring,
             GVariant              *parameters,
             GDBusMethodInvocation *invocation)
{
  g_autoptr(GVariant) properties = g_variant_get_child_value (parameters, 0);
  g_autoptr(GVariant) secret = g_variant_get_child_value (parameters, 1);
  g_autoptr(GVariant) attributes = g_variant_lookup_value (properties, "org.freedesktop.Secret.Item.Attributes",
                                                           G_VARIANT_TYPE ("a{ss}"));
  g_autoptr(GVariant) value = g_variant_get_child_value (secret, 2);
  const char *provider = NULL;
  g_autofree char *path = NULL;
  gsize len = 0;
  const char *bytes;

  if (attributes == NULL || !g_variant_lookup (attributes, "provider", "&s", &provider))
    {
      g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.InvalidArgs",
                                                  "this keyring only keeps items with a provider");
      return;
    }
  remember_schema (keyring, attributes);
  keyring->n_stores++;
  bytes = g_variant_get_fixed_array (value, &len, 1);
  g_hash_table_insert (keyring->keys, g_strdup (provider), g_strndup (bytes, len));
  path = item_path (provider);
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(oo)", path, "/"));
}

static void
delete_item (FakeKeyring           *keyring,
             const char            *object_path,
             GDBusMethodInvocation *invocation)
{
  GHashTableIter iter;
  gpointer provider;

  g_hash_table_iter_init (&iter, keyring->keys);
  while (g_hash_table_iter_next (&iter, &provider, NULL))
    {
      g_autofree char *path = item_path (provider);

      if (g_str_equal (path, object_path))
        g_hash_table_iter_remove (&iter);
    }
  g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", "/"));
}

static void
method_cb (GDBusConnection       *connection,
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
    search_items (keyring, parameters, invocation);
  else if (g_str_equal (method_name, "GetSecrets"))
    get_secrets (keyring, parameters, invocation);
  else if (g_str_equal (method_name, "ReadAlias"))
    g_dbus_method_invocation_return_value (invocation, g_variant_new ("(o)", COLLECTION_PATH));
  else if (g_str_equal (method_name, "CreateItem"))
    create_item (keyring, parameters, invocation);
  else if (g_str_equal (method_name, "Delete"))
    delete_item (keyring, object_path, invocation);
  else
    g_dbus_method_invocation_return_dbus_error (invocation, "org.freedesktop.DBus.Error.UnknownMethod", method_name);
}

static GVariant *
property_cb (GDBusConnection  *connection,
             const char       *sender,
             const char       *object_path,
             const char       *interface_name,
             const char       *property_name,
             GError          **error,
             gpointer          user_data)
{
  return g_variant_new_objv (NULL, 0);
}

static const GDBusInterfaceVTable vtable = { method_cb, property_cb, NULL };

static GDBusInterfaceInfo **
items_introspect_cb (GDBusConnection *connection,
                     const char      *sender,
                     const char      *object_path,
                     const char      *node,
                     gpointer         user_data)
{
  GDBusInterfaceInfo **infos = g_new0 (GDBusInterfaceInfo *, 2);

  infos[0] = g_dbus_interface_info_ref (service_info->interfaces[2]);
  return infos;
}

static const GDBusInterfaceVTable *
items_dispatch_cb (GDBusConnection *connection,
                   const char      *sender,
                   const char      *object_path,
                   const char      *interface_name,
                   const char      *node,
                   gpointer        *out_user_data,
                   gpointer         user_data)
{
  *out_user_data = user_data;
  return &vtable;
}

/**
 * fake_secret_service_bus_up:
 *
 * Starts a private session bus (once per program; it sets `DBUS_SESSION_BUS_ADDRESS`) and owns
 * `org.freedesktop.secrets` on it. Call before anything talks to the session bus.
 */
void
fake_secret_service_bus_up (void)
{
  g_autoptr(GError) error = NULL;
  gboolean owned = FALSE;

  if (test_bus != NULL)
    return;
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

/**
 * fake_keyring_register:
 * @keyring: an empty keyring
 *
 * Serves @keyring (with a new key table) as the Secret Service until
 * fake_keyring_unregister().
 */
void
fake_keyring_register (FakeKeyring *keyring)
{
  static const GDBusSubtreeVTable subtree_vtable = { NULL, items_introspect_cb, items_dispatch_cb };
  g_autoptr(GError) error = NULL;

  keyring->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  keyring->object_ids[0] = g_dbus_connection_register_object (service_connection, SERVICE_PATH,
                                                              service_info->interfaces[0], &vtable,
                                                              keyring, NULL, &error);
  g_assert_no_error (error);
  keyring->object_ids[1] = g_dbus_connection_register_object (service_connection, COLLECTION_PATH,
                                                              service_info->interfaces[1], &vtable,
                                                              keyring, NULL, &error);
  g_assert_no_error (error);
  keyring->object_ids[2] = g_dbus_connection_register_subtree (service_connection, ITEMS_PATH, &subtree_vtable,
                                                               G_DBUS_SUBTREE_FLAGS_DISPATCH_TO_UNENUMERATED_NODES,
                                                               keyring, NULL, &error);
  g_assert_no_error (error);
}

void
fake_keyring_unregister (FakeKeyring *keyring)
{
  g_dbus_connection_unregister_object (service_connection, keyring->object_ids[0]);
  g_dbus_connection_unregister_object (service_connection, keyring->object_ids[1]);
  g_dbus_connection_unregister_subtree (service_connection, keyring->object_ids[2]);
  g_clear_pointer (&keyring->keys, g_hash_table_unref);
  g_clear_pointer (&keyring->last_schema, g_free);
}
