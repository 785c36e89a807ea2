/* studio-action-item.h — one row of the action list: a group header or an action
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit.h>

G_BEGIN_DECLS

/**
 * StudioActionGroup:
 * @STUDIO_ACTION_GROUP_FLOWS: `flow`
 * @STUDIO_ACTION_GROUP_MODELS: `model`, `background-model`
 * @STUDIO_ACTION_GROUP_PROMPTS: `prompt`, `executable-prompt`
 * @STUDIO_ACTION_GROUP_TOOLS: `tool`, `tool.v2`
 * @STUDIO_ACTION_GROUP_RETRIEVERS: `retriever`
 * @STUDIO_ACTION_GROUP_EMBEDDERS: `embedder`
 * @STUDIO_ACTION_GROUP_EVALUATORS: `evaluator`
 * @STUDIO_ACTION_GROUP_OTHER: every other type (indexers, rerankers, `/util/generate`, ...)
 *
 * The sections of the action list, in their order.
 */
typedef enum
{
  STUDIO_ACTION_GROUP_FLOWS,
  STUDIO_ACTION_GROUP_MODELS,
  STUDIO_ACTION_GROUP_PROMPTS,
  STUDIO_ACTION_GROUP_TOOLS,
  STUDIO_ACTION_GROUP_RETRIEVERS,
  STUDIO_ACTION_GROUP_EMBEDDERS,
  STUDIO_ACTION_GROUP_EVALUATORS,
  STUDIO_ACTION_GROUP_OTHER,
} StudioActionGroup;

#define STUDIO_N_ACTION_GROUPS (STUDIO_ACTION_GROUP_OTHER + 1)

#define STUDIO_TYPE_ACTION_ITEM (studio_action_item_get_type ())

G_DECLARE_FINAL_TYPE (StudioActionItem, studio_action_item, STUDIO, ACTION_ITEM, GObject)

StudioActionGroup  studio_action_group_for_type           (const char        *action_type);
const char        *studio_action_group_get_label          (StudioActionGroup  group);

StudioActionItem  *studio_action_item_new_action          (const char        *key,
                                                           JsonNode          *descriptor);
StudioActionItem  *studio_action_item_new_header          (StudioActionGroup  group,
                                                           guint              count);
gboolean           studio_action_item_is_header           (StudioActionItem  *self);
StudioActionGroup  studio_action_item_get_group           (StudioActionItem  *self);
const char        *studio_action_item_get_key             (StudioActionItem  *self);
const char        *studio_action_item_get_name            (StudioActionItem  *self);
const char        *studio_action_item_get_action_type     (StudioActionItem  *self);
const char        *studio_action_item_get_description     (StudioActionItem  *self);
JsonNode          *studio_action_item_get_descriptor      (StudioActionItem  *self);
JsonNode          *studio_action_item_get_input_schema    (StudioActionItem  *self);
JsonNode          *studio_action_item_get_output_schema   (StudioActionItem  *self);
JsonObject        *studio_action_item_get_metadata        (StudioActionItem  *self);
guint              studio_action_item_get_count           (StudioActionItem  *self);
gboolean           studio_action_item_matches             (StudioActionItem  *self,
                                                           const char * const *words);

G_END_DECLS
