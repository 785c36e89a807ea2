/* genkit-generate.c — generate: the model call, the tool loop, interrupts, output formats
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "genkit-action.h"
#include "genkit-action-private.h"
#include "genkit-action-result.h"
#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-generate.h"
#include "genkit-json-schema.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"
#include "genkit-span.h"
#include "genkit-tool.h"
#include "genkit-tracer.h"

/* Genkit's generate (`js/ai/src/generate.ts`, `generate/action.ts`,
 * `generate/resolve-tool-requests.ts`), one turn at a time:
 *
 *   resolve the model, tools, resources and output format → apply the format (instructions,
 *   output config) → replace resource parts → check tool names → resume (answer or re-run
 *   interrupted tools) → build the GenerateRequest → call the model through the call-time
 *   middleware (the model's own middleware run inside its action) → check the response → run
 *   the requested tools concurrently → either return (no tools, returnToolRequests,
 *   interrupts) or append the model and tool messages and run the next turn.
 *
 * Every turn runs in a `util` span named `generate` (or `stepName`); the next turn's span is a
 * child of the previous turn's. `/util/generate` runs its first turn in its own action span.
 * Chunks are numbered the way Genkit numbers them: the index of the message they belong to,
 * incremented when the role changes. */

typedef struct
{
  gatomicrefcount          ref_count;
  GenkitRegistry          *registry;
  GPtrArray               *middleware;      /* call-time GenkitModelMiddleware */
  GenkitGenerateChunkFunc  chunk_func;
  gpointer                 chunk_data;
  GenkitGenerateOptions   *options;         /* owns chunk_data */
  GenkitActionRun         *stream_run;      /* /util/generate streams through its run */
} Gen;

static Gen *
gen_new (GenkitRegistry        *registry,
         GPtrArray             *middleware,
         GenkitGenerateOptions *options,
         GenkitActionRun       *stream_run)
{
  Gen *gen = g_new0 (Gen, 1);

  g_atomic_ref_count_init (&gen->ref_count);
  gen->registry = g_object_ref (registry);
  gen->middleware = g_ptr_array_ref (middleware);
  if (options != NULL)
    {
      gen->options = genkit_generate_options_ref (options);
      gen->chunk_func = _genkit_generate_options_get_chunk_func (options, &gen->chunk_data);
    }
  if (stream_run != NULL && genkit_action_run_is_streaming (stream_run))
    gen->stream_run = g_object_ref (stream_run);
  return gen;
}

static Gen *
gen_ref (Gen *gen)
{
  g_atomic_ref_count_inc (&gen->ref_count);
  return gen;
}

static void
gen_unref (Gen *gen)
{
  if (!g_atomic_ref_count_dec (&gen->ref_count))
    return;
  g_object_unref (gen->registry);
  g_ptr_array_unref (gen->middleware);
  g_clear_pointer (&gen->options, genkit_generate_options_unref);
  g_clear_object (&gen->stream_run);
  g_free (gen);
}

static gboolean
gen_is_streaming (Gen *gen)
{
  return gen->chunk_func != NULL || gen->stream_run != NULL;
}

/* One turn ---------------------------------------------------------------------------------- */

typedef struct
{
  gatomicrefcount   ref_count;
  Gen              *gen;
  GenkitActionRun  *run;             /* the turn's run: completes the turn */
  JsonObject       *raw;             /* GenerateActionOptions, as this turn rewrites them */
  guint             current_turn;
  guint             message_index;
  gboolean          explicit_context;
  gboolean          finished;

  GenkitAction     *model;
  GPtrArray        *tools;           /* GenkitAction */
  GPtrArray        *resources;       /* GenkitAction */
  guint             lookup_index;
  const GkFormat   *format;
  JsonObject       *request;         /* the GenerateRequest */

  /* Streaming, Genkit's `makeChunk` state. */
  GString          *previous_text;
  guint             n_chunks;
  const char       *chunk_role;

  /* The model's answer and the tools it asked for. */
  JsonObject       *response;        /* GenerateResponse, as generate returns it */
  JsonObject       *generated;       /* response.message */
  GPtrArray        *revised;         /* JsonNode: the model message's content, rewritten */
  JsonArray        *response_parts;
  guint             pending;
  gboolean          interrupted;

  /* Resources being read. */
  GPtrArray        *resource_jobs;
  guint             resource_next;
} Turn;

static void turn_start (Turn *turn);
static void turn_resolve_tools (Turn *turn);
static void turn_resolve_resources (Turn *turn);
static void turn_prepare (Turn *turn);
static void turn_after_resources (Turn *turn);
static void turn_call_model (Turn *turn);

static Turn *
turn_new (Gen             *gen,
          GenkitActionRun *run,
          JsonObject      *raw,
          guint            current_turn,
          guint            message_index,
          gboolean         explicit_context)
{
  Turn *turn = g_new0 (Turn, 1);

  g_atomic_ref_count_init (&turn->ref_count);
  turn->gen = gen_ref (gen);
  turn->run = g_object_ref (run);
  turn->raw = json_object_ref (raw);
  turn->current_turn = current_turn;
  turn->message_index = message_index;
  turn->explicit_context = explicit_context;
  turn->tools = g_ptr_array_new_with_free_func (g_object_unref);
  turn->resources = g_ptr_array_new_with_free_func (g_object_unref);
  turn->previous_text = g_string_new (NULL);
  turn->chunk_role = "model";
  return turn;
}

static Turn *
turn_ref (Turn *turn)
{
  g_atomic_ref_count_inc (&turn->ref_count);
  return turn;
}

static void
turn_unref (Turn *turn)
{
  if (!g_atomic_ref_count_dec (&turn->ref_count))
    return;
  gen_unref (turn->gen);
  g_object_unref (turn->run);
  json_object_unref (turn->raw);
  g_clear_object (&turn->model);
  g_ptr_array_unref (turn->tools);
  g_ptr_array_unref (turn->resources);
  g_clear_pointer (&turn->request, json_object_unref);
  g_string_free (turn->previous_text, TRUE);
  g_clear_pointer (&turn->response, json_object_unref);
  g_clear_pointer (&turn->generated, json_object_unref);
  g_clear_pointer (&turn->revised, g_ptr_array_unref);
  g_clear_pointer (&turn->response_parts, json_array_unref);
  g_clear_pointer (&turn->resource_jobs, g_ptr_array_unref);
  g_free (turn);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Turn, turn_unref)

/* Completes the turn; later results (after a failure or a cancel) are dropped. */
static void
turn_fail (Turn   *turn,
           GError *error)
{
  if (turn->finished)
    {
      g_error_free (error);
      return;
    }
  turn->finished = TRUE;
  genkit_action_run_return_error (turn->run, error);
}

static void
turn_return (Turn     *turn,
             JsonNode *value)
{
  if (turn->finished)
    {
      json_node_unref (value);
      return;
    }
  turn->finished = TRUE;
  genkit_action_run_return_value (turn->run, value);
}

static GError *
new_error (GenkitError  code,
           const char  *format,
           ...) G_GNUC_PRINTF (2, 3);

static GError *
new_error (GenkitError  code,
           const char  *format,
           ...)
{
  va_list args;
  GError *error;

  va_start (args, format);
  error = g_error_new_valist (GENKIT_ERROR, code, format, args);
  va_end (args);
  return error;
}

/* Chunks ------------------------------------------------------------------------------------ */

static void
deliver_chunk (Turn       *turn,
               JsonObject *chunk,
               const char *previous_text,
               gboolean    has_previous)
{
  Gen *gen = turn->gen;

  if (gen->chunk_func != NULL)
    {
      g_autoptr(JsonObject) copy = _gk_object_copy (chunk);
      g_autoptr(GenkitGenerateResponseChunk) boxed = _genkit_chunk_wrap (copy);

      _genkit_chunk_set_stream_state (boxed, previous_text, has_previous,
                                      turn->format ? _genkit_format_get_name (turn->format) : NULL);
      gen->chunk_func (boxed, gen->chunk_data);
    }
  if (gen->stream_run != NULL)
    {
      g_autoptr(JsonNode) node = _gk_node_take_object (_gk_object_copy (chunk));

      genkit_action_run_send_chunk (gen->stream_run, node);
    }
}

static JsonObject *
chunk_object (const char *role,
              guint       index,
              JsonArray  *content,
              JsonNode   *custom)
{
  JsonObject *chunk = json_object_new ();

  json_object_set_string_member (chunk, "role", role);
  json_object_set_int_member (chunk, "index", index);
  json_object_set_array_member (chunk, "content", content ? _gk_array_copy (content) : json_array_new ());
  if (_gk_node_is_truthy (custom))
    json_object_set_member (chunk, "custom", _gk_node_copy (custom));
  return chunk;
}

