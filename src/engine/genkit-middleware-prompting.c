/* genkit-middleware-prompting.c — the middleware that rewrite requests for models that lack a feature
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-model-middleware.h"
#include "genkit-model-middleware-call.h"

/* simulateSystemPrompt, augmentWithContext, simulateConstrainedGeneration and validateSupport
 * of `js/ai/src/model/middleware.ts`. */

/* simulateSystemPrompt ----------------------------------------------------------------------- */

typedef struct
{
  char *preface;
  char *acknowledgement;
} SystemPrompt;

static void
system_prompt_free (SystemPrompt *options)
{
  g_free (options->preface);
  g_free (options->acknowledgement);
  g_free (options);
}

static JsonObject *
text_part (const char *text)
{
  JsonObject *part = json_object_new ();

  json_object_set_string_member (part, "text", text);
  return part;
}

static void
simulate_system_prompt_mw (GenkitModelMiddlewareCall *call,
                           GenkitGenerateRequest     *request,
                           gpointer                   user_data)
{
  SystemPrompt *options = user_data;
  JsonArray *messages = _gk_object_get_array (genkit_generate_request_get_json_object (request), "messages");
  g_autoptr(GenkitGenerateRequest) changed = NULL;
  JsonArray *out;

  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      JsonObject *user, *model;
      JsonArray *content, *system_content;

      if (g_strcmp0 (_gk_object_get_string (message, "role"), "system") != 0)
        continue;

      /* The first system message becomes a user message with the preface, and a model
       * message that acknowledges it. */
      changed = genkit_generate_request_copy (request);
      out = json_array_new ();
      for (guint j = 0; j < json_array_get_length (messages); j++)
        {
          if (j != i)
            {
              json_array_add_element (out, _gk_node_copy (json_array_get_element (messages, j)));
              continue;
            }
          user = json_object_new ();
          json_object_set_string_member (user, "role", "user");
          content = json_array_new ();
          json_array_add_object_element (content, text_part (options->preface));
          system_content = _gk_object_get_array (message, "content");
          for (guint k = 0; system_content != NULL && k < json_array_get_length (system_content); k++)
            json_array_add_element (content, _gk_node_copy (json_array_get_element (system_content, k)));
          json_object_set_array_member (user, "content", content);
          json_array_add_object_element (out, user);

          model = json_object_new ();
          json_object_set_string_member (model, "role", "model");
          content = json_array_new ();
          json_array_add_object_element (content, text_part (options->acknowledgement));
          json_object_set_array_member (model, "content", content);
          json_array_add_object_element (out, model);
        }
      json_object_set_array_member (genkit_generate_request_get_json_object (changed), "messages", out);
      break;
    }

  _gk_middleware_forward (call, changed ? changed : request);
}

/**
 * genkit_simulate_system_prompt_middleware_new:
 * @preface: (nullable): the text put before the system prompt; %NULL or empty for Genkit's
 *   `SYSTEM INSTRUCTIONS:\n`
 * @acknowledgement: (nullable): the model's reply to it; %NULL or empty for `Understood.`
 *
 * Makes Genkit's `simulateSystemPrompt` middleware, for models without a system role: the
 * first system message is replaced by a user message (@preface followed by the system
 * message's parts) and a model message saying @acknowledgement.
 *
 * Returns: (transfer full): the middleware
 */
GenkitModelMiddleware *
genkit_simulate_system_prompt_middleware_new (const char *preface,
                                              const char *acknowledgement)
{
  SystemPrompt *options = g_new0 (SystemPrompt, 1);

  options->preface = g_strdup (preface && *preface ? preface : "SYSTEM INSTRUCTIONS:\n");
  options->acknowledgement = g_strdup (acknowledgement && *acknowledgement ? acknowledgement : "Understood.");
  return genkit_model_middleware_new ("simulateSystemPrompt", simulate_system_prompt_mw, options,
                                      (GDestroyNotify) system_prompt_free);
}

/* augmentWithContext ------------------------------------------------------------------------ */

#define CONTEXT_PREFACE "\n\nUse the following information to complete your task:\n\n"

typedef struct
{
  char                  *preface;        /* NULL: none */
  gboolean               default_citation;
  char                  *citation_key;   /* NULL with !default_citation: no citations */
  GenkitContextItemFunc  item_template;
  gpointer               user_data;
  GDestroyNotify         destroy;
} AugmentOptions;

static void
augment_options_free (AugmentOptions *options)
{
  if (options->destroy != NULL)
    options->destroy (options->user_data);
  g_free (options->preface);
  g_free (options->citation_key);
  g_free (options);
}

