/* genkit-generate-response.c — what a model or generate returns: Genkit's GenerateResponse
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-generate-response.h"

/**
 * GenkitGenerateResponse:
 *
 * The output of a model action and of generate, Genkit's `GenerateResponse`
 * (`js/ai/src/model-types.ts`): `message`, `finishReason`, `finishMessage`, `latencyMs`
 * (milliseconds, added by the model wrapper), `usage`, `custom`, `raw`, `request` (the
 * request the model actually got), `operation` (background models) and the deprecated
 * `candidates`.
 *
 * The response is its checked JSON object; unknown members are kept. The convenience getters
 * mirror Genkit's `GenerateResponse` class: [method@Genkit.GenerateResponse.get_text],
 * [method@Genkit.GenerateResponse.get_output] (parsed with the request's output format),
 * [method@Genkit.GenerateResponse.get_tool_requests],
 * [method@Genkit.GenerateResponse.get_interrupts],
 * [method@Genkit.GenerateResponse.get_messages].
 */
struct _GenkitGenerateResponse
{
  gatomicrefcount  ref_count;
  JsonObject      *object;
  char            *format;     /* output format to parse with, when generate knows it */
};

G_DEFINE_BOXED_TYPE (GenkitGenerateResponse, genkit_generate_response,
                     genkit_generate_response_ref, genkit_generate_response_unref)

static const char * const finish_reasons[] = {
  [GENKIT_FINISH_REASON_STOP] = "stop",
  [GENKIT_FINISH_REASON_LENGTH] = "length",
  [GENKIT_FINISH_REASON_BLOCKED] = "blocked",
  [GENKIT_FINISH_REASON_ABORTED] = "aborted",
  [GENKIT_FINISH_REASON_FAILED] = "failed",
  [GENKIT_FINISH_REASON_INTERRUPTED] = "interrupted",
  [GENKIT_FINISH_REASON_OTHER] = "other",
  [GENKIT_FINISH_REASON_UNKNOWN] = "unknown",
};

/**
 * genkit_finish_reason_to_string:
 * @reason: a finish reason
 *
 * Gets the reason's name on the wire.
 *
 * Returns: (transfer none): e.g. `stop` or `interrupted`
 */
const char *
genkit_finish_reason_to_string (GenkitFinishReason reason)
{
  g_return_val_if_fail ((guint) reason < G_N_ELEMENTS (finish_reasons), "unknown");
  return finish_reasons[reason];
}

/**
 * genkit_finish_reason_from_string:
 * @string: (nullable): a finish reason name
 *
 * Parses a finish reason; other runtimes may send reasons this engine does not know, which
 * read as `unknown`.
 *
 * Returns: the reason, %GENKIT_FINISH_REASON_UNKNOWN for %NULL or an unrecognized name
 */
GenkitFinishReason
genkit_finish_reason_from_string (const char *string)
{
  for (guint i = 0; string != NULL && i < G_N_ELEMENTS (finish_reasons); i++)
    if (g_str_equal (string, finish_reasons[i]))
      return (GenkitFinishReason) i;
  return GENKIT_FINISH_REASON_UNKNOWN;
}

static gboolean
operation_check (GkCheck    *check,
                 JsonObject *object,
                 const char *path)
{
  g_autofree char *inner = _gk_path_member (path, "operation");
  JsonObject *operation;

  if (!_gk_check_member (check, object, path, "operation", GK_OBJECT, FALSE))
    return FALSE;
  if ((operation = _gk_object_get_object (object, "operation")) == NULL)
    return TRUE;

  if (!_gk_check_member (check, operation, inner, "id", GK_STRING, TRUE) ||
      !_gk_check_member (check, operation, inner, "action", GK_STRING, FALSE) ||
      !_gk_check_member (check, operation, inner, "done", GK_BOOLEAN, FALSE) ||
      !_gk_check_member (check, operation, inner, "error", GK_OBJECT, FALSE) ||
      !_gk_check_member (check, operation, inner, "metadata", GK_OBJECT, FALSE))
    return FALSE;
  if (json_object_has_member (operation, "error"))
    {
      g_autofree char *error_path = _gk_path_member (inner, "error");

      return _gk_check_member (check, json_object_get_object_member (operation, "error"),
                               error_path, "message", GK_STRING, TRUE);
    }
  return TRUE;
}