/* Genkit's `makeChunk`: a new role after earlier chunks starts the next message. */
static void
turn_emit_chunk (Turn       *turn,
                 const char *role,
                 JsonArray  *content,
                 JsonNode   *custom)
{
  g_autoptr(JsonObject) chunk = NULL;
  g_autofree char *previous = g_strdup (turn->previous_text->str);
  g_autofree char *text = NULL;
  gboolean has_previous = turn->n_chunks > 0;

  if (!gen_is_streaming (turn->gen))
    return;
  if (!g_str_equal (role, turn->chunk_role) && turn->n_chunks > 0)
    turn->message_index++;
  turn->chunk_role = g_str_equal (role, "tool") ? "tool" : "model";

  chunk = chunk_object (role, turn->message_index, content, custom);
  text = _gk_parts_text (content, "text");
  g_string_append (turn->previous_text, text);
  turn->n_chunks++;
  deliver_chunk (turn, chunk, previous, has_previous);
}

static void
model_chunk_cb (JsonNode *chunk,
                gpointer  user_data)
{
  Turn *turn = user_data;
  JsonObject *data;

  if (turn->finished || !JSON_NODE_HOLDS_OBJECT (chunk))
    return;
  data = json_node_get_object (chunk);
  turn_emit_chunk (turn, "model", _gk_object_get_array (data, "content"), json_object_get_member (data, "custom"));
}

/* Helpers: one turn in its own generate span ------------------------------------------------ */

typedef struct
{
  GTask    *task;
  JsonNode *input;
} Helper;

static void
helper_free (Helper *helper)
{
  g_clear_object (&helper->task);
  g_clear_pointer (&helper->input, json_node_unref);
  g_free (helper);
}

static void
helper_complete (GenkitActionRun *run,
                 JsonNode        *value,
                 const GError    *error,
                 gpointer         user_data)
{
  Helper *helper = user_data;
  GenkitSpan *span = genkit_action_run_get_span (run);

  genkit_span_set_json_attribute (span, "genkit:input", helper->input);
  if (error != NULL)
    genkit_span_record_error (span, error);
  else
    genkit_span_set_json_attribute (span, "genkit:output", value);
  genkit_span_end (span);

  if (error != NULL)
    g_task_return_error (helper->task, g_error_copy (error));
  else
    g_task_return_pointer (helper->task, value ? _gk_node_copy (value) : NULL,
                           (GDestroyNotify) json_node_unref);
}

/* Genkit's `generateHelper`: runs a turn inside a new `util` span under @parent. */
static void
helper_async (Gen                 *gen,
              GenkitActionRun     *parent,
              JsonObject          *context,
              GCancellable        *cancellable,
              JsonObject          *raw,
              guint                current_turn,
              guint                message_index,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  g_autoptr(JsonObject) attributes = json_object_new ();
  g_autoptr(GenkitSpan) span = NULL;
  g_autoptr(GenkitActionRun) run = NULL;
  g_autoptr(Turn) turn = NULL;
  const char *step_name = _gk_object_get_string (raw, "stepName");
  Helper *helper = g_new0 (Helper, 1);

  json_object_set_string_member (attributes, "genkit:type", "util");
  span = genkit_tracer_start_span (genkit_registry_get_tracer (gen->registry),
                                   parent ? genkit_action_run_get_span (parent) : NULL,
                                   step_name ? step_name : "generate", attributes);

  helper->task = g_task_new (NULL, NULL, callback, user_data);
  g_task_set_source_tag (helper->task, helper_async);
  helper->input = _gk_node_take_object (_gk_object_copy (raw));

  run = _genkit_action_run_new (NULL, gen->registry, span, context, cancellable, NULL, NULL,
                                helper_complete, helper, (GDestroyNotify) helper_free);
  turn = turn_new (gen, run, raw, current_turn, message_index, FALSE);
  turn_start (turn);
}

static JsonNode *
helper_finish (GAsyncResult  *result,
               GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A turn whose result is that of a later turn. */
static void
turn_continue_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Turn) turn = user_data;
  GError *error = NULL;
  JsonNode *value;

  value = helper_finish (result, &error);
  if (value == NULL)
    turn_fail (turn, error);
  else
    turn_return (turn, value);
}

static void
turn_continue (Turn       *turn,
               JsonObject *next_raw,
               guint       current_turn,
               guint       message_index)
{
  helper_async (turn->gen, turn->run, genkit_action_run_get_context (turn->run),
                genkit_action_run_get_cancellable (turn->run), next_raw, current_turn, message_index,
                turn_continue_cb, turn_ref (turn));
}

/* Resolving actions ---------------------------------------------------------------------------- */

/* g_strv_builder_take() is GLib 2.80. */
static void
add_key (GStrvBuilder *keys,
         const char   *prefix,
         const char   *name)
{
  g_autofree char *key = g_strconcat (prefix, name, NULL);

  g_strv_builder_add (keys, key);
}

typedef void (*LookupDone) (Turn *turn, GenkitAction *action);

typedef struct
{
  Turn       *turn;
  GStrv       keys;
  guint       next;
  LookupDone  done;
} Lookup;

static void lookup_next (Lookup *lookup);

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Lookup *lookup = user_data;
  g_autoptr(GenkitAction) action = NULL;
  g_autoptr(GError) error = NULL;

  action = genkit_registry_lookup_action_finish (GENKIT_REGISTRY (source), result, &error);
  if (action != NULL || lookup->keys[lookup->next] == NULL)
    {
      lookup->done (lookup->turn, action);
      turn_unref (lookup->turn);
      g_strfreev (lookup->keys);
      g_free (lookup);
      return;
    }
  lookup_next (lookup);
}

static void
lookup_next (Lookup *lookup)
{
  genkit_registry_lookup_action_async (lookup->turn->gen->registry, lookup->keys[lookup->next++],
                                       NULL, lookup_cb, lookup);
}

/* Looks up the first of @keys that exists; @done gets %NULL when none does. */
static void
lookup_first (Turn       *turn,
              GStrv       keys,
              LookupDone  done)
{
  Lookup *lookup = g_new0 (Lookup, 1);

  lookup->turn = turn_ref (turn);
  lookup->keys = keys;
  lookup->done = done;
  lookup_next (lookup);
}

static const char *
turn_model_name (Turn *turn)
{
  const char *name = _gk_object_get_string (turn->raw, "model");
  JsonNode *fallback;

  if (name != NULL)
    return name;
  fallback = genkit_registry_lookup_value (turn->gen->registry, "defaultModel", "defaultModel");
  if (fallback != NULL && JSON_NODE_HOLDS_VALUE (fallback) && json_node_get_value_type (fallback) == G_TYPE_STRING)
    return json_node_get_string (fallback);
  return NULL;
}

static void
turn_model_found (Turn         *turn,
                  GenkitAction *action)
{
  if (action == NULL)
    {
      turn_fail (turn, new_error (GENKIT_ERROR_NOT_FOUND, "Model '%s' not found", turn_model_name (turn)));
      return;
    }
  turn->model = g_object_ref (action);
  turn->lookup_index = 0;
  turn_resolve_tools (turn);
}

static void
turn_tool_found (Turn         *turn,
                 GenkitAction *action)
{
  JsonArray *tools = _gk_object_get_array (turn->raw, "tools");

  if (action == NULL)
    {
      turn_fail (turn, new_error (GENKIT_ERROR_NOT_FOUND, "Tool %s not found",
                                  json_array_get_string_element (tools, turn->lookup_index)));
      return;
    }
  g_ptr_array_add (turn->tools, g_object_ref (action));
  turn->lookup_index++;
  turn_resolve_tools (turn);
}

static void
turn_resolve_tools (Turn *turn)
{
  JsonArray *tools = _gk_object_get_array (turn->raw, "tools");
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  const char *name;

  if (tools == NULL || turn->lookup_index >= json_array_get_length (tools))
    {
      turn->lookup_index = 0;
      turn_resolve_resources (turn);
      return;
    }

  name = json_array_get_string_element (tools, turn->lookup_index);
  if (name == NULL)
    {
      turn_fail (turn, new_error (GENKIT_ERROR_INVALID_ARGUMENT, "tools[%u] must be a string",
                                  turn->lookup_index));
      return;
    }
  /* Genkit's lookupToolByName: the name as a key, then as a tool, multipart tool, prompt and
   * dynamic action provider reference. */
  if (name[0] == '/')
    g_strv_builder_add (keys, name);
  add_key (keys, "/tool/", name);
  add_key (keys, "/tool.v2/", name);
  add_key (keys, "/prompt/", name);
  add_key (keys, "/dynamic-action-provider/", name);
  lookup_first (turn, g_strv_builder_end (keys), turn_tool_found);
}

