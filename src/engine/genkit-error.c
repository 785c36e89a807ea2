/* genkit-error.c — the GENKIT_ERROR domain and Genkit's status codes
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <gio/gio.h>

#include "genkit-error.h"

/* Index = numeric code. Mirrors `StatusCodes` and `httpStatusCode()` of
 * js/core/src/statusTypes.ts. */
static const struct
{
  const char *name;
  guint       http_status;
} status_table[] = {
  { "OK", 200 },
  { "CANCELLED", 499 },
  { "UNKNOWN", 500 },
  { "INVALID_ARGUMENT", 400 },
  { "DEADLINE_EXCEEDED", 504 },
  { "NOT_FOUND", 404 },
  { "ALREADY_EXISTS", 409 },
  { "PERMISSION_DENIED", 403 },
  { "RESOURCE_EXHAUSTED", 429 },
  { "FAILED_PRECONDITION", 400 },
  { "ABORTED", 409 },
  { "OUT_OF_RANGE", 400 },
  { "UNIMPLEMENTED", 501 },
  { "INTERNAL", 500 },
  { "UNAVAILABLE", 503 },
  { "DATA_LOSS", 500 },
  { "UNAUTHENTICATED", 401 },
};

/* What an error of the domain carries besides its code and message: an extended GError
 * domain (GLib 2.68), so copies of the error keep it. */
typedef struct
{
  gint64 retry_after_ms;        /* -1: the service did not say */
} GenkitErrorPrivate;

static GenkitErrorPrivate *
genkit_error_get_private (const GError *error)
{
  /* Where GLib puts an extended domain's data: just before the GError, aligned as in
   * G_DEFINE_EXTENDED_ERROR. */
  const gsize alignment = 2 * sizeof (gsize);
  const gsize size = (sizeof (GenkitErrorPrivate) + (alignment - 1)) & -alignment;

  return (GenkitErrorPrivate *) (((guint8 *) error) - size);
}

static void
genkit_error_private_init (GError *error)
{
  genkit_error_get_private (error)->retry_after_ms = -1;
}

static void
genkit_error_private_copy (const GError *src,
                           GError       *dest)
{
  *genkit_error_get_private (dest) = *genkit_error_get_private (src);
}

static void
genkit_error_private_clear (GError *error)
{
}

/**
 * genkit_error_quark:
 *
 * The quark of the [const@Genkit.ERROR] domain. The domain is an extended one: its errors can
 * also carry how long the service asked to wait ([func@Genkit.error_set_retry_after_ms]).
 *
 * Returns: the error domain's quark
 */
GQuark
genkit_error_quark (void)
{
  static GQuark quark;
  static gsize initialized = 0;

  /* Registered by hand rather than with G_DEFINE_EXTENDED_ERROR, which would rename the quark
   * from the "genkit-error-quark" it always had. */
  if (g_once_init_enter (&initialized))
    {
      quark = g_error_domain_register_static ("genkit-error-quark", sizeof (GenkitErrorPrivate),
                                              genkit_error_private_init, genkit_error_private_copy,
                                              genkit_error_private_clear);
      g_once_init_leave (&initialized, 1);
    }
  return quark;
}

/**
 * genkit_error_set_retry_after_ms:
 * @error: an error in [const@Genkit.ERROR]
 * @retry_after_ms: how long the service asked to wait before trying again, in milliseconds
 *   (from its `Retry-After` header or its own retry info), or -1 when it did not say
 *
 * Records the service's wait on @error, so that the `retry` middleware can honour it and a
 * status built from @error reports it (`details.retryAfterMs`). Copies of @error keep it.
 */
void
genkit_error_set_retry_after_ms (GError *error,
                                 gint64  retry_after_ms)
{
  g_return_if_fail (error != NULL && error->domain == GENKIT_ERROR);

  genkit_error_get_private (error)->retry_after_ms = MAX (retry_after_ms, -1);
}

/**
 * genkit_error_get_retry_after_ms:
 * @error: any error
 *
 * How long the service that failed with @error asked to wait before trying again.
 *
 * Returns: the wait in milliseconds, or -1 when @error is not in [const@Genkit.ERROR] or the
 *   service did not say
 */
gint64
genkit_error_get_retry_after_ms (const GError *error)
{
  g_return_val_if_fail (error != NULL, -1);

  if (error->domain != GENKIT_ERROR)
    return -1;
  return genkit_error_get_private (error)->retry_after_ms;
}

/**
 * genkit_error_code_to_name:
 * @code: a Genkit status code (0 for `OK`, otherwise a [enum@Genkit.Error] value)
 *
 * Gives the status name Genkit uses for @code, such as `INVALID_ARGUMENT` for 3
 * (`StatusName` in `js/core/src/statusTypes.ts`).
 *
 * Returns: (transfer none): the name; `UNKNOWN` for a code outside 0–16
 */
const char *
genkit_error_code_to_name (int code)
{
  if (code < 0 || code >= (int) G_N_ELEMENTS (status_table))
    return "UNKNOWN";
  return status_table[code].name;
}

/**
 * genkit_error_code_from_name:
 * @name: a Genkit status name such as `NOT_FOUND`
 *
 * The reverse of [func@Genkit.error_code_to_name].
 *
 * Returns: the numeric code, or -1 if @name is not a Genkit status name
 */
int
genkit_error_code_from_name (const char *name)
{
  g_return_val_if_fail (name != NULL, -1);

  for (guint i = 0; i < G_N_ELEMENTS (status_table); i++)
    if (g_str_equal (status_table[i].name, name))
      return (int) i;
  return -1;
}