static gboolean
response_check (GkCheck    *check,
                JsonNode   *node,
                const char *path,
                gboolean    is_candidate)
{
  JsonObject *object;
  g_autofree char *inner = NULL;

  if (!_gk_check_node (check, node, path, GK_OBJECT))
    return FALSE;
  object = json_node_get_object (node);

  if (json_object_has_member (object, "message"))
    {
      inner = _gk_path_member (path, "message");
      if (!_genkit_message_check (check, json_object_get_member (object, "message"), inner))
        return FALSE;
      g_clear_pointer (&inner, g_free);
    }
  else if (is_candidate)
    return _gk_check_member (check, object, path, "message", GK_OBJECT, TRUE);

  if (!_gk_check_member (check, object, path, "finishReason", GK_STRING, is_candidate) ||
      !_gk_check_member (check, object, path, "finishMessage", GK_STRING, FALSE) ||
      !_gk_check_member (check, object, path, "latencyMs", GK_NUMBER, FALSE))
    return FALSE;

  if (json_object_has_member (object, "usage"))
    {
      inner = _gk_path_member (path, "usage");
      if (!_genkit_usage_check (check, json_object_get_member (object, "usage"), inner))
        return FALSE;
      g_clear_pointer (&inner, g_free);
    }

  if (is_candidate)
    return _gk_check_member (check, object, path, "index", GK_NUMBER, TRUE);

  if (json_object_has_member (object, "request"))
    {
      inner = _gk_path_member (path, "request");
      if (!_genkit_request_check (check, json_object_get_member (object, "request"), inner))
        return FALSE;
      g_clear_pointer (&inner, g_free);
    }

  if (!operation_check (check, object, path) ||
      !_gk_check_member (check, object, path, "candidates", GK_ARRAY, FALSE))
    return FALSE;

  if (json_object_has_member (object, "candidates"))
    {
      JsonArray *candidates = json_object_get_array_member (object, "candidates");

      inner = _gk_path_member (path, "candidates");
      for (guint i = 0; i < json_array_get_length (candidates); i++)
        {
          g_autofree char *item = _gk_path_index (inner, i);

          if (!response_check (check, json_array_get_element (candidates, i), item, TRUE))
            return FALSE;
        }
    }
  return TRUE;
}

GenkitGenerateResponse *
_genkit_response_wrap (JsonObject *object)
{
  GenkitGenerateResponse *self = g_new0 (GenkitGenerateResponse, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->object = json_object_ref (object);
  return self;
}

void
_genkit_generate_response_set_format (GenkitGenerateResponse *self,
                                      const char             *format)
{
  g_free (self->format);
  self->format = g_strdup (format);
}

/**
 * genkit_generate_response_new:
 *
 * Makes an empty response, `{}`, for a model to fill in.
 *
 * Returns: (transfer full): the new response
 */
GenkitGenerateResponse *
genkit_generate_response_new (void)
{
  g_autoptr(JsonObject) object = json_object_new ();

  return _genkit_response_wrap (object);
}

/**
 * genkit_generate_response_new_from_json:
 * @node: a JSON object
 * @error: return location for an error: `INVALID_ARGUMENT` naming the offending field
 *
 * Reads a response, checking it as Genkit's `GenerateResponseSchema` does (finish reasons
 * this engine does not know are accepted). @node is copied.
 *
 * Returns: (transfer full) (nullable): the response, or %NULL with @error set
 */
GenkitGenerateResponse *
genkit_generate_response_new_from_json (JsonNode  *node,
                                        GError   **error)
{
  GkCheck check = { "GenerateResponse", error };
  g_autoptr(JsonNode) copy = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!response_check (&check, node, "", FALSE))
    return NULL;
  copy = _gk_node_copy (node);
  return _genkit_response_wrap (json_node_get_object (copy));
}

/**
 * genkit_generate_response_ref:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
GenkitGenerateResponse *
genkit_generate_response_ref (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_generate_response_unref:
 * @self: (transfer full): a [struct@Genkit.GenerateResponse]
 *
 * Drops a reference.
 */
