/* genkit-trace-summary.h — one trace as the trace store's list shows it
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_TELEMETRY_INSIDE) && !defined (GENKIT_TELEMETRY_COMPILATION)
# error "Only <genkit-telemetry.h> can be included directly."
#endif

#include <genkit.h>

G_BEGIN_DECLS

#define GENKIT_TYPE_TRACE_SUMMARY (genkit_trace_summary_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitTraceSummary, genkit_trace_summary, GENKIT, TRACE_SUMMARY, GObject)

GENKIT_AVAILABLE_IN_ALL
GenkitTraceSummary *genkit_trace_summary_new_for_trace_data (JsonNode *trace_data);

GENKIT_AVAILABLE_IN_ALL
const char *genkit_trace_summary_get_trace_id   (GenkitTraceSummary *self);
GENKIT_AVAILABLE_IN_ALL
const char *genkit_trace_summary_get_name       (GenkitTraceSummary *self);
GENKIT_AVAILABLE_IN_ALL
const char *genkit_trace_summary_get_trace_type (GenkitTraceSummary *self);
GENKIT_AVAILABLE_IN_ALL
double      genkit_trace_summary_get_start_time (GenkitTraceSummary *self);
GENKIT_AVAILABLE_IN_ALL
double      genkit_trace_summary_get_end_time   (GenkitTraceSummary *self);
GENKIT_AVAILABLE_IN_ALL
int         genkit_trace_summary_get_status     (GenkitTraceSummary *self);
GENKIT_AVAILABLE_IN_ALL
guint       genkit_trace_summary_get_n_spans    (GenkitTraceSummary *self);
GENKIT_AVAILABLE_IN_ALL
gboolean    genkit_trace_summary_is_running     (GenkitTraceSummary *self);
GENKIT_AVAILABLE_IN_ALL
const char *genkit_trace_summary_get_runtime_id (GenkitTraceSummary *self);

G_END_DECLS
