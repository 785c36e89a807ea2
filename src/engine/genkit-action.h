/* genkit-action.h — a named, typed, schema-checked, traced function: Genkit's action
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include "genkit-types.h"

G_BEGIN_DECLS

/**
 * GenkitActionType:
 * @GENKIT_ACTION_TYPE_CUSTOM: `custom`
 * @GENKIT_ACTION_TYPE_DYNAMIC_ACTION_PROVIDER: `dynamic-action-provider`
 * @GENKIT_ACTION_TYPE_EMBEDDER: `embedder`
 * @GENKIT_ACTION_TYPE_EVALUATOR: `evaluator`
 * @GENKIT_ACTION_TYPE_EXECUTABLE_PROMPT: `executable-prompt`
 * @GENKIT_ACTION_TYPE_FLOW: `flow`
 * @GENKIT_ACTION_TYPE_INDEXER: `indexer`
 * @GENKIT_ACTION_TYPE_MODEL: `model`
 * @GENKIT_ACTION_TYPE_BACKGROUND_MODEL: `background-model`
 * @GENKIT_ACTION_TYPE_CHECK_OPERATION: `check-operation`
 * @GENKIT_ACTION_TYPE_CANCEL_OPERATION: `cancel-operation`
 * @GENKIT_ACTION_TYPE_PROMPT: `prompt`
 * @GENKIT_ACTION_TYPE_RERANKER: `reranker`
 * @GENKIT_ACTION_TYPE_RETRIEVER: `retriever`
 * @GENKIT_ACTION_TYPE_TOOL: `tool`
 * @GENKIT_ACTION_TYPE_TOOL_V2: `tool.v2`
 * @GENKIT_ACTION_TYPE_UTIL: `util`
 * @GENKIT_ACTION_TYPE_RESOURCE: `resource`
 * @GENKIT_ACTION_TYPE_AGENT: `agent`
 * @GENKIT_ACTION_TYPE_AGENT_SNAPSHOT: `agent-snapshot`
 * @GENKIT_ACTION_TYPE_AGENT_ABORT: `agent-abort`
 *
 * Every action type of Genkit (`ACTION_TYPES` in `js/core/src/registry.ts`, 1.41). The
 * strings are what appears in action keys: see [func@Genkit.action_type_to_string].
 */
typedef enum
{
  GENKIT_ACTION_TYPE_CUSTOM,
  GENKIT_ACTION_TYPE_DYNAMIC_ACTION_PROVIDER,
  GENKIT_ACTION_TYPE_EMBEDDER,
  GENKIT_ACTION_TYPE_EVALUATOR,
  GENKIT_ACTION_TYPE_EXECUTABLE_PROMPT,
  GENKIT_ACTION_TYPE_FLOW,
  GENKIT_ACTION_TYPE_INDEXER,
  GENKIT_ACTION_TYPE_MODEL,
  GENKIT_ACTION_TYPE_BACKGROUND_MODEL,
  GENKIT_ACTION_TYPE_CHECK_OPERATION,
  GENKIT_ACTION_TYPE_CANCEL_OPERATION,
  GENKIT_ACTION_TYPE_PROMPT,
  GENKIT_ACTION_TYPE_RERANKER,
  GENKIT_ACTION_TYPE_RETRIEVER,
  GENKIT_ACTION_TYPE_TOOL,
  GENKIT_ACTION_TYPE_TOOL_V2,
  GENKIT_ACTION_TYPE_UTIL,
  GENKIT_ACTION_TYPE_RESOURCE,
  GENKIT_ACTION_TYPE_AGENT,
  GENKIT_ACTION_TYPE_AGENT_SNAPSHOT,
  GENKIT_ACTION_TYPE_AGENT_ABORT,
} GenkitActionType;

GENKIT_AVAILABLE_IN_ALL
const char *genkit_action_type_to_string   (GenkitActionType  type);
GENKIT_AVAILABLE_IN_ALL
gboolean    genkit_action_type_from_string (const char       *string,
                                            GenkitActionType *type);
GENKIT_AVAILABLE_IN_ALL
gboolean    genkit_parse_action_key        (const char       *key,
                                            GenkitActionType *type,
                                            char            **plugin_name,
                                            char            **action_name);

#define GENKIT_TYPE_ACTION (genkit_action_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (GenkitAction, genkit_action, GENKIT, ACTION, GObject)

/**
 * GenkitActionClass:
 * @parent_class: the parent class
 * @run: runs the action's body on validated input; must complete the run exactly once. The
 *   default calls the function given to [ctor@Genkit.Action.new].
 *
 * The class of [class@Genkit.Action]. Subclasses (flows, models, prompts) override @run.
 */
struct _GenkitActionClass
{
  GObjectClass parent_class;

  void (*run) (GenkitAction    *self,
               GenkitActionRun *run,
               JsonNode        *input);

  /*< private >*/
  gpointer padding[8];
};

GENKIT_AVAILABLE_IN_ALL
GenkitAction     *genkit_action_new                (GenkitActionType      type,
                                                    const char           *name,
                                                    GenkitActionFunc      func,
                                                    gpointer              user_data,
                                                    GDestroyNotify        destroy);
GENKIT_AVAILABLE_IN_ALL
GenkitActionType  genkit_action_get_action_type    (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
const char       *genkit_action_get_name           (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
const char       *genkit_action_get_key            (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
const char       *genkit_action_get_description    (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_action_set_description    (GenkitAction         *self,
                                                    const char           *description);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_action_get_input_schema   (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_action_set_input_schema   (GenkitAction         *self,
                                                    JsonNode             *schema,
                                                    GError              **error);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_action_get_output_schema  (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_action_set_output_schema  (GenkitAction         *self,
                                                    JsonNode             *schema,
                                                    GError              **error);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_action_get_init_schema    (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_action_set_init_schema    (GenkitAction         *self,
                                                    JsonNode             *schema,
                                                    GError              **error);
GENKIT_AVAILABLE_IN_ALL
JsonObject       *genkit_action_get_metadata       (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_action_set_metadata       (GenkitAction         *self,
                                                    JsonObject           *metadata);
GENKIT_AVAILABLE_IN_ALL
GenkitRegistry   *genkit_action_get_registry       (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_action_add_middleware     (GenkitAction         *self,
                                                    GenkitMiddlewareFunc  func,
                                                    gpointer              user_data,
                                                    GDestroyNotify        destroy);
GENKIT_AVAILABLE_IN_ALL
guint             genkit_action_get_n_middleware   (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
gboolean          genkit_action_validate_input     (GenkitAction         *self,
                                                    JsonNode             *input,
                                                    GError              **error);
GENKIT_AVAILABLE_IN_ALL
JsonNode         *genkit_action_to_descriptor      (GenkitAction         *self);
GENKIT_AVAILABLE_IN_ALL
void              genkit_action_run_async          (GenkitAction         *self,
                                                    JsonNode             *input,
                                                    GenkitRunOptions     *options,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GENKIT_AVAILABLE_IN_ALL
GenkitActionResult *genkit_action_run_finish       (GenkitAction         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
