/* dotprompt-test-util.h — what the Dotprompt tests share: JSON comparison, fixtures
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#pragma once

#include <genkit-dotprompt-lib.h>

G_BEGIN_DECLS

gboolean    dotprompt_test_json_equal   (JsonNode    *a,
                                         JsonNode    *b,
                                         GString     *where);
void        dotprompt_test_assert_json  (JsonNode    *actual,
                                         JsonNode    *expected);
void        dotprompt_test_assert_json_string (JsonNode   *actual,
                                               const char *expected_json);
JsonNode   *dotprompt_test_json         (const char  *text);
char       *dotprompt_test_shared_path  (const char  *first,
                                         ...) G_GNUC_NULL_TERMINATED;
JsonNode   *dotprompt_test_read_yaml    (const char  *path);
JsonNode   *dotprompt_test_object_node  (JsonObject  *object);

G_END_DECLS