void
genkit_generate_response_unref (GenkitGenerateResponse *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      json_object_unref (self->object);
      g_free (self->format);
      g_free (self);
    }
}

/**
 * genkit_generate_response_copy:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Makes a deep copy.
 *
 * Returns: (transfer full): the copy
 */
GenkitGenerateResponse *
genkit_generate_response_copy (GenkitGenerateResponse *self)
{
  g_autoptr(JsonObject) copy = NULL;
  GenkitGenerateResponse *out;

  g_return_val_if_fail (self != NULL, NULL);

  copy = _gk_object_copy (self->object);
  out = _genkit_response_wrap (copy);
  out->format = g_strdup (self->format);
  return out;
}

/**
 * genkit_generate_response_to_json:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Serializes the response, unknown members included.
 *
 * Returns: (transfer full): a copy of the response's JSON object
 */
JsonNode *
genkit_generate_response_to_json (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_node_take_object (_gk_object_copy (self->object));
}

/**
 * genkit_generate_response_get_json_object:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets the JSON object the response is; changes to it change the response.
 *
 * Returns: (transfer none): the response's object
 */
JsonObject *
genkit_generate_response_get_json_object (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->object;
}

static JsonObject *
message_object (GenkitGenerateResponse *self)
{
  JsonObject *message = _gk_object_get_object (self->object, "message");
  JsonArray *candidates;

  if (message != NULL)
    return message;
  /* Genkit still reads the first of the deprecated candidates. */
  candidates = _gk_object_get_array (self->object, "candidates");
  if (candidates != NULL && json_array_get_length (candidates) > 0)
    return _gk_object_get_object (json_array_get_object_element (candidates, 0), "message");
  return NULL;
}

/**
 * genkit_generate_response_get_message:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets a view of the generated message (or of the first candidate's, for old responses).
 *
 * Returns: (transfer full) (nullable): the message, or %NULL when the model generated none
 */
GenkitMessage *
genkit_generate_response_get_message (GenkitGenerateResponse *self)
{
  JsonObject *message;

  g_return_val_if_fail (self != NULL, NULL);

  message = message_object (self);
  return message ? _genkit_message_wrap (message) : NULL;
}

/**
 * genkit_generate_response_set_message:
 * @self: a [struct@Genkit.GenerateResponse]
 * @message: (nullable): the message; copied. %NULL removes it
 *
 * Sets `message`.
 */
void
genkit_generate_response_set_message (GenkitGenerateResponse *self,
                                      GenkitMessage          *message)
{
  g_return_if_fail (self != NULL);

  if (message == NULL)
    json_object_remove_member (self->object, "message");
  else
    json_object_set_member (self->object, "message", genkit_message_to_json (message));
}

/**
 * genkit_generate_response_get_finish_reason:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets why the generation ended.
 *
 * Returns: the finish reason; %GENKIT_FINISH_REASON_UNKNOWN when absent or unrecognized
 */
GenkitFinishReason
genkit_generate_response_get_finish_reason (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, GENKIT_FINISH_REASON_UNKNOWN);
  return genkit_finish_reason_from_string (genkit_generate_response_get_finish_reason_string (self));
}

/**
 * genkit_generate_response_get_finish_reason_string:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets `finishReason` as sent, including reasons this engine does not know.
 *
 * Returns: (transfer none) (nullable): the finish reason, or %NULL when absent
 */
const char *
genkit_generate_response_get_finish_reason_string (GenkitGenerateResponse *self)
{
  const char *reason;
  JsonArray *candidates;

  g_return_val_if_fail (self != NULL, NULL);

  reason = _gk_object_get_string (self->object, "finishReason");
  if (reason != NULL)
    return reason;
  candidates = _gk_object_get_array (self->object, "candidates");
  if (candidates != NULL && json_array_get_length (candidates) > 0)
    return _gk_object_get_string (json_array_get_object_element (candidates, 0), "finishReason");
  return NULL;
}

/**
 * genkit_generate_response_set_finish_reason:
 * @self: a [struct@Genkit.GenerateResponse]
 * @reason: the finish reason
 *
 * Sets `finishReason`.
 */
