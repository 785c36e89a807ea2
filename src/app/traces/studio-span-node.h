/* studio-span-node.h — one span of a trace as the trace view shows it, with its children
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_SPAN_NODE (studio_span_node_get_type ())

G_DECLARE_FINAL_TYPE (StudioSpanNode, studio_span_node, STUDIO, SPAN_NODE, GObject)

StudioSpanNode *studio_span_node_new               (JsonNode       *span);
gboolean        studio_span_node_update            (StudioSpanNode *self,
                                                    JsonNode       *span);
JsonNode       *studio_span_node_get_span          (StudioSpanNode *self);
const char     *studio_span_node_get_span_id       (StudioSpanNode *self);
const char     *studio_span_node_get_parent_id     (StudioSpanNode *self);
const char     *studio_span_node_get_name          (StudioSpanNode *self);
const char     *studio_span_node_get_kind          (StudioSpanNode *self);
char           *studio_span_node_dup_action_key    (StudioSpanNode *self);
const char     *studio_span_node_get_attribute     (StudioSpanNode *self,
                                                    const char     *name);
gsize           studio_span_node_get_attribute_size (StudioSpanNode *self,
                                                     const char     *name);
gboolean        studio_span_node_is_elided         (StudioSpanNode *self,
                                                    const char     *name);
double          studio_span_node_get_start_time    (StudioSpanNode *self);
double          studio_span_node_get_end_time      (StudioSpanNode *self);
gboolean        studio_span_node_is_running        (StudioSpanNode *self);
gboolean        studio_span_node_is_error          (StudioSpanNode *self);
GListStore     *studio_span_node_get_children      (StudioSpanNode *self);
guint           studio_span_node_get_n_children    (StudioSpanNode *self);
StudioSpanNode *studio_span_node_get_parent        (StudioSpanNode *self);
void            studio_span_node_set_parent        (StudioSpanNode *self,
                                                    StudioSpanNode *parent);
void            studio_span_node_get_tokens        (StudioSpanNode *self,
                                                    gint64         *input_tokens,
                                                    gint64         *output_tokens);
void            studio_span_node_get_subtree_tokens (StudioSpanNode *self,
                                                     gint64         *input_tokens,
                                                     gint64         *output_tokens);
guint           studio_span_node_get_subtree_size  (StudioSpanNode *self);
int             studio_span_node_compare           (gconstpointer   a,
                                                    gconstpointer   b,
                                                    gpointer        user_data);

G_END_DECLS