static void
turn_resource_found (Turn         *turn,
                     GenkitAction *action)
{
  JsonArray *resources = _gk_object_get_array (turn->raw, "resources");

  if (action == NULL)
    {
      turn_fail (turn, new_error (GENKIT_ERROR_NOT_FOUND, "Unable to resolve resource: %s",
                                  json_array_get_string_element (resources, turn->lookup_index)));
      return;
    }
  g_ptr_array_add (turn->resources, g_object_ref (action));
  turn->lookup_index++;
  turn_resolve_resources (turn);
}

static void
turn_resolve_resources (Turn *turn)
{
  JsonArray *resources = _gk_object_get_array (turn->raw, "resources");
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  const char *name;

  if (resources == NULL || turn->lookup_index >= json_array_get_length (resources))
    {
      turn_prepare (turn);
      return;
    }
  name = json_array_get_string_element (resources, turn->lookup_index);
  if (name == NULL)
    {
      turn_fail (turn, new_error (GENKIT_ERROR_INVALID_ARGUMENT, "resources[%u] must be a string",
                                  turn->lookup_index));
      return;
    }
  if (name[0] == '/')
    g_strv_builder_add (keys, name);
  add_key (keys, "/resource/", name);
  add_key (keys, "/dynamic-action-provider/", name);
  lookup_first (turn, g_strv_builder_end (keys), turn_resource_found);
}

static void
turn_start (Turn *turn)
{
  JsonObject *output = _gk_object_get_object (turn->raw, "output");
  const char *format_name = _gk_object_get_string (output, "format");
  JsonNode *schema = output ? json_object_get_member (output, "jsonSchema") : NULL;
  g_autoptr(GStrvBuilder) keys = g_strv_builder_new ();
  GError *error = NULL;
  const char *model;

  if (format_name == NULL && _gk_node_is_truthy (schema))
    format_name = "json";
  turn->format = _genkit_format_lookup (format_name);
  if (turn->format != NULL && !_genkit_format_check_schema (turn->format, schema, &error))
    {
      turn_fail (turn, error);
      return;
    }

  if ((model = turn_model_name (turn)) == NULL)
    {
      turn_fail (turn, new_error (GENKIT_ERROR_INVALID_ARGUMENT, "Must supply a `model` to `generate()` calls."));
      return;
    }
  if (model[0] == '/')
    g_strv_builder_add (keys, model);
  else
    {
      add_key (keys, "/model/", model);
      add_key (keys, "/background-model/", model);
    }
  lookup_first (turn, g_strv_builder_end (keys), turn_model_found);
}

/* Output format -------------------------------------------------------------------------------- */

/* Genkit's `applyFormat`: default json for a schema, inject the format's instructions, and
 * complete `output` with the format's configuration. */
static void
turn_apply_format (Turn *turn)
{
  JsonObject *raw_output = _gk_object_get_object (turn->raw, "output");
  g_autoptr(JsonObject) output = raw_output ? _gk_object_copy (raw_output) : NULL;
  JsonNode *instructions_option = output ? json_object_get_member (output, "instructions") : NULL;
  JsonNode *schema = output ? json_object_get_member (output, "jsonSchema") : NULL;
  g_autofree char *instructions = NULL;

  if (output != NULL && _gk_node_is_truthy (schema) && !json_object_has_member (output, "format"))
    json_object_set_string_member (output, "format", "json");

  if (instructions_option != NULL && JSON_NODE_HOLDS_VALUE (instructions_option) &&
      json_node_get_value_type (instructions_option) == G_TYPE_STRING)
    instructions = g_strdup (json_node_get_string (instructions_option));
  else if (instructions_option != NULL && JSON_NODE_HOLDS_VALUE (instructions_option) &&
           json_node_get_value_type (instructions_option) == G_TYPE_BOOLEAN &&
           !json_node_get_boolean (instructions_option))
    instructions = NULL;
  else if (turn->format != NULL)
    instructions = _genkit_format_instructions (turn->format, schema);

  if (turn->format != NULL)
    {
      g_autoptr(JsonObject) config = _genkit_format_get_config (turn->format);
      gboolean default_instructions = _gk_object_get_boolean (config, "defaultInstructions", TRUE);
      JsonObject *merged;

      if (default_instructions || _gk_node_is_truthy (instructions_option))
        {
          JsonArray *messages = _genkit_inject_instructions (_gk_object_get_array (turn->raw, "messages"),
                                                             instructions);

          if (messages != NULL)
            json_object_set_array_member (turn->raw, "messages", messages);
        }

      /* {...format.config, ...output} */
      merged = _gk_object_copy (config);
      if (output != NULL)
        {
          g_autoptr(GList) keys = json_object_get_members (output);

          for (GList *l = keys; l != NULL; l = l->next)
            json_object_set_member (merged, l->data, _gk_node_copy (json_object_get_member (output, l->data)));
        }
      json_object_set_object_member (turn->raw, "output", merged);
    }
  else if (output != NULL)
    json_object_set_object_member (turn->raw, "output", g_steal_pointer (&output));
}

/* Resources ------------------------------------------------------------------------------------ */

typedef struct
{
  guint         message;
  guint         part;
  GenkitAction *action;
  char         *uri;
  JsonArray    *content;   /* what the resource returned */
} ResourceJob;

static void
resource_job_free (ResourceJob *job)
{
  g_clear_object (&job->action);
  g_free (job->uri);
  g_clear_pointer (&job->content, json_array_unref);
  g_free (job);
}

/* Whether @uri matches an RFC 6570 template: `{var}` stands for one path segment, `{+var}` for
 * anything. */
static gboolean
template_matches (const char *template,
                  const char *uri)
{
  GString *pattern = g_string_new ("^");
  g_autoptr(GRegex) regex = NULL;
  gboolean matches;

  for (const char *p = template; *p; p++)
    {
      if (*p == '{')
        {
          const char *close = strchr (p, '}');

          if (close == NULL)
            break;
          g_string_append (pattern, p[1] == '+' ? ".+" : "[^/?#]+");
          p = close;
        }
      else
        {
          char literal[2] = { *p, 0 };
          g_autofree char *escaped = g_regex_escape_string (literal, -1);

          g_string_append (pattern, escaped);
        }
    }
  g_string_append_c (pattern, '$');
  regex = g_regex_new (pattern->str, G_REGEX_DEFAULT, G_REGEX_MATCH_DEFAULT, NULL);
  matches = regex != NULL && g_regex_match (regex, uri, G_REGEX_MATCH_DEFAULT, NULL);
  g_string_free (pattern, TRUE);
  return matches;
}

static GenkitAction *
find_resource (Turn       *turn,
               const char *uri)
{
  for (guint i = 0; i < turn->resources->len; i++)
    {
      GenkitAction *action = g_ptr_array_index (turn->resources, i);
      JsonObject *resource = _gk_object_get_object (genkit_action_get_metadata (action), "resource");
      const char *exact = _gk_object_get_string (resource, "uri");
      const char *template = _gk_object_get_string (resource, "template");

      if ((exact != NULL && g_str_equal (exact, uri)) || (template != NULL && template_matches (template, uri)))
        return action;
    }
  return NULL;
}

static void turn_next_resource (Turn *turn);

static void
resource_run_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Turn) turn = user_data;
  ResourceJob *job = g_ptr_array_index (turn->resource_jobs, turn->resource_next);
  g_autoptr(GenkitActionResult) action_result = NULL;
  GError *error = NULL;
  JsonArray *content;

  action_result = genkit_action_run_finish (GENKIT_ACTION (source), result, &error);
  if (action_result == NULL)
    {
      turn_fail (turn, error);
      return;
    }
  content = JSON_NODE_HOLDS_OBJECT (genkit_action_result_get_result (action_result))
            ? _gk_object_get_array (json_node_get_object (genkit_action_result_get_result (action_result)), "content")
            : NULL;
  job->content = content ? _gk_array_copy (content) : json_array_new ();
  turn->resource_next++;
  turn_next_resource (turn);
}

