/* genkit-agent-prompt.c — prompt agents: one generate per turn around the session's history
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-action-run.h"
#include "genkit-agent.h"
#include "genkit-agent-private.h"
#include "genkit-ai-private.h"
#include "genkit-document.h"
#include "genkit-error.h"
#include "genkit-generate.h"
#include "genkit-generate-options.h"
#include "genkit-generate-request.h"
#include "genkit-generate-response.h"
#include "genkit-generate-response-chunk.h"
#include "genkit-json-patch.h"
#include "genkit-model-middleware.h"
#include "genkit-part.h"
#include "genkit-registry.h"
#include "genkit-session-private.h"

/* Genkit's definePromptAgent (js/ai/src/agent.ts): every history message is tagged before the
 * prompt renders, everything else the render produced is the preamble, tagged so it can be
 * dropped from the history after the generation. */
#define HISTORY_TAG "_genkit_history"
#define PREAMBLE_TAG "agentPreamble"

/* GenerateActionOptions → GenkitGenerateOptions ------------------------------------------ */

static gboolean
fail (GError     **error,
      const char  *member,
      const char  *what)
{
  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
               "Invalid generate options: %s %s", member, what);
  return FALSE;
}

static gboolean
member_is (JsonObject *object,
           const char *member,
           GType       type)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == type ||
          (type == G_TYPE_DOUBLE && json_node_get_value_type (node) == G_TYPE_INT64));
}

