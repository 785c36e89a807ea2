/* genkit-eval-csv.c — comma-separated values (RFC 4180) for dataset and eval run files
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "genkit-eval-private.h"

/**
 * _genkit_eval_csv_parse:
 * @text: CSV text, UTF-8
 * @length: its length in bytes
 * @error: return location for an error
 *
 * Parses RFC 4180 CSV: fields separated by commas, records by CRLF or LF, fields with commas,
 * quotes or line breaks enclosed in double quotes (a quote inside doubled). A UTF-8 byte order
 * mark is skipped; a last line break and empty lines are ignored.
 *
 * Returns: (transfer full) (element-type GStrv): the records, or %NULL with
 *   `GENKIT_ERROR_INVALID_ARGUMENT` (an unterminated quote, text after a closing quote)
 */
GPtrArray *
_genkit_eval_csv_parse (const char  *text,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(GStrvBuilder) record = g_strv_builder_new ();
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = text;
  const char *end = text + length;
  guint line = 1;
  gboolean record_empty = TRUE;

  if (!g_utf8_validate_len (text, length, NULL))
    {
      g_set_error_literal (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "CSV: the file is not UTF-8 text");
      return NULL;
    }
  if (length >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      gboolean quoted = FALSE;

      g_string_truncate (field, 0);
      if (*p == '"')
        {
          quoted = TRUE;
          p++;
          for (;;)
            {
              if (p >= end)
                {
                  g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                               "CSV line %u: a quoted field is not closed", line);
                  return NULL;
                }
              if (*p == '"')
                {
                  if (p + 1 < end && p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      p += 2;
                      continue;
                    }
                  p++;
                  break;
                }
              if (*p == '\n')
                line++;
              g_string_append_c (field, *p++);
            }
          if (p < end && *p != ',' && *p != '\n' && *p != '\r')
            {
              g_set_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT,
                           "CSV line %u: text after the closing quote of a field", line);
              return NULL;
            }
        }
      else
        {
          while (p < end && *p != ',' && *p != '\n' && *p != '\r')
            g_string_append_c (field, *p++);
        }

      if (quoted || field->len > 0)
        record_empty = FALSE;
      g_strv_builder_add (record, field->str);

      if (p < end && *p == ',')
        {
          record_empty = FALSE;
          p++;
          if (p == end)
            g_strv_builder_add (record, "");
          else
            continue;
        }

      /* End of the record: a line break or the end of the text. */
      if (p < end && *p == '\r')
        p++;
      if (p < end && *p == '\n')
        p++;
      line++;
      {
        GStrv fields = g_strv_builder_end (record);

        if (record_empty)
          g_strfreev (fields);
        else
          g_ptr_array_add (records, fields);
      }
      g_clear_pointer (&record, g_strv_builder_unref);
      record = g_strv_builder_new ();
      record_empty = TRUE;
    }

  return g_steal_pointer (&records);
}

static gboolean
needs_quotes (const char *cell)
{
  return strpbrk (cell, ",\"\r\n") != NULL;
}

/**
 * _genkit_eval_csv_append_row:
 * @out: where to append
 * @cells: (array length=n_cells) (nullable): the fields; a %NULL field is empty
 * @n_cells: the number of fields
 *
 * Appends one record and a line break (LF). Fields that hold a comma, a quote or a line break
 * are quoted (the rule of json-2-csv, which the Genkit CLI's CSV export uses).
 */
void
_genkit_eval_csv_append_row (GString            *out,
                             const char * const *cells,
                             guint               n_cells)
{
  for (guint i = 0; i < n_cells; i++)
    {
      const char *cell = cells[i] ? cells[i] : "";

      if (i > 0)
        g_string_append_c (out, ',');
      if (!needs_quotes (cell))
        {
          g_string_append (out, cell);
          continue;
        }
      g_string_append_c (out, '"');
      for (const char *p = cell; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '\n');
}
