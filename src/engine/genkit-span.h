/* genkit-span.h — one span of a Genkit trace
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
 * GenkitSpanStatus:
 * @GENKIT_SPAN_STATUS_UNSET: no status set; what Genkit reports for a successful span
 * @GENKIT_SPAN_STATUS_OK: explicitly OK (Genkit never sets it, other tracers may)
 * @GENKIT_SPAN_STATUS_ERROR: the span failed
 *
 * The OpenTelemetry status code of a span, `status.code` in Genkit's `SpanData`.
 */
typedef enum
{
  GENKIT_SPAN_STATUS_UNSET = 0,
  GENKIT_SPAN_STATUS_OK = 1,
  GENKIT_SPAN_STATUS_ERROR = 2,
} GenkitSpanStatus;

#define GENKIT_TYPE_SPAN (genkit_span_get_type ())

GENKIT_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (GenkitSpan, genkit_span, GENKIT, SPAN, GObject)

GENKIT_AVAILABLE_IN_ALL
const char      *genkit_span_get_trace_id        (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_span_get_span_id         (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_span_get_parent_span_id  (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
GenkitSpan      *genkit_span_get_parent          (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_span_get_name            (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_span_get_path            (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
double           genkit_span_get_start_time      (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
double           genkit_span_get_end_time        (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
gboolean         genkit_span_is_ended            (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
GenkitSpanStatus genkit_span_get_status          (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_span_get_status_message  (GenkitSpan   *self);

GENKIT_AVAILABLE_IN_ALL
JsonNode        *genkit_span_get_attribute       (GenkitSpan   *self,
                                                  const char   *key);
GENKIT_AVAILABLE_IN_ALL
const char      *genkit_span_get_string_attribute (GenkitSpan  *self,
                                                   const char  *key);
GENKIT_AVAILABLE_IN_ALL
void             genkit_span_set_string_attribute (GenkitSpan  *self,
                                                   const char  *key,
                                                   const char  *value);
GENKIT_AVAILABLE_IN_ALL
void             genkit_span_set_boolean_attribute (GenkitSpan *self,
                                                    const char *key,
                                                    gboolean    value);
GENKIT_AVAILABLE_IN_ALL
void             genkit_span_set_json_attribute  (GenkitSpan   *self,
                                                  const char   *key,
                                                  JsonNode     *value);
GENKIT_AVAILABLE_IN_ALL
void             genkit_span_record_error        (GenkitSpan   *self,
                                                  const GError *error);
GENKIT_AVAILABLE_IN_ALL
void             genkit_span_end                 (GenkitSpan   *self);
GENKIT_AVAILABLE_IN_ALL
JsonNode        *genkit_span_to_json             (GenkitSpan   *self);

G_END_DECLS