/* How a JavaScript template literal prints a metadata value. */
static char *
js_string (JsonNode *node)
{
  if (node == NULL)
    return g_strdup ("undefined");
  if (JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (JSON_NODE_HOLDS_OBJECT (node))
    return g_strdup ("[object Object]");
  return _gk_json_stringify (node);
}

static char *
context_item (AugmentOptions *options,
              JsonObject     *doc,
              guint           index)
{
  JsonObject *metadata = _gk_object_get_object (doc, "metadata");
  g_autofree char *text = _gk_parts_text (_gk_object_get_array (doc, "content"), "text");
  GString *out = g_string_new ("- ");

  if (options->citation_key != NULL)
    {
      g_autofree char *cite = js_string (metadata ? json_object_get_member (metadata, options->citation_key) : NULL);

      g_string_append_printf (out, "[%s]: ", cite);
    }
  else if (options->default_citation)
    {
      JsonNode *ref = metadata ? json_object_get_member (metadata, "ref") : NULL;
      JsonNode *id = metadata ? json_object_get_member (metadata, "id") : NULL;

      if (_gk_node_is_truthy (ref))
        {
          g_autofree char *cite = js_string (ref);

          g_string_append_printf (out, "[%s]: ", cite);
        }
      else if (_gk_node_is_truthy (id))
        {
          g_autofree char *cite = js_string (id);

          g_string_append_printf (out, "[%s]: ", cite);
        }
      else
        g_string_append_printf (out, "[%u]: ", index);
    }
  g_string_append (out, text);
  g_string_append_c (out, '\n');
  return g_string_free (out, FALSE);
}

static void
augment_with_context_mw (GenkitModelMiddlewareCall *call,
                         GenkitGenerateRequest     *request,
                         gpointer                   user_data)
{
  AugmentOptions *options = user_data;
  JsonObject *object = genkit_generate_request_get_json_object (request);
  JsonArray *docs = _gk_object_get_array (object, "docs");
  JsonArray *messages = _gk_object_get_array (object, "messages");
  g_autoptr(GenkitGenerateRequest) changed = NULL;
  JsonObject *user = NULL, *context_part = NULL, *new_part;
  JsonArray *content;
  GString *out;
  gint user_index = -1;

  if (docs == NULL || json_array_get_length (docs) == 0)
    {
      _gk_middleware_forward (call, request);
      return;
    }

  for (gint i = messages ? (gint) json_array_get_length (messages) - 1 : -1; i >= 0; i--)
    if (g_strcmp0 (_gk_object_get_string (json_array_get_object_element (messages, i), "role"), "user") == 0)
      {
        user_index = i;
        break;
      }
  if (user_index < 0)
    {
      _gk_middleware_forward (call, request);
      return;
    }

  changed = genkit_generate_request_copy (request);
  user = json_array_get_object_element (_gk_object_get_array (genkit_generate_request_get_json_object (changed),
                                                              "messages"), user_index);
  content = _gk_object_get_array (user, "content");
  for (guint j = 0; content != NULL && j < json_array_get_length (content); j++)
    {
      JsonObject *part = json_array_get_object_element (content, j);

      if (g_strcmp0 (_gk_object_get_string (_gk_object_get_object (part, "metadata"), "purpose"), "context") == 0)
        {
          context_part = part;
          break;
        }
    }
  /* A context part that is already filled in stays as it is. */
  if (context_part != NULL &&
      !_gk_node_is_truthy (json_object_get_member (_gk_object_get_object (context_part, "metadata"), "pending")))
    {
      _gk_middleware_forward (call, request);
      return;
    }

  out = g_string_new (options->preface);
  for (guint i = 0; i < json_array_get_length (docs); i++)
    {
      g_autofree char *item = NULL;

      if (options->item_template != NULL)
        {
          g_autoptr(GenkitDocument) doc = _genkit_document_wrap (json_array_get_object_element (docs, i));

          item = options->item_template (doc, i, options->user_data);
        }
      else
        item = context_item (options, json_array_get_object_element (docs, i), i);
      g_string_append (out, item ? item : "");
    }
  g_string_append_c (out, '\n');

  if (context_part != NULL)
    {
      JsonObject *metadata = json_object_new ();

      json_object_set_string_member (context_part, "text", out->str);
      json_object_set_string_member (metadata, "purpose", "context");
      json_object_set_object_member (context_part, "metadata", metadata);
    }
  else
    {
      JsonObject *metadata = json_object_new ();

      if (content == NULL)
        {
          content = json_array_new ();
          json_object_set_array_member (user, "content", content);
        }
      new_part = text_part (out->str);
      json_object_set_string_member (metadata, "purpose", "context");
      json_object_set_object_member (new_part, "metadata", metadata);
      json_array_add_object_element (content, new_part);
    }
  g_string_free (out, TRUE);

  _gk_middleware_forward (call, changed);
}

static gboolean
string_or_null_option (JsonObject  *options,
                       const char  *name,
                       gboolean    *present,
                       char       **value,
                       GError     **error)
{
  JsonNode *node = options ? json_object_get_member (options, name) : NULL;

  *present = node != NULL;
  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "augmentWithContext: %s must be a string or null", name);
      return FALSE;
    }
  *value = g_strdup (json_node_get_string (node));
  return TRUE;
}

