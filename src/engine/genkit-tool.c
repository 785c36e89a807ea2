/* genkit-tool.c — a tool a model can call, its multipart twin, and interrupts
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-action-private.h"
#include "genkit-action-run.h"
#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-json-schema.h"
#include "genkit-registry.h"
#include "genkit-run-options.h"
#include "genkit-span.h"
#include "genkit-tool.h"

/**
 * GenkitTool:
 *
 * A tool, Genkit's `defineTool` (`js/ai/src/tool.ts`): an action `/tool/<name>` that a model
 * asks for with a `toolRequest` part and generate runs in its tool loop. Its description and
 * JSON Schemas are what the model sees (a `ToolDefinition`).
 *
 * As in Genkit, [func@Genkit.define_tool] registers two actions: `/tool/<name>`
 * (metadata `{"type": "tool"}`) and its multipart twin `/tool.v2/<name>`
 * (`{"type": "tool.v2", "tool": {"multipart": true}, "dynamic": true}`, output
 * `{"output": <the tool's output>}`). A multipart tool ([func@Genkit.define_multipart_tool])
 * answers `{"output"?, "content"?: Part[], "metadata"?}` and exists only as `/tool.v2/<name>`.
 *
 * The tool's body is a [callback@Genkit.ActionFunc]. Besides answering, it can interrupt the
 * generation ([func@Genkit.tool_interrupt], Genkit's `interrupt(metadata)`): generate then
 * returns the tool request marked `metadata.interrupt`, to be answered with `resume.respond`
 * ([method@Genkit.Tool.respond]) or re-run with `resume.restart`
 * ([method@Genkit.Tool.restart]). A restarted tool finds the restart's metadata with
 * [func@Genkit.tool_get_resumed].
 *
 * ```c
 * static void
 * add_cb (GenkitActionRun *run, JsonNode *input, gpointer user_data)
 * {
 *   JsonObject *o = json_node_get_object (input);
 *   double sum = json_object_get_double_member (o, "a") + json_object_get_double_member (o, "b");
 *
 *   genkit_action_run_return_value (run, json_node_init_double (json_node_alloc (), sum));
 * }
 *
 * genkit_define_tool (registry, "add", "Adds two numbers", input_schema, output_schema,
 *                     add_cb, NULL, NULL, &error);
 * ```
 */
struct _GenkitTool
{
  GenkitAction      parent_instance;

  GenkitActionFunc  func;
  gpointer          user_data;
  GDestroyNotify    destroy;

  GenkitTool       *wrapped;           /* a twin runs this plain tool's body */
  gboolean          multipart;
  JsonNode         *interrupt_metadata; /* an interrupt tool interrupts with this */
  gboolean          is_interrupt;
  JsonNode         *plain_output_schema; /* for respond(), of the tool or of the wrapped one */

  GHashTable       *pending;            /* span id → CallInfo of calls about to run */
};

G_DEFINE_FINAL_TYPE (GenkitTool, genkit_tool, GENKIT_TYPE_ACTION)

static const char draft07[] = "http://json-schema.org/draft-07/schema#";

/* The interrupt error ------------------------------------------------------------------------ */

typedef struct
{
  JsonNode *metadata;
} GenkitInterruptErrorPrivate;

static void
genkit_interrupt_error_private_init (GenkitInterruptErrorPrivate *priv)
{
  priv->metadata = NULL;
}

static void
genkit_interrupt_error_private_copy (const GenkitInterruptErrorPrivate *src,
                                     GenkitInterruptErrorPrivate       *dest)
{
  dest->metadata = src->metadata ? _gk_node_copy (src->metadata) : NULL;
}

static void
genkit_interrupt_error_private_clear (GenkitInterruptErrorPrivate *priv)
{
  g_clear_pointer (&priv->metadata, json_node_unref);
}

/**
 * genkit_interrupt_error_quark:
 *
 * Gets the error domain of tool interrupts, [const@Genkit.INTERRUPT_ERROR]. Errors in it carry
 * the interrupt's metadata, copied along with the error.
 *
 * Returns: the error domain's quark
 */
G_DEFINE_EXTENDED_ERROR (GenkitInterruptError, genkit_interrupt_error)

/**
 * genkit_interrupt_error_get_metadata:
 * @error: an error in [const@Genkit.INTERRUPT_ERROR]
 *
 * Gets the metadata the tool interrupted with.
 *
 * Returns: (transfer none) (nullable): the metadata, %NULL when the tool gave none
 */
