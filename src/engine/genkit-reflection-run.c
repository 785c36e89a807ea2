/* genkit-reflection-run.c — what the reflection API v1 (HTTP) and v2 (WebSocket) share on the
 * runtime side: reading a runAction request, running it, and the answer's shape
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-error.h"
#include "genkit-local-runtime.h"
#include "genkit-reflection-private.h"
#include "genkit-registry.h"
#include "genkit-tracer.h"

GenkitRunOptions *
_genkit_reflection_run_options_new (JsonObject  *request,
                                    GError     **error)
{
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  JsonNode *member;

  if ((member = json_object_get_member (request, "context")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "“context” must be an object");
          return NULL;
        }
      genkit_run_options_set_context (options, json_node_get_object (member));
    }
  if ((member = json_object_get_member (request, "telemetryLabels")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    {
      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "“telemetryLabels” must be an object of strings");
          return NULL;
        }
      genkit_run_options_set_telemetry_labels (options, json_node_get_object (member));
    }
  /* `init` of a bidirectional run (an agent's AgentInit); its schema is the action's. */
  if ((member = json_object_get_member (request, "init")) != NULL && !JSON_NODE_HOLDS_NULL (member))
    genkit_run_options_set_init (options, member);

  return g_steal_pointer (&options);
}

/* A run's outcome, held while the traces are flushed. */
typedef struct
{
  GenkitActionResult *result;
  GError             *error;
} Outcome;

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->result, genkit_action_result_unref);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

static void
outcome_return (GTask   *task,
                Outcome *outcome)
{
  if (outcome->error != NULL)
    g_task_return_error (task, g_steal_pointer (&outcome->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&outcome->result),
                           (GDestroyNotify) genkit_action_result_unref);
}

static void
genkit_reflection_flushed_cb (GObject      *object,
                              GAsyncResult *result,
                              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!genkit_tracer_flush_finish (GENKIT_TRACER (object), result, &error))
    g_warning ("Flushing traces before a runAction answer failed: %s", error->message);

  outcome_return (task, g_task_get_task_data (task));
}

static void
genkit_reflection_run_cb (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenkitRuntime *runtime = GENKIT_RUNTIME (object);
  Outcome *outcome = g_new0 (Outcome, 1);

  outcome->result = genkit_runtime_run_action_finish (runtime, result, &outcome->error);
  g_task_set_task_data (task, outcome, (GDestroyNotify) outcome_free);

  /* A failed run's spans matter as much as a successful one's. */
  if (GENKIT_IS_LOCAL_RUNTIME (runtime))
    {
      GenkitRegistry *registry = genkit_local_runtime_get_registry (GENKIT_LOCAL_RUNTIME (runtime));
      GenkitTracer *tracer = genkit_registry_get_tracer (registry);

      if (genkit_tracer_get_n_processors (tracer) > 0)
        {
          genkit_tracer_flush_async (tracer, NULL, genkit_reflection_flushed_cb,
                                     g_steal_pointer (&task));
          return;
        }
    }

  outcome_return (task, outcome);
}

void
_genkit_reflection_run_async (GenkitRuntime       *runtime,
                              const char          *key,
                              JsonNode            *input,
                              GenkitRunOptions    *options,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (runtime, NULL, callback, user_data);

  g_task_set_source_tag (task, _genkit_reflection_run_async);
  genkit_runtime_run_action_async (runtime, key, input, options, cancellable,
                                   genkit_reflection_run_cb, task);
}

GenkitActionResult *
_genkit_reflection_run_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

JsonNode *
_genkit_reflection_run_response (GenkitActionResult *result)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonObject *telemetry = json_object_new ();
  JsonNode *value = genkit_action_result_get_result (result);

  if (value != NULL)
    json_object_set_member (object, "result", json_node_copy (value));
  json_object_set_string_member (telemetry, "traceId", genkit_action_result_get_trace_id (result));
  json_object_set_object_member (object, "telemetry", telemetry);
  return json_node_init_object (json_node_alloc (), object);
}

gboolean
_genkit_reflection_is_loopback_host (const char *host)
{
  g_autofree char *name = NULL;
  const char *colon;

  if (host == NULL)
    return FALSE;

  if (host[0] == '[')
    {
      const char *end = strchr (host, ']');

      if (end == NULL || (end[1] != '\0' && end[1] != ':'))
        return FALSE;
      name = g_strndup (host + 1, end - host - 1);
    }
  else
    {
      colon = strchr (host, ':');
      name = colon ? g_strndup (host, colon - host) : g_strdup (host);
    }

  if (g_ascii_strcasecmp (name, "localhost") == 0 || g_str_equal (name, "::1"))
    return TRUE;

  /* Any 127.0.0.0/8 literal. */
  {
    g_autoptr(GInetAddress) address = g_inet_address_new_from_string (name);

    return address != NULL && g_inet_address_get_is_loopback (address);
  }
}

gboolean
_genkit_reflection_is_loopback_origin (const char *origin)
{
  g_autoptr(GUri) uri = g_uri_parse (origin, G_URI_FLAGS_NONE, NULL);
  const char *host;

  if (uri == NULL || (g_strcmp0 (g_uri_get_scheme (uri), "http") != 0 &&
                      g_strcmp0 (g_uri_get_scheme (uri), "https") != 0))
    return FALSE;

  host = g_uri_get_host (uri);
  if (host == NULL)
    return FALSE;
  if (strchr (host, ':') != NULL)
    {
      g_autofree char *bracketed = g_strdup_printf ("[%s]", host);
      return _genkit_reflection_is_loopback_host (bracketed);
    }
  return _genkit_reflection_is_loopback_host (host);
}

char *
_genkit_runtime_telemetry_url (const char *telemetry_server_url,
                               const char *runtime_id)
{
  g_autofree char *escaped = NULL;
  gsize length;

  if (telemetry_server_url == NULL)
    return NULL;
  escaped = g_uri_escape_string (runtime_id ? runtime_id : "", NULL, FALSE);
  length = strlen (telemetry_server_url);
  while (length > 0 && telemetry_server_url[length - 1] == '/')
    length--;
  return g_strdup_printf ("%.*s/runtimes/%s", (int) length, telemetry_server_url, escaped);
}
