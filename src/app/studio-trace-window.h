/* studio-trace-window.h — one trace from the studio's trace store, as JSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <adwaita.h>
#include <genkit-telemetry.h>

G_BEGIN_DECLS

#define STUDIO_TYPE_TRACE_WINDOW (studio_trace_window_get_type ())

G_DECLARE_FINAL_TYPE (StudioTraceWindow, studio_trace_window, STUDIO, TRACE_WINDOW, AdwWindow)

StudioTraceWindow *studio_trace_window_new          (GenkitTraceStore  *store,
                                                     const char        *trace_id);
const char        *studio_trace_window_get_trace_id (StudioTraceWindow *self);
void               studio_trace_window_reload       (StudioTraceWindow *self);

G_END_DECLS