/* Replaces every resource part by its resource's parts, then goes on with the turn. */
static void
turn_next_resource (Turn *turn)
{
  JsonArray *messages;
  JsonArray *rebuilt;

  if (turn->finished)
    return;

  if (turn->resource_next < turn->resource_jobs->len)
    {
      ResourceJob *job = g_ptr_array_index (turn->resource_jobs, turn->resource_next);
      g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
      g_autoptr(JsonObject) input = json_object_new ();
      g_autoptr(JsonNode) node = NULL;

      json_object_set_string_member (input, "uri", job->uri);
      node = json_node_init_object (json_node_alloc (), input);
      genkit_run_options_set_parent (options, turn->run);
      genkit_action_run_async (job->action, node, options, NULL, resource_run_cb, turn_ref (turn));
      return;
    }

  messages = _gk_object_get_array (turn->raw, "messages");
  rebuilt = json_array_new ();
  for (guint i = 0, j = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      JsonArray *content = _gk_object_get_array (message, "content");
      JsonObject *copy = _gk_object_copy (message);
      JsonArray *parts = json_array_new ();

      for (guint k = 0; content != NULL && k < json_array_get_length (content); k++)
        {
          ResourceJob *job = j < turn->resource_jobs->len ? g_ptr_array_index (turn->resource_jobs, j) : NULL;

          if (job != NULL && job->message == i && job->part == k)
            {
              for (guint m = 0; m < json_array_get_length (job->content); m++)
                json_array_add_element (parts, _gk_node_copy (json_array_get_element (job->content, m)));
              j++;
            }
          else
            json_array_add_element (parts, _gk_node_copy (json_array_get_element (content, k)));
        }
      json_object_set_array_member (copy, "content", parts);
      json_array_add_object_element (rebuilt, copy);
    }
  json_object_set_array_member (turn->raw, "messages", rebuilt);
  turn_after_resources (turn);
}

static void
turn_prepare (Turn *turn)
{
  JsonArray *messages;

  turn_apply_format (turn);

  messages = _gk_object_get_array (turn->raw, "messages");
  turn->resource_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) resource_job_free);
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      JsonArray *content = _gk_object_get_array (json_array_get_object_element (messages, i), "content");

      for (guint k = 0; content != NULL && k < json_array_get_length (content); k++)
        {
          JsonObject *part = json_array_get_object_element (content, k);
          const char *uri = _gk_object_get_string (_gk_object_get_object (part, "resource"), "uri");
          ResourceJob *job;
          GenkitAction *action;

          if (uri == NULL)
            continue;
          if ((action = find_resource (turn, uri)) == NULL)
            {
              turn_fail (turn, new_error (GENKIT_ERROR_NOT_FOUND,
                                          "failed to find matching resource for %s", uri));
              return;
            }
          job = g_new0 (ResourceJob, 1);
          job->message = i;
          job->part = k;
          job->action = g_object_ref (action);
          job->uri = g_strdup (uri);
          g_ptr_array_add (turn->resource_jobs, job);
        }
    }

  if (turn->resource_jobs->len > 0)
    turn_next_resource (turn);
  else
    turn_after_resources (turn);
}

/* Tools ------------------------------------------------------------------------------------- */

static const char *
short_name (GenkitAction *action)
{
  const char *name = genkit_action_get_name (action);
  const char *slash = strrchr (name, '/');

  return slash ? slash + 1 : name;
}

static GenkitAction *
turn_find_tool (Turn       *turn,
                const char *name)
{
  for (guint i = 0; i < turn->tools->len; i++)
    if (g_str_equal (short_name (g_ptr_array_index (turn->tools, i)), name))
      return g_ptr_array_index (turn->tools, i);
  return NULL;
}

typedef void (*ToolDone) (Turn       *turn,
                          guint       index,
                          JsonObject *response_part,
                          JsonObject *interrupt_part,
                          GError     *error);

typedef struct
{
  Turn       *turn;
  guint       index;
  JsonObject *part;
  ToolDone    done;
} ToolCall;

static void
tool_call_free (ToolCall *call)
{
  turn_unref (call->turn);
  json_object_unref (call->part);
  g_free (call);
}

/* Genkit's `executeTool`: the tool response part for what the tool returned. */
static JsonObject *
tool_response_part (GenkitAction *tool,
                    JsonObject   *request,
                    JsonNode     *output)
{
  JsonObject *part = json_object_new ();
  JsonObject *response = json_object_new ();
  const char *ref = _gk_object_get_string (request, "ref");

  json_object_set_string_member (response, "name", json_object_get_string_member (request, "name"));
  if (ref != NULL)
    json_object_set_string_member (response, "ref", ref);

  if (_genkit_tool_is_multipart (tool))
    {
      JsonObject *multipart = output && JSON_NODE_HOLDS_OBJECT (output) ? json_node_get_object (output) : NULL;
      JsonNode *value = multipart ? json_object_get_member (multipart, "output") : NULL;
      JsonNode *content = multipart ? json_object_get_member (multipart, "content") : NULL;
      JsonNode *metadata = multipart ? json_object_get_member (multipart, "metadata") : NULL;

      if (value != NULL)
        json_object_set_member (response, "output", _gk_node_copy (value));
      if (content != NULL)
        json_object_set_member (response, "content", _gk_node_copy (content));
      json_object_set_object_member (part, "toolResponse", response);
      if (metadata != NULL)
        json_object_set_member (part, "metadata", _gk_node_copy (metadata));
    }
  else
    {
      if (output != NULL)
        json_object_set_member (response, "output", _gk_node_copy (output));
      json_object_set_object_member (part, "toolResponse", response);
    }
  return part;
}

static void
tool_run_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  ToolCall *call = user_data;
  g_autoptr(GenkitActionResult) action_result = NULL;
  GError *error = NULL;
  JsonObject *request = json_object_get_object_member (call->part, "toolRequest");

  action_result = genkit_action_run_finish (GENKIT_ACTION (source), result, &error);
  if (action_result != NULL)
    {
      g_autoptr(JsonObject) response = tool_response_part (GENKIT_ACTION (source), request,
                                                           genkit_action_result_get_result (action_result));

      call->done (call->turn, call->index, response, NULL, NULL);
    }
  else if (error->domain == GENKIT_INTERRUPT_ERROR)
    {
      /* {toolRequest, metadata: {...metadata, interrupt: <metadata> || true}} */
      g_autoptr(JsonObject) interrupt = json_object_new ();
      JsonObject *old = _gk_object_get_object (call->part, "metadata");
      JsonObject *metadata = old ? _gk_object_copy (old) : json_object_new ();
      JsonNode *what = genkit_interrupt_error_get_metadata (error);

      json_object_set_member (interrupt, "toolRequest", _gk_node_copy (json_object_get_member (call->part, "toolRequest")));
      if (_gk_node_is_truthy (what))
        json_object_set_member (metadata, "interrupt", _gk_node_copy (what));
      else
        json_object_set_boolean_member (metadata, "interrupt", TRUE);
      json_object_set_object_member (interrupt, "metadata", metadata);
      g_error_free (error);
      call->done (call->turn, call->index, NULL, interrupt, NULL);
    }
  else
    call->done (call->turn, call->index, NULL, NULL, error);
  tool_call_free (call);
}

/* Runs the tool a tool request part asks for, nested in the turn's run. */
static void
turn_run_tool (Turn       *turn,
               guint       index,
               JsonObject *part,
               ToolDone    done)
{
  JsonObject *request = json_object_get_object_member (part, "toolRequest");
  const char *name = json_object_get_string_member (request, "name");
  GenkitAction *tool = turn_find_tool (turn, name);
  g_autoptr(GenkitRunOptions) options = NULL;
  ToolCall *call;

  if (tool == NULL)
    {
      done (turn, index, NULL, NULL, new_error (GENKIT_ERROR_NOT_FOUND, "Tool %s not found", name));
      return;
    }

  call = g_new0 (ToolCall, 1);
  call->turn = turn_ref (turn);
  call->index = index;
  call->part = json_object_ref (part);
  call->done = done;

  options = genkit_run_options_new ();
  genkit_run_options_set_parent (options, turn->run);
  _genkit_tool_prepare_call (tool, options, _gk_object_get_object (part, "metadata"));
  genkit_action_run_async (tool, json_object_get_member (request, "input"), options, NULL, tool_run_cb, call);
}

/* Genkit's `assertValidToolNames`. */
static gboolean
turn_check_tool_names (Turn    *turn,
                       GError **error)
{
  for (guint i = 0; i < turn->tools->len; i++)
    for (guint j = 0; j < i; j++)
      if (g_str_equal (short_name (g_ptr_array_index (turn->tools, i)),
                       short_name (g_ptr_array_index (turn->tools, j))))
        {
          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "Cannot provide two tools with the same name: '%s' and '%s'",
                       genkit_action_get_name (g_ptr_array_index (turn->tools, i)),
                       genkit_action_get_name (g_ptr_array_index (turn->tools, j)));
          return FALSE;
        }
  return TRUE;
}

/* Resume ---------------------------------------------------------------------------------------- */

static gboolean
same_call (JsonObject *a,
           JsonObject *b)
{
  return g_strcmp0 (_gk_object_get_string (a, "name"), _gk_object_get_string (b, "name")) == 0 &&
         g_strcmp0 (_gk_object_get_string (a, "ref"), _gk_object_get_string (b, "ref")) == 0;
}

