/* studio-action-list.h — a runtime's actions, grouped by type, filtered by a search
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "studio-action-item.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_ACTION_LIST (studio_action_list_get_type ())

G_DECLARE_FINAL_TYPE (StudioActionList, studio_action_list, STUDIO, ACTION_LIST, GObject)

StudioActionList *studio_action_list_new            (void);
void              studio_action_list_set_actions    (StudioActionList *self,
                                                     JsonNode         *actions);
void              studio_action_list_clear          (StudioActionList *self);
const char       *studio_action_list_get_filter     (StudioActionList *self);
void              studio_action_list_set_filter     (StudioActionList *self,
                                                     const char       *filter);
guint             studio_action_list_get_n_actions  (StudioActionList *self);
guint             studio_action_list_get_n_matches  (StudioActionList *self);
StudioActionItem *studio_action_list_lookup         (StudioActionList *self,
                                                     const char       *key);
guint             studio_action_list_find_position  (StudioActionList *self,
                                                     const char       *key);

G_END_DECLS