JsonNode *
genkit_interrupt_error_get_metadata (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);
  g_return_val_if_fail (error->domain == GENKIT_INTERRUPT_ERROR, NULL);

  return genkit_interrupt_error_get_private (error)->metadata;
}

/**
 * genkit_tool_interrupt:
 * @run: the run of a tool
 * @metadata: (nullable): what the caller needs to answer the interrupt, e.g.
 *   `{"question": "Book it?"}`; copied
 *
 * Interrupts the generation from inside a tool, Genkit's `interrupt(metadata)`: the run
 * completes with a [const@Genkit.INTERRUPT_ERROR] error carrying @metadata, which generate turns
 * into a tool request marked `metadata.interrupt` (the metadata, or `true`) and a response with
 * finish reason `interrupted`. The tool's span records `genkit:metadata:interrupt`.
 */
void
genkit_tool_interrupt (GenkitActionRun *run,
                       JsonNode        *metadata)
{
  GError *error;

  g_return_if_fail (GENKIT_IS_ACTION_RUN (run));

  if (metadata != NULL && !JSON_NODE_HOLDS_NULL (metadata))
    {
      g_autofree char *json = _gk_json_stringify (metadata);

      genkit_span_set_string_attribute (genkit_action_run_get_span (run), "genkit:metadata:interrupt", json);
    }
  /* Genkit's ToolInterruptError has an empty message. */
  error = g_error_new_literal (GENKIT_INTERRUPT_ERROR, GENKIT_INTERRUPT_ERROR_INTERRUPTED, "");
  if (metadata != NULL && !JSON_NODE_HOLDS_NULL (metadata))
    genkit_interrupt_error_get_private (error)->metadata = _gk_node_copy (metadata);
  genkit_action_run_return_error (run, error);
}

/* What generate tells the tool about one call --------------------------------------------------- */

typedef struct
{
  GenkitTool *tool;
  JsonObject *metadata;   /* the tool request part's metadata */
} CallInfo;

static void
call_info_free (CallInfo *info)
{
  g_clear_object (&info->tool);
  g_clear_pointer (&info->metadata, json_object_unref);
  g_free (info);
}

static GQuark
call_info_quark (void)
{
  return g_quark_from_static_string ("genkit-tool-call-info");
}

static void
call_started_cb (const char *trace_id,
                 const char *span_id,
                 gpointer    user_data)
{
  CallInfo *info = user_data;
  CallInfo *copy = g_new0 (CallInfo, 1);

  copy->metadata = info->metadata ? json_object_ref (info->metadata) : NULL;
  g_hash_table_replace (info->tool->pending, g_strdup (span_id), copy);
}

void
_genkit_tool_prepare_call (GenkitAction     *tool,
                           GenkitRunOptions *options,
                           JsonObject       *request_metadata)
{
  CallInfo *info;

  if (!GENKIT_IS_TOOL (tool) || request_metadata == NULL)
    return;

  info = g_new0 (CallInfo, 1);
  info->tool = g_object_ref (GENKIT_TOOL (tool));
  info->metadata = json_object_ref (request_metadata);
  genkit_run_options_set_started_func (options, call_started_cb, info, (GDestroyNotify) call_info_free);
}

/**
 * genkit_tool_get_resumed:
 * @run: the run of a tool
 *
 * Gets `resumed`, what a restart passed to a tool that interrupted before (Genkit's
 * `ToolRunOptions.resumed`): the restart's metadata, or `true`.
 *
 * Returns: (transfer none) (nullable): the resumed metadata, %NULL when this is not a restart
 */
JsonNode *
genkit_tool_get_resumed (GenkitActionRun *run)
{
  CallInfo *info;

  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (run), NULL);

  info = g_object_get_qdata (G_OBJECT (run), call_info_quark ());
  if (info == NULL || info->metadata == NULL)
    return NULL;
  return json_object_get_member (info->metadata, "resumed");
}

/**
 * genkit_tool_get_request_metadata:
 * @run: the run of a tool
 *
 * Gets the metadata of the tool request part that made generate call this tool (Genkit's
 * `ToolRunOptions.metadata`).
 *
 * Returns: (transfer none) (nullable): the metadata, %NULL when there is none or the tool was
 *   not called by generate
 */