static JsonObject *
find_in (JsonArray  *parts,
         const char *kind,
         JsonObject *request)
{
  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonObject *part = json_array_get_object_element (parts, i);
      JsonObject *inner = _gk_object_get_object (part, kind);

      if (inner != NULL && same_call (inner, request))
        return part;
    }
  return NULL;
}

/* {...part, metadata: {...metadata without `interrupt`, resolvedInterrupt: interrupt}} */
static JsonNode *
resolved_request (JsonObject *part)
{
  JsonObject *copy = _gk_object_copy (part);
  JsonObject *old = _gk_object_get_object (part, "metadata");
  JsonObject *metadata = old ? _gk_object_copy (old) : json_object_new ();
  JsonNode *interrupt = old ? json_object_get_member (old, "interrupt") : NULL;

  if (interrupt != NULL)
    {
      json_object_set_member (metadata, "resolvedInterrupt", _gk_node_copy (interrupt));
      json_object_remove_member (metadata, "interrupt");
    }
  json_object_set_object_member (copy, "metadata", metadata);
  return _gk_node_take_object (copy);
}

static void
turn_resume_finish (Turn *turn)
{
  JsonObject *resume = _gk_object_get_object (turn->raw, "resume");
  JsonArray *messages = _gk_object_get_array (turn->raw, "messages");
  g_autoptr(JsonObject) next = NULL;
  JsonArray *next_messages;
  JsonObject *last, *tool_message, *metadata;
  JsonArray *content;
  JsonNode *resume_metadata;
  guint n_requests = 0;

  if (turn->interrupted)
    {
      turn_fail (turn, new_error (GENKIT_ERROR_FAILED_PRECONDITION,
                                  "One or more tools triggered an interrupt during a restarted execution."));
      return;
    }

  content = json_array_new ();
  for (guint i = 0; i < turn->revised->len; i++)
    {
      JsonNode *part = g_ptr_array_index (turn->revised, i);

      if (_gk_object_get_object (json_node_get_object (part), "toolRequest") != NULL)
        n_requests++;
      json_array_add_element (content, _gk_node_copy (part));
    }
  if (json_array_get_length (turn->response_parts) != n_requests)
    {
      json_array_unref (content);
      turn_fail (turn, new_error (GENKIT_ERROR_FAILED_PRECONDITION,
                                  "Expected %u tool responses but resolved to %u.", n_requests,
                                  json_array_get_length (turn->response_parts)));
      return;
    }

  /* The model message gets its resolved tool requests; a tool message answers them. */
  next = _gk_object_copy (turn->raw);
  json_object_remove_member (next, "resume");
  next_messages = _gk_array_copy (messages);
  last = json_array_get_object_element (next_messages, json_array_get_length (next_messages) - 1);
  json_object_set_array_member (last, "content", content);

  tool_message = json_object_new ();
  json_object_set_string_member (tool_message, "role", "tool");
  json_object_set_array_member (tool_message, "content", _gk_array_copy (turn->response_parts));
  metadata = json_object_new ();
  resume_metadata = resume ? json_object_get_member (resume, "metadata") : NULL;
  if (_gk_node_is_truthy (resume_metadata))
    json_object_set_member (metadata, "resumed", _gk_node_copy (resume_metadata));
  else
    json_object_set_boolean_member (metadata, "resumed", TRUE);
  json_object_set_object_member (tool_message, "metadata", metadata);
  json_array_add_object_element (next_messages, json_object_ref (tool_message));
  json_object_set_array_member (next, "messages", next_messages);

  if (gen_is_streaming (turn->gen))
    {
      g_autoptr(JsonObject) chunk = chunk_object ("tool", turn->message_index,
                                                  json_object_get_array_member (tool_message, "content"), NULL);

      deliver_chunk (turn, chunk, "", FALSE);
    }
  json_object_unref (tool_message);

  turn_continue (turn, next, turn->current_turn, turn->message_index + 1);
}

static void
resume_restart_done (Turn       *turn,
                     guint       index,
                     JsonObject *response_part,
                     JsonObject *interrupt_part,
                     GError     *error)
{
  if (turn->finished)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    {
      turn_fail (turn, error);
      return;
    }
  if (interrupt_part != NULL)
    turn->interrupted = TRUE;
  else
    {
      JsonNode *old_node = g_ptr_array_index (turn->revised, index);

      json_array_add_object_element (turn->response_parts, json_object_ref (response_part));
      g_ptr_array_index (turn->revised, index) = resolved_request (json_node_get_object (old_node));
      json_node_unref (old_node);
    }
  if (--turn->pending == 0)
    turn_resume_finish (turn);
}

/* Genkit's `resolveResumeOption`. */
static void
turn_resume (Turn *turn)
{
  JsonObject *resume = _gk_object_get_object (turn->raw, "resume");
  JsonArray *respond = _gk_object_get_array (resume, "respond");
  JsonArray *restart = _gk_object_get_array (resume, "restart");
  JsonArray *messages = _gk_object_get_array (turn->raw, "messages");
  guint n = messages ? json_array_get_length (messages) : 0;
  JsonObject *last = n > 0 ? json_array_get_object_element (messages, n - 1) : NULL;
  JsonArray *content = _gk_object_get_array (last, "content");
  gboolean has_request = FALSE;
  g_autoptr(GPtrArray) restarts = g_ptr_array_new ();

  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    has_request |= _gk_object_get_object (json_array_get_object_element (content, i), "toolRequest") != NULL;
  if (last == NULL || g_strcmp0 (_gk_object_get_string (last, "role"), "model") != 0 || !has_request)
    {
      turn_fail (turn, new_error (GENKIT_ERROR_FAILED_PRECONDITION,
                                  "Cannot 'resume' generation unless the previous message is a model "
                                  "message with at least one tool request."));
      return;
    }

  turn->revised = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  turn->response_parts = json_array_new ();
  for (guint i = 0; i < json_array_get_length (content); i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);
      JsonObject *request = _gk_object_get_object (part, "toolRequest");
      JsonObject *metadata = _gk_object_get_object (part, "metadata");
      JsonObject *provided, *restarted;

      if (request == NULL)
        {
          g_ptr_array_add (turn->revised, _gk_node_copy (json_array_get_element (content, i)));
          continue;
        }

      if (metadata != NULL && json_object_has_member (metadata, "pendingOutput"))
        {
          /* A tool that completed before the interrupt answers from its pending output. */
          JsonObject *response = json_object_new ();
          JsonObject *response_inner = json_object_new ();
          JsonObject *response_metadata = _gk_object_copy (metadata);
          JsonObject *request_part = _gk_object_copy (part);
          JsonObject *request_metadata = _gk_object_copy (metadata);

          json_object_set_string_member (response_inner, "name", json_object_get_string_member (request, "name"));
          if (_gk_object_get_string (request, "ref") != NULL)
            json_object_set_string_member (response_inner, "ref", json_object_get_string_member (request, "ref"));
          json_object_set_member (response_inner, "output", _gk_node_copy (json_object_get_member (metadata, "pendingOutput")));
          json_object_set_object_member (response, "toolResponse", response_inner);
          json_object_remove_member (response_metadata, "pendingOutput");
          json_object_set_string_member (response_metadata, "source", "pending");
          json_object_set_object_member (response, "metadata", response_metadata);
          json_array_add_object_element (turn->response_parts, response);

          json_object_remove_member (request_metadata, "pendingOutput");
          json_object_set_object_member (request_part, "metadata", request_metadata);
          g_ptr_array_add (turn->revised, _gk_node_take_object (request_part));
          continue;
        }

      if ((provided = find_in (respond, "toolResponse", request)) != NULL)
        {
          json_array_add_element (turn->response_parts, _gk_node_take_object (_gk_object_copy (provided)));
          g_ptr_array_add (turn->revised, resolved_request (part));
          continue;
        }

      if ((restarted = find_in (restart, "toolRequest", request)) != NULL)
        {
          g_ptr_array_add (turn->revised, _gk_node_copy (json_array_get_element (content, i)));
          g_ptr_array_add (restarts, GUINT_TO_POINTER (i));
          g_ptr_array_add (restarts, restarted);
          continue;
        }

      {
        const char *ref = _gk_object_get_string (request, "ref");

        turn_fail (turn, new_error (GENKIT_ERROR_INVALID_ARGUMENT,
                                    "Unresolved tool request '%s%s%s' was not handled by the 'resume' "
                                    "argument. You must supply replies or restarts for all interrupted "
                                    "tool requests.'", json_object_get_string_member (request, "name"),
                                    ref ? "#" : "", ref ? ref : ""));
        return;
      }
    }

  turn->pending = restarts->len / 2 + 1;
  for (guint i = 0; i < restarts->len; i += 2)
    turn_run_tool (turn, GPOINTER_TO_UINT (g_ptr_array_index (restarts, i)),
                   g_ptr_array_index (restarts, i + 1), resume_restart_done);
  /* The extra count keeps a restart that answers at once from finishing early. */
  if (!turn->finished && --turn->pending == 0)
    turn_resume_finish (turn);
}

