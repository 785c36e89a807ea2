/* studio-traces-pane.h — every trace of the studio's store, live, searchable, one at a time
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include "studio-pane.h"
#include "studio-trace-view.h"

G_BEGIN_DECLS

#define STUDIO_TYPE_TRACES_PANE (studio_traces_pane_get_type ())

G_DECLARE_FINAL_TYPE (StudioTracesPane, studio_traces_pane, STUDIO, TRACES_PANE, StudioPane)

void             studio_traces_pane_open_trace     (StudioTracesPane *self,
                                                    const char       *trace_id);
void             studio_traces_pane_show_list      (StudioTracesPane *self);
StudioTraceView *studio_traces_pane_get_trace_view (StudioTracesPane *self);
GListModel      *studio_traces_pane_get_traces     (StudioTracesPane *self);
gboolean         studio_traces_pane_get_searching  (StudioTracesPane *self);

G_END_DECLS
