/* test-error.c — GENKIT_ERROR codes, names, HTTP statuses and status JSON
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "test-util.h"

static void
test_error_names_and_http (void)
{
  static const struct { int code; const char *name; guint http; } table[] = {
    { 0, "OK", 200 }, { 1, "CANCELLED", 499 }, { 2, "UNKNOWN", 500 },
    { 3, "INVALID_ARGUMENT", 400 }, { 4, "DEADLINE_EXCEEDED", 504 }, { 5, "NOT_FOUND", 404 },
    { 6, "ALREADY_EXISTS", 409 }, { 7, "PERMISSION_DENIED", 403 },
    { 8, "RESOURCE_EXHAUSTED", 429 }, { 9, "FAILED_PRECONDITION", 400 }, { 10, "ABORTED", 409 },
    { 11, "OUT_OF_RANGE", 400 }, { 12, "UNIMPLEMENTED", 501 }, { 13, "INTERNAL", 500 },
    { 14, "UNAVAILABLE", 503 }, { 15, "DATA_LOSS", 500 }, { 16, "UNAUTHENTICATED", 401 },
  };

  g_test_summary ("Every Genkit status has its name, number and HTTP status of statusTypes.ts");

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_assert_cmpstr (genkit_error_code_to_name (table[i].code), ==, table[i].name);
      g_assert_cmpint (genkit_error_code_from_name (table[i].name), ==, table[i].code);
      g_assert_cmpuint (genkit_error_code_to_http_status (table[i].code), ==, table[i].http);
    }
  g_assert_cmpstr (genkit_error_code_to_name (17), ==, "UNKNOWN");
  g_assert_cmpstr (genkit_error_code_to_name (-1), ==, "UNKNOWN");
  g_assert_cmpint (genkit_error_code_from_name ("NOPE"), ==, -1);
  g_assert_cmpuint (genkit_error_code_to_http_status (99), ==, 500);
}

static void
test_error_get_code (void)
{
  g_autoptr(GError) genkit = g_error_new (GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "x");
  g_autoptr(GError) cancelled = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "x");
  g_autoptr(GError) other = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "x");

  g_assert_cmpint (genkit_error_get_code (genkit), ==, 5);
  g_assert_cmpint (genkit_error_get_code (cancelled), ==, GENKIT_ERROR_CANCELLED);
  g_assert_cmpint (genkit_error_get_code (other), ==, GENKIT_ERROR_INTERNAL);
}

static void
test_error_status_json (void)
{
  g_autoptr(GError) error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT, "bad input");
  g_autoptr(JsonNode) status = genkit_error_to_status (error, "0123456789abcdef0123456789abcdef");
  JsonObject *object = json_node_get_object (status);
  JsonObject *details = json_object_get_object_member (object, "details");
  g_autoptr(GError) back = NULL;

  g_test_summary ("Status JSON has Genkit's code, prefixed message and details with the trace id");

  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "INVALID_ARGUMENT: bad input");
  g_assert_cmpstr (json_object_get_string_member (details, "traceId"), ==, "0123456789abcdef0123456789abcdef");
  g_assert_true (json_object_has_member (details, "stack"));

  back = genkit_error_from_status (status);
  g_assert_error (back, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (back->message, ==, "INVALID_ARGUMENT: bad input");
}

static void
test_error_status_prefix_not_doubled (void)
{
  g_autoptr(GError) error = g_error_new (GENKIT_ERROR, GENKIT_ERROR_NOT_FOUND, "NOT_FOUND: gone");
  g_autoptr(JsonNode) status = genkit_error_to_status (error, NULL);
  JsonObject *object = json_node_get_object (status);

  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "NOT_FOUND: gone");
  g_assert_false (json_object_has_member (json_object_get_object_member (object, "details"), "traceId"));
}

static void
test_error_cancelled_message (void)
{
  g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(JsonNode) status = genkit_error_to_status (error, NULL);
  JsonObject *object = json_node_get_object (status);

  g_assert_cmpint (json_object_get_int_member (object, "code"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "message"), ==, "Action was cancelled");
}

static void
test_error_from_bad_status (void)
{
  static const char *const inputs[] = {
    "42", "\"text\"", "[]", "{}", "{\"code\": \"3\"}", "{\"code\": 99, \"message\": \"m\"}",
    "{\"status\": \"NOT_A_STATUS\"}", "{\"message\": 5}",
  };

  g_test_summary ("Malformed status JSON from a remote runtime gives INTERNAL, never a crash");

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(JsonNode) node = test_json (inputs[i]);
      g_autoptr(GError) error = genkit_error_from_status (node);

      g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
    }

  {
    g_autoptr(GError) error = genkit_error_from_status (NULL);
    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INTERNAL);
  }
  {
    g_autoptr(JsonNode) node = test_json ("{\"status\": \"PERMISSION_DENIED\", \"message\": \"no\"}");
    g_autoptr(GError) error = genkit_error_from_status (node);
    g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_PERMISSION_DENIED);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/error/names-and-http", test_error_names_and_http);
  g_test_add_func ("/error/get-code", test_error_get_code);
  g_test_add_func ("/error/status-json", test_error_status_json);
  g_test_add_func ("/error/status-prefix-not-doubled", test_error_status_prefix_not_doubled);
  g_test_add_func ("/error/cancelled-message", test_error_cancelled_message);
  g_test_add_func ("/error/from-bad-status", test_error_from_bad_status);

  return g_test_run ();
}