/* The model's answer ---------------------------------------------------------------------------- */

/* Genkit's `GenerateResponse` built from the model's output and serialized again (`toJSON`):
 * `message` (with `metadata.generate.output` when the request had an output format or content
 * type), `finishReason`, `finishMessage`, `usage` and `custom` (default `{}`), `request`,
 * `operation`. */
static JsonObject *
turn_response_json (Turn       *turn,
                    JsonObject *model_output,
                    gboolean    background)
{
  JsonObject *out = json_object_new ();
  JsonArray *candidates = background ? NULL : _gk_object_get_array (model_output, "candidates");
  JsonObject *first = candidates && json_array_get_length (candidates) > 0
                      ? json_array_get_object_element (candidates, 0) : NULL;
  JsonObject *message = background ? NULL : _gk_object_get_object (model_output, "message");
  JsonObject *request_output = _gk_object_get_object (turn->request, "output");
  const char *content_type = _gk_object_get_string (request_output, "contentType");
  const char *format = _gk_object_get_string (request_output, "format");
  JsonNode *reason, *finish_message, *usage, *custom;

  if (message == NULL && first != NULL)
    message = _gk_object_get_object (first, "message");
  if (message != NULL)
    {
      JsonObject *copy = _gk_object_copy (message);

      if ((content_type && *content_type) || (format && *format))
        {
          JsonObject *old = _gk_object_get_object (copy, "metadata");
          JsonObject *metadata = old ? _gk_object_copy (old) : json_object_new ();
          JsonObject *generate = json_object_new ();
          JsonObject *output = json_object_new ();

          if (content_type != NULL)
            json_object_set_string_member (output, "contentType", content_type);
          if (format != NULL)
            json_object_set_string_member (output, "format", format);
          json_object_set_object_member (generate, "output", output);
          json_object_set_object_member (metadata, "generate", generate);
          json_object_set_object_member (copy, "metadata", metadata);
        }
      json_object_set_object_member (out, "message", copy);
    }

  reason = background ? NULL : json_object_get_member (model_output, "finishReason");
  if (!_gk_node_is_truthy (reason) && first != NULL)
    reason = json_object_get_member (first, "finishReason");
  if (_gk_node_is_truthy (reason))
    json_object_set_member (out, "finishReason", _gk_node_copy (reason));

  finish_message = background ? NULL : json_object_get_member (model_output, "finishMessage");
  if (!_gk_node_is_truthy (finish_message) && first != NULL)
    finish_message = json_object_get_member (first, "finishMessage");
  if (_gk_node_is_truthy (finish_message))
    json_object_set_member (out, "finishMessage", _gk_node_copy (finish_message));

  usage = background ? NULL : json_object_get_member (model_output, "usage");
  if (_gk_node_is_truthy (usage))
    json_object_set_member (out, "usage", _gk_node_copy (usage));
  else
    json_object_set_object_member (out, "usage", json_object_new ());

  custom = background ? NULL : json_object_get_member (model_output, "custom");
  if (_gk_node_is_truthy (custom))
    json_object_set_member (out, "custom", _gk_node_copy (custom));
  else
    json_object_set_object_member (out, "custom", json_object_new ());

  json_object_set_object_member (out, "request", _gk_object_copy (turn->request));

  if (background)
    json_object_set_object_member (out, "operation", _gk_object_copy (model_output));
  else if (_gk_node_is_truthy (json_object_get_member (model_output, "operation")))
    json_object_set_member (out, "operation", _gk_node_copy (json_object_get_member (model_output, "operation")));
  return out;
}

static void
tool_loop_done (Turn       *turn,
                guint       index,
                JsonObject *response_part,
                JsonObject *interrupt_part,
                GError     *error);

static void
turn_tools_finished (Turn *turn)
{
  g_autoptr(JsonObject) next = NULL;
  JsonArray *messages;
  JsonObject *generated_json;

  if (turn->interrupted)
    {
      /* {...response, finishReason: 'interrupted', finishMessage, message: revised} */
      JsonObject *message = _gk_object_copy (turn->generated);
      JsonArray *content = json_array_new ();

      for (guint i = 0; i < turn->revised->len; i++)
        json_array_add_element (content, _gk_node_copy (g_ptr_array_index (turn->revised, i)));
      json_object_set_array_member (message, "content", content);
      json_object_set_object_member (turn->response, "message", message);
      json_object_set_string_member (turn->response, "finishReason", "interrupted");
      json_object_set_string_member (turn->response, "finishMessage",
                                     "One or more tool calls resulted in interrupts.");
      turn_return (turn, _gk_node_take_object (json_object_ref (turn->response)));
      return;
    }

  /* Stream the tool message, then ask the model again with both messages appended. */
  if (json_array_get_length (turn->response_parts) > 0)
    turn_emit_chunk (turn, "tool", turn->response_parts, NULL);

  next = _gk_object_copy (turn->raw);
  messages = _gk_array_copy (_gk_object_get_array (turn->raw, "messages"));
  generated_json = json_object_new ();
  json_object_set_string_member (generated_json, "role", _gk_object_get_string (turn->generated, "role"));
  json_object_set_member (generated_json, "content", _gk_node_copy (json_object_get_member (turn->generated, "content")));
  if (json_object_has_member (turn->generated, "metadata"))
    json_object_set_member (generated_json, "metadata", _gk_node_copy (json_object_get_member (turn->generated, "metadata")));
  json_array_add_object_element (messages, generated_json);
  if (json_array_get_length (turn->response_parts) > 0)
    {
      JsonObject *tool_message = json_object_new ();

      json_object_set_string_member (tool_message, "role", "tool");
      json_object_set_array_member (tool_message, "content", _gk_array_copy (turn->response_parts));
      json_array_add_object_element (messages, tool_message);
    }
  json_object_set_array_member (next, "messages", messages);

  turn_continue (turn, next, turn->current_turn + 1, turn->message_index + 1);
}

static void
tool_loop_done (Turn       *turn,
                guint       index,
                JsonObject *response_part,
                JsonObject *interrupt_part,
                GError     *error)
{
  if (turn->finished)
    {
      g_clear_error (&error);
      return;
    }
  if (error != NULL)
    {
      turn_fail (turn, error);
      return;
    }

  if (response_part != NULL)
    {
      /* The model message keeps the output as `pendingOutput`, for an interrupted turn. */
      JsonNode *old_node = g_ptr_array_index (turn->revised, index);
      JsonObject *original = json_node_get_object (old_node);
      JsonObject *copy = _gk_object_copy (original);
      JsonObject *old = _gk_object_get_object (original, "metadata");
      JsonObject *metadata = old ? _gk_object_copy (old) : json_object_new ();
      JsonNode *output = json_object_get_member (json_object_get_object_member (response_part, "toolResponse"),
                                                 "output");

      json_array_add_object_element (turn->response_parts, json_object_ref (response_part));
      if (output != NULL)
        json_object_set_member (metadata, "pendingOutput", _gk_node_copy (output));
      json_object_set_object_member (copy, "metadata", metadata);
      g_ptr_array_index (turn->revised, index) = _gk_node_take_object (copy);
      json_node_unref (old_node);
    }
  if (interrupt_part != NULL)
    {
      JsonNode *old = g_ptr_array_index (turn->revised, index);

      g_ptr_array_index (turn->revised, index) = _gk_node_take_object (json_object_ref (interrupt_part));
      json_node_unref (old);
      turn->interrupted = TRUE;
    }

  if (--turn->pending == 0)
    turn_tools_finished (turn);
}

