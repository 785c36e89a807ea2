/* studio-text-diff.h — a word-by-word difference of two texts, shown in a text buffer
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * StudioDiffOp:
 * @STUDIO_DIFF_SAME: the piece is in both texts
 * @STUDIO_DIFF_REMOVED: the piece is only in the first text
 * @STUDIO_DIFF_ADDED: the piece is only in the second text
 *
 * What a piece of a difference is.
 */
typedef enum
{
  STUDIO_DIFF_SAME,
  STUDIO_DIFF_REMOVED,
  STUDIO_DIFF_ADDED,
} StudioDiffOp;

/**
 * StudioDiffPiece:
 * @op: whether the piece is in both texts or only one
 * @text: the piece: whole words with the white space after them
 *
 * One piece of a difference.
 */
typedef struct
{
  StudioDiffOp  op;
  char         *text;
} StudioDiffPiece;

GPtrArray *studio_text_diff             (const char    *old_text,
                                         const char    *new_text);
void       studio_text_diff_fill_buffer (GtkTextBuffer *buffer,
                                         const char    *old_text,
                                         const char    *new_text);

G_END_DECLS
