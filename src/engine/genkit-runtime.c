/* genkit-runtime.c — one Genkit runtime, built in or reached over the reflection API
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-runtime.h"

/**
 * GenkitRuntime:
 *
 * A Genkit runtime: the built-in one ([class@Genkit.LocalRuntime]) or a user's JavaScript,
 * Go or Python app reached through its reflection API ([class@Genkit.RemoteRuntime]). The
 * operations are those of the reflection API v1 (protocol §2), with the same JSON shapes.
 */
G_DEFINE_INTERFACE (GenkitRuntime, genkit_runtime, G_TYPE_OBJECT)

static void
genkit_runtime_default_init (GenkitRuntimeInterface *iface)
{
  /**
   * GenkitRuntime:id:
   *
   * The runtime's id: `<pid>-<port>` or `GENKIT_RUNTIME_ID` for a remote runtime (its
   * discovery file's `id`), `builtin` for the studio's own.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

  /**
   * GenkitRuntime:name:
   *
   * A name to show people: the discovery file's `name`, else the id.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("name", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

  /**
   * GenkitRuntime:genkit-version:
   *
   * `<language>/<version>`, e.g. `nodejs/1.42.0` or `c/0.1.0`, when known.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("genkit-version", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));

  /**
   * GenkitRuntime:reflection-server-url:
   *
   * The base URL of the runtime's reflection API, without a trailing slash; %NULL for a
   * runtime in this process that serves none.
   */
  g_object_interface_install_property (iface,
    g_param_spec_string ("reflection-server-url", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS)));
}

static char *
dup_string_property (GenkitRuntime *self,
                     const char    *name)
{
  char *value = NULL;

  g_object_get (self, name, &value, NULL);
  return value;
}

/**
 * genkit_runtime_dup_id:
 * @self: a [iface@Genkit.Runtime]
 *
 * Copies [property@Genkit.Runtime:id].
 *
 * Returns: (transfer full) (nullable): the id
 */
char *
genkit_runtime_dup_id (GenkitRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (self), NULL);
  return dup_string_property (self, "id");
}

/**
 * genkit_runtime_dup_name:
 * @self: a [iface@Genkit.Runtime]
 *
 * Copies [property@Genkit.Runtime:name].
 *
 * Returns: (transfer full) (nullable): the display name
 */
char *
genkit_runtime_dup_name (GenkitRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (self), NULL);
  return dup_string_property (self, "name");
}

/**
 * genkit_runtime_dup_genkit_version:
 * @self: a [iface@Genkit.Runtime]
 *
 * Copies [property@Genkit.Runtime:genkit-version].
 *
 * Returns: (transfer full) (nullable): the version, e.g. `nodejs/1.42.0`
 */
char *
genkit_runtime_dup_genkit_version (GenkitRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (self), NULL);
  return dup_string_property (self, "genkit-version");
}

/**
 * genkit_runtime_dup_reflection_server_url:
 * @self: a [iface@Genkit.Runtime]
 *
 * Copies [property@Genkit.Runtime:reflection-server-url].
 *
 * Returns: (transfer full) (nullable): the base URL, or %NULL
 */
char *
genkit_runtime_dup_reflection_server_url (GenkitRuntime *self)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (self), NULL);
  return dup_string_property (self, "reflection-server-url");
}

/**
 * genkit_runtime_list_actions_async:
 * @self: a [iface@Genkit.Runtime]
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the listing
 * @user_data: data for @callback
 *
 * Lists the runtime's actions, as `GET /api/actions` does.
 */
void
genkit_runtime_list_actions_async (GenkitRuntime       *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_RUNTIME (self));
  GENKIT_RUNTIME_GET_IFACE (self)->list_actions_async (self, cancellable, callback, user_data);
}

/**
 * genkit_runtime_list_actions_finish:
 * @self: a [iface@Genkit.Runtime]
 * @result: the result given to the callback
 * @error: return location for an error (`UNAVAILABLE` when a remote runtime cannot be reached)
 *
 * Finishes [method@Genkit.Runtime.list_actions_async].
 *
 * Returns: (transfer full): a JSON object of action key → descriptor (`key`, `name`,
 *   `description`, `metadata`, `inputSchema`, `outputSchema`), or %NULL with @error set
 */
JsonNode *
genkit_runtime_list_actions_finish (GenkitRuntime  *self,
                                    GAsyncResult   *result,
                                    GError        **error)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (self), NULL);
  return GENKIT_RUNTIME_GET_IFACE (self)->list_actions_finish (self, result, error);
}

/**
 * genkit_runtime_run_action_async:
 * @self: a [iface@Genkit.Runtime]
 * @key: the action key
 * @input: (nullable): the input
 * @options: (nullable): context, telemetry labels, stream and started callbacks; a parent run
 *   is ignored by remote runtimes
 * @cancellable: (nullable): cancels the run (a remote run is cancelled with
 *   `POST /api/cancelAction` once its trace id is known)
 * @callback: called when the run completes
 * @user_data: data for @callback
 *
 * Runs an action, as `POST /api/runAction` does.
 */
