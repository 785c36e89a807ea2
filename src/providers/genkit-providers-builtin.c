/* genkit-providers-builtin.c — the model providers of the built-in runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-providers.h"

/**
 * genkit_providers_list_builtin:
 *
 * Lists the names of the provider plugins the studio ships, in the order the built-in
 * runtime registers them: the OpenAI-compatible presets (`openai`, `deepseek`, `xai`, `groq`,
 * `mistral`, `openrouter`, `together`), `ollama`, `anthropic`, `googleai` and
 * `cloudflare-workers-ai`.
 *
 * Returns: (transfer full) (array zero-terminated=1): the plugin names
 */
GStrv
genkit_providers_list_builtin (void)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_strv_builder_addv (names, (const char **) genkit_compat_oai_plugin_list_presets ());
  g_strv_builder_add_many (names, "ollama", "anthropic", "googleai", "cloudflare-workers-ai", NULL);
  return g_strv_builder_end (names);
}

/**
 * genkit_providers_new_builtin:
 * @name: a name from [func@Genkit.providers_list_builtin]
 *
 * Makes the provider plugin of that name with its defaults (base URL and key from the
 * environment, then the keyring), ready to be configured and registered: what
 * [func@Genkit.providers_register_builtin] registers, one at a time.
 *
 * Returns: (transfer full) (nullable): a new plugin, or %NULL for an unknown name
 */
GenkitProviderPlugin *
genkit_providers_new_builtin (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (g_str_equal (name, "ollama"))
    return genkit_ollama_plugin_new (NULL);
  if (g_str_equal (name, "anthropic"))
    return genkit_anthropic_plugin_new ();
  if (g_str_equal (name, "googleai"))
    return genkit_googleai_plugin_new ();
  if (g_str_equal (name, "cloudflare-workers-ai"))
    return genkit_cloudflare_plugin_new ();
  return genkit_compat_oai_plugin_new_preset (name);
}

/**
 * genkit_providers_register_builtin:
 * @registry: the built-in runtime's registry
 * @error: return location for an error
 *
 * Registers every provider plugin the studio ships: `openai`, `deepseek`, `xai`, `groq`,
 * `mistral`, `openrouter`, `together` (OpenAI-compatible presets), `ollama`, `anthropic`,
 * `googleai` and `cloudflare-workers-ai`, each reading its key from the keyring or the
 * environment when a call needs it. A plugin whose name is already registered is left alone,
 * so an application may register its own configuration first.
 *
 * Nothing goes on the network here or when the plugins initialize. Listing the actions asks a
 * local Ollama (`OLLAMA_HOST`, else 127.0.0.1:11434, with a short timeout) for its models and
 * lists nothing for it, silently, when none runs; the remote providers are only asked for their
 * models when they have a key. Without a key their models are still listed, marked unavailable
 * with the reason.
 *
 * Returns: %TRUE, or %FALSE with @error set if the registry refused a plugin
 */
gboolean
genkit_providers_register_builtin (GenkitRegistry  *registry,
                                   GError         **error)
{
  g_autoptr(GPtrArray) plugins = g_ptr_array_new_with_free_func (g_object_unref);
  g_auto(GStrv) names = genkit_providers_list_builtin ();

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), FALSE);

  for (guint i = 0; names[i] != NULL; i++)
    g_ptr_array_add (plugins, genkit_providers_new_builtin (names[i]));

  for (guint i = 0; i < plugins->len; i++)
    {
      GenkitPlugin *plugin = g_ptr_array_index (plugins, i);

      if (genkit_registry_lookup_plugin (registry, genkit_plugin_get_name (plugin)) != NULL)
        continue;
      if (!genkit_registry_register_plugin (registry, plugin, error))
        return FALSE;
    }
  return TRUE;
}
