/* studio-providers.c — the built-in runtime's model providers, configured from the settings
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "studio-providers.h"

/**
 * StudioProviders:
 *
 * Keeps the built-in runtime's model provider plugins ([func@Genkit.providers_list_builtin])
 * in line with the studio's settings: `provider-base-urls`, `provider-enabled-models` and
 * `cloudflare-account-id`. A provider whose settings change is registered again — a new
 * plugin with the new configuration replaces the old one and the models it had resolved
 * ([method@Genkit.Registry.unregister_plugin]) — and [signal@Studio.Providers::changed] tells
 * the windows to list the actions again, all without a restart. Keys are not settings: they
 * live in the keyring, where each plugin looks at every call; after storing one, call
 * [method@Studio.Providers.reconfigure] so the provider is asked for its models again.
 */
struct _StudioProviders
{
  GObject         parent_instance;

  GenkitRegistry *registry;
  GSettings      *settings;
  GStrv           names;
  GHashTable     *applied;     /* name → the configuration registered, as text */
};

G_DEFINE_FINAL_TYPE (StudioProviders, studio_providers, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The configuration of @name in the settings, as one comparable string. */
static char *
studio_providers_dup_config (StudioProviders *self,
                             const char      *name)
{
  g_autoptr(GVariant) urls = g_settings_get_value (self->settings, "provider-base-urls");
  g_autoptr(GVariant) enabled = g_settings_get_value (self->settings, "provider-enabled-models");
  g_autoptr(GVariant) models = g_variant_lookup_value (enabled, name, G_VARIANT_TYPE_STRING_ARRAY);
  g_autofree char *models_text = models ? g_variant_print (models, FALSE) : g_strdup ("all");
  g_autofree char *account = g_settings_get_string (self->settings, "cloudflare-account-id");
  const char *url = NULL;

  g_variant_lookup (urls, name, "&s", &url);
  return g_strdup_printf ("%s\n%s\n%s", url ? url : "", models_text,
                          g_str_equal (name, "cloudflare-workers-ai") ? account : "");
}

/* A new plugin for @name with the settings applied. */
static GenkitProviderPlugin *
studio_providers_new_plugin (StudioProviders *self,
                             const char      *name)
{
  g_autoptr(GenkitProviderPlugin) plugin = genkit_providers_new_builtin (name);
  g_autoptr(GVariant) urls = g_settings_get_value (self->settings, "provider-base-urls");
  g_autoptr(GVariant) enabled = g_settings_get_value (self->settings, "provider-enabled-models");
  g_autoptr(GVariant) models = g_variant_lookup_value (enabled, name, G_VARIANT_TYPE_STRING_ARRAY);
  const char *url = NULL;

  if (plugin == NULL)
    return NULL;
  if (g_variant_lookup (urls, name, "&s", &url) && *url != '\0')
    genkit_provider_plugin_set_base_url (plugin, url);
  if (models != NULL)
    {
      g_autofree const char **ids = g_variant_get_strv (models, NULL);

      genkit_provider_plugin_set_enabled_models (plugin, ids);
    }
  if (g_str_equal (name, "cloudflare-workers-ai"))
    {
      g_autofree char *account = g_settings_get_string (self->settings, "cloudflare-account-id");

      if (*account != '\0')
        g_object_set (plugin, "account-id", account, NULL);
    }
  return g_steal_pointer (&plugin);
}

/* Registers @name's plugin anew with the settings; emits ::changed unless @quiet. */
static void
studio_providers_register (StudioProviders *self,
                           const char      *name,
                           gboolean         quiet)
{
  g_autoptr(GenkitProviderPlugin) plugin = studio_providers_new_plugin (self, name);
  g_autoptr(GError) error = NULL;

  g_return_if_fail (plugin != NULL);

  genkit_registry_unregister_plugin (self->registry, name);
  if (!genkit_registry_register_plugin (self->registry, GENKIT_PLUGIN (plugin), &error))
    {
      g_critical ("Cannot register the model provider %s: %s", name, error->message);
      return;
    }
  g_hash_table_insert (self->applied, g_strdup (name), studio_providers_dup_config (self, name));
  if (!quiet)
    g_signal_emit (self, signals[CHANGED], 0, name);
}

static void
studio_providers_settings_changed_cb (StudioProviders *self,
                                      const char      *key)
{
  for (guint i = 0; self->names[i] != NULL; i++)
    {
      g_autofree char *config = studio_providers_dup_config (self, self->names[i]);

      if (g_strcmp0 (config, g_hash_table_lookup (self->applied, self->names[i])) != 0)
        studio_providers_register (self, self->names[i], FALSE);
    }
}

/**
 * studio_providers_reconfigure:
 * @self: a [class@Studio.Providers]
 * @name: a provider plugin's name
 *
 * Registers the provider again with its settings and emits [signal@Studio.Providers::changed]:
 * after its key changed in the keyring, so that what the provider lists is asked again.
 */
void
studio_providers_reconfigure (StudioProviders *self,
                              const char      *name)
{
  g_return_if_fail (STUDIO_IS_PROVIDERS (self));
  g_return_if_fail (name != NULL && g_strv_contains ((const char * const *) self->names, name));

  studio_providers_register (self, name, FALSE);
}

/**
 * studio_providers_get_names:
 * @self: a [class@Studio.Providers]
 *
 * Returns: (transfer none) (array zero-terminated=1): the providers' plugin names
 */
const char * const *
studio_providers_get_names (StudioProviders *self)
{
  g_return_val_if_fail (STUDIO_IS_PROVIDERS (self), NULL);
  return (const char * const *) self->names;
}

/**
 * studio_providers_get_plugin:
 * @self: a [class@Studio.Providers]
 * @name: a provider plugin's name
 *
 * Returns: (transfer none) (nullable): the plugin registered now under @name
 */
GenkitProviderPlugin *
studio_providers_get_plugin (StudioProviders *self,
                             const char      *name)
{
  GenkitPlugin *plugin;

  g_return_val_if_fail (STUDIO_IS_PROVIDERS (self), NULL);

  plugin = genkit_registry_lookup_plugin (self->registry, name);
  return GENKIT_IS_PROVIDER_PLUGIN (plugin) ? GENKIT_PROVIDER_PLUGIN (plugin) : NULL;
}

/**
 * studio_providers_dup_default_base_url:
 * @self: a [class@Studio.Providers]
 * @name: a provider plugin's name
 *
 * Returns: (transfer full) (nullable): the base URL the provider has without a setting: its
 *   environment variable's, else its public API's
 */
char *
studio_providers_dup_default_base_url (StudioProviders *self,
                                       const char      *name)
{
  g_autoptr(GenkitProviderPlugin) plugin = genkit_providers_new_builtin (name);

  g_return_val_if_fail (STUDIO_IS_PROVIDERS (self), NULL);
  return plugin ? g_strdup (genkit_provider_plugin_get_base_url (plugin)) : NULL;
}

/**
 * studio_providers_new:
 * @registry: the built-in runtime's registry
 * @settings: the studio's settings
 *
 * Registers every built-in provider plugin in @registry, configured from @settings (one
 * already registered under a provider's name is replaced), and follows the settings.
 *
 * Returns: (transfer full): the providers
 */
StudioProviders *
studio_providers_new (GenkitRegistry *registry,
                      GSettings      *settings)
{
  StudioProviders *self;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (STUDIO_TYPE_PROVIDERS, NULL);
  self->registry = g_object_ref (registry);
  self->settings = g_object_ref (settings);
  for (guint i = 0; self->names[i] != NULL; i++)
    studio_providers_register (self, self->names[i], TRUE);
  g_signal_connect_object (settings, "changed::provider-base-urls",
                           G_CALLBACK (studio_providers_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::provider-enabled-models",
                           G_CALLBACK (studio_providers_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::cloudflare-account-id",
                           G_CALLBACK (studio_providers_settings_changed_cb), self, G_CONNECT_SWAPPED);
  return self;
}

static void
studio_providers_finalize (GObject *object)
{
  StudioProviders *self = STUDIO_PROVIDERS (object);

  g_clear_object (&self->registry);
  g_clear_object (&self->settings);
  g_strfreev (self->names);
  g_hash_table_unref (self->applied);

  G_OBJECT_CLASS (studio_providers_parent_class)->finalize (object);
}

static void
studio_providers_class_init (StudioProvidersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = studio_providers_finalize;

  /**
   * StudioProviders::changed:
   * @self: the providers
   * @name: the provider plugin registered again
   *
   * Emitted when a provider was registered again with a new configuration: the built-in
   * runtime's actions should be listed again.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
studio_providers_init (StudioProviders *self)
{
  self->names = genkit_providers_list_builtin ();
  self->applied = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}