void
genkit_runtime_run_action_async (GenkitRuntime       *self,
                                 const char          *key,
                                 JsonNode            *input,
                                 GenkitRunOptions    *options,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_RUNTIME (self));
  g_return_if_fail (key != NULL);
  GENKIT_RUNTIME_GET_IFACE (self)->run_action_async (self, key, input, options, cancellable,
                                                     callback, user_data);
}

/**
 * genkit_runtime_run_action_finish:
 * @self: a [iface@Genkit.Runtime]
 * @result: the result given to the callback
 * @error: return location for the action's error, in [const@Genkit.ERROR] with the status
 *   code the runtime reported
 *
 * Finishes [method@Genkit.Runtime.run_action_async].
 *
 * Returns: (transfer full): the result and trace id, or %NULL with @error set
 */
GenkitActionResult *
genkit_runtime_run_action_finish (GenkitRuntime  *self,
                                  GAsyncResult   *result,
                                  GError        **error)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (self), NULL);
  return GENKIT_RUNTIME_GET_IFACE (self)->run_action_finish (self, result, error);
}

/**
 * genkit_runtime_cancel_action_async:
 * @self: a [iface@Genkit.Runtime]
 * @trace_id: the trace id of the run to cancel
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the outcome
 * @user_data: data for @callback
 *
 * Cancels a running action, as `POST /api/cancelAction` does.
 */
void
genkit_runtime_cancel_action_async (GenkitRuntime       *self,
                                    const char          *trace_id,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_RUNTIME (self));
  g_return_if_fail (trace_id != NULL);
  GENKIT_RUNTIME_GET_IFACE (self)->cancel_action_async (self, trace_id, cancellable, callback, user_data);
}

/**
 * genkit_runtime_cancel_action_finish:
 * @self: a [iface@Genkit.Runtime]
 * @result: the result given to the callback
 * @error: return location for an error: `NOT_FOUND` when no running action has that trace id
 *
 * Finishes [method@Genkit.Runtime.cancel_action_async].
 *
 * Returns: %TRUE if a running action was cancelled
 */
gboolean
genkit_runtime_cancel_action_finish (GenkitRuntime  *self,
                                     GAsyncResult   *result,
                                     GError        **error)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (self), FALSE);
  return GENKIT_RUNTIME_GET_IFACE (self)->cancel_action_finish (self, result, error);
}

/**
 * genkit_runtime_list_values_async:
 * @self: a [iface@Genkit.Runtime]
 * @type: the value type: `defaultModel` or `middleware`
 * @cancellable: (nullable): a #GCancellable
 * @callback: called with the values
 * @user_data: data for @callback
 *
 * Lists registered values, as `GET /api/values?type=` does.
 */
void
genkit_runtime_list_values_async (GenkitRuntime       *self,
                                  const char          *type,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_RUNTIME (self));
  g_return_if_fail (type != NULL);
  GENKIT_RUNTIME_GET_IFACE (self)->list_values_async (self, type, cancellable, callback, user_data);
}

/**
 * genkit_runtime_list_values_finish:
 * @self: a [iface@Genkit.Runtime]
 * @result: the result given to the callback
 * @error: return location for an error (`INVALID_ARGUMENT` for an unsupported type)
 *
 * Finishes [method@Genkit.Runtime.list_values_async].
 *
 * Returns: (transfer full): a JSON object of name → value, or %NULL with @error set
 */
JsonNode *
genkit_runtime_list_values_finish (GenkitRuntime  *self,
                                   GAsyncResult   *result,
                                   GError        **error)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (self), NULL);
  return GENKIT_RUNTIME_GET_IFACE (self)->list_values_finish (self, result, error);
}

/**
 * genkit_runtime_notify_async:
 * @self: a [iface@Genkit.Runtime]
 * @telemetry_server_url: the base URL of a Genkit telemetry server, e.g. the studio's
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the runtime acknowledged
 * @user_data: data for @callback
 *
 * Tells the runtime where to export its traces, as `POST /api/notify` does (with
 * `reflectionApiSpecVersion` 1). A runtime started with `GENKIT_TELEMETRY_SERVER` keeps that.
 */
void
genkit_runtime_notify_async (GenkitRuntime       *self,
                             const char          *telemetry_server_url,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (GENKIT_IS_RUNTIME (self));
  g_return_if_fail (telemetry_server_url != NULL);
  GENKIT_RUNTIME_GET_IFACE (self)->notify_async (self, telemetry_server_url, cancellable, callback, user_data);
}

/**
 * genkit_runtime_notify_finish:
 * @self: a [iface@Genkit.Runtime]
 * @result: the result given to the callback
 * @error: return location for an error
 *
 * Finishes [method@Genkit.Runtime.notify_async].
 *
 * Returns: %TRUE if the runtime acknowledged
 */
gboolean
genkit_runtime_notify_finish (GenkitRuntime  *self,
                              GAsyncResult   *result,
                              GError        **error)
{
  g_return_val_if_fail (GENKIT_IS_RUNTIME (self), FALSE);
  return GENKIT_RUNTIME_GET_IFACE (self)->notify_finish (self, result, error);
}