JsonObject *
genkit_tool_get_request_metadata (GenkitActionRun *run)
{
  CallInfo *info;

  g_return_val_if_fail (GENKIT_IS_ACTION_RUN (run), NULL);

  info = g_object_get_qdata (G_OBJECT (run), call_info_quark ());
  return info ? info->metadata : NULL;
}

/* Running --------------------------------------------------------------------------------------- */

typedef struct
{
  GenkitActionRun *outer;
} TwinRun;

/* The twin of a plain tool answers `{"output": <the plain tool's output>}`. */
static void
twin_complete (GenkitActionRun *inner,
               JsonNode        *value,
               const GError    *error,
               gpointer         user_data)
{
  TwinRun *twin = user_data;

  if (error != NULL)
    genkit_action_run_return_error (twin->outer, g_error_copy (error));
  else
    {
      JsonObject *wrapped = json_object_new ();

      if (value != NULL)
        json_object_set_member (wrapped, "output", _gk_node_copy (value));
      genkit_action_run_return_value (twin->outer, _gk_node_take_object (wrapped));
    }
}

static void
twin_run_free (TwinRun *twin)
{
  g_clear_object (&twin->outer);
  g_free (twin);
}

static void
genkit_tool_run (GenkitAction    *action,
                 GenkitActionRun *run,
                 JsonNode        *input)
{
  GenkitTool *self = GENKIT_TOOL (action);
  GenkitTool *body = self->wrapped ? self->wrapped : self;
  const char *span_id = genkit_span_get_span_id (genkit_action_run_get_span (run));
  CallInfo *info = NULL;
  g_autofree char *pending_key = NULL;
  g_autoptr(GenkitActionRun) inner = NULL;
  GenkitActionRun *target = run;
  JsonNode *resumed;

  if (g_hash_table_steal_extended (self->pending, span_id, (gpointer *) &pending_key, (gpointer *) &info))
    g_object_set_qdata_full (G_OBJECT (run), call_info_quark (), info, (GDestroyNotify) call_info_free);

  /* Genkit records a restart's metadata on the tool's span. */
  if ((resumed = genkit_tool_get_resumed (run)) != NULL && _gk_node_is_truthy (resumed))
    {
      g_autofree char *json = _gk_json_stringify (resumed);

      genkit_span_set_string_attribute (genkit_action_run_get_span (run), "genkit:metadata:resumed", json);
    }

  if (self->wrapped != NULL)
    {
      TwinRun *twin = g_new0 (TwinRun, 1);

      twin->outer = g_object_ref (run);
      inner = _genkit_action_run_new (action, genkit_action_run_get_registry (run),
                                      genkit_action_run_get_span (run),
                                      genkit_action_run_get_context (run),
                                      genkit_action_run_get_cancellable (run), NULL, run,
                                      twin_complete, twin, (GDestroyNotify) twin_run_free);
      if (info != NULL)
        {
          CallInfo *copy = g_new0 (CallInfo, 1);

          copy->metadata = info->metadata ? json_object_ref (info->metadata) : NULL;
          g_object_set_qdata_full (G_OBJECT (inner), call_info_quark (), copy, (GDestroyNotify) call_info_free);
        }
      target = inner;
    }

  if (body->is_interrupt)
    genkit_tool_interrupt (target, body->interrupt_metadata);
  else
    body->func (target, input, body->user_data);
}

static void
genkit_tool_finalize (GObject *object)
{
  GenkitTool *self = GENKIT_TOOL (object);

  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_clear_object (&self->wrapped);
  g_clear_pointer (&self->interrupt_metadata, json_node_unref);
  g_clear_pointer (&self->plain_output_schema, json_node_unref);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (genkit_tool_parent_class)->finalize (object);
}

static void
genkit_tool_class_init (GenkitToolClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = genkit_tool_finalize;
  GENKIT_ACTION_CLASS (klass)->run = genkit_tool_run;
}

static void
genkit_tool_init (GenkitTool *self)
{
  self->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) call_info_free);
}

/* Construction ------------------------------------------------------------------------------ */