static void
turn_model_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Turn) turn = user_data;
  g_autoptr(GenkitGenerateResponse) response = NULL;
  JsonObject *model_output;
  gboolean background;
  GError *error = NULL;
  JsonObject *message;
  JsonArray *content;
  guint n_requests = 0;
  JsonNode *max_turns_node;
  gint64 max_turns;

  response = _gk_model_chain_run_finish (result, &error);
  if (response == NULL)
    {
      turn_fail (turn, error);
      return;
    }
  if (turn->finished)
    return;

  background = genkit_action_get_action_type (turn->model) == GENKIT_ACTION_TYPE_BACKGROUND_MODEL;
  model_output = genkit_generate_response_get_json_object (response);
  if (background)
    model_output = _gk_object_get_object (model_output, "operation");
  turn->response = turn_response_json (turn, model_output, background);
  if (background)
    {
      turn_return (turn, _gk_node_take_object (json_object_ref (turn->response)));
      return;
    }

  /* Genkit's assertValid */
  if (g_strcmp0 (_gk_object_get_string (turn->response, "finishReason"), "blocked") == 0)
    {
      const char *why = _gk_object_get_string (turn->response, "finishMessage");

      turn_fail (turn, new_error (GENKIT_ERROR_FAILED_PRECONDITION, "Generation blocked%s%s",
                                  why ? ": " : ".", why ? why : ""));
      return;
    }
  message = _gk_object_get_object (turn->response, "message");
  if (message == NULL)
    {
      const char *reason = _gk_object_get_string (turn->response, "finishReason");
      const char *why = _gk_object_get_string (turn->response, "finishMessage");

      turn_fail (turn, new_error (GENKIT_ERROR_FAILED_PRECONDITION,
                                  "Model did not generate a message. Finish reason: '%s': %s",
                                  reason ? reason : "undefined", why ? why : "undefined"));
      return;
    }
  turn->generated = json_object_ref (message);

  content = _gk_object_get_array (message, "content");
  for (guint i = 0; content != NULL && i < json_array_get_length (content); i++)
    if (_gk_node_is_truthy (json_object_get_member (json_array_get_object_element (content, i), "toolRequest")))
      n_requests++;

  if (_gk_object_get_boolean (turn->raw, "returnToolRequests", FALSE) || n_requests == 0)
    {
      JsonObject *request_output = _gk_object_get_object (turn->request, "output");
      JsonNode *schema = request_output ? json_object_get_member (request_output, "schema") : NULL;

      /* Genkit's assertValidSchema: the final output must satisfy the output schema. */
      if (n_requests == 0 && _gk_node_is_truthy (schema))
        {
          g_autoptr(JsonNode) output = _genkit_message_output (content, turn->format ? _genkit_format_get_name (turn->format) : NULL);
          g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);

          if (!genkit_json_schema_validate_node (schema, output ? output : null_node, &error))
            {
              turn_fail (turn, error);
              return;
            }
        }
      turn_return (turn, _gk_node_take_object (json_object_ref (turn->response)));
      return;
    }

  max_turns_node = json_object_get_member (turn->raw, "maxTurns");
  max_turns = max_turns_node && JSON_NODE_HOLDS_VALUE (max_turns_node) ? (gint64) json_node_get_double (max_turns_node) : 5;
  if ((gint64) turn->current_turn + 1 > max_turns)
    {
      turn_fail (turn, new_error (GENKIT_ERROR_ABORTED, "Exceeded maximum tool call iterations (%" G_GINT64_FORMAT ")",
                                  max_turns));
      return;
    }

  /* Run every requested tool at once (Genkit's `resolveToolRequests`). */
  turn->revised = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  turn->response_parts = json_array_new ();
  for (guint i = 0; i < json_array_get_length (content); i++)
    g_ptr_array_add (turn->revised, _gk_node_copy (json_array_get_element (content, i)));
  turn->pending = n_requests + 1;
  for (guint i = 0; i < json_array_get_length (content) && !turn->finished; i++)
    {
      JsonObject *part = json_array_get_object_element (content, i);

      if (_gk_node_is_truthy (json_object_get_member (part, "toolRequest")))
        turn_run_tool (turn, i, part, tool_loop_done);
    }
  if (!turn->finished && --turn->pending == 0)
    turn_tools_finished (turn);
}

/* Calling the model ------------------------------------------------------------------------------ */

typedef struct
{
  GTask *task;
  Turn  *turn;
} ModelRun;

static void
model_run_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ModelRun *model_run = user_data;
  g_autoptr(GenkitActionResult) action_result = NULL;
  GenkitGenerateResponse *response = NULL;
  GError *error = NULL;

  action_result = genkit_action_run_finish (GENKIT_ACTION (source), result, &error);
  if (action_result != NULL)
    {
      JsonNode *output = genkit_action_result_get_result (action_result);

      if (genkit_action_get_action_type (GENKIT_ACTION (source)) == GENKIT_ACTION_TYPE_BACKGROUND_MODEL)
        {
          /* A background model answers an Operation. */
          JsonObject *wrapper = json_object_new ();

          json_object_set_member (wrapper, "operation", output ? _gk_node_copy (output) : json_node_new (JSON_NODE_NULL));
          response = _genkit_response_wrap (wrapper);
          json_object_unref (wrapper);
        }
      else if (output != NULL)
        response = genkit_generate_response_new_from_json (output, &error);
      else
        error = new_error (GENKIT_ERROR_INTERNAL, "The model %s returned nothing",
                           genkit_action_get_key (GENKIT_ACTION (source)));
    }

  if (response != NULL)
    g_task_return_pointer (model_run->task, response, (GDestroyNotify) genkit_generate_response_unref);
  else
    g_task_return_error (model_run->task, error);
  g_object_unref (model_run->task);
  turn_unref (model_run->turn);
  g_free (model_run);
}

/* Past the call-time middleware: the model action, nested in the turn. */
static void
model_final (GkModelChain          *chain,
             GenkitGenerateRequest *request,
             GTask                 *task,
             gpointer               user_data)
{
  Turn *turn = user_data;
  g_autoptr(GenkitRunOptions) options = genkit_run_options_new ();
  g_autoptr(JsonNode) input = genkit_generate_request_to_json (request);
  ModelRun *model_run = g_new0 (ModelRun, 1);

  genkit_run_options_set_parent (options, turn->run);
  if (gen_is_streaming (turn->gen))
    genkit_run_options_set_stream_func (options, model_chunk_cb, turn_ref (turn), (GDestroyNotify) turn_unref);
  /* Genkit passes `/util/generate`'s context explicitly to the first model call only. */
  if (turn->explicit_context)
    genkit_run_options_set_context (options, genkit_action_run_get_context (turn->run));

  model_run->task = task;
  model_run->turn = turn_ref (turn);
  genkit_action_run_async (turn->model, input, options, NULL, model_run_cb, model_run);
}

static void
chain_chunk_cb (JsonNode *chunk,
                gpointer  user_data)
{
  model_chunk_cb (chunk, user_data);
}

/* Genkit's `actionToGenerateRequest`. */
static JsonObject *
turn_build_request (Turn *turn)
{
  JsonObject *request = json_object_new ();
  JsonArray *tools = json_array_new ();
  JsonObject *raw_output = _gk_object_get_object (turn->raw, "output");
  JsonObject *output = json_object_new ();
  JsonObject *supports = _genkit_model_get_supports (turn->model);
  static const struct { const char *from; const char *to; } output_keys[] = {
    { "constrained", "constrained" }, { "contentType", "contentType" }, { "format", "format" },
    { "jsonSchema", "schema" },
  };

  if (turn->tools->len > 0 && supports != NULL && !_gk_object_get_boolean (supports, "tools", FALSE))
    g_debug ("The model '%s' does not support tools (you set: %u tools). The model may not behave "
             "the way you expect.", genkit_action_get_name (turn->model), turn->tools->len);
  if (_gk_object_get_string (turn->raw, "toolChoice") != NULL && supports != NULL &&
      !_gk_object_get_boolean (supports, "toolChoice", FALSE))
    g_debug ("The model '%s' does not support the 'toolChoice' option. The model may not behave the "
             "way you expect.", genkit_action_get_name (turn->model));

  json_object_set_member (request, "messages", _gk_node_copy (json_object_get_member (turn->raw, "messages")));
  if (json_object_has_member (turn->raw, "config"))
    json_object_set_member (request, "config", _gk_node_copy (json_object_get_member (turn->raw, "config")));
  if (json_object_has_member (turn->raw, "docs"))
    json_object_set_member (request, "docs", _gk_node_copy (json_object_get_member (turn->raw, "docs")));
  for (guint i = 0; i < turn->tools->len; i++)
    json_array_add_element (tools, _genkit_tool_definition (g_ptr_array_index (turn->tools, i)));
  json_object_set_array_member (request, "tools", tools);
  for (guint i = 0; i < G_N_ELEMENTS (output_keys); i++)
    {
      JsonNode *value = raw_output ? json_object_get_member (raw_output, output_keys[i].from) : NULL;

      if (value != NULL && !JSON_NODE_HOLDS_NULL (value) &&
          (!g_str_equal (output_keys[i].to, "schema") || _gk_node_is_truthy (value)))
        json_object_set_member (output, output_keys[i].to, _gk_node_copy (value));
    }
  json_object_set_object_member (request, "output", output);
  if (_gk_node_is_truthy (json_object_get_member (turn->raw, "toolChoice")))
    json_object_set_member (request, "toolChoice", _gk_node_copy (json_object_get_member (turn->raw, "toolChoice")));
  return request;
}

