/* genkit-generate-options.c — what to generate: model, prompt, tools, output, resume, middleware
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-action.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-generate-options.h"
#include "genkit-registry.h"

/**
 * GenkitGenerateOptions:
 *
 * The options of one [func@Genkit.generate_async] call, Genkit's `GenerateOptions`
 * (`js/ai/src/generate.ts`): the model, the conversation (`system`, `messages`, `prompt`),
 * context `docs`, `tools`, `resources`, `toolChoice`, `config`, `output` (format, JSON
 * Schema, instructions, constrained), `resume` (answers to interrupts), `returnToolRequests`,
 * `maxTurns`, `stepName`, call-time middleware (`use`), the action context, and the streaming
 * callback (`onChunk`).
 *
 * [method@Genkit.GenerateOptions.to_action_options] turns them into the
 * `GenerateActionOptions` that `/util/generate` takes and that the generate span records.
 *
 * ```c
 * g_autoptr(GenkitGenerateOptions) options = genkit_generate_options_new ();
 *
 * genkit_generate_options_set_model (options, "echo");
 * genkit_generate_options_set_prompt (options, "Hello!");
 * genkit_generate_async (registry, flow_run, options, NULL, on_generated_cb, data);
 * ```
 */
struct _GenkitGenerateOptions
{
  gatomicrefcount          ref_count;

  char                    *model;
  char                    *system;
  JsonArray               *prompt;         /* parts */
  JsonArray               *messages;
  JsonArray               *docs;
  GPtrArray               *tools;          /* char* */
  GPtrArray               *resources;      /* char* */
  char                    *tool_choice;
  JsonNode                *config;
  JsonObject              *output;         /* GenerateActionOutputConfig being built */
  JsonArray               *respond;
  JsonArray               *restart;
  JsonNode                *resume_metadata;
  int                      return_tool_requests;   /* -1: unset */
  gint64                   max_turns;              /* -1: unset */
  char                    *step_name;
  GPtrArray               *middleware;
  JsonObject              *context;

  GenkitGenerateChunkFunc  chunk_func;
  gpointer                 chunk_data;
  GDestroyNotify           chunk_destroy;
};

G_DEFINE_BOXED_TYPE (GenkitGenerateOptions, genkit_generate_options,
                     genkit_generate_options_ref, genkit_generate_options_unref)

/**
 * genkit_generate_options_new:
 *
 * Makes empty options; give at least a prompt or a message.
 *
 * Returns: (transfer full): the new options
 */
