/* genkit-eval-util.c — JSON, time and file helpers of the evaluation library
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "genkit-eval-private.h"

char *
_genkit_eval_json_to_text (JsonNode *node)
{
  g_return_val_if_fail (node != NULL, NULL);

  return json_to_string (node, FALSE);
}

/* Text this library wrote itself (or Genkit's files): parsed strictly; %NULL when it is not
 * JSON. */
JsonNode *
_genkit_eval_json_from_text (const char *text)
{
  if (text == NULL)
    return NULL;
  return genkit_json_parse (text, -1, NULL);
}

JsonNode *
_genkit_eval_json_copy (JsonNode *node)
{
  return node ? json_node_copy (node) : NULL;
}

JsonNode *
_genkit_eval_json_string (const char *text)
{
  return json_node_init_string (json_node_alloc (), text);
}

/* A string as it is, anything else as compact JSON: how Genkit's tools show a value in one
 * line (and how JavaScript's `String()`/`JSON.stringify` rule of the CSV export works). */
char *
_genkit_eval_json_display (JsonNode *node)
{
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

gboolean
_genkit_eval_json_is_array (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node);
}

/* The string member @name of @object, or %NULL when it is missing or not a string (what the
 * readers of Genkit's files expect of `testCaseId`, `evalRunId` and the like). */
const char *
_genkit_eval_json_get_string (JsonObject *object,
                              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

/* JavaScript orders an object's integer-like keys ("0", "17") first, ascending, then the
 * others in insertion order; Genkit's `countBy` results follow that rule. */
static gboolean
is_array_index (const char *key,
                guint64    *value)
{
  char *end = NULL;

  if (key[0] == '\0' || (key[0] == '0' && key[1] != '\0') || !g_ascii_isdigit (key[0]))
    return FALSE;
  errno = 0;
  *value = g_ascii_strtoull (key, &end, 10);
  return errno == 0 && *end == '\0' && *value < G_MAXUINT32;
}

static int
compare_index_keys (gconstpointer a,
                    gconstpointer b)
{
  guint64 x = 0, y = 0;

  is_array_index (*(const char * const *) a, &x);
  is_array_index (*(const char * const *) b, &y);
  return x < y ? -1 : x > y;
}

/**
 * _genkit_eval_json_object_sorted_counts:
 * @keys: (element-type utf8): the keys in the order they were first counted
 * @counts: key → GINT_TO_POINTER (count)
 *
 * Builds the object JavaScript's `countBy` gives.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
_genkit_eval_json_object_sorted_counts (GPtrArray  *keys,
                                        GHashTable *counts)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GPtrArray) indexes = g_ptr_array_new ();
  guint64 unused;

  for (guint i = 0; i < keys->len; i++)
    if (is_array_index (g_ptr_array_index (keys, i), &unused))
      g_ptr_array_add (indexes, g_ptr_array_index (keys, i));
  g_ptr_array_sort (indexes, compare_index_keys);

  for (guint i = 0; i < indexes->len; i++)
    json_object_set_int_member (object, g_ptr_array_index (indexes, i),
                                GPOINTER_TO_INT (g_hash_table_lookup (counts, g_ptr_array_index (indexes, i))));
  for (guint i = 0; i < keys->len; i++)
    if (!is_array_index (g_ptr_array_index (keys, i), &unused))
      json_object_set_int_member (object, g_ptr_array_index (keys, i),
                                  GPOINTER_TO_INT (g_hash_table_lookup (counts, g_ptr_array_index (keys, i))));

  return json_node_init_object (json_node_alloc (), object);
}

/* JavaScript's `String(number)`: the shortest text that reads back as the same double. */
char *
_genkit_eval_js_number (double value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    return g_strdup ("NaN");
  if (isinf (value))
    return g_strdup (value > 0 ? "Infinity" : "-Infinity");
  if (value == (double) (gint64) value && ABS (value) < 1e21)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) value);
  for (int precision = 1; precision <= 17; precision++)
    {
      char format[8];

      g_snprintf (format, sizeof format, "%%.%dg", precision);
      g_ascii_formatd (buffer, sizeof buffer, format, value);
      if (g_ascii_strtod (buffer, NULL) == value)
        break;
    }
  return g_strdup (buffer);
}

/* Adds @value to the number @name of @object (0 if missing); integral sums stay integers, as
 * JavaScript writes them. */
void
_genkit_eval_json_add_number (JsonObject *object,
                              const char *name,
                              double      value)
{
  double sum = json_object_get_double_member_with_default (object, name, 0) + value;

  if (sum == (double) (gint64) sum && ABS (sum) < 9007199254740992.0)
    json_object_set_int_member (object, name, (gint64) sum);
  else
    json_object_set_double_member (object, name, sum);
}

gint64
_genkit_eval_now_ms (void)
{
  return g_get_real_time () / 1000;
}

