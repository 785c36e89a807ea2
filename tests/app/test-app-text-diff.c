/* test-app-text-diff.c — the word diff of the playground's side-by-side answers
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "config.h"

#include "studio-test-util.h"
#include "studio-text-diff.h"

/* The same and removed pieces give the first text; the same and added ones the second. */
static void
assert_rebuilds (GPtrArray  *pieces,
                 const char *old_text,
                 const char *new_text)
{
  g_autoptr(GString) old_side = g_string_new (NULL);
  g_autoptr(GString) new_side = g_string_new (NULL);

  for (guint i = 0; i < pieces->len; i++)
    {
      StudioDiffPiece *piece = g_ptr_array_index (pieces, i);

      if (piece->op != STUDIO_DIFF_ADDED)
        g_string_append (old_side, piece->text);
      if (piece->op != STUDIO_DIFF_REMOVED)
        g_string_append (new_side, piece->text);
      /* Neighbours of one kind are one piece. */
      if (i > 0)
        g_assert_cmpint (piece->op, !=, ((StudioDiffPiece *) g_ptr_array_index (pieces, i - 1))->op);
    }
  g_assert_cmpstr (old_side->str, ==, old_text);
  g_assert_cmpstr (new_side->str, ==, new_text);
}

static void
test_words (void)
{
  g_autoptr(GPtrArray) same = studio_text_diff ("one two three", "one two three");
  g_autoptr(GPtrArray) changed = studio_text_diff ("the quick brown fox", "the slow brown dog");
  g_autoptr(GPtrArray) from_nothing = studio_text_diff (NULL, "new text");
  StudioDiffPiece *piece;

  g_test_summary ("Two answers compare word by word; the pieces give both texts back");

  g_assert_cmpuint (same->len, ==, 1);
  piece = g_ptr_array_index (same, 0);
  g_assert_cmpint (piece->op, ==, STUDIO_DIFF_SAME);

  assert_rebuilds (changed, "the quick brown fox", "the slow brown dog");
  piece = g_ptr_array_index (changed, 1);
  g_assert_cmpint (piece->op, ==, STUDIO_DIFF_REMOVED);
  g_assert_cmpstr (piece->text, ==, "quick ");
  piece = g_ptr_array_index (changed, 2);
  g_assert_cmpint (piece->op, ==, STUDIO_DIFF_ADDED);
  g_assert_cmpstr (piece->text, ==, "slow ");

  assert_rebuilds (from_nothing, "", "new text");
  g_assert_cmpuint (from_nothing->len, ==, 1);
}

static void
test_long_texts (void)
{
  g_autoptr(GString) a = g_string_new (NULL);
  g_autoptr(GString) b = g_string_new (NULL);
  g_autoptr(GPtrArray) pieces = NULL;
  gint64 started;

  g_test_summary ("Long answers (3000 words each) are compared line by line, quickly, and still "
                  "give both texts back");

  for (guint i = 0; i < 300; i++)
    {
      g_string_append_printf (a, "line %u has ten words in it, more or less so\n", i);
      g_string_append_printf (b, i % 7 == 0 ? "line %u was changed here\n" : "line %u has ten words in it, more or less so\n", i);
    }
  started = g_get_monotonic_time ();
  pieces = studio_text_diff (a->str, b->str);
  g_test_message ("diff of %zu and %zu bytes: %" G_GINT64_FORMAT " us", a->len, b->len,
                  g_get_monotonic_time () - started);
  assert_rebuilds (pieces, a->str, b->str);
  /* Line by line: whole lines change. */
  for (guint i = 0; i < pieces->len; i++)
    g_assert_true (g_str_has_suffix (((StudioDiffPiece *) g_ptr_array_index (pieces, i))->text, "\n"));
}

int
main (int   argc,
      char *argv[])
{
  studio_test_init_headless (&argc, &argv);

  g_test_add_func ("/app/text-diff/words", test_words);
  g_test_add_func ("/app/text-diff/long-texts", test_long_texts);

  return g_test_run ();
}