static GenkitTool *
tool_new (GenkitActionType   type,
          const char        *name,
          const char        *description,
          JsonNode          *input_schema,
          JsonNode          *output_schema,
          GError           **error)
{
  g_autoptr(GenkitTool) self = g_object_new (GENKIT_TYPE_TOOL, "action-type", type, "name", name, NULL);
  JsonObject *metadata = genkit_action_get_metadata (GENKIT_ACTION (self));

  genkit_action_set_description (GENKIT_ACTION (self), description);
  if (type == GENKIT_ACTION_TYPE_TOOL)
    {
      json_object_set_string_member (metadata, "type", "tool");
      json_object_set_boolean_member (metadata, "dynamic", TRUE);
    }
  else
    {
      JsonObject *tool = json_object_new ();

      json_object_set_string_member (metadata, "type", "tool.v2");
      json_object_set_boolean_member (tool, "multipart", TRUE);
      json_object_set_object_member (metadata, "tool", tool);
      json_object_set_boolean_member (metadata, "dynamic", TRUE);
      self->multipart = TRUE;
    }

  if (input_schema != NULL && !genkit_action_set_input_schema (GENKIT_ACTION (self), input_schema, error))
    return NULL;
  if (type == GENKIT_ACTION_TYPE_TOOL_V2)
    {
      g_autoptr(JsonNode) multipart = _genkit_schema_multipart_tool_response ();

      if (!genkit_action_set_output_schema (GENKIT_ACTION (self), multipart, error))
        return NULL;
    }
  else if (output_schema != NULL && !genkit_action_set_output_schema (GENKIT_ACTION (self), output_schema, error))
    return NULL;
  if (output_schema != NULL)
    self->plain_output_schema = _gk_node_copy (output_schema);
  return g_steal_pointer (&self);
}

/**
 * genkit_tool_new:
 * @name: the tool's name, e.g. `add` or `myplugin/search` (models see the part after the last
 *   `/`)
 * @description: what the tool does, for the model
 * @input_schema: (nullable): JSON Schema of the input
 * @output_schema: (nullable): JSON Schema of the output
 * @func: (scope notified) (closure user_data) (destroy destroy): the tool's body
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the tool
 * @error: return location for an error: `INVALID_ARGUMENT` for a schema that does not compile
 *
 * Makes a tool without registering it (Genkit's `tool()`, a "dynamic" tool: its metadata is
 * `{"type": "tool", "dynamic": true}`).
 *
 * Returns: (transfer full) (nullable): the tool, or %NULL with @error set
 */