static void
turn_call_model (Turn *turn)
{
  g_autoptr(GkModelChain) chain = NULL;
  g_autoptr(GenkitGenerateRequest) request = NULL;

  turn->request = turn_build_request (turn);
  request = _genkit_request_wrap (turn->request);
  chain = _gk_model_chain_new (turn->gen->middleware, turn->gen->registry, turn->run,
                               genkit_action_run_get_context (turn->run),
                               genkit_action_run_get_cancellable (turn->run),
                               gen_is_streaming (turn->gen), chain_chunk_cb, turn,
                               model_final, turn_ref (turn), (GDestroyNotify) turn_unref);
  _gk_model_chain_run_async (chain, 0, request, turn_model_done_cb, turn_ref (turn));
}

static void
turn_after_resources (Turn *turn)
{
  GError *error = NULL;

  if (!turn_check_tool_names (turn, &error))
    {
      turn_fail (turn, error);
      return;
    }
  if (_gk_object_get_object (turn->raw, "resume") != NULL)
    turn_resume (turn);
  else
    turn_call_model (turn);
}

/* genkit_generate ------------------------------------------------------------------------------- */

typedef struct
{
  char *format;
} GenerateData;

static void
generate_data_free (GenerateData *data)
{
  g_free (data->format);
  g_free (data);
}

static void
generate_done_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GenerateData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) value = NULL;
  GenkitGenerateResponse *response;
  GError *error = NULL;

  value = helper_finish (result, &error);
  if (value == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  response = genkit_generate_response_new_from_json (value, &error);
  if (response == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  _genkit_generate_response_set_format (response, data->format);
  g_task_return_pointer (task, response, (GDestroyNotify) genkit_generate_response_unref);
}

/**
 * genkit_generate_async:
 * @registry: the registry to find the model, tools and middleware in
 * @parent: (nullable): the run the generation belongs to (a flow's run), so its spans nest
 *   there and it inherits the run's context and cancellation; %NULL for a top-level generate
 * @options: what to generate
 * @cancellable: (nullable): cancels the generation (the model's HTTP request included)
 * @callback: called when the generation completes
 * @user_data: data for @callback
 *
 * Generates, Genkit's `ai.generate()`: calls the model (through the options' call-time
 * middleware, then the model's own), runs the tools it asks for, at most `maxTurns` rounds
 * (default 5) with every round's requests run concurrently, and returns the final response.
 * Each turn is traced as a `util` span `generate` (or the step name), the next turn's span
 * inside the previous one, with the model and tool action spans inside them.
 *
 * With a chunk function set, the generation streams: model chunks with role `model` and tool
 * responses with role `tool`, numbered by message.
 *
 * A tool that interrupts ends the generation with finish reason `interrupted`; answer its
 * requests ([method@Genkit.GenerateResponse.get_interrupts]) with `resume` in the next call.
 */
void
genkit_generate_async (GenkitRegistry         *registry,
                       GenkitActionRun        *parent,
                       GenkitGenerateOptions  *options,
                       GCancellable           *cancellable,
                       GAsyncReadyCallback     callback,
                       gpointer                user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) raw = NULL;
  g_autoptr(GError) error = NULL;
  GenerateData *data;
  JsonObject *output;
  JsonObject *context;
  Gen *gen;

  g_return_if_fail (registry == NULL || GENKIT_IS_REGISTRY (registry));
  g_return_if_fail (parent == NULL || GENKIT_IS_ACTION_RUN (parent));
  g_return_if_fail (registry != NULL || parent != NULL);
  g_return_if_fail (options != NULL);

  if (registry == NULL)
    registry = genkit_action_run_get_registry (parent);
  g_return_if_fail (GENKIT_IS_REGISTRY (registry));

  task = g_task_new (registry, cancellable, callback, user_data);
  g_task_set_source_tag (task, genkit_generate_async);
  g_task_set_check_cancellable (task, FALSE);

  if ((raw = genkit_generate_options_to_action_options (options, registry, &error)) == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = g_new0 (GenerateData, 1);
  output = _gk_object_get_object (json_node_get_object (raw), "output");
  data->format = g_strdup (_gk_object_get_string (output, "format"));
  g_task_set_task_data (task, data, (GDestroyNotify) generate_data_free);

  context = _genkit_generate_options_get_context (options);
  if (context == NULL && parent != NULL)
    context = genkit_action_run_get_context (parent);
  if (cancellable == NULL && parent != NULL)
    cancellable = genkit_action_run_get_cancellable (parent);

  gen = gen_new (registry, _genkit_generate_options_get_middleware (options), options, NULL);
  helper_async (gen, parent, context, cancellable, json_node_get_object (raw), 0, 0,
                generate_done_cb, g_steal_pointer (&task));
  gen_unref (gen);
}

/**
 * genkit_generate_finish:
 * @registry: the registry given to [func@Genkit.generate_async]
 * @result: the result given to the callback
 * @error: return location for an error: `INVALID_ARGUMENT` (no messages, no model, a bad
 *   output schema or output that fails it, duplicate tool names, unresolved interrupts),
 *   `NOT_FOUND` (model, tool or resource), `ABORTED` ("Exceeded maximum tool call iterations"),
 *   `FAILED_PRECONDITION` (blocked generation, no message, bad resume), `CANCELLED`, or the
 *   model's or a tool's own error
 *
 * Finishes the call started with the matching `_async` function.
 *
 * Returns: (transfer full): the final response, whose
 *   [method@Genkit.GenerateResponse.get_output] parses with the requested format, or %NULL
 *   with @error set
 */
GenkitGenerateResponse *
genkit_generate_finish (GenkitRegistry  *registry,
                        GAsyncResult    *result,
                        GError         **error)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);
  g_return_val_if_fail (g_task_is_valid (result, registry), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* /util/generate -------------------------------------------------------------------------------- */

static void
generate_action_run (GenkitActionRun *run,
                     JsonNode        *input,
                     gpointer         user_data)
{
  GenkitRegistry *registry = genkit_action_run_get_registry (run);
  g_autoptr(JsonObject) raw = NULL;
  g_autoptr(GPtrArray) middleware = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(Turn) turn = NULL;
  JsonArray *use;
  Gen *gen;

  if (registry == NULL)
    {
      genkit_action_run_return_new_error (run, GENKIT_ERROR_FAILED_PRECONDITION,
                                          "/util/generate is not in a registry");
      return;
    }

  raw = _gk_object_copy (json_node_get_object (input));
  use = _gk_object_get_array (raw, "use");
  for (guint i = 0; use != NULL && i < json_array_get_length (use); i++)
    {
      JsonObject *ref = json_array_get_object_element (use, i);
      GError *error = NULL;
      GenkitModelMiddleware *mw;

      mw = genkit_lookup_model_middleware (registry, json_object_get_string_member (ref, "name"),
                                           json_object_get_member (ref, "config"), &error);
      if (mw == NULL)
        {
          genkit_action_run_return_error (run, error);
          return;
        }
      g_ptr_array_add (middleware, mw);
    }

  gen = gen_new (registry, middleware, NULL, run);
  turn = turn_new (gen, run, raw, 0, 0, TRUE);
  gen_unref (gen);
  turn_start (turn);
}

/**
 * genkit_define_generate_action:
 * @registry: the registry
 * @error: return location for an error: `ALREADY_EXISTS` when `/util/generate` is registered
 *
 * Registers `/util/generate`, Genkit's generate utility action (`defineGenerateAction`): its
 * input is `GenerateActionOptions` (`model`, `messages`, `tools` by name, `output` with
 * `jsonSchema`, `resume`, `use` naming middleware registered with
 * [func@Genkit.register_model_middleware], …), its output a `GenerateResponse`, its stream
 * `GenerateResponseChunk`s. Its first turn runs in its own action span; Dev UIs call it to run
 * a model with tools.
 *
 * Returns: (transfer none) (nullable): the action, owned by the registry, or %NULL with @error
 */
GenkitAction *
genkit_define_generate_action (GenkitRegistry  *registry,
                               GError         **error)
{
  g_autoptr(GenkitAction) action = NULL;
  g_autoptr(JsonNode) input_schema = _genkit_schema_generate_action_options ();
  g_autoptr(JsonNode) output_schema = _genkit_schema_generate_response ();

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);

  action = genkit_action_new (GENKIT_ACTION_TYPE_UTIL, "generate", generate_action_run, NULL, NULL);
  if (!genkit_action_set_input_schema (action, input_schema, error) ||
      !genkit_action_set_output_schema (action, output_schema, error) ||
      !genkit_registry_register_action (registry, action, error))
    return NULL;
  return action;   /* held by the registry */
}