GenkitGenerateOptions *
genkit_generate_options_new (void)
{
  GenkitGenerateOptions *self = g_new0 (GenkitGenerateOptions, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->tools = g_ptr_array_new_with_free_func (g_free);
  self->resources = g_ptr_array_new_with_free_func (g_free);
  self->middleware = g_ptr_array_new_with_free_func (g_object_unref);
  self->return_tool_requests = -1;
  self->max_turns = -1;
  return self;
}

/**
 * genkit_generate_options_ref:
 * @self: a [struct@Genkit.GenerateOptions]
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
GenkitGenerateOptions *
genkit_generate_options_ref (GenkitGenerateOptions *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * genkit_generate_options_unref:
 * @self: (transfer full): a [struct@Genkit.GenerateOptions]
 *
 * Drops a reference.
 */
void
genkit_generate_options_unref (GenkitGenerateOptions *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  if (self->chunk_destroy != NULL)
    self->chunk_destroy (self->chunk_data);
  g_free (self->model);
  g_free (self->system);
  g_clear_pointer (&self->prompt, json_array_unref);
  g_clear_pointer (&self->messages, json_array_unref);
  g_clear_pointer (&self->docs, json_array_unref);
  g_ptr_array_unref (self->tools);
  g_ptr_array_unref (self->resources);
  g_free (self->tool_choice);
  g_clear_pointer (&self->config, json_node_unref);
  g_clear_pointer (&self->output, json_object_unref);
  g_clear_pointer (&self->respond, json_array_unref);
  g_clear_pointer (&self->restart, json_array_unref);
  g_clear_pointer (&self->resume_metadata, json_node_unref);
  g_free (self->step_name);
  g_ptr_array_unref (self->middleware);
  g_clear_pointer (&self->context, json_object_unref);
  g_free (self);
}

/**
 * genkit_generate_options_set_model:
 * @self: a [struct@Genkit.GenerateOptions]
 * @model: (nullable): the model's name (`echo`, `googleai/gemini-2.5-flash`) or key
 *   (`/model/echo`); %NULL for the registry's default model (value `defaultModel`)
 *
 * Sets the model.
 */
void
genkit_generate_options_set_model (GenkitGenerateOptions *self,
                                   const char            *model)
{
  g_return_if_fail (self != NULL);

  g_free (self->model);
  if (model != NULL && g_str_has_prefix (model, "/model/"))
    model += strlen ("/model/");
  else if (model != NULL && g_str_has_prefix (model, "/background-model/"))
    model += strlen ("/background-model/");
  self->model = g_strdup (model);
}

/**
 * genkit_generate_options_set_system:
 * @self: a [struct@Genkit.GenerateOptions]
 * @system: (nullable): the system prompt, sent first as a `system` message
 *
 * Sets the system prompt (Genkit's `system`).
 */
void
genkit_generate_options_set_system (GenkitGenerateOptions *self,
                                    const char            *system)
{
  g_return_if_fail (self != NULL);

  g_free (self->system);
  self->system = g_strdup (system);
}

/**
 * genkit_generate_options_set_prompt:
 * @self: a [struct@Genkit.GenerateOptions]
 * @prompt: (nullable): the user prompt, sent last as a `user` message with one text part
 *
 * Sets the prompt text (Genkit's `prompt`), replacing any prompt parts.
 */
void
genkit_generate_options_set_prompt (GenkitGenerateOptions *self,
                                    const char            *prompt)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->prompt, json_array_unref);
  if (prompt != NULL)
    {
      g_autoptr(GenkitPart) part = genkit_part_new_text (prompt);

      genkit_generate_options_add_prompt_part (self, part);
    }
}

/**
 * genkit_generate_options_add_prompt_part:
 * @self: a [struct@Genkit.GenerateOptions]
 * @part: a part of the prompt (text, media, …); copied
 *
 * Appends a part to the prompt, for prompts with media (Genkit's `prompt: Part[]`).
 */
void
genkit_generate_options_add_prompt_part (GenkitGenerateOptions *self,
                                         GenkitPart            *part)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (part != NULL);

  if (self->prompt == NULL)
    self->prompt = json_array_new ();
  json_array_add_element (self->prompt, genkit_part_to_json (part));
}

/**
 * genkit_generate_options_add_message:
 * @self: a [struct@Genkit.GenerateOptions]
 * @message: a message of the conversation history; copied
 *
 * Appends to `messages`, which go after the system prompt and before the prompt.
 */
void
genkit_generate_options_add_message (GenkitGenerateOptions *self,
                                     GenkitMessage         *message)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (message != NULL);

  if (self->messages == NULL)
    self->messages = json_array_new ();
  json_array_add_element (self->messages, genkit_message_to_json (message));
}

/**
 * genkit_generate_options_add_doc:
 * @self: a [struct@Genkit.GenerateOptions]
 * @doc: a context document; copied
 *
 * Appends to `docs`, the documents given to the model as context (rendered into the prompt by
 * `augmentWithContext` for models without native context support).
 */
void
genkit_generate_options_add_doc (GenkitGenerateOptions *self,
                                 GenkitDocument        *doc)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (doc != NULL);

  if (self->docs == NULL)
    self->docs = json_array_new ();
  json_array_add_element (self->docs, genkit_document_to_json (doc));
}

