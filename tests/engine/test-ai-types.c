/* test-ai-types.c — parts, messages, documents, requests, responses and chunks: strict JSON round trips
 *
 * SPDX-License-Identifier: Apache-2.0
 */

#include "ai-test-util.h"

static void
assert_part_json (GenkitPart *part,
                  const char *expected)
{
  g_autoptr(JsonNode) node = genkit_part_to_json (part);
  g_autofree char *text = test_to_string (node);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_part_kinds (void)
{
  g_autoptr(JsonNode) input = test_json ("{\"a\": 1}");
  g_autoptr(JsonNode) output = test_json ("3");
  g_autoptr(JsonNode) custom = test_json ("{\"x\": true}");
  g_autoptr(GenkitPart) text = genkit_part_new_text ("hi");
  g_autoptr(GenkitPart) media = genkit_part_new_media ("https://example.com/a.png", "image/png");
  g_autoptr(GenkitPart) request = genkit_part_new_tool_request ("add", "call-1", input);
  g_autoptr(GenkitPart) response = genkit_part_new_tool_response ("add", "call-1", output);
  g_autoptr(GenkitPart) data = genkit_part_new_data (input);
  g_autoptr(GenkitPart) custom_part = genkit_part_new_custom (json_node_get_object (custom));
  g_autoptr(GenkitPart) reasoning = genkit_part_new_reasoning ("hmm");
  g_autoptr(GenkitPart) resource = genkit_part_new_resource ("my://x/1");

  g_test_summary ("Each kind of Genkit's Part has a constructor, a kind and typed getters");

  g_assert_cmpint (genkit_part_get_kind (text), ==, GENKIT_PART_KIND_TEXT);
  g_assert_cmpint (genkit_part_get_kind (media), ==, GENKIT_PART_KIND_MEDIA);
  g_assert_cmpint (genkit_part_get_kind (request), ==, GENKIT_PART_KIND_TOOL_REQUEST);
  g_assert_cmpint (genkit_part_get_kind (response), ==, GENKIT_PART_KIND_TOOL_RESPONSE);
  g_assert_cmpint (genkit_part_get_kind (data), ==, GENKIT_PART_KIND_DATA);
  g_assert_cmpint (genkit_part_get_kind (custom_part), ==, GENKIT_PART_KIND_CUSTOM);
  g_assert_cmpint (genkit_part_get_kind (reasoning), ==, GENKIT_PART_KIND_REASONING);
  g_assert_cmpint (genkit_part_get_kind (resource), ==, GENKIT_PART_KIND_RESOURCE);

  assert_part_json (text, "{\"text\":\"hi\"}");
  assert_part_json (media, "{\"media\":{\"contentType\":\"image/png\",\"url\":\"https://example.com/a.png\"}}");
  assert_part_json (request, "{\"toolRequest\":{\"name\":\"add\",\"ref\":\"call-1\",\"input\":{\"a\":1}}}");
  assert_part_json (response, "{\"toolResponse\":{\"name\":\"add\",\"ref\":\"call-1\",\"output\":3}}");
  assert_part_json (data, "{\"data\":{\"a\":1}}");
  assert_part_json (custom_part, "{\"custom\":{\"x\":true}}");
  assert_part_json (reasoning, "{\"reasoning\":\"hmm\"}");
  assert_part_json (resource, "{\"resource\":{\"uri\":\"my://x/1\"}}");

  g_assert_cmpstr (genkit_part_get_text (text), ==, "hi");
  g_assert_null (genkit_part_get_text (media));
  g_assert_cmpstr (genkit_part_get_media_url (media), ==, "https://example.com/a.png");
  g_assert_cmpstr (genkit_part_get_media_content_type (media), ==, "image/png");
  g_assert_cmpstr (genkit_part_get_tool_name (request), ==, "add");
  g_assert_cmpstr (genkit_part_get_tool_ref (response), ==, "call-1");
  g_assert_cmpint (json_node_get_int (genkit_part_get_tool_output (response)), ==, 3);
  g_assert_true (json_node_equal (genkit_part_get_tool_input (request), input));
  g_assert_cmpstr (genkit_part_get_reasoning (reasoning), ==, "hmm");
  g_assert_cmpstr (genkit_part_get_resource_uri (resource), ==, "my://x/1");
  g_assert_null (genkit_part_get_metadata (text));
  genkit_part_set_metadata (text, json_node_get_object (custom));
  assert_part_json (text, "{\"text\":\"hi\",\"metadata\":{\"x\":true}}");
}

static void
assert_invalid (const char *what,
                const char *json,
                const char *message)
{
  g_autoptr(JsonNode) node = test_json (json);
  g_autoptr(GError) error = NULL;
  gpointer value = NULL;

  if (g_str_equal (what, "Part"))
    value = genkit_part_new_from_json (node, &error);
  else if (g_str_equal (what, "Message"))
    value = genkit_message_new_from_json (node, &error);
  else if (g_str_equal (what, "GenerateRequest"))
    value = genkit_generate_request_new_from_json (node, &error);
  else if (g_str_equal (what, "GenerateResponse"))
    value = genkit_generate_response_new_from_json (node, &error);
  else if (g_str_equal (what, "GenerateResponseChunk"))
    value = genkit_generate_response_chunk_new_from_json (node, &error);
  else if (g_str_equal (what, "Document"))
    value = genkit_document_new_from_json (node, &error);
  else if (g_str_equal (what, "GenerationUsage"))
    value = genkit_generation_usage_new_from_json (node, &error);
  else
    g_assert_not_reached ();

  g_assert_null (value);
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_strict_paths (void)
{
  g_test_summary ("Wrong types and shapes are rejected with INVALID_ARGUMENT naming the field's path");

  assert_invalid ("Part", "[]", "Invalid Part: (root) must be an object");
  assert_invalid ("Part", "{\"text\": 1}", "Invalid Part: text must be a string");
  assert_invalid ("Part", "{\"text\": \"a\", \"media\": {\"url\": \"x\"}}",
                  "Invalid Part: (root) has both “text” and “media”: a part has one kind");
  assert_invalid ("Part", "{\"media\": {}}", "Invalid Part: media.url is required");
  assert_invalid ("Part", "{\"media\": {\"url\": \"x\", \"contentType\": 5}}",
                  "Invalid Part: media.contentType must be a string");
  assert_invalid ("Part", "{\"toolRequest\": {\"name\": \"x\", \"ref\": 3}}",
                  "Invalid Part: toolRequest.ref must be a string");
  assert_invalid ("Part", "{\"toolResponse\": {\"ref\": \"r\"}}", "Invalid Part: toolResponse.name is required");
  assert_invalid ("Part", "{\"toolResponse\": {\"name\": \"x\", \"content\": {}}}",
                  "Invalid Part: toolResponse.content must be an array");
  assert_invalid ("Part", "{\"text\": \"x\", \"metadata\": null}", "Invalid Part: metadata must be an object");
  assert_invalid ("Part", "{\"resource\": {\"uri\": null}}", "Invalid Part: resource.uri must be a string");
  assert_invalid ("Message", "{\"role\": \"robot\", \"content\": []}",
                  "Invalid Message: role must be one of system, user, model, tool, not “robot”");
  assert_invalid ("Message", "{\"role\": \"user\"}", "Invalid Message: content is required");
  assert_invalid ("GenerateRequest",
                  "{\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"a\"}]},"
                  " {\"role\": \"model\", \"content\": [{\"toolRequest\": {\"name\": 7}}]}]}",
                  "Invalid GenerateRequest: messages[1].content[0].toolRequest.name must be a string");
  assert_invalid ("GenerateRequest", "{\"messages\": [], \"toolChoice\": \"always\"}",
                  "Invalid GenerateRequest: toolChoice must be one of auto, required, none, not “always”");
  assert_invalid ("GenerateRequest", "{\"messages\": [], \"tools\": [{\"name\": \"t\"}]}",
                  "Invalid GenerateRequest: tools[0].description is required");
  assert_invalid ("GenerateRequest", "{\"messages\": [], \"output\": {\"schema\": \"x\"}}",
                  "Invalid GenerateRequest: output.schema must be an object");
  assert_invalid ("GenerateRequest", "{\"messages\": [], \"docs\": [{\"content\": [{\"media\": 1}]}]}",
                  "Invalid GenerateRequest: docs[0].content[0].media must be an object");
  assert_invalid ("GenerateResponse", "{\"usage\": {\"inputTokens\": \"12\"}}",
                  "Invalid GenerateResponse: usage.inputTokens must be a number");
  assert_invalid ("GenerateResponse", "{\"finishReason\": 1}",
                  "Invalid GenerateResponse: finishReason must be a string");
  assert_invalid ("GenerateResponse", "{\"candidates\": [{\"index\": 0, \"finishReason\": \"stop\"}]}",
                  "Invalid GenerateResponse: candidates[0].message is required");
  assert_invalid ("GenerateResponse", "{\"request\": {\"messages\": 1}}",
                  "Invalid GenerateResponse: request.messages must be an array");
  assert_invalid ("GenerateResponse", "{\"operation\": {\"done\": true}}",
                  "Invalid GenerateResponse: operation.id is required");
  assert_invalid ("GenerateResponseChunk", "{\"index\": \"0\", \"content\": []}",
                  "Invalid GenerateResponseChunk: index must be a number");
  assert_invalid ("Document", "{\"content\": [{\"text\": \"a\"}], \"metadata\": []}",
                  "Invalid Document: metadata must be an object");
  assert_invalid ("GenerationUsage", "{\"custom\": {\"tokens\": \"x\"}}",
                  "Invalid GenerationUsage: custom.tokens must be a number");
}

static void
test_unknown_members_kept (void)
{
  g_autoptr(JsonNode) node = test_json ("{\"messages\": [{\"role\": \"user\", \"future\": 1,"
                                        " \"content\": [{\"text\": \"a\", \"vendor\": {\"x\": [1, 2]}},"
                                        " {\"data\": null}, {}]}],"
                                        " \"newField\": {\"deep\": true}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitGenerateRequest) request = genkit_generate_request_new_from_json (node, &error);
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(GenkitMessage) message = NULL;
  g_autoptr(GenkitPart) empty = NULL;

  g_test_summary ("Members Genkit's schema allows but the engine does not know survive a round trip");

  g_assert_no_error (error);
  again = genkit_generate_request_to_json (request);
  ai_assert_json_equal (node, again);

  message = genkit_generate_request_get_message (request, 0);
  g_assert_cmpuint (genkit_message_get_n_parts (message), ==, 3);
  empty = genkit_message_get_part (message, 2);
  /* Genkit's union accepts {} as a data part. */
  g_assert_cmpint (genkit_part_get_kind (empty), ==, GENKIT_PART_KIND_DATA);
}

/* Decodes @node as @what and checks that encoding it again gives the same JSON, member order
 * included. */
static void
assert_round_trip (const char *what,
                   JsonNode   *node)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) again = NULL;

  if (g_str_equal (what, "GenerateRequest"))
    {
      g_autoptr(GenkitGenerateRequest) value = genkit_generate_request_new_from_json (node, &error);

      g_assert_no_error (error);
      again = genkit_generate_request_to_json (value);
    }
  else if (g_str_equal (what, "GenerateResponse"))
    {
      g_autoptr(GenkitGenerateResponse) value = genkit_generate_response_new_from_json (node, &error);

      g_assert_no_error (error);
      again = genkit_generate_response_to_json (value);
    }
  else if (g_str_equal (what, "GenerateResponseChunk"))
    {
      g_autoptr(GenkitGenerateResponseChunk) value = genkit_generate_response_chunk_new_from_json (node, &error);

      g_assert_no_error (error);
      again = genkit_generate_response_chunk_to_json (value);
    }
  else
    g_assert_not_reached ();
  ai_assert_json_equal (node, again);
}

static JsonNode *
span_attribute_json (JsonNode   *exchange,
                     const char *attribute)
{
  JsonObject *spans = ai_member_object (exchange, "request.body.spans");
  g_autoptr(GList) ids = json_object_get_members (spans);
  JsonObject *span = json_object_get_object_member (spans, ids->data);
  JsonObject *attributes = json_object_get_object_member (span, "attributes");

  return test_json (json_object_get_string_member (attributes, attribute));
}

static void
test_fixtures_round_trip (void)
{
  static const char * const model_runs[] = {
    "reflection/19-run-model-echo.json", "reflection/21-run-model-echo-json-output.json",
    "reflection/22-run-model-echo-tool-request.json",
  };
  static const char * const generate_runs[] = {
    "reflection/23-run-util-generate.json", "reflection/25-run-util-generate-tool-loop.json",
  };
  static const char * const streams[] = {
    "reflection/20-run-model-echo-stream.json", "reflection/24-run-util-generate-stream.json",
  };
  guint n = 0;

  g_test_summary ("The GenerateRequests, GenerateResponses and chunks the JavaScript runtime sent "
                  "decode and encode back to the same JSON");

  for (guint i = 0; i < G_N_ELEMENTS (model_runs); i++)
    {
      g_autoptr(JsonNode) exchange = ai_fixture (model_runs[i]);
      JsonObject *body = ai_member_object (exchange, "request.body");
      JsonObject *response = ai_member_object (exchange, "response.body");

      assert_round_trip ("GenerateRequest", json_object_get_member (body, "input"));
      assert_round_trip ("GenerateResponse", json_object_get_member (response, "result"));
      n += 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (generate_runs); i++)
    {
      g_autoptr(JsonNode) exchange = ai_fixture (generate_runs[i]);
      JsonObject *result = ai_member_object (exchange, "response.body.result");

      assert_round_trip ("GenerateResponse", json_object_get_member (ai_member_object (exchange, "response.body"),
                                                                     "result"));
      assert_round_trip ("GenerateRequest", json_object_get_member (result, "request"));
      n += 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      g_autoptr(JsonNode) exchange = ai_fixture (streams[i]);
      JsonObject *response = json_node_get_object (exchange);
      const char *body = json_object_get_string_member (json_object_get_object_member (response, "response"), "body");
      g_auto(GStrv) lines = g_strsplit (body, "\n", -1);
      guint n_lines = g_strv_length (lines);

      for (guint k = 0; k + 1 < n_lines; k++)
        {
          g_autoptr(JsonNode) chunk = test_json (lines[k]);

          assert_round_trip ("GenerateResponseChunk", chunk);
          n++;
        }
      {
        g_autoptr(JsonNode) last = test_json (lines[n_lines - 1]);

        assert_round_trip ("GenerateResponse", json_object_get_member (json_node_get_object (last), "result"));
        n++;
      }
    }

  /* What the model and generate spans recorded in the exported trace of greet. */
  {
    g_autoptr(JsonNode) model_span = ai_fixture ("telemetry-export/simple/02-flow-greet-POST-traces.json");
    g_autoptr(JsonNode) util_span = ai_fixture ("telemetry-export/simple/03-flow-greet-POST-traces.json");
    g_autoptr(JsonNode) model_input = span_attribute_json (model_span, "genkit:input");
    g_autoptr(JsonNode) model_output = span_attribute_json (model_span, "genkit:output");
    g_autoptr(JsonNode) util_output = span_attribute_json (util_span, "genkit:output");

    assert_round_trip ("GenerateRequest", model_input);
    assert_round_trip ("GenerateResponse", model_output);
    assert_round_trip ("GenerateResponse", util_output);
    n += 3;
  }
  g_test_message ("%u documents round-tripped", n);
  g_assert_cmpuint (n, >=, 20);
}

static void
test_finish_reasons (void)
{
  g_autoptr(JsonNode) node = test_json ("{\"finishReason\": \"superseded\"}");
  g_autoptr(GenkitGenerateResponse) response = genkit_generate_response_new_from_json (node, NULL);
  static const char * const names[] = {
    "stop", "length", "blocked", "aborted", "failed", "interrupted", "other", "unknown",
  };

  g_test_summary ("Finish reasons map to Genkit's names; unknown ones read as unknown but are kept");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_cmpstr (genkit_finish_reason_to_string ((GenkitFinishReason) i), ==, names[i]);
      g_assert_cmpint (genkit_finish_reason_from_string (names[i]), ==, (GenkitFinishReason) i);
    }
  g_assert_nonnull (response);
  g_assert_cmpint (genkit_generate_response_get_finish_reason (response), ==, GENKIT_FINISH_REASON_UNKNOWN);
  g_assert_cmpstr (genkit_generate_response_get_finish_reason_string (response), ==, "superseded");
  genkit_generate_response_set_finish_reason (response, GENKIT_FINISH_REASON_LENGTH);
  g_assert_cmpstr (genkit_generate_response_get_finish_reason_string (response), ==, "length");
}

