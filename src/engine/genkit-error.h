/* genkit-error.h — the GENKIT_ERROR domain and Genkit's status codes
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#if !defined (GENKIT_INSIDE) && !defined (GENKIT_COMPILATION)
# error "Only <genkit.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "genkit-version-macros.h"

G_BEGIN_DECLS

/**
 * GENKIT_ERROR:
 *
 * The error domain of the engine. Codes are [enum@Genkit.Error], whose numeric values are
 * Genkit's canonical status codes.
 */
#define GENKIT_ERROR (genkit_error_quark ())

/**
 * GenkitError:
 * @GENKIT_ERROR_CANCELLED: the operation was cancelled (HTTP 499)
 * @GENKIT_ERROR_UNKNOWN: unknown error (HTTP 500)
 * @GENKIT_ERROR_INVALID_ARGUMENT: the caller gave bad input, such as input that fails the
 *   action's input schema (HTTP 400)
 * @GENKIT_ERROR_DEADLINE_EXCEEDED: a deadline passed (HTTP 504)
 * @GENKIT_ERROR_NOT_FOUND: an action, plugin or value was not found (HTTP 404)
 * @GENKIT_ERROR_ALREADY_EXISTS: something with that name exists (HTTP 409)
 * @GENKIT_ERROR_PERMISSION_DENIED: not allowed (HTTP 403)
 * @GENKIT_ERROR_RESOURCE_EXHAUSTED: quota or rate limit (HTTP 429)
 * @GENKIT_ERROR_FAILED_PRECONDITION: the system is not in the needed state (HTTP 400)
 * @GENKIT_ERROR_ABORTED: aborted, e.g. a conflict (HTTP 409)
 * @GENKIT_ERROR_OUT_OF_RANGE: out of range (HTTP 400)
 * @GENKIT_ERROR_UNIMPLEMENTED: not implemented or not supported (HTTP 501)
 * @GENKIT_ERROR_INTERNAL: internal error (HTTP 500)
 * @GENKIT_ERROR_UNAVAILABLE: a service is unavailable (HTTP 503)
 * @GENKIT_ERROR_DATA_LOSS: unrecoverable data loss (HTTP 500)
 * @GENKIT_ERROR_UNAUTHENTICATED: missing or bad credentials (HTTP 401)
 *
 * Error codes of [const@Genkit.ERROR]. They mirror Genkit's `StatusName` and the numeric codes
 * of `js/core/src/statusTypes.ts`, so `code` in a Genkit `Status` JSON object is the enum value.
 */
typedef enum
{
  GENKIT_ERROR_CANCELLED = 1,
  GENKIT_ERROR_UNKNOWN = 2,
  GENKIT_ERROR_INVALID_ARGUMENT = 3,
  GENKIT_ERROR_DEADLINE_EXCEEDED = 4,
  GENKIT_ERROR_NOT_FOUND = 5,
  GENKIT_ERROR_ALREADY_EXISTS = 6,
  GENKIT_ERROR_PERMISSION_DENIED = 7,
  GENKIT_ERROR_RESOURCE_EXHAUSTED = 8,
  GENKIT_ERROR_FAILED_PRECONDITION = 9,
  GENKIT_ERROR_ABORTED = 10,
  GENKIT_ERROR_OUT_OF_RANGE = 11,
  GENKIT_ERROR_UNIMPLEMENTED = 12,
  GENKIT_ERROR_INTERNAL = 13,
  GENKIT_ERROR_UNAVAILABLE = 14,
  GENKIT_ERROR_DATA_LOSS = 15,
  GENKIT_ERROR_UNAUTHENTICATED = 16,
} GenkitError;

GENKIT_AVAILABLE_IN_ALL
GQuark       genkit_error_quark            (void);

GENKIT_AVAILABLE_IN_ALL
const char  *genkit_error_code_to_name     (int          code);

GENKIT_AVAILABLE_IN_ALL
int          genkit_error_code_from_name   (const char  *name);

GENKIT_AVAILABLE_IN_ALL
guint        genkit_error_code_to_http_status (int       code);

GENKIT_AVAILABLE_IN_ALL
int          genkit_error_get_code         (const GError *error);

GENKIT_AVAILABLE_IN_ALL
void         genkit_error_set_retry_after_ms (GError     *error,
                                              gint64      retry_after_ms);

GENKIT_AVAILABLE_IN_ALL
gint64       genkit_error_get_retry_after_ms (const GError *error);

GENKIT_AVAILABLE_IN_ALL
JsonNode    *genkit_error_to_status        (const GError *error,
                                            const char   *trace_id);

GENKIT_AVAILABLE_IN_ALL
GError      *genkit_error_from_status      (JsonNode     *status);

G_END_DECLS