/**
 * genkit_generate_options_add_tool:
 * @self: a [struct@Genkit.GenerateOptions]
 * @tool: a tool's name (`add`) or key (`/tool/add`, `/tool.v2/add`), or a dynamic action
 *   provider reference (`mcp-host:tool/fetch`)
 *
 * Offers a tool to the model.
 */
void
genkit_generate_options_add_tool (GenkitGenerateOptions *self,
                                  const char            *tool)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (tool != NULL);

  g_ptr_array_add (self->tools, g_strdup (tool));
}

/**
 * genkit_generate_options_add_resource:
 * @self: a [struct@Genkit.GenerateOptions]
 * @resource: a resource action's name or key
 *
 * Makes a resource available to `resource` parts of the messages.
 */
void
genkit_generate_options_add_resource (GenkitGenerateOptions *self,
                                      const char            *resource)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (resource != NULL);

  g_ptr_array_add (self->resources, g_strdup (resource));
}

/**
 * genkit_generate_options_set_tool_choice:
 * @self: a [struct@Genkit.GenerateOptions]
 * @tool_choice: (nullable): `auto`, `required` or `none`
 *
 * Sets `toolChoice`.
 */
void
genkit_generate_options_set_tool_choice (GenkitGenerateOptions *self,
                                         const char            *tool_choice)
{
  g_return_if_fail (self != NULL);

  g_free (self->tool_choice);
  self->tool_choice = g_strdup (tool_choice);
}

/**
 * genkit_generate_options_set_config:
 * @self: a [struct@Genkit.GenerateOptions]
 * @config: (nullable): the model's options, e.g. `{"temperature": 0.2}`; copied
 *
 * Sets `config`.
 */
void
genkit_generate_options_set_config (GenkitGenerateOptions *self,
                                    JsonNode              *config)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->config, json_node_unref);
  self->config = config ? _gk_node_copy (config) : NULL;
}

static JsonObject *
output_object (GenkitGenerateOptions *self)
{
  if (self->output == NULL)
    self->output = json_object_new ();
  return self->output;
}

/**
 * genkit_generate_options_set_output_format:
 * @self: a [struct@Genkit.GenerateOptions]
 * @format: `json`, `jsonl`, `array`, `enum` or `text`
 *
 * Sets `output.format`; with a schema and no format, the format is `json`.
 */
void
genkit_generate_options_set_output_format (GenkitGenerateOptions *self,
                                           const char            *format)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (format != NULL);

  json_object_set_string_member (output_object (self), "format", format);
}

/**
 * genkit_generate_options_set_output_schema:
 * @self: a [struct@Genkit.GenerateOptions]
 * @schema: the JSON Schema the output must satisfy; copied
 *
 * Sets `output.jsonSchema`; the final output is checked against it (`INVALID_ARGUMENT` when it
 * does not match).
 */
void
genkit_generate_options_set_output_schema (GenkitGenerateOptions *self,
                                           JsonNode              *schema)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (schema != NULL);

  json_object_set_member (output_object (self), "jsonSchema", _gk_node_copy (schema));
}

/**
 * genkit_generate_options_set_output_content_type:
 * @self: a [struct@Genkit.GenerateOptions]
 * @content_type: a MIME type such as `application/json`
 *
 * Sets `output.contentType`.
 */
void
genkit_generate_options_set_output_content_type (GenkitGenerateOptions *self,
                                                 const char            *content_type)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (content_type != NULL);

  json_object_set_string_member (output_object (self), "contentType", content_type);
}

/**
 * genkit_generate_options_set_output_constrained:
 * @self: a [struct@Genkit.GenerateOptions]
 * @constrained: whether the model must be constrained to the schema
 *
 * Sets `output.constrained` (the json, array and enum formats set it by default).
 */
void
genkit_generate_options_set_output_constrained (GenkitGenerateOptions *self,
                                                gboolean               constrained)
{
  g_return_if_fail (self != NULL);

  json_object_set_boolean_member (output_object (self), "constrained", constrained);
}