GenkitTool *
genkit_tool_new (const char        *name,
                 const char        *description,
                 JsonNode          *input_schema,
                 JsonNode          *output_schema,
                 GenkitActionFunc   func,
                 gpointer           user_data,
                 GDestroyNotify     destroy,
                 GError           **error)
{
  GenkitTool *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (description != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = tool_new (GENKIT_ACTION_TYPE_TOOL, name, description, input_schema, output_schema, error);
  if (self == NULL)
    {
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

/**
 * genkit_tool_new_multipart:
 * @name: the tool's name
 * @description: what the tool does, for the model
 * @input_schema: (nullable): JSON Schema of the input
 * @func: (scope notified) (closure user_data) (destroy destroy): the tool's body; it answers
 *   `{"output"?: any, "content"?: Part[], "metadata"?: {...}}`
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the tool
 * @error: return location for an error: `INVALID_ARGUMENT` for a schema that does not compile
 *
 * Makes a multipart (`tool.v2`) tool without registering it. Its answer becomes a tool
 * response with `output` and `content`, and part `metadata`.
 *
 * Returns: (transfer full) (nullable): the tool, or %NULL with @error set
 */
GenkitTool *
genkit_tool_new_multipart (const char        *name,
                           const char        *description,
                           JsonNode          *input_schema,
                           GenkitActionFunc   func,
                           gpointer           user_data,
                           GDestroyNotify     destroy,
                           GError           **error)
{
  GenkitTool *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (description != NULL, NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = tool_new (GENKIT_ACTION_TYPE_TOOL_V2, name, description, input_schema, NULL, error);
  if (self == NULL)
    {
      if (destroy != NULL)
        destroy (user_data);
      return NULL;
    }
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  return self;
}

static GenkitTool *
register_tool (GenkitRegistry  *registry,
               GenkitTool      *tool,
               GError         **error)
{
  g_autoptr(GenkitTool) owned = tool;

  if (owned == NULL)
    return NULL;
  if (owned->wrapped == NULL)
    json_object_remove_member (genkit_action_get_metadata (GENKIT_ACTION (owned)), "dynamic");
  if (!genkit_registry_register_action (registry, GENKIT_ACTION (owned), error))
    return NULL;
  return owned;    /* held by the registry */
}

/**
 * genkit_define_tool:
 * @registry: the registry
 * @name: the tool's name
 * @description: what the tool does, for the model
 * @input_schema: (nullable): JSON Schema of the input
 * @output_schema: (nullable): JSON Schema of the output
 * @func: (scope notified) (closure user_data) (destroy destroy): the tool's body
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the tool
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad schema,
 *   `ALREADY_EXISTS` when the key is taken
 *
 * Defines a tool, Genkit's `ai.defineTool`: registers `/tool/<name>` and, as Genkit does, its
 * `/tool.v2/<name>` twin, which runs the same body and answers `{"output": …}`.
 *
 * Returns: (transfer none) (nullable): the `/tool/` action, owned by the registry, or %NULL
 *   with @error set
 */
GenkitTool *
genkit_define_tool (GenkitRegistry    *registry,
                    const char        *name,
                    const char        *description,
                    JsonNode          *input_schema,
                    JsonNode          *output_schema,
                    GenkitActionFunc   func,
                    gpointer           user_data,
                    GDestroyNotify     destroy,
                    GError           **error)
{
  GenkitTool *tool;
  GenkitTool *twin;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);

  tool = register_tool (registry, genkit_tool_new (name, description, input_schema, output_schema,
                                                   func, user_data, destroy, error), error);
  if (tool == NULL)
    return NULL;

  twin = tool_new (GENKIT_ACTION_TYPE_TOOL_V2, name, description, input_schema, output_schema, error);
  if (twin == NULL)
    return NULL;
  twin->wrapped = g_object_ref (tool);
  if (register_tool (registry, twin, error) == NULL)
    return NULL;
  return tool;
}

/**
 * genkit_define_multipart_tool:
 * @registry: the registry
 * @name: the tool's name
 * @description: what the tool does, for the model
 * @input_schema: (nullable): JSON Schema of the input
 * @func: (scope notified) (closure user_data) (destroy destroy): the tool's body; it answers
 *   `{"output"?, "content"?, "metadata"?}`
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the tool
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad schema,
 *   `ALREADY_EXISTS` when the key is taken
 *
 * Defines a multipart tool, Genkit's `ai.defineTool({multipart: true, ...})`: registers only
 * `/tool.v2/<name>` (metadata `{"type": "tool.v2", "tool": {"multipart": true}}`).
 *
 * Returns: (transfer none) (nullable): the tool, owned by the registry, or %NULL with @error
 */
GenkitTool *
genkit_define_multipart_tool (GenkitRegistry    *registry,
                              const char        *name,
                              const char        *description,
                              JsonNode          *input_schema,
                              GenkitActionFunc   func,
                              gpointer           user_data,
                              GDestroyNotify     destroy,
                              GError           **error)
{
  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);

  return register_tool (registry, genkit_tool_new_multipart (name, description, input_schema, func,
                                                             user_data, destroy, error), error);
}

static void
interrupt_body (GenkitActionRun *run,
                JsonNode        *input,
                gpointer         user_data)
{
  /* genkit_tool_run() interrupts for an interrupt tool; its body is never called. */
  g_assert_not_reached ();
}

/**
 * genkit_define_interrupt:
 * @registry: the registry
 * @name: the interrupt's name
 * @description: what it asks, for the model
 * @input_schema: (nullable): JSON Schema of what the model passes (e.g. a question)
 * @output_schema: (nullable): JSON Schema of the answer `resume.respond` must give
 * @request_metadata: (nullable): the metadata it interrupts with (Genkit's `requestMetadata`)
 * @error: return location for an error: `INVALID_ARGUMENT` for a bad schema,
 *   `ALREADY_EXISTS` when the key is taken
 *
 * Defines an interrupt, Genkit's `ai.defineInterrupt`: a tool `/tool/<name>` (metadata
 * `{"tool": {"restartable": false}, "type": "tool"}`, no `tool.v2` twin) that always interrupts,
 * so the caller answers it with [method@Genkit.Tool.respond].
 *
 * Returns: (transfer none) (nullable): the tool, owned by the registry, or %NULL with @error
 */
GenkitTool *
genkit_define_interrupt (GenkitRegistry  *registry,
                         const char      *name,
                         const char      *description,
                         JsonNode        *input_schema,
                         JsonNode        *output_schema,
                         JsonNode        *request_metadata,
                         GError         **error)
{
  GenkitTool *self;
  JsonObject *metadata;
  JsonObject *tool;

  g_return_val_if_fail (GENKIT_IS_REGISTRY (registry), NULL);

  self = genkit_tool_new (name, description, input_schema, output_schema, interrupt_body, NULL, NULL, error);
  if (self == NULL)
    return NULL;
  self->is_interrupt = TRUE;
  self->interrupt_metadata = request_metadata ? _gk_node_copy (request_metadata) : NULL;

  /* Genkit's key order: the user's metadata (with `tool`) first, then `type`. */
  metadata = json_object_new ();
  tool = json_object_new ();
  json_object_set_boolean_member (tool, "restartable", FALSE);
  json_object_set_object_member (metadata, "tool", tool);
  json_object_set_string_member (metadata, "type", "tool");
  genkit_action_set_metadata (GENKIT_ACTION (self), metadata);
  json_object_unref (metadata);

  return register_tool (registry, self, error);
}

/**
 * genkit_tool_is_multipart:
 * @self: a [class@Genkit.Tool]
 *
 * Tells whether the tool is a `tool.v2` action, answering `{output, content, metadata}`.
 *
 * Returns: %TRUE for a multipart tool (or the twin of a plain one)
 */
gboolean
genkit_tool_is_multipart (GenkitTool *self)
{
  g_return_val_if_fail (GENKIT_IS_TOOL (self), FALSE);
  return self->multipart;
}

gboolean
_genkit_tool_is_multipart (GenkitAction *tool)
{
  return genkit_action_get_action_type (tool) == GENKIT_ACTION_TYPE_TOOL_V2;
}

static JsonNode *
definition_schema (JsonNode *schema)
{
  if (schema != NULL)
    return _gk_node_copy (schema);
  /* Genkit's toJsonSchema of z.void(): an empty schema with only `$schema`. */
  {
    JsonObject *object = json_object_new ();

    json_object_set_string_member (object, "$schema", draft07);
    return _gk_node_take_object (object);
  }
}

/* Genkit's `toToolDefinition`: what the model sees of a tool (or of any action used as one). */
JsonNode *
_genkit_tool_definition (GenkitAction *tool)
{
  JsonObject *definition = json_object_new ();
  const char *original = genkit_action_get_name (tool);
  const char *slash = strrchr (original, '/');
  const char *name = slash ? slash + 1 : original;
  const char *description = genkit_action_get_description (tool);
  JsonNode *output_schema = genkit_action_get_output_schema (tool);
  JsonNode *input_schema = genkit_action_get_input_schema (tool);

  json_object_set_string_member (definition, "name", name);
  json_object_set_string_member (definition, "description", description ? description : "");
  json_object_set_member (definition, "outputSchema", definition_schema (output_schema));
  json_object_set_member (definition, "inputSchema", definition_schema (input_schema));
  json_object_set_string_member (definition, "key", genkit_action_get_key (tool));
  if (slash != NULL)
    {
      JsonObject *metadata = json_object_new ();

      json_object_set_string_member (metadata, "originalName", original);
      json_object_set_object_member (definition, "metadata", metadata);
    }
  return _gk_node_take_object (definition);
}

/**
 * genkit_tool_to_definition:
 * @self: a [class@Genkit.Tool]
 *
 * Describes the tool for a model, Genkit's `toToolDefinition`: `name` (after the last `/`),
 * `description`, `outputSchema`, `inputSchema`, `key`, and `metadata.originalName` when the
 * name was shortened.
 *
 * Returns: (transfer full): the `ToolDefinition` object
 */
JsonNode *
genkit_tool_to_definition (GenkitTool *self)
{
  g_return_val_if_fail (GENKIT_IS_TOOL (self), NULL);
  return _genkit_tool_definition (GENKIT_ACTION (self));
}

static JsonObject *
interrupt_request (GenkitPart  *interrupt,
                   GError     **error)
{
  JsonObject *object = genkit_part_get_json_object (interrupt);
  JsonObject *request = _gk_object_get_object (object, "toolRequest");

  if (request == NULL || _gk_object_get_string (request, "name") == NULL)
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "The interrupt to answer must be a tool request part");
      return NULL;
    }
  return request;
}

