/* genkit-session-util.c — helpers shared by the session, store and agent files
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-ai-private.h"
#include "genkit-error.h"
#include "genkit-session-private.h"

JsonNode *
_genkit_json_deep_copy (JsonNode *node)
{
  return _gk_node_copy (node);
}

JsonObject *
_genkit_json_object_deep_copy (JsonObject *object)
{
  return object ? _gk_object_copy (object) : NULL;
}

JsonNode *
_genkit_json_take_object (JsonObject *object)
{
  return _gk_node_take_object (object);
}

const char *
_genkit_json_get_string (JsonObject *object,
                         const char *member)
{
  return object ? _gk_object_get_string (object, member) : NULL;
}

JsonObject *
_genkit_json_get_object (JsonObject *object,
                         const char *member)
{
  return object ? _gk_object_get_object (object, member) : NULL;
}

JsonArray *
_genkit_json_get_array (JsonObject *object,
                        const char *member)
{
  return object ? _gk_object_get_array (object, member) : NULL;
}

char *
_genkit_json_to_compact (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* A random (version 4) UUID, as `crypto.randomUUID()` makes them. */
char *
_genkit_new_uuid (void)
{
  return g_uuid_string_random ();
}

/* `new Date(ms).toISOString()`: UTC, milliseconds, `Z`. Lexicographic order is time order. */
char *
_genkit_iso_timestamp (gint64 unix_ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (unix_ms / 1000);
  g_autofree char *seconds = NULL;

  if (utc == NULL)
    return g_strdup ("1970-01-01T00:00:00.000Z");
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, (int) (unix_ms % 1000));
}

char *
_genkit_iso_timestamp_now (void)
{
  return _genkit_iso_timestamp (g_get_real_time () / 1000);
}

/* Milliseconds since the epoch of an RFC 3339 time, or -1 (`Date.parse` giving NaN). */
gint64
_genkit_iso_timestamp_parse (const char *timestamp)
{
  g_autoptr(GDateTime) parsed = NULL;

  if (timestamp == NULL)
    return -1;
  parsed = g_date_time_new_from_iso8601 (timestamp, NULL);
  if (parsed == NULL)
    return -1;
  return g_date_time_to_unix (parsed) * 1000 + g_date_time_get_microsecond (parsed) / 1000;
}

/**
 * The ids a store accepts (`snapshotId`, `sessionId`). They arrive straight off the wire, so
 * they must be usable as a file name in Genkit's file layout (`<prefix>/<snapshotId>.json`)
 * and as a key: non-blank UTF-8 of at most 256 bytes, without path separators, NUL or other
 * control characters, and neither `.` nor `..` (Genkit's `assertSafeId`, plus the length and
 * control-character limits that keep the ids printable).
 */
gboolean
_genkit_session_check_id (const char  *id,
                          const char  *label,
                          GError     **error)
{
  gboolean blank = TRUE;

  if (id == NULL || *id == '\0')
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Invalid %s: expected a non-empty string.", label);
      return FALSE;
    }
  if (strlen (id) > 256 || !g_utf8_validate (id, -1, NULL))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Invalid %s: at most 256 bytes of UTF-8.", label);
      return FALSE;
    }
  for (const char *p = id; *p != '\0'; p++)
    {
      if (*p == '/' || *p == '\\' || (guchar) *p < 0x20 || *p == 0x7f)
        {
          g_autofree char *shown = g_strescape (id, NULL);

          g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                       "Invalid %s: \"%s\". A %s must be a plain file name (no path "
                       "separators, control characters or \"..\").", label, shown, label);
          return FALSE;
        }
      if (!g_ascii_isspace (*p))
        blank = FALSE;
    }
  if (blank || g_str_equal (id, ".") || g_str_equal (id, ".."))
    {
      g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                   "Invalid %s: \"%s\". A %s must be a plain file name (no path separators, "
                   "control characters or \"..\").", label, id, label);
      return FALSE;
    }
  return TRUE;
}

/* A failure as data (`RuntimeError`, `{status, message, details?}`), the way Genkit's agent
 * records it: the status name, and the message as a GenkitError prints it. */
JsonNode *
_genkit_runtime_error_from_gerror (const GError *error)
{
  JsonObject *object = json_object_new ();
  int code = genkit_error_get_code (error);
  const char *name = genkit_error_code_to_name (code);

  json_object_set_string_member (object, "status", name);
  if (error->domain == GENKIT_ERROR &&
      !(g_str_has_prefix (error->message, name) && error->message[strlen (name)] == ':'))
    {
      g_autofree char *message = g_strdup_printf ("%s: %s", name, error->message);

      json_object_set_string_member (object, "message", message);
    }
  else
    json_object_set_string_member (object, "message", error->message);
  return _gk_node_take_object (object);
}

/* The GError a RuntimeError describes, its code from the status name. */
GError *
_genkit_gerror_from_runtime_error (JsonObject *runtime_error)
{
  const char *status = _genkit_json_get_string (runtime_error, "status");
  const char *message = _genkit_json_get_string (runtime_error, "message");
  int code = status ? genkit_error_code_from_name (status) : GENKIT_ERROR_UNKNOWN;

  if (code <= 0)
    code = GENKIT_ERROR_UNKNOWN;
  return g_error_new_literal (GENKIT_ERROR, code, message ? message : "Agent turn failed.");
}