GenkitGenerateOptions *
_genkit_generate_options_from_action_options (JsonObject      *raw,
                                              GenkitRegistry  *registry,
                                              GError         **error)
{
  g_autoptr(GenkitGenerateOptions) options = genkit_generate_options_new ();
  JsonObject *output;
  JsonObject *resume;
  JsonArray *array;

  if (_gk_object_get_string (raw, "model") != NULL)
    genkit_generate_options_set_model (options, _gk_object_get_string (raw, "model"));

  if ((array = _gk_object_get_array (raw, "messages")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        g_autoptr(GenkitMessage) message = NULL;

        if (!(message = genkit_message_new_from_json (json_array_get_element (array, i), error)))
          return NULL;
        genkit_generate_options_add_message (options, message);
      }
  if ((array = _gk_object_get_array (raw, "docs")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        g_autoptr(GenkitDocument) doc = NULL;

        if (!(doc = genkit_document_new_from_json (json_array_get_element (array, i), error)))
          return NULL;
        genkit_generate_options_add_doc (options, doc);
      }
  if ((array = _gk_object_get_array (raw, "tools")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *tool = json_array_get_element (array, i);

        if (json_node_get_value_type (tool) != G_TYPE_STRING)
          return fail (error, "tools", "must be names"), NULL;
        genkit_generate_options_add_tool (options, json_node_get_string (tool));
      }
  if ((array = _gk_object_get_array (raw, "resources")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *resource = json_array_get_element (array, i);

        if (json_node_get_value_type (resource) != G_TYPE_STRING)
          return fail (error, "resources", "must be names"), NULL;
        genkit_generate_options_add_resource (options, json_node_get_string (resource));
      }
  if (_gk_object_get_string (raw, "toolChoice") != NULL)
    genkit_generate_options_set_tool_choice (options, _gk_object_get_string (raw, "toolChoice"));
  if (json_object_get_member (raw, "config") != NULL)
    genkit_generate_options_set_config (options, json_object_get_member (raw, "config"));

  if ((output = _gk_object_get_object (raw, "output")) != NULL)
    {
      JsonNode *instructions = json_object_get_member (output, "instructions");
      JsonNode *schema = json_object_get_member (output, "jsonSchema");

      /* Dotprompt's rendered options carry `jsonSchema: null` when there is no schema. */
      if (schema == NULL || JSON_NODE_HOLDS_NULL (schema))
        schema = json_object_get_member (output, "schema");
      if (schema != NULL && JSON_NODE_HOLDS_NULL (schema))
        schema = NULL;
      if (_gk_object_get_string (output, "format") != NULL)
        genkit_generate_options_set_output_format (options, _gk_object_get_string (output, "format"));
      if (schema != NULL)
        genkit_generate_options_set_output_schema (options, schema);
      if (_gk_object_get_string (output, "contentType") != NULL)
        genkit_generate_options_set_output_content_type (options,
                                                         _gk_object_get_string (output, "contentType"));
      if (member_is (output, "constrained", G_TYPE_BOOLEAN))
        genkit_generate_options_set_output_constrained (options,
                                                        _gk_object_get_boolean (output, "constrained", FALSE));
      if (instructions != NULL && JSON_NODE_HOLDS_VALUE (instructions))
        {
          if (json_node_get_value_type (instructions) == G_TYPE_BOOLEAN)
            genkit_generate_options_set_output_instructions (options, json_node_get_boolean (instructions), NULL);
          else if (json_node_get_value_type (instructions) == G_TYPE_STRING)
            genkit_generate_options_set_output_instructions (options, TRUE, json_node_get_string (instructions));
        }
    }

  if ((resume = _gk_object_get_object (raw, "resume")) != NULL)
    {
      if ((array = _gk_object_get_array (resume, "respond")) != NULL)
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autoptr(GenkitPart) part = NULL;

            if (!(part = genkit_part_new_from_json (json_array_get_element (array, i), error)))
              return NULL;
            genkit_generate_options_add_resume_respond (options, part);
          }
      if ((array = _gk_object_get_array (resume, "restart")) != NULL)
        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            g_autoptr(GenkitPart) part = NULL;

            if (!(part = genkit_part_new_from_json (json_array_get_element (array, i), error)))
              return NULL;
            genkit_generate_options_add_resume_restart (options, part);
          }
      if (json_object_get_member (resume, "metadata") != NULL)
        genkit_generate_options_set_resume_metadata (options, json_object_get_member (resume, "metadata"));
    }

  if (member_is (raw, "returnToolRequests", G_TYPE_BOOLEAN))
    genkit_generate_options_set_return_tool_requests (options,
                                                      _gk_object_get_boolean (raw, "returnToolRequests", FALSE));
  if (member_is (raw, "maxTurns", G_TYPE_DOUBLE))
    {
      double turns = json_node_get_double (json_object_get_member (raw, "maxTurns"));

      if (turns < 0 || turns > G_MAXUINT)
        return fail (error, "maxTurns", "is out of range"), NULL;
      genkit_generate_options_set_max_turns (options, (guint) turns);
    }
  if (_gk_object_get_string (raw, "stepName") != NULL)
    genkit_generate_options_set_step_name (options, _gk_object_get_string (raw, "stepName"));

  if ((array = _gk_object_get_array (raw, "use")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *ref = json_array_get_element (array, i);
        g_autoptr(GenkitModelMiddleware) middleware = NULL;
        JsonObject *object;

        if (!JSON_NODE_HOLDS_OBJECT (ref) ||
            _gk_object_get_string ((object = json_node_get_object (ref)), "name") == NULL)
          return fail (error, "use", "must hold {name, config?} references"), NULL;
        middleware = genkit_lookup_model_middleware (registry, _gk_object_get_string (object, "name"),
                                                     json_object_get_member (object, "config"), error);
        if (middleware == NULL)
          return NULL;
        genkit_generate_options_add_middleware (options, middleware);
      }

  return g_steal_pointer (&options);
}

/* Prompts defined in code (Genkit's PromptConfig) ------------------------------------------ */

JsonObject *
_genkit_agent_prompt_config_check (JsonObject  *prompt,
                                   GError     **error)
{
  static const char *const strings[] = { "model", "system", "toolChoice", "description", NULL };
  GkCheck check = { "prompt", error };
  JsonArray *array;
  JsonObject *output;

  for (guint i = 0; strings[i] != NULL; i++)
    if (!_gk_check_member (&check, prompt, "", strings[i], GK_STRING, FALSE))
      return NULL;
  if (!_gk_check_member (&check, prompt, "", "messages", GK_ARRAY, FALSE) ||
      !_gk_check_member (&check, prompt, "", "tools", GK_STRING_ARRAY, FALSE) ||
      !_gk_check_member (&check, prompt, "", "docs", GK_ARRAY, FALSE) ||
      !_gk_check_member (&check, prompt, "", "output", GK_OBJECT, FALSE) ||
      !_gk_check_member (&check, prompt, "", "maxTurns", GK_NUMBER, FALSE) ||
      !_gk_check_member (&check, prompt, "", "returnToolRequests", GK_BOOLEAN, FALSE) ||
      !_gk_check_member (&check, prompt, "", "use", GK_ARRAY, FALSE))
    return NULL;
  if ((array = _gk_object_get_array (prompt, "messages")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        g_autofree char *path = _gk_path_index ("messages", i);

        if (!_genkit_message_check (&check, json_array_get_element (array, i), path))
          return NULL;
      }
  if ((array = _gk_object_get_array (prompt, "docs")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        g_autofree char *path = _gk_path_index ("docs", i);

        if (!_genkit_document_check (&check, json_array_get_element (array, i), path))
          return NULL;
      }
  if ((output = _gk_object_get_object (prompt, "output")) != NULL &&
      (!_gk_check_member (&check, output, "output", "format", GK_STRING, FALSE) ||
       !_gk_check_member (&check, output, "output", "schema", GK_OBJECT, FALSE) ||
       !_gk_check_member (&check, output, "output", "jsonSchema", GK_OBJECT, FALSE) ||
       !_gk_check_member (&check, output, "output", "contentType", GK_STRING, FALSE) ||
       !_gk_check_member (&check, output, "output", "constrained", GK_BOOLEAN, FALSE)))
    return NULL;
  if ((array = _gk_object_get_array (prompt, "use")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *ref = json_array_get_element (array, i);
        g_autofree char *path = _gk_path_index ("use", i);

        if (!_gk_check_node (&check, ref, path, GK_OBJECT) ||
            !_gk_check_member (&check, json_node_get_object (ref), path, "name", GK_STRING, TRUE))
          return NULL;
      }
  return _gk_object_copy (prompt);
}

JsonObject *
_genkit_agent_render_prompt_config (GenkitAgentTurn  *turn,
                                    JsonArray        *history,
                                    gpointer          user_data,
                                    GError          **error)
{
  JsonObject *config = user_data;
  g_autoptr(JsonObject) raw = json_object_new ();
  JsonArray *messages = json_array_new ();
  JsonObject *output;
  JsonArray *array;
  const char *system;
  static const char *const copied[] = { "docs", "tools", "toolChoice", "config", "maxTurns",
                                        "returnToolRequests", "use", NULL };

  if (_gk_object_get_string (config, "model") != NULL)
    json_object_set_string_member (raw, "model", _gk_object_get_string (config, "model"));
  if ((system = _gk_object_get_string (config, "system")) != NULL)
    {
      JsonObject *message = json_object_new ();
      JsonArray *content = json_array_new ();
      JsonObject *text = json_object_new ();

      json_object_set_string_member (text, "text", system);
      json_array_add_object_element (content, text);
      json_object_set_string_member (message, "role", "system");
      json_object_set_array_member (message, "content", content);
      json_array_add_object_element (messages, message);
    }
  if ((array = _gk_object_get_array (config, "messages")) != NULL)
    for (guint i = 0; i < json_array_get_length (array); i++)
      json_array_add_element (messages, _gk_node_copy (json_array_get_element (array, i)));
  for (guint i = 0; i < json_array_get_length (history); i++)
    json_array_add_element (messages, _gk_node_copy (json_array_get_element (history, i)));
  json_object_set_array_member (raw, "messages", messages);

  for (guint i = 0; copied[i] != NULL; i++)
    if (json_object_get_member (config, copied[i]) != NULL)
      json_object_set_member (raw, copied[i], _gk_node_copy (json_object_get_member (config, copied[i])));
  if ((output = _gk_object_get_object (config, "output")) != NULL)
    {
      JsonObject *copy = _gk_object_copy (output);

      /* PromptConfig says `schema`; GenerateActionOptions says `jsonSchema`. */
      if (json_object_has_member (copy, "schema") && !json_object_has_member (copy, "jsonSchema"))
        {
          json_object_set_member (copy, "jsonSchema", _gk_node_copy (json_object_get_member (copy, "schema")));
          json_object_remove_member (copy, "schema");
        }
      json_object_set_object_member (raw, "output", copy);
    }
  return g_steal_pointer (&raw);
}

/* Resume checks (Genkit's validateResumeAgainstHistory) ---------------------------------------- */

static JsonObject *
find_tool_request (JsonArray  *history,
                   const char *name,
                   const char *ref)
{
  /* The newest request with that name and ref. */
  for (guint i = json_array_get_length (history); i > 0; i--)
    {
      JsonObject *message = json_array_get_object_element (history, i - 1);
      JsonArray *content;

      if (g_strcmp0 (_gk_object_get_string (message, "role"), "model") != 0 ||
          (content = _gk_object_get_array (message, "content")) == NULL)
        continue;
      for (guint j = 0; j < json_array_get_length (content); j++)
        {
          JsonNode *part = json_array_get_element (content, j);
          JsonObject *request;

          if (!JSON_NODE_HOLDS_OBJECT (part) ||
              (request = _gk_object_get_object (json_node_get_object (part), "toolRequest")) == NULL)
            continue;
          if (g_strcmp0 (_gk_object_get_string (request, "name"), name) == 0 &&
              g_strcmp0 (_gk_object_get_string (request, "ref"), ref) == 0)
            return request;
        }
    }
  return NULL;
}

static char *
describe_ref (const char *ref)
{
  return ref ? g_strdup_printf (" (ref: %s)", ref) : g_strdup ("");
}

gboolean
_genkit_agent_check_resume (JsonObject  *resume,
                            JsonArray   *history,
                            GError     **error)
{
  JsonArray *restart = _gk_object_get_array (resume, "restart");
  JsonArray *respond = _gk_object_get_array (resume, "respond");

  for (guint i = 0; restart != NULL && i < json_array_get_length (restart); i++)
    {
      JsonObject *request = _gk_object_get_object (json_array_get_object_element (restart, i), "toolRequest");
      const char *name = _gk_object_get_string (request, "name");
      const char *ref = _gk_object_get_string (request, "ref");
      g_autofree char *shown = describe_ref (ref);
      JsonObject *match = find_tool_request (history, name, ref);

      if (match == NULL)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "resume.restart references tool '%s'%s which was not found in session history.",
                       name, shown);
          return FALSE;
        }
      /* A client may not change what a restarted tool gets. */
      if (!genkit_json_equal (json_object_get_member (request, "input"),
                              json_object_get_member (match, "input")))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "resume.restart for tool '%s'%s has modified inputs that do not match the "
                       "original tool request in session history. Restart inputs must exactly "
                       "match the interrupted tool request.", name, shown);
          return FALSE;
        }
    }
  for (guint i = 0; respond != NULL && i < json_array_get_length (respond); i++)
    {
      JsonObject *response = _gk_object_get_object (json_array_get_object_element (respond, i), "toolResponse");
      const char *name = _gk_object_get_string (response, "name");
      const char *ref = _gk_object_get_string (response, "ref");
      g_autofree char *shown = describe_ref (ref);

      if (find_tool_request (history, name, ref) == NULL)
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "resume.respond references tool '%s'%s which was not found in session history.",
                       name, shown);
          return FALSE;
        }
    }
  return TRUE;
}