/**
 * genkit_tool_respond:
 * @self: a [class@Genkit.Tool]
 * @interrupt: the interrupted tool request part (from
 *   [method@Genkit.GenerateResponse.get_interrupts])
 * @output: (nullable): the answer, checked against the tool's output schema
 * @metadata: (nullable): recorded as the part's `metadata.interruptResponse` (default `true`)
 * @error: return location for an error: `INVALID_ARGUMENT` when @output fails the schema
 *
 * Builds the reply to an interrupt for `resume.respond`, Genkit's `tool.respond()`:
 * `{"toolResponse": {"name", "ref", "output"}, "metadata": {"interruptResponse": …}}`.
 *
 * Returns: (transfer full) (nullable): the tool response part, or %NULL with @error set
 */
GenkitPart *
genkit_tool_respond (GenkitTool  *self,
                     GenkitPart  *interrupt,
                     JsonNode    *output,
                     JsonNode    *metadata,
                     GError     **error)
{
  JsonObject *request;
  g_autoptr(GenkitPart) part = NULL;
  JsonObject *part_metadata;

  g_return_val_if_fail (GENKIT_IS_TOOL (self), NULL);
  g_return_val_if_fail (interrupt != NULL, NULL);

  if ((request = interrupt_request (interrupt, error)) == NULL)
    return NULL;
  if (self->plain_output_schema != NULL && output != NULL &&
      !genkit_json_schema_validate_node (self->plain_output_schema, output, error))
    return NULL;

  part = genkit_part_new_tool_response (json_object_get_string_member (request, "name"),
                                        _gk_object_get_string (request, "ref"), output);
  part_metadata = json_object_new ();
  if (metadata != NULL)
    json_object_set_member (part_metadata, "interruptResponse", _gk_node_copy (metadata));
  else
    json_object_set_boolean_member (part_metadata, "interruptResponse", TRUE);
  genkit_part_set_metadata (part, part_metadata);
  json_object_unref (part_metadata);
  return g_steal_pointer (&part);
}