void
genkit_generate_response_set_finish_reason (GenkitGenerateResponse *self,
                                            GenkitFinishReason      reason)
{
  g_return_if_fail (self != NULL);
  json_object_set_string_member (self->object, "finishReason",
                                 genkit_finish_reason_to_string (reason));
}

/**
 * genkit_generate_response_get_finish_message:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets `finishMessage`, the model's explanation of the finish reason.
 *
 * Returns: (transfer none) (nullable): the message, or %NULL when absent
 */
const char *
genkit_generate_response_get_finish_message (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_string (self->object, "finishMessage");
}

/**
 * genkit_generate_response_set_finish_message:
 * @self: a [struct@Genkit.GenerateResponse]
 * @message: (nullable): the message; %NULL removes it
 *
 * Sets `finishMessage`.
 */
void
genkit_generate_response_set_finish_message (GenkitGenerateResponse *self,
                                             const char             *message)
{
  g_return_if_fail (self != NULL);

  if (message == NULL)
    json_object_remove_member (self->object, "finishMessage");
  else
    json_object_set_string_member (self->object, "finishMessage", message);
}

/**
 * genkit_generate_response_get_latency_ms:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets `latencyMs`, how long the model took, in milliseconds (fractional), as measured by the
 * model wrapper around the model's function.
 *
 * Returns: the latency in milliseconds, or -1 when absent
 */
double
genkit_generate_response_get_latency_ms (GenkitGenerateResponse *self)
{
  JsonNode *node;

  g_return_val_if_fail (self != NULL, -1);

  node = json_object_get_member (self->object, "latencyMs");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return -1;
  return json_node_get_double (node);
}

/**
 * genkit_generate_response_get_usage:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets a view of `usage`.
 *
 * Returns: (transfer full) (nullable): the usage, or %NULL when absent
 */
GenkitGenerationUsage *
genkit_generate_response_get_usage (GenkitGenerateResponse *self)
{
  JsonObject *usage;

  g_return_val_if_fail (self != NULL, NULL);

  usage = _gk_object_get_object (self->object, "usage");
  return usage ? _genkit_usage_wrap (usage) : NULL;
}

/**
 * genkit_generate_response_set_usage:
 * @self: a [struct@Genkit.GenerateResponse]
 * @usage: (nullable): the usage; copied. %NULL removes it
 *
 * Sets `usage`.
 */
void
genkit_generate_response_set_usage (GenkitGenerateResponse *self,
                                    GenkitGenerationUsage  *usage)
{
  g_return_if_fail (self != NULL);

  if (usage == NULL)
    json_object_remove_member (self->object, "usage");
  else
    json_object_set_member (self->object, "usage", genkit_generation_usage_to_json (usage));
}

/**
 * genkit_generate_response_get_custom:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets `custom`, provider-specific data.
 *
 * Returns: (transfer none) (nullable): the value, or %NULL when absent
 */
JsonNode *
genkit_generate_response_get_custom (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return json_object_get_member (self->object, "custom");
}

/**
 * genkit_generate_response_get_request:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets a view of `request`, the `GenerateRequest` the model was given in the last turn.
 *
 * Returns: (transfer full) (nullable): the request, or %NULL when absent
 */
GenkitGenerateRequest *
genkit_generate_response_get_request (GenkitGenerateResponse *self)
{
  JsonObject *request;

  g_return_val_if_fail (self != NULL, NULL);

  request = _gk_object_get_object (self->object, "request");
  return request ? _genkit_request_wrap (request) : NULL;
}

/**
 * genkit_generate_response_get_operation:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets `operation`, the long-running operation a background model started.
 *
 * Returns: (transfer none) (nullable): the operation, or %NULL when absent
 */
JsonObject *
genkit_generate_response_get_operation (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_object_get_object (self->object, "operation");
}

/**
 * genkit_generate_response_get_text:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Concatenates the text parts of the message, Genkit's `response.text`.
 *
 * Returns: (transfer full): the text, `""` when there is none
 */
char *
genkit_generate_response_get_text (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_parts_text (_gk_object_get_array (message_object (self), "content"), "text");
}

/**
 * genkit_generate_response_get_reasoning:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Concatenates the reasoning parts of the message, Genkit's `response.reasoning`.
 *
 * Returns: (transfer full): the reasoning, `""` when there is none
 */