/**
 * genkit_augment_with_context_middleware_new:
 * @options: (nullable): `{"preface"?: string|null, "citationKey"?: string|null}`: the text
 *   before the documents (absent: Genkit's "\n\nUse the following information to complete your
 *   task:\n\n"; null: none), and the metadata key cited for each document (absent: `ref`, else
 *   `id`, else the document's index; null: no citation)
 * @item_template: (nullable) (scope notified) (closure user_data) (destroy destroy): renders
 *   one document instead of the default `- [<citation>]: <text>\n`
 * @user_data: data for @item_template
 * @destroy: (nullable): frees @user_data
 * @error: return location for an error: `INVALID_ARGUMENT` for bad options
 *
 * Makes Genkit's `augmentWithContext` middleware, which every model without
 * `supports.context` runs: when the request has `docs`, they are rendered into a text part with
 * `metadata.purpose = "context"` appended to the last user message (or filling a pending
 * context part there). A request without docs or user message, or whose context part is
 * already filled, passes unchanged.
 *
 * Returns: (transfer full) (nullable): the middleware, or %NULL with @error set
 */
GenkitModelMiddleware *
genkit_augment_with_context_middleware_new (JsonObject             *options,
                                            GenkitContextItemFunc   item_template,
                                            gpointer                user_data,
                                            GDestroyNotify          destroy,
                                            GError                **error)
{
  AugmentOptions *augment;
  gboolean preface_present, citation_present;
  char *preface = NULL, *citation = NULL;

  if (!string_or_null_option (options, "preface", &preface_present, &preface, error) ||
      !string_or_null_option (options, "citationKey", &citation_present, &citation, error))
    {
      g_free (preface);
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }

  augment = g_new0 (AugmentOptions, 1);
  augment->preface = preface_present ? preface : g_strdup (CONTEXT_PREFACE);
  augment->default_citation = !citation_present;
  augment->citation_key = citation;
  augment->item_template = item_template;
  augment->user_data = user_data;
  augment->destroy = destroy;
  return genkit_model_middleware_new ("augmentWithContext", augment_with_context_mw, augment,
                                      (GDestroyNotify) augment_options_free);
}

/* simulateConstrainedGeneration -------------------------------------------------------------- */

typedef struct
{
  GenkitInstructionsFunc renderer;
  gpointer               user_data;
  GDestroyNotify         destroy;
} Constrained;

static void
constrained_free (Constrained *options)
{
  if (options->destroy != NULL)
    options->destroy (options->user_data);
  g_free (options);
}

static void
simulate_constrained_mw (GenkitModelMiddlewareCall *call,
                         GenkitGenerateRequest     *request,
                         gpointer                   user_data)
{
  Constrained *options = user_data;
  JsonObject *object = genkit_generate_request_get_json_object (request);
  JsonObject *output = _gk_object_get_object (object, "output");
  JsonNode *schema = output ? json_object_get_member (output, "schema") : NULL;
  g_autoptr(GenkitGenerateRequest) changed = NULL;
  g_autofree char *instructions = NULL;
  JsonObject *changed_object, *changed_output;
  JsonArray *messages;

  if (!_gk_object_get_boolean (output, "constrained", FALSE) || !_gk_node_is_truthy (schema))
    {
      _gk_middleware_forward (call, request);
      return;
    }

  if (options->renderer != NULL)
    instructions = options->renderer (schema, options->user_data);
  else
    {
      g_autofree char *json = _gk_json_stringify (schema);

      instructions = g_strdup_printf ("Output should be in JSON format and conform to the "
                                      "following schema:\n\n```\n%s\n```\n", json);
    }

  changed = genkit_generate_request_copy (request);
  changed_object = genkit_generate_request_get_json_object (changed);
  messages = _genkit_inject_instructions (_gk_object_get_array (changed_object, "messages"), instructions);
  if (messages != NULL)
    json_object_set_array_member (changed_object, "messages", messages);

  /* Simulated: to the model itself the output is unconstrained. */
  changed_output = _gk_object_get_object (changed_object, "output");
  json_object_set_boolean_member (changed_output, "constrained", FALSE);
  json_object_remove_member (changed_output, "format");
  json_object_remove_member (changed_output, "contentType");
  json_object_remove_member (changed_output, "schema");

  _gk_middleware_forward (call, changed);
}