/* The turn ---------------------------------------------------------------------------------- */

static void
chunk_cb (GenkitGenerateResponseChunk *chunk,
          gpointer                     user_data)
{
  genkit_agent_turn_send_model_chunk (GENKIT_AGENT_TURN (user_data), chunk);
}

static gboolean
metadata_flag (JsonObject *message,
               const char *flag)
{
  JsonObject *metadata = _gk_object_get_object (message, "metadata");

  return metadata != NULL && _gk_node_is_truthy (json_object_get_member (metadata, flag));
}

static void
generated_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GenkitAgentTurn) turn = user_data;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  g_autoptr(GenkitGenerateRequest) request = NULL;
  g_autoptr(GenkitMessage) reply = NULL;
  GError *error = NULL;
  JsonArray *request_messages = NULL;

  response = genkit_generate_finish (GENKIT_REGISTRY (object), result, &error);
  if (response == NULL)
    {
      genkit_agent_turn_return_error (turn, error);
      return;
    }

  reply = genkit_generate_response_get_message (response);
  request = genkit_generate_response_get_request (response);
  if (request != NULL)
    request_messages = _gk_object_get_array (genkit_generate_request_get_json_object (request), "messages");

  if (request_messages != NULL)
    {
      /* The history is what the model saw, without the preamble, plus its reply. */
      g_autoptr(JsonArray) history = json_array_new ();

      for (guint i = 0; i < json_array_get_length (request_messages); i++)
        {
          JsonNode *message = json_array_get_element (request_messages, i);

          if (!JSON_NODE_HOLDS_OBJECT (message) ||
              metadata_flag (json_node_get_object (message), PREAMBLE_TAG))
            continue;
          json_array_add_element (history, _gk_node_copy (message));
        }
      if (reply != NULL)
        json_array_add_element (history, genkit_message_to_json (reply));
      genkit_agent_turn_set_messages (turn, history);
    }
  else if (reply != NULL)
    genkit_agent_turn_add_message (turn, reply);

  if (genkit_generate_response_get_finish_reason (response) == GENKIT_FINISH_REASON_INTERRUPTED &&
      reply != NULL)
    {
      /* Show the client what the turn is waiting for. */
      JsonArray *parts = json_array_new ();
      JsonObject *model_chunk = json_object_new ();
      g_autoptr(JsonObject) chunk = json_object_new ();

      for (guint i = 0; i < genkit_message_get_n_parts (reply); i++)
        {
          g_autoptr(GenkitPart) part = genkit_message_get_part (reply, i);

          if (genkit_part_get_kind (part) == GENKIT_PART_KIND_TOOL_REQUEST)
            json_array_add_element (parts, genkit_part_to_json (part));
        }
      if (json_array_get_length (parts) > 0)
        {
          json_object_set_string_member (model_chunk, "role", "tool");
          json_object_set_array_member (model_chunk, "content", parts);
          json_object_set_object_member (chunk, "modelChunk", model_chunk);
          genkit_agent_turn_send_chunk (turn, chunk);
        }
      else
        {
          json_array_unref (parts);
          json_object_unref (model_chunk);
        }
    }

  genkit_agent_turn_return_finish_reason (turn,
                                          genkit_generate_response_get_finish_reason_string (response));
}