char *
genkit_generate_response_get_reasoning (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return _gk_parts_text (_gk_object_get_array (message_object (self), "content"), "reasoning");
}

static const char *
response_format (GenkitGenerateResponse *self)
{
  JsonObject *generate;

  if (self->format != NULL)
    return self->format;
  if (_gk_object_get_string (_gk_object_get_object (_gk_object_get_object (self->object, "request"),
                                                    "output"), "format") != NULL)
    return _gk_object_get_string (_gk_object_get_object (_gk_object_get_object (self->object, "request"),
                                                         "output"), "format");
  generate = _gk_object_get_object (_gk_object_get_object (message_object (self), "metadata"),
                                    "generate");
  return _gk_object_get_string (_gk_object_get_object (generate, "output"), "format");
}

/**
 * genkit_generate_response_get_output:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets the structured output, Genkit's `response.output`: the message parsed by the output
 * format of the request (`json`, `jsonl`, `array`, `enum`, `text`), else the first data part,
 * else the JSON found in the text (lenient: JSON5, code fences and surrounding prose are
 * tolerated).
 *
 * Returns: (transfer full) (nullable): the output, or %NULL when there is none
 */
JsonNode *
genkit_generate_response_get_output (GenkitGenerateResponse *self)
{
  JsonObject *message;

  g_return_val_if_fail (self != NULL, NULL);

  message = message_object (self);
  if (message == NULL)
    return NULL;
  return _genkit_message_output (_gk_object_get_array (message, "content"), response_format (self));
}

static GPtrArray *
message_tool_requests (GenkitGenerateResponse *self,
                       gboolean                interrupts)
{
  g_autoptr(GenkitMessage) message = genkit_generate_response_get_message (self);

  if (message == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_part_unref);
  return interrupts ? genkit_message_get_interrupts (message)
                    : genkit_message_get_tool_requests (message);
}

/**
 * genkit_generate_response_get_tool_requests:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets views of the message's tool request parts.
 *
 * Returns: (transfer full) (element-type GenkitPart): the tool requests, maybe none
 */
GPtrArray *
genkit_generate_response_get_tool_requests (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return message_tool_requests (self, FALSE);
}

/**
 * genkit_generate_response_get_interrupts:
 * @self: a [struct@Genkit.GenerateResponse]
 *
 * Gets views of the tool requests that interrupted (`metadata.interrupt`), to answer with
 * `resume.respond` or `resume.restart` in the next generate call.
 *
 * Returns: (transfer full) (element-type GenkitPart): the interrupts, maybe none
 */
GPtrArray *
genkit_generate_response_get_interrupts (GenkitGenerateResponse *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return message_tool_requests (self, TRUE);
}

/**
 * genkit_generate_response_get_messages:
 * @self: a [struct@Genkit.GenerateResponse]
 * @error: return location for an error: `FAILED_PRECONDITION` when the response has no
 *   request or no message to build the history from
 *
 * Gets the whole conversation, Genkit's `response.messages`: the request's messages followed
 * by the generated message (copies), ready to send again with a new user message.
 *
 * Returns: (transfer full) (element-type GenkitMessage) (nullable): the history
 */
GPtrArray *
genkit_generate_response_get_messages (GenkitGenerateResponse  *self,
                                       GError                 **error)
{
  JsonObject *request;
  JsonObject *message;
  JsonArray *messages;
  GPtrArray *out;

  g_return_val_if_fail (self != NULL, NULL);

  request = _gk_object_get_object (self->object, "request");
  message = message_object (self);
  if (request == NULL || message == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                           request == NULL
                           ? "Can't construct history for response without request reference."
                           : "Can't construct history for response without generated message.");
      return NULL;
    }

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) genkit_message_unref);
  messages = _gk_object_get_array (request, "messages");
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      g_autoptr(JsonObject) copy = _gk_object_copy (json_array_get_object_element (messages, i));

      g_ptr_array_add (out, _genkit_message_wrap (copy));
    }
  {
    g_autoptr(JsonObject) copy = _gk_object_copy (message);

    g_ptr_array_add (out, _genkit_message_wrap (copy));
  }
  return out;
}
