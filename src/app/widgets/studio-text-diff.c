/* studio-text-diff.c — a word-by-word difference of two texts, shown in a text buffer
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include <string.h>

#include "studio-text-diff.h"

/* The longest common subsequence table has (n + 1) × (m + 1) cells; above this the texts
 * are compared line by line, and above it again shown as replaced whole. */
#define MAX_CELLS (4 * 1024 * 1024)

static void
studio_diff_piece_free (gpointer data)
{
  StudioDiffPiece *piece = data;

  g_free (piece->text);
  g_free (piece);
}

/* Splits after each run of white space (by words) or after each newline (by lines); the
 * pieces put together give back the text. */
static GPtrArray *
tokenize (const char *text,
          gboolean    by_lines)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  const char *start = text;
  const char *p = text;

  while (*p != '\0')
    {
      if (by_lines)
        {
          const char *newline = strchr (p, '\n');

          p = newline ? newline + 1 : p + strlen (p);
        }
      else
        {
          while (*p != '\0' && !g_ascii_isspace (*p))
            p++;
          while (*p != '\0' && g_ascii_isspace (*p))
            p++;
        }
      g_ptr_array_add (tokens, g_strndup (start, p - start));
      start = p;
    }
  return tokens;
}

static void
add_piece (GPtrArray    *pieces,
           StudioDiffOp  op,
           const char   *text)
{
  StudioDiffPiece *last = pieces->len > 0 ? g_ptr_array_index (pieces, pieces->len - 1) : NULL;
  StudioDiffPiece *piece;

  /* Neighbours of the same kind become one piece. */
  if (last != NULL && last->op == op)
    {
      char *joined = g_strconcat (last->text, text, NULL);

      g_free (last->text);
      last->text = joined;
      return;
    }
  piece = g_new0 (StudioDiffPiece, 1);
  piece->op = op;
  piece->text = g_strdup (text);
  g_ptr_array_add (pieces, piece);
}

/* The classic dynamic programme: lengths[i][j] is the length of the longest common
 * subsequence of a[i..] and b[j..]; walking it from the start gives the pieces in order. */
static void
diff_tokens (GPtrArray *pieces,
             GPtrArray *a,
             GPtrArray *b)
{
  guint n = a->len;
  guint m = b->len;
  guint *lengths = g_new0 (guint, (gsize) (n + 1) * (m + 1));
  guint i = 0, j = 0;

#define L(i, j) lengths[(gsize) (i) * (m + 1) + (j)]
  for (guint ii = n; ii-- > 0;)
    for (guint jj = m; jj-- > 0;)
      {
        if (g_str_equal (g_ptr_array_index (a, ii), g_ptr_array_index (b, jj)))
          L (ii, jj) = L (ii + 1, jj + 1) + 1;
        else
          L (ii, jj) = MAX (L (ii + 1, jj), L (ii, jj + 1));
      }

  while (i < n && j < m)
    {
      if (g_str_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, j)))
        {
          add_piece (pieces, STUDIO_DIFF_SAME, g_ptr_array_index (a, i));
          i++, j++;
        }
      else if (L (i + 1, j) >= L (i, j + 1))
        add_piece (pieces, STUDIO_DIFF_REMOVED, g_ptr_array_index (a, i++));
      else
        add_piece (pieces, STUDIO_DIFF_ADDED, g_ptr_array_index (b, j++));
    }
#undef L
  for (; i < n; i++)
    add_piece (pieces, STUDIO_DIFF_REMOVED, g_ptr_array_index (a, i));
  for (; j < m; j++)
    add_piece (pieces, STUDIO_DIFF_ADDED, g_ptr_array_index (b, j));
  g_free (lengths);
}

/**
 * studio_text_diff:
 * @old_text: (nullable): the first text
 * @new_text: (nullable): the second text
 *
 * Compares two texts word by word (a word keeps the white space after it), as the
 * playground compares the answers of two models. Long texts are compared line by line;
 * texts too long even for that come back as one removed and one added piece.
 *
 * Returns: (transfer container) (element-type StudioDiffPiece): the pieces in order; put
 *   together, the same and removed ones give @old_text and the same and added ones
 *   @new_text
 */
GPtrArray *
studio_text_diff (const char *old_text,
                  const char *new_text)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (studio_diff_piece_free);
  g_autoptr(GPtrArray) a = tokenize (old_text ? old_text : "", FALSE);
  g_autoptr(GPtrArray) b = tokenize (new_text ? new_text : "", FALSE);

  if ((gsize) (a->len + 1) * (b->len + 1) > MAX_CELLS)
    {
      g_clear_pointer (&a, g_ptr_array_unref);
      g_clear_pointer (&b, g_ptr_array_unref);
      a = tokenize (old_text ? old_text : "", TRUE);
      b = tokenize (new_text ? new_text : "", TRUE);
    }
  if ((gsize) (a->len + 1) * (b->len + 1) > MAX_CELLS)
    {
      add_piece (pieces, STUDIO_DIFF_REMOVED, old_text);
      add_piece (pieces, STUDIO_DIFF_ADDED, new_text);
      return pieces;
    }
  diff_tokens (pieces, a, b);
  return pieces;
}

static GtkTextTag *
ensure_tag (GtkTextBuffer *buffer,
            const char    *name)
{
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GtkTextTag *tag = gtk_text_tag_table_lookup (table, name);

  if (tag != NULL)
    return tag;
  /* Translucent colours read in the light and the dark style alike. */
  if (g_str_equal (name, "diff-removed"))
    return gtk_text_buffer_create_tag (buffer, name, "strikethrough", TRUE,
                                       "background-rgba", &(GdkRGBA) { 0.88, 0.11, 0.14, 0.25 }, NULL);
  return gtk_text_buffer_create_tag (buffer, name,
                                     "background-rgba", &(GdkRGBA) { 0.18, 0.76, 0.49, 0.3 }, NULL);
}

/**
 * studio_text_diff_fill_buffer:
 * @buffer: the buffer to fill
 * @old_text: (nullable): the first text
 * @new_text: (nullable): the second text
 *
 * Replaces the text of @buffer with the difference of the two texts: what only @old_text
 * has struck out on red (tag `diff-removed`), what only @new_text has on green (tag
 * `diff-added`).
 */
void
studio_text_diff_fill_buffer (GtkTextBuffer *buffer,
                              const char    *old_text,
                              const char    *new_text)
{
  g_autoptr(GPtrArray) pieces = NULL;
  GtkTextIter end;

  g_return_if_fail (GTK_IS_TEXT_BUFFER (buffer));

  gtk_text_buffer_set_text (buffer, "", 0);
  pieces = studio_text_diff (old_text, new_text);
  for (guint i = 0; i < pieces->len; i++)
    {
      StudioDiffPiece *piece = g_ptr_array_index (pieces, i);

      gtk_text_buffer_get_end_iter (buffer, &end);
      if (piece->op == STUDIO_DIFF_SAME)
        gtk_text_buffer_insert (buffer, &end, piece->text, -1);
      else
        gtk_text_buffer_insert_with_tags (buffer, &end, piece->text, -1,
                                          ensure_tag (buffer, piece->op == STUDIO_DIFF_ADDED
                                                              ? "diff-added" : "diff-removed"),
                                          NULL);
    }
}