/**
 * genkit_tool_restart:
 * @self: a [class@Genkit.Tool]
 * @interrupt: the interrupted tool request part
 * @resumed_metadata: (nullable): what the tool will see as `resumed` (default `true`)
 * @replace_input: (nullable): a new input for the tool, checked against its input schema; the
 *   old one is kept as `metadata.replacedInput`
 * @error: return location for an error: `INVALID_ARGUMENT` when @replace_input fails the schema
 *
 * Builds a restart of an interrupted tool for `resume.restart`, Genkit's `tool.restart()`:
 * `{"toolRequest": {"name", "ref", "input"}, "metadata": {...the interrupt's metadata,
 * "resumed", "replacedInput"?}}`.
 *
 * Returns: (transfer full) (nullable): the tool request part, or %NULL with @error set
 */
GenkitPart *
genkit_tool_restart (GenkitTool  *self,
                     GenkitPart  *interrupt,
                     JsonNode    *resumed_metadata,
                     JsonNode    *replace_input,
                     GError     **error)
{
  JsonObject *request;
  JsonObject *old_metadata;
  g_autoptr(GenkitPart) part = NULL;
  JsonObject *metadata;
  JsonNode *old_input;

  g_return_val_if_fail (GENKIT_IS_TOOL (self), NULL);
  g_return_val_if_fail (interrupt != NULL, NULL);

  if ((request = interrupt_request (interrupt, error)) == NULL)
    return NULL;
  if (replace_input != NULL && !genkit_action_validate_input (GENKIT_ACTION (self), replace_input, error))
    return NULL;

  old_input = json_object_get_member (request, "input");
  part = genkit_part_new_tool_request (json_object_get_string_member (request, "name"),
                                       _gk_object_get_string (request, "ref"),
                                       replace_input ? replace_input : old_input);
  old_metadata = genkit_part_get_metadata (interrupt);
  metadata = old_metadata ? _gk_object_copy (old_metadata) : json_object_new ();
  if (resumed_metadata != NULL)
    json_object_set_member (metadata, "resumed", _gk_node_copy (resumed_metadata));
  else
    json_object_set_boolean_member (metadata, "resumed", TRUE);
  if (replace_input != NULL && old_input != NULL)
    json_object_set_member (metadata, "replacedInput", _gk_node_copy (old_input));
  genkit_part_set_metadata (part, metadata);
  json_object_unref (metadata);
  return g_steal_pointer (&part);
}
