/* genkit-provider-keys.c — provider keys from the keyring (libsecret), else the environment
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <libsecret/secret.h>

#include "genkit-provider-private.h"

static const SecretSchema *
key_schema (void)
{
  static const SecretSchema schema = {
    GENKIT_PROVIDER_KEYRING_SCHEMA, SECRET_SCHEMA_NONE,
    {
      { "provider", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    },
  };

  return &schema;
}

typedef struct
{
  char  *provider;
  GStrv  env_vars;
} LookupData;

static void
lookup_data_free (LookupData *data)
{
  g_free (data->provider);
  g_strfreev (data->env_vars);
  g_free (data);
}

static char *
key_from_env (const char * const *env_vars)
{
  for (guint i = 0; env_vars != NULL && env_vars[i] != NULL; i++)
    {
      const char *value = g_getenv (env_vars[i]);

      if (value != NULL && *value != '\0')
        return g_strdup (value);
    }
  return NULL;
}

static void
lookup_keyring_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LookupData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (secret != NULL && *secret != '\0')
    {
      g_task_return_pointer (task, g_strdup (secret), g_free);
      secret_password_free (secret);
      return;
    }
  if (secret != NULL)
    secret_password_free (secret);
  /* No keyring (a headless machine, a sandbox without the portal) is normal: the environment
   * is the fallback. The error names no secret. */
  if (error != NULL)
    g_debug ("No key for %s in the keyring: %s", data->provider, error->message);

  g_task_return_pointer (task, key_from_env ((const char * const *) data->env_vars), g_free);
}

void
_genkit_provider_lookup_key_async (const char          *provider,
                                   const char * const  *env_vars,
                                   gboolean             use_keyring,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  LookupData *data = g_new0 (LookupData, 1);

  g_task_set_source_tag (task, _genkit_provider_lookup_key_async);
  g_task_set_check_cancellable (task, FALSE);
  data->provider = g_strdup (provider);
  data->env_vars = g_strdupv ((char **) env_vars);
  g_task_set_task_data (task, data, (GDestroyNotify) lookup_data_free);

  if (!use_keyring)
    {
      g_task_return_pointer (task, key_from_env (env_vars), g_free);
      return;
    }

  secret_password_lookup (key_schema (), cancellable, lookup_keyring_cb, g_steal_pointer (&task),
                          "provider", provider, NULL);
}

char *
_genkit_provider_lookup_key_finish (GAsyncResult *result)
{
  return g_task_propagate_pointer (G_TASK (result), NULL);
}

/**
 * genkit_provider_lookup_api_key_async:
 * @provider: the keyring's `provider` attribute, e.g. `openai`
 * @env_vars: (nullable) (array zero-terminated=1): environment variables to try after the keyring
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the key
 * @user_data: data for @callback
 *
 * Finds a secret the way provider plugins find their keys: the keyring (schema
 * `io.github.genkitstudio.Studio.ApiKey`), then each of @env_vars. The studio keeps other
 * credentials there too (its OTLP export's, under `otlp-export`).
 */
void
genkit_provider_lookup_api_key_async (const char          *provider,
                                      const char * const  *env_vars,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_return_if_fail (provider != NULL);

  _genkit_provider_lookup_key_async (provider, env_vars, TRUE, cancellable, callback, user_data);
}

/**
 * genkit_provider_lookup_api_key_finish:
 * @result: the result given to the callback
 *
 * Finishes [func@Genkit.provider_lookup_api_key_async]. It never fails: no keyring and no
 * variable just means no key.
 *
 * Returns: (transfer full) (nullable): the key, or %NULL; wipe it before freeing it
 */
char *
genkit_provider_lookup_api_key_finish (GAsyncResult *result)
{
  return _genkit_provider_lookup_key_finish (result);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (secret_password_store_finish (result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * genkit_provider_store_api_key_async:
 * @provider: a provider plugin's name, e.g. `openai`
 * @api_key: the key
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the key is stored
 * @user_data: data for @callback
 *
 * Stores @api_key in the user's keyring (schema `io.github.genkitstudio.Studio.ApiKey`,
 * attribute `provider`), where every provider plugin looks first.
 */
void
genkit_provider_store_api_key_async (const char          *provider,
                                     const char          *api_key,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = g_strdup_printf ("Genkit Studio: %s API key", provider);

  g_return_if_fail (provider != NULL && api_key != NULL);

  g_task_set_source_tag (task, genkit_provider_store_api_key_async);
  secret_password_store (key_schema (), SECRET_COLLECTION_DEFAULT, label, api_key, cancellable,
                         store_cb, g_steal_pointer (&task), "provider", provider, NULL);
}

/**
 * genkit_provider_store_api_key_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [func@Genkit.provider_store_api_key_async].
 *
 * Returns: %TRUE if the key was stored
 */
gboolean
genkit_provider_store_api_key_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
has_key_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *secret = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, secret != NULL && *secret != '\0');
  if (secret != NULL)
    secret_password_free (secret);
}

/**
 * genkit_provider_has_api_key_async:
 * @provider: a provider plugin's name (its keyring `provider` attribute)
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the answer
 * @user_data: data for @callback
 *
 * Asks the user's keyring whether it holds a key for @provider, for a settings page that
 * says so without ever showing the key. The environment is not consulted.
 */
void
genkit_provider_has_api_key_async (const char          *provider,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (provider != NULL);

  g_task_set_source_tag (task, genkit_provider_has_api_key_async);
  secret_password_lookup (key_schema (), cancellable, has_key_cb, g_steal_pointer (&task),
                          "provider", provider, NULL);
}

/**
 * genkit_provider_has_api_key_finish:
 * @result: the result given to the callback
 * @error: return location for an error: the keyring's, when there is no keyring to ask
 *
 * Finishes [func@Genkit.provider_has_api_key_async].
 *
 * Returns: %TRUE if the keyring holds a key for the provider
 */
gboolean
genkit_provider_has_api_key_finish (GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/**
 * genkit_provider_clear_api_key_async:
 * @provider: a provider plugin's name
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the key is gone
 * @user_data: data for @callback
 *
 * Removes the provider's key from the user's keyring.
 */
void
genkit_provider_clear_api_key_async (const char          *provider,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_return_if_fail (provider != NULL);

  g_task_set_source_tag (task, genkit_provider_clear_api_key_async);
  secret_password_clear (key_schema (), cancellable, clear_cb, g_steal_pointer (&task),
                         "provider", provider, NULL);
}

/**
 * genkit_provider_clear_api_key_finish:
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [func@Genkit.provider_clear_api_key_async].
 *
 * Returns: %TRUE unless the keyring failed (a missing key is no failure)
 */
gboolean
genkit_provider_clear_api_key_finish (GAsyncResult  *result,
                                      GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