/* JavaScript's `Date.prototype.toISOString()`: `2026-11-21T23:24:24.420Z`. */
char *
_genkit_eval_iso8601 (gint64 ms)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (ms / 1000);
  g_autofree char *prefix = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", prefix, (int) (ms % 1000));
}

/* JavaScript's `Date.prototype.toString()` in the local time zone, which Genkit's dataset
 * store writes: `Sat Nov 21 2026 23:24:24 GMT+0000 (Coordinated Universal Time)`. The name in
 * parentheses is ICU's long zone name in JavaScript; without ICU we give it for UTC and the
 * zone's abbreviation otherwise — JavaScript's own parser ignores that part. */
char *
_genkit_eval_js_date_string (gint64 ms)
{
  static const char * const days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = g_date_time_to_local (utc);
  GTimeSpan offset = g_date_time_get_utc_offset (local);
  gint64 minutes = ABS (offset) / G_TIME_SPAN_MINUTE;
  const char *abbreviation = g_date_time_get_timezone_abbreviation (local);
  const char *name;

  if (offset == 0 && (g_strcmp0 (abbreviation, "UTC") == 0 || g_strcmp0 (abbreviation, "GMT") == 0))
    name = "Coordinated Universal Time";
  else
    name = abbreviation;

  return g_strdup_printf ("%s %s %02d %04d %02d:%02d:%02d GMT%c%02d%02d (%s)",
                          days[g_date_time_get_day_of_week (local) - 1],
                          months[g_date_time_get_month (local) - 1],
                          g_date_time_get_day_of_month (local),
                          g_date_time_get_year (local),
                          g_date_time_get_hour (local),
                          g_date_time_get_minute (local),
                          g_date_time_get_second (local),
                          offset < 0 ? '-' : '+',
                          (int) (minutes / 60), (int) (minutes % 60),
                          name);
}

/**
 * _genkit_eval_parse_date:
 * @text: a JavaScript `Date.toString()` string (`Sat Nov 21 2026 23:24:24 GMT+0000 (…)`) or
 *   an ISO 8601 date-time
 * @ms: (out): milliseconds since the Unix epoch
 *
 * Reads a date as JavaScript writes it.
 *
 * Returns: %TRUE if @text is one of those forms
 */
gboolean
_genkit_eval_parse_date (const char *text,
                         gint64     *ms)
{
  static const char * const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  g_autoptr(GRegex) regex = NULL;
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL)
    return FALSE;

  regex = g_regex_new ("^[A-Z][a-z]{2} ([A-Z][a-z]{2}) (\\d{2}) (-?\\d{4,6}) (\\d{2}):(\\d{2}):(\\d{2}) "
                       "GMT([+-])(\\d{2})(\\d{2})(?: \\(.*\\))?$", 0, 0, NULL);
  if (g_regex_match (regex, text, 0, &match))
    {
      g_autofree char *month = g_match_info_fetch (match, 1);
      g_autofree char *sign = g_match_info_fetch (match, 7);
      g_autofree char *tz_hours = g_match_info_fetch (match, 8);
      g_autofree char *tz_minutes = g_match_info_fetch (match, 9);
      g_autofree char *identifier = g_strdup_printf ("%s%s:%s", sign, tz_hours, tz_minutes);
      g_autoptr(GTimeZone) zone = g_time_zone_new_identifier (identifier);
      int fields[5];
      int m = -1;

      for (guint i = 0; i < G_N_ELEMENTS (months); i++)
        if (g_str_equal (month, months[i]))
          m = (int) i + 1;
      for (int i = 0; i < 5; i++)
        {
          g_autofree char *field = g_match_info_fetch (match, i == 0 ? 2 : i + 2);

          fields[i] = atoi (field);
        }
      if (m < 0 || zone == NULL)
        return FALSE;
      /* fields: day, year, hour, minute, second */
      time = g_date_time_new (zone, fields[1], m, fields[0], fields[2], fields[3], fields[4]);
      if (time == NULL)
        return FALSE;
      *ms = g_date_time_to_unix (time) * 1000;
      return TRUE;
    }

  time = g_date_time_new_from_iso8601 (text, NULL);
  if (time == NULL)
    return FALSE;
  *ms = g_date_time_to_unix (time) * 1000 + g_date_time_get_microsecond (time) / 1000;
  return TRUE;
}

/* What Genkit's `LocalFileDatasetStore.resolveDatasetPath()` accepts as a file name. */
gboolean
_genkit_eval_dataset_id_is_safe (const char *id)
{
  return id != NULL && *id != '\0' && !g_str_equal (id, ".") && !g_str_equal (id, "..") &&
         strchr (id, '/') == NULL && strchr (id, '\\') == NULL && g_utf8_validate (id, -1, NULL);
}

/* Writes a file whole, atomically (a reader never sees half of it). */
gboolean
_genkit_eval_write_file (const char  *path,
                         const char  *contents,
                         gssize       length,
                         GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);

  if (g_mkdir_with_parents (dir, 0755) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "Cannot create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents (path, contents, length, error);
}