static void
test_usage (void)
{
  g_autoptr(JsonNode) node = test_json ("{\"inputTokens\": 12, \"outputCharacters\": 3.5,"
                                        " \"custom\": {\"cacheHits\": 2}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitGenerationUsage) usage = genkit_generation_usage_new_from_json (node, &error);
  g_autoptr(GenkitGenerationUsage) built = genkit_generation_usage_new ();
  g_autoptr(JsonNode) built_json = NULL;

  g_test_summary ("Usage statistics read and write Genkit's GenerationUsage numbers");

  g_assert_no_error (error);
  g_assert_true (genkit_generation_usage_has_value (usage, "inputTokens"));
  g_assert_false (genkit_generation_usage_has_value (usage, "outputTokens"));
  g_assert_cmpfloat (genkit_generation_usage_get_value (usage, "inputTokens"), ==, 12);
  g_assert_cmpfloat (genkit_generation_usage_get_value (usage, "outputCharacters"), ==, 3.5);
  g_assert_cmpint (json_object_get_int_member (genkit_generation_usage_get_custom (usage), "cacheHits"), ==, 2);

  genkit_generation_usage_set_value (built, "inputCharacters", 16);
  genkit_generation_usage_set_value (built, "outputCharacters", 18);
  built_json = genkit_generation_usage_to_json (built);
  ai_assert_json (built_json, "{inputCharacters: 16, outputCharacters: 18}");
}

static void
test_response_helpers (void)
{
  g_autoptr(JsonNode) node = test_json (
    "{\"message\": {\"role\": \"model\", \"content\": ["
    "  {\"reasoning\": \"thinking…\"}, {\"text\": \"Here: \"}, {\"text\": \"{\\\"a\\\": 1}\"},"
    "  {\"toolRequest\": {\"name\": \"ask\", \"ref\": \"1\"}, \"metadata\": {\"interrupt\": {\"q\": \"?\"}}},"
    "  {\"toolRequest\": {\"name\": \"add\", \"ref\": \"2\"}}]},"
    " \"finishReason\": \"interrupted\", \"latencyMs\": 12.5,"
    " \"request\": {\"messages\": [{\"role\": \"user\", \"content\": [{\"text\": \"go\"}]}]}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitGenerateResponse) response = genkit_generate_response_new_from_json (node, &error);
  g_autoptr(GPtrArray) requests = NULL;
  g_autoptr(GPtrArray) interrupts = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonNode) output = NULL;
  g_autofree char *text = NULL;
  g_autofree char *reasoning = NULL;
  g_autoptr(JsonNode) old = test_json ("{\"candidates\": [{\"index\": 0, \"finishReason\": \"length\","
                                       " \"message\": {\"role\": \"model\", \"content\": [{\"text\": \"old\"}]}}]}");
  g_autoptr(GenkitGenerateResponse) old_response = genkit_generate_response_new_from_json (old, NULL);
  g_autofree char *old_text = NULL;
  g_autoptr(GenkitGenerateResponse) bare = genkit_generate_response_new ();

  g_test_summary ("GenerateResponse reads text, reasoning, output, tool requests, interrupts and "
                  "history as Genkit's GenerateResponse class does");

  g_assert_no_error (error);
  text = genkit_generate_response_get_text (response);
  g_assert_cmpstr (text, ==, "Here: {\"a\": 1}");
  reasoning = genkit_generate_response_get_reasoning (response);
  g_assert_cmpstr (reasoning, ==, "thinking…");
  output = genkit_generate_response_get_output (response);
  ai_assert_json (output, "{a: 1}");
  requests = genkit_generate_response_get_tool_requests (response);
  g_assert_cmpuint (requests->len, ==, 2);
  interrupts = genkit_generate_response_get_interrupts (response);
  g_assert_cmpuint (interrupts->len, ==, 1);
  g_assert_cmpstr (genkit_part_get_tool_name (g_ptr_array_index (interrupts, 0)), ==, "ask");
  g_assert_cmpfloat (genkit_generate_response_get_latency_ms (response), ==, 12.5);
  history = genkit_generate_response_get_messages (response, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpint (genkit_message_get_role (g_ptr_array_index (history, 1)), ==, GENKIT_ROLE_MODEL);

  /* Old responses answer through their first candidate. */
  old_text = genkit_generate_response_get_text (old_response);
  g_assert_cmpstr (old_text, ==, "old");
  g_assert_cmpint (genkit_generate_response_get_finish_reason (old_response), ==, GENKIT_FINISH_REASON_LENGTH);

  g_assert_cmpfloat (genkit_generate_response_get_latency_ms (bare), ==, -1);
  g_assert_null (genkit_generate_response_get_messages (bare, &error));
  g_assert_error (error, GENKIT_ERROR, GENKIT_ERROR_FAILED_PRECONDITION);
}

static void
test_messages_and_documents (void)
{
  g_autoptr(GenkitMessage) message = genkit_message_new_text (GENKIT_ROLE_USER, "Hello, ");
  g_autoptr(GenkitPart) more = genkit_part_new_text ("world");
  g_autoptr(GenkitPart) view = NULL;
  g_autoptr(JsonNode) metadata = test_json ("{\"id\": \"d1\"}");
  g_autoptr(GenkitDocument) doc = genkit_document_new_from_text ("Paris is in France.", json_node_get_object (metadata));
  g_autoptr(JsonNode) doc_json = genkit_document_to_json (doc);
  g_autofree char *text = NULL;
  g_autofree char *doc_text = NULL;
  GenkitRole role;

  g_test_summary ("Messages and documents build Genkit's JSON and read it back");

  genkit_message_add_part (message, more);
  text = genkit_message_get_text (message);
  g_assert_cmpstr (text, ==, "Hello, world");
  g_assert_cmpstr (genkit_role_to_string (genkit_message_get_role (message)), ==, "user");
  g_assert_true (genkit_role_from_string ("tool", &role));
  g_assert_cmpint (role, ==, GENKIT_ROLE_TOOL);
  g_assert_false (genkit_role_from_string ("assistant", NULL));

  /* Parts taken from a message are views: changing one changes the message. */
  view = genkit_message_get_part (message, 1);
  json_object_set_string_member (genkit_part_get_json_object (view), "text", "there");
  g_free (text);
  text = genkit_message_get_text (message);
  g_assert_cmpstr (text, ==, "Hello, there");

  ai_assert_json (doc_json, "{content: [{text: 'Paris is in France.'}], metadata: {id: 'd1'}}");
  doc_text = genkit_document_get_text (doc);
  g_assert_cmpstr (doc_text, ==, "Paris is in France.");
  g_assert_cmpstr (json_object_get_string_member (genkit_document_get_metadata (doc), "id"), ==, "d1");
}

static void
test_chunks (void)
{
  g_autoptr(JsonNode) node = test_json ("{\"role\": \"model\", \"index\": 2, \"content\": [{\"text\": \"a\"}, {\"text\": \"b\"}],"
                                        " \"custom\": {\"x\": 1}}");
  g_autoptr(GError) error = NULL;
  g_autoptr(GenkitGenerateResponseChunk) chunk = genkit_generate_response_chunk_new_from_json (node, &error);
  g_autoptr(GenkitGenerateResponseChunk) plain = genkit_generate_response_chunk_new_text ("{\"k\": ");
  g_autoptr(JsonNode) partial = NULL;
  g_autofree char *text = NULL;
  GenkitRole role;

  g_test_summary ("Chunks read role, index and text; a chunk alone parses its own partial JSON");

  g_assert_no_error (error);
  g_assert_true (genkit_generate_response_chunk_get_role (chunk, &role));
  g_assert_cmpint (role, ==, GENKIT_ROLE_MODEL);
  g_assert_cmpint (genkit_generate_response_chunk_get_index (chunk), ==, 2);
  text = genkit_generate_response_chunk_get_text (chunk);
  g_assert_cmpstr (text, ==, "ab");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (genkit_generate_response_chunk_get_custom (chunk)), "x"), ==, 1);

  g_assert_false (genkit_generate_response_chunk_get_role (plain, NULL));
  g_assert_cmpint (genkit_generate_response_chunk_get_index (plain), ==, -1);
  partial = genkit_generate_response_chunk_get_output (plain);
  ai_assert_json (partial, "{}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/ai-types/part-kinds", test_part_kinds);
  g_test_add_func ("/ai-types/strict-paths", test_strict_paths);
  g_test_add_func ("/ai-types/unknown-members-kept", test_unknown_members_kept);
  g_test_add_func ("/ai-types/fixtures-round-trip", test_fixtures_round_trip);
  g_test_add_func ("/ai-types/finish-reasons", test_finish_reasons);
  g_test_add_func ("/ai-types/usage", test_usage);
  g_test_add_func ("/ai-types/response-helpers", test_response_helpers);
  g_test_add_func ("/ai-types/messages-and-documents", test_messages_and_documents);
  g_test_add_func ("/ai-types/chunks", test_chunks);

  return g_test_run ();
}
