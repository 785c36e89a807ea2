/* genkit-providers-builtin.c — the model providers of the built-in runtime
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-providers.h"

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
  const char * const *presets = genkit_compat_oai_plugin_list_presets ();

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), FALSE);

  for (guint i = 0; presets[i] != NULL; i++)
    g_ptr_array_add (plugins, genkit_compat_oai_plugin_new_preset (presets[i]));
  g_ptr_array_add (plugins, genkit_ollama_plugin_new (NULL));
  g_ptr_array_add (plugins, genkit_anthropic_plugin_new ());
  g_ptr_array_add (plugins, genkit_googleai_plugin_new ());
  g_ptr_array_add (plugins, genkit_cloudflare_plugin_new ());

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