void
_genkit_agent_run_rendered_turn (GenkitAgentTurn       *turn,
                                 GenkitAgentRenderFunc  render,
                                 gpointer               user_data)
{
  GenkitActionRun *run = genkit_agent_turn_get_run (turn);
  GenkitRegistry *registry = genkit_action_run_get_registry (run);
  JsonArray *session_messages = genkit_agent_turn_get_messages (turn);
  JsonObject *resume = genkit_agent_turn_get_resume (turn);
  g_autoptr(JsonArray) history = json_array_new ();
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(GenkitGenerateOptions) options = NULL;
  JsonArray *messages;
  GError *error = NULL;

  if (registry == NULL)
    {
      genkit_agent_turn_return_error (turn, g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION,
                                                                 "A prompt agent must be registered"));
      return;
    }

  for (guint i = 0; i < json_array_get_length (session_messages); i++)
    {
      JsonObject *message = _gk_object_copy (json_array_get_object_element (session_messages, i));
      JsonObject *metadata = _gk_object_get_object (message, "metadata");

      if (metadata == NULL)
        {
          metadata = json_object_new ();
          json_object_set_object_member (message, "metadata", metadata);
        }
      json_object_set_boolean_member (metadata, HISTORY_TAG, TRUE);
      json_array_add_object_element (history, message);
    }

  if ((raw = render (turn, history, user_data, &error)) == NULL)
    {
      genkit_agent_turn_return_error (turn, error);
      return;
    }

  /* Untag the history; tag the rest as the preamble. */
  if ((messages = _gk_object_get_array (raw, "messages")) != NULL)
    for (guint i = 0; i < json_array_get_length (messages); i++)
      {
        JsonNode *node = json_array_get_element (messages, i);
        JsonObject *message;
        JsonObject *metadata;

        if (!JSON_NODE_HOLDS_OBJECT (node))
          continue;
        message = json_node_get_object (node);
        metadata = _gk_object_get_object (message, "metadata");
        if (metadata != NULL && json_object_has_member (metadata, HISTORY_TAG))
          {
            json_object_remove_member (metadata, HISTORY_TAG);
            if (json_object_get_size (metadata) == 0)
              json_object_remove_member (message, "metadata");
          }
        else
          {
            if (metadata == NULL)
              {
                metadata = json_object_new ();
                json_object_set_object_member (message, "metadata", metadata);
              }
            json_object_set_boolean_member (metadata, PREAMBLE_TAG, TRUE);
          }
      }

  if (resume != NULL)
    {
      JsonArray *restart = _gk_object_get_array (resume, "restart");
      JsonArray *respond = _gk_object_get_array (resume, "respond");
      JsonObject *wanted = json_object_new ();

      if (!_genkit_agent_check_resume (resume, session_messages, &error))
        {
          json_object_unref (wanted);
          genkit_agent_turn_return_error (turn, error);
          return;
        }
      if (restart != NULL && json_array_get_length (restart) > 0)
        json_object_set_array_member (wanted, "restart", _gk_array_copy (restart));
      if (respond != NULL && json_array_get_length (respond) > 0)
        json_object_set_array_member (wanted, "respond", _gk_array_copy (respond));
      json_object_set_object_member (raw, "resume", wanted);
    }

  if ((options = _genkit_generate_options_from_action_options (raw, registry, &error)) == NULL)
    {
      genkit_agent_turn_return_error (turn, error);
      return;
    }
  genkit_generate_options_set_chunk_func (options, chunk_cb, g_object_ref (turn), g_object_unref);
  genkit_generate_async (registry, run, options, genkit_agent_turn_get_cancellable (turn),
                         generated_cb, g_object_ref (turn));
}
