/* test-json.c — strict parsing of untrusted JSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "test-util.h"

static void
test_json_accepts_one_value (void)
{
  static const char *const good[] = {
    "{}", " [1, 2, {\"a\": \"}]\"}] \n", "\"text with \\\" and ]\"", "42", "  true  ", "null",
    "{\"nested\": [[[\"\\\\\"]]]}", "\"\\u00e9 \\n \\/\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = genkit_json_parse (good[i], -1, &error);

      g_assert_no_error (error);
      g_assert_nonnull (node);
    }
}

static void
test_json_refuses_the_rest (void)
{
  static const char *const bad[] = {
    "", "   ", "{} {}", "{\"n\":3}\n{\"n\":2}", "[1] 2", "1 2", "\"a\" \"b\"", "{", "}", "[1,",
    "{\"a\": }", "\"unterminated", "nul\x01l", "tru", "\"\\x\"", "[\"\\u12\"]", "\"\\", "6{\"a\":1}", "true[]", "null\"x\"",
  };

  g_test_summary ("Empty input, trailing values, broken JSON and bad UTF-8 are INVALID_ARGUMENT");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = genkit_json_parse (bad[i], -1, &error);

      g_assert_null (node);
      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = genkit_json_parse ("\"\xc3\x28\"", -1, &error);

    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = genkit_json_parse ("{}xyz", 2, &error);

    g_assert_no_error (error);
    g_assert_nonnull (node);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/json/accepts-one-value", test_json_accepts_one_value);
  g_test_add_func ("/json/refuses-the-rest", test_json_refuses_the_rest);

  return g_test_run ();
}