/**
 * genkit_simulate_constrained_generation_middleware_new:
 * @renderer: (nullable) (scope notified) (closure user_data) (destroy destroy): writes the
 *   instructions for a schema; %NULL for Genkit's "Output should be in JSON format and
 *   conform to the following schema:" followed by the schema in a code fence
 * @user_data: data for @renderer
 * @destroy: (nullable): frees @user_data
 *
 * Makes Genkit's `simulateConstrainedGeneration` middleware, which models without native
 * constrained output run: when the request asks for `output.constrained` with an
 * `output.schema`, instructions are injected (into the system message, else the last user
 * message) and the model receives `output: {"constrained": false}` without format, content
 * type or schema.
 *
 * Returns: (transfer full): the middleware
 */
GenkitModelMiddleware *
genkit_simulate_constrained_generation_middleware_new (GenkitInstructionsFunc renderer,
                                                       gpointer               user_data,
                                                       GDestroyNotify         destroy)
{
  Constrained *options = g_new0 (Constrained, 1);

  options->renderer = renderer;
  options->user_data = user_data;
  options->destroy = destroy;
  return genkit_model_middleware_new ("simulateConstrainedGeneration", simulate_constrained_mw,
                                      options, (GDestroyNotify) constrained_free);
}

/* validateSupport -------------------------------------------------------------------------- */

typedef struct
{
  char       *name;
  JsonObject *supports;
} Validate;

static void
validate_free (Validate *options)
{
  g_free (options->name);
  g_clear_pointer (&options->supports, json_object_unref);
  g_free (options);
}

static gboolean
supports_is_false (JsonObject *supports,
                   const char *feature)
{
  JsonNode *node = supports ? json_object_get_member (supports, feature) : NULL;

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN && !json_node_get_boolean (node);
}

static void
validate_support_mw (GenkitModelMiddlewareCall *call,
                     GenkitGenerateRequest     *request,
                     gpointer                   user_data)
{
  Validate *options = user_data;
  JsonObject *object = genkit_generate_request_get_json_object (request);
  JsonArray *messages = _gk_object_get_array (object, "messages");
  JsonArray *tools = _gk_object_get_array (object, "tools");
  guint n_messages = messages ? json_array_get_length (messages) : 0;
  g_autofree char *problem = NULL;

  if (supports_is_false (options->supports, "media"))
    for (guint i = 0; i < n_messages && problem == NULL; i++)
      {
        JsonArray *content = _gk_object_get_array (json_array_get_object_element (messages, i), "content");

        for (guint j = 0; content != NULL && j < json_array_get_length (content); j++)
          if (_gk_node_is_truthy (json_object_get_member (json_array_get_object_element (content, j), "media")))
            {
              problem = g_strdup ("media, but media was provided");
              break;
            }
      }
  if (problem == NULL && supports_is_false (options->supports, "tools") && tools != NULL &&
      json_array_get_length (tools) > 0)
    problem = g_strdup ("tool use, but tools were provided");
  if (problem == NULL && supports_is_false (options->supports, "multiturn") && n_messages > 1)
    problem = g_strdup_printf ("multiple messages, but %u were provided", n_messages);

  if (problem != NULL)
    {
      g_autoptr(JsonNode) node = genkit_generate_request_to_json (request);
      g_autofree char *json = json_to_string (node, TRUE);

      genkit_model_middleware_call_return_error (call,
        g_error_new (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                     "Model '%s' does not support %s. Request: %s", options->name, problem, json));
      return;
    }
  _gk_middleware_forward (call, request);
}

/**
 * genkit_validate_support_middleware_new:
 * @name: the model's name, for the message
 * @supports: (nullable): the model's `supports` object
 *
 * Makes Genkit's `validateSupport` middleware: a request with media parts for a model whose
 * `supports.media` is false, with tools when `supports.tools` is false, or with more than one
 * message when `supports.multiturn` is false fails with `INVALID_ARGUMENT` "Model '<name>' does
 * not support …. Request: <the request>" before the model is called. (Genkit throws a plain
 * error, which its tools report as `INTERNAL`.)
 *
 * Returns: (transfer full): the middleware
 */
GenkitModelMiddleware *
genkit_validate_support_middleware_new (const char *name,
                                        JsonObject *supports)
{
  Validate *options;

  g_return_val_if_fail (name != NULL, NULL);

  options = g_new0 (Validate, 1);
  options->name = g_strdup (name);
  options->supports = supports ? _gk_object_copy (supports) : NULL;
  return genkit_model_middleware_new ("validateSupport", validate_support_mw, options,
                                      (GDestroyNotify) validate_free);
}