/**
 * genkit_generate_options_set_output_instructions:
 * @self: a [struct@Genkit.GenerateOptions]
 * @enabled: %FALSE for no format instructions at all (`instructions: false`)
 * @instructions: (nullable): custom instructions to inject instead of the format's
 *
 * Sets `output.instructions`: a string, `true` or `false`.
 */
void
genkit_generate_options_set_output_instructions (GenkitGenerateOptions *self,
                                                 gboolean               enabled,
                                                 const char            *instructions)
{
  g_return_if_fail (self != NULL);

  if (enabled && instructions != NULL)
    json_object_set_string_member (output_object (self), "instructions", instructions);
  else
    json_object_set_boolean_member (output_object (self), "instructions", enabled);
}

/**
 * genkit_generate_options_add_resume_respond:
 * @self: a [struct@Genkit.GenerateOptions]
 * @tool_response: a tool response part answering an interrupt (see
 *   [method@Genkit.Tool.respond]); copied
 *
 * Appends to `resume.respond`. Resuming requires the messages to end with the interrupted
 * model message.
 */
void
genkit_generate_options_add_resume_respond (GenkitGenerateOptions *self,
                                            GenkitPart            *tool_response)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (tool_response != NULL);

  if (self->respond == NULL)
    self->respond = json_array_new ();
  json_array_add_element (self->respond, genkit_part_to_json (tool_response));
}

/**
 * genkit_generate_options_add_resume_restart:
 * @self: a [struct@Genkit.GenerateOptions]
 * @tool_request: a tool request part to run again (see [method@Genkit.Tool.restart]); copied
 *
 * Appends to `resume.restart`.
 */
void
genkit_generate_options_add_resume_restart (GenkitGenerateOptions *self,
                                            GenkitPart            *tool_request)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (tool_request != NULL);

  if (self->restart == NULL)
    self->restart = json_array_new ();
  json_array_add_element (self->restart, genkit_part_to_json (tool_request));
}

/**
 * genkit_generate_options_set_resume_metadata:
 * @self: a [struct@Genkit.GenerateOptions]
 * @metadata: (nullable): recorded as `metadata.resumed` of the tool message the resume adds
 *
 * Sets `resume.metadata`.
 */
void
genkit_generate_options_set_resume_metadata (GenkitGenerateOptions *self,
                                             JsonNode              *metadata)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->resume_metadata, json_node_unref);
  self->resume_metadata = metadata ? _gk_node_copy (metadata) : NULL;
}

/**
 * genkit_generate_options_set_return_tool_requests:
 * @self: a [struct@Genkit.GenerateOptions]
 * @return_tool_requests: %TRUE to stop at the model's tool requests instead of running tools
 *
 * Sets `returnToolRequests`.
 */
void
genkit_generate_options_set_return_tool_requests (GenkitGenerateOptions *self,
                                                  gboolean               return_tool_requests)
{
  g_return_if_fail (self != NULL);
  self->return_tool_requests = return_tool_requests ? 1 : 0;
}

/**
 * genkit_generate_options_set_max_turns:
 * @self: a [struct@Genkit.GenerateOptions]
 * @max_turns: the most rounds of tool calls (Genkit's default is 5)
 *
 * Sets `maxTurns`.
 */
void
genkit_generate_options_set_max_turns (GenkitGenerateOptions *self,
                                       guint                  max_turns)
{
  g_return_if_fail (self != NULL);
  self->max_turns = max_turns;
}

/**
 * genkit_generate_options_set_step_name:
 * @self: a [struct@Genkit.GenerateOptions]
 * @step_name: (nullable): the name of the generate spans, instead of `generate`
 *
 * Sets `stepName`.
 */
void
genkit_generate_options_set_step_name (GenkitGenerateOptions *self,
                                       const char            *step_name)
{
  g_return_if_fail (self != NULL);

  g_free (self->step_name);
  self->step_name = g_strdup (step_name);
}