/**
 * genkit_error_code_to_http_status:
 * @code: a Genkit status code
 *
 * Maps a status code to the HTTP status Genkit answers with (`httpStatusCode()` in
 * `js/core/src/statusTypes.ts`): 3 → 400, 5 → 404, 16 → 401 and so on.
 *
 * Returns: the HTTP status; 500 for a code outside 0–16
 */
guint
genkit_error_code_to_http_status (int code)
{
  if (code < 0 || code >= (int) G_N_ELEMENTS (status_table))
    return 500;
  return status_table[code].http_status;
}

/**
 * genkit_error_get_code:
 * @error: any error
 *
 * The Genkit status code of @error: its own code when it is in [const@Genkit.ERROR],
 * `CANCELLED` for `G_IO_ERROR_CANCELLED`, `INTERNAL` for everything else (which is what the
 * JavaScript runtime reports for an error that is not a `GenkitError`).
 *
 * Returns: a code from 1 to 16
 */
int
genkit_error_get_code (const GError *error)
{
  g_return_val_if_fail (error != NULL, GENKIT_ERROR_INTERNAL);

  if (error->domain == GENKIT_ERROR && error->code > 0 &&
      error->code < (int) G_N_ELEMENTS (status_table))
    return error->code;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return GENKIT_ERROR_CANCELLED;
  return GENKIT_ERROR_INTERNAL;
}

/**
 * genkit_error_to_status:
 * @error: the error to describe
 * @trace_id: (nullable): the trace the error happened in, if known
 *
 * Builds Genkit's `Status` object for @error, the `error` member of a failed reflection
 * `runAction` response: `{"code": 3, "message": "INVALID_ARGUMENT: …", "details": {"traceId": …}}`.
 * When the service asked to wait before a retry, `details.retryAfterMs` says how long.
 * The message is prefixed with the status name as `GenkitError.message` is in Genkit's
 * `js/core/src/error.ts`, unless it already starts with it.
 *
 * Returns: (transfer full): a JSON object node
 */
JsonNode *
genkit_error_to_status (const GError *error,
                        const char   *trace_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int code;
  const char *name;
  g_autofree char *message = NULL;

  g_return_val_if_fail (error != NULL, NULL);

  code = genkit_error_get_code (error);
  name = genkit_error_code_to_name (code);
  if (code == GENKIT_ERROR_CANCELLED)
    message = g_strdup ("Action was cancelled");
  else if (g_str_has_prefix (error->message, name) && error->message[strlen (name)] == ':')
    message = g_strdup (error->message);
  else
    message = g_strdup_printf ("%s: %s", name, error->message);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "code");
  json_builder_add_int_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "details");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "stack");
  json_builder_add_string_value (builder, message);
  if (trace_id != NULL)
    {
      json_builder_set_member_name (builder, "traceId");
      json_builder_add_string_value (builder, trace_id);
    }
  if (genkit_error_get_retry_after_ms (error) >= 0)
    {
      json_builder_set_member_name (builder, "retryAfterMs");
      json_builder_add_int_value (builder, genkit_error_get_retry_after_ms (error));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * genkit_error_from_status:
 * @status: a Genkit `Status` JSON object (`{"code": int, "message": string, …}`), as found in
 *   the `error` member of a reflection response, or a `RuntimeError` (`{"status": "NAME", …}`)
 *
 * Turns the error JSON of another Genkit runtime back into a #GError, so a remote failure
 * reads the same as a local one; `details.retryAfterMs`, when there, is kept
 * ([func@Genkit.error_get_retry_after_ms]).
 *
 * Returns: (transfer full): an error in [const@Genkit.ERROR]; `INTERNAL` with a message saying
 *   so when @status is not a status object
 */
GError *
genkit_error_from_status (JsonNode *status)
{
  JsonObject *object;
  JsonNode *details;
  const char *message = NULL;
  int code = GENKIT_ERROR_INTERNAL;
  GError *error;

  if (status == NULL || !JSON_NODE_HOLDS_OBJECT (status))
    return g_error_new_literal (GENKIT_ERROR, GENKIT_ERROR_INTERNAL,
                                "The runtime answered with an error that is not a status object");

  object = json_node_get_object (status);
  if (json_object_has_member (object, "code") &&
      json_node_get_value_type (json_object_get_member (object, "code")) == G_TYPE_INT64)
    code = (int) json_object_get_int_member (object, "code");
  else if (json_object_has_member (object, "status") &&
           json_node_get_value_type (json_object_get_member (object, "status")) == G_TYPE_STRING)
    code = genkit_error_code_from_name (json_object_get_string_member (object, "status"));

  if (code <= 0 || code >= (int) G_N_ELEMENTS (status_table))
    code = GENKIT_ERROR_INTERNAL;

  if (json_object_has_member (object, "message") &&
      json_node_get_value_type (json_object_get_member (object, "message")) == G_TYPE_STRING)
    message = json_object_get_string_member (object, "message");

  error = g_error_new_literal (GENKIT_ERROR, code, message ? message : genkit_error_code_to_name (code));
  details = json_object_get_member (object, "details");
  if (details != NULL && JSON_NODE_HOLDS_OBJECT (details))
    {
      JsonNode *retry_after = json_object_get_member (json_node_get_object (details), "retryAfterMs");

      if (retry_after != NULL && JSON_NODE_HOLDS_VALUE (retry_after) &&
          (json_node_get_value_type (retry_after) == G_TYPE_INT64 ||
           json_node_get_value_type (retry_after) == G_TYPE_DOUBLE) &&
          json_node_get_double (retry_after) >= 0)
        genkit_error_set_retry_after_ms (error, (gint64) json_node_get_double (retry_after));
    }
  return error;
}