/**
 * genkit_generate_options_add_middleware:
 * @self: a [struct@Genkit.GenerateOptions]
 * @middleware: a call-time model middleware
 *
 * Appends to `use`: the middleware wraps every model call of this generate, outermost first,
 * outside the model's own middleware.
 */
void
genkit_generate_options_add_middleware (GenkitGenerateOptions *self,
                                        GenkitModelMiddleware *middleware)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (GENKIT_IS_MODEL_MIDDLEWARE (middleware));

  g_ptr_array_add (self->middleware, g_object_ref (middleware));
}

/**
 * genkit_generate_options_set_context:
 * @self: a [struct@Genkit.GenerateOptions]
 * @context: (nullable): the action context models and tools see (`auth`, …); a reference is
 *   kept. %NULL keeps the calling run's context
 *
 * Sets the action context (Genkit's `context`).
 */
void
genkit_generate_options_set_context (GenkitGenerateOptions *self,
                                     JsonObject            *context)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->context, json_object_unref);
  self->context = context ? json_object_ref (context) : NULL;
}

/**
 * genkit_generate_options_set_chunk_func:
 * @self: a [struct@Genkit.GenerateOptions]
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy): receives the
 *   chunks; %NULL for no streaming
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the options
 *
 * Streams the generation (Genkit's `onChunk`, or `generateStream`).
 */
void
genkit_generate_options_set_chunk_func (GenkitGenerateOptions   *self,
                                        GenkitGenerateChunkFunc  func,
                                        gpointer                 user_data,
                                        GDestroyNotify           destroy)
{
  g_return_if_fail (self != NULL);

  if (self->chunk_destroy != NULL)
    self->chunk_destroy (self->chunk_data);
  self->chunk_func = func;
  self->chunk_data = user_data;
  self->chunk_destroy = destroy;
}

GPtrArray *
_genkit_generate_options_get_middleware (GenkitGenerateOptions *self)
{
  return self->middleware;
}

JsonObject *
_genkit_generate_options_get_context (GenkitGenerateOptions *self)
{
  return self->context;
}

GenkitGenerateChunkFunc
_genkit_generate_options_get_chunk_func (GenkitGenerateOptions *self,
                                         gpointer              *user_data)
{
  *user_data = self->chunk_data;
  return self->chunk_func;
}

/* The key of a registered tool called @name, the way Genkit's `toolsToActionRefs` spells it. */
static char *
tool_ref (GenkitRegistry *registry,
          const char     *name)
{
  static const char * const prefixes[] = { "/tool/", "/tool.v2/", "/prompt/" };

  if (name[0] == '/' || registry == NULL)
    return g_strdup (name);
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    {
      g_autofree char *key = g_strconcat (prefixes[i], name, NULL);

      if (genkit_registry_lookup_action (registry, key) != NULL)
        return g_steal_pointer (&key);
    }
  return g_strdup (name);
}

static JsonArray *
copy_array (JsonArray *array)
{
  return array ? _gk_array_copy (array) : json_array_new ();
}

/**
 * genkit_generate_options_to_action_options:
 * @self: a [struct@Genkit.GenerateOptions]
 * @registry: (nullable): the registry, to spell registered tools by their keys
 * @error: return location for an error: `INVALID_ARGUMENT` "at least one message is required
 *   in generate request" when there is no system prompt, message or prompt
 *
 * Converts the options to Genkit's `GenerateActionOptions` (Genkit's `toGenerateActionOptions`):
 * `model`, `docs`, `messages` (system, history, prompt), `tools` (as keys), `resources`,
 * `toolChoice`, `config` (always, `{}` when none), `output`, `resume`, `returnToolRequests`,
 * `maxTurns`, `stepName`, `use` (always, the middleware names).
 *
 * Returns: (transfer full) (nullable): the `GenerateActionOptions` object, or %NULL with
 *   @error set
 */
JsonNode *
genkit_generate_options_to_action_options (GenkitGenerateOptions  *self,
                                           GenkitRegistry         *registry,
                                           GError                **error)
{
  g_autoptr(JsonObject) out = json_object_new ();
  JsonArray *messages = json_array_new ();
  JsonArray *use;

  g_return_val_if_fail (self != NULL, NULL);

  if (self->system != NULL)
    {
      g_autoptr(GenkitMessage) system = genkit_message_new_text (GENKIT_ROLE_SYSTEM, self->system);

      json_array_add_element (messages, genkit_message_to_json (system));
    }
  for (guint i = 0; self->messages != NULL && i < json_array_get_length (self->messages); i++)
    json_array_add_element (messages, _gk_node_copy (json_array_get_element (self->messages, i)));
  if (self->prompt != NULL)
    {
      JsonObject *user = json_object_new ();

      json_object_set_string_member (user, "role", "user");
      json_object_set_array_member (user, "content", copy_array (self->prompt));
      json_array_add_object_element (messages, user);
    }
  if (json_array_get_length (messages) == 0)
    {
      json_array_unref (messages);
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "at least one message is required in generate request");
      return NULL;
    }

  if (self->model != NULL)
    json_object_set_string_member (out, "model", self->model);
  if (self->docs != NULL)
    json_object_set_array_member (out, "docs", copy_array (self->docs));
  json_object_set_array_member (out, "messages", messages);
  if (self->tools->len > 0)
    {
      JsonArray *tools = json_array_new ();

      for (guint i = 0; i < self->tools->len; i++)
        {
          g_autofree char *ref = tool_ref (registry, g_ptr_array_index (self->tools, i));

          json_array_add_string_element (tools, ref);
        }
      json_object_set_array_member (out, "tools", tools);
    }
  if (self->resources->len > 0)
    {
      JsonArray *resources = json_array_new ();

      for (guint i = 0; i < self->resources->len; i++)
        {
          const char *name = g_ptr_array_index (self->resources, i);
          g_autofree char *key = name[0] == '/' ? g_strdup (name) : g_strconcat ("/resource/", name, NULL);

          json_array_add_string_element (resources, key);
        }
      json_object_set_array_member (out, "resources", resources);
    }
  if (self->tool_choice != NULL)
    json_object_set_string_member (out, "toolChoice", self->tool_choice);
  if (self->config != NULL)
    json_object_set_member (out, "config", _gk_node_copy (self->config));
  else
    json_object_set_object_member (out, "config", json_object_new ());
  if (self->output != NULL)
    {
      JsonObject *output = _gk_object_copy (self->output);

      /* With a schema and no format, the format is json. */
      if (json_object_has_member (output, "jsonSchema") && !json_object_has_member (output, "format"))
        json_object_set_string_member (output, "format", "json");
      json_object_set_object_member (out, "output", output);
    }
  if (self->respond != NULL || self->restart != NULL || self->resume_metadata != NULL)
    {
      JsonObject *resume = json_object_new ();

      json_object_set_array_member (resume, "respond", copy_array (self->respond));
      json_object_set_array_member (resume, "restart", copy_array (self->restart));
      if (self->resume_metadata != NULL)
        json_object_set_member (resume, "metadata", _gk_node_copy (self->resume_metadata));
      json_object_set_object_member (out, "resume", resume);
    }
  if (self->return_tool_requests >= 0)
    json_object_set_boolean_member (out, "returnToolRequests", self->return_tool_requests);
  if (self->max_turns >= 0)
    json_object_set_int_member (out, "maxTurns", self->max_turns);
  if (self->step_name != NULL)
    json_object_set_string_member (out, "stepName", self->step_name);

  use = json_array_new ();
  for (guint i = 0; i < self->middleware->len; i++)
    {
      JsonObject *ref = json_object_new ();

      json_object_set_string_member (ref, "name",
                                     genkit_model_middleware_get_name (g_ptr_array_index (self->middleware, i)));
      json_array_add_object_element (use, ref);
    }
  json_object_set_array_member (out, "use", use);

  return _gk_node_take_object (g_steal_pointer (&out));
}
